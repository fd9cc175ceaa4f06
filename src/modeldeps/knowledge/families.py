"""Known model families: weights that are derivatives whatever their cards say.

Facts come from ``families.yaml`` beside this module (compiled to
``families.json``; every entry cites sources and the date it was checked).
Two kinds of evidence, both shown as inferences wherever they are used:

- a *known family* (source ``known-family``): a curated id glob or a specific
  name pattern (``vicuna-13b-v1.1``, ``opt-6.7b``), strong enough to decide;
- a *name rule* (source ``name``): a restricted family's word in an id, a tag
  or ``license_name`` (``llama-2``, ``gemma``), the weakest evidence, used only
  when the card declares another license and no base model.

A family becomes a lineage node ``family:<key>`` whose license is the
family's; it is never looked up on the Hub.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from functools import lru_cache

from modeldeps.model import LicenseEvidence, ModelRecord, RecordSource, ResolveStatus
from modeldeps.record import record

PREFIX = "family:"


@record
class Family:
    key: str
    name: str
    license: str  # a licenses.yaml key
    relation: str | None
    ids: tuple[str, ...]
    names: tuple[str, ...]  # patterns, compiled on first use (_rx)
    unless: tuple[str, ...]
    words: tuple[str, ...]
    sources: tuple[str, ...]
    checked: str
    uncertain: bool = False
    weak: bool = False  # a name rule, not a curated family


@record
class FamilyTable:
    families: dict[str, Family]
    name_rules: tuple[Family, ...]

    def known(self, model_id: str, names: bool = True) -> tuple[Family, str] | None:
        """The curated family ``model_id`` belongs to, and what matched, or None.

        ``names=False`` tries the curated id globs only: a model whose card declares
        its base is judged through that base, and a family word in its name
        (``pythia-alpaca``: trained on the Alpaca data) is not a second lineage.
        """
        ident = model_id.lower()
        name = ident.rsplit("/", 1)[-1]
        for f in self.families.values():
            if not any(w in ident for w in f.words) or any(_rx(p).search(ident) for p in f.unless):
                continue
            for glob in f.ids:
                if fnmatchcase(ident, glob):
                    return f, f"id {model_id} matches {glob}"
            for pattern in f.names if names else ():
                if _rx(pattern).search(name):
                    return f, f"name {name} matches /{pattern}/"
        return None

    def named(self, text: str) -> list[Family]:
        """Name rules whose family word appears in ``text`` (an id, a tag, a license name)."""
        low = text.lower()
        return [
            r
            for r in self.name_rules
            if any(w in low for w in r.words)
            and _rx(r.names[0]).search(low)
            and not any(_rx(u).search(low) for u in r.unless)
        ]

    def get(self, key: str) -> Family | None:
        key = key.removeprefix(PREFIX)
        return self.families.get(key) or next((r for r in self.name_rules if r.key == key), None)


@lru_cache(maxsize=256)
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _family(key: str, e: dict[str, object], weak: bool = False) -> Family:
    def strs(name: str) -> tuple[str, ...]:
        value = e.get(name) or ()
        return tuple(str(v) for v in value) if isinstance(value, list) else ()

    patterns = strs("names") if not weak else (str(e["pattern"]),)
    default = f"a name that says {key} (name rule, weak evidence)" if weak else key
    sources = strs("sources") or (
        ("knowledge/families.yaml name_rules: a family word in an id, tag or license_name",)
        if weak
        else ()
    )
    return Family(
        key=key,
        name=str(e.get("name", default)),
        license=str(e["license"]),
        relation=str(e["relation"]) if e.get("relation") else None,
        ids=tuple(g.lower() for g in strs("ids")),
        names=patterns,
        unless=strs("unless"),
        words=tuple(w.lower() for w in strs("words")),
        sources=sources,
        checked=str(e.get("checked", "2026-12-01" if weak else "")),
        uncertain=bool(e.get("uncertain", False)),
        weak=weak,
    )


@lru_cache(maxsize=1)
def load_families() -> FamilyTable:
    """The packaged table, parsed once per process (from families.json)."""
    import json
    import os

    with open(os.path.join(os.path.dirname(__file__), "families.json"), encoding="utf-8") as fh:
        doc = json.load(fh)
    families = {k: _family(k, v) for k, v in doc["families"].items()}
    rules = tuple(_family(str(r["family"]), r, weak=True) for r in doc.get("name_rules") or ())
    return FamilyTable(families, rules)


def family_record(base: str) -> ModelRecord | None:
    """The lineage node for ``family:<key>``: resolved from the table, never from the Hub."""
    f = load_families().get(base)
    if f is None:
        return None
    return ModelRecord(
        id=base,
        requested_revision=None,
        status=ResolveStatus.OK,
        source=RecordSource.NONE,
        canonical_id=base,
        license=LicenseEvidence(f.license, "known-family" if not f.weak else "name"),
        has_card=False,
        reason=f.name,
    )


def is_family(base: str) -> bool:
    return base.startswith(PREFIX)
