"""Importing a unit's existing plan: fixtures in the layout of seeds 001 and 002 (tests/fixtures/seeds)."""

import datetime as dt
import io
import json
import subprocess
import sys

import pytest
from openpyxl import Workbook

from helpers.environment import ROOT
from helpers.plans import as_csv, as_xlsx, seed_rows
from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.model import Actor, Cadence, Section
from ita_dash.importers.plan import ALL_SECTIONS, PlanFileError, preview

CHIEF = Actor(username="chief", role="chief", unit_code="DEMO-05")








@pytest.fixture(scope="module")
def police(templates):
    template = templates.get("police-station-2568")
    return template, [Section(code=s.code, name=s.name) for s in template.sections]


@pytest.fixture(scope="module")
def immigration(templates):
    template = templates.get("immigration-2567")
    return template, [Section(code=s.code, name=s.name) for s in template.sections]


SEED_001_COUNTS = {1: 6, 2: 1, 3: 1, 4: 1, 6: 5, 7: 5, 8: 1, 9: 1, 10: 1}  # seed 001 numbers 6–10 one lower
SEED_002_COUNTS = {1: 6, 2: 1, 3: 1, 4: 1, 5: 3, 6: 2, 7: 3, 8: 1, 9: 1, 10: 1}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_seed_001_plan(police, kind):
    template, sections = police
    rows = seed_rows("001")
    content = as_csv(rows) if kind == "csv" else as_xlsx(rows)
    plan = preview(f"plan.{kind}", content, template, sections)
    assert plan.counts() == SEED_001_COUNTS and plan.problems == []
    assert sum(1 for _, reason in plan.skipped if "หัวตารางซ้ำ" in reason) >= 8  # the header repeated on every page
    first = plan.rows[0]
    assert first.indicator == 1 and first.values["deadline"] == "ทุกวัน" and first.deadline is None
    assert first.cadence is Cadence.MONTHLY and first.section == "admin"
    one_stop = plan.rows[1]
    assert one_stop.deadline == dt.date(2025, 3, 30) and one_stop.cadence is Cadence.ON_COMPLETION  # "ภายในวันที่ ๓๑ มี.ค. ๖๘"
    budget = next(r for r in plan.rows if r.indicator == 2)
    assert budget.deadline == dt.date(2025, 3, 20) and budget.cadence is Cadence.MONTHLY
    assert any("ใช้ตามชื่อ" in note for r in plan.rows for note in r.notes)
    every = [r for r in plan.rows if r.values.get("owner") == "หัวหน้าทุกสายงานเป็นผู้ควบคุม"]
    assert every and all(r.section == ALL_SECTIONS for r in every)  # every section reports on it
    assert "หัวหน้าทุกสายงานเป็นผู้ควบคุม" not in plan.unmatched_owners


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_seed_002_plan(immigration, kind):
    template, sections = immigration
    rows = seed_rows("002")
    plan = preview(f"plan.{kind}", as_csv(rows) if kind == "csv" else as_xlsx(rows), template, sections)
    assert plan.counts() == SEED_002_COUNTS and plan.problems == []
    assert any(r.merged_rows for r in plan.rows)  # rows cut at page breaks were joined to the row above
    assert all(r.deadline == dt.date(2024, 3, 30) or r.deadline is None or r.deadline.month == 3 for r in plan.rows)
    assert next(r for r in plan.rows if r.indicator == 6).section == "alien_services"  # "รอง สว.บคด."


@pytest.mark.parametrize("name, content, message", [
    ("plan.csv", "สวัสดี,ตาราง\n1,2\n".encode(), "ไม่พบแถวหัวตาราง"),
    ("plan.csv", b"", "ไม่พบข้อมูล"),
    ("plan.xlsx", b"PK\x03\x04 not really a workbook", "เสียหายหรือตั้งรหัสผ่าน"),
    ("plan.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "เสียหายหรือตั้งรหัสผ่าน"),  # an encrypted (OLE) workbook
    ("plan.docx", b"...", "รองรับเฉพาะไฟล์ .xlsx และ .csv"),
])
def test_malformed_files_are_refused_clearly(police, name, content, message):
    template, sections = police
    with pytest.raises(PlanFileError, match=message):
        preview(name, content, template, sections)


def test_a_tis620_csv_is_refused_and_nothing_is_written(police, demo_store, tmp_path):
    template, sections = police
    text = as_csv(seed_rows("001")).decode("utf-8-sig")
    content = text.encode("cp874", errors="replace")  # the fixture keeps seed 001's stray Bengali letters
    with pytest.raises(PlanFileError, match="TIS-620"):
        preview("plan.csv", content, template, sections)
    empty = Workbook()
    buffer = io.BytesIO()
    empty.save(buffer)
    with pytest.raises(PlanFileError, match="ไม่พบข้อมูล"):
        preview("plan.xlsx", buffer.getvalue(), template, sections)


def test_import_is_one_transaction_and_a_reimport_does_not_duplicate(demo_store, police, templates):
    template, _ = police
    before = demo_store.load_unit_year(CHIEF, "DEMO-05", 2570)
    plan = preview("plan.csv", as_csv(seed_rows("001")), template, before.sections)
    measures = [row.measure(f"n{i}") for i, row in enumerate(plan.rows)]
    first = demo_store.import_plan(CHIEF, "DEMO-05", 2570, measures)
    assert len(first["added"]) == 22
    after = demo_store.load_unit_year(CHIEF, "DEMO-05", 2570)
    assert len(after.measures) == len(before.measures) + 22
    again = demo_store.import_plan(CHIEF, "DEMO-05", 2570, measures)
    assert again["added"] == [] and len(again["unchanged"]) == 22
    changed_rows = seed_rows("001")
    changed_rows[1][5] = "๑๕ เม.ย. ๖๘"  # one deadline moves
    plan = preview("plan.csv", as_csv(changed_rows), template, before.sections)
    third = demo_store.import_plan(CHIEF, "DEMO-05", 2570, [r.measure(f"n{i}") for i, r in enumerate(plan.rows)])
    assert third["added"] == [] and len(third["changed"]) == 1 and len(third["unchanged"]) == 21
    assert len(demo_store.load_unit_year(CHIEF, "DEMO-05", 2570).measures) == len(after.measures)
    other = Actor(username="chief6", role="chief", unit_code="DEMO-06")
    count, version = len(demo_store.load_unit_year(other, "DEMO-06", 2570).measures), demo_store.data_version()
    broken = measures[:3] + [measures[3].model_copy(update={"owner_section": "no-such-section"})]
    with pytest.raises(InvalidEntry, match="no-such-section"):
        demo_store.import_plan(other, "DEMO-06", 2570, broken)  # three rows were written before the fourth failed
    assert demo_store.data_version() == version  # all or nothing
    assert len(demo_store.load_unit_year(other, "DEMO-06", 2570).measures) == count


def test_import_plan_command(demo_db, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(as_xlsx(seed_rows("001")))
    run = lambda *a: subprocess.run([sys.executable, "-m", "ita_dash", "--db", demo_db, "import-plan", *a],  # noqa: E731
                                    cwd=ROOT, capture_output=True, text=True, timeout=120)
    dry = run(str(path), "--unit", "DEMO-06", "--fy", "2570", "--dry-run", "--json", "--move-dates", "2")  # a 2568 plan
    assert dry.returncode == 0, dry.stderr
    result = json.loads(dry.stdout)
    assert len(result["rows"]) == 22 and result["imported"] is None and result["problems"] == []
    assert result["mapping"]["ตัวชี้วัด"] == "indicator"
    empty = tmp_path / "empty.csv"
    empty.write_text("ตัวชี้วัด,กิจกรรมที่จะดำเนินการ,ผลผลิต\n", encoding="utf-8")
    refused = run(str(empty), "--unit", "DEMO-06", "--fy", "2570")
    assert refused.returncode == 1 and "no measure" in refused.stderr


def test_a_header_whose_titles_word_wrapped_onto_a_second_row_is_found(police):
    """Issue 31: Word wraps long column titles; pasted into Excel the header fills two rows."""
    template, sections = police
    rows = seed_rows("001")
    header = rows[0]
    top = [cell[:len(cell) // 2] for cell in header]  # "ตัวชี้" above "วัด", "กิจกรรมที่จ" above "ะดำเนินการ"
    rest = [cell[len(cell) // 2:] for cell in header]
    wrapped = [part for row in rows for part in ([top, rest] if row == header else [row])]  # at each page too
    plan = preview("plan.csv", as_csv(wrapped), template, sections)
    assert plan.header_row == 2 and plan.counts() == SEED_001_COUNTS and not plan.undecided
    assert sum(1 for _, reason in plan.skipped if "หัวตารางซ้ำ" in reason) >= 16  # both rows of every repeat
