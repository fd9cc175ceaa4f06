"""Report formats, one module each, behind the Reporter interface."""

from __future__ import annotations

from modeldeps.report.base import Reporter, ReportOptions
from modeldeps.report.cyclonedx import CycloneDxReporter
from modeldeps.report.github import GithubReporter
from modeldeps.report.json import JsonReporter
from modeldeps.report.markdown import MarkdownReporter
from modeldeps.report.sarif import SarifReporter
from modeldeps.report.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "sarif": SarifReporter,
    "github": GithubReporter,
    "markdown": MarkdownReporter,
    "cyclonedx": CycloneDxReporter,
}

__all__ = ["REPORTERS", "ReportOptions", "Reporter"]
