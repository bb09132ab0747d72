"""The deadline and cadence parser against every such cell in the measures tables of seeds 000–002."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_dash.domain.fiscal import fiscal_end, fiscal_start
from ita_dash.domain.model import Cadence
from ita_dash.domain.parse import DeadlineKind, ParseError, parse_cadence, parse_date, parse_deadline
from ita_dash.domain.thaidate import format_date

D, ONGOING, CAL = DeadlineKind.DATE, DeadlineKind.ONGOING, DeadlineKind.PER_CALENDAR

# (seed, cell text as extracted, kind, date, cadence written inside the cell)
DEADLINE_CELLS = [
    ("000", "ปีงบประมาณ ๒๕๖๗ เป็นต้นไป", ONGOING, None, None),
    ("000", "ปีงบประมาณ ๒๕๖๗ เป็น ต้นไป", ONGOING, None, None),
    ("000", "ดำเนินการให้เสร็จภายใน ม.ค.๖๗", D, dt.date(2024, 1, 31), None),
    ("000", "ดำเนินการให้แล้วเสร็จภายในเดือน เม.ย.๖๗", D, dt.date(2024, 4, 30), None),
    ("000", "รายงานดำเนินการเสร็จสิ้น ภายในเดือน ม.ค.๖๗", D, dt.date(2024, 1, 31), None),
    ("000", "ดำเนินการให้เสร็จสิ้นภายใน มี.ค.๖๗", D, dt.date(2024, 3, 31), None),
    ("001", "ทุกวัน", ONGOING, None, Cadence.DAILY),
    ("001", "๑๕ มี.ค. ๖๘", D, dt.date(2025, 3, 15), None),
    ("001", "๓๐ มี.ค. ๖๘", D, dt.date(2025, 3, 30), None),
    ("001", "๓๐ มี.ค.๖๘", D, dt.date(2025, 3, 30), None),
    ("001", "๒๐ มี.ค. ๖๘ และต้องสื่อสารในเรื่องดังกล่าว ทุก ๒ วัน", D, dt.date(2025, 3, 20), Cadence.DAILY),
    ("001", "ตามปฏิทิน กิจกรรมการ ประเมินของ ปชช.", CAL, None, None),
    ("001", "ตามปฏิทินกิจกรรมการประเมินของปชช.", CAL, None, None),
    ("001", "ตามปฏิทินกิจกรรม ITA ประจำปี งบประมาณ ๒๕๖๘", CAL, None, None),
    ("001", "๑ ตุลาคม ๒๕๖๗", D, dt.date(2024, 10, 1), None),
    ("001", "ลง ๘ ม.ค ๒๕๖๘", D, dt.date(2025, 1, 8), None),
    ("002", "15 มี.ค.67", D, dt.date(2024, 3, 15), None),
    ("002", "30 มี.ค.67", D, dt.date(2024, 3, 30), None),
    ("002", "30 มี.ค.6๗", D, dt.date(2024, 3, 30), None),
    ("002", "20 มี.ค.67 และมีการ สื่อสารใน เรื่อง ดังกล่าวทุก ๑ สัปดาห์", D, dt.date(2024, 3, 20), Cadence.WEEKLY),
    ("002", "ตามปฏิทินกิจกรรม ITA ประจำปีงบประมาณ 2567", CAL, None, None),
    ("002", "ทุกวัน", ONGOING, None, Cadence.DAILY),
    ("002", "๑ ตุลาคม ๒๕๖๖ ถึง ๓๑ ธันวาคม ๒๕๖๖", D, dt.date(2023, 10, 1), None),
    ("002", "2๗ มิถุนายน ๒๕๖๗", D, dt.date(2024, 6, 27), None),
    ("002", "เดือนสิงหาคม ๒๕๖๗", D, dt.date(2024, 8, 31), None),
]

CADENCE_CELLS = [
    ("000", "ให้สารวัตรอำนาจการ รายงานความคืบหน้า ต่อสารวัตรใหญ่ตรวจคนเข้า เมืองจังหวัดขอนแก่น ทุก ๓ เดือน", Cadence.QUARTERLY),
    ("000", "ให้สารวัตรอำนวยความสะดวก กำกับ ติดตาม การใช้ จ่าย งบประมาณ และ รายงาน ผลการใช้จ่ายงบประมาณ ต่อสารวัตรใหญ่ ตรวจคนเข้าเมืองจังหวัด ขอนแก่น ทุก ๖ เดือน", Cadence.HALF_YEARLY),
    ("000", "ให้ สารวัตรอำนวยความสะดวก รายงานผลการเบิกจ่าย ดังกล่าว ต่อสารวัตรใหญ่ ตรวจคนเข้าเมืองจังหวัด ขอนแก่น ทุกเดือน", Cadence.MONTHLY),
    ("000", "ให้ สารวัตรอำนวยความสะดวก สรุปลงผลการดำเนินการ ดังกล่าว ต่อสารวัตรใหญ่ ตรวจคนเข้าเมืองจังหวัด ขอนแก่น ทุกเดือน และ รวบรวม ผลเมื่อครบ ปีงบประมาณ", Cadence.MONTHLY),
    ("000", "ให้สารวัตรอำนาจการ รายงานความคืบหน้า ต่อสารวัตรใหญ่ตรวจคน เข้าเมืองจังหวัดขอนแก่น เมื่อดำเนินการเสร็จสิ้นแล้ว", Cadence.ON_COMPLETION),
    ("000", "ให้สารว้ตรอำนวยการ รายงานความคืบหน้า ต่อ สารว้ตรใหญ่ตรวจคนเข้าเมืองจังหวัดขอนแก่น ทุก ๓ เดือน หรือเมื่อ มีการเพิ่มเติมหรือเปลี่ยนแปลง", Cadence.QUARTERLY),
    ("001", "ทุก ๑ เดือน", Cadence.MONTHLY),
    ("001", "ทุก ๑เดือน", Cadence.MONTHLY),
    ("001", "ทุก๑เดือน", Cadence.MONTHLY),
    ("001", "ภายในวันที่ ๓๑ มี.ค. ๖๘", Cadence.ON_COMPLETION),
    ("002", "ทุก ๑ เดือน", Cadence.MONTHLY),
    ("doc", "ทุก ๑ สัปดาห์", Cadence.WEEKLY),
    ("doc", "ทุก ๒ วัน", Cadence.DAILY),
]

# Cells the parser must refuse rather than guess: a row cut at a page break, table rules, impossible dates.
UNREADABLE_DEADLINES = ["--", "-----------------------", "31 ก.พ. 70", "", "เร็ว ๆ นี้", "มี.ค."]
UNREADABLE_CADENCES = [
    "ให้ สารวัตรอำนวยการ รายงานความคืบหน้า ต่อ สารวัตรใหญ่ตรวจคน",  # continues on the next page
    "--",
    "",
    "ทุก ๒ เดือน",  # not a cadence the follow-up schedule knows
]


@pytest.mark.parametrize("seed, text, kind, date, cadence", DEADLINE_CELLS)
def test_deadline_cells_of_the_seeds(seed, text, kind, date, cadence):
    deadline = parse_deadline(text)
    assert (deadline.kind, deadline.date, deadline.cadence) == (kind, date, cadence)


@pytest.mark.parametrize("seed, text, cadence", CADENCE_CELLS)
def test_cadence_cells_of_the_seeds(seed, text, cadence):
    assert parse_cadence(text) is cadence


@pytest.mark.parametrize("text", UNREADABLE_DEADLINES)
def test_unreadable_deadlines_are_refused_with_a_thai_reason(text):
    with pytest.raises(ParseError) as error:
        parse_deadline(text)
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in str(error.value))


@pytest.mark.parametrize("text", UNREADABLE_CADENCES)
def test_unreadable_cadences_are_refused(text):
    with pytest.raises(ParseError):
        parse_cadence(text)


def test_impossible_date_names_the_text():
    with pytest.raises(ParseError, match="31 ก.พ. 70"):
        parse_date("31 ก.พ. 70")


dates_2560_2580 = st.dates(min_value=fiscal_start(2560), max_value=fiscal_end(2580))


@given(dates_2560_2580, st.booleans(), st.booleans())
def test_format_then_parse_round_trips(day, full_month, thai_numerals):
    text = format_date(day, full_month=full_month, thai_numerals=thai_numerals)
    assert parse_date(text) == day
    assert parse_deadline(f"ภายในวันที่ {text}").date == day
