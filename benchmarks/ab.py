"""A/B benchmark: two versions of netorg on one ecosystem, run in turn.

This machine's speed drifts from hour to hour: the same code at a million agreements took
77.8 s and 94.8 s within one hour (docs/performance.md). A change worth 10% cannot be read
off two ``python -m benchmarks`` runs made on different days. Here both versions run on one
folder, taking turns (A B, then B A, ...), so that both meet the same drift, and the result
is the ratio of their medians with the spread of every run beside it.

Each version is a git revision exported with ``git archive`` into a temporary folder (the
working tree itself for ``--head``'s default, uncommitted changes included) and imported
from there (``PYTHONPATH``) by the Python running this script: the installed dependencies
are the same for both. Each run is ``netorg analyze`` as ``python -m benchmarks`` runs it
(load, then ``write_outputs``) in a fresh process. The script also says whether the two
versions wrote the same bytes in every file, which is the check a refactoring wants.

    python -m benchmarks.ab --base HEAD~1                    # working tree against HEAD~1
    python -m benchmarks.ab --base d8aba91 --head HEAD --agreements 100000 --runs 3

Figures go to ``benchmarks/results/ab.json`` and ``ab.md`` (``--name`` sets another stem).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.__main__ import ANALYZE_CHILD, AS_OF, RESULTS, WRITE_CHILD, stage_seconds

ROOT = Path(__file__).resolve().parent.parent
#: ``--head``'s default: the checkout this script is in, as it is on disk.
WORKING_TREE = "working tree"

FIGURES = ("analyze_s", "peak_mib", "cpu_user_s", "cpu_sys_s")


def schedule(runs: int) -> list[str]:
    """The order of the runs: A B, B A, A B, ... so that neither side always goes first."""
    order: list[str] = []
    for i in range(runs):
        order += ["base", "head"] if i % 2 == 0 else ["head", "base"]
    return order


def summarise(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Medians, lowest and highest of each side's figures and stages, and head / base."""
    sides: dict[str, Any] = {}
    for side in ("base", "head"):
        mine = [r for r in records if r["side"] == side]
        if not mine:
            raise ValueError(f"no run of {side}")
        stages = list(dict.fromkeys(s for r in mine for s in r["stages"]))
        sides[side] = {
            "runs": len(mine),
            **{
                figure: {
                    "median": statistics.median(r[figure] for r in mine),
                    "low": min(r[figure] for r in mine),
                    "high": max(r[figure] for r in mine),
                }
                for figure in FIGURES
            },
            "stages": {s: statistics.median(r["stages"].get(s, 0.0) for r in mine) for s in stages},
            # Seconds each stage waited (its seconds less its thread's CPU seconds), from
            # versions whose timings give cpu_seconds: in which stage a change moved time
            # from work to waiting.
            "waits": {
                s: statistics.median(r["waits"][s] for r in mine if s in r.get("waits", {}))
                for s in stages
                if any(s in r.get("waits", {}) for r in mine)
            },
        }
    ratios = {
        figure: sides["head"][figure]["median"] / sides["base"][figure]["median"]
        for figure in FIGURES
        if sides["base"][figure]["median"]
    }
    return {"sides": sides, "ratios": ratios}


def differing(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Names of the files whose digests differ, or that only one side wrote."""
    return sorted(name for name in set(a) | set(b) if a.get(name) != b.get(name))


def table(result: dict[str, Any]) -> str:
    """ab.md: the runs in their order, the medians side by side, the stages."""
    sides, ratios = result["summary"]["sides"], result["summary"]["ratios"]
    label = {side: result[side]["label"] for side in ("base", "head")}
    lines = [
        f"A/B at {result['agreements']:,} agreements ({result['input']}): "
        f"base {label['base']}, head {label['head']}, {result['runs']} runs each, in turn.",
        "",
        "| run | version | analyze s | peak MiB | CPU user s | CPU system s |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for i, r in enumerate(result["records"], 1):
        lines.append(
            f"| {i} | {r['side']} | {r['analyze_s']:.2f} | {r['peak_mib']:,} "
            f"| {r['cpu_user_s']:.1f} | {r['cpu_sys_s']:.1f} |"
        )
    lines += [
        "",
        "| median (lowest - highest) | base | head | head / base |",
        "| --- | ---: | ---: | ---: |",
    ]
    names = {
        "analyze_s": "analyze s",
        "peak_mib": "peak MiB",
        "cpu_user_s": "CPU user s",
        "cpu_sys_s": "CPU system s",
    }
    for figure in FIGURES:
        digits = 0 if figure == "peak_mib" else 1 if figure.startswith("cpu") else 2
        cells = [
            f"{sides[s][figure]['median']:,.{digits}f} ({sides[s][figure]['low']:,.{digits}f}"
            f" - {sides[s][figure]['high']:,.{digits}f})"
            for s in ("base", "head")
        ]
        ratio = f"{ratios[figure]:.3f}" if figure in ratios else ""
        lines.append(f"| {names[figure]} | {cells[0]} | {cells[1]} | {ratio} |")
    same = result["differing_files"]
    lines += [
        "",
        "Same bytes in every file: "
        + ("yes" if not same else "no, these differ: " + ", ".join(same))
        + f" ({result['files']} files). Each version the same bytes in all its runs: "
        + ("yes" if result["deterministic"] else "no")
        + ".",
        "",
        "| stage (median s) | base | head | head / base | base waited | head waited |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    stages = list(dict.fromkeys([*sides["base"]["stages"], *sides["head"]["stages"]]))
    for s in stages:
        b, h = sides["base"]["stages"].get(s), sides["head"]["stages"].get(s)
        ratio = f"{h / b:.3f}" if b and h is not None else ""
        cells = [f"{v:.2f}" if v is not None else "" for v in (b, h)]
        waits = [sides[side].get("waits", {}).get(s) for side in ("base", "head")]
        waited = [f"{v:.2f}" if v is not None else "" for v in waits]
        lines.append(f"| {s} | {cells[0]} | {cells[1]} | {ratio} | {waited[0]} | {waited[1]} |")
    lines += [
        "",
        "Waited: a stage's seconds less the CPU seconds of the thread that ran it (the"
        " cpu_seconds of netorg's stage recorder; blank for versions that do not record them).",
    ]
    return "\n".join(lines) + "\n"


def _git(*args: str) -> str:
    done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout.strip()


def export(revision: str, folder: Path) -> dict[str, str]:
    """The source tree of ``revision`` in ``folder`` (or the working tree itself); its label."""
    if revision == WORKING_TREE:
        dirty = bool(_git("status", "--porcelain", "--untracked-files=no"))
        commit = _git("rev-parse", "--short", "HEAD")
        label = f"working tree ({commit}{', with uncommitted changes' if dirty else ''})"
        return {"revision": revision, "commit": commit, "label": label, "tree": str(ROOT)}
    commit = _git("rev-parse", "--verify", "--short", f"{revision}^{{commit}}")
    archive = folder.with_suffix(".tar")
    _git("archive", "--format=tar", "-o", str(archive), commit)
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later: refuse odd members
            tar.extractall(folder, filter="data")
        else:  # a git archive of this repository's own commit
            tar.extractall(folder)
    archive.unlink()
    return {"revision": revision, "commit": commit, "label": commit, "tree": str(folder)}


def _child(tree: str, args: list[str], workdir: Path) -> str:
    """A fresh Python importing netorg from ``tree``; its stdout, or its stderr as the error.
    It runs in ``workdir`` so that ``-c`` code does not import this checkout by accident."""
    env = {**os.environ, "PYTHONPATH": tree}
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=workdir
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed:\n{done.stderr[-4000:]}")
    return done.stdout


def _imports_from(tree: str, workdir: Path) -> None:
    found = _child(tree, ["-c", "import netorg; print(netorg.__file__)"], workdir).strip()
    if not Path(found).resolve().is_relative_to(Path(tree).resolve()):
        raise SystemExit(f"netorg was imported from {found}, not from {tree}")


def stage_waits(timings: Any) -> dict[str, float]:
    """Per stage with ``cpu_seconds`` in netorg's timings, its seconds less them (never below
    0: each is rounded to 0.01 on its own)."""
    stages = timings.get("stages") if isinstance(timings, dict) else None
    if not isinstance(stages, list):
        return {}
    return {
        str(s["name"]): round(max(float(s["seconds"]) - float(s["cpu_seconds"]), 0.0), 2)
        for s in stages
        if "cpu_seconds" in s
    }


def recorded_waits(seconds: dict[str, float], cpu_seconds: dict[str, float]) -> dict[str, float]:
    """:func:`stage_waits` from a stage recorder's own ``seconds`` and ``cpu_seconds`` (the
    benchmark's run writes no timings into summary.json, so that its files stay the same
    from run to run)."""
    stages = [
        {"name": name, "seconds": value, "cpu_seconds": cpu_seconds[name]}
        for name, value in seconds.items()
        if name in cpu_seconds
    ]
    return stage_waits({"stages": stages})


def run_once(tree: str, folder: Path, workdir: Path, name: str) -> dict[str, Any]:
    """One ``netorg analyze`` of ``folder`` with the netorg in ``tree``."""
    out = workdir / name
    figures = json.loads(_child(tree, ["-c", ANALYZE_CHILD, str(folder), str(out), AS_OF], workdir))
    for written in out.iterdir():  # only the digests are kept: a 1M run writes a gigabyte
        written.unlink()
    out.rmdir()
    return {
        "analyze_s": round(figures["analyze_s"], 2),
        "peak_mib": round(figures["peak_rss_mib"]),
        "cpu_user_s": round(figures["cpu_user_s"], 1),
        "cpu_sys_s": round(figures["cpu_sys_s"], 1),
        "stages": {
            k: round(v, 2)
            for k, v in stage_seconds(figures["timings"], figures["recorded"]).items()
        },
        "waits": stage_waits(figures["timings"])
        or recorded_waits(figures["recorded"], figures.get("cpu_recorded", {})),
        "digests": figures["digests"],
    }


def compare(
    base: str, head: str, agreements: int, runs: int, kind: str, workdir: Path
) -> dict[str, Any]:
    """Export both versions, write one ecosystem, run them in turn; the result to record."""
    versions = {"base": export(base, workdir / "base"), "head": export(head, workdir / "head")}
    for version in versions.values():
        _imports_from(version["tree"], workdir)
    folder = workdir / "ecosystem"
    _child(
        versions["head"]["tree"], ["-c", WRITE_CHILD, str(folder), str(agreements), kind], workdir
    )
    records = []
    for i, side in enumerate(schedule(runs), 1):
        record = {"side": side, **run_once(versions[side]["tree"], folder, workdir, f"out_{i}")}
        records.append(record)
        print(
            f"run {i} {side:4} ({versions[side]['label']}): {record['analyze_s']:.2f} s, "
            f"peak {record['peak_mib']:,} MiB",
            flush=True,
        )
    first = {side: next(r for r in records if r["side"] == side) for side in versions}
    same_each = all(r["digests"] == first[r["side"]]["digests"] for r in records)
    differ = differing(first["base"]["digests"], first["head"]["digests"])
    files = len(first["head"]["digests"])
    for record in records:
        del record["digests"]  # one digest per file and run: the verdicts below say it
    return {
        "agreements": agreements,
        "input": kind,
        "runs": runs,
        **versions,
        "records": records,
        "summary": summarise(records),
        "differing_files": differ,
        "files": files,
        "deterministic": same_each,
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="git revision to compare against")
    parser.add_argument(
        "--head", default=WORKING_TREE, help="git revision to measure (default: the working tree)"
    )
    parser.add_argument("--agreements", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=2, help="runs of each version (default 2)")
    parser.add_argument("--parquet", action="store_true", help="Parquet input instead of CSV")
    parser.add_argument("--name", default="ab", help="stem of the result files (default: ab)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder of the result files")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.agreements < 10:
        parser.error("--runs must be at least 1 and --agreements at least 10")
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="netorg-ab-") as tmp:
        kind = "parquet" if args.parquet else "csv"
        result = compare(args.base, args.head, args.agreements, args.runs, kind, Path(tmp))
    for side in ("base", "head"):
        result[side].pop("tree")  # a temporary folder, gone now
    ratio = result["summary"]["ratios"]["analyze_s"]
    print(
        f"head / base: {ratio:.3f} of the median time, "
        f"{result['summary']['ratios']['peak_mib']:.3f} of the median peak; same bytes: "
        f"{'yes' if not result['differing_files'] else ', '.join(result['differing_files'])} "
        f"({time.perf_counter() - start:.0f} s in all)"
    )
    args.results.mkdir(parents=True, exist_ok=True)
    written = args.results / f"{args.name}.json"
    written.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    written.with_suffix(".md").write_text(table(result), encoding="utf-8")
    print(f"wrote {written} and {written.with_suffix('.md')}")


if __name__ == "__main__":
    main()
