"""Issue 35 item 7: a backup restored the documented way starts again, on SQLite and on PostgreSQL; every refusal of
an upgrade is Thai.

Reported: the PostgreSQL restore the operations page described (``pg_restore --clean`` into the same database) left
the tables of the newer revisions behind, and the next start failed with psycopg's English ``DuplicateTable``.

The restore test runs the commands of ``docs/operations.md`` (the blocks between ``<!-- restore-sqlite -->`` and
``<!-- restore-postgresql -->`` markers) with bash, their first line (the names) replaced by the test's own: what
the page says is what is tested.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from helpers.environment import PG_URL, ROOT, missing
from helpers.revisions import ROWS, build, columns_of, pg_tools, revisions, snapshot
from ita_dash.store.sql import MigrationRefused, SqlStore

HEAD = revisions()[-1]
OLD = "0012"  # 0013 onwards add tables referring to unit: what `pg_restore --clean` left behind
ENGLISH = ("DuplicateTable", "already exists", "Traceback", "Can't locate", "psycopg", "sqlite3")


def documented(marker: str, names: str) -> str:
    """The commands of ``docs/operations.md`` between ``<!-- marker -->`` and ``<!-- /marker -->``, the first line
    (the names an operator sets) replaced by ``names``."""
    text = (ROOT / "docs" / "operations.md").read_text()
    block = text.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    lines = [line for line in block.strip().splitlines() if not line.startswith("```")]
    assert lines[0].split("=", 1)[0] == names.split("=", 1)[0], "the block starts with the line of names"
    return "\n".join([names, *lines[1:]])


def run_bash(script: str, *, cwd: Path, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"


# -- PostgreSQL: databases of the test's own, made and dropped here -------------------------------------------------


@pytest.fixture
def pg_database(pg_available):
    """A new database of this test's own name (``ita_rt_…``): its URL; it and every database named after it (the
    restored one, the one put aside) are dropped afterwards."""
    if pg_available is not None:
        missing("PostgreSQL", pg_available)
    name = f"ita_rt_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield sa.make_url(PG_URL).set(database=name)
    with admin.connect() as connection:
        made = connection.execute(sa.text("SELECT datname FROM pg_database WHERE datname = :name OR datname LIKE :like"),
                                  {"name": name, "like": f"{name}\\_%"}).scalars().all()
        for database in made:
            connection.exec_driver_sql(f'DROP DATABASE "{database}" WITH (FORCE)')
    admin.dispose()


def _libpq(url: sa.URL, tools: Path) -> dict[str, str]:
    """What the client tools need beyond the documented options: their folder first on the PATH, the port."""
    env = {"PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}", "PGPORT": str(url.port or 5432)}
    if url.password:
        env["PGPASSWORD"] = url.password
    return env


def _pg_dump(url: sa.URL, tools: Path, dump: Path) -> None:
    """The backup of the operations page: ``pg_dump --format=custom``."""
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run([tools / "pg_dump", "--format=custom", f"--file={dump}", plain], check=True, timeout=120,
                   env={**os.environ, **_libpq(url, tools)})


def _upgraded_then_broken(url: str) -> dict[str, list[tuple]]:
    """Start on the old database (it is upgraded to head), then lose the follow-ups: what a restore must undo.
    Returns the database as the upgrade left it."""
    SqlStore(url).close()
    upgraded = snapshot(url)
    assert upgraded["alembic_version"] == [(HEAD,)]
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM follow_up"))
    engine.dispose()
    return upgraded


def _started_again(url: str, before: dict[str, list[tuple]], upgraded: dict[str, list[tuple]]) -> None:
    assert snapshot(url) == before  # exactly what was backed up, at the old revision
    SqlStore(url).close()  # the next start upgrades the restored database again
    after = snapshot(url)
    assert after["alembic_version"] == [(HEAD,)]
    # as the first upgrade left it, row for row (a revision may stamp the time it ran: the columns backed up match)
    assert {name: len(rows) for name, rows in after.items()} == {name: len(rows) for name, rows in upgraded.items()}
    assert len(after["follow_up"]) == ROWS
    del before["alembic_version"]
    assert columns_of(after, before) == {name: sorted(map(tuple, rows), key=repr) for name, rows in before.items()}


def test_a_postgresql_backup_restored_the_documented_way_starts_again(pg_database, tmp_path):
    url = pg_database.render_as_string(hide_password=False)
    tools = pg_tools(PG_URL)
    build(url, OLD)
    before = snapshot(url)
    dump = tmp_path / "ita-before-upgrade.dump"
    _pg_dump(pg_database, tools, dump)
    upgraded = _upgraded_then_broken(url)
    user = pg_database.username or "postgres"
    names = (f"DB={pg_database.database} OWNER={user} ADMIN={user} HOST={pg_database.host or '127.0.0.1'} "
             f"DUMP={dump}")
    run_bash(documented("restore-postgresql", names), cwd=tmp_path, env=_libpq(pg_database, tools))
    _started_again(url, before, upgraded)
    admin = sa.create_engine(PG_URL)
    with admin.connect() as connection:  # the database as it was before the restore is kept, renamed
        aside = connection.execute(sa.text("SELECT count(*) FROM pg_database WHERE datname LIKE :like"),
                                   {"like": f"{pg_database.database}\\_replaced\\_%"}).scalar_one()
    admin.dispose()
    assert aside == 1


def test_a_sqlite_backup_restored_the_documented_way_starts_again(tmp_path):
    (tmp_path / "data").mkdir()
    url = f"sqlite:///{tmp_path / 'data' / 'ita.db'}"
    build(url, OLD)
    before = snapshot(url)
    store = SqlStore(url)  # the app's start: the automatic backup, then the upgrade
    backup = store.upgrade_backup
    store.close()
    assert backup is not None and snapshot(f"sqlite:///{backup}") == before
    upgraded = snapshot(url)
    with sqlite3.connect(tmp_path / "data" / "ita.db") as raw:
        raw.execute("DELETE FROM follow_up")
    run_bash(documented("restore-sqlite", f"DB=data/ita.db BACKUP=data/{backup.name}"), cwd=tmp_path)
    assert [p.name for p in (tmp_path / "data").glob("ita.db.replaced-*")]  # the broken one kept aside
    _started_again(url, before, upgraded)


def test_pg_restore_clean_into_the_upgraded_database_is_refused_in_thai(pg_database, tmp_path):
    """The reported restore: refused in Thai, saying to restore into a new database, and nothing changed."""
    url = pg_database.render_as_string(hide_password=False)
    tools = pg_tools(PG_URL)
    build(url, OLD)
    dump = tmp_path / "ita-before-upgrade.dump"
    _pg_dump(pg_database, tools, dump)
    SqlStore(url).close()
    plain = pg_database.set(drivername="postgresql").render_as_string(hide_password=False)
    subprocess.run([tools / "pg_restore", "--clean", "--if-exists", "--no-owner", f"--dbname={plain}", str(dump)],
                   capture_output=True, timeout=120, env={**os.environ, **_libpq(pg_database, tools)})
    left = snapshot(url)
    assert left["alembic_version"] == [(OLD,)] and "framework_entry" in left  # the newer tables stayed behind
    with pytest.raises(MigrationRefused) as refused:
        SqlStore(url)
    message = str(refused.value)
    assert message.startswith(f"ไม่ได้ปรับรุ่นฐานข้อมูล (รุ่น {OLD} → รุ่น {HEAD})") and "framework_entry" in message
    assert "ฐานข้อมูลใหม่ที่ว่าง" in message and "docs/operations.md" in message
    assert not any(word in message for word in ENGLISH)
    assert snapshot(url) == left


# -- every refusal of an upgrade in Thai, on both databases -----------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ita.db'}"
    return request.getfixturevalue("pg_url")


def test_a_table_the_revision_does_not_have_yet_is_refused_in_thai(url):
    """A table a later revision creates is already there (a restore over the upgraded database, an upgrade left
    half done by an older version): refused in Thai, rolled back."""
    build(url, OLD)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE framework_entry (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    before = snapshot(url)
    with pytest.raises(MigrationRefused) as refused:
        SqlStore(url)
    message = str(refused.value)
    assert f"ขณะปรับเป็นรุ่น {revisions()[revisions().index(OLD) + 1]}" in message
    assert "framework_entry อยู่แล้ว" in message and f"ฐานข้อมูลยังเป็นรุ่น {OLD} เหมือนเดิม" in message
    assert "ฐานข้อมูลใหม่ที่ว่าง" in message
    assert not any(word in message for word in ENGLISH)
    assert snapshot(url) == before


def test_a_database_newer_than_the_code_is_refused_in_thai_and_left_alone(url, tmp_path):
    build(url, HEAD)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    before = snapshot(url)
    with pytest.raises(MigrationRefused) as refused:
        SqlStore(url)
    message = str(refused.value)
    assert message.startswith("ไม่ได้ปรับรุ่นฐานข้อมูล: ฐานข้อมูลเป็นรุ่น 0099 ซึ่งโปรแกรมนี้ไม่รู้จัก")
    assert f"รุ่น {HEAD}" in message and not any(word in message for word in ENGLISH)
    assert snapshot(url) == before
    assert not list(tmp_path.glob("ita.db.backup-*"))  # nothing to back up: nothing was going to be applied


def test_the_app_shows_the_thai_refusal_of_a_table_already_there(tmp_path, monkeypatch):
    from helpers.app import make_app

    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, OLD)
    with sqlite3.connect(tmp_path / "ita.db") as raw:
        raw.execute("CREATE TABLE framework_entry (id INTEGER PRIMARY KEY)")
    app = make_app(monkeypatch, url, user=None)
    app.run()
    assert not app.exception
    [shown] = app.error
    assert shown.value.startswith("ไม่ได้ปรับรุ่นฐานข้อมูล") and "framework_entry" in shown.value
    assert not app.text_input  # no sign-in form
