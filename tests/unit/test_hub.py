"""hub.py's pure parts: lineage cross-checks, license lists, the rate gate, TLS and endpoints."""

from __future__ import annotations

import ssl
from typing import Any

import pytest

from modeldeps.resolve.hub import (
    _lineage,
    _RateGate,
    _tls_problem,
    is_default_endpoint,
    prepare_library,
    record_from_info,
    shown_endpoint,
)


class _Info:
    def __init__(self, **kw: Any) -> None:
        self.id = kw.pop("id", "org/m")
        self.sha = kw.pop("sha", "a" * 40)
        self.card_data = kw.pop("card", None)
        self.tags = kw.pop("tags", [])
        self.siblings = kw.pop("siblings", [])
        for k, v in kw.items():
            setattr(self, k, v)


def test_license_list_and_tags_all_apply() -> None:
    rec = record_from_info("org/m", None, _Info(card={"license": ["apache-2.0", "cc-by-nc-4.0"]}))
    assert rec.license is not None
    assert rec.license.value == "apache-2.0 AND cc-by-nc-4.0"
    assert rec.license.entries == ("apache-2.0", "cc-by-nc-4.0")
    rec = record_from_info(
        "org/m", None, _Info(card={"license": "MIT"}, tags=["license:mit", "license:cc-by-nc-4.0"])
    )
    assert rec.license is not None
    assert rec.license.value == "mit AND cc-by-nc-4.0"
    assert rec.license.source == "card:license and tag"


def test_lineage_prefers_the_hubs_reading_of_invalid_card_values() -> None:
    # a local path: dropped, named in the note; the Hub's tag lineage replaces it
    bases, rel, note = _lineage(
        {"base_model": "./ckpt/llama"}, ["base_model:quantized:org/base"], None
    )
    assert bases == ["org/base"] and rel == "quantized"
    assert note is not None and "'./ckpt/llama'" in note and "org/base" in note
    # nothing from the Hub: the invalid value is only a note
    assert _lineage({"base_model": "/abs/path"}, [], None) == (
        [],
        None,
        "card base_model '/abs/path' is not a Hub id; ignored",
    )
    # a deleted repo the Hub no longer lists, beside one it does (baseModels expand)
    hub = {"relation": "merge", "models": [{"id": "org/a"}]}
    bases, rel, note = _lineage({"base_model": ["org/a", "org/gone"]}, [], hub)
    assert bases == ["org/a"] and rel == "merge" and note and "'org/gone'" in note
    # the Hub silent: a valid card value is followed as written
    assert _lineage({"base_model": "org/a"}, [], None) == (["org/a"], None, None)
    # no card value: the Hub's tags are the lineage, relation from the 3-part tag
    assert _lineage(None, ["base_model:org/a", "base_model:adapter:org/a"], None) == (
        ["org/a"],
        "adapter",
        None,
    )
    # the Hub is compared case-insensitively and its relation fills a silent card
    assert _lineage({"base_model": "Org/A"}, ["base_model:finetune:org/a"], None) == (
        ["Org/A"],
        "finetune",
        None,
    )


def test_rate_gate_pauses_then_closes() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    gate = _RateGate(lambda: now[0], sleep)
    refused = lambda left: f"resets in {left:.0f} s"  # noqa: E731
    gate.wait(200.0, refused)
    assert slept == []
    assert gate.limited(5, deadline=200.0)  # fits: every caller now waits 6 s
    gate.wait(200.0, refused)
    assert slept == [6.0]
    assert not gate.limited(300, deadline=200.0)  # does not fit: closed until the reset
    with pytest.raises(Exception, match="resets in 300 s"):
        gate.wait(200.0, refused)


def test_tls_problem_is_found_through_the_cause_chain() -> None:
    inner = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] self-signed")
    outer = ConnectionError("connect failed")
    outer.__cause__ = inner
    assert _tls_problem(outer) == "certificate verify failed"
    assert _tls_problem(ConnectionError("refused")) is None


def test_endpoints() -> None:
    assert is_default_endpoint("https://huggingface.co/")
    assert not is_default_endpoint("https://hf-mirror.com")
    assert (
        shown_endpoint(
            "https://user:secret@jfrog.example:8443/artifactory/api/huggingfaceml/r/?x=1"
        )
        == "https://jfrog.example:8443/artifactory/api/huggingfaceml/r"
    )


def test_prepare_library_points_huggingface_hub_at_the_mirror() -> None:
    env: dict[str, str] = {}
    prepare_library("https://huggingface.co", env)
    assert env == {}  # the public Hub: the library's own defaults stand
    prepare_library("https://nexus.example/repository/hf", env)
    assert env == {
        "HF_ENDPOINT": "https://nexus.example/repository/hf",
        "HF_HUB_DISABLE_TELEMETRY": "1",
    }
    env = {"HF_HUB_DISABLE_TELEMETRY": "0", "HF_ENDPOINT": "https://huggingface.co"}
    prepare_library("https://nexus.example/repository/hf", env)
    assert env["HF_ENDPOINT"] == "https://nexus.example/repository/hf"


def test_an_undocumented_relation_is_a_note() -> None:
    bases, rel, note = _lineage(
        {"base_model": "org/a", "base_model_relation": "distilled"}, ["base_model:org/a"], None
    )
    assert bases == ["org/a"] and rel is None
    assert note == (
        "card base_model_relation 'distilled' is not one of adapter, merge, quantized, "
        "finetune; ignored"
    )
