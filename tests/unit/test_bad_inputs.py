"""Hostile and broken inputs finish quickly with a note and never a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from modeldeps.discover import discover
from modeldeps.extract.scanner import extract_files
from modeldeps.model import ExtractResult
from tests.cli import run_cli


def _scan(root: Path, **kw: object) -> ExtractResult:
    found = discover(["."], root=str(root), cwd=str(root), use_git=False, **kw)  # type: ignore[arg-type]
    res = extract_files(found.files, str(root), max_bytes=4 << 20, jobs=1)
    res.stats.merge(found.stats)
    return ExtractResult(res.references, tuple(found.notes) + res.notes, res.stats)


def _notes(res: ExtractResult) -> dict[str, str]:
    return {n.path: n.message for n in res.notes}


def test_malformed_structured_files(tmp_path: Path) -> None:
    # each holds a candidate, so the prefilter hands it to its parser
    (tmp_path / "a.yaml").write_text('model: "org/name\n')
    (tmp_path / "b.json").write_text('{"model": "org/name",')
    (tmp_path / "c.toml").write_text('model = "org/name\n')
    (tmp_path / "d.ipynb").write_text('{"cells": 3, "model": "org/name"}')
    (tmp_path / "e.ipynb").write_text('{"cells": [{"source": "from_pretrained(\\"org/name')
    notes = _notes(_scan(tmp_path))
    assert notes["a.yaml"].startswith("malformed YAML")
    assert notes["b.json"].startswith("malformed JSON")
    assert notes["c.toml"].startswith("malformed TOML")
    assert notes["d.ipynb"] == "malformed notebook: no cells list"
    assert notes["e.ipynb"].startswith("malformed notebook")


def test_yaml_alias_bomb_is_linear(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["org/name", "x"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 40)]
    lines.append("model: *a39")
    (tmp_path / "bomb.yaml").write_text("\n".join(lines))
    start = time.monotonic()
    _scan(tmp_path)
    assert time.monotonic() - start < 5


def test_a_file_with_no_candidate_is_not_parsed(tmp_path: Path) -> None:
    """Malformed or not, a file holding nothing id-shaped cannot hide a reference."""
    (tmp_path / "broken.yaml").write_text("model: [unclosed\n  tokenizer: {\n")
    (tmp_path / "deep.json").write_text('{"model":' + "[" * 100_000 + "]" * 100_000 + "}")
    res = _scan(tmp_path)
    assert res.notes == () and res.references == ()


def test_deep_nesting(tmp_path: Path) -> None:
    deep = "[" * 100_000 + '"org/name"' + "]" * 100_000
    (tmp_path / "deep.json").write_text('{"model":' + deep + "}")
    (tmp_path / "deep.yaml").write_text("model: " + deep)
    (tmp_path / "deep.py").write_text("x = " + "1+" * 100_000 + "1\nA.from_pretrained('org/name')")
    res = _scan(tmp_path)
    notes = _notes(res)
    assert "too deeply" in notes["deep.json"]
    assert "levels deep" in notes["deep.yaml"]
    assert "scanned as text" in notes["deep.py"]
    assert [r.model_id for r in res.references] == ["org/name"]


def test_huge_binary_latin1_and_symlink_loop(tmp_path: Path) -> None:
    with open(tmp_path / "huge.py", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (tmp_path / "bin.py").write_bytes(b"\x00\x01from_pretrained\x00" * 100)
    (tmp_path / "latin.py").write_bytes(b'# caf\xe9\nA.from_pretrained("org/name")  # \xe9\n')
    os.symlink(".", tmp_path / "loop")
    start = time.monotonic()
    res = _scan(tmp_path)
    assert time.monotonic() - start < 5
    assert res.stats.skipped_by_reason == {"too-large": 1, "binary": 1}
    assert [r.model_id for r in res.references] == ["org/name"]
    assert _notes(res)["latin.py"] == "not UTF-8; read as Latin-1"


def test_declared_encoding_and_bom(tmp_path: Path) -> None:
    (tmp_path / "cp.py").write_bytes(
        b"# -*- coding: cp1252 -*-\nA.from_pretrained('org/name')  # \x93q\x94\n"
    )
    (tmp_path / "bom.py").write_bytes(b"\xef\xbb\xbfA.from_pretrained('org/other')\n")
    (tmp_path / "u16.yaml").write_bytes("model: org/third-7b\n".encode("utf-16"))
    res = _scan(tmp_path)
    assert sorted(r.model_id for r in res.references) == ["org/name", "org/other", "org/third-7b"]
    assert not res.notes


def test_big_python_files_are_parsed_in_chunks(tmp_path: Path) -> None:
    """Regression: a whole-file AST of a 4 MiB module peaked at 636 MB."""
    body = ['MODEL = "org/early-model"\n']
    for i in range(6000):  # ~700 KiB: above the chunking threshold
        body.append(f'def f{i}(a):\n    s = """\nnot: code {i}\n"""\n    return a + {i}\n')
    body.append("x = (1,\n2)\n")  # a statement split over a line that looks like a start
    body.append("A.from_pretrained(MODEL)\nB.from_pretrained('org/late-model')\n")
    (tmp_path / "big.py").write_text("".join(body))
    res = _scan(tmp_path)
    assert sorted(r.model_id for r in res.references) == ["org/early-model", "org/late-model"]
    late = next(r for r in res.references if r.model_id == "org/late-model")
    assert late.location.line == len("".join(body).splitlines())


@pytest.mark.parametrize(
    "args",
    [
        ["scan", "--lock", "a\0b"],
        ["scan", "-o", "a\0b"],
        ["scan", "--cache-dir", "a\0b"],
        ["scan", "--config", "a\0b"],
        ["scan", "--policy", "a\0b"],
        ["scan", "a\0b"],
        ["lock", "--lock", "a\0b"],
        ["cache", "clear", "--cache-dir", "a\0b"],
    ],
)
def test_nul_in_a_path_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    """Regression (found by fuzzing): NUL in --lock, -o or a PATH was an internal error.

    argv cannot carry NUL, but the API (and CliRunner) can."""
    res = run_cli([*args, "--no-resolve"] if args[0] == "scan" else args, tmp_path)
    assert res.code == 2, res.err
    assert "NUL byte" in res.err
    assert "Traceback" not in res.err
