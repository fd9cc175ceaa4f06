"""The real pre-commit, in a temporary git repository, against the fake Hub."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.fakehub import FakeHub

ROOT = Path(__file__).parents[2]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

pytestmark = pytest.mark.slow


def _env(tmp_path: Path, hub: FakeHub) -> dict[str, str]:
    env = {**os.environ}
    env.update(
        {
            "HF_ENDPOINT": hub.url,
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "MODELDEPS_CACHE_DIR": str(tmp_path / "cache"),
            "PRE_COMMIT_HOME": str(tmp_path / "pc"),
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.com",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.com",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "PATH": os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""),
        }
    )
    return env


def _local_config() -> str:
    """Our manifest's hooks as a local repo: same entry, files and filename passing, run
    from the modeldeps installed in this environment (no network needed)."""
    hooks = yaml.safe_load(MANIFEST.read_text())
    for h in hooks:
        h["language"] = "system"
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


@pytest.fixture
def repo(tmp_path: Path, fakehub: FakeHub) -> tuple[Path, dict[str, str]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = _env(tmp_path, fakehub)
    r = tmp_path / "repo"
    r.mkdir()
    subprocess.run(["git", "init", "-q", str(r)], check=True, env=env)
    (r / ".pre-commit-config.yaml").write_text(_local_config())
    (r / "README.md").write_text("# project\n")
    subprocess.run(["git", "add", "."], cwd=r, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "init", "--no-verify"], cwd=r, check=True, env=env)
    return r, env


def _commit(
    repo: Path, env: dict[str, str], files: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    subprocess.run(["git", "add", *files], cwd=repo, check=True, env=env)
    return subprocess.run(
        [*PRE_COMMIT, "run", "--files", *files],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_manifest_is_valid() -> None:
    r = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_clean_commit_passes_quietly(repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    r = _commit(path, env, {"app.py": 'A.from_pretrained("mistralai/Mistral-7B-v0.1")\n'})
    assert r.returncode == 0, r.stdout + r.stderr
    assert "modeldeps (model licenses)" in r.stdout and "Passed" in r.stdout


def test_denied_model_fails_with_location_and_reason(repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    r = _commit(
        path, env, {"src/gen.py": 'x = 1\nm = A.from_pretrained("facebook/musicgen-small")\n'}
    )
    assert r.returncode == 1, r.stdout + r.stderr
    assert (
        "src/gen.py:2:24: error: license-denied: facebook/musicgen-small: Creative Commons "
        "Attribution Non Commercial 4.0 is not allowed"
    ) in r.stdout


def test_ignore_comment_lets_it_pass(repo: tuple[Path, dict[str, str]]) -> None:
    path, env = repo
    line = 'm = A.from_pretrained("facebook/musicgen-small")  # modeldeps: ignore\n'
    r = _commit(path, env, {"gen.py": line})
    assert r.returncode == 0, r.stdout + r.stderr


def test_policy_exception_lets_it_pass_and_full_hook_runs(
    repo: tuple[Path, dict[str, str]],
) -> None:
    path, env = repo
    config = (
        "policy:\n  extends: commercial\n  exceptions:\n"
        "    - model: facebook/musicgen-*\n      paths: ['research/**']\n"
        "      reason: internal research only\n"
    )
    r = _commit(
        path,
        env,
        {
            ".modeldeps.yaml": config,
            "research/jingles.py": 'A.from_pretrained("facebook/musicgen-small")\n',
        },
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "modeldeps (whole repository)" in r.stdout


def _run_staged(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` on what is staged, as ``git commit`` would run it."""
    return subprocess.run(
        [*PRE_COMMIT, "run"],
        cwd=path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", ["--policy=research", "--no-resolve", "-rf.txt"])
def test_a_staged_file_named_like_an_option_changes_nothing(
    repo: tuple[Path, dict[str, str]], name: str
) -> None:
    """Regression (D1): the hook stayed green over a denied model."""
    path, env = repo
    (path / "gen.py").write_text('A.from_pretrained("facebook/musicgen-small")\n')
    (path / name).write_text("x\n")
    subprocess.run(["git", "add", "--", "gen.py", name], cwd=path, check=True, env=env)
    r = _run_staged(path, env)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "gen.py:1:20: error: license-denied: facebook/musicgen-small" in r.stdout


def test_user_args_without_the_separator_fail_closed(
    repo: tuple[Path, dict[str, str]],
) -> None:
    path, env = repo
    config = yaml.safe_load((path / ".pre-commit-config.yaml").read_text())
    config["repos"][0]["hooks"][0]["args"] = ["--offline"]  # no '--' at the end
    (path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    (path / "gen.py").write_text('A.from_pretrained("facebook/musicgen-small")\n')
    (path / "--policy=research").write_text("x\n")
    subprocess.run(["git", "add", "-A"], cwd=path, check=True, env=env)
    r = _run_staged(path, env)
    assert r.returncode == 1, r.stdout + r.stderr  # pre-commit's own code for a failed hook
    assert "'--policy=research' is both a file in this directory and an option" in r.stdout
    assert "Passed" not in r.stdout.split("modeldeps (model licenses)")[1].splitlines()[0]
