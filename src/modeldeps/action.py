"""The GitHub Action's logic (``python -m modeldeps.action``), kept out of shell.

Reads the action's inputs from ``INPUT_*`` environment variables (action.yml
passes every input through ``env:``), runs the scan once with every report it
needs, prints workflow-command annotations, appends the Markdown summary to
``$GITHUB_STEP_SUMMARY``, writes outputs to ``$GITHUB_OUTPUT``, and exits 0:
the action's last step exits with the scan's code, so the SARIF upload runs
even when the scan fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

_TRUE = {"1", "true", "yes", "on"}
_EXTENSIONS = {
    "json": "json",
    "cyclonedx": "cdx.json",
    "markdown": "md",
    "text": "txt",
    "sarif": "sarif",
    "github": "txt",
}


def build_args(env: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """The ``modeldeps scan`` arguments for the action's inputs, and the report paths."""
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
    args = ["scan", *paths]
    for fmt, path in reports.items():
        args += ["--format", fmt, "--output", path]
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
    return args, reports


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)


def _counts(report: str) -> dict[str, int]:
    try:
        with open(report, encoding="utf-8") as fh:
            findings = json.load(fh).get("findings", [])
    except (OSError, ValueError, AttributeError):
        return {"errors": 0, "warnings": 0}
    return {
        "errors": sum(1 for f in findings if f.get("severity") == "error"),
        "warnings": sum(1 for f in findings if f.get("severity") == "warning"),
    }


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    del argv
    environ = dict(os.environ if env is None else env)
    args, reports = build_args(environ)
    os.makedirs(os.path.dirname(reports["sarif"]) or ".", exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "modeldeps", *args], env=environ, check=False)
    code = proc.returncode
    summary = environ.get("GITHUB_STEP_SUMMARY")
    try:
        with open(reports["markdown"], encoding="utf-8") as fh:
            _append(summary, fh.read())
    except OSError:
        _append(
            summary,
            f"## modeldeps\n\nThe scan ended with exit code {code} before "
            "writing its summary; see the step log.\n",
        )
    outputs = {
        "exit-code": str(code),
        "sarif-file": reports["sarif"] if os.path.exists(reports["sarif"]) else "",
        **{k: str(v) for k, v in _counts(reports["json"]).items()},
    }
    _append(environ.get("GITHUB_OUTPUT"), "".join(f"{k}={v}\n" for k, v in outputs.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
