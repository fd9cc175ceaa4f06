"""Code shown in documentation is read as the code it is, with the page's line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldeps.extract import extract_bytes
from modeldeps.model import Scope


def refs(tmp_path: Path, name: str, text: str) -> list[tuple[int, str, str]]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    out = extract_bytes(name, str(path), str(tmp_path), text.encode())
    return [
        (r.location.line, r.model_id, r.scope.value) for r in out.references if r.asset == "model"
    ]


MD = """# Fine-tuning

Install, then train the model:

```bash
accelerate launch train.py \\
    --model_name_or_path mistralai/Mistral-7B-v0.1 \\
    --output_dir out
```

1. Or load it in Python:

   ```python
   >>> from transformers import AutoModel
   >>> m = AutoModel.from_pretrained("google/gemma-2-2b")
   ```

```yaml
base_model: Qwen/Qwen2.5-0.5B
datasets:
  - path: tatsu-lab/alpaca
```

```
$ vllm serve meta-llama/Llama-3.1-8B-Instruct --port 8000
```

```mermaid
graph LR; a/b-model-7b --> c
```

~~~json
{"model": "BAAI/bge-small-en-v1.5"}
~~~
"""


def test_markdown_fences_of_every_language(tmp_path: Path) -> None:
    got = refs(tmp_path, "README.md", MD)
    assert got == [
        (7, "mistralai/Mistral-7B-v0.1", "docs"),
        (15, "google/gemma-2-2b", "docs"),
        (19, "Qwen/Qwen2.5-0.5B", "docs"),
        (25, "meta-llama/Llama-3.1-8B-Instruct", "docs"),
        (33, "BAAI/bge-small-en-v1.5", "docs"),
    ]  # the dataset and the diagram are not models


RST = """Quick start
===========

.. code-block:: python
   :caption: serve.py

   from sentence_transformers import SentenceTransformer
   model = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")

Run the server::

    text-generation-launcher --model-id bigscience/bloom-560m

>>> tok = AutoTokenizer.from_pretrained("bert-base-uncased")
"""


def test_rst_directives_literal_blocks_and_doctests(tmp_path: Path) -> None:
    assert refs(tmp_path, "docs/quickstart.rst", RST) == [
        (8, "sentence-transformers/all-MiniLM-L6-v2", "docs"),
        (12, "bigscience/bloom-560m", "docs"),
        (14, "bert-base-uncased", "docs"),
    ]


ADOC = """= Serving

[source,shell]
----
docker run ghcr.io/huggingface/text-generation-inference:latest --model-id tiiuae/falcon-7b
----
"""


def test_asciidoc_listings(tmp_path: Path) -> None:
    assert refs(tmp_path, "docs/serve.adoc", ADOC) == [(5, "tiiuae/falcon-7b", "docs")]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "lm_eval --model hf --model_args pretrained=EleutherAI/pythia-160m",
            "EleutherAI/pythia-160m",
        ),
        ("python -m fastchat.serve.cli --model-path lmsys/vicuna-7b-v1.5", "lmsys/vicuna-7b-v1.5"),
        (
            "model = CrossEncoder('cross-encoder/ms-marco-MiniLM-L-6-v2')",
            "cross-encoder/ms-marco-MiniLM-L-6-v2",
        ),
        ("MODEL_ID=HuggingFaceH4/zephyr-7b-beta", "HuggingFaceH4/zephyr-7b-beta"),
        ("modelURL: facebook/opt-125m\nreplicaCount: 1", "facebook/opt-125m"),
    ],
)
def test_untagged_blocks_are_sniffed(tmp_path: Path, block: str, expected: str) -> None:
    got = refs(tmp_path, "guide.md", f"Run the model:\n\n```\n{block}\n```\n")
    assert [g[1] for g in got] == [expected]
    assert got[0][0] == 4


def test_prose_urls_and_front_matter_still_count(tmp_path: Path) -> None:
    text = (
        "---\nbase_model: microsoft/phi-2\n---\nSee https://huggingface.co/openai/whisper-tiny.\n"
    )
    assert refs(tmp_path, "card.md", text) == [
        (2, "microsoft/phi-2", "docs"),
        (4, "openai/whisper-tiny", "docs"),
    ]


def test_scope_follows_the_file(tmp_path: Path) -> None:
    line = 'm = AutoModel.from_pretrained("gpt2")\n'
    assert refs(tmp_path, "src/app.py", line)[0][2] == Scope.CODE
    assert refs(tmp_path, "tests/test_app.py", line)[0][2] == Scope.TEST
    assert refs(tmp_path, "conf/serve.yaml", "model: gpt2\n")[0][2] == Scope.CONFIG
