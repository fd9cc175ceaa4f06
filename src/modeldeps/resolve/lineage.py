"""Lineage: the ancestry of a resolved model, from its records' ``base_models``."""

from __future__ import annotations

from modeldeps.model import ModelRecord, ResolveStatus

Key = tuple[str, str | None]  # (model id, requested revision)
MAX_DEPTH = 10


def lineage(
    records: dict[Key, ModelRecord], key: Key, max_depth: int = MAX_DEPTH
) -> list[list[str]]:
    """Every ancestor path from ``key`` to a root, as lists of ids (cycles cut)."""
    paths: list[list[str]] = []

    def walk(k: Key, path: list[str]) -> None:
        rec = records.get(k)
        bases = rec.base_models if rec is not None and rec.status is ResolveStatus.OK else ()
        if not bases or len(path) > max_depth:
            paths.append(path)
            return
        for base in bases:
            if base in path:
                paths.append([*path, base])  # cycle: stop here
                continue
            walk((base, None), [*path, base])

    walk(key, [key[0]])
    return paths
