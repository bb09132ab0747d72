"""The demo unit's monthly ITA meetings (issue 34): their days, the chair's orders given in each, and the sections'
monthly reports on those orders, so meeting mode opens on the orders of the meeting before.

Everything follows from the days, in order: the working committee is appointed on the fiscal year's first day
(:func:`committee_day`), it meets on the 20th of every month (:func:`meeting_days`), each meeting gives its orders,
and a section reports on an order on the 18th of each later month, never after the demo's day. The results
report's list of meetings is made from the same days (``demo_evidence``). All text is fictional, in our own words.
"""

from __future__ import annotations

import datetime as dt

from ita_dash.domain.fiscal import Month, fiscal_start
from ita_dash.domain.model import Actor, FollowUpStatus
from ita_dash.domain.orders import OrderEntry, OrderReportEntry
from ita_dash.domain.thaidate import BANGKOK

CHIEF = "พ.ต.อ.สมชาย ตัวอย่างดี ผกก.สภ.เมืองตัวอย่าง"
MEETING_DAY = 20  # of every month
REPORT_DAY = 18  # a section reports on its orders two days before the next meeting
ALL = ("admin", "patrol", "traffic", "investigation", "inquiry")

# (months after October, text, sections, (month, day) due inside the fiscal year); a police station's sections
ORDERS = [
    (0, "ให้ทุกสายงานส่งรายชื่อผู้รับผิดชอบข้อมูล OIT รายข้อให้งานอำนวยการ", ALL, (10, 31)),
    (0, "ให้งานอำนวยการปรับปรุงหน้าเว็บไซต์สถานีให้พร้อมลงข้อมูล OIT", ("admin",), (12, 31)),
    (1, "ให้งานจราจรติดป้ายช่องทางชำระค่าปรับออนไลน์ที่งานจราจรและจุดบริการ", ("traffic",), (12, 15)),
    (1, "ให้ทุกสายงานรายงานผลตามมาตรการประจำเดือนภายในวันที่ 5 ของเดือนถัดไป", ALL, (12, 5)),
    (2, "ให้สายงานที่ยังไม่เริ่มจัดทำข้อมูล OIT เริ่มร่างข้อมูลและส่งงานอำนวยการภายในสิ้นเดือนมกราคม",
     ("admin", "inquiry"), (1, 31)),
    (2, "ให้งานอำนวยการชี้แจงกำลังพลเรื่องการตอบแบบวัด IIT ก่อนเปิดระบบ", ("admin",), (12, 31)),
    (3, "ให้จุดบริการทุกจุดแนะนำผู้มาติดต่อตอบแบบวัด EIT ผ่าน QR Code", ("patrol", "traffic", "inquiry"), (2, 28)),
    (4, "ให้งานอำนวยการตรวจว่าลิงก์ข้อมูล OIT ทุกข้อเปิดได้ก่อนส่งตรวจ", ("admin",), (3, 15)),
    (5, "ให้ทุกสายงานส่งร่างรายงานผลตามมาตรการรอบหกเดือนให้งานอำนวยการ", ALL, (4, 15)),
    (6, "ให้งานสืบสวนตรวจนับของกลางให้แล้วเสร็จและรายงาน ผกก.", ("investigation",), (4, 30)),
    (7, "ให้จุดบริการสรุปข้อเสนอแนะของผู้รับบริการเพื่อปรับปรุงการให้บริการ", ("patrol", "inquiry"), (6, 30)),
    (8, "ให้งานอำนวยการเผยแพร่ผลการใช้จ่ายงบประมาณรอบเก้าเดือนบนเว็บไซต์สถานี", ("admin",), (7, 31)),
    (9, "ให้ทุกสายงานทบทวนมาตรการที่ยังไม่แล้วเสร็จและเสนอแนวทางเร่งรัด", ALL, (8, 15)),
    (10, "ให้งานอำนวยการจัดทำรายงานผลการดำเนินการตามมาตรการทั้งปีเสนอ ผกก.", ("admin",), (9, 20)),
    (11, "ให้ทุกสายงานเสนอมาตรการสำหรับปีงบประมาณถัดไป", ALL, (9, 30)),
]
SLOW = "traffic"  # one section that lags, so the meeting has an order to chase
NOTES = {FollowUpStatus.IN_PROGRESS: "อยู่ระหว่างดำเนินการตามข้อสั่งการ", FollowUpStatus.DONE: "ดำเนินการตามข้อสั่งการแล้ว"}


def committee_day(fiscal_year: int) -> dt.date:
    """The day the working committee is appointed: the fiscal year's first day, before any of its meetings."""
    return fiscal_start(fiscal_year)


def meeting_days(fiscal_year: int, as_of: dt.date) -> list[dt.date]:
    """The 20th of every month of the fiscal year up to ``as_of``."""
    days, month = [], Month.of(fiscal_start(fiscal_year))
    while len(days) < 12 and month.first_day.replace(day=MEETING_DAY) <= as_of:
        days.append(month.first_day.replace(day=MEETING_DAY))
        month = month.next()
    return days


def attendees(chief: str, heads: list[str]) -> str:
    return "\n".join([f"{chief} ประธานที่ประชุม", *heads])


def _due(meeting: dt.date, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    due = dt.date(meeting.year + (1 if month < meeting.month else 0), month, day)
    return max(due, meeting)


def _progress(given: dt.date, due: dt.date, reported: dt.date, section: str) -> tuple[FollowUpStatus, int]:
    """Where a section stands on an order on the day it reports: on pace to finish by the due date (the slow
    section at two thirds of that pace)."""
    share = (reported - given).days / max(1, (due - given).days)
    if section == SLOW:
        share *= 2 / 3
    if share >= 1:
        return FollowUpStatus.DONE, 100
    return FollowUpStatus.IN_PROGRESS, max(10, min(90, int(share * 100) // 10 * 10))


def add_demo_meetings(store, actor: Actor, unit_code: str, fiscal_year: int, as_of: dt.date, chief: str,
                      sections: dict[str, str]) -> None:
    """Record the unit's meetings up to ``as_of`` with their attendees, the orders given in each and the sections'
    reports on them. Skipped when the unit's year already has meetings or orders (a demo built again keeps them)."""
    book = store.load_orders(actor, unit_code, fiscal_year)
    if book.meetings or book.orders:
        return
    days = meeting_days(fiscal_year, as_of)
    people = attendees(chief, list(sections.values()))
    for index, day in enumerate(days):
        store.save_meeting(actor, unit_code, fiscal_year, day, people)
        for number, text, assigned, due in ORDERS:
            if number != index:
                continue
            assigned = tuple(s for s in assigned if s in sections)
            if not assigned:
                continue
            order = store.save_order(actor, unit_code, fiscal_year, OrderEntry(day, text, assigned, _due(day, due)))
            _reports(store, actor, unit_code, fiscal_year, order, as_of)


def _reports(store, actor: Actor, unit_code: str, fiscal_year: int, order, as_of: dt.date) -> None:
    month, finished = Month.of(order.meeting_on), set()
    while len(finished) < len(order.sections) and (reported := month.first_day.replace(day=REPORT_DAY)) <= as_of:
        if reported > order.meeting_on:
            at = dt.datetime.combine(reported, dt.time(10, 0), tzinfo=BANGKOK)
            for section in order.sections:
                if section in finished:
                    continue  # a section reports an order done once
                status, percent = _progress(order.meeting_on, order.due, reported, section)
                store.save_order_report(actor, unit_code, fiscal_year, OrderReportEntry(
                    order.number, section, str(month), status, percent, NOTES[status]), now=at)
                if status is FollowUpStatus.DONE:
                    finished.add(section)
        month = month.next()
