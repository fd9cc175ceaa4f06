"""The line-level YAML reader gives exactly PyYAML's tree, or declines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from modeldeps.extract.config import _yaml_tree
from modeldeps.extract.tree import PMap, PSeq, Scalar
from modeldeps.extract.yamllines import read

ROOT = Path(__file__).parents[3]


def _shape(node: object) -> object:
    if isinstance(node, Scalar):
        where = (node.line, node.col) if node.value else ()
        return ("s", node.value, node.block, *where)
    if isinstance(node, PMap):
        return ("m", [(k, _shape(v)) for k, v in node.items])
    if isinstance(node, PSeq):
        return ("q", [_shape(v) for v in node.items])
    return ("?", node)


def _pyyaml(text: str) -> list[object] | None:
    try:
        docs = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    return [_shape(_yaml_tree(d, 0)) for d in docs if d is not None]


def _agree(text: str) -> bool:
    """True when the line reader read ``text``; asserts it matches PyYAML then."""
    got = read(text)
    if got is None:
        return False
    expected = _pyyaml(text)
    assert expected is not None, f"PyYAML refuses what the line reader read:\n{text}"
    assert [_shape(d) for d in got] == expected, text
    return True


CORPUS = sorted(
    p
    for base in ("tests/data", "examples", "policies", ".github")
    for p in (ROOT / base).rglob("*")
    if p.suffix in (".yaml", ".yml") and p.is_file()
)


def test_both_readers_agree_on_every_corpus_file() -> None:
    read_here = [p for p in CORPUS if _agree(p.read_text(encoding="utf-8", errors="replace"))]
    assert len(CORPUS) >= 30
    # the point is to avoid PyYAML: most real files must be read here
    assert len(read_here) >= 0.8 * len(CORPUS), sorted(
        str(p.relative_to(ROOT)) for p in set(CORPUS) - set(read_here)
    )


CASES = [
    "a: 1\nb: two  # comment\n",
    "model:\n  name: org/x\n  rev: main\n",
    "models:\n- org/a\n- 'org/b'\n-   \"org/c\"\n",
    "models:\n  - name: org/a\n    weight: 0.5\n  - name: org/b\n",
    "- - a\n  - b\n- c\n",
    "run: |\n  python x.py \\\n    --model org/x\n\n  echo done\nnext: 1\n",
    "run: |-\n  a\n  b\n\n\nz: 1\n",
    "run: |+\n  a\n\n\nz: 1\n",
    "text: >\n  folded\n  line\n\n  para\n",
    "text: >-\n  a\n  b\n",
    '\'quoted key\': v\n"dq": "a\\tb\\u00e9"\n',
    "empty:\nnull_value: ~\nlist: []\nmap: {}\n",
    "tags: [a, b, c]\n",
    "mix: ['q 1', \"dq\", plain/x, ]\nmap: {a: b, 'c': d}  # trailing\n",
    "---\na: 1\n---\nb: 2\n...\n",
    "# only a comment\n",
    "url: http://x.y/z#frag\nweird: a:b\n",
    "k: 'it''s'\n",
    "nested:\n  deeper:\n    - x: 1\n      y:\n        - z\n",
    "key:   spaced   value  \n",
    "ümlaut: wörd\n",
    "- |\n  block in seq\n- after\n",
]
DECLINED = [
    "a: &x 1\nb: *x\n",
    "a: !tag v\n",
    "a: [b, [c]]\n",
    "a: {b: {c: d}}\n",
    "a: multi\n  line plain\n",
    'a: "multi\n  line"\n',
    "? complex\n: key\n",
    "a:\tb\n",
    "%YAML 1.2\n---\na: 1\n",
    "a: |2\n   x\n",
    "a: b: c\n",
]


@pytest.mark.parametrize("text", CASES)
def test_cases_are_read_and_agree(text: str) -> None:
    assert _agree(text), f"declined: {text!r}"


@pytest.mark.parametrize("text", DECLINED)
def test_what_it_cannot_place_it_declines(text: str) -> None:
    assert read(text) is None


_words = st.text(alphabet=st.sampled_from(list("abcXYZ019 _-./:#'\"@é")), min_size=1, max_size=12)
_scalars = st.one_of(_words, st.integers(), st.booleans(), st.none())
_docs = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_words, inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=int(os.environ.get("MODELDEPS_FUZZ_EXAMPLES", "300")), deadline=None)
@given(_docs, st.integers(min_value=2, max_value=4), st.booleans())
def test_generated_documents_agree(doc: object, indent: int, block_seq_indent: bool) -> None:
    class Dumper(yaml.SafeDumper):
        def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
            super().increase_indent(flow, indentless and not block_seq_indent)

    text = yaml.dump(
        doc, Dumper=Dumper, default_flow_style=False, allow_unicode=True, indent=indent,
        width=10**6, sort_keys=False,
    )  # fmt: skip
    _agree(text)


# -- typed data (configs and policies): equal to yamlpos.load, or declined ------------
from modeldeps.extract.yamllines import load_data  # noqa: E402
from modeldeps.yamlpos import YamlLoadError  # noqa: E402
from modeldeps.yamlpos import load as pyyaml_load  # noqa: E402


def _typed_agree(text: str) -> bool:
    got = load_data(text)
    if got is None:
        return False
    try:
        expected = pyyaml_load(text)
    except YamlLoadError:
        raise AssertionError(f"PyYAML refuses what load_data read:\n{text}") from None
    assert got == expected, text
    assert [type(v) for v in _leaves(got[0])] == [type(v) for v in _leaves(expected[0])], text
    return True


def _leaves(data: object) -> list[object]:
    if isinstance(data, dict):
        return [x for v in data.values() for x in _leaves(v)]
    if isinstance(data, list):
        return [x for v in data for x in _leaves(v)]
    return [data]


def test_typed_data_agrees_on_every_corpus_file() -> None:
    read_here = [p for p in CORPUS if _typed_agree(p.read_text(encoding="utf-8", errors="replace"))]
    assert len(read_here) >= 0.6 * len(CORPUS)
    for preset in ("commercial", "permissive", "research"):
        assert _typed_agree((ROOT / "policies" / f"{preset}.yaml").read_text())


TYPED = [
    "a: 1\nb: -2\nc: 3.5\nd: .5\ne: true\nf: no\ng: ~\nh:\ni: 'yes'\nj: \"1\"\n",
    "version: 1\npolicy:\n  extends: commercial\n  exceptions:\n    - model: org/x\n      reason: r\n",
    "k: 1.0e+5\nm: 2026-01-01\no: +7\np: v1.2\n",
    "list: [1, two, 'three', true]\n",
]
TYPED_DECLINED = [
    "a: 0755\n", "a: 0x1f\n", "a: 1_000\n", "a: 1:30\n", "a: .inf\n", "1: a\n", "<<: x\n",
    "a: 1e5\n", "a: 1.2.3\n",  # strings to PyYAML, but number-shaped: left to it, to be sure
]  # fmt: skip


@pytest.mark.parametrize("text", TYPED)
def test_typed_cases_agree(text: str) -> None:
    assert _typed_agree(text), text


@pytest.mark.parametrize("text", TYPED_DECLINED)
def test_typed_forms_left_to_pyyaml(text: str) -> None:
    assert load_data(text) is None


_typed_scalars = st.one_of(
    _words,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.none(),
    st.sampled_from(["yes", "No", "~", "0755", "1e5", "1.0", "null", "2026-01-01", "+1", ".5"]),
)
_typed_docs = st.recursive(
    _typed_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(_words, inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=int(os.environ.get("MODELDEPS_FUZZ_EXAMPLES", "300")), deadline=None)
@given(_typed_docs)
def test_generated_typed_documents_agree(doc: object) -> None:
    text = yaml.safe_dump(
        doc, default_flow_style=False, allow_unicode=True, width=10**6, sort_keys=False
    )
    _typed_agree(text)
