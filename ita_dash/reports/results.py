"""The year-end report of what each measure achieved (OIT item O24/O25, like seeds 003 and 004): a multi-page PDF
with a cover, and the same rows as .xlsx and .docx for the machine-readable requirement."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from docx import Document
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ita_dash.domain.fiscal import Month
from ita_dash.domain.lights import MEASURE_STATE_LABELS
from ita_dash.domain.status import UnitStatus
from ita_dash.domain.thaidate import BANGKOK, format_date, format_datetime

from .cells import append_row
from .pdf import MUTED, NAVY, ThaiPDF

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
COLUMNS = ["ตัวชี้วัด", "รหัส", "ประเด็น", "กิจกรรม", "ผลผลิต", "ผู้รับผิดชอบ", "กำหนดเสร็จ", "สถานะ", "ร้อยละล่าสุด",
           "ผลการดำเนินการ", "ผลลัพธ์", "หลักฐาน"]


@dataclass(frozen=True)
class ResultRow:
    indicator: str
    code: str
    issue: str
    activity: str
    output: str
    owner: str
    deadline: str
    state: str
    percent: str
    done: str  # what was done: the follow-up notes, month by month
    outcome: str
    evidence: str

    def values(self) -> list[str]:
        return [self.indicator, self.code, self.issue, self.activity, self.output, self.owner, self.deadline,
                self.state, self.percent, self.done, self.outcome, self.evidence]


def result_rows(status: UnitStatus) -> list[ResultRow]:
    data = status.data
    names = {i.number: f"{i.number}. {i.name}" for i in status.template.indicators}
    reports: dict[str, list] = {}
    for report in sorted(data.follow_ups, key=lambda f: f.month):
        reports.setdefault(report.measure_code, []).append(report)
    rows = []
    for measure_status in sorted(status.measures, key=lambda m: (m.measure.indicator, m.measure.code)):
        measure = measure_status.measure
        own = reports.get(measure.code, [])
        done = "; ".join(f"{Month.parse(r.month).label()}: {r.note}" for r in own if r.note)
        evidence = " ".join(dict.fromkeys(r.evidence_url for r in own if r.evidence_url))
        latest = own[-1] if own else None
        rows.append(ResultRow(
            indicator=names.get(measure.indicator, str(measure.indicator)), code=measure.code, issue=measure.issue,
            activity=measure.activity, output=measure.output,
            owner=f"{measure_status.section} {measure.owner_text}".strip(),
            deadline=format_date(measure.deadline) if measure.deadline else measure.deadline_text,
            state=MEASURE_STATE_LABELS[measure_status.state],
            percent="" if latest is None or latest.percent is None else f"{latest.percent}%",
            done=done, outcome=measure.outcome, evidence=evidence))
    return rows


def _title(status: UnitStatus) -> str:
    return f"{TITLE} ประจำปีงบประมาณ พ.ศ. {status.data.fiscal_year}"


def results_pdf(status: UnitStatus, generated: dt.datetime | None = None) -> bytes:
    generated = generated or dt.datetime.now(dt.timezone.utc)
    unit = status.data.unit
    pdf = ThaiPDF("P", running_header=f"{unit.name} · {_title(status)}", numbered=True)
    pdf.set_auto_page_break(True, margin=15)
    pdf.alias_nb_pages()
    pdf.add_page()  # cover
    pdf.set_y(80)
    pdf.font(18, bold=True, colour=NAVY)
    pdf.multi_cell(0, 10, "รายงานผลการดำเนินการตามมาตรการ\nส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", align="C",
                   new_x="LMARGIN")
    pdf.font(14, bold=True)
    pdf.multi_cell(0, 9, f"ประจำปีงบประมาณ พ.ศ. {status.data.fiscal_year}", align="C", new_x="LMARGIN")
    pdf.ln(10)
    pdf.font(16, bold=True)
    pdf.multi_cell(0, 9, unit.name, align="C", new_x="LMARGIN")
    pdf.font(10, colour=MUTED)
    pdf.multi_cell(0, 6, f"ข้อมูล ณ วันที่ {format_date(status.as_of, full_month=True)} · มาตรการ {len(status.measures)} รายการ",
                   align="C", new_x="LMARGIN")
    pdf.multi_cell(0, 6, f"จัดทำโดย ITA Command Dashboard เมื่อ {format_datetime(generated.astimezone(BANGKOK))}",
                   align="C", new_x="LMARGIN")

    current = None
    for row in result_rows(status):
        if row.indicator != current:
            current = row.indicator
            if pdf.page_no() == 1 or pdf.get_y() > pdf.h - 60:  # after the cover, or too low for a heading
                pdf.add_page()
            pdf.ln(2)
            pdf.font(13, bold=True, colour=NAVY)
            pdf.multi_cell(0, 8, f"ตัวชี้วัดที่ {current}", align="L", new_x="LMARGIN")
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.font(10.5, bold=True)
        pdf.multi_cell(0, 6, f"{row.code} {row.activity}", align="L", new_x="LMARGIN")
        for label, value in (("ประเด็น", row.issue), ("ผลผลิต", row.output), ("ผู้รับผิดชอบ", row.owner),
                             ("กำหนดเสร็จ", row.deadline), ("สถานะ", f"{row.state} {row.percent}".strip()),
                             ("ผลการดำเนินการ", row.done or "—"), ("ผลลัพธ์", row.outcome or "—"),
                             ("หลักฐาน", row.evidence or "—")):
            if not value:
                continue
            pdf.font(9, bold=True, colour=MUTED)
            pdf.cell(30, 5.2, label)
            pdf.font(9)
            pdf.multi_cell(0, 5.2, value, align="L", new_x="LMARGIN")
        pdf.ln(2.5)
    return bytes(pdf.output())


def results_xlsx(status: UnitStatus) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "ผลการดำเนินการ"
    append_row(sheet, [f"{_title(status)} · {status.data.unit.name}"])
    append_row(sheet, COLUMNS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F1F4F8")
    for row in result_rows(status):
        append_row(sheet, row.values())
    widths = [22, 8, 30, 40, 25, 24, 14, 12, 10, 50, 30, 40]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def results_docx(status: UnitStatus) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "TH Sarabun New"
    style.font.size = Pt(12)
    document.add_heading(_title(status), level=1)
    document.add_paragraph(f"{status.data.unit.name} · ข้อมูล ณ วันที่ {format_date(status.as_of, full_month=True)}")
    rows = result_rows(status)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, COLUMNS):
        cell.text = name
    for row in rows:
        for cell, value in zip(table.add_row().cells, row.values()):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
