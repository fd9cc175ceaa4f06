"""Settings: the config file merged under command-line flags into a frozen ScanOptions.

Precedence: command-line flag > ``MODELDEPS_*`` environment variable (click
reads those) > ``--config`` file > ``.modeldeps.yaml`` > ``[tool.modeldeps]``
in ``pyproject.toml`` > defaults. Nothing below ``app.py`` reads the
environment; everything it needs is in here.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from modeldeps.discover import DEFAULT_MAX_BYTES
from modeldeps.errors import ConfigError, UsageError

CONFIG_FILE = ".modeldeps.yaml"

# key -> (expected python type(s), description) for the config file.
CONFIG_KEYS: dict[str, tuple[type | tuple[type, ...], str]] = {
    "exclude": (list, "glob patterns of paths not to scan"),
    "include": (list, "when set, only paths matching one of these globs are scanned"),
    "max-file-size": ((int, str), "files larger than this are skipped (bytes, or e.g. '4MiB')"),
    "jobs": (int, "worker processes for scanning (0: one per core)"),
    "ignore": (dict, "models: id globs and paths: path globs whose references are dropped"),
}
_IGNORE_KEYS = ("models", "paths")

_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
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


def parse_size(value: int | str) -> int:
    """``4194304``, ``"4MiB"``, ``"500kb"`` -> bytes."""
    if isinstance(value, int):
        if value <= 0:
            raise ValueError("must be positive")
        return value
    m = _SIZE_RE.match(value)
    if m is None:
        raise ValueError(f"not a size: {value!r} (use bytes or a unit such as 4MiB)")
    number = float(m.group(1)) * _UNITS[(m.group(2) or "").lower()]
    if number <= 0:
        raise ValueError("must be positive")
    return int(number)


@dataclass(frozen=True, slots=True)
class FileConfig:
    """What a configuration file said, already validated."""

    source: str | None = None
    exclude: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    max_file_size: int | None = None
    jobs: int | None = None
    ignore_models: tuple[str, ...] = ()
    ignore_paths: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
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
    extra: Mapping[str, Any] = field(default_factory=dict)


def _suggest(key: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


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
                f"{where(key)}: unknown setting '{key}'{_suggest(str(key), list(CONFIG_KEYS))}"
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
    size: int | None = None
    if "max-file-size" in values:
        try:
            size = parse_size(values["max-file-size"])
        except ValueError as exc:
            problems.append(f"{where('max-file-size')}: 'max-file-size' {exc}")
    jobs = values.get("jobs")
    if jobs is not None and jobs < 0:
        problems.append(f"{where('jobs')}: 'jobs' must be 0 or more")
    ignore = values.get("ignore", {})
    for key in ignore:
        if key not in _IGNORE_KEYS:
            problems.append(
                f"{where('ignore', key)}: unknown setting 'ignore.{key}'"
                f"{_suggest(str(key), _IGNORE_KEYS)}"
            )
        elif not isinstance(ignore[key], list) or not all(isinstance(v, str) for v in ignore[key]):
            problems.append(f"{where('ignore', key)}: 'ignore.{key}' must be a list of strings")
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
    )


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from None


def load_config(explicit: str | None, cwd: str) -> FileConfig:
    """Find and validate the configuration (explicit file, .modeldeps.yaml, pyproject.toml)."""
    from modeldeps.yamlpos import YamlLoadError, load

    if explicit is not None:
        path = os.path.join(cwd, explicit)
        if not os.path.isfile(path):
            raise UsageError(f"{explicit}: configuration file not found")
        candidates = [explicit]
    else:
        candidates = [CONFIG_FILE] if os.path.isfile(os.path.join(cwd, CONFIG_FILE)) else []
    for name in candidates:
        text = _read(os.path.join(cwd, name))
        if name.endswith(".toml"):
            return _from_toml(text, name, section=False)
        try:
            data, lines = load(text)
        except YamlLoadError as exc:
            where = f"{name}:{exc.line}" if exc.line else name
            raise ConfigError(f"{where}: {exc.message}") from None
        return _validate(data, name, lines)
    pyproject = os.path.join(cwd, "pyproject.toml")
    if os.path.isfile(pyproject):
        try:
            with open(pyproject, "rb") as fh:
                raw = fh.read()
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
