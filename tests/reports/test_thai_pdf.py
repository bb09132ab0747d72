"""Thai in every PDF: lines break between words of the chosen segmenter (PyThaiNLP newmm), never inside a grapheme
cluster; what is drawn is what a search finds (pypdf and pdftotext), ำ included; the province summary never leaves
a unit out."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import shutil
import subprocess
import unicodedata

import pypdf
import pytest
from fpdf.line_break import TotalPagesSubstitutionFragment

from helpers.environment import missing
from ita_dash.domain.fiscal import Month
from ita_dash.domain.framework import library
from ita_dash.domain.lights import Light
from ita_dash.domain.status import assess_unit
from ita_dash.reports import thai_text
from ita_dash.reports.monthly import monthly_pdf
from ita_dash.reports.pdf import ThaiPDF
from ita_dash.reports.province import ProvinceRow, page_plan, province_rows_pdf
from ita_dash.reports.results import results_pdf
from ita_dash.reports.summary import unit_summary_pdf
from ita_dash.store.demo import UNITS, build_unit_year

FY, YEAR_END, AS_OF = 2569, dt.date(2026, 9, 30), dt.date(2026, 4, 20)
# Phrases as a station writes them: ำ (alone and under a tone mark: น้ำ), stacked marks (ที่ ผู้ ชี้), leading vowels,
# abbreviations with dots, numbers, and a link.
PHRASES = [
    "ดำเนินการจัดเก็บข้อมูลความพึงพอใจของผู้รับบริการ", "ประชาสัมพันธ์ช่องทางร้องเรียนการทุจริตผ่านเว็บไซต์ของสถานี",
    "จัดประชุมชี้แจงแนวทางปฏิบัติแก่ข้าราชการตำรวจทุกนาย", "ตรวจสอบการใช้รถยนต์ราชการและน้ำมันเชื้อเพลิง",
    "รายงานผลต่อผู้กำกับการทุกสิ้นเดือน", "กำหนดมาตรการป้องกันผลประโยชน์ทับซ้อน",
    "เผยแพร่ประกาศเจตนารมณ์การต่อต้านการทุจริต", "ติดตั้งป้ายแสดงขั้นตอนและระยะเวลาการให้บริการ",
    "สำรวจความต้องการของประชาชนในพื้นที่น้ำท่วมขัง", "จัดทำคู่มือการปฏิบัติงานด้านอำนวยการ",
    "ผกก.สภ.เมืองตัวอย่าง ลงนามแล้ว", "ร้อยละ 85 ของผู้ตอบแบบสอบถาม", "แจ้งเตือนภัยน้ำป่าไหลหลาก",
    "กำชับผู้ใต้บังคับบัญชาให้ปฏิบัติหน้าที่ด้วยความซื่อสัตย์สุจริต", "บันทึกภาพกิจกรรมเป็นหลักฐาน",
    "ประเมินความเสี่ยงการรับสินบนในงานบริการ", "ดูรายละเอียดที่ https://demo.example.go.th/ita/รายงาน-2569",
]


def long_text(rng: random.Random, phrases: int) -> str:
    parts = [rng.choice(PHRASES) for _ in range(phrases)]
    return "".join(p + (" " if rng.random() < 0.3 else "") for p in parts).strip()


@pytest.fixture(scope="module")
def long_status():
    """A demo station's whole year with long activities, outputs, outcomes and monthly notes (up to 1,000
    characters): the results report runs to dozens of pages."""
    rng = random.Random(15)
    data = build_unit_year(library(), UNITS[0], FY, YEAR_END)
    measures = [m.model_copy(update={"activity": long_text(rng, 4), "output": long_text(rng, 3),
                                     "outcome": long_text(rng, 5)}) for m in data.measures]
    follow_ups = [f.model_copy(update={"note": long_text(rng, rng.randint(3, 14))[:1000]}) for f in data.follow_ups]
    data = data.model_copy(update={"measures": measures, "follow_ups": follow_ups})
    return assess_unit(library().for_year(data.unit.kind, FY), data, YEAR_END)


def pypdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def pdftotext(content: bytes, tmp_path, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        missing("pdftotext", "poppler-utils is not installed")
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, text=True, check=True).stdout


def recording_lines(monkeypatch) -> list[str]:
    """Every line of text the engine draws from now on, as the caller wrote it (break hints removed)."""
    lines: list[str] = []
    original = ThaiPDF._render_styled_text_line

    def recording(pdf, text_line, *args, **kwargs):
        if not any(isinstance(f, TotalPagesSubstitutionFragment) for f in text_line.fragments):
            text = "".join("".join(f.characters) for f in text_line.fragments).replace(thai_text.ZWSP, "").strip()
            if text:
                lines.append(text)
        return original(pdf, text_line, *args, **kwargs)

    monkeypatch.setattr(ThaiPDF, "_render_styled_text_line", recording)
    return lines


@pytest.fixture
def drawn_lines(monkeypatch):
    return recording_lines(monkeypatch)


@pytest.fixture(scope="module")
def long_results(long_status):
    """The long results report, drawn once for the module, and the lines drawn into it."""
    with pytest.MonkeyPatch.context() as patch:
        lines = recording_lines(patch)
        content = results_pdf(long_status)
    return content, lines


# -- the segmenter ---------------------------------------------------------------------------------------------------
def test_words_cover_the_text_and_hints_sit_between_words():
    text = "สถานีตำรวจภูธรวังน้ำเย็น กำหนดการจัดเก็บข้อมูล พ.ศ. 2569 https://x.go.th/a"
    words = thai_text.words(text)
    assert "".join(words) == text
    assert "ตำรวจภูธร" in words or "ตำรวจ" in words
    hinted = thai_text.with_break_hints(text)
    assert hinted.replace(thai_text.ZWSP, "") == text
    assert "น้ำ" in hinted and "https://x.go.th/a" in hinted  # never inside a word or a link
    assert thai_text.with_break_hints("no Thai here") == "no Thai here"


def test_cluster_cuts_never_split_a_grapheme_cluster():
    for word in ["ผู้กำกับการ", "น้ำท่วม", "ที่ชี้แจง", "ดํา", "https://demo.example.go.th/ita"]:
        for cut in thai_text.cluster_cuts(word):
            assert thai_text.is_grapheme_boundary(word, cut), (word, cut)
            assert unicodedata.category(word[cut]) not in ("Mn", "Mc") and word[cut] != "\u0e33"
    assert not thai_text.is_grapheme_boundary("ด\u0e4d\u0e32", 2)  # SARA AA after NIKHAHIT stays with it


def test_fit_shortens_after_a_word():
    pdf = ThaiPDF()
    pdf.add_page()
    pdf.font(9)
    text = "ประเมินความเสี่ยงการรับสินบนในงานบริการและจัดทำแผนบริหารความเสี่ยงของสถานีตำรวจภูธรเมืองตัวอย่าง"
    for width in range(12, 120, 7):
        shown = pdf.fit(text, width)
        assert pdf.get_string_width(shown) <= width + 0.01
        assert shown.endswith("…")
        kept = shown[:-1]
        assert text.startswith(kept) and len(kept) in thai_text.cut_points(text), shown
    assert pdf.fit("สั้น", 50) == "สั้น"


# -- lines of a long results report -------------------------------------------------------------------------------
def _wrapped(source: str) -> re.Pattern:
    """``source`` as it may appear in extracted text: a line break may follow any character, or stand in place of a
    space. Group ``i + 1`` holds what follows (or replaces) ``source[i]``."""
    return re.compile("".join("([ \\n]+)" if char == " " else re.escape(char) + "(\\n?)" for char in source))


def test_long_results_report_breaks_lines_between_words(long_status, long_results):
    content, _ = long_results
    pages = pypdf_pages(content)
    assert len(pages) >= 20
    text = "\n".join(pages)
    lines = text.split("\n")
    for previous, line in zip([""] + lines, lines):
        if line:
            assert unicodedata.category(line[0]) not in ("Mn", "Mc", "Me") and line[0] != "\u0e33", line
            assert not (line[0] == "\u0e32" and previous.endswith("\u0e4d")), line
        assert thai_text.ZWSP not in line and "\u00ad" not in line
    sources = {m.activity for m in long_status.data.measures} | {f.note for f in long_status.data.follow_ups}
    checked = breaks = 0
    for source in sources:
        match = _wrapped(source).search(text)
        if match is None:
            continue  # not every note need be in the report (one of a month after the report's date)
        checked += 1
        boundaries = thai_text.word_boundaries(source)
        for index, after in enumerate(match.groups()):
            if "\n" in after and index + 1 < len(source):
                breaks += 1
                at = index if source[index] == " " else index + 1
                assert at in boundaries, f"broken inside a word: {source[max(0, at - 12):at]}|{source[at:at + 12]}"
    assert checked >= len(long_status.data.measures) and breaks > 100


# -- what is drawn is what a search finds -----------------------------------------------------------------------------
def _check_searchable(content: bytes, lines: list[str], tmp_path) -> None:
    pypdf_text = "\n".join(pypdf_pages(content))
    poppler_text = pdftotext(content, tmp_path)
    thai = [line for line in lines if re.search("[\u0e00-\u0e7f]", line)]
    assert thai
    for line in thai:
        assert line in pypdf_text, f"pypdf does not find {line!r}"
        assert line in poppler_text, f"pdftotext does not find {line!r}"


def test_every_thai_line_of_the_one_pagers_is_found_as_typed(drawn_lines, tmp_path):
    data = build_unit_year(library(), UNITS[0], FY, AS_OF)
    status = assess_unit(library().for_year(data.unit.kind, FY), data, AS_OF)
    content = unit_summary_pdf(status)
    _check_searchable(content, drawn_lines, tmp_path)
    assert any("ำ" in line for line in drawn_lines)
    drawn_lines.clear()
    content = province_rows_pdf("ภ.จว.น้ำเย็น", synthetic_rows(12), FY, AS_OF)
    _check_searchable(content, drawn_lines, tmp_path)


def test_every_thai_line_of_the_results_and_monthly_reports_is_found_as_typed(long_status, long_results, drawn_lines,
                                                                             tmp_path):
    content, lines = long_results
    _check_searchable(content, lines, tmp_path)
    text = "\n".join(pypdf_pages(content))
    assert "ดำเนินการ" in text and "น้ำ" in text
    content = monthly_pdf(long_status.data, Month.parse("2026-03"), YEAR_END)
    _check_searchable(content, drawn_lines, tmp_path)
    text = "\n".join(pypdf_pages(content))
    assert "หลักฐาน" in text and "ลงชื่อ" in text and "ผู้รับรอง" in text and "ผู้รายงาน" in text
    assert "https://demo.example.go.th" in text  # the evidence column


def test_sara_am_reads_back_as_typed_in_both_readers(tmp_path):
    pdf = ThaiPDF()
    pdf.add_page()
    pdf.font(12)
    typed = "ผู้กำกับการสั่งการให้ดำเนินการเรื่องน้ำท่วม ที่ชี้แจงแล้ว"
    pdf.cell(0, 8, typed)
    content = bytes(pdf.output())
    assert typed in pypdf_pages(content)[0]
    assert typed in pdftotext(content, tmp_path)
    assert not any(ord(ch) < 32 and ch != "\n" for ch in pypdf_pages(content)[0])


# -- the province summary never leaves a unit out ------------------------------------------------------------------
def synthetic_rows(count: int) -> list[ProvinceRow]:
    rng = random.Random(count)
    return [ProvinceRow(code=f"P{i:03d}", name=f"สภ.น้ำเย็นที่ {i + 1}",
                        lights=tuple(rng.choice(list(Light)) for _ in range(10)),
                        iit=rng.random(), eit=None if i % 7 == 0 else rng.random(),
                        oit_published=rng.randint(0, 25), oit_total=25,
                        readiness=round(rng.random() * 100, 1), missing_sections=rng.randint(0, 3))
            for i in range(count)]


def test_page_plan_holds_every_unit():
    for count in range(1, 400):
        height, per_page = page_plan(count, 210)
        assert sum(per_page) == count and all(n > 0 for n in per_page)
        assert 3.4 - 1e-9 <= height <= 6.0
        assert max(per_page) - min(per_page) <= max(1, per_page[0] - per_page[-1])
    assert page_plan(44, 210)[1] == [44] and len(page_plan(45, 210)[1]) == 2


@pytest.mark.parametrize("count", range(1, 121))
def test_the_province_summary_shows_every_unit(count, tmp_path):
    rows = synthetic_rows(count)
    content = province_rows_pdf("ภ.จว.ตัวอย่าง", rows, FY, AS_OF)
    pages = pdftotext(content, tmp_path, "-raw").split("\f")[:-1]  # in drawing order (poppler's C is fast)
    text = "\n".join(pages)
    assert "และอีก" not in text
    worst_first = sorted(rows, key=lambda r: r.order)  # the province screen's ordering (domain.province.weakest_key)
    found = [re.search(re.escape(f"{index}. {row.name}") + r"(?!\d)", text) for index, row in enumerate(worst_first, 1)]
    assert all(found), [r.name for r, match in zip(worst_first, found) if match is None]
    positions = [match.start() for match in found]
    assert positions == sorted(positions)  # worst readiness first, in order across pages
    assert all("หน่วย" in page and "ความพร้อม" in page for page in pages)  # the header on every page
    assert f"รวม {count} หน่วย" in pages[-1]
    if len(pages) > 1:
        assert f"หน้า {len(pages)}/{len(pages)}" in pages[-1]


def test_a_word_wider_than_its_column_is_cut_between_clusters(tmp_path):
    word = "ผู้บังคับบัญชาตำรวจภูธรน้ำเย็น"  # one run of Thai far wider than a 9 mm column
    pdf = ThaiPDF()
    pdf.add_page()
    pdf.font(10)
    pdf.multi_cell(9, 5, word, new_x="LMARGIN", new_y="NEXT")
    content = bytes(pdf.output())
    for text in (pypdf_pages(content)[0], pdftotext(content, tmp_path)):
        lines = [line for line in text.split("\n") if line.strip() and line != "\f"]
        assert len(lines) > 3 and "".join(lines) == word
        at = 0
        for line in lines[:-1]:
            at += len(line)
            assert thai_text.is_grapheme_boundary(word, at), (line, word[at])
