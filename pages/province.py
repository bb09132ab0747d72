"""เปรียบเทียบหน่วย: the units of a province (or a region, or the country) side by side: a heatmap of the ten lights,
IIT, EIT, OIT published and readiness; the ranking with the change since the end of last month; the sections that
have not reported. Pick a row to open that unit's overview. The figures come from the store's grouped queries."""

import pandas as pd
import streamlit as st

from ita_dash.domain.figure_text import NOT_RECORDED, FigureState, share_text
from ita_dash.domain.fiscal import last_closed_month
from ita_dash.domain.followup import SECTION_MONTH_LABELS
from ita_dash.domain.lights import LIGHT_LABELS, Light
from ita_dash.domain.model import UnitKind, thai
from ita_dash.domain.province import (
    NOT_OPEN,
    NOT_YET,
    Collection,
    behind_by_province,
    by_province,
    collections_of,
    not_reported,
    ranked,
    readiness_text,
    share_state,
    worst_first,
)
from ita_dash.domain.quotas import Readiness
from ita_dash.domain.thaidate import format_date
from ita_dash.domain.wording import words_for
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.framework_entry import progress_paste
from ita_dash.ui.widgets import COLOUR, DOT, heatmap, light_cell

UNIT_ROWS_MAX = 60  # above this many units the heatmap shows one row per province
LISTED_MAX = 100  # a bigger view lists its worst 100 units and sums up the sections behind per province, unless all
# are asked for: 1,575 ranked rows and 2,000 sections behind took the browser most of a second to receive and draw
selection = context.current()
st.title("เปรียบเทียบหน่วย")

regions, provinces = context.regions(), context.provinces()
left, middle, right = st.columns(3)
region = left.selectbox("ภาค", [None, *regions], format_func=lambda r: "ทุกภาค" if r is None else r.name, key="cmp_region")
shown = [p for p in provinces if region is None or p.region_code == region.code]
if not shown:
    st.info("ไม่มีจังหวัดที่ดูได้", icon=":material/info:")
    st.stop()
options = ([None] if len(shown) > 1 else []) + shown  # with several provinces, all of them first
province = middle.selectbox("จังหวัด", options, key="cmp_province",
                            format_func=lambda p: ("ทุกจังหวัดในภาค" if region else "ทุกจังหวัด") if p is None else p.name)
kinds = right.multiselect("ประเภทหน่วย", list(UnitKind), format_func=thai, key="cmp_kinds", placeholder="ทุกประเภท")

as_of, year = selection.as_of, selection.fiscal_year
month_end = last_closed_month(as_of).last_day
scope = {"province_code": province.code if province else None,
         "region_code": region.code if region and not province else None}
now = context.unit_figures(year, as_of, **scope)
before = context.unit_figures(year, month_end, **scope) if month_end != as_of else now
now = [f for f in now if not kinds or f.unit.kind in kinds]
where = plain(province.name) if province else (plain(region.name) if region else "ทุกภาค")
st.caption(f"{where} · ปีงบประมาณ พ.ศ. {year} · ข้อมูล ณ {format_date(as_of)} · เทียบกับสิ้นเดือน "
           f"{format_date(month_end)} · {len(now)} หน่วย")
if not now:
    st.info("ไม่มีหน่วยตามตัวกรอง", icon=":material/filter_alt_off:")
    st.stop()

# each unit's windows by its own framework, entered calendars included (issue 32): one read of the entries for all
windows = collections_of([f.unit for f in now], context.entered_library(year), year, as_of)


def collection(unit) -> Collection:
    """Before a collection window opens a unit's IIT/EIT (and readiness) are "ยังไม่เปิด", never a red 0 %."""
    return windows[unit.code]


# weakest first (the province PDF's order too): who needs the commander's call; units that cannot be compared yet last
lines = worst_first(ranked(now, before), collection)
words = words_for(line.unit.kind for line in lines)  # สายงาน, กอง, or "สายงาน/กอง" for police and อบต. together
names = {p.code: p.name for p in provinces}
COLUMNS = [str(n) for n in range(1, 11)] + ["IIT", "EIT", "OIT", "ความพร้อม"]
SCORE = {Light.RED: 0.0, Light.AMBER: 0.5, Light.GREEN: 1.0, Light.GREY: None}


def percent_text(share):
    return "—" if share is None else f"{min(share, 9.99) * 100:.0f}%"


def share_cell(share):
    return (None if share is None else min(share, 1.0), percent_text(share))


def oit_cell(figures, is_open: bool):
    """The OIT items published out of the unit's list, counted as the overview and the PDF count them ("3/25");
    coloured by the share once the OIT data window is open."""
    text = f"{figures.oit_published}/{figures.oit_total}" if figures.oit_total else "—"
    return (None if figures.oit_share is None or not is_open else min(figures.oit_share, 1.0), text)


def quota_cell(share, is_open: bool, recorded: bool):
    """An IIT or EIT cell: the share, or grey "ยังไม่เปิด" / "ยังไม่ได้บันทึก" (the domain's rule, ``share_state``)."""
    state = share_state(is_open, recorded)
    return share_cell(share) if state is FigureState.SHOWN else (None, share_text(share, state))


def readiness_cell(readiness, judged: bool = True, recorded: bool = True):
    """Coloured by the figure only when it is computed and judged; else grey, saying why."""
    compared = readiness is not None and judged and recorded
    return (readiness / 100 if compared else None, readiness_text(readiness, judged, recorded))


if len(lines) <= UNIT_ROWS_MAX:
    rows = [line.unit.short_name or line.unit.name for line in lines]
    cells = [[(SCORE[light], LIGHT_LABELS[light]) for light in line.figures.lights]
             + [quota_cell(line.figures.iit_share, collection(line.unit).iit_open, line.figures.iit_recorded),
                quota_cell(line.figures.eit_share, collection(line.unit).eit_open, line.figures.eit_recorded),
                oit_cell(line.figures, collection(line.unit).oit_open),
                readiness_cell(line.figures.readiness, collection(line.unit).readiness_judged,
                               line.figures.recorded)] for line in lines]
    st.caption("แต่ละแถวคือหน่วย เรียงจากความพร้อมต่ำสุด แล้วหน่วยที่ยังเทียบไม่ได้ เรียงตามตัวชี้วัดแดง · "
               "1–10 = สัญญาณตัวชี้วัด · IIT/EIT = ผู้ตอบเทียบขั้นต่ำ · OIT = รายการที่เผยแพร่แล้ว/ทั้งหมด · "
               f"สีเทา = ยังไม่มีข้อมูล, {NOT_OPEN}เก็บข้อมูล, {NOT_RECORDED}จาก ITAP หรือ{NOT_YET} "
               "(ยังไม่ทราบขั้นต่ำหรือรายการ OIT)")
else:
    summaries = sorted(by_province(now), key=lambda s: (s.readiness is None, -(s.readiness or 0.0)))
    rows = [names.get(s.province_code, s.province_code) for s in summaries]

    def indicator_cell(counts):
        judged = {light: n for light, n in counts.items() if light is not Light.GREY}
        if not sum(judged.values()):
            return (None, "—")
        score = sum(SCORE[light] * n for light, n in judged.items()) / sum(judged.values())
        return (score, f"แดง {counts[Light.RED]}" if counts[Light.RED] else "")

    cells = [[indicator_cell(counts) for counts in s.lights]
             + [share_cell(s.iit_share), share_cell(s.eit_share), share_cell(s.oit_share),
                readiness_cell(s.readiness)] for s in summaries]
    st.caption(f"{len(now)} หน่วย แสดงเป็นแถวละจังหวัด เรียงตามดัชนีความพร้อมเฉลี่ย · สีของตัวชี้วัดคือค่าเฉลี่ยของหน่วย "
               "(แดง 0 · เหลือง ½ · เขียว 1) และตัวเลขคือจำนวนหน่วยที่เป็นสีแดง · เลือกจังหวัดเพื่อดูรายหน่วย")
st.vega_lite_chart(heatmap(rows, COLUMNS, cells), width="stretch", theme=None, key="province_heatmap")


def percent(value):
    return None if value is None else round(min(value, 9.99) * 100, 1)


def lights_columns(lights) -> dict:
    """Ten coloured cells for a province's units; for many units the number of red and amber indicators (ten
    coloured columns × 1,500 rows take the browser and the server half a second to draw, and counts sort better)."""
    if len(lines) <= UNIT_ROWS_MAX:
        return {str(n): light_cell(light) for n, light in enumerate(lights, start=1)}
    return {"ตัวชี้วัดแดง": sum(1 for light in lights if light is Light.RED),
            "ตัวชี้วัดเหลือง": sum(1 for light in lights if light is Light.AMBER)}


many = province is None and len({line.unit.province_code for line in lines}) > 1
NOT_OPEN_VALUE = -1.0  # a collection window not open yet: shown grey "ยังไม่เปิด", sorted below every share
NOT_YET_VALUE = -2.0  # a readiness that cannot be computed: shown grey "ยังคำนวณไม่ได้"
NOT_RECORDED_VALUE = -3.0  # an open window with no count copied from ITAP: shown grey "ยังไม่ได้บันทึก"


big = len(lines) > UNIT_ROWS_MAX  # hundreds or thousands of rows: no Styler (issue 18: 0.2–0.4 s a run to send)
everything = len(lines) <= LISTED_MAX or st.toggle(
    f"แสดงทุกหน่วยและทุก{words.section}ที่ค้าง ({len(lines):,} หน่วย)", key="cmp_everything",
    help=f"ปกติแสดง {LISTED_MAX} หน่วยที่พร้อมน้อยที่สุด และสรุป{words.section}ที่ยังไม่รายงานเป็นรายจังหวัด")
listed = lines if everything else lines[:LISTED_MAX]
# OIT items answered on ITAP, as the province pasted them (issue 32): a count beside the items published, not which
answered = context.itap_oit_answered(year, province.code if province else None)
ANSWERED = "ITAP ตอบแล้ว"


def share_value(share, is_open: bool, recorded: bool = True):
    state = share_state(is_open, recorded)
    if state is not FigureState.SHOWN:  # big: an empty cell, the caption says why
        return None if big else {FigureState.NOT_OPEN: NOT_OPEN_VALUE}.get(state, NOT_RECORDED_VALUE)
    return percent(share)


def readiness_value(readiness, judged: bool, recorded: bool = True):
    if readiness is None:
        return None if big else NOT_YET_VALUE
    if not judged:
        return None if big else NOT_OPEN_VALUE
    return readiness if recorded else (None if big else NOT_RECORDED_VALUE)


frame = pd.DataFrame([{
    "อันดับ": rank, "หน่วย": line.unit.short_name or line.unit.name,
    **({"จังหวัด": names.get(line.unit.province_code, "")} if many else {}),
    "ค้าง": len(line.figures.behind),
    "IIT": share_value(line.figures.iit_share, collection(line.unit).iit_open, line.figures.iit_recorded),
    "EIT": share_value(line.figures.eit_share, collection(line.unit).eit_open, line.figures.eit_recorded),
    "OIT": percent(line.figures.oit_share),
    **({ANSWERED: answered[line.unit.code][0] if line.unit.code in answered else None} if answered else {}),
    "พร้อม": readiness_value(line.figures.readiness, collection(line.unit).readiness_judged, line.figures.recorded),
    "±": line.change,
    **lights_columns(line.figures.lights),
} for rank, line in enumerate(listed, start=1)])


def shown_share(value, digits: int = 0, suffix: str = "%") -> str:
    if value is None or pd.isna(value):
        return "—"
    return ({NOT_OPEN_VALUE: NOT_OPEN, NOT_YET_VALUE: NOT_YET, NOT_RECORDED_VALUE: NOT_RECORDED}.get(value)
            or f"{value:.{digits}f}{suffix}")


grey = COLOUR[Light.GREY]
if big:  # plain numbers, formatted by the browser; they sort as numbers
    styled = frame
    formats = {c: st.column_config.NumberColumn(width=70, format="%.0f%%") for c in ("IIT", "EIT", "OIT")}
    formats |= {"พร้อม": st.column_config.NumberColumn(width=70, format="%.1f"),
                "±": st.column_config.NumberColumn(width=70, format="%+.1f")}
else:
    styled = frame.style.format({"IIT": shown_share, "EIT": shown_share, "OIT": shown_share,
                                 "พร้อม": lambda v: shown_share(v, 1, ""),
                                 "±": lambda v: "—" if v is None or pd.isna(v) else f"{v:+.1f}",
                                 **({ANSWERED: lambda v: "—" if v is None or pd.isna(v) else f"{v:.0f}"}
                                    if answered else {})})
    styled = styled.map(lambda v: f"color: {grey}" if v in (NOT_OPEN_VALUE, NOT_YET_VALUE, NOT_RECORDED_VALUE) else "",
                        subset=["IIT", "EIT", "พร้อม"])
    colours = {light_cell(light): COLOUR[light] for light in Light}
    styled = styled.map(lambda v: f"color: {colours.get(v, 'inherit')}", subset=[str(n) for n in range(1, 11)])
    formats = {c: st.column_config.Column(width=70) for c in ("IIT", "EIT", "OIT", "พร้อม", "±")}
if answered:
    formats[ANSWERED] = st.column_config.NumberColumn(width=80, format="%d") if big else st.column_config.Column(width=80)
st.subheader("อันดับความพร้อม (น้อยที่สุดก่อน)" if everything else
             f"อันดับความพร้อม: {LISTED_MAX} หน่วยที่พร้อมน้อยที่สุด จาก {len(lines):,} หน่วย")
st.caption(f"คลิกหน่วยเพื่อเปิดภาพรวมของหน่วย ณ วันเดียวกัน · คลิกหัวคอลัมน์เพื่อเรียง · ค้าง = {words.section}ที่ยังไม่รายงาน "
           f"เดือน {last_closed_month(as_of).label()} · พร้อม = ดัชนีความพร้อม · ± = เปลี่ยนจากสิ้นเดือนก่อน · "
           f"{DOT} = สัญญาณตัวชี้วัด 1–10 · "
           + (f"{ANSWERED} = จำนวนข้อ OIT ที่ตอบแล้วในระบบ ITAP ตามตารางที่จังหวัดวางล่าสุด (ไม่ใช่รายการที่เผยแพร่) · "
              if answered else "") + Readiness.LABEL
           + (f" · ช่องว่าง = {NOT_OPEN}เก็บข้อมูล, {NOT_RECORDED}จาก ITAP หรือ{NOT_YET}" if big else ""))
event = st.dataframe(styled, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                     key="province_table", column_config={
                         "อันดับ": st.column_config.NumberColumn(width=50, pinned=True),
                         "หน่วย": st.column_config.TextColumn(pinned=True),
                         "ค้าง": st.column_config.NumberColumn(width=50, help=f"{words.section}ที่ยังไม่รายงานเดือนที่แล้ว"),
                         **formats,
                         **{str(n): st.column_config.Column(width=60) for n in range(1, 11)}})
chosen = event.selection.rows if event and event.selection else []
if chosen and chosen[0] < len(listed):  # a row kept from the longer list after the toggle went off: ignored
    unit = listed[chosen[0]].unit
    st.switch_page("pages/overview.py", query_params={"unit": unit.code, "fy": str(year), "as_of": as_of.isoformat()})

missing = not_reported([line.figures for line in lines])
st.subheader(f"ยังไม่รายงาน · เดือน {last_closed_month(as_of).label()} ({len(missing)} {words.section})")
if not missing:
    st.success(f"{words.every_section}รายงานครบแล้ว", icon=":material/check_circle:")
elif not everything:  # one row per province; every section once all are asked for
    st.caption(f"สรุปรายจังหวัด · เปิด “แสดงทุกหน่วยและทุก{words.section}ที่ค้าง” หรือเลือกจังหวัดเพื่อดูราย{words.section}")
    st.dataframe(pd.DataFrame([{"จังหวัด": names.get(code, code), f"หน่วยที่มี{words.section}ค้าง": units,
                                f"{words.section}ที่ยังไม่รายงาน": sections}
                               for code, units, sections in behind_by_province(missing)]),
                 hide_index=True, width="stretch")
else:
    st.dataframe(pd.DataFrame([{
        "หน่วย": unit.short_name or unit.name, **({"จังหวัด": names.get(unit.province_code, "")} if many else {}),
        words.section: behind.name, words.section_head: behind.head, "สถานะ": SECTION_MONTH_LABELS[behind.status],
    } for unit, behind in missing]), hide_index=True, width="stretch")

progress_paste(province, year, as_of)  # the province copies ITAP's progress table for all its units (issue 32)
