"""Benchmark: a 10-point timeline and one comparison, 10k to 1M agreements.

Each size is a synthetic ecosystem (ten agreements per organisation, dated 2016 to 2030)
loaded once. ``timeline_seconds`` is ``netorg.timeline`` at ten yearly dates ending on the
ecosystem's reference date; ``per_date_seconds`` its mean per date. ``compare_seconds`` is
``netorg.compare`` of the ecosystem a year earlier against itself now (ties, clusters, risks
and measures on both sides). Figures go to ``benchmarks/results/timeline.json`` and
``timeline.md``; docs/performance.md quotes them.

    python benchmarks/timeline.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import time

from _common import run, synthetic_ecosystem

import netorg
from netorg.analysis.compare import every, shift


def measure(n_agreements: int) -> dict[str, float | int]:
    eco = synthetic_ecosystem(n_agreements)
    _ = eco.edges
    dates = every(shift(eco.as_of, "1y", -9), eco.as_of, "1y")
    start = time.perf_counter()
    frame = netorg.timeline(eco, dates)
    timeline_s = time.perf_counter() - start
    old = synthetic_ecosystem(n_agreements)  # the same data, a year earlier
    old.as_of = shift(eco.as_of, "1y", -1)
    start = time.perf_counter()
    result = netorg.compare(old, eco)
    compare_s = time.perf_counter() - start
    return {
        "agreements": n_agreements,
        "organisations": len(eco.organisations),
        "dates": len(frame),
        "timeline_seconds": round(timeline_s, 2),
        "per_date_seconds": round(timeline_s / len(frame), 2),
        "compare_seconds": round(compare_s, 2),
        "tie_changes": len(result.ties),
        "cluster_events": len(result.clusters),
    }


if __name__ == "__main__":
    run(
        __doc__,
        "timeline",
        measure,
        [
            "agreements",
            "organisations",
            "dates",
            "timeline_seconds",
            "per_date_seconds",
            "compare_seconds",
            "tie_changes",
            "cluster_events",
        ],
    )
