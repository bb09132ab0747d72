"""The day a unit's year is followed from, on ติดตามรายเดือน (issue 34): said to everyone when the year is followed
from a later month than October, and the chief's form to set it (which months owe a report is the domain's:
``planyear.first_month_followed``, ``followup.due_months``)."""

from __future__ import annotations

import streamlit as st

from ita_dash.domain.entries import FIELD_LABELS
from ita_dash.domain.fiscal import fiscal_end, fiscal_start
from ita_dash.domain.permissions import is_unit_manager
from ita_dash.domain.planyear import first_month_followed
from ita_dash.domain.thaidate import format_date
from ita_dash.store.base import REFUSALS, StaleVersion

from . import context
from .format import plain
from .widgets import be_date_input, be_date_value

_ERRORS, _SAVED = "_plan_start_errors", "_plan_start_saved"


def start_note(plan_start, fiscal_year: int) -> str:
    """"ติดตามผลรายเดือนตั้งแต่ …" when the year is followed from a later month than its first; "" otherwise."""
    first = first_month_followed(fiscal_year, plan_start)
    if first is None:
        return ""
    return (f"ติดตามผลรายเดือนตั้งแต่ {format_date(plan_start)} (เดือน {first.label()}) — "
            "เดือนก่อนหน้านั้นหน่วยยังไม่ได้เริ่มใช้ระบบ จึงไม่นับว่าขาดส่ง")


def _save(unit_code: str, fiscal_year: int, key: str, base_version: int) -> None:
    state = st.session_state
    start = be_date_value(key, fiscal_start(fiscal_year), fiscal_end(fiscal_year))
    try:
        saved = context.get_store().save_plan_start(context.actor(), unit_code, fiscal_year, start, base_version)
    except StaleVersion as stale:
        current = getattr(stale.current, "plan_start", None)
        state[_ERRORS] = {"_": f"{StaleVersion.MESSAGE} — วันเริ่มติดตามตอนนี้: "
                               f"{format_date(current) if current else 'ตั้งแต่ต้นปีงบประมาณ'} — โหลดหน้าใหม่แล้วแก้ไขอีกครั้ง"}
    except REFUSALS as refusal:
        state[_ERRORS] = getattr(refusal, "errors", None) or {"_": str(refusal)}
    else:
        state[_SAVED] = f"บันทึกแล้ว: ติดตามผลรายเดือนตั้งแต่ {format_date(saved.plan_start)}"
        state.pop(key, None)  # the picker shows the saved day on the next draw


def year_start(selection) -> None:
    """The note for everyone, and for the chief (or an administrator) a folded form to change the day."""
    data = selection.data()
    fiscal_year = data.fiscal_year
    if note := start_note(data.year.plan_start, fiscal_year):
        st.caption(note)
    if message := st.session_state.pop(_SAVED, None):
        st.toast(plain(message), icon=":material/check_circle:")
    if not is_unit_manager(context.actor(), selection.unit.code):
        return
    first, last = fiscal_start(fiscal_year), fiscal_end(fiscal_year)
    key = f"plan_start|{selection.unit.code}|{fiscal_year}"
    with st.expander("วันเริ่มติดตามผลรายเดือน", icon=":material/event:"):
        st.caption("ปีของหน่วยเริ่มนับเมื่อนำเข้าแผนหรือเพิ่มมาตรการแรกของปี — ก่อนวันนั้นไม่มีเดือนที่ขาดส่ง "
                   f"ถ้าหน่วยรายงานผลมาตั้งแต่ต้นปี เลือก {format_date(first)}")
        with st.form(f"form|{key}"):
            be_date_input("เริ่มติดตามผลรายเดือนตั้งแต่วันที่", key, first, last, value=data.year.plan_start or first)
            for field, message in st.session_state.pop(_ERRORS, {}).items():
                label = "" if field == "_" else f"{FIELD_LABELS.get(field, field)}: "
                st.error(plain(f"{label}{message}"), icon=":material/error:")
            st.form_submit_button("บันทึกวันเริ่มติดตาม", on_click=_save,
                                  args=(selection.unit.code, fiscal_year, key, data.year.version))
