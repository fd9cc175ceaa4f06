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
    counts: dict[str, int] = {"references": 0}
    for i in range(files):
        kind = kinds[i % len(kinds)]
        size = int(avg * rng.uniform(0.5, 1.5))
        body = {
            "py": _python_body,
            "yaml": _yaml_body,
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
