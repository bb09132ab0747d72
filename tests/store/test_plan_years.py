"""Plans as units really hand them in (issue 14): Word tables pasted into Excel transcribed from seeds 001 and 002,
a last-year plan going into this year, copying a plan forward, and the command line around them."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from helpers.environment import DEMO_AS_OF, ROOT
from helpers.plans import seed_rows, word_table
from ita_dash.domain.framework import library
from ita_dash.domain.lights import Light, MeasureState
from ita_dash.domain.model import (
    Actor,
    Cadence,
    FollowUp,
    FollowUpStatus,
    Province,
    Region,
    Section,
    Unit,
    UnitKind,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.planyear import check_year, move_date
from ita_dash.domain.status import assess_unit
from ita_dash.importers.plan import ALL_SECTIONS, match_owner, preview

D = dt.date
M, OC = Cadence.MONTHLY, Cadence.ON_COMPLETION
ALL = ALL_SECTIONS
SYSTEM = Actor.system("test")


def sections_of(template):
    return [Section(code=s.code, name=s.name) for s in template.sections]




def split_at_page_break(rows, index: int, *, activity_at: int, owner_at: int, cadence_head: str, cadence_tail: str):
    """Row ``index`` cut by a page break as Word does it: the first part keeps the start of the activity and owner
    and the first word of the follow-up; then a blank row and the header repeated; then the rest, with the tail of
    the activity, of the owner and of the follow-up cell, and nothing in the indicator column."""
    row = list(rows[index])
    words, owner = row[2].split(" "), row[6].split(" ")
    first = row[:2] + [" ".join(words[:activity_at])] + row[3:6] + [" ".join(owner[:owner_at]), cadence_head]
    rest = ["", "", " ".join(words[activity_at:]), "", "", "", " ".join(owner[owner_at:]), cadence_tail]
    header = next(r for r in rows if r[0] == "ตัวชี้วัด")
    return rows[:index] + [first, [""] * 8, list(header), rest] + rows[index + 1:]


# (indicator, deadline, cadence, owner section, first words of the activity): every measure of seed 001's table
SEED_001 = [
    (1, None, M, "admin", "มอบหมายเจ้าหน้าที่ ประจำโต๊ะ"),
    (1, D(2025, 3, 30), OC, "admin", "กำหนดลำดับงาน บริการ"),
    (1, D(2025, 3, 30), M, "admin", "-แนะนำรายการเอกสาร"),
    (1, D(2025, 3, 15), M, "patrol", "กำหนดให้ผลัดถัดไปมารับช่วงงาน"),
    (1, D(2025, 3, 15), M, "admin", "ออกแบบสื่อรณรงค์ไม่รับสินบน"),
    (1, D(2025, 3, 15), M, ALL, "ประชุมและฝึกอบรมกำลังพลทุกฝ่าย"),
    (2, D(2025, 3, 20), M, "admin", "สรุปงบที่ได้รับ และงบที่ใช้จ่ายไป"),
    (3, D(2025, 3, 15), M, "admin", "หัวหน้าสถานีแจ้งหลักเกณฑ์"),
    (4, D(2025, 3, 30), M, "admin", "-ออกระเบียบการ ยืมคืนพัสดุ"),
    (6, D(2025, 3, 30), M, "admin", "เรียบเรียงคู่มือบริการประชาชน"),  # seed 001 writes "๕)": the name wins
    (6, D(2025, 3, 30), M, "admin", "ขยายช่องทางให้ประชาชนเข้าถึงคู่มือ"),
    (6, D(2025, 3, 30), M, "admin", "ประชุมอบรมปลุกจิตสำนึกบริการ"),
    (6, D(2025, 3, 30), M, None, "ให้ประชาชนหาข้อมูลที่ถูกต้อง"),  # owner "ป้าย": no section
    (6, D(2025, 3, 30), M, "admin", "จัดสิ่งอำนวยความสะดวก แก่ผู้มารับบริการ"),
    (7, D(2025, 3, 30), M, "admin", "แนะนำช่องทางข่าวสารของสถานี"),
    (7, D(2025, 3, 30), M, "admin", "ทำอินโฟกราฟิก ช่องทางร้องเรียน"),
    (7, D(2025, 3, 30), M, "admin", "ดูแลเว็บไซต์/อัปเดตข้อมูล"),
    (7, None, M, "admin", "รวบรวมข้อมูล ที่ต้องเปิดเผย"),  # "ตามปฏิทิน…": the ITA calendar's dates
    (7, None, M, "admin", "ตรวจทานข้อมูลสาธารณะบนเว็บไซต์"),
    (8, D(2025, 3, 30), M, ALL, "เปิดใช้บริการ E-SERVICE ของสถานี"),  # "หัวหน้าทุกสายงาน"
    (9, None, M, None, "ทำตามคู่มือ ITA สถานีตำรวจ"),
    (10, D(2025, 3, 30), M, ALL, "รวบรวมผลงานด้านป้องกันการทุจริต"),
]
SEED_002 = [
    (1, None, M, "admin", "มอบหมายเจ้าหน้าที่ประจำจุดบริการ"),
    (1, D(2024, 3, 30), M, "alien_services", "กำหนดขั้นตอนงานบริการ"),
    (1, D(2024, 3, 30), M, "alien_services", "แนะนำรายการเอกสาร (checklist)"),
    (1, D(2024, 3, 30), M, "alien_services", "แนะนำให้ผู้ติดต่อเพิ่มเพื่อน Line"),
    (1, D(2024, 3, 15), M, "admin", "ผลิตสื่อรณรงค์ต่อต้านสินบน"),
    (1, D(2024, 3, 15), M, ALL, "ประชุมชี้แจงและอบรมเจ้าหน้าที่ทุกงาน"),
    (2, D(2024, 3, 20), M, "admin", "สรุปงบที่ได้รับ และที่ใช้จ่าย"),
    (3, D(2024, 3, 15), M, None, "ผกก.ตม.จว.พัทลุง ชี้แจง"),
    (4, D(2024, 3, 30), M, "admin", "- ออกระเบียบ การยืมคืน"),
    (5, D(2024, 3, 30), M, "admin", "จัดกิจกรรมปลูกฝัง ค่านิยม"),
    (5, D(2024, 3, 30), M, None, "ทำทุกกิจกรรม ในแผนต่อต้าน"),
    (5, D(2024, 3, 30), M, "admin", "วางระบบ ตรวจตราการทุจริต"),
    (6, D(2024, 3, 30), M, "alien_services", "- เรียบเรียงคู่มือบริการ"),
    (6, D(2024, 3, 30), M, "admin", "- ประชุมอบรมปลุกจิตสำนึก"),
    (7, D(2024, 3, 30), M, "admin", "แนะนำช่องทางข่าวสาร ของหน่วย"),
    (7, D(2024, 3, 30), M, "admin", "บอกช่องทางร้องเรียน การทุจริต"),
    (7, D(2024, 3, 30), M, "admin", "ทำป้ายแสดง ลำดับขั้น"),
    (8, D(2024, 3, 30), M, ALL, "เปิดใช้บริการ E-SERVICE ที่สำนักงาน"),
    (9, None, M, None, "ทำตามคู่มือ ITA ของสถานีตำรวจ"),
    (10, D(2024, 3, 30), M, ALL, "รวบรวมผลงานต่อต้านการทุจริต"),
]


@pytest.mark.parametrize("seed, key, fiscal_year, expected", [
    ("001", "police-station-2568", 2568, SEED_001),
    ("002", "immigration-2567", 2567, SEED_002),
])
def test_a_word_table_pasted_into_excel_imports_every_measure_right(seed, key, fiscal_year, expected):
    template = library().get(key)
    rows = seed_rows(seed)
    # one row more cut by a page break, its follow-up cell split as "ทุก" | "๑ เดือน" (the continuation carries text
    # in the follow-up column, which must not make it a measure of its own)
    budget = next(i for i, r in enumerate(rows) if r[0].startswith(("๒)", "2.")))
    rows = split_at_page_break(rows, budget, activity_at=3, owner_at=2, cadence_head="ทุก", cadence_tail="๑ เดือน")
    plan = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=fiscal_year)
    got = [(r.indicator, r.deadline, r.cadence, r.section, r.values["activity"][:len(e[4])])
           for r, e in zip(plan.rows, expected)]
    assert got == expected and len(plan.rows) == len(expected)
    assert plan.problems == [] and not plan.year_check.needs_decision and plan.year_check.outside == ()
    joined = plan.rows[[e[0] for e in expected].index(2)]
    assert joined.merged_rows and joined.values["cadence"] == "ทุก ๑ เดือน"
    assert joined.values["activity"] == " ".join(seed_rows(seed)[budget][2].split())  # the whole activity, once
    every = [r for r in plan.rows if r.section == ALL]
    measures = plan.measures()
    assert len(measures) == len(plan.rows) + len(every) * (len(template.sections) - 1)
    shares = [m for m in measures if m.all_sections]
    assert {m.owner_section for m in shares} == {s.code for s in template.sections}


def test_the_range_start_is_kept_and_the_end_is_the_deadline():
    template = library().get("police-station-2568")
    rows = seed_rows("001")
    rows[1][5] = "๑ ต.ค. ๒๕๖๗ ถึง ๓๑ ธ.ค. ๒๕๖๗"
    plan = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2568)
    first = plan.rows[0]
    assert (first.start, first.deadline) == (D(2024, 10, 1), D(2024, 12, 31))
    assert plan.measures()[0].start_date == D(2024, 10, 1)


# -- the target year ----------------------------------------------------------------------------------------------


def test_a_last_year_plan_is_stopped_with_the_offer_to_move_its_dates():
    template = library().get("police-station-2570")
    plan = preview("plan.xlsx", word_table(seed_rows("001")), template, sections_of(template), fiscal_year=2570)
    check = plan.year_check
    assert check.needs_decision and check.suggested_move == 2 and check.source_year == 2568
    assert "ปีงบประมาณ 2568 ไม่ใช่ 2570" in check.message() and "เลื่อนวันที่ทั้งหมดไป 2 ปี" in check.message()
    moved = preview("plan.xlsx", word_table(seed_rows("001")), template, sections_of(template), fiscal_year=2570,
                    move_years=2)
    assert not moved.year_check.needs_decision and moved.moved_years == 2
    assert [r.deadline for r in moved.rows] == [move_date(r.deadline, 2) for r in plan.rows]
    assert moved.rows[1].deadline == D(2027, 3, 30)


def test_a_single_date_outside_the_year_is_a_problem_on_its_row():
    template = library().get("police-station-2568")
    rows = seed_rows("001")
    rows[1][5] = "๓๐ มี.ค. ๖๖"  # a typo two years early, the rest of the plan is right
    plan = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2568)
    assert not plan.year_check.needs_decision
    assert [r.row for r in plan.rows if r.outside_year] == [plan.rows[0].row]
    assert any("นอกปีงบประมาณ 2568" in n for n in plan.rows[0].notes)


def test_check_year_moves_by_whole_years_and_keeps_the_day():
    assert move_date(D(2024, 2, 29), 1) == D(2025, 2, 28)
    check = check_year([(1, D(2025, 3, 30)), (2, D(2025, 3, 15)), (3, D(2026, 12, 31)), (4, None)], 2570)
    assert check.suggested_move == 2 and check.dated == 3 and [r for r, _ in check.outside] == [3]


def a_unit(code="T-01", fiscal_year=2570, measures=(), follow_ups=()) -> UnitYearData:
    template = library().get(f"police-station-{fiscal_year}")
    return UnitYearData(
        region=Region(code="R9", name="ภาคทดสอบ"), province=Province(code="P9", name="จังหวัดทดสอบ", region_code="R9"),
        unit=Unit(code=code, name="สภ.ทดสอบ", kind=UnitKind.POLICE_STATION, province_code="P9"),
        year=UnitYear(fiscal_year=fiscal_year), sections=sections_of(template), measures=list(measures),
        follow_ups=list(follow_ups))


def test_a_moved_last_year_plan_gives_no_red_light_on_the_day_of_import(store):
    template = library().get("police-station-2570")
    store.replace_unit_year(SYSTEM, a_unit())
    plan = preview("plan.xlsx", word_table(seed_rows("001")), template, sections_of(template), fiscal_year=2570,
                   move_years=plan_move(template))
    store.import_plan(SYSTEM, "T-01", 2570, plan.measures())
    data = store.load_unit_year(SYSTEM, "T-01", 2570)
    status = assess_unit(template, data, DEMO_AS_OF)  # 21 Nov 2026, the day of import
    assert len(data.measures) == 34 and not any(m.state is MeasureState.OVERDUE for m in status.measures)
    assert not [light.number for light in status.indicators if light.light is Light.RED]
    kept = preview("plan.xlsx", word_table(seed_rows("001")), template, sections_of(template), fiscal_year=2570)
    dated = assess_unit(template, a_unit(measures=kept.measures()), DEMO_AS_OF)  # as written: what the issue saw
    assert sum(1 for light in dated.indicators if light.light is Light.RED) >= 8


def plan_move(template) -> int:
    return preview("plan.xlsx", word_table(seed_rows("001")), template, sections_of(template),
                   fiscal_year=2570).year_check.suggested_move


# -- copying last year's plan ---------------------------------------------------------------------------------------


def test_copy_plan_carries_measures_owners_and_cadences_forward_without_follow_ups(store):
    template = library().get("police-station-2570")
    plan = preview("plan.xlsx", word_table(seed_rows("001")), template, sections_of(template), fiscal_year=2569,
                   move_years=1)
    last = plan.measures()
    last[0] = last[0].model_copy(update={"done": True, "outcome": "ทำแล้ว"})
    last[1] = last[1].model_copy(update={"retired": True})
    reported = FollowUp(measure_code=last[2].code, month="2026-03", status=FollowUpStatus.DONE, percent=100,
                        entered_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
    store.replace_unit_year(SYSTEM, a_unit(fiscal_year=2569, measures=[m.model_copy(update={"code": f"m-{i}"})
                                                                         for i, m in enumerate(last)],
                                           follow_ups=[reported.model_copy(update={"measure_code": "m-2"})]))
    source = store.load_unit_year(SYSTEM, "T-01", 2569)
    check = check_year([(n, m.deadline) for n, m in enumerate(source.measures)], 2570)
    assert check.needs_decision and check.suggested_move == 1
    version = store.data_version()
    outcome = store.copy_plan(SYSTEM, "T-01", 2569, 2570, check.suggested_move)
    assert store.data_version() > version
    copied = store.load_unit_year(SYSTEM, "T-01", 2570)
    assert len(outcome["added"]) == len(source.measures) - 1 == len(copied.measures)  # the retired one stays
    assert copied.follow_ups == [] and not any(m.done or m.outcome for m in copied.measures)
    by_activity = {(m.activity, m.owner_section): m for m in copied.measures}
    for old in source.measures:
        if old.retired:
            continue
        new = by_activity[(old.activity, old.owner_section)]
        assert (new.indicator, new.cadence, new.owner_text, new.all_sections) == (
            old.indicator, old.cadence, old.owner_text, old.all_sections)
        assert new.deadline == move_date(old.deadline, 1)
    assert not [light for light in assess_unit(template, copied, DEMO_AS_OF).indicators if light.light is Light.RED]
    again = store.copy_plan(SYSTEM, "T-01", 2569, 2570, 1)
    assert again["added"] == [] and len(again["unchanged"]) == len(copied.measures)
    chief = Actor(username="c", role="chief", unit_code="OTHER")
    from ita_dash.domain.permissions import NotAllowed
    with pytest.raises(NotAllowed):
        store.copy_plan(chief, "T-01", 2569, 2570, 1)


# -- owners -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("owner, section, how", [
    ("ให้สารวัตรอำนาจการ รายงานความคืบหน้า", "admin", "fuzzy"),  # seed 000's misspelling of อำนวยการ
    ("ให้สารว้ตรอำนวยการ รายงานความคืบหน้า", "admin", "exact"),
    ("หัวหน้างานทุกงาน", ALL, "all"),
    ("ทุกสายงาน", ALL, "all"),
    ("๑. หัวหน้าแต่ละ สายงาน รวบรวม", ALL, "all"),
    ("เจ้าหน้าที่งาน บคด.ฯ ผู้ปฏิบัติ", "alien_services", "exact"),
    ("งานบริการคนต่างดาว", "alien_services", "fuzzy"),
    ("ป้าย", None, ""),
])
def test_owner_matching(owner, section, how):
    template = library().get("immigration-2567")
    match = match_owner(owner, sections_of(template), template)
    assert (match.section, match.how) == (section, how)


def test_fuzzy_owners_are_shown_for_confirmation_and_can_be_overruled():
    template = library().get("immigration-2567")
    rows = seed_rows("002")
    first = next(i for i, r in enumerate(rows) if r[2] and r[6] and r[0] != "ตัวชี้วัด")
    rows[first][6] = "สารวัตรอำนาจการ"
    plan = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2567)
    assert plan.fuzzy_owners["สารวัตรอำนาจการ"].section == "admin"
    assert any("ใกล้เคียง" in n and "โปรดยืนยัน" in n for r in plan.rows for n in r.notes)
    overruled = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2567,
                        owner_choices={"สารวัตรอำนาจการ": ""})
    assert next(r for r in overruled.rows if r.values.get("owner") == "สารวัตรอำนาจการ").section is None


def test_an_all_sections_measure_is_in_every_sections_follow_up_and_page(store):
    from ita_dash.domain.followup import measures_reported_by, section_months

    template = library().get("police-station-2568")
    plan = preview("plan.xlsx", word_table(seed_rows("001")), template, sections_of(template), fiscal_year=2568)
    store.replace_unit_year(SYSTEM, a_unit(fiscal_year=2568))
    store.import_plan(SYSTEM, "T-01", 2568, plan.measures())
    data = store.load_unit_year(SYSTEM, "T-01", 2568)
    shared = [m for m in data.measures if m.all_sections]
    assert len(shared) == 3 * 5
    for section in template.sections:
        mine = measures_reported_by(data, section.code)
        assert sum(1 for m in mine if m.all_sections) == 3
        month = next(s for s in section_months(data, D(2025, 1, 20)) if s.section == section.code
                     and str(s.month) == "2024-12")
        assert sum(1 for code in month.due if code in {m.code for m in shared}) == 3  # per section in the matrix
    again = store.import_plan(SYSTEM, "T-01", 2568, plan.measures())
    assert again["added"] == [] and len(again["unchanged"]) == len(data.measures)


# -- the command line -------------------------------------------------------------------------------------------------


def run(*args):
    return subprocess.run([sys.executable, "-m", "ita_dash", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_import_plan_refuses_a_last_year_plan_without_move_or_keep(demo_db, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(word_table(seed_rows("001")))
    refused = run("--db", demo_db, "import-plan", str(path), "--unit", "DEMO-06", "--fy", "2570", "--dry-run")
    assert refused.returncode == 1 and "--move-dates 2" in refused.stderr and "--keep-dates" in refused.stderr
    moved = run("--db", demo_db, "import-plan", str(path), "--unit", "DEMO-06", "--fy", "2570", "--dry-run",
                "--json", "--move-dates", "2")
    assert moved.returncode == 0, moved.stderr
    result = json.loads(moved.stdout)
    assert result["moved_years"] == 2 and result["rows"][1]["deadline"] == "2027-03-30"
    kept = run("--db", demo_db, "import-plan", str(path), "--unit", "DEMO-06", "--fy", "2570", "--dry-run",
               "--keep-dates")
    assert kept.returncode == 0 and "dry run" in kept.stdout


def test_copy_plan_command(tmp_path):
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{tmp_path / 'ita.db'}"
    opened = SqlStore(url)
    template = library().get("police-station-2570")
    plan = preview("plan.xlsx", word_table(seed_rows("001")), template, sections_of(template), fiscal_year=2569,
                   move_years=1)
    opened.replace_unit_year(SYSTEM, a_unit(fiscal_year=2569, measures=[
        m.model_copy(update={"code": f"m-{i}"}) for i, m in enumerate(plan.measures())]))
    opened.close()
    refused = run("--db", url, "copy-plan", "--unit", "T-01", "--from", "2569", "--to", "2570")
    assert refused.returncode == 1 and "--move-dates 1" in refused.stderr
    done = run("--db", url, "copy-plan", "--unit", "T-01", "--from", "2569", "--to", "2570", "--move-dates", "1",
               "--json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["added"]) == 34


def test_parse_command():
    shown = run("parse", "(ต.ค.๖๖ – มี.ค.๖๗)")
    assert shown.returncode == 0 and "2024-03-31" in shown.stdout and "start:    2023-10-01" in shown.stdout
    as_json = json.loads(run("parse", "ทุกวันสิ้นเดือน", "--json").stdout)
    assert as_json["cadence"] == "monthly"
    fiscal = json.loads(run("parse", "ตุลาคม – ธันวาคม", "--fy", "2570", "--json").stdout)
    assert (fiscal["start"], fiscal["date"]) == ("2026-10-01", "2026-12-31")


# -- issue 31: months without a year move once; a start is not a deadline -------------------------------------------


def test_months_without_a_year_are_moved_once_with_the_rest_of_the_plan():
    template = library().get("police-station-2570")
    rows = seed_rows("001")
    rows[1][5] = "ตุลาคม – ธันวาคม"  # no year: the months of the year the plan was written for
    moved = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2570, move_years=2)
    first = moved.rows[0]
    assert (first.start, first.deadline) == (D(2026, 10, 1), D(2026, 12, 31)) and first.yearless
    assert not first.outside_year and moved.year_check.outside == ()
    kept = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2570)
    assert kept.year_check.suggested_move == 2 and kept.year_check.dated == moved.year_check.dated  # not judged


def test_a_start_written_as_from_is_kept_as_the_start_with_no_deadline():
    template = library().get("police-station-2568")
    rows = seed_rows("001")
    rows[1][5] = "ตั้งแต่ เดือนตุลาคม ๒๕๖๗"
    plan = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2568)
    first = plan.rows[0]
    assert (first.start, first.deadline) == (D(2024, 10, 1), None)
    assert plan.measures()[0].start_date == D(2024, 10, 1) and plan.measures()[0].deadline is None


@pytest.mark.parametrize("written", ["๓๑ มี.ค. พ.ศ.25567", "๓๑ มี.ค. ๒๔๖๘"])
def test_an_impossible_year_is_refused_on_its_row_not_read_as_another_year(written):
    template = library().get("police-station-2568")
    rows = seed_rows("001")
    rows[1][5] = written
    plan = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2568)
    first_row = plan.header_row + 1  # the table's first measure, right below its header
    assert first_row not in [r.row for r in plan.rows]
    assert any(number == first_row and "ปี" in reason for number, reason in plan.problems), plan.problems


def test_a_row_cut_before_its_owner_and_dates_is_joined_and_a_caption_is_dropped_with_its_reason():
    """Issue 31 item 3: the first half of a row cut at a page break (owner and dates on the next page) and a stray
    caption each became a measure with no owner, deadline or cadence, chased every month."""
    template = library().get("police-station-2568")
    rows = seed_rows("001")
    whole = preview("plan.xlsx", word_table(rows), template, sections_of(template), fiscal_year=2568)
    budget = next(i for i, r in enumerate(rows) if r[0].startswith(("๒)", "2.")))
    row = rows[budget]
    words = row[2].split(" ")
    first = row[:2] + [" ".join(words[:2])] + [""] * 5  # the activity's first words; nothing else on this page
    rest = ["", "", " ".join(words[2:])] + row[3:]  # the rest of it with the output, dates, owner and follow-up
    caption = ["", "", "ภาพประกอบ: ป้ายประชาสัมพันธ์หน้าสถานี", "", "", "", "", ""]
    header = next(r for r in rows if r[0] == "ตัวชี้วัด")
    cut = rows[:budget] + [first, [""] * 8, list(header), rest, caption] + rows[budget + 1:]
    plan = preview("plan.xlsx", word_table(cut), template, sections_of(template), fiscal_year=2568)
    assert plan.counts() == whole.counts()  # no measure gained, none lost
    joined = next(r for r in plan.rows if r.indicator == 2)
    assert joined.values["activity"] == " ".join(row[2].split()) and joined.deadline and joined.cadence
    assert joined.section and joined.merged_rows
    assert all(r.section or r.deadline or r.cadence for r in plan.rows)  # none with no owner, deadline and cadence
    assert any("คำบรรยายหรือหัวข้อ" in reason for _, reason in plan.problems)
