"""Discover stage: command-line paths -> the files to read.

Inside a git work tree a directory is listed with ``git ls-files`` (tracked
files plus untracked files that are not ignored); elsewhere the tree is
walked. Either way virtual environments, ``node_modules``, caches and build
output are pruned, directory symlinks are not followed (so link loops
cannot recur), and excluded, oversized and binary-named files are counted
as skipped rather than read.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Sequence
from functools import lru_cache

from modeldeps.errors import UsageError
from modeldeps.model import Note, ScanStats
from modeldeps.record import field, record

# Tool caches and version-control data: never sources, skipped by name everywhere.
SKIP_DIRS = frozenset(
    [
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".venv",
        ".tox",
        ".nox",
        ".direnv",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".ipynb_checkpoints",
        ".cache",
        ".eggs",
        "site-packages",
        ".idea",
        ".vscode",
        ".terraform",
        ".gradle",
        "bower_components",
        ".next",
        ".nuxt",
        ".pixi",
        ".conda",
        "wandb",
        "mlruns",
        ".dvc",
    ]
)
# Names a virtual environment usually has; such a directory is skipped only when it
# is one (pyvenv.cfg, conda-meta): chart/env/ or deploy/env/ hold configuration.
_ENV_NAMES = frozenset({"venv", ".env", "env"})
# Build outputs: skipped when walking a tree that is not a git work tree, with a note;
# in a git work tree a tracked file there is a source like any other.
_BUILD_NAMES = frozenset({"build", "dist", "target"})

DEFAULT_MAX_BYTES = 4 * 1024 * 1024
# modeldeps' own files name models without depending on them.
OWN_FILES = frozenset({"modeldeps.lock", ".modeldeps.yaml"})


# Never read: weights, archives, media, compiled artefacts.
BINARY_EXTENSIONS = frozenset(
    [
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".bmp",
        ".ico",
        ".webp",
        ".tif",
        ".tiff",
        ".svgz",
        ".pdf",
        ".zip",
        ".gz",
        ".tgz",
        ".bz2",
        ".xz",
        ".zst",
        ".7z",
        ".tar",
        ".rar",
        ".whl",
        ".egg",
        ".jar",
        ".war",
        ".class",
        ".so",
        ".dylib",
        ".dll",
        ".exe",
        ".o",
        ".a",
        ".lib",
        ".pyc",
        ".pyo",
        ".pyd",
        ".bin",
        ".pt",
        ".pth",
        ".ckpt",
        ".safetensors",
        ".onnx",
        ".gguf",
        ".ggml",
        ".h5",
        ".hdf5",
        ".keras",
        ".pb",
        ".tflite",
        ".mlmodel",
        ".pkl",
        ".pickle",
        ".joblib",
        ".npy",
        ".npz",
        ".parquet",
        ".arrow",
        ".feather",
        ".avro",
        ".orc",
        ".mp3",
        ".mp4",
        ".wav",
        ".flac",
        ".ogg",
        ".m4a",
        ".avi",
        ".mov",
        ".mkv",
        ".webm",
        ".woff",
        ".woff2",
        ".ttf",
        ".otf",
        ".eot",
        ".db",
        ".sqlite",
        ".sqlite3",
        ".msgpack",
        ".lance",
        ".idx",
        ".pack",
    ]
)


def is_binary_name(path: str) -> bool:
    """A file never read for references: weights, archives, media, compiled artefacts."""
    return os.path.splitext(path)[1].lower() in BINARY_EXTENSIONS


@record
class SourceFile:
    abs_path: str
    rel_path: str  # relative to the scan root, "/"-separated
    size: int


@record(frozen=False)
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)


@lru_cache(maxsize=512)
def _glob_re(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out))


def glob_match(pattern: str, rel_path: str) -> bool:
    """gitignore-flavoured matching of a ``/``-separated path.

    A pattern without ``/`` matches any single path component (``*.ipynb``,
    ``vendor``); one with ``/`` is anchored at the scan root. A pattern that
    matches a directory matches everything below it.
    """
    pat = pattern.strip().rstrip("/")
    if not pat:
        return False
    parts = rel_path.split("/")
    if "/" not in pat:
        rx = _glob_re(pat)
        return any(rx.fullmatch(p) for p in parts)
    rx = _glob_re(pat.lstrip("/"))
    return any(rx.fullmatch("/".join(parts[: i + 1])) for i in range(len(parts)))


def _matches_any(patterns: Sequence[str], rel_path: str) -> bool:
    return any(glob_match(p, rel_path) for p in patterns)


def _git_files(directory: str) -> list[str] | None:
    """Paths (relative to ``directory``) git would consider, or None outside a work tree."""
    import subprocess  # only a directory argument needs git; a hook run names files

    try:
        proc = subprocess.run(
            [
                "git",
                "-C",
                directory,
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
                "--deduplicate",
            ],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if proc.returncode != 0:
        return None
    return [p for p in proc.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def _is_venv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg")) or os.path.isdir(
        os.path.join(path, "conda-meta")
    )


def _pruned(root: str, rel_path: str, venvs: dict[str, bool]) -> bool:
    """A git-listed file inside a tool cache or a virtual environment."""
    parts = rel_path.split("/")[:-1]
    for i, part in enumerate(parts):
        if part in SKIP_DIRS or part.endswith(".egg-info"):
            return True
        if part in _ENV_NAMES:
            where = "/".join(parts[: i + 1])
            if where not in venvs:
                venvs[where] = _is_venv(os.path.join(root, where))
            if venvs[where]:
                return True
    return False


def _walk(directory: str, skipped: list[str]) -> Iterable[str]:
    """Relative paths of files below ``directory``; directory links are not followed.

    Build-output directories are passed over and named in ``skipped``.
    """
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        keep = []
        rel_dir = os.path.relpath(dirpath, directory)
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if d in SKIP_DIRS or d.endswith(".egg-info") or os.path.islink(full):
                continue
            if _is_venv(full):
                continue  # a virtual environment under any name
            if d in _BUILD_NAMES:
                skipped.append(d if rel_dir == "." else os.path.join(rel_dir, d))
                continue
            keep.append(d)
        dirnames[:] = sorted(keep)
        for name in filenames:
            yield name if rel_dir == "." else os.path.join(rel_dir, name)


def scan_root(paths: Sequence[str], cwd: str | None = None) -> str:
    """The directory report paths are relative to.

    The current directory when every path lies inside it; otherwise the one
    directory given, or the deepest directory common to all paths.
    """
    here = os.path.realpath(cwd or os.getcwd())
    absolute = [os.path.realpath(os.path.join(here, p)) for p in paths] or [here]
    if all(a == here or a.startswith(here + os.sep) for a in absolute):
        return here
    dirs = [a if os.path.isdir(a) else os.path.dirname(a) for a in absolute]
    return os.path.commonpath(dirs)


def _rel(abs_path: str, root: str) -> str:
    rel = os.path.relpath(abs_path, root)
    return rel.replace(os.sep, "/")


def discover(
    paths: Sequence[str],
    *,
    root: str,
    exclude: Sequence[str] = (),
    include: Sequence[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES,
    use_git: bool = True,
    cwd: str | None = None,
) -> Discovery:
    """List the files to scan under ``paths``; raise UsageError for a path that does not exist."""
    here = cwd or os.getcwd()
    out = Discovery()
    seen: set[str] = set()
    candidates: list[str] = []
    for p in paths:
        full = os.path.abspath(os.path.join(here, p))
        if not os.path.lexists(full):
            raise UsageError(f"{p}: no such file or directory")
        if os.path.isdir(full):
            listed = _git_files(full) if use_git else None
            if listed is None:
                skipped: list[str] = []
                listed = list(_walk(full, skipped))
                for d in skipped:
                    rel = _rel(os.path.join(full, d), root)
                    out.notes.append(
                        Note(
                            rel,
                            None,
                            "build-output directory not scanned (name it as a path, or run "
                            "inside a git work tree, to scan it)",
                            "skipped",
                        )
                    )
            else:
                venvs: dict[str, bool] = {}
                listed = [r for r in listed if not _pruned(full, r, venvs)]
            candidates.extend(os.path.join(full, r) for r in listed)
        else:
            candidates.append(full)  # named explicitly (pre-commit): no pruning

    for full in candidates:
        real_key = os.path.normcase(full)
        if real_key in seen:
            continue
        seen.add(real_key)
        rel = _rel(full, root)
        out.stats.files_seen += 1
        if os.path.basename(rel) in OWN_FILES:
            out.stats.skip("modeldeps-file")
            continue
        if exclude and _matches_any(exclude, rel):
            out.stats.skip("excluded")
            continue
        if include and not _matches_any(include, rel):
            out.stats.skip("not-included")
            continue
        try:
            st = os.stat(full)
        except FileNotFoundError:
            if os.path.islink(full):
                out.stats.skip("broken-symlink")
                out.notes.append(Note(rel, None, "broken symbolic link", "skipped"))
            else:
                out.stats.skip("missing")  # listed by git but deleted in the work tree
            continue
        except OSError as exc:
            reason = "symlink-loop" if exc.errno == 40 else "unreadable"
            out.stats.skip(reason)
            out.notes.append(Note(rel, None, f"cannot read: {exc.strerror}", "skipped"))
            continue
        if not stat.S_ISREG(st.st_mode):
            out.stats.skip("not-a-file")  # submodules, sockets, directory links
            continue
        if is_binary_name(rel):
            out.stats.skip("binary")
            continue
        if st.st_size > max_bytes:
            out.stats.skip("too-large")
            out.notes.append(Note(rel, None, f"larger than {max_bytes} bytes; not read", "skipped"))
            continue
        out.files.append(SourceFile(full, rel, st.st_size))
    out.files.sort(key=lambda f: f.rel_path)
    return out
