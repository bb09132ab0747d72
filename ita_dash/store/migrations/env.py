"""Alembic environment: run by :func:`ita_dash.store.sql.migrate` on an open connection, in its transaction.

On SQLite that connection has foreign keys off (:mod:`ita_dash.store.sql.upgrade`): a table Alembic rebuilds by
copying it is dropped, and with foreign keys on that drop would delete the rows referring to it ON DELETE CASCADE.
"""

from alembic import context

from ita_dash.store.tables import metadata

connection = context.config.attributes["connection"]
applied = context.config.attributes.setdefault("applied", [])  # what a failure is reported after (upgrade.py)
if connection.dialect.name == "sqlite" and connection.exec_driver_sql("PRAGMA foreign_keys").scalar():
    raise RuntimeError("SQLite migrations run with foreign keys off (ita_dash.store.sql.upgrade.migrate): a table "
                       "rebuilt with them on deletes the rows that refer to it")
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
    on_version_apply=lambda step, **_: applied.append(step.up_revision_id),
)
with context.begin_transaction():
    context.run_migrations()
