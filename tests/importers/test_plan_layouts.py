"""Plans in the layouts of all three kinds of unit (issue 31): the fixtures of seeds 000, 003 and 004, raw as pasted
from Word and tidied, import with every measure under the indicators a reader would give them — nothing lost
silently, nothing invented. What a reader would enter is in tests/fixtures/seeds/plans_expected.json."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from helpers.plans import plain_csv, raw_rows
from helpers.seed_layouts import expected_plans, fixture_path, tidy_rows
from ita_dash.cli import main as cli
from ita_dash.domain.framework import library
from ita_dash.domain.model import Actor, Section
from ita_dash.importers.plan import PlanFileError, preview

EXPECTED = expected_plans()
TEMPLATES = {"000": "immigration-2567", "001": "police-station-2568", "002": "immigration-2567",
             "003": "immigration-2568", "004": "local-admin-2568"}  # each seed read with the template of its own year




def read(prefix: str, rows, **options):
    template = library().get(TEMPLATES[prefix])
    sections = [Section(code=s.code, name=s.name) for s in template.sections]
    return preview("plan.csv", plain_csv(rows), template, sections, fiscal_year=EXPECTED[prefix]["fiscal_year"],
                   **options)


def per_indicator(prefix: str, table: int | None = None) -> dict[int, int]:
    counts: dict[int, int] = {}
    for measure in EXPECTED[prefix]["measures"]:
        if table is None or measure.get("table") == table:
            counts[measure["indicator"]] = counts.get(measure["indicator"], 0) + 1
    return dict(sorted(counts.items()))


def assert_as_expected(plan, prefix: str) -> None:
    """Every measure of the plan as a person reading it would enter it: indicator, activity, dates, rhythm and owner
    (a row naming two indicators counts once under each)."""
    each = [(row, indicator) for row in plan.rows for indicator in (row.indicator, *row.also)]
    for (row, indicator), expected in zip(each, EXPECTED[prefix]["measures"], strict=True):
        assert indicator == expected["indicator"], row.label
        assert row.values["activity"].startswith(expected["activity_starts"].strip()), row.label
        assert (row.deadline.isoformat() if row.deadline else None) == expected["deadline"], row.label
        assert (row.start.isoformat() if row.start else None) == expected["start"], row.label
        assert (row.cadence.value if row.cadence else None) == expected["cadence"], row.label
        assert row.section == expected["owner"], (row.label, row.values.get("owner"))


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_a_tidied_plan_of_each_kind_imports_every_measure_with_its_dates_and_rhythm(prefix):
    plan = read(prefix, tidy_rows(prefix))
    assert plan.counts() == per_indicator(prefix) and not plan.undecided and plan.problems == []
    assert_as_expected(plan, prefix)


def test_the_immigration_plan_of_seed_000_as_pasted_keeps_every_measure():
    plan = read("000", raw_rows("000"))
    assert plan.counts() == per_indicator("000") and not plan.undecided and plan.problems == []
    assert sum(1 for _, reason in plan.skipped if "หัวตารางซ้ำ" in reason) >= 8
    assert all(row.start == dt.date(2023, 10, 1) and row.deadline is None for row in plan.rows)  # "…๒๕๖๗ เป็นต้นไป"
    assert_as_expected(plan, "000")


def test_the_immigration_plan_of_seed_003_reads_the_survey_and_the_indicator_in_one_cell():
    plan = read("003", raw_rows("003"))
    # the staffing table and the results table between its pages are no measures: their rows of figures are
    # dropped with a reason, their header rows wait for the chief (no indicator can be read from them)
    assert [row.row for row in plan.undecided] and all("อ่านตัวชี้วัดไม่ได้" in row.undecided for row in plan.undecided)
    with pytest.raises(PlanFileError, match="ยังไม่ได้เลือกตัวชี้วัดของแถว"):
        plan.measures()
    assert all("ไม่มีกิจกรรม" in reason for _, reason in plan.problems)
    dropped = read("003", raw_rows("003"), indicator_choices={row.row: 0 for row in plan.undecided})
    assert dropped.counts() == per_indicator("003") and not dropped.undecided
    assert_as_expected(dropped, "003")
    assert next(row for row in dropped.rows if row.indicator == 3).values["activity"]  # "แบบวัด… ๓. การใช้อำนาจ"


def test_the_local_administration_plan_of_seed_004_as_pasted_gets_in_whole():
    plan = read("004", raw_rows("004"))
    first = [row for row in plan.rows if not row.undecided]
    counts: dict[int, int] = {}
    for row in first:
        for number in (row.indicator, *row.also):
            counts[number] = counts.get(number, 0) + 1
    assert counts == per_indicator("004", table=1)  # "… แบบวัด IT ตัวชี้วัดที่ ๑ ตัวชี้วัดที่ ๒": one row, two indicators
    both = next(row for row in first if row.also)
    assert (both.indicator, both.also) == (1, (2,))
    assert {row.section for row in first} >= {"finance", "personnel", "strategy"}
    # the second table ("มาตรการ/โครงการ/กิจกรรม · … · ระยะเวลา") names no indicator: each row waits for the chief
    second = plan.undecided
    assert len(second) == 12 and any("หัวตารางของตารางถัดไป" in reason for _, reason in plan.skipped)
    assert all(row.deadline or row.values.get("deadline") for row in second)  # "ระยะเวลา" is the deadline column
    chosen = read("004", raw_rows("004"), indicator_choices={row.label: 10 for row in second})
    assert sum(chosen.counts().values()) == 7 + 12 and not chosen.undecided
    every = [row for row in chosen.rows if row.section == "*"]  # "ทุกภารกิจ…": one measure per division and indicator
    divisions = len(library().get("local-admin-2568").sections)
    assert len(chosen.measures()) == 19 + sum((len(row.also) + 1) * (divisions - 1) for row in every)


def test_two_measures_written_in_one_row_of_seed_004_are_read_as_two():
    """Measures ๗ and ๘ share one row of seed 004's second table, a paragraph each in every cell: two measures,
    each with its own owner, period and steps — not one with both run together."""
    plan = read("004", raw_rows("004"))
    table_2 = [m for m in EXPECTED["004"]["measures"] if m["table"] == 2]
    picks = {row.label: m["indicator"] for row, m in zip(plan.undecided, table_2, strict=True)}
    chosen = read("004", raw_rows("004"), indicator_choices=picks)
    assert chosen.counts() == per_indicator("004") and not chosen.undecided
    assert_as_expected(chosen, "004")
    seventh, eighth = (row for row in chosen.rows if row.label.count("-"))
    assert seventh.row == eighth.row and (seventh.label, eighth.label) == (f"{seventh.row}-1", f"{seventh.row}-2")
    assert "๘." not in seventh.values["activity"] and "๗." not in eighth.values["activity"]
    assert seventh.values["outcome"].startswith("นัดบุคลากร") and eighth.values["outcome"].startswith("๑. ส่งสรุป")
    assert any("แยกนำเข้า" in note for note in eighth.notes)
    # the chief may leave out one of the two: the other stays
    one = read("004", raw_rows("004"), indicator_choices={**picks, eighth.label: 0})
    assert len(one.rows) == len(chosen.rows) - 1 and seventh.label in {row.label for row in one.rows}


def test_numbered_steps_of_one_measure_stay_one_measure():
    """Numbered lines in the activity cell of a row with one owner and one period are that measure's steps."""
    template = library().get("local-admin-2568")
    sections = [Section(code=s.code, name=s.name) for s in template.sections]
    rows = [["ตัวชี้วัด", "มาตรการ/กิจกรรม", "ผู้รับผิดชอบ", "ระยะเวลาแล้วเสร็จ"],
            ["ตัวชี้วัดที่ ๒", "<p>๑. ทำแผนจัดซื้อ</p><p>๒. ลงแผนบนเว็บไซต์</p>", "กองคลัง", "31 มี.ค. 2568"],
            ["ตัวชี้วัดที่ ๓", "<p>๒. ประชุมชี้แจง</p><p>๓. เวียนหนังสือ</p>", "<p>สำนักปลัด</p><p>กองคลัง</p>", "30 ก.ย. 2568"],
            ["ตัวชี้วัดที่ ๓", "๔. อบรมพนักงาน\n๕. ทำคู่มือ", "สำนักปลัด\nกองคลัง", "31 ม.ค. 2568\n30 มิ.ย. 2568"]]
    plan = preview("plan.csv", plain_csv(rows), template, sections, fiscal_year=2568)
    # row 3 is numbered on from a step of row 2, not from a measure; row 4 (lines of an Excel cell) on from row 3
    assert [row.label for row in plan.rows] == ["2", "3", "4-1", "4-2"]
    assert [(row.section, row.deadline) for row in plan.rows[2:]] == [("office", dt.date(2025, 1, 31)),
                                                                      ("finance", dt.date(2025, 6, 30))]
    assert plan.rows[0].values["activity"] == "๑. ทำแผนจัดซื้อ ๒. ลงแผนบนเว็บไซต์"


def test_the_command_line_refuses_an_unreadable_row_by_number_unless_told_to_skip_it(demo_store, tmp_path, capsys):
    path = tmp_path / "plan.csv"
    rows = raw_rows("003")
    path.write_bytes(plain_csv(rows))
    plan = read("003", rows)
    url = demo_store.url
    args = ["import-plan", str(path), "--unit", "DEMO-IM", "--fy", "2570", "--db", url, "--move-dates", "2"]
    assert cli(args) == 1
    said = capsys.readouterr().err
    assert all(f"row {row.row}" in said and f"--skip-row {row.row}" in said for row in plan.undecided), said
    before = len(demo_store.load_unit_year(Actor.system("t"), "DEMO-IM", 2570).measures)
    assert before == len(demo_store.load_unit_year(Actor.system("t"), "DEMO-IM", 2570).measures)  # nothing written
    skips = [f"--skip-row={row.row}" for row in plan.undecided]
    assert cli([*args, *skips, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert len(result["imported"]["added"]) + len(result["imported"]["changed"]) + len(
        result["imported"]["unchanged"]) + len(result["imported"]["repeated"]) >= 10


def test_the_fixture_files_are_the_ones_the_tests_read():
    assert fixture_path("plans_expected.json").is_file() and set(EXPECTED) >= {"000", "003", "004"}


def test_the_columns_shown_for_correction_are_the_first_tables():
    plan = read("004", raw_rows("004"))
    assert plan.headers[0].startswith("ประเด็นที่ต้องปรับปรุง") and plan.header_row < min(r.row for r in plan.rows)
    assert sorted(set(plan.mapping.values()) - {"extra"}) == ["activity", "deadline", "issue", "owner"]
