"""Text from outside is data, never control.

File names, model-card fields, LICENSE text, config keys and Hub answers are
written by someone else. Before any of it reaches a terminal, a CI log, a
report file, the cache or the lock, it passes through one of these:

- ``clean``: for storing (records built from Hub answers, read from the cache
  or the lock). Lone surrogates become U+FFFD, token-shaped strings are
  redacted. The value is otherwise unchanged.
- ``line``: for one field of human-readable output (text, ``-q``, stderr,
  ``explain``, annotations, Markdown). Control characters, C1, bidi and line
  separators and undecodable bytes (``surrogateescape``) are shown as
  ``\\xNN`` / ``\\uNNNN``; workflow-command openers (a leading ``:``,
  ``##[``) are broken; tokens are redacted. The result is one line.
- ``block``: a multi-line message (an error with its hint): each line as
  ``line``.
- ``guard``: a last pass over finished human-readable output: no line can be
  a GitHub workflow command (``::cmd::``, ``::stop-commands::``, ``##[cmd]``).
- ``json_safe``: finished JSON text: C1 and bidi characters and ``##[`` as
  ``\\uNNNN`` escapes, so a JSON report printed in a terminal or a CI log is
  inert and still parses to the same value.

It imports only ``modeldeps.lazyre``, which imports ``re`` on first use (the hook's
start-up budget).
"""

from __future__ import annotations

from modeldeps.lazyre import lazy

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    import re

# C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides and isolates
# (Trojan Source), the BOM and zero-width joiners used to hide text, and lone surrogates
# (undecodable bytes of a file name read with surrogateescape, or a Hub string's "\ud800").
_UNSAFE = lazy(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
# Tokens: Hugging Face user/org tokens (hf_ + 30 or more alphanumerics; real ones have 34),
# legacy api_ tokens, and any credential after "Bearer" or "Authorization:".
_TOKEN = lazy(
    r"\b(?:hf_[A-Za-z0-9]{30,}|api_(?:org_)?[A-Za-z0-9]{30,})\b"
    r"|(?P<lead>(?i:\b(?:authorization\s*[:=]\s*(?:bearer\s+|basic\s+)?|bearer(?:\s+|%20))))"
    r"(?!\*\*\*)(?!(?i:bearer|basic)\b)[A-Za-z0-9._~+/=%-]{6,}"
)
_UNSAFE_BUT_BREAKS = lazy(
    "[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
REDACTED = "***"
_OTHER_SURROGATES = lazy("[\ud800-\udc7f\udd00-\udfff]")
_SURROGATE = lazy("[\ud800-\udfff]")
_C1_JSON = lazy("[\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|(?<=##)\\[")


def redact(text: str, token: str | None = None) -> str:
    """``text`` with the given token and every token-shaped string replaced by ``***``."""
    if token:
        text = text.replace(token, REDACTED)
    if not _MAY_HOLD_TOKEN(text):
        return text  # most strings: no need to compile the token pattern at all
    return _TOKEN.sub(_redacted, text)


def _MAY_HOLD_TOKEN(text: str) -> bool:
    low = text.lower()
    return "hf_" in low or "api_" in low or "bearer" in low or "authorization" in low


def _redacted(match: re.Match[str]) -> str:
    return (match.group("lead") or "") + REDACTED


def clean(text: str, token: str | None = None) -> str:
    """A string fit to store: valid Unicode (lone surrogates as U+FFFD), no token."""
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return redact(text, token)


def has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\x{code:02x}")
    return f"\\u{code:04x}"


def line(text: str, *, breaks: bool = False) -> str:
    """One field of human-readable output, safe for a terminal and a CI log (see module doc).

    ``breaks=True`` leaves CR and LF for the caller to encode (workflow-command escaping
    carries them losslessly as %0D / %0A).
    """
    text = redact(text)
    if not (text.isascii() and text.isprintable()):  # printable ASCII needs no escaping
        unsafe = _UNSAFE_BUT_BREAKS if breaks else _UNSAFE
        if unsafe.search(text):
            text = unsafe.sub(_escape, text)
    if "##[" in text:
        text = text.replace("##[", "#\\x23[")
    stripped = text.lstrip()
    if stripped.startswith(":"):
        at = len(text) - len(stripped)
        text = text[:at] + "\\x3a" + text[at + 1 :]
    return text


def block(text: str) -> str:
    """A multi-line message: every line made safe as ``line``; the line breaks are kept."""
    return "\n".join(line(part) for part in text.split("\n"))


def guard(text: str) -> str:
    """Finished human-readable output in which no line is a workflow command."""
    if "::" not in text and "##[" not in text:
        return text
    out = []
    for part in text.split("\n"):
        stripped = part.lstrip()
        if stripped.startswith("::"):
            at = len(part) - len(stripped)
            part = part[:at] + "\\x3a" + part[at + 1 :]
        out.append(part.replace("##[", "#\\x23["))
    return "\n".join(out)


def json_safe(text: str) -> str:
    """Finished JSON (ensure_ascii=False) with invisible and log-control characters escaped.

    They can only occur inside JSON strings, where ``\\uNNNN`` means the same character.
    """
    if not _C1_JSON.search(text):
        return text
    return _C1_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def deep_clean(value: object) -> object:
    """``clean`` applied to every string in a JSON-like value (keys too)."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {deep_clean(k): deep_clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [deep_clean(v) for v in value]
    return value


def uri(path: str) -> str:
    """A scan-root relative path as a relative URI reference: percent-encoded from its bytes.

    Undecodable bytes (surrogateescape) are encoded as the bytes they were, so the URI names
    the same file; ``:`` in a first segment, ``?``, ``#`` and ``%`` cannot change its meaning.
    """
    from urllib.parse import quote

    path = redact(path)
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        raw = _OTHER_SURROGATES.sub("\ufffd", path).encode("utf-8", "surrogateescape")
    out = quote(raw, safe="/-._~!$&'()*+,;=@")
    if out.startswith("//"):  # would read as an authority
        out = "%2F" + out[1:]
    return out
