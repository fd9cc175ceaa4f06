"""glob_match is linear (D15) and agrees with the regex translation it replaced."""

from __future__ import annotations

import re
import time
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modeldeps.discover import glob_match, glob_problem


def _reference_re(pattern: str) -> re.Pattern[str]:
    """The pre-D15 translation (backtracking regex): the semantics to keep."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out))


def _reference(pattern: str, rel_path: str) -> bool:
    pat = pattern.strip().rstrip("/")
    if not pat:
        return False
    parts = rel_path.split("/")
    if "/" not in pat:
        rx = _reference_re(pat)
        return any(rx.fullmatch(p) for p in parts)
    rx = _reference_re(pat.lstrip("/"))
    return any(rx.fullmatch("/".join(parts[: i + 1])) for i in range(len(parts)))


ALPHABET = "ab/.-"
pieces = st.sampled_from(
    ["a", "b", ".", "-", "/", "*", "**", "**/", "?", "[ab]", "[!a]", "[a-b]", "[^b]", "[", "]"]
)
patterns = st.lists(pieces, min_size=1, max_size=8).map("".join)
paths = st.lists(st.text(ALPHABET.replace("/", ""), min_size=1, max_size=5), min_size=1, max_size=4)


@settings(max_examples=3000, deadline=None)
@given(patterns, paths)
def test_agrees_with_the_regex_reference(pattern: str, parts: list[str]) -> None:
    if glob_problem(pattern) is not None:
        return  # refused at load time; the reference would raise re.error
    path = "/".join(parts)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # '[[' in a regex class
            expected = _reference(pattern, path)
    except re.error:
        return  # not a valid regex class either: no reference answer
    assert glob_match(pattern, path) is expected, (pattern, path)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="*?ab/[]!-", min_size=1, max_size=40), st.text(max_size=60))
def test_never_raises_and_refused_patterns_are_named(pattern: str, path: str) -> None:
    glob_match(pattern, path)
    problem = glob_problem(pattern)
    assert problem is None or pattern in problem


@pytest.mark.parametrize("stars", [10, 25, 200, 2000])
def test_star_runs_that_fail_take_linear_time(stars: int) -> None:
    name = "src/deep/dir/model_loader_for_production_use.py"
    for pattern in ("*" * stars + "zz", "*a" * stars + "zz", "**/" * stars + "x*y*z*q"):
        start = time.monotonic()
        assert not glob_match(pattern, name)
        assert time.monotonic() - start < 1.0, pattern[:20]


def test_alternating_stars_on_a_long_component_is_fast() -> None:
    start = time.monotonic()
    assert not glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*b", "a" * 5000)
    assert glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*", "a" * 5000)
    assert time.monotonic() - start < 2.0


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("[]", "empty character class"),
        ("[!]", "empty character class"),
        ("[^]", "empty character class"),
        ("src/[z-a]*.py", "reversed range 'z-a'"),
        ("[ab]", None),
        ("[", None),  # an unclosed '[' is literal
        ("[[:alpha:]]", None),
        ("**/x", None),
    ],
)
def test_glob_problem_table(pattern: str, problem: str | None) -> None:
    got = glob_problem(pattern)
    assert (got is None) if problem is None else (got is not None and problem in got)
