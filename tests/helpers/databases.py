"""Demo databases the tests share: a copy of one, and the region account the demo lacks."""

from __future__ import annotations

from ita_dash.domain.accounts import User
from ita_dash.domain.model import Role
from ita_dash.store.demo import REGION

# The demo has no region account; the page tests that walk every role add this one (``roles_db``).
REGION_ACCOUNT = (User(username="demo.region", display_name="ภาคตัวอย่าง (สาธิต)", role=Role.REGION,
                       region_code=REGION.code), "demo-region-pass")


def copy_database(url: str, path) -> str:
    """A copy of a SQLite database (``url``) at ``path``, through SQLite's backup API; returns the copy's URL.

    Never ``shutil.copy`` a database this process has open: closing the plain file handle drops every POSIX lock the
    process holds on the file, so another process (an app server, a command) closing its own connection then believes
    it is the last one and removes the WAL index under the open connections; new connections here fail with "disk I/O
    error" (SQLITE_IOERR_SHORT_READ)."""
    import sqlite3

    source, target = sqlite3.connect(url.split("///", 1)[1]), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return f"sqlite:///{path}"


