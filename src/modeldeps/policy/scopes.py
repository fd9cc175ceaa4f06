"""What each scope may decide: the policy's ``scopes:`` caps applied to findings.

A README example or a commented-out alternative is inventoried like any other
reference, but a policy may say that such places cannot fail a commit on their
own: ``scopes: {docs: warning, comment: warning}`` (the presets' choice) caps
the severity of a finding whose references all sit in capped scopes, and
``ignore`` lets a scope raise no finding at all. A finding keeps the severity
of its most decisive reference: a denied model named in code and in a README
is still an error.
"""

from __future__ import annotations

from modeldeps.model import Finding, Severity
from modeldeps.record import replace

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from collections.abc import Mapping

    from modeldeps.policy.config import Setting

_RANK = {"ignore": -1, "note": 0, "warning": 1, "error": 2}
_SEVERITY = {"note": Severity.NOTE, "warning": Severity.WARNING, "error": Severity.ERROR}


def apply_scopes(findings: list[Finding], scopes: Mapping[str, Setting]) -> list[Finding]:
    """``findings`` with every scope cap of the policy applied (see the module doc)."""
    caps = {scope: s for scope, s in scopes.items() if s.value != "error"}
    if not caps:
        return findings
    out: list[Finding] = []
    for f in findings:
        if not f.references:
            out.append(f)  # about the run or the policy itself, not a place in the code
            continue
        kept = tuple(r for r in f.references if _level(caps, r.scope) != "ignore")
        if not kept:
            continue
        level = max((_level(caps, r.scope) for r in kept), key=_RANK.__getitem__)
        if _RANK[level] >= _RANK[f.severity.value]:
            out.append(f if len(kept) == len(f.references) else replace(f, references=kept))
            continue
        where = sorted({r.scope.value for r in kept})
        rules = sorted({_where(caps[w]) for w in where if w in caps})
        note = f" (only in {', '.join(where)}: capped at {level} by {', '.join(rules)})"
        out.append(replace(f, references=kept, severity=_SEVERITY[level], message=f.message + note))
    return out


def _level(caps: Mapping[str, Setting], scope: str) -> str:
    setting = caps.get(scope)
    return "error" if setting is None else str(setting.value)


def _where(setting: Setting) -> str:
    o = setting.origin
    return f"{o.file}:{o.line} {o.rule}" if o.line else f"{o.file} {o.rule}"
