"""NOTICE.models: the attribution and notice duties of every model a product uses.

For each model the scan found, and each model in its lineage, the license is
matched to the knowledge base and its notice facts (``knowledge/notices.yaml``):
the license text to ship and where to get it, the notice line to keep
verbatim, what to display, how derivatives must be named, and the use policy
to pass on to downstream users with its URL. Grouped by license, each fact
once, models sorted: the same scan always writes the same bytes, so the file
can be committed and checked (``modeldeps notice --check``). No date or
version is written for the same reason.
"""

from __future__ import annotations

from modeldeps.model import ModelRecord, ResolveStatus, ScanResult
from modeldeps.textsafe import guard, line

HEADER = (
    "NOTICE.models: attribution and notice duties of the AI models this product uses.\n"
    "Written by `modeldeps notice`; regenerate it, do not edit it. Not legal advice.\n"
)


def _users(result: ScanResult) -> dict[str, set[str]]:
    """model id -> the referenced models that bring it in (itself, or a descendant)."""
    from modeldeps.resolve.lineage import ancestry

    keyed = {(r.id, r.requested_revision): r for r in result.records}
    out: dict[str, set[str]] = {}
    for key in dict.fromkeys((r.model_id, r.revision) for r in result.references):
        out.setdefault(key[0], set()).add(key[0])
        for anc in ancestry(keyed, key):
            out.setdefault(anc.id, set()).add(key[0])
    return out


def render_notice(result: ScanResult) -> str:
    """The NOTICE.models text for a resolved scan."""
    from modeldeps.knowledge.licenses import identify, load_kb
    from modeldeps.knowledge.notices import load_notices

    kb = load_kb()
    notices = load_notices()
    records: dict[str, ModelRecord] = {}
    for each in result.records:
        records.setdefault(each.id, each)
    users = _users(result)
    groups: dict[str, set[str]] = {}
    unplaced: dict[str, str] = {}
    for mid in sorted(users):
        rec = records.get(mid)
        if rec is None or rec.status is not ResolveStatus.OK:
            unplaced[mid] = f"not resolved ({rec.status if rec else 'not looked up'})"
            continue
        ident = identify(rec, kb)
        parts = ident.parts or ((ident.facts,) if ident.facts is not None else ())
        if not parts or ident.unplaced:
            unplaced[mid] = f"license {ident.label} is not in the knowledge base"
        for facts in parts:
            groups.setdefault(facts.key, set()).add(mid)

    direct = {r.model_id for r in result.references}

    def via(mid: str) -> str:
        others = sorted(users[mid] - {mid})
        if not others:
            return ""
        if mid.startswith("family:"):  # no model: the known-families table's inference
            return f" (inferred lineage of {', '.join(others)})"
        return f" ({'also ' if mid in direct else ''}via {', '.join(others)})"

    out = [HEADER]
    for key in sorted(groups, key=lambda k: (kb.entries[k].name.lower(), k)):
        facts = kb.entries[key]
        n = notices.get(key)
        out.append("=" * 78)
        out.append(f"{facts.name} [{key}]")
        out.append("=" * 78)
        out.append("Models:")
        out += [f"  - {line(m)}{line(via(m))}" for m in sorted(groups[key], key=str.lower)]
        if n is None:
            out.append("")
            out.append("No notice facts are recorded for this license; read its terms")
            if facts.attribution:
                out.append(f"(the license knowledge base says: {facts.attribution}).")
            out += [f"  source: {s}" for s in facts.sources]
            out.append("")
            continue
        if n.full_text:
            out += ["", "Ship a copy of the license text with the product. Get it from:"]
            out.append(f"  {n.license_url}")
        elif n.license_url:
            out += ["", f"License: {n.license_url}"]
        if n.notice:
            out += ["", "Keep this notice, verbatim, in a Notice text file:", f"  {n.notice}"]
        if n.notice_file:
            out += ["", f"Notice file: {n.notice_file}."]
        if n.display:
            out += ["", f"Display: {n.display}."]
        if n.naming:
            out += ["", f"Naming: {n.naming}."]
        if n.use_policy is not None:
            out += [
                "",
                f"Pass on to downstream users: {n.use_policy.name}",
                f"  {n.use_policy.url}",
            ]
        if n.pass_down:
            out += ["", f"Downstream terms: {n.pass_down}."]
        out += ["", "Sources:"]
        out += [f"  - {s}" for s in n.sources]
        checked = f"Checked {n.checked}" if n.checked else "Not dated"
        uncertain = f"; not confirmed in the license text: {', '.join(n.uncertain)}"
        out += [f"{checked}{uncertain if n.uncertain else ''}.", ""]
    if unplaced:
        out.append("=" * 78)
        out.append("Models whose duties modeldeps cannot state")
        out.append("=" * 78)
        out += [
            f"  - {line(m)}{line(via(m))}: {line(why)}"
            for m, why in sorted(unplaced.items(), key=lambda i: i[0].lower())
        ]
        out.append("")
    if not groups and not unplaced:
        out.append("No models found.\n")
    return guard("\n".join(out).rstrip("\n") + "\n")
