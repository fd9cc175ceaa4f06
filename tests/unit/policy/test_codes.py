from __future__ import annotations

import re
from pathlib import Path

from modeldeps.policy.codes import INFO, Code

DOC = Path(__file__).parents[3] / "docs" / "codes.md"


def test_codes_are_unique_kebab_case_and_described() -> None:
    values = [c.value for c in Code]
    assert len(values) == len(set(values))
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", v) for v in values)
    assert set(INFO) == set(Code)


def test_every_code_is_documented_with_its_default_severity() -> None:
    text = DOC.read_text()
    documented = re.findall(r"^## ([a-z-]+)\nDefault: (error|warning|note)", text, re.MULTILINE)
    assert {c for c, _ in documented} == {c.value for c in Code}
    for code, severity in documented:
        assert INFO[Code(code)].severity.value == severity, code


def test_code_list_snapshot() -> None:
    # Removing or renaming a code breaks users' ignores and exceptions: do it on purpose.
    assert [c.value for c in Code] == [
        "license-denied",
        "license-review",
        "license-unknown",
        "license-unmatched",
        "license-condition",
        "license-region",
        "license-duty",
        "license-mismatch",
        "lineage-denied",
        "lineage-review",
        "lineage-truncated",
        "lineage-suspected",
        "license-text-unknown-version",
        "region-gate-mismatch",
        "unresolved",
        "unpinned-revision",
        "trust-remote-code",
        "pickle-weights",
        "gated-model",
        "stale-model",
        "no-training-data",
        "dataset-license-denied",
        "dataset-license-review",
        "dataset-license-unknown",
        "training-data-review",
        "training-data-denied",
        "clarification-lapsed",
        "exception-expired",
        "exception-not-encountered",
        "license-not-encountered",
        "api-retired",
        "api-unapproved-provider",
        "api-provider-review",
        "api-unknown-model",
        "api-terms-conflict",
        "api-input-training",
        "api-terms-duty",
    ]
