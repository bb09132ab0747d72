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

    if context.demo_present():
        with st.expander("บัญชีสาธิต (ใช้ทดลองเท่านั้น)"):
            for user, secret in DEMO_ACCOUNTS:
                st.markdown(f"`{user.username}` / `{secret}` — {thai(user.role)}")
