"""Benchmark: load + validate + graph build for synthetic ecosystems of growing size.

For each size a synthetic ecosystem (ten agreements per organisation) is written as a folder
of CSV files; a fresh Python process then times, separately, reading the files, validating
and normalising them, and building the edge table and the igraph view, and reports its peak
memory. Figures go to ``benchmarks/results/load.json`` and ``load.md``; docs/performance.md
quotes them.

    python benchmarks/load.py                      # 10k, 100k and 1M agreements
    python benchmarks/load.py --sizes 10000 50000  # other sizes
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

# Runs in a fresh interpreter so that peak memory is the load's own.
CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from netorg.config import Config
from netorg.io import read_ecosystem
from netorg._validate import validate
from netorg.model import Ecosystem

folder = Path(sys.argv[1])
t0 = time.perf_counter()
raw = read_ecosystem(folder)
t1 = time.perf_counter()
checked = validate(raw, Config(), strict=True)
t2 = time.perf_counter()
eco = Ecosystem(checked.organisations, checked.agreements, checked.parties, as_of="2026-01-01")
graph = eco.igraph
t3 = time.perf_counter()
print(json.dumps({
    "read_s": t1 - t0, "validate_s": t2 - t1, "graph_s": t3 - t2, "total_s": t3 - t0,
    "edges": graph.ecount(), "organisations": graph.vcount(),
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def measure(n_agreements: int, workdir: Path) -> dict[str, float | int]:
    """Write one synthetic ecosystem and time loading it in a child process."""
    from netorg._synthetic import synthetic_tables

    n_organisations = max(10, n_agreements // 10)
    folder = workdir / f"eco_{n_agreements}"
    folder.mkdir()
    start = time.perf_counter()
    tables = synthetic_tables(n_organisations, n_agreements=n_agreements, seed=1)
    generated = time.perf_counter() - start
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    size_mib = sum(f.stat().st_size for f in folder.iterdir()) / 2**20
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder)], capture_output=True, text=True, check=True
    )
    figures = json.loads(child.stdout)
    figures.update(
        agreements=n_agreements,
        organisations_requested=n_organisations,
        csv_mib=round(size_mib, 1),
        generate_s=generated,
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            figures = measure(n, Path(tmp))
            rows.append(figures)
            print(
                f"{n:>9,} agreements: read {figures['read_s']:.2f} s, validate "
                f"{figures['validate_s']:.2f} s, graph {figures['graph_s']:.2f} s, total "
                f"{figures['total_s']:.2f} s, peak {figures['peak_rss_mib']:.0f} MiB",
                flush=True,
            )
    RESULTS.mkdir(exist_ok=True)
    machine = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": __import__("os").cpu_count(),
    }
    (RESULTS / "load.json").write_text(
        json.dumps({"machine": machine, "runs": rows}, indent=2) + "\n", encoding="utf-8"
    )
    lines = [
        "| agreements | organisations | edges | CSV MiB | read s | validate s | graph s "
        "| total s | peak MiB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['agreements']:,} | {r['organisations']:,} | {r['edges']:,} | {r['csv_mib']} "
            f"| {r['read_s']:.2f} | {r['validate_s']:.2f} | {r['graph_s']:.2f} "
            f"| {r['total_s']:.2f} | {r['peak_rss_mib']:.0f} |"
        )
    (RESULTS / "load.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / 'load.json'} and {RESULTS / 'load.md'}")


if __name__ == "__main__":
    main()
