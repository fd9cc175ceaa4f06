"""Lineage and terms a careful reviewer reads beyond ``base_model``.

Runs on the Hub worker right after a model's information arrives
(``hub.HfHubClient.model_info`` calls :func:`enrich`), so what it finds is
cached and locked with the record:

- ``declared`` edges: the card's ``base_model`` and the non-standard keys real
  cards use (``finetuned_from``, ``base_model_name_or_path``, an adapter's
  ``adapter_config.json``); ``tag`` edges: the Hub's ``base_model:`` tags;
- ``card-text`` edges: the README body as the common templates write it
  (Trainer's "fine-tuned version of", quantisers' "GGUF format model files for"
  and "Original model:", mergekit's model list and YAML block, PEFT's
  "Finetuned from model");
- ``gguf-metadata`` edges and license: a GGUF file's ``general.*`` header
  (``resolve/gguf.py``, one bounded range request);
- card terms: ``commercial: false``, ``extra_gated_eu_disallowed`` and gate
  prompts that withhold rights in a region.

Extra requests are made only when they can change the verdict: the README when
the card declares no base and something says the model is a derivative (its
tags, its name, a known family's name, a license that is missing or ``other``),
``adapter_config.json`` for an adapter without a declared base, and one GGUF
header for repositories that ship GGUF. A repository that is none of these
costs exactly the request it cost before.
"""

from __future__ import annotations

import re
from typing import Any

from modeldeps.model import CardTerms, Edge, EdgeSource, LicenseEvidence, ModelRecord
from modeldeps.record import replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from modeldeps.resolve.gguf import FileReader

MAX_README = 64 << 10  # card text beyond this is not read for lineage
MAX_EDGES = 16
_DERIVATIVE_TAGS = frozenset(
    {
        "generated_from_trainer",
        "peft",
        "lora",
        "qlora",
        "merge",
        "mergekit",
        "gguf",
        "gptq",
        "awq",
        "exl2",
        "quantized",
        "trl",
        "sft",
        "dpo",
        "unsloth",
        "axolotl",
        "llama-factory",
    }
)
_DERIVATIVE_NAME = re.compile(
    r"[-_.](gguf|ggml|gptq|awq|exl2|lora|qlora|peft|merged?|ft|sft|dpo|orpo|finetuned?|tuned|"
    r"[48]bit|int[48]|bnb|q[2-8]_k(_[msl])?|fp8|mlx)([-_.]|$)"
)
_HUB_URL = re.compile(
    r"https?://(?:www\.)?huggingface\.co/(?!datasets/|spaces/|docs/|blog/|papers/)"
    r"([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)"
)
_LINK_TEXT = re.compile(r"\[`?([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)`?\]")
_BARE_ID = re.compile(r"(?<![\w./:@-])`?([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)`?(?![\w/])")
# (phrase, relation): what the common card templates write before the base model
_TEMPLATES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), rel)
    for p, rel in (
        (r"fine-?tuned (?:version|checkpoint) of", "finetune"),
        (r"fine-?tuned (?:from|on top of)(?: model)?(?: \[optional\])?\**:?", "finetune"),
        (r"is a fine-?tune of", "finetune"),
        (r"(?:quanti[sz]ed|quantization|quantisation)s? (?:version )?of", "quantized"),
        (
            r"(?:GGUF|GGML|GPTQ|AWQ|EXL2|MLX) (?:format )?(?:model )?(?:files|quants) for",
            "quantized",
        ),
        (r"(?:llama\.cpp|imatrix) quantizations of", "quantized"),
        (r"(?:static |weighted/imatrix |imatrix |gguf |exl2 )?quants of", "quantized"),
        (r"(?:LoRA|DreamBooth|textual inversion) (?:adaption|adaptation) weights for", "adapter"),
        (r"controlnet weights trained on", "adapter"),
        (r"original model\**:?", "quantized"),
        (r"(?:LoRA|PEFT|QLoRA) adapter (?:for|of|on)", "adapter"),
        (r"adapter (?:for|of|trained on)", "adapter"),
        (r"base[ _]model\**:", "finetune"),
    )
)
_MERGE = re.compile(r"merge of pre-?trained language models|created using \[?mergekit", re.I)
_YAML_BLOCK = re.compile(r"```ya?ml\s*\n(.*?)```", re.S)
_YAML_MODEL = re.compile(r"^\s*-?\s*(?:model|base_model)\s*:\s*['\"]?([\w.-]+/[\w.-]+)", re.M)
_YAML_BASE = re.compile(
    r"^\s*(?:base_model|model_name_or_path)\s*:\s*['\"]?([\w.-]+/[\w.-]+)", re.M
)
_THESE_ARE = re.compile(
    r"These are `?([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)`? (?:DreamBooth |LoRA |ControlNet )+"
    r"(?:LoRA )?(?:adaption )?weights",
    re.I,
)
_LIST_LINK = re.compile(r"^\s*[*-]\s+\[([\w.-]+/[\w.-]+)\]", re.M)
_EU = ("european union", "the eu", "eu ", "eea")
_REGION_WORDS = {
    "EU": ("european union", "the eu", "eu-", "eea", "european economic area"),
    "UK": ("united kingdom", "the uk"),
    "KR": ("south korea", "republic of korea"),
}
_WITHHOLD = re.compile(
    r"(not (?:be )?(?:available|granted|licensed|permitted|allowed)|exclud|outside of|"
    r"domiciled in|may not (?:access|use))",
    re.I,
)


def _valid(model_id: str, own: str) -> bool:
    from modeldeps.extract.ids import is_valid_repo_id

    return (
        is_valid_repo_id(model_id)
        and model_id.lower() != own.lower()
        and not model_id.lower().startswith(("datasets/", "spaces/"))
    )


def _card(info: Any) -> dict[str, Any]:
    card = getattr(info, "card_data", None) or getattr(info, "cardData", None)
    if card is None:
        return {}
    if isinstance(card, dict):
        return card
    to_dict = getattr(card, "to_dict", None)
    return to_dict() if callable(to_dict) else {}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and v.strip()]
    return []


def card_edges(record: ModelRecord, card: dict[str, Any], tags: list[str]) -> list[Edge]:
    """Edges from the card's keys and the Hub's tags (declared, tag)."""
    own = record.canonical_id or record.id
    declared = set(_strings(card.get("base_model")))
    edges: list[Edge] = []
    for base in record.base_models:
        if base in declared:
            edges.append(Edge(base, EdgeSource.DECLARED, record.relation, "card: base_model"))
        else:
            tag = next((t for t in tags if t.startswith("base_model:") and t.endswith(base)), "")
            edges.append(Edge(base, EdgeSource.TAG, record.relation, f"tag: {tag or base}"))
    for key in ("finetuned_from", "base_model_name_or_path", "parent_model", "base_models"):
        for base in _strings(card.get(key)):
            if _valid(base, own):
                edges.append(Edge(base, EdgeSource.DECLARED, "finetune", f"card: {key}"))
    return edges


def text_edges(model_id: str, text: str) -> list[Edge]:
    """Edges the README body states in the templates' words (source card-text)."""
    body = text[:MAX_README]
    if body.startswith("---"):
        end = body.find("\n---", 3)
        body = body[end + 4 :] if end > 0 else body
    edges: list[Edge] = []
    seen: set[str] = set()

    def add(base: str, relation: str, evidence: str) -> None:
        base = base.strip("`'\".,)")
        if base.lower() in seen or not _valid(base, model_id):
            return
        seen.add(base.lower())
        edges.append(Edge(base, EdgeSource.CARD_TEXT, relation, evidence[:200]))

    prose = _YAML_BLOCK.sub("\n", body)  # templates are prose; a YAML block is mergekit's
    for pattern, relation in _TEMPLATES:
        for m in pattern.finditer(prose):
            window = prose[m.end() : m.end() + 300].split("\n\n", 1)[0]
            line = window.split("\n", 1)[0] if not window.startswith("\n") else window.strip()
            found = _HUB_URL.search(line) or _LINK_TEXT.search(line) or _BARE_ID.search(line)
            if found:
                sentence = " ".join((m.group(0) + line[: found.end()]).split())
                add(found.group(1), relation, f'card text: "{sentence}"')
    for m in _THESE_ARE.finditer(prose):  # diffusers: "These are org/name LoRA weights"
        add(m.group(1), "adapter", f'card text: "{" ".join(m.group(0).split())}"')
    if _MERGE.search(body):
        for block in _YAML_BLOCK.findall(body):
            for base in _YAML_MODEL.findall(block):
                add(base, "merge", f"card text: mergekit configuration names {base}")
        for base in _LIST_LINK.findall(body):
            add(base, "merge", f"card text: merged model {base}")
    else:  # a training configuration shown in the card (axolotl, LLaMA-Factory)
        for block in _YAML_BLOCK.findall(body):
            for base in _YAML_BASE.findall(block):
                add(base, "finetune", f"card text: training configuration base_model: {base}")
    return edges[:MAX_EDGES]


def card_terms(card: dict[str, Any]) -> CardTerms | None:
    """Terms the card states outside ``license:``."""
    commercial = card.get("commercial")
    evidence: list[str] = []
    regions: list[str] = []
    if isinstance(commercial, str) and commercial.strip().lower() in ("false", "no"):
        commercial = False
    if isinstance(commercial, bool):
        evidence.append(f"card: commercial: {str(commercial).lower()}")
    else:
        commercial = None
    eu = card.get("extra_gated_eu_disallowed")
    if eu is True or (isinstance(eu, str) and eu.strip().lower() == "true"):
        regions.append("EU")
        evidence.append("card: extra_gated_eu_disallowed: true")
    for key in ("extra_gated_prompt", "extra_gated_description", "extra_gated_heading"):
        text = card.get(key)
        if not isinstance(text, str):
            continue
        low = " ".join(text.lower().split())
        for sentence in re.split(r"(?<=[.;!?])\s", low):
            if not _WITHHOLD.search(sentence):
                continue
            for region, words in _REGION_WORDS.items():
                if any(w in sentence for w in words) and region not in regions:
                    regions.append(region)
                    evidence.append(f'card: {key}: "{sentence[:160]}"')
    if commercial is None and not regions:
        return None
    return CardTerms(commercial, tuple(regions), tuple(evidence))


def wants_card_text(record: ModelRecord, tags: list[str], files: list[str]) -> bool:
    """Whether the README can change this model's lineage (see the module docstring)."""
    if record.base_models or "README.md" not in files:
        return False
    lic = record.license
    if lic is None or lic.value in (None, "other", "unknown") or "other" in lic.entries:
        return True
    if any(t.lower() in _DERIVATIVE_TAGS for t in tags):
        return True
    ident = (record.canonical_id or record.id).lower()
    if _DERIVATIVE_NAME.search(ident.rsplit("/", 1)[-1]):
        return True
    from modeldeps.knowledge.families import load_families

    table = load_families()
    return table.known(ident) is not None or bool(table.named(ident))


def wants_license_text(record: ModelRecord) -> bool:
    """Whether the LICENSE file can date the declared license (it has known versions)."""
    if record.license_file is not None or record.license is None:
        return False
    from modeldeps.knowledge.licenses import identify, load_kb

    ident = identify(record, load_kb())
    return any(p.versions for p in (ident.parts or ((ident.facts,) if ident.facts else ())))


def enrich(client: FileReader, record: ModelRecord, info: Any, deadline: float) -> ModelRecord:
    """``record`` with its lineage edges, card terms and GGUF facts (module docstring)."""
    card = _card(info)
    tags = [t for t in (getattr(info, "tags", None) or []) if isinstance(t, str)]
    files = [
        n
        for s in (getattr(info, "siblings", None) or [])
        if isinstance(n := getattr(s, "rfilename", None), str)
    ]
    edges = card_edges(record, card, tags)
    notes: list[str] = []
    own = record.canonical_id or record.id
    if not edges and "adapter_config.json" in files:
        data, note = client.read_file(record, "adapter_config.json", deadline)
        if note:
            notes.append(note)
        elif data is not None:
            edges.extend(_adapter_edges(own, data))
    if not edges and wants_card_text(record, tags, files):
        data, note = client.read_file(record, "README.md", deadline)
        if note:
            notes.append(note)
        elif data is not None:
            edges.extend(text_edges(own, data.decode("utf-8", "replace")))
    lic = record.license
    ggufs = [f for f in files if f.lower().endswith(".gguf")]
    if ggufs:
        from modeldeps.resolve.gguf import pick, read_header

        facts, note = read_header(client, record, pick(ggufs), deadline)
        if note:
            notes.append(note)
        if facts is not None:
            for base, evidence in facts.bases:
                if _valid(base, own) and base not in {e.base for e in edges}:
                    edges.append(Edge(base, EdgeSource.GGUF_METADATA, "quantized", evidence))
            if facts.license and (
                lic is None or (lic.value in (None, "other", "unknown") and not lic.name)
            ):
                lic = LicenseEvidence(facts.license.lower(), "gguf-metadata")
    edges.extend(_tag_names(tags))
    edges = _dedupe(edges)[:MAX_EDGES]
    hub_bases = tuple(dict.fromkeys(e.base for e in edges if e.source is not EdgeSource.NAME))
    reason = record.reason
    if notes:
        reason = "; ".join([*([reason] if reason else []), *notes])
    return replace(
        record,
        edges=tuple(edges),
        base_models=hub_bases,
        relation=record.relation or next((e.relation for e in edges if e.relation), None),
        terms=card_terms(card),
        license=lic,
        reason=reason,
    )


def _adapter_edges(own: str, data: bytes) -> list[Edge]:
    import json

    try:
        doc = json.loads(data)
    except ValueError:
        return []
    base = doc.get("base_model_name_or_path") if isinstance(doc, dict) else None
    if isinstance(base, str) and _valid(base, own):
        return [
            Edge(
                base, EdgeSource.DECLARED, "adapter", "adapter_config.json: base_model_name_or_path"
            )
        ]
    return []


def _tag_names(tags: list[str]) -> list[Edge]:
    """Name edges from tags that name a restricted family (``llama-2``, ``gemma``)."""
    from modeldeps.knowledge.families import PREFIX, load_families

    table = load_families()
    out = []
    for tag in tags:
        if ":" in tag:  # license:..., base_model:..., region:...: not a family word
            continue
        for rule in table.named(tag):
            out.append(Edge(PREFIX + rule.key, EdgeSource.NAME, None, f"tag: {tag}"))
    return out


def _dedupe(edges: list[Edge]) -> list[Edge]:
    """One edge per base, the strongest source kept (the enum is ordered strongest first)."""
    order = list(EdgeSource)
    best: dict[str, Edge] = {}
    for e in edges:
        key = e.base.lower()
        if key not in best or order.index(e.source) < order.index(best[key].source):
            best[key] = e
    return list(best.values())
