"""String literals as candidates: one test per evidence rule, positive and negative."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldeps.extract import extract_bytes
from modeldeps.extract.candidates import decide, negative_context

ML = "from transformers import AutoModel\n"


def found(tmp_path: Path, body: str, name: str = "scripts/run.py") -> list[str]:
    text = ML + body
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    out = extract_bytes(name, str(path), str(tmp_path), text.encode())
    return [r.model_id for r in out.references if r.asset == "model"]  # Hub models only


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # registries, lists and fixtures name models without a loading call
        ('meta = ModelMeta(name="Qwen/Qwen3-Embedding-0.6B", dim=1024)\n', ["Qwen/Qwen3-Embedding-0.6B"]),
        ('CKPTS = [\n    "laion/CLIP-ViT-B-32-laion2B-s34B-b79K",\n    "Salesforce/blip-itm-base-coco",\n]\n',
         ["laion/CLIP-ViT-B-32-laion2B-s34B-b79K", "Salesforce/blip-itm-base-coco"]),
        ('def tiny():\n    return "hf-internal-testing/tiny-random-gpt2"\n', ["hf-internal-testing/tiny-random-gpt2"]),
        ('assert cfg.model == "bigscience/bloom-560m"\n', ["bigscience/bloom-560m"]),
        ('weight_files("bert-base-uncased")\n', ["bert-base-uncased"]),
        # command lines and model_args written as strings
        ('cmd += "--tokenizer hf-internal-testing/llama-tokenizer"\n', ["hf-internal-testing/llama-tokenizer"]),
        ('args = "pretrained=EleutherAI/pythia-160m,dtype=float32"\n', ["EleutherAI/pythia-160m"]),
    ],
)  # fmt: skip
def test_literals_the_evidence_supports(tmp_path: Path, body: str, expected: list[str]) -> None:
    assert found(tmp_path, body) == expected


@pytest.mark.parametrize(
    "body",
    [
        'ds = load_dataset("HuggingFaceH4/ultrachat_200k")\n',
        'mix = {"datasets": [{"id": "HuggingFaceH4/testing_alpaca_small", "weight": 1}]}\n',
        'snapshot_download("HuggingFaceH4/ultrachat_200k", repo_type="dataset")\n',
        'trainer.push_to_hub("acme/deberta-emotion-v2")\n',
        'model = torch.hub.load("pytorch/vision-v2", "resnet50")\n',
        'headers = {"Accept": "application/json", "type": "image/png2"}\n',
        'link = "your-username/my-model-7b"\n',
        'client = OpenAI(); client.chat(model="openai/gpt-4o")\n',
        'out = "outputs/llama-7b"\n',
        'key = "ctrl"\n',
        # a path joined with "/", a router's or local server's prefix, a container tag,
        # a stand-in namespace
        'PATHS = CURRENT_DIR / f"leaderboards/data_AlpacaEval_2"\n',
        'llm = LLM(model="ollama/llama3.2", base_url="http://localhost:11434")\n',
        'image = "ai2/pytorch2.0.0-cuda11.8-python3.10"\n',
        'p = provider.model_profile("unknown/model")\n',
        'slug = "huggingface/transformers"\n',
    ],
)
def test_look_alikes_the_evidence_rejects(tmp_path: Path, body: str) -> None:
    assert found(tmp_path, body) == []


def test_a_commented_literal_is_a_comment_reference_not_code(tmp_path: Path) -> None:
    text = ML + '# the old one was "org/alpha-7b"\n'
    path = tmp_path / "run.py"
    path.write_text(text)
    refs = extract_bytes("run.py", str(path), str(tmp_path), text.encode()).references
    assert [(r.model_id, str(r.scope)) for r in refs] == [("org/alpha-7b", "comment")]


def test_no_ml_context_no_literal_candidates(tmp_path: Path) -> None:
    text = 'NAMES = ["acme/widget-v2", "acme/gadget-3000"]\n'
    path = tmp_path / "app.py"
    path.write_text(text)
    assert extract_bytes("app.py", str(path), str(tmp_path), text.encode()).references == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("adapters:\n  - source: nvidia/llama-3.1-nemoguard-8b-topic-control\n",
         ["nvidia/llama-3.1-nemoguard-8b-topic-control"]),
        ("supported: [Qwen/Qwen2.5-7B-Instruct, acme/widget]\n", ["Qwen/Qwen2.5-7B-Instruct"]),
        ("image:\n  repository: vllm/vllm-openai\n  tag: v0.6.3\n", []),
        ("output_dir: saves/qwen3-7b-sft\nexport_dir: saves/qwen3-7b-merged\n", []),
        ("wandb:\n  project: acme/rlhf-7b\n", []),
        ("apiVersion: apps/v1\nresources: {limits: {nvidia.com/gpu-80gb: 1}}\n", []),
    ],
)  # fmt: skip
def test_config_values_under_unknown_keys(tmp_path: Path, text: str, expected: list[str]) -> None:
    path = tmp_path / "values.yaml"
    path.write_text("# serve the model with vllm\n" + text)
    out = extract_bytes("values.yaml", str(path), str(tmp_path), path.read_bytes())
    assert [r.model_id for r in out.references] == expected


def test_rules_directly() -> None:
    assert decide("meta-llama/Llama-3.1-8B-Instruct")
    assert not decide("user-or-org/model-name")
    assert not decide("text/plain")
    text = 'x = load_dataset(\n    "org/alpha-7b")\n'
    at = text.index('"org')
    assert negative_context(text, at, at + len('"org/alpha-7b"'))


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("run.sh", "lm_eval --model hf --model_args pretrained=org/base-7b,peft=org/lora-7b,dtype=f16\n",
         ["org/base-7b", "org/lora-7b"]),
        ("run.sh", "mteb run -m sentence-transformers/all-MiniLM-L6-v2 -t STS12\n",
         ["sentence-transformers/all-MiniLM-L6-v2"]),
        ("run.sh", "python -m fastchat.serve.cli --model-path lmsys/vicuna-7b-v1.5\n",
         ["lmsys/vicuna-7b-v1.5"]),
        (".env", "LORA_ADAPTERS=predibase/customer_support,alias=predibase/dbpedia@rev2\n",
         ["predibase/customer_support", "predibase/dbpedia"]),
        (".env", 'MODELS=`[\n  {"id": "meta-llama/Llama-3.3-70B-Instruct"},\n  {"id": "omni"}\n]`\n',
         ["meta-llama/Llama-3.3-70B-Instruct"]),
        ("src/routes.spec.ts", 'const ids = ["acme/widget-v2", "acme/gadget-7b"];\n', []),
        # no ML words: a known publisher's model counts, and then so do the file's others
        ("src/routes.spec.ts", 'const ids = ["moonshotai/Kimi-K3", "acme/widget-v2"];\n',
         ["moonshotai/Kimi-K3", "acme/widget-v2"]),
    ],
)  # fmt: skip
def test_lists_flags_env_json_and_publishers(
    tmp_path: Path, name: str, text: str, expected: list[str]
) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    out = extract_bytes(name, str(path), str(tmp_path), text.encode())
    assert [r.model_id for r in out.references] == expected
