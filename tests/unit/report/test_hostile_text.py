"""The class test for outside text (D8, D12, D20, D24): every report format, hostile strings in
every outside-controlled field; the output parses or validates, holds no raw control character,
no workflow command it did not write itself, and no token."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modeldeps.knowledge.licenses import load_kb
from modeldeps.model import (
    Finding,
    LicenseEvidence,
    LicenseFile,
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
from modeldeps.report.explain import render_explain
from modeldeps.textsafe import block, clean, line, redact, uri

SARIF_SCHEMA = json.loads(
    (Path(__file__).parents[4] / "shared" / "data" / "sarif-schema-2.1.0.json").read_text()
)
TOKEN = "hf_" + "Z" * 34
HOSTILE = [
    "x\n::error file=README.md,line=1::FAKE",
    "  ::stop-commands::zzz",
    "a\r::warning::cr",
    "##[error]legacy command",
    "esc\x1b[1A\x1b[2Kerase",
    "osc\x1b]0;title\x07bell",
    "c1\x9b31mcsi\x85nel",
    "bidi\u202eevil\u2066x\u2028ls",
    "bad\udcffbyte\udc80",
    "lone\ud800surrogate",
    f"token {TOKEN} and Authorization: Bearer hf_SENTINEL_abc123",
    "md | pipe <script>alert(1)</script> [x](http://e) `tick` *b* _i_ &amp;",
    "%0A%25 percent, comma: colon",
    "nul\x00del\x7f",
]
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def hostile_result(s: str) -> ScanResult:
    path = f"dir/{s}.py"
    mid = "org/model"
    ref = Reference(mid, "rev" + s, Location(path, 3, 7), ReferenceKind.PYTHON_CALL, frozenset({s}))
    ref2 = Reference(s, None, Location(s, 1, 1), ReferenceKind.CONFIG_KEY)
    recs = (
        ModelRecord(
            mid,
            "rev" + s,
            ResolveStatus.OK,
            RecordSource.HUB,
            canonical_id=s,
            sha="a" * 40,
            license=LicenseEvidence("other", "card:license", name=s, link=s),
            base_models=(s,),
            relation=s,
            datasets=(s,),
            last_modified=s,
            license_file=LicenseFile(s, "b" * 64, excerpt=s + "\nsecond " + s),
        ),
        ModelRecord(s, None, ResolveStatus.NOT_FOUND, RecordSource.HUB, reason=s),
    )
    findings = (
        Finding("license-denied", Severity.ERROR, mid, s, (ref,), (mid, s), RuleOrigin(s, 2, s)),
        Finding("unresolved", Severity.ERROR, s, s, (ref2,)),
        Finding("license-duty", Severity.NOTE, mid, s, (ref,), duty=s),
        Finding("exception-expired", Severity.WARNING, None, s, (), (), RuleOrigin(s, 9, s)),
    )
    notes = (Note(path, 2, s, "failed"), Note(s, None, s, "fallback"))
    return ScanResult(
        (ref, ref2), notes, ScanStats(3, 2, 1, 1, 100, {s: 1}), recs, findings,
        resolved=True, messages=(s,),
    )  # fmt: skip


def _check_human(out: str, own_commands: bool = False) -> None:
    out.encode("utf-8")  # strict
    assert TOKEN not in out and "hf_SENTINEL_abc123" not in out
    assert not RAW_CONTROL.search(out), repr(RAW_CONTROL.search(out))
    for ln in out.split("\n")[:-1] if out.endswith("\n") else out.split("\n"):
        assert "\r" not in ln
        stripped = ln.lstrip()
        if own_commands:
            assert re.match(
                r"::(error|warning|notice) (file=[^:]*,line=\d+,(col=\d+,)?)?title=", ln
            )
            data = ln.split("::", 2)[2]
            assert "##[" not in data
        else:
            assert not stripped.startswith("::"), ln
            assert "##[" not in ln, ln


def _check_json(out: str, fmt: str) -> None:
    out.encode("utf-8")
    assert TOKEN not in out and "hf_SENTINEL_abc123" not in out
    assert not RAW_CONTROL.search(out) and "##[" not in out
    doc = json.loads(out)
    blob = json.dumps(doc, ensure_ascii=False)
    blob.encode("utf-8")  # no lone surrogate survived parsing
    assert not any(ln.lstrip().startswith("::") for ln in out.splitlines())
    if fmt == "sarif":
        jsonschema.validate(doc, SARIF_SCHEMA)
        for res in doc["runs"][0]["results"]:
            for loc in res["locations"]:
                u = loc["physicalLocation"]["artifactLocation"]["uri"]
                assert re.fullmatch(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+", u), u
    if fmt == "json":
        schema = json.loads(
            (Path(__file__).parents[3] / "src/modeldeps/data/report-1.schema.json").read_text()
        )
        jsonschema.validate(doc, schema)


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
@pytest.mark.parametrize("s", HOSTILE)
@pytest.mark.parametrize("verbose", [0, 1])
def test_every_format_every_field(fmt: str, s: str, verbose: int) -> None:
    for quiet in (False, True):
        opts = ReportOptions(verbose=verbose, quiet=quiet, fail_on="note")
        out = reporter_class(fmt)(opts).render(hostile_result(s))
        if fmt in ("json", "sarif", "cyclonedx", "spdx", "gitlab"):
            _check_json(out, fmt)
        else:
            _check_human(out, own_commands=fmt == "github")


@pytest.mark.parametrize("s", HOSTILE)
def test_explain_is_safe(s: str) -> None:
    result = hostile_result(s)
    records = {r.key: r for r in result.records}
    out = render_explain(
        ("org/model", "rev" + s), records, load_kb(), [s, f"step {s}"], list(result.findings), s
    )
    _check_human(out)


texts = st.text(
    alphabet=st.characters(codec=None, exclude_categories=()), max_size=40
)  # includes surrogates


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(texts, st.sampled_from(HOSTILE)), min_size=1, max_size=3).map("".join))
def test_textsafe_properties(s: str) -> None:
    one = line(s)
    one.encode("utf-8")
    assert "\n" not in one and not RAW_CONTROL.search(one)
    assert not one.lstrip().startswith(":") and "##[" not in one
    assert line(one) == one  # idempotent: escaping twice shows the same
    assert "\n".join(block(s).split("\n")) == block(s)
    for ln in block(s).split("\n"):
        assert not ln.lstrip().startswith("::")
    stored = clean(s)
    stored.encode("utf-8")
    u = uri(s)
    assert re.fullmatch(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})*", u), u
    if not re.search("[\ud800-\udc7f\udd00-\udfff]", s):  # else replaced: still one URI
        assert unquote_to_bytes(u) == redact(s).encode("utf-8", "surrogateescape")
