"""A unit's fiscal year as a whole: reading it (the plan, follow-ups, OIT items, quotas, results),
replacing or adding whole years, the day the year is judged from (``plan_start``: recorded when the year begins in
the system, or set by the chief), quota snapshots and the ITA result.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.fields import (
    path_label,
    record_text_errors,
)
from ita_dash.domain.model import (
    Actor,
    ItaResult,
    Measure,
    Province,
    QuotaSnapshot,
    Region,
    Section,
    Unit,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.permissions import (
    check_enter_framework,
    check_manage_accounts,
    check_manage_unit,
    check_replace_places,
)
from ita_dash.domain.planyear import plan_start_errors, started_in_system
from ita_dash.domain.thaidate import today_bangkok
from ita_dash.domain.wording import words_of

from ..base import StaleVersion
from ..tables import (
    FollowUpRow,
    ItaResultRow,
    MeasureRow,
    OitItemRow,
    ProvinceRow,
    QuotaSnapshotRow,
    RegionRow,
    SectionRow,
    UnitRow,
    UnitYearRow,
)
from .core import Conflict, SqlBase, checklist_text, follow_up_of, oit_item_of


def begin_year(session: Session, actor: Actor, unit_code: str, fiscal_year: int) -> None:
    """Called before the first measure of a unit's year is written (a plan imported or copied, a measure added): when
    the year has no measure yet it begins in the system today, and unless a start is set already that day becomes the
    day it is judged from (:func:`ita_dash.domain.planyear.started_in_system`): no month before it is missed."""
    if session.execute(select(MeasureRow.id).where(
            MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year).limit(1)).first() is not None:
        return
    start = started_in_system(fiscal_year, today_bangkok())
    if start is None:
        return
    row = session.execute(select(UnitYearRow).where(
        UnitYearRow.unit_code == unit_code, UnitYearRow.fiscal_year == fiscal_year)).scalar_one_or_none()
    if row is None:
        session.add(UnitYearRow(unit_code=unit_code, fiscal_year=fiscal_year, plan_start=start))
    elif row.plan_start is None:
        session.execute(update(UnitYearRow).where(UnitYearRow.id == row.id, UnitYearRow.version == row.version)
                        .values(plan_start=start, version=row.version + 1))
    else:
        return
    SqlBase._audit(session, actor, unit_code, "unit_year", f"unit_year:{unit_code}/{fiscal_year}", "plan_start",
                   None, start)


class PlanYear(SqlBase):
    """A unit's fiscal year as a whole."""

    def load_unit_year(self, actor: Actor, unit_code: str, fiscal_year: int) -> UnitYearData:
        with self._reading() as session:
            unit_row = self._unit(session, actor, unit_code)
            province_row = session.get(ProvinceRow, unit_row.province_code)
            region_row = session.get(RegionRow, province_row.region_code)
            year_row = session.execute(
                select(UnitYearRow).where(UnitYearRow.unit_code == unit_code, UnitYearRow.fiscal_year == fiscal_year)
            ).scalar_one_or_none()
            of_year = (MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year)
            sections = session.execute(
                select(SectionRow).where(SectionRow.unit_code == unit_code, SectionRow.retired.is_(False))
                .order_by(SectionRow.sort_order, SectionRow.code)
            ).scalars()
            measures = session.execute(select(MeasureRow).where(*of_year).order_by(MeasureRow.code)).scalars()
            follow_ups = session.execute(
                select(FollowUpRow, MeasureRow.code)
                .join(MeasureRow, FollowUpRow.measure_id == MeasureRow.id)
                .where(*of_year)
                .order_by(MeasureRow.code, FollowUpRow.month)
            )
            items = session.execute(
                select(OitItemRow).where(OitItemRow.unit_code == unit_code, OitItemRow.fiscal_year == fiscal_year)
            ).scalars()
            snapshots = session.execute(
                select(QuotaSnapshotRow)
                .where(QuotaSnapshotRow.unit_code == unit_code, QuotaSnapshotRow.fiscal_year == fiscal_year)
                .order_by(QuotaSnapshotRow.taken_on, QuotaSnapshotRow.tool, QuotaSnapshotRow.section)
            ).scalars()
            results = session.execute(
                select(ItaResultRow).where(ItaResultRow.unit_code == unit_code).order_by(ItaResultRow.fiscal_year)
            ).scalars()
            return UnitYearData(
                region=Region.model_validate(region_row, from_attributes=True),
                province=Province.model_validate(province_row, from_attributes=True),
                unit=Unit.model_validate(unit_row, from_attributes=True),
                year=UnitYear.model_validate(year_row, from_attributes=True) if year_row else UnitYear(fiscal_year=fiscal_year),
                sections=[Section.model_validate(row, from_attributes=True) for row in sections],
                measures=[Measure.model_validate(row, from_attributes=True) for row in measures],
                follow_ups=[follow_up_of(row, code) for row, code in follow_ups],
                oit_items=sorted((oit_item_of(row) for row in items), key=lambda item: int(item.code[1:])),
                quota_snapshots=[QuotaSnapshot.model_validate(row, from_attributes=True) for row in snapshots],
                results=[ItaResult.model_validate(row, from_attributes=True) for row in results],
            )

    def results(self, actor: Actor, province_code: str | None = None) -> list[tuple[Unit, ItaResult]]:
        """Every ITA result of every unit the actor may read (optionally of one province), in one query."""
        query = self._unit_scope(
            select(UnitRow, ItaResultRow).join(ItaResultRow, ItaResultRow.unit_code == UnitRow.code), actor
        ).order_by(UnitRow.code, ItaResultRow.fiscal_year)
        if province_code is not None:
            query = query.where(UnitRow.province_code == province_code)
        with self._reading() as session:
            return [(Unit.model_validate(unit, from_attributes=True), ItaResult.model_validate(result, from_attributes=True))
                    for unit, result in session.execute(query)]

    def replace_unit_year(self, actor: Actor, data: UnitYearData, framework_entries: list | None = None) -> None:
        """The unit's year replaced by ``data`` in one transaction. ``framework_entries`` (a bundle's): the unit's own
        framework entries of the year become these, each checked as the form checks it before anything is written;
        None leaves the unit's entries as they are (the demo, a sheet's import: neither carries them)."""
        unit_code, fiscal_year = data.unit.code, data.fiscal_year
        check_manage_unit(actor, unit_code, "นำเข้าข้อมูลทั้งปีของหน่วย")
        if errors := record_text_errors(data):
            raise InvalidEntry({f"{path_label(path)} ({path})": reason for path, reason in list(errors.items())[:3]})
        if framework_entries is not None:
            check_enter_framework(actor, unit_code, None)
            framework_entries = self._check_unit_entries(data.unit, fiscal_year, data.sections, framework_entries)
        with self._writing() as session:
            check_replace_places(actor, self._places(session, unit_code), (data.unit, data.province, data.region))
            session.merge(RegionRow(**data.region.model_dump()))
            session.merge(ProvinceRow(**data.province.model_dump()))
            session.merge(UnitRow(**data.unit.model_dump(mode="json")))
            session.flush()

            measure_ids = select(MeasureRow.id).where(MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year)
            session.execute(delete(FollowUpRow).where(FollowUpRow.measure_id.in_(measure_ids)))
            for table in (MeasureRow, OitItemRow, QuotaSnapshotRow, UnitYearRow):
                session.execute(delete(table).where(table.unit_code == unit_code, table.fiscal_year == fiscal_year))
            session.execute(delete(SectionRow).where(SectionRow.unit_code == unit_code))
            session.execute(delete(ItaResultRow).where(ItaResultRow.unit_code == unit_code))

            self._insert_years(session, [data], with_sections={unit_code})
            if framework_entries is not None:  # FrameworkEntries (store/sql/framework_entries.py), same transaction
                self._replace_unit_entries(session, actor, unit_code, fiscal_year, framework_entries)
            self._audit(session, actor, unit_code, "unit_year", f"{unit_code}/{fiscal_year}", "replace", None,
                        f"{len(data.measures)} measures, {len(data.follow_ups)} follow-ups, {len(data.oit_items)} OIT items")

    @staticmethod
    def _insert_years(session: Session, years: list[UnitYearData], with_sections: set[str]) -> None:
        """Insert the unit-years' rows in bulk (their units exist, the years do not): settings, measures, their
        follow-ups, OIT items, snapshots; and the sections and results of the units in ``with_sections``."""
        def rows(make):
            return [row for d in years for row in make(d)]

        if years:
            session.execute(insert(UnitYearRow), [{"unit_code": d.unit.code, **d.year.model_dump()} for d in years])
        sections = rows(lambda d: [{"unit_code": d.unit.code, **s.model_dump()} for s in d.sections]
                        if d.unit.code in with_sections else [])
        results = rows(lambda d: [{"unit_code": d.unit.code, **r.model_dump()} for r in d.results]
                       if d.unit.code in with_sections else [])
        measures = rows(lambda d: [{"unit_code": d.unit.code, "fiscal_year": d.fiscal_year,
                                    **m.model_dump(mode="json", exclude={"deadline"}), "deadline": m.deadline}
                                   for m in d.measures])
        for table, values in ((SectionRow, sections), (ItaResultRow, results)):
            if values:
                session.execute(insert(table), values)
        id_of = {}
        if measures:
            returned = session.execute(
                insert(MeasureRow).returning(MeasureRow.id, MeasureRow.unit_code, MeasureRow.code,
                                             sort_by_parameter_order=True), measures)
            id_of = {(unit, code): measure_id for measure_id, unit, code in returned}
        follow_ups = rows(lambda d: [{"measure_id": id_of[(d.unit.code, f.measure_code)], "entered_at": f.entered_at,
                                      **f.model_dump(mode="json", exclude={"measure_code", "entered_at"})}
                                     for f in d.follow_ups])
        items = rows(lambda d: [{"unit_code": d.unit.code, "fiscal_year": d.fiscal_year,
                                 "checklist": checklist_text(i.checklist), "due_date": i.due_date,
                                 **i.model_dump(mode="json", exclude={"checklist", "due_date"})} for i in d.oit_items])
        snapshots = rows(lambda d: [{"unit_code": d.unit.code, "fiscal_year": d.fiscal_year, "taken_on": s.taken_on,
                                     **s.model_dump(mode="json", exclude={"taken_on"})} for s in d.quota_snapshots])
        for table, values in ((FollowUpRow, follow_ups), (OitItemRow, items), (QuotaSnapshotRow, snapshots)):
            if values:
                session.execute(insert(table), values)

    def add_unit_years(self, actor: Actor, years: list[UnitYearData]) -> None:
        """Many new unit-years in one transaction with bulk inserts (the synthetic country): regions, provinces and
        units are added when new, a unit's sections and results with its first year; a unit-year that is already
        there stops the whole batch. One audit line per unit-year."""
        check_manage_accounts(actor)
        with self._writing() as session:
            def missing(key, values):
                present = set(session.execute(select(key).where(key.in_(values))).scalars())
                return [v for v in values if v not in present]

            regions = {d.region.code: d.region for d in years}
            provinces = {d.province.code: d.province for d in years}
            units = {d.unit.code: d.unit for d in years}
            for table, key, records in ((RegionRow, RegionRow.code, regions), (ProvinceRow, ProvinceRow.code, provinces),
                                        (UnitRow, UnitRow.code, units)):
                new = missing(key, list(records))
                if new:
                    session.execute(insert(table), [records[code].model_dump(mode="json") for code in new])
            self._insert_years(session, years, with_sections=set(missing(SectionRow.unit_code, list(units))))
            for d in years:
                self._audit(session, actor, d.unit.code, "unit_year", f"{d.unit.code}/{d.fiscal_year}", "add", None,
                            f"{len(d.measures)} measures, {len(d.follow_ups)} follow-ups, {len(d.oit_items)} OIT items")

    def save_plan_start(self, actor: Actor, unit_code: str, fiscal_year: int, start: dt.date,
                        base_version: int | None = None) -> UnitYear:
        """The day the chief says the unit's year is followed from (a day of the fiscal year): no month before it is
        missed. ``base_version``: the version of the year's settings the form read (``UnitYear.version``; not checked
        while the year has no settings row); someone who changed them first gets :class:`StaleVersion` with the
        current ones."""
        check_manage_unit(actor, unit_code, "กำหนดวันเริ่มติดตามผล")
        if errors := plan_start_errors(fiscal_year, start):
            raise InvalidEntry(errors)
        key = f"unit_year:{unit_code}/{fiscal_year}"
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                row = session.execute(select(UnitYearRow).where(
                    UnitYearRow.unit_code == unit_code, UnitYearRow.fiscal_year == fiscal_year)).scalar_one_or_none()
                if row is None:  # nothing to be stale against: the year had no settings
                    row = UnitYearRow(unit_code=unit_code, fiscal_year=fiscal_year, plan_start=start)
                    session.add(row)
                    session.flush()  # a year added meanwhile by someone else fails here (unique unit+year)
                    self._audit(session, actor, unit_code, "unit_year", key, "plan_start", None, start)
                else:
                    self._apply(session, UnitYearRow, row, base_version, {"plan_start": start}, actor, unit_code, key)
                session.flush()
                session.refresh(row)
                return UnitYear.model_validate(row, from_attributes=True)
        except (Conflict, IntegrityError):
            raise StaleVersion(self.load_unit_year(actor, unit_code, fiscal_year).year) from None

    def add_quota_snapshot(self, actor: Actor, unit_code: str, fiscal_year: int, snapshot: QuotaSnapshot) -> None:
        check_manage_unit(actor, unit_code, "บันทึกจำนวนผู้ตอบจาก ITAP")
        snapshot = snapshot.model_copy(update={"entered_by": actor.username})
        with self._writing() as session:
            unit = self._unit(session, actor, unit_code)
            if snapshot.section is not None and session.execute(select(SectionRow.id).where(
                    SectionRow.unit_code == unit_code, SectionRow.code == snapshot.section)).first() is None:
                raise InvalidEntry({"section": f"หน่วยนี้ไม่มี{words_of(unit.kind).section} {snapshot.section}"})
            session.add(QuotaSnapshotRow(unit_code=unit_code, fiscal_year=fiscal_year,
                                         **snapshot.model_dump(mode="json", exclude={"taken_on"}), taken_on=snapshot.taken_on))
            self._audit(session, actor, unit_code, "quota_snapshot",
                        f"quota_snapshot:{unit_code}/{fiscal_year}/{snapshot.tool.value}/{snapshot.section or '*'}",
                        snapshot.taken_on.isoformat(), None, snapshot.count)

    def save_result(self, actor: Actor, unit_code: str, result: ItaResult, base_version: int | None = None) -> ItaResult:
        """The announced result of ``result.fiscal_year``: added when there is none (``base_version`` None), else
        changed if still at ``base_version`` (StaleVersion otherwise, with the current values). One audit line per
        changed field, with the value it had."""
        check_manage_unit(actor, unit_code, "บันทึกผลการประเมิน")
        key = f"ita_result:{unit_code}/{result.fiscal_year}"
        values = result.model_dump(exclude={"version"})
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                row = session.execute(select(ItaResultRow).where(
                    ItaResultRow.unit_code == unit_code, ItaResultRow.fiscal_year == result.fiscal_year)
                ).scalar_one_or_none()
                if row is None:
                    if base_version is not None:
                        raise Conflict()
                    row = ItaResultRow(unit_code=unit_code, version=1, **values)
                    session.add(row)
                    session.flush()  # a result added meanwhile by someone else fails here (unique unit+year)
                    for name, value in values.items():
                        if value is not None and name != "fiscal_year":
                            self._audit(session, actor, unit_code, "ita_result", key, name, None, value)
                else:
                    self._apply(session, ItaResultRow, row, base_version, values, actor, unit_code, key)
                session.flush()
                session.refresh(row)
                return ItaResult.model_validate(row, from_attributes=True)
        except (Conflict, IntegrityError):
            raise StaleVersion(self._current_result(unit_code, result.fiscal_year)) from None

    def _current_result(self, unit_code: str, fiscal_year: int) -> ItaResult | None:
        with self._reading() as session:
            row = session.execute(select(ItaResultRow).where(
                ItaResultRow.unit_code == unit_code, ItaResultRow.fiscal_year == fiscal_year)).scalar_one_or_none()
            return None if row is None else ItaResult.model_validate(row, from_attributes=True)
