"""The only module that imports huggingface_hub: Hub answers -> ModelRecords.

Every call carries a timeout (the library's default is none at all) and the
time left before the run's deadline. Transient failures (5xx, timeouts,
refused connections, malformed bodies) are retried a bounded number of times
with exponential backoff; a 429 carrying the Hub's ``RateLimit`` header
pauses every worker until the window resets when that fits in the deadline,
and otherwise stops asking (``Retry-After`` is honoured for proxies that send
it). Everything else maps to a record status at once.

Metadata is always asked for at a revision (``/api/models/{id}/revision/{rev}``,
``main`` when none is pinned), because enterprise mirrors implement only that
form. When a non-default endpoint answers a plain 404 or 400 (no Hub error
code), the request is repeated once without ``expand``; when the metadata API
is missing altogether, the card is read from ``README.md`` through the resolve
path (the record's source is then ``readme``). The LICENSE file is read only
when the card's license is ``other`` or missing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

from modeldeps import __version__
from modeldeps.model import LicenseEvidence, LicenseFile, ModelRecord, RecordSource, ResolveStatus
from modeldeps.record import record, replace

if TYPE_CHECKING:
    from huggingface_hub.hf_api import ExpandModelProperty_T

EXPAND: list[ExpandModelProperty_T] = [
    "cardData",
    "sha",
    "gated",
    "private",
    "tags",
    "lastModified",
    "siblings",
    # The Hub's own reading of the card's base_model ({relation, models: [{id}]}): used to
    # cross-check card values that are not, or no longer, Hub ids.
    "baseModels",
]
DEFAULT_ENDPOINT = "https://huggingface.co"
# Preferred, in this order, when a repository holds several license files; any other
# name matching _LICENSE_NAME (LICENCE.txt, LICENSE-MODEL, license.md, ...) comes after.
LICENSE_FILES = (
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    "LICENCE",
    "LICENCE.md",
    "LICENCE.txt",
    "LICENSE.rst",
)
# Tried, in this order, when the endpoint cannot list a repository's files (no metadata
# API): each miss costs a request, so only the common names.
LICENSE_GUESSES = ("LICENSE", "LICENSE.md", "LICENSE.txt")
# base_model_relation's documented values (hub-docs model-cards.md, D3).
RELATIONS = ("adapter", "merge", "quantized", "finetune")
_LICENSE_NAME = r"(?i)licen[cs]e(?:[-_. ][\w.-]*)?"
# A plain answer with one of these statuses from a non-default endpoint, without a Hub
# error code, means "not implemented here" as often as "not found" (hf-hub-real I1, I2, J2).
_UNIMPLEMENTED = frozenset({400, 404, 405, 501})
_WEIGHT_FORMATS = {
    ".safetensors": "safetensors",
    ".bin": "pickle",
    ".pt": "pickle",
    ".pth": "pickle",
    ".ckpt": "pickle",
    ".pkl": "pickle",
    ".gguf": "gguf",
    ".onnx": "onnx",
    ".h5": "h5",
    ".msgpack": "flax",
    ".tflite": "tflite",
    ".mlmodel": "coreml",
    ".ggml": "ggml",
}
_LICENSE_EXCERPT = 4096
_MIB = 1 << 20
# Every Hub body is read through _read_capped: at most this many bytes on the wire and at
# most this many once inflated. Real model answers are tens of KB (a repository with
# thousands of files a few MB); LICENSE files are a few KB.
MAX_INFO_BYTES = 16 * _MIB
MAX_FILE_BYTES = 1 * _MIB
MAX_ERROR_BYTES = 64 << 10  # an error body is only read for its message
_CHUNK = 64 << 10


class HubClient(Protocol):
    """What resolve.py needs from the Hub; tests provide in-memory fakes."""

    def model_info(self, model_id: str, revision: str | None, deadline: float) -> ModelRecord:
        """A record for one model at one revision; never raises for Hub outcomes."""
        ...


@record
class HubSettings:
    endpoint: str
    token: str | None
    timeout: float = 10.0  # per metadata request
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 30.0
    file_timeout: float | None = None  # per file read (README, LICENSE); None: ``timeout``
    token_error: str | None = None  # why no token could be had (a failed OIDC exchange)


def is_default_endpoint(endpoint: str) -> bool:
    """Whether ``endpoint`` is huggingface.co itself rather than a mirror or proxy."""
    return endpoint.rstrip("/").lower() in (DEFAULT_ENDPOINT, "https://www.huggingface.co")


def shown_endpoint(endpoint: str) -> str:
    """The endpoint as messages name it: no credentials, query or trailing slash."""
    from urllib.parse import urlsplit

    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return f"{parts.scheme}://{host}{parts.path.rstrip('/')}" if parts.scheme else endpoint


def prepare_library(endpoint: str | None, environ: MutableMapping[str, str]) -> None:
    """Keep huggingface_hub's own requests on ``endpoint``; call before its first import.

    Building a user agent makes huggingface_hub fetch ``{HF_ENDPOINT}/api/agent-harnesses``
    (telemetry), and token exchanges use ``HF_ENDPOINT`` too: both read the environment at
    import, not ``HfApi(endpoint=)``. With a mirror given only as ``--hub-endpoint``, the
    first request of a run would go to huggingface.co (hf-hub-real section 6).
    """
    import sys

    if not endpoint or is_default_endpoint(endpoint):
        return
    environ["HF_ENDPOINT"] = endpoint
    environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:  # imported already (a long-lived process): set it there too
        constants.HF_HUB_DISABLE_TELEMETRY = True  # type: ignore[attr-defined]


def find_token() -> tuple[str | None, str | None]:
    """(the token huggingface_hub would send, why none could be had).

    OIDC exchange in CI, ``HF_TOKEN``, the token file (refreshing an expired OAuth
    login), Colab; none under ``HF_HUB_DISABLE_IMPLICIT_TOKEN``. Called only when the
    Hub is about to be asked. A failed OIDC exchange or refresh is the second value,
    never an exception: every lookup then fails with it, said once.
    """
    from huggingface_hub.utils import get_token_to_send  # type: ignore[attr-defined]

    try:
        token = get_token_to_send(None)
    except Exception as exc:  # OIDCError, HfHubHTTPError from the exchange, OSError
        from modeldeps.textsafe import line, redact

        detail = line(redact(str(exc).strip().splitlines()[0] if str(exc).strip() else ""))
        return None, (
            f"huggingface_hub could not get a token ({type(exc).__name__}: {detail[:160]}); "
            "check HF_OIDC_RESOURCE / HF_OIDC_ID_TOKEN or log in again"
        )
    return (token if isinstance(token, str) and token else None), None


class _Transient(Exception):
    source = RecordSource.HUB

    def __init__(
        self,
        status: ResolveStatus,
        reason: str,
        retry_after: float | None = None,
        reset: float | None = None,
    ):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retry_after = retry_after
        self.reset = reset  # seconds until a 429's rate-limit window resets (RateLimit: t=)


class _RateGate:
    """One pause for every worker: a 429 with ``RateLimit: t=N`` holds all requests N + 1 s.

    When the reset does not fit before the deadline, the gate closes: later requests fail
    at once instead of spending the quota that is left (hf-hub-real section 2, D1, I4).
    """

    def __init__(self, clock: Callable[[], float], sleep: Callable[[float], None]) -> None:
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._until = 0.0  # paused until then
        self._closed_until = 0.0  # no request until then (after this run's deadline)

    def wait(self, deadline: float, refused: Callable[[float], str]) -> None:
        with self._lock:
            until, closed = self._until, self._closed_until
        now = self._clock()
        if closed > now:
            raise _Final(ResolveStatus.RATE_LIMITED, refused(closed - now))
        if until > now:
            if until >= deadline:
                raise _Final(ResolveStatus.RATE_LIMITED, refused(until - now))
            self._sleep(until - now)

    def limited(self, reset: float, deadline: float) -> bool:
        """Pause for ``reset`` seconds and say True, or close the gate and say False."""
        now = self._clock()
        resume = now + reset + 1.0
        with self._lock:
            if resume < deadline:
                self._until = max(self._until, resume)
                return True
            self._closed_until = max(self._closed_until, now + reset)
            return False


class HfHubClient:
    """HubClient over ``huggingface_hub.HfApi`` with an explicit endpoint and token."""

    repo_type: str | None = None  # of the repositories whose files it reads; None: models

    def __init__(
        self,
        settings: HubSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import logging

        from huggingface_hub import HfApi

        # The library logs its own retries as warnings; ours are reported as record statuses.
        logging.getLogger("huggingface_hub").setLevel(logging.ERROR)
        self.settings = settings
        self._sleep = sleep
        self._clock = clock
        self._default = is_default_endpoint(settings.endpoint)
        self._where = "the Hub" if self._default else shown_endpoint(settings.endpoint)
        self._gate = _RateGate(clock, sleep)
        # What this endpoint turned out to implement; learnt once, shared by the workers.
        self._expand_ok = True
        self._api_ok = True
        # README.md bodies read for a card, kept until lineage inference asks (bounded).
        self._readmes: dict[tuple[str, str], bytes] = {}
        self._memo_lock = threading.Lock()
        # A token that cannot be sent fails every request the same way: said once, at once.
        self._token_problem = settings.token_error or token_problem(settings.token)
        # token=False stops huggingface_hub from finding a token on its own:
        # the token is decided once, at start-up, by the caller.
        self.api = HfApi(
            endpoint=settings.endpoint,
            token=settings.token or False,
            library_name="modeldeps",
            library_version=__version__,
        )

    # -- public ---------------------------------------------------------------
    def model_info(self, model_id: str, revision: str | None, deadline: float) -> ModelRecord:
        base = ModelRecord(
            id=model_id,
            requested_revision=revision,
            status=ResolveStatus.UNREACHABLE,
            source=RecordSource.HUB,
        )
        if self._token_problem is not None:
            return replace(base, status=ResolveStatus.UNAUTHORIZED, reason=self._token_problem)
        try:
            record, names, info = self._metadata(model_id, revision, deadline)
        except (_Transient, _Final) as exc:
            return replace(
                base, status=exc.status, reason=self._redact(exc.reason), source=exc.source
            )
        if record.status is ResolveStatus.OK:
            # lineage beyond base_model, card terms, GGUF header (issue 14: resolve/inference.py)
            from modeldeps.resolve.inference import enrich, wants_license_text

            record = enrich(self, record, info, deadline)
        if record.status is ResolveStatus.OK and (
            record.license is None
            or record.license.value in (None, "other", "unknown")
            or "other" in record.license.entries
            or wants_license_text(record)
        ):
            record = self._with_license_file(record, names, deadline)
        return self._scrub(record)

    def read_file(
        self, record: ModelRecord, filename: str, deadline: float, *, prefix: int | None = None
    ) -> tuple[bytes | None, str | None]:
        """(a repo file at the record's commit, or a note saying why it could not be read).

        With ``prefix``, one ``Range: bytes=0-(prefix-1)`` request reads at most that
        many bytes (a GGUF header); a server that ignores Range answers 200 and only
        the start of the body is read before the stream is closed.
        """
        repo = record.canonical_id or record.id
        revision = record.sha or record.requested_revision
        if filename == "README.md" and prefix is None:
            with self._memo_lock:
                kept = self._readmes.pop((record.id, revision or "main"), None)
            if kept is not None:
                return kept, None
        try:
            data, _headers = self._with_retries(
                lambda timeout: self._fetch(repo, filename, revision, timeout, deadline, prefix),
                deadline,
                file=True,
            )
        except (_Transient, _Final) as exc:
            return None, self._redact(f"{filename} could not be read: {exc.reason}")
        return bytes(data), None

    def _metadata(
        self, model_id: str, revision: str | None, deadline: float
    ) -> tuple[ModelRecord, list[str] | None, Any]:
        """The record from the metadata API, else from README.md; the repo's file names
        (None when the endpoint cannot list them); the answer (a ModelInfo or _ReadmeInfo)."""
        from huggingface_hub.utils import validate_repo_id  # type: ignore[attr-defined]

        try:
            validate_repo_id(model_id)
        except Exception as exc:
            raise self._classify(exc) from None
        # Always at a revision: mirrors serve only /revision/{rev} (hf-hub-real I2).
        rev = revision or "main"
        missing: _Final | None = None
        if self._api_ok:
            try:
                info, lineage, note = self._api_info(model_id, rev, deadline)
            except _Final as exc:
                if not exc.unimplemented:
                    raise
                missing = exc
            else:
                names = sibling_names(info)
                if (
                    note is None
                    and not self._expand_ok
                    and getattr(info, "card_data", None) is None
                    and "README.md" in names
                ):
                    # A mirror that refused ``expand`` and whose full answer leaves out
                    # cardData (whether JFrog keeps it is not documented, hf-hub-real
                    # section 4): the card is in the README it does serve.
                    note = self._card_from_mirror(info, model_id, rev, deadline)
                record = record_from_info(model_id, revision, info, hub_lineage=lineage)
                if note:
                    record = _with_note(record, note)
                return record, names, info
        record, readme = self._readme_record(model_id, revision, rev, deadline, missing)
        return record, None, readme

    def _card_from_mirror(self, info: Any, model_id: str, rev: str, deadline: float) -> str:
        """Fill ``info.card_data`` from README.md; the note saying so (or why it could not)."""
        sha = getattr(info, "sha", None)
        at = sha if isinstance(sha, str) and sha else rev
        try:
            body, _headers = self._with_retries(
                lambda timeout: self._fetch(model_id, "README.md", at, timeout, deadline),
                deadline,
                file=True,
            )
        except (_Transient, _Final) as exc:
            return f"{self._where}'s answer has no cardData and README.md could not be read: " + (
                exc.reason
            )
        card, problem = _card_from_readme(body.decode("utf-8", "replace"))
        info.card_data = card
        with self._memo_lock:  # lineage inference may read the same README: once is enough
            self._readmes[(model_id, at)] = body
            while len(self._readmes) > 32:
                del self._readmes[next(iter(self._readmes))]
        note = f"card read from README.md: {self._where}'s answer has no cardData"
        return note + (f"; card metadata unreadable ({problem})" if problem else "")

    def _api_info(self, model_id: str, rev: str, deadline: float) -> tuple[Any, object, str | None]:
        """(ModelInfo, the answer's ``baseModels``, a note) from /api/models/{id}/revision/{rev}.

        A plain 404/400 from a mirror is asked again once without ``expand``, which
        Artifactory does not implement (hf-hub-real I1); the endpoint is then asked
        without it for the rest of the run.
        """
        from urllib.parse import quote

        url = (
            f"{self.settings.endpoint.rstrip('/')}/api/models/{model_id}"
            f"/revision/{quote(rev, safe='')}"
        )

        def ask(expand: bool) -> tuple[Any, object, str | None]:
            params = {"expand": list(EXPAND)} if expand else None
            return self._with_retries(  # type: ignore[no-any-return]
                lambda timeout: self._parse_info(
                    self._get(url, params, timeout, deadline, MAX_INFO_BYTES)
                ),
                deadline,
            )

        if not self._expand_ok:
            return ask(False)
        try:
            return ask(True)
        except _Final as exc:
            if not exc.unimplemented:
                raise
        answer = ask(False)  # raises again (unimplemented) when there is no API at all
        self._expand_ok = False
        return answer

    def _parse_info(self, got: tuple[bytes, Any]) -> tuple[Any, object, str | None]:
        import json

        from huggingface_hub.hf_api import ModelInfo

        body, headers = got
        try:
            data = json.loads(body)
        except ValueError:
            if _looks_like_html(body, headers):
                raise _Final(
                    ResolveStatus.UNREACHABLE,
                    f"{self._where} answered with an HTML page, not the model's information "
                    "(a login page or a proxy in the way?)",
                ) from None
            raise  # a malformed answer (retried)
        if not isinstance(data, dict):
            raise ValueError("the Hub's answer is not a JSON object")
        siblings = data.get("siblings")
        if isinstance(siblings, list):  # one odd entry must not cost the whole answer
            data["siblings"] = [
                s for s in siblings if isinstance(s, dict) and isinstance(s.get("rfilename"), str)
            ]
        lineage = data.pop("baseModels", None)
        try:
            return ModelInfo(**data), lineage, None  # type: ignore[no-untyped-call]
        except (TypeError, KeyError, ValueError, AttributeError) as exc:
            problem = type(exc).__name__
        # Wrongly typed card fields (``tags: 5``) make ModelCardData raise: that answer
        # will not change on a retry, so it is final, and the Hub's tags still speak.
        data.pop("cardData", None)
        try:
            info = ModelInfo(**data)  # type: ignore[no-untyped-call]
        except (TypeError, KeyError, ValueError, AttributeError):
            raise _Final(
                ResolveStatus.UNREACHABLE,
                f"malformed answer from {self._where}: the model's information is unreadable "
                f"({problem})",
            ) from None
        note = f"card metadata unreadable ({problem}); license and lineage from the Hub's tags"
        return info, lineage, note

    def _readme_record(
        self,
        model_id: str,
        revision: str | None,
        rev: str,
        deadline: float,
        missing: _Final | None,
    ) -> tuple[ModelRecord, _ReadmeInfo]:
        """The card read from README.md through the resolve path, when /api/models is missing."""
        info, note = self._readme_info(model_id, rev, deadline, missing, "/api/models")
        record = record_from_info(model_id, revision, info, source=RecordSource.README)
        return _with_note(record, note), info

    def _readme_info(
        self, repo_id: str, rev: str, deadline: float, missing: _Final | None, api: str
    ) -> tuple[_ReadmeInfo, str]:
        """(the card of README.md read through the resolve path, the note saying so) when
        the metadata ``api`` is missing. The commit comes from ``X-Repo-Commit``; tags,
        gating and file lists are unknown."""
        from modeldeps.extract.ids import is_commit_sha

        why = f"{self._where} does not implement {api}"
        try:
            body, headers = self._with_retries(
                lambda timeout: self._fetch(repo_id, "README.md", rev, timeout, deadline),
                deadline,
                file=True,
            )
        except _Final as exc:
            if exc.status is ResolveStatus.NOT_FOUND or exc.unimplemented:
                where = "on the Hub" if self._default else f"at {self._where}"
                api_gone = missing is not None or not self._api_ok
                detail = f" ({why}, and README.md could not be read)" if api_gone else ""
                raise _Final(
                    ResolveStatus.NOT_FOUND,
                    f"not found {where}{detail}",
                    source=RecordSource.README if api_gone else RecordSource.HUB,
                ) from None
            raise
        self._api_ok = False  # files resolve, metadata does not: go straight here from now on
        commit = headers.get("X-Repo-Commit") if headers is not None else None
        card, problem = _card_from_readme(body.decode("utf-8", "replace"))
        info = _ReadmeInfo(
            repo_id, commit if isinstance(commit, str) and is_commit_sha(commit) else None, card
        )
        note = f"read from README.md: {why} (gating, tags and file list unknown)"
        if problem:
            note += f"; card metadata unreadable ({problem})"
        return info, note

    def _scrub(self, record: ModelRecord) -> ModelRecord:
        """The record with our token, and anything token-shaped, out of every string (D20).

        A mirror may echo the Authorization header in a LICENSE body or a card field;
        nothing of it may reach the cache, the lock or a report.
        """
        from modeldeps.textsafe import clean

        token = self.settings.token

        def c(value: str | None) -> str | None:
            return None if value is None else clean(value, token)

        lic, lf = record.license, record.license_file
        return replace(
            record,
            canonical_id=c(record.canonical_id),
            reason=c(record.reason),
            relation=c(record.relation),
            last_modified=c(record.last_modified),
            base_models=tuple(clean(b, token) for b in record.base_models),
            datasets=tuple(clean(d, token) for d in record.datasets),
            license=None
            if lic is None
            else LicenseEvidence(c(lic.value), clean(lic.source, token), c(lic.name), c(lic.link)),
            license_file=None
            if lf is None
            else LicenseFile(
                clean(lf.path, token), lf.sha256, clean(lf.excerpt, token), lf.text_sha256
            ),
            edges=tuple(
                replace(e, base=clean(e.base, token), evidence=clean(e.evidence, token))
                for e in record.edges
            ),
            terms=None
            if record.terms is None
            else replace(
                record.terms, evidence=tuple(clean(t, token) for t in record.terms.evidence)
            ),
        )

    # -- internals -----------------------------------------------------------------
    def _fetch(
        self,
        repo: str,
        filename: str,
        revision: str | None,
        timeout: float,
        deadline: float,
        prefix: int | None = None,
    ) -> tuple[bytes, Any]:
        """One bounded GET of a small repo file (or of the first ``prefix`` bytes of any):
        (body, response headers).

        hf_hub_download is not used here: it retries 5xx answers itself with
        waits of up to 8 s (about 23 s in all), which no caller can bound.
        """
        from huggingface_hub import hf_hub_url

        url = hf_hub_url(
            repo,
            filename,
            revision=revision,
            repo_type=self.repo_type,
            endpoint=self.settings.endpoint,
        )
        if prefix is not None:
            return self._get(url, None, timeout, deadline, prefix, what=filename, prefix=True)
        return self._get(url, None, timeout, deadline, MAX_FILE_BYTES, what=filename)

    def _get(
        self,
        url: str,
        params: dict[str, Any] | None,
        timeout: float,
        deadline: float,
        limit: int,
        what: str = "the model's information",
        prefix: bool = False,
    ) -> tuple[bytes, Any]:
        """GET ``url``: (body, headers), or _Final when the body is larger than ``limit``.

        ``prefix``: ask for the first ``limit`` bytes only (Range) and accept a cut body.
        """
        from huggingface_hub import get_session, hf_raise_for_status

        # Documented in huggingface_hub's utilities, though not re-exported for type checkers.
        from huggingface_hub.utils import build_hf_headers  # type: ignore[attr-defined]

        headers = build_hf_headers(
            token=self.settings.token or False,
            library_name="modeldeps",
            library_version=__version__,
        )
        headers["Accept-Encoding"] = "gzip, deflate"  # only what _Inflater can bound
        if prefix:
            headers["Range"] = f"bytes=0-{limit - 1}"
            headers["Accept-Encoding"] = "identity"  # a range of the stored bytes
        with get_session().stream(
            "GET", url, params=params, headers=headers, timeout=timeout, follow_redirects=True
        ) as response:
            if response.status_code >= 400:
                # hf_raise_for_status reads the body for its message: give it a bounded copy.
                body, _over = self._read_capped(response, MAX_ERROR_BYTES, deadline)
                hf_raise_for_status(_detached(response, body))
            body, over = self._read_capped(response, limit, deadline)
        if over and not prefix:
            raise _Final(
                ResolveStatus.UNREACHABLE,
                f"malformed answer from {self._where}: {what} is larger than "
                f"{_size(limit)} (compressed or inflated); not read",
            )
        return body, response.headers

    def _read_capped(self, response: Any, limit: int, deadline: float) -> tuple[bytes, bool]:
        """(at most ``limit`` bytes of the inflated body, whether there was more).

        Raw bytes are counted before inflating and inflated bytes after, so
        neither an endless body nor a compression bomb is ever held; the run's
        deadline also ends a body that keeps dripping.
        """
        inflater = _Inflater(response.headers.get("Content-Encoding", ""))
        out = bytearray()
        raw = 0
        for chunk in response.iter_raw(_CHUNK):
            raw += len(chunk)
            out += inflater.feed(chunk, limit - len(out))
            if raw > limit or len(out) > limit:
                return bytes(out[:limit]), True
            if self._clock() > deadline:
                raise _Transient(ResolveStatus.UNREACHABLE, "the Hub did not answer in time")
        out += inflater.flush(limit - len(out))
        if len(out) > limit:
            return bytes(out[:limit]), True
        return bytes(out), False

    def _redact(self, text: str) -> str:
        from modeldeps.textsafe import redact

        return redact(text, self.settings.token)  # the token, and any token-shaped string

    def _timeout(self, deadline: float) -> float:
        left = deadline - self._clock()
        if left <= 0:
            raise _Transient(ResolveStatus.UNREACHABLE, "deadline exceeded before the Hub answered")
        return max(0.05, min(self.settings.timeout, left))

    def _refused(self, seconds: float) -> str:
        hint = (
            "the token's quota is used up"
            if self.settings.token
            else "anonymous access allows 500 API calls per 5 minutes per IP; set HF_TOKEN"
        )
        return (
            f"rate limited by {self._where} (429): quota resets in {seconds:.0f} s, after "
            f"this run's deadline; {hint}"
        )

    def _with_retries(
        self, call: Callable[[float], Any], deadline: float, *, file: bool = False
    ) -> Any:
        attempt = 0
        paused = False
        while True:
            self._gate.wait(deadline, self._refused)
            try:
                timeout = self._timeout(deadline)
                if file and self.settings.file_timeout is not None:
                    timeout = max(0.05, min(self.settings.file_timeout, deadline - self._clock()))
                return call(timeout)
            except (_Transient, _Final) as exc:  # already classified (size caps, deadline)
                failure = exc
            except Exception as exc:  # classified below; unknown kinds are final
                failure = self._classify(exc)
            if isinstance(failure, _Final):
                raise failure
            if failure.reset is not None:
                # The Hub's own answer says when the window resets: wait for it once, with
                # every other worker, or stop asking (retrying sooner only spends quota).
                if paused or not self._gate.limited(failure.reset, deadline):
                    raise _Final(ResolveStatus.RATE_LIMITED, self._refused(failure.reset))
                paused = True
                continue
            if attempt >= self.settings.retries:
                raise failure
            wait = failure.retry_after
            if wait is None:
                wait = self.settings.backoff * (2**attempt)
            wait = min(wait, self.settings.max_retry_after)
            if self._clock() + wait >= deadline:
                raise failure
            self._sleep(wait)
            attempt += 1

    def _classify(self, exc: Exception) -> _Transient | _Final:
        from huggingface_hub import errors

        text = str(exc)
        msg = getattr(exc, "server_message", None) or (text.splitlines()[0] if text else "")
        response = getattr(exc, "response", None)
        status = getattr(response, "status_code", None)
        headers = getattr(response, "headers", None) or {}
        code = headers.get("X-Error-Code") if status is not None else None
        at = "on the Hub" if self._default else f"at {self._where}"
        private_hint = "if it is private, set HF_TOKEN"
        if isinstance(exc, errors.OfflineModeIsEnabled):
            return _Final(ResolveStatus.OFFLINE_MISS, "offline mode is on and nothing is cached")
        if isinstance(exc, errors.GatedRepoError):
            return _Final(
                ResolveStatus.GATED, "gated: accept the model's terms on the Hub, then set HF_TOKEN"
            )
        if isinstance(exc, errors.RevisionNotFoundError):
            return _Final(ResolveStatus.REVISION_NOT_FOUND, f"revision not found {at}")
        if isinstance(exc, errors.DisabledRepoError):
            return _Final(ResolveStatus.NOT_FOUND, f"the repository is disabled {at}")
        if isinstance(exc, errors.RemoteEntryNotFoundError):
            return _Final(ResolveStatus.NOT_FOUND, f"file not found {at}")
        if isinstance(exc, errors.HFValidationError):
            return _Final(ResolveStatus.INVALID_ID, f"not a valid Hub id: {msg}")
        if isinstance(exc, errors.HfHubHTTPError) and status == 401:
            # The Hub answers a missing or private repo asked without a token with a bare
            # 401 (no error code, hf-hub-real T1); huggingface_hub recognises it only on
            # https URLs without a path prefix, so it is decided here for every endpoint.
            if self.settings.token:
                return _Final(
                    ResolveStatus.UNAUTHORIZED,
                    f"{self._where} refused the token (401); check HF_TOKEN",
                )
            return _Final(ResolveStatus.NOT_FOUND, f"not found {at} ({private_hint})")
        if isinstance(exc, errors.RepositoryNotFoundError):
            return _Final(ResolveStatus.NOT_FOUND, f"not found {at}")
        if isinstance(exc, errors.HfHubHTTPError):
            if status == 429:
                from huggingface_hub.utils import (  # type: ignore[attr-defined]
                    parse_ratelimit_headers,
                )

                limit = parse_ratelimit_headers(headers)
                reset = float(limit.reset_in_seconds) if limit is not None else None
                return _Transient(
                    ResolveStatus.RATE_LIMITED,
                    f"rate limited by {self._where} (429)",
                    _retry_after(response) if reset is None else None,
                    reset,
                )
            if status in _UNIMPLEMENTED and not code and not self._default:
                # A mirror's own 404/400: "not here" for this repository, or for this
                # kind of request; the caller decides which (hf-hub-real section 4).
                return _Final(
                    ResolveStatus.NOT_FOUND,
                    f"not found {at} ({status})",
                    unimplemented="/api/" in _path(response),
                )
            if status == 403:
                return _Final(
                    ResolveStatus.UNAUTHORIZED,
                    f"{self._where} refused access (403); check HF_TOKEN",
                )
            if status == 404:
                return _Final(ResolveStatus.NOT_FOUND, f"not found {at}")
            if status is not None and status >= 500:
                return _Transient(
                    ResolveStatus.UNREACHABLE,
                    f"server error from {self._where} ({status})",
                    _retry_after(response),
                )
            return _Final(
                ResolveStatus.UNREACHABLE, f"unexpected answer from {self._where} ({status})"
            )
        name = type(exc).__name__
        tls = _tls_problem(exc)
        if tls is not None:
            return _Final(
                ResolveStatus.UNREACHABLE,
                f"TLS failed talking to {self._where} ({tls}); if a proxy or mirror uses its "
                "own certificate authority, set SSL_CERT_FILE to its bundle "
                "(REQUESTS_CA_BUNDLE is not read)",
            )
        if isinstance(exc, ValueError | KeyError | TypeError):  # JSON that is not a model
            return _Transient(ResolveStatus.UNREACHABLE, f"malformed answer from {self._where}")
        if "Timeout" in name:
            return _Transient(ResolveStatus.UNREACHABLE, f"{self._where} did not answer in time")
        if (
            isinstance(exc, OSError)
            or "Connect" in name
            or "Network" in name
            or "Protocol" in name
            or "Read" in name
            or "Remote" in name
        ):
            return _Transient(ResolveStatus.UNREACHABLE, f"cannot reach {self._where} ({name})")
        return _Final(
            ResolveStatus.UNREACHABLE, f"unexpected error talking to {self._where} ({name})"
        )

    def _with_license_file(
        self, record: ModelRecord, names: list[str] | None, deadline: float
    ) -> ModelRecord:
        """Read the repo's LICENSE file when the card does not name a usable license.

        Names are matched case-insensitively (``LICENCE.txt``, ``LICENSE-MODEL``,
        ``license.md``); without a file list (no metadata API) the common names are tried.
        """
        import re

        link = record.license.link if record.license else None
        local = link if link and "/" not in link and ":" not in link else None
        repo = record.canonical_id or record.id
        if link and local is None:
            # A link to this repository's own file on the Hub or the endpoint
            # (https://huggingface.co/<repo>/blob/<rev>/LICENSE.md) names a repo file.
            m = re.search(r"/([^/]+/[^/]+|[^/]+)/(?:blob|resolve|raw)/[^/]+/([^/?#]+)$", link)
            if m and m.group(1).lower() in (repo.lower(), record.id.lower()):
                local = m.group(2)
        if names is None:
            candidates = list(dict.fromkeys([*([local] if local else []), *LICENSE_GUESSES]))
        else:
            found = [n for n in names if re.fullmatch(_LICENSE_NAME, n)]
            rank = {n.lower(): i for i, n in enumerate(LICENSE_FILES)}
            found.sort(key=lambda n: (rank.get(n.lower(), len(rank)), n.lower()))
            candidates = [local] if local in names else []
            candidates += [n for n in found if n not in candidates]
        revision = record.sha or record.requested_revision or "main"
        for filename in candidates[:1] if names is not None else candidates:

            def read(timeout: float, f: str = filename) -> tuple[bytes, Any]:
                return self._fetch(repo, f, revision, timeout, deadline)

            try:
                data, _headers = self._with_retries(read, deadline, file=True)
            except (_Transient, _Final) as exc:
                if names is None and exc.status is ResolveStatus.NOT_FOUND:
                    continue  # a guess that missed
                note = f"{filename} could not be read: {exc.reason}"
                return _with_note(record, self._redact(note))
            text = data.decode("utf-8", "replace")
            from modeldeps.knowledge.versions import text_hash

            lf = LicenseFile(
                path=filename,
                sha256=_sha256(data),
                excerpt=text[:_LICENSE_EXCERPT],
                text_sha256=text_hash(text),
            )
            return replace(record, license_file=lf)
        return record


class _Inflater:
    """Content-Encoding decoding that never yields more than it is asked for."""

    def __init__(self, encoding: str) -> None:
        import zlib

        self._zlib = zlib
        enc = encoding.strip().lower()
        if enc in ("", "identity"):
            self._d: Any = None
        elif enc in ("gzip", "x-gzip", "deflate"):
            self._d = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header
        else:
            raise _Final(
                ResolveStatus.UNREACHABLE,
                f"malformed answer from the Hub: unsupported Content-Encoding {enc[:40]!r}",
            )

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate ``data``; at most ``room + 1`` bytes (one more says "over the limit")."""
        if self._d is None:
            return data[: room + 1]
        out = bytearray()
        try:
            while data and len(out) <= room:
                out += self._d.decompress(data, room + 1 - len(out))
                data = self._d.unconsumed_tail
                if self._d.eof:  # concatenated gzip members
                    data = self._d.unused_data + data
                    if data:
                        self._d = self._zlib.decompressobj(self._zlib.MAX_WBITS | 32)
        except self._zlib.error:
            raise _Transient(
                ResolveStatus.UNREACHABLE, "malformed answer from the Hub (corrupt compressed body)"
            ) from None
        return bytes(out)

    def flush(self, room: int) -> bytes:
        if self._d is None or self._d.eof:
            return b""
        try:
            return bytes(self._d.flush(max(room, 0) + 1))[: room + 1]
        except self._zlib.error:
            raise _Transient(
                ResolveStatus.UNREACHABLE, "malformed answer from the Hub (corrupt compressed body)"
            ) from None


def _detached(response: Any, body: bytes) -> Any:
    """A copy of an error response holding ``body``, already inflated, for hf_raise_for_status."""
    import httpx2

    headers = [
        (k, v)
        for k, v in response.headers.multi_items()
        if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
    ]
    return httpx2.Response(
        response.status_code, headers=headers, content=body, request=response.request
    )


def _size(n: int) -> str:
    return f"{n // _MIB} MiB" if n >= _MIB else f"{n // 1024} KiB"


def _sha256(data: bytes) -> str:
    import hashlib  # loads OpenSSL (~2 ms); a hook run answered by the lockfile never needs it

    return hashlib.sha256(data).hexdigest()


def token_problem(token: str | None) -> str | None:
    """Why ``token`` cannot be a Hub token, or None. It never quotes the token.

    A token goes into an HTTP header, which holds visible ASCII only; an ``é``
    or a newline in HF_TOKEN used to fail every lookup as "malformed answer" or
    "cannot reach the Hub (LocalProtocolError)" after seconds of retries.
    """
    if not token:
        return None
    for i, ch in enumerate(token, 1):
        if "!" <= ch <= "~":
            continue
        if ch in "\r\n":
            what = "a line break"
        elif ch.isspace():
            what = "whitespace"
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            what = "a control character"
        else:
            what = "a non-ASCII character"
        return (
            f"HF_TOKEN is not a valid token: character {i} of {len(token)} is {what}, which "
            "cannot be sent to the Hub (set the token again, e.g. with 'hf auth login')"
        )
    return None


class _Final(Exception):
    def __init__(
        self,
        status: ResolveStatus,
        reason: str,
        *,
        unimplemented: bool = False,
        source: RecordSource = RecordSource.HUB,
    ):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        # A mirror's plain 404/400 on the metadata API: perhaps "not implemented here".
        self.unimplemented = unimplemented
        self.source = source


def _with_note(record: ModelRecord, note: str) -> ModelRecord:
    """``record`` with ``note`` added to its reason (notes on a resolved record are kept)."""
    reason = f"{record.reason}; {note}" if record.reason else note
    return replace(record, reason=reason)


def _path(response: Any) -> str:
    request = getattr(response, "request", None)
    url = getattr(request, "url", None)
    return str(getattr(url, "path", "") or "")


def _looks_like_html(body: bytes, headers: Any) -> bool:
    kind = str(headers.get("Content-Type", "") if headers is not None else "").lower()
    head = body[:512].lstrip().lower()
    return "html" in kind or head.startswith((b"<!doctype html", b"<html"))


def _tls_problem(exc: BaseException) -> str | None:
    """A short description when ``exc`` (or what caused it) is a TLS failure, else None."""
    import ssl

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text = str(current)
        if isinstance(current, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY" in text:
            return "certificate verify failed"
        if isinstance(current, ssl.SSLError) or "SSL" in type(current).__name__:
            return text.splitlines()[0][:120] if text else type(current).__name__
        for arg in getattr(current, "args", ()):
            if isinstance(arg, ssl.SSLError):
                return _tls_problem(arg)
        current = current.__cause__ or current.__context__
    return None


def _card_from_readme(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the README's front matter, read with huggingface_hub's card classes; a problem).

    None when there is no front matter; a problem when it does not parse or its fields
    have the wrong types.
    """
    from huggingface_hub import ModelCard

    if not text.lstrip("\ufeff").startswith("---"):
        return None, None
    try:
        card = ModelCard(text, ignore_metadata_errors=True)
        data = card.data.to_dict()  # type: ignore[no-untyped-call]
    except Exception as exc:  # YAML errors, wrongly typed fields: the library's own types
        return None, type(exc).__name__
    return (data if isinstance(data, dict) else None), None


class _ReadmeInfo:
    """The few ModelInfo attributes a README-only answer can fill."""

    def __init__(self, model_id: str, sha: str | None, card: dict[str, Any] | None) -> None:
        self.id = model_id
        self.sha = sha
        self.card_data = card
        self.tags: list[str] = []
        self.siblings = None
        self.gated = None
        self.private = None
        self.last_modified = None


def _retry_after(response: Any) -> float | None:
    value = getattr(response, "headers", {}).get("Retry-After") if response is not None else None
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [_clean(value)]
    if isinstance(value, Iterable):
        return [_clean(v) for v in value if isinstance(v, str) and v]
    return []


def _clean(value: Any) -> Any:
    """A Hub string made storable (lone surrogates as U+FFFD, token shapes redacted: D13, D20).

    JSON may carry ``"\\ud800"``; Python decodes it to a lone surrogate, which no UTF-8
    writer (cache, lock, report) accepts. Lists are cleaned element by element.
    """
    from modeldeps.textsafe import clean

    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _card_get(card: Any, key: str) -> Any:
    if card is None:
        return None
    if isinstance(card, dict):
        return _clean(card.get(key))
    getter = getattr(card, "get", None)
    if callable(getter):
        return _clean(getter(key))
    return _clean(getattr(card, key, None))


def _license_entries(value: object) -> list[str]:
    """Every license a card's ``license:`` names (a string or a list), lowercased, once each."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if isinstance(item, str) and item.strip() and item.strip().lower() not in out:
            out.append(item.strip().lower())
    return out


def _license_value(entries: list[str]) -> str:
    """One license as it is; several as ``a AND b`` (each applies: the worst wins, D7)."""
    if len(entries) == 1:
        return entries[0]
    return " AND ".join(f"({e})" if any(c in e for c in " ()") else e for e in entries)


def _canonical(model_id: str, answered: object) -> tuple[str, str | None]:
    """The Hub's ``id`` when it is a valid repo id, else the id as referenced and a note (D27)."""
    from modeldeps.extract.ids import is_valid_repo_id
    from modeldeps.textsafe import line

    if answered is None or answered == "":
        return model_id, None
    if isinstance(answered, str) and is_valid_repo_id(answered):
        return answered, None
    shown = line(str(answered))[:100]
    return model_id, f"the Hub answered with id '{shown}', which is not a valid repo id; ignored"


def sibling_names(info: Any) -> list[str]:
    """The repository's file names an info answer lists (odd entries skipped)."""
    return [
        name
        for s in (getattr(info, "siblings", None) or [])
        if isinstance(name := getattr(s, "rfilename", None), str)
    ]


def license_evidence(card: Any, tags: list[Any]) -> LicenseEvidence | None:
    """The license a card and the Hub's ``license:`` tags state, models and datasets alike.

    Every license the card lists applies, and so does every license: tag; the tags are
    cross-checked against the card, and one the card does not list is added (D7).
    """
    card_licenses = _license_entries(_card_get(card, "license"))
    license_name = _card_get(card, "license_name")
    license_link = _card_get(card, "license_link")
    tag_licenses = _license_entries(
        [t.split(":", 1)[1] for t in tags if isinstance(t, str) and t.startswith("license:")]
    )
    if not card_licenses and isinstance(license_name, str) and license_name:
        card_licenses = ["other"]
        source = "card:license_name"
    else:
        source = "card:license" if card_licenses else "tag"
    extra = [t for t in tag_licenses if t not in card_licenses]
    if card_licenses and extra:
        source += " and tag"
    entries = card_licenses + extra
    if not entries:
        return None
    return LicenseEvidence(
        _license_value(entries),
        source,
        name=_str_or_none(license_name) if card_licenses else None,
        link=_str_or_none(license_link) if card_licenses else None,
    )


def record_from_info(
    model_id: str,
    revision: str | None,
    info: Any,
    *,
    hub_lineage: object = None,
    source: RecordSource = RecordSource.HUB,
) -> ModelRecord:
    """Turn a huggingface_hub ``ModelInfo`` into a record (tolerating missing fields).

    ``hub_lineage`` is the answer's ``baseModels`` (``{relation, models: [{id}]}``), the
    Hub's own reading of the card's ``base_model``; with the ``base_model:`` tags it
    decides card values that are not, or no longer, Hub ids (``_lineage``).

    Fields of the wrong type (``"sha": 12345``, ``"private": "yes"``) are refused here,
    by the schema the cache and the lock read with (``serial.validated``): the answer
    becomes an ``unreachable`` record saying what was malformed, never a record that
    ``lock`` would write and ``scan`` then reject.
    """
    card = getattr(info, "card_data", None) or getattr(info, "cardData", None)
    tags = _as_list(getattr(info, "tags", None))
    evidence = license_evidence(card, tags)
    bases, relation, lineage_note = _lineage(card, tags, hub_lineage)
    siblings = sibling_names(info)
    formats = sorted(
        {
            fmt
            for name in siblings
            for ext, fmt in _WEIGHT_FORMATS.items()
            if name.lower().endswith(ext)
        }
    )
    last_modified = getattr(info, "last_modified", None) or getattr(info, "lastModified", None)
    gated = _clean(getattr(info, "gated", None))
    canonical, id_note = _canonical(model_id, _clean(getattr(info, "id", None)))
    notes = "; ".join(n for n in (id_note, lineage_note) if n) or None
    built = ModelRecord(
        id=model_id,
        requested_revision=revision,
        status=ResolveStatus.OK,
        source=source,
        canonical_id=canonical,
        sha=_clean(getattr(info, "sha", None)),
        license=evidence,
        base_models=tuple(dict.fromkeys(b for b in bases if b)),
        relation=relation if isinstance(relation, str) else None,
        gated=gated if isinstance(gated, bool | str) else None,
        private=getattr(info, "private", None),
        has_card=card is not None or "README.md" in siblings or source is RecordSource.README,
        datasets=tuple(_as_list(_card_get(card, "datasets"))),
        last_modified=_iso(_clean(last_modified)),
        weight_formats=tuple(formats),
        reason=notes,
    )
    from modeldeps.resolve.serial import RecordFormatError, validated

    try:
        return validated(built)
    except RecordFormatError as exc:
        return ModelRecord(
            model_id,
            revision,
            ResolveStatus.UNREACHABLE,
            source,
            reason=f"malformed answer from the Hub: {exc}",
        )


def _lineage(card: Any, tags: list[str], hub_lineage: object) -> tuple[list[str], Any, str | None]:
    """(base models, relation, a note) from the card, cross-checked with the Hub.

    The Hub computes ``base_model:<id>`` / ``base_model:<relation>:<id>`` tags and
    ``baseModels`` from the card, for the values that name a repository. A card value
    that is not a Hub id (an old card's local path) is dropped with a note naming it; so
    is a valid-looking one the Hub lists no longer (a deleted repo) when the Hub does list
    other bases. When the card names none, the Hub's bases are used (hf-hub-real C2, I5).
    """
    from modeldeps.extract.ids import is_valid_repo_id
    from modeldeps.textsafe import line

    card_bases = _as_list(_card_get(card, "base_model"))
    relation = _card_get(card, "base_model_relation")
    odd_relation = None
    if relation is not None and relation not in RELATIONS:
        odd_relation = f"card base_model_relation '{line(str(relation))[:40]}' is not one of " + (
            ", ".join(RELATIONS) + "; ignored"
        )
        relation = None
    hub: list[str] = []
    hub_relation: str | None = None
    for t in tags:
        if t.startswith("base_model:"):
            parts = t.split(":")
            if len(parts) == 3:
                hub_relation = hub_relation or parts[1]
                hub.append(parts[2])
            elif len(parts) == 2:
                hub.append(parts[1])
    if isinstance(hub_lineage, dict):
        models = hub_lineage.get("models")
        for m in models if isinstance(models, list) else []:
            mid = m.get("id") if isinstance(m, dict) else None
            if isinstance(mid, str):
                hub.append(_clean(mid))
        rel = hub_lineage.get("relation")
        if isinstance(rel, str) and not hub_relation:
            hub_relation = _clean(rel)
    hub = [h for h in dict.fromkeys(hub) if is_valid_repo_id(h)]
    if hub_relation not in RELATIONS:
        hub_relation = None
    if not card_bases:
        return hub, relation or hub_relation, odd_relation
    known = {h.lower() for h in hub}
    kept: list[str] = []
    dropped: list[str] = []
    for b in card_bases:
        if not is_valid_repo_id(b) or (hub and b.lower() not in known):
            dropped.append(b)
        else:
            kept.append(b)
    note = None
    if dropped:
        shown = ", ".join(f"'{line(d)[:100]}'" for d in dropped)
        what = (
            "is not a Hub id"
            if not any(is_valid_repo_id(d) for d in dropped)
            else "is not among the Hub's base models (a legacy, renamed or deleted id?)"
        )
        if hub:
            kept += [h for h in hub if h.lower() not in {k.lower() for k in kept}]
            note = f"card base_model {shown} {what}; lineage from the Hub's ({', '.join(hub)})"
        else:
            note = f"card base_model {shown} {what}; ignored"
    if relation is None and hub_relation is not None and kept:
        relation = hub_relation
    notes = "; ".join(n for n in (odd_relation, note) if n) or None
    return kept, relation, notes


def _iso(value: object) -> str | None:
    if value is None or value == "":
        return None
    iso = getattr(value, "isoformat", None)
    return str(iso()) if callable(iso) else str(value)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def default_endpoint() -> str:
    from huggingface_hub import constants

    return str(constants.ENDPOINT)
