"""Policy files: YAML -> ValidPolicy, with every problem reported at once (file:line).

A policy may ``extends:`` a preset (``permissive``, ``commercial``,
``research``) or another file; the child's rules override the parent's for
the same license or setting, and exceptions and clarifications accumulate.
"""

from __future__ import annotations

import os
from functools import lru_cache

from modeldeps.errors import PolicyError, did_you_mean
from modeldeps.knowledge.licenses import CATEGORIES, LicenseKB, load_kb
from modeldeps.lazyre import lazy
from modeldeps.model import RuleOrigin
from modeldeps.policy import PRESETS
from modeldeps.policy.codes import Code
from modeldeps.record import field, record
from modeldeps.yamlpos import KeyPath, YamlLoadError, line_of, load

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    import datetime as dt
    from typing import Any

    from modeldeps.policy.providers import ProvidersPolicy


LICENSE_LEVELS = ("allow", "review", "deny")
LINT_LEVELS = ("allow", "warn", "deny")
SEVERITIES = ("error", "warning", "note", "off")
SUPPLY_CHAIN = (
    "unpinned_revision",
    "trust_remote_code",
    "pickle_weights",
    "gated",
    "no_training_data",
    "stale",
)
_ORG_KEYS = {
    "commercial": bool,
    "monthly_active_users": int,
    "annual_revenue_usd": int,
    "trains_models_on_outputs": bool,
    "regions": list,
    "confidential_inputs": bool,  # tested against providers' training on inputs
}
_TOP_KEYS = (
    "version",
    "extends",
    "requires",
    "organization",
    "licenses",
    "unresolved",
    "supply_chain",
    "exceptions",
    "clarifications",
    "severity",
    "scopes",
    "lineage",
    "providers",
    "datasets",
)
# How much each kind of inferred lineage edge may decide (docs/policy.md, "Inferred lineage").
INFER_SOURCES = ("tag", "card-text", "gguf-metadata", "known-family", "name")
INFER_LEVELS = ("enforce", "review", "off")
INFER_DEFAULTS = {
    "tag": "enforce",
    "card-text": "enforce",
    "gguf-metadata": "enforce",
    "known-family": "enforce",
    "name": "review",
}
SCOPES = ("code", "config", "test", "docs", "comment")
# What a scope may decide: findings from references only in that scope are capped at
# this severity ("error" caps nothing); "ignore" keeps the references in the inventory
# but lets them raise no finding.
SCOPE_LEVELS = ("error", "warning", "note", "ignore")
_SCOPE_ALIASES = {"warn": "warning", "deny": "error", "off": "ignore"}


def _infer_level(value: object) -> object:
    # YAML 1.1 reads an unquoted `off` as false
    return "off" if value is False else value


def _scope_level(value: object) -> object:
    return _SCOPE_ALIASES.get(str(value), value)


_LICENSE_KEYS = ("allow", "review", "deny", "unknown", "unmatched", "lineage", "mismatch")
_EXCEPTION_KEYS = ("model", "revision", "paths", "codes", "reason", "approved_by", "expires")
_CLARIFICATION_KEYS = ("model", "license", "sha", "license_file_sha256", "reason")
_HEX40 = lazy(r"^[0-9a-f]{40}$")
_HEX64 = lazy(r"^[0-9a-f]{64}$")


@record
class Setting:
    """A value and the rule that set it."""

    value: Any
    origin: RuleOrigin


@record
class Exception_:
    model: str
    revision: str | None
    paths: tuple[str, ...]
    codes: frozenset[str]
    reason: str
    approved_by: str | None
    expires: dt.date | None
    origin: RuleOrigin


@record
class Clarification:
    model: str
    license: str
    sha: str | None
    license_file_sha256: str | None
    reason: str
    origin: RuleOrigin


@record
class ValidPolicy:
    source: str
    licenses: dict[str, Setting]  # license key or category -> allow|review|deny
    unknown: Setting
    unmatched: Setting
    lineage: Setting
    mismatch: Setting
    unresolved: Setting
    supply_chain: dict[str, Setting]
    stale_days: int | None
    organization: dict[str, Setting]
    exceptions: tuple[Exception_, ...]
    clarifications: tuple[Clarification, ...]
    severity: dict[str, Setting]
    requires: tuple[str, ...] = ()
    scopes: dict[str, Setting] = field(default_factory=dict)  # scope -> cap (SCOPE_LEVELS)
    own_files: frozenset[str] = field(default_factory=frozenset)  # not presets
    infer: dict[str, Setting] = field(default_factory=dict)  # edge source -> INFER_LEVELS
    providers: ProvidersPolicy | None = None  # hosted API models (policy/providers.py)
    datasets: DatasetPolicy | None = None  # None: no file says; see policy/datasets.py

    def org(self, key: str) -> Any:
        s = self.organization.get(key)
        return None if s is None else s.value

    def infer_level(self, source: str) -> Setting:
        """How much an edge of ``source`` may decide; declared edges always enforce."""
        s = self.infer.get(source)
        if s is not None:
            return s
        return Setting(INFER_DEFAULTS.get(source, "enforce"), _BUILTIN)


def presets_dir() -> str:
    """The packaged presets, or the checkout's ``policies/`` in an editable install."""
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    packaged = os.path.join(here, "policies")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "policies")


def _preset(name: str) -> tuple[dict[str, Any], dict[KeyPath, int]]:
    """One compiled preset, freshly built (callers may keep and merge its data)."""
    import json

    from modeldeps import data_path

    with open(data_path("presets.json"), encoding="utf-8") as fh:
        entry = json.load(fh)[name]
    return entry["data"], {tuple(k): v for k, v in entry["lines"]}


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")


@record(frozen=False)
class _Raw:
    """One policy file, loaded, with the location helpers its checks need."""

    label: str  # what messages call it: a relative path or preset:name
    path: str
    data: dict[str, Any]
    lines: dict[KeyPath, int]
    preset: bool

    def where(self, *key: str | int) -> str:
        line = line_of(self.lines, tuple(key))
        return f"{self.label}:{line}" if line else self.label

    def origin(self, rule: str, *key: str | int) -> RuleOrigin:
        return RuleOrigin(self.label, line_of(self.lines, tuple(key)), rule)


def _read(path: str, label: str, preset: bool, problems: _Problems) -> _Raw | None:
    if preset:
        data, lines = _preset(label.removeprefix("preset:"))
        return _Raw(label, path, data, lines, preset)
    from modeldeps.safeio import describe, read_config

    try:
        text = read_config(path).decode("utf-8")
    except OSError as exc:
        problems.add(label, f"cannot read policy: {describe(exc)}")
        return None
    except UnicodeDecodeError as exc:
        problems.add(label, f"cannot read policy: {exc}")
        return None
    from modeldeps.extract.yamllines import load_data

    fast = load_data(text)  # plain block YAML needs no PyYAML
    loaded: Any
    if fast is not None:
        loaded, lines = fast
    else:
        try:
            loaded, lines = load(text)
        except YamlLoadError as exc:
            problems.add(f"{label}:{exc.line}" if exc.line else label, exc.message)
            return None
    data = {} if loaded is None else loaded
    if not isinstance(data, dict):
        problems.add(f"{label}:1", "a policy must be a mapping of settings")
        return None
    return _Raw(label, path, data, lines, preset)


def _label(path: str, cwd: str) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:
        return path


def _locate(ref: str, base: str | None, cwd: str) -> tuple[str, str, bool]:
    """(path, label, is_preset) for an ``extends`` / ``--policy`` value."""
    if ref in PRESETS:
        return os.path.join(presets_dir(), f"{ref}.yaml"), f"preset:{ref}", True
    path = os.path.join(os.path.dirname(base) if base is not None else cwd, ref)
    try:
        resolved = os.path.realpath(path)
    except (OSError, ValueError):  # a NUL byte or an unreadable path: it names no file
        return path, ref, False
    return resolved, _label(resolved, cwd), False


def _is_file(path: str) -> bool:
    try:
        return os.path.isfile(path)
    except (OSError, ValueError):
        return False


def load_policy(
    ref: str,
    cwd: str,
    kb: LicenseKB | None = None,
    inline: tuple[dict[str, Any], dict[KeyPath, int], str] | None = None,
) -> ValidPolicy:
    """Load ``ref`` (a preset name or a path) and everything it extends.

    ``inline`` is a policy written inside a config file: (data, lines, label).
    """
    kb = kb or load_kb()
    problems = _Problems()
    chain: list[_Raw] = []
    seen: list[str] = []
    if inline is not None:
        data, lines, label = inline
        current: _Raw | None = _Raw(label, os.path.join(cwd, label), data, lines, False)
    else:
        path, label, preset = _locate(ref, None, cwd)
        if not preset and not _is_file(path):
            raise PolicyError(
                [f"{ref}: no such policy file or preset{did_you_mean(ref, PRESETS)}"],
                hint=f"presets: {', '.join(PRESETS)}",
            )
        current = _read(path, label, preset, problems)
    while current is not None:
        if current.path in seen:
            cycle = " -> ".join([*(_label(p, cwd) for p in seen), current.label])
            problems.add(current.label, f"circular extends: {cycle}")
            break
        seen.append(current.path)
        chain.append(current)
        parent = current.data.get("extends")
        if parent is None:
            break
        if not isinstance(parent, str):
            problems.add(current.where("extends"), "'extends' must be a preset name or a path")
            break
        ppath, plabel, ppreset = _locate(parent, current.path, cwd)
        if not ppreset and not _is_file(ppath):
            problems.add(
                current.where("extends"),
                f"extends '{parent}': no such policy file or preset{did_you_mean(parent, PRESETS)}",
            )
            break
        current = _read(ppath, plabel, ppreset, problems)
    for raw in chain:
        if not raw.preset:  # a compiled preset was checked when built (test_presets_validate)
            _check(raw, kb, problems)
    if problems.items:
        raise PolicyError(problems.items)
    return _merge(list(reversed(chain)), kb)


def _section(raw: _Raw, name: str, problems: _Problems, shape: str = "a mapping") -> dict[Any, Any]:
    """The mapping under ``name`` ({} when absent); a problem, and {}, when it is not one."""
    value = raw.data.get(name, {})
    if isinstance(value, dict):
        return value
    problems.add(raw.where(name), f"'{name}' must be {shape}")
    return {}


def _check(raw: _Raw, kb: LicenseKB, problems: _Problems) -> None:
    """Collect every problem in one file."""
    d = raw.data
    if "providers" in d:
        from modeldeps.policy.providers import check as check_providers

        check_providers(raw, problems)
    for key in d:
        if key not in _TOP_KEYS:
            problems.add(raw.where(key), f"unknown key '{key}'{did_you_mean(str(key), _TOP_KEYS)}")
    version = d.get("version", 1)
    if version != 1:
        problems.add(raw.where("version"), f"unsupported policy version {version!r} (expected 1)")
    if "requires" in d:
        from packaging.specifiers import InvalidSpecifier, SpecifierSet

        try:
            SpecifierSet(str(d["requires"]))
        except InvalidSpecifier:
            problems.add(
                raw.where("requires"), f"'requires' is not a version specifier: {d['requires']!r}"
            )
    org = _section(raw, "organization", problems)
    for key, value in org.items():
        expected = _ORG_KEYS.get(key)
        if expected is None:
            problems.add(
                raw.where("organization", key),
                f"unknown key 'organization.{key}'{did_you_mean(str(key), list(_ORG_KEYS))}",
            )
        elif value is not None and (
            not isinstance(value, expected) or (expected is int and isinstance(value, bool))
        ):
            problems.add(
                raw.where("organization", key), f"'organization.{key}' must be {expected.__name__}"
            )
        elif expected is int and isinstance(value, int) and value < 0:
            problems.add(raw.where("organization", key), f"'organization.{key}' must be >= 0")
        elif isinstance(value, list) and not all(isinstance(v, str) for v in value):
            problems.add(
                raw.where("organization", key),
                "'organization.regions' must be a list of region codes",
            )
    lic = _section(raw, "licenses", problems)
    for key, value in lic.items():
        if key not in _LICENSE_KEYS:
            problems.add(
                raw.where("licenses", key),
                f"unknown key 'licenses.{key}'{did_you_mean(str(key), _LICENSE_KEYS)}",
            )
        elif key in LICENSE_LEVELS:
            if not isinstance(value, list):
                problems.add(raw.where("licenses", key), f"'licenses.{key}' must be a list")
                continue
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    problems.add(raw.where("licenses", key, i), "license ids must be strings")
                elif item not in CATEGORIES and not kb.known_id(item):
                    close = did_you_mean(item.lower(), [*CATEGORIES, *kb.ids()])
                    problems.add(
                        raw.where("licenses", key, i),
                        f"unknown license id or category '{item}'{close}",
                    )
        elif key in ("unknown", "unmatched") and value not in LICENSE_LEVELS:
            problems.add(
                raw.where("licenses", key),
                f"'licenses.{key}' must be one of {', '.join(LICENSE_LEVELS)}",
            )
        elif key == "lineage" and not isinstance(value, bool):
            problems.add(raw.where("licenses", key), "'licenses.lineage' must be true or false")
        elif key == "mismatch" and value not in LINT_LEVELS:
            problems.add(
                raw.where("licenses", key),
                f"'licenses.mismatch' must be one of {', '.join(LINT_LEVELS)}",
            )
    if "unresolved" in d and d["unresolved"] not in LINT_LEVELS:
        problems.add(
            raw.where("unresolved"), f"'unresolved' must be one of {', '.join(LINT_LEVELS)}"
        )
    sc = _section(raw, "supply_chain", problems)
    for key, value in sc.items():
        if key not in SUPPLY_CHAIN:
            problems.add(
                raw.where("supply_chain", key),
                f"unknown key 'supply_chain.{key}'{did_you_mean(str(key), SUPPLY_CHAIN)}",
            )
        elif key == "stale":
            days = value.get("days") if isinstance(value, dict) else None
            if not (
                isinstance(value, dict)
                and isinstance(days, int)
                and not isinstance(days, bool)
                and days > 0
                and value.get("level", "warn") in LINT_LEVELS
                and not set(value) - {"days", "level"}
            ):
                problems.add(
                    raw.where("supply_chain", key),
                    "'supply_chain.stale' must be {days: N > 0, level: allow|warn|deny}",
                )
        elif value not in LINT_LEVELS:
            problems.add(
                raw.where("supply_chain", key),
                f"'supply_chain.{key}' must be one of {', '.join(LINT_LEVELS)}",
            )
    sev = _section(raw, "severity", problems, "a mapping of code: level")
    codes = [c.value for c in Code]
    for key, value in sev.items():
        if key not in codes:
            problems.add(
                raw.where("severity", key),
                f"unknown finding code '{key}'{did_you_mean(str(key), codes)}",
            )
        elif value not in SEVERITIES:
            problems.add(
                raw.where("severity", key), f"severity must be one of {', '.join(SEVERITIES)}"
            )
    scopes = _section(raw, "scopes", problems, "a mapping of scope: level")
    for key, value in scopes.items():
        if key not in SCOPES:
            problems.add(
                raw.where("scopes", key),
                f"unknown scope '{key}'{did_you_mean(str(key), SCOPES)}; scopes are "
                + ", ".join(SCOPES),
            )
        elif _scope_level(value) not in SCOPE_LEVELS:
            problems.add(
                raw.where("scopes", key),
                f"'scopes.{key}' must be one of {', '.join(SCOPE_LEVELS)}",
            )
    lineage = _section(raw, "lineage", problems, "a mapping (infer: {source: level})")
    for key, value in lineage.items():
        if key != "infer":
            problems.add(
                raw.where("lineage", key),
                f"unknown key 'lineage.{key}'{did_you_mean(str(key), ['infer'])}",
            )
        elif not isinstance(value, dict):
            problems.add(raw.where("lineage", key), "'lineage.infer' must be a mapping")
        else:
            for source, level in value.items():
                level = _infer_level(level)
                if source not in INFER_SOURCES:
                    problems.add(
                        raw.where("lineage", "infer", source),
                        f"unknown lineage source '{source}'"
                        f"{did_you_mean(str(source), INFER_SOURCES)}; sources are "
                        + ", ".join(INFER_SOURCES),
                    )
                elif level not in INFER_LEVELS:
                    problems.add(
                        raw.where("lineage", "infer", source),
                        f"'lineage.infer.{source}' must be one of {', '.join(INFER_LEVELS)}",
                    )
    _check_datasets(raw, kb, problems)
    _check_list(raw, "exceptions", _EXCEPTION_KEYS, problems, _check_exception)
    _check_list(
        raw,
        "clarifications",
        _CLARIFICATION_KEYS,
        problems,
        lambda r, i, e, p: _check_clarification(r, i, e, p, kb),
    )


def _check_list(
    raw: _Raw, name: str, keys: tuple[str, ...], problems: _Problems, each: Any
) -> None:
    items = raw.data.get(name, [])
    if not isinstance(items, list):
        problems.add(raw.where(name), f"'{name}' must be a list")
        return
    for i, entry in enumerate(items):
        if not isinstance(entry, dict):
            problems.add(raw.where(name, i), f"{name}[{i}] must be a mapping")
            continue
        for key in entry:
            if key not in keys:
                problems.add(
                    raw.where(name, i, key),
                    f"unknown key '{key}' in {name}[{i}]{did_you_mean(str(key), keys)}",
                )
        each(raw, i, entry, problems)


def _check_glob(
    raw: _Raw, where: tuple[str | int, ...], value: object, problems: _Problems
) -> None:
    if not isinstance(value, str) or not value.strip():
        problems.add(raw.where(*where), "must be a non-empty string")
    elif value.count("[") != value.count("]") or "***" in value:
        problems.add(raw.where(*where), f"bad glob {value!r}")
    else:
        from modeldeps.discover import glob_problem

        problem = glob_problem(value)
        if problem is not None:
            problems.add(raw.where(*where), f"bad glob {problem}")


def _check_exception(raw: _Raw, i: int, e: dict[str, Any], problems: _Problems) -> None:
    import datetime as dt

    if "model" not in e:
        problems.add(raw.where("exceptions", i), f"exceptions[{i}] needs a 'model' (id or glob)")
    else:
        _check_glob(raw, ("exceptions", i, "model"), e["model"], problems)
    if not isinstance(e.get("reason"), str) or not e.get("reason", "").strip():
        problems.add(raw.where("exceptions", i), f"exceptions[{i}] needs a 'reason'")
    if "revision" in e and not isinstance(e["revision"], str):
        problems.add(raw.where("exceptions", i, "revision"), "'revision' must be a string")
    paths = e.get("paths", [])
    if not isinstance(paths, list):
        problems.add(raw.where("exceptions", i, "paths"), "'paths' must be a list of globs")
    else:
        for j, p in enumerate(paths):
            _check_glob(raw, ("exceptions", i, "paths", j), p, problems)
    codes = e.get("codes", [])
    valid = [c.value for c in Code]
    if not isinstance(codes, list):
        problems.add(raw.where("exceptions", i, "codes"), "'codes' must be a list of codes")
    else:
        for j, c in enumerate(codes):
            if c not in valid:
                problems.add(
                    raw.where("exceptions", i, "codes", j),
                    f"unknown finding code {c!r}{did_you_mean(str(c), valid)}",
                )
    if "expires" in e:
        exp = e["expires"]
        if isinstance(exp, str):
            try:
                dt.date.fromisoformat(exp)
            except ValueError:
                problems.add(
                    raw.where("exceptions", i, "expires"),
                    f"'expires' is not a date (YYYY-MM-DD): {exp!r}",
                )
        elif not isinstance(exp, dt.date):
            problems.add(
                raw.where("exceptions", i, "expires"), "'expires' must be a date (YYYY-MM-DD)"
            )


def _check_clarification(
    raw: _Raw, i: int, c: dict[str, Any], problems: _Problems, kb: LicenseKB
) -> None:
    if not isinstance(c.get("model"), str):
        problems.add(raw.where("clarifications", i), f"clarifications[{i}] needs a 'model' id")
    lic = c.get("license")
    if not isinstance(lic, str):
        problems.add(raw.where("clarifications", i), f"clarifications[{i}] needs a 'license'")
    elif not kb.known_id(lic):
        problems.add(
            raw.where("clarifications", i, "license"),
            f"unknown license id '{lic}'{did_you_mean(lic.lower(), kb.ids())}",
        )
    sha, lsha = c.get("sha"), c.get("license_file_sha256")
    if sha is None and lsha is None:
        problems.add(
            raw.where("clarifications", i),
            f"clarifications[{i}] must be pinned: give 'sha' (the model's commit) or "
            "'license_file_sha256', so it lapses when upstream changes",
        )
    if sha is not None and (not isinstance(sha, str) or not _HEX40.match(sha)):
        problems.add(raw.where("clarifications", i, "sha"), "'sha' must be a 40-hex commit sha")
    if lsha is not None and (not isinstance(lsha, str) or not _HEX64.match(lsha)):
        problems.add(
            raw.where("clarifications", i, "license_file_sha256"),
            "'license_file_sha256' must be 64 hex digits",
        )
    if not isinstance(c.get("reason"), str):
        problems.add(raw.where("clarifications", i), f"clarifications[{i}] needs a 'reason'")


_DEFAULTS = {
    "unknown": "deny",
    "unmatched": "review",
    "lineage": True,
    "mismatch": "warn",
    "unresolved": "deny",
}
_BUILTIN = RuleOrigin("built-in default", None, "default")


def _merge(chain: list[_Raw], kb: LicenseKB) -> ValidPolicy:
    """Parent first: later files override earlier ones key by key."""
    import datetime as dt

    licenses: dict[str, Setting] = {}
    scalars: dict[str, Setting] = {k: Setting(v, _BUILTIN) for k, v in _DEFAULTS.items()}
    supply: dict[str, Setting] = {}
    stale_days: int | None = None
    org: dict[str, Setting] = {}
    severity: dict[str, Setting] = {}
    scopes: dict[str, Setting] = {}
    infer: dict[str, Setting] = {}
    exceptions: list[Exception_] = []
    clarifications: list[Clarification] = []
    requires: list[str] = []
    for raw in chain:
        d = raw.data
        lic = d.get("licenses", {}) or {}
        for level in LICENSE_LEVELS:
            for i, item in enumerate(lic.get(level, []) or []):
                key = item if item in CATEGORIES else _canonical(item, kb)
                licenses[key] = Setting(
                    level, raw.origin(f"licenses.{level}[{i}]", "licenses", level, i)
                )
        for key in ("unknown", "unmatched", "lineage", "mismatch"):
            if key in lic:
                scalars[key] = Setting(lic[key], raw.origin(f"licenses.{key}", "licenses", key))
        if "unresolved" in d:
            scalars["unresolved"] = Setting(d["unresolved"], raw.origin("unresolved", "unresolved"))
        for key, value in (d.get("supply_chain", {}) or {}).items():
            if key == "stale":
                stale_days = int(value["days"])
                value = value.get("level", "warn")
            supply[key] = Setting(value, raw.origin(f"supply_chain.{key}", "supply_chain", key))
        for key, value in (d.get("organization", {}) or {}).items():
            org[key] = Setting(value, raw.origin(f"organization.{key}", "organization", key))
        for key, value in (d.get("severity", {}) or {}).items():
            severity[key] = Setting(value, raw.origin(f"severity.{key}", "severity", key))
        for key, value in (d.get("scopes", {}) or {}).items():
            scopes[key] = Setting(_scope_level(value), raw.origin(f"scopes.{key}", "scopes", key))
        for source, level in ((d.get("lineage") or {}).get("infer") or {}).items():
            infer[source] = Setting(
                _infer_level(level),
                raw.origin(f"lineage.infer.{source}", "lineage", "infer", source),
            )
        for i, e in enumerate(d.get("exceptions", []) or []):
            exp = e.get("expires")
            exceptions.append(
                Exception_(
                    model=e["model"],
                    revision=e.get("revision"),
                    paths=tuple(e.get("paths", [])),
                    codes=frozenset(e.get("codes", [])),
                    reason=e["reason"],
                    approved_by=e.get("approved_by"),
                    expires=dt.date.fromisoformat(exp) if isinstance(exp, str) else exp,
                    origin=raw.origin(f"exceptions[{i}]", "exceptions", i),
                )
            )
        for i, c in enumerate(d.get("clarifications", []) or []):
            clarifications.append(
                Clarification(
                    model=c["model"],
                    license=_canonical(c["license"], kb),
                    sha=c.get("sha"),
                    license_file_sha256=c.get("license_file_sha256"),
                    reason=c["reason"],
                    origin=raw.origin(f"clarifications[{i}]", "clarifications", i),
                )
            )
        if "requires" in d:
            requires.append(str(d["requires"]))
    top = chain[-1]
    data_policy = _merge_datasets(chain, kb)
    return ValidPolicy(
        source=top.label,
        licenses=licenses,
        unknown=scalars["unknown"],
        unmatched=scalars["unmatched"],
        lineage=scalars["lineage"],
        mismatch=scalars["mismatch"],
        unresolved=scalars["unresolved"],
        supply_chain=supply,
        stale_days=stale_days,
        organization=org,
        exceptions=tuple(exceptions),
        clarifications=tuple(clarifications),
        severity=severity,
        requires=tuple(requires),
        scopes=scopes,
        own_files=frozenset(r.label for r in chain if not r.preset),
        infer=infer,
        providers=_providers(chain),
        datasets=data_policy,
    )


def _providers(chain: list[_Raw]) -> ProvidersPolicy | None:
    if not any("providers" in raw.data for raw in chain):
        return None
    from modeldeps.policy.providers import merge

    return merge(chain)


def _canonical(ident: str, kb: LicenseKB) -> str:
    facts = kb.get(ident)
    return facts.key if facts is not None else ident.lower()


def check_requires(policy: ValidPolicy, version: str) -> None:
    """Fail clearly when the policy needs a newer (or older) modeldeps."""
    for spec in policy.requires:
        from packaging.specifiers import SpecifierSet
        from packaging.version import Version

        if Version(version) not in SpecifierSet(spec):
            raise PolicyError(
                [f"{policy.source}: the policy requires modeldeps {spec}, but this is {version}"],
                hint="upgrade modeldeps (pip install -U modeldeps)",
            )


@lru_cache(maxsize=8)
def preset(name: str) -> ValidPolicy:
    return load_policy(name, os.getcwd())


# -- datasets: (issue 16) --------------------------------------------------------------
# The same shape as licenses:, for the datasets a repository uses directly; under
# training:, the same again for the datasets a model was trained on (declared on its
# card or on a model it derives from). Exceptions name a dataset glob.
DATASET_ROLES = ("used", "training")
_DATASET_KEYS = (*LICENSE_LEVELS, "unknown", "unmatched", "unresolved", "training", "exceptions")
_TRAINING_KEYS = (*LICENSE_LEVELS, "unknown", "unmatched", "unresolved")
_DATASET_EXCEPTION_KEYS = (
    "dataset", "role", "model", "paths", "scopes", "codes", "reason", "approved_by", "expires",
)  # fmt: skip


@record
class DatasetRules:
    """How one role's dataset licenses are judged (``datasets:`` or ``datasets.training:``)."""

    licenses: dict[str, Setting]  # license key or category -> allow|review|deny
    unknown: Setting  # allow|review|deny: no license, or an id the KB does not know
    unmatched: Setting  # allow|review|deny: 'other' with nothing recognisable
    unresolved: Setting  # allow|warn|deny: the Hub could not say


@record
class DatasetException:
    dataset: str  # glob over dataset ids
    role: str | None  # used | training | None (both)
    model: str | None  # training role: only for models matching this glob
    paths: tuple[str, ...]
    scopes: frozenset[str]
    codes: frozenset[str]
    reason: str
    expires: dt.date | None
    origin: RuleOrigin


@record
class DatasetPolicy:
    used: DatasetRules
    training: DatasetRules
    exceptions: tuple[DatasetException, ...]
    declared: bool  # some file in the chain has a datasets: section


def _check_dataset_rules(
    raw: _Raw, section: dict[Any, Any], where: tuple[str, ...], kb: LicenseKB, problems: _Problems
) -> None:
    name = ".".join(where)
    allowed = _DATASET_KEYS if len(where) == 1 else _TRAINING_KEYS
    for key, value in section.items():
        at = (*where, key)
        if key not in allowed:
            problems.add(
                raw.where(*at), f"unknown key '{name}.{key}'{did_you_mean(str(key), allowed)}"
            )
        elif key in LICENSE_LEVELS:
            if not isinstance(value, list):
                problems.add(raw.where(*at), f"'{name}.{key}' must be a list")
                continue
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    problems.add(raw.where(*at, i), "license ids must be strings")
                elif item not in CATEGORIES and not kb.known_id(item):
                    close = did_you_mean(item.lower(), [*CATEGORIES, *kb.ids()])
                    problems.add(
                        raw.where(*at, i), f"unknown license id or category '{item}'{close}"
                    )
        elif key in ("unknown", "unmatched") and value not in LICENSE_LEVELS:
            problems.add(
                raw.where(*at), f"'{name}.{key}' must be one of {', '.join(LICENSE_LEVELS)}"
            )
        elif key == "unresolved" and value not in LINT_LEVELS:
            problems.add(raw.where(*at), f"'{name}.{key}' must be one of {', '.join(LINT_LEVELS)}")


def _check_datasets(raw: _Raw, kb: LicenseKB, problems: _Problems) -> None:
    if "datasets" not in raw.data:
        return
    section = _section(raw, "datasets", problems)
    _check_dataset_rules(raw, section, ("datasets",), kb, problems)
    training = section.get("training", {})
    if not isinstance(training, dict):
        problems.add(raw.where("datasets", "training"), "'datasets.training' must be a mapping")
    else:
        _check_dataset_rules(raw, training, ("datasets", "training"), kb, problems)
    items = section.get("exceptions", [])
    if not isinstance(items, list):
        problems.add(raw.where("datasets", "exceptions"), "'datasets.exceptions' must be a list")
        return
    valid = [c.value for c in Code]
    for i, e in enumerate(items):
        at: tuple[str | int, ...] = ("datasets", "exceptions", i)
        label = f"datasets.exceptions[{i}]"
        if not isinstance(e, dict):
            problems.add(raw.where(*at), f"{label} must be a mapping")
            continue
        for key in e:
            if key not in _DATASET_EXCEPTION_KEYS:
                problems.add(
                    raw.where(*at, key),
                    f"unknown key '{key}' in {label}"
                    f"{did_you_mean(str(key), _DATASET_EXCEPTION_KEYS)}",
                )
        if "dataset" not in e:
            problems.add(raw.where(*at), f"{label} needs a 'dataset' (id or glob)")
        else:
            _check_glob(raw, (*at, "dataset"), e["dataset"], problems)
        if "model" in e:
            _check_glob(raw, (*at, "model"), e["model"], problems)
        if e.get("role", "used") not in DATASET_ROLES:
            problems.add(
                raw.where(*at, "role"), f"'role' must be one of {', '.join(DATASET_ROLES)}"
            )
        if not isinstance(e.get("reason"), str) or not str(e.get("reason", "")).strip():
            problems.add(raw.where(*at), f"{label} needs a 'reason'")
        paths = e.get("paths", [])
        if not isinstance(paths, list):
            problems.add(raw.where(*at, "paths"), "'paths' must be a list of globs")
        else:
            for j, p in enumerate(paths):
                _check_glob(raw, (*at, "paths", j), p, problems)
        scopes = e.get("scopes", [])
        if not isinstance(scopes, list) or any(s not in SCOPES for s in scopes):
            problems.add(
                raw.where(*at, "scopes"), f"'scopes' must be a list of {', '.join(SCOPES)}"
            )
        codes = e.get("codes", [])
        if not isinstance(codes, list) or any(c not in valid for c in codes):
            problems.add(raw.where(*at, "codes"), "'codes' must be a list of finding codes")
        if "expires" in e:
            import datetime as dt

            exp = e["expires"]
            ok = isinstance(exp, dt.date)
            if isinstance(exp, str):
                try:
                    dt.date.fromisoformat(exp)
                    ok = True
                except ValueError:
                    ok = False
            if not ok:
                problems.add(raw.where(*at, "expires"), "'expires' must be a date (YYYY-MM-DD)")


def _merge_datasets(chain: list[_Raw], kb: LicenseKB) -> DatasetPolicy:
    """Parent first, key by key, as for licenses:. With no datasets: section anywhere,
    datasets used directly follow the licenses: rules (see policy/datasets.py)."""
    import datetime as dt

    builtin = RuleOrigin("built-in default", None, "datasets default")
    rules: dict[str, dict[str, Setting]] = {"used": {}, "training": {}}
    scalars: dict[str, dict[str, Setting]] = {
        "used": {
            "unknown": Setting("review", builtin),
            "unmatched": Setting("review", builtin),
            "unresolved": Setting("warn", builtin),
        },
        "training": {
            "unknown": Setting("allow", builtin),
            "unmatched": Setting("allow", builtin),
            "unresolved": Setting("allow", builtin),
        },
    }
    exceptions: list[DatasetException] = []
    declared = False
    for raw in chain:
        section = raw.data.get("datasets")
        if not isinstance(section, dict):
            continue
        declared = True
        for role, body, where in (
            ("used", section, ("datasets",)),
            ("training", section.get("training") or {}, ("datasets", "training")),
        ):
            for level in LICENSE_LEVELS:
                for i, item in enumerate(body.get(level, []) or []):
                    key = item if item in CATEGORIES else _canonical(item, kb)
                    name = ".".join(where)
                    rules[role][key] = Setting(
                        level, raw.origin(f"{name}.{level}[{i}]", *where, level, i)
                    )
            for key in ("unknown", "unmatched", "unresolved"):
                if key in body:
                    scalars[role][key] = Setting(
                        body[key], raw.origin(f"{'.'.join(where)}.{key}", *where, key)
                    )
        for i, e in enumerate(section.get("exceptions", []) or []):
            exp = e.get("expires")
            exceptions.append(
                DatasetException(
                    dataset=e["dataset"],
                    role=e.get("role"),
                    model=e.get("model"),
                    paths=tuple(e.get("paths", [])),
                    scopes=frozenset(e.get("scopes", [])),
                    codes=frozenset(e.get("codes", [])),
                    reason=e["reason"],
                    expires=dt.date.fromisoformat(exp) if isinstance(exp, str) else exp,
                    origin=raw.origin(f"datasets.exceptions[{i}]", "datasets", "exceptions", i),
                )
            )

    def rules_for(role: str) -> DatasetRules:
        s = scalars[role]
        return DatasetRules(rules[role], s["unknown"], s["unmatched"], s["unresolved"])

    return DatasetPolicy(rules_for("used"), rules_for("training"), tuple(exceptions), declared)
