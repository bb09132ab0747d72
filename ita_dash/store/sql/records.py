"""The records section heads and the chief edit one at a time: a month's follow-up, an OIT item,
a measure. Each write is guarded by the record's version.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ita_dash.domain.entries import (
    FollowUpEntry,
    InvalidEntry,
    MeasureEntry,
    OitEntry,
    follow_up_errors,
    measure_errors,
    oit_errors,
)
from ita_dash.domain.model import (
    Actor,
    FollowUp,
    Measure,
    OitItem,
    Unit,
)
from ita_dash.domain.permissions import (
    check_edit_oit,
    check_manage_unit,
    check_report,
)
from ita_dash.domain.thaidate import now_recorded, today_bangkok
from ita_dash.domain.wording import words_of

from ..base import NotFound, StaleVersion
from ..tables import (
    FollowUpRow,
    MeasureRow,
    OitItemRow,
)
from .core import Conflict, SqlBase, checklist_text, follow_up_of, oit_item_of
from .plan_year import begin_year


class Records(SqlBase):
    """The records section heads and the chief edit one at a time."""

    def save_follow_up(self, actor: Actor, unit_code: str, fiscal_year: int, entry: FollowUpEntry,
                       now: dt.datetime | None = None) -> FollowUp:
        """A monthly report: added when there was none (``base_version`` None), else changed if still at
        ``base_version``."""
        today = today_bangkok(now)  # the app's today (ITA_TODAY), or the day of the moment given
        now = now or now_recorded()
        if errors := follow_up_errors(entry, fiscal_year, today):
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
                        raise Conflict()
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
                return follow_up_of(row, entry.measure_code)
        except (Conflict, IntegrityError):
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
            return None if found is None else follow_up_of(found, code)

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
                        raise Conflict()
                    current = OitItem(code=entry.code, owner_section=spec.owner_section, due_date=spec.due)
                else:
                    current = oit_item_of(row)
                check_edit_oit(actor, unit_code, current, entry.status, entry.link)
                values = {"status": entry.status.value, "link": entry.link.strip(),
                          "checklist": checklist_text(entry.checklist)}
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
                return oit_item_of(row)
        except (Conflict, IntegrityError):
            raise StaleVersion(self._current_oit_item(unit_code, fiscal_year, entry.code)) from None

    def _current_oit_item(self, unit_code: str, fiscal_year: int, code: str) -> OitItem | None:
        with self._reading() as session:
            row = session.execute(select(OitItemRow).where(
                OitItemRow.unit_code == unit_code, OitItemRow.fiscal_year == fiscal_year,
                OitItemRow.code == code)).scalar_one_or_none()
            return None if row is None else oit_item_of(row)

    def save_measure(self, actor: Actor, unit_code: str, fiscal_year: int, entry: MeasureEntry) -> Measure:
        """Add a measure (``entry.code`` None: the next free code of its indicator) or change one; retiring is
        ``fields={"retired": True}``."""
        check_manage_unit(actor, unit_code, "เพิ่มหรือแก้ไขมาตรการ")
        try:
            with self._writing() as session:
                unit = self._unit(session, actor, unit_code)
                if errors := measure_errors(entry, words_of(unit.kind)):
                    raise InvalidEntry(errors)
                values = Measure(code=entry.code or "new", indicator=entry.indicator, activity=entry.activity,
                                 **entry.fields).model_dump(mode="json", exclude={"code", "version", "deadline"})
                values["deadline"] = entry.fields.get("deadline")
                if entry.code is None:
                    begin_year(session, actor, unit_code, fiscal_year)
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
        except (Conflict, IntegrityError):
            current = None
            if entry.code is not None:
                with self._reading() as session:
                    found = session.execute(select(MeasureRow).where(
                        MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                        MeasureRow.code == entry.code)).scalar_one_or_none()
                    current = None if found is None else Measure.model_validate(found, from_attributes=True)
            raise StaleVersion(current) from None
