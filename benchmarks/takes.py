"""Benchmark: where one ``netorg analyze`` run gathers rows from columns in several chunks.

pyarrow's ``take`` joins every chunk of a text column into one array before it gathers
(apache/arrow#39565, still so in pyarrow 26), so a filter of a few rows of a table whose
texts are in chunks (the tie table's reasons, the risks' details, columns read from a large
CSV file) copies the whole column. This script runs ``netorg analyze FOLDER`` in its own
process with ``pyarrow.compute.take`` wrapped: every call on a column in more than one
chunk is timed and put down to the lines of netorg (or of the caller's own code) that made
it, the innermost first, with the bytes of the column it was given. pandas' ``take``,
``iloc`` and boolean filters of Arrow columns all go through that function.

Figures go to ``benchmarks/results/takes_NAME.json`` and ``takes_NAME.md``
(docs/performance.md, "The thirteenth round").

    python benchmarks/takes.py FOLDER [--as-of 2026-01-01] [--name NAME] [--top 12]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from _common import AS_OF, write_results

#: Calls faster than this are not recorded (their stacks would cost more than they do).
MIN_SECONDS = 0.002
#: Frames of these folders are the libraries', not the caller's.
_LIBRARIES = ("site-packages", "dist-packages", "/lib/python3")


@dataclass
class Site:
    """The chunked takes made from one place: how many, their seconds and bytes given."""

    calls: int = 0
    seconds: float = 0.0
    bytes_given: int = 0
    most_chunks: int = 0


def _site(depth: int = 3) -> str:
    """The innermost ``depth`` frames of the caller's own code (netorg's, a script's), the
    innermost first, as ``path:line`` joined by ``<``."""
    own = [
        frame
        for frame in traceback.extract_stack()[:-2]
        if not any(part in frame.filename for part in _LIBRARIES) and frame.filename != __file__
    ]
    return " < ".join(f"{_short(f.filename)}:{f.lineno}" for f in own[-depth:][::-1])


def _short(filename: str) -> str:
    for root in ("netorg/", "cli/", "tests/", "benchmarks/"):
        at = filename.rfind("/" + root)
        if at >= 0:
            return filename[at + 1 :]
    return Path(filename).name


@contextmanager
def traced() -> Iterator[dict[tuple[str, str], Site]]:
    """Within the block, record every ``pyarrow.compute.take`` on a chunked array taking
    :data:`MIN_SECONDS` or more, by (thread name, site)."""
    sites: dict[tuple[str, str], Site] = {}
    original: Callable[..., Any] = pc.take
    lock = threading.Lock()

    def take(data: Any, indices: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = original(data, indices, *args, **kwargs)
        seconds = time.perf_counter() - start
        if isinstance(data, pa.ChunkedArray) and data.num_chunks > 1 and seconds >= MIN_SECONDS:
            key = (threading.current_thread().name, _site())
            with lock:
                site = sites.setdefault(key, Site())
                site.calls += 1
                site.seconds += seconds
                site.bytes_given += data.nbytes
                site.most_chunks = max(site.most_chunks, data.num_chunks)
        return result

    pc.take = take
    try:
        yield sites
    finally:
        pc.take = original


def rows(sites: dict[tuple[str, str], Site], top: int) -> list[dict[str, Any]]:
    """The ``top`` sites by seconds, as plain rows."""
    ranked = sorted(sites.items(), key=lambda kv: (-kv[1].seconds, kv[0]))
    return [
        {
            "thread": thread,
            "site": site,
            "calls": s.calls,
            "seconds": round(s.seconds, 3),
            "mb_given": round(s.bytes_given / 1e6, 1),
            "most_chunks": s.most_chunks,
        }
        for (thread, site), s in ranked[:top]
    ]


def measure(folder: Path, as_of: str, top: int) -> dict[str, Any]:
    """Run ``netorg analyze`` on ``folder`` in this process with the takes traced."""
    from netorg.cli import main

    with (
        tempfile.TemporaryDirectory() as tmp,
        traced() as sites,
        contextlib.redirect_stdout(io.StringIO()),  # the command's tables
    ):
        out = Path(tmp) / "out"
        start = time.perf_counter()
        main(["analyze", str(folder), "--out", str(out), "--as-of", as_of, "--quiet"],
             standalone_mode=False)  # fmt: skip
        wall = time.perf_counter() - start
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {
        "folder": str(folder),
        "agreements": summary["counts"]["agreements"]["total"],
        "organisations": summary["counts"]["organisations"],
        "wall_s": round(wall, 1),
        "stages_total_s": summary["timings"]["total"],
        "chunked_takes": sum(s.calls for s in sites.values()),
        "chunked_take_s": round(sum(s.seconds for s in sites.values()), 2),
        "sites": rows(sites, top),
    }


def table(result: dict[str, Any]) -> str:
    """The result as markdown: the run, then a row per site."""
    lines = [
        f"{result['agreements']:,} agreements, {result['organisations']:,} organisations: "
        f"{result['wall_s']} s (stages {result['stages_total_s']} s); "
        f"{result['chunked_takes']} takes from columns in chunks, {result['chunked_take_s']} s.",
        "",
        "| site (innermost first) | thread | calls | s | MB given | chunks |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in result["sites"]:
        lines.append(
            f"| {row['site']} | {row['thread']} | {row['calls']} | {row['seconds']} "
            f"| {row['mb_given']} | {row['most_chunks']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of netorg CSV or Parquet files")
    parser.add_argument("--as-of", default=AS_OF, help=f"reference date (default {AS_OF})")
    parser.add_argument("--name", default="run", help="result files takes_NAME.json|md")
    parser.add_argument("--top", type=int, default=12, help="sites listed")
    args = parser.parse_args(argv)
    result = measure(args.folder, args.as_of, args.top)
    write_results(f"takes_{args.name}", result, table(result))


if __name__ == "__main__":
    main()
