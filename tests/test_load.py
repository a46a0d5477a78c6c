"""Loading every input format of CONTRACT.md section 1 into the model of section 2."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import netorg
from netorg.model import _edge_table
from netorg.vocabulary import SOURCE_ROLES

ORGS = """id,name,type,size,capabilities,needs,website
GEM,Gemeente Oss,gemeente,500,,youth_care;home_care,oss.example
JZ,Jeugdzorg De Linde,care_provider,120,Youth Care,,
HZ,"Thuiszorg Plus, Oss",care_provider,"80",home_care,,
WC,Woonstichting Één,housing_corporation,30,,,
"""

AGREEMENTS = """id,type,source,target,parties,start,end,value,service,status,contacts,exclusive,ref
A1,tender_award,GEM,JZ,,2017-01-01,2019-12-31,1000000,youth_care,ended,E. Mulder,true,K-1
A2,Aanbesteding,GEM,JZ,,2020-01-01,,1200000,Youth Care,,E. Mulder; P. de Vries,,K-2
A3,covenant,,,GEM;JZ;HZ;WC,2022-01-01,,,,,,,
A4,consortium,,,,2023-01-01,,,,,,,
A5,subsidy,GEM,WC,,2026-01-01,2026-12-31,50000,,planned,,,
"""

PARTIES = """agreement_id,org_id,role
A4,GEM,member
A4,HZ,Penvoerder
A4,WC,member
"""


def write_folder(folder: Path, sep: str = ",", bom: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("organisations", ORGS), ("agreements", AGREEMENTS), ("parties", PARTIES)):
        if sep == ";":
            frame = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
            for column in ("needs", "capabilities", "parties", "contacts"):
                if column in frame:
                    frame[column] = frame[column].str.replace(";", "|")
            text = frame.to_csv(sep=";", index=False)
        data = text.encode("utf-8")
        (folder / f"{name}.csv").write_bytes(b"\xef\xbb\xbf" + data if bom else data)
    return folder


@pytest.fixture
def eco(tmp_path: Path) -> netorg.Ecosystem:
    return netorg.load(write_folder(tmp_path / "eco"), as_of="2024-01-01")


def test_folder_of_csv_is_normalised(eco: netorg.Ecosystem) -> None:
    orgs = eco.organisations.set_index("id")
    assert list(orgs.index) == ["GEM", "JZ", "HZ", "WC"]
    assert orgs.loc["GEM", "type"] == "municipality"  # Dutch word mapped by default
    assert orgs.loc["GEM", "needs"] == ("youth_care", "home_care")
    assert orgs.loc["JZ", "capabilities"] == ("youth_care",)  # "Youth Care" folded
    assert orgs.loc["HZ", "name"] == "Thuiszorg Plus, Oss"
    assert orgs.loc["WC", "name"] == "Woonstichting Één"
    assert orgs.loc["HZ", "size"] == 80.0
    assert orgs.loc["GEM", "website"] == "oss.example"  # extra column kept

    a = eco.agreements.set_index("id")
    assert a.loc["A2", "type"] == "tender_award"
    assert a.loc["A2", "form"] == "market"
    assert a.loc["A2", "service"] == "youth_care"
    assert a.loc["A2", "status"] == "active"  # empty status means active
    assert a.loc["A2", "contacts"] == ("E. Mulder", "P. de Vries")
    assert a.loc["A1", "start"] == pd.Timestamp("2017-01-01")
    assert pd.isna(a.loc["A2", "end"])
    assert a.loc["A1", "exclusive"] is True or a.loc["A1", "exclusive"] == True  # noqa: E712
    assert a.loc["A3", "parties"] == ("GEM", "JZ", "HZ", "WC")
    assert a.loc["A3", "n_parties"] == 4
    assert a.loc["A1", "ref"] == "K-1"


def test_parties_get_declared_or_derived_roles(eco: netorg.Ecosystem) -> None:
    roles = {(r.agreement_id, r.org_id): r.role for r in eco.parties.itertuples()}
    assert roles[("A1", "GEM")] == "buyer"
    assert roles[("A1", "JZ")] == "supplier"
    assert roles[("A5", "GEM")] == "funder"
    assert roles[("A5", "WC")] == "recipient"
    assert roles[("A4", "HZ")] == "lead"  # "Penvoerder" is Dutch for lead
    assert roles[("A3", "WC")] == "member"


def test_party_tuples_hold_one_text_per_organisation() -> None:
    # Memory: two million parties share the texts of their organisations' ids.
    eco = netorg.datasets.synthetic(400, seed=2)
    parties = eco.agreements["parties"].tolist()
    items = [party for members in parties for party in members]
    assert len(items) > len(eco.organisations)
    assert len({id(party) for party in items}) == len(set(items))


def test_edges_follow_contract_section_2(eco: netorg.Ecosystem) -> None:
    edges = {(r.source, r.target, r.agreement_id) for r in eco.edges.itertuples()}
    # two-party: source -> target
    assert ("GEM", "JZ", "A1") in edges
    # multi-party without lead: every pair, in listed order: 4 parties give 6 edges
    a3 = {(s, t) for s, t, a in edges if a == "A3"}
    assert a3 == {
        ("GEM", "JZ"),
        ("GEM", "HZ"),
        ("GEM", "WC"),
        ("JZ", "HZ"),
        ("JZ", "WC"),
        ("HZ", "WC"),
    }
    # multi-party with a lead: lead -> each member
    assert {(s, t) for s, t, a in edges if a == "A4"} == {("HZ", "GEM"), ("HZ", "WC")}


def _edges_one_by_one(roles: list[str], agreement: list[int]) -> list[tuple[int, int, int]]:
    """CONTRACT.md section 2 row by row: (agreement, source row, target row) of every edge,
    sorted by agreement, then by the places of source and target among its parties."""
    edges, place = [], {}
    for g in sorted(set(agreement)):
        rows = [i for i, a in enumerate(agreement) if a == g]  # in listed order
        place.update({row: k for k, row in enumerate(rows)})
        if len(rows) == 2:
            a, b = rows
            flip = roles[b] in SOURCE_ROLES and roles[a] not in SOURCE_ROLES
            edges.append((g, b, a) if flip else (g, a, b))
            continue
        with_lead = any(roles[i] == "lead" for i in rows)
        for x, a in enumerate(rows):
            for b in rows[x + 1 :]:
                if with_lead and roles[a] != "lead" and roles[b] != "lead":
                    continue  # a lead is named: lead -> each other party only
                swap = with_lead and roles[b] == "lead" and roles[a] != "lead"
                edges.append((g, b, a) if swap else (g, a, b))
    return sorted(edges, key=lambda e: (e[0], place[e[1]], place[e[2]]))


@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.sampled_from(["buyer", "supplier", "lead", "member", "funder", "recipient"]),
        ),
        max_size=30,
    )
)
@settings(max_examples=80, deadline=None)
def test_edge_table_pairs_the_parties_as_the_contract_says(rows: list[tuple[int, str]]) -> None:
    """Two parties: one edge, from the source side; more: every pair in listed order, or
    the lead to each other party where a lead is named; party rows in any order (and
    agreements of one party, which have no edge)."""
    agreement = [a for a, _ in rows]
    roles = [r for _, r in rows]
    codes = np.array(agreement, dtype=np.int64)
    n_parties = np.bincount(codes, minlength=5)
    agreements = pd.DataFrame({"id": [f"A{i}" for i in range(5)], "n_parties": n_parties})
    org = np.arange(len(rows), dtype=np.int64)  # one organisation per row: rows are ends
    org_index = pd.Index([f"O{i}" for i in range(len(rows))])
    edges = _edge_table(np.array(roles, dtype=object), codes, org, agreements, org_index)
    found = list(zip(edges["agreement_code"], edges["source_code"], edges["target_code"],
                     strict=True))  # fmt: skip
    expected = _edges_one_by_one(roles, agreement)
    assert [tuple(map(int, e)) for e in found] == expected


def test_parties_in_any_order_give_the_same_ties() -> None:
    """An Ecosystem built from tables by hand, its parties not grouped by agreement, ties
    the same organisations by the same agreements (the listed order may turn a direction)."""
    eco = netorg.datasets.load("zorgregio")
    shuffled = eco.parties.sample(frac=1, random_state=3).reset_index(drop=True)
    other = netorg.Ecosystem(eco.organisations, eco.agreements, shuffled, as_of=eco.as_of)

    def ties(e: pd.DataFrame) -> set[tuple[str, frozenset[str]]]:
        return {(a, frozenset((s, t))) for a, s, t in zip(e["agreement_id"], e["source"],
                                                           e["target"], strict=True)}  # fmt: skip

    assert len(other.edges) == len(eco.edges)
    assert ties(other.edges) == ties(eco.edges)


def test_graph_views_agree(eco: netorg.Ecosystem) -> None:
    graph = eco.graph
    assert graph.number_of_nodes() == 4
    assert graph.number_of_edges() == len(eco.edges) == 1 + 1 + 6 + 2 + 1
    assert graph.nodes["GEM"]["name"] == "Gemeente Oss"
    assert graph.has_edge("GEM", "JZ", key="A1")
    assert graph.edges["GEM", "JZ", "A1"]["start"] == dt.date(2017, 1, 1)
    assert graph.edges["GEM", "JZ", "A2"]["end"] is None
    g = eco.igraph
    assert g.vcount() == 4 and g.ecount() == len(eco.edges)
    pairs = [(g.vs[e.source]["name"], g.vs[e.target]["name"]) for e in g.es]
    assert pairs == list(zip(eco.edges["source"], eco.edges["target"], strict=True))


def test_live_agreements_follow_status_and_dates(eco: netorg.Ecosystem) -> None:
    assert list(eco.live_agreements()["id"]) == ["A2", "A3", "A4"]
    # A1 ended (status), A5 is planned: neither is live even on a date inside its period
    assert list(eco.live_agreements("2026-06-01")["id"]) == ["A2", "A3", "A4"]
    assert list(eco.live_agreements("2022-06-01")["id"]) == ["A2", "A3"]
    mask = eco.live_mask()  # worked out once per date; each caller gets a copy of its own
    mask[:] = True
    assert eco.live_mask().tolist() == [False, True, True, True, False]
    eco.as_of = "2018-01-01"
    assert eco.as_of == dt.date(2018, 1, 1)
    assert list(eco.live_agreements()["id"]) == []  # A1's status says ended


def test_summary_and_html(eco: netorg.Ecosystem) -> None:
    s = eco.summary()
    assert s["organisations"] == 4
    assert s["agreements"]["total"] == 5
    assert s["agreements"]["live"] == 3
    assert s["agreements"]["by_form"] == {"hybrid": 2, "market": 3}
    for form, n in (("hybrid", 2), ("market", 3), ("hierarchy", 0)):
        of_form = eco.of_form(form)
        assert of_form.dtype == bool and of_form.sum() == n
        assert (eco.agreements["form"].to_numpy()[of_form] == form).all()
    assert s["agreements"]["multi_party"] == 2
    assert s["network"]["ties"] == 6  # the covenant ties all four
    html = eco._repr_html_()
    assert "Ecosystem" in html and "<table>" in html
    assert "4 organisations" in repr(eco)


def test_semicolon_csv_with_bom_loads_the_same(tmp_path: Path, eco: netorg.Ecosystem) -> None:
    other = netorg.load(write_folder(tmp_path / "nl", sep=";", bom=True), as_of="2024-01-01")
    pd.testing.assert_frame_equal(other.organisations, eco.organisations)
    pd.testing.assert_frame_equal(other.agreements, eco.agreements)
    pd.testing.assert_frame_equal(other.parties, eco.parties)


def test_headers_are_case_insensitive_and_trimmed(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "eco")
    text = (folder / "organisations.csv").read_text(encoding="utf-8")
    (folder / "organisations.csv").write_text(
        text.replace("id,name,type", " ID , Name ,TYPE"), encoding="utf-8"
    )
    eco = netorg.load(folder)
    assert list(eco.organisations.columns[:3]) == ["id", "name", "type"]


def _frames() -> dict[str, pd.DataFrame]:
    read = pd.io.common.StringIO
    return {
        "organisations": pd.read_csv(read(ORGS), dtype=str, keep_default_na=False),
        "agreements": pd.read_csv(read(AGREEMENTS), dtype=str, keep_default_na=False),
        "parties": pd.read_csv(read(PARTIES), dtype=str, keep_default_na=False),
    }


def test_workbook_json_and_parquet_load_the_same(tmp_path: Path, eco: netorg.Ecosystem) -> None:
    frames = _frames()
    book = Workbook()
    book.remove(book.active)
    for name, frame in frames.items():
        sheet = book.create_sheet(name.capitalize())  # sheet names ignore case
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([_excel_cell(v) for v in row])
    book.save(tmp_path / "eco.xlsx")

    data = {
        name: [
            {k: v.split(";") if k in ("needs", "parties") and v else v for k, v in rec.items()}
            for rec in frame.to_dict("records")
        ]
        for name, frame in frames.items()
    }
    (tmp_path / "eco.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    parquet = tmp_path / "pq"
    parquet.mkdir()
    for name, frame in frames.items():
        frame.to_parquet(parquet / f"{name}.parquet")

    for path in (tmp_path / "eco.xlsx", tmp_path / "eco.json", parquet):
        other = netorg.load(path, as_of="2024-01-01")
        pd.testing.assert_frame_equal(other.organisations, eco.organisations, obj=str(path))
        pd.testing.assert_frame_equal(other.agreements, eco.agreements, obj=str(path))
        pd.testing.assert_frame_equal(other.parties, eco.parties, obj=str(path))


def _excel_cell(value: str) -> object:
    """Write dates and numbers as Excel would store them, not as text."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    try:
        return int(value)
    except ValueError:
        return value


def test_lone_agreements_csv_implies_organisations(tmp_path: Path) -> None:
    path = tmp_path / "contracts.csv"
    path.write_text(
        "id;type;source;target;parties\nK1;inkoop;Oss;Linde;\nK2;convenant;;;Oss|Linde|GGD\n",
        encoding="utf-8",
    )
    eco = netorg.load(path)
    assert list(eco.organisations["id"]) == ["GGD", "Linde", "Oss"]
    assert list(eco.organisations["name"]) == ["GGD", "Linde", "Oss"]
    assert list(eco.agreements["type"]) == ["purchase", "covenant"]
    assert eco.load_report is not None and eco.load_report.organisations_implied
    assert "organisations" not in eco.load_report.rows


def test_from_frames_checks_like_a_file() -> None:
    frames = _frames()
    eco = netorg.from_frames(frames["organisations"], frames["agreements"], frames["parties"])
    assert len(eco.agreements) == 5
    bad = frames["agreements"].copy()
    bad.loc[0, "start"] = "gisteren"
    with pytest.raises(netorg.InputError) as err:
        netorg.from_frames(frames["organisations"], bad, frames["parties"])
    (problem,) = err.value.problems
    assert (problem.row, problem.column, problem.value) == (2, "start", "gisteren")


def test_config_maps_own_words_and_sets_as_of(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "eco")
    text = (folder / "agreements.csv").read_text(encoding="utf-8")
    (folder / "agreements.csv").write_text(
        text.replace("A3,covenant", "A3,Ketenafspraak"), encoding="utf-8"
    )
    with pytest.raises(netorg.InputError, match="Ketenafspraak"):
        netorg.load(folder)
    config = tmp_path / "netorg.toml"
    config.write_text('as_of = "2025-05-01"\n[agreement_type]\nketenafspraak = "covenant"\n')
    eco = netorg.load(folder, config=config)
    assert eco.as_of == dt.date(2025, 5, 1)
    assert eco.agreements.set_index("id").loc["A3", "type"] == "covenant"
    # an explicit as_of wins over the config's
    assert netorg.load(folder, config=config, as_of="2020-01-01").as_of == dt.date(2020, 1, 1)


def test_dutch_mapping_can_be_switched_off(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "eco")
    config = netorg.config.config_from_dict({"mappings": []})
    with pytest.raises(netorg.InputError, match="aanbesteding"):
        netorg.load(folder, config=config)


def test_dutch_numbers_and_dates_in_semicolon_files(tmp_path: Path) -> None:
    folder = tmp_path / "nl"
    folder.mkdir()
    (folder / "organisations.csv").write_text("id;name;size\nA;A;1.250,5\nB;B;12,5\n")
    (folder / "agreements.csv").write_text(
        "id;type;source;target;start;value\nX;subsidie;A;B;31-12-2024;€ 1.000.000\n"
    )
    eco = netorg.load(folder)
    assert list(eco.organisations["size"]) == [1250.5, 12.5]
    assert eco.agreements.loc[0, "value"] == 1_000_000.0
    assert eco.agreements.loc[0, "start"] == pd.Timestamp("2024-12-31")


def test_blank_rows_are_not_data(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "eco")
    with (folder / "agreements.csv").open("a", encoding="utf-8") as handle:
        handle.write(",,,,,,,,,,,,\n\n")
    eco = netorg.load(folder)
    assert eco.load_report is not None
    assert eco.load_report.rows["agreements"] == {"in": 5, "used": 5, "skipped": 0}
    # a row with something in its last column only is data (with problems), not a blank row
    with (folder / "agreements.csv").open("a", encoding="utf-8") as handle:
        handle.write(",,,,,,,,,,,,x\n")
    eco = netorg.load(folder, strict=False)
    assert eco.load_report is not None
    assert eco.load_report.rows["agreements"] == {"in": 6, "used": 5, "skipped": 1}


def test_datasets_zorgregio_loads_clean() -> None:
    eco = netorg.datasets.load("zorgregio")
    assert eco.as_of == netorg.datasets.info("zorgregio").as_of
    assert 80 <= len(eco.organisations) <= 200
    assert netorg.validate(netorg.datasets.path("zorgregio")) == []
    forms = set(eco.agreements["form"])
    assert forms == {"market", "hybrid", "hierarchy"}
    assert (eco.agreements["n_parties"] > 5).any()  # the regional consortium
    assert (eco.agreements["status"] == "ended").any()
    assert ((eco.agreements["type"] == "merger") & (eco.agreements["status"] == "proposed")).any()


def test_unknown_dataset_lists_the_known_ones() -> None:
    with pytest.raises(netorg.UnknownDatasetError, match="zorgregio"):
        netorg.datasets.load("atlantis")


def test_synthetic_is_valid_and_deterministic() -> None:
    one = netorg.datasets.synthetic(120, seed=3)
    two = netorg.datasets.synthetic(120, seed=3)
    assert len(one.organisations) == 120
    assert len(one.agreements) == 1200
    pd.testing.assert_frame_equal(one.agreements, two.agreements)
    pd.testing.assert_frame_equal(one.edges, two.edges)
    assert one.load_report is not None and one.load_report.n_skipped == 0
