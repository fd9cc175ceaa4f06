"""Reads discovered files once each and runs the extract stage over them.

Small runs (a pre-commit hook's handful of files) stay in this process; large
trees are split into chunks of similar byte size and spread over worker
processes, because extraction is CPU-bound Python.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from modeldeps.discover import SourceFile
from modeldeps.extract import extract_bytes
from modeldeps.lazyre import lazy
from modeldeps.model import ExtractResult, Note, Reference, ScanStats

TYPE_CHECKING = False
if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Below these, process start-up costs more than it saves.
PARALLEL_MIN_FILES = 400
PARALLEL_MIN_BYTES = 8 * 1024 * 1024
_CHUNK_BYTES = 4 * 1024 * 1024
_CHUNK_FILES = 256

_Chunk = list[tuple[str, str, str]]  # (path given to extractors, path to open, rel_path)
_READ_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after discovery cannot block
    | getattr(os, "O_NOFOLLOW", 0)  # nor can a link swapped in for a checked file
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class _NotRegular(OSError):
    pass


def read_source(path: str, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of the regular file at ``path``.

    Opened without blocking and without following a final link, then checked
    on the descriptor (fstat) to be a regular file before a byte is read, so a
    FIFO, device or socket put there after discovery is never read (D17).
    Raises ``_NotRegular`` for those and OSError for the rest.
    """
    import stat

    fd = os.open(path, _READ_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _NotRegular(0, "special file")
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            try:
                piece = os.read(fd, min(left, 1 << 20))
            except BlockingIOError:  # /proc-style files that answer EAGAIN
                break
            if not piece:
                break
            chunks.append(piece)
            left -= len(piece)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _extract_chunk(
    chunk: _Chunk, root: str, max_bytes: int
) -> tuple[list[Reference], list[Note], ScanStats]:
    refs: list[Reference] = []
    notes: list[Note] = []
    stats = ScanStats()
    for abs_path, open_path, rel_path in chunk:
        try:
            data = read_source(open_path, max_bytes)
        except _NotRegular:
            stats.skip("special-file")
            notes.append(Note(rel_path, None, "special file; not read", "skipped"))
            continue
        except OSError as exc:
            stats.skip("unreadable")
            notes.append(Note(rel_path, None, f"cannot read: {exc.strerror or exc}", "skipped"))
            continue
        if len(data) > max_bytes:  # grew after it was listed
            stats.skip("too-large")
            notes.append(
                Note(rel_path, None, f"larger than {max_bytes} bytes; not read", "skipped")
            )
            continue
        own = own_output(rel_path, data)
        if own is not None:
            stats.skip("modeldeps-report")
            notes.append(
                Note(rel_path, None, f"{own} written by modeldeps; not scanned", "skipped")
            )
            continue
        outcome = extract_bytes(rel_path, abs_path, root, data)
        notes.extend(outcome.notes)
        if outcome.status == "skipped":
            stats.skip(outcome.skip_reason or "skipped")
            continue
        stats.files_scanned += 1
        stats.bytes_scanned += len(data)
        if outcome.status == "failed":
            stats.files_failed += 1
        refs.extend(outcome.references)
    return refs, notes, stats


# -- modeldeps' own outputs (D29) --------------------------------------------------
# A report written into the tree (modeldeps-reports/, -o report.json) names every model
# the last run found; scanning it back doubled every finding. Such files are known by
# what modeldeps writes into them, not by name, so a renamed report is recognised and a
# source file that happens to share a name is not.
_TEXTISH = frozenset({"", ".txt", ".text", ".log", ".out", ".md", ".markdown", ".report"})
_MD_HEAD = lazy(
    r"## modeldeps: (no models found|\d+ (denied|unresolved|review|allowed|listed)"
    r"(, \d+ (denied|unresolved|review|allowed|listed))*)\r?\n"
)
_TEXT_TAIL = lazy(
    r"\d+ references? to \d+ models? in \d+ files? scanned"
    r"(; \d+ denied, \d+ to review, \d+ allowed(, \d+ unresolved)?)?"
    r"( \(\d+ skipped(, \d+ not fully read)?\)| \(\d+ not fully read\))?"
)
_GITHUB_LINE = lazy(r"::(error|warning|notice) [^\n]*title=modeldeps [^\n]*::")


def own_output(rel_path: str, data: bytes) -> str | None:
    """What kind of modeldeps output ``data`` is (a report, a lock), or None."""
    head = data[:64].lstrip()
    if head[:1] == b"{":
        return _own_json(data)
    ext = os.path.splitext(rel_path)[1].lower()
    if ext not in _TEXTISH and not ext.startswith((".json", ".sarif", ".txt", ".md")):
        return None
    if data.startswith(b"## modeldeps: "):
        first = data[: data.find(b"\n") + 1].decode("utf-8", "replace")
        return "Markdown report" if _MD_HEAD.fullmatch(first) else None
    if data.startswith(b"::") and b"title=modeldeps " in data:
        lines = data.decode("utf-8", "replace").splitlines()
        if lines and all(_GITHUB_LINE.match(x) for x in lines if x.strip()):
            return "GitHub annotations report"
        return None
    tail = data.rstrip()[-200:].rsplit(b"\n", 1)[-1].decode("utf-8", "replace")
    if b" scanned" in data[-200:] and _TEXT_TAIL.fullmatch(tail.strip()):
        return "text report"
    return None


def _own_json(data: bytes) -> str | None:
    if not (
        b'"modeldeps.report/' in data[:512]
        or b'"modeldeps.lock/' in data  # keys are sorted: schema comes late
        or (b"sarif" in data[:512] and b'"modeldeps"' in data)
        or (b'"modeldeps-scan"' in data and b"CycloneDX" in data)
    ):
        return None
    import json

    try:
        doc = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(doc, dict):
        return None
    schema = doc.get("schema")
    tool = doc.get("tool")
    if (
        isinstance(schema, str)
        and schema.startswith("modeldeps.report/")
        and isinstance(tool, dict)
        and tool.get("name") == "modeldeps"
    ):
        return "JSON report"
    if (
        isinstance(schema, str)
        and schema.startswith("modeldeps.lock/")
        and set(doc) <= {"schema", "generated_by", "models"}
    ):
        return "lockfile"
    runs = doc.get("runs")
    if isinstance(runs, list) and runs and all(_sarif_run_is_ours(r) for r in runs):
        return "SARIF report"
    meta = doc.get("metadata")
    component = meta.get("component") if isinstance(meta, dict) else None
    if (
        doc.get("bomFormat") == "CycloneDX"
        and isinstance(component, dict)
        and component.get("name") == "modeldeps-scan"
    ):
        return "CycloneDX report"
    return None


def _sarif_run_is_ours(run: object) -> bool:
    tool = run.get("tool") if isinstance(run, dict) else None
    driver = tool.get("driver") if isinstance(tool, dict) else None
    return isinstance(driver, dict) and driver.get("name") == "modeldeps"


def _chunks(files: Sequence[SourceFile]) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    current: _Chunk = []
    size = 0
    for f in files:
        current.append((f.abs_path, f.open_path, f.rel_path))
        size += f.size
        if size >= _CHUNK_BYTES or len(current) >= _CHUNK_FILES:
            chunks.append(current)
            current, size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the parent, which stops them (a worker that caught it would
    report it as its chunk's result and go on with the next chunk)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Drop the queued chunks and kill the running workers, so an interrupt takes effect at
    once (waiting for them took 10-16 s on a large tree)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        proc.terminate()
    for proc in processes:
        proc.join(1)


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def extract_files(
    files: Sequence[SourceFile], root: str, *, max_bytes: int, jobs: int = 0
) -> ExtractResult:
    """Extract references from ``files``; ``jobs`` 0 means one worker per core."""
    workers = jobs or default_jobs()
    total = sum(f.size for f in files)
    refs: list[Reference] = []
    notes: list[Note] = []
    stats = ScanStats()
    chunks = _chunks(files)
    parallel = (
        workers > 1
        and len(chunks) > 1
        and (len(files) >= PARALLEL_MIN_FILES or total >= PARALLEL_MIN_BYTES)
    )
    if parallel:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork keeps worker start-up cheap on Linux: nothing is re-imported.
        method = "fork" if sys.platform.startswith("linux") else None
        ctx = multiprocessing.get_context(method)
        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(chunks)), mp_context=ctx, initializer=_ignore_sigint
        )
        try:
            results = list(
                pool.map(_extract_chunk, chunks, [root] * len(chunks), [max_bytes] * len(chunks))
            )
        except BaseException:  # Ctrl-C above all: stop now, not after every queued chunk
            _abandon(pool)
            raise
        pool.shutdown()
    else:
        results = [_extract_chunk(c, root, max_bytes) for c in chunks]
    for r, n, s in results:
        refs.extend(r)
        notes.extend(n)
        stats.merge(s)
    refs.sort(key=lambda r: (r.location.path, r.location.line, r.location.column, r.model_id))
    return ExtractResult(tuple(refs), tuple(notes), stats)
