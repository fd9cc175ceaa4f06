"""The pull-request comment: what a change adds, its verdicts and duties, then the inventory.

The first line is a hidden marker the Action finds its own comment by, so it
updates one comment in place instead of adding another. With ``--new-since``
the table lists only the models (or revisions) the base did not reference;
the full Markdown report (table and lineage graph) follows, collapsed. The
comment is empty, and the Action deletes its old one, when the change adds
nothing and no finding reaches ``--fail-on``. GitHub refuses comment bodies
over 65,536 characters, so an inventory that would pass that is left out
with a note.
"""

from __future__ import annotations

from modeldeps.model import ScanResult, Severity
from modeldeps.report.base import Reporter, model_verdicts
from modeldeps.report.markdown import _ICON, MarkdownReporter, cell, code
from modeldeps.report.text import license_label

MARKER = "<!-- modeldeps:pull-request-comment -->"
LIMIT = 65536
_RANK = {Severity.NOTE: 1, Severity.WARNING: 2, Severity.ERROR: 3}


class CommentReporter(Reporter):
    is_manifest = False

    def render(self, result: ScanResult) -> str:
        threshold = _RANK[Severity(self.options.fail_on)]
        failing = [f for f in result.findings if _RANK[f.severity] >= threshold]
        changed = result.changed
        if changed is not None and not changed and not failing:
            return ""
        verdicts = model_verdicts(result)
        records = {r.id: r for r in result.records}
        if changed is None:
            keys = list(dict.fromkeys((r.model_id, r.revision) for r in result.references))
            title = f"{len(verdicts)} models in this repository"
        else:
            keys = list(changed)
            title = f"this change adds or changes {len(keys)} model" + (
                "s" if len(keys) != 1 else ""
            )
        duties: dict[str, list[str]] = {}
        reasons: dict[str, list[str]] = {}
        for f in result.findings:
            if f.model_id is None:
                continue
            if f.code == "license-duty":
                duties.setdefault(f.model_id, []).append(f.duty or f.message)
            elif f.severity is not Severity.NOTE:
                reasons.setdefault(f.model_id, []).append(f"{f.code}: {f.message}")
        out = [MARKER, f"## modeldeps: {title}", ""]
        if keys:
            out += ["| Verdict | Model | License | Why | Duties |", "|---|---|---|---|---|"]
            for mid, rev in sorted(keys, key=lambda k: (k[0].lower(), k[1] or "")):
                verdict = verdicts.get(mid, "listed")
                shown = f"{mid}@{rev}" if rev else mid
                why = "<br>".join(cell(x) for x in reasons.get(mid, [])[:3]) or "-"
                duty = "<br>".join(cell(x) for x in duties.get(mid, [])[:3]) or "-"
                lic = cell(license_label(records.get(mid))) or "-"
                out.append(f"| {_ICON[verdict]} | {code(shown)} | {lic} | {why} | {duty} |")
        general = [f for f in failing if f.model_id is None]
        if general:
            out += ["", "**Policy**", ""]
            out += [f"- {cell(f.code)}: {cell(f.message)}" for f in general]
        inventory = MarkdownReporter(self.options).render(result)
        heading, _, body = inventory.partition("\n")
        summary = heading.removeprefix("## modeldeps: ")
        details = [
            "",
            "",
            f"<details><summary>Full inventory: {cell(summary)}</summary>",
            "",
            body.strip("\n"),
            "",
            "</details>",
        ]
        text = "\n".join(out)
        if len(text) + len("\n".join(details)) + 200 < LIMIT:
            text += "\n".join(details)
        else:
            text += "\n\n(The full inventory is too long for a comment; see the job summary.)"
        return text + "\n"
