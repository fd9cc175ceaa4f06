"""The policy's datasets: section: both roles, the presets' defaults, exceptions, errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from modeldeps.errors import PolicyError
from modeldeps.model import (
    Asset,
    LicenseEvidence,
    Location,
    ModelRecord,
    RecordSource,
    Reference,
    ReferenceKind,
    ResolveStatus,
    ScanResult,
    ScanStats,
    Scope,
)
from modeldeps.policy.config import load_policy
from modeldeps.policy.datasets import evaluate_datasets

OK, HUB = ResolveStatus.OK, RecordSource.HUB


def data(
    dataset_id: str, license_id: str | None, sources: tuple[str, ...] = (), **kw: object
) -> ModelRecord:
    lic = LicenseEvidence(license_id, "card:license") if license_id else None
    return ModelRecord(
        dataset_id, None, OK, HUB, license=lic, base_models=sources, asset=Asset.DATASET, **kw
    )  # type: ignore[arg-type]


def model(
    model_id: str, datasets: tuple[str, ...] = (), bases: tuple[str, ...] = ()
) -> ModelRecord:
    return ModelRecord(
        model_id,
        None,
        OK,
        HUB,
        license=LicenseEvidence("apache-2.0", "card:license"),
        datasets=datasets,
        base_models=bases,
    )


def ref(ident: str, asset: Asset, path: str = "train.py", line: int = 1, **kw: object) -> Reference:
    return Reference(
        ident, None, Location(path, line, 1), ReferenceKind.PYTHON_CALL, asset=asset, **kw
    )  # type: ignore[arg-type]


DATA = (
    data("org/nc", "cc-by-nc-4.0"),
    data("org/sa", "cc-by-sa-4.0"),
    data("org/mit", "mit"),
    data("org/none", None),
    data("org/derived", "apache-2.0", ("org/nc",)),
    data("org/proprietary-or-mit", "proprietary OR mit"),
    ModelRecord(
        "org/missing", None, ResolveStatus.NOT_FOUND, HUB, reason="nope", asset=Asset.DATASET
    ),
)
MODELS = (
    model("org/base-7b", datasets=("org/nc",)),
    model("org/chat-7b", datasets=("org/mit", "free text data"), bases=("org/base-7b",)),
)


def result(*refs: Reference) -> ScanResult:
    return ScanResult(refs, (), ScanStats(), MODELS, (), resolved=True, datasets=DATA)


def findings(
    policy: str, *refs: Reference, cwd: Path | None = None, **kw: object
) -> list[tuple[str, str, str]]:
    pol = load_policy(policy, str(cwd or Path.cwd()))
    out = evaluate_datasets(result(*refs), pol, **kw)  # type: ignore[arg-type]
    return [(f.code, str(f.severity), f.model_id or "") for f in out]


D, M = Asset.DATASET, Asset.MODEL


@pytest.mark.parametrize(
    ("dataset_id", "commercial", "research", "permissive"),
    [
        ("org/nc", ("dataset-license-denied", "error"), None, ("dataset-license-denied", "error")),
        (
            "org/sa",
            ("dataset-license-review", "warning"),
            None,
            ("dataset-license-denied", "error"),
        ),
        ("org/mit", None, None, None),
        (
            "org/none",
            ("dataset-license-unknown", "warning"),
            ("dataset-license-unknown", "warning"),
            ("dataset-license-unknown", "error"),
        ),
        # derived from non-commercial data: the source's terms decide
        (
            "org/derived",
            ("dataset-license-denied", "error"),
            None,
            ("dataset-license-denied", "error"),
        ),
        # OR: the licensee picks the least restrictive
        ("org/proprietary-or-mit", None, None, None),
        (
            "org/missing",
            ("unresolved", "warning"),
            ("unresolved", "warning"),
            ("unresolved", "error"),
        ),
    ],
)
def test_datasets_used_directly_under_the_presets(
    dataset_id: str,
    commercial: tuple[str, str] | None,
    research: tuple[str, str] | None,
    permissive: tuple[str, str] | None,
) -> None:
    r = ref(dataset_id, D)
    for preset, want in (
        ("commercial", commercial),
        ("research", research),
        ("permissive", permissive),
    ):
        got = findings(preset, r)
        assert got == ([(*want, dataset_id)] if want else []), preset


def test_training_data_is_reviewed_not_denied_and_inherited_through_the_lineage() -> None:
    pol = load_policy("commercial", str(Path.cwd()))
    out = evaluate_datasets(result(ref("org/chat-7b", M)), pol)
    assert [(f.code, str(f.severity), f.model_id, f.asset) for f in out] == [
        ("training-data-review", "warning", "org/chat-7b", Asset.MODEL)
    ]
    f = out[0]
    assert "org/nc" in f.message and "inherited training data" in f.message
    assert "non-commercial" in f.message and "contested" in f.message
    assert f.lineage == ("org/chat-7b", "org/base-7b", "org/nc")
    assert f.origin is not None and f.origin.rule == "datasets.training.review[0]"
    # research allows it; permissive reviews it as well
    assert findings("research", ref("org/chat-7b", M)) == []
    assert findings("permissive", ref("org/chat-7b", M)) == [
        ("training-data-review", "warning", "org/chat-7b")
    ]


def _policy(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "policy.yaml"
    p.write_text(text)
    return p


def test_a_policy_can_deny_training_data(tmp_path: Path) -> None:
    _policy(
        tmp_path,
        "extends: commercial\ndatasets:\n  training:\n    allow: [permissive]\n"
        "    deny: [non-commercial]\n",
    )
    got = findings("policy.yaml", ref("org/chat-7b", M), cwd=tmp_path)
    assert got == [("training-data-denied", "error", "org/chat-7b")]


def test_without_a_datasets_section_direct_use_follows_licenses(tmp_path: Path) -> None:
    _policy(tmp_path, "licenses:\n  allow: [permissive, weak-copyleft]\n  unknown: deny\n")
    got = findings(
        "policy.yaml",
        ref("org/sa", D),
        ref("org/nc", D, line=2),
        ref("org/chat-7b", M, line=3),
        cwd=tmp_path,
    )
    # org/sa allowed as the licenses: rules allow it; org/nc denied by default deny; the
    # training data goes to review by the built-in default
    assert got == [
        ("dataset-license-denied", "error", "org/nc"),
        ("training-data-review", "warning", "org/chat-7b"),
    ]


def test_exceptions_waive_by_dataset_role_model_path_and_scope(tmp_path: Path) -> None:
    _policy(
        tmp_path,
        "extends: commercial\n"
        "datasets:\n"
        "  exceptions:\n"
        "    - dataset: org/n*\n"
        "      role: used\n"
        "      paths: [eval/**]\n"
        "      reason: evaluation only, never shipped\n"
        "    - dataset: org/nc\n"
        "      role: training\n"
        "      model: org/chat-*\n"
        "      reason: legal reviewed the base model's data (TICKET-12)\n"
        "    - dataset: org/sa\n"
        "      scopes: [docs]\n"
        "      reason: a README example\n"
        "    - dataset: org/never\n"
        "      reason: stale\n",
    )
    got = findings(
        "policy.yaml",
        ref("org/nc", D, path="eval/run.py"),  # waived (path)
        ref("org/nc", D, path="src/train.py", line=2),  # not waived
        ref("org/chat-7b", M, line=3),  # training data waived (role + model glob)
        ref("org/sa", D, path="README.md", line=4, scope=Scope.DOCS),  # waived (scope)
        cwd=tmp_path,
    )
    assert got == [
        ("dataset-license-denied", "error", "org/nc"),
        ("exception-not-encountered", "note", "org/never"),
    ]


def test_an_expired_exception_is_a_finding_and_waives_nothing(tmp_path: Path) -> None:
    _policy(
        tmp_path,
        "datasets:\n  allow: [permissive]\n  exceptions:\n"
        "    - dataset: org/nc\n      reason: trial\n      expires: 2024-01-31\n",
    )
    got = findings("policy.yaml", ref("org/nc", D), cwd=tmp_path, today=dt.date(2025, 1, 1))
    assert ("exception-expired", "error", "org/nc") in got
    assert ("dataset-license-denied", "error", "org/nc") in got


def test_inline_ignore_and_severity_overrides(tmp_path: Path) -> None:
    r = ref("org/nc", D, flags=frozenset({"ignore:dataset-license-denied"}))
    assert findings("commercial", r) == []
    _policy(tmp_path, "extends: commercial\nseverity:\n  training-data-review: note\n")
    assert findings("policy.yaml", ref("org/chat-7b", M), cwd=tmp_path) == [
        ("training-data-review", "note", "org/chat-7b")
    ]


def test_config_errors_name_file_and_line(tmp_path: Path) -> None:
    _policy(
        tmp_path,
        "datasets:\n"
        "  allow: [permissive, not-a-license]\n"
        "  unknown: maybe\n"
        "  bogus: 1\n"
        "  training:\n"
        "    deny: nope\n"
        "  exceptions:\n"
        "    - dataset: org/x\n"
        "      role: sometimes\n",
    )
    with pytest.raises(PolicyError) as info:
        load_policy("policy.yaml", str(tmp_path))
    text = str(info.value)
    assert "policy.yaml:2: unknown license id or category 'not-a-license'" in text
    assert "policy.yaml:3: 'datasets.unknown' must be one of allow, review, deny" in text
    assert "policy.yaml:4: unknown key 'datasets.bogus'" in text
    assert "policy.yaml:6: 'datasets.training.deny' must be a list" in text
    assert "policy.yaml:9: 'role' must be one of used, training" in text
    assert "datasets.exceptions[0] needs a 'reason'" in text


def test_every_preset_says_how_both_roles_are_judged() -> None:
    for name in ("commercial", "research", "permissive"):
        pol = load_policy(name, str(Path.cwd()))
        assert pol.datasets is not None and pol.datasets.declared
        assert pol.datasets.used.licenses and pol.datasets.training.licenses
    commercial = load_policy("commercial", str(Path.cwd())).datasets
    assert commercial is not None
    assert commercial.used.licenses["non-commercial"].value == "deny"
    assert commercial.training.licenses["non-commercial"].value == "review"
