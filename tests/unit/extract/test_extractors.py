"""Table-driven extractor tests: (file name, snippet, expected ids in order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldeps.model import Flag, ReferenceKind
from tests.helpers import ids_in, refs_in

PYTHON = [
    ('AutoModel.from_pretrained("org/alpha")', ["org/alpha"]),
    ('AutoModel.from_pretrained(pretrained_model_name_or_path="org/alpha")', ["org/alpha"]),
    ('X.from_pretrained("org/alpha", subfolder="unet")', ["org/alpha"]),
    ('pipeline("ner", "org/alpha")', ["org/alpha"]),
    ('pipeline("ner")', []),
    ('pipeline(task="ner", model="org/alpha", tokenizer="org/beta")', ["org/alpha", "org/beta"]),
    ('make_pipeline("org/alpha")', []),
    ('SentenceTransformer("all-mpnet-base-v2")', ["sentence-transformers/all-mpnet-base-v2"]),
    ('CrossEncoder("org/alpha")', ["org/alpha"]),
    ('hf_hub_download("org/alpha", "f.bin")', ["org/alpha"]),
    ('hf_hub_download("org/alpha", "f.bin", repo_type="dataset")', []),
    ('snapshot_download(repo_id="org/alpha", repo_type="space")', []),
    ('PeftModel.from_pretrained(base, "org/adapter")', ["org/adapter"]),
    ('LLM(model="org/alpha")', ["org/alpha"]),
    ('HuggingFaceEndpoint(repo_id="org/alpha")', ["org/alpha"]),
    ('timm.create_model("hf-hub:org/alpha")', ["org/alpha"]),
    ('timm.create_model("resnet50")', []),
    ('torch.hub.load("pytorch/vision", "resnet18")', []),
    ('load_dataset("org/alpha")', []),
    ('M = "org/alpha"\nAutoModel.from_pretrained(M)', ["org/alpha"]),
    ('A = "org"\nB = f"{A}/name"\nAutoModel.from_pretrained(B)', ["org/name"]),
    ('AutoModel.from_pretrained(f"{user_input}/name")', []),
    ('d = {"s": "org/alpha"}\nAutoModel.from_pretrained(d[k])', ["org/alpha"]),
    (
        'for m in ["org/alpha", "org/beta"]:\n    AutoModel.from_pretrained(m)',
        ["org/alpha", "org/beta"],
    ),
    ('def f(m="org/alpha"):\n    return AutoModel.from_pretrained(m)', ["org/alpha"]),
    ('x = os.getenv("MODEL_ID", "org/alpha")', ["org/alpha"]),
    ('p.add_argument("--model_name_or_path", default="org/alpha")', ["org/alpha"]),
    ('p.add_argument("--output_dir", default="org/alpha")', []),
    ('model_name = "gpt-4"', []),
    ('MODEL_ID = "org/alpha"', ["org/alpha"]),
    ('SUPPORTED_MODELS = ["org/alpha", "org/beta"]', ["org/alpha", "org/beta"]),
    ('os.environ.setdefault("HF_MODEL", "org/alpha")', ["org/alpha"]),
    (
        'class J(BaseModel):\n    asr_model: str = Field("org/alpha", description="x")',
        ["org/alpha"],
    ),
    (
        'def main(model: str = typer.Option("org/alpha")):\n    A.from_pretrained(model)',
        ["org/alpha"],
    ),
    ('CONFIG = {"models": {"chat": "org/alpha", "embed": "org/beta"}}', ["org/alpha", "org/beta"]),
    ('CONFIG = {"datasets": {"a": "org/alpha"}}', []),
    ('simple_evaluate(model="hf", model_args="pretrained=org/alpha,dtype=auto")', ["org/alpha"]),
    ('dataset_id = "org/alpha"', []),
    ('x = "org/alpha"', []),
    ('ChatOpenAI(model="gpt-4o")', []),
    ('Anything(model="org/alpha")', ["org/alpha"]),
    ('m.save_pretrained("org-out")\nAutoModel.from_pretrained("org-out")', []),
    ('api.upload_folder(repo_id="org/alpha")', []),
    ('AutoModel.from_pretrained("org/alpha")  # modeldeps: ignore', []),
]


@pytest.mark.parametrize(("snippet", "expected"), PYTHON)
def test_python(snippet: str, expected: list[str]) -> None:
    assert ids_in("x.py", snippet) == expected


def test_python_revision_and_trust_remote_code() -> None:
    (ref,) = refs_in(
        "x.py", 'A.from_pretrained("org/alpha", revision="v2", trust_remote_code=True)'
    )
    assert ref.revision == "v2"
    assert Flag.TRUST_REMOTE_CODE in ref.flags
    assert ref.kind is ReferenceKind.PYTHON_CALL
    assert (ref.location.line, ref.location.column) == (1, 20)


def test_python_ignore_with_codes_keeps_reference() -> None:
    (ref,) = refs_in("x.py", 'A.from_pretrained("org/alpha")  # modeldeps: ignore[license-denied]')
    assert ref.ignored_codes == {"license-denied"}


def test_python_existing_local_directory_is_not_a_model(tmp_path: Path) -> None:
    (tmp_path / "org" / "alpha").mkdir(parents=True)
    assert ids_in("x.py", 'A.from_pretrained("org/alpha")', tmp_path) == []


def test_python_syntax_error_falls_back_to_text() -> None:
    refs = refs_in("x.py", 'print "x"\nA.from_pretrained("org/alpha")\n')
    assert [r.model_id for r in refs] == ["org/alpha"]
    assert Flag.SYNTAX_FALLBACK in refs[0].flags


def test_python_column_counts_characters_not_bytes() -> None:
    (ref,) = refs_in("x.py", 'é = A.from_pretrained("org/alpha")')
    assert ref.location.column == 24


CONFIGS = [
    ("c.yaml", "base_model: org/alpha\n", ["org/alpha"]),
    ("c.yaml", "model: gpt-4o\n", []),
    ("c.yaml", "datasets:\n  - path: org/alpha\n", []),
    ("c.yaml", "models:\n  - model: org/alpha\n  - model: org/beta\n", ["org/alpha", "org/beta"]),
    ("c.yaml", "base_model: [org/alpha, org/beta]\n", ["org/alpha", "org/beta"]),
    ("c.yaml", "model:\n  name: org/alpha\n", ["org/alpha"]),
    ("c.yaml", "image: vllm/vllm-openai:latest\n", []),
    ("c.yaml", "steps:\n  - uses: actions/checkout@v4\n", []),
    ("c.yaml", "steps:\n  - run: vllm serve org/alpha\n", ["org/alpha"]),
    ("c.yaml", "model_args: pretrained=org/alpha,dtype=float16\n", ["org/alpha"]),
    ("c.yaml", "env:\n  - name: MODEL_ID\n    value: org/alpha\n", ["org/alpha"]),
    ("c.yaml", "model_name: '{{ .Values.model }}'\n", []),
    ("c.json", '{"_name_or_path": "org/alpha", "model_type": "llama"}', ["org/alpha"]),
    ("c.json", '{"models": [{"model": "org/alpha"}]}', ["org/alpha"]),
    ("c.json", '{"dataset": {"model": "org/alpha"}}', []),
    ("c.toml", 'model = "org/alpha"\n[x]\nmodel_name = "org/beta"\n', ["org/alpha", "org/beta"]),
    ("README.md", "---\nbase_model: org/alpha\n---\n# x\n", ["org/alpha"]),
]


@pytest.mark.parametrize(("name", "snippet", "expected"), CONFIGS)
def test_configs(name: str, snippet: str, expected: list[str]) -> None:
    assert ids_in(name, snippet) == expected


def test_yaml_block_scalar_lines() -> None:
    refs = refs_in("w.yml", "jobs:\n  run: |\n    echo hi\n    vllm serve org/alpha\n")
    assert [(r.model_id, r.location.line, r.location.column) for r in refs] == [
        ("org/alpha", 4, 16)
    ]


SHELL = [
    ("s.sh", "vllm serve org/alpha --port 1", ["org/alpha"]),
    ("s.sh", "python x.py --model org/alpha", ["org/alpha"]),
    ("s.sh", "python x.py --model=org/alpha", ["org/alpha"]),
    ("s.sh", "python x.py --model gpt-4o", []),
    ("s.sh", "python x.py --model ${MODEL}", []),
    ("s.sh", "python x.py \\\n  --model_name_or_path \\\n  org/alpha", ["org/alpha"]),
    ("s.sh", "huggingface-cli download org/alpha", ["org/alpha"]),
    ("s.sh", "huggingface-cli download org/alpha --repo-type dataset", []),
    ("s.sh", "hf download org/alpha", ["org/alpha"]),
    ("s.sh", "llama-server --hf-repo org/alpha", ["org/alpha"]),
    ("s.sh", "train.py --pretrained_vae_model_name_or_path=org/alpha", ["org/alpha"]),
    ("s.sh", "serve --served-model-name org/alpha --output_dir org/beta", []),
    ("s.sh", "export MODEL_ID=org/alpha", ["org/alpha"]),
    ("s.sh", 'MODEL=${MODEL:-"org/alpha"}', ["org/alpha"]),
    ("s.sh", "DATASET=org/alpha", []),
    ("Dockerfile", "FROM nvidia/cuda:12.1\nENV MODEL_ID org/alpha\n", ["org/alpha"]),
    ("Dockerfile", 'CMD ["serve", "--model", "org/alpha"]\n', ["org/alpha"]),
    ("Makefile", "MODEL ?= org/alpha\n", ["org/alpha"]),
    ("Makefile", "MODEL_ARGS = pretrained=org/alpha,tp=2\n", ["org/alpha"]),
    (
        "Dockerfile",
        'RUN python -c "from huggingface_hub import snapshot_download; '
        "snapshot_download('org/alpha')\"\n",
        ["org/alpha"],
    ),
    (
        "main.tf",
        'environment = {\n  HF_MODEL_ID = "org/alpha"\n  SM_NUM_GPUS = "1"\n}\n',
        ["org/alpha"],
    ),
    ("setup.ini", "[model]\nmodel_name = org/alpha\ncache_dir = /tmp/x\n", ["org/alpha"]),
    ("app.conf", "image = nvidia/cuda\nrepository = org/alpha\n", []),
    (".env", "HF_TOKEN=hf_abc\nMODEL_NAME=org/alpha\n", ["org/alpha"]),
]


@pytest.mark.parametrize(("name", "snippet", "expected"), SHELL)
def test_shell(name: str, snippet: str, expected: list[str]) -> None:
    assert ids_in(name, snippet) == expected


JS = [
    ("a.js", "await pipeline('task', 'org/alpha')", ["org/alpha"]),
    ("a.js", 'AutoModel.from_pretrained("org/alpha")', ["org/alpha"]),
    ("a.js", "// pipeline('task', 'org/alpha')", []),
    ("a.js", "const r = /pipeline('task', 'org\\/a')/;", []),
    ("a.ts", "hf.textGeneration({ model: 'org/alpha' })", ["org/alpha"]),
    ("a.ts", "openai.create({ model: 'gpt-4o' })", []),
    ("a.js", "pipeline('task', `org/${x}`)", []),
    ("a.js", "const MODEL_ID = 'org/alpha';", ["org/alpha"]),
]


@pytest.mark.parametrize(("name", "snippet", "expected"), JS)
def test_js(name: str, snippet: str, expected: list[str]) -> None:
    assert ids_in(name, snippet) == expected


TEXT = [
    ("n.txt", "see https://huggingface.co/org/alpha.", ["org/alpha"]),
    ("n.txt", "see https://huggingface.co/datasets/org/alpha", []),
    ("n.txt", "see https://huggingface.co/spaces/org/alpha", []),
    ("n.txt", "https://github.com/org/alpha", []),
    ("n.txt", "hf://org/alpha/file.bin", ["org/alpha"]),
    ("n.txt", "ollama run hf.co/org/alpha:Q4_K_M", ["org/alpha"]),
    ("n.md", "[x](https://huggingface.co/org/alpha/blob/main/README.md)", ["org/alpha"]),
    ("n.txt", "https://notreallyhuggingface.co/org/alpha", []),
]


@pytest.mark.parametrize(("name", "snippet", "expected"), TEXT)
def test_text_urls(name: str, snippet: str, expected: list[str]) -> None:
    assert ids_in(name, snippet) == expected
