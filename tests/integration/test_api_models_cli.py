"""Hosted API models end to end: judged offline, never sent to the Hub, explained."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import run_cli, run_proc

APP = """from openai import OpenAI
client = OpenAI()
client.chat.completions.create(model="gpt-4o")
client.completions.create(model="text-davinci-003")
"""


def _repo(tmp_path: Path) -> Path:
    (tmp_path / "app.py").write_text(APP)
    (tmp_path / ".env").write_text("LLM_MODEL=claude-sonnet-4-5\n")
    return tmp_path


def test_api_models_fail_on_retirement_without_asking_the_hub(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    # a Hub that does not answer: an API model sent to it would come back unresolved
    env = {"HF_ENDPOINT": "http://127.0.0.1:9", "HF_HUB_OFFLINE": "0"}
    r = run_proc(["scan", "--no-git", "-f", "json", "--timeout", "2", "."], repo, env=env)
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    codes = {(f["code"], f["model_id"]) for f in doc["findings"]}
    assert ("api-retired", "text-davinci-003") in codes
    assert ("api-provider-review", "gpt-4o") in codes
    assert not [f for f in doc["findings"] if f["code"] == "unresolved"]
    assert doc["models"] == []
    assert {a["model_id"] for a in doc["api_models"]} == {
        "gpt-4o",
        "text-davinci-003",
        "claude-sonnet-4-5",
    }


def test_no_resolve_lists_api_models_and_judges_nothing(tmp_path: Path) -> None:
    r = run_cli(["scan", "--no-git", "--no-resolve", "-f", "json", "."], _repo(tmp_path))
    assert r.code == 0
    doc = json.loads(r.out)
    assert doc["findings"] == [] and len(doc["api_models"]) == 3


def test_an_exception_waives_a_retired_model(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "policy.yaml").write_text(
        "extends: permissive\n"
        "exceptions:\n"
        "  - model: text-davinci-003\n"
        "    codes: [api-retired]\n"
        "    reason: migration tracked in TICKET-1\n"
    )
    r = run_cli(["scan", "--no-git", "--offline", "--policy", "policy.yaml", "."], repo)
    assert r.code == 0, r.out
    assert "api-retired" not in r.out


def test_explain_an_api_model(tmp_path: Path) -> None:
    r = run_cli(["explain", "gpt-4o"], tmp_path)
    assert r.code == 0
    assert "hosted API model" in r.out and "OpenAI API" in r.out
    assert "competing_models: banned" in r.out and "api-provider-review" in r.out
    retired = run_cli(["explain", "text-davinci-003"], tmp_path)
    assert retired.code == 1 and "api-retired" in retired.out
