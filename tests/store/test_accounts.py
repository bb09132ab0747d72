"""Accounts and permissions at the store level, on SQLite and PostgreSQL: sign-in, lockout with a frozen clock,
what each role may read and write, version checks and the audit trail."""

import datetime as dt
import re
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from helpers.environment import ROOT
from ita_dash.domain.accounts import SignInRefused, User, session_expired
from ita_dash.domain.entries import FollowUpEntry, InvalidEntry, MeasureEntry, OitEntry
from ita_dash.domain.model import (
    Actor,
    FollowUpStatus,
    ItaResult,
    OitStatus,
    Province,
    QuotaSnapshot,
    QuotaTool,
    Region,
    Role,
    Section,
    Unit,
    UnitKind,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.permissions import NotAllowed
from ita_dash.store.base import StaleVersion
from ita_dash.store.demo import DEMO_ACCOUNTS
from ita_dash.store.sql import SqlStore
from ita_dash.store.tables import AuditRow, UserRow

USERS = {user.username: user for user, _ in DEMO_ACCOUNTS}
HEAD = USERS["demo.head"].as_actor()  # section head of DEMO-01, งานอำนวยการ
CHIEF = USERS["demo.chief"].as_actor()  # chief of DEMO-01
VIEWER = USERS["demo.viewer"].as_actor()
PROVINCE = USERS["demo.province"].as_actor()
NOW = dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)  # 10:00 in Bangkok
FY = 2570


def audit_count(store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(AuditRow)).scalar_one()


def measure_of(store, section: str, unit="DEMO-01"):
    data = store.load_unit_year(Actor.system("test"), unit, FY)
    return next(m for m in data.measures if m.owner_section == section and not m.retired)


def entry(measure_code: str, base=None, month="2026-11", **values) -> FollowUpEntry:
    return FollowUpEntry(measure_code, month, values.pop("status", FollowUpStatus.IN_PROGRESS),
                         values.pop("percent", 40), values.pop("note", "ติดตั้งป้ายแล้ว"),
                         values.pop("evidence_url", ""), base)


# -- sign-in, lockout, sessions ------------------------------------------------------------------------------


def test_passwords_are_stored_as_argon2id_hashes(demo_store):
    with demo_store.engine.connect() as connection:
        hashes = connection.execute(select(UserRow.password_hash)).scalars().all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any("demo-" in h for h in hashes)


def test_sign_in_and_lockout_after_five_wrong_passwords(demo_store):
    assert demo_store.sign_in("demo.head", "demo-head-pass", NOW).role is Role.SECTION_HEAD
    for attempt in range(4):
        with pytest.raises(SignInRefused, match="ไม่ถูกต้อง"):
            demo_store.sign_in("demo.head", "wrong", NOW + dt.timedelta(seconds=attempt))
    assert demo_store.sign_in("demo.head", "demo-head-pass", NOW).username == "demo.head"  # four wrong: not locked
    for attempt in range(5):
        with pytest.raises(SignInRefused):
            demo_store.sign_in("demo.head", "wrong", NOW + dt.timedelta(seconds=attempt))
    with pytest.raises(SignInRefused, match="ล็อก"):  # the right password is refused while locked
        demo_store.sign_in("demo.head", "demo-head-pass", NOW + dt.timedelta(minutes=14, seconds=59))
    user = demo_store.sign_in("demo.head", "demo-head-pass", NOW + dt.timedelta(minutes=15, seconds=5))
    assert user.failed_attempts == 0 and user.locked_until is None


def test_unknown_and_disabled_accounts_get_the_same_answer(demo_store):
    with pytest.raises(SignInRefused, match="ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"):
        demo_store.sign_in("nobody", "whatever", NOW)
    demo_store.set_disabled(Actor.system("test"), "demo.viewer", True)
    with pytest.raises(SignInRefused, match="ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"):
        demo_store.sign_in("demo.viewer", "demo-viewer-pass", NOW)


def test_sessions_expire_after_30_idle_minutes():
    assert not session_expired(NOW, NOW + dt.timedelta(minutes=30))
    assert session_expired(NOW, NOW + dt.timedelta(minutes=30, seconds=1))


def test_accounts_need_their_scope_and_a_real_password(demo_store):
    admin = Actor.system("test")
    with pytest.raises(InvalidEntry, match="section_code"):
        demo_store.add_user(admin, User(username="x.head", role=Role.SECTION_HEAD, unit_code="DEMO-02"), "long-enough")
    with pytest.raises(InvalidEntry, match="8"):
        demo_store.add_user(admin, User(username="x.chief", role=Role.CHIEF, unit_code="DEMO-02"), "short")
    with pytest.raises(NotAllowed):
        demo_store.add_user(CHIEF, User(username="x.chief", role=Role.CHIEF, unit_code="DEMO-02"), "long-enough")


# -- reading ---------------------------------------------------------------------------------------------------


def test_a_province_user_sees_only_their_province(demo_store, templates):
    from ita_dash.store.demo import UNITS, build_unit_year

    other = build_unit_year(templates, UNITS[0], FY, dt.date(2026, 11, 21))
    other = other.model_copy(update={
        "province": other.province.model_copy(update={"code": "OTHER", "demo": False}),
        "unit": other.unit.model_copy(update={"code": "OTHER-01", "province_code": "OTHER"}),
    })
    demo_store.replace_unit_year(Actor.system("test"), other)
    assert {u.province_code for u in demo_store.list_units(PROVINCE)} == {"DEMO"}
    assert [p.code for p in demo_store.list_provinces(PROVINCE)] == ["DEMO"]
    assert "OTHER-01" in [u.code for u in demo_store.list_units(Actor.system("test"))]
    for read in (lambda: demo_store.load_unit_year(PROVINCE, "OTHER-01", FY),
                 lambda: demo_store.history(PROVINCE, "OTHER-01"),
                 lambda: demo_store.fiscal_years(PROVINCE, "OTHER-01")):
        with pytest.raises(NotAllowed, match="ไม่มีสิทธิ์ดูข้อมูล"):
            read()
    assert demo_store.load_unit_year(PROVINCE, "DEMO-05", FY).unit.code == "DEMO-05"


def test_unit_roles_read_only_their_unit(demo_store):
    for actor in (HEAD, CHIEF, VIEWER):
        assert [u.code for u in demo_store.list_units(actor)] == ["DEMO-01"]
        with pytest.raises(NotAllowed):
            demo_store.load_unit_year(actor, "DEMO-02", FY)


# -- writing ---------------------------------------------------------------------------------------------------


def refused_and_nothing_written(store, write, error=NotAllowed):
    version, audits = store.data_version(), audit_count(store)
    before = store.load_unit_year(Actor.system("test"), "DEMO-01", FY)
    with pytest.raises(error):
        write()
    assert store.data_version() == version and audit_count(store) == audits
    assert store.load_unit_year(Actor.system("test"), "DEMO-01", FY) == before


def test_a_section_head_reports_on_their_own_measures_only(demo_store):
    own, other = measure_of(demo_store, "admin"), measure_of(demo_store, "patrol")
    saved = demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(own.code), NOW)
    assert saved.entered_by == "demo.head" and saved.percent == 40
    refused_and_nothing_written(demo_store, lambda: demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(other.code), NOW))


def test_a_section_head_cannot_edit_measures_quotas_results_or_other_oit_items(demo_store):
    own = measure_of(demo_store, "admin")
    writes = [
        lambda: demo_store.save_measure(HEAD, "DEMO-01", FY, MeasureEntry(1, "ใหม่")),
        lambda: demo_store.save_measure(HEAD, "DEMO-01", FY, MeasureEntry(own.indicator, "แก้", code=own.code, base_version=own.version)),
        lambda: demo_store.add_quota_snapshot(HEAD, "DEMO-01", FY,
                                              QuotaSnapshot(tool=QuotaTool.EIT, count=5, taken_on=dt.date(2027, 1, 5))),
        lambda: demo_store.save_result(HEAD, "DEMO-01", ItaResult(fiscal_year=2569, total=90, level="A")),
        lambda: demo_store.save_oit_item(HEAD, "DEMO-01", FY, OitEntry("O3", OitStatus.DRAFTING)),  # owned by งานสอบสวน
    ]
    for write in writes:
        refused_and_nothing_written(demo_store, write)


def test_a_section_head_sends_their_oit_item_for_review_but_cannot_approve_it(demo_store):
    item = next(i for i in demo_store.load_unit_year(HEAD, "DEMO-01", FY).oit_items if i.owner_section == "admin")
    refused_and_nothing_written(demo_store, lambda: demo_store.save_oit_item(
        HEAD, "DEMO-01", FY, OitEntry(item.code, OitStatus.APPROVED, base_version=item.version)))
    sent = demo_store.save_oit_item(HEAD, "DEMO-01", FY, OitEntry(item.code, OitStatus.READY_FOR_REVIEW,
                                                                 "https://demo.example.go.th/oit", base_version=item.version))
    approved = demo_store.save_oit_item(CHIEF, "DEMO-01", FY, OitEntry(item.code, OitStatus.APPROVED,
                                                                      sent.link, base_version=sent.version))
    assert approved.status is OitStatus.APPROVED and approved.approved_by == "demo.chief"


def test_a_viewer_and_a_province_user_write_nothing(demo_store):
    own = measure_of(demo_store, "admin")
    for actor in (VIEWER, PROVINCE):
        for write in (
            lambda: demo_store.save_follow_up(actor, "DEMO-01", FY, entry(own.code), NOW),
            lambda: demo_store.save_measure(actor, "DEMO-01", FY, MeasureEntry(1, "ใหม่")),
            lambda: demo_store.save_oit_item(actor, "DEMO-01", FY, OitEntry("O1", OitStatus.DRAFTING)),
            lambda: demo_store.add_quota_snapshot(
                actor, "DEMO-01", FY, QuotaSnapshot(tool=QuotaTool.IIT, count=1, taken_on=dt.date(2027, 1, 2))),
            lambda: demo_store.save_result(actor, "DEMO-01", ItaResult(fiscal_year=2569, total=90, level="A")),
        ):
            refused_and_nothing_written(demo_store, write)


def test_a_chief_manages_only_their_own_unit(demo_store):
    other = measure_of(demo_store, "admin", unit="DEMO-02")
    with pytest.raises(NotAllowed):
        demo_store.save_follow_up(CHIEF, "DEMO-02", FY, entry(other.code), NOW)
    added = demo_store.save_measure(CHIEF, "DEMO-01", FY, MeasureEntry(3, "ประชุมชี้แจงหลักเกณฑ์ความดีความชอบ",
                                                                   {"owner_section": "admin", "deadline": dt.date(2027, 2, 28)}))
    assert added.code.startswith("3-") and added.deadline == dt.date(2027, 2, 28)
    retired = demo_store.save_measure(CHIEF, "DEMO-01", FY, MeasureEntry(
        3, added.activity, {"retired": True}, code=added.code, base_version=added.version))
    assert retired.retired and retired.version == added.version + 1


@pytest.mark.parametrize("values, field", [
    ({"percent": 140}, "percent"),
    ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
    ({"note": "ก" * 501}, "note"),
    ({"status": FollowUpStatus.DONE, "percent": 80}, "percent"),
])
def test_bad_input_is_refused_field_by_field_and_nothing_written(demo_store, values, field):
    own = measure_of(demo_store, "admin")
    version = demo_store.data_version()
    with pytest.raises(InvalidEntry) as refusal:
        demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(own.code, **values), NOW)
    assert field in refusal.value.errors
    assert demo_store.data_version() == version


def test_no_report_for_a_month_that_has_not_begun(demo_store):
    own = measure_of(demo_store, "admin")
    with pytest.raises(InvalidEntry, match="ล่วงหน้า"):
        demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(own.code, month="2026-12"), NOW)


# -- versions and the audit trail ------------------------------------------------------------------------------


def test_a_stale_save_is_refused_and_shows_the_other_persons_values(demo_store):
    own = measure_of(demo_store, "admin")
    first = demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(own.code, note="ฉบับของหัวหน้าสายงาน"), NOW)
    mine = demo_store.save_follow_up(CHIEF, "DEMO-01", FY, entry(own.code, first.version, note="ผกก. แก้ไข", percent=60), NOW)
    with pytest.raises(StaleVersion, match="มีผู้แก้ไขรายการนี้ไปแล้ว") as stale:
        demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(own.code, first.version, note="ทับของ ผกก."), NOW)
    assert stale.value.current.note == "ผกก. แก้ไข" and stale.value.current.entered_by == "demo.chief"
    assert demo_store.follow_up(HEAD, "DEMO-01", FY, own.code, "2026-11") == mine


def test_two_first_reports_for_the_same_month_do_not_both_land(demo_store):
    own = measure_of(demo_store, "admin")
    demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(own.code, note="ก่อน"), NOW)
    with pytest.raises(StaleVersion):
        demo_store.save_follow_up(CHIEF, "DEMO-01", FY, entry(own.code, None, note="หลัง"), NOW)
    assert demo_store.follow_up(HEAD, "DEMO-01", FY, own.code, "2026-11").note == "ก่อน"


def test_every_change_writes_who_when_what_old_and_new(demo_store):
    own = measure_of(demo_store, "admin")
    first = demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(own.code, percent=40, note="เริ่ม"), NOW)
    demo_store.save_follow_up(HEAD, "DEMO-01", FY, entry(own.code, first.version, percent=70, note="เริ่ม"),
                              NOW + dt.timedelta(hours=1))
    key = f"follow_up:DEMO-01/{FY}/{own.code}/2026-11"
    lines = demo_store.history(CHIEF, "DEMO-01", key)
    assert [(e.field, e.old_value, e.new_value) for e in lines] == [
        ("percent", "40", "70"), ("note", None, "เริ่ม"), ("percent", None, "40"), ("status", None, "in_progress")]
    assert {e.username for e in lines} == {"demo.head"}
    assert lines[0].at == NOW + dt.timedelta(hours=1)


def test_the_application_never_updates_or_deletes_audit_lines():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "ita_dash").rglob("*.py"))
    assert not re.search(r"(update|delete)\(\s*AuditRow", source)
    assert "audit_log" not in re.findall(r"(?:UPDATE|DELETE FROM)\s+(\w+)", source, flags=re.IGNORECASE)


# -- the command line --------------------------------------------------------------------------------------------


def test_users_commands(store_url):
    def cli(*args, stdin=""):
        return subprocess.run([sys.executable, "-m", "ita_dash", "--db", store_url, "users", *args], cwd=ROOT,
                              input=stdin, capture_output=True, text=True, timeout=120)

    nowhere = cli("add", "chief.02", "--role", "chief", "--unit", "X-02", stdin="a-long-password\n")
    assert nowhere.returncode == 1 and "ไม่มีหน่วยรหัส X-02" in nowhere.stderr  # issue 12: the unit must exist
    store = SqlStore(store_url)
    store.replace_unit_year(Actor.system("test"), UnitYearData(
        region=Region(code="R", name="ภาค"), province=Province(code="P", name="จังหวัด", region_code="R"),
        unit=Unit(code="X-02", name="หน่วยทดสอบ", kind=UnitKind.POLICE_STATION, province_code="P"),
        year=UnitYear(fiscal_year=FY), sections=[Section(code="admin", name="งานอำนวยการ")]))
    store.close()
    no_section = cli("add", "head.02", "--role", "section_head", "--unit", "X-02", "--section", "nope",
                     stdin="a-long-password\n")
    assert no_section.returncode == 1 and "ไม่มีสายงาน nope" in no_section.stderr
    no_province = cli("add", "prov.02", "--role", "province", "--province", "NOPE", stdin="a-long-password\n")
    assert no_province.returncode == 1 and "ไม่มีจังหวัดรหัส NOPE" in no_province.stderr
    added = cli("add", "chief.02", "--role", "chief", "--unit", "X-02", "--name", "ผกก.ทดสอบ", stdin="a-long-password\n")
    assert added.returncode == 0, added.stderr
    assert "chief.02\tchief\tX-02\tผกก.ทดสอบ\tactive" in cli("list").stdout
    missing_scope = cli("add", "head.02", "--role", "section_head", "--unit", "X-02", stdin="a-long-password\n")
    assert missing_scope.returncode == 1 and "section_code" in missing_scope.stderr
    assert cli("reset-password", "chief.02", stdin="another-password\n").returncode == 0
    assert cli("disable", "chief.02").returncode == 0
    assert "disabled" in cli("list").stdout
    assert cli("disable", "nobody").returncode == 1
