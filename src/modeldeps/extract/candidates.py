"""Candidates from string literals, decided by evidence rather than by the call around them.

The syntax extractors know the calls, keys and flags that name models. Real
code also names models where no such rule looks: registries of model metadata
(``name="Qwen/Qwen3-Embedding-0.6B"``), lists of checkpoints to evaluate,
test assertions, fixtures returning an id, launchers taking one, command lines
built as strings. So every quoted literal of a code file is a candidate, and
it is kept when the evidence is there:

* the whole literal is a Hub id (``org/name``, a legacy id such as
  ``bert-base-uncased``, ``hf-hub:``/``hf://`` forms), the name reads like a
  model (a size, version, family or variant), the file shows machine-learning
  context or the namespace is a known model publisher, it is none of the
  look-alikes the id rules know (paths, files, hosted API names, placeholders,
  MIME types), and no negative evidence surrounds it (a dataset, output or
  GitHub container, ``repo_type="dataset"``, a comment);
* a literal that is a command line (``"--tokenizer org/name"``) is read as one;
* a literal holding ``pretrained=org/name,dtype=...`` (lm-eval model_args) is
  read as model arguments.
"""

from __future__ import annotations

from modeldeps.extract import ids
from modeldeps.extract.base import FileContext
from modeldeps.extract.ids import Strength
from modeldeps.lazyre import IGNORECASE, lazy
from modeldeps.model import ReferenceKind

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    import re

# One-line string literals of Python, JS/TS and notebooks: '...', "...", `...`.
_LITERAL_RE = lazy(r"""(?<![\w\\])(?:[rRbBuUfF]{0,2})(["'`])((?:(?!\1)[^\\\n]|\\.){2,300})\1""")
_WHOLE_ID_RE = lazy(
    r"(?:hf-hub:|hf://|https?://(?:www\.)?(?:huggingface\.co|hf\.co)/)?"
    r"[A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*)?(?:@[\w.-]+)?"
)
_COMMAND_RE = lazy(r"(?:^|\s)--[A-Za-z][\w.-]*[ =]\S")
_MIME_TYPES = frozenset(
    {"text", "application", "image", "audio", "video", "multipart", "font", "model", "message"}
)


def literal_candidates(
    ctx: FileContext, text: str | None = None, *, marker: str | None = ""
) -> None:
    """Report the model ids the evidence supports among the string literals of ``text``
    (whose offsets are the file's). ``marker`` starts a comment: by default ``#`` for
    Python and notebooks, ``//`` otherwise; None for a syntax without comments."""
    body = ctx.text if text is None else text
    ml = ctx.ml_context
    if marker == "":
        marker = "#" if ctx.rel_path.endswith((".py", ".pyi", ".pyw", ".ipynb")) else "//"
    comments = Comments(body, marker)
    brackets: Brackets | None = None
    pending: list[tuple[str, int, int]] = []
    for m in _literals(body, ctx.rel_path.endswith(".ipynb")):
        value = m.group(2)
        start = m.start(2)

        def where(offset: int, s: int = start) -> tuple[int, int]:
            return ctx.lines.line_col(s + offset)

        commented = comments.after_marker(m.start(), m.end())
        if commented:
            continue  # comments get their own scope and rules
        if not ml and "/" not in value:
            continue
        if ("--" in value and _COMMAND_RE.search(value)) or ("++" in value and "=" in value):
            from modeldeps.extract.text import scan_shell

            scan_shell(ctx, value, where)
            continue
        if "=" in value and ("pretrained=" in value or "tokenizer=" in value):
            from modeldeps.extract.text import scan_model_args

            scan_model_args(ctx, value, 0, where)
            continue
        if value[:11].lower() == "base_model:":
            line, col = ctx.lines.line_col(start)  # a lineage tag names its base
            ctx.add(value, line, col, ReferenceKind.PYTHON_ASSIGN, Strength.STRONG)
            continue
        if value.count("/") == 2 and value.lower().startswith(ids.LOCAL_SERVED_PREFIXES):
            cut = value.index("/") + 1  # dspy.LM("openai/org/name"): the served Hub model
            value, start = value[cut:], start + cut
        if not _WHOLE_ID_RE.fullmatch(value):
            continue
        if "/" in value and ml:
            if brackets is None:
                brackets = Brackets(body)
            if dataset_context(body, m.start(), m.end(), brackets):
                line, col = ctx.lines.line_col(start)
                ctx.add_dataset(
                    value, line, col, ReferenceKind.PYTHON_ASSIGN, Strength.GENERIC, override=False
                )
                continue
        if not decide(value):
            continue
        if body[max(0, m.start() - 3) : m.start()].rstrip().endswith("/"):
            continue  # a path joined with "/" (CURRENT_DIR / "leaderboards/x_2")
        if brackets is None:
            brackets = Brackets(body)
        if negative_context(body, m.start(), m.end(), brackets=brackets):
            continue
        line, col = ctx.lines.line_col(start)
        if not ml and not ids.known_publisher(value.rsplit(":", 1)[-1]):
            pending.append((value, line, col))  # no ML vocabulary: wait for other evidence
            continue
        ctx.add(value, line, col, ReferenceKind.PYTHON_ASSIGN, Strength.WEAK)
    if pending and ctx.references:
        # The file names models elsewhere (a known publisher's, a loading call): that is
        # the machine-learning context its other model-like literals lacked.
        for value, line, col in pending:
            ctx.add(value, line, col, ReferenceKind.PYTHON_ASSIGN, Strength.WEAK)


# Words before the call or container a literal sits in that say it is not a dependency:
# data, outputs, and code loaded from GitHub.
_NEGATIVE_HEADS = (
    "dataset",
    "push_to_hub",
    "save_pretrained",
    "create_repo",
    "upload_folder",
    "upload_file",
    "delete_repo",
    "output_dir",
    "hub_model_id",
    "torch.hub",
    "github",
    # tokenizers of other libraries, and names of runs and projects
    "tiktoken",
    "get_encoding",
    "encoding_for_model",
    "run_name",
    "wandb",
    "project_name",
    "exp_name",
)
_REPO_TYPE_RE = lazy(r"repo_type\s*=\s*[\"'](?:dataset|space)")


class Brackets:
    """The bracket structure of a text, found in one pass: for each opening bracket, the
    one it sits in. :func:`negative_context` then climbs from a literal to the brackets
    around it over brackets only, instead of over every character before it (D18)."""

    __slots__ = ("chars", "parent", "positions", "stack_at")

    def __init__(self, text: str) -> None:
        import re

        self.positions: list[int] = []  # offsets of the opening brackets
        self.chars: list[str] = []
        self.parent: list[int] = []  # index of the enclosing opener, -1 at top level
        self.stack_at: list[tuple[int, int]] = []  # (offset, innermost open index) changes
        stack: list[int] = []
        for m in re.finditer(r"[()\[\]{}]", text):
            ch = m.group(0)
            if ch in "([{":
                self.positions.append(m.start())
                self.chars.append(ch)
                self.parent.append(stack[-1] if stack else -1)
                stack.append(len(self.positions) - 1)
            elif stack:
                stack.pop()
            self.stack_at.append((m.start(), stack[-1] if stack else -1))

    def innermost(self, at: int) -> int:
        """Index of the innermost bracket open at offset ``at`` (-1: none)."""
        from bisect import bisect_left

        k = bisect_left(self.stack_at, (at, -2)) - 1
        return self.stack_at[k][1] if k >= 0 else -1


def negative_context(
    text: str, at: int, end: int, window: int = 4000, brackets: Brackets | None = None
) -> bool:
    """Negative evidence around a literal at ``text[at:end]``: the statement, call or
    container it sits in is introduced by a dataset, output or GitHub word
    (``load_dataset(``, ``"datasets": [``, ``push_to_hub(``, ``torch.hub.load(``), or
    the call goes on to say ``repo_type="dataset"``. Pass the text's :class:`Brackets`
    when asking about many literals of one text."""
    line_start = text.rfind("\n", max(0, at - 400), at) + 1  # bounded: a line may be long
    before = text[max(line_start, at - 400) : at].lower()
    if any(word in before for word in _NEGATIVE_HEADS):
        return True
    found = brackets or Brackets(text[max(0, at - window) : at])
    base = 0 if brackets is not None else max(0, at - window)
    stop = max(0, at - window)
    k = found.innermost(at - base)
    innermost = True
    while k >= 0 and found.positions[k] + base >= stop:
        i = found.positions[k] + base
        head = text[max(0, i - 80) : i].lower()
        near = head.rsplit("\n", 1)[-1] + " " + head[-40:]
        if any(word in near for word in _NEGATIVE_HEADS):
            return True
        if innermost and found.chars[k] == "(":
            close = _closing(text, end, 600)
            if _REPO_TYPE_RE.search(text, end, close):
                return True
        innermost = False
        k = found.parent[k]
    return False


# Words in a dataset head that make it an output, not a dependency: ds.push_to_hub("org/x")
_OUTPUT_HEADS = ("push_to_hub", "save", "upload", "output", "create_repo", "delete_repo", "hub_id")
_SPLIT_RE = lazy(r"""["']split["']\s*:|\bsplit\s*=""")


def dataset_context(text: str, at: int, end: int, brackets: Brackets) -> bool:
    """Evidence that a literal at ``text[at:end]`` names a dataset: one of the two
    containers around it is introduced by a dataset word (``DATASETS = [``,
    ``"train_datasets": [``, ``DatasetSpec(``), not an output one (``push_to_hub``), or
    its container also says which split to read (``("org/x", {"split": "train"})``)."""
    k = brackets.innermost(at)
    if k < 0:
        return False
    inner = brackets.positions[k]
    for _level in range(2):
        if k < 0:
            break
        i = brackets.positions[k]
        near = text[max(0, i - 80) : i].rsplit("\n", 1)[-1].lower()
        if "dataset" in near:
            return not any(word in near for word in _OUTPUT_HEADS)
        k = brackets.parent[k]
    start = max(inner, at - 600)  # both ends bounded: a long line stays linear (D18)
    if "split" not in text[start : end + 600]:
        return False  # the common case, at C speed
    return bool(_SPLIT_RE.search(text, start, _closing(text, end, 600)))


def _closing(text: str, start: int, limit: int) -> int:
    depth = 0
    for i in range(start, min(len(text), start + limit)):
        ch = text[i]
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return i
            depth -= 1
    return min(len(text), start + limit)


class Comments:
    """Whether offsets of a text, asked in increasing order, follow a comment marker on
    their line. Each character is searched once, so a file of one long line costs linear
    time (re-reading the line before each literal on it was quadratic, D18)."""

    __slots__ = ("inside", "marker", "pos", "text")

    def __init__(self, text: str, marker: str | None) -> None:
        self.text = text
        self.marker = marker
        self.pos = 0  # searched up to here
        self.inside = False  # a marker occurs on the current line before pos

    def after_marker(self, at: int, skip_to: int | None = None) -> bool:
        """Whether ``text[at]`` follows a marker on its line; the text up to ``skip_to``
        (a string literal that starts at ``at``) is not searched for markers."""
        if self.marker is None:
            return False
        text = self.text
        if at > self.pos:
            nl = text.rfind("\n", self.pos, at)
            if nl != -1:
                self.inside = False
                self.pos = nl + 1
            if not self.inside and self.marker in text[self.pos : at]:
                self.inside = True
            self.pos = at
        inside = self.inside
        if skip_to is not None and skip_to > self.pos:
            nl = text.rfind("\n", self.pos, skip_to)
            if nl != -1:
                self.inside = False
                self.pos = nl + 1
            self.pos = skip_to
        return inside


# Inside a notebook's JSON, a cell's string literals are written \"org/name\".
_ESCAPED_LITERAL_RE = lazy(r"""(?<=\\)(["'])((?:(?!\\\1)[^\n]){2,300}?)\\\1""")


def _literals(body: str, notebook: bool) -> list[re.Match[str]]:
    found = list(_LITERAL_RE.finditer(body))
    if notebook and '\\"' in body:
        found.extend(_ESCAPED_LITERAL_RE.finditer(body))
        found.sort(key=lambda m: m.start())
    return found


# Names that are only a version: an API group's version (apps/v1, argoproj.io/v1alpha1)
_VERSION_ONLY_RE = lazy(r"v?\d+(?:\.\d+)*(?:(?:alpha|beta|rc)\d*)?", IGNORECASE)


_PRECISION_RE = lazy(r"(?:fp|bf|int|nf|q)\d{1,2}(?:_[a-z0-9]{1,3})*|awq|gptq|gguf|exl2", IGNORECASE)


def decide(value: str) -> bool:
    """The evidence a bare literal needs to count as a model id (see the module doc)."""
    parsed = ids.normalize(value)
    if parsed is None:
        return False
    model_id = parsed[0]
    if "/" not in model_id:
        # an un-namespaced literal: only the legacy ids, and never a plain word ("ctrl")
        return ids.is_legacy_id(model_id) and any(c in model_id for c in "-0123456789")
    ns, _, name = model_id.partition("/")
    if ns.lower() in _MIME_TYPES or ids.is_placeholder(model_id):
        return False
    if "." in ns:
        return False  # a domain (nvidia.com/gpu, networking.k8s.io/v1), never a Hub account
    if ids.is_api_model(model_id) or ids.looks_local(model_id):
        return False
    if _VERSION_ONLY_RE.fullmatch(name) or _PRECISION_RE.fullmatch(name):
        return False  # apps/v1; a provider's quantisation: "deepinfra/fp4", "ambient/fp8"
    return ids.looks_model_like(name)
