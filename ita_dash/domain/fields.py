"""The limits of every field people type (or bring in from a file), and the one check on its characters.

Every write path runs its text through :func:`text_problem` (usually through :func:`text_errors`): the forms of the
pages, the plan import, the unit bundle, accounts and the sign-in form. A refusal is a Thai sentence; the page shows
it under the field, whose Thai name is in :data:`LABELS`. Because the check runs before the store sends anything,
SQLite and PostgreSQL refuse the same input with the same message (PostgreSQL cannot store NUL at all).

Control characters are refused everywhere; a multi-line field allows line feed and tab, nothing else.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping

from pydantic import BaseModel

from .measure_fields import MEASURE_FIELDS, Editor
from .model import Limit
from .wording import MIXED

# field name → its limit; the names are those of the domain records (model.py) and of the entry forms (entries.py);
# a measure's fields are declared in measure_fields.py
LIMITS: dict[str, Limit] = {
    **{field.name: field.limit for field in MEASURE_FIELDS if field.limit is not None},
    # a monthly report
    "note": Limit(1000, multiline=True),  # a monthly report entered in the app: Security.note_max_chars (500)
    "evidence_url": Limit(500),
    "link": Limit(500),
    # accounts and sign-in
    "username": Limit(60),
    "password": Limit(200),
    "display_name": Limit(200),
    "email": Limit(200),
    # names of places and sections
    "name": Limit(200),
    "short_name": Limit(200),
    "head_name": Limit(200),
    "code": Limit(40),
    # the results report (issue 15): a measure's written result, photo captions, the report's settings
    "caption": Limit(200),
    "committee_order": Limit(300),
    "committee": Limit(200),
    "topic": Limit(300),
    "rank": Limit(60),
    "position": Limit(200),
    # the chair's orders (orders.py): an order's text, who attended a meeting (its report's note is a "note")
    "order_text": Limit(1000, multiline=True),
    "attendees": Limit(2000, multiline=True),
}
DEFAULT = Limit(200)

LABELS: dict[str, str] = {
    **{field.name: field.label for field in MEASURE_FIELDS if field.editor is not Editor.SYSTEM},
    "note": "บันทึก",
    "evidence_url": "ลิงก์หลักฐาน",
    "link": "ลิงก์",
    "username": "ชื่อผู้ใช้",
    "password": "รหัสผ่าน",
    "display_name": "ชื่อที่แสดง",
    "email": "อีเมล",
    "name": "ชื่อ",
    "short_name": "ชื่อย่อ",
    "head_name": "ชื่อหัวหน้า",
    "code": "รหัส",
    "unit_code": "หน่วย",
    "section_code": MIXED.section,  # an account of any kind of unit: "สายงาน/กอง"
    "province_code": "จังหวัด",
    "role": "บทบาท",
    "text": "ข้อความ",
    "caption": "คำบรรยายภาพ",
    "committee_order": "คำสั่งแต่งตั้งคณะทำงาน",
    "committee": "คณะทำงาน",
    "topic": "หัวข้อการประชุม",
    "rank": "ยศ/คำนำหน้า",
    "position": "ตำแหน่ง",
    "order_text": "ข้อสั่งการ",
    "attendees": "ผู้เข้าประชุม",
}


def limit_of(field: str) -> Limit:
    return LIMITS.get(field, DEFAULT)


def label_of(field: str) -> str:
    return LABELS.get(field, field)


def _is_control(char: str, multiline: bool) -> bool:
    if multiline and char in "\n\t":
        return False
    # Cc: C0 and C1 controls, DEL; Cs: lone surrogates (cannot be encoded); Zl/Zp: line/paragraph separators
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp")


def bad_characters(value: str, multiline: bool = False) -> list[str]:
    """The control characters in ``value`` (as U+XXXX), first occurrence of each, in order."""
    found: list[str] = []
    for char in value:
        if _is_control(char, multiline):
            name = f"U+{ord(char):04X}"
            if name not in found:
                found.append(name)
    return found


def text_problem(value: str, limit: Limit) -> str | None:
    """Why ``value`` cannot be stored in a field with ``limit`` (Thai), or None."""
    if not isinstance(value, str):
        return None
    if bad := bad_characters(value, limit.multiline):
        allowed = " (ขึ้นบรรทัดใหม่และแท็บใช้ได้)" if limit.multiline else ""
        return f"มีอักขระควบคุมที่บันทึกไม่ได้ ({', '.join(bad[:3])}){allowed} — ลบออกแล้วลองอีกครั้ง"
    if len(value) > limit.chars:
        return f"ยาวเกิน {limit.chars:,} ตัวอักษร ({len(value):,})"
    return None


def text_errors(values: Mapping[str, object], limits: Mapping[str, Limit] | None = None) -> dict[str, str]:
    """field → Thai reason, for every text value that breaks its field's limit (``limits`` overrides LIMITS)."""
    errors: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, str):
            limit = (limits or {}).get(name) or limit_of(name)
            if problem := text_problem(value, limit):
                errors[name] = problem
    return errors


def refusal(errors: Mapping[str, str]) -> str:
    """One line naming each field: "กิจกรรม: ยาวเกิน 4,000 ตัวอักษร (5,000)"."""
    return "; ".join(f"{label_of(name)}: {reason}" for name, reason in errors.items())


def record_text_errors(record: BaseModel | Iterable, path: str = "") -> dict[str, str]:
    """Walk a record (and the records and lists inside it) and check every text field against its limit; the keys
    are paths such as ``measures[3].activity``. Used for whole unit-years (bundle import) and imported plans."""
    errors: dict[str, str] = {}

    def walk(value, where: str, field: str) -> None:
        if isinstance(value, str):
            if problem := text_problem(value, limit_of(field)):
                errors.setdefault(where or field, problem)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name), f"{where}.{name}" if where else name, name)
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]", field)

    walk(record, path, path)
    return errors


def path_label(path: str) -> str:
    """The Thai name of the last field of a path (``measures[3].activity`` → กิจกรรม)."""
    return label_of(path.rsplit(".", 1)[-1].split("[", 1)[0])


def printable(value: str, multiline: bool = False) -> str:
    """``value`` without its control characters, to quote it in a refusal."""
    return "".join(char for char in value if not _is_control(char, multiline))
