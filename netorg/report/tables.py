"""Write analysis results as tables: CSV files and one Excel workbook.

CSV (UTF-8, ``\\n`` line ends): cells that hold lists (contact persons, party ids) are joined
with ``;``, dates are ISO text (``YYYY-MM-DD``), missing values are empty. Every text field is
wrapped in double quotes; numbers and booleans are written bare.

Workbook (findings.xlsx): one sheet per table, with typed cells: numbers as numbers, booleans
as booleans, dates as real Excel dates shown ``yyyy-mm-dd``, lists joined with ``;`` as text,
missing values as empty cells. The header row is frozen, every sheet has an autofilter over
its used range, and column widths follow the content (at most :data:`MAX_WIDTH` characters).
Text is always written as a string cell, never as a formula or an error value; characters
that XML cannot hold (control characters other than tab and line breaks) become U+FFFD.

Formula injection: organisation names, contact persons and reasons come from the input
spreadsheets, so they may start with a character that makes Excel or LibreOffice read the
cell as a formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``). Following the OWASP advice on
CSV injection (https://owasp.org/www-community/attacks/CSV_Injection, which asks that no cell
begin with ``=``, ``+``, ``-``, ``@``, tab, carriage return or line feed, and that cells be
wrapped in double quotes), every text cell that starts with one of
:data:`FORMULA_TRIGGERS` gets a single quote ``'`` in front, in the CSV files and in the
workbook alike, and so does every element of a ``;``-joined list. The workbook would be safe
without the quote (its text cells are strings), but it gets the same prefix so that both
files show the same value and a sheet saved as CSV from Excel stays safe. Numbers are never
touched: a negative number stays a number. See :func:`neutralise`.

Both formats are written byte-for-byte reproducibly (see :mod:`netorg._xlsx` for the
workbook).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Iterable, Mapping
from numbers import Integral, Real
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from netorg._xlsx import workbook_bytes

#: A text cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")

#: Widest column in findings.xlsx, in characters; longer text is cut off on screen only.
MAX_WIDTH: Final = 60
#: Narrowest column in findings.xlsx, in characters.
MIN_WIDTH: Final = 8

DATE_FORMAT: Final = "yyyy-mm-dd"
DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm:ss"


def neutralise(text: str) -> str:
    """``text`` with a single quote in front when it starts with a formula trigger.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("Zorggroep -Noord")
    'Zorggroep -Noord'
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _join(values: Iterable[object]) -> str:
    """A list as ``;``-separated text, each element neutralised."""
    return neutralise(";".join(neutralise(_text(v)) for v in values))


def _text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return _iso(value)
    return str(value)


def _iso(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    return value.isoformat()


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _is_text_column(series: pd.Series) -> bool:
    return series.dtype == object or isinstance(series.dtype, (pd.StringDtype, pd.CategoricalDtype))


# -- CSV ------------------------------------------------------------------------------------


def to_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy fit for a CSV file: lists joined with ``;``, dates as ``YYYY-MM-DD``, and text
    that could start a formula neutralised (see :func:`neutralise`)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.dt.strftime("%Y-%m-%d").fillna("")
        elif _is_text_column(series):
            out[column] = series.astype(object).map(_csv_cell)
    return out


def _csv_cell(value: object) -> object:
    if isinstance(value, (tuple, list)):
        return _join(value)
    if isinstance(value, (set, frozenset)):
        return _join(sorted(value, key=str))
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, pd.Timestamp):
        return "" if value is pd.NaT else _iso(value.to_pydatetime())
    if isinstance(value, (dt.date, dt.datetime)):
        return _iso(value)
    return value


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write one table as UTF-8 CSV with ``\\n`` line ends on every platform.

    Text fields are quoted (numbers and booleans are not), so a spreadsheet that splits on
    another separator (Dutch Excel splits on ``;``) never starts a cell inside a text.
    """
    path = Path(path)
    text = to_table(frame).to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    path.write_bytes(text.encode("utf-8"))
    return path


# -- Excel ----------------------------------------------------------------------------------


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write several tables as the sheets of one workbook, typed and reproducibly.

    Each sheet: a frozen header row, an autofilter over the used range, column widths from
    the content (between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`), numbers, booleans and
    dates as typed cells, text as string cells with formula triggers neutralised.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    path = Path(path)
    workbook = Workbook(write_only=True)
    for name, frame in tables.items():
        sheet = workbook.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        header = [neutralise(str(c)) for c in frame.columns]
        columns = [_excel_column(frame.iloc[:, i]) for i in range(frame.shape[1])]
        for i, (title, values) in enumerate(zip(header, columns, strict=True), start=1):
            # Column widths must be set before the first row in write-only mode.
            sheet.column_dimensions[get_column_letter(i)].width = _width(title, values)
        sheet.append([_excel_cell(sheet, title) for title in header])
        for row in zip(*columns, strict=True):
            sheet.append([_excel_cell(sheet, v) for v in row])
        if header:
            last = f"{get_column_letter(len(header))}{len(frame) + 1}"
            sheet.auto_filter.ref = f"A1:{last}"
    path.write_bytes(workbook_bytes(workbook))
    return path


def _excel_column(series: pd.Series) -> list[object]:
    """A column's values as plain Python: None, bool, int, float, str, date or datetime."""
    if pd.api.types.is_datetime64_any_dtype(series):
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_localize(None)
        return [None if _missing(v) else _excel_date(v.to_pydatetime()) for v in series]
    if pd.api.types.is_bool_dtype(series) and not series.hasnans:
        return [bool(v) for v in series]
    return [_excel_value(v) for v in series.astype(object)]


def _excel_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _excel_value(value: object) -> object:
    """One value as a plain Python value openpyxl writes with the right cell type."""
    if _missing(value):
        return None
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        number = float(value)
        # Excel has no infinity: written as the text CSV shows.
        return number if math.isfinite(number) else str(number)
    if isinstance(value, pd.Timestamp):
        return _excel_date(value.to_pydatetime())
    if isinstance(value, (dt.date, dt.datetime)):
        return _excel_date(value)
    if isinstance(value, (tuple, list)):
        return _join(value)
    if isinstance(value, (set, frozenset)):
        return _join(sorted(value, key=str))
    return neutralise(str(value))


def _excel_cell(sheet: Any, value: object) -> object:
    """What to append for one value: the value itself, or a cell where openpyxl would guess
    wrong (a date's number format, text it would take for a formula or an error)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        if not value:
            return None  # an empty cell, as for a missing value
        text: str = value
        if ILLEGAL_CHARACTERS_RE.search(text):
            text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
        if text.startswith("=") or text in ERROR_CODES:
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"  # text, never a formula or an error value
            return cell
        return text
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def _width(title: str, values: list[object]) -> float:
    """A column width in characters: the longest line of the header or any value, plus a
    margin for the autofilter button, between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`."""
    longest = len(title) + 2  # the filter button sits on the header
    for value in values:
        if value is None:
            continue
        if isinstance(value, str):
            size = max(len(line) for line in value.split("\n"))
        elif isinstance(value, dt.datetime):
            size = len(DATETIME_FORMAT)
        elif isinstance(value, dt.date):
            size = len(DATE_FORMAT)
        elif isinstance(value, bool):
            size = 5
        else:
            size = len(str(value))
        longest = max(longest, size)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))
