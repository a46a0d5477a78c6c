"""Benchmark: the engine choices inside loading, each pair measured in one run.

- id look-ups: pandas ``Index.get_indexer`` on text against Arrow's ``index_in``
  (what :func:`netorg._codes.codes_in` uses);
- gathering ids by position: numpy object arrays against Arrow ``take``
  (:func:`netorg._codes.take`);
- building the igraph view: edges passed to the ``Graph`` constructor against
  ``Graph.add_edges`` on an empty graph;
- distinct pair keys (``lo * n + hi`` over the edges): a plain ``np.unique``, which numpy
  2.3 and later answer by hashing, against sorting (:func:`netorg._codes.distinct`);
- looking pair keys up among distinct pair keys (half of them there): ``np.searchsorted``
  against pandas' hash table (:class:`netorg._codes.KeyIndex`, its building included), at
  the look-ups' size and at ``--large-keys``, where the keys outgrow the processor's caches;
- deflating the XML of a ties sheet of findings.xlsx (a synthetic ecosystem of ``--sheet-orgs``
  organisations) a megabyte at a time: zlib's fastest level against ISA-L's level 1
  (:mod:`netorg._xlsx`), with the sizes each writes.

Figures go to ``benchmarks/results/engines.json`` and ``engines.md`` as seconds and ratios.

    python benchmarks/engines.py [--ids 100000] [--lookups 2000000] [--large-keys 16000000]
                                 [--sheet-orgs 20000]
"""

from __future__ import annotations

import argparse
import io
import json
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import igraph as ig
import numpy as np
import pandas as pd
from isal import isal_zlib
from openpyxl import Workbook

import netorg
from netorg import _xlsx
from netorg._codes import KeyIndex, codes_in, distinct, take
from netorg.report import tables

RESULTS = Path(__file__).resolve().parent / "results"


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The fastest of a few runs, in seconds (the least disturbed by other work)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def sheet_xml(organisations: int) -> bytes:
    """The ``<row>`` elements of findings.xlsx's ties sheet for a synthetic ecosystem."""
    ties = netorg.tie_classes(netorg.datasets.synthetic(organisations, seed=1))
    workbook = Workbook(write_only=True)
    workbook.create_sheet("ties")
    text = io.BytesIO()
    tables._write_rows(ties, text, tables._DateStyles(workbook))  # type: ignore[arg-type]
    return text.getvalue()


def deflate_pair(xml: bytes) -> tuple[tuple[str, Callable[[], int]], ...]:
    """zlib against ISA-L on ``xml``, fed a block at a time as :mod:`netorg._xlsx` does."""
    block = _xlsx.DEFLATE_BLOCK

    def deflate(library: Any) -> Callable[[], int]:
        def run() -> int:
            stream = library.compressobj(1, library.DEFLATED, -15)
            out = sum(len(stream.compress(xml[i : i + block])) for i in range(0, len(xml), block))
            return out + len(stream.flush(library.Z_SYNC_FLUSH))

        return run

    return (("zlib level 1", deflate(zlib)), ("ISA-L level 1 (isal_zlib)", deflate(isal_zlib)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--ids", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=2_000_000)
    parser.add_argument("--large-keys", type=int, default=16_000_000)
    parser.add_argument("--sheet-orgs", type=int, default=20_000)
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

    def key_lookups(size: int) -> tuple[np.ndarray, np.ndarray]:
        """``size`` distinct pair keys and ``size`` queries, half of them among the keys."""
        n = 10 * size
        sorted_keys = distinct(rng.integers(0, n, size) * n + rng.integers(0, n, size))
        hits = sorted_keys[rng.integers(0, len(sorted_keys), size // 2)]
        queries = np.concatenate([hits, rng.integers(0, n * n, size - size // 2)])
        return sorted_keys, rng.permutation(queries)

    def searchsorted(sorted_keys: np.ndarray, queries: np.ndarray) -> np.ndarray:
        at = np.minimum(np.searchsorted(sorted_keys, queries), len(sorted_keys) - 1)
        return sorted_keys[at] == queries

    def lookup_pair(size: int) -> tuple[tuple[str, Callable[[], object]], ...]:
        sorted_keys, queries = key_lookups(size)
        return (
            ("np.searchsorted", lambda: searchsorted(sorted_keys, queries)),
            ("hash table (KeyIndex)", lambda: KeyIndex(sorted_keys).contains(queries)),
        )

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
        f"pair-key look-up, {args.lookups:,} keys": lookup_pair(args.lookups),
        f"pair-key look-up, {args.large_keys:,} keys": lookup_pair(args.large_keys),
    }
    xml = sheet_xml(args.sheet_orgs)
    deflates = deflate_pair(xml)
    sizes = {name: run() for name, run in deflates}
    deflate_task = (
        f"deflate a ties sheet's XML, {len(xml) / 1e6:.0f} MB to "
        + " / ".join(f"{size / 1e6:.1f}" for size in sizes.values())
        + " MB"
    )
    pairs[deflate_task] = deflates
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
    setup = {
        "ids": args.ids,
        "lookups_or_edges": args.lookups,
        "large_keys": args.large_keys,
        "sheet_organisations": args.sheet_orgs,
        "repeats": args.repeats,
    }
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
