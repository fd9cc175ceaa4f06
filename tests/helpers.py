"""Helpers shared by tests: extract one snippet, scan a tree."""

from __future__ import annotations

import os
from pathlib import Path

from modeldeps.extract import extract_bytes
from modeldeps.model import Reference


def refs_in(name: str, content: str | bytes, root: Path | None = None) -> list[Reference]:
    """References extracted from ``content`` as if it were the file ``name``."""
    data = content.encode() if isinstance(content, str) else content
    base = str(root) if root is not None else "/nonexistent-root"
    return list(extract_bytes(name, os.path.join(base, name), base, data).references)


def ids_in(name: str, content: str | bytes, root: Path | None = None) -> list[str]:
    """The Hub model ids (hosted API models are another asset: tests/unit/extract/test_api.py)."""
    return [r.model_id for r in refs_in(name, content, root) if r.asset == "model"]


def dataset_ids_in(name: str, content: str | bytes, root: Path | None = None) -> list[str]:
    """The dataset ids found."""
    return [r.model_id for r in refs_in(name, content, root) if r.asset == "dataset"]


def loading_repo(tmp_path: Path, *ids: str) -> Path:
    """A repository whose ``app.py`` loads each model id with ``from_pretrained``."""
    repo = tmp_path / "repo"
    repo.mkdir(exist_ok=True)
    lines = [f'm{i} = AutoModel.from_pretrained("{mid}")' for i, mid in enumerate(ids)]
    (repo / "app.py").write_text("\n".join(lines) + "\n")
    return repo
