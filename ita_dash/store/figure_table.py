"""Unit figures kept in a table (``unit_figure``, migration 0012), under the process cache of :mod:`.figure_cache`
(issue 18), so that a new process — or a second app process — reads the figures the others computed instead of
recomputing every unit.

A row is one unit's figures on one day (fiscal year, as_of, thresholds) with the unit's change counter and the
template library they were computed with; it is used only while both still match, otherwise the unit is recomputed
and the row written over. Writes are best-effort and outside the data's transactions: they never move
``meta.data_version`` or any unit's counter (the figures are a cache of the data, not data), and a failure to
write is logged and forgotten — the page already has its figures.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import importlib
import json
import logging
from collections.abc import Iterable
from pathlib import Path

from pydantic import TypeAdapter
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ita_dash.domain.province import UnitFigures
from ita_dash.domain.settings import Thresholds

from .tables import UnitFigureRow

log = logging.getLogger(__name__)

_FIGURES = TypeAdapter(UnitFigures)
_IN_LIST = 1000  # up to this many units are asked for by code; more: the whole day is read (one index range)
# The modules whose code decides a unit's figures: the domain's rules and the SQL that mirrors them. A kept row is
# keyed by a hash of their source, so a deploy that changes any rule (or what a figure means) recomputes every unit
# instead of reading back figures judged by the old rule (issue 33).
RULE_MODULES = ("ita_dash.domain.fiscal", "ita_dash.domain.followup", "ita_dash.domain.lights",
                "ita_dash.domain.quotas", "ita_dash.domain.province", "ita_dash.domain.status",
                "ita_dash.domain.framework_entries", "ita_dash.store.figures")


@functools.cache
def rules_version() -> str:
    """A short hash of the source of :data:`RULE_MODULES`."""
    digest = hashlib.sha256()
    for name in RULE_MODULES:
        digest.update(Path(importlib.import_module(name).__file__).read_bytes())
    return digest.hexdigest()[:16]


def thresholds_key(settings: Thresholds) -> str:
    """A short hash of every threshold and of the rules' version (a change of any of them keys other rows)."""
    text = json.dumps({**dataclasses.asdict(settings), "_rules": rules_version()}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def dump(figures: UnitFigures) -> str:
    return _FIGURES.dump_json(figures).decode()


def load(text: str) -> UnitFigures:
    return _FIGURES.validate_json(text)


class FigureTable:
    """The ``unit_figure`` rows of one database."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def read(self, fiscal_year: int, as_of: dt.date, settings: Thresholds, template_key: str,
             versions: dict[str, int]) -> dict[str, UnitFigures]:
        """The kept figures of the units of ``versions`` (code → current counter) whose row was computed at that
        counter and with that template library."""
        if not versions:
            return {}
        query = select(UnitFigureRow.unit_code, UnitFigureRow.unit_version, UnitFigureRow.figures).where(
            UnitFigureRow.fiscal_year == fiscal_year, UnitFigureRow.as_of == as_of,
            UnitFigureRow.thresholds_key == thresholds_key(settings), UnitFigureRow.template_key == template_key)
        if len(versions) <= _IN_LIST:
            query = query.where(UnitFigureRow.unit_code.in_(sorted(versions)))
        with Session(self.engine) as session:
            rows = session.execute(query).all()
        return {code: load(text) for code, version, text in rows if versions.get(code) == version}

    def write(self, fiscal_year: int, as_of: dt.date, settings: Thresholds, template_key: str,
              entries: Iterable[tuple[int, UnitFigures]]) -> int:
        """Keep ``entries`` ((counter, figures) pairs), writing over the unit's row of that day, in a short
        transaction of its own that moves no counter. Raises on a database error (callers decide)."""
        now = dt.datetime.now(dt.UTC)
        key = thresholds_key(settings)
        values = [{"unit_code": figures.unit.code, "fiscal_year": fiscal_year, "as_of": as_of, "thresholds_key": key,
                   "unit_version": version, "template_key": template_key, "figures": dump(figures),
                   "computed_at": now} for version, figures in entries]
        if not values:
            return 0
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        statement = upsert(UnitFigureRow)
        statement = statement.on_conflict_do_update(
            index_elements=[UnitFigureRow.fiscal_year, UnitFigureRow.as_of, UnitFigureRow.thresholds_key,
                            UnitFigureRow.unit_code],
            set_={name: statement.excluded[name] for name in ("unit_version", "template_key", "figures",
                                                             "computed_at")})
        with Session(self.engine) as session, session.begin():
            for start in range(0, len(values), 1000):
                session.execute(statement, values[start:start + 1000])
        return len(values)

    def keep(self, fiscal_year: int, as_of: dt.date, settings: Thresholds, template_key: str,
             entries: Iterable[tuple[int, UnitFigures]]) -> int:
        """:meth:`write`, best-effort: a failure is logged and 0 returned (the view already has its figures)."""
        try:
            return self.write(fiscal_year, as_of, settings, template_key, entries)
        except Exception:  # noqa: BLE001 — a cache write must never break a page
            log.warning("could not keep unit figures of %s (FY %s)", as_of, fiscal_year, exc_info=True)
            return 0

    def prune(self, before: dt.date) -> int:
        """Forget the figures of the days before ``before``; returns how many rows went."""
        with Session(self.engine) as session, session.begin():
            return session.execute(delete(UnitFigureRow).where(UnitFigureRow.as_of < before)).rowcount or 0

    def count(self, as_of: dt.date | None = None) -> int:
        query = select(func.count()).select_from(UnitFigureRow)
        if as_of is not None:
            query = query.where(UnitFigureRow.as_of == as_of)
        with Session(self.engine) as session:
            return session.execute(query).scalar_one()
