"""Rules learnt from the spent fourth round and from unlabelled sweeps of public code
(written by hand, not copied): shell parameter defaults, build platforms, paths that go
on past an id, providers' own client classes, local servers' ``provider:`` prefixes,
usage text in any string, and litgpt-style ``*_dir`` flags that take a Hub id."""

from __future__ import annotations

import pytest

from modeldeps.extract import prefilter
from tests.helpers import refs_in


def found(name: str, text: str, asset: str = "model") -> list[tuple[str, int]]:
    return [(r.model_id, r.location.line) for r in refs_in(name, text) if r.asset == asset]


def flags(name: str, text: str, asset: str = "api-model") -> list[tuple[str, tuple[str, ...]]]:
    return [(r.model_id, tuple(r.flags)) for r in refs_in(name, text) if r.asset == asset]


# --- ${NAME:-default}: the default is the model --------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("run.sh", "MODEL=${MODEL:-Qwen/Qwen2.5-7B-Instruct}\n", [("Qwen/Qwen2.5-7B-Instruct", 1)]),
        (
            "run.sh",
            'python serve.py --model "${MODEL_NAME:-mistralai/Mistral-7B-v0.1}"\n',
            [("mistralai/Mistral-7B-v0.1", 1)],
        ),
        # a positional parameter's default, after a command that takes a model
        ("run.sh", "vllm serve ${1:-meta-llama/Llama-3.1-8B}\n", [("meta-llama/Llama-3.1-8B", 1)]),
        (
            "docker-compose.yml",
            "services:\n  vllm:\n    command: --model ${MODEL:-Qwen/Qwen2.5-7B-Instruct}\n"
            "    environment:\n      MODEL_ID: ${MODEL_ID:-meta-llama/Llama-3.1-8B-Instruct}\n",
            [("Qwen/Qwen2.5-7B-Instruct", 3), ("meta-llama/Llama-3.1-8B-Instruct", 5)],
        ),
        # a default that is no model stays unreported
        ("run.sh", "OUT=${OUT:-outputs/run-7b}\nPORT=${PORT:-8000}\n", []),
    ],
)
def test_shell_parameter_defaults_name_models(
    name: str, text: str, expected: list[tuple[str, int]]
) -> None:
    assert found(name, text) == expected


def test_a_default_is_where_the_file_says_it_is() -> None:
    (ref,) = refs_in(
        "run.sh", 'python serve.py --model "${MODEL_NAME:-mistralai/Mistral-7B-v0.1}"\n'
    )
    assert ref.location.column == len('python serve.py --model "${MODEL_NAME:-') + 1


def test_prefilter_passes_a_file_whose_only_id_is_a_default() -> None:
    assert prefilter.has_id_token(b"model=${model:-qwen/qwen2.5-7b}\n")
    assert not prefilter.has_id_token(b"x=${a:-b/c}\n")  # one-letter parts: no id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "services:\n  app:\n    environment:\n      LLM_MODEL: ${LLM_MODEL:-gpt-4o-mini}\n",
            [("gpt-4o-mini", ())],
        ),
        # the route inside the default, not the variable, is the router
        (
            "services:\n  app:\n    environment:\n      FAST_LLM: ${FAST_LLM:-openai:gpt-4o-mini}\n",
            [("gpt-4o-mini", ("route:openai", "provider:openai"))],
        ),
    ],
)
def test_api_model_defaults(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    got = [(m, tuple(sorted(f))) for m, f in flags("docker-compose.yml", text)]
    assert got == [(m, tuple(sorted(f))) for m, f in expected]


# --- near-misses: build platforms, paths that go on past an id ------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deploy.py", 'PLATFORM = "linux/amd64"\nplatforms = ["linux/arm64", "linux/arm/v7"]\n'),
        (
            ".github/workflows/build.yml",
            "jobs:\n  b:\n    steps:\n      - uses: docker/build-push-action@v5\n"
            "        with:\n          platforms: linux/amd64,linux/arm64\n",
        ),
        ("Dockerfile", "FROM --platform=linux/amd64 python:3.11\n"),
    ],
)
def test_build_platforms_are_not_models(name: str, text: str) -> None:
    assert found(name, text) == []


def test_a_platform_shaped_model_is_still_one() -> None:
    # the rule is the os/arch pair, not the words: a repo that merely starts so stays
    assert found("a.py", 'AutoModel.from_pretrained("linux/amd64-bert-7b")\n') == [
        ("linux/amd64-bert-7b", 1)
    ]


def test_a_commented_path_is_not_cut_into_an_id() -> None:
    text = '# llm = ChatFireworks(model="accounts/fireworks/models/firefunction-v1")\n'
    assert found("graph.py", text) == []
    assert [m for m, _f in flags("graph.py", text)] == ["accounts/fireworks/models/firefunction-v1"]


# --- API names ------------------------------------------------------------------------


def test_openai_snapshot_dates_without_dashes() -> None:
    assert [m for m, _f in flags("judge.py", 'JUDGE = {"model": "o3-mini-20250131"}\n')] == [
        "o3-mini-20250131"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('llm = ChatCerebras(model="llama3.3-70b")\n', [("llama3.3-70b", ("provider:cerebras",))]),
        (
            "llm = ChatBrowserUse(model='bu-2-0-mini-preview')\n",
            [("bu-2-0-mini-preview", ("provider:browser-use",))],
        ),
        (
            'llm = ChatMistralAI(\n    model="voxtral-mini-2507",\n    temperature=0,\n)\n',
            [("voxtral-mini-2507", ("provider:mistral",))],
        ),
        # any call that names its provider: the first argument is that provider's model
        (
            'llm = llm_factory("mixtral-8x7b", provider="groq", client=client)\n',
            [("mixtral-8x7b", ("provider:groq",))],
        ),
    ],
)
def test_providers_own_client_classes(
    text: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert flags("app.py", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # an OpenAI-compatible client is as often a local server: its tags are no API model
        'llm = ChatOpenAI(model="qwen2.5", base_url="http://localhost:11434/v1")\n',
        'llm = ChatOllama(model="llama3.2")\n',
        # a local provider named, or a variable rather than a name
        'llm = make_llm("llama3.2", provider="ollama")\n',
        "llm = ChatCerebras(model=MODEL)\n",
        # a file path is no model name, whoever serves it
        'x = f(model="./weights/model.bin", provider="groq")\n',
    ],
)
def test_client_rule_leaves_local_servers_and_variables(text: str) -> None:
    assert flags("app.py", text) == []


def test_provider_argument_alone_passes_the_prefilter() -> None:
    assert prefilter.probe_all(b'x = llm_factory("mixtral-8x7b", provider="groq")\n')[2]


# --- local servers' provider: prefix, usage strings, *_dir flags ----------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (".env", "FAST_LLM=vllm_openai:Qwen/Qwen3-8B-AWQ\n", [("Qwen/Qwen3-8B-AWQ", 1)]),
        (
            "docs/llms.md",
            '```bash\nSMART_LLM="vllm:Qwen/Qwen3-8B-AWQ"\n```\n',
            [("Qwen/Qwen3-8B-AWQ", 2)],
        ),
    ],
)
def test_local_server_prefix_keeps_the_hub_model(
    name: str, text: str, expected: list[tuple[str, int]]
) -> None:
    assert found(name, text) == expected
    assert flags(name, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "print(\"Error: specify a model (e.g. 'python download-model.py facebook/opt-1.3b').\")\n",
            [("facebook/opt-1.3b", 1)],
        ),
        (
            'raise SystemExit("usage: litgpt download NousResearch/Hermes-2-Pro-Llama-3-8B")\n',
            [("NousResearch/Hermes-2-Pro-Llama-3-8B", 1)],
        ),
        # a string that runs nothing is no usage text
        ('msg = "see qwen/qwen-7b"\nlog("python is slow on org/name-7b")\n', []),
    ],
)
def test_usage_text_in_any_string(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("download.py", text) == expected


def test_model_dir_flags_take_a_known_publishers_id() -> None:
    text = (
        '```bash\nlitgpt finetune --checkpoint_dir "tiiuae/falcon-7b" '
        "--tokenizer_dir EleutherAI/pythia-160m \\\n  --out_dir out/custom-7b "
        "--model_dir my/model-7b --checkpoint_dir checkpoints/meta-llama/x\n```\n"
    )
    assert found("README.md", text) == [("tiiuae/falcon-7b", 2), ("EleutherAI/pythia-160m", 2)]


# --- the Vercel AI SDK, provider model-id types, files named after a router -----------

_SDK = "import { togetherai } from '@ai-sdk/togetherai';\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _SDK + "const a = togetherai('google/gemma-2-9b-it');\n",
            [("google/gemma-2-9b-it", ("provider:together",))],
        ),
        (
            _SDK + "const b = togetherai.image('black-forest-labs/FLUX.1-dev');\n",
            [("black-forest-labs/FLUX.1-dev", ("provider:together",))],
        ),
        (
            _SDK + "const c = deepSeek.chat('deepseek-chat');\n",
            [("deepseek-chat", ("provider:deepseek",))],
        ),
        (
            _SDK + "const d = huggingFace.responses('deepseek-ai/DeepSeek-V3-0324');\n",
            [("deepseek-ai/DeepSeek-V3-0324", ("provider:huggingface",))],
        ),
    ],
)
def test_ai_sdk_provider_calls(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    assert flags("src/app.ts", text) == expected
    assert found("src/app.ts", text) == []  # the served Hub model is the route's, not a download


def test_ai_sdk_calls_need_the_sdk() -> None:
    # without the SDK's import, google("...") is any function of that name
    assert flags("src/app.ts", "const r = google('my-query-term-7b');\n") == []


def test_a_method_named_like_a_bedrock_id_is_no_model() -> None:
    assert [
        m for m, _f in flags("src/app.ts", "const model = deepSeek.chat('deepseek-chat');\n")
    ] == ["deepseek-chat"]


def test_a_providers_model_id_union_type() -> None:
    text = (
        "export type MistralChatModelId =\n  // https://docs.mistral.ai/models\n"
        "  | 'ministral-14b-latest'\n  | 'mistral-large-latest'\n  | (string & {});\n"
        "export type HuggingFaceResponsesModelId =\n  | 'meta-llama/Llama-3.1-8B-Instruct'\n"
        "  | (string & {});\nexport type Color = | 'red' | 'blue';\n"
    )
    assert flags("packages/x/src/settings.ts", text) == [
        ("ministral-14b-latest", ("provider:mistral",)),
        ("mistral-large-latest", ("provider:mistral",)),
        ("meta-llama/Llama-3.1-8B-Instruct", ("provider:huggingface",)),
    ]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # a test module named after a router: its Hub-shaped literals are routes, whole
        (
            "e2e/togetherai.test.ts",
            "import { z } from 'zod/v4';\ncreateChatModel('moonshotai/Kimi-K2-Instruct');\n"
            "createChatModel('google/gemma-2b-it');\n",
            [("moonshotai/Kimi-K2-Instruct", 2), ("google/gemma-2b-it", 3)],
        ),
        # a documentation page named after one: its code spans too
        (
            "docs/providers/24-togetherai.mdx",
            "| Model |\n| --- |\n| `zai-org/GLM-5` |\n",
            [("zai-org/GLM-5", 3)],
        ),
        # a word that merely contains a router's name is no router
        ("src/togetherness.py", 'x = "Qwen/Qwen2.5-7B-Instruct"\n', []),
    ],
)
def test_files_named_after_a_router(name: str, text: str, expected: list[tuple[str, int]]) -> None:
    assert found(name, text, "api-model") == expected


# --- notebooks' continued shell escapes, Hub service calls, data loaders, API URLs -------


def _notebook(*cells: list[str]) -> str:
    import json

    return json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "outputs": [],
                    "execution_count": None,
                    "source": c,
                }
                for c in cells
            ],
            "metadata": {},
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )


def test_a_notebook_shell_escape_continued_over_lines() -> None:
    text = _notebook(
        [
            "!RUST_BACKTRACE=1 \\\n",
            "text-generation-launcher \\\n",
            "--model-id astronomer/Llama-3-8B-Instruct-GPTQ-8-Bit \\\n",
            "--port 1337",
        ],
        [
            "if True:\n",
            "    !text-generation-benchmark \\\n",
            "    --tokenizer-name org/tok-7b\n",
            "    x = 1\n",
        ],
    )
    lines = text.split("\n")
    got = found("nb/bench.ipynb", text)
    assert got == [
        (
            "astronomer/Llama-3-8B-Instruct-GPTQ-8-Bit",
            next(i + 1 for i, ln in enumerate(lines) if "--model-id" in ln),
        ),
        ("org/tok-7b", next(i + 1 for i, ln in enumerate(lines) if "--tokenizer-name" in ln)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'engine = HfEngine("meta-llama/Meta-Llama-3.1-70B-Instruct")\n',
            [("meta-llama/Meta-Llama-3.1-70B-Instruct", 1)],
        ),
        (
            "ep = create_inference_endpoint('x', repository=\"NousResearch/Nous-Hermes-2-Mixtral-8x7B-DPO\")\n",
            [("NousResearch/Nous-Hermes-2-Mixtral-8x7B-DPO", 1)],
        ),
        # a repository= anywhere else is no model (a GitHub repository, say)
        ('clone(repository="acme/tools-7b")\n', []),
        (
            'r = requests.get("https://huggingface.co/api/models/Qwen/Qwen2.5-7B-Instruct")\n',
            [("Qwen/Qwen2.5-7B-Instruct", 1)],
        ),
    ],
)
def test_hub_service_calls_and_api_urls(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("app.py", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'step = LoadDataFromHub(repo_id="argilla/10Kprompts-mini")\n',
            [("argilla/10Kprompts-mini", 1)],
        ),
        (
            "url = 'https://huggingface.co/api/datasets/acme/news-embeddings/parquet/default/train/0000.parquet'\n",
            [("acme/news-embeddings", 1)],
        ),
    ],
)
def test_data_loaders_and_dataset_api_urls(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("pipe.py", text, "dataset") == expected
    assert found("pipe.py", text) == []


@pytest.mark.parametrize(
    ("text", "asset", "expected"),
    [
        (
            'if dataset_name == "SWE-bench/SWE-bench_Multimodal" and split == "test":\n    pass\n',
            "dataset",
            [("SWE-bench/SWE-bench_Multimodal", 1)],
        ),
        (
            'if model_name in ("meta-llama/Llama-3.1-8B", "Qwen/Qwen2.5-7B"):\n    pass\n',
            "model",
            [("meta-llama/Llama-3.1-8B", 1), ("Qwen/Qwen2.5-7B", 1)],
        ),
        (
            'if "mistralai/Mistral-7B-v0.1" != args.model_id:\n    pass\n',
            "model",
            [("mistralai/Mistral-7B-v0.1", 1)],
        ),
        # an ordering compares no names
        ('if model_name < "m/zz-7b-zz":\n    pass\n', "model", []),
    ],
)
def test_a_name_compared_with_literals(
    text: str, asset: str, expected: list[tuple[str, int]]
) -> None:
    assert found("run.py", text, asset) == expected


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        # llama.cpp's -hf takes a repo, and a quantisation after it is no part of the id
        (
            "run.sh",
            "llama-server -hf ggml-org/gemma-4-12B-it-GGUF:Q4_0 --port 8080\n",
            [("ggml-org/gemma-4-12B-it-GGUF", 1)],
        ),
        (
            "docker-compose.yml",
            "services:\n  llama:\n    command:\n      - -hf\n      - ggml-org/gemma-4-E4B-it-GGUF\n"
            '      - --port\n      - "8080"\n',
            [("ggml-org/gemma-4-E4B-it-GGUF", 5)],
        ),
        # a tag that is no quantisation stays part of what is written (and no id)
        ("run.sh", "llama-server -hf ggml-org/gemma-4-12B-it-GGUF:latest\n", []),
        # a Rust block in documentation reads as Rust source does
        (
            "docs/quickstart.mdx",
            '```rust\nlet model = TextModelBuilder::new("Qwen/Qwen3-4B")\n```\n',
            [("Qwen/Qwen3-4B", 2)],
        ),
    ],
)
def test_llama_cpp_repos_and_c_family_blocks(
    name: str, text: str, expected: list[tuple[str, int]]
) -> None:
    assert found(name, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'python main.py --model_name "Qwen/Qwen3.5-9B:together"\n',
            [("Qwen/Qwen3.5-9B", ("provider:together", "route:huggingface"))],
        ),
        (
            'r = client.chat.completions.create(model="deepseek-ai/DeepSeek-R1:novita")\n',
            [("deepseek-ai/DeepSeek-R1", ("provider:novita", "route:huggingface"))],
        ),
        (
            'm = "openai/gpt-oss-20b:fastest"\n',
            [("openai/gpt-oss-20b", ("provider:huggingface", "route:huggingface"))],
        ),
        # a time, or a suffix that is no provider, is none
        ('t = "12:30:groq"\nu = "org/x-7b:beta-channel"\n', []),
    ],
)
def test_hugging_face_router_provider_suffix(
    text: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    got = [(m, tuple(sorted(f))) for m, f in flags("run.py", text)]
    assert got == expected
    assert found("run.py", text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0:200k"\n',
            ["anthropic.claude-3-haiku-20240307-v1:0:200k"],
        ),
        ('r = client.chat.completions.create(model="glm-4-plus")\n', ["glm-4-plus"]),
        ('m = {"model_name": "gpt-audio-1.5"}\n', ["gpt-audio-1.5"]),
        ('q = {"model": "mistral-large-2411"}\n', ["mistral-large-2411"]),
        # a size says open weights under a local preset's name, not Mistral's API
        ('p = {"model": "mistral-large-3-675b-instruct"}\n', []),
    ],
)
def test_more_provider_names(text: str, expected: list[str]) -> None:
    assert [m for m, _f in flags("a.py", text)] == expected


def test_a_dataset_flag_takes_the_ids_that_follow() -> None:
    text = (
        "deepspeed main.py \\\n   --data_path Dahoas/rm-static Dahoas/full-hh-rlhf \\\n"
        "   --data_split 2,4,4 --model_name_or_path meta-llama/Llama-2-7b-hf\n"
        "python x.py --dataset_name org/a-data 10 org/b-data\n"
    )
    assert found("run.sh", text, "dataset") == [
        ("Dahoas/rm-static", 2),
        ("Dahoas/full-hh-rlhf", 2),
        ("org/a-data", 4),  # a number ends the list (the next id is some other argument's)
    ]
    assert found("run.sh", text) == [("meta-llama/Llama-2-7b-hf", 3)]


def test_a_link_to_a_hub_search_names_a_family() -> None:
    text = (
        "| Model family | size range |\n| --- | --- |\n"
        "| [gpt2](https://huggingface.co/models?other=gpt2) | 0.3B - 1.5B |\n"
        "| [gpt2](https://huggingface.co/gpt2) | 0.3B - 1.5B |\n"
    )
    assert found("README.md", text) == [("gpt2", 4)]


@pytest.mark.parametrize("value", ["custom/mlx-model", "mock/tiny-llama-7b"])
def test_stand_in_namespaces_of_tests(value: str) -> None:
    assert (
        found("tests/test_cli.py", f'args = parse_arguments(["--model_name", "{value}"])\n') == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the Hugging Face organisation's own repositories are Hub models...
        (
            'r = evaluator.compute(model_or_pipeline="huggingface/prunebert-base-uncased-6-finepruned-w-distil-mnli")\n',
            [("huggingface/prunebert-base-uncased-6-finepruned-w-distil-mnli", 1)],
        ),
        (
            'm = AutoModel.from_pretrained("huggingface/CodeBERTa-small-v1")\n',
            [("huggingface/CodeBERTa-small-v1", 1)],
        ),
        # ...other publishers' families under its name are HELM's and routers' names
        ('deployment = {"model_deployment": "huggingface/gpt-j-6b"}\n', []),
        ('deployment = {"model_name": "huggingface/pythia-70m"}\n', []),
    ],
)
def test_the_huggingface_namespace(text: str, expected: list[tuple[str, int]]) -> None:
    assert found("run.py", text) == expected


def test_html_code_in_a_table_and_short_code_spans() -> None:
    text = (
        "| Arch | Family | Models |\n| --- | --- | --- |\n"
        "| `GptOssForCausalLM` | GPT-OSS | <details><summary><code>openai/gpt-oss-20b</code> (20b)"
        "</summary><code>mistralrs run -m google/gemma-3-12b-it</code></details> |\n"
        "| `G` | x | `Qwen/Qwen3-4B` (4b) |\n"
    )
    assert found("docs/supported-models.md", text) == [
        ("openai/gpt-oss-20b", 3),
        ("google/gemma-3-12b-it", 3),
        ("Qwen/Qwen3-4B", 4),
    ]
    assert found("docs/supported-models.md", text, "api-model") == []


def test_prefilter_passes_an_id_inside_html_code() -> None:
    assert prefilter.has_id_token(b"<code>qwen/qwen3-4b</code>")


def test_a_provider_table_whose_provider_is_a_link() -> None:
    text = (
        "Use `gpt-4o` or these:\n\n| Provider | Model | Image |\n| --- | --- | --- |\n"
        "| [Cerebras](/providers/ai-sdk-providers/cerebras) | `zai-glm-4.7` | <Cross /> |\n"
    )
    assert flags("docs/providers.mdx", text) == [
        ("gpt-4o", ()),
        ("zai-glm-4.7", ("provider:cerebras",)),
    ]


def test_verl_style_data_source_comparisons() -> None:
    text = (
        "def select(data_source):\n    if data_source == 'openai/gsm8k':\n        return 1\n"
        "    elif data_source == 'lighteval/MATH':\n        return 2\n"
    )
    assert found("verl/reward.py", text, "dataset") == [("openai/gsm8k", 2), ("lighteval/MATH", 4)]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "tests/test_t.py",
            'gpt2 = get_model("transformers:gpt2")\nm = get_model("transformers:Qwen/Qwen2.5-0.5B")\n',
            [("gpt2", 1), ("Qwen/Qwen2.5-0.5B", 2)],
        ),
        (
            "docs/x.md",
            "```bash\npython serve.py retriever_path=intfloat/e5-base-v2 index_path=./index\n```\n",
            [("intfloat/e5-base-v2", 2)],
        ),
        ("cfg.yaml", "retriever_model: ./local/retriever-7b\n", []),
    ],
)
def test_transformers_prefix_and_retrievers(
    name: str, text: str, expected: list[tuple[str, int]]
) -> None:
    assert found(name, text) == expected


def test_a_data_loaders_first_argument_is_a_dataset() -> None:
    text = (
        'data = self.evaluator.load_data("evaluate/squad-ci")\nds = get_dataset("org/x-data")\n'
        'm = load_model("Qwen/Qwen2.5-7B")\n'
    )
    assert found("tests/test_e.py", text, "dataset") == [
        ("evaluate/squad-ci", 1),
        ("org/x-data", 2),
    ]
    assert found("tests/test_e.py", text) == [("Qwen/Qwen2.5-7B", 3)]


def test_checkpoint_paths_that_read_like_models() -> None:
    text = (
        "routers:\n  sw_ranking:\n    checkpoint_path: routellm/causal_llm_gpt4_augmented\n"
        "out:\n  checkpoint_path: outputs/run1\n  ckpt_path: exp/step-1000\n  checkpoint_name: team/run\n"
    )
    assert found("config.yaml", text) == [("routellm/causal_llm_gpt4_augmented", 3)]


# --- learnt from the fifth round, after it was scored and spent ------------------------


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "examples/run.sh",
            "python3 -m verl.trainer.main \\\n    data.train_files=hiyouga/geometry3k@train \\\n"
            "    data.val_files=hiyouga/geometry3k@test\n",
            [("hiyouga/geometry3k", 2), ("hiyouga/geometry3k", 3)],
        ),
        (
            "examples/config.yaml",
            "data:\n  train_files: hiyouga/math12k@train\n  data_path: ./local/data\n",
            [("hiyouga/math12k", 2)],
        ),
        # LLaMA-Factory's dataset registry: bare legacy datasets too, never a plain word
        (
            "data/dataset_info.json",
            '{\n  "alpaca_en": {"hf_hub_url": "llamafactory/alpaca_en"},\n  "wiki": {"hf_hub_url": "wiki_qa"},\n'
            '  "x": {"hf_hub_url": "notadataset"}\n}\n',
            [("llamafactory/alpaca_en", 2), ("wiki_qa", 3)],
        ),
        (
            "data/hh.py",
            'import os\n_HF_ENDPOINT = os.getenv("HF_ENDPOINT", "https://huggingface.co")\n'
            '_URL = f"{_HF_ENDPOINT}/datasets/Anthropic/hh-rlhf/resolve/main/"\nx = f"{api_endpoint}/v1/chat"\n',
            [("Anthropic/hh-rlhf", 3)],
        ),
    ],
)
def test_training_data_keys_and_endpoint_urls(
    name: str, text: str, expected: list[tuple[str, int]]
) -> None:
    assert found(name, text, "dataset") == expected
    assert found(name, text) == []


def test_a_split_after_a_dataset_is_no_revision() -> None:
    (ref,) = refs_in("run.sh", "python x.py data.train_files=hiyouga/geometry3k@train\n")
    assert (ref.model_id, ref.revision) == ("hiyouga/geometry3k", None)


def test_an_endpoint_url_of_a_model() -> None:
    text = (
        'm = f"{HF_ENDPOINT}/Qwen/Qwen2.5-7B/resolve/main/config.json"  # huggingface.co mirror\n'
    )
    assert found("dl.py", text) == [("Qwen/Qwen2.5-7B", 1)]


def test_a_models_settings_file_keyed_by_ids() -> None:
    text = (
        'Qwen/Qwen2-7B-Instruct:\n  system_prompt: "You are helpful"\n'
        "NovaSky-AI/Sky-T1-32B-Preview:\n  system_prompt: x\nsome/path:\n  a: 1\n"
    )
    assert found("evals/models/model_configs.yaml", text) == [
        ("Qwen/Qwen2-7B-Instruct", 1),
        ("NovaSky-AI/Sky-T1-32B-Preview", 3),
    ]
    # the same keys in a file that is not about models are no evidence by themselves
    assert found("conf/settings.yaml", text) == []


@pytest.mark.parametrize(
    "text",
    [
        "vn = MyVanna(config={'api_key': 'sk-...', 'model': 'gpt-4-...'})\n",
        'cfg = {"model_alias": "gpt-3.5-turbo", "served_model_name": "gpt-4"}\n',
    ],
)
def test_elisions_and_local_aliases_are_no_api_models(text: str) -> None:
    assert flags("a.py", text) == []


def test_an_api_model_beside_an_alias_is_still_one() -> None:
    text = 'cfg = {"model_alias": "local", "model": "gpt-4o-mini"}\n'
    assert [m for m, _f in flags("a.py", text)] == ["gpt-4o-mini"]


def test_deepseeks_coder_api_name_and_its_open_weights() -> None:
    text = (
        'parser.add_argument("--model", choices=["deepseek-chat", "deepseek-coder"])\n'
        'm = AutoModel.from_pretrained("deepseek-ai/deepseek-coder-6.7b-instruct")\nx = "deepseek-coder-6.7b"\n'
    )
    assert [m for m, _f in flags("run.py", text)] == ["deepseek-chat", "deepseek-coder"]
    assert found("run.py", text) == [("deepseek-ai/deepseek-coder-6.7b-instruct", 2)]


def test_comments_in_a_documentation_block() -> None:
    text = (
        '```bash\nMODEL="MiniCPM-o-2_6" # or "openbmb/MiniCPM-V-2_6", "openbmb/MiniCPM-V-2"\n```\n'
    )
    refs = [r for r in refs_in("finetune/readme.md", text) if r.asset == "model"]
    assert [(r.model_id, r.location.line, r.scope.value) for r in refs] == [
        ("openbmb/MiniCPM-V-2_6", 2, "comment"),
        ("openbmb/MiniCPM-V-2", 2, "comment"),
    ]


def test_example_is_a_stand_in_namespace() -> None:
    text = '```json\n{"repo_id": "example/qwen-lora-gguf", "model": "Qwen/Qwen2.5-7B-GGUF"}\n```\n'
    assert found("examples/server/README.md", text) == [("Qwen/Qwen2.5-7B-GGUF", 2)]
