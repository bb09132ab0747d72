"""The SQL store: SQLite by default, PostgreSQL when shared. Schema through Alembic, applied on open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import delete, event, select, text, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from ita_dash.domain.model import (
    Actor,
    FollowUp,
    ItaResult,
    Measure,
    OitItem,
    Province,
    QuotaSnapshot,
    Region,
    Section,
    Unit,
    UnitYear,
    UnitYearData,
)

from .base import NotFound
from .tables import (
    AuditRow,
    FollowUpRow,
    ItaResultRow,
    MeasureRow,
    MetaRow,
    OitItemRow,
    ProvinceRow,
    QuotaSnapshotRow,
    RegionRow,
    SectionRow,
    UnitRow,
    UnitYearRow,
    UserRow,
)

MIGRATIONS = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 7_357_001  # any constant: serialises migrations of app processes starting together


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _checklist_text(ticks: list[bool]) -> str:
    return "".join("1" if tick else "0" for tick in ticks)


def _checklist_ticks(text_value: str) -> list[bool]:
    return [char == "1" for char in text_value]


class SqlStore:
    """:class:`ita_dash.store.base.Store` over SQLModel."""

    def __init__(self, url: str, *, apply_migrations: bool = True):
        self.url = url
        self.engine = make_engine(url)
        if apply_migrations:
            migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ------------------------------------------------------------------------------------
    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One transaction; it also moves the data version on, so every cache sees the change."""
        with Session(self.engine) as session, session.begin():
            yield session
            session.execute(update(MetaRow).where(MetaRow.key == "data_version").values(value=MetaRow.value + 1))

    def _audit(self, session: Session, actor: Actor, unit_code: str | None, table: str, key: str, field: str,
               old: str | None, new: str | None) -> None:
        session.add(AuditRow(at=dt.datetime.now(dt.timezone.utc), username=actor.username, unit_code=unit_code,
                             table_name=table, record_key=key, field=field, old_value=old, new_value=new))

    # -- reads -------------------------------------------------------------------------------------------
    def data_version(self) -> int:
        with self._reading() as session:
            return session.execute(select(MetaRow.value).where(MetaRow.key == "data_version")).scalar_one()

    def is_empty(self) -> bool:
        with self._reading() as session:
            return session.execute(select(UnitRow.code).limit(1)).first() is None

    def list_regions(self) -> list[Region]:
        with self._reading() as session:
            rows = session.execute(select(RegionRow).order_by(RegionRow.code)).scalars()
            return [Region.model_validate(row, from_attributes=True) for row in rows]

    def list_provinces(self) -> list[Province]:
        with self._reading() as session:
            rows = session.execute(select(ProvinceRow).order_by(ProvinceRow.code)).scalars()
            return [Province.model_validate(row, from_attributes=True) for row in rows]

    def list_units(self, province_code: str | None = None) -> list[Unit]:
        query = select(UnitRow).order_by(UnitRow.province_code, UnitRow.code)
        if province_code is not None:
            query = query.where(UnitRow.province_code == province_code)
        with self._reading() as session:
            return [Unit.model_validate(row, from_attributes=True) for row in session.execute(query).scalars()]

    def fiscal_years(self, unit_code: str) -> list[int]:
        with self._reading() as session:
            rows = session.execute(
                select(UnitYearRow.fiscal_year)
                .where(UnitYearRow.unit_code == unit_code)
                .order_by(UnitYearRow.fiscal_year.desc())
            )
            return [year for (year,) in rows]

    def load_unit_year(self, unit_code: str, fiscal_year: int) -> UnitYearData:
        with self._reading() as session:
            found = session.execute(
                select(UnitRow, ProvinceRow, RegionRow)
                .join(ProvinceRow, UnitRow.province_code == ProvinceRow.code)
                .join(RegionRow, ProvinceRow.region_code == RegionRow.code)
                .where(UnitRow.code == unit_code)
            ).first()
            if found is None:
                raise NotFound(f"ไม่พบหน่วยรหัส {unit_code}")
            unit_row, province_row, region_row = found
            year_row = session.execute(
                select(UnitYearRow).where(UnitYearRow.unit_code == unit_code, UnitYearRow.fiscal_year == fiscal_year)
            ).scalar_one_or_none()
            of_year = (unit_code, fiscal_year)
            sections = session.execute(
                select(SectionRow).where(SectionRow.unit_code == unit_code).order_by(SectionRow.sort_order, SectionRow.code)
            ).scalars()
            measures = session.execute(
                select(MeasureRow)
                .where(MeasureRow.unit_code == of_year[0], MeasureRow.fiscal_year == of_year[1])
                .order_by(MeasureRow.code)
            ).scalars()
            follow_ups = session.execute(
                select(FollowUpRow, MeasureRow.code)
                .join(MeasureRow, FollowUpRow.measure_id == MeasureRow.id)
                .where(MeasureRow.unit_code == of_year[0], MeasureRow.fiscal_year == of_year[1])
                .order_by(MeasureRow.code, FollowUpRow.month)
            )
            items = session.execute(
                select(OitItemRow).where(OitItemRow.unit_code == of_year[0], OitItemRow.fiscal_year == of_year[1])
            ).scalars()
            snapshots = session.execute(
                select(QuotaSnapshotRow)
                .where(QuotaSnapshotRow.unit_code == of_year[0], QuotaSnapshotRow.fiscal_year == of_year[1])
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
                follow_ups=[
                    FollowUp(
                        measure_code=code,
                        **row.model_dump(include={"month", "status", "percent", "note", "evidence_url",
                                                  "entered_by", "entered_at", "version"}),
                    )
                    for row, code in follow_ups
                ],
                oit_items=sorted(
                    (
                        OitItem(checklist=_checklist_ticks(row.checklist),
                                **row.model_dump(include={"code", "status", "link", "owner_section", "owner_text",
                                                          "due_date", "approved_by", "version"}))
                        for row in items
                    ),
                    key=lambda item: int(item.code[1:]),
                ),
                quota_snapshots=[QuotaSnapshot.model_validate(row, from_attributes=True) for row in snapshots],
                results=[ItaResult.model_validate(row, from_attributes=True) for row in results],
            )

    # -- writes ------------------------------------------------------------------------------------------
    def replace_unit_year(self, actor: Actor, data: UnitYearData) -> None:
        unit_code, fiscal_year = data.unit.code, data.fiscal_year
        with self._writing() as session:
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

            session.add(UnitYearRow(unit_code=unit_code, **data.year.model_dump()))
            session.add_all(SectionRow(unit_code=unit_code, **s.model_dump()) for s in data.sections)
            measure_rows = [
                MeasureRow(unit_code=unit_code, fiscal_year=fiscal_year, **m.model_dump(mode="json", exclude={"deadline"}),
                           deadline=m.deadline)
                for m in data.measures
            ]
            session.add_all(measure_rows)
            session.flush()
            id_of = {row.code: row.id for row in measure_rows}
            session.add_all(
                FollowUpRow(measure_id=id_of[f.measure_code], **f.model_dump(mode="json", exclude={"measure_code", "entered_at"}),
                            entered_at=f.entered_at)
                for f in data.follow_ups
            )
            session.add_all(
                OitItemRow(unit_code=unit_code, fiscal_year=fiscal_year, checklist=_checklist_text(i.checklist),
                           **i.model_dump(mode="json", exclude={"checklist", "due_date"}), due_date=i.due_date)
                for i in data.oit_items
            )
            session.add_all(
                QuotaSnapshotRow(unit_code=unit_code, fiscal_year=fiscal_year, **s.model_dump(mode="json", exclude={"taken_on"}),
                                 taken_on=s.taken_on)
                for s in data.quota_snapshots
            )
            session.add_all(ItaResultRow(unit_code=unit_code, **r.model_dump()) for r in data.results)
            self._audit(session, actor, unit_code, "unit_year", f"{unit_code}/{fiscal_year}", "replace", None,
                        f"{len(data.measures)} measures, {len(data.follow_ups)} follow-ups, {len(data.oit_items)} OIT items")

    def delete_province(self, actor: Actor, province_code: str) -> int:
        """Delete a province with all its units and their data (``demo --reset``); returns the number of units.
        The audit log keeps a line saying who did it."""
        with self._writing() as session:
            units = select(UnitRow.code).where(UnitRow.province_code == province_code)
            measures = select(MeasureRow.id).where(MeasureRow.unit_code.in_(units))
            count = len(session.execute(units).all())
            session.execute(delete(FollowUpRow).where(FollowUpRow.measure_id.in_(measures)))
            for table in (MeasureRow, OitItemRow, QuotaSnapshotRow, ItaResultRow, UnitYearRow, SectionRow):
                session.execute(delete(table).where(table.unit_code.in_(units)))
            session.execute(delete(UserRow).where(UserRow.unit_code.in_(units) | (UserRow.province_code == province_code)))
            region = session.execute(select(ProvinceRow.region_code).where(ProvinceRow.code == province_code)).scalar()
            session.execute(delete(UnitRow).where(UnitRow.province_code == province_code))
            session.execute(delete(ProvinceRow).where(ProvinceRow.code == province_code))
            if region and not session.execute(select(ProvinceRow.code).where(ProvinceRow.region_code == region)).first():
                session.execute(delete(RegionRow).where(RegionRow.code == region))
            self._audit(session, actor, None, "province", province_code, "delete", None, f"{count} units deleted")
            return count
