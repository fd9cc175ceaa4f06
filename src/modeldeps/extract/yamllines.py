"""A line-level reader for block-style YAML, so most YAML files need no PyYAML.

Importing PyYAML costs a hook run more than scanning a small commit, and most
configuration files use a small part of YAML: block mappings and sequences,
plain and quoted one-line scalars, ``|`` and ``>`` blocks, comments. This
reader builds the same positioned tree (:mod:`modeldeps.extract.tree`) that
PyYAML's node graph gives for those files, and declines (returns None) at the
first construct it does not place exactly: flow collections other than ``[]``,
``{}`` and one-line lists of plain words, anchors, aliases, tags, complex
keys, multi-line plain or quoted scalars, tabs in indentation, directives.
Then the caller falls back to PyYAML. A test compares both readers on every
YAML file in the test corpora and on generated documents.
"""

from __future__ import annotations

from modeldeps.extract.tree import PMap, PSeq, Scalar
from modeldeps.lazyre import lazy

_MAX_DEPTH = 100
_ODD_BREAKS = lazy("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff]")
_LINE_SPLIT = lazy(r"\r\n|\r|\n")
_PLAIN_KEY = lazy(r"[^\s#'\"\[\]{}&*!|>%@`?,-][^#]*?|-[^\s#][^#]*?")
_BLOCK_HEADER = lazy(r"([|>])([-+]?)(\s+#.*)?")
_DQ_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
    "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}  # fmt: skip


class _Decline(Exception):
    """A construct this reader does not place exactly: PyYAML must read the file."""


def read(text: str, base_line: int = 0) -> list[object] | None:
    """The documents of ``text`` as positioned trees, or None to ask PyYAML instead.

    ``base_line`` is added to every line (front matter inside a Markdown file).
    """
    odd = not text.isascii() and _ODD_BREAKS.search(text)
    if odd or "\t" in text or "%" in text[:1] or any(c in text for c in "\x0b\x0c\x1c\x1d\x1e"):
        return None  # tabs are only a problem in indentation, but rare enough to hand over
    try:
        return _Reader(_LINE_SPLIT.split(text), base_line).documents()
    except (_Decline, RecursionError):
        return None


class _Reader:
    def __init__(self, lines: list[str], base_line: int) -> None:
        self.lines = lines
        self.base = base_line
        # (line index, indent, content) of every line that is not blank or a comment
        self.entries: list[tuple[int, int, str]] = []
        self.docs: list[list[tuple[int, int, str]]] = [[]]
        for i, raw in enumerate(lines):
            stripped = raw.strip(" ")
            if not stripped or stripped.startswith("#"):
                continue
            indent = len(raw) - len(raw.lstrip(" "))
            if indent == 0 and (raw.startswith("---") or raw.startswith("...")):
                if raw.rstrip(" ") not in ("---", "...") and raw[3:4] not in (" ",):
                    raise _Decline
                if raw[3:].strip(" ") and not raw[3:].strip(" ").startswith("#"):
                    raise _Decline  # content after '---'
                self.docs.append([])
                continue
            self.docs[-1].append((i, indent, raw.rstrip(" ")[indent:]))

    def documents(self) -> list[object]:
        out: list[object] = []
        for entries in self.docs:
            if not entries:
                continue
            self.entries = entries
            node, end = self.node(0, entries[0][1], 0, -1)
            if end != len(entries):
                raise _Decline
            out.append(node)
        return out

    # -- block structure --------------------------------------------------------------
    def node(self, k: int, indent: int, depth: int, parent: int) -> tuple[object, int]:
        if depth > _MAX_DEPTH:
            raise _Decline
        _i, ind, text = self.entries[k]
        if ind != indent:
            raise _Decline
        if _is_dash(text):
            return self.sequence(k, indent, depth)
        if _key_split(text) is not None:
            return self.mapping(k, indent, depth)
        value, nxt = self.inline(text, k, indent, parent)
        return value, nxt

    def mapping(self, k: int, indent: int, depth: int) -> tuple[PMap, int]:
        out = PMap()
        entries = self.entries
        out.line = self.base + entries[k][0] + 1
        while k < len(entries) and entries[k][1] == indent:
            i, _ind, text = entries[k]
            split = _key_split(text)
            if split is None:
                raise _Decline
            key, rest, rest_col = split
            if not rest:
                nxt = k + 1
                if nxt < len(entries) and (
                    entries[nxt][1] > indent
                    or (entries[nxt][1] == indent and _is_dash(entries[nxt][2]))
                ):
                    value, k = self.node(nxt, entries[nxt][1], depth + 1, indent)
                else:
                    value, k = Scalar("", self.base + i + 1, indent + rest_col + 1), nxt
            else:
                value, k = self.inline(rest, k, indent, indent, column=indent + rest_col)
            out.items.append((key, value))
            out.key_lines.append(self.base + i + 1)
        if k < len(entries) and entries[k][1] > indent:
            raise _Decline  # a continuation line PyYAML would read differently
        return out, k

    def sequence(self, k: int, indent: int, depth: int) -> tuple[PSeq, int]:
        out = PSeq()
        entries = self.entries
        out.line = self.base + entries[k][0] + 1
        while k < len(entries) and entries[k][1] == indent and _is_dash(entries[k][2]):
            i, _ind, text = entries[k]
            rest = text[1:]
            gap = len(rest) - len(rest.lstrip(" "))
            rest = rest.lstrip(" ")
            col = indent + 1 + gap
            if not rest or rest.startswith("#"):
                nxt = k + 1
                if nxt < len(entries) and entries[nxt][1] > indent:
                    value, k = self.node(nxt, entries[nxt][1], depth + 1, indent)
                else:
                    value, k = Scalar("", self.base + i + 1, col + 1), nxt
            elif _is_dash(rest) or _key_split(rest) is not None:
                self.entries[k] = (i, col, rest)  # `- key: v` opens a mapping at `key`
                value, k = self.node(k, col, depth + 1, indent)
            else:
                value, k = self.inline(rest, k, indent, indent, column=col)
            out.items.append(value)
        if k < len(entries) and entries[k][1] > indent:
            raise _Decline
        return out, k

    # -- scalars ----------------------------------------------------------------------
    def inline(
        self, text: str, k: int, indent: int, parent: int, column: int | None = None
    ) -> tuple[object, int]:
        """The value written on entry ``k`` at ``column`` (0-based); returns the next entry."""
        i = self.entries[k][0]
        col = indent if column is None else column
        line = self.base + i + 1
        first = text[0]
        if first in "&*!?%@`":
            raise _Decline
        if first in "[{":
            return self.flow(text, line, col), k + 1
        if first in "|>":
            return self.block(text, k, parent, line, col)
        if first in "'\"":
            value, end = _quoted(text)
            tail = text[end:]
            if tail.strip(" ") and not tail.lstrip(" ").startswith("#"):
                raise _Decline
            if tail and not tail.startswith(" ") and tail.strip(" "):
                raise _Decline
            return Scalar(value, line, col + 2, quoted=True), k + 1
        value = _plain(text)
        return Scalar(value, line, col + 1), k + 1

    def flow(self, text: str, line: int, col: int) -> object:
        """A flow sequence or mapping of scalars written on one line; nesting declines."""
        close = "]" if text[0] == "[" else "}"
        out: PSeq | PMap = PSeq() if close == "]" else PMap()
        i = 1
        items: list[Scalar] = []
        while True:
            while text[i : i + 1] == " ":
                i += 1
            ch = text[i : i + 1]
            if not ch or ch in "[{&*!#?":
                raise _Decline
            if (ch == close and not items) or (ch == close and text[i - 1] != ","):
                break
            if ch in "'\"":
                value, end = _quoted(text[i:])
                items.append(Scalar(value, line, col + i + 2, quoted=True))
                i += end
            else:
                end = i
                while end < len(text) and text[end] not in ",]}[{#" and text[end : end + 2] != ": ":
                    end += 1
                word = text[i:end].rstrip(" ")
                if not word or word.endswith(":") or text[end : end + 1] == "#":
                    raise _Decline
                items.append(Scalar(word, line, col + i + 1))
                i = end
            while text[i : i + 1] == " ":
                i += 1
            sep = text[i : i + 1]
            if close == "}" and len(items) % 2 == 1:
                if text[i : i + 2] != ": ":
                    raise _Decline
                i += 2
                continue
            if sep == ",":
                i += 1
                continue
            if sep == close:
                break
            raise _Decline
        tail = text[i + 1 :].strip(" ")
        if tail and not tail.startswith("#"):
            raise _Decline
        out.line = line
        if isinstance(out, PSeq):
            out.items = list(items)
        else:
            if any(not items[n].quoted and _plain_type(items[n].value) != "str" for n in
                   range(0, len(items), 2)):  # fmt: skip
                raise _Decline  # a key PyYAML would read as a number, a bool or null
            out.items = [(items[n].value, items[n + 1]) for n in range(0, len(items), 2)]
            out.key_lines = [line] * len(out.items)
        return out

    def block(self, text: str, k: int, parent: int, line: int, col: int) -> tuple[Scalar, int]:
        m = _BLOCK_HEADER.fullmatch(text)
        if m is None:
            raise _Decline  # indentation indicators and the like
        style, chomp = m.group(1), m.group(2)
        start = self.entries[k][0] + 1
        lines = self.lines
        end = start
        block_indent = None
        while end < len(lines):
            raw = lines[end]
            if raw.strip(" "):
                ind = len(raw) - len(raw.lstrip(" "))
                if ind <= parent:
                    break
                if block_indent is None:
                    block_indent = ind
                elif ind < block_indent:
                    raise _Decline  # PyYAML: a less indented line inside the block is an error
            end += 1
        if block_indent is None:
            raise _Decline  # an empty block: rare, and its chomping rules are fiddly
        body = [ln[block_indent:] if len(ln) > block_indent else "" for ln in lines[start:end]]
        while body and not body[-1].strip(" ") and not body[-1]:
            body.pop()
        if any(not ln.strip(" ") and ln for ln in body):
            raise _Decline  # whitespace-only lines longer than the indent
        if style == ">":
            if any(ln.startswith(" ") for ln in body):
                raise _Decline  # more-indented lines keep their breaks in folded blocks
            value = _fold(body)
        else:
            value = "\n".join(body)
        trailing = end - start - len(body)
        if chomp == "-":
            pass
        elif chomp == "+":
            value += "\n" * (1 + trailing) if body else "\n" * trailing
        elif body:
            value += "\n"
        # skip the entries the block covered
        nxt = k + 1
        while nxt < len(self.entries) and self.entries[nxt][0] < end:
            nxt += 1
        return Scalar(value, line, col + 1, block=True), nxt


def _is_dash(text: str) -> bool:
    return text == "-" or text.startswith(("- ", "-\t"))


def _key_split(text: str) -> tuple[str, str, int] | None:
    """(key, value text, 0-based column of the value) for a ``key: value`` line, else None."""
    if text[0] in "'\"":
        try:
            key, end = _quoted(text)
        except _Decline:
            return None
        if text[end : end + 1] != ":" or text[end + 1 : end + 2] not in ("", " "):
            return None
        colon = end
    else:
        colon = -1
        pos = 0
        while True:
            pos = text.find(":", pos)
            if pos < 0:
                return None
            if pos + 1 == len(text) or text[pos + 1] == " ":
                colon = pos
                break
            pos += 1
        key = text[:colon].rstrip(" ")
        if not _PLAIN_KEY.fullmatch(key) or " #" in key:
            return None
    rest = text[colon + 1 :]
    value = rest.lstrip(" ")
    if value.startswith("#"):
        value = ""
    return key, value, colon + 1 + (len(rest) - len(value))


def _plain(text: str) -> str:
    """A one-line plain scalar: up to a comment; declines what PyYAML reads otherwise."""
    cut = text.find(" #")
    value = (text if cut < 0 else text[:cut]).rstrip(" ")
    if ": " in value or value.endswith(":") or value.startswith(("- ", "? ")):
        raise _Decline
    return value


def _quoted(text: str) -> tuple[str, int]:
    """A one-line quoted scalar at the start of ``text``: (value, index after the quote)."""
    q = text[0]
    out: list[str] = []
    i = 1
    while i < len(text):
        ch = text[i]
        if q == "'":
            if ch == "'":
                if text[i + 1 : i + 2] == "'":
                    out.append("'")
                    i += 2
                    continue
                return "".join(out), i + 1
            out.append(ch)
            i += 1
            continue
        if ch == '"':
            return "".join(out), i + 1
        if ch == "\\":
            esc = text[i + 1 : i + 2]
            if esc in _DQ_ESCAPES:
                out.append(_DQ_ESCAPES[esc])
                i += 2
                continue
            width = {"x": 2, "u": 4, "U": 8}.get(esc)
            digits = text[i + 2 : i + 2 + width] if width else ""
            if (
                width
                and len(digits) == width
                and all(c in "0123456789abcdefABCDEF" for c in digits)
            ):
                out.append(chr(int(digits, 16)))
                i += 2 + width
                continue
            raise _Decline
        out.append(ch)
        i += 1
    raise _Decline  # the scalar goes on on the next line


def _fold(body: list[str]) -> str:
    out: list[str] = []
    prev_empty = True
    for ln in body:
        if not ln:
            out.append("\n")
            prev_empty = True
            continue
        if out and not prev_empty:
            out.append(" ")
        out.append(ln)
        prev_empty = False
    return "".join(out)


# -- typed data, for configuration and policy files ---------------------------------
_INT_RE = lazy(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT_RE = lazy(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?")
# What else YAML 1.1 (PyYAML's SafeLoader) reads as a number: octal, hex, binary,
# sexagesimal, underscores, .inf/.nan. Such plain scalars are left to PyYAML.
_OTHER_NUMBER_RE = lazy(
    r"[-+]?\.?[0-9][0-9_:.a-fA-FoxXbB]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_BOOLS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


def _plain_type(value: str) -> str:
    """What PyYAML's safe loader makes of a plain scalar: str, int, float, bool, null,
    or "other" (a form this reader does not construct)."""
    if value in _NULLS:
        return "null"
    if value in _BOOLS:
        return "bool"
    if value[:1] in "-+0123456789.":
        if _INT_RE.fullmatch(value):
            return "int"
        if _FLOAT_RE.fullmatch(value):
            return "float"
        if _OTHER_NUMBER_RE.fullmatch(value):
            return "other"
    if value in ("<<", "="):
        return "other"
    return "str"


def _typed(s: Scalar) -> object:
    if s.quoted or s.block:
        return s.value
    kind = _plain_type(s.value)
    if kind == "str":
        return s.value
    if kind == "null":
        return None
    if kind == "bool":
        return _BOOLS[s.value]
    if kind == "int":
        return int(s.value)
    if kind == "float":
        return float(s.value)
    raise _Decline


def load_data(text: str) -> tuple[object, dict[tuple[str | int, ...], int]] | None:
    """One YAML document as Python data with the line of every key path, as
    ``yamlpos.load`` gives it, or None to ask PyYAML (see the module doc; a test
    compares both on every corpus file and on generated documents)."""
    docs = read(text)
    if docs is None or len(docs) > 1:
        return None
    if not docs:
        return None, {}
    lines: dict[tuple[str | int, ...], int] = {}

    def convert(node: object, path: tuple[str | int, ...]) -> object:
        if isinstance(node, Scalar):
            lines.setdefault(path, node.line)
            return _typed(node)
        if isinstance(node, PSeq):
            lines.setdefault(path, node.line)
            return [convert(item, (*path, i)) for i, item in enumerate(node.items)]
        assert isinstance(node, PMap)
        lines.setdefault(path, node.line)
        out: dict[str, object] = {}
        for (key, value), key_line in zip(node.items, node.key_lines, strict=True):
            if not key or _plain_type(key) != "str":
                raise _Decline  # PyYAML would make this key a number, a bool or None
            lines[(*path, key)] = key_line
            out[key] = convert(value, (*path, key))
        return out

    try:
        return convert(docs[0], ()), lines
    except (_Decline, ValueError, RecursionError):
        return None
