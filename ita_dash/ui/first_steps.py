"""The chief's first ten minutes (issue 13): the checklist the overview shows a unit starting its year, each step
with a link to the page where it is done. Which steps are done is decided in ita_dash.domain.onboarding."""

from __future__ import annotations

import streamlit as st

from ita_dash.domain.model import Role
from ita_dash.domain.onboarding import first_steps, show_first_steps
from ita_dash.domain.permissions import is_unit_manager

from .format import plain

PAGES = {"sections": ("pages/units_admin.py", "ตั้งค่าหน่วยงาน"), "plan": ("pages/import_plan.py", "นำเข้าแผนมาตรการ"),
         "itap": ("pages/manage.py", "จัดการข้อมูลหน่วย"), "oit_owners": ("pages/manage.py", "จัดการข้อมูลหน่วย"),
         "oit_list": ("pages/framework.py", "กรอบการประเมิน")}


def checklist(selection, actor) -> None:
    """Draw the checklist for the chief (or an administrator) of a unit starting its year; nothing otherwise."""
    if actor.role not in (Role.CHIEF, Role.ADMIN) or not is_unit_manager(actor, selection.unit.code):
        return
    data = selection.data()
    steps = first_steps(data, selection.template)
    if not show_first_steps(data, steps):
        return
    with st.container(border=True, key="first_steps"):
        counted = [s for s in steps if s.counted]
        st.markdown(f"**เริ่มต้นใช้งาน: {sum(s.done for s in counted)} จาก {len(counted)} ขั้นตอน**")
        for step in steps:
            mark, link = st.columns([3, 1], vertical_alignment="center")
            icon = (":green[:material/check_circle:]" if step.done else ":orange[:material/radio_button_unchecked:]"
                    if step.counted else ":blue[:material/schedule:]")  # waits on ITAP's list, not on the chief
            prefix = "" if step.counted else "ขั้นถัดไป: "
            mark.markdown(f"{icon} **{prefix}{step.label}** — {plain(step.detail)}")
            page, title = PAGES[step.key]
            link.page_link(page, label=f"ไปที่{title}", icon=":material/arrow_forward:")
