"""ITA Command Dashboard: ``streamlit run app.py``. The frame around every page: sign-in, navigation, the sidebar."""

from pathlib import Path

import streamlit as st

from ita_dash.ui import context, errors, navigation, sign_in

# Issue 35 item 10: the tab's icon is an SVG of our own, which Streamlit sends inside the page (a data: address).
# ":material/verified:" made every browser fetch it from fonts.gstatic.com: broken on a closed network, and each
# page view told Google who was looking.
FAVICON = Path(__file__).parent / "ita_dash" / "ui" / "favicon.svg"
st.set_page_config(page_title="ITA Command Dashboard", page_icon=FAVICON, layout="wide")


def alone(render, title: str = "ITA Command Dashboard") -> None:
    """One page and nothing else, answering at every page's address (the setup page, an error before the menu)."""
    pages = [st.Page(render, title=title, url_path="start", default=True)]
    pages += [st.Page(render, title=title, url_path=stem) for stem in navigation.addresses()]
    st.navigation(pages, position="hidden").run()


with errors.boundary(alone):  # issue 12: no trace in front of a user, anywhere in the frame or a page
    if context.setup_needed():  # a configured database without accounts: how to run `setup`, no form
        alone(sign_in.render_setup_needed, "ตั้งค่าระบบ")
        st.stop()
    user = context.signed_in_user()
if user is None:
    # The form answers at every page's address, so a bookmarked link signs in and then opens that page.
    st.session_state["_selection"] = None
    form = st.Page(sign_in.render, title="เข้าสู่ระบบ", url_path="sign-in", default=True)
    aliases = [st.Page(sign_in.render, title="เข้าสู่ระบบ", url_path=stem) for stem in navigation.addresses()]
    page = st.navigation([form, *aliases], position="hidden")
    if st.session_state.pop("_signed_out", False):  # leaving: back to the plain address, not the last page seen
        st.switch_page(form)
    with errors.boundary():
        page.run()
    st.stop()

if user.must_change_password:  # issue 13: signed in with a one-time password: choose one's own, nothing else first
    from ita_dash.ui import change_password

    forms = [st.Page(change_password.render, title="ตั้งรหัสผ่าน", url_path=stem) for stem in navigation.addresses()]
    with errors.boundary():
        context.session_cookie()  # the session cookie is fetched now, not after the new password (its code is short-lived)
        st.navigation([st.Page(change_password.render, title="ตั้งรหัสผ่าน", url_path="change-password", default=True),
                       *forms], position="hidden").run()
    st.stop()

with errors.boundary(alone):
    selection = context.sidebar_selection()
st.session_state["_selection"] = selection
meeting = selection is not None and selection.meeting
# the pages of the role's menu, each under its header (ita_dash/domain/pages.py); the meeting screen alone
sections = navigation.sections(user.role, selection.unit.kind if selection is not None else None, meeting)
page = st.navigation(sections[""] if meeting else sections, position="hidden" if meeting else "sidebar",
                     expanded=True)  # every page in sight, no "View more"
with errors.boundary():
    sign_in.demo_banner()  # a database with demo accounts says so on every page
    context.session_cookie()  # right after signing in: the browser fetches its session cookie (1 pixel)
    context.sheet_notice(selection)  # a unit kept in a Google Sheet: stale-data banner, cells that did not parse
    page.run()
