"""The text report, for a person at a terminal."""

from __future__ import annotations

from collections import defaultdict

from modeldeps.model import Reference, ScanResult
from modeldeps.report.base import Reporter

_STYLES = {"bold": "1", "dim": "2", "red": "31", "yellow": "33", "green": "32", "cyan": "36"}


class TextReporter(Reporter):
    is_manifest = False

    def _c(self, text: str, style: str) -> str:
        if not self.options.color:
            return text
        return f"\x1b[{_STYLES[style]}m{text}\x1b[0m"

    def render(self, result: ScanResult) -> str:
        out: list[str] = []
        by_model: dict[str, list[Reference]] = defaultdict(list)
        for ref in result.references:
            by_model[ref.model_id].append(ref)
        quiet_clean = self.options.quiet and not result.findings
        if not quiet_clean:
            for model_id in sorted(by_model, key=str.lower):
                refs = by_model[model_id]
                out.append(
                    f"{self._c(model_id, 'bold')}  ({len(refs)} use{'s' if len(refs) != 1 else ''})"
                )
                for ref in refs:
                    loc = f"{ref.location.path}:{ref.location.line}:{ref.location.column}"
                    extra = []
                    if ref.revision:
                        extra.append(f"revision {ref.revision}")
                    extra.extend(sorted(f for f in ref.flags if not f.startswith("ignore:")))
                    tail = self._c(f"  [{', '.join(extra)}]", "dim") if extra else ""
                    out.append(f"  {loc}{tail}")
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
        if self.options.quiet and quiet_clean:
            return ""
        s = result.stats
        summary = (
            f"{len(result.references)} reference{'s' if len(result.references) != 1 else ''}"
            f" to {len(by_model)} model{'s' if len(by_model) != 1 else ''}"
            f" in {s.files_scanned} file{'s' if s.files_scanned != 1 else ''} scanned"
        )
        extras = []
        if s.files_skipped:
            extras.append(f"{s.files_skipped} skipped")
        if s.files_failed:
            extras.append(f"{s.files_failed} not fully read")
        if extras:
            summary += f" ({', '.join(extras)})"
        if out:
            out.append("")
        out.append(summary)
        return "\n".join(out) + "\n"
