"""Evaluate: references + records + policy + license facts -> findings.

Pure: no I/O, no clock (``today`` is passed in). Every finding names the
rule that decided it and where that rule was written; ``trace`` keeps the
decision steps per model for ``modeldeps explain``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from fnmatch import fnmatchcase

from modeldeps.discover import glob_match
from modeldeps.knowledge.licenses import RANK, Identification, LicenseFacts, LicenseKB, identify
from modeldeps.model import (
    Asset,
    Finding,
    ModelRecord,
    Reference,
    ResolveStatus,
    RuleOrigin,
    Severity,
)
from modeldeps.policy.codes import INFO, Code
from modeldeps.policy.config import Clarification, Setting, ValidPolicy
from modeldeps.record import field, record, replace

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    import datetime as dt

Key = tuple[str, str | None]
AddFn = Callable[..., None]
JudgeFn = Callable[[ModelRecord], "Judgement"]
_LEVEL_SEVERITY = {"deny": Severity.ERROR, "review": Severity.WARNING, "warn": Severity.WARNING}
_SEVERITY_RANK = {Severity.NOTE: 1, Severity.WARNING: 2, Severity.ERROR: 3}
# Categories whose terms a fine-tune inherits: a child looser than one of these is a mismatch.
_RESTRICTIVE = frozenset(c for c, rank in RANK.items() if rank >= RANK["copyleft"])
_LEVEL_RANK = {"allow": 0, "review": 1, "deny": 2}


@record(frozen=False)
class Judgement:
    """How one model's own license fares under the policy."""

    ident: Identification
    level: str  # allow | review | deny
    origin: RuleOrigin
    rule: str
    code: Code | None  # the finding the level produces (None for allow)
    conditions: list[tuple[Code, Severity, str, RuleOrigin]] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)
    clarification: Clarification | None = None
    notes: list[str] = field(default_factory=list)  # decision steps for explain


@record(frozen=False)
class Evaluation:
    findings: list[Finding]
    trace: dict[Key, list[str]]
    judgements: dict[str, Judgement]


def _kb_origin(facts: LicenseFacts) -> RuleOrigin:
    return RuleOrigin("license knowledge base", None, facts.key)


def _fmt_int(n: int) -> str:
    return f"{n:,}"


def _clarification_for(
    rec: ModelRecord, policy: ValidPolicy
) -> tuple[Clarification | None, Clarification | None]:
    """(the clarification that applies, one that matched the model but lapsed)."""
    lapsed = None
    for c in policy.clarifications:
        if not (fnmatchcase(rec.id, c.model) or fnmatchcase(rec.canonical_id or "", c.model)):
            continue
        lf = rec.license_file
        if (c.sha is not None and rec.sha == c.sha) or (
            c.license_file_sha256 is not None
            and lf is not None
            and lf.sha256 == c.license_file_sha256
        ):
            return c, None
        lapsed = c
    return None, lapsed


def _level_for(facts: LicenseFacts, policy: ValidPolicy) -> tuple[str, RuleOrigin, str]:
    """An explicit id rule beats a category rule; what no rule allows is denied."""
    by_id = policy.licenses.get(facts.key)
    if by_id is not None:
        return by_id.value, by_id.origin, f"licenses.{by_id.value}: {facts.key}"
    by_cat = policy.licenses.get(facts.category)
    if by_cat is not None:
        return by_cat.value, by_cat.origin, f"licenses.{by_cat.value}: {facts.category}"
    return (
        "deny",
        RuleOrigin(policy.source, None, "default deny"),
        (f"no rule allows {facts.key} or its category {facts.category} (default deny)"),
    )


def _unplaced(
    ident: Identification,
    key: str,
    setting: Setting,
    code: Code,
    what: str,
    clar: Clarification | None,
) -> Judgement:
    """The verdict licenses.unknown / licenses.unmatched gives a license the KB cannot place."""
    return Judgement(
        ident,
        setting.value,
        setting.origin,
        f"licenses.{key}: {setting.value} ({what})",
        None if setting.value == "allow" else code,
        clarification=clar,
    )


def judge(rec: ModelRecord, policy: ValidPolicy, kb: LicenseKB) -> Judgement:
    """The model's own license under the policy, with the terms its card and LICENSE add."""
    j = _judge_license(rec, policy, kb)
    _card_terms(j, rec, policy)
    _text_version(j, rec)
    return j


def _card_terms(j: Judgement, rec: ModelRecord, policy: ValidPolicy) -> None:
    """``commercial: false`` and region gates: terms the card states outside ``license:``."""
    terms = rec.terms
    if terms is None:
        return
    card = RuleOrigin("model card", None, "; ".join(terms.evidence))
    if terms.commercial is False:
        if policy.org("commercial") is True:
            j.conditions.append(
                (
                    Code.LICENSE_CONDITION,
                    Severity.ERROR,
                    "the model card says commercial: false, and the policy says the "
                    "organisation is commercial (organization.commercial)",
                    card,
                )
            )
        else:
            j.duties.append("the card says commercial: false: no commercial use")
    if not terms.excluded_regions:
        return
    gate = set(terms.excluded_regions)
    regions = {r.upper() for r in policy.org("regions") or []}
    shown = ", ".join(sorted(gate))
    hit = sorted(gate & regions)
    if hit:
        j.conditions.append(
            (
                Code.LICENSE_REGION,
                Severity.WARNING,
                f"the model's Hub gate withholds it in {shown} "
                f"(organization.regions includes {', '.join(hit)})",
                card,
            )
        )
    facts = j.ident.facts
    licensed = set(facts.excluded_regions.regions) if facts and facts.excluded_regions else set()
    if facts is not None and gate != licensed:
        differ = (
            f"the Hub gate withholds the model in {shown} but {facts.name} "
            + (f"excludes {', '.join(sorted(licensed))}" if licensed else "excludes no region")
            + "; ask the publisher which applies"
        )
        relevant = not regions or bool(regions & (gate | licensed))
        j.conditions.append(
            (
                Code.REGION_GATE_MISMATCH,
                Severity.WARNING if relevant else Severity.NOTE,
                differ,
                card,
            )
        )


def _text_version(j: Judgement, rec: ModelRecord) -> None:
    """Which known text of the declared license the repository's LICENSE file is."""
    lf = rec.license_file
    bound = list(j.ident.parts) or ([j.ident.facts] if j.ident.facts else [])
    for facts in bound:
        if not facts.versions:
            continue
        if lf is None:
            j.notes.append(f"{facts.name} has {len(facts.versions)} known texts; no LICENSE read")
            continue
        found = facts.version_of(lf.text_sha256, lf.excerpt)
        if found is not None:
            v, how = found
            j.notes.append(
                f"{lf.path} is {facts.name} version {v.id} (effective {v.effective}; by {how})"
                + (f": {v.note}" if v.note else "")
            )
            continue
        known = ", ".join(f"{v.id} ({v.effective})" for v in facts.versions)
        j.conditions.append(
            (
                Code.LICENSE_TEXT_UNKNOWN_VERSION,
                Severity.WARNING,
                f"{lf.path} (normalised sha256 {(lf.text_sha256 or '?')[:12]}) matches none of "
                f"the known texts of {facts.name} ({known}); its terms may differ: review them",
                _kb_origin(facts),
            )
        )


def _judge_license(rec: ModelRecord, policy: ValidPolicy, kb: LicenseKB) -> Judgement:
    clar, _lapsed = _clarification_for(rec, policy)
    ident = identify(rec, kb, clar.license if clar is not None else None)
    if ident.state in ("unknown-id", "no-license"):
        what = (
            f"unknown license id '{ident.raw}'"
            if ident.state == "unknown-id"
            else "no license declared"
        )
        return _unplaced(ident, "unknown", policy.unknown, Code.LICENSE_UNKNOWN, what, clar)
    if ident.state == "unmatched-other":
        what = f"license '{ident.raw}' not recognised"
        return _unplaced(ident, "unmatched", policy.unmatched, Code.LICENSE_UNMATCHED, what, clar)
    assert ident.facts is not None
    code_for = {"deny": Code.LICENSE_DENIED, "review": Code.LICENSE_REVIEW}
    if ident.state == "expression" and ident.parts:
        # Every part is judged, the unplaced ones (an unknown id, an unmatched 'other' in a
        # card's license list) by licenses.unknown / licenses.unmatched: AND binds to all,
        # so the worst wins; OR lets the licensee pick the least restrictive (D7).
        levels: list[tuple[tuple[str, RuleOrigin, str], LicenseFacts | None, Code | None]] = [
            (lv, p, code_for.get(lv[0])) for p in ident.parts for lv in [_level_for(p, policy)]
        ]
        for raw in ident.unplaced:
            other = raw.lower() in ("other", "unknown")
            key, setting = ("unmatched", policy.unmatched) if other else ("unknown", policy.unknown)
            what = f"license '{raw}' not recognised" if other else f"unknown license id '{raw}'"
            levels.append(
                (
                    (setting.value, setting.origin, f"licenses.{key}: {setting.value} ({what})"),
                    None,
                    None
                    if setting.value == "allow"
                    else (Code.LICENSE_UNMATCHED if other else Code.LICENSE_UNKNOWN),
                )
            )
        pick = (min if ident.operator == "OR" else max)(
            levels, key=lambda item: _LEVEL_RANK[item[0][0]]
        )
        (level, origin, rule), facts, code = pick
        rule = f"{ident.raw}: {ident.operator} of {len(levels)} licenses, {rule}"
        bound = list(ident.parts) if ident.operator == "AND" else [facts] if facts else []
    else:
        level, origin, rule = _level_for(ident.facts, policy)
        code = code_for.get(level)
        bound = [ident.facts]
    j = Judgement(ident, level, origin, rule, code, clarification=clar)
    if level != "deny":  # a denied license needs no further reasons
        for part in bound:
            _conditions(j, part, policy)
    return j


def _conditions(j: Judgement, f: LicenseFacts, policy: ValidPolicy) -> None:
    """Test the license's conditions against the organisation's facts."""
    kb = _kb_origin(f)
    commercial = policy.org("commercial")
    if commercial is True and f.commercial == "no":
        j.conditions.append(
            (
                Code.LICENSE_CONDITION,
                Severity.ERROR,
                f"{f.name} does not permit commercial use, and the policy says the "
                "organisation is commercial (organization.commercial)",
                kb,
            )
        )
    _cap(
        j,
        f.name,
        f.mau_limit,
        policy.org("monthly_active_users"),
        "monthly_active_users",
        lambda n: f"{_fmt_int(n)} monthly active users",
        kb,
        "licensees above it need a separate license from the licensor",
    )
    _cap(
        j,
        f.name,
        f.revenue_limit_usd,
        policy.org("annual_revenue_usd"),
        "annual_revenue_usd",
        lambda n: f"USD {_fmt_int(n)} annual revenue",
        kb,
        "above it a paid license is required",
    )
    trains = policy.org("trains_models_on_outputs")
    note = f.output_training_note or ""
    if f.output_training == "banned":
        if trains is True:
            j.conditions.append(
                (
                    Code.LICENSE_CONDITION,
                    Severity.ERROR,
                    f"{f.name}: {note}; the policy says the organisation trains "
                    "models on outputs (organization.trains_models_on_outputs)",
                    kb,
                )
            )
        elif trains is None:
            j.duties.append(note)
    elif f.output_training == "derivative" and note:
        if trains is True:
            j.conditions.append((Code.LICENSE_CONDITION, Severity.WARNING, f"{f.name}: {note}", kb))
        elif trains is None:
            j.duties.append(note)
    regions = policy.org("regions") or []
    if f.excluded_regions is not None:
        hit = sorted({r.upper() for r in regions} & {r.upper() for r in f.excluded_regions.regions})
        if hit:
            j.conditions.append(
                (
                    Code.LICENSE_REGION,
                    Severity.WARNING,
                    f"{f.name}: {f.excluded_regions.note} "
                    f"(organization.regions includes {', '.join(hit)})",
                    kb,
                )
            )
    j.duties[0:0] = list(f.duties)


def _cap(
    j: Judgement,
    name: str,
    limit: int | None,
    actual: object,
    setting: str,
    amount: Callable[[int], str],
    origin: RuleOrigin,
    consequence: str,
) -> None:
    """A user or revenue cap: a failed condition when the organisation is above it, a duty
    when the policy does not say."""
    if limit is None:
        return
    if isinstance(actual, int) and not isinstance(actual, bool) and actual > limit:
        j.conditions.append(
            (
                Code.LICENSE_CONDITION,
                Severity.ERROR,
                f"{name}: free use ends at {amount(limit)} ({consequence}); "
                f"organization.{setting} is {_fmt_int(actual)}",
                origin,
            )
        )
    elif actual is None:
        j.duties.append(
            f"free use ends at {amount(limit)} ({consequence}; set organization.{setting} to check)"
        )


def _severity(code: Code, level_severity: Severity | None, policy: ValidPolicy) -> Severity | None:
    override = policy.severity.get(code.value)
    if override is not None:
        return None if override.value == "off" else Severity(override.value)
    return level_severity if level_severity is not None else INFO[code].severity


def _lint(level: Setting | None) -> Severity | None:
    if level is None or level.value == "allow":
        return None
    return _LEVEL_SEVERITY[level.value]


def evaluate(
    refs: Sequence[Reference],
    records: Mapping[Key, ModelRecord],
    policy: ValidPolicy,
    kb: LicenseKB,
    *,
    partial: bool = False,
    today: dt.date | None = None,
) -> Evaluation:
    """Findings for every referenced model, after exceptions and inline ignores."""
    if today is None and (policy.stale_days or any(e.expires for e in policy.exceptions)):
        import datetime as dt  # ~3 ms a policy without dates never needs

        today = dt.date.today()
    by_key: dict[Key, list[Reference]] = defaultdict(list)
    api_refs = [r for r in refs if r.asset is Asset.API_MODEL]
    for r in refs:
        if r.asset is not Asset.API_MODEL:
            by_key[(r.model_id, r.revision)].append(r)
    if api_refs:
        from modeldeps.knowledge.providers import load_providers

        for r in api_refs:  # open weights behind an API model: the Hub model's license too
            weights = load_providers().describe(r).open_weights
            if weights and (weights, None) in records:
                by_key[(weights, None)].append(r)
    findings: list[Finding] = []
    trace: dict[Key, list[str]] = {}
    judged: dict[str, Judgement] = {}

    def add(
        code: Code,
        level_sev: Severity | None,
        model: str,
        msg: str,
        key_refs: list[Reference],
        lineage: tuple[str, ...] = (),
        origin: RuleOrigin | None = None,
        duty: str | None = None,
        sources: tuple[str, ...] = (),
    ) -> None:
        sev = _severity(code, level_sev, policy)
        if sev is not None:
            findings.append(
                Finding(
                    code.value, sev, model, msg, tuple(key_refs), lineage, origin, duty, sources
                )
            )

    def judge_once(rec: ModelRecord) -> Judgement:
        j = judged.get(rec.id)
        if j is None:
            j = judged[rec.id] = judge(rec, policy, kb)
            _clar, lapsed = _clarification_for(rec, policy)
            if lapsed is not None and j.clarification is None:
                add(
                    Code.CLARIFICATION_LAPSED,
                    None,
                    rec.id,
                    f"clarification '{rec.id} is {lapsed.license}' no longer applies: the "
                    f"model's commit or LICENSE file changed upstream; review it again",
                    by_key.get((rec.id, rec.requested_revision), []),
                    origin=lapsed.origin,
                )
        return j

    for key in sorted(by_key, key=lambda k: (k[0], k[1] or "")):
        key_refs = by_key[key]
        model_id = key[0]
        steps: list[str] = trace.setdefault(key, [])
        rec = records.get(key)
        if rec is None or rec.status is ResolveStatus.NOT_RESOLVED:
            steps.append("not resolved (--no-resolve): no license decision")
            continue
        if rec.status is not ResolveStatus.OK:
            steps.append(f"could not be resolved: {rec.status} ({rec.reason})")
            sev = _lint(policy.unresolved)
            if sev is not None:
                add(
                    Code.UNRESOLVED,
                    sev,
                    model_id,
                    f"{model_id} could not be resolved ({rec.status}: {rec.reason}); its license "
                    f"is unknown",
                    key_refs,
                    origin=policy.unresolved.origin,
                )
            continue
        j = judge_once(rec)
        steps.append(
            f"license evidence: {j.ident.raw or 'none'} from {j.ident.how}"
            + (
                f" -> {j.ident.facts.name} [{j.ident.facts.category}]"
                if j.ident.facts
                else f" ({j.ident.state})"
            )
        )
        if j.clarification is not None:
            steps.append(
                f"clarified as {j.clarification.license} by {j.clarification.origin.file}"
                f":{j.clarification.origin.line} ({j.clarification.reason})"
            )
        steps.extend(j.notes)
        steps.append(f"decision: {j.level} by {j.rule} [{_where(j.origin)}]")
        own_label = j.ident.label
        if j.code is not None:
            sev = _LEVEL_SEVERITY.get(j.level)
            verb = "is not allowed" if j.level == "deny" else "needs review"
            add(
                j.code,
                sev,
                model_id,
                f"{model_id}: {own_label} {verb} ({j.rule})",
                key_refs,
                origin=j.origin,
            )
        for code, sev, msg, origin in j.conditions:
            steps.append(f"condition: {msg}")
            add(code, sev, model_id, msg, key_refs, origin=origin)
        if j.duties and j.level != "deny":
            duty = f"{own_label}: " + "; ".join(j.duties)
            steps.append(f"duty: {duty}")
            add(
                Code.LICENSE_DUTY,
                None,
                model_id,
                duty,
                key_refs,
                duty=duty,
                origin=_kb_origin(j.ident.facts) if j.ident.facts else None,
            )
        if policy.lineage.value:
            _lineage(rec, j, key, key_refs, records, policy, kb, judge_once, add, steps)
        _supply_chain(rec, key_refs, policy, today, add)

    if api_refs:
        import datetime as dt

        from modeldeps.knowledge.providers import load_providers
        from modeldeps.policy.providers import evaluate_api

        evaluate_api(api_refs, policy, load_providers(), today or dt.date.today(), add, trace)
    # An exception written for a model's current name also covers its legacy or old name.
    aliases = {r.id: r.canonical_id for r in records.values() if r.canonical_id}
    findings = _apply_exceptions(findings, policy, today, partial, aliases)
    if not partial:
        findings.extend(_unused(policy, judged))
    findings.sort(key=lambda f: (-_SEVERITY_RANK[f.severity], f.model_id or "", f.code))
    return Evaluation(findings, trace, judged)


def _where(origin: RuleOrigin) -> str:
    return f"{origin.file}:{origin.line}" if origin.line else origin.file


def _lineage(
    rec: ModelRecord,
    j: Judgement,
    key: Key,
    key_refs: list[Reference],
    records: Mapping[Key, ModelRecord],
    policy: ValidPolicy,
    kb: LicenseKB,
    judge_once: JudgeFn,
    outer: AddFn,
    steps: list[str],
) -> None:
    """Judge every ancestor once; the worst wins; a looser card than its base is a mismatch.

    An ancestor the resolver did not follow (the lineage is deeper than its
    limit) is a lineage-truncated error: the model is never judged on part
    of its ancestry as if it were all of it. An ancestor reached through an
    inferred edge decides as ``lineage.infer`` says for the weakest edge on
    its chain: ``enforce`` like a declared base (the messages say it was
    inferred), ``review`` as one lineage-suspected warning, ``off`` not at all.
    """
    from modeldeps.resolve.lineage import MAX_DEPTH, ancestry

    edge_sources: dict[object, tuple[str, ...]] = {}

    def add(*args: object, **kwargs: object) -> None:  # every lineage finding names its edges
        chain = args[5] if len(args) > 5 else kwargs.get("lineage", ())
        outer(*args, **kwargs, sources=edge_sources.get(chain, ()))

    worst_rank = -1
    worst: tuple[str, tuple[str, ...], Judgement, str] | None = None
    for ancestor in ancestry(records, key, kb):
        anc, chain, arec = ancestor.id, ancestor.chain, ancestor.record
        edge_sources[chain] = tuple(str(s) for s in ancestor.sources)
        shown = " <- ".join(chain)
        how = ancestor.how
        inferred = f" ({how})" if ancestor.inferred else ""
        level = policy.infer_level(str(ancestor.source)) if ancestor.inferred else None
        if level is not None and level.value == "off":
            steps.append(
                f"ancestor {shown} {how}: not judged (lineage.infer.{ancestor.source}: off)"
            )
            continue
        if arec is None:
            via = chain[-2]
            steps.append(f"ancestor {shown}: not followed (lineage depth limit)")
            add(
                Code.LINEAGE_TRUNCATED,
                None,
                rec.id,
                f"{rec.id} derives from {anc} (through {via}), which was not followed: the "
                f"lineage is deeper than {MAX_DEPTH} levels, so its license was never judged",
                key_refs,
                chain,
                RuleOrigin("modeldeps", None, f"lineage depth limit ({MAX_DEPTH} levels)"),
            )
            continue
        if arec.status is not ResolveStatus.OK:
            reason = f"{arec.status}: {arec.reason}"
            steps.append(f"ancestor {anc}{inferred}: could not be resolved ({reason})")
            if level is not None:
                # an inferred base that is not on the Hub is a lead, not a failed resolution
                add(
                    Code.LINEAGE_SUSPECTED,
                    Severity.WARNING,
                    rec.id,
                    f"{rec.id} may derive from {anc} ({how}), which could not be resolved "
                    f"({reason}); check its lineage by hand",
                    key_refs,
                    chain,
                    level.origin,
                )
                continue
            sev = _lint(policy.unresolved)
            if sev is not None:
                add(
                    Code.UNRESOLVED,
                    sev,
                    rec.id,
                    f"{rec.id} derives from {anc}, which could not be resolved ({reason})",
                    key_refs,
                    chain,
                    policy.unresolved.origin,
                )
            continue
        aj = judge_once(arec)
        steps.append(f"ancestor {shown}{inferred}: {aj.ident.label} -> {aj.level} by {aj.rule}")
        same_license = (
            aj.ident.facts is not None
            and j.ident.facts is not None
            and (aj.ident.facts.key == j.ident.facts.key)
        )
        own_cat = j.ident.facts.category if j.ident.facts else "unknown"
        anc_cat = aj.ident.facts.category if aj.ident.facts else "unknown"
        looser = anc_cat in _RESTRICTIVE and RANK.get(own_cat, 99) < RANK.get(anc_cat, 99)
        conditions = [] if same_license else aj.conditions
        if level is not None and level.value == "review":
            _suspected(rec, j, anc, chain, aj, how, conditions, looser, key_refs, add, level)
            steps.append(f"  inferred at review (lineage.infer.{ancestor.source}: review)")
            continue
        rank = _LEVEL_RANK[aj.level]
        if rank > worst_rank:
            worst_rank, worst = rank, (anc, chain, aj, inferred)
        for code, sev, msg, origin in conditions:
            add(
                code,
                sev,
                rec.id,
                f"{rec.id} derives from {anc}{inferred}: {msg}",
                key_refs,
                chain,
                origin,
            )
        if aj.duties and aj.level != "deny" and not same_license:
            duty = f"{aj.ident.label} (via {anc}{inferred}): " + "; ".join(aj.duties)
            add(
                Code.LICENSE_DUTY,
                None,
                rec.id,
                duty,
                key_refs,
                chain,
                _kb_origin(aj.ident.facts) if aj.ident.facts else None,
                duty,
            )
        if looser:
            sev = _lint(policy.mismatch)
            if sev is not None:
                add(
                    Code.LICENSE_MISMATCH,
                    sev,
                    rec.id,
                    f"{rec.id} declares {j.ident.label} [{own_cat}] but derives from {anc}"
                    f"{inferred} under {aj.ident.label} [{anc_cat}]; the base model's terms "
                    "still apply",
                    key_refs,
                    chain,
                    policy.mismatch.origin,
                )
    if worst is not None and worst_rank > _LEVEL_RANK[j.level]:
        anc, chain, aj, inferred = worst
        code = Code.LINEAGE_DENIED if aj.level == "deny" else Code.LINEAGE_REVIEW
        verb = "is not allowed" if aj.level == "deny" else "needs review"
        steps.append(f"lineage: worst ancestor {anc} ({aj.level}) decides")
        add(
            code,
            _LEVEL_SEVERITY[aj.level],
            rec.id,
            f"{rec.id} derives from {anc}{inferred}, whose {aj.ident.label} {verb} ({aj.rule})",
            key_refs,
            chain,
            aj.origin,
        )


def _suspected(
    rec: ModelRecord,
    j: Judgement,
    anc: str,
    chain: tuple[str, ...],
    aj: Judgement,
    how: str,
    conditions: list[tuple[Code, Severity, str, RuleOrigin]],
    looser: bool,
    key_refs: list[Reference],
    add: AddFn,
    level: Setting,
) -> None:
    """One lineage-suspected warning saying what the inferred base's terms would mean."""
    what: list[str] = []
    if _LEVEL_RANK[aj.level] > _LEVEL_RANK[j.level]:
        verb = "would not be allowed" if aj.level == "deny" else "would need review"
        what.append(f"its {aj.ident.label} {verb} ({aj.rule})")
    what.extend(msg for _code, sev, msg, _o in conditions if sev is not Severity.NOTE)
    if looser:
        what.append(f"the card's {j.ident.label} would not be the terms that apply")
    if not what:
        return
    add(
        Code.LINEAGE_SUSPECTED,
        Severity.WARNING,
        rec.id,
        f"{rec.id} may derive from {anc} ({how}): " + "; ".join(what),
        key_refs,
        chain,
        level.origin,
    )


def _supply_chain(
    rec: ModelRecord, refs: list[Reference], policy: ValidPolicy, today: dt.date | None, add: AddFn
) -> None:
    from modeldeps.extract.ids import is_commit_sha
    from modeldeps.model import Flag

    sc = policy.supply_chain

    def lint(name: str, code: Code, msg: str, which: list[Reference]) -> None:
        setting = sc.get(name)
        sev = _lint(setting)
        if sev is not None and which:
            add(code, sev, rec.id, msg, which, (), setting.origin if setting else None)

    lint(
        "unpinned_revision",
        Code.UNPINNED_REVISION,
        f"{rec.id} is loaded without a pinned commit sha (revision=...)",
        [r for r in refs if not is_commit_sha(r.revision)],
    )
    lint(
        "trust_remote_code",
        Code.TRUST_REMOTE_CODE,
        f"{rec.id} is loaded with trust_remote_code=True: code from the model repository runs "
        "in your process",
        [r for r in refs if Flag.TRUST_REMOTE_CODE in r.flags],
    )
    formats = set(rec.weight_formats)
    if "pickle" in formats and "safetensors" not in formats:
        lint(
            "pickle_weights",
            Code.PICKLE_WEIGHTS,
            f"{rec.id} ships only pickle weights (no safetensors); loading them can run code",
            refs,
        )
    if rec.gated:
        lint(
            "gated",
            Code.GATED_MODEL,
            f"{rec.id} is gated ({rec.gated}): its terms must be accepted on the Hub",
            refs,
        )
    if not rec.datasets:
        lint(
            "no_training_data",
            Code.NO_TRAINING_DATA,
            f"{rec.id}'s card declares no training data (datasets:)",
            refs,
        )
    if policy.stale_days and rec.last_modified:
        import datetime as dt

        try:
            modified = dt.date.fromisoformat(rec.last_modified[:10])
        except ValueError:
            modified = None
        if (
            modified is not None
            and today is not None
            and (today - modified).days > policy.stale_days
        ):
            lint(
                "stale",
                Code.STALE_MODEL,
                f"{rec.id} was last updated {modified.isoformat()}, more than "
                f"{policy.stale_days} days ago",
                refs,
            )


def _apply_exceptions(
    findings: list[Finding],
    policy: ValidPolicy,
    today: dt.date | None,
    partial: bool,
    aliases: Mapping[str, str] | None = None,
) -> list[Finding]:
    out: list[Finding] = []
    # today is set whenever an exception has an expiry date (see evaluate)
    active = [
        e
        for e in policy.exceptions
        if e.expires is None or (today is not None and e.expires >= today)
    ]
    used: set[int] = set()
    for e in policy.exceptions:
        if e.expires is not None and today is not None and e.expires < today:
            out.append(
                Finding(
                    Code.EXCEPTION_EXPIRED.value,
                    INFO[Code.EXCEPTION_EXPIRED].severity,
                    e.model,
                    f"exception for {e.model} expired on "
                    f"{e.expires.isoformat()} and no longer waives anything "
                    f"(reason was: {e.reason})",
                    (),
                    (),
                    e.origin,
                )
            )
    for f in findings:
        refs = list(f.references)
        models = {f.model_id or "", *f.lineage}
        models |= {aliases[m] for m in models if aliases and m in aliases}
        waived_by: list[str] = []
        for idx, e in enumerate(active):
            if e.codes and f.code not in e.codes:
                continue
            if not any(fnmatchcase(m, e.model) for m in models):
                continue
            keep = []
            for r in refs:
                rev_ok = e.revision is None or r.revision == e.revision
                path_ok = not e.paths or any(glob_match(p, r.location.path) for p in e.paths)
                if rev_ok and path_ok:
                    used.add(idx)
                    waived_by.append(e.reason)
                else:
                    keep.append(r)
            refs = keep
        refs = [r for r in refs if f.code not in r.ignored_codes]
        if f.references and not refs:
            continue  # every reference that pulled it in is waived
        out.append(replace(f, references=tuple(refs)) if f.references else f)
    if not partial:
        for idx, e in enumerate(active):
            if idx not in used and e.origin.file in policy.own_files:
                out.append(
                    Finding(
                        Code.EXCEPTION_NOT_ENCOUNTERED.value,
                        INFO[Code.EXCEPTION_NOT_ENCOUNTERED].severity,
                        e.model,
                        f"exception for {e.model} matched nothing in this scan; "
                        "remove it if it is no longer needed",
                        (),
                        (),
                        e.origin,
                    )
                )
    return out


def _unused(policy: ValidPolicy, judged: Mapping[str, Judgement]) -> list[Finding]:
    """Explicit allow entries in the user's own files that no model needed."""
    out: list[Finding] = []
    used_keys = {j.ident.facts.key for j in judged.values() if j.ident.facts}
    used_keys |= {j.ident.facts.category for j in judged.values() if j.ident.facts}
    for item, setting in policy.licenses.items():
        if setting.value != "allow" or setting.origin.file not in policy.own_files:
            continue
        if item not in used_keys:
            out.append(
                Finding(
                    Code.LICENSE_NOT_ENCOUNTERED.value,
                    INFO[Code.LICENSE_NOT_ENCOUNTERED].severity,
                    None,
                    f"'{item}' is allowed but no model in this scan uses it",
                    (),
                    (),
                    setting.origin,
                )
            )
    return out


def fails(findings: Sequence[Finding], fail_on: Severity) -> tuple[bool, bool]:
    """(a policy failure, an unresolved failure) at or above ``fail_on``."""
    threshold = _SEVERITY_RANK[fail_on]
    hits = [f for f in findings if _SEVERITY_RANK[f.severity] >= threshold]
    policy_fail = any(f.code != Code.UNRESOLVED.value for f in hits)
    unresolved_fail = any(f.code == Code.UNRESOLVED.value for f in hits)
    return policy_fail, unresolved_fail
