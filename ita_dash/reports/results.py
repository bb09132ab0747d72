"""The year-end report of what each measure achieved (the OIT item of the unit's list that asks for it, O24 or O25),
laid out after the reports units hand in
(seeds 003 and 004): a cover with no product name or status words, an introduction from the data (committee,
meetings held, last year's result and level, the ITAP counts, the measures in figures), then per indicator each
measure with its ผลการดำเนินการ (what was done, written by the chief or the owning section, drafted from the monthly
notes until then), ผลลัพธ์, evidence links and photos with captions, and the sign-off (prepared by, certified by).
Everything is as of the report's day: a report dated 15 March shows nothing entered after 15 March.
PDF, Word (A4 official document) and Excel (machine-readable, one record per row)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from ita_dash.domain.evidence import PhotoInfo, ReportSettings, Signer, draft_achievement
from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import known_on
from ita_dash.domain.model import Actor, FollowUp, FollowUpStatus, QuotaTool, thai
from ita_dash.domain.status import UnitStatus
from ita_dash.domain.thaidate import BANGKOK, format_date
from ita_dash.domain.wording import words_of

from .monthly import FOLLOW_UP_COLUMNS, follow_up_records, in_words
from .pdf import MUTED, NAVY, ThaiPDF
from .spreadsheet import Column, add_sheet, book_bytes, new_book
from .word import DOTS, ThaiDocument

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
NO_REPORT = "ยังไม่มีรายงานผล"


@dataclass(frozen=True)
class Photo:
    info: PhotoInfo
    content: bytes  # JPEG

    @property
    def caption(self) -> str:
        month = Month.parse(self.info.month).label()
        return f"{self.info.caption} ({month})" if self.info.caption else f"ภาพประกอบ ({month})"


@dataclass(frozen=True)
class Evidence:
    """What the report needs besides the unit's year: the chief's settings and the photos with their pictures."""

    settings: ReportSettings = field(default_factory=ReportSettings)
    photos: tuple[Photo, ...] = ()


def gather_evidence(store, actor: Actor, status: UnitStatus) -> Evidence:
    """The report settings and the photos uploaded by the report's day, read from the store as ``actor``."""
    unit, year = status.data.unit.code, status.data.fiscal_year
    infos = [p for p in store.list_photos(actor, unit, year)
             if p.uploaded_at.astimezone(BANGKOK).date() <= status.as_of]
    contents = store.photo_contents(actor, unit, year, [p.id for p in infos])
    return Evidence(settings=store.report_settings(actor, unit, year),
                    photos=tuple(Photo(p, contents[p.id]) for p in infos if p.id in contents))


@dataclass(frozen=True)
class ResultRow:
    indicator: int
    indicator_name: str
    code: str
    issue: str
    activity: str
    output: str
    section: str
    owner: str
    deadline: dt.date | None
    deadline_text: str
    status: str  # the latest report's status in Thai, or NO_REPORT
    percent: int | None
    achievement: str  # ผลการดำเนินการ: as written, else drafted from the notes
    written: bool  # whether the achievement was written (not drafted)
    outcome: str
    evidence: tuple[str, ...]
    photos: tuple[Photo, ...]
    reports: tuple[FollowUp, ...]

    @property
    def period(self) -> str:
        return format_date(self.deadline, full_month=True) if self.deadline else (self.deadline_text or "ตลอดปีงบประมาณ")

    @property
    def done(self) -> bool:
        return bool(self.reports) and self.reports[-1].status is FollowUpStatus.DONE


def _month_label(key: str) -> str:
    return Month.parse(key).label()


def result_rows(status: UnitStatus, evidence: Evidence | None = None) -> list[ResultRow]:
    """One row per measure in force, by indicator, with what was known on the report's day."""
    data = status.data
    evidence = evidence or Evidence()
    names = {i.number: i.name for i in status.template.indicators}
    sections = {s.code: s.name for s in data.sections}
    reports: dict[str, list[FollowUp]] = {}
    for report in sorted(known_on(data.follow_ups, status.as_of), key=lambda f: f.month):
        reports.setdefault(report.measure_code, []).append(report)
    photos: dict[str, list[Photo]] = {}
    for photo in sorted(evidence.photos, key=lambda p: (p.info.month, p.info.id)):
        photos.setdefault(photo.info.measure_code, []).append(photo)
    rows = []
    for measure_status in sorted(status.measures, key=lambda m: (m.measure.indicator, m.measure.code)):
        measure = measure_status.measure
        own = reports.get(measure.code, [])
        latest = own[-1] if own else None
        written = bool(measure.achievement.strip())
        rows.append(ResultRow(
            indicator=measure.indicator, indicator_name=names.get(measure.indicator, ""), code=measure.code,
            issue=measure.issue, activity=measure.activity, output=measure.output,
            section=sections.get(measure.owner_section or "", ""),
            owner=" ".join(part for part in (sections.get(measure.owner_section or "", ""), measure.owner_text) if part),
            deadline=measure.deadline, deadline_text=measure.deadline_text,
            status=thai(latest.status) if latest else NO_REPORT, percent=latest.percent if latest else None,
            achievement=measure.achievement.strip() if written else draft_achievement(own, _month_label),
            written=written, outcome=measure.outcome.strip(),
            evidence=tuple(dict.fromkeys(r.evidence_url for r in own if r.evidence_url)),
            photos=tuple(photos.get(measure.code, ())), reports=tuple(own)))
    return rows


def _title(status: UnitStatus) -> str:
    return f"{TITLE} ประจำปีงบประมาณ พ.ศ. {status.data.fiscal_year}"


# -- the introduction, from the data ------------------------------------------------------------------------
@dataclass(frozen=True)
class Introduction:
    opening: str
    committee_order: str
    committee: tuple[str, ...]
    meetings: tuple[str, ...]
    last_result: str
    itap: tuple[str, ...]
    measures: tuple[tuple[str, int, int], ...]  # indicator, measures, done


def introduction(status: UnitStatus, rows: list[ResultRow], settings: ReportSettings) -> Introduction:
    data = status.data
    year = data.fiscal_year
    indicators = sorted({r.indicator for r in rows})
    opening = (f"{data.unit.name} ได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ "
               f"พ.ศ. {year} จำนวน {len(rows)} มาตรการ ครอบคลุม {len(indicators)} ตัวชี้วัด และกำกับติดตามผลการดำเนินการ"
               f"เป็นรายเดือน ข้อมูล ณ วันที่ {format_date(status.as_of, full_month=True)} มีรายละเอียดดังนี้")
    meetings = tuple(f"วันที่ {format_date(m.held_on, full_month=True)} {m.topic}".strip()
                     for m in sorted(settings.meetings, key=lambda m: m.held_on) if m.held_on <= status.as_of)
    previous = next((r for r in data.results if r.fiscal_year == year - 1), None)
    if previous is None:
        last = f"ไม่มีข้อมูลผลการประเมินของปีงบประมาณ พ.ศ. {year - 1}"
    else:
        parts = [f"{tool} {value:.2f}" for tool, value in (("IIT", previous.iit), ("EIT", previous.eit),
                                                             ("OIT", previous.oit)) if value is not None]
        last = (f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {year - 1} ได้คะแนนรวม {previous.total:.2f} คะแนน "
                f"ระดับ {previous.level}" + (f" ({', '.join(parts)})" if parts else "")
                + (" ผ่านเกณฑ์ 85 คะแนน" if previous.total >= 85 else " ต่ำกว่าเกณฑ์ 85 คะแนน"))
    itap = []
    for quota in status.quotas:
        if quota.sections or quota.tool not in (QuotaTool.IIT, QuotaTool.EIT):
            continue
        if quota.absent_text:  # issue 34: a window not open or a count nobody copied is said so, never "0 คน"
            itap.append(f"แบบวัด {quota.tool.value} {quota.absent_text}"
                        + (f" เป้าหมาย {quota.target:,} คน" if quota.target else ""))
            continue
        day = quota.history[-1][0] if quota.history else None
        target = f" จากเป้าหมาย {quota.target:,} คน (ร้อยละ {100 * quota.count / quota.target:.2f})" if quota.target else ""
        when = f" ณ วันที่ {format_date(day, full_month=True)}" if day else ""
        itap.append(f"แบบวัด {quota.tool.value} มีผู้ตอบ {quota.count:,} คน{target}{when}")
    measures = tuple((f"{n}. {next(r.indicator_name for r in rows if r.indicator == n)}",
                      sum(1 for r in rows if r.indicator == n), sum(1 for r in rows if r.indicator == n and r.done))
                     for n in indicators)
    return Introduction(opening, settings.committee_order.strip(), tuple(c for c in settings.committee if c.strip()),
                        meetings, last, tuple(itap), measures)


def _signers(settings: ReportSettings) -> list[tuple[str, Signer]]:
    return [("ผู้จัดทำรายงาน", settings.prepared_by), ("ผู้รับรองรายงาน", settings.certified_by)]


# -- PDF ---------------------------------------------------------------------------------------------------
class _ReportPDF(ThaiPDF):
    """The report's pages: no page number on the cover."""

    def footer(self) -> None:
        if self.page_no() > 1:
            super().footer()


def _lines(pdf: ThaiPDF, left: float, width: float, height: float, text: str) -> None:
    """``text`` from ``left`` in a column ``width`` wide, line by line: a line that fits is drawn as one cell (one
    shaping), a longer one goes through fpdf2's line breaking (which shapes every candidate line again)."""
    for line in text.split("\n"):
        pdf.set_x(left)
        if pdf.get_string_width(line) <= width - 2 * pdf.c_margin:
            pdf.cell(width, height, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.multi_cell(width, height, line, align="L", new_x="LMARGIN")


def _paragraph(pdf: ThaiPDF, text: str, size: float = 10.5, bold: bool = False, indent: float = 0,
               colour=None, height: float = 6) -> None:
    pdf.font(size, bold=bold, **({"colour": colour} if colour else {}))
    _lines(pdf, pdf.l_margin + indent, pdf.epw - indent, height, text)


def _photos_pdf(pdf: ThaiPDF, photos: tuple[Photo, ...], first_number: int) -> int:
    """Two photos a row, each with its caption under it; a row that does not fit goes to the next page."""
    gap, width, max_height = 6.0, (pdf.epw - 6.0) / 2, 62.0
    number = first_number
    for start in range(0, len(photos), 2):
        pair = photos[start:start + 2]
        sizes = []
        for photo in pair:
            w, h = photo.info.width, photo.info.height
            scale = min(width / w, max_height / h)
            sizes.append((w * scale, h * scale))
        row_height = max(h for _, h in sizes) + 12
        if pdf.get_y() + row_height > pdf.h - pdf.b_margin:
            pdf.add_page()
        top = pdf.get_y() + 1
        for index, (photo, (w, h)) in enumerate(zip(pair, sizes)):
            left = pdf.l_margin + index * (width + gap)
            pdf.image(io.BytesIO(photo.content), x=left + (width - w) / 2, y=top, w=w, h=h)
            pdf.set_xy(left, top + h + 1)
            pdf.font(8.5, colour=MUTED)
            pdf.multi_cell(width, 4.4, f"ภาพที่ {number} {photo.caption}", align="C")
            number += 1
        pdf.set_y(top + row_height)
    return number


def _measure_pdf(pdf: ThaiPDF, row: ResultRow, heading: bool, photo_number: int, apart: bool = False) -> int:
    """One measure of part 2 (under its indicator's heading when it is the first of it), starting a new page when
    ``apart``; returns the number of the next photo."""
    if apart:
        pdf.add_page()
    if heading:
        if pdf.get_y() > pdf.h - 60:
            pdf.add_page()
        pdf.ln(2)
        _paragraph(pdf, f"ตัวชี้วัดที่ {row.indicator} {row.indicator_name}", 12.5, True, colour=NAVY, height=8)
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    _paragraph(pdf, f"{row.code} {row.activity}", 10.5, True)
    for label, value in (("ประเด็น", row.issue), ("ผลผลิต", row.output), ("ผู้รับผิดชอบ", row.owner),
                         ("ระยะเวลา", row.period),
                         ("ผลการดำเนินการ", row.achievement or "—"), ("ผลลัพธ์", row.outcome or "—"),
                         ("หลักฐาน", "\n".join(row.evidence))):
        if not value:
            continue
        if pdf.get_y() + 5.4 > pdf.page_break_trigger:  # keep the label with the first line of its value
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_x(pdf.l_margin + 4)
        pdf.font(9.5, bold=True, colour=MUTED)
        pdf.cell(30, 5.4, label)
        pdf.set_xy(pdf.l_margin + 34, y)
        pdf.font(9.5)
        _lines(pdf, pdf.l_margin + 34, pdf.epw - 34, 5.4, value)
    if row.photos:
        pdf.ln(1)
        photo_number = _photos_pdf(pdf, row.photos, photo_number)
    pdf.ln(3)
    return photo_number


def results_pdf(status: UnitStatus, evidence: Evidence | None = None) -> bytes:
    evidence = evidence or Evidence()
    data = status.data
    unit = data.unit
    rows = result_rows(status, evidence)
    intro = introduction(status, rows, evidence.settings)
    pdf = _ReportPDF("P", running_header=f"{unit.name} · {_title(status)}", numbered=True)
    pdf.set_title(_title(status))
    pdf.set_creator(unit.name)
    pdf.set_margins(18, 14, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.alias_nb_pages()

    pdf.add_page()  # cover: the title, the year, the unit; nothing else
    pdf.set_y(85)
    pdf.font(19, bold=True, colour=NAVY)
    pdf.multi_cell(0, 11, "รายงานผลการดำเนินการตามมาตรการ\nส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", align="C",
                   new_x="LMARGIN")
    pdf.font(15, bold=True)
    pdf.multi_cell(0, 10, f"ประจำปีงบประมาณ พ.ศ. {data.fiscal_year}", align="C", new_x="LMARGIN")
    pdf.ln(28)
    pdf.font(17, bold=True)
    pdf.multi_cell(0, 10, unit.name, align="C", new_x="LMARGIN")
    pdf.font(12, colour=MUTED)
    pdf.multi_cell(0, 8, data.province.name, align="C", new_x="LMARGIN")
    pdf.set_y(pdf.h - 40)
    pdf.font(10.5, colour=MUTED)
    pdf.multi_cell(0, 6, f"ข้อมูล ณ วันที่ {format_date(status.as_of, full_month=True)}", align="C", new_x="LMARGIN")

    pdf.add_page()  # introduction
    _paragraph(pdf, "ส่วนที่ 1 บทนำ", 14, True, colour=NAVY, height=9)
    _paragraph(pdf, intro.opening, indent=0)
    pdf.ln(2)
    _paragraph(pdf, "1. คณะทำงานขับเคลื่อนและกำกับติดตามการประเมิน ITA", 11, True)
    if intro.committee_order:
        _paragraph(pdf, f"แต่งตั้งตาม{intro.committee_order}" if not intro.committee_order.startswith("ตาม") else
                   intro.committee_order, indent=6)
    for number, member in enumerate(intro.committee or (DOTS,) * 3, start=1):
        _paragraph(pdf, f"{number}) {member}", indent=6)
    pdf.ln(1)
    _paragraph(pdf, f"2. การประชุมกำกับติดตาม ({len(intro.meetings)} ครั้ง)", 11, True)
    for meeting in intro.meetings or ("— ไม่มีบันทึกการประชุมจนถึงวันที่รายงาน",):
        _paragraph(pdf, f"- {meeting}", indent=6)
    pdf.ln(1)
    _paragraph(pdf, "3. ผลการประเมินปีที่ผ่านมา", 11, True)
    _paragraph(pdf, intro.last_result, indent=6)
    pdf.ln(1)
    _paragraph(pdf, "4. จำนวนผู้ตอบแบบวัดในระบบ ITAP", 11, True)
    for line in intro.itap or ("— ยังไม่ได้บันทึกจำนวนผู้ตอบ",):
        _paragraph(pdf, f"- {line}", indent=6)
    pdf.ln(1)
    _paragraph(pdf, "5. มาตรการตามตัวชี้วัด", 11, True)
    pdf.font(9.5)
    with pdf.table(col_widths=(110, 30, 37), text_align=("LEFT", "RIGHT", "RIGHT"), line_height=5.6,
                   first_row_as_headings=True) as table:
        table.row(["ตัวชี้วัด", "มาตรการ", "ดำเนินการแล้วเสร็จ"])
        for name, count, done in intro.measures:
            table.row([name, str(count), str(done)])
        table.row(["รวม", str(sum(c for _, c, _ in intro.measures)), str(sum(d for _, _, d in intro.measures))])

    pdf.add_page()
    _paragraph(pdf, "ส่วนที่ 2 ผลการดำเนินการตามมาตรการ", 14, True, colour=NAVY, height=9)
    current, photo_number = None, 1
    for row in rows[:-1]:
        photo_number = _measure_pdf(pdf, row, row.indicator != current, photo_number)
        current = row.indicator

    def last(apart: bool) -> None:  # the last measure, on the next page with the signatures when apart
        _measure_pdf(pdf, rows[-1], rows[-1].indicator != current, photo_number, apart)

    pdf.sign_off([(role, signer.full_name, signer.position) for role, signer in _signers(evidence.settings)],
                 last if rows else None, size=10.5, dated=True, whole=True)
    return bytes(pdf.output())
    return bytes(pdf.output())


# -- Word --------------------------------------------------------------------------------------------------
def _picture_cm(photo: Photo, width: float = 12.0, height: float = 8.5) -> float:
    ratio = photo.info.height / photo.info.width
    return min(width, height / ratio)


def results_docx(status: UnitStatus, evidence: Evidence | None = None) -> bytes:
    """A4 portrait cover and introduction, the measures' table in a landscape section (header on every page),
    the photos under their measures, and the sign-off."""
    evidence = evidence or Evidence()
    data = status.data
    rows = result_rows(status, evidence)
    intro = introduction(status, rows, evidence.settings)
    doc = ThaiDocument()
    doc.properties(_title(status), data.unit.name)
    for _ in range(8):
        doc.paragraph()
    doc.paragraph("รายงานผลการดำเนินการตามมาตรการ", bold=True, size=24, align="centre")
    doc.paragraph("ส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", bold=True, size=24, align="centre")
    doc.paragraph(f"ประจำปีงบประมาณ พ.ศ. {data.fiscal_year}", bold=True, size=20, align="centre")
    for _ in range(6):
        doc.paragraph()
    doc.paragraph(data.unit.name, bold=True, size=22, align="centre")
    doc.paragraph(data.province.name, size=16, align="centre")
    doc.page_break()

    doc.heading("ส่วนที่ 1 บทนำ", 1)
    doc.paragraph(intro.opening, indent_first=True, space_after=6)
    doc.heading("1. คณะทำงานขับเคลื่อนและกำกับติดตามการประเมิน ITA", 3)
    if intro.committee_order:
        doc.paragraph(intro.committee_order)
    for number, member in enumerate(intro.committee or (DOTS,) * 3, start=1):
        doc.paragraph(f"{number}) {member}")
    doc.heading(f"2. การประชุมกำกับติดตาม ({len(intro.meetings)} ครั้ง)", 3)
    for meeting in intro.meetings or ("— ไม่มีบันทึกการประชุมจนถึงวันที่รายงาน",):
        doc.paragraph(f"- {meeting}")
    doc.heading("3. ผลการประเมินปีที่ผ่านมา", 3)
    doc.paragraph(intro.last_result)
    doc.heading("4. จำนวนผู้ตอบแบบวัดในระบบ ITAP", 3)
    for line in intro.itap or ("— ยังไม่ได้บันทึกจำนวนผู้ตอบ",):
        doc.paragraph(f"- {line}")
    doc.heading("5. มาตรการตามตัวชี้วัด", 3)
    doc.table(["ตัวชี้วัด", "มาตรการ", "ดำเนินการแล้วเสร็จ"],
              [[name, str(count), str(done)] for name, count, done in intro.measures]
              + [["รวม", str(sum(c for _, c, _ in intro.measures)), str(sum(d for _, _, d in intro.measures))]],
              [10.0, 3.0, 3.0])

    doc.new_section(landscape=True)
    doc.heading("ส่วนที่ 2 ผลการดำเนินการตามมาตรการ", 1)
    table_rows = []
    for row in rows:
        evidence_text = "\n".join(row.evidence)
        table_rows.append([f"ตัวชี้วัดที่ {row.indicator}\n{row.code} {row.activity}",
                           row.achievement or "—", row.outcome or "—", row.owner or "—", row.period,
                           (evidence_text + ("\n" if evidence_text and row.photos else "")
                            + (f"ภาพประกอบ {len(row.photos)} ภาพ" if row.photos else "")) or "—"])
    doc.table(["มาตรการ/กิจกรรม", "ผลการดำเนินการ", "ผลลัพธ์", "ผู้รับผิดชอบ", "ระยะเวลา", "หลักฐาน"], table_rows,
              [6.0, 7.0, 4.2, 3.0, 2.5, 3.0], size=12)

    doc.new_section(landscape=False)
    with_photos = [row for row in rows if row.photos]
    if with_photos:
        doc.heading("ภาพประกอบผลการดำเนินการ", 1)
        number = 1
        for row in with_photos:
            doc.heading(f"{row.code} {row.activity}", 3)
            for photo in row.photos:
                doc.picture(photo.content, _picture_cm(photo), f"ภาพที่ {number} {photo.caption}")
                number += 1
    doc.paragraph()
    doc.signatures([(role, signer.full_name, signer.position) for role, signer in _signers(evidence.settings)])
    return doc.to_bytes()


# -- Excel -------------------------------------------------------------------------------------------------
MEASURE_COLUMNS = [
    Column("รหัสหน่วย", width=12), Column("หน่วยงาน", width=28), Column("ปีงบประมาณ", "int", 11),
    Column("ตัวชี้วัด", "int", 9), Column("ชื่อตัวชี้วัด", width=24), Column("รหัสมาตรการ", width=11),
    Column("ประเด็น", width=30), Column("มาตรการ/กิจกรรม", width=45), Column("ผลผลิต", width=25),
    Column("สายงาน", width=20), Column("ผู้รับผิดชอบ", width=24), Column("กำหนดเสร็จ", "date", 12),
    Column("กำหนดเสร็จตามแผน", width=16), Column("สถานะล่าสุด", width=18), Column("ร้อยละล่าสุด", "int", 10),
    Column("ผลการดำเนินการ", width=50), Column("ผลการดำเนินการเขียนแล้ว", "bool", 10), Column("ผลลัพธ์", width=40),
    Column("จำนวนภาพ", "int", 9), Column("ลิงก์หลักฐาน", width=40), Column("ข้อมูล ณ วันที่", "date", 12),
]
PHOTO_COLUMNS = [
    Column("รหัสหน่วย", width=12), Column("ปีงบประมาณ", "int", 11), Column("รหัสมาตรการ", width=11),
    Column("เดือน", "month", 11), Column("เลขที่ภาพ", "int", 9), Column("คำบรรยาย", width=40),
    Column("กว้าง (พิกเซล)", "int", 10), Column("สูง (พิกเซล)", "int", 10), Column("แนบโดย", width=16),
    Column("แนบเมื่อ", "datetime", 17),
]


def results_xlsx(status: UnitStatus, evidence: Evidence | None = None) -> bytes:
    """Three sheets, each a plain table from row 1: measures, monthly follow-ups, photos."""
    evidence = evidence or Evidence()
    data = status.data
    unit = data.unit
    rows = result_rows(status, evidence)
    book = new_book()
    add_sheet(book, "มาตรการ", in_words(MEASURE_COLUMNS, words_of(unit.kind)), [
        [unit.code, unit.name, data.fiscal_year, r.indicator, r.indicator_name, r.code, r.issue, r.activity, r.output,
         r.section, r.owner, r.deadline, r.deadline_text, r.status, r.percent, r.achievement, r.written, r.outcome,
         len(r.photos), " ".join(r.evidence), status.as_of] for r in rows])
    add_sheet(book, "ติดตามรายเดือน", in_words(FOLLOW_UP_COLUMNS, words_of(unit.kind)), follow_up_records(data, status.as_of))
    add_sheet(book, "ภาพหลักฐาน", PHOTO_COLUMNS, [
        [unit.code, data.fiscal_year, p.info.measure_code, Month.parse(p.info.month).first_day, p.info.id,
         p.info.caption, p.info.width, p.info.height, p.info.uploaded_by, p.info.uploaded_at.astimezone(BANGKOK)]
        for r in rows for p in r.photos])
    return book_bytes(book)

