"""The one-page unit summary the chief prints for the monthly ITA meeting (A4 portrait).

Everything comes from :class:`ita_dash.domain.status.UnitStatus`, the same figures the overview shows. The page
fits whatever the data: every text is shortened to its box with "…", every list is capped with "และอีก N รายการ".
"""

from __future__ import annotations

import datetime as dt

from ita_dash.domain.figure_text import oit_published_text
from ita_dash.domain.followup import SECTION_MONTH_LABELS, SectionMonthStatus
from ita_dash.domain.lights import LIGHT_LABELS, MEASURE_STATE_LABELS, Light
from ita_dash.domain.model import Tool, UnitKind
from ita_dash.domain.quotas import Readiness
from ita_dash.domain.status import UnitStatus
from ita_dash.domain.thaidate import BANGKOK, format_date, format_datetime
from ita_dash.domain.wording import words_of

from .pdf import MUTED, NAVY, RGB, ThaiPDF

SIGNER = {UnitKind.POLICE_STATION: "ผู้กำกับการ", UnitKind.IMMIGRATION: "หัวหน้าตรวจคนเข้าเมืองจังหวัด",
          UnitKind.LOCAL_ADMIN: "หัวหน้าหน่วยงาน"}
_MONTH_LIGHT = {
    SectionMonthStatus.COMPLETE: Light.GREEN, SectionMonthStatus.LATE: Light.AMBER,
    SectionMonthStatus.PARTIAL: Light.AMBER, SectionMonthStatus.MISSING: Light.RED,
    SectionMonthStatus.OPEN: Light.GREY, SectionMonthStatus.UPCOMING: Light.GREY, SectionMonthStatus.NOT_DUE: Light.GREY,
    SectionMonthStatus.BEFORE_START: Light.GREY,
}
MAX_URGENT, MAX_SECTIONS, MAX_SECTION_BARS = 5, 6, 4


def unit_summary_pdf(status: UnitStatus, generated: dt.datetime | None = None, orders: list | None = None) -> bytes:
    """The one-page summary. ``orders``: the chair's orders of the year as judged on the same day
    (``domain.orders.assess_orders``); the open ones are listed in whatever room the page has left."""
    generated = generated or dt.datetime.now(dt.UTC)
    data, template = status.data, status.template
    pdf = ThaiPDF("P")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    left, width = pdf.l_margin, pdf.epw

    # -- title and readiness --------------------------------------------------------------------------------
    pdf.text_at(left, 10, width - 52, 8, data.unit.name, size=16, bold=True)
    pdf.text_at(left, 18, width - 52, 5, f"สรุปการติดตามการประเมิน ITA ปีงบประมาณ พ.ศ. {data.fiscal_year}", size=10)
    pdf.text_at(left, 23, width - 52, 5, f"ข้อมูล ณ วันที่ {format_date(status.as_of, full_month=True)}"
                + (" · แม่แบบอนุมานจากปีก่อน" if template.derived else ""), size=9, colour=MUTED)
    box = left + width - 50
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(0.4)
    pdf.rect(box, 10, 50, 19, round_corners=True, corner_radius=2)
    readiness = status.readiness
    pdf.text_at(box, 10.5, 50, 9, readiness.text(), size=18 if readiness.judged else 13, bold=True,
                colour=NAVY, align="C")
    pdf.text_at(box + 1, 19.5, 48, 4, "ดัชนีความพร้อม (ของหน่วยเอง)", size=7, colour=MUTED, align="C")
    pdf.text_at(box + 1, 23.5, 48, 4, "OIT " + oit_published_text(readiness.oit_published, readiness.oit_total),
                size=7.5, align="C")
    pdf.rule(31)

    # -- the ten indicators ---------------------------------------------------------------------------------
    y = pdf.heading(33, "ตัวชี้วัด 10 ตัว")
    names = {Tool.IIT: "IIT ผู้มีส่วนได้ส่วนเสียภายใน", Tool.EIT: "EIT ผู้มีส่วนได้ส่วนเสียภายนอก",
             Tool.OIT: "OIT การเปิดเผยข้อมูลสาธารณะ"}
    for tool in Tool:
        pdf.text_at(left, y, width, 4.5, names[tool], size=8, bold=True, colour=MUTED)
        y += 4.6
        for indicator in (i for i in status.indicators if i.tool is tool):
            pdf.dot(left + 2, y + 2.65, indicator.light)
            pdf.text_at(left + 5, y, 62, 5.2, f"{indicator.number}. {indicator.name}", size=9, bold=True)
            reason = indicator.reasons[0].text if indicator.reasons else ""
            pdf.text_at(left + 68, y, width - 68, 5.2, f"{LIGHT_LABELS[indicator.light]}: {reason}", size=8)
            y += 5.3
    pdf.rule(y + 1)

    # -- quotas: two gauges and the EIT section bars --------------------------------------------------------
    y = pdf.heading(y + 2.5, "จำนวนผู้ตอบแบบวัด (จาก ITAP)")
    quotas = {q.key: q for q in status.quotas}
    for index, key in enumerate(("IIT", "EIT")):
        quota = quotas.get(key)
        cx = left + 22 + index * 48
        if quota is None:
            continue
        pdf.gauge(cx, y + 19, 17, quota.share or 0.0, quota.light,
                  None if not quota.target or quota.expected is None else quota.expected / quota.target)
        if quota.absent_text:  # issue 34: "ยังไม่เปิด" or "ยังไม่ได้บันทึก" in the empty gauge, never "0/128"
            pdf.text_at(cx - 13, y + 13.5, 26, 5, quota.count_text, size=8, bold=True, align="C")
            below = f"ขั้นต่ำ {quota.target:,}" if quota.target else LIGHT_LABELS[quota.light]
        else:
            pdf.text_at(cx - 11, y + 13, 22, 6, quota.target_text, size=10, bold=True, align="C")
            below = LIGHT_LABELS[quota.light] + (
                f" · ต้องได้อีก {quota.pace.per_day_needed}/วัน" if quota.pace and quota.pace.per_day_needed else "")
        pdf.text_at(cx - 22, y + 20, 44, 4.5, key, size=8, bold=True, align="C")
        pdf.text_at(cx - 22, y + 24.5, 44, 4, below, size=7, colour=MUTED, align="C")
    parts = [q for q in status.quotas if q.key.startswith("EIT:")]
    bx, bw = left + 100, width - 100
    if not parts:
        pdf.text_at(bx, y + 2, bw, 5, f"ไม่ทราบจำนวนขั้นต่ำ EIT แยกตาม{words_of(status.data.unit.kind).section}",
                    size=8, colour=MUTED)
    for row, part in enumerate(parts[:MAX_SECTION_BARS]):
        ry = y + 1 + row * 7
        pdf.text_at(bx, ry, 40, 4.5, part.label.removeprefix("EIT "), size=8)
        if part.absent_text:  # no bar at 0: the words and the minimum
            pdf.text_at(bx + 41, ry, bw - 41, 4.5, part.target_text, size=8, colour=MUTED)
            continue
        pdf.bar(bx + 41, ry + 1, bw - 63, 3.2, part.share or 0.0, part.light,
                None if not part.target or part.expected is None else part.expected / part.target)
        pdf.text_at(bx + bw - 21, ry, 21, 4.5, part.target_text, size=8, align="R")
    if len(parts) > MAX_SECTION_BARS:
        pdf.text_at(bx, y + 1 + MAX_SECTION_BARS * 7, bw, 4, f"และอีก {len(parts) - MAX_SECTION_BARS} รายการ", size=7.5, colour=MUTED)
    y += 31
    pdf.rule(y)

    # -- the next three milestones --------------------------------------------------------------------------
    y = pdf.heading(y + 1.5, "กำหนดการที่ใกล้ที่สุด")
    upcoming = status.milestones[:3]
    if not upcoming:
        pdf.text_at(left, y, width, 5, "ไม่มีกำหนดการข้างหน้าในปฏิทินของแม่แบบ", size=8.5, colour=MUTED)
    slot = width / 3
    for index, milestone in enumerate(upcoming):
        x = left + index * slot
        pdf.set_draw_color(*RGB[milestone.light])
        pdf.set_line_width(0.6)
        pdf.rect(x + 0.5, y, slot - 2, 13, round_corners=True, corner_radius=1.5)
        days = "วันนี้" if milestone.days_left == 0 else f"อีก {milestone.days_left} วัน"
        pdf.text_at(x + 2, y + 0.8, slot - 5, 5, days, size=11, bold=True)
        pdf.text_at(x + 2, y + 6, slot - 5, 3.6, milestone.label, size=7.5)
        pdf.text_at(x + 2, y + 9.2, slot - 5, 3.6, format_date(milestone.date), size=7.5, colour=MUTED)
    y += 15
    pdf.rule(y)

    # -- the most urgent measures ---------------------------------------------------------------------------
    y = pdf.heading(y + 1.5, "มาตรการที่ต้องเร่งรัด")
    urgent = status.urgent()
    if not urgent:
        pdf.text_at(left, y, width, 5, "ไม่มีมาตรการเลยกำหนดหรือเสี่ยงไม่ทัน", size=8.5, colour=MUTED)
        y += 5.5
    for measure in urgent[:MAX_URGENT]:
        pdf.dot(left + 2, y + 2.65, measure.light)
        pdf.text_at(left + 5, y, 17, 5.2, MEASURE_STATE_LABELS[measure.state], size=8, bold=True)
        pdf.text_at(left + 23, y, 12, 5.2, measure.measure.code, size=8)
        pdf.text_at(left + 35, y, 88, 5.2, measure.measure.activity, size=8)
        pdf.text_at(left + 124, y, 38, 5.2, measure.section, size=8)
        due = format_date(measure.measure.deadline) if measure.measure.deadline else measure.measure.deadline_text
        pdf.text_at(left + 163, y, width - 163, 5.2, due, size=8, align="R")
        y += 5.3
    if len(urgent) > MAX_URGENT:
        pdf.text_at(left + 5, y, width, 4.5, f"และอีก {len(urgent) - MAX_URGENT} รายการ", size=7.5, colour=MUTED)
        y += 4.6
    pdf.rule(y + 0.5)

    # -- this month's reporting, by section ----------------------------------------------------------------
    month = status.report_month
    words = words_of(data.unit.kind)
    y = pdf.heading(y + 2, f"การรายงานผลประจำเดือน {month.label()} แยกตาม{words.section}")
    heads = {s.code: (s.name, s.head_name) for s in data.sections}
    cells = [c for c in status.sections_for(month)
             if c.status not in (SectionMonthStatus.NOT_DUE, SectionMonthStatus.BEFORE_START)]
    if not cells:
        pdf.text_at(left, y, width, 5, "ไม่มีรายงานที่ต้องส่งในเดือนนี้", size=8.5, colour=MUTED)
        y += 5.5
    for cell in cells[:MAX_SECTIONS]:
        name, head = heads.get(cell.section, (words.no_section, "")) if cell.section else (words.no_section, "")
        pdf.dot(left + 2, y + 2.65, _MONTH_LIGHT[cell.status])
        pdf.text_at(left + 5, y, 48, 5.2, name, size=8.5, bold=True)
        pdf.text_at(left + 54, y, 46, 5.2, head, size=8)
        pdf.text_at(left + 101, y, 32, 5.2, SECTION_MONTH_LABELS[cell.status], size=8)
        pdf.text_at(left + 134, y, 16, 5.2, f"{len(cell.received)}/{len(cell.due)}", size=8, align="R")
        pdf.text_at(left + 152, y, width - 152, 5.2, ("ค้าง " + ", ".join(cell.missing)) if cell.missing else "", size=7.5,
                    colour=MUTED)
        y += 5.3
    if len(cells) > MAX_SECTIONS:
        pdf.text_at(left + 5, y, width, 4.5, f"และอีก {len(cells) - MAX_SECTIONS} {words.section}", size=7.5, colour=MUTED)
        y += 4.6

    # -- the chair's orders, in the room left above the footer (one page always) ------------------------------
    room = (pdf.h - 12 - 25) - (y + 2) - 6.5  # below the heading, above the footer's rule
    if orders and room >= 10:
        from .minutes import orders_block

        pdf.rule(y + 0.5)
        orders_block(pdf, y + 2, orders, limit=max(1, int((room - 5) // 5)))

    # -- footer: signature and generation time ----------------------------------------------------------------
    bottom = pdf.h - 12
    pdf.rule(bottom - 25)
    signer = SIGNER.get(data.unit.kind, "หัวหน้าหน่วยงาน")
    sx = left + width - 80
    pdf.text_at(sx, bottom - 19, 80, 5, "ลงชื่อ ..................................................", size=9, align="C")
    pdf.text_at(sx, bottom - 13, 80, 5, "(..................................................)", size=9, align="C")
    pdf.text_at(sx, bottom - 7, 80, 5, signer, size=9, align="C")
    pdf.text_at(left, bottom - 23, width - 85, 4, Readiness.LABEL, size=7, colour=MUTED)
    pdf.text_at(left, bottom - 19.5, width - 85, 4, f"= {readiness.formula()}: ผู้ตอบเทียบขั้นต่ำ และรายการที่เผยแพร่แล้ว",
                size=7, colour=MUTED)
    pdf.text_at(left, bottom - 16, width - 85, 4, readiness.first_moves() or "ขณะนี้ " + readiness.parts_text(),
                size=7, colour=MUTED)
    pdf.text_at(left, bottom - 12.5, width - 85, 4, "สัญญาณ: เขียว = ตามแผน · เหลือง = เสี่ยง · แดง = เลยกำหนด · เทา = ยังไม่มีข้อมูล",
                size=7, colour=MUTED)
    pdf.text_at(left, bottom - 7, width - 85, 4.5,
                f"จัดทำโดย ITA Command Dashboard เมื่อ {format_datetime(generated.astimezone(BANGKOK))}", size=7, colour=MUTED)
    return bytes(pdf.output())
