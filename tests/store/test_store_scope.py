"""Every public write of the SQL store checks its actor: each one, tried by someone outside its scope, is refused
and changes nothing (no data version moved, no audit line, no row).

The list of writes is not kept by hand: it is every public method whose code (or a private helper it calls) opens
a write transaction. A new write that is not in ``OUTSIDE_CALLS`` (or, for the sign-in machinery that runs before
anyone is signed in, ``NO_ACTOR``) fails :func:`test_every_write_of_the_store_is_walked` until someone says here
who must not be able to call it.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re

from sqlalchemy import func, select

from helpers.environment import DEMO_AS_OF
from ita_dash.domain.accounts import User
from ita_dash.domain.entries import FollowUpEntry, InvalidEntry, MeasureEntry, OitEntry
from ita_dash.domain.evidence import ReportSettings
from ita_dash.domain.framework import Quota, Quotas
from ita_dash.domain.framework_entries import FrameworkEntry, FrameworkPart, ProgressLine
from ita_dash.domain.links import LinkCheck, LinkState
from ita_dash.domain.model import (
    Actor,
    FollowUpStatus,
    OitStatus,
    Province,
    QuotaSnapshot,
    QuotaTool,
    Region,
    Role,
    Unit,
    UnitKind,
)
from ita_dash.domain.orders import OrderEntry, OrderReportEntry
from ita_dash.domain.permissions import NotAllowed
from ita_dash.domain.reminders import ReminderKind, ReminderSent
from ita_dash.store.sql import SqlStore
from ita_dash.store.tables import AuditRow

FY = 2570
UNIT = "DEMO-01"  # the unit written to; every outsider below belongs elsewhere or may only read
CHIEF_ELSEWHERE = Actor(username="chief.elsewhere", role=Role.CHIEF, unit_code="DEMO-02")
HEAD_ELSEWHERE = Actor(username="head.elsewhere", role=Role.SECTION_HEAD, unit_code="DEMO-02", section_code="INV")
VIEWER = Actor(username="viewer.here", role=Role.VIEWER, unit_code=UNIT)
PROVINCE_READER = Actor(username="province.reader", role=Role.PROVINCE, province_code="DEMO")
# Outsiders who cannot even read the unit, and outsiders who read it but may not write it (so a write that forgot
# its own check is not saved by the read check inside it).
OUTSIDERS = (CHIEF_ELSEWHERE, HEAD_ELSEWHERE, PROVINCE_READER, VIEWER)
SECTION_WRITES = {"save_follow_up", "save_order_report", "ensure_sheet_measure", "save_oit_item",
                  "save_measure_result", "add_photo"}  # also refused to a head of another section of the unit
ONLY_OUTSIDERS = {
    "change_own_password": (Actor(username="demo.viewer", role=Role.VIEWER, unit_code=UNIT),),
    # the unit's province copies ITAP's progress for its units (issue 32): a province reader of another province may not
    "save_itap_progress": (CHIEF_ELSEWHERE, HEAD_ELSEWHERE, VIEWER,
                           Actor(username="province.other", role=Role.PROVINCE, province_code="OTHER")),
}
# One's own password is in no one else's scope; the outsider is whoever holds a session without knowing it.
REFUSAL = {"change_own_password": InvalidEntry}
NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)

# Sign-in machinery: called before anyone is signed in, so no actor to check; each is covered by its own tests
# (tests/store/test_accounts.py, tests/store/test_security.py): what it may do is bounded by the secret it is given.
NO_ACTOR = {
    "sign_in": "checks the password itself",
    "create_first_admin": "refuses once any account exists (tests/store/test_accounts.py)",
    "open_sign_in_session": "called only after sign_in accepted the password",
    "claim_session_cookie": "needs the one-time hand-off secret",
    "session_user": "needs the session's secret",
    "end_sign_in_session": "needs the session's id; ends only that session",
    "remember_browser": "needs the session's cookie secret; marks only that session's own account",
    "end_sessions_of": "called after a password change or a disabled account, by the store's own writes",
    "refresh_statistics": "the planner's statistics (ANALYZE): no data changes",
}


def _first_measure(store, actor=Actor.system("test")):
    return store.load_unit_year(actor, UNIT, FY).measures[0]


def _outside_calls(store):
    """name → call(actor): a plausible write that no actor in :func:`_outsiders_of` may make."""
    measure = _first_measure(store)
    data = store.load_unit_year(Actor.system("test"), UNIT, FY)
    oit = data.oit_items[0]
    system = Actor.system("test")
    if not store.load_orders(system, UNIT, FY).orders:  # an order of the owner's section to report on
        store.save_meeting(system, UNIT, FY, DEMO_AS_OF, "ประธาน")
        store.save_order(system, UNIT, FY, OrderEntry(DEMO_AS_OF, "ให้รายงานผล", (measure.owner_section,)))
    order = store.load_orders(system, UNIT, FY).orders[0]
    other_head = User(username="someone.new", display_name="ผู้ใช้ใหม่", role=Role.SECTION_HEAD, unit_code=UNIT,
                      section_code=measure.owner_section)
    sent = ReminderSent(sent_on=DEMO_AS_OF, sent_at=NOW, username="demo.head", email="head@example.invalid",
                        kind=next(iter(ReminderKind)), unit_code=UNIT, fiscal_year=FY, subject="เตือน")
    region = Region(code="R-NEW", name="ภาคใหม่")
    province = Province(code="P-NEW", name="จังหวัดใหม่", region_code="R-NEW")
    new_unit = Unit(code="U-NEW", name="หน่วยใหม่", short_name="หน่วยใหม่", kind=UnitKind.POLICE_STATION,
                    province_code="P-NEW")
    return {
        "replace_unit_year": lambda who: store.replace_unit_year(who, data),
        "add_unit_years": lambda who: store.add_unit_years(who, [data]),
        "save_follow_up": lambda who: store.save_follow_up(
            who, UNIT, FY, FollowUpEntry(measure.code, "2026-11", FollowUpStatus.DONE, 100), NOW),
        "save_oit_item": lambda who: store.save_oit_item(
            who, UNIT, FY, OitEntry(oit.code, OitStatus.PUBLISHED, "https://example.org/a",
                                                base_version=oit.version)),
        "save_measure": lambda who: store.save_measure(
            who, UNIT, FY, MeasureEntry(indicator=1, activity="มาตรการใหม่")),
        "import_plan": lambda who: store.import_plan(who, UNIT, FY, [measure]),
        "copy_plan": lambda who: store.copy_plan(who, UNIT, FY, FY + 1, 1),
        "save_plan_start": lambda who: store.save_plan_start(who, UNIT, FY, DEMO_AS_OF, data.year.version),
        "add_quota_snapshot": lambda who: store.add_quota_snapshot(
            who, UNIT, FY, QuotaSnapshot(tool=QuotaTool.IIT, count=1, taken_on=DEMO_AS_OF)),
        "save_result": lambda who: store.save_result(
            who, UNIT, data.results[0].model_copy(update={"fiscal_year": FY + 1})),
        "delete_province": lambda who: store.delete_province(who, "DEMO"),
        "save_measure_result": lambda who: store.save_measure_result(
            who, UNIT, FY, measure.code, "ทำแล้ว", "", measure.version),
        "add_photo": lambda who: store.add_photo(
            who, UNIT, FY, measure.code, "2026-11", _png(), "ภาพ", NOW),
        "delete_photo": lambda who: store.delete_photo(who, UNIT, FY, 1),
        "save_report_settings": lambda who: store.save_report_settings(
            who, UNIT, FY, ReportSettings(committee_order="คำสั่งที่ 1/2570")),
        "add_user": lambda who: store.add_user(who, other_head, "a-long-password"),
        "reset_password": lambda who: store.reset_password(
            who, "demo.chief", "a-long-password"),
        "set_disabled": lambda who: store.set_disabled(who, "demo.chief", True),
        "import_users": lambda who: store.import_users(who, [other_head]),
        "change_own_password": lambda who: store.change_own_password(
            who, "a-long-password", "not-the-password"),
        "reissue_one_time_passwords": lambda who: store.reissue_one_time_passwords(
            who, ["demo.chief"]),
        "import_units": lambda who: store.import_units(
            who, [region], [province], [(new_unit, None)], FY),
        "save_section": lambda who: store.save_section(who, UNIT, None, "สายงานใหม่"),
        "save_meeting": lambda who: store.save_meeting(who, UNIT, FY, DEMO_AS_OF, "ประธาน"),
        "save_order": lambda who: store.save_order(
            who, UNIT, FY, OrderEntry(DEMO_AS_OF, "ให้ทุกสายงานรายงาน", (measure.owner_section,))),
        "save_order_report": lambda who: store.save_order_report(
            who, UNIT, FY, OrderReportEntry(order.number, order.sections[0], "2026-11", FollowUpStatus.DONE),
            NOW),
        "save_link_checks": lambda who: store.save_link_checks(
            who, UNIT, FY, [LinkCheck(url=(data.oit_items[0].link or "https://example.org/a"),
                                      state=next(iter(LinkState)), checked_at=NOW)]),
        "claim_reminder": lambda who: store.claim_reminder(who, sent),
        "release_reminder": lambda who: store.release_reminder(who, sent),
        "link_sheet": lambda who: store.link_sheet(who, UNIT, FY, "sheet-id-123"),
        "record_sheet_edit": lambda who: store.record_sheet_edit(
            who, UNIT, f"{measure.code}/2026-11", {"status": ("", "done")}),
        "ensure_sheet_measure": lambda who: store.ensure_sheet_measure(who, UNIT, FY, measure),
        "save_framework_entry": lambda who: store.save_framework_entry(who, FrameworkEntry(
            kind=UnitKind.POLICE_STATION, fiscal_year=FY, part=FrameworkPart.QUOTAS, unit_code=UNIT,
            quotas=Quotas(iit=Quota(minimum=5)), source="ITAP"), store.templates.for_year(UnitKind.POLICE_STATION, FY)),
        "delete_framework_entry": lambda who: store.delete_framework_entry(
            who, UnitKind.POLICE_STATION, FY, FrameworkPart.QUOTAS, unit_code=UNIT),
        "save_itap_progress": lambda who: store.save_itap_progress(
            who, FY, [ProgressLine(unit_code=UNIT, iit_count=1)], DEMO_AS_OF),
    }


def _outsiders_of(store, name: str) -> tuple[Actor, ...]:
    if name in ONLY_OUTSIDERS:
        return ONLY_OUTSIDERS[name]
    if name not in SECTION_WRITES:
        return OUTSIDERS
    owner = _first_measure(store).owner_section
    other = next(section.code for section, _ in store.list_sections(Actor.system("test"), UNIT)
                 if section.code != owner)
    return OUTSIDERS + (Actor(username="head.other", role=Role.SECTION_HEAD, unit_code=UNIT, section_code=other),)


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _writes_of(cls) -> set[str]:
    """Public methods that open a write transaction, directly or through the store's own helpers."""
    sources = {name: inspect.getsource(member) for name, member in inspect.getmembers(cls, inspect.isfunction)
               if not name.startswith("__")}

    def writes(name: str, seen: frozenset) -> bool:
        code = sources[name]
        if "self._writing(" in code or ".begin()" in code:
            return True
        return any(writes(called, seen | {name}) for called in re.findall(r"self\.(\w+)\(", code)
                   if called in sources and called not in seen and called != "_writing")

    return {name for name in sources if not name.startswith("_") and writes(name, frozenset())}


def test_every_write_of_the_store_is_walked(demo_store):
    writes = _writes_of(SqlStore)
    walked = set(_outside_calls(demo_store)) | set(NO_ACTOR)
    assert writes - walked == set(), "a write of the store that no outsider is tried against"
    assert walked - writes == set(), "a name walked here that is no longer a write (renamed?)"


def _footprint(store) -> tuple:
    with store.engine.connect() as connection:
        audit = connection.execute(select(func.count()).select_from(AuditRow)).scalar_one()
    return store.data_version(), audit, store.unit_versions()


def test_a_write_by_an_actor_outside_its_scope_is_refused_and_changes_nothing(demo_store):
    problems = {}
    for name, call in sorted(_outside_calls(demo_store).items()):
        for outsider in _outsiders_of(demo_store, name):
            before = _footprint(demo_store)
            try:
                call(outsider)
            except REFUSAL.get(name, NotAllowed):
                pass
            except Exception as error:  # noqa: BLE001 - reported below with the method's name
                problems[f"{name} by {outsider.username}"] = f"{type(error).__name__}: {error}"
            else:
                problems[f"{name} by {outsider.username}"] = "accepted"
            if _footprint(demo_store) != before:
                problems[f"{name} by {outsider.username}"] = "changed something"
    assert problems == {}, "\n".join(f"{key}: {value}" for key, value in problems.items())
