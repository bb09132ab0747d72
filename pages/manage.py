"""จัดการข้อมูลหน่วย: the chief edits measures, OIT items (and approves them), ITAP counts, the ITA results, and the
results report (each measure's written result, outcome and photos; the report's committee, meetings and signers)."""

import datetime as dt

import pandas as pd
import streamlit as st

from ita_dash.domain.entries import FIELD_LABELS, MeasureEntry
from ita_dash.domain.fields import limit_of
from ita_dash.domain.fiscal import fiscal_months, last_closed_month
from ita_dash.domain.measure_fields import question
from ita_dash.domain.model import Cadence, ItaResult, QuotaSnapshot, QuotaTool, thai
from ita_dash.domain.permissions import is_unit_manager
from ita_dash.domain.thaidate import format_date, today_bangkok
from ita_dash.domain.wording import results_report_tab
from ita_dash.store.base import REFUSALS, StaleVersion
from ita_dash.ui import context
from ita_dash.ui.evidence import outcome_editor, photo_gallery, photo_uploader, report_settings_form
from ita_dash.ui.format import limited, plain
from ita_dash.ui.reporting import oit_form
from ita_dash.ui.widgets import be_date_input, be_date_value

DATE_RANGE = (dt.date(today_bangkok().year - 5, 1, 1), dt.date(today_bangkok().year + 5, 12, 31))

selection = context.current()
actor = context.actor()
store = context.get_store()
data = selection.data()
template = selection.template
unit, year = selection.unit.code, selection.fiscal_year
st.title("จัดการข้อมูลหน่วย")
st.caption(plain(selection.caption()))
if not is_unit_manager(actor, unit):
    st.info("หน้านี้สำหรับหัวหน้าหน่วยและผู้ดูแลระบบ", icon=":material/lock:")
    st.stop()

sections = {s.code: s.name for s in data.sections}
indicators = {i.number: f"{i.number}. {i.name}" for i in template.indicators}


def show_errors(key: str) -> None:
    for field, message in st.session_state.pop(key, {}).items():
        st.error(f"{'' if field == '_' else FIELD_LABELS.get(field, field) + ': '}{message}", icon=":material/error:")


def run(key: str, action, success: str) -> None:
    """Do a store write; keep its refusal (field by field) or its success message for the next draw."""
    try:
        action()
    except StaleVersion as stale:
        current = stale.current
        now = "" if current is None else (  # a result (issue 12: results carry a version too)
            f" — ผลที่บันทึกไว้: คะแนนรวม {current.total:.2f} ระดับ {current.level} — โหลดหน้าใหม่แล้วแก้ไขอีกครั้ง"
        ) if isinstance(current, ItaResult) else (
            f" — ฉบับล่าสุด: {current.code} {current.activity}, กำหนดเสร็จ "
            f"{format_date(current.deadline) if current.deadline else current.deadline_text or '-'}, "
            f"{'ยกเลิกแล้ว' if current.retired else 'ใช้งาน'} (แก้ไขครั้งที่ {current.version}) — โหลดหน้าใหม่แล้วแก้ไขอีกครั้ง")
        st.session_state[key] = {"_": StaleVersion.MESSAGE + now}
    except REFUSALS as refusal:
        st.session_state[key] = getattr(refusal, "errors", None) or {"_": str(refusal)}
    else:
        st.session_state["_manage_saved"] = success


if message := st.session_state.pop("_manage_saved", None):
    st.toast(plain(message), icon=":material/check_circle:")

TABS = ["มาตรการ", "OIT", "จำนวนผู้ตอบจาก ITAP", "ผลการประเมิน", results_report_tab(template)]
words = selection.words
measures_tab, oit_tab, itap_tab, results_tab, report_tab = st.tabs(TABS, key="manage_tab", on_change="rerun")


def asked(name: str) -> str:
    """A measure's text box: the declared question with the field's limit."""
    return limited(question(name), limit_of(name).chars)


def measure_fields(prefix: str, measure=None) -> None:
    st.selectbox("ตัวชี้วัด", list(indicators), format_func=indicators.get, key=f"{prefix}indicator",
                 index=list(indicators).index(measure.indicator) if measure else 0)
    st.text_area(asked("activity"), value=measure.activity if measure else "", key=f"{prefix}activity", height=80)
    for name in ("issue", "output", "communication"):
        st.text_input(asked(name), value=getattr(measure, name) if measure else "", key=f"{prefix}{name}")
    left, right = st.columns(2)
    with left:  # day / Thai month / พ.ศ. (issue 17)
        be_date_input(question("deadline"), f"{prefix}deadline", *DATE_RANGE,
                      value=measure.deadline if measure else None, optional=True)
    right.text_input(asked("deadline_text"), value=measure.deadline_text if measure else "",
                     key=f"{prefix}deadline_text")
    owners = [None, *sections]
    left.selectbox(words.say(question("owner_section")), owners, format_func=lambda c: "ไม่ระบุ" if c is None else sections[c],
                   index=owners.index(measure.owner_section) if measure and measure.owner_section in owners else 0,
                   key=f"{prefix}owner_section")
    cadences = [None, *Cadence]
    right.selectbox(question("cadence"), cadences, format_func=lambda c: "ไม่ระบุ (รายเดือน)" if c is None else thai(c),
                    index=cadences.index(measure.cadence) if measure else 1, key=f"{prefix}cadence")


def measure_entry(prefix: str, code=None, base=None, extra=None) -> MeasureEntry:
    state = st.session_state
    fields = {name: state[f"{prefix}{name}"] for name in
              ("issue", "output", "communication", "deadline_text", "owner_section", "cadence")}
    fields["deadline"] = be_date_value(f"{prefix}deadline", *DATE_RANGE)  # a form's callback: the dropdowns now
    fields.update(extra or {})
    return MeasureEntry(indicator=state[f"{prefix}indicator"], activity=state[f"{prefix}activity"].strip(),
                        fields=fields, code=code, base_version=base)


with measures_tab:
    if measures_tab.open:  # only the open tab runs (issue 18: all five cost the page 3× a bare one)
        with st.expander("เพิ่มมาตรการ", icon=":material/add:"):
            with st.form("add_measure"):
                measure_fields("new_")
                show_errors("_add_measure_errors")
                st.form_submit_button("เพิ่มมาตรการ", on_click=lambda: run(
                    "_add_measure_errors", lambda: store.save_measure(actor, unit, year, measure_entry("new_")),
                    "เพิ่มมาตรการแล้ว"))
        if data.measures:
            codes = [m.code for m in data.measures]
            by_code = {m.code: m for m in data.measures}
            code = st.selectbox("แก้ไขมาตรการ", codes, key="edit_measure_code",
                                format_func=lambda c: f"{c} {by_code[c].activity[:60]}" + (" (ยกเลิกแล้ว)" if by_code[c].retired else ""))
            measure = by_code[code]
            prefix = f"edit_{code}_"
            if f"{prefix}activity" not in st.session_state:
                st.session_state[f"{prefix}base"] = measure.version
            with st.form(f"edit_measure_{code}"):
                measure_fields(prefix, measure)
                left, right = st.columns(2)
                left.checkbox(question("done"), value=measure.done, key=f"{prefix}done")
                right.checkbox(question("retired"), value=measure.retired, key=f"{prefix}retired")
                st.text_area(question("outcome"), value=measure.outcome, key=f"{prefix}outcome", height=68)
                show_errors("_edit_measure_errors")

                def save_measure(code=code, prefix=prefix):
                    state = st.session_state
                    entry = measure_entry(prefix, code, state.get(f"{prefix}base"), {
                        "done": state[f"{prefix}done"], "retired": state[f"{prefix}retired"], "outcome": state[f"{prefix}outcome"]})
                    saved = {}

                    def write():
                        saved["measure"] = store.save_measure(actor, unit, year, entry)
                    run("_edit_measure_errors", write, f"บันทึกมาตรการ {code} แล้ว")
                    if "measure" in saved:
                        state[f"{prefix}base"] = saved["measure"].version

                st.form_submit_button("บันทึกการแก้ไข", on_click=save_measure)
        else:
            st.info("ยังไม่มีมาตรการ — เพิ่มทีละรายการ หรือนำเข้าแผนทั้งชุด", icon=":material/info:")

with oit_tab:
    if oit_tab.open:
        if not template.oit_items:
            st.info("แม่แบบปีนี้ไม่มีรายการ OIT", icon=":material/info:")
        else:
            records = {item.code: item for item in data.oit_items}
            code = st.selectbox("รายการ", [s.code for s in template.oit_items], key="manage_oit_code",
                                format_func=lambda c: f"{c} {template.oit_item(c).title}")
            oit_form(template.oit_item(code), records.get(code), unit, year, may_approve=True)

with itap_tab:
    if itap_tab.open:
        with st.form("add_snapshot"):
            st.caption("คัดลอกจำนวนผู้ตอบจากระบบ ITAP ตามวันที่ดู")
            left, middle, right = st.columns(3)
            left.selectbox("แบบวัด", list(QuotaTool), format_func=lambda t: t.value, key="snap_tool")
            middle.selectbox(words.section, [None, *sections], format_func=lambda c: "ทั้งหน่วย" if c is None else sections[c],
                             key="snap_section")
            right.number_input("จำนวน", min_value=0, max_value=100000, step=1, key="snap_count")
            be_date_input("ณ วันที่", "snap_day", *DATE_RANGE, value=today_bangkok())
            show_errors("_snapshot_errors")
            st.form_submit_button("บันทึกจำนวน", on_click=lambda: run("_snapshot_errors", lambda: store.add_quota_snapshot(
                actor, unit, year, QuotaSnapshot(tool=st.session_state["snap_tool"], section=st.session_state["snap_section"],
                                                 count=int(st.session_state["snap_count"]),
                                                 taken_on=be_date_value("snap_day", *DATE_RANGE))),
                "บันทึกจำนวนผู้ตอบแล้ว"))
        if data.quota_snapshots:
            st.dataframe(pd.DataFrame([{
                "วันที่": format_date(s.taken_on), "แบบวัด": s.tool.value,
                words.section: sections.get(s.section, "ทั้งหน่วย") if s.section else "ทั้งหน่วย", "จำนวน": s.count,
                "บันทึกโดย": s.entered_by} for s in reversed(data.quota_snapshots)]), hide_index=True, width="stretch")

with results_tab:
    if results_tab.open:
        with st.form("add_result"):
            st.caption("ผลการประเมินที่ สำนักงาน ป.ป.ช. ประกาศ (ระดับคำนวณจากคะแนนรวม)")
            st.number_input("ปีงบประมาณ (พ.ศ.)", min_value=2560, max_value=2650, value=year - 1, key="result_year")
            columns = st.columns(4)
            for column, (key, label) in zip(columns, [("iit", "IIT"), ("eit", "EIT"), ("oit", "OIT"), ("total", "คะแนนรวม")]):
                column.number_input(label, min_value=0.0, max_value=100.0, step=0.01, format="%.2f", key=f"result_{key}")
            show_errors("_result_errors")

            def save_result():
                state = st.session_state
                level_rules = context.templates().for_year(selection.unit.kind, int(state["result_year"]))
                total = float(state["result_total"])
                base = next((r.version for r in data.results if r.fiscal_year == int(state["result_year"])), None)
                run("_result_errors", lambda: store.save_result(actor, unit, ItaResult(
                    fiscal_year=int(state["result_year"]), iit=state["result_iit"], eit=state["result_eit"],
                    oit=state["result_oit"], total=total, level=level_rules.level_for(total)), base), "บันทึกผลการประเมินแล้ว")

            st.form_submit_button("บันทึกผล", on_click=save_result)
        if data.results:
            st.dataframe(pd.DataFrame([{"ปีงบประมาณ": r.fiscal_year, "IIT": r.iit, "EIT": r.eit, "OIT": r.oit,
                                        "รวม": r.total, "ระดับ": r.level} for r in reversed(data.results)]),
                         hide_index=True, width="stretch")

with report_tab:  # issue 15: what the results report says of each measure, its photos, and its settings
    if report_tab.open:
        st.caption("ข้อความและภาพในแท็บนี้ลงในรายงานผลการดำเนินการตามมาตรการ (หน้า รายงาน) ตามวันที่ที่เลือก")
        with st.expander("ข้อมูลรายงาน: คณะทำงาน การประชุม ผู้จัดทำและผู้รับรอง", icon=":material/groups:"):
            report_settings_form(selection)
        live = [m for m in data.measures if not m.retired]
        if not live:
            st.info("ยังไม่มีมาตรการ", icon=":material/info:")
        else:
            by_code = {m.code: m for m in live}
            code = st.selectbox("มาตรการ", list(by_code), key="report_measure_code",
                                format_func=lambda c: f"{c} {by_code[c].activity[:70]}")
            outcome_editor(selection, by_code[code])
            st.subheader("ภาพประกอบ")
            months = [m for m in fiscal_months(year) if m.first_day <= selection.as_of]
            if months:
                default = last_closed_month(selection.as_of)
                month = st.selectbox("รายงานประจำเดือน", months, format_func=lambda m: m.label(), key="report_photo_month",
                                     index=months.index(default) if default in months else len(months) - 1)
                photo_uploader(selection, code, str(month))
            photo_gallery(selection, code)
