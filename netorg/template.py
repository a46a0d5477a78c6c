"""Write an empty-but-valid ecosystem for a planner to fill in: a workbook, CSV files, a README.

The columns are exactly those of CONTRACT.md section 1 (taken from :mod:`netorg._validate`, so
the template cannot drift from what the loader reads), and every dropdown offers the words of
:mod:`netorg.vocabulary`. Two example rows per table show what a filled-in row looks like; they
are valid, so ``netorg validate`` passes on the untouched template and a planner can overwrite
them one by one.

Excel caps a list typed into a data validation at 255 characters. A vocabulary that fits is
written inline (readable in any spreadsheet program); a longer one goes to a hidden sheet
``lists`` and the dropdown refers to its range. netorg only reads the sheets organisations,
agreements and parties, so the extra sheet never reaches the loader.

The dropdowns warn rather than refuse: a planner may type a word of their own (Dutch
``convenant``, ``inkoop``) that the built-in Dutch list or their config file maps onto netorg's
vocabulary, and Excel must not block it.

openpyxl is imported where it is used, as in :mod:`netorg.io`: ``import netorg`` stays fast.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from netorg._validate import AGREEMENT_COLUMNS, ORGANISATION_COLUMNS, PARTY_COLUMNS
from netorg._xlsx import workbook_bytes
from netorg.vocabulary import (
    AGREEMENT_FORMS,
    AGREEMENT_TYPES,
    GOVERNANCE,
    HIERARCHY,
    HYBRID,
    MARKET,
    ORGANISATION_TYPES,
    PHASES,
    ROLES,
    STATUSES,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

WORKBOOK: Final = "ecosystem.xlsx"
README: Final = "README.txt"
COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "organisations": ORGANISATION_COLUMNS,
    "agreements": AGREEMENT_COLUMNS,
    "parties": PARTY_COLUMNS,
}
#: Every file :func:`write_template` writes, in the order it returns them.
FILES: Final[tuple[str, ...]] = (WORKBOOK, *(f"{table}.csv" for table in COLUMNS), README)


#: Excel takes at most 255 characters in a list typed into a dropdown; counting the quotes
#: too keeps on the safe side.
_INLINE_LIMIT = 255
_LISTS_SHEET: Final = "lists"
_LAST_ROW: Final = 1_048_576  # the dropdowns cover every row Excel has, not only the examples
_DATE_FORMAT: Final = "yyyy-mm-dd"

#: The dropdowns, by table and column.
DROPDOWNS: Final[dict[str, dict[str, tuple[str, ...]]]] = {
    "organisations": {"type": ORGANISATION_TYPES},
    "agreements": {
        "type": AGREEMENT_TYPES,
        "status": STATUSES,
        "phase": PHASES,
        "governance": GOVERNANCE,
    },
    "parties": {"role": ROLES},
}

Cell = str | int | dt.date | bool | tuple[str, ...] | None

_GEM: Final = "GEM-ZUIDWAARD"
_ZORG: Final = "ZORG-LINDE"

#: Two valid example rows per table: a municipality buys youth care from a care provider, and
#: both signed a prevention covenant whose parties are listed in the parties table.
EXAMPLES: Final[dict[str, list[dict[str, Cell]]]] = {
    "organisations": [
        {
            "id": _GEM,
            "name": "Gemeente Zuidwaard",
            "type": "municipality",
            "sector": "public_administration",
            "region": "Zuidwaard",
            "size": 420,
            "capabilities": ("funding", "youth_assessment"),
            "needs": ("youth_care", "home_care"),
            "goals": ("healthy_youth", "independent_living"),
        },
        {
            "id": _ZORG,
            "name": "Zorggroep De Linde",
            "type": "care_provider",
            "sector": "care",
            "region": "Zuidwaard",
            "size": 310,
            "capabilities": ("youth_care", "home_care"),
            "needs": ("funding", "recruitment"),
            "goals": ("healthy_youth", "staff_retention"),
        },
    ],
    "agreements": [
        {
            "id": "ZW-JEUGD-2024",
            "type": "service_contract",
            "source": _GEM,
            "target": _ZORG,
            "start": dt.date(2024, 1, 1),
            "end": dt.date(2027, 12, 31),
            "value": 1_250_000,
            "service": "youth_care",
            "status": "active",
            "governance": "contract_manager",
            "contacts": ("Anna de Vries",),
            "exclusive": False,
        },
        {
            "id": "ZW-PREVENTIE",
            "type": "covenant",
            "start": dt.date(2025, 3, 1),
            "status": "active",
            "phase": "operation",
            "governance": "steering_group",
            "shared_goals": ("healthy_youth",),
            "contacts": ("Anna de Vries", "Mehmet Yilmaz"),
            "evaluation_date": dt.date(2026, 10, 1),
            "exclusive": False,
        },
    ],
    "parties": [
        {"agreement_id": "ZW-PREVENTIE", "org_id": _GEM, "role": "lead"},
        {"agreement_id": "ZW-PREVENTIE", "org_id": _ZORG, "role": "member"},
    ],
}


def _words(words: Sequence[str]) -> str:
    return ", ".join(words)


def _types_by_form() -> str:
    forms = {MARKET: "supplier-style", HYBRID: "collaboration", HIERARCHY: "ownership"}
    return "; ".join(
        f"{label}: {_words([t for t, f in AGREEMENT_FORMS.items() if f == form])}"
        for form, label in forms.items()
    )


_LIST_NOTE: Final = "A list: separate the words with ; (for example a;b)."
_DATE_NOTE: Final = "A date, written 2026-03-31 (31-03-2026 is read too)."

#: The note on each header cell: what the column means, in a planner's words.
HELP: Final[dict[str, dict[str, str]]] = {
    "organisations": {
        "id": "Required. A short unique code for the organisation, for example GEM-ZUIDWAARD. "
        "Agreements and parties refer to it.",
        "name": "Required. The organisation's name as you want to see it in the report.",
        "type": f"Kind of organisation; pick from the list: {_words(ORGANISATION_TYPES)}.",
        "sector": "Free text: care, youth, housing, education, labour_market, ...",
        "region": "Free text: the municipality, COROP area or care region it works in.",
        "size": "Staff in FTE: a number, 0 or more.",
        "capabilities": "What it can deliver to others (youth_care, home_care, recruitment, "
        f"ict, ...). {_LIST_NOTE}",
        "needs": f"What it must obtain from others, in the same words. {_LIST_NOTE}",
        "goals": f"Its strategic goals (healthy_youth, ...). {_LIST_NOTE}",
    },
    "agreements": {
        "id": "Required. A short unique code for the agreement, for example a contract number.",
        "type": f"Required. What kind of agreement; pick from the list. {_types_by_form()}.",
        "source": "For an agreement between two organisations: who buys, funds, refers or "
        "initiates; the organisation id. Leave empty when you list the parties instead.",
        "target": "For an agreement between two organisations: who supplies, receives or "
        "partners; the organisation id.",
        "parties": "For an agreement between more organisations: their ids, separated by ;. "
        "Or leave empty and list them in the parties sheet.",
        "start": f"When the agreement started. {_DATE_NOTE}",
        "end": f"When it ends or ended. Leave empty when it is open-ended. {_DATE_NOTE}",
        "value": "Annual value in euro, a number, 0 or more.",
        "service": "The capability that is delivered, in the words of the capabilities "
        "column (youth_care, ...).",
        "status": f"Pick from the list: {_words(STATUSES)}. Empty means active.",
        "phase": f"For collaborations: the alliance phase, {_words(PHASES)}.",
        "governance": f"How the collaboration is steered: {_words(GOVERNANCE)}.",
        "shared_goals": f"The goals the parties committed to together. {_LIST_NOTE}",
        "contacts": f"The people who carry the relationship. {_LIST_NOTE}",
        "evaluation_date": f"Date of the next joint evaluation. {_DATE_NOTE}",
        "exclusive": "true when one side may not work with others for this, else false.",
    },
    "parties": {
        "agreement_id": "Required. The id of an agreement in the agreements sheet.",
        "org_id": "Required. The id of an organisation taking part in it; one row per "
        "organisation.",
        "role": f"Its role; pick from the list: {_words(ROLES)}. A lead is the organisation "
        "that coordinates.",
    },
}

_README: Final = """\
netorg template: map your organisations and their agreements
=============================================================

This folder holds the same three tables twice: as sheets of {workbook} and as
organisations.csv, agreements.csv and parties.csv. Use one of the two, not both; most
people fill in the workbook.

1. Open {workbook}. Point at a column header to read what the column means; the type,
   status, phase, governance and role columns offer a list of words.
2. Replace the two example rows on each sheet with your own organisations and agreements.
   An agreement between two organisations has a source and a target; an agreement between
   more organisations lists them on the parties sheet (one row per organisation).
3. Check it. In a terminal, in this folder, run

       netorg validate {workbook}

   Every problem is listed with its sheet, row, column and how to fix it.
4. When it says OK, analyse it:

       netorg analyze {workbook} --out out

   and open out/network.html in your browser.

Filled in the CSV files instead (UTF-8, comma-separated)? Then give netorg the folder:
netorg validate . and netorg analyze . --out out

Column reference: docs/input-format.md in the netorg repository.
"""


def write_template(folder: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write a template ecosystem to fill in: ``ecosystem.xlsx``, three CSV files, a README.

    The workbook has the sheets organisations, agreements and parties with exactly the
    columns netorg reads, a note on every header cell, dropdowns for the columns with a fixed
    vocabulary and two valid example rows per sheet. The CSV files hold the same tables
    (comma-separated, UTF-8, lists separated by ``;``). The content is fixed: writing twice
    gives the same bytes.

    Parameters
    ----------
    folder : str or Path
        Where to write; created if it does not exist.
    overwrite : bool
        False (default): refuse when any of the files already exists. True: replace them.

    Returns
    -------
    list of Path
        The files written: the workbook, the three CSV files, then README.txt.

    Raises
    ------
    FileExistsError
        When ``overwrite`` is False and the folder already holds one of the files; the
        message names them all. Nothing is written then.
    NotADirectoryError
        When ``folder`` is an existing file.

    Examples
    --------
    >>> import tempfile, netorg
    >>> folder = tempfile.mkdtemp()
    >>> [p.name for p in netorg.write_template(folder)]
    ['ecosystem.xlsx', 'organisations.csv', 'agreements.csv', 'parties.csv', 'README.txt']
    >>> netorg.validate(Path(folder) / "ecosystem.xlsx"), netorg.validate(folder)
    ([], [])
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise NotADirectoryError(f"{folder} is a file, not a folder.")
    paths = [folder / name for name in FILES]
    existing = [p.name for p in paths if p.exists()]
    if existing and not overwrite:
        raise FileExistsError(
            f"{folder} already holds {', '.join(existing)}; netorg does not overwrite them."
        )
    folder.mkdir(parents=True, exist_ok=True)
    workbook, *csv_files, readme = paths
    workbook.write_bytes(template_workbook())
    for path, table in zip(csv_files, COLUMNS, strict=True):
        path.write_text(template_csv(table), encoding="utf-8", newline="")
    readme.write_text(_README.format(workbook=WORKBOOK), encoding="utf-8")
    return paths


def template_csv(table: str) -> str:
    """One table of the template as CSV text: header and the example rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS[table])
    for example in EXAMPLES[table]:
        writer.writerow([_as_text(example.get(column)) for column in COLUMNS[table]])
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The template workbook as the bytes of an ``.xlsx`` file."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the default sheet; ours are named
    for table, columns in COLUMNS.items():
        _write_sheet(workbook.create_sheet(table), columns, EXAMPLES[table], HELP[table])
    # After the three tables, so that a hidden sheet of lists, if needed, comes last.
    for table, dropdowns in DROPDOWNS.items():
        for column, words in dropdowns.items():
            _add_dropdown(workbook, table, column, words)
    workbook.active = 0
    workbook.properties.creator = "netorg"
    return workbook_bytes(workbook)


def _write_sheet(
    sheet: Worksheet,
    columns: Sequence[str],
    examples: Sequence[Mapping[str, Cell]],
    notes: Mapping[str, str],
) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column)
        cell.font = bold
        cell.fill = fill
        note = notes[column]
        # Size the note box to its text (roughly 45 characters a line, 15 points a line).
        cell.comment = Comment(note, "netorg", height=30 + 15 * (len(note) // 45 + 1), width=320)
        width = len(column)
        for row, example in enumerate(examples, start=2):
            value = _as_cell(example.get(column))
            target = sheet.cell(row=row, column=index, value=value)
            if isinstance(value, dt.date):
                target.number_format = _DATE_FORMAT
            width = max(width, len(_as_text(example.get(column))))
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 3, 12), 45)
    sheet.freeze_panes = "A2"


def _add_dropdown(workbook: Workbook, table: str, column: str, words: Sequence[str]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    inline = '"' + ",".join(words) + '"'
    if len(inline) <= _INLINE_LIMIT:
        formula = inline
    else:
        formula = _listed(workbook, f"{table}.{column}", words)
    dropdown = DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle=f"Not a netorg {column}",
        error="This word is not in netorg's list. Keep it only if your netorg config file "
        "maps it (Dutch words such as convenant or inkoop are mapped already).",
    )
    letter = get_column_letter(COLUMNS[table].index(column) + 1)
    dropdown.add(f"{letter}2:{letter}{_LAST_ROW}")
    workbook[table].add_data_validation(dropdown)


def _listed(workbook: Workbook, name: str, words: Sequence[str]) -> str:
    """Put ``words`` under ``name`` in a new column of the hidden sheet ``lists``; its range."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if _LISTS_SHEET in workbook.sheetnames:
        lists = workbook[_LISTS_SHEET]
    else:
        lists = workbook.create_sheet(_LISTS_SHEET)
        lists.sheet_state = "hidden"
    index = lists.max_column + 1 if lists["A1"].value is not None else 1
    lists.cell(row=1, column=index, value=name).font = Font(bold=True)
    for row, word in enumerate(words, start=2):
        lists.cell(row=row, column=index, value=word)
    letter = get_column_letter(index)
    return f"{_LISTS_SHEET}!${letter}$2:${letter}${len(words) + 1}"


def _as_cell(value: Cell) -> str | int | dt.date | None:
    """An example value as a workbook cell: dates stay dates, lists and booleans become text."""
    if isinstance(value, (tuple, bool)):
        return _as_text(value)
    return value


def _as_text(value: Cell) -> str:
    """An example value as the text a planner would type into a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
