"""Command-line interface: click commands wired to app.py; no logic of its own.

Heavy modules are imported inside the commands so that ``--help`` and a
pre-commit run of a handful of files start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import click

from modeldeps import __version__
from modeldeps.errors import EXIT_INTERNAL, ModeldepsError

# Kept in step with report.REPORTERS by a test; listed here so --help needs no imports.
FORMATS = (
    "comment",
    "cyclonedx",
    "dot",
    "github",
    "gitlab",
    "json",
    "markdown",
    "sarif",
    "spdx",
    "text",
)
# Kept in step with licenses.CATEGORIES by a test, for the same reason.
_CATEGORIES = (
    "permissive",
    "weak-copyleft",
    "copyleft",
    "vendor-community",
    "use-restricted",
    "proprietary",
    "non-commercial",
    "unknown",
)

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


class _PathArg(click.Path):
    """The type of every path parameter: click.Path (shell completion) that reports a NUL
    byte, which no OS path can hold, as a usage error instead of an internal one."""

    def convert(
        self,
        value: str | os.PathLike[str],
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> str | bytes | os.PathLike[str]:
        if isinstance(value, str) and "\0" in value:
            self.fail(f"{value!r} contains a NUL byte", param, ctx)
        return super().convert(value, param, ctx)


def _internal_error(exc: BaseException) -> None:
    import platform
    import traceback

    from modeldeps.textsafe import line as esc

    click.echo(f"modeldeps: internal error: {type(exc).__name__}: {esc(str(exc))}", err=True)
    click.echo("This is a bug in modeldeps. Please report it with this block:", err=True)
    click.echo(f"  {_version_text()}", err=True)
    click.echo(f"  platform: {platform.platform()}", err=True)
    frames = traceback.extract_tb(exc.__traceback__)
    if frames:
        frame = frames[-1]
        click.echo(
            f"  at: {os.path.basename(frame.filename)}:{frame.lineno} in {frame.name}", err=True
        )


# Every command carries these itself: click caches a command's help option the first
# time it is asked for, so a command first used without the group's context (a test, an
# embedding program) must not end up with other help options or widths.
CONTEXT_SETTINGS: dict[str, object] = {
    "help_option_names": ["-h", "--help"],
    # A fixed width keeps --help identical on every terminal (the README quotes it).
    "max_content_width": 100,
    "terminal_width": 100,
}


class _Command(click.Command):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("context_settings", dict(CONTEXT_SETTINGS))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class _Group(click.Group):
    """Turns every failure into its documented exit code, never a traceback."""

    command_class = _Command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except ModeldepsError as exc:
            click.echo(exc.render(), err=True)
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
    context_settings=CONTEXT_SETTINGS,
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
    scripts and docs, resolves each model's license and lineage through the
    Hub (or a lockfile), and checks them against your license policy.
    """


def _common_options(f: Callable[..., None]) -> Callable[..., None]:
    """Options shared by the commands that scan a repository."""
    opts = [
        click.argument("paths", nargs=-1, type=_PathArg()),
        click.option(
            "--config",
            "config_file",
            metavar="FILE",
            envvar="MODELDEPS_CONFIG",
            type=_PathArg(),
            help="Configuration file (default: .modeldeps.yaml, else "
            "[tool.modeldeps] in pyproject.toml). [env: MODELDEPS_CONFIG]",
        ),
        click.option(
            "--exclude",
            multiple=True,
            metavar="GLOB",
            envvar="MODELDEPS_EXCLUDE",
            help="Skip paths matching GLOB (repeatable; added to the config's). "
            "[env: MODELDEPS_EXCLUDE]",
        ),
        click.option(
            "--max-file-size",
            metavar="SIZE",
            envvar="MODELDEPS_MAX_FILE_SIZE",
            help="Skip files larger than SIZE, e.g. 4MiB. [default: 4MiB] "
            "[env: MODELDEPS_MAX_FILE_SIZE]",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            envvar="MODELDEPS_JOBS",
            help="Parallel workers for scanning and resolving; 0 means automatic. "
            "[default: 0] [env: MODELDEPS_JOBS]",
        ),
        click.option(
            "--no-git",
            is_flag=True,
            envvar="MODELDEPS_NO_GIT",
            help="Walk directories instead of asking git which files it tracks. "
            "[env: MODELDEPS_NO_GIT]",
        ),
        click.option(
            "--offline",
            is_flag=True,
            envvar="MODELDEPS_OFFLINE",
            help="Use only the lockfile and the cache; never open a connection. "
            "HF_HUB_OFFLINE=1 does the same. [env: MODELDEPS_OFFLINE]",
        ),
        click.option(
            "--lock",
            "lock",
            metavar="FILE",
            envvar="MODELDEPS_LOCK",
            type=_PathArg(),
            help="Lockfile to use (default: modeldeps.lock in the one directory "
            "scanned, else in the current directory). [env: MODELDEPS_LOCK]",
        ),
        click.option(
            "--cache-dir",
            metavar="DIR",
            envvar="MODELDEPS_CACHE_DIR",
            type=_PathArg(),
            help="Where resolved records are cached (default: the platform's user "
            "cache directory). [env: MODELDEPS_CACHE_DIR]",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            envvar="MODELDEPS_NO_CACHE",
            help="Neither read nor write the cache. [env: MODELDEPS_NO_CACHE]",
        ),
        click.option(
            "--hub-endpoint",
            metavar="URL",
            envvar="MODELDEPS_HUB_ENDPOINT",
            help="Hub to ask (default: HF_ENDPOINT, else https://huggingface.co). "
            "[env: MODELDEPS_HUB_ENDPOINT]",
        ),
        click.option(
            "--timeout",
            type=float,
            metavar="SECONDS",
            envvar="MODELDEPS_TIMEOUT",
            help="Timeout of each Hub request. [default: 10; with a mirror, "
            "HF_HUB_ETAG_TIMEOUT and HF_HUB_DOWNLOAD_TIMEOUT when set] [env: MODELDEPS_TIMEOUT]",
        ),
        click.option(
            "--deadline",
            type=float,
            metavar="SECONDS",
            envvar="MODELDEPS_DEADLINE",
            help="Time allowed for resolving everything; what is left unanswered is "
            "reported unreachable. [default: 60] [env: MODELDEPS_DEADLINE]",
        ),
        click.option(
            "-v", "--verbose", count=True, help="Show more detail (skipped files, notes)."
        ),
        click.option(
            "--policy",
            metavar="PRESET|FILE",
            envvar="MODELDEPS_POLICY",
            type=_PathArg(),
            help="Policy to apply: a preset (permissive, commercial, research) or a YAML file. "
            "[default: the config's, else commercial] [env: MODELDEPS_POLICY]",
        ),
    ]
    for opt in reversed(opts):
        f = opt(f)
    return f


def _values(**kw: object) -> object:
    from modeldeps.options import CliValues
    from modeldeps.record import fields as record_fields

    fields = record_fields(CliValues)
    return CliValues(**{k: v for k, v in kw.items() if k in fields})  # type: ignore[arg-type]


def _options(values: object, *, need_token: bool = True) -> object:
    from modeldeps.options import CliValues, build_scan_options

    assert isinstance(values, CliValues)
    return build_scan_options(values, os.getcwd(), os.environ, need_token=need_token)


class _ProgressLine:
    """``resolving 12/200`` on stderr, only on a terminal and only for long work."""

    def __init__(self, label: str) -> None:
        import time

        self.label = label
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        import time

        if not self.enabled or (total < 20 and time.monotonic() - self.start < 1.0):
            return
        self.shown = True
        sys.stderr.write(f"\r{self.label} {done}/{total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


@cli.command(epilog=EXIT_CODES_HELP)
@_common_options
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    envvar="MODELDEPS_FORMAT",
    help="Report format; repeat for several reports: text, json, sarif, github (annotations), "
    "markdown (with Mermaid lineage), comment (pull-request comment), cyclonedx (CycloneDX "
    "1.7 ML-BOM), spdx (SPDX 3.0.1 AI BOM), gitlab (Code Quality), dot (Graphviz lineage). "
    "[default: text] [env: MODELDEPS_FORMAT]",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    metavar="FILE",
    envvar="MODELDEPS_OUTPUT",
    type=_PathArg(),
    help="Write the report of the --format in the same position to FILE. [env: MODELDEPS_OUTPUT]",
)
@click.option(
    "--no-resolve",
    is_flag=True,
    envvar="MODELDEPS_NO_RESOLVE",
    help="Only list references; never touch the network. [env: MODELDEPS_NO_RESOLVE]",
)
@click.option(
    "--no-lock",
    is_flag=True,
    envvar="MODELDEPS_NO_LOCK",
    help="Ignore the lockfile. [env: MODELDEPS_NO_LOCK]",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    envvar="MODELDEPS_QUIET",
    help="Print nothing when clean (for hooks). [env: MODELDEPS_QUIET]",
)
@click.option(
    "--new-since",
    metavar="REV",
    envvar="MODELDEPS_NEW_SINCE",
    help="Report findings only for models that git revision REV did not reference "
    "(e.g. a pull request's base). [env: MODELDEPS_NEW_SINCE]",
)
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    type=click.Choice(["code", "config", "test", "docs", "comment"]),
    envvar="MODELDEPS_SCOPE",
    help="Keep only references in this scope (repeatable): code, config, test, docs "
    "(documentation), comment. [default: all] [env: MODELDEPS_SCOPE]",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "note"]),
    envvar="MODELDEPS_FAIL_ON",
    help="Lowest finding severity that makes the scan fail. [default: error] "
    "[env: MODELDEPS_FAIL_ON]",
)
@click.option(
    "--cyclonedx-version",
    type=click.Choice(["1.7", "1.6"]),
    envvar="MODELDEPS_CYCLONEDX_VERSION",
    help="CycloneDX schema version of --format cyclonedx. [default: 1.7] "
    "[env: MODELDEPS_CYCLONEDX_VERSION]",
)
def scan(**kw: object) -> None:
    """Scan PATHS (default: the current directory) for model references and resolve them.

    Each model is looked up in the lockfile, then the cache, then the Hub
    (HF_ENDPOINT and HF_TOKEN are honoured), with its base models, and judged
    by the policy (--policy, else the config's, else the commercial preset).

    \b
    Examples:
      modeldeps scan                          # the whole repository
      modeldeps scan src/ configs/train.yaml  # some paths
      modeldeps scan --offline                # lockfile and cache only
      modeldeps scan --no-resolve -f json -o refs.json
    """
    from modeldeps import app
    from modeldeps.options import ScanOptions

    options = _options(_values(**kw))
    assert isinstance(options, ScanOptions)
    progress = _ProgressLine("resolving")
    try:
        result = app.run_scan(options, progress=progress)
    finally:
        progress.close()
    _emit(result, options, quiet=options.quiet)
    sys.exit(app.exit_code(result, options))


@cli.command(name="lock", epilog=EXIT_CODES_HELP)
@_common_options
@click.option(
    "--check",
    is_flag=True,
    help="Do not write: exit 1 and print the difference when the lockfile is "
    "missing a model or upstream metadata changed.",
)
def lock_command(check: bool, **kw: object) -> None:
    """Resolve every model PATHS reference and pin it in modeldeps.lock.

    The lockfile records, for each model id as referenced, the canonical
    id, the revision asked for, the commit it resolved to, the license
    evidence with its source, and the base models. `scan` reads it first,
    and `scan --offline` needs nothing else.

    \b
    Examples:
      modeldeps lock            # write or update modeldeps.lock
      modeldeps lock --check    # in CI: fail when the lock is stale
    """
    from modeldeps import app
    from modeldeps.errors import EXIT_POLICY, EXIT_UNRESOLVED, UsageError
    from modeldeps.options import ScanOptions

    options = _options(_values(**kw))
    assert isinstance(options, ScanOptions)
    if options.offline:
        raise UsageError(
            "'modeldeps lock' asks the Hub and cannot run offline",
            hint="run it online once and commit modeldeps.lock",
        )
    progress = _ProgressLine("resolving")
    try:
        outcome = app.run_lock(options, check=check, progress=progress)
    finally:
        progress.close()
    rel = os.path.relpath(outcome.path)
    from modeldeps.textsafe import line as esc  # ids and reasons are outside text

    for line in outcome.diff:
        click.echo(esc(line))
    for rec in outcome.unresolved:
        click.echo(f"! {esc(rec.id)}: {rec.status} ({esc(str(rec.reason))}); not pinned", err=True)
    for pin, why in outcome.kept:
        verb = "could not check" if check else "kept the old pin of"
        click.echo(f"! {verb} {esc(pin.id)}: {esc(why)}", err=True)
    unasked = len(outcome.unresolved) + len(outcome.kept)
    if check:
        if outcome.diff:
            click.echo(
                f"{rel} is out of date ({len(outcome.diff)} difference"
                f"{'s' if len(outcome.diff) != 1 else ''}); run 'modeldeps lock'",
                err=True,
            )
            sys.exit(EXIT_POLICY)
        if not outcome.complete:
            click.echo(
                f"{rel} could not be checked: {unasked} model{'s' if unasked != 1 else ''} "
                "could not be resolved",
                err=True,
            )
        else:
            click.echo(f"{rel} is up to date", err=True)
    else:
        kept = f"; {len(outcome.kept)} kept from before" if outcome.kept else ""
        models = outcome.records - outcome.datasets
        data = f", {outcome.datasets} dataset{'s' if outcome.datasets != 1 else ''}"
        shown = f"{models} models{data if outcome.datasets else ''}"
        click.echo(f"wrote {rel} ({shown}{kept})", err=True)
    sys.exit(EXIT_UNRESOLVED if not outcome.complete else 0)


@cli.command(epilog=EXIT_CODES_HELP)
@_common_options
@click.option(
    "-o",
    "--output",
    "notice_output",
    metavar="FILE",
    type=_PathArg(),
    help="Write the notices to FILE (with --check: the file to compare; "
    "default NOTICE.models). [default: standard output]",
)
@click.option(
    "--check",
    is_flag=True,
    help="Do not write: exit 1 when FILE is missing or differs from what would be written.",
)
def notice(notice_output: str | None, check: bool, **kw: object) -> None:
    """Write the attribution and notice texts the models' licenses require (NOTICE.models).

    For every model PATHS reference and every model in their lineage: the
    license text to ship and where to get it, the notice lines to keep,
    what to display, how derivatives must be named, and the use policies
    to pass on to downstream users with their URLs; grouped by license,
    deduplicated and in a fixed order, so the file can be committed and
    checked in CI.

    \b
    Examples:
      modeldeps notice -o NOTICE.models          # write or refresh it
      modeldeps notice --check                   # in CI: fail when it is stale
    """
    from modeldeps import app
    from modeldeps.errors import EXIT_POLICY, EXIT_UNRESOLVED
    from modeldeps.options import ScanOptions
    from modeldeps.report.notice import render_notice

    options = _options(_values(**kw))
    assert isinstance(options, ScanOptions)
    progress = _ProgressLine("resolving")
    try:
        result = app.run_scan(options, progress=progress)
    finally:
        progress.close()
    text = render_notice(result)
    incomplete = bool(app.unresolved(result))
    if check:
        path = notice_output or "NOTICE.models"
        try:
            with open(path, encoding="utf-8") as fh:
                current: str | None = fh.read()
        except FileNotFoundError:
            current = None
        except (OSError, UnicodeDecodeError) as exc:
            raise ModeldepsError(f"{path}: cannot read: {exc}") from None
        if current != text:
            why = "does not exist" if current is None else "is out of date"
            click.echo(f"{path} {why}; run 'modeldeps notice -o {path}'", err=True)
            sys.exit(EXIT_POLICY)
        click.echo(f"{path} is up to date", err=True)
    elif notice_output:
        _write_atomic(notice_output, text)
        click.echo(f"wrote {notice_output}", err=True)
    else:
        click.echo(text, nl=False)
    sys.exit(EXIT_UNRESOLVED if incomplete else 0)


@cli.command(epilog=EXIT_CODES_HELP)
@click.argument("model_id")
@click.option("--revision", metavar="REV", help="Explain the model at this revision.")
@click.option(
    "--dataset",
    "as_dataset",
    is_flag=True,
    help="MODEL_ID is a dataset (so is datasets/ID or a huggingface.co/datasets/ URL).",
)
@_common_options
def explain(model_id: str, revision: str | None, as_dataset: bool, **kw: object) -> None:
    """Show what modeldeps knows about MODEL_ID and how the policy decides it.

    Prints the resolved facts, the lineage tree, the license facts with
    their sources, the training data, and the decision rule by rule. For a
    dataset: its card's license and source datasets, and the decision for
    both uses (used directly, a model's training data). An id the Hub has no
    model for is looked up as a dataset.

    \b
    Examples:
      modeldeps explain meta-llama/Llama-2-7b-hf
      modeldeps explain org/model --revision v1.0 --policy research
      modeldeps explain --dataset tatsu-lab/alpaca
    """
    from modeldeps import app
    from modeldeps.options import ScanOptions

    options = _options(_values(**kw))
    assert isinstance(options, ScanOptions)
    text, code = app.explain(options, model_id, revision, dataset=as_dataset)
    click.echo(text, nl=False)
    sys.exit(code)


@cli.command(name="training-data", epilog=EXIT_CODES_HELP)
@click.option(
    "--model",
    "models",
    multiple=True,
    metavar="MODEL[@REV]",
    help="Report this model (repeatable); default: every model PATHS reference.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("-o", "--output", metavar="FILE", type=_PathArg(), help="Write to FILE.")
@_common_options
def training_data_command(
    models: tuple[str, ...], fmt: str, output: str | None, **kw: object
) -> None:
    """Per model: the training data its card and its lineage declare.

    For each model (those given with --model, else every model PATHS
    reference): the datasets its card lists, the datasets inherited from the
    models it derives from, each one's license and the policy's verdict for
    training data, and what is undisclosed (entries that are not Hub
    datasets, cards that declare none, datasets that cannot be resolved):
    the inventory behind an EU AI Act training-content summary. It reports
    what the cards declare, not what was really used.

    \b
    Examples:
      modeldeps training-data
      modeldeps training-data --model meta-llama/Llama-3.1-8B -f json
    """
    from modeldeps import app_datasets
    from modeldeps.options import ScanOptions
    from modeldeps.report.training_data import render_json, render_text

    options = _options(_values(**kw))
    assert isinstance(options, ScanOptions)
    found = app_datasets.training_data(options, models)
    items = found.items
    render = render_json if fmt == "json" else render_text
    text = render(items, found.messages)  # type: ignore[arg-type]
    if output:
        from modeldeps.errors import UsageError
        from modeldeps.safeio import describe, write_text

        try:
            write_text(output, text)
        except OSError as exc:
            raise UsageError(f"{output}: cannot write: {describe(exc)}") from None
    else:
        click.echo(text, nl=False)


@cli.command(name="licenses")
@click.option(
    "--category", type=click.Choice(list(_CATEGORIES)), help="Only licenses of this category."
)
def licenses_command(category: str | None) -> None:
    """List the license knowledge base: id, category, commercial use, SPDX id, name.

    \b
    Examples:
      modeldeps licenses
      modeldeps licenses --category non-commercial
    """
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.report.explain import render_licenses

    click.echo(render_licenses(load_kb(), category), nl=False)


@cli.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .modeldeps.yaml.")
def init(force: bool) -> None:
    """Write a commented starter .modeldeps.yaml that extends the commercial preset."""
    from modeldeps import data_path
    from modeldeps.errors import UsageError
    from modeldeps.options import CONFIG_FILE

    if os.path.exists(CONFIG_FILE) and not force:
        raise UsageError(f"{CONFIG_FILE} already exists", hint="use --force to overwrite it")
    with open(data_path("modeldeps.init.yaml"), encoding="utf-8") as fh:
        text = fh.read()
    _write_atomic(CONFIG_FILE, text)
    click.echo(f"wrote {CONFIG_FILE}; run 'modeldeps scan' to check the repository")


@cli.group(cls=_Group, context_settings=CONTEXT_SETTINGS)
def cache() -> None:
    """Manage the cache of resolved records."""


@cache.command(name="clear")
@click.option(
    "--cache-dir",
    metavar="DIR",
    envvar="MODELDEPS_CACHE_DIR",
    type=_PathArg(),
    help="The cache to clear. [env: MODELDEPS_CACHE_DIR]",
)
def cache_clear(cache_dir: str | None) -> None:
    """Delete every cached record."""
    from modeldeps.resolve.cache import Cache, default_cache_dir

    directory = cache_dir or default_cache_dir()
    removed = Cache(os.path.join(directory, "records"), "").clear()
    click.echo(f"removed {removed} cached record{'s' if removed != 1 else ''} from {directory}")


@cache.command(name="dir")
def cache_dir_command() -> None:
    """Print where the cache lives."""
    from modeldeps.resolve.cache import default_cache_dir

    click.echo(os.environ.get("MODELDEPS_CACHE_DIR") or default_cache_dir())


def _emit(result: object, options: object, *, quiet: bool) -> None:
    from modeldeps.model import ScanResult
    from modeldeps.options import ScanOptions
    from modeldeps.report import ReportOptions, reporter_class

    assert isinstance(result, ScanResult) and isinstance(options, ScanOptions)
    for fmt, path in options.outputs:
        to_tty = path is None and sys.stdout.isatty()
        color = to_tty and "NO_COLOR" not in os.environ
        rendered = reporter_class(fmt)(
            ReportOptions(
                color=color,
                verbose=options.verbose,
                quiet=quiet,
                fail_on=options.fail_on,
                cyclonedx_version=options.cyclonedx_version,
            )
        ).render(result)
        if path is None:
            if rendered:
                click.echo(rendered, nl=False)
        else:
            _write_atomic(path, rendered)


def _write_atomic(path: str, text: str) -> None:
    """Write a report (or the starter config) atomically, never through a link."""
    from modeldeps.safeio import describe, write_text

    try:
        write_text(path, text)
    except OSError as exc:
        raise ModeldepsError(f"{path}: cannot write report: {describe(exc)}") from None


def main() -> None:
    """Console-script entry point."""
    cli()
