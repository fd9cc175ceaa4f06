"""Extraction defects of the hostile campaign, by class: line breaks (D10), config files
that do not parse (D11), quadratic analysis (D18), one odd file ending the scan (D22)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import modeldeps.extract as extract
from modeldeps.extract import extract_bytes, normalize_breaks
from modeldeps.extract.base import FileContext
from tests.cli import run_cli

# Every line break kind str.splitlines() honours, CRLF and a lone CR first.
BREAKS = ["\n", "\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]

# One file per family, each with two references on known lines (written with "\n").
SAMPLES = {
    "a.py": (
        "from transformers import AutoModel\nimport os\n"
        'm = AutoModel.from_pretrained("facebook/opt-125m")\nTOKENIZER_ID = "google/flan-t5-base"\n'
    ),
    "a.yaml": "a: 1\nmodel:\n  name: facebook/opt-125m\nbase_model: google/flan-t5-base\n",
    "a.json": (
        '{\n "a": 1,\n "model_name_or_path": "facebook/opt-125m",\n'
        ' "base_model": "google/flan-t5-base"\n}\n'
    ),
    "a.toml": 'a = 1\n[model]\nname = "facebook/opt-125m"\nbase_model = "google/flan-t5-base"\n',
    "a.sh": "set -e\nexport A=1\nvllm serve facebook/opt-125m --port 8000\nMODEL_ID=google/flan-t5-base\n",
    "a.js": (
        "const a = 1;\nconst x = 2;\n"
        'const p = await pipeline("text-generation", "facebook/opt-125m");\n'
        'const model = "google/flan-t5-base";\n'
    ),
    "a.md": (
        "# Title\n\nText.\n\n```python\nfrom transformers import AutoModel\n"
        'AutoModel.from_pretrained("facebook/opt-125m")\n```\n'
    ),
}


def _refs(name: str, data: bytes, root: Path | None = None) -> list[tuple[str, int, int]]:
    base = str(root or "/nonexistent")
    out = extract_bytes(name, f"{base}/{name}", base, data)
    return sorted((r.model_id, r.location.line, r.location.column) for r in out.references)


# -- D10: line breaks ----------------------------------------------------------------
def test_lone_cr_reproduction(tmp_path: Path) -> None:
    """The campaign's file: a lone CR before the loading statement hid it."""
    (tmp_path / "lone_cr.py").write_bytes(
        b"from transformers import AutoModel\nimport os\r"
        b'm = AutoModel.from_pretrained("facebook/musicgen-small")\n'
    )
    (tmp_path / "cr_only.py").write_bytes(
        b'from transformers import AutoModel\rimport os\rAutoModel.from_pretrained("gpt2")\r'
    )
    run = run_cli(["scan", "--no-resolve", "--no-git", "."], tmp_path)
    assert run.code == 0, run.out + run.err
    assert "lone_cr.py:3:" in run.out  # line 3, as an editor (and Python) counts it
    assert "cr_only.py:3:" in run.out


@pytest.mark.parametrize("name", sorted(SAMPLES))
@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_every_line_break_gives_the_same_references(name: str, brk: str) -> None:
    expected = _refs(name, SAMPLES[name].encode())
    assert len(expected) >= 1
    assert _refs(name, SAMPLES[name].replace("\n", brk).encode()) == expected


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_notebook_cell_sources_with_any_line_break(brk: str) -> None:
    cell = ["from transformers import AutoModel\n", f"import os{brk}", "x = 1\n"]
    cell.append('AutoModel.from_pretrained("facebook/opt-125m")\n')
    nb = {"cells": [{"cell_type": "code", "source": cell}], "nbformat": 4}
    text = json.dumps(nb, indent=1)
    refs = _refs("n.ipynb", text.encode())
    line = next(i for i, ln in enumerate(text.split("\n"), 1) if "from_pretrained" in ln)
    assert [(r[0], r[1]) for r in refs] == [("facebook/opt-125m", line)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    breaks=st.lists(st.sampled_from(BREAKS), min_size=20, max_size=20),
)
def test_mixed_line_breaks_keep_references_and_lines(name: str, breaks: list[str]) -> None:
    """Any mix of break kinds, one per line: the references and line numbers of the
    "\\n" version."""
    lines = SAMPLES[name].split("\n")
    out = lines[0]
    for i, line in enumerate(lines[1:]):
        brk = breaks[i % len(breaks)]
        if out[-1:] in ("\r", "\f") and brk[:1] in ("\n", "\r"):
            # CR + LF is one break, and a form feed right before any break is a page-break
            # line (one break): use the same break again so the count stays one per line
            brk = out[-1]
        out += brk + line
    assert _refs(name, out.encode()) == _refs(name, SAMPLES[name].encode())


def test_normalisation_rule() -> None:
    assert normalize_breaks("a\r\nb\rc\u2028d\x85e") == "a\nb\nc\nd\ne"
    assert normalize_breaks("x = 1\n\f\ny = 2\n") == "x = 1\n \ny = 2\n"  # ^L page break
    assert normalize_breaks("plain\ntext") == "plain\ntext"
    ctx = FileContext("a.py", "/x/a.py", "/x", normalize_breaks("a\rb\r\nc"))
    assert ctx.lines.line_count == 3


# -- D11: configs that do not parse --------------------------------------------------------
HELM = """spec:
  template:
    spec:
      containers:
        - name: vllm
          args: ["--model", "meta-llama/Llama-2-7b-hf", "--port", "8000"]
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
"""


def test_helm_and_trailing_comma_reproduction(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "deployment.yaml").write_text(HELM)
    (tmp_path / "train.json").write_text(
        '{\n  "model_name_or_path": "meta-llama/Llama-2-7b-hf",\n}\n'
    )
    run = run_cli(["scan", "--no-resolve", "--no-git", "."], tmp_path)
    assert run.code == 0, run.out + run.err
    assert "templates/deployment.yaml:6:30" in run.out
    assert "train.json:2:26" in run.out
    assert "malformed JSON: Expecting property name enclosed in double quotes; scanned as text" in (
        run.out + run.err
    )


def test_helm_template_actions_are_blanked() -> None:
    text = HELM + '          env:\n            - {name: MODEL_ID, value: "{{ .Values.model }}"}\n'
    out = extract_bytes("t.yaml", "/x/t.yaml", "/x", text.encode())
    assert [r.model_id for r in out.references] == ["meta-llama/Llama-2-7b-hf"]
    assert [n.message for n in out.notes] == ["template expressions ({{ ... }}) read as blanks"]
    assert out.status == "scanned"


# (valid file, a line that breaks its syntax)
BROKEN = {
    "c.yaml": ("a: 1\nbase_model: google/flan-t5-base\nb: 2\n", "\tbad: [1\n"),
    "c.json": ('{\n "a": 1,\n "base_model": "google/flan-t5-base",\n "b": 2\n}\n', ' "x": ,\n'),
    "c.toml": ('a = 1\nbase_model = "google/flan-t5-base"\nb = 2\n', "[broken\n"),
}


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(sorted(BROKEN)), where=st.integers(0, 5))
def test_one_syntax_error_anywhere_keeps_the_references(name: str, where: int) -> None:
    good, bad = BROKEN[name]
    lines = good.splitlines(keepends=True)
    at = min(where, len(lines))
    if at <= 1 and name == "c.json":
        at = 2  # after the opening brace and the first member
    broken = "".join(lines[:at]) + bad + "".join(lines[at:])
    line = 1 + next(i for i, ln in enumerate(broken.splitlines()) if "flan" in ln)
    out = extract_bytes(name, f"/x/{name}", "/x", broken.encode())
    assert [(r.model_id, r.location.line) for r in out.references] == [
        ("google/flan-t5-base", line)
    ]
    assert any(n.kind == "fallback" and "scanned as text" in n.message for n in out.notes)
    assert out.status == "failed"


@pytest.mark.parametrize(
    ("name", "text", "commented"),
    [
        # no model key, a dataset, a path, a non-model word: nothing, as parsed; a
        # commented-out model key is a reference of the comment scope only
        ("d.yaml", "name: org/thing\ndataset: acme/data-7b\n# model: acme/x-7b\n\tbad: [\n", 3),
        ("d.json", '{"output_dir": "out/run-7b", "dataset_name": "acme/data-7b",}', None),
        ("d.toml", 'title = "acme/widgets"\n# base_model = "acme/x-7b"\n[broken\n', 2),
    ],
)
def test_text_pass_keeps_the_evidence_rules(name: str, text: str, commented: int | None) -> None:
    out = extract_bytes(name, f"/x/{name}", "/x", text.encode())
    got = [
        (r.model_id, r.location.line, str(r.scope)) for r in out.references if r.asset == "model"
    ]
    assert got == ([] if commented is None else [("acme/x-7b", commented, "comment")])
    # the dataset key's value is a dataset there too, never a model
    expected = [] if name == "d.toml" else ["acme/data-7b"]
    assert [r.model_id for r in out.references if r.asset == "dataset"] == expected
    assert any("scanned as text" in n.message for n in out.notes)


# -- D18: bounded work per node -----------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        'MODEL_ID = f"' + "{x}" * 400_000 + '"\n',  # the campaign's 1.2 MB file
        'x = "a"\nMODEL_ID = rf"""' + "a{x}\n" * 200_000 + '"""\n',
        "MODEL_IDS = [" + "".join(f'"facebook/opt-{i}b", ' for i in range(20_000)) + "]\n",
        "CHECKPOINTS = [\n"
        + "".join(f'    ("facebook/opt-{i}b",),\n' for i in range(20_000))
        + "]\n",
    ],
    ids=["fstring", "triple-fstring", "ids-one-line", "ids-nested"],
)
def test_large_inputs_take_linear_time(body: str) -> None:
    code = 'from transformers import AutoModel\nAutoModel.from_pretrained("facebook/opt-125m")\n'
    start = time.perf_counter()
    out = extract_bytes("m.py", "/x/m.py", "/x", (code + body).encode())
    assert time.perf_counter() - start < 15  # was 190 s for the f-string
    assert "facebook/opt-125m" in {r.model_id for r in out.references}
    assert out.status == "scanned"


def test_small_fstrings_are_still_followed() -> None:
    code = 'ORG = "facebook"\nMODEL_ID = f"{ORG}/opt-125m"\nx = f"' + "{y}" * 10 + '"\n'
    assert [r[0] for r in _refs("m.py", code.encode())] == ["facebook/opt-125m"]


# -- D22: one odd file never ends the scan --------------------------------------------------
def test_odd_files_reproduction(tmp_path: Path) -> None:
    (tmp_path / "n.ipynb").write_text('{"worksheets": [{"cells": 5}], "x": "from_pretrained"}')
    (tmp_path / "m.py").write_text(
        '# -*- coding: undefined -*-\nfrom transformers import AutoModel\nAutoModel.from_pretrained("gpt2")\n'
    )
    (tmp_path / "ok.py").write_text(
        'from transformers import AutoModel\nAutoModel.from_pretrained("org/model-7b")\n'
    )
    run = run_cli(["scan", "--no-resolve", "--no-git", "."], tmp_path)
    assert run.code == 0, run.out + run.err
    assert "Traceback" not in run.out + run.err
    assert "m.py:3:" in run.out and "ok.py:2:" in run.out


def test_an_extractor_failure_is_a_note_for_that_file(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: FileContext) -> None:
        ctx.add("facebook/opt-125m", 1, 8, *_first_kind())
        raise TypeError("unexpected shape")

    monkeypatch.setitem(extract._loaded, "yaml", boom)
    out = extract_bytes("a.yaml", "/x/a.yaml", "/x", b"model: facebook/opt-125m\n")
    assert out.status == "failed"
    assert [n.kind for n in out.notes] == ["failed"]
    assert "yaml extractor (TypeError)" in out.notes[0].message
    assert [r.model_id for r in out.references] == ["facebook/opt-125m"]  # kept


def _first_kind() -> tuple[object, object]:
    from modeldeps.extract.ids import Strength
    from modeldeps.model import ReferenceKind

    return ReferenceKind.CONFIG_KEY, Strength.STRONG


NAMES = ["a.py", "a.ipynb", "a.yaml", "a.json", "a.toml", "a.sh", "a.js", "a.md", "a.txt"]
NAMES += ["Dockerfile", "a.env", "a.tf"]
FRAGMENTS = [
    b'from_pretrained("org/model-7b")', b"model: org/x-7b", b'{"cells": ', b'"worksheets": [',
    b"# -*- coding: undefined -*-\n", b"# coding: rot13\n", b"\xef\xbb\xbf", b"\xff\xfe",
    b"{{- if }}", b"[[[", b"]]]", b'f"{', b"\r", b"\x85", b"\xe2\x80\xa8", b"\t", b"---\n",
    b"!!python/object", b"&a [*a]", b'"""', b"```python\n", b"--model org/x-7b ",
    b"https://huggingface.co/org/x-7b", b"\x00",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(NAMES),
    parts=st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.binary(max_size=40)), max_size=12),
)
def test_extract_bytes_never_raises(name: str, parts: list[bytes]) -> None:
    data = b"".join(parts)
    out = extract_bytes(name, f"/x/{name}", "/x", data)
    assert out.status in ("scanned", "skipped", "failed")
    if name == "a.ipynb":
        out = extract_bytes(name, "/x/n", "/x", b'{"worksheets": [{"cells": ' + data + b"}]}")
        assert out.status in ("scanned", "skipped", "failed")


def test_a_line_of_many_template_actions_is_linear() -> None:
    """Review regression: the template-line pattern backtracked exponentially (26 actions
    took 9 s) on a YAML file that does not parse and so gets the text pass."""
    import time

    data = ("key: [\n" + "{{ .a }}" * 5000 + " x\nmodel: org/name-7b\n").encode()
    start = time.monotonic()
    refs = _refs("v.yaml", data)
    assert time.monotonic() - start < 5
    assert [r[0] for r in refs] == ["org/name-7b"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="\nab", max_size=40))
def test_line_index_matches_a_plain_index(text: str) -> None:
    """LineIndex against the plain definition, leading empty lines included."""
    from modeldeps.extract.base import LineIndex

    starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    index = LineIndex(text)
    assert index.line_count == len(starts)
    for off in range(len(text) + 1):
        i = max(k for k, s in enumerate(starts) if s <= off)
        assert index.line_col(off) == (i + 1, off - starts[i] + 1)
    for line in range(1, len(starts) + 1):
        end = starts[line] - 1 if line < len(starts) else len(text)
        assert index.line_text(line) == text[starts[line - 1] : end]
        assert index.offset(line) == starts[line - 1]


def test_a_long_page_of_code_blocks_is_linear() -> None:
    """Review regression: each block was read over its page's lines before it (146 KB: 6 s);
    now over its own text, its lines shifted once where references are made."""
    import time

    block = "Text.\n\n```python\nm = AutoModel.from_pretrained('org/model-7b')\n```\n\n"
    start = time.monotonic()
    refs = _refs("README.md", (block * 3000).encode())
    assert time.monotonic() - start < 10
    assert len(refs) == 3000 and refs[-1][1] == 6 * 2999 + 4
