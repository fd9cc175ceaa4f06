"""Lineage: the ancestry of a resolved model, every edge with its source.

A record's edges come from the Hub (``declared``, ``tag``, ``card-text``,
``gguf-metadata``: found by ``resolve/inference.py`` and cached with the
record) and from knowledge applied at every run (``known-family`` and
``name``: ``knowledge/families.py``), so an updated families table applies to
cached and locked records at once. A family is a node ``family:<key>`` with
the family's license; it is never looked up on the Hub.

The ancestry is a graph (a merge names several bases, and bases are shared),
so it is walked once per node, breadth first: time and memory grow with the
number of models, never with the number of paths through them (a DAG W wide
and D deep has W**D paths but only W*D models). Each ancestor keeps one
shortest chain back to the model, for messages, and the source of each edge
on it: a chain is as strong as its weakest edge.
"""

from __future__ import annotations

from collections.abc import Mapping

from modeldeps.model import Asset, Edge, EdgeSource, ModelRecord, ResolveStatus
from modeldeps.record import record

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from modeldeps.knowledge.licenses import LicenseKB

Key = tuple[str, str | None]  # (model id, requested revision)
MAX_DEPTH = 10  # how many base_model levels the resolver follows
_ORDER = {s: i for i, s in enumerate(EdgeSource)}


@record
class Ancestor:
    """One ancestor of a model, met once.

    ``record`` is None when a resolved model names this base but the base
    was never resolved: the resolver stopped following the lineage there
    (it is deeper than the depth limit), so its license is unknown.
    ``sources`` and ``evidence`` describe each edge of ``chain``, nearest first.
    """

    id: str
    chain: tuple[str, ...]  # the model's id first, this ancestor last; a shortest one
    record: ModelRecord | None
    sources: tuple[EdgeSource, ...] = ()
    evidence: tuple[str, ...] = ()

    @property
    def depth(self) -> int:
        return len(self.chain) - 1

    @property
    def cut(self) -> bool:
        return self.record is None

    @property
    def source(self) -> EdgeSource:
        """The weakest source on the chain: what the whole inference rests on."""
        return max(self.sources, key=_ORDER.__getitem__, default=EdgeSource.DECLARED)

    @property
    def inferred(self) -> bool:
        return self.source not in (EdgeSource.DECLARED, EdgeSource.TAG)

    @property
    def how(self) -> str:
        """``declared`` or ``inferred from card-text: "..."`` for messages."""
        if not self.inferred:
            return str(self.source)
        weakest = max(range(len(self.sources)), key=lambda i: _ORDER[self.sources[i]])
        return f"inferred from {self.sources[weakest]}: {self.evidence[weakest]}"


def edges_of(rec: ModelRecord, kb: LicenseKB | None = None) -> list[Edge]:
    """Every lineage edge of ``rec``: its stored ones plus the known-family and name edges.

    Name edges (the weakest) count only when nothing stronger gives the model a
    base and the family's license is not the one the card declares.
    """
    from modeldeps.knowledge.families import PREFIX, is_family, load_families

    if is_family(rec.id) or rec.status is not ResolveStatus.OK:
        return []
    if rec.asset is not Asset.MODEL:  # a dataset derives from its card's source_datasets only
        return [
            Edge(b, EdgeSource.DECLARED, rec.relation, "card: source_datasets")
            for b in rec.base_models
        ]
    stored = list(rec.edges) or [
        Edge(b, EdgeSource.DECLARED, rec.relation, "card: base_model") for b in rec.base_models
    ]
    strong = [e for e in stored if e.source is not EdgeSource.NAME]
    named = [e for e in stored if e.source is EdgeSource.NAME]
    table = load_families()
    own = rec.canonical_id or rec.id
    names = not strong  # a declared base decides; only a curated id adds a family to it
    family = _family_edge(own, names) or (_family_edge(rec.id, names) if rec.id != own else None)
    if family is not None:
        strong.append(family)
    if strong:
        return strong
    seen = {e.base for e in named}
    texts = [("id", own)]
    if rec.license is not None and rec.license.name:
        texts.append(("license_name", rec.license.name))
    for where, text in texts:
        for rule in table.named(text):
            if PREFIX + rule.key not in seen:
                seen.add(PREFIX + rule.key)
                named.append(Edge(PREFIX + rule.key, EdgeSource.NAME, None, f"{where}: {text}"))
    if not named:
        return []
    from modeldeps.knowledge.licenses import identify, load_kb

    ident = identify(rec, kb or load_kb())
    declared = {p.key for p in ident.parts} | ({ident.facts.key} if ident.facts else set())
    out = []
    for e in named:
        found = table.get(e.base)
        if found is not None and found.license not in declared:
            out.append(e)
    return out


def node(base: str, records: Mapping[Key, ModelRecord]) -> ModelRecord | None:
    """The record for a lineage node: a resolved model, or a family from the table."""
    from modeldeps.knowledge.families import family_record, is_family

    if is_family(base):
        return family_record(base)
    return records.get((base, None))


def ancestry(
    records: Mapping[Key, ModelRecord], key: Key, kb: LicenseKB | None = None
) -> list[Ancestor]:
    """Every ancestor of ``key`` once, nearest first (cycles cut, no depth limit).

    The walk is bounded by the records themselves: only a base that was
    resolved is followed further, and each model is visited once.
    """
    from collections import deque

    seen = {key[0]}
    out: list[Ancestor] = []
    start = records.get(key)
    queue: deque[
        tuple[ModelRecord | None, tuple[str, ...], tuple[EdgeSource, ...], tuple[str, ...]]
    ]
    queue = deque([(start, (key[0],), (), ())])
    while queue:
        rec, chain, sources, evidence = queue.popleft()
        if rec is None or rec.status is not ResolveStatus.OK:
            continue
        for edge in edges_of(rec, kb):
            base = edge.base
            if base in seen:
                continue  # met already, by a chain no longer than this one (or a cycle)
            seen.add(base)
            base_rec = node(base, records)
            anc = Ancestor(
                base,
                (*chain, base),
                base_rec,
                (*sources, edge.source),
                (*evidence, edge.evidence),
            )
            out.append(anc)
            queue.append((base_rec, anc.chain, anc.sources, anc.evidence))
            if base_rec is not None and base_rec.status is not ResolveStatus.OK:
                # a base gone from the Hub (decapoda-research's LLaMA-1 copies) may still
                # be a known family by its id: its terms are known even if it is not
                fam = _family_edge(base)
                if fam is not None and fam.base not in seen:
                    seen.add(fam.base)
                    out.append(
                        Ancestor(
                            fam.base,
                            (*anc.chain, fam.base),
                            node(fam.base, records),
                            (*anc.sources, fam.source),
                            (*anc.evidence, fam.evidence),
                        )
                    )
    return out


def _family_edge(model_id: str, names: bool = True) -> Edge | None:
    from modeldeps.knowledge.families import PREFIX, is_family, load_families

    if is_family(model_id):
        return None
    known = load_families().known(model_id, names)
    if known is None:
        return None
    fam, why = known
    note = f"; {fam.name}" + ("; uncertain" if fam.uncertain else "")
    return Edge(
        PREFIX + fam.key,
        EdgeSource.KNOWN_FAMILY,
        fam.relation,
        f"known-families table ({why}{note}; checked {fam.checked})",
    )
