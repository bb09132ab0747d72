"""ITA Command Dashboard: ``streamlit run app.py``. The frame around every page: navigation and the sidebar."""

import streamlit as st

from ita_dash.ui import context

st.set_page_config(page_title="ITA Command Dashboard", page_icon=":material/verified:", layout="wide")

pages = [
    st.Page("pages/framework.py", title="กรอบการประเมิน", icon=":material/checklist:", default=True),
]
page = st.navigation(pages)
st.session_state["_selection"] = context.sidebar_selection()
page.run()
