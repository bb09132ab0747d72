"""The results report a unit signs (issue 15): as of its day, written results, photos under their measures, the
introduction and sign-off, a clean cover; the Word file as a Thai official document; machine-readable Excel."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pandas as pd
import pypdf
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from openpyxl import load_workbook

from helpers.environment import DEMO_AS_OF
from ita_dash.domain.fiscal import Month, fiscal_year_of
from ita_dash.domain.model import Actor
from ita_dash.domain.status import assess_unit
from ita_dash.reports.monthly import monthly_xlsx
from ita_dash.reports.pdf import decompose_sara_am
from ita_dash.reports.results import gather_evidence, result_rows, results_docx, results_pdf, results_xlsx
from ita_dash.reports.word import FALLBACK, FONT, docx_to_pdf
from ita_dash.store.sql import SqlStore

SYSTEM = Actor.system("test")
YEAR = fiscal_year_of(DEMO_AS_OF)
UNIT = "DEMO-01"


@pytest.fixture(scope="module")
def store(demo_db):
    opened = SqlStore(demo_db)
    yield opened
    opened.close()


def report(store, templates, as_of=DEMO_AS_OF):
    data = store.load_unit_year(SYSTEM, UNIT, YEAR)
    status = assess_unit(templates.for_year(data.unit.kind, YEAR), data, as_of)
    return status, gather_evidence(store, SYSTEM, status)


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text with ำ in one form (decomposed), whether the text layer carries it as typed or decomposed."""
    return [decompose_sara_am(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def test_the_report_respects_its_day(store, templates):
    """A report dated 15 March shows no note entered after that day (the full previous year of the demo), and a
    report dated before the photos and a meeting were added shows neither (the current year)."""
    data = store.load_unit_year(SYSTEM, UNIT, YEAR - 1)
    day = dt.date(YEAR - 544, 3, 15)
    assert [f for f in data.follow_ups if f.entered_at.date() > day and f.note], "the demo needs later reports"
    status = assess_unit(templates.for_year(data.unit.kind, YEAR - 1), data, day)
    rows = result_rows(status, gather_evidence(store, SYSTEM, status))
    assert any(row.reports for row in rows)
    for row in rows:
        assert all(r.entered_at.date() <= day for r in row.reports)
    text = "\n".join(pdf_pages(results_pdf(status)))
    for month in ("มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."):
        assert f"{month} {YEAR - 1}:" not in text, month
    assert f"ก.พ. {YEAR - 1}:" in text

    status, evidence = report(store, templates, DEMO_AS_OF - dt.timedelta(days=6))
    assert not evidence.photos and not any(row.photos for row in result_rows(status, evidence))
    assert "(1 ครั้ง)" in "\n".join(pdf_pages(results_pdf(status, evidence)))


def test_written_results_photos_intro_and_sign_off(store, templates):
    status, evidence = report(store, templates)
    rows = {r.code: r for r in result_rows(status, evidence)}
    assert rows["5-01"].written and rows["5-01"].achievement.startswith("ประกาศนโยบายไม่รับของขวัญ")
    assert rows["5-01"].outcome and [p.info.caption for p in rows["5-01"].photos] == ["ป้าย No Gift Policy หน้าห้องรับแจ้งความ"]
    drafted = next(r for r in rows.values() if not r.written and r.reports and any(x.note for x in r.reports))
    assert ":" in drafted.achievement  # "ต.ค. 2568: note" lines from the monthly notes
    content = results_pdf(status, evidence)
    pages = pdf_pages(content)
    cover, text = pages[0], "\n".join(pages)
    flat = text.replace("\n", " ")
    for word in ("Dashboard", "ITA Command", "เกินกำหนด", "เสี่ยง", "จัดทำโดย"):
        assert word not in cover
    assert decompose_sara_am(f"ประจำปีงบประมาณ พ.ศ. {YEAR}") in cover and "หน้า" not in cover
    for needle in ("ส่วนที่ 1 บทนำ", "คณะทำงาน", "(2 ครั้ง)", f"พ.ศ. {YEAR - 1}",
                   "แบบวัด IIT ยังไม่เปิดเก็บข้อมูล", "แบบวัด EIT ยังไม่เปิดเก็บข้อมูล",  # before 1 Jan (issue 34)
                   "ผู้จัดทำรายงาน", "ผู้รับรองรายงาน", "( พ.ต.อ.สมชาย ตัวอย่างดี (สาธิต) )", "ผกก.สภ.เมืองตัวอย่าง",
                   "ภาพที่ 1", "ภาพที่ 3"):
        assert decompose_sara_am(needle) in flat, needle
    images = sum(len(page.images) for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert images == len(evidence.photos) == 3
    # the photo is printed under its own measure: 5-01's caption comes after 5-01 and before 5-02
    at = flat.index(decompose_sara_am("ป้าย No Gift Policy หน้าห้องรับแจ้งความ"))
    assert flat.index("5-01 ") < at < flat.index("5-02 ")


def test_the_word_file_is_an_a4_thai_official_document(store, templates):
    status, evidence = report(store, templates)
    document = Document(io.BytesIO(results_docx(status, evidence)))
    sections = document.sections
    first = sections[0]
    assert (round(first.page_width.cm, 1), round(first.page_height.cm, 1)) == (21.0, 29.7)
    assert (round(first.left_margin.cm, 1), round(first.right_margin.cm, 1)) == (3.0, 2.0)
    assert any(s.page_width > s.page_height for s in sections)  # the wide table is in a landscape section
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:fmt")) == "thaiNumbers" for s in sections)
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "cs", "eastAsia")} == {FONT}
    assert normal.font.size.pt == 16 and normal.element.rPr.find(qn("w:szCs")).get(qn("w:val")) == "32"
    font_table = next(r.target_part for r in document.part.rels.values() if r.reltype.endswith("/fontTable")).blob
    assert f'w:name="{FONT}"><w:altName w:val="{FALLBACK}"/>'.encode() in font_table
    table = document.tables[-2]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert "".join(document.sections[1].header.paragraphs[0].text.split()).startswith("-")
    assert len(document.inline_shapes) == 3
    properties = document.core_properties
    assert properties.author == status.data.unit.name and "python-docx" not in (properties.comments or "")
    assert Cm(2.5).emu  # the unit helper is importable (python-docx)


def test_the_word_file_renders_in_sarabun_through_libreoffice(store, templates):
    if shutil.which("libreoffice") is None:
        from helpers.environment import missing

        missing("LibreOffice", "libreoffice is not on PATH")
    status, evidence = report(store, templates)
    content = docx_to_pdf(results_docx(status, evidence))
    reader = pypdf.PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Sarabun" in name for name in fonts), fonts
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "ผู้รับรองรายงาน" in text and "ภาพที่ 3" in text


def test_the_workbooks_are_machine_readable(store, templates, tmp_path):
    status, evidence = report(store, templates)
    path = tmp_path / "results.xlsx"
    path.write_bytes(results_xlsx(status, evidence))
    measures = pd.read_excel(path)  # no options: the first sheet, the header in row 1
    assert list(measures.columns[:6]) == ["รหัสหน่วย", "หน่วยงาน", "ปีงบประมาณ", "ตัวชี้วัด", "ชื่อตัวชี้วัด", "รหัสมาตรการ"]
    assert len(measures) == len(status.measures) and not any(str(c).startswith("Unnamed") for c in measures.columns)
    assert measures["ปีงบประมาณ"].dtype.kind == "i" and measures["ตัวชี้วัด"].dtype.kind == "i"
    assert measures["กำหนดเสร็จ"].dtype.kind == "M" and measures["ข้อมูล ณ วันที่"].dtype.kind == "M"
    assert measures["ร้อยละล่าสุด"].dtype.kind in "if" and measures["จำนวนภาพ"].dtype.kind == "i"
    assert measures["ผลการดำเนินการเขียนแล้ว"].dtype.kind == "b"
    sheets = pd.read_excel(path, sheet_name=None)
    follow = sheets["ติดตามรายเดือน"]
    assert follow["เดือน"].dtype.kind == "M" and follow["รายงานเมื่อ"].dtype.kind == "M"
    assert follow["ร้อยละ"].dtype.kind in "if" and follow["ล่าช้า"].dtype.kind == "b"
    assert set(follow["รหัสหน่วย"]) == {UNIT} and set(follow["ปีงบประมาณ"]) == {YEAR}
    assert len(sheets["ภาพหลักฐาน"]) == 3
    book = load_workbook(path)
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and not sheet.merged_cells.ranges
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert book["มาตรการ"]["L2"].number_format.startswith("[$-107041E]")

    month = Month(DEMO_AS_OF.year, DEMO_AS_OF.month).previous()
    monthly_path = tmp_path / "monthly.xlsx"
    monthly_path.write_bytes(monthly_xlsx(status.data, month, DEMO_AS_OF))
    monthly = pd.read_excel(monthly_path)
    assert len(monthly) > 0 and set(monthly["เดือน"]) == {pd.Timestamp(month.first_day)}
    assert monthly["ปีงบประมาณ"].dtype.kind == "i" and monthly["รายงานเมื่อ"].dtype.kind == "M"


def test_typed_text_never_becomes_a_formula(store, templates, tmp_path):
    status, evidence = report(store, templates)
    measure = status.measures[0].measure
    hostile = measure.model_copy(update={"achievement": "=HYPERLINK(\"http://x\")", "outcome": "+1"})
    data = status.data.model_copy(update={"measures": [hostile, *[m.measure for m in status.measures[1:]]]})
    status = assess_unit(status.template, data, status.as_of)
    book = load_workbook(io.BytesIO(results_xlsx(status, evidence)))
    cells = [c for row in book["มาตรการ"].iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+"]
    assert cells and all(c.data_type == "s" for c in cells)
