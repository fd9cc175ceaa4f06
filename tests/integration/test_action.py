"""The composite GitHub Action: metadata schema, injection safety, steps run like a runner."""

from __future__ import annotations

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
    assert args[:3] == ["scan", "src", "configs"]
    assert "--offline" in args and args[args.index("--policy") + 1] == "research"
    assert args[args.index("--new-since") + 1] == "origin/main"
    assert reports["cyclonedx"].endswith("modeldeps.cdx.json")
    assert args[-len(["--new-since", "origin/main"]) :] == ["--new-since", "origin/main"]
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
                return values[expr[len("inputs.") :]]
            if expr.startswith("steps.scan.outputs."):
                return outputs.get(expr.rsplit(".", 1)[1], "")
            if expr == "github.action_path":
                return str(ROOT)
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
