"""``modeldeps training-data``: per model, the data it was trained on, as text and JSON.

For each model: the datasets its card declares (``datasets:``), the datasets every
model it derives from declares ("inherited training data", with the lineage they
come through), each dataset's license and how the policy's ``datasets.training``
rules judge it, and what is undisclosed (card entries that are not Hub datasets,
models of the lineage whose cards declare nothing, datasets that could not be
resolved). It is the inventory a provider starts from to fill in the EU AI Act's
public summary of training content; it says what the cards declare, not what was
really used.
"""

from __future__ import annotations

from collections.abc import Mapping

from modeldeps.model import ModelRecord, ResolveStatus
from modeldeps.record import record
from modeldeps.report.text import license_label
from modeldeps.textsafe import block
from modeldeps.textsafe import line as esc

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from modeldeps.policy.config import ValidPolicy

Key = tuple[str, str | None]
SCHEMA = "modeldeps.training-data/1"


@record
class DatasetEntry:
    id: str
    declared_by: str  # the model whose card lists it
    via: tuple[str, ...]  # the lineage from the model to declared_by; () when its own
    record: ModelRecord | None
    category: str | None
    verdict: str | None  # allow | review | deny under datasets.training; None unresolved
    rule: str | None


@record
class ModelInventory:
    id: str
    revision: str | None
    record: ModelRecord | None
    lineage: tuple[str, ...]  # the ancestors resolved, nearest first
    datasets: tuple[DatasetEntry, ...]
    not_on_hub: tuple[str, ...]  # card entries that are not Hub dataset ids
    silent: tuple[str, ...]  # models of the lineage whose cards declare no datasets


def inventory(
    keys: list[Key],
    models: Mapping[Key, ModelRecord],
    data: Mapping[Key, ModelRecord],
    policy: ValidPolicy,
) -> list[ModelInventory]:
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.policy.datasets import rules, training_uses, worst
    from modeldeps.resolve.lineage import ancestry

    kb = load_kb()
    r = rules(policy, "training")
    out: list[ModelInventory] = []
    for key in keys:
        rec = models.get(key)
        uses, free, silent = training_uses(key, models)
        entries = []
        for use in uses:
            drec = data.get((use.dataset, None))
            found = worst((use.dataset, None), data, r, kb, "training")
            verdict = found[0] if found is not None else None
            facts = verdict.ident.facts if verdict is not None else None
            entries.append(
                DatasetEntry(
                    use.dataset,
                    use.via[-1] if use.via else use.model,
                    use.via,
                    drec,
                    facts.category if facts is not None else None,
                    verdict.level if verdict is not None else None,
                    verdict.rule if verdict is not None else None,
                )
            )
        lineage = (
            tuple(a.id for a in ancestry(models, key))
            if rec is not None and rec.status is ResolveStatus.OK
            else ()
        )
        out.append(
            ModelInventory(key[0], key[1], rec, lineage, tuple(entries), tuple(free), tuple(silent))
        )
    return out


def _status(rec: ModelRecord | None) -> str:
    if rec is None:
        return "not resolved"
    return str(rec.status)


def render_text_lines(items: list[ModelInventory], *, header: bool = True) -> list[str]:
    out: list[str] = []
    for inv in items:
        title = inv.id + (f"@{inv.revision}" if inv.revision else "")
        if header:
            lic = license_label(inv.record) if inv.record is not None else "not resolved"
            out.append(f"{esc(title)}  {esc(lic)}")
            if inv.lineage:
                out.append(f"  lineage: {esc(' <- '.join((inv.id, *inv.lineage)))}")
        if inv.record is None or inv.record.status is not ResolveStatus.OK:
            out.append(f"  could not be resolved ({_status(inv.record)}): training data unknown")
            out.append("")
            continue
        own = [e for e in inv.datasets if not e.via]
        inherited = [e for e in inv.datasets if e.via]
        for title_, group in (("own training data", own), ("inherited training data", inherited)):
            if not group:
                continue
            out.append(f"  {title_}:")
            for e in group:
                lic = license_label(e.record) if e.record is not None else "not resolved"
                cat = f" [{e.category}]" if e.category else ""
                via = f"  via {esc(e.declared_by)}" if e.via else ""
                verdict = f"  -> {e.verdict}" if e.verdict and e.verdict != "allow" else ""
                out.append(f"    {esc(e.id)}  {esc(lic)}{esc(cat)}{via}{verdict}")
        if not inv.datasets and not inv.not_on_hub:
            out.append("  no training data declared by the model or its lineage")
        undisclosed = []
        if inv.not_on_hub:
            undisclosed.append(
                "not Hub datasets (named only): " + ", ".join(esc(n) for n in inv.not_on_hub)
            )
        if inv.silent:
            undisclosed.append(
                "cards that declare no datasets: " + ", ".join(esc(s) for s in inv.silent)
            )
        unresolved = [
            e.id
            for e in inv.datasets
            if e.record is None or e.record.status is not ResolveStatus.OK
        ]
        if unresolved:
            undisclosed.append("could not be resolved: " + ", ".join(esc(u) for u in unresolved))
        if undisclosed:
            out.append("  undisclosed:")
            out.extend(f"    {u}" for u in undisclosed)
        out.append("")
    return out


def render_text(items: list[ModelInventory], messages: list[str]) -> str:
    lines = render_text_lines(items)
    if not items:
        lines = ["no models referenced", ""]
    lines += [f"warning: {esc(m)}" for m in messages]
    return block("\n".join(lines).rstrip("\n") + "\n")


def _license(rec: ModelRecord | None) -> dict[str, Any] | None:
    if rec is None or rec.license is None:
        return None
    lic = rec.license
    return {"id": lic.value, "source": lic.source, "name": lic.name, "link": lic.link}


def render_json(items: list[ModelInventory], messages: list[str]) -> str:
    from modeldeps import __version__
    from modeldeps.report.json import dumps

    doc = {
        "schema": SCHEMA,
        "tool": {"name": "modeldeps", "version": __version__},
        "models": [
            {
                "id": inv.id,
                "revision": inv.revision,
                "status": _status(inv.record),
                "license": _license(inv.record),
                "lineage": list(inv.lineage),
                "datasets": [
                    {
                        "id": e.id,
                        "inherited": bool(e.via),
                        "declared_by": e.declared_by,
                        "via": list(e.via),
                        "status": _status(e.record),
                        "canonical_id": e.record.canonical_id if e.record else None,
                        "sha": e.record.sha if e.record else None,
                        "license": _license(e.record),
                        "category": e.category,
                        "gated": e.record.gated if e.record else None,
                        "tasks": list(e.record.tasks) if e.record else [],
                        "verdict": e.verdict,
                        "rule": e.rule,
                    }
                    for e in inv.datasets
                ],
                "undisclosed": {
                    "not_on_hub": list(inv.not_on_hub),
                    "silent_cards": list(inv.silent),
                },
            }
            for inv in items
        ],
        "messages": messages,
    }
    return dumps(doc)
