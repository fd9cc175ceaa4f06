"""The one interface every report format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Container

from modeldeps.model import Finding, ResolveStatus, ScanResult, Severity
from modeldeps.record import record

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import ClassVar


@record
class ReportOptions:
    color: bool = False
    verbose: int = 0
    quiet: bool = False  # hook mode: say nothing when clean
    fail_on: str = "error"  # quiet mode prints findings at or above this severity
    cyclonedx_version: str = "1.7"  # --cyclonedx-version: the schema of --format cyclonedx


class Reporter(ABC):
    """Renders a ScanResult to text. Pure: no I/O, no environment."""

    #: emitted even when the scan is clean (machine formats are manifests)
    is_manifest: ClassVar[bool] = True

    def __init__(self, options: ReportOptions | None = None) -> None:
        self.options = options or ReportOptions()

    @abstractmethod
    def render(self, result: ScanResult) -> str: ...


_RANK = {Severity.NOTE: 1, Severity.WARNING: 2, Severity.ERROR: 3}


def subject(f: Finding, referenced: Container[str]) -> str | None:
    """The referenced model a finding belongs to: its own id, or, for the open weights
    behind a hosted API model (judged on the API model's reference), that API model."""
    if f.model_id is not None and f.model_id not in referenced and f.references:
        return f.references[0].model_id
    return f.model_id


def model_verdicts(result: ScanResult) -> dict[str, str]:
    """denied | review | allowed | unresolved | listed, for every referenced model."""
    worst: dict[str, int] = {}
    referenced = {r.model_id for r in result.references}
    for f in result.findings:
        m = subject(f, referenced)
        if m is not None and f.code not in ("license-duty", "unresolved"):
            worst[m] = max(worst.get(m, 0), _RANK[f.severity])
    failed = {r.id for r in (*result.records, *result.datasets) if r.status is not ResolveStatus.OK}
    out: dict[str, str] = {}
    for ref in result.references:
        m = ref.model_id
        if not result.resolved:
            out[m] = "listed"
        elif m in failed and worst.get(m, 0) < _RANK[Severity.ERROR]:
            out[m] = "unresolved"
        else:
            out[m] = {3: "denied", 2: "review"}.get(worst.get(m, 0), "allowed")
    return out
