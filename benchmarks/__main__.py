"""Benchmark: ``netorg analyze`` end to end against the floor, at growing sizes (issue 9).

For each size a synthetic ecosystem (``netorg.datasets.synthetic``'s generator, ten
agreements per organisation) is written as a folder of CSV files (or, with ``--parquet``,
Parquet files with typed dates and amounts) in netorg's layout, as
``benchmarks/load.py`` does. Then, each in a fresh Python process so that its peak memory
(``ru_maxrss``) is its own:

- the floor (``benchmarks/floor.py``: Arrow CSV reader, integer codes, igraph's C routines
  and pandas group-bys; best of ``--floor-runs``);
- the method's own igraph calls beyond it (``benchmarks/method_calls.py``: the stability
  Leiden runs, the sampled betweenness, the layout, on the graphs netorg builds) and the
  least time on two cores they allow beside the floor's work (``bound_s``; ``over_bound``
  is analyze over it);
- ``netorg analyze`` as the command runs it: Arrow's memory pool chosen as the command
  chooses it (:func:`netorg._memory.use_jemalloc`; set ``ARROW_DEFAULT_MEMORY_POOL`` to
  measure another), ``netorg.load(folder)``, then ``netorg.write_outputs(eco, out)`` (every
  analysis, the CSV tables, findings.xlsx, summary.json, report.html with the cluster
  overview, network.html). The seconds of each
  stage come from summary.json's ``timings`` (or a ``timings.json`` beside it) when netorg
  writes them.

At 10k agreements (``--nx-size``) the same folder also runs ``benchmarks/nx_reference.py``:
the floor's steps written with networkx, to state the speed-up over it. Each size runs
``netorg analyze`` twice and records whether the second run wrote the same bytes in every
file, and the CPU seconds it used (user and system, its worker processes included) and the
page faults its allocations took. Figures go to ``benchmarks/results/scale.json`` and
``scale.md`` (``--name`` sets another stem), the plot to ``scale.png`` (needs matplotlib:
``pip install -e '.[bench]'``); docs/performance.md quotes them.

    python -m benchmarks                          # 10k, 100k and 1M agreements (minutes)
    python -m benchmarks --sizes 10000 100000     # smaller sizes only
    python -m benchmarks --organisations-1m       # adds 1M organisations / 10M agreements
    python -m benchmarks --parquet --name parquet # Parquet folders instead of CSV
    ARROW_DEFAULT_MEMORY_POOL=mimalloc python -m benchmarks --sizes 1000000 --name pool
                                                  # pyarrow's own default pool, to compare
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The per-part scripts import ``_common`` as a top-level module; keep that working here too.
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from _common import AS_OF, RESULTS, SIZES, WRITE_CHILD  # noqa: E402  (on the path set above)

#: ``--organisations-1m``: one million organisations, ten million agreements.
HUGE = 10_000_000

#: netorg's analysis stages (named after their tables) grouped into the four analyses.
ANALYSES: dict[str, tuple[str, ...]] = {
    "ties": ("ties", "latent_ties"),
    "clusters": ("clusters", "cluster_summary", "consortia", "brokerage"),
    "risks": ("risks", "risk_scores"),
    "mergers": ("mergers",),
}
#: Columns of the main table and lines of the plot, besides the floor and the total.
GROUPS = ("load", *ANALYSES, "outputs")

FLOOR_DEFINITION = (
    "read organisations.csv and agreements.csv (pyarrow CSV reader), code the ids "
    "(Arrow index_in), build the directed igraph multigraph from integer edge arrays, "
    "collapse it to an undirected weighted graph (simplify, weights summed), "
    "articulation points, bridges, Leiden (modularity, weighted), PageRank, and the "
    "per-pair and per-buyer (source, service) group-bys with pandas"
)

# ``netorg analyze`` as the command runs it: load, then write_outputs (which runs the
# analyses). Uses netorg's stage recorder when this version of netorg has one.
ANALYZE_CHILD = r"""
import inspect, json, resource, sys, time
from pathlib import Path
import netorg

folder, out, as_of = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
try:  # the Arrow pool the command chooses, in versions that choose one
    from netorg._memory import use_jemalloc
    pool = use_jemalloc()
except ImportError:
    import pyarrow
    pool = pyarrow.default_memory_pool().backend_name
try:
    from netorg._progress import Stages
except ImportError:
    Stages = None
takes = lambda f: "stages" in inspect.signature(f).parameters
start = time.perf_counter()
if Stages is not None:
    stages = Stages()
    with stages.stage("load"):
        eco = netorg.load(folder, as_of=as_of)
    if takes(netorg.write_outputs):
        # As the command runs it: letting each table go once written, where it can.
        accepts = inspect.signature(netorg.write_outputs).parameters
        lean = {"keep": False} if "keep" in accepts else {}
        netorg.write_outputs(eco, out, stages=stages, **lean)
    else:
        if takes(eco.analyze):
            eco.analyze(stages=stages)  # the call write_outputs makes first; kept, not redone
        with stages.stage("outputs"):
            netorg.write_outputs(eco, out)
    recorded = dict(stages.seconds)
    cpu_recorded = dict(getattr(stages, "cpu_seconds", {}))  # versions that record them
else:
    eco = netorg.load(folder, as_of=as_of)
    loaded = time.perf_counter()
    netorg.write_outputs(eco, out)
    recorded = {"load": loaded - start, "analyses_and_outputs": time.perf_counter() - loaded}
    cpu_recorded = {}
total = time.perf_counter() - start
summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
timings = summary.get("timings")
if timings is None and (out / "timings.json").exists():
    timings = json.loads((out / "timings.json").read_text(encoding="utf-8"))
import hashlib
WHO = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
digests = {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(out.iterdir())}
print(json.dumps({
    "digests": digests,
    "arrow_pool": pool,
    "analyze_s": total,
    "recorded": recorded,
    "cpu_recorded": cpu_recorded,
    "timings": timings,
    "organisations": len(eco.organisations),
    "edges": len(eco.edges),
    "out_mib": sum(f.stat().st_size for f in out.iterdir()) / 2**20,
    "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    # CPU of this process and of the worker processes it waited for, and the page faults
    # its allocations took (each a page the kernel had to find and zero).
    "cpu_user_s": sum(resource.getrusage(w).ru_utime for w in WHO),
    "cpu_sys_s": sum(resource.getrusage(w).ru_stime for w in WHO),
    "minor_faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt,
}))
"""


def _child(args: list[str]) -> str:
    """Run a fresh Python with ``args``; its stdout, or its stderr as the error."""
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed:\n{done.stderr[-4000:]}")
    return done.stdout


def stage_seconds(timings: Any, recorded: dict[str, float]) -> dict[str, float]:
    """Seconds per stage: netorg's own ``timings`` when it wrote them, else ours."""
    if isinstance(timings, dict) and isinstance(timings.get("stages"), list):
        return {str(s["name"]): float(s["seconds"]) for s in timings["stages"]}
    if isinstance(timings, dict) and timings:
        flat = {k: v for k, v in timings.items() if k != "total" and isinstance(v, int | float)}
        if flat:
            return {str(k): float(v) for k, v in flat.items()}
    return {name: float(s) for name, s in recorded.items()}


def grouped(stages: dict[str, float]) -> dict[str, float]:
    """The stages summed into load, the four analyses and the outputs (everything else)."""
    analysis_of = {stage: name for name, members in ANALYSES.items() for stage in members}
    sums = dict.fromkeys(GROUPS, 0.0)
    seen = set()
    for stage, seconds in stages.items():
        group = "load" if stage == "load" else analysis_of.get(stage, "outputs")
        sums[group] += seconds
        seen.add(group)
    return {group: sums[group] for group in GROUPS if group in seen}


def measure(
    n: int, workdir: Path, floor_runs: int, nx_size: int, kind: str = "csv"
) -> dict[str, Any]:
    """Write one size's folder (``kind``: csv or parquet); time the floor, netorg analyze and
    maybe networkx."""
    folder, out = workdir / f"eco_{n}", workdir / f"out_{n}"
    generate_s = float(_child(["-c", WRITE_CHILD, str(folder), str(n), kind]))
    floor = json.loads(_child([str(HERE / "floor.py"), str(folder), str(floor_runs)]))
    from method_calls import CALLS, lower_bound

    # The method's own igraph calls beyond the floor, on netorg's graphs of this folder, and
    # the least time they allow on two cores beside the floor's work
    # (benchmarks/method_calls.py).
    script = str(HERE / "method_calls.py")
    options = ["--floor-runs", "0", "--as-of", AS_OF, "--print"]  # the floor is timed above
    calls = json.loads(_child([script, "--folder", str(folder), *options]))
    calls = {k: calls[k] for k in CALLS}
    bound = lower_bound(floor["floor_s"], calls)
    analyze = json.loads(_child(["-c", ANALYZE_CHILD, str(folder), str(out), AS_OF]))
    stages = stage_seconds(analyze["timings"], analyze["recorded"])
    # Determinism: a second run of the same input must write the same bytes in every file.
    again = json.loads(_child(["-c", ANALYZE_CHILD, str(folder), str(out) + "_again", AS_OF]))
    differ = sorted(
        name
        for name in set(analyze["digests"]) | set(again["digests"])
        if analyze["digests"].get(name) != again["digests"].get(name)
    )
    row: dict[str, Any] = {
        "agreements": n,
        "organisations": analyze["organisations"],
        "edges": analyze["edges"],
        "input": kind,
        "csv_mib": round(sum(f.stat().st_size for f in folder.iterdir()) / 2**20, 1),
        "generate_s": round(generate_s, 2),
        "floor_s": round(floor["floor_s"], 3),
        "floor_runs_s": [round(s, 3) for s in floor["runs_s"]],
        "floor_peak_mib": round(floor["peak_rss_mib"]),
        "floor_stages": {k: round(v, 3) for k, v in floor["stages"].items()},
        "analyze_s": round(analyze["analyze_s"], 2),
        "second_run_s": round(again["analyze_s"], 2),
        "deterministic": not differ,
        "differing_files": differ,
        "files": len(analyze["digests"]),
        "ratio": round(analyze["analyze_s"] / floor["floor_s"], 1),
        "calls": calls,
        "bound_s": round(bound, 2),
        "bound_ratio": round(bound / floor["floor_s"], 1),
        "over_bound": round(analyze["analyze_s"] / bound, 1),
        "peak_mib": round(analyze["peak_rss_mib"]),
        "cpu_user_s": round(analyze["cpu_user_s"], 1),
        "cpu_sys_s": round(analyze["cpu_sys_s"], 1),
        "minor_faults": analyze["minor_faults"],
        "arrow_pool": analyze.get("arrow_pool", ""),
        "out_mib": round(analyze["out_mib"], 1),
        "stages_from": "summary.json" if analyze["timings"] else "benchmark",
        "stages": {k: round(v, 2) for k, v in stages.items()},
        "groups": {k: round(v, 2) for k, v in grouped(stages).items()},
    }
    if n == nx_size and kind == "csv":  # the networkx reference reads CSV files
        nx = json.loads(_child([str(HERE / "nx_reference.py"), str(folder)]))
        row["nx_reference"] = {
            "nx_s": round(nx["nx_s"], 2),
            "peak_mib": round(nx["peak_rss_mib"]),
            "pagerank": nx["pagerank_impl"],
            "stages": {k: round(v, 3) for k, v in nx["stages"].items()},
            "floor_speedup": round(nx["nx_s"] / floor["floor_s"], 1),
            "analyze_speedup": round(nx["nx_s"] / analyze["analyze_s"], 2),
            "same_counts": all(
                nx[k] == floor[k]
                for k in ("edges", "collapsed_edges", "articulation_points", "bridges", "pairs")
            ),
        }
    return row


def table(rows: list[dict[str, Any]]) -> str:
    """scale.md: the main table, the stages and the networkx comparison."""
    groups = [g for g in GROUPS if any(g in r["groups"] for r in rows)]
    bounds = all("bound_s" in r for r in rows)
    head = ["agreements", "organisations", "floor s", "analyze s", "ratio", "peak MiB"]
    head += ["bound s", "analyze / bound"] if bounds else []
    head += [f"{g} s" for g in groups] + ["floor peak MiB", "second run: same bytes"]
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---:" for _ in head) + " |"]
    for r in rows:
        cells = [f"{r['agreements']:,}", f"{r['organisations']:,}", f"{r['floor_s']:.2f}"]
        cells += [f"{r['analyze_s']:.2f}", f"{r['ratio']:.1f}x", f"{r['peak_mib']:,}"]
        if bounds:
            cells += [f"{r['bound_s']:.2f} ({r['bound_ratio']:.1f}x)", f"{r['over_bound']:.1f}x"]
        cells += [f"{r['groups'][g]:.2f}" if g in r["groups"] else "" for g in groups]
        cells.append(f"{r['floor_peak_mib']:,}")
        if "deterministic" in r:
            same = "yes" if r["deterministic"] else "no: " + ", ".join(r["differing_files"])
            cells.append(f"{same} ({r['files']} files)")
        else:
            cells.append("not checked")
        lines.append("| " + " | ".join(cells) + " |")
    if all("cpu_sys_s" in r for r in rows):
        lines += [
            "",
            "| agreements | CPU user s | CPU system s | page faults |",
            "| ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {r['agreements']:,} | {r['cpu_user_s']:.1f} | {r['cpu_sys_s']:.1f} "
            f"| {r['minor_faults']:,} |"
            for r in rows
        ]
    pools = sorted({r.get("arrow_pool") or "not recorded" for r in rows})
    inputs = sorted({r.get("input", "csv") for r in rows})
    lines += [
        "",
        f"Arrow memory pool of netorg analyze: {', '.join(pools)}. Input: {', '.join(inputs)}.",
    ]
    stages = list(dict.fromkeys(s for r in rows for s in r["stages"]))
    lines += ["", "| stage | " + " | ".join(f"{r['agreements']:,} s" for r in rows) + " |"]
    lines.append("| --- | " + " | ".join("---:" for _ in rows) + " |")
    for s in stages:
        cells = [f"{r['stages'][s]:.2f}" if s in r["stages"] else "" for r in rows]
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    for r in rows:
        nx = r.get("nx_reference")
        if nx:
            lines += [
                "",
                "| at 10k agreements | s | peak MiB | networkx s / this |",
                "| --- | ---: | ---: | ---: |",
                f"| networkx reference | {nx['nx_s']:.2f} | {nx['peak_mib']} | 1.0x |",
                f"| floor | {r['floor_s']:.3f} | {r['floor_peak_mib']} "
                f"| {nx['floor_speedup']:.1f}x |",
                f"| netorg analyze | {r['analyze_s']:.2f} | {r['peak_mib']} "
                f"| {nx['analyze_speedup']:.2f}x |",
            ]
    return "\n".join(lines) + "\n"


def plot(rows: list[dict[str, Any]], path: Path) -> bool:
    """Seconds against agreements on log-log axes; False (and a message) without matplotlib,
    or when one size gives no curve to draw."""
    if len(rows) < 2:
        print("one size measured: no plot", file=sys.stderr)
        return False
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(
            "matplotlib is not installed: no plot (install it with pip install -e '.[bench]')",
            file=sys.stderr,
        )
        return False
    x = [r["agreements"] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    ax.plot(x, [r["analyze_s"] for r in rows], "o-", color="black", lw=2.5, label="analyze")
    ax.plot(x, [r["floor_s"] for r in rows], "s--", color="grey", lw=2.5, label="floor")
    if all("bound_s" in r for r in rows):
        bound = [r["bound_s"] for r in rows]
        ax.plot(x, bound, "^--", color="dimgrey", lw=1.8, label="bound (floor and method calls)")
    for group in GROUPS:
        points = [(r["agreements"], r["groups"][group]) for r in rows if group in r["groups"]]
        points = [(a, s) for a, s in points if s > 0]
        if points:
            ax.plot(*zip(*points, strict=True), "o-", lw=1.2, label=group)
    # Linear growth for reference: a slope of one through the floor's first point.
    ax.plot(x, [rows[0]["floor_s"] * a / x[0] for a in x], ":", color="grey", lw=1)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("agreements (ten per organisation)")
    ax.set_ylabel("seconds")
    ax.set_title("netorg analyze by stage against the floor (dotted: linear growth)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument(
        "--organisations-1m",
        action="store_true",
        help=f"also run 1M organisations ({HUGE:,} agreements); takes long and much memory",
    )
    parser.add_argument("--floor-runs", type=int, default=3, help="the floor's best of N")
    parser.add_argument(
        "--name", default="scale", help="stem of the result files (default: scale.json, ...)"
    )
    parser.add_argument(
        "--nx-size", type=int, default=10_000, help="size of the networkx reference (0: none)"
    )
    parser.add_argument(
        "--parquet",
        action="store_true",
        help="write the ecosystems as Parquet (dates and amounts typed) instead of CSV",
    )
    args = parser.parse_args()
    sizes = sorted(set(args.sizes) | ({HUGE} if args.organisations_1m else set()))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            start = time.perf_counter()
            kind = "parquet" if args.parquet else "csv"
            row = measure(n, Path(tmp), args.floor_runs, args.nx_size, kind)
            rows.append(row)
            print(
                f"{n:>10,} agreements: floor {row['floor_s']:.2f} s, analyze "
                f"{row['analyze_s']:.2f} s, ratio {row['ratio']:.1f}x, peak "
                f"{row['peak_mib']:,} MiB, {row['over_bound']:.1f}x the bound of "
                f"{row['bound_s']:.2f} s, "
                f"{'deterministic' if row['deterministic'] else 'NOT deterministic'} "
                f"({time.perf_counter() - start:.0f} s in all)",
                flush=True,
            )
            if "nx_reference" in row:
                nx = row["nx_reference"]
                print(
                    f"{'':>10} networkx reference {nx['nx_s']:.2f} s: the floor is "
                    f"{nx['floor_speedup']:.1f}x faster, netorg analyze "
                    f"{nx['analyze_speedup']:.2f}x",
                    flush=True,
                )
    RESULTS.mkdir(exist_ok=True)
    machine = {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
    }
    data = {"machine": machine, "floor": FLOOR_DEFINITION, "runs": rows}
    stem = args.name
    (RESULTS / f"{stem}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{stem}.md").write_text(table(rows), encoding="utf-8")
    wrote = [f"{stem}.json", f"{stem}.md"]
    if plot(rows, RESULTS / f"{stem}.png"):
        wrote.append(f"{stem}.png")
    print(f"wrote {', '.join(str(RESULTS / name) for name in wrote)}")


if __name__ == "__main__":
    main()
