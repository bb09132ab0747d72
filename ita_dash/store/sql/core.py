"""The base every part of the store stands on: the engine, read and write transactions (a write
moves the data version and the change counters of the units it touched), the audit line, the guarded
update of a versioned record, and the read checks of a unit.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum

from sqlalchemy import bindparam, func, select, update
from sqlmodel import Session

from ita_dash.domain.accounts import User
from ita_dash.domain.framework import TemplateLibrary, library
from ita_dash.domain.model import (
    Actor,
    FollowUp,
    OitItem,
    Province,
    Region,
    Role,
    Unit,
)
from ita_dash.domain.permissions import (
    NotAllowed,
    check_read,
)
from ita_dash.domain.thaidate import now_recorded

from ..base import NotFound, StoreFault
from ..figure_cache import FigureCache
from ..figure_table import FigureTable
from ..tables import (
    AuditRow,
    FollowUpRow,
    MeasureRow,
    MetaRow,
    OitItemRow,
    ProvinceRow,
    RegionRow,
    SectionRow,
    UnitRow,
    UnitVersionRow,
    UserRow,
)
from .changes import SESSIONS, SHARED, Changes, ChangeWatch
from .engine import make_engine
from .upgrade import migrate

_TOUCHED = "touched_units"  # session.info: the units a write transaction changed (their counters move on commit)
_ACCOUNTS = "accounts_changed"  # session.info: the transaction changed an account (role, scope, password, disabled)


class SqlBase:
    """The base every part of the store stands on."""

    def __init__(self, url: str, *, apply_migrations: bool = True, templates: TemplateLibrary | None = None):
        self.url = url
        self.engine = make_engine(url)
        self._templates = templates
        self.figure_cache = FigureCache(table=FigureTable(self.engine))
        self.watch = ChangeWatch.of(url)
        # the copy of a SQLite file taken before migrating it (issue 26), None when nothing was applied
        self.upgrade_backup = migrate(self.engine) if apply_migrations else None

    @property
    def templates(self) -> TemplateLibrary:
        return self._templates or library()

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One transaction; it also moves the data version on, so every cache sees the change, and the change
        counter of every unit the transaction wrote an audit line for (:meth:`_touch`; issue 18), so the figures
        cache recomputes those units and no others; a write that touched no unit moves the shared counter instead
        (:mod:`.changes`). A transaction that fails moves nothing."""
        try:
            with Session(self.engine) as session, session.begin():
                yield session
                moved_to = session.execute(update(MetaRow).where(MetaRow.key == "data_version")
                                           .values(value=MetaRow.value + 1).returning(MetaRow.value)).scalar_one()
                # after the data version: that row lock already orders concurrent writers, so no two can deadlock
                touched = session.info.pop(_TOUCHED, ())
                self._move_unit_versions(session, touched, moved_to)
                if not touched:
                    self._bump(session, SHARED)
                if session.info.pop(_ACCOUNTS, False):  # every tab re-reads its user at its next rerun (issue 25)
                    self._bump(session, SESSIONS)
        except StoreFault as fault:  # the database failed under the save (issue 35): say the save was not kept
            raise fault.while_saving() from fault
        self.watch.forget()

    def changes(self) -> Changes:
        """The change counters (:mod:`.changes`): no query when nothing was written since the last look."""
        return self.watch.look(self.engine)

    def change_key(self) -> tuple:
        """What a cache of anything is keyed by: moves with every write (no query when nothing was written)."""
        return (self.changes().data_version,)

    def unit_change_key(self, unit_code: str) -> tuple:
        """What a cache of one unit's data is keyed by: moves with the writes that may change what it shows."""
        return self.changes().of_unit(unit_code)

    def _upsert(self):
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert

    def _bump(self, session: Session, key: str) -> None:
        """Move one of the ``meta`` counters on (made at its first move)."""
        statement = self._upsert()(MetaRow).values(key=key, value=1)
        session.execute(statement.on_conflict_do_update(index_elements=[MetaRow.key],
                                                        set_={"value": MetaRow.value + 1}))

    @staticmethod
    def _touch(session: Session, *unit_codes: str | None) -> None:
        """Mark units whose figures this transaction changes; their counters move when it commits. Every audit line
        with a unit marks it (every write to a unit's data audits), so this is only needed for a write without one."""
        session.info.setdefault(_TOUCHED, set()).update(code for code in unit_codes if code)

    def _move_unit_versions(self, session: Session, unit_codes, data_version: int) -> None:
        """Each unit's counter becomes the data version of the write that last changed it: still moving on with
        every write to the unit, and the units changed since the watch last looked are those above the data version
        it saw then (one query returning only those, not every unit's counter: issue 36)."""
        if not unit_codes:
            return
        statement = self._upsert()(UnitVersionRow).values(unit_code=bindparam("code"), version=data_version)
        statement = statement.on_conflict_do_update(index_elements=[UnitVersionRow.unit_code],
                                                    set_={"version": data_version})
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
        if table == "app_user":
            session.info[_ACCOUNTS] = True
        SqlBase._touch(session, unit_code)  # a unit's audit line: its figures may have changed (issue 18)
        session.add(AuditRow(at=at or now_recorded(), username=actor.username, unit_code=unit_code,
                             table_name=table, record_key=key, field=field, old_value=_audit_text(old),
                             new_value=_audit_text(new)))

    def _apply(self, session: Session, table, row, base_version: int | None, changes: dict, actor: Actor,
               unit_code: str | None, key: str, at: dt.datetime | None = None, audited: set[str] | None = None) -> dict:
        """Change ``row`` if it is still at ``base_version``: one UPDATE guarded by the version, one audit line
        per changed field. Returns the changed fields; raises :class:`Conflict` when someone was first."""
        if base_version is None or row.version != base_version:
            raise Conflict()
        diffs = {name: (getattr(row, name), value) for name, value in changes.items() if getattr(row, name) != value}
        if not diffs:
            return {}
        result = session.execute(
            update(table).where(table.id == row.id, table.version == base_version)
            .values(**changes, version=base_version + 1))
        if result.rowcount != 1:
            raise Conflict()
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

    def _measure_row(self, session: Session, unit_code: str, fiscal_year: int, code: str) -> MeasureRow:
        row = session.execute(select(MeasureRow).where(
            MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year, MeasureRow.code == code)
        ).scalar_one_or_none()
        if row is None:
            raise NotFound(f"ไม่พบมาตรการ {code} ของหน่วย {unit_code} ปี {fiscal_year}")
        return row

    def _sections_of(self, session: Session, unit_code: str) -> set[str]:
        return set(session.execute(select(SectionRow.code).where(SectionRow.unit_code == unit_code)).scalars())

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


def checklist_text(ticks: list[bool] | tuple[bool, ...]) -> str:
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


def follow_up_of(row: FollowUpRow, measure_code: str) -> FollowUp:
    return FollowUp(measure_code=measure_code, **row.model_dump(
        include={"month", "status", "percent", "note", "evidence_url", "entered_by", "entered_at", "version"}))


def oit_item_of(row: OitItemRow) -> OitItem:
    return OitItem(checklist=_checklist_ticks(row.checklist), **row.model_dump(
        include={"code", "status", "link", "owner_section", "owner_text", "due_date", "approved_by", "version"}))


def user_of(row: UserRow) -> User:
    return User.model_validate(row.model_dump(exclude={"password_hash", "one_time_used", "one_time_issued_at"}))


class Conflict(Exception):
    """Raised inside a write transaction when someone else was first; turned into StaleVersion after rollback."""


class DryRun(Exception):
    """Raised at the end of a write transaction to roll it back: a preview of exactly what it would change."""
