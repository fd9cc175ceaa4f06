"""Lineage graphs: every model in a scan and the base models it derives from.

One graph feeds every picture (Mermaid in the Markdown report, the step summary
and the pull-request comment; Graphviz ``--format dot``). A node is a model
with its license and verdict; an edge runs from a base model to the model
that derives from it, labelled with the Hub's ``base_model_relation``
(finetune, adapter, quantized, merge) when the card gives one, and with its
source when it is inferred rather than declared (card text, GGUF header, the
known-families table, the name: ``resolve.lineage.edges_of``); a family the
table names is a node of its own (``family:<key>``).

Verdicts: a referenced model's is the scan's (lineage and exceptions
included, :func:`modeldeps.report.base.model_verdicts`); an ancestor's is the
policy's level for its own license (``ScanResult.levels``).
"""

from __future__ import annotations

from modeldeps.model import ModelRecord, ResolveStatus, ScanResult
from modeldeps.record import record
from modeldeps.report.base import model_verdicts
from modeldeps.report.text import license_label

_LEVEL_VERDICT = {"deny": "denied", "review": "review", "allow": "allowed"}
VERDICTS = ("denied", "unresolved", "review", "allowed", "listed")


@record
class Node:
    id: str
    license: str
    verdict: str  # denied | unresolved | review | allowed | listed
    referenced: bool


@record
class Edge:
    base: str
    child: str
    relation: str | None
    source: str = "declared"  # declared, tag, card-text, gguf-metadata, known-family, name
    inferred: bool = False  # not the card's base_model or the Hub's tags


@record
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    truncated: int = 0  # nodes left out to keep a picture readable


def build(result: ScanResult, *, max_nodes: int | None = None, only_lineage: bool = False) -> Graph:
    """The lineage graph of ``result``, nodes in a stable order (referenced first, by id).

    ``only_lineage`` keeps only models that have a base or are one; ``max_nodes``
    caps the picture (whole connected groups are kept or dropped together).
    """
    verdicts = model_verdicts(result)
    levels = dict(result.levels)
    records: dict[str, ModelRecord] = {}
    for rec in result.records:
        records.setdefault(rec.id, rec)
    from modeldeps.knowledge.families import family_record, is_family
    from modeldeps.resolve.lineage import edges_of

    families: dict[str, ModelRecord] = {}  # family:<key> nodes of inferred lineage
    referenced = list(dict.fromkeys(r.model_id for r in result.references))
    order: list[str] = []
    seen: set[str] = set()
    edges: list[Edge] = []
    stack = sorted(referenced, key=str.lower)
    # depth-first from each referenced model, so a group's nodes stay together
    for start in stack:
        todo = [start]
        while todo:
            mid = todo.pop()
            if mid in seen:
                continue
            seen.add(mid)
            order.append(mid)
            found = records.get(mid) or families.get(mid)
            if found is None or found.status is not ResolveStatus.OK:
                continue
            for e in edges_of(found):
                edges.append(Edge(e.base, mid, e.relation, str(e.source), e.inferred))
                if is_family(e.base) and e.base not in families:
                    fam = family_record(e.base)
                    if fam is not None:
                        families[e.base] = fam
                todo.append(e.base)
    edges = list(dict.fromkeys(edges))
    linked = {e.base for e in edges} | {e.child for e in edges}
    if only_lineage:
        order = [m for m in order if m in linked]
    truncated = 0
    if max_nodes is not None and len(order) > max_nodes:
        truncated = len(order) - max_nodes
        order = order[:max_nodes]
    keep = set(order)
    nodes = tuple(
        Node(
            m,
            _license(records.get(m) or families.get(m)),
            _verdict(m, records, verdicts, levels, result),
            m in verdicts,
        )
        for m in order
    )
    kept_edges = tuple(e for e in edges if e.base in keep and e.child in keep)
    return Graph(nodes, kept_edges, truncated)


def _license(rec: ModelRecord | None) -> str:
    return license_label(rec) if rec is not None else "not resolved"


def _verdict(
    mid: str,
    records: dict[str, ModelRecord],
    verdicts: dict[str, str],
    levels: dict[str, str],
    result: ScanResult,
) -> str:
    if mid in verdicts:
        return verdicts[mid]
    if not result.resolved:
        return "listed"
    rec = records.get(mid)
    if rec is None and mid.startswith("family:"):
        return _LEVEL_VERDICT.get(levels.get(mid, ""), "listed")
    if rec is None or rec.status is not ResolveStatus.OK:
        return "unresolved"
    return _LEVEL_VERDICT.get(levels.get(mid, ""), "listed")
