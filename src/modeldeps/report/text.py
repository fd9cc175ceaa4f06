"""The text report, for a person at a terminal."""

from __future__ import annotations

from collections import defaultdict

from modeldeps.model import ModelRecord, Reference, ResolveStatus, ScanResult
from modeldeps.report.base import Reporter

_STYLES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "green": "32", "cyan": "36"}


def license_label(rec: ModelRecord | None) -> str:
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
        title = (
            rec.license_file.excerpt.strip().splitlines()[0][:60]
            if (rec.license_file.excerpt.strip())
            else rec.license_file.path
        )
        text += f" ({rec.license_file.path}: {title})"
    return text


class TextReporter(Reporter):
    is_manifest = False

    def _c(self, text: str, style: str) -> str:
        if not self.options.color:
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"

    def _lineage(self, rec: ModelRecord, records: dict[str, ModelRecord]) -> list[str]:
        out: list[str] = []
        seen = {rec.id}
        frontier = [(b, 1) for b in rec.base_models]
        while frontier:
            base, depth = frontier.pop(0)
            if base in seen or depth > 10:
                continue
            seen.add(base)
            brec = records.get(base)
            label = license_label(brec) if brec is not None else "not resolved"
            relation = f"{rec.relation} of " if depth == 1 and rec.relation else ""
            out.append(f"{'  ' * depth}<- {relation}{base}  {self._c(label, 'dim')}")
            if brec is not None:
                frontier[0:0] = [(b, depth + 1) for b in brec.base_models]
        return out

    def render(self, result: ScanResult) -> str:
        out: list[str] = []
        by_model: dict[str, list[Reference]] = defaultdict(list)
        for ref in result.references:
            by_model[ref.model_id].append(ref)
        records = {r.id: r for r in result.records if r.requested_revision is None}
        by_key = {(r.id, r.requested_revision): r for r in result.records}
        failed = [r for r in result.records if r.status is not ResolveStatus.OK]
        quiet_clean = self.options.quiet and not result.findings and not failed
        if quiet_clean:
            return ""
        if not (self.options.quiet and not self.options.verbose):
            for model_id in sorted(by_model, key=str.lower):
                refs = by_model[model_id]
                revs = sorted({r.revision or "" for r in refs})
                recs = [by_key.get((model_id, rev or None)) for rev in revs]
                labels = sorted({license_label(r) for r in recs if r is not None})
                head = f"{self._c(model_id, 'bold')}"
                if labels:
                    head += f"  {self._c(', '.join(labels), 'cyan')}"
                out.append(f"{head}  ({len(refs)} use{'s' if len(refs) != 1 else ''})")
                rec = next((r for r in recs if r is not None), None)
                if rec is not None and rec.status is ResolveStatus.OK:
                    out.extend(self._lineage(rec, records))
                for ref in refs:
                    loc = f"{ref.location.path}:{ref.location.line}:{ref.location.column}"
                    extra = []
                    if ref.revision:
                        extra.append(f"revision {ref.revision}")
                    extra.extend(sorted(f for f in ref.flags if not f.startswith("ignore:")))
                    tail = self._c(f"  [{', '.join(extra)}]", "dim") if extra else ""
                    out.append(f"  {loc}{tail}")
        if failed:
            if out:
                out.append("")
            out.append(self._c("Could not resolve:", "red"))
            for rec in failed:
                label = rec.id + (f"@{rec.requested_revision}" if rec.requested_revision else "")
                out.append(f"  {label}: {rec.status} - {rec.reason or 'no reason given'}")
        problems = [
            n for n in result.notes if n.kind in ("failed", "fallback") or self.options.verbose
        ]
        if problems:
            if out:
                out.append("")
            out.append(self._c("Files not fully read:", "yellow"))
            for n in problems:
                where = f"{n.path}:{n.line}" if n.line else n.path
                out.append(f"  {where}: {n.message}")
        for msg in result.messages:
            out.append(self._c(f"warning: {msg}", "yellow"))
        s = result.stats
        n_refs, n_models = len(result.references), len(by_model)
        summary = (
            f"{n_refs} reference{'s' if n_refs != 1 else ''}"
            f" to {n_models} model{'s' if n_models != 1 else ''}"
            f" in {s.files_scanned} file{'s' if s.files_scanned != 1 else ''} scanned"
        )
        extras = []
        if s.files_skipped:
            extras.append(f"{s.files_skipped} skipped")
        if s.files_failed:
            extras.append(f"{s.files_failed} not fully read")
        if failed:
            extras.append(f"{len(failed)} unresolved")
        if extras:
            summary += f" ({', '.join(extras)})"
        if out:
            out.append("")
        out.append(summary)
        return "\n".join(out) + "\n"
