"""Settings resolution: token discovery matches huggingface_hub's documented order."""

from __future__ import annotations

from pathlib import Path

from modeldeps.options import find_token


def test_token_order(tmp_path: Path) -> None:
    (tmp_path / "hf").mkdir()
    (tmp_path / "hf" / "token").write_text("hf_from_file\n")
    base = {"HF_HOME": str(tmp_path / "hf")}
    assert find_token(base) == "hf_from_file"
    assert find_token({**base, "HUGGING_FACE_HUB_TOKEN": "hf_legacy"}) == "hf_legacy"
    assert find_token({**base, "HF_TOKEN": "hf_env", "HUGGING_FACE_HUB_TOKEN": "x"}) == "hf_env"
    assert find_token({**base, "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1"}) is None
    (tmp_path / "t").write_text("hf_path")
    assert find_token({**base, "HF_TOKEN_PATH": str(tmp_path / "t")}) == "hf_path"
    assert find_token({"HF_HOME": str(tmp_path / "none")}) is None


def test_agrees_with_huggingface_hub(tmp_path: Path, monkeypatch: object) -> None:
    import huggingface_hub.constants as c
    from huggingface_hub import get_token

    (tmp_path / "token").write_text("hf_same")
    monkeypatch.setattr(c, "HF_TOKEN_PATH", str(tmp_path / "token"))  # type: ignore[attr-defined]
    assert get_token() == find_token({"HF_TOKEN_PATH": str(tmp_path / "token")}) == "hf_same"
