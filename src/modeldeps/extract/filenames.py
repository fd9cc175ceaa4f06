"""File-name rules shared by extractor dispatch and scopes (no imports: the hook's
start-up loads this module on every run)."""

from __future__ import annotations

# templates, and the copies a repository ships for users to fill in (config.yaml.example)
_TEMPLATE_EXTS = (
    ".tpl",
    ".tmpl",
    ".j2",
    ".jinja",
    ".jinja2",
    ".template",
    ".example",
    ".sample",
    ".dist",
)


def untemplated(name: str) -> str:
    """A template's name without its template suffix: ``values.yaml.j2`` -> ``values.yaml``.

    An environment file's sample (``env.example``, ``env.sample``) is ``.env``.
    """
    if (
        name.startswith("env.")
        and name.count(".") == 1
        and name.endswith((*_TEMPLATE_EXTS, ".local"))
    ):
        return ".env"
    if name.endswith(_TEMPLATE_EXTS):
        stem = name.rsplit(".", 1)[0]
        if "." in stem.lstrip("."):
            return stem
    return name
