"""Property-based tests: no input crashes, hangs or misplaces a location.

Bounded for the suite (``MODELDEPS_FUZZ_EXAMPLES``, default 60 per property);
set it to thousands for a long local run.
"""

from __future__ import annotations

import json
import os
import string
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from modeldeps.errors import PolicyError
from modeldeps.extract import extract_bytes
from modeldeps.extract.ids import Strength, accept, is_valid_repo_id, normalize
from modeldeps.policy.config import load_policy

EXAMPLES = int(os.environ.get("MODELDEPS_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NAMES = [
    "a.py",
    "n.ipynb",
    "c.yaml",
    "c.json",
    "c.toml",
    "s.sh",
    "Dockerfile",
    "Makefile",
    ".env",
    "a.js",
    "a.ts",
    "README.md",
    "x.txt",
]

# Text built from pieces that reach deep into the extractors.
PIECES = st.sampled_from(
    [
        "from_pretrained(",
        "pipeline(",
        "'org/name'",
        '"org/name"',
        "model=",
        "model:",
        "MODEL_ID=",
        "--model ",
        "vllm serve ",
        "https://huggingface.co/",
        "hf://",
        "hf-hub:",
        "{",
        "}",
        "[",
        "]",
        "(",
        ")",
        ",",
        ":",
        "\n",
        "  ",
        "\t",
        '"',
        "'",
        "`",
        "\\",
        "#",
        "//",
        "/*",
        "*/",
        "---\n",
        "base_model: ",
        "- ",
        "= ",
        "@main",
        "/resolve/abc/",
        "${X}",
        "é",
        "\x00",
        "\r\n",
        "&",
        "*a",
        "!!python/object ",
        "%%bash\n",
        "!hf download ",
        "def f(m='org/x'):",
        "for m in [",
        "]:",
    ]
)
SOURCE = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


def _check(name: str, data: bytes) -> None:
    outcome = extract_bytes(name, f"/nonexistent/{name}", "/nonexistent", data)
    text = data.decode("utf-8", "replace")
    n_lines = text.count("\n") + 1
    for ref in outcome.references:
        assert 1 <= ref.location.line <= n_lines + 1, (ref, n_lines)
        assert ref.location.column >= 1
        assert is_valid_repo_id(ref.model_id), ref


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=2000))
def test_arbitrary_bytes(name: str, data: bytes) -> None:
    _check(name, data)


@FUZZ
@given(name=st.sampled_from(NAMES), text=SOURCE)
def test_adversarial_text(name: str, text: str) -> None:
    _check(name, text.encode("utf-8", "surrogatepass"))


_IDENT = st.text(string.ascii_letters + "_", min_size=1, max_size=8)
_VALUE = st.one_of(
    st.text(max_size=20),
    st.integers(),
    st.booleans(),
    st.none(),
    st.sampled_from(["org/name", "gpt2", "hf-hub:a/b", "https://huggingface.co/x/y"]),
)
_KEY = st.one_of(
    _IDENT,
    st.sampled_from(
        ["model", "base_model", "model_name_or_path", "datasets", "run", "model_args", "tokenizer"]
    ),
)
DOCS = st.recursive(
    _VALUE,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEY, inner, max_size=4)),
    max_leaves=25,
)


@FUZZ
@given(doc=DOCS)
def test_well_formed_structured_files(doc: object) -> None:
    _check("c.json", json.dumps(doc).encode())
    _check("c.yaml", yaml.safe_dump(doc).encode())
    if isinstance(doc, dict):  # flat TOML: JSON string escapes are valid TOML basic strings
        lines = [
            f"{json.dumps(str(k))} = {json.dumps(v) if isinstance(v, str) else int(v)}"
            for k, v in doc.items()
            if isinstance(v, str | int) and not isinstance(v, bool)
        ]
        _check("c.toml", "\n".join(lines).encode())
    nb = {"cells": [{"cell_type": "code", "source": json.dumps(doc)}], "nbformat": 4}
    _check("n.ipynb", json.dumps(nb).encode())


@FUZZ
@given(
    names=st.lists(st.sampled_from(["x", "model_id", "M", "cfg"]), min_size=1, max_size=4),
    values=st.lists(st.text(max_size=30), min_size=1, max_size=4),
)
def test_well_formed_python(names: list[str], values: list[str]) -> None:
    lines = [f"{n} = {v!r}" for n, v in zip(names, values, strict=False)]
    lines += [f"AutoModel.from_pretrained({names[0]})", f"pipeline('t', model={values[0]!r})"]
    _check("a.py", "\n".join(lines).encode("utf-8", "surrogatepass"))


@FUZZ
@given(
    raw=st.one_of(
        st.text(max_size=80),
        st.sampled_from(
            [
                "org/name",
                "https://huggingface.co/org/name/resolve/main/x",
                "hf://org/n@rev/p",
                "hf-hub:org/n",
                "org/name@v1",
                "https://hf.co/gpt2",
            ]
        ),
    )
)
def test_normalisation_is_idempotent_and_valid(raw: str) -> None:
    first = normalize(raw)
    if first is None:
        return
    model_id, _rev = first
    again = normalize(model_id)
    assert (again is not None and again[0] == model_id) or not is_valid_repo_id(model_id)
    if accept(model_id, Strength.GENERIC) or accept(model_id, Strength.STRONG):
        assert is_valid_repo_id(model_id)


@FUZZ
@given(
    text=st.one_of(
        st.text(max_size=300),
        DOCS.map(yaml.safe_dump),
        st.dictionaries(
            st.sampled_from(
                [
                    "licenses",
                    "extends",
                    "organization",
                    "exceptions",
                    "severity",
                    "unresolved",
                    "supply_chain",
                    "version",
                ]
            ),
            DOCS,
            max_size=4,
        ).map(yaml.safe_dump),
    )
)
def test_any_yaml_loads_or_is_a_policy_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "p.yaml").write_text(text, encoding="utf-8", errors="surrogateescape")
        try:
            load_policy("p.yaml", tmp)
        except PolicyError as exc:
            assert exc.problems and all(
                p.startswith("p.yaml") or p.startswith("preset:") for p in exc.problems
            ), exc.problems


# Arguments a hook may be given: the fast parser's own options, options only the CLI
# knows, values, file names and the odd shapes in between.
HOOK_ARGS = [
    "-q",
    "--quiet",
    "--offline",
    "--no-cache",
    "--policy",
    "--policy=research",
    "--config",
    "--config=c.yaml",
    "--lock",
    "--lock=",
    "--lock= spaced name.lock ",
    "--fail-on",
    "--fail-on=note",
    "--fail-on=never",
    "error",
    "warning",
    "--",
    "-",
    "a.py",
]
ARGS = st.sampled_from(
    [
        *HOOK_ARGS,
        "-v",
        "-qv",
        "--format",
        "json",
        "--jobs",
        "2",
        "--no-git",
        "--polic",
        "a.py",
        "dir/b.yaml",
        "-x.py",
        "--=",
        "",
    ]
)


@FUZZ
@given(st.lists(st.sampled_from(HOOK_ARGS), max_size=6) | st.lists(ARGS, max_size=8))
@example(["--offline", "a.py"])
@example(["--no-cache", "-q"])
@example(["--policy", "research", "--config", "c.yaml", "--lock", "x.lock"])
@example(["--fail-on", "warning", "--", "--quiet"])
def test_hook_parser_agrees_with_the_cli(argv: list[str]) -> None:
    """Whatever modeldeps-hook parses itself, click parses to the same settings."""
    import click

    from modeldeps.cli import _values, scan
    from modeldeps.errors import ModeldepsError
    from modeldeps.hook import cli_argv, parse
    from modeldeps.options import CliValues, build_scan_options

    def exists(path: str) -> bool:
        return path in {"a.py", "dir/b.yaml", "-x.py"}

    fast = parse(argv, {}, exists)
    if fast is None:
        return  # handed to the CLI
    try:
        ctx = scan.make_context("scan", cli_argv(argv, exists)[1:])
    except click.ClickException as exc:
        raise AssertionError(f"the hook accepted what the CLI refuses: {exc}") from None

    def outcome(values: object) -> object:
        # compared as settings, after the environment (MODELDEPS_CACHE_DIR) is applied
        assert isinstance(values, CliValues)
        try:
            return build_scan_options(values, os.getcwd(), os.environ, need_token=False)
        except ModeldepsError as exc:
            return exc.message

    assert outcome(CliValues(**fast)) == outcome(_values(**ctx.params))  # type: ignore[arg-type]


# Names a contributor can give a committed file, shaped like the options a hook is given.
HOSTILE_NAMES = st.sampled_from(
    [
        "--policy=research",
        "--policy",
        "--no-resolve",
        "--offline",
        "--fail-on=note",
        "--lock=x.lock",
        "--format=json",
        "-o",
        "-rf.txt",
        "-q",
        "--version",
        "--help",
        "--",
        "-",
        "--=",
    ]
)
HOOK_OPTIONS = st.lists(
    st.sampled_from(
        [
            ["-q"],
            ["--offline"],
            ["--no-cache"],
            ["--policy", "commercial"],
            ["--policy=permissive"],
            ["--fail-on", "warning"],
            ["--lock", "x.lock"],
            ["--config=c.yaml"],
            ["--format", "json"],
            ["--no-git"],
        ]
    ),
    max_size=4,
).map(lambda groups: [a for g in groups for a in g])


@FUZZ
@given(HOOK_OPTIONS, st.lists(HOSTILE_NAMES, min_size=1, max_size=3, unique=True), st.booleans())
@example(["--offline"], ["--policy=research"], False)
@example([], ["--no-resolve"], True)
def test_a_hostile_file_name_changes_nothing_but_the_file_list(
    options: list[str], hostile: list[str], separator: bool
) -> None:
    """Options come from args:, file names from the repository: a file named like an option
    is scanned as a file (or, without '--', refused), never obeyed."""
    from modeldeps.hook import AmbiguousArgument, cli_argv, parse

    files = sorted({*hostile, "a.py"})  # git lists '-' names first

    def exists(path: str) -> bool:
        return path in files

    def exists_clean(path: str) -> bool:
        return path == "a.py"

    sep = ["--"] if separator else []
    clean = parse([*options, *sep, "a.py"], {}, exists_clean)  # the same commit, no hostile file
    clean_cli = cli_argv([*options, *sep, "a.py"], exists_clean)
    try:
        got = parse([*options, *sep, *files], {}, exists)
        got_cli = cli_argv([*options, *sep, *files], exists)
    except AmbiguousArgument as exc:
        # refused, never obeyed: only without a separator of the user's own
        assert (not separator or "--" in hostile) and exc.arg in hostile
        return
    assert got_cli == [*clean_cli[:-1], *files]  # the CLI is handed the same options
    if clean is None:
        assert got is None
        return
    assert got is not None
    assert got.pop("paths") == tuple(files)
    assert clean.pop("paths") == ("a.py",)
    assert got == clean
