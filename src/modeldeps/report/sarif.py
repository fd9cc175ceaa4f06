"""SARIF 2.1.0 for code scanning: one rule per finding code, one result per use.

``artifactLocation.uri`` is a relative URI reference percent-encoded from the
path's bytes (``textsafe.uri``), so ``#``, ``?``, ``%``, spaces and names that
are not UTF-8 still name the file; strings are written as the JSON report
writes them (valid Unicode, no token, C1 and bidi escaped).
"""

from __future__ import annotations

import hashlib

from modeldeps import __version__
from modeldeps.model import Finding, Reference, ScanResult, Severity
from modeldeps.policy.codes import HELP_URI, INFO, Code
from modeldeps.report.base import Reporter
from modeldeps.report.json import dumps
from modeldeps.textsafe import uri

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def _rule(code: Code) -> dict[str, Any]:
    info = INFO[code]
    name = "".join(part.capitalize() for part in code.value.split("-"))
    return {
        "id": code.value,
        "name": name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.summary},
        "help": {
            "text": f"{info.summary} See docs/codes.md#{code.value}.",
            "markdown": f"{info.summary} See [docs/codes.md]({HELP_URI.format(code=code.value)}).",
        },
        "helpUri": HELP_URI.format(code=code.value),
        "defaultConfiguration": {"level": _LEVEL[info.severity]},
    }


def fingerprint(f: Finding, path: str) -> str:
    """Stable across commits: no line numbers, which move when unrelated lines change."""
    raw = "\0".join([f.code, f.model_id or "", path, ">".join(f.lineage)])
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _location(path: str, line: int | None, column: int | None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(1, line or 1)}
    if column:
        region["startColumn"] = max(1, column)
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": uri(path), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }
    }


class SarifReporter(Reporter):
    def render(self, result: ScanResult) -> str:
        results: list[dict[str, Any]] = []
        for f in result.findings:
            refs: list[Reference | None] = list(f.references) or [None]
            for ref in refs:
                if ref is not None:
                    loc = _location(ref.location.path, ref.location.line, ref.location.column)
                    path = ref.location.path
                elif f.origin is not None and not f.origin.file.startswith(
                    ("preset:", "built-in", "license knowledge")
                ):
                    loc = _location(f.origin.file, f.origin.line, None)
                    path = f.origin.file
                else:
                    continue  # code scanning needs a file to attach a result to
                props: dict[str, Any] = {"model_id": f.model_id, "asset": str(f.asset)}
                if ref is not None:
                    props["scope"] = str(ref.scope)
                if f.lineage:
                    props["lineage"] = list(f.lineage)
                if f.lineage_sources:
                    # declared, tag, card-text, gguf-metadata, known-family or name, per edge
                    props["lineageSources"] = list(f.lineage_sources)
                if f.origin is not None:
                    props["rule_origin"] = (
                        f"{f.origin.file}:{f.origin.line}" if f.origin.line else f.origin.file
                    )
                results.append(
                    {
                        "ruleId": f.code,
                        "level": _LEVEL[f.severity],
                        "message": {"text": f.message},
                        "locations": [loc],
                        "partialFingerprints": {"modeldeps/v1": fingerprint(f, path)},
                        "properties": props,
                    }
                )
        doc = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "modeldeps",
                            "version": __version__,
                            "semanticVersion": __version__,
                            "informationUri": HELP_URI.split("/blob/")[0],
                            "rules": [_rule(c) for c in Code],
                        }
                    },
                    "results": results,
                    "columnKind": "unicodeCodePoints",
                }
            ],
        }
        return dumps(doc)
