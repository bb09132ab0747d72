"""ติดตามรายเดือน: sections × months (click a cell for its reports), then measures × months for one section."""

import pandas as pd
import streamlit as st

from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import (
    SECTION_MONTH_LABELS,
    done_month,
    due_months,
    is_closed,
    is_late,
    reports_by_measure,
)
from ita_dash.domain.model import thai
from ita_dash.domain.thaidate import format_datetime
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.widgets import month_legend, section_month_frame, style_months
from ita_dash.ui.year_start import year_start

selection = context.current()
status = selection.status()
data = status.data

st.title("ติดตามผลรายเดือน")
st.caption(plain(selection.caption()))
year_start(selection)
if not data.measures:
    st.info("ยังไม่มีมาตรการ จึงยังไม่มีรายงานที่ต้องติดตาม", icon=":material/info:")
    st.stop()

text, states = section_month_frame(status)
st.caption(month_legend(status) + " — คลิกช่องเพื่อดูรายละเอียด")
event = st.dataframe(style_months(text, states), width="stretch", on_select="rerun",
                     selection_mode="single-cell", key="section_matrix")

reports = reports_by_measure(data, selection.as_of)
measures = {m.code: m for m in data.measures}
section_codes = {s.name: s.code for s in data.sections}
months = {m.short_label(): m for m in sorted({c.month for c in status.section_months})}

cells = event.selection.cells if event and event.selection else []
if cells:
    row, column = cells[0]
    section_name = text.index[row] if isinstance(row, int) else row
    month: Month = months[column]
    code = section_codes.get(section_name)
    cell = next(c for c in status.section_months if c.section == code and c.month == month)
    st.subheader(f"{plain(section_name)} · {month.label()}")
    st.caption(SECTION_MONTH_LABELS[cell.status])
    if not cell.due:
        st.info("ไม่มีรายงานที่ต้องส่งในเดือนนี้", icon=":material/info:")
    else:
        st.dataframe(pd.DataFrame([{
            "รหัส": c,
            "มาตรการ": measures[c].activity,
            "สถานะ": thai(reports[c][month].status) if month in reports.get(c, {}) else "ยังไม่รายงาน",
            "ร้อยละ": reports[c][month].percent if month in reports.get(c, {}) else None,
            "บันทึก": reports[c][month].note if month in reports.get(c, {}) else "",
            "รายงานเมื่อ": format_datetime(reports[c][month].entered_at) if month in reports.get(c, {}) else "",
            "ล่าช้า": "ล่าช้า" if month in reports.get(c, {}) and is_late(reports[c][month]) else "",
            "หลักฐาน": reports[c][month].evidence_url if month in reports.get(c, {}) else "",
        } for c in cell.due]), hide_index=True, width="stretch",
            column_config={"หลักฐาน": st.column_config.LinkColumn("หลักฐาน", display_text="เปิด")})

words = selection.words
st.subheader(f"รายมาตรการของ{words.section}")
names = [s.name for s in data.sections if any(m.owner_section == s.code for m in data.measures)]
if not names:
    st.info(f"ยังไม่มีมาตรการที่ระบุ{words.section}", icon=":material/info:")
    st.stop()
chosen = st.selectbox(words.section, names, key="monthly_section")
code = section_codes[chosen]
rows = {}
for measure in (m for m in data.measures if m.owner_section == code and not m.retired):
    own = reports.get(measure.code, {})
    due = set(due_months(measure, data.fiscal_year, data.year.plan_start, done_month(own)))
    line = {}
    for label, month in months.items():
        report = own.get(month)
        if report is not None:
            line[label] = f"{report.percent}%" if report.percent is not None else thai(report.status)
        else:
            line[label] = ("✗" if is_closed(month, selection.as_of) else "·") if month in due else ""
    rows[f"{measure.code} {measure.activity[:40]}"] = line
st.caption("ตัวเลข = ร้อยละที่รายงาน · ✗ = ถึงกำหนดแต่ยังไม่รายงาน · · = ต้องรายงาน (ยังไม่ครบกำหนด)")
st.dataframe(pd.DataFrame(rows).T, width="stretch")
