from __future__ import annotations

import time
from pathlib import Path

from modeldeps.model import LicenseEvidence, ModelRecord, RecordSource, ResolveStatus
from modeldeps.resolve.cache import Cache
from modeldeps.resolve.lineage import ancestry
from modeldeps.resolve.lock import Lock
from modeldeps.resolve.resolver import ResolveOptions, Resolver
from tests.fakehub.memory import MemoryHubClient

CHAIN = {
    "org/adapter": ("apache-2.0", ["org/finetune"]),
    "org/finetune": ("apache-2.0", ["org/base"]),
    "org/base": ("llama2", []),
    "org/merge": ("mit", ["org/finetune", "org/other"]),
    "org/other": ("mit", []),
    "cyc/a": ("mit", ["cyc/b"]),
    "cyc/b": ("mit", ["cyc/a"]),
}


def _resolver(client: MemoryHubClient, **kw: object) -> Resolver:
    opts = ResolveOptions(**kw)  # type: ignore[arg-type]
    return Resolver(lambda: client, None, None, opts)


def test_lineage_chain_is_followed_to_the_root_once() -> None:
    client = MemoryHubClient(CHAIN)
    res = _resolver(client).resolve([("org/adapter", None), ("org/merge", None)])
    assert set(res.records) == {
        ("org/adapter", None),
        ("org/finetune", None),
        ("org/base", None),
        ("org/merge", None),
        ("org/other", None),
    }
    assert sorted(client.calls) == sorted(set(client.calls))  # each ancestor asked once
    assert [a.chain for a in ancestry(res.records, ("org/merge", None))] == [
        ("org/merge", "org/finetune"),
        ("org/merge", "org/other"),
        ("org/merge", "org/finetune", "org/base"),
    ]


def test_cycles_terminate() -> None:
    client = MemoryHubClient(CHAIN)
    res = _resolver(client).resolve([("cyc/a", None)])
    assert set(res.records) == {("cyc/a", None), ("cyc/b", None)}
    assert [a.chain for a in ancestry(res.records, ("cyc/a", None))] == [("cyc/a", "cyc/b")]


def test_depth_guard() -> None:
    deep = {f"d/m{i}": ("mit", [f"d/m{i + 1}"]) for i in range(30)}
    res = _resolver(MemoryHubClient(deep), max_depth=5).resolve([("d/m0", None)])
    assert len(res.records) == 6
    assert any("deeper than 5" in n for n in res.notes)


def test_revisions_are_resolved_separately() -> None:
    client = MemoryHubClient(CHAIN)
    res = _resolver(client).resolve([("org/base", None), ("org/base", "v1")])
    assert set(res.records) == {("org/base", None), ("org/base", "v1")}


def test_deadline_ends_a_hung_resolution() -> None:
    client = MemoryHubClient(CHAIN, hang={"org/base"})
    start = time.monotonic()
    res = _resolver(client, deadline=0.5).resolve([("org/finetune", None)])
    assert time.monotonic() - start < 3
    rec = res.records[("org/base", None)]
    assert rec.status is ResolveStatus.UNREACHABLE
    assert "deadline" in (rec.reason or "")
    assert res.records[("org/finetune", None)].status is ResolveStatus.OK


def test_lock_then_cache_then_hub(tmp_path: Path) -> None:
    client = MemoryHubClient(CHAIN)
    locked = ModelRecord(
        "org/base",
        None,
        ResolveStatus.OK,
        RecordSource.LOCK,
        license=LicenseEvidence("mit", "card:license"),
    )
    lock = Lock("x", None, {("org/base", None): locked})
    cache = Cache(str(tmp_path), "e")
    cache.put(
        ModelRecord(
            "org/finetune", None, ResolveStatus.OK, RecordSource.HUB, base_models=("org/base",)
        )
    )
    res = Resolver(lambda: client, cache, lock, ResolveOptions()).resolve([("org/adapter", None)])
    assert client.calls == [("org/adapter", None)]
    assert res.records[("org/base", None)].source is RecordSource.LOCK
    assert res.records[("org/finetune", None)].source is RecordSource.CACHE
    assert res.records[("org/adapter", None)].source is RecordSource.HUB
    assert cache.get("org/adapter", None) is not None  # Hub answers are cached


def test_offline_never_asks_the_hub(tmp_path: Path) -> None:
    def factory() -> MemoryHubClient:
        raise AssertionError("offline mode must not build a client")

    res = Resolver(None, Cache(str(tmp_path), "e"), None, ResolveOptions(offline=True)).resolve(
        [("org/base", None)]
    )
    assert res.records[("org/base", None)].status is ResolveStatus.OFFLINE_MISS
    del factory


def test_failures_are_records_not_exceptions() -> None:
    client = MemoryHubClient({}, status={"org/g": ResolveStatus.GATED})
    res = _resolver(client).resolve([("org/g", None), ("org/missing", None)])
    assert res.records[("org/g", None)].status is ResolveStatus.GATED
    assert res.records[("org/missing", None)].status is ResolveStatus.NOT_FOUND
