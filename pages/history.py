"""ประวัติการแก้ไข: every change to the unit's records, who made it and when, old and new value; CSV export."""

import pandas as pd
import streamlit as st

from ita_dash.domain.model import FollowUpStatus, OitStatus, thai
from ita_dash.domain.thaidate import format_datetime
from ita_dash.reports.cells import csv_bytes
from ita_dash.ui import context
from ita_dash.ui.format import plain

selection = context.current()
st.title("ประวัติการแก้ไข")
st.caption(plain(selection.unit.name) + " · ทุกการเปลี่ยนแปลงถูกบันทึกพร้อมกับการแก้ไข และไม่มีใครลบหรือแก้ประวัตินี้ได้")

entries = context.get_store().history(context.actor(), selection.unit.code)
if not entries:
    st.info("ยังไม่มีการแก้ไขข้อมูลของหน่วยนี้", icon=":material/history:")
    st.stop()

records = sorted({e.record_key for e in entries})
wanted = st.query_params.get("record")
record = st.selectbox("รายการ", [None, *records], index=(records.index(wanted) + 1) if wanted in records else 0,
                      format_func=lambda r: "ทุกรายการ" if r is None else r, key="history_record")
shown = [e for e in entries if record is None or e.record_key == record]
_STATUS = {"follow_up": FollowUpStatus, "oit_item": OitStatus}


def readable(entry, value: str | None) -> str:
    """Status codes as the Thai words the pages use; everything else as stored."""
    kind = _STATUS.get(entry.table)
    if value and entry.field == "status" and kind is not None:
        try:
            return thai(kind(value))
        except ValueError:
            return value
    return value or ""



frame = pd.DataFrame([{
    "เวลา": format_datetime(e.at), "ผู้แก้ไข": e.username, "รายการ": e.record_key, "ช่อง": e.field,
    "ค่าเดิม": readable(e, e.old_value), "ค่าใหม่": readable(e, e.new_value),
} for e in shown])
st.dataframe(frame, hide_index=True, width="stretch")
st.download_button(
    "ดาวน์โหลด CSV", csv_bytes(frame),  # formula-looking text kept inert; with BOM: Excel opens Thai correctly
    file_name=f"history-{selection.unit.code}.csv", mime="text/csv", icon=":material/download:")
