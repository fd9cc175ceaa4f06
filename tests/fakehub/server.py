"""A fake Hugging Face Hub: a real HTTP server on 127.0.0.1 for tests and benchmarks.

It answers the way huggingface.co answers (shared/research/hf-hub-real.md has
the evidence for each point): ``GET /api/models/{id}[/revision/{rev}]`` with
``expand`` (only the listed keys, plus ``_id`` and ``id``), tags the Hub
computes from the card (``license:``, ``base_model:``, ``base_model:<relation>:``)
and ``baseModels``; a missing or private repo asked without a token is a 401
*without* ``X-Error-Code``; gated metadata is a 200 with ``gated``, gated files
401 anonymous and 403 authenticated; a disabled repo is 401 without a token
and 403 with one; 429 carries ``RateLimit``/``RateLimit-Policy``; file
resolves go through a 307 to ``/api/resolve-cache/...``; legacy and renamed
ids redirect with a relative 307.

``HubState.mode`` makes it behave like an enterprise mirror instead:
``artifactory`` (under ``/artifactory/api/huggingfaceml/<repo>``: no bare
``/api/models/{id}``, 404 on any ``expand``, plain 404s without Hub error
codes, files served directly) or ``no-api`` (a Nexus-like file proxy under
``/repository/<name>``: file resolves only, no metadata API at all).

Models come from a fixture file; faults (latency, status codes, 429, hangs,
truncated or malformed bodies, fail-the-first-N) are rules matched against
request paths relative to the endpoint.

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
# What a CI provider's OIDC id token is, for the fake's token exchange (POST /oauth/token,
# RFC 8693, as huggingface_hub's trusted-publishing login sends it).
OIDC_ID_TOKEN = "fakehub-oidc-id-token"
MODES = ("hub", "artifactory", "no-api")
# Where each mode lives under the server's root: the shape of the vendors' documented
# HF_ENDPOINT values (JFrog: .../artifactory/api/huggingfaceml/<repo>; Nexus: .../repository/<name>).
PREFIXES = {
    "hub": "",
    "artifactory": "/artifactory/api/huggingfaceml/hf-remote",
    "no-api": "/repository/hf-proxy",
}
RELATIONS = ("adapter", "merge", "quantized", "finetune")


def fake_sha(*parts: str) -> str:
    return hashlib.sha1("/".join(parts).encode()).hexdigest()


@dataclass
class Fault:
    """A fault applied to requests whose path matches ``path`` (a regex)."""

    path: str
    kind: str  # delay | status | hang | truncate | malformed | gzip | badgzip | endless | gzipbomb | html
    status: int = 500
    delay: float = 0.0
    # A 429 sends the Hub's RateLimit headers with ``reset`` seconds to the window's end;
    # ``retry_after`` sends a Retry-After header instead (an old fake behaviour, kept for
    # the proxies that do send one; the Hub does not).
    reset: int = 60
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
    gated_files: bool = False  # gated metadata is public; its files need accepted terms
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
    mode: str = "hub"  # one of MODES
    # artifactory mode only: answers without cardData (whether JFrog keeps it is not
    # documented; hf-hub-real section 4), so the card must come from README.md.
    mirror_without_card: bool = False
    requests: list[tuple[str, str, bool]] = field(default_factory=list)  # method, path, auth
    times: list[float] = field(default_factory=list)  # time.monotonic() of each request
    # The most requests under ``watch`` (a path prefix) answered at once since reset_traffic;
    # a prefix keeps requests hung by an earlier test's fault out of the count.
    watch: str = ""  # empty: nothing is counted
    generation: int = 0  # bumped by reset_traffic: a request from before it is not counted
    inflight: int = 0
    max_inflight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def reset_traffic(self) -> None:
        with self.lock:
            self.faults.clear()
            self.requests.clear()
            self.times.clear()
            self.watch = ""
            self.generation += 1
            self.inflight = 0
            self.max_inflight = 0

    @property
    def prefix(self) -> str:
        return PREFIXES[self.mode]

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
            elif fault.status == 429:  # what the Hub sends (hub-docs rate-limits.md, D1)
                hdrs["RateLimit"] = f'"api";r=0;t={fault.reset}'
                hdrs["RateLimit-Policy"] = '"fixed window";"api";q=500;w=300'
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
        if fault.kind in ("truncate", "malformed", "gzip", "html"):
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
        self._counted()

    def do_GET(self) -> None:
        self._counted()

    def do_POST(self) -> None:
        path = unquote(urlsplit(self.path).path)[len(self.state.prefix) :]
        length = min(int(self.headers.get("Content-Length") or 0), 1 << 16)
        raw = self.rfile.read(length)
        with self.state.lock:
            self.state.requests.append(("POST", path, "Authorization" in self.headers))
            self.state.times.append(time.monotonic())
        if path != "/oauth/token" or self.state.mode != "hub":
            self._error(404, None, f"no route for {path}")
            return
        try:
            body = json.loads(raw)
        except ValueError:
            body = {}
        if not isinstance(body, dict) or body.get("subject_token") != OIDC_ID_TOKEN:
            self._error(401, None, "Invalid subject token")
            return
        answer = {"access_token": VALID_TOKEN, "token_type": "bearer", "expires_in": 3600}
        self._send(200, json.dumps(answer).encode())

    def _counted(self) -> None:
        path = unquote(urlsplit(self.path).path)[len(self.state.prefix) :]
        with self.state.lock:
            watch, generation = self.state.watch, self.state.generation
            counted = bool(watch) and path.startswith(watch)
            if counted:
                self.state.inflight += 1
                self.state.max_inflight = max(self.state.max_inflight, self.state.inflight)
        try:
            self._route()
        finally:
            with self.state.lock:
                if counted and generation == self.state.generation:
                    self.state.inflight -= 1

    def _route(self) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path)
        prefix = self.state.prefix
        if prefix and not path.startswith(prefix + "/"):
            self._plain(404, f"no route for {path}")
            return
        path = path[len(prefix) :]  # requests, faults and routes are relative to the endpoint
        with self.state.lock:
            self.state.requests.append((self.command, path, "Authorization" in self.headers))
            self.state.times.append(time.monotonic())
        self._body_fault = body_fault = self._apply_faults(path)
        if body_fault == "done":
            return
        if body_fault == "html":  # a login page or proxy answering in the endpoint's place
            page = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body></body></html>"
            self._send(200, page, content_type="text/html; charset=utf-8")
            return
        if path == "/api/agent-harnesses":
            self._error(404, None, "not here")
            return
        mode = self.state.mode
        m = re.fullmatch(r"/api/resolve-cache/(models|datasets)/(.+)/([0-9a-f]{40})/(.+)", path)
        if m and mode == "hub":
            self._resolve(
                m.group(2), m.group(3), m.group(4), body_fault, kind=m.group(1), cached=True
            )
            return
        m = re.fullmatch(r"/api/models/(.+?)(?:/revision/(.+))?", path)
        if m and mode != "no-api":
            query = parse_qs(url.query)
            if self.headers.get("Authorization") and not self._authorized() and mode != "hub":
                self._plain(401, "Bad credentials")  # a mirror checks credentials first
                return
            if mode == "artifactory" and (m.group(2) is None or query.get("expand")):
                # JFrog's remote implements only what snapshot_download needs (hf-hub-real I1, I2).
                self._plain(404, f"Could not find resource {path}")
                return
            self._model_info(m.group(1), m.group(2), query, body_fault)
            return
        m = re.fullmatch(r"/api/datasets/(.+?)(?:/revision/(.+))?", path)
        if m and mode != "no-api":
            query = parse_qs(url.query)
            if self.headers.get("Authorization") and not self._authorized() and mode != "hub":
                self._plain(401, "Bad credentials")
                return
            if mode == "artifactory" and (m.group(2) is None or query.get("expand")):
                # datasets on JFrog (7.90+) answer as its models do
                self._plain(404, f"Could not find resource {path}")
                return
            self._model_info(m.group(1), m.group(2), query, body_fault, kind="datasets")
            return
        m = re.fullmatch(r"/datasets/(.+?)/resolve/([^/]+)/(.+)", path)
        if m:
            self._resolve(m.group(1), m.group(2), m.group(3), body_fault, kind="datasets")
            return
        m = re.fullmatch(r"/(.+?)/resolve/([^/]+)/(.+)", path)
        if m:
            self._resolve(m.group(1), m.group(2), m.group(3), body_fault)
            return
        if mode == "hub":
            self._error(404, None, f"no route for {path}")
        else:
            self._plain(404, f"Could not find resource {path}")

    def _plain(self, status: int, message: str) -> None:
        """A mirror's own error: no X-Error-Code, its own body shape."""
        body = {"errors": [{"status": status, "message": message}]}
        self._send(status, json.dumps(body).encode())

    def _missing(self) -> None:
        """A repository that is missing, private or disabled, as each mode answers."""
        if self.state.mode != "hub":
            self._plain(404, "Repository not found")
        elif self._authorized():
            self._error(404, "RepoNotFound", "Repository not found")
        else:  # the real Hub: 401 and no error code, whether missing or private (T1, T2)
            self._error(401, None, "Invalid username or password.")

    def _lookup(
        self, model_id: str, prefix: str, suffix: str, kind: str = "models"
    ) -> FakeModel | None:
        """The model (or dataset), or None after sending a redirect or an error."""
        if self.headers.get("Authorization") and not self._authorized():
            if self.state.mode == "hub":
                self._error(401, None, "Invalid credentials in Authorization header")
            else:
                self._plain(401, "Bad credentials")
            return None
        datasets = kind == "datasets"
        redirects = self.state.dataset_redirects if datasets else self.state.redirects
        target = redirects.get(model_id)
        if target is not None and self.state.mode != "hub" and not target.startswith("http"):
            model_id = target  # a mirror follows the Hub's redirect itself and serves the answer
        elif target is not None:
            self.send_response(307)
            # An absolute target (another origin) is used as it is, for redirect tests.
            location = target if target.startswith("http") else f"{prefix}{target}{suffix}"
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        model = (self.state.datasets if datasets else self.state.models).get(model_id)
        if model is None or (model.private and not self._authorized()):
            self._missing()
            return None
        if model.disabled:
            if self.state.mode == "hub" and self._authorized():
                self._error(403, None, "Access to this resource is disabled.")
            else:  # anonymous callers cannot tell a disabled repo from a missing one (I3)
                self._missing()
            return None
        return model

    def _sha(self, model: FakeModel, revision: str) -> str | None:
        rev = revision
        return model.revisions.get(rev) or (rev if rev in model.revisions.values() else None)

    def _no_revision(self, revision: str) -> None:
        if self.state.mode == "hub":
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
        else:
            self._plain(404, f"Could not find revision {revision}")

    def _model_info(
        self,
        model_id: str,
        revision: str | None,
        query: dict[str, list[str]],
        body_fault: str | None,
        kind: str = "models",
    ) -> None:
        suffix = f"/revision/{revision}" if revision else ""
        model = self._lookup(model_id, f"{self.state.prefix}/api/{kind}/", suffix, kind)
        if model is None:
            return
        rev = revision or "main"
        sha = self._sha(model, rev)
        if sha is None:
            self._no_revision(rev)
            return
        info = answer(self.state, model, sha)
        if self.state.mode == "artifactory" and self.state.mirror_without_card:
            info.pop("cardData", None)
        expand = query.get("expand")
        if expand:  # the Hub returns only the expanded keys, plus _id and id (C3)
            info = {k: v for k, v in info.items() if k in set(expand) or k in ("_id", "id")}
        else:
            info.pop("baseModels", None)  # computed only when asked for
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
        *,
        cached: bool = False,
    ) -> None:
        prefix = "/datasets/" if kind == "datasets" else "/"
        where = f"/resolve/{revision}/{filename}"
        model = self._lookup(model_id, self.state.prefix + prefix, where, kind)
        if model is None:
            return
        sha = self._sha(model, revision)
        if sha is None:
            self._no_revision(revision)
            return
        if model.gated_files and not self._authorized():
            if self.state.mode == "hub":  # 401 anonymous; 403 for a token without access (T1)
                self._error(401, "GatedRepo", "Access to model is restricted. Accept the terms.")
            else:
                self._plain(403, "Upstream refused the download")
            return
        content = model.files.get(filename)
        if content is None:
            if self.state.mode == "hub":
                self._error(
                    404, "EntryNotFound", f"{filename} does not exist", {"X-Repo-Commit": sha}
                )
            else:
                self._plain(404, f"Could not find {filename}")
            return
        if self.state.mode == "hub" and not cached:
            # Small files: a same-host 307 to the resolve cache (T1); LFS would go to a CDN.
            self.send_response(307)
            cache = f"/api/resolve-cache/{kind}/{model.id}/{sha}/{filename}"
            self.send_header("Location", cache)
            self.send_header("X-Repo-Commit", sha)
            self.send_header("Content-Length", "0")
            self.end_headers()
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


def answer(state: HubState, model: FakeModel, sha: str) -> dict[str, Any]:
    """The full JSON the Hub serves for ``model`` at commit ``sha`` (before ``expand``).

    Tags and ``baseModels`` are computed from the card the way the Hub computes them:
    every card license as ``license:<id>``; every card base that names an existing
    repository as ``base_model:<id>`` and ``base_model:<relation>:<id>`` (C2, D3).
    """
    info = dict(model.info)
    name = next((n for n, s in model.revisions.items() if s == sha), "main")
    info.update(model.revision_info.get(name, {}))
    info["_id"] = fake_sha(model.id, "_id")[:24]
    info["sha"] = sha
    info.setdefault("lastModified", "2024-01-01T00:00:00.000Z")
    info.setdefault("private", model.private)
    info.setdefault("gated", False)
    info.setdefault("disabled", False)
    card = info.get("cardData")
    tags = list(info.get("tags") or [])
    if isinstance(card, dict) and isinstance(info.get("tags", []), list):
        licenses = card.get("license")
        for lic in licenses if isinstance(licenses, list) else [licenses]:
            if isinstance(lic, str) and f"license:{lic}" not in tags:
                tags.append(f"license:{lic}")
        bases = card.get("base_model")
        bases = bases if isinstance(bases, list) else [bases]
        known = [
            state.redirects.get(b, b)
            for b in bases
            if isinstance(b, str) and (b in state.models or b in state.redirects)
        ]
        relation = card.get("base_model_relation")
        if relation not in RELATIONS:
            weights = [s.get("rfilename", "") for s in info.get("siblings") or []]
            if len(known) > 1:
                relation = "merge"
            elif any(str(w).endswith(".gguf") for w in weights):
                relation = "quantized"
            elif any("adapter" in str(w) for w in weights):
                relation = "adapter"
            else:
                relation = "finetune"
        for base in known:
            for tag in (f"base_model:{base}", f"base_model:{relation}:{base}"):
                if tag not in tags:
                    tags.append(tag)
        if known:
            info["baseModels"] = {"relation": relation, "models": [{"id": b} for b in known]}
        info["tags"] = tags
    info.update(model.raw)
    return info


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
        return self.root + self.state.prefix

    @property
    def root(self) -> str:
        """The server itself, whatever mode it is in."""
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
