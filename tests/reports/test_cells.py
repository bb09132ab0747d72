"""Nothing a user typed becomes a formula in a file the app writes (issue 35 item 9): spaces or a line break before
``=``, ``+``, ``-`` or ``@`` do not hide one, in a .csv or an .xlsx."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from ita_dash.reports.cells import csv_bytes, looks_like_formula, set_cell

HIDDEN = [" =1+1", "\n=1+1", "\r\n=HYPERLINK(\"http://x\")", "\u00a0@SUM(A1)", "  +cmd", "\t-2+3", "=1+1"]


@pytest.mark.parametrize("typed", HIDDEN)
def test_a_formula_behind_spaces_or_a_line_break_is_written_inert(typed):
    assert looks_like_formula(typed)
    rows = list(csv.reader(io.StringIO(csv_bytes(pd.DataFrame([{"บันทึก": typed}])).decode("utf-8-sig"), newline="")))
    assert rows[1][0] == "'" + typed
    book = openpyxl.Workbook()
    cell = set_cell(book.active["A1"], typed)
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("typed", ["ติดตั้งป้ายแล้ว 3 จุด", "1-2 ครั้ง", "a=b", "", "ร้อยละ -5"])
def test_ordinary_text_is_left_as_typed(typed):
    assert not looks_like_formula(typed)
    rows = list(csv.reader(io.StringIO(csv_bytes(pd.DataFrame([{"บันทึก": typed}])).decode("utf-8-sig"), newline="")))
    assert rows[1][0] == typed
