"""The SQL store: SQLite by default, PostgreSQL when shared. Schema through Alembic, applied on open.

Every read of a unit and every write checks :mod:`ita_dash.domain.permissions` for the acting user. Every write is
one transaction that also writes its audit lines and moves the data version on; an edit based on an old version of
a record is refused with :class:`StaleVersion` and never overwrites the newer one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import functools
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

from alembic import command
from alembic.config import Config
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, event, func, insert, or_, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, create_engine

from ita_dash.domain.accounts import (
    one_time_password,
    SessionEnded,
    WRONG,
    SignInRefused,
    User,
    lock_message,
    scope_problem,
    session_end_reason,
    sign_in_input_problem,
    user_text_errors,
)
from ita_dash.domain.entries import (
    FollowUpEntry,
    InvalidEntry,
    MeasureEntry,
    OitEntry,
    follow_up_errors,
    measure_errors,
    oit_errors,
)
from ita_dash.domain.evidence import (
    PHOTO_LIMITS,
    PhotoInfo,
    ReportSettings,
    caption_errors,
    meeting_lines,
    result_text_errors,
)
from ita_dash.domain.fiscal import Month
from ita_dash.domain.fields import limit_of, path_label, printable, record_text_errors, text_problem
from ita_dash.domain.framework import TemplateLibrary, library
from ita_dash.domain.model import (
    Actor,
    AuditEntry,
    FollowUp,
    ItaResult,
    Measure,
    OitItem,
    Province,
    QuotaSnapshot,
    Region,
    Role,
    Section,
    Unit,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.permissions import (
    NotAllowed,
    check_edit_oit,
    check_edit_sections,
    check_manage_accounts,
    check_manage_units,
    check_manage_unit,
    check_read,
    check_replace_places,
    check_report,
    check_write_unit,
)
from ita_dash.domain.province import UnitFigures
from ita_dash.domain.links import LinkCheck, check_check_links
from ita_dash.domain.reminders import ReminderSent
from ita_dash.domain.settings import SECURITY
from ita_dash.domain.thaidate import BANGKOK

from . import figures
from .figure_cache import FigureCache
from .figure_table import FigureTable
from .base import NotFound, StaleVersion, StoreError
from .photos import prepare_photo
from .tables import (
    AuditRow,
    FollowUpRow,
    ItaResultRow,
    MeasurePhotoRow,
    MeasureRow,
    MetaRow,
    OitItemRow,
    ProvinceRow,
    QuotaSnapshotRow,
    RegionRow,
    ReportSettingsRow,
    SectionRow,
    SignInSessionRow,
    UnitRow,
    UnitSheetRow,
    UnitVersionRow,
    UnitYearRow,
    UserRow,
)
from .tables import ChairOrderReportRow, ChairOrderRow, MeetingRow  # issue 17
from .tables import LinkCheckRow, ReminderLogRow, UtcDateTime  # issue 19

MIGRATIONS = Path(__file__).parent / "migrations"
_TOUCHED = "touched_units"  # session.info: the units a write transaction changed (their counters move on commit)
_PG_MIGRATION_LOCK = 7_357_001  # any constant: serialises migrations of app processes starting together
_HASHER = PasswordHasher()  # argon2id
# One-time passwords are random (about 69 bits), so guessing them offline is hopeless whatever the hash costs; a light
# argon2id keeps a list of 150 accounts to a second instead of half a minute. A chosen password uses _HASHER.
_ONE_TIME_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
MIN_PASSWORD = 8


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

        return _refusing_nul(engine)
    return _refusing_nul(create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20))


def _refusing_nul(engine: Engine) -> Engine:
    """The last guard behind the checks in :mod:`ita_dash.domain.fields`: no statement carrying a NUL character
    reaches the database (PostgreSQL would raise DataError, SQLite would store it), on either database the same
    Thai refusal."""

    @event.listens_for(engine, "before_cursor_execute")
    def _no_nul(_connection, _cursor, _statement, parameters, _context, _executemany):
        pending = [parameters]
        while pending:
            value = pending.pop()
            if isinstance(value, str):
                if "\x00" in value:
                    raise InvalidEntry({"text": "มีอักขระ NUL (U+0000) ที่บันทึกไม่ได้ — ลบออกแล้วลองอีกครั้ง"})
            elif isinstance(value, dict):
                pending.extend(value.values())
            elif isinstance(value, (list, tuple)):
                pending.extend(value)

    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _checklist_text(ticks: list[bool] | tuple[bool, ...]) -> str:
    return "".join("1" if tick else "0" for tick in ticks)


def _checklist_ticks(text_value: str) -> list[bool]:
    return [char == "1" for char in text_value]


def _audit_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _follow_up(row: FollowUpRow, measure_code: str) -> FollowUp:
    return FollowUp(measure_code=measure_code, **row.model_dump(
        include={"month", "status", "percent", "note", "evidence_url", "entered_by", "entered_at", "version"}))


def _oit_item(row: OitItemRow) -> OitItem:
    return OitItem(checklist=_checklist_ticks(row.checklist), **row.model_dump(
        include={"code", "status", "link", "owner_section", "owner_text", "due_date", "approved_by", "version"}))


def _user(row: UserRow) -> User:
    return User.model_validate(row.model_dump(exclude={"password_hash", "one_time_used"}))


def _check_password(password: str) -> None:
    if problem := text_problem(password, limit_of("password")):
        raise InvalidEntry({"password": problem})
    if len(password) < MIN_PASSWORD:
        raise InvalidEntry({"password": f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร"})


class SqlStore:
    """:class:`ita_dash.store.base.Store` over SQLModel."""

    def __init__(self, url: str, *, apply_migrations: bool = True, templates: TemplateLibrary | None = None):
        self.url = url
        self.engine = make_engine(url)
        self._templates = templates
        self.figure_cache = FigureCache(table=FigureTable(self.engine))
        if apply_migrations:
            migrate(self.engine)

    @property
    def templates(self) -> TemplateLibrary:
        return self._templates or library()

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions ------------------------------------------------------------------------------------
    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One transaction; it also moves the data version on, so every cache sees the change, and the change
        counter of every unit the transaction wrote an audit line for (:meth:`_touch`; issue 18), so the figures
        cache recomputes those units and no others. A transaction that fails moves nothing."""
        with Session(self.engine) as session, session.begin():
            yield session
            session.execute(update(MetaRow).where(MetaRow.key == "data_version").values(value=MetaRow.value + 1))
            # after the data version: that row lock already orders concurrent writers, so no two can deadlock here
            self._move_unit_versions(session, session.info.pop(_TOUCHED, ()))

    @staticmethod
    def _touch(session: Session, *unit_codes: str | None) -> None:
        """Mark units whose figures this transaction changes; their counters move when it commits. Every audit line
        with a unit marks it (every write to a unit's data audits), so this is only needed for a write without one."""
        session.info.setdefault(_TOUCHED, set()).update(code for code in unit_codes if code)

    def _move_unit_versions(self, session: Session, unit_codes) -> None:
        if not unit_codes:
            return
        dialect = self.engine.dialect.name
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert as upsert
        else:
            from sqlalchemy.dialects.sqlite import insert as upsert
        statement = upsert(UnitVersionRow).values(unit_code=bindparam("code"), version=1)
        statement = statement.on_conflict_do_update(index_elements=[UnitVersionRow.unit_code],
                                                    set_={"version": UnitVersionRow.version + 1})
        session.execute(statement, [{"code": code} for code in sorted(unit_codes)])

    def unit_versions(self, unit_codes: list[str] | None = None) -> dict[str, int]:
        """The change counters of these units (all units: None); 0 for a unit never written since migration 0011."""
        query = select(UnitRow.code, func.coalesce(UnitVersionRow.version, 0)).outerjoin(
            UnitVersionRow, UnitVersionRow.unit_code == UnitRow.code)
        if unit_codes is not None:
            query = query.where(UnitRow.code.in_(unit_codes))
        with self._reading() as session:
            return dict(session.execute(query).all())

    @staticmethod
    def _audit(session: Session, actor: Actor, unit_code: str | None, table: str, key: str, field: str,
               old, new, at: dt.datetime | None = None) -> None:
        if key != f"user:{actor.username}":  # issue 13: every write audits, so this is where a pending one-time
            account = session.get(UserRow, actor.username)  # password stops all but choosing one's own
            if account is not None and account.must_change_password:
                raise NotAllowed(f"บัญชี {actor.username} ต้องตั้งรหัสผ่านของตนเองก่อน")
        SqlStore._touch(session, unit_code)  # a unit's audit line: its figures may have changed (issue 18)
        session.add(AuditRow(at=at or dt.datetime.now(dt.timezone.utc), username=actor.username, unit_code=unit_code,
                             table_name=table, record_key=key, field=field, old_value=_audit_text(old),
                             new_value=_audit_text(new)))

    def _apply(self, session: Session, table, row, base_version: int | None, changes: dict, actor: Actor,
               unit_code: str | None, key: str, at: dt.datetime | None = None, audited: set[str] | None = None) -> dict:
        """Change ``row`` if it is still at ``base_version``: one UPDATE guarded by the version, one audit line
        per changed field. Returns the changed fields; raises :class:`_Conflict` when someone was first."""
        if base_version is None or row.version != base_version:
            raise _Conflict()
        diffs = {name: (getattr(row, name), value) for name, value in changes.items() if getattr(row, name) != value}
        if not diffs:
            return {}
        result = session.execute(
            update(table).where(table.id == row.id, table.version == base_version)
            .values(**changes, version=base_version + 1))
        if result.rowcount != 1:
            raise _Conflict()
        for name, (old, new) in diffs.items():
            if audited is None or name in audited:
                self._audit(session, actor, unit_code, table.__tablename__, key, name, old, new, at)
        return diffs

    def _unit(self, session: Session, actor: Actor, unit_code: str) -> UnitRow:
        row = session.get(UnitRow, unit_code)
        if row is None:
            raise NotFound(f"ไม่พบหน่วยรหัส {unit_code}")
        region = None
        if actor.role is Role.REGION:  # only a region reader needs the unit's region
            region = session.execute(select(ProvinceRow.region_code).where(ProvinceRow.code == row.province_code)).scalar()
        check_read(actor, Unit.model_validate(row, from_attributes=True), region)
        return row

    # -- reads -------------------------------------------------------------------------------------------
    def data_version(self) -> int:
        with self._reading() as session:
            return session.execute(select(MetaRow.value).where(MetaRow.key == "data_version")).scalar_one()

    def is_empty(self) -> bool:
        with self._reading() as session:
            return session.execute(select(UnitRow.code).limit(1)).first() is None

    @staticmethod
    def _unit_scope(query, actor: Actor):
        if actor.role is Role.ADMIN:
            return query
        if actor.role is Role.PROVINCE:
            return query.where(UnitRow.province_code == actor.province_code)
        if actor.role is Role.REGION:
            return query.where(UnitRow.province_code.in_(
                select(ProvinceRow.code).where(ProvinceRow.region_code == actor.region_code)))
        return query.where(UnitRow.code == actor.unit_code)

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
                follow_ups=[_follow_up(row, code) for row, code in follow_ups],
                oit_items=sorted((_oit_item(row) for row in items), key=lambda item: int(item.code[1:])),
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
        if not cached:
            return figures.unit_figures(self._reading, query, self.templates, fiscal_year, as_of)
        scope = (actor.role, actor.unit_code, actor.province_code, actor.region_code)  # what _unit_scope reads
        return self.figure_cache.figures(self._reading, query, self.templates, fiscal_year, as_of,
                                         view=(scope, province_code, region_code))

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

    # -- writes: whole years -----------------------------------------------------------------------------
    def replace_unit_year(self, actor: Actor, data: UnitYearData) -> None:
        unit_code, fiscal_year = data.unit.code, data.fiscal_year
        check_manage_unit(actor, unit_code, "นำเข้าข้อมูลทั้งปีของหน่วย")
        if errors := record_text_errors(data):
            raise InvalidEntry({f"{path_label(path)} ({path})": reason for path, reason in list(errors.items())[:3]})
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
            self._audit(session, actor, unit_code, "unit_year", f"{unit_code}/{fiscal_year}", "replace", None,
                        f"{len(data.measures)} measures, {len(data.follow_ups)} follow-ups, {len(data.oit_items)} OIT items")

    @staticmethod
    def _places(session: Session, unit_code: str) -> tuple[Unit, Province, Region] | None:
        """The unit as stored, with its province and region (None: no such unit yet)."""
        unit = session.get(UnitRow, unit_code)
        if unit is None:
            return None
        province = session.get(ProvinceRow, unit.province_code)
        region = session.get(RegionRow, province.region_code)
        return (Unit.model_validate(unit, from_attributes=True), Province.model_validate(province, from_attributes=True),
                Region.model_validate(region, from_attributes=True))

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
                                 "checklist": _checklist_text(i.checklist), "due_date": i.due_date,
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

    # -- the Google Sheets registry -----------------------------------------------------------------------
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

    def refresh_statistics(self) -> None:
        """ANALYZE, so the query planner knows the tables' sizes after a bulk load (PostgreSQL would otherwise plan
        the figures' queries for empty tables until autovacuum comes round)."""
        with self.engine.begin() as connection:
            connection.execute(text("ANALYZE"))

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
                          ReportSettingsRow):
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

    # -- writes: records -----------------------------------------------------------------------------------
    def _measure_row(self, session: Session, unit_code: str, fiscal_year: int, code: str) -> MeasureRow:
        row = session.execute(select(MeasureRow).where(
            MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year, MeasureRow.code == code)
        ).scalar_one_or_none()
        if row is None:
            raise NotFound(f"ไม่พบมาตรการ {code} ของหน่วย {unit_code} ปี {fiscal_year}")
        return row

    def save_follow_up(self, actor: Actor, unit_code: str, fiscal_year: int, entry: FollowUpEntry,
                       now: dt.datetime | None = None) -> FollowUp:
        """A monthly report: added when there was none (``base_version`` None), else changed if still at
        ``base_version``."""
        now = now or dt.datetime.now(dt.timezone.utc)
        if errors := follow_up_errors(entry, fiscal_year, now.astimezone(BANGKOK).date()):
            raise InvalidEntry(errors)
        key = f"follow_up:{unit_code}/{fiscal_year}/{entry.measure_code}/{entry.month}"
        values = {"status": entry.status.value, "percent": entry.percent, "note": entry.note,
                  "evidence_url": entry.evidence_url.strip()}
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                measure_row = self._measure_row(session, unit_code, fiscal_year, entry.measure_code)
                check_report(actor, unit_code, Measure.model_validate(measure_row, from_attributes=True))
                row = session.execute(select(FollowUpRow).where(
                    FollowUpRow.measure_id == measure_row.id, FollowUpRow.month == entry.month)).scalar_one_or_none()
                if row is None:
                    if entry.base_version is not None:
                        raise _Conflict()
                    row = FollowUpRow(measure_id=measure_row.id, month=entry.month, entered_by=actor.username,
                                      entered_at=now, **values)
                    session.add(row)
                    session.flush()  # a report added meanwhile by someone else fails here (unique measure+month)
                    for name, value in values.items():
                        if value not in (None, ""):
                            self._audit(session, actor, unit_code, "follow_up", key, name, None, value, now)
                else:
                    changed = self._apply(session, FollowUpRow, row, entry.base_version, values, actor, unit_code, key, now)
                    if changed:
                        session.execute(update(FollowUpRow).where(FollowUpRow.id == row.id)
                                        .values(entered_by=actor.username, entered_at=now))
                session.flush()
                session.refresh(row)
                return _follow_up(row, entry.measure_code)
        except (_Conflict, IntegrityError):
            raise StaleVersion(self._current_follow_up(unit_code, fiscal_year, entry.measure_code, entry.month)) from None

    def follow_up(self, actor: Actor, unit_code: str, fiscal_year: int, code: str, month: str) -> FollowUp | None:
        """One measure's report for one month, as it is now (None: not reported)."""
        with self._reading() as session:
            self._unit(session, actor, unit_code)
        return self._current_follow_up(unit_code, fiscal_year, code, month)

    def _current_follow_up(self, unit_code: str, fiscal_year: int, code: str, month: str) -> FollowUp | None:
        with self._reading() as session:
            found = session.execute(
                select(FollowUpRow).join(MeasureRow, FollowUpRow.measure_id == MeasureRow.id)
                .where(MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                       MeasureRow.code == code, FollowUpRow.month == month)).scalar_one_or_none()
            return None if found is None else _follow_up(found, code)

    def save_oit_item(self, actor: Actor, unit_code: str, fiscal_year: int, entry: OitEntry) -> OitItem:
        if errors := oit_errors(entry):
            raise InvalidEntry(errors)
        key = f"oit_item:{unit_code}/{fiscal_year}/{entry.code}"
        try:
            with self._writing() as session:
                unit_row = self._unit(session, actor, unit_code)
                row = session.execute(select(OitItemRow).where(
                    OitItemRow.unit_code == unit_code, OitItemRow.fiscal_year == fiscal_year,
                    OitItemRow.code == entry.code)).scalar_one_or_none()
                if row is None:
                    spec = self.templates.for_year(Unit.model_validate(unit_row, from_attributes=True).kind,
                                                   fiscal_year).oit_item(entry.code)
                    if spec is None:
                        raise NotFound(f"แม่แบบของปี {fiscal_year} ไม่มีรายการ {entry.code}")
                    if entry.base_version is not None:
                        raise _Conflict()
                    current = OitItem(code=entry.code, owner_section=spec.owner_section, due_date=spec.due)
                else:
                    current = _oit_item(row)
                check_edit_oit(actor, unit_code, current, entry.status, entry.link)
                values = {"status": entry.status.value, "link": entry.link.strip(),
                          "checklist": _checklist_text(entry.checklist)}
                if entry.status.value in ("approved", "published") and current.status.value not in ("approved", "published"):
                    values["approved_by"] = actor.username
                if row is None:
                    row = OitItemRow(unit_code=unit_code, fiscal_year=fiscal_year, code=entry.code,
                                     owner_section=current.owner_section, due_date=current.due_date, **values)
                    session.add(row)
                    session.flush()
                    for name, value in values.items():
                        self._audit(session, actor, unit_code, "oit_item", key, name, None, value)
                else:
                    self._apply(session, OitItemRow, row, entry.base_version, values, actor, unit_code, key)
                session.flush()
                session.refresh(row)
                return _oit_item(row)
        except (_Conflict, IntegrityError):
            raise StaleVersion(self._current_oit_item(unit_code, fiscal_year, entry.code)) from None

    def _current_oit_item(self, unit_code: str, fiscal_year: int, code: str) -> OitItem | None:
        with self._reading() as session:
            row = session.execute(select(OitItemRow).where(
                OitItemRow.unit_code == unit_code, OitItemRow.fiscal_year == fiscal_year,
                OitItemRow.code == code)).scalar_one_or_none()
            return None if row is None else _oit_item(row)

    def save_measure(self, actor: Actor, unit_code: str, fiscal_year: int, entry: MeasureEntry) -> Measure:
        """Add a measure (``entry.code`` None: the next free code of its indicator) or change one; retiring is
        ``fields={"retired": True}``."""
        check_manage_unit(actor, unit_code, "เพิ่มหรือแก้ไขมาตรการ")
        if errors := measure_errors(entry):
            raise InvalidEntry(errors)
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                values = Measure(code=entry.code or "new", indicator=entry.indicator, activity=entry.activity,
                                 **entry.fields).model_dump(mode="json", exclude={"code", "version", "deadline"})
                values["deadline"] = entry.fields.get("deadline")
                if entry.code is None:
                    taken = session.execute(select(MeasureRow.code).where(
                        MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                        MeasureRow.indicator == entry.indicator)).scalars().all()
                    number = 1 + max((int(c.split("-")[-1]) for c in taken if c.split("-")[-1].isdigit()), default=0)
                    code = f"{entry.indicator}-{number:02d}"
                    row = MeasureRow(unit_code=unit_code, fiscal_year=fiscal_year, code=code, **values)
                    session.add(row)
                    session.flush()
                    self._audit(session, actor, unit_code, "measure", f"measure:{unit_code}/{fiscal_year}/{code}",
                                "add", None, entry.activity)
                else:
                    row = self._measure_row(session, unit_code, fiscal_year, entry.code)
                    changes = {k: v for k, v in values.items() if k in {"indicator", "activity", *entry.fields}}
                    self._apply(session, MeasureRow, row, entry.base_version, changes, actor, unit_code,
                                f"measure:{unit_code}/{fiscal_year}/{entry.code}")
                session.flush()
                session.refresh(row)
                return Measure.model_validate(row, from_attributes=True)
        except (_Conflict, IntegrityError):
            current = None
            if entry.code is not None:
                with self._reading() as session:
                    found = session.execute(select(MeasureRow).where(
                        MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                        MeasureRow.code == entry.code)).scalar_one_or_none()
                    current = None if found is None else Measure.model_validate(found, from_attributes=True)
            raise StaleVersion(current) from None

    def import_plan(self, actor: Actor, unit_code: str, fiscal_year: int, measures: list[Measure]) -> dict[str, list[str]]:
        """Bring in a plan's measures in one transaction. A measure already there (same indicator and activity,
        spaces ignored) is updated where the file differs; the others are added with the next free code of their
        indicator. Returns the codes added, changed and unchanged."""
        check_manage_unit(actor, unit_code, "นำเข้าแผนมาตรการ")
        for number, measure in enumerate(measures, start=1):
            if errors := record_text_errors(measure):
                raise InvalidEntry({f"{path_label(path)} (มาตรการที่ {number} “{printable(measure.activity[:40])}”)": reason
                                    for path, reason in errors.items()})
        outcome: dict[str, list[str]] = {"added": [], "changed": [], "unchanged": [], "repeated": []}
        fields = ("issue", "output", "communication", "deadline", "deadline_text", "owner_section", "owner_text",
                  "cadence", "cadence_text", "outcome", "extra", "start_date", "all_sections")
        try:
            return self._import_plan(actor, unit_code, fiscal_year, measures, outcome, fields)
        except _Conflict:
            raise StaleVersion(None) from None

    def _import_plan(self, actor, unit_code, fiscal_year, measures, outcome, fields):
        seen = set()
        with self._writing() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(select(MeasureRow).where(
                MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year)).scalars().all()
            def key_of(item) -> tuple:  # one section's share of an all-sections measure is its own measure
                return (item.indicator, "".join(item.activity.split()), item.owner_section if item.all_sections else None)

            by_key = {key_of(row): row for row in rows}
            sections = set(session.execute(select(SectionRow.code).where(SectionRow.unit_code == unit_code)).scalars())
            numbers = {}
            for row in rows:
                tail = row.code.split("-")[-1]
                if tail.isdigit():
                    numbers[row.indicator] = max(numbers.get(row.indicator, 0), int(tail))
            for measure in measures:
                key = key_of(measure)
                if key in seen:  # the same measure twice in one file: the first one counts
                    outcome["repeated"].append(measure.activity[:60])
                    continue
                seen.add(key)
                if measure.owner_section is not None and measure.owner_section not in sections:
                    raise InvalidEntry({"owner_section": f"หน่วยนี้ไม่มีสายงาน {measure.owner_section} "
                                                         f"(มาตรการ “{measure.activity[:40]}”) — ไม่ได้นำเข้าเลยสักรายการ"})
                values = measure.model_dump(mode="json", include=set(fields))
                values["deadline"] = measure.deadline
                values["start_date"] = measure.start_date
                existing = by_key.get(key)
                if existing is None:
                    numbers[measure.indicator] = numbers.get(measure.indicator, 0) + 1
                    code = f"{measure.indicator}-{numbers[measure.indicator]:02d}"
                    row = MeasureRow(unit_code=unit_code, fiscal_year=fiscal_year, code=code, indicator=measure.indicator,
                                     activity=measure.activity, **values)
                    session.add(row)
                    by_key[key] = row
                    self._audit(session, actor, unit_code, "measure", f"measure:{unit_code}/{fiscal_year}/{code}",
                                "import", None, measure.activity)
                    outcome["added"].append(code)
                elif self._apply(session, MeasureRow, existing, existing.version, values, actor, unit_code,
                                 f"measure:{unit_code}/{fiscal_year}/{existing.code}"):
                    outcome["changed"].append(existing.code)
                else:
                    outcome["unchanged"].append(existing.code)
            session.flush()
        return outcome

    # -- issue 14: copying last year's plan forward -------------------------------------------------------------
    def copy_plan(self, actor: Actor, unit_code: str, from_year: int, to_year: int, move_years: int,
                  source: list[Measure] | None = None) -> dict[str, list[str]]:
        """คัดลอกแผนจากปีที่แล้ว: the measures of ``from_year`` (not retired) into ``to_year`` with their activity,
        owners and cadences, dates moved by ``move_years`` whole years (0 keeps them; the caller decides, after
        :func:`ita_dash.domain.planyear.check_year`), not done, without follow-ups. Matched like an import, so copying
        twice changes nothing. One transaction; returns the codes added, changed and unchanged."""
        from ita_dash.domain.planyear import carry_forward

        check_manage_unit(actor, unit_code, "คัดลอกแผนจากปีที่แล้ว")
        if from_year == to_year:
            raise InvalidEntry({"fiscal_year": "ปีต้นทางและปีปลายทางต้องไม่ใช่ปีเดียวกัน"})
        if source is None:  # ``source``: the year's measures when they are kept elsewhere (a Google Sheet)
            source = self.load_unit_year(actor, unit_code, from_year).measures
        if not [m for m in source if not m.retired]:
            raise InvalidEntry({"fiscal_year": f"ปีงบประมาณ {from_year} ไม่มีมาตรการให้คัดลอก"})

        def key_of(item) -> tuple:
            return (item.indicator, "".join(item.activity.split()), item.owner_section if item.all_sections else None)

        present = {key_of(m): m.code for m in self.load_unit_year(actor, unit_code, to_year).measures}
        fresh = [m for m in carry_forward(source, move_years) if key_of(m) not in present]
        outcome = self.import_plan(actor, unit_code, to_year, fresh) if fresh else {
            "added": [], "changed": [], "unchanged": [], "repeated": []}
        outcome["unchanged"] += sorted(present[key_of(m)] for m in source if not m.retired and key_of(m) in present)
        return outcome

    def add_quota_snapshot(self, actor: Actor, unit_code: str, fiscal_year: int, snapshot: QuotaSnapshot) -> None:
        check_manage_unit(actor, unit_code, "บันทึกจำนวนผู้ตอบจาก ITAP")
        snapshot = snapshot.model_copy(update={"entered_by": actor.username})
        with self._writing() as session:
            self._unit(session, actor, unit_code)
            if snapshot.section is not None and session.execute(select(SectionRow.id).where(
                    SectionRow.unit_code == unit_code, SectionRow.code == snapshot.section)).first() is None:
                raise InvalidEntry({"section": f"หน่วยนี้ไม่มีสายงาน {snapshot.section}"})
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
                        raise _Conflict()
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
        except (_Conflict, IntegrityError):
            raise StaleVersion(self._current_result(unit_code, result.fiscal_year)) from None

    def _current_result(self, unit_code: str, fiscal_year: int) -> ItaResult | None:
        with self._reading() as session:
            row = session.execute(select(ItaResultRow).where(
                ItaResultRow.unit_code == unit_code, ItaResultRow.fiscal_year == fiscal_year)).scalar_one_or_none()
            return None if row is None else ItaResult.model_validate(row, from_attributes=True)

    # -- accounts ------------------------------------------------------------------------------------------
    def add_user(self, actor: Actor, user: User, password: str) -> User:
        check_manage_accounts(actor)
        if problem := scope_problem(user):
            raise InvalidEntry({"role": problem})
        if errors := user_text_errors(user, password):
            raise InvalidEntry(errors)
        _check_password(password)
        with self._writing() as session:
            if session.get(UserRow, user.username) is not None:
                raise StoreError(f"มีบัญชีชื่อ {user.username} อยู่แล้ว")
            if errors := self._scope_errors(session, user):
                raise InvalidEntry(errors)
            row = UserRow(**user.model_dump(mode="json", exclude={"locked_until", "version"}),
                          password_hash=_HASHER.hash(password))
            session.add(row)
            self._audit(session, actor, user.unit_code, "app_user", f"user:{user.username}", "add", None,
                        f"{user.role.value} {user.unit_code or ''} {user.section_code or ''} {user.province_code or ''}".strip())
        return user

    @staticmethod
    def _scope_errors(session: Session, user: User) -> dict[str, str]:
        """The unit, section and province an account is for must exist (issue 12)."""
        errors = {}
        if user.unit_code is not None and session.get(UnitRow, user.unit_code) is None:
            errors["unit_code"] = f"ไม่มีหน่วยรหัส {user.unit_code}"
        elif user.section_code is not None and session.execute(select(SectionRow.id).where(
                SectionRow.unit_code == user.unit_code, SectionRow.code == user.section_code)).first() is None:
            errors["section_code"] = f"หน่วย {user.unit_code} ไม่มีสายงาน {user.section_code}"
        if user.province_code is not None and session.get(ProvinceRow, user.province_code) is None:
            errors["province_code"] = f"ไม่มีจังหวัดรหัส {user.province_code}"
        if user.region_code is not None and session.get(RegionRow, user.region_code) is None:
            errors["region_code"] = f"ไม่มีภาครหัส {user.region_code}"
        return errors

    def list_users(self, actor: Actor) -> list[User]:
        check_manage_accounts(actor)
        with self._reading() as session:
            return [_user(row) for row in session.execute(select(UserRow).order_by(UserRow.username)).scalars()]

    def get_user(self, username: str) -> User | None:
        with self._reading() as session:
            row = session.get(UserRow, username)
            return None if row is None else _user(row)

    def _user_row(self, session: Session, username: str) -> UserRow:
        row = session.get(UserRow, username)
        if row is None:
            raise NotFound(f"ไม่พบบัญชี {username}")
        return row

    def reset_password(self, actor: Actor, username: str, password: str) -> None:
        check_manage_accounts(actor)
        _check_password(password)
        with self._writing() as session:
            row = self._user_row(session, username)
            session.execute(update(UserRow).where(UserRow.username == username).values(
                password_hash=_HASHER.hash(password), failed_attempts=0, locked_until=None, version=row.version + 1,
                must_change_password=False, one_time_used=False))  # issue 13: a reset ends a pending one-time password
            _end_sessions(session, username)  # issue 12: a reset password signs the account out everywhere
            self._audit(session, actor, row.unit_code, "app_user", f"user:{username}", "password", None, "(reset)")

    def set_disabled(self, actor: Actor, username: str, disabled: bool) -> None:
        check_manage_accounts(actor)
        with self._writing() as session:
            row = self._user_row(session, username)
            if row.disabled != disabled:
                session.execute(update(UserRow).where(UserRow.username == username).values(
                    disabled=disabled, version=row.version + 1))
                if disabled:
                    _end_sessions(session, username)  # issue 12: signed out everywhere at once
                self._audit(session, actor, row.unit_code, "app_user", f"user:{username}", "disabled", row.disabled, disabled)

    def sign_in(self, username: str, password: str, now: dt.datetime | None = None) -> User:
        """The user, if the password is right and the account neither disabled nor locked. Five wrong passwords in a
        row lock it for 15 minutes (``ita_dash.domain.settings.Security``).

        Guessing in parallel does not get more tries: each attempt first adds one to the account's failure count in
        one atomic ``UPDATE … RETURNING`` (row-locked on PostgreSQL, the single writer on SQLite), and only then is
        the password checked; an attempt past the fifth is refused without looking at the password, a wrong fifth
        locks the account, and a right password clears the count only if no lock was set meanwhile. An unknown,
        disabled or locked account costs one argon2 verification too (against a dummy hash) and a wrong password
        and an unknown user get the same message. The count is not data any page shows, so changing it does not move
        the data version; locking (which writes an audit line) does."""
        now = now or dt.datetime.now(dt.timezone.utc)
        if problem := sign_in_input_problem(username, password):
            raise SignInRefused(problem)
        limit = SECURITY.max_failed_logins
        claimed = self._claim_sign_in_attempt(username, now)
        if claimed is None:  # unknown, disabled or locked: the same work, then the refusal
            _verify_password(_dummy_hash(), password)
            raise SignInRefused(self._refusal_for(username, now))
        attempt, password_hash = claimed
        if attempt > limit:  # more attempts in flight than the account has tries left
            _verify_password(_dummy_hash(), password)
            right = False
        else:
            right = _verify_password(password_hash, password)
        if right:
            with self._reading() as session, session.begin():
                cleared = session.execute(
                    update(UserRow).where(UserRow.username == username, UserRow.disabled.is_(False),
                                          or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now))
                    .values(failed_attempts=0, locked_until=None)).rowcount
                row = session.get(UserRow, username)
                user = None if row is None else _user(row)
            if cleared != 1 or user is None:  # locked (or disabled) by another attempt meanwhile
                raise SignInRefused(self._refusal_for(username, now))
            return self._use_one_time_password(username, user)  # issue 13
        if attempt >= limit:
            until = now + dt.timedelta(minutes=SECURITY.lockout_minutes)
            with self._writing() as session:
                locked = session.execute(
                    update(UserRow).where(UserRow.username == username,
                                          or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now))
                    .values(failed_attempts=0, locked_until=until)).rowcount
                if locked == 1:
                    row = session.get(UserRow, username)
                    self._audit(session, _user(row).as_actor(), row.unit_code, "app_user", f"user:{username}",
                                "locked_until", None, until, now)
        raise SignInRefused(WRONG)

    def _claim_sign_in_attempt(self, username: str, now: dt.datetime) -> tuple[int, str] | None:
        """Count one more failure before the password is checked (a right password takes it back): the new count
        and the password hash; None when the account is unknown, disabled or locked."""
        with self._reading() as session, session.begin():
            found = session.execute(
                update(UserRow).where(UserRow.username == username, UserRow.disabled.is_(False),
                                      or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now))
                .values(failed_attempts=UserRow.failed_attempts + 1)
                .returning(UserRow.failed_attempts, UserRow.password_hash)).first()
        return None if found is None else (found[0], found[1])

    def _refusal_for(self, username: str, now: dt.datetime) -> str:
        with self._reading() as session:
            row = session.get(UserRow, username)
        if row is not None and not row.disabled and row.locked_until is not None and row.locked_until > now:
            return lock_message(row.locked_until)
        return WRONG


    # -- issue 12a: first administrator, demo accounts, sign-in sessions ---------------------------------------
    # Sessions are not data: their writes do not move ``meta.data_version`` (a "last seen" would otherwise empty
    # every cache of every process every minute), and they are never audited line by line.
    def create_first_admin(self, user: User, password: str) -> User:
        """``setup``: the first administrator of an installation, in one transaction that refuses when any
        administrator exists already. Writes nothing else."""
        if user.role is not Role.ADMIN:
            raise InvalidEntry({"role": "บัญชีแรกต้องเป็นผู้ดูแลระบบ (admin)"})
        _check_password(password)
        with self._writing() as session:
            if session.execute(select(UserRow.username).where(UserRow.role == Role.ADMIN.value).limit(1)).first():
                raise StoreError("มีผู้ดูแลระบบอยู่แล้ว — setup ใช้ได้ครั้งเดียวกับฐานข้อมูลใหม่ "
                                 "(เพิ่มบัญชีอื่นด้วย python -m ita_dash users add)")
            session.add(UserRow(**user.model_dump(mode="json", exclude={"locked_until", "version"}),
                                password_hash=_HASHER.hash(password)))
            self._audit(session, Actor.system("setup"), None, "app_user", f"user:{user.username}", "add", None,
                        "admin (setup)")
        return user

    def has_accounts(self) -> bool:
        """Whether any account exists (an installation without one shows the "run setup" page)."""
        with self._reading() as session:
            return session.execute(select(UserRow.username).limit(1)).first() is not None

    def demo_accounts(self, usernames) -> list[User]:
        """Which of the demo accounts' ``usernames`` exist here (a banner on every page, and ``users list``)."""
        with self._reading() as session:
            rows = session.execute(select(UserRow).where(UserRow.username.in_(list(usernames)))
                                   .order_by(UserRow.username)).scalars()
            return [_user(row) for row in rows]

    def open_sign_in_session(self, username: str, now: dt.datetime | None = None) -> tuple[str, str]:
        """A session for a user who has just signed in (call after :meth:`sign_in`). Returns its id (kept in the
        server's memory of this browser tab) and a one-time code the browser trades for its cookie within
        ``cookie_handoff_seconds`` (:meth:`claim_session_cookie`). Also clears sessions that have ended."""
        now = now or dt.datetime.now(dt.timezone.utc)
        session_id, handoff = secrets.token_hex(16), secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            if session.get(UserRow, username) is None:
                raise NotFound(f"ไม่พบบัญชี {username}")
            session.execute(delete(SignInSessionRow).where(
                (SignInSessionRow.last_seen_at < now - dt.timedelta(minutes=SECURITY.idle_minutes))
                | (SignInSessionRow.created_at < now - dt.timedelta(hours=SECURITY.session_absolute_hours))))
            session.add(SignInSessionRow(id=session_id, username=username, handoff_hash=_digest(handoff),
                                         created_at=now, last_seen_at=now))
        return session_id, handoff

    def claim_session_cookie(self, handoff: str, now: dt.datetime | None = None) -> str | None:
        """Trade a one-time code for the session's cookie token (once, within ``cookie_handoff_seconds``); only the
        token's SHA-256 is kept. None when the code is unknown, used or too old."""
        now = now or dt.datetime.now(dt.timezone.utc)
        token = secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            result = session.execute(update(SignInSessionRow).where(
                SignInSessionRow.handoff_hash == _digest(handoff),
                SignInSessionRow.created_at >= now - dt.timedelta(seconds=SECURITY.cookie_handoff_seconds),
            ).values(handoff_hash=None, token_hash=_digest(token)))
            return token if result.rowcount == 1 else None

    def session_user(self, session_id: str | None = None, token: str | None = None,
                     now: dt.datetime | None = None) -> tuple[str, User]:
        """The session (by its id, or by the token of a cookie) and its user, re-read now; raises
        :class:`SessionEnded` with a Thai reason when it was ended, has expired, or its account is disabled."""
        now = now or dt.datetime.now(dt.timezone.utc)
        if session_id is None and not token:
            raise SessionEnded("กรุณาเข้าสู่ระบบ")
        where = (SignInSessionRow.id == session_id) if session_id is not None else \
            (SignInSessionRow.token_hash == _digest(token))
        with self._reading() as session:
            found = session.execute(select(SignInSessionRow, UserRow).join(
                UserRow, UserRow.username == SignInSessionRow.username).where(where)).first()
            if found is None:
                raise SessionEnded("ออกจากระบบแล้ว กรุณาเข้าสู่ระบบอีกครั้ง")
            row, user_row = found
            reason = session_end_reason(row.created_at, row.last_seen_at, now)
            if reason is None and user_row.disabled:
                reason = "บัญชีนี้ถูกปิดการใช้งาน"
            user = _user(user_row)
            row_id, last_seen = row.id, row.last_seen_at
        if reason is not None:
            self.end_sign_in_session(row_id)
            raise SessionEnded(reason)
        if now - last_seen > dt.timedelta(seconds=SECURITY.session_touch_seconds):
            with Session(self.engine) as session, session.begin():
                session.execute(update(SignInSessionRow).where(SignInSessionRow.id == row_id).values(last_seen_at=now))
        return row_id, user

    def end_sign_in_session(self, session_id: str) -> None:
        """Sign out: the session ends on every app process and in every tab that shares it."""
        with Session(self.engine) as session, session.begin():
            session.execute(delete(SignInSessionRow).where(SignInSessionRow.id == session_id))

    def end_sessions_of(self, username: str) -> int:
        """End every session of one account (disabling it or resetting its password does this too)."""
        with Session(self.engine) as session, session.begin():
            return _end_sessions(session, username)

    # -- issue 15: the results report a unit signs (written results, evidence photos, report settings) -------
    def save_measure_result(self, actor: Actor, unit_code: str, fiscal_year: int, code: str, achievement: str,
                            outcome: str, base_version: int | None) -> Measure:
        """A measure's ผลการดำเนินการ and ผลลัพธ์ for the results report: the chief or the owning section."""
        achievement, outcome = achievement.strip(), outcome.strip()
        if errors := result_text_errors(achievement, outcome):
            raise InvalidEntry(errors)
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                row = self._measure_row(session, unit_code, fiscal_year, code)
                check_report(actor, unit_code, Measure.model_validate(row, from_attributes=True))
                self._apply(session, MeasureRow, row, base_version, {"achievement": achievement, "outcome": outcome},
                            actor, unit_code, f"measure:{unit_code}/{fiscal_year}/{code}")
                session.flush()
                session.refresh(row)
                return Measure.model_validate(row, from_attributes=True)
        except _Conflict:
            with self._reading() as session:
                found = session.execute(select(MeasureRow).where(
                    MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                    MeasureRow.code == code)).scalar_one_or_none()
                raise StaleVersion(None if found is None else Measure.model_validate(found, from_attributes=True)) from None

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

    @staticmethod
    def _photo_info(row: MeasurePhotoRow, measure_code: str) -> PhotoInfo:
        return PhotoInfo(measure_code=measure_code, **row.model_dump(
            include={"id", "month", "caption", "width", "height", "size_bytes", "uploaded_by", "uploaded_at"}))

    def add_photo(self, actor: Actor, unit_code: str, fiscal_year: int, measure_code: str, month: str,
                  content: bytes, caption: str = "", now: dt.datetime | None = None) -> PhotoInfo:
        """Attach a photo to a measure's report of a month (the chief or the owning section): re-encoded without
        metadata, with a thumbnail, at most ``PHOTO_LIMITS.per_measure_month`` per measure and month."""
        caption = " ".join(caption.split())
        if errors := caption_errors(caption):
            raise InvalidEntry(errors)
        try:
            Month.parse(month)
        except ValueError:
            raise InvalidEntry({"month": "รูปแบบเดือนไม่ถูกต้อง"}) from None
        with self._reading() as session:  # permissions first: a refused user's upload is never decoded
            self._unit(session, actor, unit_code)
            row = self._measure_row(session, unit_code, fiscal_year, measure_code)
            check_report(actor, unit_code, Measure.model_validate(row, from_attributes=True))
        prepared = prepare_photo(content)
        now = now or dt.datetime.now(dt.timezone.utc)
        with self._writing() as session:
            row = self._measure_row(session, unit_code, fiscal_year, measure_code)
            taken = session.execute(select(func.count()).select_from(MeasurePhotoRow).where(
                MeasurePhotoRow.measure_id == row.id, MeasurePhotoRow.month == month)).scalar_one()
            if taken >= PHOTO_LIMITS.per_measure_month:
                raise InvalidEntry({"photo": f"แนบภาพได้ไม่เกิน {PHOTO_LIMITS.per_measure_month} ภาพต่อมาตรการต่อเดือน "
                                             "— ลบภาพเดิมก่อน"})
            photo = MeasurePhotoRow(measure_id=row.id, month=month, caption=caption, content=prepared.content,
                                    thumbnail=prepared.thumbnail, width=prepared.width, height=prepared.height,
                                    size_bytes=len(prepared.content), uploaded_by=actor.username, uploaded_at=now)
            session.add(photo)
            session.flush()
            self._audit(session, actor, unit_code, "measure_photo", f"photo:{unit_code}/{fiscal_year}/{measure_code}/{month}",
                        "add", None, f"#{photo.id} {caption}".strip(), now)
            return self._photo_info(photo, measure_code)

    def list_photos(self, actor: Actor, unit_code: str, fiscal_year: int, measure_code: str | None = None,
                    month: str | None = None) -> list[PhotoInfo]:
        """The unit-year's photos (optionally of one measure and month), oldest first, without the pictures."""
        columns = [MeasurePhotoRow.id, MeasurePhotoRow.month, MeasurePhotoRow.caption, MeasurePhotoRow.width,
                   MeasurePhotoRow.height, MeasurePhotoRow.size_bytes, MeasurePhotoRow.uploaded_by,
                   MeasurePhotoRow.uploaded_at, MeasureRow.code]
        query = (select(*columns).join(MeasureRow, MeasurePhotoRow.measure_id == MeasureRow.id)
                 .where(MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year))
        if measure_code is not None:
            query = query.where(MeasureRow.code == measure_code)
        if month is not None:
            query = query.where(MeasurePhotoRow.month == month)
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(query.order_by(MeasureRow.code, MeasurePhotoRow.month, MeasurePhotoRow.id)).all()
        return [PhotoInfo(id=r[0], month=r[1], caption=r[2], width=r[3], height=r[4], size_bytes=r[5],
                          uploaded_by=r[6], uploaded_at=r[7], measure_code=r[8]) for r in rows]

    def photo_contents(self, actor: Actor, unit_code: str, fiscal_year: int, ids: list[int],
                       thumbnail: bool = False) -> dict[int, bytes]:
        """The JPEGs of the given photos of the unit-year (ids of other units are not returned)."""
        if not ids:
            return {}
        column = MeasurePhotoRow.thumbnail if thumbnail else MeasurePhotoRow.content
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(select(MeasurePhotoRow.id, column)
                                   .join(MeasureRow, MeasurePhotoRow.measure_id == MeasureRow.id)
                                   .where(MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                                          MeasurePhotoRow.id.in_(ids))).all()
        return {photo_id: bytes(content) for photo_id, content in rows}

    def delete_photo(self, actor: Actor, unit_code: str, fiscal_year: int, photo_id: int) -> None:
        """Remove a photo (the chief, or the section that owns its measure); the audit keeps who and which."""
        with self._writing() as session:
            self._unit(session, actor, unit_code)
            found = session.execute(select(MeasurePhotoRow, MeasureRow)
                                    .join(MeasureRow, MeasurePhotoRow.measure_id == MeasureRow.id)
                                    .where(MeasurePhotoRow.id == photo_id, MeasureRow.unit_code == unit_code,
                                           MeasureRow.fiscal_year == fiscal_year)).first()
            if found is None:
                raise NotFound("ไม่พบภาพนี้ (อาจถูกลบไปแล้ว)")
            photo, measure = found
            check_report(actor, unit_code, Measure.model_validate(measure, from_attributes=True))
            self._audit(session, actor, unit_code, "measure_photo",
                        f"photo:{unit_code}/{fiscal_year}/{measure.code}/{photo.month}", "delete",
                        f"#{photo.id} {photo.caption}".strip(), None)
            session.execute(delete(MeasurePhotoRow).where(MeasurePhotoRow.id == photo_id))

    def report_settings(self, actor: Actor, unit_code: str, fiscal_year: int) -> ReportSettings:
        """The results report's settings of the unit-year (empty, version 0, when never saved)."""
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            row = session.execute(select(ReportSettingsRow).where(
                ReportSettingsRow.unit_code == unit_code, ReportSettingsRow.fiscal_year == fiscal_year)).scalar_one_or_none()
        if row is None:
            return ReportSettings()
        return ReportSettings.model_validate_json(row.content).model_copy(update={"version": row.version})

    def save_report_settings(self, actor: Actor, unit_code: str, fiscal_year: int,
                             settings: ReportSettings) -> ReportSettings:
        """Committee, meetings, preparer and certifier (the chief). ``settings.version`` is the version the form
        was filled from (0: none saved yet); an older one is refused with :class:`StaleVersion`."""
        check_manage_unit(actor, unit_code, "แก้ไขข้อมูลรายงานผลการดำเนินการ")
        if errors := record_text_errors(settings):
            raise InvalidEntry(errors)
        content = settings.model_dump_json(exclude={"version"})
        key = f"report_settings:{unit_code}/{fiscal_year}"
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                row = session.execute(select(ReportSettingsRow).where(
                    ReportSettingsRow.unit_code == unit_code, ReportSettingsRow.fiscal_year == fiscal_year)).scalar_one_or_none()
                before = ReportSettings() if row is None else ReportSettings.model_validate_json(row.content)
                if row is None:
                    if settings.version != 0:
                        raise _Conflict()
                    row = ReportSettingsRow(unit_code=unit_code, fiscal_year=fiscal_year, content=content)
                    session.add(row)
                    session.flush()
                else:
                    self._apply(session, ReportSettingsRow, row, settings.version, {"content": content}, actor,
                                unit_code, key, audited=set())
                old, new = _settings_lines(before), _settings_lines(settings)
                for name in new:  # one readable audit line per changed part, not the stored JSON
                    if old[name] != new[name]:
                        self._audit(session, actor, unit_code, "report_settings", key, name, old[name] or None,
                                    new[name] or None)
                session.flush()
                session.refresh(row)
                return settings.model_copy(update={"version": row.version})
        except (_Conflict, IntegrityError):
            raise StaleVersion(self.report_settings(actor, unit_code, fiscal_year)) from None
    # -- issue 13: bringing a province on board (units list, sections, accounts list, one-time passwords) ------
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
                    raise _DryRun()
        except _DryRun:
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
        name, head_name = " ".join(name.split()), " ".join(head_name.split())
        problems = {}
        if not name:
            problems["name"] = "ต้องระบุชื่อสายงาน"
        for field_name, value in (("name", name), ("head_name", head_name)):
            if len(value) > 200:
                problems[field_name] = "ยาวเกิน 200 ตัวอักษร"
            if any(ord(char) < 32 for char in value):
                problems[field_name] = "มีอักขระควบคุมที่ใช้ไม่ได้"
        if problems:
            raise InvalidEntry(problems)
        with self._writing() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(select(SectionRow).where(SectionRow.unit_code == unit_code)).scalars().all()
            if code is None:
                if any(row.name == name for row in rows):
                    raise InvalidEntry({"name": f"มีสายงานชื่อ {name} อยู่แล้ว"})
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
                    raise NotFound(f"ไม่พบสายงาน {code} ของหน่วย {unit_code}")
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

    def import_users(self, actor: Actor, users: list[User], dry_run: bool = False) -> tuple[dict[str, list[str]], dict[str, str]]:
        """Accounts from a list, in one transaction (admin only). A new account gets a random one-time password and
        must choose its own at first sign-in; an account already there gets the list's name, e-mail, role and scope
        where they differ (its password is left alone). Returns what was added, changed and unchanged, and the
        one-time passwords of the new accounts (username → password): they are printed on the sign-in slips and
        nowhere else; the database keeps only their hash."""
        check_manage_accounts(actor)
        outcome: dict[str, list[str]] = {"added": [], "changed": [], "unchanged": []}
        passwords: dict[str, str] = {}
        fields = ("display_name", "email", "role", "unit_code", "section_code", "province_code", "region_code")
        try:
            with self._writing() as session:
                self._check_scopes(session, users)
                for user in users:
                    row = session.get(UserRow, user.username)
                    key = f"user:{user.username}"
                    values = user.model_dump(mode="json", include=set(fields))
                    if row is None:
                        secret = one_time_password()
                        session.add(UserRow(**values, username=user.username, password_hash=_ONE_TIME_HASHER.hash(secret),
                                            must_change_password=True, one_time_used=False))
                        self._audit(session, actor, user.unit_code, "app_user", key, "add", None,
                                    f"{user.role.value} {user.unit_code or ''} {user.section_code or ''} "
                                    f"{user.province_code or user.region_code or ''}".strip())
                        outcome["added"].append(user.username)
                        passwords[user.username] = secret
                        continue
                    diffs = {k: (getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v}
                    if not diffs:
                        outcome["unchanged"].append(user.username)
                        continue
                    session.execute(update(UserRow).where(UserRow.username == user.username)
                                    .values(**{k: v for k, (_, v) in diffs.items()}, version=row.version + 1))
                    for name, (old, new) in diffs.items():
                        self._audit(session, actor, user.unit_code, "app_user", key, name, old, new)
                    outcome["changed"].append(user.username)
                if dry_run:
                    raise _DryRun()
        except _DryRun:
            return outcome, {}
        return outcome, passwords

    @staticmethod
    def _check_scopes(session: Session, users: list[User]) -> None:
        """Every account's role has its scope, and its unit, section, province or region exists."""
        problems = {}
        units = set(session.execute(select(UnitRow.code)).scalars())
        provinces = set(session.execute(select(ProvinceRow.code)).scalars())
        regions = set(session.execute(select(RegionRow.code)).scalars())
        sections = set(session.execute(select(SectionRow.unit_code, SectionRow.code)).all())
        for user in users:
            if problem := scope_problem(user):
                problems[user.username] = problem
            elif user.unit_code and user.unit_code not in units:
                problems[user.username] = f"ไม่พบหน่วยรหัส {user.unit_code}"
            elif user.section_code and (user.unit_code, user.section_code) not in sections:
                problems[user.username] = f"หน่วย {user.unit_code} ไม่มีสายงาน {user.section_code}"
            elif user.province_code and user.province_code not in provinces:
                problems[user.username] = f"ไม่พบจังหวัดรหัส {user.province_code}"
            elif user.region_code and user.region_code not in regions:
                problems[user.username] = f"ไม่พบภาครหัส {user.region_code}"
        if problems:
            raise InvalidEntry(problems)

    def change_own_password(self, actor: Actor, new_password: str, current_password: str | None = None) -> User:
        """The signed-in user chooses a new password. After signing in with a one-time password no current password is
        asked (it was just used); otherwise ``current_password`` must be right. Clears "must change"."""
        _check_password(new_password)
        with self._writing() as session:
            row = self._user_row(session, actor.username)
            if not row.must_change_password:
                try:
                    _HASHER.verify(row.password_hash, current_password or "")
                except (VerificationError, InvalidHashError):
                    raise InvalidEntry({"current_password": "รหัสผ่านปัจจุบันไม่ถูกต้อง"}) from None
            elif not row.one_time_used:
                raise NotAllowed("ต้องเข้าสู่ระบบด้วยรหัสผ่านครั้งเดียวก่อนตั้งรหัสผ่านใหม่")
            try:
                _HASHER.verify(row.password_hash, new_password)
                same = True
            except (VerificationError, InvalidHashError):
                same = False
            if same:
                raise InvalidEntry({"password": "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม"})
            session.execute(update(UserRow).where(UserRow.username == actor.username).values(
                password_hash=_HASHER.hash(new_password), must_change_password=False, one_time_used=False,
                version=row.version + 1))
            self._audit(session, actor, row.unit_code, "app_user", f"user:{actor.username}", "password", None, "(changed)")
            session.flush()
            session.refresh(row)
            return _user(row)

    def reissue_one_time_passwords(self, actor: Actor, usernames: list[str]) -> dict[str, str]:
        """New one-time passwords for accounts whose slip was lost or whose one-time password was spent before a
        password was chosen (admin only): each account must choose its own again at its next sign-in."""
        check_manage_accounts(actor)
        passwords = {}
        with self._writing() as session:
            for username in usernames:
                row = self._user_row(session, username)
                secret = one_time_password()
                session.execute(update(UserRow).where(UserRow.username == username).values(
                    password_hash=_ONE_TIME_HASHER.hash(secret), must_change_password=True, one_time_used=False,
                    failed_attempts=0, locked_until=None, version=row.version + 1))
                self._audit(session, actor, row.unit_code, "app_user", f"user:{username}", "password", None,
                            "(one-time password reissued)")
                _end_sessions(session, username)  # like a password reset: a lost slip's sessions end too
                passwords[username] = secret
        return passwords

    def _use_one_time_password(self, username: str, user: User) -> User:
        """A right password on an account that must change it was a one-time password: it is used now, once. A second
        sign-in with it is refused (the administrator issues a new slip)."""
        if not user.must_change_password:
            return user
        with self._writing() as session:
            used = session.execute(update(UserRow).where(
                UserRow.username == username, UserRow.must_change_password.is_(True), UserRow.one_time_used.is_(False))
                .values(one_time_used=True))
            if used.rowcount != 1:
                raise SignInRefused("รหัสผ่านครั้งเดียวนี้ถูกใช้ไปแล้ว — ขอใบรหัสผ่านใหม่จากผู้ดูแลระบบ")
            self._audit(session, user.as_actor(), user.unit_code, "app_user", f"user:{username}", "one_time_password",
                        None, "(used)")
        return user

    # -- issue 17: the chair's orders (ข้อสั่งการของประธาน) and the meetings they come from -----------------------
    @staticmethod
    def _order(row: ChairOrderRow):
        from ita_dash.domain.orders import ChairOrder

        return ChairOrder(number=row.number, meeting_on=row.meeting_on, text=row.text,
                          sections=[s for s in row.sections.split(",") if s], due=row.due, status=row.status,
                          created_by=row.created_by, version=row.version)

    def load_orders(self, actor: Actor, unit_code: str, fiscal_year: int):
        """Every meeting, order and order report of the unit's year (an :class:`~ita_dash.domain.orders.OrderBook`)."""
        from ita_dash.domain.orders import Meeting, OrderBook, OrderReport

        with self._reading() as session:
            self._unit(session, actor, unit_code)
            meetings = session.execute(select(MeetingRow).where(
                MeetingRow.unit_code == unit_code, MeetingRow.fiscal_year == fiscal_year)
                .order_by(MeetingRow.held_on)).scalars().all()
            orders = session.execute(select(ChairOrderRow).where(
                ChairOrderRow.unit_code == unit_code, ChairOrderRow.fiscal_year == fiscal_year)
                .order_by(ChairOrderRow.number)).scalars().all()
            numbers = {o.id: o.number for o in orders}
            reports = session.execute(select(ChairOrderReportRow).where(
                ChairOrderReportRow.order_id.in_(list(numbers) or [-1]))
                .order_by(ChairOrderReportRow.month, ChairOrderReportRow.entered_at)).scalars().all()
            return OrderBook(
                meetings=[Meeting(held_on=m.held_on, attendees=m.attendees, version=m.version) for m in meetings],
                orders=[self._order(o) for o in orders],
                reports=[OrderReport(order_number=numbers[r.order_id], section=r.section, month=r.month,
                                     status=r.status, percent=r.percent, note=r.note, entered_by=r.entered_by,
                                     entered_at=r.entered_at, version=r.version) for r in reports])

    def _sections_of(self, session: Session, unit_code: str) -> set[str]:
        return set(session.execute(select(SectionRow.code).where(SectionRow.unit_code == unit_code)).scalars())

    def save_meeting(self, actor: Actor, unit_code: str, fiscal_year: int, held_on: dt.date, attendees: str,
                     base_version: int | None = None):
        """Record a meeting's day and attendees (added when ``base_version`` is None, else changed)."""
        from ita_dash.domain.orders import Meeting, attendees_errors, check_give_order

        check_give_order(actor, unit_code)
        if errors := attendees_errors(attendees):
            raise InvalidEntry(errors)
        key = f"meeting:{unit_code}/{fiscal_year}/{held_on.isoformat()}"
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                row = session.execute(select(MeetingRow).where(
                    MeetingRow.unit_code == unit_code, MeetingRow.fiscal_year == fiscal_year,
                    MeetingRow.held_on == held_on)).scalar_one_or_none()
                if row is None:
                    if base_version is not None:
                        raise _Conflict()
                    row = MeetingRow(unit_code=unit_code, fiscal_year=fiscal_year, held_on=held_on,
                                     attendees=attendees.strip())
                    session.add(row)
                    session.flush()
                    self._audit(session, actor, unit_code, "meeting", key, "attendees", None, attendees.strip())
                else:
                    self._apply(session, MeetingRow, row, base_version, {"attendees": attendees.strip()}, actor,
                                unit_code, key)
                session.flush()
                session.refresh(row)
                return Meeting(held_on=row.held_on, attendees=row.attendees, version=row.version)
        except (_Conflict, IntegrityError):
            raise StaleVersion(None) from None

    def save_order(self, actor: Actor, unit_code: str, fiscal_year: int, entry):
        """Add an order (``entry.number`` None: the next number of the year) or change one if it is still at
        ``entry.base_version``; every changed field is audited."""
        from ita_dash.domain.orders import check_give_order, order_errors, order_key

        check_give_order(actor, unit_code)
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                if errors := order_errors(entry, fiscal_year, self._sections_of(session, unit_code)):
                    raise InvalidEntry(errors)
                values = {"meeting_on": entry.meeting_on, "text": entry.text.strip(),
                          "sections": ",".join(dict.fromkeys(entry.sections)), "due": entry.due,
                          "status": entry.status.value}
                if entry.number is None:
                    number = 1 + (session.execute(select(ChairOrderRow.number).where(
                        ChairOrderRow.unit_code == unit_code, ChairOrderRow.fiscal_year == fiscal_year)
                        .order_by(ChairOrderRow.number.desc()).limit(1)).scalar() or 0)
                    row = ChairOrderRow(unit_code=unit_code, fiscal_year=fiscal_year, number=number,
                                        created_by=actor.username, **values)
                    session.add(row)
                    session.flush()  # two chiefs adding at once: the second fails on the unique number
                    for name, value in values.items():
                        if value not in (None, ""):
                            self._audit(session, actor, unit_code, "chair_order",
                                        order_key(unit_code, fiscal_year, number), name, None, value)
                else:
                    row = session.execute(select(ChairOrderRow).where(
                        ChairOrderRow.unit_code == unit_code, ChairOrderRow.fiscal_year == fiscal_year,
                        ChairOrderRow.number == entry.number)).scalar_one_or_none()
                    if row is None:
                        raise NotFound(f"ไม่พบข้อสั่งการที่ {entry.number}")
                    self._apply(session, ChairOrderRow, row, entry.base_version, values, actor, unit_code,
                                order_key(unit_code, fiscal_year, entry.number))
                session.flush()
                session.refresh(row)
                return self._order(row)
        except (_Conflict, IntegrityError):
            current = None
            if entry.number is not None:
                current = next((o for o in self.load_orders(actor, unit_code, fiscal_year).orders
                                if o.number == entry.number), None)
            raise StaleVersion(current) from None

    def save_order_report(self, actor: Actor, unit_code: str, fiscal_year: int, entry, now: dt.datetime | None = None):
        """A section's monthly report on an order, like :meth:`save_follow_up`."""
        from ita_dash.domain.orders import OrderReport, check_report_order, order_key, order_report_errors

        now = now or dt.datetime.now(dt.timezone.utc)
        key = f"{order_key(unit_code, fiscal_year, entry.order_number)}/{entry.section}/{entry.month}"
        values = {"status": entry.status.value, "percent": entry.percent, "note": entry.note.strip()}
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                order_row = session.execute(select(ChairOrderRow).where(
                    ChairOrderRow.unit_code == unit_code, ChairOrderRow.fiscal_year == fiscal_year,
                    ChairOrderRow.number == entry.order_number)).scalar_one_or_none()
                if order_row is None:
                    raise NotFound(f"ไม่พบข้อสั่งการที่ {entry.order_number}")
                order = self._order(order_row)
                check_report_order(actor, unit_code, order, entry.section)
                if errors := order_report_errors(entry, order, now.astimezone(BANGKOK).date()):
                    raise InvalidEntry(errors)
                row = session.execute(select(ChairOrderReportRow).where(
                    ChairOrderReportRow.order_id == order_row.id, ChairOrderReportRow.section == entry.section,
                    ChairOrderReportRow.month == entry.month)).scalar_one_or_none()
                if row is None:
                    if entry.base_version is not None:
                        raise _Conflict()
                    row = ChairOrderReportRow(order_id=order_row.id, section=entry.section, month=entry.month,
                                              entered_by=actor.username, entered_at=now, **values)
                    session.add(row)
                    session.flush()
                    for name, value in values.items():
                        if value not in (None, ""):
                            self._audit(session, actor, unit_code, "chair_order_report", key, name, None, value, now)
                else:
                    if self._apply(session, ChairOrderReportRow, row, entry.base_version, values, actor, unit_code,
                                   key, now):
                        session.execute(update(ChairOrderReportRow).where(ChairOrderReportRow.id == row.id)
                                        .values(entered_by=actor.username, entered_at=now))
                session.flush()
                session.refresh(row)
                return OrderReport(order_number=entry.order_number, section=row.section, month=row.month,
                                   status=row.status, percent=row.percent, note=row.note, entered_by=row.entered_by,
                                   entered_at=row.entered_at, version=row.version)
        except (_Conflict, IntegrityError):
            raise StaleVersion(None) from None


    def user_names(self, actor: Actor, unit_code: str) -> dict[str, str]:
        """username → how the pages name that person (rank and name): a section head by their section's head name,
        anyone else by their display name. Only accounts of the unit, its province and administrators (issue 17)."""
        with self._reading() as session:
            unit = self._unit(session, actor, unit_code)
            heads = {code: name for code, name in session.execute(select(SectionRow.code, SectionRow.head_name).where(
                SectionRow.unit_code == unit_code))}
            rows = session.execute(select(UserRow).where(
                (UserRow.unit_code == unit_code) | (UserRow.role == Role.ADMIN.value)
                | (UserRow.province_code == unit.province_code))).scalars().all()
            return {row.username: (heads.get(row.section_code or "") if row.role == Role.SECTION_HEAD.value else "")
                    or row.display_name or row.username for row in rows}
    # -- issue 19: link checks, the OIT items' last change, reminders sent --------------------------------
    def link_checks(self, actor: Actor, urls) -> dict[str, LinkCheck]:
        """The last check of each of ``urls`` that has one (checks are of public addresses, for any signed-in user)."""
        wanted = sorted({u for u in urls if u})
        found: dict[str, LinkCheck] = {}
        with self._reading() as session:
            for start in range(0, len(wanted), 500):
                rows = session.execute(select(LinkCheckRow).where(LinkCheckRow.url.in_(wanted[start:start + 500]))).scalars()
                for row in rows:
                    found[row.url] = LinkCheck.model_validate(row.model_dump())
        return found

    def save_link_checks(self, actor: Actor, checks: list[LinkCheck]) -> None:
        """Keep the newest check of each address (one transaction; the data version moves, so lights follow)."""
        check_check_links(actor)
        if not checks:
            return
        newest = {c.url: c for c in sorted(checks, key=lambda c: c.checked_at)}
        with self._writing() as session:
            urls = list(newest)
            for start in range(0, len(urls), 500):
                session.execute(delete(LinkCheckRow).where(LinkCheckRow.url.in_(urls[start:start + 500])))
            session.execute(insert(LinkCheckRow), [c.model_dump(mode="python") | {"state": c.state.value}
                                                   for c in newest.values()])

    def oit_updated(self, actor: Actor, unit_code: str, fiscal_year: int) -> dict[str, dt.datetime]:
        """When each OIT item of the unit's year was last changed (from the audit trail); ``""``: when the whole year
        was last written (an import), for items never edited since."""
        prefix = f"oit_item:{unit_code}/{fiscal_year}/"
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(
                select(AuditRow.record_key, func.max(AuditRow.at))
                .where(AuditRow.unit_code == unit_code, AuditRow.table_name == "oit_item",
                       AuditRow.record_key.like(prefix + "%"))
                .group_by(AuditRow.record_key)).all()
            whole = session.execute(
                select(func.max(AuditRow.at)).where(AuditRow.unit_code == unit_code, AuditRow.table_name == "unit_year",
                                                    AuditRow.record_key == f"{unit_code}/{fiscal_year}")).scalar()
        result = {key[len(prefix):]: UtcDateTime().process_result_value(at, None) if at.tzinfo is None else at
                  for key, at in rows if at is not None}
        if whole is not None:
            result[""] = whole if whole.tzinfo is not None else whole.replace(tzinfo=dt.timezone.utc)
        return result

    def claim_reminder(self, actor: Actor, sent: ReminderSent) -> bool:
        """Write the log line of a reminder about to be sent; False when the same reminder (person, kind, unit)
        is already in the log for that day, so a second run the same day sends nothing twice."""
        check_manage_accounts(actor)
        try:
            with self._writing() as session:
                session.add(ReminderLogRow(**sent.model_dump(mode="python") | {"kind": sent.kind.value}))
        except IntegrityError:
            return False
        return True

    def release_reminder(self, actor: Actor, sent: ReminderSent) -> None:
        """Take back a claim whose e-mail could not be sent, so the next run tries again."""
        check_manage_accounts(actor)
        with self._writing() as session:
            session.execute(delete(ReminderLogRow).where(
                ReminderLogRow.sent_on == sent.sent_on, ReminderLogRow.username == sent.username,
                ReminderLogRow.kind == sent.kind.value, ReminderLogRow.unit_code == sent.unit_code))

    def reminders_sent(self, actor: Actor, unit_code: str | None = None, limit: int = 500) -> list[ReminderSent]:
        """The log of reminders sent, newest first: a unit's for its chief, every unit's for an administrator."""
        if unit_code is None:
            check_manage_accounts(actor)
        else:
            check_manage_unit(actor, unit_code, "ดูบันทึกการแจ้งเตือน")
        query = select(ReminderLogRow).order_by(ReminderLogRow.sent_at.desc(), ReminderLogRow.id.desc()).limit(limit)
        if unit_code is not None:
            query = query.where(ReminderLogRow.unit_code == unit_code)
        with self._reading() as session:
            return [ReminderSent.model_validate(row.model_dump(exclude={"id"})) for row in session.execute(query).scalars()]

    def last_reminded(self, actor: Actor, kind: str, unit_code: str) -> dict[str, dt.date]:
        """The last day each person got a reminder of ``kind`` about the unit (the chief's weekly digest)."""
        check_manage_accounts(actor)
        with self._reading() as session:
            rows = session.execute(select(ReminderLogRow.username, func.max(ReminderLogRow.sent_on))
                                   .where(ReminderLogRow.kind == kind, ReminderLogRow.unit_code == unit_code)
                                   .group_by(ReminderLogRow.username)).all()
        return {username: day for username, day in rows}


def _verify_password(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    """A hash no password matches (made with the same parameters as real ones), so an unknown user costs the same."""
    return _HASHER.hash(secrets.token_urlsafe(32))


def _settings_lines(settings: ReportSettings) -> dict[str, str]:
    """The results report's settings as the audit trail shows them: one readable text per part."""
    def signer(person) -> str:
        return ", ".join(part for part in (person.full_name, person.position) if part)

    return {"committee_order": settings.committee_order, "committee": "\n".join(settings.committee),
            "meetings": meeting_lines(settings.meetings), "prepared_by": signer(settings.prepared_by),
            "certified_by": signer(settings.certified_by)}


def _digest(secret: str) -> str:
    """SHA-256 of a random token: enough for a secret with 256 bits of randomness (no need for a slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _end_sessions(session: Session, username: str) -> int:
    return session.execute(delete(SignInSessionRow).where(SignInSessionRow.username == username)).rowcount


class _Conflict(Exception):
    """Raised inside a write transaction when someone else was first; turned into StaleVersion after rollback."""


class _DryRun(Exception):
    """Raised at the end of a write transaction to roll it back: a preview of exactly what it would change."""


__all__ = ["NotAllowed", "SignInRefused", "SqlStore", "migrate", "make_engine"]
