"""Stage timings in summary.json and the progress display of the command line."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import netorg
from netorg._progress import Stages
from netorg.cli import PROGRESS_ENV, main
from netorg.report.outputs import OUTPUT_STAGES, TABLE_FILES

ANALYSES = tuple(TABLE_FILES)  # one stage per analysis table, in run order
# The order stages start in: the CSV tables and findings.xlsx are written in a thread from
# the first table on.
STAGES = (ANALYSES[0], *OUTPUT_STAGES[:2], *ANALYSES[1:], *OUTPUT_STAGES[2:])


def small() -> netorg.Ecosystem:
    orgs = pd.DataFrame({"id": ["A", "B", "C"], "name": ["Alpha", "Beta", "Gamma"]})
    agreements = pd.DataFrame(
        {
            "id": ["X1", "X2", "X3"],
            "type": ["purchase", "referral", "covenant"],
            "source": ["A", "B", ""],
            "target": ["B", "C", ""],
            "parties": ["", "", "A;B;C"],
        }
    )
    return netorg.from_frames(orgs, agreements, as_of="2026-01-01", name="small")


def timings(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))["timings"]


def test_summary_json_times_every_stage(tmp_path: Path) -> None:
    netorg.write_outputs(small(), tmp_path, timings=True)
    t = timings(tmp_path)
    assert [s["name"] for s in t["stages"]] == list(STAGES)
    seconds = [s["seconds"] for s in t["stages"]]
    assert all(isinstance(s, float | int) and s >= 0 for s in seconds)
    assert all(s == round(s, 2) for s in [*seconds, t["total"]])
    # Each stage is rounded to 0.01 on its own: allow half a hundredth per stage. The
    # stages run one after the other, except the tables, which are written beside them.
    beside = {"csv_tables", "findings_xlsx"}
    after = [s["seconds"] for s in t["stages"] if s["name"] not in beside]
    assert t["total"] >= sum(after) - 0.005 * len(after)
    # Each of the two writing threads works within the run.
    for stage in t["stages"]:
        if stage["name"] in beside:
            assert t["total"] >= stage["seconds"] - 0.01
    # Every stage, the writing threads' too, says how much of its time its thread worked.
    assert all(0 <= s["cpu_seconds"] <= s["seconds"] + 0.01 for s in t["stages"])


def test_cpu_seconds_leave_out_the_time_a_stage_waits() -> None:
    stages = Stages()
    with stages.stage("waits"):
        time.sleep(0.3)
    with stages.stage("works"):
        start = time.thread_time()
        while time.thread_time() - start < 0.2:
            pass
    assert stages.cpu_seconds["waits"] < 0.1 < 0.25 < stages.seconds["waits"]
    assert stages.cpu_seconds["works"] >= 0.2
    stages.finish("elsewhere", 1.0)  # timed elsewhere, CPU unknown: no cpu_seconds
    listed = {s["name"]: s for s in stages.as_dict()["stages"]}
    assert "cpu_seconds" not in listed["elsewhere"]
    assert listed["waits"]["cpu_seconds"] == round(stages.cpu_seconds["waits"], 2)


def test_total_is_at_least_the_sum_of_the_stages_that_do_not_overlap(tmp_path: Path) -> None:
    stages = Stages()
    netorg.write_outputs(small(), tmp_path, stages=stages)
    assert list(stages.seconds) == list(STAGES)
    assert all(s >= 0 for s in stages.seconds.values())
    # the CSV tables and the workbook are written in a thread each, beside the others
    in_threads = stages.seconds.pop("csv_tables"), stages.seconds.pop("findings_xlsx")
    assert stages.total >= sum(stages.seconds.values())
    assert stages.total >= max(in_threads)


def test_by_default_summary_json_has_no_timings_and_is_reproducible(tmp_path: Path) -> None:
    for name in ("one", "two"):
        netorg.write_outputs(small(), tmp_path / name)
    one, two = ((tmp_path / n / "summary.json").read_bytes() for n in ("one", "two"))
    assert one == two
    assert "timings" not in json.loads(one)


def test_callback_gets_start_and_finish_for_every_stage_in_order(tmp_path: Path) -> None:
    events: list[tuple[str, str, float]] = []
    netorg.write_outputs(small(), tmp_path, timings=True, progress=lambda *e: events.append(e))
    # Stages start in order; findings.xlsx is written in a thread, so its finish comes
    # after later stages have started.
    assert [name for name, event, _ in events if event == "start"] == list(STAGES)
    assert sorted(name for name, event, _ in events if event == "finish") == sorted(STAGES)
    order = [(name, event) for name, event, _ in events]
    assert all(order.index((n, "start")) < order.index((n, "finish")) for n in STAGES)
    assert all(s == 0.0 for _, e, s in events if e == "start")
    assert all(s >= 0 for _, e, s in events if e == "finish")
    # The finish seconds are those recorded in summary.json.
    finished = {name: round(s, 2) for name, e, s in events if e == "finish"}
    assert {s["name"]: s["seconds"] for s in timings(tmp_path)["stages"]} == finished


def test_kept_analyses_are_not_timed_again(tmp_path: Path) -> None:
    eco = small()
    eco.analyze()
    events: list[tuple[str, str, float]] = []
    netorg.write_outputs(eco, tmp_path, progress=lambda *e: events.append(e))
    assert [n for n, e, _ in events if e == "start"] == list(OUTPUT_STAGES)


def test_progress_and_stages_are_exclusive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not both"):
        netorg.write_outputs(small(), tmp_path, progress=print, stages=Stages())


def test_a_failing_stage_reports_no_finish_and_records_no_time() -> None:
    events: list[tuple[str, str, float]] = []
    stages = Stages(lambda *e: events.append(e))
    with pytest.raises(RuntimeError), stages.stage("boom"):
        raise RuntimeError("boom")
    assert events == [("boom", "start", 0.0)]
    assert stages.seconds == {}
    assert stages.as_dict() == {"stages": [], "total": 0.0}


def test_the_library_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    netorg.write_outputs(small(), tmp_path, timings=True, progress=lambda *e: None)
    assert capsys.readouterr() == ("", "")


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("flags", "env"),
    [((), {PROGRESS_ENV: ""}), (("--quiet",), {PROGRESS_ENV: "1"}), (("-q",), None)],
    ids=["not-a-tty", "quiet-even-when-forced", "quiet"],
)
def test_cli_without_a_terminal_or_with_quiet_shows_no_progress(
    eco_dir: Path, tmp_path: Path, flags: tuple[str, ...], env: dict[str, str] | None
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = invoke("analyze", str(eco_dir), "--out", str(out), *flags, env=env)
    assert code == 0
    for stage in ("load", *STAGES):
        assert stage not in stderr
    assert "wrote" in stdout  # --quiet keeps the tables and the list of files
    assert [s["name"] for s in timings(out)["stages"]] == ["load", *STAGES]


def test_cli_forced_progress_shows_every_stage(eco_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = invoke(
        "analyze", str(eco_dir), "--out", str(out), env={PROGRESS_ENV: "1"}
    )
    assert code == 0
    lines = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stderr)  # without the terminal codes
    for stage in ("load", *STAGES):  # each finished stage with its seconds
        assert re.search(rf"✓ {stage} +\d+\.\d\d s", lines), stage
    assert not re.search(r"\d\.\d\d s", stdout)  # the progress goes to stderr only
    assert [s["name"] for s in timings(out)["stages"]] == ["load", *STAGES]


def test_cli_progress_of_whatif(eco_dir: Path, tmp_path: Path) -> None:
    args = ("whatif", str(eco_dir), "--remove", "B", "--out", str(tmp_path / "w"))
    code, _, stderr = invoke(*args, env={PROGRESS_ENV: "1"})
    assert code == 0
    assert all(stage in stderr for stage in ("load", "what_if", "whatif_page"))
    code, _, stderr = invoke(*args, "--quiet", env={PROGRESS_ENV: "1"})
    assert code == 0 and "what_if" not in stderr


def test_cli_progress_stops_on_input_errors(eco_dir: Path, tmp_path: Path) -> None:
    with (eco_dir / "agreements.csv").open("a") as handle:
        handle.write("X4,purchase,A,Q,,,\n")
    code, _, stderr = invoke(
        "analyze", str(eco_dir), "--out", str(tmp_path / "out"), env={PROGRESS_ENV: "1"}
    )
    assert code == 1
    assert "no organisation has the id 'Q'" in stderr
    assert "load" in stderr and "stopped" in stderr
