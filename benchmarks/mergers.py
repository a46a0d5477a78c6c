"""Benchmark: merger or alliance, with its candidate search, 10k to 1M agreements.

Each size is a synthetic ecosystem (ten agreements per organisation) loaded once, with its
edge table and tie graph built before timing (``netorg analyze`` builds them for the other
analyses anyway). ``mergers_seconds`` is one call of ``merger_alternatives``: the pairs on
record, the candidate pairs within two steps, their evidence, the decision and the reasons.
``pairs_examined`` is the number of candidate pairs whose evidence was computed (the
co-parties left after the cheap pruning, see docs/methodology.md). Figures go
to ``benchmarks/results/mergers.json`` and ``mergers.md``; docs/performance.md quotes them.

    python benchmarks/mergers.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import time

from _common import run, synthetic_ecosystem

import netorg
from netorg.analysis.mergers import candidate_pairs
from netorg.params import MergerParams
from netorg.stats import tie_graph


def measure(n_agreements: int) -> dict[str, float | int]:
    eco = synthetic_ecosystem(n_agreements)
    _ = eco.edges
    tie_graph(eco)
    pairs = len(candidate_pairs(eco, MergerParams()))
    start = time.perf_counter()
    mergers = netorg.merger_alternatives(eco)
    seconds = time.perf_counter() - start
    counts = mergers["status"].value_counts()
    recs = mergers["recommendation"].value_counts()
    return {
        "agreements": n_agreements,
        "organisations": len(eco.organisations),
        "pairs_examined": pairs,
        "declared": int(counts.get("declared", 0)),
        "proposed": int(counts.get("proposed", 0)),
        "candidates": int(counts.get("candidate", 0)),
        "alliance": int(recs.get("alliance", 0)),
        "merger": int(recs.get("merger", 0)),
        "mergers_seconds": round(seconds, 2),
    }


if __name__ == "__main__":
    run(
        __doc__,
        "mergers",
        measure,
        [
            "agreements",
            "organisations",
            "pairs_examined",
            "declared",
            "proposed",
            "candidates",
            "alliance",
            "merger",
            "mergers_seconds",
        ],
    )
