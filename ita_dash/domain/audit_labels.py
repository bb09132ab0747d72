"""The audit trail in Thai (issue 17): what each record key, table, field and stored value means to a reader of
"ประวัติการแก้ไข". Pure functions; the page only calls these."""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum

from .fiscal import Month
from .measure_fields import MEASURE_FIELDS
from .model import Cadence, FollowUpStatus, OitStatus, Role, UnitKind, thai
from .thaidate import format_date
from .wording import role_label, words_of

FIELD_NAMES = {
    **{field.name: field.label for field in MEASURE_FIELDS},  # a measure's fields: measure_fields.py
    "status": "สถานะ", "percent": "ร้อยละความคืบหน้า", "note": "บันทึก", "evidence_url": "ลิงก์หลักฐาน",
    "link": "ลิงก์", "checklist": "รายการตรวจสอบ", "approved_by": "ผู้อนุมัติ", "add": "เพิ่ม",
    "replace": "แทนที่ข้อมูลทั้งปี", "delete": "ลบ", "password": "รหัสผ่าน",
    "disabled": "ปิดการใช้งาน", "locked_until": "ล็อกถึง", "spreadsheet_id": "Google Sheet", "count": "จำนวน",
    "taken_on": "วันที่", "total": "คะแนนรวม", "iit": "IIT", "eit": "EIT", "oit": "OIT", "level": "ระดับ",
    "text": "ข้อสั่งการ", "sections": "มอบหมายสายงาน", "due": "กำหนดเสร็จ", "meeting_on": "วันที่ประชุม",
    "attendees": "ผู้เข้าประชุม", "staff_count": "จำนวนบุคลากร", "plan_start": "เริ่มรายงานผล",
    "role": "บทบาท", "display_name": "ชื่อ", "email": "อีเมล",
    # issue 15: the results report
    "committee_order": "คำสั่งแต่งตั้งคณะทำงาน", "committee": "คณะทำงาน",
    "meetings": "การประชุมกำกับติดตาม", "prepared_by": "ผู้จัดทำรายงาน", "certified_by": "ผู้รับรองรายงาน",
}
_ENUMS: dict[str, type[Enum]] = {"follow_up": FollowUpStatus, "oit_item": OitStatus, "chair_order_report": FollowUpStatus}
_YEAR_COUNTS = re.compile(r"^(\d+) measures, (\d+) follow-ups, (\d+) OIT items$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")


def field_label(field: str, kind: UnitKind | None = None) -> str:
    """A field's name in the words of the unit's ``kind`` ("สายงานที่รับผิดชอบ", "กองที่รับผิดชอบ")."""
    return words_of(kind).say(FIELD_NAMES.get(field, field))


def _month(text: str) -> str:
    try:
        return Month.parse(text).label()
    except ValueError:
        return text


def record_label(key: str, sections: dict[str, str] | None = None) -> str:
    """``follow_up:DEMO-01/2570/3-01/2026-11`` → "รายงานผล มาตรการ 3-01 · พ.ย. 2569", and so on for every key the
    store writes; an unknown key is shown as it is."""
    sections = sections or {}
    kind, _, rest = key.partition(":")
    parts = rest.split("/") if rest else []
    if kind == "follow_up" and len(parts) == 4:
        return f"รายงานผล มาตรการ {parts[2]} · {_month(parts[3])}"
    if kind == "oit_item" and len(parts) == 3:
        return f"รายการ OIT {parts[2]} · ปี {parts[1]}"
    if kind == "measure" and len(parts) == 3:
        return f"มาตรการ {parts[2]} · ปี {parts[1]}"
    if kind == "ita_result" and len(parts) == 2:
        return f"ผลการประเมิน ITA ปี {parts[1]}"
    if kind == "meeting" and len(parts) == 3 and _DATE.match(parts[2]):
        return f"การประชุม {format_date(dt.date.fromisoformat(parts[2]))}"
    if kind == "chair_order" and len(parts) == 3:
        return f"ข้อสั่งการที่ {parts[2]} · ปี {parts[1]}"
    if kind == "chair_order" and len(parts) == 5:
        return f"รายงานข้อสั่งการที่ {parts[2]} · {sections.get(parts[3], parts[3])} · {_month(parts[4])}"
    if kind == "photo" and len(parts) == 4:
        return f"ภาพประกอบ มาตรการ {parts[2]} · {_month(parts[3])}"
    if kind == "report_settings" and len(parts) == 2:
        return f"ข้อมูลรายงานผล ปี {parts[1]}"
    if kind == "user":
        return f"บัญชีผู้ใช้ {rest}"
    if not rest and re.match(r"^[^/]+/\d{4}$", key):  # unit_year and unit_sheet lines: UNIT/YEAR
        return f"ข้อมูลของหน่วยปี {key.split('/')[1]}"
    return key


# Who acts when nobody signed in: the command line, the demo builder, the scheduled reminders, the sign-in page.
SYSTEM_ACTORS = {
    "cli": "ระบบ (คำสั่งผู้ดูแล)", "cli demo": "ระบบ (ข้อมูลตัวอย่าง)", "demo": "ระบบ (ข้อมูลตัวอย่าง)",
    "cli import-bundle": "ระบบ (นำเข้าข้อมูลทั้งชุด)", "cli sheets import": "ระบบ (นำเข้าจาก Google Sheet)",
    "cli sheets link": "ระบบ (เชื่อมต่อ Google Sheet)", "cli synth": "ระบบ (ข้อมูลจำลอง)",
    "remind": "ระบบ (แจ้งเตือนทางอีเมล)", "setup": "ระบบ (ติดตั้ง)", "sign-in page": "ระบบ (หน้าเข้าสู่ระบบ)",
    "system": "ระบบ",
}
_ACCOUNT_MARKS = {"(reset)": "ตั้งรหัสผ่านใหม่", "(changed)": "เปลี่ยนรหัสผ่านแล้ว"}


def actor_label(username: str, people: dict[str, str] | None = None) -> str:
    """Who made a change, as a reader knows them: a person's display name, or what a system actor is
    ("cli demo" → "ระบบ (ข้อมูลตัวอย่าง)"); any other command-line actor is "ระบบ (คำสั่ง …)"."""
    people = people or {}
    if username in people:
        return people[username]
    if username in SYSTEM_ACTORS:
        return SYSTEM_ACTORS[username]
    if username.startswith("cli "):
        return f"ระบบ (คำสั่ง {username[4:]})"
    return username


def _account(value: str, sections: dict[str, str], kind: UnitKind | None = None) -> str:
    """An account line as the store writes it ("section_head DEMO-01 admin") in words: role, unit, section."""
    role, *places = value.split()
    try:
        words = [role_label(Role(role), kind)]
    except ValueError:
        return value
    for place in places:
        words.append(sections.get(place, place))
    return " · ".join(words)


def value_label(table: str, field: str, value: str | None, sections: dict[str, str] | None = None,
                people: dict[str, str] | None = None, kind: UnitKind | None = None) -> str:
    """A stored old or new value as a reader expects it: status words, yes/no, Buddhist-era dates, section and
    person names; a role in the words of the unit's ``kind`` (หัวหน้ากอง in a local administration)."""
    if value is None or value == "":
        return ""
    sections, people = sections or {}, people or {}
    if field == "status" and table in _ENUMS:
        try:
            return thai(_ENUMS[table](value))
        except ValueError:
            return value
    if field == "status" and table == "chair_order":
        from .orders import ORDER_STATUS_LABELS, OrderStatus

        try:
            return ORDER_STATUS_LABELS[OrderStatus(value)]
        except ValueError:
            return value
    if field == "cadence":
        try:
            return thai(Cadence(value))
        except ValueError:
            return value
    if table == "app_user" and field == "add":
        return _account(value, sections, kind)
    if table == "app_user" and value in _ACCOUNT_MARKS:
        return _ACCOUNT_MARKS[value]
    if field == "role":
        try:
            return role_label(Role(value), kind)
        except ValueError:
            return value
    if counted := _YEAR_COUNTS.match(value):  # a whole year written at once (import, demo)
        return f"มาตรการ {counted[1]} รายการ · รายงานผล {counted[2]} รายการ · รายการ OIT {counted[3]} รายการ"
    if value in ("True", "true"):
        return "ใช่"
    if value in ("False", "false"):
        return "ไม่ใช่"
    if _DATE.match(value):
        return format_date(dt.date.fromisoformat(value))
    if _DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        from .thaidate import format_datetime

        return format_datetime(moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC))
    if field in ("sections", "owner_section"):
        return ", ".join(sections.get(code, code) for code in value.split(",") if code)
    if field in ("approved_by",):
        return people.get(value, value)
    if field == "checklist" and set(value) <= {"0", "1", ","}:
        ticks = [t for t in value.split(",") if t] if "," in value else list(value)
        return f"ครบ {sum(t == '1' for t in ticks)}/{len(ticks)} ข้อ"
    return value
