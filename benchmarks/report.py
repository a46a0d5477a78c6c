"""Benchmark: writing every output of ``netorg analyze`` and opening the pages in Chromium.

Each size is a synthetic ecosystem (ten agreements per organisation) whose analyses have run
(``analyze_seconds``). Timed apart: the CSV tables, findings.xlsx, the graph tables (layout
included), and the two pages. Then report.html and network.html are opened from file:// in
headless Debian Chromium (as the browser tests do) and the time from navigation to the graph
being drawn is recorded: above 1,500 organisations that is the cluster overview. Figures go
to ``benchmarks/results/report.json`` and ``report.md``; docs/performance.md quotes them.

    python benchmarks/report.py [--sizes 10000 100000]
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _common import run, synthetic_ecosystem

from netorg.report.graph_data import network_tables, overview_tables
from netorg.report.network import OVERVIEW_LIMIT, graph_section, network_page
from netorg.report.outputs import TABLE_FILES, summary_data
from netorg.report.report_page import report_html
from netorg.report.tables import write_csv, write_xlsx

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
            page.wait_for_selector("html[data-network-ready]", state="attached", timeout=60_000)
            times.append(time.perf_counter() - start)
            page.close()
        browser.close()
    return min(times)


def measure(n_agreements: int) -> dict[str, float | int]:
    eco = synthetic_ecosystem(n_agreements)
    start = time.perf_counter()
    results = eco.analyze()
    analyze_s = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        for name, file in TABLE_FILES.items():
            write_csv(results[name], out / file)
        csv_s = time.perf_counter() - start
        start = time.perf_counter()
        write_xlsx(results, out / "findings.xlsx")
        xlsx_s = time.perf_counter() - start
        start = time.perf_counter()
        nodes, edges = network_tables(eco, results=results)
        overview = overview_tables(nodes, edges) if len(nodes) > OVERVIEW_LIMIT else None
        graph_s = time.perf_counter() - start
        start = time.perf_counter()
        graph = graph_section(nodes, edges, overview=overview, heading=eco.name)
        report = report_html(eco, results, graph, summary_data(eco, results))
        network = network_page(graph, title=eco.name, lang="en")
        (out / "report.html").write_bytes(report.encode("utf-8"))
        (out / "network.html").write_bytes(network.encode("utf-8"))
        pages_s = time.perf_counter() - start
        return {
            "agreements": n_agreements,
            "organisations": len(eco.organisations),
            "lines": len(edges),
            "analyze_seconds": round(analyze_s, 2),
            "csv_seconds": round(csv_s, 2),
            "xlsx_seconds": round(xlsx_s, 2),
            "graph_seconds": round(graph_s, 2),
            "pages_seconds": round(pages_s, 2),
            "report_mib": round((out / "report.html").stat().st_size / 2**20, 1),
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
            "report_open_seconds",
            "network_open_seconds",
        ],
        sizes=(10_000, 100_000),
    )
