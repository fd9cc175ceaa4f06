"""The seed model families end to end under the commercial preset (fake Hub, real CLI).

Each row: model id, the verdict a careful licensing lawyer would expect for a
company shipping a product, and words the deciding message must contain.
"""

from __future__ import annotations

import json

import pytest

from tests.cli import run_cli
from tests.fakehub import FakeHub

SEEDS = [
    ("huggyllama/llama-7b", "denied", "LLaMA License Agreement"),
    ("meta-llama/Llama-2-7b-hf", "review", "700,000,000 monthly active users"),
    ("meta-llama/Meta-Llama-3-8B", "review", "Built with Meta Llama 3"),
    ("meta-llama/Llama-3.1-8B", "review", "names must begin with 'Llama'"),
    ("codellama/CodeLlama-7b-hf", "review", "Llama 2 Community License"),
    ("tatsu-lab/alpaca-7b-wdiff", "denied", "Non Commercial"),
    ("chavinlo/alpaca-native", "denied", "derives from huggyllama/llama-7b"),
    ("lmsys/vicuna-7b-v1.5", "review", "Llama 2 Community License"),
    ("lmsys/vicuna-7b-v1.3", "denied", "derives from huggyllama/llama-7b"),
    ("facebook/opt-66b", "denied", "OPT-175B License Agreement"),
    ("stabilityai/stablelm-base-alpha-7b", "review", "Share Alike"),
    ("stabilityai/stablelm-tuned-alpha-7b", "denied", "Non Commercial"),
    ("databricks/dolly-v2-12b", "allowed", None),
    ("bigscience/bloom", "review", "use-based restrictions"),
    ("deepseek-ai/DeepSeek-R1", "allowed", None),
    ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "review", "derives from meta-llama/Llama-3.1-8B"),
    ("google/gemma-7b", "review", "Prohibited Use Policy"),
    ("fixture-org/gemma-distilled", "review", "derives from google/gemma-7b"),
    ("facebook/musicgen-small", "denied", "Non Commercial"),
    ("facebook/seamless-m4t-v2-large", "denied", "Non Commercial"),
    ("tiiuae/falcon-7b", "allowed", None),
    ("tiiuae/falcon-180B", "review", "TII Falcon"),
    ("mistralai/Mistral-7B-v0.1", "allowed", None),
    ("mistralai/Mistral-Large-Instruct-2407", "denied", "Mistral AI Research License"),
    ("stabilityai/stable-diffusion-3.5-large", "review", "USD 1,000,000"),
    ("Qwen/Qwen-7B", "review", "Tongyi Qianwen"),
]


@pytest.fixture(scope="module")
def seed_report(
    tmp_path_factory: pytest.TempPathFactory, _fakehub_session: FakeHub
) -> dict[str, list[dict[str, object]]]:
    import os

    repo = tmp_path_factory.mktemp("seeds")
    (repo / "app.py").write_text("".join(f'A.from_pretrained("{m}")\n' for m, _, _ in SEEDS))
    old = {k: os.environ.get(k) for k in ("HF_ENDPOINT", "MODELDEPS_CACHE_DIR")}
    os.environ["HF_ENDPOINT"] = _fakehub_session.url
    os.environ["MODELDEPS_CACHE_DIR"] = str(repo / ".cache")
    try:
        r = run_cli(["scan", "--no-git", "--no-cache", "-f", "json"], repo)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    by_model: dict[str, list[dict[str, object]]] = {}
    for f in doc["findings"]:
        by_model.setdefault(str(f["model_id"]), []).append(f)
    return by_model


@pytest.mark.parametrize(("model_id", "verdict", "words"), SEEDS)
def test_seed_family_verdict(
    seed_report: dict[str, list[dict[str, object]]], model_id: str, verdict: str, words: str | None
) -> None:
    findings = seed_report.get(model_id, [])
    deciding = [
        f
        for f in findings
        if f["severity"] != "note"
        and f["code"] not in ("pickle-weights", "gated-model", "trust-remote-code")
    ]
    worst = {"error": "denied", "warning": "review"}.get(
        "error"
        if any(f["severity"] == "error" for f in deciding)
        else "warning"
        if deciding
        else "",
        "allowed",
    )
    assert worst == verdict, findings
    if words:
        text = " ".join(str(f["message"]) for f in findings)
        assert words.lower() in text.lower(), text
