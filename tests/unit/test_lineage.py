"""Lineage is a graph walked once per model (D4) and never judged on a cut part (D5).

The property tests compare the linear walk and the evaluator with a reference that
enumerates every path (exponential, so only on small random graphs)."""

from __future__ import annotations

import datetime as dt
import os
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from modeldeps.knowledge.licenses import load_kb
from modeldeps.model import (
    LicenseEvidence,
    Location,
    ModelRecord,
    RecordSource,
    Reference,
    ReferenceKind,
    ResolveStatus,
)
from modeldeps.policy.config import load_policy
from modeldeps.policy.evaluate import evaluate
from modeldeps.resolve.lineage import ancestry

KB = load_kb()
LICENSES = ["mit", "apache-2.0", "cc-by-nc-4.0", "llama2", "gpl-3.0", "openrail"]
Key = tuple[str, str | None]


def _rec(model_id: str, lic: str, bases: tuple[str, ...]) -> ModelRecord:
    return ModelRecord(
        model_id,
        None,
        ResolveStatus.OK,
        RecordSource.LOCK,
        canonical_id=model_id,
        sha="0" * 40,
        license=LicenseEvidence(lic, "card:license"),
        base_models=bases,
        weight_formats=("safetensors",),
        datasets=("d",),
    )


def _ref(model_id: str) -> Reference:
    return Reference(model_id, None, Location("app.py", 1, 1), ReferenceKind.PYTHON_CALL)


def _dag(width: int, depth: int, lic: str = "apache-2.0") -> dict[Key, ModelRecord]:
    def level(k: int) -> tuple[str, ...]:
        return tuple(f"dag/n{k}-{i}" for i in range(width))

    records = {("dag/top", None): _rec("dag/top", "apache-2.0", level(1))}
    for k in range(1, depth + 1):
        for m in level(k):
            bases = level(k + 1) if k < depth else ()
            records[(m, None)] = _rec(m, lic if k == depth else "apache-2.0", bases)
    return records


def _paths(records: dict[Key, ModelRecord], start: str) -> list[list[str]]:
    """Reference: every path from ``start`` to a root (cycles cut), as the old code did."""
    out: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        rec = records.get((node, None))
        bases = rec.base_models if rec is not None and rec.status is ResolveStatus.OK else ()
        if not bases:
            out.append(path)
        for b in bases:
            if b in path:
                out.append(path)
            else:
                walk(b, [*path, b])

    walk(start, [start])
    return out


def test_wide_deep_dag_is_linear() -> None:
    """10 x 9 has 10**9 paths and 91 models; the campaign saw 5.9 GB and a MemoryError."""
    records = _dag(10, 9, "cc-by-nc-4.0")
    start = time.monotonic()
    anc = ancestry(records, ("dag/top", None))
    assert len(anc) == 90 and len({a.id for a in anc}) == 90
    pol = load_policy("commercial", os.getcwd())
    ev = evaluate([_ref("dag/top")], records, pol, KB, today=dt.date(2026, 11, 22))
    assert time.monotonic() - start < 5
    codes = {f.code for f in ev.findings if f.model_id == "dag/top"}
    assert "lineage-denied" in codes
    denied = next(f for f in ev.findings if f.code == "lineage-denied")
    assert len(denied.lineage) == 10  # one shortest chain: top and nine levels


def test_work_grows_with_models_not_paths() -> None:
    small, big = _dag(4, 9), _dag(40, 9)
    t0 = time.monotonic()
    ancestry(small, ("dag/top", None))
    t1 = time.monotonic()
    anc = ancestry(big, ("dag/top", None))
    t2 = time.monotonic()
    assert len(anc) == 360
    assert t2 - t1 < 1.0 and t1 - t0 < 1.0  # 40**9 paths would never finish


@st.composite
def graphs(draw: st.DrawFn) -> tuple[dict[Key, ModelRecord], str]:
    n = draw(st.integers(min_value=1, max_value=7))
    names = [f"g/m{i}" for i in range(n)]
    records: dict[Key, ModelRecord] = {}
    for name in names:
        if draw(st.integers(0, 9)) == 0:
            continue  # named as a base but never resolved
        bases = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
        if draw(st.booleans()) and draw(st.booleans()):
            records[(name, None)] = ModelRecord(
                name, None, ResolveStatus.NOT_FOUND, RecordSource.HUB, reason="gone"
            )
            continue
        records[(name, None)] = _rec(name, draw(st.sampled_from(LICENSES)), tuple(bases))
    start = names[0]
    if (start, None) not in records or records[(start, None)].status is not ResolveStatus.OK:
        records[(start, None)] = _rec(start, draw(st.sampled_from(LICENSES)), tuple(names[1:3]))
    return records, start


@settings(max_examples=300, deadline=None)
@given(graphs())
def test_walk_meets_every_ancestor_once_by_a_shortest_chain(
    case: tuple[dict[Key, ModelRecord], str],
) -> None:
    records, start = case
    paths = _paths(records, start)
    reachable = {m for p in paths for m in p[1:]} - {start}
    anc = ancestry(records, (start, None))
    assert [a.id for a in anc] == list(dict.fromkeys(a.id for a in anc))  # once each
    assert {a.id for a in anc} == reachable
    for a in anc:
        assert a.chain[0] == start and a.chain[-1] == a.id
        for parent, child in zip(a.chain, a.chain[1:], strict=False):
            assert child in records[(parent, None)].base_models  # a real edge
        shortest = min(p.index(a.id) for p in paths if a.id in p[1:])
        assert a.depth == shortest
        assert a.cut is ((a.id, None) not in records)


def _level(findings: list[str]) -> str:
    if "lineage-denied" in findings:
        return "deny"
    if "lineage-review" in findings:
        return "review"
    return "allow"


@settings(max_examples=200, deadline=None)
@given(graphs(), st.sampled_from(["commercial", "research"]))
def test_worst_ancestor_verdict_matches_the_path_reference(
    case: tuple[dict[Key, ModelRecord], str], preset: str
) -> None:
    from modeldeps.policy.evaluate import judge

    records, start = case
    pol = load_policy(preset, os.getcwd())
    ev = evaluate([_ref(start)], records, pol, KB, today=dt.date(2026, 11, 22))
    got = [f.code for f in ev.findings if f.model_id == start]
    rank = {"allow": 0, "review": 1, "deny": 2}
    own = judge(records[(start, None)], pol, KB).level
    ancestors = {m for p in _paths(records, start) for m in p[1:]} - {start}
    judged = [
        judge(records[(m, None)], pol, KB).level
        for m in ancestors
        if (m, None) in records and records[(m, None)].status is ResolveStatus.OK
    ]
    worst = max(judged, key=rank.__getitem__, default="allow")
    expected = worst if rank[worst] > rank[own] else "allow"
    assert _level(got) == expected
    cut = {m for m in ancestors if (m, None) not in records}
    truncated = [f for f in ev.findings if f.code == "lineage-truncated"]
    assert {f.lineage[-1] for f in truncated} == cut
    assert all(f.severity == "error" for f in truncated)
