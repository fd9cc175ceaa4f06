"""``modeldeps.lock``: what was resolved, pinned so CI can run offline.

The file is JSON written deterministically (sorted entries and keys, no
timestamps), so a change upstream -- a new commit, a relicensed model, a new
base model -- shows up as a readable diff in review.

The lock is an input a contributor controls, so it is read as a bounded
regular file (never through a link, never a FIFO or a device, at most
MAX_BYTES) and every field is checked by the one record schema of
``serial.py``. Online, ``scan`` checks the entries it uses against the Hub at
their pinned commit (:func:`verify`); ``--offline`` trusts them as written.
``lock`` never drops a pin because the Hub could not be asked this time
(:func:`merge`).
"""

from __future__ import annotations

import json

from modeldeps import __version__
from modeldeps.errors import LockError
from modeldeps.model import Asset, ModelRecord, RecordSource, ResolveStatus
from modeldeps.record import field, record, replace
from modeldeps.resolve.serial import FIELDS, RecordFormatError, record_from_dict, record_to_dict

SCHEMA = "modeldeps.lock/1"
# A lock for 10,000 models is about 8 MB; anything larger is not one we wrote.
MAX_BYTES = 32 << 20
_TRANSIENT_FIELDS = ("status", "source", "reason", "has_card")
_ENTRY_FIELDS = FIELDS - set(_TRANSIENT_FIELDS)
_TOP_FIELDS = frozenset({"schema", "generated_by", "models"})
_HINT = "regenerate it with 'modeldeps lock'"
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
    # entries with "kind": "dataset" (a model and a dataset may share an id)
    datasets: dict[Key, ModelRecord] = field(default_factory=dict)

    def get(self, model_id: str, revision: str | None) -> ModelRecord | None:
        return self.records.get((model_id, revision))

    def dataset_view(self) -> Lock:
        """The dataset entries as a lock of their own, for the dataset resolver."""
        return Lock(self.path, self.generated_by, self.datasets)


def _entry(record: ModelRecord) -> dict[str, object]:
    d = record_to_dict(record)
    for transient in _TRANSIENT_FIELDS:
        d.pop(transient, None)
    lf = d.get("license_file")
    if isinstance(lf, dict) and isinstance(lf.get("excerpt"), str):
        lf["excerpt"] = lf["excerpt"][:_EXCERPT]
    return d


def render(records: list[ModelRecord]) -> str:
    ok = list({(r.asset, r.key): r for r in records if r.status is ResolveStatus.OK}.values())
    ok.sort(key=lambda r: (r.asset is not Asset.MODEL, r.id, r.requested_revision or ""))
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
    from modeldeps.safeio import describe, read_regular

    try:
        data = read_regular(path, MAX_BYTES)
    except OSError as exc:
        raise LockError(f"{path}: cannot read lockfile: {describe(exc)}") from None
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LockError(f"{path}:{line}: lockfile is not UTF-8", hint=_HINT) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LockError(
            f"{path}:{exc.lineno}: lockfile is not valid JSON: {exc.msg}", hint=_HINT
        ) from None
    except RecursionError:
        raise LockError(f"{path}: lockfile is nested too deeply") from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
        raise LockError(f"{path}: lockfile is not valid JSON: {exc}", hint=_HINT) from None
    schema = doc.get("schema") if isinstance(doc, dict) else None
    if schema != SCHEMA:
        if isinstance(schema, str) and schema.startswith("modeldeps.lock/"):
            raise _other_schema(path, schema, doc.get("generated_by"))
        raise LockError(
            f'{path}: not a modeldeps lockfile (expected "schema": "{SCHEMA}")', hint=_HINT
        )
    unknown = sorted(str(k) for k in doc if k not in _TOP_FIELDS)
    if unknown:
        raise LockError(f"{path}: unknown field {unknown[0][:40]!r}", hint=_HINT)
    generated = doc.get("generated_by")
    if generated is not None and not isinstance(generated, str):
        raise LockError(f'{path}: "generated_by" must be a string', hint=_HINT)
    models = doc.get("models")
    if not isinstance(models, list):
        raise LockError(f'{path}: "models" must be a list')
    records: dict[Key, ModelRecord] = {}
    dataset_records: dict[Key, ModelRecord] = {}
    for i, entry in enumerate(models):
        try:
            if not isinstance(entry, dict):
                raise RecordFormatError("an entry must be a mapping")
            extra = sorted(str(k) for k in entry if k not in _ENTRY_FIELDS)
            if extra:
                raise RecordFormatError(f"unknown field {extra[0][:40]!r}")
            rec = record_from_dict({**entry, "status": "ok"}, source=RecordSource.LOCK)
        except RecordFormatError as exc:
            raise LockError(f"{path}: models[{i}]: {exc}", hint=_HINT) from None
        into = records if rec.asset is Asset.MODEL else dataset_records
        if rec.key in into:
            raise LockError(
                f"{path}: models[{i}]: a second entry for {_label(rec.key)}",
                hint="remove one of them, or " + _HINT,
            )
        into[rec.key] = rec
    return Lock(path, generated, records, dataset_records)


def _label(key: Key) -> str:
    return key[0] + (f"@{key[1]}" if key[1] else "")


# -- lock: never drop a pin because the Hub could not be asked ---------------------


@record
class Merged:
    """What ``lock`` writes: fresh answers, and old pins for what failed this time."""

    records: list[ModelRecord]  # to write (status ok)
    kept: list[tuple[ModelRecord, str]]  # old pins kept, with why
    failed: list[ModelRecord]  # failed now, no old pin to keep


def merge(old: Lock | None, resolved: dict[Key, ModelRecord]) -> Merged:
    """Fresh records where the Hub answered; the old pin wherever it did not.

    A model that could not be resolved now -- the Hub unreachable, rate
    limited, over the deadline, or refusing this token -- keeps its old pin,
    and so does every ancestor that pin names (the lineage was not walked
    past a failure, so those ancestors were never asked). Pins go only when
    no reference uses the model any more.
    """
    write = {k: r for k, r in resolved.items() if r.status is ResolveStatus.OK}
    kept: list[tuple[ModelRecord, str]] = []
    failed: list[ModelRecord] = []
    locked = old.records if old is not None else {}
    todo: list[tuple[Key, str]] = []
    for key, rec in sorted(resolved.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if rec.status is ResolveStatus.OK:
            continue
        if key in locked:
            todo.append((key, f"{rec.status} ({rec.reason or 'no reason given'})"))
        else:
            failed.append(rec)
    while todo:
        key, why = todo.pop(0)
        if key in write or key not in locked:
            continue
        pin = locked[key]
        write[key] = pin
        kept.append((pin, why))
        todo.extend(
            ((b, None), f"base model of {_label(key)}, kept with it") for b in pin.base_models
        )
    return Merged(list(write.values()), kept, failed)


# -- scan: check the lock entries it uses against the Hub --------------------------

# Fields a lock entry must share with the Hub's answer at its pinned commit: every field
# the policy reads, at a revision that cannot move.
_VERIFIED = (*_COMPARED, "datasets", "weight_formats")
# Outcomes of the check that say nothing about the entry: it is trusted as offline.
_UNCHECKED = frozenset(
    {
        ResolveStatus.UNREACHABLE,
        ResolveStatus.RATE_LIMITED,
        ResolveStatus.UNAUTHORIZED,
        ResolveStatus.GATED,
        ResolveStatus.OFFLINE_MISS,
    }
)


def pinned_key(rec: ModelRecord) -> Key:
    """Where the Hub is asked to confirm a lock entry: its id at the commit it pins."""
    return (rec.id, rec.sha or rec.requested_revision)


def verify(path: str, used: list[ModelRecord], hub: dict[Key, ModelRecord | None]) -> list[str]:
    """Check lock entries against the Hub's records at their pinned commits.

    Raises LockError naming every entry the Hub contradicts (a field differs, or
    the Hub has no such model or commit); returns one note for the entries it
    could not check (the Hub did not answer), which stay trusted as written.
    """
    problems: list[str] = []
    unchecked: list[str] = []
    for rec in sorted(used, key=lambda r: (r.id, r.requested_revision or "")):
        label = _label(rec.key)
        at = f"at {rec.sha[:12]}" if rec.sha else f"at {rec.requested_revision or 'main'}"
        answer = hub.get(pinned_key(rec))
        if answer is None or answer.status in _UNCHECKED:
            why = "no answer" if answer is None else str(answer.status)
            unchecked.append(f"{label} ({why})")
            continue
        if answer.status is not ResolveStatus.OK:
            problems.append(
                f"{label}: the Hub has no such model {at} "
                f"({answer.status}: {answer.reason or 'no reason given'})"
            )
            continue
        a = _entry(replace(rec, source=RecordSource.LOCK))
        b = _entry(answer)
        for fld in _VERIFIED:
            if _comparable(a.get(fld)) != _comparable(b.get(fld)):
                problems.append(
                    f"{label}: {fld} is {_show(a.get(fld))} in the lock but "
                    f"{_show(b.get(fld))} on the Hub {at}"
                )
    if problems:
        import os

        where = os.path.normpath(path)
        why = "edited by hand, forged, or stale"
        raise LockError(
            f"{where}: {problems[0]} ({why})"
            if len(problems) == 1
            else f"{where}: {len(problems)} entries disagree with the Hub ({why}):\n"
            + "\n".join(f"  {p}" for p in problems),
            hint="do not merge a lock change you cannot explain; 'modeldeps lock' rewrites "
            "it from the Hub, 'modeldeps lock --check' shows the difference, and "
            "'scan --offline' trusts the lock as written",
        )
    if not unchecked:
        return []
    shown = ", ".join(unchecked[:5]) + (
        f" and {len(unchecked) - 5} more" if len(unchecked) > 5 else ""
    )
    return [
        f"{len(unchecked)} lockfile entr{'y' if len(unchecked) == 1 else 'ies'} could not be "
        f"checked against the Hub and {'is' if len(unchecked) == 1 else 'are'} trusted as "
        f"written, as with --offline: {shown}"
    ]


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


def _other_schema(path: str, schema: str, generated: object) -> LockError:
    """The error for a lock of another schema version: a newer one is never to be
    regenerated (that would downgrade it), an older one is."""
    by = f" ({generated[:40]!r})" if isinstance(generated, str) else ""
    tail = schema[len("modeldeps.lock/") :]
    version = int(tail) if tail.isascii() and tail.isdigit() and len(tail) < 6 else None
    current = int(SCHEMA.rsplit("/", 1)[1])
    head = f"{path}: lockfile schema {schema[:40]!r} is not {SCHEMA!r}"
    if version is not None and version > current:
        return LockError(
            f"{head}; it was written by another version of modeldeps{by}, newer than this "
            f"one ({__version__})",
            hint="upgrade modeldeps to read it (writing it with this version would downgrade it)",
        )
    if version is not None:
        return LockError(f"{head}; it was written by an older version of modeldeps{by}", hint=_HINT)
    return LockError(
        f"{head}; it was written by another version of modeldeps{by}",
        hint="use the modeldeps version named in its generated_by field",
    )
