"""Resolution end to end: the real CLI and huggingface_hub against the fake Hub."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.cli import run_cli, run_proc
from tests.fakehub import VALID_TOKEN, FakeHub
from tests.helpers import loading_repo as _repo


@pytest.fixture
def fakehub(anyhub: FakeHub) -> FakeHub:
    """Every test here runs against huggingface.co's answers and an Artifactory remote's."""
    return anyhub


def _models(out: str) -> dict[str, dict[str, Any]]:
    doc = json.loads(out)
    return {m["id"] + (f"@{m['revision']}" if m["revision"] else ""): m for m in doc["models"]}


def _scan_json(repo: Path, *extra: str) -> tuple[int, dict[str, dict[str, Any]], str]:
    r = run_cli(["scan", "--no-git", "-f", "json", *extra], repo)
    return r.code, _models(r.out), r.err


@pytest.mark.parametrize(
    "model_id",
    ["fixture-org/does-not-exist", "fixture-org/private-model", "fixture-org/disabled-model"],
)
def test_failure_statuses(fakehub: FakeHub, tmp_path: Path, model_id: str) -> None:
    """Anonymous, the Hub answers a missing, private or disabled repo alike (401, no error
    code); a mirror answers a plain 404, and the reason names the mirror, not "the Hub"."""
    code, models, _ = _scan_json(_repo(tmp_path, model_id))
    assert code == 3
    assert models[model_id]["status"] == "not-found"
    reason = models[model_id]["reason"]
    if fakehub.state.mode == "hub":
        assert reason.endswith("(if it is private, set HF_TOKEN)")
    else:
        assert reason.startswith(f"not found at {fakehub.url}")
        assert "on the Hub" not in reason


def test_disabled_and_gated_with_a_token(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    repo = _repo(tmp_path, "fixture-org/disabled-model", "fixture-org/gated-hidden")
    _code, models, _ = _scan_json(repo, "--no-cache")
    disabled = models["fixture-org/disabled-model"]
    assert disabled["status"] == "not-found"
    if fakehub.state.mode == "hub":  # 403 "Access to this resource is disabled." (I3)
        assert disabled["reason"] == f"the repository is disabled at {fakehub.url}"


def test_gated_metadata_is_public(fakehub: FakeHub, tmp_path: Path) -> None:
    """Gating protects files, not metadata: the record resolves and says it is gated."""
    _code, models, _ = _scan_json(_repo(tmp_path, "fixture-org/gated-hidden"))
    rec = models["fixture-org/gated-hidden"]
    assert rec["status"] == "ok" and rec["gated"] == "manual"
    assert rec["license"]["id"] == "llama2"


def test_revision_not_found(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = tmp_path
    (repo / "a.py").write_text(
        'A.from_pretrained("fixture-org/base-7b", revision="v9")\n'
        'B.from_pretrained("fixture-org/base-7b", revision="v1.0")\n'
    )
    code, models, _ = _scan_json(repo)
    assert code == 3
    # A mirror's plain 404 cannot tell a missing revision from a missing repository.
    want = "revision-not-found" if fakehub.state.mode == "hub" else "not-found"
    assert models["fixture-org/base-7b@v9"]["status"] == want
    assert models["fixture-org/base-7b@v1.0"]["status"] == "ok"
    assert models["fixture-org/base-7b@v1.0"]["sha"] != models.get("fixture-org/base-7b", {}).get(
        "sha"
    )


def test_private_model_with_token_and_refused_token(
    fakehub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repo(tmp_path, "fixture-org/private-model")
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    code, models, _ = _scan_json(repo, "--no-cache")
    assert code == 0 and models["fixture-org/private-model"]["status"] == "ok"
    monkeypatch.setenv("HF_TOKEN", "hf_wrong")
    code, models, _ = _scan_json(repo, "--no-cache")
    assert code == 3 and models["fixture-org/private-model"]["status"] == "unauthorized"


def test_canonical_ids_for_legacy_and_renamed(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "gpt2", "old-org/renamed-model")
    code, models, _ = _scan_json(repo)
    assert code == 0
    assert models["gpt2"]["canonical_id"] == "openai-community/gpt2"
    assert models["old-org/renamed-model"]["canonical_id"] == "new-org/renamed-model"
    assert models["gpt2"]["license"] == {
        "id": "mit",
        "source": "card:license",
        "name": None,
        "link": None,
    }


def test_license_evidence_sources(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        "fixture-org/other-with-license-file",
        "fixture-org/no-license",
        "fixture-org/tag-only-license",
        "fixture-org/no-card",
    )
    code, models, _ = _scan_json(repo)
    assert code == 1  # no-license is denied by the default (commercial) policy
    other = models["fixture-org/other-with-license-file"]
    assert other["license"]["id"] == "other" and other["license"]["name"] == "acme-model-license"
    assert other["license_file"]["path"] == "LICENSE"
    assert len(other["license_file"]["sha256"]) == 64
    assert models["fixture-org/no-license"]["license"] is None
    assert models["fixture-org/tag-only-license"]["license"]["source"] == "tag"
    assert models["fixture-org/no-card"]["weight_formats"] == ["pickle"]


def test_lineage_chain_list_merge_cycle(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(
        tmp_path,
        "fixture-org/adapter-lora",
        "fixture-org/quant-gguf",
        "fixture-org/merge-7b",
        "cycle-org/a",
        "fixture-org/deep-0",
    )
    code, models, _ = _scan_json(repo)
    assert models["fixture-org/adapter-lora"]["relation"] == "adapter"
    assert models["fixture-org/adapter-lora"]["base_models"] == ["fixture-org/finetune-7b"]
    assert models["fixture-org/finetune-7b"]["base_models"] == ["fixture-org/base-7b"]
    assert models["fixture-org/base-7b"]["base_models"] == []
    assert models["fixture-org/quant-gguf"]["relation"] == "quantized"
    assert models["fixture-org/merge-7b"]["base_models"] == [
        "fixture-org/finetune-7b",
        "mistralai/Mistral-7B-v0.1",
    ]
    assert {"cycle-org/a", "cycle-org/b"} <= set(models)
    assert models["fixture-org/missing-base"]["status"] == "not-found"
    assert code == 3  # an ancestor could not be resolved
    # every ancestor was asked for once (at a revision, as mirrors need); a mirror that
    # refuses ``expand`` is asked again without it until the first answer says so
    paths = [p for m, p, _ in fakehub.state.requests if m == "GET" and p.startswith("/api/models/")]
    assert all(p.endswith("/revision/main") for p in paths)
    if fakehub.state.mode == "hub":
        assert len(paths) == len(set(paths))
    else:
        assert len(paths) - len(set(paths)) <= 8  # at most one in flight per worker


def test_text_report_shows_license_lineage_and_unresolved(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "fixture-org/mit-on-llama", "nope-org/missing")
    r = run_cli(["scan", "--no-git"], repo)
    assert r.code == 1  # the LLaMA 1 base is non-commercial: lineage-denied
    assert "Denied\n  fixture-org/mit-on-llama  mit  (1 use)\n" in r.out
    # the Hub computes the relation when the card names none (base_model:finetune:..., C2)
    assert (
        "    <- finetune of huggyllama/llama-7b  other (LICENSE: LLaMA LICENSE AGREEMENT)" in r.out
    )
    assert "Could not resolve:\n  nope-org/missing: not-found" in r.out


def test_lock_offline_and_check(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "fixture-org/finetune-7b", "gpt2")
    r = run_cli(["lock", "--no-git"], repo)
    assert r.code == 0, r.err
    lock = json.loads((repo / "modeldeps.lock").read_text())
    assert [m["id"] for m in lock["models"]] == [
        "fixture-org/base-7b",
        "fixture-org/finetune-7b",
        "gpt2",
    ]
    assert run_cli(["lock", "--no-git", "--check"], repo).code == 0

    # Offline: lock only, and the Hub is never asked.
    fakehub.state.reset_traffic()
    r = run_cli(["scan", "--no-git", "--offline", "--no-cache", "-f", "json"], repo)
    assert r.code == 0 and fakehub.state.count() == 0
    assert {m["source"] for m in json.loads(r.out)["models"]} == {"lock"}

    # Upstream relicenses a model: --check fails and prints the difference.
    model = fakehub.state.models["fixture-org/base-7b"]
    original = dict(model.info)
    model.info["cardData"] = {"license": "cc-by-nc-4.0"}
    try:
        r = run_cli(["lock", "--no-git", "--check", "--no-cache"], repo)
    finally:
        model.info.clear()
        model.info.update(original)
    assert r.code == 1
    assert "~ fixture-org/base-7b: license apache-2.0 from card:license -> cc-by-nc-4.0" in r.out
    assert "out of date" in r.err

    # A new reference the lock lacks.
    (repo / "more.py").write_text('A.from_pretrained("google-bert/bert-base-uncased")\n')
    r = run_cli(["lock", "--no-git", "--check"], repo)
    assert r.code == 1 and "+ google-bert/bert-base-uncased: not in the lock" in r.out
    r = run_cli(["scan", "--no-git", "--offline", "--no-cache"], repo)
    assert r.code == 3 and "offline-miss" in r.out


def test_offline_env_never_opens_a_socket(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "gpt2")
    r = run_proc(["scan", "--no-git"], repo, env={"HF_HUB_OFFLINE": "1"})
    assert r.code == 3 and "offline-miss" in r.out
    assert fakehub.state.count() == 0


def test_warm_cache_makes_no_requests(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "fixture-org/adapter-lora", "fixture-org/other-with-license-file")
    assert run_cli(["scan", "--no-git"], repo).code == 0
    assert fakehub.state.count() > 0
    fakehub.state.reset_traffic()
    r = run_cli(["scan", "--no-git"], repo)
    assert r.code == 0 and fakehub.state.count() == 0


def test_subprocess_with_hf_endpoint(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path, "mistralai/Mistral-7B-Instruct-v0.2")
    r = run_proc(["scan", "--no-git"], repo)
    assert r.code == 0, r.err
    assert "mistralai/Mistral-7B-Instruct-v0.2  apache-2.0  (1 use)" in r.out
    assert "<- finetune of mistralai/Mistral-7B-v0.1  apache-2.0" in r.out


def test_concurrent_scans_share_one_cache(fakehub: FakeHub, tmp_path: Path) -> None:
    import subprocess
    import sys

    ids = [f"fixture-org/{n}" for n in ("adapter-lora", "merge-7b", "quant-gguf", "base-7b")]
    repo = _repo(tmp_path, *ids, "gpt2", "bigscience/bloomz-560m")
    fakehub.state.add_fault(path="/api/models/", kind="delay", delay=0.05)
    env = {**os.environ}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "modeldeps", "scan", "--no-git", "-f", "json"],
            cwd=repo,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    first = _models(outs[0][0])
    for out, _err in outs[1:]:
        assert {k: v["sha"] for k, v in _models(out).items()} == {
            k: v["sha"] for k, v in first.items()
        }
    cache_dir = Path(os.environ["MODELDEPS_CACHE_DIR"]) / "records"
    assert not [n for n in os.listdir(cache_dir) if n.startswith(".tmp")]
    fakehub.state.reset_traffic()
    assert run_cli(["scan", "--no-git"], repo).code == 0 and fakehub.state.count() == 0


DEMO = Path(__file__).parents[2] / "examples" / "demo"


def test_demo_lock_matches_the_fixtures(fakehub: FakeHub) -> None:
    r = run_cli(["lock", "--no-git", "--check", str(DEMO)], DEMO.parent.parent)
    assert r.code == 0, r.out + r.err


def test_demo_scan_needs_no_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's first command: resolves from the committed lockfile alone."""
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there
    r = run_proc(["scan", "examples/demo"], DEMO.parent.parent)
    assert r.code == 1, r.out + r.err  # the demo has a non-commercial model on purpose
    assert "Denied\n  facebook/musicgen-small  cc-by-nc-4.0  (1 use)" in r.out
    assert "    <- finetune of meta-llama/Llama-2-7b-hf  llama2" in r.out
    # the demo's hosted model (scripts/summarize.py) is inventoried and reviewed offline,
    # and its non-commercial dataset denied
    assert "2 denied, 3 to review, 3 allowed" in r.out
    assert "gpt-4o-2024-08-06" in r.out and "Hosted API models (by provider)" in r.out
