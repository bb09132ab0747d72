"""The monthly ITA meeting and the chair's orders (ข้อสั่งการของประธาน) it gives, with the sections' reports
on them.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.model import Actor
from ita_dash.domain.thaidate import now_recorded, today_bangkok
from ita_dash.domain.wording import words_of

from ..base import NotFound, StaleVersion
from ..tables import (
    ChairOrderReportRow,
    ChairOrderRow,
    MeetingRow,
)
from .core import Conflict, SqlBase


class Meetings(SqlBase):
    """The monthly ITA meeting and the chair's orders (ข้อสั่งการของประธาน) it gives, with the sections' reports on them."""

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
            unit = self._unit(session, actor, unit_code)
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
                kind=unit.kind,
                meetings=[Meeting(held_on=m.held_on, attendees=m.attendees, version=m.version) for m in meetings],
                orders=[self._order(o) for o in orders],
                reports=[OrderReport(order_number=numbers[r.order_id], section=r.section, month=r.month,
                                     status=r.status, percent=r.percent, note=r.note, entered_by=r.entered_by,
                                     entered_at=r.entered_at, version=r.version) for r in reports])

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
                        raise Conflict()
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
        except (Conflict, IntegrityError):
            raise StaleVersion(None) from None

    def save_order(self, actor: Actor, unit_code: str, fiscal_year: int, entry):
        """Add an order (``entry.number`` None: the next number of the year) or change one if it is still at
        ``entry.base_version``; every changed field is audited."""
        from ita_dash.domain.orders import check_give_order, order_errors, order_key

        check_give_order(actor, unit_code)
        try:
            with self._writing() as session:
                unit = self._unit(session, actor, unit_code)
                if errors := order_errors(entry, fiscal_year, self._sections_of(session, unit_code),
                                          words_of(unit.kind)):
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
        except (Conflict, IntegrityError):
            current = None
            if entry.number is not None:
                current = next((o for o in self.load_orders(actor, unit_code, fiscal_year).orders
                                if o.number == entry.number), None)
            raise StaleVersion(current) from None

    def save_order_report(self, actor: Actor, unit_code: str, fiscal_year: int, entry, now: dt.datetime | None = None):
        """A section's monthly report on an order, like :meth:`save_follow_up`."""
        from ita_dash.domain.orders import (
            OrderReport,
            check_report_order,
            order_key,
            order_report_errors,
        )

        today = today_bangkok(now)  # the app's today (ITA_TODAY), or the day of the moment given
        now = now or now_recorded()
        key = f"{order_key(unit_code, fiscal_year, entry.order_number)}/{entry.section}/{entry.month}"
        values = {"status": entry.status.value, "percent": entry.percent, "note": entry.note.strip()}
        try:
            with self._writing() as session:
                unit = self._unit(session, actor, unit_code)
                order_row = session.execute(select(ChairOrderRow).where(
                    ChairOrderRow.unit_code == unit_code, ChairOrderRow.fiscal_year == fiscal_year,
                    ChairOrderRow.number == entry.order_number)).scalar_one_or_none()
                if order_row is None:
                    raise NotFound(f"ไม่พบข้อสั่งการที่ {entry.order_number}")
                order = self._order(order_row)
                check_report_order(actor, unit_code, order, entry.section)
                if errors := order_report_errors(entry, order, today, words_of(unit.kind)):
                    raise InvalidEntry(errors)
                row = session.execute(select(ChairOrderReportRow).where(
                    ChairOrderReportRow.order_id == order_row.id, ChairOrderReportRow.section == entry.section,
                    ChairOrderReportRow.month == entry.month)).scalar_one_or_none()
                if row is None:
                    if entry.base_version is not None:
                        raise Conflict()
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
        except (Conflict, IntegrityError):
            raise StaleVersion(None) from None
