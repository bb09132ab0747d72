"""ITA Command Dashboard: ``streamlit run app.py``. The frame around every page: sign-in, navigation, the sidebar."""

from pathlib import Path

import streamlit as st

from ita_dash.domain.model import Role
from ita_dash.domain.wording import words_of
from ita_dash.ui import context, errors, sign_in

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="ITA Command Dashboard", page_icon=":material/verified:", layout="wide")


def dashboard(default: bool) -> list:
    return [
        st.Page("pages/overview.py", title="ภาพรวม", icon=":material/dashboard:", default=default),
        st.Page("pages/monthly.py", title="ติดตามรายเดือน", icon=":material/calendar_view_month:"),
        st.Page("pages/quotas.py", title="โควตา IIT/EIT", icon=":material/groups:"),
        st.Page("pages/oit.py", title="OIT", icon=":material/public:"),
        st.Page("pages/calendar.py", title="ปฏิทิน", icon=":material/event:"),
        st.Page("pages/reports.py", title="รายงาน", icon=":material/print:"),
    ]


def my_section(default: bool):
    """"สายงานของฉัน", or "กองของฉัน" when the unit picked is a local administration."""
    selection = st.session_state.get("_selection")
    title = words_of(selection.unit.kind if selection is not None else None).my_section
    return st.Page("pages/my_section.py", title=title, icon=":material/edit_note:", default=default)


def reference() -> list:
    return [st.Page("pages/results.py", title="ผลการประเมิน", icon=":material/leaderboard:"),
            st.Page("pages/history.py", title="ประวัติการแก้ไข", icon=":material/history:"),
            st.Page("pages/framework.py", title="กรอบการประเมิน", icon=":material/checklist:")]


def province(default: bool) -> list:
    return [st.Page("pages/province.py", title="เปรียบเทียบหน่วย", icon=":material/compare:", default=default)]


def alone(render, title: str = "ITA Command Dashboard") -> None:
    """One page and nothing else, answering at every page's address (the setup page, an error before the menu)."""
    pages = [st.Page(render, title=title, url_path="start", default=True)]
    pages += [st.Page(render, title=title, url_path=path.stem) for path in sorted(PAGES.glob("*.py"))]
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
    aliases = [st.Page(sign_in.render, title="เข้าสู่ระบบ", url_path=path.stem) for path in sorted(PAGES.glob("*.py"))]
    page = st.navigation([form, *aliases], position="hidden")
    if st.session_state.pop("_signed_out", False):  # leaving: back to the plain address, not the last page seen
        st.switch_page(form)
    with errors.boundary():
        page.run()
    st.stop()

if user.must_change_password:  # issue 13: signed in with a one-time password: choose one's own, nothing else first
    from ita_dash.ui import change_password

    forms = [st.Page(change_password.render, title="ตั้งรหัสผ่าน", url_path=p.stem) for p in sorted(PAGES.glob("*.py"))]
    with errors.boundary():
        context.session_cookie()  # the session cookie is fetched now, not after the new password (its code is short-lived)
        st.navigation([st.Page(change_password.render, title="ตั้งรหัสผ่าน", url_path="change-password", default=True),
                       *forms], position="hidden").run()
    st.stop()

with errors.boundary(alone):
    selection = context.sidebar_selection()
st.session_state["_selection"] = selection
if selection is not None and selection.meeting:
    sections = {"": [st.Page("pages/meeting.py", title="โหมดประชุม", icon=":material/co_present:")]}
elif user.role is Role.SECTION_HEAD:  # their own rows first
    sections = {"งานของฉัน": [my_section(True)], "ติดตามการประเมิน": dashboard(False), "ข้อมูลอ้างอิง": reference()}
elif user.role in (Role.PROVINCE, Role.REGION):  # the province (or region) first
    sections = {"จังหวัด": province(True),
                "ติดตามการประเมิน": dashboard(False), "ข้อมูลอ้างอิง": reference()}
elif user.role in (Role.CHIEF, Role.ADMIN):
    sections = {
        "ติดตามการประเมิน": dashboard(True) + (province(False) if user.role is Role.ADMIN else []),
        "งานของหัวหน้าหน่วย": [my_section(False),
                              st.Page("pages/manage.py", title="จัดการข้อมูลหน่วย", icon=":material/edit:"),
                              st.Page("pages/import_plan.py", title="นำเข้าแผนมาตรการ", icon=":material/upload_file:"),
                              st.Page("pages/units_admin.py", title="ตั้งค่าหน่วยงาน", icon=":material/domain:"),
                              st.Page("pages/reminders.py", title="การแจ้งเตือนทางอีเมล", icon=":material/mail:")],
        "ข้อมูลอ้างอิง": reference(),
    }
else:
    sections = {"ติดตามการประเมิน": dashboard(True), "ข้อมูลอ้างอิง": reference()}
meeting = selection is not None and selection.meeting
page = st.navigation(sections[""] if meeting else sections, position="hidden" if meeting else "sidebar",
                     expanded=True)  # every page in sight, no "View more"
with errors.boundary():
    sign_in.demo_banner()  # a database with demo accounts says so on every page
    context.session_cookie()  # right after signing in: the browser fetches its session cookie (1 pixel)
    context.sheet_notice(selection)  # a unit kept in a Google Sheet: stale-data banner, cells that did not parse
    page.run()
