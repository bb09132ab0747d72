"""Which unit's year lives in which Google Sheet, and the edits made there recorded in the audit trail.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from ita_dash.domain.model import (
    Actor,
    Measure,
)
from ita_dash.domain.permissions import (
    check_manage_unit,
    check_report,
    check_write_unit,
)

from ..tables import (
    MeasureRow,
    UnitSheetRow,
)
from .core import SqlBase


class SheetRegistry(SqlBase):
    """Which unit's year lives in which Google Sheet, and the edits made there recorded in the audit trail."""

    def sheet_links(self) -> dict[tuple[str, int], str]:
        """(unit, fiscal year) → spreadsheet id of every unit-year kept in a Google Sheet."""
        with self._reading() as session:
            return {(row.unit_code, row.fiscal_year): row.spreadsheet_id
                    for row in session.execute(select(UnitSheetRow)).scalars()}

    def link_sheet(self, actor: Actor, unit_code: str, fiscal_year: int, spreadsheet_id: str | None) -> None:
        """Keep the unit's year in that spreadsheet from now on (None: back to the database)."""
        check_manage_unit(actor, unit_code, "เปลี่ยนแหล่งข้อมูลของหน่วย")
        with self._writing() as session:
            self._unit(session, actor, unit_code)
            row = session.get(UnitSheetRow, (unit_code, fiscal_year))
            old = row.spreadsheet_id if row else None
            if row is not None:
                session.delete(row)
                session.flush()
            if spreadsheet_id:
                session.add(UnitSheetRow(unit_code=unit_code, fiscal_year=fiscal_year, spreadsheet_id=spreadsheet_id))
            self._audit(session, actor, unit_code, "unit_sheet", f"{unit_code}/{fiscal_year}", "spreadsheet_id", old,
                        spreadsheet_id)

    def record_sheet_edit(self, actor: Actor, unit_code: str, key: str, changes: dict) -> None:
        """The audit lines of a change written to a unit's sheet; moves the data version on like any write. Checked
        like every other write: the actor must read the unit and be its chief, one of its section heads, or admin."""
        check_write_unit(actor, unit_code)
        with self._writing() as session:
            self._unit(session, actor, unit_code)
            for name, (old, new) in changes.items():
                self._audit(session, actor, unit_code, "sheet", key, name, old, new)

    def ensure_sheet_measure(self, actor: Actor, unit_code: str, fiscal_year: int, measure: Measure) -> int:
        """For a unit-year kept in a Google Sheet (issue 16): the database's row of one of the sheet's measures,
        which its written results and evidence photos hang on — added with the sheet's code when missing, its
        section kept as the sheet says (who may report it). No audit line: the sheet's own edits are audited.
        Returns the row's version."""
        check_report(actor, unit_code, measure)
        wanted = (measure.owner_section, measure.all_sections)

        def existing(session: Session) -> MeasureRow | None:
            self._unit(session, actor, unit_code)
            return session.execute(select(MeasureRow).where(
                MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                MeasureRow.code == measure.code)).scalar_one_or_none()

        with self._reading() as session:  # usually there already, as the sheet says: nothing to write
            row = existing(session)
            if row is not None and (row.owner_section, row.all_sections) == wanted:
                return row.version
        with self._writing() as session:
            row = existing(session)
            if row is None:
                session.add(MeasureRow(unit_code=unit_code, fiscal_year=fiscal_year, code=measure.code,
                                       indicator=measure.indicator, activity=measure.activity,
                                       owner_section=measure.owner_section, all_sections=measure.all_sections))
                return 1
            row.owner_section, row.all_sections = wanted
            return row.version
