"""Writing and reading the files modeldeps produces, without following a link.

Reports, the lock, the starter config and the Action's summary land in
directories a contributor controls (a checked-out repository), where a
committed symbolic link could point a write at any file the job can write or
a read at any file it can read (``/proc/self/environ`` holds ``HF_TOKEN``).
So every such write goes to a regular file, through no link: the last
component is never followed, and no component of a relative path below the
current directory may be a link. Writes are atomic (a uniquely named
temporary file in the same directory, then a rename), so a reader never sees
half a file and no predictable temporary name can be planted.
"""

from __future__ import annotations

import contextlib
import os
import stat


class UnsafePathError(OSError):
    """A path modeldeps will not write through or read from (link, special file)."""


# Kernel and device trees: reading there can block for ever or read live system state.
SYSTEM_TREES = ("/proc", "/sys", "/dev")


def in_system_tree(path: str) -> bool:
    """Whether an absolute, resolved ``path`` lies under /proc, /sys or /dev."""
    return any(path == t or path.startswith(t + os.sep) for t in SYSTEM_TREES)


def describe(exc: OSError) -> str:
    """The reason in an error of this module or of the OS, for ``path: what: reason``."""
    if isinstance(exc, UnsafePathError):
        return str(exc)
    return str(exc.strerror or exc)


def _check_parents(path: str) -> None:
    """No component of a relative ``path`` below the current directory is a link."""
    if os.path.isabs(path):
        return  # named by the user in full, e.g. under a temporary directory
    parts = os.path.normpath(path).split(os.sep)[:-1]
    current = ""
    for part in parts:
        if part in ("", ".", ".."):
            current = os.path.join(current, part) if part == ".." else current
            continue
        current = os.path.join(current, part)
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return  # the write fails on the missing directory itself
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePathError(f"{current} is a symbolic link")


def write_text(path: str, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``, atomically, never through a link.

    A FIFO or character device the user named (``/dev/null``, ``/dev/stdout``,
    a pipe made with mkfifo) is written in place, as renaming over it would
    replace the device. Raises :class:`UnsafePathError` for a symbolic link,
    a directory or another special file, ``OSError`` for the rest.
    """
    _check_parents(path)
    in_dev = os.path.isabs(path) and os.path.normpath(path).startswith("/dev/")
    try:
        st = os.stat(path) if in_dev else os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise UnsafePathError(
                "it is a symbolic link; modeldeps writes only to regular files, "
                "never through a link (remove it or name its target)"
            )
        if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
            return
        if not stat.S_ISREG(st.st_mode):
            raise UnsafePathError("it is not a regular file")
    directory = os.path.dirname(path) or "."
    fd, tmp = _mkstemp(directory, os.path.basename(path))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)  # replaces the name itself, whatever appeared there meanwhile
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _mkstemp(directory: str, name: str) -> tuple[int, str]:
    import tempfile  # only a write needs it

    return tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)


def read_regular(path: str, limit: int) -> bytes | None:
    """The bytes of the regular file at ``path``, or None when there is no file.

    The file is opened without following a final link and without blocking
    (a FIFO would hang the run), must be a regular file, and must hold at most
    ``limit`` bytes. Raises :class:`UnsafePathError` otherwise.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if os.path.islink(path):
            raise UnsafePathError("it is a symbolic link") from None
        raise exc
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise UnsafePathError("it is not a regular file")
        if st.st_size > limit:
            raise UnsafePathError(f"it is larger than {limit} bytes")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UnsafePathError(f"it is larger than {limit} bytes")
    return data


def read_config(path: str, limit: int = 16 * 1024 * 1024) -> bytes:
    """The bytes of a configuration or policy file the user keeps in the tree (D17).

    Unlike :func:`read_regular` a link is followed (a shared config is often one),
    but never into /proc, /sys or /dev, the file is opened without blocking and the
    descriptor must be a regular file: a link to /proc/kmsg hung a root run for ever.
    Raises :class:`UnsafePathError` for those, ``OSError`` for the rest.
    """
    if in_system_tree(os.path.realpath(path)):
        raise UnsafePathError("it is a special file (under /proc, /sys or /dev)")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise UnsafePathError("it is not a regular file")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise UnsafePathError(f"it is larger than {limit} bytes")
    return data
