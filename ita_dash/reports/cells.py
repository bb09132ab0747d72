"""Cells of the spreadsheets the app writes (.xlsx and .csv): nothing a user typed may become a formula.

Following OWASP's guidance on CSV injection, a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is written as inert text: in a .csv with a leading apostrophe, in an .xlsx as a string cell (never a formula)
shown with Excel's quote prefix. Every writer of .xlsx or .csv in the app goes through these two functions.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


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
