"""Fake Hugging Face Hub for tests and benchmarks (see server.py)."""

from tests.fakehub.server import (
    OIDC_ID_TOKEN,
    VALID_TOKEN,
    FakeHub,
    HubState,
    load_fixtures,
    running,
)

__all__ = ["OIDC_ID_TOKEN", "VALID_TOKEN", "FakeHub", "HubState", "load_fixtures", "running"]
