"""OIT: every item O1…On by sub-indicator with status, owner, due date, link and checklist; filter by status/owner."""

import pandas as pd
import streamlit as st

from ita_dash.domain.model import OitStatus, thai
from ita_dash.domain.thaidate import format_date
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.widgets import colour_lights, light_cell

selection = context.current()
status = selection.status()
st.title("การเปิดเผยข้อมูลสาธารณะ (OIT)")
st.caption(plain(selection.caption()) + " · สถานะ OIT เป็นสถานะล่าสุดที่บันทึกไว้")
items = status.oit_items
if not items:
    st.info("แม่แบบของปีนี้ไม่มีรายการ OIT (เอกสารต้นทางไม่ระบุ)", icon=":material/info:")
    st.stop()

published = sum(1 for i in items if i.item.status is OitStatus.PUBLISHED)
st.progress(published / len(items), text=f"เผยแพร่แล้ว {published} จาก {len(items)} ข้อ")

left, right = st.columns(2)
statuses = left.multiselect("สถานะ", list(OitStatus), format_func=thai, key="oit_status", placeholder="ทุกสถานะ")
owners = right.multiselect("ผู้รับผิดชอบ", sorted({i.section for i in items}), key="oit_owner", placeholder="ทุกสายงาน")
shown = [i for i in items if (not statuses or i.item.status in statuses) and (not owners or i.section in owners)]
if not shown:
    st.info("ไม่มีรายการตามตัวกรอง", icon=":material/filter_alt_off:")

subs = {s.code: s.name for i in status.template.indicators for s in i.sub_indicators}
for sub in sorted({i.spec.sub_indicator or "?" for i in shown}, key=lambda s: [int(p) if p.isdigit() else 99 for p in s.split(".")]):
    group = [i for i in shown if (i.spec.sub_indicator or "?") == sub]
    st.markdown(f"**{sub} {subs.get(sub, 'ไม่ทราบตัวชี้วัดย่อย')}**")
    st.dataframe(colour_lights(pd.DataFrame([{
        "สัญญาณ": light_cell(i.light),
        "ข้อ": i.spec.code,
        "รายการ": i.spec.title,
        "สถานะ": thai(i.item.status),
        "ผู้รับผิดชอบ": i.section,
        "กำหนดเสร็จ": format_date(i.due) if i.due else "—",
        "ลิงก์": i.item.link,
        "รายการตรวจสอบ": f"{sum(i.item.checklist)}/{len(i.spec.checklist)}" if i.spec.checklist else "—",
        "หมายเหตุ": i.reason,
    } for i in group])), hide_index=True, width="stretch",
        column_config={"ลิงก์": st.column_config.LinkColumn("ลิงก์", display_text="เปิด")})

with_checklist = [i for i in shown if i.spec.checklist]
if with_checklist:
    st.subheader("รายละเอียดรายการตรวจสอบ")
    code = st.selectbox("ข้อ", [i.spec.code for i in with_checklist],
                        format_func=lambda c: f"{c} {next(i.spec.title for i in with_checklist if i.spec.code == c)}",
                        key="oit_detail")
    item = next(i for i in with_checklist if i.spec.code == code)
    ticks = item.item.checklist + [False] * (len(item.spec.checklist) - len(item.item.checklist))
    for element, tick in zip(item.spec.checklist, ticks):
        st.markdown(f"{'✅' if tick else '⬜'} {plain(element)}")
    flags = [label for flag, label in ((item.spec.monthly, "เผยแพร่รายเดือน 6 เดือนแรก"),
                                       (item.spec.machine_readable, "PDF และไฟล์ Word/Excel")) if flag]
    if flags:
        st.caption(" · ".join(flags))
