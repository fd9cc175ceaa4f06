"""Datasets in the CycloneDX ML-BOM (issue 16): ``data`` components and model cards.

cyclonedx-python-lib models neither ``modelCard`` nor ``componentData``, so the
BOM it writes is completed here, as JSON, valid under CycloneDX 1.6 and 1.7
(cyclonedx.py has already named each card's datasets as bare ``data``
components, referenced from the model cards; they are filled in here):

* every dataset record is a component of type ``data`` (bom-ref ``dataset:<id>``,
  ``@<revision>`` when one was asked for) with its license, its Hub page as the data's
  ``contents.url``, its gating and task categories as properties, and the datasets
  it derives from (``source_datasets``) as ``pedigree.ancestors``;
* every model component whose card declares Hub datasets gets
  ``modelCard.modelParameters.datasets``: references to those data components
  (a fine-tune's inherited data is on its base model's component, which the
  lineage dependencies already link);
* datasets the repository uses directly are dependencies of the scan itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from modeldeps.extract.datasets import declared
from modeldeps.model import Asset, ModelRecord, ScanResult

# cyclonedx.py's helpers, passed in (that module imports this one)
Licenses = Callable[[ModelRecord], list[Any]]
Name = Callable[[ModelRecord], str]


def data_ref(rec: ModelRecord) -> str:
    """The bom-ref cyclonedx.py gives a card's dataset (``dataset:<id>``), at a revision
    when one was asked for."""
    rev = rec.requested_revision
    return f"dataset:{rec.id}" + (f"@{rev}" if rev else "")


def _licenses(rec: ModelRecord, objects: Licenses) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for lic in objects(rec):
        value = getattr(lic, "value", None)
        if value is not None:  # an expression
            out.append({"expression": str(value)})
        elif getattr(lic, "id", None):
            out.append({"license": {"id": str(lic.id)}})
        elif getattr(lic, "name", None):
            out.append({"license": {"name": str(lic.name)}})
    return out


def _component(
    rec: ModelRecord,
    scopes: str | None,
    known: dict[str, ModelRecord],
    licenses_of: Licenses,
    component_id: Name,
) -> dict[str, Any]:
    name = component_id(rec)
    comp: dict[str, Any] = {
        "type": "data",
        "bom-ref": data_ref(rec),
        "name": name,
        "data": [
            {
                "type": "dataset",
                "name": name,
                "contents": {"url": f"https://huggingface.co/datasets/{name}"},
            }
        ],
    }
    if rec.sha or rec.requested_revision:
        comp["version"] = rec.sha or rec.requested_revision
    licenses = _licenses(rec, licenses_of)
    if licenses:
        comp["licenses"] = licenses
    props = {
        "modeldeps:status": str(rec.status),
        "modeldeps:license-source": rec.license.source if rec.license else None,
        "modeldeps:license-name": rec.license.name if rec.license else None,
        "modeldeps:gated": str(rec.gated).lower() if rec.gated else None,
        "modeldeps:gated-terms": rec.gated_terms,
        "modeldeps:task-categories": ", ".join(rec.tasks) or None,
        "modeldeps:last-modified": rec.last_modified,
        "modeldeps:scopes": scopes,
    }
    comp["properties"] = [{"name": k, "value": v} for k, v in props.items() if v]
    if rec.base_models:
        ancestors = []
        for base in rec.base_models:
            brec = known.get(base)
            entry: dict[str, Any] = {
                "type": "data",
                "name": component_id(brec) if brec is not None else base,
            }
            if brec is not None and _licenses(brec, licenses_of):
                entry["licenses"] = _licenses(brec, licenses_of)
            ancestors.append(entry)
        comp["pedigree"] = {"ancestors": ancestors}
    return comp


def add_datasets(
    doc: dict[str, Any], result: ScanResult, licenses_of: Licenses, component_id: Name
) -> dict[str, Any]:
    """``doc`` (the library's BOM as JSON) with the scan's datasets added; ``licenses_of``
    and ``component_id`` are cyclonedx.py's, so both describe licenses and names alike."""
    if not result.datasets:
        return doc
    scopes: dict[tuple[str, str | None], set[str]] = {}
    for r in result.references:
        if r.asset is Asset.DATASET:
            scopes.setdefault((r.model_id, r.revision), set()).add(str(r.scope))
    known = {r.id: r for r in result.datasets if r.requested_revision is None}
    components = doc.setdefault("components", [])
    existing = {c.get("bom-ref"): c for c in components}
    refs: dict[str, str] = {}
    for rec in sorted(result.datasets, key=lambda r: (r.id, r.requested_revision or "")):
        used = scopes.get((rec.id, rec.requested_revision))
        scopes_text = ", ".join(sorted(used)) if used else None
        comp = _component(rec, scopes_text, known, licenses_of, component_id)
        bare = existing.get(comp["bom-ref"])
        if bare is not None:  # the card's dataset, named only: now resolved
            bare.update(comp)
        else:
            components.append(comp)
        refs.setdefault(rec.id, data_ref(rec))
    by_ref = {c.get("bom-ref"): c for c in components}
    for rec in result.records:
        wanted = [refs[d] for d in declared(rec)[0] if d in refs]
        model = by_ref.get(f"model:{rec.id}@{rec.requested_revision or 'default'}")
        if model is None or not wanted:
            continue
        card = model.setdefault("modelCard", {"bom-ref": f"{model['bom-ref']}#model-card"})
        params = card.setdefault("modelParameters", {})
        have = {d.get("ref") for d in params.get("datasets", [])}
        params["datasets"] = [
            *params.get("datasets", []),
            *({"ref": w} for w in wanted if w not in have),
        ]
    direct = sorted(
        {data_ref(r) for r in result.datasets if (r.id, r.requested_revision) in scopes}
    )
    if direct:
        deps = doc.setdefault("dependencies", [])
        top = next((d for d in deps if d.get("ref") == "modeldeps-scan"), None)
        if top is None:
            top = {"ref": "modeldeps-scan", "dependsOn": []}
            deps.append(top)
        top["dependsOn"] = sorted({*top.get("dependsOn", []), *direct})
        have = {d.get("ref") for d in deps}
        deps.extend({"ref": r} for r in direct if r not in have)
    return doc
