"""Datasets through the CLI against the fake Hub: scan in every format, explain a dataset,
training-data as text and JSON (issue 16)."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from tests.cli import run_cli
from tests.fakehub import FakeHub


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    d = tmp_path / "repo"
    (d / "configs").mkdir(parents=True)
    (d / "train.py").write_text(
        "from datasets import load_dataset\n"
        "from transformers import AutoModelForCausalLM\n"
        'model = AutoModelForCausalLM.from_pretrained("fixture-org/chat-7b")\n'
        'chat = load_dataset("HuggingFaceH4/ultrachat_200k", split="train_sft")\n'
        'squad = load_dataset("squad")\n'
    )
    (d / "configs" / "sft.yaml").write_text(
        "model_name_or_path: fixture-org/chat-7b\n"
        "dataset_mixer:\n"
        "  fixture-org/derived-from-alpaca: 0.5\n"
        "  fixture-org/gated-data: 0.5\n"
    )
    return d


def test_scan_judges_both_roles(fakehub: FakeHub, repo: Path) -> None:
    r = run_cli(["scan", "--no-git", "-f", "json"], repo)
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    jsonschema.validate(
        doc, json.loads(files("modeldeps").joinpath("data/report-1.schema.json").read_text())
    )
    codes = {(f["code"], f["model_id"]) for f in doc["findings"]}
    # derived from alpaca (CC-BY-NC): denied for direct use under commercial
    assert ("dataset-license-denied", "fixture-org/derived-from-alpaca") in codes
    # squad (CC-BY-SA): review
    assert ("dataset-license-review", "squad") in codes
    # the model's base was trained on alpaca: review, not deny
    assert ("training-data-review", "fixture-org/chat-7b") in codes
    assert ("training-data-denied", "fixture-org/chat-7b") not in codes
    # datasets never appear among the models, nor models among the datasets
    assert {m["id"] for m in doc["models"]} == {"fixture-org/chat-7b", "fixture-org/sft-base-7b"}
    datasets = {d["id"] for d in doc["datasets"]}
    assert datasets >= {
        "HuggingFaceH4/ultrachat_200k",
        "squad",
        "wikipedia",  # squad's source
        "fixture-org/derived-from-alpaca",
        "tatsu-lab/alpaca",
        "fixture-org/gated-data",
    }
    asked = {p for _m, p, _a in fakehub.state.requests}
    assert "/api/models/tatsu-lab/alpaca" not in asked
    assert "/api/datasets/fixture-org/chat-7b" not in asked


@pytest.mark.parametrize("fmt", ["text", "markdown", "sarif", "cyclonedx", "github"])
def test_every_format_lists_the_datasets(fakehub: FakeHub, repo: Path, fmt: str) -> None:
    r = run_cli(["scan", "--no-git", "-f", fmt], repo)
    assert r.code == 1, r.err
    assert "fixture-org/derived-from-alpaca" in r.out
    if fmt == "cyclonedx":
        from cyclonedx.schema import SchemaVersion
        from cyclonedx.validation.json import JsonStrictValidator

        assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(r.out) is None
        doc = json.loads(r.out)
        data = [c for c in doc["components"] if c["type"] == "data"]
        assert {c["name"] for c in data} >= {"rajpurkar/squad", "tatsu-lab/alpaca"}
        base = next(c for c in doc["components"] if c["name"] == "fixture-org/sft-base-7b")
        assert base["modelCard"]["modelParameters"]["datasets"] == [
            {"ref": "dataset:tatsu-lab/alpaca"}
        ]


def test_the_research_preset_allows_non_commercial_data(fakehub: FakeHub, repo: Path) -> None:
    r = run_cli(["scan", "--no-git", "--policy", "research", "-f", "json"], repo)
    codes = {f["code"] for f in json.loads(r.out)["findings"]}
    assert not codes & {"dataset-license-denied", "training-data-review"}, codes


def test_training_data_as_text_and_json(fakehub: FakeHub, repo: Path) -> None:
    r = run_cli(["training-data", "--no-git"], repo)
    assert r.code == 0, r.err
    assert "fixture-org/chat-7b  apache-2.0" in r.out
    assert "own training data:\n    HuggingFaceH4/ultrachat_200k  mit [permissive]" in r.out
    assert (
        "inherited training data:\n    tatsu-lab/alpaca  cc-by-nc-4.0 [non-commercial]  "
        "via fixture-org/sft-base-7b  -> review"
    ) in r.out
    assert "not Hub datasets (named only): Our internal conversations" in r.out
    r = run_cli(
        ["training-data", "--no-git", "--model", "fixture-org/silent-7b", "-f", "json"], repo
    )
    assert r.code == 0, r.err
    doc = json.loads(r.out)
    assert doc["schema"] == "modeldeps.training-data/1"
    (silent,) = doc["models"]
    assert silent["lineage"] == ["fixture-org/chat-7b", "fixture-org/sft-base-7b"]
    by_id = {d["id"]: d for d in silent["datasets"]}
    assert by_id["tatsu-lab/alpaca"]["inherited"] is True
    assert by_id["tatsu-lab/alpaca"]["declared_by"] == "fixture-org/sft-base-7b"
    assert by_id["tatsu-lab/alpaca"]["category"] == "non-commercial"
    assert by_id["tatsu-lab/alpaca"]["verdict"] == "review"
    assert silent["undisclosed"]["silent_cards"] == ["fixture-org/silent-7b"]
    assert silent["undisclosed"]["not_on_hub"] == ["Our internal conversations"]


def test_training_data_writes_a_file(fakehub: FakeHub, repo: Path) -> None:
    out = repo / "inventory.json"
    r = run_cli(["training-data", "--no-git", "-f", "json", "-o", str(out)], repo)
    assert r.code == 0 and r.out == ""
    assert json.loads(out.read_text())["models"][0]["id"] == "fixture-org/chat-7b"


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "--dataset", "fixture-org/derived-from-alpaca"],
        ["explain", "datasets/fixture-org/derived-from-alpaca"],
        ["explain", "https://huggingface.co/datasets/fixture-org/derived-from-alpaca"],
    ],
)
def test_explain_a_dataset(fakehub: FakeHub, tmp_path: Path, args: list[str]) -> None:
    r = run_cli(args, tmp_path)
    assert r.code == 1, r.err
    assert "fixture-org/derived-from-alpaca (dataset)" in r.out
    assert "<- tatsu-lab/alpaca  cc-by-nc-4.0" in r.out
    assert (
        "used directly: deny by datasets.deny: non-commercial (decided by tatsu-lab/alpaca)"
        in r.out
    )
    assert "as a model's training data: review by datasets.training.review: non-commercial" in r.out


def test_explain_an_id_with_no_model_looks_for_a_dataset(fakehub: FakeHub, tmp_path: Path) -> None:
    r = run_cli(["explain", "fixture-org/gated-data"], tmp_path)
    assert r.code == 0, r.out + r.err
    assert "no model of that name; it is a dataset" in r.out
    assert "gated: auto" in r.out
    assert "access form: You agree not to attempt to identify the people" in r.out


def test_explain_a_model_lists_its_training_data(fakehub: FakeHub, tmp_path: Path) -> None:
    r = run_cli(["explain", "fixture-org/chat-7b"], tmp_path)
    assert "Training data (declared on the cards of the model and its lineage):" in r.out
    assert "tatsu-lab/alpaca  cc-by-nc-4.0 [non-commercial]  via fixture-org/sft-base-7b" in r.out


def test_a_private_dataset_with_a_token(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.fakehub import VALID_TOKEN

    (tmp_path / "a.py").write_text('d = load_dataset("fixture-org/private-data")\n')
    r = run_cli(["scan", "--no-git", "--no-cache", "-f", "json"], tmp_path)
    (rec,) = json.loads(r.out)["datasets"]
    hint = "set HF_TOKEN" if fakehub.state.mode == "hub" else "not found at"  # a mirror: 404
    assert rec["status"] == "not-found" and hint in rec["reason"]
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    r = run_cli(["scan", "--no-git", "--no-cache", "-f", "json"], tmp_path)
    assert r.code == 0, r.err
    (rec,) = json.loads(r.out)["datasets"]
    assert rec["status"] == "ok" and rec["private"] is True
    assert VALID_TOKEN not in r.out + r.err


def test_no_resolve_lists_datasets_without_asking(fakehub: FakeHub, repo: Path) -> None:
    r = run_cli(["scan", "--no-git", "--no-resolve"], repo)
    assert r.code == 0, r.err
    assert "HuggingFaceH4/ultrachat_200k (dataset)" in r.out
    assert fakehub.state.requests == []


def test_the_hub_says_which_kind_when_the_context_did_not(fakehub: FakeHub, tmp_path: Path) -> None:
    # a generic repo_id the Hub has no model for, but a dataset: reported as the dataset
    (tmp_path / "a.py").write_text(
        'from transformers import AutoModel\ncfg = {"repo_id": "fixture-org/alpaca-nc"}\n'
        'm = AutoModel.from_pretrained("fixture-org/no-such-7b")\n'
    )
    r = run_cli(["scan", "--no-git", "--no-cache", "-f", "json"], tmp_path)
    doc = json.loads(r.out)
    refs = {x["model_id"]: (x["asset"], x["flags"]) for x in doc["references"]}
    assert refs["fixture-org/alpaca-nc"] == ("dataset", ["kind-from-hub"])
    assert refs["fixture-org/no-such-7b"] == ("model", [])
    assert {m["id"] for m in doc["models"]} == {"fixture-org/no-such-7b"}
    assert any("a dataset named fixture-org/alpaca-nc" in m for m in doc["messages"])
    assert ("dataset-license-denied", "fixture-org/alpaca-nc") in {
        (f["code"], f["model_id"]) for f in doc["findings"]
    }
