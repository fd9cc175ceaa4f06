"""The composite GitHub Action: metadata schema, injection safety, steps run like a runner."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from modeldeps.action import build_args
from tests.fakehub import FakeHub

ROOT = Path(__file__).parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
_EXPR = re.compile(r"\$\{\{\s*(.+?)\s*\}\}")


def test_action_metadata_matches_the_actions_schema() -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-actions",
            str(ROOT / "action.yml"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_inputs_reach_the_shell_only_through_env() -> None:
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step


def test_build_args() -> None:
    args, reports = build_args(
        {
            "INPUT_PATHS": "src\nconfigs",
            "INPUT_POLICY": "research",
            "INPUT_FAIL_ON": "warning",
            "INPUT_OFFLINE": "true",
            "INPUT_FORMATS": "cyclonedx",
            "GITHUB_BASE_REF": "main",
        }
    )
    assert args[0] == "scan" and args[-3:] == ["--", "src", "configs"]
    assert "--offline" in args and args[args.index("--policy") + 1] == "research"
    assert args[args.index("--new-since") + 1] == "origin/main"
    assert reports["cyclonedx"].endswith("modeldeps.cdx.json")
    assert args[-5:-3] == ["--new-since", "origin/main"]
    args, _ = build_args({"INPUT_NEW_SINCE": "none", "GITHUB_BASE_REF": "main"})
    assert "--new-since" not in args
    with pytest.raises(SystemExit):
        build_args({"INPUT_FORMATS": "pdf"})


def _run_steps(workdir: Path, inputs: dict[str, str], env: dict[str, str]) -> tuple[int, str]:
    """Execute the action's run: steps as the runner would (the install step excepted:
    modeldeps is already installed here)."""
    defaults = {k: str(v.get("default", "")) for k, v in ACTION["inputs"].items()}
    values = {**defaults, **inputs}
    outputs: dict[str, str] = {}
    log = ""
    code = 0
    for step in ACTION["runs"]["steps"]:
        if "run" not in step or step["name"] == "Install modeldeps":
            continue

        def sub(m: re.Match[str]) -> str:
            expr = m.group(1)
            if expr.startswith("inputs."):
                # an input's default may be an expression too (github-token)
                return _EXPR.sub(sub, values[expr[len("inputs.") :]])
            if expr.startswith("steps.scan.outputs."):
                return outputs.get(expr.rsplit(".", 1)[1], "")
            if expr == "github.action_path":
                return str(ROOT)
            if expr == "github.token":
                return env.get("GITHUB_TOKEN", "")
            raise AssertionError(f"unexpected expression {expr}")

        step_env = {**env, **{k: _EXPR.sub(sub, str(v)) for k, v in step.get("env", {}).items()}}
        proc = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=workdir,
            env=step_env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        log += proc.stdout + proc.stderr
        code = proc.returncode
        for line in Path(env["GITHUB_OUTPUT"]).read_text().splitlines():
            k, _, v = line.partition("=")
            outputs[k] = v
        if code != 0:
            break
    return code, log


@pytest.mark.slow
def test_action_steps_like_a_runner(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "src").mkdir(parents=True)
    (repo / "src" / "app.py").write_text(
        'A.from_pretrained("facebook/musicgen-small")\n'
        'B.from_pretrained("mistralai/Mistral-7B-v0.1")\n'
    )
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.touch()
    output.touch()
    env = {
        **os.environ,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_WORKSPACE": str(repo),
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    }
    # python3 on PATH must be the one with modeldeps installed
    (tmp_path / "bin").mkdir()
    wrapper = tmp_path / "bin" / "python3"  # a symlink would lose the virtualenv
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    env["PATH"] = str(tmp_path / "bin") + os.pathsep + env["PATH"]
    code, log = _run_steps(repo, {"formats": "json cyclonedx", "new-since": "none"}, env)
    assert code == 1, log  # the last step exits with the scan's code
    assert "::error file=src/app.py,line=1,col=20,title=modeldeps license-denied" in log
    assert summary.read_text().startswith("## modeldeps: 1 denied")
    outs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outs["exit-code"] == "1" and outs["errors"] == "1"
    assert outs["sarif-file"] == "modeldeps-reports/modeldeps.sarif"
    for name in ("modeldeps.sarif", "summary.md", "report.json", "modeldeps.cdx.json"):
        assert (repo / "modeldeps-reports" / name).is_file(), name


SENTINEL = "hf_SENTINEL_abc123"


def _action(repo: Path, tmp_path: Path, **inputs: str) -> tuple[int, str, dict[str, str]]:
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("")
    output.write_text("")
    env = {
        **os.environ,
        "HF_TOKEN": SENTINEL,
        "HF_ENDPOINT": "http://127.0.0.1:9",  # nothing listens: offline inputs never ask
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_WORKSPACE": str(repo),
        "RUNNER_TEMP": str(tmp_path),
        "MODELDEPS_CACHE_DIR": str(tmp_path / "cache"),
        **{f"INPUT_{k.upper()}": v for k, v in inputs.items()},
    }
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
    return proc.returncode, summary.read_text(errors="replace") + proc.stdout, outs


def _repo(tmp_path: Path, *, bad_config: bool = False) -> Path:
    repo = tmp_path / "repo"
    (repo / "modeldeps-reports").mkdir(parents=True)
    (repo / "a.py").write_text('AutoModel.from_pretrained("gpt2")\n')
    if bad_config:
        (repo / ".modeldeps.yaml").write_text("bogus-key: 1\n")
    return repo


def test_a_linked_summary_never_reaches_the_job_summary(tmp_path: Path) -> None:
    """Regression (D2): the summary link to /proc/self/environ leaked HF_TOKEN."""
    repo = _repo(tmp_path, bad_config=True)
    os.symlink("/proc/self/environ", repo / "modeldeps-reports" / "summary.md")
    code, text, outs = _action(repo, tmp_path, offline="true")
    assert code == 0 and outs["exit-code"] == "2"
    assert SENTINEL not in text and "before writing its summary" in text


def test_a_linked_report_never_overwrites_its_target(tmp_path: Path) -> None:
    """Regression (D2): report.json -> victim replaced the victim with the report."""
    repo = _repo(tmp_path)
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    os.symlink(victim, repo / "modeldeps-reports" / "report.json")
    _code, _text, outs = _action(repo, tmp_path, offline="true")
    assert victim.read_text() == "precious\n"
    report = repo / "modeldeps-reports" / "report.json"
    assert not report.is_symlink() and json.loads(report.read_text())["schema"]
    assert outs["sarif-file"] == "modeldeps-reports/modeldeps.sarif"


def test_a_linked_output_directory_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.py").write_text("x = 1\n")
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, repo / "modeldeps-reports")
    code, text, outs = _action(repo, tmp_path, offline="true")
    assert code == 0 and outs["exit-code"] == "2" and outs["sarif-file"] == ""
    assert list(outside.iterdir()) == []
    assert "modeldeps-reports is a symbolic link" in text
    for bad in ("../elsewhere", "/tmp/reports"):
        code, text, outs = _action(repo, tmp_path, offline="true", output_dir=bad)
        assert outs["exit-code"] == "2" and "not inside the workspace" in text


def test_a_committed_sarif_is_never_uploaded_as_ours(tmp_path: Path) -> None:
    repo = _repo(tmp_path, bad_config=True)  # the scan stops before writing any report
    (repo / "modeldeps-reports" / "modeldeps.sarif").write_text('{"forged": true}\n')
    _code, _text, outs = _action(repo, tmp_path, offline="true")
    assert outs["exit-code"] == "2" and outs["sarif-file"] == ""
    assert not (repo / "modeldeps-reports" / "modeldeps.sarif").exists()


REPORT_NAMES = [
    "modeldeps.sarif",
    "summary.md",
    "report.json",
    "modeldeps.cdx.json",
    "modeldeps.txt",
]


@pytest.mark.parametrize("name", REPORT_NAMES)
@pytest.mark.parametrize("kind", ["secret-file", "directory", "dangling", "fifo"])
def test_no_report_name_follows_a_planted_file(tmp_path: Path, name: str, kind: str) -> None:
    """Every report the action writes or reads, against every planted special name."""
    repo = _repo(tmp_path)
    secret = tmp_path / "secret"
    secret.write_text(f"HF_TOKEN={SENTINEL}\n")
    target = repo / "modeldeps-reports" / name
    if kind == "secret-file":
        os.symlink(secret, target)
    elif kind == "directory":
        os.symlink(tmp_path, target)
    elif kind == "dangling":
        os.symlink(tmp_path / "created-outside", target)
    else:
        os.mkfifo(target)
    code, text, outs = _action(repo, tmp_path, offline="true", formats="cyclonedx text")
    assert code == 0 and SENTINEL not in text
    assert secret.read_text() == f"HF_TOKEN={SENTINEL}\n"
    # nothing created outside the workspace, and the private report directory is gone
    assert {p.name for p in tmp_path.iterdir()} <= {
        "repo",
        "secret",
        "summary.md",
        "output.txt",
        "cache",
    }
    assert target.is_file() and not target.is_symlink(), outs


@pytest.mark.slow
def test_github_inputs_step_by_step(tmp_path: Path) -> None:
    """The new inputs through action.yml's own steps, against the fake GitHub API."""
    import shutil

    from tests.fakegithub import running

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "examples" / "demo", repo)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 3, "head": {"sha": "e" * 40}}}))
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.touch()
    output.touch()
    (tmp_path / "bin").mkdir()
    wrapper = tmp_path / "bin" / "python3"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    wrapper.chmod(0o755)
    token = "ghs_stepbysteptoken0123456789abcdef"
    with running() as github:
        github.state.tokens[token] = {"contents", "pull-requests"}
        env = {
            **os.environ,
            "PATH": str(tmp_path / "bin") + os.pathsep + os.environ["PATH"],
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_WORKSPACE": str(repo),
            "GITHUB_API_URL": github.url,
            "GITHUB_REPOSITORY": "octo/demo",
            "GITHUB_EVENT_PATH": str(event),
            "GITHUB_SHA": "f" * 40,
            "GITHUB_REF": "refs/pull/3/merge",
            "GITHUB_TOKEN": token,  # what ${{ github.token }} gives the default input
            "MODELDEPS_CACHE_DIR": str(tmp_path / "cache"),
        }
        inputs = {
            "offline": "true",
            "new-since": "none",
            "comment": "true",
            "dependency-graph": "true",
            "upload-sarif": "false",
        }
        code, log = _run_steps(repo, inputs, env)
        assert code == 1, log  # the scan's verdict, after the comment and the snapshot
        outs = dict(line.split("=", 1) for line in output.read_text().splitlines())
        assert outs["dependency-snapshot"] == "submitted", log
        [snap] = github.state.snapshots
        assert snap["sha"] == "e" * 40 and github.state.rejected == []
        [comment] = github.state.comments_on(3)
        assert outs["comment-url"] == comment["html_url"]
        assert "```mermaid" in summary.read_text()  # the step summary draws the lineage
        assert token not in log
        auth = {scheme for _, _, scheme in github.state.log}
        assert auth == {"Bearer"}
