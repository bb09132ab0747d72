"""A limit a person can see (issue 34, item 7): a text box says its limit in its label and takes whatever is pasted
into it (``TextInput.input`` behaves as the browser: with ``max_chars`` a longer paste leaves the box as it was, without
a word); saving refuses what is over the limit with a Thai message naming the field, and saves nothing."""

from __future__ import annotations

import datetime as dt

from helpers.app import make_app, shown
from ita_dash.domain.model import Actor, FollowUpStatus
from ita_dash.domain.orders import TEXT_MAX
from ita_dash.domain.settings import SECURITY
from ita_dash.store.demo import build_demo
from ita_dash.store.sql import SqlStore

SYSTEM = Actor.system("test")


def test_an_over_long_note_on_the_phone_is_refused_naming_the_field(monkeypatch, demo_store):
    url = demo_store.url
    before = demo_store.data_version()
    head = make_app(monkeypatch, url, user="demo.head")
    head.switch_page("pages/my_section.py").run()
    key = next(s.key for s in head.slider if s.key and s.key.startswith("pc|")).removeprefix("pc|")  # the open card
    note = head.text_input(key=f"nt|{key}")
    assert f"ไม่เกิน {SECURITY.note_max_chars:,} ตัวอักษร" in note.label and not note.max_chars
    head.button_group(key=f"st|{key}").set_value(FollowUpStatus.IN_PROGRESS)
    note.input("ติดตั้งป้ายแล้ว " * 60)  # 900 characters pasted
    head.button(key=f"save|{key}").click().run()
    assert not head.exception, head.exception
    assert any(shown(e.value).startswith("บันทึก: ยาวเกิน 500 ตัวอักษร") for e in head.error), [shown(e.value) for e in head.error]
    assert demo_store.data_version() == before  # nothing saved


def test_an_over_long_order_is_refused_naming_the_field(monkeypatch, tmp_path, templates):
    url = f"sqlite:///{tmp_path / 'orders.db'}"
    store = SqlStore(url)
    build_demo(store, templates, dt.date(2026, 11, 21))
    demo_orders = store.load_orders(SYSTEM, "DEMO-01", 2570).orders  # the demo's meetings gave some (issue 34)
    app = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy="2570", as_of="2026-11-20", meeting="1")
    app.run()
    while app.title[0].value != "ข้อสั่งการ":
        app.button(key="meeting_next").click().run()
    box = app.text_area(key="order_text")
    assert f"ไม่เกิน {TEXT_MAX:,} ตัวอักษร" in box.label and not box.max_chars
    box.input("ก" * (TEXT_MAX + 1))
    app.multiselect(key="order_sections").set_value(["admin"])
    next(b for b in app.button if b.label == "บันทึกข้อสั่งการ").click().run()
    assert not app.exception, app.exception
    assert any("ข้อสั่งการ" in shown(e.value) and "ยาวเกิน 1,000 ตัวอักษร" in shown(e.value) for e in app.error), \
        [shown(e.value) for e in app.error]
    assert not app.success
    assert store.load_orders(SYSTEM, "DEMO-01", 2570).orders == demo_orders  # nothing saved
    store.close()


def test_a_section_name_empty_or_too_long_is_refused_never_a_green_nothing(monkeypatch, demo_store):
    url = demo_store.url
    before = {s.code: s.name for s, _ in demo_store.list_sections(SYSTEM, "DEMO-01")}
    app = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/units_admin.py").run()
    assert not app.exception, app.exception
    code = next(iter(before))
    name = app.text_input(key=f"sec_name|DEMO-01|{code}")
    assert "ไม่เกิน 200 ตัวอักษร" in name.label and not name.max_chars
    for typed, expected in (("", "ต้องระบุชื่อ"), ("ก" * 10_000, "ยาวเกิน 200 ตัวอักษร")):
        app.text_input(key=f"sec_name|DEMO-01|{code}").input(typed)
        app.button[0].click().run()  # the form's submit button
        assert not app.exception, app.exception
        assert not app.success, [s.value for s in app.success]
        assert any(f"ชื่อสายงาน: {expected}" in shown(e.value) for e in app.error), [shown(e.value) for e in app.error]
        assert {s.code: s.name for s, _ in demo_store.list_sections(SYSTEM, "DEMO-01")} == before
    app.text_input(key=f"sec_name|DEMO-01|{code}").input(before[code])
    app.text_input(key="sec_new_name|DEMO-01").input("ก" * 10_000)
    app.button[0].click().run()
    assert any("สายงานใหม่ · ชื่อสายงาน: ยาวเกิน 200" in shown(e.value) for e in app.error), [shown(e.value) for e in app.error]
    assert not app.success and len(demo_store.list_sections(SYSTEM, "DEMO-01")) == len(before)
    app.text_input(key="sec_new_name|DEMO-01").input("")
    app.button[0].click().run()  # nothing changed: said so, never a green "0 saved"
    assert not app.success and any("ไม่มีอะไรเปลี่ยน" in shown(e.value) for e in app.error)


def test_no_text_box_cuts_what_is_pasted_and_each_says_its_limit_once():
    """Streamlit's ``max_chars`` lets the browser drop a longer paste without a word: no page or widget uses it (the
    limit is in the label and checked on saving), and a label that already has a bracket gets one, not two."""
    from pathlib import Path

    from ita_dash.ui.format import limited

    root = Path(__file__).resolve().parents[2]
    users = [str(path.relative_to(root)) for path in [*root.glob("pages/*.py"), *root.glob("ita_dash/ui/*.py")]
             if "max_chars=" in path.read_text(encoding="utf-8")]
    assert users == []
    assert limited("บันทึก (ไม่บังคับ)", 500) == "บันทึก (ไม่บังคับ ไม่เกิน 500 ตัวอักษร)"
    assert limited("ชื่อ", 1200) == "ชื่อ (ไม่เกิน 1,200 ตัวอักษร)"


def test_the_report_settings_refuse_what_is_too_long_naming_it_and_keep_nothing(monkeypatch, writable_db):
    from helpers.app import button
    from ita_dash.domain.evidence import ReportSettings

    app = make_app(monkeypatch, writable_db, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/manage.py").run()
    app.session_state["manage_tab"] = "รายงานผล O25"
    app.run()
    key = "report_settings|DEMO-01|2570"
    assert "ไม่เกิน 300 ตัวอักษร" in app.text_input(key=f"{key}|order").label
    assert "ไม่เกิน 200 ตัวอักษร" in app.text_input(key=f"{key}|certified_by|name").label
    store = SqlStore(writable_db)
    before = store.report_settings(SYSTEM, "DEMO-01", 2570)
    for field, typed, said in ((f"{key}|certified_by|name", "ก" * 250, "ชื่อ: ผู้รับรองรายงาน — ยาวเกิน 200 ตัวอักษร"),
                               (f"{key}|order", "ข" * 301, "คำสั่งแต่งตั้งคณะทำงาน: ยาวเกิน 300 ตัวอักษร"),
                               (f"{key}|committee", "ร.ต.อ.สมชาย\n" + "ค" * 201, "คณะทำงาน: บรรทัดที่ 2: ยาวเกิน 200")):
        app.text_area(key=field).input(typed) if field.endswith("committee") else app.text_input(key=field).input(typed)
        button(app, "บันทึกข้อมูลรายงานผล").click().run()
        assert not app.exception, app.exception
        assert any(shown(e.value).startswith(said) for e in app.error), [shown(e.value) for e in app.error]
        assert not app.success
        assert store.report_settings(SYSTEM, "DEMO-01", 2570) == before  # nothing kept, nothing cut short
        (app.text_area(key=field) if field.endswith("committee") else app.text_input(key=field)).input("")
    assert isinstance(before, ReportSettings)
    store.close()


def test_the_manage_pages_measure_boxes_say_their_limits(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/manage.py").run()
    assert not app.exception, app.exception
    assert "ไม่เกิน 4,000 ตัวอักษร" in app.text_area(key="new_activity").label
    assert "ไม่เกิน 200 ตัวอักษร" in app.text_input(key="new_deadline_text").label
