"""The deadline and cadence parser against every such cell in the measures tables of seeds 000–002."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_dash.domain.fiscal import fiscal_end, fiscal_start
from ita_dash.domain.model import Cadence
from ita_dash.domain.parse import DeadlineKind, ParseError, parse_cadence, parse_date, parse_deadline, read_phrase
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
    ("002", "๑ ตุลาคม ๒๕๖๖ ถึง ๓๑ ธันวาคม ๒๕๖๖", D, dt.date(2023, 12, 31), None),  # a range: its end
    ("002", "2๗ มิถุนายน ๒๕๖๗", D, dt.date(2024, 6, 27), None),
    ("002", "เดือนสิงหาคม ๒๕๖๗", D, dt.date(2024, 8, 31), None),
]

CADENCE_CELLS = [
    ("000", "ให้สารวัตรอำนาจการ รายงานความคืบหน้า ต่อสารวัตรใหญ่ตรวจคนเข้า เมืองจังหวัดขอนแก่น ทุก ๓ เดือน", Cadence.QUARTERLY),
    ("000", "ให้สารวัตรอำนวยความสะดวก กำกับ ติดตาม การใช้ จ่าย งบประมาณ และ รายงาน ผลการใช้จ่ายงบประมาณ ต่อสารวัตรใหญ่ ตรวจคนเข้าเมืองจังหวัด ขอนแก่น ทุก ๖ เดือน", Cadence.HALF_YEARLY),  # noqa: E501 - a cell as written
    ("000", "ให้ สารวัตรอำนวยความสะดวก รายงานผลการเบิกจ่าย ดังกล่าว ต่อสารวัตรใหญ่ ตรวจคนเข้าเมืองจังหวัด ขอนแก่น ทุกเดือน", Cadence.MONTHLY),
    ("000", "ให้ สารวัตรอำนวยความสะดวก สรุปลงผลการดำเนินการ ดังกล่าว ต่อสารวัตรใหญ่ ตรวจคนเข้าเมืองจังหวัด ขอนแก่น ทุกเดือน และ รวบรวม ผลเมื่อครบ ปีงบประมาณ", Cadence.MONTHLY),  # noqa: E501 - a cell as written
    ("000", "ให้สารวัตรอำนาจการ รายงานความคืบหน้า ต่อสารวัตรใหญ่ตรวจคน เข้าเมืองจังหวัดขอนแก่น เมื่อดำเนินการเสร็จสิ้นแล้ว", Cadence.ON_COMPLETION),
    ("000", "ให้สารว้ตรอำนวยการ รายงานความคืบหน้า ต่อ สารว้ตรใหญ่ตรวจคนเข้าเมืองจังหวัดขอนแก่น ทุก ๓ เดือน หรือเมื่อ มีการเพิ่มเติมหรือเปลี่ยนแปลง", Cadence.QUARTERLY),  # noqa: E501 - a cell as written
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


# -- every deadline and cadence phrase of the five seeds, read as one phrase -----------------------------------
FY, M, Q, H, W, DAY, OC = (DeadlineKind.FISCAL_YEAR, Cadence.MONTHLY, Cadence.QUARTERLY, Cadence.HALF_YEARLY,
                           Cadence.WEEKLY, Cadence.DAILY, Cadence.ON_COMPLETION)
d = dt.date
# (seed, phrase as extracted, fiscal year of the plan, kind, deadline, start, cadence)
SEED_PHRASES = [
    # seed 000: measures table (ระยะเวลาดำเนินการ · การกำกับ/ติดตามผล), OIT owners/time column, minutes, checklists
    ("000", "ปีงบประมาณ ๒๕๖๗ เป็นต้นไป", 2567, ONGOING, None, dt.date(2023, 10, 1), None),
    ("000", "ปีงบประมาณ ๒๕๖๗ เป็น ต้นไป", 2567, ONGOING, None, dt.date(2023, 10, 1), None),  # from 1 Oct 2023 on
    ("000", "ให้สารว้ตรอำนวยการ รายงานความคืบหน้า ต่อสารว้ตรใหญ่ตรวจคนเข้าเมืองจังหวัดขอนแก่น ทุก ๓ เดือน", 2567, None, None, None, Q),
    ("000", "ให้สารว้ตร (หัวหน้างาน) กำกับ ติดตาม เข้าเมืองจังหวัดขอนแก่น ทุก ๓ เดือน", 2567, None, None, None, Q),
    ("000", "ให้สารว้ตรอำนวยการ รายงานความคืบหน้า ทุก ๓ เดือน หรือเมื่อ มีการเพิ่มเติมหรือเปลี่ยนแปลง", 2567, None, None, None, Q),
    ("000", "เข้าเมืองจังหวัดขอนแก่น ทุก ๓ เดือน", 2567, None, None, None, Q),
    ("000", "ให้สารวัตรอำนวยความสะดวก กำกับ ติดตาม การใช้ จ่าย งบประมาณ ขอนแก่น ทุก ๖ เดือน", 2567, None, None, None, H),
    ("000", "ให้ สารวัตรอำนวยความสะดวก รายงานผลการเบิกจ่าย ดังกล่าว ต่อสารวัตรใหญ่ ขอนแก่น ทุกเดือน", 2567, None, None, None, M),
    ("000", "ให้ สารวัตรอำนวยความสะดวก สรุปลงผลการดำเนินการ ขอนแก่น ทุกเดือน และ รวบรวม ผลเมื่อครบ ปีงบประมาณ", 2567, None, None, None, M),
    ("000", "ให้สารวัตรอำนาจการ สรุปผลการดำเนินการ ขอนแก่น ทุกเดือน", 2567, None, None, None, M),
    ("000", "ให้สารวัตรอำนาจการ รายงานความคืบหน้า ขอนแก่น เมื่อดำเนินการเสร็จสิ้นแล้ว", 2567, None, None, None, OC),
    ("000", "ให้ สารวัตรอำนาจการ รายงานความคืบหน้า เมืองจังหวัดขอนแก่น ทุก เดือน", 2567, None, None, None, M),
    ("000", "ให้ สารวัตรอำนาจการ รายงานความคืบหน้า เข้า เมืองจังหวัดขอนแก่นทุก ๓ เดือน", 2567, None, None, None, Q),
    ("000", "สารวัตรใหญ่ ตรวจสอบงานอำนวยความสะดวกข้อมูล รายงาน ดำเนินการให้เสร็จภายใน ม.ค.๖๗", 2567, D, d(2024, 1, 31), None, None),
    ("000", "ดำเนินการให้เสร็จสิ้นภายใน ม.ค.๖๗", 2567, D, d(2024, 1, 31), None, None),
    ("000", "ดำเนินการให้เสร็จสิ้น ภายใน ม.ค.๖๗", 2567, D, d(2024, 1, 31), None, None),
    ("000", "งานอำนวยความสะดวกจัดทำข้อมูล รายงานดำเนินการเสร็จสิ้น ภายในเดือน ม.ค.๖๗", 2567, D, d(2024, 1, 31), None, None),
    ("000", "สารวัตรควบคุม รายงานดำเนินการ ให้เสร็จสิ้น ในเดือน ม.ค. ๖๗", 2567, D, d(2024, 1, 31), None, None),
    ("000", "ดำเนินการให้แล้วเสร็จภายในเดือน เม.ย.๖๗", 2567, D, d(2024, 4, 30), None, None),
    ("000", "ดำเนินการให้แล้วเสร็จภายในเดือน ม.ค.๖๗", 2567, D, d(2024, 1, 31), None, None),
    ("000", "ดำเนินการให้แล้วเสร็จ ภายใน ม.ค.๖๖", 2567, D, d(2023, 1, 31), None, None),  # the seed's typo: a year early
    ("000", "ดำเนินการให้เสร็จสิ้นภายใน มี.ค.๖๗", 2567, D, d(2024, 3, 31), None, None),
    ("000", "สถิติเรื่องร้องเรียน ประจำปีงบประมาณ พ.ศ.๒๕๖๗ (ต.ค.๖๖ - มี.ค.๖๗)", 2567, D, d(2024, 3, 31), d(2023, 10, 1), None),
    ("000", "ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ (ต.ค.๖๖ – มี.ค.๖๗)", 2567, D, d(2024, 3, 31), d(2023, 10, 1), None),
    ("000", "รายงานผลการใช้จ่ายงบประมาณ รอบ ๖ เดือนแรก", 2567, None, None, None, H),
    ("000", "ประชุมติดตามการทำงานเดือนละ ๑ ครั้ง", 2567, None, None, None, M),
    ("000", "รายงานการปฏิบัติราชการ ประจำเดือน", 2567, None, None, None, M),
    ("000", "สรุปผลการจัดซื้อจัดจ้างรายเดือน", 2567, None, None, None, M),
    # seed 001: measures table (ระยะเวลาเสร็จ · ระยะเวลากำกับติดตาม), OIT table, ITA calendar
    ("001", "ทุกวัน", 2568, ONGOING, None, None, DAY),
    ("001", "๓๐ มี.ค. ๖๘", 2568, D, d(2025, 3, 30), None, None),
    ("001", "๓๐ มี.ค.๖๘", 2568, D, d(2025, 3, 30), None, None),
    ("001", "๑๕ มี.ค. ๖๘", 2568, D, d(2025, 3, 15), None, None),
    ("001", "๒๐ มี.ค. ๖๘ และต้องสื่อสารในเรื่องดังกล่าว ทุก ๒ วัน", 2568, D, d(2025, 3, 20), None, DAY),
    ("001", "ตามปฏิทิน กิจกรรมการ ประเมินของ ปชช.", 2568, CAL, None, None, None),
    ("001", "ตามปฏิทินกิจกรรมการประเมินของปชช.", 2568, CAL, None, None, None),
    ("001", "ตามปฏิทินกิจกรรม ITA ประจำปี งบประมาณ ๒๕๖๘", 2568, CAL, None, None, None),
    ("001", "ทุก ๑ เดือน", 2568, None, None, None, M),
    ("001", "ทุก ๑เดือน", 2568, None, None, None, M),
    ("001", "ทุก๑เดือน", 2568, None, None, None, M),
    ("001", "ตามคำสั่ง สภ. ที่ ๒๖/๒๕๖๘ ลง ๘ ม.ค ๒๕๖๘", 2568, D, d(2025, 1, 8), None, None),
    ("001", "จัดทำผลการปฏิบัติงานของแต่ละสายงานรอบ ๖ เดือน", 2568, None, None, None, H),
    ("001", "งาน.อก.รายงานผลเป็นเอกสารทุกเดือน", 2568, None, None, None, M),
    ("001", "เผยแพร่ประกาศจัดซื้อจัดจ้างทุกรายการในรอบ ๖ เดือน(ต.ค.๖๗-มี.ค.๖๘)", 2568, D, d(2025, 3, 31), d(2024, 10, 1), H),
    ("001", "รวบรวมข้อมูลในปีงบฯ ๒๕๖๘รอบ ๖ เดือน (ต.ค.๖๗-มี.ค.๖๘)และเผยแพร่บนเว็บไซต์ของหน่วยงานทุกเดือน", 2568, D, d(2025, 3, 31), d(2024, 10, 1), H),
    ("001", "สถิติ เรื่องร้องเรียนการทุจริตประจำปีงบประมาณพ.ศ. ๒๕๖๘", 2568, FY, d(2025, 9, 30), None, None),
    ("001", "ให้งานอำนวยความสะดวก รายงานผลเป็นเอกสารทุกวันสิ้นเดือน", 2568, ONGOING, None, None, M),
    ("001", "๑ ตุลาคม ๒๕๖๗ ถึง ๓๑ ธันวาคม ๒๕๖๗", 2568, D, d(2024, 12, 31), d(2024, 10, 1), None),
    ("001", "๑ มกราคม ๒๕๖๘ ถึง ๓๑ มกราคม ๒๕๖๘", 2568, D, d(2025, 1, 31), d(2025, 1, 1), None),
    ("001", "๑ มกราคม ๒๕๖๘ ถึง ๑ กรกฎาคม ๒๕๖๘", 2568, D, d(2025, 7, 1), d(2025, 1, 1), None),
    ("001", "๑ มกราคม ๒๕๖๘ ถึง ๓๐ มิ.ย. ๒๕๖๘", 2568, D, d(2025, 6, 30), d(2025, 1, 1), None),
    ("001", "๑ มกราคม ๒๕๖๘ ถึง ๓๐ มิถุนายน ๒๕๖๘", 2568, D, d(2025, 6, 30), d(2025, 1, 1), None),
    ("001", "๑ พฤษภาคม ๒๕๖๘ ถึง ๑๔ มิถุนายน ๒๕๖๘", 2568, D, d(2025, 6, 14), d(2025, 5, 1), None),
    ("001", "๑๗ มิถุนายน ๒๕๖๘ ถึง ๒๖ มิถุนายน ๒๕๖๘", 2568, D, d(2025, 6, 26), d(2025, 6, 17), None),
    ("001", "๑๖ มกราคม ๒๕๖๘ ถึง ๓๑ กรกฎาคม ๒๕๖๘", 2568, D, d(2025, 7, 31), d(2025, 1, 16), None),
    ("001", "สิงหาคม ๒๕๖๘", 2568, D, d(2025, 8, 31), None, None),
    # seed 002: measures table and ITA calendar
    ("002", "ทุกวัน", 2567, ONGOING, None, None, DAY),
    ("002", "30 มี.ค.67", 2567, D, d(2024, 3, 30), None, None),
    ("002", "<p>30 มี.ค.67</p>", 2567, D, d(2024, 3, 30), None, None),
    ("002", "30 มี.ค.6๗", 2567, D, d(2024, 3, 30), None, None),
    ("002", "15 มี.ค.67", 2567, D, d(2024, 3, 15), None, None),
    ("002", "20 มี.ค.67 และมีการ สื่อสารใน เรื่อง ดังกล่าวทุก ๑ สัปดาห์", 2567, D, d(2024, 3, 20), None, W),
    ("002", "ตามปฏิทินกิจกรรม ITA ประจำปีงบประมาณ 2567", 2567, CAL, None, None, None),
    ("002", "ทุก ๑ เดือน", 2567, None, None, None, M),
    ("002", "ตามคำสั่ง ตม.พัทลุง ที่ 1/2567 ลง 5 ม.ค.67", 2567, D, d(2024, 1, 5), None, None),
    ("002", "๑ ตุลาคม ๒๕๖๖ ถึง ๓๑ ธันวาคม ๒๕๖๖", 2567, D, d(2023, 12, 31), d(2023, 10, 1), None),
    ("002", "๑ มกราคม ๒๕๖๗ ถึง ๓๑ มกราคม ๒๕๖๗", 2567, D, d(2024, 1, 31), d(2024, 1, 1), None),
    ("002", "๑ มกราคม ๒๕๖๗ ถึง 3๑ กรกฎาคม ๒๕๖๗", 2567, D, d(2024, 7, 31), d(2024, 1, 1), None),
    ("002", "๑ มกราคม ๒๕๖๗ ถึง ๑ กรกฎาคม ๒๕๖๗", 2567, D, d(2024, 7, 1), d(2024, 1, 1), None),
    ("002", "๑ มกราคม ๒๕๖๗ ถึง ๓๐ เมษายน ๒๕๖๗", 2567, D, d(2024, 4, 30), d(2024, 1, 1), None),
    ("002", "๑ พฤษภาคม ๒๕๖๗ ถึง ๑๔ มิถุนายน ๒๕๖๗", 2567, D, d(2024, 6, 14), d(2024, 5, 1), None),
    ("002", "๑๗ มิถุนายน ๒๕๖๗ ถึง ๒๖ มิถุนายน ๒๕๖๗", 2567, D, d(2024, 6, 26), d(2024, 6, 17), None),
    ("002", "2๗ มิถุนายน ๒๕๖๗ ถึง 15 กรกฎาคม ๒๕๖๗", 2567, D, d(2024, 7, 15), d(2024, 6, 27), None),
    ("002", "๑๖ กรกฎาคม ๒๕๖๗ ถึง ๓๑ กรกฎาคม ๒๕๖๗", 2567, D, d(2024, 7, 31), d(2024, 7, 16), None),
    ("002", "เดือนสิงหาคม ๒๕๖๗", 2567, D, d(2024, 8, 31), None, None),
    # seed 003: the ITAP screen
    ("003", "การประเมิน IIT (ถึง วันที่ 30 มิถุนายน พ.ศ.2568 เวลา 17:00:00)", 2568, D, d(2025, 6, 30), None, None),
    ("003", "ในปีงบประมาณ พ.ศ.๒๕๖๘", 2568, FY, d(2025, 9, 30), None, None),
    # seed 004: the report's ระยะเวลา column
    ("004", "<p>ตุลาคม – ธันวาคม</p>", 2568, D, d(2024, 12, 31), d(2024, 10, 1), None),
    ("004", "<p>กันยายน ๒๕๖๕</p>", 2568, D, d(2022, 9, 30), None, None),
    ("004", "<p>กันยายน ๒๕๖๘</p>", 2568, D, d(2025, 9, 30), None, None),
    ("004", "<p>ปีงบประมาณ พ.ศ.๒๕๖๘</p>", 2568, FY, d(2025, 9, 30), None, None),
    ("004", "<p>ปีงบประมาณ พ.ศ.๒๕๖๗</p> <p>ปีงบประมาณ พ.ศ.๒๕๖๘</p>", 2568, FY, d(2025, 9, 30), None, None),
    ("004", "จัดประชุมประจำเดือน เพื่อสร้างกระบวนการปรึกษาหารือ", 2568, None, None, None, M),
    ("004", "ดำเนินการให้เสร็จสิ้นภายใน ระยะเวลาที่กำหนด", 2568, None, None, None, None),
    # said by units though not in the seeds (the list)
    ("doc", "ทุกวันอังคาร", 2570, ONGOING, None, None, W),
    ("doc", "ทุกวันศุกร์", 2570, ONGOING, None, None, W),
    ("doc", "ทุกวันที่ ๕ ของเดือน", 2570, ONGOING, None, None, M),
    ("doc", "ทุกสิ้นเดือน", 2570, None, None, None, M),
    ("doc", "รายไตรมาส", 2570, None, None, None, Q),
    ("doc", "ทุกไตรมาส", 2570, None, None, None, Q),
    ("doc", "ไตรมาสละ ๑ ครั้ง", 2570, None, None, None, Q),
    ("doc", "ปีละ ๔ ครั้ง", 2570, None, None, None, Q),
    ("doc", "ราย ๓ เดือน", 2570, None, None, None, Q),
    ("doc", "๓ เดือน/ครั้ง", 2570, None, None, None, Q),
    ("doc", "ราย ๖ เดือน", 2570, None, None, None, H),
    ("doc", "ปีละ ๒ ครั้ง", 2570, None, None, None, H),
    ("doc", "ทุกครึ่งปี", 2570, None, None, None, H),
    ("doc", "เดือนละครั้ง", 2570, None, None, None, M),
    ("doc", "ทุกๆ เดือน", 2570, None, None, None, M),
    ("doc", "สัปดาห์ละ ๑ ครั้ง", 2570, None, None, None, W),
    ("doc", "รายสัปดาห์", 2570, None, None, None, W),
    ("doc", "๑ – ๓๑ ม.ค. ๗๐", 2570, D, d(2027, 1, 31), d(2027, 1, 1), None),
    ("doc", "ปีงบประมาณ ๒๕๗๐", 2570, FY, d(2027, 9, 30), None, None),
]


@pytest.mark.parametrize("seed, text, fy, kind, date, start, cadence", SEED_PHRASES)
def test_every_phrase_of_the_seeds(seed, text, fy, kind, date, start, cadence):
    reading = read_phrase(text, fy)
    assert (reading.kind, reading.date, reading.start, reading.cadence) == (kind, date, start, cadence)


def test_months_without_a_year_need_the_fiscal_year():
    with pytest.raises(ParseError, match="ไม่ได้ระบุปี"):
        parse_deadline("ตุลาคม – ธันวาคม")
    assert parse_deadline("ตุลาคม – ธันวาคม", 2570).date == dt.date(2026, 12, 31)


# -- issue 31: starts, impossible years, every end of a quarter, two-digit years in ranges ---------------------------


@pytest.mark.parametrize("text, start", [
    ("ตั้งแต่ เดือนตุลาคม ๒๕๖๖", dt.date(2023, 10, 1)),
    ("ตั้งแต่วันที่ 16 กรกฎาคม 2567 เป็นต้นไป", dt.date(2024, 7, 16)),
    ("เริ่มตั้งแต่ ม.ค. ๖๘", dt.date(2025, 1, 1)),
])
def test_from_a_day_on_is_a_start_not_a_deadline(text, start):
    deadline = parse_deadline(text, 2568)
    assert deadline.kind is DeadlineKind.ONGOING and deadline.date is None and deadline.start == start


def test_a_range_with_two_digit_years_reads_both_ends():
    for text in ("ตั้งแต่ ๑ ต.ค. ๖๗ ถึง ๓๑ ธ.ค. ๖๗", "๑ ต.ค. ๖๗ - ๓๑ ธ.ค. ๖๗"):
        deadline = parse_deadline(text, 2568)
        assert (deadline.kind, deadline.start, deadline.date) == (
            DeadlineKind.DATE, dt.date(2024, 10, 1), dt.date(2024, 12, 31)), text
    assert parse_deadline("๑ – ๓๑ ม.ค. ๖๘").start == dt.date(2025, 1, 1)  # a range of days in one month still is


@pytest.mark.parametrize("text", ["31 มี.ค. 25567", "ภายในวันที่ ๓๑ มีนาคม พ.ศ.๒๕๕๖๗", "ปีงบประมาณ พ.ศ.25567",
                                  "ปีงบประมาณ 25567", "31/3/25567"])
def test_a_year_of_five_digits_is_refused_not_read_as_four_of_them(text):
    with pytest.raises(ParseError, match="ปี “25567” ไม่ถูกต้อง"):
        parse_deadline(text, 2568)


@pytest.mark.parametrize("text, cadence", [
    ("ทุกสิ้นไตรมาส", Cadence.QUARTERLY), ("รายงานผล ณ สิ้นไตรมาส", Cadence.QUARTERLY),
    ("ทุกสิ้นครึ่งปี", Cadence.HALF_YEARLY), ("ทุกสิ้นเดือน", Cadence.MONTHLY),
])
def test_every_end_of_a_period_reads_like_its_long_form(text, cadence):
    assert parse_cadence(text) is cadence
