"""Comments, docstrings, help text and usage here-documents: the ``comment`` scope.

One case per evidence rule of extract/comments.py, each positive with a negative
beside it, shaped like what real repositories write (usage docstrings of training
scripts, argparse help examples, commented-out alternatives in YAML, .env and
shell, vLLM launch tables printed by a usage function).
"""

from __future__ import annotations

import pytest

from modeldeps.extract.comments import comment_spans
from tests.helpers import refs_in

ML = "from transformers import AutoModel\n"


def found(name: str, text: str) -> list[tuple[str, int, str]]:
    return [(r.model_id, r.location.line, str(r.scope)) for r in refs_in(name, text)]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a usage docstring: the command line it shows
        ("train.py", ML + '"""Usage:\n\n    python train.py --model_name_or_path Qwen/Qwen2.5-1.5B-Instruct\n"""\n',
         [("Qwen/Qwen2.5-1.5B-Instruct", 4, "comment")]),
        # argparse help text with an example id
        ("cli.py", ML + 'p.add_argument("--base", help="base model, e.g. meta-llama/Llama-2-7b-hf")\n',
         [("meta-llama/Llama-2-7b-hf", 2, "comment")]),
        # dataclass metadata help
        ("args.py", ML + 'name: str = field(default=None, metadata={"help": "e.g. BAAI/bge-m3"})\n',
         [("BAAI/bge-m3", 2, "comment")]),
        # a commented-out alternative in code
        ("run.py", ML + '# model = AutoModel.from_pretrained("org/other-7b")\n', [("org/other-7b", 2, "comment")]),
        # commented-out alternatives in .env, shell and YAML
        (".env", "MODEL=org/alpha-7b\n# MODEL=org/beta-13b\n", [("org/alpha-7b", 1, "config"), ("org/beta-13b", 2, "comment")]),
        ("serve.sh", "vllm serve org/alpha-7b\n# vllm serve org/alpha-70b --tp 8\n",
         [("org/alpha-7b", 1, "code"), ("org/alpha-70b", 2, "comment")]),
        ("c.yaml", "model: org/alpha-7b\n# model: org/alpha-70b\n", [("org/alpha-7b", 1, "config"), ("org/alpha-70b", 2, "comment")]),
        # a command continued over commented lines reads as one
        ("s.sh", "# torchrun train.py \\\n#   --model_name_or_path org/alpha-7b\n", [("org/alpha-7b", 2, "comment")]),
        # a usage here-document's table of models
        ("s.sh", "usage() {\ncat <<'EOF'\n  text-embed   BAAI/bge-small-en-v1.5   (port 8000)\nEOF\n}\n",
         [("BAAI/bge-small-en-v1.5", 3, "comment")]),
        # legacy ids listed as examples of models
        ("t.py", ML + "# any pre-trained model, for example bert-base-uncased or roberta-base\n",
         [("bert-base-uncased", 2, "comment"), ("roberta-base", 2, "comment")]),
        # a known publisher's id where the line speaks of models, even without a size
        ("l.py", ML + '"""Args:\n    name: the model name (e.g. \'naver/splade-cocondenser-ensembledistil\')\n"""\n',
         [("naver/splade-cocondenser-ensembledistil", 3, "comment")]),
        # JS line and block comments
        ("a.ts", "// const MODEL = 'org/alpha-7b';\n/* or org/beta-13b */\nimport x from 'transformers';\n",
         [("org/alpha-7b", 1, "comment"), ("org/beta-13b", 2, "comment")]),
        # an HTML comment in Markdown
        ("README.md", "<!-- model: org/alpha-7b -->\n", [("org/alpha-7b", 1, "comment")]),
    ],
)  # fmt: skip
def test_comments_name_models(name: str, text: str, expected: list[tuple[str, int, str]]) -> None:
    assert found(name, text) == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # GitHub slugs, issues and pull requests
        ("a.py", ML + "# fixed upstream in pytorch/pytorch2 (see github issue)\n"),
        ("a.py", ML + "# see huggingface/transformers#1234\n"),
        # Docker images and pip packages
        ("a.sh", "# docker run vllm/vllm-openai-v0.6 --help\n"),
        # datasets
        ("a.py", ML + "# trained on HuggingFaceH4/ultrachat_200k (a dataset)\n"),
        ("a.py", ML + '"""Load the dataset allenai/c4-en-2023 first."""\n'),
        # local paths and files
        ("a.py", ML + "# weights are cached in outputs/llama-7b and checkpoints/run-2\n"),
        ("a.py", ML + "# edit configs/llama-7b.yaml\n"),
        # placeholders and hosted API names
        ("a.py", ML + "# e.g. your-username/my-model-7b\n"),
        ("a.py", ML + "# the openai/gpt-4o router id\n"),
        # a URL path is not a bare id (the URL pass reads Hub URLs)
        ("a.py", ML + "# https://example.com/org/alpha-7b\n"),
        # a legacy id without model talk on its line, and a plain word
        ("a.py", ML + "# gpt2 style attention\n"),
        ("a.py", ML + "# use the base model here\n"),
        # no machine-learning context: a bare id-shaped token is not enough
        ("notes.py", "# acme/widget-v2 replaces acme/gadget-3000\n"),
        # a string that is not help text, in a file with no comments
        ("a.py", ML + 'slug = "huggingface/transformers"\n'),
    ],
)
def test_comment_look_alikes(name: str, text: str) -> None:
    assert found(name, text) == []


def _texts(src: str, family: str) -> list[str]:
    return [src[a:b] for a, b in comment_spans(src, family)]


def test_comment_spans_are_the_comment_texts_only() -> None:
    src = 'x = "org/code-7b"  # org/comment-7b\n"""doc org/doc-7b"""\n'
    assert _texts(src, "python") == [" org/comment-7b", "doc org/doc-7b"]


def test_comment_spans_are_empty_for_json() -> None:
    assert comment_spans('{"model": "org/alpha-7b"}', "json") == []


def test_hash_inside_a_string_or_url_is_not_a_comment() -> None:
    src = 'url: https://host/x#frag\nname: "a#org/alpha-7b"\n# org/real-7b\n'
    assert _texts(src, "yaml") == [" org/real-7b"]


def test_code_keeps_its_scope_when_a_comment_repeats_the_id() -> None:
    got = found("run.py", ML + 'm = AutoModel.from_pretrained("org/alpha-7b")  # org/alpha-7b\n')
    assert got == [("org/alpha-7b", 2, "code")]


def test_inline_ignore_applies_to_comment_references() -> None:
    got = found("run.py", ML + "# model: org/alpha-7b  modeldeps: ignore\n")
    assert got == []
