"""Read-only figures across units: the per-unit figures of the province and national pages, the
planner's statistics, a record's history.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text

from ita_dash.domain.model import (
    Actor,
    AuditEntry,
)
from ita_dash.domain.province import UnitFigures

from .. import figures
from ..tables import (
    AuditRow,
    ProvinceRow,
    UnitRow,
)
from .core import SqlBase


class Statistics(SqlBase):
    """Read-only figures across units."""

    def unit_figures(self, actor: Actor, fiscal_year: int, as_of: dt.date, province_code: str | None = None,
                     region_code: str | None = None, *, cached: bool = True) -> list[UnitFigures]:
        """Every readable unit's figures on ``as_of`` (optionally of one province or region), from grouped queries;
        kept per unit in the process and recomputed only for the units whose change counter moved
        (:mod:`.figure_cache`). ``cached=False``: everything computed afresh (tests, benchmarks)."""
        query = self._unit_scope(select(UnitRow), actor)
        if province_code is not None:
            query = query.where(UnitRow.province_code == province_code)
        if region_code is not None:
            query = query.where(UnitRow.province_code.in_(
                select(ProvinceRow.code).where(ProvinceRow.region_code == region_code)))
        templates = self.entered_library(fiscal_year)  # issue 32: what people entered of the year's framework
        if not cached:
            return figures.unit_figures(self._reading, query, templates, fiscal_year, as_of)
        scope = (actor.role, actor.unit_code, actor.province_code, actor.region_code)  # what _unit_scope reads
        return self.figure_cache.figures(self._reading, query, templates, fiscal_year, as_of,
                                         view=(scope, province_code, region_code))

    def refresh_statistics(self) -> None:
        """ANALYZE, so the query planner knows the tables' sizes after a bulk load (PostgreSQL would otherwise plan
        the figures' queries for empty tables until autovacuum comes round)."""
        with self.engine.begin() as connection:
            connection.execute(text("ANALYZE"))

    def history(self, actor: Actor, unit_code: str, record_key: str | None = None, limit: int = 1000) -> list[AuditEntry]:
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            query = select(AuditRow).where(AuditRow.unit_code == unit_code)
            if record_key is not None:
                query = query.where(AuditRow.record_key == record_key)
            rows = session.execute(query.order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)).scalars()
            return [AuditEntry(at=row.at, username=row.username, unit_code=row.unit_code, table=row.table_name,
                               record_key=row.record_key, field=row.field, old_value=row.old_value,
                               new_value=row.new_value) for row in rows]
