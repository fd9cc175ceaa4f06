"""Every Hub body is bounded (D9): endless bodies and gzip bombs, for model info, LICENSE
files and error answers, against the real fake Hub on 127.0.0.1."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from modeldeps.resolve import hub as hubmod
from modeldeps.resolve.hub import HfHubClient, HubSettings
from tests.cli import run_cli, run_proc
from tests.fakehub import FakeHub

LICENSE_MODEL = "fixture-org/other-with-license-file"


def _repo(tmp_path: Path, model_id: str) -> Path:
    (tmp_path / "app.py").write_text(f'm = AutoModel.from_pretrained("{model_id}")\n')
    return tmp_path


def _model(out: str, model_id: str) -> dict[str, object]:
    return next(m for m in json.loads(out)["models"] if m["id"] == model_id)


def _client(hub: FakeHub) -> HfHubClient:
    return HfHubClient(HubSettings(endpoint=hub.url, token=None, timeout=5.0, retries=1))


@pytest.mark.parametrize("kind", ["endless", "gzipbomb"])
def test_model_info_over_the_cap_is_unreachable_with_a_reason(
    fakehub: FakeHub, tmp_path: Path, kind: str
) -> None:
    fakehub.state.add_fault(path="/api/models/gpt2", kind=kind, size=64 << 20)
    start = time.monotonic()
    r = run_cli(["scan", "--no-git", "-f", "json", "--deadline", "20"], _repo(tmp_path, "gpt2"))
    assert time.monotonic() - start < 15
    assert r.code == 3, r.err
    rec = _model(r.out, "gpt2")
    assert rec["status"] == "unreachable"
    assert "larger than 16 MiB" in str(rec["reason"])
    assert fakehub.state.count("/api/models/gpt2") == 1  # over the cap: not retried


def test_endless_model_info_stays_small_in_a_subprocess(fakehub: FakeHub, tmp_path: Path) -> None:
    """The campaign's reproduction: an endless body once took 2.7 GB in 10 s."""
    fakehub.state.add_fault(path="/api/models/gpt2", kind="endless")
    repo = _repo(tmp_path, "gpt2")
    code = (
        "import runpy, sys\n"
        "sys.argv = ['modeldeps', 'scan', '--no-git', '--no-cache', '-f', 'json',"
        " '--deadline', '10', '.']\n"
        "try:\n"
        "    runpy.run_module('modeldeps', run_name='__main__')\n"
        "finally:\n"
        # VmHWM is this process's own peak: ru_maxrss keeps the peak of the process that
        # forked it across exec, so a child of a large pytest worker reported the worker's
        "    hwm = [ln for ln in open('/proc/self/status') if ln.startswith('VmHWM:')]\n"
        "    sys.stderr.write('RSS=%s\\n' % hwm[0].split()[1])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=repo,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 3, proc.stderr
    rss_kib = int(proc.stderr.rsplit("RSS=", 1)[1].split()[0])
    assert rss_kib < 300 * 1024, rss_kib  # 16 MiB cap plus the interpreter, never GBs
    assert "larger than 16 MiB" in _model(proc.stdout, "gpt2")["reason"]  # type: ignore[operator]


def test_a_gzip_answer_under_the_cap_is_read(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.state.add_fault(path="/api/models/gpt2", kind="gzip")
    r = run_cli(["scan", "--no-git", "-f", "json"], _repo(tmp_path, "gpt2"))
    assert r.code == 0, r.out + r.err
    assert _model(r.out, "gpt2")["status"] == "ok"


def test_a_corrupt_gzip_answer_is_malformed(fakehub: FakeHub) -> None:
    fakehub.state.add_fault(path="/api/models/gpt2", kind="badgzip")
    rec = _client(fakehub).model_info("gpt2", None, time.monotonic() + 10)
    assert rec.status == "unreachable"
    assert rec.reason == "malformed answer from the Hub (corrupt compressed body)"


@pytest.mark.parametrize("kind", ["endless", "gzipbomb"])
def test_license_file_over_the_cap_is_a_note_not_a_hash_of_a_prefix(
    fakehub: FakeHub, kind: str
) -> None:
    fakehub.state.add_fault(path=f"/{LICENSE_MODEL}/resolve/", kind=kind, size=8 << 20)
    rec = _client(fakehub).model_info(LICENSE_MODEL, None, time.monotonic() + 20)
    assert rec.status == "ok"
    assert rec.license_file is None
    assert "LICENSE could not be read" in (rec.reason or "")
    assert "larger than 1 MiB" in (rec.reason or "")


@pytest.mark.parametrize("kind", ["endless", "gzipbomb"])
def test_error_bodies_are_bounded_too(fakehub: FakeHub, kind: str) -> None:
    fakehub.state.add_fault(path="/api/models/gpt2", kind=kind, answer=500, size=256 << 20)
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rec = _client(fakehub).model_info("gpt2", None, time.monotonic() + 20)
    assert rec.status == "unreachable"
    assert "500" in (rec.reason or "")
    assert time.monotonic() - start < 15
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown < 200 * 1024  # KiB: the 256 MiB body was never held


@pytest.mark.parametrize(
    ("size", "over"),
    [(100, False), (hubmod.MAX_FILE_BYTES, False), (hubmod.MAX_FILE_BYTES + 1, True)],
)
def test_the_inflated_cap_is_exact(fakehub: FakeHub, size: int, over: bool) -> None:
    """A LICENSE inflating to exactly the cap is read; one byte more is refused."""
    fakehub.state.add_fault(path=f"/{LICENSE_MODEL}/resolve/", kind="gzipbomb", size=size)
    rec = _client(fakehub).model_info(LICENSE_MODEL, None, time.monotonic() + 20)
    assert (rec.license_file is None) is over, (size, rec.reason)
    if not over:
        assert rec.license_file is not None and rec.reason is None


def test_endless_license_in_a_scan_is_reported(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.state.add_fault(path=f"/{LICENSE_MODEL}/resolve/", kind="endless")
    r = run_proc(
        ["scan", "--no-git", "--no-cache", "-f", "json", "--deadline", "20"],
        _repo(tmp_path, LICENSE_MODEL),
    )
    rec = _model(r.out, LICENSE_MODEL)
    assert rec["license_file"] is None
    assert "larger than 1 MiB" in str(rec["reason"])
    assert "Traceback" not in r.err
