"""โควตา: IIT and EIT gauges, EIT section bars, the cumulative count against the target, and the pace forecast."""

import plotly.graph_objects as go
import streamlit as st

from ita_dash.domain.figure_text import NOT_OPEN, NOT_RECORDED, FigureState
from ita_dash.domain.thaidate import format_date
from ita_dash.ui import context
from ita_dash.ui.format import chart_text, plain
from ita_dash.ui.widgets import COLOUR, SYMBOL, thai_month_axis

selection = context.current()
status = selection.status()
st.title("จำนวนผู้ตอบแบบวัด IIT / EIT")
st.caption(plain(selection.caption()) + " · ตัวเลขคัดลอกจากระบบ ITAP")

quotas = {q.key: q for q in status.quotas}
if not any(q.recorded for q in status.quotas):  # issue 34: said once, and no gauge below reads 0 / target
    opening = [q for q in status.quotas if q.state is FigureState.NOT_OPEN]
    st.info(f"{NOT_OPEN}เก็บข้อมูล (เริ่ม {format_date(min(q.opens for q in opening))}) — ยังไม่มีจำนวนผู้ตอบ"
            if opening else f"{NOT_RECORDED}จำนวนผู้ตอบจาก ITAP ในปีนี้", icon=":material/info:")


def gauge(quota) -> go.Figure:
    top = max(quota.target or 0, quota.count, 1)
    figure = go.Figure(go.Indicator(
        mode="gauge+number", value=quota.count,
        number={"suffix": f" / {quota.target}" if quota.target else ""},
        gauge={
            "axis": {"range": [0, top * 1.1]},
            "bar": {"color": COLOUR[quota.light]},
            "threshold": {"line": {"color": "#1b1f24", "width": 3}, "value": quota.target or 0},
            "steps": [{"range": [0, quota.expected], "color": "#eceff3"}] if quota.expected else [],
        },
    ))
    figure.update_layout(height=230, margin={"l": 20, "r": 20, "t": 10, "b": 10})
    return figure


for column, key in zip(st.columns(2), ("IIT", "EIT")):
    quota = quotas.get(key)
    with column:
        if quota is None:
            continue
        st.markdown(f"**{SYMBOL[quota.light]} {plain(quota.label)}**")
        if not quota.recorded:  # nothing copied from ITAP: no gauge at 0, which would read as "nobody answered"
            st.metric(plain(quota.label), plain(quota.count_text), label_visibility="collapsed")
            st.caption((f"ขั้นต่ำ {quota.target:,} คน · " if quota.target else "") + plain(quota.reason))
            continue
        st.plotly_chart(gauge(quota), width="stretch", config={"displayModeBar": False}, key=f"gauge_{key}")
        st.caption(plain(quota.reason))
        if quota.pace:
            st.markdown(f"คาดว่าจะได้ **{quota.pace.projected}** เมื่อปิด · ต้องได้เพิ่ม **{quota.pace.per_day_needed}** คน/วัน "
                        f"(เหลือ {quota.pace.days_left} วัน)")

parts = [q for q in status.quotas if q.key.startswith("EIT:")]
st.subheader(f"EIT แยกตาม{selection.words.section}")
if not parts:
    st.info(f"แม่แบบปีนี้ไม่ระบุจำนวนขั้นต่ำ EIT แยกตาม{selection.words.section}", icon=":material/info:")
elif not any(q.recorded for q in parts):  # no section count copied from ITAP yet: no bars at a misleading 0
    st.info(plain(parts[0].reason), icon=":material/edit_note:")
else:
    bars = go.Figure()
    bars.add_bar(x=[chart_text(q.label.removeprefix("EIT ")) for q in parts], y=[q.count for q in parts],
                 marker_color=[COLOUR[q.light] for q in parts], name="ได้แล้ว",
                 text=[f"{q.count_text}/{q.target}" for q in parts], textposition="outside")
    bars.add_scatter(x=[chart_text(q.label.removeprefix("EIT ")) for q in parts], y=[q.target for q in parts], mode="markers",
                     marker={"symbol": "line-ew-open", "size": 40, "color": "#1b1f24"}, name="ขั้นต่ำ")
    bars.update_layout(height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10}, showlegend=False)
    st.plotly_chart(bars, width="stretch", config={"displayModeBar": False}, key="section_bars")
    for quota in parts:
        st.caption(f"{SYMBOL[quota.light]} {plain(quota.label)}: {plain(quota.reason)}")

st.subheader("จำนวนสะสมเทียบเป้าหมาย")
line_keys = [k for k in ("IIT", "EIT", "EIT2") if k in quotas]
key = st.segmented_control("แบบวัด", line_keys, default="EIT" if "EIT" in line_keys else line_keys[0], key="quota_line")
quota = quotas.get(key or "EIT")
if quota is None or not quota.history:
    st.info("ยังไม่มีข้อมูลจำนวนสะสม", icon=":material/info:")
else:
    figure = go.Figure()
    days, counts = zip(*quota.history)
    figure.add_scatter(x=list(days), y=list(counts), mode="lines+markers", name="จำนวนสะสม",
                       line={"color": COLOUR[quota.light], "width": 3})
    window = quota.window
    if quota.target and window and window.start and window.end:
        figure.add_scatter(x=[window.start, window.end], y=[0, quota.target], mode="lines", name="ควรได้ตามเวลา",
                           line={"dash": "dot", "color": "#7a8594"})
        figure.add_hline(y=quota.target, line_dash="dash", line_color="#1b1f24",
                         annotation_text=f"ขั้นต่ำ {quota.target}")
        figure.add_vline(x=selection.as_of.isoformat(), line_color="#1d4e89")
        thai_month_axis(figure, window.start, window.end)
    figure.update_layout(height=360, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         legend={"orientation": "h", "y": -0.15})
    st.plotly_chart(figure, width="stretch", config={"displayModeBar": False}, key="cumulative")
    if window and window.start and window.end:
        st.caption(f"ช่วงเก็บข้อมูล {format_date(window.start)} – {format_date(window.end)}")
