"""D29: the campaign's five minor problems, each with its reproduction and its class.

- a lock of a newer schema is not told to regenerate (that would downgrade it);
- a token that cannot be sent is diagnosed as an invalid token at once, no request;
- (NaN cache timestamps: tests/unit/test_lock_schema.py, non-finite fetched_at);
- resolver messages are in the JSON report (``messages``, an optional field);
- reports modeldeps wrote into the tree are not scanned back.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from modeldeps.extract.scanner import own_output
from modeldeps.resolve.hub import token_problem
from tests.cli import run_cli, run_proc
from tests.fakehub import FakeHub

DEMO = Path(__file__).parents[2] / "examples" / "demo"
GEN = 'from transformers import AutoModel\nAutoModel.from_pretrained("facebook/musicgen-small")\n'


def _schema() -> dict[str, object]:
    doc: dict[str, object] = json.loads(
        files("modeldeps").joinpath("data/report-1.schema.json").read_text()
    )
    return doc


# -- newer-schema lock ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "says", "hint"),
    [
        ("modeldeps.lock/2", "newer than this one", "upgrade modeldeps"),
        ("modeldeps.lock/17", "newer than this one", "upgrade modeldeps"),
        ("modeldeps.lock/0", "older version of modeldeps", "regenerate it"),
        ("modeldeps.lock/beta", "another version of modeldeps", "generated_by"),
        ("modeldeps.lock/", "another version of modeldeps", "generated_by"),
        ("modeldeps.lock/٣", "another version of modeldeps", "generated_by"),
    ],
)
def test_lock_of_another_schema_gets_the_right_hint(
    tmp_path: Path, schema: str, says: str, hint: str
) -> None:
    (tmp_path / "a.py").write_text('AutoModel.from_pretrained("gpt2")\n')
    doc = {"schema": schema, "generated_by": "modeldeps 9.9.0", "models": []}
    (tmp_path / "modeldeps.lock").write_text(json.dumps(doc))
    r = run_cli(["scan", "--no-git", "--offline"], tmp_path)
    assert r.code == 2, r.out + r.err
    assert says in r.err and hint in r.err
    if "newer" in says:
        assert "regenerate" not in r.err and "'modeldeps 9.9.0'" in r.err
    assert len(r.err.strip().splitlines()) == 2 and "Traceback" not in r.err


# -- token characters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "what"),
    [
        ("hf_SENTINELé_abc123", "non-ASCII character"),
        ("hf_SENTINEL\nabc123", "line break"),
        ("hf_SENTINEL\rabc123", "line break"),
        ("hf_SENTINEL\tabc123", "whitespace"),
        ("hf_SENTINEL abc123", "whitespace"),
        ("hf_SENTINEL\x01abc123", "control character"),
        ("hf_SENTINEL\x7fabc123", "control character"),
        ("hf_SENTINEL\u200babc123", "non-ASCII character"),
    ],
)
def test_a_token_that_cannot_be_sent_is_diagnosed_at_once(
    fakehub: FakeHub, tmp_path: Path, token: str, what: str
) -> None:
    """Regression (D29): an é or a newline in HF_TOKEN failed as 'malformed answer' or
    'cannot reach the Hub (LocalProtocolError)' after ~4 s of retries."""
    (tmp_path / "a.py").write_text('AutoModel.from_pretrained("google-bert/bert-base-uncased")\n')
    start = time.monotonic()
    r = run_proc(
        ["scan", "--no-git", "--no-cache", "-f", "json", "."],
        tmp_path,
        env={"HF_TOKEN": token, "HF_ENDPOINT": fakehub.url},
    )
    assert time.monotonic() - start < 10
    assert r.code == 3, r.out + r.err
    (model,) = json.loads(r.out)["models"]
    assert model["status"] == "unauthorized"
    if what == "line break":
        # The token is the one huggingface_hub hands out (issue 13): like every Hugging
        # Face tool, it drops line breaks, so the rest is sent once, and refused.
        assert model["reason"] == f"{fakehub.url} refused the token (401); check HF_TOKEN"
        assert fakehub.state.count("/api/models") == 1
    else:
        assert "HF_TOKEN is not a valid token" in model["reason"] and what in model["reason"]
        assert fakehub.state.count("/api/models") == 0  # no request, so no retry
    secret = token.strip()
    assert secret not in r.out and secret not in r.err
    assert "SENTINEL" not in r.out + r.err


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1))
def test_visible_ascii_tokens_are_never_refused(token: str) -> None:
    assert token_problem(token) is None


@given(
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=8),
    st.characters().filter(lambda c: not "!" <= c <= "~"),
    st.integers(min_value=0, max_value=8),
)
def test_any_other_character_is_named_without_the_token(token: str, bad: str, at: int) -> None:
    spoiled = token[:at] + bad + token[at:]
    message = token_problem(spoiled)
    assert message is not None and message.startswith("HF_TOKEN is not a valid token")
    assert f"character {at + 1} of {len(spoiled)}" in message
    assert token not in message and spoiled not in message
    assert message.isascii() and message.isprintable()


# -- resolver messages in JSON ------------------------------------------------------------


def test_cache_not_writable_warning_is_in_the_json_report(fakehub: FakeHub, tmp_path: Path) -> None:
    """Regression (D29): the JSON report dropped the resolver's messages."""
    (tmp_path / "a.py").write_text('AutoModel.from_pretrained("google-bert/bert-base-uncased")\n')
    (tmp_path / "not-a-dir").write_text("")
    r = run_proc(
        ["scan", "--no-git", "-f", "json", "."],
        tmp_path,
        env={"HF_ENDPOINT": fakehub.url, "MODELDEPS_CACHE_DIR": str(tmp_path / "not-a-dir")},
    )
    assert r.code == 0, r.out + r.err
    doc = json.loads(r.out)
    jsonschema.validate(doc, _schema())
    assert any("is not writable" in m for m in doc["messages"]), doc["messages"]


def _chain_lock(repo: Path, depth: int) -> None:
    ids = ["chain-org/top-7b"] + [f"chain-org/c{i}" for i in range(1, depth + 1)]

    def ent(i: int) -> dict[str, object]:
        last = i + 1 == len(ids)
        return {
            "id": ids[i],
            "revision": None,
            "canonical_id": ids[i],
            "sha": "0" * 40,
            "license": {
                "id": "cc-by-nc-4.0" if last else "apache-2.0",
                "source": "card:license",
                "name": None,
                "link": None,
            },
            "license_file": None,
            "base_models": [] if last else [ids[i + 1]],
            "relation": "finetune",
            "gated": False,
            "private": False,
            "datasets": [],
            "last_modified": None,
            "weight_formats": ["safetensors"],
        }

    doc = {"schema": "modeldeps.lock/1", "models": [ent(i) for i in range(len(ids))]}
    (repo / "modeldeps.lock").write_text(json.dumps(doc))


@pytest.mark.parametrize("depth", [11, 30])
def test_lineage_cut_note_is_in_the_json_report(tmp_path: Path, depth: int) -> None:
    (tmp_path / "a.py").write_text('AutoModel.from_pretrained("chain-org/top-7b")\n')
    _chain_lock(tmp_path, depth)
    r = run_cli(["scan", "--offline", "--no-git", "--no-cache", "-f", "json", "."], tmp_path)
    doc = json.loads(r.out)
    jsonschema.validate(doc, _schema())
    assert any("lineage deeper than 10 levels" in m for m in doc["messages"]), doc["messages"]


def test_a_report_without_messages_still_matches_the_schema(tmp_path: Path) -> None:
    """The field is optional: a report written before it existed stays valid."""
    (tmp_path / "a.py").write_text("x = 1\n")
    doc = json.loads(run_cli(["scan", "--no-git", "--offline", "-f", "json"], tmp_path).out)
    assert doc["messages"] == []
    del doc["messages"]
    jsonschema.validate(doc, _schema())


# -- reports are not scanned back ----------------------------------------------------------

FORMATS = ["json", "sarif", "cyclonedx", "markdown", "text", "github"]
NAMES = {
    "json": ["report.json", "modeldeps-reports/report.json", "out/scan-result.json"],
    "sarif": ["modeldeps-reports/modeldeps.sarif", "results.sarif.json"],
    "cyclonedx": ["bom.json", "modeldeps-reports/modeldeps.cdx.json"],
    "markdown": ["modeldeps-reports/summary.md", "SUMMARY.md"],
    "text": ["report.txt", "scan.log"],
    "github": ["annotations.txt"],
}


def _demo(tmp_path: Path) -> Path:
    shutil.copy(DEMO / "modeldeps.lock", tmp_path / "modeldeps.lock")
    (tmp_path / "gen.py").write_text(GEN)
    return tmp_path


def test_a_report_written_with_o_is_not_scanned_back(tmp_path: Path) -> None:
    """Regression (D29): the next scan found the model again at report.json:14:20."""
    repo = _demo(tmp_path)
    args = ["scan", "--offline", "--no-git", "-f", "json"]
    first = run_cli([*args, "-o", "report.json", "."], repo)
    assert first.code == 1
    second = json.loads(run_cli([*args, "."], repo).out)
    assert [r["path"] for r in second["references"]] == ["gen.py"]
    assert {f["references"][0]["path"] for f in second["findings"]} == {"gen.py"}
    assert {"path": "report.json", "line": None, "kind": "skipped"}.items() <= next(
        n for n in second["notes"] if n["path"] == "report.json"
    ).items()


@pytest.mark.parametrize(("fmt", "name"), [(f, n) for f in FORMATS for n in NAMES[f]], ids=str)
@pytest.mark.parametrize("policy", ["commercial", "research"])
def test_no_report_of_any_format_is_scanned_back(
    tmp_path: Path, fmt: str, name: str, policy: str
) -> None:
    """Class test (D29): every format, under the names the Action and users give it,
    renamed too, verdicts both ways: the next scan reads only the source."""
    repo = _demo(tmp_path)
    (repo / name).parent.mkdir(parents=True, exist_ok=True)
    run_cli(["scan", "--offline", "--no-git", "--policy", policy, "-f", fmt, "-o", name], repo)
    if (repo / name).stat().st_size == 0:
        assert fmt == "github" and policy == "research"  # nothing to annotate: nothing to read
        return
    doc = json.loads(run_cli(["scan", "--offline", "--no-git", "-f", "json"], repo).out)
    assert [r["path"] for r in doc["references"]] == ["gen.py"], name
    assert any(n["path"] == name and "written by modeldeps" in n["message"] for n in doc["notes"])
    assert doc["summary"]["skipped_by_reason"].get("modeldeps-report") == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("config.json", '{"schema": "modeldeps.report/1", "model": "org/name-7b"}\n'),
        ("config.json", '{"tool": {"name": "modeldeps"}, "model": "org/name-7b"}\n'),
        ("sarif.json", '{"runs": [{"tool": {"driver": {"name": "other"}}}], "m": "sarif"}'),
        ("bom.json", '{"bomFormat": "CycloneDX", "metadata": {"component": {"name": "x"}}}'),
        ("lock.json", '{"schema": "modeldeps.lock/1", "extra": 1, "models": []}'),
        ("README.md", "## modeldeps: how we check models\n\nfrom_pretrained('org/name-7b')\n"),
        ("notes.txt", "::error title=modeldeps x::y\nprint('org/name-7b')\n"),
        ("run.py", "## modeldeps: 1 denied\n"),
        ("notes.md", "1 reference to 1 model in 1 file scanned, said nobody"),
        ("broken.json", '{"schema": "modeldeps.report/1", '),
    ],
)
def test_files_that_only_look_like_reports_are_scanned(name: str, content: str) -> None:
    """The signature is what modeldeps writes, whole: a file borrowing one part is read."""
    assert own_output(name, content.encode()) is None


def test_a_real_report_is_recognised_by_content_alone(tmp_path: Path) -> None:
    repo = _demo(tmp_path)
    for fmt in FORMATS:
        run_cli(["scan", "--offline", "--no-git", "-f", fmt, "-o", f"r.{fmt}"], repo)
        data = (repo / f"r.{fmt}").read_bytes()
        ext = {"json": "json", "sarif": "sarif", "cyclonedx": "json"}.get(fmt, "txt")
        assert own_output(f"any-name.{ext}", data) is not None, fmt
        # a Python file is never taken for a text-like report
        if fmt in ("markdown", "text", "github"):
            assert own_output("code.py", data) is None, fmt
    os.remove(repo / "modeldeps.lock")
