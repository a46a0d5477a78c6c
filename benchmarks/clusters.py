"""Benchmark: alliance clusters, their summary and the consortium check, 10k to 1M agreements.

Each size is a synthetic ecosystem (ten agreements per organisation) loaded once, with the
edge table and the tie classes computed before timing (``netorg analyze`` computes them
first anyway and hands them over). The time covers the collaboration graph, the Leiden runs
(one plus the stability reruns) and the three tables; brokerage (Gould & Fernandez roles over
those clusters, Burt's constraint) is timed on its own, next to the sizes that set its cost:
the two-paths a walk would visit, the (broker, group, group) combinations the census counts
instead, and the closed chains it subtracts; and Burt's constraint on the live tie graph by
igraph's ``constraint`` against netorg's ``burt_constraint`` (over the triangles). Figures go
to
``benchmarks/results/clusters.json`` and ``clusters.md``; docs/performance.md quotes them.

    python benchmarks/clusters.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import importlib
import time

import numpy as np
import pandas as pd
from _common import run, synthetic_ecosystem

import netorg
from netorg._codes import KeyIndex
from netorg.stats import tie_graph

gf = importlib.import_module("netorg.analysis.brokerage")


def census_size(eco: netorg.Ecosystem, clusters: pd.DataFrame) -> dict[str, int]:
    """Two-paths, (broker, group, group) combinations and closed chains of the live arcs."""
    n = len(eco.org_index)
    e = eco.edges
    live = eco.live_mask()[e["agreement_code"].to_numpy(np.int64)]
    keys = gf._arcs(e["source_code"].to_numpy()[live], e["target_code"].to_numpy()[live], n)
    tail, head = np.divmod(keys, n)
    labels = gf._groups_by_organisation(eco, clusters.set_index("org_id")["cluster_id"])
    codes = gf._group_codes(pd.factorize(labels, sort=True)[0], n)
    n_codes = int(codes.max()) + 1
    into = gf._Histogram.of(head, codes[tail], n_codes)
    out_of = gf._Histogram.of(tail, codes[head], n_codes)
    chains = gf._closed_chains(KeyIndex(keys), tail, head, n, gf.CHUNK_SIZE)
    closed = sum(len(a) for a, _, _ in chains)
    two_paths = np.bincount(tail, minlength=n) * np.bincount(head, minlength=n)
    combinations = np.bincount(out_of.node, minlength=n)[into.node]
    return {
        "two_paths": int(two_paths.sum()),
        "census_rows": int(combinations.sum()),
        "closed_chains": closed,
    }


def measure(n_agreements: int) -> dict[str, float | int]:
    eco = synthetic_ecosystem(n_agreements)
    ties = netorg.tie_classes(eco)
    start = time.perf_counter()
    clusters = netorg.alliance_clusters(eco, ties=ties)
    summary = netorg.cluster_summary(eco, ties=ties)
    consortia = netorg.declared_consortia(eco, ties=ties)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    netorg.brokerage(eco, groups=clusters.set_index("org_id")["cluster_id"])
    brokerage_s = time.perf_counter() - start
    graph = tie_graph(eco)
    start = time.perf_counter()
    by_igraph = np.nan_to_num(np.asarray(graph.constraint(weights="weight")))
    igraph_s = time.perf_counter() - start
    start = time.perf_counter()
    ours = gf.burt_constraint(graph)
    ours_s = time.perf_counter() - start
    return {
        **census_size(eco, clusters),
        "agreements": n_agreements,
        "organisations": len(eco.organisations),
        "clusters": len(summary),
        "unclustered": int((clusters["role_in_cluster"] == "unclustered").sum()),
        "consortia": len(consortia),
        "partition_ari": float(summary["partition_ari"].iloc[0]) if len(summary) else 0.0,
        "seconds": round(seconds, 2),
        "brokerage_seconds": round(brokerage_s, 2),
        "constraint_igraph_seconds": round(igraph_s, 2),
        "constraint_netorg_seconds": round(ours_s, 2),
        "constraint_largest_difference": float(np.abs(by_igraph - ours).max(initial=0.0)),
    }


if __name__ == "__main__":
    run(
        __doc__,
        "clusters",
        measure,
        [
            "agreements",
            "organisations",
            "clusters",
            "unclustered",
            "consortia",
            "partition_ari",
            "seconds",
            "brokerage_seconds",
            "two_paths",
            "census_rows",
            "closed_chains",
            "constraint_igraph_seconds",
            "constraint_netorg_seconds",
            "constraint_largest_difference",
        ],
    )
