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
import re
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
    shapes = [
        ("generated python", "python"),
        ("real-shaped mix", "mixed"),
        ("ML codebase (model words everywhere, 1% ids)", "ml"),
    ]
    files, size = (400, 4 << 20) if quick else (20_000, 200 << 20)
    for label, mix in shapes:
        tree = work / f"tree-{mix}"
        if not tree.exists():
            generate_tree(tree, files=files, total_bytes=size, mix=mix)
        total = sum(p.stat().st_size for p in tree.rglob("*") if p.is_file())
        bare = _bare_read_seconds(tree)
        for jobs in (1, 2):
            m = run(_scan_cmd(tree, jobs))
            if m.returncode != 0:
                raise SystemExit(f"scan failed: {m.stderr}")
            summary = json.loads(m.stdout)["summary"]
            mbs = total / (1 << 20) / m.seconds
            rows.append(
                (
                    f"scan {label}, {files} files / {total / (1 << 20):.0f} MiB, -j{jobs}",
                    f"{mbs:.0f} MiB/s, {m.seconds:.2f} s, peak {m.peak_mib:.0f} MiB, "
                    f"{m.seconds / bare:.1f}x a bare read ({bare:.2f} s)",
                    f"{summary['references']} refs; target >= 100 MiB/s (-j2), < 200 MiB",
                )
            )
    return rows


def _bare_read_seconds(tree: Path) -> float:
    """A Python process that lists the tree and reads every byte, nothing more."""
    code = (
        "import os, sys\n"
        "for d, _, fs in os.walk(sys.argv[1]):\n"
        "    for f in fs:\n"
        "        with open(os.path.join(d, f), 'rb') as fh: fh.read()\n"
    )
    m = run([PY, "-c", code, str(tree)])
    return max(m.seconds, 1e-6)


def bench_resolve(quick: bool, work: Path) -> list[Row]:
    """Resolution against the fake Hub with 50 ms per request: cold, then warm.

    Authenticated runs use the default 8 workers; anonymous ones 4 (the Hub's anonymous
    quota is per IP); the Artifactory-like mirror costs one extra request (``expand``
    refused once). "Ideal" is requests x latency / workers.
    """
    sys.path.insert(0, str(Path(__file__).parents[1]))
    from tests.fakehub.server import VALID_TOKEN, FakeHub, add_synthetic_models, load_fixtures

    rows: list[Row] = []
    latency = 0.05
    runs = [(200, "hub", True), (200, "hub", False), (200, "artifactory", True)]
    if not quick:
        runs.append((2000, "hub", True))
    for count, mode, token in [(20, "hub", True)] if quick else runs:
        jobs = 8 if token else 4
        state = load_fixtures()
        state.mode = mode
        ids = add_synthetic_models(state, count, prefix=f"bench{count}")
        state.add_fault(path="^/api/", kind="delay", delay=latency)
        name = f"resolve-{count}-{mode}-{'token' if token else 'anon'}"
        repo = work / name
        repo.mkdir(exist_ok=True)
        (repo / "models.py").write_text("".join(f'AutoModel.from_pretrained("{m}")\n' for m in ids))
        cache = work / f"cache-{name}"
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
            if token:
                env["HF_TOKEN"] = VALID_TOKEN
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
            all_requests = state.count()  # file reads (README, LICENSE, GGUF headers) too
            state.reset_traffic()
            warm = run(cmd, env=env, sample=False)
            warm_requests = state.count()
        finally:
            hub.stop()
        if cold.returncode != 0:
            raise SystemExit(f"resolve failed: {cold.stderr}")
        ideal = requests * latency / jobs
        who = "token" if token else "anonymous"
        rows.append(
            (
                f"resolve {count} models cold ({mode}, {who}), 50 ms/request, {jobs} workers",
                f"{cold.seconds:.2f} s vs ideal {ideal:.2f} s ({cold.seconds / ideal:.2f}x)",
                f"{requests} API requests, {all_requests} in all; target <= 1.5x ideal",
            )
        )
        rows.append(
            (
                f"resolve {count} models warm (cache, {mode}, {who})",
                f"{warm.seconds:.2f} s, {warm_requests} requests",
                "target 0 requests",
            )
        )
    return rows


def _start_env() -> dict[str, str]:
    """The environment of a user's hook run: bytecode caches written and used.

    Some machines (this workplace's among them) set PYTHONDONTWRITEBYTECODE, which makes
    every run recompile modeldeps from source (~50 ms); pip-installed copies, such as
    pre-commit's, always have their .pyc files.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _median_ms(cmd: list[str], runs: int, cwd: Path | None = None) -> float:
    return _alternating_ms([cmd], runs, cwd)[0]


def _alternating_ms(cmds: list[list[str]], runs: int, cwd: Path | None = None) -> list[float]:
    """Median wall time of each command, run in turns (a, b, a, b, ...) so that drift in
    the machine's load falls on all of them alike."""
    import statistics
    import subprocess
    import time

    env = _start_env()
    for cmd in cmds:  # one unmeasured run writes the .pyc files and warms the page cache
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    times: list[list[float]] = [[] for _ in cmds]
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            start = time.perf_counter()
            subprocess.run(
                cmd,
                cwd=cwd,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            times[i].append(time.perf_counter() - start)
    return [statistics.median(t) * 1000 for t in times]


def _hook_cmd() -> list[str]:
    """What pre-commit runs (.pre-commit-hooks.yaml): the modeldeps-hook console script."""
    script = Path(PY).parent / "modeldeps-hook"
    if script.exists():
        return [str(script)]
    return [PY, "-c", "from modeldeps.hook import main; main()"]


HEAVY = [
    "click",
    "yaml",
    "huggingface_hub",
    "httpx2",
    "license_expression",
    "cyclonedx",
    "packaging.specifiers",
    "ahocorasick_rs",
    "platformdirs",
]


# What a hook run imports besides modeldeps itself (read off -X importtime): the
# standard library modules behind enum, ast, json and re, and the prefilter's matcher.
FLOOR = "ahocorasick_rs, json, ast, re, enum"


def _import_owners(trace: str) -> list[tuple[str, float]]:
    """``-X importtime`` self times summed by owner: modeldeps, click, yaml, stdlib..."""
    third = {"click", "yaml", "ahocorasick_rs", "license_expression", "packaging", "platformdirs"}
    totals: dict[str, float] = {}
    for line in trace.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)", line)
        if m is None:
            continue
        top = m.group(2).split(".")[0]
        owner = top if top in third or top == "modeldeps" else "stdlib"
        totals[owner] = totals.get(owner, 0.0) + int(m.group(1)) / 1000
    return sorted(totals.items(), key=lambda kv: -kv[1])


# Five demo files of different kinds, each naming a model: a pre-commit-sized change.
DEMO_FILES = [
    "train.py",
    "configs/serve.yaml",
    "scripts/serve.sh",
    "notebooks/eval.ipynb",
    "README.md",
]


def bench_hook(quick: bool, work: Path) -> list[Row]:
    """A pre-commit-sized run (5 files, warm lockfile) as a whole process, as pre-commit
    starts it (modeldeps-hook), beside a bare interpreter."""
    import shutil
    import subprocess

    demo = work / "hook-demo"
    if not demo.exists():
        shutil.copytree(Path(__file__).parents[1] / "examples" / "demo", demo)
    files = DEMO_FILES
    plain = demo / "plain"
    plain.mkdir(exist_ok=True)
    for i in range(5):
        (plain / f"util{i}.py").write_text(
            f"import os\n\n\ndef join{i}(a, b):\n    return os.path.join(a, b)\n"
        )
    env_cache = str(work / "hook-cache")
    os.environ["MODELDEPS_CACHE_DIR"] = env_cache
    runs = 5 if quick else 25
    hook = _hook_cmd()
    plain_files = [f"plain/util{i}.py" for i in range(5)]
    # the documented pre-commit setup: a committed lock, --offline
    bare, with_refs, no_refs = _alternating_ms(
        [[PY, "-c", "pass"], [*hook, "--offline", *files], [*hook, "--offline", *plain_files]],
        runs,
        cwd=demo,
    )
    floor = _median_ms([PY, "-c", f"import {FLOOR}"], runs)
    floor_yaml = _median_ms([PY, "-c", f"import {FLOOR}, yaml"], runs)
    cli_refs = _median_ms(
        [PY, "-m", "modeldeps", "scan", "-q", "--offline", *files], runs, cwd=demo
    )
    rows: list[Row] = [
        ("python -c pass", f"{bare:.1f} ms", "bare interpreter start"),
        (
            "hook: 5 files with models (py, yaml, sh, ipynb, md), warm lock, --offline",
            f"{with_refs:.1f} ms ({with_refs / bare:.2f}x bare)",
            "target <= 4.0x bare",
        ),
        (
            "hook: 5 files without models, --offline",
            f"{no_refs:.1f} ms ({no_refs / bare:.2f}x bare)",
            "most commits; target <= 2.5x bare",
        ),
        (
            "floor: only the libraries a hook run imports",
            f"{floor:.1f} ms ({floor / bare:.1f}x bare); with PyYAML "
            f"{floor_yaml:.1f} ms ({floor_yaml / bare:.1f}x)",
            "stdlib + ahocorasick_rs, none of modeldeps",
        ),
        (
            "same 5 files with models via modeldeps scan -q",
            f"{cli_refs:.1f} ms ({cli_refs / bare:.1f}x bare)",
            "the click CLI, for comparison",
        ),
    ]
    trace = subprocess.run(
        [
            PY,
            "-X",
            "importtime",
            "-c",
            "from modeldeps.hook import main; main()",
            "--offline",
            *files,
        ],
        cwd=demo,
        env=_start_env(),
        capture_output=True,
        text=True,
        check=False,
    ).stderr
    loaded = [m for m in HEAVY if re.search(rf"\|\s+{re.escape(m)}$", trace, re.MULTILINE)]
    rows.append(
        (
            "hook imports by owner (5 files with models)",
            ", ".join(f"{k} {v:.0f} ms" for k, v in _import_owners(trace)),
            "self time of each module, summed by top package",
        )
    )
    rows.append(
        (
            "heavy modules a hook run imports",
            ", ".join(loaded) or "none",
            "huggingface_hub and cyclonedx must not appear",
        )
    )
    for module in HEAVY:
        ms = _median_ms([PY, "-c", f"import {module}"], 3 if quick else 7) - bare
        rows.append((f"import {module}", f"+{ms:.1f} ms", "over a bare interpreter"))
    return rows


def bench_scaling(quick: bool, work: Path) -> list[Row]:
    """Time and memory as the tree grows 1x, 4x, 16x, and as one file grows to the cap."""
    rows: list[Row] = []
    base = 50 if quick else 1250
    per_file = 10_000
    for factor in (1, 4, 16):
        n = base * factor
        tree = work / f"scale-{n}"
        if not tree.exists():
            generate_tree(tree, files=n, total_bytes=n * per_file, mix="mixed", seed=factor)
        m = run(_scan_cmd(tree, 0))
        rows.append(
            (
                f"scaling: {n} files / {n * per_file / (1 << 20):.0f} MiB (x{factor})",
                f"{m.seconds:.2f} s, {m.seconds / n * 1e6:.0f} us/file, peak {m.peak_mib:.0f} MiB",
                "linear: us/file stays flat",
            )
        )
    from gen import grow_file

    for size in (64 << 10, 256 << 10) if quick else (256 << 10, 1 << 20, 4 << 20):
        d = work / f"big-{size}"
        d.mkdir(exist_ok=True)
        grow_file(d / "big.py", size - 1024)
        m = run(_scan_cmd(d, 1))
        refs = json.loads(m.stdout)["summary"]["references"]
        rows.append(
            (
                f"one file of {size >> 10} KiB",
                f"{m.seconds:.2f} s, peak {m.peak_mib:.0f} MiB",
                f"{refs} ref; the default cap is 4096 KiB",
            )
        )
    return rows


def bench_precommit(quick: bool, work: Path) -> list[Row]:
    """The real pre-commit running modeldeps on 5 staged files with models, beside a no-op
    hook, both ``language: system`` (a ``language: python`` hook adds pre-commit's own
    environment health check, which starts the environment's interpreter once per run)."""
    import shutil
    import subprocess

    if shutil.which("git") is None:
        return [("pre-commit", "skipped", "git is not installed")]
    repo = work / "precommit-repo"
    if repo.exists():
        shutil.rmtree(repo)
    shutil.copytree(Path(__file__).parents[1] / "examples" / "demo", repo)
    env = {
        **_start_env(),
        "PRE_COMMIT_HOME": str(work / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "MODELDEPS_CACHE_DIR": str(work / "hook-cache"),
    }
    hook = _hook_cmd()
    config = (
        "repos:\n  - repo: local\n    hooks:\n"
        "      - {id: noop, name: noop, entry: 'true', language: system, types: [text]}\n"
        f"      - {{id: modeldeps, name: modeldeps, entry: '{' '.join(hook)}', "
        "args: [--offline, --], language: system, types: [text], require_serial: true}\n"
    )
    (repo / ".pre-commit-config.yaml").write_text(config)
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(cmd, cwd=repo, env=env, check=True, capture_output=True)
    files = DEMO_FILES
    pc = [PY, "-m", "pre_commit", "run", "--files", *files]
    runs = 3 if quick else 11
    noop, ours = _alternating_ms([[*pc[:4], "noop", *pc[4:]], [*pc[:4], "modeldeps", *pc[4:]]],
                                 runs, cwd=repo)  # fmt: skip
    return [
        (
            "pre-commit run, a no-op language: system hook",
            f"{noop:.0f} ms",
            "pre-commit's own cost",
        ),
        (
            "pre-commit run, the modeldeps hook (5 files with models)",
            f"{ours:.0f} ms (+{ours - noop:.0f} ms for modeldeps)",
            "--offline, warm lock; language: python adds one interpreter start",
        ),
    ]


SECTIONS: dict[str, Callable[[bool, Path], list[Row]]] = {
    "scan": bench_scan,
    "resolve": bench_resolve,
    "hook": bench_hook,
    "precommit": bench_precommit,
    "scaling": bench_scaling,
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
