"""Command-line interface: click commands wired to app.py; no logic of its own.

Heavy modules are imported inside the commands so that ``--help`` and a
pre-commit run of a handful of files start fast.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys

import click

from modeldeps import __version__
from modeldeps.errors import EXIT_INTERNAL, ModeldepsError

# Kept in step with report.REPORTERS by a test; listed here so --help needs no imports.
FORMATS = ("json", "text")

EXIT_CODES_HELP = """\b
Exit codes:
  0  clean
  1  policy failure
  2  usage or configuration error
  3  a model could not be resolved and the policy says that fails
  4  internal error (a bug: please report it)"""


def _version_text() -> str:
    try:
        from importlib.metadata import version

        hub = version("huggingface-hub")
    except Exception:
        hub = "not installed"
    return f"modeldeps {__version__} (huggingface_hub {hub}, Python {sys.version.split()[0]})"


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_version_text())
        ctx.exit(0)


def _internal_error(exc: BaseException) -> None:
    import platform
    import traceback

    click.echo(f"modeldeps: internal error: {type(exc).__name__}: {exc}", err=True)
    click.echo("This is a bug in modeldeps. Please report it with this block:", err=True)
    click.echo(f"  {_version_text()}", err=True)
    click.echo(f"  platform: {platform.platform()}", err=True)
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        frame = frames[-1]
        click.echo(
            f"  at: {os.path.basename(frame.filename)}:{frame.lineno} in {frame.name}", err=True
        )


class _Group(click.Group):
    """Turns every failure into its documented exit code, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except ModeldepsError as exc:
            click.echo(f"modeldeps: error: {exc.message}", err=True)
            if exc.hint:
                click.echo(f"hint: {exc.hint}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(0)
        except Exception as exc:  # a bug: never exit 1, which means "policy failure"
            _internal_error(exc)
            ctx.exit(EXIT_INTERNAL)
        raise AssertionError("unreachable")  # pragma: no cover


@click.group(
    cls=_Group,
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show modeldeps and huggingface_hub versions.",
)
def cli() -> None:
    """Audit the machine-learning models a repository depends on.

    modeldeps finds Hugging Face model ids in code, notebooks, configs,
    scripts and docs, and reports where each one is used.
    """


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    envvar="MODELDEPS_CONFIG",
    help="Configuration file (default: .modeldeps.yaml, else [tool.modeldeps] in "
    "pyproject.toml). [env: MODELDEPS_CONFIG]",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    envvar="MODELDEPS_FORMAT",
    help="Report format; repeat for several reports. [default: text] [env: MODELDEPS_FORMAT]",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="FILE",
    envvar="MODELDEPS_OUTPUT",
    help="Write the report of the --format in the same position to FILE. [env: MODELDEPS_OUTPUT]",
)
@click.option(
    "--no-resolve",
    is_flag=True,
    envvar="MODELDEPS_NO_RESOLVE",
    help="Only list references; never touch the network. [env: MODELDEPS_NO_RESOLVE]",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    envvar="MODELDEPS_EXCLUDE",
    help="Skip paths matching GLOB (repeatable; added to the config's). [env: MODELDEPS_EXCLUDE]",
)
@click.option(
    "--max-file-size",
    metavar="SIZE",
    envvar="MODELDEPS_MAX_FILE_SIZE",
    help="Skip files larger than SIZE, e.g. 4MiB. [default: 4MiB] [env: MODELDEPS_MAX_FILE_SIZE]",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=0),
    envvar="MODELDEPS_JOBS",
    help="Worker processes for large scans; 0 means one per core. [default: 0] "
    "[env: MODELDEPS_JOBS]",
)
@click.option(
    "--no-git",
    is_flag=True,
    envvar="MODELDEPS_NO_GIT",
    help="Walk directories instead of asking git which files it tracks. [env: MODELDEPS_NO_GIT]",
)
@click.option("-v", "--verbose", count=True, help="Show more detail (skipped files, notes).")
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    envvar="MODELDEPS_QUIET",
    help="Print nothing when clean (for hooks). [env: MODELDEPS_QUIET]",
)
def scan(
    paths: tuple[str, ...],
    config_file: str | None,
    formats: tuple[str, ...],
    outputs: tuple[str, ...],
    no_resolve: bool,
    exclude: tuple[str, ...],
    max_file_size: str | None,
    jobs: int | None,
    no_git: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Scan PATHS (default: the current directory) for model references.

    \b
    Examples:
      modeldeps scan                          # the whole repository
      modeldeps scan src/ configs/train.yaml  # some paths
      modeldeps scan --no-resolve -f json -o refs.json
    """
    from modeldeps import app
    from modeldeps.discover import DEFAULT_MAX_BYTES, scan_root
    from modeldeps.options import ScanOptions, build_outputs, load_config, parse_size

    cwd = os.getcwd()
    scan_paths = paths or (".",)
    file_cfg = load_config(config_file, cwd)
    size = file_cfg.max_file_size
    if max_file_size is not None:
        try:
            size = parse_size(max_file_size)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--max-file-size") from None
    options = ScanOptions(
        paths=scan_paths,
        root=scan_root(scan_paths, cwd),
        cwd=cwd,
        exclude=file_cfg.exclude + exclude,
        include=file_cfg.include,
        max_file_size=size or DEFAULT_MAX_BYTES,
        jobs=jobs if jobs is not None else (file_cfg.jobs or 0),
        ignore_models=file_cfg.ignore_models,
        ignore_paths=file_cfg.ignore_paths,
        use_git=not no_git,
        resolve=not no_resolve,
        config_source=file_cfg.source,
        outputs=build_outputs(formats, outputs),
        verbose=verbose,
    )
    result = app.run_scan(options)
    _emit(result, options, quiet=quiet)
    sys.exit(app.exit_code(result, options))


def _emit(result: object, options: object, *, quiet: bool) -> None:
    from modeldeps.model import ScanResult
    from modeldeps.options import ScanOptions
    from modeldeps.report import REPORTERS, ReportOptions

    assert isinstance(result, ScanResult) and isinstance(options, ScanOptions)
    for fmt, path in options.outputs:
        to_tty = path is None and sys.stdout.isatty()
        color = to_tty and "NO_COLOR" not in os.environ
        rendered = REPORTERS[fmt](
            ReportOptions(color=color, verbose=options.verbose, quiet=quiet)
        ).render(result)
        if path is None:
            if rendered:
                click.echo(rendered, nl=False)
        else:
            _write_atomic(path, rendered)


def _write_atomic(path: str, text: str) -> None:
    """Write a report so that a reader never sees half of it.

    Regular files (and symlinks to them) are replaced atomically; anything
    else, such as /dev/null, a FIFO or /dev/stdout, is written in place:
    renaming over a device would replace the device itself.
    """
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise ModeldepsError(f"{path}: cannot write report: {exc.strerror or exc}") from None
    try:
        if st is not None and not stat.S_ISREG(st.st_mode):
            with open(target, "w", encoding="utf-8") as fh:
                fh.write(text)
            return
        directory = os.path.dirname(target)
        tmp = os.path.join(directory, f".{os.path.basename(target)}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except OSError as exc:
        raise ModeldepsError(f"{path}: cannot write report: {exc.strerror or exc}") from None


def main() -> None:
    """Console-script entry point."""
    cli()
