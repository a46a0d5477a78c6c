"""Benchmark: all dependency risks, risk scores, and one what-if, 10k to 1M agreements.

Each size is a synthetic ecosystem (ten agreements per organisation) loaded once, with its
edge table built before timing. ``risks_seconds`` is ``dependency_risks`` plus
``risk_scores``. The what-if removes the organisation with the most live ties; its one-time
preparation (the alliance clusters and the tie graph, which ``netorg analyze`` computes
anyway) is timed apart from the what-if itself. Figures go to ``benchmarks/results/risks.json``
and ``risks.md``; docs/performance.md quotes them.

    python benchmarks/risks.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import time

import numpy as np
from _common import run, synthetic_ecosystem

import netorg
from netorg.stats import tie_graph


def measure(n_agreements: int) -> dict[str, float | int]:
    eco = synthetic_ecosystem(n_agreements)
    _ = eco.edges
    start = time.perf_counter()
    risks = netorg.dependency_risks(eco)
    netorg.risk_scores(eco)
    risks_s = time.perf_counter() - start
    start = time.perf_counter()
    netorg.alliance_clusters(eco)
    graph = tie_graph(eco)
    prepare_s = time.perf_counter() - start
    hub = str(eco.org_index[int(np.argmax(graph.degree()))])
    start = time.perf_counter()
    netorg.what_if(eco, [hub])
    whatif_s = time.perf_counter() - start
    return {
        "agreements": n_agreements,
        "organisations": len(eco.organisations),
        "findings": len(risks),
        "risks_seconds": round(risks_s, 2),
        "whatif_prepare_seconds": round(prepare_s, 2),
        "whatif_seconds": round(whatif_s, 2),
    }


if __name__ == "__main__":
    run(
        __doc__,
        "risks",
        measure,
        [
            "agreements",
            "organisations",
            "findings",
            "risks_seconds",
            "whatif_prepare_seconds",
            "whatif_seconds",
        ],
    )
