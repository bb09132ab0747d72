"""Faults of the database said plainly (issue 35): a database that stopped answering, a full disk, a file that can
no longer be read or written. The engine's ``handle_error`` hook turns the driver's error into
:class:`ita_dash.store.base.StoreFault`, whose Thai text a page shows in place of the generic error; a write
transaction (:meth:`ita_dash.store.sql.core.SqlBase._writing`) tells it as a save that was not kept. Any other error
is left as it is (a bug: the error boundary's incident code)."""

from __future__ import annotations

import logging

from sqlalchemy import event
from sqlalchemy.engine import Engine

from ..base import StoreFault

# Under the incident log of the app (ui/errors.py gives it its handler): in the server's log beside the incident
# codes; the command line prints its own one-line Thai error and nothing else (a handler that drops it).
log = logging.getLogger("ita_dash.incident.database")
logging.getLogger("ita_dash.incident").addHandler(logging.NullHandler())

FULL = "พื้นที่เก็บข้อมูลของเครื่องแม่ข่ายเต็ม"
DOWN = "ติดต่อฐานข้อมูลไม่ได้ (ฐานข้อมูลหยุดทำงานหรือการเชื่อมต่อขาด)"
BROKEN = "อ่านหรือเขียนไฟล์ฐานข้อมูลไม่ได้ (ดิสก์ขัดข้อง)"
READ_ONLY = "ฐานข้อมูลเปิดให้อ่านได้อย่างเดียว"

# SQLite's primary result codes (the extended code's low byte): https://www.sqlite.org/rescode.html
_SQLITE = {13: FULL, 10: BROKEN, 14: BROKEN, 8: READ_ONLY}
# PostgreSQL's SQLSTATE: disk full, out of memory or too many connections, the server shutting down or restarting.
_POSTGRES = {"53100": FULL, "53200": DOWN, "53300": DOWN, "57P01": DOWN, "57P02": DOWN, "57P03": DOWN}


def reason_of(error: BaseException, is_disconnect: bool = False) -> str | None:
    """The fault's Thai reason, or None for an error that is not a fault of the database's world."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return _SQLITE.get(code & 0xFF)
    state = getattr(error, "sqlstate", None) or ""
    if state in _POSTGRES:
        return _POSTGRES[state]
    if is_disconnect or state.startswith("08"):  # class 08: connection exception
        return DOWN
    if not state and type(error).__name__ == "OperationalError" and type(error).__module__.startswith("psycopg"):
        return DOWN  # psycopg's refused or dropped connection carries no SQLSTATE
    return None


def install(engine: Engine) -> Engine:
    @event.listens_for(engine, "handle_error")
    def _said_plainly(context):
        reason = reason_of(context.original_exception, context.is_disconnect)
        if reason is not None:
            log.error("database fault: %s: %s", type(context.original_exception).__name__,
                      context.original_exception)
            raise StoreFault(reason) from context.original_exception

    return engine
