"""Hosted API models: detection (every SDK and framework form), the knowledge base, the policy."""

from __future__ import annotations

import datetime as dt

import pytest

from modeldeps.knowledge.providers import load_providers, problems
from modeldeps.model import Asset, Location, Reference, ReferenceKind, Severity
from tests.helpers import refs_in


def api(name: str, content: str) -> list[tuple[str, frozenset[str]]]:
    return [(r.model_id, r.flags) for r in refs_in(name, content) if r.asset is Asset.API_MODEL]


def api_ids(name: str, content: str) -> list[str]:
    return [m for m, _ in api(name, content)]


def hub_ids(name: str, content: str) -> list[str]:
    return [r.model_id for r in refs_in(name, content) if r.asset is Asset.MODEL]


@pytest.mark.parametrize(
    ("name", "snippet", "expected"),
    [
        # OpenAI SDK: chat, responses, embeddings, images, audio, assistants
        (
            "a.py",
            'client.chat.completions.create(model="gpt-4o-2024-08-06")',
            ["gpt-4o-2024-08-06"],
        ),
        ("a.py", 'client.responses.create(model="o3-mini", input="x")', ["o3-mini"]),
        (
            "a.py",
            'client.embeddings.create(model="text-embedding-3-small")',
            ["text-embedding-3-small"],
        ),
        ("a.py", 'client.images.generate(model="dall-e-3")', ["dall-e-3"]),
        ("a.py", 'client.audio.transcriptions.create(model="whisper-1")', ["whisper-1"]),
        ("a.py", 'client.beta.assistants.create(model="gpt-4-turbo")', ["gpt-4-turbo"]),
        # Anthropic, Google, Cohere, Mistral, xAI, DeepSeek
        (
            "a.py",
            'anthropic.Anthropic().messages.create(model="claude-3-5-sonnet-latest")',
            ["claude-3-5-sonnet-latest"],
        ),
        (
            "a.py",
            'AnthropicVertex().messages.create(model="claude-3-5-sonnet@20240620")',
            ["claude-3-5-sonnet@20240620"],
        ),
        ("a.py", 'genai.GenerativeModel("gemini-1.5-pro-002")', ["gemini-1.5-pro-002"]),
        ("a.py", 'client.models.generate_content(model="gemini-2.0-flash")', ["gemini-2.0-flash"]),
        ("a.py", 'TextGenerationModel.from_pretrained("text-bison@001")', ["text-bison@001"]),
        ("a.py", 'co.chat(model="command-r-plus")', ["command-r-plus"]),
        ("a.py", 'Mistral().chat.complete(model="mistral-large-latest")', ["mistral-large-latest"]),
        ("a.py", 'xai.chat.create(model="grok-2")', ["grok-2"]),
        (
            "a.py",
            'OpenAI(base_url=u).chat.completions.create(model="deepseek-reasoner")',
            ["deepseek-reasoner"],
        ),
        # Bedrock
        (
            "a.py",
            'br.invoke_model(modelId="anthropic.claude-3-5-sonnet-20240620-v1:0")',
            ["anthropic.claude-3-5-sonnet-20240620-v1:0"],
        ),
        (
            "a.py",
            'br.converse(modelId="meta.llama3-70b-instruct-v1:0")',
            ["meta.llama3-70b-instruct-v1:0"],
        ),
        # frameworks
        (
            "a.py",
            'litellm.completion(model="anthropic/claude-3-opus-20240229")',
            ["claude-3-opus-20240229"],
        ),
        ("a.py", 'ChatAnthropic(model="claude-3-haiku-20240307")', ["claude-3-haiku-20240307"]),
        ("a.py", 'init_chat_model("openai:gpt-4o")', ["gpt-4o"]),
        ("a.py", 'dspy.LM("openai/gpt-4o-mini")', ["gpt-4o-mini"]),
        ("a.py", 'Agent("anthropic:claude-sonnet-4-5")', ["claude-sonnet-4-5"]),
        ("a.py", 'ChatBedrock(model_id="bedrock/anthropic.claude-v2")', ["anthropic.claude-v2"]),
        ("a.ts", "const r = await generateText({ model: openai('gpt-4o'), prompt })", ["gpt-4o"]),
        (
            "a.ts",
            'await anthropic.messages.create({ model: "claude-3-opus-20240229" })',
            ["claude-3-opus-20240229"],
        ),
        # configs and environment
        (".env", "OPENAI_MODEL=gpt-4o-mini\nLLM_MODEL=claude-2.1\n", ["gpt-4o-mini", "claude-2.1"]),
        (
            "app.yaml",
            "provider: anthropic\nmodel: claude-3-opus-20240229\n",
            ["claude-3-opus-20240229"],
        ),
        (
            "docker-compose.yml",
            "services:\n  app:\n    environment:\n      - LLM_MODEL=gpt-4o\n",
            ["gpt-4o"],
        ),
        (
            "README.md",
            'Use gpt-4o.\n\n```python\nChatOpenAI(model="gpt-4-turbo")\n```\n',
            ["gpt-4-turbo"],
        ),
        # forms learnt from real repositories (tuned split)
        ("a.py", 'logging.info("gpt-4o may update over time")', ["gpt-4o"]),
        ("a.py", 'if "/o3-mini" in model: pass', ["o3-mini"]),
        (
            "a.py",
            'M = "openrouter/qwen/qwen-2.5-72b-instruct:free"',
            ["qwen/qwen-2.5-72b-instruct"],
        ),
        ("a.py", 'KNOWN = ["bedrock:moonshot.kimi-k2-thinking"]', ["moonshot.kimi-k2-thinking"]),
        ("a.py", 'KNOWN = ["gateway/bedrock:zai.glm-4.7"]', ["zai.glm-4.7"]),
        ("a.py", 'CTX = {"amazon.nova-lite-v1:0:24k": 24000}', ["amazon.nova-lite-v1:0:24k"]),
        ("a.py", 'MODELS = """\ngpt-4\ngpt-4o\no1\n"""\n', ["gpt-4", "gpt-4o", "o1"]),
        (
            "a.py",
            'P = {"gpt-4o": 1, "gpt-4.1": 2, "o3-mini": 3, "o3": 4}',
            ["gpt-4o", "gpt-4.1", "o3-mini", "o3"],
        ),
        ("cfg.yaml", "gpt-4o-2024-05-13:\n  prompt_template: x\n", ["gpt-4o-2024-05-13"]),
        ("cfg.yaml", "a:\n  model_name: openai/davinci\n", ["davinci"]),
        # more SDKs and frameworks
        ("a.py", 'Groq().chat.completions.create(model="llama3-70b-8192")', ["llama3-70b-8192"]),
        (
            "a.py",
            'Fireworks().chat.completions.create(model="accounts/fireworks/models/llama-v3p1-70b-instruct")',
            ["accounts/fireworks/models/llama-v3p1-70b-instruct"],
        ),
        (
            "a.py",
            'from llama_index.llms.openai import OpenAI\nllm = OpenAI(model="gpt-4o-mini")',
            ["gpt-4o-mini"],
        ),
        ("a.py", 'ChatVertexAI(model_name="gemini-1.5-flash-002")', ["gemini-1.5-flash-002"]),
        ("a.py", 'ChatGoogleGenerativeAI(model="gemini-2.5-pro")', ["gemini-2.5-pro"]),
        (
            "a.py",
            'AnthropicBedrock().messages.create(model="anthropic.claude-3-haiku-20240307-v1:0")',
            ["anthropic.claude-3-haiku-20240307-v1:0"],
        ),
        (
            "a.py",
            'ChatBedrock(model_id="us.anthropic.claude-3-7-sonnet-20250219-v1:0")',
            ["us.anthropic.claude-3-7-sonnet-20250219-v1:0"],
        ),
        (
            "a.py",
            'vertexai.generative_models.GenerativeModel("gemini-1.0-pro-002")',
            ["gemini-1.0-pro-002"],
        ),
        ("a.ts", "const model = google('gemini-1.5-pro-latest');", ["gemini-1.5-pro-latest"]),
        (
            "a.ts",
            "await cohere.chat({ model: 'command-r-plus-08-2024', message })",
            ["command-r-plus-08-2024"],
        ),
        (
            "a.ts",
            "await mistral.chat.complete({ model: 'codestral-latest' })",
            ["codestral-latest"],
        ),
        ("a.py", 'co.embed(model="embed-english-v3.0", texts=t)', ["embed-english-v3.0"]),
        ("a.py", 'co.rerank(model="rerank-english-v3.0", query=q)', ["rerank-english-v3.0"]),
        ("prompt.prompty", "", []),
        ("job.yml", "env:\n  OPENAI_MODEL: gpt-4.1-mini\n", ["gpt-4.1-mini"]),
        ("a.py", 'GoogleGenerativeAIEmbeddings(model="models/embedding-001")', ["embedding-001"]),
        ("a.py", 'ChatPerplexity(model="sonar")', ["sonar"]),
        ("a.py", 'raise ValueError("Model gpt-4 is not supported")', ["gpt-4"]),
        # prose: a name specific enough to be one model, and a short one written as a value
        (
            "README.md",
            "We compare against gpt-4o and claude-3-opus-20240229.\n",
            ["claude-3-opus-20240229"],
        ),
        (
            "docs/aliases.md",
            "- `4o`: gpt-4o\n- `sonnet`: claude-sonnet-4-6\n",
            ["gpt-4o", "claude-sonnet-4-6"],
        ),
        ("a.py", "# Defaults to gpt-3.5-turbo.\nx = 1\n", ["gpt-3.5-turbo"]),  # comment scope
        (
            "x.json",
            '[{"model": "gpt-4", "api_key": "k"}, {"model": "gpt-4-32k"}]',
            ["gpt-4", "gpt-4-32k"],
        ),
    ],
)
def test_detects(name: str, snippet: str, expected: list[str]) -> None:
    assert api_ids(name, snippet) == expected


@pytest.mark.parametrize(
    ("name", "snippet"),
    [
        ("a.py", 'path = "/models/gpt-4o/config.json"'),
        ("a.py", 'if "gpt-4-" in model: pass'),  # a prefix test
        ("a.py", "# Test gpt-4 case\nx = 1\n"),  # a mention in a comment, no evidence
        ("a.py", 'provider.model_profile("mistralai/Devstral-Small-2505")'),  # a Hub repo
        ("a.py", 'model = "huggingface:your-model-name"'),  # a placeholder
        ("a.py", 'get_model_info("openrouter/fake/model")'),
        ("a.py", 'config_list = [{"model": "llama3.1:70b"}]'),
        ("a.py", 'ChatPerplexity(sonar="x")  # sonar'),
        ("a.py", 'LABEL = "GPT-4"'),  # a display name
        ("a.py", 'ollama.chat(model="llama3:8b")'),
        ("a.py", 'litellm.completion(model="ollama/mistral-large")'),  # a local server
        ("a.py", 'open("out/gpt-4o.json")'),
        ("a.py", 'o = "o1"'),  # too short without a model context
        (
            "README.md",
            "We compare against gpt-4o and o3-mini in prose.\n",
        ),  # mentions, not one model
        ("a.py", 'url = "https://example.com/openai/gpt-4o"'),
    ],
)
def test_rejects(name: str, snippet: str) -> None:
    assert api_ids(name, snippet) == []


def test_hub_ids_are_never_api_models_and_the_other_way_round() -> None:
    code = 'AutoTokenizer.from_pretrained("Xenova/gpt-4o")\nm = pipeline(model="openai/whisper-large-v3")\n'
    assert api_ids("a.py", code) == []
    assert hub_ids("a.py", code) == ["Xenova/gpt-4o", "openai/whisper-large-v3"]
    assert hub_ids("a.py", 'litellm.completion(model="openai/gpt-4o")') == []


def test_router_ids_that_look_like_hub_ids_map_back_to_the_hub_model() -> None:
    found = api("a.py", 'completion(model="together_ai/meta-llama/Llama-3-70b-chat-hf")')
    assert found == [
        ("meta-llama/Llama-3-70b-chat-hf", frozenset({"route:together_ai", "provider:together"}))
    ]
    assert hub_ids("a.py", 'completion(model="together_ai/meta-llama/Llama-3-70b-chat-hf")') == []
    # huggingface/org/name is the Hub's own inference: the Hub model, never also an API model
    hf = 'completion(model="huggingface/mistralai/Mistral-7B-Instruct-v0.2")'
    assert api_ids("a.py", hf) == []
    assert hub_ids("a.py", hf) == ["mistralai/Mistral-7B-Instruct-v0.2"]
    bedrock = refs_in("a.py", 'br.converse(modelId="meta.llama3-70b-instruct-v1:0")')[0]
    assert load_providers().describe(bedrock).open_weights == "meta-llama/Meta-Llama-3-70B-Instruct"


def test_litellm_provider_prefixes_are_never_hub_namespaces() -> None:
    code = (
        'MODELS = ["sambanova/Meta-Llama-3.1-8B-Instruct", "watsonx/ibm/granite-3-8b-instruct"]\n'
    )
    assert hub_ids("a.py", code) == []
    assert api_ids("a.py", code) == ["Meta-Llama-3.1-8B-Instruct", "ibm/granite-3-8b-instruct"]


def test_openrouter_names_keep_the_maker() -> None:
    ref = refs_in("a.py", 'completion(model="openrouter/anthropic/claude-3.5-sonnet")')[0]
    assert ref.model_id == "anthropic/claude-3.5-sonnet"
    rec = load_providers().describe(ref)
    assert (rec.provider, rec.creator, rec.known) == ("openrouter", "anthropic", True)


def test_azure_deployment_names_are_recorded_as_such() -> None:
    code = 'from openai import AzureOpenAI\nc = AzureOpenAI()\nc.chat.completions.create(model="prod-chat")\n'
    assert api("a.py", code) == [("prod-chat", frozenset({"provider:azure-openai", "deployment"}))]
    env = api(".env", "AZURE_OPENAI_DEPLOYMENT=chat-prod\n")
    assert env == [("chat-prod", frozenset({"provider:azure-openai", "deployment"}))]
    rec = load_providers().describe(refs_in(".env", "AZURE_OPENAI_DEPLOYMENT=chat-prod\n")[0])
    assert rec.deployment and not rec.known


def test_a_provider_key_beside_the_model_names_who_serves_it() -> None:
    found = api("llm.yaml", "llm:\n  provider: azure\n  model: gpt-4o\n")
    assert found == [("gpt-4o", frozenset({"provider:azure-openai"}))]
    rec = load_providers().describe(refs_in("llm.yaml", "provider: azure\nmodel: gpt-4o\n")[0])
    assert (rec.provider, rec.creator) == ("azure-openai", "openai")
    found = api(".env", "LLM_PROVIDER=groq\nLLM_MODEL=llama-3.3-70b-versatile\n")
    assert found == [("llama-3.3-70b-versatile", frozenset({"provider:groq"}))]


def test_an_azure_name_used_as_a_deployment_is_served_by_azure() -> None:
    found = api("a.py", 'AzureChatOpenAI(azure_deployment="gpt-35-turbo")')
    assert found == [("gpt-35-turbo", frozenset({"provider:azure-openai"}))]


def test_open_weights_links_are_hub_ids() -> None:
    from modeldeps.extract.ids import is_valid_repo_id

    for entry in load_providers().models:
        if entry.open_weights:
            assert is_valid_repo_id(entry.open_weights.replace("{name}", "x-7b")), entry.where


def test_comment_scope_and_inline_ignore() -> None:
    refs = [
        r for r in refs_in("a.py", '# model="gpt-3.5-turbo"\nx = 1\n') if r.asset is Asset.API_MODEL
    ]
    assert [str(r.scope) for r in refs] == ["comment"]
    assert api_ids("a.py", 'm = "gpt-4o"  # modeldeps: ignore\n') == []


@pytest.mark.parametrize(
    ("name", "provider", "retired"),
    [
        ("gpt-4o-2024-08-06", "openai", None),
        ("claude-3-5-sonnet-latest", "anthropic", "2025-10-22"),
        ("gemini-1.5-pro-002", "google", "2025-09-24"),
        ("text-bison", "google-vertex", "2025-04-09"),
        ("text-davinci-003", "openai", "2024-01-04"),
        ("gpt-3.5-turbo-0301", "openai", "2024-06-13"),
        ("claude-2", "anthropic", "2025-07-21"),
        ("anthropic.claude-3-5-sonnet-20240620-v1:0", "aws-bedrock", None),
    ],
)
def test_knowledge_base_aliases_and_retirements(
    name: str, provider: str, retired: str | None
) -> None:
    entry = load_providers().lookup(name)
    assert entry is not None and entry.provider == provider
    assert (entry.retired.value if entry.retired else None) == retired


def test_every_fact_has_a_source_and_a_date() -> None:
    import yaml

    from modeldeps.knowledge import providers as mod

    path = mod.__file__.replace("providers.py", "providers.yaml")
    with open(path, encoding="utf-8") as fh:
        doc = yaml.safe_load(fh)
    assert problems(doc) == []
    broken = {
        "providers": {
            "x": {"name": "X", "kind": "vendor", "url": "u", "terms": {"min_age": {"value": 1}}}
        },
        "models": [],
    }
    assert problems(broken) == [
        "providers.x.terms.min_age: no source",
        "providers.x.terms.min_age: no as_of",
        "providers.x.terms.min_age: not an ISO date",
    ]


def _inline(text: str) -> tuple[dict[str, object], dict[object, int], str]:
    from modeldeps.yamlpos import load

    data, lines = load(text)
    return data, lines, "policy.yaml"


def _evaluate(
    model: str, policy_text: str, today: dt.date, flags: frozenset[str] = frozenset()
) -> list[tuple[str, Severity]]:
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.policy.config import load_policy
    from modeldeps.policy.evaluate import evaluate

    policy = load_policy("inline", "/", inline=_inline(policy_text))
    ref = Reference(
        model,
        None,
        Location("a.py", 1, 1),
        ReferenceKind.PYTHON_CALL,
        flags=flags,
        asset=Asset.API_MODEL,
    )
    found = evaluate([ref], {}, policy, load_kb(), partial=True, today=today).findings
    return [(f.code, f.severity) for f in found if f.code != "api-terms-duty"]


def test_retired_is_an_error_after_the_date_and_a_warning_within_90_days() -> None:
    text = "extends: permissive\n"
    assert _evaluate("text-davinci-003", text, dt.date(2024, 1, 5)) == [
        ("api-retired", Severity.ERROR)
    ]
    assert _evaluate("text-davinci-003", text, dt.date(2023, 11, 1)) == [
        ("api-retired", Severity.WARNING)
    ]
    assert _evaluate("text-davinci-003", text, dt.date(2023, 6, 1)) == []


def test_provider_rules_and_unknown_models() -> None:
    day = dt.date(2026, 12, 2)
    text = "extends: permissive\nproviders:\n  deny: [deepseek]\n  review: ['openai:gpt-4o*']\n"
    assert _evaluate("deepseek-chat", text, day) == [("api-unapproved-provider", Severity.ERROR)]
    assert _evaluate("gpt-4o-mini", text, day) == [("api-provider-review", Severity.WARNING)]
    assert _evaluate("gpt-4.1", text, day) == []
    assert _evaluate("gpt-7-ultra", text, day)[0][0] == "api-unknown-model"


def test_org_facts_against_provider_terms() -> None:
    day = dt.date(2026, 12, 2)
    text = (
        "extends: permissive\norganization:\n  trains_models_on_outputs: true\n"
        "  confidential_inputs: true\nproviders:\n  tiers: {google: free}\n"
    )
    codes = _evaluate("gemini-2.0-flash", text, day)
    assert ("api-terms-conflict", Severity.ERROR) in codes
    assert ("api-input-training", Severity.WARNING) in codes
    assert _evaluate("gpt-4o", "extends: permissive\n", day) == []


def test_bad_providers_section_is_a_policy_error() -> None:
    from modeldeps.errors import PolicyError
    from modeldeps.policy.config import load_policy

    with pytest.raises(PolicyError) as err:
        load_policy(
            "inline", "/", inline=_inline("providers:\n  unlisted: maybe\n  retiring_days: -1\n")
        )
    text = str(err.value) + " ".join(getattr(err.value, "problems", []) or [])
    assert "providers.unlisted" in text
