"""Every flag, environment and config value out of bounds is a one-line usage error, exit 2
(D21, D25): never a traceback, an OverflowError or a run without a deadline."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modeldeps.errors import UsageError
from modeldeps.options import MAX_SECONDS, check_seconds, parse_size
from tests.cli import run_cli, run_proc

BAD_FLAGS = [
    (["--exclude", "[!]"], "empty character class"),
    (["--exclude", "[]"], "empty character class"),
    (["--exclude", "[z-a]"], "reversed range"),
    (["--max-file-size", "99999999999999999999999"], "at most"),
    (["--max-file-size", "9" * 300 + "MiB"], "at most"),
    (["--max-file-size", "100000000000"], "at most"),
    (["--max-file-size", "0"], "positive"),
    (["--deadline", "nan"], "finite"),
    (["--deadline", "inf"], "finite"),
    (["--deadline", "-inf"], "finite"),
    (["--deadline", "1e308"], "at most"),
    (["--deadline", "0"], "more than 0"),
    (["--timeout", "nan"], "finite"),
    (["--timeout", "inf"], "finite"),
    (["--timeout", "-1"], "more than 0"),
    (["--jobs", "100000"], "from 0 to"),
]


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "a.py").write_text('AutoModel.from_pretrained("gpt2")\n')
    return tmp_path


@pytest.mark.parametrize(("args", "message"), BAD_FLAGS)
def test_bad_flag_is_a_one_line_usage_error(tmp_path: Path, args: list[str], message: str) -> None:
    r = run_cli(["scan", "--offline", "--no-git", *args, "."], _repo(tmp_path))
    assert r.code == 2, (args, r.out, r.err)
    lines = [ln for ln in r.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and message in lines[0], r.err
    assert "Traceback" not in r.err


@pytest.mark.parametrize(
    ("var", "value"),
    [("MODELDEPS_DEADLINE", "nan"), ("MODELDEPS_TIMEOUT", "inf"), ("MODELDEPS_JOBS", "999999")],
)
def test_bad_environment_value_is_a_usage_error(tmp_path: Path, var: str, value: str) -> None:
    r = run_proc(["scan", "--offline", "--no-git", "."], _repo(tmp_path), env={var: value})
    assert r.code == 2, r.err
    assert "Traceback" not in r.err and len(r.err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("exclude: ['[!]']\n", ".modeldeps.yaml:1: 'exclude': '[!]': empty character class"),
        ("include: ['[z-a]']\n", ".modeldeps.yaml:1: 'include': '[z-a]': reversed range"),
        ("ignore:\n  paths: ['[]']\n", ".modeldeps.yaml:2: 'ignore.paths': '[]': empty"),
        ("max-file-size: 9999999999999999999999\n", "'max-file-size' must be at most"),
        ("max-file-size: '1e400'\n", "not a size"),
        ("jobs: 100000\n", "'jobs' must be from 0 to 256"),
    ],
)
def test_bad_config_value_is_a_config_error(tmp_path: Path, config: str, message: str) -> None:
    repo = _repo(tmp_path)
    (repo / ".modeldeps.yaml").write_text(config)
    r = run_cli(["scan", "--offline", "--no-git", "."], repo)
    assert r.code == 2, (config, r.out, r.err)
    assert message in r.err, r.err
    assert "Traceback" not in r.err


def test_toml_config_is_bounded_too(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "pyproject.toml").write_text(
        "[tool.modeldeps]\nmax-file-size = 9999999999999999999999\n"
    )
    r = run_cli(["scan", "--offline", "--no-git", "."], repo)
    assert r.code == 2 and "max-file-size" in r.err, r.err


def test_bad_exception_path_glob_is_a_policy_error(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "policy.yaml").write_text(
        "extends: commercial\nexceptions:\n  - model: gpt2\n    reason: ok\n    paths: ['[z-a]']\n"
    )
    r = run_cli(["scan", "--offline", "--no-git", "--policy", "policy.yaml", "."], repo)
    assert r.code == 2, r.out + r.err
    assert "reversed range" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize("args", [["--deadline", "nan"], ["--exclude", "[!]"]])
def test_the_hook_refuses_them_too(tmp_path: Path, args: list[str]) -> None:
    code = "import sys; from modeldeps.hook import main; sys.argv = ['modeldeps-hook', *sys.argv[1:]]; main()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "--offline", *args, "--", "a.py"],
        cwd=_repo(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30)))
def test_check_seconds_accepts_only_finite_positive_bounded(value: float | str) -> None:
    try:
        seconds = check_seconds("--deadline", value)
    except UsageError as exc:
        assert "--deadline" in str(exc.message if hasattr(exc, "message") else exc)
        return
    assert math.isfinite(seconds) and 0 < seconds <= MAX_SECONDS


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=-(10**40), max_value=10**40),
        st.from_regex(r"\A\s*\d{1,400}(\.\d{1,5})?\s*([kKmMgG]i?[bB]?)?\s*\Z"),
        st.text(max_size=20),
    )
)
def test_parse_size_never_overflows(value: int | str) -> None:
    try:
        size = parse_size(value)
    except ValueError:
        return
    assert 0 < size <= 1 << 30
