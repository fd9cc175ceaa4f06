"""GGUF header metadata: ``general.license`` and ``general.base_model.*`` from the weights.

A GGUF file starts with its metadata: magic, version, tensor and key counts,
then key/value pairs, ``general.*`` first (llama.cpp's converter writes them
before the architecture and tokenizer keys). One HTTP range request reads the
first HEADER_BYTES of one file; the ``gguf`` package's own field parser decodes
the pairs, and parsing stops at the first key outside ``general.`` or at the
end of what was read, so a multi-megabyte tokenizer vocabulary is never
fetched. A field the prefix cut short is dropped, never half-read.

``gguf`` needs numpy, so both are imported here only, when a repository ships
GGUF; the pre-commit hook's path never loads them.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from modeldeps.model import ModelRecord
from modeldeps.record import record

HEADER_BYTES = 256 << 10
MAX_FIELDS = 256  # general.* keys read at most
MAX_ARRAY = 4096  # elements in one general.* array (tags, languages)
_HUB_URL = re.compile(r"https?://(?:www\.)?huggingface\.co/([A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*)")


class FileReader(Protocol):
    """What enrich needs from the Hub client (``hub.HfHubClient.read_file``)."""

    def read_file(
        self, record: ModelRecord, filename: str, deadline: float, *, prefix: int | None = None
    ) -> tuple[bytes | None, str | None]: ...


@record
class GgufFacts:
    license: str | None
    bases: tuple[tuple[str, str], ...]  # (Hub id, evidence)
    name: str | None = None
    fields: int = 0


def pick(files: list[str]) -> str:
    """The file whose header to read: the first shard of the smallest-named quant, sorted."""
    shards = [f for f in files if not re.search(r"-0*[2-9]\d*-of-\d+\.gguf$", f, re.I)]
    # mmproj files hold a vision projector's metadata, not the language model's
    main = [f for f in shards if "mmproj" not in f.lower()] or shards or files
    return sorted(main, key=lambda f: (f.count("/"), len(f), f))[0]


def parse(data: bytes) -> GgufFacts | None:
    """The ``general.*`` facts in a GGUF header prefix, or None when it is not GGUF."""
    if len(data) < 24 or data[:4] != b"GGUF":
        return None
    from collections import OrderedDict

    import numpy as np
    from gguf import GGUFReader, GGUFValueType
    from gguf.gguf_reader import ReaderField

    reader = GGUFReader.__new__(GGUFReader)  # its field parser, over bytes instead of a file
    # a read-only array over the bytes read, where the reader expects a memmap of a file
    reader.data = np.frombuffer(data, dtype=np.uint8)  # type: ignore[assignment]
    reader.fields = OrderedDict()
    reader.tensors = []
    reader.byte_order = "I"
    version = int(reader._get(4, np.uint32)[0])
    if version & 0xFFFF == 0:
        reader.byte_order = "S"  # written on a machine of the other byte order
    kv_count = int(reader._get(16, np.uint64)[0])
    end = len(data)
    offs = 24
    values: dict[str, Any] = {}
    for _ in range(min(kv_count, MAX_FIELDS)):
        if offs + 8 > end:
            break
        klen = int(reader._get(offs, np.uint64)[0])
        voffs = offs + 8 + klen + 4
        if klen > 1024 or voffs > end:
            break
        key = bytes(data[offs + 8 : offs + 8 + klen]).decode("utf-8", "replace")
        if not key.startswith("general."):
            break
        vtype = int(reader._get(offs + 8 + klen, np.uint32)[0])
        if vtype == GGUFValueType.ARRAY and (
            voffs + 12 > end or int(reader._get(voffs + 4, np.uint64)[0]) > MAX_ARRAY
        ):
            break
        if vtype == GGUFValueType.STRING and (
            voffs + 8 > end or voffs + 8 + int(reader._get(voffs, np.uint64)[0]) >= end
        ):
            break
        try:
            size, parts, idxs, types = reader._get_field_parts(voffs, vtype)
        except (IndexError, ValueError):
            break
        if voffs + size >= end:  # touches the end of what was read: possibly cut short
            break
        try:
            values[key] = ReaderField(offs, key, parts, idxs, types).contents()
        except (IndexError, ValueError, UnicodeDecodeError):
            break
        offs = voffs + size
    return _facts(values)


def _facts(values: dict[str, Any]) -> GgufFacts:
    def text(key: str) -> str | None:
        v = values.get(key)
        return v.strip() if isinstance(v, str) and v.strip() else None

    bases: list[tuple[str, str]] = []
    count = values.get("general.base_model.count")
    n = int(count) if isinstance(count, int | float) else 0
    for i in range(min(n, 16)):
        url = text(f"general.base_model.{i}.repo_url")
        m = _HUB_URL.match(url or "")
        if m:
            bases.append((m.group(1), f"GGUF header: general.base_model.{i}.repo_url = {url}"))
    source = text("general.source.repo_url")
    m = _HUB_URL.match(source or "")
    if m and not bases:
        bases.append((m.group(1), f"GGUF header: general.source.repo_url = {source}"))
    return GgufFacts(text("general.license"), tuple(bases), text("general.name"), len(values))


def read_header(
    client: FileReader, rec: ModelRecord, filename: str, deadline: float
) -> tuple[GgufFacts | None, str | None]:
    """(the header's facts, or a note saying why they could not be read): one range request."""
    data, note = client.read_file(rec, filename, deadline, prefix=HEADER_BYTES)
    if data is None:
        return None, f"GGUF header: {note}"
    try:
        facts = parse(data)
    except Exception as exc:  # a malformed header is a note, never a failed resolution
        return None, f"GGUF header of {filename} could not be parsed ({type(exc).__name__})"
    if facts is None:
        return None, f"{filename} does not start with a GGUF header"
    return facts, None
