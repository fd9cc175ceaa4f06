"""modeldeps benchmarks: one command runs them all and prints a table.

    python benchmarks/run.py            # full sizes (a few minutes)
    python benchmarks/run.py --quick    # tiny sizes: checks the benchmarks still run
    python benchmarks/run.py scan       # one section

Figures and targets are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from gen import generate_tree
from measure import run

PY = sys.executable
Row = tuple[str, str, str]


def _scan_cmd(path: Path, jobs: int) -> list[str]:
    return [
        PY,
        "-m",
        "modeldeps",
        "scan",
        "--no-resolve",
        "--no-git",
        "-j",
        str(jobs),
        "-f",
        "json",
        str(path),
    ]


def bench_scan(quick: bool, work: Path) -> list[Row]:
    """Full-repository throughput: MB/s and peak memory, one core and two."""
    rows: list[Row] = []
    shapes = [("generated python", "python"), ("real-shaped mix", "mixed")]
    files, size = (400, 4 << 20) if quick else (20_000, 200 << 20)
    for label, mix in shapes:
        tree = work / f"tree-{mix}"
        if not tree.exists():
            generate_tree(tree, files=files, total_bytes=size, mix=mix)
        total = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
        for jobs in (1, 2):
            m = run(_scan_cmd(tree, jobs))
            if m.returncode != 0:
                raise SystemExit(f"scan failed: {m.stderr}")
            summary = json.loads(m.stdout)["summary"]
            mbs = total / (1 << 20) / m.seconds
            rows.append(
                (
                    f"scan {label}, {files} files / {total / (1 << 20):.0f} MiB, -j{jobs}",
                    f"{mbs:.0f} MiB/s, {m.seconds:.2f} s, peak {m.peak_mib:.0f} MiB",
                    f"{summary['references']} refs; target >= 100 MiB/s, < 200 MiB",
                )
            )
    return rows


def bench_resolve(quick: bool, work: Path) -> list[Row]:
    """Resolution against the fake Hub with 50 ms per request: cold, then warm."""
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.fakehub.server import FakeHub, add_synthetic_models, load_fixtures

    rows: list[Row] = []
    latency = 0.05
    jobs = 8  # the default concurrency
    for count in (20,) if quick else (200, 2000):
        state = load_fixtures()
        ids = add_synthetic_models(state, count, prefix=f"bench{count}")
        state.add_fault(path="^/api/", kind="delay", delay=latency)
        repo = work / f"resolve-{count}"
        repo.mkdir(exist_ok=True)
        (repo / "models.py").write_text("".join(f'AutoModel.from_pretrained("{m}")\n' for m in ids))
        cache = work / f"cache-{count}"
        hub = FakeHub(state).start()
        try:
            env = {
                **os.environ,
                "HF_ENDPOINT": hub.url,
                "HF_HUB_DISABLE_TELEMETRY": "1",
                "MODELDEPS_CACHE_DIR": str(cache),
                "HF_HOME": str(work / "hf"),
            }
            env.pop("HF_TOKEN", None)
            cmd = [
                PY,
                "-m",
                "modeldeps",
                "scan",
                "--no-git",
                "--no-lock",
                "-f",
                "json",
                "--deadline",
                "600",
                str(repo),
            ]
            cold = run(cmd, env=env, sample=False)
            requests = state.count("/api/")
            state.reset_traffic()
            warm = run(cmd, env=env, sample=False)
            warm_requests = state.count()
        finally:
            hub.stop()
        if cold.returncode != 0:
            raise SystemExit(f"resolve failed: {cold.stderr}")
        ideal = requests * latency / jobs
        rows.append(
            (
                f"resolve {count} models cold, 50 ms/request, {jobs} workers",
                f"{cold.seconds:.2f} s vs ideal {ideal:.2f} s ({cold.seconds / ideal:.2f}x)",
                f"{requests} requests; target <= 1.5x ideal",
            )
        )
        rows.append(
            (
                f"resolve {count} models warm (cache)",
                f"{warm.seconds:.2f} s, {warm_requests} requests",
                "target 0 requests",
            )
        )
    return rows


SECTIONS: dict[str, Callable[[bool, Path], list[Row]]] = {
    "scan": bench_scan,
    "resolve": bench_resolve,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sections", nargs="*", choices=[[], *SECTIONS], default=[])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--keep", metavar="DIR", help="generate trees here and keep them")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="modeldeps-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env_note = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    rows: list[Row] = []
    try:
        for name in args.sections or list(SECTIONS):
            rows.extend(SECTIONS[name](args.quick, work))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    width = max(len(r[0]) for r in rows)
    print(f"modeldeps benchmarks ({env_note}{', quick' if args.quick else ''})")
    for name, figure, note in rows:
        print(f"{name:<{width}}  {figure}  ({note})")


if __name__ == "__main__":
    main()
