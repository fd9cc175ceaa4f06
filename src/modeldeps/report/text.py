"""The text report, for a person at a terminal.

Grouped by verdict (denied, needs review, allowed), then by model: each with
its license, lineage, every file:line that uses it, and the reason and duty
in one line each. In quiet (hook) mode a clean run prints nothing and a
failing one prints compiler-style ``path:line:col: severity: message`` lines.
"""

from __future__ import annotations

from collections import defaultdict

from modeldeps.model import (
    Asset,
    Finding,
    ModelRecord,
    Reference,
    ResolveStatus,
    ScanResult,
    Severity,
)
from modeldeps.report.base import Reporter, subject
from modeldeps.textsafe import guard
from modeldeps.textsafe import line as esc

_STYLES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "green": "32", "cyan": "36"}
_RANK = {Severity.NOTE: 1, Severity.WARNING: 2, Severity.ERROR: 3}
_MARK = {Severity.ERROR: "x", Severity.WARNING: "!", Severity.NOTE: "-"}


def license_label(rec: ModelRecord | None) -> str:
    """The license as a person reads it; raw text: each format escapes it for its medium."""
    if rec is None:
        return ""
    if rec.status is not ResolveStatus.OK:
        return str(rec.status)
    lic = rec.license
    if lic is None:
        text = "no license declared"
    elif lic.value == "other" and lic.name:
        text = f"other: {lic.name}"
    else:
        text = lic.value or "unknown"
    if rec.license_file is not None and (lic is None or lic.value in ("other", "unknown", None)):
        excerpt = rec.license_file.excerpt.strip()
        title = excerpt.splitlines()[0][:60] if excerpt else rec.license_file.path
        text += f" ({rec.license_file.path}: {title})"
    return text


def _group(asset: str) -> str:
    """The block a reference or finding goes to: a dataset's own, else its model's (a
    Hub model and an API model of the same name share one, as its open weights do)."""
    return "dataset" if asset == Asset.DATASET else "model"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


class TextReporter(Reporter):
    is_manifest = False

    def _c(self, text: str, style: str) -> str:
        if not self.options.color:
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"

    def _lineage(self, rec: ModelRecord, records: dict[str, ModelRecord]) -> list[str]:
        from modeldeps.knowledge.families import family_record, is_family
        from modeldeps.resolve.lineage import edges_of

        out: list[str] = []
        seen = {rec.id}
        frontier = [(e, 1) for e in edges_of(rec)]
        while frontier:
            edge, depth = frontier.pop(0)
            base = edge.base
            if base in seen or depth > 10:
                continue
            seen.add(base)
            brec = family_record(base) if is_family(base) else records.get(base)
            label = license_label(brec) if brec is not None else "not resolved"
            rel = (
                "derived from "  # a dataset's source_datasets
                if edge.relation == "derived"
                else f"{edge.relation} of "
                if edge.relation
                else ""
            )
            # every edge says where it comes from; an inferred one quotes its evidence
            how = f"[{edge.source}]" if not edge.inferred else f"[inferred: {edge.source}]"
            out.append(
                f"    {'  ' * (depth - 1)}<- {esc(rel)}{esc(base)}  {self._c(esc(label), 'dim')}"
                f"  {self._c(esc(how), 'dim')}"
            )
            if edge.inferred and edge.evidence:
                out.append(f"    {'  ' * depth}   {self._c(esc(edge.evidence), 'dim')}")
            if brec is not None:
                frontier[0:0] = [(e, depth + 1) for e in edges_of(brec)]
        return out

    def _training(self, rec: ModelRecord, result: ScanResult) -> list[str]:
        """The datasets a model was trained on (its card's and its bases'), one line each."""
        from modeldeps.policy.datasets import training_uses

        models = {(r.id, r.requested_revision): r for r in result.records}
        data = {r.id: r for r in result.datasets if r.requested_revision is None}
        uses, free, _silent = training_uses((rec.id, rec.requested_revision), models)
        out = []
        for use in uses:
            label = license_label(data.get(use.dataset)) or "not resolved"
            via = f", inherited via {esc(use.via[-1])}" if use.via else ""
            out.append(
                f"    trained on {esc(use.dataset)}  {self._c(esc(label), 'dim')}"
                + self._c(f"  (dataset{via})", "dim")
            )
        if free:
            shown = ", ".join(esc(f) for f in free[:3])
            out.append(self._c(f"    trained on (not Hub datasets): {shown}", "dim"))
        return out

    def _locations(self, refs: list[Reference]) -> list[str]:
        out = []
        for ref in refs:
            loc = f"{esc(ref.location.path)}:{ref.location.line}:{ref.location.column}"
            extra = [f"revision {esc(ref.revision)}"] if ref.revision else []
            if ref.scope not in ("code", "config"):
                extra.append(str(ref.scope))  # test, docs, comment: say where it sits
            extra.extend(sorted(esc(f) for f in ref.flags if not f.startswith("ignore:")))
            tail = self._c(f"  [{', '.join(extra)}]", "dim") if extra else ""
            out.append(f"    {loc}{tail}")
        return out

    def _finding_line(self, f: Finding) -> str:
        if f.code == "license-duty":
            return f"    duty: {esc(f.duty or f.message)}"
        where = ""
        if f.origin is not None:
            where = f" [{esc(f.origin.file)}{':' + str(f.origin.line) if f.origin.line else ''}]"
        style = {"error": "red", "warning": "yellow", "note": "dim"}[f.severity.value]
        return self._c(f"    {_MARK[f.severity]} {f.code}: {esc(f.message)}", style) + self._c(
            where, "dim"
        )

    def _quiet(self, result: ScanResult) -> str:
        threshold = _RANK[Severity(self.options.fail_on)]
        lines: list[str] = []
        for f in result.findings:
            if _RANK[f.severity] < threshold:
                continue
            refs = f.references or ()
            if not refs:
                lines.append(
                    f"{esc(f.origin.file) if f.origin else 'policy'}:"
                    f"{f.origin.line if f.origin and f.origin.line else 1}: "
                    f"{f.severity}: {f.code}: {esc(f.message)}"
                )
            for r in refs:
                loc = r.location
                lines.append(
                    f"{esc(loc.path)}:{loc.line}:{loc.column}: {f.severity}: {f.code}: "
                    f"{esc(f.message)}"
                )
        failed_notes = [n for n in result.notes if n.kind == "failed"]
        for n in failed_notes:
            lines.append(f"{esc(n.path)}:{n.line or 1}: note: not fully read: {esc(n.message)}")
        return guard("\n".join(lines) + "\n") if lines else ""

    def render(self, result: ScanResult) -> str:
        if self.options.quiet and not self.options.verbose:
            return self._quiet(result)
        out: list[str] = []
        # one block per subject: a model, or a dataset (marked), keyed apart
        by_model: dict[tuple[str, str], list[Reference]] = defaultdict(list)
        for ref in result.references:
            by_model[(_group(ref.asset), ref.model_id)].append(ref)
        records = {r.id: r for r in result.records if r.requested_revision is None}
        by_key = {(r.id, r.requested_revision): r for r in result.records}
        data_key = {(r.id, r.requested_revision): r for r in result.datasets}
        findings: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        referenced_ids = {model_id for _asset, model_id in by_model}
        for f in result.findings:
            # an API model's open weights show under the API model (report.base.subject)
            sid = subject(f, referenced_ids) or ""
            findings[(_group(f.asset), sid)].append(f)
        used_data = {(r.model_id, r.revision) for r in result.references if r.asset == "dataset"}
        failed = [r for r in result.records if r.status is not ResolveStatus.OK] + [
            r for r in result.datasets if r.status is not ResolveStatus.OK and r.key in used_data
        ]
        unresolved_ids = {(_group(r.asset), r.id) for r in failed}

        groups: dict[str, list[str]] = {"denied": [], "review": [], "allowed": [], "listed": []}
        counts: dict[str, int] = defaultdict(int)
        for item in sorted(by_model, key=lambda s: (s[1].lower(), s[0])):
            asset, model_id = item
            refs = by_model[item]
            fs = findings.get(item, [])
            worst = max((_RANK[f.severity] for f in fs if f.code != "license-duty"), default=0)
            if not result.resolved:
                group = "listed"
            elif item in unresolved_ids and worst <= _RANK[Severity.WARNING]:
                group = "review" if worst else "allowed"
            else:
                group = {3: "denied", 2: "review"}.get(worst, "allowed")
            revs = sorted({r.revision or "" for r in refs})
            table = data_key if asset == Asset.DATASET else by_key
            recs = [table.get((model_id, rev or None)) for rev in revs]
            labels = sorted({license_label(r) for r in recs if r is not None})
            head = f"  {self._c(esc(model_id), 'bold')}"
            if asset == Asset.DATASET:
                head += self._c(f" ({asset})", "dim")
            if labels:
                head += f"  {self._c(', '.join(esc(x) for x in labels), 'cyan')}"
            block = [f"{head}  ({_plural(len(refs), 'use')})"]
            rec = next((r for r in recs if r is not None), None)
            if rec is not None and rec.status is ResolveStatus.OK:
                lineage_of = (
                    {r.id: r for r in result.datasets} if asset == Asset.DATASET else records
                )
                block.extend(self._lineage(rec, lineage_of))
                if asset == Asset.MODEL and result.datasets:
                    block.extend(self._training(rec, result))
            if rec is not None and asset == Asset.DATASET and rec.gated:
                terms = f": {esc(rec.gated_terms)}" if rec.gated_terms else ""
                block.append(self._c(f"    gated ({esc(str(rec.gated))}){terms}", "dim"))
            block.extend(self._locations(refs))
            shown = [
                f
                for f in fs
                if f.severity is not Severity.NOTE
                or f.code == "license-duty"
                or self.options.verbose
            ]
            block.extend(self._finding_line(f) for f in shown)
            groups[group].extend(block)
            counts[group] += 1
        titles = {
            "denied": ("Denied", "red"),
            "review": ("Needs review", "yellow"),
            "allowed": ("Allowed", "green"),
            "listed": ("Models referenced", "bold"),
        }
        for name, (title, style) in titles.items():
            if groups[name]:
                if out:
                    out.append("")
                out.append(self._c(title, style))
                out.extend(groups[name])
        if result.api_models:  # the closed half, by provider (report/apimodels.py)
            from modeldeps.report.apimodels import by_provider, describe, locations

            out.append("")
            out.append(self._c("Hosted API models (by provider)", "bold"))
            for provider, api_recs in by_provider(result).items():
                out.append(f"  {self._c(esc(provider), 'cyan')}")
                for a in api_recs:
                    uses = locations(result, a)
                    where = ", ".join(esc(u) for u in uses[:3]) + (" ..." if len(uses) > 3 else "")
                    out.append(f"    {esc(describe(a))}  {where}")
        general = [f for (_a, subject_id), fs in findings.items() if not subject_id for f in fs]
        if general:
            out.append("")
            out.append(self._c("Policy", "bold"))
            out.extend(self._finding_line(f) for f in general)
        if failed:
            out.append("")
            out.append(self._c("Could not resolve:", "red"))
            for rec in failed:
                label = rec.id + (f"@{rec.requested_revision}" if rec.requested_revision else "")
                out.append(f"  {esc(label)}: {rec.status} - {esc(rec.reason or 'no reason given')}")
        problems = [
            n for n in result.notes if n.kind in ("failed", "fallback") or self.options.verbose
        ]
        if problems:
            out.append("")
            out.append(self._c("Files not fully read:", "yellow"))
            for n in problems:
                where = f"{esc(n.path)}:{n.line}" if n.line else esc(n.path)
                out.append(f"  {where}: {esc(n.message)}")
        for msg in result.messages:
            out.append(self._c(f"warning: {esc(msg)}", "yellow"))
        if out:
            out.append("")
        out.append(self._summary(result, by_model, counts, failed))
        return guard("\n".join(out) + "\n")

    def _summary(
        self,
        result: ScanResult,
        by_model: dict[tuple[str, str], list[Reference]],
        counts: dict[str, int],
        failed: list[ModelRecord],
    ) -> str:
        s = result.stats
        n_data = sum(1 for a, _id in by_model if a == Asset.DATASET)
        n_models = len(by_model) - n_data
        subjects = _plural(n_models, "model")
        if n_data:
            subjects += f" and {_plural(n_data, 'dataset')}"
        parts = [
            f"{_plural(len(result.references), 'reference')} to "
            f"{subjects} in "
            f"{_plural(s.files_scanned, 'file')} scanned"
        ]
        if result.resolved:
            verdicts = [
                f"{counts['denied']} denied",
                f"{counts['review']} to review",
                f"{counts['allowed']} allowed",
            ]
            if failed:
                verdicts.append(f"{len(failed)} unresolved")
            parts.append(", ".join(verdicts))
        extras = []
        if s.files_skipped:
            extras.append(f"{s.files_skipped} skipped")
        if s.files_failed:
            extras.append(f"{s.files_failed} not fully read")
        summary = "; ".join(parts)
        if extras:
            summary += f" ({', '.join(extras)})"
        return summary
