"""ModelRecord <-> plain dict, shared by the cache, the lockfile and the JSON report."""

from __future__ import annotations

from modeldeps.model import LicenseEvidence, LicenseFile, ModelRecord, RecordSource, ResolveStatus

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any


class RecordFormatError(ValueError):
    """A stored record that is not in the shape we write."""


def record_to_dict(rec: ModelRecord, *, excerpt: bool = True) -> dict[str, Any]:
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
        },
        "base_models": list(rec.base_models),
        "relation": rec.relation,
        "gated": rec.gated,
        "private": rec.private,
        "has_card": rec.has_card,
        "datasets": list(rec.datasets),
        "last_modified": rec.last_modified,
        "weight_formats": list(rec.weight_formats),
    }


def _opt_str(d: dict[str, Any], key: str) -> str | None:
    value = d.get(key)
    if value is None or isinstance(value, str):
        return value
    raise RecordFormatError(f"{key} must be a string")


def _str_list(d: dict[str, Any], key: str) -> tuple[str, ...]:
    value = d.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RecordFormatError(f"{key} must be a list of strings")
    return tuple(value)


def record_from_dict(d: object, *, source: RecordSource | None = None) -> ModelRecord:
    """Rebuild a record; raises RecordFormatError for anything we did not write."""
    if not isinstance(d, dict):
        raise RecordFormatError("record must be a mapping")
    try:
        model_id = d["id"]
        status = ResolveStatus(d.get("status", "ok"))
        src = source or RecordSource(d.get("source", "none"))
    except (KeyError, ValueError) as exc:
        raise RecordFormatError(str(exc)) from None
    if not isinstance(model_id, str):
        raise RecordFormatError("id must be a string")
    lic = d.get("license")
    evidence = None
    if lic is not None:
        if not isinstance(lic, dict) or not isinstance(lic.get("source"), str):
            raise RecordFormatError("license must be a mapping with a source")
        evidence = LicenseEvidence(
            _opt_str(lic, "id"),
            lic["source"],
            name=_opt_str(lic, "name"),
            link=_opt_str(lic, "link"),
        )
    lf = d.get("license_file")
    license_file = None
    if lf is not None:
        if (
            not isinstance(lf, dict)
            or not isinstance(lf.get("path"), str)
            or not isinstance(lf.get("sha256"), str)
        ):
            raise RecordFormatError("license_file must name a path and sha256")
        license_file = LicenseFile(lf["path"], lf["sha256"], _opt_str(lf, "excerpt") or "")
    gated = d.get("gated")
    if gated is not None and not isinstance(gated, bool | str):
        raise RecordFormatError("gated must be a bool or string")
    for key in ("private", "has_card"):
        if d.get(key) is not None and not isinstance(d.get(key), bool):
            raise RecordFormatError(f"{key} must be a bool")
    return ModelRecord(
        id=model_id,
        requested_revision=_opt_str(d, "revision"),
        status=status,
        source=src,
        canonical_id=_opt_str(d, "canonical_id"),
        sha=_opt_str(d, "sha"),
        license=evidence,
        base_models=_str_list(d, "base_models"),
        relation=_opt_str(d, "relation"),
        gated=gated,
        private=d.get("private"),
        has_card=d.get("has_card"),
        datasets=_str_list(d, "datasets"),
        last_modified=_opt_str(d, "last_modified"),
        weight_formats=_str_list(d, "weight_formats"),
        reason=_opt_str(d, "reason"),
        license_file=license_file,
    )
