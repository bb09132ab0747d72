"""The monthly report form of "สายงานของฉัน": one row per measure, one button saves every row that changed.

Each row remembers the version of the report it was filled from (captured when its widgets are first drawn), so a
save after someone else's is refused with their values shown, never silently overwriting them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from ita_dash.domain.entries import FIELD_LABELS, FollowUpEntry, OitEntry, follow_up_errors, oit_errors
from ita_dash.domain.fields import limit_of
from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import SectionMonth, report_deadline
from ita_dash.domain.framework import OitItemSpec
from ita_dash.domain.model import FollowUp, FollowUpStatus, Measure, OitItem, OitStatus, thai
from ita_dash.domain.permissions import APPROVAL
from ita_dash.domain.settings import SECURITY
from ita_dash.domain.thaidate import format_date, format_datetime, today_bangkok
from ita_dash.store.base import REFUSALS, StaleVersion

from . import context, evidence
from .format import limited, plain

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
        st.caption(f"กำหนดเสร็จ {plain(due)} · {last}")
        options = [None, *FollowUpStatus]
        st.selectbox("สถานะ", options, index=options.index(existing.status) if existing else 0, key=f"st|{key}",
                     format_func=lambda s: NO_STATUS if s is None else thai(s))
        left, right = st.columns([1, 2])
        left.number_input("ร้อยละความคืบหน้า", min_value=0, max_value=100, step=5, key=f"pc|{key}",
                          value=(start.percent if start and start.percent is not None else 0))
        right.text_input(limited("ลิงก์หลักฐาน", limit_of("evidence_url").chars),
                         value=existing.evidence_url if existing else "", key=f"ln|{key}",
                         placeholder="https://…")
        st.text_area(limited("บันทึก", SECURITY.note_max_chars), value=existing.note if existing else "", key=f"nt|{key}",
                     height=80,
                     placeholder="สิ่งที่ทำในเดือนนี้ ปัญหา อุปสรรค")
        for field, message in st.session_state.get("_report_errors", {}).get(key, {}).items():
            label = "" if field == "_" else f"{FIELD_LABELS.get(field, field)}: "
            st.error(plain(f"{label}{message}"), icon=":material/error:")


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
            state["_report_errors"] = {}  # the report form's old refusals do not linger (issue 17)
            for stale_key in [k for k in state if isinstance(k, str) and k.startswith("err|")]:
                del state[stale_key]
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
            st.checkbox(plain(element), value=index < len(ticks) and ticks[index], key=f"{key}|c{index}")
        for field, message in st.session_state.get(f"{key}|errors", {}).items():
            label = "" if field == "_" else f"{FIELD_LABELS.get(field, field)}: "
            st.error(plain(f"{label}{message}"), icon=":material/error:")
        st.form_submit_button(f"บันทึก {spec.code}", on_click=save_oit, args=(spec, item, unit_code, fiscal_year))


def oit_items(specs: list[OitItemSpec], records: dict[str, OitItem], unit_code: str, fiscal_year: int,
              may_approve: bool) -> None:
    """The section's OIT items, one open at a time (issue 18: a form with a dozen checkboxes for every item made the
    phone page slow): each item is one line with its status, tap to open its form; the form stays open after a save
    or a refusal."""
    state = st.session_state
    codes = [spec.code for spec in specs]
    if state.get("_oit_open") not in codes:
        state["_oit_open"] = None
    for spec in specs:
        item = records.get(spec.code)
        if state["_oit_open"] == spec.code:
            oit_form(spec, item, unit_code, fiscal_year, may_approve)
        else:
            status = thai(item.status if item else OitStatus.NOT_STARTED)
            st.button(f"{spec.code} {plain(spec.title)} · {status}", key=f"oit_open|{spec.code}", on_click=_open_oit,
                      args=(spec.code,), width="stretch", icon=":material/public:")


def _open_oit(code: str) -> None:
    st.session_state["_oit_open"] = code


def overdue_first(overdue: list[SectionMonth], month_key: str) -> None:
    """What the section has not reported though the deadline passed, above the month picker whatever month the round
    opens on (issue 34): one line a month with the measures missing, and a button that opens that month's round
    (sets the picker ``month_key``)."""
    if not overdue:
        return
    missing = sum(len(cell.missing) for cell in overdue)
    shown = st.session_state.get(month_key)
    with st.container(border=True):
        st.error(f"ค้างรายงาน {missing} มาตรการ ที่เลยกำหนดส่งแล้ว — รายงานเดือนที่ค้างก่อน", icon=":material/warning:")
        for cell in overdue:
            what = (f"เดือน {cell.month.label()}: ยังไม่รายงาน {len(cell.missing)} จาก {len(cell.due)} มาตรการ "
                    f"({', '.join(cell.missing)}) · กำหนดส่ง {format_date(report_deadline(cell.month))}")
            if cell.month == shown:
                st.caption(f"{what} · กำลังแสดงเดือนนี้")
                continue
            st.caption(what)
            st.button(f"รายงานเดือน {cell.month.label()}", key=f"overdue|{cell.month}", on_click=_pick_month,
                      args=(month_key, cell.month), type="primary", width="stretch", icon=":material/edit_calendar:")


def _pick_month(month_key: str, month: Month) -> None:
    st.session_state[month_key] = month


def default_month(months: list[Month], today: dt.date, grace_days: int) -> int:
    """The month being reported: last month until its grace day has passed, then this month."""
    wanted = Month.of(today).previous() if today.day <= grace_days else Month.of(today)
    return months.index(wanted) if wanted in months else len(months) - 1


# -- issue 17: the phone round, one due measure at a time ------------------------------------------------------


def section_measures(data, section: str) -> list[Measure]:
    """The measures ``section`` reports on. The ONE place the page asks this: swap in the domain's rule (measures
    owned by every section included) when it lands."""
    from ita_dash.domain.followup import measures_reported_by  # the domain's rule (all-sections measures too)

    return measures_reported_by(data, section)


QUICK_SAME, QUICK_DONE, QUICK_FORM = "same", "done", "form"


def _start(row: Row) -> FollowUp | None:
    return row.existing or row.previous


def _save_one(row: Row, unit_code: str, fiscal_year: int, mode: str, order: list[str]) -> None:
    """A measure's card was submitted: save it (``mode`` "same": last month's answer again; "done": finished; else
    the card's values), say so, and open the next due measure not saved yet."""
    state = st.session_state
    key = row.key
    start = _start(row)
    status, percent, note, link = _values(key)
    if mode == QUICK_SAME:
        if start is None:
            state[f"err|{key}"] = {"_": "ยังไม่มีรายงานเดือนก่อน — เลือกสถานะและร้อยละ"}
            return
        status, percent = start.status, start.percent
    elif mode == QUICK_DONE:
        status, percent = FollowUpStatus.DONE, 100
    if status is None:  # the pre-filled chip tapped again (which unselects it): keep the pre-filled status
        status = start.status if start else FollowUpStatus.NOT_STARTED
        percent = None if status in (FollowUpStatus.BLOCKED, FollowUpStatus.NOT_APPLICABLE) else percent
    if status is FollowUpStatus.DONE:
        percent = 100  # finished is 100 %, whatever the slider still shows
    old = row.existing
    if old is not None and (old.status, old.percent, old.note, old.evidence_url) == (status, percent, note, link):
        state[f"err|{key}"] = {}
        state["_round_message"] = ("info", f"{row.measure.code} ไม่มีอะไรเปลี่ยน — ไม่ได้บันทึกซ้ำ")
        state[f"done|{key}"] = True
        _advance(order, key)
        return
    entry = FollowUpEntry(row.measure.code, str(row.month), status, percent, note, link, state.get(f"base|{key}"))
    try:
        report = context.get_store().save_follow_up(context.actor(), unit_code, fiscal_year, entry)
    except StaleVersion as stale:
        state[f"err|{key}"] = {"_": _stale_text(stale.current)}
        state[f"base|{key}"] = stale.current.version if stale.current else None
        return
    except REFUSALS as refusal:
        state[f"err|{key}"] = getattr(refusal, "errors", None) or {"_": str(refusal)}
        return
    state[f"base|{key}"] = report.version
    state[f"err|{key}"] = {}
    state[f"done|{key}"] = True
    state["_round_saved_month"] = str(row.month)
    percent_text = "" if report.percent is None else f" {report.percent}%"
    state["_round_message"] = ("success", f"บันทึก {row.measure.code} แล้ว: {thai(report.status)}{percent_text}")
    _advance(order, key)


def _advance(order: list[str], key: str) -> None:
    """Open the next measure of the round that is not saved yet (after this one, then from the top)."""
    state = st.session_state
    here = order.index(key) if key in order else -1
    for candidate in order[here + 1:] + order[:here + 1]:
        if not state.get(f"done|{candidate}"):
            state["_round_open"] = candidate
            return
    state["_round_open"] = None  # every due measure reported


def measure_card(row: Row, unit_code: str, fiscal_year: int, order: list[str]) -> None:
    """One measure on a phone: quick answers, status chips, a percent slider, an optional note and link."""
    key, existing, start = row.key, row.existing, _start(row)
    if f"base|{key}" not in st.session_state:
        st.session_state[f"base|{key}"] = existing.version if existing else None
    with st.form(f"card|{key}", border=True, enter_to_submit=True):
        st.markdown(f"**{row.measure.code}** {plain(row.measure.activity)}")
        due = format_date(row.measure.deadline) if row.measure.deadline else (row.measure.deadline_text or "ไม่มีกำหนดเสร็จ")
        last = "ยังไม่เคยรายงาน" if start is None else (
            f"{'เดือนนี้' if existing else 'เดือนก่อน'}: {thai(start.status)}"
            + ("" if start.percent is None else f" {start.percent}%"))
        st.caption(f"กำหนดเสร็จ {plain(due)} · {last}")
        same, done = st.columns(2)
        same.form_submit_button("เหมือนเดือนที่แล้ว", on_click=_save_one, key=f"same|{key}", width="stretch",
                                args=(row, unit_code, fiscal_year, QUICK_SAME, order), disabled=row.previous is None,
                                icon=":material/history:")
        done.form_submit_button("เสร็จแล้ว", on_click=_save_one, key=f"fin|{key}", width="stretch",
                                args=(row, unit_code, fiscal_year, QUICK_DONE, order), icon=":material/task_alt:")
        st.segmented_control("สถานะ", list(FollowUpStatus), format_func=thai, key=f"st|{key}",
                             default=start.status if start else FollowUpStatus.NOT_STARTED)
        st.slider("ร้อยละความคืบหน้า", 0, 100, step=10, key=f"pc|{key}",
                  value=(start.percent or 0) if start and start.percent is not None else 0)
        st.text_input(limited("บันทึก (ไม่บังคับ)", SECURITY.note_max_chars), value=existing.note if existing else "",
                      key=f"nt|{key}",
                      placeholder="สิ่งที่ทำในเดือนนี้")
        st.text_input(limited("ลิงก์หลักฐาน (ไม่บังคับ)", limit_of("evidence_url").chars),
                      value=existing.evidence_url if existing else "", key=f"ln|{key}",
                      placeholder="https://…")
        for field, message in st.session_state.get(f"err|{key}", {}).items():
            label = "" if field == "_" else f"{FIELD_LABELS.get(field, field)}: "
            st.error(plain(f"{label}{message}"), icon=":material/error:")
        st.form_submit_button("บันทึก", type="primary", on_click=_save_one, key=f"save|{key}", width="stretch",
                              args=(row, unit_code, fiscal_year, QUICK_FORM, order))
    # Photos as evidence (optional, so folded away): outside the form, since attaching one is its own action. Drawn
    # only while the expander is open (issue 18: the gallery's query and the uploader on every run of the page).
    photos = st.expander("ภาพถ่ายหลักฐาน (ไม่บังคับ)", icon=":material/photo_camera:", key=f"photos|{key}",
                         on_change="rerun")
    with photos:
        if photos.open:
            selection = context.current()
            evidence.photo_gallery(selection, row.measure.code, str(row.month))
            evidence.photo_uploader(selection, row.measure.code, str(row.month))


def phone_round(rows_now, unit_code: str, fiscal_year: int, overdue: frozenset[str] = frozenset()) -> None:
    """The round of a section's due measures, one open at a time; the others as one line each, tap to open.
    Drawn in a fragment: saving one measure reruns only this part of the page. ``rows_now()`` gives (due, other)
    rows read afresh, so a card reopened after its save starts from what was saved. ``overdue``: the months
    ("YYYY-MM") of the overdue notice above the picker; a report saved for one of them redraws the whole page, so the
    notice follows."""

    @st.fragment
    def draw() -> None:
        state = st.session_state
        if state.pop("_round_saved_month", None) in overdue:
            st.rerun(scope="app")
        due, rest = rows_now()
        rows = due + rest
        order = [r.key for r in due]
        for row in due:  # a measure reported this month already counts as done for the round
            if row.existing is not None:
                state.setdefault(f"done|{row.key}", True)
        if "_round_open" not in state or (state["_round_open"] not in [r.key for r in rows]
                                          and state["_round_open"] is not None):
            state["_round_open"] = next((k for k in order if not state.get(f"done|{k}")), None)
        reported = sum(1 for k in order if state.get(f"done|{k}"))
        st.progress(reported / len(order) if order else 1.0,
                    text=f"ต้องรายงานเดือนนี้ {len(order)} มาตรการ · รายงานแล้ว {reported}")
        pending = [state.pop("_round_message", None)]
        if pending[0]:  # also a toast: visible wherever the phone is scrolled
            st.toast(pending[0][1], icon=":material/check_circle:" if pending[0][0] == "success" else ":material/info:")

        def confirmation() -> None:  # shown next to where the person is looking: above the card that opens next
            if message := pending.pop() if pending else None:
                kind, text = message
                if kind == "success":
                    st.success(text, icon=":material/check_circle:")
                else:
                    st.info(text, icon=":material/info:")

        finished = bool(order) and reported == len(order) and state["_round_open"] is None
        for index, row in enumerate(rows):
            if index == len(due) and finished:
                confirmation()
                st.success("รายงานครบทุกมาตรการที่ต้องรายงานเดือนนี้แล้ว", icon=":material/celebration:")
            if index == len(due) and rest:
                st.subheader(f"มาตรการอื่นของ{context.words().section} ({len(rest)})")
            if state["_round_open"] == row.key:
                confirmation()
                measure_card(row, unit_code, fiscal_year, order)
            else:
                mark = "✓ " if state.get(f"done|{row.key}") else ""
                st.button(f"{mark}{row.measure.code} {plain(row.measure.activity)}", key=f"open|{row.key}",
                          on_click=_open, args=(row.key,), width="stretch")
        if finished and not rest:
            confirmation()
            st.success("รายงานครบทุกมาตรการที่ต้องรายงานเดือนนี้แล้ว", icon=":material/celebration:")
        else:  # e.g. saved a measure that is not due this month: the message has not been shown yet
            confirmation()

    draw()


def _open(key: str) -> None:
    st.session_state["_round_open"] = key
