"""One-pass keyword prefilter: which files (and which lines) can hold a reference.

Each family has keywords, at least one of which any reference of that family
must contain (a call name, a model-ish key, a Hub URL). A file in which none
occurs is done without decoding or parsing. The search is a single
Aho-Corasick pass over the lower-cased bytes (the way gitleaks prefilters
with keywords); when the compiled matcher is not installed, a slower
substring loop gives the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

URL_KEYWORDS = ("huggingface.co", "hf.co/", "hf://")

# Lower-case keywords per family. Python's list is what the analyser needs to
# see in a statement before it walks that statement in full.
PYTHON_KEYWORDS = (
    "model", "pretrained", "tokeniz", "checkpoint", "adapter", "lora", "rerank", "repo",
    "pipeline", "encoder", "transformer", "llm", "hub", "huggingface", "inference", "peft",
    "snapshot", "single_file", "textual_inversion", "add_argument", "embed", "whisper",
    "mlx", "gliner", "setfit",
)  # fmt: skip
CONFIG_KEYWORDS = (
    "model", "tokeniz", "checkpoint", "pretrained", "adapter", "lora", "rerank", "repo",
    "peft", "hub", "run", "command", "args", "script",
)  # fmt: skip
SHELL_KEYWORDS = (
    "model", "download", "vllm", "-hf", "pretrained", "tokeniz", "checkpoint", "adapter",
    "lora", "peft", "repo",
)  # fmt: skip
JS_KEYWORDS = ("pipeline", "from_pretrained", "model", "huggingface", "tokeniz")
MARKDOWN_KEYWORDS = ("model", "checkpoint", "tokeniz")

FAMILY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "python": PYTHON_KEYWORDS,
    "notebook": PYTHON_KEYWORDS,
    "yaml": CONFIG_KEYWORDS,
    "json": CONFIG_KEYWORDS,
    "toml": CONFIG_KEYWORDS,
    "shell": SHELL_KEYWORDS,
    "js": JS_KEYWORDS,
    "markdown": MARKDOWN_KEYWORDS,
    "text": (),
}


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


def _compile(patterns: Sequence[bytes]) -> _Matcher:
    try:
        import ahocorasick_rs
    except ImportError:  # pragma: no cover - exercised only without the wheel
        return _LoopMatcher(patterns)
    matcher: _Matcher = ahocorasick_rs.BytesAhoCorasick(list(patterns))
    return matcher


@lru_cache(maxsize=16)
def _family_matcher(family: str) -> tuple[_Matcher, int]:
    """Matcher over the family's keywords followed by the URL keywords."""
    words = FAMILY_KEYWORDS[family]
    return _compile([w.encode() for w in (*words, *URL_KEYWORDS)]), len(words)


def probe(lowered: bytes, family: str) -> tuple[bool, bool]:
    """(a family keyword occurs, a URL keyword occurs) in lower-cased bytes."""
    matcher, n_family = _family_matcher(family)
    has_family = has_url = False
    # Overlapping: "huggingface" (a family keyword) and "huggingface.co" (a URL keyword)
    # start at the same place, and a non-overlapping search reports only one of them.
    for index, _start, _end in matcher.find_matches_as_indexes(lowered, overlapping=True):
        if index < n_family:
            has_family = True
        else:
            has_url = True
        if has_family and has_url:
            break
    return has_family, has_url


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
