"""Ctrl-C during parallel extraction takes effect within a second (D28): a real process
group gets a real SIGINT, as a terminal sends it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from modeldeps.extract.scanner import PARALLEL_MIN_FILES


def _tree(root: Path, files: int) -> None:
    body = "".join(
        f'm{i} = AutoModel.from_pretrained("org{i % 50}/model-{i}")\n'
        f'x{i} = compute({i}, "text value {i}")\n'
        for i in range(400)
    )
    for n in range(files):
        d = root / f"pkg{n // 100}"
        d.mkdir(exist_ok=True)
        (d / f"m{n}.py").write_text("from transformers import AutoModel\n" + body)


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
@pytest.mark.parametrize("after", [1.0, 2.5])
def test_sigint_during_parallel_extraction_stops_within_a_second(
    tmp_path: Path, after: float
) -> None:
    _tree(tmp_path, PARALLEL_MIN_FILES + 50)
    proc = subprocess.Popen(
        [sys.executable, "-m", "modeldeps", "scan", "--no-resolve", "--no-git", "-j", "2", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a terminal job
    )
    try:
        time.sleep(after)
        assert proc.poll() is None, "the scan ended before it could be interrupted"
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, err
    assert took < 1.0, took
    assert err.strip() == "Interrupted.", err  # no traceback, from the workers either
    time.sleep(0.2)
    leftover = subprocess.run(
        ["pgrep", "-g", str(proc.pid)], capture_output=True, text=True, check=False
    )
    assert leftover.stdout.strip() == "", "worker processes outlived the interrupt"
