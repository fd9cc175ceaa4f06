"""On-disk cache of resolved records: one JSON file per (endpoint, model, revision).

File names are a sha256 of the key, so no model id or revision can name a
path outside the cache directory. Writes go to a temporary file in the same
directory, are fsynced and renamed into place, so concurrent scans never see
half an entry; an entry that does not parse or does not match its key is a
miss. Records for a full commit sha never expire; records for branches and
tags expire after ``ttl``; negative answers (not found, gated, ...) after
``negative_ttl``; transient failures are never cached. Tokens are never
written: the key records only whether a token was used.

Only ``<sha256>.json`` names are entries. A writer killed between creating
its temporary file (``.tmp-*.part``) and renaming it leaves that file behind:
it is never read or counted as an entry, the first write of a run removes
those older than STRAY_AGE (a live writer renames its own within
milliseconds), and ``cache clear`` removes them all.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable

from modeldeps.lazyre import lazy
from modeldeps.model import ModelRecord, RecordSource, ResolveStatus
from modeldeps.record import field, record
from modeldeps.resolve.serial import RecordFormatError, record_from_dict, record_to_dict

SCHEMA = "modeldeps.cache/1"
MAX_ENTRY_BYTES = 4 << 20  # one record is a few KB; a bigger file is not ours
STRAY_AGE = 600.0  # seconds after which a temporary file is a dead writer's
TMP_PREFIX = ".tmp-"
_ENTRY = lazy(r"[0-9a-f]{64}\.json")
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
    swept: bool = False  # stray temporary files removed by this process already
    kind: str = "model"  # "dataset": a cache of dataset records (their own keys)

    def _key(self, model_id: str, revision: str | None) -> dict[str, object]:
        key: dict[str, object] = {
            "endpoint": self.endpoint,
            "id": model_id,
            "revision": revision,
            "auth": self.authenticated,
        }
        if self.kind != "model":  # a model's key is unchanged, so caches stay warm
            key["kind"] = self.kind
        return key

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
        from modeldeps.safeio import read_regular

        path = self.path_for(model_id, revision)
        try:
            data = read_regular(path, MAX_ENTRY_BYTES)
            if data is None:
                return None
            doc = json.loads(data.decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return None  # unreadable, special or corrupt: a miss, overwritten on the next put
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
        if isinstance(fetched, bool) or not isinstance(fetched, int | float):
            return None
        import math

        if not math.isfinite(fetched):
            return None  # NaN would never expire: every comparison with it is false
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
            if not self.swept:
                self.swept = True
                self.sweep()
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=".part", dir=self.root)
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

    def sweep(self, older_than: float = STRAY_AGE) -> int:
        """Remove temporary files left by killed writers; return how many went."""
        removed = 0
        try:
            names = os.listdir(self.root)
        except OSError:
            return 0
        now = time.time()  # file times are wall-clock, whatever clock the TTLs use
        for name in names:
            if not name.startswith(TMP_PREFIX):
                continue
            path = os.path.join(self.root, name)
            with contextlib.suppress(OSError):
                if now - os.lstat(path).st_mtime >= older_than:
                    os.unlink(path)
                    removed += 1
        return removed

    def entries(self) -> list[str]:
        """The names of the entries in the cache directory (never temporary files)."""
        try:
            return sorted(n for n in os.listdir(self.root) if _ENTRY.fullmatch(n))
        except OSError:
            return []

    def clear(self) -> int:
        """Remove every entry and every stray temporary file; return how many entries went."""
        removed = 0
        self.sweep(older_than=float("-inf"))
        for name in self.entries():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(os.path.join(self.root, name))
                removed += 1
        return removed
