"""The month's follow-ups of a unit (the O6-style monthly report) as .xlsx and as PDF."""

from __future__ import annotations

import datetime as dt

from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import is_late, known_on
from ita_dash.domain.model import UnitYearData, thai
from ita_dash.domain.thaidate import BANGKOK, format_datetime
from ita_dash.domain.wording import Words, words_of

from .pdf import MUTED, ThaiPDF
from .spreadsheet import Column, add_sheet, book_bytes, new_book
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
        rows.append([sections.get(measure.owner_section or "", words_of(data.unit.kind).no_section), measure.code,
                     measure.activity,
                     thai(report.status), "" if report.percent is None else str(report.percent), report.note,
                     report.evidence_url, report.entered_by, format_datetime(report.entered_at),
                     "ล่าช้า" if is_late(report) else ""])
    order = {s.code: i for i, s in enumerate(data.sections)}
    rows.sort(key=lambda r: (order.get(next((k for k, v in sections.items() if v == r[0]), ""), 99), r[1]))
    return rows


FOLLOW_UP_COLUMNS = [
    Column("รหัสหน่วย", width=12), Column("หน่วยงาน", width=28), Column("ปีงบประมาณ", "int", 11),
    Column("เดือน", "month", 11), Column("สายงาน", width=22), Column("รหัสมาตรการ", width=11),
    Column("ตัวชี้วัด", "int", 9), Column("มาตรการ", width=45), Column("สถานะ", width=18), Column("ร้อยละ", "int", 8),
    Column("บันทึก", width=40), Column("ลิงก์หลักฐาน", width=30), Column("รายงานโดย", width=16),
    Column("รายงานเมื่อ", "datetime", 17), Column("ล่าช้า", "bool", 8),
]


def follow_up_records(data: UnitYearData, as_of: dt.date, month: Month | None = None) -> list[list[object]]:
    """One typed record per monthly report known on ``as_of`` (of one month, or all): the follow-up sheet of the
    monthly and the results workbooks."""
    sections = {s.code: s.name for s in data.sections}
    order = {s.code: i for i, s in enumerate(data.sections)}
    measures = {m.code: m for m in data.measures}
    chosen = [r for r in known_on(data.follow_ups, as_of)
              if r.measure_code in measures and (month is None or r.month == str(month))]
    chosen.sort(key=lambda r: (r.month, order.get(measures[r.measure_code].owner_section or "", 99), r.measure_code))
    records = []
    for report in chosen:
        measure = measures[report.measure_code]
        records.append([data.unit.code, data.unit.name, data.fiscal_year, Month.parse(report.month).first_day,
                        sections.get(measure.owner_section or "", words_of(data.unit.kind).no_section), measure.code,
                        measure.indicator,
                        measure.activity, thai(report.status), report.percent, report.note, report.evidence_url,
                        report.entered_by, report.entered_at.astimezone(BANGKOK), is_late(report)])
    return records


def monthly_xlsx(data: UnitYearData, month: Month, as_of: dt.date) -> bytes:
    """The month's reports, one per row, with unit, fiscal year and month columns (machine-readable)."""
    book = new_book()
    add_sheet(book, "ติดตามรายเดือน", in_words(FOLLOW_UP_COLUMNS, words_of(data.unit.kind)),
              follow_up_records(data, as_of, month))
    return book_bytes(book)


def monthly_pdf(data: UnitYearData, month: Month, as_of: dt.date, generated: dt.datetime | None = None) -> bytes:
    """The month's follow-ups as a landscape table (the evidence link in its own column, clickable), then the
    signature block: prepared by (ผู้รายงาน) and certified by (ผู้รับรอง, the head of the unit)."""
    generated = generated or dt.datetime.now(dt.UTC)
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
    words = words_of(data.unit.kind)

    if rows[:-1]:  # the last row is drawn with the signatures: on the next page under the headings if need be
        _follow_up_table(pdf, rows[:-1], words)

    def last(apart: bool) -> None:
        if apart:
            pdf.add_page()
        if rows:
            _follow_up_table(pdf, rows[-1:], words, headings=apart or not rows[:-1])
        else:
            pdf.font(10)
            pdf.multi_cell(0, 6, "ยังไม่มีรายงานผลของเดือนนี้", align="L", new_x="LMARGIN")

    head = SIGNER.get(data.unit.kind, "หัวหน้าหน่วยงาน")
    pdf.sign_off([("ผู้รายงาน", "", ""), ("ผู้รับรอง", "", f"{head} {data.unit.short_name or data.unit.name}")], last,
                 whole=True)
    return bytes(pdf.output())


PDF_COLUMNS = ("สายงาน", "รหัส", "มาตรการ", "สถานะ", "ร้อยละ", "บันทึก", "หลักฐาน", "รายงานโดย", "รายงานเมื่อ")
PDF_WIDTHS = (27, 11, 57, 25, 11, 54, 40, 25, 23)  # 273 mm: the landscape page between margins


def in_words(columns: list[Column], words: Words) -> list[Column]:
    """The columns with the section's header in the unit's word ("กอง" in a local administration's workbook)."""
    return [Column(words.section, column.kind, column.width) if column.name == "สายงาน" else column for column in columns]


def _follow_up_table(pdf: ThaiPDF, rows: list[list[str]], words: Words, headings: bool = True) -> None:
    """The rows under the headings (repeated on every page), or without them: the table's last row, drawn right under
    the others."""
    pdf.font(8)
    with pdf.table(col_widths=PDF_WIDTHS, text_align="LEFT", line_height=4.6, first_row_as_headings=headings) as table:
        if headings:
            table.row([words.section if name == "สายงาน" else name for name in PDF_COLUMNS])
        for row in rows:
            line = table.row()
            for value in (row[0], row[1], row[2], row[3] + (" (ล่าช้า)" if row[9] else ""), row[4], row[5]):
                line.cell(value)
            evidence = row[6]
            line.cell(evidence or "—", link=evidence if evidence.startswith(("https://", "http://")) else None)
            line.cell(row[7])
            line.cell(row[8])

