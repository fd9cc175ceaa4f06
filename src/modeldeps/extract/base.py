"""What every extractor shares: the per-file context that candidates are reported to.

Extractors call :meth:`FileContext.add` with a raw value and its position; the
context normalises it, applies the precision rules once, drops values on
``modeldeps: ignore`` lines and de-duplicates.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable, Iterable

from modeldeps.extract import ids
from modeldeps.extract.filenames import untemplated
from modeldeps.extract.ids import Strength
from modeldeps.lazyre import lazy
from modeldeps.model import Asset, Location, Note, Reference, ReferenceKind, Scope

# Words that put a file in machine-learning context, so a plain `model:` value counts.
_ML_CONTEXT = (
    "huggingface",
    "transformers",
    "torch",
    "vllm",
    "diffusers",
    "peft",
    "safetensors",
    "tokenizer",
    "from_pretrained",
    "sentence_transformers",
    "llm",
    "embedding",
    "inference",
    "hf_",
    "hf.co",
    "lora",
    "gguf",
    "onnx",
    "finetun",
    "fine-tun",
    "lm_eval",
    "text-generation",
    "pipeline(",
    # model families and formats: a file that says them is about models
    "llama",
    "mistral",
    "qwen",
    "gemma",
    "falcon",
    "quantiz",
    "awq",
    "gptq",
    "num_shard",
)
# A Markdown table's rule line (|---|:---:|), which makes the line above it the heads
TABLE_RULE_RE = lazy(r"^\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_IGNORE_RE = lazy(r"modeldeps:\s*ignore(?:\[([A-Za-z0-9_,\s-]*)\])?")

# Keys (YAML/JSON/TOML, Python dict literals and keyword names) whose values name
# models. Compared after lower-casing and turning "-" into "_".
STRONG_KEYS = frozenset(
    [
        "model_name_or_path",
        "pretrained_model_name_or_path",
        "pretrained_model_name",
        "base_model",
        "base_model_name_or_path",
        "_name_or_path",
        "tokenizer_name",
        "tokenizer_name_or_path",
        "hub_model_id",
        "pretrained_model",
        "pretrained_model_id",
        "hf_model",
        "hf_model_id",
        "hf_model_name",
        "huggingface_model",
        "model_repo",
        "model_repo_id",
        "hf_repo",
        "hf_repo_id",
        "sentence_transformer_model",
        "hf_hub",
        "hf_hub_id",
        "hf_hub_repo",
        "hf_hub_model_id",
    ]
)
GENERIC_KEYS = frozenset(
    [
        "model",
        "model_id",
        "model_name",
        "models",
        "tokenizer",
        "model_checkpoint",
        "pretrained_path",
        "pretrained_model_path",
        "teacher_model",
        "student_model",
        # conversion and loading tools: mlx's --hf-path, path_or_hf_repo=
        "hf_path",
        "hf_model_path",
        "path_or_hf_repo",
        "hf_checkpoint",
        "reward_model",
        "ref_model",
        "reference_model",
        "draft_model",
        "speculative_model",
        "embedding_model",
        "embed_model",
        "embeddings_model",
        "embedding_model_name",
        "llm_model",
        "llm_model_name",
        "reranker_model",
        "rerank_model",
        "reranker",
        "cross_encoder_model",
        "generator_model",
        "judge_model",
        "critic_model",
        "policy_model",
        "value_model",
        "vision_model",
        "text_model",
        "encoder_model",
        "decoder_model",
        "classifier_model",
        "asr_model",
        "tts_model",
        "model_path",
        "base_models",
        "adapter_id",
        "adapter_name_or_path",
        "lora_id",
        "peft_model_id",
        "model_card",
        "adapters",
        "lora_adapters",
        "adapter_ids",
        "lora_modules",
        "peft_model",
        "adapter_model",
    ]
)
# Keys that look model-ish but never name a dependency.
_NOT_MODEL_KEYS = frozenset(
    [
        "served_model_name",
        "model_type",
        "model_max_length",
        "model_dir",
        "model_save_path",
        "model_output_dir",
        "model_class",
        "model_kwargs",
        "model_args",
        "model_config",
        "model_revision",
        "model_family",
        "model_format",
        "model_size",
        "model_version",
        "output_model",
        "output_dir",
        "dataset",
        "dataset_name",
        "datasets",
    ]
)
# Names that are about models only sometimes (a GitHub repo, a local checkpoint).
_WEAK_KEYS = frozenset(
    {"repo_id", "repo", "checkpoint", "adapter", "lora", "pretrained", "base", "backbone"}
    # (a checkpoint's path is a folder as often as a Hub id: the id must read like a model)
    | {"checkpoint_path", "ckpt_path", "checkpoint_name", "checkpoint_id"}
)
_MODELISH_SUFFIX_RE = lazy(
    # plurals too: SUPPORTED_MODELS, fallback_model_ids hold collections of ids
    r"(?:^|_)(?:models?|model_ids?|model_names?|model_name_or_path|model_paths?|checkpoints?)$"
)


_CAMEL_RE = lazy(r"(?<=[a-z0-9])(?=[A-Z])")


def norm_key(key: str) -> str:
    """``Model-Name``, ``modelName`` and ``MODEL_NAME`` all become ``model_name``."""
    return _CAMEL_RE.sub("_", key.strip()).lower().replace("-", "_")


# A key whose words include "model" names one unless another word says what of it.
_MODEL_WORD_RE = lazy(
    r"(?:^|_)(?:models?|llm|tokenizer|embedder|reranker|retriever|adapters?|loras?)(?:_|$)"
)
_NOT_ID_WORDS = frozenset(
    """type types max min length len class kwargs args config configs revision family format
    size version dir dirs save output outputs dtype parallel parallelism loader registry
    provider providers kind mode modes count num timeout port host url_path price pricing
    cost limit limits params parameters options settings features capabilities alias aliases
    display label title description descriptions""".split()
)


# Dotted config paths: a model-ish section and a last part that names where it is from
_MODEL_PARTS = frozenset({"model", "policy", "tokenizer", "pretrained", "base_model", "backbone"})
_PATH_WORDS = frozenset(
    {"path", "name", "name_or_path", "repo_id", "id", "pretrained_path", "partial_pretrain"}
)


def key_strength(key: str) -> Strength | None:
    """How strongly a mapping key / keyword / variable name says its value is a model.

    Dotted names (``--actor.model_name_or_path``, ``model.base_model``) are judged
    by their last part.
    """
    if "." in key:
        parts = [norm_key(p) for p in key.split(".") if p]
        if any("dataset" in p for p in parts[:-1]):
            return None  # --dataset.repo_id=org/x: the dataset's (datasets.key_strength)
        if (
            len(parts) > 1
            and parts[-1] in _PATH_WORDS
            and any(p in _MODEL_PARTS or p.endswith("_model") for p in parts[:-1])
        ):
            return Strength.GENERIC  # Hydra/draccus: actor.model.path=org/x, --policy.path
    k = norm_key(key.rsplit(".", 1)[-1] if "." in key else key)
    if k in _NOT_MODEL_KEYS or "dataset" in k:
        return None
    if k in STRONG_KEYS or k.endswith("model_name_or_path"):
        return Strength.STRONG
    if k in _WEAK_KEYS:
        return Strength.WEAK
    if k in GENERIC_KEYS:
        return Strength.GENERIC
    if _MODELISH_SUFFIX_RE.search(k):  # pricing_model, data_model: business words too
        return Strength.WEAK
    if _MODEL_WORD_RE.search(k) and not _NOT_ID_WORDS.intersection(k.split("_")):
        return Strength.WEAK  # model_url, llm_router_tools_model_id, primary_model_ref
    return None


# A shell / compose parameter with a default: ${NAME:-default}, ${NAME-default}, ${NAME:=x}
_PARAM_DEFAULT_RE = lazy(r"\$\{[A-Za-z0-9_]+:?[-=]([^}\s]+)\}")

_WEIGHT_FILES = (
    ".bin",
    ".safetensors",
    ".pt",
    ".pth",
    ".ckpt",
    ".gguf",
    ".onnx",
    ".msgpack",
    ".h5",
)


class LineIndex:
    """Offset -> (line, column) for one text, both 1-based."""

    __slots__ = ("_starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def line_col(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def offset(self, line: int, col: int = 1) -> int:
        """The character offset of (line, col), both 1-based; clamped to the text."""
        if line < 1:
            return 0
        if line > len(self._starts):
            return len(self.text)
        return min(self._starts[line - 1] + col - 1, len(self.text))

    def line_text(self, line: int) -> str:
        if line < 1 or line > len(self._starts):
            return ""
        start = self._starts[line - 1]
        end = self._starts[line] - 1 if line < len(self._starts) else len(self.text)
        return self.text[start:end]

    @property
    def line_count(self) -> int:
        return len(self._starts)


_TEST_DIRS = frozenset({"tests", "test", "testing", "__tests__", "spec", "integration-tests"})
_TEST_NAME_RE = lazy(
    r"^(?:test_.*|.*_test\.\w+|conftest\.py|.*\.(?:test|spec)\.[jt]sx?|test\.\w+)$"
)  # matched against a lower-cased name
_CONFIG_EXTS = (".env", ".ini", ".cfg", ".conf", ".properties", ".tf", ".tfvars", ".hcl")
_DOCS_EXTS = (".md", ".markdown", ".mdx", ".qmd", ".rmd", ".rst", ".adoc", ".asciidoc", ".txt")


def scope_of(rel_path: str) -> Scope:
    """The scope a file's references have unless their syntax says otherwise."""
    parts = rel_path.lower().split("/")
    name = untemplated(parts[-1])
    if any(p in _TEST_DIRS for p in parts[:-1]) or ("test" in name and _TEST_NAME_RE.match(name)):
        return Scope.TEST
    if name.endswith(_DOCS_EXTS):
        return Scope.DOCS
    if name.endswith((".yaml", ".yml", ".json", ".toml", *_CONFIG_EXTS)) or name.startswith(".env"):
        return Scope.CONFIG
    return Scope.CODE


class FileContext:
    """Collects references and notes for one file."""

    def __init__(
        self, rel_path: str, abs_path: str, root: str, text: str, scope: Scope | None = None
    ) -> None:
        self.rel_path = rel_path
        # added to every line reported: a docs code block is read over its own text and
        # reports the page's lines (padding it with the page's lines was quadratic)
        self.line_shift = 0
        # references reported now get this scope; extractors switch it for comments
        self.scope = scope_of(rel_path) if scope is None else scope
        self.abs_path = abs_path
        self.root = root
        self.text = text
        self.lines = LineIndex(text)
        self.references: list[Reference] = []
        self.notes: list[Note] = []
        self.not_models: set[str] = set()  # values this file saves to, i.e. local outputs
        self._seen: set[tuple[str, int]] = set()
        self._datasets_at: set[tuple[str, int]] = set()  # (id, line) named as a dataset
        self._ignore_cache: dict[int, frozenset[str] | None] = {}
        self._local_cache: dict[str, bool] = {}
        self._ml_context: bool | None = None

    # -- notes -------------------------------------------------------------
    def note(self, message: str, *, line: int | None = None, kind: str = "failed") -> None:
        at = None if line is None else line + self.line_shift
        self.notes.append(Note(self.rel_path, at, message, kind))

    # -- suppression ---------------------------------------------------------
    def ignored(self, line: int) -> frozenset[str] | None:
        """None: not suppressed. Empty set: all suppressed. Else the codes named."""
        if line in self._ignore_cache:
            return self._ignore_cache[line]
        text = self.lines.line_text(line)
        result: frozenset[str] | None = None
        if "modeldeps" in text:
            m = _IGNORE_RE.search(text)
            if m is not None:
                codes = m.group(1)
                result = (
                    frozenset(c.strip() for c in codes.split(",") if c.strip())
                    if codes
                    else frozenset()
                )
        self._ignore_cache[line] = result
        return result

    # -- context -----------------------------------------------------------------
    @property
    def ml_context(self) -> bool:
        """Whether the file shows machine-learning context anywhere (checked once)."""
        if self._ml_context is None:
            low = self.text.lower()
            self._ml_context = any(tok in low for tok in _ML_CONTEXT)
        return self._ml_context

    # -- local paths -----------------------------------------------------------
    def exists_locally(self, value: str) -> bool:
        """A value that names a local model is a path, not an id (D19).

        As a loader decides: written as a path (``./``, ``../``, ``/``, ``~``), or a
        directory holding a model's config or weights (or a weight file) under the
        scan root or beside this file. A stray file or folder named like the id does
        not hide it. A value dropped because of a local model is said in a note.
        """
        cached = self._local_cache.get(value)
        if cached is None:
            from modeldeps.discover import names_local_model, written_as_path

            bases = (self.root, os.path.dirname(self.abs_path))
            cached = names_local_model(value, bases)
            self._local_cache[value] = cached
            if cached and not written_as_path(value):
                self.note(
                    f"{value!r} names a local model directory; not looked up on the Hub",
                    kind="skipped",
                )
        return cached

    # -- references ------------------------------------------------------------
    def add(
        self,
        raw: str,
        line: int,
        column: int,
        kind: ReferenceKind,
        strength: Strength,
        *,
        revision: str | None = None,
        flags: Iterable[str] = (),
        transform: Callable[[str], str | None] | None = None,
    ) -> bool:
        """Report a candidate value; returns True when it was kept as a reference."""
        if raw.strip() in self.not_models:
            return False
        if "${" in raw and (d := _PARAM_DEFAULT_RE.fullmatch(raw.strip().strip("\"'"))):
            # MODEL_ID: ${MODEL_ID:-org/name} (compose, Helm, .env): the default is named
            column += raw.find("${") + d.start(1)
            raw = d.group(1)
        if strength is not Strength.WEAK and raw.rstrip("\"'` ").endswith("/"):
            # hf_hub="timm/vit_base.augreg/": a registry's prefix that file names are
            # joined to; under a model key it is still the repository
            bare = raw.strip().strip("\"'`").rstrip()
            if bare.count("/") == 2 and bare[:1] not in "/.~" and "://" not in bare:
                raw = bare[:-1]
        elif strength is Strength.STRONG and raw.count("/") == 2:
            # hf_hub="laion/clap-htsat-fused/model.safetensors": a weights file in the repo
            bare = raw.strip().strip("\"'`").strip()
            repo, _, file = bare.rpartition("/")
            if file.lower().endswith(_WEIGHT_FILES) and bare[:1] not in "/.~" and ":" not in bare:
                raw = repo
        parsed = ids.normalize(raw)
        if parsed is None:
            return False
        model_id, rev = parsed
        if (
            transform is None
            and strength is not Strength.WEAK
            and "/" not in model_id
            and not ids.is_legacy_id(model_id)
        ):
            # model="all-MiniLM-L6-v2" under any model key: the short name that
            # sentence-transformers (and the embedders wrapping it) expand
            transform = ids.sentence_transformers_id
        if transform is not None and "/" not in model_id:
            mapped = transform(model_id)
            if mapped is not None:
                model_id = mapped
        if not ids.accept(model_id, strength) or self.exists_locally(model_id):
            return False
        if strength is not Strength.STRONG and "/" in model_id:
            from modeldeps.extract.datasets import KNOWN_DATASETS

            if model_id.lower() in KNOWN_DATASETS:  # "openai/gsm8k" in a JSON sample
                self.add_dataset(model_id, line, column, kind, Strength.GENERIC, revision=revision)
                return False
        if ids.is_placeholder(model_id):
            return False
        if strength is Strength.WEAK and not ids.looks_model_like(model_id):
            return False
        if (
            strength is Strength.GENERIC
            and not ids.looks_model_like(model_id)
            and not self.ml_context
        ):
            return False
        written = raw.strip().strip("\"'`")
        line, column = self._locate(written, line, column)
        suppressed = self.ignored(line)
        if suppressed is not None and not suppressed:
            return False
        key = (model_id, line + self.line_shift)
        if key in self._seen or key in self._datasets_at:
            return False  # a dataset on this line is never also a model
        self._seen.add(key)
        all_flags = set(flags)
        if suppressed:
            all_flags.update(f"ignore:{c}" for c in suppressed)
        self.references.append(
            Reference(
                model_id=model_id,
                revision=revision or rev,
                location=Location(self.rel_path, line + self.line_shift, max(column, 1)),
                kind=kind,
                flags=frozenset(all_flags),
                scope=self.scope,
            )
        )
        return True

    def add_dataset(
        self,
        raw: str,
        line: int,
        column: int,
        kind: ReferenceKind,
        strength: Strength,
        *,
        revision: str | None = None,
        bare: int = 0,
        override: bool = True,
    ) -> bool:
        """Report a value the context names as a dataset (rules: ``extract/datasets.py``;
        ``bare``: whether an un-namespaced name may be one, see ``datasets.accept``).

        A model reference already taken for the same id on the same line goes: the
        dataset evidence (``load_dataset``, ``repo_type="dataset"``, a dataset key) is
        the more specific. With ``override=False`` (weaker evidence: a literal in a
        container that looks like data) such a line keeps its model instead.
        """
        from modeldeps.extract import datasets

        if raw.strip() in self.not_models:
            return False
        parsed = datasets.normalize(raw)
        if parsed is None:
            return False
        dataset_id, rev = parsed
        if not datasets.accept(dataset_id, strength, bare) or self._local_dataset(dataset_id):
            return False
        suppressed = self.ignored(line)
        if suppressed is not None and not suppressed:
            return False
        at = line + self.line_shift
        key = (dataset_id, at)
        if key in self._datasets_at or (not override and key in self._seen):
            return False
        self._datasets_at.add(key)
        if key in self._seen:
            self._seen.discard(key)
            self.references = [
                r
                for r in self.references
                if not (
                    r.model_id == dataset_id and r.location.line == at and r.asset is Asset.MODEL
                )
            ]
        column = self._column(raw, line, column)
        flags = frozenset(f"ignore:{c}" for c in suppressed) if suppressed else frozenset()
        self.references.append(
            Reference(
                model_id=dataset_id,
                revision=revision or rev,
                location=Location(self.rel_path, at, max(column, 1)),
                kind=kind,
                flags=flags,
                scope=self.scope,
                asset=Asset.DATASET,
            )
        )
        return True

    def _locate(self, written: str, line: int, column: int) -> tuple[int, int]:
        """Where ``written`` really is, near a position that escaped, folded or
        re-indented text made approximate (a YAML scalar continued with a backslash)."""
        if not written:
            return line, column
        line_text = self.lines.line_text(line)
        if line_text.startswith(written, column - 1):
            return line, column
        at = line_text.find(written)
        if at != -1:
            return line, at + 1
        for nxt in range(line + 1, line + 21):
            text = self.lines.line_text(nxt)
            at = text.find(written)
            if at != -1:
                return nxt, at + 1
        return line, column

    def _column(self, raw: str, line: int, column: int) -> int:
        written = raw.strip().strip("\"'`")
        line_text = self.lines.line_text(line)
        if written and not line_text.startswith(written, column - 1):
            at = line_text.find(written)
            if at != -1:
                return at + 1
        return column

    def _local_dataset(self, value: str) -> bool:
        """A folder under the scan root or beside this file that ``load_dataset`` would
        read instead of the Hub."""
        if "/" not in value:
            return False
        for base in (self.root, os.path.dirname(self.abs_path)):
            try:
                if os.path.isdir(os.path.join(base, value)):
                    return True
            except (OSError, ValueError):
                continue
        return False

    def merge(self, other: FileContext) -> None:
        """Take the references of a context built over part of this file (a docs code
        block), keeping this file's de-duplication."""
        for ref in other.references:
            key = (ref.model_id, ref.location.line)
            if ref.asset is Asset.DATASET:
                if key in self._datasets_at:
                    continue
                self._datasets_at.add(key)
                self.references.append(ref)
            elif key not in self._seen and key not in self._datasets_at:
                self._seen.add(key)
                self.references.append(ref)

    def add_at(
        self,
        raw: str,
        offset: int,
        kind: ReferenceKind,
        strength: Strength,
    ) -> bool:
        """:meth:`add` with a character offset into the file's text."""
        line, col = self.lines.line_col(offset)
        return self.add(raw, line, col, kind, strength)
