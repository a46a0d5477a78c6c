"""Where a run's CPU goes, thread by thread (benchmarks/threads.py): the samples' parsing and
a run under perf."""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
if str(BENCHMARKS) not in sys.path:  # the scripts import each other as top-level modules
    sys.path.insert(0, str(BENCHMARKS))
threads = importlib.import_module("threads")  # an error here fails, never skips

SAMPLES = """\
     100/100      7ffa1787e104 _PyEval_EvalFrameDefault (/root/lib/libpython3.11.so.1.0)
     100/100  ffffffff821f5b65 clear_page_erms ([kernel.kallsyms])
     100/100      7ffa1787e104 _PyEval_EvalFrameDefault (/root/lib/libpython3.11.so.1.0)
  100/101  7ffa00000001 arrow::(anonymous namespace)::Join<X>::Exec(int) (/x/libarrow_compute.so)
     100/101      7ffa00000002 [unknown] (/x/isal_zlib.cpython-311-x86_64-linux-gnu.so)
     140/140      7ffa00000003 igraph_layout_i_grid_fr (/x/_igraph.abi3.so)
     140/140      7ffa00000003
not a sample line (at all)
"""


def test_samples_are_summed_per_thread_library_and_function() -> None:
    found = threads.parse(SAMPLES.splitlines())
    assert sorted(found) == [100, 101, 140]
    main, writer, worker = found[100], found[101], found[140]
    assert (main.pid, main.samples, worker.pid, worker.samples) == (100, 3, 140, 1)
    assert main.libraries == {"libpython3.11.so.1.0": 2, "[kernel.kallsyms]": 1}
    # a C++ name keeps its spaces and parentheses; the library is the last parenthesised part
    join = ("libarrow_compute.so", "arrow::(anonymous namespace)::Join<X>::Exec(int)")
    assert writer.functions[join] == 1
    assert writer.functions["isal_zlib.cpython-311-x86_64-linux-gnu.so", "[unknown]"] == 1


def test_threads_get_their_role_and_seconds() -> None:
    found = threads.parse(SAMPLES.splitlines())
    assert threads.command_pid(found, perf_pid=90) == 100
    rows = threads.summarise(found, command_pid=100, freq=1, top=1)
    assert [(r["role"], r["tid"], r["cpu_s"]) for r in rows] == [
        ("main", 100, 3.0),
        ("thread", 101, 2.0),
        ("worker", 140, 1.0),
    ]
    assert rows[0]["libraries"] == [["libpython3.11.so.1.0", 2.0]]
    assert rows[0]["functions"] == [["libpython3.11.so.1.0", "_PyEval_EvalFrameDefault", 2.0]]
    # at two samples a second, a thread of one sample has half a second: left out
    assert [r["tid"] for r in threads.summarise(found, 100, freq=2, top=1)] == [100, 101]
    table = threads.table(
        {
            "agreements": 1000,
            "organisations": 100,
            "wall_s": 3.0,
            "stages_total_s": 2.5,
            "user_s": 2.0,
            "system_s": 1.0,
            "sampled_cpu_s": 6.0,
            "freq": 1,
            "threads": rows,
        }
    )
    assert "| main 100/100 | 3.0 |" in table and "| worker 140/140 | 1.0 |" in table


def _perf_refusal(tmp_path: Path) -> str | None:
    """Why ``perf record`` cannot run here (not installed, or not allowed to sample this
    user's processes: ``perf_event_paranoid`` above 2), or None when it can."""
    perf = shutil.which("perf")
    if perf is None:
        return "needs Linux perf (Debian: linux-perf)"
    data = tmp_path / "probe.data"
    probe = [perf, "record", "-q", "-o", str(data), "--", sys.executable, "-c", "pass"]
    done = subprocess.run(probe, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return "perf cannot record here: " + (done.stderr.strip().splitlines() or ["?"])[0]
    return None


def test_a_run_under_perf_accounts_for_its_cpu(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusal = _perf_refusal(tmp_path)
    if refusal is not None:
        pytest.skip(refusal)
    monkeypatch.setattr(importlib.import_module("_common"), "RESULTS", tmp_path)
    folder = Path(__file__).resolve().parent.parent / "datasets" / "zorgregio"
    threads.main([str(folder), "--freq", "499", "--name", "z"])
    result = json.loads((tmp_path / "threads_z.json").read_text(encoding="utf-8"))
    assert result["agreements"] > 0 and result["organisations"] > 0
    roles = [row["role"] for row in result["threads"]]
    assert roles[0] == "main"  # the command's own thread does most of a small run
    # the samples, counted back to seconds, come near the CPU the OS measured
    measured = result["user_s"] + result["system_s"]
    assert 0.5 * measured <= result["sampled_cpu_s"] <= 1.5 * measured
    assert "| main " in (tmp_path / "threads_z.md").read_text(encoding="utf-8")
