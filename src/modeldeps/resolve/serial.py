"""ModelRecord <-> plain dict, shared by the cache, the lockfile and the JSON report.

:func:`record_from_dict` is the one schema of a stored record: every field is
type-checked, every string must be valid Unicode (a lone surrogate cannot be
written as UTF-8), shas are hex, and an unknown field is refused. The Hub
edge (``hub.record_from_info``) passes what it built through
:func:`validated`, the same rules, so whatever ``lock`` writes ``scan`` reads
back and whatever the cache stores it finds again.
"""

from __future__ import annotations

from modeldeps.model import (
    Asset,
    CardTerms,
    Edge,
    EdgeSource,
    LicenseEvidence,
    LicenseFile,
    ModelRecord,
    RecordSource,
    ResolveStatus,
)

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any

# Every key record_to_dict writes; the lock writes a subset of them.
FIELDS = frozenset(
    {
        "id",
        "revision",
        "canonical_id",
        "sha",
        "status",
        "source",
        "reason",
        "license",
        "license_file",
        "base_models",
        "relation",
        "gated",
        "private",
        "has_card",
        "datasets",
        "last_modified",
        "weight_formats",
        "edges",
        "terms",
        # datasets only (written for a dataset record, absent for a model's)
        "kind",
        "tasks",
        "gated_terms",
    }
)
_LICENSE_FIELDS = frozenset({"id", "source", "name", "link"})
_LICENSE_FILE_FIELDS = frozenset({"path", "sha256", "excerpt", "text_sha256"})
_EDGE_FIELDS = frozenset({"base", "source", "relation", "evidence"})
_TERMS_FIELDS = frozenset({"commercial", "excluded_regions", "evidence"})
_HEX = frozenset("0123456789abcdef")


class RecordFormatError(ValueError):
    """A stored record that is not in the shape we write."""


def record_to_dict(rec: ModelRecord, *, excerpt: bool = True) -> dict[str, Any]:
    d = _record_to_dict(rec, excerpt=excerpt)
    if rec.asset is not Asset.MODEL:  # a model's record keeps the shape it always had
        d["kind"] = str(rec.asset)
        d["tasks"] = list(rec.tasks)
        d["gated_terms"] = rec.gated_terms
    return d


def _record_to_dict(rec: ModelRecord, *, excerpt: bool = True) -> dict[str, Any]:
    lic = rec.license
    lf = rec.license_file
    return {
        "id": rec.id,
        "revision": rec.requested_revision,
        "canonical_id": rec.canonical_id,
        "sha": rec.sha,
        "status": str(rec.status),
        "source": str(rec.source),
        "reason": rec.reason,
        "license": None
        if lic is None
        else {
            "id": lic.value,
            "source": lic.source,
            "name": lic.name,
            "link": lic.link,
        },
        "license_file": None
        if lf is None
        else {
            "path": lf.path,
            "sha256": lf.sha256,
            **({"excerpt": lf.excerpt} if excerpt else {}),
            **({"text_sha256": lf.text_sha256} if lf.text_sha256 else {}),
        },
        "base_models": list(rec.base_models),
        "relation": rec.relation,
        "gated": rec.gated,
        "private": rec.private,
        "has_card": rec.has_card,
        "datasets": list(rec.datasets),
        "last_modified": rec.last_modified,
        "weight_formats": list(rec.weight_formats),
        # written only when there are some: locks and caches of models without them keep
        # their shape byte for byte
        **({"edges": [edge_to_dict(e) for e in rec.edges]} if rec.edges else {}),
        **({"terms": terms_to_dict(rec.terms)} if rec.terms is not None else {}),
    }


def edge_to_dict(e: Edge) -> dict[str, Any]:
    return {
        "base": e.base,
        "source": str(e.source),
        "relation": e.relation,
        "evidence": e.evidence,
    }


def terms_to_dict(t: CardTerms) -> dict[str, Any]:
    return {
        "commercial": t.commercial,
        "excluded_regions": list(t.excluded_regions),
        "evidence": list(t.evidence),
    }


def _edges(value: object) -> tuple[Edge, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RecordFormatError("edges must be a list")
    out = []
    for i, item in enumerate(value):
        e = _mapping(item, f"edges[{i}]", _EDGE_FIELDS)
        try:
            source = EdgeSource(_req_str(e, "source", f"edges[{i}].source"))
        except ValueError:
            raise RecordFormatError(f"edges[{i}].source: unknown value") from None
        out.append(
            Edge(
                _req_str(e, "base", f"edges[{i}].base"),
                source,
                _opt_str(e, "relation", f"edges[{i}].relation"),
                _opt_str(e, "evidence", f"edges[{i}].evidence") or "",
            )
        )
    return tuple(out)


def _terms(value: object) -> CardTerms | None:
    if value is None:
        return None
    t = _mapping(value, "terms", _TERMS_FIELDS)
    return CardTerms(
        commercial=_opt_bool(t, "commercial"),
        excluded_regions=_str_list(t, "excluded_regions"),
        evidence=_str_list(t, "evidence"),
    )


def _text(value: object, key: str) -> str:
    if not isinstance(value, str):
        raise RecordFormatError(f"{key} must be a string")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordFormatError(f"{key} is not valid Unicode (a lone surrogate)") from None
    return value


def _opt_str(d: dict[str, Any], key: str, label: str | None = None) -> str | None:
    value = d.get(key)
    return None if value is None else _text(value, label or key)


def _req_str(d: dict[str, Any], key: str, label: str | None = None) -> str:
    value = d.get(key)
    if value is None:
        raise RecordFormatError(f"{label or key} is missing")
    return _text(value, label or key)


def _hex(value: str | None, key: str, lengths: tuple[int, ...]) -> str | None:
    if value is not None and (len(value) not in lengths or not set(value) <= _HEX):
        want = " or ".join(str(n) for n in lengths)
        raise RecordFormatError(f"{key} must be {want} lowercase hex digits")
    return value


def _str_list(d: dict[str, Any], key: str) -> tuple[str, ...]:
    value = d.get(key)
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RecordFormatError(f"{key} must be a list of strings")
    return tuple(_text(v, f"{key}[{i}]") for i, v in enumerate(value))


def _opt_bool(d: dict[str, Any], key: str) -> bool | None:
    value = d.get(key)
    if value is not None and not isinstance(value, bool):
        raise RecordFormatError(f"{key} must be a bool")
    return value


def _mapping(value: object, key: str, allowed: frozenset[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RecordFormatError(f"{key} must be a mapping")
    unknown = sorted(str(k) for k in value if k not in allowed)
    if unknown:
        raise RecordFormatError(f"{key}: unknown field {unknown[0]!r}")
    return value


def _enum(value: object, key: str, kind: type[ResolveStatus] | type[RecordSource]) -> Any:
    if not isinstance(value, str):
        raise RecordFormatError(f"{key} must be a string")
    try:
        return kind(value)
    except ValueError:
        raise RecordFormatError(f"{key}: unknown value {value[:40]!r}") from None


def record_from_dict(d: object, *, source: RecordSource | None = None) -> ModelRecord:
    """Rebuild a record; raises RecordFormatError for anything we did not write."""
    d = _mapping(d, "record", FIELDS)
    model_id = _req_str(d, "id")
    if not model_id:
        raise RecordFormatError("id must not be empty")
    status = _enum(d.get("status", "ok"), "status", ResolveStatus)
    src = source or _enum(d.get("source", "none"), "source", RecordSource)
    lic = d.get("license")
    evidence = None
    if lic is not None:
        lic = _mapping(lic, "license", _LICENSE_FIELDS)
        evidence = LicenseEvidence(
            _opt_str(lic, "id", "license.id"),
            _req_str(lic, "source", "license.source"),
            name=_opt_str(lic, "name", "license.name"),
            link=_opt_str(lic, "link", "license.link"),
        )
    lf = d.get("license_file")
    license_file = None
    if lf is not None:
        lf = _mapping(lf, "license_file", _LICENSE_FILE_FIELDS)
        digest = _hex(_req_str(lf, "sha256", "license_file.sha256"), "license_file.sha256", (64,))
        assert digest is not None
        license_file = LicenseFile(
            _req_str(lf, "path", "license_file.path"),
            digest,
            _opt_str(lf, "excerpt", "license_file.excerpt") or "",
            _hex(
                _opt_str(lf, "text_sha256", "license_file.text_sha256"),
                "license_file.text_sha256",
                (64,),
            ),
        )
    gated = d.get("gated")
    if isinstance(gated, str):
        _text(gated, "gated")
    elif gated is not None and not isinstance(gated, bool):
        raise RecordFormatError("gated must be a bool or string")
    return ModelRecord(
        id=model_id,
        requested_revision=_opt_str(d, "revision"),
        status=status,
        source=src,
        canonical_id=_opt_str(d, "canonical_id"),
        sha=_hex(_opt_str(d, "sha"), "sha", (40, 64)),
        license=evidence,
        base_models=_str_list(d, "base_models"),
        relation=_opt_str(d, "relation"),
        gated=gated,
        private=_opt_bool(d, "private"),
        has_card=_opt_bool(d, "has_card"),
        datasets=_str_list(d, "datasets"),
        last_modified=_opt_str(d, "last_modified"),
        weight_formats=_str_list(d, "weight_formats"),
        reason=_opt_str(d, "reason"),
        license_file=license_file,
        edges=_edges(d.get("edges")),
        terms=_terms(d.get("terms")),
        asset=_asset(d.get("kind", "model")),
        tasks=_str_list(d, "tasks"),
        gated_terms=_opt_str(d, "gated_terms"),
    )


def _asset(value: object) -> Asset:
    if value == "model":
        return Asset.MODEL
    if value == "dataset":
        return Asset.DATASET
    raise RecordFormatError(f"kind: unknown value {str(value)[:40]!r} (model or dataset)")


def validated(rec: ModelRecord) -> ModelRecord:
    """``rec`` if it meets the stored-record schema; RecordFormatError otherwise.

    A record built from a Hub answer goes through this before anyone stores
    it, so the cache and the lock never hold what they would refuse to read.
    """
    return record_from_dict(record_to_dict(rec), source=rec.source)
