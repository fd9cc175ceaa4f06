"""Fake Hugging Face Hub for tests and benchmarks (see server.py)."""

from tests.fakehub.server import VALID_TOKEN, FakeHub, HubState, load_fixtures, running

__all__ = ["VALID_TOKEN", "FakeHub", "HubState", "load_fixtures", "running"]
