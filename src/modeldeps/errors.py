"""Exceptions for fatal usage and configuration problems.

Problems with individual files or models are values (notes, records with a
status), never exceptions; these are only for what stops a run.
"""

from __future__ import annotations

from collections.abc import Sequence

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import ClassVar

EXIT_OK = 0
EXIT_POLICY = 1
EXIT_USAGE = 2
EXIT_UNRESOLVED = 3
EXIT_INTERNAL = 4


class ModeldepsError(Exception):
    """Root of the tool's own errors; ``exit_code`` is what the CLI exits with."""

    exit_code: ClassVar[int] = EXIT_USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def render(self) -> str:
        """What the CLI and the hook print on stderr, without a trailing newline.

        Messages quote outside text (config keys, file names, Hub answers): every line
        is made safe for a terminal and a CI log (``textsafe.block``).
        """
        from modeldeps.textsafe import block

        text = f"modeldeps: error: {self.message}"
        return block(f"{text}\nhint: {self.hint}" if self.hint else text)


def did_you_mean(word: str, known: Sequence[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known``, else ``""``."""
    import difflib  # only an error message needs it

    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class UsageError(ModeldepsError):
    """Bad command-line input (a missing path, conflicting flags)."""


class ConfigError(ModeldepsError):
    """A configuration file that cannot be used."""


class PolicyError(ModeldepsError):
    """A policy file that cannot be used; lists every problem found."""

    def __init__(self, problems: list[str], *, hint: str | None = None) -> None:
        self.problems = problems
        text = (
            problems[0]
            if len(problems) == 1
            else f"{len(problems)} problems in policy:\n" + ("\n".join(f"  {p}" for p in problems))
        )
        super().__init__(text, hint=hint)


class LockError(ModeldepsError):
    """A lockfile that cannot be read or written."""
