"""นำเข้าแผนมาตรการ: upload the plan the unit already has (.xlsx or .csv), check how it was read, correct the
column mapping or the owners, then import it all in one go. Nothing is written before "นำเข้า"."""

import pandas as pd
import streamlit as st

from ita_dash.domain.model import thai
from ita_dash.domain.permissions import is_unit_manager
from ita_dash.domain.thaidate import format_date
from ita_dash.importers.plan import FIELDS, PlanFileError, preview
from ita_dash.store.base import REFUSALS
from ita_dash.ui import context
from ita_dash.ui.format import plain

selection = context.current()
actor = context.actor()
st.title("นำเข้าแผนมาตรการ")
st.caption(plain(selection.caption()))
if not is_unit_manager(actor, selection.unit.code):
    st.info("หน้านี้สำหรับหัวหน้าหน่วยและผู้ดูแลระบบ", icon=":material/lock:")
    st.stop()
if message := st.session_state.pop("_import_done", None):
    st.success(message, icon=":material/check_circle:")

data = selection.data()
template = selection.template
sections = {s.code: s.name for s in data.sections}
upload = st.file_uploader("ไฟล์แผนมาตรการ (.xlsx หรือ .csv แบบ UTF-8)", type=["xlsx", "csv"], key="plan_file")
st.caption("ตารางที่มีคอลัมน์ ตัวชี้วัด · ประเด็น · กิจกรรม · ผลผลิต · วิธีการสร้างการรับรู้ · ระยะเวลาแล้วเสร็จ · ผู้รับผิดชอบ · "
           "ระยะเวลากำกับติดตาม (ตารางจาก Word ให้วางลง Excel แล้วบันทึกเป็น .xlsx)")
if upload is None:
    st.stop()

content = upload.getvalue()
mapping = st.session_state.get(f"plan_mapping|{upload.name}")
owners = {k.split("|", 1)[1]: v for k, v in st.session_state.items() if k.startswith("owner|") and v}
try:
    plan = preview(upload.name, content, template, data.sections, mapping, owners)
except PlanFileError as refusal:
    st.error(str(refusal), icon=":material/error:")
    st.stop()

st.subheader("คอลัมน์ที่อ่านได้")
st.caption(f"หัวตารางอยู่แถวที่ {plan.header_row} — แก้ได้ถ้าอ่านผิด")
choices = list(FIELDS)
columns = st.columns(min(4, max(1, len(plan.mapping))))
corrected = {}
for position, (index, field) in enumerate(sorted(plan.mapping.items())):
    label = plan.headers[index] or f"คอลัมน์ {index + 1}"
    corrected[index] = columns[position % len(columns)].selectbox(
        label, choices, index=choices.index(field), format_func=FIELDS.get, key=f"map|{upload.name}|{index}")
if corrected != plan.mapping:
    st.session_state[f"plan_mapping|{upload.name}"] = corrected
    st.rerun()
if plan.unknown_columns:
    st.info("คอลัมน์ที่ไม่รู้จักจะเก็บไว้ในหมายเหตุของมาตรการ: " + ", ".join(plan.unknown_columns), icon=":material/info:")

if plan.unmatched_owners:
    st.subheader("ผู้รับผิดชอบที่จับคู่สายงานไม่ได้")
    options = [None, *sections]
    for owner in plan.unmatched_owners:
        st.selectbox(plain(owner[:120]), options, format_func=lambda c: "ไม่ระบุสายงาน" if c is None else sections[c],
                     key=f"owner|{owner}")

st.subheader(f"ตัวอย่างก่อนนำเข้า ({len(plan.rows)} มาตรการ)")
st.caption("ต่อตัวชี้วัด: " + ", ".join(f"{k}: {v}" for k, v in plan.counts().items()))
st.dataframe(pd.DataFrame([{
    "แถว": row.row, "ตัวชี้วัด": row.indicator, "กิจกรรม": row.values["activity"],
    "กำหนดเสร็จ": format_date(row.deadline) if row.deadline else row.values.get("deadline", ""),
    "ติดตาม": thai(row.cadence) if row.cadence else "", "สายงาน": sections.get(row.section, "") if row.section else "",
    "หมายเหตุ": "; ".join(row.notes),
} for row in plan.rows]), hide_index=True, width="stretch")
if plan.problems:
    st.warning("แถวที่อ่านไม่ได้ (จะไม่นำเข้า):  \n" + "  \n".join(f"แถว {row}: {plain(reason)}" for row, reason in plan.problems),
               icon=":material/warning:")


def commit() -> None:
    measures = [row.measure(f"new-{n}") for n, row in enumerate(plan.rows)]
    try:
        outcome = context.get_store().import_plan(actor, selection.unit.code, selection.fiscal_year, measures)
    except REFUSALS as refusal:
        st.session_state["_import_error"] = str(refusal)
        return
    st.session_state["_import_done"] = (f"นำเข้าแล้ว: เพิ่ม {len(outcome['added'])} · แก้ไข {len(outcome['changed'])} · "
                                        f"ไม่เปลี่ยนแปลง {len(outcome['unchanged'])} รายการ")


if error := st.session_state.pop("_import_error", None):
    st.error(error, icon=":material/error:")
st.button("นำเข้า", type="primary", on_click=commit, disabled=not plan.rows, key="plan_commit")
