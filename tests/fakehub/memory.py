"""In-memory HubClient for unit tests of resolve.py (no HTTP at all)."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

from modeldeps.model import LicenseEvidence, ModelRecord, RecordSource, ResolveStatus


class MemoryHubClient:
    def __init__(
        self,
        models: Mapping[str, tuple[str, list[str]]],
        *,
        hang: set[str] | None = None,
        status: Mapping[str, ResolveStatus] | None = None,
    ) -> None:
        """models: id -> (license, base models)."""
        self.models = dict(models)
        self.hang = hang or set()
        self.status = dict(status or {})
        self.calls: list[tuple[str, str | None]] = []
        self._lock = threading.Lock()

    def model_info(self, model_id: str, revision: str | None, deadline: float) -> ModelRecord:
        with self._lock:
            self.calls.append((model_id, revision))
        if model_id in self.hang:
            time.sleep(3600)
        if model_id in self.status:
            return ModelRecord(
                model_id, revision, self.status[model_id], RecordSource.HUB, reason="configured"
            )
        if model_id not in self.models:
            return ModelRecord(
                model_id, revision, ResolveStatus.NOT_FOUND, RecordSource.HUB, reason="not found"
            )
        lic, bases = self.models[model_id]
        return ModelRecord(
            model_id,
            revision,
            ResolveStatus.OK,
            RecordSource.HUB,
            canonical_id=model_id,
            sha="a" * 40,
            license=LicenseEvidence(lic, "card:license"),
            base_models=tuple(bases),
        )
