"""Printable outputs: every file is opened again (pypdf, openpyxl, python-docx) and checked."""

import datetime as dt
import io
import subprocess
import sys

import pypdf
import pytest
from docx import Document
from openpyxl import load_workbook

from helpers.environment import ROOT
from ita_dash.domain.fiscal import Month
from ita_dash.domain.model import Actor, Cadence, Measure, Section
from ita_dash.domain.status import assess_unit
from ita_dash.reports.monthly import monthly_pdf, monthly_rows, monthly_xlsx
from ita_dash.reports.province import assess_province, province_summary_pdf
from ita_dash.reports.results import results_docx, results_pdf, results_xlsx
from ita_dash.reports.summary import unit_summary_pdf
from ita_dash.store.demo import UNITS, build_unit_year
from ita_dash.store.sql import SqlStore

AS_OF = dt.date(2026, 4, 20)
SYSTEM = Actor.system("test")


def pdf_text(content: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def as_in_pdf(text: str) -> str:
    """How the PDFs carry Thai text: as typed (ำ included; see reports/pdf.py). Kept as a helper for older tests."""
    return text


@pytest.fixture(scope="module")
def store(demo_db):
    opened = SqlStore(demo_db)
    yield opened
    opened.close()


def status_of(store, templates, code="DEMO-04", year=2569, as_of=AS_OF):
    data = store.load_unit_year(SYSTEM, code, year)
    return assess_unit(templates.for_year(data.unit.kind, year), data, as_of)


@pytest.mark.parametrize("code", [spec[0] for spec in UNITS])
def test_the_unit_summary_is_one_page_with_name_and_thai_month(store, templates, code):
    content = unit_summary_pdf(status_of(store, templates, code))
    pages, text = pdf_text(content)
    assert pages == 1
    assert as_in_pdf(store.load_unit_year(SYSTEM, code, 2569).unit.name) in text
    assert "เมษายน 2569" in text and "ตัวชี้วัด 10 ตัว" in text
    assert as_in_pdf("ลงชื่อ") in text and (as_in_pdf("ผู้กำกับการ") in text or as_in_pdf("หัวหน้าตรวจคนเข้าเมืองจังหวัด") in text)
    assert "\x08" not in text
    assert len(content) < 150_000


def test_the_summary_fits_one_page_whatever_the_data(templates):
    base = build_unit_year(templates, UNITS[0], 2569, AS_OF)
    long_title = "จัดทำป้ายประชาสัมพันธ์และคู่มือการให้บริการประชาชนทุกสายงาน" * 2
    measures = [Measure(code=f"{n % 10 + 1}-{n:02d}", indicator=n % 10 + 1, activity=long_title[: 40 + n % 30],
                        deadline=dt.date(2026, 1 + n % 4, 10), cadence=Cadence.MONTHLY,
                        owner_section=base.sections[n % len(base.sections)].code) for n in range(80)]
    sections = base.sections + [Section(code=f"extra{n}", name="งานพิเศษที่มีชื่อยาวมากเป็นพิเศษสำหรับทดสอบ" * 2,
                                        head_name="พ.ต.อ. " + "ชื่อยาว" * 10, sort_order=10 + n) for n in range(8)]
    data = base.model_copy(update={"measures": measures, "follow_ups": [], "sections": sections,
                                   "unit": base.unit.model_copy(update={"name": "สถานีตำรวจภูธร" + "ชื่อยาวมาก" * 12})})
    status = assess_unit(templates.for_year(data.unit.kind, 2569), data, AS_OF)
    assert len(status.urgent()) > 5
    pages, text = pdf_text(unit_summary_pdf(status))
    assert pages == 1
    assert "และอีก" in text and as_in_pdf("…") in text


def test_the_province_summary_is_one_page_worst_readiness_first(store, templates):
    found, statuses = assess_province(store, SYSTEM, "DEMO", 2569, AS_OF, templates)
    assert [s.readiness.value for s in statuses] == sorted(s.readiness.value for s in statuses)
    pages, text = pdf_text(province_summary_pdf(found, statuses, 2569, AS_OF))
    assert pages == 1 and as_in_pdf(found.name) in text and "เมษายน 2569" in text and "รวม 9 หน่วย" in text
    worst = statuses[0].data.unit
    assert f"1. {worst.short_name or worst.name}" in text
    many = statuses * 7  # 63 rows: more than one page holds, so two pages, every unit on one of them
    pages, text = pdf_text(province_summary_pdf(found, many, 2569, AS_OF))
    assert pages == 2 and "รวม 63 หน่วย" in text and "63. " in text and "และอีก" not in text


def test_a_province_user_cannot_print_another_province(store, templates):
    from ita_dash.store.base import NotFound  # a province the user cannot see is, for them, not there

    outsider = Actor(username="p", role="province", province_code="ELSEWHERE")
    with pytest.raises(NotFound):
        assess_province(store, outsider, "DEMO", 2569, AS_OF, templates)


def test_the_results_report_in_three_formats_has_a_row_per_measure(store, templates):
    status = status_of(store, templates, as_of=dt.date(2026, 9, 30))
    pages, text = pdf_text(results_pdf(status))
    assert pages > 1 and as_in_pdf(status.data.unit.name) in text and "หน้า 2/" in text
    book = load_workbook(io.BytesIO(results_xlsx(status)))
    sheet = book["มาตรการ"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(status.measures)
    assert sorted(r[5] for r in rows) == sorted(m.measure.code for m in status.measures)
    document = Document(io.BytesIO(results_docx(status)))
    table = document.tables[-2]  # the measures' table (the last one is the sign-off)
    assert len(table.rows) == len(status.measures) + 1
    assert {row.cells[0].text.split("\n")[1].split()[0] for row in table.rows[1:]} == {m.measure.code for m in status.measures}


def test_the_monthly_report(store):
    data = store.load_unit_year(SYSTEM, "DEMO-04", 2569)
    month = Month(2026, 3)
    expected = [f for f in data.follow_ups if f.month == "2026-03"]
    sheet = load_workbook(io.BytesIO(monthly_xlsx(data, month, dt.date(2026, 9, 30)))).active
    assert len(list(sheet.iter_rows(min_row=2))) == len(expected) == len(monthly_rows(data, month, dt.date(2026, 9, 30)))
    pages, text = pdf_text(monthly_pdf(data, month, dt.date(2026, 9, 30)))
    assert pages >= 1 and "มี.ค. 2569" in text and as_in_pdf(data.unit.name) in text


def test_report_command(demo_db, tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "ita_dash", "--db", demo_db, "report", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    for kind, target, extension in [("summary", "--unit", "pdf"), ("province", "--province", "pdf"),
                                    ("results", "--unit", "xlsx"), ("results", "--unit", "docx"),
                                    ("monthly", "--unit", "xlsx")]:
        out = tmp_path / f"{kind}.{extension}"
        code = "DEMO" if kind == "province" else "DEMO-02"
        result = run(kind, target, code, "--fy", "2569", "--as-of", "2026-04-20", "--month", "2026-03", "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 1000
    wrong = run("summary", "--unit", "DEMO-02", "--fy", "2569", "--out", str(tmp_path / "x.csv"))
    assert wrong.returncode == 1 and "not '.csv'" in wrong.stderr and "Traceback" not in wrong.stderr


def test_thai_text_layer_is_clean_for_sara_am():
    from ita_dash.reports.pdf import ThaiPDF

    pdf = ThaiPDF()
    pdf.add_page()
    pdf.font(12)
    pdf.cell(0, 8, "สถานีตำรวจภูธรวังน้ำเย็น กำหนด")
    _, text = pdf_text(bytes(pdf.output()))
    assert as_in_pdf("สถานีตำรวจภูธรวังน้ำเย็น กำหนด") in text
    assert not any(ord(ch) < 32 and ch not in "\n" for ch in text) and "J" not in text
