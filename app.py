"""ITA Command Dashboard: ``streamlit run app.py``. The frame around every page: navigation and the sidebar."""

import streamlit as st

from ita_dash.ui import context

st.set_page_config(page_title="ITA Command Dashboard", page_icon=":material/verified:", layout="wide")

selection = context.sidebar_selection()
st.session_state["_selection"] = selection
if selection is not None and selection.meeting:
    page = st.navigation([st.Page("pages/meeting.py", title="โหมดประชุม", icon=":material/co_present:")],
                         position="hidden")
else:
    page = st.navigation({
        "ติดตามการประเมิน": [
            st.Page("pages/overview.py", title="ภาพรวม", icon=":material/dashboard:", default=True),
            st.Page("pages/monthly.py", title="ติดตามรายเดือน", icon=":material/calendar_view_month:"),
            st.Page("pages/quotas.py", title="โควตา IIT/EIT", icon=":material/groups:"),
            st.Page("pages/oit.py", title="OIT", icon=":material/public:"),
            st.Page("pages/calendar.py", title="ปฏิทิน", icon=":material/event:"),
        ],
        "ข้อมูลอ้างอิง": [
            st.Page("pages/framework.py", title="กรอบการประเมิน", icon=":material/checklist:"),
        ],
    })
page.run()
