"""Report formats, one module each, behind the Reporter interface.

Reporter modules are imported only for the formats a run asks for (the
CycloneDX library alone costs more start-up than a hook run should).
"""

from __future__ import annotations

from importlib import import_module

from modeldeps.report.base import Reporter, ReportOptions

# format -> "module:Class"; a literal table, greppable and checked by a test.
REPORTERS: dict[str, str] = {
    "text": "modeldeps.report.text:TextReporter",
    "json": "modeldeps.report.json:JsonReporter",
    "sarif": "modeldeps.report.sarif:SarifReporter",
    "github": "modeldeps.report.github:GithubReporter",
    "markdown": "modeldeps.report.markdown:MarkdownReporter",
    "cyclonedx": "modeldeps.report.cyclonedx:CycloneDxReporter",
    "spdx": "modeldeps.report.spdx:SpdxReporter",
    "dot": "modeldeps.report.dot:DotReporter",
    "gitlab": "modeldeps.report.gitlab:GitlabReporter",
    "comment": "modeldeps.report.comment:CommentReporter",
}


def reporter_class(name: str) -> type[Reporter]:
    module, _, cls = REPORTERS[name].partition(":")
    found = getattr(import_module(module), cls)
    assert isinstance(found, type) and issubclass(found, Reporter)
    return found


__all__ = ["REPORTERS", "ReportOptions", "Reporter", "reporter_class"]
