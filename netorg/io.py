"""Read an ecosystem's files into raw tables of text, remembering where every row came from.

Reading is kept apart from validation (:mod:`netorg._validate`): this module only finds the
tables in a folder, workbook, JSON file or lone CSV and turns them into string columns, so
every later message can quote the value exactly as the user wrote it and name the row as the
user sees it in the spreadsheet (the header is row 1). Anything that makes a file unreadable
(not text, not UTF-8, empty, not a workbook, a missing sheet) becomes one clear
:class:`~netorg._errors.Problem`, never a traceback.

Formats follow CONTRACT.md section 1: CSV in UTF-8 (a BOM is accepted), separated by ``,`` or
by ``;`` as Dutch Excel writes it; Parquet; ``.xlsx`` workbooks; JSON.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import hashlib
import io
import json
import math
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from netorg._errors import InputError, Problem

TABLES: tuple[str, ...] = ("organisations", "agreements", "parties")
REQUIRED_TABLES: tuple[str, ...] = ("organisations", "agreements")


@dataclass
class RawTable:
    """One table as read: every column text, plus where each row stands in the file.

    Attributes
    ----------
    name : str
        ``organisations``, ``agreements`` or ``parties``.
    frame : pandas.DataFrame
        Columns named in lower case and trimmed; cells as strings, ``""`` when empty.
        Parquet columns keep their own types (numbers, dates, lists).
    rows : numpy.ndarray
        The spreadsheet row (header = 1) or JSON item number of each frame row.
    file : str
        The file as the user knows it, for messages.
    row_label : str
        ``"row"`` or ``"item"``.
    decimal_comma : bool
        True when numbers may be written the Dutch way (``1.234,50``): ``;``-separated CSV
        and workbooks.
    """

    name: str
    frame: pd.DataFrame
    rows: np.ndarray
    file: str
    row_label: str = "row"
    decimal_comma: bool = False

    def problem(
        self,
        row: int | None,
        column: str | None,
        value: str | None,
        message: str,
        fix: str = "",
    ) -> Problem:
        """A :class:`Problem` located in this table."""
        return Problem(self.file, row, column, value, message, fix, self.row_label)


@dataclass
class RawEcosystem:
    """The tables of one ecosystem as read, with the files they came from."""

    tables: dict[str, RawTable]
    files: list[Path]
    #: True when only an agreements table was given and organisations are the ids it names.
    organisations_implied: bool = False

    def checksums(self) -> dict[str, str]:
        """SHA-256 of every input file, by file name."""
        return {path.name: _sha256(path) for path in self.files}


def read_ecosystem(path: str | Path) -> RawEcosystem:
    """Read the tables of an ecosystem from a folder, workbook, JSON file or lone CSV.

    Parameters
    ----------
    path : str or Path
        A folder holding ``organisations.csv`` and ``agreements.csv`` (or ``.parquet``,
        optionally ``parties``), an ``.xlsx`` workbook, a ``.json`` file, or one CSV file
        of agreements.

    Returns
    -------
    RawEcosystem

    Raises
    ------
    InputError
        When the path does not exist or a file cannot be read as what it claims to be.
    """
    path = Path(path)
    if not path.exists():
        raise _unreadable(str(path), "does not exist.", _WHAT_PATH)
    if path.is_dir():
        return _read_folder(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return RawEcosystem(_read_workbook(path), [path])
    if suffix == ".json":
        return RawEcosystem(_read_json(path), [path])
    if suffix == ".csv":
        return RawEcosystem({"agreements": read_csv(path, "agreements")}, [path], True)
    if suffix == ".parquet":
        return RawEcosystem({"agreements": read_parquet(path, "agreements")}, [path], True)
    raise _unreadable(path.name, f"netorg cannot read '{suffix}' files.", _WHAT_PATH)


_WHAT_PATH = (
    "give a folder with organisations.csv and agreements.csv, an .xlsx workbook with sheets "
    "organisations and agreements, a .json file, or one agreements .csv."
)


def _read_folder(folder: Path) -> RawEcosystem:
    by_name = {p.name.lower(): p for p in sorted(folder.iterdir()) if p.is_file()}
    tables: dict[str, RawTable] = {}
    files: list[Path] = []
    problems: list[Problem] = []
    for name in TABLES:
        found = [
            by_name[f"{name}{ext}"] for ext in (".csv", ".parquet") if f"{name}{ext}" in by_name
        ]
        if len(found) > 1:
            problems.append(
                _file_problem(
                    str(folder),
                    f"holds both {found[0].name} and {found[1].name}.",
                    "keep one of the two so it is clear which one netorg should read.",
                )
            )
            continue
        if not found:
            if name in REQUIRED_TABLES:
                problems.append(
                    _file_problem(
                        str(folder),
                        f"has no {name}.csv (or {name}.parquet).",
                        f"add the {name} table; see docs/input-format.md.",
                    )
                )
            continue
        file = found[0]
        try:
            if file.suffix.lower() == ".csv":
                tables[name] = read_csv(file, name)
            else:
                tables[name] = read_parquet(file, name)
            files.append(file)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return RawEcosystem(tables, files)


def read_csv(path: Path, name: str) -> RawTable:
    """Read one CSV table: UTF-8 with or without BOM, ``,`` or ``;`` separated, header row."""
    data = path.read_bytes()
    label = path.name
    fail = functools.partial(_unreadable, label)

    if not data.strip():
        raise fail("is empty.", f"the first row must name the columns of the {name} table.")
    if b"\x00" in data[:65536] or data[:4] in (b"PK\x03\x04", b"%PDF"):
        raise fail(
            "is not a text file (it looks like a binary or spreadsheet file named .csv).",
            "save it from Excel as 'CSV UTF-8 (comma delimited)', or pass the .xlsx itself.",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise fail(
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}; Excel's "
            "plain 'CSV' saves in Windows-1252).",
            "save it from Excel as 'CSV UTF-8 (comma delimited)' / 'CSV UTF-8 (door "
            "komma's gescheiden)'.",
        ) from None
    header = text.split("\n", 1)[0]
    sep = ";" if header.count(";") > header.count(",") else ","
    fast = _read_csv_arrow(data[3:] if data.startswith(codecs.BOM_UTF8) else data, text, sep)
    if fast is not None:
        frame, rows = fast
        return finish_table(name, frame, rows, label, "row", decimal_comma=sep == ";")
    try:
        # header=None: the header is read as a row, so a data row with more cells than the
        # header is an error with its line number instead of silently becoming an index.
        frame = pd.read_csv(
            io.StringIO(text),
            sep=sep,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            expected, line, saw = (int(g) for g in found.groups())
            raise InputError(
                [
                    Problem(
                        label,
                        line,
                        None,
                        None,
                        f"the row has {saw} cells but the header names {expected} columns.",
                        f"put a value containing '{sep}' between double quotes, or remove "
                        "the extra cell.",
                    )
                ]
            ) from None
        reason = str(exc).strip().splitlines()[0]
        raise fail(f"cannot be read as CSV ({reason}).", "check quotes and separators.") from None
    frame = frame.iloc[1:].set_axis(list(frame.iloc[0]), axis=1).reset_index(drop=True)
    # A record is one spreadsheet row, even when a quoted cell spans lines; blank lines are
    # rows too (pandas keeps them; finish_table drops them but keeps the numbering).
    rows = np.arange(2, len(frame) + 2)
    return finish_table(name, frame, rows, label, "row", decimal_comma=sep == ";")


def _read_csv_arrow(data: bytes, text: str, sep: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """Read a well-formed CSV with Arrow's multithreaded reader.

    Returns None where the file needs the careful reader: blank lines (Arrow would skip them
    and shift the row numbers), an unclosed quote (Arrow would accept it), rows with too few
    or too many cells (reported or padded the way pandas does), or a repeated header name.
    """
    if "\n\n" in text or "\n\r\n" in text or text.count('"') % 2:  # blank line, open quote
        return None
    try:
        names = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    except csv.Error:  # e.g. a header cell too long for a field: let pandas word the problem
        return None
    if not names or len(set(names)) != len(names):
        return None
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            parse_options=pa_csv.ParseOptions(
                delimiter=sep, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    frame = table.to_pandas()
    return frame, np.arange(2, len(frame) + 2)


def read_parquet(path: Path, name: str) -> RawTable:
    """Read one Parquet table; columns keep their types, rows count from 2 as in a sheet."""
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for a damaged file
        raise _unreadable(
            path.name,
            f"is not a readable Parquet file ({type(exc).__name__}).",
            "write it again with pandas.DataFrame.to_parquet or pyarrow.",
        ) from None
    frame = frame.reset_index(drop=True)
    for column in frame.columns:
        if frame[column].dtype == object:  # lists, or text mixed with missing values
            frame[column] = frame[column].map(_cell_text_or_list)
        elif pd.api.types.is_string_dtype(frame[column]):
            frame[column] = frame[column].fillna("").str.strip()
    return finish_table(name, frame, np.arange(2, len(frame) + 2), path.name, "row")


def _read_workbook(path: Path) -> dict[str, RawTable]:
    from openpyxl import load_workbook

    fail = functools.partial(_unreadable, path.name)
    if not zipfile.is_zipfile(path):
        raise fail(
            "is not an Excel workbook (.xlsx files are zip archives; this one is not).",
            "open it in Excel and save it as 'Excel Workbook (*.xlsx)'.",
        )
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged workbook
        raise fail(
            f"cannot be opened as an Excel workbook ({type(exc).__name__}).",
            "open it in Excel and save it as 'Excel Workbook (*.xlsx)'.",
        ) from None
    try:
        sheets = {ws.title.strip().lower(): ws for ws in workbook.worksheets}
        missing = [t for t in REQUIRED_TABLES if t not in sheets]
        if missing:
            raise fail(
                f"has no sheet named {' or '.join(missing)} (it has "
                f"{', '.join(ws.title for ws in workbook.worksheets) or 'no sheets'}).",
                "name the sheets organisations, agreements and (optionally) parties.",
            )
        tables = {}
        for name in TABLES:
            if name not in sheets:
                continue
            label = f"{path.name}, sheet {sheets[name].title}"
            rows = sheets[name].iter_rows(values_only=True)
            header = next(rows, None)
            if header is None or all(c is None for c in header):
                raise _unreadable(
                    label,
                    "is empty.",
                    f"the first row must name the columns of the {name} table.",
                )
            width = len(header)
            names = [_cell_text(c) or f"column {i + 1}" for i, c in enumerate(header)]
            # Numbers are written the Dutch way, as the sheet's text cells are read that way.
            body = [[_cell_text(c, decimal_comma=True) for c in row[:width]] for row in rows]
            body = [r + [""] * (width - len(r)) for r in body]
            frame = pd.DataFrame(body, columns=names, dtype=object)
            tables[name] = finish_table(
                name, frame, np.arange(2, len(frame) + 2), label, "row", decimal_comma=True
            )
        return tables
    finally:
        workbook.close()


def _read_json(path: Path) -> dict[str, RawTable]:
    fail = functools.partial(_unreadable, path.name)
    shape = 'an object {"organisations": [...], "agreements": [...], "parties": [...]}'
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise fail("is not UTF-8 text.", "save it as UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise fail(
            f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).",
            f"it must hold {shape}.",
        ) from None
    if not isinstance(data, dict):
        raise fail(f"holds a {type(data).__name__}, not an object.", f"it must hold {shape}.")
    missing = [t for t in REQUIRED_TABLES if t not in data]
    if missing:
        raise fail(
            f"has no {' or '.join(repr(m) for m in missing)} list.", f"it must hold {shape}."
        )
    tables = {}
    problems = []
    for name in TABLES:
        if name not in data:
            continue
        items = data[name]
        label = f"{path.name}, {name}"
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            problems.append(
                _file_problem(label, "is not a list of objects.", f"it must hold {shape}.")
            )
            continue
        columns: dict[str, None] = {}
        for item in items:
            columns.update(dict.fromkeys(item))
        frame = pd.DataFrame(
            {c: [_cell_text_or_list(item.get(c)) for item in items] for c in columns},
            index=pd.RangeIndex(len(items)),
            dtype=object,
        )
        tables[name] = finish_table(name, frame, np.arange(1, len(items) + 1), label, "item")
    if problems:
        raise InputError(problems)
    return tables


def finish_table(
    name: str,
    frame: pd.DataFrame,
    rows: np.ndarray,
    label: str,
    row_label: str,
    *,
    decimal_comma: bool = False,
) -> RawTable:
    """Normalise headers and drop rows where every cell is empty (not data, not counted)."""
    frame = frame.copy()
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    problems = []
    duplicated = frame.columns[frame.columns.duplicated()].unique()
    for column in duplicated:
        problems.append(
            Problem(
                label,
                1,
                column,
                None,
                f"the column {column!r} appears more than once (names ignore case).",
                "keep one column of that name.",
                "row",
            )
        )
    if problems:
        raise InputError(problems)
    if len(frame) and len(frame.columns):
        blank = np.ones(len(frame), dtype=bool)
        for column in frame.columns:
            blank &= _is_empty(frame[column]).to_numpy()
            if not blank.any():  # every row has something in a column so far: none is blank
                break
        if blank.any():
            frame = frame.loc[~blank].reset_index(drop=True)
            rows = rows[~blank]
    return RawTable(name, frame, np.asarray(rows), label, row_label, decimal_comma)


def _is_empty(series: pd.Series) -> pd.Series:
    """True where a cell holds nothing: missing, or text that is only white space."""
    if series.dtype == object:  # workbook, JSON or Parquet cells: text, lists, numbers
        return series.isna() | series.map(_blank_cell).astype(bool)
    if pd.api.types.is_string_dtype(series):
        return series.fillna("").str.strip().eq("")
    return series.isna()


def _blank_cell(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple):
        return len(value) == 0
    return False


def _cell_text(value: object, *, decimal_comma: bool = False) -> str:
    """A workbook or JSON scalar as the text a user would have typed.

    With ``decimal_comma`` a fraction is written with a decimal comma (``12,125``), so that
    the Dutch number rules applied to a workbook's text cells read it back unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",") if decimal_comma else repr(value)
    return str(value).strip()


def _cell_text_or_list(value: Any) -> Any:
    """Like :func:`_cell_text`, but lists stay lists (as tuples) for list columns."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return tuple(_cell_text(v) for v in value)
    return _cell_text(value)


def _file_problem(file: str, message: str, fix: str) -> Problem:
    """A problem with a whole file (no row, no column)."""
    return Problem(file, None, None, None, message, fix)


def _unreadable(file: str, message: str, fix: str) -> InputError:
    """The error for a file that cannot be read at all: one problem, no traceback."""
    return InputError([_file_problem(file, message, fix)])


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
