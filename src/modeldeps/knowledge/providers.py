"""Hosted API model knowledge base: a model name as a provider knows it -> facts with sources.

Facts come from ``providers.yaml`` beside this module, compiled to
``providers.json`` (``scripts/compile_data.py``). Each fact carries its source,
the date it was recorded and whether it was verified; nothing here ever asks a
provider anything.
"""

from __future__ import annotations

from functools import lru_cache

from modeldeps.model import ApiModelRecord, Reference
from modeldeps.record import record

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    import re
    from typing import Any

# What the inputs_training values mean for an organisation that sends confidential data:
# used unless something is done about it.
TRAINS_BY_DEFAULT = frozenset({"yes", "opt-out"})


@record
class Fact:
    """One fact about a provider or a model, with where it comes from."""

    value: Any
    source: str
    as_of: str
    clause: str | None = None
    uncertain: bool = False

    def cite(self) -> str:
        """``source, as of DATE`` and ``(unverified)`` when it was not re-read."""
        return f"{self.source}, as of {self.as_of}" + (" (unverified)" if self.uncertain else "")


@record
class Provider:
    key: str
    name: str
    kind: str  # vendor | cloud | router
    url: str
    terms: dict[str, Fact]
    inputs_training: dict[str, Fact]  # tier -> fact


@record
class ModelEntry:
    index: int
    pattern: re.Pattern[str]
    provider: str
    family: str
    kind: str | None = None
    creator: str | None = None
    open_weights: str | None = None
    retired: Fact | None = None

    @property
    def where(self) -> str:
        return f"providers.yaml models[{self.index}]"


def _fact(d: dict[str, Any]) -> Fact:
    return Fact(
        value=d["value"],
        source=str(d["source"]),
        as_of=str(d["as_of"]),
        clause=d.get("clause"),
        uncertain=bool(d.get("uncertain", False)),
    )


@record(frozen=False)
class ProviderKB:
    providers: dict[str, Provider]
    models: list[ModelEntry]

    def provider(self, key: str | None) -> Provider | None:
        return None if key is None else self.providers.get(key)

    def lookup(self, name: str) -> ModelEntry | None:
        """The first entry whose pattern matches the whole name (case-insensitive)."""
        low = name.lower()
        if low.startswith("models/"):  # Gemini's REST form: models/gemini-1.5-pro
            low = low[len("models/") :]
        for entry in self.models:
            if entry.pattern.fullmatch(low):
                return entry
        return None

    def describe(self, ref: Reference) -> ApiModelRecord:
        """The record of one API model reference: what its flags say (route, provider,
        deployment) completed by the knowledge base."""
        flags = dict(f.split(":", 1) for f in ref.flags if f.startswith(("provider:", "route:")))
        deployment = "deployment" in ref.flags
        name = ref.model_id
        tail = name.rsplit("/", 1)[-1]
        if "/" in name and not name.lower().startswith("accounts/") and self.lookup(tail) is None:
            # a router's name for a Hub model: the Hub model is the weights
            return ApiModelRecord(
                id=name,
                provider=flags.get("provider"),
                family=None,
                route=flags.get("route"),
                open_weights=name,
                facts="hub",
            )
        entry = None if deployment else (self.lookup(name) or self.lookup(tail))
        provider = flags.get("provider") or (entry.provider if entry else None)
        creator = entry.creator if entry else None
        if entry is not None and provider != entry.provider and creator is None:
            creator = entry.provider  # OpenAI's gpt-4o served by Azure or a router
        open_weights = entry.open_weights if entry else None
        if open_weights and "{name}" in open_weights:
            open_weights = open_weights.replace("{name}", name.lower())
        retired = entry.retired if entry else None
        return ApiModelRecord(
            id=name,
            provider=provider,
            creator=creator if creator != provider else None,
            family=entry.family if entry else None,
            kind=entry.kind if entry else None,
            route=flags.get("route"),
            deployment=deployment,
            open_weights=open_weights,
            retired=None if retired is None else str(retired.value),
            retired_source=None if retired is None else retired.cite(),
            retired_uncertain=bool(retired and retired.uncertain),
            facts=entry.where if entry else None,
        )


def parse(doc: dict[str, Any]) -> ProviderKB:
    """Build the knowledge base from its compiled document."""
    import re

    providers: dict[str, Provider] = {}
    for key, p in doc["providers"].items():
        terms = dict(p.get("terms") or {})
        training = terms.pop("inputs_training", None) or {}
        providers[key] = Provider(
            key=key,
            name=str(p["name"]),
            kind=str(p["kind"]),
            url=str(p["url"]),
            terms={k: _fact(v) for k, v in terms.items()},
            inputs_training={tier: _fact(v) for tier, v in training.items()},
        )
    models = [
        ModelEntry(
            index=i,
            pattern=re.compile(m["match"]),
            provider=str(m["provider"]),
            family=str(m["family"]),
            kind=m.get("kind"),
            creator=m.get("creator"),
            open_weights=m.get("open_weights"),
            retired=_fact(m["retired"]) if m.get("retired") else None,
        )
        for i, m in enumerate(doc["models"])
    ]
    return ProviderKB(providers, models)


def problems(doc: dict[str, Any]) -> list[str]:
    """What makes a knowledge-base document unusable: a fact without a source or a date,
    an unknown provider, a pattern that does not compile. Empty when it is sound."""
    import datetime as dt
    import re

    out: list[str] = []

    def check_fact(where: str, d: object, dated_value: bool = False) -> None:
        if not isinstance(d, dict) or "value" not in d:
            out.append(f"{where}: a fact is a mapping with a value")
            return
        for key in ("source", "as_of"):
            if not d.get(key):
                out.append(f"{where}: no {key}")
        try:
            dt.date.fromisoformat(str(d.get("as_of")))
            if dated_value:
                dt.date.fromisoformat(str(d["value"]))
        except ValueError:
            out.append(f"{where}: not an ISO date")

    providers = doc.get("providers") or {}
    for key, p in providers.items():
        for field_name in ("name", "kind", "url"):
            if not p.get(field_name):
                out.append(f"providers.{key}: no {field_name}")
        for term, fact in (p.get("terms") or {}).items():
            if term == "inputs_training":
                for tier, f in (fact or {}).items():
                    check_fact(f"providers.{key}.terms.inputs_training.{tier}", f)
            else:
                check_fact(f"providers.{key}.terms.{term}", fact)
    for i, m in enumerate(doc.get("models") or []):
        where = f"models[{i}]"
        if m.get("provider") not in providers:
            out.append(f"{where}: unknown provider {m.get('provider')!r}")
        if (
            m.get("creator") is not None
            and m["creator"] not in providers
            and m["creator"] != "meta"
        ):
            out.append(f"{where}: unknown creator {m['creator']!r}")
        try:
            re.compile(str(m.get("match")))
        except re.error as exc:
            out.append(f"{where}: bad pattern: {exc}")
        if m.get("retired") is not None:
            check_fact(f"{where}.retired", m["retired"], dated_value=True)
    return out


@lru_cache(maxsize=1)
def load_providers() -> ProviderKB:
    """The packaged provider knowledge base, parsed once per process."""
    import json
    import os

    with open(os.path.join(os.path.dirname(__file__), "providers.json"), encoding="utf-8") as fh:
        return parse(json.load(fh))
