"""Safe YAML loading that remembers where every mapping key was written.

Configuration and policy errors must name file and line; this loads with the
safe constructor (no object-building tags) and returns, beside the data, the
line of each key path such as ``("exceptions", 2, "expires")``.
"""

from __future__ import annotations

from functools import lru_cache

from modeldeps.lazyre import lazy

TYPE_CHECKING = False  # typing costs every hook run start-up time; annotations only
if TYPE_CHECKING:
    from typing import Any

KeyPath = tuple[str | int, ...]


class YamlLoadError(Exception):
    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@lru_cache(maxsize=1)
def _loader_class() -> Any:
    """The safe loader, with dates left as strings: the caller validates them with a
    message, where PyYAML would raise on an impossible date such as 2026-13-01."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return Loader


MAX_YAML_DEPTH = 256
_BRACKET_RE = lazy(r"[\[\]{}]")


def yaml_too_deep(text: str, limit: int = MAX_YAML_DEPTH) -> bool:
    """Flow collections nested past ``limit``: libyaml recurses in C and can crash on them.

    Brackets inside quoted strings are counted too, which only makes the bound safer.
    """
    if text.count("[") + text.count("{") < limit:
        return False
    depth = 0
    for m in _BRACKET_RE.finditer(text):
        if m.group(0) in "[{":
            depth += 1
            if depth > limit:
                return True
        elif depth:
            depth -= 1
    return False


def load(text: str) -> tuple[Any, dict[KeyPath, int]]:
    """Parse one YAML document; return (data, {key path: 1-based line})."""
    import yaml

    if yaml_too_deep(text):
        raise YamlLoadError(f"invalid YAML: nested more than {MAX_YAML_DEPTH} levels deep", None)
    try:
        loader = _loader_class()(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise YamlLoadError(
            f"invalid YAML: {problem}", mark.line + 1 if mark is not None else None
        ) from None
    except RecursionError:
        raise YamlLoadError("invalid YAML: nested too deeply", None) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a scalar no constructor accepts
        raise YamlLoadError(f"invalid YAML value: {exc}", None) from None
    lines: dict[KeyPath, int] = {}
    if node is not None:
        stack: list[tuple[Any, KeyPath]] = [(node, ())]
        seen: set[int] = set()
        while stack:
            n, path = stack.pop()
            if id(n) in seen:
                continue
            seen.add(id(n))
            lines.setdefault(path, n.start_mark.line + 1)
            if isinstance(n, yaml.MappingNode):
                for k, v in n.value:
                    if isinstance(k, yaml.ScalarNode):
                        key_path = (*path, str(k.value))
                        lines[key_path] = k.start_mark.line + 1
                        stack.append((v, key_path))
            elif isinstance(n, yaml.SequenceNode):
                for i, item in enumerate(n.value):
                    stack.append((item, (*path, i)))
    return data, lines


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of ``path`` or of its nearest recorded parent."""
    p = path
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return lines.get(())
