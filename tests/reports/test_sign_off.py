"""Printed pages a person signs (issue 34, item 6): the signature blocks never stand alone on a page; when they do not
fit under the last content, the last piece (a table's last row, the last measure) goes to the next page with them."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
import pytest

from helpers.environment import DEMO_AS_OF
from ita_dash.domain.fiscal import Month, fiscal_year_of
from ita_dash.domain.model import Actor
from ita_dash.domain.status import assess_unit
from ita_dash.reports.monthly import monthly_pdf, monthly_rows
from ita_dash.reports.results import Evidence, results_pdf
from ita_dash.store.sql import SqlStore

SYSTEM = Actor.system("test")
YEAR = fiscal_year_of(DEMO_AS_OF)


@pytest.fixture(scope="module")
def store(demo_db):
    opened = SqlStore(demo_db)
    yield opened
    opened.close()


def signature_page(content: bytes, signature: str) -> str:
    """The text of the page that holds ``signature`` (a role under a dotted line), which must be on exactly one."""
    pages = [page.extract_text().replace("\u200b", "") for page in pypdf.PdfReader(io.BytesIO(content)).pages]
    holding = [text for text in pages if signature in text]
    assert len(holding) == 1, f"{signature} on {len(holding)} pages"
    return holding[0]


def content_lines(page: str) -> list[str]:
    """The lines of a page other than its running header, its number and the signature blocks."""
    lines = page.splitlines()[1:-1]
    return [line for line in lines if "......" not in line]


def test_the_monthly_signatures_stand_with_the_last_rows(store):
    """However many rows the month has, the page with the signatures also holds a row of the table: one count of
    rows ends the table too near the bottom for the blocks (the demo's November of 2570 did, page 2 of 2)."""
    data = store.load_unit_year(SYSTEM, "DEMO-01", YEAR - 1)  # a full year: every measure reported in March
    month, as_of = Month(2026, 3), dt.date(2026, 9, 30)
    reports = [f for f in data.follow_ups if f.month == str(month)]
    others = [f for f in data.follow_ups if f.month != str(month)]
    assert len(reports) >= 12, "the demo needs a month whose table reaches the bottom of the page"
    pages_seen = set()
    for count in range(10, len(reports) + 1):
        trimmed = data.model_copy(update={"follow_ups": others + reports[:count]})
        rows = monthly_rows(trimmed, month, as_of)
        content = monthly_pdf(trimmed, month, as_of)
        pages_seen.add(len(pypdf.PdfReader(io.BytesIO(content)).pages))
        page = signature_page(content, "ผู้รับรอง")
        assert any(f"{row[1]}" in page for row in rows), f"{count} rows: the signatures stand alone"
    assert pages_seen == {1, 2}  # the walk crossed the bottom of the first page


def test_the_results_signatures_stand_with_the_last_measure(store, templates):
    """The last measure grows five lines at a time (27 mm, less than the blocks' 34): one of the steps ends it too near
    the bottom for the blocks (a local administration's report did, page 5 of 5). The signed page holds the whole
    measure (a scrap of it, its last line, is not enough), or its last lines when it is longer than a page."""
    data = store.load_unit_year(SYSTEM, "DEMO-01", YEAR)
    measures = [m for m in data.measures if m.indicator == 10]
    assert len(measures) >= 2
    last = measures[-1]
    starts = set()
    for lines in range(0, 60, 5):
        grown = last.model_copy(update={"output": "\n".join(f"ผลผลิตบรรทัดที่ {n}" for n in range(1, lines + 2))})
        trimmed = data.model_copy(update={"measures": measures[:-1] + [grown]})
        status = assess_unit(templates.for_year(data.unit.kind, YEAR), trimmed, DEMO_AS_OF)
        content = results_pdf(status, Evidence())
        page = signature_page(content, "ผู้รับรองรายงาน")
        # the measure whole when it fits on a page with the blocks, else at least its last lines
        assert f"{last.code} " in page or len(content_lines(page)) >= 3, f"{lines} more lines: the signatures alone"
        starts.add(len(pypdf.PdfReader(io.BytesIO(content)).pages))
    assert len(starts) > 1  # the walk crossed the bottom of a page
