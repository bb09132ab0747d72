"""Issue 12 (12a): safe to deploy. Demo data only where asked for, `setup` for the first administrator, sign-in
sessions in the database, and one error boundary. Storage and command-line tests run on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from helpers.app import make_app
from helpers.environment import DEMO_AS_OF, ROOT
from ita_dash import cli
from ita_dash.domain.accounts import SessionEnded, SignInRefused, User
from ita_dash.domain.model import Actor, Role
from ita_dash.domain.settings import SECURITY
from ita_dash.store.demo import DEMO_USERNAMES
from ita_dash.store.sql import SqlStore
from ita_dash.store.tables import SignInSessionRow

SYSTEM = Actor.system("test")
T0 = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


def run_cli(monkeypatch, url: str, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))  # not a terminal: passwords come as lines
    return cli.main(["--db", url, *args])


def contents(url: str) -> tuple[int, int, list[User]]:
    store = SqlStore(url)
    try:
        return len(store.list_units(SYSTEM)), len(store.list_provinces(SYSTEM)), store.list_users(SYSTEM)
    finally:
        store.close()


# -- demo only where asked for ----------------------------------------------------------------------------------


def test_the_app_on_an_empty_configured_database_writes_nothing_and_asks_for_setup(monkeypatch, store_url):
    app = make_app(monkeypatch, store_url, user=None)
    app.run()
    assert not app.exception
    assert [s.value for s in app.subheader] == ["ยังไม่ได้ตั้งค่าระบบ"]
    assert "python -m ita_dash setup --admin" in app.code[0].value
    assert not app.text_input  # no sign-in form
    app.run()  # a second visit changes nothing either
    assert contents(store_url) == (0, 0, [])


def test_the_builtin_database_still_opens_on_the_demo(monkeypatch, tmp_path):
    """The README's run command (nothing configured): data/ita.db gets the demo province on first start, and the
    sign-in page lists the demo passwords, labelled demo-only."""
    import ita_dash.store

    monkeypatch.delenv("ITA_DATABASE_URL", raising=False)
    monkeypatch.setattr(ita_dash.store, "DEFAULT_SQLITE", tmp_path / "ita.db")
    monkeypatch.setattr(ita_dash.store, "SECRETS", tmp_path / "no-secrets.toml")
    monkeypatch.setattr(ita_dash.store.database_url, "__defaults__", (tmp_path / "no-secrets.toml",))
    monkeypatch.setattr(ita_dash.store.builtin_database, "__defaults__", (tmp_path / "no-secrets.toml",))
    app = make_app(monkeypatch, "unused", user=None)
    monkeypatch.delenv("ITA_DATABASE_URL")  # make_app sets it; the README command sets nothing
    app.run(timeout=180)
    assert not app.exception
    assert [s.value for s in app.subheader] == ["เข้าสู่ระบบ"]
    assert app.expander[0].label == "บัญชีสาธิต (ใช้ทดลองกับฐานข้อมูลสาธิตเท่านั้น)"
    assert "demo-admin-pass" in " ".join(m.value for m in app.markdown)
    units, provinces, users = contents(f"sqlite:///{tmp_path / 'ita.db'}")
    assert units == 9 and provinces == 1 and {u.username for u in users} == DEMO_USERNAMES


def test_a_configured_database_with_demo_accounts_never_lists_their_passwords_and_says_so(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, user=None)
    app.run()
    page = " ".join(m.value for m in app.markdown) + " ".join(e.label for e in app.expander)
    assert "demo-admin-pass" not in page and "บัญชีสาธิต" not in page
    app.text_input(key="sign_in_username").set_value("demo.viewer")
    app.text_input(key="sign_in_password").set_value("demo-viewer-pass")
    app.button[0].click().run()
    assert not app.exception
    assert any("บัญชีสาธิต 5 บัญชี" in w.value for w in app.warning)  # the banner, on every page
    app.switch_page("pages/calendar.py").run()
    assert any("บัญชีสาธิต 5 บัญชี" in w.value for w in app.warning)
    app.button(key="sign_out").click().run()


def test_setup_makes_exactly_one_admin_and_nothing_else(monkeypatch, store_url, capsys):
    assert run_cli(monkeypatch, store_url, "setup", "--admin", "boss", stdin="short\nshort\n") == 1
    assert "8" in capsys.readouterr().err  # too short: refused, nothing written
    assert run_cli(monkeypatch, store_url, "setup", "--admin", "boss", stdin="long-enough-1\nlong-enough-2\n") == 1
    assert "differ" in capsys.readouterr().err
    assert contents(store_url) == (0, 0, [])
    assert run_cli(monkeypatch, store_url, "setup", "--admin", "boss", stdin="long-enough-1\nlong-enough-1\n") == 0
    units, provinces, users = contents(store_url)
    assert (units, provinces) == (0, 0)
    assert [(u.username, u.role) for u in users] == [("boss", Role.ADMIN)]
    assert run_cli(monkeypatch, store_url, "setup", "--admin", "other", stdin="long-enough-2\nlong-enough-2\n") == 1
    assert "มีผู้ดูแลระบบอยู่แล้ว" in capsys.readouterr().err
    assert [u.username for u in contents(store_url)[2]] == ["boss"]
    store = SqlStore(store_url)
    assert store.sign_in("boss", "long-enough-1").role is Role.ADMIN
    store.close()


def test_demo_reset_leaves_accounts_an_operator_changed_as_they_are(monkeypatch, store_url, capsys):
    assert run_cli(monkeypatch, store_url, "demo", "--as-of", DEMO_AS_OF.isoformat()) == 0
    store = SqlStore(store_url)
    operator = User(username="op.chief", role=Role.CHIEF, unit_code="DEMO-01")
    store.add_user(SYSTEM, operator, "operator-pass-1")
    store.set_disabled(SYSTEM, "op.chief", True)
    store.set_disabled(SYSTEM, "demo.admin", True)
    store.reset_password(SYSTEM, "demo.chief", "changed-by-operator")
    assert run_cli(monkeypatch, store_url, "demo", "--reset", "--as-of", DEMO_AS_OF.isoformat()) == 0
    users = {u.username: u for u in store.list_users(SYSTEM)}
    assert users["op.chief"].disabled and users["demo.admin"].disabled
    with pytest.raises(SignInRefused):
        store.sign_in("demo.admin", "demo-admin-pass")
    with pytest.raises(SignInRefused):
        store.sign_in("demo.chief", "demo-chief-pass")
    assert store.sign_in("demo.chief", "changed-by-operator").username == "demo.chief"
    assert store.sign_in("demo.viewer", "demo-viewer-pass").username == "demo.viewer"  # untouched: still the demo's
    capsys.readouterr()
    assert run_cli(monkeypatch, store_url, "users", "list") == 0
    listing = capsys.readouterr()
    assert re.search(r"^demo\.admin\tadmin\t-\t.*\tdisabled\tDEMO", listing.out, re.M)
    assert re.search(r"^op\.chief\tchief\tDEMO-01\t.*\tdisabled$", listing.out, re.M)
    assert "holds 5 demo accounts (4 active)" in listing.err
    store.close()


# -- sign-in sessions in the database ---------------------------------------------------------------------------


@pytest.fixture
def accounts(demo_store):
    """The demo province with its accounts (an account must belong to a unit that exists)."""
    return demo_store


def test_a_session_is_found_by_its_cookie_on_any_store_and_keeps_no_secret(accounts, store_url):
    session_id, handoff = accounts.open_sign_in_session("demo.admin", T0)
    token = accounts.claim_session_cookie(handoff, T0 + dt.timedelta(seconds=5))
    assert token and accounts.claim_session_cookie(handoff, T0 + dt.timedelta(seconds=6)) is None  # one use
    other_process = SqlStore(store_url)
    found, user = other_process.session_user(token=token, now=T0 + dt.timedelta(minutes=1))
    assert found == session_id and user.username == "demo.admin"
    with accounts._reading() as session:
        row = session.execute(select(SignInSessionRow)).scalar_one()
    assert token not in (row.token_hash, row.handoff_hash, row.id) and handoff not in (row.token_hash, row.id)
    with pytest.raises(SessionEnded):
        other_process.session_user(token="not-a-token", now=T0)
    other_process.close()


def test_a_cookie_code_is_good_for_one_minute(accounts):
    _, handoff = accounts.open_sign_in_session("demo.admin", T0)
    assert accounts.claim_session_cookie(handoff, T0 + dt.timedelta(seconds=SECURITY.cookie_handoff_seconds + 1)) is None


def test_sign_out_disable_and_password_reset_end_every_session_of_the_account(accounts):
    now = T0 + dt.timedelta(minutes=1)
    first, _ = accounts.open_sign_in_session("demo.admin", T0)
    second, _ = accounts.open_sign_in_session("demo.admin", T0)
    chief, _ = accounts.open_sign_in_session("demo.chief", T0)
    accounts.end_sign_in_session(first)  # sign-out: that session only
    with pytest.raises(SessionEnded):
        accounts.session_user(first, now=now)
    assert accounts.session_user(second, now=now)[1].username == "demo.admin"
    accounts.reset_password(SYSTEM, "demo.admin", "a-new-password")
    with pytest.raises(SessionEnded):
        accounts.session_user(second, now=now)
    assert accounts.session_user(chief, now=now)[1].username == "demo.chief"  # another account: untouched
    accounts.set_disabled(SYSTEM, "demo.chief", True)
    with pytest.raises(SessionEnded):
        accounts.session_user(chief, now=now)
    accounts.set_disabled(SYSTEM, "demo.chief", False)  # enabling again does not bring an old session back
    with pytest.raises(SessionEnded):
        accounts.session_user(chief, now=now)


def test_sessions_end_when_idle_and_at_their_absolute_limit(accounts):
    idle, _ = accounts.open_sign_in_session("demo.admin", T0)
    with pytest.raises(SessionEnded, match="ไม่มีการใช้งานนาน"):
        accounts.session_user(idle, now=T0 + dt.timedelta(minutes=SECURITY.idle_minutes + 1))
    busy, _ = accounts.open_sign_in_session("demo.admin", T0)
    now = T0
    while now < T0 + dt.timedelta(hours=SECURITY.session_absolute_hours):
        accounts.session_user(busy, now=now)  # an action every 25 minutes keeps it alive...
        now += dt.timedelta(minutes=25)
    with pytest.raises(SessionEnded, match=f"ครบ {SECURITY.session_absolute_hours} ชั่วโมง"):
        accounts.session_user(busy, now=now)  # ...until the absolute limit


def test_signing_in_through_the_app_opens_a_session_and_signing_out_ends_it(monkeypatch, writable_db):
    def signed_in_app():
        app = make_app(monkeypatch, writable_db, user=None)
        app.run()
        app.text_input(key="sign_in_username").set_value("demo.chief")
        app.text_input(key="sign_in_password").set_value("demo-chief-pass")
        app.button[0].click().run()
        return app

    app = signed_in_app()
    session_id = app.session_state["_session_id"]
    store = SqlStore(writable_db)
    assert store.session_user(session_id)[1].username == "demo.chief"
    store.end_sign_in_session(session_id)  # signed out in another tab (or another process)
    app.run()  # this tab's next action
    assert [s.value for s in app.subheader] == ["เข้าสู่ระบบ"]
    assert "ออกจากระบบแล้ว" in app.warning[0].value

    phone, desktop = signed_in_app(), signed_in_app()  # the same account on two devices
    sessions = [phone.session_state["_session_id"], desktop.session_state["_session_id"]]
    phone.button(key="sign_out").click().run()  # "ออกจากระบบ" on one ends the account's sessions everywhere
    for session_id in sessions:
        with pytest.raises(SessionEnded):
            store.session_user(session_id)
    desktop.run()
    assert [s.value for s in desktop.subheader] == ["เข้าสู่ระบบ"]
    store.close()


@pytest.fixture
def writable_db(tmp_path, templates) -> str:
    from ita_dash.store.demo import build_demo

    url = f"sqlite:///{tmp_path / 'sessions.db'}"
    store = SqlStore(url)
    build_demo(store, templates, DEMO_AS_OF)
    store.close()
    return url


# -- one error boundary -----------------------------------------------------------------------------------------


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_a_page_that_raises_shows_a_thai_message_with_an_incident_code_and_logs_the_trace(monkeypatch, demo_db):
    from ita_dash.ui import context, errors

    def broken(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(context, "_unit_status", broken)
    records = Records()
    errors.LOG.addHandler(records)
    try:
        app = make_app(monkeypatch, demo_db, user="demo.chief")
        app.run()
    finally:
        errors.LOG.removeHandler(records)
    assert not app.exception  # nothing reached Streamlit's own error box
    message = app.error[0].value
    code = re.search(r"รหัสเหตุการณ์ ([0-9A-F]{4}-[0-9A-F]{4})", message).group(1)
    assert message.startswith("ขออภัย ระบบขัดข้อง")
    everything = " ".join(str(e.value) for kind in (app.markdown, app.error, app.caption, app.code, app.text, app.warning)
                          for e in kind)
    assert "SELECT secret" not in everything and "Traceback" not in everything and "RuntimeError" not in everything
    [record] = records.records
    assert code in record.getMessage() and record.exc_info[0] is RuntimeError


def test_the_boundary_lets_st_stop_rerun_and_switch_page_through():
    def script():
        import streamlit as st

        from ita_dash.ui import errors

        st.session_state.setdefault("runs", 0)
        st.session_state["runs"] += 1
        with errors.boundary():
            if st.session_state["runs"] == 1:
                st.rerun()
            st.write("after the rerun")
            st.stop()
        st.write("never drawn")

    app = AppTest.from_function(script).run()
    assert not app.exception and not app.error
    assert app.session_state["runs"] == 2
    assert [m.value for m in app.markdown] == ["after the rerun"]
    # st.switch_page raises the same RerunException as st.rerun; none of them is an Exception the boundary catches
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

    assert not issubclass(RerunException, Exception) and not issubclass(StopException, Exception)


def test_streamlit_shows_no_error_details():
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] is False
    assert config["client"]["toolbarMode"] == "minimal"


# -- the cookie route -------------------------------------------------------------------------------------------


def cookie_answer(monkeypatch, headers: dict[str, str], claimed: str | None = "the-token", scheme: str = "http"):
    import asyncio

    from starlette.requests import Request

    from ita_dash.ui import sessions

    monkeypatch.setattr(sessions, "_claim", lambda code: claimed if code == "the-code" else None)
    request = Request({"type": "http", "method": "GET", "scheme": scheme, "path": "/session/cookie",
                       "query_string": b"code=the-code", "server": ("127.0.0.1", 80),
                       "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]})
    response = asyncio.run(sessions.claim_cookie(request))
    assert response.media_type == "image/png" and response.headers["cache-control"] == "no-store"
    return response.headers.get("set-cookie")


def test_the_cookie_route_sets_an_httponly_lax_cookie_and_secure_behind_https(monkeypatch):
    plain = cookie_answer(monkeypatch, {"sec-fetch-site": "same-origin"})
    assert plain.startswith("ita_session=the-token;")
    assert "HttpOnly" in plain and "SameSite=lax" in plain and "Secure" not in plain
    assert f"Max-Age={SECURITY.session_absolute_hours * 3600}" in plain
    assert "Secure" in cookie_answer(monkeypatch, {"x-forwarded-proto": "https"})
    assert "Secure" in cookie_answer(monkeypatch, {}, scheme="https")


def test_the_cookie_route_gives_nothing_to_another_site_or_a_used_code(monkeypatch):
    assert cookie_answer(monkeypatch, {"sec-fetch-site": "cross-site"}) is None
    assert cookie_answer(monkeypatch, {"sec-fetch-site": "same-site"}) is None
    assert cookie_answer(monkeypatch, {"sec-fetch-site": "same-origin"}, claimed=None) is None


def test_reissuing_a_one_time_password_ends_the_accounts_sessions(accounts):
    """A lost slip: the new one-time password ends whatever was opened with the old one (like a password reset)."""
    now = T0 + dt.timedelta(minutes=1)
    opened, _ = accounts.open_sign_in_session("demo.head", T0)
    other, _ = accounts.open_sign_in_session("demo.chief", T0)
    accounts.reissue_one_time_passwords(SYSTEM, ["demo.head"])
    with pytest.raises(SessionEnded):
        accounts.session_user(opened, now=now)
    assert accounts.session_user(other, now=now)[1].username == "demo.chief"


def test_an_account_for_a_region_that_does_not_exist_is_refused(accounts):
    from ita_dash.domain.entries import InvalidEntry

    with pytest.raises(InvalidEntry, match="ไม่มีภาครหัส NOPE"):
        accounts.add_user(SYSTEM, User(username="reader.nope", role=Role.REGION, region_code="NOPE"), "long-enough-1")
    assert "reader.nope" not in {u.username for u in accounts.list_users(SYSTEM)}
