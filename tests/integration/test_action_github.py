"""The Action against a fake GitHub API on 127.0.0.1: dependency snapshot and PR comment.

The demo repository (examples/demo, with its lock) is scanned offline in a git
repository; the Action runs as ``python -m modeldeps.action`` with the
environment a runner gives it, and the fake API validates every snapshot
body against GitHub's published schema and checks the token on every call.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from modeldeps.report.comment import MARKER
from tests.fakegithub import FakeGithub, running

ROOT = Path(__file__).parents[2]
WRITE = "ghs_fakewritetoken0123456789abcdef"
READ_ONLY = "ghs_fakereadonlytoken0123456789ab"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@e",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@e",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}
HEAD_SHA = "c0ffee" + "0" * 34


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=repo,
        env={**os.environ, **GIT_ENV},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


@pytest.fixture
def github() -> Iterator[FakeGithub]:
    with running() as server:
        server.state.tokens[WRITE] = {"contents", "pull-requests"}
        server.state.tokens[READ_ONLY] = set()
        yield server


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The demo at a base commit that uses only Llama 2 and MiniLM; the change adds the rest."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "examples" / "demo", repo)
    git(repo, "init", "-q")
    full_train = (repo / "train.py").read_text()
    (repo / "scripts" / "serve.sh").rename(tmp_path / "serve.sh")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "base")
    (tmp_path / "serve.sh").rename(repo / "scripts" / "serve.sh")  # adds facebook/musicgen-small
    assert "Llama-2-7b-hf" in full_train
    return repo


def _event(tmp_path: Path, number: int = 7) -> Path:
    path = tmp_path / "event.json"
    path.write_text(
        json.dumps(
            {
                "action": "synchronize",
                "pull_request": {
                    "number": number,
                    "head": {"sha": HEAD_SHA, "ref": "feature/models"},
                    "base": {"ref": "main"},
                },
            }
        )
    )
    return path


def run_action(
    repo: Path,
    tmp_path: Path,
    github: FakeGithub,
    token: str = WRITE,
    pr: bool = True,
    **inputs: str,
) -> tuple[int, str, dict[str, str]]:
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("")
    output.write_text("")
    env = {
        **os.environ,
        **GIT_ENV,
        "HF_ENDPOINT": "http://127.0.0.1:9",  # offline: the lock answers, nothing is asked
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_WORKSPACE": str(repo),
        "GITHUB_API_URL": github.url,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "octo/demo",
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(_event(tmp_path)),
        "GITHUB_SHA": "d" * 40,
        "GITHUB_REF": "refs/pull/7/merge",
        "GITHUB_RUN_ID": "4242",
        "GITHUB_WORKFLOW": "models",
        "GITHUB_JOB": "audit",
        "RUNNER_TEMP": str(tmp_path),
        "MODELDEPS_CACHE_DIR": str(tmp_path / "cache"),
        "INPUT_OFFLINE": "true",
        "INPUT_GITHUB_TOKEN": token,
        **{f"INPUT_{k.upper()}": v for k, v in inputs.items()},
    }
    if not pr:
        env["GITHUB_EVENT_NAME"] = "push"
        env["GITHUB_REF"] = "refs/heads/main"
        env.pop("GITHUB_EVENT_PATH")
    proc = subprocess.run(
        [sys.executable, "-m", "modeldeps.action"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    outs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return proc.returncode, proc.stdout + proc.stderr, outs


def test_dependency_snapshot_is_valid_and_authenticated(
    repo: Path, tmp_path: Path, github: FakeGithub
) -> None:
    code, log, outs = run_action(repo, tmp_path, github, dependency_graph="true", new_since="none")
    assert code == 0 and outs["exit-code"] == "1", log
    assert outs["dependency-snapshot"] == "submitted", log
    assert github.state.rejected == []  # the schema accepted every body it saw
    [snap] = github.state.snapshots
    assert ("POST", "/repos/octo/demo/dependency-graph/snapshots", "Bearer") in github.state.log
    assert github.state.headers[0]["x-github-api-version"] == "2022-11-28"
    # a pull request's snapshot is of its head, on its branch
    assert snap["sha"] == HEAD_SHA and snap["ref"] == "refs/heads/feature/models"
    assert snap["detector"]["name"] == "modeldeps" and snap["job"]["id"] == "4242"
    serve = snap["manifests"]["configs/serve.yaml"]
    assert serve["file"] == {"source_location": "configs/serve.yaml"}
    vicuna = "pkg:huggingface/lmsys/vicuna-7b-v1.5@bcb73a5515a8e223e753ad706c52f8a67d4c9336"
    llama = next(p for p in serve["resolved"] if p.startswith("pkg:huggingface/meta-llama/"))
    assert serve["resolved"][vicuna]["relationship"] == "direct"
    assert serve["resolved"][vicuna]["dependencies"] == [llama]
    assert serve["resolved"][llama]["relationship"] == "indirect"  # lineage only, here
    train = snap["manifests"]["train.py"]["resolved"]
    assert train[llama]["relationship"] == "direct"  # train.py names it itself
    readme = snap["manifests"]["README.md"]["resolved"]
    assert readme[llama]["scope"] == "development"  # a docs reference
    assert WRITE not in log


def test_snapshot_without_permission_warns_and_the_job_goes_on(
    repo: Path, tmp_path: Path, github: FakeGithub
) -> None:
    code, log, outs = run_action(
        repo, tmp_path, github, token=READ_ONLY, dependency_graph="true", new_since="none"
    )
    assert code == 0 and outs["exit-code"] == "1"  # the scan's own verdict, untouched
    assert outs["dependency-snapshot"] == "failed"
    assert "::warning title=modeldeps::dependency-graph" in log
    assert "HTTP 403" in log and "contents: write" in log
    assert github.state.snapshots == [] and READ_ONLY not in log


def test_comment_is_created_updated_in_place_and_deleted_when_clean(
    repo: Path, tmp_path: Path, github: FakeGithub
) -> None:
    base = git(repo, "rev-parse", "HEAD")
    github.state.add_comment(7, "LGTM")  # someone else's comment is never touched
    code, log, outs = run_action(repo, tmp_path, github, comment="true", new_since=base)
    assert code == 0, log
    mine = [c for c in github.state.comments_on(7) if c["body"].startswith(MARKER)]
    assert len(mine) == 1, log
    body = mine[0]["body"]
    assert "this change adds or changes 1 model" in body
    assert "`facebook/musicgen-small`" in body.split("<details>")[0]
    assert "Llama-2-7b-hf" not in body.split("<details>")[0]  # the base already used it
    assert "<details><summary>Full inventory" in body and "```mermaid" in body
    assert outs["comment-url"].endswith(f"#issuecomment-{mine[0]['id']}")

    # the change grows: the same comment is updated, never a second one
    (repo / "extra.py").write_text('M.from_pretrained("mistralai/Mistral-7B-v0.1")\n')
    run_action(repo, tmp_path, github, comment="true", new_since=base)
    again = [c for c in github.state.comments_on(7) if c["body"].startswith(MARKER)]
    assert [c["id"] for c in again] == [mine[0]["id"]]
    assert "adds or changes 2 models" in again[0]["body"]
    methods = [m for m, p, _ in github.state.log if "/comments" in p]
    assert methods.count("POST") == 1 and methods.count("PATCH") == 1

    # the change no longer adds a model: the comment goes
    (repo / "extra.py").unlink()
    (repo / "scripts" / "serve.sh").unlink()
    code, log, _ = run_action(repo, tmp_path, github, comment="true", new_since=base)
    assert code == 0
    assert [c["body"] for c in github.state.comments_on(7)] == ["LGTM"], log
    assert "deleted comment" in log


def test_comment_on_failure_only_while_the_scan_fails(
    repo: Path, tmp_path: Path, github: FakeGithub
) -> None:
    base = git(repo, "rev-parse", "HEAD")
    (repo / "scripts" / "serve.sh").unlink()  # the change adds nothing that fails
    (repo / "extra.py").write_text('M.from_pretrained("mistralai/Mistral-7B-v0.1")\n')
    code, log, outs = run_action(repo, tmp_path, github, comment="on-failure", new_since=base)
    assert code == 0 and outs["exit-code"] == "0", log
    assert github.state.comments_on(7) == []
    (repo / "bad.py").write_text('M.from_pretrained("facebook/musicgen-small")\n')
    code, log, outs = run_action(repo, tmp_path, github, comment="on-failure", new_since=base)
    assert outs["exit-code"] == "1"
    [c] = github.state.comments_on(7)
    assert c["body"].startswith(MARKER) and "denied" in c["body"]


def test_comment_without_permission_is_a_warning(
    repo: Path, tmp_path: Path, github: FakeGithub
) -> None:
    code, log, outs = run_action(
        repo, tmp_path, github, token=READ_ONLY, comment="true", new_since="none"
    )
    assert code == 0 and outs["exit-code"] == "1"
    assert "::warning title=modeldeps::comment: cannot comment on pull request #7" in log
    assert "pull-requests: write" in log and READ_ONLY not in log
    assert github.state.comments_on(7) == []


def test_a_bad_token_is_reported_not_shown(repo: Path, tmp_path: Path, github: FakeGithub) -> None:
    bogus = "ghs_notaknowntoken000000000000000000"
    _code, log, outs = run_action(
        repo, tmp_path, github, token=bogus, comment="true", dependency_graph="true"
    )
    assert "HTTP 401" in log and bogus not in log
    assert outs["exit-code"] == "1" and outs["dependency-snapshot"] == "failed"


def test_comment_mode_is_checked() -> None:
    from modeldeps.action import build_args

    with pytest.raises(SystemExit, match="'comment' must be one of"):
        build_args({"INPUT_COMMENT": "always"})
    _, reports = build_args({"INPUT_COMMENT": "on-failure"})
    assert reports["comment"].endswith("modeldeps.comment.md")
    _, reports = build_args({})
    assert "comment" not in reports


def test_no_pull_request_no_comment(repo: Path, tmp_path: Path, github: FakeGithub) -> None:
    """On a push there is no pull request: the snapshot goes, no comment is tried."""
    code, log, outs = run_action(
        repo, tmp_path, github, pr=False, comment="true", dependency_graph="true"
    )
    assert code == 0 and outs["dependency-snapshot"] == "submitted", log
    assert [p for _, p, _ in github.state.log if "/comments" in p] == []
    [snap] = github.state.snapshots
    assert snap["sha"] == "d" * 40 and snap["ref"] == "refs/heads/main"


def test_a_scan_that_stops_early_leaves_the_comment_alone(
    repo: Path, tmp_path: Path, github: FakeGithub
) -> None:
    old = github.state.add_comment(7, MARKER + "\nan earlier run's findings")
    (repo / ".modeldeps.yaml").write_text("bogus-key: 1\n")  # exit 2 before any report
    code, log, outs = run_action(repo, tmp_path, github, comment="true", new_since="none")
    assert code == 0 and outs["exit-code"] == "2"
    assert github.state.comments_on(7) == [old]
    assert "left as it was" in log
