"""What people type into the dashboard, and the checks on it. The page shows these messages under each field; the
store runs the same checks again before writing, so bad input never reaches the database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .fields import LABELS, Limit, limit_of, text_errors, text_problem
from .fiscal import Month, fiscal_year_of
from .model import FollowUpStatus, OitStatus
from .settings import SECURITY, Security
from .wording import LINES_OF_WORK, Words

FIELD_LABELS = {
    **LABELS,
    "status": "สถานะ",
    "percent": "ร้อยละความคืบหน้า",
    "note": "บันทึก",
    "evidence_url": "ลิงก์หลักฐาน",
    "month": "เดือน",
    "link": "ลิงก์",
    "count": "จำนวน",
    "taken_on": "วันที่",
    "activity": "กิจกรรม",
    "indicator": "ตัวชี้วัด",
    "total": "คะแนนรวม",
    "achievement": "ผลการดำเนินการ",
    "outcome": "ผลลัพธ์",
    "photo": "ภาพ",
    "caption": "คำบรรยายภาพ",
    "plan_start": "วันเริ่มติดตามผล",
}
_URL = re.compile(r"^https?://[^\s<>\"]+$")


class InvalidEntry(ValueError):
    """Field-by-field reasons, in Thai."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{FIELD_LABELS.get(k, k)}: {v}" for k, v in errors.items()))


def check_url(value: str, field: str = "link") -> str | None:
    if problem := text_problem(value, limit_of(field)):
        return problem
    if value and not _URL.match(value.strip()):
        return "ต้องขึ้นต้นด้วย http:// หรือ https:// และไม่มีช่องว่าง"
    return None


@dataclass(frozen=True)
class FollowUpEntry:
    """A monthly report as a section head enters it. ``base_version`` is the version the form was filled from
    (None: there was no report yet); a save based on an older version is refused."""

    measure_code: str
    month: str  # YYYY-MM
    status: FollowUpStatus
    percent: int | None = None
    note: str = ""
    evidence_url: str = ""
    base_version: int | None = None


def report_errors(status: object, percent: object, note: str, note_limit: Limit) -> dict[str, str]:
    """The checks every monthly report shares (a measure's, a chair's order's): status, percent, note."""
    errors: dict[str, str] = {}
    if not isinstance(status, FollowUpStatus):
        errors["status"] = "ไม่รู้จักสถานะนี้"
    if percent is not None and not (isinstance(percent, int) and 0 <= percent <= 100):
        errors["percent"] = "ต้องเป็นจำนวนเต็ม 0 ถึง 100"
    elif status is FollowUpStatus.DONE and percent is not None and percent < 100:
        errors["percent"] = "ดำเนินการแล้วเสร็จต้องเป็น 100%"
    if problem := text_problem(note, note_limit):
        errors["note"] = problem
    return errors


def follow_up_errors(entry: FollowUpEntry, fiscal_year: int, today: dt.date,
                     security: Security = SECURITY) -> dict[str, str]:
    errors: dict[str, str] = {}
    try:
        month = Month.parse(entry.month)
    except ValueError:
        errors["month"] = "รูปแบบเดือนไม่ถูกต้อง"
    else:
        if fiscal_year_of(month.first_day) != fiscal_year:
            errors["month"] = f"{month.label()} ไม่อยู่ในปีงบประมาณ {fiscal_year}"
        elif month > Month.of(today):
            errors["month"] = f"ยังรายงานล่วงหน้าไม่ได้ ({month.label()} ยังไม่เริ่ม)"
    errors |= report_errors(entry.status, entry.percent, entry.note, Limit(security.note_max_chars, multiline=True))
    if problem := check_url(entry.evidence_url, "evidence_url"):
        errors["evidence_url"] = problem
    return errors


@dataclass(frozen=True)
class OitEntry:
    code: str
    status: OitStatus
    link: str = ""
    checklist: tuple[bool, ...] = ()
    base_version: int | None = None


def oit_errors(entry: OitEntry) -> dict[str, str]:
    errors = {}
    if problem := check_url(entry.link):
        errors["link"] = problem
    if entry.status is OitStatus.PUBLISHED and not entry.link:
        errors["link"] = "รายการที่เผยแพร่แล้วต้องมีลิงก์ไปยังหน้าเว็บไซต์"
    return errors


def section_errors(name: str, head_name: str) -> dict[str, str]:
    """A section's name (required) and its head's rank and name, each within its limit and without control
    characters: the sections form checks every row with it before saving any, and the store again."""
    name, head_name = " ".join(name.split()), " ".join(head_name.split())  # runs of spaces, tabs, line feeds: one space
    return text_errors({"name": name, "head_name": head_name}) | ({} if name else {"name": "ต้องระบุชื่อ"})


@dataclass(frozen=True)
class MeasureEntry:
    """A measure as the chief adds or edits it; ``code`` None adds a new one."""

    indicator: int
    activity: str
    fields: dict = field(default_factory=dict)  # any other Measure field: issue, output, deadline, owner_section, …
    code: str | None = None
    base_version: int | None = None


def measure_errors(entry: MeasureEntry, words: Words = LINES_OF_WORK) -> dict[str, str]:
    """The chief's own measure follows the plan import's rules (issue 31): a new measure names the section that
    reports on it, and a deadline written as text with a year that cannot be right is refused on its field.
    ``words``: the unit's (กอง for a local administration)."""
    from .parse import ImpossibleYear, ParseError, parse_deadline

    errors = {}
    if not 1 <= entry.indicator <= 10:
        errors["indicator"] = "ต้องเป็นตัวชี้วัดที่ 1 ถึง 10"
    if not entry.activity.strip():
        errors["activity"] = "ต้องระบุกิจกรรม"
    fields = entry.fields
    if entry.code is None and not fields.get("owner_section") and not fields.get("all_sections"):
        errors["owner_section"] = f"ต้องเลือก{words.section}ผู้รับผิดชอบ ({words.section}ที่รายงานผลมาตรการนี้ทุกเดือน)"
    written = str(fields.get("deadline_text") or "").strip()
    if written and fields.get("deadline") is None:
        try:
            parse_deadline(written)
        except ImpossibleYear as error:
            errors["deadline_text"] = str(error)
        except ParseError:
            pass  # "ทุกวัน", "ตามปฏิทิน ITA": a deadline in words is kept as written
    errors.update(text_errors({"activity": entry.activity, **entry.fields}))
    return errors
