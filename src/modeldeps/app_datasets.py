"""``modeldeps training-data`` (issue 16): the training-data inventory over app's stages.

A module of its own above ``app`` (which it uses to extract and resolve), so ``app``
needs no knowledge of it. No click, no printing, no exiting."""

from __future__ import annotations

from modeldeps.options import ScanOptions
from modeldeps.record import record

Key = tuple[str, str | None]


@record
class TrainingData:
    """What ``modeldeps training-data`` reports."""

    items: list[object]  # report.training_data.ModelInventory
    messages: list[str]


def training_data(options: ScanOptions, model_ids: tuple[str, ...]) -> TrainingData:
    """Per model (the ones named, else every model the scan references): its declared
    training data, own and inherited, their licenses and what is undisclosed."""
    from modeldeps.app import (
        extract,
        load_policy,
        reference_keys,
        resolve_dataset_keys,
        resolve_keys,
    )
    from modeldeps.extract.datasets import dataset_keys
    from modeldeps.report.training_data import inventory

    if model_ids:
        from modeldeps.extract.ids import split_revision

        keys = [split_revision(m) for m in model_ids]
    else:
        keys = reference_keys(extract(options).references)
    models, notes, _ = resolve_keys(keys, options) if keys else ({}, [], 0)
    data, data_notes = resolve_dataset_keys(dataset_keys((), models.values()), options)
    items = inventory(keys, models, data, load_policy(options))
    return TrainingData(list(items), [*notes, *data_notes])
