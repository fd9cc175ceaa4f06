"""Security properties: scanned files are inert, YAML is safe, the token stays home."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from tests.cli import run_cli, run_proc
from tests.fakehub import VALID_TOKEN, FakeHub
from tests.fakehub.server import load_fixtures


class _Trap:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.marker, "w"))  # unpickling would create the marker file


def test_scanned_files_are_never_imported_run_or_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    write = f"open({str(marker)!r}, 'w').write('ran')"
    repo = tmp_path / "repo"
    (repo / "pkg").mkdir(parents=True)
    for name in (
        "setup.py",
        "conftest.py",
        "pkg/__init__.py",
        "pkg/__main__.py",
        "sitecustomize.py",
    ):
        (repo / name).write_text(f"{write}\nAutoModel.from_pretrained('org/name')\n")
    nb = {
        "cells": [{"cell_type": "code", "source": [write + "\n", "!touch " + str(marker)]}],
        "nbformat": 4,
    }
    (repo / "n.ipynb").write_text(json.dumps(nb))
    (repo / "Makefile").write_text(f"X := $(shell touch {marker})\nMODEL ?= org/name\n")
    (repo / "run.sh").write_text(f"touch {marker}\nvllm serve org/name\n")
    (repo / "c.yaml").write_text(f"model: !!python/object/apply:os.system ['touch {marker}']\n")
    for name in ("model.pkl", "pytorch_model.bin", "weights.pt"):
        (repo / name).write_bytes(pickle.dumps(_Trap(str(marker))))
    (repo / "trap.json").write_bytes(pickle.dumps(_Trap(str(marker))))  # pickle with a text name
    r = run_proc(["scan", "--no-resolve", "--no-git", "-f", "json"], repo)
    assert r.code == 0, r.err
    assert not marker.exists()
    assert {ref["model_id"] for ref in json.loads(r.out)["references"]} == {"org/name"}


def test_yaml_tags_that_build_objects_are_refused_in_policies(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    (tmp_path / "p.yaml").write_text(
        f"licenses: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    (tmp_path / "a.py").write_text("x = 1\n")
    r = run_cli(["scan", "--no-git", "--policy", "p.yaml"], tmp_path)
    assert r.code == 2 and "p.yaml:1:" in r.err
    assert not marker.exists()
    (tmp_path / ".modeldeps.yaml").write_text(
        f"exclude: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    assert run_cli(["scan", "--no-git", "--no-resolve"], tmp_path).code == 2
    assert not marker.exists()


def test_token_is_not_sent_across_origins(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = FakeHub(load_fixtures()).start()  # another origin (same host, another port)
    try:
        fakehub.state.redirects["evil-org/moved"] = f"{other.url}/api/models/openai-community/gpt2"
        monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
        (tmp_path / "a.py").write_text('A.from_pretrained("evil-org/moved")\n')
        run_cli(["scan", "--no-git", "--no-cache", "-f", "json"], tmp_path)
        assert any(auth for _m, p, auth in fakehub.state.requests if "evil-org" in p)
        assert other.state.requests, "the redirect was not followed at all"
        assert not any(auth for _m, _p, auth in other.state.requests)
    finally:
        fakehub.state.redirects.pop("evil-org/moved", None)
        other.stop()


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown", "cyclonedx"])
def test_token_never_appears_in_any_format(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    (tmp_path / "a.py").write_text(
        'A.from_pretrained("fixture-org/private-model")\n'
        'A.from_pretrained("fixture-org/base-7b")\nA.from_pretrained("nope-org/nothing")\n'
    )
    r = run_cli(["scan", "--no-git", "-v", "-f", fmt, "--deadline", "20"], tmp_path)
    assert VALID_TOKEN not in r.out + r.err
    r = run_cli(["explain", "fixture-org/private-model"], tmp_path)
    assert VALID_TOKEN not in r.out + r.err
