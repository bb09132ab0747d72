"""The monthly report form of "สายงานของฉัน": one row per measure, one button saves every row that changed.

Each row remembers the version of the report it was filled from (captured when its widgets are first drawn), so a
save after someone else's is refused with their values shown, never silently overwriting them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from ita_dash.domain.entries import FIELD_LABELS, FollowUpEntry, OitEntry, follow_up_errors, oit_errors
from ita_dash.domain.fiscal import Month
from ita_dash.domain.framework import OitItemSpec
from ita_dash.domain.model import FollowUp, FollowUpStatus, Measure, OitItem, OitStatus, thai
from ita_dash.domain.permissions import APPROVAL
from ita_dash.domain.thaidate import format_date, format_datetime, today_bangkok
from ita_dash.store.base import REFUSALS, StaleVersion

from . import context
from .format import plain

NO_STATUS = "— เลือกสถานะเพื่อรายงาน —"


@dataclass(frozen=True)
class Row:
    measure: Measure
    month: Month
    existing: FollowUp | None  # this month's report, if any
    previous: FollowUp | None  # the latest report before this month

    @property
    def key(self) -> str:
        return f"{self.measure.code}|{self.month}"


def _stale_text(current: FollowUp | None) -> str:
    if current is None:
        return StaleVersion.MESSAGE
    percent = "" if current.percent is None else f" {current.percent}%"
    note = f" — “{current.note}”" if current.note else ""
    return (f"{StaleVersion.MESSAGE}: {current.entered_by} บันทึกเมื่อ {format_datetime(current.entered_at)} "
            f"เป็น {thai(current.status)}{percent}{note}")


def _values(key: str) -> tuple:
    state = st.session_state
    status = state.get(f"st|{key}")
    percent = state.get(f"pc|{key}")
    if status in (FollowUpStatus.BLOCKED, FollowUpStatus.NOT_APPLICABLE):
        percent = None
    return status, None if percent is None else int(percent), state.get(f"nt|{key}", ""), state.get(f"ln|{key}", "").strip()


def save_rows(rows: list[Row], unit_code: str, fiscal_year: int) -> None:
    """The form's on_click: save every row with a status chosen and something changed; keep errors per row."""
    store, actor, errors, saved = context.get_store(), context.actor(), {}, 0
    for row in rows:
        status, percent, note, link = _values(row.key)
        if status is None:
            continue
        old = row.existing
        if old is not None and (old.status, old.percent, old.note, old.evidence_url) == (status, percent, note, link):
            continue
        entry = FollowUpEntry(row.measure.code, str(row.month), status, percent, note, link,
                              st.session_state.get(f"base|{row.key}"))
        if problems := follow_up_errors(entry, fiscal_year, today_bangkok()):
            errors[row.key] = problems
            continue
        try:
            report = store.save_follow_up(actor, unit_code, fiscal_year, entry)
        except StaleVersion as stale:
            errors[row.key] = {"_": _stale_text(stale.current)}
            st.session_state[f"base|{row.key}"] = stale.current.version if stale.current else None
        except REFUSALS as refusal:
            errors[row.key] = getattr(refusal, "errors", None) or {"_": str(refusal)}
        else:
            st.session_state[f"base|{row.key}"] = report.version
            saved += 1
    st.session_state["_report_errors"] = errors
    st.session_state["_report_saved"] = saved


def report_row(row: Row) -> None:
    """One measure's inputs, inside the form. User text is escaped; the row shows its own refusals."""
    key, existing, previous = row.key, row.existing, row.previous
    if f"st|{key}" not in st.session_state:  # drawn afresh: remember the version the form starts from
        st.session_state[f"base|{key}"] = existing.version if existing else None
    start = existing or previous
    with st.container(border=True):
        st.markdown(f"**{row.measure.code}** {plain(row.measure.activity)}")
        due = format_date(row.measure.deadline) if row.measure.deadline else (row.measure.deadline_text or "ไม่มีกำหนดเสร็จ")
        last = "ยังไม่เคยรายงาน" if previous is None and existing is None else (
            f"รายงานล่าสุด: {thai(start.status)}" + ("" if start.percent is None else f" {start.percent}%"))
        st.caption(f"กำหนดเสร็จ {due} · {last}")
        options = [None, *FollowUpStatus]
        st.selectbox("สถานะ", options, index=options.index(existing.status) if existing else 0, key=f"st|{key}",
                     format_func=lambda s: NO_STATUS if s is None else thai(s))
        left, right = st.columns([1, 2])
        left.number_input("ร้อยละความคืบหน้า", min_value=0, max_value=100, step=5, key=f"pc|{key}",
                          value=(start.percent if start and start.percent is not None else 0))
        right.text_input("ลิงก์หลักฐาน", value=existing.evidence_url if existing else "", key=f"ln|{key}",
                         placeholder="https://…")
        st.text_area("บันทึก", value=existing.note if existing else "", key=f"nt|{key}", height=80, max_chars=500,
                     placeholder="สิ่งที่ทำในเดือนนี้ ปัญหา อุปสรรค")
        for field, message in st.session_state.get("_report_errors", {}).get(key, {}).items():
            label = "" if field == "_" else f"{FIELD_LABELS.get(field, field)}: "
            st.error(f"{label}{message}", icon=":material/error:")


# -- OIT items a section owns --------------------------------------------------------------------------------


def save_oit(spec: OitItemSpec, item: OitItem | None, unit_code: str, fiscal_year: int) -> None:
    key = f"oit|{spec.code}"
    state = st.session_state
    ticks = tuple(bool(state.get(f"{key}|c{i}")) for i in range(len(spec.checklist)))
    entry = OitEntry(spec.code, state[f"{key}|status"], state.get(f"{key}|link", "").strip(), ticks,
                     state.get(f"{key}|base"))
    errors = {}
    if problems := oit_errors(entry):
        errors = problems
    else:
        try:
            saved = context.get_store().save_oit_item(context.actor(), unit_code, fiscal_year, entry)
        except StaleVersion as stale:
            errors = {"_": StaleVersion.MESSAGE + (f": สถานะปัจจุบัน {thai(stale.current.status)}" if stale.current else "")}
            state[f"{key}|base"] = stale.current.version if stale.current else None
        except REFUSALS as refusal:
            errors = getattr(refusal, "errors", None) or {"_": str(refusal)}
        else:
            state[f"{key}|base"] = saved.version
            state["_report_saved"] = 1
    state[f"{key}|errors"] = errors


def oit_form(spec: OitItemSpec, item: OitItem | None, unit_code: str, fiscal_year: int, may_approve: bool) -> None:
    key = f"oit|{spec.code}"
    if f"{key}|status" not in st.session_state:
        st.session_state[f"{key}|base"] = item.version if item else None
    with st.form(key, border=True):
        st.markdown(f"**{spec.code}** {plain(spec.title)}")
        statuses = [s for s in OitStatus if may_approve or s not in APPROVAL]
        current = item.status if item else OitStatus.NOT_STARTED
        if current not in statuses:
            statuses.append(current)
        st.selectbox("สถานะ", statuses, index=statuses.index(current), format_func=thai, key=f"{key}|status")
        st.text_input("ลิงก์หน้าเว็บไซต์", value=item.link if item else "", key=f"{key}|link", placeholder="https://…")
        ticks = list(item.checklist) if item else []
        for index, element in enumerate(spec.checklist):
            st.checkbox(element, value=index < len(ticks) and ticks[index], key=f"{key}|c{index}")
        for field, message in st.session_state.get(f"{key}|errors", {}).items():
            label = "" if field == "_" else f"{FIELD_LABELS.get(field, field)}: "
            st.error(f"{label}{message}", icon=":material/error:")
        st.form_submit_button(f"บันทึก {spec.code}", on_click=save_oit, args=(spec, item, unit_code, fiscal_year))


def default_month(months: list[Month], today: dt.date, grace_days: int) -> int:
    """The month being reported: last month until its grace day has passed, then this month."""
    wanted = Month.of(today).previous() if today.day <= grace_days else Month.of(today)
    return months.index(wanted) if wanted in months else len(months) - 1
