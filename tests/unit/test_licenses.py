"""The license knowledge base: well-formed, sourced, SPDX-valid, unambiguous."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from modeldeps.cli import _CATEGORIES
from modeldeps.knowledge.licenses import CATEGORIES, load_kb

KB = load_kb()
# SPDX ids newer than the license list inside the pinned license-expression release.
_NEWER_THAN_LIBRARY = {"OpenMDW-1.0"}


def test_categories_match_the_cli() -> None:
    assert tuple(_CATEGORIES) == CATEGORIES


@pytest.mark.parametrize("key", sorted(KB.entries))
def test_entry_is_well_formed(key: str) -> None:
    f = KB.entries[key]
    assert f.category in CATEGORIES
    assert f.commercial in ("yes", "no", "conditional", "uncertain", "unknown")
    assert f.output_training in ("allowed", "banned", "derivative", "uncertain")
    assert f.sources, f"{key} cites no source"


def test_spdx_ids_are_valid() -> None:
    from license_expression import get_spdx_licensing

    licensing = get_spdx_licensing()
    for f in KB.entries.values():
        if f.spdx and f.spdx not in _NEWER_THAN_LIBRARY:
            result = licensing.validate(f.spdx)
            assert not result.errors, (f.key, f.spdx, result.errors)


def test_every_hub_license_id_is_known() -> None:
    # The ids the Hub's model-card metadata accepts (hub-docs repositories-licenses.md).
    hub_ids = """apache-2.0 mit openrail bigscience-openrail-m creativeml-openrail-m
    bigscience-bloom-rail-1.0 bigcode-openrail-m afl-3.0 artistic-2.0 bsl-1.0 bsd bsd-2-clause
    bsd-3-clause bsd-3-clause-clear c-uda cc cc0-1.0 cc-by-2.0 cc-by-2.5 cc-by-3.0 cc-by-4.0
    cc-by-sa-3.0 cc-by-sa-4.0 cc-by-nc-2.0 cc-by-nc-3.0 cc-by-nc-4.0 cc-by-nd-4.0 cc-by-nc-nd-3.0
    cc-by-nc-nd-4.0 cc-by-nc-sa-2.0 cc-by-nc-sa-3.0 cc-by-nc-sa-4.0 cdla-sharing-1.0
    cdla-permissive-1.0 cdla-permissive-2.0 wtfpl ecl-2.0 epl-1.0 epl-2.0 etalab-2.0 eupl-1.1
    eupl-1.2 agpl-3.0 gfdl gpl gpl-2.0 gpl-3.0 lgpl lgpl-2.1 lgpl-3.0 isc h-research
    intel-research lppl-1.3c ms-pl apple-ascl apple-amlr mpl-2.0 odc-by odbl openmdw-1.0
    openmdw-1.1 openrail++ osl-3.0 postgresql ofl-1.1 ncsa unlicense zlib pddl lgpl-lr
    deepfloyd-if-license fair-noncommercial-research-license llama2 llama3 llama3.1 llama3.2
    llama3.3 llama4 grok2-community gemma unknown other""".split()
    assert [i for i in hub_ids if KB.get(i) is None] == []


def test_name_and_text_matchers_are_unambiguous() -> None:
    seen: dict[str, str] = {}
    for f in KB.entries.values():
        for n in f.names:
            assert seen.setdefault(n, f.key) == f.key, (n, seen[n], f.key)


@pytest.mark.parametrize(
    ("evidence", "key"),
    [
        ("mrl", "mrl"),
        ("stabilityai-ai-community", "stability-ai-community"),
        ("Tongyi-Qianwen-License-Agreement", "tongyi-qianwen"),
        ("falcon-180b-license", "falcon"),
    ],
)
def test_license_name_slugs(evidence: str, key: str) -> None:
    facts = KB.by_name(evidence)
    assert facts is not None and facts.key == key


def test_license_text_prefers_the_most_specific_match() -> None:
    text = "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024"
    facts = KB.by_text(text)
    assert facts is not None and facts.key == "llama3.1"
    assert KB.by_text("Some license written by a company called Meta") is None


def _compile_data() -> Any:
    import importlib.util

    path = Path(__file__).parents[2] / "scripts" / "compile_data.py"
    spec = importlib.util.spec_from_file_location("compile_data", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_compiled_artefacts_equal_their_sources() -> None:
    """The JSON a run reads says what the YAML people edit says (presets: key lines too)."""
    compile_data = _compile_data()
    for artefact in compile_data.sources():
        assert artefact.read_text() == compile_data.render(artefact), (
            f"{artefact.name} is stale: run python scripts/compile_data.py"
        )
    assert compile_data.main(["--check"]) == 0


def test_compiled_presets_hold_every_preset_with_lines() -> None:
    import json

    from modeldeps import data_path

    with open(data_path("presets.json"), encoding="utf-8") as fh:
        compiled = json.load(fh)
    assert set(compiled) == {"permissive", "commercial", "research", "_source_sha256"}
    assert compiled["commercial"]["lines"], "key lines were compiled"
