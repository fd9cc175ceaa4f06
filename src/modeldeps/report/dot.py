"""Graphviz DOT of every model and its lineage: ``modeldeps scan -f dot | dot -Tsvg``.

Nodes carry the model id, its license and its verdict, filled by verdict;
edges run from a model to the base model it derives from, labelled with the
relation the card gives. Every string is a quoted DOT ID with ``\\`` and
``"`` escaped, after ``textsafe.line``, so no id can end a statement.
"""

from __future__ import annotations

from modeldeps.model import ScanResult
from modeldeps.report.base import Reporter
from modeldeps.report.graph import build
from modeldeps.textsafe import line

_COLOURS = {
    "denied": ("#ffebe9", "#cf222e"),
    "unresolved": ("#f6f8fa", "#59636e"),
    "review": ("#fff8c5", "#9a6700"),
    "allowed": ("#dafbe1", "#1a7f37"),
    "listed": ("#ddf4ff", "#0969da"),
}


def quote(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


class DotReporter(Reporter):
    def render(self, result: ScanResult) -> str:
        graph = build(result)
        out = [
            "digraph modeldeps {",
            "  rankdir=BT;",
            '  node [shape=box, style="rounded,filled", fontname="Helvetica"];',
            '  edge [fontname="Helvetica", fontsize=10];',
        ]
        ids = {n.id: f"m{i}" for i, n in enumerate(graph.nodes)}
        for n in graph.nodes:
            fill, stroke = _COLOURS[n.verdict]
            text = f"{line(n.id)}\n{line(n.license)}\n{n.verdict}"
            escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            penwidth = "2" if n.referenced else "1"
            out.append(
                f'  {ids[n.id]} [label="{escaped}", fillcolor="{fill}", color="{stroke}", '
                f"penwidth={penwidth}];"
            )
        for e in graph.edges:
            text = ", ".join(
                t for t in (e.relation, f"inferred: {e.source}" if e.inferred else "") if t
            )
            attrs = [f"label={quote(text)}"] if text else []
            if e.inferred:
                attrs.append("style=dashed")  # inferred, not declared by the card
            tail = f" [{', '.join(attrs)}]" if attrs else ""
            out.append(f"  {ids[e.child]} -> {ids[e.base]}{tail};")
        out.append("}")
        return "\n".join(out) + "\n"
