"""Benchmark: the engine calls netorg's method makes beyond the floor, and the least time
they allow.

The floor (``floor.py``) runs one Leiden and no more. The method asks igraph for three more
kinds of work, each a C call that any implementation of the same method pays:

- the clusters' stability: ``stability_runs - 1`` more Leiden runs with the next seeds
  (METHOD.md: "report stability across seeds"; ``netorg.params.ClusterParams``), on the
  graph of live collaborative ties the clusters are found on;
- the brokers' betweenness: exact up to ``betweenness_exact_max`` organisations, beyond
  that shortest paths from ``betweenness_samples`` sources (issue 9 asks for source
  sampling; ``netorg.params.RiskParams``), on the graph of live ties;
- the graph's layout for the pages: igraph's Fruchterman-Reingold (its grid variant above
  1,000 organisations) with netorg's iterations (``netorg.report.graph_data``), on the
  graph of live ties.

The folder is loaded with ``netorg.load`` (as of :data:`AS_OF`, the date ``python -m
benchmarks`` analyses at) and netorg builds the two graphs
(``netorg.analysis.clusters.collaboration_graph``, ``netorg.stats.tie_graph``); neither the
loading nor the building is timed. Each call then runs through netorg's own function with
netorg's default parameters, or those of the configuration file given with ``--config``.
The seconds are CPU seconds of this process (igraph runs each call on one core).

On two cores no schedule of the floor's work and these calls ends before
``max((floor + calls) / 2, longest call)``: both cores busy all the time, and one C call
cannot be split. ``bound_ratio`` is that bound over the floor, to set beside issue 9's aim
of five times the floor for the whole run (validation, every analysis's own work, the
reasons and all the output files come on top). Figures go to
``benchmarks/results/method_calls.json`` and ``method_calls.md``; docs/performance.md
quotes them.

    python benchmarks/method_calls.py [--sizes 10000 100000 1000000] [--floor-runs 3]
    python benchmarks/method_calls.py --folder FOLDER [FOLDER ...] --as-of DATE --name NAME
                                      [--config netorg.toml]
    python benchmarks/method_calls.py --folder FOLDER --print   # JSON lines only (python -m
                                                                # benchmarks reads them)
    python benchmarks/method_calls.py --folder FOLDER --floor-runs 0   # the calls, no floor
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
from _common import AS_OF, RESULTS, SIZES, WRITE_CHILD
from floor import floor

import netorg
from netorg.analysis.clusters import _leiden, collaboration_graph
from netorg.analysis.risks import betweenness
from netorg.params import ClusterParams, RiskParams
from netorg.report.graph_data import _layout
from netorg.report.outputs import LAYOUT_SEED
from netorg.stats import tie_graph

#: The issue's time aim for a whole run, as a multiple of the floor.
AIM = 5.0

#: The calls timed, as named in the rows.
CALLS = ("stability_leiden_s", "betweenness_s", "layout_s")

COLUMNS = (
    "agreements",
    "organisations",
    "collapsed_edges",
    "live_ties",
    "collaborative_ties",
    "floor_s",
    *CALLS,
    "calls_s",
    "bound_s",
    "bound_ratio",
    "aim_s",
)


def cpu_seconds(call: Callable[[], object]) -> float:
    """The CPU seconds this process spends in ``call()``."""
    start = time.process_time()
    call()
    return time.process_time() - start


def lower_bound(floor_s: float, calls: dict[str, float]) -> float:
    """The least wall time on two cores for the floor's work and the calls: both cores busy
    throughout, and no call split (each is one C call).

    Examples
    --------
    >>> lower_bound(2.0, {"a": 3.0, "b": 1.0})
    3.0
    >>> lower_bound(2.0, {"a": 9.0, "b": 1.0})
    9.0
    """
    return max((floor_s + sum(calls.values())) / 2, max(calls.values(), default=0.0))


def method_calls(
    ties: ig.Graph,
    collaboration: ig.Graph,
    clusters: ClusterParams | None = None,
    risks: RiskParams | None = None,
) -> dict[str, float]:
    """CPU seconds of each of the method's calls beyond the floor, with these parameters
    (netorg's defaults where not given): the stability runs on ``collaboration``, the
    betweenness and the layout on ``ties`` (both undirected, with a ``weight`` per edge)."""
    clusters, risks = clusters or ClusterParams(), risks or RiskParams()
    seeds = [clusters.seed + i for i in range(1, clusters.stability_runs)]
    return {
        "stability_leiden_s": sum(
            cpu_seconds(lambda s=s: _leiden(collaboration, clusters, s)) for s in seeds
        ),
        "betweenness_s": cpu_seconds(
            lambda: betweenness(
                ties,
                exact_max=risks.betweenness_exact_max,
                samples=risks.betweenness_samples,
                seed=risks.seed,
            )
        ),
        "layout_s": cpu_seconds(lambda: _layout(ties, seed=LAYOUT_SEED)),
    }


def measure(n: int, workdir: Path, floor_runs: int) -> dict[str, Any]:
    """Write a synthetic CSV folder of ``n`` agreements and measure it."""
    folder = workdir / f"eco_{n}"
    # Written by another process, as python -m benchmarks writes it: the floor then runs in a
    # process that has not just built and freed the tables (by hand at 1M: 4.2 s after
    # writing them here against 3.3 s in a fresh process).
    write = [sys.executable, "-c", WRITE_CHILD, str(folder), str(n), "csv"]
    subprocess.run(write, check=True, stdout=subprocess.DEVNULL)
    return measure_folder(folder, floor_runs)


def measure_folder(
    folder: Path, floor_runs: int, as_of: str = AS_OF, config: Path | None = None
) -> dict[str, Any]:
    """Run the floor on a folder of netorg CSV or Parquet files (best of ``floor_runs``), load
    it with netorg as of ``as_of`` (with the TOML ``config``, if given) and time the method's
    calls on netorg's graphs with the parameters it holds.

    With ``floor_runs=0`` the floor is not run: the row has the calls and the counts, and no
    floor, bound or aim (``python -m benchmarks`` times the floor itself and needs only the
    calls; at ten million agreements a floor run takes over a minute).
    """
    if floor_runs < 0:
        raise ValueError(f"floor_runs must be 0 or more, not {floor_runs}")
    runs = [floor(folder) for _ in range(floor_runs)]
    eco = netorg.load(folder, as_of=as_of, config=config)
    clusters, risks = eco.config.clusters, eco.config.risks
    ties = tie_graph(eco)
    collaboration = collaboration_graph(eco, implicit_weight=clusters.implicit_weight)
    calls = method_calls(ties, collaboration, clusters, risks)
    row: dict[str, Any] = {
        "agreements": len(eco.agreements),
        "organisations": ties.vcount(),
        "live_ties": ties.ecount(),
        "collaborative_ties": collaboration.ecount(),
        **{name: round(seconds, 2) for name, seconds in calls.items()},
        "calls_s": round(sum(calls.values()), 2),
    }
    if not runs:
        return row
    best = min(runs, key=lambda r: r["floor_s"])
    bound = lower_bound(best["floor_s"], calls)
    return {
        **row,
        "collapsed_edges": best["collapsed_edges"],
        "floor_s": round(best["floor_s"], 2),
        "bound_s": round(bound, 2),
        "bound_ratio": round(bound / best["floor_s"], 1),
        "aim_s": round(AIM * best["floor_s"], 2),
    }


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a markdown table of :data:`COLUMNS`."""
    lines = [
        "| " + " | ".join(c.replace("_", " ") for c in COLUMNS) + " |",
        "| " + " | ".join("---:" for _ in COLUMNS) + " |",
    ]
    for row in rows:
        cells = [_cell(row.get(c)) for c in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    """A table cell: integers with thousands separators, nothing where not measured."""
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else f"{value}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--folder",
        type=Path,
        nargs="+",
        help="measure these folders of netorg CSV or Parquet files instead of synthetic ones",
    )
    parser.add_argument(
        "--floor-runs",
        type=int,
        default=3,
        help="the floor's best of N; 0 runs no floor (the calls only: no bound)",
    )
    parser.add_argument(
        "--as-of", default=AS_OF, help=f"the reference date of the analyses (default {AS_OF})"
    )
    parser.add_argument(
        "--config", type=Path, help="a netorg TOML config file whose parameters to use"
    )
    parser.add_argument("--name", default="method_calls", help="stem of the result files")
    parser.add_argument(
        "--print", action="store_true", help="only print each row as JSON; write no files"
    )
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for item in args.folder or args.sizes:
            if isinstance(item, Path):
                rows.append(measure_folder(item, args.floor_runs, args.as_of, args.config))
            else:
                rows.append(measure(item, Path(tmp), args.floor_runs))
            print(json.dumps(rows[-1]), flush=True)
    if args.print:
        return
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.name}.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{args.name}.md").write_text(table(rows), encoding="utf-8")
    print(f"wrote {RESULTS / f'{args.name}.md'}", file=sys.stderr)


if __name__ == "__main__":
    main()
