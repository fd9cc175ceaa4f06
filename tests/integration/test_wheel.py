"""The built wheel carries the presets and package data an editable install reads from the
checkout (hatchling's force-include does not apply to editable installs)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.slow
def test_wheel_contains_presets_and_data(tmp_path: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    (wheel,) = tmp_path.glob("modeldeps-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for preset in ("permissive", "commercial", "research"):
        assert f"modeldeps/policies/{preset}.yaml" in names
    for knowledge in ("licenses.yaml", "licenses.json"):
        assert f"modeldeps/knowledge/{knowledge}" in names
    for data in (
        "presets.json",
        "report-1.schema.json",
        "modeldeps.init.yaml",
    ):
        assert f"modeldeps/data/{data}" in names
    # both console scripts: .pre-commit-hooks.yaml runs modeldeps-hook
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    scripts = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "modeldeps = modeldeps.cli:main" in scripts
    assert "modeldeps-hook = modeldeps.hook:main" in scripts
