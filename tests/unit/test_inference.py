"""Lineage beyond base_model: card keys, card text, card terms, GGUF headers, families.

Pure functions over card data, README text and header bytes; the Hub calls
that feed them are exercised against the fake Hub in
tests/integration/test_lineage_corpus.py.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from modeldeps.errors import PolicyError
from modeldeps.knowledge.families import PREFIX, load_families
from modeldeps.knowledge.licenses import load_kb
from modeldeps.knowledge.versions import normalise, text_hash
from modeldeps.model import (
    Edge,
    EdgeSource,
    LicenseEvidence,
    LicenseFile,
    Location,
    ModelRecord,
    RecordSource,
    Reference,
    ReferenceKind,
    ResolveStatus,
)
from modeldeps.policy.config import load_policy
from modeldeps.policy.evaluate import evaluate
from modeldeps.resolve import gguf
from modeldeps.resolve.inference import card_edges, card_terms, text_edges, wants_card_text
from modeldeps.resolve.lineage import ancestry, edges_of
from modeldeps.resolve.serial import record_from_dict, record_to_dict
from tests.fakehub.corpus import gguf_bytes

KB = load_kb()
FAMILIES = load_families()


def rec(model_id: str, lic: str | None = "apache-2.0", **kw: object) -> ModelRecord:
    name = kw.pop("name", None)
    return ModelRecord(
        model_id,
        None,
        ResolveStatus.OK,
        RecordSource.HUB,
        canonical_id=model_id,
        license=LicenseEvidence(lic, "card:license", name=name)  # type: ignore[arg-type]
        if lic is not None or name is not None
        else None,
        weight_formats=("safetensors",),
        datasets=("d",),
        **kw,  # type: ignore[arg-type]
    )


# -- card text -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "base", "relation"),
    [
        (
            "This model is a fine-tuned version of [Qwen/Qwen2.5-3B](https://huggingface.co/"
            "Qwen/Qwen2.5-3B) on the imdb dataset.",
            "Qwen/Qwen2.5-3B",
            "finetune",
        ),
        (
            "This model is a fine-tuned version of gpt2-org/gpt2-large on None.",
            "gpt2-org/gpt2-large",
            "finetune",
        ),
        (
            "This repo contains GGUF format model files for [Meta's Llama 2 7B](https://"
            "huggingface.co/meta-llama/Llama-2-7b-hf).",
            "meta-llama/Llama-2-7b-hf",
            "quantized",
        ),
        (
            "Original model: https://huggingface.co/mistralai/Mistral-7B-v0.1",
            "mistralai/Mistral-7B-v0.1",
            "quantized",
        ),
        (
            "- **Finetuned from model [optional]:** meta-llama/Llama-2-7b-hf",
            "meta-llama/Llama-2-7b-hf",
            "finetune",
        ),
        (
            "A LoRA adapter for `black-forest-labs/FLUX.1-dev` trained on anime.",
            "black-forest-labs/FLUX.1-dev",
            "adapter",
        ),
    ],
)
def test_card_text_templates(text: str, base: str, relation: str) -> None:
    edges = text_edges("me/model", "---\nlicense: mit\n---\n" + text)
    assert [(e.base, e.source, e.relation) for e in edges] == [
        (base, EdgeSource.CARD_TEXT, relation)
    ]
    assert edges[0].evidence.startswith("card text:")


@pytest.mark.parametrize(
    ("text", "base"),
    [
        ("static quants of https://huggingface.co/org/base-7b", "org/base-7b"),
        (
            "These are LoRA adaption weights for stabilityai/stable-diffusion-xl-base-1.0. "
            "The weights were trained on a dog.",
            "stabilityai/stable-diffusion-xl-base-1.0",
        ),
        (
            "These are black-forest-labs/FLUX.1-dev DreamBooth LoRA weights.",
            "black-forest-labs/FLUX.1-dev",
        ),
        (
            "See axolotl config\n```yaml\nbase_model: meta-llama/Llama-2-7b-hf\nload_in_8bit: true\n```",
            "meta-llama/Llama-2-7b-hf",
        ),
    ],
)
def test_more_templates(text: str, base: str) -> None:
    assert [e.base for e in text_edges("me/model", text)] == [base]


def test_mergekit_block_and_list() -> None:
    text = (
        "This is a merge of pre-trained language models created using mergekit.\n"
        "* [org/a](https://huggingface.co/org/a)\n"
        "```yaml\nmodels:\n  - model: org/b\nbase_model: org/c\nmerge_method: ties\n```\n"
    )
    edges = text_edges("me/merged", text)
    assert {e.base for e in edges} == {"org/a", "org/b", "org/c"}
    assert {e.relation for e in edges} == {"merge"}


@pytest.mark.parametrize(
    "text",
    [
        "Trained on https://huggingface.co/datasets/org/data for two epochs.",
        "This model is a fine-tuned version of [me/model](https://huggingface.co/me/model).",
        "Code at https://github.com/org/repo, original model: see the paper.",
        "A model card with no lineage at all, mentioning org/name in passing.",
    ],
)
def test_card_text_that_names_no_base(text: str) -> None:
    assert text_edges("me/model", text) == []


def test_card_keys_and_tags() -> None:
    r = rec("me/ft", base_models=("org/declared", "org/tagged"))
    card = {"base_model": "org/declared", "finetuned_from": "org/other"}
    tags = ["base_model:finetune:org/tagged"]
    edges = card_edges(r, card, tags)
    assert [(e.base, e.source) for e in edges] == [
        ("org/declared", EdgeSource.DECLARED),
        ("org/tagged", EdgeSource.TAG),
        ("org/other", EdgeSource.DECLARED),
    ]
    assert edges[2].evidence == "card: finetuned_from"


# -- card terms ----------------------------------------------------------------------------
def test_card_terms() -> None:
    t = card_terms({"commercial": False})
    assert t is not None and t.commercial is False and t.excluded_regions == ()
    t = card_terms({"extra_gated_eu_disallowed": True})
    assert t is not None and t.excluded_regions == ("EU",)
    prompt = (
        "The license territory excludes the European Union, the United Kingdom and South "
        "Korea. Please read the license."
    )
    t = card_terms({"extra_gated_prompt": prompt})
    assert t is not None and set(t.excluded_regions) == {"EU", "UK", "KR"}
    assert (
        card_terms({"extra_gated_prompt": "Please accept the license to access the EU model"})
        is None
    )
    assert card_terms({"license": "mit", "commercial": True}) is not None
    assert card_terms({"license": "mit"}) is None


# -- when the README is read -----------------------------------------------------------------
def test_readme_is_read_only_when_it_can_change_the_verdict() -> None:
    files = ["README.md", "model.safetensors"]
    assert not wants_card_text(rec("bench-org/model-00001"), ["license:apache-2.0"], files)
    assert not wants_card_text(rec("org/x", base_models=("org/b",)), ["peft"], files)
    assert wants_card_text(rec("org/x"), ["generated_from_trainer"], files)
    assert wants_card_text(rec("org/x", "other"), [], files)
    assert wants_card_text(rec("org/x", None), [], files)
    assert wants_card_text(rec("org/model-gptq"), [], files)
    assert wants_card_text(rec("org/vicuna-13b-v1.1"), [], files)
    assert not wants_card_text(rec("org/x", "other"), [], ["model.safetensors"])


# -- GGUF ------------------------------------------------------------------------------------
KV = {
    "general.name": "Llama 3.1 8B Instruct",
    "general.license": "llama3.1",
    "general.base_model.count": 1,
    "general.base_model.0.repo_url": "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
}


def test_gguf_header_facts() -> None:
    data = gguf_bytes(KV)
    facts = gguf.parse(data[: gguf.HEADER_BYTES])
    assert facts is not None
    assert facts.license == "llama3.1"
    assert facts.bases == (
        (
            "meta-llama/Llama-3.1-8B-Instruct",
            "GGUF header: general.base_model.0.repo_url = "
            "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
        ),
    )
    # the tokenizer vocabulary after general.* is never parsed
    assert len(data) > gguf.HEADER_BYTES and facts.fields == len(KV) + 1  # + architecture


@pytest.mark.parametrize("cut", [24, 40, 90, 150, 200, 260])
def test_gguf_prefix_cut_anywhere_drops_the_cut_field(cut: int) -> None:
    data = gguf_bytes(KV, vocab=10)
    facts = gguf.parse(data[:cut])
    assert facts is not None
    full = gguf.parse(data)
    assert full is not None
    # whatever was read is whole: a license is the full id or absent, never a fragment
    assert facts.license in (None, full.license)
    assert set(facts.bases) <= set(full.bases)


def test_not_gguf() -> None:
    assert gguf.parse(b"PK\x03\x04" + b"\0" * 100) is None
    assert gguf.parse(b"") is None


def test_gguf_pick_reads_the_first_shard() -> None:
    files = ["m-Q8_0-00002-of-00002.gguf", "m-Q8_0-00001-of-00002.gguf", "mmproj-f16.gguf"]
    assert gguf.pick(files) == "m-Q8_0-00001-of-00002.gguf"


# -- families ----------------------------------------------------------------------------------
def test_families_are_sourced_dated_and_known_licenses() -> None:
    keys = [f.key for f in FAMILIES.families.values()] + [r.key for r in FAMILIES.name_rules]
    assert len(keys) == len(set(keys))
    for f in [*FAMILIES.families.values(), *FAMILIES.name_rules]:
        assert KB.get(f.license) is not None, f.key
        assert f.sources, f.key
        dt.date.fromisoformat(f.checked)
        assert f.words, f.key  # the cheap pre-test
        assert all(any(w in g for w in f.words) for g in f.ids), f.key


@pytest.mark.parametrize(
    ("model_id", "family"),
    [
        ("lmsys/vicuna-13b-v1.3", "llama-1"),
        ("someone/Vicuna-7B-v1.1-GPTQ", "llama-1"),
        ("lmsys/vicuna-13b-v1.5", None),
        ("openlm-research/open_llama_7b", None),
        ("someone/alpaca-lora-7b", "llama-1"),
        ("someone/alpaca-mistral-7b", None),
        ("facebook/opt-350m", "opt"),
        ("KoboldAI/OPT-13B-Erebus", "opt"),
        ("Qwen/Qwen2.5-3B-Instruct", "qwen2.5-3b"),
        ("Qwen/Qwen2.5-32B-Instruct", None),
        ("black-forest-labs/FLUX.1-schnell", None),
        ("someone/flux1-dev-lora", "flux-1-dev"),
    ],
)
def test_known_families(model_id: str, family: str | None) -> None:
    found = FAMILIES.known(model_id)
    assert (found[0].key if found else None) == family


def test_name_edges_only_when_nothing_stronger_and_the_license_differs() -> None:
    assert [e.source for e in edges_of(rec("me/Llama-2-7b-chat-ft"))] == [EdgeSource.NAME]
    assert edges_of(rec("me/Llama-2-7b-chat-ft", "llama2")) == []  # the card says Llama 2
    assert [e.source for e in edges_of(rec("me/Llama-2-7b-ft", base_models=("org/b",)))] == [
        EdgeSource.DECLARED
    ]
    assert edges_of(rec("google/gemma-4-e4b-it")) == []
    assert edges_of(rec("me/tinyllama-chat")) == []


def test_family_nodes_end_the_walk() -> None:
    records = {("me/alpaca-7b", None): rec("me/alpaca-7b")}
    (anc,) = ancestry(records, ("me/alpaca-7b", None))
    assert anc.id == PREFIX + "llama-1" and anc.inferred
    assert anc.record is not None and anc.record.license is not None
    assert anc.record.license.value == "llama-1"
    assert anc.how.startswith("inferred from known-family: known-families table")


# -- license text versions ----------------------------------------------------------------------
def test_text_hash_ignores_formatting_only() -> None:
    a = "# FLUX.1 [dev] License\n\n1. **Definitions.** “Derivative” means\n  any   model"
    b = 'FLUX.1 [dev] license\n1. Definitions. "Derivative" means any model\n'
    assert text_hash(a) == text_hash(b)
    assert text_hash(a) != text_hash(a.replace("any", "no"))
    assert normalise("- item\n- other") == "item other"


def test_flux_versions_are_distinct_and_dated() -> None:
    flux = KB.get("flux-1-dev-non-commercial-license")
    assert flux is not None
    hashes = [v.text_sha256 for v in flux.versions]
    assert len(hashes) == len(set(hashes)) == 4
    found = flux.version_of(None, "FLUX.1 [dev] Non-Commercial License v1.1.1\n...")
    assert found is not None and found[0].id == "v1.1.1" and found[1] == "markers"
    found = flux.version_of(hashes[0], "")
    assert found is not None and found[0].effective == "2024-08-01" and found[1] == "hash"
    assert flux.version_of("0" * 64, "FLUX.1 [dev] Non-Commercial License v2") is None


def test_license_link_names_the_license() -> None:
    mrl = KB.by_link("https://mistral.ai/licenses/MRL-0.1.md")
    assert mrl is not None and mrl.key == "mrl"
    assert KB.by_link("https://example.com/LICENSE") is None


# -- records keep what was found ------------------------------------------------------------------
def test_edges_and_terms_round_trip_and_old_records_load() -> None:
    from modeldeps.model import CardTerms

    r = rec(
        "me/x",
        base_models=("org/b",),
        edges=(Edge("org/b", EdgeSource.CARD_TEXT, "finetune", 'card text: "fine-tuned"'),),
        terms=CardTerms(False, ("EU",), ("card: commercial: false",)),
        license_file=LicenseFile("LICENSE", "a" * 64, "text", "b" * 64),
    )
    assert record_from_dict(record_to_dict(r), source=RecordSource.HUB) == r
    old = record_to_dict(rec("me/y", base_models=("org/b",)))
    assert "edges" not in old and "terms" not in old  # locks of plain models keep their shape
    assert record_from_dict(old).edges == ()


# -- policy: lineage.infer -------------------------------------------------------------------------
def _findings(records: list[ModelRecord], policy: str, tmp_path: Path) -> set[str]:
    refs = [Reference(records[0].id, None, Location("app.py", 1, 1), ReferenceKind.PYTHON_CALL)]
    path = tmp_path / "policy.yaml"
    path.write_text(policy)
    pol = load_policy(str(path), str(tmp_path))
    ev = evaluate(refs, {(r.id, None): r for r in records}, pol, KB, today=dt.date(2026, 12, 1))
    return {f"{f.severity}:{f.code}" for f in ev.findings if f.model_id == records[0].id}


def test_infer_levels_decide_how_much_an_inference_may(tmp_path: Path) -> None:
    records = [rec("me/alpaca-7b")]  # a known LLaMA-1 family member under an Apache card
    enforce = _findings(records, "extends: commercial\n", tmp_path)
    assert "error:lineage-denied" in enforce
    review = _findings(
        records, "extends: commercial\nlineage: {infer: {known-family: review}}\n", tmp_path
    )
    assert review == {"warning:lineage-suspected"}
    off = _findings(
        records, "extends: commercial\nlineage: {infer: {known-family: off}}\n", tmp_path
    )
    assert off == set()


def test_name_evidence_is_suspected_with_the_family_conditions(tmp_path: Path) -> None:
    records = [rec("me/Llama-2-7b-chat-ft")]
    policy = "extends: commercial\norganization: {monthly_active_users: 900000000}\n"
    assert _findings(records, policy, tmp_path) == {"warning:lineage-suspected"}


def test_commercial_false_and_region_gates(tmp_path: Path) -> None:
    from modeldeps.model import CardTerms

    nc = [rec("me/x", terms=CardTerms(False, (), ("card: commercial: false",)))]
    assert "error:license-condition" in _findings(nc, "extends: commercial\n", tmp_path)
    gated = [rec("me/y", "mit", terms=CardTerms(None, ("EU",), ("card: eu",)))]
    eu = _findings(gated, "extends: commercial\norganization: {regions: [EU]}\n", tmp_path)
    assert eu == {"warning:license-region", "warning:region-gate-mismatch"}
    us = _findings(gated, "extends: commercial\norganization: {regions: [US]}\n", tmp_path)
    assert us == {"note:region-gate-mismatch"}


def test_unknown_license_text_version(tmp_path: Path) -> None:
    lf = LicenseFile(
        "LICENSE", "a" * 64, "NVIDIA Open Model License\nLast Modified: 2026", "c" * 64
    )
    r = [rec("me/n", "other", name="nvidia-open-model-license", license_file=lf)]
    assert "warning:license-text-unknown-version" in _findings(r, "extends: commercial\n", tmp_path)
    lf2 = LicenseFile(
        "LICENSE", "a" * 64, "NVIDIA Open Model License\nLast Modified: October 24, 2025"
    )
    r2 = [rec("me/n", "other", name="nvidia-open-model-license", license_file=lf2)]
    assert "warning:license-text-unknown-version" not in _findings(
        r2, "extends: commercial\n", tmp_path
    )


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ("lineage: {infer: {guess: review}}", "unknown lineage source 'guess'"),
        ("lineage: {infer: {name: maybe}}", "'lineage.infer.name' must be one of enforce"),
        ("lineage: {follow: true}", "unknown key 'lineage.follow'"),
    ],
)
def test_infer_config_errors(tmp_path: Path, policy: str, message: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("version: 1\n" + policy + "\n")
    with pytest.raises(PolicyError) as exc:
        load_policy(str(path), str(tmp_path))
    assert message in str(exc.value) and "p.yaml:2" in str(exc.value)


def test_presets_document_their_infer_levels() -> None:
    for name in ("commercial", "permissive", "research"):
        pol = load_policy(name, os.getcwd())
        assert pol.infer_level("name").value == "review"
        assert pol.infer_level("known-family").value == "enforce"


def test_a_base_gone_from_the_hub_is_still_a_known_family() -> None:
    child = rec("me/x", base_models=("decapoda-research/llama-7b-hf",))
    gone = ModelRecord(
        "decapoda-research/llama-7b-hf", None, ResolveStatus.NOT_FOUND, RecordSource.HUB
    )
    records = {("me/x", None): child, ("decapoda-research/llama-7b-hf", None): gone}
    chain = [(a.id, a.source) for a in ancestry(records, ("me/x", None))]
    assert chain == [
        ("decapoda-research/llama-7b-hf", EdgeSource.DECLARED),
        (PREFIX + "llama-1", EdgeSource.KNOWN_FAMILY),
    ]
