"""GitLab Code Quality report (``artifacts:reports:codequality``) for the merge-request widget.

A JSON array of Code Climate issues, one per finding and place it is used,
with the fields GitLab's docs require: ``description``, ``check_name`` (the
finding code), ``fingerprint``, ``severity`` and ``location.path`` with
``location.lines.begin``.

- Severities: error -> ``critical``, warning -> ``major``, note -> ``info``
  (GitLab's scale is info, minor, major, critical, blocker).
- Fingerprints hash the code, the model, the lineage, the path and the
  finding's ordinal among the same code and model in that file, never the
  line: they stay the same when unrelated lines move, so the widget shows
  what a merge request really adds or fixes. GitLab keys issues by
  fingerprint, so each one is unique in a report.
- A finding that belongs to no file line (an expired exception with no known
  line, a preset's rule) points at the policy file it came from, else at
  ``.modeldeps.yaml``, where it would be fixed.

No byte order mark (GitLab refuses one); strings are written as the JSON
report writes them.
"""

from __future__ import annotations

import hashlib

from modeldeps.model import ScanResult, Severity
from modeldeps.report.base import Reporter
from modeldeps.report.json import dumps

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.NOTE: "info"}
_SUPPLY_CHAIN = {"trust-remote-code", "pickle-weights", "unpinned-revision", "non-safetensors"}
_NO_FILE = ("preset:", "built-in", "license knowledge", "modeldeps")


def fingerprint(*parts: str) -> str:
    raw = "\0".join(parts)
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class GitlabReporter(Reporter):
    def render(self, result: ScanResult) -> str:
        issues: list[dict[str, Any]] = []
        seen: dict[tuple[str, ...], int] = {}

        def add(f_code: str, model: str, lineage: str, path: str, line: int, **rest: Any) -> None:
            key = (f_code, model, lineage, path)
            nth = seen.get(key, 0)
            seen[key] = nth + 1
            issues.append(
                {
                    "type": "issue",
                    "check_name": f_code,
                    "fingerprint": fingerprint(f_code, model, lineage, path, str(nth)),
                    "location": {"path": path, "lines": {"begin": max(1, line)}},
                    "categories": ["Security" if f_code in _SUPPLY_CHAIN else "Compatibility"],
                    "engine_name": "modeldeps",
                    **rest,
                }
            )

        for f in result.findings:
            lineage = ">".join(f.lineage)
            common: dict[str, Any] = {
                "description": f"{f.code}: {f.message}",
                "severity": SEVERITY[f.severity],
            }
            if f.duty:
                common["content"] = {"body": f"Duty: {f.duty}"}
            refs = sorted(f.references, key=lambda r: r.location)
            for ref in refs:
                add(
                    f.code,
                    f.model_id or "",
                    lineage,
                    ref.location.path,
                    ref.location.line,
                    **common,
                )
            if not refs:
                origin = f.origin
                if origin is not None and not origin.file.startswith(_NO_FILE):
                    add(f.code, f.model_id or "", lineage, origin.file, origin.line or 1, **common)
                else:
                    add(f.code, f.model_id or "", lineage, ".modeldeps.yaml", 1, **common)
        return dumps(issues)
