"""Value types shared by every stage of the pipeline.

All of them are frozen and slotted so they can be dict keys and cross process
boundaries (the scanner pickles them back from worker processes).
"""

from __future__ import annotations

from enum import StrEnum

from modeldeps.record import field, record

TYPE_CHECKING = False  # typing costs every hook run start-up time
if TYPE_CHECKING:
    from typing import NewType

    ModelId = NewType("ModelId", str)
else:
    ModelId = str


class ReferenceKind(StrEnum):
    """How a reference was found; part of the JSON report contract."""

    PYTHON_CALL = "python-call"  # argument of a model-loading call
    PYTHON_ASSIGN = "python-assign"  # constant bound to a model-ish name, argparse default, ...
    PYTHON_TEXT = "python-text"  # text fallback for Python that does not parse
    CONFIG_KEY = "config-key"  # YAML / JSON / TOML value under a model-ish key
    CLI_ARG = "cli-arg"  # shell / Dockerfile / workflow command-line argument
    ENV_VAR = "env-var"  # MODEL_ID=... style assignment
    URL = "url"  # https://huggingface.co/... or hf:// in any text
    JS_CALL = "js-call"  # transformers.js / @huggingface/inference call


class Scope(StrEnum):
    """Where a reference sits; the policy says what each scope may decide."""

    CODE = "code"  # executable source outside tests
    CONFIG = "config"  # YAML/JSON/TOML/INI/.env/Helm values, Markdown front matter
    TEST = "test"  # test files and fixtures
    DOCS = "docs"  # documentation: code blocks and prose of Markdown, rST, AsciiDoc
    COMMENT = "comment"  # comments, docstrings, usage and help text


class Asset(StrEnum):
    """What a reference names; part of the JSON report contract (``references[].asset``)."""

    MODEL = "model"  # a model repository on the Hugging Face Hub (or a legacy id)
    DATASET = "dataset"  # a dataset repository on the Hub
    API_MODEL = "api-model"  # a model reached through a provider's API; no weights


class Flag(StrEnum):
    """Well-known flags a reference may carry."""

    TRUST_REMOTE_CODE = "trust_remote_code"
    ADAPTER = "adapter"
    SYNTAX_FALLBACK = "syntax-fallback"


@record(order=True)
class Location:
    """A place in a scanned file. ``path`` is scan-root relative and ``/``-separated."""

    path: str
    line: int  # 1-based
    column: int = 1  # 1-based, in characters


@record
class Reference:
    """One place where a model id is named."""

    model_id: str
    revision: str | None
    location: Location
    kind: ReferenceKind
    flags: frozenset[str] = frozenset()
    scope: Scope = Scope.CODE
    asset: Asset = Asset.MODEL

    @property
    def ignored_codes(self) -> frozenset[str]:
        """Finding codes suppressed inline with ``modeldeps: ignore[code]``."""
        return frozenset(f[len("ignore:") :] for f in self.flags if f.startswith("ignore:"))


@record
class Note:
    """Something the scan could not do fully: a skipped or half-read file."""

    path: str
    line: int | None
    message: str
    kind: str  # "skipped" | "failed" | "fallback"


@record(frozen=False)
class ScanStats:
    """Coverage counters, so a report is honest about what it did not read."""

    files_seen: int = 0
    files_scanned: int = 0
    files_skipped: int = 0
    files_failed: int = 0
    bytes_scanned: int = 0
    skipped_by_reason: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.files_skipped += 1
        self.skipped_by_reason[reason] = self.skipped_by_reason.get(reason, 0) + 1

    def merge(self, other: ScanStats) -> None:
        self.files_seen += other.files_seen
        self.files_scanned += other.files_scanned
        self.files_skipped += other.files_skipped
        self.files_failed += other.files_failed
        self.bytes_scanned += other.bytes_scanned
        for k, v in other.skipped_by_reason.items():
            self.skipped_by_reason[k] = self.skipped_by_reason.get(k, 0) + v


@record
class ExtractResult:
    """What the extract stage produced for a set of files."""

    references: tuple[Reference, ...]
    notes: tuple[Note, ...]
    stats: ScanStats


class ResolveStatus(StrEnum):
    """Why a record is or is not resolved; part of the JSON report contract."""

    OK = "ok"
    NOT_FOUND = "not-found"
    GATED = "gated"
    UNAUTHORIZED = "unauthorized"
    REVISION_NOT_FOUND = "revision-not-found"
    RATE_LIMITED = "rate-limited"
    UNREACHABLE = "unreachable"
    OFFLINE_MISS = "offline-miss"
    INVALID_ID = "invalid-id"
    NOT_RESOLVED = "not-resolved"  # --no-resolve: nobody asked


class RecordSource(StrEnum):
    LOCK = "lock"
    CACHE = "cache"
    HUB = "hub"
    README = "readme"  # the endpoint has no metadata API: the card came from README.md
    NONE = "none"


@record
class LicenseEvidence:
    """A license claim and where it came from (card:license, card:license_name, LICENSE, tag...).

    A card that lists several licenses (``license: [a, b]``), or whose ``license:`` tags
    name more than its card, has ``value`` ``a AND b``: every one applies, the worst wins.
    """

    value: str | None
    source: str
    name: str | None = None
    link: str | None = None

    @property
    def entries(self) -> tuple[str, ...]:
        """Each license the evidence names (one for a plain id; each part of ``a AND b``)."""
        if not self.value:
            return ()
        parts = self.value.split(" AND ") if " AND " in self.value else [self.value]
        return tuple(
            p[1:-1] if p.startswith("(") and p.endswith(")") and len(parts) > 1 else p
            for p in parts
        )


@record
class LicenseFile:
    """A repository's LICENSE file, read when the card does not name a usable license."""

    path: str
    sha256: str
    excerpt: str = ""  # the start of the text, for recognising the license by name
    # sha256 of the normalised text (knowledge.versions.text_hash): which known version it is
    text_sha256: str | None = None


class EdgeSource(StrEnum):
    """Where a lineage edge comes from, strongest first; part of the JSON report contract."""

    DECLARED = "declared"  # the card's base_model (or finetuned_from, an adapter's config)
    TAG = "tag"  # the Hub's base_model:<relation>:<id> tags
    CARD_TEXT = "card-text"  # the README body: trainer, quantisation and merge templates
    GGUF_METADATA = "gguf-metadata"  # general.base_model.* in a GGUF file's header
    KNOWN_FAMILY = "known-family"  # the curated known-families table (knowledge/families.yaml)
    NAME = "name"  # the id, a tag or license_name names a restricted family: weakest


@record
class Edge:
    """One edge of a model's lineage: its base (a Hub id, or ``family:<key>``) and why.

    ``evidence`` quotes what was read (the card key, the sentence, the header field,
    the table entry), so every report can say "inferred from ...".
    """

    base: str
    source: EdgeSource
    relation: str | None = None
    evidence: str = ""

    @property
    def inferred(self) -> bool:
        return self.source not in (EdgeSource.DECLARED, EdgeSource.TAG)


@record
class CardTerms:
    """Terms a card states outside ``license:`` (``commercial: false``, region gates)."""

    commercial: bool | None = None  # the card's own commercial: key
    excluded_regions: tuple[str, ...] = ()  # extra_gated_eu_disallowed, gate prompts
    evidence: tuple[str, ...] = ()  # what was read, one line each


@record
class ModelRecord:
    """What the Hub (or the lock, or the cache) says about one model at one revision."""

    id: str  # as referenced
    requested_revision: str | None
    status: ResolveStatus
    source: RecordSource
    canonical_id: str | None = None
    sha: str | None = None
    license: LicenseEvidence | None = None
    base_models: tuple[str, ...] = ()
    relation: str | None = None
    gated: bool | str | None = None
    private: bool | None = None
    has_card: bool | None = None
    datasets: tuple[str, ...] = ()
    last_modified: str | None = None
    weight_formats: tuple[str, ...] = ()
    reason: str | None = None
    license_file: LicenseFile | None = None
    # Every lineage edge with its source; base_models are the Hub ids among them that
    # the resolver follows (declared, tag, card-text and gguf-metadata edges).
    edges: tuple[Edge, ...] = ()
    terms: CardTerms | None = None
    # Datasets (asset DATASET) use the same record: base_models holds the card's
    # source_datasets that are Hub ids, tasks its task_categories, gated_terms what the
    # access form (extra_gated_prompt) asks.
    asset: Asset = Asset.MODEL
    tasks: tuple[str, ...] = ()
    gated_terms: str | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.id, self.requested_revision)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@record
class RuleOrigin:
    """Where the rule that made a decision lives: ``policy.yaml:12`` or ``preset:commercial``."""

    file: str
    line: int | None
    rule: str


@record
class Finding:
    code: str
    severity: Severity
    model_id: str | None
    message: str
    references: tuple[Reference, ...] = ()
    lineage: tuple[str, ...] = ()
    origin: RuleOrigin | None = None
    duty: str | None = None
    # the source of each edge of ``lineage`` (declared, tag, card-text, gguf-metadata,
    # known-family, name): how the finding knows the model derives from its ancestor
    lineage_sources: tuple[str, ...] = ()
    asset: Asset = Asset.MODEL  # what model_id names (a dataset for dataset-license-*)


@record
class ApiModelRecord:
    """A hosted API model as the provider knowledge base describes it (no network, no weights).

    ``provider`` serves it (the router or cloud when one is named), ``creator`` made it
    when that is someone else (Anthropic's Claude on Bedrock); ``open_weights`` is the
    Hub model with the same weights, whose license applies as well. ``retired`` and
    ``deprecated`` are ISO dates; ``facts`` names the knowledge-base entry the rest came
    from (``providers.yaml models[12]``), None for a name the knowledge base does not know.
    """

    id: str
    provider: str | None
    creator: str | None = None
    family: str | None = None
    kind: str | None = None
    route: str | None = None  # the router prefix as written (openrouter, together_ai, ...)
    deployment: bool = False  # an Azure OpenAI deployment name, not a model name
    open_weights: str | None = None
    retired: str | None = None
    retired_source: str | None = None
    retired_uncertain: bool = False
    facts: str | None = None

    @property
    def known(self) -> bool:
        return self.facts is not None


@record
class ScanResult:
    """Everything one scan produced; reporters render only this."""

    references: tuple[Reference, ...]
    notes: tuple[Note, ...]
    stats: ScanStats
    records: tuple[ModelRecord, ...] = ()
    findings: tuple[Finding, ...] = ()
    partial: bool = False
    resolved: bool = False
    messages: tuple[str, ...] = ()  # run-level warnings (cache not writable, deep lineage)
    # (model id, allow | review | deny): the policy's level for each judged model's own
    # license, ancestors included, so lineage pictures can colour every node
    levels: tuple[tuple[str, str], ...] = ()
    # --new-since: the (model id, revision) pairs the base revision did not reference
    changed: tuple[tuple[str, str | None], ...] | None = None
    api_models: tuple[ApiModelRecord, ...] = ()  # hosted API models, from the knowledge base
    datasets: tuple[ModelRecord, ...] = ()  # dataset records: used directly or training data
