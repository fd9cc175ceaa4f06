"""Policy files: validation reports every problem at once, with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldeps.errors import PolicyError
from modeldeps.policy import PRESETS
from modeldeps.policy.config import check_requires, load_policy
from tests.cli import run_cli


def problems(tmp_path: Path, text: str, name: str = "p.yaml") -> list[str]:
    (tmp_path / name).write_text(text)
    with pytest.raises(PolicyError) as exc:
        load_policy(name, str(tmp_path))
    return exc.value.problems


@pytest.mark.parametrize("name", PRESETS)
def test_presets_load(name: str, tmp_path: Path) -> None:
    policy = load_policy(name, str(tmp_path))
    assert policy.source == f"preset:{name}"
    assert not policy.own_files


def test_every_problem_reported_with_file_and_line(tmp_path: Path) -> None:
    text = """\
version: 1
licences:
  allow: [mit]
licenses:
  allow: [apache2, permisive, 3]
  unknown: maybe
organization:
  monthly_active_users: lots
  comercial: true
supply_chain:
  trust_remote_code: forbid
  stale: {days: -1}
exceptions:
  - model: "org/[x"
    expires: 2026-13-01
  - reason: no model
    codes: [license-deniedd]
clarifications:
  - model: org/x
    license: apache-2.0
    reason: unpinned
severity:
  license-denied: fatal
requires: "not a specifier"
"""
    got = problems(tmp_path, text)
    expected = [
        "p.yaml:2: unknown key 'licences' (did you mean 'licenses'?)",
        "p.yaml:5: unknown license id or category 'apache2' (did you mean 'apache-2.0'?)",
        "p.yaml:5: unknown license id or category 'permisive' (did you mean 'permissive'?)",
        "p.yaml:5: license ids must be strings",
        "p.yaml:6: 'licenses.unknown' must be one of allow, review, deny",
        "p.yaml:8: 'organization.monthly_active_users' must be int",
        "p.yaml:9: unknown key 'organization.comercial' (did you mean 'commercial'?)",
        "p.yaml:11: 'supply_chain.trust_remote_code' must be one of allow, warn, deny",
        "p.yaml:12: 'supply_chain.stale' must be {days: N > 0, level: allow|warn|deny}",
        "p.yaml:14: bad glob 'org/[x'",
        "p.yaml:14: exceptions[0] needs a 'reason'",
        "p.yaml:15: 'expires' is not a date (YYYY-MM-DD): '2026-13-01'",
        "p.yaml:16: exceptions[1] needs a 'model' (id or glob)",
        "p.yaml:17: unknown finding code 'license-deniedd' (did you mean 'license-denied'?)",
        "p.yaml:19: clarifications[0] must be pinned: give 'sha' (the model's commit) or "
        "'license_file_sha256', so it lapses when upstream changes",
        "p.yaml:23: severity must be one of error, warning, note, off",
        "p.yaml:24: 'requires' is not a version specifier: 'not a specifier'",
    ]
    for e in expected:
        assert e in got, f"{e!r} not in:\n" + "\n".join(got)
    assert len(got) == len(expected), "\n".join(got)


def test_nul_in_a_path_is_a_policy_error(tmp_path: Path) -> None:
    """Regression (found by fuzzing): a NUL byte in extends raised ValueError."""
    assert problems(tmp_path, 'extends: "\\0"\n')[0].startswith("p.yaml:1: extends")
    with pytest.raises(PolicyError, match="no such policy file"):
        load_policy("a\0b", str(tmp_path))


def test_circular_extends(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    got = problems(tmp_path, "extends: b.yaml\n", name="a.yaml")
    assert got == ["a.yaml: circular extends: a.yaml -> b.yaml -> a.yaml"]


def test_missing_parent_and_bad_yaml(tmp_path: Path) -> None:
    assert problems(tmp_path, "extends: comercial\n") == [
        "p.yaml:1: extends 'comercial': no such policy file or preset (did you mean 'commercial'?)"
    ]
    assert problems(tmp_path, "licenses: [\n") == [
        "p.yaml:2: invalid YAML: did not find expected node content"
    ]
    assert problems(tmp_path, "- a list\n") == ["p.yaml:1: a policy must be a mapping of settings"]
    assert problems(tmp_path, "a: !!python/object:os.system {}\n")[0].startswith("p.yaml:1: ")


def test_child_overrides_parent(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "extends: commercial\nlicenses:\n  deny: [permissive]\nunresolved: warn\n"
    )
    policy = load_policy("p.yaml", str(tmp_path))
    assert policy.licenses["permissive"].value == "deny"
    assert policy.licenses["permissive"].origin.file == "p.yaml"
    assert policy.licenses["permissive"].origin.line == 3
    assert policy.licenses["vendor-community"].origin.file == "preset:commercial"
    assert policy.unresolved.value == "warn"


def test_requires(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("requires: '>=99'\n")
    policy = load_policy("p.yaml", str(tmp_path))
    with pytest.raises(PolicyError, match=r"requires modeldeps >=99, but this is 0\.1\.0"):
        check_requires(policy, "0.1.0")


def test_bad_policy_exits_2_before_scanning(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("licenses:\n  allow: [nope]\nfoo: 1\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    r = run_cli(["scan", "--no-git", "--policy", "p.yaml"], tmp_path)
    assert r.code == 2
    assert "2 problems in policy:" in r.err
    assert "p.yaml:2: unknown license id or category 'nope'" in r.err
    assert "p.yaml:3: unknown key 'foo'" in r.err
    assert "Traceback" not in r.err
    r = run_cli(["scan", "--no-git", "--policy", "nope"], tmp_path)
    assert r.code == 2 and "nope: no such policy file or preset" in r.err


def test_inline_policy_in_config(tmp_path: Path) -> None:
    (tmp_path / ".modeldeps.yaml").write_text(
        "policy:\n  extends: research\n  licenses:\n    allow: [nonsense]\n"
    )
    (tmp_path / "a.py").write_text("x = 1\n")
    r = run_cli(["scan", "--no-git"], tmp_path)
    assert r.code == 2
    assert ".modeldeps.yaml:4: unknown license id or category 'nonsense'" in r.err


def test_presets_validate() -> None:
    """load_policy skips checking a compiled preset at run time: it must be clean."""
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.policy.config import _check, _preset, _Problems, _Raw

    for name in PRESETS:
        data, lines = _preset(name)
        problems = _Problems()
        _check(_Raw(f"preset:{name}", name, data, lines, True), load_kb(), problems)
        assert problems.items == [], (name, problems.items)
