"""Model-id grammar, normalisation and the rules that tell an id from a look-alike.

Every extractor funnels its candidates through :func:`normalize` and
:func:`accept`, so precision rules live in one place.
"""

from __future__ import annotations

import re
from enum import IntEnum

from modeldeps.extract.legacy import LEGACY_IDS, ST_SHORT_PREFIXES
from modeldeps.lazyre import lazy

_HEX40 = lazy(r"^[0-9a-f]{40}$")


def is_commit_sha(revision: str | None) -> bool:
    """A full commit sha: a revision that can never move."""
    return revision is not None and bool(_HEX40.match(revision))


# The Hub's repo-id grammar (huggingface_hub ``validate_repo_id``): one optional
# namespace, parts of [A-Za-z0-9_.-], starting and ending with a word character,
# no "--" or "..", not ending in ".git", at most 96 characters each.
_PART = r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?"
_REPO_ID_RE = lazy(rf"(?:{_PART}/)?{_PART}")


class Strength(IntEnum):
    """How sure the surrounding context is that a value names a Hub model."""

    WEAK = 0  # a name that merely ends in _model(s), repo_id, checkpoint, lora, adapter
    GENERIC = 1  # `model=` on an unknown call, a `model:` key, `--model`, MODEL_ID=
    STRONG = 2  # Hugging Face specific: from_pretrained, hf_hub_download, model_name_or_path


# sentence-transformers prefixes an un-namespaced name with "sentence-transformers/"
# when it is not a local folder; these are the published short names people write.
_ST_SHORT_RE = lazy("^(?:" + "|".join(re.escape(p) for p in ST_SHORT_PREFIXES) + ")")

# First path parts that are local folders, not Hub namespaces.
_LOCAL_NAMESPACES = frozenset(
    [
        "outputs",
        "output",
        "out",
        "checkpoints",
        "checkpoint",
        "ckpt",
        "ckpts",
        "models",
        "model",
        "data",
        "dataset",
        "datasets",
        "spaces",
        "runs",
        "run",
        "tmp",
        "temp",
        "results",
        "result",
        "gpu",
        "cpu",
        "saved_models",
        "saved_model",
        "saved",
        "weights",
        "artifacts",
        "artifact",
        "logs",
        "log",
        "exp",
        "exps",
        "experiments",
        "experiment",
        "src",
        "lib",
        "cache",
        "local",
        "pretrained",
        "pretrained_models",
        "assets",
        "resources",
        "home",
        "mnt",
        "opt",
        "usr",
        "var",
        "workspace",
        "workdir",
        "content",
        "drive",
        "tests",
        "test",
        "examples",
        "scripts",
        "configs",
        "config",
        "build",
        "dist",
        "save",
        "ckpt_dir",
        "trained",
        "trained_models",
        "finetuned",
        "fine_tuned",
    ]
)

# Model-as-a-service names and provider prefixes that look like ids but are not Hub repos.
_API_NAME_RE = lazy(
    r"^(?:gpt-?[345](?:$|[.-])|gpt-4o|chatgpt|o[1-9](?:$|-)|text-(?:embedding|davinci|curie|babbage|"
    r"ada|moderation)|dall-e|tts-1|whisper-1$|claude|gemini-|command-r|command-light|embed-english|"
    r"embed-multilingual|titan-|(?:davinci|curie|babbage)(?:-00\d)?$)",
    re.IGNORECASE,
)
_API_NAMESPACES = frozenset(
    [
        "anthropic",
        "azure",
        "azure_ai",
        "bedrock",
        "vertex_ai",
        "vertex",
        "openrouter",
        "together_ai",
        "groq",
        "ollama",
        "fireworks_ai",
        "perplexity",
        "gemini",
        "sagemaker",
        "voyage",
        "deepinfra",
        "anyscale",
        "cloudflare",
        "palm",
        "text-completion-openai",
        "databricks",
        "watsonx",
        "mistral",
        "deepseek",
        "cohere",
        "xai",
        # (not "huggingface": the organisation's own repos, huggingface/CodeBERTa-small-v1,
        # are Hub models; LiteLLM's route is huggingface/org/name, or a legacy id)
        "hf",
        "hosted_vllm",
        "litellm_proxy",
        # more LiteLLM provider prefixes (none of them a Hub organisation)
        "sambanova",
        "nvidia_nim",
        "watsonx",
        "ollama_chat",
        "lm_studio",
        "friendliai",
        "bedrock_converse",
        "vertex_ai_beta",
        "cohere_chat",
        "azure_openai",
        "together",
        "fireworks",
        "xinference",
        "llamafile",
        "codestral",
    ]
)

_FILE_EXT_RE = lazy(
    r"\.(?:py|ipynb|json|jsonl|ya?ml|toml|txt|md|rst|sh|cfg|ini|csv|tsv|parquet|arrow|bin|pt|pth|"
    r"ckpt|safetensors|onnx|gguf|ggml|h5|hdf5|pkl|pickle|pb|tflite|msgpack|model|zip|tar|gz|tgz|"
    r"png|jpe?g|gif|wav|mp3|mp4|npy|npz|log|lock|html|xml|joblib|j2|jinja2?|tpl|tmpl|mustache|"
    r"hbs|jsx?|tsx?|css|svg|pdf|sql|sqlite|db)$",
    re.IGNORECASE,
)
_CHECKPOINT_RE = lazy(r"^(?:checkpoint|ckpt|epoch|step|global_step)[-_]?\d+$", re.IGNORECASE)

# Hub URL first segments that are not model namespaces.
_URL_RESERVED = frozenset(
    [
        "datasets",
        "spaces",
        "docs",
        "blog",
        "papers",
        "join",
        "login",
        "logout",
        "settings",
        "organizations",
        "collections",
        "models",
        "api",
        "learn",
        "tasks",
        "pricing",
        "new",
        "chat",
        "inference-endpoints",
        "enterprise",
        "posts",
        "changelog",
        "search",
        "terms-of-service",
        "privacy",
        "huggingface",
        "transformers",
        "support",
        "storage-regions",
        "hub",
        "notifications",
        "buckets",
        "kernels",
        "jobs",
        "welcome",
        "pro",
        "inference",
        "subscribe",
        "static",
        "front",
        "avatars",
        "assets",
        "framework",
        "hf-inference",
        "v1",
        "pipeline",
    ]
)

_URL_RE = lazy(
    r"(?:https?://)?(?:www\.|api-inference\.|router\.)?(?:huggingface\.co|hf\.co)/"
    r"([A-Za-z0-9_.~%/@:+=-]+)",
    re.IGNORECASE,
)


# Name tokens typical of model repositories (families, sizes, variants, formats).
_MODEL_WORDS = frozenset(
    """
    bert roberta distilbert gpt llama mistral mixtral qwen gemma phi t5 whisper clip vit bart bge
    e5 minilm mpnet instruct chat base large small mini tiny medium xl xxl embed embedding
    embeddings coder code vision diffusion stable sd sdxl lora gguf awq gptq hf lm llm nlp ner
    sentiment encoder decoder tts asr speech audio wav2vec blip sam dino yolo detr resnet
    convnext segformer flux controlnet adapter reranker rerank distil electra deberta xlm opt
    bloom bloomz falcon pythia olmo smol smollm granite nemo nemotron yi deepseek starcoder
    zephyr hermes vicuna alpaca dolly mpt aya solar openchat tulu dolphin turbo onnx quant int4
    int8 fp16 bf16 it sft dpo rlhf moe vl ocr caption captioning squad mnli cnn ggml mlx exl2
    """.split()
)
_MODEL_SUFFIXES = ("bert", "coder", "former", "lm", "xl", "net", "gpt", "llama", "diffusion")
# Families a name may run on from (MistralLite, Qwen2VL, GemmaScope)
_FAMILY_PREFIXES = (
    "llama", "mistral", "mixtral", "qwen", "gemma", "falcon", "bloom", "whisper", "roberta",
    "deberta", "electra", "pythia", "starcoder", "zephyr", "vicuna", "deepseek",
)  # fmt: skip


# Organisations that publish models on the Hub (lower case): a literal under one of
# them that reads like a model is evidence enough even where a file shows no other
# machine-learning vocabulary (a TypeScript test of a model-routing table, say).
KNOWN_PUBLISHERS = frozenset(
    """
    meta-llama facebook mistralai qwen google google-bert microsoft deepseek-ai moonshotai
    zai-org thudm tiiuae bigscience eleutherai sentence-transformers cross-encoder baai
    intfloat thenlper nomic-ai alibaba-nlp jinaai mixedbread-ai openai openai-community
    stabilityai runwayml black-forest-labs compvis nvidia ibm-granite ibm allenai
    huggingfaceh4 huggingfacetb huggingfacem4 thebloke bartowski unsloth lmsys nousresearch
    teknium 01-ai internlm opengvlab llava-hf salesforce laion openbmb cohereforai coherelabs
    ai21labs databricks mosaicml cerebras xai-org apple amazon snowflake xenova
    onnx-community mlx-community hf-internal-testing naver princeton-nlp lmms-lab upstage
    tencent baidu xiaomimimo minimaxai swiss-ai facebookai distilbert stepfun-ai
    bytedance-seed bytedance inclusionai openchat codellama bigcode wizardlmteam
    tinyllama meta-math pythainlp cardiffnlp distil-whisper hexgrad coqui suno
    timm lllyasviel h94 kandinsky-community playgroundai segmind lerobot liuhaotian
    """.split()
)


def known_publisher(model_id: str) -> bool:
    """Whether the namespace is a well-known model publisher."""
    return model_id.partition("/")[0].lower() in KNOWN_PUBLISHERS


_SIZE_RE = lazy(r"(?<![a-z])\d+(?:\.\d+)?[bm](?![a-z])", re.IGNORECASE)


def publisher_or_size(model_id: str) -> bool:
    """A known publisher's namespace, or a parameter count in the name (``-7b``, ``125M``):
    the evidence an id needs where nothing around it says "model"."""
    return known_publisher(model_id) or bool(_SIZE_RE.search(model_id.rpartition("/")[2]))


def looks_model_like(model_id: str) -> bool:
    """Whether a repo name reads like a model (a size, version, family or variant)."""
    name = model_id.rpartition("/")[2].lower()
    if any(ch.isdigit() for ch in name):
        return True
    return any(
        tok in _MODEL_WORDS or tok.endswith(_MODEL_SUFFIXES) or tok.startswith(_FAMILY_PREFIXES)
        for tok in re.split(r"[-_.]", name)
        if tok
    )


_PLACEHOLDER_RE = lazy(
    r"(?:your|my|some|example|sample|dummy|fake|foo|bar|user|username|org|organization|"
    r"namespace|owner|name|model|repo|xxx|abc|hf|unknown|another|provider|someprovider|anotherprovider|"
    r"nonexistent|non-existent|invalid|bogus|missing|fake|test)(?:[-_](?:or|name|model|org|repo|id|username|"
    r"user|hf|organization|namespace|owner|path))*",
    re.IGNORECASE,
)


_PLACEHOLDER_STARTS = (
    "your", "my", "some", "example", "sample", "dummy", "fake", "foo", "bar", "user", "org",
    "namespace", "owner", "name", "model", "repo", "xxx", "abc", "hf", "or", "unknown",
    "another", "provider", "someprovider", "anotherprovider", "nonexistent", "non-existent",
    "invalid", "bogus", "missing", "test",
)  # fmt: skip


_STANDIN_NAMESPACES = frozenset(
    "provider someprovider anotherprovider some-provider another-provider does-not-exist "
    "invalid-org bogus fake-org user username some repository_id repository-id repo_id "
    "repo-id custom mock example".split()
)
_LOCAL_NS_ENDS = ("_models", "_checkpoints", "_ckpts", "_weights", "_outputs")


def is_placeholder(model_id: str) -> bool:
    """Documentation stand-ins: ``your-username/my-model``, ``user-or-org/model-name``.

    Both parts must read as stand-ins (``org/alpha-7b`` is a name someone chose).
    """
    ns, _, name = model_id.rpartition("/")
    if ns.lower().startswith(("your", "my-", "my_")) or "<" in model_id or "{" in model_id:
        return True
    low_ns = ns.lower()
    if low_ns in _STANDIN_NAMESPACES or low_ns.startswith(("nonexistent", "non-existent")):
        return True  # a test's someprovider/deepseek-r1: the namespace alone says so
    if not ns or name.lower() == "name":
        return False
    if not ns.lower().startswith(_PLACEHOLDER_STARTS):
        return False
    return bool(_PLACEHOLDER_RE.fullmatch(ns) and _PLACEHOLDER_RE.fullmatch(name))


def is_valid_repo_id(value: str) -> bool:
    """True when ``value`` satisfies the Hub's repo-id grammar."""
    if not _REPO_ID_RE.fullmatch(value):
        return False
    return "--" not in value and ".." not in value and not value.endswith(".git")


def is_legacy_id(value: str) -> bool:
    return value in LEGACY_IDS


def split_revision(value: str) -> tuple[str, str | None]:
    """``org/name@rev`` -> (``org/name``, ``rev``)."""
    if "@" in value:
        base, _, rev = value.partition("@")
        return base, (rev or None)
    return value, None


def parse_hub_url(url_path: str) -> tuple[str, str | None] | None:
    """Parse the path after ``huggingface.co/``; return (id, revision) or None.

    Datasets, Spaces and site pages give None. A single segment is only a model
    when it is a known legacy id.
    """
    path = url_path.split("?", 1)[0].split("#", 1)[0]
    if "%" in path:
        from urllib.parse import unquote  # ~2 ms of imports only an escaped URL needs

        path = unquote(path)
    path = path.strip("/")
    parts = [p for p in path.split("/") if p]
    if not parts:
        return None
    if parts[0].lower() == "models" and len(parts) >= 3 and not parts[1].startswith("?"):
        # api-inference.huggingface.co/models/org/name
        parts = parts[1:]
    elif parts[0].lower() == "hf-inference" and len(parts) >= 4 and parts[1] == "models":
        parts = parts[2:]  # router.huggingface.co/hf-inference/models/org/name
    if len(parts) == 2 and parts[1].lower() in ("models", "datasets", "spaces", "collections"):
        return None  # an organisation's page
    if parts[0].lower() in _URL_RESERVED or parts[0].startswith(("@", "~")):
        return None
    revision: str | None = None
    if len(parts) >= 2 and parts[1] in ("resolve", "blob", "tree", "raw", "blame", "commit"):
        ident = parts[0]  # legacy single-segment id with a tail
        tail = parts[1:]
    else:
        ident = "/".join(parts[:2]) if len(parts) >= 2 else parts[0]
        tail = parts[2:]
    if tail and tail[0] in ("resolve", "blob", "tree", "raw", "blame", "commit") and len(tail) >= 2:
        revision = tail[1]
    # ollama-style quantisation tags: hf.co/org/name:Q4_K_M
    ident = ident.split(":", 1)[0]
    if "/" not in ident:
        return (ident, revision) if is_legacy_id(ident) else None
    return ident, revision


def parse_hf_uri(uri: str) -> tuple[str, str | None] | None:
    """Parse ``hf://[models/]ns/name[@rev][/path]`` (or LocalAI's ``huggingface://``);
    datasets, spaces and buckets give None."""
    rest = uri.partition("://")[2]
    parts = rest.split("/")
    if parts and parts[0] in ("models",):
        parts = parts[1:]
    elif parts and parts[0] in ("datasets", "spaces", "buckets", "kernels"):
        return None
    if len(parts) < 2:
        return None
    ident, revision = split_revision("/".join(parts[:2]))
    return ident, revision


_LINEAGE_RELATIONS = frozenset({"adapter", "finetune", "quantized", "merge"})
SERVED_PREFIXES = ("huggingface/", "openai/", "hosted_vllm/")
# ...of which these serve it from the user's own server (LiteLLM's huggingface/org/x
# is the Hub's hosted inference: an API route, extract/api.py)
# provider:model prefixes (LangChain-style) of servers and libraries that run a Hub model
# locally (get_model("transformers:gpt2"))
_LOCAL_SERVER_SCHEMES = (
    "vllm:",
    "vllm_openai:",
    "hosted_vllm:",
    "sglang:",
    "tgi:",
    "transformers:",
)
LOCAL_SERVED_PREFIXES = ("openai/", "hosted_vllm/")


def normalize(raw: str) -> tuple[str, str | None] | None:
    """Turn a written value into (model id, revision) or None when it is not id-shaped.

    Strips quotes and URL forms (``https://huggingface.co/...``, ``hf://``,
    ``hf-hub:``), and keeps a revision given as ``@rev`` or ``/resolve/<rev>/``.
    """
    value = raw.strip().strip("\"'`").strip()
    if not value or len(value) > 300:
        return None
    lower = value.lower()
    if lower.startswith(("hf-hub:", "hf_hub:")):
        value = value[7:]
    elif lower.startswith("base_model:"):
        # the Hub's lineage tags: base_model:org/x, base_model:adapter:org/x
        relation, sep, rest = value[len("base_model:") :].partition(":")
        value = rest if sep and relation in _LINEAGE_RELATIONS else value[len("base_model:") :]
    elif lower.startswith(("hf://", "huggingface://")):
        return parse_hf_uri(value)
    elif "huggingface.co/" in lower or "hf.co/" in lower:
        m = _URL_RE.search(value)
        if m is None or m.start() != 0:
            return None
        return parse_hub_url(m.group(1))
    if lower.startswith(_LOCAL_SERVER_SCHEMES):
        # gpt-researcher's FAST_LLM=vllm_openai:org/name: a local server runs the Hub model
        value = value.partition(":")[2]
    elif value.count("/") == 2 and lower.startswith(SERVED_PREFIXES):
        # litellm's huggingface/org/name, and a Hub model an OpenAI-compatible or vLLM
        # server serves under its Hub id: openai/org/name, hosted_vllm/org/name
        value = value.partition("/")[2]
    if ":" in value and (q := _QUANT_TAG_RE.search(value)) is not None and "/" in value:
        value = value[: q.start()]  # llama.cpp's -hf org/x-GGUF:Q4_K_M: a quantisation
    value, revision = split_revision(value)
    return value, revision


# A GGUF quantisation picked after the repo id (llama.cpp -hf, Ollama's hf.co/ names)
_QUANT_TAG_RE = lazy(r":(?:I?Q\d(?:_[A-Z0-9]+)*|[BU]?F(?:16|32)|FP16|BF16)$", re.IGNORECASE)


def looks_local(value: str) -> bool:
    """Paths and file names that the id grammar would otherwise let through."""
    if value.startswith(("/", "./", "../", "~", ".")) or "\\" in value:
        return True
    if len(value) > 1 and value[1] == ":":
        return True
    parts = value.split("/")
    if len(parts) > 2:
        return True
    if len(parts) == 2 and parts[0].lower() in _LOCAL_NAMESPACES:
        return True
    name = parts[-1]
    if "." in name and _FILE_EXT_RE.search(name):
        return True
    return name[:1].lower() in "cegs" and bool(_CHECKPOINT_RE.match(name))


_API_FIRST = frozenset("gcotdweb")  # first letters of every alternative of _API_NAME_RE


def is_api_model(model_id: str) -> bool:
    """Names of hosted API models (OpenAI, Anthropic, litellm provider prefixes)."""
    ns, _, name = model_id.rpartition("/")
    if ns and ns.lower() in _API_NAMESPACES:
        return True
    return name[:1].lower() in _API_FIRST and bool(_API_NAME_RE.match(name))


def sentence_transformers_id(name: str) -> str | None:
    """The Hub id sentence-transformers loads for an un-namespaced short name."""
    if "/" in name or not is_valid_repo_id(name):
        return None
    # (three parts at least: all-MiniLM-L6-v2, nli-bert-base; Ollama's all-minilm is none)
    if (
        _ST_SHORT_RE.match(name)
        and name.count("-") + name.count("_") >= 2
        and looks_model_like(name.split("-", 1)[-1])
    ):
        return f"sentence-transformers/{name}"  # (not "all-linear", PEFT's target_modules)
    return None


# Prefixes of routers and local model servers that no Hub organisation uses, so even a
# model-loading call's argument under one is a served name, not a Hub repo.
_ROUTER_PREFIXES = frozenset(
    """ollama ollama_chat openrouter together_ai fireworks_ai litellm_proxy hosted_vllm
    azure azure_ai bedrock bedrock_converse vertex_ai sagemaker watsonx lm_studio
    text-completion-openai""".split()
)
# Base-image words: a CUDA or Python version in a name is a container tag.
_IMAGE_NAME_RE = lazy(
    r"(?:^|[-_.])(?:cuda\d|cudnn\d|python3\.\d|py3\d{1,2}-|ubuntu\d)", re.IGNORECASE
)
# A container or build platform (os/arch), as Docker, buildx and CI matrices write it.
_PLATFORM_RE = lazy(
    r"(?:linux|windows|darwin|freebsd|macos)/(?:amd64|arm64(?:v8)?|arm(?:v[5-8])?|386|ppc64le"
    r"|s390x|riscv64|x86_64|aarch64|mips64le)",
    re.IGNORECASE,
)


# A training recipe's config name (torchtune's llama3_1/8B_lora_single_device): a model
# family with its version as the folder, a size and recipe words as the name.
_RECIPE_NS_RE = lazy(
    r"(?:llama|qwen|gemma|mistral|mixtral|phi|falcon|gpt|t5|code_?llama|deepseek)\d[\w.]*",
    re.IGNORECASE,
)
_RECIPE_NAME_RE = lazy(r"\d+(?:\.\d+)?[bm](?:_to_\d+(?:\.\d+)?[bm])?_\w+", re.IGNORECASE)


# Model families other publishers own, as a router's or HELM's name writes them
_OTHERS_FAMILIES = (
    "pythia", "gpt-j", "gpt-neo", "llama", "opt-", "bloom", "santacoder", "starcoder",
    "falcon", "mistral", "mixtral", "qwen", "gemma", "vicuna", "mpt-", "dolly", "codegen",
    "t5-", "flan-", "phi-", "redpajama", "cerebras-gpt", "zephyr",
)  # fmt: skip


def recipe_config(model_id: str) -> bool:
    """``llama3_1/8B_lora_single_device``, ``dev/3B_full_grpo``: a recipe's config name."""
    ns, _, name = model_id.partition("/")
    return bool(_RECIPE_NAME_RE.fullmatch(name)) or (
        bool(_RECIPE_NS_RE.fullmatch(ns)) and "_" in ns + name and not ns[:1].isupper()
    )


def accept(model_id: str, strength: Strength) -> bool:
    """Decide whether a normalised value is a model reference in a context of ``strength``."""
    if not is_valid_repo_id(model_id) or looks_local(model_id) or recipe_config(model_id):
        return False
    if strength is not Strength.STRONG and model_id.partition("/")[0].lower().endswith(
        _LOCAL_NS_ENDS
    ):
        return False  # mlx_models/tiny_fp16: a folder of them (a loading call may say not)
    if "/" not in model_id:
        return is_legacy_id(model_id)
    # In a Hugging Face specific call anything id-shaped is a Hub repo (Xenova/gpt-4o
    # is a real tokenizer repo); elsewhere "openai/gpt-4o" is an API model name.
    if (strength is not Strength.STRONG or model_id[:7].lower() == "openai/") and is_api_model(
        model_id
    ):
        # under a weak or generic key too: an API model (extract/api.py); and the OpenAI
        # organisation publishes no Hub repo under an API name (LLM(model="openai/gpt-4o"))
        return False
    ns, _, name = model_id.partition("/")
    if ns.lower() == "huggingface" and (
        is_legacy_id(name) or name.lower().startswith(_OTHERS_FAMILIES)
    ):
        # HELM's and LiteLLM's names for another publisher's model: huggingface/gpt2,
        # huggingface/pythia-70m (the organisation's own: huggingface/CodeBERTa-small-v1)
        return False
    if ns.lower() in _ROUTER_PREFIXES:
        return False  # a local server's or router's prefix (ollama/llama3.2), in any call
    if _PLATFORM_RE.fullmatch(model_id):
        return False  # linux/amd64: a Docker platform, whatever variable holds it
    if _IMAGE_NAME_RE.search(name):
        return False  # a container image (ai2/pytorch2.0.0-cuda11.8-python3.10)
    # "a/b" with one-letter parts, pure numbers or version-like pairs ("1.0/2") are
    # fractions, ratios and paths far more often than repos.
    if len(ns) < 2 or name.isdigit() or ns.isdigit():
        return False
    if len(name) == 40 and all(c in "0123456789abcdef" for c in name):
        return False  # a snapshot folder: clip-vit-large-patch14-336/<commit sha>
    return not (strength is Strength.GENERIC and len(name) < 2)
