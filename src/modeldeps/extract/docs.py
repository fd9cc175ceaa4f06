"""Documentation: the code a page shows is read as the code it is.

A README's ``bash`` block with ``--model_name_or_path org/name``, a ``python``
block with ``from_pretrained("org/name")`` or a ``yaml`` block with
``base_model: org/name`` is how most projects say which models they use. Each
block found here -- Markdown, MDX and Quarto fences, reStructuredText
``code-block`` directives, ``::`` literal blocks and ``>>>`` examples,
AsciiDoc listings -- goes through the extractor of its language (untagged
blocks are sniffed), over a text that keeps the page's line numbers, and its
references get the ``docs`` scope. Prose keeps its Hub URLs (read for every
text file) and Markdown its front matter.
"""

from __future__ import annotations

from modeldeps.extract import ids
from modeldeps.extract.base import TABLE_RULE_RE, FileContext
from modeldeps.extract.ids import Strength
from modeldeps.lazyre import IGNORECASE, MULTILINE, lazy
from modeldeps.model import ReferenceKind, Scope

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    import re

_FENCE_RE = lazy(r"^([ \t]*)(`{3,}|~{3,})[ \t]*\{?[ \t]*\.?([\w+#.-]*)")
_RST_DIRECTIVE_RE = lazy(
    r"^([ \t]*)\.\.[ \t]+(?:code-block|code|sourcecode|prompt|highlight|ipython)::[ \t]*([\w+#.-]*)"
)
_ADOC_SOURCE_RE = lazy(r"^\[source(?:%[\w%]+)?,[ \t]*([\w+#.-]+)")
_PROMPT_RE = lazy(r"^(?:>>> |\.\.\. |>>>$|\.\.\.$|In \[\d*\]: |\$ |% |PS> |> )")

# Info-string words -> extractor family.
_LANGS = {
    "python": "python", "py": "python", "python3": "python", "py3": "python",
    "ipython": "python", "ipython3": "python", "pycon": "python", "pytb": "python",
    "jupyter": "python", "sage": "python",
    "bash": "shell", "sh": "shell", "shell": "shell", "console": "shell", "zsh": "shell",
    "shell-session": "shell", "shellsession": "shell", "terminal": "shell", "cli": "shell",
    "powershell": "shell", "ps1": "shell", "bat": "shell", "cmd": "shell", "fish": "shell",
    "dockerfile": "shell", "docker": "shell", "containerfile": "shell", "makefile": "shell",
    "make": "shell", "env": "shell", "dotenv": "shell", "ini": "shell", "cfg": "shell",
    "properties": "shell", "hcl": "shell", "terraform": "shell", "tf": "shell", "nix": "shell",
    "yaml": "yaml", "yml": "yaml", "helm": "yaml", "k8s": "yaml",
    "json": "json", "jsonc": "json", "json5": "json", "jsonl": "json",
    "toml": "toml",
    "js": "js", "javascript": "js", "ts": "js", "typescript": "js", "jsx": "js", "tsx": "js",
    "mjs": "js", "node": "js", "svelte": "js", "vue": "js",
    # C-family languages go through the same extractor as their source files do
    "rust": "js", "rs": "js", "go": "js", "golang": "js", "java": "js", "kotlin": "js",
    "kt": "js", "swift": "js", "c": "js", "cpp": "js", "c++": "js", "csharp": "js", "cs": "js",
    "scala": "js", "dart": "js",
}  # fmt: skip
_NOT_CODE = frozenset({"mermaid", "math", "latex", "tex", "diff", "csv", "tsv", "svg", "html"})
_SHELL_START_RE = lazy(
    r"^\s*(?:\$\s|sudo\s|python3?\s|pip3?\s|uv\s|docker\s|podman\s|vllm\s|torchrun\s|"
    r"accelerate\s|deepspeed\s|curl\s|wget\s|export\s|text-generation-launcher|"
    r"huggingface-cli\s|hf\s|lm[_-]eval\s|mteb\s|ollama\s|llamafactory-cli\s|axolotl\s|"
    r"trl\s|sglang|kubectl\s|helm\s|make\s|bash\s|sh\s|cd\s|git\s|[A-Z_][A-Z0-9_]*=)",
    MULTILINE,
)
_PYTHON_RE = lazy(
    r"^\s*(?:import\s+\w|from\s+[\w.]+\s+import\s|def\s+\w|class\s+\w|>>>\s)|"
    r"\w+\s*=\s*[\w.]+\(|\.from_pretrained\(",
    MULTILINE,
)
_YAML_RE = lazy(r"^\s*(?:-\s+)?[\w.-]+:(?:\s|$)", MULTILINE)


class Block:
    """A code block: its language family and its lines, with the page line of the first."""

    __slots__ = ("family", "first_line", "lines")

    def __init__(self, family: str | None, first_line: int, lines: list[str]) -> None:
        self.family = family
        self.first_line = first_line
        self.lines = lines


def extract_docs_file(ctx: FileContext) -> None:
    """Front matter (Markdown) and every code block of a documentation page."""
    name = ctx.rel_path.lower()
    if name.endswith((".md", ".markdown", ".mdx", ".qmd", ".rmd")):
        from modeldeps.extract.config import extract_front_matter

        extract_front_matter(ctx)
    lines = ctx.text.split("\n")
    if name.endswith(".rst"):
        blocks = rst_blocks(lines)
    elif name.endswith((".adoc", ".asciidoc")):
        blocks = adoc_blocks(lines)
    else:
        blocks = fenced_blocks(lines)
    for block in blocks:
        extract_block(ctx, block)
    if name.endswith((".md", ".markdown", ".mdx", ".qmd", ".rmd", ".rst")):
        prose_pass(ctx, lines, rst=name.endswith(".rst"))


# Prose: inline code, link texts and table cells that are a whole id or a command line.
# (every span, however short: `G` | ... | `org/x` must not pair the wrong backticks)
_INLINE_CODE_RE = lazy(r"`([^`\n]{1,300})`")
_RST_INLINE_RE = lazy(r"``([^`\n]{3,300})``")
_LINK_TEXT_RE = lazy(r"\[([^\]\n]{3,200})\]\(([^)\s]*)")
# (a link to a Hub search, /models?other=gpt2, is to a family of models, not one)
_NOT_A_MODEL_LINK = (
    "github.com", "gitlab.com", "/datasets/", "/spaces/", "docker.com", "ghcr.io", "/models?",
)  # fmt: skip


_HTML_CODE_RE = lazy(r"<code>([^<`\n]{3,300})</code>")


def _as_backticks(m: re.Match[str]) -> str:
    """``<code>x</code>`` as `` `x` `` padded to the same length (offsets stay the page's)."""
    return " " * 5 + "`" + m.group(1) + "`" + " " * 6  # len("<code>") - 1, len("</code>") - 1


def _blank_family_link(m: re.Match[str]) -> str:
    """A link's text blanked when the link goes to no model (a search, a repository)."""
    target = m.group(2).lower()
    if any(word in target for word in _NOT_A_MODEL_LINK):
        return " " * len(m.group(0))
    return m.group(0)


_DATASET_WORD_RE = lazy(r"\bdatasets?\b", IGNORECASE)
_MODEL_WORD_RE = lazy(r"\bmodels?\b|checkpoint|tokenizer|\bLLMs?\b", IGNORECASE)
# a sentence about models, its code spans left out (`org/x-base` says "base" itself)
_MODEL_SENTENCE_RE = lazy(
    r"\b(?:models?|checkpoints?|tokenizers?|embedders?|adapters?|LoRAs?|pretrained|"
    r"fine-?tuned?)\b(?! image)",
    IGNORECASE,
)
# A repository's own folders: `tools/convert-7b` is a script, not anyone's model
_FOLDER_NAMESPACES = frozenset(
    "tools scripts script src examples example docs configs config tests test data utils "
    "lib bin recipes notebooks benchmarks".split()
)
_NAMED_AFTER = ("model", "checkpoint", "tokenizer", "adapter", "base model", "dataset")
_BOLD_RE = lazy(r"(\*\*|__)([^*_\s][^*\n]{1,150}?)\1")
_PARENTHETICAL_RE = lazy(r"\s*\([^()]{1,40}\)$")  # "bigscience/T0_3B (3B params)"


def prose_pass(ctx: FileContext, lines: list[str], *, rst: bool) -> None:
    """The ids prose shows as code, link text or a table cell (code blocks are read as
    code by :func:`extract_block`; URLs by the URL pass)."""
    from modeldeps.extract import ids
    from modeldeps.extract.candidates import decide
    from modeldeps.extract.comments import (
        TOKEN_RE,
        other_thing,
        plain_id,
        short_names,
        talks_of_models,
    )
    from modeldeps.extract.ids import Strength
    from modeldeps.extract.text import scan_code_calls, scan_shell
    from modeldeps.model import ReferenceKind

    ml = ctx.ml_context
    inline = _RST_INLINE_RE if rst else _INLINE_CODE_RE
    fence: str | None = None
    offset = 0

    def whole_id(value: str, at: int, publisher: bool = False) -> None:
        # a table cell or link text often holds alternatives ("Gemma/Gemma 2", "7B/13B"):
        # there only a known publisher's namespace is evidence enough
        value = _PARENTHETICAL_RE.sub("", value.strip()).strip("*_`\"'").strip()
        if (
            value.count("/") == 1
            and _DATASET_WORD_RE.search(text)
            and not _MODEL_WORD_RE.search(text)
            and not other_thing(_DATASET_WORD_RE.sub("", text), 0)
        ):
            # a table row or list item about datasets (| List of datasets | `org/x` |)
            line, col = ctx.lines.line_col(at)
            ctx.add_dataset(value, line, col, ReferenceKind.URL, Strength.GENERIC)
            return
        if not value or not decide(value) or other_thing(text, at - start):
            return
        if ids.known_publisher(value) or (ml and not publisher):
            line, col = ctx.lines.line_col(at)
            ctx.add(value, line, col, ReferenceKind.URL, Strength.GENERIC)

    text = ""
    start = 0
    header: list[str] = []  # the current table's column heads, lower-cased
    previous = ""
    for text in lines:
        start = offset
        offset += len(text) + 1
        if "<code>" in text and not rst:
            # <code>org/x</code> in an HTML table is inline code (same length, same offsets)
            text = _HTML_CODE_RE.sub(_as_backticks, text)
        stripped = text.lstrip()
        if not stripped.startswith("|"):
            header = []
        elif TABLE_RULE_RE.match(stripped):
            header = [c.strip().strip("*_`").lower() for c in previous.strip().split("|")]
            previous = text
            continue
        elif header:
            _table_row(ctx, header, stripped, start + len(text) - len(stripped))
        previous = stripped
        if not rst:
            m = _FENCE_RE.match(text)
            if m is not None:
                mark = m.group(2)[0] * 3
                fence = (
                    None if fence is not None and stripped.startswith(fence) else (fence or mark)
                )
                continue
            if fence is not None:
                continue
        elif text.startswith((" ", "\t")):
            continue  # indented rST text is a block or a directive's body, read as code
        if "`" in text:
            for m in inline.finditer(text):
                code = m.group(1)
                if len(code) < 3:
                    continue
                at = start + m.start(1)

                def where(off: int, base: int = at) -> tuple[int, int]:
                    return ctx.lines.line_col(base + off)

                if "--" in code or "=" in code or " -" in code:  # (mistralrs run -m org/x)
                    scan_shell(ctx, code, where)
                if "(" in code:
                    scan_code_calls(ctx, code, where, ReferenceKind.PYTHON_TEXT)
                elif " " not in code.strip():
                    follows = text[m.end() : m.end() + 20].lstrip(" `*_").lower()
                    if follows.startswith(_NAMED_AFTER) and code.count("/") == 1:
                        # "the `org/x` model on the `org/y` dataset": the word after each
                        # says what it is, whatever else the line mentions
                        line, col = ctx.lines.line_col(at)
                        if follows.startswith("dataset"):
                            ctx.add_dataset(code, line, col, ReferenceKind.URL, Strength.GENERIC)
                        elif decide(code):
                            ctx.add(code, line, col, ReferenceKind.URL, Strength.GENERIC)
                        continue
                    # anyone's id, written as code in a sentence about models (classic
                    # models like `SamLowe/roberta-base-go_emotions`)
                    talk = ml and _MODEL_SENTENCE_RE.search(inline.sub(" ", text)) is not None
                    folder = code.partition("/")[0].lower() in _FOLDER_NAMESPACES
                    whole_id(code, at, publisher=not talk or folder)
        if "**" in text or "__" in text:
            for m in _BOLD_RE.finditer(text):
                whole_id(m.group(2), start + m.start(2), publisher=True)
        if "/" in text and not other_thing(text, 0):
            # a known publisher's id said in a sentence about models (For the
            # bigscience/mt0-large model, ...)
            plain = inline.sub(lambda c: " " * len(c.group(0)), text) if "`" in text else text
            for m in TOKEN_RE.finditer(plain):  # (inline code is read as code above)
                value = m.group(1).rstrip(".")
                if (
                    ids.known_publisher(value)
                    and plain_id(value)
                    and any(c.isdigit() for c in value.partition("/")[2])  # a size, a version
                    and talks_of_models(text, m.start(1))
                ):
                    line, col = ctx.lines.line_col(start + m.start(1))
                    ctx.add(value, line, col, ReferenceKind.URL, Strength.GENERIC)
        if ml and "-" in text and not other_thing(text, 0):
            # sentence-transformers short names and legacy ids in a table of models or a
            # sentence about them (| msmarco-MiniLM-L6-v3 | 67.46 |, "all-MiniLM-L6-v2")
            plain = inline.sub(lambda c: " " * len(c.group(0)), text) if "`" in text else text
            if "](" in plain:  # [gpt2](https://huggingface.co/models?other=gpt2): a family
                plain = _LINK_TEXT_RE.sub(_blank_family_link, plain)
            table = stripped.startswith("|")
            for at, model_id in short_names(plain):
                if table or talks_of_models(text, at):
                    line, col = ctx.lines.line_col(start + at)
                    ctx.add(model_id, line, col, ReferenceKind.URL, Strength.GENERIC)
        if "](" in text:
            for m in _LINK_TEXT_RE.finditer(text):
                if not any(word in m.group(2).lower() for word in _NOT_A_MODEL_LINK):
                    whole_id(m.group(1), start + m.start(1), publisher=True)
        if stripped.startswith("|") and "/" in text:
            pos = start + (len(text) - len(stripped))
            for cell in stripped.split("|"):
                if "/" in cell and "](" not in cell and "`" not in cell:
                    whole_id(cell, pos + (len(cell) - len(cell.lstrip())), publisher=True)
                pos += len(cell) + 1


# A column head that says its cells are models or datasets ("Model", "Base model",
# "Adapter", "HF checkpoint", "Hugging Face repo"), and never both
_MODEL_COLUMN_RE = lazy(
    r"\b(?:models?|adapters?|lora|checkpoints?|weights|(?:hf|hub|hugging ?face)(?: \w+)?|"
    r"model ids?)\b"
)
_DATASET_COLUMN_RE = lazy(r"\bdatasets?\b")
# ...unless it is about something of theirs (Model size, Model type, Template)
_NOT_NAME_COLUMN_RE = lazy(
    r"\b(?:sizes?|params?|parameters|types?|templates?|famil(?:y|ies)|arch\w*|licen[cs]es?|"
    r"formats?|length|context|versions?|tasks?|scores?|urls?|links?|papers?|notes?)\b"
)
# "Phi-3/Phi-3.5", "BLOOM/BLOOMZ", "7B/13B": alternatives written with a slash
_ALTERNATIVES_RE = lazy(r"^(?:\d[\d.]*[bmkt]?|.*-v?\d[\d.]*|.*\d[bmk])$", IGNORECASE)


def _alternatives(value: str, *, strict: bool) -> bool:
    """``Phi-3/Phi-3.5``, ``BLOOM/BLOOMZ``, ``7B/13B``: choices, not an ``org/name``.
    ``strict`` (a models column): a name without a digit is one too (``GPT-J/GPT-NeoX``)."""
    ns, _, name = value.lower().partition("/")
    return (
        bool(_ALTERNATIVES_RE.match(ns))
        or (name.startswith(ns) and len(name) - len(ns) <= 2)
        or name.endswith(ns)  # T5/mT5
        or (strict and not any(c.isdigit() for c in name))
    )


def _table_row(ctx: FileContext, header: list[str], row: str, at: int) -> None:
    """Ids alone in a table cell under a column head that names models or datasets
    (| Base model | Adapter |): the head is the evidence, whoever publishes them."""
    from modeldeps.extract.candidates import decide
    from modeldeps.extract.comments import plain_id
    from modeldeps.extract.ids import Strength
    from modeldeps.model import ReferenceKind

    pos = at
    for i, cell in enumerate(row.split("|")):
        head = header[i] if i < len(header) else ""
        value = cell.strip()
        bare = value.strip("*_`")
        code = value.startswith("`")  # written as code: a name, not alternatives
        lead = cell.find(bare) if bare else 0
        if (
            bare.count("/") == 1
            and " " not in bare
            and "](" not in bare
            and head
            and "/" not in head
            and not _NOT_NAME_COLUMN_RE.search(head)
            and plain_id(bare)
        ):
            dataset = _DATASET_COLUMN_RE.search(head) is not None
            plain_ok = (decide(bare) or dataset) and not _alternatives(bare, strict=not dataset)
            line, col = ctx.lines.line_col(pos + lead)
            if (code or plain_ok) and dataset:
                if _MODEL_COLUMN_RE.search(head.replace("dataset", "")) is None:
                    ctx.add_dataset(bare, line, col, ReferenceKind.URL, Strength.GENERIC)
            elif (code or plain_ok) and _MODEL_COLUMN_RE.search(head):
                ctx.add(bare, line, col, ReferenceKind.URL, Strength.GENERIC)
        pos += len(cell) + 1


def extract_block(ctx: FileContext, block: Block) -> None:
    """Run a block through its language's extractor; references keep the page's lines."""
    body = _dedent(block.lines)
    family = block.family or sniff(body)
    if family is None:
        return
    _id_lines(ctx, block.first_line, body)
    if family == "python" and _shell_in_python(body):
        family = "shell"  # ```python around `python train.py --model_name_or_path ...`
    if family == "python":
        body = [_PROMPT_RE.sub("", ln, count=1) for ln in body]
        if any(ln.lstrip().startswith(("!", "%")) for ln in body):
            shell = [ln.lstrip()[1:] if ln.lstrip()[:1] in "!%" else "" for ln in body]
            _run(ctx, block.first_line, shell, "shell")
    elif family == "shell":
        body = [_PROMPT_RE.sub("", ln, count=1) for ln in body]
    _run(ctx, block.first_line, body, family)


# A line of a block that holds only an id, perhaps after a list or check mark: a list of
# models a tool printed or a page enumerates (✓ unsloth/Llama-3.1-8B).
_ID_LINE_RE = lazy(
    r"^[ \t]*(?:[-*+>|•✓✔✅☑]|\d{1,3}[.)])?[ \t]*([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)[ \t|]*\\?$"
)


def _id_lines(ctx: FileContext, first_line: int, body: list[str]) -> None:
    for k, text in enumerate(body):
        if "/" not in text:
            continue
        m = _ID_LINE_RE.match(text)
        if m is None:
            continue
        value = m.group(1)
        if ids.publisher_or_size(value):
            line = first_line + k
            col = ctx.lines.line_text(line).find(value) + 1
            ctx.add(value, line, max(col, 1), ReferenceKind.CLI_ARG, Strength.WEAK)


def _shell_in_python(body: list[str]) -> bool:
    """A block tagged Python whose code is a command line."""
    code = [ln for ln in body if ln.strip() and not ln.lstrip().startswith("#")]
    if not code or not _SHELL_START_RE.match(code[0]):
        return False
    text = "\n".join(code)
    return not _PYTHON_RE.search(text) and (" --" in text or "\\" in text)


def _run(ctx: FileContext, first_line: int, body: list[str], family: str) -> None:
    from modeldeps.extract import _COMMENTED, extractor_for

    extractor = extractor_for(family)
    if extractor is None:
        return
    sub = FileContext(ctx.rel_path, ctx.abs_path, ctx.root, "\n".join(body) + "\n", Scope.DOCS)
    sub.line_shift = first_line - 1
    sub.not_models = ctx.not_models
    try:
        extractor(sub)
        if family in _COMMENTED:
            from modeldeps.extract.comments import extract_comments

            # a block's comments name alternatives as a file's do (# or "org/y")
            extract_comments(sub, family)
    except RecursionError:
        return  # a pathological snippet: the page's prose is still read
    # notes about snippets (a fragment that does not parse) would only be noise
    ctx.merge(sub)


def sniff(lines: list[str]) -> str | None:
    """The language of an untagged block, from what its lines look like."""
    text = "\n".join(lines)
    if not text.strip():
        return None
    stripped = text.lstrip()
    if stripped[:1] in "{[":
        import json

        try:
            json.loads(text)
            return "json"
        except ValueError:
            pass
    if _PYTHON_RE.search(text) and not _SHELL_START_RE.match(stripped):
        return "python"
    if _SHELL_START_RE.search(text) or " --" in text:
        return "shell"
    nonblank = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    if nonblank and sum(1 for ln in nonblank if _YAML_RE.match(ln)) * 2 >= len(nonblank):
        return "yaml"
    return "shell"  # flags and KEY=value assignments read the same in most snippets


def _family(info: str) -> str | None:
    word = info.strip().lower().lstrip(".{").split(",")[0]
    if not word:
        return None
    if word in _NOT_CODE:
        return "skip"
    return _LANGS.get(word, "skip" if word not in ("text", "txt", "none", "plain") else None)


def fenced_blocks(lines: list[str]) -> list[Block]:
    """Fenced code blocks of Markdown, MDX and Quarto (``` and ~~~, any indentation)."""
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE_RE.match(lines[i])
        if m is None:
            if lines[i].lstrip().lower().startswith("<pre"):  # an HTML <pre> block
                j = i
                while j + 1 < len(lines) and "</pre>" not in lines[j].lower():
                    j += 1
                out.append(Block(None, i + 1, [_PRE_TAG_RE.sub("", ln) for ln in lines[i : j + 1]]))
                i = j + 1
                continue
            i += 1
            continue
        fence = m.group(2)
        info = m.group(3).lower()
        if info in _MYST_CODE:  # MyST: ```{code-block} bash
            rest = lines[i][m.end() :].lstrip("} \t").split()
            info = rest[0].lower() if rest else ""
        family = None if info in ("diff", "patch") else _family(info)
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                break
            body.append(lines[j])
            j += 1
        if info in ("diff", "patch"):
            # a diff shows code: read its lines without their +/- markers, sniffed
            body = [ln[1:] if ln[:1] in "+- " and not ln.startswith(("+++", "---")) else ""
                    for ln in body]  # fmt: skip
        first = 0
        while first < len(body) and _MYST_OPTION_RE.match(body[first]):
            first += 1  # MyST directive options (:caption: ...)
        if family != "skip":
            out.append(Block(family, i + 2 + first, body[first:]))
        i = j + 1
    return out


_MYST_CODE = frozenset({"code-block", "code", "sourcecode", "code-cell"})
_MYST_OPTION_RE = lazy(r"^\s*:[\w-]+:")


_PRE_TAG_RE = lazy(r"</?(?:pre|code)\b[^>]*>", IGNORECASE)


def rst_blocks(lines: list[str]) -> list[Block]:
    """``code-block`` directives, ``::`` literal blocks and ``>>>`` examples of rST."""
    out: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _RST_DIRECTIVE_RE.match(line)
        literal = m is None and line.rstrip().endswith("::") and not line.lstrip().startswith("..")
        if m is None and not literal:
            if line.lstrip().startswith(">>>"):
                start = i
                while i < len(lines) and lines[i].strip():
                    i += 1
                out.append(Block("python", start + 1, lines[start:i]))
                continue
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        family = _family(m.group(2)) if m is not None else None
        j = i + 1
        while j < len(lines) and lines[j].strip().startswith(":") and m is not None:
            j += 1  # directive options (:caption:, :linenos:)
        start = j
        while j < len(lines):
            cur = lines[j]
            if cur.strip() and len(cur) - len(cur.lstrip()) <= indent:
                break
            j += 1
        if family != "skip":
            out.append(Block(family, start + 1, lines[start:j]))
        i = j
    return out


def adoc_blocks(lines: list[str]) -> list[Block]:
    """AsciiDoc ``----`` listings, with the language of a ``[source,lang]`` line."""
    out: list[Block] = []
    i = 0
    family: str | None = None
    while i < len(lines):
        stripped = lines[i].strip()
        m = _ADOC_SOURCE_RE.match(stripped)
        if m is not None:
            family = _family(m.group(1))
            i += 1
            continue
        if stripped in ("----", "...."):
            j = i + 1
            while j < len(lines) and lines[j].strip() != stripped:
                j += 1
            if family != "skip":
                out.append(Block(family, i + 2, lines[i + 1 : j]))
            family = None
            i = j + 1
            continue
        if stripped:
            family = None
        i += 1
    return out


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    cut = min(indents) if indents else 0
    return [ln[cut:] if len(ln) >= cut else ln.strip() for ln in lines]
