"""GitHub Actions workflow commands: findings appear as annotations on the diff."""

from __future__ import annotations

from modeldeps.model import ScanResult, Severity
from modeldeps.report.base import Reporter

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    is_manifest = False

    def render(self, result: ScanResult) -> str:
        lines: list[str] = []
        for f in result.findings:
            if f.severity is Severity.NOTE and not self.options.verbose:
                continue  # duties and unused-entry notes would drown the diff
            cmd = _COMMAND[f.severity]
            title = escape_property(f"modeldeps {f.code}: {f.model_id or 'policy'}")
            message = escape_data(f.message)
            if not f.references:
                where = ""
                if (
                    f.origin is not None
                    and f.origin.line
                    and not f.origin.file.startswith(("preset:", "built-in", "license knowledge"))
                ):
                    where = f"file={escape_property(f.origin.file)},line={f.origin.line},"
                lines.append(f"::{cmd} {where}title={title}::{message}")
            for ref in f.references:
                loc = ref.location
                lines.append(
                    f"::{cmd} file={escape_property(loc.path)},line={loc.line},"
                    f"col={loc.column},title={title}::{message}"
                )
        return "\n".join(lines) + ("\n" if lines else "")
