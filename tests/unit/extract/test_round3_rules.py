"""Rules learnt from the second evaluation round's repositories (written by hand, not
copied): registries keyed ``hf_hub=``, lineage tags, MyST and mis-tagged code blocks,
lists of ids in blocks, flags no rule names, ``model=`` inside argument strings,
templated Markdown, short sentence-transformers names under model keys, and the data
keys and well-known datasets that are never models."""

from __future__ import annotations

import pytest

from tests.helpers import refs_in


def found(name: str, text: str, asset: str = "model") -> list[tuple[str, int]]:
    return [(r.model_id, r.location.line) for r in refs_in(name, text) if r.asset == asset]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a registry's hf_hub keyword, with the trailing "/" file names are joined to
        ("src/pretrained.py", 'import torch\nX = _pcfg(hf_hub="timm/vit_base_patch16_clip.openai/", quick_gelu=True)\n',
         [("timm/vit_base_patch16_clip.openai", 2)]),
        # ...but a weak literal ending in "/" stays a path
        ("src/paths.py", 'import torch\nprefix = "meta-llama/Llama-2-7b/"\n', []),
        # the Hub's lineage tags
        ("tests/test_tags.py", 'import torch\ntags = ["transformers", "base_model:adapter:org/tiny-random-Gemma3ForCausalLM", "lora"]\n',
         [("org/tiny-random-Gemma3ForCausalLM", 2)]),
        ("tests/test_tags.py", 'import torch\ntag = "base_model:finetune:Qwen/Qwen2.5-7B"\n', [("Qwen/Qwen2.5-7B", 2)]),
        # a sentence-transformers short name under any model key
        ("mem/embed.py", 'import torch\nconfig = BaseEmbedderConfig(model="all-MiniLM-L6-v2")\n',
         [("sentence-transformers/all-MiniLM-L6-v2", 2)]),
        # ...and PEFT's "all-linear" is not one
        ("train.py", 'import torch\nlora = LoraConfig(target_modules="all-linear", model="all-linear")\n', []),
    ],
)  # fmt: skip
def test_code_rules(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text) == expected


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a MyST code-block directive, with its options
        ("docs/get_started.md", "```{code-block} bash\n:caption: Download\n\nhuggingface-cli download Qwen/Qwen3-8B --local-dir </path/q>\n```\n",
         [("Qwen/Qwen3-8B", 4)]),
        # a block tagged python that holds a command line
        ("finetuning/README.md", "```python\n# comment\npython apps_train.py \\\n        --model_ckpt bigcode/gpt_345_python \\\n        --num_epochs 10\n```\n",
         [("bigcode/gpt_345_python", 4)]),
        # ids one per line in a block, after check marks or bullets
        ("REGISTRY.md", "```bash\n✓ unsloth/Llama-3.1-8B\n✓ meta-llama/Llama-3.1-8B-Instruct\n- acme/alpha-7b\nsrc/model.py\nlocal/thing\n```\n",
         [("unsloth/Llama-3.1-8B", 2), ("meta-llama/Llama-3.1-8B-Instruct", 3), ("acme/alpha-7b", 4)]),
        # flags no rule names, with a known publisher's id or a size in the name
        ("docs/llava.md", "```bash\nxtuner chat internlm/internlm2-chat-7b \\\n  --visual-encoder openai/clip-vit-large-patch14-336 \\\n  --llava acme/llava-internlm2-7b \\\n  --run_name meta-llama/x-7b --output_dir acme/out-7b\n```\n",
         [("internlm/internlm2-chat-7b", 2), ("openai/clip-vit-large-patch14-336", 3), ("acme/llava-internlm2-7b", 4)]),
        # model= inside an argument string
        ("docs/hf.md", "```bash\nhelm-run --run-entries boolq:model=stanford-crfm/BioMedLM@main --suite v1\n```\n",
         [("stanford-crfm/BioMedLM", 2)]),
        # a Markdown template is Markdown
        ("README.md.tpl", "```python\nclient.chat(model=\"meta-llama/Llama-3.2-1B-Instruct\")\n```\n",
         [("meta-llama/Llama-3.2-1B-Instruct", 2)]),
    ],
)  # fmt: skip
def test_docs_rules(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text) == expected


def test_templated_markdown_has_docs_scope() -> None:
    refs = refs_in("README.md.j2", "```bash\nvllm serve org/alpha-7b\n```\n")
    assert [(r.model_id, r.scope.value) for r in refs] == [("org/alpha-7b", "docs")]


@pytest.mark.parametrize(
    ("name", "text", "model", "dataset"),
    [
        # a famous dataset's id under a model publisher is the dataset
        ("docs/grpo.md", '```json\n{"data_source": "openai/gsm8k", "prompt": "x"}\n```\n', [], [("openai/gsm8k", 2)]),
        ("configs/alpaca.py", 'import torch\nalpaca_en_path = "tatsu-lab/alpaca"\n', [], [("tatsu-lab/alpaca", 2)]),
        # data_* keys and flags name datasets
        ("train.py", 'import torch\np.add_argument("--data_path", default="timdettmers/openassistant-guanaco")\n',
         [], [("timdettmers/openassistant-guanaco", 2)]),
        ("README.md", "```bash\npython t.py --base_model meta-llama/Meta-Llama-3-8B --data_path acme/guanaco\n```\n",
         [("meta-llama/Meta-Llama-3-8B", 2)], [("acme/guanaco", 2)]),
        # a legacy dataset downloaded as one
        ("docs/rl.md", "```bash\nhf download Qwen/Qwen3-8B\nhuggingface-cli download gsm8k --repo-type dataset --local-dir ./gsm8k_data\n```\n",
         [("Qwen/Qwen3-8B", 2)], [("gsm8k", 3)]),
    ],
)  # fmt: skip
def test_dataset_rules(
    name: str, text: str, model: list[tuple[str, int]], dataset: list[tuple[str, int]]
) -> None:
    assert found(name, text) == model
    assert found(name, text, "dataset") == dataset


PROVIDERS = """PROVIDERS = {
    "mistral": {
        "base_url": "https://api.mistral.ai/v1",
        "default_models": [
            "devstral-latest",
            "ministral-14b-latest",
        ],
        "model_list_mode": "remote",
    },
    "kimi": {
        "base_url": "https://api.moonshot.ai/v1",
        "default_models": ["kimi-k2.6"],
    },
    "huggingface": {
        "base_url": "https://router.huggingface.co/v1",
        "default_models": [
            "meta-llama/Llama-3.3-70B-Instruct",
        ],
    },
    "openrouter": {
        "api_key_env": "OPENROUTER_API_KEY",
        "default_models": [
            "anthropic/claude-sonnet-4-5",
            "ibm-granite/granite-4.1-8b:free",
        ],
    },
    "colors": {
        "default_models": ["red-latest"],
    },
}
"""


def test_provider_registry_lists_name_that_providers_models() -> None:
    refs = refs_in("app/providers.py", PROVIDERS)
    api = {(r.model_id, r.location.line): r.flags for r in refs if r.asset == "api-model"}
    assert set(api) == {
        ("devstral-latest", 5),
        ("ministral-14b-latest", 6),
        ("kimi-k2.6", 12),
        ("meta-llama/Llama-3.3-70B-Instruct", 17),
        ("claude-sonnet-4-5", 23),
        ("ibm-granite/granite-4.1-8b", 24),
    }
    assert "provider:mistral" in api[("devstral-latest", 5)]
    assert "provider:moonshot" in api[("kimi-k2.6", 12)]
    assert "route:huggingface" in api[("meta-llama/Llama-3.3-70B-Instruct", 17)]
    assert "route:openrouter" in api[("ibm-granite/granite-4.1-8b", 24)]
    # a router's list names the Hub model it serves: not also a Hub download
    assert not [r for r in refs if r.asset == "model"]


def test_inline_code_in_prose_names_api_models() -> None:
    text = (
        "Mem0 uses `gpt-5-mini` from OpenAI as the default, and `text-embedding-3-small`.\n"
        "- `anthropic.claude-sonnet-4-20250514-v1:0` is per region; `GPT-4` is a family,\n"
        "  and `claude` no name.\n"
        "```python\nx = 1\n```\n"
    )
    refs = refs_in("docs/quickstart.mdx", text)
    assert [(r.model_id, r.location.line) for r in refs if r.asset == "api-model"] == [
        ("gpt-5-mini", 1),
        ("text-embedding-3-small", 1),
        ("anthropic.claude-sonnet-4-20250514-v1:0", 2),
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a known publisher's id with a version in a sentence about models; bold ids;
        # a table cell's parenthetical
        ("README.md", "For the bigscience/mt0-large model, LoRA cuts memory.\n", [("bigscience/mt0-large", 1)]),
        ("README.md", "| bigscience/T0_3B (3B params) | 47GB |\n", [("bigscience/T0_3B", 1)]),
        ("README.md", "Train **HuggingFaceTB/SmolVLM2-2.2B-Instruct** with both APIs.\n",
         [("HuggingFaceTB/SmolVLM2-2.2B-Instruct", 1)]),
        # ...not a repository without a version, nor one on a line about GitHub
        ("README.md", "The meta-llama/llama-recipes repo has models.\n", []),
        ("README.md", "See github.com/meta-llama/llama-3-models for the model code.\n", []),
        # a command line inside a YAML value, at the line it is written on
        ("cfg.yaml", 'tasks:\n  - arguments:\n      [\n        "pip install vllm && \\\n          vllm serve Qwen/Qwen3-32B \\\n            --port 8001"\n      ]\n',
         [("Qwen/Qwen3-32B", 5)]),
        ("cfg.yaml", 'description: "then run vllm serve acme/judge-7b to start"\n', [("acme/judge-7b", 1)]),
        # a model key inside a dataset's settings
        ("cfg.yaml", "dataset:\n  name: c4\n  tokenizer_name: meta-llama/Llama-3.2-1B\n", [("meta-llama/Llama-3.2-1B", 3)]),
        # stand-in namespaces of tests; HELM's huggingface/gpt2 is no Hub repo
        ("tests/test_models.py", 'import torch\nm = Model("someprovider/deepseek-r1")\nn = Model("nonexistent-user/nonexistent-model-123")\n', []),
        ("tests/test_tok.py", 'import torch\nt = get_tokenizer(tokenizer_name="huggingface/gpt2")\n', []),
        # a Hub model an OpenAI-compatible server serves under its Hub id
        ("docs/lm.md", '```python\nlm = dspy.LM("openai/meta-llama/Meta-Llama-3-8B-Instruct", api_base="http://localhost:7501/v1")\n```\n',
         [("meta-llama/Meta-Llama-3-8B-Instruct", 2)]),
    ],
)  # fmt: skip
def test_more_rules(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text) == expected


def api(name: str, text: str) -> list[tuple[str, int]]:
    return [(r.model_id, r.location.line) for r in refs_in(name, text) if r.asset == "api-model"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a pattern is no name: gpt-5\.[3456], gemini-3-pro-image(?:-preview)?
        ("app/providers.py", 'import re\nALLOW = re.compile(r"^(gpt-5\\.[3456]|o3)(?:[-.]|$)")\nIMG = r"gemini-3-pro-image(?:-preview)?"\n', []),
        # gpt-oss is an open-weight Hub repository: its route keeps the Hub id
        ("app/x.py", 'm = "openrouter/openai/gpt-oss-20b:free"\n', [("openai/gpt-oss-20b", 1)]),
        # a local server's integration directory holds its tags, not hosted models
        ("ext/models/ollama/_model_info.py", 'INFO = {"command-r": {"vision": False}}\n', []),
        # a module named after OpenRouter holds OpenRouter ids, namespaced by the creator
        ("tests/test_openrouter_client.py", 'import x\nREQ = Request(model="mistralai/mistral-medium-3.1")\n',
         [("mistral-medium-3.1", 2)]),  # (the name Mistral knows, as a router id's is)
        # a key naming a router's model
        ("docs/models.yaml", "together_model: google/gemma-2-9b-it\n", [("google/gemma-2-9b-it", 1)]),
    ],
)  # fmt: skip
def test_api_rules(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert api(name, text) == expected


def test_router_ids_are_not_also_hub_models() -> None:
    refs = refs_in(
        "tests/test_openrouter_client.py", 'import x\nm = Model("mistralai/mistral-medium-3.1")\n'
    )
    assert [r.asset for r in refs] == ["api-model"]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # an evaluation task's class attribute, and load_dataset's keywords in a mapping
        ("tasks/gsm.py", 'import datasets\nclass GSM8K:\n    DATASET_PATH = "gsm8k"\n', [("gsm8k", 3)]),
        ("utils/qa.py", 'import datasets\nDEFAULT_DATASET_ARGS = "squad_v2"\nTC_ARGS = 1\n', [("squad_v2", 2)]),
        ("utils/tc.py", 'import datasets\nDEFAULT_DATASET_ARGS = {"path": "glue", "name": "sst2"}\n', [("glue", 2)]),
        # ...whose name is the configuration, never a dataset of its own
        ("tests/test_tasks.py", 'import datasets\nT = {"text": {"dataset_args": {"path": "glue", "name": "mnli"}}}\nload_dataset(**T["text"]["dataset_args"])\n',
         [("glue", 2)]),
        # a legacy dataset's page, and not the images a page shows from a dataset repo
        ("README.md", "[HumanEval](https://huggingface.co/datasets/openai_humaneval) tasks\n", [("openai_humaneval", 1)]),
        ("README.md", '<img src="https://huggingface.co/datasets/huggingface/documentation-images/resolve/main/x.png"/>\n', []),
        # a dataset given as an example in help text, and in a table row about datasets
        ("scripts/z.py", 'import torch\np.add_argument("--zs-dataset", help="HF dataset id, e.g. ashraq/esc50.")\n', [("ashraq/esc50", 2)]),
        ("docs/ft.md", "| **Data** | `--mixer_list` | List of datasets to sample from | `allenai/tulu-3-sft-mixture` |\n",
         [("allenai/tulu-3-sft-mixture", 1)]),
    ],
)  # fmt: skip
def test_dataset_more(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text, "dataset") == expected
    assert found(name, text) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # lighteval's positional model arguments
        ("docs/quicktour.mdx", '```bash\nlighteval accelerate \\\n    "model_name=openai-community/gpt2,dtype=float16" \\\n    "leaderboard|truthfulqa:mc|0"\n```\n',
         [("openai-community/gpt2", 3)]),
        # Rust, Go and other C-family sources: their string literals
        ("backends/tests/test_qwen3.rs", 'fn t() {\n    let (root, _) = download_artifacts("Qwen/Qwen3-Embedding-0.6B", None)?;\n    let s = \'a\';\n}\n',
         [("Qwen/Qwen3-Embedding-0.6B", 2)]),
        ("internal/source_test.go", 'package x\nvar cases = []string{"hf://test-user/model-name", "hf://meta-llama/Llama-3.1-8B"}\n',
         [("meta-llama/Llama-3.1-8B", 2)]),
        # a family a name runs on from
        ("tests/test_tok.py", "import torch\nt = load(tokenizer_base_model='amazon/MistralLite')\n", [("amazon/MistralLite", 2)]),
        # short names and legacy ids in a table of models, or a sentence about models
        ("docs/msmarco.md", "# MSMARCO embedding models\n| Model | NDCG |\n|---|---|\n| msmarco-MiniLM-L6-v3 | 67.46 |\n",
         [("sentence-transformers/msmarco-MiniLM-L6-v3", 4)]),
        ("README.md", "Local embeddings (instructor-large, all-MiniLM-L6-v2, etc.) for the models.\n",
         [("sentence-transformers/all-MiniLM-L6-v2", 1)]),
        # an API name under the OpenAI organisation is no Hub repo, even in a loading call
        ("docs/llm.mdx", '```python\nllm = LLM(model="openai/gemini-2.0-flash")\n```\n', []),
    ],
)  # fmt: skip
def test_round1_lessons(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text) == expected


def test_a_weights_file_under_a_model_key_names_its_repository() -> None:
    text = (
        "import torch\n"
        'a = _pcfg(hf_hub="laion/clap-htsat-fused/model.safetensors")\n'
        'b = _pcfg(path="data/train/x.bin")\n'  # no model key: a path
    )
    assert found("src/pretrained.py", text) == [("laion/clap-htsat-fused", 2)]


def test_a_tools_positional_model_argument() -> None:
    text = (
        "```bash\n"
        "xtuner chat internlm/internlm2-chat-7b --prompt-template x\n"
        "lmdeploy serve api_server acme/alpha-7b-chat --server-port 23333\n"
        "git clone meta-llama/llama-7b-recipes\n"
        "docker run acme/server-7b\n"
        "tools prep data/x-7b\n"
        "```\n"
    )
    assert found("docs/serve.md", text) == [
        ("internlm/internlm2-chat-7b", 2),
        ("acme/alpha-7b-chat", 3),
    ]


@pytest.mark.parametrize(
    ("name", "text", "model", "dataset"),
    [
        # a batch job script is a shell script, and a shell array of models
        ("eval/eval.slurm", '#!/bin/bash\n#SBATCH --job-name=x\nMODELS=(\n  "openai-community/gpt2"\n  "HuggingFaceTB/cosmo2-1.7B-1T"\n)\n',
         [("openai-community/gpt2", 4), ("HuggingFaceTB/cosmo2-1.7B-1T", 5)], []),
        # Hydra/OmegaConf and draccus dotted overrides
        ("docs/quickstart.md", "```bash\npython3 -m verl.trainer.main_ppo \\\n  data.train_files=$HOME/data/gsm8k/train.parquet \\\n  actor_rollout_ref.model.path=Qwen/Qwen2.5-0.5B-Instruct \\\n  trainer.project_name=acme/x-7b\n```\n",
         [("Qwen/Qwen2.5-0.5B-Instruct", 4)], []),
        ("docs/train.md", "```bash\nlerobot-train --dataset.repo_id=lerobot/aloha_mobile_cabinet --policy.path=lerobot/smolvla_base\n```\n",
         [("lerobot/smolvla_base", 2)], [("lerobot/aloha_mobile_cabinet", 2)]),
        # --repo_id on a dataset tool's command line; a dataset's sample count
        ("docs/tools.md", "```bash\nlerobot-edit-dataset \\\n    --repo_id lerobot/pusht \\\n    --operation.type delete_episodes\npython x.py --dataset AI-MO/NuminaMath-TIR#10000\n```\n",
         [], [("lerobot/pusht", 3), ("AI-MO/NuminaMath-TIR", 5)]),
        # an id alone on a continued line of a command
        ("docs/bench.md", "```bash\nlmdeploy serve api_server \\\n    Qwen/Qwen2.5-7B-Instruct \\\n    --tp 1\n```\n",
         [("Qwen/Qwen2.5-7B-Instruct", 3)], []),
        # a dataset class constructed from its repository; wrappers of lighteval's task config
        ("examples/load.py", 'from lerobot.datasets import LeRobotDataset\nrepo_id = "lerobot/aloha_mobile_cabinet"\nds = LeRobotDataset(repo_id)\nT = CustomEvaluationTask(name="mmlu", hf_repo="lighteval/mmlu", hf_subset="all")\n',
         [], [("lerobot/aloha_mobile_cabinet", 2), ("lighteval/mmlu", 4)]),
        # a snapshot folder named by its commit, a user/ stand-in
        ("predict.py", 'import torch\nw = {"src": "clip-vit-large-patch14-336/ce19dc912ca5cd21c8a653c79e251e808ccabcd1"}\nm = AutoModel.from_pretrained("user/interrupted-run")\n',
         [], []),
    ],
)  # fmt: skip
def test_round3_lessons(
    name: str, text: str, model: list[tuple[str, int]], dataset: list[tuple[str, int]]
) -> None:
    assert found(name, text) == model
    assert found(name, text, "dataset") == dataset


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a router's client class serves the Hub model it is given
        ("tests/test_together.py", 'import guidance\nlm = guidance.models.TogetherAI("mistralai/Mistral-7B-v0.1")\n',
         [("mistralai/Mistral-7B-v0.1", 2)]),
        # in a file that routes through LiteLLM-style names, provider prefixes are routes
        ("app/models.py", 'from litellm import completion\nMODELS = ["cerebras/llama-3.3-70b", "writer/palmyra-x5", "qwen-plus", "gpt-4o"]\n',
         [("llama-3.3-70b", 2), ("palmyra-x5", 2), ("qwen-plus", 2), ("gpt-4o", 2)]),
        # DashScope, Moonshot and Perplexity names
        ("app/cfg.py", 'M = {"model": "kimi-k2.5"}\nN = {"model": "moonshot-v1-8k"}\nP = {"model": "pplx-70b-chat"}\n',
         [("kimi-k2.5", 1), ("moonshot-v1-8k", 2), ("pplx-70b-chat", 3)]),
        # an Azure deployment parameter with no value is no deployment name
        ("app/azure.py", "class A:\n    def __init__(self, azure_deployment: str):\n        self.c = AzureOpenAI(azure_deployment=azure_deployment)\n", []),
    ],
)  # fmt: skip
def test_api_round3_lessons(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert api(name, text) == expected
    if expected and name != "app/cfg.py":
        assert found(name, text) == []  # never also a Hub model
