"""The policy's ``providers:`` section and the judgement of hosted API models.

API models are judged from the provider knowledge base and the policy alone
(no provider is ever called)::

    providers:
      allow: [openai, "anthropic:claude-3-5-*"]   # provider keys, provider:glob, or a model glob
      review: [google]
      deny: [deepseek]
      unlisted: review        # a provider no list names: allow | review | deny
      unknown_model: warn     # a name the knowledge base does not know: allow | warn | deny
      retired: deny           # a model past its retirement date: allow | warn | deny
      retiring_days: 90       # warn this many days before a published retirement
      terms: deny             # provider terms against organisation facts: allow | warn | deny
      input_training: warn    # inputs trained on by default (organization.confidential_inputs)
      tiers: {google: free}   # the tier each provider is used at (default: api)

A model pattern beats a provider entry; a child policy's entry beats its parent's.
"""

from __future__ import annotations

from modeldeps.model import RuleOrigin, Severity
from modeldeps.record import field, record

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence
    from typing import Any

    from modeldeps.knowledge.providers import ProviderKB
    from modeldeps.model import ApiModelRecord, Reference
    from modeldeps.policy.codes import Code

    Add = Callable[..., None]

LEVELS = ("allow", "review", "deny")
LINTS = ("allow", "warn", "deny")
_KEYS = (
    "allow",
    "review",
    "deny",
    "unlisted",
    "unknown_model",
    "retired",
    "retiring_days",
    "terms",
    "input_training",
    "tiers",
)
_DEFAULTS: dict[str, Any] = {
    "unlisted": "allow",
    "unknown_model": "warn",
    "retired": "deny",
    "retiring_days": 90,
    "terms": "deny",
    "input_training": "warn",
}
_BUILTIN = RuleOrigin("built-in default", None, "default")


@record
class ProviderRule:
    pattern: str  # "openai", "anthropic:claude-3-*" or "gpt-4o*"
    level: str
    origin: RuleOrigin


@record
class ProvidersPolicy:
    rules: tuple[ProviderRule, ...] = ()
    settings: dict[str, tuple[Any, RuleOrigin]] = field(default_factory=dict)
    tiers: dict[str, str] = field(default_factory=dict)

    def setting(self, key: str) -> tuple[Any, RuleOrigin]:
        return self.settings.get(key, (_DEFAULTS[key], _BUILTIN))


def check(raw: Any, problems: Any) -> None:
    """Collect the problems of one file's ``providers:`` section (file:line each)."""
    from modeldeps.errors import did_you_mean

    section = raw.data.get("providers")
    if section is None:
        return
    if not isinstance(section, dict):
        problems.add(raw.where("providers"), "'providers' must be a mapping")
        return
    for key, value in section.items():
        where = raw.where("providers", key)
        if key not in _KEYS:
            problems.add(where, f"unknown key 'providers.{key}'{did_you_mean(str(key), _KEYS)}")
        elif key in LEVELS:
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                problems.add(where, f"'providers.{key}' must be a list of provider or model names")
                continue
            for i, item in enumerate(value):
                problem = _unknown_entry(item)
                if problem:
                    problems.add(
                        raw.where("providers", key, i), f"'providers.{key}[{i}]': {problem}"
                    )
        elif key == "unlisted":
            if value not in LEVELS:
                problems.add(where, f"'providers.unlisted' must be one of {', '.join(LEVELS)}")
        elif key == "retiring_days":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.add(where, "'providers.retiring_days' must be a whole number of days")
        elif key == "tiers":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                problems.add(where, "'providers.tiers' must map provider names to tier names")
        elif value not in LINTS:
            problems.add(where, f"'providers.{key}' must be one of {', '.join(LINTS)}")


def _unknown_entry(item: str) -> str | None:
    """Why a list entry can never match (a misspelt provider), or None."""
    from modeldeps.errors import did_you_mean
    from modeldeps.extract.api import ROUTES
    from modeldeps.knowledge.providers import load_providers

    low = item.lower()
    kb = load_providers()
    known = set(kb.providers) | set(ROUTES.values()) | {"meta"}
    prov, sep, _pattern = low.partition(":")
    if sep:
        if prov not in known:
            return f"unknown provider '{prov}'{did_you_mean(prov, sorted(known))}"
        return None
    if any(c in low for c in "*?[") or low in known or kb.lookup(low) is not None:
        return None
    return (
        f"'{item}' is neither a known provider nor a model name the knowledge base knows"
        f"{did_you_mean(low, sorted(known))} (write a glob such as '{item}*' for model names)"
    )


def merge(chain: Sequence[Any]) -> ProvidersPolicy:
    """Parent first: a later file's settings override, its rules are tried first."""
    rules: list[ProviderRule] = []
    settings: dict[str, tuple[Any, RuleOrigin]] = {}
    tiers: dict[str, str] = {}
    for raw in chain:
        section = raw.data.get("providers") or {}
        mine: list[ProviderRule] = []
        for level in LEVELS:
            for i, item in enumerate(section.get(level) or []):
                origin = raw.origin(f"providers.{level}[{i}]", "providers", level, i)
                mine.append(ProviderRule(str(item).lower(), level, origin))
        rules[:0] = mine
        for key in _DEFAULTS:
            if key in section:
                settings[key] = (section[key], raw.origin(f"providers.{key}", "providers", key))
        tiers.update({str(k): str(v) for k, v in (section.get("tiers") or {}).items()})
    return ProvidersPolicy(tuple(rules), settings, tiers)


def _matches(rule: str, rec: ApiModelRecord) -> tuple[int, bool]:
    """(specificity, match): 2 for provider:model, 1 for a model glob, 0 for a provider."""
    from fnmatch import fnmatchcase

    model = rec.id.lower()
    providers = {p for p in (rec.provider, rec.creator) if p}
    if ":" in rule:
        prov, _, pattern = rule.partition(":")
        return 2, prov in providers and fnmatchcase(model, pattern)
    if rule in providers and not any(c in rule for c in "*?["):
        return 0, rule in (rec.provider, rec.creator)
    return 1, fnmatchcase(model, rule)


def level_for(rec: ApiModelRecord, pp: ProvidersPolicy) -> tuple[str, RuleOrigin, str]:
    """(allow|review|deny, origin, rule text) for one API model."""
    best: tuple[int, ProviderRule] | None = None
    for rule in pp.rules:  # child rules first, so the first of a specificity wins
        spec, hit = _matches(rule.pattern, rec)
        if hit and (best is None or spec > best[0]):
            best = (spec, rule)
    if best is not None:
        rule = best[1]
        return rule.level, rule.origin, f"providers.{rule.level} '{rule.pattern}'"
    value, origin = pp.setting("unlisted")
    return str(value), origin, "providers.unlisted"


_LINT_SEVERITY = {"warn": Severity.WARNING, "deny": Severity.ERROR}


def evaluate_api(
    refs: Sequence[Reference],
    policy: Any,
    kb: ProviderKB,
    today: dt.date,
    add: Add,
    trace: dict[tuple[str, str | None], list[str]] | None = None,
) -> None:
    """Findings for every hosted API model referenced (passed to ``add``)."""
    import datetime as dt

    from modeldeps.knowledge.providers import TRAINS_BY_DEFAULT
    from modeldeps.policy.codes import Code

    pp: ProvidersPolicy = policy.providers or ProvidersPolicy()
    groups: dict[tuple[str, str | None], tuple[ApiModelRecord, list[Reference]]] = {}
    for r in refs:
        rec = kb.describe(r)
        groups.setdefault((rec.id.lower(), rec.provider), (rec, []))[1].append(r)
    for gkey in sorted(groups, key=lambda k: (k[0], k[1] or "")):
        rec, key_refs = groups[gkey]
        steps = trace.setdefault((rec.id, None), []) if trace is not None else []
        who = f"{rec.id} ({_served(rec)})"
        steps.append(f"hosted API model: {who}; facts: {rec.facts or 'none'}")
        if rec.deployment:
            steps.append("an Azure OpenAI deployment name: the model behind it is not known")
        elif not rec.known:
            value, origin = pp.setting("unknown_model")
            sev = _LINT_SEVERITY.get(str(value))
            if sev is not None:
                add(
                    Code.API_UNKNOWN_MODEL,
                    sev,
                    rec.id,
                    f"{who}: the provider knowledge base does not know this model name; "
                    "its retirement and terms cannot be checked",
                    key_refs,
                    origin=origin,
                )
        if rec.provider is not None:
            level, origin, rule = level_for(rec, pp)
            steps.append(f"decision: {level} by {rule}")
            if level == "deny":
                add(
                    Code.API_UNAPPROVED_PROVIDER,
                    Severity.ERROR,
                    rec.id,
                    f"{who}: not approved ({rule})",
                    key_refs,
                    origin=origin,
                )
            elif level == "review":
                add(
                    Code.API_PROVIDER_REVIEW,
                    Severity.WARNING,
                    rec.id,
                    f"{who}: needs review ({rule})",
                    key_refs,
                    origin=origin,
                )
        if rec.retired:
            _retired(rec, who, pp, today, key_refs, add, steps, dt, Code)
        for key in dict.fromkeys(p for p in (rec.provider, rec.creator) if p):
            provider = kb.provider(key)
            if provider is None:
                continue
            _terms(provider, rec, who, policy, pp, key_refs, add, steps, TRAINS_BY_DEFAULT, Code)


def _served(rec: ApiModelRecord) -> str:
    parts = [rec.provider or "unknown provider"]
    if rec.creator:
        parts.append(f"model by {rec.creator}")
    if rec.route and rec.route != rec.provider:
        parts.append(f"via {rec.route}")
    if rec.open_weights:
        parts.append(f"open weights {rec.open_weights}")
    return ", ".join(parts)


def _retired(
    rec: ApiModelRecord,
    who: str,
    pp: ProvidersPolicy,
    today: dt.date,
    key_refs: list[Reference],
    add: Add,
    steps: list[str],
    dt: Any,
    code: type[Code],
) -> None:
    assert rec.retired is not None
    value, origin = pp.setting("retired")
    days, _ = pp.setting("retiring_days")
    date = dt.date.fromisoformat(rec.retired)
    src = f"[{rec.retired_source}]"
    if date <= today:
        steps.append(f"retired on {rec.retired} {src}")
        sev = _LINT_SEVERITY.get(str(value))
        if sev is not None:
            add(
                code.API_RETIRED,
                sev,
                rec.id,
                f"{who}: retired by the provider on {rec.retired}; requests fail {src}",
                key_refs,
                origin=origin,
            )
    elif (date - today).days <= int(days) and value != "allow":
        steps.append(f"retires on {rec.retired} {src}")
        add(
            code.API_RETIRED,
            Severity.WARNING,
            rec.id,
            f"{who}: the provider retires it on {rec.retired}, in {(date - today).days} days {src}",
            key_refs,
            origin=origin,
        )


def _terms(
    provider: Any,
    rec: ApiModelRecord,
    who: str,
    policy: Any,
    pp: ProvidersPolicy,
    key_refs: list[Reference],
    add: Add,
    steps: list[str],
    trains_by_default: frozenset[str],
    code: type[Code],
) -> None:
    terms_level, _origin = pp.setting("terms")
    terms_sev = _LINT_SEVERITY.get(str(terms_level))
    competing = provider.terms.get("competing_models")
    trains = policy.org("trains_models_on_outputs")
    if competing is not None and trains and competing.value in ("banned", "uncertain"):
        org = policy.organization["trains_models_on_outputs"].origin
        sev = terms_sev if competing.value == "banned" else Severity.WARNING
        clause = competing.clause or "no use of outputs to develop competing models"
        steps.append(f"term: {provider.name}: {clause} [{competing.cite()}]")
        if sev is not None and terms_level != "allow":
            verb = "forbids" if competing.value == "banned" else "may forbid"
            add(
                code.API_TERMS_CONFLICT,
                sev,
                rec.id,
                f"{who}: {provider.name} {verb} using outputs to develop competing models "
                f"({clause}), and organization.trains_models_on_outputs is true "
                f"[{competing.cite()}]",
                key_refs,
                origin=org,
            )
    excluded = provider.terms.get("excluded_regions")
    regions = {str(r).upper() for r in policy.org("regions") or []}
    if excluded is not None and regions and terms_sev is not None:
        hit = sorted(regions & {str(r).upper() for r in excluded.value})
        if hit:
            add(
                code.API_TERMS_CONFLICT,
                terms_sev,
                rec.id,
                f"{who}: {provider.name} is not offered in {', '.join(hit)} "
                f"(organization.regions) [{excluded.cite()}]",
                key_refs,
                origin=policy.organization["regions"].origin,
            )
    if policy.org("confidential_inputs"):
        tier = pp.tiers.get(provider.key, "api")
        fact = provider.inputs_training.get(tier)
        level, origin = pp.setting("input_training")
        sev = _LINT_SEVERITY.get(str(level))
        if fact is not None and fact.value in trains_by_default and sev is not None:
            add(
                code.API_INPUT_TRAINING,
                sev,
                rec.id,
                f"{who}: at the {tier} tier {provider.name} uses inputs for training "
                f"({'unless you opt out' if fact.value == 'opt-out' else 'by default'}): "
                f"{fact.clause or ''} [{fact.cite()}]",
                key_refs,
                origin=origin,
            )
    duties = []
    for key, label in (("usage_policy", "usage policy"), ("min_age", "minimum user age")):
        fact = provider.terms.get(key)
        if fact is not None:
            duties.append(f"{label} {fact.value}")
    location = provider.terms.get("data_location")
    if location is not None:
        duties.append(f"data processed in {location.value}")
    if duties:
        duty = f"{provider.name}: " + "; ".join(duties)
        add(code.API_TERMS_DUTY, None, rec.id, duty, key_refs, duty=duty)
