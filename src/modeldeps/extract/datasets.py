"""Dataset references: the rules that tell a Hub dataset id from a model id and a look-alike.

A dataset is named where the context says so: ``load_dataset("org/name")``,
``repo_type="dataset"`` downloads, ``hf://datasets/...`` and
``huggingface.co/datasets/...`` paths, config keys and flags whose name says
dataset (``dataset_name``, ``dataset_path``, ``train_dataset``,
``--dataset_mixer_list``), the ``datasets:`` list of a model card and the task
configs of evaluation harnesses (``dataset_path:`` in lm-eval, ``hf_repo=`` in
lighteval). The extractors ask these functions; :meth:`FileContext.add_dataset`
applies them. An id that the context names as a dataset is never also reported
as a model on the same line (and the other way round).
"""

from __future__ import annotations

from modeldeps.extract import ids
from modeldeps.extract.ids import Strength
from modeldeps.lazyre import lazy

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from collections.abc import Iterable

    from modeldeps.model import ModelRecord, Reference

# Un-namespaced datasets the Hub still serves (most now redirect to an organisation,
# e.g. squad -> rajpurkar/squad, gsm8k -> openai/gsm8k). Outside a loading call, an
# un-namespaced value is only a dataset when it is one of these: "alpaca_en_demo"
# under `dataset:` is a name in a local registry (LLaMA-Factory's dataset_info.json).
LEGACY_DATASETS = frozenset(
    """
    ag_news ai2_arc amazon_polarity amazon_reviews_multi anli banking77 billsum bookcorpus
    boolq c4 cifar10 cifar100 cnn_dailymail code_search_net codeparrot cola common_gen
    common_voice commonsense_qa conll2003 coqa cosmos_qa dbpedia_14 dream drop emotion
    eli5 fashion_mnist financial_phrasebank food101 gigaword glue go_emotions gsm8k
    hellaswag hotpot_qa imdb lambada librispeech_asr math_qa mbpp mc4 mnist mrpc multi_news
    multi_nli natural_questions newsgroup openai_humaneval openbookqa openwebtext opus100
    opus_books oscar paws piqa ptb_text_only qasc quail quoref race rotten_tomatoes samsum
    sciq scitail scientific_papers snli social_i_qa squad squad_v2 sst2 stsb super_glue
    superb swag tiny_shakespeare trivia_qa truthful_qa tweet_eval web_questions wiki_qa
    wikiann wikipedia wikitext winogrande wmt14 wmt16 wmt19 xnli xsum xtreme yelp_polarity
    yelp_review_full
    """.split()
)
# Namespaced datasets so widely used that an id of theirs in a weak context (a literal
# in a JSON sample, a variable, a flag with no dataset word) is this dataset and never a
# model ("openai/gsm8k" is id-shaped under a model publisher). Lower case.
KNOWN_DATASETS = frozenset(
    """
    openai/gsm8k openai/openai_humaneval openai/mmmlu openai/summarize_from_feedback
    tatsu-lab/alpaca yahma/alpaca-cleaned vicgalle/alpaca-gpt4 databricks/databricks-dolly-15k
    anthropic/hh-rlhf openassistant/oasst1 openassistant/oasst2 timdettmers/openassistant-guanaco
    huggingfaceh4/ultrachat_200k huggingfaceh4/ultrafeedback_binarized huggingfaceh4/no_robots
    huggingfaceh4/mt_bench_prompts huggingfaceh4/math-500 huggingfacem4/chartqa
    huggingfacem4/the_cauldron huggingfacefw/fineweb huggingfacefw/fineweb-edu
    huggingfacefw/fineweb-2 huggingfacetb/smoltalk huggingfacetb/cosmopedia
    huggingfacetb/smollm-corpus allenai/c4 allenai/dolma allenai/ai2_arc allenai/tulu-3-sft-mixture
    allenai/ultrafeedback_binarized_cleaned allenai/openbookqa allenai/sciq allenai/winogrande
    wikimedia/wikipedia wikitext salesforce/wikitext cais/mmlu tiger-lab/mmlu-pro rowan/hellaswag
    google-research-datasets/mbpp google-research-datasets/natural_questions
    google/boolq rajpurkar/squad rajpurkar/squad_v2 nyu-mll/glue aps/super_glue stanfordnlp/imdb
    stanfordnlp/sst2 stanfordnlp/snli stanfordnlp/coqa eleutherai/pile
    eleutherai/wikitext_document_level
    eleutherai/lambada_openai eleutherai/hendrycks_math togethercomputer/redpajama-data-1t
    togethercomputer/redpajama-data-v2 cerebras/slimpajama-627b bigcode/the-stack
    bigcode/the-stack-v2 bigcode/the-stack-dedup bigcode/starcoderdata bigcode/humanevalpack
    teknium/openhermes-2.5 open-orca/openorca lmsys/lmsys-chat-1m lmsys/chatbot_arena_conversations
    lmsys/mt_bench_human_judgments ai-mo/numinamath-cot ai-mo/numinamath-tir
    ai-mo/aimo-validation-aime
    open-r1/openr1-math-220k open-r1/codeforces open-r1/mixture-of-thoughts
    mlabonne/orpo-dpo-mix-40k mlabonne/guanaco-llama2-1k nvidia/helpsteer2 nvidia/helpsteer
    openbmb/ultrafeedback openbmb/ultrainteract_sft princeton-nlp/swe-bench
    princeton-nlp/swe-bench_lite princeton-nlp/swe-bench_verified
    truthfulqa/truthful_qa cnn_dailymail abisee/cnn_dailymail edinburghnlp/xsum
    ought/raft trl-lib/capybara trl-lib/ultrafeedback_binarized trl-lib/tldr
    trl-lib/lm-human-preferences-descriptiveness trl-lib/math_shepherd trl-internal-testing/zen
    argilla/distilabel-capybara-dpo-7k-binarized argilla/ultrafeedback-binarized-preferences-cleaned
    garage-baind/open-platypus
    meta-math/metamathqa microsoft/orca-math-word-problems-200k theblackcat102/evol-codealpaca-v1
    sahil2801/codealpaca-20k iamtarun/python_code_instructions_18k_alpaca
    mozilla-foundation/common_voice_11_0 mozilla-foundation/common_voice_13_0
    mozilla-foundation/common_voice_16_1 openslr/librispeech_asr facebook/voxpopuli
    google/fleurs laion/laion2b-en laion/laion400m mlfoundations/datacomp_pools
    nlphuji/flickr30k yerevann/coco-karpathy detection-datasets/coco ylecun/mnist
    uoft-cs/cifar10 uoft-cs/cifar100 zalando-datasets/fashion_mnist imagenet-1k ilsvrc/imagenet-1k
    sentence-transformers/all-nli sentence-transformers/stsb sentence-transformers/natural-questions
    mteb/stsbenchmark-sts mteb/scifact
    """.lower().split()
)
# load_dataset's packaged builders and other names that are not Hub repositories.
BUILDERS = frozenset(
    """
    json csv parquet text arrow pandas imagefolder audiofolder videofolder pdffolder
    niftifolder webdataset sql generator spark xml cache hdf5 lance folder_based_builder
    eval
    """.split()
)

# Keys whose value is a dataset, compared after norm_key(). STRONG: a dataset id
# and nothing else; GENERIC: usually one (the key may also hold a local path or a
# registry name, which the id rules drop).
STRONG_KEYS = frozenset(
    """
    dataset_name dataset_id dataset_path dataset_repo dataset_repo_id hf_dataset
    hf_dataset_name hf_dataset_id hf_dataset_path dataset_name_or_path hub_dataset
    hub_dataset_id dataset_hub_id hf_dataset_or_datasets train_dataset_name
    eval_dataset_name test_dataset_name dataset_mixer_list
    """.split()
)
# Words in a dataset-ish key that say its value is something about a dataset, not one.
_NOT_ID_WORDS = frozenset(
    """
    config configs split splits field fields proc num kwargs args dir dirs prepared format
    type types size sizes cache revision column columns text seed processes shuffle
    streaming keep mode ratio ratios weight weights sample samples max min len length
    batch workers epochs subset subsets key keys prefix suffix template templates class
    cls version kind format formats output save local file files root folder info infos
    desc description label labels map mapping fn func function loader builder stats
    count percent portion fraction cfg params size tokenizer model models output outputs
    save push upload target dest export tmp
    """.split()
)
_WORDS_RE = lazy(r"[a-z0-9]+")
_CAMEL_RE = lazy(r"(?<=[a-z0-9])(?=[A-Z])")


def _norm_key(key: str) -> str:
    """As ``base.norm_key`` (which imports this module): ``datasetName`` -> ``dataset_name``."""
    return _CAMEL_RE.sub("_", key.strip()).lower().replace("-", "_")


# Keys inside a mapping under a dataset key, in the order they name the dataset:
# {path: org/x, name: config} and {id: org/x, config: main} both name org/x.
NESTED_ID_KEYS = (
    "hf_name",
    "hf_repo",
    "hf_path",
    "dataset_path",
    "dataset_name",
    "path",
    "repo_id",
    "dataset_id",
    "id",
    "repo",
    "dataset",
    "source",  # torchtune: dataset: {_component_: ..., source: org/x}
    "name",
)
# Calls whose first argument (or path=) is a Hub dataset id.
LOAD_CALLS = frozenset(
    {
        "load_dataset",
        "load_dataset_builder",
        "get_dataset_config_names",
        "get_dataset_split_names",
        "get_dataset_infos",
        "get_dataset_config_info",
        "get_dataset_default_config_name",
        "dataset_info",
        "HuggingFaceDatasetReader",  # datatrove
        "HFDatasetReader",
    }
)
# The Hub's repo_type values that mean a dataset.
DATASET_REPO_TYPES = frozenset({"dataset", "datasets"})


_DOTTED_ID_WORDS = frozenset({"repo_id", "repo_ids", "path", "name", "id", "hf_name"})
_DATA_KEYS = frozenset(
    """data_path data_source data_name data_id data_repo hf_data data_name_or_path
    train_data eval_data train_data_path eval_data_path train_files val_files test_files
    eval_files hf_hub_url""".split()
)  # (train_files: verl's and EasyR1's data.train_files=org/x@train; hf_hub_url:
#    LLaMA-Factory's dataset_info.json)
_SPLITS = frozenset({"train", "test", "validation", "val", "dev", "eval"})


def key_strength(key: str) -> Strength | None:
    """How strongly a key, keyword, flag or variable name says its value is a dataset."""
    if "." in key:
        parts = [_norm_key(p) for p in key.split(".") if p]
        if any("dataset" in p for p in parts[:-1]) and parts[-1] in _DOTTED_ID_WORDS:
            return Strength.GENERIC  # --dataset.repo_id=org/x (draccus, Hydra)
    k = _norm_key(key.rsplit(".", 1)[-1] if "." in key else key)
    if "dataset" not in k:
        # data_path / data_source / DATA_NAME: a Hub id there is a dataset (a local path
        # or a bare name is not taken: the id rules and ``bare`` decide)
        return Strength.GENERIC if k in _DATA_KEYS else None
    if k in STRONG_KEYS:
        return Strength.STRONG
    words = _WORDS_RE.findall(k)
    if _NOT_ID_WORDS.intersection(words):
        return None
    if any(w in ("dataset", "datasets") or w.endswith("dataset") for w in words):
        return Strength.GENERIC  # dataset, datasets, train_dataset, sft_datasets, dataset_mixer
    return None


def normalize(raw: str) -> tuple[str, str | None] | None:
    """A written value as (dataset id, revision): ``org/name``, ``org/name@rev``,
    ``hf://datasets/org/name/...``, ``datasets/org/name/...`` (HfFileSystem) and
    ``https://huggingface.co/datasets/org/name[/blob/rev/...]``; None when it is none."""
    value = raw.strip().strip("\"'`").strip()
    if not value or len(value) > 300:
        return None
    lower = value.lower()
    if lower.startswith("hf://"):
        return parse_path(value[len("hf://") :], required=True)
    if "huggingface.co/" in lower or "hf.co/" in lower:
        at = lower.find(".co/")
        return parse_path(value[at + len(".co/") :], required=True)
    if lower.startswith("datasets/") and value.count("/") >= 2:
        return parse_path(value, required=True)
    if "#" in value and value.rpartition("#")[2].isdigit():
        value = value.rpartition("#")[0]  # --dataset org/x#10000: a sample count
    dataset_id, revision = ids.split_revision(value)
    if revision is not None and revision.lower() in _SPLITS:
        revision = None  # verl's and EasyR1's org/x@train names a split, not a revision
    return dataset_id, revision


def parse_path(path: str, *, required: bool) -> tuple[str, str | None] | None:
    """``datasets/org/name[@rev][/file...]`` or ``datasets/org/name/blob/rev/...`` ->
    (id, revision). With ``required``, a path that does not start ``datasets/`` is None."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    parts = [p for p in path.strip("/").split("/") if p]
    if "%" in path:  # each part on its own: an escaped revision may hold a "/"
        from urllib.parse import unquote

        parts = [unquote(p) for p in parts]
    if parts and parts[0].lower() == "datasets":
        parts = parts[1:]
    elif required:
        return None
    if len(parts) < 1:
        return None
    if len(parts) == 1 or parts[1] in ("resolve", "blob", "tree", "raw", "viewer", "commit"):
        ident, tail = parts[0], parts[1:]  # a legacy dataset: datasets/squad
        if "@" in ident:
            ident, rev = ids.split_revision(ident)
            return ident, rev
        if not ids.is_valid_repo_id(ident):
            return None
    else:
        ident, tail = "/".join(parts[:2]), parts[2:]
    ident, revision = ids.split_revision(ident)
    if (
        revision is None
        and len(tail) >= 2
        and tail[0] in ("resolve", "blob", "tree", "raw", "commit")
    ):
        revision = tail[1]
    ident = ident.split(":", 1)[0]
    return ident, revision


# How an un-namespaced value may be a dataset: never (a key or a flag: "c4" there is
# as often an output name), LEGACY (a legacy dataset, where the syntax names Hub
# datasets: a task config's dataset_path, a card's datasets: list), CALL (any name a
# loading call is given: load_dataset("squad")).
NEVER, LEGACY, CALL = 0, 1, 2


def accept(dataset_id: str, strength: Strength, bare: int = NEVER) -> bool:
    """Whether a normalised value is a dataset reference in a context of ``strength``."""
    if not ids.is_valid_repo_id(dataset_id) or is_placeholder(dataset_id):
        return False
    if "/" not in dataset_id:
        if dataset_id.lower() in BUILDERS or "." in dataset_id or bare == NEVER:
            return False  # json, csv, parquet; train.jsonl
        if dataset_id in LEGACY_DATASETS:
            return True
        # only a loading call names an un-namespaced Hub dataset it does not know
        return bare == CALL and dataset_id[0].isalpha() and len(dataset_id) > 2
    if ids.looks_local(dataset_id):
        return False
    ns, _, name = dataset_id.partition("/")
    if ns.lower().endswith(("_datasets", "_data", "_dataset")) or ns.lower().startswith(
        ("raw_", "local_", "my_")
    ):
        return False  # raw_datasets/c4, local_data/x: folders, not Hub accounts
    if len(ns) < 2 or ns.isdigit() or name.isdigit() or "." in ns:
        return False
    return strength is not Strength.WEAK or ids.known_publisher(dataset_id)


_PLACEHOLDER_NAMES = frozenset(
    """dataset datasets dataset-name dataset_name my-dataset my_dataset mydataset your-dataset
    your_dataset example-dataset example_dataset some-dataset my-data my_data your-data
    dataset-id dataset_id repo-name repo_name""".split()
)


def is_placeholder(dataset_id: str) -> bool:
    """Documentation stand-ins: ``myorg/my-dataset``, ``your-org/dataset-name``."""
    if ids.is_placeholder(dataset_id):
        return True
    ns, _, name = dataset_id.rpartition("/")
    low_ns, low = ns.lower(), name.lower()
    if low in _PLACEHOLDER_NAMES and (
        not ns or low_ns.startswith(("my", "your", "org", "user", "username", "example"))
    ):
        return True
    return low_ns.startswith("my") and low.startswith("my")


def source_dataset(value: str) -> str | None:
    """A dataset card's ``source_datasets`` entry as a Hub id: ``extended|org/x`` ->
    ``org/x``; ``original`` and free text -> None."""
    item = value.strip()
    if "|" in item:
        item = item.split("|", 1)[1].strip()
    if not item or item.lower() in ("original", "extended", "other") or " " in item:
        return None
    return item if ids.is_valid_repo_id(item) else None


def declared(rec: ModelRecord) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A model card's ``datasets:`` as (Hub dataset ids, entries that are not Hub ids)."""
    hub: list[str] = []
    other: list[str] = []
    for value in rec.datasets:
        item = value.strip()
        lowered = item.lower()
        for prefix in ("https://huggingface.co/datasets/", "hf://datasets/"):
            if lowered.startswith(prefix):
                item = item[len(prefix) :].strip("/")
        if item and ids.is_valid_repo_id(item):
            hub.append(item)
        elif item:
            other.append(item)
    return tuple(dict.fromkeys(hub)), tuple(dict.fromkeys(other))


def dataset_id_of(value: str) -> str | None:
    """``datasets/org/x``, ``hf://datasets/org/x`` or ``https://huggingface.co/datasets/org/x``
    as ``org/x``; None when the value does not say it is a dataset."""
    text = value.strip()
    low = text.lower()
    for prefix in ("https://huggingface.co/", "http://huggingface.co/", "hf.co/", "hf://"):
        if low.startswith(prefix):
            text, low = text[len(prefix) :], low[len(prefix) :]
            break
    if not low.startswith("datasets/"):
        return None
    parsed = parse_path(text, required=True)
    return parsed[0] if parsed else None


def dataset_keys(
    refs: Iterable[Reference], models: Iterable[ModelRecord]
) -> list[tuple[str, str | None]]:
    """Datasets to resolve: those referenced, then every model's declared training data."""
    from modeldeps.model import Asset, ResolveStatus

    keys = [(r.model_id, r.revision) for r in refs if r.asset is Asset.DATASET]
    for rec in models:
        if rec.status is ResolveStatus.OK:
            keys.extend((d, None) for d in declared(rec)[0])
    return list(dict.fromkeys(keys))
