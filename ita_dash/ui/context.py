"""What every page shares: the store, the templates, and the unit and fiscal year picked in the sidebar.

Loading is cached: the store and templates once per process; a unit's year once per change of the store's
data version, so a page rerun costs one tiny query and a save anywhere is seen on the next load everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from ita_dash.domain.fiscal import fiscal_end, fiscal_start, fiscal_year_of, last_closed_month
from ita_dash.domain.framework import FrameworkTemplate, TemplateLibrary, library
from ita_dash.domain.model import Unit, UnitYearData
from ita_dash.domain.status import UnitStatus, assess_unit
from ita_dash.domain.thaidate import format_date, today_bangkok
from ita_dash.store import SqlStore, database_url, open_store
from ita_dash.store.demo import ensure_demo


@st.cache_resource(show_spinner="กำลังเปิดฐานข้อมูล…")
def _store_for(url: str) -> SqlStore:
    store = open_store(url)
    ensure_demo(store, library())  # first start on an empty database: the demo province
    return store


def get_store() -> SqlStore:
    return _store_for(database_url())


def templates() -> TemplateLibrary:
    return library()  # reloaded only when a file in data/templates changes


@st.cache_resource(max_entries=256, show_spinner=False)
def _unit_year(unit_code: str, fiscal_year: int, data_version: int) -> UnitYearData:
    return get_store().load_unit_year(unit_code, fiscal_year)


def unit_year(unit_code: str, fiscal_year: int) -> UnitYearData:
    return _unit_year(unit_code, fiscal_year, get_store().data_version())


@st.cache_resource(max_entries=8, show_spinner=False)
def _units(data_version: int) -> list[Unit]:
    return get_store().list_units()


def units() -> list[Unit]:
    return _units(get_store().data_version())


@st.cache_resource(max_entries=256, show_spinner=False)
def _unit_status(unit_code: str, fiscal_year: int, as_of: dt.date, data_version: int, stamp: int) -> UnitStatus:
    data = _unit_year(unit_code, fiscal_year, data_version)
    return assess_unit(templates().for_year(data.unit.kind, fiscal_year), data, as_of)


@dataclass(frozen=True)
class Selection:
    unit: Unit
    fiscal_year: int
    as_of: dt.date
    meeting: bool = False

    @property
    def template(self) -> FrameworkTemplate:
        return templates().for_year(self.unit.kind, self.fiscal_year)

    def data(self) -> UnitYearData:
        return unit_year(self.unit.code, self.fiscal_year)

    def status(self) -> UnitStatus:
        """Every rule's result for this unit and day, computed once per data change."""
        return _unit_status(self.unit.code, self.fiscal_year, self.as_of, get_store().data_version(), id(templates()))

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
    if st.session_state.get("_as_of_year") != fiscal_year:  # a new year: start from its default day
        st.session_state["as_of"] = wanted
        st.session_state["_as_of_year"] = fiscal_year
    end_of_last_month = last_closed_month(today).last_day
    if low <= end_of_last_month <= high and st.button("สิ้นเดือนที่แล้ว", width="stretch"):
        st.session_state["as_of"] = end_of_last_month
    chosen = st.date_input("ข้อมูล ณ วันที่", min_value=low, max_value=high, key="as_of", format="DD/MM/YYYY")
    st.caption(f"= {format_date(chosen)}")
    if chosen != default:
        params["as_of"] = chosen.isoformat()
    elif "as_of" in params:
        del params["as_of"]
    return chosen


def sidebar_selection() -> Selection | None:
    """Unit and fiscal-year pickers in the sidebar, remembered in the URL (``?unit=…&fy=…``)."""
    all_units = units()
    if not all_units:
        return None
    by_code = {u.code: u for u in all_units}
    params = st.query_params
    wanted = params.get("unit")
    index = list(by_code).index(wanted) if wanted in by_code else 0
    with st.sidebar:
        code = st.selectbox(
            "หน่วย",
            list(by_code),
            index=index,
            format_func=lambda c: by_code[c].short_name or by_code[c].name,
            key="unit_code",
        )
        current = fiscal_year_of(today_bangkok())
        years = sorted(set(get_store().fiscal_years(code)) | {current}, reverse=True)
        wanted_year = int(params["fy"]) if params.get("fy", "").isdigit() and int(params["fy"]) in years else current
        year = st.selectbox("ปีงบประมาณ (พ.ศ.)", years, index=years.index(wanted_year), key="fiscal_year")
        as_of = _as_of_picker(year)
        meeting = st.toggle("โหมดประชุม (จอโปรเจกเตอร์)", value=params.get("meeting") == "1", key="meeting")
    params["unit"], params["fy"] = code, str(year)
    if meeting:
        params["meeting"] = "1"
    elif "meeting" in params:
        del params["meeting"]
    return Selection(unit=by_code[code], fiscal_year=year, as_of=as_of, meeting=meeting)


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
        st.info("ยังไม่มีหน่วยในฐานข้อมูล — เพิ่มหน่วยด้วย `python -m ita_dash import-bundle` หรือ `python -m ita_dash demo`")
        st.stop()
    return selection
