"""Dataset references: every form issue 16 lists, and the look-alikes that are not one.

Each row is hand-written: a snippet, the datasets it names (line, id) and the models it
names. A dataset id is never reported as a model on the same line, nor the other way
round.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldeps.extract import datasets as ds
from modeldeps.extract import extract_bytes
from modeldeps.extract.ids import Strength
from modeldeps.model import Asset

ML = "from transformers import AutoModel\n"


def _found(tmp_path: Path, name: str, text: str) -> tuple[set[tuple[int, str]], set[str]]:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    out = extract_bytes(name, str(path), str(tmp_path), text.encode())
    data = {(r.location.line, r.model_id) for r in out.references if r.asset is Asset.DATASET}
    models = {r.model_id for r in out.references if r.asset is Asset.MODEL}
    lines = [(r.model_id, r.location.line) for r in out.references]
    assert len(lines) == len(set(lines)), "an id reported twice on one line"
    return data, models


CASES = [
    # -- Python: loading calls -------------------------------------------------------
    (
        "a.py",
        'ds = load_dataset("HuggingFaceH4/ultrachat_200k", split="train")\n',
        {(1, "HuggingFaceH4/ultrachat_200k")},
        set(),
    ),
    (
        "a.py",
        'import datasets\nd = datasets.load_dataset(path="allenai/c4", name="en")\n',
        {(2, "allenai/c4")},
        set(),
    ),
    ("a.py", 'd = load_dataset("squad")\n', {(1, "squad")}, set()),  # a legacy dataset
    (
        "a.py",
        'd = load_dataset("my_new_eval_set")\n',
        {(1, "my_new_eval_set")},
        set(),
    ),  # a call says so
    ("a.py", 'd = load_dataset("json", data_files="train.jsonl")\n', set(), set()),  # a builder
    ("a.py", 'd = load_dataset("glue", "mrpc")\n', {(1, "glue")}, set()),  # "mrpc" is the config
    ("a.py", 'NAME = "trl-lib/tldr"\nds = load_dataset(NAME)\n', {(1, "trl-lib/tldr")}, set()),
    ("a.py", 'b = load_dataset_builder("org/data-set")\n', {(1, "org/data-set")}, set()),
    ("a.py", 'c = get_dataset_config_names("openai/gsm8k")\n', {(1, "openai/gsm8k")}, set()),
    (
        "a.py",
        'p = hf_hub_download("org/table-data", "train.parquet", repo_type="dataset")\n',
        {(1, "org/table-data")},
        set(),
    ),
    (
        "a.py",
        'snapshot_download(repo_id="org/corpus-v2", repo_type="dataset")\n',
        {(1, "org/corpus-v2")},
        set(),
    ),
    ("a.py", 'snapshot_download(repo_id="org/model-7b")\n', set(), {"org/model-7b"}),
    ("a.py", 'snapshot_download(repo_id="org/demo-space", repo_type="space")\n', set(), set()),
    ("a.py", 'info = HfApi().dataset_info("org/corpus")\n', {(1, "org/corpus")}, set()),
    (
        "a.py",
        'r = HuggingFaceDatasetReader("HuggingFaceFW/fineweb-edu", {"name": "x"})\n',
        {(1, "HuggingFaceFW/fineweb-edu")},
        set(),
    ),
    # -- hf:// and HfFileSystem ---------------------------------------------------------
    (
        "a.py",
        'df = pd.read_parquet("hf://datasets/org/table/data/train-0.parquet")\n',
        {(1, "org/table")},
        set(),
    ),
    ("a.py", 'df = pl.read_csv("hf://datasets/org/table@v1.0/x.csv")\n', {(1, "org/table")}, set()),
    ("q.sql", "SELECT * FROM 'hf://datasets/org/table/**/*.parquet';\n", {(1, "org/table")}, set()),
    ("a.py", 'fs = HfFileSystem()\nfs.ls("datasets/org/table/data")\n', {(2, "org/table")}, set()),
    ("a.py", 'x = "datasets/org/table/data"\n', set(), set()),  # no HfFileSystem: a local path
    # -- URLs ---------------------------------------------------------------------------
    (
        "notes.txt",
        "see https://huggingface.co/datasets/org/table/blob/main/README.md\n",
        {(1, "org/table")},
        set(),
    ),
    ("notes.txt", "see https://huggingface.co/datasets?search=math\n", set(), set()),
    (
        "notes.txt",
        "https://huggingface.co/org/model-7b and https://huggingface.co/datasets/org/corpus\n",
        {(1, "org/corpus")},
        {"org/model-7b"},
    ),
    # -- keys, keywords, assignments ---------------------------------------------------------
    (
        "a.py",
        ML + 'args = ScriptArguments(dataset_name="trl-lib/Capybara")\n',
        {(2, "trl-lib/Capybara")},
        set(),
    ),
    ("a.py", 'DATASET_ID = "org/corpus"\n', {(1, "org/corpus")}, set()),
    ("a.py", 'DATASET_NAME = "c4"\n', set(), set()),  # a bare name in a constant: not evidence
    ("a.py", 'OUTPUT_DATASET = "org/generated"\n', set(), set()),  # an output
    ("a.py", ML + 'ds.push_to_hub("org/generated-v2")\n', set(), set()),
    (
        "a.py",
        'dataset_name: str = field(default="org/corpus", metadata={"help": "x"})\n',
        {(1, "org/corpus")},
        set(),
    ),
    (
        "a.py",
        'p.add_argument("--dataset_name", default="org/corpus")\n',
        {(1, "org/corpus")},
        set(),
    ),
    ("a.py", 'p.add_argument("--dataset_text_field", default="text")\n', set(), set()),
    ("a.py", 'name = os.getenv("DATASET_ID", "org/corpus")\n', {(1, "org/corpus")}, set()),
    (
        "a.py",
        '@pytest.mark.parametrize("dataset_name", ["org/a-set", "org/b-set"])\ndef test(dataset_name): ...\n',
        {(1, "org/a-set"), (1, "org/b-set")},
        set(),
    ),
    (
        "a.py",
        'cfg = {"dataset": "org/corpus", "model": "org/model-7b"}\n',
        {(1, "org/corpus")},
        {"org/model-7b"},
    ),
    ("a.py", 'd = load_dataset("myorg/my-dataset")\n', set(), set()),  # a placeholder
    ("a.py", 'd = load_dataset("./data/local-set")\n', set(), set()),
    # -- literals in data containers -------------------------------------------------------
    (
        "a.py",
        ML + 'DATASETS = [\n    "org/first-set",\n    "org/second-set",\n]\n',
        {(3, "org/first-set"), (4, "org/second-set")},
        set(),
    ),
    (
        "a.py",
        ML
        + 'SOURCES = {\n    "web": (\n        "org/web-corpus",\n        {"split": "train"},\n    ),\n}\n',
        {(4, "org/web-corpus")},
        set(),
    ),
    ("a.py", ML + 'MODELS = ["org/model-7b"]\n', set(), {"org/model-7b"}),
    # -- evaluation harnesses ---------------------------------------------------------------
    (
        "a.py",
        'task = LightevalTaskConfig(name="gsm8k", hf_repo="openai/gsm8k", hf_subset="main")\n',
        {(1, "openai/gsm8k")},
        set(),
    ),
    (
        "tasks/gsm8k.yaml",
        "task: gsm8k\ndataset_path: gsm8k\ndataset_name: main\n",
        {(2, "gsm8k")},
        set(),
    ),
    (
        "tasks/x.yaml",
        "task: x\ndataset_path: org/eval-set\ndataset_name: subset-a\n",
        {(2, "org/eval-set")},
        set(),
    ),
    # -- config files -------------------------------------------------------------------------
    (
        "c.yaml",
        "model_name_or_path: org/model-7b\ndataset_name: org/corpus\n",
        {(2, "org/corpus")},
        {"org/model-7b"},
    ),
    (
        "c.yaml",
        "datasets:\n  - path: org/chat-set\n    type: chat_template\n  - path: data/local.jsonl\n",
        {(2, "org/chat-set")},
        set(),
    ),
    (
        "c.yaml",
        "dataset_mixer:\n  org/a-set: 1.0\n  org/b-set: 0.5\n",
        {(2, "org/a-set"), (3, "org/b-set")},
        set(),
    ),
    (
        "c.yaml",
        "dataset_mixer_list:\n  - org/a-set\n  - 1.0\n  - org/b-set\n  - 0.5\n",
        {(2, "org/a-set"), (4, "org/b-set")},
        set(),
    ),
    (
        "c.yaml",
        "dataset_mixture:\n  datasets:\n    - id: org/math-set\n      config: default\n      weight: 0.5\n",
        {(3, "org/math-set")},
        set(),
    ),
    (
        "c.yaml",
        "train_loader:\n  dataset:\n    hf_name: org/instruct-set\n    split: train\n",
        {(3, "org/instruct-set")},
        set(),
    ),
    ("c.yaml", "dataset: alpaca_en_demo,identity\n", set(), set()),  # a local registry's names
    ("c.yaml", "dataset: org/a-set,org/b-set\n", {(1, "org/a-set"), (1, "org/b-set")}, set()),
    ("c.yaml", "dataset_prepared_path: last_run_prepared\noutput_dir: ./out\n", set(), set()),
    (
        "c.json",
        '{"dataset_name": "org/corpus", "model_name_or_path": "org/model-7b"}\n',
        {(1, "org/corpus")},
        {"org/model-7b"},
    ),
    ("pyproject.toml", '[tool.x]\ntrain_dataset = "org/corpus"\n', {(2, "org/corpus")}, set()),
    ("k8s.yaml", "env:\n  - name: DATASET_ID\n    value: org/corpus\n", {(3, "org/corpus")}, set()),
    (
        "c.yaml",
        "data:\n  dataset:\n    hf_dataset_or_datasets: org/web-corpus\n    hf_dataset_splits: train\n",
        {(3, "org/web-corpus")},
        set(),
    ),
    (
        "run.sh",
        "python prep.py --dataset raw_datasets/c4-json --tokenizer org/tok-7b\n",
        set(),
        {"org/tok-7b"},
    ),
    # -- shell ---------------------------------------------------------------------------------
    (
        "run.sh",
        "python train.py --model_name_or_path org/model-7b --dataset_name org/corpus\n",
        {(1, "org/corpus")},
        {"org/model-7b"},
    ),
    ("run.sh", "python t.py --dataset-name=org/corpus\n", {(1, "org/corpus")}, set()),
    (
        "run.sh",
        "python finetune.py --dataset_mixer_list org/a-set 1.0 org/b-set 0.5 --lr 1e-5\n",
        {(1, "org/a-set"), (1, "org/b-set")},
        set(),
    ),
    (
        "run.sh",  # a legacy name alone in a file does not pass the prefilter; beside an id
        'python convert.py --dataset "squad" --tokenizer org/tok-7b\n',
        {(1, "squad")},
        {"org/tok-7b"},
    ),  # legacy
    ("run.sh", 'echo "Error: --model and --hf-dataset are required"\n', set(), set()),
    ("run.sh", "hf download --repo-type dataset org/web-corpus\n", {(1, "org/web-corpus")}, set()),
    (
        "run.sh",
        "huggingface-cli download org/web-corpus --repo-type=dataset --local-dir d\n",
        {(1, "org/web-corpus")},
        set(),
    ),
    ("run.sh", "hf download org/model-7b\n", set(), {"org/model-7b"}),
    (".env", "DATASET_NAME=org/corpus\n", {(1, "org/corpus")}, set()),
    ("run.sh", "python gen.py --output-dataset-name org/generated\n", set(), set()),
    # -- documentation and model cards ----------------------------------------------------------
    (
        "README.md",
        "---\nlicense: apache-2.0\ndatasets:\n- org/chat-set\n- bookcorpus\nbase_model: org/base-7b\n---\n# card\n",
        {(4, "org/chat-set"), (5, "bookcorpus")},
        {"org/base-7b"},
    ),
    (
        "docs/train.md",
        "```bash\npython sft.py \\\n  --dataset_name org/corpus \\\n  --model_name_or_path org/model-7b\n```\n",
        {(3, "org/corpus")},
        {"org/model-7b"},
    ),
    (
        "docs/train.md",
        "```diff\n accelerate launch sft.py \\\n+   --eos_token x \\\n     --dataset_name org/corpus \\\n-    --model_name_or_path org/old-7b\n```\n",
        {(4, "org/corpus")},
        {"org/old-7b"},  # a diff block is read without its markers
    ),
    ("docs/x.md", "```python\nds = load_dataset('org/corpus')\n```\n", {(2, "org/corpus")}, set()),
]


@pytest.mark.parametrize(("name", "text", "datasets", "models"), CASES)
def test_dataset_references(
    tmp_path: Path, name: str, text: str, datasets: set[tuple[int, str]], models: set[str]
) -> None:
    found, found_models = _found(tmp_path, name, text)
    assert found == datasets
    assert found_models == models


def test_a_dataset_on_a_line_is_never_also_a_model(tmp_path: Path) -> None:
    # the literal pass would take this id for a model; the call says it is a dataset
    text = ML + 'ds = load_dataset("HuggingFaceH4/zephyr-7b-data")\n'
    found, models = _found(tmp_path, "a.py", text)
    assert found == {(2, "HuggingFaceH4/zephyr-7b-data")} and models == set()


def test_a_local_folder_is_not_a_hub_dataset(tmp_path: Path) -> None:
    (tmp_path / "org" / "corpus").mkdir(parents=True)
    found, _ = _found(tmp_path, "a.py", 'd = load_dataset("org/corpus")\n')
    assert found == set()


def test_inline_ignore_drops_a_dataset(tmp_path: Path) -> None:
    found, _ = _found(tmp_path, "a.py", 'd = load_dataset("org/corpus")  # modeldeps: ignore\n')
    assert found == set()


@pytest.mark.parametrize(
    ("key", "strength"),
    [
        ("dataset_name", Strength.STRONG),
        ("datasetName", Strength.STRONG),
        ("dataset-path", Strength.STRONG),
        ("train_dataset", Strength.GENERIC),
        ("sft_datasets", Strength.GENERIC),
        ("dataset_mixer", Strength.GENERIC),
        ("dataset_config_name", None),
        ("dataset_text_field", None),
        ("dataset_num_proc", None),
        ("output_dataset_name", None),
        ("model_name", None),
    ],
)
def test_key_strength(key: str, strength: Strength | None) -> None:
    assert ds.key_strength(key) == strength


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("org/x", ("org/x", None)),
        ("org/x@v2", ("org/x", "v2")),
        ("hf://datasets/org/x/data/*.parquet", ("org/x", None)),
        ("hf://datasets/org/x@refs%2Fconvert%2Fparquet/default", ("org/x", "refs/convert/parquet")),
        ("https://huggingface.co/datasets/org/x/blob/abc123/README.md", ("org/x", "abc123")),
        ("https://huggingface.co/datasets/squad", ("squad", None)),
        ("hf://org/model", None),
    ],
)
def test_normalize(raw: str, parsed: tuple[str, str | None] | None) -> None:
    assert ds.normalize(raw) == parsed


@pytest.mark.parametrize(
    ("value", "hub_id"),
    [
        ("extended|org/x", "org/x"),
        ("original", None),
        ("extended|wikipedia", "wikipedia"),
        ("The Pile", None),
    ],
)
def test_source_dataset(value: str, hub_id: str | None) -> None:
    assert ds.source_dataset(value) == hub_id
