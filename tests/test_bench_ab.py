"""The A/B benchmark (benchmarks/ab.py): the order of the runs, the summary, a real run."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from benchmarks import ab


def _record(side: str, seconds: float, peak: int, **stages: float) -> dict[str, Any]:
    return {
        "side": side,
        "analyze_s": seconds,
        "peak_mib": peak,
        "cpu_user_s": seconds * 1.5,
        "cpu_sys_s": 1.0,
        "stages": stages,
    }


def test_runs_take_turns_so_neither_side_always_goes_first() -> None:
    assert ab.schedule(1) == ["base", "head"]
    assert ab.schedule(3) == ["base", "head", "head", "base", "base", "head"]


def test_summary_has_each_sides_median_spread_and_the_ratio() -> None:
    records = [
        _record("base", 10.0, 100, ties=4.0),
        _record("head", 8.0, 90, ties=3.0, mergers=1.0),
        _record("head", 9.0, 80, ties=5.0, mergers=1.0),
        _record("base", 12.0, 110, ties=6.0),
        _record("base", 20.0, 105, ties=5.0),
    ]
    summary = ab.summarise(records)
    base, head = summary["sides"]["base"], summary["sides"]["head"]
    assert base["runs"] == 3 and head["runs"] == 2
    assert base["analyze_s"] == {"median": 12.0, "low": 10.0, "high": 20.0}
    assert head["analyze_s"] == {"median": 8.5, "low": 8.0, "high": 9.0}
    assert summary["ratios"]["analyze_s"] == pytest.approx(8.5 / 12.0)
    assert summary["ratios"]["peak_mib"] == pytest.approx(85 / 105)
    assert base["stages"] == {"ties": 5.0}
    assert head["stages"] == {"ties": 4.0, "mergers": 1.0}


def test_waits_are_the_seconds_a_stage_did_not_work() -> None:
    timings = {
        "stages": [
            {"name": "ties", "seconds": 10.0, "cpu_seconds": 9.25},
            {"name": "brokerage", "seconds": 5.0, "cpu_seconds": 1.0},
            {"name": "old", "seconds": 3.0},  # a version without cpu_seconds
            {"name": "rounded", "seconds": 0.5, "cpu_seconds": 0.51},
        ],
        "total": 15.0,
    }
    assert ab.stage_waits(timings) == {"ties": 0.75, "brokerage": 4.0, "rounded": 0.0}
    assert ab.stage_waits({"ties": 1.0}) == {} and ab.stage_waits(None) == {}
    # the same from a recorder's seconds and CPU seconds, as the benchmark's run gives them
    seconds = {"ties": 10.0, "brokerage": 5.0, "old": 3.0}
    cpu = {"ties": 9.25, "brokerage": 1.0}
    assert ab.recorded_waits(seconds, cpu) == {"ties": 0.75, "brokerage": 4.0}
    # medians over the runs that have them; the stage table shows them beside the seconds
    records = [
        {**_record("base", 10.0, 100, ties=4.0), "waits": {"ties": 1.0}},
        {**_record("base", 11.0, 100, ties=4.0), "waits": {"ties": 3.0}},
        _record("head", 8.0, 90, ties=3.0),
    ]
    summary = ab.summarise(records)
    assert summary["sides"]["base"]["waits"] == {"ties": 2.0}
    assert summary["sides"]["head"]["waits"] == {}
    result = {
        "summary": summary, "records": records, "agreements": 10, "input": "csv", "runs": 1,
        "base": {"label": "a"}, "head": {"label": "b"}, "differing_files": [], "files": 1,
        "deterministic": True,
    }  # fmt: skip
    assert "| ties | 4.00 | 3.00 | 0.750 | 2.00 |  |" in ab.table(result)


def test_summary_refuses_a_side_without_runs() -> None:
    with pytest.raises(ValueError, match="no run of head"):
        ab.summarise([_record("base", 1.0, 1)])


def test_differing_names_changed_and_one_sided_files() -> None:
    a = {"ties.csv": "1", "risks.csv": "2", "old.csv": "3"}
    b = {"ties.csv": "1", "risks.csv": "9", "new.csv": "4"}
    assert ab.differing(a, b) == ["new.csv", "old.csv", "risks.csv"]
    assert ab.differing(a, dict(a)) == []


def _git_checkout() -> bool:
    if shutil.which("git") is None:
        return False
    done = subprocess.run(
        ["git", "-C", str(ab.ROOT), "rev-parse", "--verify", "HEAD"], capture_output=True
    )
    return done.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not _git_checkout(), reason="needs git and a git checkout of netorg")
def test_head_against_itself_writes_the_same_bytes(tmp_path: Path) -> None:
    # HEAD exported by git archive against the working tree: at HEAD's own code both write
    # the same files (uncommitted changes to netorg would show here as differing files).
    ab.main(["--base", "HEAD", "--agreements", "2000", "--runs", "1", "--results", str(tmp_path)])
    result = json.loads((tmp_path / "ab.json").read_text(encoding="utf-8"))
    assert [r["side"] for r in result["records"]] == ["base", "head"]
    assert result["base"]["commit"] == result["head"]["commit"]
    assert result["files"] >= 10 and result["deterministic"]
    dirty = subprocess.run(
        ["git", "-C", str(ab.ROOT), "status", "--porcelain", "--", "netorg"],
        capture_output=True,
        text=True,
    ).stdout
    if not dirty:
        assert result["differing_files"] == []
    assert all(r["analyze_s"] > 0 and r["peak_mib"] > 0 for r in result["records"])
    # every stage of a version that records its CPU seconds has its wait
    assert all(r["waits"] and set(r["waits"]) == set(r["stages"]) for r in result["records"])
    markdown = (tmp_path / "ab.md").read_text(encoding="utf-8")
    assert "| analyze s |" in markdown and "head / base" in markdown


def test_an_unknown_revision_is_a_clear_error(tmp_path: Path) -> None:
    if not _git_checkout():
        pytest.skip("needs git and a git checkout of netorg")
    with pytest.raises(SystemExit, match="no-such-revision"):
        ab.export("no-such-revision", tmp_path / "x")
