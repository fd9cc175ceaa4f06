"""Precision and recall over the hand-labelled corpus in tests/data/corpus."""

from __future__ import annotations

from pathlib import Path

import yaml

from modeldeps.discover import discover
from modeldeps.scanner import extract_files

CORPUS = Path(__file__).parents[2] / "data" / "corpus"


def _expected() -> set[tuple[str, int, str]]:
    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text())
    out = set()
    for path, items in labels.items():
        for item in items or []:
            line, model_id = item.split(" ", 1)
            out.add((path, int(line), model_id))
    return out


def _found() -> set[tuple[str, int, str]]:
    found = discover(["."], root=str(CORPUS), use_git=False, cwd=str(CORPUS))
    result = extract_files(found.files, str(CORPUS), max_bytes=4 << 20, jobs=1)
    return {(r.location.path, r.location.line, r.model_id) for r in result.references}


def test_precision_and_recall_on_labelled_corpus() -> None:
    expected, found = _expected(), _found()
    tp = expected & found
    precision = len(tp) / len(found) if found else 0.0
    recall = len(tp) / len(expected)
    report = "\n".join(
        [f"false positive: {fp}" for fp in sorted(found - expected)]
        + [f"missed: {fn}" for fn in sorted(expected - found)]
    )
    print(
        f"precision={precision:.3f} recall={recall:.3f} tp={len(tp)} "
        f"found={len(found)} expected={len(expected)}"
    )
    assert precision >= 0.98 and recall >= 0.98, report


def test_every_corpus_file_is_labelled() -> None:
    labels = yaml.safe_load((CORPUS / "labels.yaml").read_text())
    files = {
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file() and p.name != "labels.yaml"
    }
    assert files == set(labels), files ^ set(labels)
