"""Test isolation: no real home directory, no token, no network beyond loopback."""

from __future__ import annotations

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


@pytest.fixture
def fakehub(
    _fakehub_session: object, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[object]:
    """The fake Hub with clean faults and request log; HF_ENDPOINT points at it."""
    from tests.fakehub import FakeHub

    assert isinstance(_fakehub_session, FakeHub)
    _fakehub_session.state.reset_traffic()
    monkeypatch.setenv("HF_ENDPOINT", _fakehub_session.url)
    monkeypatch.setenv("MODELDEPS_CACHE_DIR", str(tmp_path / "cache"))
    yield _fakehub_session
    _fakehub_session.state.reset_traffic()
