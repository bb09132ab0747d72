"""What every page shares: the store, the templates, and the unit and fiscal year picked in the sidebar.

Loading is cached: the store and templates once per process; a unit's year and status once per change of that
unit (its change counter, store/sql/changes.py), shared by every session that may read the unit. A rerun in which
nothing changed asks the database nothing; a save is seen by the person who saved at once and by everyone else
at their next rerun (another app process: within a second).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import streamlit as st

from ita_dash.domain.accounts import SessionEnded, User, session_expired, sign_in_source
from ita_dash.domain.fiscal import fiscal_end, fiscal_start, fiscal_year_of, last_closed_month
from ita_dash.domain.framework import FrameworkTemplate, TemplateLibrary, library
from ita_dash.domain.links import unit_links
from ita_dash.domain.model import Actor, ItaResult, Province, Region, Role, Unit, UnitYearData
from ita_dash.domain.province import UnitFigures
from ita_dash.domain.settings import CACHING
from ita_dash.domain.status import UnitStatus, assess_unit
from ita_dash.domain.thaidate import format_date, today_bangkok
from ita_dash.domain.wording import Words, role_label, words_of
from ita_dash.store import SqlStore, builtin_database, database_url, open_store
from ita_dash.store.demo import DEMO_USERNAMES, ensure_demo

from .format import plain


@st.cache_resource(show_spinner="กำลังเปิดฐานข้อมูล…")
def _store_for(url: str) -> SqlStore:
    store = open_store(url)
    if builtin_database() and url == database_url():  # only the built-in data/ita.db: the demo province (issue 12)
        ensure_demo(store, library())
    return store


def get_store() -> SqlStore:
    return _store_for(database_url())


_TEMPLATES: list = [0.0, None]  # when the template folder was last looked at, and the library then


def data_version() -> tuple:
    """The store's change counter with the database it counts: a cache keyed by it is emptied by a save anywhere,
    and never hands one database's records to a page of another (one process may open several: the tests do).
    Known without a query when nothing was written (store/sql/changes.py; issue 25)."""
    return database_url(), *get_store().change_key()


def unit_version(unit_code: str) -> tuple:
    """The change counter of what a page of one unit shows: a save in another unit leaves it as it is, so the
    caches of every other unit's pages stay (issue 25: a save made every open session re-read its unit)."""
    return database_url(), unit_code, *get_store().unit_change_key(unit_code)


def templates() -> TemplateLibrary:
    """The template library, reloaded when a file in data/templates changes. The folder is looked at no more than
    once every two seconds (issue 18: listing and stat-ing it several times per page run cost 5–7 % of the script)."""
    now = time.monotonic()
    if _TEMPLATES[1] is None or now - _TEMPLATES[0] > 2.0:
        _TEMPLATES[:] = [now, library()]
    return _TEMPLATES[1]


# Listings are keyed by the signed-in user's scope (the actor as JSON): nothing one user may read is handed to
# another from a cache. A unit's year and its status are the same for everyone who may read the unit: they are kept
# once per unit and change (not once per user), and handed out only after the user's own listing of units, which
# the store checks, holds the unit (:func:`_readable`).
@st.cache_resource(max_entries=512, show_spinner=False)
def _unit_year(unit_code: str, fiscal_year: int, version: tuple) -> UnitYearData:
    return get_store().load_unit_year(Actor.system("page cache"), unit_code, fiscal_year)


def _readable(unit_code: str) -> None:
    """Raise the store's own refusal (NotFound, NotAllowed) unless the signed-in user may read ``unit_code``."""
    if not any(unit.code == unit_code for unit in units()):
        get_store().get_unit(actor(), unit_code)  # raises; a unit added since the listing is read directly


def unit_year(unit_code: str, fiscal_year: int) -> UnitYearData:
    _readable(unit_code)
    return _unit_year(unit_code, fiscal_year, unit_version(unit_code))


# Listings are kept per scope (:func:`_actor_key`) and the version of what the scope reads
# (:func:`_listing_version`); the caps hold every unit of a region reporting in the same week.
@st.cache_resource(max_entries=2048, show_spinner=False)
def _units(actor_json: str, version: tuple) -> list[Unit]:
    return get_store().list_units(Actor.model_validate_json(actor_json))


def units() -> list[Unit]:
    return _units(_actor_key(), _listing_version())


@st.cache_resource(max_entries=4096, show_spinner=False)
def _listing(actor_json: str, method: str, version: tuple) -> list:
    return getattr(get_store(), method)(Actor.model_validate_json(actor_json))


@st.cache_resource(max_entries=512, show_spinner=False)
def _fiscal_years(unit_code: str, version: tuple) -> list[int]:
    return get_store().fiscal_years(Actor.system("page cache"), unit_code)


def fiscal_years(unit_code: str) -> list[int]:
    """The fiscal years held for ``unit_code`` (newest first), read again only after a change to the unit."""
    _readable(unit_code)
    return _fiscal_years(unit_code, unit_version(unit_code))


def regions() -> list[Region]:
    return _listing(_actor_key(), "list_regions", _listing_version())


def provinces() -> list[Province]:
    return _listing(_actor_key(), "list_provinces", _listing_version())


def results() -> list[tuple[Unit, ItaResult]]:
    """Every announced ITA result the signed-in user may read, with its unit."""
    return _listing(_actor_key(), "results", _listing_version())


@st.cache_resource(max_entries=512, show_spinner=False)
def _unit_status(unit_code: str, fiscal_year: int, as_of: dt.date, version: tuple, templates_key: str) -> UnitStatus:
    data = _unit_year(unit_code, fiscal_year, version)
    # issue 19: the last check of each OIT/evidence link; a broken one colours its item (saving checks moves the
    # shared counter, which is part of every unit's version)
    checks = get_store().link_checks(Actor.system("page cache"), [ref.url for ref in unit_links(data)])
    return assess_unit(_framework(unit_code, fiscal_year, version, templates_key), data, as_of, link_checks=checks)


@st.cache_resource(max_entries=512, show_spinner=False)
def _framework(unit_code: str, fiscal_year: int, version: tuple, templates_key: str) -> FrameworkTemplate:
    """The unit's framework: its kind's template with what was entered for it (issue 32), once per change (an
    entry moves the counter of every unit it reaches)."""
    data = _unit_year(unit_code, fiscal_year, version)
    return get_store().framework_for(Actor.system("page cache"), data.unit, fiscal_year, templates())


@st.cache_resource(max_entries=8, show_spinner=False)
def _entered_library(fiscal_year: int, data_version: tuple, templates_key: str):
    return get_store().entered_library(fiscal_year, templates())


def entered_library(fiscal_year: int):
    """The templates with every framework entry of the year over them (issue 32), to judge many units at once by
    each one's own framework: one read of the entries per change, whatever the number of units. Not shown as such:
    callers use it only for units the signed-in user's listings hold."""
    return _entered_library(fiscal_year, data_version(), templates().fingerprint())


@st.cache_resource(max_entries=2048, show_spinner=False)
def _itap_oit_answered(actor_json: str, fiscal_year: int, province_code: str | None, data_version: tuple) -> dict:
    return get_store().itap_oit_answered(Actor.model_validate_json(actor_json), fiscal_year, province_code)


def itap_oit_answered(fiscal_year: int, province_code: str | None = None) -> dict:
    """unit code → (OIT items answered on ITAP, day pasted) of the units the signed-in user may read."""
    return _itap_oit_answered(_actor_key(), fiscal_year, province_code, data_version())


@st.cache_resource(max_entries=32, show_spinner="กำลังคำนวณตัวเลขของทุกหน่วย…")
def _figures(actor_json: str, fiscal_year: int, as_of: dt.date, province_code: str | None, region_code: str | None,
             data_version: tuple) -> list[UnitFigures]:
    """With units in Google Sheets: the sheets' figures are judged here, once per change (of the database or of a
    sheet's read); the database's units underneath come from the store's per-unit cache."""
    return get_store().unit_figures(Actor.model_validate_json(actor_json), fiscal_year, as_of, province_code, region_code)


def unit_figures(fiscal_year: int, as_of: dt.date, province_code: str | None = None,
                 region_code: str | None = None) -> list[UnitFigures]:
    """Every unit's figures the signed-in user may read (of one province or region, or all), judged on ``as_of``.
    Units kept in Google Sheets that are not read yet are read first, with a progress bar."""
    store = get_store()
    if hasattr(store, "sheets_to_read"):
        codes = [u.code for u in units() if (province_code is None or u.province_code == province_code)]
        if keys := store.sheets_to_read(fiscal_year, codes):  # units(): those the signed-in user may read
            bar = st.progress(0.0, text=f"กำลังอ่าน Google Sheets ของ {len(keys)} หน่วย…")
            store.prefetch(keys, lambda done, total: bar.progress(done / total, text=f"อ่าน Google Sheets แล้ว {done}/{total} หน่วย"))
            bar.empty()
        return _figures(_actor_key(), fiscal_year, as_of, province_code, region_code, data_version())
    # The SQL store keeps each unit's figures and recomputes only the units whose change counter moved (issue 18):
    # asked on every run, it costs one small query when nothing was written, and one save anywhere costs one unit.
    with st.spinner("กำลังคำนวณตัวเลขของทุกหน่วย…"):
        return store.unit_figures(actor(), fiscal_year, as_of, province_code, region_code)


def sheet_notice(selection) -> None:
    """For a unit whose year is kept in a Google Sheet: the banner when Google did not answer (the page then shows
    the last good read; a permanent failure — access revoked, sheet gone, tab renamed — says what to do, as an
    error), and the cells of the sheet that did not parse. Nothing for a unit in the database."""
    store = get_store()
    if selection is None or not hasattr(store, "sheet_read"):
        return
    from ita_dash.store.base import REFUSALS

    try:
        sheet = store.sheet_read(actor(), selection.unit.code, selection.fiscal_year)
    except REFUSALS as error:
        st.error(plain(str(error)), icon=":material/cloud_off:")
        st.stop()
    if sheet is None:
        return
    if sheet.stale and sheet.permanent:
        st.error(sheet.banner, icon=":material/link_off:")
    elif sheet.stale:
        st.warning(sheet.banner, icon=":material/cloud_off:")
    if sheet.problems:
        import pandas as pd

        with st.expander(f"ปัญหาในชีต ({len(sheet.problems)} ช่อง) — ข้อมูลส่วนอื่นแสดงตามปกติ", icon=":material/error:"):
            st.dataframe(pd.DataFrame([{"แท็บ": p.tab, "แถว": p.row, "คอลัมน์": p.column, "ค่าในช่อง": p.value,
                                        "ปัญหา": p.message} for p in sheet.problems]), hide_index=True, width="stretch")


# -- who is signed in -------------------------------------------------------------------------------------


def signed_in_user() -> User | None:
    """The user of this browser tab, re-read from the store when an account changed or a session ended anywhere,
    and at least once a minute (a disabled account or changed role takes effect at the next rerun). The tab holds its
    sign-in session's id in server memory; a new tab or a reload finds the
    session through the cookie (``ita_dash/ui/sessions.py``). None when nobody is signed in or the session ended:
    signed out in another tab, idle for 30 minutes, older than 12 hours, account disabled, password reset."""
    state = st.session_state
    if state.get("_session_id") is None and state.get("_user") is None:
        _resume_from_cookie()
    if state.get("_session_id") is not None:
        if _session_still_checked(state):
            return state["_user"]
        try:
            state["_session_id"], fresh = get_store().session_user(session_id=state["_session_id"])
        except SessionEnded as ended:
            sign_out(str(ended))
            return None
        state["_user"] = fresh
        state["_session_checked"] = (_sessions_version(), time.monotonic())
        return fresh
    return _user_without_session()


def _sessions_version() -> int:
    return get_store().changes().sessions_version


def _session_still_checked(state) -> bool:
    """Whether the tab's sign-in session was checked recently enough to skip the query (issue 25): no session was
    ended and no account changed anywhere since (the sessions counter), and less than
    ``CACHING.session_check_seconds`` ago (age and idle limits are minutes and hours; a minute's slack)."""
    checked = state.get("_session_checked")
    return (checked is not None and checked[0] == _sessions_version()
            and time.monotonic() - checked[1] < CACHING.session_check_seconds)


def _resume_from_cookie() -> None:
    from . import sessions

    token = st.context.cookies.get(sessions.COOKIE)
    if not isinstance(token, str) or not token or len(token) > 100:  # (page tests have no real cookies)
        return
    try:
        st.session_state["_session_id"], st.session_state["_user"] = get_store().session_user(token=token)
    except SessionEnded:
        pass  # an old cookie: the sign-in form, without a message


def _user_without_session() -> User | None:
    """A user put in the tab's memory without a database session (page tests do this): the 30-minute rule on the
    tab's own clock, as before sessions were kept in the database."""
    user = st.session_state.get("_user")
    if user is None:
        return None
    now = dt.datetime.now(dt.UTC)
    if session_expired(st.session_state.get("_last_seen", now), now):
        sign_out("หมดเวลาใช้งานเนื่องจากไม่มีการใช้งานนาน กรุณาเข้าสู่ระบบอีกครั้ง")
        return None
    fresh = get_store().get_user(user.username)
    if fresh is None or fresh.disabled:
        sign_out("บัญชีนี้ถูกปิดการใช้งาน")
        return None
    st.session_state["_user"], st.session_state["_last_seen"] = fresh, now
    return fresh


def demo_present() -> bool:
    """Whether the demo province is in the database."""
    return any(p.demo for p in get_store().list_provinces(Actor.system("sign-in page")))


@st.cache_resource(max_entries=8, show_spinner=False)
def _demo_accounts(url: str, sessions_version: int) -> tuple[int, int]:
    users = get_store().demo_accounts(DEMO_USERNAMES)
    return len(users), sum(not user.disabled for user in users)


def demo_accounts() -> tuple[int, int]:
    """How many demo accounts this database holds, and how many of them can sign in."""
    return _demo_accounts(database_url(), _sessions_version())  # an account's change moves that counter


def demo_passwords_shown() -> bool:
    """The sign-in page lists the demo passwords only on the built-in demo database (data/ita.db), never on a
    configured one, and only while a demo account can still sign in."""
    return builtin_database() and demo_accounts()[1] > 0


def setup_needed() -> bool:
    """A configured database without any account: the app shows how to run ``setup`` instead of a sign-in form."""
    url = database_url()
    if builtin_database() or url in _HAS_ACCOUNTS:
        return False
    if get_store().has_accounts():  # once true, no session of this process needs to ask again
        _HAS_ACCOUNTS.add(url)
        return False
    return True


_HAS_ACCOUNTS: set[str] = set()  # the databases known to hold an account (setup done)


def sign_in(username: str, password: str) -> None:
    """Check the password (raises SignInRefused with a Thai reason), then start the session. Kept in small steps
    so a step after the password (e.g. "change your password first") can be put between them."""
    from . import sessions

    browser = st.context.cookies.get(sessions.BROWSER_COOKIE)  # issue 35: a browser the account knows
    if not isinstance(browser, str) or len(browser) > 100:
        browser = None
    headers = st.context.headers
    source = sign_in_source(st.context.ip_address, headers.get("X-Forwarded-For") if headers else None)
    user = get_store().sign_in(username.strip(), password, browser=browser, source=source)
    start_session(user)


def start_session(user: User) -> None:
    """The session in the database, its id in this tab's memory, and the one-time code for the cookie."""
    from . import sessions

    session_id, handoff = get_store().open_sign_in_session(user.username)
    st.session_state["_session_id"], st.session_state["_user"] = session_id, user
    st.session_state["_last_seen"] = dt.datetime.now(dt.UTC)
    if sessions.cookie_routes_mounted():
        st.session_state["_cookie_handoff"] = handoff


def session_cookie() -> None:
    """Draw the 1-pixel image that makes the browser fetch its session cookie (after signing in). It stays on the
    page (in the main area: a phone does not draw the closed sidebar) so a rerun does not cancel the fetch; a used
    code is worth nothing."""
    from . import sessions

    code = st.session_state.get("_cookie_handoff")
    if code and (url := sessions.handoff_url(st.context.url, code)):
        st.image(url, width=1)


def sign_out(message: str | None = None) -> None:
    """Forget the user, and end the session in the database (every tab and process that shares it). Pressing
    "ออกจากระบบ" ends every session of the account (all its devices) and returns to the plain sign-in address; a
    session that expired keeps its address, so signing in
    again continues where the user was."""
    if message is None and (user := st.session_state.get("_user")) is not None:
        get_store().end_sessions_of(user.username)  # "ออกจากระบบ" signs the account out on every device
    elif session_id := st.session_state.get("_session_id"):
        get_store().end_sign_in_session(session_id)
    for key in ("_user", "_last_seen", "_selection", "_session_id", "_cookie_handoff"):
        st.session_state.pop(key, None)
    if message:
        st.session_state["_sign_in_message"] = message
    else:
        st.session_state["_signed_out"] = True
        st.query_params.clear()


def _signed_in() -> User:
    user = st.session_state.get("_user")
    if user is None:
        raise RuntimeError("no user is signed in")
    return user


def _actor_key() -> str:
    """The signed-in account's scope as a cache key: what it may read (its role and codes), not its name nor the
    unit on screen, so every account of one scope shares one entry (issue 36: one entry per account thrashed a cache
    of 64 entries with 70 chiefs signed in)."""
    user = _signed_in()
    return Actor(username="scope", role=user.role, unit_code=user.unit_code, section_code=user.section_code,
                 province_code=user.province_code, region_code=user.region_code).model_dump_json()


def _listing_version() -> tuple:
    """What the signed-in account's listings change with: for an account of one unit (chief, section head,
    viewer: it reads that unit only) the unit's counter, so a save in another unit leaves them as they are (issue
    36); for the others (province, region, administrator) any save."""
    user = _signed_in()
    if user.role in (Role.CHIEF, Role.SECTION_HEAD, Role.VIEWER) and user.unit_code:
        return unit_version(user.unit_code)
    return data_version()


def actor() -> Actor:
    """Who acts; an account bound to the unit on screen carries its kind, so refusals speak of its กอง."""
    user = _signed_in()
    selection = st.session_state.get("_selection")
    kind = selection.unit.kind if selection is not None and selection.unit.code == user.unit_code else None
    return user.as_actor(kind)


@dataclass(frozen=True)
class Selection:
    unit: Unit
    fiscal_year: int
    as_of: dt.date
    meeting: bool = False

    @property
    def template(self) -> FrameworkTemplate:
        """The unit's framework for the year, with what people entered (:mod:`ita_dash.domain.framework_entries`)."""
        _readable(self.unit.code)
        return _framework(self.unit.code, self.fiscal_year, unit_version(self.unit.code), templates().fingerprint())

    @property
    def words(self) -> Words:
        """What this unit calls its sections and their heads (สายงาน, or กอง for a local administration)."""
        return words_of(self.unit.kind)

    def data(self) -> UnitYearData:
        return unit_year(self.unit.code, self.fiscal_year)

    def status(self) -> UnitStatus:
        """Every rule's result for this unit and day, computed once per data change."""
        _readable(self.unit.code)
        return _unit_status(self.unit.code, self.fiscal_year, self.as_of, unit_version(self.unit.code),
                            templates().fingerprint())

    def caption(self) -> str:
        return f"{self.unit.name} · ปีงบประมาณ พ.ศ. {self.fiscal_year} · ข้อมูล ณ {format_date(self.as_of)}"


def _as_of_picker(fiscal_year: int) -> dt.date:
    """"ข้อมูล ณ วันที่": today, or any day of the chosen fiscal year (e.g. the end of last month)."""
    today = today_bangkok()
    low, high = fiscal_start(fiscal_year), fiscal_end(fiscal_year)
    default = min(max(today, low), high)
    params = st.query_params
    try:
        wanted = dt.date.fromisoformat(params.get("as_of", ""))
    except ValueError:
        wanted = default
    wanted = min(max(wanted, low), high)
    # A new year, an address that changed, or a widget state Streamlit dropped on a page switch: from the address
    if st.session_state.get("_as_of_year") != fiscal_year or "as_of" not in st.session_state:
        st.session_state["as_of"] = wanted
        st.session_state["_as_of_year"] = fiscal_year
    end_of_last_month = last_closed_month(today).last_day
    if low <= end_of_last_month <= high and st.button("สิ้นเดือนที่แล้ว", width="stretch"):
        st.session_state["as_of"] = end_of_last_month
    from .widgets import be_date_input  # day / Thai month / พ.ศ. (issue 17)

    chosen = be_date_input("ข้อมูล ณ วันที่", "as_of", low, high, narrow=True)
    if chosen != default:
        params["as_of"] = chosen.isoformat()
    elif "as_of" in params:
        del params["as_of"]
    return chosen


def _follow_the_address(params, by_code: dict) -> None:
    """When the address changed by navigation (a link, another page's "open this unit"), its unit, year and day win
    over what the sidebar widgets still hold. When only a widget changed, the widget wins: the address is then still
    the one this app wrote on the run before."""
    written = st.session_state.get("_address")
    address = (params.get("unit"), params.get("fy"), params.get("as_of"))
    if written is None or address == written:
        return
    if address[0] in by_code:
        st.session_state["unit_code"] = address[0]
    if address[1] and address[1].isdigit():
        st.session_state["fiscal_year"] = int(address[1])  # checked against the unit's years when drawn
    st.session_state.pop("_as_of_year", None)  # the day is read from the address again


def _account_box(by_code: dict | None = None) -> None:
    user = st.session_state["_user"]
    own = (by_code or {}).get(user.unit_code)
    st.divider()
    st.caption(f"{plain(user.display_name or user.username)} · {role_label(user.role, own.kind if own else None)}")
    st.button("ออกจากระบบ", on_click=sign_out, key="sign_out", width="stretch")


def sidebar_selection() -> Selection | None:
    """Unit and fiscal-year pickers in the sidebar, remembered in the URL (``?unit=…&fy=…``)."""
    all_units = units()
    if not all_units:
        with st.sidebar:
            _account_box()
        return None
    by_code = {u.code: u for u in all_units}
    params = st.query_params
    _follow_the_address(params, by_code)
    state = st.session_state
    if state.get("unit_code") not in by_code:  # first draw, or a unit this user may not read: from the address
        state["unit_code"] = params.get("unit") if params.get("unit") in by_code else next(iter(by_code))
    with st.sidebar:
        code = st.selectbox("หน่วย", list(by_code), format_func=lambda c: by_code[c].short_name or by_code[c].name,
                            key="unit_code")
        current = fiscal_year_of(today_bangkok())
        years = sorted(set(fiscal_years(code)) | {current}, reverse=True)
        if state.get("fiscal_year") not in years:
            wanted = int(params["fy"]) if params.get("fy", "").isdigit() else current
            state["fiscal_year"] = wanted if wanted in years else current
        year = st.selectbox("ปีงบประมาณ (พ.ศ.)", years, key="fiscal_year")
        as_of = _as_of_picker(year)
        meeting = st.toggle("โหมดประชุม (จอโปรเจกเตอร์)", value=params.get("meeting") == "1", key="meeting")
        _account_box(by_code)
    params["unit"], params["fy"] = code, str(year)
    st.session_state["_address"] = (params.get("unit"), params.get("fy"), params.get("as_of"))
    if meeting:
        params["meeting"] = "1"
    elif "meeting" in params:
        del params["meeting"]
    return Selection(unit=by_code[code], fiscal_year=year, as_of=as_of, meeting=meeting)


def words() -> Words:
    """The words of the unit picked for this run (สายงาน, or กอง for a local administration), for shared widgets."""
    selection = st.session_state.get("_selection")
    return words_of(selection.unit.kind if selection is not None else None)


def current() -> Selection:
    """The selection made by ``app.py`` for this run (pages call this)."""
    if "_selection" not in st.session_state:
        # This page ran without app.py around it. Until some session has called st.navigation, a fresh server
        # treats the pages/ folder the legacy way, and a deep link (/calendar?unit=…) after a restart runs the
        # page file alone. Leave that mode exactly as st.navigation does, and run this request again through
        # app.py, which keeps the page the URL asked for.
        from streamlit.runtime.pages_manager import PagesManager

        PagesManager.uses_pages_directory = False
        st.rerun()
    selection = st.session_state.get("_selection")
    if selection is None:
        st.info("บัญชีนี้ยังไม่มีหน่วยที่ดูได้ — ผู้ดูแลระบบนำเข้ารายชื่อหน่วยที่หน้า “ตั้งค่าหน่วยงาน” "
                "(หรือ `python -m ita_dash units import FILE`)")
        st.stop()
    return selection
