"""Reminders by e-mail: who is late and what each person is told (issue 19). Pure: the sending is in
``ita_dash/outbound/mail.py`` and the schedule in ``python -m ita_dash remind``.

- a section head whose section's reports for the last closed month are missing once the grace day has passed
  (the 5th), and who owns OIT items due within 14 days (or past due, or whose link was found broken), gets one
  message with all of them;
- the chief gets a digest of everything late in the unit at most once a week.
Who is late comes from the same rules as the dashboard (``followup.py``, ``lights.py``), through :class:`UnitStatus`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Annotated
from urllib.parse import urlencode

from pydantic import Field

from .accounts import User, email_problem
from .fiscal import last_closed_month
from .followup import SectionMonthStatus, report_deadline
from .lights import CLEARED, READY, Light, MeasureState
from .links import BROKEN
from .model import Record, Role, UnitKind
from .settings import REMINDERS, Reminders
from .status import UnitStatus
from .thaidate import BANGKOK, format_date
from .wording import words_of

MAX_LINE = 140


class ReminderKind(str, Enum):
    SECTION = "section"  # a section head: missing reports and OIT items
    DIGEST = "digest"  # the chief: the week's digest of what is late


REMINDER_KIND_LABELS = {ReminderKind.SECTION: "แจ้งเตือนหัวหน้าสายงาน", ReminderKind.DIGEST: "สรุปรายสัปดาห์ถึงหัวหน้าหน่วย"}


def reminder_kind_label(kind: ReminderKind, unit_kind: UnitKind | None = None) -> str:
    """What a reminder was, in the words of the unit it was about ("แจ้งเตือนหัวหน้ากอง" in a local administration)."""
    return f"แจ้งเตือน{words_of(unit_kind).section_head}" if kind is ReminderKind.SECTION else REMINDER_KIND_LABELS[kind]


class ReminderSent(Record):
    """One line of the log of reminders sent."""

    sent_on: dt.date
    sent_at: dt.datetime
    username: Annotated[str, Field(max_length=60)]
    email: Annotated[str, Field(max_length=200)]
    kind: ReminderKind
    unit_code: Annotated[str, Field(max_length=40)]
    fiscal_year: int
    subject: Annotated[str, Field(max_length=300)]
    items: int = 0


@dataclass(frozen=True)
class Reminder:
    username: str
    email: str
    name: str
    kind: ReminderKind
    unit_code: str
    fiscal_year: int
    subject: str
    body: str  # Thai plain text
    items: tuple[str, ...]

    def log_line(self, sent_on: dt.date, sent_at: dt.datetime) -> ReminderSent:
        return ReminderSent(sent_on=sent_on, sent_at=sent_at, username=self.username, email=self.email, kind=self.kind,
                            unit_code=self.unit_code, fiscal_year=self.fiscal_year, subject=self.subject[:300],
                            items=len(self.items))


def _line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LINE else text[: MAX_LINE - 1] + "…"


def page_link(base_url: str | None, page: str, unit_code: str, fiscal_year: int) -> str | None:
    if not base_url:
        return None
    return f"{base_url.rstrip('/')}/{page}?" + urlencode({"unit": unit_code, "fy": fiscal_year})


def _body(name: str, unit_name: str, as_of: dt.date, blocks: list[tuple[str, list[str]]], link: str | None) -> str:
    lines = [f"เรียน {name}", "",
             f"ระบบติดตามการประเมิน ITA ของ{unit_name} ขอแจ้งรายการที่ต้องติดตาม ณ วันที่ {format_date(as_of)}", ""]
    for heading, items in blocks:
        if items:
            lines.append(f"{heading} ({len(items)} รายการ)")
            lines += [f"  • {item}" for item in items]
            lines.append("")
    if link:
        lines += ["เปิดหน้าของท่านในระบบ:", link, ""]
    lines += ["ข้อความนี้ส่งโดยอัตโนมัติจากระบบติดตามการประเมิน ITA (ITA Command Dashboard) ไม่ต้องตอบกลับ"]
    return "\n".join(lines) + "\n"


def _missing_reports(status: UnitStatus, section: str | None) -> list[str]:
    month = last_closed_month(status.as_of)
    activities = {m.code: m.activity for m in status.data.measures}
    lines = []
    for row in status.sections_missing(month):
        if row.section == section:
            lines += [_line(f"มาตรการ {code} {activities.get(code, '')}") for code in row.missing]
    return lines


def _oit_owned(status: UnitStatus, section: str | None, settings: Reminders) -> list[str]:
    lines = []
    for item in status.oit_items:
        owner = item.item.owner_section or item.spec.owner_section
        if owner != section:
            continue
        broken = item.link_check is not None and item.link_check.problem
        due_soon = (item.due is not None and item.item.status not in CLEARED
                    and (item.due < status.as_of
                         or ((item.due - status.as_of).days <= settings.oit_due_days and item.item.status not in READY)))
        if due_soon or broken:
            lines.append(_line(f"{item.spec.code} {item.spec.title} — {item.reason}"))
    return lines


def _evidence_broken(status: UnitStatus, section: str | None) -> list[str]:
    """Evidence links of the section's reports that were found broken (the report points at nothing)."""
    owners = {m.code: m.owner_section for m in status.data.measures}
    lines = []
    for follow_up in status.data.follow_ups:
        check = status.link_checks.get(follow_up.evidence_url.strip()) if follow_up.evidence_url.strip() else None
        if check is None or check.checked_at.astimezone(BANGKOK).date() > status.as_of:
            continue
        if check.state in BROKEN and owners.get(follow_up.measure_code) == section:
            lines.append(_line(f"หลักฐานมาตรการ {follow_up.measure_code} เดือน {follow_up.month}: {check.describe()} "
                               f"— {follow_up.evidence_url}"))
    return lines


def section_reminders(status: UnitStatus, users: list[User], base_url: str | None,
                      settings: Reminders = REMINDERS) -> list[Reminder]:
    """One message per section head of the unit who has something late or due, with every such item."""
    data = status.data
    month = last_closed_month(status.as_of)
    deadline = format_date(report_deadline(month))
    result = []
    for user in users:
        if user.role is not Role.SECTION_HEAD or user.unit_code != data.unit.code or user.disabled or not sendable(user.email):
            continue
        reports = _missing_reports(status, user.section_code)
        items = _oit_owned(status, user.section_code, settings)
        evidence = _evidence_broken(status, user.section_code)
        if not reports and not items and not evidence:
            continue
        name = user.display_name or user.username
        blocks = [(f"รายงานผลเดือน {month.label()} ที่ยังไม่ได้รายงาน (กำหนดส่งภายใน {deadline})", reports),
                  ("รายการ OIT ที่ใกล้ครบกำหนด เลยกำหนด หรือลิงก์มีปัญหา", items),
                  ("ลิงก์หลักฐานในรายงานผลที่เปิดไม่ได้", evidence)]
        link = page_link(base_url, "my_section", data.unit.code, data.fiscal_year)
        count = len(reports) + len(items) + len(evidence)
        subject = f"[ITA] {data.unit.short_name or data.unit.name}: มีรายการที่ต้องดำเนินการ {count} รายการ"
        result.append(Reminder(user.username, user.email, name, ReminderKind.SECTION, data.unit.code, data.fiscal_year,
                               subject, _body(name, data.unit.name, status.as_of, blocks, link), tuple(reports + items + evidence)))
    return result


def late_in_unit(status: UnitStatus) -> list[tuple[str, list[str]]]:
    """What is late in the unit, in blocks for the chief's digest."""
    month = last_closed_month(status.as_of)
    heads = {s.code: (s.name, s.head_name) for s in status.data.sections}
    words = words_of(status.data.unit.kind)
    sections = []
    for row in status.sections_missing(month):
        name, head = heads.get(row.section or "", (words.no_section, ""))
        word = "ยังไม่รายงาน" if row.status is SectionMonthStatus.MISSING else "รายงานไม่ครบ"
        whose = f" ({head})" if head else ""
        sections.append(_line(f"{name}{whose}: {word} {len(row.missing)} จาก {len(row.due)} มาตรการ"))
    overdue = [_line(f"{m.measure.code} {m.measure.activity} — {m.section}: {'; '.join(m.reasons)}")
               for m in status.urgent() if m.state is MeasureState.OVERDUE]
    oit = [_line(f"{i.spec.code} {i.spec.title} — {i.section}: {i.reason}") for i in status.oit_items
           if i.light is Light.RED or (i.link_check is not None and i.link_check.problem)]
    return [(f"{words.section}ที่ยังไม่รายงานผลเดือน {month.label()}", sections),
            ("มาตรการที่เลยกำหนด", overdue),
            ("รายการ OIT ที่เลยกำหนดหรือลิงก์มีปัญหา", oit)]


def digest_reminders(status: UnitStatus, users: list[User], base_url: str | None, last_sent: dict[str, dt.date],
                     settings: Reminders = REMINDERS) -> list[Reminder]:
    """The chief's weekly digest: sent when something is late and no digest went to them in the last 7 days."""
    data = status.data
    blocks = late_in_unit(status)
    items = tuple(item for _, lines in blocks for item in lines)
    if not items:
        return []
    result = []
    for user in users:
        if user.role is not Role.CHIEF or user.unit_code != data.unit.code or user.disabled or not sendable(user.email):
            continue
        previous = last_sent.get(user.username)
        if previous is not None and (status.as_of - previous).days < settings.digest_days:
            continue
        name = user.display_name or user.username
        link = page_link(base_url, "overview", data.unit.code, data.fiscal_year)
        subject = f"[ITA] สรุปรายการที่ล่าช้าประจำสัปดาห์ — {data.unit.short_name or data.unit.name} ({len(items)} รายการ)"
        result.append(Reminder(user.username, user.email, name, ReminderKind.DIGEST, data.unit.code, data.fiscal_year,
                               subject, _body(name, data.unit.name, status.as_of, blocks, link), items))
    return result


def sendable(email: str) -> bool:
    """Whether a reminder may go to ``email``: exactly one address (one stored before that was checked is skipped)."""
    return bool(email) and email_problem(email) is None


def unreachable_owners(status: UnitStatus, users: list[User]) -> list[str]:
    """Sections with something late whose head has no account with an e-mail: the chief's digest cannot reach them
    through a reminder, so the ``remind`` command lists them."""
    reachable = {u.section_code for u in users if u.role is Role.SECTION_HEAD and u.unit_code == status.data.unit.code
                 and sendable(u.email) and not u.disabled}
    names = {s.code: s.name for s in status.data.sections}
    missing = []
    for section in [s.code for s in status.data.sections]:
        if section in reachable:
            continue
        if _missing_reports(status, section) or _oit_owned(status, section, REMINDERS):
            missing.append(f"{status.data.unit.code} {names[section]}: ไม่มีบัญชี"
                           f"{words_of(status.data.unit.kind).section_head}ที่มีอีเมล")
    return missing


__all__ = ["Reminder", "ReminderKind", "ReminderSent", "REMINDER_KIND_LABELS", "digest_reminders", "late_in_unit",
           "section_reminders", "unreachable_owners"]
