"""Discover stage: command-line paths -> the files to read.

Inside a git work tree a directory is listed with ``git ls-files`` (tracked
files plus untracked files that are not ignored); elsewhere the tree is
walked. Either way virtual environments, ``node_modules``, caches and build
output are pruned, directory symlinks are not followed (so link loops
cannot recur), and excluded, oversized and binary-named files are counted
as skipped rather than read.

Only regular files are read (D17). A symbolic link is followed only to a
regular file inside the scan root; a link out of the tree, or to anything
under /proc, /sys or /dev, is skipped with a note, as are FIFOs, sockets and
devices ("special file"): reading one can block for ever (``/proc/kmsg`` as
root) or read what the repository does not hold. Directories that are not
entered (links, submodules, virtual environments under unusual names, build
output) are named in a note, never dropped silently.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from functools import lru_cache

from modeldeps.errors import UsageError
from modeldeps.model import Note, ScanStats
from modeldeps.record import field, record
from modeldeps.safeio import in_system_tree

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
    # what to open: the link's target (checked to be inside the root) for a link, else ""
    target: str = ""

    @property
    def open_path(self) -> str:
        return self.target or self.abs_path


@record(frozen=False)
class Discovery:
    files: list[SourceFile] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    stats: ScanStats = field(default_factory=ScanStats)


# A compiled glob is a tuple of tokens, matched by simulating all positions at once
# (a Thompson NFA): time len(pattern) x len(path), whatever the pattern. A backtracking
# regex takes exponential time on '*' runs that fail (D15).
_STAR, _DSTAR, _DSTAR_SLASH, _ANY = "*", "**", "**/", "?"
_Token = str | tuple[bool, frozenset[str], tuple[tuple[str, str], ...]]  # literal/op or class


@lru_cache(maxsize=512)
def _glob_tokens(pattern: str) -> tuple[_Token, ...]:
    out: list[_Token] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append(_DSTAR_SLASH)
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(_DSTAR)
            i += 2
            continue
        if c == "*":
            if not (out and out[-1] in (_STAR, _DSTAR)):  # '***' is '**'
                out.append(_STAR)
        elif c == "?":
            out.append(_ANY)
        elif c == "[" and pattern.find("]", i + 1) != -1:
            end = pattern.find("]", i + 1)
            out.append(_glob_class(pattern[i + 1 : end]))
            i = end
        else:
            out.append("\\" + c)  # a literal character
        i += 1
    return tuple(out)


def _glob_class(body: str) -> tuple[bool, frozenset[str], tuple[tuple[str, str], ...]]:
    """(negated, single characters, ranges) of a ``[...]`` body; a reversed range is empty."""
    negated = body[:1] in ("!", "^")
    if negated:
        body = body[1:]
    chars: set[str] = set()
    ranges: list[tuple[str, str]] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            if body[i] <= body[i + 2]:
                ranges.append((body[i], body[i + 2]))
            i += 3
        else:
            chars.add(body[i])
            i += 1
    return negated, frozenset(chars), tuple(ranges)


def glob_problem(pattern: str) -> str | None:
    """Why ``pattern`` can never mean what it says (an empty or reversed ``[...]``), or None."""
    i = 0
    while True:
        i = pattern.find("[", i)
        if i == -1:
            return None
        end = pattern.find("]", i + 1)
        if end == -1:
            return None  # an unclosed '[' is a literal character
        body = pattern[i + 1 : end]
        inner = body[1:] if body[:1] in ("!", "^") else body
        if not inner:
            return f"'{pattern}': empty character class '[{body}]'"
        for j in range(len(inner) - 2):
            if inner[j + 1] == "-" and inner[j] > inner[j + 2]:
                return f"'{pattern}': reversed range '{inner[j : j + 3]}' in '[{body}]'"
        i = end + 1


def _token_matches(tok: _Token, ch: str) -> bool:
    if isinstance(tok, tuple):
        negated, chars, ranges = tok
        hit = ch in chars or any(lo <= ch <= hi for lo, hi in ranges)
        return hit is not negated
    if tok == _ANY:
        return ch != "/"
    return tok[1] == ch  # a literal


def _glob_full(tokens: tuple[_Token, ...], text: str) -> bool:
    """Whether ``tokens`` match all of ``text``. States: 2*j is 'before token j', 2*j+1 is
    'inside the **/ at j' (it has consumed characters and still needs a '/')."""
    n = len(tokens)

    def closure(states: set[int]) -> set[int]:
        todo = list(states)
        while todo:
            s = todo.pop()
            j, inside = divmod(s, 2)
            if inside or j >= n:
                continue
            tok = tokens[j]
            if tok in (_STAR, _DSTAR, _DSTAR_SLASH):
                for nxt in (2 * (j + 1),) + ((2 * j + 1,) if tok == _DSTAR_SLASH else ()):
                    if nxt not in states:
                        states.add(nxt)
                        todo.append(nxt)
        return states

    current = closure({0})
    for ch in text:
        step: set[int] = set()
        for s in current:
            j, inside = divmod(s, 2)
            if inside:  # inside '**/': any character stays, a '/' may also end it
                step.add(s)
                if ch == "/":
                    step.add(2 * (j + 1))
                continue
            if j >= n:
                continue
            tok = tokens[j]
            if tok == _STAR:
                if ch != "/":
                    step.add(s)
            elif tok == _DSTAR:
                step.add(s)
            elif tok == _DSTAR_SLASH:
                pass  # handled by its inside state
            elif _token_matches(tok, ch):
                step.add(2 * (j + 1))
        if not step:
            return False
        current = closure(step)
    return 2 * n in current


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
        tokens = _glob_tokens(pat)
        return any(_glob_full(tokens, p) for p in parts)
    tokens = _glob_tokens(pat.lstrip("/"))
    return any(_glob_full(tokens, "/".join(parts[: i + 1])) for i in range(len(parts)))


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


_BUILD_NOTE = (
    "build-output directory not scanned (name it as a path, or run "
    "inside a git work tree, to scan it)"
)
_LINK_DIR_NOTE = "symbolic link to a directory; not followed"
_VENV_NOTE = "virtual environment (pyvenv.cfg or conda-meta); not scanned"


def _walk(directory: str, skipped: list[tuple[str, str]]) -> Iterable[str]:
    """Relative paths of files below ``directory``; directory links are not followed.

    Directories passed over (build output, directory links, virtual environments
    under names that do not say so) are listed in ``skipped`` as (path, why).
    """
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        keep = []
        rel_dir = os.path.relpath(dirpath, directory)
        for d in dirnames:
            full = os.path.join(dirpath, d)
            where = d if rel_dir == "." else os.path.join(rel_dir, d)
            if d in SKIP_DIRS or d.endswith(".egg-info"):
                continue
            if os.path.islink(full):
                skipped.append((where, _LINK_DIR_NOTE))
                continue
            if _is_venv(full):
                if d not in _ENV_NAMES:  # a virtual environment under any name, said so
                    skipped.append((where, _VENV_NOTE))
                continue
            if d in _BUILD_NAMES:
                skipped.append((where, _BUILD_NOTE))
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
    absolute = [_real_parent(os.path.join(here, p)) for p in paths] or [here]
    if all(a == here or a.startswith(here + os.sep) for a in absolute):
        return here
    dirs = [a if os.path.isdir(a) else os.path.dirname(a) for a in absolute]
    return os.path.commonpath(dirs)


def _real_parent(path: str) -> str:
    """``path`` with its directories resolved; a final link to a non-directory is kept as
    the link (a staged link to /proc/kmsg must not move the scan root to /proc)."""
    if os.path.islink(path) and not os.path.isdir(path):
        parent, name = os.path.split(os.path.normpath(path))
        return os.path.join(os.path.realpath(parent), name)
    return os.path.realpath(path)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


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
    real_root = os.path.realpath(root)
    out = Discovery()
    seen: set[str] = set()
    candidates: list[str] = []
    named: set[str] = set()  # files named one by one (a hook run): checked for linked parents
    for p in paths:
        full = os.path.abspath(os.path.join(here, p))
        if not os.path.lexists(full):
            raise UsageError(f"{p}: no such file or directory")
        if os.path.isdir(full):
            listed = _git_files(full) if use_git else None
            if listed is None:
                skipped: list[tuple[str, str]] = []
                listed = list(_walk(full, skipped))
                for d, why in skipped:
                    out.notes.append(Note(_rel(os.path.join(full, d), root), None, why, "skipped"))
            else:
                venvs: dict[str, bool] = {}
                listed = [r for r in listed if not _pruned(full, r, venvs)]
            candidates.extend(os.path.join(full, r) for r in listed)
        else:
            candidates.append(full)  # named explicitly (pre-commit): no pruning
            named.add(full)

    for full in candidates:
        real_key = os.path.normcase(full)
        if real_key in seen:
            continue
        seen.add(real_key)
        rel = _rel(full, root)
        explicit = full in named
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
            st = os.lstat(full)
        except FileNotFoundError:
            out.stats.skip("missing")  # listed by git but deleted in the work tree
            continue
        except OSError as exc:
            out.stats.skip("unreadable")
            out.notes.append(Note(rel, None, f"cannot read: {exc.strerror}", "skipped"))
            continue
        target = ""
        if stat.S_ISLNK(st.st_mode):
            followed = _follow(full, real_root, rel, out)
            if followed is None:
                continue
            target, st = followed
        elif explicit and in_system_tree(real := os.path.realpath(full)):
            out.stats.skip("special-file")
            out.notes.append(
                Note(rel, None, "special file (under /proc, /sys or /dev); not read", "skipped")
            )
            continue
        elif explicit and not _inside(real, real_root):
            # named through a linked directory (pre-commit names files one by one)
            out.stats.skip("outside-root")
            out.notes.append(
                Note(rel, None, "resolves outside the scanned tree; not read", "skipped")
            )
            continue
        if stat.S_ISDIR(st.st_mode):
            out.stats.skip("not-a-file")
            if not target:  # a directory git lists as one path is a submodule
                out.notes.append(Note(rel, None, "git submodule; not scanned", "skipped"))
            continue
        if not stat.S_ISREG(st.st_mode):
            out.stats.skip("special-file")
            out.notes.append(
                Note(rel, None, f"special file ({_kind(st.st_mode)}); not read", "skipped")
            )
            continue
        if is_binary_name(rel):
            out.stats.skip("binary")
            continue
        if st.st_size > max_bytes:
            out.stats.skip("too-large")
            out.notes.append(Note(rel, None, f"larger than {max_bytes} bytes; not read", "skipped"))
            continue
        out.files.append(SourceFile(full, rel, st.st_size, target))
    out.files.sort(key=lambda f: f.rel_path)
    return out


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    return "not a regular file"


def _follow(
    full: str, real_root: str, rel: str, out: Discovery
) -> tuple[str, os.stat_result] | None:
    """(target, its stat) for a link that may be read, else None with the skip recorded.

    A link is followed only into the scan root and never into /proc, /sys or /dev:
    a link to /proc/kmsg blocks a root run for ever, one to /etc/passwd reads a
    file the repository does not hold.
    """
    try:
        st = os.stat(full)
    except FileNotFoundError:
        out.stats.skip("broken-symlink")
        out.notes.append(Note(rel, None, "broken symbolic link", "skipped"))
        return None
    except OSError as exc:
        reason = "symlink-loop" if exc.errno == 40 else "unreadable"
        out.stats.skip(reason)
        out.notes.append(Note(rel, None, f"cannot read: {exc.strerror}", "skipped"))
        return None
    target = os.path.realpath(full)
    if in_system_tree(target):
        out.stats.skip("special-file")
        out.notes.append(
            Note(rel, None, "special file (link into /proc, /sys or /dev); not read", "skipped")
        )
        return None
    if not _inside(target, real_root):
        out.stats.skip("outside-root")
        out.notes.append(
            Note(rel, None, "symbolic link to outside the scanned tree; not followed", "skipped")
        )
        return None
    if stat.S_ISDIR(st.st_mode):
        out.stats.skip("not-a-file")
        out.notes.append(Note(rel, None, _LINK_DIR_NOTE, "skipped"))
        return None
    return target, st


# -- local models (D19) --------------------------------------------------------
# Whether a value names a local model rather than a Hub id. The rule is what a loader
# does: from_pretrained("org/name") loads from disk only when org/name is a directory
# holding a model (its config, adapter config or weights); a regular file or an
# unrelated directory of that name does not stop it from going to the Hub, so a stray
# file or folder named like the id (even an empty one) does not hide the reference.
# A value written as a path (./, ../, /, ~) is local whatever exists.

# Names whose presence makes a directory a model a loader would read.
MODEL_FILES = frozenset(
    {
        "config.json",
        "adapter_config.json",
        "model_index.json",  # diffusers pipelines
        "modules.json",  # sentence-transformers
        "config_sentence_transformers.json",
        "params.json",  # Mistral / Llama consolidated checkpoints
        "pytorch_model.bin",
        "pytorch_model.bin.index.json",
        "model.safetensors.index.json",
        "tf_model.h5",
        "flax_model.msgpack",
        "adapter_model.bin",
    }
)
# Weight files: a directory holding one, or a non-empty file of this kind, is a local model.
WEIGHT_EXTENSIONS = (
    ".safetensors",
    ".gguf",
    ".ggml",
    ".bin",
    ".pt",
    ".pth",
    ".ckpt",
    ".onnx",
    ".h5",
    ".keras",
    ".tflite",
    ".msgpack",
    ".nemo",
    ".pkl",
    ".joblib",
)
_PATH_PREFIXES = ("./", "../", "/", "~", ".\\", "..\\")
_MAX_ENTRIES = 2000  # a directory is looked at, never walked


def written_as_path(value: str) -> bool:
    """``./x``, ``../x``, ``/x``, ``~/x`` (and Windows drive or backslash forms)."""
    v = value.strip()
    return v.startswith(_PATH_PREFIXES) or (len(v) > 2 and v[1] == ":" and v[2] in "/\\")


def is_model_dir(path: str) -> bool:
    """A directory holding a model's config or weights (followed through a link, as a
    loader would follow it)."""
    try:
        if not stat.S_ISDIR(os.stat(path).st_mode):
            return False
        with os.scandir(path) as entries:
            for n, entry in enumerate(entries):
                if n >= _MAX_ENTRIES:
                    return False
                name = entry.name.lower()
                if name in MODEL_FILES or name.endswith(WEIGHT_EXTENSIONS):
                    return True
    except OSError:
        return False
    return False


def is_weight_file(path: str) -> bool:
    """A non-empty regular file with a weight file's extension."""
    if not path.lower().endswith(WEIGHT_EXTENSIONS):
        return False
    try:
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_size > 0


def names_local_model(value: str, bases: tuple[str, ...]) -> bool:
    """Whether ``value`` is a local path a loader would read instead of the Hub.

    ``bases`` are the directories it would be resolved against (the scan root,
    the directory of the file that names it).
    """
    if written_as_path(value):
        return True
    for base in bases:
        path = os.path.join(base, value)
        if is_model_dir(path) or is_weight_file(path):
            return True
    return False
