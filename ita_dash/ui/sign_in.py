"""The sign-in form. While nobody is signed in, app.py serves it under every page's address, so a bookmarked
link shows this form and then, once signed in, the page it points to."""

import streamlit as st

from ita_dash.domain.accounts import SignInRefused
from ita_dash.domain.model import thai
from ita_dash.store.demo import DEMO_ACCOUNTS

from . import context


def render() -> None:
    st.title("ITA Command Dashboard")
    st.caption("แดชบอร์ดติดตามการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ")
    if message := st.session_state.pop("_sign_in_message", None):
        st.warning(message, icon=":material/schedule:")

    with st.form("sign_in", border=True, width=420):
        st.subheader("เข้าสู่ระบบ")
        username = st.text_input("ชื่อผู้ใช้", key="sign_in_username", autocomplete="username")
        password = st.text_input("รหัสผ่าน", type="password", key="sign_in_password", autocomplete="current-password")
        submitted = st.form_submit_button("เข้าสู่ระบบ", type="primary", width="stretch")
    if submitted:
        try:
            context.sign_in(username, password)
        except SignInRefused as refusal:
            st.error(str(refusal), icon=":material/lock:")
        else:
            st.rerun()

    if context.demo_passwords_shown():  # the built-in demo database only, never a configured one (issue 12)
        with st.expander("บัญชีสาธิต (ใช้ทดลองกับฐานข้อมูลสาธิตเท่านั้น)"):
            st.caption("รหัสผ่านเหล่านี้เปิดเผยต่อสาธารณะ ใช้ได้เฉพาะฐานข้อมูลสาธิตในเครื่อง (data/ita.db)")
            for user, secret in DEMO_ACCOUNTS:
                st.markdown(f"`{user.username}` / `{secret}` — {thai(user.role)}")


def render_setup_needed() -> None:
    """A configured database without any account: how to create the first administrator, instead of a form."""
    st.title("ITA Command Dashboard")
    st.caption("แดชบอร์ดติดตามการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ")
    st.subheader("ยังไม่ได้ตั้งค่าระบบ")
    st.info("ฐานข้อมูลนี้ยังไม่มีบัญชีผู้ใช้ ผู้ดูแลเซิร์ฟเวอร์ต้องสร้างบัญชีผู้ดูแลระบบคนแรกก่อน "
            "โดยรันคำสั่งต่อไปนี้บนเครื่องเซิร์ฟเวอร์ (ระบบจะถามรหัสผ่านสองครั้ง) แล้วโหลดหน้านี้ใหม่",
            icon=":material/admin_panel_settings:")
    st.code("python -m ita_dash setup --admin ชื่อผู้ใช้", language=None)
    st.caption("ระบบจะไม่สร้างข้อมูลสาธิตหรือบัญชีสาธิตในฐานข้อมูลนี้เอง หากต้องการทดลองใช้ "
               "ให้รัน python -m ita_dash demo กับฐานข้อมูลสำหรับทดลองเท่านั้น")


def demo_banner() -> None:
    """On every page of a database that holds demo accounts (their passwords are published)."""
    held, active = context.demo_accounts()
    if held:
        st.warning(f"ฐานข้อมูลนี้มีบัญชีสาธิต {held} บัญชี (ใช้งานได้ {active} บัญชี) ซึ่งรหัสผ่านเปิดเผยต่อสาธารณะ "
                   "— ใช้สำหรับทดลองเท่านั้น ห้ามใช้กับข้อมูลจริง", icon=":material/science:")
