"""``modeldeps explain`` and ``modeldeps licenses``: text for a person.

Every value from outside (ids, card fields, LICENSE text, reasons, decision
steps that quote them) is one escaped line (``textsafe.line``) and the whole
text passes ``textsafe.block``: no control character, workflow command or
token reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Mapping

from modeldeps.knowledge.licenses import LicenseFacts, LicenseKB, identify
from modeldeps.model import Edge, Finding, ModelRecord, ResolveStatus
from modeldeps.report.text import license_label
from modeldeps.textsafe import block
from modeldeps.textsafe import line as esc

Key = tuple[str, str | None]


def facts_lines(f: LicenseFacts, indent: str = "  ") -> list[str]:
    out = [
        f"{indent}{f.name} [{f.category}]"
        + (f"  SPDX {f.spdx}" if f.spdx else "")
        + ("  OSI-approved" if f.osi else "")
    ]
    commercial = f.commercial + (f" ({f.commercial_note})" if f.commercial_note else "")
    out.append(f"{indent}commercial use: {commercial}")
    if f.mau_limit:
        out.append(f"{indent}monthly active users cap: {f.mau_limit:,}")
    if f.revenue_limit_usd:
        out.append(f"{indent}annual revenue cap: USD {f.revenue_limit_usd:,}")
    if f.output_training not in ("allowed",):
        note = f" - {f.output_training_note}" if f.output_training_note else ""
        out.append(f"{indent}training on outputs: {f.output_training}{note}")
    if f.excluded_regions:
        out.append(f"{indent}regions: {f.excluded_regions.note}")
    if f.passes_to_derivatives:
        out.append(f"{indent}passes to derivatives: {f.passes_to_derivatives}")
    for d in f.duties:
        out.append(f"{indent}duty: {d}")
    for v in f.versions:
        digest = f"normalised sha256 {v.text_sha256[:12]}" if v.text_sha256 else "no hash recorded"
        out.append(
            f"{indent}text version {v.id} (effective {v.effective}; {digest})"
            + ("; uncertain" if v.uncertain else "")
        )
    if f.uncertain:
        out.append(f"{indent}uncertain: some of these facts could not be verified in the text")
    out.append(f"{indent}confidence: {f.confidence or 'n/a'}; sources:")
    out.extend(f"{indent}  - {s}" for s in f.sources)
    return out


def _tree(key: Key, records: Mapping[Key, ModelRecord]) -> list[str]:
    """The lineage as an indented tree, each edge with its source (and, for an inferred
    one, its evidence); each model is expanded once (a shared base is shown again as
    'see above'), so the tree grows with the models, not with the paths."""
    from modeldeps.resolve.lineage import edges_of, node

    out: list[str] = []
    expanded: set[str] = set()
    stack: list[tuple[str, ModelRecord | None, Edge | None, int, frozenset[str]]] = [
        (key[0], records.get(key), None, 0, frozenset())
    ]
    while stack:
        ident, rec, edge, depth, path = stack.pop()
        label = license_label(rec) if rec is not None else "not resolved"
        relation = f" ({edge.relation})" if edge is not None and edge.relation else ""
        source = ""
        if edge is not None:
            source = f"  [{edge.source}]" if not edge.inferred else f"  [inferred: {edge.source}]"
        pad = "  " * depth + ("<- " if depth else "")
        line = f"  {pad}{esc(ident)}{esc(relation)}  {esc(label)}{esc(source)}"
        if ident in path:
            out.append(line + "  (cycle)")
            continue
        if ident in expanded:
            out.append(line + "  (see above)")
            continue
        out.append(line)
        if edge is not None and edge.inferred and edge.evidence:
            out.append(f"  {'  ' * depth}   {esc(edge.evidence)}")
        expanded.add(ident)
        if rec is not None and rec.status is ResolveStatus.OK:
            inner = path | {ident}
            stack.extend(
                (e.base, node(e.base, records), e, depth + 1, inner)
                for e in reversed(edges_of(rec))
            )
    return out


def render_explain(
    key: Key,
    records: Mapping[Key, ModelRecord],
    kb: LicenseKB,
    steps: list[str],
    findings: list[Finding],
    policy_source: str,
) -> str:
    rec = records.get(key)
    out: list[str] = []
    title = key[0] + (f"@{key[1]}" if key[1] else "")
    if rec is None:
        return block(f"{esc(title)}: not resolved") + "\n"
    out.append(esc(title))
    if rec.status is not ResolveStatus.OK:
        out.append(f"  status: {rec.status} - {esc(str(rec.reason))}")
    else:
        out.append(f"  canonical id: {rec.canonical_id}  commit: {rec.sha}  from: {rec.source}")
        extras = [
            f"gated: {rec.gated}" if rec.gated else "",
            "private" if rec.private else "",
            f"weights: {', '.join(rec.weight_formats) or 'none listed'}",
            f"training data: {', '.join(rec.datasets) or 'not declared'}",
            f"last modified: {rec.last_modified or 'unknown'}",
        ]
        out.append("  " + "; ".join(e for e in extras if e))
        lic = rec.license
        out.append("")
        out.append("License evidence:")
        if lic is not None:
            out.append(
                f"  {esc(str(lic.value))} from {esc(lic.source)}"
                + (f", license_name {esc(lic.name)}" if lic.name else "")
                + (f", license_link {esc(lic.link)}" if lic.link else "")
            )
        if rec.license_file is not None:
            first = rec.license_file.excerpt.strip().splitlines()[:1]
            out.append(
                f"  {esc(rec.license_file.path)} (sha256 {esc(rec.license_file.sha256[:12])}): "
                f"{esc(first[0]) if first else ''}"
            )
        if rec.terms is not None:
            out.extend(f"  {esc(t)}" for t in rec.terms.evidence)
        ident = identify(rec, kb)
        if ident.facts is not None:
            out.append("")
            out.append(f"License facts ({ident.how}):")
            out.extend(facts_lines(ident.facts))
        else:
            out.append(f"  not matched to a known license ({ident.state})")
        out.append("")
        out.append("Lineage:")
        out.extend(_tree(key, records))
    out.append("")
    out.append(f"Decision under {policy_source}:")
    out.extend(f"  {esc(s)}" for s in steps)
    out.append("")
    if findings:
        out.append("Findings:")
        for f in findings:
            where = ""
            if f.origin is not None:
                line = f":{f.origin.line}" if f.origin.line else ""
                where = f"  [{f.origin.file}{line}]"
            out.append(f"  {f.severity}: {f.code}: {esc(f.message)}{esc(where)}")
    worst = {"error": "denied", "warning": "needs review"}
    verdict = "allowed"
    for sev in ("error", "warning"):
        if any(f.severity.value == sev and f.code != "license-duty" for f in findings):
            verdict = worst[sev]
            break
    out.append(f"Verdict: {verdict}")
    return block("\n".join(out)) + "\n"


def render_licenses(kb: LicenseKB, category: str | None) -> str:
    rows = [f for f in kb.entries.values() if category is None or f.category == category]
    rows.sort(key=lambda f: (f.category, f.key))
    width = max((len(f.key) for f in rows), default=10)
    out = []
    for f in rows:
        out.append(
            f"{f.key:<{width}}  {f.category:<16}  {f.commercial:<11}  {f.spdx or '-':<18}  {f.name}"
        )
    out.append(f"{len(rows)} license{'s' if len(rows) != 1 else ''}")
    return "\n".join(out) + "\n"
