"""Hosted API models end to end: judged offline, never sent to the Hub, explained."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli import run_cli, run_proc
from tests.fakehub import FakeHub

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


def test_open_weights_behind_an_api_model_are_judged_by_their_hub_license(
    fakehub: FakeHub, tmp_path: Path
) -> None:
    (tmp_path / "app.py").write_text(
        "import litellm\n"
        'litellm.completion(model="together_ai/meta-llama/Llama-2-7b-chat-hf")\n'
        'litellm.completion(model="gpt-4o")\n'
    )
    r = run_cli(["scan", "--no-git", "-f", "json", "."], tmp_path)
    doc = json.loads(r.out)
    [api] = [a for a in doc["api_models"] if a["route"] == "together_ai"]
    assert api["open_weights"] == "meta-llama/Llama-2-7b-chat-hf"
    # the open weights and their lineage (the chat model derives from Llama-2-7b-hf)
    assert {m["id"] for m in doc["models"]} == {
        "meta-llama/Llama-2-7b-chat-hf",
        "meta-llama/Llama-2-7b-hf",
    }
    on_weights = [f for f in doc["findings"] if f["model_id"] == "meta-llama/Llama-2-7b-chat-hf"]
    assert on_weights and all(f["references"][0]["line"] == 2 for f in on_weights)
    assert any(f["code"].startswith("license-") for f in on_weights)
    asked = [p for m, p, _ in fakehub.state.requests if p.startswith("/api/models/")]
    assert asked and not [p for p in asked if "gpt-4o" in p or "together" in p]
    text = run_cli(["scan", "--no-git", "."], tmp_path).out
    block = text.split("\n  meta-llama/Llama-2-7b-chat-hf  ", 1)[1].split("\n\n", 1)[0]
    assert "app.py:2" in block and "license-" in block
