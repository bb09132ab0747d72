"""Write the next migration from the table models: ``python -m ita_dash.store.migrations "what it adds"``.

Alembic compares ``ita_dash/store/tables.py`` with a fresh database migrated to the current head and writes the
difference as ``versions/00NN_what_it_adds.py`` (batch operations, so it runs on SQLite and PostgreSQL alike). Read it
and edit it before committing: autogenerate sees tables and columns, not a rename (it writes a drop and an add) nor
the data a new column should start with. ``tests/store/test_store.py::test_migrations_produce_exactly_the_model_schema``
then checks, on both databases, that the migrated head and the models do not differ.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

MIGRATIONS = Path(__file__).resolve().parent


def next_revision(scripts: ScriptDirectory) -> str:
    """"0015" after "0014": revisions are numbered, four digits."""
    return f"{max(int(script.revision) for script in scripts.walk_revisions()) + 1:04d}"


def new_revision(message: str, versions: Path | None = None) -> Path:
    """Write the next revision (into ``versions``, else this package's ``versions/``) and return its path."""
    from ita_dash.store.sql.upgrade import migrate

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'head.db'}")
        try:
            migrate(engine)
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            if versions is not None:
                config.set_main_option("path_separator", "os")
                locations = os.pathsep.join(map(str, (MIGRATIONS / "versions", versions)))
                config.set_main_option("version_locations", locations)
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA foreign_keys = OFF")  # env.py's rule; autogenerate only reads
                config.attributes["connection"] = connection
                script = command.revision(config, message, autogenerate=True, rev_id=next_revision(
                    ScriptDirectory.from_config(config)), version_path=None if versions is None else str(versions))
        finally:
            engine.dispose()
    return Path(script.path)


if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].strip():
        sys.exit('usage: python -m ita_dash.store.migrations "what the migration adds"')
    print(new_revision(sys.argv[1]))
