"""The one interface every page calls, whatever holds the data (SQL database or Google Sheet)."""

from __future__ import annotations

from typing import Protocol

from ita_dash.domain.model import Actor, Province, Region, Unit, UnitYearData


class StoreError(Exception):
    """A refusal or failure the user can read: ``str(error)`` is Thai."""


class NotFound(StoreError):
    pass


class Store(Protocol):
    """Reads return domain records; every write takes the acting user and is one transaction."""

    def data_version(self) -> int:
        """A counter that changes with every write: caches compare it instead of waiting for a timeout."""

    def is_empty(self) -> bool: ...

    def list_regions(self) -> list[Region]: ...

    def list_provinces(self) -> list[Province]: ...

    def list_units(self, province_code: str | None = None) -> list[Unit]: ...

    def fiscal_years(self, unit_code: str) -> list[int]:
        """Fiscal years that hold data for the unit, newest first."""

    def load_unit_year(self, unit_code: str, fiscal_year: int) -> UnitYearData:
        """Everything about one unit's year; a year with no data yet comes back empty, not as an error."""

    def replace_unit_year(self, actor: Actor, data: UnitYearData) -> None:
        """Write a whole unit-year (bundle import, demo): its unit, sections, measures, follow-ups, OIT items,
        snapshots and the unit's results replace what was there, all in one transaction."""

    def delete_province(self, actor: Actor, province_code: str) -> int:
        """Delete a province, its units and all their data; returns the number of units deleted."""
