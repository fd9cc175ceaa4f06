"""Extract stage: file bytes -> references.

:func:`extract_bytes` decides a file's family from its name (or shebang),
rejects binary content, runs a cheap byte prefilter so that files which cannot
contain a reference are never decoded or parsed, and dispatches to the
family's extractor. Every family also gets the Hub-URL pass.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable
from importlib import import_module

from modeldeps.extract import prefilter
from modeldeps.extract.filenames import untemplated
from modeldeps.model import Note, Reference
from modeldeps.record import record

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only

if TYPE_CHECKING:
    from modeldeps.extract.base import FileContext

Extractor = Callable[["FileContext"], None]

# One extractor per family, as "module:function". Imported when a file of the family
# first passes the prefilter: a hook run whose files mention no model then loads none
# of them (nor ast, nor PyYAML), and one that touches a notebook loads only that.
EXTRACTORS: dict[str, str] = {
    "python": "python:extract_python_file",
    "notebook": "notebook:extract_notebook_file",
    "yaml": "config:extract_yaml_file",
    "json": "config:extract_json_file",
    "toml": "config:extract_toml_file",
    "shell": "config:extract_shell_file",
    "js": "js:extract_js_file",
    "markdown": "docs:extract_docs_file",
}
_loaded: dict[str, Extractor] = {}


# Families whose comments, docstrings and help texts are read for the ``comment`` scope.
_COMMENTED = frozenset({"python", "shell", "yaml", "toml", "js", "markdown"})


def extractor_for(family: str) -> Extractor | None:
    """The extractor of ``family``, imported on first use; None for plain text."""
    fn = _loaded.get(family)
    if fn is None and family in EXTRACTORS:
        module, name = EXTRACTORS[family].split(":")
        fn = _loaded[family] = getattr(import_module(f"modeldeps.extract.{module}"), name)
    return fn


_EXT_FAMILY = {
    ".py": "python",
    ".pyi": "python",
    ".pyw": "python",
    ".ipynb": "notebook",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".toml": "toml",
    ".sh": "shell",
    ".bash": "shell",
    ".zsh": "shell",
    ".ksh": "shell",
    ".fish": "shell",
    ".env": "shell",
    ".mk": "shell",
    ".dockerfile": "shell",
    ".ps1": "shell",
    ".bat": "shell",
    ".cmd": "shell",
    ".just": "shell",
    # batch-scheduler job scripts are shell scripts (#SBATCH lines are comments)
    ".slurm": "shell",
    ".sbatch": "shell",
    ".pbs": "shell",
    ".lsf": "shell",
    ".qsub": "shell",
    # key = value formats: the shell pass's assignment rules read them
    ".tf": "shell",
    ".tfvars": "shell",
    ".hcl": "shell",
    ".ini": "shell",
    ".cfg": "shell",
    ".conf": "shell",
    ".properties": "shell",
    ".js": "js",
    ".mjs": "js",
    ".cjs": "js",
    ".jsx": "js",
    ".ts": "js",
    ".tsx": "js",
    ".mts": "js",
    ".cts": "js",
    ".vue": "js",
    ".svelte": "js",
    # C-family sources: string literals, // and /* */ comments read the same way
    ".go": "js",
    ".rs": "js",
    ".java": "js",
    ".kt": "js",
    ".kts": "js",
    ".scala": "js",
    ".cs": "js",
    ".swift": "js",
    ".dart": "js",
    ".c": "js",
    ".cc": "js",
    ".cpp": "js",
    ".h": "js",
    ".hpp": "js",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".qmd": "markdown",
    ".rmd": "markdown",
    ".rst": "markdown",
    ".adoc": "markdown",
    ".asciidoc": "markdown",
}
_NAME_FAMILY = {
    "dockerfile": "shell",
    "containerfile": "shell",
    "makefile": "shell",
    "gnumakefile": "shell",
    "procfile": "shell",
    "justfile": "shell",
    ".env": "shell",
    "pipfile": "toml",
}


def family_of(path: str) -> str:
    """The extractor family for a file name (``README.md.tpl`` is Markdown)."""
    base = os.path.basename(path)
    lower = untemplated(base.lower())
    fam = _NAME_FAMILY.get(lower)
    if fam is not None:
        return fam
    if lower.startswith((".env.", "dockerfile.", "containerfile.")) or lower.endswith(
        (".dockerfile", ".containerfile")
    ):
        return "shell"
    if lower.startswith("makefile."):
        return "shell"
    return _EXT_FAMILY.get(os.path.splitext(lower)[1], "text")


_COOKIE = rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)"  # compiled only for a file that asks
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


# Line breaks (D10). Normalised at one point, where bytes become text (decode()), so
# every extractor, the prefilter's line numbers and LineIndex see only "\n":
# * "\r\n" and a lone "\r" (old Mac files) are line breaks to Python, YAML, shells and
#   every editor; each is one line, so line numbers are the ones an editor shows.
# * The other separators str.splitlines() honours (VT, FF, FS, GS, RS, NEL, LS, PS) are
#   line breaks to some readers (PyYAML: NEL, LS, PS; JavaScript: LS, PS) and not to
#   others, so one of them must never glue a statement to the line before where a
#   reader would run it: each counts as one line break too (as str.splitlines() numbers
#   lines). Editors that show them inside a line then show a smaller line number.
# * Except a form feed just before a line break (the ^L page-break line of Emacs-style
#   sources, whitespace to Python): it becomes a space, so such files keep their numbers.
_ODD_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_TO_NEWLINE = str.maketrans(dict.fromkeys("\r" + _ODD_BREAKS, "\n"))
_ODD_BYTES = tuple(c.encode() for c in "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def normalize_breaks(text: str) -> str:
    """``text`` with every line break written as ``"\n"`` (see the rule above)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    ascii_only = text.isascii()
    if any(c in text for c in "\r\x0b\x0c\x1c\x1d\x1e") or (
        not ascii_only and any(c in text for c in "\x85\u2028\u2029")
    ):
        if "\x0c" in text:
            text = text.replace("\x0c\n", " \n")
        text = text.translate(_TO_NEWLINE)
    return text


def _probe_form(data: bytes) -> bytes:
    """The bytes the prefilter reads: the same line breaks as decode() gives the text, so
    a token after a lone CR or another separator sits at a line start there too."""
    # one-byte breaks are found by memchr; the multi-byte ones only exist outside ASCII
    # (searching for those in every file cost more than the rest of the prefilter)
    if (
        b"\r" in data
        or b"\x0b" in data
        or b"\x0c" in data
        or b"\x1c" in data
        or b"\x1d" in data
        or b"\x1e" in data
        or (not data.isascii() and any(b in data for b in _ODD_BYTES[6:]))
    ):
        for b in _ODD_BYTES:
            data = data.replace(b, b"\n")
    return data


def decode(data: bytes, family: str) -> tuple[str | None, str | None]:
    """(text, note). text is None for binary content. Line breaks are normalised."""
    text, note = _decode(data, family)
    return (None if text is None else normalize_breaks(text)), note


def _decode(data: bytes, family: str) -> tuple[str | None, str | None]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), None
            except UnicodeDecodeError:
                return data.decode(
                    enc, "replace"
                ), f"invalid {enc} text; undecodable bytes replaced"
    if b"\0" in data[:8192]:
        return None, None
    if family == "python":
        head = b"\n".join(data.split(b"\n", 2)[:2])
        m = None
        if b"coding" in head:  # PEP 263 cookie: rare enough to import re only then
            import re

            m = re.search(_COOKIE, head, re.MULTILINE)
        if m is not None:
            enc = m.group(1).decode("ascii", "replace")
            try:
                return data.decode(enc), None
            except Exception:  # unknown, undefined or non-text codecs (D22)
                pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; read as Latin-1"


def _shebang_family(data: bytes) -> str | None:
    if not data.startswith(b"#!"):
        return None
    first = data[:128].replace(b"\r", b"\n").split(b"\n", 1)[0]
    if b"python" in first:
        return "python"
    if any(s in first for s in (b"sh", b"bash", b"zsh")):
        return "shell"
    return None


@record
class FileOutcome:
    """Result of extracting one file. ``status``: scanned | skipped | failed."""

    references: tuple[Reference, ...]
    notes: tuple[Note, ...]
    status: str
    skip_reason: str | None = None


_EMPTY: tuple[Reference, ...] = ()
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def extract_bytes(rel_path: str, abs_path: str, root: str, data: bytes) -> FileOutcome:
    """Extract the references in one file's content.

    Never raises (D22): an extractor that fails on an odd file leaves a "failed" note
    for that file, with the references found before it failed, and the scan goes on.
    """
    family = "text"
    try:
        family = family_of(rel_path)
        if family == "text":
            family = _shebang_family(data) or "text"
        return _extract(rel_path, abs_path, root, data, family)
    except Exception as exc:  # one odd file must not end the scan
        message = _failure(family, exc)
        return FileOutcome(_EMPTY, (Note(rel_path, None, message, "failed"),), "failed")


def _failure(family: str, exc: BaseException) -> str:
    """The note for a failed extractor; it names the error's type, never file content."""
    return f"could not be read by the {family} extractor ({type(exc).__name__}); not fully read"


def _extract(
    rel_path: str,
    abs_path: str,
    root: str,
    data: bytes,
    family: str,
) -> FileOutcome:
    wide = data.startswith(_WIDE_BOMS)
    if b"\0" in data[:8192] and not wide:
        return FileOutcome(
            _EMPTY, (Note(rel_path, None, "binary content", "skipped"),), "skipped", "binary"
        )
    # UTF-16/32 text interleaves NUL bytes; prefilter its UTF-8 form instead.
    probe_bytes = (
        (decode(data, family)[0] or "").encode("utf-8", "replace") if wide else _probe_form(data)
    )
    has_id, has_url, has_api = prefilter.probe_all(probe_bytes.lower())
    if not has_url and not has_id and not has_api:
        return FileOutcome(_EMPTY, (), "scanned")
    if has_id and not has_api:
        has_api = prefilter.router_of(rel_path) is not None  # a router's file lists routes
    content, decode_note = decode(data, family)
    if content is None:
        return FileOutcome(
            _EMPTY, (Note(rel_path, None, "binary content", "skipped"),), "skipped", "binary"
        )
    from modeldeps.extract.base import FileContext

    ctx = FileContext(rel_path, abs_path, root, content)
    if decode_note:
        ctx.note(decode_note, kind="info")
    extractor = extractor_for(family)
    steps: list[tuple[str, Callable[[], None]]] = []
    if extractor is not None and (has_id or family == "notebook"):
        steps.append((family, lambda: extractor(ctx)))
    if has_id and family in _COMMENTED:
        from modeldeps.extract.comments import extract_comments

        steps.append(("comment", lambda: extract_comments(ctx, family)))
    if has_url and family != "notebook":  # notebooks read URLs per cell, never in outputs
        from modeldeps.extract.text import scan_urls

        steps.append(("URL", lambda: scan_urls(ctx)))
    if has_api and family != "text":  # hosted API models, after the Hub passes (api.py)
        from modeldeps.extract.api import scan_file

        steps.append(("API", lambda: scan_file(ctx, family)))
    for name, step in steps:
        try:
            step()
        except Exception as exc:  # D22: a note for this file, not a crash
            ctx.note(_failure(name, exc), kind="failed")
    failed = any(n.kind in ("failed", "fallback") for n in ctx.notes)
    refs = sorted(ctx.references, key=lambda r: (r.location.line, r.location.column, r.model_id))
    return FileOutcome(tuple(refs), tuple(ctx.notes), "failed" if failed else "scanned")
