"""Save openpyxl workbooks reproducibly: the same content gives the same bytes.

openpyxl's ``save`` stamps the saving time into the document properties and into every zip
entry, so two saves of one workbook differ. Here the properties are set to a fixed date,
openpyxl's writer is used directly, and the archive is repacked with fixed entry dates.
Used for the template workbook and for findings.xlsx.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from openpyxl import Workbook

#: The date written into every workbook instead of "now".
FIXED_TIME: Final = dt.datetime(2026, 1, 1)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes with every timestamp fixed to :data:`FIXED_TIME`."""
    from openpyxl.writer.excel import ExcelWriter

    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    fixed = io.BytesIO()
    stamp = FIXED_TIME.timetuple()[:6]
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry))
    return fixed.getvalue()
