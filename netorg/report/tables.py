"""Write analysis results as tables: CSV files and one Excel workbook.

Cells that hold lists (contact persons, party ids) are written ``;``-separated, dates as ISO
text, so the files open cleanly in Excel and read back with netorg's own conventions. Both
formats are written byte-for-byte reproducibly (see :mod:`netorg._xlsx` for the workbook).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from netorg._xlsx import workbook_bytes


def to_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy fit for a spreadsheet: lists joined with ``;``, dates as ``YYYY-MM-DD``."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[column] = series.dt.strftime("%Y-%m-%d").fillna("")
        elif series.dtype == object:
            out[column] = series.map(_cell)
    return out


def _cell(value: object) -> object:
    if isinstance(value, (tuple, list)):
        return ";".join(str(v) for v in value)
    return value


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write one table as UTF-8 CSV with ``\\n`` line ends on every platform."""
    path = Path(path)
    text = to_table(frame).to_csv(index=False, lineterminator="\n")
    path.write_bytes(text.encode("utf-8"))
    return path


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write several tables as the sheets of one workbook, reproducibly."""
    from openpyxl import Workbook

    path = Path(path)
    workbook = Workbook(write_only=True)
    for name, frame in tables.items():
        sheet = workbook.create_sheet(name[:31])
        sheet.freeze_panes = "A2"
        table = to_table(frame)
        sheet.append([str(c) for c in table.columns])
        for row in table.itertuples(index=False):
            sheet.append([_excel_value(v) for v in row])
    path.write_bytes(workbook_bytes(workbook))
    return path


def _excel_value(value: object) -> object:
    """Missing values as empty cells, numpy scalars as plain Python numbers."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
