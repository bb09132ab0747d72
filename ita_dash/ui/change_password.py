"""Choosing one's own password after signing in with a one-time password from a sign-in slip (issue 13). While the
account must change its password, app.py serves this form and nothing else, under every page's address."""

from __future__ import annotations

import streamlit as st

from ita_dash.domain.model import thai
from ita_dash.store.base import REFUSALS

from . import context
from .format import plain

MAX_PASSWORD = 200


def render() -> None:
    user = st.session_state["_user"]
    st.title("ตั้งรหัสผ่านของท่าน")
    st.caption(plain(f"{user.display_name or user.username} · {thai(user.role)}"))
    st.info("ท่านเข้าสู่ระบบด้วยรหัสผ่านครั้งเดียวจากใบแจ้งบัญชีผู้ใช้ — ตั้งรหัสผ่านของท่านเองก่อนใช้งาน "
            "(อย่างน้อย 8 ตัวอักษร) รหัสบนใบแจ้งจะใช้ไม่ได้อีก", icon=":material/key:")
    with st.form("change_password", border=True, width=420):
        first = st.text_input("รหัสผ่านใหม่", type="password", max_chars=MAX_PASSWORD, autocomplete="new-password",
                              key="new_password")
        second = st.text_input("ยืนยันรหัสผ่านใหม่", type="password", max_chars=MAX_PASSWORD,
                               autocomplete="new-password", key="new_password_again")
        submitted = st.form_submit_button("บันทึกรหัสผ่าน", type="primary", width="stretch")
    if submitted:
        if first != second:
            st.error("รหัสผ่านทั้งสองช่องไม่ตรงกัน", icon=":material/error:")
        elif any(ord(char) < 32 for char in first):
            st.error("รหัสผ่านมีอักขระที่ใช้ไม่ได้", icon=":material/error:")
        else:
            try:
                st.session_state["_user"] = context.get_store().change_own_password(context.actor(), first)
            except REFUSALS as refusal:
                st.error(str(refusal), icon=":material/error:")
            else:
                st.session_state["_password_changed"] = True
                st.rerun()
    st.button("ออกจากระบบ", on_click=context.sign_out, key="sign_out_change_password")
