"""The month's follow-ups of a unit (the O6-style monthly report) as .xlsx and as PDF."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import is_late, known_on
from ita_dash.domain.model import UnitYearData, thai
from ita_dash.domain.thaidate import BANGKOK, format_datetime

from .cells import append_row
from .pdf import MUTED, ThaiPDF
from .summary import SIGNER

COLUMNS = ["สายงาน", "รหัส", "มาตรการ", "สถานะ", "ร้อยละ", "บันทึก", "หลักฐาน", "รายงานโดย", "รายงานเมื่อ", "ล่าช้า"]


def monthly_rows(data: UnitYearData, month: Month, as_of: dt.date) -> list[list[str]]:
    sections = {s.code: s.name for s in data.sections}
    measures = {m.code: m for m in data.measures}
    rows = []
    for report in known_on(data.follow_ups, as_of):
        if report.month != str(month) or report.measure_code not in measures:
            continue
        measure = measures[report.measure_code]
        rows.append([sections.get(measure.owner_section or "", "ไม่ระบุสายงาน"), measure.code, measure.activity,
                     thai(report.status), "" if report.percent is None else str(report.percent), report.note,
                     report.evidence_url, report.entered_by, format_datetime(report.entered_at),
                     "ล่าช้า" if is_late(report) else ""])
    order = {s.code: i for i, s in enumerate(data.sections)}
    rows.sort(key=lambda r: (order.get(next((k for k, v in sections.items() if v == r[0]), ""), 99), r[1]))
    return rows


def monthly_xlsx(data: UnitYearData, month: Month, as_of: dt.date) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = month.label()
    append_row(sheet, [f"รายงานผลการดำเนินงานประจำเดือน {month.label()} · {data.unit.name}"])
    append_row(sheet, COLUMNS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F1F4F8")
    for row in monthly_rows(data, month, as_of):
        append_row(sheet, row)
    for index, width in enumerate([22, 8, 45, 18, 8, 40, 35, 18, 20, 8]):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def monthly_pdf(data: UnitYearData, month: Month, as_of: dt.date, generated: dt.datetime | None = None) -> bytes:
    """The month's follow-ups as a landscape table (the evidence link in its own column, clickable), then the
    signature block: prepared by (ผู้รายงาน) and certified by (ผู้รับรอง, the head of the unit)."""
    generated = generated or dt.datetime.now(dt.timezone.utc)
    title = f"รายงานผลการดำเนินงานประจำเดือน {month.label()} · {data.unit.name}"
    pdf = ThaiPDF("L", running_header=title, numbered=True)
    pdf.set_auto_page_break(True, margin=15)
    pdf.alias_nb_pages()
    pdf.add_page()
    pdf.font(14, bold=True)
    pdf.multi_cell(0, 8, title, align="L", new_x="LMARGIN")
    pdf.font(8.5, colour=MUTED)
    pdf.multi_cell(0, 5, f"จัดทำโดย ITA Command Dashboard เมื่อ {format_datetime(generated.astimezone(BANGKOK))}",
                   align="L", new_x="LMARGIN")
    pdf.ln(2)
    rows = monthly_rows(data, month, as_of)
    if not rows:
        pdf.font(10)
        pdf.multi_cell(0, 6, "ยังไม่มีรายงานผลของเดือนนี้", align="L", new_x="LMARGIN")
    else:
        _follow_up_table(pdf, rows)
    _sign_off(pdf, data)
    return bytes(pdf.output())


PDF_COLUMNS = ("สายงาน", "รหัส", "มาตรการ", "สถานะ", "ร้อยละ", "บันทึก", "หลักฐาน", "รายงานโดย", "รายงานเมื่อ")
PDF_WIDTHS = (27, 11, 57, 25, 11, 54, 40, 25, 23)  # 273 mm: the landscape page between margins


def _follow_up_table(pdf: ThaiPDF, rows: list[list[str]]) -> None:
    pdf.font(8)
    with pdf.table(col_widths=PDF_WIDTHS, text_align="LEFT", line_height=4.6, first_row_as_headings=True) as table:
        table.row(list(PDF_COLUMNS))
        for row in rows:
            line = table.row()
            for value in (row[0], row[1], row[2], row[3] + (" (ล่าช้า)" if row[9] else ""), row[4], row[5]):
                line.cell(value)
            evidence = row[6]
            line.cell(evidence or "—", link=evidence if evidence.startswith(("https://", "http://")) else None)
            line.cell(row[7])
            line.cell(row[8])


def _sign_off(pdf: ThaiPDF, data: UnitYearData) -> None:
    """Prepared by on the left, certified by the head of the unit on the right; kept together on one page."""
    height = 34
    if pdf.get_y() + height > pdf.h - pdf.b_margin:
        pdf.add_page()
    y = pdf.get_y() + 8
    half = pdf.epw / 2
    pdf.signature(pdf.l_margin, y, half, "ผู้รายงาน")
    head = SIGNER.get(data.unit.kind, "หัวหน้าหน่วยงาน")
    pdf.signature(pdf.l_margin + half, y, half, "ผู้รับรอง", position=f"{head} {data.unit.short_name or data.unit.name}")
