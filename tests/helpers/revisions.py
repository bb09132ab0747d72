"""Databases at an earlier schema revision, filled (issue 26), and read back whole; the PostgreSQL client tools that
match the server (issue 35: backups and restores). Used by ``tests/store/test_upgrade.py`` and ``test_restore.py``."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from helpers.environment import missing
from ita_dash.store.sql.upgrade import MIGRATIONS

ROWS = 3  # per table


def revisions() -> list[str]:
    """Every revision, oldest first."""
    scripts = ScriptDirectory(str(MIGRATIONS))
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def build(url: str, revision: str, *, scripts: Path = MIGRATIONS) -> None:
    """A database at ``revision`` (Alembic run up to it on a plain connection), every table filled."""
    engine = sa.create_engine(url)
    config = Config()
    config.set_main_option("script_location", str(scripts))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        fill(connection)
    engine.dispose()


def _value(column: sa.Column, i: int):
    for key in column.foreign_keys:  # row i of a child points at row i of its parent
        return _value(key.column, i)
    kind = column.type.python_type
    if kind is bool:
        return i % 2 == 0
    if kind is int:
        return i + 1
    if kind is float:
        return i + 0.5
    if kind is dt.datetime:
        return dt.datetime(2026, 11, 1, 9, 0) + dt.timedelta(days=i)
    if kind is dt.date:
        return dt.date(2026, 10, 1) + dt.timedelta(days=i)
    if kind is bytes:
        return b"\x89PNG" + bytes([i])
    length = getattr(column.type, "length", None) or 40
    return f"{column.name[0]}{i}"[:length]


def fill(connection) -> None:
    tables = sa.MetaData()
    tables.reflect(connection)
    for table in tables.sorted_tables:
        if table.name != "alembic_version":
            connection.execute(table.insert(), [{c.name: _value(c, i) for c in table.columns} for i in range(ROWS)])


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, as the columns the database has now; and the revision under "alembic_version"."""
    engine = sa.create_engine(url)
    tables = sa.MetaData()
    with engine.connect() as connection:
        tables.reflect(connection)
        rows = {t.name: sorted(connection.execute(sa.select(t)).all(), key=repr) for t in tables.sorted_tables}
    engine.dispose()
    return rows


def columns_of(rows: dict[str, list[tuple]], before: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """``rows`` (after) cut down to the columns each table had ``before``."""
    cut = {}
    for name, old in before.items():
        keys = old[0]._fields if old else ()
        cut[name] = sorted((tuple(getattr(r, k) for k in keys) for r in rows.get(name, [])), key=repr)
    return cut


def _major(tool: str) -> int | None:
    found = re.search(r"\) (\d+)", subprocess.run([tool, "--version"], capture_output=True, text=True).stdout)
    return int(found.group(1)) if found else None


def pg_tools(url: str) -> Path:
    """The folder of the PostgreSQL client tools (pg_dump, pg_restore, createdb, psql) to use with the server at
    ``url``: Debian's ``/usr/lib/postgresql/<major>/bin`` of the server's major version (installed with the server,
    on this machine and under CI), else the ones on the PATH if they are at least as new (pg_dump refuses a newer
    server)."""
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        server = int(connection.exec_driver_sql("SHOW server_version_num").scalar()) // 10_000
    engine.dispose()
    debian = Path(f"/usr/lib/postgresql/{server}/bin")
    if all((debian / tool).is_file() for tool in ("pg_dump", "pg_restore", "createdb", "psql")):
        return debian
    on_path = shutil.which("pg_dump")
    if on_path and all(shutil.which(t) for t in ("pg_restore", "createdb", "psql")) and (_major(on_path) or 0) >= server:
        return Path(on_path).parent
    missing("PostgreSQL client tools", f"no pg_dump/pg_restore/createdb/psql of version {server} or newer")
    raise AssertionError("unreachable")
