"""Text from outside is data, never control: the campaign's reproductions (D7, D8, D12, D13,
D20, D24, D27) against the real fake Hub, the real CLI and real files."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote_to_bytes

import pytest

from tests.cli import run_cli, run_proc
from tests.fakehub import VALID_TOKEN, FakeHub
from tests.fakehub.server import FakeModel, fake_sha

SHA = "1" * 40
INJECT = "x\n::error file=README.md,line=1::FAKE ANNOTATION FROM A MODEL CARD\x1b[1A\x1b[2K"
OTHER_TOKEN = "hf_" + "Q" * 34
HOSTILE_MODELS: dict[str, dict[str, object]] = {
    "acme/dual-lic": {"cardData": {"license": ["apache-2.0", "cc-by-nc-4.0"]}},
    "acme/dual-tags": {
        "cardData": {"license": "apache-2.0"},
        "tags": ["license:apache-2.0", "license:cc-by-nc-4.0"],
    },
    "acme/surrogate": {"cardData": {"license": "\ud800", "license_name": "n\udfffame"}},
    "acme/inject": {"cardData": {"license": "other", "license_name": INJECT}},
    "acme/reflect": {"cardData": {"license": "other", "license_name": "see " + OTHER_TOKEN}},
    "acme/badid": {"cardData": {"license": "mit"}},
}
RAW = {"acme/badid": {"id": "../../../etc/passwd\n::error::x"}}
FILES = {"acme/reflect": {"LICENSE": "Your credentials: {{AUTHORIZATION}}\n"}}


@pytest.fixture
def hub(fakehub: FakeHub) -> Iterator[FakeHub]:
    for mid, info in HOSTILE_MODELS.items():
        files = FILES.get(mid, {})
        fakehub.state.models[mid] = FakeModel(
            id=mid,
            info={"id": mid, **info, "siblings": [{"rfilename": f} for f in files]},
            files=files,
            revisions={"main": fake_sha(mid, "main")},
            raw=RAW.get(mid, {}),
        )
    yield fakehub
    for mid in HOSTILE_MODELS:
        fakehub.state.models.pop(mid, None)


def _repo(tmp_path: Path, *ids: str) -> Path:
    (tmp_path / "app.py").write_text(
        "from transformers import AutoModel\n"
        + "".join(f'm{i} = AutoModel.from_pretrained("{m}")\n' for i, m in enumerate(ids))
    )
    return tmp_path


def _no_command_lines(text: str) -> None:
    for line in text.splitlines():
        assert not line.lstrip().startswith("::"), line
        assert "##[" not in line, line
        assert "\x1b" not in line and "\r" not in line, line


def test_d7_every_listed_license_is_judged(hub: FakeHub, tmp_path: Path) -> None:
    r = run_cli(["scan", "--no-git", "-f", "json"], _repo(tmp_path, "acme/dual-lic"))
    assert r.code == 1, r.out + r.err
    model = json.loads(r.out)["models"][0]
    assert model["license"]["id"] == "apache-2.0 AND cc-by-nc-4.0"
    denied = [f for f in json.loads(r.out)["findings"] if f["severity"] == "error"]
    assert denied and all(f["model_id"] == "acme/dual-lic" for f in denied)
    text = run_cli(["scan", "--no-git"], tmp_path)
    assert "apache-2.0 AND cc-by-nc-4.0" in text.out and "Denied" in text.out


def test_d7_license_tags_are_cross_checked(hub: FakeHub, tmp_path: Path) -> None:
    r = run_cli(["scan", "--no-git", "-f", "json"], _repo(tmp_path, "acme/dual-tags"))
    assert r.code == 1, r.out
    lic = json.loads(r.out)["models"][0]["license"]
    assert lic["id"] == "apache-2.0 AND cc-by-nc-4.0" and lic["source"] == "card:license and tag"


def test_d8_card_field_injection_in_quiet_text_and_github(hub: FakeHub, tmp_path: Path) -> None:
    _repo(tmp_path, "acme/inject")
    for args in (["-q", "--fail-on", "warning"], [], ["-v"]):
        r = run_cli(["scan", "--no-git", *args], tmp_path)
        assert r.code != 4
        _no_command_lines(r.out + r.err)
    gh = run_cli(["scan", "--no-git", "-f", "github", "--fail-on", "warning"], tmp_path)
    assert all(
        line.startswith(("::error ", "::warning ", "::notice ")) for line in gh.out.splitlines()
    )
    assert "\x1b" not in gh.out
    ex = run_cli(["explain", "acme/inject", "--no-git"], tmp_path)
    _no_command_lines(ex.out + ex.err)


def test_d8_file_name_and_config_key_injection(tmp_path: Path) -> None:
    lock = Path(__file__).parents[2] / "examples" / "demo" / "modeldeps.lock"
    (tmp_path / "modeldeps.lock").write_bytes(lock.read_bytes())
    name = "n\n::error file=README.md,line=1::FAKE ANNOTATION\x1b]0;title\x07\n.py"
    (tmp_path / name).write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("facebook/musicgen-small")\n'
    )
    for args in (["-q"], []):
        r = run_proc(["scan", "--offline", "--no-git", *args, "."], tmp_path)
        assert r.code == 1, r.err
        assert "musicgen" in r.out
        _no_command_lines(r.out + r.err)
    (tmp_path / ".modeldeps.yaml").write_text(
        '"x\\n::error file=README.md,line=1::FAKE\\n::stop-commands::zzz": 1\n'
    )
    r = run_proc(["scan", "--offline", "--no-git", "-q", "."], tmp_path)
    assert r.code == 2 and "error" in r.err
    _no_command_lines(r.out + r.err)


def test_d12_non_utf8_file_name_every_format_to_file_and_stdout(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "out").mkdir()
    os.makedirs(os.fsencode(root), exist_ok=True)
    with open(os.fsencode(root) + b"/bad\xffname.py", "wb") as fh:
        fh.write(
            b'from transformers import AutoModel\nAutoModel.from_pretrained("bert-base-uncased")\n'
        )
    for fmt in ("text", "json", "sarif", "markdown", "github", "cyclonedx"):
        out = tmp_path / "out" / f"r.{fmt}"
        r = run_proc(
            ["scan", "--offline", "--no-cache", "--no-git", "-f", fmt, "-o", str(out), "."], root
        )
        assert r.code in (0, 3), (fmt, r.err)
        data = out.read_bytes().decode("utf-8")  # strict: valid UTF-8
        s = run_proc(["scan", "--offline", "--no-cache", "--no-git", "-f", fmt, "."], root)
        assert s.code in (0, 3), (fmt, s.err)
        if fmt == "json":
            ref = json.loads(data)["references"][0]
            assert ref["path"] == "bad\ufffdname.py" and ref["path_uri"] == "bad%FFname.py"
        if fmt == "sarif":
            uris = re.findall(r'"uri": "([^"]*)"', data)
            assert "bad%FFname.py" in uris
        if fmt == "text":
            assert "bad\\xffname.py" in data


def test_d13_lone_surrogate_neither_crashes_nor_poisons(hub: FakeHub, tmp_path: Path) -> None:
    _repo(tmp_path, "acme/surrogate")
    lock = run_cli(["lock", "--no-git"], tmp_path)
    assert lock.code == 0, lock.err
    assert not list(tmp_path.glob("modeldeps.lock.*.tmp"))
    (tmp_path / "modeldeps.lock").read_bytes().decode("utf-8")
    for _ in range(2):  # the second run reads the cache
        r = run_cli(["scan", "--no-git", "--no-lock", "-f", "json"], tmp_path)
        assert r.code in (0, 1), r.err
        model = json.loads(r.out)["models"][0]
        assert model["status"] == "ok"
        assert model["license"]["id"] == "\ufffd" and model["license"]["name"] == "n\ufffdame"


def test_d20_token_echoed_in_license_is_stored_nowhere(
    hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_TOKEN", VALID_TOKEN)
    _repo(tmp_path, "acme/reflect")
    assert run_cli(["lock", "--no-git"], tmp_path).code == 0
    outputs = [
        run_cli(["scan", "--no-git", "--no-lock", "-f", fmt], tmp_path).out
        for fmt in ("text", "json", "sarif", "markdown", "github", "cyclonedx")
    ]
    outputs.append(run_cli(["explain", "acme/reflect", "--no-git"], tmp_path).out)
    stored = [p.read_text() for p in Path(os.environ["MODELDEPS_CACHE_DIR"]).rglob("*.json")]
    stored.append((tmp_path / "modeldeps.lock").read_text())
    assert any("Your credentials" in s for s in stored)  # the LICENSE was read and kept
    for text in outputs + stored:
        assert VALID_TOKEN not in text and OTHER_TOKEN not in text


def test_d27_hub_id_is_validated_before_it_names_anything(hub: FakeHub, tmp_path: Path) -> None:
    _repo(tmp_path, "acme/badid")
    r = run_cli(["scan", "--no-git", "-f", "json"], tmp_path)
    model = json.loads(r.out)["models"][0]
    assert model["canonical_id"] == "acme/badid" and "not a valid repo id" in model["reason"]
    bom = json.loads(run_cli(["scan", "--no-git", "-f", "cyclonedx"], tmp_path).out)
    comp = bom["components"][0]
    assert comp["name"] == "acme/badid"
    assert comp["purl"].startswith("pkg:huggingface/acme/badid@")


def test_d24_sarif_uris_name_the_files(tmp_path: Path) -> None:
    lock = Path(__file__).parents[2] / "examples" / "demo" / "modeldeps.lock"
    (tmp_path / "modeldeps.lock").write_bytes(lock.read_bytes())
    names = ["hash#frag.py", "pct%41.py", "q?x.py", "sp ace.py", "<b>x<i>.py", "a:b.py"]
    for n in names:
        (tmp_path / n).write_text(
            'from transformers import AutoModel\nAutoModel.from_pretrained("facebook/musicgen-small")\n'
        )
    r = run_cli(["scan", "--offline", "--no-git", "-f", "sarif"], tmp_path)
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for res in json.loads(r.out)["runs"][0]["results"]
        for loc in res["locations"]
    }
    decoded = {unquote_to_bytes(u).decode() for u in uris}
    assert set(names) <= decoded
    for u in uris:
        assert re.fullmatch(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=@/]|%[0-9A-F]{2})+", u), u
