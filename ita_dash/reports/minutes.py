"""The monthly meeting (issue 17): its topics, computed once from a unit's status and its chair's orders, and the
printable minutes (PDF and .docx) made from the same topics.

The meeting page draws :func:`meeting_topics` one per screen; the minutes print every topic, then the orders given.
Nothing here decides a colour: lights and reasons come from the domain rules.

The .docx is written through ``reports/word.py`` (A4, TH Sarabun New, Thai page numbers) like every Word output.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ita_dash.domain.agenda import oit_to_chase
from ita_dash.domain.figure_text import oit_published_text
from ita_dash.domain.followup import SECTION_MONTH_LABELS
from ita_dash.domain.lights import LIGHT_LABELS, Light
from ita_dash.domain.orders import OrderBook, OrderState, assess_orders, previous_orders
from ita_dash.domain.status import UnitStatus
from ita_dash.domain.thaidate import format_date
from ita_dash.domain.wording import words_of


@dataclass(frozen=True)
class Line:
    text: str
    light: Light | None = None
    detail: str = ""  # whose: section · head


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    light: Light | None = None
    caption: str = ""


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    headline: str = ""
    figures: tuple[Figure, ...] = ()
    lines: tuple[Line, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # header row first
    empty: str = ""  # said when the topic has no figures, lines or table rows
    orders: tuple[OrderState, ...] = field(default=())


ORDERS_TITLE = "ข้อสั่งการ"


def _names(status: UnitStatus) -> dict[str, str]:
    return {s.code: s.name for s in status.data.sections}


def _order_line(state: OrderState, names: dict[str, str]) -> Line:
    order = state.order
    due = f"กำหนดเสร็จ {format_date(order.due)}" if order.due else "ไม่มีกำหนดเสร็จ"
    percent = "" if state.percent is None else f" · {state.percent}%"
    whom = ", ".join(names.get(s, s) for s in order.sections)
    return Line(f"{order.label}: {order.text}", state.light, f"{whom} · {due} · {state.reason}{percent}")


def meeting_topics(status: UnitStatus, book: OrderBook, meeting_on: dt.date | None = None) -> list[Topic]:
    """Every topic of the meeting held on ``meeting_on`` (default: the status's day), in the order they are shown."""
    meeting_on = meeting_on or status.as_of
    names = _names(status)
    topics: list[Topic] = []

    before = previous_orders(book, meeting_on)
    topics.append(Topic(
        "previous", "ข้อสั่งการครั้งก่อน", before.headline(),
        lines=tuple(_order_line(s, names) for s in before.states),
        empty="" if before.meeting_on is None else "ไม่มีข้อสั่งการในการประชุมครั้งก่อน"))

    problems = tuple(Line(r.text, r.light, " · ".join(p for p in (r.section, r.owner) if p))
                     for i in status.indicators for r in i.reasons if r.light in (Light.RED, Light.AMBER))
    topics.append(Topic(
        "indicators", "ตัวชี้วัด 10 ตัว",
        f"แดง {sum(i.light is Light.RED for i in status.indicators)} · "
        f"เหลือง {sum(i.light is Light.AMBER for i in status.indicators)} · "
        f"เขียว {sum(i.light is Light.GREEN for i in status.indicators)}",
        figures=tuple(Figure(f"{i.number}. {i.name}", LIGHT_LABELS[i.light], i.light) for i in status.indicators),
        lines=problems))

    month = status.report_month
    words = words_of(status.data.unit.kind)
    rows = [(words.section, words.section_head, "สถานะ", "ส่งแล้ว/ต้องส่ง", "ยังไม่ส่ง")]
    heads = {s.code: s.head_name for s in status.data.sections}
    for cell in status.sections_for(month):
        rows.append((names.get(cell.section, words.no_section), heads.get(cell.section, ""),
                     SECTION_MONTH_LABELS[cell.status], f"{len(cell.received)}/{len(cell.due)}", ", ".join(cell.missing)))
    topics.append(Topic("monthly", "การรายงานผลรายเดือน", f"เดือน {month.label()}",
                        table=tuple(rows) if len(rows) > 1 else (), empty="ไม่มีรายงานที่ต้องส่งในเดือนนี้"))

    figures = []
    for quota in status.quotas:
        needed = f" · ต้องได้เพิ่มวันละ {quota.pace.per_day_needed} คน" if quota.pace and quota.pace.per_day_needed else ""
        figures.append(Figure(quota.label, quota.target_text, quota.light, quota.reason + needed))
    readiness = status.readiness
    if figures:  # the index beside the counts it is made of, said as every output says it (issue 34)
        figures.append(Figure("ดัชนีความพร้อม (ของหน่วยเอง)", readiness.text(), None,
                              readiness.first_moves() or readiness.formula()))
    topics.append(Topic("quotas", "จำนวนผู้ตอบแบบวัด", figures=tuple(figures), empty="แม่แบบไม่ระบุจำนวนขั้นต่ำ"))

    chased = tuple(Line(c.text, c.light, " · ".join(p for p in (c.section, c.owner) if p))
                   for c in oit_to_chase(status.oit_items, status.as_of))  # late, due soon, or not started in time
    topics.append(Topic(
        "oit", "OIT",
        oit_published_text(readiness.oit_published, readiness.oit_total),
        lines=chased, empty="ไม่มีรายการ OIT ที่เลยกำหนด ใกล้กำหนด หรือยังไม่เริ่ม"))

    topics.append(Topic(
        "calendar", "กำหนดการ",
        lines=tuple(Line(f"{m.label} — {format_date(m.date)}", m.light,
                         "วันนี้" if m.days_left == 0 else f"อีก {m.days_left} วัน") for m in status.milestones[:5]),
        empty="ไม่มีกำหนดการข้างหน้า"))

    urgent = status.urgent()
    topics.append(Topic(
        "urgent", "มาตรการที่ต้องเร่งรัด", f"{len(urgent)} มาตรการ" if urgent else "",
        lines=tuple(Line(r.text, r.light, " · ".join(p for p in (r.section, r.owner) if p))
                    for r in (m.reason() for m in urgent)),
        empty="ไม่มีมาตรการเลยกำหนดหรือเสี่ยงไม่ทัน"))

    given = [s for s in assess_orders(book, meeting_on) if s.order.meeting_on == meeting_on]
    given.sort(key=lambda s: s.order.number)
    topics.append(Topic("orders", ORDERS_TITLE, f"ข้อสั่งการในการประชุมนี้ {len(given)} รายการ",
                        lines=tuple(_order_line(s, names) for s in given), orders=tuple(given),
                        empty="ยังไม่มีข้อสั่งการในการประชุมนี้"))
    return topics


# -- the minutes ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Minutes:
    unit_name: str
    fiscal_year: int
    held_on: dt.date
    attendees: tuple[str, ...]
    topics: tuple[Topic, ...]

    @property
    def title(self) -> str:
        return f"รายงานการประชุมติดตามการประเมิน ITA ประจำเดือน — {self.unit_name}"


def minutes_of(status: UnitStatus, book: OrderBook, meeting_on: dt.date) -> Minutes:
    meeting = next((m for m in book.meetings if m.held_on == meeting_on), None)
    attendees = tuple(a.strip() for a in (meeting.attendees if meeting else "").splitlines() if a.strip())
    return Minutes(status.data.unit.name, status.data.fiscal_year, meeting_on, attendees,
                   tuple(meeting_topics(status, book, meeting_on)))


def minutes_text(minutes: Minutes) -> list[tuple[str, str]]:
    """The minutes as (style, text) paragraphs: 'title', 'heading', 'text', 'item', 'detail'. Both the PDF and the
    .docx are written from this list, so they say the same."""
    out = [("title", minutes.title),
           ("text", f"ปีงบประมาณ พ.ศ. {minutes.fiscal_year} · ประชุมวันที่ {format_date(minutes.held_on, full_month=True)}"),
           ("heading", "ผู้เข้าประชุม")]
    out += [("item", f"{n}. {name}") for n, name in enumerate(minutes.attendees, 1)] or [("text", "ไม่ได้บันทึก")]
    for number, topic in enumerate(minutes.topics, 1):
        out.append(("heading", f"{number}. {topic.title}"))
        if topic.headline:
            out.append(("text", topic.headline))
        for figure in topic.figures:
            light = f" [{LIGHT_LABELS[figure.light]}]" if figure.light and figure.value != LIGHT_LABELS[figure.light] else ""
            out.append(("item", f"{figure.label}: {figure.value}{light}"))
            if figure.caption:
                out.append(("detail", figure.caption))
        for row in topic.table[1:]:
            out.append(("item", " · ".join(cell for cell in row if cell)))
        for line in topic.lines:
            light = f"[{LIGHT_LABELS[line.light]}] " if line.light else ""
            out.append(("item", f"{light}{line.text}"))
            if line.detail:
                out.append(("detail", line.detail))
        if not (topic.figures or topic.lines or topic.table) and topic.empty:
            out.append(("text", topic.empty))
    out.append(("text", ""))
    out.append(("text", "ลงชื่อ ........................................ ผู้บันทึกรายงานการประชุม"))
    out.append(("text", "ลงชื่อ ........................................ ประธานที่ประชุม"))
    return out


def minutes_pdf(minutes: Minutes) -> bytes:
    from .pdf import INK, MUTED, NAVY, ThaiPDF

    pdf = ThaiPDF(running_header=minutes.title, numbered=True)
    pdf.alias_nb_pages()
    pdf.add_page()
    styles = {"title": (14, True, NAVY, 0), "heading": (12, True, NAVY, 0), "text": (10.5, False, INK, 0),
              "item": (10.5, False, INK, 5), "detail": (9, False, MUTED, 10)}
    for style, text in minutes_text(minutes):
        size, bold, colour, indent = styles[style]
        if style == "heading":
            pdf.ln(2)
        pdf.font(size, bold, colour)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent, size * 0.5, text or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def minutes_docx(minutes: Minutes) -> bytes:
    """The minutes as a Thai official .docx (:class:`~ita_dash.reports.word.ThaiDocument`: A4, TH Sarabun New,
    Thai page numbers), the same lines as the PDF."""
    from .word import ThaiDocument

    document = ThaiDocument()
    document.properties(minutes.title, minutes.unit_name)
    sizes = {"text": None, "item": None, "detail": 14}
    for style, text in minutes_text(minutes):
        if style == "title":
            document.heading(text, level=1, centred=True)
        elif style == "heading":
            document.heading(text, level=2)
        else:
            paragraph = document.paragraph(text, size=sizes[style])  # user text is a plain run: never a field
            if style in ("item", "detail"):
                from docx.shared import Cm

                paragraph.paragraph_format.left_indent = Cm(0.75 if style == "item" else 1.5)
    return document.to_bytes()


# -- for the one-page unit summary (reports/summary.py belongs to another helper: the integrator calls this) ---------


def orders_block(pdf, y: float, states: list[OrderState], limit: int = 4) -> float:
    """Draw "ข้อสั่งการของประธาน" on a :class:`~ita_dash.reports.pdf.ThaiPDF` page from ``y``: the open orders first
    (red, amber, green), each on one line with its light, number, text and reason; returns the y below the block.
    Call with ``assess_orders(store.load_orders(actor, unit, year), as_of)``."""
    from .pdf import MUTED

    open_ = [s for s in states if not s.done and s.order.status.value == "open"]
    done = sum(1 for s in states if s.done)
    y = pdf.heading(y, f"ข้อสั่งการของประธาน · ค้าง {len(open_)} · เสร็จ {done}")
    if not open_:
        pdf.text_at(pdf.l_margin, y, pdf.epw, 5, "ไม่มีข้อสั่งการที่ค้าง", size=8.5, colour=MUTED)
        return y + 5.5
    for state in open_[:limit]:
        pdf.dot(pdf.l_margin + 1.6, y + 2.5, state.light)
        due = f" · กำหนด {format_date(state.order.due)}" if state.order.due else ""
        pdf.text_at(pdf.l_margin + 4, y, pdf.epw - 4, 5,
                    f"{state.order.label}: {state.order.text} ({state.reason}{due})", size=8.5)
        y += 5
    if len(open_) > limit:
        pdf.text_at(pdf.l_margin + 4, y, pdf.epw - 4, 5, f"และอีก {len(open_) - limit} รายการ", size=8, colour=MUTED)
        y += 5
    return y + 1
