"""Orchestration: options in, ScanResult out. No click, no printing, no exiting."""

from __future__ import annotations

import os

from modeldeps.discover import discover, glob_match
from modeldeps.errors import EXIT_OK
from modeldeps.model import Reference, ScanResult
from modeldeps.options import ScanOptions
from modeldeps.scanner import extract_files


def _ignored(ref: Reference, options: ScanOptions) -> bool:
    from fnmatch import fnmatchcase

    if any(fnmatchcase(ref.model_id, pat) for pat in options.ignore_models):
        return True
    return any(glob_match(pat, ref.location.path) for pat in options.ignore_paths)


def run_scan(options: ScanOptions) -> ScanResult:
    """Discover and extract; resolution and policy stages join here as they exist."""
    found = discover(
        options.paths,
        root=options.root,
        exclude=options.exclude,
        include=options.include,
        max_bytes=options.max_file_size,
        use_git=options.use_git,
        cwd=options.cwd,
    )
    extracted = extract_files(
        found.files, options.root, max_bytes=options.max_file_size, jobs=options.jobs
    )
    stats = found.stats
    stats.merge(extracted.stats)
    refs = tuple(r for r in extracted.references if not _ignored(r, options))
    partial = any(not os.path.isdir(os.path.join(options.cwd, p)) for p in options.paths)
    return ScanResult(
        references=refs,
        notes=tuple(found.notes) + extracted.notes,
        stats=stats,
        partial=partial,
    )


def exit_code(result: ScanResult, options: ScanOptions) -> int:
    """0 clean, 1 policy failure, 3 unresolved where policy says so (see errors.py)."""
    del result, options
    return EXIT_OK
