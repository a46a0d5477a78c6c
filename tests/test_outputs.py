"""What `netorg analyze` writes: the graph tables behind network.html, and the page itself."""

from __future__ import annotations

import gc
import json
import weakref
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_risks import sampled

import netorg
from netorg._worker import Part
from netorg.analysis import analyze, clusters, risks
from netorg.report import graph_data, outputs
from netorg.report.graph_data import layout, network_tables
from netorg.report.outputs import LAYOUT_SEED, TABLE_FILES


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


def test_large_networks_are_laid_out_in_half_the_iterations(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    eco = netorg.datasets.load("zorgregio")
    graph = graph_data.tie_graph(eco)
    asked: list[int] = []
    real = type(graph).layout_fruchterman_reingold

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs["niter"])
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(graph), "layout_fruchterman_reingold", counted)
    small = graph_data._layout(graph, seed=1)
    monkeypatch.setattr(graph_data, "LAYOUT_HALVED_FROM", graph.vcount())
    large = graph_data._layout(graph, seed=1)
    assert asked == [graph_data.LAYOUT_ITERATIONS, graph_data.LAYOUT_ITERATIONS // 2]
    assert small.shape == large.shape and not (small == large).all()


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
    monkeypatch.setattr(clusters, "BACKGROUND_MIN_TIES", 0)
    eco = sampled(400, seed=2, samples=25)
    there = netorg.write_outputs(eco, tmp_path / "there")
    assert isinstance(eco.memo(("layout_job", LAYOUT_SEED), lambda: None), Part)
    assert clusters.clustering(eco, eco.config.clusters, None)[2].in_worker  # remembered
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


def test_analyses_not_kept_hand_over_the_same_tables_and_hold_none() -> None:
    eco = sampled(120, seed=3, samples=25)
    kept = analyze(eco)
    assert eco.remembers(risks._memo_key(eco, eco.config.risks))  # kept for risk_scores
    eco = sampled(120, seed=3, samples=25)
    handed: dict[str, pd.DataFrame] = {}
    alive: dict[str, list[str]] = {}  # when each table came: which earlier ones lived on

    def take(name: str, table: pd.DataFrame) -> None:
        gc.collect()
        alive[name] = [earlier for earlier, ref in refs.items() if ref() is not None]
        refs[name] = weakref.ref(table)
        handed[name] = table.copy()

    refs: dict[str, weakref.ref[pd.DataFrame]] = {}
    assert analyze(eco, keep=False, on_table=take) == {}
    assert list(handed) == list(kept)
    for name, table in kept.items():
        pd.testing.assert_frame_equal(handed[name], table, obj=name)
    assert "ties" in alive["consortia"]  # the consortia read it
    assert "ties" not in alive["brokerage"]  # and nothing after them
    assert not eco.remembers(risks._memo_key(eco, eco.config.risks))  # let go after use
    with pytest.raises(ValueError, match="give on_table"):
        analyze(eco, keep=False)


@pytest.mark.parametrize("overview", [False, True], ids=["graph", "overview"])
def test_tables_let_go_once_written_give_the_same_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, overview: bool
) -> None:
    # netorg analyze lets each table go once it is written and keeps only what the report,
    # the graph and summary.json need of it: the files must not tell the difference.
    if overview:  # a page that opens on the cluster overview, as large ecosystems get
        monkeypatch.setattr(outputs, "OVERVIEW_LIMIT", 50)

    def watch(refs: dict[str, weakref.ref[pd.DataFrame]]) -> Any:
        return lambda name, table: refs.setdefault(name, weakref.ref(table))

    kept_refs: dict[str, weakref.ref[pd.DataFrame]] = {}
    kept_eco = sampled(400, seed=2, samples=25)
    kept = netorg.write_outputs(kept_eco, tmp_path / "kept", on_table=watch(kept_refs))
    lean_refs: dict[str, weakref.ref[pd.DataFrame]] = {}
    eco = sampled(400, seed=2, samples=25)
    lean = netorg.write_outputs(eco, tmp_path / "lean", keep=False, on_table=watch(lean_refs))
    assert [p.name for p in kept] == [p.name for p in lean]
    for a, b in zip(kept, lean, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert sorted(lean_refs) == sorted(kept_refs) == sorted(TABLE_FILES)
    gc.collect()
    assert kept_eco.remembers("analyze")
    assert all(ref() is not None for ref in kept_refs.values())
    assert not eco.remembers("analyze")
    assert [name for name, ref in lean_refs.items() if ref() is not None] == []
    # Tables an earlier eco.analyze() kept are written as they are, and stay kept.
    again = netorg.write_outputs(kept_eco, tmp_path / "again", keep=False)
    assert [a.read_bytes() for a in again] == [a.read_bytes() for a in kept]
    assert all(ref() is not None for ref in kept_refs.values())


@pytest.mark.parametrize(
    ("name", "lang"),
    [("zorgregio", "en"), ("arbeidsmarktregio", "nl"), ("synthetic", "en"), ("synthetic", "nl")],
)
def test_disk_space_needed_covers_what_is_written(tmp_path: Path, name: str, lang: str) -> None:
    # What write_outputs takes on disk at its fullest: every file, and the workbook's sheets
    # once more, which wait in temporary files until the workbook is packed.
    if name == "synthetic":
        eco = netorg.datasets.synthetic(1500, seed=4)
    else:
        eco = netorg.datasets.load(name)
    eco.language = lang
    written = netorg.write_outputs(eco, tmp_path / "out")
    used = sum(p.stat().st_size for p in written)
    used += (tmp_path / "out" / "findings.xlsx").stat().st_size
    needed = netorg.disk_space_needed(eco)
    assert used <= needed <= 3 * used, (used, needed)
