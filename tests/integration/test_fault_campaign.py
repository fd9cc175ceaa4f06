"""Fault campaign: a 200-model scan with random faults on every endpoint.

Whatever fails, the run ends within its deadline, every model is resolved or
has an honest status, the cache holds only complete, cacheable entries, the
exit code follows the policy, and nothing is reported twice or lost.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.fakehub.server import VALID_TOKEN, FakeHub, add_synthetic_models, load_fixtures

pytestmark = pytest.mark.slow
HONEST = {"ok", "unreachable", "rate-limited", "not-found"}
PY = [sys.executable, "-m", "modeldeps"]


def _env(hub: FakeHub, cache: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "HF_ENDPOINT": hub.url,
        "MODELDEPS_CACHE_DIR": str(cache),
        "HF_HUB_DISABLE_TELEMETRY": "1",
    }
    env.pop("HF_TOKEN", None)
    return env


ENTRY = re.compile(r"[0-9a-f]{64}\.json")


def _check_cache(cache: Path, *, strays: int = 0) -> int:
    """Every entry is complete and cacheable; the number of entries.

    ``strays``: how many temporary files (a killed writer's) may be there; they
    are never entries.
    """
    records = cache / "records"
    files = list(records.iterdir()) if records.exists() else []
    temporary = [f for f in files if f.name.startswith(".tmp-")]
    assert len(temporary) == strays, temporary
    entries = [f for f in files if ENTRY.fullmatch(f.name)]
    assert len(entries) + len(temporary) == len(files), files
    for f in entries:
        doc = json.loads(f.read_text())
        assert doc["schema"] == "modeldeps.cache/1"
        assert doc["record"]["status"] in {
            "ok",
            "not-found",
            "gated",
            "unauthorized",
            "revision-not-found",
            "invalid-id",
        }, doc
    return len(entries)


def test_random_faults_on_every_endpoint(tmp_path: Path) -> None:
    rng = random.Random(20261122)
    state = load_fixtures()
    ids = add_synthetic_models(state, 190, prefix="camp")
    ids += [
        "fixture-org/other-with-license-file",
        "huggyllama/llama-7b",
        "facebook/opt-66b",
        "stabilityai/stable-diffusion-3.5-large",
        "fixture-org/adapter-lora",
        "fixture-org/merge-7b",
        "gpt2",
        "old-org/renamed-model",
        "cycle-org/a",
        "nope-org/missing",
    ]
    doomed: dict[str, str] = {}
    # Redirected ids are answered with a redirect before any body fault could apply.
    faultable = [m for m in ids if m not in state.redirects]
    for model in rng.sample(faultable, 60):
        kind = rng.choice(
            [
                "503",
                "500-first",
                "429",
                "429-first",
                "hang",
                "malformed",
                "malformed-first",
                "truncate",
                "delay",
                "license-500",
            ]
        )
        path = f"/api/models/{model}/revision/main$"
        if kind == "503":
            state.add_fault(path=path, kind="status", status=503)
            doomed[model] = "unreachable"
        elif kind == "500-first":
            state.add_fault(path=path, kind="status", status=500, first_n=rng.randint(1, 3))
        elif kind == "429":
            state.add_fault(path=path, kind="status", status=429, retry_after=0)
            doomed[model] = "rate-limited"
        elif kind == "429-first":
            state.add_fault(path=path, kind="status", status=429, retry_after=0.1, first_n=2)
        elif kind == "hang" and sum(v == "hang" for v in doomed.values()) < 3:
            state.add_fault(path=path, kind="hang")
            doomed[model] = "hang"
        elif kind in ("malformed", "truncate"):
            state.add_fault(path=path, kind=kind)
            doomed[model] = "unreachable"
        elif kind == "malformed-first":
            state.add_fault(path=path, kind="malformed", first_n=1)
        elif kind == "delay":
            state.add_fault(path=path, kind="delay", delay=0.3)
        else:  # the LICENSE download fails; the record must still be honest
            state.add_fault(path=f"/{model}/resolve/", kind="status", status=500)
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "models.py").write_text("".join(f'A.from_pretrained("{m}")\n' for m in ids))
    cache = tmp_path / "cache"
    hub = FakeHub(state).start()
    try:
        deadline = 12

        def scan() -> subprocess.CompletedProcess[str]:
            cmd = [
                *PY,
                "scan",
                "--no-git",
                "-f",
                "json",
                "--timeout",
                "1",
                "--deadline",
                str(deadline),
                str(repo),
            ]
            # Authenticated, so 8 workers ask (anonymous runs use 4): the deadline is sized
            # for that concurrency.
            env = {**_env(hub, cache), "HF_TOKEN": VALID_TOKEN}
            return subprocess.run(
                cmd, env=env, capture_output=True, text=True, timeout=120, check=False
            )

        start = time.monotonic()
        proc = scan()
        elapsed = time.monotonic() - start
        assert "Traceback" not in proc.stderr
        assert elapsed < deadline + 15, elapsed
        doc = json.loads(proc.stdout)
        keys = [(m["id"], m["revision"]) for m in doc["models"]]
        assert len(keys) == len(set(keys)), "a model reported twice"
        assert len(doc["references"]) == len(ids)
        status = {m["id"]: m["status"] for m in doc["models"]}
        assert set(ids) <= set(status), "a model was lost"
        assert set(status.values()) <= HONEST, set(status.values())
        for model, fate in doomed.items():
            expected = "unreachable" if fate == "hang" else fate
            assert status[model] == expected, (model, fate, status[model])
        failing = any(s != "ok" for s in status.values())
        assert proc.returncode in (3 if failing else 0, 1), proc.stderr
        n_cached = _check_cache(cache)
        assert n_cached >= sum(1 for s in status.values() if s == "ok") - 5

        # Second run: cached answers are reused, failures are asked again, nothing cached twice.
        state.reset_traffic()
        again = scan()
        asked = {p for _m, p, _a in state.requests if p.startswith("/api/models/")}
        for model, s in status.items():
            if s == "ok" and model in ids and model not in ("gpt2", "old-org/renamed-model"):
                assert f"/api/models/{model}" not in asked, model
        assert json.loads(again.stdout)["summary"]["references"] == len(ids)
        _check_cache(cache)
    finally:
        hub.stop()


@pytest.mark.parametrize("n", [2, 4])
def test_concurrent_scans_on_one_cache(tmp_path: Path, n: int) -> None:
    state = load_fixtures()
    ids = add_synthetic_models(state, 60, prefix=f"conc{n}")
    state.add_fault(path="^/api/", kind="delay", delay=0.02)
    (tmp_path / "m.py").write_text("".join(f'A.from_pretrained("{m}")\n' for m in ids))
    cache = tmp_path / "cache"
    hub = FakeHub(state).start()
    try:
        procs = [
            subprocess.Popen(
                [*PY, "scan", "--no-git", "-f", "json", str(tmp_path)],
                env=_env(hub, cache),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(n)
        ]
        outs = [p.communicate(timeout=120) for p in procs]
        assert all(p.returncode == 0 for p in procs), [e for _o, e in outs]
        shas = [{m["id"]: m["sha"] for m in json.loads(o)["models"]} for o, _e in outs]
        assert all(s == shas[0] for s in shas)
        assert _check_cache(cache) == len(ids)
    finally:
        hub.stop()


def test_a_scan_killed_half_way_leaves_the_cache_usable(tmp_path: Path) -> None:
    """SIGKILL mid-run: complete entries only; a killed writer's temporary file is no entry.

    Deterministic: the first 30 models answer and the other 90 hang, so the scan is
    killed exactly when it has cached 30 entries and can cache no more. Whether a
    SIGKILL lands inside a write is timing, so the temporary files such a kill
    leaves are planted as it leaves them (one an hour old, one fresh).
    """
    state = load_fixtures()
    fast = add_synthetic_models(state, 30, prefix="kill-fast")
    slow = add_synthetic_models(state, 90, prefix="kill-slow")
    state.add_fault(path="^/api/models/kill-slow-org/", kind="hang")
    ids = fast + slow
    (tmp_path / "m.py").write_text("".join(f'A.from_pretrained("{m}")\n' for m in ids))
    cache = tmp_path / "cache"
    records = cache / "records"
    hub = FakeHub(state).start()
    try:
        proc = subprocess.Popen(
            [*PY, "scan", "--no-git", "-j", "4", str(tmp_path)],
            env=_env(hub, cache),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 50  # the scan's own deadline is 60 s
        while time.monotonic() < deadline:
            if (
                records.exists()
                and len([n for n in os.listdir(records) if ENTRY.fullmatch(n)]) == 30
            ):
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the scan ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        old, fresh = records / ".tmp-killed.part", records / ".tmp-writing.part"
        for stray in (old, fresh):
            stray.write_text('{"schema": "modeldeps.cache/1", "rec')  # half a write
        hour_ago = time.time() - 3600
        os.utime(old, (hour_ago, hour_ago))
        assert _check_cache(cache, strays=2) == 30

        state.reset_traffic()  # the Hub answers everything now
        r = subprocess.run(
            [*PY, "scan", "--no-git", "-f", "json", str(tmp_path)],
            env=_env(hub, cache),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert r.returncode == 0, r.stderr
        assert {m["status"] for m in json.loads(r.stdout)["models"]} == {"ok"}
        asked = {p for _m, p, _a in state.requests if p.startswith("/api/models/")}
        assert not any(p.startswith("/api/models/kill-fast-org/") for p in asked)
        # The dead writer's file is swept by the next write; a fresh one may be a live
        # writer's and stays, never counted; `cache clear` removes it.
        assert not old.exists() and fresh.exists()
        assert _check_cache(cache, strays=1) == len(ids)
        r = subprocess.run(
            [*PY, "cache", "clear"],
            env=_env(hub, cache),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert r.returncode == 0 and f"removed {len(ids)} cached records" in r.stdout, r.stdout
        assert os.listdir(records) == []
    finally:
        hub.stop()
