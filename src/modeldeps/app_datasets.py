"""Orchestration for datasets (issue 16): explain a dataset, the training-data inventory,
and the dataset half of ``modeldeps lock``. No click, no printing, no exiting."""

from __future__ import annotations

from modeldeps.model import (
    Asset,
    Location,
    ModelRecord,
    Reference,
    ReferenceKind,
    ScanResult,
    ScanStats,
)
from modeldeps.options import ScanOptions
from modeldeps.record import record

Key = tuple[str, str | None]


def dataset_id_of(value: str) -> str | None:
    """``datasets/org/x``, ``hf://datasets/org/x`` or ``https://huggingface.co/datasets/org/x``
    as ``org/x``; None when the value does not say it is a dataset."""
    from modeldeps.extract.datasets import parse_path

    text = value.strip()
    low = text.lower()
    for prefix in ("https://huggingface.co/", "http://huggingface.co/", "hf.co/", "hf://"):
        if low.startswith(prefix):
            text, low = text[len(prefix) :], low[len(prefix) :]
            break
    if not low.startswith("datasets/"):
        return None
    parsed = parse_path(text, required=True)
    return parsed[0] if parsed else None


def explain_dataset(options: ScanOptions, dataset_id: str, revision: str | None) -> tuple[str, int]:
    """Resolve one dataset and explain both roles' decisions; (text, exit code)."""
    from modeldeps.app import exit_code, load_policy
    from modeldeps.knowledge.licenses import load_kb
    from modeldeps.policy.datasets import evaluate_datasets
    from modeldeps.report.explain_datasets import render_dataset
    from modeldeps.resolve.datasets import resolve_dataset_keys

    policy = load_policy(options)
    key = (dataset_id, revision)
    records, _notes = resolve_dataset_keys([key], options)
    ref = Reference(
        dataset_id,
        revision,
        Location("(explain)", 1, 1),
        ReferenceKind.CLI_ARG,
        asset=Asset.DATASET,
    )
    result = ScanResult(
        (ref,),
        (),
        ScanStats(),
        (),
        partial=True,
        resolved=True,
        datasets=tuple(records.values()),
    )
    findings = evaluate_datasets(result, policy, load_kb(), partial=True)
    text = render_dataset(key, records, load_kb(), policy, findings)
    from modeldeps.record import replace

    return text, exit_code(replace(result, findings=tuple(findings)), options)


def model_training_lines(
    key: Key, models: dict[Key, ModelRecord], options: ScanOptions
) -> list[str]:
    """For ``explain MODEL``: its training data, own and inherited, with licenses."""
    from modeldeps.report.training_data import inventory, render_text_lines
    from modeldeps.resolve.datasets import dataset_keys, resolve_dataset_keys

    data, _notes = resolve_dataset_keys(dataset_keys((), models.values()), options)
    from modeldeps.app import load_policy

    items = inventory([key], models, data, load_policy(options))
    return render_text_lines(items, header=False)


@record
class TrainingData:
    """What ``modeldeps training-data`` reports."""

    items: list[object]  # report.training_data.ModelInventory
    messages: list[str]


def training_data(options: ScanOptions, model_ids: tuple[str, ...]) -> TrainingData:
    """Per model (the ones named, else every model the scan references): its declared
    training data, own and inherited, their licenses and what is undisclosed."""
    from modeldeps.app import extract, load_policy, reference_keys, resolve_keys
    from modeldeps.report.training_data import inventory
    from modeldeps.resolve.datasets import dataset_keys, resolve_dataset_keys

    if model_ids:
        from modeldeps.extract.ids import split_revision

        keys = [split_revision(m) for m in model_ids]
    else:
        keys = reference_keys(extract(options).references)
    models, notes, _ = resolve_keys(keys, options) if keys else ({}, [], 0)
    data, data_notes = resolve_dataset_keys(dataset_keys((), models.values()), options)
    items = inventory(keys, models, data, load_policy(options))
    return TrainingData(list(items), [*notes, *data_notes])


def lock_datasets(
    options: ScanOptions, refs: tuple[Reference, ...], models: dict[Key, ModelRecord], old: object
) -> tuple[list[ModelRecord], list[str], list[ModelRecord], list[tuple[ModelRecord, str]]]:
    """The dataset entries ``lock`` writes: (records, diff lines, failed, kept)."""
    from modeldeps.resolve import lock as lockfile
    from modeldeps.resolve.datasets import dataset_keys, resolve_dataset_keys

    assert old is None or isinstance(old, lockfile.Lock)
    keys = dataset_keys(refs, models.values())
    fresh, _notes = resolve_dataset_keys(keys, options, use_lock=False)
    view = old.dataset_view() if old is not None else None
    merged = lockfile.merge(view, fresh)
    changes = [f"{c[:2]}dataset {c[2:]}" for c in lockfile.diff(view, merged.records, set(keys))]
    # Only a dataset the repository uses makes the lock incomplete; a model card's
    # datasets: entry the Hub does not know (free text, a deleted repo) is the card's gap
    used = {(r.model_id, r.revision) for r in refs if r.asset is Asset.DATASET}
    failed = [r for r in merged.failed if r.key in used]
    return merged.records, changes, failed, merged.kept
