"""The policy's scopes: what a README example or a comment may decide on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from modeldeps.errors import PolicyError
from modeldeps.model import Finding, Location, Reference, ReferenceKind, RuleOrigin, Scope, Severity
from modeldeps.policy.config import Setting, load_policy, preset
from modeldeps.policy.scopes import apply_scopes
from tests.cli import run_cli

ROOT = Path(__file__).parents[3]


def ref(scope: Scope, line: int = 1) -> Reference:
    return Reference("org/m", None, Location("f", line, 1), ReferenceKind.URL, scope=scope)


def finding(*scopes: Scope, severity: Severity = Severity.ERROR) -> Finding:
    refs = tuple(ref(s, i) for i, s in enumerate(scopes, 1))
    return Finding("license-denied", severity, "org/m", "denied", refs)


CAPS = {
    "docs": Setting("warning", RuleOrigin("p.yaml", 3, "scopes.docs")),
    "comment": Setting("ignore", RuleOrigin("p.yaml", 4, "scopes.comment")),
}


def test_a_finding_only_in_capped_scopes_is_capped_and_says_why() -> None:
    (f,) = apply_scopes([finding(Scope.DOCS)], CAPS)
    assert f.severity is Severity.WARNING
    assert f.message.endswith("(only in docs: capped at warning by p.yaml:3 scopes.docs)")


def test_the_most_decisive_reference_wins() -> None:
    (f,) = apply_scopes([finding(Scope.DOCS, Scope.CODE)], CAPS)
    assert f.severity is Severity.ERROR and f.message == "denied"


def test_ignore_drops_references_and_findings_that_only_they_raise() -> None:
    assert apply_scopes([finding(Scope.COMMENT)], CAPS) == []
    (f,) = apply_scopes([finding(Scope.COMMENT, Scope.DOCS)], CAPS)
    assert [r.scope for r in f.references] == [Scope.DOCS] and f.severity is Severity.WARNING


def test_a_note_stays_a_note() -> None:
    (f,) = apply_scopes([finding(Scope.DOCS, severity=Severity.NOTE)], CAPS)
    assert f.severity is Severity.NOTE and f.message == "denied"


def test_presets_cap_docs_and_comments_at_warning() -> None:
    for name in ("permissive", "commercial", "research"):
        scopes = preset(name).scopes
        assert {k: s.value for k, s in scopes.items()} == {"docs": "warning", "comment": "warning"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("scopes: {readme: warning}\n", "unknown scope 'readme'"),
        (
            "scopes: {docs: sometimes}\n",
            "'scopes.docs' must be one of error, warning, note, ignore",
        ),
        ("scopes: [docs]\n", "scopes"),
    ],
)
def test_bad_scopes_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "p.yaml").write_text("version: 1\nextends: commercial\n" + text)
    with pytest.raises(PolicyError) as exc:
        load_policy("p.yaml", str(tmp_path))
    assert any(p.startswith("p.yaml:3") and message in p for p in exc.value.problems), (
        exc.value.problems
    )


def test_warn_is_accepted_for_warning(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("version: 1\nextends: commercial\nscopes: {test: warn}\n")
    assert load_policy("p.yaml", str(tmp_path)).scopes["test"].value == "warning"


def test_a_readme_example_never_blocks_a_commit_by_itself(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "demo" / "modeldeps.lock", tmp_path)
    (tmp_path / "README.md").write_text(
        '```python\nA.from_pretrained("facebook/musicgen-small")\n```\n'
    )
    (tmp_path / "gen.py").write_text('A.from_pretrained("facebook/musicgen-small")\n')
    r = run_cli(["scan", "--offline", "--no-git", "README.md"], tmp_path)
    assert r.code == 0 and "only in docs: capped at warning" in r.out
    r = run_cli(["scan", "--offline", "--no-git", "README.md", "gen.py"], tmp_path)
    assert r.code == 1
    r = run_cli(
        ["scan", "--offline", "--no-git", "--scope", "docs", "README.md", "gen.py"], tmp_path
    )
    assert r.code == 0 and "gen.py" not in r.out
