"""Prefilter: which files (and which lines) can hold a reference at all.

A file is decoded and parsed only when it holds something that can produce a
reference: a Hub URL form (``huggingface.co``, ``hf.co/``, ``hf://``,
``hf-hub:``), a legacy id or sentence-transformers short name, or an
id-shaped ``org/name`` token in a quoted or argument position. Words like
"model" are no evidence: an ML codebase says them in every file. URL and
legacy keywords are found in one Aho-Corasick pass over the lower-cased bytes
(the way gitleaks prefilters); id-shaped tokens by looking around each ``/``
(a C-speed ``find``), so a tree of ordinary ML code scans at disk speed. The
keyword lists below only gate the line-level passes inside a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

# huggingface:// is LocalAI's scheme for a Hub file (huggingface://org/x/model.gguf)
URL_KEYWORDS = ("huggingface.co", "hf.co/", "hf://", "huggingface://")
DATASET_ANCHORS = ("load_dataset(", "dataset_path", "dataset_args", "hf_repo=")

# Lower-case keywords that gate line-level passes inside a file that passed the
# prefilter: the Python analyser walks in full only statements holding one, and the
# shell pass reads only text holding one.
PYTHON_KEYWORDS = (
    "model", "pretrained", "tokeniz", "checkpoint", "adapter", "lora", "rerank", "repo",
    "pipeline", "encoder", "transformer", "llm", "hub", "huggingface", "inference", "peft",
    "snapshot", "single_file", "textual_inversion", "add_argument", "embed", "whisper",
    "mlx", "gliner", "setfit", "dataset", "hf_repo", "data_source", "data_path", "data_name",
    "load_data",
)  # fmt: skip
SHELL_KEYWORDS = (
    "model", "download", "vllm", "-hf", "pretrained", "tokeniz", "checkpoint", "adapter",
    "lora", "peft", "repo", "-m ", "dataset",
)  # fmt: skip


TYPE_CHECKING = False  # typing costs every hook run start-up time
if TYPE_CHECKING:
    from typing import Protocol

    class _Matcher(Protocol):
        def find_matches_as_indexes(
            self, haystack: bytes, overlapping: bool = ...
        ) -> list[tuple[int, int, int]]: ...


class _LoopMatcher:
    """Stand-in for the compiled matcher: one substring pass per keyword."""

    def __init__(self, patterns: Sequence[bytes]) -> None:
        self.patterns = list(patterns)

    def find_matches_as_indexes(
        self, haystack: bytes, overlapping: bool = False
    ) -> list[tuple[int, int, int]]:
        del overlapping
        out: list[tuple[int, int, int]] = []
        for i, pat in enumerate(self.patterns):
            at = haystack.find(pat)
            while at != -1:
                out.append((i, at, at + len(pat)))
                at = haystack.find(pat, at + 1)
        out.sort(key=lambda m: m[1])
        return out


def _compile(patterns: Sequence[bytes], *, dfa: bool = False) -> _Matcher:
    """``dfa``: build the deterministic automaton, for the matcher that reads every file:
    about 1 ms more to build, and with some 250 patterns it scans twice as fast as the
    default NFA (0.08 s against 0.19 s for 30 MB of ML code)."""
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - exercised only without the wheel
        return _LoopMatcher(patterns)
    if dfa:
        impl = ahocorasick_rs.Implementation.DFA
        matcher: _Matcher = ahocorasick_rs.BytesAhoCorasick(list(patterns), implementation=impl)
        return matcher
    return ahocorasick_rs.BytesAhoCorasick(list(patterns))


# What a hosted API model's name can start with or contain (lower case): a file holding
# none of them gets no API pass (extract/api.py decides the candidates it does hold).
API_KEYWORDS = (
    "gpt-3.5", "gpt-4", "gpt-5", "gpt-image", "gpt-realtime", "gpt-audio", "gpt-oss",
    "chatgpt-4o", "o1-", "o3-", "o4-", "\"o1", "'o1", "\"o3", "'o3", ": o1", ": o3", "=o1",
    "=o3", "text-embedding-", "davinci", "babbage-002", "moderation-", "dall-e-", "tts-1",
    "whisper-1", "claude-", "gemini-", "-bison", "-gecko", "text-unicorn", "imagen-",
    "command-r", "command-a", "command-light", "command-nightly", "embed-english",
    "embed-multilingual", "embed-v4", "rerank-", "mistral-large", "mistral-medium",
    "mistral-small", "mistral-tiny", "mistral-embed", "mistral-moderation", "mistral-saba",
    "mistral-ocr", "open-mistral", "open-mixtral", "codestral",
    "pixtral", "ministral", "magistral", "devstral", "grok-", "deepseek-chat", "deepseek-coder",
    "deepseek-reasoner", "sonar-", "jamba-", "j2-", "voyage-", "-8192", "-32768", "-instant",
    "-versatile", "meta.llama", "amazon.", "cohere.", "ai21.", "mistral.", "stability.",
    "deepseek.", "writer.", "qwen.", "openai.", "accounts/fireworks", "together_ai/",
    "together/", "together:", "fireworks_ai/", "fireworks/", "openrouter/", "deepinfra/",
    "groq/", "replicate/", "anyscale/", "sambanova/", "nvidia_nim/", "cerebras/", "novita/",
    "nebius/", "hyperbolic/", "azure_deployment", "deployment_name", "deployment_id",
    "deploymentname", "deploymentid", "azure_openai_", "azureopenai", "azurechatopenai",
    "createazure",
    "minimax-m", "gemma2-9b", "gemma-3", "learnlm-", "embedding-001", "computer-use-preview",
    "codex-mini", "sonar",
    # routers' client classes (ChatGroq(model="org/x")): their model is a route
    "chatgroq", "chatcerebras", "chatsambanova", "chattogether", "chatfireworks",
    "chatdeepinfra", "chatopenrouter", "togetherai", "groq(", "cerebras(", "fireworks(",
    "deepinfra(", "openrouter(",
    # providers' own client classes and calls naming their provider (extract/api.py)
    "chatmistralai", "chatnvidia", "chatperplexity", "chatxai", "chatdeepseek", "chatcohere",
    "chatupstage", "chattongyi", "chatzhipuai", "chatmoonshot", "chatwriter", "chatnovita",
    "chatbrowseruse", "provider=\"", "provider='", "provider = \"", "provider = '",
    # the AI SDK's provider packages and their model-id union types
    "@ai-sdk/", "modelid =", "modelid=",
    # Hugging Face's inference router: org/x:provider
    ":together", ":groq", ":cerebras", ":novita", ":nebius", ":fireworks-ai", ":sambanova",
    ":hyperbolic", ":featherless-ai", ":nscale", ":fal-ai", ":hf-inference", ":fastest",
    ":cheapest", ":scaleway", ":ovhcloud", ":publicai",
    # environment entries naming provider:model (FAST_LLM=netmind:org/x)
    "_llm=", "embedding=",
    # hosted providers' OpenAI-compatible endpoints (their clients' model= is a route)
    "api.together", "api.groq.com", "api.fireworks.ai", "openrouter.ai", "api.deepinfra",
    "modelscope.cn", "api.novita", "nebius.", "api.hyperbolic", "integrate.api.nvidia",
    "router.huggingface.co", "api.cerebras", "api.sambanova", "api.deepseek.com",
    "dashscope.aliyuncs", "api.mistral.ai", "api.x.ai",
    # router and framework prefixes (extract/api.py ROUTES) before any name
    "openai:", "openai/", "anthropic:", "anthropic/", "azure/", "azure:", "azure_ai/",
    "bedrock", "vertex_ai", "vertexai", "gemini/", "gemini:", "google-gla:", "google-vertex:",
    "google_genai:", "google_vertexai:", "mistral:", "mistral/", "mistralai:", "cohere:",
    "cohere/", "xai:", "xai/", "x-ai/", "grok:", "deepseek:", "deepseek/", "groq:", "perplexity",
    "watsonx/", "databricks/", "github/", "heroku:", "moonshotai:", "vercel:", "litellm",
    "openai-chat:", "openai-responses:", "crusoe:", "snowflake:", "zai:", "alibaba:",
    "together_model", "fireworks_model", "openrouter_model", "groq_model",
    "deepinfra_model", "replicate_model", "qwen-plus", "qwen-max", "qwen-turbo", "qwen-long",
    "qwen-flash", "qwen-coder", "qwen-vl-", "qwen3-max", "kimi-k2", "moonshot-v1", "palmyra-",
    "pplx-", "grok-code", "togetherai", "together(", "openrouter(", "glm-4-", "glm-4v-",
)  # fmt: skip


# Routers whose files list their routes: a module or page named after one
# (test_openrouter_client.py, 24-togetherai.mdx) holds the ids it serves, whether its own
# (OpenRouter's mistralai/mistral-medium-3.1 is no Hub repository) or Hub models'. Not
# Hugging Face: its modules and pages name models to download as often as routes.
ROUTER_FILES = (
    "openrouter", "togetherai", "together", "fireworks", "deepinfra", "groq", "cerebras",
    "sambanova", "novita", "nebius",
)  # fmt: skip


def router_of(rel_path: str) -> str | None:
    """The router a file's name has as a word of its own (``gather_together.py`` yes,
    ``togetherness.py`` no); the substring test first keeps this cheap on the hook's path."""
    name = rel_path.rpartition("/")[2].lower()
    if not any(r in name for r in ROUTER_FILES):
        return None
    import re

    words = set(re.split(r"[^a-z0-9]+", name))
    return next((r for r in ROUTER_FILES if r in words), None)


@lru_cache(maxsize=1)
def _anchor_matcher() -> tuple[_Matcher, int, int]:
    """URL keywords, then the legacy ids and short-name prefixes, then the API keywords
    (all lower case), with where the second and third groups start."""
    from modeldeps.extract.legacy import LEGACY_IDS, ST_SHORT_PREFIXES

    words = [*URL_KEYWORDS, "hf-hub:", "hf_hub:"]
    legacy = sorted({w.lower() for w in (*LEGACY_IDS, *ST_SHORT_PREFIXES) if w != "ctrl"})
    # An un-namespaced dataset is named only in a loading call or a task config's key
    legacy += list(DATASET_ANCHORS)
    patterns = [w.encode() for w in (*words, *legacy, *API_KEYWORDS)]
    return _compile(patterns, dfa=True), len(words), len(words) + len(legacy)


_ID_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_QUOTES = frozenset(b"\"'`")
_ARG_BEFORE = frozenset(b"=: \t,([\n*|>")  # (Markdown: **org/x**, | org/x |, > org/x)
_AFTER = frozenset(b"\"'`@ \t\n\r,)];:}#\\*|<")  # (<: <code>org/x</code>)
_ALNUM = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def has_id_token(data: bytes) -> bool:
    """Whether ``data`` holds an ``org/name``-shaped token where a value is written.

    That is: at the start of a quoted string (``"org/name"``, ``"models/org/x"``);
    after ``key:`` or ``=`` (``base_model: org/name``, ``MODEL=org/name``); next to a
    format placeholder (``f"{org}/name"``); or after a space, comma or bracket when the
    name has a digit, ``-`` or ``_`` (so ``total/count`` in arithmetic rarely counts).
    """
    find = data.find
    n = len(data)
    at = find(b"/")
    while at != -1:
        prev = data[at - 1] if at else 0x20
        nxt = data[at + 1] if at + 1 < n else 0x20
        if prev == 0x7D or nxt == 0x7B:
            return True  # {placeholder}/name, org/{placeholder}
        if prev not in _ID_BYTES or nxt not in _ALNUM:
            at = find(b"/", at + 1)  # `a / b`, `//`, `/path`: the cheap, common case
            continue
        start = at
        while start > 0 and at - start < 96 and data[start - 1] in _ID_BYTES:
            start -= 1
        if data[start] == 0x2D and start and data[start - 1] == 0x3A:
            start += 1  # ${MODEL:-org/name}: a shell parameter's default
        end = at + 1
        while end < n and end - at < 97 and data[end] in _ID_BYTES:
            end += 1
        if at - start >= 2 and end - at >= 3 and data[start] in _ALNUM and data[at + 1] in _ALNUM:
            before = data[start - 1] if start else 0x0A
            if before in _QUOTES:
                return True
            if before == 0x2D and data[start - 2] == 0x3A:
                return True  # (the default above)
            if before != 0x2F and (end == n or data[end] in _AFTER):
                back = start - 1
                while back >= 0 and data[back] in b" \t":
                    back -= 1
                if back >= 0 and data[back] in b":=":
                    return True
                if before in _ARG_BEFORE and any(c in data[at + 1 : end] for c in b"0123456789-_"):
                    return True
        at = find(b"/", end)
    return False


def probe(lowered: bytes) -> tuple[bool, bool]:
    """(an id-shaped token or legacy id occurs, a URL form occurs) in lower-cased bytes;
    the evidence is the same for every syntax."""
    has_id, has_url, _has_api = probe_all(lowered)
    return has_id, has_url


def probe_all(lowered: bytes) -> tuple[bool, bool, bool]:
    """:func:`probe` and whether a hosted API model's name may occur, in one pass."""
    matcher, n_url, n_hub = _anchor_matcher()
    has_id = has_url = has_api = False
    for index, _start, _end in matcher.find_matches_as_indexes(lowered, overlapping=True):
        if index < n_url:
            has_url = True
        elif index < n_hub:
            has_id = True
        else:
            has_api = True
        if has_id and has_url and has_api:
            return True, True, True
    return has_id or has_id_token(lowered), has_url, has_api


def keyword_lines(text: str, keywords: Sequence[str] = PYTHON_KEYWORDS) -> set[int]:
    """1-based numbers of the lines of ``text`` on which a keyword occurs."""
    matcher = _keyword_matcher(tuple(keywords))
    data = text.lower().encode("utf-8", "replace")
    hits = matcher.find_matches_as_indexes(data)
    if not hits:
        return set()
    lines: set[int] = set()
    line = 1
    pos = 0
    for _i, start, _end in hits:
        line += data.count(b"\n", pos, start)
        pos = start
        lines.add(line)
    return lines


@lru_cache(maxsize=8)
def _keyword_matcher(keywords: tuple[str, ...]) -> _Matcher:
    return _compile([k.encode() for k in keywords])
