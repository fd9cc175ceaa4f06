"""Hosted API models in every format: beside Hub models, with provider and locations."""

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
    ScanResult,
    ScanStats,
    Severity,
)
from modeldeps.report import REPORTERS, ReportOptions, reporter_class

SARIF_SCHEMA = Path(__file__).parents[4] / "shared" / "data" / "sarif-schema-2.1.0.json"


def result() -> ScanResult:
    from modeldeps.app import api_models

    hub = Reference("org/name-7b", None, Location("train.py", 2, 5), ReferenceKind.PYTHON_CALL)
    refs = (
        hub,
        Reference(
            "gpt-4o",
            None,
            Location("app.py", 3, 7),
            ReferenceKind.PYTHON_CALL,
            asset=Asset.API_MODEL,
        ),
        Reference(
            "text-davinci-003",
            None,
            Location("cfg.yaml", 1, 8),
            ReferenceKind.CONFIG_KEY,
            asset=Asset.API_MODEL,
        ),
        Reference(
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            None,
            Location("bedrock.py", 4, 1),
            ReferenceKind.PYTHON_CALL,
            asset=Asset.API_MODEL,
        ),
        Reference(
            "prod-chat",
            None,
            Location(".env", 1, 25),
            ReferenceKind.ENV_VAR,
            flags=frozenset({"deployment", "provider:azure-openai"}),
            asset=Asset.API_MODEL,
        ),
    )
    rec = ModelRecord(
        "org/name-7b",
        None,
        ResolveStatus.OK,
        RecordSource.HUB,
        sha="a" * 40,
        license=LicenseEvidence("mit", "card:license"),
    )
    retired = Finding(
        "api-retired",
        Severity.ERROR,
        "text-davinci-003",
        "text-davinci-003 (openai): retired by the provider on 2024-01-04",
        (refs[2],),
    )
    return ScanResult(
        refs,
        (),
        ScanStats(files_scanned=5),
        (rec,),
        (retired,),
        resolved=True,
        api_models=api_models(refs),
    )


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_format_names_the_api_models(name: str) -> None:
    out = reporter_class(name)(ReportOptions()).render(result())
    if name in ("github", "gitlab", "sarif"):  # findings-only formats
        assert "text-davinci-003" in out
        return
    for model in ("gpt-4o", "text-davinci-003", "org/name-7b"):
        assert model in out, name


def test_json_lists_api_models_with_provider_and_locations() -> None:
    doc = json.loads(reporter_class("json")().render(result()))
    schema = json.loads(files("modeldeps").joinpath("data/report-1.schema.json").read_text())
    jsonschema.validate(doc, schema)
    by_id = {a["model_id"]: a for a in doc["api_models"]}
    assert by_id["gpt-4o"]["provider"] == "openai" and by_id["gpt-4o"]["locations"] == ["app.py:3"]
    assert by_id["text-davinci-003"]["retired"] == "2024-01-04"
    bedrock = by_id["anthropic.claude-3-5-sonnet-20240620-v1:0"]
    assert (bedrock["provider"], bedrock["creator"]) == ("aws-bedrock", "anthropic")
    assert by_id["prod-chat"]["deployment"] is True and by_id["prod-chat"]["known"] is False
    assert {r["asset"] for r in doc["references"]} == {"model", "api-model"}


def test_text_groups_api_models_by_provider() -> None:
    out = reporter_class("text")().render(result())
    section = out.split("Hosted API models (by provider)", 1)[1]
    assert section.index("aws-bedrock") < section.index("azure-openai") < section.index("openai")
    assert "prod-chat (Azure OpenAI deployment)" in section


def test_sarif_has_rules_for_the_api_codes() -> None:
    from modeldeps.report.sarif import SarifReporter

    doc = json.loads(SarifReporter().render(result()))
    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text()))
    rules = {r["id"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert {"api-retired", "api-unapproved-provider", "api-unknown-model"} <= rules
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "cfg.yaml"


def test_cyclonedx_has_a_service_per_provider_and_weightless_components() -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    from modeldeps.report.cyclonedx import CycloneDxReporter

    text = CycloneDxReporter().render(result())
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    bom = json.loads(text)
    services = {s["name"]: s for s in bom["services"]}
    assert set(services) == {"anthropic", "aws-bedrock", "azure-openai", "openai"} - {"anthropic"}
    api = [c for c in bom["components"] if c["bom-ref"].startswith("api-model:")]
    assert {c["name"] for c in api} >= {"gpt-4o", "text-davinci-003"}
    for comp in api:
        assert comp["type"] == "machine-learning-model" and "purl" not in comp
        props = {p["name"]: p["value"] for p in comp["properties"]}
        assert props["modeldeps:weights"] == "none (hosted API)"
    deps = {d["ref"]: d.get("dependsOn", []) for d in bom["dependencies"]}
    assert "api-model:openai:gpt-4o" in deps["api-provider:openai"]


def test_open_weights_findings_show_under_the_api_model() -> None:
    from modeldeps.app import api_models

    ref = Reference(
        "meta.llama3-70b-instruct-v1:0",
        None,
        Location("b.py", 3, 1),
        ReferenceKind.PYTHON_CALL,
        asset=Asset.API_MODEL,
    )
    weights = "meta-llama/Meta-Llama-3-70B-Instruct"
    f = Finding("license-review", Severity.WARNING, weights, "llama3 needs review", (ref,))
    rec = ModelRecord(
        weights,
        None,
        ResolveStatus.OK,
        RecordSource.HUB,
        license=LicenseEvidence("llama3", "card:license"),
    )
    r = ScanResult(
        (ref,),
        (),
        ScanStats(files_scanned=1),
        (rec,),
        (f,),
        resolved=True,
        api_models=api_models((ref,)),
    )
    text = reporter_class("text")().render(r)
    assert text.startswith("Needs review\n  meta.llama3-70b-instruct-v1:0")
    assert "license-review: llama3 needs review" in text
    md = reporter_class("markdown")().render(r)
    assert "| ⚠️ review | `meta.llama3-70b-instruct-v1:0` |" in md
