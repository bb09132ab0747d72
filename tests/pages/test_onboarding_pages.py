"""The pages of issue 13 under AppTest: the unit's sections on ตั้งค่าหน่วยงาน, the chief's checklist, the forced
password change after a one-time password, and a region reader's first page."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.app import make_app
from helpers.onboarding_files import stations_xlsx
from ita_dash.domain.accounts import SignInRefused, User
from ita_dash.domain.model import Actor, Role
from ita_dash.importers import units as units_import
from ita_dash.store.sql import SqlStore

ADMIN = Actor.system("test admin")


@pytest.fixture
def province_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    store = SqlStore(url)
    found = units_import.preview("stations.xlsx", stations_xlsx(broken=False))
    store.import_units(ADMIN, list(found.regions.values()), list(found.provinces.values()),
                       [(line.unit, line.staff_count) for line in found.lines], 2570)
    store.add_user(ADMIN, User(username="smt01.chief", role=Role.CHIEF, unit_code="SMT-01",
                               display_name="พ.ต.อ. ทดสอบ"), "chief-pass-123")
    store.add_user(ADMIN, User(username="r9.region", role=Role.REGION, region_code="R9"), "region-pass-123")
    store.add_user(ADMIN, User(username="admin.one", role=Role.ADMIN), "admin-pass-123")
    yield url, store
    store.close()


def _as(monkeypatch, url, store, username, **params):
    app = make_app(monkeypatch, url, user=None, **params)
    app.session_state["_user"] = store.get_user(username)
    app.session_state["_last_seen"] = dt.datetime.now(dt.UTC)
    return app


def test_chief_names_section_heads_and_the_checklist_ticks(monkeypatch, province_db):
    url, store = province_db
    app = _as(monkeypatch, url, store, "smt01.chief")
    app.run()
    assert not app.exception
    markdown = " ".join(m.value for m in app.markdown)
    assert "เริ่มต้นใช้งาน: 1 จาก 4 ขั้นตอน" in markdown and "ยังไม่ระบุหัวหน้า" in markdown
    app.switch_page("pages/units_admin.py").run()
    assert not app.exception and app.title[0].value == "ตั้งค่าหน่วยงาน"
    assert not app.tabs  # a chief sees the unit's sections only
    for code, head in (("admin", "พ.ต.ท. หนึ่ง ใจดี"), ("patrol", "พ.ต.ท. สอง มั่นคง"), ("traffic", "พ.ต.ต. สาม"),
                       ("investigation", "พ.ต.ต. สี่"), ("inquiry", "พ.ต.ท. ห้า")):
        app.text_input(key=f"sec_head|SMT-01|{code}").set_value(head)
    app.text_input(key="sec_name|SMT-01|traffic").set_value("งานจราจรและขนส่ง")
    app.text_input(key="sec_new_name|SMT-01").set_value("งานชุมชนสัมพันธ์")
    app.text_input(key="sec_new_head|SMT-01").set_value("ร.ต.อ. หก")
    app.button[0].click().run()  # the form's submit button
    assert not app.exception
    sections = {s.code: (s.name, s.head_name) for s, _ in store.list_sections(ADMIN, "SMT-01")}
    assert sections["traffic"] == ("งานจราจรและขนส่ง", "พ.ต.ต. สาม") and len(sections) == 6
    assert any("บันทึกสายงานแล้ว 6 รายการ" in s.value for s in app.success)
    app.switch_page("pages/overview.py").run()
    assert "เริ่มต้นใช้งาน: 2 จาก 4 ขั้นตอน" in " ".join(m.value for m in app.markdown)


def test_a_one_time_password_leads_to_the_change_form_only(monkeypatch, province_db):
    url, store = province_db
    from ita_dash.importers.accounts import AccountLine  # noqa: F401 - the importer is the way accounts arrive

    outcome, passwords = store.import_users(ADMIN, [User(username="smt02.chief", role=Role.CHIEF, unit_code="SMT-02")])
    store.sign_in("smt02.chief", passwords["smt02.chief"])
    app = _as(monkeypatch, url, store, "smt02.chief")
    app.switch_page("pages/overview.py").run()
    assert not app.exception
    assert app.title[0].value == "ตั้งรหัสผ่านของท่าน" and len(app.title) == 1
    app.text_input(key="new_password").set_value("new-own-pass-1")
    app.text_input(key="new_password_again").set_value("new-own-pass-2")
    app.button[0].click().run()
    assert "ไม่ตรงกัน" in app.error[0].value and store.get_user("smt02.chief").must_change_password
    app.text_input(key="new_password_again").set_value("new-own-pass-1")
    app.button[0].click().run()
    assert not app.exception
    assert app.title[0].value == "ภาพรวมการประเมิน ITA"
    assert not store.get_user("smt02.chief").must_change_password


def test_a_region_reader_opens_on_the_comparison_of_its_region(monkeypatch, province_db):
    url, store = province_db
    app = _as(monkeypatch, url, store, "r9.region")
    app.run()
    assert not app.exception
    assert app.title[0].value == "เปรียบเทียบหน่วย"
    assert "30 หน่วย" in " ".join(c.value for c in app.caption)
    app.switch_page("pages/reports.py").run()  # and prints the one-page summary of a province of its region
    assert not app.exception and any(h.value.startswith("สรุปจังหวัด") for h in app.subheader)
    assert [o for o in app.selectbox(key="report_province").options] == ["สมมุติ"]


def test_admin_reissues_a_slip_on_the_page(monkeypatch, province_db):
    url, store = province_db
    app = _as(monkeypatch, url, store, "admin.one", unit="SMT-01")
    app.switch_page("pages/units_admin.py").run()
    assert not app.exception
    assert [t.label for t in app.tabs] == ["รายชื่อหน่วย", "บัญชีผู้ใช้", "สายงานของหน่วย"]
    app.multiselect(key="reissue_users").set_value(["smt01.chief"]).run()
    app.button(key="reissue_commit").click().run()
    assert not app.exception
    assert any("ออกรหัสผ่านครั้งเดียวใหม่ 1 บัญชี" in s.value for s in app.success)
    assert store.get_user("smt01.chief").must_change_password
    with pytest.raises(SignInRefused):
        store.sign_in("smt01.chief", "chief-pass-123")
