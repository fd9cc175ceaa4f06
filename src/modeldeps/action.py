"""The GitHub Action's logic (``python -m modeldeps.action``), kept out of shell.

Reads the action's inputs from ``INPUT_*`` environment variables (action.yml
passes every input through ``env:``), runs the scan once with every report it
needs, prints workflow-command annotations, appends the Markdown summary to
``$GITHUB_STEP_SUMMARY``, writes outputs to ``$GITHUB_OUTPUT``, and exits 0:
the action's last step exits with the scan's code, so the SARIF upload runs
even when the scan fails. With ``dependency-graph: true`` it submits a
dependency snapshot of the models, and with ``comment: true`` or
``on-failure`` it keeps one pull-request comment (:mod:`modeldeps.github_api`);
neither can fail the job: a missing permission is a warning.

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
    "spdx": "spdx.json",
    "gitlab": "gitlab.json",
    "dot": "dot",
    "comment": "comment.md",
}
_COMMENT_MODES = ("true", "false", "on-failure")


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
    if comment_mode(env) != "false":
        reports.setdefault("comment", os.path.join(out_dir, "modeldeps.comment.md"))
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


def comment_mode(env: Mapping[str, str]) -> str:
    """The ``comment`` input: true, false or on-failure."""
    mode = env.get("INPUT_COMMENT", "").strip().lower() or "false"
    if mode not in _COMMENT_MODES:
        raise SystemExit(
            f"modeldeps action: 'comment' must be one of {', '.join(_COMMENT_MODES)}, not {mode!r}"
        )
    return mode


def _warn(message: str) -> None:
    print(f"::warning title=modeldeps::{escape_data(message)}")


def _token(env: Mapping[str, str]) -> str:
    return env.get("INPUT_GITHUB_TOKEN", "").strip() or env.get("GITHUB_TOKEN", "").strip()


def github_steps(
    env: Mapping[str, str], code: int, report: dict[str, object] | None, comment: str | None
) -> dict[str, str]:
    """The dependency snapshot and the pull-request comment, as the inputs ask.

    Never fails the job: a missing permission or an unreachable API is a
    warning annotation that says which permission to grant.
    """
    from datetime import UTC, datetime

    from modeldeps import github_api
    from modeldeps.report.comment import MARKER

    outputs = {"comment-url": "", "dependency-snapshot": ""}
    want_graph = env.get("INPUT_DEPENDENCY_GRAPH", "").strip().lower() in _TRUE
    mode = comment_mode(env)
    if not want_graph and mode == "false":
        return outputs
    token = _token(env)
    repository = env.get("GITHUB_REPOSITORY", "")
    if not token or "/" not in repository:
        _warn("no GitHub token or repository: set the 'github-token' input")
        return outputs
    api = github_api.GithubApi(env.get("GITHUB_API_URL") or "https://api.github.com", token)
    if want_graph:
        if report is None:
            _warn("dependency-graph: the scan wrote no report to submit")
            outputs["dependency-snapshot"] = "failed"
        else:
            scanned = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            body, skipped = github_api.build_snapshot(report, env, scanned)
            if skipped:
                _warn(
                    f"dependency-graph: {len(skipped)} model(s) have no pkg:huggingface URL "
                    f"(an id without its organisation) and are not submitted: "
                    + ", ".join(skipped[:5])
                )
            try:
                print(escape_data(github_api.submit_snapshot(api, repository, body)))
                outputs["dependency-snapshot"] = "submitted"
            except github_api.ApiError as exc:
                hint = (
                    " (the job needs 'permissions: contents: write')"
                    if exc.status
                    in (
                        401,
                        403,
                        404,
                    )
                    else ""
                )
                _warn(f"dependency-graph: the snapshot was not accepted: {exc}{hint}")
                outputs["dependency-snapshot"] = "failed"
    pr = github_api.pull_request(env)
    if mode != "false" and pr is not None and comment is None:
        # the scan stopped before its reports (a usage error, a bug): an old comment stays
        _warn(
            f"comment: the scan ended with exit code {code} before writing the comment; "
            "the pull request's comment is left as it was"
        )
    elif mode != "false" and pr is not None:
        body_text = comment or ""
        if mode == "on-failure" and code not in (1, 3):
            body_text = ""
        try:
            what, url = github_api.sync_comment(api, repository, pr["number"], body_text, MARKER)
            print(escape_data(f"pull request #{pr['number']}: {what}"))
            outputs["comment-url"] = url or ""
        except github_api.ApiError as exc:
            hint = (
                " (the job needs 'permissions: pull-requests: write'; a pull request "
                "from a fork gets a read-only token)"
                if exc.status in (401, 403, 404)
                else ""
            )
            _warn(f"comment: cannot comment on pull request #{pr['number']}: {exc}{hint}")
    return outputs


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


def _read_json(path: str) -> dict[str, object] | None:
    try:
        data = read_regular(path, 256 * 1024 * 1024)
        doc = json.loads(data) if data is not None else None
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def _read_text(path: str) -> str | None:
    try:
        data = read_regular(path, 16 * 1024 * 1024)
    except OSError:
        return None
    return data.decode("utf-8", "replace") if data is not None else None


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
    report_doc: dict[str, object] | None = None
    comment_text: str | None = None
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
        report_doc = _read_json(os.path.join(private, os.path.basename(reports["json"])))
        if "comment" in reports:
            comment_text = _read_text(os.path.join(private, os.path.basename(reports["comment"])))
    finally:
        shutil.rmtree(private, ignore_errors=True)
    outputs = {
        "exit-code": str(code),
        "sarif-file": written.get("sarif", ""),
        **{k: str(v) for k, v in counts.items()},
        **github_steps(environ, code, report_doc, comment_text),
    }
    _append(environ.get("GITHUB_OUTPUT"), "".join(f"{k}={v}\n" for k, v in outputs.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
