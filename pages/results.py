"""ผลการประเมิน: the ITA results NACC announced, year by year: the unit's own, and for those who read a province,
the distribution of levels per year and the units whose latest result is below the pass mark."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ita_dash.domain.lights import Light
from ita_dash.domain.province import below_label, fell, fell_below
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.widgets import COLOUR, TOOL_COLOURS

LEVELS = ["AA", "A", "B", "C", "D", "E", "F"]
selection = context.current()
template = selection.template
pass_mark = template.pass_mark
results = context.results()
st.title("ผลการประเมิน ITA")
st.caption(f"ผลที่ สำนักงาน ป.ป.ช. ประกาศ · เกณฑ์ผ่าน {pass_mark:g} คะแนน")

own = [r for unit, r in results if unit.code == selection.unit.code]
st.subheader(plain(selection.unit.name))
if not own:
    st.info("ยังไม่มีผลการประเมินของหน่วยนี้ — หัวหน้าหน่วยบันทึกได้ที่หน้า “จัดการข้อมูลหน่วย”", icon=":material/info:")
else:
    figure = go.Figure()
    years = [str(r.fiscal_year) for r in own]
    for key, label, colour in TOOL_COLOURS:
        figure.add_bar(x=years, y=[getattr(r, key) for r in own], name=label, marker_color=colour)
    figure.add_scatter(x=years, y=[r.total for r in own], name="คะแนนรวม", mode="lines+markers",
                       line={"color": "#1b1f24", "width": 3})
    figure.add_scatter(x=years, y=[103] * len(own), mode="text", showlegend=False, hoverinfo="skip",
                       text=[f"<b>{r.total:.2f} ({r.level})</b>" for r in own],  # totals above the bars
                       textfont={"color": "#1b1f24", "size": 14})
    figure.add_hline(y=pass_mark, line_dash="dash", line_color=COLOUR[Light.RED],
                     annotation_text=f"เกณฑ์ผ่าน {pass_mark:g}")
    figure.update_layout(barmode="group", height=360, yaxis_range=[0, 112], margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         legend={"orientation": "h", "y": -0.15}, xaxis_title="ปีงบประมาณ", xaxis_type="category")
    st.plotly_chart(figure, width="stretch", config={"displayModeBar": False}, key="results_chart")
    st.dataframe(pd.DataFrame([{"ปีงบประมาณ": r.fiscal_year, "IIT": r.iit, "EIT": r.eit, "OIT": r.oit, "คะแนนรวม": r.total,
                                "ระดับ": r.level, "ผ่านเกณฑ์": "ผ่าน" if r.total >= pass_mark else "ไม่ผ่าน"}
                               for r in reversed(own)]), hide_index=True, width="stretch")

provinces = {p.code: p for p in context.provinces()}
if len(provinces) > 1:  # the provincial command reads one; the admin picks
    chosen = st.selectbox("จังหวัด", [None, *provinces.values()], key="results_province",
                          format_func=lambda p: "ทุกจังหวัด" if p is None else p.name)
    results = [(unit, r) for unit, r in results if chosen is None or unit.province_code == chosen.code]
units = {unit.code for unit, _ in results}
if len(units) > 1:
    st.subheader("การกระจายของระดับผลการประเมิน")
    frame = pd.DataFrame([{"ปี": r.fiscal_year, "ระดับ": r.level} for _, r in results])
    counts = frame.groupby(["ปี", "ระดับ"]).size().unstack(fill_value=0).reindex(columns=LEVELS, fill_value=0)
    palette = {"AA": "#1b7f4b", "A": "#2e9e5b", "B": "#8cc152", "C": "#f2a900", "D": "#f08c00", "E": "#e8590c", "F": "#d93f3f"}
    levels = go.Figure([go.Bar(x=[str(y) for y in counts.index], y=counts[level], name=level, marker_color=palette[level])
                        for level in LEVELS if counts[level].any()])
    levels.update_layout(barmode="stack", height=320, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                         xaxis_title="ปีงบประมาณ", xaxis_type="category", yaxis_title="จำนวนหน่วย", legend={"orientation": "h", "y": -0.2})
    st.plotly_chart(levels, width="stretch", config={"displayModeBar": False}, key="levels_chart")
    below = fell_below(results, pass_mark)
    st.subheader(f"หน่วยที่ผลล่าสุดต่ำกว่า {pass_mark:g} ({len(below)})")
    if not below:
        st.success("ทุกหน่วยผ่านเกณฑ์ในปีล่าสุด", icon=":material/check_circle:")
    else:
        dropped = sum(1 for _, _, previous in below if fell(previous, pass_mark))
        st.caption(f"ตกจากผ่านเกณฑ์เมื่อปีก่อน {dropped} หน่วย (แสดงก่อน) · ที่เหลือต่ำกว่าเกณฑ์ต่อเนื่องหรือเพิ่งมีผลปีแรก")
        st.dataframe(pd.DataFrame([{
            "หน่วย": unit.short_name or unit.name, "ปีล่าสุด": latest.fiscal_year, "คะแนนรวม": latest.total,
            "ระดับ": latest.level, "ปีก่อน": None if previous is None else previous.total,
            "เปลี่ยนแปลง": None if previous is None else round(latest.total - previous.total, 2),
            "เทียบปีก่อน": below_label(previous, pass_mark),
        } for unit, latest, previous in below]), hide_index=True, width="stretch")
