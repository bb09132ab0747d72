"""Issue 26: upgrading a database never loses a row, on SQLite and on PostgreSQL.

Each earlier schema is built by running Alembic up to that revision (``helpers.revisions.build``); every table it
has gets rows through plain INSERTs made from the table as that revision left it (values follow each column's type,
foreign keys point at the parent's rows, so measures have follow-ups, users have sign-in sessions, and so on); then
the store opens the database as the app does on start (which migrates it to head). Every row of every table is read
before and after.

Reported: a SQLite demo database at revision 0003 lost all 1,685 follow-ups on ``init-db``: 0006 rebuilds
``measure`` on SQLite and, with foreign keys on, dropping the old table deleted the follow-ups ON DELETE CASCADE.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config

from helpers.revisions import ROWS, build, columns_of, revisions, snapshot
from ita_dash import cli
from ita_dash.store import StoreError
from ita_dash.store.sql import SqlStore
from ita_dash.store.sql.upgrade import MIGRATIONS

EARLIER = revisions()[:-1]  # 0001 … head-1
HEAD = revisions()[-1]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ita.db'}"
    return request.getfixturevalue("pg_url")


@pytest.mark.parametrize("revision", EARLIER)
def test_upgrading_from_every_earlier_revision_keeps_every_row_of_every_table(url, revision):
    build(url, revision)
    before = snapshot(url)
    assert before["alembic_version"] == [(revision,)]
    assert all(len(rows) == ROWS for name, rows in before.items() if name not in ("alembic_version", "meta"))
    SqlStore(url).close()  # what the app and `init-db` do on start
    after = snapshot(url)
    assert after["alembic_version"] == [(HEAD,)]
    del before["alembic_version"]
    counts = {name: len(rows) for name, rows in before.items()}
    assert {name: len(after[name]) for name in before} == counts
    assert columns_of(after, before) == {name: sorted(map(tuple, rows), key=repr) for name, rows in before.items()}


def test_the_reported_case_follow_ups_of_a_0003_database_survive_0006_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, "0003")
    assert len(snapshot(url)["follow_up"]) == ROWS
    SqlStore(url).close()
    assert len(snapshot(url)["follow_up"]) == ROWS
    assert len(snapshot(url)["sign_in_session"]) == 0  # made by 0004: nothing there yet at 0003
    with sqlite3.connect(tmp_path / "ita.db") as raw:
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_store_connections_keep_foreign_keys_on_after_migrating(tmp_path):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, "0005")
    store = SqlStore(url)
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


# -- a backup before applying anything to a SQLite file -----------------------------------------------------------


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("ita.db.backup-*"))


def test_a_sqlite_file_is_backed_up_by_revision_and_date_before_it_is_migrated(tmp_path):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, "0003")
    before = snapshot(url)
    SqlStore(url).close()
    [backup] = _backups(tmp_path)
    prefix = "ita.db.backup-0003-"
    assert backup.name.startswith(prefix)
    dt.date.fromisoformat(backup.name[len(prefix):])  # the date it was taken, YYYY-MM-DD
    assert snapshot(f"sqlite:///{backup}") == before  # the database as it was, at 0003
    SqlStore(url).close()  # at head now: nothing to apply, no new backup
    assert _backups(tmp_path) == [backup]


def test_a_new_database_and_one_at_head_get_no_backup(tmp_path):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    SqlStore(url).close()
    SqlStore(url).close()
    assert _backups(tmp_path) == []


def test_a_second_backup_of_the_same_revision_and_day_does_not_overwrite_the_first(tmp_path):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    from ita_dash.store.sql import upgrade as sql_upgrade

    build(url, "0003")
    first = sql_upgrade.backup_sqlite(tmp_path / "ita.db", "0003", dt.date(2026, 12, 6))
    second = sql_upgrade.backup_sqlite(tmp_path / "ita.db", "0003", dt.date(2026, 12, 6))
    assert (first.name, second.name) == ("ita.db.backup-0003-2026-12-06", "ita.db.backup-0003-2026-12-06-2")


# -- a migration that would lose rows is refused and rolled back --------------------------------------------------

LOSING = '''"""A revision for the test: one statement that changes data (breaks it, unless declared)."""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None
{declaration}

def upgrade() -> None:
    op.create_table("scratch", sa.Column("id", sa.Integer, primary_key=True))
    op.execute("{statement}")


def downgrade() -> None:
    pass
'''


def broken_scripts(tmp_path: Path, monkeypatch, statement: str, declaration: str = "") -> Path:
    """The real migrations plus one more revision running ``statement``; the store migrates with them."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    revision = LOSING.format(head=HEAD, statement=statement, declaration=declaration)
    (scripts / "versions" / "9999_broken.py").write_text(revision)
    from ita_dash.store.sql import upgrade as sql_upgrade

    monkeypatch.setattr(sql_upgrade, "MIGRATIONS", scripts)
    return scripts


def test_a_migration_that_would_lose_rows_is_refused_in_thai_and_rolled_back(url, tmp_path, monkeypatch):
    build(url, HEAD)
    before = snapshot(url)
    broken_scripts(tmp_path, monkeypatch, "DELETE FROM follow_up WHERE id > 1")
    with pytest.raises(StoreError) as refused:
        SqlStore(url)
    message = str(refused.value)
    assert f"รุ่น {HEAD}" in message and "follow_up" in message and "3 → 1" in message
    assert "ยกเลิก" in message
    after = snapshot(url)
    assert after == before  # the revision, the follow-ups, no table "scratch": all rolled back
    assert "scratch" not in after


def test_a_revision_may_empty_a_table_it_declares(url, tmp_path, monkeypatch):
    build(url, HEAD)
    broken_scripts(tmp_path, monkeypatch, "DELETE FROM unit_figure", declaration='empties = ("unit_figure",)')
    SqlStore(url).close()
    after = snapshot(url)
    assert after["alembic_version"] == [("9999",)] and after["unit_figure"] == []
    assert len(after["follow_up"]) == ROWS


def test_a_migration_leaving_broken_references_on_sqlite_is_refused(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, HEAD)
    before = snapshot(url)
    broken_scripts(tmp_path, monkeypatch, "UPDATE follow_up SET measure_id = 777 WHERE id = 1")
    with pytest.raises(StoreError, match="follow_up"):
        SqlStore(url)
    assert snapshot(url) == before


def test_init_db_shows_the_refusal_as_one_thai_line_without_a_trace(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, HEAD)
    broken_scripts(tmp_path, monkeypatch, "DELETE FROM follow_up")
    assert cli.main(["--db", url, "init-db"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ไม่ได้ปรับรุ่นฐานข้อมูล") and "Traceback" not in err and len(err.splitlines()) == 1


def test_the_app_refuses_to_start_with_the_thai_message(tmp_path, monkeypatch):
    from helpers.app import make_app

    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, HEAD)
    broken_scripts(tmp_path, monkeypatch, "DELETE FROM follow_up")
    app = make_app(monkeypatch, url, user=None)
    app.run()
    assert not app.exception
    [shown] = app.error
    assert shown.value.startswith("ไม่ได้ปรับรุ่นฐานข้อมูล") and "follow_up" in shown.value
    assert not app.text_input  # no sign-in form


def test_init_db_names_the_backup_it_took(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, "0005")
    assert cli.main(["--db", url, "init-db"]) == 0
    [backup] = _backups(tmp_path)
    assert capsys.readouterr().out.splitlines() == [f"backup before upgrading: {backup}", f"schema up to date: {url}"]
    assert cli.main(["--db", url, "init-db"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"schema up to date: {url}"]


def test_alembic_refuses_to_run_on_a_sqlite_connection_with_foreign_keys_on(tmp_path):
    from ita_dash.store.sql import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'ita.db'}")  # the store's engine: foreign keys on
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection, pytest.raises(RuntimeError, match="foreign keys off"):
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()


def test_a_file_that_cannot_be_backed_up_is_not_upgraded(tmp_path, monkeypatch):
    from ita_dash.store.sql import upgrade as sql_upgrade

    url = f"sqlite:///{tmp_path / 'ita.db'}"
    build(url, "0003")
    before = snapshot(url)

    def full_disk(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sql_upgrade, "backup_sqlite", full_disk)
    with pytest.raises(StoreError, match="สำรองไฟล์ .* ก่อนปรับรุ่นไม่ได้ \\(database or disk is full\\)"):
        SqlStore(url)
    assert snapshot(url) == before


def test_the_next_migration_is_written_from_the_table_models(tmp_path, monkeypatch):
    """Issue 33: a new column in ``tables.py`` becomes the next numbered revision by Alembic autogenerate
    (``python -m ita_dash.store.migrations "…"``), revising the current head; with no change it writes nothing to do."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import Column, MetaData, String

    from ita_dash.store import tables
    from ita_dash.store.migrations.__main__ import MIGRATIONS, new_revision

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    unchanged = new_revision("nothing", tmp_path / "same")
    assert unchanged.name == f"{int(head) + 1:04d}_nothing.py"
    assert f"down_revision = '{head}'" in unchanged.read_text() and "op." not in unchanged.read_text()
    grown = MetaData()
    for table in tables.metadata.sorted_tables:
        table.to_metadata(grown)
    grown.tables["unit"].append_column(Column("motto", String(80), nullable=True))
    monkeypatch.setattr(tables, "metadata", grown)
    written = new_revision("unit motto", tmp_path / "grown").read_text()
    assert "batch_op.add_column(sa.Column('motto', sa.String(length=80), nullable=True))" in written
    assert "batch_op.drop_column('motto')" in written


def test_a_revision_that_fails_is_refused_in_thai_naming_it_and_rolled_back(url, tmp_path, monkeypatch):
    """Issue 35: any failure inside a revision reaches the person as a Thai refusal naming the revision, the
    driver's first line in brackets for the log, never the English exception; nothing is left applied."""
    build(url, HEAD)
    before = snapshot(url)
    broken_scripts(tmp_path, monkeypatch, "UPDATE no_such_table SET x = 1")
    with pytest.raises(StoreError) as refused:
        SqlStore(url)
    message = str(refused.value)
    assert message.startswith(f"ไม่ได้ปรับรุ่นฐานข้อมูล (รุ่น {HEAD} → รุ่น 9999): รุ่น 9999 ทำไม่สำเร็จ (")
    assert "no_such_table" in message and "แจ้งผู้ดูแลระบบ" in message and "Traceback" not in message
    assert snapshot(url) == before
