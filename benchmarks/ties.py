"""Benchmark: classify every tie and find latent ties, at 10k, 100k and 1M agreements.

Each size is a synthetic ecosystem (ten agreements per organisation) loaded once; the edge
table is built before timing, so the figures are the analyses' own. Figures go to
``benchmarks/results/ties.json`` and ``ties.md``; docs/performance.md quotes them.

    python benchmarks/ties.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import time

from _common import run, synthetic_ecosystem

import netorg


def measure(n_agreements: int) -> dict[str, float | int]:
    eco = synthetic_ecosystem(n_agreements)
    _ = eco.edges
    start = time.perf_counter()
    ties = netorg.tie_classes(eco)
    ties_s = time.perf_counter() - start
    start = time.perf_counter()
    latent = netorg.latent_ties(eco)
    latent_s = time.perf_counter() - start
    return {
        "agreements": n_agreements,
        "organisations": len(eco.organisations),
        "edges": len(eco.edges),
        "ties": len(ties),
        "implicit": int((ties["tie_class"] == "implicit").sum()),
        "tie_classes_s": round(ties_s, 2),
        "latent_ties": len(latent),
        "latent_ties_s": round(latent_s, 2),
    }


if __name__ == "__main__":
    run(
        __doc__,
        "ties",
        measure,
        [
            "agreements",
            "organisations",
            "ties",
            "implicit",
            "tie_classes_s",
            "latent_ties",
            "latent_ties_s",
        ],
    )
