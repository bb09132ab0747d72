"""Reading an uploaded spreadsheet within limits, so a small hostile file cannot keep the app busy for minutes.

An .xlsx is a zip of XML: a 5 KB file may declare a cell at row 200,000 and column 2,000 (iterating it cell by cell
takes minutes) or unpack to gigabytes. Here the zip's unpacked size is checked first, the workbook is opened in
openpyxl's read-only mode, the first sheet's declared dimension is checked, and its rows are read in one streaming
pass that stops at the first value beyond the limits. Merged cells (which read-only mode does not expose) are taken
from the same pass. Every refusal is a :class:`WorkbookRefused` with a Thai message that says what to do.
"""

from __future__ import annotations

import csv
import io
import zipfile

from openpyxl.utils import get_column_letter, range_boundaries

MAX_BYTES = 5 * 1024 * 1024  # the upload itself (server.maxUploadSize is 10 MB, for evidence photos)
MAX_UNPACKED = 20 * 1024 * 1024  # the XML parts of the .xlsx once unzipped (pictures are not read)
MAX_ROWS = 5000
MAX_COLUMNS = 60
MAX_CELLS = 60_000  # cells holding a value
MAX_MERGED = 20_000
_HINT = "คัดลอกเฉพาะตารางแผนมาตรการไปวางในไฟล์ใหม่แล้วนำเข้าอีกครั้ง"


class WorkbookRefused(ValueError):
    """The file is refused before or while reading; the message is Thai."""


def _too_big(content: bytes) -> None:
    if len(content) > MAX_BYTES:
        raise WorkbookRefused(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB ({len(content) / (1024 * 1024):.1f} MB) — {_HINT}")


def _where(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def read_xlsx(content: bytes) -> tuple[list[list[object]], list[tuple[int, int, int, int]]]:
    """The first sheet's values row by row (row 1 first; each row as long as its last value), and its merged ranges
    as (min_col, min_row, max_col, max_row). Raises WorkbookRefused, or the errors openpyxl raises for a file that is
    not a workbook (zipfile.BadZipFile, KeyError, OSError, ValueError)."""
    from openpyxl import load_workbook
    from openpyxl.worksheet._reader import WorkSheetParser

    _too_big(content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist() if info.filename.lower().endswith((".xml", ".rels")))
    if unpacked > MAX_UNPACKED:
        raise WorkbookRefused(f"ไฟล์ Excel นี้เมื่อแตกไฟล์แล้วใหญ่เกิน {MAX_UNPACKED // (1024 * 1024)} MB — {_HINT}")
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        declared_rows, declared_columns = sheet.max_row, sheet.max_column  # the <dimension> the file declares
        if (declared_rows or 0) > MAX_ROWS or (declared_columns or 0) > MAX_COLUMNS:
            raise WorkbookRefused(
                f"แผ่นงานแรกกำหนดขนาดไว้ {declared_rows or 0:,} แถว × {declared_columns or 0:,} คอลัมน์ "
                f"(รับได้ไม่เกิน {MAX_ROWS:,} แถว × {MAX_COLUMNS} คอลัมน์) — {_HINT}")
        rows: list[list[object]] = []
        filled = 0
        with sheet._get_source() as source:
            parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                     date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            for number, cells in parser.parse():
                if number > MAX_ROWS:  # stop here: nothing beyond the limit is read, not even empty rows
                    raise WorkbookRefused(f"แผ่นงานแรกมีแถวที่ {number:,} เกิน {MAX_ROWS:,} แถว — {_HINT}")
                values = [(cell["column"], cell["value"]) for cell in cells
                          if cell["value"] is not None and cell["value"] != ""]
                if not values:
                    continue
                far = [column for column, _ in values if column > MAX_COLUMNS]
                if far:
                    raise WorkbookRefused(f"มีข้อมูลที่เซลล์ {_where(number, far[0])} เกิน {MAX_COLUMNS} คอลัมน์ — {_HINT}")
                filled += len(values)
                if filled > MAX_CELLS:
                    raise WorkbookRefused(f"มีเซลล์ที่มีข้อมูลเกิน {MAX_CELLS:,} เซลล์ — {_HINT}")
                while len(rows) < number:
                    rows.append([])
                row = [None] * values[-1][0]
                for column, value in values:
                    row[column - 1] = value
                rows[number - 1] = row
            merged = []
            for cells in (parser.merged_cells.mergeCell if parser.merged_cells else [])[:MAX_MERGED + 1]:
                if len(merged) == MAX_MERGED:
                    raise WorkbookRefused(f"มีเซลล์ที่ผสานไว้เกิน {MAX_MERGED:,} ช่วง — {_HINT}")
                min_col, min_row, max_col, max_row = range_boundaries(cells.ref)
                if max_row > MAX_ROWS or max_col > MAX_COLUMNS:
                    raise WorkbookRefused(f"มีเซลล์ผสาน {cells.ref} เกิน {MAX_ROWS:,} แถว × {MAX_COLUMNS} คอลัมน์ — {_HINT}")
                merged.append((min_col, min_row, max_col, max_row))
        return rows, merged
    finally:
        book.close()


def read_csv(text: str) -> list[list[str]]:
    """Rows of a CSV text, with the same limits as a workbook."""
    rows = []
    filled = 0
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
            values = [index for index, cell in enumerate(row, start=1) if cell]
            if not values:
                if number <= MAX_ROWS:
                    rows.append([])
                continue
            if number > MAX_ROWS:
                raise WorkbookRefused(f"ไฟล์ CSV มีข้อมูลเกิน {MAX_ROWS:,} แถว (แถว {number:,}) — {_HINT}")
            if values[-1] > MAX_COLUMNS:
                raise WorkbookRefused(f"ไฟล์ CSV แถว {number:,} มีข้อมูลเกิน {MAX_COLUMNS} คอลัมน์ — {_HINT}")
            filled += len(values)
            if filled > MAX_CELLS:
                raise WorkbookRefused(f"ไฟล์ CSV มีช่องที่มีข้อมูลเกิน {MAX_CELLS:,} ช่อง — {_HINT}")
            rows.append(row[:MAX_COLUMNS])
    except csv.Error as error:
        raise WorkbookRefused(f"อ่านไฟล์ CSV ไม่ได้ ({error}) — บันทึกจาก Excel เป็น “CSV UTF-8” แล้วลองอีกครั้ง") from None
    return rows


def check_size(content: bytes) -> None:
    """Refuse an upload larger than MAX_BYTES (the CLI reads files that did not pass the app's upload limit)."""
    _too_big(content)
