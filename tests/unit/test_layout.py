"""The package layout: one package per stage, imports running one way, no circles."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src" / "modeldeps"

# Lower ranks are imported by higher ones, never the reverse. knowledge/ is a library of
# facts every stage consults, so it sits low; entry points sit on top.
RANK = {
    "modeldeps": 0,  # __init__: the version and data_path only
    "model": 0,
    "errors": 0,
    "record": -1,  # the value-type decorator, below the types
    "lazyre": -2,  # below everything that compiles a pattern
    "textsafe": -1,  # escaping and redaction of outside text, for every stage
    "safeio": 0,
    "knowledge": 1,
    "yamlpos": 1,
    "discover": 2,
    "extract": 3,
    "resolve": 4,
    "policy": 5,
    "report": 6,
    "options": 7,
    "app": 8,
    "app_datasets": 8.5,  # the training-data inventory, above app's stages
    "cli": 9,
    "github_api": 9,  # the Action's GitHub REST calls (snapshot, comment)
    "hook": 10,  # hands what it does not parse itself to cli
    "action": 10,
    "__main__": 10,
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str) -> set[str]:
    """Every modeldeps module ``path`` imports, lazily or not (relative ones resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "modeldeps")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            if base.split(".")[0] != "modeldeps":
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                out.add(candidate if _exists(candidate) else base)
    return out


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (SRC / rel).with_suffix(".py").exists() or (SRC / rel / "__init__.py").exists()


def _graph() -> dict[str, set[str]]:
    graph = {}
    for path in sorted(SRC.rglob("*.py")):
        name = _module_name(path)
        graph[name] = _imports(path, name) - {name}
    return graph


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "modeldeps"


def test_every_module_has_a_rank() -> None:
    assert {_stage(m) for m in _graph()} <= set(RANK), "add the new module's stage to RANK"


def test_imports_run_down_the_pipeline() -> None:
    wrong = []
    for module, deps in _graph().items():
        for dep in deps:
            a, b = _stage(module), _stage(dep)
            if a != b and RANK[b] >= RANK[a]:
                wrong.append(f"{module} imports {dep} ({a} rank {RANK[a]} -> {b} rank {RANK[b]})")
    assert not wrong, "\n".join(wrong)


def test_no_import_circles() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if dep not in graph:
                continue
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


def test_the_checks_can_fail() -> None:
    """The graph is real: the hook imports the app lazily, the app the resolver."""
    graph = _graph()
    assert "modeldeps.app" in graph["modeldeps.hook"]
    assert "modeldeps.resolve.resolver" in graph["modeldeps.app"]
    assert _stage("modeldeps.resolve.hub") == "resolve"


HEAVY = ("click", "huggingface_hub", "yaml", "license_expression", "packaging", "platformdirs")


@pytest.mark.slow
def test_importing_the_hook_loads_no_heavy_library() -> None:
    code = (
        "import sys, modeldeps.hook\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {(*HEAVY, 'cyclonedx')!r}))\n"
        "print(sorted(m for m in ('typing', 'dataclasses', 'inspect') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "[]"]
