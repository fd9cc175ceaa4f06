"""CycloneDX ML-BOM of every model found (schema 1.7, or 1.6 with ``--cyclonedx-version``).

Each model (and each model in its lineage) is a ``machine-learning-model``
component with a ``pkg:huggingface`` purl at the resolved commit, its
license as an SPDX id when one exists (else by name), its lineage as
dependencies and what its card says in a ``modelCard``: the datasets it
declares as ``modelParameters.datasets`` (each a ``data`` component of its
own), the card facts modeldeps reads (license source, relation to its base,
gating, weight formats, last change) as model-card properties.

cyclonedx-python-lib (11.x) writes the BOM but has no model-card type yet
(its ``Component.model_card`` is a TODO; upstream #912), so that one object
is added to the library's JSON here, and tests validate the whole BOM
against the published 1.6 and 1.7 schemas.

A purl is built only from an id that passes the Hub's repo-id grammar and has
the namespace purl-spec's ``huggingface`` type requires (a legacy id such as
``gpt2`` has no valid purl, so it gets none); a canonical id that fails the
grammar is not used as the component's name. The JSON is then written as the
JSON report writes its own (valid Unicode, no token, C1 and bidi escaped).
"""

from __future__ import annotations

from typing import Any

from modeldeps import __version__
from modeldeps.extract.ids import is_commit_sha, is_valid_repo_id
from modeldeps.model import ModelRecord, ResolveStatus, ScanResult
from modeldeps.report.base import Reporter


def component_id(rec: ModelRecord) -> str:
    """The canonical id when it is a valid Hub id, else the id as referenced."""
    if rec.canonical_id and is_valid_repo_id(rec.canonical_id):
        return rec.canonical_id
    return rec.id


def purl_for(rec: ModelRecord) -> Any:
    """``pkg:huggingface/ns/name@sha``, or None when the id cannot make a valid purl."""
    from packageurl import PackageURL

    ident = component_id(rec)
    if not is_valid_repo_id(ident) or "/" not in ident:
        return None
    namespace, _, name = ident.partition("/")
    sha = (rec.sha or "").lower()
    version = sha if is_commit_sha(sha) else (rec.requested_revision or None)
    return PackageURL(type="huggingface", namespace=namespace, name=name, version=version)


def _licenses(rec: ModelRecord) -> list[Any]:
    from cyclonedx.model.license import DisjunctiveLicense, LicenseExpression

    from modeldeps.knowledge.licenses import identify, load_kb

    if rec.status is not ResolveStatus.OK or (rec.license is None and rec.license_file is None):
        return []
    ident = identify(rec, load_kb())
    if ident.state == "expression" and ident.parts and all(p.spdx for p in ident.parts):
        op = f" {ident.operator} "
        return [LicenseExpression(op.join(p.spdx or "" for p in ident.parts))]
    facts = ident.facts
    if facts is not None and facts.spdx:
        return [DisjunctiveLicense(id=facts.spdx)]
    if facts is not None:
        return [DisjunctiveLicense(name=facts.name)]
    raw = ident.raw or (rec.license.value if rec.license else None)
    return [DisjunctiveLicense(name=raw)] if raw else []


def _properties(rec: ModelRecord, scopes: str | None = None) -> list[Any]:
    from cyclonedx.model import Property

    props = {
        "modeldeps:status": str(rec.status),
        "modeldeps:requested-revision": rec.requested_revision,
        # where the repository names the model: code, config, test, docs, comment
        "modeldeps:scopes": scopes,
    }
    out = [Property(name=k, value=v) for k, v in props.items() if v]
    if rec.status is ResolveStatus.OK:
        from modeldeps.resolve.lineage import edges_of

        # every lineage edge with its source: declared, or inferred from what
        for e in edges_of(rec):
            value = f"{e.source}" + (f" ({e.relation})" if e.relation else "")
            if e.inferred and e.evidence:
                value += f": {e.evidence}"
            out.append(Property(name=f"modeldeps:lineage:{e.base}", value=value))
    if rec.terms is not None:
        out.extend(Property(name="modeldeps:card-terms", value=t) for t in rec.terms.evidence)
    return out


def _card_properties(rec: ModelRecord) -> list[dict[str, str]]:
    props = {
        "modeldeps:license-source": rec.license.source if rec.license else None,
        "modeldeps:license-name": rec.license.name if rec.license else None,
        "modeldeps:base-model-relation": rec.relation,
        "modeldeps:gated": str(rec.gated).lower() if rec.gated else None,
        "modeldeps:weight-formats": ", ".join(rec.weight_formats) or None,
        "modeldeps:last-modified": rec.last_modified,
    }
    return [{"name": k, "value": v} for k, v in props.items() if v]


def _model_card(rec: ModelRecord, ref: str, dataset_refs: list[str]) -> dict[str, Any]:
    card: dict[str, Any] = {"bom-ref": f"{ref}#model-card"}
    if dataset_refs:
        card["modelParameters"] = {"datasets": [{"ref": d} for d in dataset_refs]}
    props = _card_properties(rec)
    if props:
        card["properties"] = props
    return card


def dataset_ref(dataset_id: str) -> str:
    """The bom-ref of a dataset component (issue 16 adds resolved datasets under the same)."""
    return f"dataset:{dataset_id}"


VERSIONS = ("1.7", "1.6")


class CycloneDxReporter(Reporter):
    def render(self, result: ScanResult) -> str:
        import json

        from cyclonedx.model.bom import Bom
        from cyclonedx.model.component import Component, ComponentType
        from cyclonedx.output.json import JsonV1Dot6, JsonV1Dot7

        from modeldeps.report.json import dumps

        version = self.options.cyclonedx_version
        writer = {"1.6": JsonV1Dot6, "1.7": JsonV1Dot7}[version]
        bom = Bom()
        bom.metadata.component = Component(
            name="modeldeps-scan",
            version=__version__,
            type=ComponentType.APPLICATION,
            bom_ref="modeldeps-scan",
        )
        components: dict[str, Any] = {}
        cards: dict[str, dict[str, Any]] = {}
        datasets: dict[str, Any] = {}
        scopes: dict[tuple[str, str | None], set[str]] = {}
        for r in result.references:
            scopes.setdefault((r.model_id, r.revision), set()).add(str(r.scope))
        for rec in sorted(result.records, key=lambda r: (r.id, r.requested_revision or "")):
            used = scopes.get((rec.id, rec.requested_revision))
            ref = f"model:{rec.id}@{rec.requested_revision or 'default'}"
            comp = Component(
                name=component_id(rec),
                type=ComponentType.MACHINE_LEARNING_MODEL,
                version=rec.sha or rec.requested_revision,
                bom_ref=ref,
                purl=purl_for(rec),
                licenses=_licenses(rec),
                properties=_properties(rec, ", ".join(sorted(used)) if used else None),
            )
            bom.components.add(comp)
            components.setdefault(rec.id, comp)
            # the datasets the card declares it was trained on: data components of their own
            for ds in rec.datasets:
                if ds not in datasets:
                    datasets[ds] = Component(
                        name=ds, type=ComponentType.DATA, bom_ref=dataset_ref(ds)
                    )
                    bom.components.add(datasets[ds])
            if rec.status is ResolveStatus.OK:
                cards[ref] = _model_card(rec, ref, [dataset_ref(d) for d in rec.datasets])
        for rec in result.records:
            parent = components.get(rec.id)
            bases = [components[b] for b in rec.base_models if b in components]
            if parent is not None and bases:
                bom.register_dependency(parent, bases)
        _api_services(bom, result)
        referenced = {r.model_id for r in result.references}
        top = [c for mid, c in components.items() if mid in referenced]
        if top:
            bom.register_dependency(bom.metadata.component, top)
        doc = json.loads(str(writer(bom).output_as_string(indent=2)))
        for comp_doc in doc.get("components", []):
            card = cards.get(comp_doc.get("bom-ref", ""))
            if card is not None:
                comp_doc["modelCard"] = card
        from modeldeps.report.cyclonedx_data import add_datasets

        return dumps(add_datasets(doc, result, _licenses, component_id))


def _api_services(bom: Any, result: ScanResult) -> None:
    """Each provider a ``service`` naming the models it serves; each API model a
    ``machine-learning-model`` component with no weights (no purl, no hashes)."""
    if not result.api_models:
        return
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.contact import OrganizationalEntity
    from cyclonedx.model.service import Service

    from modeldeps.report.apimodels import by_provider, locations

    used = []
    for provider, recs in by_provider(result).items():
        service = Service(
            name=provider,
            bom_ref=f"api-provider:{provider}",
            provider=OrganizationalEntity(name=provider),
            properties=[Property(name="modeldeps:serves", value=", ".join(r.id for r in recs))],
        )
        bom.services.add(service)
        comps = []
        for rec in recs:
            props = [
                Property(name="modeldeps:asset", value="api-model"),
                Property(name="modeldeps:weights", value="none (hosted API)"),
                Property(name="modeldeps:provider", value=f"api-provider:{provider}"),
            ]
            for name, value in (
                ("modeldeps:creator", rec.creator),
                ("modeldeps:family", rec.family),
                ("modeldeps:route", rec.route),
                ("modeldeps:open_weights", rec.open_weights),
                ("modeldeps:retired", rec.retired),
                ("modeldeps:deployment", "true" if rec.deployment else None),
                ("modeldeps:locations", ", ".join(locations(result, rec))),
            ):
                if value:
                    props.append(Property(name=name, value=value))
            comp = Component(
                name=rec.id,
                type=ComponentType.MACHINE_LEARNING_MODEL,
                bom_ref=f"api-model:{provider}:{rec.id}",
                publisher=rec.creator or provider,
                properties=props,
            )
            bom.components.add(comp)
            comps.append(comp)
        bom.register_dependency(service, comps)
        used.append(service)
    bom.register_dependency(bom.metadata.component, used)
