"""modeldeps: audit a repository's machine-learning model dependencies."""

__version__ = "0.1.0"


def data_path(name: str) -> str:
    """A file packaged under ``modeldeps/data``.

    A plain path beside this module: importlib.resources would cost every hook run
    ~3 ms of imports, and modeldeps is never run from a zip.
    """
    import os

    return os.path.join(os.path.dirname(__file__), "data", name)
