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
DOTALL = 16

if TYPE_CHECKING:

    class LazyPattern:
        """What type checkers see: the methods of ``re.Pattern[str]`` it forwards."""

        pattern: str

        def __init__(self, source: str, flags: int = 0) -> None: ...
        def search(self, s: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None: ...
        def match(self, s: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None: ...
        def fullmatch(self, s: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None: ...
        def finditer(self, s: str, pos: int = 0, endpos: int = ...) -> Iterator[re.Match[str]]: ...
        def findall(self, s: str, pos: int = 0, endpos: int = ...) -> list[Any]: ...
        def sub(
            self, repl: str | Callable[[re.Match[str]], str], s: str, count: int = 0
        ) -> str: ...
        def split(self, s: str, maxsplit: int = 0) -> list[str]: ...


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
