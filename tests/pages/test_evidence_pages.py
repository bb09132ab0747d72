"""The chief's results-report tab on จัดการข้อมูลหน่วย under AppTest: written results, a photo from the phone, a
refused file, the report's settings; and the report downloads on รายงาน."""

from __future__ import annotations

import io

from PIL import Image

from helpers.app import button, make_app, shown
from ita_dash.domain.model import Actor
from ita_dash.store.sql import SqlStore

SYSTEM = Actor.system("test")


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_the_chief_writes_results_attaches_a_photo_and_sets_up_the_report(monkeypatch, writable_db):
    app = make_app(monkeypatch, writable_db, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/manage.py").run()
    assert not app.exception
    assert not [s for s in app.selectbox if s.key == "report_measure_code"]  # only the open tab is drawn (issue 18)
    app.session_state["manage_tab"] = "รายงานผล O25"  # as a click on the tab does (police FY 2570: O25)
    app.run()
    app.selectbox(key="report_measure_code").set_value("2-01").run()
    app.text_area(key="outcome|2-01|achievement").set_value("สรุปงบประมาณเป็นอินโฟกราฟิกและเผยแพร่แล้ว")
    app.text_area(key="outcome|2-01|outcome").set_value("ประชาชนเข้าถึงข้อมูลงบประมาณได้")
    button(app, "บันทึกผลการดำเนินการ").click().run()
    assert not app.exception and any("บันทึกผลของมาตรการ 2-01" in shown(s.value) for s in app.success)

    uploader = next(u for u in app.file_uploader if u.key.startswith("photo|2-01|"))
    uploader.set_value(("notes.jpg", b"%PDF-1.4 a renamed document", "image/jpeg")).run()
    button(app, "แนบภาพ").click().run()
    assert not app.exception and any("ไม่ใช่ภาพ" in shown(e.value) for e in app.error)
    uploader = next(u for u in app.file_uploader if u.key.startswith("photo|2-01|"))
    uploader.set_value(("sign.jpg", jpeg(), "image/jpeg")).run()
    app.text_input(key=next(t.key for t in app.text_input if t.key.endswith("|caption"))).set_value("ป้ายสรุปงบประมาณ")
    button(app, "แนบภาพ").click().run()
    assert not app.exception and any("แนบภาพแล้ว" in shown(s.value) for s in app.success)
    assert any(b.label == "ลบภาพ" for b in app.button)  # the thumbnail with its remove button

    app.text_input(key="report_settings|DEMO-01|2570|order").set_value("คำสั่ง สภ.เมืองตัวอย่าง ที่ 99/2569")
    app.text_area(key="report_settings|DEMO-01|2570|meetings").set_value("๒๐/๑๐/๒๕๖๙ ประชุมครั้งแรก\nเมื่อวาน")
    button(app, "บันทึกข้อมูลรายงานผล").click().run()
    assert any("บรรทัดที่ 2" in shown(e.value) for e in app.error)
    app.text_area(key="report_settings|DEMO-01|2570|meetings").set_value("๒๐/๑๐/๒๕๖๙ ประชุมครั้งแรก")
    button(app, "บันทึกข้อมูลรายงานผล").click().run()
    assert not app.exception and any("บันทึกข้อมูลรายงานผลแล้ว" in shown(s.value) for s in app.success)

    store = SqlStore(writable_db)
    measure = next(m for m in store.load_unit_year(SYSTEM, "DEMO-01", 2570).measures if m.code == "2-01")
    assert measure.achievement.startswith("สรุปงบประมาณ") and measure.outcome
    photos = store.list_photos(SYSTEM, "DEMO-01", 2570, "2-01")
    assert [(p.caption, p.uploaded_by) for p in photos] == [("ป้ายสรุปงบประมาณ", "demo.chief")]
    settings = store.report_settings(SYSTEM, "DEMO-01", 2570)
    assert settings.committee_order.endswith("99/2569") and [m.topic for m in settings.meetings] == ["ประชุมครั้งแรก"]
    store.close()


def test_a_viewer_sees_no_editor_and_the_report_page_offers_the_results_report(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/reports.py").run()
    assert not app.exception
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels.count("PDF") >= 2 and "Word" in labels and labels.count("Excel") >= 2
