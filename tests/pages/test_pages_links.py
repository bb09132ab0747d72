"""The OIT page's link checker button and downloads, and the reminders log page, under Streamlit's AppTest (issue 19).
The links point at a real HTTP server started here on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers.app import make_app
from ita_dash.domain.entries import OitEntry
from ita_dash.domain.model import Actor, OitStatus
from ita_dash.domain.reminders import ReminderKind, ReminderSent
from ita_dash.store.sql import SqlStore

ACTOR = Actor.system("test")


class Answers(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.send_response(404 if "missing" in self.path else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


@pytest.fixture
def site():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def writable(tmp_path, templates):
    from ita_dash.store.demo import build_demo

    url = f"sqlite:///{tmp_path / 'links.db'}"
    store = SqlStore(url)
    build_demo(store, templates, dt.date(2026, 11, 21))
    yield url, store
    store.close()


def test_the_check_button_colours_the_item_with_the_reason(writable, site, monkeypatch):
    url, store = writable
    monkeypatch.setenv("ITA_LINKS_ALLOW_PRIVATE", "1")
    data = store.load_unit_year(ACTOR, "DEMO-01", 2570)
    item = next(i for i in data.oit_items if i.code == "O1")
    store.save_oit_item(ACTOR, "DEMO-01", 2570, OitEntry(code="O1", status=OitStatus.PUBLISHED,
                                                          link=f"{site}/missing", checklist=tuple(item.checklist),
                                                          base_version=item.version))
    app = make_app(monkeypatch, url, unit="DEMO-01", fy="2570")  # today: checks made after the day judged do not count
    app.switch_page("pages/oit.py").run()
    assert not app.exception
    before = _row(app, "O1")
    assert before["ผลตรวจลิงก์"] == "ยังไม่ตรวจ"
    [button] = [b for b in app.button if b.key == "links_check"]
    button.click().run(timeout=120)
    assert not app.exception, app.exception
    assert any("ตรวจเสร็จ" in s.value for s in app.success)
    after = _row(app, "O1")
    assert after["ผลตรวจลิงก์"].startswith("ไม่พบหน้า")
    assert "ลิงก์มีปัญหา" in after["หมายเหตุ"] and "เหลือง" in after["สัญญาณ"]
    problems = [df.value for df in app.dataframe if "ผลตรวจ" in df.value.columns]
    assert problems and any("ไม่พบหน้า" in text for text in problems[0]["ผลตรวจ"])
    # every download of the ITA web page is offered
    labels = {d.label for d in app.get("download_button")}
    assert {"หน้าเว็บ ITA", "Excel", "CSV"} <= labels
    # the overview shows the reason too
    app.switch_page("pages/overview.py").run()
    assert not app.exception
    assert "ลิงก์มีปัญหา" in " ".join(m.value for m in app.markdown)


def _row(app, code: str) -> dict:
    for frame in app.dataframe:
        table = frame.value
        if "ข้อ" in table.columns and code in set(table["ข้อ"]):
            return table[table["ข้อ"] == code].iloc[0].to_dict()
    raise AssertionError(f"{code} not shown")


def test_a_viewer_gets_no_check_button(writable, monkeypatch):
    url, _ = writable
    app = make_app(monkeypatch, url, user="demo.viewer", unit="DEMO-01", fy="2570")
    app.switch_page("pages/oit.py").run()
    assert not app.exception
    assert not [b for b in app.button if b.key == "links_check"]


def test_the_reminders_log_page_for_the_chief(writable, monkeypatch):
    url, store = writable
    store.claim_reminder(ACTOR, ReminderSent(sent_on=dt.date(2026, 11, 21), sent_at=dt.datetime(2026, 11, 21, 1, tzinfo=dt.UTC),
                                             username="demo.head", email="demo.head@example.go.th",
                                             kind=ReminderKind.SECTION, unit_code="DEMO-01", fiscal_year=2570,
                                             subject="[ITA] สภ.เมืองตัวอย่าง: มีรายการที่ต้องดำเนินการ 3 รายการ", items=3))
    app = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/reminders.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["ถึง"]) == ["demo.head@example.go.th"] and list(table["จำนวนรายการ"]) == [3]


def test_the_admin_sees_who_would_be_told(writable, monkeypatch):
    url, _ = writable
    app = make_app(monkeypatch, url, user="demo.admin", unit="DEMO-01", fy="2570")
    app.switch_page("pages/reminders.py").run()
    assert not app.exception
    assert any("จะส่งถึงใครบ้าง" in e.label for e in app.expander)
