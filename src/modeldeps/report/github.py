"""GitHub Actions workflow commands: findings appear as annotations on the diff.

Every value is made safe first (controls other than CR and LF, bidi and
undecodable bytes shown escaped, tokens redacted: ``textsafe.line``), then
escaped as the runner unescapes it (actions/toolkit ``escapeData`` /
``escapeProperty``: CR and LF as %0D / %0A), so no value can end the command
or start another, and a file name with a newline still names its file.
"""

from __future__ import annotations

from modeldeps.model import ScanResult, Severity
from modeldeps.report.base import Reporter
from modeldeps.textsafe import line

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    return line(text, breaks=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
