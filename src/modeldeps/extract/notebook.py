"""Jupyter notebook extractor.

Code cells go through the Python extractor (all cells as one module, so a
constant set in one cell and used in another is followed; cell by cell when
the whole does not parse). ``!cmd`` lines and ``%%bash`` cells go through the
shell pass; Hub URLs are read from cell sources, not from outputs.

Location rule: a reference points at the line of the ``.ipynb`` file on which
its source line is stored. Notebooks saved by Jupyter store each source line
as its own JSON string on its own line, so this is exact; when a cell's source
is stored as one string, every line of that cell points at the line where the
string starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from modeldeps.extract import normalize_breaks
from modeldeps.extract.base import FileContext, LineIndex
from modeldeps.extract.python import extract_python_source
from modeldeps.extract.text import scan_shell, scan_urls
from modeldeps.lazyre import lazy

_SHELL_CELL_RE = lazy(r"^%%(?:bash|sh|script|shell|system)\b")
_HELP_RE = lazy(r"^[\w.\[\]()'\"]+\?{1,2}\s*$")  # IPython help: obj? / obj??


def _fixed_line(line: int, column_base: int) -> Callable[[int], tuple[int, int]]:
    """Position function for text that all sits on one file line."""

    def pos(offset: int) -> tuple[int, int]:
        return line, column_base + offset + 1

    return pos


def _lines_at(body: str, lines: list[int], first_base: int) -> Callable[[int], tuple[int, int]]:
    """Position function for text over consecutive cell lines (``lines``: their file
    lines); the first of them starts ``first_base`` columns in."""
    index = LineIndex(body)

    def pos(offset: int) -> tuple[int, int]:
        line, col = index.line_col(offset)
        return lines[min(line, len(lines)) - 1], col + (first_base if line == 1 else 0)

    return pos


def _source_lines(cell: dict[str, object]) -> list[str] | None:
    src = cell.get("source", cell.get("input"))
    if isinstance(src, str):
        return src.splitlines(keepends=True) or [""]
    if isinstance(src, list) and all(isinstance(x, str) for x in src):
        return [str(x) for x in src]
    return None


class _Locator:
    """Finds where each source line of each cell is stored in the raw file."""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        self.cursor = 0
        self.last_line = 1

    def locate(self, piece: str) -> int:
        text = self.ctx.text
        for encoded in (json.dumps(piece, ensure_ascii=False), json.dumps(piece)):
            at = text.find(encoded, self.cursor)
            if at != -1:
                self.cursor = at + len(encoded)
                self.last_line = self.ctx.lines.line_col(at)[0]
                return self.last_line
        return self.last_line

    def cell_lines(self, cell: dict[str, object], lines: list[str]) -> list[int]:
        if isinstance(cell.get("source", cell.get("input")), str):
            whole = "".join(lines)
            first = self.locate(whole)
            return [first] * len(lines)
        return [self.locate(line) for line in lines]


def _normalized(lines: list[str], file_lines: list[int]) -> tuple[list[str], list[int]]:
    """Source lines with the line breaks decode() gives file text (a cell string may hold
    a lone CR or another separator), each new line at its stored line's place."""
    if not any(normalize_breaks(line).count("\n") > line.endswith("\n") for line in lines):
        return [normalize_breaks(line) for line in lines], file_lines
    out: list[str] = []
    places: list[int] = []
    for line, place in zip(lines, file_lines, strict=True):
        parts = normalize_breaks(line).split("\n")
        pieces = [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        out.extend(pieces or [""])
        places.extend([place] * len(pieces or [""]))
    return out, places


def _cells(nb: object) -> list[dict[str, object]] | None:
    if not isinstance(nb, dict):
        return None
    cells = nb.get("cells")
    if cells is None and isinstance(nb.get("worksheets"), list):  # nbformat 3
        cells = [
            c
            for ws in nb["worksheets"]
            if isinstance(ws, dict) and isinstance(ws.get("cells"), list)
            for c in ws["cells"]
        ]
    if not isinstance(cells, list):
        return None
    return [c for c in cells if isinstance(c, dict)]


def _markdown_cell(ctx: FileContext, text: str, file_lines: list[int]) -> None:
    """A markdown cell is a documentation page: its code blocks and prose are read as
    the docs extractor reads a page's, each reference at its source line's place."""
    from modeldeps.extract.docs import extract_block, fenced_blocks, prose_pass
    from modeldeps.model import Location, Scope
    from modeldeps.record import replace

    sub = FileContext(ctx.rel_path, ctx.abs_path, ctx.root, text, Scope.DOCS)
    sub.not_models = ctx.not_models
    sub._ml_context = ctx.ml_context  # the notebook's words, not the cell's alone
    lines = text.split("\n")
    for block in fenced_blocks(lines):
        extract_block(sub, block)
    prose_pass(sub, lines, rst=False)
    if not file_lines:
        return
    last = len(file_lines)
    moved = []
    for ref in sub.references:
        line = file_lines[min(ref.location.line, last) - 1]
        # the column on the notebook's line: where the id is written there
        col = ctx.lines.line_text(line).find(ref.model_id) + 1 or ref.location.column
        moved.append(replace(ref, location=Location(ctx.rel_path, line, col)))
    sub.references = moved
    ctx.merge(sub)


def extract_notebook_file(ctx: FileContext) -> None:
    try:
        nb = json.loads(ctx.text)
    except json.JSONDecodeError as exc:
        ctx.note(f"malformed notebook: {exc.msg}", line=exc.lineno)
        return
    except RecursionError:
        ctx.note("malformed notebook: nested too deeply", kind="failed")
        return
    cells = _cells(nb)
    if cells is None:
        ctx.note("malformed notebook: no cells list")
        return

    locator = _Locator(ctx)
    code_parts: list[tuple[list[str], list[int]]] = []
    for cell in cells:
        lines = _source_lines(cell)
        if lines is None:
            continue
        lines, file_lines = _normalized(lines, locator.cell_lines(cell, lines))
        cell_text = "".join(lines)
        offsets = LineIndex(cell_text)

        def pos(
            offset: int,
            fl: list[int] = file_lines,
            ix: LineIndex = offsets,
        ) -> tuple[int, int]:
            line, col = ix.line_col(offset)
            return fl[min(line, len(fl)) - 1], col

        scan_urls(ctx, cell_text, pos)
        if cell.get("cell_type") == "markdown":
            _markdown_cell(ctx, cell_text, file_lines)
        if cell.get("cell_type") != "code":
            continue
        if lines and _SHELL_CELL_RE.match(lines[0]):
            scan_shell(ctx, cell_text, pos)
            continue
        py_lines: list[str] = []
        continued, cont_indent = 0, ""  # lines a `!cmd \` goes on over, read with it
        for i, line in enumerate(lines):
            stripped = line.lstrip()
            if continued:
                continued -= 1
                py_lines.append(cont_indent + "pass\n")
            elif stripped.startswith("!"):
                indent = line[: len(line) - len(stripped)]
                end = i
                while end + 1 < len(lines) and lines[end].rstrip("\r\n").endswith("\\"):
                    end += 1  # !text-generation-launcher \ / --model-id org/x \ / ...
                continued, cont_indent = end - i, indent
                if continued:
                    body = stripped[1:] + "".join(lines[i + 1 : end + 1])
                    scan_shell(ctx, body, _lines_at(body, file_lines[i : end + 1], len(indent) + 1))
                else:
                    scan_shell(ctx, stripped[1:], _fixed_line(file_lines[i], len(indent) + 1))
                py_lines.append(indent + "pass\n")
            elif stripped.startswith(("%env ", "%set_env ")):
                # %env HF_MODEL_ID=org/name (or "%env NAME value"): an assignment
                indent = line[: len(line) - len(stripped)]
                magic, _, body = stripped.partition(" ")
                if "=" not in body:
                    body = re.sub(r"\s+", "=", body.strip(), count=1)
                start = len(indent) + len(magic) + 1
                scan_shell(ctx, body, _fixed_line(file_lines[i], start))
                py_lines.append(indent + "pass\n")
            elif stripped.startswith("%") or _HELP_RE.match(stripped):
                indent = line[: len(line) - len(stripped)]
                py_lines.append(indent + "pass\n")
            else:
                py_lines.append(line if line.endswith("\n") else line + "\n")
        code_parts.append((py_lines, file_lines))

    whole = "".join("".join(p) for p, _ in code_parts)
    whole_map = [fl for p, fls in code_parts for fl in fls[: len(p)]]

    def mapper(table: list[int]) -> object:
        return lambda n: table[min(max(n, 1), len(table)) - 1] if table else 1

    if not code_parts:
        return
    # Parse all cells as one module first; per cell when that fails (IPython syntax).
    import ast

    try:
        ast.parse(whole)
        extract_python_source(ctx, whole, mapper(whole_map))  # type: ignore[arg-type]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        for py_lines, file_lines in code_parts:
            extract_python_source(
                ctx,
                "".join(py_lines),
                mapper(file_lines),  # type: ignore[arg-type]
                label="cell does not parse",
            )
