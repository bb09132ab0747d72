"""Regions, provinces, units and their sections: reading them in an actor's scope, the units list a
province brings on board, a section's name and head, deleting a province.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

from sqlalchemy import delete, insert, select, update

from ita_dash.domain.entries import InvalidEntry, section_errors
from ita_dash.domain.model import (
    Actor,
    Province,
    Region,
    Role,
    Section,
    Unit,
)
from ita_dash.domain.permissions import (
    check_edit_sections,
    check_manage_accounts,
    check_manage_units,
)
from ita_dash.domain.wording import words_of

from ..base import NotFound
from ..tables import (
    FollowUpRow,
    ItapOitProgressRow,
    ItaResultRow,
    MeasurePhotoRow,
    MeasureRow,
    OitItemRow,
    ProvinceRow,
    QuotaSnapshotRow,
    RegionRow,
    ReportSettingsRow,
    SectionRow,
    UnitRow,
    UnitYearRow,
)
from .core import DryRun, SqlBase


class Organisation(SqlBase):
    """Regions, provinces, units and their sections."""

    def list_regions(self, actor: Actor) -> list[Region]:
        with self._reading() as session:
            query = select(RegionRow).order_by(RegionRow.code)
            if actor.role is not Role.ADMIN:
                visible = self._unit_scope(select(ProvinceRow.region_code).join(UnitRow), actor)
                query = query.where(RegionRow.code.in_(visible))
            return [Region.model_validate(row, from_attributes=True) for row in session.execute(query).scalars()]

    def list_provinces(self, actor: Actor) -> list[Province]:
        with self._reading() as session:
            query = select(ProvinceRow).order_by(ProvinceRow.code)
            if actor.role is not Role.ADMIN:
                query = query.where(ProvinceRow.code.in_(self._unit_scope(select(UnitRow.province_code), actor)))
            return [Province.model_validate(row, from_attributes=True) for row in session.execute(query).scalars()]

    def list_units(self, actor: Actor, province_code: str | None = None) -> list[Unit]:
        query = self._unit_scope(select(UnitRow).order_by(UnitRow.province_code, UnitRow.code), actor)
        if province_code is not None:
            query = query.where(UnitRow.province_code == province_code)
        with self._reading() as session:
            return [Unit.model_validate(row, from_attributes=True) for row in session.execute(query).scalars()]

    def get_unit(self, actor: Actor, unit_code: str) -> Unit:
        """One unit the actor may read (NotFound, NotAllowed otherwise)."""
        with self._reading() as session:
            return Unit.model_validate(self._unit(session, actor, unit_code), from_attributes=True)

    def fiscal_years(self, actor: Actor, unit_code: str) -> list[int]:
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(
                select(UnitYearRow.fiscal_year)
                .where(UnitYearRow.unit_code == unit_code)
                .order_by(UnitYearRow.fiscal_year.desc())
            )
            return [year for (year,) in rows]

    def delete_province(self, actor: Actor, province_code: str) -> int:
        """Delete a province with all its units and their data (``demo --reset``); returns the number of units.
        The audit log keeps its lines, and one more saying who did it."""
        check_manage_accounts(actor)
        with self._writing() as session:
            units = select(UnitRow.code).where(UnitRow.province_code == province_code)
            measures = select(MeasureRow.id).where(MeasureRow.unit_code.in_(units))
            codes = [code for (code,) in session.execute(units)]
            count = len(codes)
            self._touch(session, *codes)  # a unit made again with the same code must not match figures kept before
            session.execute(delete(FollowUpRow).where(FollowUpRow.measure_id.in_(measures)))
            session.execute(delete(MeasurePhotoRow).where(MeasurePhotoRow.measure_id.in_(measures)))
            for table in (MeasureRow, OitItemRow, QuotaSnapshotRow, ItaResultRow, UnitYearRow, SectionRow,
                          ReportSettingsRow, ItapOitProgressRow):
                session.execute(delete(table).where(table.unit_code.in_(units)))
            # Accounts are kept (issue 12): `demo --reset` rebuilds the same codes and must neither re-enable nor
            # re-password an account an operator changed; an operator's own accounts are never deleted here.
            region = session.execute(select(ProvinceRow.region_code).where(ProvinceRow.code == province_code)).scalar()
            session.execute(delete(UnitRow).where(UnitRow.province_code == province_code))
            session.execute(delete(ProvinceRow).where(ProvinceRow.code == province_code))
            if region and not session.execute(select(ProvinceRow.code).where(ProvinceRow.region_code == region)).first():
                session.execute(delete(RegionRow).where(RegionRow.code == region))
            self._audit(session, actor, None, "province", province_code, "delete", None, f"{count} units deleted")
            return count

    def import_units(self, actor: Actor, regions: list[Region], provinces: list[Province],
                     units: list[tuple[Unit, int | None]], fiscal_year: int, dry_run: bool = False) -> dict[str, list[str]]:
        """Regions, provinces and units from a list, in one transaction (admin only). New units get their template's
        sections; a staff count goes into the unit's settings for ``fiscal_year`` (the IIT target). What is already
        there and the same is left alone; each changed field gets an audit line. ``dry_run``: everything is worked
        out and rolled back, so a preview says exactly what the import would change. Returns what was (or would be)
        added and changed, as "CODE" or "CODE: field old → new"."""
        check_manage_units(actor)
        outcome: dict[str, list[str]] = {name: [] for name in (
            "regions_added", "regions_changed", "provinces_added", "provinces_changed", "units_added",
            "units_changed", "units_unchanged", "staff_changed", "sections_added")}
        try:
            with self._writing() as session:
                self._import_units(session, actor, regions, provinces, units, fiscal_year, outcome)
                if dry_run:
                    raise DryRun()
        except DryRun:
            pass
        return outcome

    def _import_units(self, session, actor, regions, provinces, units, fiscal_year, outcome) -> None:
        def merge(table, record, key, fields, added, changed, unit_code=None):
            row = session.get(table, record.code)
            values = record.model_dump(mode="json", include=set(fields))
            if row is None:
                session.add(table(**record.model_dump(mode="json")))
                session.flush()
                self._audit(session, actor, unit_code, table.__tablename__, f"{key}:{record.code}", "add", None,
                            record.name)
                outcome[added].append(record.code)
                return True
            diffs = {name: (getattr(row, name), value) for name, value in values.items() if getattr(row, name) != value}
            if diffs:
                session.execute(update(table).where(table.code == record.code).values(**{k: v for k, (_, v) in diffs.items()}))
                for name, (old, new) in diffs.items():
                    self._audit(session, actor, unit_code, table.__tablename__, f"{key}:{record.code}", name, old, new)
                    outcome[changed].append(f"{record.code}: {name} {old} → {new}")
            return False

        for region in regions:
            merge(RegionRow, region, "region", ("name",), "regions_added", "regions_changed")
        for province in provinces:
            merge(ProvinceRow, province, "province", ("name", "region_code"), "provinces_added", "provinces_changed")
        for unit, staff_count in units:
            before = len(outcome["units_changed"])
            added = merge(UnitRow, unit, "unit", ("name", "short_name", "kind", "province_code"), "units_added",
                          "units_changed", unit.code)
            if added:
                try:
                    specs = self.templates.for_year(unit.kind, fiscal_year).sections or []
                except Exception:  # noqa: BLE001 - no template for that kind and year: the unit starts without sections
                    specs = []
                if specs:
                    session.execute(insert(SectionRow), [
                        {"unit_code": unit.code, "code": spec.code, "name": spec.name, "head_name": "", "sort_order": n,
                         "retired": False} for n, spec in enumerate(specs)])
                    outcome["sections_added"].append(f"{unit.code}: {len(specs)}")
            elif len(outcome["units_changed"]) == before:
                outcome["units_unchanged"].append(unit.code)
            if staff_count is None:
                continue
            year = session.execute(select(UnitYearRow).where(
                UnitYearRow.unit_code == unit.code, UnitYearRow.fiscal_year == fiscal_year)).scalar_one_or_none()
            key = f"unit_year:{unit.code}/{fiscal_year}"
            if year is None:
                session.add(UnitYearRow(unit_code=unit.code, fiscal_year=fiscal_year, staff_count=staff_count))
                self._audit(session, actor, unit.code, "unit_year", key, "staff_count", None, staff_count)
                if not added:
                    outcome["staff_changed"].append(f"{unit.code}: — → {staff_count}")
            elif year.staff_count != staff_count:
                old = year.staff_count
                session.execute(update(UnitYearRow).where(UnitYearRow.id == year.id).values(
                    staff_count=staff_count, version=year.version + 1))
                self._audit(session, actor, unit.code, "unit_year", key, "staff_count", old, staff_count)
                outcome["staff_changed"].append(f"{unit.code}: {old if old is not None else '—'} → {staff_count}")
            else:
                continue
            if unit.code in outcome["units_unchanged"]:
                outcome["units_unchanged"].remove(unit.code)
        session.flush()

    def list_sections(self, actor: Actor, unit_code: str) -> list[tuple[Section, bool]]:
        """Every section of the unit, retired ones too (the settings page): (section, retired)."""
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(select(SectionRow).where(SectionRow.unit_code == unit_code)
                                   .order_by(SectionRow.sort_order, SectionRow.code)).scalars()
            return [(Section.model_validate(row, from_attributes=True), row.retired) for row in rows]

    def save_section(self, actor: Actor, unit_code: str, code: str | None, name: str, head_name: str = "",
                     retired: bool = False) -> Section:
        """Rename a section, set its head (rank and name), retire it or bring it back; ``code`` None adds a new one
        (its code is made from the next free number). The chief of the unit and admin; audited."""
        check_edit_sections(actor, unit_code)
        if problems := section_errors(name, head_name):
            raise InvalidEntry(problems)
        name, head_name = " ".join(name.split()), " ".join(head_name.split())
        with self._writing() as session:
            words = words_of(self._unit(session, actor, unit_code).kind)
            rows = session.execute(select(SectionRow).where(SectionRow.unit_code == unit_code)).scalars().all()
            if code is None:
                if any(row.name == name for row in rows):
                    raise InvalidEntry({"name": f"มี{words.section}ชื่อ {name} อยู่แล้ว"})
                taken = {row.code for row in rows}
                number = len(rows) + 1
                while f"section{number}" in taken:
                    number += 1
                row = SectionRow(unit_code=unit_code, code=f"section{number}", name=name, head_name=head_name,
                                 sort_order=max((r.sort_order for r in rows), default=-1) + 1, retired=retired)
                session.add(row)
                session.flush()
                self._audit(session, actor, unit_code, "section", f"section:{unit_code}/{row.code}", "add", None, name)
                if head_name:
                    self._audit(session, actor, unit_code, "section", f"section:{unit_code}/{row.code}", "head_name",
                                None, head_name)
            else:
                row = next((r for r in rows if r.code == code), None)
                if row is None:
                    raise NotFound(f"ไม่พบ{words.section} {code} ของหน่วย {unit_code}")
                values = {"name": name, "head_name": head_name, "retired": retired}
                diffs = {k: (getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v}
                if diffs:
                    session.execute(update(SectionRow).where(SectionRow.id == row.id).values(**values))
                    for field_name, (old, new) in diffs.items():
                        self._audit(session, actor, unit_code, "section", f"section:{unit_code}/{code}", field_name,
                                    old, new)
                session.flush()
                session.refresh(row)
            return Section.model_validate(row, from_attributes=True)
