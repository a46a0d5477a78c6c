"""netorg.export_graph and `netorg export`: GEXF, GraphML and JSON node-link round trips."""

from __future__ import annotations

import datetime as dt
import json
import math
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

import netorg
from netorg.cli import main

ANALYSIS_NODE_ATTRS = ("cluster_id", "cluster_name", "role_in_cluster", "risk_score", "top_risk")
GEXF_EDGE_RENAMED = {"id": "agreement_id", "type": "agreement_type", "start": "agreement_start",
                     "end": "agreement_end"}  # fmt: skip
JSON_EDGE_RENAMED = {"source": "agreement_source", "target": "agreement_target"}
TRICKY = "<b>\"&'</b>"


@pytest.fixture(scope="module")
def eco() -> netorg.Ecosystem:
    return netorg.datasets.load("zorgregio")


@pytest.fixture(scope="module")
def files(eco: netorg.Ecosystem, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("export")
    return {fmt: netorg.export_graph(eco, folder / f"z.{fmt}", fmt) for fmt in netorg_formats()}


def netorg_formats() -> tuple[str, ...]:
    return ("gexf", "graphml", "json")


def edge_ids(eco: netorg.Ecosystem) -> dict[tuple[str, str, str], str]:
    """(source, target, agreement id) -> the edge id the export promises."""
    per_agreement = Counter(k for _, _, k in eco.graph.edges(keys=True))
    seen: Counter[str] = Counter()
    out = {}
    for u, v, key in zip(
        eco.edges["source"], eco.edges["target"], eco.edges["agreement_id"], strict=True
    ):
        seen[key] += 1
        out[u, v, key] = key if per_agreement[key] == 1 else f"{key}#{seen[key]}"
    return out


def flat(value: Any) -> Any:
    """What GEXF and GraphML promise for a value: lists ;-joined, dates ISO, None empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def check_value(expected: Any, data: dict[str, Any], name: str, where: str) -> None:
    """One attribute read back: the right value and the right Python type."""
    if expected is None or (isinstance(expected, float) and math.isnan(expected)):
        # text attributes hold "", number attributes leave the value out
        assert data.get(name, "") in ("", None), f"{where} {name}"
        return
    assert name in data, f"{where}: {name} missing"
    got = data[name]
    want = flat(expected)
    assert got == want, f"{where} {name}: {got!r} != {want!r}"
    assert type(got) is type(want), f"{where} {name}: {type(got)} is not {type(want)}"


def analysis(eco: netorg.Ecosystem) -> tuple[pd.DataFrame, pd.DataFrame, dict[frozenset, str]]:
    clusters = netorg.alliance_clusters(eco).set_index("org_id")
    scores = netorg.risk_scores(eco).set_index("org_id")
    ties = netorg.tie_classes(eco)
    classes = {
        frozenset((a, b)): c
        for a, b, c in zip(ties["org_a"], ties["org_b"], ties["tie_class"], strict=True)
    }
    return clusters, scores, classes


def check_graph(
    eco: netorg.Ecosystem,
    got: nx.MultiDiGraph,
    *,
    node_renamed: dict[str, str],
    edge_renamed: dict[str, str],
    lists: bool,
) -> None:
    """Every node, every edge (count per pair and key), every attribute with its value."""
    source = eco.graph
    assert isinstance(got, nx.MultiDiGraph)
    assert set(got.nodes) == set(source.nodes)
    assert Counter((u, v) for u, v, _ in got.edges(keys=True)) == Counter(
        (u, v) for u, v, _ in source.edges(keys=True)
    )
    ids = edge_ids(eco)
    assert {(u, v, k) for u, v, k in got.edges(keys=True)} == {
        (u, v, ids[u, v, k]) for u, v, k in source.edges(keys=True)
    }
    clusters, scores, classes = analysis(eco)

    def same(expected: Any, data: dict[str, Any], name: str, where: str) -> None:
        if lists:  # JSON: lists stay lists, dates ISO, missing null
            want = list(expected) if isinstance(expected, tuple) else expected
            if isinstance(want, dt.date):
                want = want.isoformat()
            assert data.get(name) == want, f"{where} {name}"
            assert want is None or type(data[name]) is type(want), f"{where} {name}"
        else:
            check_value(expected, data, name, where)

    for node, attrs in source.nodes(data=True):
        data = got.nodes[node]
        for name, value in attrs.items():
            if name == "id":
                continue  # the node id itself
            same(value, data, node_renamed.get(name, name), node)
        cluster = clusters.loc[node]
        cid = cluster["cluster_id"]
        same(None if pd.isna(cid) else int(cid), data, "cluster_id", node)
        same(cluster["role_in_cluster"], data, "role_in_cluster", node)
        same(cluster["cluster_name"], data, "cluster_name", node)
        score = float(scores.loc[node, "score"]) if node in scores.index else 0.0
        same(score, data, "risk_score", node)
    for u, v, key, attrs in source.edges(keys=True, data=True):
        data = got.edges[u, v, ids[u, v, key]]
        where = f"{u}->{v} {key}"
        for name, value in attrs.items():
            same(value, data, edge_renamed.get(name, name), where)
        # a pair with only planned or proposed agreements is no tie yet: empty class
        same(classes.get(frozenset((u, v))), data, "tie_class", where)


def test_graphml_round_trip(eco: netorg.Ecosystem, files: dict[str, Path]) -> None:
    got = nx.read_graphml(files["graphml"], force_multigraph=True, edge_key_type=str)
    check_graph(eco, got, node_renamed={}, edge_renamed={}, lists=False)
    assert got.graph["name"] == "zorgregio" and got.graph["as_of"] == "2026-06-30"
    node = got.nodes["GEM-LIN"]
    assert node["capabilities"] == "funding;youth_assessment;wmo_assessment"
    assert isinstance(node["size"], float) and isinstance(node["cluster_id"], int)
    edge = got.edges["GEM-LIN", "COM-VERV", "LIN-VERV-1"]
    assert edge["start"] == "2016-01-01" and edge["exclusive"] is True
    assert edge["value"] == 2_400_000.0 and edge["n_parties"] == 2


def test_gexf_round_trip(eco: netorg.Ecosystem, files: dict[str, Path]) -> None:
    got = nx.read_gexf(files["gexf"], node_type=str)
    check_graph(eco, got, node_renamed={}, edge_renamed=GEXF_EDGE_RENAMED, lists=False)
    for node, data in got.nodes(data=True):
        assert data["label"] == eco.graph.nodes[node]["name"]
    ids = edge_ids(eco)
    for u, v, key in eco.graph.edges(keys=True):
        data = got.edges[u, v, ids[u, v, key]]
        assert data["id"] == ids[u, v, key] and data["label"] == key
    text = files["gexf"].read_text(encoding="utf-8")
    assert 'lastmodifieddate="2026-06-30"' in text  # the reference date, not today


def test_json_round_trip(eco: netorg.Ecosystem, files: dict[str, Path]) -> None:
    data = json.loads(files["json"].read_text(encoding="utf-8"))
    assert set(data) >= {"nodes", "links", "directed", "multigraph", "graph"}
    assert data["directed"] and data["multigraph"]
    got = nx.node_link_graph(data, edges="links")
    check_graph(eco, got, node_renamed={}, edge_renamed=JSON_EDGE_RENAMED, lists=True)
    edge = got.edges["GEM-LIN", "COM-VERV", "LIN-VERV-1"]
    assert edge["contacts"] == ["Henk Bosman"] and edge["evaluation_date"] is None


def test_edge_ids_are_unique_in_the_files(eco: netorg.Ecosystem, files: dict[str, Path]) -> None:
    multi = [k for k, n in Counter(k for *_, k in eco.graph.edges(keys=True)).items() if n > 1]
    assert multi  # zorgregio has multi-party agreements
    for fmt in ("gexf", "graphml"):
        root = ET.parse(files[fmt]).getroot()
        ids = [e.get("id") for e in root.iter() if e.tag.endswith("}edge")]
        assert len(ids) == eco.graph.number_of_edges() == len(set(ids)), fmt
        assert f"{multi[0]}#1" in ids and f"{multi[0]}#2" in ids


def test_exports_are_deterministic(
    eco: netorg.Ecosystem, files: dict[str, Path], tmp_path: Path
) -> None:
    for fmt, first in files.items():
        again = netorg.export_graph(eco, tmp_path / f"again.{fmt}", fmt)
        assert again.read_bytes() == first.read_bytes(), fmt


@pytest.fixture(scope="module")
def tricky() -> netorg.Ecosystem:
    orgs = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "name": [TRICKY, "Beta & Zn", "Gamma", "Delta"],
            "type": ["municipality", "care_provider", "care_provider", "school"],
            "label": ["x", "y", "z", "w"],  # a column GEXF reserves
        }
    )
    agreements = pd.DataFrame(
        {
            "id": ["X1", "X2", "X3"],
            "type": ["purchase", "covenant", "purchase"],
            "source": ["A", "", "A"],
            "target": ["B", "", "D"],
            "parties": ["", "A;B;C", ""],
            "contacts": [TRICKY, "", ""],
            "start": ["2020-01-01", "2021-01-01", ""],
            "value": ["1000", "", ""],
        }
    )
    return netorg.from_frames(orgs, agreements, as_of="2024-01-01", name="tricky")


@pytest.mark.parametrize("fmt", ["gexf", "graphml", "json"])
def test_markup_in_names_survives(tricky: netorg.Ecosystem, fmt: str, tmp_path: Path) -> None:
    path = netorg.export_graph(tricky, tmp_path / f"t.{fmt}", fmt)
    path.read_bytes().decode("utf-8")  # UTF-8
    if fmt == "gexf":
        got = nx.read_gexf(path, node_type=str)
        assert got.nodes["A"]["label"] == TRICKY
        assert got.nodes["A"]["organisation_label"] == "x"
    elif fmt == "graphml":
        got = nx.read_graphml(path, force_multigraph=True, edge_key_type=str)
        assert got.nodes["A"]["label"] == "x"
    else:
        got = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="links")
        assert got.nodes["A"]["label"] == "x"
    assert got.nodes["A"]["name"] == TRICKY
    contacts = got.edges["A", "B", "X1"]["contacts"]
    assert contacts == ([TRICKY] if fmt == "json" else TRICKY)
    assert got.number_of_edges() == tricky.graph.number_of_edges()
    assert sorted(k for *_, k in got.edges(keys=True) if k.startswith("X2")) == [
        "X2#1", "X2#2", "X2#3",
    ]  # fmt: skip


def test_unknown_format(tricky: netorg.Ecosystem, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="gexf, graphml, json"):
        netorg.export_graph(tricky, tmp_path / "t.xml", "xml")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_cli_export(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "z.graphml"
    code, stdout, _ = run("export", "--example", "zorgregio", "--to", "graphml", "--out", str(out))
    assert code == 0 and "wrote" in stdout
    got = nx.read_graphml(out, force_multigraph=True, edge_key_type=str)
    assert got.number_of_nodes() == 115
    assert run("export", "--example", "zorgregio", "--to", "xml")[0] == 2
    assert run("export", "--example", "zorgregio")[0] == 2  # --to is required
    assert run("export", "--to", "gexf")[0] == 2  # neither PATH nor --example


def test_cli_export_default_name_and_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)  # the default output goes to the current folder
    folder = Path("regio")
    folder.mkdir()
    (folder / "organisations.csv").write_text("id,name\nA,Alpha\nB,Beta\n", encoding="utf-8")
    (folder / "agreements.csv").write_text(
        "id,type,source,target\nX1,purchase,A,B\n", encoding="utf-8"
    )
    result = runner.invoke(main, ["export", "regio", "--to", "json", "--as-of", "2024-01-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(Path("regio.json").read_text(encoding="utf-8"))
    assert [n["id"] for n in data["nodes"]] == ["A", "B"]
    # never overwrite the input
    Path("one.json").write_text(
        json.dumps(
            {
                "organisations": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],
                "agreements": [{"id": "X", "type": "purchase", "source": "A", "target": "B"}],
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["export", "one.json", "--to", "json"])
    assert result.exit_code == 2 and "input file" in result.output
    # input errors: exit 1, nothing written but the listing
    with (folder / "agreements.csv").open("a", encoding="utf-8") as handle:
        handle.write("X2,purchase,A,Q\n")
    out = Path("graphs") / "r.gexf"
    result = runner.invoke(main, ["export", "regio", "--to", "gexf", "--out", str(out)])
    assert result.exit_code == 1
    assert "no organisation has the id 'Q'" in result.stderr
    assert [p.name for p in out.parent.iterdir()] == ["errors.txt"]
    result = runner.invoke(
        main, ["export", "regio", "--to", "gexf", "--out", str(out), "--lenient"]
    )
    assert result.exit_code == 0 and out.exists()
