"""Settings: the config file merged under command-line flags into a frozen ScanOptions.

Precedence: command-line flag > ``MODELDEPS_*`` environment variable (click
reads those) > ``--config`` file > ``.modeldeps.yaml`` > ``[tool.modeldeps]``
in ``pyproject.toml`` > defaults. Nothing below ``app.py`` reads the
environment; everything it needs is in here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence

from modeldeps.discover import DEFAULT_MAX_BYTES, glob_problem, scan_root
from modeldeps.errors import ConfigError, UsageError, did_you_mean
from modeldeps.lazyre import IGNORECASE, lazy
from modeldeps.record import field, record

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any

CONFIG_FILE = ".modeldeps.yaml"
LOCK_FILE = "modeldeps.lock"
FAIL_ON = ("error", "warning", "note")

# key -> (expected python type(s), description) for the config file.
CONFIG_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "exclude": (list, "glob patterns of paths not to scan"),
    "include": (list, "when set, only paths matching one of these globs are scanned"),
    "max-file-size": ((int, str), "files larger than this are skipped (bytes, or e.g. '4MiB')"),
    "jobs": (int, "worker processes for scanning (0: one per core)"),
    "ignore": (dict, "models: id globs and paths: path globs whose references are dropped"),
    "policy": ((str, dict), "a preset name, a policy file, or a policy written inline"),
    "fail-on": (str, "lowest finding severity that fails the scan: error, warning or note"),
}
_IGNORE_KEYS = ("models", "paths")

_SIZE_RE = lazy(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", IGNORECASE)
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "ki": 1024,
    "kib": 1024,
    "m": 1000**2,
    "mb": 1000**2,
    "mi": 1024**2,
    "mib": 1024**2,
    "g": 1000**3,
    "gb": 1000**3,
    "gi": 1024**3,
    "gib": 1024**3,
}


# Bounds for values from flags, environment and config files: beyond them a value is a
# mistake (or an attack on CI), and it is refused with exit 2 before anything runs.
MAX_FILE_SIZE = 1 << 30  # a 1 GiB source file is not a source file
MAX_JOBS = 256
MAX_SECONDS = 86400.0  # --timeout and --deadline: one day


def parse_size(value: int | str) -> int:
    """``4194304``, ``"4MiB"``, ``"500kb"`` -> bytes, at most MAX_FILE_SIZE."""
    if isinstance(value, int):
        number: float | int = value
    else:
        m = _SIZE_RE.match(value)
        if m is None:
            raise ValueError(f"not a size: {value!r} (use bytes or a unit such as 4MiB)")
        if len(m.group(1)) > 30:  # float() would round it to infinity
            raise ValueError(f"must be at most {MAX_FILE_SIZE} bytes (1GiB)")
        number = float(m.group(1)) * _UNITS[(m.group(2) or "").lower()]
    if number < 1:
        raise ValueError("must be positive (at least 1 byte)")
    if number > MAX_FILE_SIZE:
        raise ValueError(f"must be at most {MAX_FILE_SIZE} bytes (1GiB)")
    return int(number)


def check_seconds(name: str, value: object) -> float:
    """A finite number of seconds in (0, MAX_SECONDS]; nan, inf and the rest are refused."""
    import math

    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise UsageError(f"{name} must be a number of seconds")
    try:
        seconds = float(value)
    except (ValueError, OverflowError):
        raise UsageError(f"{name} must be a number of seconds, not {str(value)[:40]!r}") from None
    if not math.isfinite(seconds):
        raise UsageError(f"{name} must be a finite number of seconds, not {seconds}")
    if seconds <= 0:
        raise UsageError(f"{name} must be more than 0 seconds")
    if seconds > MAX_SECONDS:
        raise UsageError(f"{name} must be at most {MAX_SECONDS:g} seconds")
    return seconds


def check_globs(name: str, patterns: Iterable[str]) -> list[str]:
    """Problems of glob ``patterns`` (an empty or reversed ``[...]``), one line each."""
    out = []
    for pattern in patterns:
        problem = glob_problem(pattern) if isinstance(pattern, str) else None
        if problem is not None:
            out.append(f"{name}: {problem}")
    return out


@record
class FileConfig:
    """What a configuration file said, already validated."""

    source: str | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    max_file_size: int | None = None
    jobs: int | None = None
    ignore_models: tuple[str, ...] = ()
    ignore_paths: tuple[str, ...] = ()
    policy: str | None = None
    policy_inline: tuple[dict[str, Any], dict[tuple[Any, ...], int], str] | None = None
    fail_on: str | None = None


@record
class ScanOptions:
    """Everything one scan needs, resolved once at start-up."""

    paths: tuple[str, ...]
    root: str
    cwd: str
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    max_file_size: int = DEFAULT_MAX_BYTES
    jobs: int = 0
    ignore_models: tuple[str, ...] = ()
    ignore_paths: tuple[str, ...] = ()
    use_git: bool = True
    resolve: bool = True
    config_source: str | None = None
    outputs: tuple[tuple[str, str | None], ...] = (("text", None),)
    verbose: int = 0
    quiet: bool = False
    # resolution
    offline: bool = False
    lock_path: str | None = None  # the lockfile to read (and for `lock`, to write)
    use_lock: bool = True
    cache_dir: str | None = None  # None: the platform's user cache directory
    use_cache: bool = True
    hub_endpoint: str | None = None  # None: huggingface_hub's default
    # Whether huggingface_hub will find a token (HF_TOKEN, the token file, OIDC): decides
    # the cache key and the concurrency. The token itself is taken from huggingface_hub
    # only once the Hub is really asked (app.resolve_keys), never stored here.
    token_hint: bool = False
    timeout: float = 10.0  # per metadata request
    file_timeout: float | None = None  # per file read (README, LICENSE); None: ``timeout``
    deadline: float = 60.0
    retries: int = 3
    policy: str = "commercial"  # a preset name or a path (relative to cwd)
    policy_inline: tuple[dict[str, Any], dict[tuple[Any, ...], int], str] | None = None
    fail_on: str = "error"
    new_since: str | None = None  # report only models not referenced at this git revision
    scopes: frozenset[str] = frozenset()  # keep only references in these scopes (empty: all)
    cyclonedx_version: str = "1.7"  # schema of --format cyclonedx: 1.7 or 1.6
    extra: Mapping[str, Any] = field(default_factory=dict)


def _validate(raw: object, source: str, lines: Mapping[tuple[Any, ...], int]) -> FileConfig:
    from modeldeps.yamlpos import line_of

    problems: list[str] = []

    def where(*path: Any) -> str:
        line = line_of(dict(lines), tuple(path))
        return f"{source}:{line}" if line else source

    if raw is None:
        return FileConfig(source=source)
    if not isinstance(raw, dict):
        raise ConfigError(f"{where()}: configuration must be a mapping of settings")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in CONFIG_KEYS:
            problems.append(
                f"{where(key)}: unknown setting '{key}'{did_you_mean(str(key), list(CONFIG_KEYS))}"
            )
            continue
        expected, _ = CONFIG_KEYS[key]
        if not isinstance(value, expected) or isinstance(value, bool):
            problems.append(f"{where(key)}: '{key}' has the wrong type")
            continue
        values[key] = value
    for key in ("exclude", "include"):
        if key in values and not all(isinstance(v, str) for v in values[key]):
            problems.append(f"{where(key)}: '{key}' must be a list of strings")
        elif key in values:
            problems.extend(check_globs(f"{where(key)}: '{key}'", values[key]))
    size: int | None = None
    if "max-file-size" in values:
        try:
            size = parse_size(values["max-file-size"])
        except ValueError as exc:
            problems.append(f"{where('max-file-size')}: 'max-file-size' {exc}")
    jobs = values.get("jobs")
    if jobs is not None and not 0 <= jobs <= MAX_JOBS:
        problems.append(f"{where('jobs')}: 'jobs' must be from 0 to {MAX_JOBS}")
    ignore = values.get("ignore", {})
    for key in ignore:
        if key not in _IGNORE_KEYS:
            problems.append(
                f"{where('ignore', key)}: unknown setting 'ignore.{key}'"
                f"{did_you_mean(str(key), _IGNORE_KEYS)}"
            )
        elif not isinstance(ignore[key], list) or not all(isinstance(v, str) for v in ignore[key]):
            problems.append(f"{where('ignore', key)}: 'ignore.{key}' must be a list of strings")
        elif key == "paths":
            problems.extend(check_globs(f"{where('ignore', key)}: 'ignore.paths'", ignore[key]))
    policy = values.get("policy")
    inline = None
    if isinstance(policy, dict):
        sub = {k[1:]: v for k, v in lines.items() if k and k[0] == "policy"}
        inline = (policy, sub, source)
        policy = None
    fail_on = values.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        problems.append(f"{where('fail-on')}: 'fail-on' must be one of {', '.join(FAIL_ON)}")
    if problems:
        raise ConfigError("\n".join(problems) if len(problems) > 1 else problems[0])
    return FileConfig(
        source=source,
        exclude=tuple(values.get("exclude", ())),
        include=tuple(values.get("include", ())),
        max_file_size=size,
        jobs=jobs,
        ignore_models=tuple(ignore.get("models", ()) or ()),
        ignore_paths=tuple(ignore.get("paths", ()) or ()),
        policy=policy if isinstance(policy, str) else None,
        policy_inline=inline,
        fail_on=fail_on,
    )


def _read(path: str) -> str:
    from modeldeps.safeio import describe, read_config

    try:
        return read_config(path).decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {describe(exc)}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None


def load_config(explicit: str | None, cwd: str) -> FileConfig:
    """Find and validate the configuration (explicit file, .modeldeps.yaml, pyproject.toml)."""
    if explicit is not None:
        path = os.path.join(cwd, explicit)
        if not os.path.isfile(path):
            raise UsageError(f"{explicit}: configuration file not found")
        candidates = [explicit]
    else:
        # lexists: a .modeldeps.yaml that is there but no file (a link to a device) is an
        # error to report, never a configuration to ignore
        candidates = [CONFIG_FILE] if os.path.lexists(os.path.join(cwd, CONFIG_FILE)) else []
    for name in candidates:
        text = _read(os.path.join(cwd, name))
        if name.endswith(".toml"):
            return _from_toml(text, name, section=False)
        from modeldeps.extract.yamllines import load_data

        fast = load_data(text)  # a plain block-YAML config needs no PyYAML (every commit)
        if fast is not None:
            return _validate(fast[0], name, fast[1])
        from modeldeps.yamlpos import YamlLoadError, load

        try:
            data, lines = load(text)
        except YamlLoadError as exc:
            where = f"{name}:{exc.line}" if exc.line else name
            raise ConfigError(f"{where}: {exc.message}") from None
        return _validate(data, name, lines)
    pyproject = os.path.join(cwd, "pyproject.toml")
    if os.path.isfile(pyproject):
        from modeldeps.safeio import read_config

        try:
            raw = read_config(pyproject)
        except OSError:
            return FileConfig()
        if b"[tool.modeldeps" in raw:  # avoid parsing TOML on every hook run otherwise
            return _from_toml(raw.decode("utf-8", "replace"), "pyproject.toml", section=True)
    return FileConfig()


def _from_toml(text: str, name: str, *, section: bool) -> FileConfig:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{name}: invalid TOML: {exc}") from None
    if section:
        data = data.get("tool", {}).get("modeldeps", {})
    lines: dict[tuple[Any, ...], int] = {}
    for i, line in enumerate(text.splitlines(), start=1):
        key = line.split("=", 1)[0].strip().strip('"')
        if key in CONFIG_KEYS and (key,) not in lines:
            lines[(key,)] = i
    return _validate(data, name, lines)


def build_outputs(
    formats: Sequence[str], outputs: Sequence[str]
) -> tuple[tuple[str, str | None], ...]:
    """Pair each ``--format`` with the ``--output`` in the same position."""
    fmts = list(formats) or ["text"]
    if len(outputs) > len(fmts):
        raise UsageError(
            "more --output than --format options",
            hint="give one --format for each --output, in the same order",
        )
    pairs = [(f, outputs[i] if i < len(outputs) else None) for i, f in enumerate(fmts)]
    if sum(1 for _, o in pairs if o is None) > 1:
        raise UsageError(
            "only one --format can be written to standard output",
            hint="give the others an --output FILE",
        )
    return tuple(pairs)


_TRUE = {"1", "true", "yes", "on"}


def has_token(environ: Mapping[str, str]) -> bool:
    """Whether huggingface_hub will find a token, judged from where it looks: an OIDC
    exchange (``HF_OIDC_RESOURCE``), ``HF_TOKEN`` / ``HUGGING_FACE_HUB_TOKEN``, the saved
    token file (``HF_TOKEN_PATH``, else ``$HF_HOME/token``); never under
    ``HF_HUB_DISABLE_IMPLICIT_TOKEN``, which suppresses them all. The token itself comes
    from huggingface_hub (``resolve.hub.find_token``), whose import would cost every
    pre-commit run ~50 ms even when the lockfile answers all."""
    if env_flag(environ, "HF_HUB_DISABLE_IMPLICIT_TOKEN"):
        return False
    for var in ("HF_OIDC_RESOURCE", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        if environ.get(var, "").strip():
            return True
    home = environ.get("HF_HOME") or os.path.join(
        environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"),
        "huggingface",
    )
    path = environ.get("HF_TOKEN_PATH") or os.path.join(home, "token")
    if "$" in path:  # huggingface_hub expands variables in HF_TOKEN_PATH
        import re

        path = re.sub(
            r"\$(\w+)|\$\{(\w+)\}",
            lambda m: environ.get(m.group(1) or m.group(2), m.group(0)),
            path,
        )
    return os.path.isfile(os.path.expanduser(path))


def mirror_timeouts(environ: Mapping[str, str]) -> tuple[float | None, float | None]:
    """(``HF_HUB_ETAG_TIMEOUT``, ``HF_HUB_DOWNLOAD_TIMEOUT``) in seconds, None when unset.

    Mirror vendors tell their users to raise these (Artifactory: 86400 each; Nexus-style
    proxies: 1800 and 120), because a cold mirror fetches upstream before it answers.
    """
    values = []
    for var in ("HF_HUB_ETAG_TIMEOUT", "HF_HUB_DOWNLOAD_TIMEOUT"):
        raw = environ.get(var, "").strip()
        values.append(check_seconds(var, raw) if raw else None)
    return values[0], values[1]


def env_flag(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "").strip().lower() in _TRUE


@record
class CliValues:
    """What the command line said (None: not given). Filled by cli.py, read only here."""

    paths: tuple[str, ...] = ()
    config_file: str | None = None
    formats: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    no_resolve: bool = False
    exclude: tuple[str, ...] = ()
    max_file_size: str | None = None
    jobs: int | None = None
    no_git: bool = False
    verbose: int = 0
    quiet: bool = False
    offline: bool = False
    lock: str | None = None
    no_lock: bool = False
    cache_dir: str | None = None
    no_cache: bool = False
    hub_endpoint: str | None = None
    timeout: float | None = None
    deadline: float | None = None
    policy: str | None = None
    fail_on: str | None = None
    new_since: str | None = None
    scopes: tuple[str, ...] = ()
    cyclonedx_version: str | None = None


def build_scan_options(
    cli: CliValues, cwd: str, environ: Mapping[str, str], *, need_token: bool = True
) -> ScanOptions:
    """Merge flags, environment and config file into ScanOptions (the only env reader)."""
    paths = cli.paths or (".",)
    file_cfg = load_config(cli.config_file, cwd)
    size = file_cfg.max_file_size
    if cli.max_file_size is not None:
        try:
            size = parse_size(cli.max_file_size)
        except ValueError as exc:
            raise UsageError(f"--max-file-size: {exc}") from None
    offline = (
        cli.offline
        or env_flag(environ, "HF_HUB_OFFLINE")
        or env_flag(environ, "TRANSFORMERS_OFFLINE")
    )
    lock_path = cli.lock
    if lock_path is None:
        # A single directory argument carries its own lockfile; otherwise the current one.
        dirs = [p for p in paths if os.path.isdir(os.path.join(cwd, p))]
        here = os.path.join(cwd, dirs[0]) if len(paths) == 1 and dirs else cwd
        lock_path = os.path.join(here, LOCK_FILE)
    else:
        lock_path = os.path.join(cwd, lock_path)
    # None with use_cache: the platform's cache directory, looked up only if the cache is
    # used (platformdirs costs ~15 ms of start-up a lockfile-only hook run does not need).
    cache_dir = cli.cache_dir or environ.get("MODELDEPS_CACHE_DIR") or None
    if cache_dir is not None:
        cache_dir = os.path.join(cwd, cache_dir)
    endpoint = (cli.hub_endpoint or environ.get("HF_ENDPOINT") or "").rstrip("/") or None
    token_hint = need_token and not offline and not cli.no_resolve and has_token(environ)
    file_timeout = None
    if cli.timeout is not None:
        timeout = check_seconds("--timeout", cli.timeout)
    elif endpoint is not None and endpoint.lower() != "https://huggingface.co":
        # A mirror: its users set huggingface_hub's timeouts for it; honour them (bounded
        # by --deadline) unless --timeout says otherwise.
        etag, download = mirror_timeouts(environ)
        timeout = etag or download or 10.0
        file_timeout = download or etag
    else:
        timeout = 10.0
    deadline = check_seconds("--deadline", cli.deadline) if cli.deadline is not None else 60.0
    if cli.jobs is not None and not 0 <= cli.jobs <= MAX_JOBS:
        raise UsageError(f"--jobs must be from 0 to {MAX_JOBS}")
    glob_problems = check_globs("--exclude", cli.exclude)
    if glob_problems:
        raise UsageError(glob_problems[0])
    return ScanOptions(
        paths=paths,
        root=scan_root(paths, cwd),
        cwd=cwd,
        exclude=file_cfg.exclude + cli.exclude,
        include=file_cfg.include,
        max_file_size=size or DEFAULT_MAX_BYTES,
        jobs=cli.jobs if cli.jobs is not None else (file_cfg.jobs or 0),
        ignore_models=file_cfg.ignore_models,
        ignore_paths=file_cfg.ignore_paths,
        use_git=not cli.no_git,
        resolve=not cli.no_resolve,
        config_source=file_cfg.source,
        outputs=build_outputs(cli.formats, cli.outputs),
        verbose=cli.verbose,
        quiet=cli.quiet,
        offline=offline,
        lock_path=lock_path,
        use_lock=not cli.no_lock,
        cache_dir=cache_dir,
        use_cache=not cli.no_cache,
        hub_endpoint=endpoint,
        token_hint=token_hint,
        timeout=timeout,
        file_timeout=file_timeout,
        deadline=deadline,
        policy=cli.policy or file_cfg.policy or "commercial",
        policy_inline=None if cli.policy else file_cfg.policy_inline,
        fail_on=cli.fail_on or file_cfg.fail_on or "error",
        new_since=cli.new_since or None,
        scopes=frozenset(cli.scopes),
        cyclonedx_version=cli.cyclonedx_version or "1.7",
    )
