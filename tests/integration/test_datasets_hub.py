"""Dataset resolution over real HTTP: ``/api/datasets/...``, dataset cards, LICENSE files,
gated and private datasets, faults, the cache and the lock (issue 16)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from modeldeps.model import Asset, RecordSource, ResolveStatus
from modeldeps.resolve import lock as lockfile
from modeldeps.resolve.cache import Cache
from modeldeps.resolve.datasets import HfDatasetClient
from modeldeps.resolve.hub import HfHubClient, HubSettings
from tests.cli import run_cli
from tests.fakehub import VALID_TOKEN, FakeHub


def _client(hub: FakeHub, token: str | None = None, **kw: Any) -> HfDatasetClient:
    return HfDatasetClient(
        HubSettings(endpoint=hub.url, token=token, backoff=0.01, **kw), sleep=lambda _s: None
    )


def _info(hub: FakeHub, dataset_id: str, token: str | None = None, **kw: Any) -> Any:
    return _client(hub, token, **kw).dataset_info(dataset_id, None, time.monotonic() + 20)


def test_a_dataset_card_becomes_a_record(fakehub: FakeHub) -> None:
    rec = _info(fakehub, "HuggingFaceH4/ultrachat_200k")
    assert rec.status is ResolveStatus.OK and rec.asset is Asset.DATASET
    assert rec.license is not None and rec.license.value == "mit"
    assert rec.tasks == ("text-generation",)
    assert rec.sha is not None and len(rec.sha) == 40
    # it asked the datasets API, with the expand list, and never the models API
    paths = [p for _m, p, _a in fakehub.state.requests]
    # at a revision always: mirrors answer nothing else (and refuse expand once)
    asked = ["/api/datasets/HuggingFaceH4/ultrachat_200k/revision/main"]
    assert paths == asked * (1 if fakehub.state.mode == "hub" else 2)


def test_a_legacy_dataset_follows_the_hubs_redirect(fakehub: FakeHub) -> None:
    rec = _info(fakehub, "squad")
    assert rec.status is ResolveStatus.OK
    assert rec.canonical_id == "rajpurkar/squad"
    assert rec.license is not None and rec.license.value == "cc-by-sa-4.0"
    assert rec.base_models == ("wikipedia",)  # source_datasets: extended|wikipedia
    assert rec.relation == "derived"


def test_a_license_list_is_every_license(fakehub: FakeHub) -> None:
    rec = _info(fakehub, "wikimedia/wikipedia")
    assert rec.license is not None and rec.license.value == "cc-by-sa-3.0 AND gfdl"


def test_other_is_settled_by_the_datasets_license_file(fakehub: FakeHub) -> None:
    rec = _info(fakehub, "fixture-org/llama-evals")
    assert rec.license_file is not None and rec.license_file.path == "LICENSE"
    assert rec.license_file.excerpt.startswith("LLAMA 3.1 COMMUNITY LICENSE")
    # the file was read from the dataset repository, at the commit the card came from
    paths = [p for _m, p, _a in fakehub.state.requests]
    assert f"/datasets/fixture-org/llama-evals/resolve/{rec.sha}/LICENSE" in paths
    from modeldeps.knowledge.licenses import identify, load_kb

    ident = identify(rec, load_kb())
    assert ident.facts is not None and ident.facts.key == "llama3.1"


def test_a_gated_dataset_keeps_its_metadata_and_its_access_form(fakehub: FakeHub) -> None:
    rec = _info(fakehub, "fixture-org/gated-data")
    assert rec.status is ResolveStatus.OK
    assert rec.gated == "auto"
    assert rec.gated_terms == "You agree not to attempt to identify the people in this dataset."


def test_a_private_dataset_needs_the_token(fakehub: FakeHub) -> None:
    anonymous = _info(fakehub, "fixture-org/private-data")
    assert anonymous.status is ResolveStatus.NOT_FOUND
    # behind a mirror (FAKEHUB_MODE=artifactory) a plain 404 names the mirror instead
    hint = "if it is private, set HF_TOKEN" if fakehub.state.mode == "hub" else "not found at"
    assert hint in (anonymous.reason or "")
    rec = _info(fakehub, "fixture-org/private-data", token=VALID_TOKEN)
    assert rec.status is ResolveStatus.OK and rec.private is True
    refused = _info(fakehub, "fixture-org/private-data", token="hf_wrong_token_1234567890")
    assert refused.status is ResolveStatus.UNAUTHORIZED
    for r in (anonymous, rec, refused):
        assert VALID_TOKEN not in json.dumps(str(r))


def test_a_missing_dataset_is_not_found(fakehub: FakeHub) -> None:
    rec = _info(fakehub, "fixture-org/no-such-data", token=VALID_TOKEN)
    assert rec.status is ResolveStatus.NOT_FOUND and rec.asset is Asset.DATASET


def test_a_model_id_is_not_a_dataset(fakehub: FakeHub) -> None:
    # the two APIs are different namespaces: a model repository is no dataset
    assert _info(fakehub, "openai-community/gpt2", VALID_TOKEN).status is ResolveStatus.NOT_FOUND
    model = HfHubClient(HubSettings(endpoint=fakehub.url, token=None)).model_info(
        "tatsu-lab/alpaca", None, time.monotonic() + 10
    )
    assert model.status is not ResolveStatus.OK


@pytest.mark.parametrize(
    ("fault", "status"),
    [
        ({"kind": "status", "status": 503, "first_n": 2}, ResolveStatus.OK),  # retried
        ({"kind": "status", "status": 429, "retry_after": 0.01, "first_n": 1}, ResolveStatus.OK),
        ({"kind": "status", "status": 500}, ResolveStatus.UNREACHABLE),
        ({"kind": "status", "status": 429, "retry_after": 0.01}, ResolveStatus.RATE_LIMITED),
        ({"kind": "malformed"}, ResolveStatus.UNREACHABLE),
        ({"kind": "truncate"}, ResolveStatus.UNREACHABLE),
        ({"kind": "gzip"}, ResolveStatus.OK),
        ({"kind": "badgzip"}, ResolveStatus.UNREACHABLE),
    ],
)
def test_faults(fakehub: FakeHub, fault: dict[str, Any], status: ResolveStatus) -> None:
    fakehub.state.add_fault(path=r"^/api/datasets/openai/gsm8k", **fault)
    rec = _info(fakehub, "openai/gsm8k")
    assert rec.status is status, rec.reason
    assert rec.asset is Asset.DATASET


def test_a_hung_hub_ends_at_the_deadline(fakehub: FakeHub) -> None:
    fakehub.state.add_fault(path=r"^/api/datasets/openai/gsm8k", kind="hang")
    started = time.monotonic()
    rec = _client(fakehub, timeout=0.3).dataset_info("openai/gsm8k", None, time.monotonic() + 2)
    assert rec.status is ResolveStatus.UNREACHABLE
    assert time.monotonic() - started < 10


def test_datasets_and_models_have_their_own_cache_entries(fakehub: FakeHub, tmp_path: Path) -> None:
    rec = _info(fakehub, "openai/gsm8k")
    models = Cache(str(tmp_path), fakehub.url)
    data = Cache(str(tmp_path), fakehub.url, kind="dataset")
    data.put(rec)
    assert models.get("openai/gsm8k", None) is None  # never read back as a model
    back = data.get("openai/gsm8k", None)
    assert back is not None and back.asset is Asset.DATASET and back.source is RecordSource.CACHE
    assert back.tasks == rec.tasks


def test_lock_entries_say_kind_dataset_and_read_back(fakehub: FakeHub, tmp_path: Path) -> None:
    rec = _info(fakehub, "fixture-org/gated-data")
    model = HfHubClient(HubSettings(endpoint=fakehub.url, token=None)).model_info(
        "openai-community/gpt2", None, time.monotonic() + 10
    )
    path = str(tmp_path / "modeldeps.lock")
    lockfile.write(path, [model, rec])
    doc = json.loads(Path(path).read_text())
    kinds = {e["id"]: e.get("kind") for e in doc["models"]}
    assert kinds == {"openai-community/gpt2": None, "fixture-org/gated-data": "dataset"}
    lock = lockfile.read(path)
    assert lock is not None
    assert set(lock.records) == {("openai-community/gpt2", None)}
    assert set(lock.datasets) == {("fixture-org/gated-data", None)}
    back = lock.datasets[("fixture-org/gated-data", None)]
    assert back.gated_terms == rec.gated_terms and back.asset is Asset.DATASET


def test_a_model_and_a_dataset_may_share_an_id_in_the_lock(tmp_path: Path) -> None:
    from modeldeps.model import LicenseEvidence, ModelRecord

    lic = LicenseEvidence("mit", "card:license")
    a = ModelRecord("org/x", None, ResolveStatus.OK, RecordSource.HUB, sha="a" * 40, license=lic)
    b = ModelRecord(
        "org/x", None, ResolveStatus.OK, RecordSource.HUB, sha="b" * 40, license=lic,
        asset=Asset.DATASET,
    )  # fmt: skip
    path = str(tmp_path / "modeldeps.lock")
    lockfile.write(path, [a, b])
    lock = lockfile.read(path)
    assert lock is not None
    assert lock.records[("org/x", None)].sha == "a" * 40
    assert lock.datasets[("org/x", None)].sha == "b" * 40


def test_an_unknown_kind_in_the_lock_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "modeldeps.lock"
    path.write_text(
        json.dumps({"schema": "modeldeps.lock/1", "models": [{"id": "org/x", "kind": "space"}]})
    )
    from modeldeps.errors import LockError

    with pytest.raises(LockError, match="kind: unknown value 'space'"):
        lockfile.read(str(path))


# -- end to end: the CLI ---------------------------------------------------------------


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "train.py").write_text(
        "from datasets import load_dataset\n"
        "from transformers import AutoModelForCausalLM\n"
        'model = AutoModelForCausalLM.from_pretrained("fixture-org/chat-7b")\n'
        'chat = load_dataset("HuggingFaceH4/ultrachat_200k")\n'
        'nc = load_dataset("tatsu-lab/alpaca")\n'
    )
    return repo


def test_lock_then_offline_scan_resolves_datasets_from_the_lock(
    fakehub: FakeHub, tmp_path: Path
) -> None:
    repo = _repo(tmp_path)
    r = run_cli(["lock", "--no-git"], repo)
    assert r.code == 0, r.err
    assert "+ dataset tatsu-lab/alpaca" in r.out + r.err
    entries = json.loads((repo / "modeldeps.lock").read_text())["models"]
    datasets = {e["id"] for e in entries if e.get("kind") == "dataset"}
    # used directly, and declared by the model and by its base (training data)
    assert datasets == {"HuggingFaceH4/ultrachat_200k", "tatsu-lab/alpaca"}
    fakehub.state.reset_traffic()
    r = run_cli(["scan", "--no-git", "--offline", "--no-cache", "-f", "json"], repo)
    assert r.code == 1, r.err  # alpaca used directly under commercial
    assert fakehub.state.requests == []  # offline: nothing asked
    doc = json.loads(r.out)
    by_id = {d["id"]: d for d in doc["datasets"]}
    assert by_id["tatsu-lab/alpaca"]["source"] == "lock"
    roles = sorted(u["role"] for u in by_id["tatsu-lab/alpaca"]["uses"])
    assert roles == ["training", "used"]
    r = run_cli(["lock", "--no-git", "--check"], repo)
    assert r.code == 0, r.err


def test_an_online_scan_checks_dataset_pins_against_the_hub(
    fakehub: FakeHub, tmp_path: Path
) -> None:
    repo = _repo(tmp_path)
    assert run_cli(["lock", "--no-git"], repo).code == 0
    doc = json.loads((repo / "modeldeps.lock").read_text())
    for e in doc["models"]:
        if e["id"] == "tatsu-lab/alpaca":
            e["license"]["id"] = "apache-2.0"  # forged
    (repo / "modeldeps.lock").write_text(json.dumps(doc, indent=2))
    r = run_cli(["scan", "--no-git", "--no-cache"], repo)
    assert r.code == 2, r.out + r.err
    assert "tatsu-lab/alpaca: license is" in r.err


def test_offline_without_a_pin_is_an_offline_miss(fakehub: FakeHub, tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    r = run_cli(["scan", "--no-git", "--offline", "--no-cache", "-f", "json"], repo)
    doc = json.loads(r.out)
    statuses = {d["id"]: d["status"] for d in doc["datasets"]}
    assert statuses["tatsu-lab/alpaca"] == "offline-miss"
    unresolved = [f for f in doc["findings"] if f["code"] == "unresolved"]
    assert any(f["asset"] == "dataset" for f in unresolved)
