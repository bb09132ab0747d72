"""The one interface every page calls, whatever holds the data (SQL database or Google Sheet)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from ita_dash.domain.accounts import SignInAttempt, User
from ita_dash.domain.entries import FollowUpEntry, InvalidEntry, MeasureEntry, OitEntry
from ita_dash.domain.evidence import PhotoInfo, ReportSettings
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
    Section,
    Unit,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.permissions import NotAllowed
from ita_dash.domain.province import UnitFigures


class StoreError(Exception):
    """A refusal or failure the user can read: ``str(error)`` is Thai."""


class NotFound(StoreError):
    pass


class StaleVersion(StoreError):
    """Somebody saved the record after this form was filled; ``current`` holds their values (None: not found)."""

    MESSAGE = "มีผู้แก้ไขรายการนี้ไปแล้ว"

    def __init__(self, current=None):
        self.current = current
        super().__init__(f"{self.MESSAGE} — โปรดตรวจสอบค่าล่าสุดแล้วบันทึกอีกครั้ง")


# What a page catches to show a refusal instead of a stack trace.
REFUSALS = (StoreError, NotAllowed, InvalidEntry)


class VersionedStore(Protocol):
    """What caches compare: a counter that moves with every write."""

    def data_version(self) -> int:
        """A counter that changes with every write: caches compare it instead of waiting for a timeout."""

    def change_key(self) -> tuple:
        """The same as the counter, for keying caches, but asking the database at most once per change or second
        (store/sql/changes.py)."""

    def unit_change_key(self, unit_code: str) -> tuple:
        """Moves with every write that may change what a page of ``unit_code`` shows; a save in another unit leaves
        it as it is."""

    def is_empty(self) -> bool: ...


class OrganisationStore(Protocol):
    """Regions, provinces, units and sections (store/sql/organisation.py)."""

    def list_regions(self, actor: Actor) -> list[Region]: ...

    def list_provinces(self, actor: Actor) -> list[Province]: ...

    def list_units(self, actor: Actor, province_code: str | None = None) -> list[Unit]: ...

    def delete_province(self, actor: Actor, province_code: str) -> int:
        """Delete a province, its units and all their data (not the accounts); returns the number of units deleted."""

    def import_units(self, actor: Actor, regions: list[Region], provinces: list[Province],
                     units: list[tuple[Unit, int | None]], fiscal_year: int, dry_run: bool = False) -> dict[str, list[str]]:
        """Regions, provinces and units from a list in one transaction (admin); new units get their template's
        sections. ``dry_run`` rolls back and only says what would change."""

    def list_sections(self, actor: Actor, unit_code: str) -> list[tuple[Section, bool]]:
        """Every section of the unit with whether it is retired."""

    def save_section(self, actor: Actor, unit_code: str, code: str | None, name: str, head_name: str = "",
                     retired: bool = False) -> Section:
        """Rename, set the head, retire or add (``code`` None) a section; audited."""


class PlanYearStore(Protocol):
    """A unit's fiscal year: reading it whole, its records, plans, quotas and results (store/sql/plan_year.py, records.py, plans.py)."""

    def fiscal_years(self, actor: Actor, unit_code: str) -> list[int]:
        """Fiscal years that hold data for the unit, newest first."""

    def load_unit_year(self, actor: Actor, unit_code: str, fiscal_year: int) -> UnitYearData:
        """Everything about one unit's year; a year with no data yet comes back empty, not as an error."""

    def follow_up(self, actor: Actor, unit_code: str, fiscal_year: int, code: str, month: str) -> FollowUp | None:
        """One measure's report for one month, as it is now (None: not reported)."""

    def results(self, actor: Actor, province_code: str | None = None) -> list[tuple[Unit, ItaResult]]:
        """Every ITA result of every unit the actor may read (optionally of one province)."""

    def replace_unit_year(self, actor: Actor, data: UnitYearData, framework_entries: list | None = None) -> None:
        """Write a whole unit-year (bundle import, demo), replacing what was there; with ``framework_entries`` (a
        bundle's) the unit's own framework entries of the year too, all or nothing (None: left as they are)."""

    def save_follow_up(self, actor: Actor, unit_code: str, fiscal_year: int, entry: FollowUpEntry,
                       now: dt.datetime | None = None) -> FollowUp: ...

    def save_oit_item(self, actor: Actor, unit_code: str, fiscal_year: int, entry: OitEntry) -> OitItem: ...

    def save_measure(self, actor: Actor, unit_code: str, fiscal_year: int, entry: MeasureEntry) -> Measure: ...

    def import_plan(self, actor: Actor, unit_code: str, fiscal_year: int, measures: list[Measure]) -> dict[str, list[str]]:
        """A plan's measures in one transaction: matched on indicator + activity, so a re-import never duplicates."""

    def copy_plan(self, actor: Actor, unit_code: str, from_year: int, to_year: int, move_years: int,
                  source: list[Measure] | None = None) -> dict[str, list[str]]:
        """Last year's measures (owners, cadences) into another year, dates moved by whole years, no follow-ups."""

    def save_plan_start(self, actor: Actor, unit_code: str, fiscal_year: int, start: dt.date,
                        base_version: int | None = None) -> UnitYear:
        """The day the unit's year is followed from, as the chief sets it (``UnitYear.plan_start``)."""

    def add_quota_snapshot(self, actor: Actor, unit_code: str, fiscal_year: int, snapshot: QuotaSnapshot) -> None: ...

    def save_result(self, actor: Actor, unit_code: str, result: ItaResult, base_version: int | None = None) -> ItaResult:
        """Add a year's result (``base_version`` None) or change it if still at ``base_version``."""


class FrameworkEntryStore(Protocol):
    """What people enter of a year's framework: OIT lists, calendars, minimums (:mod:`.sql.framework_entries`)."""

    def framework_entries(self, actor: Actor, unit_code: str, fiscal_year: int) -> list: ...

    def framework_for(self, actor: Actor, unit: Unit, fiscal_year: int, templates=None): ...

    def entered_library(self, fiscal_year: int, templates=None):
        """The templates with every entry of the year over them, for judging many units at once."""

    def itap_oit_answered(self, actor: Actor, fiscal_year: int,
                          province_code: str | None = None) -> dict[str, tuple[int, dt.date]]:
        """unit code → (OIT items answered on ITAP, the day its province pasted it), for the units the actor reads."""

    def save_framework_entry(self, actor: Actor, entry, template, now: dt.datetime | None = None): ...

    def delete_framework_entry(self, actor: Actor, kind, fiscal_year: int, part, unit_code: str | None = None,
                               province_code: str | None = None) -> bool: ...


class FiguresStore(Protocol):
    """Read-only figures across units and the audit trail (store/sql/statistics.py)."""

    def unit_figures(self, actor: Actor, fiscal_year: int, as_of: dt.date, province_code: str | None = None,
                     region_code: str | None = None) -> list[UnitFigures]:
        """Each unit's figures on ``as_of`` for comparing units (every unit the actor may read, optionally of one
        province or region), in unit-code order: what :func:`ita_dash.domain.province.figures_of` says of each."""

    def history(self, actor: Actor, unit_code: str, record_key: str | None = None, limit: int = 1000) -> list[AuditEntry]:
        """The unit's audit lines, newest first; ``record_key`` narrows to one record."""


class EvidenceStore(Protocol):
    """The results report a unit signs: written results, photos, report settings (store/sql/evidence.py)."""

    def save_measure_result(self, actor: Actor, unit_code: str, fiscal_year: int, code: str, achievement: str,
                            outcome: str, base_version: int | None) -> Measure:
        """ผลการดำเนินการ and ผลลัพธ์ of one measure (the chief or the owning section)."""

    def add_photo(self, actor: Actor, unit_code: str, fiscal_year: int, measure_code: str, month: str,
                  content: bytes, caption: str = "", now: dt.datetime | None = None) -> PhotoInfo:
        """An evidence photo on a measure's monthly report: re-encoded, EXIF-stripped, with a thumbnail."""

    def list_photos(self, actor: Actor, unit_code: str, fiscal_year: int, measure_code: str | None = None,
                    month: str | None = None) -> list[PhotoInfo]: ...

    def photo_contents(self, actor: Actor, unit_code: str, fiscal_year: int, ids: list[int],
                       thumbnail: bool = False) -> dict[int, bytes]: ...

    def delete_photo(self, actor: Actor, unit_code: str, fiscal_year: int, photo_id: int) -> None: ...

    def report_settings(self, actor: Actor, unit_code: str, fiscal_year: int) -> ReportSettings: ...

    def save_report_settings(self, actor: Actor, unit_code: str, fiscal_year: int,
                             settings: ReportSettings) -> ReportSettings: ...


class AccountStore(Protocol):
    """Accounts, passwords and one-time passwords (store/sql/accounts.py)."""

    def add_user(self, actor: Actor, user: User, password: str) -> User: ...

    def list_users(self, actor: Actor) -> list[User]: ...

    def reset_password(self, actor: Actor, username: str, password: str) -> None: ...

    def set_disabled(self, actor: Actor, username: str, disabled: bool) -> None: ...

    def get_user(self, username: str) -> User | None: ...

    def create_first_admin(self, user: User, password: str) -> User: ...

    def has_accounts(self) -> bool: ...

    def demo_accounts(self, usernames) -> list[User]: ...

    def import_users(self, actor: Actor, users: list[User], dry_run: bool = False,
                     now: dt.datetime | None = None) -> tuple[dict[str, list[str]], dict[str, str]]:
        """Accounts from a list; new ones get one-time passwords (returned once, for the slips, never stored), good
        for ``Security.one_time_password_days`` from ``now``."""

    def change_own_password(self, actor: Actor, new_password: str, current_password: str | None = None,
                            keep_session: str | None = None) -> User:
        """The signed-in user's own new password; clears "must change the password"; ends every session of the
        account but ``keep_session``."""

    def reissue_one_time_passwords(self, actor: Actor, usernames: list[str],
                                   now: dt.datetime | None = None) -> dict[str, str]:
        """New one-time passwords (returned once, for new slips); each account must choose its own again."""

    def user_names(self, actor: Actor, unit_code: str) -> dict[str, str]:
        """username → rank and name, for the accounts a reader of the unit may see named."""


class SignInStore(Protocol):
    """Signing in and sign-in sessions (store/sql/sign_in.py)."""

    def sign_in(self, username: str, password: str, now: dt.datetime | None = None, browser: str | None = None,
                source: str = "") -> User: ...

    def sign_in_attempts(self, actor: Actor, limit: int = 200) -> list[SignInAttempt]:
        """The latest refused sign-ins, newest first (administrators only)."""

    def remember_browser(self, session_token: str, now: dt.datetime | None = None) -> str | None:
        """A token for the ``ita_browser`` cookie of the browser holding this session: known to its account."""

    def open_sign_in_session(self, username: str, now: dt.datetime | None = None) -> tuple[str, str]: ...

    def claim_session_cookie(self, handoff: str, now: dt.datetime | None = None) -> str | None: ...

    def session_user(self, session_id: str | None = None, token: str | None = None,
                     now: dt.datetime | None = None) -> tuple[str, User]: ...

    def end_sign_in_session(self, session_id: str) -> None: ...

    def end_sessions_of(self, username: str) -> int: ...


class MeetingStore(Protocol):
    """Meetings and the chair's orders (store/sql/meetings.py; records in ita_dash.domain.orders)."""

    def load_orders(self, actor: Actor, unit_code: str, fiscal_year: int):
        """The unit's year of meetings, orders and order reports (an ``OrderBook``)."""

    def save_meeting(self, actor: Actor, unit_code: str, fiscal_year: int, held_on: dt.date, attendees: str,
                     base_version: int | None = None): ...

    def save_order(self, actor: Actor, unit_code: str, fiscal_year: int, entry): ...

    def save_order_report(self, actor: Actor, unit_code: str, fiscal_year: int, entry,
                          now: dt.datetime | None = None): ...


class PublicationStore(Protocol):
    """Link checks, the OIT items' last change, reminders (store/sql/publication.py)."""

    def link_checks(self, actor: Actor, urls) -> dict:
        """The last check (:class:`ita_dash.domain.links.LinkCheck`) of each address that has one."""

    def save_link_checks(self, actor: Actor, unit_code: str, fiscal_year: int, checks: list) -> None:
        """Keep the newest check of each of the unit's addresses (its own people and the scheduled checker only);
        one transaction that moves the data version."""

    def oit_updated(self, actor: Actor, unit_code: str, fiscal_year: int) -> dict[str, dt.datetime]:
        """When each OIT item was last changed (audit trail); key ``""``: the last whole-year write."""

    def claim_reminder(self, actor: Actor, sent) -> bool:
        """Log a reminder about to be sent; False if the same one is already logged for that day."""

    def release_reminder(self, actor: Actor, sent) -> None: ...

    def reminders_sent(self, actor: Actor, unit_code: str | None = None, limit: int = 500) -> list: ...

    def last_reminded(self, actor: Actor, kind: str, unit_code: str) -> dict[str, dt.date]: ...


class Store(VersionedStore, OrganisationStore, PlanYearStore, FiguresStore, FrameworkEntryStore, EvidenceStore,
            AccountStore, SignInStore, MeetingStore, PublicationStore, Protocol):
    """Reads return domain records the acting user may see; every write takes the acting user, checks the
    permission rules and the record's version, and is one transaction together with its audit lines.

    Each concern's contract is its own Protocol above, in the order of the SQL store's modules.
    """
