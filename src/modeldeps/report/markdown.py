"""Markdown summary: for a pull-request comment or $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from collections import defaultdict

from modeldeps.model import Reference, ScanResult, Severity
from modeldeps.report.base import Reporter, model_verdicts, subject
from modeldeps.report.text import license_label
from modeldeps.textsafe import guard, line

_ICON = {
    "denied": "❌ denied",
    "review": "⚠️ review",
    "allowed": "✅ allowed",
    "unresolved": "❓ unresolved",
    "listed": "listed",
}
_ORDER = ["denied", "unresolved", "review", "allowed", "listed"]


def cell(text: str) -> str:
    """Table-cell text that cannot break the table or inject markup.

    Control characters, bidi controls and undecodable bytes are shown escaped first
    (``textsafe.line``: one line, tokens redacted); then every character Markdown or
    HTML could read as markup is backslash-escaped.
    """
    out = line(text).replace("\\", "\\\\").replace("|", "\\|")
    for ch in "<>[]*_`#!&~":
        out = out.replace(ch, "\\" + ch)
    return out


def code(text: str) -> str:
    clean = line(text).replace("`", "'").replace("|", "\\|")
    return f"`{clean}`"


class MarkdownReporter(Reporter):
    def render(self, result: ScanResult) -> str:
        verdicts = model_verdicts(result)
        counts: dict[str, int] = defaultdict(int)
        for v in verdicts.values():
            counts[v] += 1
        refs: dict[str, list[Reference]] = defaultdict(list)
        for r in result.references:
            refs[r.model_id].append(r)
        records = {r.id: r for r in result.records}
        data = {r.id: r for r in result.datasets}
        kinds = {r.model_id: r.asset for r in result.references}
        reasons: dict[str, list[str]] = defaultdict(list)
        duties: dict[str, list[str]] = defaultdict(list)
        for f in result.findings:
            m = subject(f, refs)
            if m is None:
                continue
            if f.code == "license-duty":
                duties[m].append(f.duty or f.message)
            elif f.severity is not Severity.NOTE:
                reasons[m].append(f"{f.code}: {f.message}")
        parts = [f"{counts[v]} {v}" for v in _ORDER if counts.get(v)]
        out = [f"## modeldeps: {', '.join(parts) if parts else 'no models found'}", ""]
        if verdicts:
            out += ["| Verdict | Model | License | Used at | Reason |", "|---|---|---|---|---|"]
            for model in sorted(verdicts, key=lambda m: (_ORDER.index(verdicts[m]), m.lower())):
                uses = refs[model]
                where = ", ".join(
                    code(f"{r.location.path}:{r.location.line}")
                    + ("" if r.scope in ("code", "config") else f" ({r.scope})")
                    for r in uses[:3]
                )
                if len(uses) > 3:
                    where += f" and {len(uses) - 3} more"
                why = "<br>".join(cell(x) for x in reasons.get(model, [])[:3])
                if duties.get(model):
                    why += ("<br>" if why else "") + "Duty: " + cell(duties[model][0])
                dataset = kinds.get(model) == "dataset"
                lic = cell(license_label((data if dataset else records).get(model))) or "-"
                name = code(model) + (" (dataset)" if dataset else "")
                out.append(
                    f"| {_ICON[verdicts[model]]} | {name} | {lic} | {where} | {why or '-'} |"
                )
        out += _training_table(result)
        from modeldeps.report.graph import build
        from modeldeps.report.mermaid import markdown_section

        out += markdown_section(build(result, max_nodes=80, only_lineage=True))
        if result.api_models:  # the closed half (report/apimodels.py)
            from modeldeps.report.apimodels import by_provider, describe, locations

            out += [
                "",
                "**Hosted API models**",
                "",
                "| Provider | Model | Used at |",
                "|---|---|---|",
            ]
            for provider, api_recs in by_provider(result).items():
                for a in api_recs:
                    at = locations(result, a)
                    where = ", ".join(code(u) for u in at[:3])
                    if len(at) > 3:
                        where += f" and {len(at) - 3} more"
                    out.append(f"| {cell(provider)} | {cell(describe(a))} | {where or '-'} |")
        general = [f for f in result.findings if f.model_id is None]
        if general:
            out += ["", "**Policy**", ""]
            out += [f"- {cell(f.code)}: {cell(f.message)}" for f in general]
        s = result.stats
        out += [
            "",
            f"{len(result.references)} references in {s.files_scanned} files scanned"
            + (f", {s.files_skipped} skipped" if s.files_skipped else "")
            + (f", {s.files_failed} not fully read" if s.files_failed else "")
            + ".",
        ]
        return guard("\n".join(out) + "\n")


def _training_table(result: ScanResult) -> list[str]:
    """Each referenced model's training data (its card's and its bases'), with licenses."""
    if not result.datasets:
        return []
    from modeldeps.policy.datasets import training_uses

    models = {(r.id, r.requested_revision): r for r in result.records}
    data = {r.id: r for r in result.datasets if r.requested_revision is None}
    rows = []
    for key in dict.fromkeys(
        (r.model_id, r.revision) for r in result.references if r.asset == "model"
    ):
        for use in training_uses(key, models)[0] if key in models else []:
            via = code(use.via[-1]) if use.via else "own card"
            lic = cell(license_label(data.get(use.dataset))) or "-"
            rows.append(f"| {code(use.model)} | {code(use.dataset)} | {lic} | {via} |")
    if not rows:
        return []
    head = ["", "**Training data**", "", "| Model | Dataset | License | Declared by |"]
    return [*head, "|---|---|---|---|", *rows]
