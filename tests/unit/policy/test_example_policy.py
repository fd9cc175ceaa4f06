from __future__ import annotations

from pathlib import Path

from modeldeps.policy.config import load_policy

ROOT = Path(__file__).parents[3]
EXAMPLE = ROOT / "tests" / "data" / "policies" / "example.yaml"


def test_example_policy_loads() -> None:
    policy = load_policy(str(EXAMPLE), str(ROOT))
    assert policy.licenses["gemma"].value == "allow"
    assert policy.licenses["vendor-community"].value == "review"
    assert policy.stale_days == 730
    assert policy.org("monthly_active_users") == 2_000_000


def test_readme_shows_the_example_policy_verbatim() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "```yaml\n" + EXAMPLE.read_text() + "```" in readme
