"""The method's engine calls beyond the floor (benchmarks/method_calls.py): the bound, a run."""

from __future__ import annotations

import csv
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import igraph as ig
import pytest

import netorg
from netorg.stats import tie_graph

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
if str(BENCHMARKS) not in sys.path:  # the scripts import each other as top-level modules
    sys.path.insert(0, str(BENCHMARKS))
method_calls = importlib.import_module("method_calls")  # an error here fails, never skips


def test_bound_is_two_busy_cores_or_the_longest_call() -> None:
    assert method_calls.lower_bound(2.0, {"a": 3.0, "b": 1.0}) == 3.0  # (2 + 4) / 2
    assert method_calls.lower_bound(2.0, {"a": 9.0, "b": 1.0}) == 9.0  # a cannot be split
    assert method_calls.lower_bound(1.0, {}) == 0.5


def test_calls_follow_netorgs_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    """One Leiden run per stability seed on the collaboration graph; the betweenness and the
    layout once each, on the tie graph."""
    seen: list[tuple[str, int]] = []

    def spy(name: str) -> None:
        real = getattr(method_calls, name)

        def call(graph: ig.Graph, *args: Any, **kwargs: Any) -> Any:
            seen.append((name, graph.vcount()))
            return real(graph, *args, **kwargs)

        monkeypatch.setattr(method_calls, name, call)

    for name in ("_leiden", "betweenness", "_layout"):
        spy(name)
    collaboration, ties = ig.Graph.Famous("Zachary"), ig.Graph.Ring(50)
    for graph in (collaboration, ties):
        graph.es["weight"] = [1.0] * graph.ecount()
    seconds = method_calls.method_calls(ties, collaboration)
    runs = method_calls.ClusterParams().stability_runs
    assert seen == [("_leiden", 34)] * (runs - 1) + [("betweenness", 50), ("_layout", 50)]
    assert set(seconds) == set(method_calls.CALLS)
    assert all(s >= 0 for s in seconds.values())


def test_a_small_run_writes_its_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(method_calls, "RESULTS", tmp_path)
    method_calls.main(["--sizes", "2000", "--floor-runs", "1", "--name", "mc"])
    (row,) = json.loads((tmp_path / "mc.json").read_text(encoding="utf-8"))
    assert row["agreements"] == 2000 and row["organisations"] == 200
    assert row["collapsed_edges"] > 0
    calls = row["stability_leiden_s"] + row["betweenness_s"] + row["layout_s"]
    assert row["calls_s"] == pytest.approx(calls, abs=0.02)
    assert row["bound_s"] >= max(row["layout_s"], row["betweenness_s"]) - 0.01
    assert row["aim_s"] == pytest.approx(5 * row["floor_s"], abs=0.06)
    table = (tmp_path / "mc.md").read_text(encoding="utf-8")
    assert "| 2,000 | 200 |" in table and "bound ratio" in table


def test_a_users_folder_is_measured_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(method_calls, "RESULTS", tmp_path)
    folder = Path(__file__).resolve().parent.parent / "datasets" / "zorgregio"
    method_calls.main(["--folder", str(folder), "--floor-runs", "1", "--name", "mine"])
    (row,) = json.loads((tmp_path / "mine.json").read_text(encoding="utf-8"))
    rows = {
        name: list(csv.DictReader((folder / f"{name}.csv").open(encoding="utf-8", newline="")))
        for name in ("organisations", "agreements")
    }
    assert row["organisations"] == len(rows["organisations"])
    assert row["agreements"] == len(rows["agreements"])
    eco = netorg.load(folder, as_of=method_calls.AS_OF)
    assert row["live_ties"] == tie_graph(eco).ecount()
    assert row["bound_s"] == pytest.approx(
        method_calls.lower_bound(
            row["floor_s"],
            {k: row[k] for k in ("stability_leiden_s", "betweenness_s", "layout_s")},
        ),
        abs=0.02,
    )


def test_no_floor_runs_gives_the_calls_without_a_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--floor-runs 0`` (what python -m benchmarks asks, having timed the floor itself)
    runs no floor: the row has the calls and the counts, its table no bound."""

    def no_floor(folder: Path) -> dict[str, Any]:
        raise AssertionError("the floor ran")

    monkeypatch.setattr(method_calls, "floor", no_floor)
    monkeypatch.setattr(method_calls, "RESULTS", tmp_path)
    folder = Path(__file__).resolve().parent.parent / "datasets" / "zorgregio"
    method_calls.main(["--folder", str(folder), "--floor-runs", "0", "--name", "calls"])
    (row,) = json.loads((tmp_path / "calls.json").read_text(encoding="utf-8"))
    assert not {"floor_s", "bound_s", "bound_ratio", "aim_s"} & set(row)
    eco = netorg.load(folder, as_of=method_calls.AS_OF)
    assert row["agreements"] == len(eco.agreements) and row["live_ties"] == tie_graph(eco).ecount()
    assert row["calls_s"] == pytest.approx(sum(row[k] for k in method_calls.CALLS), abs=0.02)
    cells = (tmp_path / "calls.md").read_text(encoding="utf-8").splitlines()[2].split("|")[1:-1]
    assert len(cells) == len(method_calls.COLUMNS)
    assert cells[method_calls.COLUMNS.index("bound_s")].strip() == ""
    with pytest.raises(ValueError, match="0 or more"):
        method_calls.measure_folder(folder, -1)


def test_the_scale_table_shows_the_bound_where_measured() -> None:
    from benchmarks import __main__ as scale

    row = {
        "agreements": 1000,
        "organisations": 100,
        "floor_s": 0.5,
        "analyze_s": 6.0,
        "ratio": 12.0,
        "peak_mib": 200,
        "groups": {"load": 0.1},
        "floor_peak_mib": 100,
        "stages": {"load": 0.1},
    }
    assert "bound" not in scale.table([row])  # an older result file: no bound measured
    bounded = {**row, "bound_s": 2.0, "bound_ratio": 4.0, "over_bound": 3.0}
    header, _, cells = scale.table([bounded]).splitlines()[:3]
    assert "| bound s | analyze / bound |" in header
    assert "| 2.00 (4.0x) | 3.0x |" in cells


def test_a_config_files_parameters_are_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds: list[int] = []
    real = method_calls._leiden

    def counted(graph: ig.Graph, p: Any, seed: int) -> Any:
        seeds.append(seed)
        return real(graph, p, seed)

    monkeypatch.setattr(method_calls, "_leiden", counted)
    config = tmp_path / "netorg.toml"
    config.write_text("[clusters]\nstability_runs = 3\nseed = 7\n", encoding="utf-8")
    folder = Path(__file__).resolve().parent.parent / "datasets" / "zorgregio"
    method_calls.measure_folder(folder, 1, config=config)
    assert seeds == [8, 9]  # the runs after the main one, with the configured seed
