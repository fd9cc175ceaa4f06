"""One schema for every stored record (D14, D16), lock merging (D3) and checking (D6).

Property tests: whatever the Hub answers, what the edge builds is either
refused there or written and read back unchanged by the lock and the cache;
whatever a lock file holds, reading it gives a Lock or a LockError, nothing
else; whatever failed this time, ``merge`` keeps its pin.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modeldeps.errors import LockError
from modeldeps.model import LicenseEvidence, ModelRecord, RecordSource, ResolveStatus
from modeldeps.record import replace
from modeldeps.resolve import lock as lockfile
from modeldeps.resolve.cache import STRAY_AGE, Cache
from modeldeps.resolve.hub import record_from_info
from modeldeps.resolve.serial import RecordFormatError, record_from_dict, validated

SHA = "0123456789abcdef0123456789abcdef01234567"
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
maybe = st.one_of(json_values, st.just(SHA), st.sampled_from(["mit", "apache-2.0", "other"]))
_tmp = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


_CARD_KEYS = [
    "license",
    "license_name",
    "license_link",
    "base_model",
    "datasets",
    "base_model_relation",
]


@st.composite
def hub_infos(draw: st.DrawFn) -> SimpleNamespace:
    """What huggingface_hub hands over: any JSON in any field the edge reads."""
    card = draw(
        st.one_of(
            st.none(),
            st.dictionaries(
                st.sampled_from(_CARD_KEYS),
                maybe,
                max_size=5,
            ),
        )
    )
    siblings = draw(st.lists(st.builds(SimpleNamespace, rfilename=maybe), max_size=3))
    fields = {
        "id": draw(st.one_of(maybe, st.just("org/model"))),
        # mostly well-typed, so that most answers get as far as the lock
        "sha": draw(st.one_of(st.just(SHA), st.none(), maybe)),
        "private": draw(st.one_of(st.booleans(), st.none(), maybe)),
        "gated": draw(maybe),
        "tags": draw(st.one_of(maybe, st.lists(st.text(max_size=20), max_size=3))),
        "last_modified": draw(maybe),
        "card_data": card,
        "siblings": siblings,
    }
    return SimpleNamespace(**fields)


@given(hub_infos())
@_tmp
def test_what_the_edge_builds_the_lock_and_the_cache_read_back(
    tmp_path_factory: pytest.TempPathFactory, info: SimpleNamespace
) -> None:
    rec = record_from_info("org/model", None, info)
    if rec.status is not ResolveStatus.OK:
        assert rec.status is ResolveStatus.UNREACHABLE
        assert rec.reason and rec.reason.startswith("malformed answer from the Hub: ")
        return
    assert validated(rec) == rec
    where = tmp_path_factory.mktemp("edge")
    path = str(where / "modeldeps.lock")
    lockfile.write(path, [rec])
    lock = lockfile.read(path)
    assert lock is not None
    back = lock.get("org/model", None)
    assert back is not None
    assert lockfile.render([back]) == lockfile.render([rec])
    cache = Cache(str(where / "cache"), "e")
    cache.put(rec)
    assert cache.get("org/model", None) == replace(rec, source=RecordSource.CACHE)


def _valid_entry() -> dict[str, Any]:
    rec = ModelRecord(
        "org/m",
        None,
        ResolveStatus.OK,
        RecordSource.HUB,
        canonical_id="org/m",
        sha=SHA,
        license=LicenseEvidence("mit", "card:license"),
        base_models=("org/base",),
    )
    doc = json.loads(lockfile.render([rec]))
    entry: dict[str, Any] = doc["models"][0]
    return entry


@given(
    st.sampled_from(sorted(_valid_entry())) | st.text(max_size=8),
    json_values,
    st.sampled_from(["entry", "license", "top"]),
)
@_tmp
def test_any_lock_content_is_a_lock_or_one_lock_error(
    tmp_path_factory: pytest.TempPathFactory, key: str, value: object, where: str
) -> None:
    entry = _valid_entry()
    doc: dict[str, Any] = {"schema": lockfile.SCHEMA, "models": [entry]}
    if where == "entry":
        entry[key] = value
    elif where == "license":
        entry["license"][key] = value
    else:
        doc[key] = value
    path = tmp_path_factory.mktemp("lock") / "modeldeps.lock"
    path.write_text(json.dumps(doc))
    try:
        lock = lockfile.read(str(path))
    except LockError as exc:
        assert str(path) in exc.message and "\n" not in exc.message
        return
    assert lock is not None
    for rec in lock.records.values():  # what was accepted is exactly what we would write
        assert validated(rec) == rec


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sha", 12345, "sha must be a string"),
        ("sha", "ABC", "sha must be 40 or 64 lowercase hex digits"),
        ("private", "yes", "private must be a bool"),
        ("canonical_id", 7, "canonical_id must be a string"),
        ("base_models", "org/a", "base_models must be a list of strings"),
        ("base_models", ["org/a", 3], "base_models[1] must be a string"),
        ("gated", 3, "gated must be a bool or string"),
        ("license", "mit", "license must be a mapping"),
        ("license", {"id": "mit"}, "license.source is missing"),
        ("license", {"id": 1, "source": "card"}, "license.id must be a string"),
        ("license", {"id": "mit", "source": "card", "x": 1}, "license: unknown field 'x'"),
        ("license_file", {"path": "LICENSE", "sha256": "z"}, "license_file.sha256 must be 64"),
        ("id", "", "id must not be empty"),
        ("id", "\ud800", "id is not valid Unicode"),
        ("status", "ok", "unknown field 'status'"),  # the lock never writes a status
        ("trust_me", True, "unknown field 'trust_me'"),
    ],
)
def test_lock_entry_fields_are_type_checked(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    entry = _valid_entry()
    entry[field] = value
    path = tmp_path / "modeldeps.lock"
    path.write_text(json.dumps({"schema": lockfile.SCHEMA, "models": [entry]}))
    with pytest.raises(LockError) as info:
        lockfile.read(str(path))
    assert f"models[0]: {message}" in info.value.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"schema": "modeldeps.lock/1", "models": [], "extra": 1}', "unknown field 'extra'"),
        (b'{"schema": "modeldeps.lock/1", "models": [], "generated_by": 3}', "generated_by"),
        (b'{"schema": "modeldeps.lock/1", "models": [1' + b"0" * 5000 + b"]}", "not valid JSON"),
        (b'{"schema": "modeldeps.lock/1",\n"models": "\xff"}', ":2: lockfile is not UTF-8"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_bad_lock_documents(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "modeldeps.lock"
    path.write_bytes(content)
    with pytest.raises(LockError, match=message.replace("[", r"\[")):
        lockfile.read(str(path))


def test_a_duplicated_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "modeldeps.lock"
    entry = _valid_entry()
    forged = {**entry, "license": {**entry["license"], "id": "apache-2.0"}}
    path.write_text(json.dumps({"schema": lockfile.SCHEMA, "models": [entry, forged]}))
    with pytest.raises(LockError, match=r"models\[1\]: a second entry for org/m"):
        lockfile.read(str(path))


def test_a_lone_surrogate_in_a_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(str(tmp_path), "e")
    rec = ModelRecord("org/m", None, ResolveStatus.OK, RecordSource.HUB, sha=SHA)
    cache.put(rec)
    path = Path(cache.path_for("org/m", None))
    path.write_text(path.read_text().replace('"sha": "', '"sha": "\\ud800'))
    assert cache.get("org/m", None) is None
    with pytest.raises(RecordFormatError):
        record_from_dict({"id": "org/m", "reason": "\ud800"})


# -- D3: merge -----------------------------------------------------------------------

_STATUSES = list(ResolveStatus)


def _ok(model_id: str, sha: str = SHA, bases: tuple[str, ...] = ()) -> ModelRecord:
    return ModelRecord(
        model_id, None, ResolveStatus.OK, RecordSource.HUB, sha=sha, base_models=bases
    )


@given(
    st.dictionaries(st.sampled_from("abcdef"), st.lists(st.sampled_from("abcdef"), max_size=2)),
    st.dictionaries(st.sampled_from("abcdef"), st.sampled_from(_STATUSES)),
)
def test_merge_never_loses_a_pin_to_a_failure(
    old: dict[str, list[str]], now: dict[str, ResolveStatus]
) -> None:
    locked = {
        (m, None): replace(_ok(m, bases=tuple(b)), source=RecordSource.LOCK) for m, b in old.items()
    }
    lock = lockfile.Lock("modeldeps.lock", None, locked)
    fresh = {
        (m, None): _ok(m, "f" * 40)
        if s is ResolveStatus.OK
        else ModelRecord(m, None, s, RecordSource.HUB, reason="now")
        for m, s in now.items()
    }
    merged = lockfile.merge(lock, fresh)
    written = {r.key: r for r in merged.records}
    assert len(written) == len(merged.records)
    for key, rec in fresh.items():
        if rec.status is ResolveStatus.OK:
            assert written[key] is rec  # a fresh answer always wins
        elif key in locked:
            assert written[key] is locked[key]  # failed now: the old pin stays
            for base in locked[key].base_models:  # and so do the pins it names
                assert (base, None) in written or (base, None) not in locked
        else:
            assert rec in merged.failed and key not in written
    assert all(r.status is ResolveStatus.OK for r in merged.records)
    assert {p.key for p, _why in merged.kept} == {
        k for k in written if k in locked and written[k] is locked[k]
    }


# -- D6: verify ------------------------------------------------------------------------


def test_verify_table() -> None:
    pin = replace(_ok("org/m"), source=RecordSource.LOCK)
    same = _ok("org/m")
    relicensed = replace(same, license=LicenseEvidence("cc-by-nc-4.0", "card:license"))
    key = lockfile.pinned_key(pin)
    assert key == ("org/m", SHA)
    assert lockfile.verify("L", [pin], {key: same}) == []
    for status in (ResolveStatus.UNREACHABLE, ResolveStatus.RATE_LIMITED, ResolveStatus.GATED):
        notes = lockfile.verify(
            "L", [pin], {key: ModelRecord("org/m", SHA, status, RecordSource.HUB)}
        )
        assert notes and "could not be checked" in notes[0] and f"org/m ({status})" in notes[0]
    assert "no answer" in lockfile.verify("L", [pin], {})[0]
    with pytest.raises(LockError, match=r"^L: org/m: license is none in the lock but cc-by-nc"):
        lockfile.verify("L", [pin], {key: relicensed})
    for status in (ResolveStatus.NOT_FOUND, ResolveStatus.REVISION_NOT_FOUND):
        gone = ModelRecord("org/m", SHA, status, RecordSource.HUB, reason="gone")
        with pytest.raises(LockError, match=f"the Hub has no such model at {SHA[:12]}"):
            lockfile.verify("L", [pin], {key: gone})


# -- class 7: stray temporary files in the cache ----------------------------------------


def test_stray_temporary_files_are_never_entries(tmp_path: Path) -> None:
    cache = Cache(str(tmp_path), "e")
    cache.put(_ok("org/m"))
    (entry,) = cache.entries()
    legacy = tmp_path / ".tmp-abc.json"  # what versions before 0.2 named them
    old = tmp_path / ".tmp-old.part"
    fresh = tmp_path / ".tmp-new.part"
    for stray in (legacy, old, fresh):
        stray.write_text(Path(tmp_path / entry).read_text())  # even a complete copy
    past = time.time() - STRAY_AGE - 1
    os.utime(legacy, (past, past))
    os.utime(old, (past, past))
    assert cache.entries() == [entry]
    later = Cache(str(tmp_path), "e")
    later.put(_ok("org/n"))  # the first write of a run sweeps the dead writers' files
    assert not legacy.exists() and not old.exists() and fresh.exists()
    assert len(later.entries()) == 2
    later.put(_ok("org/o"))  # once per run, not per write
    assert later.clear() == 3  # entries only, never the temporaries
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fetched", [math.nan, math.inf, -math.inf, True, "1"])
def test_a_cache_entry_with_a_bad_timestamp_is_a_miss(tmp_path: Path, fetched: object) -> None:
    cache = Cache(str(tmp_path), "e")
    cache.put(_ok("org/m"))
    path = Path(cache.path_for("org/m", None))
    doc = json.loads(path.read_text())
    doc["fetched_at"] = fetched
    path.write_text(json.dumps(doc))
    assert cache.get("org/m", None) is None


def test_a_special_file_as_a_cache_entry_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(str(tmp_path), "e")
    path = cache.path_for("org/m", None)
    os.mkfifo(path)
    assert cache.get("org/m", None) is None  # never blocks on the FIFO
    os.unlink(path)
    os.symlink("/dev/zero", path)
    assert cache.get("org/m", None) is None
