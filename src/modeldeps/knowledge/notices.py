"""Notice knowledge: what a license asks of a product that ships or serves a model.

Read from ``notices.json`` beside this module, compiled from ``notices.yaml``
(``scripts/compile_data.py``; a test keeps them equal). Each entry names the
license text to ship and where to get it, the verbatim notice line, the text
to display, the naming rule for derivatives and the use policy to pass on,
with its sources, the date it was checked and the fields still uncertain.
"""

from __future__ import annotations

from functools import lru_cache

from modeldeps.record import record


@record
class UsePolicy:
    name: str
    url: str


@record
class NoticeFacts:
    key: str
    license_url: str | None = None
    full_text: bool = False
    notice: str | None = None
    notice_file: str | None = None
    display: str | None = None
    naming: str | None = None
    use_policy: UsePolicy | None = None
    pass_down: str | None = None
    sources: tuple[str, ...] = ()
    checked: str | None = None
    uncertain: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def load_notices() -> dict[str, NoticeFacts]:
    """The packaged notice knowledge, by license key (as in licenses.yaml)."""
    import json
    import os

    with open(os.path.join(os.path.dirname(__file__), "notices.json"), encoding="utf-8") as fh:
        doc = json.load(fh)
    out: dict[str, NoticeFacts] = {}
    for key, e in doc["notices"].items():
        policy = e.get("use_policy")
        out[key] = NoticeFacts(
            key=key,
            license_url=e.get("license_url"),
            full_text=bool(e.get("full_text", False)),
            notice=e.get("notice"),
            notice_file=e.get("notice_file"),
            display=e.get("display"),
            naming=e.get("naming"),
            use_policy=UsePolicy(str(policy["name"]), str(policy["url"])) if policy else None,
            pass_down=e.get("pass_down"),
            sources=tuple(str(s) for s in e.get("sources") or ()),
            checked=str(e["checked"]) if e.get("checked") else None,
            uncertain=tuple(str(u) for u in e.get("uncertain") or ()),
        )
    return out


def license_url(key: str) -> str | None:
    """Where to read (and get a copy of) the license with this knowledge-base key."""
    facts = load_notices().get(key)
    return facts.license_url if facts is not None else None
