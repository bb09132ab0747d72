"""The chair's orders (ข้อสั่งการของประธาน): what the chief orders in the monthly meeting, to which sections, by when,
and how each section reports on it month by month until it is done.

Pure rules: the records, the checks on what people type, who may do what, and when an order counts as done or late.
The store keeps the records (versioned and audited like measures); pages and reports only draw what these say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from pydantic import Field

from .entries import report_errors
from .fields import Limit, limit_of, text_problem
from .fiscal import Month, fiscal_end, fiscal_start
from .lights import Light
from .model import Actor, Code, FollowUpStatus, Record, Role, ShortText, UnitKind
from .permissions import NotAllowed, is_unit_manager, says, who
from .wording import LINES_OF_WORK, Words, words_of

TEXT_MAX = limit_of("order_text").chars
ATTENDEES_MAX = limit_of("attendees").chars
NOTE_MAX = limit_of("note").chars
SECTIONS_MAX = 20


class OrderStatus(str, Enum):
    OPEN = "open"  # being worked on; done when every section reports it done
    DONE = "done"  # closed by the chief
    CANCELLED = "cancelled"  # withdrawn by the chief


ORDER_STATUS_LABELS = {OrderStatus.OPEN: "ยังดำเนินการ", OrderStatus.DONE: "ปิดแล้ว (เสร็จ)",
                       OrderStatus.CANCELLED: "ยกเลิก"}


class Meeting(Record):
    """One monthly meeting of a unit: the day and who attended (for the minutes)."""

    held_on: dt.date
    attendees: Annotated[str, Field(max_length=ATTENDEES_MAX)] = ""
    version: int = 1


class ChairOrder(Record):
    """An order of the chair, numbered within the unit's fiscal year (ข้อสั่งการที่ 1, 2, …)."""

    number: Annotated[int, Field(ge=1)]
    meeting_on: dt.date
    text: Annotated[str, Field(min_length=1, max_length=TEXT_MAX)]
    sections: Annotated[list[Code], Field(min_length=1, max_length=SECTIONS_MAX)]
    due: dt.date | None = None
    status: OrderStatus = OrderStatus.OPEN
    created_by: ShortText = ""
    version: int = 1

    @property
    def label(self) -> str:
        return f"ข้อสั่งการที่ {self.number}"


class OrderReport(Record):
    """One section's report on one order for one month, like a measure's follow-up."""

    order_number: int
    section: Code
    month: str  # YYYY-MM
    status: FollowUpStatus
    percent: Annotated[int, Field(ge=0, le=100)] | None = None
    note: Annotated[str, Field(max_length=NOTE_MAX)] = ""
    entered_by: ShortText = ""
    entered_at: dt.datetime
    version: int = 1


class OrderBook(Record):
    """Every meeting, order and order report of one unit's fiscal year."""

    meetings: list[Meeting] = []
    orders: list[ChairOrder] = []
    reports: list[OrderReport] = []
    kind: UnitKind | None = None  # the unit's kind: its orders speak of สายงาน or กอง


# -- what people type ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderEntry:
    """A new order (``number`` None) or a change to one, as the chief enters it in the meeting."""

    meeting_on: dt.date
    text: str
    sections: tuple[str, ...]
    due: dt.date | None = None
    status: OrderStatus = OrderStatus.OPEN
    number: int | None = None
    base_version: int | None = None


@dataclass(frozen=True)
class OrderReportEntry:
    order_number: int
    section: str
    month: str
    status: FollowUpStatus
    percent: int | None = None
    note: str = ""
    base_version: int | None = None


ORDER_FIELD_LABELS = {"text": "ข้อสั่งการ", "sections": "มอบหมายสายงาน", "due": "กำหนดเสร็จ",
                      "meeting_on": "วันที่ประชุม", "attendees": "ผู้เข้าประชุม", "status": "สถานะ",
                      "percent": "ร้อยละความคืบหน้า", "note": "บันทึก", "month": "เดือน", "section": "สายงาน"}
# written in a police station's words; the page says them in the unit's (``Words.say``)


def order_errors(entry: OrderEntry, fiscal_year: int, known_sections: set[str],
                 words: Words = LINES_OF_WORK) -> dict[str, str]:
    """``words``: the unit's (a local administration's orders go to กอง)."""
    errors: dict[str, str] = {}
    text = entry.text.strip()
    if not text:
        errors["text"] = "พิมพ์ข้อสั่งการก่อนบันทึก"
    elif problem := text_problem(text, Limit(TEXT_MAX, multiline=True)):
        errors["text"] = problem
    if not entry.sections:
        errors["sections"] = f"เลือกอย่างน้อยหนึ่ง{words.section}"
    elif len(entry.sections) > SECTIONS_MAX:
        errors["sections"] = f"เลือกได้ไม่เกิน {SECTIONS_MAX} {words.section}"
    elif unknown := [s for s in entry.sections if s not in known_sections]:
        errors["sections"] = f"ไม่พบ{words.section} {', '.join(unknown)} ในหน่วยนี้"
    low, high = fiscal_start(fiscal_year), fiscal_end(fiscal_year)
    if not low <= entry.meeting_on <= high:
        errors["meeting_on"] = f"ต้องอยู่ในปีงบประมาณ {fiscal_year}"
    if entry.due is not None and entry.due < entry.meeting_on:
        errors["due"] = "กำหนดเสร็จต้องไม่ก่อนวันที่ประชุม"
    if not isinstance(entry.status, OrderStatus):
        errors["status"] = "ไม่รู้จักสถานะนี้"
    return errors


def order_report_errors(entry: OrderReportEntry, order: ChairOrder, today: dt.date,
                        words: Words = LINES_OF_WORK) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        month = Month.parse(entry.month)
    except ValueError:
        errors["month"] = "รูปแบบเดือนไม่ถูกต้อง"
    else:
        if month > Month.of(today):
            errors["month"] = f"ยังรายงานล่วงหน้าไม่ได้ ({month.label()} ยังไม่เริ่ม)"
        elif month < Month.of(order.meeting_on):
            errors["month"] = "ข้อสั่งการนี้ยังไม่มีในเดือนนั้น"
    if entry.section not in order.sections:
        errors["section"] = f"ข้อสั่งการนี้ไม่ได้มอบหมายให้{words.section} {entry.section}"
    return errors | report_errors(entry.status, entry.percent, entry.note, Limit(NOTE_MAX, multiline=True))


def attendees_errors(attendees: str) -> dict[str, str]:
    problem = text_problem(attendees, Limit(ATTENDEES_MAX, multiline=True))
    return {"attendees": problem} if problem else {}


# -- who may do what (the same shape as measures: the chief orders, the sections report) -------------------


def check_give_order(actor: Actor, unit_code: str) -> None:
    """Adding, changing, closing an order and recording the meeting: the chief (and admin)."""
    if not is_unit_manager(actor, unit_code):
        raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์บันทึกข้อสั่งการ — เฉพาะหัวหน้าหน่วยและผู้ดูแลระบบ")


def can_report_order(actor: Actor, unit_code: str, order: ChairOrder, section: str) -> bool:
    if is_unit_manager(actor, unit_code):
        return True
    return (actor.role is Role.SECTION_HEAD and actor.unit_code == unit_code and actor.section_code == section
            and section in order.sections)


def check_report_order(actor: Actor, unit_code: str, order: ChairOrder, section: str) -> None:
    if not can_report_order(actor, unit_code, order, section):
        raise NotAllowed(says(actor, f"{who(actor)} รายงานผล{order.label}ได้เฉพาะเมื่อมอบหมายให้สายงานของตนเอง"))


# -- where an order stands ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrderState:
    order: ChairOrder
    done: bool
    light: Light
    latest: dict[str, OrderReport]  # section → its latest report known on the day
    reason: str

    @property
    def percent(self) -> int | None:
        values = [100 if r.status is FollowUpStatus.DONE else r.percent for r in self.latest.values()]
        values = [v for v in values if v is not None]
        if len(values) < len(self.order.sections):
            values += [0] * (len(self.order.sections) - len(values))
        return round(sum(values) / len(values)) if values else None


def assess_order(order: ChairOrder, reports: list[OrderReport], as_of: dt.date, soon_days: int = 14,
                 words: Words = LINES_OF_WORK) -> OrderState:
    """Done when the chief closed it or every assigned section's latest report says done; red after its due date,
    amber within ``soon_days`` of it or when a section has not reported last month; cancelled orders are grey."""
    latest: dict[str, OrderReport] = {}
    for report in sorted((r for r in reports if r.order_number == order.number and r.section in order.sections
                          and r.entered_at.date() <= as_of), key=lambda r: (r.month, r.entered_at)):
        latest[report.section] = report
    if order.status is OrderStatus.CANCELLED:
        return OrderState(order, False, Light.GREY, latest, "ยกเลิก")
    done = order.status is OrderStatus.DONE or (
        all(s in latest and latest[s].status is FollowUpStatus.DONE for s in order.sections))
    if done:
        return OrderState(order, True, Light.GREEN, latest, "เสร็จแล้ว")
    if order.due is not None and as_of > order.due:
        return OrderState(order, False, Light.RED, latest, f"เลยกำหนด {(as_of - order.due).days} วัน")
    silent = [s for s in order.sections if s not in latest]
    if order.due is not None and (order.due - as_of).days <= soon_days:
        return OrderState(order, False, Light.AMBER, latest, f"ใกล้กำหนด อีก {(order.due - as_of).days} วัน")
    if silent and Month.of(as_of) > Month.of(order.meeting_on):
        return OrderState(order, False, Light.AMBER, latest, f"ยังไม่รายงาน {len(silent)} {words.section}")
    return OrderState(order, False, Light.GREEN, latest, "อยู่ระหว่างดำเนินการ")


def assess_orders(book: OrderBook, as_of: dt.date) -> list[OrderState]:
    """Every order given by ``as_of``, open ones first (red, amber, green), then done, then cancelled."""
    rank = {Light.RED: 0, Light.AMBER: 1, Light.GREEN: 2, Light.GREY: 4}
    words = words_of(book.kind)
    states = [assess_order(o, book.reports, as_of, words=words) for o in book.orders if o.meeting_on <= as_of]
    return sorted(states, key=lambda s: (3 if s.done else rank[s.light], s.order.number))


def for_section(states: list[OrderState], section: str) -> list[OrderState]:
    return [s for s in states if section in s.order.sections]


@dataclass(frozen=True)
class PreviousOrders:
    meeting_on: dt.date | None
    total: int
    done: int
    states: tuple[OrderState, ...]

    def headline(self) -> str:
        if self.meeting_on is None:
            return "ข้อสั่งการครั้งก่อน: ยังไม่มี"
        return f"ข้อสั่งการครั้งก่อน: {self.total} รายการ, เสร็จ {self.done}"


def previous_orders(book: OrderBook, meeting_on: dt.date) -> PreviousOrders:
    """The orders of the latest meeting before ``meeting_on``, judged on ``meeting_on`` (the opening of a meeting).
    A meeting recorded without orders is still the previous meeting: it gave none, which is not "no meeting yet"."""
    earlier = sorted({o.meeting_on for o in book.orders if o.meeting_on < meeting_on}
                     | {m.held_on for m in book.meetings if m.held_on < meeting_on})
    if not earlier:
        return PreviousOrders(None, 0, 0, ())
    day = earlier[-1]
    states = tuple(assess_order(o, book.reports, meeting_on, words=words_of(book.kind)) for o in book.orders
                   if o.meeting_on == day and o.status is not OrderStatus.CANCELLED)
    return PreviousOrders(day, len(states), sum(1 for s in states if s.done), states)


def order_key(unit_code: str, fiscal_year: int, number: int) -> str:
    """The audit trail's record key of an order."""
    return f"chair_order:{unit_code}/{fiscal_year}/{number}"
