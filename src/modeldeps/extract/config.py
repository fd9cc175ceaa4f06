"""YAML / JSON / TOML extractor, and Markdown front matter.

Each format is turned into one small positioned tree (scalars carry their
line and column) and walked by a single function, so the rules about which
keys name models are the same for every format. The walk is iterative and
visits each node once, so deeply nested documents and YAML alias bombs cost
time linear in the file's size.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from modeldeps.extract.base import FileContext, key_strength, norm_key
from modeldeps.extract.datasets import key_strength as dataset_key_strength
from modeldeps.extract.ids import Strength
from modeldeps.extract.text import scan_model_args, scan_shell
from modeldeps.extract.tree import PMap, PSeq, Scalar
from modeldeps.lazyre import MULTILINE, lazy
from modeldeps.model import Flag, ReferenceKind
from modeldeps.yamlpos import MAX_YAML_DEPTH, yaml_too_deep

# Keys inside a mapping that sits under a model-ish key: {model: {name: org/x}}.
_NESTED_ID_KEYS = frozenset(
    [
        "name",
        "path",
        "id",
        "repo_id",
        "repo",
        "name_or_path",
        "model_id",
        "pretrained_model_name_or_path",
        "model_name_or_path",
        "hf_id",
        "hub_id",
    ]
)
# Keys whose string values are command lines (CI steps, compose, k8s, tox).
_SHELL_KEYS = frozenset(
    [
        "run",
        "script",
        "command",
        "commands",
        "cmd",
        "entrypoint",
        "args",
        "before_script",
        "after_script",
        "environment",
        "exec",
        "shell",
        "arguments",
        "cmdline",
        "command_line",
        "start_command",
    ]
)
_FLAG_ITEM_RE = lazy(r"--?([A-Za-z][\w-]*)")
_SHORT_FLAGS = {"hf": Strength.STRONG, "hfr": Strength.STRONG}


# -- the walk ----------------------------------------------------------------------
def walk(ctx: FileContext, root: object) -> None:
    """Report model references in a positioned tree."""
    visited: set[int] = set()
    path = ctx.rel_path.lower()
    models_file = "model" in path and "dataset" not in path
    stack: list[object] = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, PMap | PSeq) or id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, PSeq):
            stack.extend(node.items)
            continue
        _env_entry(ctx, node)
        for index, (key, value) in enumerate(node.items):
            if "/" in key and models_file:
                _id_key(ctx, node, index, key)
            if isinstance(value, Scalar) and value.value.lstrip()[:1] in ("[", "{"):
                value = embedded_json(ctx, value) or value  # MODELS: > [{"id": "org/x"}]
            nk = norm_key(key)
            if "dataset" in nk:
                # a dataset declaration: its ids are datasets, never models
                if nk != "dataset_name" or not _has_key(node, "dataset_path"):
                    ds = dataset_key_strength(key)  # (lm-eval: dataset_name is the config)
                    if ds is not None:
                        # a task config's dataset_path and a card's datasets: name Hub
                        # datasets, legacy ones included
                        bare = 1 if nk == "dataset_path" or _card_datasets(ctx, nk) else 0
                        _dataset_node(ctx, value, ds, bare=bare)
                if isinstance(value, PMap | PSeq):
                    _strong_model_keys(ctx, value)  # {dataset: {tokenizer_name: org/x}}
                continue
            if nk == "data" and isinstance(value, PMap) and _has_key(value, "path"):
                # autotrain's data: {path: org/x, train_split: train}: the dataset
                _dataset_node(ctx, value, Strength.GENERIC)
                _strong_model_keys(ctx, value)
                continue
            strength = key_strength(key)
            if strength is None and (ds := dataset_key_strength(key)) is not None:
                # train_files: org/x@train, data_path:, hf_hub_url: (a Hub id there is a
                # dataset; a local path or bare name is not taken)
                _dataset_node(ctx, value, ds, bare=1 if nk == "hf_hub_url" else 0)
                continue
            if strength is not None:
                _report_values(ctx, value, strength)
            elif nk == "model_args" and isinstance(value, Scalar):
                scan_model_args(ctx, value.value, 0, _at(value))
            elif nk in _SHELL_KEYS:
                _shell_values(ctx, value)
            elif isinstance(value, Scalar) and _COMMAND_IN_VALUE_RE.search(value.value):
                _shell_values(ctx, value)  # description: "run it with vllm serve org/x"
            elif nk not in _NOT_ID_KEYS and not _PLACE_WORDS.intersection(nk.split("_")):
                _value_candidates(ctx, value)  # {adapter: {source: org/x-7b}}, {ids: [...]}
            if isinstance(value, PMap | PSeq):
                stack.append(value)


_COMMAND_IN_VALUE_RE = lazy(
    r"\bvllm[ \t]+serve[ \t]|\b(?:huggingface-cli|hf)[ \t]+download[ \t]"
    r"|(?:^|\s)--[\w-]*model[\w-]*[ =]"
)


def _strong_model_keys(ctx: FileContext, root: object, depth: int = 0) -> None:
    """Keys that only ever name a model (tokenizer_name, model_name_or_path) inside a
    dataset's settings, where the walk does not go."""
    if depth > 8:
        return
    items = root.items if isinstance(root, PMap) else []
    for key, value in items:
        if key_strength(key) is Strength.STRONG:
            _report_values(ctx, value, Strength.STRONG)
        elif isinstance(value, PMap | PSeq):
            _strong_model_keys(ctx, value, depth + 1)
    if isinstance(root, PSeq):
        for item in root.items:
            _strong_model_keys(ctx, item, depth + 1)


# Keys whose values are never model ids even when they look like one.
_NOT_ID_KEYS = frozenset(
    {"image", "images", "uses", "chart", "registry", "apiversion", "api_version", "kind",
     "digest", "repository", "tag", "git_repo", "github_repo"}
)  # fmt: skip
# ... and keys with a word saying the value is a place or an output (output_dir, log_path).
_PLACE_WORDS = frozenset(
    "dir dirs output outputs export save saves log logs cache path paths file files url uri "
    "link links endpoint host image images project entity experiment run group team owner "
    "author user".split()
)


def _has_key(node: PMap, wanted: str) -> bool:
    return any(norm_key(k) == wanted for k, _v in node.items)


def _card_datasets(ctx: FileContext, nk: str) -> bool:
    """A model card's ``datasets:`` (the front matter of a Markdown page)."""
    return nk == "datasets" and ctx.rel_path.lower().endswith((".md", ".mdx", ".markdown"))


def _dataset_node(
    ctx: FileContext, value: object, strength: Strength, depth: int = 0, bare: int = 0
) -> None:
    """The datasets a value under a dataset key names: a scalar (``org/a,org/b`` too), a
    list of them or of mappings (``[{path: org/x, name: config}]``), a mixer mapping whose
    keys are ids (``{org/x: 0.5}``), and dataset keys nested inside (open-r1's
    ``dataset_mixture: {datasets: [{id: org/x}]}``)."""
    from modeldeps.extract.datasets import NESTED_ID_KEYS

    if depth > 8:
        return
    if isinstance(value, Scalar):
        if value.block:
            return
        text = value.value
        if "," in text and " " not in text.strip():  # org/a,org/b
            pos = 0
            for part in text.split(","):
                if part:
                    ctx.add_dataset(
                        part, value.line, value.col + pos, ReferenceKind.CONFIG_KEY, strength
                    )
                pos += len(part) + 1
            return
        ctx.add_dataset(text, value.line, value.col, ReferenceKind.CONFIG_KEY, strength, bare=bare)
    elif isinstance(value, PSeq):
        for item in value.items:
            _dataset_node(ctx, item, strength, depth + 1, bare)
    elif isinstance(value, PMap):
        keys = [norm_key(k) for k, _v in value.items]
        for wanted in NESTED_ID_KEYS:
            if wanted in keys:
                found = value.items[keys.index(wanted)][1]
                if isinstance(found, Scalar):
                    _dataset_node(ctx, found, Strength.GENERIC, depth + 1)
                break
        for i, (k, v) in enumerate(value.items):
            if "/" in k:  # a mixer: {org/x: 0.5}
                line, col = _key_pos(ctx, value, i, k)
                ctx.add_dataset(k, line, col, ReferenceKind.CONFIG_KEY, strength)
            elif keys[i] not in NESTED_ID_KEYS:
                # nested dataset keys: {dataset: {hf_dataset_or_datasets: org/x}}
                inner = dataset_key_strength(k)
                if inner is not None:
                    _dataset_node(ctx, v, inner, depth + 1)


def _id_key(ctx: FileContext, node: PMap, index: int, key: str) -> None:
    """A mapping keyed by model ids in a file of model settings (SkyThought's
    models/model_configs.yaml: ``Qwen/Qwen2.5-7B-Instruct: {system_prompt: ...}``): a
    known publisher's or sized id as a key is a model."""
    from modeldeps.extract import ids
    from modeldeps.extract.candidates import decide

    if decide(key) and ids.publisher_or_size(key):
        line, col = _key_pos(ctx, node, index, key)
        ctx.add(key, line, col, ReferenceKind.CONFIG_KEY, Strength.GENERIC)


def _key_pos(ctx: FileContext, node: PMap, index: int, key: str) -> tuple[int, int]:
    """Where a mapping's key is written: its line when the reader kept it (else the
    mapping's), and the key's column on that line."""
    line = node.key_lines[index] if index < len(node.key_lines) else node.line
    for n in range(max(line, 1), min(max(line, 1) + 400, ctx.lines.line_count) + 1):
        at = ctx.lines.line_text(n).find(key)
        if at != -1:
            return n, at + 1
    return max(line, 1), 1


def _value_candidates(ctx: FileContext, value: object) -> None:
    """A value (or list item) under a key no rule knows is a candidate like a string
    literal in code: kept when it is a whole id that reads like a model, in a file with
    machine-learning context or under a known publisher."""
    from modeldeps.extract import ids
    from modeldeps.extract.candidates import decide

    items = value.items if isinstance(value, PSeq) else [value]
    for item in items:
        if not isinstance(item, Scalar) or item.block or "/" not in item.value:
            continue
        text = item.value.strip()
        if not decide(text) or not (ctx.ml_context or ids.known_publisher(text)):
            continue
        ctx.add(text, item.line, item.col, ReferenceKind.CONFIG_KEY, Strength.WEAK)


def _at(s: Scalar) -> Callable[[int], tuple[int, int]]:
    """Position function pinning every offset to a scalar's start."""

    def pos(_offset: int) -> tuple[int, int]:
        return s.line, s.col

    return pos


def _report_scalar(
    ctx: FileContext, s: Scalar, strength: Strength, kind: ReferenceKind = ReferenceKind.CONFIG_KEY
) -> None:
    ctx.add(s.value, s.line, s.col, kind, strength)


def _report_values(ctx: FileContext, value: object, strength: Strength) -> None:
    if isinstance(value, Scalar):
        _report_scalar(ctx, value, strength)
        return
    items = value.items if isinstance(value, PSeq) else [value]
    for item in items:
        if isinstance(item, Scalar):
            _report_scalar(ctx, item, strength)
        elif isinstance(item, PMap):
            for k, v in item.items:
                if norm_key(k) in _NESTED_ID_KEYS and isinstance(v, Scalar):
                    _report_scalar(ctx, v, strength)


def _env_entry(ctx: FileContext, node: PMap) -> None:
    """Kubernetes-style ``{name: MODEL_ID, value: org/x}`` environment entries."""
    if len(node.items) > 4:
        return
    found = {norm_key(k): v for k, v in node.items}
    name, value = found.get("name"), found.get("value")
    if isinstance(name, Scalar) and isinstance(value, Scalar):
        strength = key_strength(name.value)
        if strength is not None:
            _report_scalar(ctx, value, strength, ReferenceKind.ENV_VAR)
        elif (ds := dataset_key_strength(name.value)) is not None:
            ctx.add_dataset(value.value, value.line, value.col, ReferenceKind.ENV_VAR, ds)


def _scalar_pos(ctx: FileContext, s: Scalar) -> Callable[[int], tuple[int, int]]:
    if not s.block:
        return lambda _offset: (s.line, s.col)
    starts = [0]
    for i, ch in enumerate(s.value):
        if ch == "\n":
            starts.append(i + 1)

    def pos(offset: int) -> tuple[int, int]:
        k = 0
        while k + 1 < len(starts) and starts[k + 1] <= offset:
            k += 1
        line = s.line + 1 + k
        raw = ctx.lines.line_text(line)
        indent = len(raw) - len(raw.lstrip())
        return line, indent + offset - starts[k] + 1

    return pos


def _shell_values(ctx: FileContext, value: object) -> None:
    if isinstance(value, Scalar):
        scan_shell(ctx, value.value, _scalar_pos(ctx, value))
        return
    if not isinstance(value, PSeq):
        return
    items = value.items
    for i, item in enumerate(items):
        if not isinstance(item, Scalar):
            continue
        scan_shell(ctx, item.value, _scalar_pos(ctx, item))
        m = _FLAG_ITEM_RE.fullmatch(item.value)
        if m and i + 1 < len(items):
            nxt = items[i + 1]
            # (llama.cpp's -hf / -hfr take a Hub repo: command: [-hf, org/x-GGUF])
            strength = key_strength(m.group(1)) or _SHORT_FLAGS.get(m.group(1))
            if strength is not None and isinstance(nxt, Scalar):
                _report_scalar(ctx, nxt, strength, ReferenceKind.CLI_ARG)
            elif isinstance(nxt, Scalar) and (ds := dataset_key_strength(m.group(1))):
                ctx.add_dataset(nxt.value, nxt.line, nxt.col, ReferenceKind.CLI_ARG, ds)


# -- YAML ---------------------------------------------------------------------------
def _yaml_tree(root: object, base_line: int) -> object:
    """Convert a composed YAML graph; aliased nodes are converted once and shared."""
    import yaml

    memo: dict[int, object] = {}
    order: list[object] = []
    stack = [root]
    while stack:  # phase 1: one converted node per distinct YAML node
        n = stack.pop()
        if id(n) in memo:
            continue
        if isinstance(n, yaml.ScalarNode):
            quoted = 1 if n.style in ("'", '"') else 0
            memo[id(n)] = Scalar(
                str(n.value),
                base_line + n.start_mark.line + 1,
                n.start_mark.column + 1 + quoted,
                block=n.style in ("|", ">"),
            )
        elif isinstance(n, yaml.SequenceNode):
            memo[id(n)] = PSeq()
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            memo[id(n)] = PMap()
            stack.extend(v for _k, v in n.value)
        else:
            continue
        order.append(n)
    for n in order:  # phase 2: link containers to their converted children
        out = memo[id(n)]
        if isinstance(n, yaml.SequenceNode) and isinstance(out, PSeq):
            out.items = [memo[id(c)] for c in n.value if id(c) in memo]
        elif isinstance(n, yaml.MappingNode) and isinstance(out, PMap):
            out.items = [
                (str(k.value), memo[id(v)])
                for k, v in n.value
                if isinstance(k, yaml.ScalarNode) and id(v) in memo
            ]
    return memo.get(id(root))


def extract_yaml_text(ctx: FileContext, text: str, base_line: int = 0) -> None:
    problem = _read_yaml(ctx, text, base_line)
    if problem is None:
        return
    if "{{" in text and _read_yaml(ctx, untemplated(text), base_line) is None:
        # Helm and other Go templates: the YAML around the template actions is read
        ctx.note("template expressions ({{ ... }}) read as blanks", kind="info")
        return
    message, line = problem
    if base_line:  # front matter: the Markdown pass reads its text
        ctx.note(message, line=line, kind="failed")
        return
    ctx.note(f"{message}; scanned as text", line=line, kind="fallback")
    text_pass(ctx, "#")


def _read_yaml(ctx: FileContext, text: str, base_line: int) -> tuple[str, int | None] | None:
    """Walk the documents of ``text``; (what went wrong, line) when it does not parse,
    after walking the documents that came before the error."""
    from modeldeps.extract.yamllines import read

    docs = read(text, base_line)  # most files: no PyYAML at all (see yamllines)
    if docs is not None:
        for doc in docs:
            walk(ctx, doc)
        return None
    import yaml

    if yaml_too_deep(text):
        return f"YAML nested more than {MAX_YAML_DEPTH} levels deep", None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for doc in yaml.compose_all(text, Loader=loader):
            if doc is not None:
                walk(ctx, _yaml_tree(doc, base_line))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = base_line + mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["error"])[0]
        return f"malformed YAML: {problem}", line
    except RecursionError:
        return "YAML nested too deeply to read", None
    return None


# Go/Helm template actions: a line that holds only actions ({{- if .Values.x }}), and an
# action inside a line (image: "{{ .Values.image }}"), which becomes a placeholder of the
# same length (<___>) that no id rule accepts, so every other column stays where it was.
# One action is {{ ... }} with no "}}" inside, so each line splits into actions one
# way only: a line of many actions is matched in linear time (".*?" backtracked
# exponentially there).
_ACTION = r"\{\{(?:[^}\n]|\}(?!\}))*\}\}"
_TEMPLATE_LINE_RE = lazy(rf"(?m)^[ \t]*(?:{_ACTION}[ \t]*)+$")
_TEMPLATE_RE = lazy(_ACTION)


def untemplated(text: str) -> str:
    """``text`` with its template actions blanked (lines and columns unchanged)."""
    text = _TEMPLATE_LINE_RE.sub(lambda m: " " * len(m.group(0)), text)
    return _TEMPLATE_RE.sub(lambda m: "<" + "_" * (len(m.group(0)) - 2) + ">", text)


# -- text pass for config files that do not parse --------------------------------------
# key: value, "key": "value" and key = value pairs written on one line; which keys name
# models is key_strength()'s rule, as in the parsed walk.
_TEXT_KV_RE = lazy(
    r"""(?:^|(?<=[\s{,\[]))(["']?)([A-Za-z_][\w.-]*)\1[ \t]*[:=][ \t]*"""
    r"""("[^"\n]*"|'[^'\n]*'|[^\s#,"'{}\[\]]+)""",
    MULTILINE,
)


_COMMENT_RE = lazy(r"(?:^|(?<=[ \t]))#[^\n]*", MULTILINE)  # YAML and TOML comments


def text_pass(ctx: FileContext, comment: str | None) -> None:
    """The conservative reading of a YAML, JSON or TOML file that does not parse (the
    caller has noted why): model-ish keys with their one-line values, model flags and
    assignments (the shell pass), loading calls written as text, and quoted literals the
    evidence rules accept. ``comment`` starts a comment (None: JSON has none)."""
    from modeldeps.extract.candidates import Comments, literal_candidates
    from modeldeps.extract.text import scan_code_calls

    flags = frozenset({Flag.SYNTAX_FALLBACK.value})
    body = ctx.text
    comments = Comments(body, comment)
    for m in _TEXT_KV_RE.finditer(body):
        if comments.after_marker(m.start(), m.end()):
            continue  # commented out
        strength = key_strength(m.group(2))
        ds = dataset_key_strength(m.group(2)) if strength is None else None
        if strength is None and ds is None:
            continue
        raw = m.group(3)
        quoted = raw[:1] in "\"'"
        line, col = ctx.lines.line_col(m.start(3) + quoted)
        value = raw[1:-1] if quoted else raw
        if strength is not None:
            ctx.add(value, line, col, ReferenceKind.CONFIG_KEY, strength, flags=flags)
        elif ds is not None:
            ctx.add_dataset(value, line, col, ReferenceKind.CONFIG_KEY, ds)
    if comment is not None and comment in body:  # comments blanked, positions kept
        body = _COMMENT_RE.sub(lambda m: " " * len(m.group(0)), body)
    scan_shell(ctx, body, ctx.lines.line_col)
    scan_code_calls(ctx, body, ctx.lines.line_col, ReferenceKind.CONFIG_KEY, flags)
    literal_candidates(ctx, marker=comment)


def extract_yaml_file(ctx: FileContext) -> None:
    # GitHub Actions and CI files carry their commands under run:, handled in walk().
    extract_yaml_text(ctx, ctx.text)


# -- JSON ---------------------------------------------------------------------------
_JSON_TOKEN_RE = lazy(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def embedded_json(ctx: FileContext, s: Scalar) -> object | None:
    """The positioned tree of JSON written as a string value (a YAML block or quoted
    scalar, an environment variable), read from the file itself so every id keeps its
    own line; None when the value is not JSON."""
    start = ctx.lines.offset(s.line + 1 if s.block else s.line, 1 if s.block else s.col)
    text = ctx.text
    while start < len(text) and text[start] not in "[{":
        if not text[start].isspace() and not s.block:
            return None
        start += 1
    try:
        wanted = json.loads(s.value)
        found, end = json.JSONDecoder().raw_decode(text, start)
    except (ValueError, RecursionError):
        return None
    if found != wanted or not isinstance(found, list | dict):
        return None  # escapes or folding changed the text: positions would lie
    return _json_tree(ctx, text[start:end], start)


def _json_tree(ctx: FileContext, text: str, base: int = 0) -> object:
    """Build a positioned tree from JSON text already known to be valid.

    ``base`` is the offset of ``text`` in the file.
    """
    root: list[object] = []
    stack: list[PMap | PSeq] = []
    pending_key: str | None = None
    expect_key = False

    def pos(offset: int) -> tuple[int, int]:
        return ctx.lines.line_col(base + offset)

    def attach(value: object) -> None:
        nonlocal pending_key
        if not stack:
            root.append(value)
        elif isinstance(stack[-1], PMap):
            stack[-1].items.append((pending_key or "", value))
            pending_key = None
        else:
            stack[-1].items.append(value)

    for m in _JSON_TOKEN_RE.finditer(text):
        tok = m.group(0)
        first = tok[0]
        if first == "{":
            pm = PMap()
            attach(pm)
            stack.append(pm)
            expect_key = True
        elif first == "[":
            ps = PSeq()
            attach(ps)
            stack.append(ps)
            expect_key = False
        elif first in "}]":
            if stack:
                stack.pop()
            expect_key = False
        elif first == ",":
            expect_key = bool(stack) and isinstance(stack[-1], PMap)
        elif first == ":":
            expect_key = False
        elif first == '"':
            value = json.loads(tok)
            if expect_key:
                pending_key = value
                expect_key = False
            else:
                line, col = pos(m.start())
                attach(Scalar(value, line, col + 1))
        else:
            attach(tok)  # numbers, true/false/null: never model ids
    return root[0] if root else None


def extract_json_file(ctx: FileContext) -> None:
    try:
        json.loads(ctx.text)
    except json.JSONDecodeError as exc:
        ctx.note(f"malformed JSON: {exc.msg}; scanned as text", line=exc.lineno, kind="fallback")
        text_pass(ctx, None)
        return
    except RecursionError:
        ctx.note("JSON nested too deeply to read; scanned as text", kind="fallback")
        text_pass(ctx, None)
        return
    walk(ctx, _json_tree(ctx, ctx.text))


# -- TOML ---------------------------------------------------------------------------
def _toml_tree(ctx: FileContext, data: object) -> object:
    text = ctx.text
    cursor: dict[str, int] = {}

    def place(value: str) -> Scalar:
        for quote in ('"', "'"):
            needle = quote + value + quote
            at = text.find(needle, cursor.get(needle, 0))
            if at != -1:
                cursor[needle] = at + 1
                line, col = ctx.lines.line_col(at)
                return Scalar(value, line, col + 1)
        return Scalar(value, 1, 1)

    def convert(obj: object, depth: int = 0) -> object:
        if depth > 200:
            return None
        if isinstance(obj, str):
            return place(obj)
        if isinstance(obj, dict):
            pm = PMap()
            pm.items = [(str(k), convert(v, depth + 1)) for k, v in obj.items()]
            return pm
        if isinstance(obj, list):
            ps = PSeq()
            ps.items = [convert(v, depth + 1) for v in obj]
            return ps
        return None

    return convert(data)


def extract_toml_file(ctx: FileContext) -> None:
    import tomllib

    try:
        data = tomllib.loads(ctx.text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        ctx.note(
            f"malformed TOML: {str(exc).split(' (at')[0]}; scanned as text",
            line=int(m.group(1)) if m else None,
            kind="fallback",
        )
        text_pass(ctx, "#")
        return
    except RecursionError:
        ctx.note("TOML nested too deeply to read; scanned as text", kind="fallback")
        text_pass(ctx, "#")
        return
    walk(ctx, _toml_tree(ctx, data))


# -- Markdown front matter ---------------------------------------------------------------
def extract_front_matter(ctx: FileContext) -> None:
    """Model-card style YAML front matter (``base_model:`` and friends)."""
    text = ctx.text
    if not text.startswith("---"):
        return
    first_nl = text.find("\n")
    if first_nl == -1 or text[:first_nl].strip() != "---":
        return
    end = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[first_nl + 1 :], MULTILINE)
    if end is None:
        return
    extract_yaml_text(ctx, text[first_nl + 1 : first_nl + 1 + end.start()], base_line=1)


# -- shell-like files ---------------------------------------------------------------
_ENV_JSON_RE = lazy(r"(?m)^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=[`'\"]?[ \t]*(?=[\[{])")


def extract_shell_file(ctx: FileContext) -> None:
    """Shell scripts, Dockerfiles, Makefiles, .env and key = value files."""
    scan_shell(ctx)
    body = ctx.text
    if "=[" in body or "=`" in body or "='{" in body or "={" in body:
        _env_json(ctx, body)


def _env_json(ctx: FileContext, body: str) -> None:
    """``MODELS=`[{"id": "org/x"}]``` in .env files: the JSON read with its own lines."""
    for m in _ENV_JSON_RE.finditer(body):
        try:
            _found, end = json.JSONDecoder().raw_decode(body, m.end())
        except (ValueError, RecursionError):
            continue
        holder = PMap()
        holder.items.append((m.group(1), _json_tree(ctx, body[m.end() : end], m.end())))
        walk(ctx, holder)
