"""What every page shares: the store, the templates, and the unit and fiscal year picked in the sidebar.

Loading is cached: the store and templates once per process; a unit's year once per change of the store's
data version, so a page rerun costs one tiny query and a save anywhere is seen on the next load everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ita_dash.domain.fiscal import fiscal_year_of
from ita_dash.domain.framework import FrameworkTemplate, TemplateLibrary, library
from ita_dash.domain.model import Unit, UnitYearData
from ita_dash.domain.thaidate import today_bangkok
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


@dataclass(frozen=True)
class Selection:
    unit: Unit
    fiscal_year: int

    @property
    def template(self) -> FrameworkTemplate:
        return templates().for_year(self.unit.kind, self.fiscal_year)

    def data(self) -> UnitYearData:
        return unit_year(self.unit.code, self.fiscal_year)


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
    params["unit"], params["fy"] = code, str(year)
    return Selection(unit=by_code[code], fiscal_year=year)


def current() -> Selection:
    """The selection made by ``app.py`` for this run (pages call this)."""
    selection = st.session_state.get("_selection")
    if selection is None:
        st.info("ยังไม่มีหน่วยในฐานข้อมูล — เพิ่มหน่วยด้วย `python -m ita_dash import-bundle` หรือ `python -m ita_dash demo`")
        st.stop()
    return selection
