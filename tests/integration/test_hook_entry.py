"""``modeldeps-hook`` (no click) must say exactly what ``modeldeps scan --quiet`` says."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from modeldeps.hook import parse
from tests.fakehub import FakeHub

ROOT = Path(__file__).parents[2]
DEMO_FILES = [
    "train.py",
    "configs/serve.yaml",
    "scripts/serve.sh",
    "notebooks/eval.ipynb",
    "README.md",
]

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    return proc.returncode, proc.stdout, proc.stderr


def _script(name: str, fallback: list[str]) -> list[str]:
    script = Path(sys.executable).parent / name
    return [str(script)] if script.exists() else [sys.executable, *fallback]


def _hook_cmd() -> list[str]:
    return _script("modeldeps-hook", ["-c", "from modeldeps.hook import main; main()"])


def _full_cmd() -> list[str]:
    # the console script, so that click's usage lines name the same program
    return [*_script("modeldeps", ["-m", "modeldeps"]), "scan", "--quiet"]


@pytest.fixture
def demo(tmp_path: Path, fakehub: FakeHub) -> tuple[Path, dict[str, str]]:
    d = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", d)
    (d / "plain.py").write_text("import os\n\nprint(os.sep)\n")
    (d / "bad.yaml").write_text("policy: [unclosed\n")
    (d / "unknown.py").write_text('from_pretrained("acme-internal/never-published")\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDEPS_")}
    env.update({"HF_ENDPOINT": fakehub.url, "MODELDEPS_CACHE_DIR": str(tmp_path / "cache")})
    return d, env


CASES = [
    DEMO_FILES,  # a denied model: exit 1 with path:line:col
    ["train.py"],
    ["plain.py"],  # nothing referenced: silent, exit 0
    ["unknown.py"],  # not on the Hub
    ["--policy", "research", *DEMO_FILES],
    ["--policy=permissive", "scripts/serve.sh"],
    ["--fail-on", "warning", *DEMO_FILES],
    ["--offline", "unknown.py", "train.py"],
    ["--no-cache", "-q", "train.py"],
    ["--lock", "nowhere.lock", "--offline", "train.py"],
    ["--", "train.py"],
    [],  # the whole directory, as modeldeps-full runs it
    ["missing.py"],  # exit 2
    ["--config", "bad.yaml", "train.py"],  # exit 2, file:line
    ["--policy", "nosuch", "train.py"],  # exit 2 with a suggestion
]
HANDED_OFF = [
    ["--policy"],  # no value: left to click
    ["--fail-on", "sometimes", "train.py"],  # bad choice: left to click
    ["--format", "json", "train.py"],  # not a hook option: left to click
    ["--bogus", "train.py"],
]


@pytest.mark.parametrize("args", CASES + HANDED_OFF, ids=lambda a: " ".join(a) or "(no args)")
def test_hook_entry_matches_scan_quiet(demo: tuple[Path, dict[str, str]], args: list[str]) -> None:
    d, env = demo
    # each case exercises the path it is meant to: the hook's own, or the hand-off
    assert (parse(args, env) is None) == (args in HANDED_OFF)
    full = _run([*_full_cmd(), *args], d, env)
    fast = _run([*_hook_cmd(), *args], d, env)
    assert fast == full
    assert "Traceback" not in fast[2]


def test_non_ascii_names_on_an_ascii_stdout(demo: tuple[Path, dict[str, str]]) -> None:
    d, env = demo
    (d / "ü").mkdir()
    (d / "ü" / "ä.py").write_text('from_pretrained("facebook/musicgen-small")\n')
    env = {**env, "PYTHONIOENCODING": "ascii"}
    full = _run([*_full_cmd(), "ü/ä.py"], d, env)
    fast = _run([*_hook_cmd(), "ü/ä.py"], d, env)
    assert fast == full
    assert fast[0] == 1 and fast[1].startswith("ü/ä.py:1:")


def test_version_and_help(demo: tuple[Path, dict[str, str]]) -> None:
    d, env = demo
    code, out, _err = _run([*_hook_cmd(), "--version"], d, env)
    assert code == 0 and out.startswith("modeldeps 0.")
    code, out, _err = _run([*_hook_cmd(), "--help"], d, env)
    assert code == 0 and out.startswith("Usage: modeldeps scan [OPTIONS] [PATHS]...")


def test_environment_settings_go_through_the_full_cli(
    demo: tuple[Path, dict[str, str]],
) -> None:
    d, env = demo
    env = {**env, "MODELDEPS_POLICY": "research", "MODELDEPS_FAIL_ON": "warning"}
    full = _run([*_full_cmd(), *DEMO_FILES], d, env)
    fast = _run([*_hook_cmd(), *DEMO_FILES], d, env)
    assert fast == full


def test_a_plain_hook_run_never_imports_click(demo: tuple[Path, dict[str, str]]) -> None:
    d, env = demo
    code = (
        "import sys; from modeldeps.hook import main; sys.argv = ['modeldeps-hook', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit as e:\n"
        "    print('click' in sys.modules, 'yaml' in sys.modules, e.code)"
    )
    # Online, the first run checks the lock's entries at their pinned commits (through
    # huggingface_hub, which loads PyYAML); the cache keeps those answers for good.
    _run([sys.executable, "-c", code, *DEMO_FILES], d, env)
    out = _run([sys.executable, "-c", code, *DEMO_FILES], d, env)[1].split()
    assert out[-3:] == ["False", "False", "1"]  # block YAML is read without PyYAML
    out = _run([sys.executable, "-c", code, "plain.py"], d, env)[1].split()
    assert out[-3:] == ["False", "False", "0"]  # a preset policy and no YAML file: no PyYAML
    (d / ".modeldeps.yaml").write_text("policy: commercial\nexclude: [build/**]\n")
    out = _run([sys.executable, "-c", code, "plain.py"], d, env)[1].split()
    assert out[-3:] == ["False", "False", "0"]  # a plain .modeldeps.yaml: no PyYAML either
    (d / ".modeldeps.yaml").unlink()
    (d / "anchors.yaml").write_text("base_model: &m mistralai/Mistral-7B-v0.1\nalso: *m\n")
    out = _run([sys.executable, "-c", code, "anchors.yaml"], d, env)[1].split()
    assert out[-3:] == ["False", "True", "0"]  # what the line reader declines goes to PyYAML


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["a.py", "-q"], {"quiet": True, "paths": ("a.py", "-q")}),  # after a path: paths
        (["-q", "--", "-q"], {"quiet": True, "paths": ("-q",)}),
        (["--policy", "p.yaml", "a"], {"quiet": True, "policy": "p.yaml", "paths": ("a",)}),
        (["--fail-on=note"], {"quiet": True, "fail_on": "note", "paths": ()}),
        (["--", "-x.py"], {"quiet": True, "paths": ("-x.py",)}),
        (["-"], {"quiet": True, "paths": ("-",)}),
        (["-qv", "a"], None),
        (["--lock"], None),
        (["--fail-on", "bad"], None),
        (["--jobs", "2"], None),
    ],
)
def test_parse(argv: list[str], expected: dict[str, object] | None) -> None:
    assert parse(argv, {}) == expected


def test_parse_hands_any_modeldeps_setting_to_the_cli() -> None:
    assert parse(["a"], {"MODELDEPS_CACHE_DIR": "/c"}) is not None
    assert parse(["a"], {"MODELDEPS_NO_GIT": "1"}) is None


HOSTILE = ["--policy=research", "--no-resolve", "-rf.txt", "--version", "--fail-on=note", "--"]


@pytest.mark.parametrize("name", HOSTILE)
def test_a_file_named_like_an_option_is_scanned_as_a_file(
    demo: tuple[Path, dict[str, str]], name: str
) -> None:
    """Regression (D1): pre-commit passes file names after args: with no '--' between."""
    d, env = demo
    (d / name).write_text("nothing to see\n")
    (d / "train.py").write_text('A.from_pretrained("facebook/musicgen-small")\n')
    # as the manifest runs it ('--' from its args:), and as the CLI means it
    expected = _run([*_full_cmd(), "--", name, "train.py"], d, env)
    assert expected[0] == 1 and "license-denied" in expected[1]
    assert _run([*_hook_cmd(), "--", name, "train.py"], d, env) == expected
    assert _run([*_hook_cmd(), "--offline", "--", name, "train.py"], d, env)[0] == 1
    # user args: without the '--': never obeyed; refused when it could be an option
    code, out, err = _run([*_hook_cmd(), "--offline", name, "train.py"], d, env)
    if name in {"-rf.txt", "--"}:
        assert code == 1 and "license-denied" in out, err
    else:
        assert code == 2 and f"{name!r} is both a file" in err and "Traceback" not in err


def test_a_file_named_like_a_cli_only_option_is_not_handed_to_click(
    demo: tuple[Path, dict[str, str]],
) -> None:
    d, env = demo
    (d / "--no-resolve").write_text("x\n")
    (d / "train.py").write_text('A.from_pretrained("facebook/musicgen-small")\n')
    env = {**env, "MODELDEPS_VERBOSE": "0"}  # forces the hand-off to click
    code, out, _err = _run([*_hook_cmd(), "--", "--no-resolve", "train.py"], d, env)
    assert code == 1 and "license-denied" in out


def test_scan_option_names_match_click() -> None:
    """The hook tells options from file names by these lists: they must be click's."""
    from modeldeps.cli import scan
    from modeldeps.hook import SCAN_FLAGS, SCAN_VALUED

    valued, flags = set(), {"--help"}
    for param in scan.params:
        names = [n for n in (*param.opts, *param.secondary_opts) if n.startswith("-")]
        if not names:
            continue
        is_flag = getattr(param, "is_flag", False) or getattr(param, "count", False)
        (flags if is_flag else valued).update(names)
    assert set(SCAN_VALUED) == valued
    assert set(SCAN_FLAGS) == flags
