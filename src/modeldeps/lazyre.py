"""Regular expressions compiled on first use.

A hook run imports every module on its path but uses only a few of their
patterns; compiling all of them at import (and importing ``re`` at all) cost
a commit without models a noticeable share of its start-up. :func:`lazy`
keeps the ``re.compile`` call site and its arguments and compiles when a
method is first called.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    import re
    from collections.abc import Callable, Iterator
    from typing import Any

# re's flag values, so call sites need not import re for them (stable since Python 3.6)
IGNORECASE = 2
MULTILINE = 8

AnyStr = str  # the patterns here are text; bytes patterns use re.compile directly


if TYPE_CHECKING:

    class LazyPattern:
        """A ``re.Pattern[str]`` stand-in that compiles itself on first use."""

        __slots__ = ("_compiled", "_flags", "_source")

        def __init__(self, source: str, flags: int = 0) -> None:
            self._source = source
            self._flags = flags
            self._compiled: re.Pattern[str] | None = None

        @property
        def compiled(self) -> re.Pattern[str]:
            """The compiled pattern."""
            if self._compiled is None:
                import re  # ~3 ms that a commit without models never needs

                self._compiled = re.compile(self._source, self._flags)
            return self._compiled

        @property
        def pattern(self) -> str:
            return self._source

        def search(self, string: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
            return self.compiled.search(string, pos, endpos)

        def match(self, string: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
            return self.compiled.match(string, pos, endpos)

        def fullmatch(self, string: str, pos: int = 0, endpos: int = 2**62) -> re.Match[str] | None:
            return self.compiled.fullmatch(string, pos, endpos)

        def finditer(
            self, string: str, pos: int = 0, endpos: int = 2**62
        ) -> Iterator[re.Match[str]]:
            return self.compiled.finditer(string, pos, endpos)

        def findall(self, string: str, pos: int = 0, endpos: int = 2**62) -> list[Any]:
            return self.compiled.findall(string, pos, endpos)

        def sub(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> str:
            return self.compiled.sub(repl, string, count)

        def split(self, string: str, maxsplit: int = 0) -> list[str]:
            return self.compiled.split(string, maxsplit)


_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "split")

if not TYPE_CHECKING:

    class LazyPattern:
        """Compiles on first use, then binds the compiled methods onto itself, so every
        later call goes straight to ``re``'s C code."""

        def __init__(self, source: str, flags: int = 0) -> None:
            self.pattern = source
            self._flags = flags

        def __getattr__(self, name: str) -> object:
            if name not in _METHODS:
                raise AttributeError(name)
            import re  # ~3 ms that a commit without models never needs

            compiled = re.compile(self.pattern, self._flags)
            for method in _METHODS:
                setattr(self, method, getattr(compiled, method))
            return getattr(compiled, name)


def lazy(source: str, flags: int = 0) -> LazyPattern:
    """A pattern compiled when first used (see the module doc)."""
    return LazyPattern(source, flags)
