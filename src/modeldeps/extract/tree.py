"""The positioned tree every structured format (YAML, JSON, TOML) is read into.

Scalars keep their text, line and column, so the walk that decides which keys
name models is the same for every format, and for both YAML readers.
"""

from __future__ import annotations


class Scalar:
    """A string value and where it starts (1-based line and column)."""

    __slots__ = ("block", "col", "line", "quoted", "value")

    def __init__(
        self, value: str, line: int, col: int, block: bool = False, quoted: bool = False
    ) -> None:
        self.value = value
        self.line = line
        self.col = col
        self.block = block  # YAML literal/folded block: content starts on the next line
        self.quoted = quoted  # YAML quoted scalar: always a string, never a number or bool


class PMap:
    """A mapping: (key, node) pairs in document order, duplicates kept."""

    __slots__ = ("items", "key_lines", "line")

    def __init__(self) -> None:
        self.items: list[tuple[str, object]] = []
        self.key_lines: list[int] = []  # the line of each key (the YAML line reader sets it)
        self.line = 0


class PSeq:
    """A sequence of nodes."""

    __slots__ = ("items", "line")

    def __init__(self) -> None:
        self.items: list[object] = []
        self.line = 0
