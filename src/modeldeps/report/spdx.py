"""SPDX 3.0.1 JSON-LD with the AI profile: an AI BOM of every model a repository uses.

Written with spdx-python-model, the SPDX project's Python bindings generated
from the 3.0.1 model (it checks every property's type and vocabulary as the
document is built, and serialises the JSON-LD shape of the published schema).

What goes where:

- one ``ai_AIPackage`` per model, ancestors included: ``name`` (the Hub id),
  ``software_packageVersion`` (the resolved commit), ``software_downloadLocation``
  (the repository at that commit), ``software_packageUrl`` and an
  ``externalIdentifier`` of type ``packageUrl`` (``pkg:huggingface/org/name@sha``),
  ``releaseTime`` (the commit's date as the Hub reports it), ``suppliedBy``
  (an Agent named by the Hub namespace), ``software_primaryPurpose: model``;
  a model that could not be resolved says why in ``comment``;
- exactly one ``hasDeclaredLicense`` (the card's license as found, with its
  source) and one ``hasConcludedLicense`` per package: what modeldeps
  concludes really governs the weights, the card's license AND every
  ancestor's, with the reasoning and the policy's verdict as the comment;
  NOASSERTION when a part cannot be placed;
- lineage: ``descendantOf`` from a fine-tune or merge to each base, an
  adapter also ``dependsOn`` its base (it cannot run without it), and a
  quantization is a variant of its base (``hasVariant`` from the base);
- ``trainedOn`` to a ``dataset_DatasetPackage`` for each dataset a card
  declares (:func:`dataset_package` is the one place datasets are built);
- one ``software_File`` per file that names a model, which ``dependsOn`` it
  (a lifecycle-scoped relationship: runtime for code and config, test for
  tests, other for docs and comments) with the lines in its comment.

Element ids are IRIs under a namespace derived from the document's content,
so the same scan gives the same ids.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from modeldeps import __version__
from modeldeps.extract.ids import is_commit_sha, is_valid_repo_id
from modeldeps.model import ModelRecord, Reference, ResolveStatus, ScanResult
from modeldeps.report.base import Reporter, model_verdicts
from modeldeps.report.cyclonedx import component_id, purl_for

HUB = "https://huggingface.co"
_LIFECYCLE = {"code": "runtime", "config": "runtime", "test": "test"}
_FILE_PURPOSE = {
    "code": "source",
    "config": "configuration",
    "test": "test",
    "docs": "documentation",
    "comment": "source",
}


def _part(text: str, safe: str = "") -> str:
    """``text`` percent-encoded for an IRI path segment (any string, lone surrogates too)."""
    from modeldeps.textsafe import clean

    # tokens are redacted first: percent-encoding would hide one from the final pass
    return quote(clean(text).encode("utf-8", "surrogatepass"), safe=safe)


def _idstring(text: str) -> str:
    """A LicenseRef idstring: letters, digits, ``.`` and ``-`` only."""
    out = "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-") else "-" for ch in text)
    return out.replace("+", "plus").strip("-") or "unknown"


def license_expression(rec: ModelRecord) -> tuple[str | None, dict[str, str], str]:
    """(SPDX expression or None, LicenseRef -> URL, how it was read) for a record's own license."""
    from modeldeps.knowledge.licenses import identify, load_kb
    from modeldeps.knowledge.notices import license_url

    kb = load_kb()
    if rec.status is not ResolveStatus.OK:
        return None, {}, f"not resolved ({rec.status})"
    ident = identify(rec, kb)
    refs: dict[str, str] = {}

    def one(facts: Any) -> str:
        if facts.spdx:
            return str(facts.spdx)
        ref = f"LicenseRef-{_idstring(facts.key.replace('+', 'plus'))}"
        url = license_url(facts.key)
        if url:
            refs[ref] = url
        return ref

    how = ident.how
    if ident.state == "known" and ident.facts is not None:
        return one(ident.facts), refs, how
    if ident.state == "expression" and ident.parts and not ident.unplaced:
        joined = f" {ident.operator or 'AND'} ".join(one(p) for p in ident.parts)
        return (f"({joined})" if len(ident.parts) > 1 else joined), refs, how
    return None, {}, f"{how}: {ident.label} (not placed)"


def attribution_texts(rec: ModelRecord) -> list[str]:
    """The notice lines the model's own license asks to keep (notices.yaml)."""
    from modeldeps.knowledge.licenses import identify, load_kb
    from modeldeps.knowledge.notices import load_notices

    if rec.status is not ResolveStatus.OK:
        return []
    ident = identify(rec, load_kb())
    facts = ident.parts or ((ident.facts,) if ident.facts is not None else ())
    notices = load_notices()
    out = []
    for f in facts:
        n = notices.get(f.key)
        if n is not None and n.notice and n.notice not in out:
            out.append(n.notice)
    return out


class _Doc:
    """Builds the element graph; every element gets a stable IRI under one namespace."""

    def __init__(self, s: Any, namespace: str, created: datetime) -> None:
        self.s = s
        self.ns = namespace
        self.elements: list[Any] = []
        self.ci = s.CreationInfo(specVersion="3.0.1", created=created)
        self.agent = s.SoftwareAgent(
            spdxId=self.iri("agent/modeldeps"), name="modeldeps", creationInfo=self.ci
        )
        self.ci.createdBy = [self.agent]
        self.tool = self.add(
            s.Tool(spdxId=self.iri("tool/modeldeps"), name=f"modeldeps {__version__}")
        )
        self.ci.createdUsing = [self.tool]
        self.elements.append(self.agent)
        self.suppliers: dict[str, Any] = {}
        self.licenses: dict[str, Any] = {}
        self.rel_count: dict[str, int] = {}
        self.noassertion = s.expandedlicensing_IndividualLicensingInfo.NoAssertionLicense

    def iri(self, local: str) -> str:
        return f"{self.ns}{local}"

    def add(self, element: Any) -> Any:
        if getattr(element, "creationInfo", None) is None:
            element.creationInfo = self.ci
        self.elements.append(element)
        return element

    def relate(
        self, src: Any, kind: str, to: list[Any], comment: str | None = None, **kw: Any
    ) -> Any:
        s = self.s
        n = self.rel_count.get(kind, 0)
        self.rel_count[kind] = n + 1
        cls = s.LifecycleScopedRelationship if "scope" in kw else s.Relationship
        rel = cls(
            spdxId=self.iri(f"relationship/{kind}-{n}"),
            from_=src,
            to=to,
            relationshipType=getattr(s.RelationshipType, kind),
            **kw,
        )
        if comment:
            rel.comment = comment
        return self.add(rel)

    def supplier(self, namespace: str) -> Any:
        if namespace not in self.suppliers:
            # The Hub does not say whether a namespace is a user or an organisation.
            self.suppliers[namespace] = self.add(
                self.s.Agent(
                    spdxId=self.iri(f"agent/{_part(namespace, '')}"),
                    name=namespace,
                    comment=f"the Hugging Face Hub namespace {namespace} ({HUB}/{namespace})",
                )
            )
        return self.suppliers[namespace]

    def license(self, expr: str | None, refs: dict[str, str]) -> Any:
        if expr is None:
            return self.noassertion
        iri = self.iri(f"license/{_part(expr, '')}")
        if iri in self.licenses:
            return self.licenses[iri]
        lic = self.licenses[iri] = self.s.simplelicensing_LicenseExpression(
            spdxId=iri,
            simplelicensing_licenseExpression=expr,
        )
        if refs:
            lic.simplelicensing_customIdToUri = [
                self.s.DictionaryEntry(key=k, value=v) for k, v in sorted(refs.items())
            ]
        return self.add(lic)


def _release_time(rec: ModelRecord) -> datetime | None:
    if not rec.last_modified:
        return None
    try:
        when = datetime.fromisoformat(rec.last_modified.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).replace(microsecond=0)


def dataset_package(
    doc: _Doc, dataset_id: str, how: str = "declared in a model card's datasets: field"
) -> Any:
    """The ``dataset_DatasetPackage`` for a Hub dataset id (a card's ``datasets:`` entry, or
    a dataset the code loads).

    The one place datasets are built: when datasets are resolved (issue 16),
    their records add version, license and supplier here.
    """
    s = doc.s
    pkg = s.dataset_DatasetPackage(
        spdxId=doc.iri(f"dataset/{_part(dataset_id, '')}"),
        name=dataset_id,
        software_primaryPurpose=s.software_SoftwarePurpose.data,
        dataset_datasetType=[s.dataset_DatasetType.noAssertion],
        comment=f"{how}; not resolved by modeldeps",
    )
    if is_valid_repo_id(dataset_id):
        pkg.software_downloadLocation = f"{HUB}/datasets/{dataset_id}"
    return doc.add(pkg)


class SpdxReporter(Reporter):
    def render(self, result: ScanResult) -> str:
        import io
        import json

        from spdx_python_model import v3_0_1 as s

        from modeldeps.report.json import dumps
        from modeldeps.resolve.lineage import ancestry

        digest = hashlib.sha256()
        for r in result.references:
            digest.update(
                f"{r.location.path}\0{r.location.line}\0{r.model_id}\0".encode(errors="replace")
            )
        for rec in result.records:
            digest.update(
                f"{rec.id}\0{rec.requested_revision}\0{rec.sha}\0".encode(errors="replace")
            )
        namespace = f"https://spdx.org/spdxdocs/modeldeps-{digest.hexdigest()[:32]}/"
        created = datetime.now(UTC).replace(microsecond=0)
        doc = _Doc(s, namespace, created)
        verdicts = model_verdicts(result)
        levels = dict(result.levels)
        reasons: dict[str, list[str]] = {}
        for f in result.findings:
            if f.model_id and f.code != "license-duty":
                reasons.setdefault(f.model_id, []).append(f"{f.code}: {f.message}")

        keyed = {(r.id, r.requested_revision): r for r in result.records}
        packages: dict[str, Any] = {}
        for rec in sorted(result.records, key=lambda r: (r.id, r.requested_revision or "")):
            if rec.id in packages:
                continue
            packages[rec.id] = self._package(doc, rec)
        datasets: dict[str, Any] = {}
        unjudged: list[tuple[Any, str]] = []  # packages no record describes, and reason
        for mid, asset in dict.fromkeys((r.model_id, str(r.asset)) for r in result.references):
            if mid in packages:
                continue
            if asset == "dataset":  # a dataset the code loads (issue 16 resolves them)
                packages[mid] = datasets[mid] = dataset_package(doc, mid, "referenced in code")
                continue
            if asset == "api-model":
                reason = "a hosted model reached through a provider's API: no weights to download"
            elif not result.resolved:
                reason = "listed only: the scan did not resolve models (--no-resolve)"
            else:
                reason = "not looked up"
            packages[mid] = doc.add(
                s.ai_AIPackage(
                    spdxId=doc.iri(f"model/{_part(mid, '')}"),
                    name=mid,
                    software_primaryPurpose=s.software_SoftwarePurpose.model,
                    comment=reason,
                )
            )
            unjudged.append((packages[mid], reason))
        for pkg, reason in unjudged:  # the AI profile wants both relationships on every package
            doc.relate(pkg, "hasDeclaredLicense", [doc.noassertion], reason)
            doc.relate(pkg, "hasConcludedLicense", [doc.noassertion], reason)
        done: set[str] = set()
        for rec in sorted(result.records, key=lambda r: (r.id, r.requested_revision or "")):
            if rec.id in done:  # one package per model id, as above
                continue
            done.add(rec.id)
            pkg = packages[rec.id]
            # declared and concluded license: exactly one of each per package
            expr, refs, how = license_expression(rec)
            declared = doc.license(expr, refs)
            doc.relate(pkg, "hasDeclaredLicense", [declared], f"as found: {how}")
            parts = [expr] if expr else []
            allrefs = dict(refs)
            why = [f"{rec.id} declares {expr or 'no license modeldeps can place'} ({how})"]
            placed = expr is not None
            for anc in ancestry(keyed, rec.key):
                if anc.record is None:
                    placed = False
                    why.append(f"ancestor {anc.id} was not followed (lineage depth limit)")
                    continue
                aexpr, arefs, ahow = license_expression(anc.record)
                if aexpr is None:
                    placed = False
                    why.append(f"ancestor {anc.id}: {ahow}")
                    continue
                chain = " <- ".join(anc.chain)
                inferred = [str(x) for x in anc.sources if str(x) not in ("declared", "tag")]
                if inferred:
                    chain += f" (inferred: {', '.join(dict.fromkeys(inferred))})"
                if aexpr not in parts:
                    parts.append(aexpr)
                    allrefs.update(arefs)
                    why.append(f"ancestor {chain} adds {aexpr}, whose terms reach derivatives")
                else:
                    why.append(f"ancestor {chain} is under {aexpr} too")
            verdict = verdicts.get(rec.id) or {
                "deny": "denied",
                "review": "review",
                "allow": "allowed",
            }.get(levels.get(rec.id, ""), "not judged")
            why.append(f"modeldeps verdict: {verdict}")
            why += reasons.get(rec.id, [])[:3]
            concluded_expr = " AND ".join(parts) if placed and parts else None
            concluded = doc.license(concluded_expr, allrefs)
            doc.relate(pkg, "hasConcludedLicense", [concluded], "; ".join(why))
            # lineage: one relationship per edge, each saying where the edge comes from
            if rec.status is ResolveStatus.OK:
                self._lineage(doc, rec, pkg, packages)
            # training data the card declares
            if rec.status is ResolveStatus.OK and rec.datasets:
                for ds in rec.datasets:
                    if ds not in datasets:
                        datasets[ds] = dataset_package(doc, ds)
                doc.relate(
                    pkg,
                    "trainedOn",
                    [datasets[d] for d in rec.datasets],
                    "the model card's datasets:",
                )

        resolved = {r.id: r for r in result.datasets if r.requested_revision is None}
        for ds_id, ds_pkg in datasets.items():
            none = doc.noassertion
            drec = resolved.get(ds_id)
            expr, lic_refs, how = (
                license_expression(drec) if drec is not None else (None, {}, "not resolved")
            )
            if drec is not None and drec.status is ResolveStatus.OK:
                # issue 16: the dataset's card, as resolved (its commit, its license)
                ds_pkg.comment = f"dataset resolved by modeldeps from {drec.source}"
                if drec.sha:
                    ds_pkg.software_packageVersion = drec.sha
            if expr is None:
                doc.relate(ds_pkg, "hasDeclaredLicense", [none], f"dataset license: {how}")
                doc.relate(ds_pkg, "hasConcludedLicense", [none], f"dataset license: {how}")
            else:
                lic = doc.license(expr, lic_refs)
                doc.relate(ds_pkg, "hasDeclaredLicense", [lic], f"as found: {how}")
                doc.relate(ds_pkg, "hasConcludedLicense", [lic], f"the dataset card's: {how}")

        # the scanned repository, its files and what they use
        root = doc.add(
            s.software_Package(
                spdxId=doc.iri("package/scanned-repository"),
                name="modeldeps-scan",
                software_primaryPurpose=s.software_SoftwarePurpose.source,
                comment="the repository modeldeps scanned; each model it names is a dependency",
            )
        )
        direct = [packages[m] for m in dict.fromkeys(r.model_id for r in result.references)]
        if direct:
            doc.relate(root, "dependsOn", direct, "models the repository references directly")
        by_file: dict[str, list[Reference]] = {}
        for r in result.references:
            by_file.setdefault(r.location.path, []).append(r)
        files = []
        for path in sorted(by_file):
            refs_here = by_file[path]
            scope = str(refs_here[0].scope)
            f = doc.add(
                s.software_File(
                    spdxId=doc.iri(f"file/{_part(path, '/')}"),
                    name=path,
                    software_fileKind=s.software_FileKindType.file,
                    software_primaryPurpose=getattr(
                        s.software_SoftwarePurpose, _FILE_PURPOSE[scope]
                    ),
                )
            )
            files.append(f)
            for mid in dict.fromkeys(r.model_id for r in refs_here):
                uses = [r for r in refs_here if r.model_id == mid]
                lines = ", ".join(
                    f"line {u.location.line} ({u.kind}, {u.scope})" for u in uses[:20]
                )
                lifecycle = _LIFECYCLE.get(str(uses[0].scope), "other")
                doc.relate(
                    f,
                    "dependsOn",
                    [packages[mid]],
                    f"{path} names {mid} at {lines}",
                    scope=getattr(s.LifecycleScopeType, lifecycle),
                )
        if files:
            doc.relate(root, "contains", files, "files that name a model")
        sbom = doc.add(
            s.software_Sbom(
                spdxId=doc.iri("sbom"),
                software_sbomType=[s.software_SbomType.analyzed],
                rootElement=[root],
                element=list(doc.elements),
            )
        )
        # Not "dataset": datasets are not resolved yet, so their packages lack what that
        # profile requires (release time, originator); issue 16 adds it with them.
        profiles = ["core", "software", "simpleLicensing", "ai"]
        document = doc.add(
            s.SpdxDocument(
                spdxId=doc.iri("document"),
                name="modeldeps AI BOM",
                rootElement=[sbom],
                element=[e for e in doc.elements if e is not sbom],
                profileConformance=[getattr(s.ProfileIdentifierType, p) for p in profiles],
            )
        )
        objset = s.SHACLObjectSet()
        for e in doc.elements:
            objset.add(e)
        del document
        buf = io.BytesIO()
        s.JSONLDSerializer().write(objset, buf, indent=None)
        return dumps(json.loads(buf.getvalue().decode("utf-8")))

    def _lineage(self, doc: _Doc, rec: ModelRecord, pkg: Any, packages: dict[str, Any]) -> None:
        """descendantOf / hasVariant / dependsOn for each edge to a base in the document.

        A base the known-families table names (``family:<key>``) is no package; its
        license still reaches the concluded license, through the ancestry.
        """
        from modeldeps.resolve.lineage import edges_of

        s = doc.s
        for e in edges_of(rec):
            base = packages.get(e.base)
            if base is None:
                continue
            relation = e.relation or rec.relation or ""
            how = (
                "declared by the card's base_model"
                if str(e.source) == "declared"
                else (
                    f"from the Hub's {e.source}" if not e.inferred else f"inferred from {e.source}"
                )
            )
            note = how + (f" ({e.evidence})" if e.inferred and e.evidence else "")
            note += f"; relation: {relation}" if relation else ""
            if relation == "quantized":
                doc.relate(base, "hasVariant", [pkg], f"{rec.id} is a quantization, {note}")
            else:
                doc.relate(pkg, "descendantOf", [base], note)
            if relation == "adapter":
                doc.relate(
                    pkg,
                    "dependsOn",
                    [base],
                    "an adapter runs only on its base model's weights",
                    scope=s.LifecycleScopeType.runtime,
                )

    def _package(self, doc: _Doc, rec: ModelRecord) -> Any:
        s = doc.s
        ident = component_id(rec)
        pkg = s.ai_AIPackage(
            spdxId=doc.iri(f"model/{_part(rec.id, '')}"),
            name=ident,
            software_primaryPurpose=s.software_SoftwarePurpose.model,
        )
        sha = (rec.sha or "").lower()
        if rec.status is not ResolveStatus.OK:
            pkg.comment = f"could not be resolved: {rec.status}" + (
                f" ({rec.reason})" if rec.reason else ""
            )
        if is_commit_sha(sha):
            pkg.software_packageVersion = sha
        elif rec.requested_revision:
            pkg.software_packageVersion = rec.requested_revision
        if is_valid_repo_id(ident) and rec.status is ResolveStatus.OK:
            at = f"/tree/{sha}" if is_commit_sha(sha) else ""
            pkg.software_downloadLocation = f"{HUB}/{ident}{at}"
            pkg.software_homePage = f"{HUB}/{ident}"
        purl = purl_for(rec)
        if purl is not None:
            text = purl.to_string()
            pkg.software_packageUrl = text
            pkg.externalIdentifier = [
                s.ExternalIdentifier(
                    externalIdentifierType=s.ExternalIdentifierType.packageUrl, identifier=text
                )
            ]
        when = _release_time(rec)
        if when is not None:
            pkg.releaseTime = when
        if "/" in ident and rec.status is ResolveStatus.OK:
            pkg.suppliedBy = doc.supplier(ident.split("/", 1)[0])
        texts = attribution_texts(rec)
        if texts:
            pkg.software_attributionText = texts
        if rec.relation and rec.base_models:
            pkg.ai_informationAboutTraining = (
                f"{rec.relation} of {', '.join(rec.base_models)} (the card's base_model)"
            )
        return doc.add(pkg)
