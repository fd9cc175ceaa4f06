"""Comments, docstrings and help text: the models a file names where no code runs.

Projects name models in prose beside their code as often as in it: a module
docstring that shows how to run the script (``python train.py
--model_name_or_path org/name``), argparse ``help=`` and ``metadata={"help": ...}``
examples, commented-out alternatives (``# MODEL=org/other-model``,
``# model = AutoModel.from_pretrained("org/x")``), lists of example checkpoints.
These references get the ``comment`` scope, which the presets cap at warning.

The pass joins the comment texts (markers left out) with newlines, so a command
continued over several commented lines still reads as one, and maps each offset
there back to the file's line and column. That text goes through the same
evidence rules as code: flags and
assignments by :func:`~modeldeps.extract.base.key_strength`, loading calls
written as text, and bare id-shaped tokens only when they read like models
(:func:`~modeldeps.extract.candidates.decide`) and nothing on their line says
they are something else (a GitHub slug, a Docker image, a dataset).
"""

from __future__ import annotations

from modeldeps.extract import ids
from modeldeps.extract.base import FileContext, key_strength
from modeldeps.extract.datasets import key_strength as dataset_key_strength
from modeldeps.extract.ids import Strength
from modeldeps.extract.prefilter import URL_KEYWORDS
from modeldeps.lazyre import DOTALL, IGNORECASE, MULTILINE, lazy
from modeldeps.model import ReferenceKind, Scope

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from collections.abc import Callable

# Python: where strings and comments start.
_PYTOKEN_RE = lazy(r"""#|[rRbBuUfF]{0,2}(?:'''|\"\"\"|'|")""")
_PY_STRING_END = {
    '"""': lazy(r'(?:[^"\\]|\\.|"(?!""))*"""', DOTALL),
    "'''": lazy(r"(?:[^'\\]|\\.|'(?!''))*'''", DOTALL),
    '"': lazy(r'(?:[^"\\\n]|\\.)*"'),
    "'": lazy(r"(?:[^'\\\n]|\\.)*'"),
}
# a string is help text when one of these introduces it
_HELP_BEFORE_RE = lazy(
    r"""(?:\b(?:help|description|epilog|usage|doc)\s*=\s*|["']help["']\s*:\s*)\(?\s*$"""
)
# A command line inside any string: usage text printed or raised by a script
# ("e.g. 'python download-model.py facebook/opt-1.3b'", "litgpt download org/x")
_USAGE_RE = lazy(
    r"(?:^|(?<=[\s'\"`(:]))(?:python3?[ \t]+(?:-m[ \t]+[\w.]+|[\w./-]+\.py)|torchrun"
    r"|accelerate[ \t]+launch|deepspeed|litgpt[ \t]+\w+|huggingface-cli[ \t]+download"
    r"|hf[ \t]+download|vllm[ \t]+serve"
    r"|lm_eval|mlx_lm\.\w+|llamafactory-cli[ \t]+\w+|tune[ \t]+(?:run|download)"
    r"|axolotl[ \t]+\w+|sglang\.launch_server|text-generation-launcher)[ \t]+[-\w]"
)
# `#` comments of shell, YAML, TOML, .env, Dockerfiles, Makefiles: at a line's start or
# after a blank (``https://x/#frag`` and ``"a#b"`` are not comments)
_HASH_COMMENT_RE = lazy(r"(?:^|(?<=[ \t]))#[^\n]*", MULTILINE)
# Shell here-documents: usage text printed by a script (``cat <<EOF ... EOF``)
_HEREDOC_RE = lazy(
    r"""<<-?[ \t]*(["']?)([A-Za-z_][\w]*)\1[^\n]*\n(.*?)^[ \t]*\2[ \t]*$""", DOTALL | MULTILINE
)
_JS_COMMENT_RE = lazy(r"""(?<![:\\"'])//[^\n]*|/\*.*?(?:\*/|\Z)""", DOTALL)
_HTML_COMMENT_RE = lazy(r"<!--.*?(?:-->|\Z)", DOTALL)

# A bare id-shaped token: not part of a path or URL, not an e-mail or a package scope.
TOKEN_RE = lazy(
    r"(?<![\w./:@$%~-])([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*(?:@[\w.-]+)?)(?![\w/@-]|\.\w)"
)
# Un-namespaced legacy ids and sentence-transformers short names need a line that
# speaks of models.
_LEGACYTOKEN_RE = lazy(r"(?<![\w./:@$%~-])([A-Za-z][\w.-]*[\w])(?![\w/@(-])")
_MODEL_TALK_RE = lazy(
    r"\b(?:models?|checkpoints?|tokenizers?|encoders?|embeddings?|e\.g\.|for example|"
    r"such as|pretrained|pre-trained|backbone|base)\b",
    IGNORECASE,
)
# A key written in a comment: ``model: org/x``, ``model_name = "org/x"``.
# (the value ends where the path does: accounts/fireworks/models/x is no Hub id)
_KEY_VALUE_RE = lazy(
    r"""\b([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?([A-Za-z0-9][\w.-]*/[\w.@-]+)(?![\w.@/-])"""
)
# Words on a token's line that say it names something else.
_OTHER_THING_RE = lazy(
    r"github|gitlab|docker|ghcr\.io|\bimages\b|image:|container|pip install|npm |dataset|"
    r"load_dataset|issues?/|pull/|#\d|spaces/|license|copyright|\bpr\b|commit",
    IGNORECASE,
)


def comment_spans(text: str, family: str) -> list[tuple[int, int]]:
    """Offsets of the comment, docstring and help texts of ``text`` (markers left out),
    in file order; empty for a syntax without comments."""
    return sorted(_spans(text, family))


def _spans(text: str, family: str) -> list[tuple[int, int]]:
    if family == "python":
        return _python_spans(text)
    if family in ("shell", "yaml", "toml"):
        spans = [(m.start() + 1, m.end()) for m in _HASH_COMMENT_RE.finditer(text)]
        if family == "shell" and "<<" in text:
            spans.extend((m.start(3), m.end(3)) for m in _HEREDOC_RE.finditer(text))
        return spans
    if family == "js":
        return [_inner(m.start(), m.end(), text) for m in _JS_COMMENT_RE.finditer(text)]
    if family == "markdown":
        return [(m.start() + 4, m.end()) for m in _HTML_COMMENT_RE.finditer(text)]
    return []


def _inner(start: int, end: int, text: str) -> tuple[int, int]:
    """A JS comment without its ``//`` or ``/*``."""
    return (start + 2, end - 2 if text.startswith("*/", end - 2) else end)


def _python_spans(code: str) -> list[tuple[int, int]]:
    """Comments, docstrings (a triple-quoted string that is a statement of its own) and
    help strings of Python source, as offsets of their text."""
    spans: list[tuple[int, int]] = []
    pos = 0
    help_end = -1  # where the last help string closed: the next may continue it
    while (m := _PYTOKEN_RE.search(code, pos)) is not None:
        at = m.start()
        token = m.group(0)
        if token == "#":
            nl = code.find("\n", at)
            end = len(code) if nl == -1 else nl
            spans.append((at + 1, end))
            pos = end
            continue
        if at > 0 and (code[at - 1].isalnum() or code[at - 1] == "_"):
            pos = m.end()  # an identifier ending in r/b/u/f, then a quote: not a prefix
            continue
        quote = token.lstrip("rRbBuUfF")
        body_start = m.end()
        end_m = _PY_STRING_END[quote].match(code, body_start)
        end = end_m.end() if end_m is not None else len(code)
        line_start = code.rfind("\n", 0, at) + 1
        before = code[line_start:at]
        if len(quote) == 3 and not before.strip():
            spans.append((body_start, max(body_start, end - 3)))  # a docstring
        elif (
            _HELP_BEFORE_RE.search(code[max(line_start, at - 200) : at])
            # a message that shows how to run something: print("... python dl.py org/x")
            or _USAGE_RE.search(code, body_start, min(end, body_start + 4000)) is not None
            or (not before.strip() and _HELP_BEFORE_RE.search(code[max(0, line_start - 200) : at]))
            # help="..." "..." written over several lines: implicit concatenation
            or (help_end >= 0 and not code[help_end:at].strip())
        ):
            spans.append((body_start, max(body_start, end - len(quote))))
            help_end = end
        pos = end
    return spans


def extract_comments(ctx: FileContext, family: str) -> None:
    """Report the models the comments of ``ctx``'s file name, with the ``comment`` scope."""
    spans = comment_spans(ctx.text, family)
    if not spans:
        return
    _rescope(ctx, spans)
    body, where = _compact(ctx, spans)
    if not body.strip():
        return
    saved = ctx.scope
    ctx.scope = Scope.COMMENT
    try:
        _read(ctx, body, where)
    finally:
        ctx.scope = saved


def _compact(
    ctx: FileContext, spans: list[tuple[int, int]]
) -> tuple[str, Callable[[int], tuple[int, int]]]:
    """The comment texts joined by newlines (so a command continued over commented lines
    still reads as one), and the map from an offset there to the file's (line, column).
    The rules read only comment text: a copy of the whole file with its code blanked made
    them scan every byte of code as blanks."""
    from bisect import bisect_right

    pieces: list[str] = []
    starts: list[int] = []  # offset in the joined text where each span begins
    origins: list[int] = []  # offset in the file where it begins
    pos = 0
    done = 0
    for start, end in spans:
        if end <= done:
            continue
        start = max(start, done)
        starts.append(pos)
        origins.append(start)
        pieces.append(ctx.text[start:end])
        pos += end - start + 1
        done = end
    line_col = ctx.lines.line_col

    def where(offset: int) -> tuple[int, int]:
        k = bisect_right(starts, offset) - 1
        return line_col(origins[k] + offset - starts[k])

    return "\n".join(pieces), where


def _rescope(ctx: FileContext, spans: list[tuple[int, int]]) -> None:
    """References the file's own extractor found inside a comment (the shell pass reads
    commented command lines too) take the ``comment`` scope."""
    from bisect import bisect_right

    from modeldeps.record import replace

    starts = [a for a, _b in spans]
    for i, ref in enumerate(ctx.references):
        if ref.scope is Scope.COMMENT or ref.location.path != ctx.rel_path:
            continue
        at = ctx.lines.offset(ref.location.line - ctx.line_shift, ref.location.column)
        k = bisect_right(starts, at) - 1
        if k >= 0 and at < spans[k][1]:
            ctx.references[i] = replace(ref, scope=Scope.COMMENT)


def _read(ctx: FileContext, body: str, where: Callable[[int], tuple[int, int]]) -> None:
    from modeldeps.extract.candidates import decide
    from modeldeps.extract.text import scan_code_calls, scan_shell, scan_urls

    if any(tok in body for tok in URL_KEYWORDS):
        scan_urls(ctx, body, where)
    scan_shell(ctx, body, where)
    if "(" in body:
        scan_code_calls(ctx, body, where, ReferenceKind.PYTHON_TEXT)
    for m in _KEY_VALUE_RE.finditer(body):
        strength = key_strength(m.group(1))
        if strength is not None and not other_thing(body, m.start(2)):
            line, col = where(m.start(2))
            ctx.add(m.group(2).rstrip(".,;:"), line, col, ReferenceKind.PYTHON_TEXT, strength)
        elif strength is None and (ds := dataset_key_strength(m.group(1))) is not None:
            line, col = where(m.start(2))  # a commented dataset key: # dataset_name: org/x
            ctx.add_dataset(m.group(2).rstrip(".,;:"), line, col, ReferenceKind.PYTHON_TEXT, ds)
    ml = ctx.ml_context
    for m in TOKEN_RE.finditer(body):
        value = m.group(1).rstrip(".")
        if dataset_example(body, m.start(1)):
            line, col = where(m.start(1))  # help="HF dataset id, e.g. ashraq/esc50."
            ctx.add_dataset(value, line, col, ReferenceKind.PYTHON_TEXT, Strength.GENERIC)
            continue
        if other_thing(body, m.start(1)):
            continue
        if not decide(value) and not (
            ids.known_publisher(value) and plain_id(value) and talks_of_models(body, m.start(1))
        ):
            continue
        if not (ids.known_publisher(value) or _specific(value.rpartition("/")[2])):
            continue  # words in a sentence: handle/embedding, Harmony/gpt-oss, 4XX/5XX
        if not (ml or ids.known_publisher(value)):
            continue
        line, col = where(m.start(1))
        ctx.add(value, line, col, ReferenceKind.PYTHON_TEXT, Strength.GENERIC)
    if not ml:
        return
    for at, model_id in short_names(body):
        if not talks_of_models(body, at) or other_thing(body, at):
            continue
        line, col = where(at)
        ctx.add(model_id, line, col, ReferenceKind.PYTHON_TEXT, Strength.GENERIC)


def _specific(name: str) -> bool:
    """A repo name no sentence writes by chance: a version or size in parts
    (``zephyr-7b-beta``, ``airoboros-l2-70b-2.1``), or a long hyphenated name."""
    parts = sum(name.count(c) for c in "-_.")
    return (parts >= 1 and any(c.isdigit() for c in name)) or (parts >= 2 and len(name) >= 10)


def short_names(text: str) -> list[tuple[int, str]]:
    """(offset, Hub id) of the un-namespaced names in ``text`` specific enough to be a
    model: sentence-transformers short names (expanded) and legacy ids with a size,
    version or variant in them (``all-MiniLM-L6-v2``, ``gpt2``, ``roberta-large``)."""
    out: list[tuple[int, str]] = []
    for m in _LEGACYTOKEN_RE.finditer(text):
        value = m.group(1)
        expanded = ids.sentence_transformers_id(value)
        if expanded is None and not (
            ids.is_legacy_id(value) and any(c in value for c in "-0123456789")
        ):
            continue
        out.append((m.start(1), expanded or value))
    return out


def plain_id(value: str) -> bool:
    """An ``org/name`` that is none of the look-alikes (a path, a file, an API name)."""
    parsed = ids.normalize(value)
    if parsed is None or "/" not in parsed[0]:
        return False
    model_id = parsed[0]
    return not (
        ids.is_placeholder(model_id) or ids.is_api_model(model_id) or ids.looks_local(model_id)
    )


def _line_of(body: str, at: int) -> str:
    start = body.rfind("\n", max(0, at - 400), at) + 1
    end = body.find("\n", at, at + 400)
    return body[start : end if end != -1 else min(len(body), at + 400)]


def other_thing(body: str, at: int) -> bool:
    """Whether the line around ``body[at]`` says an id there names something else."""
    return _OTHER_THING_RE.search(_line_of(body, at)) is not None


# A line that gives a dataset as an example: "dataset name. Example: stas/openwebtext-10k"
_DATASET_EXAMPLE_RE = lazy(
    r"\bdatasets?\b.{0,80}?(?:e\.g\.|for example|example:|such as|like)|"
    r"(?:e\.g\.|for example|example:|such as)[^\n]{0,80}?\bdatasets?\b",
    IGNORECASE,
)
_NOT_DATASET_RE = lazy(r"github|gitlab|docker|\bmodels?\b|checkpoint|tokenizer", IGNORECASE)


def dataset_example(body: str, at: int) -> bool:
    """Whether the line around ``body[at]`` offers an id as an example of a dataset."""
    line = _line_of(body, at)
    return _DATASET_EXAMPLE_RE.search(line) is not None and not _NOT_DATASET_RE.search(line)


def talks_of_models(body: str, at: int) -> bool:
    return _MODEL_TALK_RE.search(_line_of(body, at)) is not None
