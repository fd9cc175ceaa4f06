"""Every format lists datasets with their uses; the JSON report and the CycloneDX BOM are
validated against their schemas with datasets in them (issue 16)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from modeldeps.model import (
    Asset,
    Finding,
    LicenseEvidence,
    Location,
    ModelRecord,
    RecordSource,
    Reference,
    ReferenceKind,
    ResolveStatus,
    RuleOrigin,
    ScanResult,
    ScanStats,
    Severity,
)
from modeldeps.report import REPORTERS, ReportOptions, reporter_class

OK, HUB = ResolveStatus.OK, RecordSource.HUB
SARIF_SCHEMA = Path(__file__).parents[4] / "shared" / "data" / "sarif-schema-2.1.0.json"


def canned() -> ScanResult:
    model_ref = Reference(
        "org/chat-7b", None, Location("train.py", 3, 5), ReferenceKind.PYTHON_CALL
    )
    data_ref = Reference(
        "org/nc-data",
        None,
        Location("train.py", 4, 20),
        ReferenceKind.PYTHON_CALL,
        asset=Asset.DATASET,
    )
    gone_ref = Reference(
        "org/gone-data", None, Location("cfg.yaml", 2, 15), ReferenceKind.CONFIG_KEY,
        asset=Asset.DATASET,
    )  # fmt: skip
    lic = LicenseEvidence
    models = (
        ModelRecord(
            "org/chat-7b", None, OK, HUB, sha="a" * 40, canonical_id="org/chat-7b",
            license=lic("apache-2.0", "card:license"), base_models=("org/base-7b",),
            relation="finetune", datasets=("org/chat-data", "internal logs"),
        ),
        ModelRecord(
            "org/base-7b", None, OK, HUB, sha="b" * 40, canonical_id="org/base-7b",
            license=lic("apache-2.0", "card:license"), datasets=("org/nc-data",),
        ),
    )  # fmt: skip
    data = (
        ModelRecord(
            "org/nc-data", None, OK, HUB, sha="c" * 40, canonical_id="org/nc-data",
            license=lic("cc-by-nc-4.0", "card:license"), base_models=("org/source-data",),
            relation="derived", asset=Asset.DATASET, tasks=("text-generation",),
            gated="auto", gated_terms="Agree to use it for research only.",
        ),
        ModelRecord(
            "org/source-data", None, OK, HUB, sha="d" * 40, canonical_id="org/source-data",
            license=lic("mit", "card:license"), asset=Asset.DATASET,
        ),
        ModelRecord(
            "org/chat-data", None, OK, HUB, sha="e" * 40, canonical_id="org/chat-data",
            license=lic("mit OR apache-2.0", "card:license"), asset=Asset.DATASET,
        ),
        ModelRecord(
            "org/gone-data", None, ResolveStatus.NOT_FOUND, HUB, reason="not found on the Hub",
            asset=Asset.DATASET,
        ),
    )  # fmt: skip
    origin = RuleOrigin("preset:commercial", 44, "datasets.deny[0]")
    findings = (
        Finding(
            "dataset-license-denied", Severity.ERROR, "org/nc-data",
            "dataset org/nc-data: CC-BY-NC-4.0 is not allowed", (data_ref,), (), origin,
            asset=Asset.DATASET,
        ),
        Finding(
            "training-data-review", Severity.WARNING, "org/chat-7b",
            "org/chat-7b was trained on org/nc-data (inherited training data)", (model_ref,),
            ("org/chat-7b", "org/base-7b", "org/nc-data"), origin,
        ),
        Finding(
            "unresolved", Severity.WARNING, "org/gone-data", "dataset org/gone-data: not found",
            (gone_ref,), asset=Asset.DATASET,
        ),
    )  # fmt: skip
    return ScanResult(
        (model_ref, data_ref, gone_ref),
        (),
        ScanStats(2, 2, 0, 0, 100),
        models,
        findings,
        resolved=True,
        datasets=data,
    )


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_format_names_the_datasets(name: str) -> None:
    out = reporter_class(name)(ReportOptions()).render(canned())
    if name == "github":  # annotations: one per finding, datasets' included
        assert "org/nc-data" in out and "org/gone-data" in out
        return
    for ident in ("org/nc-data", "org/gone-data"):
        assert ident in out, name


def test_text_marks_datasets_and_lists_training_data() -> None:
    out = reporter_class("text")(ReportOptions()).render(canned())
    assert "org/nc-data (dataset)  cc-by-nc-4.0" in out
    assert "<- derived from org/source-data  mit" in out
    assert "gated (auto): Agree to use it for research only." in out
    assert "trained on org/chat-data  mit OR apache-2.0  (dataset)" in out
    assert "trained on org/nc-data  cc-by-nc-4.0  (dataset, inherited via org/base-7b)" in out
    assert "trained on (not Hub datasets): internal logs" in out
    assert "to 1 model and 2 datasets" in out
    assert "org/gone-data: not-found" in out


def test_markdown_has_a_training_data_table() -> None:
    out = reporter_class("markdown")(ReportOptions()).render(canned())
    assert "`org/nc-data` (dataset)" in out
    assert "| `org/chat-7b` | `org/nc-data` | cc-by-nc-4.0 | `org/base-7b` |" in out
    assert "| `org/chat-7b` | `org/chat-data` | mit OR apache-2.0 | own card |" in out


def test_json_lists_datasets_with_their_uses_and_matches_its_schema() -> None:
    doc = json.loads(reporter_class("json")(ReportOptions()).render(canned()))
    schema = json.loads(files("modeldeps").joinpath("data/report-1.schema.json").read_text())
    jsonschema.validate(doc, schema)
    by_id = {d["id"]: d for d in doc["datasets"]}
    assert by_id["org/nc-data"]["kind"] == "dataset"
    assert by_id["org/nc-data"]["uses"] == [
        {"role": "used", "references": 1},
        {"role": "training", "model": "org/chat-7b", "via": ["org/chat-7b", "org/base-7b"]},
    ]
    assert by_id["org/source-data"]["uses"] == [{"role": "source", "dataset": "org/nc-data"}]
    assert by_id["org/chat-data"]["uses"] == [
        {"role": "training", "model": "org/chat-7b", "via": []}
    ]
    assert [m["id"] for m in doc["models"]] == ["org/chat-7b", "org/base-7b"]  # no dataset there
    assert doc["summary"]["models"] == 1 and doc["summary"]["datasets"] == 2
    assets = {f["code"]: f["asset"] for f in doc["findings"]}
    assert assets == {
        "dataset-license-denied": "dataset",
        "training-data-review": "model",
        "unresolved": "dataset",
    }
    refs = {r["model_id"]: r["asset"] for r in doc["references"]}
    assert refs == {"org/chat-7b": "model", "org/nc-data": "dataset", "org/gone-data": "dataset"}


def test_cyclonedx_has_data_components_linked_from_model_cards() -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    text = reporter_class("cyclonedx")(ReportOptions()).render(canned())
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    assert errors is None, errors
    doc = json.loads(text)
    comps = {c["bom-ref"]: c for c in doc["components"]}
    nc = comps["dataset:org/nc-data"]
    assert nc["type"] == "data"
    assert nc["data"] == [
        {
            "type": "dataset",
            "name": "org/nc-data",
            "contents": {"url": "https://huggingface.co/datasets/org/nc-data"},
        }
    ]
    assert nc["licenses"] == [{"license": {"id": "CC-BY-NC-4.0"}}]
    assert nc["pedigree"] == {
        "ancestors": [
            {"type": "data", "name": "org/source-data", "licenses": [{"license": {"id": "MIT"}}]}
        ]
    }
    props = {p["name"]: p["value"] for p in nc["properties"]}
    assert props["modeldeps:gated-terms"] == "Agree to use it for research only."
    assert props["modeldeps:task-categories"] == "text-generation"
    # each model's card points at its own training data; the base's is on the base
    chat = comps["model:org/chat-7b@default"]["modelCard"]["modelParameters"]["datasets"]
    assert {"ref": "dataset:org/chat-data"} in chat
    assert {"ref": "dataset:org/nc-data"} not in chat  # inherited: on the base's card
    base = comps["model:org/base-7b@default"]["modelCard"]["modelParameters"]["datasets"]
    assert base == [{"ref": "dataset:org/nc-data"}]
    assert comps["dataset:org/chat-data"]["licenses"] == [{"expression": "MIT OR Apache-2.0"}]
    top = next(d for d in doc["dependencies"] if d["ref"] == "modeldeps-scan")
    assert "dataset:org/nc-data" in top["dependsOn"]
    assert "dataset:org/chat-data" not in top["dependsOn"]  # training data only


def test_sarif_says_what_a_result_is_about() -> None:
    doc = json.loads(reporter_class("sarif")(ReportOptions()).render(canned()))
    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text()))
    props = {r["ruleId"]: r["properties"]["asset"] for r in doc["runs"][0]["results"]}
    assert props["dataset-license-denied"] == "dataset"
    assert props["training-data-review"] == "model"


def test_spdx_dataset_packages_carry_the_resolved_license() -> None:
    doc = json.loads(reporter_class("spdx")(ReportOptions()).render(canned()))
    graph = doc["@graph"]
    by_id = {e.get("spdxId"): e for e in graph}
    pkg = next(
        e for e in graph if e.get("type") == "dataset_DatasetPackage" and e["name"] == "org/nc-data"
    )
    assert pkg["software_packageVersion"] == "c" * 40
    assert "resolved by modeldeps" in pkg["comment"]
    declared = [
        r for r in graph if r.get("type") == "Relationship" and r.get("from") == pkg["spdxId"]
        and r.get("relationshipType") == "hasDeclaredLicense"
    ]  # fmt: skip
    (rel,) = declared
    (target,) = rel["to"]
    assert by_id[target]["simplelicensing_licenseExpression"] == "CC-BY-NC-4.0"
