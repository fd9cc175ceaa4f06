"""Run the CLI in-process (CliRunner) or as a subprocess, for integration tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from modeldeps.cli import cli


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(args: list[str], cwd: Path) -> Run:
    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    return Run(res.exit_code, res.stdout, res.stderr)


def run_proc(
    args: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 120
) -> Run:
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "modeldeps", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)
