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

import contextlib
import csv
import datetime as dt
import itertools
import math
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from numbers import Integral, Real
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from netorg._codes import one_chunk, text_buffers, text_bytes, text_scalar
from netorg._xlsx import DeflatedRows, save_workbook

#: A text cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")

#: Widest column in findings.xlsx, in characters; longer text is cut off on screen only.
MAX_WIDTH: Final = 60
#: Narrowest column in findings.xlsx, in characters.
MIN_WIDTH: Final = 8

#: Data rows per sheet: Excel and LibreOffice hold 1,048,576 rows, one is the header. A
#: longer table continues on sheets named ``NAME (2)``, ``NAME (3)``, ...
MAX_SHEET_ROWS: Final = 1_048_575
DATE_FORMAT: Final = "yyyy-mm-dd"
DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm:ss"

#: About this many cells are turned into CSV fields or XML at a time, which bounds the memory
#: of a table.
_CHUNK_CELLS: Final = 1 << 19


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
#
# A CSV file holds what pandas writes for ``to_table(frame)`` with ``quoting=QUOTE_NONNUMERIC``
# (the writer's first form, and the reference in the tests): text in double quotes with a
# double quote inside doubled, numbers and booleans bare as Python prints them, missing values
# as ``""``. The fields are built as the workbook's cells below are, a chunk of rows and a
# column at a time with Arrow's string kernels: numbers, booleans and dates are formatted once
# per distinct value, text and lists of text column-wise; a column of anything else (mixed
# objects, sets, timedeltas) goes through :func:`to_table` and pandas, a chunk at a time.


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
    if _missing(value):
        return None  # NaT first: it passes for a datetime, but has no date
    if isinstance(value, (tuple, list)):
        return _join(value)
    if isinstance(value, (set, frozenset)):
        return _join(sorted(value, key=str))
    if isinstance(value, str):
        return neutralise(value)
    if isinstance(value, pd.Timestamp):
        return _iso(value.to_pydatetime())
    if isinstance(value, (dt.date, dt.datetime)):
        return _iso(value)
    return value


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write one table as UTF-8 CSV with ``\\n`` line ends on every platform.

    Text fields are quoted (numbers and booleans are not), so a spreadsheet that splits on
    another separator (Dutch Excel splits on ``;``) never starts a cell inside a text. The
    rows are written a chunk at a time, so a table of any length passes through a bounded
    amount of memory.
    """
    path = Path(path)
    columns = [_CsvColumn(frame.iloc[:, i]) for i in range(frame.shape[1])]
    header = frame.iloc[:0].to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    step = max(1, _CHUNK_CELLS // max(1, len(columns)))
    with path.open("wb") as out:
        out.write(header.encode("utf-8"))
        if not columns:
            out.write(b"\n" * len(frame))  # as pandas writes a row without fields
        for start in range(0, len(frame) if columns else 0, step):
            stop = min(start + step, len(frame))
            out.write(_csv_lines([column.fields(start, stop) for column in columns]))
    return path


class _CsvColumn:
    """One column of a table, turned into CSV fields a chunk of rows at a time.

    Text is held as Arrow text; numbers, booleans and dates are converted a chunk at a time,
    so that the two writing threads never hold copies of whole columns.
    """

    def __init__(self, series: pd.Series) -> None:
        self.series = series
        self.kind = "other"
        self.values: pa.Array
        dtype = series.dtype
        # In the order of to_table: dates and text first, the rest as pandas writes it.
        if pd.api.types.is_datetime64_any_dtype(series):
            self.kind = "date"
        elif _is_text_column(series):
            if isinstance(dtype, pd.StringDtype):
                self.kind = "text"
                self.values = _neutralise(_arrow_text(series))
            else:
                text = _object_text(series.astype(object).to_numpy())
                if text is not None:
                    self.kind = "text"
                    self.values = text
        elif pd.api.types.is_bool_dtype(dtype):
            self.kind = "bool"
        elif pd.api.types.is_integer_dtype(dtype):
            self.kind = "int"
        elif pd.api.types.is_float_dtype(dtype):
            floats = series.iloc[:0].to_numpy(na_value=np.nan).dtype
            if floats.kind == "f" and floats.itemsize <= 8:
                self.kind = "float"

    def fields(self, start: int, stop: int) -> pa.Array:
        """The fields of rows ``start:stop``, as written between the commas."""
        if self.kind == "text":
            return _quoted(self.values[start:stop])
        part = self.series.iloc[start:stop]
        if self.kind == "date":
            codes, distinct = pd.factorize(part)
            days = pd.Series(distinct).dt.strftime("%Y-%m-%d")
            return _distinct_fields(codes, _quoted(_strings(days)))
        if self.kind == "bool":
            codes = part.to_numpy(dtype=bool, na_value=False).astype(np.int64)
            codes = np.where(part.isna().to_numpy(), -1, codes)
            return _distinct_fields(codes, _strings(["False", "True"]))
        if self.kind == "int":
            unsigned = pd.api.types.is_unsigned_integer_dtype(part.dtype)
            values = part.to_numpy(dtype=np.uint64 if unsigned else np.int64, na_value=0)
            numbers = pa.array(values, mask=part.isna().to_numpy())
            return pc.fill_null(numbers.cast(pa.large_string()), text_scalar('""'))
        if self.kind == "float":
            values = part.to_numpy(na_value=np.nan)
            codes, distinct = _distinct_floats(values, ~part.isna().to_numpy())
            # pandas hands the csv module Python floats, which print as repr, and
            # narrower floats as numpy scalars, which print shorter.
            floats = distinct.tolist() if values.itemsize == 8 else list(distinct)
            return _distinct_fields(codes, _strings([str(v) for v in floats]))
        # Value by value, as the writer's first form: the records of a single column.
        text = to_table(part.to_frame(name=0)).to_csv(
            index=False, header=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC
        )
        return _strings(_CSV_RECORD.findall(text))


def _distinct_fields(codes: np.ndarray, fields: pa.Array) -> pa.Array:
    """``fields[code]`` per row; a code of -1 (a missing value) gives ``""``."""
    every = pa.concat_arrays([fields, _strings(['""'])])
    return every.take(pa.array(np.where(codes < 0, len(fields), codes)))


#: A record of a one-column CSV file: a quoted field (inner quotes doubled) or a bare one.
_CSV_RECORD: Final = re.compile(r'("(?:[^"]|"")*"|[^"\n]*)\n')


def _quoted(text: pa.Array) -> pa.Array:
    """CSV fields of text: in double quotes, a double quote inside doubled; null: ``""``."""
    text = _replace_where(text, pc.fill_null(pc.match_substring(text, '"'), False), [('"', '""')])
    return pc.binary_join_element_wise(
        text_scalar('"'),
        text,
        text_scalar('"'),
        text_scalar(""),
        null_handling="replace",
        null_replacement="",
    )


def _csv_lines(fields: list[pa.Array]) -> memoryview:
    """The lines of a chunk as UTF-8: the fields of each row separated by commas, each line
    ended by ``\\n``."""
    # The line break goes onto the last field, so that the fields are joined by one
    # separator instead of a comma between each two (Arrow reads a scalar argument anew for
    # every row: 0.057 s instead of 0.089 s for 500,000 rows of ten fields, by hand).
    last = pc.binary_join_element_wise(fields[-1], text_scalar("\n"), text_scalar(""))
    return text_bytes(pc.binary_join_element_wise(*fields[:-1], last, text_scalar(",")))


# -- Excel ----------------------------------------------------------------------------------
#
# openpyxl writes the workbook's skeleton: styles, workbook.xml, the content types, and each
# sheet's views, columns and autofilter. The cells are written here, as the XML openpyxl
# writes for them (its ``cell/_writer.py`` in write-only mode, which ECMA-376 Part 1 §18.3.1.4
# allows): ``<c r="B2" t="inlineStr"><is><t>text</t></is></c>`` for text,
# ``<c r="B2" t="n"><v>%.16g</v></c>`` for numbers, ``t="b"`` with 1 or 0 for booleans, dates
# as serial numbers with a style that carries the date format, and no element at all for a
# missing value. They are built a chunk of rows and a column at a time with Arrow's string
# kernels, never as one Python object per cell; each sheet's rows are deflated into a
# temporary file as they are written (:class:`netorg._xlsx.DeflatedRows`) and copied into the
# archive by :func:`netorg._xlsx.save_workbook`.

#: Characters XML 1.0 cannot hold (openpyxl's ``ILLEGAL_CHARACTERS_RE``); they become U+FFFD.
_ILLEGAL: Final = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
#: What a text cell changes: characters XML cannot hold, and the three it escapes.
_TO_ESCAPE: Final = r"[\x00-\x08\x0b\x0c\x0e-\x1f&<>]"
#: The changes, in order (patterns): U+FFFD for what XML cannot hold, then the escapes.
_ESCAPES: Final = [(_ILLEGAL, "\ufffd"), ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")]
#: Python's whitespace (``str.isspace``) as an RE2 class: openpyxl marks text that starts or
#: ends with it, and is not all whitespace, ``xml:space="preserve"``.
_SPACE: Final = (
    r"[\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}"
    r"\x{202f}\x{205f}\x{3000}]"
)
#: The longest text a cell holds; openpyxl cuts longer text there.
_MAX_TEXT: Final = 32767
#: Days from Excel's day 0 (1899-12-30, openpyxl's ``WINDOWS_EPOCH``) to 1970-01-01.
_UNIX_DAY: Final = 25569
_DAY_US: Final = 86_400_000_000
#: What follows a cell's reference for a number and for a boolean.
_NUMBER: Final = '" t="n"><v>'
_BOOLEAN: Final = '" t="b"><v>'
#: A column of lists of text, as Arrow holds it.
_TEXT_LISTS: Final = pa.large_list(pa.large_string())
#: Integers from this size on are not exact as floats; openpyxl writes every number through a
#: float (``%.16g``), and so are these.
_BIG_INT: Final = 2**53


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write several tables as the sheets of one workbook, typed and reproducibly.

    Each sheet: a frozen header row, an autofilter over the used range, column widths from
    the content (between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`), numbers, booleans and
    dates as typed cells, text as string cells with formula triggers neutralised. The rows
    of each sheet pass through a temporary file next to ``path``.
    """
    with WorkbookWriter(path) as book:
        for name, frame in tables.items():
            book.add(name, frame)
        return book.save()


class WorkbookWriter:
    """:func:`write_xlsx` a table at a time, for tables that are ready at different times.

    :meth:`add` writes a table's rows (several sheets for a long table) to temporary files
    next to ``path``; :meth:`save` packs the workbook; leaving the ``with`` block removes the
    temporary files, saved or not. Tables are added from one thread at a time.
    """

    def __init__(self, path: str | Path) -> None:
        from openpyxl import Workbook

        self.path = Path(path)
        self._workbook = Workbook(write_only=True)
        self._styles = _DateStyles(self._workbook)
        self._files = contextlib.ExitStack()
        self._rows: dict[str, DeflatedRows] = {}

    def __enter__(self) -> WorkbookWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._files.close()

    def add(self, name: str, frame: pd.DataFrame) -> None:
        """Write ``frame`` as the sheet ``name`` (cut to 31 characters; continued on sheets
        ``name (2)``, ... beyond :data:`MAX_SHEET_ROWS` rows)."""
        from openpyxl.utils import get_column_letter

        for title, part in _sheets({name: frame}):
            sheet = self._workbook.create_sheet(title)
            sheet.freeze_panes = "A2"
            # closed by the ExitStack when the writer is left
            file = self._files.enter_context(tempfile.TemporaryFile(dir=self.path.parent))  # noqa: SIM115
            data = DeflatedRows(file)
            widths = _write_rows(part, data, self._styles)
            for i, width in enumerate(widths, start=1):
                sheet.column_dimensions[get_column_letter(i)].width = width
            if widths:
                sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{len(part) + 1}"
            self._rows[sheet.title] = data

    def save(self) -> Path:
        """Write the workbook to ``path``."""
        save_workbook(self._workbook, self.path, self._rows)
        return self.path


def _sheets(tables: Mapping[str, pd.DataFrame]) -> Iterator[tuple[str, pd.DataFrame]]:
    """(sheet name, rows) per sheet: names cut to Excel's 31 characters, long tables split."""
    limit = MAX_SHEET_ROWS
    for name, frame in tables.items():
        yield name[:31], frame.iloc[:limit]
        for k, start in enumerate(range(limit, len(frame), limit), start=2):
            suffix = f" ({k})"
            yield name[: 31 - len(suffix)] + suffix, frame.iloc[start : start + limit]


class _DateStyles:
    """The styles of date and date-time cells, added to the workbook when first used."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._attrs: dict[str, str] = {}

    def attrs(self, number_format: str) -> str:
        """What follows a date cell's reference: its style, its type and ``<v>``."""
        if number_format not in self._attrs:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self._workbook.worksheets[-1])
            cell.number_format = number_format
            self._attrs[number_format] = f'" s="{cell.style_id}" t="n"><v>'
        return self._attrs[number_format]


def _write_rows(frame: pd.DataFrame, out: DeflatedRows, styles: _DateStyles) -> list[float]:
    """Write the ``<row>`` elements of one sheet, header first, to ``out``; return the column
    widths: the longest line of the header or any value, plus a margin for the autofilter
    button, between :data:`MIN_WIDTH` and :data:`MAX_WIDTH`."""
    from openpyxl.utils import get_column_letter

    header = [neutralise(str(c)) for c in frame.columns]
    letters = [get_column_letter(i) for i in range(1, len(header) + 1)]
    longest = [len(title) + 2 for title in header]  # the filter button sits on the header
    one = _strings(["1"])
    titles = [
        _text_cells(_strings([title]), letter, one)[0]
        for title, letter in zip(header, letters, strict=True)
    ]
    out.write(_rows_xml(one, titles))
    columns = [_Column(frame.iloc[:, i], styles) for i in range(len(header))]
    step = max(1, _CHUNK_CELLS // max(1, len(columns)))
    for start in range(0, len(frame) if columns else 0, step):  # no columns: no rows
        stop = min(start + step, len(frame))
        numbers = pa.array(np.arange(start + 2, stop + 2, dtype=np.int64))
        rows = numbers.cast(pa.large_string())
        cells = []
        for i, column in enumerate(columns):
            xml, size = column.cells(start, stop, letters[i], rows)
            cells.append(xml)
            longest[i] = max(longest[i], size)
        out.write(_rows_xml(rows, cells))
    return [float(min(MAX_WIDTH, max(MIN_WIDTH, size + 2))) for size in longest]


class _Column:
    """One column of a table, turned into cells a chunk of rows at a time.

    The values follow :func:`_excel_value` column-wise: booleans, integers, floats, datetimes,
    text and lists of text have a vectorised path; any other column (mixed objects, sets)
    goes value by value through :func:`_excel_value`, one chunk at a time.
    """

    def __init__(self, series: pd.Series, styles: _DateStyles) -> None:
        self.styles = styles
        self.kind = "object"
        dtype = series.dtype
        if pd.api.types.is_datetime64_any_dtype(dtype):
            if getattr(series.dt, "tz", None) is not None:
                series = series.dt.tz_localize(None)  # the wall-clock time
            if isinstance(series.dtype, np.dtype):
                self.kind = "date"
        elif pd.api.types.is_bool_dtype(dtype):
            self.kind = "bool"
        elif pd.api.types.is_integer_dtype(dtype):
            self.kind = "int"
        elif pd.api.types.is_float_dtype(dtype):
            self.kind = "float"
        elif isinstance(dtype, pd.StringDtype):
            self.kind = "text"
        # Text is Arrow's already; other values are converted a chunk at a time, so that
        # the two writing threads never hold numpy copies of whole columns.
        self.series = series
        self.text = _arrow_text(series) if self.kind == "text" else None

    def _values(self, start: int, stop: int) -> tuple[Any, np.ndarray | None]:
        """Rows ``start:stop`` as the cell builders take them, and which are missing."""
        if self.text is not None:
            return self.text[start:stop], None
        part = self.series.iloc[start:stop]
        if self.kind == "date":
            # Whole microseconds, as Timestamp.to_pydatetime keeps them (floored).
            stamps = part.to_numpy().astype("datetime64[us]")
            missing = np.isnat(stamps)
            return np.where(missing, 0, stamps.view(np.int64)), missing
        if self.kind == "bool":
            return part.to_numpy(dtype=bool, na_value=False), part.isna().to_numpy()
        if self.kind == "int":
            unsigned = pd.api.types.is_unsigned_integer_dtype(part.dtype)
            values = part.to_numpy(dtype=np.uint64 if unsigned else np.int64, na_value=0)
            return values, part.isna().to_numpy()
        if self.kind == "float":
            return part.to_numpy(dtype=np.float64, na_value=np.nan), None
        return part.astype(object).to_numpy(), None

    def cells(self, start: int, stop: int, letter: str, rows: pa.Array) -> tuple[pa.Array, int]:
        """The ``<c>`` elements of rows ``start:stop`` (null where a cell stays empty) and
        the size of the widest value among them, in characters."""
        values, missing = self._values(start, stop)
        if self.kind == "text":
            return _text_cells(_neutralise(values), letter, rows)
        if self.kind == "float":
            return _float_cells(values, letter, rows)
        if self.kind == "int":
            return _int_cells(values, missing, letter, rows)
        if self.kind == "bool":
            bits = pa.array(np.where(values, "1", "0"), mask=missing, type=pa.large_string())
            size = 5 if bits.null_count < len(bits) else 0
            return _value_cells(bits, letter, rows, _BOOLEAN), size
        if self.kind == "date":
            return _date_cells(values, missing, letter, rows, self.styles)
        return _object_cells(values, letter, rows, self.styles)


def _text_cells(text: pa.Array, letter: str, rows: pa.Array) -> tuple[pa.Array, int]:
    """Inline-string cells of neutralised text (null or empty: no cell), and the longest
    line among the texts.

    As openpyxl: characters XML cannot hold become U+FFFD, text is cut at 32,767
    characters, ``&``, ``<`` and ``>`` are escaped, and text that starts or ends with
    whitespace (and is not all whitespace) is marked ``xml:space="preserve"``.
    """
    if len(text) == 0:
        return text, 0
    empty = pc.fill_null(pc.equal(pc.binary_length(text), 0), False)
    if pc.any(empty).as_py():
        text = pc.if_else(empty, pa.scalar(None, pa.large_string()), text)
    if text.null_count == len(text):
        return text, 0
    lengths = pc.utf8_length(text)
    found = _byte_classes(text)
    multiline = pa.array((found & _NEWLINE) > 0)
    if pc.any(multiline).as_py():
        lines = pc.list_flatten(pc.split_pattern(pc.filter(text, multiline), "\n"))
        single = pc.filter(lengths, pc.invert(multiline))
        size = max(pc.max(single).as_py() or 0, pc.max(pc.utf8_length(lines)).as_py() or 0)
    else:
        size = pc.max(lengths).as_py()
    if pc.max(lengths).as_py() > _MAX_TEXT:
        # (cut first: the U+FFFD below stands for one character, so the cut is the same)
        text = pc.utf8_slice_codeunits(text, 0, _MAX_TEXT)
        found = _byte_classes(text)
    # One scan found the few texts to change; only those are searched again.
    text = _replace_where(text, pa.array((found & _ESCAPE) > 0), _ESCAPES, regex=True)
    opening: pa.Scalar | pa.Array = text_scalar("<t>")
    edge = _space_at_either_end(text)
    if edge.any():
        blank = pc.fill_null(pc.match_substring_regex(text, f"^{_SPACE}*$"), False)
        preserve = pc.and_(edge, pc.invert(blank))
        opening = pc.if_else(preserve, text_scalar('<t xml:space="preserve">'), opening)
    cells = pc.binary_join_element_wise(
        text_scalar(f'<c r="{letter}'),
        rows,
        text_scalar('" t="inlineStr"><is>'),
        opening,
        text,
        text_scalar("</t></is></c>"),
        text_scalar(""),
    )
    return cells, int(size)


#: Classes of the bytes of UTF-8 text that :func:`_text_cells` looks for, as bits: what it
#: escapes or replaces (:data:`_TO_ESCAPE`), a line break, and whitespace. All are ASCII
#: characters, and in UTF-8 a byte below 0x80 is always an ASCII character of its own (the
#: bytes of a wider character are all 0x80 or above), so a text holds one when a byte
#: does. Non-ASCII whitespace (U+0085, U+00A0, U+2028, ...) is not here: see
#: :func:`_space_at_either_end`.
_ESCAPE, _NEWLINE, _ASCII_SPACE = 1, 2, 4
_BYTE_CLASS: Final = np.zeros(256, dtype=np.uint8)
_BYTE_CLASS[[*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *b"&<>"]] |= _ESCAPE
_BYTE_CLASS[ord("\n")] |= _NEWLINE
_BYTE_CLASS[[*b"\t\n\x0b\x0c\r", *range(0x1C, 0x20), ord(" ")]] |= _ASCII_SPACE


def _byte_classes(text: pa.Array) -> np.ndarray:
    """Each text's :data:`_BYTE_CLASS` bits, or-ed over its bytes (0 for null or empty text):
    one table look-up per byte and one reduction per text, where a regular expression per
    class would start a search per text."""
    offsets, data = text_buffers(text)
    found = np.zeros(len(text), dtype=np.uint8)
    # Every text with bytes, null or not (a null's bytes are its own), starts a run; a run
    # ends where the next begins, so empty texts between do not matter.
    some = np.flatnonzero(offsets[1:] > offsets[:-1])
    if len(some):
        found[some] = np.bitwise_or.reduceat(_BYTE_CLASS[data], offsets[some])
    if text.null_count:
        found[~text.is_valid().to_numpy(zero_copy_only=False)] = 0
    return found


def _space_at_either_end(text: pa.Array) -> np.ndarray:
    """Whether each text starts or ends with whitespace (:data:`_SPACE`; null or empty:
    no), read off its first and last byte: an ASCII character there is looked up in
    :data:`_BYTE_CLASS`, and the few texts with a wider character at an end are matched
    against :data:`_SPACE`."""
    offsets, data = text_buffers(text)
    some = offsets[1:] > offsets[:-1]
    if text.null_count:
        some &= text.is_valid().to_numpy(zero_copy_only=False)
    first = np.zeros(len(text), dtype=np.uint8)
    last = np.zeros(len(text), dtype=np.uint8)
    first[some] = data[offsets[:-1][some]]
    last[some] = data[offsets[1:][some] - 1]
    edge = ((_BYTE_CLASS[first] | _BYTE_CLASS[last]) & _ASCII_SPACE) > 0
    wide = some & ((first >= 0x80) | (last >= 0x80))
    if wide.any():
        part = pc.filter(text, pa.array(wide))
        either = pc.or_(
            pc.match_substring_regex(pc.utf8_slice_codeunits(part, 0, 1), _SPACE),
            pc.match_substring_regex(pc.utf8_slice_codeunits(part, -1, _MAX_TEXT), _SPACE),
        )
        edge[wide] |= either.to_numpy(zero_copy_only=False)
    return edge


def _value_cells(values: pa.Array, letter: str, rows: pa.Array, attrs: str | pa.Array) -> pa.Array:
    """Cells of numbers, booleans or dates, from their ``<v>`` text (null: no cell)."""
    middle = text_scalar(attrs) if isinstance(attrs, str) else attrs
    return pc.binary_join_element_wise(
        text_scalar(f'<c r="{letter}'),
        rows,
        middle,
        values,
        text_scalar("</v></c>"),
        text_scalar(""),
    )


def _float_cells(values: np.ndarray, letter: str, rows: pa.Array) -> tuple[pa.Array, int]:
    """Number cells of floats (NaN: no cell); infinities become text, as ``str`` shows them."""
    finite = np.isfinite(values)
    texts, size = _number_texts(values, finite, sizes=True)
    cells = _value_cells(texts, letter, rows, _NUMBER)
    infinite = np.isinf(values)
    if infinite.any():
        words = np.where(values > 0, str(math.inf), str(-math.inf))  # as before: not quoted
        text = pa.array(words, mask=~infinite, type=pa.large_string())
        text_cells, text_size = _text_cells(text, letter, rows)
        cells = pc.coalesce(cells, text_cells)
        size = max(size, text_size)
    return cells, size


def _number_texts(values: np.ndarray, valid: np.ndarray, *, sizes: bool) -> tuple[pa.Array, int]:
    """Floats as openpyxl writes them (``%.16g``), null where not ``valid``, and the longest
    ``str`` of a value (when ``sizes``). Formatted once per distinct value: table columns
    repeat their values heavily."""
    codes, distinct = _distinct_floats(values, valid)
    floats = distinct.tolist()
    texts = _strings([_number_text(v) for v in floats])
    size = max((len(str(v)) for v in floats), default=0) if sizes else 0
    return texts.take(pa.array(codes, mask=~valid)), size


def _distinct_floats(values: np.ndarray, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The position of each valid value among the distinct ones (-1 where not valid), and
    those distinct values. Values are told apart by their bits, so -0.0 stays apart from
    0.0."""
    codes = np.full(len(values), -1, dtype=np.int64)
    bits = values[valid].view(f"i{values.itemsize}")
    codes[valid], distinct = pd.factorize(bits)
    return codes, distinct.view(values.dtype)


def _int_cells(
    values: np.ndarray, missing: np.ndarray | None, letter: str, rows: pa.Array
) -> tuple[pa.Array, int]:
    """Number cells of integers (missing: no cell)."""
    texts = pa.array(values, mask=missing).cast(pa.large_string())
    valid = np.ones(len(values), dtype=bool) if missing is None else ~missing
    big = values >= _BIG_INT
    if values.dtype.kind == "i":
        big |= values <= -_BIG_INT
    big &= valid
    if big.any():
        exact = _strings([_number_text(int(v)) for v in values[big].tolist()])
        texts = pc.replace_with_mask(texts, pa.array(big), exact)
    present = values[valid]
    size = 0
    if len(present):
        size = max(len(str(int(present.max()))), len(str(int(present.min()))))
    return _value_cells(texts, letter, rows, _NUMBER), size


def _date_cells(
    micros: np.ndarray,
    missing: np.ndarray | None,
    letter: str,
    rows: pa.Array,
    styles: _DateStyles,
) -> tuple[pa.Array, int]:
    """Date cells from microseconds since 1970 (missing: no cell): Excel serial numbers as
    openpyxl's ``to_excel`` computes them, shown ``yyyy-mm-dd`` at midnight and
    ``yyyy-mm-dd hh:mm:ss`` otherwise."""
    valid = np.ones(len(micros), dtype=bool) if missing is None else ~missing
    days = micros // _DAY_US + _UNIX_DAY
    moment = micros % _DAY_US
    days = np.where((days > 0) & (days <= 60), days - 1, days)  # Excel's 1900-02-29
    seconds = (moment // 1_000_000).astype(np.float64)
    fraction = (seconds + (moment % 1_000_000) / 10**6) / 86400
    serial = days.astype(np.float64) + fraction
    texts, _ = _number_texts(serial, valid, sizes=False)
    midnight = moment == 0
    dates = bool((valid & midnight).any())
    times = bool((valid & ~midnight).any())
    if not (dates or times):
        return texts, 0  # all missing: no cells, and no style to add
    attrs: str | pa.Array = styles.attrs(DATE_FORMAT if dates else DATETIME_FORMAT)
    if dates and times:
        attrs = pc.if_else(
            pa.array(midnight),
            text_scalar(styles.attrs(DATE_FORMAT)),
            text_scalar(styles.attrs(DATETIME_FORMAT)),
        )
    size = max(len(DATE_FORMAT) if dates else 0, len(DATETIME_FORMAT) if times else 0)
    return _value_cells(texts, letter, rows, attrs), size


def _object_cells(
    values: np.ndarray, letter: str, rows: pa.Array, styles: _DateStyles
) -> tuple[pa.Array, int]:
    """Cells of an object column: text straight to :func:`_text_cells` when every value is
    text or a list of text (see :func:`_object_text`); otherwise each value through
    :func:`_excel_value`, then by its type."""
    text = _object_text(values)
    if text is not None:
        return _text_cells(text, letter, rows)
    n = len(values)
    text_values: list[str | None] = [None] * n
    numbers: list[str | None] = [None] * n
    booleans: list[str | None] = [None] * n
    dates: list[str | None] = [None] * n
    date_attrs: list[str | None] = [None] * n
    size = 0
    for i, raw in enumerate(values):
        value = _excel_value(raw)
        if value is None:
            continue
        if isinstance(value, str):
            text_values[i] = value
        elif isinstance(value, bool):
            booleans[i] = "1" if value else "0"
            size = max(size, 5)
        elif isinstance(value, (int, float)):
            numbers[i] = _number_text(value)
            size = max(size, len(str(value)))
        elif isinstance(value, dt.date):
            dates[i], date_attrs[i], width = _excel_serial(value, styles)
            size = max(size, width)
    parts = []
    if any(v is not None for v in text_values):
        text_cells, text_size = _text_cells(_strings(text_values), letter, rows)
        parts.append(text_cells)
        size = max(size, text_size)
    for texts, attrs in ((numbers, _NUMBER), (booleans, _BOOLEAN)):
        if any(v is not None for v in texts):
            parts.append(_value_cells(_strings(texts), letter, rows, attrs))
    if any(v is not None for v in dates):
        parts.append(_value_cells(_strings(dates), letter, rows, _strings(date_attrs)))
    if not parts:
        return pa.nulls(n, pa.large_string()), 0
    return (pc.coalesce(*parts) if len(parts) > 1 else parts[0]), size


def _excel_serial(value: dt.date, styles: _DateStyles) -> tuple[str, str, int]:
    """One date's ``<v>`` text, the attributes of its style, and its width."""
    from openpyxl.utils.datetime import to_excel

    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        raise TypeError("Excel does not support timezones in datetimes")
    number_format = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
    return _number_text(to_excel(value)), styles.attrs(number_format), len(number_format)


def _number_text(value: float) -> str:
    """A number's ``<v>`` text, exactly as openpyxl's ``safe_string`` writes it."""
    return "%.16g" % value  # noqa: UP031 (openpyxl's format, kept to the letter)


def _neutralise(text: pa.Array) -> pa.Array:
    """:func:`neutralise` for an Arrow array of text."""
    trigger = pc.fill_null(pc.match_substring_regex(text, r"^[=+\-@\t\r\n]"), False)
    if not pc.any(trigger).as_py():
        return text
    quoted = pc.binary_join_element_wise(text_scalar("'"), text, text_scalar(""))
    return pc.if_else(trigger, quoted, text)


def _replace_where(
    text: pa.Array, hit: pa.Array, replacements: list[tuple[str, str]], *, regex: bool = False
) -> pa.Array:
    """``text`` with each (old, new) of ``replacements`` (regular expressions with
    ``regex``) applied to the values where ``hit`` is true; the others are left alone,
    without a copy."""
    if not pc.any(hit).as_py():
        return text
    part = pc.filter(text, hit)
    for old, new in replacements:
        if regex:
            part = pc.replace_substring_regex(part, old, new)
        else:
            part = pc.replace_substring(part, old, new)
    return pc.replace_with_mask(text, hit, part)


def _rows_xml(rows: pa.Array, cells: list[pa.Array]) -> memoryview:
    """The ``<row>`` elements of a chunk as UTF-8: each row's number and its cells."""
    xml = pc.binary_join_element_wise(
        text_scalar('<row r="'),
        rows,
        text_scalar('">'),
        *cells,
        text_scalar("</row>"),
        text_scalar(""),
        null_handling="replace",
        null_replacement="",
    )
    return text_bytes(xml)


def _arrow_text(series: pd.Series) -> pa.Array:
    """A column of pandas' string dtype as Arrow text (null where missing)."""
    text = pa.array(series.array)  # Arrow-backed: no copy, maybe in several chunks
    return one_chunk(text).cast(pa.large_string())


def _object_text(values: np.ndarray) -> pa.Array | None:
    """An object column as neutralised text (null where missing) when every value is text
    (see :func:`neutralise`) or a list of text (see :func:`_joined`); None otherwise."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        try:
            text = pa.array(values, type=pa.large_string(), from_pandas=True)
        except (pa.ArrowException, TypeError, ValueError):
            return None  # a value Arrow cannot take as text: the caller's general path
        return _neutralise(text)
    return _joined(values)


def _joined(values: np.ndarray) -> pa.Array | None:
    """:func:`_join` column-wise: lists or tuples of text as ``;``-joined text, every element
    and the joined text neutralised, null where missing; None when any value is something
    else."""
    missing = pd.isna(values)
    present = values[~missing]
    # Arrow would take sets, arrays, bytes and strings as lists of text too, and _join writes
    # those differently: the types are checked first (in C, not a Python call per value).
    if not set(map(type, present)) <= {list, tuple}:
        return None
    if not set(map(type, itertools.chain.from_iterable(present))) <= {str}:
        return None
    lists = pa.array(values, type=_TEXT_LISTS, mask=missing)
    elements = lists.flatten()
    neutral = _neutralise(elements)
    if neutral is not elements:
        lists = pa.LargeListArray.from_arrays(lists.offsets, neutral, mask=lists.is_null())
    return _neutralise(pc.binary_join(lists, text_scalar(";")))


def _strings(values: Iterable[str | None]) -> pa.Array:
    return pa.array(list(values), type=pa.large_string())


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


def _excel_date(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


def _excel_cell(sheet: Any, value: object) -> object:
    """What openpyxl would be given for one value: the value itself, or a cell where it
    would guess wrong (a date's number format, text it would take for a formula or an
    error). The reference for the cells :func:`write_xlsx` writes column-wise."""
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
