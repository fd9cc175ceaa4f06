"""Hub faults: retries, Retry-After, hangs, bad bodies; nothing cached that should not be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli import run_cli, run_proc
from tests.fakehub import VALID_TOKEN, FakeHub


@pytest.fixture
def fakehub(anyhub: FakeHub) -> FakeHub:
    """Every test here runs against huggingface.co's answers and an Artifactory remote's."""
    return anyhub


def _repo(tmp_path: Path, *ids: str) -> Path:
    (tmp_path / "app.py").write_text(
        "\n".join(f'm{i} = AutoModel.from_pretrained("{m}")' for i, m in enumerate(ids)) + "\n"
    )
    return tmp_path


def _status(out: str, model_id: str) -> dict[str, object]:
    return next(m for m in json.loads(out)["models"] if m["id"] == model_id)


def _cache_files() -> list[Path]:
    root = Path(os.environ["MODELDEPS_CACHE_DIR"]) / "records"
    return sorted(root.glob("*")) if root.exists() else []


def test_5xx_then_success(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.state.add_fault(path="/api/models/gpt2", kind="status", status=503, first_n=2)
    r = run_cli(["scan", "--no-git", "-f", "json"], _repo(tmp_path, "gpt2"))
    assert r.code == 0
    assert _status(r.out, "gpt2")["status"] == "ok"
    # a mirror refuses ``expand`` once more before answering without it
    assert fakehub.state.count("/api/models/gpt2") == (3 if fakehub.state.mode == "hub" else 4)


def test_429_honours_retry_after(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.state.add_fault(
        path="/api/models/gpt2", kind="status", status=429, retry_after=0.6, first_n=1
    )
    start = time.monotonic()
    r = run_cli(["scan", "--no-git", "-f", "json"], _repo(tmp_path, "gpt2"))
    assert r.code == 0 and _status(r.out, "gpt2")["status"] == "ok"
    assert time.monotonic() - start >= 0.6


def test_persistent_429_is_rate_limited_and_not_cached(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.state.add_fault(path="/api/models/gpt2", kind="status", status=429, retry_after=0)
    r = run_cli(["scan", "--no-git", "-f", "json"], _repo(tmp_path, "gpt2"))
    assert r.code == 3
    rec = _status(r.out, "gpt2")
    assert rec["status"] == "rate-limited"
    assert fakehub.state.count("/api/models/gpt2") == 4  # first try + 3 retries
    assert _cache_files() == []


def test_hung_hub_ends_within_the_deadline(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.state.add_fault(path="/api/models/fixture-org/base-7b", kind="hang")
    repo = _repo(tmp_path, "fixture-org/finetune-7b", "gpt2")
    start = time.monotonic()
    r = run_proc(["scan", "--no-git", "-f", "json", "--timeout", "0.5", "--deadline", "3"], repo)
    elapsed = time.monotonic() - start
    assert r.code == 3, r.err
    assert elapsed < 10
    assert _status(r.out, "fixture-org/base-7b")["status"] == "unreachable"
    assert _status(r.out, "gpt2")["status"] == "ok"
    assert "Traceback" not in r.err


@pytest.mark.parametrize("kind", ["malformed", "truncate"])
def test_bad_bodies_are_retried_then_reported(fakehub: FakeHub, tmp_path: Path, kind: str) -> None:
    fakehub.state.add_fault(path="/api/models/gpt2", kind=kind, first_n=1)
    r = run_cli(["scan", "--no-git", "-f", "json"], _repo(tmp_path, "gpt2"))
    assert r.code == 0 and _status(r.out, "gpt2")["status"] == "ok"

    fakehub.state.reset_traffic()
    fakehub.state.add_fault(path="/api/models/fixture-org/base-7b", kind=kind)
    r = run_cli(
        ["scan", "--no-git", "-f", "json", "--no-cache"], _repo(tmp_path, "fixture-org/base-7b")
    )
    assert r.code == 3
    rec = _status(r.out, "fixture-org/base-7b")
    assert rec["status"] == "unreachable"


def test_unreachable_hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    start = time.monotonic()
    r = run_cli(["scan", "--no-git", "-f", "json", "--deadline", "5"], _repo(tmp_path, "gpt2"))
    assert r.code == 3 and _status(r.out, "gpt2")["status"] == "unreachable"
    assert time.monotonic() - start < 8
    assert _cache_files() == []


def test_license_file_fault_keeps_the_record(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.state.add_fault(path="/resolve/", kind="status", status=500)
    r = run_cli(
        ["scan", "--no-git", "-f", "json"], _repo(tmp_path, "fixture-org/other-with-license-file")
    )
    rec = _status(r.out, "fixture-org/other-with-license-file")
    assert rec["status"] == "ok" and rec["license_file"] is None
    assert "LICENSE could not be read" in str(rec["reason"])


def test_token_never_leaks(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sentinel token reaches the Hub but no output, report, cache file or lockfile."""
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    repo = _repo(
        tmp_path / "r" if (tmp_path / "r").mkdir() is None else tmp_path,
        "fixture-org/private-model",
        "fixture-org/other-with-license-file",
        "fixture-org/does-not-exist",
    )
    fakehub.state.add_fault(path="/api/models/gpt2", kind="status", status=500)
    outputs = []
    for args in (
        ["scan", "--no-git", "-f", "json", "-o", "r.json", "-f", "text", "-v"],
        ["lock", "--no-git"],
        ["lock", "--no-git", "--check"],
        ["scan", "--no-git", "--offline"],
        ["scan", "--no-git", "--lock", "nope.lock"],
    ):
        r = run_proc(args, repo)
        outputs += [r.out, r.err]
    # the pre-commit entry point, on the fast path and handed to the CLI
    for hook_args in (["app.py"], ["--no-cache", "app.py"], ["-v", "app.py"]):
        proc = subprocess.run(
            [sys.executable, "-c", "from modeldeps.hook import main; main()", *hook_args],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode in (1, 3), proc.stderr
        outputs += [proc.stdout, proc.stderr]
    assert any(auth for _m, _p, auth in fakehub.state.requests)  # the token was sent
    files = [
        p
        for p in [*repo.rglob("*"), *Path(os.environ["MODELDEPS_CACHE_DIR"]).rglob("*")]
        if p.is_file()
    ]
    assert any(p.name == "modeldeps.lock" for p in files)
    for text in outputs + [p.read_text(errors="replace") for p in files]:
        assert VALID_TOKEN not in text
