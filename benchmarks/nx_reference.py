"""The networkx reference: the floor's steps as a Python user would write them with networkx.

The same CSV folder and the same steps as ``benchmarks/floor.py``: read both CSV files
(pandas), build a ``MultiDiGraph`` with one edge per two-party agreement, collapse it to a
weighted undirected ``Graph`` (weight = number of agreements), articulation points,
bridges, ``nx.community.louvain_communities(seed=1)`` (networkx has no Leiden), PageRank
(``nx.pagerank``, which needs scipy; networkx's pure-Python PageRank without it),
and the per-pair and per-buyer (source, service) group-bys in plain Python over the edges.
``python -m benchmarks`` runs it at 10k agreements to state the speed-up of the floor and of
``netorg analyze`` over what one would otherwise write.

    python benchmarks/nx_reference.py FOLDER     # prints JSON
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from _common import Laps
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python


def nx_reference(folder: Path, seed: int = 1) -> dict[str, Any]:
    """Run the networkx version of the floor on a folder of netorg CSV files."""
    lap = Laps()
    seconds, start = lap.seconds, lap.start

    organisations = pd.read_csv(folder / "organisations.csv", dtype=str, keep_default_na=False)
    agreements = pd.read_csv(folder / "agreements.csv", dtype=str, keep_default_na=False)
    lap("read")

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(organisations["id"])
    for row in agreements.itertuples(index=False):
        if row.source and row.target:
            graph.add_edge(
                row.source,
                row.target,
                key=row.id,
                service=row.service,
                value=float(row.value) if row.value else 0.0,
            )
    lap("graph")

    collapsed = nx.Graph()
    collapsed.add_nodes_from(graph)
    for u, v in graph.edges():
        if u == v:
            continue
        if collapsed.has_edge(u, v):
            collapsed[u][v]["weight"] += 1
        else:
            collapsed.add_edge(u, v, weight=1)
    lap("collapse")

    cut_vertices = list(nx.articulation_points(collapsed))
    lap("articulation_points")
    bridges = list(nx.bridges(collapsed))
    lap("bridges")
    communities = nx.community.louvain_communities(collapsed, weight="weight", seed=seed)
    lap("louvain")
    try:
        rank = nx.pagerank(graph)
        pagerank_impl = "scipy"
    except ModuleNotFoundError:  # nx.pagerank needs scipy; networkx's pure-Python one does not
        rank = _pagerank_python(graph)
        pagerank_impl = "python"
    lap("pagerank")

    pairs: defaultdict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    buyers: defaultdict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0.0])
    for u, v, data in graph.edges(data=True):
        for key, table in (((u, v), pairs), ((u, data["service"]), buyers)):
            table[key][0] += 1
            table[key][1] += data["value"]
    lap("group_bys")

    return {
        "nx_s": time.perf_counter() - start,
        "stages": seconds,
        "organisations": graph.number_of_nodes(),
        "agreements": len(agreements),
        "edges": graph.number_of_edges(),
        "collapsed_edges": collapsed.number_of_edges(),
        "articulation_points": len(cut_vertices),
        "bridges": len(bridges),
        "communities": len(communities),
        "pagerank_max": max(rank.values()) if rank else 0.0,
        "pagerank_impl": pagerank_impl,
        "pairs": len(pairs),
        "buyer_services": len(buyers),
    }


def main() -> None:
    figures = nx_reference(Path(sys.argv[1]))
    figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
