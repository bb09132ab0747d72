"""ปฏิทิน: the template's phases on a timeline with today marked, and countdown cards."""

import datetime as dt

import pandas as pd
import plotly.express as px
import streamlit as st

from ita_dash.domain.lights import Light
from ita_dash.domain.milestones import phase_state
from ita_dash.domain.thaidate import format_date
from ita_dash.ui import context
from ita_dash.ui.format import chart_text, plain
from ita_dash.ui.widgets import COLOUR, SYMBOL, thai_month_axis

selection = context.current()
status = selection.status()
template = status.template
st.title("ปฏิทินการประเมิน ITA")
st.caption(plain(selection.caption()))
if not template.calendar:
    st.info("แม่แบบของปีนี้ไม่มีปฏิทิน (เอกสารต้นทางไม่ระบุ)", icon=":material/event_busy:")
    st.stop()

st.subheader("นับถอยหลัง")
upcoming = status.milestones[:6]
if not upcoming:
    st.info("ไม่มีกำหนดการข้างหน้าในปีงบประมาณนี้", icon=":material/event_available:")
for row_start in range(0, len(upcoming), 3):
    for column, milestone in zip(st.columns(3), upcoming[row_start:row_start + 3]):
        column.metric(f"{SYMBOL[milestone.light]} {plain(milestone.label)}",
                      "วันนี้" if milestone.days_left == 0 else f"อีก {milestone.days_left} วัน", border=True)
        column.caption(format_date(milestone.date))

st.subheader("ช่วงเวลาของแต่ละขั้นตอน")
known = [p for p in template.calendar if p.start and p.end]
labels = {"past": "ผ่านแล้ว", "current": "กำลังดำเนินการ", "future": "ยังไม่ถึง"}


@st.cache_resource(max_entries=64, show_spinner=False)
def timeline(dates: tuple, as_of: dt.date, _phases: list):
    """The phases on a timeline with ``as_of`` marked, built once per calendar and day (issue 18: plotly express took
    a tenth of the page's run). ``dates``: the phases' names, dates and closing times, the cache's key (two units of
    one kind may have different calendars once one of them entered its own, issue 32)."""
    frame = pd.DataFrame([{
        "ขั้นตอน": chart_text(p.name), "เริ่ม": p.start, "สิ้นสุด": p.end + dt.timedelta(days=1),
        "สถานะ": labels[phase_state(p, as_of)],
        "ช่วง": chart_text(f"{format_date(p.start)} – {p.end_text()}"),
    } for p in _phases])
    figure = px.timeline(frame, x_start="เริ่ม", x_end="สิ้นสุด", y="ขั้นตอน", color="สถานะ", hover_data={"ช่วง": True},
                         color_discrete_map={"ผ่านแล้ว": COLOUR[Light.GREY], "กำลังดำเนินการ": COLOUR[Light.GREEN],
                                             "ยังไม่ถึง": "#1d4e89"})
    figure.update_yaxes(autorange="reversed", title=None)
    figure.add_vline(x=as_of.isoformat(), line_color="#d93f3f", line_width=2)
    thai_month_axis(figure, min(p.start for p in _phases), max(p.end for p in _phases), every=2)
    figure.update_layout(height=80 + 38 * len(_phases), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         legend={"orientation": "h", "y": -0.12, "title": None})
    return figure


if known:
    figure = timeline(tuple((p.name, p.start, p.end, p.closes_at) for p in known), selection.as_of, known)
    st.plotly_chart(figure, width="stretch", config={"displayModeBar": False}, key="timeline")
    st.caption(f"เส้นสีแดง = วันที่ {format_date(selection.as_of)}")
closing = [f"{p.name} ปิด {p.end_text()}" for p in known if p.closes_at]
if closing:
    st.caption(plain("เวลาปิด: " + " · ".join(closing)))
borrowed = {note for p in known if (note := context.templates().borrowed_note(p))}
if borrowed:
    st.info(" · ".join(sorted(borrowed)) + " — หน่วยหรือจังหวัดยืนยันหรือแก้ได้ที่หน้า “กรอบการประเมิน”",
            icon=":material/swap_horiz:")
if entered := template.entered.get("calendar"):
    st.caption(plain(f"ปฏิทินนี้{entered.split(':', 1)[1].strip()}"))
unknown = [p for p in template.calendar if not (p.start and p.end)]
if unknown:
    st.warning("ขั้นตอนที่ไม่ทราบวันเริ่มหรือวันสิ้นสุด: " + ", ".join(p.name for p in unknown), icon=":material/help:")
