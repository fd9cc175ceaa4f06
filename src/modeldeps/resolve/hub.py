"""The only module that imports huggingface_hub: Hub answers -> ModelRecords.

Every call carries a timeout (the library's default is none at all) and the
time left before the run's deadline. Transient failures (429, 5xx, timeouts,
refused connections, malformed bodies) are retried a bounded number of times
with exponential backoff that honours ``Retry-After``; everything else maps
to a record status at once. The README or LICENSE file is read only when the
card's license is ``other`` or missing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
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
    "disabled",
]
LICENSE_FILES = (
    "LICENSE",
    "LICENSE.md",
    "LICENSE.txt",
    "LICENCE",
    "LICENCE.md",
    "license.md",
    "LICENSE.rst",
)
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
    timeout: float = 10.0
    retries: int = 3
    backoff: float = 0.5
    max_retry_after: float = 30.0


class _Transient(Exception):
    def __init__(self, status: ResolveStatus, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.retry_after = retry_after


class HfHubClient:
    """HubClient over ``huggingface_hub.HfApi`` with an explicit endpoint and token."""

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
        # A token that cannot be sent fails every request the same way: said once, at once.
        self._token_problem = token_problem(settings.token)
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
            info = self._with_retries(
                lambda timeout: self._info(model_id, revision, timeout, deadline), deadline
            )
        except _Transient as exc:
            return replace(base, status=exc.status, reason=self._redact(exc.reason))
        except _Final as exc:
            return replace(base, status=exc.status, reason=self._redact(exc.reason))
        record = record_from_info(model_id, revision, info)
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
            record = self._with_license_file(record, info, deadline)
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
        try:
            data = self._with_retries(
                lambda timeout: self._fetch(repo, filename, revision, timeout, deadline, prefix),
                deadline,
            )
        except (_Transient, _Final) as exc:
            return None, self._redact(f"{filename} could not be read: {exc.reason}")
        return bytes(data), None

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
    def _info(self, model_id: str, revision: str | None, timeout: float, deadline: float) -> Any:
        """``HfApi.model_info``, with the body read through the size caps.

        The library's own call buffers the whole body and inflates gzip without
        a bound; this one sends the same request and reads at most
        MAX_INFO_BYTES (on the wire and inflated).
        """
        import json
        from urllib.parse import quote

        from huggingface_hub.hf_api import ModelInfo
        from huggingface_hub.utils import validate_repo_id  # type: ignore[attr-defined]

        validate_repo_id(model_id)
        url = f"{self.settings.endpoint.rstrip('/')}/api/models/{model_id}"
        if revision is not None:
            url += f"/revision/{quote(revision, safe='')}"
        body = self._get(url, {"expand": list(EXPAND)}, timeout, deadline, MAX_INFO_BYTES)
        data = json.loads(body)  # ValueError: a malformed answer (retried)
        if not isinstance(data, dict):
            raise ValueError("the Hub's answer is not a JSON object")
        return ModelInfo(**data)  # type: ignore[no-untyped-call]

    def _fetch(
        self,
        repo: str,
        filename: str,
        revision: str | None,
        timeout: float,
        deadline: float,
        prefix: int | None = None,
    ) -> bytes:
        """One bounded GET of a small repo file (or of the first ``prefix`` bytes of any).

        hf_hub_download is not used here: it retries 5xx answers itself with
        waits of up to 8 s (about 23 s in all), which no caller can bound.
        """
        from huggingface_hub import hf_hub_url

        url = hf_hub_url(repo, filename, revision=revision, endpoint=self.settings.endpoint)
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
    ) -> bytes:
        """GET ``url``; the body, or _Final when it is larger than ``limit`` bytes.

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
                f"malformed answer from the Hub: {what} is larger than "
                f"{_size(limit)} (compressed or inflated); not read",
            )
        return body

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

    def _with_retries(self, call: Callable[[float], Any], deadline: float) -> Any:
        attempt = 0
        while True:
            try:
                return call(self._timeout(deadline))
            except (_Transient, _Final) as exc:  # already classified (size caps, deadline)
                failure = exc
            except Exception as exc:  # classified below; unknown kinds are final
                failure = self._classify(exc)
            if isinstance(failure, _Final) or attempt >= self.settings.retries:
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
        if isinstance(exc, errors.OfflineModeIsEnabled):
            return _Final(ResolveStatus.OFFLINE_MISS, "offline mode is on and nothing is cached")
        if isinstance(exc, errors.GatedRepoError):
            return _Final(
                ResolveStatus.GATED, "gated: accept the model's terms on the Hub, then set HF_TOKEN"
            )
        if isinstance(exc, errors.RevisionNotFoundError):
            return _Final(ResolveStatus.REVISION_NOT_FOUND, "revision not found on the Hub")
        if isinstance(exc, errors.DisabledRepoError):
            return _Final(ResolveStatus.NOT_FOUND, "the repository is disabled on the Hub")
        if isinstance(exc, errors.RepositoryNotFoundError):
            if status == 401 and self.settings.token:
                return _Final(
                    ResolveStatus.UNAUTHORIZED,
                    "the Hub refused the token (HF_TOKEN) for this repository",
                )
            if status == 401:
                return _Final(
                    ResolveStatus.NOT_FOUND, "not found on the Hub (if it is private, set HF_TOKEN)"
                )
            return _Final(ResolveStatus.NOT_FOUND, "not found on the Hub")
        if isinstance(exc, errors.HFValidationError):
            return _Final(ResolveStatus.INVALID_ID, f"not a valid Hub id: {msg}")
        if isinstance(exc, errors.HfHubHTTPError):
            if status == 429:
                return _Transient(
                    ResolveStatus.RATE_LIMITED,
                    "rate limited by the Hub (429)",
                    _retry_after(response),
                )
            if status in (401, 403):
                return _Final(
                    ResolveStatus.UNAUTHORIZED, f"the Hub refused access ({status}); check HF_TOKEN"
                )
            if status == 404:
                return _Final(ResolveStatus.NOT_FOUND, "not found on the Hub")
            if status is not None and status >= 500:
                return _Transient(
                    ResolveStatus.UNREACHABLE,
                    f"Hub server error ({status})",
                    _retry_after(response),
                )
            return _Final(ResolveStatus.UNREACHABLE, f"unexpected Hub answer ({status})")
        name = type(exc).__name__
        if isinstance(exc, ValueError | KeyError | TypeError):  # JSON that is not a model
            return _Transient(ResolveStatus.UNREACHABLE, "malformed answer from the Hub")
        if "Timeout" in name:
            return _Transient(ResolveStatus.UNREACHABLE, "the Hub did not answer in time")
        if (
            isinstance(exc, OSError)
            or "Connect" in name
            or "Network" in name
            or "Protocol" in name
            or "Read" in name
            or "Remote" in name
        ):
            return _Transient(ResolveStatus.UNREACHABLE, f"cannot reach the Hub ({name})")
        return _Final(ResolveStatus.UNREACHABLE, f"unexpected error talking to the Hub ({name})")

    def _with_license_file(self, record: ModelRecord, info: Any, deadline: float) -> ModelRecord:
        """Read the repo's LICENSE file when the card does not name a usable license."""
        names = [s.rfilename for s in (getattr(info, "siblings", None) or [])]
        link = record.license.link if record.license else None
        candidates = [
            n
            for n in ((link,) if link and "/" not in link and ":" not in link else ())
            if n in names
        ]
        candidates += [n for n in LICENSE_FILES if n in names and n not in candidates]
        if not candidates:
            return record
        filename = candidates[0]
        revision = record.sha or record.requested_revision
        repo = record.canonical_id or record.id
        try:
            data = self._with_retries(
                lambda timeout: self._fetch(repo, filename, revision, timeout, deadline), deadline
            )
        except (_Transient, _Final) as exc:
            note = f"{filename} could not be read: {exc.reason}"
            return replace(record, reason=self._redact(note))
        text = data.decode("utf-8", "replace")
        from modeldeps.knowledge.versions import text_hash

        lf = LicenseFile(
            path=filename,
            sha256=_sha256(data),
            excerpt=text[:_LICENSE_EXCERPT],
            text_sha256=text_hash(text),
        )
        return replace(record, license_file=lf)


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
    def __init__(self, status: ResolveStatus, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


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


def record_from_info(model_id: str, revision: str | None, info: Any) -> ModelRecord:
    """Turn a huggingface_hub ``ModelInfo`` into a record (tolerating missing fields).

    Fields of the wrong type (``"sha": 12345``, ``"private": "yes"``) are refused here,
    by the schema the cache and the lock read with (``serial.validated``): the answer
    becomes an ``unreachable`` record saying what was malformed, never a record that
    ``lock`` would write and ``scan`` then reject.
    """
    card = getattr(info, "card_data", None) or getattr(info, "cardData", None)
    tags = _as_list(getattr(info, "tags", None))
    card_licenses = _license_entries(_card_get(card, "license"))
    license_name = _card_get(card, "license_name")
    license_link = _card_get(card, "license_link")
    # Every license the card lists applies, and so does every license: tag; the tags are
    # cross-checked against the card, and one the card does not list is added (D7).
    tag_licenses = _license_entries([t.split(":", 1)[1] for t in tags if t.startswith("license:")])
    evidence: LicenseEvidence | None = None
    if not card_licenses and isinstance(license_name, str) and license_name:
        card_licenses = ["other"]
        source = "card:license_name"
    else:
        source = "card:license" if card_licenses else "tag"
    extra = [t for t in tag_licenses if t not in card_licenses]
    if card_licenses and extra:
        source += " and tag"
    entries = card_licenses + extra
    if entries:
        evidence = LicenseEvidence(
            _license_value(entries),
            source,
            name=_str_or_none(license_name) if card_licenses else None,
            link=_str_or_none(license_link) if card_licenses else None,
        )
    bases = _as_list(_card_get(card, "base_model"))
    relation = _card_get(card, "base_model_relation")
    if not bases:  # the Hub's own tags: base_model:<id> / base_model:<relation>:<id>
        for t in tags:
            if t.startswith("base_model:"):
                parts = t.split(":")
                if len(parts) == 3:
                    relation = relation or parts[1]
                    bases.append(parts[2])
                elif len(parts) == 2:
                    bases.append(parts[1])
    elif relation is None:
        for t in tags:
            parts = t.split(":")
            if len(parts) == 3 and parts[0] == "base_model" and parts[2] in bases:
                relation = parts[1]
                break
    siblings = [
        name
        for s in (getattr(info, "siblings", None) or [])
        if isinstance(name := getattr(s, "rfilename", None), str)
    ]
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
    built = ModelRecord(
        id=model_id,
        requested_revision=revision,
        status=ResolveStatus.OK,
        source=RecordSource.HUB,
        canonical_id=canonical,
        sha=_clean(getattr(info, "sha", None)),
        license=evidence,
        base_models=tuple(dict.fromkeys(b for b in bases if b)),
        relation=relation if isinstance(relation, str) else None,
        gated=gated if isinstance(gated, bool | str) else None,
        private=getattr(info, "private", None),
        has_card=card is not None or "README.md" in siblings,
        datasets=tuple(_as_list(_card_get(card, "datasets"))),
        last_modified=_iso(_clean(last_modified)),
        weight_formats=tuple(formats),
        reason=id_note,
    )
    from modeldeps.resolve.serial import RecordFormatError, validated

    try:
        return validated(built)
    except RecordFormatError as exc:
        return ModelRecord(
            model_id,
            revision,
            ResolveStatus.UNREACHABLE,
            RecordSource.HUB,
            reason=f"malformed answer from the Hub: {exc}",
        )


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
