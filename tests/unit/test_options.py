"""Settings resolution: where a token is expected, and the timeouts a mirror asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldeps.errors import UsageError
from modeldeps.options import CliValues, build_scan_options, has_token, mirror_timeouts


def test_token_hint_follows_huggingface_hubs_places(tmp_path: Path) -> None:
    (tmp_path / "hf").mkdir()
    base = {"HF_HOME": str(tmp_path / "hf")}
    assert not has_token(base)
    (tmp_path / "hf" / "token").write_text("hf_from_file\n")
    assert has_token(base)
    assert has_token({"HF_HOME": str(tmp_path / "none"), "HUGGING_FACE_HUB_TOKEN": "hf_legacy"})
    assert has_token({"HF_HOME": str(tmp_path / "none"), "HF_TOKEN": "hf_env"})
    assert has_token({"HF_HOME": str(tmp_path / "none"), "HF_OIDC_RESOURCE": "org/repo"})
    # HF_HUB_DISABLE_IMPLICIT_TOKEN suppresses every implicit token, HF_TOKEN included.
    assert not has_token({**base, "HF_TOKEN": "hf_env", "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1"})
    (tmp_path / "t").write_text("hf_path")
    assert has_token({"HF_HOME": str(tmp_path / "none"), "HF_TOKEN_PATH": str(tmp_path / "t")})
    env = {"HF_HOME": str(tmp_path / "none"), "WHERE": str(tmp_path)}
    assert has_token({**env, "HF_TOKEN_PATH": "$WHERE/t"})  # expandvars, as the library does
    assert not has_token({"HF_HOME": str(tmp_path / "none")})


def test_mirror_timeouts(tmp_path: Path) -> None:
    assert mirror_timeouts({}) == (None, None)
    env = {"HF_HUB_ETAG_TIMEOUT": "1800", "HF_HUB_DOWNLOAD_TIMEOUT": "120"}
    assert mirror_timeouts(env) == (1800.0, 120.0)
    with pytest.raises(UsageError, match="HF_HUB_ETAG_TIMEOUT must be a number of seconds"):
        mirror_timeouts({"HF_HUB_ETAG_TIMEOUT": "soon"})

    def opts(env: dict[str, str], **cli: object) -> tuple[float, float | None]:
        o = build_scan_options(CliValues(**cli), str(tmp_path), env)  # type: ignore[arg-type]
        return o.timeout, o.file_timeout

    mirror = {"HF_ENDPOINT": "https://jfrog.example/artifactory/api/huggingfaceml/hf"}
    assert opts({**mirror, **env}) == (1800.0, 120.0)
    assert opts({**mirror, "HF_HUB_ETAG_TIMEOUT": "86400"}) == (86400.0, 86400.0)
    assert opts(mirror) == (10.0, None)
    # huggingface.co is not a mirror; an explicit --timeout wins everywhere.
    assert opts({"HF_ENDPOINT": "https://huggingface.co", **env}) == (10.0, None)
    assert opts({**mirror, **env}, timeout=5.0) == (5.0, None)
