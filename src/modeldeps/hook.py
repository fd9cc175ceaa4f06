"""``modeldeps-hook``: ``modeldeps scan --quiet`` for pre-commit, started without click.

A hook runs on every commit, and most commits touch no model: then importing
click is a fifth of the whole run. This entry point reads the few arguments a
hook is given (file names, ``--policy``, ``--config``, ``--lock``,
``--fail-on``, ``--offline``, ``--no-cache``, ``-q``) and runs the same
pipeline and report as ``modeldeps scan --quiet``. Anything else, an option
it does not know or a ``MODELDEPS_*`` setting in the environment, is handed
to the click CLI as ``modeldeps scan --quiet ...`` (``--version`` as itself),
so the two can never disagree on what an argument means; a test runs both on
the same inputs and compares every byte, and a property test compares their
parsers.
"""

from __future__ import annotations

import os
import sys

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


def parse(argv: list[str], environ: dict[str, str]) -> dict[str, object] | None:
    """CliValues fields for ``argv``, or None when only the full CLI can answer."""
    if any(k.startswith("MODELDEPS_") and k not in _ENV_OK for k in environ):
        return None
    values: dict[str, object] = {"quiet": True}
    paths: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        i += 1
        if arg == "--":
            paths.extend(argv[i:])
            break
        if not arg.startswith("-") or arg == "-":
            paths.append(arg)
            continue
        if arg in _FLAGS:
            values[_FLAGS[arg]] = True
            continue
        name, eq, value = arg.partition("=")
        if name not in _VALUED:
            return None
        if not eq:
            if i >= len(argv):
                return None  # click reports the missing value
            value = argv[i]
            i += 1
        if name == "--fail-on" and value not in _FAIL_ON:
            return None  # click reports the bad choice
        values[_VALUED[name]] = value
    values["paths"] = tuple(paths)
    return values


def _full_cli(argv: list[str]) -> None:
    from modeldeps.cli import cli

    if argv == ["--version"]:  # the program's version, not an option of scan
        cli.main(argv, prog_name="modeldeps")
    cli.main(["scan", "--quiet", *argv], prog_name="modeldeps")


def main() -> None:
    """Console-script entry point of ``modeldeps-hook``."""
    argv = sys.argv[1:]
    values = parse(argv, dict(os.environ))
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
