"""เปรียบเทียบหน่วย: every unit of a province side by side: the ten lights, IIT/EIT, OIT, readiness and its change
since the end of last month, and the sections that have not reported. Pick a row to open that unit's overview."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ita_dash.domain.fiscal import last_closed_month
from ita_dash.domain.followup import SECTION_MONTH_LABELS
from ita_dash.domain.lights import LIGHT_LABELS, Light
from ita_dash.domain.model import UnitKind, thai
from ita_dash.domain.province import not_reported, ranked, unit_line
from ita_dash.domain.quotas import Readiness
from ita_dash.domain.thaidate import format_date
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.widgets import COLOUR, DOT

selection = context.current()
st.title("เปรียบเทียบหน่วยในจังหวัด")

regions = context.regions()
provinces = context.provinces()
left, middle, right = st.columns(3)
region = left.selectbox("ภาค", [None, *regions], format_func=lambda r: "ทุกภาค" if r is None else r.name, key="cmp_region")
shown = [p for p in provinces if region is None or p.region_code == region.code]
if not shown:
    st.info("ไม่มีจังหวัดที่ดูได้", icon=":material/info:")
    st.stop()
default = next((i for i, p in enumerate(shown) if p.code == selection.unit.province_code), 0)
province = middle.selectbox("จังหวัด", shown, index=default, format_func=lambda p: p.name, key="cmp_province")
kinds = right.multiselect("ประเภทหน่วย", list(UnitKind), format_func=thai, key="cmp_kinds", placeholder="ทุกประเภท")

as_of, year = selection.as_of, selection.fiscal_year
_, now = context.province_statuses(province.code, year, as_of)
month_end = last_closed_month(as_of).last_day
_, before = context.province_statuses(province.code, year, month_end) if month_end != as_of else (None, now)
earlier = {s.data.unit.code: s for s in before}
statuses = [s for s in now if not kinds or s.data.unit.kind in kinds]
st.caption(f"{plain(province.name)} · ปีงบประมาณ พ.ศ. {year} · ข้อมูล ณ {format_date(as_of)} · เทียบกับสิ้นเดือน "
           f"{format_date(month_end)} · {len(statuses)} หน่วย")
if not statuses:
    st.info("ไม่มีหน่วยตามตัวกรอง", icon=":material/filter_alt_off:")
    st.stop()

lines = ranked([unit_line(s, earlier.get(s.data.unit.code)) for s in statuses])
severity = {Light.GREY: 0, Light.GREEN: 1, Light.AMBER: 2, Light.RED: 3}
names = [line.unit.short_name or line.unit.name for line in lines]
heatmap = go.Figure(go.Heatmap(
    z=[[severity[light] for light in line.lights] for line in lines], x=[str(n) for n in range(1, 11)], y=names,
    zmin=-0.5, zmax=3.5, showscale=False, xgap=3, ygap=3,  # each value sits in the middle of its own colour band
    colorscale=[[0, COLOUR[Light.GREY]], [0.25, COLOUR[Light.GREY]], [0.25, COLOUR[Light.GREEN]], [0.5, COLOUR[Light.GREEN]],
                [0.5, COLOUR[Light.AMBER]], [0.75, COLOUR[Light.AMBER]], [0.75, COLOUR[Light.RED]], [1, COLOUR[Light.RED]]],
    text=[[LIGHT_LABELS[light] for light in line.lights] for line in lines], hovertemplate="%{y} · ตัวชี้วัด %{x}: %{text}<extra></extra>",
))
heatmap.update_yaxes(autorange="reversed")
heatmap.update_xaxes(tickmode="array", tickvals=[str(n) for n in range(1, 11)])
heatmap.update_layout(height=60 + 28 * len(lines), margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis_title="ตัวชี้วัด")
st.plotly_chart(heatmap, width="stretch", config={"displayModeBar": False}, key="province_heatmap")


def percent(value):
    return None if value is None else round(min(value, 9.99) * 100, 1)


frame = pd.DataFrame([{
    "อันดับ": rank, "หน่วย": line.unit.short_name or line.unit.name,
    **{str(n): f"{DOT} {LIGHT_LABELS[light]}" for n, light in enumerate(line.lights, start=1)},
    "IIT %": percent(line.iit_share), "EIT %": percent(line.eit_share), "OIT เผยแพร่ %": percent(line.oit_share),
    "ความพร้อม": line.readiness, "เปลี่ยนแปลง": line.change, "สายงานค้าง": len(line.missing_sections),
} for rank, line in enumerate(lines, start=1)])
colours = {f"{DOT} {LIGHT_LABELS[light]}": COLOUR[light] for light in Light}
styled = frame.style.map(lambda v: f"color: {colours.get(v, 'inherit')}", subset=[str(n) for n in range(1, 11)])
st.caption("คลิกหน่วยเพื่อเปิดภาพรวมของหน่วย ณ วันเดียวกัน · คลิกหัวคอลัมน์เพื่อเรียง · " + Readiness.LABEL)
event = st.dataframe(styled, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                     key="province_table", column_config={
                         "IIT %": st.column_config.NumberColumn(format="%.0f%%"),
                         "EIT %": st.column_config.NumberColumn(format="%.0f%%"),
                         "OIT เผยแพร่ %": st.column_config.NumberColumn(format="%.0f%%"),
                         "เปลี่ยนแปลง": st.column_config.NumberColumn(format="%+.1f")})
chosen = event.selection.rows if event and event.selection else []
if chosen:
    unit = lines[chosen[0]].unit
    st.switch_page("pages/overview.py", query_params={"unit": unit.code, "fy": str(year), "as_of": as_of.isoformat()})

st.subheader(f"ยังไม่รายงาน · เดือน {last_closed_month(as_of).label()}")
missing = not_reported(statuses)
if not missing:
    st.success("ทุกสายงานรายงานครบแล้ว", icon=":material/check_circle:")
else:
    st.dataframe(pd.DataFrame([{"หน่วย": unit.short_name or unit.name, "สายงาน": section, "หัวหน้าสายงาน": head,
                                "สถานะ": SECTION_MONTH_LABELS[state]} for unit, section, head, state in missing]),
                 hide_index=True, width="stretch")
