"""The SQL schema (SQLModel). Changes go through an Alembic migration in ``migrations/versions``.

Rows are translated to and from the domain records in :mod:`ita_dash.domain.model` by the SQL store; nothing
above the storage floor sees these classes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UtcDateTime(TypeDecorator):
    """An aware UTC datetime, stored as naive UTC so SQLite and PostgreSQL give back the same value."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UtcDateTime needs an aware datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=dt.UTC)


def _utc_column(nullable: bool = False) -> Column:
    return Column(UtcDateTime(), nullable=nullable)


class RegionRow(SQLModel, table=True):
    __tablename__ = "region"
    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)


class ProvinceRow(SQLModel, table=True):
    __tablename__ = "province"
    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    region_code: str = Field(foreign_key="region.code", index=True, max_length=40)
    demo: bool = False


class UnitRow(SQLModel, table=True):
    __tablename__ = "unit"
    code: str = Field(primary_key=True, max_length=40)
    name: str = Field(max_length=200)
    short_name: str = Field(default="", max_length=200)
    kind: str = Field(max_length=30)
    province_code: str = Field(foreign_key="province.code", index=True, max_length=40)
    demo: bool = False


class SectionRow(SQLModel, table=True):
    __tablename__ = "section"
    __table_args__ = (UniqueConstraint("unit_code", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(foreign_key="unit.code", max_length=40)
    code: str = Field(max_length=40)
    name: str = Field(max_length=200)
    head_name: str = Field(default="", max_length=200)
    sort_order: int = 0
    retired: bool = False  # issue 13: a retired section keeps its history but no longer shows or reports


class UnitYearRow(SQLModel, table=True):
    __tablename__ = "unit_year"
    __table_args__ = (UniqueConstraint("unit_code", "fiscal_year"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(foreign_key="unit.code", max_length=40)
    fiscal_year: int
    template_key: str | None = Field(default=None, max_length=60)
    staff_count: int | None = None
    plan_start: dt.date | None = None
    version: int = 1


class MeasureRow(SQLModel, table=True):
    __tablename__ = "measure"
    __table_args__ = (UniqueConstraint("unit_code", "fiscal_year", "code"), Index("ix_measure_year_unit", "fiscal_year", "unit_code"))
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(foreign_key="unit.code", max_length=40)
    fiscal_year: int
    code: str = Field(max_length=40)
    indicator: int
    issue: str = Field(default="", sa_type=Text)
    activity: str = Field(sa_type=Text)
    output: str = Field(default="", sa_type=Text)
    communication: str = Field(default="", sa_type=Text)
    deadline: dt.date | None = None
    deadline_text: str = Field(default="", max_length=200)
    owner_section: str | None = Field(default=None, max_length=40)
    owner_text: str = Field(default="", sa_type=Text)
    cadence: str | None = Field(default=None, max_length=20)
    cadence_text: str = Field(default="", max_length=200)
    outcome: str = Field(default="", sa_type=Text)
    achievement: str = Field(default="", sa_type=Text)  # migration 0007
    done: bool = False
    retired: bool = False
    extra: str = Field(default="", sa_type=Text)
    version: int = 1
    # issue 14 (migration 0006): the start of a deadline range, and one section's share of an all-sections measure
    start_date: dt.date | None = None
    all_sections: bool = False


class FollowUpRow(SQLModel, table=True):
    __tablename__ = "follow_up"
    __table_args__ = (UniqueConstraint("measure_id", "month"),
                      Index("ix_follow_up_measure_cover", "measure_id", "entered_at",
                            postgresql_include=["month", "status", "percent"]))
    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(sa_column=Column(Integer, ForeignKey("measure.id", ondelete="CASCADE"), nullable=False))
    month: str = Field(max_length=7)  # YYYY-MM
    status: str = Field(max_length=20)
    percent: int | None = None
    note: str = Field(default="", sa_type=Text)
    evidence_url: str = Field(default="", max_length=500)
    entered_by: str = Field(default="", max_length=200)
    entered_at: dt.datetime = Field(sa_column=_utc_column())
    version: int = 1


class OitItemRow(SQLModel, table=True):
    __tablename__ = "oit_item"
    __table_args__ = (UniqueConstraint("unit_code", "fiscal_year", "code"), Index("ix_oit_item_year_unit", "fiscal_year", "unit_code"))
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(foreign_key="unit.code", max_length=40)
    fiscal_year: int
    code: str = Field(max_length=4)
    status: str = Field(max_length=20)
    link: str = Field(default="", max_length=500)
    owner_section: str | None = Field(default=None, max_length=40)
    owner_text: str = Field(default="", max_length=200)
    due_date: dt.date | None = None
    checklist: str = Field(default="", max_length=200)  # ticks as "1011…"
    approved_by: str = Field(default="", max_length=200)
    version: int = 1


class QuotaSnapshotRow(SQLModel, table=True):
    __tablename__ = "quota_snapshot"
    __table_args__ = (Index("ix_quota_snapshot_unit_year", "unit_code", "fiscal_year"),
                      Index("ix_quota_snapshot_series", "fiscal_year", "unit_code", "tool", "section", "taken_on", "id",
                            postgresql_include=["count"]))
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(foreign_key="unit.code", max_length=40)
    fiscal_year: int
    tool: str = Field(max_length=10)
    section: str | None = Field(default=None, max_length=40)
    count: int
    taken_on: dt.date
    entered_by: str = Field(default="", max_length=200)


class ItaResultRow(SQLModel, table=True):
    __tablename__ = "ita_result"
    __table_args__ = (UniqueConstraint("unit_code", "fiscal_year"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(foreign_key="unit.code", max_length=40)
    fiscal_year: int
    iit: float | None = None
    eit: float | None = None
    oit: float | None = None
    total: float
    level: str = Field(max_length=2)
    version: int = 1  # issue 12: results carry a version like other records (migration 0004)


class UserRow(SQLModel, table=True):
    __tablename__ = "app_user"
    username: str = Field(primary_key=True, max_length=60)
    display_name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=200)
    role: str = Field(max_length=20)
    unit_code: str | None = Field(default=None, max_length=40)
    section_code: str | None = Field(default=None, max_length=40)
    province_code: str | None = Field(default=None, max_length=40)
    password_hash: str = Field(default="", max_length=200)
    failed_attempts: int = 0
    locked_until: dt.datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    disabled: bool = False
    version: int = 1
    # issue 13: an account made from a list signs in once with a one-time password and must choose its own
    must_change_password: bool = False
    one_time_used: bool = False
    region_code: str | None = Field(default=None, max_length=40)  # the region a `region` account reads
    # issue 35: when the pending one-time password was issued; refused ``one_time_password_days`` after it
    one_time_issued_at: dt.datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class AuditRow(SQLModel, table=True):
    """Append-only: the application inserts rows and never updates or deletes them."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_unit_at", "unit_code", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_column=_utc_column())
    username: str = Field(max_length=60)
    unit_code: str | None = Field(default=None, max_length=40)
    table_name: str = Field(max_length=40)
    record_key: str = Field(max_length=120)
    field: str = Field(max_length=60)
    old_value: str | None = Field(default=None, sa_type=Text)
    new_value: str | None = Field(default=None, sa_type=Text)


class UnitSheetRow(SQLModel, table=True):
    """A unit-year kept in a Google Sheet instead of the tables above (the Sheets store reads it there)."""

    __tablename__ = "unit_sheet"
    unit_code: str = Field(foreign_key="unit.code", primary_key=True, max_length=40)
    fiscal_year: int = Field(primary_key=True)
    spreadsheet_id: str = Field(max_length=200)


class SignInSessionRow(SQLModel, table=True):
    """A signed-in browser (issue 12): only hashes of its secrets are kept. ``token_hash`` is the SHA-256 of the
    cookie's random token, set once the browser has fetched its cookie with the one-time code whose hash is
    ``handoff_hash``. Deleting the row ends the session on every app process."""

    __tablename__ = "sign_in_session"
    id: str = Field(primary_key=True, max_length=64)
    username: str = Field(sa_column=Column(String(60), ForeignKey("app_user.username", ondelete="CASCADE"),
                                           nullable=False, index=True))
    token_hash: str | None = Field(default=None, max_length=64, unique=True)
    handoff_hash: str | None = Field(default=None, max_length=64, unique=True)
    created_at: dt.datetime = Field(sa_column=_utc_column())
    last_seen_at: dt.datetime = Field(sa_column=_utc_column())


class KnownBrowserRow(SQLModel, table=True):
    """A browser that signed in to an account (issue 35): it carries a random token in the HttpOnly cookie
    ``ita_browser``; only its SHA-256 is kept. With the right password it gets past a lock strangers set off;
    ``failures`` counts its own wrong passwords (at ``max_failed_logins`` the mark is forgotten)."""

    __tablename__ = "known_browser"
    token_hash: str = Field(primary_key=True, max_length=64)
    username: str = Field(sa_column=Column(String(60), ForeignKey("app_user.username", ondelete="CASCADE"),
                                           nullable=False, index=True))
    created_at: dt.datetime = Field(sa_column=_utc_column())
    failures: int = 0


class SignInAttemptRow(SQLModel, table=True):
    """A refused sign-in (issue 35), for the administrator: the name typed (an account or not), when, from where,
    and whether the account was locked after it. Kept ``Security.attempts_keep_days``."""

    __tablename__ = "sign_in_attempt"
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60)
    at: dt.datetime = Field(sa_column=_utc_column())
    source: str = Field(default="", max_length=200)
    locked: bool = False


class UnitVersionRow(SQLModel, table=True):
    """A change counter per unit (issue 18, migration 0011): it moves on to the transaction's new ``data_version``
    (issue 36; before, up by one) in every write transaction that audits a line of the unit (its measures, follow-ups,
    OIT items, quota counts, settings, sections, the unit itself: a move to another province), in the same transaction.
    The figures cache (``figure_cache.py``) recomputes a unit only when its counter moved. No row: 0. Rows are never
    deleted (a unit deleted and made again keeps counting up, so an old cached figure can never match it); no foreign
    key for the same reason."""

    __tablename__ = "unit_version"
    unit_code: str = Field(primary_key=True, max_length=40)
    version: int = 0


class UnitFigureRow(SQLModel, table=True):
    """A unit's figures on one day, kept so that a new process does not recompute every unit (issue 18, migration
    0012; ``figure_table.py``). A cache, never the truth: a row is used only while its unit's change counter
    (``unit_version``) and the template library (``template_key``) are those it was computed with; otherwise the
    unit is recomputed and the row written over. Written by the first view that computes the unit and by the
    nightly ``figures refresh``; old days are pruned there. Safe to empty at any time."""

    __tablename__ = "unit_figure"
    __table_args__ = (Index("ix_unit_figure_as_of", "as_of"),)
    fiscal_year: int = Field(primary_key=True)
    as_of: dt.date = Field(primary_key=True)
    thresholds_key: str = Field(primary_key=True, max_length=64)
    unit_code: str = Field(primary_key=True, max_length=40)
    unit_version: int
    template_key: str = Field(max_length=64)
    figures: str = Field(sa_column=Column(Text(), nullable=False))  # UnitFigures as JSON (pydantic)
    computed_at: dt.datetime = Field(sa_column=_utc_column())


class MetaRow(SQLModel, table=True):
    """Small counters; ``data_version`` goes up by one in every write transaction (cache invalidation)."""

    __tablename__ = "meta"
    key: str = Field(primary_key=True, max_length=40)
    value: int = 0


# -- issue 15: the results report a unit signs (migration 0007) ------------------------------------------------
class MeasurePhotoRow(SQLModel, table=True):
    """An evidence photo on one measure's monthly report: re-encoded JPEG without metadata, and its thumbnail."""

    __tablename__ = "measure_photo"
    __table_args__ = (Index("ix_measure_photo_measure_month", "measure_id", "month"),)
    id: int | None = Field(default=None, primary_key=True)
    measure_id: int = Field(sa_column=Column(Integer, ForeignKey("measure.id", ondelete="CASCADE"), nullable=False))
    month: str = Field(max_length=7)  # YYYY-MM
    caption: str = Field(default="", max_length=200)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    thumbnail: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    width: int
    height: int
    size_bytes: int
    uploaded_by: str = Field(default="", max_length=200)
    uploaded_at: dt.datetime = Field(sa_column=_utc_column())


class ReportSettingsRow(SQLModel, table=True):
    """The chief's settings of a unit-year's results report, as the JSON of ``domain.evidence.ReportSettings``."""

    __tablename__ = "report_settings"
    __table_args__ = (UniqueConstraint("unit_code", "fiscal_year"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(foreign_key="unit.code", max_length=40)
    fiscal_year: int
    content: str = Field(default="{}", sa_type=Text)
    version: int = 1


# -- issue 17: the chair's orders and the meetings they come from ---------------------------------------------


class MeetingRow(SQLModel, table=True):
    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("unit_code", "fiscal_year", "held_on"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(sa_column=Column(String(40), ForeignKey("unit.code", ondelete="CASCADE"), nullable=False))
    fiscal_year: int
    held_on: dt.date
    attendees: str = Field(default="", sa_type=Text)
    version: int = 1


class ChairOrderRow(SQLModel, table=True):
    __tablename__ = "chair_order"
    __table_args__ = (UniqueConstraint("unit_code", "fiscal_year", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_code: str = Field(sa_column=Column(String(40), ForeignKey("unit.code", ondelete="CASCADE"), nullable=False))
    fiscal_year: int
    number: int
    meeting_on: dt.date
    text: str = Field(sa_type=Text)
    sections: str = Field(default="", sa_type=Text)  # section codes, comma-separated
    due: dt.date | None = None
    status: str = Field(default="open", max_length=20)
    created_by: str = Field(default="", max_length=200)
    version: int = 1


class ChairOrderReportRow(SQLModel, table=True):
    __tablename__ = "chair_order_report"
    __table_args__ = (UniqueConstraint("order_id", "section", "month"),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(sa_column=Column(Integer, ForeignKey("chair_order.id", ondelete="CASCADE"), nullable=False))
    section: str = Field(max_length=40)
    month: str = Field(max_length=7)
    status: str = Field(max_length=20)
    percent: int | None = None
    note: str = Field(default="", sa_type=Text)
    entered_by: str = Field(default="", max_length=200)
    entered_at: dt.datetime = Field(sa_column=_utc_column())
    version: int = 1
# -- issue 19: checked links and the reminders sent ---------------------------------------------------------


class LinkCheckRow(SQLModel, table=True):
    """The last check of one address (any unit may use it): the link checker's cache and the date of the check."""

    __tablename__ = "link_check"
    url: str = Field(primary_key=True, max_length=500)
    state: str = Field(max_length=20)
    http_status: int | None = None
    final_url: str = Field(default="", sa_type=Text)
    detail: str = Field(default="", max_length=300)
    checked_at: dt.datetime = Field(sa_column=_utc_column())


class ReminderLogRow(SQLModel, table=True):
    """One reminder e-mail sent; the unique key keeps the same reminder from going out twice in a day."""

    __tablename__ = "reminder_log"
    __table_args__ = (UniqueConstraint("sent_on", "username", "kind", "unit_code"),
                      Index("ix_reminder_log_unit_sent", "unit_code", "sent_on"))
    id: int | None = Field(default=None, primary_key=True)
    sent_on: dt.date  # the day in Bangkok the reminder is for (``remind --as-of``)
    sent_at: dt.datetime = Field(sa_column=_utc_column())
    username: str = Field(max_length=60)
    email: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    unit_code: str = Field(max_length=40)
    fiscal_year: int
    subject: str = Field(max_length=300)
    items: int = 0


# -- issue 32: what people enter of a year's framework ------------------------------------------------------


class FrameworkEntryRow(SQLModel, table=True):
    """One part of one year's framework (the OIT list, the calendar or the minimums) as a unit, a province or the
    administrator entered it: ``content`` is the JSON of ``domain.framework_entries.FrameworkEntry``. ``scope`` is
    "unit:CODE", "province:CODE" or "country"; a new entry of the same scope and part replaces the old one."""

    __tablename__ = "framework_entry"
    __table_args__ = (UniqueConstraint("kind", "fiscal_year", "part", "scope"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    fiscal_year: int
    part: str = Field(max_length=20)
    scope: str = Field(max_length=60)
    content: str = Field(sa_type=Text)
    entered_by: str = Field(max_length=60)
    entered_at: dt.datetime = Field(sa_column=_utc_column())


class ItapOitProgressRow(SQLModel, table=True):
    """How many of its OIT items ITAP showed a unit had answered, as its province last pasted it (issue 32 item 2,
    migration 0014): a count, not which items — no OIT item is marked published from it."""

    __tablename__ = "itap_oit_progress"
    unit_code: str = Field(foreign_key="unit.code", primary_key=True, max_length=40)
    fiscal_year: int = Field(primary_key=True)
    answered: int
    taken_on: dt.date
    entered_by: str = Field(max_length=60)
    entered_at: dt.datetime = Field(sa_column=_utc_column())


metadata = SQLModel.metadata  # what the migration environment compares against
