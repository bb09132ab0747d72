"""A database that fails as the world makes it fail (issue 35 item 8), injected into a store's engine.

- :func:`full_disk`: every write statement on SQLite is answered by SQLite itself with "database or disk is full"
  (SQLITE_FULL): the connection may not grow the file (``PRAGMA max_page_count``) and each write is swapped for one
  that must grow it. Reads still work, as on a real full disk.
- :func:`dies_on_write`: on PostgreSQL, the server ends the connection (``pg_terminate_backend``) just as the
  next write statement is sent, as when the database is stopped or restarted mid-save.
"""

from __future__ import annotations

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

from helpers.environment import PG_URL

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _is_write(statement: str) -> bool:
    return statement.lstrip().upper().startswith(WRITES)


def full_disk(engine: Engine) -> Engine:
    """From now on (new connections: the pool is emptied) the SQLite file cannot grow and every write needs it to."""
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS disk_full_probe (b BLOB)")
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _no_room(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _grow(_connection, _cursor, statement, parameters, _context, _executemany):
        if _is_write(statement):
            return "INSERT INTO disk_full_probe VALUES (randomblob(4000000))", ()
        return statement, parameters

    return engine


def dies_on_write(engine: Engine, times: int = 1) -> list[int]:
    """The next ``times`` write statements find their connection ended by the server. Returns the ended backends."""
    ended: list[int] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _end(connection, _cursor, statement, _parameters, _context, _executemany):
        if len(ended) >= times or not _is_write(statement):
            return
        pid = connection.connection.dbapi_connection.info.backend_pid
        admin = create_engine(PG_URL)
        try:
            with admin.begin() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        finally:
            admin.dispose()
        ended.append(pid)

    return ended
