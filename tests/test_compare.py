"""Change over time: hand-built before/after pairs for each kind of change, and the timeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from test_ties import CHAIN, ORGS, agreement

import netorg
from netorg.analysis.compare import compare, every, shift, timeline
from netorg.analysis.risks import dependency_risks
from netorg.cli import main
from netorg.report.compare_page import compare_html


def eco(orgs: list[dict[str, Any]], rows: list[dict[str, str]], as_of: str) -> netorg.Ecosystem:
    return netorg.from_frames(pd.DataFrame(orgs), pd.DataFrame(rows), as_of=as_of)


def org(id: str, region: str = "Noord", **extra: Any) -> dict[str, Any]:
    return {"id": id, "name": f"Org {id}", "type": "care_provider", "region": region, **extra}


def partnership(a: str, b: str, id: str = "", start: str = "2024-01-01", end: str = "") -> dict:
    return agreement(id or f"P-{a}-{b}", "partnership", a, b, start, end)


def test_organisations_added_ended_and_changed() -> None:
    before = eco([org("A"), org("B"), org("C")], [partnership("A", "B")], "2026-01-01")
    after = eco([org("A", region="Zuid"), org("B"), org("D")], [partnership("A", "B")],
                "2026-01-01")  # fmt: skip
    o = compare(before, after).organisations
    assert sorted(zip(o["org_id"], o["change"], strict=True)) == [
        ("A", "changed"), ("C", "ended"), ("D", "added"),
    ]  # fmt: skip
    changed = o[o["change"] == "changed"].iloc[0]
    assert changed["fields"] == "region" and "region: Noord -> Zuid" in changed["detail"]


def test_agreements_added_removed_started_ended_changed_and_renewed() -> None:
    orgs = [org(x) for x in "ABCDE"]
    old_rows = [
        partnership("A", "B", "KEEP"),
        partnership("A", "C", "GONE"),
        partnership("A", "D", "ENDS", end="2025-12-31"),
        partnership("B", "C", "LATER", start="2026-03-01"),
        {**partnership("B", "D", "VALUE"), "value": "1000"},
        agreement("OLD", "contract", "C", "E", "2024-01-01", "2025-12-31", service="ict"),
    ]
    new_rows = [
        partnership("A", "B", "KEEP"),
        partnership("A", "D", "ENDS", end="2025-12-31"),
        partnership("B", "C", "LATER", start="2026-03-01"),
        {**partnership("B", "D", "VALUE"), "value": "2500"},
        agreement("OLD", "contract", "C", "E", "2024-01-01", "2025-12-31", service="ict"),
        agreement("NEW", "contract", "C", "E", "2026-01-01", "2027-12-31", service="ict"),
        partnership("D", "E", "FRESH"),
    ]
    result = compare(eco(orgs, old_rows, "2025-06-30"), eco(orgs, new_rows, "2026-06-30"))
    a = result.agreements.set_index("agreement_id")
    assert a["change"].to_dict() == {
        "FRESH": "added", "LATER": "started", "ENDS": "ended", "GONE": "removed",
        "OLD": "renewed", "VALUE": "changed",
    }  # fmt: skip
    assert a.loc["OLD", "successor"] == "NEW"
    assert "renewed as NEW" in a.loc["OLD", "detail"] and "not a change" in a.loc["OLD", "detail"]
    assert a.loc["VALUE", "fields"] == "value" and "value: 1000 -> 2500" in a.loc["VALUE", "detail"]
    assert result.matched_by == "id"
    # A renewal is not a change of the tie: C-E stays a market tie, so no tie row for it.
    assert not (
        (result.ties["org_a"].isin(["C", "E"])) & (result.ties["org_b"].isin(["C", "E"]))
    ).any()
    assert "1 renewed" in result.summary
    # LATER was in both files and became live: told as started, not hidden in "added"
    assert "1 agreements added, 1 started, 2 ended, 1 changed and 1 renewed" in result.summary


def test_files_without_stable_ids_match_by_content() -> None:
    orgs = [org(x) for x in "ABC"]
    rows = [partnership("A", "B", "1"), partnership("B", "C", "2")]
    renumbered = [partnership("A", "B", "R7"), partnership("B", "C", "R8")]
    result = compare(eco(orgs, rows, "2026-01-01"), eco(orgs, renumbered, "2026-01-01"))
    assert result.matched_by == "content" and result.agreements.empty
    by_id = compare(eco(orgs, rows, "2026-01-01"), eco(orgs, renumbered, "2026-01-01"), match="id")
    assert sorted(by_id.agreements["change"]) == ["added", "added", "removed", "removed"]
    with pytest.raises(ValueError, match="match must be"):
        compare(eco(orgs, rows, "2026-01-01"), eco(orgs, rows, "2026-01-01"), match="name")


def test_market_tie_that_became_implicit_and_an_alliance_that_lapsed() -> None:
    # The purchase chain of tests/test_ties.py with its dates alone deciding what is live.
    orgs = ORGS.to_dict("records")
    chain = [{**row, "status": ""} for row in CHAIN]
    rows = [*chain, partnership("GGD", "ZG", "ALL", "2019-01-01", "2022-12-31")]
    result = compare(eco(orgs, rows, "2020-06-30"), eco(orgs, rows, "2026-06-30"))
    t = result.ties.set_index(["org_a", "org_b"])
    tie = t.loc[("GEM", "JZ")]
    assert (tie["change"], tie["class_old"], tie["class_new"]) == (
        "class_changed", "market", "implicit",
    )  # fmt: skip
    assert "changed from market to implicit" in t.loc[("GEM", "JZ"), "detail"]
    lapsed = t.loc[("GGD", "ZG")]
    assert (lapsed["change"], lapsed["class_old"], lapsed["class_new"]) == (
        "lapsed", "alliance", "",
    )  # fmt: skip


SIX = [org(f"X{i}") for i in range(1, 7)]
CLIQUE = [partnership(f"X{i}", f"X{j}") for i in range(1, 7) for j in range(i + 1, 7)]
HALVES = [
    partnership(f"X{i}", f"X{j}")
    for part in ((1, 2, 3), (4, 5, 6))
    for k, i in enumerate(part)
    for j in part[k + 1 :]
]


def test_a_cluster_splits_and_two_merge() -> None:
    one, two = eco(SIX, CLIQUE, "2026-01-01"), eco(SIX, HALVES, "2026-01-01")
    split = compare(one, two).clusters
    assert list(split["event"]) == ["split"]
    assert split.iloc[0]["size_old"] == 6 and split.iloc[0]["new_clusters"].count(";") == 1
    assert "split into" in split.iloc[0]["detail"]
    merged = compare(two, one).clusters
    assert list(merged["event"]) == ["merged"]
    assert merged.iloc[0]["old_clusters"].count(";") == 1 and merged.iloc[0]["size_new"] == 6


def test_clusters_form_dissolve_and_continue() -> None:
    orgs = [*SIX, *(org(f"Y{i}") for i in range(1, 4))]
    triangle = [partnership("Y1", "Y2"), partnership("Y2", "Y3"), partnership("Y1", "Y3")]
    before, after = eco(orgs, CLIQUE, "2026-01-01"), eco(orgs, CLIQUE + triangle, "2026-01-01")
    events = compare(before, after).clusters
    assert sorted(events["event"]) == ["continued", "formed"]
    assert sorted(compare(after, before).clusters["event"]) == ["continued", "dissolved"]


def test_risks_appeared_and_resolved_match_the_risk_tables() -> None:
    old = netorg.datasets.load("zorgregio")
    old.as_of = "2025-06-30"
    new = netorg.datasets.load("zorgregio")
    result = compare(old, new)

    def keys(frame: pd.DataFrame) -> set[tuple[str, str, str, str]]:
        cols = frame[["subject", "risk_kind", "service", "person"]].astype(object)
        return set(cols.where(cols.notna(), "").astype(str).itertuples(index=False, name=None))

    before, after = keys(dependency_risks(old)), keys(dependency_risks(new))
    r = result.risks
    assert len(r[r["change"] == "appeared"]) == len(after - before) > 0
    assert len(r[r["change"] == "resolved"]) == len(before - after) > 0
    m = result.measures.set_index("measure")
    assert m.loc["ties", "after"] - m.loc["ties", "before"] == m.loc["ties", "change"]


def test_dutch_details() -> None:
    one, two = eco(SIX, CLIQUE, "2026-01-01"), eco(SIX, HALVES, "2026-01-01")
    two.language = "nl"
    result = compare(one, two)
    assert "is uiteengevallen in" in result.clusters.iloc[0]["detail"]
    assert result.summary.startswith("Van 2026-01-01 tot 2026-01-01")
    page = compare_html(result)
    assert '<html lang="nl">' in page and "Samenwerkingsclusters" in page


def test_timeline_on_zorgregio_matches_a_hand_count() -> None:
    eco_ = netorg.datasets.load("zorgregio")
    frame = timeline(eco_, ["2026-06-30", "2022-06-30"])
    assert list(frame["date"]) == ["2022-06-30", "2026-06-30"]
    assert eco_.as_of == dt.date(2026, 6, 30)  # restored
    folder = Path(netorg.datasets.path("zorgregio"))
    raw = pd.read_csv(folder / "agreements.csv", dtype=str, keep_default_na=False)
    parties = pd.read_csv(folder / "parties.csv", dtype=str)
    for day, row in zip(frame["date"], frame.itertuples(), strict=True):
        # By hand: status active (an empty status means active), started, not ended.
        live = raw[
            raw["status"].isin(["", "active"])
            & ((raw["start"] == "") | (raw["start"] <= day))
            & ((raw["end"] == "") | (raw["end"] >= day))
        ]
        assert row.live_agreements == len(live)
        two = live[live["parties"] == ""]
        multi = parties[parties["agreement_id"].isin(live["id"])]["org_id"]
        active = (set(two["source"]) | set(two["target"]) | set(multi)) - {""}
        assert row.active_organisations == len(active)
    assert frame["live_agreements"].tolist() == [123, 466]


def test_every_and_shift() -> None:
    assert every("2024-01-31", "2024-05-01", "1m") == [
        dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31), dt.date(2024, 4, 30),
    ]  # fmt: skip
    assert shift("2026-06-30", "1y", -4) == dt.date(2022, 6, 30)
    with pytest.raises(ValueError, match="step must be"):
        every("2024-01-01", "2025-01-01", "fortnightly")
    with pytest.raises(ValueError, match="lies before"):
        every("2025-01-01", "2024-01-01", "1y")


def test_cli_compare_and_timeline(tmp_path: Path) -> None:
    folder = Path(netorg.datasets.path("zorgregio"))
    runner = CliRunner()
    result = runner.invoke(main, ["compare", str(folder), str(folder), "--as-of-old",
                                  "2025-06-30", "--as-of-new", "2026-06-30", "--out",
                                  str(tmp_path / "c")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "From 2025-06-30 to 2026-06-30" in result.output
    assert (tmp_path / "c" / "compare.html").exists()
    assert (tmp_path / "c" / "compare_clusters.csv").exists()
    result = runner.invoke(main, ["timeline", "--example", "zorgregio", "--every", "2y",
                                  "--out", str(tmp_path / "t")])  # fmt: skip
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(tmp_path / "t" / "timeline.csv")
    assert list(frame["date"]) == ["2018-06-30", "2020-06-30", "2022-06-30", "2024-06-30",
                                   "2026-06-30"]  # fmt: skip
    page = (tmp_path / "t" / "timeline.html").read_text("utf-8")
    assert "<svg" in page and "<polyline" in page
    bad = runner.invoke(main, ["timeline", "--example", "zorgregio", "--every", "soon"])
    assert bad.exit_code == 2 and "step must be" in bad.output


def test_timeline_counts_match_the_full_analyses() -> None:
    eco_ = netorg.datasets.load("zorgregio")
    row = timeline(eco_, ["2024-06-30"]).iloc[0]
    eco_.as_of = "2024-06-30"
    ties = netorg.tie_classes(eco_)
    assert row["implicit_ties"] == ((ties["tie_class"] == "implicit") & ties["active"]).sum()
    assert row["clusters"] == netorg.alliance_clusters(eco_)["cluster_id"].nunique()
    assert row["risk_findings"] == len(netorg.dependency_risks(eco_))
    assert row["ties"] == netorg.network_measures(eco_)["ties"]


def test_compare_and_timeline_are_deterministic() -> None:
    def run() -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
        old = netorg.datasets.load("zorgregio")
        old.as_of = "2024-06-30"
        new = netorg.datasets.load("zorgregio")
        return compare(old, new).tables(), timeline(new, ["2023-06-30", "2025-06-30"])

    (first, line_1), (second, line_2) = run(), run()
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name])
    pd.testing.assert_frame_equal(line_1, line_2)


def test_timeline_in_worker_processes_gives_the_same_rows() -> None:
    eco_ = netorg.datasets.load("zorgregio")
    dates = every("2021-06-30", "2026-06-30", "1y")
    pd.testing.assert_frame_equal(timeline(eco_, dates, workers=2), timeline(eco_, dates))
    assert eco_.as_of == dt.date(2026, 6, 30)


def test_compare_in_two_processes_gives_the_same_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    from netorg.analysis import compare as module

    def snapshots() -> tuple[netorg.Ecosystem, netorg.Ecosystem]:
        old = netorg.datasets.load("zorgregio")
        old.as_of = "2025-06-30"
        return old, netorg.datasets.load("zorgregio")

    serial = compare(*snapshots()).tables()
    monkeypatch.setattr(module, "PARALLEL_AGREEMENTS", 10)  # zorgregio counts as large
    parallel = compare(*snapshots()).tables()
    for name in serial:
        pd.testing.assert_frame_equal(serial[name], parallel[name])


@pytest.mark.browser
def test_compare_and_timeline_pages_open_offline(page: Any, tmp_path: Path) -> None:
    from netorg.report.compare_page import write_comparison, write_timeline

    old = netorg.datasets.load("zorgregio")
    old.as_of = "2025-06-30"
    new = netorg.datasets.load("zorgregio")
    write_comparison(compare(old, new), tmp_path)
    write_timeline(timeline(new, ["2024-06-30", "2026-06-30"]), tmp_path, name="z", lang="en")
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    for name in ("compare.html", "timeline.html"):
        page.goto((tmp_path / name).as_uri())
        page.wait_for_selector("html[data-report-ready]", state="attached", timeout=15_000)
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
    assert errors == [] and len(requests) == 2
    page.goto((tmp_path / "compare.html").as_uri())
    page.wait_for_selector("html[data-report-ready]", state="attached")
    assert page.locator("section.s-clusters tbody tr").count() > 0
    page.locator("section.s-risks th", has_text="severity").click()
    assert page.locator("section.s-risks th[aria-sort=ascending]").count() == 1
