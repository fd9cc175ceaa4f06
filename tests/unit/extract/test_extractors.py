"""Table-driven extractor tests: (file name, snippet, expected ids in order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldeps.model import Flag, ReferenceKind
from tests.helpers import ids_in, refs_in

PYTHON = [
    ('AutoModel.from_pretrained("org/alpha-7b")', ["org/alpha-7b"]),
    ('AutoModel.from_pretrained(pretrained_model_name_or_path="org/alpha-7b")', ["org/alpha-7b"]),
    ('X.from_pretrained("org/alpha-7b", subfolder="unet")', ["org/alpha-7b"]),
    ('pipeline("ner", "org/alpha-7b")', ["org/alpha-7b"]),
    ('pipeline("ner")', []),
    (
        'pipeline(task="ner", model="org/alpha-7b", tokenizer="org/beta-base")',
        ["org/alpha-7b", "org/beta-base"],
    ),
    ('make_pipeline("org/alpha-7b")', ["org/alpha-7b"]),  # an id-shaped literal in ML code
    ('SentenceTransformer("all-mpnet-base-v2")', ["sentence-transformers/all-mpnet-base-v2"]),
    ('CrossEncoder("org/alpha-7b")', ["org/alpha-7b"]),
    ('hf_hub_download("org/alpha-7b", "f.bin")', ["org/alpha-7b"]),
    ('hf_hub_download("org/alpha-7b", "f.bin", repo_type="dataset")', []),
    ('snapshot_download(repo_id="org/alpha-7b", repo_type="space")', []),
    ('PeftModel.from_pretrained(base, "org/adapter")', ["org/adapter"]),
    ('LLM(model="org/alpha-7b")', ["org/alpha-7b"]),
    ('HuggingFaceEndpoint(repo_id="org/alpha-7b")', ["org/alpha-7b"]),
    ('timm.create_model("hf-hub:org/alpha-7b")', ["org/alpha-7b"]),
    ('timm.create_model("resnet50")', []),
    ('WhisperModel("org/whisper-small")', ["org/whisper-small"]),
    ('q = AutoGPTQForCausalLM.from_quantized("org/alpha-7b-GPTQ")', ["org/alpha-7b-GPTQ"]),
    ('gr.load("models/org/alpha-7b")\ngr.load("spaces/org/demo-7b")', ["org/alpha-7b"]),
    (
        '@pytest.mark.parametrize("model_id", ["org/alpha-7b", "org/beta-base"])\ndef t(model_id):'
        "\n    pass",
        ["org/alpha-7b", "org/beta-base"],
    ),
    (
        '@pytest.mark.parametrize("model_name,n", [("org/alpha-7b", 3)])\ndef t(model_name, n):'
        "\n    pass",
        ["org/alpha-7b"],
    ),
    ('@pytest.mark.parametrize("path", ["org/alpha-7b"])\ndef t(path):\n    pass', []),
    ('e = TextEmbedding("org/bge-small-en")', ["org/bge-small-en"]),
    ('from mlx_lm import load\nm, t = load("org/alpha-7b-4bit")', ["org/alpha-7b-4bit"]),
    ('import torch\nsd = torch.load("weights/ckpt-7b.pt")', []),
    ('import json\ncfg = json.load(open("org/run-13b.json"))', []),
    ('torch.hub.load("pytorch/vision", "resnet18")', []),
    ('load_dataset("org/alpha-7b")', []),
    ('M = "org/alpha-7b"\nAutoModel.from_pretrained(M)', ["org/alpha-7b"]),
    ('A = "org"\nB = f"{A}/name"\nAutoModel.from_pretrained(B)', ["org/name"]),
    ('AutoModel.from_pretrained(f"{user_input}/name")', []),
    ('d = {"s": "org/alpha-7b"}\nAutoModel.from_pretrained(d[k])', ["org/alpha-7b"]),
    ('M = {"s": ("org/alpha-7b", 512)}\nAutoModel.from_pretrained(M[k][0])', ["org/alpha-7b"]),
    (
        'for m in ["org/alpha-7b", "org/beta-base"]:\n    AutoModel.from_pretrained(m)',
        ["org/alpha-7b", "org/beta-base"],
    ),
    ('def f(m="org/alpha-7b"):\n    return AutoModel.from_pretrained(m)', ["org/alpha-7b"]),
    ('x = os.getenv("MODEL_ID", "org/alpha-7b")', ["org/alpha-7b"]),
    ('p.add_argument("--model_name_or_path", default="org/alpha-7b")', ["org/alpha-7b"]),
    ('p.add_argument("--output_dir", default="org/alpha-7b")', []),
    (
        'p.add_argument("--backbone", default="org/alpha-7b")\nargs = p.parse_args()\n'
        "A.from_pretrained(args.backbone)",
        ["org/alpha-7b"],
    ),
    ('model_name = "gpt-4"', []),
    ('MODEL_ID = "org/alpha-7b"', ["org/alpha-7b"]),
    ('SUPPORTED_MODELS = ["org/alpha-7b", "org/beta-base"]', ["org/alpha-7b", "org/beta-base"]),
    ('os.environ.setdefault("HF_MODEL", "org/alpha-7b")', ["org/alpha-7b"]),
    (
        'class J(BaseModel):\n    asr_model: str = Field("org/alpha-7b", description="x")',
        ["org/alpha-7b"],
    ),
    (
        'def main(model: str = typer.Option("org/alpha-7b")):\n    A.from_pretrained(model)',
        ["org/alpha-7b"],
    ),
    (
        'CONFIG = {"models": {"chat": "org/alpha-7b", "embed": "org/beta-base"}}',
        ["org/alpha-7b", "org/beta-base"],
    ),
    ('CONFIG = {"datasets": {"a": "org/alpha-7b"}}', []),
    # weak names (*_model, repo_id) need an id that reads like a model
    ('pricing_model = "tiered/annual"', []),
    ('repo_id = "acme/website"', []),
    ('teacher_model = "acme/distilled-tutor"', []),
    ('teacher_model = "acme/tutor-7b"', ["acme/tutor-7b"]),
    (
        'simple_evaluate(model="hf", model_args="pretrained=org/alpha-7b,dtype=auto")',
        ["org/alpha-7b"],
    ),
    ('dataset_id = "org/alpha-7b"', []),
    ('x = "org/alpha-7b"', []),
    ('ChatOpenAI(model="gpt-4o")', []),
    ('Anything(model="org/alpha-7b")', ["org/alpha-7b"]),
    ('m.save_pretrained("org-out")\nAutoModel.from_pretrained("org-out")', []),
    ('api.upload_folder(repo_id="org/alpha-7b")', []),
    ('AutoModel.from_pretrained("org/alpha-7b")  # modeldeps: ignore', []),
]


@pytest.mark.parametrize(("snippet", "expected"), PYTHON)
def test_python(snippet: str, expected: list[str]) -> None:
    assert ids_in("x.py", snippet) == expected


def test_python_revision_and_trust_remote_code() -> None:
    (ref,) = refs_in(
        "x.py", 'A.from_pretrained("org/alpha-7b", revision="v2", trust_remote_code=True)'
    )
    assert ref.revision == "v2"
    assert Flag.TRUST_REMOTE_CODE in ref.flags
    assert ref.kind is ReferenceKind.PYTHON_CALL
    assert (ref.location.line, ref.location.column) == (1, 20)


def test_python_ignore_with_codes_keeps_reference() -> None:
    (ref,) = refs_in(
        "x.py", 'A.from_pretrained("org/alpha-7b")  # modeldeps: ignore[license-denied]'
    )
    assert ref.ignored_codes == {"license-denied"}


def test_python_existing_local_directory_is_not_a_model(tmp_path: Path) -> None:
    (tmp_path / "org" / "alpha-7b").mkdir(parents=True)
    # an empty directory is not what a loader would read (D19)
    assert ids_in("x.py", 'A.from_pretrained("org/alpha-7b")', tmp_path) == ["org/alpha-7b"]
    (tmp_path / "org" / "alpha-7b" / "config.json").write_text("{}")
    assert ids_in("x.py", 'A.from_pretrained("org/alpha-7b")', tmp_path) == []


def test_python_syntax_error_falls_back_to_text() -> None:
    refs = refs_in("x.py", 'print "x"\nA.from_pretrained("org/alpha-7b")\n')
    assert [r.model_id for r in refs] == ["org/alpha-7b"]
    assert Flag.SYNTAX_FALLBACK in refs[0].flags


def test_python_column_counts_characters_not_bytes() -> None:
    (ref,) = refs_in("x.py", 'é = A.from_pretrained("org/alpha-7b")')
    assert ref.location.column == 24


CONFIGS = [
    ("c.yaml", "base_model: org/alpha-7b\n", ["org/alpha-7b"]),
    # a plain `model:` needs ML context in the file, or an id that reads like a model
    ("c.yaml", "model: acme/website\n", []),
    (
        "c.yaml",
        "reward_model_path: org/armo-rm-8b\nsft_model_path: outputs/sft\n",
        ["org/armo-rm-8b"],
    ),
    ("c.yaml", "model: acme/website\ntokenizer: acme/website\n", ["acme/website", "acme/website"]),
    ("c.yaml", "model: acme/support-bot-v2\n", ["acme/support-bot-v2"]),
    ("c.yaml", "model: gpt-4o\n", []),
    ("c.yaml", "datasets:\n  - path: org/alpha-7b\n", []),
    (
        "c.yaml",
        "models:\n  - model: org/alpha-7b\n  - model: org/beta-base\n",
        ["org/alpha-7b", "org/beta-base"],
    ),
    ("c.yaml", "base_model: [org/alpha-7b, org/beta-base]\n", ["org/alpha-7b", "org/beta-base"]),
    ("c.yaml", "model:\n  name: org/alpha-7b\n", ["org/alpha-7b"]),
    ("c.yaml", "image: vllm/vllm-openai:latest\n", []),
    ("c.yaml", "steps:\n  - uses: actions/checkout@v4\n", []),
    ("c.yaml", "steps:\n  - run: vllm serve org/alpha-7b\n", ["org/alpha-7b"]),
    ("c.yaml", "model_args: pretrained=org/alpha-7b,dtype=float16\n", ["org/alpha-7b"]),
    ("c.yaml", "env:\n  - name: MODEL_ID\n    value: org/alpha-7b\n", ["org/alpha-7b"]),
    ("c.yaml", "model_name: '{{ .Values.model }}'\n", []),
    ("c.json", '{"_name_or_path": "org/alpha-7b", "model_type": "llama"}', ["org/alpha-7b"]),
    ("c.json", '{"models": [{"model": "org/alpha-7b"}]}', ["org/alpha-7b"]),
    ("c.json", '{"dataset": {"model": "org/alpha-7b"}}', []),
    (
        "c.toml",
        'model = "org/alpha-7b"\n[x]\nmodel_name = "org/beta-base"\n',
        ["org/alpha-7b", "org/beta-base"],
    ),
    ("README.md", "---\nbase_model: org/alpha-7b\n---\n# x\n", ["org/alpha-7b"]),
]


@pytest.mark.parametrize(("name", "snippet", "expected"), CONFIGS)
def test_configs(name: str, snippet: str, expected: list[str]) -> None:
    assert ids_in(name, snippet) == expected


def test_yaml_block_scalar_lines() -> None:
    refs = refs_in("w.yml", "jobs:\n  run: |\n    echo hi\n    vllm serve org/alpha-7b\n")
    assert [(r.model_id, r.location.line, r.location.column) for r in refs] == [
        ("org/alpha-7b", 4, 16)
    ]


SHELL = [
    ("s.sh", "vllm serve org/alpha-7b --port 1", ["org/alpha-7b"]),
    ("s.sh", "python x.py --model org/alpha-7b", ["org/alpha-7b"]),
    ("s.sh", "python x.py --model=org/alpha-7b", ["org/alpha-7b"]),
    ("s.sh", "python x.py --model gpt-4o", []),
    ("s.sh", "python x.py --model ${MODEL}", []),
    ("s.sh", "python x.py \\\n  --model_name_or_path \\\n  org/alpha-7b", ["org/alpha-7b"]),
    ("s.sh", "huggingface-cli download org/alpha-7b", ["org/alpha-7b"]),
    ("s.sh", "huggingface-cli download org/alpha-7b --repo-type dataset", []),
    ("s.sh", "hf download org/alpha-7b", ["org/alpha-7b"]),
    ("s.sh", "llama-server --hf-repo org/alpha-7b", ["org/alpha-7b"]),
    ("s.sh", "train.py --pretrained_vae_model_name_or_path=org/alpha-7b", ["org/alpha-7b"]),
    ("s.sh", "serve --served-model-name org/alpha-7b --output_dir org/beta-base", []),
    ("s.sh", "export MODEL_ID=org/alpha-7b", ["org/alpha-7b"]),
    ("s.sh", 'MODEL=${MODEL:-"org/alpha-7b"}', ["org/alpha-7b"]),
    (
        "s.sh",
        'BASE=${1:-"org/alpha-7b"}\npython convert.py "$BASE" --out model.gguf',
        ["org/alpha-7b"],
    ),
    ("s.sh", 'OUT=${2:-"org/alpha-7b"}\npython convert.py --out model.gguf', []),
    ("s.sh", "DATASET=org/alpha-7b", []),
    ("Dockerfile", "FROM nvidia/cuda:12.1\nENV MODEL_ID org/alpha-7b\n", ["org/alpha-7b"]),
    ("Dockerfile", 'CMD ["serve", "--model", "org/alpha-7b"]\n', ["org/alpha-7b"]),
    ("Makefile", "MODEL ?= org/alpha-7b\n", ["org/alpha-7b"]),
    ("Makefile", "MODEL_ARGS = pretrained=org/alpha-7b,tp=2\n", ["org/alpha-7b"]),
    (
        "Dockerfile",
        'RUN python -c "from huggingface_hub import snapshot_download; '
        "snapshot_download('org/alpha-7b')\"\n",
        ["org/alpha-7b"],
    ),
    (
        "main.tf",
        'environment = {\n  HF_MODEL_ID = "org/alpha-7b"\n  SM_NUM_GPUS = "1"\n}\n',
        ["org/alpha-7b"],
    ),
    ("setup.ini", "[model]\nmodel_name = org/alpha-7b\ncache_dir = /tmp/x\n", ["org/alpha-7b"]),
    ("app.conf", "image = nvidia/cuda\nrepository = org/alpha-7b\n", []),
    (".env", "HF_TOKEN=hf_abc\nMODEL_NAME=org/alpha-7b\n", ["org/alpha-7b"]),
]


@pytest.mark.parametrize(("name", "snippet", "expected"), SHELL)
def test_shell(name: str, snippet: str, expected: list[str]) -> None:
    assert ids_in(name, snippet) == expected


JS = [
    ("a.js", "await pipeline('task', 'org/alpha-7b')", ["org/alpha-7b"]),
    ("a.js", 'AutoModel.from_pretrained("org/alpha-7b")', ["org/alpha-7b"]),
    ("a.js", "// pipeline('task', 'org/alpha-7b')", ["org/alpha-7b"]),  # comment scope
    ("a.js", "const r = /pipeline('task', 'org\\/a')/;", []),
    ("a.ts", "hf.textGeneration({ model: 'org/alpha-7b' })", ["org/alpha-7b"]),
    ("a.ts", "openai.create({ model: 'gpt-4o' })", []),
    ("a.js", "pipeline('task', `org/${x}`)", []),
    ("a.js", "const MODEL_ID = 'org/alpha-7b';", ["org/alpha-7b"]),
    ("a.ts", 'const MODELS = { chat: "org/alpha-7b", n: 3 } as const;', ["org/alpha-7b"]),
    (
        "a.ts",
        'const FALLBACK_MODELS = ["org/alpha-7b", "org/beta-base"];',
        ["org/alpha-7b", "org/beta-base"],
    ),
    ("a.ts", 'const COLORS = { chat: "org/alpha-7b" };', []),
]


@pytest.mark.parametrize(("name", "snippet", "expected"), JS)
def test_js(name: str, snippet: str, expected: list[str]) -> None:
    assert ids_in(name, snippet) == expected


def test_urls_are_found_where_a_family_keyword_overlaps_them() -> None:
    """Regression: 'huggingface' (family keyword) hid 'huggingface.co' (URL keyword)."""
    src = 'fetch("https://api-inference.huggingface.co/models/org/flan-t5-xxl")'
    assert ids_in("a.ts", src) == ["org/flan-t5-xxl"]
    assert ids_in("a.py", "# see https://huggingface.co/org/model-7b\n") == ["org/model-7b"]


TEXT = [
    ("n.txt", "see https://huggingface.co/org/alpha-7b.", ["org/alpha-7b"]),
    ("n.txt", "see https://huggingface.co/datasets/org/alpha-7b", []),
    ("n.txt", "see https://huggingface.co/spaces/org/alpha-7b", []),
    ("n.txt", "https://github.com/org/alpha-7b", []),
    ("n.txt", "hf://org/alpha-7b/file.bin", ["org/alpha-7b"]),
    ("n.txt", "ollama run hf.co/org/alpha-7b:Q4_K_M", ["org/alpha-7b"]),
    ("n.md", "[x](https://huggingface.co/org/alpha-7b/blob/main/README.md)", ["org/alpha-7b"]),
    ("n.txt", "https://notreallyhuggingface.co/org/alpha-7b", []),
]


@pytest.mark.parametrize(("name", "snippet", "expected"), TEXT)
def test_text_urls(name: str, snippet: str, expected: list[str]) -> None:
    assert ids_in(name, snippet) == expected


def test_every_extractor_name_resolves() -> None:
    """Extractors are imported by name on first use; a typo would surface only then."""
    from modeldeps.extract import EXTRACTORS, extractor_for

    for family in EXTRACTORS:
        assert callable(extractor_for(family)), family
    assert extractor_for("text") is None
