"""The records of a unit's ITA year, as every store returns them and every rule reads them.

These are plain pydantic models: the SQL store and the Google Sheets store both translate their rows into
them, the unit bundle (``docs/bundle.md``) is made of them, and the rules never see a database row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Tool(str, Enum):
    IIT = "IIT"
    EIT = "EIT"
    OIT = "OIT"


class QuotaTool(str, Enum):
    IIT = "IIT"
    EIT = "EIT"
    EIT2 = "EIT2"


class UnitKind(str, Enum):
    POLICE_STATION = "police-station"
    IMMIGRATION = "immigration"
    LOCAL_ADMIN = "local-admin"


class Cadence(str, Enum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half_yearly"
    ON_COMPLETION = "on_completion"
    WEEKLY = "weekly"
    DAILY = "daily"


class FollowUpStatus(str, Enum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_STARTED = "not_started"
    BLOCKED = "blocked"
    NOT_APPLICABLE = "not_applicable"


class OitStatus(str, Enum):
    NOT_STARTED = "not_started"
    DRAFTING = "drafting"
    READY_FOR_REVIEW = "ready_for_review"
    APPROVED = "approved"
    PUBLISHED = "published"


class Role(str, Enum):
    ADMIN = "admin"
    CHIEF = "chief"
    SECTION_HEAD = "section_head"
    PROVINCE = "province"
    VIEWER = "viewer"
    REGION = "region"  # reads every unit of one region


THAI_LABELS: dict[Enum, str] = {
    UnitKind.POLICE_STATION: "สถานีตำรวจ",
    UnitKind.IMMIGRATION: "ตรวจคนเข้าเมืองจังหวัด",
    UnitKind.LOCAL_ADMIN: "องค์กรปกครองส่วนท้องถิ่น",
    Cadence.MONTHLY: "ทุกเดือน",
    Cadence.QUARTERLY: "ทุก 3 เดือน",
    Cadence.HALF_YEARLY: "ทุก 6 เดือน",
    Cadence.ON_COMPLETION: "เมื่อดำเนินการเสร็จสิ้น",
    Cadence.WEEKLY: "ทุกสัปดาห์",
    Cadence.DAILY: "ทุกวัน",
    FollowUpStatus.DONE: "ดำเนินการแล้วเสร็จ",
    FollowUpStatus.IN_PROGRESS: "อยู่ระหว่างดำเนินการ",
    FollowUpStatus.NOT_STARTED: "ยังไม่ดำเนินการ",
    FollowUpStatus.BLOCKED: "ติดปัญหา",
    FollowUpStatus.NOT_APPLICABLE: "ไม่เกี่ยวข้อง",
    OitStatus.NOT_STARTED: "ยังไม่เริ่ม",
    OitStatus.DRAFTING: "กำลังจัดทำ",
    OitStatus.READY_FOR_REVIEW: "รอตรวจสอบ",
    OitStatus.APPROVED: "อนุมัติแล้ว",
    OitStatus.PUBLISHED: "เผยแพร่แล้ว",
    Role.ADMIN: "ผู้ดูแลระบบ",
    Role.CHIEF: "หัวหน้าหน่วย",
    Role.SECTION_HEAD: "หัวหน้าสายงาน",
    Role.PROVINCE: "ระดับจังหวัด",
    Role.VIEWER: "ผู้ชม",
    Role.REGION: "ระดับภาค",
}


def thai(value: Enum) -> str:
    return THAI_LABELS.get(value, str(value.value))


_MONTH_KEY = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
Code = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=4000)]

# Numbers a record may hold, declared once (issue 35 item 9: a bundle is checked against these before a database sees
# it, so SQLite, which keeps any integer, and PostgreSQL, whose INTEGER stops at INT_MAX, refuse the same values).
FISCAL_YEAR_MIN, FISCAL_YEAR_MAX = 2550, 2650  # พ.ศ.
FiscalYear = Annotated[int, Field(ge=FISCAL_YEAR_MIN, le=FISCAL_YEAR_MAX)]
INT_MAX = 2**31 - 1  # the largest value of an INTEGER column on PostgreSQL
Version = Annotated[int, Field(ge=1, le=INT_MAX)]  # a record's version: 1, then one more per change
Order = Annotated[int, Field(ge=-INT_MAX, le=INT_MAX)]
COUNT_MAX = 100_000  # a number of respondents or a minimum: no unit has more people than this
Count = Annotated[int, Field(ge=0, le=COUNT_MAX)]
Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]
TEMPLATE_KEY_MAX = 60  # the column unit_year.template_key (store/tables.py)
TemplateKey = Annotated[str, Field(min_length=1, max_length=TEMPLATE_KEY_MAX)]
CHECKLIST_MAX = 20  # checklist elements of one OIT item (the templates have at most 5), so ticks of one item
# How many records one unit's year may hold (a plan file has at most 5,000 rows; OIT codes run O0–O99)
SECTIONS_MAX = 100
MEASURES_MAX = 5_000
FOLLOW_UPS_MAX = MEASURES_MAX * 12
OIT_ITEMS_MAX = 100
SNAPSHOTS_MAX = 10_000
RESULTS_MAX = FISCAL_YEAR_MAX - FISCAL_YEAR_MIN + 1  # one a fiscal year


@dataclass(frozen=True)
class Limit:
    """What may be typed into a field (:mod:`.fields` checks it): at most ``chars`` characters, on one line unless
    ``multiline``."""

    chars: int
    multiline: bool = False


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Region(Record):
    code: Code
    name: ShortText


class Province(Record):
    code: Code
    name: ShortText
    region_code: Code
    demo: bool = False


class Unit(Record):
    code: Code
    name: ShortText
    short_name: ShortText = ""
    kind: UnitKind
    province_code: Code
    demo: bool = False


class Section(Record):
    code: Code
    name: ShortText
    head_name: ShortText = ""
    sort_order: Order = 0


class UnitYear(Record):
    """A unit's settings for one fiscal year."""

    fiscal_year: FiscalYear
    template_key: TemplateKey | None = None  # None: the template of the unit's kind for that year
    staff_count: Count | None = None  # caps the IIT target
    # The day the year is judged from: no month before it owes a report (issue 34). Recorded when the year begins in
    # the system during the year (its first plan or measure: ``planyear.started_in_system``) or set by the chief;
    # None: the whole fiscal year is followed.
    plan_start: dt.date | None = None
    version: Version = 1


class Measure(Record):
    code: Code  # stable within the unit and year, e.g. "1-03"
    indicator: Annotated[int, Field(ge=1, le=10)]
    issue: LongText = ""  # ประเด็นที่ต้องเตรียมความพร้อม/ยกระดับ
    activity: LongText  # กิจกรรมที่จะดำเนินการ / มาตรการ
    output: LongText = ""  # ผลผลิต
    communication: LongText = ""  # วิธีการสร้างการรับรู้
    deadline: dt.date | None = None
    deadline_text: ShortText = ""
    owner_section: Code | None = None
    owner_text: LongText = ""
    cadence: Cadence | None = None
    cadence_text: ShortText = ""
    outcome: LongText = ""  # ผลลัพธ์, written at year end
    achievement: LongText = ""  # ผลการดำเนินการ as written for the results report ("" = drafted from the notes)
    done: bool = False
    retired: bool = False
    extra: LongText = ""  # columns an import did not recognise, kept verbatim
    version: Version = 1
    start_date: dt.date | None = None  # the start of a range written as the deadline ("๑ ต.ค. ถึง ๓๑ ธ.ค.")
    # One section's share of a measure every section reports on ("ทุกสายงาน", "หัวหน้างานทุกงาน"): the plan row is
    # kept once per section, each with its own code, owner section and monthly reports.
    all_sections: bool = False


class FollowUp(Record):
    """One measure's report for one month."""

    measure_code: Code
    month: str  # "YYYY-MM"
    status: FollowUpStatus
    percent: Annotated[int, Field(ge=0, le=100)] | None = None
    note: Annotated[str, Field(max_length=1000)] = ""
    evidence_url: Annotated[str, Field(max_length=500)] = ""
    entered_by: ShortText = ""
    entered_at: dt.datetime
    version: Version = 1

    @field_validator("month")
    @classmethod
    def _month_key(cls, value: str) -> str:
        if not _MONTH_KEY.match(value):
            raise ValueError("เดือนต้องเขียนเป็น YYYY-MM (ค.ศ.) เช่น 2026-10")
        return value

    @field_validator("evidence_url")
    @classmethod
    def _http_only(cls, value: str) -> str:
        if value and not re.match(r"^https?://\S+$", value):
            raise ValueError("ลิงก์หลักฐานต้องขึ้นต้นด้วย http:// หรือ https://")
        return value

    @field_validator("entered_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("ต้องระบุเขตเวลา เช่น 2026-11-01T08:00:00Z")
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:  # "0001-01-01T00:00:00+07:00" is before year 1 in UTC
            raise ValueError("วันเวลาอยู่นอกช่วงที่บันทึกได้") from None


class OitItem(Record):
    """A unit's progress on one OIT item (O1, O2, …) of its template."""

    code: Annotated[str, Field(pattern=r"^O\d{1,2}$")]
    status: OitStatus = OitStatus.NOT_STARTED
    link: Annotated[str, Field(max_length=500)] = ""
    owner_section: Code | None = None
    owner_text: ShortText = ""
    due_date: dt.date | None = None
    checklist: Annotated[list[bool], Field(max_length=CHECKLIST_MAX)] = []  # one tick per element of the template item
    approved_by: ShortText = ""
    version: Version = 1


class QuotaSnapshot(Record):
    """A count copied from ITAP on a given day."""

    tool: QuotaTool
    section: Code | None = None  # an EIT section quota, or None for the unit total
    count: Count
    taken_on: dt.date
    entered_by: ShortText = ""


class ItaResult(Record):
    """The score NACC announced for a fiscal year."""

    fiscal_year: FiscalYear
    iit: Score | None = None
    eit: Score | None = None
    oit: Score | None = None
    total: Score
    level: Annotated[str, Field(pattern=r"^(AA|A|B|C|D|E|F)$")]
    version: Version = 1


def code_order(code: str) -> tuple:
    """Measure codes in the order people count them: "2-01" before "10-01", "1-2" before "1-10"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", code) if part)


class UnitYearData(Record):
    """Everything about one unit's fiscal year: what a page loads, what a bundle holds. Its measures are kept in
    code order (:func:`code_order`), whichever order the database or the sheet gave them in."""

    region: Region
    province: Province
    unit: Unit
    year: UnitYear
    sections: Annotated[list[Section], Field(max_length=SECTIONS_MAX)] = []
    measures: Annotated[list[Measure], Field(max_length=MEASURES_MAX)] = []
    follow_ups: Annotated[list[FollowUp], Field(max_length=FOLLOW_UPS_MAX)] = []
    oit_items: Annotated[list[OitItem], Field(max_length=OIT_ITEMS_MAX)] = []
    quota_snapshots: Annotated[list[QuotaSnapshot], Field(max_length=SNAPSHOTS_MAX)] = []
    results: Annotated[list[ItaResult], Field(max_length=RESULTS_MAX)] = []  # every year on record, for trends

    @field_validator("measures")
    @classmethod
    def _in_code_order(cls, measures: list[Measure]) -> list[Measure]:
        return sorted(measures, key=lambda m: code_order(m.code))

    @property
    def fiscal_year(self) -> int:
        return self.year.fiscal_year


class Actor(Record):
    """Who is doing something: every store write takes one (permissions and the audit trail)."""

    username: ShortText
    role: Role
    unit_code: Code | None = None
    section_code: Code | None = None
    province_code: Code | None = None
    region_code: Code | None = None
    unit_kind: UnitKind | None = None  # the kind of the account's unit: its messages are in that kind's words

    @classmethod
    def system(cls, username: str = "system") -> Actor:
        """The command line and the demo builder act as an administrator under their own name."""
        return cls(username=username, role=Role.ADMIN)


class AuditEntry(Record):
    """One changed field: who, when, which record, old and new value."""

    at: dt.datetime
    username: str
    unit_code: str | None = None
    table: str
    record_key: str
    field: str
    old_value: str | None = None
    new_value: str | None = None
