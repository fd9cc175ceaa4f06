"""Build hook: refuse to build a wheel whose compiled package data is stale.

scripts/compile_data.py compiles the YAML sources into JSON and records their
sha256 in each artefact; this check needs only the standard library, so the
build environment needs no YAML parser.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class StaleDataHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location(
            "compile_data", root / "scripts" / "compile_data.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for artefact, srcs in module.sources().items():
            recorded = json.loads(artefact.read_text(encoding="utf-8")).get("_source_sha256")
            if recorded != module.digest(srcs):
                raise RuntimeError(
                    f"{artefact.relative_to(root)} is stale: run python scripts/compile_data.py"
                )
