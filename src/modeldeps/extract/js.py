"""JavaScript / TypeScript extractor (transformers.js, @huggingface/inference).

A small lexer separates strings, comments, regular-expression literals and
identifiers, so a model id inside a comment or a regex is not read as code,
and an id in a string is read wherever the call spans lines.
"""

from __future__ import annotations

import re

from modeldeps.extract.base import FileContext, key_strength
from modeldeps.extract.ids import Strength
from modeldeps.lazyre import lazy
from modeldeps.model import ReferenceKind

_TOKEN_RE = lazy(
    r"""(?P<ws>\s+)
    |(?P<comment>//[^\n]*|/\*.*?(?:\*/|\Z))
    |(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)
    |(?P<ident>[A-Za-z_$][\w$]*)
    |(?P<num>\d[\w.]*)
    |(?P<slash>/)
    |(?P<punct>.)""",
    re.S | re.X,
)
_REGEX_PRECEDERS = frozenset("(,=:[!&|?{};+-*%<>~^")
_REGEX_KEYWORDS = frozenset(
    {
        "return",
        "typeof",
        "case",
        "do",
        "else",
        "in",
        "of",
        "void",
        "yield",
        "await",
        "throw",
        "delete",
        "instanceof",
        "new",
    }
)
_DECL = frozenset({"const", "let", "var"})


class _Tok:
    __slots__ = ("kind", "start", "value")

    def __init__(self, kind: str, value: str, start: int) -> None:
        self.kind = kind
        self.value = value
        self.start = start


def _skip_regex(text: str, pos: int) -> int:
    """Return the end of a regex literal starting at ``pos`` (the opening slash)."""
    i = pos + 1
    in_class = False
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "\n":
            return i
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "/":
            i += 1
            while i < n and (text[i].isalnum()):
                i += 1
            return i
        i += 1
    return n


def tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    pos = 0
    n = len(text)
    prev: _Tok | None = None
    while pos < n:
        m = _TOKEN_RE.match(text, pos)
        if m is None:  # pragma: no cover - the last alternative matches any character
            break
        kind = m.lastgroup or "punct"
        if kind == "slash":
            if (
                prev is None
                or (prev.kind == "punct" and prev.value in _REGEX_PRECEDERS)
                or (prev.kind == "ident" and prev.value in _REGEX_KEYWORDS)
            ):
                pos = _skip_regex(text, pos)
                prev = _Tok("regex", "", m.start())
                continue
            kind = "punct"
        if kind not in ("ws", "comment"):
            tok = _Tok(kind, m.group(0), m.start())
            toks.append(tok)
            prev = tok
        pos = m.end()
    return toks


def _literal_strings(toks: list[_Tok], start: int) -> list[_Tok]:
    """The string tokens of the object or array literal opening at ``toks[start]``."""
    out: list[_Tok] = []
    depth = 0
    for tok in toks[start:]:
        if tok.kind == "punct" and tok.value in "{[(":
            depth += 1
        elif tok.kind == "punct" and tok.value in "}])":
            depth -= 1
            if depth == 0:
                break
        elif tok.kind == "str":
            out.append(tok)
    return out


def _string_value(tok: _Tok) -> str | None:
    if tok.kind != "str":
        return None
    body = tok.value[1:-1]
    if tok.value[0] == "`" and "${" in body:
        return None
    return body


def extract_js_file(ctx: FileContext) -> None:
    toks = tokenize(ctx.text)
    consts: dict[str, _Tok] = {}
    kind = ReferenceKind.JS_CALL

    def report(tok: _Tok, strength: Strength) -> None:
        if tok.kind == "ident" and tok.value in consts:
            tok = consts[tok.value]
        value = _string_value(tok)
        if value is not None:
            ctx.add_at(value, tok.start + 1, kind, strength)

    n = len(toks)
    for i, tok in enumerate(toks):
        # const MODEL_ID = 'org/name'
        if tok.kind == "ident" and tok.value in _DECL and i + 3 < n:
            name, eq, val = toks[i + 1], toks[i + 2], toks[i + 3]
            if name.kind == "ident" and eq.value == "=" and val.kind == "str":
                consts[name.value] = val
                strength = key_strength(name.value)
                if strength is not None:
                    report(val, strength)
            elif name.kind == "ident" and eq.value == "=" and val.value in ("{", "["):
                # const MODELS = { chat: "org/a", embed: "org/b" } / ["org/a", "org/b"]
                strength = key_strength(name.value)
                if strength is not None:
                    for inner in _literal_strings(toks, i + 3):
                        report(inner, strength)
        if tok.kind != "ident" or i + 2 >= n:
            continue
        nxt = toks[i + 1]
        if tok.value == "pipeline" and nxt.value == "(" and i + 4 < n:
            if toks[i + 3].value == ",":
                report(toks[i + 4], Strength.STRONG)
        elif tok.value == "from_pretrained" and nxt.value == "(":
            report(toks[i + 2], Strength.STRONG)
        elif nxt.value == ":" and (i == 0 or toks[i - 1].value in ("{", ",")):
            strength = key_strength(tok.value)
            if strength is not None:
                report(toks[i + 2], strength)
    # Quoted object keys: { "model": "org/name" }
    for i in range(n - 2):
        tok = toks[i]
        if tok.kind == "str" and toks[i + 1].value == ":" and (i == 0 or toks[i - 1].value in "{,"):
            key = _string_value(tok)
            strength = key_strength(key) if key else None
            if strength is not None:
                report(toks[i + 2], strength)
    from modeldeps.extract.candidates import literal_candidates

    literal_candidates(ctx)
