"""The navigation each role is shown (issue 33 item 3): pinned per role as (section header, title, page file,
default), so moving the frame onto the page registry changed nothing a user sees."""

import datetime as dt
from pathlib import Path

import pytest
import streamlit

from conftest import copy_database
from ita_dash.domain.accounts import User
from ita_dash.domain.model import Actor, Role
from ita_dash.store.demo import REGION
from ita_dash.store.sql import SqlStore
from test_pages import make_app

TRACKING, REFERENCE, CHIEF_WORK = "ติดตามการประเมิน", "ข้อมูลอ้างอิง", "งานของหัวหน้าหน่วย"
DASHBOARD = [("ภาพรวม", "overview"), ("ติดตามรายเดือน", "monthly"), ("โควตา IIT/EIT", "quotas"), ("OIT", "oit"),
             ("ปฏิทิน", "calendar"), ("รายงาน", "reports")]
REFERENCES = [(REFERENCE, "ผลการประเมิน", "results", False), (REFERENCE, "ประวัติการแก้ไข", "history", False),
              (REFERENCE, "กรอบการประเมิน", "framework", False)]


def _dashboard(default: bool) -> list:
    return [(TRACKING, title, stem, default and stem == "overview") for title, stem in DASHBOARD]


CHIEFS = [(CHIEF_WORK, "สายงานของฉัน", "my_section", False), (CHIEF_WORK, "จัดการข้อมูลหน่วย", "manage", False),
          (CHIEF_WORK, "นำเข้าแผนมาตรการ", "import_plan", False), (CHIEF_WORK, "ตั้งค่าหน่วยงาน", "units_admin", False),
          (CHIEF_WORK, "การแจ้งเตือนทางอีเมล", "reminders", False)]
EXPECTED = {  # written from app.py's if/elif chain before the registry replaced it
    "demo.admin": _dashboard(True) + [(TRACKING, "เปรียบเทียบหน่วย", "province", False)] + CHIEFS + REFERENCES,
    "demo.chief": _dashboard(True) + CHIEFS + REFERENCES,
    "demo.head": [("งานของฉัน", "สายงานของฉัน", "my_section", True)] + _dashboard(False) + REFERENCES,
    "demo.province": [("จังหวัด", "เปรียบเทียบหน่วย", "province", True)] + _dashboard(False) + REFERENCES,
    "demo.region": [("จังหวัด", "เปรียบเทียบหน่วย", "province", True)] + _dashboard(False) + REFERENCES,
    "demo.viewer": _dashboard(True) + REFERENCES,
}
MEETING = [("", "โหมดประชุม", "meeting", True)]  # the only page, so the default


@pytest.fixture(scope="module")
def roles_db(demo_db, tmp_path_factory):
    """The demo database with a region account besides the demo's five."""
    url = copy_database(demo_db, tmp_path_factory.mktemp("roles") / "ita.db")
    store = SqlStore(url)
    store.add_user(Actor.system("test"), User(username="demo.region", display_name="ภาคตัวอย่าง", role=Role.REGION,
                                              region_code=REGION.code), "region-pass-1234")
    store.close()
    return url


def signed_in(monkeypatch, url: str, username: str, **params):
    """The app as ``username`` (any account in the database at ``url``) would see it."""
    app = make_app(monkeypatch, url, user=None, **params)
    store = SqlStore(url)
    app.session_state["_user"] = store.get_user(username)
    store.close()
    app.session_state["_last_seen"] = dt.datetime.now(dt.timezone.utc)
    return app


def shown(monkeypatch, app) -> tuple[list, str]:
    """Run ``app`` and return what its last ``st.navigation`` call was given: (header, title, file stem, default)
    per page, and the menu's position."""
    calls = []
    original = streamlit.navigation

    def recording(pages, **kwargs):
        calls.append((pages, kwargs))
        return original(pages, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording)
    app.run()
    assert not app.exception, app.exception
    pages, kwargs = calls[-1]
    sections = pages if isinstance(pages, dict) else {"": pages}
    rows = [(header, page.title, Path(str(page._page)).stem, page._default)
            for header, listed in sections.items() for page in listed]
    return rows, kwargs.get("position", "sidebar")


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_each_role_sees_its_pages_in_order_under_its_headers(monkeypatch, roles_db, username):
    app = signed_in(monkeypatch, roles_db, username, unit="DEMO-01", fy="2570")
    rows, position = shown(monkeypatch, app)
    assert (rows, position) == (EXPECTED[username], "sidebar")


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_meeting_mode_shows_the_meeting_screen_alone(monkeypatch, roles_db, username):
    app = signed_in(monkeypatch, roles_db, username, unit="DEMO-01", fy="2570", meeting="1")
    rows, position = shown(monkeypatch, app)
    assert (rows, position) == (MEETING, "hidden")
    assert app.title[0].value == "ข้อสั่งการครั้งก่อน"
