"""The Mermaid lineage graphs render: a real headless browser draws every chart we write.

Debian's ``chromium`` draws the charts with ``mermaid`` from the npm registry
(pinned below), the way GitHub renders a ```` ```mermaid ```` block. The setup
installs what is missing (``apt-get install chromium`` when running as root,
``npm install`` into a shared temporary directory) and skips with the reason
when it cannot. Each chart must come back as a flowchart SVG with one node
per model, never Mermaid's "Syntax error" picture.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.cli import run_cli
from tests.fakehub import FakeHub

MERMAID = "11.17.2"
TOOLS = Path(tempfile.gettempdir()) / "modeldeps-test-tools"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.skip("Debian chromium is not installed, and installing it needs root and apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"]
    try:
        proc = subprocess.run(
            install, env=env, capture_output=True, text=True, timeout=900, check=False
        )
        if proc.returncode != 0:  # a fresh machine has no package lists yet
            subprocess.run(
                ["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600, check=False
            )
            proc = subprocess.run(
                install, env=env, capture_output=True, text=True, timeout=900, check=False
            )
    except subprocess.TimeoutExpired:
        pytest.skip("apt-get could not install chromium in the time allowed")
    found = shutil.which("chromium")
    if proc.returncode != 0 or not found:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:]
        pytest.skip(f"could not install Debian chromium: {' '.join(tail)}")
    return found


def _mermaid_js() -> Path:
    target = TOOLS / f"mermaid-{MERMAID}"
    js = target / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if js.is_file():
        return js
    if not shutil.which("npm"):
        pytest.skip("npm is not installed, so mermaid cannot be fetched from the npm registry")
    target.mkdir(parents=True, exist_ok=True)
    with open(TOOLS / "install.lock", "w") as lock:  # two test workers, one install
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not js.is_file():
            try:
                proc = subprocess.run(
                    ["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix",
                     str(target), f"mermaid@{MERMAID}"],
                    capture_output=True, text=True, timeout=600, check=False,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                pytest.skip(f"npm install mermaid@{MERMAID} did not finish in 10 minutes")
            if proc.returncode != 0 or not js.is_file():
                tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:]
                pytest.skip(f"could not install mermaid@{MERMAID} from npm: {' '.join(tail)}")
    return js


PAGE = """<!doctype html><html><head><meta charset="utf-8">
<script src="mermaid.min.js"></script></head><body>
{sources}
<script>
mermaid.initialize({{startOnLoad: false, securityLevel: "strict"}});
(async () => {{
  const results = [];
  for (const src of document.querySelectorAll("pre.chart")) {{
    try {{
      const r = await mermaid.render("chart" + src.dataset.n, src.textContent);
      results.push(r.svg);
    }} catch (e) {{
      results.push("ERROR " + e);
    }}
  }}
  const out = document.createElement("pre");
  out.id = "results";
  out.textContent = JSON.stringify(results);
  document.body.appendChild(out);
  document.title = "done";
}})();
</script></body></html>
"""


def render(charts: list[str], workdir: Path) -> list[str]:
    """Each chart's rendered result (an SVG, or ``ERROR ...``), drawn by headless chromium."""
    chromium = _chromium()
    js = _mermaid_js()
    shutil.copy(js, workdir / "mermaid.min.js")
    sources = "\n".join(
        f'<pre class="chart" data-n="{i}">{html.escape(c)}</pre>' for i, c in enumerate(charts)
    )
    page = workdir / "charts.html"
    page.write_text(PAGE.format(sources=sources), encoding="utf-8")
    proc = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={workdir / 'profile'}",  # fresh: nothing from another run
            "--virtual-time-budget=20000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = proc.stdout
    assert "<title>done</title>" in dom, proc.stderr[-2000:]
    found = re.search(r'<pre id="results">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    results: list[str] = json.loads(html.unescape(found.group(1)))
    return results


def _charts(markdown: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```", markdown, re.S)


@pytest.mark.slow
@pytest.mark.timeout(1200)  # a first run may install chromium and mermaid
def test_lineage_charts_render_in_a_browser(fakehub: FakeHub, tmp_path: Path) -> None:
    from modeldeps.report.graph import Edge, Graph, Node
    from modeldeps.report.mermaid import flowchart

    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(
        'a = AutoModel.from_pretrained("fixture-org/adapter-lora")\n'
        'q = AutoModel.from_pretrained("fixture-org/quant-gguf")\n'
        'm = AutoModel.from_pretrained("fixture-org/merge-7b")\n'
        'l = AutoModel.from_pretrained("fixture-org/mit-on-llama")\n'
        'v = AutoModel.from_pretrained("lmsys/vicuna-7b-v1.5")\n'
        'i = AutoModel.from_pretrained("chavinlo/alpaca-native")\n'  # inferred: dashed
    )
    r = run_cli(["scan", "--no-git", "-f", "markdown"], repo)
    assert r.code == 1, r.err
    charts = _charts(r.out)
    assert len(charts) == 1
    evil = 'x"]; click m0 "javascript:alert(1)"\n<b>#`|'
    charts.append(
        flowchart(
            Graph(
                (Node(evil, evil, "denied", True), Node("b/c", "mit", "unresolved", False)),
                (Edge("b/c", evil, evil),),
            )
        )
    )
    workdir = tmp_path / "browser"
    workdir.mkdir()
    # a chart that does not parse, to show the harness tells a diagram from an error
    results = render([*charts, 'flowchart BT\n  m0["unclosed --> m1\n'], workdir)
    assert len(results) == len(charts) + 1, results
    broken = results.pop()
    assert broken.startswith("ERROR") and "Parse error" in broken, broken[:300]
    for chart, svg in zip(charts, results, strict=True):
        assert not svg.startswith("ERROR"), svg[:500]
        assert "Syntax error" not in svg
        assert 'aria-roledescription="flowchart-v2"' in svg
        expected = len(re.findall(r'^  m\d+\["', chart, re.M))
        arrows = len(re.findall(r"^  m\d+ -(?:->|\.->)", chart, re.M))
        drawn = len(re.findall(r'<g class="node default [a-z]+"', svg))
        assert drawn == expected, (drawn, expected)
        assert len(re.findall(r'class="edgePaths"', svg)) == 1
        assert len(re.findall(r"<path [^>]*class=\"[^\"]*flowchart-link", svg)) == arrows
    first = results[0]
    for model in ("fixture-org/finetune-7b", "huggyllama/llama-7b", "meta-llama/Llama-2-7b-hf"):
        assert model in first
    assert '<g class="node default denied"' in first  # colour classes reach the picture
    assert "-.->" in charts[0] and "inferred: known-family" in first  # dashed, labelled
    assert "edge-pattern-dotted" in first
    hostile = results[1]
    assert "<script" not in hostile and "<b>" not in hostile
    assert "onclick" not in hostile and 'href="javascript' not in hostile
