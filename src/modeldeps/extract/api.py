"""Hosted API models: candidates from the providers' name grammar, then evidence.

Candidates are the names providers give their models (``gpt-4o``,
``claude-3-5-sonnet-20240620``, ``gemini-1.5-pro-002``, ``text-bison@001``,
``command-r-plus``, ``mistral-large-latest``, Bedrock's
``anthropic.claude-3-5-sonnet-20240620-v1:0``, Fireworks'
``accounts/fireworks/models/...``), with an optional router or framework prefix
(LiteLLM ``openai/gpt-4o``, pydantic-ai and LangChain ``openai:gpt-4o``,
OpenRouter ``anthropic/claude-3.5-sonnet``, ``bedrock/...``, ``azure/...``) and
routers' names for Hub models (``together_ai/meta-llama/Llama-3-70b-chat-hf``).
Each candidate is then decided by where it stands:

* a whole string literal, an unquoted config / env / flag value, a config key,
  or a line holding only the name (a list in a text block) is a value; a name
  inside longer text counts after ``model=``, ``model:`` or a ``--model`` flag,
  or when it is distinctive (a version in it: ``"gpt-4o may update"``), in
  comments and docstrings too (where the reference takes the ``comment`` scope);
* a literal ``"route:anything"`` / ``"route/anything"`` with a known router or
  framework prefix is an API model whatever the name (the framework's form says so);
* names short enough to be something else (``o1``, ``o3``, ``davinci``) need
  ``model`` on their line, or a table of at least three other API models;
* a ``provider:`` key within four lines names who serves the model;
* negative evidence: a local server's prefix (``ollama/``, ``hosted_vllm/``),
  an Ollama-style ``:tag``, a path or file name around it, a namespace that is
  no router (``Xenova/gpt-4o`` is a Hub tokenizer), and a Hub reference the
  Hub extractors already made at the same place (a Hub id is never also an
  API model).

Azure OpenAI deployment names (``azure_deployment=``, ``deployment_name=``,
``AZURE_OPENAI_DEPLOYMENT=``) are recorded with the ``deployment`` flag: the
model behind them is the deployment's, not a name modeldeps can judge.
Documentation is read in its code blocks as code; its prose for names in inline
code, names written as values (``model: gpt-4o``, ``- `4o`: gpt-4o``) and
mentions specific enough to be one model (``gpt-4o-mini``, not ``GPT-4`` or
``o3-mini``); comments and docstrings give ``comment`` scope.
"""

from __future__ import annotations

from modeldeps.extract.base import TABLE_RULE_RE, FileContext
from modeldeps.extract.prefilter import router_of as _router_of
from modeldeps.lazyre import IGNORECASE, MULTILINE, lazy
from modeldeps.model import Asset, Location, Reference, ReferenceKind, Scope

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    PosFn = Callable[[int], tuple[int, int]]

# Router and framework prefixes -> the provider (knowledge-base key) that serves the model.
ROUTES: dict[str, str] = {
    "openai": "openai",
    "text-completion-openai": "openai",
    "azure": "azure-openai",
    "azure_openai": "azure-openai",
    "azure_ai": "azure-openai",
    "anthropic": "anthropic",
    "claude": "anthropic",
    "bedrock": "aws-bedrock",
    "bedrock_converse": "aws-bedrock",
    "vertex_ai": "google-vertex",
    "vertex_ai_beta": "google-vertex",
    "google_vertexai": "google-vertex",
    "google-vertex": "google-vertex",
    "vertexai": "google-vertex",
    "gemini": "google",
    "google": "google",
    "google-gla": "google",
    "google_genai": "google",
    "palm": "google",
    "cohere": "cohere",
    "cohere_chat": "cohere",
    "mistral": "mistral",
    "mistralai": "mistral",
    "codestral": "mistral",
    "xai": "xai",
    "x-ai": "xai",
    "deepseek": "deepseek",
    "groq": "groq",
    "together_ai": "together",
    "together": "together",
    "fireworks_ai": "fireworks",
    "fireworks": "fireworks",
    "openrouter": "openrouter",
    "perplexity": "perplexity",
    "writer": "writer",
    "fal": "fal",
    "oci": "oracle-oci",
    "perplexityai": "perplexity",
    "ai21": "ai21",
    "voyage": "voyage",
    "deepinfra": "deepinfra",
    "replicate": "replicate",
    "anyscale": "anyscale",
    "sambanova": "sambanova",
    "nvidia_nim": "nvidia-nim",
    "cerebras": "cerebras",
    "litellm_proxy": "litellm-proxy",
    "watsonx": "watsonx",
    "huggingface": "huggingface",
    "databricks": "databricks",
    "github": "github-models",
    "grok": "xai",
    "heroku": "heroku",
    "moonshotai": "moonshot",
    "vercel": "vercel",
    "litellm": "litellm-proxy",
    "openai-chat": "openai",
    "openai-responses": "openai",
    "bedrock-mantle": "aws-bedrock",
    "crusoe": "crusoe",
    "snowflake": "snowflake-cortex",
    "zai": "zhipu",
    "nebius": "nebius",
    "alibaba": "alibaba-cloud",
    "dashscope": "alibaba-cloud",
    "netmind": "netmind",
    "atlascloud": "atlas-cloud",
    "avian": "avian",
    "nomic": "nomic",
    "minimax": "minimax",
    "novita": "novita",
}
# Prefixes that are also Hub namespaces: "openai/whisper-large-v3" is a Hub repo, so with
# "/" they prefix only names of the providers' own grammar.
_HUB_NAMESPACES = frozenset({"openai", "google", "mistralai", "deepseek", "huggingface", "github"})
# A whole literal "route:anything" or "route/anything": the framework's form says it is an
# API model even when the name is one modeldeps' grammar does not know.
_ROUTED_LITERAL_RE = lazy(
    r"""(?<![\w\\])(["'`])(?:gateway/)?([a-z][\w-]*)([:/])([A-Za-z0-9][\w.:@/-]{1,120})\1"""
)
# An environment entry naming a model as provider:name, unquoted (gpt-researcher's
# FAST_LLM=netmind:deepseek-ai/DeepSeek-V3); groups as _ROUTED_LITERAL_RE's
_ENV_ROUTED_RE = lazy(
    r"""(?m)^[ \t]*(?:export[ \t]+)?(?=[A-Z])[A-Z0-9_]*(?:LLM|MODEL|EMBEDDING)[A-Z0-9_]*=()"""
    r"""([a-z][\w-]*)(:)([A-Za-z0-9][\w.:@/-]{1,120})(?=[ \t]*(?:#|$))"""
)
# Routers that serve Hub models under their Hub ids (map back to the Hub model).
HUB_ROUTES = frozenset(
    "together_ai together fireworks_ai fireworks openrouter deepinfra replicate anyscale groq "
    "sambanova nvidia_nim cerebras novita nebius hyperbolic featherless_ai nscale watsonx "
    "databricks".split()
)
# Servers that run open models locally: their names are not hosted API models.
_LOCAL_ROUTES = frozenset(
    "ollama ollama_chat hosted_vllm lm_studio llamafile vllm local localai xinference".split()
)
_PATH_PREFIXES = frozenset({"models", "publishers", "google", "tunedmodels"})

# Bedrock model ids: <vendor>.<name>[-v<n>][:<m>], optionally a cross-region prefix and (in
# some tables) a context-size variant such as :24k.
_BEDROCK = (
    r"(?:(?:us|eu|apac|us-gov|global)\.)?(?:anthropic\.claude|meta\.llama|amazon\.(?:titan|nova|rerank)"
    r"|cohere\.(?:command|embed|rerank)|ai21\.(?:j2|jamba)|mistral\.(?:mistral|mixtral|pixtral)"
    r"|stability\.[a-z]|deepseek\.[a-z]|writer\.palmyra|qwen\.qwen|openai\.gpt-oss|twelvelabs\.[a-z]"
    r"|luma\.[a-z])[a-z0-9.-]*(?::(?:\d+k|\d+|mm))*"
)
_BEDROCK_RE = lazy(rf"(?:{_BEDROCK})", IGNORECASE)
_NAME = (
    r"gpt-(?:3\.5|35|4o|4\.1|4\.5|4|5(?:\.\d)?)(?:-[a-z0-9.]+)*|gpt-image-1(?:-mini)?|gpt-oss-\d+b"
    r"|gpt-(?:realtime|audio)(?:-[a-z0-9]+(?:\.\d+)?)*|chatgpt-4o-latest|computer-use-preview(?:-[0-9-]+)?"
    r"|codex-mini-latest|embedding-001|sonar(?:-pro)?"
    r"|o[1345](?:-(?:mini|pro|preview|deep-research|\d{4}-\d\d-\d\d|20\d{6}))*"
    r"|text-embedding-(?:ada-00[12]|3-small|3-large|00[45])|text-multilingual-embedding-002"
    r"|(?:text|code)-(?:davinci|curie|babbage|ada)-00[1-3]|(?:davinci|babbage)-002"
    r"|davinci|curie|babbage"
    r"|(?:text|omni)-moderation-(?:latest|stable|\d+)(?:-[a-z0-9]+)*"
    r"|dall-e-[23]|tts-1(?:-hd)?|whisper-1"
    r"|claude-[a-z0-9][a-z0-9.-]*(?:@\d{8})?"
    r"|gemini-[a-z0-9][a-z0-9.-]*|learnlm-[0-9][a-z0-9.-]*|gemma-3n?-(?:\d+b|e\d+b)-it"
    r"|(?:text|chat|code|codechat)-bison(?:-32k)?(?:@\d{3}|@latest|-001)?|text-unicorn(?:@\d{3})?"
    r"|code-gecko(?:@\d{3})?|textembedding-gecko(?:-multilingual)?(?:@\d{3}|@latest)?"
    r"|embedding-gecko-001|imagen-\d[a-z0-9.-]*"
    r"|command-(?:r-plus|r7b|r|a|light|nightly)(?:-[a-z0-9]+)*"
    r"|embed-(?:english|multilingual)(?:-light)?-v[23]\.0|embed-v4\.0"
    r"|rerank-(?:english|multilingual)-v[23]\.0|rerank-v3\.5"
    r"|(?:mistral-(?:large|medium|small|tiny|embed|moderation|saba|ocr)|open-mistral-(?:7b|nemo)"
    r"|open-mixtral-8x(?:7|22)b|open-codestral-mamba)(?:-[a-z0-9.]+)*"
    r"|(?:codestral|pixtral|ministral-[38]b|pixtral-large|pixtral-12b|magistral-(?:medium|small)"
    r"|devstral-(?:small|medium)|codestral-mamba)-(?:latest|\d{4})"
    r"|grok-(?:beta|vision-beta|\d[a-z0-9.-]*)|deepseek-(?:chat|reasoner|coder)"
    r"|(?:llama-3\.1-)?sonar-(?:small|large|huge|pro|reasoning|deep-research)(?:-[a-z0-9]+)*"
    r"|jamba-(?:1\.5|1\.6|instruct|mini|large)[a-z0-9.-]*|j2-(?:light|mid|ultra)"
    r"|voyage-(?:\d|large|code|law|finance|multilingual|lite|multimodal|context)[a-z0-9.-]*"
    r"|llama3-(?:8|70)b-8192|llama-3\.[0-9]-\d+b-(?:instant|versatile|specdec|preview)"
    r"|mixtral-8x7b-32768|gemma2-9b-it|minimax-m\d[a-z0-9.-]*"
    r"|qwen-(?:plus|max|turbo|long|flash|coder-plus|vl-plus|vl-max)(?:-latest|-\d{4}-\d\d-\d\d)?"
    r"|qwen3-max(?:-[a-z0-9-]+)?|kimi-k2(?:\.\d)?(?:-[a-z0-9-]+)?|moonshot-v1-(?:8k|32k|128k|auto)"
    r"|glm-4v?-(?:plus|flash|flashx|air|airx|long)(?:-\d{6,8})?|palmyra-x\d[a-z0-9.-]*|pplx-\d+b-(?:chat|online|instruct)|grok-code-fast(?:-\d)?"
    r"|" + _BEDROCK + r"|accounts/fireworks/models/[a-z0-9][a-z0-9.-]*"
)
# (after ":-" too: ${LLM_MODEL:-gpt-4o-mini} is a shell parameter's default)
_NAME_RE = lazy(rf"(?:(?<=:-)|(?<![\w@.-]))(?:{_NAME})", IGNORECASE)
_HUB_ROUTE_RE = lazy(
    r"(?<![\w.@/-])(" + "|".join(sorted(HUB_ROUTES, key=len, reverse=True)) + r")[/:]"
    r"([A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*)?)"
    r"(?::(?:free|beta|extended|nitro|floor|online|thinking))?(?![\w/@:-])",
    IGNORECASE,
)
# Azure OpenAI deployment names.
_DEPLOYMENT_RE = lazy(
    r"""(?:\b(?:azure_deployment|deployment_name|deployment_id|azure_deployment_name|deploymentName"""
    r"""|deploymentId)\s*[=:]\s*|\bAZURE_OPENAI_(?:CHAT_|EMBEDDINGS?_|LLM_)?DEPLOYMENT(?:_NAME|_ID)?"""
    r"""["']?\s*[=:]\s*)(\\?["']?)([A-Za-z0-9][\w.-]{0,63})(?=\\?["']|\s|$|,)"""
)
# `provider: anthropic` beside `model: ...` (app configs, prompt files, LiteLLM/crewAI YAML).
_PROVIDER_KEY_RE = lazy(
    r"""^[ \t\-]*["']?(?:provider|llm_provider|model_provider|api_type|[A-Za-z_]*_PROVIDER)"""
    r"""["']?[ \t]*[:=][ \t]*["']?([A-Za-z][\w-]*)""",
    MULTILINE,
)
_AZURE_CLIENT_RE = lazy(
    r"\bAzure(?:OpenAI|ChatOpenAI|OpenAIEmbeddings|OpenAIClient)\b|createAzure\("
)
_AZURE_MODEL_RE = lazy(r"""\bmodel\s*[=:]\s*["']([A-Za-z0-9][\w.-]{0,63})["']""")
_MODEL_BEFORE_RE = lazy(
    r"(?:model(?:_name|_id)?|llm|engine)[\"']?\s*[=:]\s*[\"'\\]*$"
    r"|--(?:[\w-]*model[\w-]*)[= ]$|-m $",
    IGNORECASE,
)
# A provider's names that are also its open-weight Hub repositories: openai/gpt-oss-20b
# on a router is the Hub model's route, kept whole.
_OPEN_WEIGHTS = ("gpt-oss-",)
# Directories of local model servers' integrations: the names there are the server's tags.
_LOCAL_DIRS = frozenset(
    "ollama lm_studio lmstudio llamafile localai xinference llama_cpp llamacpp".split()
)
_ALIAS_BEFORE_RE = lazy(
    r"""(?:model_alias|served_model_name|alias)["']?[ \t]*[:=][ \t]*["'\[]?[ \t]*$"""
)
_IMPORT_BEFORE_RE = lazy(r"(?:\bfrom|\bimport|\brequire\(|\bimport\()[ \t]*$")
_HUB_LITERAL = (
    r"""([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)"""
    r"""(?::(free|beta|nitro|floor|online|thinking|extended))?\1"""
)
_HUB_LITERAL_RE = lazy(r"""(["'])""" + _HUB_LITERAL)
_HUB_SPAN_RE = lazy(r"""([`"'])""" + _HUB_LITERAL)  # (documentation: code spans too)
# A key naming a router's model: together_model: google/gemma-2-9b-it
_ROUTER_KEY_RE = lazy(
    r"""\b(together|fireworks|openrouter|groq|deepinfra|replicate)_model(?:_id|_name)?["']?"""
    r"""[ \t]*[:=][ \t]*["']?([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)""",
    IGNORECASE,
)
_ROUTING_WORDS = ("litellm", "LiteLLM", "from_provider", "init_chat_model", "completion(")
# Router namespaces that are also organisations whose own Hub repos are commonly named:
# their routed literal is not taken over a Hub reference.
KNOWN_HUB_ORGS = frozenset({"huggingface", "nvidia", "databricks", "snowflake", "alibaba"})
# Client classes of routers that serve Hub models under their Hub ids: their first
# argument or model= is the route, not a download (TogetherAI("org/x")).
_ROUTER_CLIENT_RE = lazy(
    r"""\b(?:Chat|Async)?(Together|OpenRouter|Fireworks|DeepInfra|Groq|Cerebras|SambaNova)\w*\("""
    r"""\s*(?:model(?:_id|_name|_type)?\s*=\s*)?"""
    r"""["']([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)["']"""
)
# OpenRouter's variants of a model (gpt-4o:free): the model is the name before them.
_VARIANTS = ("free", "beta", "extended", "nitro", "floor", "online", "thinking")
_FILE_EXT = (".json", ".yaml", ".yml", ".py", ".txt", ".md", ".csv", ".jsonl", ".log", ".png")
_SHORT = frozenset(
    {
        "o1",
        "o3",
        "o4",
        "o5",
        "o1-pro",
        "o3-pro",
        "davinci",
        "curie",
        "babbage",
        "sonar",
        "sonar-pro",
    }
)
_QUOTES = "\"'`"
_COMMENT_MARKER = {"python": "#", "shell": "#", "yaml": "#", "toml": "#", "js": "//"}
_BLOCK_SCANNED = frozenset({"python", "shell", "yaml", "json", "toml", "js"})


def scan_file(ctx: FileContext, family: str) -> None:
    """Report the hosted API models of one file (its code blocks for documentation)."""
    if family == "markdown":
        _scan_docs(ctx)
        router = _router_of(ctx.rel_path)
        if router is not None:
            _router_module(ctx, router, family, frozenset())
        return
    if family == "notebook":
        _scan_notebook(ctx)
        return
    parts = ctx.rel_path.lower().split("/")
    if _LOCAL_DIRS.intersection(parts[:-1]):
        return  # autogen_ext/models/ollama/_model_info.py: "command-r" is an Ollama tag
    comment_lines: frozenset[int] | _TextLines = (
        _TextLines(ctx.text) if family == "python" else frozenset()
    )
    scan_text(ctx, ctx.text, None, family, comment_lines)
    router = _router_of(ctx.rel_path)
    if router is not None and family in ("python", "js"):
        _router_module(ctx, router, family, comment_lines)


def _router_module(
    ctx: FileContext, router: str, family: str, comment_lines: frozenset[int] | _TextLines
) -> None:
    """The Hub-shaped literals of a module named after a router are its model ids (in a
    documentation page, its code spans too); a Hub id there is the router's name for the
    model it serves, and the Hub link is kept."""
    from modeldeps.extract.ids import looks_local, looks_model_like

    provider = _provider_of(router)
    marker = _COMMENT_MARKER.get(family)
    literals = _HUB_SPAN_RE if family == "markdown" else _HUB_LITERAL_RE
    for m in literals.finditer(ctx.text):
        value = m.group(2)
        if looks_local(value) or not looks_model_like(value) or _placeholder(value):
            continue
        line_start = ctx.text.rfind("\n", 0, m.start()) + 1
        if _IMPORT_BEFORE_RE.search(ctx.text, line_start, m.start()):
            continue  # import { z } from 'zod/v4': a module
        head, _, tail = value.partition("/")
        low_head = head.lower()
        keep = (
            (low_head == "openai" and tail.lower().startswith(_OPEN_WEIGHTS))
            # a Hub repo under its publisher's name: moonshotai/Kimi-K2-Instruct,
            # google/gemma-2-9b-it, databricks/dbrx-instruct
            or tail != tail.lower()
            or low_head in KNOWN_HUB_ORGS
            or (low_head == "google" and tail.startswith("gemma"))
        )
        name = tail if low_head in ROUTES and not keep else value
        at = m.start(2) + (len(value) - len(name))
        flags = [f"route:{router}", f"provider:{provider}"]
        _emit(
            ctx,
            name,
            at,
            ctx.lines.line_col,
            family,
            comment_lines,
            marker,
            ctx.text,
            flags,
            over_hub=True,
        )


class _TextLines:
    """Docstring and help-text lines of a Python file, parsed only when a name is found
    (most files that pass the prefilter hold none, and the hook must not parse twice)."""

    __slots__ = ("_lines", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._lines: frozenset[int] | None = None

    def __contains__(self, line: object) -> bool:
        if self._lines is None:
            self._lines = _python_text_lines(self._text)
        return line in self._lines

    def __bool__(self) -> bool:
        return True


def _scan_docs(ctx: FileContext) -> None:
    from importlib import import_module

    # by name, as the extractor registry loads it (docs itself uses the registry)
    docs = import_module("modeldeps.extract.docs")

    name = ctx.rel_path.lower()
    lines = ctx.text.split("\n")
    if name.endswith(".rst"):
        blocks = docs.rst_blocks(lines)
    elif name.endswith((".adoc", ".asciidoc")):
        blocks = docs.adoc_blocks(lines)
    else:
        blocks = docs.fenced_blocks(lines)
    saved = ctx.scope
    ctx.scope = Scope.DOCS
    try:
        for block in blocks:
            family = block.family or docs.sniff(block.lines)
            if family not in _BLOCK_SCANNED:
                continue
            body = "\n".join(block.lines)
            first = block.first_line

            def pos(offset: int, b: str = body, f: int = first) -> tuple[int, int]:
                line = b.count("\n", 0, offset)
                return f + line, offset - (b.rfind("\n", 0, offset) + 1) + 1

            scan_text(ctx, body, pos, family, frozenset())
    finally:
        ctx.scope = saved
    _scan_prose(ctx, blocks)


# Inline code in prose that is a provider's name and nothing else: `gpt-5-mini`,
# `anthropic.claude-sonnet-4-20250514-v1:0` (prose names families; code spans, values).
_INLINE_NAME_RE = lazy(r"(?<!`)`([A-Za-z0-9][\w.:@/-]{2,100})`(?!`)")


def _scan_prose(ctx: FileContext, blocks: list[Any]) -> None:
    in_block: set[int] = set()
    for block in blocks:  # the fences too: a block's lines are one either side
        in_block.update(range(block.first_line - 1, block.first_line + len(block.lines) + 1))
    saved = ctx.scope
    ctx.scope = Scope.DOCS  # (prose: reported apart by its label, not by a scope of its own)
    try:
        # prose with its code blocks blanked (offsets stay the page's): the names it
        # writes as values, and the distinctive ones it mentions (`4o`: gpt-4o)
        lines = ctx.text.split("\n")
        prose = "\n".join(
            " " * len(ln) if k + 1 in in_block or ln.lstrip().startswith(("<img", "![")) else ln
            for k, ln in enumerate(lines)
        )
        scan_text(ctx, prose, None, "markdown", frozenset(), prose=True)
        if "|" in prose:
            _provider_tables(ctx, prose)
        for m in _INLINE_NAME_RE.finditer(ctx.text):
            value = m.group(1)
            line, _col = ctx.lines.line_col(m.start(1))
            if line in in_block or _NAME_RE.fullmatch(value) is None:
                continue
            low = value.lower()
            if (
                low in _SHORT
                or not _name_ok(low)
                or (value != low and not _BEDROCK_RE.match(value))
            ):
                continue
            _emit(
                ctx,
                value,
                m.start(1),
                ctx.lines.line_col,
                "markdown",
                frozenset(),
                None,
                ctx.text,
                [],
            )
    finally:
        ctx.scope = saved


_LINK_NAME_RE = lazy(r"\[([^\]\n]{1,80})\]\(")
_ITEM_SPLIT_RE = lazy(r"<br\s*/?>|,|;")
# A provider's model id as a table lists it: lower case, in parts (glm-4.5-air, reka-flash)
_LISTED_NAME_RE = lazy(r"[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+")
_PROVIDER_HEAD_RE = lazy(r"\b(?:providers?|platforms?|vendors?|services?)\b")
_MODELS_HEAD_RE = lazy(
    r"(?:supported |available )?models?(?: (?:names?|types?|ids?))?(?:\(s\))?(?: supported)?"
)
# Providers' display names in such tables, lower-cased without spaces, beyond ROUTES
_ROUTE_PROVIDERS = frozenset(p.replace("-", "") for p in ROUTES.values())
_PROVIDER_WORDS = frozenset(
    "azureopenai mistralai moonshot zhipuai zhipu qwen baidu ernie reka internlm yi "
    "sambanova deepseek gemini google anthropic cohere groq together minimax modelscope "
    "siliconflow volcengine ark stepfun openrouter aws awsbedrock bedrock vertexai".split()
)
# (a table row for a local server lists its tags: the routes and integration folders of
# local servers, as a table writes them)
_LOCAL_SERVERS = _LOCAL_ROUTES | _LOCAL_DIRS | {"llama.cpp", "sglang", "tgi"}


def _provider_tables(ctx: FileContext, prose: str) -> None:
    """A documentation table with a provider column and a models column (| Provider |
    Models |): each row's listed names are that provider's hosted models."""
    lines = prose.split("\n")
    offset = 0
    columns: tuple[int, int] | None = None
    previous = ""
    for text in lines:
        start, offset = offset, offset + len(text) + 1
        stripped = text.strip()
        if not stripped.startswith("|"):
            columns = None
        elif TABLE_RULE_RE.match(stripped):
            heads = [c.strip(" *_`").lower() for c in previous.split("|")]
            provider = next((i for i, h in enumerate(heads) if _PROVIDER_HEAD_RE.search(h)), -1)
            models = next((i for i, h in enumerate(heads) if _MODELS_HEAD_RE.fullmatch(h)), -1)
            columns = (provider, models) if provider >= 0 and models >= 0 else None
        elif columns is not None:
            cells = text.split("|")
            if max(columns) >= len(cells):
                continue
            name = cells[columns[0]].strip(" *_`")
            if name.startswith("[") and (link := _LINK_NAME_RE.match(name)) is not None:
                name = link.group(1).strip(" *_`")  # | [Cerebras](/providers/cerebras) |
            name = name.lower().replace(" ", "")
            if name in _LOCAL_SERVERS:
                continue
            # a provider we know (or, for any other row, names of the providers' grammar)
            known = name in ROUTES or name in _ROUTE_PROVIDERS or name in _PROVIDER_WORDS
            at = start + sum(len(c) + 1 for c in cells[: columns[1]])
            cell = cells[columns[1]]
            flags = [f"provider:{ROUTES[name]}"] if name in ROUTES else []
            pos = 0
            for part in _ITEM_SPLIT_RE.split(cell):
                item = part.strip(" `*")
                lead = part.find(item) if item else 0
                where = at + pos + lead
                pos += len(part)
                pos += len(m.group(0)) if (m := _ITEM_SPLIT_RE.match(cell, pos)) else 0
                if (
                    item
                    and _LISTED_NAME_RE.fullmatch(item)
                    and not _placeholder(item)
                    and (known or _NAME_RE.fullmatch(item) is not None)
                ):
                    _emit(
                        ctx,
                        item,
                        where,
                        ctx.lines.line_col,
                        "markdown",
                        frozenset(),
                        None,
                        prose,
                        flags,
                    )
        previous = stripped


def _scan_notebook(ctx: FileContext) -> None:
    import json
    from importlib import import_module

    from modeldeps.extract.base import LineIndex

    nbmod = import_module("modeldeps.extract.notebook")  # by name, as the registry does
    _cells, _Locator = nbmod._cells, nbmod._Locator
    _normalized, _source_lines = nbmod._normalized, nbmod._source_lines

    try:
        nb = json.loads(ctx.text)
    except (ValueError, RecursionError):
        return
    cells = _cells(nb)
    if not cells:
        return
    locator = _Locator(ctx)
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        lines = _source_lines(cell)
        if lines is None:
            continue
        lines, file_lines = _normalized(lines, locator.cell_lines(cell, lines))
        text = "".join(lines)
        index = LineIndex(text)

        def pos(offset: int, fl: list[int] = file_lines, ix: LineIndex = index) -> tuple[int, int]:
            line, col = ix.line_col(offset)
            return fl[min(line, len(fl)) - 1] if fl else line, col

        scan_text(ctx, text, pos, "python", frozenset())


def _python_text_lines(text: str) -> frozenset[int]:
    """Lines of docstrings and help= texts (comment scope), when the file parses."""
    import ast

    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return frozenset()
    out: set[int] = set()

    def mark(node: ast.AST) -> None:
        first = int(getattr(node, "lineno", 0) or 0)
        end = int(getattr(node, "end_lineno", None) or first)
        out.update(range(first, end + 1))

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                mark(body[0])
        elif isinstance(node, ast.keyword) and node.arg in ("help", "description", "epilog"):
            mark(node.value)
    return frozenset(out)


def scan_text(
    ctx: FileContext,
    text: str,
    pos: PosFn | None,
    family: str,
    comment_lines: frozenset[int] | _TextLines,
    *,
    prose: bool = False,
) -> None:
    """Report the API models in ``text`` (the file's text when ``pos`` is None);
    ``prose``: documentation text outside code, where a short mention is no value."""
    where = pos or ctx.lines.line_col
    marker = _COMMENT_MARKER.get(family)

    def emit(model_id: str, at: int, flags: list[str], over_hub: bool = False) -> None:
        _emit(
            ctx,
            model_id,
            at,
            where,
            family,
            comment_lines,
            marker,
            text,
            flags,
            over_hub=over_hub,
        )

    taken: list[tuple[int, int]] = []
    deferred: list[tuple[str, int, list[str]]] = []
    accepted = 0
    pairs = _provider_lines(text) if family in ("yaml", "json", "toml", "shell") else {}
    # a file that routes through LiteLLM-style names: "cerebras/llama-3.3-70b" there is
    # the provider's model, even under a namespace that also publishes on the Hub
    routing = any(w in text for w in _ROUTING_WORDS)
    # a table of provider routes: its lower-case names are the providers' (a Hub repo
    # keeps its capitals: moonshotai/Kimi-K2.6 beside anthropic/claude-3-opus stays one)
    table = not routing and _route_table(text)
    for m in _NAME_RE.finditer(text):
        start, end = m.start(), m.end()
        name = m.group(0)
        while name and name[-1] == ".":
            name = name[:-1]
            end -= 1
        if name.endswith("-"):
            continue  # "gpt-4-" in model, 'gpt-4-...': a prefix test or an elision, no name
        bedrock = _BEDROCK_RE.fullmatch(name) is not None
        if not name or _after_blocks(text, end, bedrock):
            continue
        route, token_start, id_start = _route_before(text, start)
        if route is False or route in _LOCAL_ROUTES:
            continue
        low = name.lower()
        if low.endswith(_FILE_EXT) or not _name_ok(low):
            continue
        if not route and name != low and not bedrock:
            continue  # "GPT-4", "Claude-3": display names; providers' ids are lower case
        if (
            route in _HUB_NAMESPACES
            and text[start - 1] == "/"
            and (name != low or low.startswith("gemma"))
        ):
            continue  # mistralai/Devstral-Small-2505, google/gemma-3-27b-it: Hub repos
        line_start = text.rfind("\n", 0, start) + 1
        if _ALIAS_BEFORE_RE.search(text, max(line_start, token_start - 80), token_start):
            continue  # "model_alias": "gpt-4": the name a local server answers to
        whole_line = _whole_line(text, token_start, end)
        if not (
            whole_line
            or _evidence(text, token_start, end, family, bool(route) or bedrock)
            or (prose and _cell_item(text, token_start, end))
            or (
                # in a comment, a name specific enough to be one model ("Defaults to
                # gpt-3.5-turbo."; not "# Test gpt-4 case"), with the comment scope
                _distinctive(low)
                and (
                    len(low) >= 9
                    or (
                        not prose
                        and not _commented(text, token_start, family, comment_lines, where)
                    )
                    or (prose and _after_colon(text, token_start))
                )
            )
        ):
            continue
        flags = []
        if route:
            flags.append(f"route:{route}")
            provider = ROUTES.get(str(route))
            if provider:
                flags.append(f"provider:{provider}")
        elif low.startswith("accounts/fireworks/"):
            flags.append("provider:fireworks")
        elif pairs:
            near = _paired_provider(pairs, text.count("\n", 0, start) + 1)
            if near:
                flags.append(f"provider:{near}")
        model_id = text[id_start:end]
        if route == "openai" and low.startswith(_OPEN_WEIGHTS) and text[start - 1] == "/":
            model_id = text[start - len("openai/") : end]  # openai/gpt-oss-20b: the Hub id
        if low in _SHORT:
            head = text[max(0, line_start - 400) : start] if whole_line else text[line_start:start]
            if "model" not in head.lower() and not route:
                if text[token_start - 1 : token_start] in _QUOTES or (
                    prose and _cell_item(text, token_start, end)
                ):
                    deferred.append((model_id, token_start, flags))
                continue
        taken.append((token_start, end))
        accepted += 1
        over = (
            (routing or (table and model_id.islower()))
            and isinstance(route, str)
            and text[start - 1 : start] == "/"
            and route not in _HUB_NAMESPACES
            and route not in KNOWN_HUB_ORGS
        )
        emit(model_id, id_start, flags, over)
    routed_values = [*_ROUTED_LITERAL_RE.finditer(text)]
    if family in ("shell", "markdown") and "=" in text:
        routed_values += _ENV_ROUTED_RE.finditer(text)  # FAST_LLM=netmind:org/x (unquoted)
    for m in routed_values:
        route, sep, tail = m.group(2).lower(), m.group(3), m.group(4)
        base, colon, variant = tail.rpartition(":")
        if colon and variant in _VARIANTS:
            tail = base  # openrouter/org/name:free is the model org/name
        if tail.lower() in _VARIANTS:
            continue  # "openrouter/free": the router's own alias, no model
        if route not in ROUTES or any(s <= m.start(4) < e for s, e in taken):
            continue
        if sep == "/" and route in _HUB_NAMESPACES:
            continue
        low = tail.lower()
        if sep == ":" and (low[:1].isdigit() or low in ("latest", "instruct", "text")):
            continue  # mistral:7b is an Ollama tag
        if low.endswith(_FILE_EXT) or "//" in tail or _placeholder(tail):
            continue
        taken.append((m.start(4), m.end(4)))
        accepted += 1
        flags = [f"route:{route}", f"provider:{ROUTES[route]}"]
        over = routing or (table and tail.islower())
        env = m.group(1) == ""  # an environment entry's provider:org/x is that provider's
        emit(tail, m.start(4), flags, (over and sep == "/" and route not in KNOWN_HUB_ORGS) or env)
    if accepted >= 3:  # a table of models: its short names (o1, o3) are models too
        for model_id, at, flags in deferred:
            emit(model_id, at, flags)
    for m in _HUB_ROUTE_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        route = m.group(1).lower()
        hub_id = m.group(2)
        if (
            _placeholder(hub_id)
            or hub_id.lower().endswith(_FILE_EXT)
            or ("/" not in hub_id and not any(c.isdigit() for c in hub_id))
        ):
            continue
        before = text[m.start() - 1] if m.start() else "\n"
        if not _evidence(text, m.start(), m.end(), family, before in _QUOTES):
            continue
        flags = [f"route:{route}", f"provider:{ROUTES.get(route, route)}"]
        emit(hub_id, m.start(2), flags)
    # a router's client class (TogetherAI("org/x")) or model key (together_model: org/x):
    # the route to the Hub model, not a download
    routed = [
        *(_ROUTER_CLIENT_RE.finditer(text) if family in ("python", "js") and "(" in text else ()),
        *(_ROUTER_KEY_RE.finditer(text) if "_model" in text else ()),
    ]
    for m in routed:
        route = m.group(1).lower()
        flags = [f"route:{route}", f"provider:{ROUTES.get(route, route)}"]
        emit(m.group(2), m.start(2), flags, True)
    if family in ("python", "js") and (
        "base_url" in text or "baseURL" in text or "api_base" in text
    ):
        # an OpenAI-compatible client pointed at a hosted provider: its model is that
        # provider's route (ChatOpenAI(base_url="https://api.novita.ai/v3", model="org/x"))
        for item, at, provider in _hosted_clients(text):
            emit(item, at, [f"route:{provider}", f"provider:{provider}"], True)
    if family in ("python", "js") and "(" in text:
        for item, at, provider in _provider_clients(text):
            emit(item, at, [f"provider:{provider}"], True)
    if ":" in text:
        # Hugging Face's inference router picks a provider after the Hub id:
        # "deepseek-ai/DeepSeek-R1:novita", --model_name "Qwen/Qwen3-8B:together"
        for m in _HF_PROVIDER_SUFFIX_RE.finditer(text):
            provider = _HF_PROVIDERS[m.group(2).lower()]
            emit(m.group(1), m.start(1), ["route:huggingface", f"provider:{provider}"], True)
    if family == "js" and ("@ai-sdk/" in ctx.text or "ModelId" in text):
        for item, at, provider in _ai_sdk(text, "@ai-sdk/" in ctx.text):
            # a Hub id the provider serves is its route to that model (the Hub link is kept)
            emit(item, at, [f"provider:{provider}"], True)
    if family in _BLOCK_SCANNED and "model" in text:
        for item, at, provider, route in _provider_blocks(text):
            flags = [f"provider:{provider}"] + ([f"route:{route}"] if route else [])
            emit(item, at, flags, True)
    if family in ("python", "js") and "Azure" in text and _AZURE_CLIENT_RE.search(text):
        # model= on an Azure OpenAI client names a deployment unless it is a model name
        for m in _AZURE_MODEL_RE.finditer(text):
            value = m.group(1)
            if _NAME_RE.fullmatch(value) is None and not value.lower().startswith(("your", "<")):
                flags = ["provider:azure-openai", "deployment"]
                emit(value, m.start(1), flags)
    azure = "azure" in text.lower()  # (DeepSpeed-MII's deployment_name is its own)
    for m in _DEPLOYMENT_RE.finditer(text) if azure else ():
        value = m.group(2)
        if family in ("python", "js") and not m.group(1):
            continue  # azure_deployment: str, azure_deployment=azure_deployment: no value
        low = value.lower()
        if low.startswith(("your", "my-", "<", "$", "{")) or low in ("none", "null", "true"):
            continue
        flags = ["provider:azure-openai"]
        if _NAME_RE.fullmatch(value) is None:
            flags.append("deployment")
        emit(value, m.start(2), flags)


# A mapping keyed by a provider (``"mistral": {``, ``anthropic:``) that configures it: the
# model lists inside are that provider's names, whatever their shape (``kimi-k2.6``,
# ``qwen-plus``; a router's ``meta-llama/Llama-3.3-70B-Instruct`` is its Hub-model route).
_PROVIDER_ALIASES = {
    "moonshot": "moonshot",
    "kimi": "moonshot",
    "dashscope": "alibaba-cloud",
    "qwen": "alibaba-cloud",
    "zhipu": "zhipu",
    "zhipuai": "zhipu",
    "minimax": "minimax",
}
# Other names providers go by, in client classes, SDK functions and file names (the rest
# are ROUTES' and _PROVIDER_ALIASES' keys)
_PROVIDER_NAMES = {
    "togetherai": "together",
    "sambanovacloud": "sambanova",
    "nvidia": "nvidia-nim",
    "tongyi": "alibaba-cloud",
    "browseruse": "browser-use",
    "vertex": "google-vertex",
    "vertexanthropic": "google-vertex",
    "vertexmaas": "google-vertex",
    "amazonbedrock": "aws-bedrock",
    "gateway": "vercel",
}


def _provider_of(word: str) -> str:
    """The knowledge-base key of a provider named by a lower-case word."""
    return ROUTES.get(word) or _PROVIDER_NAMES.get(word) or _PROVIDER_ALIASES.get(word) or word


_PROVIDER_BLOCK_RE = lazy(
    r"""^([ \t]*)["']?([A-Za-z][\w-]{1,30})["']?[ \t]*[:=][ \t]*(?:dict\(|\{)?[ \t]*$""",
    MULTILINE,
)
# what a provider's configuration says besides its models
_PROVIDER_SETTINGS_RE = lazy(
    r"base_url|api_base|base_uri|endpoint|api_key|env_key|auth_", IGNORECASE
)
_MODELS_KEY_RE = lazy(
    r"""^[ \t]*["']?(?:[\w-]*[_-])?(?:models?|model_ids|model_names|model_list|chat_models)["']?"""
    r"""[ \t]*[:=][ \t]*[\[(]?""",
    IGNORECASE,
)
_ITEM_RE = lazy(r"""["']([A-Za-z0-9~][\w.:/@~-]{1,100})["']""")
_YAML_ITEM_RE = lazy(r"""^[ \t]*-[ \t]+["']?([A-Za-z0-9~][\w.:/@~-]{1,100})["']?[ \t]*(?:#.*)?$""")


# Hosts of providers that serve models through an OpenAI-compatible API
_HOSTED = {
    "api.together.xyz": "together",
    "api.together.ai": "together",
    "api.groq.com": "groq",
    "api.fireworks.ai": "fireworks",
    "openrouter.ai": "openrouter",
    "api.deepinfra.com": "deepinfra",
    "api-inference.modelscope.cn": "modelscope",
    "api.novita.ai": "novita",
    "api.studio.nebius.ai": "nebius",
    "api.studio.nebius.com": "nebius",
    "api.hyperbolic.xyz": "hyperbolic",
    "integrate.api.nvidia.com": "nvidia-nim",
    "router.huggingface.co": "huggingface",
    "api.cerebras.ai": "cerebras",
    "api.sambanova.ai": "sambanova",
    "api.deepseek.com": "deepseek",
    "dashscope.aliyuncs.com": "alibaba-cloud",
    "api.mistral.ai": "mistral",
    "api.x.ai": "xai",
}
_BASE_URL_RE = lazy(r"""\b(?:base_url|baseURL|api_base)\s*[=:]\s*["']https?://([\w.-]+)""")
_CALL_MODEL_RE = lazy(r"""\bmodel(?:_name)?\s*[=:]\s*["']([A-Za-z0-9][\w.:/-]{1,120})["']""")


# A provider's own client class (LangChain's ChatCerebras, ChatGroq, ChatMistralAI,
# browser-use's ChatBrowserUse): its model= is that provider's name for the model, in
# whatever shape the provider chose (llama3.3-70b, bu-2-0). The OpenAI and Anthropic
# classes are left out: pointed at a local server, their names are its tags, and their
# own names are in the grammar.
_CLIENT_WORDS = (
    "cerebras sambanovacloud sambanova together fireworks deepinfra nvidia perplexity xai "
    "deepseek mistralai cohere writer upstage tongyi zhipuai moonshot browseruse groq novita"
).split()
_CLIENT_CLASS_RE = lazy(r"\b(?:Chat|Async)(" + "|".join(_CLIENT_WORDS) + r")(?:AI)?\(", IGNORECASE)
# any call that says which provider serves its model: f("mixtral-8x7b", provider="groq")
# (providers whose compatible endpoints serve local tags and Hub ids under any name)
_OWN_CLIENTS = frozenset({"openai", "huggingface", "azure", "azure_openai"})
_PROVIDER_ARG_RE = lazy(r"""\b(?:model_)?provider\s*=\s*["']([a-z][\w-]*)["']""")
_FIRST_ARG_RE = lazy(r"""\(\s*["']([A-Za-z0-9][\w.:-]{1,100})["']\s*[,)]""")
_NAME_VALUE_RE = lazy(r"[A-Za-z0-9][\w.:-]{1,100}")


# The Vercel AI SDK's provider functions (@ai-sdk/<provider>): openai("gpt-4o"),
# togetherai("org/x"), huggingFace.responses("org/x"), deepSeek.chat("deepseek-chat").
_AI_SDK_WORDS = (
    "openai azure anthropic google vertexanthropic vertexmaas vertex amazonbedrock bedrock "
    "mistral cohere xai deepseek groq cerebras togetherai fireworks deepinfra perplexity "
    "huggingface openrouter baseten moonshotai alibaba gateway"
).split()
_AI_SDK_CALL_RE = lazy(
    r"(?<![\w.$])(" + "|".join(_AI_SDK_WORDS) + r")"
    r"(?:\.(?:chat|languageModel|responses|image|imageModel|embedding|embeddingModel"
    r"|textEmbedding|textEmbeddingModel|reranking|rerankingModel|transcription|speech"
    r"|completion|chatModel|completionModel|video|videoModel))?"
    r"""\(\s*(["'`])([A-Za-z0-9][\w.:/@-]{1,120})\2""",
    IGNORECASE,
)
# A TypeScript union of a provider's model ids: export type MistralChatModelId =
# | 'ministral-14b-latest' | ... | (string & {}) (the AI SDK's and LangChain.js' form)
_MODEL_ID_TYPE_RE = lazy(
    r"\btype[ \t]+([A-Z][A-Za-z0-9]*?)(?:Chat|Completion|Embedding|Image|Responses|Language"
    r"|Speech|Transcription|Reranking|Video)*Model(?:Id|Name)s?[ \t]*=([^;]{0,20000})"
)
_UNION_ITEM_RE = lazy(r"""\|[ \t\r\n]*(["'])([A-Za-z0-9][\w.:/@-]{1,120})\1""")


# Hugging Face Inference Providers, as the router's model:provider suffix names them
_HF_PROVIDERS = {
    "together": "together",
    "groq": "groq",
    "cerebras": "cerebras",
    "novita": "novita",
    "nebius": "nebius",
    "fireworks-ai": "fireworks",
    "sambanova": "sambanova",
    "hyperbolic": "hyperbolic",
    "featherless-ai": "featherless",
    "nscale": "nscale",
    "cohere": "cohere",
    "replicate": "replicate",
    "fal-ai": "fal",
    "scaleway": "scaleway",
    "ovhcloud": "ovhcloud",
    "publicai": "publicai",
    "hf-inference": "huggingface",
    "fastest": "huggingface",
    "cheapest": "huggingface",
    "preferred": "huggingface",
}
_HF_PROVIDER_SUFFIX_RE = lazy(
    r"""(?<=[\s"'`=(\[,])([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*):("""
    + "|".join(sorted(_HF_PROVIDERS, key=len, reverse=True))
    + r""")(?=["'`\s,)\]]|$)""",
    IGNORECASE | MULTILINE,
)


def _ai_sdk(text: str, calls: bool) -> list[tuple[str, int, str]]:
    """(model, offset, provider) for each model-id union type and, in a file importing
    the SDK (``calls``), each provider call."""
    out: list[tuple[str, int, str]] = []
    for m in _AI_SDK_CALL_RE.finditer(text) if calls else ():
        out.append((m.group(3), m.start(3), _provider_of(m.group(1).lower())))
    for m in _MODEL_ID_TYPE_RE.finditer(text) if "type " in text else ():
        head = m.group(1).lower()
        if head not in ROUTES and head not in _AI_SDK_WORDS:
            continue
        provider = _provider_of(head)
        for item in _UNION_ITEM_RE.finditer(m.group(2)):
            out.append((item.group(2), m.start(2) + item.start(2), provider))
    return [
        (v, at, p)
        for v, at, p in out
        if not _placeholder(v) and not v.lower().endswith(_FILE_EXT) and "//" not in v
    ]


def _call_span(text: str, start: int, end: int, ahead: int = 600) -> tuple[int, int]:
    """The call around ``text[start:end]``: back to its opening bracket, on to its closing
    one (a window around it when they are too far)."""
    open_ = text.rfind("(", max(0, start - 400), start + 1)
    close = text.find(")", end, end + ahead)
    return (
        open_ if open_ != -1 else max(0, start - 200),
        close if close != -1 else min(len(text), end + 200),
    )


def _provider_clients(text: str) -> list[tuple[str, int, str]]:
    """(model, offset, provider) for a provider's client class and for a call naming its
    provider=, whose model is not a Hub id (router classes take those) nor a name the
    grammar already knows."""
    out: list[tuple[str, int, str]] = []
    spans: list[tuple[int, int, str]] = []
    for m in _CLIENT_CLASS_RE.finditer(text):
        start, end = _call_span(text, m.end() - 1, m.end() - 1)
        spans.append((start, end, _provider_of(m.group(1).lower())))
    for m in _PROVIDER_ARG_RE.finditer(text) if "provider" in text else ():
        route = m.group(1)
        if route in ROUTES and route not in _LOCAL_ROUTES and route not in _OWN_CLIENTS:
            start, end = _call_span(text, m.start(), m.start())
            spans.append((start, end, ROUTES[route]))
    for start, end, provider in spans:
        found = [*_CALL_MODEL_RE.finditer(text, start, end)]
        first = _FIRST_ARG_RE.match(text, start) if not found else None
        for mm in found or ([first] if first else []):
            value = mm.group(1)
            if (
                "/" in value
                or _NAME_VALUE_RE.fullmatch(value) is None
                or _NAME_RE.fullmatch(value) is not None
                or _placeholder(value)
                or value.lower().endswith(_FILE_EXT)
            ):
                continue
            out.append((value, mm.start(1), provider))
    return out


def _hosted_clients(text: str) -> list[tuple[str, int, str]]:
    """(model, offset, provider) for each ``model=`` in the same call as a ``base_url``
    on a hosted provider's host."""
    out: list[tuple[str, int, str]] = []
    for m in _BASE_URL_RE.finditer(text):
        host = m.group(1).lower()
        provider = _HOSTED.get(host) or next(
            (p for h, p in _HOSTED.items() if host.endswith("." + h)), None
        )
        if provider is None:
            continue
        start, end = _call_span(text, m.start(), m.end(), ahead=400)
        for mm in _CALL_MODEL_RE.finditer(text, start, end):
            if not _placeholder(mm.group(1)):
                out.append((mm.group(1), mm.start(1), provider))
    return out


def _provider_blocks(text: str) -> list[tuple[str, int, str, str | None]]:
    """(name, offset, provider, route) for each item of a model list in a provider's block."""
    out: list[tuple[str, int, str, str | None]] = []
    for m in _PROVIDER_BLOCK_RE.finditer(text):
        key = m.group(2).lower()
        provider = ROUTES.get(key) or _PROVIDER_ALIASES.get(key)
        if provider is None or key in _LOCAL_ROUTES:
            continue
        indent = len(m.group(1).expandtabs())
        end = m.end()
        while end < len(text):  # the block: the lines indented deeper than its key
            nl = text.find("\n", end + 1)
            nl = len(text) if nl == -1 else nl
            line = text[end + 1 : nl]
            if line.strip() and len(line.expandtabs()) - len(line.expandtabs().lstrip()) <= indent:
                break
            end = nl
        block = text[m.end() : end]
        if not _PROVIDER_SETTINGS_RE.search(block):
            continue
        route = key if provider in ("openrouter", "huggingface", "together", "fireworks") else None
        out.extend(_block_models(text, m.end(), end, provider, route))
    return out


def _block_models(
    text: str, start: int, end: int, provider: str, route: str | None
) -> list[tuple[str, int, str, str | None]]:
    out: list[tuple[str, int, str, str | None]] = []
    in_list = False
    pos = start
    for line in text[start:end].split("\n"):
        line_at, pos = pos, pos + len(line) + 1
        km = _MODELS_KEY_RE.match(line)
        if km is not None and "pattern" not in line.lower():
            in_list = True
            rest, rest_at = line[km.end() :], line_at + km.end()
        elif in_list:
            rest, rest_at = line, line_at
            stripped = line.strip()
            if stripped and not stripped.startswith(("#", "//", "-", '"', "'", "]", ")")):
                in_list = False  # the next setting
                continue
        else:
            continue
        items = list(_ITEM_RE.finditer(rest))
        if not items and (ym := _YAML_ITEM_RE.match(rest)) is not None:
            items = [ym]
        for it in items:
            name = it.group(1).lstrip("~")
            head, slash, tail = name.partition("/")
            if (
                route
                and slash
                and (head.lower() == route or head.lower() in ROUTES)
                and not (head.lower() == "openai" and tail.lower().startswith(_OPEN_WEIGHTS))
            ):
                # openrouter/owl-alpha: the router's own model; anthropic/claude-sonnet-4-5:
                # the creator's API name (a Hub organisation's id stays whole: the route)
                name = tail
            base, colon, variant = name.rpartition(":")
            if colon and variant in _VARIANTS:
                name = base
            low = name.lower()
            if low.endswith(_FILE_EXT) or "://" in name or _placeholder(name) or low in _VARIANTS:
                continue  # (openrouter/free: the router's alias for whatever is free)
            if route is None and "/" in name:
                continue  # a provider of its own names: org/x is no name of its
            at = rest_at + it.start(1) + it.group(1).find(name)
            out.append((name, at, provider, route))
        if "]" in rest or ")" in rest:
            in_list = False
    return out


def _commented(
    text: str, at: int, family: str, comment_lines: frozenset[int] | _TextLines, where: PosFn
) -> bool:
    """Whether ``text[at]`` sits in a comment or docstring (mentions there need evidence)."""
    marker = _COMMENT_MARKER.get(family)
    head = text[text.rfind("\n", 0, at) + 1 : at]
    return bool(marker and _in_comment(head, marker)) or (
        bool(comment_lines) and where(at)[0] in comment_lines
    )


_ITEM_BEFORE = ("|", ",", "<br/>", "<br>", "<br />", ";")
_ITEM_AFTER = ("|", ",", "<br", ";")


def _cell_item(text: str, start: int, end: int) -> bool:
    """A name standing alone as an item of a table cell (``| **OpenAI** | gpt-4o<br/>o1,
    o3-mini |``): a table of models lists them as values."""
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].lstrip().startswith("|"):
        return False
    line_end = text.find("\n", end)
    head = text[line_start:start].rstrip(" \t`*")
    tail = text[end : line_end if line_end != -1 else len(text)].lstrip(" \t`*")
    return head.endswith(_ITEM_BEFORE) and tail.startswith(_ITEM_AFTER)


def _after_colon(text: str, at: int) -> bool:
    """A name written as a value in prose: ``- `4o`: gpt-4o``, ``default = gpt-4o``."""
    head = text[max(0, text.rfind("\n", 0, at) + 1, at - 80) : at]
    return head.rstrip(" `*").endswith((":", "="))


def _distinctive(low: str) -> bool:
    """A name no other thing is called (a version in it, long enough): it names the model
    wherever code, config or a comment says it (``"gpt-4o may update"``, ``# for gpt-4o``)."""
    return len(low) >= 5 and low not in _SHORT and any(c.isdigit() for c in low)


def _placeholder(value: str) -> bool:
    from modeldeps.extract.ids import is_placeholder

    low = value.lower()
    return low.startswith(("your", "my-", "my_", "<", "{", "$")) or is_placeholder(value)


def _provider_lines(text: str) -> dict[int, str]:
    """Line -> provider for each ``provider: X`` key a config states."""
    out: dict[int, str] = {}
    if "provider" not in text.lower() and "api_type" not in text:
        return out
    for m in _PROVIDER_KEY_RE.finditer(text):
        value = m.group(1).lower()
        key = ROUTES.get(value) or ("azure-openai" if value.startswith("azure") else None)
        if key:
            out[text.count("\n", 0, m.start(1)) + 1] = key
    return out


def _paired_provider(pairs: dict[int, str], line: int) -> str | None:
    """The provider a key states within four lines of a model name, nearest first."""
    for d in range(5):
        for at in (line - d, line + d):
            if at in pairs:
                return pairs[at]
    return None


def _whole_line(text: str, start: int, end: int) -> bool:
    """The token is all its line holds (a name per line in a text block), a comma aside."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end == -1 else line_end].strip()
    return not text[line_start:start].strip() and rest in ("", ",")


_SIZE_PART_RE = lazy(r"-\d+b(?:-|$)")


def _name_ok(low: str) -> bool:
    """Shape checks the grammar leaves open: a version in Claude and Gemini names."""
    if low.startswith("claude-"):
        return any(c.isdigit() for c in low) or low.startswith("claude-instant")
    if low.startswith(
        ("mistral-large-", "mistral-medium-", "mistral-small-")
    ) and _SIZE_PART_RE.search(low):
        return False  # mistral-large-3-675b-instruct: the open weights' name (a local preset)
    if low.startswith("gemini-"):
        return (
            any(c.isdigit() for c in low)
            or low in ("gemini-pro", "gemini-pro-vision")
            or low.endswith("-latest")
        )
    return True


def _after_blocks(text: str, end: int, bedrock: bool) -> bool:
    """Negative evidence right after the name: a path, an @version the name did not take,
    an Ollama-style ``:tag``, a longer word."""
    if end >= len(text):
        return False
    nxt = text[end]
    more = end + 1 < len(text) and text[end + 1].isalnum()
    if nxt in "/@" or nxt.isalnum() or nxt == "_":
        return True
    if nxt == "\\" and end + 1 < len(text) and text[end + 1] not in "\"'nrt\\":
        return True  # a pattern goes on: gpt-5\.[3456], gemini-3\.1-(?:flash|pro)
    if nxt == "(" and (bedrock or text[end + 1 : end + 3] == "?:"):
        # gemini-3-pro-image(?:-preview)?; deepSeek.chat(...) is a method, no Bedrock id
        return True
    if nxt == ":" and more:
        word = text[end + 1 : end + 10].split('"', 1)[0].split("'", 1)[0]
        if any(word.startswith(v) and not word[len(v) : len(v) + 1].isalnum() for v in _VARIANTS):
            return False
        return not bedrock  # llama3:8b is a local Ollama tag
    return nxt == "-" or (nxt == "." and more)  # "gpt-4-" in model is a prefix test


def _route_before(text: str, start: int) -> tuple[str | bool | None, int, int]:
    """(router prefix or None, where the token starts, where the reported id starts);
    False when the name follows a Hub namespace that is no router, a path or a URL."""
    from modeldeps.extract.ids import KNOWN_PUBLISHERS

    if start == 0 or text[start - 1] not in "/:":
        return None, start, start
    words: list[tuple[str, int, int]] = []  # (word, its start, where what follows starts)
    at = start
    while at > 0 and text[at - 1] in "/:" and len(words) < 4:
        sep = at - 1
        j = sep
        while j > 0 and (text[j - 1].isalnum() or text[j - 1] in "_-."):
            j -= 1
        default = j > 0 and text[j] == "-" and text[j - 1] == ":"
        if default:
            j += 1  # ${FAST_LLM:-openai:gpt-4o}: the default starts after ":-"
        word = text[j:sep].lower()
        if word in ("foundation-model", "inference-profile") and not words:
            return None, start, start  # a Bedrock ARN: ...::foundation-model/<model id>
        if not word:
            if j > 0 and text[j - 1] in _QUOTES and not words:
                return None, sep, at  # "/o1-mini" in model
            return False, start, start
        known = word in ROUTES or word in _LOCAL_ROUTES or word in _PATH_PREFIXES
        if not known and (word in KNOWN_PUBLISHERS or "." in word or len(words) >= 2):
            return False, start, start  # Xenova/gpt-4o, a host, a deep path
        words.append((word, j, at))
        at = j
        if default:
            break
    if at > 0 and (text[at - 1] in "/.@" or text[at - 1].isalnum()):
        return False, start, start  # https://host/openai/gpt-4o
    routes = [w for w in words if w[0] not in _PATH_PREFIXES]
    if any(w[0] in _LOCAL_ROUTES for w in routes):
        return next(w[0] for w in routes if w[0] in _LOCAL_ROUTES), at, start
    if not routes:
        return None, at, start
    outer = routes[-1]
    # the id after the outermost router: openrouter/anthropic/claude-3.5 -> anthropic/claude-3.5
    id_start = outer[2] if len(routes) > 1 else start
    return outer[0], at, id_start


def _route_table(text: str) -> bool:
    """A file listing three or more provider-routed literals (``"anthropic/claude-3-opus"``,
    ``"perplexity/sonar"``) routes its names: ``"cerebras/llama3.1-8b"`` there is the
    provider's model, not a Hub repository of that account."""
    if text.count("/") < 3:
        return False
    seen = 0
    for m in _ROUTED_LITERAL_RE.finditer(text):
        route = m.group(2).lower()
        if (
            m.group(3) == "/"
            and route in ROUTES
            and route not in HUB_ROUTES
            and route not in _HUB_NAMESPACES
            and route not in KNOWN_HUB_ORGS
        ):
            seen += 1
            if seen >= 3:
                return True
    return False


def _evidence(text: str, start: int, end: int, family: str, specific: bool) -> bool:
    """Whether the token at ``text[start:end]`` stands as a value. ``specific``: a routed
    or Bedrock id, which may also open a longer literal (``"bedrock/x ..."``)."""
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else "\n"
    if before in _QUOTES and after == before:
        return True  # the whole literal
    if before == "\\" or (before in _QUOTES and after == "\\"):
        return True  # an escaped literal (JSON in a string, notebook sources)
    if (
        (before in "|(^" or before in _QUOTES)
        and (after in "|)$" or after in _QUOTES)
        and (before == "|" or after == "|")
    ):
        # a whole name in a pattern's alternation: "gemini-pro-latest|gemini-...", not
        # a prefix the pattern goes on from: (gpt-4\.5|o3)(?:[-.]|$)
        return after != ")" or text[end + 1 : end + 2] in ("$", ")", "|", *_QUOTES)
    line_start = text.rfind("\n", 0, start) + 1
    head = text[line_start:start]
    if _MODEL_BEFORE_RE.search(head[-60:]):
        return True
    if family in ("yaml", "toml", "json") and after == ":" and not head.strip(" \t-\"'"):
        return True  # a key naming the model its settings are for
    if family in ("yaml", "toml", "shell", "json"):
        stripped = head.rstrip()
        if after in " \t\n\r,]#;}" or after == "\\":
            if stripped.endswith((":", "=", "- ", "-", "[", ",")) or not stripped:
                return True
            if family == "shell" and stripped.split()[-1:] and stripped.split()[-1].startswith("-"):
                return True
    return specific and before in _QUOTES


# Leading parts of a price table's key that say where, how big or on what terms, not
# which model: regions, image sizes and qualities, step counts, commitments, categories
_QUALIFIER_RE = lazy(
    r"(?:us|eu|global|apac|jp|au|[a-z]{2}(?:-gov)?-[a-z]+-\d|\d+-x-\d+|max-x-max|standard|hd|"
    r"low|medium|high|\d+-steps|\d+-month-commitment|speech|ranking)/",
    IGNORECASE,
)
# A route's tail that names a provider's feature or a router, not a model
_NOT_NAMES = frozenset({"pdf", "search", "search_api", "model_router", "router", "auto"})


def _emit(
    ctx: FileContext,
    model_id: str,
    offset: int,
    where: PosFn,
    family: str,
    comment_lines: frozenset[int] | _TextLines,
    marker: str | None,
    text: str,
    flags: list[str],
    *,
    over_hub: bool = False,
) -> None:
    line, col = where(offset)
    if ctx.ignored(line) is not None and not ctx.ignored(line):
        return
    file_line = line + ctx.line_shift
    low = model_id.lower()
    if low.startswith("models/"):
        model_id = model_id[len("models/") :]
    while "/" in model_id and (q := _QUALIFIER_RE.match(model_id)) is not None:
        # a price table's key qualifies the name: azure/us/gpt-4.1, 1024-x-1024/dall-e-3
        offset += q.end()
        model_id = model_id[q.end() :]
        col += q.end()
    if model_id.lower() in _NOT_NAMES:
        return
    span = text[max(0, offset - 80) : offset + len(model_id)].lower()
    for ref in ctx.references:  # a Hub reference at the same place wins
        hub = ref.model_id.lower()
        if ref.location.line != file_line or ref.asset is not Asset.MODEL:
            continue
        # the same place: the Hub id written across this offset (Xenova/gpt-4o)
        here = text[max(0, offset - len(hub)) : offset + len(hub)].lower()
        same = hub == low or low.endswith("/" + hub) or span.endswith(hub) or hub in here
        if not same:
            continue
        if not over_hub:
            return
        # ...unless the evidence says a router serves it (a provider's own list, a
        # router's client): the Hub reference written here goes
        ctx.references.remove(ref)
        ctx._seen.discard((ref.model_id, file_line))
        break
    key = ("api:" + model_id.lower(), file_line)
    if key in ctx._seen:  # a second rule on the same name may know who serves it
        if flags:
            _add_flags(ctx, model_id, file_line, flags)
        return
    ctx._seen.add(key)
    scope = ctx.scope
    line_start = text.rfind("\n", 0, offset) + 1
    head = text[line_start:offset]
    if line in comment_lines or (marker and _in_comment(head, marker)):
        scope = Scope.COMMENT
    suppressed = ctx.ignored(line)
    all_flags = set(flags)
    if suppressed:
        all_flags.update(f"ignore:{c}" for c in suppressed)
    ctx.references.append(
        Reference(
            model_id=model_id,
            revision=None,
            location=Location(ctx.rel_path, file_line, max(col, 1)),
            kind=_kind(family, head),
            flags=frozenset(all_flags),
            scope=scope,
            asset=Asset.API_MODEL,
        )
    )


def _add_flags(ctx: FileContext, model_id: str, line: int, flags: list[str]) -> None:
    from modeldeps.record import replace

    for i, ref in enumerate(ctx.references):
        if (
            ref.asset is Asset.API_MODEL
            and ref.location.line == line
            and ref.model_id.lower() == model_id.lower()
            and not any(f.startswith("provider:") for f in ref.flags)
        ):
            ctx.references[i] = replace(ref, flags=ref.flags | frozenset(flags))
            return


def _in_comment(head: str, marker: str) -> bool:
    """Whether a comment marker outside quotes precedes the token on its line."""
    if marker == "//" and head.lstrip().startswith(("*", "/*")):
        return True
    at = head.find(marker)
    while at != -1:
        part = head[:at]
        if part.count('"') % 2 == 0 and part.count("'") % 2 == 0 and part.count("`") % 2 == 0:
            return not (marker == "//" and at > 0 and head[at - 1] == ":")  # https://
        at = head.find(marker, at + 1)
    return False


def _kind(family: str, head: str) -> ReferenceKind:
    if family == "python":
        return ReferenceKind.PYTHON_CALL if "(" in head else ReferenceKind.PYTHON_ASSIGN
    if family == "js":
        return ReferenceKind.JS_CALL
    if family in ("yaml", "json", "toml"):
        return ReferenceKind.CONFIG_KEY
    if "--" in head or " -m " in head:
        return ReferenceKind.CLI_ARG
    return ReferenceKind.ENV_VAR
