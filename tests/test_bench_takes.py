"""Where a run gathers rows from columns in chunks (benchmarks/takes.py): the tracing and a
run on the bundled example."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
if str(BENCHMARKS) not in sys.path:  # the scripts import each other as top-level modules
    sys.path.insert(0, str(BENCHMARKS))
takes = importlib.import_module("takes")  # an error here fails, never skips


def _frame(chunks: int) -> pd.DataFrame:
    texts = pa.chunked_array(
        [pa.array(["x" * 50] * 20_000, type=pa.large_string()) for _ in range(chunks)]
    )
    return pd.DataFrame({"text": pd.array(texts, dtype="str")})


def test_takes_from_chunked_columns_are_put_down_to_their_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(takes, "MIN_SECONDS", 0.0)  # every call, however fast
    chunked, whole = _frame(4), _frame(1)
    original = pc.take
    with takes.traced() as sites:
        chunked.take([5, 70_000])  # the line below is this one's plus one
        line = sys._getframe().f_lineno
        whole.take([5])  # one chunk: not recorded
    assert pc.take is original  # put back
    assert len(sites) == 1
    (thread, site), found = next(iter(sites.items()))
    assert site.startswith(f"tests/test_bench_takes.py:{line - 1}")
    assert thread == "MainThread"
    assert (found.calls, found.most_chunks) == (1, 4)
    assert found.bytes_given == chunked["text"].array.__arrow_array__().nbytes


def test_rows_and_table_list_the_costliest_sites_first() -> None:
    sites = {
        ("MainThread", "netorg/a.py:1"): takes.Site(2, 0.5, 3_000_000, 9),
        ("MainThread", "netorg/b.py:2"): takes.Site(1, 1.25, 1_000_000, 3),
    }
    listed = takes.rows(sites, top=1)
    assert listed == [
        {"thread": "MainThread", "site": "netorg/b.py:2", "calls": 1, "seconds": 1.25,
         "mb_given": 1.0, "most_chunks": 3}
    ]  # fmt: skip
    text = takes.table(
        {"agreements": 1000, "organisations": 100, "wall_s": 2.0, "stages_total_s": 1.5,
         "chunked_takes": 3, "chunked_take_s": 1.75, "sites": listed}
    )  # fmt: skip
    assert "1,000 agreements" in text and "3 takes from columns in chunks, 1.75 s" in text
    assert "| netorg/b.py:2 | MainThread | 1 | 1.25 | 1.0 | 3 |" in text


def test_a_run_on_the_bundled_example_is_measured() -> None:
    folder = Path(__file__).resolve().parent.parent / "datasets" / "zorgregio"
    result = takes.measure(folder, "2026-01-01", top=5)
    assert (result["agreements"], result["organisations"]) > (0, 0)
    assert result["stages_total_s"] > 0
    assert len(result["sites"]) <= 5
    if len(result["sites"]) < 5:  # every site listed: they add up to the run's total
        listed = sum(row["seconds"] for row in result["sites"])
        assert listed == pytest.approx(result["chunked_take_s"], abs=0.01)
