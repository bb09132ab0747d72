"""``streamlit run serve.py``: the app (``app.py``) served by Streamlit's own ASGI server, plus the one route that
sets the sign-in cookie (``ita_dash/ui/sessions.py``), so a signed-in user stays signed in across reloads and on
every app process behind a proxy. ``streamlit run app.py`` still works, without that route: a reload then asks
to sign in again."""

import streamlit as st

from ita_dash.ui.errors import on_script_error
from ita_dash.ui.sessions import routes

app = st.App("app.py", routes=routes(), on_script_error=on_script_error)
