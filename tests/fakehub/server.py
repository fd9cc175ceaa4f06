"""A fake Hugging Face Hub: a real HTTP server on 127.0.0.1 for tests and benchmarks.

It speaks the public HTTP contract huggingface_hub 2.x uses (see
shared/research/hf-hub.md): ``GET /api/models/{id}[/revision/{rev}]``,
``HEAD``/``GET /{id}/resolve/{rev}/{file}`` with ``ETag``, ``X-Repo-Commit``
and ``Content-Length``, errors with ``X-Error-Code``, and redirects for
renamed and legacy ids. Models come from a fixture file; faults (latency,
status codes, 429 with Retry-After, hangs, truncated or malformed bodies,
fail-the-first-N) are rules matched against request paths.

Run standalone (for benchmarks): ``python -m tests.fakehub --port 8765``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

FIXTURES = Path(__file__).parents[1] / "data" / "hub" / "models.yaml"
DATASET_FIXTURES = FIXTURES.with_name("datasets.yaml")
VALID_TOKEN = "hf_fakehub_valid_token_0123456789"


def fake_sha(*parts: str) -> str:
    return hashlib.sha1("/".join(parts).encode()).hexdigest()


@dataclass
class Fault:
    """A fault applied to requests whose path matches ``path`` (a regex)."""

    path: str
    kind: str  # delay | status | hang | truncate | malformed | gzip | badgzip | endless | gzipbomb
    status: int = 500
    delay: float = 0.0
    retry_after: float | None = None
    first_n: int | None = None  # only the first N matching requests
    method: str | None = None
    hits: int = 0
    # endless: chunks sent until the client hangs up (``size`` caps it, 0 = no cap);
    # gzipbomb: a gzip body that inflates to ``size`` bytes; both answer with ``answer``.
    size: int = 0
    answer: int = 200

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method != method:
            return False
        if not re.search(self.path, path):
            return False
        return not (self.first_n is not None and self.hits >= self.first_n)


@dataclass
class FakeModel:
    id: str
    info: dict[str, Any]
    files: dict[str, str | bytes]
    revisions: dict[str, str]
    private: bool = False
    gated_info: bool = False  # even metadata needs an accepted-terms token
    gated_files: bool = False
    disabled: bool = False
    # What the answer says at one revision (a name in ``revisions``), over ``info``:
    # how a model relicensed upstream looks at its old and its new commit.
    revision_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Fields sent exactly as given, after the server's own (``{"sha": 12345}``): for
    # answers with wrong-typed fields.
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class HubState:
    models: dict[str, FakeModel] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)
    # /api/datasets/... and /datasets/.../resolve/...: the same shapes as models
    datasets: dict[str, FakeModel] = field(default_factory=dict)
    dataset_redirects: dict[str, str] = field(default_factory=dict)
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, str, bool]] = field(default_factory=list)  # method, path, auth
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def reset_traffic(self) -> None:
        with self.lock:
            self.faults.clear()
            self.requests.clear()

    def add_fault(self, **kw: Any) -> Fault:
        fault = Fault(**kw)
        with self.lock:
            self.faults.append(fault)
        return fault

    def count(self, prefix: str = "") -> int:
        with self.lock:
            return sum(1 for _m, p, _a in self.requests if p.startswith(prefix))


def load_fixtures(path: Path = FIXTURES) -> HubState:
    data = yaml.safe_load(path.read_text())
    state = HubState()
    _load_repos(state.models, data["models"])
    state.redirects.update(data.get("redirects", {}))
    if path == FIXTURES and DATASET_FIXTURES.is_file():
        more = yaml.safe_load(DATASET_FIXTURES.read_text())
        _load_repos(state.datasets, more["datasets"])
        state.dataset_redirects.update(more.get("redirects", {}))
    return state


def _load_repos(into: dict[str, FakeModel], entries: list[dict[str, Any]]) -> None:
    for entry in entries:
        model_id = entry["id"]
        info = {k: v for k, v in entry.items() if not k.startswith("_")}
        revisions = {"main": fake_sha(model_id, "main")}
        for rev in entry.get("_revisions", []):
            revisions[rev] = fake_sha(model_id, rev)
        files = dict(entry.get("_files", {}))
        card = info.get("cardData")
        if card is not None and "README.md" not in files:
            files["README.md"] = (
                "---\n" + yaml.safe_dump(card, sort_keys=False) + "---\n# " + model_id + "\n"
            )
        info.setdefault("siblings", [{"rfilename": f} for f in sorted(files)])
        for extra in entry.get("_weights", []):
            info["siblings"].append({"rfilename": extra})
        into[model_id] = FakeModel(
            id=model_id,
            info=info,
            files=files,
            revisions=revisions,
            private=entry.get("_private", False),
            gated_info=entry.get("_gated_info", False),
            gated_files=bool(info.get("gated")),
            disabled=entry.get("_disabled", False),
        )


def add_synthetic_models(state: HubState, count: int, prefix: str = "bench") -> list[str]:
    """Many small permissive models, for benchmarks and load tests."""
    ids = []
    for i in range(count):
        model_id = f"{prefix}-org/model-{i:05d}"
        card = {"license": "apache-2.0"}
        state.models[model_id] = FakeModel(
            id=model_id,
            info={
                "id": model_id,
                "cardData": card,
                "tags": ["license:apache-2.0"],
                "siblings": [{"rfilename": "model.safetensors"}],
            },
            files={"README.md": "---\nlicense: apache-2.0\n---\n"},
            revisions={"main": fake_sha(model_id, "main")},
        )
        ids.append(model_id)
    return ids


class _Handler(BaseHTTPRequestHandler):
    server_version = "fakehub/1"
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    _body_fault: str | None = None

    @property
    def state(self) -> HubState:
        return self.server.state  # type: ignore[attr-defined,no-any-return]

    def log_message(self, format: str, *args: Any) -> None:
        return

    # -- plumbing -------------------------------------------------------------
    def _send(
        self,
        status: int,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        *,
        content_type: str = "application/json",
        truncate: bool = False,
    ) -> None:
        if self._body_fault == "gzip":  # a well-formed compressed answer
            body = gzip.compress(body)
            headers = {**(headers or {}), "Content-Encoding": "gzip"}
        hdrs = {"Content-Type": content_type, "Content-Length": str(len(body))}
        hdrs.update(headers or {})
        self.send_response(status)
        for k, v in hdrs.items():
            self.send_header(k, v)
        # One write for headers and body: two small writes on a kept-alive connection
        # meet the client's delayed ACK and cost ~40 ms per response.
        self._headers_buffer.append(b"\r\n")
        payload = b"".join(self._headers_buffer)
        self._headers_buffer = []
        if self.command != "HEAD":
            payload += body[: len(body) // 2] if truncate else body
        self.wfile.write(payload)
        if truncate:
            self.close_connection = True

    def _error(
        self, status: int, code: str | None, message: str, headers: dict[str, str] | None = None
    ) -> None:
        hdrs = dict(headers or {})
        if code:
            hdrs["X-Error-Code"] = code
        hdrs["X-Error-Message"] = message
        self._send(status, json.dumps({"error": message}).encode(), hdrs)

    def _authorized(self) -> bool:
        return self.headers.get("Authorization", "") == f"Bearer {VALID_TOKEN}"

    def _apply_faults(self, path: str) -> str | None:
        """Return 'truncate' / 'malformed' for body faults; send the response for others."""
        with self.state.lock:
            fault = next((f for f in self.state.faults if f.matches(self.command, path)), None)
            if fault is not None:
                fault.hits += 1
        if fault is None:
            return None
        if fault.delay:
            time.sleep(fault.delay)
        if fault.kind == "hang":  # until the hub stops, at most a minute
            self.state.stopping.wait(60)
            self.close_connection = True
            return "done"
        if fault.kind == "status":
            hdrs = {}
            if fault.retry_after is not None:
                hdrs["Retry-After"] = str(fault.retry_after)
            self._error(fault.status, None, f"injected {fault.status}", hdrs)
            return "done"
        if fault.kind == "endless":
            self._endless(fault)
            return "done"
        if fault.kind == "gzipbomb":
            body = _gzip_bomb(fault.size or (256 << 20))
            self._send(fault.answer, body, {"Content-Encoding": "gzip"})
            return "done"
        if fault.kind == "badgzip":
            self._send(200, b"\x1f\x8b\x08\x00garbage, not deflate", {"Content-Encoding": "gzip"})
            return "done"
        if fault.kind in ("truncate", "malformed", "gzip"):
            return fault.kind
        return None  # plain delay

    def _endless(self, fault: Fault) -> None:
        """A chunked body that never ends, with the fault's ``answer`` status."""
        self.send_response(fault.answer)
        self.send_header("Content-Type", "application/json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        head, piece = b'{"id": "x", "z": "', b"a" * (1 << 20)
        sent = 0
        try:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(head), head))
            while not self.state.stopping.is_set() and (not fault.size or sent < fault.size):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                sent += len(piece)
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client hung up, which is what a bounded reader does
        self.close_connection = True

    # -- routes -------------------------------------------------------------------
    def do_HEAD(self) -> None:
        self._route()

    def do_GET(self) -> None:
        self._route()

    def _route(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        with self.state.lock:
            self.state.requests.append((self.command, path, "Authorization" in self.headers))
        self._body_fault = body_fault = self._apply_faults(path)
        if body_fault == "done":
            return
        if path == "/api/agent-harnesses":
            self._error(404, None, "not here")
            return
        m = re.fullmatch(r"/api/models/(.+?)(?:/revision/(.+))?", path)
        if m:
            self._model_info(m.group(1), m.group(2), parse_qs(url.query), body_fault)
            return
        m = re.fullmatch(r"/api/datasets/(.+?)(?:/revision/(.+))?", path)
        if m:
            self._model_info(
                m.group(1), m.group(2), parse_qs(url.query), body_fault, kind="datasets"
            )
            return
        m = re.fullmatch(r"/datasets/(.+?)/resolve/([^/]+)/(.+)", path)
        if m:
            self._resolve(m.group(1), m.group(2), m.group(3), body_fault, kind="datasets")
            return
        m = re.fullmatch(r"/(.+?)/resolve/([^/]+)/(.+)", path)
        if m:
            self._resolve(m.group(1), m.group(2), m.group(3), body_fault)
            return
        self._error(404, None, f"no route for {path}")

    def _lookup(
        self, model_id: str, prefix: str, suffix: str, kind: str = "models"
    ) -> FakeModel | None:
        """The model (or dataset), or None after sending a redirect or an error."""
        datasets = kind == "datasets"
        redirects = self.state.dataset_redirects if datasets else self.state.redirects
        target = redirects.get(model_id)
        if target is not None:
            self.send_response(307)
            # An absolute target (another origin) is used as it is, for redirect tests.
            location = target if target.startswith("http") else f"{prefix}{target}{suffix}"
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        model = (self.state.datasets if datasets else self.state.models).get(model_id)
        if model is None or (model.private and not self._authorized()):
            status = 401 if not self._authorized() else 404
            self._error(status, "RepoNotFound", "Repository not found")
            return None
        if model.disabled:
            self._error(403, None, "Access to this resource is disabled.")
            return None
        return model

    def _model_info(
        self,
        model_id: str,
        revision: str | None,
        query: dict[str, list[str]],
        body_fault: str | None,
        kind: str = "models",
    ) -> None:
        suffix = f"/revision/{revision}" if revision else ""
        model = self._lookup(model_id, f"/api/{kind}/", suffix, kind)
        if model is None:
            return
        if model.gated_info and not self._authorized():
            self._error(403, "GatedRepo", "Access to model is restricted. Accept the terms.")
            return
        rev = revision or "main"
        sha = model.revisions.get(rev) or (rev if rev in model.revisions.values() else None)
        if sha is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}")
            return
        info = dict(model.info)
        name = next((n for n, s in model.revisions.items() if s == sha), rev)
        info.update(model.revision_info.get(name, {}))
        info["sha"] = sha
        info.setdefault("lastModified", "2024-01-01T00:00:00.000Z")
        info.setdefault("private", model.private)
        info.setdefault("gated", False)
        info.setdefault("disabled", False)
        info.update(model.raw)
        expand = query.get("expand")
        if expand:  # the Hub returns only the expanded keys, plus id
            info = {k: v for k, v in info.items() if k in set(expand) or k == "id"}
        body = json.dumps(info).encode()
        if body_fault == "malformed":
            body = b'{"id": "' + model_id.encode() + b'", "cardData": {'
        self._send(200, body, truncate=body_fault == "truncate")

    def _resolve(
        self,
        model_id: str,
        revision: str,
        filename: str,
        body_fault: str | None,
        kind: str = "models",
    ) -> None:
        prefix = "/datasets/" if kind == "datasets" else "/"
        model = self._lookup(model_id, prefix, f"/resolve/{revision}/{filename}", kind)
        if model is None:
            return
        sha = model.revisions.get(revision) or (
            revision if revision in model.revisions.values() else None
        )
        if sha is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return
        if (model.gated_files or model.gated_info) and not self._authorized():
            self._error(403, "GatedRepo", "Access to model is restricted. Accept the terms.")
            return
        content = model.files.get(filename)
        if content is None:
            self._error(404, "EntryNotFound", f"{filename} does not exist", {"X-Repo-Commit": sha})
            return
        if isinstance(content, bytes):  # a binary file (a GGUF header fixture)
            data = content
        else:
            # A mirror that echoes the request's credentials in a file (reliability campaign D20).
            content = content.replace("{{AUTHORIZATION}}", self.headers.get("Authorization", ""))
            data = content.encode()
        etag = hashlib.sha1(data).hexdigest()
        headers = {"ETag": f'"{etag}"', "X-Repo-Commit": sha, "Accept-Ranges": "bytes"}
        status = 200
        # Range: bytes=a-b, as the Hub's CDN answers it (206 and Content-Range)
        ranged = re.fullmatch(r"bytes=(\d+)-(\d*)", self.headers.get("Range", "").strip())
        if ranged and int(ranged.group(1)) < len(data):
            first = int(ranged.group(1))
            last = min(int(ranged.group(2) or len(data) - 1), len(data) - 1)
            headers["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
            data, status = data[first : last + 1], 206
        self._send(
            status,
            data,
            headers,
            content_type="text/plain; charset=utf-8",
            truncate=body_fault == "truncate",
        )


_BOMBS: dict[int, bytes] = {}


def _gzip_bomb(size: int) -> bytes:
    """A small gzip member that inflates to a JSON object ``size`` bytes long (cached)."""
    if size not in _BOMBS:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as g:
            head, tail = b'{"id": "x", "z": "', b'"}'
            g.write(head)
            left = max(0, size - len(head) - len(tail))
            block = b" " * (1 << 20)
            while left > 0:
                g.write(block[:left])
                left -= len(block)
            g.write(tail)
        _BOMBS[size] = buf.getvalue()
    return _BOMBS[size]


class FakeHub:
    """The server and its state; ``url`` is what HF_ENDPOINT should be set to."""

    def __init__(self, state: HubState | None = None, port: int = 0) -> None:
        self.state = state or load_fixtures()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.state = self.state  # type: ignore[attr-defined]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, daemon=True, kwargs={"poll_interval": 0.05}
        )

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeHub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.state.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def running(state: HubState | None = None) -> Iterator[FakeHub]:
    hub = FakeHub(state).start()
    try:
        yield hub
    finally:
        hub.stop()
