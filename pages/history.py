"""ประวัติการแก้ไข: every change to the unit's records, who made it and when, old and new value; CSV export."""

import pandas as pd
import streamlit as st

from ita_dash.domain.audit_labels import actor_label, field_label, record_label, value_label
from ita_dash.domain.thaidate import format_datetime
from ita_dash.reports.cells import csv_bytes
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.orders import people

selection = context.current()
st.title("ประวัติการแก้ไข")
st.caption(plain(selection.unit.name) + " · ทุกการเปลี่ยนแปลงถูกบันทึกพร้อมกับการแก้ไข และไม่มีใครลบหรือแก้ประวัตินี้ได้")

entries = context.get_store().history(context.actor(), selection.unit.code)
if not entries:
    st.info("ยังไม่มีการแก้ไขข้อมูลของหน่วยนี้", icon=":material/history:")
    st.stop()

sections = {s.code: s.name for s in selection.data().sections}
names = people(selection.unit.code)
records = sorted({e.record_key for e in entries})
wanted = st.query_params.get("record")
record = st.selectbox("รายการ", [None, *records], index=(records.index(wanted) + 1) if wanted in records else 0,
                      format_func=lambda r: "ทุกรายการ" if r is None else record_label(r, sections), key="history_record")
shown = [e for e in entries if record is None or e.record_key == record]

frame = pd.DataFrame([{
    "เวลา": format_datetime(e.at), "ผู้แก้ไข": actor_label(e.username, names),
    "รายการ": record_label(e.record_key, sections), "ช่อง": field_label(e.field, selection.unit.kind),
    "ค่าเดิม": value_label(e.table, e.field, e.old_value, sections, names, selection.unit.kind),
    "ค่าใหม่": value_label(e.table, e.field, e.new_value, sections, names, selection.unit.kind),
} for e in shown])
st.dataframe(frame, hide_index=True, width="stretch")
st.download_button(
    "ดาวน์โหลด CSV", csv_bytes(frame),  # formula-looking text kept inert; with BOM: Excel opens Thai correctly
    file_name=f"history-{selection.unit.code}.csv", mime="text/csv", icon=":material/download:")
