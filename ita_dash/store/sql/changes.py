"""What changed since a page last looked, known without asking the database on every rerun (issue 25).

The database keeps change counters (``meta`` and ``unit_version``): ``data_version`` moves with every write, each unit's
counter with every write to that unit (it becomes that write's ``data_version``), ``shared_version`` with every write
that touched no unit (regions and provinces, accounts of no unit, link checks), ``sessions_version`` whenever sign-in
sessions end (signing out, a password reset, a disabled account). A page's caches are keyed by the counters of what it
shows, so a save in one unit leaves the caches of every other unit as they are.

The counters are read by one :class:`ChangeWatch` per database per process, shared by every store object of that
database and every browser session of the process:

- a write made in this process (any store object of the same database) makes the watch read again at the next look,
  so the person who saved, and every other session of the process, sees the change on their next rerun;
- a write made by another process (a second app process behind nginx, a command, the link checker) is seen within
  ``Caching.change_poll_seconds`` (one second by default): the watch reads the ``meta`` row counters at most that
  often, one tiny query per process, and then only the counters of the units changed since it last looked (those
  above the ``data_version`` it saw then: one query that returns only those, not a row per unit of the
  country; issue 36).

So a rerun in which nothing changed costs no query at all. Anything that writes the database without the store's
``_writing`` (a script, a test's raw SQL) must move the counters itself: ``data_version`` on by one, and the
``unit_version`` of every unit it changed to that new ``data_version``, or the pages keep showing what they cached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from ita_dash.domain.settings import CACHING

from ..tables import MetaRow, UnitRow, UnitVersionRow

SHARED = "shared_version"  # writes that touched no unit
SESSIONS = "sessions_version"  # sign-in sessions ended


@dataclass(frozen=True)
class Changes:
    """The counters as last read: compare or key caches by them."""

    data_version: int = 0
    shared_version: int = 0
    sessions_version: int = 0
    units: dict[str, int] = field(default_factory=dict)

    def of_unit(self, unit_code: str) -> tuple[int, int]:
        """What a cache of one unit's data is keyed by: its own counter and that of the writes of no unit (which
        may rename its province or region, or change a check of one of its links)."""
        return self.units.get(unit_code, 0), self.shared_version


class ChangeWatch:
    """The counters of one database, read at most every ``poll`` seconds unless this process wrote (thread-safe).

    ``clock`` is where the watch reads the time (``time.monotonic``): tests hand it a clock they move themselves, so
    that "the poll interval has passed" never depends on sleeping or on how long the machine has been up."""

    _by_url: ClassVar[dict[str, ChangeWatch]] = {}
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, poll: float, clock: Callable[[], float] = time.monotonic):
        self.poll = poll
        self.clock = clock
        self._lock = threading.Lock()
        self._known: Changes | None = None
        self._stale = True  # read at the next look: nothing known yet, or this process wrote
        self._read_at = 0.0
        self.reads = 0  # how many times the database was asked (tests and benchmarks read it)

    @classmethod
    def of(cls, url: str) -> ChangeWatch:
        """The one watch of this database in this process."""
        with cls._registry_lock:
            if url not in cls._by_url:
                cls._by_url[url] = cls(CACHING.change_poll_seconds)
            return cls._by_url[url]

    def forget(self) -> None:
        """This process wrote: read the counters again at the next look."""
        with self._lock:
            self._stale = True

    def look(self, engine: Engine) -> Changes:
        with self._lock:
            if not self._stale and self._known is not None and self.clock() - self._read_at < self.poll:
                return self._known
            known = self._known
            self._stale = False  # before reading: a write landing meanwhile forgets it again
            self._read_at = self.clock()
        fresh = self._read(engine, known)
        with self._lock:
            self._known = fresh
            return fresh

    def _read(self, engine: Engine, known: Changes | None) -> Changes:
        self.reads += 1
        with engine.connect() as connection:
            meta = dict(connection.execute(select(MetaRow.key, MetaRow.value)).all())
            data_version = meta.get("data_version", 0)
            if known is not None and known.data_version == data_version:
                units = known.units
            elif known is not None and known.data_version < data_version:  # only the units changed since
                units = {**known.units, **dict(connection.execute(
                    select(UnitVersionRow.unit_code, UnitVersionRow.version)
                    .where(UnitVersionRow.version > known.data_version)).all())}
            else:
                units = dict(connection.execute(
                    select(UnitRow.code, func.coalesce(UnitVersionRow.version, 0))
                    .outerjoin(UnitVersionRow, UnitVersionRow.unit_code == UnitRow.code)).all())
        return Changes(data_version, meta.get(SHARED, 0), meta.get(SESSIONS, 0), units)
