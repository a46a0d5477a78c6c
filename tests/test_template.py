"""The template a planner starts from: valid as written, fillable, guarded by ``netorg init``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

import netorg
from netorg import template
from netorg._validate import AGREEMENT_COLUMNS, ORGANISATION_COLUMNS, PARTY_COLUMNS
from netorg._xlsx import FIXED_TIME
from netorg.cli import main
from netorg.vocabulary import (
    AGREEMENT_TYPES,
    GOVERNANCE,
    ORGANISATION_TYPES,
    PHASES,
    ROLES,
    STATUSES,
)

FILES = ["ecosystem.xlsx", "organisations.csv", "agreements.csv", "parties.csv", "README.txt"]
COLUMNS = {
    "organisations": ORGANISATION_COLUMNS,
    "agreements": AGREEMENT_COLUMNS,
    "parties": PARTY_COLUMNS,
}
#: Where each dropdown must be, and a word it must offer.
DROPDOWNS = {
    ("organisations", "C"): ORGANISATION_TYPES,
    ("agreements", "B"): AGREEMENT_TYPES,
    ("agreements", "J"): STATUSES,
    ("agreements", "K"): PHASES,
    ("agreements", "L"): GOVERNANCE,
    ("parties", "C"): ROLES,
}


def dropdown_words(workbook_path: Path) -> dict[tuple[str, str], tuple[str, ...]]:
    """The words each list dropdown offers, by sheet and column letter; ranges are resolved."""
    workbook = load_workbook(workbook_path)
    found: dict[tuple[str, str], tuple[str, ...]] = {}
    for sheet in workbook.worksheets:
        for rule in sheet.data_validations.dataValidation:
            assert rule.type == "list"
            formula = rule.formula1
            if formula.startswith('"'):
                words = tuple(formula.strip('"').split(","))
            else:
                where, cells = formula.split("!")
                words = tuple(c.value for (c,) in workbook[where][cells.replace("$", "")])
            for cells in rule.sqref.ranges:
                first, last = str(cells).split(":")
                assert first[1:] == "2" and last[1:] == "1048576", "row 2 to the sheet's end"
                assert first[0] == last[0]
                found[(sheet.title, first[0])] = words
    return found


def test_template_is_valid_as_written(tmp_path: Path) -> None:
    written = netorg.write_template(tmp_path / "regio")
    assert [p.name for p in written] == FILES
    assert all(p.parent == tmp_path / "regio" for p in written)
    for path in (tmp_path / "regio" / "ecosystem.xlsx", tmp_path / "regio"):
        assert netorg.validate(path) == []
        eco = netorg.load(path, as_of="2026-06-30")
        assert list(eco.organisations["id"]) == ["GEM-ZUIDWAARD", "ZORG-LINDE"]
        assert list(eco.agreements["type"]) == ["service_contract", "covenant"]
        assert list(eco.agreements["n_parties"]) == [2, 2]
        assert sorted(eco.graph.edges(keys=True)) == [
            ("GEM-ZUIDWAARD", "ZORG-LINDE", "ZW-JEUGD-2024"),
            ("GEM-ZUIDWAARD", "ZORG-LINDE", "ZW-PREVENTIE"),
        ]
        roles = eco.parties.set_index(["agreement_id", "org_id"])["role"].to_dict()
        assert roles[("ZW-PREVENTIE", "GEM-ZUIDWAARD")] == "lead"
        assert len(eco.live_agreements()) == 2


def test_csv_files_match_the_sheets(tmp_path: Path) -> None:
    netorg.write_template(tmp_path)
    workbook = load_workbook(tmp_path / "ecosystem.xlsx")
    for table, columns in COLUMNS.items():
        text = (tmp_path / f"{table}.csv").read_bytes().decode("utf-8")
        lines = text.splitlines()
        assert lines[0] == ",".join(columns)
        assert len(lines) == 3 and "\r" not in text
        header = [c.value for c in workbook[table][1]]
        assert header == list(columns)


def test_filled_in_template_loads_and_analyses(tmp_path: Path) -> None:
    netorg.write_template(tmp_path)
    path = tmp_path / "ecosystem.xlsx"
    workbook = load_workbook(path)
    workbook["organisations"].append(["WON-THUIS", "Woonstichting Thuis", "housing_corporation"])
    workbook["agreements"].append(
        ["ZW-WONEN-1", "partnership", "WON-THUIS", "ZORG-LINDE", None, "2025-06-01"]
    )
    workbook.save(path)
    eco = netorg.load(path, as_of="2026-06-30")
    assert len(eco.organisations) == 3 and len(eco.agreements) == 3
    written = netorg.write_outputs(eco, tmp_path / "out")
    assert all(p.exists() for p in written)


def test_headers_are_bold_commented_and_frozen(tmp_path: Path) -> None:
    netorg.write_template(tmp_path)
    workbook = load_workbook(tmp_path / "ecosystem.xlsx")
    assert workbook.sheetnames[:3] == list(COLUMNS)
    for table in COLUMNS:
        sheet = workbook[table]
        assert sheet.freeze_panes == "A2"
        for cell in sheet[1]:
            assert cell.font.b, f"{table}.{cell.value} is not bold"
            assert cell.comment is not None and len(cell.comment.text) > 20
        assert sheet.max_row == 3  # the header and two examples, nothing else
    source = workbook["agreements"]["C1"].comment
    assert source is not None and "who buys, funds, refers or initiates" in source.text


def test_dropdowns_cover_the_vocabulary_columns(tmp_path: Path) -> None:
    netorg.write_template(tmp_path)
    found = dropdown_words(tmp_path / "ecosystem.xlsx")
    assert found == DROPDOWNS
    assert "covenant" in found[("agreements", "B")]
    workbook = load_workbook(tmp_path / "ecosystem.xlsx")
    inline = [r.formula1 for s in workbook.worksheets for r in s.data_validations.dataValidation]
    assert all(len(f) <= 255 for f in inline), "Excel's limit for a list typed inline"
    assert workbook.sheetnames == list(COLUMNS), "every list fits inline: no hidden sheet"


def test_long_lists_go_to_a_hidden_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template, "_INLINE_LIMIT", 50)
    netorg.write_template(tmp_path)
    workbook = load_workbook(tmp_path / "ecosystem.xlsx")
    assert workbook.sheetnames == [*COLUMNS, "lists"]
    assert workbook["lists"].sheet_state == "hidden"
    assert dropdown_words(tmp_path / "ecosystem.xlsx") == DROPDOWNS
    assert netorg.validate(tmp_path / "ecosystem.xlsx") == []  # the reader skips 'lists'


def test_same_bytes_every_time(tmp_path: Path) -> None:
    first = [p.read_bytes() for p in netorg.write_template(tmp_path / "a")]
    second = [p.read_bytes() for p in netorg.write_template(tmp_path / "b")]
    assert first == second
    properties = load_workbook(tmp_path / "a" / "ecosystem.xlsx").properties
    assert properties.created == properties.modified == FIXED_TIME


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    netorg.write_template(tmp_path)
    (tmp_path / "README.txt").write_text("my notes", encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"ecosystem\.xlsx, organisations\.csv"):
        netorg.write_template(tmp_path)
    assert (tmp_path / "README.txt").read_text(encoding="utf-8") == "my notes"
    netorg.write_template(tmp_path, overwrite=True)
    assert "netorg validate ecosystem.xlsx" in (tmp_path / "README.txt").read_text("utf-8")
    with pytest.raises(NotADirectoryError):
        netorg.write_template(tmp_path / "README.txt")


def test_cli_init(tmp_path: Path) -> None:
    folder = tmp_path / "regio"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    assert "netorg validate" in result.stderr

    again = runner.invoke(main, ["init", str(folder)])
    assert again.exit_code == 2
    assert "ecosystem.xlsx" in again.stderr and "README.txt" in again.stderr
    assert "--force" in again.stderr

    forced = runner.invoke(main, ["init", str(folder), "--force"])
    assert forced.exit_code == 0, forced.output
    for path in (folder / "ecosystem.xlsx", folder):
        assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
