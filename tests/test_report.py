"""report.html: every analysis on one offline page, escaped, sortable, in English and Dutch;
and netorg.show in a notebook's output."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest
from test_network_html import REMOTE, Loaded

import netorg
from netorg.report.network import network_page
from netorg.report.outputs import ecosystem_graph

EVIL_ORG = "</script><script>window.__pwned=1</script>"
EVIL_CONTACT = '"><img src=x onerror=window.__pwned=2>'


@pytest.fixture(scope="module")
def zorgregio_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("zorgregio")
    netorg.write_outputs(netorg.datasets.load("zorgregio"), out)
    return out


def evil_ecosystem() -> netorg.Ecosystem:
    """A five-year purchase chain carried by one person: an implicit tie and a key person."""
    orgs = pd.DataFrame(
        {
            "id": ["GEM", "EVIL", "ZP"],
            "name": ["Gemeente Oss", EVIL_ORG, "Zorgpartner"],
            "type": ["municipality", "care_provider", "care_provider"],
            "needs": ["youth_care", "", ""],
            "region": ["Oss", "Oss", "Oss"],
        }
    )
    rows = [
        {"id": f"K{i}", "type": "tender_award", "source": "GEM", "target": "EVIL",
         "start": f"{2017 + 2 * i}-07-01", "end": f"{2019 + 2 * i}-06-30",
         "value": "900000", "service": "youth_care", "contacts": EVIL_CONTACT,
         "status": "ended" if i < 4 else ""}
        for i in range(5)
    ] + [
        {"id": "C1", "type": "covenant", "source": "EVIL", "target": "ZP", "start": "2024-01-01",
         "contacts": EVIL_CONTACT},
        {"id": "C2", "type": "contract", "source": "GEM", "target": "ZP", "start": "2024-01-01",
         "service": "youth_care", "contacts": EVIL_CONTACT},
    ]  # fmt: skip
    return netorg.from_frames(orgs, pd.DataFrame(rows), as_of="2026-06-30", name="evil")


def sections(page_html: str) -> list[str]:
    return re.findall(r'<section id="s-([a-z_]+)"', page_html)


def test_report_has_every_section_with_findings_and_basis(zorgregio_out: Path) -> None:
    text = (zorgregio_out / "report.html").read_text("utf-8")
    assert sections(text) == [
        "summary", "graph", "ties", "cluster_summary", "consortia", "brokerage", "risks",
        "risk_scores", "mergers", "latent_ties", "basis",
    ]  # fmt: skip
    assert '<html lang="en">' in text
    ties = pd.read_csv(zorgregio_out / "ties.csv")
    implicit = ties[(ties["tie_class"] == "implicit") & ties["active"]]
    for reason in implicit["reasons"]:
        assert html.escape(reason) in text  # every implicit tie with its reasons
    risks = pd.read_csv(zorgregio_out / "risks.csv")
    assert f"All {len(risks)} rows are in risks.csv." in text
    assert "[mergers] merger_min_overlap" in text and "[ties] implicit_threshold" in text
    assert "Agreements live on 2026-06-30" in text
    assert f"netorg {netorg.__version__}" in text
    assert "agreements.csv" in text and re.search(r"<code>[0-9a-f]{64}</code>", text)


def test_report_is_self_contained_and_runs_only_its_own_scripts(zorgregio_out: Path) -> None:
    text = (zorgregio_out / "report.html").read_text("utf-8")
    assert REMOTE.search(text) is None  # no src/href/url() that leaves the file
    assert re.search(r"<script[^>]*\bsrc\s*=|<link\b|<img\b|<iframe\b", text) is None
    assert set(re.findall(r"url\(\s*[\"']?([a-z]+):", text)) <= {"data"}  # vis-network's icons
    for cdn in ("cdnjs", "jsdelivr", "bootstrap", "unpkg", "googleapis"):
        assert cdn not in text.lower()
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', text)
    assert csp and "default-src 'none'" in csp.group(1)
    # vis-network, the graph and the table sorter, each allowed by its hash; plus the data
    # block and a row block each for organisations and lines, which are JSON and never run.
    # (vis-network's code mentions "<script>" in a string.)
    assert len(re.findall(r"'sha256-", csp.group(1))) == 3
    assert text.count("</script>") == 6
    assert len(re.findall(r'<script[^>]* type="application/json"', text)) == 3


@pytest.mark.parametrize("keep", [True, False])
def test_long_tables_are_cut_with_a_note(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, keep: bool
) -> None:
    from netorg.report import report_page

    monkeypatch.setattr(report_page, "MAX_ROWS", 10)
    netorg.write_outputs(netorg.datasets.load("zorgregio"), tmp_path, keep=keep)
    text = (tmp_path / "report.html").read_text("utf-8")
    risks = pd.read_csv(tmp_path / "risks.csv")
    assert f"The first 10 of {len(risks)} rows; all are in risks.csv." in text
    section = text[text.index('<section id="s-risks"') :]
    section = section[: section.index("</section>")]
    assert section.count("<tr>") == 11  # the header and ten rows


def test_report_in_dutch(tmp_path: Path) -> None:
    eco = netorg.datasets.load("zorgregio")
    eco.language = "nl"
    netorg.write_outputs(eco, tmp_path)
    text = (tmp_path / "report.html").read_text("utf-8")
    assert '<html lang="nl">' in text
    for words in ("Samenvatting", "Impliciete leveranciersrelaties", "Samenwerkingsclusters",
                  "Afhankelijkheidsrisico", "Fusie of alliantie", "Waar dit op rust",
                  "Zoek organisatie", "Afspraken die lopen op 2026-06-30"):  # fmt: skip
        assert words in text
    for english in ("Summary", "Implicit supplier-style", "Dependency risks", "Find organisation"):
        assert english not in text
    assert "Advies:" in text  # the reasons themselves are Dutch too


def test_lenient_skipped_rows_are_listed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "organisations.csv").write_text("id,name\nA,Alpha\nB,Beta\n", encoding="utf-8")
    (folder / "agreements.csv").write_text(
        "id,type,source,target\nX1,purchase,A,B\nX2,purchase,A,Q\n", encoding="utf-8"
    )
    eco = netorg.load(folder, strict=False, as_of="2026-01-01")
    netorg.write_outputs(eco, tmp_path / "out")
    text = (tmp_path / "out" / "report.html").read_text("utf-8")
    assert "Rows skipped (--lenient)" in text
    assert "no organisation has the id &#x27;Q&#x27;" in text


def Opened(page: Any, path: Path, ready: str = "html[data-report-ready]") -> Loaded:
    """A page opened from file:// with every request that is not a file blocked and kept."""
    return Loaded(page, path, block=True, also=ready)


@pytest.mark.browser
def test_report_opens_offline_draws_searches_and_sorts(page: Any, zorgregio_out: Path) -> None:
    opened = Opened(page, zorgregio_out / "report.html")
    assert page.locator("#netorg-network canvas").count() == 1
    assert page.locator("#netorg-legend-ties li").count() == 4
    page.locator("#netorg-search-input").fill("Hoeksteen")
    page.locator("#netorg-search-input").press("Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["TZ-HOEK"]
    # Sort the risks by severity, ascending then descending.
    header = page.locator("section.s-risks th", has_text="severity")
    header.click()
    first = page.locator("section.s-risks tbody tr").first.locator("td").nth(2).inner_text()
    header.click()
    top = page.locator("section.s-risks tbody tr").first.locator("td").nth(2).inner_text()
    assert float(first) <= float(top)
    assert page.locator("section.s-risks th[aria-sort=descending]").count() == 1
    assert opened.blocked == [] and opened.errors == []


@pytest.mark.browser
def test_malicious_names_and_contacts_are_shown_as_text(page: Any, tmp_path: Path) -> None:
    eco = evil_ecosystem()
    netorg.write_outputs(eco, tmp_path)
    ties = pd.read_csv(tmp_path / "ties.csv")
    assert (ties["tie_class"] == "implicit").any()  # so the tables name both
    for name in ("report.html", "network.html"):
        opened = Opened(
            page,
            tmp_path / name,
            ready="html[data-report-ready]" if name == "report.html" else "html",
        )
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.locator("img").count() == 0
        if name == "report.html":
            body = page.locator("main").inner_text()
            assert EVIL_ORG in body and EVIL_CONTACT in body
        page.locator("#netorg-search-input").fill("</script>")
        page.locator("#netorg-search-input").press("Enter")
        assert page.evaluate("network.getSelectedNodes()") == ["EVIL"]
        assert page.locator("#netorg-search-status").inner_text() == EVIL_ORG
        assert opened.blocked == [] and opened.errors == []


@pytest.mark.browser
def test_show_renders_inside_a_notebook_output(page: Any, tmp_path: Path) -> None:
    # A notebook front end puts text/html output into the page with innerHTML; the iframe
    # must then draw the graph on its own, scripts and all.
    shown = netorg.show(netorg.datasets.load("zorgregio"))
    output = shown._repr_html_()
    assert output.startswith("<iframe srcdoc=") and 'sandbox="allow-scripts"' in output
    host = tmp_path / "notebook.html"
    host.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>'
        '<div class="jp-OutputArea-output" id="out"></div></body></html>',
        encoding="utf-8",
    )
    page.goto(host.as_uri())
    page.evaluate("(html) => { document.getElementById('out').innerHTML = html; }", output)
    frame = page.frame_locator("#out iframe")
    frame.locator("html[data-network-ready]").wait_for(state="attached", timeout=15_000)
    assert frame.locator("#netorg-network canvas").count() == 1
    inner = next(f for f in page.frames if f != page.main_frame)
    assert inner.evaluate("netorg.nodes.length") == 115
    with pytest.raises(TypeError, match="Ecosystem or a what_if result"):
        netorg.show(pd.DataFrame())


@pytest.mark.browser
@pytest.mark.slow
def test_report_of_10k_organisations_opens_on_the_overview(page: Any, tmp_path: Path) -> None:
    # How fast is measured in benchmarks/report.py; this checks that it renders at all.
    from netorg.report.graph_data import network_tables, overview_tables
    from netorg.report.network import graph_section
    from netorg.report.outputs import summary_data
    from netorg.report.report_page import write_report_html

    eco = netorg.datasets.synthetic(10_000, seed=1)
    results = eco.analyze()
    nodes, edges = network_tables(eco, results=results)
    graph = graph_section(nodes, edges, overview=overview_tables(nodes, edges))
    path = write_report_html(
        eco, results, graph, summary_data(eco, results), tmp_path / "report.html"
    )
    opened = Opened(page, path)
    assert page.evaluate("netorg.state.view") == "overview"
    assert 0 < page.evaluate("netorg.nodes.length") < 1000  # clusters, not organisations
    assert opened.blocked == [] and opened.errors == []


@pytest.mark.browser
def test_date_slider_replays_the_live_agreements(page: Any, tmp_path: Path) -> None:
    orgs = pd.DataFrame({"id": ["A", "B", "C"], "name": ["Alfa", "Beta", "Gamma"]})
    rows = pd.DataFrame(
        {
            "id": ["AB", "BC", "BC2", "CA"],
            "type": ["partnership", "contract", "contract", "covenant"],
            "source": ["A", "B", "B", "C"],
            "target": ["B", "C", "C", "A"],
            "start": ["2020-01-01", "2025-01-01", "2025-06-01", "2019-01-01"],
            "end": ["", "", "", "2021-12-31"],
        }
    )
    eco = netorg.from_frames(orgs, rows, as_of="2026-01-01")
    netorg.write_outputs(eco, tmp_path)
    opened = Opened(page, tmp_path / "report.html")

    def shown() -> dict[str, str]:
        return dict(
            page.evaluate(
                """netorg.edges.get({filter: e => !e.hidden})
                   .map(e => [e.from + e.to, e.label])"""
            )
        )

    assert page.locator("#netorg-day-text").inner_text() == "2026-01-01"
    assert shown() == {"AB": "", "BC": "×2"}  # the covenant ended in 2021
    for day, expected in (
        ("2021-01-01", {"AB": "", "CA": ""}),
        ("2025-03-01", {"AB": "", "BC": ""}),
    ):
        days = (pd.Timestamp(day) - pd.Timestamp("1970-01-01")).days
        page.evaluate(
            """(d) => { const s = document.getElementById("netorg-day");
                        s.value = d; s.dispatchEvent(new Event("input")); }""",
            days,
        )
        assert page.locator("#netorg-day-text").inner_text() == day
        assert shown() == expected
    assert opened.blocked == [] and opened.errors == []


def _chunked(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text column in two Arrow chunks, as the CSV reader gives a large
    file's columns."""
    out = frame.copy()
    for column in out.columns:
        if isinstance(out[column].dtype, pd.StringDtype):
            values = pa.array(out[column].array).to_pylist()
            half = len(values) // 2
            chunks = pa.chunked_array([values[:half], values[half:]], type=pa.large_string())
            out[column] = pd.Series(pd.arrays.ArrowStringArray(chunks), index=out.index)
    return out


def test_pages_are_the_same_from_columns_in_chunks() -> None:
    eco = netorg.datasets.load("zorgregio")
    graph, _ = ecosystem_graph(eco, eco.analyze())
    chunked = netorg.datasets.load("zorgregio")
    chunked.agreements = _chunked(chunked.agreements)
    chunked.organisations = _chunked(chunked.organisations)
    assert isinstance(pa.array(chunked.agreements["id"].array), pa.ChunkedArray)
    again, _ = ecosystem_graph(chunked, chunked.analyze())
    assert network_page(again, title="t", lang="en") == network_page(graph, title="t", lang="en")


def test_shown_rows_are_what_a_section_shows() -> None:
    from netorg.report.report_page import MAX_ROWS, shown_rows

    risks = netorg.dependency_risks(netorg.datasets.load("zorgregio"))
    shown = shown_rows("risks", risks)
    assert shown is not None
    assert shown.total == len(risks) > 0
    assert list(shown.rows.columns) == ["risk_kind", "subject_name", "severity", "detail"]
    expected = risks[list(shown.rows.columns)].head(MAX_ROWS)
    pd.testing.assert_frame_equal(shown.rows, expected)
    assert shown_rows("clusters", risks) is None  # the clusters' section is their summary
