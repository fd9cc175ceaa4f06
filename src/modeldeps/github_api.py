"""The GitHub REST calls of the Action: dependency snapshots and the pull-request comment.

Standard library only (``urllib``): the Action needs four endpoints, and the
token must go to GitHub's API host and nowhere else, so it is sent as an
*unredirected* header (a redirect to another host never carries it) and
never appears in a message. ``GITHUB_API_URL`` names the API (GitHub
Enterprise Server sets it too; tests point it at a fake server on 127.0.0.1).

- :func:`build_snapshot` turns the JSON report into the body of
  ``POST /repos/{owner}/{repo}/dependency-graph/snapshots``: one manifest per
  file that names a model, each model as ``pkg:huggingface/<org>/<name>@<sha>``,
  ``direct`` where the file names it and ``indirect`` for its lineage, with
  each model's base models as its ``dependencies``.
- :func:`sync_comment` keeps one comment per pull request, found by its
  hidden marker: created, updated in place, or deleted when there is nothing
  to say.

Every failure is returned as a message for a warning annotation: a token
without the permission (a fork's pull request gets a read-only one) must not
fail the job.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from modeldeps import __version__

API_VERSION = "2022-11-28"
DETECTOR_URL = "https://github.com/modeldeps/modeldeps"
MAX_COMMENT_PAGES = 20  # 100 comments a page: pull requests with more are left alone
_TIMEOUT = 20.0


class ApiError(Exception):
    """A request that did not get the answer it needed; ``status`` 0 when no answer came."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class GithubApi:
    """A minimal GitHub REST client: JSON in and out, bounded, token never shown."""

    def __init__(self, api_url: str, token: str, timeout: float = _TIMEOUT) -> None:
        self.api_url = api_url.rstrip("/")
        self._token = token
        self.timeout = timeout

    def request(self, method: str, path: str, body: object | None = None) -> tuple[int, Any]:
        """(status, parsed JSON or None). Raises :class:`ApiError` for 4xx/5xx and no answer."""
        import urllib.error
        import urllib.request

        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(f"{self.api_url}{path}", data=data, method=method)
        req.add_header("Accept", "application/vnd.github+json")
        req.add_header("X-GitHub-Api-Version", API_VERSION)
        req.add_header("User-Agent", f"modeldeps/{__version__}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        # unredirected: a redirect (to any host) never carries the token
        req.add_unredirected_header("Authorization", f"Bearer {self._token}")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read(16 * 1024 * 1024)
                status = int(resp.status)
        except urllib.error.HTTPError as exc:
            detail = _message(exc.read(64 * 1024))
            exc.close()
            raise ApiError(exc.code, f"HTTP {exc.code}{': ' + detail if detail else ''}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ApiError(0, f"no answer from {self.api_url}: {reason}") from None
        try:
            return status, json.loads(raw) if raw.strip() else None
        except ValueError:
            raise ApiError(status, f"HTTP {status} with a body that is not JSON") from None


def _message(raw: bytes) -> str:
    from modeldeps.textsafe import line

    try:
        doc = json.loads(raw)
    except ValueError:
        return ""
    msg = doc.get("message") if isinstance(doc, dict) else None
    return line(str(msg))[:300] if msg else ""


def purl(model_id: str, sha: str | None) -> str | None:
    """``pkg:huggingface/org/name@sha``; None for an id purl-spec cannot name (no namespace)."""
    from packageurl import PackageURL

    from modeldeps.extract.ids import is_commit_sha, is_valid_repo_id

    if not is_valid_repo_id(model_id) or "/" not in model_id:
        return None
    namespace, _, name = model_id.partition("/")
    version = sha.lower() if sha and is_commit_sha(sha.lower()) else None
    return str(PackageURL(type="huggingface", namespace=namespace, name=name, version=version))


def _event(env: Mapping[str, str]) -> dict[str, Any]:
    path = env.get("GITHUB_EVENT_PATH")
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def pull_request(env: Mapping[str, str]) -> dict[str, Any] | None:
    """The event's pull request (pull_request and pull_request_target events), else None."""
    pr = _event(env).get("pull_request")
    return pr if isinstance(pr, dict) and isinstance(pr.get("number"), int) else None


def _add(
    resolved: dict[str, Any],
    model_purl: Any,
    records: Mapping[str, Mapping[str, Any]],
    skipped: list[str],
    mid: str,
    relationship: str,
    scope: str,
    depth: int = 0,
) -> str | None:
    """Put ``mid`` (and, as indirect, its lineage) in a manifest's ``resolved``; its purl."""
    p: str | None = model_purl(mid)
    if p is None:
        if mid not in skipped:
            skipped.append(mid)
        return None
    if p in resolved and relationship == "indirect":
        return p  # met already in this manifest: its own bases are in
    rec = records.get(mid) or {}
    deps = []
    if depth < 32:  # the resolver's lineage is bounded; so is this walk
        for base in rec.get("base_models", []) or []:
            bp = _add(
                resolved, model_purl, records, skipped, str(base), "indirect", scope, depth + 1
            )
            if bp is not None:
                deps.append(bp)
    if p not in resolved or relationship == "direct":
        resolved[p] = {
            "package_url": p,
            "relationship": relationship,
            "scope": scope,
            "dependencies": sorted(set(deps)),
        }
    return p


def build_snapshot(
    report: Mapping[str, Any], env: Mapping[str, str], scanned: str
) -> tuple[dict[str, Any], list[str]]:
    """The dependency snapshot for a JSON report, and the models it had to leave out."""
    records: dict[str, dict[str, Any]] = {}
    for m in report.get("models", []):
        records.setdefault(str(m.get("id")), m)

    def model_purl(mid: str) -> str | None:
        rec = records.get(mid) or {}
        canonical = rec.get("canonical_id") or mid
        return purl(str(canonical), rec.get("sha"))

    skipped: list[str] = []
    manifests: dict[str, Any] = {}
    by_file: dict[str, list[Mapping[str, Any]]] = {}
    for ref in report.get("references", []):
        if ref.get("asset", "model") == "model":
            by_file.setdefault(str(ref["path"]), []).append(ref)
    for path in sorted(by_file):
        resolved: dict[str, Any] = {}

        for ref in by_file[path]:
            scope = "runtime" if ref.get("scope", "code") in ("code", "config") else "development"
            _add(resolved, model_purl, records, skipped, str(ref["model_id"]), "direct", scope)
        if resolved:
            manifests[path] = {
                "name": path,
                "file": {"source_location": path},
                "resolved": dict(sorted(resolved.items())),
            }
    pr = pull_request(env)
    if pr is not None:
        head = pr.get("head") or {}
        sha = str(head.get("sha") or env.get("GITHUB_SHA", ""))
        ref = f"refs/heads/{head['ref']}" if head.get("ref") else env.get("GITHUB_REF", "")
    else:
        sha, ref = env.get("GITHUB_SHA", ""), env.get("GITHUB_REF", "")
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    run_id = env.get("GITHUB_RUN_ID", "0")
    body: dict[str, Any] = {
        "version": 0,
        "sha": sha,
        "ref": ref,
        "job": {
            "correlator": f"modeldeps {env.get('GITHUB_WORKFLOW', '')} {env.get('GITHUB_JOB', '')}",
            "id": run_id,
            "html_url": f"{server}/{env.get('GITHUB_REPOSITORY', '')}/actions/runs/{run_id}",
        },
        "detector": {"name": "modeldeps", "version": __version__, "url": DETECTOR_URL},
        "scanned": scanned,
        "manifests": manifests,
    }
    return body, skipped


def submit_snapshot(api: GithubApi, repository: str, body: Mapping[str, Any]) -> str:
    """POST the snapshot; the message to log. Raises :class:`ApiError`."""
    status, answer = api.request("POST", f"/repos/{repository}/dependency-graph/snapshots", body)
    count = sum(len(m["resolved"]) for m in body.get("manifests", {}).values())
    result = answer.get("result") if isinstance(answer, dict) else None
    ident = answer.get("id") if isinstance(answer, dict) else None
    return f"submitted a dependency snapshot of {count} models (id {ident}, {result or status})"


def sync_comment(
    api: GithubApi, repository: str, number: int, body: str, marker: str
) -> tuple[str, str | None]:
    """Create, update or delete the one marked comment; (what happened, its URL)."""
    existing: dict[str, Any] | None = None
    duplicates: list[dict[str, Any]] = []
    for page in range(1, MAX_COMMENT_PAGES + 1):
        _, comments = api.request(
            "GET", f"/repos/{repository}/issues/{number}/comments?per_page=100&page={page}"
        )
        if not isinstance(comments, list):
            break
        for c in comments:
            if isinstance(c, dict) and str(c.get("body", "")).startswith(marker):
                if existing is None:
                    existing = c
                else:
                    duplicates.append(c)
        if len(comments) < 100:
            break
    for extra in duplicates:  # left by a run that raced this one: keep one
        api.request("DELETE", f"/repos/{repository}/issues/comments/{extra['id']}")
    if not body:
        if existing is None:
            return "nothing to report; no comment", None
        api.request("DELETE", f"/repos/{repository}/issues/comments/{existing['id']}")
        return f"nothing to report; deleted comment {existing['id']}", None
    if existing is not None:
        if existing.get("body") == body:
            return f"comment {existing['id']} is up to date", existing.get("html_url")
        _, answer = api.request(
            "PATCH", f"/repos/{repository}/issues/comments/{existing['id']}", {"body": body}
        )
        url = answer.get("html_url") if isinstance(answer, dict) else None
        return f"updated comment {existing['id']}", url
    _, answer = api.request("POST", f"/repos/{repository}/issues/{number}/comments", {"body": body})
    ident = answer.get("id") if isinstance(answer, dict) else None
    url = answer.get("html_url") if isinstance(answer, dict) else None
    return f"created comment {ident}", url
