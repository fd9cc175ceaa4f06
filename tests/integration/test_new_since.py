"""scan --new-since: only what a change introduces."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.cli import run_cli
from tests.fakehub import FakeHub

ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@e",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@e",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, env=ENV, check=True, capture_output=True, text=True
    ).stdout.strip()


def test_new_since_reports_only_new_models(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = tmp_path / "r"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "old.py").write_text('A.from_pretrained("facebook/musicgen-small")\n')
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    base = git(repo, "rev-parse", "HEAD")
    (repo / "new.py").write_text(
        'A.from_pretrained("facebook/seamless-m4t-v2-large")\n'
        'B.from_pretrained("facebook/musicgen-small")\n'
    )
    full = run_cli(["scan", "-q"], repo)
    assert full.code == 1
    assert "old.py:1" in full.out and "new.py:2" in full.out

    r = run_cli(["scan", "-q", "--new-since", base], repo)
    assert r.code == 1
    assert "new.py:1:" in r.out and "seamless" in r.out
    assert "musicgen" not in r.out  # the base already used it

    (repo / "new.py").write_text('B.from_pretrained("facebook/musicgen-small")\n')
    assert run_cli(["scan", "-q", "--new-since", base], repo).code == 0


def test_unknown_base_revision_is_a_usage_error(fakehub: FakeHub, tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "a.py").write_text("x = 1\n")
    r = run_cli(["scan", "--new-since", "no-such-branch"], tmp_path)
    assert r.code == 2 and "--new-since" in r.err and "Traceback" not in r.err
