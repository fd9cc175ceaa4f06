"""The one interface every report format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from modeldeps.model import ScanResult


@dataclass(frozen=True, slots=True)
class ReportOptions:
    color: bool = False
    verbose: int = 0
    quiet: bool = False  # hook mode: say nothing when clean
    fail_on: str = "error"  # quiet mode prints findings at or above this severity


class Reporter(ABC):
    """Renders a ScanResult to text. Pure: no I/O, no environment."""

    #: emitted even when the scan is clean (machine formats are manifests)
    is_manifest: ClassVar[bool] = True

    def __init__(self, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()

    @abstractmethod
    def render(self, result: ScanResult) -> str: ...
