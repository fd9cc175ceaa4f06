"""Test isolation: no real home directory, no token, no network beyond loopback."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

_real_getaddrinfo = socket.getaddrinfo
_LOOPBACK = {"127.0.0.1", "localhost", "::1", "0.0.0.0", ""}


def _guarded_getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
    h = host.decode() if isinstance(host, bytes) else host
    if h not in _LOOPBACK and h is not None and not str(h).startswith("127."):
        raise OSError(f"tests may not resolve non-loopback host {h!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _isolate(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(home / "hf" / "hub"))
    monkeypatch.setenv("MODELDEPS_CACHE_DIR", str(home / "modeldeps-cache"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    for var in (
        "HF_TOKEN",
        "HUGGING_FACE_HUB_TOKEN",
        "HF_ENDPOINT",
        "HF_HUB_OFFLINE",
        "MODELDEPS_CONFIG",
        "MODELDEPS_FORMAT",
        "MODELDEPS_OUTPUT",
        "MODELDEPS_JOBS",
        "MODELDEPS_EXCLUDE",
        "MODELDEPS_QUIET",
        "MODELDEPS_NO_RESOLVE",
        "MODELDEPS_MAX_FILE_SIZE",
        "MODELDEPS_NO_GIT",
        "GITHUB_ACTIONS",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)
    yield


DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def _fakehub_session() -> Iterator[object]:
    from tests.fakehub import FakeHub

    hub = FakeHub().start()
    yield hub
    hub.stop()


def serve_fakehub(
    hub: object, mode: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[object]:
    """The session's fake Hub in ``mode`` with clean faults and request log, HF_ENDPOINT at it."""
    from tests.fakehub import FakeHub

    assert isinstance(hub, FakeHub)
    hub.state.reset_traffic()
    hub.state.mode = mode
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("MODELDEPS_CACHE_DIR", str(tmp_path / "cache"))
    try:
        yield hub
    finally:
        hub.state.mode = "hub"
        hub.state.mirror_without_card = False
        hub.state.reset_traffic()


@pytest.fixture
def fakehub(
    _fakehub_session: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[object]:
    """The fake Hub answering as huggingface.co (or as FAKEHUB_MODE says: .ci/run also runs
    the resolve tests against an Artifactory remote); HF_ENDPOINT points at it."""
    mode = os.environ.get("FAKEHUB_MODE", "hub")
    yield from serve_fakehub(_fakehub_session, mode, monkeypatch, tmp_path)


@pytest.fixture(params=["hub", "artifactory"])
def anyhub(
    request: pytest.FixtureRequest,
    _fakehub_session: object,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[object]:
    """The fake Hub as huggingface.co, then as an Artifactory remote: the resolve suite's
    tests take this (as ``fakehub``) so each runs against both (issue 13)."""
    yield from serve_fakehub(_fakehub_session, request.param, monkeypatch, tmp_path)
