"""One error boundary for every page (issue 12): an unexpected exception shows a Thai message with a short
incident code; the trace goes to the server's log under that code, never to the browser.

Streamlit's own control flow (``st.stop``, ``st.rerun``, ``st.switch_page``) raises exceptions derived from
``BaseException``, not ``Exception``, so they pass through the boundary untouched.
"""

from __future__ import annotations

import logging
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ita_dash.store.base import StoreFault
from ita_dash.store.sql import MigrationRefused

LOG = logging.getLogger("ita_dash.incident")
if not any(isinstance(h, logging.StreamHandler) for h in LOG.handlers):  # Streamlit configures only its own
    # loggers: give ours (and the database faults under it, store/sql/faults.py) a line format on stderr
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    LOG.addHandler(_handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False

MESSAGE = ("ขออภัย ระบบขัดข้องระหว่างแสดงหน้านี้ ข้อมูลที่บันทึกไว้แล้วไม่ได้รับผลกระทบ "
           "กรุณาลองใหม่อีกครั้ง หากยังพบปัญหา แจ้งผู้ดูแลระบบพร้อมรหัสเหตุการณ์ {code}")


def incident_code() -> str:
    """Short enough to read out on the phone, random enough to find one line in the log: e.g. ``7F3A-91C2``."""
    raw = secrets.token_hex(4).upper()
    return f"{raw[:4]}-{raw[4:]}"


def report(error: BaseException) -> str:
    """Log ``error`` with its trace under a new incident code and show the Thai message; returns the code.
    An upgrade refused on start (issue 26) and a fault of the database (issue 35: it stopped answering, its disk is
    full) show their own Thai reason instead: nothing secret in it, and it says what happened and what to do."""
    code = incident_code()
    LOG.error("incident %s: %s: %s", code, type(error).__name__, error, exc_info=error)
    if isinstance(error, MigrationRefused | StoreFault):
        st.error(str(error), icon=":material/report:")
    else:
        st.error(MESSAGE.format(code=code), icon=":material/report:")
    return code


@contextmanager
def boundary(alone=None) -> Iterator[None]:
    """``with boundary(): page.run()``: an unexpected exception is reported (above) and the run stops there.
    ``alone(render)``: how to show the report as the only page, for a failure before the app's navigation exists
    (else Streamlit would list the files of pages/ in the sidebar)."""
    try:
        yield
    except Exception as error:  # noqa: BLE001 - the boundary: everything unexpected ends here
        if alone is None:
            report(error)
        else:
            alone(lambda error=error: report(error))  # bound now: Python unbinds ``error`` when the clause ends
        st.stop()


def on_script_error(error: BaseException) -> bool:
    """``st.App(on_script_error=…)``: what escaped the boundary (a widget callback, the frame itself) is reported
    the same way; True hides Streamlit's own error box."""
    report(error)
    return True
