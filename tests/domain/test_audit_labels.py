"""The history page in words a reader knows: who made a change (a person's name, or which part of the system) and
what an account line says, never the raw codes the store keeps ("cli demo", "section_head DEMO-01 admin")."""

from helpers.app import make_app
from ita_dash.domain.audit_labels import actor_label, value_label


def test_a_person_is_named_and_a_system_actor_is_said_in_thai():
    people = {"demo.chief": "พ.ต.อ. ตัวอย่าง"}
    assert actor_label("demo.chief", people) == "พ.ต.อ. ตัวอย่าง"
    assert actor_label("cli demo", people) == "ระบบ (ข้อมูลตัวอย่าง)"
    assert actor_label("setup") == "ระบบ (ติดตั้ง)"
    assert actor_label("cli copy-plan") == "ระบบ (คำสั่ง copy-plan)"
    assert actor_label("someone.gone") == "someone.gone"  # an account since removed keeps its username


def test_an_account_line_reads_as_role_unit_and_section():
    sections = {"admin": "อำนวยการ"}
    assert value_label("app_user", "add", "section_head DEMO-01 admin", sections) == "หัวหน้าสายงาน · DEMO-01 · อำนวยการ"
    assert value_label("app_user", "add", "chief DEMO-01", sections) == "หัวหน้าหน่วย · DEMO-01"
    assert value_label("app_user", "password", "(reset)") == "ตั้งรหัสผ่านใหม่"
    assert value_label("app_user", "add", "unknown words") == "unknown words"


def test_the_history_page_of_the_demo_shows_no_raw_actor(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, user="demo.chief")
    app.switch_page("pages/history.py").run()
    assert not app.exception
    who = set(app.dataframe[0].value["ผู้แก้ไข"])
    assert "ระบบ (ข้อมูลตัวอย่าง)" in who
    assert not any(name.startswith("cli") for name in who)
