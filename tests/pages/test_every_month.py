"""The demo on a day of every month of the fiscal year (issue 30): the pages and the outputs hold whatever the day,
and the demo holds together (issue 34): its dates in order, each measure's notes, result and photo its own, the
meeting before shown in meeting mode.

CI failed before on a demo built for the day it ran (fifteen measures due in December where a test assumed eight).
Here the demo is built, and the app takes "today", on one day in each month of FY 2570, its first and its last day
among them; every page a chief and a section head open, and every printed output, must come out whole."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from helpers.app import drawn, make_app
from helpers.environment import FISCAL_YEAR_DAYS
from ita_dash.cli import main as cli
from ita_dash.domain.fiscal import Month, fiscal_year_of
from ita_dash.domain.model import Actor, OitStatus
from ita_dash.domain.pages import shared
from ita_dash.domain.settings import DEFAULT
from ita_dash.domain.status import assess_unit
from ita_dash.domain.thaidate import MONTHS_FULL, TODAY_SETTING
from ita_dash.reports.minutes import meeting_topics
from ita_dash.store.demo import UNITS, build_demo
from ita_dash.store.sql import SqlStore

FISCAL_YEAR = 2570
DAYS = FISCAL_YEAR_DAYS


def test_the_days_cover_every_month_of_one_fiscal_year():
    assert len({(d.year, d.month) for d in DAYS}) == 12 and {fiscal_year_of(d) for d in DAYS} == {FISCAL_YEAR}


@pytest.fixture(scope="module", params=DAYS, ids=lambda day: day.isoformat())
def built(request, tmp_path_factory, templates):
    """The demo built as of the day, once for the tests of this file."""
    day = request.param
    url = f"sqlite:///{tmp_path_factory.mktemp(f'demo-{day}') / 'ita.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TODAY_SETTING, day.isoformat())
        store = SqlStore(url)
        build_demo(store, templates, day)
        store.close()
    return day, url


@pytest.fixture
def day_demo(built, monkeypatch):
    day, url = built
    monkeypatch.setenv(TODAY_SETTING, day.isoformat())
    return day, url


def _pages(count_of: bytes) -> int:
    return len(PdfReader(io.BytesIO(count_of)).pages)


def test_every_page_and_output_holds_on_a_day_of_each_month(day_demo, monkeypatch, tmp_path):
    day, url = day_demo
    for page in shared():  # the pages in every role's menu (the page registry)
        app = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy=str(FISCAL_YEAR))
        app.switch_page(page.path).run()
        assert not app.exception, (day, page.stem, app.exception)
        assert not app.error, (day, page.stem, [e.value for e in app.error])
        assert drawn(app) == page.stem, (day, page.stem, drawn(app))
    meeting = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy=str(FISCAL_YEAR), meeting="1")
    meeting.run()  # the projector screen is shown in meeting mode only
    assert drawn(meeting) == "meeting" and not meeting.exception and not meeting.error, (day, meeting.exception)
    head = make_app(monkeypatch, url, user="demo.head", unit="DEMO-01", fy=str(FISCAL_YEAR))
    head.switch_page("pages/my_section.py").run()
    assert not head.exception and not head.error, (day, head.exception)
    province = make_app(monkeypatch, url, user="demo.province", fy=str(FISCAL_YEAR))
    province.switch_page("pages/province.py").run()
    assert not province.exception and not province.error, (day, province.exception)

    for kind, where, suffix in [("summary", ["--unit", "DEMO-01"], ".pdf"), ("summary", ["--unit", "DEMO-IM"], ".pdf"),
                                ("results", ["--unit", "DEMO-01"], ".pdf"), ("results", ["--unit", "DEMO-01"], ".xlsx"),
                                ("results", ["--unit", "DEMO-01"], ".docx"), ("monthly", ["--unit", "DEMO-01"], ".xlsx"),
                                ("monthly", ["--unit", "DEMO-01"], ".pdf"), ("province", ["--province", "DEMO"], ".pdf")]:
        out = tmp_path / f"{kind}-{where[1]}{suffix}"
        assert cli(["report", kind, *where, "--fy", str(FISCAL_YEAR), "--db", url, "--out", str(out)]) == 0, (day, kind)
        if suffix == ".pdf":
            pages = _pages(out.read_bytes())
            assert pages >= 1 and (kind != "summary" or pages == 1), (day, kind, where, pages)  # a one-pager is one page


# -- the demo holds together (issue 34, item 8) -------------------------------------------------------------------

# Things a note, a result or a photo may name; each one named must be in its measure's own plan row.
THINGS = ("ป้าย", "QR Code", "info graphic", "ประชุม", "เว็บไซต์", "ไลน์ OA", "PTM", "No Gift", "ของกลาง", "กต.ตร.")


def _things(text: str) -> set[str]:
    return {thing for thing in THINGS if thing in text}


def _plan_text(measure) -> str:
    return " ".join((measure.issue, measure.activity, measure.output, measure.communication))


def _thai_date(text: str) -> dt.date:
    day, month, year = re.search(r"ลงวันที่ (\d+) (\S+) (\d{4})", text).groups()
    return dt.date(int(year) - 543, MONTHS_FULL.index(month), int(day))


def test_the_demo_holds_together_on_a_day_of_each_month(built, templates):
    day, url = built
    store, actor = SqlStore(url), Actor.system("test")
    try:
        for code, *_ in UNITS:  # every report's note speaks of its own measure's work
            data = store.load_unit_year(actor, code, FISCAL_YEAR)
            measures = {m.code: m for m in data.measures}
            for report in data.follow_ups:
                assert report.entered_at.date() <= day, (day, code, report)
                plan = _plan_text(measures[report.measure_code])
                assert _things(report.note) <= _things(plan), (day, code, report.measure_code, report.note, plan)

        data = store.load_unit_year(actor, "DEMO-01", FISCAL_YEAR)
        measures = {m.code: m for m in data.measures}
        for photo in store.list_photos(actor, "DEMO-01", FISCAL_YEAR):  # each photo and result its measure's own
            assert _things(photo.caption) and _things(photo.caption) <= _things(_plan_text(measures[photo.measure_code])), (
                day, photo.measure_code, photo.caption)
            assert photo.uploaded_at.date() <= day and Month.parse(photo.month) <= Month.of(day)
        for measure in data.measures:
            written = f"{measure.achievement} {measure.outcome}"
            assert _things(written) <= _things(_plan_text(measure)), (day, measure.code, written)

        settings = store.report_settings(actor, "DEMO-01", FISCAL_YEAR)
        book = store.load_orders(actor, "DEMO-01", FISCAL_YEAR)
        held = [m.held_on for m in settings.meetings]
        appointed = _thai_date(settings.committee_order)
        assert appointed <= day and all(appointed < meeting for meeting in held), (day, appointed, held)
        assert held == sorted(held) and all(meeting <= day for meeting in held)
        assert [m.held_on for m in book.meetings] == held  # the results report and meeting mode know the same meetings
        assert held == [] or book.orders, (day, held)
        for order in book.orders:  # orders given at a meeting held, reported on after it, never after the day
            assert order.meeting_on in held and (order.due is None or order.due >= order.meeting_on)
        numbers = {o.number: o for o in book.orders}
        for report in book.reports:
            order = numbers[report.order_number]
            assert order.meeting_on < report.entered_at.date() <= day, (day, report)
            assert Month.of(order.meeting_on) <= Month.parse(report.month) <= Month.of(day)

        status = assess_unit(templates.for_year(data.unit.kind, FISCAL_YEAR), data, day)
        topics = {topic.key: topic for topic in meeting_topics(status, book, day)}
        if any(meeting < day for meeting in held):  # meeting mode opens on the meeting before
            assert topics["previous"].headline != "ข้อสั่งการครั้งก่อน: ยังไม่มี" and topics["previous"].lines, day
        waiting = [i.spec.code for i in status.oit_items if i.item.status is OitStatus.NOT_STARTED
                   and i.due and 0 <= (i.due - day).days <= DEFAULT.oit_start_days]
        chased = " ".join(line.text for line in topics["oit"].lines)
        assert all(f"{code} " in chased for code in waiting), (day, waiting, chased)  # not started: chased
    finally:
        store.close()
