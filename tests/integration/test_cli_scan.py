"""The scan command end to end, in-process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modeldeps.cli import FORMATS, cli
from modeldeps.report import REPORTERS

DEMO = Path(__file__).parents[2] / "examples" / "demo"


def run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    runner = CliRunner()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = runner.invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)
    return res.exit_code, res.stdout, res.stderr


def test_formats_match_reporters() -> None:
    assert sorted(FORMATS) == sorted(REPORTERS)


def test_text_report_groups_by_model(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('A.from_pretrained("org/name")\nB.from_pretrained("org/name")\n')
    code, out, _ = run(["scan", "--no-resolve", "--no-git"], tmp_path)
    assert code == 0
    assert "Models referenced\n  org/name  (2 uses)\n    a.py:1:20\n    a.py:2:20\n" in out
    assert out.rstrip().endswith("2 references to 1 model in 1 file scanned")


def test_json_report_contract_and_output_file(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text("base_model: org/name@v1\n")
    code, out, _ = run(
        ["scan", "--no-resolve", "--no-git", "-f", "json", "-o", "r.json", "-f", "text"], tmp_path
    )
    assert code == 0 and "1 reference to 1 model" in out
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["schema"] == "modeldeps.report/1"
    assert doc["references"] == [
        {
            "path": "c.yaml",
            "line": 1,
            "column": 13,
            "model_id": "org/name",
            "revision": "v1",
            "kind": "config-key",
            "scope": "config",
            "asset": "model",
            "flags": [],
        }
    ]
    assert doc["summary"]["files_scanned"] == 1


def test_missing_path_exits_2(tmp_path: Path) -> None:
    code, _, err = run(["scan", "--no-resolve", "nope"], tmp_path)
    assert code == 2
    assert "nope: no such file or directory" in err


def test_config_file_unknown_key_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / ".modeldeps.yaml").write_text("exclude: [x]\nexlcude: [y]\n")
    result = subprocess.run(
        [sys.executable, "-m", "modeldeps", "scan", "--no-resolve"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "modeldeps: error: .modeldeps.yaml:2: unknown setting 'exlcude' (did you mean 'exclude'?)"
    )
    assert "Traceback" not in result.stderr


def test_config_ignore_and_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.modeldeps]\nignore = { models = ["org/*"] }\nexclude = ["skip"]\n'
    )
    (tmp_path / "a.py").write_text('A.from_pretrained("org/name")\nA.from_pretrained("xy/name")\n')
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "b.py").write_text('A.from_pretrained("yz/name")\n')
    code, out, _ = run(["scan", "--no-resolve", "--no-git"], tmp_path)
    assert code == 0
    assert "xy/name" in out and "org/name" not in out and "yz/name" not in out


@pytest.mark.parametrize("bad", ["--max-file-size=lots", "--jobs=-1", "-f=nope"])
def test_bad_flags_exit_2(tmp_path: Path, bad: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "modeldeps", "scan", bad],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr


def test_demo_subprocess() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "modeldeps", "scan", "--no-resolve", "."],
        cwd=DEMO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "meta-llama/Llama-2-7b-hf  (2 uses)" in result.stdout
    # a dataset, listed as one and never as a model
    assert "tatsu-lab/alpaca (dataset)" in result.stdout
    assert "7 models and 1 dataset" in result.stdout


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "modeldeps", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("modeldeps 0.1.0 (huggingface_hub 2.")


def test_quiet_mode_prints_nothing_when_clean(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    code, out, _ = run(["scan", "--no-resolve", "--no-git", "-q", "a.py"], tmp_path)
    assert (code, out) == (0, "")


def test_output_to_fifo_and_symlink_keeps_them(tmp_path: Path) -> None:
    """Regression: an atomic rename onto a device or FIFO replaced the device itself."""
    import threading

    (tmp_path / "a.py").write_text('A.from_pretrained("org/name")\n')
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    code, _, _ = run(
        ["scan", "--no-resolve", "--no-git", "a.py", "-f", "json", "-o", "pipe"], tmp_path
    )
    reader.join(timeout=10)
    assert code == 0
    assert fifo.is_fifo()
    assert json.loads(received[0])["references"][0]["model_id"] == "org/name"


@pytest.mark.parametrize("link", ["link.json", "linked-dir/r.json"])
def test_output_never_goes_through_a_symlink(tmp_path: Path, link: str) -> None:
    """A committed link must not aim a report at a file outside the tree (D2's class)."""
    (tmp_path / "a.py").write_text('A.from_pretrained("org/name")\n')
    outside = tmp_path / "outside"
    outside.mkdir()
    real = outside / "r.json"
    real.write_text("old")
    (tmp_path / "link.json").symlink_to(real)
    (tmp_path / "linked-dir").symlink_to(outside)
    code, _, err = run(
        ["scan", "--no-resolve", "--no-git", "a.py", "-f", "json", "-o", link], tmp_path
    )
    assert code == 2 and f"{link}: cannot write report: " in err and "symbolic link" in err
    assert real.read_text() == "old" and sorted(os.listdir(outside)) == ["r.json"]
    assert "Traceback" not in err


def test_unwritable_output_is_a_clean_error(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    code, _, err = run(
        ["scan", "--no-resolve", "--no-git", "a.py", "-f", "json", "-o", "missing-dir/r.json"],
        tmp_path,
    )
    assert code == 2
    assert "missing-dir/r.json: cannot write report" in err


def test_a_bug_exits_4_with_a_short_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import modeldeps.app

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(modeldeps.app, "extract", boom)
    (tmp_path / "a.py").write_text("x = 1\n")
    code, _, err = run(["scan", "--no-resolve", "--no-git"], tmp_path)
    assert code == 4
    assert "modeldeps: internal error: RuntimeError: simulated bug" in err
    assert "This is a bug in modeldeps" in err and "huggingface_hub" in err
    assert "Traceback" not in err
