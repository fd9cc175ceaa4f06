"""Documentation prose: inline code, link text and table cells; and command lines that
documentation shows (continued downloads, JSON request bodies, text-form loading calls)."""

from __future__ import annotations

import pytest

from tests.helpers import refs_in


def found(name: str, text: str) -> list[tuple[str, int]]:
    return [(r.model_id, r.location.line) for r in refs_in(name, text) if r.asset == "model"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # an inline command line in a paragraph or a list item
        ("docs/serve.md", "- example: `python3 -m fastchat.serve.cli --model-path lmsys/vicuna-7b-v1.5`\n",
         [("lmsys/vicuna-7b-v1.5", 1)]),
        # an inline loading call
        ("README.md", 'With ``SparseEncoder("naver/splade-v3")`` we load a model.\n', []),
        ("docs/q.rst", 'With ``SparseEncoder("naver/splade-v3")`` we load a model.\n', []),
        ("README.md", 'Load it with `AutoModel.from_pretrained("org/alpha-7b")`.\n', [("org/alpha-7b", 1)]),
        # an inline whole id on a page about models
        ("README.md", "Fine-tune the model `Qwen/Qwen2.5-7B-Instruct` with LoRA.\n", [("Qwen/Qwen2.5-7B-Instruct", 1)]),
        # a known publisher's id as link text or in a table
        ("README.md", "Use [meta-llama/Llama-3.1-8B](https://example.com/x) here.\n", [("meta-llama/Llama-3.1-8B", 1)]),
        ("README.md", "| model | size |\n|---|---|\n| mistralai/Mistral-7B-v0.1 | 7B |\n",
         [("mistralai/Mistral-7B-v0.1", 3)]),
        # an HTML <pre> block and a diff block show commands too
        ("docs/n.md", "<pre>\npython3 tools/prep.py \\\n  --tokenizer-name-or-path meta-llama/Meta-Llama-3-8B \\\n</pre>\n",
         [("meta-llama/Meta-Llama-3-8B", 3)]),
        ("README.md", "```diff\naccelerate launch sft.py \\\n    --model_name_or_path Qwen/Qwen2.5-1.5B \\\n+   --eos_token x\n```\n",
         [("Qwen/Qwen2.5-1.5B", 3)]),
        # a code fence's own text is read by the block pass, not twice
        ("README.md", "```bash\nvllm serve org/alpha-7b\n```\n", [("org/alpha-7b", 2)]),
    ],
)  # fmt: skip
def test_prose_names_models(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # alternatives in a table of families, sizes, templates
        "| [Gemma/Gemma 2](https://huggingface.co/google) | 2B/7B/9B | gemma/gemma2 |\n",
        "| [Falcon/Falcon H1](https://x) | 0.5B/1.5B | falcon/falcon_h1 |\n",
        # link text that names a GitHub project or a dataset
        "See [meta-llama/llama-recipes-v2](https://github.com/meta-llama/llama-recipes).\n",
        "Trained on [allenai/tulu-v2-mix](https://huggingface.co/datasets/allenai/tulu-v2-mix).\n",
        # an inline id on a line about images, datasets or repositories
        "The `mosaicml/llm-foundry-2` images are built on every commit.\n",
        "| **Data** | List of datasets to sample from | `allenai/tulu-3-sft-olmo-2-mixture` |\n",
        # metric names written as code
        "* `objective/kl2`: the second variant of KL divergence\n",
        # an inference provider's endpoint on the router is no model
        "Point the client at https://router.huggingface.co/nebius/v1 to use it.\n",
        # an unknown namespace in a table cell
        "| acme/thing-7b | 7B |\n",
        # inline code that is a path or a placeholder
        "Run `scripts/train-7b.sh` then push to `your-username/my-model-7b`.\n",
    ],
)
def test_prose_look_alikes(text: str) -> None:
    assert found("README.md", "A page about the LLM model.\n" + text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a download continued over several lines
        ("huggingface-cli download \\\n  unsloth/Qwen3-8B-GGUF \\\n  q4.gguf --local-dir ./m\n",
         [("unsloth/Qwen3-8B-GGUF", 2)]),
        # the JSON body of a request to an OpenAI-compatible server
        ("curl localhost:8000/v1/completions -d '{\"model\": \"facebook/opt-125m\", \"prompt\": \"x\"}'\n",
         [("facebook/opt-125m", 1)]),
        # ...but not a JSON key that names no model
        ("curl -d '{\"dataset\": \"org/data-7b\", \"name\": \"org/x-7b\"}' host\n", []),
    ],
)  # fmt: skip
def test_command_lines(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("run.sh", text) == expected


def test_sentence_transformers_short_name_in_code_that_does_not_parse() -> None:
    text = 'import mteb.cache import ResultCache\nm = SentenceTransformer("all-MiniLM-L6-v2")\n'
    assert found("x.py", text) == [("sentence-transformers/all-MiniLM-L6-v2", 2)]
