"""``modeldeps.lock``: what was resolved, pinned so CI can run offline.

The file is JSON written deterministically (sorted entries and keys, no
timestamps), so a change upstream -- a new commit, a relicensed model, a new
base model -- shows up as a readable diff in review.
"""

from __future__ import annotations

import json

from modeldeps import __version__
from modeldeps.errors import LockError
from modeldeps.model import ModelRecord, RecordSource, ResolveStatus
from modeldeps.record import record, replace
from modeldeps.resolve.serial import RecordFormatError, record_from_dict, record_to_dict

SCHEMA = "modeldeps.lock/1"
_EXCERPT = 300  # enough to recognise a license by its title; the full text stays upstream
# Fields compared by ``lock --check``; a difference in any is upstream drift.
_COMPARED = (
    "canonical_id",
    "sha",
    "license",
    "license_file",
    "base_models",
    "relation",
    "gated",
    "private",
)

Key = tuple[str, str | None]


@record
class Lock:
    path: str
    generated_by: str | None
    records: dict[Key, ModelRecord]

    def get(self, model_id: str, revision: str | None) -> ModelRecord | None:
        return self.records.get((model_id, revision))


def _entry(record: ModelRecord) -> dict[str, object]:
    d = record_to_dict(record)
    for transient in ("status", "source", "reason", "has_card"):
        d.pop(transient, None)
    lf = d.get("license_file")
    if isinstance(lf, dict) and isinstance(lf.get("excerpt"), str):
        lf["excerpt"] = lf["excerpt"][:_EXCERPT]
    return d


def render(records: list[ModelRecord]) -> str:
    ok = [r for r in records if r.status is ResolveStatus.OK]
    ok.sort(key=lambda r: (r.id, r.requested_revision or ""))
    doc = {
        "schema": SCHEMA,
        "generated_by": f"modeldeps {__version__}",
        "models": [_entry(r) for r in ok],
    }
    return json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(path: str, records: list[ModelRecord]) -> None:
    from modeldeps.safeio import describe, write_text

    try:
        write_text(path, render(records))
    except OSError as exc:
        raise LockError(f"{path}: cannot write lockfile: {describe(exc)}") from None


def read(path: str) -> Lock | None:
    """The lock at ``path``; None when there is none; LockError when it is unusable."""
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise LockError(f"{path}: cannot read lockfile: {exc}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockError(
            f"{path}:{exc.lineno}: lockfile is not valid JSON: {exc.msg}",
            hint="regenerate it with 'modeldeps lock'",
        ) from None
    except RecursionError:
        raise LockError(f"{path}: lockfile is nested too deeply") from None
    if not isinstance(doc, dict) or doc.get("schema") != SCHEMA:
        raise LockError(
            f'{path}: not a modeldeps lockfile (expected "schema": "{SCHEMA}")',
            hint="regenerate it with 'modeldeps lock'",
        )
    models = doc.get("models")
    if not isinstance(models, list):
        raise LockError(f'{path}: "models" must be a list')
    records: dict[Key, ModelRecord] = {}
    for i, entry in enumerate(models):
        try:
            rec = record_from_dict(
                {**entry, "status": "ok"} if isinstance(entry, dict) else entry,
                source=RecordSource.LOCK,
            )
        except RecordFormatError as exc:
            raise LockError(
                f"{path}: models[{i}]: {exc}", hint="regenerate it with 'modeldeps lock'"
            ) from None
        records[(rec.id, rec.requested_revision)] = rec
    generated = doc.get("generated_by")
    return Lock(path, generated if isinstance(generated, str) else None, records)


def diff(old: Lock | None, new: list[ModelRecord], referenced: set[Key]) -> list[str]:
    """Human-readable differences between a lock and freshly resolved records."""
    lines: list[str] = []
    fresh = {(r.id, r.requested_revision): r for r in new if r.status is ResolveStatus.OK}
    locked = old.records if old is not None else {}
    for key in sorted(referenced | set(fresh), key=lambda k: (k[0], k[1] or "")):
        label = key[0] + (f"@{key[1]}" if key[1] else "")
        if key not in locked:
            if key in fresh:
                lines.append(f"+ {label}: not in the lock")
            continue
        if key not in fresh:
            continue  # could not resolve now; reported as unresolved elsewhere
        a = _entry(replace(locked[key], source=RecordSource.LOCK))
        b = _entry(fresh[key])
        for fld in _COMPARED:
            if _comparable(a.get(fld)) != _comparable(b.get(fld)):
                lines.append(f"~ {label}: {fld} {_show(a.get(fld))} -> {_show(b.get(fld))}")
    for key in sorted(set(locked) - set(fresh) - referenced, key=lambda k: (k[0], k[1] or "")):
        lines.append(f"- {key[0]}{'@' + key[1] if key[1] else ''}: no longer used")
    return lines


def _show(value: object) -> str:
    """A field value as a person reads it in a diff."""
    if value is None or value == []:
        return "none"
    if isinstance(value, dict) and "source" in value:  # license evidence
        ident = value.get("id") or "none"
        name = f" ({value['name']})" if value.get("name") else ""
        return f"{ident}{name} from {value['source']}"
    if isinstance(value, dict) and "sha256" in value:  # license file
        return f"{value.get('path')}@{str(value.get('sha256'))[:12]}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _comparable(value: object) -> object:
    if isinstance(value, dict) and "excerpt" in value:
        return {k: v for k, v in value.items() if k != "excerpt"}
    return value
