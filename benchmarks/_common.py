"""What the analysis benchmarks share: the synthetic ecosystems, the sizes, the result files."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import netorg
from netorg._load import from_frames
from netorg._synthetic import synthetic_tables

RESULTS = Path(__file__).resolve().parent / "results"
SIZES = (10_000, 100_000, 1_000_000)
#: The reference date the benchmarks analyse the synthetic ecosystems at.
AS_OF = "2026-01-01"

#: ``python -c WRITE_CHILD FOLDER N KIND``: write the synthetic ecosystem of N agreements (ten
#: per organisation) into FOLDER as netorg's CSV files (KIND ``csv``) or Parquet files
#: (``parquet``), in a process of its own; prints the seconds it took.
WRITE_CHILD = r"""
import sys, time
from pathlib import Path
from netorg._synthetic import synthetic_tables

folder, n, kind = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
folder.mkdir(parents=True)
start = time.perf_counter()
for name, frame in synthetic_tables(max(10, n // 10), n_agreements=n, seed=1).items():
    if kind == "csv":
        frame.to_csv(folder / f"{name}.csv", index=False)
        continue
    # Parquet as a user's export would type it: dates as dates, numbers as numbers.
    import pandas as pd
    for column in ("start", "end", "evaluation_date"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column].replace("", None))
    for column in ("value", "size"):
        if column in frame:
            frame[column] = pd.to_numeric(frame[column].replace("", None))
    frame.to_parquet(folder / f"{name}.parquet", index=False)
print(time.perf_counter() - start)
"""


def write_results(stem: str, data: Any, markdown: str) -> None:
    """Write ``results/STEM.json`` (``data``) and ``results/STEM.md`` (``markdown``), print
    the markdown and say where it went (on stderr)."""
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{stem}.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    (RESULTS / f"{stem}.md").write_text(markdown, encoding="utf-8")
    print(markdown, end="")
    print(f"wrote {RESULTS / stem}.md", file=sys.stderr)


def synthetic_ecosystem(n_agreements: int, seed: int = 1) -> netorg.Ecosystem:
    """Ten agreements per organisation, validated like a loaded file, as of :data:`AS_OF`."""
    tables = synthetic_tables(max(10, n_agreements // 10), n_agreements=n_agreements, seed=seed)
    return from_frames(
        tables["organisations"], tables["agreements"], tables["parties"], as_of=AS_OF
    )


def run(
    doc: str,
    name: str,
    measure: Callable[[int], dict[str, Any]],
    columns: Sequence[str],
    sizes: Sequence[int] = SIZES,
) -> None:
    """Measure every size given on the command line and write ``results/NAME.json|md``."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[1])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(sizes))
    rows = []
    for n in parser.parse_args().sizes:
        rows.append(measure(n))
        print(json.dumps(rows[-1]), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    lines = [
        "| " + " | ".join(c.replace("_", " ") for c in columns) + " |",
        "| " + " | ".join("---:" for _ in columns) + " |",
    ]
    for row in rows:
        cells = [f"{row[c]:,}" if isinstance(row[c], int) else str(row[c]) for c in columns]
        lines.append("| " + " | ".join(cells) + " |")
    (RESULTS / f"{name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS / f'{name}.md'}")


class Laps:
    """Seconds per named step, measured back to back: ``lap("read")`` ends the step "read"."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.start = self._clock = time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = now - self._clock
        self._clock = now
