"""explain, licenses and init through the CLI."""

from __future__ import annotations

from pathlib import Path

from tests.cli import run_cli
from tests.fakehub import FakeHub


def test_explain_shows_facts_lineage_and_decision(fakehub: FakeHub, tmp_path: Path) -> None:
    r = run_cli(["explain", "lmsys/vicuna-7b-v1.3"], tmp_path)
    assert r.code == 1
    assert "Lineage:\n  lmsys/vicuna-7b-v1.3  other\n    <- huggyllama/llama-7b" in r.out
    assert "Decision under preset:commercial:" in r.out
    assert "lineage: worst ancestor huggyllama/llama-7b (deny) decides" in r.out
    assert r.out.rstrip().endswith("Verdict: denied")


def test_explain_with_research_policy_and_revision(fakehub: FakeHub, tmp_path: Path) -> None:
    r = run_cli(
        ["explain", "fixture-org/base-7b", "--revision", "v1.0", "--policy", "research"], tmp_path
    )
    assert r.code == 0, r.out
    assert "fixture-org/base-7b@v1.0" in r.out and "Verdict: allowed" in r.out


def test_explain_unresolvable(fakehub: FakeHub, tmp_path: Path) -> None:
    r = run_cli(["explain", "nobody/nothing"], tmp_path)
    assert r.code == 3 and "status: not-found" in r.out


def test_licenses_listing() -> None:
    r = run_cli(["licenses", "--category", "vendor-community"], Path.cwd())
    assert r.code == 0
    assert "llama2" in r.out and "apache-2.0" not in r.out


def test_init_writes_a_config_that_loads(fakehub: FakeHub, tmp_path: Path) -> None:
    r = run_cli(["init"], tmp_path)
    assert r.code == 0 and (tmp_path / ".modeldeps.yaml").exists()
    assert run_cli(["init"], tmp_path).code == 2  # no silent overwrite
    (tmp_path / "app.py").write_text('A.from_pretrained("mistralai/Mistral-7B-v0.1")\n')
    r = run_cli(["scan", "--no-git"], tmp_path)
    assert r.code == 0, r.out + r.err
    assert "1 allowed" in r.out
