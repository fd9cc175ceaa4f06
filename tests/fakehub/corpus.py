"""Fixture corpora beyond models.yaml: GGUF files built from their header facts.

``load_corpus(path)`` loads a fixture file as ``load_fixtures`` does and turns
each entry's ``_gguf: {file, kv}`` into a real GGUF file (written by the
``gguf`` package's own writer), followed by a tokenizer vocabulary large enough
that a reader which does not stop at the end of ``general.*`` would need more
than one range request.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from tests.fakehub.server import HubState, load_fixtures


def gguf_bytes(kv: dict[str, Any], arch: str = "llama", vocab: int = 40_000) -> bytes:
    """A GGUF file with ``kv`` as its general.* metadata and no tensors."""
    import gguf

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.gguf"
        writer = gguf.GGUFWriter(str(path), kv.get("general.architecture", arch))
        for key, value in kv.items():
            if key == "general.architecture":
                continue
            if isinstance(value, bool):
                writer.add_bool(key, value)
            elif isinstance(value, int):
                writer.add_uint32(key, value)
            else:
                writer.add_string(key, str(value))
        writer.add_uint32(f"{arch}.context_length", 4096)
        writer.add_array("tokenizer.ggml.tokens", [f"tok{i:06d}" for i in range(vocab)])
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_tensors_to_file()
        writer.close()
        return path.read_bytes()


def load_corpus(path: Path) -> tuple[HubState, list[dict[str, Any]]]:
    """(the fake Hub's state for ``path``, its raw entries with their ``_expect`` keys)."""
    state = load_fixtures(path)
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text())["models"]
    for entry in entries:
        spec = entry.get("_gguf")
        if spec:
            model = state.models[entry["id"]]
            data = gguf_bytes(spec.get("kv") or {})
            names = {s["rfilename"] for s in model.info["siblings"]}
            if spec["file"] not in names:
                model.info["siblings"].append({"rfilename": spec["file"]})
            # every quantisation of one model carries the same header, as on the Hub
            for name in names | {spec["file"]}:
                if name.lower().endswith(".gguf"):
                    model.files[name] = data
    return state, entries
