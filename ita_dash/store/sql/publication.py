"""What is published for the assessors and chased by mail: link checks, when OIT items last changed,
reminders sent.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from ita_dash.domain.links import LinkCheck, check_check_links, unit_links
from ita_dash.domain.model import Actor
from ita_dash.domain.permissions import (
    check_manage_accounts,
    check_manage_unit,
)
from ita_dash.domain.reminders import ReminderSent

from ..tables import (
    AuditRow,
    LinkCheckRow,
    ReminderLogRow,
    UtcDateTime,
)
from .core import SqlBase


class Publication(SqlBase):
    """What is published for the assessors and chased by mail."""

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

    def save_link_checks(self, actor: Actor, unit_code: str, fiscal_year: int, checks: list[LinkCheck]) -> None:
        """Keep the newest check of each of the unit's addresses (one transaction; the data version moves, so lights
        follow). Refused to anyone outside the unit and for any address the unit's year does not use."""
        links = {ref.url for ref in unit_links(self.load_unit_year(actor, unit_code, fiscal_year))}
        check_check_links(actor, unit_code, links, {c.url for c in checks})
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
            result[""] = whole if whole.tzinfo is not None else whole.replace(tzinfo=dt.UTC)
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
