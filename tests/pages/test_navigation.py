"""The navigation each role is shown (issue 33 item 3): the frame shows each role exactly the menu of the page
registry (``ita_dash/domain/pages.py``), and the menus of the sixteen pages the if/elif chain of ``app.py`` used to
build are pinned per role as (section header, title, page file, default), so moving the frame onto the registry
changed nothing a user sees. A new page changes no line here: it is checked against the registry, and the pinned
pages keep their places around it."""

from pathlib import Path

import pytest
import streamlit

from helpers.app import ACCOUNTS, drawn, make_app
from helpers.environment import ROOT
from ita_dash.domain.model import Role, UnitKind
from ita_dash.domain.pages import HEADERS, PAGES, PROJECTOR, PageSpec, menu, page, seen_by, under

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
EXPECTED = {  # written from app.py's if/elif chain before the registry replaced it (commit fa24fad)
    "demo.admin": _dashboard(True) + [(TRACKING, "เปรียบเทียบหน่วย", "province", False)] + CHIEFS + REFERENCES,
    "demo.chief": _dashboard(True) + CHIEFS + REFERENCES,
    "demo.head": [("งานของฉัน", "สายงานของฉัน", "my_section", True)] + _dashboard(False) + REFERENCES,
    "demo.province": [("จังหวัด", "เปรียบเทียบหน่วย", "province", True)] + _dashboard(False) + REFERENCES,
    "demo.region": [("จังหวัด", "เปรียบเทียบหน่วย", "province", True)] + _dashboard(False) + REFERENCES,
    "demo.viewer": _dashboard(True) + REFERENCES,
}
MEETING = [("", "โหมดประชุม", "meeting", True)]  # the only page, so the default
PINNED = {stem for rows in EXPECTED.values() for _, _, stem, _ in rows} | {"meeting"}


def registered(role: Role, meeting: bool = False) -> list:
    """The registry's menu of ``role`` as the rows ``shown`` returns (a police station picked)."""
    return [(header, spec.title_for(UnitKind.POLICE_STATION), spec.stem, role in spec.default_for)
            for header, specs in menu(role, meeting).items() for spec in specs]


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
    app = make_app(monkeypatch, roles_db, user=username, unit="DEMO-01", fy="2570")
    rows, position = shown(monkeypatch, app)
    assert (rows, position) == (registered(ACCOUNTS[username][0].role), "sidebar")
    assert [row for row in rows if row[2] in PINNED] == EXPECTED[username]


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_meeting_mode_shows_the_meeting_screen_alone(monkeypatch, roles_db, username):
    app = make_app(monkeypatch, roles_db, user=username, unit="DEMO-01", fy="2570", meeting="1")
    rows, position = shown(monkeypatch, app)
    assert (rows, position) == (registered(ACCOUNTS[username][0].role, meeting=True), "hidden")
    assert [row for row in rows if row[2] in PINNED] == MEETING
    assert app.title[0].value == "ข้อสั่งการครั้งก่อน"


def test_every_role_has_an_account_here():
    assert {user.role for user, _ in ACCOUNTS.values()} == set(Role)
    assert {ACCOUNTS[name][0].role for name in EXPECTED} == set(Role)


def test_every_file_in_pages_is_registered_and_every_registered_page_has_its_file():
    files = {path.relative_to(ROOT).as_posix() for path in (ROOT / "pages").glob("*.py")}
    registered = [spec.path for spec in PAGES]
    assert len(registered) == len(set(registered))
    assert set(registered) == files


def test_the_registry_gives_each_role_its_menu_and_one_default_page():
    for role in Role:
        shown = [spec for specs in menu(role).values() for spec in specs]
        assert shown == seen_by(role) and shown
        assert len([spec for spec in shown if role in spec.default_for]) == 1, role
        assert list(menu(role)) == [header for header in HEADERS if header in menu(role)]
        assert menu(role, meeting=True) == {PROJECTOR: [page("meeting")]}


def test_the_title_of_my_section_follows_the_kind_of_the_unit():
    assert page("my_section").title_for(UnitKind.POLICE_STATION) == "สายงานของฉัน"
    assert page("my_section").title_for(None) == "สายงานของฉัน"
    assert page("my_section").title_for(UnitKind.LOCAL_ADMIN) == "กองของฉัน"
    assert page("overview").title_for(UnitKind.LOCAL_ADMIN) == "ภาพรวม"


def test_a_page_under_an_unknown_header_or_default_for_a_role_that_does_not_see_it_is_refused():
    with pytest.raises(ValueError):
        PageSpec("x", "x", ":material/edit:", under("หัวข้อที่ไม่มี"))
    with pytest.raises(ValueError):
        PageSpec("x", "x", ":material/edit:", under(HEADERS[0], [Role.CHIEF]), default_for=frozenset({Role.VIEWER}))


def test_a_page_outside_the_menu_draws_the_default_page_so_a_walk_checks_what_it_drew(monkeypatch, roles_db):
    app = make_app(monkeypatch, roles_db, user="demo.viewer", unit="DEMO-01", fy="2570")
    app.switch_page("pages/manage.py").run()
    assert drawn(app) == "overview"
    app = make_app(monkeypatch, roles_db, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/manage.py").run()
    assert drawn(app) == "manage"
