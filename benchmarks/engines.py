"""Benchmark: the engine choices inside loading, each pair measured in one run.

- id look-ups: pandas ``Index.get_indexer`` on text against Arrow's ``index_in``
  (what :func:`netorg._codes.codes_in` uses);
- gathering ids by position: numpy object arrays against Arrow ``take``
  (:func:`netorg._codes.take`);
- building the igraph view: edges passed to the ``Graph`` constructor against
  ``Graph.add_edges`` on an empty graph;
- distinct pair keys (``lo * n + hi`` over the edges): a plain ``np.unique``, which numpy
  2.3 and later answer by hashing, against sorting (:func:`netorg._codes.distinct`).

Figures go to ``benchmarks/results/engines.json`` and ``engines.md`` as seconds and ratios.

    python benchmarks/engines.py [--ids 100000] [--lookups 2000000]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import igraph as ig
import numpy as np
import pandas as pd

from netorg._codes import codes_in, distinct, take

RESULTS = Path(__file__).resolve().parent / "results"


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The fastest of a few runs, in seconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--ids", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    ids = pd.Series([f"O{i:07d}" for i in range(args.ids)], dtype="str")
    positions = rng.integers(0, args.ids, args.lookups)
    wanted = pd.Series(ids.to_numpy()[positions], dtype="str")
    index = pd.Index(ids)
    edges = rng.integers(0, args.ids, (args.lookups, 2))
    keys = edges.min(axis=1) * args.ids + edges.max(axis=1)

    def constructor() -> None:
        ig.Graph(n=args.ids, edges=edges, directed=True)

    def add_edges() -> None:
        ig.Graph(n=args.ids, directed=True).add_edges(edges)

    pairs = {
        "id look-up": (
            ("pandas Index.get_indexer", lambda: index.get_indexer(wanted)),
            ("Arrow index_in (codes_in)", lambda: codes_in(wanted, index)),
        ),
        "gather ids by position": (
            ("numpy object array", lambda: pd.Series(ids.to_numpy()[positions])),
            ("Arrow take (take)", lambda: take(ids, positions)),
        ),
        "igraph view": (
            ("Graph(edges=...)", constructor),
            ("Graph().add_edges(...)", add_edges),
        ),
        "distinct pair keys": (
            (f"np.unique (numpy {np.__version__})", lambda: np.unique(keys)),
            ("sort (distinct)", lambda: distinct(keys)),
        ),
    }
    rows = []
    for task, ((slow_name, slow), (fast_name, fast)) in pairs.items():
        slow_s, fast_s = best_of(args.repeats, slow), best_of(args.repeats, fast)
        rows.append(
            {
                "task": task,
                "baseline": slow_name,
                "baseline_s": round(slow_s, 3),
                "netorg": fast_name,
                "netorg_s": round(fast_s, 3),
                "speed-up": round(slow_s / fast_s, 1),
            }
        )
        print(f"{task}: {slow_name} {slow_s:.3f} s, {fast_name} {fast_s:.3f} s", flush=True)
    RESULTS.mkdir(exist_ok=True)
    setup = {"ids": args.ids, "lookups_or_edges": args.lookups, "repeats": args.repeats}
    (RESULTS / "engines.json").write_text(
        json.dumps({"setup": setup, "runs": rows}, indent=2) + "\n", encoding="utf-8"
    )
    lines = [
        f"{args.lookups:,} look-ups, gathers or edges over {args.ids:,} ids "
        f"(best of {args.repeats}):",
        "",
        "| task | baseline | s | netorg uses | s | speed-up |",
        "| --- | --- | ---: | --- | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['task']} | {r['baseline']} | {r['baseline_s']} | {r['netorg']} "
            f"| {r['netorg_s']} | {r['speed-up']}x |"
        )
    (RESULTS / "engines.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'engines.md'}")


if __name__ == "__main__":
    main()
