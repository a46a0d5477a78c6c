"""Save openpyxl workbooks reproducibly: the same content gives the same bytes.

openpyxl's ``save`` stamps the saving time into the document properties and into every zip
entry, so two saves of one workbook differ. Here the properties are set to a fixed date,
openpyxl's writer is used for the content only, and the archive is written by
:class:`_Archive`: every entry dated :data:`FIXED_TIME` and deflated at ISA-L's fastest level
(python-isal's ``isal_zlib``: the deflate format of zlib, written several times faster; see
:data:`COMPRESS_LEVEL`). Used for the template workbook and for findings.xlsx.

:func:`save_workbook` can also splice rows written elsewhere into openpyxl's (empty)
worksheets: openpyxl then writes only the skeleton of the workbook (styles, workbook.xml, the
content types, each sheet's views, columns and autofilter), and the cells of a large sheet come
from :class:`DeflatedRows`: ``<row>`` elements deflated into a temporary file as they are
written, while the analyses still run. Saving then copies the deflated bytes into the archive
as they are, instead of deflating every sheet at the end.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from isal import isal_zlib

if TYPE_CHECKING:
    from openpyxl import Workbook

#: The date written into every workbook instead of "now".
FIXED_TIME: Final = dt.datetime(2026, 1, 1)
#: ISA-L's level 1 (of 0 to 3). Deflating the sheets was a third of the workbook thread's
#: work on a large ecosystem; ``benchmarks/engines.py`` deflates 275 MB of a ties sheet's XML
#: in 0.27 s at this level against 0.96 s at zlib's fastest, for about the same size
#: (docs/performance.md). Any deflate reader opens the archive.
COMPRESS_LEVEL: Final = 1

#: Bytes of text per call to the deflater (see :class:`DeflatedRows`).
DEFLATE_BLOCK: Final = 1 << 20

#: What openpyxl writes for a worksheet without rows (and what it might write instead).
_EMPTY_SHEET_DATA: Final = (b"<sheetData></sheetData>", b"<sheetData />", b"<sheetData/>")


class DeflatedRows:
    """The ``<row>`` elements of one sheet, deflated into ``file`` as they are written.

    The bytes are raw deflate blocks ended by a sync flush, so that they can stand between
    the deflated start and end of the worksheet's XML in one entry of the archive; the
    CRC-32 and size of the text written are kept for the entry's header. ISA-L's output
    depends on how its input is cut into calls, so the text is handed to it in pieces of
    :data:`DEFLATE_BLOCK` bytes whatever the sizes written: the same rows give the same
    bytes however they were written.
    """

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.crc = 0
        self.size = 0
        self._deflate: isal_zlib.Compress | None = _deflater()
        self._pending = bytearray()

    def write(self, data: bytes | memoryview) -> None:
        if self._deflate is None:
            raise ValueError("rows are finished; nothing more can be written")
        self.crc = isal_zlib.crc32(data, self.crc)
        self.size += len(data)
        self._pending += data
        whole = len(self._pending) - len(self._pending) % DEFLATE_BLOCK
        if whole:
            pending = memoryview(self._pending)
            for start in range(0, whole, DEFLATE_BLOCK):
                self.file.write(self._deflate.compress(pending[start : start + DEFLATE_BLOCK]))
            pending.release()
            del self._pending[:whole]

    def finish(self) -> None:
        """Flush the last rows (once; :func:`save_workbook` does it when it is not done)."""
        if self._deflate is not None:
            self.file.write(self._deflate.compress(self._pending))
            self.file.write(self._deflate.flush(isal_zlib.Z_SYNC_FLUSH))
            self._deflate = None
            self._pending = bytearray()


def workbook_bytes(workbook: Workbook) -> bytes:
    """The workbook as .xlsx bytes with every timestamp fixed to :data:`FIXED_TIME`."""
    fixed = io.BytesIO()
    _write_archive(workbook, fixed, {})
    return fixed.getvalue()


def save_workbook(
    workbook: Workbook, path: str | Path, sheet_rows: Mapping[str, DeflatedRows] | None = None
) -> Path:
    """Write the workbook to ``path`` as :func:`workbook_bytes` would, with the rows of some
    sheets taken from :class:`DeflatedRows`.

    ``sheet_rows`` maps a worksheet's title to its rows (the content of its ``sheetData``
    element). The worksheet itself must have no rows; its deflated rows are copied in place
    of the empty ``sheetData`` openpyxl writes, a megabyte at a time, so a sheet of any size
    passes through a small buffer. An entry of 4 GiB or more gets the ZIP64 extension.
    """
    path = Path(path)
    with path.open("wb") as target:
        _write_archive(workbook, target, sheet_rows or {})
    return path


def _write_archive(
    workbook: Workbook, target: IO[bytes], sheet_rows: Mapping[str, DeflatedRows]
) -> None:
    parts, entry_of = _parts(workbook)
    rows_by_entry = {entry_of[title]: rows for title, rows in sheet_rows.items()}
    archive = _Archive(target)
    for name, data in parts:
        rows = rows_by_entry.get(name)
        if rows is None:
            archive.add(
                name, [_deflated(data, isal_zlib.Z_FINISH)], isal_zlib.crc32(data), len(data)
            )
            continue
        rows.finish()
        head, tail = _split_sheet_data(data, name)
        crc = _crc32_combine(
            _crc32_combine(isal_zlib.crc32(head), rows.crc, rows.size),
            isal_zlib.crc32(tail),
            len(tail),
        )
        pieces: list[bytes | IO[bytes]] = [
            _deflated(head, isal_zlib.Z_SYNC_FLUSH),
            rows.file,
            _deflated(tail, isal_zlib.Z_FINISH),
        ]
        archive.add(name, pieces, crc, len(head) + rows.size + len(tail))
    archive.close()


def _deflater() -> isal_zlib.Compress:
    """A raw deflate stream (no zlib header: the archive's entry has its own)."""
    return isal_zlib.compressobj(COMPRESS_LEVEL, isal_zlib.DEFLATED, -isal_zlib.MAX_WBITS)


def _deflated(data: bytes, flush: int) -> bytes:
    deflate = _deflater()
    return deflate.compress(data) + deflate.flush(flush)


#: A 32-bit size or offset field holding this value points to the entry's ZIP64 field.
_IN_ZIP64: Final = 0xFFFFFFFF
#: Sizes and offsets from this one on go in ZIP64 fields (lowered by the tests).
_ZIP64_FROM = _IN_ZIP64
#: DOS time and date of :data:`FIXED_TIME`, as zip headers hold them.
_DOS_TIME: Final = (FIXED_TIME.hour << 11) | (FIXED_TIME.minute << 5) | (FIXED_TIME.second // 2)
_DOS_DATE: Final = ((FIXED_TIME.year - 1980) << 9) | (FIXED_TIME.month << 5) | FIXED_TIME.day


class _Archive:
    """A zip archive of deflated entries, written front to back (PKWARE's APPNOTE).

    Python's ``zipfile`` deflates what it is given; the sheets' rows arrive deflated already.
    Every entry's sizes and CRC-32 are known before its data, so each local header is final
    when written, and no field depends on the platform or the time.
    """

    def __init__(self, target: IO[bytes]) -> None:
        self._target = target
        self._offset = 0
        self._directory: list[bytes] = []

    def add(self, name: str, pieces: list[bytes | IO[bytes]], crc: int, size: int) -> None:
        """An entry whose deflated data are ``pieces`` (bytes, or files read from the start)."""
        packed = sum(len(p) if isinstance(p, bytes) else p.seek(0, io.SEEK_END) for p in pieces)
        encoded = name.encode("utf-8")
        offset = self._offset
        large = size >= _ZIP64_FROM or packed >= _ZIP64_FROM
        version = 45 if large or offset >= _ZIP64_FROM else 20  # 4.5: ZIP64
        sizes = (_IN_ZIP64, _IN_ZIP64) if large else (packed, size)
        local = struct.pack("<HHQQ", 1, 16, size, packed) if large else b""  # ZIP64 field
        self._write(
            struct.pack("<I", 0x04034B50)
            + _shared_fields(version, crc, sizes, encoded, local)
            + encoded
            + local
        )
        for piece in pieces:
            if isinstance(piece, bytes):
                self._write(piece)
            else:
                piece.seek(0)
                shutil.copyfileobj(piece, self._target, 1 << 20)
                self._offset += piece.tell()
        # The directory's ZIP64 field holds only what its 32-bit fields cannot.
        wide = [v for v in (size, packed) if large] + ([offset] if offset >= _ZIP64_FROM else [])
        central = struct.pack(f"<HH{len(wide)}Q", 1, 8 * len(wide), *wide) if wide else b""
        self._directory.append(
            struct.pack("<IH", 0x02014B50, version)  # made by: version 2.0 or 4.5, MS-DOS
            + _shared_fields(version, crc, sizes, encoded, central)
            + struct.pack("<HHHII", 0, 0, 0, 0, _IN_ZIP64 if offset >= _ZIP64_FROM else offset)
            + encoded
            + central
        )

    def close(self) -> None:
        """Write the central directory and its end records."""
        start, count = self._offset, len(self._directory)
        for entry in self._directory:
            self._write(entry)
        length = self._offset - start
        if start >= _ZIP64_FROM or length >= _ZIP64_FROM or count >= 0xFFFF:
            end64 = self._offset
            self._write(
                struct.pack("<IQHHII", 0x06064B50, 44, 45, 45, 0, 0)
                + struct.pack("<QQQQ", count, count, length, start)
            )
            self._write(struct.pack("<IIQI", 0x07064B50, 0, end64, 1))
        entries = min(count, 0xFFFF)
        self._write(
            struct.pack("<IHHHH", 0x06054B50, 0, 0, entries, entries)
            + struct.pack(
                "<IIH", *(_IN_ZIP64 if v >= _ZIP64_FROM else v for v in (length, start)), 0
            )
        )

    def _write(self, data: bytes) -> None:
        self._target.write(data)
        self._offset += len(data)


def _shared_fields(
    version: int, crc: int, sizes: tuple[int, int], name: bytes, extra: bytes
) -> bytes:
    """What a local and a central header both hold, in this order: the version needed,
    flags (none), method (8: deflate), time, date, CRC-32, compressed and full size, and the
    lengths of the name and the extra field."""
    fields = (version, 0, 8, _DOS_TIME, _DOS_DATE, crc, *sizes, len(name), len(extra))
    return struct.pack("<HHHHHIIIHH", *fields)


def _crc32_combine(crc1: int, crc2: int, length2: int) -> int:
    """The CRC-32 of A + B from the CRC-32 of A, the CRC-32 of B and the length of B (the
    method of zlib's ``crc32_combine``, which Python's zlib does not offer): appending
    ``length2`` zero bytes to A is a linear map over GF(2), applied by repeated squaring."""
    if length2 <= 0:
        return crc1
    # The operator of one zero bit: the reflected CRC-32 polynomial, then a shift.
    odd = [0xEDB88320] + [1 << k for k in range(31)]
    even = _gf2_square(odd)  # two zero bits
    odd = _gf2_square(even)  # four zero bits
    while True:
        even = _gf2_square(odd)  # first time: one zero byte
        if length2 & 1:
            crc1 = _gf2_times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _gf2_square(even)
        if length2 & 1:
            crc1 = _gf2_times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _gf2_times(matrix: list[int], vector: int) -> int:
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _gf2_square(matrix: list[int]) -> list[int]:
    return [_gf2_times(matrix, column) for column in matrix]


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


def _split_sheet_data(xml: bytes, name: str) -> tuple[bytes, bytes]:
    """The worksheet XML before and after its rows: ``...<sheetData>`` and
    ``</sheetData>...``."""
    for empty in _EMPTY_SHEET_DATA:
        at = xml.find(empty)
        if at >= 0 and xml.find(empty, at + 1) < 0:
            return xml[:at] + b"<sheetData>", b"</sheetData>" + xml[at + len(empty) :]
    raise ValueError(f"{name} has no empty sheetData element to fill")
