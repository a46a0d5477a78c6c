"""Save openpyxl workbooks reproducibly: the same content gives the same bytes.

openpyxl's ``save`` stamps the saving time into the document properties and into every zip
entry, so two saves of one workbook differ. Here the properties are set to a fixed date,
openpyxl's writer is used directly, and the archive is repacked with fixed entry dates, every
entry deflated at zlib's fastest level. Used for the template workbook and for findings.xlsx.

:func:`save_workbook` can also splice rows written elsewhere into openpyxl's (empty)
worksheets: openpyxl then writes only the skeleton of the workbook (styles, workbook.xml, the
content types, each sheet's views, columns and autofilter), and the cells of a large sheet come
from a file of ready ``<row>`` elements, streamed into the archive without being held in
memory.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import sys
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

if TYPE_CHECKING:
    from openpyxl import Workbook

#: The date written into every workbook instead of "now".
FIXED_TIME: Final = dt.datetime(2026, 1, 1)
#: zlib's fastest level: the sheets of a large workbook deflate several times faster than at
#: the default level 6, for an archive a little larger.
COMPRESS_LEVEL: Final = 1

#: What openpyxl writes for a worksheet without rows (and what it might write instead).
_EMPTY_SHEET_DATA: Final = (b"<sheetData></sheetData>", b"<sheetData />", b"<sheetData/>")


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes with every timestamp fixed to :data:`FIXED_TIME`."""
    fixed = io.BytesIO()
    with zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in _parts(workbook)[0]:
            target.writestr(_fixed_info(name), data)
    return fixed.getvalue()


def save_workbook(
    workbook: Workbook, path: str | Path, sheet_rows: Mapping[str, IO[bytes]] | None = None
) -> Path:
    """Write the workbook to ``path`` as :func:`workbook_bytes` would, with the rows of some
    sheets taken from files.

    ``sheet_rows`` maps a worksheet's title to a binary file holding the content of its
    ``sheetData`` element (``<row>`` elements, UTF-8). The worksheet itself must have no rows;
    its file is copied in place of the empty ``sheetData`` openpyxl writes, a megabyte at a
    time, so a sheet of any size passes through a small buffer. The size of the entry is
    known before it is written, so a sheet too large for a plain zip entry gets the ZIP64
    extension exactly as ``ZipFile.write`` would decide it, and the bytes stay reproducible.
    """
    path = Path(path)
    parts, entry_of = _parts(workbook)
    rows_by_entry = {entry_of[title]: rows for title, rows in (sheet_rows or {}).items()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts:
            info = _fixed_info(name)
            rows = rows_by_entry.get(name)
            if rows is None:
                target.writestr(info, data)
                continue
            head, tail = _split_sheet_data(data, name)
            size = rows.seek(0, io.SEEK_END)
            rows.seek(0)
            info.file_size = len(head) + size + len(tail)
            with target.open(info, "w") as entry:
                entry.write(head)
                shutil.copyfileobj(rows, entry, 1 << 20)
                entry.write(tail)
    return path


def _parts(workbook: Workbook) -> tuple[list[tuple[str, bytes]], dict[str, str]]:
    """Every entry openpyxl writes for the workbook, in its order, as (name, bytes), and
    the entry of each worksheet by its title."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_STORED) as archive:  # read back at once
        ExcelWriter(workbook, archive).save()
    # The writer numbers the sheets, so their entries are known only now.
    entry_of = {sheet.title: sheet.path.lstrip("/") for sheet in workbook.worksheets}
    with zipfile.ZipFile(raw) as source:
        return [(entry.filename, source.read(entry)) for entry in source.infolist()], entry_of


def _fixed_info(name: str) -> zipfile.ZipInfo:
    """An entry dated :data:`FIXED_TIME`, deflated at :data:`COMPRESS_LEVEL`. The level goes on
    the entry: ``ZipFile`` applies its own only to entries it names itself."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    if sys.version_info >= (3, 13):
        info.compress_level = COMPRESS_LEVEL
    else:
        info._compresslevel = COMPRESS_LEVEL  # type: ignore[attr-defined]  # public from 3.13
    return info


def _split_sheet_data(xml: bytes, name: str) -> tuple[bytes, bytes]:
    """The worksheet XML before and after its rows: ``...<sheetData>`` and
    ``</sheetData>...``."""
    for empty in _EMPTY_SHEET_DATA:
        at = xml.find(empty)
        if at >= 0 and xml.find(empty, at + 1) < 0:
            return xml[:at] + b"<sheetData>", b"</sheetData>" + xml[at + len(empty) :]
    raise ValueError(f"{name} has no empty sheetData element to fill")
