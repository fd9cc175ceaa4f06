"""D17: only regular files inside the tree are read; the rest is skipped with a note.

Every case runs the real CLI in a subprocess with a timeout, so a read that blocks
(a FIFO, /proc/kmsg as root) fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from modeldeps.extract.scanner import read_source
from tests.cli import run_proc

REF = 'from transformers import AutoModel\nAutoModel.from_pretrained("org/linked-7b")\n'
_GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _scan(repo: Path, *args: str, git: bool = False) -> dict[str, object]:
    flags = [] if git else ["--no-git"]
    res = run_proc(
        ["scan", "--no-resolve", *flags, "--format", "json", *(args or (".",))],
        repo,
        env=_GIT_ENV,
        timeout=30,
    )
    assert res.code == 0, res.err
    assert "Traceback" not in res.err
    doc: dict[str, object] = json.loads(res.out)
    return doc


def _notes(doc: dict[str, object]) -> dict[str, str]:
    return {n["path"]: n["message"] for n in doc["notes"]}  # type: ignore[attr-defined]


def _ids(doc: dict[str, object]) -> list[str]:
    return [r["model_id"] for r in doc["references"]]  # type: ignore[attr-defined]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, env={**os.environ, **_GIT_ENV})


@pytest.mark.parametrize("git", [False, True])
def test_link_to_proc_kmsg_does_not_hang(tmp_path: Path, git: bool) -> None:
    """Regression (D17): `ln -s /proc/kmsg k.md` hung a root scan for ever (rc 124)."""
    (tmp_path / "a.py").write_text('AutoModel.from_pretrained("gpt2")\n')
    os.symlink("/proc/kmsg", tmp_path / "k.md")
    if git:
        _git(tmp_path, "init", "-q", ".")
    doc = _scan(tmp_path, git=git)
    assert _ids(doc) == ["gpt2"]
    assert "special file" in _notes(doc)["k.md"]
    # staged one by one, as pre-commit names it: the link must not move the root to /proc
    doc = _scan(tmp_path, "k.md", "a.py", git=git)
    assert _ids(doc) == ["gpt2"] and "special file" in _notes(doc)["k.md"]


def _fifo(repo: Path, name: str) -> None:
    os.mkfifo(repo / name)


def _socket(repo: Path, name: str) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(repo / name))
    sock.close()


def _link(target: str | Callable[[Path], str]) -> Callable[[Path, str], None]:
    def make(repo: Path, name: str) -> None:
        os.symlink(target(repo) if callable(target) else target, repo / name)

    return make


def _outside_file(repo: Path) -> str:
    outside = repo.parent / f"{repo.name}-outside.py"
    outside.write_text(REF)
    return str(outside)


def _outside_dir(repo: Path) -> str:
    outside = repo.parent / f"{repo.name}-outside-dir"
    outside.mkdir()
    (outside / "m.py").write_text(REF)
    return str(outside)


def _inside_fifo(repo: Path) -> str:
    os.mkfifo(repo / "inner-fifo")
    return "inner-fifo"


def _inside_file(repo: Path) -> str:
    (repo / "real").mkdir()
    (repo / "real" / "model.txt").write_text("")  # no reference of its own
    (repo / "real" / "target.py").write_text(REF)
    return "real/target.py"


# (what is at the name, the note it gets, or None when the file is read)
CASES: list[tuple[str, Callable[[Path, str], None], str | None]] = [
    ("fifo", _fifo, "special file (FIFO)"),
    ("socket", _socket, "special file (socket)"),
    ("link to /dev/zero", _link("/dev/zero"), "special file"),
    ("link to /dev/null", _link("/dev/null"), "special file"),
    ("link to /proc/self/environ", _link("/proc/self/environ"), "special file"),
    ("link to /proc/kmsg", _link("/proc/kmsg"), "special file"),
    ("link to /sys file", _link("/sys/kernel/mm/transparent_hugepage/enabled"), "special file"),
    ("link to /etc/passwd", _link("/etc/passwd"), "outside the scanned tree"),
    ("link to a file outside", _link(_outside_file), "outside the scanned tree"),
    ("relative link out", _link(lambda r: f"../{Path(_outside_file(r)).name}"), "outside"),
    ("link to a directory outside", _link(_outside_dir), "link to a directory"),
    ("link to a FIFO inside", _link(_inside_fifo), "special file"),
    ("dangling link", _link("nowhere.py"), "broken symbolic link"),
    ("link to a file inside", _link(_inside_file), None),
]


@pytest.mark.parametrize(("what", "make", "note"), CASES, ids=[c[0] for c in CASES])
def test_what_a_name_points_at_decides_whether_it_is_read(
    tmp_path: Path, what: str, make: Callable[[Path, str], None], note: str | None
) -> None:
    """Class test (D17): FIFOs, sockets, devices, kernel files and links out of the tree are
    skipped with a note, never read and never a hang; a link inside the tree is read."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "a.py").write_text('AutoModel.from_pretrained("gpt2")\n')
    make(repo, "x.py")
    doc = _scan(repo)
    notes = _notes(doc)
    if note is None:
        assert sorted(_ids(doc)) == ["gpt2", "org/linked-7b", "org/linked-7b"]
        assert "x.py" not in notes
    else:
        assert note in notes.get("x.py", ""), notes
        assert _ids(doc) == ["gpt2"]
        kind = {n["path"]: n["kind"] for n in doc["notes"]}  # type: ignore[attr-defined]
        assert kind["x.py"] == "skipped"


def test_directories_not_entered_are_named(tmp_path: Path) -> None:
    """Whole directories are never dropped silently: links, odd-named venvs, build output."""
    (tmp_path / "a.py").write_text("x\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "src" / "m.py").write_text(REF)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "m.py").write_text(REF)
    (tmp_path / "venv").mkdir()
    (tmp_path / "venv" / "pyvenv.cfg").write_text("home = /usr\n")
    os.symlink(tmp_path / "src", tmp_path / "linked")
    notes = _notes(_scan(tmp_path))
    assert "virtual environment" in notes["src"]
    assert "build-output" in notes["build"]
    assert "link to a directory" in notes["linked"]
    assert "venv" not in notes  # a virtual environment named as one goes unsaid


def test_read_source_checks_the_opened_descriptor(tmp_path: Path) -> None:
    """A file swapped for a FIFO or a link after discovery is not read (and does not block)."""
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="special file"):
        read_source(str(fifo), 100)
    (tmp_path / "real").write_text("data")
    os.symlink(tmp_path / "real", tmp_path / "link")
    with pytest.raises(OSError):
        read_source(str(tmp_path / "link"), 100)
    assert read_source(str(tmp_path / "real"), 2) == b"dat"  # at most max_bytes + 1


@pytest.mark.parametrize(
    ("name", "args", "says"),
    [
        (".modeldeps.yaml", [], "cannot read configuration: it is a special file"),
        ("pol.yaml", ["--policy", "pol.yaml"], "cannot read policy: it is a special file"),
        ("pyproject.toml", [], None),  # an unreadable pyproject.toml is no configuration
    ],
)
@pytest.mark.parametrize("target", ["/proc/kmsg", "/dev/zero", "/proc/self/environ"])
def test_config_and_policy_links_into_the_system_are_refused(
    tmp_path: Path, name: str, args: list[str], says: str | None, target: str
) -> None:
    """The same class (D17) for the files modeldeps reads besides sources: a committed
    .modeldeps.yaml -> /proc/kmsg hung a root run before any scan."""
    (tmp_path / "a.py").write_text("x = 1\n")
    os.symlink(target, tmp_path / name)
    res = run_proc(["scan", "--no-git", "--offline", *args, "."], tmp_path, timeout=30)
    assert "Traceback" not in res.err
    if target.startswith("/dev/") and name == "pol.yaml":  # not a file: no such policy
        assert res.code == 2 and "pol.yaml: no such policy file" in res.err, res.err
    elif says is None:
        assert res.code == 0, res.err
    else:
        assert res.code == 2 and says in res.err, res.err


def test_a_linked_config_inside_the_tree_is_still_read(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "modeldeps.yaml").write_text("bogus-key: 1\n")
    os.symlink("shared/modeldeps.yaml", tmp_path / ".modeldeps.yaml")
    (tmp_path / "a.py").write_text("x = 1\n")
    res = run_proc(["scan", "--no-git", "--offline", "."], tmp_path, timeout=30)
    assert res.code == 2 and "bogus-key" in res.err  # read (and judged) through the link
