"""The database engine (SQLite with foreign keys and WAL, or PostgreSQL); the schema migrations are in
:mod:`.upgrade`."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from ita_dash.domain.entries import InvalidEntry

from . import faults


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return faults.install(_refusing_nul(engine))
    # No pre-ping (issue 25: a round trip before every checkout); a connection the server dropped fails once and is
    # replaced by the pool, and none is kept longer than half an hour.
    return faults.install(_refusing_nul(create_engine(url, pool_size=10, max_overflow=20, pool_recycle=1800)))


def _refusing_nul(engine: Engine) -> Engine:
    """The last guard behind the checks in :mod:`ita_dash.domain.fields`: no statement carrying a NUL character
    reaches the database (PostgreSQL would raise DataError, SQLite would store it), on either database the same
    Thai refusal."""

    @event.listens_for(engine, "before_cursor_execute")
    def _no_nul(_connection, _cursor, _statement, parameters, _context, _executemany):
        pending = [parameters]
        while pending:
            value = pending.pop()
            if isinstance(value, str):
                if "\x00" in value:
                    raise InvalidEntry({"text": "มีอักขระ NUL (U+0000) ที่บันทึกไม่ได้ — ลบออกแล้วลองอีกครั้ง"})
            elif isinstance(value, dict):
                pending.extend(value.values())
            elif isinstance(value, (list, tuple)):
                pending.extend(value)

    return engine
