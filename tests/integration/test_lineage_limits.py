"""A lineage cut by the depth limit is a lineage-truncated error in every format (D5), and
a wide lineage costs linear time (D4): real lockfiles, the CLI and the fake Hub."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from modeldeps.resolve.lineage import MAX_DEPTH
from tests.cli import run_cli, run_proc
from tests.fakehub import FakeHub
from tests.fakehub.server import FakeModel, fake_sha


def _entry(model_id: str, bases: list[str], lic: str = "apache-2.0") -> dict[str, Any]:
    return {
        "id": model_id,
        "revision": None,
        "canonical_id": model_id,
        "sha": "0" * 40,
        "license": {"id": lic, "source": "card:license", "name": None, "link": None},
        "license_file": None,
        "base_models": bases,
        "relation": "finetune",
        "gated": False,
        "private": False,
        "datasets": ["d"],
        "last_modified": None,
        "weight_formats": ["safetensors"],
    }


def _project(tmp_path: Path, top: str, models: list[dict[str, Any]]) -> Path:
    (tmp_path / "a.py").write_text(
        f'from transformers import AutoModel\nAutoModel.from_pretrained("{top}")\n'
    )
    lock = {"schema": "modeldeps.lock/1", "models": models}
    (tmp_path / "modeldeps.lock").write_text(json.dumps(lock))
    return tmp_path


def _chain(tmp_path: Path, n: int) -> Path:
    """top -> c1 -> ... -> cn; only the root cn is non-commercial."""
    ids = ["chain-org/top-7b"] + [f"chain-org/c{i}" for i in range(1, n + 1)]
    models = [
        _entry(ids[i], [ids[i + 1]] if i + 1 < len(ids) else [], "apache-2.0")
        for i in range(len(ids))
    ]
    models[-1]["license"]["id"] = "cc-by-nc-4.0"
    return _project(tmp_path, ids[0], models)


OFFLINE = ["scan", "--offline", "--no-cache", "--no-git"]


@pytest.mark.parametrize(
    ("n", "code"),
    [
        (MAX_DEPTH - 1, "lineage-denied"),
        (MAX_DEPTH, "lineage-denied"),
        (MAX_DEPTH + 1, "lineage-truncated"),
        (MAX_DEPTH + 2, "lineage-truncated"),
        (40, "lineage-truncated"),
    ],
)
def test_chain_depth_table(tmp_path: Path, n: int, code: str) -> None:
    r = run_cli([*OFFLINE, "-f", "json", "."], _chain(tmp_path, n))
    assert r.code == 1, r.out + r.err
    findings = json.loads(r.out)["findings"]
    got = {f["code"] for f in findings}
    assert code in got
    if code == "lineage-truncated":
        f = next(f for f in findings if f["code"] == code)
        assert f["severity"] == "error"
        assert f["lineage"][-1] == f"chain-org/c{MAX_DEPTH + 1}"
        assert len(f["lineage"]) == MAX_DEPTH + 2


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "markdown", "github"])
def test_truncation_shows_in_every_format_and_quiet(tmp_path: Path, fmt: str) -> None:
    repo = _chain(tmp_path, MAX_DEPTH + 1)
    r = run_cli([*OFFLINE, "-f", fmt, "."], repo)
    assert r.code == 1, r.out + r.err
    assert "lineage-truncated" in r.out
    q = run_cli([*OFFLINE, "-q", "."], repo)
    assert q.code == 1 and "lineage-truncated" in q.out


def test_a_severity_override_can_lower_it_on_purpose(tmp_path: Path) -> None:
    repo = _chain(tmp_path, MAX_DEPTH + 1)
    (repo / "policy.yaml").write_text(
        "extends: commercial\nseverity:\n  lineage-truncated: warning\n"
    )
    r = run_cli([*OFFLINE, "--policy", "policy.yaml", "-f", "json", "."], repo)
    f = next(f for f in json.loads(r.out)["findings"] if f["code"] == "lineage-truncated")
    assert f["severity"] == "warning"
    assert r.code == 0


def test_a_shorter_chain_to_a_cut_model_is_followed(tmp_path: Path) -> None:
    """The resolver meets x first 10 levels down (its bases cut), then 2 levels down through
    b: x's base is then within the limit and must be followed and judged, not cut."""
    deep = [f"re/a{i}" for i in range(1, 10)]
    models = [_entry("re/top", [deep[0], "re/b"])]
    models += [
        _entry(m, [deep[i + 1] if i + 1 < len(deep) else "re/x"]) for i, m in enumerate(deep)
    ]
    models += [
        _entry("re/b", ["re/x"]),
        _entry("re/x", ["re/y"]),
        _entry("re/y", [], "cc-by-nc-4.0"),
    ]
    r = run_cli([*OFFLINE, "-f", "json", "."], _project(tmp_path, "re/top", models))
    codes = {f["code"] for f in json.loads(r.out)["findings"]}
    assert "lineage-denied" in codes and "lineage-truncated" not in codes, codes


def test_wide_dag_lockfile_is_fast_in_a_subprocess(tmp_path: Path) -> None:
    """The campaign's 10 x 9 DAG: 111 s, 5.9 GB and a MemoryError before."""
    width, depth = 10, 9

    def level(k: int) -> list[str]:
        return [f"dag-org/n{k}-{i}" for i in range(width)]

    models = [_entry("dag-org/top-7b", level(1))]
    for k in range(1, depth + 1):
        models += [_entry(m, level(k + 1) if k < depth else [], "mit") for m in level(k)]
    models[-1]["license"]["id"] = "cc-by-nc-4.0"
    start = time.monotonic()
    r = run_proc([*OFFLINE, "-q", "."], _project(tmp_path, "dag-org/top-7b", models), timeout=60)
    assert time.monotonic() - start < 20
    assert r.code == 1 and "lineage-denied" in r.out, r.err
    assert "Traceback" not in r.err


def test_explain_prints_each_shared_base_once(tmp_path: Path) -> None:
    width, depth = 6, 8

    def level(k: int) -> list[str]:
        return [f"ex-org/n{k}-{i}" for i in range(width)]

    models = [_entry("ex-org/top", level(1))]
    for k in range(1, depth + 1):
        models += [_entry(m, level(k + 1) if k < depth else []) for m in level(k)]
    repo = _project(tmp_path, "ex-org/top", models)
    start = time.monotonic()
    r = run_cli(["explain", "--offline", "--no-cache", "ex-org/top"], repo)
    assert time.monotonic() - start < 10
    assert r.code in (0, 1), r.out + r.err
    tree = r.out.split("Lineage:", 1)[1].split("Decision under", 1)[0]
    lines = [ln for ln in tree.splitlines() if ln.strip()]
    assert len(lines) <= 1 + width * depth * width  # each model expanded once; 6**8 paths
    assert "(see above)" in tree


def _deep_hub_chain(hub: FakeHub, prefix: str, n: int) -> str:
    ids = [f"{prefix}/m{i}" for i in range(n + 1)]
    for i, model_id in enumerate(ids):
        card: dict[str, Any] = {"license": "apache-2.0" if i < n else "cc-by-nc-4.0"}
        if i < n:
            card["base_model"] = ids[i + 1]
        hub.state.models[model_id] = FakeModel(
            id=model_id,
            info={"id": model_id, "cardData": card, "siblings": [{"rfilename": "x.safetensors"}]},
            files={},
            revisions={"main": fake_sha(model_id, "main")},
        )
    return ids[0]


def test_deep_hub_chain_is_truncated_not_allowed(fakehub: FakeHub, tmp_path: Path) -> None:
    """The campaign's Hub route: a 10,000-deep base_model chain was 'Allowed' with exit 0."""
    top = _deep_hub_chain(fakehub, "deep-hub", 300)
    (tmp_path / "a.py").write_text(f'AutoModel.from_pretrained("{top}")\n')
    r = run_cli(["scan", "--no-git", "--no-lock", "-f", "json", "."], tmp_path)
    assert r.code == 1, r.out + r.err
    data = json.loads(r.out)
    assert "lineage-truncated" in {f["code"] for f in data["findings"]}
    # behind Artifactory (FAKEHUB_MODE), the first lookup is asked once more without expand
    extra = 0 if fakehub.state.mode == "hub" else 1
    assert fakehub.state.count("/api/models/deep-hub/") == MAX_DEPTH + 1 + extra
