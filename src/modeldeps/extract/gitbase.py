"""What a git revision referenced: for ``scan --new-since REV``.

The files of REV are read from git's object store (``git ls-tree`` and one
``git cat-file --batch`` stream), never checked out, and run through the
same extractors as the work tree.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from modeldeps.discover import OWN_FILES, SKIP_DIRS, glob_match, is_binary_name
from modeldeps.errors import UsageError
from modeldeps.extract import extract_bytes

Key = tuple[str, str | None]


def _git(args: list[str], cwd: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=300, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise UsageError(f"--new-since needs git: {exc}") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(
            f"--new-since: git {' '.join(args[:2])} failed: "
            f"{message[-1] if message else proc.returncode}",
            hint="fetch the base revision first (actions/checkout with fetch-depth: 0)",
        )
    return proc.stdout


def keys_at(
    revision: str, cwd: str, *, exclude: Sequence[str] = (), max_bytes: int = 4 << 20
) -> set[Key]:
    """Every (model id, revision) the files under ``cwd`` referenced at ``revision``."""
    commit = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
    commit_id = commit.decode().strip()
    listing = _git(["ls-tree", "-r", "-z", "--long", commit_id, "--", "."], cwd)
    wanted: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, path_b = entry.partition(b"\t")
        parts = meta.split()
        if len(parts) < 4 or parts[1] != b"blob" or parts[3] == b"-":
            continue
        rel = path_b.decode("utf-8", "surrogateescape")
        segments = rel.split("/")
        if (
            int(parts[3]) > max_bytes
            or is_binary_name(rel)
            or segments[-1] in OWN_FILES
            or any(s in SKIP_DIRS for s in segments[:-1])
            or any(glob_match(p, rel) for p in exclude)
        ):
            continue
        wanted.append((parts[2].decode(), rel))
    if not wanted:
        return set()
    batch = _git(
        ["cat-file", "--batch"], cwd, stdin="".join(f"{sha}\n" for sha, _ in wanted).encode()
    )
    keys: set[Key] = set()
    pos = 0
    for _sha, rel in wanted:
        header_end = batch.index(b"\n", pos)
        size = int(batch[pos:header_end].split()[2])
        data = batch[header_end + 1 : header_end + 1 + size]
        pos = header_end + 1 + size + 1
        outcome = extract_bytes(rel, f"{cwd}/{rel}", cwd, data)
        keys.update((r.model_id, r.revision) for r in outcome.references)
    return keys
