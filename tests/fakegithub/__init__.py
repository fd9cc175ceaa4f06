"""A fake GitHub REST API on 127.0.0.1 for the Action's dependency-snapshot and comment tests."""

from tests.fakegithub.server import FakeGithub, GithubState, running

__all__ = ["FakeGithub", "GithubState", "running"]
