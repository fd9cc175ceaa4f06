"""One bounded range request per GGUF repository, through huggingface_hub, against the
fake Hub: the header's facts land on the record (and in the cache), nothing more is read."""

from __future__ import annotations

import time

from modeldeps.model import EdgeSource, ModelRecord, RecordSource, ResolveStatus
from modeldeps.resolve import gguf
from modeldeps.resolve.hub import HfHubClient, HubSettings
from tests.fakehub.corpus import gguf_bytes
from tests.fakehub.server import FakeHub, FakeModel, HubState, fake_sha

KV = {
    "general.license": "llama3.1",
    "general.base_model.count": 1,
    "general.base_model.0.repo_url": "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct",
}


def _state() -> HubState:
    state = HubState()
    data = gguf_bytes(KV, vocab=100_000)  # ~1.5 MB: more than one header read
    files: dict[str, str | bytes] = {"model-Q4_K_M.gguf": data, "README.md": "# quants\n"}
    state.models["quant-org/m-GGUF"] = FakeModel(
        id="quant-org/m-GGUF",
        info={"id": "quant-org/m-GGUF", "siblings": [{"rfilename": f} for f in files]},
        files=files,
        revisions={"main": fake_sha("quant-org/m-GGUF", "main")},
    )
    return state


def test_the_header_is_read_with_one_range_request() -> None:
    state = _state()
    hub = FakeHub(state).start()
    try:
        client = HfHubClient(HubSettings(endpoint=hub.url, token=None, timeout=5.0, retries=1))
        rec = client.model_info("quant-org/m-GGUF", None, time.monotonic() + 20)
    finally:
        hub.stop()
    assert rec.status is ResolveStatus.OK
    assert rec.license is not None and rec.license.value == "llama3.1"
    assert rec.license.source == "gguf-metadata"
    assert [(e.base, e.source) for e in rec.edges] == [
        ("meta-llama/Llama-3.1-8B-Instruct", EdgeSource.GGUF_METADATA)
    ]
    files = [p for _m, p, _a in state.requests if "/resolve/" in p]
    # the README (the card names no license or base), then one read of the header
    assert [p.rsplit("/", 1)[-1] for p in files] == ["README.md", "model-Q4_K_M.gguf"]


def test_read_file_prefix_is_bounded() -> None:
    state = _state()
    hub = FakeHub(state).start()
    try:
        client = HfHubClient(HubSettings(endpoint=hub.url, token=None, timeout=5.0, retries=1))
        rec = ModelRecord(
            "quant-org/m-GGUF",
            None,
            ResolveStatus.OK,
            RecordSource.HUB,
            canonical_id="quant-org/m-GGUF",
            sha=fake_sha("quant-org/m-GGUF", "main"),
        )
        data, note = client.read_file(
            rec, "model-Q4_K_M.gguf", time.monotonic() + 20, prefix=gguf.HEADER_BYTES
        )
        missing, why = client.read_file(rec, "adapter_config.json", time.monotonic() + 20)
    finally:
        hub.stop()
    assert note is None and data is not None and len(data) == gguf.HEADER_BYTES
    assert missing is None and why is not None and "adapter_config.json could not be read" in why
