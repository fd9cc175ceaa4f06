"""``modeldeps-hook``: ``modeldeps scan --quiet`` for pre-commit, started without click.

A hook runs on every commit, and most commits touch no model: then importing
click is a fifth of the whole run. This entry point reads the few arguments a
hook is given (file names, ``--policy``, ``--config``, ``--lock``,
``--fail-on``, ``--offline``, ``--no-cache``, ``-q``) and runs the same
pipeline and report as ``modeldeps scan --quiet``. Anything else, an option
it does not know or a ``MODELDEPS_*`` setting in the environment, is handed
to the click CLI as ``modeldeps scan --quiet OPTIONS -- PATHS`` (``--version``
as itself), so the two can never disagree on what an argument means; a test
runs both on the same inputs and compares every byte, and a property test
compares their parsers.

File names are never read as options. pre-commit runs ``entry``, then the
hook's ``args:``, then the staged file names, with no ``--`` between them, so
a committed file named ``--policy=research`` would otherwise switch the
policy. :func:`split` finds where the options end: at ``--``, at the first
argument that is not option-shaped, or at the first option-shaped argument
that names an existing file (pre-commit passes only files that exist). An
argument that is both an existing file and an option of ``modeldeps scan``
cannot be told apart, so the hook refuses it (exit 2) rather than guess;
``args: [..., --]`` (the manifest's default) removes every such doubt.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs start-up time a hook cannot spare
    from collections.abc import Callable

# Options taking a value -> CliValues field. Flags -> field.
_VALUED = {
    "--policy": "policy",
    "--config": "config_file",
    "--lock": "lock",
    "--fail-on": "fail_on",
}
_FLAGS = {"-q": "quiet", "--quiet": "quiet", "--offline": "offline", "--no-cache": "no_cache"}
_FAIL_ON = ("error", "warning", "note")
# The one MODELDEPS_* variable read below the CLI layer (options.build_scan_options).
_ENV_OK = frozenset({"MODELDEPS_CACHE_DIR"})
# Every option of ``modeldeps scan`` (a test keeps these equal to click's), so that an
# option the hook hands to the CLI is told apart from a file name just as its own are.
SCAN_VALUED = frozenset(
    {
        *_VALUED,
        "--exclude",
        "--max-file-size",
        "-j",
        "--jobs",
        "--cache-dir",
        "--hub-endpoint",
        "--timeout",
        "--deadline",
        "-f",
        "--format",
        "-o",
        "--output",
        "--new-since",
        "--scope",
        "--cyclonedx-version",
    }
)
SCAN_FLAGS = frozenset(
    {*_FLAGS, "--no-git", "-v", "--verbose", "--no-resolve", "--no-lock", "--help"}
)
_PROGRAM_OPTIONS = frozenset({"--version"})


class AmbiguousArgument(Exception):
    """An argument that is both an existing file and an option of ``modeldeps scan``."""

    def __init__(self, arg: str) -> None:
        super().__init__(arg)
        self.arg = arg

    def render(self) -> str:
        """The one-line usage error the hook prints."""
        return (
            f"Error: {self.arg!r} is both a file in this directory and an option of "
            "modeldeps; end the hook's args: with '--' in .pre-commit-config.yaml "
            "(file names follow them), or rename the file."
        )


def split(
    argv: list[str], exists: Callable[[str], bool] = os.path.lexists
) -> tuple[list[str], list[str]]:
    """Split a hook's arguments into options (with their values) and paths.

    A ``--`` that is not itself the name of an existing file is the user's
    (pre-commit puts file names after ``args:``): options come before it,
    paths after it. Without one, the options end at the first argument that
    does not start with ``-`` (or is ``-``), or at the first option-shaped
    argument naming an existing file; every argument after that is a path,
    whatever it looks like. Raises :class:`AmbiguousArgument` for an existing
    file named like an option of ``modeldeps scan`` before that point.
    """
    if "--" in argv and not exists("--"):
        end = argv.index("--")
        options, paths = _options_and_values(argv[:end])
        return options, [*paths, *argv[end + 1 :]]
    options = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest = argv[i + 1 :]
            # A committed file named "--" is a file too; everything after it is a path
            # in either reading, so scanning it is the only difference.
            return options, (["--", *rest] if exists(arg) and arg not in rest else rest)
        if not arg.startswith("-") or arg == "-":
            return options, argv[i:]
        name, eq, _ = arg.partition("=")
        if exists(arg):
            if name in SCAN_VALUED or name in SCAN_FLAGS or name in _PROGRAM_OPTIONS:
                raise AmbiguousArgument(arg)
            return options, argv[i:]
        options.append(arg)
        i += 1
        if name in SCAN_VALUED and not eq and i < len(argv):
            options.append(argv[i])  # the option's value, whatever it looks like
            i += 1
    return options, []


def _options_and_values(args: list[str]) -> tuple[list[str], list[str]]:
    """Arguments before the user's ``--``: options with their values, and paths between
    them (click accepts paths among options there too)."""
    options: list[str] = []
    paths: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg.startswith("-") or arg == "-":
            paths.append(arg)
            continue
        options.append(arg)
        name, eq, _ = arg.partition("=")
        if name in SCAN_VALUED and not eq and i < len(args):
            options.append(args[i])
            i += 1
    return options, paths


def parse(
    argv: list[str],
    environ: dict[str, str],
    exists: Callable[[str], bool] = os.path.lexists,
) -> dict[str, object] | None:
    """CliValues fields for ``argv``, or None when only the full CLI can answer.

    Raises :class:`AmbiguousArgument` (see :func:`split`).
    """
    options, paths = split(argv, exists)
    if any(k.startswith("MODELDEPS_") and k not in _ENV_OK for k in environ):
        return None
    values: dict[str, object] = {"quiet": True}
    i = 0
    while i < len(options):
        arg = options[i]
        i += 1
        if arg in _FLAGS:
            values[_FLAGS[arg]] = True
            continue
        name, eq, value = arg.partition("=")
        if name not in _VALUED:
            return None
        if not eq:
            if i >= len(options):
                return None  # click reports the missing value
            value = options[i]
            i += 1
        if name == "--fail-on" and value not in _FAIL_ON:
            return None  # click reports the bad choice
        values[_VALUED[name]] = value
    values["paths"] = tuple(paths)
    return values


def cli_argv(argv: list[str], exists: Callable[[str], bool] = os.path.lexists) -> list[str]:
    """The ``modeldeps`` arguments that mean what ``argv`` means to the hook.

    The paths always follow ``--``, so click reads none of them as an option.
    """
    options, paths = split(argv, exists)
    if options == ["--version"] and not paths:  # the program's version, not scan's option
        return options
    return ["scan", "--quiet", *options, *(["--", *paths] if paths else [])]


def _full_cli(argv: list[str]) -> None:
    from modeldeps.cli import cli

    cli.main(cli_argv(argv), prog_name="modeldeps")


def main() -> None:
    """Console-script entry point of ``modeldeps-hook``."""
    argv = sys.argv[1:]
    try:
        values = parse(argv, dict(os.environ))
    except AmbiguousArgument as exc:
        print(exc.render(), file=sys.stderr)
        sys.exit(2)
    if values is None:
        _full_cli(argv)
        return
    from modeldeps.errors import EXIT_INTERNAL, ModeldepsError

    try:
        code = _run(values)
    except ModeldepsError as exc:
        print(exc.render(), file=sys.stderr)
        code = exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        code = 130
    except BrokenPipeError:
        code = 0
    except Exception as exc:  # a bug: never exit 1, which means "policy failure"
        from modeldeps.cli import _internal_error

        _internal_error(exc)
        code = EXIT_INTERNAL
    sys.exit(code)


def _write(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # An ASCII locale (LANG=C, PYTHONIOENCODING=ascii): write UTF-8, as click does for
        # a stream it considers misconfigured, rather than lose the report over one name.
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8", "replace"))
    sys.stdout.flush()


def _run(values: dict[str, object]) -> int:
    from modeldeps import app
    from modeldeps.options import CliValues, build_scan_options
    from modeldeps.report import ReportOptions, reporter_class

    options = build_scan_options(
        CliValues(**values),  # type: ignore[arg-type]
        os.getcwd(),
        os.environ,
    )
    result = app.run_scan(options)
    for fmt, path in options.outputs:  # the config file cannot add outputs: text to stdout
        assert path is None
        color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        rendered = reporter_class(fmt)(
            ReportOptions(color=color, verbose=0, quiet=True, fail_on=options.fail_on)
        ).render(result)
        if rendered:
            _write(rendered)
    return app.exit_code(result, options)
