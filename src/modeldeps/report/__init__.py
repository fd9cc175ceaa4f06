"""Report formats, one module each, behind the Reporter interface."""

from __future__ import annotations

from modeldeps.report.base import Reporter, ReportOptions
from modeldeps.report.json import JsonReporter
from modeldeps.report.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
}

__all__ = ["REPORTERS", "ReportOptions", "Reporter"]
