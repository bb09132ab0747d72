"""Machine-readable workbooks (OIT asks for "PDF plus a machine-readable Word or Excel file"): the header in row 1,
one record per row, typed cells (dates are dates shown in the Buddhist era, numbers and percents are numbers), the
header frozen, nothing merged. ``pandas.read_excel(path)`` reads every sheet with no options. Every value goes
through :func:`ita_dash.reports.cells.set_cell`, so nothing typed by a user becomes a formula."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .cells import set_cell

# Excel's locale-and-calendar prefix: 0x07 = Thai Buddhist calendar, 0x041E = Thai. Excel and LibreOffice show
# 21/4/2569 for 2026-04-21 while the cell holds an ordinary date (pandas reads a datetime64 column).
BE_DATE = "[$-107041E]d/m/yyyy;@"
BE_MONTH = "[$-107041E]mmm yyyy;@"
BE_DATETIME = "[$-107041E]d/m/yyyy hh:mm;@"
HEADER_FILL = PatternFill("solid", fgColor="F1F4F8")
SHEET_NAME_MAX = 31


@dataclass(frozen=True)
class Column:
    """One column: its header and what its cells hold (text, int, number, date, month, datetime, bool)."""

    name: str
    kind: str = "text"
    width: float = 14

    @property
    def number_format(self) -> str | None:
        return {"date": BE_DATE, "month": BE_MONTH, "datetime": BE_DATETIME, "number": "0.00"}.get(self.kind)


def _typed(column: Column, value: object) -> object:
    if value is None or value == "":
        return None
    if column.kind == "datetime" and isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)  # Excel has no time zones: the caller gives local (Bangkok) time
    if column.kind in ("date", "month") and isinstance(value, dt.datetime):
        return value.date()
    return value


def add_sheet(book: Workbook, title: str, columns: Sequence[Column], rows: Iterable[Sequence[object]]) -> None:
    """A sheet named ``title``: the header in row 1, then one row per record, typed by column."""
    sheet = book.create_sheet(title[:SHEET_NAME_MAX])
    for index, column in enumerate(columns, start=1):
        cell = set_cell(sheet.cell(row=1, column=index), column.name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_number, values in enumerate(rows, start=2):
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = set_cell(sheet.cell(row=row_number, column=index), _typed(column, value))
            if column.number_format and cell.value is not None:
                cell.number_format = column.number_format
            if column.kind == "text" and column.width >= 30:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def new_book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def book_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
