"""Config keys whose values are never model ids: git repositories."""

from __future__ import annotations

import pytest

from tests.helpers import ids_in


@pytest.mark.parametrize(
    "text",
    [
        # without the rule both values are reported (a known publisher, a model-like name)
        "git_repo: mosaicml/llm-foundry-7b\nmodel_name: org/alpha-7b\n",
        "github_repo: mosaicml/llm-foundry-7b\nmodel_name: org/alpha-7b\n",
    ],
)
def test_git_repository_keys(text: str) -> None:
    assert ids_in("job.yaml", text) == ["org/alpha-7b"]
