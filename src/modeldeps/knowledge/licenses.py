"""License knowledge base: license evidence -> LicenseFacts.

Facts come from ``licenses.yaml`` beside this module (compiled to JSON at
build time; every entry cites its sources). Evidence that is not a Hub
license id -- a card's ``license_name`` slug, a LICENSE file's text -- is
matched by name and by recognisable text only, never guessed from the
organisation that published the model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from modeldeps.lazyre import IGNORECASE, lazy
from modeldeps.model import ModelRecord
from modeldeps.record import field, record

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any

CATEGORIES = (
    "permissive", "weak-copyleft", "copyleft", "vendor-community", "use-restricted",
    "proprietary", "non-commercial", "unknown",
)  # fmt: skip
# Higher is more restrictive: used for "worst ancestor wins" and for mismatches.
RANK = {c: i for i, c in enumerate(CATEGORIES)}


@record
class ExcludedRegions:
    regions: tuple[str, ...]
    scope: str
    note: str


@record
class LicenseVersion:
    """One known text of a license: its normalised-text hash and effective date.

    ``markers`` (phrases, compared normalised; any one suffices) date a copy whose
    hash differs: a version's title or its "Last modified" line.
    """

    id: str
    effective: str
    text_sha256: str | None
    note: str = ""
    source: str = ""
    markers: tuple[str, ...] = ()
    uncertain: bool = False


@record
class LicenseFacts:
    key: str
    name: str
    category: str
    spdx: str | None = None
    osi: bool = False
    hub_id: str | None = None
    commercial: str = "unknown"
    commercial_note: str | None = None
    use_restrictions: bool | str = "uncertain"
    passes_to_derivatives: str | None = None
    output_training: str = "uncertain"
    output_training_note: str | None = None
    mau_limit: int | None = None
    revenue_limit_usd: int | None = None
    excluded_regions: ExcludedRegions | None = None
    attribution: str | None = None
    derivative_naming: str | None = None
    duties: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    confidence: str | None = None
    sources: tuple[str, ...] = ()
    links: tuple[str, ...] = ()  # license_link URL fragments that name this license
    versions: tuple[LicenseVersion, ...] = ()  # known texts, oldest first
    uncertain: bool = False

    def version_of(
        self, text_sha256: str | None, excerpt: str
    ) -> tuple[LicenseVersion, str] | None:
        """(the known version a LICENSE text is, "hash" or "markers"), or None."""
        if text_sha256:
            for v in self.versions:
                if v.text_sha256 == text_sha256:
                    return v, "hash"
        if excerpt:
            from modeldeps.knowledge.versions import normalise

            body = normalise(excerpt)
            # the latest version one of whose markers appears (later titles extend earlier
            # ones: "v1.1.1" contains "v1.1", so the newest is tried first)
            for v in reversed(self.versions):
                if any(normalise(m) in body for m in v.markers):
                    return v, "markers"
        return None


def _facts(key: str, e: dict[str, Any]) -> LicenseFacts:
    match = e.get("match") or {}
    regions = e.get("excluded_regions")
    return LicenseFacts(
        key=key,
        name=str(e["name"]),
        category=str(e["category"]),
        spdx=e.get("spdx"),
        osi=bool(e.get("osi", False)),
        hub_id=e.get("hub_id"),
        commercial=str(e.get("commercial", "unknown")),
        commercial_note=e.get("commercial_note"),
        use_restrictions=e.get("use_restrictions", "uncertain"),
        passes_to_derivatives=None
        if e.get("passes_to_derivatives") is None
        else str(e.get("passes_to_derivatives")),
        output_training=str(e.get("output_training", "uncertain")),
        output_training_note=e.get("output_training_note"),
        mau_limit=e.get("mau_limit"),
        revenue_limit_usd=e.get("revenue_limit_usd"),
        excluded_regions=None
        if not regions
        else ExcludedRegions(
            tuple(regions.get("regions", ())),
            str(regions.get("scope", "")),
            str(regions.get("note", "")),
        ),
        attribution=e.get("attribution"),
        derivative_naming=e.get("derivative_naming"),
        duties=tuple(e.get("duties") or ()),
        clauses=tuple(str(c) for c in e.get("clauses") or ()),
        names=tuple(str(n).lower() for n in match.get("names") or ()),
        texts=tuple(str(t) for t in match.get("text") or ()),
        confidence=e.get("confidence"),
        sources=tuple(e.get("sources") or ()),
        links=tuple(str(u).lower() for u in match.get("links") or ()),
        versions=tuple(
            LicenseVersion(
                id=str(v["id"]),
                effective=str(v["effective"]),
                text_sha256=v.get("text_sha256"),
                note=str(v.get("note", "")),
                source=str(v.get("source", "")),
                markers=tuple(str(m) for m in v.get("markers") or ()),
                uncertain=bool(v.get("uncertain", False)),
            )
            for v in e.get("versions") or ()
        ),
        uncertain=bool(e.get("uncertain", False)),
    )


@record(frozen=False)
class LicenseKB:
    entries: dict[str, LicenseFacts]
    _aliases: dict[str, str] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict)
    _texts: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for key, f in self.entries.items():
            self._aliases[key.lower()] = key
            if f.spdx:
                self._aliases.setdefault(f.spdx.lower(), key)
            for n in f.names:
                self._names.setdefault(_slug(n), key)
            for t in f.texts:
                self._texts.append((_squash(t), key))
        # Longest (most specific) recognisable texts are tried first.
        self._texts.sort(key=lambda item: -len(item[0]))

    def get(self, ident: str) -> LicenseFacts | None:
        """By Hub license id (``apache-2.0``) or SPDX id (``Apache-2.0``), any case."""
        key = self._aliases.get(ident.strip().lower())
        return self.entries.get(key) if key else None

    def by_name(self, slug: str) -> LicenseFacts | None:
        """By a card's ``license_name`` slug (``mrl``, ``stabilityai-ai-community``)."""
        key = self._names.get(_slug(slug)) or self._aliases.get(slug.strip().lower())
        return self.entries.get(key) if key else None

    def by_link(self, link: str) -> LicenseFacts | None:
        """By a card's ``license_link`` URL (``https://mistral.ai/licenses/MRL-0.1.md``)."""
        url = link.strip().lower()
        if not url:
            return None
        best: tuple[int, str] | None = None
        for key, f in self.entries.items():
            for fragment in f.links:
                if fragment in url and (best is None or len(fragment) > best[0]):
                    best = (len(fragment), key)
        return self.entries[best[1]] if best else None

    def by_text(self, text: str) -> LicenseFacts | None:
        """By recognisable text in a LICENSE file (its title, its naming clause)."""
        body = _squash(text[:8192])
        for needle, key in self._texts:
            if needle in body:
                return self.entries[key]
        return None

    def known_id(self, ident: str) -> bool:
        return ident.strip().lower() in self._aliases

    def ids(self) -> list[str]:
        return sorted(self.entries)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.+]+", "-", text.strip().lower()).strip("-")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@lru_cache(maxsize=1)
def load_kb() -> LicenseKB:
    """The packaged knowledge base, parsed once per process.

    It is read from ``licenses.json`` beside this module, compiled from
    ``licenses.yaml`` at build time (``scripts/compile_data.py``; a test keeps
    them equal): building objects from the YAML costs every hook run ~18 ms,
    the JSON ~2 ms.
    """
    import json
    import os

    with open(os.path.join(os.path.dirname(__file__), "licenses.json"), encoding="utf-8") as fh:
        doc = json.load(fh)
    return LicenseKB({k: _facts(k, v) for k, v in doc["licenses"].items()})


@record
class Identification:
    """What a record's license evidence says, matched against the knowledge base.

    ``state``: known | expression | unknown-id | unmatched-other | no-license.
    For an SPDX expression or a card's list of licenses, ``parts`` holds each
    license the knowledge base knows, ``unplaced`` each one it cannot place
    (``other`` with no recognisable name or LICENSE text, an unknown id), and
    ``operator`` AND/OR. ``facts`` is the most restrictive known part for AND.
    """

    state: str
    facts: LicenseFacts | None
    how: str  # card:license, card:license_name, LICENSE file, tag, clarification
    raw: str | None
    parts: tuple[LicenseFacts, ...] = ()
    operator: str | None = None
    unplaced: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.facts is not None and self.state != "expression":
            return self.facts.name
        if self.state == "expression":
            return self.raw or "expression"
        if self.state == "no-license":
            return "no license declared"
        return self.raw or "unknown"


_EXPR_RE = lazy(r"\s(?:AND|OR|WITH)\s", IGNORECASE)


def identify(record: ModelRecord, kb: LicenseKB, clarified: str | None = None) -> Identification:
    """Match a record's license evidence to the knowledge base, most specific source first."""
    if clarified is not None:
        facts = kb.get(clarified)
        return Identification("known" if facts else "unknown-id", facts, "clarification", clarified)
    lic = record.license
    value = (lic.value or "").strip() if lic is not None else ""
    source = lic.source if lic is not None else "card:license"
    if value and value.lower() not in ("other", "unknown"):
        if " " in value and _EXPR_RE.search(value):
            return _expression(value, kb, source, record)
        facts = kb.get(value)
        if facts is not None:
            return Identification("known", facts, source, value)
        return Identification("unknown-id", None, source, value)
    if lic is not None and lic.name:
        facts = kb.by_name(lic.name)
        if facts is not None:
            return Identification("known", facts, "card:license_name", lic.name)
    if lic is not None and lic.link:
        facts = kb.by_link(lic.link)
        if facts is not None:
            return Identification("known", facts, "card:license_link", lic.link)
    if record.license_file is not None and record.license_file.excerpt:
        facts = kb.by_text(record.license_file.excerpt)
        if facts is not None:
            return Identification(
                "known", facts, f"{record.license_file.path} file", record.license_file.path
            )
    if value.lower() in ("other", "unknown") or (lic is not None and lic.name):
        raw = lic.name if lic is not None and lic.name else value
        return Identification("unmatched-other", None, source, raw)
    return Identification("no-license", None, "card", None)


_PLAIN_ID_RE = lazy(r"[A-Za-z0-9][\w.+-]*")


def _expression(value: str, kb: LicenseKB, source: str, record: ModelRecord) -> Identification:
    """``apache-2.0 OR mit`` style evidence: each symbol identified, the operator kept.

    A card's list of licenses arrives as ``a AND b`` (D7). An ``other`` part is
    identified like a lone ``other`` (by ``license_name``, then LICENSE text); a part
    that cannot be placed is kept in ``unplaced`` so the policy still judges it.
    """
    plain = value.split(" AND ")
    if all(_PLAIN_ID_RE.fullmatch(p) for p in plain):
        # a card's list of plain ids (a dataset's license: [a, b]): no parser needed, which
        # keeps license_expression (~25 ms) off the pre-commit hook's path
        symbols = plain
    else:
        from license_expression import ExpressionError, Licensing

        licensing = Licensing()
        try:
            parsed = licensing.parse(value)
            symbols = [s.key for s in licensing.license_symbols(parsed)]
        except ExpressionError:
            return Identification("unknown-id", None, source, value)
    operator = (
        "OR"
        if re.search(r"\sOR\s", value, IGNORECASE) and not re.search(r"\sAND\s", value, IGNORECASE)
        else "AND"
    )
    known: list[LicenseFacts] = []
    unplaced: list[str] = []
    for symbol in dict.fromkeys(symbols):
        facts = kb.get(symbol)
        if facts is None and symbol.lower() in ("other", "unknown"):
            lic, lf = record.license, record.license_file
            if lic is not None and lic.name:
                facts = kb.by_name(lic.name)
            if facts is None and lic is not None and lic.link:
                facts = kb.by_link(lic.link)
            if facts is None and lf is not None and lf.excerpt:
                facts = kb.by_text(lf.excerpt)
        if facts is None:
            unplaced.append(symbol)
        elif facts not in known:
            known.append(facts)
    if not known:
        return Identification("unknown-id", None, source, value, unplaced=tuple(unplaced))
    # OR lets the licensee choose the least restrictive; AND binds to all.
    pick = (min if operator == "OR" else max)(known, key=lambda f: RANK.get(f.category, 99))
    return Identification(
        "expression", pick, source, value, tuple(known), operator, tuple(unplaced)
    )
