"""Unit figures kept per unit in the process, recomputed only for the units whose change counter moved (issue 18).

Every write transaction moves the change counter of each unit it wrote (``unit_version``, see
:meth:`ita_dash.store.sql.SqlStore._writing`). A province or national view then costs:

1. when nothing at all was written since the same view was last asked for (the database-wide data version has not
   moved): one tiny query and a copy of the list kept for that view;
2. otherwise one query that reads the (unit, counter) pairs of every unit in the view's scope (scoped to what the
   actor may read, like every read; read once per data version and scope, so the same scope on another day — the
   province page's end of last month — does not read them again), and the grouped queries of :mod:`.figures`
   restricted to the units whose counter differs from the one their kept figures were computed at (or that have
   none kept: a new day, a unit never seen). When more than half the units need computing, the grouped queries run
   over the whole scope instead (one
   pass is cheaper than a long ``IN`` list).

A unit's figures are kept under (fiscal year, as_of, thresholds) and unit, with the counter and the template library
they were computed with; a new day is a new key, so the passing of days recomputes (once per day and view). The
figures of a unit do not depend on who reads them, so entries are shared between users; what a user gets is always
cut to the units the scope query returns for them. Bounded (the least recently used days go first) and safe to use
from Streamlit's script threads: the lock is held only around the dictionaries, never while the database works.

Under this process cache lies the table ``unit_figure`` (:mod:`.figure_table`, migration 0012): the stale units'
kept rows are read in one query and used where their counter and template fingerprint still match, so a new process
(or a second app process) computes only the units nobody has computed at their current counter; what it computes
it writes there (best-effort, a transaction of its own that moves no counter). ``figures refresh`` fills a new day.

The counters are read before the figures are computed, so a save landing in between shows in the figures but not
in the counter they are kept under: the next view recomputes that unit once more, never keeps anything stale.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ita_dash.domain.framework import TemplateLibrary
from ita_dash.domain.province import UnitFigures
from ita_dash.domain.settings import DEFAULT, Thresholds

from . import figures as grouped
from .figure_table import FigureTable
from .tables import MetaRow, UnitRow, UnitVersionRow

log = logging.getLogger(__name__)

MAX_UNITS = 60_000  # unit figures kept: 5,250 units × about ten days (≈ 1 KB each)
MAX_VIEWS = 128  # whole views (scope × year × day) kept for a rerun without any write in between


class FigureCache:
    """Per-unit figures of one database (a :class:`~ita_dash.store.sql.SqlStore` holds one)."""

    def __init__(self, max_units: int = MAX_UNITS, max_views: int = MAX_VIEWS, table: FigureTable | None = None):
        self.max_units, self.max_views = max_units, max_views
        self.table = table  # the rows kept in the database under this cache (None: the process cache alone)
        # (fiscal year, as_of, thresholds) → unit → (counter, templates, figures); least recently used days go first
        self._days: OrderedDict[tuple, dict[str, tuple[int, TemplateLibrary, UnitFigures]]] = OrderedDict()
        self._size = 0  # unit entries over all days
        self._views: OrderedDict[tuple, tuple[int, TemplateLibrary, tuple[UnitFigures, ...]]] = OrderedDict()
        self._counters: OrderedDict[Hashable, tuple[int, list]] = OrderedDict()  # a scope's counters, by data version
        self._lock = threading.Lock()
        self.computed = 0  # units computed so far (tests and benchmarks read it)

    def clear(self) -> None:
        with self._lock:
            self._days.clear()
            self._size = 0
            self._views.clear()
            self._counters.clear()

    def __len__(self) -> int:
        return self._size

    def _evict(self) -> None:
        """Over the bound: the least recently used days go first, then the oldest entries of the last day left."""
        while self._size > self.max_units and self._days:
            if len(self._days) > 1:
                self._size -= len(self._days.popitem(last=False)[1])
            else:
                entries = next(iter(self._days.values()))
                del entries[next(iter(entries))]
                self._size -= 1

    def _put(self, day: tuple, version_of: dict[str, int], templates: TemplateLibrary, figures: list[UnitFigures],
             found: dict[str, UnitFigures]) -> None:
        with self._lock:
            kept_day = self._days.setdefault(day, {})
            self._days.move_to_end(day)
            for figure in figures:
                code = figure.unit.code
                if code not in version_of:  # a unit added since the counters were read: next time
                    continue
                found[code] = figure
                self._size += code not in kept_day
                kept_day[code] = (version_of[code], templates, figure)
            self._evict()

    def figures(self, reading: Callable[[], AbstractContextManager[Session]], units_query, templates: TemplateLibrary,
                fiscal_year: int, as_of: dt.date, settings: Thresholds = DEFAULT,
                view: Hashable | None = None) -> list[UnitFigures]:
        """What :func:`ita_dash.store.figures.unit_figures` returns for ``units_query``, from kept figures where the
        unit's counter has not moved. ``view``: a key for the whole answer (the actor's scope and the filters that
        made ``units_query``), kept while the database-wide data version stays the same."""
        view_key = None if view is None else (view, fiscal_year, as_of, settings)
        with reading() as session:
            data_version = session.execute(select(MetaRow.value).where(MetaRow.key == "data_version")).scalar()
            if view_key is not None:
                with self._lock:
                    kept = self._views.get(view_key)
                    if kept is not None and kept[0] == data_version and kept[1] is templates:
                        self._views.move_to_end(view_key)
                        return list(kept[2])
            counted = None if view is None else self._counters.get(view)
            if counted is not None and counted[0] == data_version:  # the same scope on another day (the province
                versions = counted[1]  # page's end of last month): the counters just read still hold
            else:
                versions = session.execute(
                    units_query.outerjoin(UnitVersionRow, UnitVersionRow.unit_code == UnitRow.code)
                    .with_only_columns(UnitRow.code, func.coalesce(UnitVersionRow.version, 0))
                    .order_by(None).order_by(UnitRow.code)).all()
                if view is not None:
                    with self._lock:
                        self._counters[view] = (data_version, versions)
                        while len(self._counters) > self.max_views:
                            self._counters.popitem(last=False)
        found: dict[str, UnitFigures] = {}
        stale = []
        day = (fiscal_year, as_of, settings)
        with self._lock:
            kept_day = self._days.get(day, {})
            if day in self._days:
                self._days.move_to_end(day)
            for code, version in versions:
                kept = kept_day.get(code)
                if kept is not None and kept[0] == version and kept[1] is templates:
                    found[code] = kept[2]
                else:
                    stale.append(code)
        version_of = dict(versions)
        stored: list[UnitFigures] = []
        if stale and self.table is not None:  # kept by another process, or by this one before it restarted
            try:
                stored = list(self.table.read(fiscal_year, as_of, settings, templates.fingerprint(),
                                              {code: version_of[code] for code in stale}).values())
            except Exception:  # noqa: BLE001 — the table is a cache: without it, compute
                log.warning("could not read kept unit figures", exc_info=True)
            if stored:
                read = {figure.unit.code for figure in stored}
                stale = [code for code in stale if code not in read]
                self._put(day, version_of, templates, stored, found)
        if stale:
            whole = len(stale) * 2 > len(versions)
            fresh = grouped.unit_figures(reading, units_query, templates, fiscal_year, as_of, settings,
                                         unit_codes=None if whole else stale)
            if self.table is not None:  # best-effort, in a short transaction of its own that moves no counter
                wanted = set(stale)
                self.table.keep(fiscal_year, as_of, settings, templates.fingerprint(),
                                [(version_of[f.unit.code], f) for f in fresh if f.unit.code in wanted])
            with self._lock:
                self.computed += len(fresh)
            self._put(day, version_of, templates, fresh, found)
        answer = [found[code] for code, _ in versions if code in found]  # a unit deleted meanwhile drops out
        if view_key is not None:
            with self._lock:
                self._views[view_key] = (data_version, templates, tuple(answer))
                self._views.move_to_end(view_key)
                while len(self._views) > self.max_views:
                    self._views.popitem(last=False)
        return answer
