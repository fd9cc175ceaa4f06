"""The GitHub Action's logic (``python -m modeldeps.action``), kept out of shell.

Reads the action's inputs from ``INPUT_*`` environment variables (action.yml
passes every input through ``env:``), runs the scan once with every report it
needs, prints workflow-command annotations, appends the Markdown summary to
``$GITHUB_STEP_SUMMARY``, writes outputs to ``$GITHUB_OUTPUT``, and exits 0:
the action's last step exits with the scan's code, so the SARIF upload runs
even when the scan fails.

The output directory sits in the checked-out tree, which a contributor
controls: a committed symbolic link there could send a report over any file
the job can write, or copy any file it can read (``/proc/self/environ`` holds
``HF_TOKEN``) into the job summary. So the scan writes its reports into a
private temporary directory; the action then copies them into the output
directory as regular files, through no link (:mod:`modeldeps.safeio`),
after removing whatever stood at those names; and the summary, the counts and
the SARIF path come only from what this run wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence

from modeldeps.report.github import escape_data
from modeldeps.safeio import UnsafePathError, describe, read_regular, write_text

_TRUE = {"1", "true", "yes", "on"}
_EXTENSIONS = {
    "json": "json",
    "cyclonedx": "cdx.json",
    "markdown": "md",
    "text": "txt",
    "sarif": "sarif",
    "github": "txt",
}


# GitHub shows at most 1 MiB of a step's summary.
_SUMMARY_LIMIT = 1024 * 1024


def build_args(
    env: Mapping[str, str], write_to: str | None = None
) -> tuple[list[str], dict[str, str]]:
    """The ``modeldeps scan`` arguments for the action's inputs, and the report paths.

    The paths are those in the output directory; the arguments name the same
    file names in ``write_to`` when it is given.
    """
    out_dir = env.get("INPUT_OUTPUT_DIR", "").strip() or "modeldeps-reports"
    reports = {
        "sarif": os.path.join(out_dir, "modeldeps.sarif"),
        "markdown": os.path.join(out_dir, "summary.md"),
        "json": os.path.join(out_dir, "report.json"),
    }
    for fmt in env.get("INPUT_FORMATS", "").split():
        if fmt not in _EXTENSIONS:
            raise SystemExit(f"modeldeps action: unknown format {fmt!r} in 'formats'")
        reports.setdefault(fmt, os.path.join(out_dir, f"modeldeps.{_EXTENSIONS[fmt]}"))
    paths = env.get("INPUT_PATHS", ".").split() or ["."]
    args = ["scan"]
    for fmt, path in reports.items():
        target = os.path.join(write_to, os.path.basename(path)) if write_to else path
        args += ["--format", fmt, "--output", target]
    args += ["--format", "github"]  # annotations go to stdout, where the runner reads them
    for name, flag in (
        ("INPUT_POLICY", "--policy"),
        ("INPUT_CONFIG", "--config"),
        ("INPUT_FAIL_ON", "--fail-on"),
    ):
        value = env.get(name, "").strip()
        if value:
            args += [flag, value]
    if env.get("INPUT_OFFLINE", "").strip().lower() in _TRUE:
        args.append("--offline")
    new_since = env.get("INPUT_NEW_SINCE", "").strip()
    if not new_since and env.get("GITHUB_BASE_REF"):
        new_since = f"origin/{env['GITHUB_BASE_REF']}"
    if new_since and new_since.lower() != "none":
        args += ["--new-since", new_since]
    return [*args, "--", *paths], reports  # after '--', a path is never read as an option


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)


def _counts(report: str) -> dict[str, int]:
    try:
        data = read_regular(report, 64 * 1024 * 1024)
        findings = json.loads(data or b"{}").get("findings", [])
    except (OSError, ValueError, AttributeError):
        return {"errors": 0, "warnings": 0}
    return {
        "errors": sum(1 for f in findings if f.get("severity") == "error"),
        "warnings": sum(1 for f in findings if f.get("severity") == "warning"),
    }


def prepare_output_dir(reports: Mapping[str, str]) -> None:
    """Make the output directory (relative, inside the workspace) and clear the report names.

    Raises :class:`UnsafePathError` when the directory would leave the
    workspace, or a component of it is a link or not a directory.
    """
    directory = os.path.dirname(next(iter(reports.values()))) or "."
    if os.path.isabs(directory) or os.path.normpath(directory).split(os.sep)[0] == "..":
        raise UnsafePathError(f"output-dir {directory!r} is not inside the workspace")
    current = ""
    for part in os.path.normpath(directory).split(os.sep):
        if part in ("", "."):
            continue
        current = os.path.join(current, part)
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            os.mkdir(current)
            continue
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePathError(f"output-dir: {current} is a symbolic link")
        if not stat.S_ISDIR(st.st_mode):
            raise UnsafePathError(f"output-dir: {current} is not a directory")
    for path in reports.values():
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(st.st_mode):
            raise UnsafePathError(f"{path} is a directory")
        os.unlink(path)  # a stale or planted report (or a link: the link goes, not its target)


def _summary_text(path: str, code: int) -> str:
    try:
        data = read_regular(path, 16 * _SUMMARY_LIMIT)
    except OSError:
        data = None
    if data is None:
        return (
            f"## modeldeps\n\nThe scan ended with exit code {code} before "
            "writing its summary; see the step log.\n"
        )
    text = data.decode("utf-8", "replace")
    if len(data) > _SUMMARY_LIMIT:
        text = text[: _SUMMARY_LIMIT // 2] + "\n\n(summary cut; see the reports)\n"
    return text


def _fail(environ: Mapping[str, str], message: str) -> int:
    print(f"::error title=modeldeps::{escape_data(message)}")
    _append(environ.get("GITHUB_STEP_SUMMARY"), f"## modeldeps\n\n{escape_data(message)}\n")
    _append(environ.get("GITHUB_OUTPUT"), "exit-code=2\nsarif-file=\nerrors=0\nwarnings=0\n")
    return 0


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Run the action's scan step; always 0 (the action's last step exits with the scan's)."""
    del argv
    environ = dict(os.environ if env is None else env)
    try:
        _, reports = build_args(environ)
        prepare_output_dir(reports)
    except OSError as exc:
        return _fail(environ, f"cannot use the output directory: {describe(exc)}")
    private = tempfile.mkdtemp(prefix="modeldeps-", dir=environ.get("RUNNER_TEMP") or None)
    try:
        args, _ = build_args(environ, write_to=private)
        proc = subprocess.run([sys.executable, "-m", "modeldeps", *args], env=environ, check=False)
        code = proc.returncode
        written: dict[str, str] = {}
        for fmt, path in reports.items():
            mine = os.path.join(private, os.path.basename(path))
            try:
                data = read_regular(mine, 256 * 1024 * 1024)
                if data is not None:
                    write_text(path, data.decode("utf-8", "surrogateescape"))
                    written[fmt] = path
            except OSError as exc:
                print(f"::warning title=modeldeps::{escape_data(f'{path}: {describe(exc)}')}")
        _append(
            environ.get("GITHUB_STEP_SUMMARY"),
            _summary_text(os.path.join(private, os.path.basename(reports["markdown"])), code),
        )
        counts = _counts(os.path.join(private, os.path.basename(reports["json"])))
    finally:
        shutil.rmtree(private, ignore_errors=True)
    outputs = {
        "exit-code": str(code),
        "sarif-file": written.get("sarif", ""),
        **{k: str(v) for k, v in counts.items()},
    }
    _append(environ.get("GITHUB_OUTPUT"), "".join(f"{k}={v}\n" for k, v in outputs.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
