"""Compile the YAML sources people edit into the JSON package data a run reads.

    python scripts/compile_data.py           # rewrite the artefacts
    python scripts/compile_data.py --check   # exit 1 if any artefact is stale

Sources -> artefacts:
  src/modeldeps/knowledge/licenses.yaml -> src/modeldeps/knowledge/licenses.json
  src/modeldeps/knowledge/families.yaml -> src/modeldeps/knowledge/families.json
  src/modeldeps/knowledge/notices.yaml -> src/modeldeps/knowledge/notices.json
  src/modeldeps/knowledge/providers.yaml -> src/modeldeps/knowledge/providers.json
  policies/{permissive,commercial,research}.yaml -> src/modeldeps/data/presets.json

A run reads JSON only: PyYAML alone costs a hook run more than the whole scan of
a small commit. Each artefact records the sha256 of the sources it was built
from, so the wheel build (hatch_build.py, standard library only) refuses to ship
a stale artefact, and tests/unit/test_licenses.py checks the contents equal a
fresh compile.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "src" / "modeldeps" / "knowledge"
DATA = ROOT / "src" / "modeldeps" / "data"
PRESETS = ("permissive", "commercial", "research")


def sources() -> dict[Path, list[Path]]:
    """Each artefact and the sources it is compiled from."""
    return {
        KNOWLEDGE / "licenses.json": [KNOWLEDGE / "licenses.yaml"],
        KNOWLEDGE / "families.json": [KNOWLEDGE / "families.yaml"],
        KNOWLEDGE / "notices.json": [KNOWLEDGE / "notices.yaml"],
        KNOWLEDGE / "providers.json": [KNOWLEDGE / "providers.yaml"],
        DATA / "presets.json": [ROOT / "policies" / f"{name}.yaml" for name in PRESETS],
    }


def digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def compile_licenses(name: str = "licenses.yaml") -> dict[str, Any]:
    """A knowledge file as its YAML says it (dates kept as the strings written)."""
    import yaml

    text = (KNOWLEDGE / name).read_text(encoding="utf-8")
    doc: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return doc


def compile_presets() -> dict[str, Any]:
    """{name: {"data": ..., "lines": [[key path, line]]}}: the presets as loaded from YAML,
    key lines included (they name the rule in every finding)."""
    sys.path.insert(0, str(ROOT / "src"))
    from modeldeps.yamlpos import load

    out: dict[str, Any] = {}
    for name in PRESETS:
        data, lines = load((ROOT / "policies" / f"{name}.yaml").read_text(encoding="utf-8"))
        out[name] = {"data": data, "lines": sorted([list(k), v] for k, v in lines.items())}
    return out


def compile_providers() -> dict[str, Any]:
    """The hosted API model knowledge base; a fact without a source or a date, or a
    pattern that does not compile, stops the compile."""
    import yaml

    text = (KNOWLEDGE / "providers.yaml").read_text(encoding="utf-8")
    doc: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    sys.path.insert(0, str(ROOT / "src"))
    from modeldeps.knowledge.providers import problems

    found = problems(doc)
    if found:
        raise SystemExit("providers.yaml: " + "; ".join(found))
    return doc


def render(artefact: Path) -> str:
    if artefact.name == "presets.json":
        doc = compile_presets()
    elif artefact.name == "providers.json":
        doc = compile_providers()
    else:
        doc = compile_licenses(artefact.name.replace(".json", ".yaml"))
    doc["_source_sha256"] = digest(sources()[artefact])
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    stale = []
    for artefact in sources():
        text = render(artefact)
        current = artefact.read_text(encoding="utf-8") if artefact.exists() else None
        if current == text:
            continue
        if "--check" in argv:
            stale.append(artefact)
        else:
            artefact.write_text(text, encoding="utf-8")
            print(f"wrote {artefact.relative_to(ROOT)}")
    for artefact in stale:
        print(f"{artefact.relative_to(ROOT)} is stale: run python scripts/compile_data.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
