"""A fake GitHub REST API: a real HTTP server on 127.0.0.1, as GitHub answers.

Endpoints (the Action's only ones), each checking ``Authorization: Bearer``
(or ``token``) against the tokens the test registered and their permissions,
as GitHub does for a workflow's ``GITHUB_TOKEN``:

- ``POST /repos/{owner}/{repo}/dependency-graph/snapshots`` (``contents: write``):
  the body is validated with the published schema
  (shared/data/github-dependency-snapshot.schema.json); 201 with
  ``{id, created_at, result, message}``, 422 with the validation errors.
- ``GET /repos/{owner}/{repo}/issues/{n}/comments`` (paginated, ``Link`` header),
  ``POST`` the same path, ``PATCH`` / ``DELETE /repos/{owner}/{repo}/issues/comments/{id}``
  (``pull-requests: write`` to write).

Errors answer like GitHub: 401 ``Bad credentials``, 403 ``Resource not
accessible by integration``, 404 ``Not Found``. The server serves a bounded
number of requests and stops by itself after a deadline.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

SCHEMA = Path(__file__).parents[3] / "shared" / "data" / "github-dependency-snapshot.schema.json"
MAX_REQUESTS = 500
DEADLINE = 300.0


@dataclass
class GithubState:
    tokens: dict[str, set[str]] = field(default_factory=dict)  # token -> permissions
    comments: dict[int, dict[str, Any]] = field(default_factory=dict)
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[list[str]] = field(default_factory=list)  # schema errors per bad body
    log: list[tuple[str, str, str]] = field(default_factory=list)  # method, path, auth scheme
    headers: list[dict[str, str]] = field(default_factory=list)
    next_id: int = 1000
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_comment(self, issue: int, body: str, user: str = "someone") -> dict[str, Any]:
        with self.lock:
            self.next_id += 1
            c = {
                "id": self.next_id,
                "issue": issue,
                "body": body,
                "user": {"login": user},
                "html_url": f"https://github.com/o/r/pull/{issue}#issuecomment-{self.next_id}",
            }
            self.comments[self.next_id] = c
            return c

    def comments_on(self, issue: int) -> list[dict[str, Any]]:
        return [c for c in self.comments.values() if c["issue"] == issue]


def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA.read_text())
    return jsonschema.Draft202012Validator(schema)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(
        self, status: int, body: object | None = None, headers: dict[str, str] | None = None
    ) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _auth(self, needs: str | None) -> bool:
        state = self.server.state
        header = self.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        state.log.append((self.command, self.path, scheme))
        state.headers.append(
            {k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"}
        )
        if scheme.lower() not in ("bearer", "token") or token not in state.tokens:
            self._send(401, {"message": "Bad credentials", "status": "401"})
            return False
        if needs is not None and needs not in state.tokens[token]:
            self._send(403, {"message": "Resource not accessible by integration", "status": "403"})
            return False
        return True

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        if length > 8 * 1024 * 1024:
            return None
        try:
            return json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            return None

    def _route(self) -> None:
        server = self.server
        server.count += 1
        if server.count > MAX_REQUESTS:
            self._send(429, {"message": "fake GitHub: request budget spent"})
            return
        url = urlsplit(self.path)
        path, query = url.path, parse_qs(url.query)
        state = server.state
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/dependency-graph/snapshots", path)
        if m and self.command == "POST":
            if not self._auth("contents"):
                return
            body = self._body()
            errors = sorted(e.message for e in _validator().iter_errors(body))
            if errors:
                state.rejected.append(errors)
                self._send(422, {"message": "Invalid request.\n\n" + "\n".join(errors)})
                return
            state.snapshots.append(body)
            self._send(
                201,
                {
                    "id": len(state.snapshots),
                    "created_at": "2026-12-02T00:00:00Z",
                    "result": "SUCCESS",
                    "message": "Dependency results for the repo have been successfully updated.",
                },
            )
            return
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/(\d+)/comments", path)
        if m and self.command == "GET":
            if not self._auth(None):
                return
            per_page = min(100, int(query.get("per_page", ["30"])[0]))
            page = int(query.get("page", ["1"])[0])
            items = sorted(state.comments_on(int(m.group(3))), key=lambda c: c["id"])
            chunk = items[(page - 1) * per_page : page * per_page]
            headers = {}
            if page * per_page < len(items):
                headers["Link"] = f'<{path}?per_page={per_page}&page={page + 1}>; rel="next"'
            self._send(200, chunk, headers)
            return
        if m and self.command == "POST":
            if not self._auth("pull-requests"):
                return
            body = self._body()
            if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                self._send(422, {"message": "Invalid request: body is required"})
                return
            if len(body["body"]) > 65536:
                self._send(
                    422,
                    {
                        "message": "Validation Failed: body is too long (maximum is 65536 characters)"
                    },
                )
                return
            self._send(201, state.add_comment(int(m.group(3)), body["body"], "github-actions[bot]"))
            return
        m = re.fullmatch(r"/repos/([^/]+)/([^/]+)/issues/comments/(\d+)", path)
        if m and self.command in ("PATCH", "DELETE"):
            if not self._auth("pull-requests"):
                return
            cid = int(m.group(3))
            if cid not in state.comments:
                self._send(404, {"message": "Not Found"})
                return
            if self.command == "DELETE":
                del state.comments[cid]
                self._send(204)
                return
            body = self._body()
            if not isinstance(body, dict) or not isinstance(body.get("body"), str):
                self._send(422, {"message": "Invalid request: body is required"})
                return
            state.comments[cid]["body"] = body["body"]
            self._send(200, state.comments[cid])
            return
        self._send(404, {"message": "Not Found"})

    do_GET = do_POST = do_PATCH = do_DELETE = _route


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: GithubState
    count: int = 0


class FakeGithub:
    """The server and its state; ``url`` is what GITHUB_API_URL should be set to."""

    def __init__(self, state: GithubState | None = None) -> None:
        self.state = state or GithubState()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.state = self.state
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, daemon=True, kwargs={"poll_interval": 0.05}
        )
        self.timer = threading.Timer(DEADLINE, self.stop)  # stops by itself
        self.timer.daemon = True

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeGithub:
        self.thread.start()
        self.timer.start()
        return self

    def stop(self) -> None:
        self.timer.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()


@contextmanager
def running(state: GithubState | None = None) -> Iterator[FakeGithub]:
    server = FakeGithub(state).start()
    try:
        yield server
    finally:
        server.stop()
