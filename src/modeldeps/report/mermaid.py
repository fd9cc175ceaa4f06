"""Mermaid flowcharts of model lineage, for GitHub-rendered Markdown.

Every label is made inert: after ``textsafe.line`` (controls shown escaped,
tokens redacted), each character outside a small safe set is written as a
Mermaid entity code (``#35;`` for ``#``), so an id or a license name cannot
close its label, start a link, inject HTML or end the surrounding fence.
"""

from __future__ import annotations

from modeldeps.report.graph import Graph
from modeldeps.textsafe import line

# Fill and border per verdict (GitHub's Primer light palette: readable on light and dark).
STYLES = {
    "denied": "fill:#ffebe9,stroke:#cf222e,color:#1f2328",
    "unresolved": "fill:#f6f8fa,stroke:#59636e,color:#1f2328,stroke-dasharray:4 3",
    "review": "fill:#fff8c5,stroke:#9a6700,color:#1f2328",
    "allowed": "fill:#dafbe1,stroke:#1a7f37,color:#1f2328",
    "listed": "fill:#ddf4ff,stroke:#0969da,color:#1f2328",
}
_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ./_:+-,()@")
# An edge's text is not quoted: there parentheses and colons are syntax too.
_EDGE_SAFE = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ./_-")


def label(text: str, safe: frozenset[str] = _SAFE) -> str:
    """Text for inside a quoted Mermaid node label (or, with ``_EDGE_SAFE``, an edge's text)."""
    return "".join(ch if ch in safe else f"#{ord(ch)};" for ch in line(text))


def flowchart(graph: Graph) -> str:
    """Mermaid source (without the fence); empty when the graph has no nodes."""
    if not graph.nodes:
        return ""
    ids = {n.id: f"m{i}" for i, n in enumerate(graph.nodes)}
    out = ["flowchart BT"]
    for n in graph.nodes:
        text = f"{label(n.id)}<br/>{label(n.license)}<br/><i>{label(n.verdict)}</i>"
        out.append(f'  {ids[n.id]}["{text}"]:::{n.verdict}')
    for e in graph.edges:
        text = ", ".join(
            t for t in (e.relation, f"inferred: {e.source}" if e.inferred else "") if t
        )
        rel = f"|{label(text, _EDGE_SAFE)}|" if text else ""
        arrow = "-.->" if e.inferred else "-->"  # dashed: inferred, not declared
        out.append(f"  {ids[e.child]} {arrow}{rel} {ids[e.base]}")
    used = sorted({n.verdict for n in graph.nodes})
    out += [f"  classDef {v} {STYLES[v]}" for v in used]
    return "\n".join(out) + "\n"


def markdown_section(graph: Graph, title: str = "Lineage") -> list[str]:
    """A Markdown heading, a fenced Mermaid block and a key; no lines for an empty graph."""
    chart = flowchart(graph)
    if not chart or not graph.edges:
        return []
    out = [
        "",
        f"### {title}",
        "",
        "Each arrow points from a model to the base model it derives from (dashed: "
        "inferred, not declared by the card); colours: red denied, yellow review, "
        "green allowed, grey unresolved.",
        "",
        "```mermaid",
        chart.rstrip("\n"),
        "```",
    ]
    if graph.truncated:
        out += ["", f"({graph.truncated} more models not drawn; see the full report.)"]
    return out
