"""The fake Hub answers the way huggingface.co and the mirrors do (hf-hub-real.md, issue 13).

Raw HTTP, no client library: what is checked is the wire, status codes and headers.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.fakehub import VALID_TOKEN, FakeHub


@pytest.fixture
def hub(_fakehub_session: FakeHub) -> Iterator[FakeHub]:
    _fakehub_session.state.reset_traffic()
    yield _fakehub_session
    _fakehub_session.state.mode = "hub"
    _fakehub_session.state.reset_traffic()


def _get(hub: FakeHub, path: str, token: str | None = None) -> tuple[int, dict[str, str], bytes]:
    url = urlsplit(hub.url)
    conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=10)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        conn.request("GET", url.path + path, headers=headers)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_missing_and_private_without_a_token_are_401_without_an_error_code(hub: FakeHub) -> None:
    for model in ("fixture-org/does-not-exist", "fixture-org/private-model"):
        status, headers, body = _get(hub, f"/api/models/{model}/revision/main")
        assert status == 401 and "x-error-code" not in headers
        assert headers["x-error-message"] == "Invalid username or password."
        assert json.loads(body) == {"error": "Invalid username or password."}
    status, headers, _ = _get(hub, "/api/models/fixture-org/does-not-exist", VALID_TOKEN)
    assert status == 404 and headers["x-error-code"] == "RepoNotFound"
    status, headers, _ = _get(hub, "/api/models/fixture-org/private-model", "hf_not_valid")
    assert status == 401 and headers["x-error-message"].startswith("Invalid credentials")


def test_gated_metadata_is_200_and_gated_files_401_or_403(hub: FakeHub) -> None:
    status, _h, body = _get(hub, "/api/models/meta-llama/Llama-2-7b-hf/revision/main")
    assert status == 200 and json.loads(body)["gated"] == "manual"
    status, headers, _ = _get(hub, "/meta-llama/Llama-2-7b-hf/resolve/main/README.md")
    assert status == 401 and headers["x-error-code"] == "GatedRepo"


def test_disabled_is_401_anonymous_and_403_with_a_token(hub: FakeHub) -> None:
    status, headers, _ = _get(hub, "/api/models/fixture-org/disabled-model")
    assert status == 401 and "x-error-code" not in headers
    status, headers, _ = _get(hub, "/api/models/fixture-org/disabled-model", VALID_TOKEN)
    assert status == 403 and headers["x-error-message"] == "Access to this resource is disabled."


def test_429_carries_ratelimit_headers_not_retry_after(hub: FakeHub) -> None:
    hub.state.add_fault(path="/api/", kind="status", status=429, reset=42)
    status, headers, _ = _get(hub, "/api/models/openai-community/gpt2")
    assert status == 429 and "retry-after" not in headers
    assert headers["ratelimit"] == '"api";r=0;t=42'
    assert headers["ratelimit-policy"] == '"fixed window";"api";q=500;w=300'


def test_resolves_go_through_a_307_to_the_resolve_cache(hub: FakeHub) -> None:
    status, headers, _ = _get(hub, "/openai-community/gpt2/resolve/main/README.md")
    sha = hub.state.models["openai-community/gpt2"].revisions["main"]
    assert status == 307 and headers["x-repo-commit"] == sha
    assert headers["location"] == f"/api/resolve-cache/models/openai-community/gpt2/{sha}/README.md"
    status, headers, body = _get(hub, headers["location"])
    assert status == 200 and body.startswith(b"---\nlicense: mit")


def test_expand_answers_listed_keys_and_computed_tags(hub: FakeHub) -> None:
    q = "?expand=tags&expand=baseModels"
    status, _h, body = _get(hub, f"/api/models/fixture-org/finetune-7b/revision/main{q}")
    doc = json.loads(body)
    assert status == 200 and set(doc) == {"_id", "id", "tags", "baseModels"}
    assert "base_model:finetune:fixture-org/base-7b" in doc["tags"]
    assert "license:apache-2.0" in doc["tags"]
    assert doc["baseModels"] == {"relation": "finetune", "models": [{"id": "fixture-org/base-7b"}]}


def test_artifactory_mode(hub: FakeHub) -> None:
    hub.state.mode = "artifactory"
    assert hub.url.endswith("/artifactory/api/huggingfaceml/hf-remote")
    status, headers, _ = _get(hub, "/api/models/openai-community/gpt2")
    assert status == 404 and "x-error-code" not in headers  # no bare /api/models/{id}
    status, _h, _b = _get(hub, "/api/models/openai-community/gpt2/revision/main?expand=sha")
    assert status == 404  # no expand
    status, _h, body = _get(hub, "/api/models/openai-community/gpt2/revision/main")
    assert status == 200 and json.loads(body)["cardData"]["license"] == "mit"
    status, headers, body = _get(hub, "/openai-community/gpt2/resolve/main/README.md")
    assert status == 200 and "x-repo-commit" in headers  # served directly
    status, headers, _ = _get(hub, "/api/models/fixture-org/does-not-exist/revision/main")
    assert status == 404 and "x-error-code" not in headers


def test_no_api_mode(hub: FakeHub) -> None:
    hub.state.mode = "no-api"
    status, _h, _b = _get(hub, "/api/models/openai-community/gpt2/revision/main")
    assert status == 404
    status, _h, body = _get(hub, "/openai-community/gpt2/resolve/main/README.md")
    assert status == 200 and body.startswith(b"---\n")
