"""The chair's orders (issue 17): domain rules, and the store on SQLite and PostgreSQL — permissions, versions,
audit, the data version — and the command line."""

import datetime as dt
import json
import subprocess
import sys

import pytest
from sqlalchemy import select

from helpers.databases import copy_database
from helpers.environment import ROOT
from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.lights import Light
from ita_dash.domain.model import Actor, FollowUpStatus
from ita_dash.domain.orders import (
    ChairOrder,
    OrderBook,
    OrderEntry,
    OrderReport,
    OrderReportEntry,
    OrderStatus,
    assess_order,
    previous_orders,
)
from ita_dash.domain.permissions import NotAllowed
from ita_dash.store.base import StaleVersion
from ita_dash.store.demo import DEMO_ACCOUNTS
from ita_dash.store.tables import AuditRow

USERS = {user.username: user for user, _ in DEMO_ACCOUNTS}
HEAD = USERS["demo.head"].as_actor()  # section head of DEMO-01, งานอำนวยการ (admin)
CHIEF = USERS["demo.chief"].as_actor()
VIEWER = USERS["demo.viewer"].as_actor()
PROVINCE = USERS["demo.province"].as_actor()
NOW = dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)
FY = 2570
MEETING = dt.date(2026, 11, 20)


@pytest.fixture
def bare_store(demo_store):
    """The demo without its unit's meetings and orders (the demo holds a year of them, issue 34): these tests give
    the first order of the year."""
    from sqlalchemy import delete

    from ita_dash.store.tables import ChairOrderReportRow, ChairOrderRow, MeetingRow

    with demo_store.engine.begin() as connection:
        for table in (ChairOrderReportRow, ChairOrderRow, MeetingRow):
            connection.execute(delete(table))
        connection.execute(delete(AuditRow).where(AuditRow.record_key.startswith("chair_order:")
                                                  | AuditRow.record_key.startswith("meeting:")))
    return demo_store


def audit_lines(store, key_prefix: str) -> list[AuditRow]:
    with store.engine.connect() as connection:
        return connection.execute(select(AuditRow).where(AuditRow.record_key.startswith(key_prefix))).all()


def new_order(text="ติดตั้งป้ายประกาศช่องทางร้องเรียนให้ครบทุกจุด", sections=("admin", "patrol"), due=dt.date(2026, 12, 31)):
    return OrderEntry(MEETING, text, tuple(sections), due)


# -- domain --------------------------------------------------------------------------------------------------


def _order(number=1, sections=("admin", "patrol"), due=dt.date(2026, 12, 31), status=OrderStatus.OPEN, on=MEETING):
    return ChairOrder(number=number, meeting_on=on, text="ข้อ", sections=list(sections), due=due, status=status)


def _report(number, section, status, month="2026-11", percent=None):
    at = dt.datetime(int(month[:4]), int(month[5:]), 15, 3, 0, tzinfo=dt.UTC)
    return OrderReport(order_number=number, section=section, month=month, status=status, percent=percent,
                       entered_at=at)


def test_an_order_is_done_when_every_section_reports_it_done_or_the_chief_closes_it():
    order = _order()
    half = [_report(1, "admin", FollowUpStatus.DONE, percent=100)]
    assert not assess_order(order, half, dt.date(2026, 11, 25)).done
    both = half + [_report(1, "patrol", FollowUpStatus.DONE, percent=100)]
    assert assess_order(order, both, dt.date(2026, 11, 25)).done
    assert assess_order(_order(status=OrderStatus.DONE), [], dt.date(2026, 11, 25)).done


def test_an_open_order_past_its_due_date_is_red_and_near_it_amber():
    assert assess_order(_order(), [], dt.date(2027, 1, 2)).light is Light.RED
    assert assess_order(_order(), [], dt.date(2026, 12, 20)).light is Light.AMBER
    assert assess_order(_order(status=OrderStatus.CANCELLED), [], dt.date(2027, 1, 2)).light is Light.GREY


def test_the_next_meeting_opens_with_the_previous_meetings_orders():
    earlier = dt.date(2026, 10, 20)
    book = OrderBook(orders=[_order(1, on=earlier), _order(2, on=earlier), _order(3, on=MEETING)],
                     reports=[_report(1, s, FollowUpStatus.DONE, "2026-10", 100) for s in ("admin", "patrol")])
    summary = previous_orders(book, MEETING)
    assert summary.meeting_on == earlier and (summary.total, summary.done) == (2, 1)
    assert summary.headline() == "ข้อสั่งการครั้งก่อน: 2 รายการ, เสร็จ 1"
    assert previous_orders(book, earlier).headline() == "ข้อสั่งการครั้งก่อน: ยังไม่มี"


def test_a_meeting_that_gave_no_orders_is_still_the_meeting_before():
    """Issue 34: meeting mode said "ยังไม่มี" while the unit had met twice (meetings with no orders in the book)."""
    from ita_dash.domain.orders import Meeting

    book = OrderBook(meetings=[Meeting(held_on=dt.date(2026, 10, 20))], orders=[_order(1, on=dt.date(2026, 9, 20))])
    summary = previous_orders(book, MEETING)
    assert summary.meeting_on == dt.date(2026, 10, 20) and summary.total == 0
    assert summary.headline() == "ข้อสั่งการครั้งก่อน: 0 รายการ, เสร็จ 0"


# -- store, on both databases ----------------------------------------------------------------------------------


def test_the_chief_gives_orders_numbered_in_the_year_and_audited(bare_store):
    version = bare_store.data_version()
    first = bare_store.save_order(CHIEF, "DEMO-01", FY, new_order())
    second = bare_store.save_order(CHIEF, "DEMO-01", FY, new_order("ตรวจสอบการเผยแพร่ข้อมูล", ("admin",)))
    assert (first.number, second.number) == (1, 2) and first.created_by == "demo.chief"
    assert bare_store.data_version() == version + 2
    book = bare_store.load_orders(VIEWER, "DEMO-01", FY)
    assert [o.number for o in book.orders] == [1, 2] and book.orders[0].sections == ["admin", "patrol"]
    lines = audit_lines(bare_store, "chair_order:DEMO-01/2570/1")
    assert {line.field for line in lines} >= {"text", "sections", "due", "meeting_on"}
    assert all(line.username == "demo.chief" for line in lines)


def test_only_the_chief_gives_orders_and_only_assigned_sections_report(bare_store):
    for actor in (HEAD, VIEWER, PROVINCE):
        with pytest.raises(NotAllowed):
            bare_store.save_order(actor, "DEMO-01", FY, new_order())
    bare_store.save_order(CHIEF, "DEMO-01", FY, new_order(sections=("patrol",)))
    version = bare_store.data_version()
    with pytest.raises(NotAllowed):  # not assigned to the head's section
        bare_store.save_order_report(HEAD, "DEMO-01", FY, OrderReportEntry(1, "patrol", "2026-11",
                                                                            FollowUpStatus.IN_PROGRESS, 50), NOW)
    with pytest.raises(NotAllowed):
        bare_store.save_order_report(VIEWER, "DEMO-01", FY, OrderReportEntry(1, "patrol", "2026-11",
                                                                              FollowUpStatus.IN_PROGRESS, 50), NOW)
    assert bare_store.data_version() == version
    with pytest.raises(NotAllowed):  # another unit's chief
        other = Actor(username="x", role=CHIEF.role, unit_code="DEMO-02")
        bare_store.save_order(other, "DEMO-01", FY, new_order())


def test_a_section_reports_on_its_order_monthly_with_versions(bare_store):
    bare_store.save_order(CHIEF, "DEMO-01", FY, new_order())
    report = bare_store.save_order_report(HEAD, "DEMO-01", FY, OrderReportEntry(
        1, "admin", "2026-11", FollowUpStatus.IN_PROGRESS, 50, "สั่งทำป้ายแล้ว"), NOW)
    assert report.version == 1 and report.entered_by == "demo.head"
    with pytest.raises(StaleVersion):  # a second "first" report for the same month
        bare_store.save_order_report(CHIEF, "DEMO-01", FY, OrderReportEntry(
            1, "admin", "2026-11", FollowUpStatus.DONE, 100), NOW)
    changed = bare_store.save_order_report(HEAD, "DEMO-01", FY, OrderReportEntry(
        1, "admin", "2026-11", FollowUpStatus.DONE, 100, "ติดตั้งครบ", base_version=1), NOW)
    assert changed.version == 2
    with pytest.raises(StaleVersion):
        bare_store.save_order_report(HEAD, "DEMO-01", FY, OrderReportEntry(
            1, "admin", "2026-11", FollowUpStatus.IN_PROGRESS, 60, base_version=1), NOW)
    lines = audit_lines(bare_store, "chair_order:DEMO-01/2570/1/admin/2026-11")
    assert [(line.field, line.old_value, line.new_value) for line in lines if line.field == "status"] == [
        ("status", None, "in_progress"), ("status", "in_progress", "done")]
    book = bare_store.load_orders(CHIEF, "DEMO-01", FY)
    assert [(r.section, r.status, r.percent) for r in book.reports] == [("admin", FollowUpStatus.DONE, 100)]


def test_changing_an_order_needs_its_version_and_bad_input_is_refused(bare_store):
    order = bare_store.save_order(CHIEF, "DEMO-01", FY, new_order())
    closed = bare_store.save_order(CHIEF, "DEMO-01", FY, OrderEntry(
        MEETING, order.text, tuple(order.sections), order.due, OrderStatus.DONE, 1, base_version=1))
    assert closed.status is OrderStatus.DONE and closed.version == 2
    with pytest.raises(StaleVersion) as stale:
        bare_store.save_order(CHIEF, "DEMO-01", FY, OrderEntry(
            MEETING, "อื่น", tuple(order.sections), order.due, OrderStatus.OPEN, 1, base_version=1))
    assert stale.value.current.status is OrderStatus.DONE
    version = bare_store.data_version()
    for bad, field in ((new_order(text="  "), "text"), (new_order(sections=()), "sections"),
                       (new_order(sections=("nope",)), "sections"), (new_order(due=dt.date(2026, 1, 1)), "due"),
                       (new_order(text="ก" * 1001), "text"), (new_order(text="ป้าย\x00"), "text")):
        with pytest.raises(InvalidEntry) as refused:
            bare_store.save_order(CHIEF, "DEMO-01", FY, bad)
        assert field in refused.value.errors
    assert bare_store.data_version() == version


def test_a_meeting_records_its_attendees(bare_store):
    meeting = bare_store.save_meeting(CHIEF, "DEMO-01", FY, MEETING, "พ.ต.อ.สมชาย ใจดี\nพ.ต.ท.สมศักดิ์ รักงาน")
    assert meeting.version == 1
    again = bare_store.save_meeting(CHIEF, "DEMO-01", FY, MEETING, "พ.ต.อ.สมชาย ใจดี", base_version=1)
    assert again.version == 2
    with pytest.raises(NotAllowed):
        bare_store.save_meeting(HEAD, "DEMO-01", FY, MEETING, "")
    assert bare_store.load_orders(CHIEF, "DEMO-01", FY).meetings[0].attendees == "พ.ต.อ.สมชาย ใจดี"


def test_orders_cli_lists_the_orders(demo_db, tmp_path):

    from ita_dash.store.sql import SqlStore

    path = tmp_path / "ita.db"
    url = copy_database(demo_db, path)
    store = SqlStore(url)
    store.save_order(CHIEF, "DEMO-01", FY, new_order())
    store.close()
    run = subprocess.run([sys.executable, "-m", "ita_dash", "--db", url, "orders", "list", "--unit", "DEMO-01",
                          "--fy", "2570", "--json"], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    listed = json.loads(run.stdout)
    given = [o for o in listed if o["text"] == new_order().text]  # beside the demo's own orders
    assert len(given) == 1 and given[0]["sections"] == ["admin", "patrol"]
    plain = subprocess.run([sys.executable, "-m", "ita_dash", "--db", url, "orders", "list", "--unit", "DEMO-01",
                            "--fy", "2570"], capture_output=True, text=True, cwd=ROOT)
    assert plain.returncode == 0 and "ติดตั้งป้าย" in plain.stdout


def test_the_orders_block_for_the_one_pager_draws_on_a_pdf_page():
    from ita_dash.reports.minutes import orders_block
    from ita_dash.reports.pdf import ThaiPDF

    pdf = ThaiPDF()
    pdf.add_page()
    states = [assess_order(_order(n), [], dt.date(2026, 12, 20)) for n in range(1, 7)]
    bottom = orders_block(pdf, 20, states)
    assert 20 < bottom < 60  # four lines and "และอีก 2 รายการ"
    assert bytes(pdf.output()).startswith(b"%PDF")


def test_minutes_carry_the_date_attendees_topics_and_orders_in_pdf_and_word(bare_store, templates):
    import io

    from docx import Document

    from ita_dash.domain.status import assess_unit
    from ita_dash.reports.minutes import minutes_docx, minutes_of, minutes_pdf, minutes_text

    bare_store.save_meeting(CHIEF, "DEMO-01", FY, MEETING, "พ.ต.อ.สมชาย ใจดี\nพ.ต.ท.สมศักดิ์ รักงาน")
    bare_store.save_order(CHIEF, "DEMO-01", FY, new_order("=HYPERLINK(\"http://x\") ป้าย"))
    data = bare_store.load_unit_year(CHIEF, "DEMO-01", FY)
    status = assess_unit(templates.for_year(data.unit.kind, FY), data, MEETING)
    minutes = minutes_of(status, bare_store.load_orders(CHIEF, "DEMO-01", FY), MEETING)
    paragraphs = [text for _, text in minutes_text(minutes)]
    assert "1. พ.ต.อ.สมชาย ใจดี" in paragraphs and any("20 พฤศจิกายน 2569" in p for p in paragraphs)
    assert [t.title for t in minutes.topics][-1] == "ข้อสั่งการ"
    assert any(p.startswith("[เขียว] ข้อสั่งการที่ 1: =HYPERLINK") for p in paragraphs)
    word = Document(io.BytesIO(minutes_docx(minutes)))
    texts = [p.text for p in word.paragraphs]
    assert texts == [t for t in paragraphs]  # the same paragraphs, user text as plain runs
    assert not word.element.xpath("//w:fldSimple|//w:instrText")  # no field made from what people typed
    assert minutes_pdf(minutes).startswith(b"%PDF")


def test_deleting_the_province_takes_its_orders_with_it(bare_store):
    from ita_dash.store.tables import ChairOrderReportRow, ChairOrderRow, MeetingRow

    bare_store.save_order(CHIEF, "DEMO-01", FY, new_order())
    bare_store.save_order_report(HEAD, "DEMO-01", FY, OrderReportEntry(1, "admin", "2026-11",
                                                                        FollowUpStatus.IN_PROGRESS, 20), NOW)
    bare_store.save_meeting(CHIEF, "DEMO-01", FY, MEETING, "")
    bare_store.delete_province(Actor.system("test"), "DEMO")  # demo --reset
    with bare_store.engine.connect() as connection:
        for table in (ChairOrderRow, ChairOrderReportRow, MeetingRow):
            assert connection.execute(select(table)).first() is None


def test_open_orders_print_on_the_one_pager_and_it_stays_one_page(bare_store, templates):
    """Issue 17: the chair's orders print on the one-pager (in the room above the footer, never a second page)."""
    import io

    from pypdf import PdfReader

    from ita_dash.domain.orders import OrderEntry, assess_orders
    from ita_dash.domain.status import assess_unit
    from ita_dash.reports.summary import unit_summary_pdf

    actor, day = Actor.system("test"), dt.date(2026, 11, 21)
    data = bare_store.load_unit_year(actor, "DEMO-01", 2570)
    sections = tuple(s.code for s in data.sections[:2])
    for number in range(1, 13):
        bare_store.save_order(actor, "DEMO-01", 2570, OrderEntry(
            meeting_on=dt.date(2026, 11, 5), text=f"ข้อสั่งการทดสอบที่ {number} ให้ติดป้ายประชาสัมพันธ์ที่จุดบริการ",
            sections=sections, due=dt.date(2026, 11, 15)))
    status = assess_unit(templates.for_year(data.unit.kind, 2570), data, day)
    states = assess_orders(bare_store.load_orders(actor, "DEMO-01", 2570), day)
    reader = PdfReader(io.BytesIO(unit_summary_pdf(status, orders=states)))
    text = reader.pages[0].extract_text()
    assert len(reader.pages) == 1
    assert "ข้อสั่งการของประธาน · ค้าง 12 · เสร็จ 0" in text
    assert "ข้อสั่งการที่ 1:" in text and "และอีก" in text  # the rest counted, not dropped silently
    assert "ข้อสั่งการของประธาน" not in PdfReader(io.BytesIO(unit_summary_pdf(status))).pages[0].extract_text()
