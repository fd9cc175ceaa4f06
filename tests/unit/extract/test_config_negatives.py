"""Config keys whose values are never model ids: git repositories and container images."""

from __future__ import annotations

import pytest

from tests.helpers import ids_in


@pytest.mark.parametrize(
    "text",
    [
        "git_repo: mosaicml/llm-foundry-7b\nmodel_name: org/alpha-7b\n",
        "beaker: ai2/olmo-7b-runner\nmodel_name: org/alpha-7b\n",
        "base_image: acme/llama-7b-serving\nmodel_name: org/alpha-7b\n",
    ],
)
def test_repository_and_image_keys(text: str) -> None:
    assert ids_in("job.yaml", text) == ["org/alpha-7b"]
