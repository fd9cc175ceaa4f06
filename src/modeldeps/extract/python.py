"""Python extractor: parses with :mod:`ast` (scanned code is never imported or run).

It finds model ids passed to model-loading calls, follows string constants
bound to names in the same file (module, class and function level, default
arguments, argparse/click defaults, dict and list literals, ``os.getenv``
defaults), and reports constants bound to model-ish names even when their use
is out of sight. Files that do not parse get a conservative text pass.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Callable

from modeldeps.extract import datasets, ids
from modeldeps.extract.base import FileContext, LineIndex, key_strength
from modeldeps.extract.ids import Strength
from modeldeps.extract.prefilter import keyword_lines
from modeldeps.extract.text import scan_code_calls, scan_model_args
from modeldeps.lazyre import lazy
from modeldeps.model import Flag, ReferenceKind
from modeldeps.record import record

LineMap = Callable[[int], int]

_HUB_PREFIXES = ("hf-hub:", "hf_hub:")
# Words in a callee's name that say its first argument is a model: WhisperModel("org/x"),
# TextEmbedding("org/x"), outlines.models.transformers("org/x").
_MODEL_CALL_WORDS = frozenset(
    "model models llm embedding embeddings embedder encoder whisper transformer transformers "
    "reranker tokenizer processor classifier vlm engine".split()
)
# ...and words that say a call loads data: its repo is a dataset's
_DATA_WORDS = frozenset({"data", "dataset", "datasets"})
_DATA_REPO_KWS = frozenset({"repo_id", "repo", "hub_id"})
_LOAD_WORDS = frozenset({"load", "get", "fetch", "download"})
# Packages whose load()/load_model() take a Hub id: from mlx_lm import load.
_LOADER_PACKAGES = frozenset(
    {
        "mlx_lm",
        "mlx_vlm",
        "mlx_whisper",
        "mlx_embeddings",
        "gliner",
        "setfit",
        "span_marker",
        "flair",
        "stanza",
    }
)
_CAMEL_WORDS_RE = lazy(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
# Calls whose first argument (or default=) is the default value of what they declare.
_DEFAULT_WRAPPERS = frozenset({"Field", "Option", "Argument"})
_BODY_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")
_MAX_DEPTH = 6
_MAX_VALUES = 32

_REPO_KWS = ("repo_id",)
_FROM_PRETRAINED_KWS = (
    "pretrained_model_name_or_path",
    "model_id",
    "model_name_or_path",
    "repo_id",
    "model_name",
)
_ADAPTER_KWS = (
    "pretrained_model_name_or_path",
    "pretrained_model_name_or_path_or_dict",
    "peft_model_id",
    "model_id",
    "adapter_name_or_path",
)
_HF_CLASS_KWS = (
    "model_name",
    "model_id",
    "repo_id",
    "model",
    "model_name_or_path",
    "tokenizer_name",
    "tokenizer",
    "pretrained_model_name_or_path",
)
_HUB_FUNCS = frozenset(
    [
        "hf_hub_download",
        "snapshot_download",
        "hf_hub_url",
        "model_info",
        "list_repo_files",
        "list_repo_refs",
        "list_repo_commits",
        "list_repo_tree",
        "repo_info",
        "file_exists",
        "repo_exists",
        "get_safetensors_metadata",
        "get_hf_file_metadata",
        "try_to_load_from_cache",
    ]
)
_ADAPTER_FUNCS = frozenset(
    [
        "load_adapter",
        "load_lora_weights",
        "load_textual_inversion",
        "load_ip_adapter",
        "set_adapters",
    ]
)
# Calls whose keyword arguments are never model dependencies.
_NOT_MODEL_CALLS = frozenset(
    [
        "load_dataset",
        "load_from_disk",
        "save_pretrained",
        "save_model",
        "push_to_hub",
        "create_repo",
        "upload_file",
        "upload_folder",
        "add_argument",
        "option",
        "field",
        "dict",
        "print",
        "format",
        "log",
        "info",
        "debug",
        "warning",
        "error",
    ]
)
_SAVE_CALLS = frozenset(["save_pretrained", "save_model", "save_config", "to_json_file"])
_NON_MODEL_REPO_TYPES = frozenset({"dataset", "datasets", "space", "spaces"})
# Keywords of an evaluation task's config that name its Hub dataset (lighteval).
_TASK_DATASET_KWS = frozenset({"hf_repo", "dataset_path", "hf_dataset", "dataset_name"})
_GETENV = frozenset({"getenv", "get", "environ.get"})


_LOAD_KWARGS = frozenset({"name", "split", "data_files", "data_dir", "revision", "streaming"})
# Names of dataset-argument mappings (DATASET_ARGS, dataset_kwargs, eval_dataset_config).
_ARGS_NAME_RE = lazy(r"(?i)dataset_?(?:args|kwargs|config|params|spec)\b")


@record
class _Value:
    text: str
    node: ast.AST


def _callee(func: ast.expr) -> tuple[str, str | None]:
    """(called name, receiver name) for ``a.b.Name(...)`` / ``Name(...)``."""
    if isinstance(func, ast.Name):
        return func.id, None
    if isinstance(func, ast.Attribute):
        recv = func.value
        if isinstance(recv, ast.Name):
            return func.attr, recv.id
        if isinstance(recv, ast.Attribute):
            return func.attr, recv.attr
        if isinstance(recv, ast.Call):
            inner, _ = _callee(recv.func)
            return func.attr, inner
        return func.attr, None
    return "", None


def _dotted(node: ast.expr) -> str:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


class _Analyzer:
    def __init__(
        self,
        ctx: FileContext,
        tree: ast.AST,
        code_lines: list[str],
        linemap: LineMap,
        keyword_lines: set[int] | None = None,
    ):
        self.keyword_lines = keyword_lines
        # argparse/click defaults by dest: what args.<dest> is unless the command line says
        # otherwise, so only a direct use counts (f"{args.x}-ft" is a name made at run time).
        self.cli_attrs: dict[str, list[ast.expr]] = {}
        self.imports: dict[str, str] = {}  # local name -> module it was imported from
        self.loader_names: set[str] = set()  # local names of load() from model packages
        self._composing = 0
        self.ctx = ctx
        self.tree = tree
        self.code_lines = code_lines
        self.linemap = linemap
        self.names: dict[str, list[tuple[ast.expr, bool]]] = {}
        self.attrs: dict[str, list[tuple[ast.expr, bool]]] = {}
        self.calls: list[ast.Call] = []
        self.assigns: list[tuple[str, ast.expr]] = []  # (binding name, value) for model-ish names
        self.dict_items: list[tuple[str, ast.expr]] = []
        self.hub_strings: list[ast.Constant] = []
        # dataset evidence: (name, value) bindings of dataset-ish names, and
        # "datasets/org/name/..." strings (HfFileSystem paths)
        self.dataset_assigns: list[tuple[str, ast.expr]] = []
        self.dataset_strings: list[ast.Constant] = []

    # -- collection -----------------------------------------------------------
    def _bind(self, target: ast.expr, value: ast.expr, element: bool = False) -> None:
        if isinstance(target, ast.Name):
            self.names.setdefault(target.id, []).append((value, element))
            if key_strength(target.id) is not None:
                self.assigns.append((target.id, value if not element else ast.List([value])))
            elif datasets.key_strength(target.id) is not None or _ARGS_NAME_RE.search(target.id):
                bound = value if not element else ast.List([value])
                self.dataset_assigns.append((target.id, bound))
        elif isinstance(target, ast.Attribute):
            self.attrs.setdefault(target.attr, []).append((value, element))
            if key_strength(target.attr) is not None and not element:
                self.assigns.append((target.attr, value))
            elif datasets.key_strength(target.attr) is not None and not element:
                self.dataset_assigns.append((target.attr, value))
        elif (
            isinstance(target, ast.Subscript)
            and isinstance(target.slice, ast.Constant)
            and isinstance(target.slice.value, str)
            and not element
        ):
            self.dict_items.append((target.slice.value, value))

    def collect(self, tree: ast.AST | None = None) -> None:
        """Bindings from every statement; calls and literals from keyword-bearing ones.

        Statements are visited without descending into expressions, which is
        cheap; only statements whose lines contain a prefilter keyword (and
        the headers of compound statements that do) are walked in full.
        """
        stack: list[tuple[ast.AST, bool]] = [
            (stmt, False) for stmt in reversed(getattr(tree or self.tree, "body", []))
        ]
        while stack:
            stmt, in_class = stack.pop()
            self._bind_statement(stmt, in_class)
            bodies = [
                value
                for name in _BODY_FIELDS
                if isinstance(value := getattr(stmt, name, None), list) and value
            ]
            if not bodies:
                if self._hit(stmt):
                    self._walk(stmt)
                continue
            if self._header_hit(stmt, bodies):
                for name, value in ast.iter_fields(stmt):
                    if name in _BODY_FIELDS:
                        continue
                    for child in value if isinstance(value, list) else [value]:
                        if isinstance(child, ast.AST):
                            self._walk(child)
            child_in_class = isinstance(stmt, ast.ClassDef)
            for body in reversed(bodies):
                stack.extend((child, child_in_class) for child in reversed(body))

    def _hit(self, node: ast.AST, last: int | None = None) -> bool:
        if self.keyword_lines is None:
            return True
        first = getattr(node, "lineno", None)
        if first is None:
            return True
        end = last if last is not None else getattr(node, "end_lineno", None) or first
        lines = self.keyword_lines
        if any(n in lines for n in range(first, end + 1)):
            return True
        # Calls of loaders imported from model packages (from mlx_lm import load).
        return bool(self.loader_names) and any(
            f"{name}(" in self.code_lines[n - 1]
            for n in range(first, min(end, len(self.code_lines)) + 1)
            for name in self.loader_names
        )

    def _header_hit(self, stmt: ast.AST, bodies: list[list[ast.AST]]) -> bool:
        decorators = getattr(stmt, "decorator_list", [])
        first = min([d.lineno for d in decorators] + [getattr(stmt, "lineno", 0)])
        body_start = min(getattr(b[0], "lineno", first + 1) for b in bodies)
        if first == 0:
            return True
        probe = ast.Pass(lineno=first, end_lineno=max(first, body_start - 1))
        return self._hit(probe)

    def _bind_statement(self, stmt: ast.AST, in_class: bool) -> None:
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                self._bind(t, stmt.value)
                if in_class and isinstance(t, ast.Name):
                    self.attrs.setdefault(t.id, []).append((stmt.value, False))
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            self._bind(stmt.target, stmt.value)
            if in_class and isinstance(stmt.target, ast.Name):
                self.attrs.setdefault(stmt.target.id, []).append((stmt.value, False))
        elif isinstance(stmt, ast.For | ast.AsyncFor):
            if isinstance(stmt.target, ast.Name):
                self._bind(stmt.target, stmt.iter, element=True)
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
            self._bind_defaults(stmt.args)
        elif isinstance(stmt, ast.ImportFrom) and stmt.module:
            for alias in stmt.names:
                self.imports[alias.asname or alias.name] = stmt.module
                if alias.name in ("load", "load_model") and (
                    stmt.module.split(".")[0] in _LOADER_PACKAGES
                ):
                    self.loader_names.add(alias.asname or alias.name)

    def _walk(self, root: ast.AST) -> None:
        for node in ast.walk(root):
            if isinstance(node, ast.Call):
                self.calls.append(node)
            elif isinstance(node, ast.Dict):
                for k, v in zip(node.keys, node.values, strict=True):
                    if isinstance(k, ast.Constant) and isinstance(k.value, str):
                        self.dict_items.append((k.value, v))
            elif isinstance(node, ast.Constant):
                if isinstance(node.value, str) and node.value[:7].lower() in _HUB_PREFIXES:
                    self.hub_strings.append(node)
                elif isinstance(node.value, str) and node.value[:9] == "datasets/":
                    self.dataset_strings.append(node)
            elif isinstance(node, ast.NamedExpr):
                self._bind(node.target, node.value)
            elif isinstance(node, ast.Compare) and len(node.ops) == 1:
                self._compared(node)
            elif isinstance(node, ast.comprehension):
                if isinstance(node.target, ast.Name):
                    self._bind(node.target, node.iter, element=True)
            elif isinstance(node, ast.Lambda):
                self._bind_defaults(node.args)

    def _compared(self, node: ast.Compare) -> None:
        """``if dataset_name == "org/x"``, ``model_id in ("org/a", "org/b")``: a name
        compared with literals says what those literals are, as a binding would."""
        if not isinstance(node.ops[0], ast.Eq | ast.NotEq | ast.In | ast.NotIn):
            return
        left, right = node.left, node.comparators[0]
        if isinstance(left, ast.Constant) and not isinstance(right, ast.Constant):
            left, right = right, left  # "org/x" == model_name
        if not isinstance(right, ast.Constant | ast.List | ast.Tuple | ast.Set):
            return
        if isinstance(left, ast.Name):
            name = left.id
        elif isinstance(left, ast.Attribute):
            name = left.attr
        elif isinstance(left, ast.Subscript) and isinstance(left.slice, ast.Constant):
            name = str(left.slice.value)
        else:
            return
        if key_strength(name) is not None:
            self.assigns.append((name, right))
        elif datasets.key_strength(name) is not None:
            self.dataset_assigns.append((name, right))

    def _bind_defaults(self, args: ast.arguments) -> None:
        positional = args.posonlyargs + args.args
        for arg, default in zip(
            positional[len(positional) - len(args.defaults) :], args.defaults, strict=True
        ):
            self._bind(ast.Name(arg.arg), default)
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
            if kw_default is not None:
                self._bind(ast.Name(arg.arg), kw_default)

    # -- evaluation -------------------------------------------------------------
    def values(self, expr: ast.expr | None, depth: int = 0) -> list[_Value]:
        """Every constant string ``expr`` may evaluate to, with the literal that wrote it."""
        if expr is None or depth > _MAX_DEPTH:
            return []
        out: list[_Value] = []
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                out.append(_Value(expr.value, expr))
        elif isinstance(expr, ast.JoinedStr):
            text = self._fstring(expr, depth)
            if text is not None:
                out.append(_Value(text, expr))
        elif isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            self._composing += 1
            try:
                lefts = self.values(expr.left, depth + 1)
                rights = self.values(expr.right, depth + 1)
            finally:
                self._composing -= 1
            for a in lefts[:8]:
                for b in rights[:8]:
                    out.append(_Value(a.text + b.text, a.node))
        elif isinstance(expr, ast.Name):
            for bound, element in self.names.get(expr.id, ()):
                out.extend(self._bound(bound, element, depth))
        elif isinstance(expr, ast.Attribute):
            for bound, element in self.attrs.get(expr.attr, ()):
                out.extend(self._bound(bound, element, depth))
            if not self._composing:  # a CLI default used as is, never spliced into a name
                for bound in self.cli_attrs.get(expr.attr, ()):
                    out.extend(self.values(bound, depth + 1))
        elif isinstance(expr, ast.Subscript):
            key = expr.slice.value if isinstance(expr.slice, ast.Constant) else None
            for container in self._containers(expr.value, depth):
                out.extend(self._items(container, key, depth))
        elif isinstance(expr, ast.IfExp):
            out.extend(self.values(expr.body, depth + 1))
            out.extend(self.values(expr.orelse, depth + 1))
        elif isinstance(expr, ast.BoolOp):
            for v in expr.values:
                out.extend(self.values(v, depth + 1))
        elif isinstance(expr, ast.List | ast.Tuple | ast.Set):
            for elt in expr.elts:
                out.extend(self.values(elt, depth + 1))
        elif isinstance(expr, ast.Dict):  # {"chat": "org/a", "embed": "org/b"} under "models"
            keys = [k.value if isinstance(k, ast.Constant) else None for k in expr.keys]
            if "path" in keys and _LOAD_KWARGS.intersection(keys):
                # load_dataset's keywords {"path": "glue", "name": "mnli"}: the path is the
                # repository, the rest its configuration
                return self.values(expr.values[keys.index("path")], depth + 1)
            for v in expr.values:
                out.extend(self.values(v, depth + 1))
        elif isinstance(expr, ast.Call):
            name, _recv = _callee(expr.func)
            dotted = _dotted(expr.func)
            if name == "getenv" or (name == "get" and dotted.endswith("environ.get")):
                default = expr.args[1] if len(expr.args) > 1 else self._kw(expr, "default")
                out.extend(self.values(default, depth + 1))
            elif name == "field":  # dataclasses.field(default=...)
                out.extend(self.values(self._kw(expr, "default"), depth + 1))
            elif name in _DEFAULT_WRAPPERS:  # pydantic Field("x"), typer Option("x")
                out.extend(self.values(self._arg(expr, 0, "default"), depth + 1))
            elif name in ("str", "Path") and expr.args:
                out.extend(self.values(expr.args[0], depth + 1))
        return out[:_MAX_VALUES]

    def _fstring(self, node: ast.JoinedStr, depth: int) -> str | None:
        parts: list[str] = []
        for part in node.values:
            if isinstance(part, ast.Constant) and isinstance(part.value, str):
                parts.append(part.value)
            elif isinstance(part, ast.FormattedValue) and part.format_spec is None:
                self._composing += 1
                try:
                    vals = {v.text for v in self.values(part.value, depth + 1)}
                finally:
                    self._composing -= 1
                if len(vals) != 1:
                    return None
                parts.append(vals.pop())
            else:
                return None
        return "".join(parts)

    def _bound(self, bound: ast.expr, element: bool, depth: int) -> list[_Value]:
        if not element:
            return self.values(bound, depth + 1)
        out: list[_Value] = []
        for container in [bound, *self._containers(bound, depth)]:
            if isinstance(container, ast.List | ast.Tuple | ast.Set):
                for elt in container.elts:
                    out.extend(self.values(elt, depth + 1))
            elif isinstance(container, ast.Dict):
                for k in container.keys:
                    out.extend(self.values(k, depth + 1))
        return out

    def _containers(self, expr: ast.expr, depth: int) -> list[ast.expr]:
        if isinstance(expr, ast.Dict | ast.List | ast.Tuple):
            return [expr]
        found: list[ast.expr] = []
        if isinstance(expr, ast.Subscript) and depth < _MAX_DEPTH:
            # MODEL_MAP[size][0]: the containers held inside the outer container
            for outer in self._containers(expr.value, depth + 1):
                inner = outer.values if isinstance(outer, ast.Dict) else getattr(outer, "elts", [])
                found.extend(c for c in inner if isinstance(c, ast.Dict | ast.List | ast.Tuple))
            return found
        table = (
            self.names.get(expr.id, ())
            if isinstance(expr, ast.Name)
            else self.attrs.get(expr.attr, ())
            if isinstance(expr, ast.Attribute)
            else ()
        )
        for bound, element in table:
            if not element and isinstance(bound, ast.Dict | ast.List | ast.Tuple):
                found.append(bound)
            elif not element and isinstance(bound, ast.Name | ast.Attribute) and depth < _MAX_DEPTH:
                found.extend(self._containers(bound, depth + 1))
        return found

    def _items(self, container: ast.expr, key: object, depth: int) -> list[_Value]:
        out: list[_Value] = []
        if isinstance(container, ast.Dict):
            for k, v in zip(container.keys, container.values, strict=True):
                if key is None or (isinstance(k, ast.Constant) and k.value == key):
                    out.extend(self.values(v, depth + 1))
        elif isinstance(container, ast.List | ast.Tuple):
            for elt in container.elts:
                out.extend(self.values(elt, depth + 1))
        return out

    @staticmethod
    def _kw(call: ast.Call, *names: str) -> ast.expr | None:
        for kw in call.keywords:
            if kw.arg in names:
                return kw.value
        return None

    # -- reporting ----------------------------------------------------------------
    def _position(self, node: ast.AST, text: str) -> tuple[int, int]:
        lineno = getattr(node, "lineno", 1)
        col_bytes = getattr(node, "col_offset", 0)
        src = self.code_lines[lineno - 1] if 0 < lineno <= len(self.code_lines) else ""
        col = len(src.encode("utf-8")[:col_bytes].decode("utf-8", "ignore"))
        at = src.find(text, col) if text else -1
        if at != -1:
            col = at
        return self.linemap(lineno), col + 1

    def report(
        self,
        values: list[_Value],
        kind: ReferenceKind,
        strength: Strength,
        *,
        revision: str | None = None,
        flags: frozenset[str] = frozenset(),
        sentence_transformers: bool = False,
    ) -> None:
        transform = ids.sentence_transformers_id if sentence_transformers else None
        for v in values:
            line, col = self._position(v.node, v.text)
            self.ctx.add(
                v.text,
                line,
                col,
                kind,
                strength,
                revision=revision,
                flags=flags,
                transform=transform,
            )

    def _dataset_args(self, node: ast.Dict) -> None:
        """``{"path": "glue", "name": "sst2"}`` bound to dataset arguments: load_dataset's
        keywords, so ``path`` is the dataset and ``name`` its configuration."""
        for k, v in zip(node.keys, node.values, strict=True):
            if isinstance(k, ast.Constant) and k.value == "path":
                self.report_datasets(
                    self.values(v), ReferenceKind.PYTHON_ASSIGN, Strength.STRONG, bare=datasets.CALL
                )

    def report_datasets(
        self,
        values: list[_Value],
        kind: ReferenceKind,
        strength: Strength,
        *,
        revision: str | None = None,
        bare: int = datasets.NEVER,
    ) -> None:
        for v in values:
            line, col = self._position(v.node, v.text)
            self.ctx.add_dataset(v.text, line, col, kind, strength, revision=revision, bare=bare)

    def _dataset_call(self, call: ast.Call, name: str, recv: str | None) -> bool:
        """Calls whose arguments name datasets; True when the call is one (then no model
        rule looks at it)."""
        revision, _flags = self._call_flags(call)
        kind = ReferenceKind.PYTHON_CALL
        if name in datasets.LOAD_CALLS:
            self.report_datasets(
                self.values(self._arg(call, 0, "path", "repo_id", "dataset_name", "dataset")),
                kind,
                Strength.STRONG,
                revision=revision,
                bare=datasets.CALL,
            )
            return True
        if name in _HUB_FUNCS:
            repo_type = self._kw(call, "repo_type")
            if repo_type is not None and any(
                v.text in datasets.DATASET_REPO_TYPES for v in self.values(repo_type)
            ):
                self.report_datasets(
                    self.values(self._arg(call, 0, *_REPO_KWS)),
                    kind,
                    Strength.STRONG,
                    revision=revision,
                )
                return True
            return False
        kws = {kw.arg for kw in call.keywords}
        words = [w.lower() for w in _CAMEL_WORDS_RE.findall(name)]
        if not _DATA_WORDS.isdisjoint(words):
            if kws & _DATA_REPO_KWS:
                # a data loader's repo (distilabel's LoadDataFromHub(repo_id=...)): a dataset
                for kw in call.keywords:
                    if kw.arg in _DATA_REPO_KWS:
                        self.report_datasets(self.values(kw.value), kind, Strength.STRONG)
                return True
            if words[0] in _LOAD_WORDS and call.args:
                # evaluator.load_data("org/x"), get_dataset("org/x"): its first argument
                self.report_datasets(self.values(call.args[0]), kind, Strength.GENERIC)
                return True
        if ("Task" in name or "hf_subset" in kws) and kws & _TASK_DATASET_KWS:
            # lighteval's LightevalTaskConfig(hf_repo="org/x", hf_subset="main"), and
            # wrappers of it that keep its keywords
            for kw in call.keywords:
                if kw.arg in _TASK_DATASET_KWS:
                    self.report_datasets(
                        self.values(kw.value), kind, Strength.STRONG, bare=datasets.LEGACY
                    )
            return True
        if name.endswith("Dataset") and name[:1].isupper() and name != "Dataset":
            # LeRobotDataset("org/x"), LeRobotDataset(repo_id=...): a dataset class
            # constructed from its Hub repository
            args = self._arg(call, 0, "repo_id", "dataset_id", "repo")
            self.report_datasets(self.values(args), kind, Strength.GENERIC)
            return False  # (its other arguments may still name a model: a tokenizer)
        return False

    def _call_flags(self, call: ast.Call) -> tuple[str | None, frozenset[str]]:
        revision = None
        for v in self.values(self._kw(call, "revision")):
            revision = v.text
            break
        flags: set[str] = set()
        trc = self._kw(call, "trust_remote_code")
        if trc is not None and self._truthy(trc):
            flags.add(Flag.TRUST_REMOTE_CODE)
        return revision, frozenset(flags)

    def _truthy(self, expr: ast.expr) -> bool:
        if isinstance(expr, ast.Constant):
            return expr.value is True
        if isinstance(expr, ast.Name):
            return any(
                isinstance(b, ast.Constant) and b.value is True
                for b, _ in self.names.get(expr.id, ())
            )
        return False

    def _arg(self, call: ast.Call, index: int, *kws: str) -> ast.expr | None:
        if index >= 0 and len(call.args) > index and not isinstance(call.args[index], ast.Starred):
            return call.args[index]
        return self._kw(call, *kws)

    def run(self, *, collected: bool = False) -> None:
        if not collected:
            self.collect()
        # Values that this file saves to are local outputs, not dependencies.
        for call in self.calls:
            name, _ = _callee(call.func)
            if name in _SAVE_CALLS:
                for v in self.values(self._arg(call, 0, "save_directory", "output_dir")):
                    self.ctx.not_models.add(v.text)
            for v in self.values(self._kw(call, "output_dir")):
                self.ctx.not_models.add(v.text)
        self._bind_cli_defaults()
        for call in self.calls:
            self._check_call(call)
        for bound_name, value in self.assigns:
            strength = key_strength(bound_name)
            if strength is not None:
                self.report(self.values(value), ReferenceKind.PYTHON_ASSIGN, strength)
        for key, value in self.dict_items:
            strength = key_strength(key)
            if strength is not None:
                self.report(self.values(value), ReferenceKind.PYTHON_ASSIGN, strength)
            elif (ds := datasets.key_strength(key)) is not None:
                self.report_datasets(self.values(value), ReferenceKind.PYTHON_ASSIGN, ds)
        for bound_name, value in self.dataset_assigns:
            ds = datasets.key_strength(bound_name)
            if ds is not None:
                # DATASET_PATH = "gsm8k" (an evaluation task's class attribute): a legacy
                # dataset under a key that only ever names one
                bare = datasets.LEGACY if ds is Strength.STRONG else datasets.NEVER
                self.report_datasets(self.values(value), ReferenceKind.PYTHON_ASSIGN, ds, bare=bare)
            if _ARGS_NAME_RE.search(bound_name):
                if isinstance(value, ast.Dict):
                    self._dataset_args(value)
                elif isinstance(value, ast.Constant) and ds is None:  # ARGS = "squad_v2"
                    self.report_datasets(
                        self.values(value),
                        ReferenceKind.PYTHON_ASSIGN,
                        Strength.STRONG,
                        bare=datasets.LEGACY,
                    )
        for key, value in self.dict_items:
            if isinstance(value, ast.Dict) and _ARGS_NAME_RE.search(key):
                self._dataset_args(value)
        if self.dataset_strings and "HfFileSystem" in self.ctx.text:
            # HfFileSystem().open("datasets/org/name/file"): the Hub's path form of a dataset
            self.report_datasets(
                [_Value(str(c.value), c) for c in self.dataset_strings],
                ReferenceKind.PYTHON_CALL,
                Strength.STRONG,
            )
        for const in self.hub_strings:
            self.report(
                [_Value(str(const.value), const)], ReferenceKind.PYTHON_CALL, Strength.STRONG
            )

    def _check_call(self, call: ast.Call) -> None:
        name, recv = _callee(call.func)
        if not name:
            return
        if self._dataset_call(call, name, recv):
            return
        revision, flags = self._call_flags(call)
        call_kind = ReferenceKind.PYTHON_CALL

        def rep(
            expr: ast.expr | None,
            strength: Strength = Strength.STRONG,
            extra: frozenset[str] = frozenset(),
            st: bool = False,
        ) -> None:
            self.report(
                self.values(expr),
                call_kind,
                strength,
                revision=revision,
                flags=flags | extra,
                sentence_transformers=st,
            )

        adapter = frozenset({Flag.ADAPTER.value})
        if name in ("from_pretrained", "from_quantized"):  # from_quantized: AutoGPTQ, AutoAWQ
            if recv is not None and recv.startswith(("PeftModel", "PeftMixedModel")):
                rep(self._arg(call, 1, "model_id"), extra=adapter)
            else:
                rep(self._arg(call, 0, *_FROM_PRETRAINED_KWS))
            return
        if name == "parametrize":
            self._check_parametrize(call)
            return
        if name == "load" and recv in ("gr", "gradio"):
            # gr.load("models/org/name"): Gradio's name for a Hub model ("spaces/..." is not)
            for v in self.values(self._arg(call, 0, "name")):
                if v.text.startswith("models/"):
                    line, col = self._position(v.node, v.text)
                    self.ctx.add(
                        v.text[len("models/") :],
                        line,
                        col + len("models/"),
                        call_kind,
                        Strength.STRONG,
                        revision=revision,
                        flags=flags,
                    )
            return
        if name in ("from_single_file", "from_model_id"):
            rep(self._arg(call, 0, "pretrained_model_link_or_path", "model_id"))
            return
        if name in _ADAPTER_FUNCS:
            rep(self._arg(call, 0, *_ADAPTER_KWS), extra=adapter)
            return
        if name == "pipeline" and recv in (None, "transformers"):
            rep(self._arg(call, 1, "model"))
            for kw_name in ("tokenizer", "feature_extractor", "image_processor"):
                rep(self._kw(call, kw_name))
            return
        if name in ("SentenceTransformer", "SparseEncoder"):
            rep(self._arg(call, 0, "model_name_or_path", "model_name"), st=True)
            return
        if name == "CrossEncoder":
            rep(self._arg(call, 0, "model_name", "model_name_or_path"))
            return
        if name in _HUB_FUNCS:
            repo_type = self._kw(call, "repo_type")
            if repo_type is not None and any(
                v.text in _NON_MODEL_REPO_TYPES for v in self.values(repo_type)
            ):
                return
            rep(self._arg(call, 0, *_REPO_KWS))
            return
        if name in ("create_inference_endpoint", "update_inference_endpoint"):
            rep(self._kw(call, "repository"))  # the Hub model an Inference Endpoint serves
            return
        if name in ("LLM", "InferenceClient", "AsyncInferenceClient"):
            rep(self._arg(call, 0, "model"))
            rep(self._kw(call, "tokenizer"))
            return
        if name == "load" and _dotted(call.func).endswith("hub.load") and len(call.args) >= 3:
            first = {v.text for v in self.values(call.args[0])}
            if first & {"huggingface/pytorch-transformers", "huggingface/transformers"}:
                rep(call.args[2])
            return
        if "HuggingFace" in name or "HuggingFace" in (recv or ""):
            rep(
                self._arg(call, 0, *_HF_CLASS_KWS),
                st="Embedding" in name and "Endpoint" not in name and "API" not in name,
            )
            for kw in call.keywords:
                if kw.arg in _HF_CLASS_KWS:
                    rep(kw.value, st="Embedding" in name and "API" not in name)
            return
        if name == "getenv" or (
            name in ("get", "setdefault") and _dotted(call.func).endswith(f"environ.{name}")
        ):
            # os.getenv("MODEL_ID", "org/name"): the variable's name says it is a model
            env_names = self.values(self._arg(call, 0, "key"))
            strength = max((s for v in env_names if (s := key_strength(v.text))), default=None)
            default = call.args[1] if len(call.args) > 1 else self._kw(call, "default")
            if strength is not None:
                self.report(self.values(default), ReferenceKind.PYTHON_ASSIGN, strength)
                return
            ds = max(
                (s for v in env_names if (s := datasets.key_strength(v.text)) is not None),
                default=None,
            )
            if ds is not None:
                self.report_datasets(self.values(default), ReferenceKind.PYTHON_ASSIGN, ds)
            return
        if name == "add_argument" or (name in ("option", "argument") and recv == "click"):
            self._check_cli_option(call)
            return
        if name in _NOT_MODEL_CALLS:
            return
        if call.args and self._modelish_callee(name, recv):
            rep(call.args[0], Strength.GENERIC)
        for kw in call.keywords:
            if kw.arg is None:
                continue
            if kw.arg == "model_args":  # lm_eval.simple_evaluate(model_args="pretrained=...")
                for v in self.values(kw.value):
                    line, col = self._position(v.node, v.text)
                    scan_model_args(self.ctx, v.text, 0, _fixed(line, col))
                continue
            strength = key_strength(kw.arg)
            if strength is not None:
                rep(kw.value, strength)
            elif (ds := datasets.key_strength(kw.arg)) is not None:
                self.report_datasets(self.values(kw.value), call_kind, ds)

    def _check_parametrize(self, call: ast.Call) -> None:
        """``pytest.mark.parametrize("model_id", ["org/a", "org/b"])`` and tuple forms."""
        if len(call.args) < 2:
            return
        names = [v.text for v in self.values(call.args[0])]
        if len(names) != 1:
            return
        params = [p.strip() for p in names[0].split(",")]
        rows = call.args[1]
        elements = rows.elts if isinstance(rows, ast.List | ast.Tuple) else []
        for idx, param in enumerate(params):
            strength = key_strength(param)
            ds = datasets.key_strength(param) if strength is None else None
            if strength is None and ds is None:
                continue
            for row in elements:
                cell = row
                if len(params) > 1:
                    if not isinstance(row, ast.Tuple | ast.List) or idx >= len(row.elts):
                        continue
                    cell = row.elts[idx]
                if strength is not None:
                    self.report(self.values(cell), ReferenceKind.PYTHON_ASSIGN, strength)
                elif ds is not None:
                    self.report_datasets(self.values(cell), ReferenceKind.PYTHON_ASSIGN, ds)

    def _modelish_callee(self, name: str, recv: str | None) -> bool:
        """Whether a call's first positional argument names a model."""
        words = {w.lower() for w in _CAMEL_WORDS_RE.findall(name)} | {name.lower()}
        if words & _MODEL_CALL_WORDS:
            return True
        if name in ("load", "load_model"):
            module = recv or self.imports.get(name, "")
            return module.split(".")[0] in _LOADER_PACKAGES
        return False

    def _bind_cli_defaults(self) -> None:
        """``args.backbone`` means the default of ``add_argument("--backbone", default=...)``."""
        for call in self.calls:
            name, recv = _callee(call.func)
            if name != "add_argument" and not (name == "option" and recv == "click"):
                continue
            default = self._kw(call, "default")
            if default is None:
                continue
            dests = [v.text for v in self.values(self._kw(call, "dest"))]
            if not dests:
                flags = [v.text for arg in call.args for v in self.values(arg)]
                longs = [f for f in flags if f.startswith("--")] or flags
                dests = [longs[0].lstrip("-").replace("-", "_")] if longs else []
            for dest in dests:
                self.cli_attrs.setdefault(dest, []).append(default)

    def _check_cli_option(self, call: ast.Call) -> None:
        """argparse ``add_argument`` / click ``option``: defaults and choices of model flags."""
        strength: Strength | None = None
        ds: Strength | None = None
        names = [v.text.lstrip("-") for arg in call.args for v in self.values(arg)]
        names += [v.text for v in self.values(self._kw(call, "dest"))]
        for text in names:
            s = key_strength(text)
            if s is not None:
                strength = max(strength or s, s)
            d = datasets.key_strength(text)
            if d is not None:
                ds = max(ds or d, d)
        if strength is None:
            if ds is not None:  # --dataset_name with a default
                for kw_name in ("default", "choices"):
                    values = self.values(self._kw(call, kw_name))
                    self.report_datasets(values, ReferenceKind.PYTHON_ASSIGN, ds)
            return
        for kw_name in ("default", "choices"):
            self.report(self.values(self._kw(call, kw_name)), ReferenceKind.PYTHON_ASSIGN, strength)


# -- text fallback for sources that do not parse ------------------------------------
def _fallback(
    ctx: FileContext, code: str, linemap: LineMap, offset_to_pos: Callable[[int], tuple[int, int]]
) -> None:
    def where(offset: int) -> tuple[int, int]:
        line, col = offset_to_pos(offset)
        return linemap(line), col

    scan_code_calls(
        ctx, code, where, ReferenceKind.PYTHON_TEXT, frozenset({Flag.SYNTAX_FALLBACK.value})
    )


def _identity(line: int) -> int:
    return line


# Above this, a file is parsed a chunk of top-level statements at a time: a
# whole-file AST costs ~150 bytes of memory per byte of source.
BIG_FILE = 512 * 1024
_CHUNK = 256 * 1024
_MAX_MERGES = 8


def _fixed(line: int, column: int) -> Callable[[int], tuple[int, int]]:
    def pos(offset: int) -> tuple[int, int]:
        return line, column + offset

    return pos


def _shifted(lm: LineMap, offset: int) -> LineMap:
    def shifted(n: int) -> int:
        return lm(n + offset)

    return shifted


def _chunk_starts(lines: list[str]) -> list[int]:
    """Line indexes that look like the start of a top-level statement."""
    return [i for i, line in enumerate(lines) if line[:1].isalpha() or line[:1] in "@_"]


def _extract_big(ctx: FileContext, code: str, lm: LineMap) -> None:
    """Chunked extraction: each chunk's tree is freed once its bindings and calls are kept.

    A chunk boundary is a guess (a line starting at column 0); a chunk that does
    not parse is merged with the next, and one that still does not is read as text.
    """
    lines = code.splitlines(keepends=True)
    analyzer = _Analyzer(
        ctx, ast.Module(body=[], type_ignores=[]), code.splitlines(), lm, keyword_lines(code)
    )
    starts = [*_chunk_starts(lines), len(lines)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds: list[int] = [0]
    size = 0
    for a, b in itertools.pairwise(starts):
        size += sum(len(line) for line in lines[a:b])
        if size >= _CHUNK:
            bounds.append(b)
            size = 0
    if bounds[-1] != len(lines):
        bounds.append(len(lines))
    i = 0
    while i < len(bounds) - 1:
        j = i + 1
        while True:
            chunk = "".join(lines[bounds[i] : bounds[j]])
            try:
                # Leading blank lines make line numbers absolute at no cost to the tree.
                tree = ast.parse("\n" * bounds[i] + chunk)
                break
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                if j - i >= _MAX_MERGES or j == len(bounds) - 1:
                    tree = None
                    break
                j += 1
        if tree is None:
            offset = bounds[i]
            ctx.note(
                f"lines {offset + 1}-{bounds[j]} do not parse; scanned as text",
                line=lm(offset + 1),
                kind="fallback",
            )
            index = LineIndex(chunk)
            _fallback(ctx, chunk, _shifted(lm, offset), index.line_col)
        else:
            analyzer.collect(tree)
            del tree
        i = j
    analyzer.run(collected=True)


# D18: CPython 3.11 places every expression of an f-string by searching the string from
# its start, so parsing one f-string with N placeholders costs N times its length (190 s
# for 400,000). An f-string with more placeholders than any real code writes is read as a
# plain string (its prefix blanked in place, so every position stays), which costs linear
# time and loses nothing: such a string is never a model id.
_MAX_FSTRING_FIELDS = 1000
_DOTALL = 16  # re.DOTALL
_STRING_OR_COMMENT = lazy(r"""#|'|\"""")
_STRING_END = {
    q: lazy(p, _DOTALL if len(q) == 3 else 0)
    for q, p in (
        ('"""', r'(?:[^"\\]|\\.|"(?!""))*"""'),
        ("'''", r"(?:[^'\\]|\\.|'(?!''))*'''"),
        ('"', r'(?:[^"\\\n]|\\.)*"'),
        ("'", r"(?:[^'\\\n]|\\.)*'"),
    )
}


def _tame_fstrings(code: str) -> tuple[str, int]:
    """``code`` with its oversized f-strings made plain strings, and how many there were."""
    if code.count("{") <= _MAX_FSTRING_FIELDS:
        return code, 0
    pieces: list[str] = []
    done = 0
    tamed = 0
    pos = 0
    while (m := _STRING_OR_COMMENT.search(code, pos)) is not None:
        at = m.start()
        if code[at] == "#":
            nl = code.find("\n", at)
            pos = len(code) if nl == -1 else nl
            continue
        quote = code[at : at + 3] if code[at : at + 3] in ('"""', "'''") else code[at]
        end_m = _STRING_END[quote].match(code, at + len(quote))
        end = end_m.end() if end_m is not None else len(code)
        prefix_start = at
        while prefix_start > 0 and at - prefix_start < 2 and code[prefix_start - 1] in "rRbBuUfF":
            prefix_start -= 1
        prefix = code[prefix_start:at]
        if (
            "f" in prefix.lower()
            and (
                prefix_start == 0
                or not (code[prefix_start - 1].isalnum() or code[prefix_start - 1] == "_")
            )
            and code.count("{", at, end) > _MAX_FSTRING_FIELDS
        ):
            plain = (" r" if "r" in prefix.lower() else " ").rjust(len(prefix))
            pieces.append(code[done:prefix_start])
            pieces.append(plain)
            done = at
            tamed += 1
        pos = end
    if not tamed:
        return code, 0
    pieces.append(code[done:])
    return "".join(pieces), tamed


def extract_python_source(
    ctx: FileContext, code: str, linemap: LineMap | None = None, *, label: str = "syntax error"
) -> bool:
    """Extract from Python ``code`` whose line N sits at file line ``linemap(N)``.

    Returns False when the code did not parse and the text fallback was used.
    """
    lm = linemap or _identity
    code, tamed = _tame_fstrings(code)
    if tamed:
        ctx.note(
            f"{tamed} f-string(s) with more than {_MAX_FSTRING_FIELDS} placeholders read as "
            "plain strings",
            kind="info",
        )
    if len(code) > BIG_FILE:
        try:
            _extract_big(ctx, code, lm)
        except RecursionError:
            ctx.note("expression nesting too deep to analyse; partially scanned", kind="failed")
        return True
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        line = getattr(exc, "lineno", None)
        msg = getattr(exc, "msg", None) or type(exc).__name__
        ctx.note(
            f"{label}: {msg}; scanned as text", line=lm(line) if line else None, kind="fallback"
        )
        index = LineIndex(code) if linemap is not None else ctx.lines
        _fallback(ctx, code, lm, index.line_col)
        return False
    try:
        _Analyzer(ctx, tree, code.splitlines(), lm, keyword_lines(code)).run()
    except RecursionError:
        ctx.note("expression nesting too deep to analyse; partially scanned", kind="failed")
    return True


def extract_python_file(ctx: FileContext) -> None:
    from modeldeps.extract.candidates import literal_candidates

    extract_python_source(ctx, ctx.text)
    literal_candidates(ctx)
