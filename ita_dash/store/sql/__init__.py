"""The SQL store: SQLite by default, PostgreSQL when shared. Schema through Alembic, applied on open.

Every read of a unit and every write checks :mod:`ita_dash.domain.permissions` for the acting user. Every write is
one transaction that also writes its audit lines and moves the data version on; an edit based on an old version of
a record is refused with :class:`StaleVersion` and never overwrites the newer one.

The store is one object composed of one part per concern, each in its own module:

- ``engine``: The database engine (SQLite with foreign keys and WAL, or PostgreSQL) and the schema migrations.
- ``core``: The base every part of the store stands on.
- ``organisation``: Regions, provinces, units and their sections.
- ``plan_year``: A unit's fiscal year as a whole.
- ``records``: The records section heads and the chief edit one at a time.
- ``plans``: A measures plan brought in all at once.
- ``accounts``: Accounts.
- ``sign_in``: Signing in (with its lockout) and sign-in sessions.
- ``evidence``: The results report a unit signs.
- ``framework_entries``: What people enter of a year's framework (OIT list, calendar, minimums from ITAP).
- ``meetings``: The monthly ITA meeting and the chair's orders (ข้อสั่งการของประธาน) it gives, with the sections' reports on them.
- ``publication``: What is published for the assessors and chased by mail.
- ``sheet_registry``: Which unit's year lives in which Google Sheet, and the edits made there recorded in the audit trail.
- ``statistics``: Read-only figures across units.
"""

from __future__ import annotations

from ita_dash.domain.accounts import SignInRefused
from ita_dash.domain.permissions import NotAllowed

from .accounts import Accounts
from .core import SqlBase
from .engine import make_engine
from .evidence import Evidence
from .framework_entries import FrameworkEntries
from .meetings import Meetings
from .organisation import Organisation
from .plan_year import PlanYear
from .plans import Plans
from .publication import Publication
from .records import Records
from .sheet_registry import SheetRegistry
from .sign_in import SignIn
from .statistics import Statistics
from .upgrade import MigrationRefused, migrate


class SqlStore(Organisation, PlanYear, Records, Plans, Accounts, SignIn, Evidence, Meetings, Publication,
               SheetRegistry, Statistics, FrameworkEntries):
    """:class:`ita_dash.store.base.Store` over SQLModel: the parts above, one object."""


__all__ = ["MigrationRefused", "NotAllowed", "SignInRefused", "SqlBase", "SqlStore", "migrate", "make_engine"]
