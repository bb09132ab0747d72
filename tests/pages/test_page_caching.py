"""A rerun asks the database nothing when nothing changed, and a save re-reads only the unit it changed (issue 25).

Each test counts the SQL statements the app's store runs during one rerun of the app under AppTest, signed in
through a real sign-in session (as a browser tab is)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from helpers.app import make_app
from ita_dash.domain.entries import FollowUpEntry
from ita_dash.domain.model import Actor, FollowUpStatus
from ita_dash.domain.thaidate import today_bangkok
from ita_dash.store.sql import SqlStore
from ita_dash.store.sql.changes import ChangeWatch

LISTING = re.compile(r"\bFROM unit\b(?!_).*ORDER BY unit\.province_code")  # the units a user may read


class Statements:
    """The SQL statements every engine of this process runs while counting."""

    def __init__(self):
        self.seen: list[str] = []

    def __enter__(self):
        event.listen(Engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        event.remove(Engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, parameters, context, executemany):
        self.seen.append(" ".join(statement.split()))

    def touching(self, table: str) -> list[str]:
        return [s for s in self.seen if f" {table}" in s.lower()]


class Clock:
    """A clock the test moves: the watch's poll interval passes only when the test says so."""

    def __init__(self):
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(demo_db, tmp_path, clock):
    from helpers.databases import copy_database

    url = copy_database(demo_db, tmp_path / "ita.db")
    watch = ChangeWatch.of(url)
    original, watch.clock = watch.clock, clock  # no timed look: only this process's writes make the watch read
    yield url
    watch.clock = original


def _signed_in(monkeypatch, url: str, username: str, **params):
    store = SqlStore(url)
    session_id, _ = store.open_sign_in_session(username)
    _, user = store.session_user(session_id=session_id)
    app = make_app(monkeypatch, url, user=None, **params)
    app.session_state["_session_id"], app.session_state["_user"] = session_id, user
    return app, store


def _report(store: SqlStore, unit: str, code: str, note: str) -> None:
    month = f"{today_bangkok():%Y-%m}"
    current = store.follow_up(Actor.system("test"), unit, 2570, code, month)
    store.save_follow_up(Actor.system("test"), unit, 2570, FollowUpEntry(
        code, month, FollowUpStatus.IN_PROGRESS, 40, note, base_version=current.version if current else None))


def _first_measure(store: SqlStore, unit: str) -> str:
    return store.load_unit_year(Actor.system("test"), unit, 2570).measures[0].code


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/monthly.py", "pages/oit.py"])
def test_a_rerun_with_nothing_changed_asks_the_database_nothing(monkeypatch, db, page):
    app, _ = _signed_in(monkeypatch, db, "demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page(page).run()
    assert not app.exception, app.exception
    app.run()  # the page's own second run (widgets settle)
    with Statements() as counted:
        app.run()
    assert not app.exception, app.exception
    assert counted.seen == [], counted.seen


def test_a_save_in_another_unit_leaves_this_units_page_unread(monkeypatch, db):
    app, store = _signed_in(monkeypatch, db, "demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/overview.py").run()
    app.run()
    _report(store, "DEMO-02", _first_measure(store, "DEMO-02"), "งานของหน่วยอื่น")
    with Statements() as counted:
        app.run()
    assert not app.exception, app.exception
    assert counted.touching("follow_up") == [] and counted.touching("measure") == [], counted.seen
    assert counted.seen, "the counters are read again after a write of this process"
    # nor the chief's listings (issue 36: keyed on any save, every session listed its units again)
    assert [s for s in counted.seen if LISTING.search(s)] == [], counted.seen
    # and the watch asks for the units changed since it last looked, not every unit's counter (issue 36)
    assert [s for s in counted.seen if "JOIN unit_version" in s] == [], counted.seen
    assert ChangeWatch.of(db).look(store.engine).of_unit("DEMO-02")[0] == store.data_version()


def test_accounts_of_one_scope_share_their_listings(monkeypatch, db):
    """Two accounts that may read the same (two section heads of one section) list the unit once between them:
    the listings are kept per scope, not per account (issue 36: per account, 70 chiefs thrashed a cache of 64)."""
    from ita_dash.domain.accounts import User
    from ita_dash.domain.model import Role

    store = SqlStore(db)
    head = store.session_user(session_id=store.open_sign_in_session("demo.head")[0])[1]
    twin = User(username="demo.head.twin", display_name="หัวหน้าสายงานอีกคน", role=Role.SECTION_HEAD,
                unit_code=head.unit_code, section_code=head.section_code)
    store.add_user(Actor.system("test"), twin, "a-long-password-2570")
    first, _ = _signed_in(monkeypatch, db, "demo.head", unit="DEMO-01", fy="2570")
    first.switch_page("pages/my_section.py").run()
    second, _ = _signed_in(monkeypatch, db, "demo.head.twin", unit="DEMO-01", fy="2570")
    with Statements() as counted:
        second.switch_page("pages/my_section.py").run()
    assert not second.exception, second.exception
    assert [s for s in counted.seen if LISTING.search(s)] == [], counted.seen


def test_a_save_in_this_unit_is_seen_at_the_next_rerun(monkeypatch, db):
    app, store = _signed_in(monkeypatch, db, "demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/monthly.py").run()
    code = _first_measure(store, "DEMO-01")
    _report(store, "DEMO-01", code, "บันทึกจากอีกหน้าจอหนึ่ง")
    with Statements() as counted:
        app.run()
    assert not app.exception, app.exception
    assert counted.touching("follow_up"), "the unit's year is read again"


def test_a_session_ended_by_another_process_signs_the_tab_out(monkeypatch, db, clock):
    app, store = _signed_in(monkeypatch, db, "demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/overview.py").run()
    session_id = app.session_state["_session_id"]
    with store.engine.begin() as connection:  # what another app process does when the user signs out there
        connection.execute(text("DELETE FROM sign_in_session WHERE id = :id"), {"id": session_id})
        connection.execute(text("INSERT INTO meta (key, value) VALUES ('sessions_version', 1) "
                                "ON CONFLICT (key) DO UPDATE SET value = meta.value + 1"))
    app.run()
    assert app.session_state["_session_id"] == session_id, "within the poll interval the tab is not asked again"
    clock.advance(ChangeWatch.of(db).poll)  # the poll interval has passed
    app.run()
    assert "_session_id" not in app.session_state and "_user" not in app.session_state
    assert "_user" not in app.session_state
    assert [t.label for t in app.text_input] == ["ชื่อผู้ใช้", "รหัสผ่าน"]  # the sign-in form


def test_a_disabled_account_is_signed_out_at_the_next_rerun(monkeypatch, db):
    app, store = _signed_in(monkeypatch, db, "demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/overview.py").run()
    store.set_disabled(Actor.system("test"), "demo.chief", True)
    app.run()
    assert "_session_id" not in app.session_state and "_user" not in app.session_state


def _read_other_unit():
    import streamlit as st

    from ita_dash.domain.permissions import NotAllowed
    from ita_dash.ui import context

    context.unit_year("DEMO-02", 2570)  # an administrator's read: the unit's year is now in the shared cache
    st.session_state["_user"] = st.session_state["_chief"]
    try:
        context.unit_year("DEMO-02", 2570)
        st.write("handed out")
    except NotAllowed as refusal:
        st.write(f"refused: {refusal}")
    try:
        context.fiscal_years("DEMO-02")
        st.write("years handed out")
    except NotAllowed:
        st.write("years refused")


def test_the_shared_cache_of_a_unit_is_never_handed_to_a_user_outside_it(monkeypatch, db):
    from streamlit.testing.v1 import AppTest

    from helpers.app import ACCOUNTS

    monkeypatch.setenv("ITA_DATABASE_URL", db)
    app = AppTest.from_function(_read_other_unit, default_timeout=60)
    app.session_state["_user"], app.session_state["_chief"] = ACCOUNTS["demo.admin"][0], ACCOUNTS["demo.chief"][0]
    app.run()
    assert not app.exception, app.exception
    said = [m.value for m in app.markdown]
    assert said[0].startswith("refused: ") and said[1] == "years refused", said
