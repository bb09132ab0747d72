"""Every name a user typed is printed as text in every output (issue 35 item 5): with Markdown and HTML typed into
every free-text field (``tests/helpers/payloads.py``), the PDFs (the one-pager, the results report, the month's
report, the province summary, the minutes) show the characters as typed (read back with ``pdftotext``), the Word
files and workbooks hold them literally, and the unit's ITA web page carries them escaped, never as a tag or link."""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from helpers.payloads import DAY, EVIL, HTML
from ita_dash.domain.fiscal import Month
from ita_dash.domain.model import Actor
from ita_dash.domain.orders import assess_orders
from ita_dash.domain.status import assess_unit
from ita_dash.reports.minutes import minutes_docx, minutes_of, minutes_pdf
from ita_dash.reports.monthly import monthly_pdf, monthly_xlsx
from ita_dash.reports.oit_page import oit_items_csv, oit_items_xlsx, oit_page_html
from ita_dash.reports.province import assess_province, province_summary_pdf
from ita_dash.reports.results import gather_evidence, results_docx, results_pdf, results_xlsx
from ita_dash.reports.summary import unit_summary_pdf
from ita_dash.store.sql import SqlStore

SYSTEM = Actor.system("test")
# What a reader must see as typed: a Markdown link and bold, HTML tags (a PDF or a file has no Markdown)
LITERAL = (f"[คลิก]({EVIL})", "**ตัวหนา**", "<b>x</b>")
SHORTENED = LITERAL[:2]  # the one-pager cuts a long name with "…" after its first words
IN_A_LINK = (f"[x]({EVIL})", "<b>x</b>")  # the OIT list holds the typed link (the address field's payload)


def _pdf_text(content: bytes) -> str:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()
    return re.sub(r"\s+", "", text)  # a long name is wrapped over lines: compare without the spaces


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return re.sub(r"\s+", "", "\n".join([p.text for p in document.paragraphs] + cells))


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return re.sub(r"\s+", "", "\n".join(str(c) for s in book for r in s.iter_rows(values_only=True) for c in r
                                        if c is not None))


@pytest.fixture(scope="module")
def typed(typed_db, templates):
    store = SqlStore(typed_db)
    data = store.load_unit_year(SYSTEM, "DEMO-01", 2570)
    status = assess_unit(store.framework_for(SYSTEM, data.unit, 2570, templates), data, DAY)
    yield store, status
    store.close()


def test_every_output_prints_typed_text_as_typed(typed, templates):
    store, status = typed
    data = status.data
    book = store.load_orders(SYSTEM, "DEMO-01", 2570)
    evidence = gather_evidence(store, SYSTEM, status)
    province, statuses = assess_province(store, SYSTEM, data.unit.province_code, 2570, DAY, templates)
    month = Month.of(DAY).previous()
    minutes = minutes_of(status, book, book.meetings[-1].held_on)
    outputs = {
        "one-pager (PDF)": _pdf_text(unit_summary_pdf(status, orders=assess_orders(book, DAY))),
        "results report (PDF)": _pdf_text(results_pdf(status, evidence)),
        "month's report (PDF)": _pdf_text(monthly_pdf(data, month, DAY)),
        "province summary (PDF)": _pdf_text(province_summary_pdf(province, statuses, 2570, DAY)),
        "minutes (PDF)": _pdf_text(minutes_pdf(minutes)),
        "results report (Word)": _docx_text(results_docx(status, evidence)),
        "minutes (Word)": _docx_text(minutes_docx(minutes)),
        "results report (Excel)": _xlsx_text(results_xlsx(status, evidence)),
        "month's report (Excel)": _xlsx_text(monthly_xlsx(data, month, DAY)),
        "OIT items (Excel)": _xlsx_text(oit_items_xlsx(status.template, data, {})),
        "OIT items (CSV)": re.sub(r"\s+", "", "".join(
            "".join(row) for row in csv.reader(io.StringIO(oit_items_csv(status.template, data, {}).decode("utf-8-sig"))))),
    }
    expected = {"one-pager (PDF)": SHORTENED, "OIT items (Excel)": IN_A_LINK, "OIT items (CSV)": IN_A_LINK}
    missing = {name: [p for p in expected.get(name, LITERAL) if re.sub(r"\s+", "", p) not in text]
               for name, text in outputs.items()}
    assert {name: pieces for name, pieces in missing.items() if pieces} == {}


def test_the_ita_web_page_escapes_typed_text(typed):
    store, status = typed
    page = oit_page_html(status.template, status.data, {})
    assert not [piece for piece in HTML if piece in page], "a typed tag reached the web page as HTML"
    assert "&lt;b&gt;x&lt;/b&gt;" in page and f"[คลิก]({EVIL})" in page  # shown as typed
    assert f'href="{EVIL}"' not in page  # a typed address is never a link (the links are http(s) items' own)
