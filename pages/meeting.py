"""โหมดประชุม: one topic per screen in large type for the projector in the monthly ITA meeting."""

import pandas as pd
import streamlit as st

from ita_dash.domain.followup import SECTION_MONTH_LABELS
from ita_dash.domain.lights import LIGHT_LABELS, Light
from ita_dash.domain.thaidate import format_date
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.widgets import SYMBOL, reason_lines

selection = context.current()
status = selection.status()
TOPICS = ["ตัวชี้วัด 10 ตัว", "การรายงานผลรายเดือน", "จำนวนผู้ตอบแบบวัด", "OIT", "กำหนดการ", "มาตรการที่ต้องเร่งรัด"]
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
[data-testid="stMainBlockContainer"] {padding-top: 1.5rem; max-width: 100%;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1.5rem; line-height: 1.5;}
[data-testid="stMain"] h1 {font-size: 3rem;}
[data-testid="stMain"] h2 {font-size: 2.3rem;}
[data-testid="stMetricValue"] {font-size: 3rem;}
[data-testid="stMain"] table td, [data-testid="stMain"] table th {font-size: 1.35rem; padding: 0.5rem 0.75rem;}
</style>""")


def step(delta: int) -> None:
    st.session_state["meeting_topic"] = (st.session_state.get("meeting_topic", 0) + delta) % len(TOPICS)


def leave() -> None:
    st.session_state["meeting"] = False


topic = st.session_state.get("meeting_topic", 0)
left, middle, right, out = st.columns([1, 5, 1, 3])
left.button("◀", on_click=step, args=(-1,), width="stretch", key="meeting_prev")
middle.markdown(f"**{plain(selection.unit.short_name or selection.unit.name)}** · ข้อมูล ณ {format_date(selection.as_of)} · "
                f"หัวข้อ {topic + 1}/{len(TOPICS)}")
right.button("▶", on_click=step, args=(1,), width="stretch", key="meeting_next")
out.button("ออกจากโหมดประชุม", on_click=leave, width="stretch", key="meeting_exit")
st.title(TOPICS[topic])

if topic == 0:
    for row in (status.indicators[:5], status.indicators[5:]):
        for column, indicator in zip(st.columns(5), row):
            with column.container(border=True):
                st.markdown(f"## {SYMBOL[indicator.light]} {indicator.number}")
                st.markdown(f"{indicator.name} ({LIGHT_LABELS[indicator.light]})")
    problems = [r for i in status.indicators for r in i.reasons if r.light in (Light.RED, Light.AMBER)]
    if problems:
        st.header("สิ่งที่ต้องติดตาม")
        reason_lines(problems, limit=6)
elif topic == 1:
    month = status.report_month
    st.header(f"เดือน {month.label()}")
    names = {s.code: (s.name, s.head_name) for s in status.data.sections}
    rows = [{
        "สายงาน": names.get(cell.section, ("ไม่ระบุสายงาน", ""))[0],
        "หัวหน้าสายงาน": names.get(cell.section, ("", ""))[1],
        "สถานะ": SECTION_MONTH_LABELS[cell.status],
        "ส่งแล้ว/ต้องส่ง": f"{len(cell.received)}/{len(cell.due)}",
        "ยังไม่ส่ง": ", ".join(cell.missing),
    } for cell in status.sections_for(month)]
    if rows:
        st.table(pd.DataFrame(rows).set_index("สายงาน"))
    else:
        st.info("ไม่มีรายงานที่ต้องส่งในเดือนนี้")
elif topic == 2:
    columns = st.columns(max(1, min(3, len(status.quotas))))
    for index, quota in enumerate(status.quotas):
        with columns[index % len(columns)]:
            target = f" / {quota.target}" if quota.target else ""
            st.metric(f"{SYMBOL[quota.light]} {quota.label}", f"{quota.count}{target}", border=True)
            st.caption(quota.reason)
            if quota.pace and quota.pace.per_day_needed:
                st.markdown(f"ต้องได้เพิ่มวันละ **{quota.pace.per_day_needed}** คน")
elif topic == 3:
    readiness = status.readiness
    st.metric("เผยแพร่แล้ว", f"{readiness.oit_published} / {readiness.oit_total}" if readiness.oit_total else "—")
    late = [i.as_reason() for i in status.oit_items if i.light in (Light.RED, Light.AMBER)]
    reason_lines(late, limit=8) if late else st.success("ไม่มีรายการ OIT ที่เลยกำหนดหรือใกล้กำหนด")
elif topic == 4:
    upcoming = status.milestones[:4]
    if not upcoming:
        st.info("ไม่มีกำหนดการข้างหน้า")
    for column, milestone in zip(st.columns(max(1, len(upcoming))), upcoming):
        column.metric(f"{SYMBOL[milestone.light]} {milestone.label}",
                      "วันนี้" if milestone.days_left == 0 else f"อีก {milestone.days_left} วัน", border=True)
        column.caption(format_date(milestone.date))
else:
    urgent = [m.reason() for m in status.urgent()]
    reason_lines(urgent, limit=8) if urgent else st.success("ไม่มีมาตรการเลยกำหนดหรือเสี่ยงไม่ทัน")
