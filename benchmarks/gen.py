"""Deterministic generators of repository-shaped trees for the benchmarks."""

from __future__ import annotations

import json
import random
from pathlib import Path

_WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "value",
    "result",
    "items",
    "index",
    "count",
    "total",
    "buffer",
    "stream",
    "parse",
    "render",
    "config",
    "handler",
    "request",
    "response",
    "session",
    "client",
    "server",
    "cache",
    "store",
    "update",
    "compute",
    "transform",
    "filter",
    "reduce",
    "mapping",
    "context",
    "option",
    "params",
    "widget",
]

_MODELS = [
    "meta-llama/Llama-2-7b-hf",
    "mistralai/Mistral-7B-v0.1",
    "google/gemma-2b",
    "Qwen/Qwen2-7B",
    "microsoft/phi-2",
    "BAAI/bge-small-en-v1.5",
    "openai/whisper-small",
    "stabilityai/stable-diffusion-xl-base-1.0",
    "tiiuae/falcon-7b",
    "bigscience/bloom-560m",
]


def _python_body(rng: random.Random, size: int) -> str:
    out: list[str] = ['"""Generated module."""', "import os", "import sys", ""]
    n = 0
    while sum(len(line) + 1 for line in out) < size:
        a, b, c = rng.choice(_WORDS), rng.choice(_WORDS), rng.choice(_WORDS)
        out += [
            f"def {a}_{b}_{n}({c}, *args, **kwargs):",
            f'    """Compute the {a} of {b} for {c}."""',
            f"    {a} = [{c} * i for i in range({rng.randint(2, 99)})]",
            f"    if len({a}) > {rng.randint(1, 50)}:",
            f"        return sum({a}) / max(1, len(args))",
            f"    return {{'{b}': {a}, 'n': {n}}}",
            "",
        ]
        n += 1
    return "\n".join(out) + "\n"


def _ml_python_body(rng: random.Random, size: int) -> str:
    """Ordinary ML code: models, tokenizers and configs everywhere, ids nowhere."""
    out: list[str] = [
        '"""Training utilities for the model, its tokenizer and the config."""',
        "import argparse",
        "import os",
        "",
        "import torch",
        "from transformers import AutoModelForCausalLM, AutoTokenizer, AutoConfig",
        "",
        "",
        "def parse_args():",
        "    parser = argparse.ArgumentParser(description='Fine-tune a pretrained model.')",
        "    parser.add_argument('--model_name_or_path', type=str, required=True,",
        "                        help='Path to pretrained model or model identifier.')",
        "    parser.add_argument('--tokenizer_name', type=str, default=None)",
        "    parser.add_argument('--output_dir', type=str, default='outputs')",
        "    return parser.parse_args()",
        "",
    ]
    n = 0
    while sum(len(line) + 1 for line in out) < size:
        a, b = rng.choice(_WORDS), rng.choice(_WORDS)
        out += [
            f"def {a}_model_{n}(model, tokenizer, config, batch, args):",
            f'    """Run the model on a batch of {b} and return the loss."""',
            "    model_config = AutoConfig.from_pretrained(args.model_name_or_path)",
            "    name = args.tokenizer_name or args.model_name_or_path",
            "    tokenizer = AutoTokenizer.from_pretrained(name)",
            "    inputs = tokenizer(batch['text'], return_tensors='pt', truncation=True)",
            "    outputs = model(**inputs, labels=inputs['input_ids'])",
            f"    loss = outputs.loss / max(1, args.gradient_accumulation_steps)  # {b}",
            f"    if model_config.num_hidden_layers > {rng.randint(2, 80)}:",
            "        model.gradient_checkpointing_enable()",
            "    model.save_pretrained(os.path.join(args.output_dir, f'checkpoint-{step}'))",
            f"    return {{'loss': loss.item(), '{a}': {n}}}",
            "",
        ]
        n += 1
    return "\n".join(out) + "\n"


def _ml_yaml_body(rng: random.Random, size: int) -> str:
    out: list[str] = [
        "model:",
        "  name_or_path: ${MODEL_PATH}",
        "  tokenizer: same_as_model",
        "  torch_dtype: bfloat16",
    ]
    n = 0
    while sum(len(line) + 1 for line in out) < size:
        out += [
            f"{rng.choice(_WORDS)}_model_{n}:",
            f"  learning_rate: {rng.random():.5f}",
            f"  num_train_epochs: {rng.randint(1, 10)}",
            "  model_max_length: 4096",
            f"  tokenizer_padding_side: {rng.choice(['left', 'right'])}",
        ]
        n += 1
    return "\n".join(out) + "\n"


def _yaml_body(rng: random.Random, size: int) -> str:
    out: list[str] = []
    n = 0
    while sum(len(line) + 1 for line in out) < size:
        out += [
            f"{rng.choice(_WORDS)}_{n}:",
            f"  enabled: {str(rng.random() > 0.5).lower()}",
            f"  {rng.choice(_WORDS)}: {rng.randint(0, 10000)}",
            f"  name: {rng.choice(_WORDS)}-{rng.choice(_WORDS)}",
        ]
        n += 1
    return "\n".join(out) + "\n"


def _markdown_body(rng: random.Random, size: int) -> str:
    out: list[str] = ["# Notes", ""]
    while sum(len(line) + 1 for line in out) < size:
        out.append(" ".join(rng.choice(_WORDS) for _ in range(14)) + ".")
    return "\n".join(out) + "\n"


def _notebook_body(rng: random.Random, size: int) -> str:
    cells = []
    while sum(len(json.dumps(c)) for c in cells) < size:
        src = _python_body(rng, 600).splitlines(keepends=True)
        cells.append(
            {
                "cell_type": "code",
                "execution_count": None,
                "metadata": {},
                "outputs": [],
                "source": src,
            }
        )
    return json.dumps(
        {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1
    )


def _with_reference(kind: str, body: str, model: str) -> str:
    if kind == "py":
        return (
            f'from transformers import AutoModel\nMODEL = AutoModel.from_pretrained("{model}")\n'
            + body
        )
    if kind == "yaml":
        return f"base_model: {model}\n" + body
    if kind == "md":
        return body + f"\nSee https://huggingface.co/{model}\n"
    return body


def generate_tree(
    root: Path,
    *,
    files: int,
    total_bytes: int,
    ref_ratio: float = 0.01,
    seed: int = 7,
    mix: str = "mixed",
) -> dict[str, int]:
    """Write ``files`` files of about ``total_bytes`` in all; return counts by kind."""
    rng = random.Random(seed)
    avg = max(200, total_bytes // files)
    kinds = ["py"] if mix == "python" else ["py", "py", "py", "yaml", "md", "ipynb"]
    ml = mix == "ml"
    counts: dict[str, int] = {"references": 0}
    for i in range(files):
        kind = kinds[i % len(kinds)]
        size = int(avg * rng.uniform(0.5, 1.5))
        body = {
            "py": _ml_python_body if ml else _python_body,
            "yaml": _ml_yaml_body if ml else _yaml_body,
            "md": _markdown_body,
            "ipynb": _notebook_body,
        }[kind](rng, size)
        if kind != "ipynb" and rng.random() < ref_ratio:
            body = _with_reference(kind, body, rng.choice(_MODELS))
            counts["references"] += 1
        path = root / f"pkg{i % 97}" / f"sub{i % 13}" / f"f{i}.{kind}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def grow_file(path: Path, size: int, seed: int = 11) -> None:
    """One Python file of about ``size`` bytes with a reference at its end."""
    rng = random.Random(seed)
    body = _python_body(rng, size - 100)
    path.write_text(body + 'AutoModel.from_pretrained("org/name")\n')
