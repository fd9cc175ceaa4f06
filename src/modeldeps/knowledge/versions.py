"""License text versions: a normalised-text hash, so a reformatted copy still matches.

The same license name has carried different texts (FLUX.1 [dev] 2024 vs v1.1.1 of
2025-06, NVIDIA's Open Model License of 2025-04 vs 2025-10, the Gemma Terms of Use
of 2024 vs 2026). ``licenses.yaml`` keys each known text by :func:`text_hash` and
its effective date; a repository's LICENSE file is hashed the same way when it is
read. Normalising drops what copies change without changing the terms: case,
whitespace and line breaks, Markdown emphasis, heading and list markers, curly
quotes and dashes.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"(?m)^\s*(?:[-*+>]|#{1,6}|\d+\.(?=\s))\s+|[*_`#>|]")
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\ufeff": None,
    }
)


def normalise(text: str) -> str:
    """The text as compared: lower case, plain quotes, no markup, single spaces."""
    text = text.translate(_QUOTES).replace("\r\n", "\n")
    text = _MARKUP.sub(" ", text)
    return _SPACE.sub(" ", text).strip().lower()


def text_hash(text: str) -> str:
    """sha256 (hex) of :func:`normalise` ``(text)``, as ``licenses.yaml`` ``versions`` keys it."""
    import hashlib

    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
