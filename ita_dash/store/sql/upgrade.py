"""Schema migrations applied on start, so that an upgrade never loses a row (issue 26).

:func:`migrate` brings a database to the newest Alembic revision in one transaction:

- **SQLite**: foreign keys are switched off for the migrating connection *before* the transaction opens (SQLite
  ignores ``PRAGMA foreign_keys`` inside one). Alembic changes a table on SQLite by copying it and dropping the old
  one; with foreign keys on, that drop deletes the rows of every table referring to it ``ON DELETE CASCADE``
  (0005 rebuilt ``app_user`` and emptied ``sign_in_session``, 0006 rebuilt ``measure`` and emptied ``follow_up``).
  After the migrations ``PRAGMA foreign_key_check`` must find no reference broken that was not broken before.
  The transaction is ``BEGIN IMMEDIATE``: two processes starting together migrate one after the other.
- **PostgreSQL**: an advisory lock held by the transaction serialises the processes; its DDL is transactional.
- **Both**: the rows of every table are counted before and after, inside the migrating transaction; if any table
  has fewer rows, the whole upgrade is rolled back and :class:`MigrationRefused` (Thai) is raised: the app and the
  command line refuse to start on it. A revision that empties a table on purpose says so in its module,
  ``empties = ("table", …)`` (none does today; ``unit_figure`` would be the candidate: a cache, safe to empty).
- **A SQLite file** is copied first, through SQLite's backup API, to ``<file>.backup-<revision>-<YYYY-MM-DD>``
  beside it (the revision it was at, the day in Bangkok), only when there is a revision to apply.
- **Every refusal is Thai** (issue 35): a database at a revision this code does not know (newer code upgraded it),
  another process holding the database too long, a revision that fails, and among those a table, index or column
  that is already there although the database's revision does not have it yet (what ``pg_restore --clean`` into
  the upgraded database leaves behind: see :func:`_already_there`); each is rolled back and raised as
  :class:`MigrationRefused` saying what happened and what to do, never the driver's English exception.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import func, inspect, select, table, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ita_dash.domain.thaidate import today_bangkok

from ..base import StoreError

MIGRATIONS = Path(__file__).parent.parent / "migrations"

_PG_MIGRATION_LOCK = 7_357_001  # any constant: serialises migrations of app processes starting together


class MigrationRefused(StoreError):
    """An upgrade that would lose or break data: rolled back, the database left at the revision it was."""


def migrate(engine: Engine) -> Path | None:
    """Bring the schema to the newest Alembic revision; returns the backup made of a SQLite file, if any."""
    scripts = ScriptDirectory(str(MIGRATIONS))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        current = _revision_of(connection, scripts)
        connection.rollback()
        if current == scripts.get_current_head():  # the usual start: no lock, no pragma, nothing to copy
            return None
        if sqlite:
            _foreign_keys(connection, on=False)
        try:
            try:
                if sqlite:
                    connection.exec_driver_sql("BEGIN IMMEDIATE")
                else:
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            except OperationalError:
                raise MigrationRefused(_refusal(
                    current, scripts.get_current_head(), "โปรแกรมอื่นใช้ฐานข้อมูลนี้อยู่นานเกินรอ (อาจกำลังปรับรุ่นอยู่)",
                    "รอสักครู่แล้วเปิดระบบหรือสั่ง init-db ใหม่ หากยังเป็นอยู่ แจ้งผู้ดูแลระบบ")) from None
            backup = _upgrade(connection, scripts)
            connection.commit()
        except BaseException:
            connection.rollback()
            raise
        finally:
            if sqlite:
                _foreign_keys(connection, on=True)
    return backup


def _revision_of(connection: Connection, scripts: ScriptDirectory) -> str | None:
    """The database's revision, refused in Thai when this code does not know it: newer code upgraded it."""
    head = scripts.get_current_head()
    try:
        current = MigrationContext.configure(connection).get_current_revision()
        if current is not None:
            scripts.get_revision(current)
    except CommandError:  # unknown revision, or several rows in alembic_version
        revisions = ", ".join(MigrationContext.configure(connection).get_current_heads()) or "?"
        raise MigrationRefused(
            f"ไม่ได้ปรับรุ่นฐานข้อมูล: ฐานข้อมูลเป็นรุ่น {revisions} ซึ่งโปรแกรมนี้ไม่รู้จัก (รุ่นล่าสุดที่โปรแกรมนี้รู้จักคือ "
            f"รุ่น {head}) แปลว่าโปรแกรมรุ่นที่ใหม่กว่าได้ปรับรุ่นฐานข้อมูลนี้ไปแล้ว ระบบไม่ได้แก้ไขอะไรในฐานข้อมูล "
            f"และจะไม่เปิดด้วยโปรแกรมรุ่นนี้ — ผู้ดูแลระบบ: ติดตั้งโปรแกรมรุ่นที่ปรับรุ่นฐานข้อมูลนี้ "
            f"หรือกู้คืนข้อมูลสำรองที่ทำไว้ก่อนปรับรุ่นตามคู่มือ (docs/operations.md หัวข้อ Restoring a backup)"
        ) from None
    return current


def _upgrade(connection: Connection, scripts: ScriptDirectory) -> Path | None:
    current = _revision_of(connection, scripts)
    head = scripts.get_current_head()
    if current == head:  # another process upgraded it while this one waited for the lock
        return None
    backup = None
    path = connection.engine.url.database
    if connection.dialect.name == "sqlite" and current is not None and path and path != ":memory:":
        try:
            backup = backup_sqlite(Path(path), current, today_bangkok())
        except (OSError, sqlite3.Error) as error:
            raise MigrationRefused(
                f"ไม่ได้ปรับรุ่นฐานข้อมูล (รุ่น {current} → รุ่น {head}): สำรองไฟล์ {path} ก่อนปรับรุ่นไม่ได้ "
                f"({error}) ฐานข้อมูลยังเป็นรุ่น {current} เหมือนเดิม — ตรวจสิทธิ์เขียนและที่ว่างของโฟลเดอร์นั้น"
            ) from None
    rows, broken = _counts(connection), _broken_references(connection)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["applied"] = applied = []  # env.py: each revision as it is applied
    try:
        command.upgrade(config, "head")
    except SQLAlchemyError as error:
        failing = _next(scripts, applied[-1] if applied else current)
        raise MigrationRefused(_failed(current, head, failing, error)) from error
    emptied = _emptied_by(scripts, current, head)
    lost = {name: (count, after) for name, count in rows.items()
            if name not in emptied and (after := _count(connection, name)) < count}
    if lost:
        tables = ", ".join(f"{name} {count:,} → {after:,} แถว" for name, (count, after) in sorted(lost.items()))
        raise MigrationRefused(_refusal(current, head, f"ข้อมูลจะหายจากตาราง {tables}"))
    newly = {name: count for name, count in _broken_references(connection).items() if count > broken.get(name, 0)}
    if newly:
        tables = ", ".join(f"{name} {count:,} แถว" for name, count in sorted(newly.items()))
        raise MigrationRefused(_refusal(current, head, f"จะมีแถวที่อ้างถึงรายการที่ไม่มีอยู่ในตาราง {tables}"))
    return backup


def _refusal(current: str | None, head: str, what: str, todo: str = "แจ้งผู้ดูแลระบบ") -> str:
    return (f"ไม่ได้ปรับรุ่นฐานข้อมูล (รุ่น {current or 'ว่าง'} → รุ่น {head}): {what} จึงยกเลิกการปรับรุ่นทั้งหมด "
            f"ฐานข้อมูลยังเป็นรุ่น {current or 'ว่าง'} เหมือนเดิม ระบบจะไม่เปิดจนกว่าจะแก้ไข — {todo}")


RESTORE_ADVICE = ("ผู้ดูแลระบบ: ห้ามกู้คืนข้อมูลสำรองทับฐานข้อมูลเดิม ให้กู้คืนลงฐานข้อมูลใหม่ที่ว่างแล้วสลับชื่อ "
                  "ตามคู่มือ (docs/operations.md หัวข้อ Restoring a backup)")

# A table, index or column that is already there: PostgreSQL's SQLSTATEs and SQLite's words
_DUPLICATES = {"42P07": "ตารางหรือดัชนี", "42710": "ออบเจกต์", "42701": "คอลัมน์"}
_SQLITE_DUPLICATE = re.compile(r"(?:(table|index) (\S+) already exists|duplicate column name: (\S+))")


def _already_there(error: SQLAlchemyError) -> str | None:
    """What a revision found already there (``ตาราง framework_entry``), or None for any other failure."""
    driver = getattr(error, "orig", None)
    state = getattr(driver, "sqlstate", None)
    if state in _DUPLICATES:
        primary = getattr(getattr(driver, "diag", None), "message_primary", None) or str(driver)
        name = re.search(r'"([^"]+)"', primary)
        return f"{_DUPLICATES[state]} {name.group(1) if name else primary}"
    found = _SQLITE_DUPLICATE.search(str(driver or error))
    if found is None:
        return None
    kind, name, column = found.groups()
    return f"คอลัมน์ {column}" if column else f"{'ตาราง' if kind == 'table' else 'ดัชนี'} {name}"


def _failed(current: str | None, head: str, failing: str | None, error: SQLAlchemyError) -> str:
    """The Thai refusal of a revision that failed; the driver's own first line kept in brackets for the log."""
    there = _already_there(error)
    at = f"รุ่น {failing}" if failing else "การปรับรุ่น"
    if there is not None:
        return _refusal(current, head, (
            f"ขณะปรับเป็น{at} ฐานข้อมูลมี{there} อยู่แล้ว ทั้งที่รุ่น {current or 'ว่าง'} ยังไม่มี มักเกิดจากการกู้คืน"
            f"ข้อมูลสำรองทับฐานข้อมูลที่ปรับรุ่นไปแล้ว (pg_restore --clean ลบเฉพาะตารางที่อยู่ในข้อมูลสำรอง ตารางของรุ่นใหม่"
            f"จึงค้างอยู่) หรือจากการปรับรุ่นที่ค้างไว้ครึ่งทาง"), RESTORE_ADVICE)
    detail = (str(getattr(error, "orig", None) or error).strip().splitlines() or [type(error).__name__])[0]
    return _refusal(current, head, f"{at} ทำไม่สำเร็จ ({detail[:200]})",
                    "แจ้งผู้ดูแลระบบพร้อมข้อความนี้ และใช้โปรแกรมรุ่นเดิมไปก่อน")


def _next(scripts: ScriptDirectory, revision: str | None) -> str | None:
    """The revision after ``revision`` (None: the first), the one that failed after it."""
    for script in scripts.walk_revisions():
        if script.down_revision == revision:
            return script.revision
    return None


def backup_sqlite(path: Path, revision: str, day: dt.date) -> Path:
    """A copy of the SQLite file ``path`` beside it, through SQLite's backup API (consistent while it is open),
    named ``<file>.backup-<revision>-<day>``; a second one the same day gets ``-2``, ``-3``, … (never overwritten)."""
    target = path.with_name(f"{path.name}.backup-{revision}-{day.isoformat()}")
    number = 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.name}.backup-{revision}-{day.isoformat()}-{number}")
    source, copy = sqlite3.connect(path, timeout=30), sqlite3.connect(target)
    try:
        source.backup(copy)
    except BaseException:
        copy.close()
        target.unlink(missing_ok=True)  # no half copy left looking like a backup
        raise
    finally:
        source.close()
        copy.close()
    return target


def _foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign keys on this connection, outside any transaction, and make sure it took: inside a
    transaction SQLite ignores the pragma without a word. A connection that cannot be switched back on is thrown
    away, never handed back to the pool with foreign keys off."""
    try:
        connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
        state = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        connection.commit()
    except BaseException:
        connection.invalidate()
        raise
    if state != int(on):
        connection.invalidate()
        raise RuntimeError(f"SQLite did not switch foreign keys {'on' if on else 'off'} (inside a transaction?)")


def _counts(connection: Connection) -> dict[str, int]:
    return {name: _count(connection, name) for name in inspect(connection).get_table_names()
            if name != "alembic_version"}


def _count(connection: Connection, name: str) -> int:
    if name not in inspect(connection).get_table_names():  # a table a migration dropped
        return 0
    return connection.execute(select(func.count()).select_from(table(name))).scalar_one()


def _broken_references(connection: Connection) -> dict[str, int]:
    """SQLite: rows whose foreign key points at nothing, per table (PostgreSQL never holds such rows)."""
    if connection.dialect.name != "sqlite":
        return {}
    broken: dict[str, int] = {}
    for row in connection.exec_driver_sql("PRAGMA foreign_key_check").all():
        broken[row[0]] = broken.get(row[0], 0) + 1
    return broken


def _emptied_by(scripts: ScriptDirectory, current: str | None, head: str) -> set[str]:
    """The tables the revisions being applied empty on purpose (``empties = (…)`` in a revision's module)."""
    emptied: set[str] = set()
    for script in scripts.iterate_revisions(head, current or "base"):
        emptied.update(getattr(script.module, "empties", ()))
    return emptied
