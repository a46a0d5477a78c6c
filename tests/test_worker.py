"""netorg._worker: one call in a fresh process, which never runs the caller's script again."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import netorg
from netorg._worker import Job, Part, start_in_background


def test_a_job_returns_the_value() -> None:
    assert Job.start(math.factorial, 6).result() == 720


def test_a_failing_job_says_why_each_time_it_is_asked() -> None:
    job = Job.start(math.sqrt, -1.0)
    for _ in range(2):  # every Part of a background job asks
        with pytest.raises(RuntimeError, match="math domain error") as failure:
            job.result()
        # the child's stderr is the failure's traceback alone (runpy's warning on a module
        # run with -m after its package imported it opened it before)
        assert "Warning" not in str(failure.value)
        assert "exited with 1: Traceback" in str(failure.value)


def test_a_script_without_a_main_guard_runs_once(tmp_path: Path) -> None:
    # multiprocessing's spawn would import this script again in the child and run it twice.
    log = tmp_path / "runs.txt"
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            f"""
            import math
            from netorg._worker import Job
            with open({str(log)!r}, "a") as f:
                f.write("run\\n")
            print(Job.start(math.factorial, 4).result())
            """
        )
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "24"
    assert log.read_text().splitlines() == ["run"]


def test_background_calls_share_one_process_and_start_once() -> None:
    eco = netorg.datasets.load("zorgregio")
    start_in_background(
        eco, [("a", math.factorial, lambda: (5,)), ("b", math.gcd, lambda: (12, 18))]
    )

    def never() -> tuple[int]:
        raise AssertionError("the arguments of a call already started are not built again")

    start_in_background(eco, [("a", math.factorial, never)])  # already started: kept as it was
    a, b = (eco.memo(key, lambda: None) for key in ("a", "b"))
    assert isinstance(a, Part) and isinstance(b, Part)
    assert (a.result(), b.result(), a.result()) == (120, 6, 120)
