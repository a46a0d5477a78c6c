"""Benchmark: classify every tie and find latent ties, at 10k, 100k and 1M agreements.

Each size is a synthetic ecosystem (ten agreements per organisation) loaded once; the edge
table is built before timing, so the figures are the analyses' own. Figures go to
``benchmarks/results/ties.json`` and ``ties.md``; docs/performance.md quotes them.

    python benchmarks/ties.py [--sizes 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import netorg
from netorg._load import from_frames
from netorg._synthetic import synthetic_tables

RESULTS = Path(__file__).resolve().parent / "results"


def measure(n_agreements: int) -> dict[str, float | int]:
    tables = synthetic_tables(max(10, n_agreements // 10), n_agreements=n_agreements, seed=1)
    eco = from_frames(
        tables["organisations"], tables["agreements"], tables["parties"], as_of="2026-01-01"
    )
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        rows.append(measure(n))
        print(json.dumps(rows[-1]), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ties.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    lines = [
        "| agreements | organisations | ties | implicit | tie_classes s | latent ties "
        "| latent_ties s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r['agreements']:,} | {r['organisations']:,} | {r['ties']:,} | {r['implicit']:,} "
        f"| {r['tie_classes_s']} | {r['latent_ties']:,} | {r['latent_ties_s']} |"
        for r in rows
    ]
    (RESULTS / "ties.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'ties.md'}")


if __name__ == "__main__":
    main()
