"""Benchmark: where one ``netorg analyze`` run spends its CPU, thread by thread.

Runs ``netorg analyze FOLDER`` (as a user types it, into a temporary folder) under Linux
``perf record -F FREQ``, which samples every thread of the command and of the worker
processes it starts, then reads the samples with ``perf script`` and sums them per thread:
its CPU seconds (samples over FREQ), the libraries its time went to and its largest
functions. Which thread does what: the command's first thread (``main`` below) loads the
ecosystem and runs the analyses one after the other, then the graph and the pages; two more
threads of the command write the CSV files and the workbook (the workbook's shows ISA-L's
deflate, ``isal_zlib``), and a few short-lived ones read Parquet files, return freed memory
or help PageRank; the worker processes run igraph's layout and betweenness, and the
clusters' stability runs (docs/performance.md, "The tenth round" and "The twelfth round").

Needs Linux ``perf`` (Debian's ``linux-perf`` package) and the right to sample one's own
processes (``/proc/sys/kernel/perf_event_paranoid`` at 2 or less). Figures go to
``benchmarks/results/threads_NAME.json`` and ``threads_NAME.md``.

    python benchmarks/threads.py FOLDER [--as-of 2026-01-01] [--freq 49] [--name NAME]
                                        [--top 6]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import AS_OF, write_results

#: Samples per second and CPU. Low, so that a run of a quarter of an hour stays a few MB and
#: perf itself takes little of the machine; a 1M run still gives some 5,000 samples.
FREQ = 49


@dataclass
class Thread:
    """The samples of one thread: in all, per library, per (library, function)."""

    pid: int
    tid: int
    samples: int = 0
    libraries: Counter[str] = field(default_factory=Counter)
    functions: Counter[tuple[str, str]] = field(default_factory=Counter)


def parse(lines: Iterable[str]) -> dict[int, Thread]:
    """The threads of ``perf script -F pid,tid,ip,sym,dso`` output, by thread id.

    A line is ``PID/TID  ADDRESS SYMBOL (LIBRARY)``; the symbol may hold spaces and
    parentheses (C++), the library is the last parenthesised part; an unknown symbol is
    ``[unknown]``. Lines of any other form are skipped.
    """
    threads: dict[int, Thread] = {}
    for raw in lines:
        line = raw.strip()
        at = line.rfind(" (")
        if not line.endswith(")") or at < 0:
            continue
        library = Path(line[at + 2 : -1]).name
        head = line[:at].split(None, 2)
        if len(head) < 2 or "/" not in head[0]:
            continue
        pid_text, _, tid_text = head[0].partition("/")
        if not (pid_text.isdigit() and tid_text.isdigit()):
            continue
        symbol = head[2] if len(head) == 3 else "[unknown]"
        pid, tid = int(pid_text), int(tid_text)
        thread = threads.setdefault(tid, Thread(pid, tid))
        thread.samples += 1
        thread.libraries[library] += 1
        thread.functions[library, symbol] += 1
    return threads


def summarise(
    threads: dict[int, Thread], command_pid: int, freq: int, top: int
) -> list[dict[str, Any]]:
    """One row per thread with a second of CPU or more, the most samples first: its role
    (``main``, ``thread`` of the command, or ``worker`` process), CPU seconds, and its
    ``top`` libraries and functions in seconds."""
    rows = []
    for thread in sorted(threads.values(), key=lambda t: (-t.samples, t.tid)):
        seconds = thread.samples / freq
        if seconds < 1.0:
            continue
        if thread.pid != command_pid:
            role = "worker"
        else:
            role = "main" if thread.tid == command_pid else "thread"
        rows.append(
            {
                "role": role,
                "pid": thread.pid,
                "tid": thread.tid,
                "cpu_s": round(seconds, 1),
                "libraries": [
                    [name, round(n / freq, 1)] for name, n in thread.libraries.most_common(top)
                ],
                "functions": [
                    [library, symbol, round(n / freq, 1)]
                    for (library, symbol), n in thread.functions.most_common(top)
                ],
            }
        )
    return rows


def command_pid(threads: dict[int, Thread], perf_pid: int) -> int:
    """The pid of the command perf started: of the processes sampled, the one with the
    smallest pid above perf's (perf starts the command, which then starts its workers).
    Falls back to the process with the most samples."""
    started = sorted(t.pid for t in threads.values() if t.tid == t.pid and t.pid > perf_pid)
    if started:
        return started[0]
    per_process: Counter[int] = Counter()
    for thread in threads.values():
        per_process[thread.pid] += thread.samples
    return per_process.most_common(1)[0][0]


def measure(folder: Path, as_of: str, freq: int, top: int) -> dict[str, Any]:
    """Run ``netorg analyze`` on ``folder`` under perf and summarise its threads."""
    perf = shutil.which("perf")
    if perf is None:
        raise SystemExit("threads.py needs Linux perf (Debian: apt-get install linux-perf)")
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "perf.data", Path(tmp) / "out"
        command = [sys.executable, "-m", "netorg", "analyze", str(folder), "--out", str(out)]
        command += ["--as-of", as_of, "--quiet"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        record = subprocess.Popen(
            [perf, "record", "-F", str(freq), "-o", str(data), "--", *command],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        _, errors = record.communicate()
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if record.returncode != 0:
            raise SystemExit(f"perf record or netorg analyze failed:\n{errors}")
        script = subprocess.run(
            [perf, "script", "-i", str(data), "-F", "pid,tid,ip,sym,dso"],
            capture_output=True,
            text=True,
            check=True,
        )
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    threads = parse(script.stdout.splitlines())
    if not threads:
        raise SystemExit("perf recorded no samples: is perf_event_paranoid above 2?")
    pid = command_pid(threads, record.pid)
    rows = summarise(threads, pid, freq, top)
    return {
        "folder": str(folder),
        "agreements": summary["counts"]["agreements"]["total"],
        "organisations": summary["counts"]["organisations"],
        "freq": freq,
        "wall_s": round(wall, 1),
        "stages_total_s": summary["timings"]["total"],
        "user_s": round(after.ru_utime - before.ru_utime, 1),
        "system_s": round(after.ru_stime - before.ru_stime, 1),
        "sampled_cpu_s": round(sum(t.samples for t in threads.values()) / freq, 1),
        "threads": rows,
    }


def table(result: dict[str, Any]) -> str:
    """The result as markdown: the run, then a row per thread."""
    lines = [
        f"{result['agreements']:,} agreements, {result['organisations']:,} organisations: "
        f"{result['wall_s']} s under perf (stages {result['stages_total_s']} s), "
        f"{result['user_s']} s user and {result['system_s']} s system time, "
        f"{result['sampled_cpu_s']} s of CPU sampled at {result['freq']} per second.",
        "",
        "| thread | CPU s | libraries (s) | functions (s) |",
        "| --- | ---: | --- | --- |",
    ]
    for row in result["threads"]:
        libraries = ", ".join(f"{name} {s}" for name, s in row["libraries"])
        functions = ", ".join(f"{symbol[:60]} {s}" for _, symbol, s in row["functions"])
        name = f"{row['role']} {row['pid']}/{row['tid']}"
        lines.append(f"| {name} | {row['cpu_s']} | {libraries} | {functions} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of netorg CSV or Parquet files")
    parser.add_argument("--as-of", default=AS_OF, help=f"reference date (default {AS_OF})")
    parser.add_argument("--freq", type=int, default=FREQ, help="samples per second and CPU")
    parser.add_argument("--name", default="run", help="result files threads_NAME.json|md")
    parser.add_argument("--top", type=int, default=6, help="libraries and functions per thread")
    args = parser.parse_args(argv)
    result = measure(args.folder, args.as_of, args.freq, args.top)
    write_results(f"threads_{args.name}", result, table(result))


if __name__ == "__main__":
    main()
