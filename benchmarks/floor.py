"""The floor: the least any implementation of ``netorg analyze``'s core pays, with raw engines.

Project issue 9 defines it: read the organisations and agreements CSV files (Arrow's
multithreaded reader; or their Parquet files, where the folder has them), code the
organisation ids as integers (an Arrow hash look-up), build the directed igraph multigraph
from the integer edge arrays, collapse it to an undirected graph whose edge weight is the
number of agreements (``simplify`` summing the weights), then igraph's C routines:
articulation points, bridges, Leiden (modularity, weighted) and PageRank; and the per-pair
(source, target) and per-buyer (source, service) group-bys with pandas. No validation, no
classes, no reasons, no outputs: only the engines' own cost.

Multi-party agreements (about 2.5% of the synthetic rows) have no source and target; their
parties are in parties.csv, which the floor does not read, so they add no edges here.

    python benchmarks/floor.py FOLDER [RUNS]   # best of RUNS on a CSV or Parquet folder
"""

from __future__ import annotations

import json
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from _common import Laps

#: The floor's steps, in the order they run (the keys of :func:`floor`'s ``stages``).
STEPS = (
    "read",
    "codes",
    "graph",
    "collapse",
    "articulation_points",
    "bridges",
    "leiden",
    "pagerank",
    "group_bys",
)


def floor(folder: Path, seed: int = 1) -> dict[str, Any]:
    """Run the floor on a folder of netorg CSV (or Parquet) files; return seconds per step
    and counts."""
    lap = Laps()
    seconds, start = lap.seconds, lap.start

    organisations, agreements = _read(folder)
    lap("read")

    ids = organisations["id"]
    source = pc.index_in(agreements["source"], value_set=ids)
    target = pc.index_in(agreements["target"], value_set=ids)
    keep = pc.and_(pc.is_valid(source), pc.is_valid(target))
    src = pc.filter(source, keep).to_numpy().astype(np.int64)
    dst = pc.filter(target, keep).to_numpy().astype(np.int64)
    lap("codes")

    graph = ig.Graph(n=len(ids), directed=True)
    graph.add_edges(np.column_stack((src, dst)))
    graph.es["weight"] = np.ones(len(src))
    lap("graph")

    collapsed = graph.as_undirected(mode="each")
    collapsed.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    lap("collapse")

    cut_vertices = collapsed.articulation_points()
    lap("articulation_points")
    bridges = collapsed.bridges()
    lap("bridges")
    random.seed(seed)
    communities = collapsed.community_leiden(objective_function="modularity", weights="weight")
    lap("leiden")
    rank = graph.pagerank(directed=True)
    lap("pagerank")

    table = pd.DataFrame(
        {
            "source": src,
            "target": dst,
            "service": pc.filter(agreements["service"], keep).to_pandas(),
            "value": pc.filter(agreements["value"], keep).to_numpy(zero_copy_only=False),
        }
    )
    pairs = table.groupby(["source", "target"], sort=False).agg(
        agreements=("value", "size"), value=("value", "sum")
    )
    buyers = table.groupby(["source", "service"], sort=False).agg(
        agreements=("value", "size"), value=("value", "sum")
    )
    lap("group_bys")

    return {
        "floor_s": time.perf_counter() - start,
        "stages": seconds,
        "organisations": len(ids),
        "agreements": agreements.num_rows,
        "edges": graph.ecount(),
        "collapsed_edges": collapsed.ecount(),
        "articulation_points": len(cut_vertices),
        "bridges": len(bridges),
        "communities": len(communities),
        "pagerank_max": float(max(rank)) if rank else 0.0,
        "pairs": len(pairs),
        "buyer_services": len(buyers),
    }


def _read(folder: Path) -> tuple[pa.Table, pa.Table]:
    """The organisations' ids and the agreements' id, source, target, service and value, from
    CSV files (Arrow's reader) or, where the folder has them, Parquet files (the columns the
    floor uses, as written: ``value`` a number)."""
    if (folder / "agreements.parquet").exists():
        organisations = pq.read_table(folder / "organisations.parquet", columns=["id"])
        agreements = pq.read_table(
            folder / "agreements.parquet", columns=["id", "source", "target", "service", "value"]
        )
        return organisations, agreements
    text = pa.string()
    organisations = pacsv.read_csv(
        folder / "organisations.csv",
        convert_options=pacsv.ConvertOptions(column_types={"id": text}),
    )
    agreements = pacsv.read_csv(
        folder / "agreements.csv",
        convert_options=pacsv.ConvertOptions(
            column_types={
                "id": text,
                "source": text,
                "target": text,
                "service": text,
                "value": pa.float64(),
            }
        ),
    )
    return organisations, agreements


def main() -> None:
    """``floor.py FOLDER [RUNS]``: the best of RUNS runs (default 1), with the peak memory."""
    runs = [floor(Path(sys.argv[1])) for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 1)]
    figures = min(runs, key=lambda run: float(run["floor_s"]))
    figures["runs_s"] = [run["floor_s"] for run in runs]
    figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
