"""The evaluator, table-driven, with in-memory records (no Hub)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from modeldeps.knowledge.licenses import CATEGORIES, load_kb
from modeldeps.model import (
    Flag,
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

KB = load_kb()
SHA = "1" * 40


def rec(
    model_id: str,
    lic: str | None = None,
    *,
    bases: tuple[str, ...] = (),
    name: str | None = None,
    text: str | None = None,
    status: ResolveStatus = ResolveStatus.OK,
    **kw: object,
) -> ModelRecord:
    evidence = None
    if lic is not None or name is not None:
        evidence = LicenseEvidence(lic or "other", "card:license", name=name)
    lf = LicenseFile("LICENSE", "f" * 64, text) if text else None
    return ModelRecord(
        model_id,
        None,
        status,
        RecordSource.HUB,
        canonical_id=model_id,
        sha=SHA,
        license=evidence,
        base_models=bases,
        license_file=lf,
        weight_formats=("safetensors",),
        datasets=("d",),
        **kw,
    )  # type: ignore[arg-type]


def ref(
    model_id: str,
    path: str = "app.py",
    line: int = 1,
    revision: str | None = None,
    flags: frozenset[str] = frozenset(),
) -> Reference:
    return Reference(model_id, revision, Location(path, line, 1), ReferenceKind.PYTHON_CALL, flags)


def run(
    records: list[ModelRecord],
    refs: list[Reference] | None = None,
    policy: str = "commercial",
    cwd: Path | None = None,
    partial: bool = False,
) -> dict[str, set[str]]:
    refs = refs or [ref(records[0].id)]
    pol = load_policy(policy, str(cwd or os.getcwd()))
    ev = evaluate(
        refs,
        {(r.id, None): r for r in records},
        pol,
        KB,
        partial=partial,
        today=dt.date(2026, 11, 22),
    )
    out: dict[str, set[str]] = {}
    for f in ev.findings:
        out.setdefault(f.model_id or "", set()).add(f"{f.severity}:{f.code}")
    return out


# One representative license per category, and what each preset makes of it.
CATEGORY_SAMPLE = {
    "permissive": "apache-2.0",
    "weak-copyleft": "mpl-2.0",
    "copyleft": "gpl-3.0",
    "vendor-community": "gemma",
    "use-restricted": "bigscience-openrail-m",
    "non-commercial": "cc-by-nc-4.0",
    "unknown": None,
}
EXPECTED = {
    "permissive": {
        "permissive": None,
        "weak-copyleft": "license-denied",
        "copyleft": "license-denied",
        "vendor-community": "license-denied",
        "use-restricted": "license-denied",
        "non-commercial": "license-denied",
        "unknown": "license-unknown",
    },
    "commercial": {
        "permissive": None,
        "weak-copyleft": "license-review",
        "copyleft": "license-review",
        "vendor-community": "license-review",
        "use-restricted": "license-review",
        "non-commercial": "license-denied",
        "unknown": "license-unknown",
    },
    "research": {
        "permissive": None,
        "weak-copyleft": None,
        "copyleft": None,
        "vendor-community": None,
        "use-restricted": None,
        "non-commercial": None,
        "unknown": "license-unknown",
    },
}


@pytest.mark.parametrize("preset", sorted(EXPECTED))
@pytest.mark.parametrize("category", sorted(CATEGORY_SAMPLE))
def test_every_preset_against_every_category(preset: str, category: str) -> None:
    lic = CATEGORY_SAMPLE[category]
    got = run([rec("org/m", lic)], policy=preset).get("org/m", set())
    codes = {g.split(":", 1)[1] for g in got if not g.startswith("note:")}
    expected = EXPECTED[preset][category]
    assert codes == ({expected} if expected else set()), got


def test_category_sample_covers_every_category_with_entries() -> None:
    used = {f.category for f in KB.entries.values()}
    assert used - {"proprietary"} <= set(CATEGORY_SAMPLE)
    assert set(CATEGORIES) >= used


def test_explicit_id_beats_category(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("extends: commercial\nlicenses:\n  allow: [gemma]\n  deny: [mit]\n")
    assert run([rec("org/g", "gemma")], policy=str(p)).get("org/g", set()) <= {"note:license-duty"}
    assert "error:license-denied" in run([rec("org/m", "mit")], policy=str(p))["org/m"]


@pytest.mark.parametrize(
    ("facts", "lic", "fails"),
    [
        ("monthly_active_users: 800000000", "llama2", True),
        ("monthly_active_users: 5000000", "llama2", False),
        ("annual_revenue_usd: 5000000", "stability-ai-community", True),
        ("annual_revenue_usd: 500000", "stability-ai-community", False),
        ("trains_models_on_outputs: true", "llama2", True),
        ("trains_models_on_outputs: true", "llama3.1", False),  # a naming duty, not a ban
    ],
)
def test_conditions_against_organisation_facts(
    tmp_path: Path, facts: str, lic: str, fails: bool
) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(f"extends: commercial\norganization:\n  {facts}\n")
    got = run([rec("org/m", lic)], policy=str(p))["org/m"]
    assert ("error:license-condition" in got) is fails, got


def test_region_exclusion(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("extends: commercial\norganization:\n  regions: [EU, US]\n")
    assert "warning:license-region" in run([rec("org/m", "llama3.2")], policy=str(p))["org/m"]


def test_lineage_worst_wins_and_mismatch() -> None:
    records = [rec("org/ft", "apache-2.0", bases=("org/base",)), rec("org/base", "cc-by-nc-4.0")]
    got = run(records, [ref("org/ft")])["org/ft"]
    assert {"error:lineage-denied", "warning:license-mismatch"} <= got


def test_unresolved_follows_policy() -> None:
    records = [rec("org/x", status=ResolveStatus.NOT_FOUND)]
    assert run(records)["org/x"] == {"error:unresolved"}
    assert run(records, policy="research")["org/x"] == {"warning:unresolved"}


def test_license_name_and_license_text_matching() -> None:
    assert "error:license-denied" in run([rec("org/m", "other", name="mrl")])["org/m"]
    got = run([rec("org/l", "other", text="LLaMA LICENSE AGREEMENT\nnon-commercial")])["org/l"]
    assert "error:license-denied" in got
    got = run([rec("org/u", "other", name="acme-license")])["org/u"]
    assert got == {"warning:license-unmatched"}


def test_license_is_never_guessed_from_the_organisation() -> None:
    got = run([rec("meta-llama/some-model", "other")])["meta-llama/some-model"]
    assert got == {"warning:license-unmatched"}


def test_spdx_expressions() -> None:
    assert run([rec("org/m", "mit OR cc-by-nc-4.0")]).get("org/m") is None
    assert "error:license-denied" in run([rec("org/m", "mit AND cc-by-nc-4.0")])["org/m"]


def test_supply_chain_rules(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(
        "extends: commercial\nsupply_chain:\n  unpinned_revision: warn\n"
        "  trust_remote_code: deny\n  gated: warn\n  no_training_data: warn\n"
        "  stale: {days: 365, level: warn}\n"
    )
    r = ModelRecord(
        "org/m",
        None,
        ResolveStatus.OK,
        RecordSource.HUB,
        license=LicenseEvidence("mit", "card:license"),
        gated="manual",
        weight_formats=("pickle",),
        last_modified="2020-01-01T00:00:00Z",
    )
    refs = [
        ref("org/m", flags=frozenset({Flag.TRUST_REMOTE_CODE.value})),
        ref("org/m", line=2, revision=SHA),
    ]
    got = run([r], refs, policy=str(p))["org/m"]
    assert got >= {
        "warning:unpinned-revision",
        "error:trust-remote-code",
        "warning:gated-model",
        "warning:no-training-data",
        "warning:stale-model",
        "warning:pickle-weights",
    }


def test_exceptions_scoped_by_path_and_expiry(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(
        "extends: commercial\nexceptions:\n"
        "  - model: org/nc\n    paths: ['research/**']\n    reason: research only\n"
        "    expires: 2027-01-01\n"
        "  - model: org/old\n    reason: was fine\n    expires: 2020-01-01\n"
        "  - model: org/unused\n    reason: nothing uses it\n"
    )
    records = [rec("org/nc", "cc-by-nc-4.0")]
    waived = run(records, [ref("org/nc", "research/x.py")], policy=str(p))
    assert "org/nc" not in waived
    assert "error:exception-expired" in waived["org/old"]
    assert "note:exception-not-encountered" in waived["org/unused"]
    kept = run(records, [ref("org/nc", "src/app.py")], policy=str(p))
    assert "error:license-denied" in kept["org/nc"]
    partial = run(records, [ref("org/nc", "research/x.py")], policy=str(p), partial=True)
    assert "org/unused" not in partial  # not reported in hook (partial) runs


def test_exception_for_an_ancestor_waives_lineage(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(
        "extends: commercial\nexceptions:\n  - model: org/base\n"
        "    codes: [lineage-denied, license-mismatch]\n    reason: legal approved\n"
    )
    records = [rec("org/ft", "apache-2.0", bases=("org/base",)), rec("org/base", "cc-by-nc-4.0")]
    assert "org/ft" not in run(records, [ref("org/ft")], policy=str(p))


def test_inline_ignore_codes() -> None:
    r = ref("org/nc", flags=frozenset({"ignore:license-denied"}))
    got = run([rec("org/nc", "cc-by-nc-4.0")], [r])
    assert "org/nc" not in got


def test_clarification_pinned_to_sha_and_lapsing(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text(
        f"extends: commercial\nclarifications:\n  - model: org/o\n    license: apache-2.0\n"
        f"    sha: '{SHA}'\n    reason: LICENSE file is Apache-2.0\n"
    )
    assert "org/o" not in run([rec("org/o", "other")], policy=str(p))
    moved = ModelRecord(
        "org/o",
        None,
        ResolveStatus.OK,
        RecordSource.HUB,
        sha="2" * 40,
        license=LicenseEvidence("other", "card:license"),
        weight_formats=("safetensors",),
        datasets=("d",),
    )
    got = run([moved], policy=str(p))["org/o"]
    assert {"warning:clarification-lapsed", "warning:license-unmatched"} <= got


def test_unused_allow_entries(tmp_path: Path) -> None:
    p = tmp_path / "p.yaml"
    p.write_text("extends: commercial\nlicenses:\n  allow: [mit, bsd-3-clause]\n")
    got = run([rec("org/m", "mit")], policy=str(p))
    assert got[""] == {"note:license-not-encountered"}
    assert "" not in run([rec("org/m", "mit")], policy=str(p), partial=True)


@pytest.mark.parametrize("name", ["permissive", "commercial", "research"])
def test_a_preset_has_nothing_to_say_about_an_empty_scan(name: str) -> None:
    """app.run_scan skips the policy stage for a preset when nothing is referenced."""
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.policy.config import preset

    for partial in (False, True):
        assert evaluate((), {}, preset(name), load_kb(), partial=partial).findings == []
