"""On-disk cache of resolved records: one JSON file per (endpoint, model, revision).

File names are a sha256 of the key, so no model id or revision can name a
path outside the cache directory. Writes go to a temporary file in the same
directory, are fsynced and renamed into place, so concurrent scans never see
half an entry; an entry that does not parse or does not match its key is a
miss. Records for a full commit sha never expire; records for branches and
tags expire after ``ttl``; negative answers (not found, gated, ...) after
``negative_ttl``; transient failures are never cached. Tokens are never
written: the key records only whether a token was used.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable

from modeldeps.model import ModelRecord, RecordSource, ResolveStatus
from modeldeps.record import field, record
from modeldeps.resolve.serial import RecordFormatError, record_from_dict, record_to_dict

SCHEMA = "modeldeps.cache/1"
DEFAULT_TTL = 24 * 3600.0
DEFAULT_NEGATIVE_TTL = 3600.0
_NEGATIVE = frozenset(
    {
        ResolveStatus.NOT_FOUND,
        ResolveStatus.REVISION_NOT_FOUND,
        ResolveStatus.GATED,
        ResolveStatus.UNAUTHORIZED,
        ResolveStatus.INVALID_ID,
    }
)


def default_cache_dir() -> str:
    from platformdirs import user_cache_dir

    return str(user_cache_dir("modeldeps", appauthor=False))


@record(frozen=False)
class Cache:
    directory: str | None  # None: <platform user cache dir>/records, looked up on first use
    endpoint: str
    authenticated: bool = False
    ttl: float = DEFAULT_TTL
    negative_ttl: float = DEFAULT_NEGATIVE_TTL
    clock: Callable[[], float] = time.time
    warnings: list[str] = field(default_factory=list)

    def _key(self, model_id: str, revision: str | None) -> dict[str, object]:
        return {
            "endpoint": self.endpoint,
            "id": model_id,
            "revision": revision,
            "auth": self.authenticated,
        }

    @property
    def root(self) -> str:
        if self.directory is None:
            self.directory = os.path.join(default_cache_dir(), "records")
        return self.directory

    def path_for(self, model_id: str, revision: str | None) -> str:
        raw = json.dumps(self._key(model_id, revision), sort_keys=True).encode()
        import hashlib  # loads OpenSSL (~2 ms): only when the cache is really used

        return os.path.join(self.root, hashlib.sha256(raw).hexdigest() + ".json")

    def get(
        self, model_id: str, revision: str | None, *, allow_stale: bool = False
    ) -> ModelRecord | None:
        """The cached record, or None on a miss (absent, expired, corrupt)."""
        path = self.path_for(model_id, revision)
        try:
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, RecursionError):
            return None  # unreadable or corrupt: a miss, overwritten on the next put
        if (
            not isinstance(doc, dict)
            or doc.get("schema") != SCHEMA
            or doc.get("key") != self._key(model_id, revision)
        ):
            return None
        fetched = doc.get("fetched_at")
        try:
            record = record_from_dict(doc.get("record"), source=RecordSource.CACHE)
        except RecordFormatError:
            return None
        if not isinstance(fetched, int | float):
            return None
        if not allow_stale and self._expired(record, revision, float(fetched)):
            return None
        return record

    def _expired(self, record: ModelRecord, revision: str | None, fetched: float) -> bool:
        age = self.clock() - fetched
        if age < 0:
            return True  # written by a clock from the future: do not trust it
        if record.status in _NEGATIVE:
            return age > self.negative_ttl
        from modeldeps.extract.ids import is_commit_sha

        if is_commit_sha(revision):
            return False
        return age > self.ttl

    @staticmethod
    def cacheable(record: ModelRecord) -> bool:
        return record.status is ResolveStatus.OK or record.status in _NEGATIVE

    def put(self, record: ModelRecord) -> None:
        """Store a record atomically; failures become one warning, never an error."""
        if not self.cacheable(record):
            return
        doc = {
            "schema": SCHEMA,
            "key": self._key(record.id, record.requested_revision),
            "fetched_at": self.clock(),
            "record": record_to_dict(record),
        }
        path = self.path_for(record.id, record.requested_revision)
        tmp = None
        try:
            os.makedirs(self.root, exist_ok=True)
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=self.root)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
            tmp = None
        except OSError as exc:
            if not self.warnings:
                self.warnings.append(
                    f"cache directory {self.root} is not writable ({exc.strerror}); "
                    "continuing without caching"
                )
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def clear(self) -> int:
        """Remove every entry (and stray temporary files); return how many files went."""
        removed = 0
        try:
            names = os.listdir(self.root)
        except FileNotFoundError:
            return 0
        for name in names:
            if name.endswith(".json"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(self.root, name))
                    removed += 1
        return removed
