from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from modeldeps.discover import discover, glob_match, scan_root
from modeldeps.errors import UsageError


def _rels(root: Path, **kw: object) -> list[str]:
    found = discover(["."], root=str(root), cwd=str(root), **kw)  # type: ignore[arg-type]
    return [f.rel_path for f in found.files]


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("*.ipynb", "a/b/c.ipynb", True),
        ("vendor", "vendor/x.py", True),
        ("vendor", "src/vendor/x.py", True),
        ("tests/data", "tests/data/x/y.py", True),
        ("tests/data", "src/tests/data/y.py", False),
        ("**/fixtures/*.yaml", "a/b/fixtures/c.yaml", True),
        ("src/*.py", "src/a/b.py", False),
        ("docs/**", "docs/a/b.md", True),
    ],
)
def test_glob_match(pattern: str, path: str, matches: bool) -> None:
    assert glob_match(pattern, path) is matches


def test_walk_prunes_venvs_caches_and_honours_excludes(tmp_path: Path) -> None:
    for rel in [
        "a.py",
        "node_modules/x.js",
        ".venv/lib/y.py",
        "myenv/pyvenv.cfg",
        "myenv/lib/z.py",
        "__pycache__/c.py",
        "src/b.yaml",
        "src/gen/c.py",
    ]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    assert _rels(tmp_path, use_git=False) == ["a.py", "src/b.yaml", "src/gen/c.py"]
    assert _rels(tmp_path, use_git=False, exclude=["gen"]) == ["a.py", "src/b.yaml"]
    assert _rels(tmp_path, use_git=False, include=["*.yaml"]) == ["src/b.yaml"]


def test_git_mode_lists_tracked_and_untracked_but_not_ignored(tmp_path: Path) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    (tmp_path / ".gitignore").write_text("ignored.py\n")
    for name in ("tracked.py", "untracked.py", "ignored.py"):
        (tmp_path / name).write_text("x")
    subprocess.run(
        ["git", "-C", str(tmp_path), "add", "tracked.py", ".gitignore"], check=True, env=env
    )
    assert _rels(tmp_path) == [".gitignore", "tracked.py", "untracked.py"]


def test_size_cap_binary_names_and_broken_links_are_counted(tmp_path: Path) -> None:
    (tmp_path / "big.py").write_bytes(b"x" * 2000)
    (tmp_path / "w.safetensors").write_bytes(b"x")
    (tmp_path / "ok.py").write_text("x")
    os.symlink("missing", tmp_path / "dangling.py")
    os.symlink("loop2", tmp_path / "loop1")
    os.symlink("loop1", tmp_path / "loop2")
    os.symlink(".", tmp_path / "self")
    found = discover(["."], root=str(tmp_path), cwd=str(tmp_path), use_git=False, max_bytes=1000)
    assert [f.rel_path for f in found.files] == ["ok.py"]
    assert found.stats.skipped_by_reason == {
        "too-large": 1,
        "binary": 1,
        "broken-symlink": 1,
        "symlink-loop": 2,
    }


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no-such: no such file"):
        discover(["no-such"], root=str(tmp_path), cwd=str(tmp_path))


def test_scan_root(tmp_path: Path) -> None:
    inner = tmp_path / "repo"
    inner.mkdir()
    assert scan_root(["."], str(inner)) == os.path.realpath(inner)
    assert scan_root([str(inner)], str(tmp_path / "elsewhere")) == os.path.realpath(inner)


def test_directories_named_like_venvs_or_builds_are_not_dropped_silently(tmp_path: Path) -> None:
    """Regression (D23 class): chart/env/prod.yaml was never read; build/ vanished unsaid."""
    for rel in ["chart/env/prod.yaml", "venv/pyvenv.cfg", "venv/lib/x.py", "build/gen.py", "a.py"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    found = discover(["."], root=str(tmp_path), use_git=False, cwd=str(tmp_path))
    assert sorted(f.rel_path for f in found.files) == ["a.py", "chart/env/prod.yaml"]
    assert [(n.path, n.kind) for n in found.notes] == [("build", "skipped")]
    assert "build-output directory not scanned" in found.notes[0].message
    # in a git work tree, a tracked file under build/ or env/ is a source like any other
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    subprocess.run(["git", "-C", str(tmp_path), "add", "-f", "."], check=True, env=env)
    found = discover(["."], root=str(tmp_path), use_git=True, cwd=str(tmp_path))
    assert sorted(f.rel_path for f in found.files) == [
        "a.py",
        "build/gen.py",
        "chart/env/prod.yaml",
    ]
