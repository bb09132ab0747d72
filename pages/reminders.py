"""การแจ้งเตือนทางอีเมล: the log of reminder e-mails sent about the unit (chief and admin), issue 19. The sending is
``python -m ita_dash remind`` on a timer (docs/operations.md, "Scheduling · วิธีตั้งเวลา")."""

import pandas as pd
import streamlit as st

from ita_dash.domain.model import Role
from ita_dash.domain.reminders import reminder_kind_label
from ita_dash.domain.settings import REMINDERS
from ita_dash.domain.thaidate import format_date, format_datetime
from ita_dash.store.base import REFUSALS
from ita_dash.ui import context
from ita_dash.ui.format import plain

selection = context.current()
st.title("การแจ้งเตือนทางอีเมล")
st.caption(f"{plain(selection.unit.name)} · ระบบส่งอีเมลวันละครั้งถึง{selection.words.section_head}ที่ยังไม่รายงานผลของเดือนที่แล้ว"
           "เมื่อพ้นวันที่ 5 "
           f"และเจ้าของรายการ OIT ที่ครบกำหนดภายใน {REMINDERS.oit_due_days} วัน หรือลิงก์มีปัญหา · หัวหน้าหน่วยได้รับสรุปรายการที่ล่าช้า"
           "สัปดาห์ละครั้ง · ผู้รับต้องมีอีเมลในบัญชีผู้ใช้")
try:
    log = context.get_store().reminders_sent(context.actor(), selection.unit.code)
except REFUSALS as error:
    st.error(str(error), icon=":material/block:")
    st.stop()
if context.actor().role is Role.ADMIN:  # who would be told on the day picked (the accounts are the admin's to read)
    from ita_dash.outbound.mail import app_base_url
    from ita_dash.outbound.reminders import compose

    with st.expander(f"ตัวอย่าง: ถ้าส่งในวันที่ {format_date(selection.as_of)} จะส่งถึงใครบ้าง (ยังไม่ส่งจริง)",
                     icon=":material/preview:"):
        due, unreachable = compose(context.get_store(), context.templates(), context.actor(), selection.as_of,
                                   app_base_url(), [selection.unit.code])
        if due:
            st.dataframe(pd.DataFrame([{"ถึง": r.email, "ประเภท": reminder_kind_label(r.kind, selection.unit.kind),
                                        "จำนวนรายการ": len(r.items), "หัวเรื่อง": r.subject} for r in due]),
                         hide_index=True, width="stretch")
        else:
            st.caption("ไม่มีผู้ที่ต้องได้รับการแจ้งเตือน")
        for line in unreachable:
            st.caption(line)
if not log:
    st.info("ยังไม่มีการส่งอีเมลแจ้งเตือนของหน่วยนี้", icon=":material/mark_email_unread:")
    st.stop()
st.markdown(f"ส่งแล้ว {len(log)} ฉบับ · ล่าสุด {format_datetime(log[0].sent_at)}")
st.dataframe(pd.DataFrame([{
    "วันที่": format_date(line.sent_on),
    "เวลาที่ส่ง": format_datetime(line.sent_at),
    "ถึง": line.email,
    "บัญชี": line.username,
    "ประเภท": reminder_kind_label(line.kind, selection.unit.kind),
    "จำนวนรายการ": line.items,
    "หัวเรื่อง": line.subject,
} for line in log]), hide_index=True, width="stretch")
