"""Resolve stage: (model id, revision) pairs -> ModelRecords, lineage included.

Each pair is looked up in the lockfile, then the cache, then the Hub. Hub
requests run on a bounded pool of daemon threads: a hung connection can
delay a worker but never the run, which ends at its deadline with an honest
``unreachable`` record for whatever is still out. Lineage follows
``base_model`` to the roots, each ancestor resolved once, with cycle and
depth guards.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from modeldeps.model import ModelRecord, RecordSource, ResolveStatus
from modeldeps.record import field, record, replace
from modeldeps.resolve.cache import Cache
from modeldeps.resolve.lineage import MAX_DEPTH, Key
from modeldeps.resolve.lock import Lock

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only

if TYPE_CHECKING:
    import queue
    import threading

    from modeldeps.resolve.hub import HubClient

Progress = Callable[[int, int], None]

DEFAULT_JOBS = 8
ANONYMOUS_JOBS = 4  # without a token: the anonymous quota is per IP, so ask more gently


@record
class ResolveOptions:
    offline: bool = False
    jobs: int = DEFAULT_JOBS
    deadline: float = 60.0  # seconds for the whole resolution
    max_depth: int = MAX_DEPTH
    use_lock: bool = True


@record(frozen=False)
class ResolveResult:
    records: dict[Key, ModelRecord]
    notes: list[str] = field(default_factory=list)
    hub_requests: int = 0  # model lookups that went to the Hub


class Resolver:
    def __init__(
        self,
        client_factory: Callable[[], HubClient] | None,
        cache: Cache | None,
        lock: Lock | None,
        options: ResolveOptions,
        *,
        progress: Progress | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client_factory = client_factory
        self._client: HubClient | None = None
        self.cache = cache
        self.lock = lock if options.use_lock else None
        self.options = options
        self.progress = progress
        self.clock = clock

    # -- local sources ----------------------------------------------------------
    def _local(self, key: Key) -> ModelRecord | None:
        model_id, revision = key
        if self.lock is not None:
            rec = self.lock.get(model_id, revision)
            if rec is not None:
                return rec
        if self.cache is not None:
            rec = self.cache.get(model_id, revision, allow_stale=self.options.offline)
            if rec is not None:
                return rec
        if self.options.offline or self._client_factory is None:
            reason = (
                "not in the lockfile or cache and offline mode is on; run "
                "'modeldeps lock' online once, then use --offline"
            )
            return ModelRecord(
                model_id, revision, ResolveStatus.OFFLINE_MISS, RecordSource.NONE, reason=reason
            )
        return None

    def resolve(self, keys: Iterable[Key]) -> ResolveResult:
        """Resolve ``keys`` and every ancestor they name."""
        deadline = self.clock() + self.options.deadline
        records: dict[Key, ModelRecord] = {}
        depth: dict[Key, int] = {}
        notes: list[str] = []
        cut: dict[Key, str] = {}  # records whose bases the depth limit kept out
        pending: set[Key] = set()
        hub_requests = 0
        channel: _Channel | None = None  # made when the first record must come from the Hub

        def worker() -> None:
            assert channel is not None
            while True:
                key = channel.tasks.get()
                if key is None:
                    return
                client = self._client
                assert client is not None
                try:
                    rec = client.model_info(key[0], key[1], deadline)
                except Exception as exc:  # a bug in a client must not hang the run
                    rec = ModelRecord(
                        key[0],
                        key[1],
                        ResolveStatus.UNREACHABLE,
                        RecordSource.HUB,
                        reason=f"internal error: {type(exc).__name__}",
                    )
                channel.results.put((key, rec))

        def submit(key: Key, level: int) -> None:
            nonlocal hub_requests, channel
            if key in depth:
                # Met again by a shorter chain: its own bases are nearer too, so a cut made
                # at the deeper level may no longer apply (each key shrinks at most max_depth
                # times, so this stays linear).
                if level < depth[key]:
                    depth[key] = level
                    if key in records:
                        follow(key, records[key])
                return
            depth[key] = level
            local = self._local(key)
            if local is not None:
                accept(key, local)
                return
            if self._client is None:
                assert self._client_factory is not None
                self._client = self._client_factory()
            if channel is None:
                channel = _Channel()
            channel.add_worker(worker, max(1, self.options.jobs))
            pending.add(key)
            hub_requests += 1
            channel.tasks.put(key)

        def accept(key: Key, rec: ModelRecord) -> None:
            records[key] = rec
            if self.progress is not None:
                self.progress(len(records), len(depth))
            follow(key, rec)

        def follow(key: Key, rec: ModelRecord) -> None:
            if rec.status is not ResolveStatus.OK or not rec.base_models:
                return
            level = depth[key] + 1
            if level > self.options.max_depth:
                cut[key] = (
                    f"{key[0]}: lineage deeper than {self.options.max_depth} levels; "
                    "not followed further (reported as lineage-truncated)"
                )
                return
            cut.pop(key, None)
            for base in rec.base_models:
                submit((base, None), level)

        for key in dict.fromkeys(keys):
            submit(key, 0)
        while pending:
            assert channel is not None
            left = deadline - self.clock()
            if left <= 0:
                break
            try:
                key, rec = channel.results.get(timeout=min(left, 0.5))
            except channel.empty:
                continue
            pending.discard(key)
            if self.cache is not None and rec.source in (RecordSource.HUB, RecordSource.README):
                self.cache.put(rec)
            accept(key, rec)
        for key in pending:
            records[key] = ModelRecord(
                key[0],
                key[1],
                ResolveStatus.UNREACHABLE,
                RecordSource.HUB,
                reason=f"no answer within the {self.options.deadline:g} s deadline",
            )
        if channel is not None:
            channel.close()
        notes.extend(cut.values())
        if self.cache is not None:
            notes.extend(self.cache.warnings)
        return ResolveResult(records, notes, hub_requests)


def with_source(record: ModelRecord, source: RecordSource) -> ModelRecord:
    return replace(record, source=source)


class _Channel:
    """The Hub workers and their queues; queue and threading load only when a run asks."""

    def __init__(self) -> None:
        import queue

        self.tasks: queue.Queue[Key | None] = queue.Queue()
        self.results: queue.Queue[tuple[Key, ModelRecord]] = queue.Queue()
        self.empty = queue.Empty
        self.workers: list[threading.Thread] = []

    def add_worker(self, target: Callable[[], None], limit: int) -> None:
        import threading

        if len(self.workers) < limit:
            t = threading.Thread(target=target, name="modeldeps-hub", daemon=True)
            t.start()
            self.workers.append(t)

    def close(self) -> None:
        for _ in self.workers:
            self.tasks.put(None)  # idle workers exit; a hung one dies with the process (daemon)
