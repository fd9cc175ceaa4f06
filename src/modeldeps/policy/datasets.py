"""Datasets under the policy: the data a repository uses, and the data its models learned from.

Two roles, judged by separate rules (``datasets:`` and ``datasets.training:`` in a
policy; docs/policy.md), because whether a dataset's terms reach the weights
trained on it is contested:

* **used**: a dataset the repository loads itself (``load_dataset``, a config's
  ``dataset_name``, ...). Its license binds what the repository does with it:
  ``dataset-license-denied`` / ``-review`` / ``-unknown``, ``unresolved``.
* **training**: a dataset a referenced model's card declares (``datasets:``), or
  that a model it derives from declares ("inherited training data"). The finding
  names the model and the dataset: ``training-data-review`` / ``-denied``.

A dataset derived from others (``source_datasets``) is judged with its sources; the
worst wins, as in a model's lineage. With no ``datasets:`` section (or a role
without license lists), datasets used directly follow the ``licenses:`` rules and
training data follows :data:`TRAINING_DEFAULT`. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from fnmatch import fnmatchcase

from modeldeps.discover import glob_match
from modeldeps.knowledge.licenses import RANK, Identification, LicenseKB, identify
from modeldeps.model import (
    Asset,
    Finding,
    ModelRecord,
    Reference,
    ResolveStatus,
    RuleOrigin,
    ScanResult,
    Severity,
)
from modeldeps.policy.codes import INFO, Code
from modeldeps.policy.config import (
    DatasetException,
    DatasetPolicy,
    DatasetRules,
    Setting,
    ValidPolicy,
)
from modeldeps.record import record, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt

Key = tuple[str, str | None]
_LEVEL_RANK = {"allow": 0, "review": 1, "deny": 2}
_LEVEL_SEVERITY = {"deny": Severity.ERROR, "review": Severity.WARNING, "warn": Severity.WARNING}
_BUILTIN = RuleOrigin("built-in default", None, "datasets.training default")
# Training data, when no policy file says: only non-commercial and proprietary data ask
# for review (the presets say the same explicitly).
TRAINING_DEFAULT = {
    **{c: "allow" for c in RANK if c not in ("non-commercial", "proprietary")},
    "non-commercial": "review",
    "proprietary": "review",
}


@record
class Verdict:
    """How one dataset's license fares under one role's rules."""

    ident: Identification
    level: str  # allow | review | deny
    origin: RuleOrigin
    rule: str
    unknown: bool  # decided by unknown/unmatched, not by a license rule


def rules(policy: ValidPolicy, role: str) -> DatasetRules:
    """The rules a role is judged by (see the module doc for the fallbacks)."""
    dp: DatasetPolicy | None = policy.datasets
    own = None if dp is None else (dp.used if role == "used" else dp.training)
    if own is not None and own.licenses:
        return own
    if role == "used":
        unresolved = own.unresolved if own is not None else Setting("warn", _BUILTIN)
        return DatasetRules(policy.licenses, policy.unknown, policy.unmatched, unresolved)
    defaults = {k: Setting(v, _BUILTIN) for k, v in TRAINING_DEFAULT.items()}
    if own is not None:
        return DatasetRules(defaults, own.unknown, own.unmatched, own.unresolved)
    allow = Setting("allow", _BUILTIN)
    return DatasetRules(defaults, allow, allow, allow)


def _prefix(role: str) -> str:
    return "datasets" if role == "used" else "datasets.training"


def _level(
    facts_key: str, category: str, r: DatasetRules, role: str
) -> tuple[str, RuleOrigin, str]:
    by_id = r.licenses.get(facts_key)
    if by_id is not None:
        return by_id.value, by_id.origin, f"{_prefix(role)}.{by_id.value}: {facts_key}"
    by_cat = r.licenses.get(category)
    if by_cat is not None:
        return by_cat.value, by_cat.origin, f"{_prefix(role)}.{by_cat.value}: {category}"
    return (
        "deny",
        RuleOrigin("policy", None, "default deny"),
        f"no rule allows {facts_key} or its category {category} (default deny)",
    )


def judge(rec: ModelRecord, r: DatasetRules, kb: LicenseKB, role: str) -> Verdict:
    """The verdict on one dataset's own license under one role."""
    ident = identify(rec, kb)
    p = _prefix(role)
    if ident.state in ("unknown-id", "no-license", "unmatched-other"):
        key, setting = (
            ("unmatched", r.unmatched)
            if ident.state == "unmatched-other"
            else ("unknown", r.unknown)
        )
        what = {
            "unknown-id": f"unknown license id '{ident.raw}'",
            "no-license": "no license declared",
            "unmatched-other": f"license '{ident.raw}' not recognised",
        }[ident.state]
        return Verdict(
            ident, setting.value, setting.origin, f"{p}.{key}: {setting.value} ({what})", True
        )
    assert ident.facts is not None
    if ident.state == "expression" and ident.parts:
        levels = [_level(f.key, f.category, r, role) for f in ident.parts]
        for raw in ident.unplaced:
            other = raw.lower() in ("other", "unknown")
            key, setting = ("unmatched", r.unmatched) if other else ("unknown", r.unknown)
            levels.append((setting.value, setting.origin, f"{p}.{key}: {setting.value} ({raw})"))
        pick = (min if ident.operator == "OR" else max)(levels, key=lambda lv: _LEVEL_RANK[lv[0]])
        level, origin, rule = pick
        return Verdict(
            ident, level, origin, f"{ident.raw}: {ident.operator} of licenses, {rule}", False
        )
    level, origin, rule = _level(ident.facts.key, ident.facts.category, r, role)
    return Verdict(ident, level, origin, rule, False)


def _label(v: Verdict) -> str:
    cat = v.ident.facts.category if v.ident.facts is not None else "unknown"
    return f"{v.ident.label} [{cat}]"


def worst(
    key: Key, data: Mapping[Key, ModelRecord], r: DatasetRules, kb: LicenseKB, role: str
) -> tuple[Verdict, tuple[str, ...]] | None:
    """The worst verdict over a dataset and the datasets it derives from, with the chain
    to the one that decided (just the dataset when its own license did)."""
    from modeldeps.resolve.lineage import ancestry

    rec = data.get(key)
    if rec is None or rec.status is not ResolveStatus.OK:
        return None
    best: tuple[Verdict, tuple[str, ...]] = (judge(rec, r, kb, role), (rec.id,))
    for anc in ancestry(data, key):
        if anc.record is None or anc.record.status is not ResolveStatus.OK:
            continue
        v = judge(anc.record, r, kb, role)
        if _LEVEL_RANK[v.level] > _LEVEL_RANK[best[0].level]:
            best = (v, anc.chain)
    return best


@record
class Use:
    """One dataset a model was trained on: its own card's or an ancestor's."""

    dataset: str
    model: str
    via: tuple[str, ...]  # the model's lineage to the ancestor that declares it; () own


def training_uses(
    model_key: Key, models: Mapping[Key, ModelRecord]
) -> tuple[list[Use], list[str], list[str]]:
    """(the datasets a model was trained on, own first; entries of its and its
    ancestors' ``datasets:`` that are not Hub ids; the models of its lineage whose
    cards declare no training data)."""
    from modeldeps.extract.datasets import declared
    from modeldeps.resolve.lineage import ancestry

    rec = models.get(model_key)
    if rec is None or rec.status is not ResolveStatus.OK:
        return [], [], []
    uses: list[Use] = []
    free: list[str] = []
    silent: list[str] = []
    seen: set[str] = set()
    from modeldeps.knowledge.families import is_family

    chain_recs = [((rec.id,), rec)] + [
        (a.chain, a.record)
        for a in ancestry(models, model_key)
        # a known family (family:llama2) is a license, not a card that could declare data
        if a.record is not None and a.record.status is ResolveStatus.OK and not is_family(a.id)
    ]
    for chain, r in chain_recs:
        hub, other = declared(r)
        if not r.datasets:
            silent.append(r.id)
        free.extend(o for o in other if o not in free)
        for d in hub:
            if d not in seen:
                seen.add(d)
                uses.append(Use(d, rec.id, chain if len(chain) > 1 else ()))
    return uses, free, silent


def evaluate_datasets(
    result: ScanResult,
    policy: ValidPolicy,
    kb: LicenseKB | None = None,
    *,
    partial: bool = False,
    today: dt.date | None = None,
) -> list[Finding]:
    """Findings for the datasets used directly and the training data of every referenced
    model, after ``datasets.exceptions`` and inline ignores."""
    if kb is None:
        from modeldeps.knowledge.licenses import load_kb

        kb = load_kb()
    dp = policy.datasets
    exceptions = dp.exceptions if dp is not None else ()
    if today is None and any(e.expires for e in exceptions):
        import datetime as dt

        today = dt.date.today()
    data = {(r.id, r.requested_revision): r for r in result.datasets}
    models = {(r.id, r.requested_revision): r for r in result.records}
    used_refs: dict[Key, list[Reference]] = defaultdict(list)
    model_refs: dict[Key, list[Reference]] = defaultdict(list)
    for ref in result.references:
        if ref.asset is Asset.DATASET:
            used_refs[(ref.model_id, ref.revision)].append(ref)
        elif ref.asset is Asset.MODEL:
            model_refs[(ref.model_id, ref.revision)].append(ref)
    out: list[tuple[Finding, str, str | None]] = []  # finding, role, dataset

    def add(
        code: Code,
        sev: Severity,
        subject: str,
        msg: str,
        refs: list[Reference],
        lineage: tuple[str, ...],
        origin: RuleOrigin | None,
        role: str,
        dataset: str,
        asset: Asset,
    ) -> None:
        override = policy.severity.get(code.value)
        if override is not None:
            if override.value == "off":
                return
            sev = Severity(override.value)
        finding = Finding(code.value, sev, subject, msg, tuple(refs), lineage, origin, asset=asset)
        out.append((finding, role, dataset))

    used = rules(policy, "used")
    for key in sorted(used_refs, key=lambda k: (k[0], k[1] or "")):
        refs = used_refs[key]
        rec = data.get(key)
        if rec is None or rec.status is ResolveStatus.NOT_RESOLVED:
            continue
        if rec.status is not ResolveStatus.OK:
            lint = used.unresolved
            if lint.value != "allow":
                add(
                    Code.UNRESOLVED,
                    _LEVEL_SEVERITY[lint.value],
                    rec.id,
                    f"dataset {rec.id} could not be resolved ({rec.status}: {rec.reason}); "
                    "its license is unknown",
                    refs,
                    (),
                    lint.origin,
                    "used",
                    rec.id,
                    Asset.DATASET,
                )
            continue
        found = worst(key, data, used, kb, "used")
        if found is None or found[0].level == "allow":
            continue
        v, chain = found
        derived = f" (it derives from {chain[-1]})" if len(chain) > 1 else ""
        verb = "is not allowed" if v.level == "deny" else "needs review"
        if v.unknown:
            code = Code.DATASET_LICENSE_UNKNOWN
        else:
            code = Code.DATASET_LICENSE_DENIED if v.level == "deny" else Code.DATASET_LICENSE_REVIEW
        add(
            code,
            _LEVEL_SEVERITY[v.level],
            rec.id,
            f"dataset {rec.id}: {_label(v)}{derived} {verb} for data the repository uses "
            f"({v.rule})",
            refs,
            chain if len(chain) > 1 else (),
            v.origin,
            "used",
            rec.id,
            Asset.DATASET,
        )

    training = rules(policy, "training")
    for key in sorted(model_refs, key=lambda k: (k[0], k[1] or "")):
        refs = model_refs[key]
        uses, _free, _silent = training_uses(key, models)
        for use in uses:
            dkey = (use.dataset, None)
            drec = data.get(dkey)
            inherited = f" (inherited training data, via {' <- '.join(use.via)})" if use.via else ""
            lineage = (*use.via, use.dataset) if use.via else (use.model, use.dataset)
            if drec is None or drec.status is ResolveStatus.NOT_RESOLVED:
                continue
            if drec.status is not ResolveStatus.OK:
                lint = training.unresolved
                if lint.value != "allow":
                    add(
                        Code.TRAINING_DATA_REVIEW,
                        _LEVEL_SEVERITY[lint.value],
                        use.model,
                        f"{use.model} was trained on {use.dataset}{inherited}, which could not "
                        f"be resolved ({drec.status}: {drec.reason}); its terms are unknown",
                        refs,
                        lineage,
                        lint.origin,
                        "training",
                        use.dataset,
                        Asset.MODEL,
                    )
                continue
            found = worst(dkey, data, training, kb, "training")
            if found is None or found[0].level == "allow":
                continue
            v, chain = found
            derived = f", derived from {chain[-1]}" if len(chain) > 1 else ""
            verb = "is denied" if v.level == "deny" else "needs review"
            code = Code.TRAINING_DATA_DENIED if v.level == "deny" else Code.TRAINING_DATA_REVIEW
            add(
                code,
                _LEVEL_SEVERITY[v.level],
                use.model,
                f"{use.model} was trained on {use.dataset}{inherited} under {_label(v)}"
                f"{derived}: as training data it {verb} ({v.rule}); whether a dataset's terms "
                "reach the weights trained on it is contested",
                refs,
                lineage,
                v.origin,
                "training",
                use.dataset,
                Asset.MODEL,
            )
    findings = _apply_exceptions(out, exceptions, today, partial, policy.own_files)
    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.NOTE: 2}
    findings.sort(key=lambda f: (rank[f.severity], f.model_id or "", f.code))
    return findings


def _apply_exceptions(
    items: list[tuple[Finding, str, str | None]],
    exceptions: tuple[DatasetException, ...],
    today: dt.date | None,
    partial: bool,
    own_files: frozenset[str],
) -> list[Finding]:
    active = [
        e for e in exceptions if e.expires is None or (today is not None and e.expires >= today)
    ]
    out: list[Finding] = []
    for e in exceptions:
        if e.expires is not None and today is not None and e.expires < today:
            out.append(
                Finding(
                    Code.EXCEPTION_EXPIRED.value,
                    INFO[Code.EXCEPTION_EXPIRED].severity,
                    e.dataset,
                    f"dataset exception for {e.dataset} expired on {e.expires.isoformat()} and "
                    f"no longer waives anything (reason was: {e.reason})",
                    (),
                    (),
                    e.origin,
                    asset=Asset.DATASET,
                )
            )
    used: set[int] = set()
    for finding, role, dataset in items:
        refs = list(finding.references)
        for idx, e in enumerate(active):
            if e.codes and finding.code not in e.codes:
                continue
            if e.role is not None and e.role != role:
                continue
            if dataset is None or not fnmatchcase(dataset, e.dataset):
                continue
            if e.model is not None and not (
                role == "training" and fnmatchcase(finding.model_id or "", e.model)
            ):
                continue
            keep = []
            for r in refs:
                path_ok = not e.paths or any(glob_match(p, r.location.path) for p in e.paths)
                scope_ok = not e.scopes or r.scope.value in e.scopes
                if path_ok and scope_ok:
                    used.add(idx)
                else:
                    keep.append(r)
            refs = keep
        refs = [r for r in refs if finding.code not in r.ignored_codes]
        if finding.references and not refs:
            continue
        out.append(replace(finding, references=tuple(refs)) if finding.references else finding)
    if not partial:
        for idx, e in enumerate(active):
            if idx not in used and e.origin.file in own_files:
                out.append(
                    Finding(
                        Code.EXCEPTION_NOT_ENCOUNTERED.value,
                        INFO[Code.EXCEPTION_NOT_ENCOUNTERED].severity,
                        e.dataset,
                        f"dataset exception for {e.dataset} matched nothing in this scan; "
                        "remove it if it is no longer needed",
                        (),
                        (),
                        e.origin,
                        asset=Asset.DATASET,
                    )
                )
    return out
