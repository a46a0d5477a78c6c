"""The command line, driven end to end through click's CliRunner."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

import netorg
import netorg.report.compare_page
import netorg.report.outputs
from netorg.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_validate_clean_and_broken(eco_dir: Path) -> None:
    code, _, err = run("validate", str(eco_dir))
    assert code == 0 and "no problems" in err
    with (eco_dir / "agreements.csv").open("a") as handle:
        handle.write("X4,purchase,A,Q,someday,,\n")
    code, out, err = run("validate", str(eco_dir))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines == [
        "agreements.csv, row 5, column 'target': no organisation has the id 'Q'. Fix: use an id "
        "from the organisations table (the id column, not the name).",
        "agreements.csv, row 5, column 'start': 'someday' is not a date. Fix: write the date as "
        "YYYY-MM-DD, for example 2026-03-31.",
    ]
    assert "2 problems" in err


def test_usage_errors_exit_2(eco_dir: Path, tmp_path: Path) -> None:
    assert run("validate", str(tmp_path / "nowhere"))[0] == 2
    assert run("analyze", str(eco_dir), "--as-of", "31/12/2024")[0] == 2
    assert run("analyze")[0] == 2  # neither PATH nor --example
    assert run("analyze", str(eco_dir), "--example", "zorgregio")[0] == 2
    code, _, err = run("analyze", "--example", "atlantis")
    assert code == 2 and "zorgregio" in err
    bad = tmp_path / "bad.toml"
    bad.write_text("[agreement_type]\ninkoop = 'shopping'\n")
    code, _, err = run("analyze", str(eco_dir), "--config", str(bad))
    assert code == 2 and "'shopping' is not a netorg agreement type" in err


def test_analyze_writes_outputs(eco_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run("analyze", str(eco_dir), "--out", str(out), "--as-of", "2024-01-01")
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "brokerage.csv", "cluster_summary.csv", "clusters.csv", "consortia.csv", "findings.xlsx",
        "latent_ties.csv", "mergers.csv", "network.html", "report.html", "risk_scores.csv",
        "risks.csv", "summary.json", "ties.csv",
    ]  # fmt: skip
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["as_of"] == "2024-01-01"
    assert summary["netorg_version"] == netorg.__version__
    assert summary["counts"]["agreements"]["live"] == 2
    assert summary["network"]["ties"] == 2
    assert set(summary["inputs"]) == {"organisations.csv", "agreements.csv"}
    assert summary["load"]["rows"]["agreements"] == {"in": 3, "used": 3, "skipped": 0}
    assert "wrote" in stdout


def test_analyze_is_deterministic(eco_dir: Path, tmp_path: Path) -> None:
    for name in ("one", "two"):
        assert (
            run("analyze", str(eco_dir), "--out", str(tmp_path / name), "--as-of", "2024-01-01")[0]
            == 0
        )
    for file in sorted(p.name for p in (tmp_path / "one").iterdir()):
        one, two = (tmp_path / name / file for name in ("one", "two"))
        if file == "summary.json":  # identical but for the stage timings, by design
            a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (one, two))
            assert [s["name"] for s in a.pop("timings")["stages"]] == [
                s["name"] for s in b.pop("timings")["stages"]
            ]
            assert a == b
            continue
        assert one.read_bytes() == two.read_bytes()


def test_analyze_input_errors_write_only_the_listing(eco_dir: Path, tmp_path: Path) -> None:
    with (eco_dir / "agreements.csv").open("a") as handle:
        handle.write("X4,purchase,A,Q,,,\n")
    out = tmp_path / "out"
    code, _, err = run("analyze", str(eco_dir), "--out", str(out))
    assert code == 1
    assert "no organisation has the id 'Q'" in err
    assert [p.name for p in out.iterdir()] == ["errors.txt"]
    assert "row 5, column 'target'" in (out / "errors.txt").read_text(encoding="utf-8")

    code, _, err = run("analyze", str(eco_dir), "--out", str(out), "--lenient")
    assert code == 0
    assert "1 row(s) skipped" in err
    assert not (out / "errors.txt").exists()  # the stale listing is gone
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["load"]["rows_skipped"] == 1
    assert summary["load"]["skipped"][0]["row"] == 5
    assert summary["counts"]["agreements"]["total"] == 3


def test_datasets_and_example(tmp_path: Path) -> None:
    code, out, _ = run("datasets")
    assert code == 0 and "zorgregio" in out
    code, stdout, _ = run("analyze", "--example", "zorgregio", "--out", str(tmp_path / "z"))
    assert code == 0
    assert "Implicit supplier-style ties (3" in stdout
    assert "Alliance clusters (" in stdout
    assert "Dependency risks (" in stdout
    summary = json.loads((tmp_path / "z" / "summary.json").read_text(encoding="utf-8"))
    assert summary["as_of"] == netorg.datasets.info("zorgregio").as_of.isoformat()


def test_python_dash_m_and_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "netorg", "--version"], capture_output=True, text=True, check=True
    )
    assert netorg.__version__ in result.stdout


def test_cli_reference_is_up_to_date() -> None:
    """docs/cli.md is generated from --help; regenerate with `make docs`."""
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root / "docs"))
    try:
        from make_cli_reference import render
    finally:
        sys.path.pop(0)
    assert (root / "docs" / "cli.md").read_text(encoding="utf-8") == render(), (
        "docs/cli.md is stale: run `make docs`"
    )


def test_a_full_disk_is_a_message_and_exit_3_and_the_old_outputs_stay(
    eco_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert run("analyze", str(eco_dir), "--out", str(out), "--as-of", "2024-01-01")[0] == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out / "report.html"))

    # the report is written last, after every table: the disk fills up there
    monkeypatch.setattr(netorg.report.outputs, "write_report_html", full)
    code, _, err = run("analyze", str(eco_dir), "--out", str(out), "--as-of", "2025-01-01")
    err = " ".join(err.split())  # as one line: the console wraps long lines
    assert code == 3
    assert "Could not write the outputs" in err and "No space left on device" in err
    assert "keeps the files it had" in err and "Free some space" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # no staging left either


def test_a_disk_too_small_for_the_outputs_is_warned_of_before_the_analyses(
    eco_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netorg.cli

    out = tmp_path / "new" / "out"  # not there yet: the disk is measured where it would be
    code, _, err = run("analyze", str(eco_dir), "--out", str(out), "--as-of", "2024-01-01")
    assert code == 0 and "Warning" not in err
    seen: list[Path] = []

    def nearly_full(path: Path) -> SimpleNamespace:
        seen.append(Path(path))
        return SimpleNamespace(total=10**12, used=10**12 - 10**6, free=10**6)  # one MB free

    monkeypatch.setattr(netorg.cli.shutil, "disk_usage", nearly_full)
    other = tmp_path / "other" / "out"
    code, _, err = run("analyze", str(eco_dir), "--out", str(other), "--as-of", "2024-01-01")
    err = " ".join(err.split())
    needed = netorg.disk_space_needed(netorg.load(eco_dir, as_of="2024-01-01")) / 1e6
    assert code == 0  # only a warning: the outputs are written when they fit after all
    assert f"take about {needed:.1f} MB on disk" in err and "has 1.0 MB free" in err
    assert seen == [tmp_path]  # the nearest folder that exists
    assert (other / "report.html").exists()


def test_a_folder_without_permission_exits_3(
    eco_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(tmp_path / "t"))

    monkeypatch.setattr(netorg.report.compare_page, "write_timeline", refused)
    code, _, err = run(
        "timeline", str(eco_dir), "--out", str(tmp_path / "t"), "--as-of", "2024-01-01"
    )
    err = " ".join(err.split())
    assert code == 3 and "Permission denied" in err and "Free some space" not in err
