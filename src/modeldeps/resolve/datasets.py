"""Dataset resolution: ``/api/datasets/{id}`` answers -> dataset records, like models.

The same machinery as models, reused rather than copied: ``hub.HfHubClient``'s
bounded GETs, retries, error classification, LICENSE-file read and token
scrubbing, ``Resolver``'s lock -> cache -> Hub order with its deadline and
thread pool, the cache (under keys of their own) and the lock (entries with
``"kind": "dataset"``). A dataset's card gives ``license`` (often a list),
``license_name``/``license_link``, ``extra_gated_*`` (the access form),
``source_datasets`` (followed like a model's ``base_model``: a derived dataset
carries its sources' terms) and ``task_categories``.

What is resolved: the datasets the repository uses directly, and the
``datasets:`` every resolved model's card declares (its training data),
ancestors included.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from modeldeps.model import (
    Asset,
    ModelRecord,
    RecordSource,
    ResolveStatus,
)
from modeldeps.record import replace
from modeldeps.resolve.hub import (
    MAX_INFO_BYTES,
    HfHubClient,
    _as_list,
    _canonical,
    _card_get,
    _clean,
    _Final,
    _iso,
    _Transient,
    _with_note,
    license_evidence,
    sibling_names,
)

if TYPE_CHECKING:
    from huggingface_hub.hf_api import ExpandDatasetProperty_T

Key = tuple[str, str | None]

EXPAND: list[ExpandDatasetProperty_T] = [
    "cardData",
    "sha",
    "gated",
    "private",
    "tags",
    "lastModified",
    "siblings",
    "disabled",
]
_GATED_TERMS = 300  # characters of an access form's prompt kept for reports


class HfDatasetClient(HfHubClient):
    """``HubClient`` for datasets: ``model_info`` is the Resolver's one method name."""

    repo_type = "dataset"  # the repository files it reads (a LICENSE) are a dataset's

    def model_info(self, model_id: str, revision: str | None, deadline: float) -> ModelRecord:
        return self.dataset_info(model_id, revision, deadline)

    def dataset_info(self, dataset_id: str, revision: str | None, deadline: float) -> ModelRecord:
        """A record for one dataset at one revision; never raises for Hub outcomes."""
        base = ModelRecord(
            id=dataset_id,
            requested_revision=revision,
            status=ResolveStatus.UNREACHABLE,
            source=RecordSource.HUB,
            asset=Asset.DATASET,
        )
        if self._token_problem is not None:
            return replace(base, status=ResolveStatus.UNAUTHORIZED, reason=self._token_problem)
        # Always at a revision, and without ``expand`` where a mirror does not implement
        # it: the same answers as for models (hf-hub-real I1, I2; datasets on JFrog 7.90+)
        rev = revision or "main"

        def ask(expand: bool) -> Any:
            return self._with_retries(
                lambda timeout: self._dataset(dataset_id, rev, timeout, deadline, expand),
                deadline,
            )

        readme_note = None
        try:
            try:
                if not self._api_ok:
                    raise _Final(ResolveStatus.NOT_FOUND, "no metadata API", unimplemented=True)
                if self._expand_ok:
                    try:
                        info = ask(True)
                    except _Final as exc:
                        if not exc.unimplemented:
                            raise
                        info = ask(False)
                        self._expand_ok = False
                else:
                    info = ask(False)
            except _Final as exc:
                if not exc.unimplemented:
                    raise
                # a file proxy with no metadata API: the card of README.md (as for models)
                info, readme_note = self._readme_info(
                    dataset_id, rev, deadline, exc, "/api/datasets"
                )
        except (_Transient, _Final) as exc:
            return replace(
                base,
                status=exc.status,
                reason=self._redact(_for_dataset(exc.reason)),
                source=exc.source,
            )
        names = sibling_names(info)
        note = None
        if (
            not self._expand_ok
            and getattr(info, "card_data", None) is None
            and "README.md" in names
        ):
            note = self._card_from_mirror(info, dataset_id, rev, deadline)  # the card it serves
        rec = record_from_dataset_info(dataset_id, revision, info)
        if readme_note is not None:
            rec = _with_note(replace(rec, source=RecordSource.README), readme_note)
        if note:
            rec = _with_note(rec, note)
        if rec.status is ResolveStatus.OK and (
            rec.license is None
            or rec.license.value in (None, "other", "unknown")
            or "other" in rec.license.entries
        ):
            rec = self._with_license_file(rec, names, deadline)
        return self._scrub(rec)

    def _dataset(
        self, dataset_id: str, revision: str, timeout: float, deadline: float, expand: bool
    ) -> Any:
        import json
        from urllib.parse import quote

        from huggingface_hub.hf_api import DatasetInfo
        from huggingface_hub.utils import validate_repo_id  # type: ignore[attr-defined]

        validate_repo_id(dataset_id)
        url = (
            f"{self.settings.endpoint.rstrip('/')}/api/datasets/{dataset_id}"
            f"/revision/{quote(revision, safe='')}"
        )
        body, _headers = self._get(
            url,
            {"expand": list(EXPAND)} if expand else None,
            timeout,
            deadline,
            MAX_INFO_BYTES,
            what="the dataset's information",
        )
        data = json.loads(body)  # ValueError: a malformed answer (retried)
        if not isinstance(data, dict):
            raise ValueError("the Hub's answer is not a JSON object")
        return DatasetInfo(**data)  # type: ignore[no-untyped-call]


def _for_dataset(reason: str) -> str:
    return reason.replace("the model's terms", "the dataset's terms")


def record_from_dataset_info(dataset_id: str, revision: str | None, info: Any) -> ModelRecord:
    """Turn a huggingface_hub ``DatasetInfo`` into a dataset record (missing fields
    tolerated, wrong types refused by the stored-record schema as for models)."""
    card = getattr(info, "card_data", None) or getattr(info, "cardData", None)
    tags = _as_list(getattr(info, "tags", None))
    evidence = license_evidence(card, tags)
    from modeldeps.extract.datasets import source_dataset

    sources = [s for v in _as_list(_card_get(card, "source_datasets")) if (s := source_dataset(v))]
    tasks = _as_list(_card_get(card, "task_categories"))
    prompt = _card_get(card, "extra_gated_prompt")
    gated = _clean(getattr(info, "gated", None))
    terms = None
    if isinstance(prompt, str) and prompt.strip():
        from modeldeps.textsafe import line

        terms = line(prompt.strip())[:_GATED_TERMS]
    elif _card_get(card, "extra_gated_fields") is not None:
        terms = "an access form (extra_gated_fields)"
    siblings = sibling_names(info)
    last_modified = getattr(info, "last_modified", None) or getattr(info, "lastModified", None)
    canonical, id_note = _canonical(dataset_id, _clean(getattr(info, "id", None)))
    built = ModelRecord(
        id=dataset_id,
        requested_revision=revision,
        status=ResolveStatus.OK,
        source=RecordSource.HUB,
        canonical_id=canonical,
        sha=_clean(getattr(info, "sha", None)),
        license=evidence,
        base_models=tuple(dict.fromkeys(s for s in sources if s != dataset_id)),
        relation="derived" if sources else None,
        gated=gated if isinstance(gated, bool | str) else None,
        private=getattr(info, "private", None),
        has_card=card is not None or "README.md" in siblings,
        last_modified=_iso(_clean(last_modified)),
        asset=Asset.DATASET,
        tasks=tuple(tasks),
        gated_terms=terms,
        reason=id_note,
    )
    from modeldeps.resolve.serial import RecordFormatError, validated

    try:
        return validated(built)
    except RecordFormatError as exc:
        return ModelRecord(
            dataset_id,
            revision,
            ResolveStatus.UNREACHABLE,
            RecordSource.HUB,
            reason=f"malformed answer from the Hub: {exc}",
            asset=Asset.DATASET,
        )


# -- which datasets a scan resolves ----------------------------------------------------
