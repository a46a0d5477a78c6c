"""Benchmark: writing every output of ``netorg analyze`` and opening the pages in Chromium.

Each size is a synthetic ecosystem (ten agreements per organisation) written out by
``netorg.write_outputs``, whose own stage timings give the figures: the analyses
(``analyze_seconds``), the CSV tables, findings.xlsx, the graph (tables, layout and page
data) and the pages (summary, report.html and network.html), and the pages' sizes.
``lines`` counts the pairs with live agreements. Then report.html and network.html are
opened from file:// in headless Debian Chromium (as the browser tests do) and the time from
navigation to the graph being drawn is recorded: above 1,500 organisations that is the
cluster overview. Figures go to ``benchmarks/results/report.json`` and ``report.md``;
docs/performance.md quotes them.

    python benchmarks/report.py [--sizes 10000 100000 1000000 3000000]
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _common import run, synthetic_ecosystem

import netorg
from netorg._progress import Stages
from netorg.report.outputs import TABLE_FILES
from netorg.stats import tie_graph

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def open_seconds(path: Path) -> float:
    """Seconds from navigation to the graph drawn (best of two, fresh page each)."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for _ in range(2):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            start = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("html[data-network-ready]", state="attached", timeout=600_000)
            times.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return min(times)


def measure(n_agreements: int) -> dict[str, float | int]:
    eco = synthetic_ecosystem(n_agreements)
    stages = Stages()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        netorg.write_outputs(eco, out, stages=stages, keep=False)  # as netorg analyze does
        seconds = stages.seconds
        return {
            "agreements": n_agreements,
            "organisations": len(eco.organisations),
            "lines": tie_graph(eco).ecount(),
            "analyze_seconds": round(sum(seconds[name] for name in TABLE_FILES), 2),
            "csv_seconds": round(seconds["csv_tables"], 2),
            "xlsx_seconds": round(seconds["findings_xlsx"], 2),
            "graph_seconds": round(seconds["graph_layout"], 2),
            "pages_seconds": round(seconds["summary"] + seconds["report_pages"], 2),
            "report_mib": round((out / "report.html").stat().st_size / 2**20, 1),
            "network_mib": round((out / "network.html").stat().st_size / 2**20, 1),
            "report_open_seconds": round(open_seconds(out / "report.html"), 2),
            "network_open_seconds": round(open_seconds(out / "network.html"), 2),
        }


if __name__ == "__main__":
    run(
        __doc__,
        "report",
        measure,
        [
            "agreements",
            "organisations",
            "lines",
            "analyze_seconds",
            "csv_seconds",
            "xlsx_seconds",
            "graph_seconds",
            "pages_seconds",
            "report_mib",
            "network_mib",
            "report_open_seconds",
            "network_open_seconds",
        ],
        sizes=(10_000, 100_000),
    )
