"""The chair's orders on the pages (issue 17): the cached order book, the chief's form in the meeting, and the
section head's monthly report on the orders given to their section."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ita_dash.domain.entries import FIELD_LABELS
from ita_dash.domain.fiscal import Month
from ita_dash.domain.model import Actor, FollowUpStatus, thai
from ita_dash.domain.orders import (
    ATTENDEES_MAX,
    NOTE_MAX,
    ORDER_FIELD_LABELS,
    ORDER_STATUS_LABELS,
    TEXT_MAX,
    OrderBook,
    OrderEntry,
    OrderReportEntry,
    OrderState,
    OrderStatus,
    assess_orders,
    for_section,
)
from ita_dash.domain.thaidate import format_date
from ita_dash.store.base import REFUSALS, StaleVersion

from . import context
from .format import limited, plain
from .widgets import SYMBOL, be_date_input, be_date_value


@st.cache_resource(max_entries=128, show_spinner=False)
def _book(actor_json: str, unit_code: str, fiscal_year: int, version: tuple) -> OrderBook:
    return context.get_store().load_orders(Actor.model_validate_json(actor_json), unit_code, fiscal_year)


def order_book(unit_code: str, fiscal_year: int) -> OrderBook:
    """The unit's orders of the year, read once per change of the unit."""
    return _book(context.actor().model_dump_json(), unit_code, fiscal_year, context.unit_version(unit_code))


def order_states(selection) -> list[OrderState]:
    """Every order of the selected unit-year judged on the selected day (for the one-pager)."""
    return assess_orders(order_book(selection.unit.code, selection.fiscal_year), selection.as_of)


@st.cache_resource(max_entries=128, show_spinner=False)
def _names(actor_json: str, unit_code: str, version: tuple) -> dict[str, str]:
    return context.get_store().user_names(Actor.model_validate_json(actor_json), unit_code)


def people(unit_code: str) -> dict[str, str]:
    """username → rank and name (a section head's name from their section), for "who" on every page."""
    return _names(context.actor().model_dump_json(), unit_code, context.unit_version(unit_code))


def _errors(errors: dict[str, str]) -> None:
    for field, message in errors.items():
        label = "" if field == "_" else context.words().say(f"{ORDER_FIELD_LABELS.get(field, FIELD_LABELS.get(field, field))}: ")
        st.error(plain(f"{label}{message}"), icon=":material/error:")


def _refusal(error) -> dict[str, str]:
    return getattr(error, "errors", None) or {"_": str(error)}


# -- the chief, in the meeting ---------------------------------------------------------------------------------


def _save_order(unit_code: str, fiscal_year: int, meeting_on: dt.date) -> None:
    state = st.session_state
    state.pop("_order_saved", None)
    due = be_date_value("order_due", meeting_on, dt.date(meeting_on.year + 2, 9, 30))
    entry = OrderEntry(meeting_on, state.get("order_text", ""), tuple(state.get("order_sections") or ()), due)
    try:
        saved = context.get_store().save_order(context.actor(), unit_code, fiscal_year, entry)
    except REFUSALS as error:
        state["_order_errors"] = _refusal(error)
        return
    state["_order_errors"] = {}
    state["_order_saved"] = saved.label
    state["order_text"], state["order_sections"] = "", []


def _save_attendees(unit_code: str, fiscal_year: int, meeting_on: dt.date, base_version: int | None) -> None:
    state = st.session_state
    state.pop("_order_saved", None)
    try:
        context.get_store().save_meeting(context.actor(), unit_code, fiscal_year, meeting_on,
                                         state.get("meeting_attendees", ""), base_version)
    except REFUSALS as error:
        state["_attendees_errors"] = _refusal(error)
        return
    state["_attendees_errors"] = {}
    state["_order_saved"] = "รายชื่อผู้เข้าประชุม"


def _close_order(unit_code: str, fiscal_year: int, order, status) -> None:
    state = st.session_state
    state.pop("_order_saved", None)
    entry = OrderEntry(order.meeting_on, order.text, tuple(order.sections), order.due, status, order.number,
                       order.version)
    try:
        saved = context.get_store().save_order(context.actor(), unit_code, fiscal_year, entry)
    except REFUSALS as error:
        state["_order_errors"] = _refusal(error)
        return
    state["_order_errors"] = {}
    state["_order_saved"] = f"{saved.label} เป็น “{ORDER_STATUS_LABELS[saved.status]}”"


def order_form(unit_code: str, fiscal_year: int, meeting_on: dt.date, sections: dict[str, str],
               book: OrderBook) -> None:
    """Type an order, pick the sections and the due date, save; and the meeting's attendees for the minutes."""
    state = st.session_state
    # the confirmation stays until the next save (or another topic): a rerun that follows at once, from a widget
    # the chief touched on the way to the button, must not take it off the projector before anyone read it
    if saved := state.get("_order_saved"):
        st.success(f"บันทึก{saved} แล้ว", icon=":material/check_circle:")
    with st.form("order_form", border=True):
        st.text_area(limited("ข้อสั่งการใหม่", TEXT_MAX), key="order_text", height=68,
                     placeholder="พิมพ์ข้อสั่งการของประธาน")
        words = context.words()
        st.multiselect(f"มอบหมาย{words.section}", list(sections), format_func=sections.get, key="order_sections",
                       placeholder=f"เลือก{words.section}ที่รับผิดชอบ")
        be_date_input("กำหนดเสร็จ", "order_due", meeting_on, dt.date(meeting_on.year + 2, 9, 30),
                      optional=True)
        st.form_submit_button("บันทึกข้อสั่งการ", type="primary", on_click=_save_order,
                              args=(unit_code, fiscal_year, meeting_on))
    _errors(state.get("_order_errors", {}))
    still_open = [o for o in book.orders if o.status is OrderStatus.OPEN and o.meeting_on <= meeting_on]
    closing, attending = st.columns(2)  # side by side: the meeting's slide fits the projector's height (issue 34)
    if still_open:
        with closing.expander("ปิดหรือยกเลิกข้อสั่งการ"):
            chosen = st.selectbox("ข้อสั่งการ", still_open, key="order_to_close",
                                  format_func=lambda o: f"{o.label}: {o.text[:80]}")
            done, cancel = st.columns(2)
            done.button("ปิด (เสร็จ)", key="order_close_done", on_click=_close_order, width="stretch",
                        args=(unit_code, fiscal_year, chosen, OrderStatus.DONE))
            cancel.button("ยกเลิก", key="order_close_cancel", on_click=_close_order, width="stretch",
                          args=(unit_code, fiscal_year, chosen, OrderStatus.CANCELLED))
    meeting = next((m for m in book.meetings if m.held_on == meeting_on), None)
    with attending.expander("ผู้เข้าประชุม (สำหรับรายงานการประชุม)"):
        with st.form("attendees_form", border=False):
            st.text_area(limited("ผู้เข้าประชุม บรรทัดละหนึ่งคน", ATTENDEES_MAX),
                         value=meeting.attendees if meeting else "", key="meeting_attendees", height=150)
            st.form_submit_button("บันทึกผู้เข้าประชุม", on_click=_save_attendees,
                                  args=(unit_code, fiscal_year, meeting_on, meeting.version if meeting else None))
        _errors(state.get("_attendees_errors", {}))


# -- the section head: reporting on the orders given to their section --------------------------------------------


def _save_report(unit_code: str, fiscal_year: int, state_: OrderState, section: str, month: Month) -> None:
    state = st.session_state
    key = f"ord|{state_.order.number}|{section}|{month}"
    state.pop(f"{key}|saved", None)
    status = state.get(f"{key}|status")
    percent = 100 if status is FollowUpStatus.DONE else state.get(f"{key}|pc")
    entry = OrderReportEntry(state_.order.number, section, str(month), status, percent,
                             state.get(f"{key}|note", ""), state.get(f"{key}|base"))
    try:
        saved = context.get_store().save_order_report(context.actor(), unit_code, fiscal_year, entry)
    except StaleVersion as stale:
        state[f"{key}|errors"] = {"_": str(stale)}
        return
    except REFUSALS as error:
        state[f"{key}|errors"] = _refusal(error)
        return
    state[f"{key}|errors"] = {}
    state[f"{key}|base"] = saved.version
    state[f"{key}|saved"] = True


def section_orders(unit_code: str, fiscal_year: int, section: str, month: Month, as_of: dt.date,
                   may_report: bool) -> None:
    """The orders given to ``section``: where each stands, and (for its head or the chief) this month's report."""
    book = order_book(unit_code, fiscal_year)
    states = [s for s in for_section(assess_orders(book, as_of), section) if not s.done or s.latest]
    if not states:
        return
    st.subheader(f"ข้อสั่งการของประธาน ({len(states)})")
    this_month = {(r.order_number, r.month): r for r in book.reports if r.section == section}
    for item in states:
        order = item.order
        key = f"ord|{order.number}|{section}|{month}"
        existing = this_month.get((order.number, str(month)))
        if f"{key}|status" not in st.session_state:
            st.session_state[f"{key}|base"] = existing.version if existing else None
        with st.container(border=True):
            due = f"กำหนดเสร็จ {format_date(order.due)}" if order.due else "ไม่มีกำหนดเสร็จ"
            st.markdown(f"{SYMBOL[item.light]} **{order.label}** {plain(order.text)}")
            st.caption(f"สั่งในการประชุม {format_date(order.meeting_on)} · {due} · {plain(item.reason)}")
            if st.session_state.get(f"{key}|saved"):  # until this card is saved again (as the chief's form)
                st.success(f"บันทึก{order.label} แล้ว", icon=":material/check_circle:")
            if not may_report or item.done:
                continue
            last = item.latest.get(section)
            start = existing or last
            options = list(FollowUpStatus)
            status = st.segmented_control(
                "สถานะ", options, format_func=thai, key=f"{key}|status",
                default=start.status if start else FollowUpStatus.IN_PROGRESS)
            if status is not FollowUpStatus.DONE:
                st.slider("ร้อยละความคืบหน้า", 0, 100, step=10, key=f"{key}|pc",
                          value=(start.percent or 0) if start else 0)
            st.text_input(limited("บันทึก (ไม่บังคับ)", NOTE_MAX), key=f"{key}|note",
                          value=existing.note if existing else "")
            st.button(f"บันทึก{order.label}", key=f"{key}|save", on_click=_save_report,
                      args=(unit_code, fiscal_year, item, section, month))
            _errors(st.session_state.get(f"{key}|errors", {}))
