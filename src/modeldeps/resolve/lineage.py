"""Lineage: the ancestry of a resolved model, from its records' ``base_models``.

The ancestry is a graph (a merge names several bases, and bases are shared),
so it is walked once per node, breadth first: time and memory grow with the
number of models, never with the number of paths through them (a DAG W wide
and D deep has W**D paths but only W*D models). Each ancestor keeps one
shortest chain back to the model, for messages.
"""

from __future__ import annotations

from collections.abc import Mapping

from modeldeps.model import ModelRecord, ResolveStatus
from modeldeps.record import record

Key = tuple[str, str | None]  # (model id, requested revision)
MAX_DEPTH = 10  # how many base_model levels the resolver follows


@record
class Ancestor:
    """One ancestor of a model, met once.

    ``record`` is None when a resolved model names this base but the base
    was never resolved: the resolver stopped following the lineage there
    (it is deeper than the depth limit), so its license is unknown.
    """

    id: str
    chain: tuple[str, ...]  # the model's id first, this ancestor last; a shortest one
    record: ModelRecord | None

    @property
    def depth(self) -> int:
        return len(self.chain) - 1

    @property
    def cut(self) -> bool:
        return self.record is None


def ancestry(records: Mapping[Key, ModelRecord], key: Key) -> list[Ancestor]:
    """Every ancestor of ``key`` once, nearest first (cycles cut, no depth limit).

    The walk is bounded by the records themselves: only a base that was
    resolved is followed further, and each model is visited once.
    """
    from collections import deque

    seen = {key[0]}
    out: list[Ancestor] = []
    queue: deque[tuple[Key, tuple[str, ...]]] = deque([(key, (key[0],))])
    while queue:
        k, chain = queue.popleft()
        rec = records.get(k)
        if rec is None or rec.status is not ResolveStatus.OK:
            continue
        for base in rec.base_models:
            if base in seen:
                continue  # met already, by a chain no longer than this one (or a cycle)
            seen.add(base)
            base_chain = (*chain, base)
            base_key: Key = (base, None)
            out.append(Ancestor(base, base_chain, records.get(base_key)))
            queue.append((base_key, base_chain))
    return out
