"""What `netorg analyze` writes: the graph tables behind network.html, and the page itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_risks import sampled

import netorg
from netorg._worker import Part
from netorg.analysis import risks
from netorg.report import graph_data
from netorg.report.graph_data import layout, network_tables
from netorg.report.outputs import LAYOUT_SEED


@pytest.fixture(scope="module")
def small() -> netorg.Ecosystem:
    orgs = pd.DataFrame(
        {"id": ["A", "B", "C", "D"], "name": ["Alpha <b>", "Beta", "Gamma", "Delta"],
         "type": ["municipality", "care_provider", "care_provider", ""]}
    )  # fmt: skip
    agreements = pd.DataFrame(
        {
            "id": ["X1", "X2", "X3", "X4", "X5", "X6"],
            "type": ["purchase", "contract", "referral", "referral", "purchase", "covenant"],
            "source": ["A", "A", "B", "C", "C", ""],
            "target": ["B", "B", "C", "B", "D", ""],
            "parties": ["", "", "", "", "", "A;C;D"],
            "status": ["active", "active", "active", "active", "ended", "active"],
        }
    )
    return netorg.from_frames(orgs, agreements, as_of="2026-01-01", name="small")


def test_nodes_one_per_organisation(small: netorg.Ecosystem) -> None:
    nodes, _ = network_tables(small)
    assert list(nodes["id"]) == ["A", "B", "C", "D"]
    assert list(nodes["group"]) == ["municipality", "care_provider", "care_provider", "unknown"]
    assert nodes.loc[0, "tooltip"].startswith("Alpha <b> (A)")
    assert "live agreements: 3" in nodes.loc[0, "tooltip"]  # X1, X2 and the covenant's 2 lines


def test_parallel_agreements_merge_per_pair_with_its_tie_class(small: netorg.Ecosystem) -> None:
    _, edges = network_tables(small)
    rows = {(r.source, r.target): r for r in edges.itertuples()}
    # two market agreements A -> B merge into one line of count 2, with an arrow
    ab = rows[("A", "B")]
    assert (ab.count, ab.tie_class, ab.arrows, ab.types) == (
        2,
        "market",
        True,
        ["contract", "purchase"],
    )
    assert ab.tooltip.splitlines()[0] == "market tie: 2 live agreements"
    assert sorted(ab.tooltip.splitlines()[1:]) == [
        "X1: purchase, ? to open-ended", "X2: contract, ? to open-ended",
    ]  # fmt: skip
    # referrals B -> C and C -> B are hybrid: one undirected alliance line of count 2
    bc = rows[("B", "C")]
    assert (bc.count, bc.tie_class, bc.arrows) == (2, "alliance", False)
    # the ended purchase C -> D is not drawn; the covenant joins A, C and D pairwise
    assert set(rows) == {("A", "B"), ("B", "C"), ("A", "C"), ("A", "D"), ("C", "D")}
    assert rows[("C", "D")].count == 1 and rows[("C", "D")].tie_class == "alliance"


def test_tooltips_and_tables_follow_the_language(small: netorg.Ecosystem) -> None:
    small.language = "nl"
    try:
        nodes, edges = network_tables(small)
    finally:
        small.language = "en"
    assert "lopende afspraken: 3" in nodes.loc[0, "tooltip"]
    ab = edges[(edges["source"] == "A") & (edges["target"] == "B")].iloc[0]
    assert ab.tooltip.splitlines()[0] == "marktrelatie: 2 lopende afspraken"
    assert "tot onbepaald" in ab.tooltip


def test_layout_is_deterministic(small: netorg.Ecosystem) -> None:
    first, second = layout(small, seed=1), layout(small, seed=1)
    assert first.shape == (4, 2)
    assert (first == second).all()


def test_summary_json_is_complete(small: netorg.Ecosystem, tmp_path: Path) -> None:
    written = netorg.write_outputs(small, tmp_path)
    assert [p.name for p in written] == [
        "ties.csv", "latent_ties.csv", "clusters.csv", "cluster_summary.csv", "consortia.csv",
        "brokerage.csv", "risks.csv", "risk_scores.csv", "mergers.csv", "findings.xlsx",
        "summary.json", "report.html", "network.html",
    ]  # fmt: skip
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert set(summary) == {
        "netorg_version", "name", "as_of", "counts", "network", "findings", "parameters",
        "inputs", "load",
    }  # fmt: skip
    assert summary["findings"]["ties"]["by_class"] == {"alliance": 4, "market": 1}
    assert summary["parameters"]["ties"]["implicit_threshold"] == 0.7
    assert summary["parameters"]["mergers"]["merger_min_overlap"] == 0.6
    assert summary["findings"]["mergers"]["pairs"] == len(pd.read_csv(tmp_path / "mergers.csv"))
    ties = pd.read_csv(tmp_path / "ties.csv")
    assert len(ties) == len(netorg.tie_classes(small))
    sheets = pd.read_excel(tmp_path / "findings.xlsx", sheet_name=None)
    assert list(sheets) == [
        "ties", "latent_ties", "clusters", "cluster_summary", "consortia", "brokerage",
        "risks", "risk_scores", "mergers",
    ]  # fmt: skip
    assert len(sheets["ties"]) == len(ties)
    assert summary["counts"]["agreements"]["by_status"] == {"active": 5, "ended": 1}
    assert summary["parameters"]["config"]["mappings"] == ["nl"]
    assert summary["network"]["components"] == 1


@pytest.mark.browser
def test_zorgregio_network_page_opens_offline(page: Any, tmp_path: Path) -> None:
    eco = netorg.datasets.load("zorgregio")
    netorg.write_outputs(eco, tmp_path)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((tmp_path / "network.html").as_uri())
    page.wait_for_selector("html[data-network-ready]", state="attached", timeout=15_000)
    assert page.evaluate("network.body.data.nodes.length") == len(eco.organisations)
    offline = ("file:", "data:", "about:", "blob:")
    assert [u for u in requests if not u.startswith(offline)] == []
    assert errors == []


def test_work_handed_to_worker_processes_gives_the_same_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Large networks lay out the graph and compute the brokers' betweenness in worker
    # processes while the analyses run; the files must not tell the difference.
    here = netorg.write_outputs(sampled(400, seed=2, samples=25), tmp_path / "here")
    monkeypatch.setattr(graph_data, "BACKGROUND_MIN_ORGANISATIONS", 0)
    monkeypatch.setattr(risks, "BACKGROUND_MIN_TIES", 0)
    eco = sampled(400, seed=2, samples=25)
    there = netorg.write_outputs(eco, tmp_path / "there")
    assert isinstance(eco.memo(("layout_job", LAYOUT_SEED), lambda: None), Part)
    assert [p.name for p in here] == [p.name for p in there]
    for a, b in zip(here, there, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_failing_analysis_leaves_the_folder_as_it_was(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The CSV tables are written while later analyses still run; if one of those fails, the
    # folder must not end up with new tables next to an old report.
    earlier = tmp_path / "ties.csv"
    earlier.write_text("from an earlier run\n", encoding="utf-8")

    def fails(eco: netorg.Ecosystem) -> None:
        raise RuntimeError("mergers failed")

    monkeypatch.setattr("netorg.analysis.merger_alternatives", fails)
    with pytest.raises(RuntimeError, match="mergers failed"):
        netorg.write_outputs(netorg.datasets.load("zorgregio"), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ties.csv"]
    assert earlier.read_text(encoding="utf-8") == "from an earlier run\n"
    monkeypatch.undo()
    written = netorg.write_outputs(netorg.datasets.load("zorgregio"), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in written)
    assert all(p.parent == tmp_path for p in written)
    assert earlier.read_text(encoding="utf-8").startswith('"org_a"')


def test_tooltips_within_groups_leave_out_only_the_lines_between_groups() -> None:
    from netorg.report.network import group_keys

    eco = netorg.datasets.load("zorgregio")
    nodes, every = network_tables(eco)
    _, within = network_tables(eco, tooltips="within_groups")
    group = pd.Series(group_keys(nodes), index=nodes["id"])
    inside = group[every["source"]].to_numpy() == group[every["target"]].to_numpy()
    assert 0 < inside.sum() < len(every)
    assert within.drop(columns="tooltip").equals(every.drop(columns="tooltip"))
    assert (within["tooltip"][inside] == every["tooltip"][inside]).all()
    assert (every["tooltip"][inside] != "").all()
    assert (within["tooltip"][~inside] == "").all()
    with pytest.raises(ValueError, match="tooltips must be"):
        network_tables(eco, tooltips="some")
