"""Every bad-input case of CONTRACT.md section 1, reported with file, row and column."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

import netorg
from netorg import Problem
from netorg._codes import codes_in
from netorg._validate import _split_texts

ORGS = "id,name,type,size\nA,Alpha,municipality,10\nB,Beta,care_provider,5\nC,Gamma,school,\n"


def folder(tmp_path: Path, agreements: str, orgs: str = ORGS, parties: str | None = None) -> Path:
    path = tmp_path / "eco"
    path.mkdir(exist_ok=True)
    (path / "organisations.csv").write_text(orgs, encoding="utf-8")
    (path / "agreements.csv").write_text(agreements, encoding="utf-8")
    if parties is not None:
        (path / "parties.csv").write_text(parties, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(netorg.InputError) as err:
        netorg.load(path)
    return err.value.problems


def where(problems: list[Problem]) -> set[tuple[str, int | None, str | None]]:
    return {(p.file, p.row, p.column) for p in problems}


HEADER = "id,type,source,target,start,end,value\n"


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("X1,purchase,A,Q,,,", "target", "no organisation has the id 'Q'"),
        ("X1,purchase,A,B,2024-02-30,,", "start", "'2024-02-30' is not a date"),
        ("X1,purchase,A,B,,tomorrow,", "end", "'tomorrow' is not a date"),
        ("X1,purchase,A,B,2024-01-01,2023-01-01,", "end", "is before the start"),
        ("X1,purchase,A,B,,,ten", "value", "'ten' is not a number"),
        ("X1,purchase,A,B,,,-5", "value", "is negative"),
        ("X1,purchase,A,,,,", "target", "needs both source and target"),
        ("X1,purchase,,B,,,", "source", "needs both source and target"),
        ("X1,purchase,A,A,,,", "target", "the same organisation 'A'"),
        ("X1,gift,A,B,,,", "type", "'gift' is not a known agreement type"),
        (",purchase,A,B,,,", "id", "the agreement id is empty"),
    ],
)
def test_row_problem_is_located(tmp_path: Path, row: str, column: str, words: str) -> None:
    path = folder(tmp_path, HEADER + "OK,purchase,A,B,,,\n" + row + "\n")
    (problem,) = problems_of(path)
    assert (problem.file, problem.row, problem.column) == ("agreements.csv", 3, column)
    assert words in problem.message
    assert problem.fix, "every problem says what would be right"


def test_unknown_type_lists_the_known_words_and_suggests(tmp_path: Path) -> None:
    (problem,) = problems_of(folder(tmp_path, HEADER + "X1,tender-awrd,A,B,,,\n"))
    assert "did you mean 'tender_award'" in problem.fix
    for word in ("purchase", "covenant", "merger", "joint_recruitment"):
        assert word in problem.fix
    assert "[agreement_type] tender_awrd" in problem.fix


def test_all_problems_at_once_in_row_order(tmp_path: Path) -> None:
    orgs = ORGS + "A,Duplicate,hospital,x\n,Nameless,ngo,1\n"
    agreements = HEADER + "X1,purchase,A,Q,bad,,\nX1,purchase,A,B,,,\n"
    parties = "agreement_id,org_id,role\nX9,A,lead\nX1,B,chief\n"
    problems = problems_of(folder(tmp_path, agreements, orgs, parties))
    assert where(problems) == {
        ("organisations.csv", 5, "id"),  # duplicate A
        ("organisations.csv", 5, "size"),
        ("organisations.csv", 6, "id"),  # empty id
        ("agreements.csv", 2, "target"),  # unknown Q
        ("agreements.csv", 2, "start"),
        ("agreements.csv", 3, "id"),  # duplicate X1
        ("parties.csv", 2, "agreement_id"),  # unknown agreement
        ("parties.csv", 3, "role"),
    }
    files = [p.file for p in problems]
    assert files == sorted(files, key=["organisations.csv", "agreements.csv", "parties.csv"].index)
    duplicate = next(p for p in problems if p.row == 5 and p.column == "id")
    assert "first on row 2" in duplicate.message


def test_multi_party_needs_two_distinct_known_parties(tmp_path: Path) -> None:
    agreements = "id,type,parties\nP1,covenant,A;A\nP2,covenant,A;Z\nP3,covenant,A;B;C\n"
    problems = problems_of(folder(tmp_path, agreements))
    assert where(problems) == {("agreements.csv", 2, "parties"), ("agreements.csv", 3, "parties")}
    assert "fewer than two distinct" in problems[0].message
    assert "'Z'" in problems[1].message


def test_parties_table_counts_towards_the_parties(tmp_path: Path) -> None:
    agreements = "id,type,source,target,parties\nP1,consortium,,,\nP2,consortium,,,A\n"
    parties = "agreement_id,org_id,role\nP1,A,lead\nP1,B,member\nP2,C,lead\n"
    eco = netorg.load(folder(tmp_path, agreements, parties=parties))
    assert list(eco.agreements["n_parties"]) == [2, 2]
    problems = problems_of(folder(tmp_path, agreements, parties=parties + "P2,C,member\n"))
    assert where(problems) == {("parties.csv", 5, "org_id")}
    assert "listed twice" in problems[0].message


def test_missing_required_column_is_named(tmp_path: Path) -> None:
    problems = problems_of(folder(tmp_path, "id,kind,source,target\nX,purchase,A,B\n"))
    assert len(problems) == 1
    assert problems[0].row is None
    assert "no column 'type'" in problems[0].message


def test_agreements_without_any_party_columns(tmp_path: Path) -> None:
    (problem,) = problems_of(folder(tmp_path, "id,type\nX,purchase\n"))
    assert "no columns source and target" in problem.message


def test_missing_file_in_folder(tmp_path: Path) -> None:
    path = tmp_path / "eco"
    path.mkdir()
    (path / "organisations.csv").write_text(ORGS)
    (problem,) = problems_of(path)
    assert "has no agreements.csv" in problem.message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "is empty"),
        (b"   \n\n", "is empty"),
        (b"\x00\x01\x02binary\x00", "is not a text file"),
        (b"PK\x03\x04rest-of-a-zip", "is not a text file"),
        ("id,name\nA,Caf\xe9\n".encode("latin-1"), "is not UTF-8"),
        (b'id,name\nA,"unclosed\n', "cannot be read as CSV"),
        (b"id,name\nA,B,C,D\n", "has 4 cells but the header names 2"),
    ],
)
def test_unreadable_csv_gets_one_clear_message(tmp_path: Path, content: bytes, words: str) -> None:
    path = folder(tmp_path, HEADER + "X,purchase,A,B,,,\n")
    (path / "organisations.csv").write_bytes(content)
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].file == "organisations.csv"
    assert words in str(problems[0])


def test_wrong_workbooks(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("id,name\n")
    (problem,) = problems_of(fake)
    assert "is not an Excel workbook" in problem.message

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    (problem,) = problems_of(broken)
    assert "cannot be opened as an Excel workbook" in problem.message

    book = Workbook()
    book.active.title = "organisations"
    book.active.append(["id", "name"])
    book.save(tmp_path / "one_sheet.xlsx")
    (problem,) = problems_of(tmp_path / "one_sheet.xlsx")
    assert "has no sheet named agreements" in problem.message
    assert "organisations" in problem.message


def test_workbook_rows_are_spreadsheet_rows(tmp_path: Path) -> None:
    book = Workbook()
    orgs = book.active
    orgs.title = "organisations"
    for row in (["id", "name"], ["A", "Alpha"], [None, None], ["B", "Beta"]):
        orgs.append(row)
    agreements = book.create_sheet("agreements")
    for row in (["id", "type", "source", "target"], ["X", "purchase", "A", "B"]):
        agreements.append(row)
    agreements.append(["Y", "purchase", "A", "Nope"])
    book.save(tmp_path / "eco.xlsx")
    (problem,) = problems_of(tmp_path / "eco.xlsx")
    assert problem.file == "eco.xlsx, sheet agreements"
    assert (problem.row, problem.column, problem.value) == (3, "target", "Nope")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "holds a list, not an object"),
        ('{"organisations": []}', "has no 'agreements' list"),
        ('{"organisations": 3, "agreements": []}', "is not a list of objects"),
    ],
)
def test_wrong_json(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "eco.json"
    path.write_text(text)
    problems = problems_of(path)
    assert words in str(problems[0])


def test_json_items_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "eco.json"
    path.write_text(
        '{"organisations": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],'
        ' "agreements": [{"id": "X", "type": "purchase", "source": "A", "target": "B",'
        ' "value": "lots"}]}'
    )
    (problem,) = problems_of(path)
    assert str(problem).startswith("eco.json, agreements, item 1, column 'value'")


def test_unsupported_path(tmp_path: Path) -> None:
    (tmp_path / "eco.txt").write_text("hello")
    (problem,) = problems_of(tmp_path / "eco.txt")
    assert "cannot read '.txt' files" in problem.message
    (problem,) = problems_of(tmp_path / "missing")
    assert "does not exist" in problem.message


def test_lenient_skips_rows_and_accounts_for_every_row(tmp_path: Path) -> None:
    orgs = ORGS + "D,,ngo,1\n"  # D has no name: skipped
    agreements = (
        HEADER
        + "X1,purchase,A,B,,,\n"
        + "X2,purchase,A,D,,,\n"  # names skipped D
        + "X3,purchase,A,B,soon,,\n"  # bad date
        + "X4,covenant,A,C,,,\n"
    )
    parties = "agreement_id,org_id,role\nX3,C,member\nX4,B,member\n"
    path = folder(tmp_path, agreements, orgs, parties)
    eco = netorg.load(path, strict=False)
    report = eco.load_report
    assert report is not None
    assert report.rows == {
        "organisations": {"in": 4, "used": 3, "skipped": 1},
        "agreements": {"in": 4, "used": 2, "skipped": 2},
        "parties": {"in": 2, "used": 1, "skipped": 1},
    }
    assert list(eco.agreements["id"]) == ["X1", "X4"]
    assert eco.agreements.set_index("id").loc["X4", "parties"] == ("A", "C", "B")
    messages = {(p.file, p.row): p.message for p in report.skipped}
    assert "organisation 'D' is skipped because its row 5" in messages[("agreements.csv", 3)]
    assert "agreement 'X3' is skipped because its row 4" in messages[("parties.csv", 2)]
    assert report.n_skipped == 4
    assert_party_codes_as_looked_up(eco)


def assert_party_codes_as_looked_up(eco: netorg.Ecosystem) -> None:
    """Loading hands the parties' codes over; they must be what looking the ids up gives."""
    agreement, org = eco.party_codes
    assert agreement.dtype == org.dtype == np.int64
    np.testing.assert_array_equal(
        agreement, codes_in(eco.parties["agreement_id"], eco.agreements["id"])
    )
    np.testing.assert_array_equal(org, codes_in(eco.parties["org_id"], eco.organisations["id"]))


def test_party_codes_from_loading_skip_rows_in_the_middle(tmp_path: Path) -> None:
    orgs = "id,name\nA,Alpha\nB,\nC,Gamma\nD,Delta\nE,Epsilon\n"  # B has no name: skipped
    agreements = (
        HEADER
        + "X1,purchase,A,B,,,\n"  # names skipped B
        + "X2,covenant,E,D,,,\n"
        + "X3,purchase,A,C,soon,,\n"  # bad date
        + "X4,covenant,C,A,,,\n"
    )
    parties = "agreement_id,org_id,role\nX2,C,member\nX4,D,member\nX4,E,\n"
    eco = netorg.load(folder(tmp_path, agreements, orgs, parties), strict=False)
    assert list(eco.organisations["id"]) == ["A", "C", "D", "E"]
    assert list(eco.agreements["id"]) == ["X2", "X4"]
    assert_party_codes_as_looked_up(eco)
    assert_party_codes_as_looked_up(netorg.datasets.load("zorgregio"))


def test_lenient_cannot_skip_a_broken_file(tmp_path: Path) -> None:
    path = folder(tmp_path, "id,kind\nX,purchase\n")
    with pytest.raises(netorg.InputError):
        netorg.load(path, strict=False)


def test_problem_line_names_everything() -> None:
    problem = Problem("agreements.csv", 7, "end", "2023-13-01", "is not a date.", "write it.")
    assert str(problem) == "agreements.csv, row 7, column 'end': is not a date. Fix: write it."
    assert problem.as_dict()["value"] == "2023-13-01"


def _split_one_by_one(texts: list[str], tags: bool) -> list[tuple[str, ...]]:
    """The list cells split and cleaned in Arrow as _split_texts does, then deduplicated
    one cell at a time in Python (how it did it for every cell before)."""
    parts = pc.split_pattern_regex(pa.array(texts, type=pa.large_string()), r"[;|]")
    flat = pc.list_flatten(parts)
    if tags:
        flat = pc.utf8_lower(pc.replace_substring(flat, "-", " "))
        flat = pc.replace_substring_regex(pc.utf8_trim_whitespace(flat), r"\s+", "_")
    else:
        flat = pc.utf8_trim_whitespace(flat)
    cells = pa.LargeListArray.from_arrays(parts.offsets, flat).to_pylist()
    return [tuple(dict.fromkeys(p for p in cell if p)) for cell in cells]


@given(
    st.lists(st.text(alphabet="ab;| -\tA\u00e9\u00a0", max_size=8), max_size=40),
    st.booleans(),
)
def test_split_texts_equal_the_cells_deduplicated_one_by_one(texts: list[str], tags: bool) -> None:
    """Cells of one part, two parts (equal or not), empty parts, separators alone and
    more parts: every cell's tuple as a cell-at-a-time deduplication gives it."""
    split = _split_texts(np.asarray(texts, dtype=object), tags)
    assert split.shape == (len(texts),)
    assert list(split) == _split_one_by_one(texts, tags)
    assert all(type(cell) is tuple for cell in split)
