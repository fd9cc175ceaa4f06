"""The README stays true: its --help excerpts are the real output.

Refresh them with ``python -m tests.integration.test_readme``.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from modeldeps.cli import cli

README = Path(__file__).parents[2] / "README.md"
_BLOCK = re.compile(r"<!-- help: (.+?) -->\n(?:```text\n(.*?)```\n)?<!-- /help -->", re.DOTALL)


def help_text(command: str) -> str:
    return CliRunner().invoke(cli, command.split()[1:], prog_name="modeldeps").stdout


def render(readme: str) -> str:
    return _BLOCK.sub(
        lambda m: (
            f"<!-- help: {m.group(1)} -->\n```text\n{help_text(m.group(1))}```\n<!-- /help -->"
        ),
        readme,
    )


def test_help_does_not_depend_on_which_test_ran_first() -> None:
    """Regression: a test that built scan's context alone (the hook parser's property test)
    changed the help options click cached on the command, and with them this excerpt."""
    from modeldeps.cli import scan

    scan.make_context("scan", ["--quiet"])
    assert "-h, --help" in help_text("modeldeps scan --help")


def test_readme_help_excerpts_match_the_cli() -> None:
    blocks = _BLOCK.findall(README.read_text())
    assert {c for c, _ in blocks} >= {"modeldeps --help", "modeldeps scan --help"}
    for command, shown in blocks:
        assert shown == help_text(command), f"README excerpt of '{command}' is stale"


if __name__ == "__main__":
    README.write_text(render(README.read_text()))
