"""First contact with the real Hub and with enterprise mirrors (issue 13).

Each test runs the real CLI and huggingface_hub against the fake Hub in its
real-answer mode (``hub``), as an Artifactory remote (``artifactory``) or as a
file-only proxy with no metadata API (``no-api``); see tests/fakehub/server.py.
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.cli import run_cli, run_proc
from tests.conftest import serve_fakehub
from tests.fakehub import OIDC_ID_TOKEN, VALID_TOKEN, FakeHub
from tests.helpers import loading_repo as _repo

TLS = Path(__file__).parents[1] / "data" / "tls"


@pytest.fixture
def fakehub(anyhub: FakeHub) -> FakeHub:
    """huggingface.co's answers, then an Artifactory remote's."""
    return anyhub


@pytest.fixture
def realhub(
    _fakehub_session: FakeHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[object]:
    """huggingface.co's answers only."""
    yield from serve_fakehub(_fakehub_session, "hub", monkeypatch, tmp_path)


@pytest.fixture
def nohub(
    _fakehub_session: FakeHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[object]:
    """A file-only proxy: resolves work, /api/models does not exist."""
    yield from serve_fakehub(_fakehub_session, "no-api", monkeypatch, tmp_path)


def _scan(repo: Path, *extra: str) -> tuple[int, dict[str, dict[str, Any]], str]:
    r = run_cli(["scan", "--no-git", "-f", "json", *extra], repo)
    doc = json.loads(r.out)
    return r.code, {m["id"]: m for m in doc["models"]}, r.err


def _api(hub: FakeHub) -> list[str]:
    return [p for _m, p, _a in hub.state.requests if p.startswith("/api/models/")]


# -- 1. enterprise mirrors ---------------------------------------------------------------


def test_every_lookup_is_at_a_revision_and_expand_is_dropped_once(
    fakehub: FakeHub, tmp_path: Path
) -> None:
    repo = _repo(tmp_path, "fixture-org/finetune-7b", "gpt2", "mistralai/Mistral-7B-v0.1")
    code, models, _ = _scan(repo, "-j", "1")
    assert code == 0, models
    assert models["fixture-org/base-7b"]["status"] == "ok"  # an ancestor, asked at main
    assert models["gpt2"]["canonical_id"] == "openai-community/gpt2"
    paths = _api(fakehub)
    assert paths and all(p.endswith("/revision/main") for p in paths)
    # huggingface.co: one request per model; Artifactory: one more, for the first model only
    extra = 0 if fakehub.state.mode == "hub" else 1
    assert len(paths) == len(set(paths)) + extra


def test_no_metadata_api_falls_back_to_the_readme(nohub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        "fixture-org/finetune-7b",
        "fixture-org/other-with-license-file",
        "fixture-org/license-list",
        "fixture-org/odd-card-types",
        "fixture-org/does-not-exist",
    )
    code, models, _ = _scan(repo, "-j", "1")
    odd = models["fixture-org/odd-card-types"]  # no tags to fall back on without the API
    assert odd["status"] == "ok" and odd["license"] is None
    assert "card metadata unreadable (TypeError)" in odd["reason"]
    ft = models["fixture-org/finetune-7b"]
    assert ft["status"] == "ok" and ft["source"] == "readme"
    assert ft["sha"] == nohub.state.models["fixture-org/finetune-7b"].revisions["main"]
    assert ft["license"] == {
        "id": "apache-2.0",
        "source": "card:license",
        "name": None,
        "link": None,
    }
    assert ft["base_models"] == ["fixture-org/base-7b"]
    assert "does not implement /api/models" in ft["reason"]
    assert models["fixture-org/base-7b"]["source"] == "readme"  # lineage through READMEs too
    other = models["fixture-org/other-with-license-file"]
    assert other["license_file"]["path"] == "LICENSE"  # read the same way
    assert models["fixture-org/license-list"]["license"]["id"] == "apache-2.0 AND cc-by-nc-4.0"
    missing = models["fixture-org/does-not-exist"]
    assert missing["status"] == "not-found"
    assert missing["reason"].startswith(f"not found at {nohub.url} (")
    assert "does not implement /api/models" in missing["reason"]
    assert "on the Hub" not in missing["reason"]
    assert code == 1  # the non-commercial license list decides before the unresolved model
    # the API was tried until the first README answered, then never again
    assert len(_api(nohub)) == 2  # with expand, then without
    nohub.state.reset_traffic()
    assert _scan(repo)[0] == 1 and nohub.state.count() == 0  # warm: the cache answers all


def test_a_mirror_answer_without_card_data_reads_the_readme(
    _fakehub_session: FakeHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for hub in serve_fakehub(_fakehub_session, "artifactory", monkeypatch, tmp_path):
        assert isinstance(hub, FakeHub)
        hub.state.mirror_without_card = True
        repo = _repo(tmp_path, "fixture-org/finetune-7b", "fixture-org/license-list")
        code, models, _ = _scan(repo)
        ft = models["fixture-org/finetune-7b"]
        assert ft["status"] == "ok" and ft["license"]["id"] == "apache-2.0"
        assert ft["base_models"] == ["fixture-org/base-7b"]
        assert "card read from README.md" in ft["reason"]
        assert models["fixture-org/license-list"]["license"]["id"] == "apache-2.0 AND cc-by-nc-4.0"
        assert code == 1


# -- 2. license lists ---------------------------------------------------------------------


def test_license_lists_every_entry_applies(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        "fixture-org/license-list",
        "fixture-org/license-list-permissive",
        "fixture-org/license-tag-disagrees",
    )
    code, models, _ = _scan(repo)
    listed = models["fixture-org/license-list"]["license"]
    assert listed["id"] == "apache-2.0 AND cc-by-nc-4.0" and listed["source"] == "card:license"
    assert models["fixture-org/license-list-permissive"]["license"]["id"] == "apache-2.0 AND mit"
    tagged = models["fixture-org/license-tag-disagrees"]["license"]
    assert tagged == {
        "id": "mit AND cc-by-nc-4.0",
        "source": "card:license and tag",
        "name": None,
        "link": None,
    }
    assert code == 1
    r = run_cli(["scan", "--no-git"], repo)
    assert "Denied\n  fixture-org/license-list  apache-2.0 AND cc-by-nc-4.0" in r.out
    assert "fixture-org/license-tag-disagrees  mit AND cc-by-nc-4.0" in r.out.split("Allowed")[0]
    assert "Allowed\n  fixture-org/license-list-permissive" in r.out


# -- 3. rate limits -----------------------------------------------------------------------


def test_429_pauses_every_worker_until_the_window_resets(fakehub: FakeHub, tmp_path: Path) -> None:
    ids = [f"bulk-org/model-{i}" for i in range(12)]
    fakehub.state.add_fault(path="/api/models/", kind="status", status=429, reset=2, first_n=1)
    start = time.monotonic()
    code, models, _ = _scan(_repo(tmp_path, *ids), "--no-cache")
    assert code == 3  # bulk-org models do not exist: the point is that each was answered
    assert all(models[m]["status"] == "not-found" for m in ids), models
    assert time.monotonic() - start >= 3.0  # RateLimit t=2, plus a second's margin
    with fakehub.state.lock:
        times = list(fakehub.state.times)
    limited = times[0]
    # nothing was sent while the window was closed: no quota spent on early retries (the
    # first 0.6 s allow for requests already on their way when the 429 arrived)
    assert not [t for t in times[1:] if limited + 0.6 < t < limited + 2.9], times
    if fakehub.state.mode == "hub":
        assert len(_api(fakehub)) == len(ids) + 1  # one 429, one retry of it


def test_429_beyond_the_deadline_stops_asking(fakehub: FakeHub, tmp_path: Path) -> None:
    ids = [f"bulk-org/model-{i}" for i in range(30)]
    fakehub.state.add_fault(path="/api/models/", kind="status", status=429, reset=600)
    start = time.monotonic()
    code, models, _ = _scan(_repo(tmp_path, *ids), "--deadline", "20")
    assert code == 3 and time.monotonic() - start < 10
    reason = models[ids[0]]["reason"]
    assert models[ids[0]]["status"] == "rate-limited"
    assert "quota resets in" in reason and "set HF_TOKEN" in reason
    assert all(m["status"] == "rate-limited" for m in models.values())
    assert fakehub.state.count("/api/models/") <= 8  # the workers' first asks, then no more


def test_fewer_workers_without_a_token(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, *(f"bulk-org/model-{i}" for i in range(24)))
    fakehub.state.add_fault(path="/api/models/", kind="delay", delay=0.15)
    fakehub.state.watch = "/api/models/bulk-org/"
    _scan(repo, "--no-cache")
    assert 0 < fakehub.state.max_inflight <= 4
    fakehub.state.reset_traffic()
    fakehub.state.add_fault(path="/api/models/", kind="delay", delay=0.15)
    fakehub.state.watch = "/api/models/bulk-org/"
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    _scan(repo, "--no-cache")
    assert 4 < fakehub.state.max_inflight <= 8


# -- 4. tokens ----------------------------------------------------------------------------


def test_token_comes_from_huggingface_hub(fakehub: FakeHub, tmp_path: Path) -> None:
    """The token file is read by huggingface_hub itself, and HF_HUB_DISABLE_IMPLICIT_TOKEN
    keeps every implicit token, HF_TOKEN included, from being sent."""
    repo = _repo(tmp_path, "fixture-org/private-model")
    hf_home = Path(os.environ["HF_HOME"])
    hf_home.mkdir(parents=True, exist_ok=True)
    (hf_home / "token").write_text(VALID_TOKEN + "\n")
    r = run_proc(["scan", "--no-git", "-f", "json"], repo)
    assert r.code == 0, r.err
    assert all(auth for _m, _p, auth in fakehub.state.requests)
    (hf_home / "token").unlink()
    fakehub.state.reset_traffic()
    env = {"HF_TOKEN": VALID_TOKEN, "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1"}
    r = run_proc(["scan", "--no-git", "-f", "json", "--no-cache"], repo, env=env)
    assert r.code == 3
    assert fakehub.state.requests and not any(a for _m, _p, a in fakehub.state.requests)


def test_oidc_trusted_publishing_token(realhub: FakeHub, tmp_path: Path) -> None:
    """In CI, huggingface_hub exchanges the provider's OIDC id token at the endpoint (the
    Hub's feature: Artifactory issues its own tokens)."""
    fakehub = realhub
    repo = _repo(tmp_path, "fixture-org/private-model")
    env = {"HF_OIDC_RESOURCE": "fixture-org/private-model", "HF_OIDC_ID_TOKEN": OIDC_ID_TOKEN}
    r = run_proc(["scan", "--no-git", "-f", "json"], repo, env=env)
    assert r.code == 0, r.out + r.err
    assert ("POST", "/oauth/token", False) in fakehub.state.requests
    assert all(a for m, _p, a in fakehub.state.requests if m == "GET")


def test_a_failed_oidc_exchange_is_said_once(realhub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "fixture-org/private-model", "gpt2")
    env = {"HF_OIDC_RESOURCE": "fixture-org/private-model", "HF_OIDC_ID_TOKEN": "not-it"}
    r = run_proc(["scan", "--no-git", "-f", "json"], repo, env=env)
    assert r.code == 3 and "Traceback" not in r.err, r.err
    models = json.loads(r.out)["models"]
    assert {m["status"] for m in models} == {"unauthorized"}
    assert all("could not get a token" in m["reason"] for m in models)
    assert realhub.state.count("/api/models") == 0  # nothing asked with a missing token
    assert "not-it" not in r.out + r.err


def test_no_hub_no_huggingface_hub_import(tmp_path: Path) -> None:
    """Token discovery waits for the Hub: a run answered locally never imports the library."""
    repo = _repo(tmp_path, "gpt2")
    code = (
        "import sys; from modeldeps.cli import main\n"
        "sys.argv = ['modeldeps', 'scan', '--no-git', '--offline', '--no-cache']\n"
        "try:\n    main()\n"
        "except SystemExit:\n    pass\n"
        "print('loaded' if 'huggingface_hub' in sys.modules else 'clean')\n"
    )
    env = {**os.environ, "HF_TOKEN": VALID_TOKEN}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.stdout.strip().endswith("clean"), proc.stdout + proc.stderr


# -- 5. no traffic beyond the mirror ----------------------------------------------------

_GUARD = """
import json, os, socket, sys, threading
seen = []
lock = threading.Lock()  # lookups run on worker threads: one writer at a time, whole files
def note(host, port):
    with lock:
        seen.append([str(host), int(port or 0)])
        tmp = os.environ["GUARD_LOG"] + ".tmp"
        with open(tmp, "w") as fh:
            json.dump(seen, fh)
        os.replace(tmp, os.environ["GUARD_LOG"])
real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
def getaddrinfo(host, port, *a, **k):
    note(host, port)
    if host not in ("127.0.0.1", "localhost"):
        raise OSError("guard: no lookups beyond loopback")
    return real_getaddrinfo(host, port, *a, **k)
def connect(self, address):
    if isinstance(address, tuple):
        note(address[0], address[1])
    return real_connect(self, address)
socket.getaddrinfo = getaddrinfo
socket.socket.connect = connect
"""


def _guarded(args: list[str], cwd: Path, env: dict[str, str], log: Path) -> list[list[Any]]:
    log.write_text("[]")
    full = {**env, "GUARD_LOG": str(log)}
    proc = subprocess.run(
        [sys.executable, "-c", _GUARD + args[0]],
        check=False,
        cwd=cwd,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return json.loads(log.read_text())  # type: ignore[no-any-return]


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_mirror_run_connects_to_the_mirror_only(
    fakehub: FakeHub, tmp_path: Path, how: str
) -> None:
    repo = _repo(tmp_path, "fixture-org/finetune-7b", "fixture-org/other-with-license-file")
    env = {
        k: v for k, v in os.environ.items() if k not in ("HF_ENDPOINT", "HF_HUB_DISABLE_TELEMETRY")
    }
    argv = ["scan", "--no-git"]
    if how == "flag":
        argv += ["--hub-endpoint", fakehub.url]
    else:
        env["MODELDEPS_HUB_ENDPOINT"] = fakehub.url
    run = f"sys.argv = ['modeldeps', *{argv!r}]\nfrom modeldeps.cli import main\nmain()\n"
    seen = _guarded([run], repo, env, tmp_path / "guard.json")
    port = int(fakehub.root.rsplit(":", 1)[1])
    assert seen, "the guard saw no connection at all"
    assert {(h, p) for h, p in seen} <= {("127.0.0.1", port)}, seen
    assert fakehub.state.count("/api/agent-harnesses") == 0
    assert fakehub.state.count("/api/models/") > 0


def test_the_socket_guard_sees_huggingface_hubs_telemetry(tmp_path: Path) -> None:
    """Without modeldeps' preparation, building a user agent looks up huggingface.co."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("HF_ENDPOINT", "HF_HUB_DISABLE_TELEMETRY")
    }
    run = (
        "from huggingface_hub.utils import build_hf_headers\n"
        "build_hf_headers(library_name='modeldeps', library_version='0')\n"
    )
    seen = _guarded([run], tmp_path, env, tmp_path / "guard.json")
    assert any(h == "huggingface.co" for h, _p in seen), seen


# -- 6. mirror timeouts -------------------------------------------------------------------


def test_mirror_timeouts_come_from_huggingface_hubs_variables(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, "gpt2")
    fakehub.state.add_fault(path="/api/models/", kind="delay", delay=0.8)
    monkeypatch.setenv("HF_HUB_ETAG_TIMEOUT", "0.2")
    code, models, _ = _scan(repo, "--deadline", "6")
    assert code == 3 and models["gpt2"]["status"] == "unreachable"
    assert "did not answer in time" in models["gpt2"]["reason"]
    monkeypatch.setenv("HF_HUB_ETAG_TIMEOUT", "30")  # a cold mirror fetching upstream
    code, models, _ = _scan(repo, "--deadline", "20")
    assert code == 0 and models["gpt2"]["status"] == "ok"


def test_download_timeout_bounds_file_reads(
    nohub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nohub.state.add_fault(path="/resolve/", kind="delay", delay=0.8)
    monkeypatch.setenv("HF_HUB_ETAG_TIMEOUT", "30")
    monkeypatch.setenv("HF_HUB_DOWNLOAD_TIMEOUT", "0.2")
    _code, models, _ = _scan(_repo(tmp_path, "gpt2"), "--deadline", "6")
    assert models["gpt2"]["status"] == "unreachable"
    assert "did not answer in time" in models["gpt2"]["reason"]


# -- 7. cards that are not clean ------------------------------------------------------------


def test_a_base_model_that_is_not_a_hub_id_is_a_note(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "fixture-org/local-path-base", "fixture-org/deleted-base-merge")
    code, models, _ = _scan(repo)
    local = models["fixture-org/local-path-base"]
    assert local["status"] == "ok" and local["base_models"] == []
    assert (
        "card base_model '/home/user/checkpoints/llama-7b' is not a Hub id; ignored"
        in local["reason"]
    )
    merged = models["fixture-org/deleted-base-merge"]
    assert merged["base_models"] == ["fixture-org/base-7b"]
    assert "'fixture-org/deleted-repo'" in merged["reason"]
    assert "fixture-org/deleted-repo" not in models  # never asked for, never unresolved
    assert code == 0


def test_wrongly_typed_card_fields_are_final_and_fall_back_to_tags(
    fakehub: FakeHub, tmp_path: Path
) -> None:
    repo = _repo(tmp_path, "fixture-org/odd-card-types")
    code, models, _ = _scan(repo)
    rec = models["fixture-org/odd-card-types"]
    assert rec["status"] == "ok"
    assert rec["license"]["id"] == "cc-by-nc-4.0" and rec["license"]["source"] == "tag"
    assert rec["base_models"] == ["fixture-org/base-7b"]
    assert rec["weight_formats"] == ["safetensors"]  # the sibling without rfilename is skipped
    assert "card metadata unreadable (TypeError)" in rec["reason"]
    asked = fakehub.state.count("/api/models/fixture-org/odd-card-types")
    assert asked == (1 if fakehub.state.mode == "hub" else 2)  # never retried
    assert code == 1
    fakehub.state.reset_traffic()
    assert _scan(repo)[0] == 1 and fakehub.state.count() == 0  # and cached


def test_an_html_page_says_so(fakehub: FakeHub, tmp_path: Path) -> None:
    fakehub.state.add_fault(path="/api/models/", kind="html")
    code, models, _ = _scan(_repo(tmp_path, "gpt2"))
    assert code == 3 and models["gpt2"]["status"] == "unreachable"
    assert models["gpt2"]["reason"] == (
        f"{fakehub.url} answered with an HTML page, not the model's information "
        "(a login page or a proxy in the way?)"
    )
    assert fakehub.state.count("/api/models/") == 1  # not retried


class _Silent(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        return


def test_tls_failures_point_at_ssl_cert_file(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Silent)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "cert.pem", TLS / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}"
        start = time.monotonic()
        r = run_proc(
            ["scan", "--no-git", "-f", "json", "--hub-endpoint", url], _repo(tmp_path, "gpt2")
        )
    finally:
        server.shutdown()
        server.server_close()
    rec = json.loads(r.out)["models"][0]
    assert rec["status"] == "unreachable"
    assert rec["reason"].startswith(f"TLS failed talking to {url} (certificate verify failed)")
    assert "set SSL_CERT_FILE" in rec["reason"]
    assert time.monotonic() - start < 20  # final: not retried with backoff


def test_license_files_are_found_case_insensitively(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        "fixture-org/licence-txt",
        "fixture-org/license-model-file",
        "fixture-org/other-link-url",
    )
    _code, models, _ = _scan(repo)
    assert models["fixture-org/licence-txt"]["license_file"]["path"] == "LICENCE.txt"
    assert models["fixture-org/license-model-file"]["license_file"]["path"] == "license-model.md"
    # a license_link to the repository's own file on the Hub names that file
    assert models["fixture-org/other-link-url"]["license_file"]["path"] == "LICENSE-MODEL"


def test_exceptions_match_the_canonical_id(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "old-org/musicgen")
    assert run_cli(["scan", "--no-git"], repo).code == 1
    (repo / "policy.yaml").write_text(
        "version: 1\nextends: commercial\nexceptions:\n"
        "  - model: facebook/musicgen-small\n    reason: renamed; approved by legal\n"
    )
    r = run_cli(["scan", "--no-git", "--policy", "policy.yaml"], repo)
    assert r.code == 0, r.out


# -- datasets behind mirrors: the same answers as models ----------------------------------


def _dataset_scan(tmp_path: Path, *ids: str) -> dict[str, dict[str, Any]]:
    repo = tmp_path / "drepo"
    repo.mkdir(exist_ok=True)
    lines = [f'd{i} = load_dataset("{did}")' for i, did in enumerate(ids)]
    (repo / "data.py").write_text("from datasets import load_dataset\n" + "\n".join(lines) + "\n")
    r = run_cli(["scan", "--no-git", "--no-cache", "-f", "json"], repo)
    return {d["id"]: d for d in json.loads(r.out)["datasets"]}


def test_datasets_are_asked_at_a_revision_and_expand_is_dropped_once(
    fakehub: FakeHub, tmp_path: Path
) -> None:
    got = _dataset_scan(tmp_path, "HuggingFaceH4/ultrachat_200k", "tatsu-lab/alpaca")
    assert got["HuggingFaceH4/ultrachat_200k"]["status"] == "ok"
    assert got["tatsu-lab/alpaca"]["license"]["id"] == "cc-by-nc-4.0"
    asked = [p for _m, p, _a in fakehub.state.requests if p.startswith("/api/datasets/")]
    assert asked and all("/revision/" in p for p in asked)
    # a mirror refuses expand: each lookup asks again without it, until one has learnt
    # that (two lookups in flight at once may both ask with it first)
    refused = 0 if fakehub.state.mode == "hub" else 2
    assert 2 <= len(asked) <= 2 + refused


def test_datasets_without_a_metadata_api_are_read_from_their_readme(
    nohub: FakeHub, tmp_path: Path
) -> None:
    got = _dataset_scan(tmp_path, "tatsu-lab/alpaca", "fixture-org/does-not-exist")
    alpaca = got["tatsu-lab/alpaca"]
    assert alpaca["status"] == "ok" and alpaca["license"]["id"] == "cc-by-nc-4.0"
    assert alpaca["source"] == "readme" and "does not implement /api/datasets" in alpaca["reason"]
    assert got["fixture-org/does-not-exist"]["status"] == "not-found"


def test_a_mirror_dataset_answer_without_card_data_reads_the_readme(
    _fakehub_session: FakeHub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for hub in serve_fakehub(_fakehub_session, "artifactory", monkeypatch, tmp_path):
        assert isinstance(hub, FakeHub)
        hub.state.mirror_without_card = True
        got = _dataset_scan(tmp_path, "tatsu-lab/alpaca")
        alpaca = got["tatsu-lab/alpaca"]
        assert alpaca["status"] == "ok" and alpaca["license"]["id"] == "cc-by-nc-4.0"
        assert "card read from README.md" in alpaca["reason"]
