"""D19: a file or folder named like a model id hides it only when a loader would load it.

``from_pretrained("org/name")`` reads from disk only when ``org/name`` is a directory
holding a model (config, adapter config, weights); anything else of that name is
ignored by the loader, so it must not hide the reference from modeldeps either.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from modeldeps.discover import names_local_model, written_as_path
from tests.cli import run_proc
from tests.helpers import ids_in

DEMO = Path(__file__).parents[2] / "examples" / "demo"
GEN = 'from transformers import AutoModel\nAutoModel.from_pretrained("facebook/musicgen-small")\n'


def test_empty_file_named_like_the_model_does_not_hide_it(tmp_path: Path) -> None:
    """Regression (D19): `: > facebook/musicgen-small` turned a denied scan (1) into 0."""
    shutil.copy(DEMO / "modeldeps.lock", tmp_path / "modeldeps.lock")
    (tmp_path / "gen.py").write_text(GEN)
    assert run_proc(["scan", "--offline", "--no-git", "-q", "."], tmp_path).code == 1
    (tmp_path / "facebook").mkdir()
    (tmp_path / "facebook" / "musicgen-small").write_text("")
    res = run_proc(["scan", "--offline", "--no-git", "-q", "."], tmp_path)
    assert res.code == 1, res.out + res.err
    assert "license-denied" in res.out
    # a real local model directory is what the loader reads: then it is not a Hub reference
    (tmp_path / "facebook" / "musicgen-small").unlink()
    (tmp_path / "facebook" / "musicgen-small").mkdir()
    (tmp_path / "facebook" / "musicgen-small" / "config.json").write_text("{}")
    res = run_proc(["scan", "--offline", "--no-git", "--format", "json", "."], tmp_path)
    assert res.code == 0, res.out + res.err
    assert '"references": []' in res.out
    assert "names a local model directory" in res.out  # the skip is said, not silent


Maker = Callable[[Path], None]


def _file(rel: str, data: bytes = b"") -> Maker:
    def make(base: Path) -> None:
        p = base / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)

    return make


def _dir(rel: str, *files: str) -> Maker:
    def make(base: Path) -> None:
        (base / rel).mkdir(parents=True, exist_ok=True)
        for f in files:
            (base / rel / f).write_bytes(b"x")

    return make


# (what exists under the scan root, whether "org/name-7b" is then a local model)
CASES: list[tuple[str, Maker, bool]] = [
    ("nothing", lambda base: None, False),
    ("empty file org/name-7b", _file("org/name-7b"), False),
    ("text file org/name-7b", _file("org/name-7b", b"hello"), False),
    ("file named org", _file("org"), False),
    ("empty directory", _dir("org/name-7b"), False),
    ("directory of unrelated files", _dir("org/name-7b", "README.md", "notes.txt"), False),
    ("directory with config.json", _dir("org/name-7b", "config.json"), True),
    ("directory with adapter_config.json", _dir("org/name-7b", "adapter_config.json"), True),
    ("directory with model.safetensors", _dir("org/name-7b", "model.safetensors"), True),
    ("sharded safetensors", _dir("org/name-7b", "model-00001-of-00002.safetensors"), True),
    ("pytorch_model.bin", _dir("org/name-7b", "pytorch_model.bin"), True),
    ("diffusers model_index.json", _dir("org/name-7b", "model_index.json"), True),
    ("sentence-transformers modules.json", _dir("org/name-7b", "modules.json"), True),
    ("gguf weights", _dir("org/name-7b", "q4.gguf"), True),
    ("config.json one level too deep", _dir("org/name-7b/sub", "config.json"), False),
    ("config.json is itself a directory named org", _dir("org", "config.json"), False),
]


@pytest.mark.parametrize(("what", "make", "local"), CASES, ids=[c[0] for c in CASES])
def test_only_a_model_directory_is_local(
    tmp_path: Path, what: str, make: Maker, local: bool
) -> None:
    """Class test (D19), at the scan root and beside the file that names the id."""
    for where in ("root", "beside"):
        base = tmp_path / where
        base.mkdir()
        src_dir = base / "src" if where == "beside" else base
        src_dir.mkdir(exist_ok=True)
        make(src_dir)
        assert names_local_model("org/name-7b", (str(base), str(src_dir))) is local, where
        (src_dir / "train.py").write_text('AutoModel.from_pretrained("org/name-7b")\n')
        rel = "src/train.py" if where == "beside" else "train.py"
        found = ids_in(rel, (src_dir / "train.py").read_text(), base)
        assert found == ([] if local else ["org/name-7b"]), where


def test_weight_file_named_like_the_id_is_local(tmp_path: Path) -> None:
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "name.gguf").write_bytes(b"")
    assert not names_local_model("org/name.gguf", (str(tmp_path),))  # empty: not weights
    (tmp_path / "org" / "name.gguf").write_bytes(b"GGUF")
    assert names_local_model("org/name.gguf", (str(tmp_path),))


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("./org/name", True),
        ("../org/name", True),
        ("/models/org/name", True),
        ("~/models/name", True),
        ("C:/models/name", True),
        (".\\models\\name", True),
        ("org/name", False),
        ("org/.name", False),
        ("gpt2", False),
    ],
)
def test_written_as_a_path(value: str, path: bool) -> None:
    assert written_as_path(value) is path
    assert names_local_model(value, ("/nonexistent-root",)) is path
