"""สายงานของฉัน: a section head reports this month's progress on the measures their section owns, from a phone."""

import streamlit as st

from ita_dash.domain.fiscal import fiscal_months
from ita_dash.domain.followup import due_months, overdue_months, reports_by_measure
from ita_dash.domain.model import Role
from ita_dash.domain.permissions import is_unit_manager
from ita_dash.domain.settings import DEFAULT
from ita_dash.domain.thaidate import today_bangkok
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.orders import section_orders
from ita_dash.ui.reporting import Row, default_month, oit_items, overdue_first, phone_round, section_measures

selection = context.current()
user = st.session_state["_user"]
data = selection.data()
names = {s.code: s.name for s in data.sections}
words = selection.words
st.title(f"รายงานผลของ{words.section}")

if user.role is Role.SECTION_HEAD:
    section = user.section_code
    if section not in names:
        st.error(f"ไม่พบ{words.section} {section} ของบัญชีนี้ในหน่วย — แจ้งผู้ดูแลระบบ")
        st.stop()
elif is_unit_manager(user.as_actor(), selection.unit.code) and names:
    section = st.selectbox(words.section, list(names), format_func=names.get, key="my_section_section")
else:
    st.info(f"หน้านี้สำหรับ{words.section_head}และหัวหน้าหน่วย", icon=":material/info:")
    st.stop()

today = today_bangkok()
months = [m for m in fiscal_months(selection.fiscal_year) if m.first_day <= today]
if not months:
    st.info("ปีงบประมาณนี้ยังไม่เริ่ม จึงยังไม่มีเดือนที่ต้องรายงาน", icon=":material/event_upcoming:")
    st.stop()
overdue = overdue_months(data, section, today)
overdue_first(overdue, "my_section_month")
month = st.selectbox("รายงานผลของเดือน", months, index=default_month(months, today, DEFAULT.grace_days),
                     format_func=lambda m: m.label(), key="my_section_month")
st.caption(f"{plain(names[section])} · {plain(selection.unit.name)} · รายงานภายในวันที่ {DEFAULT.grace_days} "
           "ของเดือนถัดไป")

if st.session_state.pop("_report_saved", 0):
    st.toast("บันทึกแล้ว", icon=":material/check_circle:")

measures = section_measures(data, section)


def round_rows() -> tuple[list[Row], list[Row]]:
    """The section's measures for the month, due ones first, read afresh (the round calls this on every save)."""
    now = selection.data()
    reports = reports_by_measure(now, today)
    rows = []
    for measure in measures if now is data else section_measures(now, section):
        own = reports.get(measure.code, {})
        before = [m for m in own if m < month]
        rows.append(Row(measure, month, own.get(month), own[max(before)] if before else None))
    due = [r for r in rows if month in due_months(r.measure, now.fiscal_year, now.year.plan_start)]
    return due, [r for r in rows if r not in due]


if not measures:
    st.info(f"{words.section}นี้ยังไม่มีมาตรการในปีนี้", icon=":material/info:")
else:
    phone_round(round_rows, selection.unit.code, selection.fiscal_year, frozenset(str(c.month) for c in overdue))

section_orders(selection.unit.code, selection.fiscal_year, section, month, today,
               may_report=user.role is Role.SECTION_HEAD or is_unit_manager(user.as_actor(), selection.unit.code))

records = {item.code: item for item in data.oit_items}
items = [spec for spec in selection.template.oit_items or []
         if (records[spec.code].owner_section if spec.code in records else spec.owner_section) == section]
if items:
    st.subheader(f"รายการ OIT ที่{words.section}รับผิดชอบ")
    oit_items(items, records, selection.unit.code, selection.fiscal_year,
              may_approve=is_unit_manager(user.as_actor(), selection.unit.code))
