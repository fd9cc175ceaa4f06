"""What every format says about hosted API models: one place, so the formats agree."""

from __future__ import annotations

from modeldeps.model import ApiModelRecord, Asset, ScanResult

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any


def locations(result: ScanResult, rec: ApiModelRecord) -> list[str]:
    """``path:line`` of every reference to the API model (as the provider serves it)."""
    from modeldeps.knowledge.providers import load_providers

    kb = load_providers()
    out = []
    for r in result.references:
        if r.asset is Asset.API_MODEL and r.model_id.lower() == rec.id.lower():
            d = kb.describe(r)
            if d.provider == rec.provider:
                out.append(f"{r.location.path}:{r.location.line}")
    return list(dict.fromkeys(out))


def by_provider(result: ScanResult) -> dict[str, list[ApiModelRecord]]:
    """The API models of a result, one entry per (model, provider), grouped by provider."""
    seen: dict[tuple[str, str | None], ApiModelRecord] = {}
    for rec in result.api_models:
        seen.setdefault((rec.id.lower(), rec.provider), rec)
    groups: dict[str, list[ApiModelRecord]] = {}
    for rec in seen.values():
        groups.setdefault(rec.provider or "unknown", []).append(rec)
    return dict(sorted(groups.items()))


def api_model_dict(result: ScanResult, rec: ApiModelRecord) -> dict[str, Any]:
    return {
        "model_id": rec.id,
        "provider": rec.provider,
        "creator": rec.creator,
        "family": rec.family,
        "kind": rec.kind,
        "route": rec.route,
        "deployment": rec.deployment,
        "open_weights": rec.open_weights,
        "retired": rec.retired,
        "retired_source": rec.retired_source,
        "known": rec.known,
        "facts": rec.facts,
        "locations": locations(result, rec),
    }


def describe(rec: ApiModelRecord) -> str:
    """One line: ``gpt-4o (GPT-4o, chat) by openai, retired 2024-01-04``."""
    bits = []
    if rec.deployment:
        bits.append("Azure OpenAI deployment")
    elif rec.family:
        bits.append(rec.family + (f", {rec.kind}" if rec.kind else ""))
    elif not rec.open_weights:
        bits.append("not in the knowledge base")
    if rec.creator:
        bits.append(f"model by {rec.creator}")
    if rec.route and rec.route != rec.provider:
        bits.append(f"via {rec.route}")
    if rec.open_weights:
        bits.append(f"open weights {rec.open_weights}")
    if rec.retired:
        bits.append(f"retired {rec.retired}")
    return f"{rec.id} ({'; '.join(bits)})" if bits else rec.id
