"""Rules learnt from the spent third round and from the ecosystem's usual shapes (written
by hand, not copied): environment-file samples, LocalAI's ``huggingface://`` files, a
dataset's ``source:``, a script's positional model argument, conversion tools' keys,
routers' chat classes, and tables of provider routes."""

from __future__ import annotations

import pytest

from modeldeps.extract import family_of
from modeldeps.extract.base import scope_of
from modeldeps.model import Scope
from tests.helpers import refs_in


def found(name: str, text: str, asset: str = "model") -> list[tuple[str, int]]:
    return [(r.model_id, r.location.line) for r in refs_in(name, text) if r.asset == asset]


@pytest.mark.parametrize(
    ("name", "family", "scope"),
    [
        ("env.example", "shell", Scope.CONFIG),
        ("deploy/env.sample", "shell", Scope.CONFIG),
        ("env.template", "shell", Scope.CONFIG),
        ("config.yaml.example", "yaml", Scope.CONFIG),
        ("settings.toml.sample", "toml", Scope.CONFIG),
        # a word that merely starts the same way is no sample
        ("environment.py", "python", Scope.CODE),
        ("example", "text", Scope.CODE),
    ],
)
def test_sample_files_are_read_as_what_they_copy(name: str, family: str, scope: Scope) -> None:
    assert family_of(name) == family
    assert scope_of(name) is scope


def test_env_sample_names_api_models() -> None:
    text = 'OPENAI_API_KEY=\nFAST_LLM="openai:gpt-4o-mini"\nSMART_LLM=anthropic:claude-3-5-sonnet-20240620\n'
    assert found("env.example", text, "api-model") == [
        ("gpt-4o-mini", 2),
        ("claude-3-5-sonnet-20240620", 3),
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # LocalAI's scheme for a file in a Hub repository
        ("gallery/phi-2.yaml", "name: phi-2\nparameters:\n  model: huggingface://TheBloke/phi-2-GGUF/phi-2.Q8_0.gguf\n"
         "files:\n- filename: phi-2.Q8_0.gguf\n  uri: huggingface://TheBloke/phi-2-GGUF/phi-2.Q8_0.gguf\n",
         [("TheBloke/phi-2-GGUF", 3), ("TheBloke/phi-2-GGUF", 6)]),
        ("docs/models.md", "Run `local-ai run huggingface://TheBloke/Mistral-7B-GGUF/mistral.Q4_0.gguf` to start.\n",
         [("TheBloke/Mistral-7B-GGUF", 1)]),
        # ...and no dataset or Space is a model under it
        ("gallery/x.yaml", "uri: huggingface://datasets/acme/data-7b/train.parquet\n", []),
        # a script's first positional argument, when it is a known publisher's or sized id
        ("docs/download.md", "```bash\npython download-model.py facebook/opt-1.3b\npython train.py data/train-7b\n```\n",
         [("facebook/opt-1.3b", 2)]),
        ("scripts/run.sh", "python3 -u tools/convert.py mistralai/Mistral-7B-v0.1 --out x\n",
         [("mistralai/Mistral-7B-v0.1", 1)]),
        # conversion and loading tools' keys
        ("docs/convert.md", "```bash\npython convert.py --hf-path mistralai/Mistral-7B-Instruct-v0.2 -q\n```\n",
         [("mistralai/Mistral-7B-Instruct-v0.2", 2)]),
        ("asr.py", 'import mlx\nr = whisper.transcribe(a, path_or_hf_repo="mlx-community/whisper-large-v3-mlx")\n',
         [("mlx-community/whisper-large-v3-mlx", 2)]),
    ],
)  # fmt: skip
def test_model_rules(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text) == expected


def test_dataset_source_key() -> None:
    text = (
        "model:\n  _component_: torchtune.models.llama3_2.lora_llama3_2_1b\n"
        "dataset:\n  _component_: torchtune.datasets.alpaca_cleaned_dataset\n"
        "  source: yahma/alpaca-cleaned\n  packed: False\n"
    )
    assert found("recipes/configs/lora.yaml", text, "dataset") == [("yahma/alpaca-cleaned", 5)]
    assert found("recipes/configs/lora.yaml", text) == []


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a router's chat class: its Hub-shaped name is the provider's route
        ("agent.py", "from x import ChatGroq\nllm = ChatGroq(model='meta-llama/llama-4-maverick-17b-128e-instruct')\n",
         [("meta-llama/llama-4-maverick-17b-128e-instruct", 2)]),
        ("agent.py", 'from x import ChatCerebras\nllm = ChatCerebras(model="meta-llama/Llama-3.3-70B")\n',
         [("meta-llama/Llama-3.3-70B", 2)]),
        # a table of provider routes: its lower-case names are the providers' models...
        ("lib/models.py", 'Known = Literal[\n    "openai/gpt-4o",\n    "anthropic/claude-3-5-sonnet-latest",\n'
         '    "perplexity/sonar",\n    "cerebras/llama3.1-8b",\n    "writer/palmyra-x5",\n]\n',
         [("gpt-4o", 2), ("claude-3-5-sonnet-latest", 3), ("sonar", 4), ("llama3.1-8b", 5), ("palmyra-x5", 6)]),
    ],
)  # fmt: skip
def test_api_rules(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text, "api-model") == expected
    assert found(name, text) == []


def test_route_table_keeps_hub_repos_written_with_capitals() -> None:
    text = (
        'MODELS = [\n    "anthropic/claude-3-opus",\n    "perplexity/sonar",\n'
        '    "xai/grok-2",\n    "moonshotai/Kimi-K2.6",\n]\n'
    )
    assert found("app/models.py", text) == [("moonshotai/Kimi-K2.6", 5)]


def test_two_routes_make_no_table() -> None:
    text = 'MODELS = ["anthropic/claude-3-opus", "perplexity/sonar", "cerebras/btlm-3b-8k-base"]\n'
    assert found("app/models.py", text) == [("cerebras/btlm-3b-8k-base", 1)]


_MODEL_TABLE = """# Adapters

| Base Model | Adapter | Model size |
|---|---|---|
| Llama-2 | `acme/customer_support` | 7B/13B |
| Mistral | acme/support-7b | 7B |
| x | Phi-3/Phi-3.5 | 4B/14B |
| BLOOM | BLOOM/BLOOMZ | 3B |

| Dataset | Rows |
| --- | --- |
| acme/pile-small | 3 |

| Project | Stars |
|---|---|
| vllm-project/vllm | 3 |
"""


def test_table_columns_say_what_their_cells_are() -> None:
    # a models column names models whoever publishes them; sizes and alternatives
    # written with a slash are none, nor is a column of projects
    assert found("docs/adapters.md", _MODEL_TABLE) == [
        ("acme/customer_support", 5),
        ("acme/support-7b", 6),
    ]
    assert found("docs/adapters.md", _MODEL_TABLE, "dataset") == [("acme/pile-small", 12)]


_PROVIDER_TABLE = """# Models

| Model Provider | Model Type(s) |
| :--- | :--- |
| **OpenAI** | gpt-4.5-preview<br/>gpt-4o, gpt-4o-mini<br/>o1, o3-mini |
| **ZhipuAI** | glm-4.5-air, glm-4v<br/>glm-5 |
| **Ollama** | llama3.1-8b, qwen2.5 |

We compare GPT-4 and o1 here, and gpt-4o elsewhere.
"""


def test_provider_tables_list_hosted_models() -> None:
    assert found("docs/models.md", _PROVIDER_TABLE, "api-model") == [
        ("gpt-4.5-preview", 5),
        ("gpt-4o", 5),
        ("gpt-4o-mini", 5),
        ("o1", 5),
        ("o3-mini", 5),
        ("glm-4.5-air", 6),
        ("glm-4v", 6),
        ("glm-5", 6),
    ]


def test_cell_items_need_a_table() -> None:
    # the same list in a sentence is no table: short names there are no evidence
    text = "We tried o1, o3 and gpt-4o-mini-2024-07-18 before.\n"
    assert found("docs/notes.md", text, "api-model") == [("gpt-4o-mini-2024-07-18", 1)]


def test_notebook_markdown_cells_are_read_as_pages() -> None:
    import json

    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [
            "# Fine-tuning\n", "\n", "We load the **HuggingFaceTB/SmolVLM2-2.2B-Instruct** model.\n",
            "```bash\n", "vllm serve Qwen/Qwen2.5-7B-Instruct --port 8000\n", "```\n",
        ]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["from transformers import AutoModel\n", "m = AutoModel.from_pretrained('gpt2')\n"]},
    ]  # fmt: skip
    text = json.dumps(
        {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1
    )
    lines = text.split("\n")
    at = {needle: next(i for i, ln in enumerate(lines, 1) if needle in ln) for needle in
          ("SmolVLM2", "vllm serve", "from_pretrained")}  # fmt: skip
    assert sorted(found("nb/sft.ipynb", text)) == sorted(
        [
            ("gpt2", at["from_pretrained"]),
            ("HuggingFaceTB/SmolVLM2-2.2B-Instruct", at["SmolVLM2"]),
            ("Qwen/Qwen2.5-7B-Instruct", at["vllm serve"]),
        ]
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # anyone's id written as code in a sentence about models
        ("You can also use classic models like `SamLowe/roberta-base-go_emotions`:\n",
         [("SamLowe/roberta-base-go_emotions", 1)]),
        # ...not an image's name, whose own "-base" is no talk of models
        ("It is based on the `axolotlai/axolotl-base` image and includes the code.\n", []),
        ("| `axolotlai/axolotl-base` | Default |\n", []),
    ],
)  # fmt: skip
def test_inline_code_in_sentences_about_models(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("docs/guide.md", "Fine-tune llama models.\n\n" + text) == [
        (i, n + 2) for i, n in expected
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # name=repo pairs of LoRA flags, after a flag that takes no value
        ("vllm serve meta-llama/Llama-2-7b-hf --enable-lora --lora-modules sql=acme/sql-lora chat=acme/chat-lora --port 8000\n",
         [("meta-llama/Llama-2-7b-hf", 1), ("acme/sql-lora", 1), ("acme/chat-lora", 1)]),
        ("lmdeploy serve api_server THUDM/chatglm2-6b --adapters mylora=acme/lora-chatglm2-6b\n",
         [("THUDM/chatglm2-6b", 1), ("acme/lora-chatglm2-6b", 1)]),
        # a boolean flag does not swallow the next one
        ("python train.py --bf16 --model_name_or_path acme/llm-7b\n", [("acme/llm-7b", 1)]),
        # launchers with options of their own before the script
        ("torchrun --nproc_per_node 2 script.py InternLM/internlm2-chat-1_8b --proxy_url http://x\n",
         [("InternLM/internlm2-chat-1_8b", 1)]),
        ("deepspeed --num_gpus 2 train.py meta-llama/Llama-2-7b-hf\n", [("meta-llama/Llama-2-7b-hf", 1)]),
    ],
)  # fmt: skip
def test_command_lines(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("scripts/serve.sh", text) == expected


def test_help_text_continued_over_concatenated_strings() -> None:
    text = (
        "import argparse\np = argparse.ArgumentParser()\np.add_argument(\n"
        '    "model_path",\n    help="The path of a model. It could be one of the following "\n'
        '    "options: a local directory of a converted model, or the model_id of a "\n'
        "    'quantized model hosted inside a model repo on huggingface.co, such as '\n"
        '    \'"acme/llama2-chat-70b-4bit", "internlm/internlm2_5-7b-chat" and so on\',\n'
        ")\n"
        'x = "not/help-7b"\n'
    )
    refs = [r for r in refs_in("cli/serve.py", text) if r.asset == "model"]
    assert [(r.model_id, r.location.line, r.scope.value) for r in refs] == [
        ("acme/llama2-chat-70b-4bit", 8, "comment"),
        ("internlm/internlm2_5-7b-chat", 8, "comment"),
        ("not/help-7b", 10, "code"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # whole names in a pattern's alternation are names; prefixes it goes on from are not
        ('import re\nALLOW = re.compile(\n    r"^(codestral-latest|magistral-medium-latest|"\n'
         '    r"ministral-(?:14b|3b)-latest|gemini-flash-latest)$"\n)\n'
         'PREFIX = re.compile(r"^(gpt-5\\.[3456]|gpt-4\\.5|o3)(?:[-.]|$)")\n',
         [("codestral-latest", 3), ("magistral-medium-latest", 3), ("gemini-flash-latest", 4)]),
        # a router's alias for "whatever is free" is no model
        ('PROVIDERS = {\n  "openrouter": {\n    "base_url": "https://openrouter.ai/api/v1",\n'
         '    "models": ["openrouter/free", "anthropic/claude-3-opus"],\n  },\n}\n',
         [("claude-3-opus", 4)]),
    ],
)  # fmt: skip
def test_api_patterns_and_aliases(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("app/providers.py", text, "api-model") == expected


def test_price_table_keys_lose_their_qualifiers() -> None:
    text = (
        '{\n  "azure/us/gpt-4.1-2025-04-14": {"input_cost_per_token": 2e-06},\n'
        '  "azure/standard/1024-x-1024/dall-e-3": {"input_cost_per_pixel": 3e-08},\n'
        '  "bedrock/us-east-1/1-month-commitment/anthropic.claude-v2:1": {"max_tokens": 8191},\n'
        '  "azure/model_router": {"max_tokens": 8191}\n}\n'
    )
    assert found("model_specs/prices.json", text, "api-model") == [
        ("gpt-4.1-2025-04-14", 2),
        ("dall-e-3", 3),
        ("anthropic.claude-v2:1", 4),
    ]


def test_words_and_quantisations_are_no_ids() -> None:
    text = (
        "import httpx\n# Raises HTTPStatusError for 4XX/5XX status\n"
        "# TODO: allow updating the handle/embedding config\n"
        'PROVIDER = {"ignore": ["deepinfra/fp4", "ambient/fp8"]}\n'
        "# tested with acme/zephyr-7b-beta as the model\n"
    )
    assert found("llm/client.py", text) == [("acme/zephyr-7b-beta", 5)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a template's path is a file, not an org/name
        ('import x\nr = J2("rulesets/rulesets.j2").render(model="acme/llm-7b")\n', [("acme/llm-7b", 2)]),
        # an Ollama tag is no sentence-transformers short name; a full short name is
        ('from x import OllamaEmbeddingDriver\nd = OllamaEmbeddingDriver(model="all-minilm")\n', []),
        ('import x\nd = Embedder(model="all-MiniLM-L6-v2")\n', [("sentence-transformers/all-MiniLM-L6-v2", 2)]),
    ],
)  # fmt: skip
def test_files_and_short_names(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("app/engine.py", text) == expected


def test_other_libraries_encodings_and_run_names_are_no_models() -> None:
    text = (
        "import tiktoken\nfrom transformers import GPT2LMHeadModel\n"
        'enc = tiktoken.get_encoding("gpt2")\nwandb_run_name = "gpt2"\n'
        'model = GPT2LMHeadModel.from_pretrained("gpt2-xl")\n'
    )
    assert found("train.py", text) == [("gpt2-xl", 5)]


# Learnt from the fourth round after its one scoring (the round is spent now).
@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a training recipe's config name is no model
        ("README.md", "```bash\ntune run lora_finetune_single_device --config llama3_1/8B_lora_single_device\n"
         "tune download meta-llama/Llama-3.2-1B-Instruct --output-dir /tmp/x\n```\n",
         [("meta-llama/Llama-3.2-1B-Instruct", 3)]),
        ("docs/list.rst", "Recipes::\n\n    llama2/13B_full\n    qwen2/1.5B_to_0.5B_KD_lora_distributed\n    acme/llama-7b\n",
         [("acme/llama-7b", 5)]),
        # stand-ins and folders of models
        ("docs/client.md", '```python\nclient.generate("hi", adapter_id="some/adapter")\n```\n'
         "Use `huggingface://repository_id/model_file` here.\n", []),
        ("whisper/test.py", 'import mlx\nMLX_FP16_MODEL_PATH = "mlx_models/tiny_fp16"\n', []),
        # "the `org/x` model on the `org/y` dataset"
        ("docs/quick.mdx", "Fine-tune llama.\n\nWe finetune the `meta-llama/Llama-3.2-1B-Instruct` model on the "
         "`HuggingFaceH4/no_robots` dataset.\n", [("meta-llama/Llama-3.2-1B-Instruct", 3)]),
        # Hydra's ++key=value, also inside a string that builds a command
        ("tests/test_prep.py", 'import x\ncmd = (f"ns run "\n    f"    ++tokenizer=Qwen/Qwen2.5-32B-Instruct "\n'
         '    f"    ++prompt_config=generic/math ")\n', [("Qwen/Qwen2.5-32B-Instruct", 3)]),
        # a tool's positional argument after a "> " prompt, quoted, or ending in "/"
        ("docs/t.md", '```bash\n> litgpt download acme/Hermes-2-Pro-Mistral-7B \\\n  --access_token x\n'
         'litgpt evaluate microsoft/phi-2/ \\\n  --batch_size 4\nlitgpt finetune_lora "tiiuae/falcon-7b" \\\n  --data x\n```\n',
         [("acme/Hermes-2-Pro-Mistral-7B", 2), ("microsoft/phi-2", 4), ("tiiuae/falcon-7b", 6)]),
    ],
)  # fmt: skip
def test_round4_lessons(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text) == expected


def test_named_dataset_after_inline_code() -> None:
    text = (
        "Fine-tune llama.\n\nWe finetune the `acme/llm-7b` model on the `acme/chat-data` dataset.\n"
    )
    assert found("docs/quick.mdx", text, "dataset") == [("acme/chat-data", 3)]


def test_autotrain_data_path_is_a_dataset() -> None:
    text = "task: llm-sft\nbase_model: openai-community/gpt2\ndata:\n  path: acme/guanaco-chat\n  train_split: train\n"
    assert found("configs/sft.yml", text, "dataset") == [("acme/guanaco-chat", 4)]
    assert found("configs/sft.yml", text) == [("openai-community/gpt2", 2)]


def test_environment_entries_name_provider_models() -> None:
    text = (
        "```bash\nFAST_LLM=netmind:deepseek-ai/DeepSeek-V3-0324\nEMBEDDING=nomic:nomic-embed-text-v1.5\n"
        "export SMART_LLM=dashscope:qwen3-32b\nFAST_LLM=ollama:llama3\n```\n"
    )
    assert found("docs/llms.md", text, "api-model") == [
        ("deepseek-ai/DeepSeek-V3-0324", 2),
        ("nomic-embed-text-v1.5", 3),
        ("qwen3-32b", 4),
    ]
    assert found("docs/llms.md", text) == []


def test_deployment_names_need_azure() -> None:
    # DeepSpeed-MII's deployment_name names its own deployment, not an Azure one
    text = 'import mii\nclient = mii.serve("acme/llm-7b", deployment_name="bloom-deployment")\n'
    assert found("serve.py", text, "api-model") == []


def test_openai_compatible_clients_on_hosted_providers_route_their_model() -> None:
    text = (
        "from langchain_openai import ChatOpenAI\n"
        'a = ChatOpenAI(base_url="https://api-inference.modelscope.cn/v1/", model="Qwen/Qwen2.5-VL-72B-Instruct")\n'
        'b = ChatOpenAI(model="deepseek/deepseek-r1", base_url="https://api.novita.ai/v3/openai")\n'
        'c = ChatOpenAI(base_url="http://localhost:8000/v1", model="Qwen/Qwen2.5-7B-Instruct")\n'
    )
    refs = refs_in("app/models.py", text)
    api = [(r.model_id, r.location.line, sorted(r.flags)) for r in refs if r.asset == "api-model"]
    assert api == [
        ("Qwen/Qwen2.5-VL-72B-Instruct", 2, ["provider:modelscope", "route:modelscope"]),
        ("deepseek/deepseek-r1", 3, ["provider:novita", "route:novita"]),
    ]
    # a local server's model stays the Hub model it serves
    assert found("app/models.py", text) == [("Qwen/Qwen2.5-7B-Instruct", 4)]


# From the review of the round-4 rules.
def test_launcher_options_do_not_backtrack() -> None:
    import subprocess
    import sys

    # 40 options: the exponential form of the pattern would run for days on this line,
    # the linear one takes milliseconds; a child process turns a hang into a failure
    probe = (
        "from modeldeps.extract.text import _SCRIPT_POSITIONAL_RE as r\n"
        "line = 'python -m vllm.entrypoints.openai.api_server ' + "
        "' '.join(f'--opt-{i} {i}' for i in range(40))\n"
        "assert r.search(line) is None\n"
        "assert r.search('torchrun --nproc_per_node 2 -u dl.py acme/x-7b').group(1) == 'acme/x-7b'\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], timeout=120, check=False)
    assert done.returncode == 0


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # name=repo pairs stop at the end of their command
        ("run.sh", "vllm serve org/base-7b --enable-lora --lora-modules sql=acme/a-7b && python eval.py out=acme/results-7b\n",
         [("org/base-7b", 1), ("acme/a-7b", 1)]),
        ("run.sh", "vllm serve org/base-7b --enable-lora --lora-modules sql=acme/a-7b; echo tag=foo/bar-7b\n",
         [("org/base-7b", 1), ("acme/a-7b", 1)]),
        # +group=choice picks a Hydra config group, no Hub id
        ("run.sh", "python train.py +model=llama/llama-7b +dataset=tatsu-lab/alpaca\n", []),
        # a Repository column lists GitHub projects; alternatives in a Model column are none
        ("docs/links.md", "| Repository | Stars |\n|---|---|\n| `vllm-project/vllm` | 20k |\n", []),
        ("docs/sizes.md", "Models.\n\n| Model | Params |\n|---|---|\n| GPT-J/GPT-NeoX | 6B |\n| T5/mT5 | 11B |\n", []),
        # a repository's folder in inline code is a script, not a model
        ("docs/eval.md", "The fine-tuned checkpoints are evaluated with `tools/convert-7b`.\n", []),
        # env.yaml.example is YAML, not an environment file
        ("env.yaml.example", "model_name_or_path: acme/x-7b\n", [("acme/x-7b", 1)]),
        # a loading call's folder-like namespace is still its model
        ("load.py", 'from transformers import AutoModel\nm = AutoModel.from_pretrained("stable_models/sd-7b")\n',
         [("stable_models/sd-7b", 2)]),
    ],
)  # fmt: skip
def test_review_cases(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text) == expected


def test_provider_tables_need_a_known_provider_or_names_of_their_grammar() -> None:
    text = "| Services | Models |\n|---|---|\n| Internal | my-ranker-v2, prod-cls-3 |\n| **OpenAI** | gpt-4o-mini |\n"
    assert found("docs/models.md", text, "api-model") == [("gpt-4o-mini", 4)]


def test_markdown_cell_columns_are_the_notebooks() -> None:
    import json

    cell = {
        "cell_type": "markdown",
        "metadata": {},
        "source": ["We fine-tune the **TheBloke/Llama-2-7B-GGUF** model here.\n"],
    }
    text = json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    refs = [r for r in refs_in("nb/x.ipynb", text) if r.asset == "model"]
    assert [(r.model_id, r.location.line) for r in refs] == [("TheBloke/Llama-2-7B-GGUF", 1)]
    assert text[refs[0].location.column - 1 :].startswith("TheBloke/Llama-2-7B-GGUF")
