"""Benchmark: alliance clusters, their summary and the consortium check, 10k to 1M agreements.

Each size is a synthetic ecosystem (ten agreements per organisation) loaded once, with the
edge table and the tie classes computed before timing (``netorg analyze`` computes them
first anyway and hands them over). The time covers the collaboration graph, the Leiden runs
(one plus the stability reruns) and the three tables; brokerage (Gould & Fernandez roles over
those clusters, Burt's constraint) is timed on its own. Figures go to
``benchmarks/results/clusters.json`` and ``clusters.md``; docs/performance.md quotes them.

    python benchmarks/clusters.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import time

from _common import run, synthetic_ecosystem

import netorg


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
    return {
        "agreements": n_agreements,
        "organisations": len(eco.organisations),
        "clusters": len(summary),
        "unclustered": int((clusters["role_in_cluster"] == "unclustered").sum()),
        "consortia": len(consortia),
        "partition_ari": float(summary["partition_ari"].iloc[0]) if len(summary) else 0.0,
        "seconds": round(seconds, 2),
        "brokerage_seconds": round(brokerage_s, 2),
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
        ],
    )
