"""Cells of the spreadsheets the app writes (.xlsx and .csv): nothing a user typed may become a formula.

Following OWASP's guidance on CSV injection, a text that starts with ``=``, ``+``, ``-`` or ``@`` (also after spaces or
line breaks, which a spreadsheet skips), or with a tab, a carriage return or a line feed, is written as inert text: in
a .csv with a leading apostrophe, in an .xlsx as a string cell (never a formula) shown with Excel's quote prefix.
Every writer of .xlsx or .csv in the app goes through these two functions.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell

FORMULA_START = ("=", "+", "-", "@")
CONTROL_START = ("\t", "\r", "\n")


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet could read ``value`` as a formula: " =1+1" and "\n=1+1" too (issue 35 item 9)."""
    return isinstance(value, str) and (value.startswith(CONTROL_START) or value.lstrip().startswith(FORMULA_START))


def inert(value: object) -> object:
    """A value for a .csv cell: formula-looking text gets a leading apostrophe; anything else is unchanged."""
    return "'" + value if looks_like_formula(value) else value


def set_cell(cell: Cell, value: object) -> Cell:
    """Write ``value`` into an openpyxl cell; text is always a string cell, never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def append_row(sheet, values) -> int:
    """``sheet.append(values)`` through :func:`set_cell`: the next row after the last one written; returns its number."""
    row = sheet._current_row + 1  # the counter openpyxl's own append uses
    for column, value in enumerate(values, start=1):
        set_cell(sheet.cell(row=row, column=column), value)
    return row


def csv_bytes(frame) -> bytes:
    """A pandas DataFrame as a .csv download: every text cell and header through :func:`inert`, UTF-8 with a BOM
    (Excel then opens Thai correctly)."""
    safe = frame.map(inert)
    safe.columns = [inert(name) for name in safe.columns]
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")  # CRLF: a CR inside a cell is quoted
