"""The lock is a security boundary (campaign D3, D6, D14, D16, D26).

Every test runs the real CLI (in process, or as a subprocess where the
environment matters) against a real fake Hub on 127.0.0.1 with its own state.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli import run_cli, run_proc
from tests.fakehub.server import FakeHub, HubState, fake_sha, load_fixtures

NOWHERE = "http://127.0.0.1:9"  # nothing listens there
MUSIC = "facebook/musicgen-small"  # cc-by-nc-4.0: the commercial preset denies it


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeHub]:
    """A fake Hub of this test's own (its state may be changed freely)."""
    server = FakeHub(load_fixtures()).start()
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setenv("MODELDEPS_CACHE_DIR", str(tmp_path / "cache"))
    try:
        yield server
    finally:
        server.stop()


def _repo(tmp_path: Path, *ids: str) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    (repo / "a.py").write_text("".join(f'AutoModel.from_pretrained("{m}")\n' for m in ids))
    return repo


def _lock_doc(repo: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((repo / "modeldeps.lock").read_text())
    return doc


def _entry(doc: dict[str, Any], model_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = next(m for m in doc["models"] if m["id"] == model_id)
    return entry


def _write_lock(repo: Path, doc: dict[str, Any]) -> None:
    (repo / "modeldeps.lock").write_text(json.dumps(doc, indent=2))


def _locked(hub: FakeHub, tmp_path: Path, *ids: str) -> Path:
    repo = _repo(tmp_path, *ids)
    r = run_cli(["lock", "--no-git"], repo)
    assert r.code == 0, r.err
    return repo


# -- D3: lock never drops a pin because the Hub could not be asked ------------------


def test_an_outage_keeps_every_pin(hub: FakeHub, tmp_path: Path) -> None:
    """The campaign's reproduction: a second `lock` with the Hub unreachable."""
    repo = _locked(hub, tmp_path, "fixture-org/finetune-7b", "gpt2")
    before = (repo / "modeldeps.lock").read_bytes()
    r = run_proc(["lock", "--no-git", "--no-cache"], repo, env={"HF_ENDPOINT": NOWHERE})
    assert r.code == 3, r.err
    assert (repo / "modeldeps.lock").read_bytes() == before
    assert "! kept the old pin of fixture-org/finetune-7b: unreachable" in r.err
    assert "! kept the old pin of fixture-org/base-7b: base model of fixture-org/finetune-7b" in (
        r.err
    )
    assert "wrote modeldeps.lock (3 models; 3 kept from before)" in r.err
    assert "Traceback" not in r.err
    r = run_cli(["scan", "--no-git", "--offline", "--no-cache"], repo)
    assert r.code == 0, r.out  # still answers everything offline


def _fail_503(state: HubState, model: str) -> None:
    state.add_fault(path=f"^/api/models/{model}", kind="status", status=503)


def _fail_429(state: HubState, model: str) -> None:
    state.add_fault(path=f"^/api/models/{model}", kind="status", status=429, retry_after=0)


def _fail_hang(state: HubState, model: str) -> None:
    state.add_fault(path=f"^/api/models/{model}", kind="hang")


def _fail_malformed(state: HubState, model: str) -> None:
    state.add_fault(path=f"^/api/models/{model}", kind="malformed")


def _fail_wrong_types(state: HubState, model: str) -> None:
    state.models[model].raw = {"sha": 12345, "private": "yes"}


def _fail_token_refused(state: HubState, model: str) -> None:
    state.add_fault(path=f"^/api/models/{model}", kind="status", status=401)


@pytest.mark.parametrize(
    "fault",
    [_fail_503, _fail_429, _fail_hang, _fail_malformed, _fail_wrong_types, _fail_token_refused],
)
def test_a_model_failing_now_keeps_its_pin_and_its_ancestors(
    hub: FakeHub, tmp_path: Path, fault: Callable[[HubState, str], None]
) -> None:
    repo = _locked(hub, tmp_path, "fixture-org/finetune-7b", "google-bert/bert-base-uncased")
    old = _lock_doc(repo)
    # Upstream moves on for the model that still answers; the other one fails this time.
    bert = hub.state.models["google-bert/bert-base-uncased"]
    bert.revisions["main"] = fake_sha("bert", "new")
    fault(hub.state, "fixture-org/finetune-7b")
    r = run_cli(["lock", "--no-git", "--no-cache", "--timeout", "1", "--deadline", "4"], repo)
    assert r.code == 3, r.err
    new = _lock_doc(repo)
    assert [m["id"] for m in new["models"]] == [m["id"] for m in old["models"]]
    for kept in ("fixture-org/finetune-7b", "fixture-org/base-7b"):
        assert _entry(new, kept) == _entry(old, kept)
    assert _entry(new, "google-bert/bert-base-uncased")["sha"] == fake_sha("bert", "new")
    assert "! kept the old pin of fixture-org/finetune-7b" in r.err
    assert "~ google-bert/bert-base-uncased: sha" in r.out
    assert "no longer used" not in r.out


def test_a_model_never_pinned_is_named_not_pinned(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, "gpt2")
    (repo / "b.py").write_text('AutoModel.from_pretrained("fixture-org/base-7b")\n')
    _fail_503(hub.state, "fixture-org/base-7b")
    r = run_cli(["lock", "--no-git", "--no-cache", "--deadline", "3"], repo)
    assert r.code == 3
    assert "! fixture-org/base-7b: unreachable" in r.err and "not pinned" in r.err
    assert [m["id"] for m in _lock_doc(repo)["models"]] == ["gpt2"]


def test_a_reference_removed_drops_its_pin(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, "gpt2", "fixture-org/base-7b")
    (repo / "a.py").write_text('AutoModel.from_pretrained("gpt2")\n')
    r = run_cli(["lock", "--no-git"], repo)
    assert r.code == 0 and "- fixture-org/base-7b: no longer used" in r.out
    assert [m["id"] for m in _lock_doc(repo)["models"]] == ["gpt2"]


# -- D26: lock --check never says "up to date" when it could not ask ----------------


def test_check_without_the_hub_does_not_say_up_to_date(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, MUSIC)
    r = run_proc(["lock", "--check", "--no-git", "--no-cache"], repo, env={"HF_ENDPOINT": NOWHERE})
    assert r.code == 3, r.err
    assert "up to date" not in r.err + r.out
    assert "modeldeps.lock could not be checked: 1 model could not be resolved" in r.err
    assert f"! could not check {MUSIC}: unreachable" in r.err
    r = run_cli(["lock", "--check", "--no-git"], repo)
    assert r.code == 0 and "modeldeps.lock is up to date" in r.err


def test_check_with_one_model_failing_is_not_up_to_date(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, MUSIC, "gpt2")
    _fail_429(hub.state, "openai-community/gpt2")
    r = run_cli(["lock", "--check", "--no-git", "--no-cache", "--deadline", "3"], repo)
    assert r.code == 3 and "up to date" not in r.err
    assert "could not be checked" in r.err


# -- D6: an online scan checks the lock entries it uses against the Hub --------------


def test_a_forged_license_fails_an_online_scan(hub: FakeHub, tmp_path: Path) -> None:
    """The campaign's reproduction: a lock entry calling a non-commercial model mit."""
    repo = _locked(hub, tmp_path, MUSIC)
    doc = _lock_doc(repo)
    _entry(doc, MUSIC)["license"]["id"] = "mit"
    _write_lock(repo, doc)
    r = run_cli(["scan", "--no-git", "-q"], repo)
    assert r.code == 2, r.out + r.err
    assert (
        f"modeldeps.lock: {MUSIC}: license is mit from card:license in the lock but "
        "cc-by-nc-4.0 from card:license on the Hub at"
    ) in r.err
    assert "forged" in r.err and "Traceback" not in r.err
    # Offline, the lock is the trust root (documented): it is believed as written.
    r = run_cli(["scan", "--no-git", "--offline", "-q"], repo)
    assert r.code == 0


_SHA = fake_sha("x", "y")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda e: e["license"].update(id="mit"), "license"),
        (lambda e: e["license"].update(source="LICENSE"), "license"),
        (lambda e: e["license"].update(name="MIT License"), "license"),
        (lambda e: e.update(base_models=["fixture-org/base-7b"]), "base_models"),
        (lambda e: e.update(relation="finetune"), "relation"),
        (lambda e: e.update(gated="auto"), "gated"),
        (lambda e: e.update(private=True), "private"),
        (lambda e: e.update(datasets=[]), "datasets"),
        (lambda e: e.update(weight_formats=["gguf"]), "weight_formats"),
        (lambda e: e.update(canonical_id="acme/other"), "canonical_id"),
        (lambda e: e.update(license_file={"path": "LICENSE", "sha256": "0" * 64}), "license_file"),
    ],
)
def test_every_field_the_policy_reads_is_checked(
    hub: FakeHub, tmp_path: Path, change: Callable[[dict[str, Any]], None], field: str
) -> None:
    repo = _locked(hub, tmp_path, "google-bert/bert-base-uncased")
    doc = _lock_doc(repo)
    change(_entry(doc, "google-bert/bert-base-uncased"))
    _write_lock(repo, doc)
    r = run_cli(["scan", "--no-git"], repo)
    assert r.code == 2, r.out + r.err
    assert f"google-bert/bert-base-uncased: {field} is " in r.err


@pytest.mark.parametrize(
    ("model", "sha", "why"),
    [
        (MUSIC, _SHA, "revision-not-found"),  # a commit the Hub never had
        ("acme/made-up", _SHA, "not-found"),  # a model the Hub never had
    ],
)
def test_a_pin_the_hub_does_not_have_fails(
    hub: FakeHub, tmp_path: Path, model: str, sha: str, why: str
) -> None:
    repo = _locked(hub, tmp_path, MUSIC)
    doc = _lock_doc(repo)
    entry = _entry(doc, MUSIC)
    entry.update(id=model, canonical_id=model, sha=sha)
    entry["license"]["id"] = "mit"
    _write_lock(repo, doc)
    (repo / "a.py").write_text(f'AutoModel.from_pretrained("{model}")\n')
    r = run_cli(["scan", "--no-git"], repo)
    assert r.code == 2, r.out + r.err
    assert f"{model}: the Hub has no such model at {sha[:12]} ({why}" in r.err


def test_ancestors_taken_from_the_lock_are_checked_too(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, "fixture-org/finetune-7b")
    doc = _lock_doc(repo)
    _entry(doc, "fixture-org/base-7b")["license"]["id"] = "mit"
    _write_lock(repo, doc)
    r = run_cli(["scan", "--no-git"], repo)
    assert r.code == 2 and "fixture-org/base-7b: license is mit" in r.err


def test_two_forged_entries_are_both_named(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, MUSIC, "gpt2")
    doc = _lock_doc(repo)
    _entry(doc, MUSIC)["license"]["id"] = "mit"
    _entry(doc, "gpt2")["datasets"] = ["acme/clean"]
    _write_lock(repo, doc)
    r = run_cli(["scan", "--no-git"], repo)
    assert r.code == 2
    assert (
        "modeldeps.lock: 2 entries disagree with the Hub (edited by hand, forged, or stale):"
        in r.err
    )
    assert f"  {MUSIC}: license" in r.err and "  gpt2: datasets" in r.err


def test_a_genuine_lock_is_checked_once_then_costs_nothing(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, "fixture-org/finetune-7b", "gpt2")
    cache = tmp_path / "cache2"
    hub.state.reset_traffic()
    r = run_cli(["scan", "--no-git", "--cache-dir", str(cache)], repo)
    assert r.code == 0, r.out + r.err
    shas = {e["sha"] for e in _lock_doc(repo)["models"]}
    asked = [p for _m, p, _a in hub.state.requests if p.startswith("/api/models/")]
    # One look at each pinned commit (gpt2's through its redirect), none at a branch.
    assert {p.rsplit("/revision/", 1)[-1] for p in asked} == shas, asked
    assert len(asked) == 4, asked
    hub.state.reset_traffic()
    r = run_cli(["scan", "--no-git", "--cache-dir", str(cache)], repo)
    assert r.code == 0 and hub.state.count("/api/models/") == 0
    hub.state.reset_traffic()
    r = run_cli(["scan", "--no-git", "--offline", "--no-cache"], repo)
    assert r.code == 0 and hub.state.count() == 0


def test_a_forged_entry_is_caught_even_with_a_warm_cache(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, MUSIC)
    assert run_cli(["scan", "--no-git"], repo).code == 1  # denied, and the cache is warm
    doc = _lock_doc(repo)
    _entry(doc, MUSIC)["license"]["id"] = "mit"
    _write_lock(repo, doc)
    hub.state.reset_traffic()
    r = run_cli(["scan", "--no-git"], repo)
    assert r.code == 2 and "license is mit" in r.err
    assert hub.state.count("/api/models/") == 0  # the cache's answer at the pin sufficed


def test_upstream_moving_on_is_drift_for_lock_check_not_a_forgery(
    hub: FakeHub, tmp_path: Path
) -> None:
    repo = _locked(hub, tmp_path, "google-bert/bert-base-uncased")
    bert = hub.state.models["google-bert/bert-base-uncased"]
    bert.revisions["old"] = bert.revisions["main"]
    bert.revisions["main"] = fake_sha("bert", "relicensed")
    bert.revision_info["main"] = {"cardData": {"license": "cc-by-nc-4.0"}}
    r = run_cli(["scan", "--no-git"], repo)
    assert r.code == 0, r.out + r.err  # the pinned commit is still apache-2.0
    r = run_cli(["lock", "--check", "--no-git", "--no-cache"], repo)
    assert r.code == 1 and "license apache-2.0 from card:license -> cc-by-nc-4.0" in r.out


def test_an_unreachable_hub_leaves_the_lock_trusted_with_a_warning(
    hub: FakeHub, tmp_path: Path
) -> None:
    repo = _locked(hub, tmp_path, MUSIC)
    r = run_proc(["scan", "--no-git", "--no-cache"], repo, env={"HF_ENDPOINT": NOWHERE})
    assert r.code == 1, r.out + r.err  # judged from the lock: non-commercial
    assert "1 lockfile entry could not be checked against the Hub and is trusted" in r.out
    assert f"{MUSIC} (unreachable)" in r.out


def test_the_action_rejects_a_forged_lock(hub: FakeHub, tmp_path: Path) -> None:
    repo = _locked(hub, tmp_path, MUSIC)
    doc = _lock_doc(repo)
    _entry(doc, MUSIC)["license"]["id"] = "mit"
    _write_lock(repo, doc)
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("")
    output.write_text("")
    env = {
        **os.environ,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(output),
        "GITHUB_WORKSPACE": str(repo),
        "RUNNER_TEMP": str(tmp_path),
        "INPUT_NEW_SINCE": "none",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "modeldeps.action"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr  # the action's last step exits with exit-code
    outs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    assert outs["exit-code"] == "2", proc.stdout + proc.stderr
    assert "license is mit" in proc.stderr
    assert "allowed" not in summary.read_text()


# -- D14: wrong-typed Hub fields are refused where the record is built -------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"sha": 12345}, "sha must be a string"),
        ({"sha": "not-hex"}, "sha must be 40 or 64 lowercase hex digits"),
        ({"private": "yes"}, "private must be a bool"),
        ({"id": 7}, None),  # not a repo id: ignored, with a note (D27)
        ({"gated": 3}, None),  # not a bool or a string: ignored, as before
        ({"cardData": {"license": "\ud800"}}, None),  # replaced at the edge (D13)
        ({"cardData": {"license": "mit", "datasets": ["a", 5]}}, None),  # non-strings dropped
    ],
)
def test_wrong_typed_hub_fields_never_reach_the_lock(
    hub: FakeHub, tmp_path: Path, raw: dict[str, Any], message: str | None
) -> None:
    hub.state.models["acme/weird-types"] = hub.state.models["openai-community/gpt2"]
    model = hub.state.models["acme/weird-types"]
    model.raw = raw
    repo = _repo(tmp_path, "acme/weird-types")
    r = run_cli(["lock", "--no-git"], repo)
    assert "Traceback" not in r.err
    if message is None:  # tolerated: what is written is read back
        assert r.code == 0, r.err
        r = run_cli(["scan", "--no-git", "--offline", "--no-cache", "-f", "json"], repo)
        assert r.code in (0, 1), r.err  # judged, never "cannot read the lock"
        assert [m["status"] for m in json.loads(r.out)["models"]] == ["ok"]
        return
    assert r.code == 3, r.err
    assert f"malformed answer from the Hub: {message}" in r.err
    assert _lock_doc(repo)["models"] == []
    r = run_cli(["scan", "--no-git", "-f", "json"], repo)
    assert r.code == 3
    (rec,) = json.loads(r.out)["models"]
    assert rec["status"] == "unreachable" and message in rec["reason"]
    cache = tmp_path / "cache" / "records"
    assert not cache.exists() or not list(cache.iterdir())  # never cached
    # ... and that is where records do land: a good answer is cached there
    (repo / "a.py").write_text('AutoModel.from_pretrained("mistralai/Mistral-7B-v0.1")\n')
    assert run_cli(["scan", "--no-git", "-f", "json"], repo).code in (0, 1)
    assert list(cache.iterdir())


# -- D16: the lock is read only as a bounded regular file --------------------------


def _special_lock(tmp_path: Path, kind: str) -> tuple[Path, list[str], str]:
    repo = _repo(tmp_path, "gpt2")
    lock = repo / "modeldeps.lock"
    if kind == "dev-zero":
        lock.symlink_to("/dev/zero")
        return repo, [], "it is a symbolic link"
    if kind == "link-in-tree":
        (repo / "real.lock").write_text('{"schema": "modeldeps.lock/1", "models": []}')
        lock.symlink_to("real.lock")
        return repo, [], "it is a symbolic link"
    if kind == "dev-full":
        return repo, ["--lock", "/dev/full"], "it is not a regular file"
    if kind == "fifo":
        os.mkfifo(lock)
        return repo, [], "it is not a regular file"
    if kind == "directory":
        lock.mkdir()
        return repo, [], "Is a directory"
    if kind == "huge":
        with lock.open("wb") as fh:
            fh.truncate((32 << 20) + 1)
        return repo, [], "it is larger than 33554432 bytes"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["dev-zero", "link-in-tree", "dev-full", "fifo", "directory", "huge"]
)
@pytest.mark.parametrize("command", [["scan", "--offline"], ["lock"]])
def test_a_lock_that_is_not_a_small_regular_file_is_refused(
    tmp_path: Path, kind: str, command: list[str]
) -> None:
    repo, extra, reason = _special_lock(tmp_path, kind)
    start = time.monotonic()
    r = run_proc([*command, "--no-git", *extra], repo, env={"HF_ENDPOINT": NOWHERE}, timeout=30)
    assert time.monotonic() - start < 20
    assert r.code == 2, r.out + r.err
    assert f"cannot read lockfile: {reason}" in r.err
    assert len(r.err.strip().splitlines()) <= 2 and "Traceback" not in r.err


def test_a_newer_lock_schema_is_not_told_to_regenerate(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "gpt2")
    (repo / "modeldeps.lock").write_text('{"schema": "modeldeps.lock/2", "models": []}')
    r = run_cli(["scan", "--no-git", "--offline"], repo)
    assert r.code == 2
    assert "'modeldeps.lock/2'" in r.err and "another version of modeldeps" in r.err
    assert "regenerate" not in r.err


def test_a_lock_round_trips_through_lock_then_offline_scan(hub: FakeHub, tmp_path: Path) -> None:
    """What `lock` writes for every fixture model, `scan --offline` reads back."""
    state = hub.state
    ids = sorted(
        m for m in state.models if not (state.models[m].private or state.models[m].disabled)
    )
    repo = _repo(tmp_path, *ids)
    r = run_cli(["lock", "--no-git", "--deadline", "30"], repo)
    assert r.code in (0, 3) and "Traceback" not in r.err, r.err
    entries = _lock_doc(repo)["models"]
    pinned = {(m["id"], m["revision"]) for m in entries if m.get("kind", "model") == "model"}
    assert len(pinned) > 40
    r = run_cli(["scan", "--no-git", "--offline", "--no-cache", "-f", "json"], repo)
    assert r.code in (0, 1, 3), r.err
    status = {(m["id"], m["revision"]): m["status"] for m in json.loads(r.out)["models"]}
    assert all(status[k] == "ok" for k in pinned)
