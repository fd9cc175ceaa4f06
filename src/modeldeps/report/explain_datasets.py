"""``modeldeps explain`` for a dataset: what the Hub says and how both roles decide it."""

from __future__ import annotations

from collections.abc import Mapping

from modeldeps.knowledge.licenses import LicenseKB, identify
from modeldeps.model import Finding, ModelRecord, ResolveStatus
from modeldeps.report.explain import facts_lines
from modeldeps.report.text import license_label
from modeldeps.textsafe import block
from modeldeps.textsafe import line as esc

TYPE_CHECKING = False
if TYPE_CHECKING:
    from modeldeps.policy.config import ValidPolicy

Key = tuple[str, str | None]


def render_dataset(
    key: Key,
    records: Mapping[Key, ModelRecord],
    kb: LicenseKB,
    policy: ValidPolicy,
    findings: list[Finding],
) -> str:
    from modeldeps.policy.datasets import rules, worst

    rec = records.get(key)
    title = key[0] + (f"@{key[1]}" if key[1] else "")
    out = [f"{esc(title)} (dataset)"]
    if rec is None:
        return block(out[0] + ": not resolved") + "\n"
    if rec.status is not ResolveStatus.OK:
        out.append(f"  status: {rec.status} - {esc(str(rec.reason))}")
    else:
        out.append(f"  canonical id: {rec.canonical_id}  commit: {rec.sha}  from: {rec.source}")
        extras = [
            f"gated: {rec.gated}" if rec.gated else "",
            "private" if rec.private else "",
            f"tasks: {', '.join(rec.tasks)}" if rec.tasks else "",
            f"last modified: {rec.last_modified or 'unknown'}",
        ]
        out.append("  " + "; ".join(esc(e) for e in extras if e))
        if rec.gated_terms:
            out.append(f"  access form: {esc(rec.gated_terms)}")
        out.append("")
        out.append("License evidence:")
        lic = rec.license
        if lic is not None:
            out.append(
                f"  {esc(str(lic.value))} from {esc(lic.source)}"
                + (f", license_name {esc(lic.name)}" if lic.name else "")
                + (f", license_link {esc(lic.link)}" if lic.link else "")
            )
        else:
            out.append("  none declared")
        if rec.license_file is not None:
            first = rec.license_file.excerpt.strip().splitlines()[:1]
            out.append(
                f"  {esc(rec.license_file.path)} (sha256 {esc(rec.license_file.sha256[:12])}): "
                f"{esc(first[0]) if first else ''}"
            )
        ident = identify(rec, kb)
        if ident.facts is not None:
            out.append("")
            out.append(f"License facts ({ident.how}):")
            out.extend(facts_lines(ident.facts))
        if rec.base_models:
            out.append("")
            out.append("Derived from (source_datasets):")
            for base in rec.base_models:
                brec = records.get((base, None))
                label = license_label(brec) if brec is not None else "not resolved"
                out.append(f"  <- {esc(base)}  {esc(label)}")
        out.append("")
        out.append(f"Decision ({esc(policy.source)}):")
        for role, what in (("used", "used directly"), ("training", "as a model's training data")):
            found = worst(key, records, rules(policy, role), kb, role)
            if found is None:
                continue
            v, chain = found
            via = f" (decided by {esc(chain[-1])})" if len(chain) > 1 else ""
            out.append(f"  {what}: {v.level} by {esc(v.rule)}{via}")
    if findings:
        out.append("")
        out.append("Findings:")
        for f in findings:
            out.append(f"  {f.severity}: {f.code}: {esc(f.message)}")
    return block("\n".join(out)) + "\n"
