from __future__ import annotations

import pytest

from modeldeps.extract import ids
from modeldeps.extract.ids import Strength


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("gpt2", True),
        ("org/name", True),
        ("org/na.me-1_2", True),
        ("_org/b_", True),
        ("-a/b", False),
        ("a/.b", False),
        ("a/b.", False),
        ("a/b-", False),
        ("a--b/c", False),
        ("a/b..c", False),
        ("a/b.git", False),
        ("a/b/c", False),
        ("a/é", False),
        ("", False),
        ("a/" + "x" * 96, True),
        ("a/" + "x" * 97, False),
    ],
)
def test_repo_id_grammar(value: str, valid: bool) -> None:
    assert ids.is_valid_repo_id(value) is valid


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("org/name", ("org/name", None)),
        (" 'org/name' ", ("org/name", None)),
        ("org/name@v1.0", ("org/name", "v1.0")),
        ("huggingface/org/name", ("org/name", None)),
        ("huggingface/transformers", ("huggingface/transformers", None)),
        ("hf-hub:org/name", ("org/name", None)),
        ("hf_hub:org/name", ("org/name", None)),
        ("hf://org/name@main/config.json", ("org/name", "main")),
        ("hf://models/org/name", ("org/name", None)),
        ("https://huggingface.co/org/name", ("org/name", None)),
        ("https://huggingface.co/org/name/resolve/abc123/w.bin", ("org/name", "abc123")),
        ("https://huggingface.co/org/name/tree/dev", ("org/name", "dev")),
        ("https://hf.co/org/name", ("org/name", None)),
        ("hf.co/org/name:Q4_K_M", ("org/name", None)),
        ("https://huggingface.co/gpt2", ("gpt2", None)),
        ("https://huggingface.co/someuser", None),
        ("https://huggingface.co/datasets/org/name", None),
        ("https://huggingface.co/spaces/org/name", None),
        ("https://huggingface.co/docs/transformers", None),
        ("hf://datasets/org/name", None),
        ("hf://spaces/org/name", None),
    ],
)
def test_normalize(raw: str, expected: tuple[str, str | None] | None) -> None:
    assert ids.normalize(raw) == expected


@pytest.mark.parametrize(
    ("value", "strength", "accepted"),
    [
        ("org/name", Strength.GENERIC, True),
        ("bert-base-uncased", Strength.GENERIC, True),
        ("my-model", Strength.STRONG, False),
        ("llama", Strength.GENERIC, False),
        ("gpt-4o", Strength.GENERIC, False),
        ("openai/gpt-4o", Strength.GENERIC, False),
        ("Xenova/gpt-4o", Strength.STRONG, True),
        ("anthropic/claude-3-opus", Strength.GENERIC, False),
        ("mistral/mistral-large-latest", Strength.GENERIC, False),
        ("cardiffnlp/twitter-roberta-base-sentiment-latest", Strength.GENERIC, True),
        ("outputs/final", Strength.STRONG, False),
        ("runs/x", Strength.STRONG, False),
        ("org/model.safetensors", Strength.STRONG, False),
        ("org/checkpoint-500", Strength.STRONG, False),
        ("3/4", Strength.GENERIC, False),
        ("a/b", Strength.GENERIC, False),
        ("application/json", Strength.GENERIC, True),  # shape alone cannot tell; context does
    ],
)
def test_accept(value: str, strength: Strength, accepted: bool) -> None:
    assert ids.accept(value, strength) is accepted


def test_sentence_transformers_short_names() -> None:
    assert (
        ids.sentence_transformers_id("all-MiniLM-L6-v2") == "sentence-transformers/all-MiniLM-L6-v2"
    )
    assert ids.sentence_transformers_id("my-local-model") is None
    assert ids.sentence_transformers_id("org/x") is None
