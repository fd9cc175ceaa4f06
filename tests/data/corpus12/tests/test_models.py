import pytest
from transformers import AutoTokenizer


@pytest.mark.parametrize("model_id", ["hf-internal-testing/tiny-random-gpt2", "hf-internal-testing/tiny-random-bert"])
def test_tokenizer_roundtrip(model_id):
    tok = AutoTokenizer.from_pretrained(model_id)
    assert tok.decode(tok.encode("hi"))


@pytest.mark.parametrize("model_name,max_len", [("google/bigbird-roberta-base", 4096), ("allenai/led-base-16384", 16384)])
def test_long_context(model_name, max_len):
    assert AutoTokenizer.from_pretrained(model_name).model_max_length >= max_len


@pytest.mark.parametrize("path", ["tests/fixtures/a.txt", "tests/fixtures/b.txt"])
def test_files(path):
    assert path
