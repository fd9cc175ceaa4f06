from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from modeldeps.errors import LockError
from modeldeps.model import LicenseEvidence, LicenseFile, ModelRecord, RecordSource, ResolveStatus
from modeldeps.resolve import lock as lockfile
from modeldeps.resolve.cache import Cache

SHA = "0123456789abcdef0123456789abcdef01234567"


def _rec(
    model_id: str = "org/m",
    revision: str | None = None,
    status: ResolveStatus = ResolveStatus.OK,
    **kw: object,
) -> ModelRecord:
    return ModelRecord(
        model_id,
        revision,
        status,
        RecordSource.HUB,
        license=LicenseEvidence("mit", "card:license"),
        **kw,
    )  # type: ignore[arg-type]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_round_trip_and_ttl(tmp_path: Path) -> None:
    clock = Clock()
    cache = Cache(str(tmp_path), "https://hub", ttl=100, negative_ttl=10, clock=clock)
    cache.put(_rec(sha=SHA, license_file=LicenseFile("LICENSE", "f" * 64, "text")))
    cache.put(_rec("org/pinned", SHA))
    cache.put(_rec("org/gone", status=ResolveStatus.NOT_FOUND))
    cache.put(_rec("org/down", status=ResolveStatus.UNREACHABLE))
    got = cache.get("org/m", None)
    assert got is not None and got.source is RecordSource.CACHE and got.sha == SHA
    assert got.license_file == LicenseFile("LICENSE", "f" * 64, "text")
    assert cache.get("org/down", None) is None  # transient failures are never cached
    clock.now += 50
    assert cache.get("org/gone", None) is None  # negative entries expire first
    assert cache.get("org/m", None) is not None
    clock.now += 100
    assert cache.get("org/m", None) is None  # branch entries expire
    assert cache.get("org/m", None, allow_stale=True) is not None  # offline may use them
    assert cache.get("org/pinned", SHA) is not None  # commit shas never expire


def test_key_includes_endpoint_and_auth(tmp_path: Path) -> None:
    Cache(str(tmp_path), "a").put(_rec())
    assert Cache(str(tmp_path), "b").get("org/m", None) is None
    assert Cache(str(tmp_path), "a", authenticated=True).get("org/m", None) is None


def test_corrupt_entries_are_misses(tmp_path: Path) -> None:
    cache = Cache(str(tmp_path), "e")
    cache.put(_rec())
    path = cache.path_for("org/m", None)
    for content in ["{", "[]", json.dumps({"schema": "modeldeps.cache/1"}), "\0\0\0"]:
        Path(path).write_text(content)
        assert cache.get("org/m", None) is None
    doc = {
        "schema": "modeldeps.cache/1",
        "key": {"endpoint": "e", "id": "org/other", "revision": None, "auth": False},
        "fetched_at": 1,
        "record": {"id": "org/other"},
    }
    Path(path).write_text(json.dumps(doc))
    assert cache.get("org/m", None) is None  # a file that names another key


def test_file_names_cannot_escape_the_directory(tmp_path: Path) -> None:
    cache = Cache(str(tmp_path / "c"), "e")
    path = cache.path_for("../../etc/passwd", "../../x")
    assert os.path.dirname(path) == str(tmp_path / "c")


def test_unwritable_cache_warns_once(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("not a directory")
    cache = Cache(str(target), "e")
    cache.put(_rec())
    cache.put(_rec("org/n"))
    assert len(cache.warnings) == 1 and "not writable" in cache.warnings[0]


def _hammer(directory: str, n: int) -> None:
    cache = Cache(directory, "e")
    for i in range(n):
        cache.put(_rec(f"org/m{i % 5}", sha=f"{i:040d}"))
        cache.get(f"org/m{(i + 1) % 5}", None)


def test_concurrent_writers_never_leave_partial_entries(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_hammer, args=(str(tmp_path), 200)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    cache = Cache(str(tmp_path), "e")
    for i in range(5):
        assert cache.get(f"org/m{i}", None) is not None
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".tmp")]


def test_lock_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    recs = [
        _rec("org/b", sha=SHA, base_models=("org/a",)),
        _rec("org/a", "v1", sha=SHA),
        _rec("org/bad", status=ResolveStatus.NOT_FOUND),
    ]
    text = lockfile.render(recs)
    assert text == lockfile.render(list(reversed(recs)))
    path = tmp_path / "modeldeps.lock"
    lockfile.write(str(path), recs)
    lock = lockfile.read(str(path))
    assert lock is not None
    assert set(lock.records) == {("org/b", None), ("org/a", "v1")}
    assert lock.get("org/b", None).base_models == ("org/a",)  # type: ignore[union-attr]
    assert lock.get("org/b", None).source is RecordSource.LOCK  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "lockfile is not valid JSON"),
        ("[]", "not a modeldeps lockfile"),
        ('{"schema": "modeldeps.lock/1", "models": {}}', '"models" must be a list'),
        ('{"schema": "modeldeps.lock/1", "models": [{"nope": 1}]}', "models[0]"),
    ],
)
def test_bad_lockfiles(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "modeldeps.lock"
    path.write_text(content)
    with pytest.raises(LockError, match=message.replace("[", r"\[").replace("]", r"\]")):
        lockfile.read(str(path))


def test_lock_diff_reports_relicensing(tmp_path: Path) -> None:
    path = tmp_path / "modeldeps.lock"
    lockfile.write(str(path), [_rec("org/a", sha=SHA), _rec("org/gone")])
    lock = lockfile.read(str(path))
    fresh = [
        ModelRecord(
            "org/a",
            None,
            ResolveStatus.OK,
            RecordSource.HUB,
            sha=SHA,
            license=LicenseEvidence("cc-by-nc-4.0", "card:license"),
        ),
        _rec("org/new"),
    ]
    lines = lockfile.diff(lock, fresh, {("org/a", None), ("org/new", None)})
    assert lines == [
        "~ org/a: license mit from card:license -> cc-by-nc-4.0 from card:license",
        "+ org/new: not in the lock",
        "- org/gone: no longer used",
    ]


def test_lock_is_never_written_through_a_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    path = tmp_path / "modeldeps.lock"
    path.symlink_to(victim)
    with pytest.raises(LockError, match=r"modeldeps.lock: cannot write lockfile: .*symbolic link"):
        lockfile.write(str(path), [_rec("org/a", sha=SHA)])
    assert victim.read_text() == "precious\n"
    # no predictable temporary name to plant a link at: nothing left behind either
    assert sorted(os.listdir(tmp_path)) == ["modeldeps.lock", "victim"]
