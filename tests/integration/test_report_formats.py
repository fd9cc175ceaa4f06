"""SPDX 3.0.1, CycloneDX 1.7/1.6, GitLab Code Quality, dot, Mermaid and NOTICE on real scans.

Two scans: the demo (offline, from its lock) and a lineage scan against the fake
Hub (a fine-tune, an adapter, a quantization, a merge, a permissive card on a
Llama base, a legacy id, a model that does not exist). Every machine format is
validated against its published schema in shared/data, and the rules the
schemas cannot check (the AI profile's license relationships, the AIPackage
properties the spec requires) are checked here.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from tests.cli import run_cli
from tests.fakehub import FakeHub

ROOT = Path(__file__).parents[2]
DATA = ROOT.parent / "shared" / "data"
# jsonschema-rs: python-jsonschema takes ~50 s over one 60-element document of this schema
SPDX = jsonschema_rs.validator_for(json.loads((DATA / "spdx-3.0.1-schema.json").read_text()))
GITLAB_SCHEMA = json.loads((DATA / "gitlab-codequality.schema.json").read_text())
LINEAGE_APP = """\
from transformers import AutoModel
a = AutoModel.from_pretrained("fixture-org/adapter-lora")
q = AutoModel.from_pretrained("fixture-org/quant-gguf")
m = AutoModel.from_pretrained("fixture-org/merge-7b")
l = AutoModel.from_pretrained("fixture-org/mit-on-llama")
g = AutoModel.from_pretrained("gpt2")
x = AutoModel.from_pretrained("fixture-org/does-not-exist")
i = AutoModel.from_pretrained("chavinlo/alpaca-native")
"""


def _cdx_validator(version: str) -> jsonschema.Draft7Validator:
    registry: Registry = Registry()
    for path in (DATA / "cyclonedx").glob("*.schema.json"):
        doc = json.loads(path.read_text())
        resource = Resource.from_contents(doc, default_specification=DRAFT7)
        registry = registry.with_resource(doc.get("$id", path.name), resource)
        registry = registry.with_resource(path.name, resource)
    schema = json.loads((DATA / "cyclonedx" / f"bom-{version}.schema.json").read_text())
    return jsonschema.Draft7Validator(schema, registry=registry)


def scan(repo: Path, fmt: str, *extra: str) -> tuple[int, str]:
    out = repo.parent / f"out.{fmt}"
    r = run_cli(["scan", *extra, "-f", fmt, "-o", str(out), "-f", "text"], repo)
    assert r.code in (0, 1, 3), r.out + r.err
    return r.code, out.read_text()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    import shutil

    repo = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", repo)
    return repo


@pytest.fixture
def lineage(fakehub: FakeHub, tmp_path: Path) -> Path:
    repo = tmp_path / "lineage"
    repo.mkdir()
    (repo / "app.py").write_text(LINEAGE_APP)
    (repo / "README.md").write_text("We fine-tune `meta-llama/Llama-2-7b-hf` in docs.\n")
    return repo


def _scans(demo: Path, lineage: Path) -> list[tuple[Path, tuple[str, ...]]]:
    return [(demo, ("--offline",)), (lineage, ("--no-git",))]


# ---- SPDX 3.0.1 -------------------------------------------------------------------------


def check_spdx(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema, then the AI profile rules the schema cannot express; the elements by id."""
    errors = [e.message for e in SPDX.iter_errors(doc)]
    assert errors == [], errors[:3]
    assert doc["@context"] == "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
    graph = doc["@graph"]
    ids = [e["spdxId"] for e in graph if "spdxId" in e]
    assert len(ids) == len(set(ids)), "spdxIds are unique"
    by_id = {e["spdxId"]: e for e in graph if "spdxId" in e}
    rels = [e for e in graph if e["type"] in ("Relationship", "LifecycleScopedRelationship")]
    for e in graph:
        for key in ("from", "suppliedBy"):
            if key in e:
                assert e[key] in by_id, f"{key} {e[key]} names an element of the document"
        for to in e.get("to", []):
            assert to in by_id or to == "expandedlicensing_NoAssertionLicense", to
    [document] = [e for e in graph if e["type"] == "SpdxDocument"]
    assert {"core", "software", "ai", "simpleLicensing"} <= set(document["profileConformance"])
    packages = [e for e in graph if e["type"] == "ai_AIPackage"]
    assert packages
    for pkg in packages:
        kinds = Counter(r["relationshipType"] for r in rels if r["from"] == pkg["spdxId"])
        # AI profile conformance: exactly one of each per AIPackage
        assert kinds["hasDeclaredLicense"] == 1 and kinds["hasConcludedLicense"] == 1, pkg["name"]
        assert pkg["software_primaryPurpose"] == "model"
        if "comment" not in pkg:  # a resolved model: the spec's required properties
            for prop in (
                "releaseTime",
                "suppliedBy",
                "software_downloadLocation",
                "software_packageVersion",
            ):
                assert prop in pkg, (pkg["name"], prop)
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", pkg["releaseTime"])
    return by_id


def _concluded(by_id: dict[str, Any], graph: list[dict[str, Any]], name: str) -> tuple[str, str]:
    pkg = next(e for e in graph if e.get("name") == name and e["type"] == "ai_AIPackage")
    rel = next(
        e
        for e in graph
        if e.get("relationshipType") == "hasConcludedLicense" and e["from"] == pkg["spdxId"]
    )
    target = rel["to"][0]
    expr = by_id[target]["simplelicensing_licenseExpression"] if target in by_id else target
    return expr, rel["comment"]


def test_spdx_demo_and_lineage(demo: Path, lineage: Path) -> None:
    _, text = scan(demo, "spdx", "--offline")
    doc = json.loads(text)
    by_id = check_spdx(doc)
    graph = doc["@graph"]
    vicuna = next(e for e in graph if e.get("name") == "lmsys/vicuna-7b-v1.5")
    assert vicuna["software_packageUrl"].startswith("pkg:huggingface/lmsys/vicuna-7b-v1.5@")
    assert vicuna["externalIdentifier"][0]["externalIdentifierType"] == "packageUrl"
    assert vicuna["software_attributionText"][0].startswith("Llama 2 is licensed under")
    expr, why = _concluded(by_id, graph, "lmsys/vicuna-7b-v1.5")
    assert expr == "LicenseRef-llama2" and "verdict: review" in why
    lic = by_id[next(k for k in by_id if k.endswith("/license/LicenseRef-llama2"))]
    assert lic["simplelicensing_customIdToUri"][0]["value"].startswith("https://github.com/")
    distil = next(e for e in graph if e.get("name") == "distilbert/distilbert-base-uncased")
    trained = next(
        e
        for e in graph
        if e.get("relationshipType") == "trainedOn" and e["from"] == distil["spdxId"]
    )
    assert {by_id[t]["name"] for t in trained["to"]} == {"bookcorpus", "wikipedia"}
    assert all(by_id[t]["type"] == "dataset_DatasetPackage" for t in trained["to"])
    files = {e["name"]: e for e in graph if e["type"] == "software_File"}
    assert set(files) >= {"train.py", "configs/serve.yaml", "README.md"}
    uses = [
        e
        for e in graph
        if e["type"] == "LifecycleScopedRelationship" and e["from"] == files["README.md"]["spdxId"]
    ]
    assert uses and uses[0]["scope"] == "other"  # a docs reference

    code, text = scan(lineage, "spdx", "--no-git")
    assert code == 1
    doc = json.loads(text)
    by_id = check_spdx(doc)
    graph = doc["@graph"]

    def pid(name: str) -> str:
        return next(e["spdxId"] for e in graph if e.get("name") == name)

    def rel(kind: str, src: str) -> list[str]:
        return [
            to
            for e in graph
            if e.get("relationshipType") == kind and e["from"] == pid(src)
            for to in e["to"]
        ]

    assert rel("descendantOf", "fixture-org/merge-7b") == [
        pid("fixture-org/finetune-7b"),
        pid("mistralai/Mistral-7B-v0.1"),
    ]
    assert pid("fixture-org/quant-gguf") in rel("hasVariant", "fixture-org/finetune-7b")
    assert rel("dependsOn", "fixture-org/adapter-lora") == [pid("fixture-org/finetune-7b")]
    expr, why = _concluded(by_id, graph, "fixture-org/mit-on-llama")
    assert expr.startswith("MIT AND LicenseRef-") and "huggyllama/llama-7b adds" in why
    expr, why = _concluded(by_id, graph, "chavinlo/alpaca-native")
    assert "LicenseRef-llama-1" in expr and "(inferred: known-family)" in why
    inferred = next(
        e
        for e in graph
        if e.get("relationshipType") == "descendantOf"
        and e["from"] == pid("chavinlo/alpaca-native")
    )
    assert inferred["to"] == [pid("huggyllama/llama-7b")]
    expr, why = _concluded(by_id, graph, "fixture-org/does-not-exist")
    assert expr.endswith("NoAssertionLicense")
    missing = next(e for e in graph if e.get("name") == "fixture-org/does-not-exist")
    assert missing["comment"].startswith("could not be resolved: not-found")


def _shacl(doc: dict[str, Any]) -> tuple[bool, str]:
    """pyshacl with the SPDX 3.0.1 model as shapes, the local context for the remote one."""
    import pyshacl
    from rdflib import Graph

    context = json.loads((DATA / "spdx-3.0.1-context.jsonld").read_text())["@context"]
    data = Graph().parse(data=json.dumps({**doc, "@context": context}), format="json-ld")
    shapes = Graph().parse(DATA / "spdx-3.0.1-model.ttl", format="turtle")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=shapes)
    return bool(conforms), str(text)


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's JSON-LD parser, internally
def test_spdx_conforms_to_the_shacl_model(demo: Path, lineage: Path) -> None:
    for repo, extra in _scans(demo, lineage):
        doc = json.loads(scan(repo, "spdx", *extra)[1])
        conforms, text = _shacl(doc)
        assert conforms, text[:3000]
    pkg = next(e for e in doc["@graph"] if e["type"] == "ai_AIPackage")
    pkg["releaseTime"] = "yesterday"
    assert not _shacl(doc)[0]  # the check can fail


def test_spdx_validator_rejects_what_the_schema_forbids(demo: Path) -> None:
    doc = json.loads(scan(demo, "spdx", "--offline")[1])
    pkg = next(e for e in doc["@graph"] if e["type"] == "ai_AIPackage")
    pkg["ai_notAProperty"] = "x"
    assert not SPDX.is_valid(doc)  # closed property sets: the check can fail
    del pkg["ai_notAProperty"]
    pkg["software_primaryPurpose"] = "weights"
    assert not SPDX.is_valid(doc)  # vocabularies


def test_spdx_ids_are_stable(demo: Path) -> None:
    def strip(text: str) -> str:
        return re.sub(r'"created": "[^"]+"', "", text)

    assert strip(scan(demo, "spdx", "--offline")[1]) == strip(scan(demo, "spdx", "--offline")[1])


# ---- CycloneDX ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.7", "1.6"])
def test_cyclonedx_versions_validate(demo: Path, lineage: Path, version: str) -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    validator = _cdx_validator(version)
    for repo, extra in _scans(demo, lineage):
        _, text = scan(repo, "cyclonedx", *extra, "--cyclonedx-version", version)
        doc = json.loads(text)
        errors = [e.message for e in validator.iter_errors(doc)]
        assert errors == [], errors[:3]
        lib = {"1.7": SchemaVersion.V1_7, "1.6": SchemaVersion.V1_6}[version]
        assert JsonStrictValidator(lib).validate_str(text) is None
        assert doc["specVersion"] == version
        models = [c for c in doc["components"] if c["type"] == "machine-learning-model"]
        resolved = [c for c in models if "purl" in c and "@" in c["purl"]]
        assert resolved and all("modelCard" in c for c in resolved)
    distil = next(c for c in models if c["name"] == "fixture-org/finetune-7b")
    props = {p["name"]: p["value"] for p in distil["modelCard"]["properties"]}
    assert props["modeldeps:base-model-relation"] == "finetune"


def test_cyclonedx_model_card_datasets(demo: Path) -> None:
    _, text = scan(demo, "cyclonedx", "--offline")
    doc = json.loads(text)
    comps = {c["bom-ref"]: c for c in doc["components"]}
    distil = comps["model:distilbert/distilbert-base-uncased@default"]
    refs = [d["ref"] for d in distil["modelCard"]["modelParameters"]["datasets"]]
    assert refs == ["dataset:bookcorpus", "dataset:wikipedia"]
    assert all(comps[r]["type"] == "data" for r in refs)


# ---- GitLab Code Quality -----------------------------------------------------------------


def test_gitlab_code_quality(demo: Path, lineage: Path) -> None:
    for repo, extra in _scans(demo, lineage):
        _, text = scan(repo, "gitlab", *extra)
        assert not text.startswith("\ufeff")
        issues = json.loads(text)
        assert isinstance(issues, list) and issues
        for issue in issues:
            jsonschema.validate(issue, GITLAB_SCHEMA)
            # what GitLab's docs require beyond its schema
            assert issue["check_name"] and issue["location"]["path"]
            assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
            assert isinstance(issue["location"]["lines"]["begin"], int)
        prints = [i["fingerprint"] for i in issues]
        assert len(prints) == len(set(prints))
    _, report = scan(lineage, "json", "--no-git")
    expected = {"error": "critical", "warning": "major", "note": "info"}
    mapped = {(f["code"], expected[f["severity"]]) for f in json.loads(report)["findings"]}
    assert {(i["check_name"], i["severity"]) for i in issues} == mapped
    assert ("lineage-denied", "critical") in mapped


def test_gitlab_fingerprints_survive_moved_lines(lineage: Path) -> None:
    _, before = scan(lineage, "gitlab", "--no-git")
    app = lineage / "app.py"
    app.write_text("# a new first line\n\n" + app.read_text())
    _, after = scan(lineage, "gitlab", "--no-git")
    first = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in json.loads(before)}
    second = {i["fingerprint"]: i["location"]["lines"]["begin"] for i in json.loads(after)}
    assert set(first) == set(second)
    moved = [f for f in first if first[f] + 2 == second[f]]
    assert moved  # the same findings, two lines down


# ---- dot and Mermaid ---------------------------------------------------------------------


def test_dot_and_markdown_lineage(lineage: Path) -> None:
    _, dot = scan(lineage, "dot", "--no-git")
    assert dot.startswith("digraph modeldeps {") and dot.rstrip().endswith("}")
    ids = dict(re.findall(r'^  (m\d+) \[label="([^\\"]+)\\n', dot, re.M))
    edges = re.findall(r"^  (m\d+) -> (m\d+)(?: \[label=\"([^\"]*)\"\])?;", dot, re.M)
    named = {(ids[a], ids[b], label) for a, b, label in edges}
    assert ("fixture-org/quant-gguf", "fixture-org/finetune-7b", "quantized") in named
    assert ("fixture-org/merge-7b", "mistralai/Mistral-7B-v0.1", "merge") in named
    dashed = re.findall(r"^  (m\d+) -> (m\d+) \[label=\"([^\"]*)\", style=dashed\];", dot, re.M)
    assert ("chavinlo/alpaca-native", "family:llama-1", "finetune, inferred: known-family") in {
        (ids[a], ids[b], label) for a, b, label in dashed
    }
    _, md = scan(lineage, "markdown", "--no-git")
    chart = md.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert chart.startswith("flowchart BT")
    assert "classDef denied" in chart or "classDef review" in chart
    assert re.search(r'\["huggyllama/llama-7b<br/>[^"]+<br/><i>\w+</i>"\]:::\w+', chart)


def test_mermaid_labels_are_inert() -> None:
    from modeldeps.report.graph import Edge, Graph, Node
    from modeldeps.report.mermaid import flowchart

    evil = 'x"]; click m0 "javascript:alert(1)"\n```\n<img src=x>`#'
    chart = flowchart(
        Graph(
            (Node(evil, evil, "denied", True), Node("b/c", "mit", "allowed", False)),
            (Edge("b/c", evil, evil),),
        )
    )
    for line in chart.splitlines()[1:]:
        # each line is one statement: a node, an edge or a class; labels hold no quote or bracket
        assert re.fullmatch(
            r'  m\d+\["(?:[^"\[\]`<>]|<br/>|</?i>)*"\]:::\w+'
            r'|  m\d+ -->(\|[^|"`<>]*\|)? m\d+|  classDef \w+ [^"]+',
            line,
        ), line
    assert "```" not in chart and "<img" not in chart


# ---- NOTICE ------------------------------------------------------------------------------


def test_notice_groups_deduplicates_and_checks(demo: Path, lineage: Path) -> None:
    r = run_cli(["notice", "--offline", "-o", "NOTICE.models"], demo)
    assert r.code == 0, r.err
    text = (demo / "NOTICE.models").read_text()
    assert text.count("Llama 2 Community License Agreement [llama2]") == 1
    block = text.split("[llama2]", 1)[1].split("=" * 78 + "\n", 2)[1]
    assert "  - meta-llama/Llama-2-7b-hf (also via lmsys/vicuna-7b-v1.5)" in block
    assert block.count("Llama 2 is licensed under the LLAMA 2 Community License") == 1
    assert "https://ai.meta.com/llama/use-policy" in block
    assert "Get it from:\n  https://github.com/meta-llama/llama-models/" in block
    assert "Apache License 2.0 [apache-2.0]" in text and "musicgen-small" in text
    assert run_cli(["notice", "--offline", "--check", "-o", "NOTICE.models"], demo).code == 0
    # a model less: the committed file is stale
    (demo / "scripts" / "serve.sh").unlink()
    stale = run_cli(["notice", "--offline", "--check", "-o", "NOTICE.models"], demo)
    assert stale.code == 1 and "is out of date" in stale.err
    missing = run_cli(["notice", "--offline", "--check", "-o", "nothing-here"], demo)
    assert missing.code == 1 and "does not exist" in missing.err
    again = run_cli(["notice", "--offline"], demo)
    assert again.out == run_cli(["notice", "--offline"], demo).out  # deterministic

    r = run_cli(["notice", "--no-git"], lineage)
    assert r.code == 3  # some models could not be resolved: said, and the exit says so
    assert "Models whose duties modeldeps cannot state" in r.out
    assert "fixture-org/does-not-exist: not resolved (not-found)" in r.out
    assert "  - family:llama-1 (inferred lineage of chavinlo/alpaca-native" in r.out


def test_spdx_every_asset_and_unresolved_scans() -> None:
    """Datasets and hosted API models the code names, and a --no-resolve scan: still
    one declared and one concluded license per package, and the schema holds."""
    from modeldeps.model import (
        Asset,
        Location,
        Reference,
        ReferenceKind,
        ScanResult,
        ScanStats,
        Scope,
    )
    from modeldeps.report.spdx import SpdxReporter

    refs = (
        Reference("org/model", None, Location("a.py", 1, 1), ReferenceKind.PYTHON_CALL),
        Reference(
            "org/corpus",
            None,
            Location("a.py", 2, 1),
            ReferenceKind.PYTHON_CALL,
            asset=Asset.DATASET,
        ),
        Reference(
            "gpt-4o",
            None,
            Location("tests/t.py", 3, 1),
            ReferenceKind.PYTHON_CALL,
            scope=Scope.TEST,
            asset=Asset.API_MODEL,
        ),
    )
    for resolved in (False, True):
        doc = json.loads(
            SpdxReporter().render(ScanResult(refs, (), ScanStats(), resolved=resolved))
        )
        by_id = check_spdx(doc)
        kinds = {e["name"]: e["type"] for e in by_id.values() if "name" in e}
        assert kinds["org/corpus"] == "dataset_DatasetPackage"
        assert kinds["gpt-4o"] == "ai_AIPackage" and kinds["org/model"] == "ai_AIPackage"
        api = next(e for e in by_id.values() if e.get("name") == "gpt-4o")
        assert "provider's API" in api["comment"]
        listed = next(e for e in by_id.values() if e.get("name") == "org/model")
        assert ("--no-resolve" in listed["comment"]) is not resolved
        test_use = next(
            e
            for e in doc["@graph"]
            if e["type"] == "LifecycleScopedRelationship" and api["spdxId"] in e["to"]
        )
        assert test_use["scope"] == "test"
