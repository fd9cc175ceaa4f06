"""Every reporter over canned results; machine formats validated against their schemas."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from modeldeps.model import (
    Finding,
    LicenseEvidence,
    Location,
    ModelRecord,
    Note,
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
from modeldeps.report.github import GithubReporter
from modeldeps.report.markdown import MarkdownReporter
from modeldeps.report.sarif import SarifReporter, fingerprint

SARIF_SCHEMA = Path(__file__).parents[4] / "shared" / "data" / "sarif-schema-2.1.0.json"
HOSTILE_ID = "evil|org/na`me<script>"
HOSTILE_PATH = "dir,with:odd|chars/%0A\n::error::x.py"


def canned(hostile: bool = False) -> ScanResult:
    mid = HOSTILE_ID if hostile else "org/nc-model"
    path = HOSTILE_PATH if hostile else "src/app.py"
    ref = Reference(mid, None, Location(path, 3, 7), ReferenceKind.PYTHON_CALL)
    ref2 = Reference("org/ok", "v1", Location("cfg.yaml", 1, 13), ReferenceKind.CONFIG_KEY)
    recs = (
        ModelRecord(
            mid,
            None,
            ResolveStatus.OK,
            RecordSource.HUB,
            canonical_id=mid,
            sha="a" * 40,
            license=LicenseEvidence("cc-by-nc-4.0", "card:license"),
        ),
        ModelRecord("org/ok", "v1", ResolveStatus.NOT_FOUND, RecordSource.HUB, reason="nope"),
    )
    findings = (
        Finding(
            "license-denied",
            Severity.ERROR,
            mid,
            f"{mid}: denied | really\nnow",
            (ref,),
            (),
            RuleOrigin("preset:commercial", 23, "licenses.deny[0]"),
        ),
        Finding("unresolved", Severity.ERROR, "org/ok", "org/ok could not be resolved", (ref2,)),
        Finding("license-duty", Severity.NOTE, mid, "give credit", (ref,), duty="give credit"),
        Finding(
            "exception-expired",
            Severity.ERROR,
            "org/*",
            "expired",
            (),
            (),
            RuleOrigin("policy.yaml", 9, "exceptions[0]"),
        ),
    )
    notes = (Note("bad.yaml", 2, "malformed YAML: x", "failed"),)
    return ScanResult(
        (ref, ref2), notes, ScanStats(3, 2, 1, 1, 100, {"binary": 1}), recs, findings, resolved=True
    )


@pytest.mark.parametrize("name", sorted(REPORTERS))
@pytest.mark.parametrize("hostile", [False, True])
def test_every_reporter_renders(name: str, hostile: bool) -> None:
    out = reporter_class(name)(ReportOptions()).render(canned(hostile))
    assert isinstance(out, str)


def _schema() -> dict[str, object]:
    text = files("modeldeps").joinpath("data/report-1.schema.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.mark.parametrize("hostile", [False, True])
def test_json_report_matches_its_schema(hostile: bool) -> None:
    doc = json.loads(reporter_class("json")().render(canned(hostile)))
    jsonschema.validate(doc, _schema())


@pytest.mark.parametrize("hostile", [False, True])
def test_sarif_is_valid_sarif_2_1_0(hostile: bool) -> None:
    doc = json.loads(SarifReporter().render(canned(hostile)))
    jsonschema.validate(doc, json.loads(SARIF_SCHEMA.read_text()))
    run = doc["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"license-denied", "unresolved"}
    results = run["results"]
    assert [r["ruleId"] for r in results] == [
        "license-denied",
        "unresolved",
        "license-duty",
        "exception-expired",
    ]
    first = results[0]["locations"][0]["physicalLocation"]
    assert first["region"] == {"startLine": 3, "startColumn": 7}
    assert (
        results[3]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "policy.yaml"
    )


def test_sarif_fingerprints_ignore_line_moves() -> None:
    f = canned().findings[0]
    moved = Finding(
        f.code,
        f.severity,
        f.model_id,
        f.message,
        (
            Reference(
                f.model_id or "", None, Location("src/app.py", 99, 1), ReferenceKind.PYTHON_CALL
            ),
        ),
    )
    assert fingerprint(f, "src/app.py") == fingerprint(moved, "src/app.py")
    assert fingerprint(f, "src/app.py") != fingerprint(f, "src/other.py")


def test_github_annotations_escape_hostile_text() -> None:
    out = GithubReporter().render(canned(hostile=True))
    lines = out.splitlines()
    assert len(lines) == 3  # notes are left out; one line per error, none broken by newlines
    assert lines[0].startswith(
        "::error file=dir%2Cwith%3Aodd|chars/%250A%0A%3A%3Aerror%3A%3Ax.py,line=3,col=7,"
    )
    assert lines[0].endswith("::evil|org/na`me<script>: denied | really%0Anow")
    assert (
        lines[2] == "::error file=policy.yaml,line=9,title=modeldeps exception-expired%3A "
        "org/*::expired"
    )


def test_markdown_escapes_hostile_text() -> None:
    out = MarkdownReporter().render(canned(hostile=True))
    row = next(line for line in out.splitlines() if "denied" in line and line.startswith("|"))
    assert row.count(" | ") == 4  # the pipes in the id, path and message are escaped
    import re

    outside_code = re.sub(r"(?<!\\)`[^`]*`", "", out)  # code spans; \` is not one
    assert "<script>" not in outside_code and "\\<script\\>" in outside_code
    assert out.startswith("## modeldeps: 1 denied, 1 unresolved")


def test_cyclonedx_is_a_valid_1_6_ml_bom() -> None:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    from modeldeps.report.cyclonedx import CycloneDxReporter

    result = canned()
    base = ModelRecord(
        "org/base",
        None,
        ResolveStatus.OK,
        RecordSource.HUB,
        sha="b" * 40,
        license=LicenseEvidence("mit OR apache-2.0", "card:license"),
    )
    top = result.records[0]
    child = ModelRecord(
        top.id,
        None,
        ResolveStatus.OK,
        RecordSource.HUB,
        sha=top.sha,
        canonical_id=top.canonical_id,
        license=top.license,
        base_models=("org/base",),
        relation="finetune",
    )
    from modeldeps.record import replace

    result = replace(result, records=(child, base, result.records[1]))
    text = CycloneDxReporter(ReportOptions(cyclonedx_version="1.6")).render(result)
    errors = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    assert errors is None, errors
    doc = json.loads(text)
    comps = {c["name"]: c for c in doc["components"]}
    assert comps["org/nc-model"]["type"] == "machine-learning-model"
    assert comps["org/nc-model"]["purl"] == "pkg:huggingface/org/nc-model@" + "a" * 40
    assert comps["org/nc-model"]["licenses"] == [{"license": {"id": "CC-BY-NC-4.0"}}]
    assert comps["org/base"]["licenses"] == [{"expression": "MIT OR Apache-2.0"}]
    assert doc["specVersion"] == "1.6"
    card = {p["name"]: p["value"] for p in comps["org/nc-model"]["modelCard"]["properties"]}
    assert card["modeldeps:base-model-relation"] == "finetune"
    latest = CycloneDxReporter().render(result)
    assert JsonStrictValidator(SchemaVersion.V1_7).validate_str(latest) is None
    assert json.loads(latest)["specVersion"] == "1.7"
    deps = {d["ref"]: d.get("dependsOn", []) for d in doc["dependencies"]}
    assert deps["model:org/nc-model@default"] == ["model:org/base@default"]
