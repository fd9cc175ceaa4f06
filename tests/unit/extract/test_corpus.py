"""Precision and recall over the hand-labelled corpora.

tests/data/corpus covers every extraction context and its near-misses;
tests/data/corpus2 to corpus14 were labelled before the extractors were run on them (a
generalisation check on styles they were not tuned for).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from modeldeps.discover import discover
from modeldeps.extract.scanner import extract_files

DATA = Path(__file__).parents[2] / "data"
# Every labelled corpus under tests/data (corpus, corpus2, ...), found rather than listed.
CORPORA = sorted(
    (p.name for p in DATA.glob("corpus*") if (p / "labels.yaml").is_file()),
    key=lambda n: int(n[len("corpus") :] or 1),
)


def _expected(corpus: Path) -> set[tuple[str, int, str]]:
    labels = yaml.safe_load((corpus / "labels.yaml").read_text())
    out = set()
    for path, items in labels.items():
        for item in items or []:
            line, model_id = item.split(" ", 1)
            out.add((path, int(line), model_id))
    return out


def _found(corpus: Path) -> set[tuple[str, int, str]]:
    found = discover(["."], root=str(corpus), use_git=False, cwd=str(corpus))
    result = extract_files(found.files, str(corpus), max_bytes=4 << 20, jobs=1)
    return {
        (r.location.path, r.location.line, r.model_id)
        for r in result.references
        if r.asset == "model"  # these corpora label Hub models; API models: test_api.py
    }


@pytest.mark.parametrize("name", CORPORA)
def test_precision_and_recall_on_labelled_corpus(name: str) -> None:
    assert len(CORPORA) >= 14
    corpus = DATA / name
    expected, found = _expected(corpus), _found(corpus)
    tp = expected & found
    precision = len(tp) / len(found) if found else 1.0  # nothing found, nothing wrong
    recall = len(tp) / len(expected) if expected else 1.0
    report = "\n".join(
        [f"false positive: {fp}" for fp in sorted(found - expected)]
        + [f"missed: {fn}" for fn in sorted(expected - found)]
    )
    print(
        f"precision={precision:.3f} recall={recall:.3f} tp={len(tp)} "
        f"found={len(found)} expected={len(expected)}"
    )
    assert precision >= 0.98 and recall >= 0.98, report


@pytest.mark.parametrize("name", CORPORA)
def test_every_corpus_file_is_labelled(name: str) -> None:
    corpus = DATA / name
    labels = yaml.safe_load((corpus / "labels.yaml").read_text())
    files = {
        p.relative_to(corpus).as_posix()
        for p in corpus.rglob("*")
        if p.is_file() and p.name != "labels.yaml"
    }
    assert files == set(labels), files ^ set(labels)
