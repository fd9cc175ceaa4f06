"""The JSON report: a versioned contract, ``"schema": "modeldeps.report/1"``.

Additions are backwards compatible; a change that removes or retypes a field
bumps the version.

Every string is valid Unicode and holds no token: a file name that is not
UTF-8 is shown with U+FFFD for each undecodable byte and carried losslessly in
``path_uri`` (its bytes, percent-encoded); C1, bidi and ``##[`` are written as
``\\uNNNN`` escapes, so the file is inert in a terminal or a CI log.
"""

from __future__ import annotations

import json

from modeldeps import __version__
from modeldeps.model import Finding, ModelRecord, Note, Reference, ResolveStatus, ScanResult
from modeldeps.report.base import Reporter
from modeldeps.resolve.serial import edge_to_dict, record_to_dict
from modeldeps.textsafe import deep_clean, has_surrogates, json_safe, uri

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any

SCHEMA = "modeldeps.report/1"


def path_fields(path: str) -> dict[str, str]:
    """``path``, plus ``path_uri`` (lossless) when the name is not valid UTF-8."""
    if has_surrogates(path):
        return {"path": path, "path_uri": uri(path)}
    return {"path": path}


def reference_dict(ref: Reference) -> dict[str, Any]:
    return {
        **path_fields(ref.location.path),
        "line": ref.location.line,
        "column": ref.location.column,
        "model_id": ref.model_id,
        "revision": ref.revision,
        "kind": str(ref.kind),
        "scope": str(ref.scope),
        "asset": str(ref.asset),
        "flags": sorted(ref.flags),
    }


def record_dict(rec: ModelRecord) -> dict[str, Any]:
    d = record_to_dict(rec, excerpt=False)
    if rec.status is ResolveStatus.OK:
        d["edges"] = edge_dicts(rec)
    return d


def edge_dicts(rec: ModelRecord) -> list[dict[str, Any]]:
    """Every lineage edge of ``rec``, inferred ones included, each with its source."""
    from modeldeps.knowledge.families import is_family, load_families
    from modeldeps.resolve.lineage import edges_of

    out = []
    for e in edges_of(rec):
        d: dict[str, Any] = {**edge_to_dict(e), "inferred": e.inferred}
        fam = load_families().get(e.base) if is_family(e.base) else None
        if fam is not None:
            d["family"] = {
                "key": fam.key,
                "name": fam.name,
                "license": fam.license,
                "sources": list(fam.sources),
                "checked": fam.checked,
                "uncertain": fam.uncertain,
            }
        out.append(d)
    return out


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": str(f.severity),
        "model_id": f.model_id,
        "message": f.message,
        "duty": f.duty,
        "asset": str(f.asset),
        "lineage": list(f.lineage),
        "lineage_sources": list(f.lineage_sources),
        "references": [
            {**path_fields(r.location.path), "line": r.location.line, "column": r.location.column}
            for r in f.references
        ],
        "origin": None
        if f.origin is None
        else {
            "file": f.origin.file,
            "line": f.origin.line,
            "rule": f.origin.rule,
        },
    }


def dataset_uses(result: ScanResult) -> dict[tuple[str, str | None], list[dict[str, Any]]]:
    """Per dataset record: how the scan uses it (directly, as a model's training data
    with the lineage it is inherited through, or as the source another dataset derives
    from)."""
    from modeldeps.policy.datasets import training_uses

    uses: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    counts: dict[tuple[str, str | None], int] = {}
    for ref in result.references:
        if ref.asset == "dataset":
            key = (ref.model_id, ref.revision)
            counts[key] = counts.get(key, 0) + 1
    for key, n in counts.items():
        uses.setdefault(key, []).append({"role": "used", "references": n})
    models = {(r.id, r.requested_revision): r for r in result.records}
    referenced = dict.fromkeys(
        (r.model_id, r.revision) for r in result.references if r.asset == "model"
    )
    for key in referenced:
        for use in training_uses(key, models)[0]:
            entry = {"role": "training", "model": use.model, "via": list(use.via)}
            uses.setdefault((use.dataset, None), []).append(entry)
    for rec in result.datasets:
        for base in rec.base_models:
            uses.setdefault((base, None), []).append({"role": "source", "dataset": rec.id})
    return uses


def dataset_dicts(result: ScanResult) -> list[dict[str, Any]]:
    uses = dataset_uses(result) if result.datasets else {}
    return [
        {**record_dict(r), "uses": uses.get((r.id, r.requested_revision), [])}
        for r in result.datasets
    ]


def note_dict(n: Note) -> dict[str, Any]:
    return {**path_fields(n.path), "line": n.line, "kind": n.kind, "message": n.message}


from modeldeps.report.apimodels import api_model_dict, by_provider  # noqa: E402


class JsonReporter(Reporter):
    def render(self, result: ScanResult) -> str:
        s = result.stats
        doc = {
            "schema": SCHEMA,
            "tool": {"name": "modeldeps", "version": __version__},
            "partial": result.partial,
            "resolved": result.resolved,
            "references": [reference_dict(r) for r in result.references],
            "models": [record_dict(r) for r in result.records],
            "datasets": dataset_dicts(result),
            "findings": [finding_dict(f) for f in result.findings],
            # hosted API models: an optional field of schema 1 (report/apimodels.py)
            "api_models": [
                api_model_dict(result, a) for group in by_provider(result).values() for a in group
            ],
            "notes": [note_dict(n) for n in result.notes],
            # run-level warnings of the resolver: an optional field of schema 1
            "messages": list(result.messages),
            "summary": {
                "files_seen": s.files_seen,
                "files_scanned": s.files_scanned,
                "files_skipped": s.files_skipped,
                "files_failed": s.files_failed,
                "bytes_scanned": s.bytes_scanned,
                "skipped_by_reason": dict(sorted(s.skipped_by_reason.items())),
                "references": len(result.references),
                "models": len({r.model_id for r in result.references if r.asset == "model"}),
                "datasets": len({r.model_id for r in result.references if r.asset == "dataset"}),
                "findings": len(result.findings),
            },
        }
        return dumps(doc)


def dumps(doc: object) -> str:
    """JSON text of ``doc`` made safe (see the module docstring), for every JSON format."""
    return json_safe(json.dumps(deep_clean(doc), indent=2, ensure_ascii=False)) + "\n"
