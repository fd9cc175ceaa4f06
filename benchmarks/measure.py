"""Run a command and measure its wall time and the peak memory of its process tree.

Memory is the peak of the summed PSS (proportional set size) of the process and
all its descendants, sampled every 20 ms in a run of its own (sampling steals CPU, so
wall time is always taken from a separate, unsampled run): forked workers share pages, and PSS
counts each shared page once in total rather than once per process.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    seconds: float
    peak_mib: float
    returncode: int
    stdout: str
    stderr: str


def _kids_by_scan(pid: int) -> list[int]:
    """Children of ``pid`` found by reading every /proc/N/stat (kernels without
    /proc/PID/task/TID/children)."""
    out: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid == pid:
            out.append(int(entry))
    return out


_HAS_CHILDREN_FILE = os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children")


def _kids(pid: int) -> list[int]:
    if not _HAS_CHILDREN_FILE:
        return _kids_by_scan(pid)
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", encoding="ascii") as fh:
                out.extend(int(x) for x in fh.read().split())
        except OSError:
            continue
    return out


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mib(root: int) -> float:
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss_kib(pid)
        stack.extend(_kids(pid))
    return total / 1024


def run(
    cmd: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    sample: bool = True,
) -> Measurement:
    """Time ``cmd`` in one run and, when ``sample``, take its peak memory in a second run.

    Sampling costs CPU that would otherwise go to the measured process, so the
    two are never taken from the same run.
    """
    timed = _once(cmd, env, cwd, sample=False)
    if not sample or timed.returncode != 0:
        return timed
    sampled = _once(cmd, env, cwd, sample=True)
    return Measurement(
        timed.seconds, sampled.peak_mib, timed.returncode, timed.stdout, timed.stderr
    )


def _once(
    cmd: list[str], env: dict[str, str] | None, cwd: str | None, *, sample: bool
) -> Measurement:
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, text=True
    )
    peak = 0.0
    if sample:
        while proc.poll() is None:
            peak = max(peak, tree_pss_mib(proc.pid))
            time.sleep(0.02)
    out, err = proc.communicate()
    return Measurement(time.perf_counter() - start, peak, proc.returncode, out, err)
