"""ภาพรวม: the ten indicator lights with their reasons, quota lights, readiness, OIT, next milestones, urgent measures."""

import pandas as pd
import streamlit as st

from ita_dash.domain.figure_text import oit_published_text
from ita_dash.domain.followup import known_on
from ita_dash.domain.framework import DERIVED_LABEL
from ita_dash.domain.lights import MEASURE_STATE_LABELS
from ita_dash.domain.model import Tool, thai
from ita_dash.domain.quotas import Readiness
from ita_dash.domain.thaidate import format_date, format_datetime
from ita_dash.reports.summary import unit_summary_pdf
from ita_dash.ui import context, first_steps
from ita_dash.ui.format import plain
from ita_dash.ui.orders import order_states, people
from ita_dash.ui.widgets import SYMBOL, colour_lights, light_cell, reason_lines

selection = context.current()
status = selection.status()

title, printing = st.columns([4, 1], vertical_alignment="bottom")
title.title("ภาพรวมการประเมิน ITA")
orders = order_states(selection)  # read now: the download's callable runs later, outside this session
printing.download_button("พิมพ์สรุป 1 หน้า", lambda: unit_summary_pdf(status, orders=orders), mime="application/pdf",
                         file_name=f"ita-summary-{selection.unit.code}-{selection.as_of}.pdf",
                         icon=":material/print:", key="overview_print", width="stretch")
st.caption(plain(selection.caption()))
first_steps.checklist(selection, context.actor())  # issue 13: a unit starting its year
if status.template.derived:
    st.caption(f":material/warning: แม่แบบปีนี้{DERIVED_LABEL}")

overdue = sum(1 for m in status.measures if m.state.value == "overdue")
at_risk = sum(1 for m in status.measures if m.state.value == "at_risk")
readiness = status.readiness
cols = st.columns(4)
cols[0].metric("ดัชนีความพร้อม", readiness.text(), help=Readiness.LABEL)
cols[1].metric("OIT เผยแพร่แล้ว (ทุกตัวชี้วัด)", f"{readiness.oit_published}/{readiness.oit_total}" if readiness.oit_total
               else "—", help=oit_published_text(readiness.oit_published, readiness.oit_total)
               + " · นับเฉพาะรายการที่เผยแพร่แล้ว ไม่นับที่อนุมัติแล้วรอเผยแพร่")
cols[2].metric("มาตรการเลยกำหนด", overdue)
cols[3].metric("มาตรการเสี่ยงไม่ทัน", at_risk)
# issue 34: what the index is made of, where each part stands, and when it can first move (not a bare 0.0)
where = {True: " (นำเข้าที่หน้า “กรอบการประเมิน”)", False: " (บันทึกที่หน้า “จัดการข้อมูลหน่วย”)"}
st.caption(Readiness.LABEL + " · " + " · ".join(readiness.explained())
           + (where[bool(readiness.missing)] if readiness.missing or not readiness.recorded else "")
           + ("; " + "; ".join(readiness.notes) if readiness.notes and not readiness.missing else ""))

st.subheader("ตัวชี้วัด 10 ตัว")
if not status.measures and not status.oit_items:
    st.info("หน่วยนี้ยังไม่มีมาตรการในปีงบประมาณนี้ — นำเข้าแผนมาตรการหรือเพิ่มมาตรการก่อน", icon=":material/info:")
tool_names = {Tool.IIT: "IIT ภายใน", Tool.EIT: "EIT ภายนอก", Tool.OIT: "OIT เปิดเผยข้อมูล"}
for column, tool in zip(st.columns(3), Tool):
    with column:
        st.markdown(f"**{tool_names[tool]}**")
        for indicator in (i for i in status.indicators if i.tool is tool):
            with st.expander(f"{SYMBOL[indicator.light]} {indicator.number}. {plain(indicator.name)}"):
                reason_lines(indicator.reasons, limit=12)

st.subheader("จำนวนผู้ตอบแบบวัด")
if not status.quotas:
    st.info("แม่แบบไม่ระบุจำนวนขั้นต่ำ", icon=":material/info:")
quota_cols = st.columns(min(3, max(1, len(status.quotas))))
for index, quota in enumerate(status.quotas):
    with quota_cols[index % len(quota_cols)]:
        st.markdown(f"{SYMBOL[quota.light]} **{plain(quota.label)}** {plain(quota.target_text)}")
        st.caption(plain(quota.reason))

st.subheader("กำหนดการที่ใกล้ที่สุด")
upcoming = status.milestones[:3]
if not upcoming:
    st.info("ไม่มีกำหนดการข้างหน้าในปฏิทินของแม่แบบ", icon=":material/event_busy:")
for column, milestone in zip(st.columns(3), upcoming):
    column.metric(plain(milestone.label), f"อีก {milestone.days_left} วัน" if milestone.days_left else "วันนี้",
                  help=format_date(milestone.date), border=True)
    column.caption(f"{SYMBOL[milestone.light]} {format_date(milestone.date)}")

st.subheader("มาตรการที่ต้องเร่งรัด")
urgent = status.urgent(10)
if not urgent:
    st.success("ไม่มีมาตรการเลยกำหนดหรือเสี่ยงไม่ทัน", icon=":material/check_circle:")
else:
    st.dataframe(
        colour_lights(pd.DataFrame([{
            "สัญญาณ": light_cell(m.light),
            "สถานะ": MEASURE_STATE_LABELS[m.state],
            "รหัส": m.measure.code,
            "มาตรการ": m.measure.activity,
            selection.words.section: m.section,
            selection.words.section_head: m.owner,
            "กำหนดเสร็จ": format_date(m.measure.deadline) if m.measure.deadline else m.measure.deadline_text,
            "เหตุผล": "; ".join(m.reasons),
        } for m in urgent])),
        hide_index=True, width="stretch",
    )
    if len(status.urgent()) > len(urgent):
        st.caption(f"และอีก {len(status.urgent()) - len(urgent)} รายการ")

st.subheader("รายงานล่าสุด")
latest = sorted(known_on(status.data.follow_ups, selection.as_of), key=lambda f: f.entered_at, reverse=True)[:6]
if not latest:
    st.info("ยังไม่มีการรายงานผลในปีนี้", icon=":material/info:")
activities = {m.code: m.activity for m in status.data.measures}
names = people(selection.unit.code)  # rank and name, not the username (issue 17)
for report in latest:
    percent = "" if report.percent is None else f" {report.percent}%"
    note = f" — “{report.note}”" if report.note else ""
    st.markdown(plain(f"{format_datetime(report.entered_at)} · {names.get(report.entered_by, report.entered_by)} · {report.measure_code} "
                      f"{activities.get(report.measure_code, '')}: {thai(report.status)}{percent}{note}"))
