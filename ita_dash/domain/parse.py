"""Reading the deadline and follow-up texts units write in their plans.

The seeds write deadlines as "30 มี.ค.67", "๓๐ มี.ค. ๖๘", "ภายในวันที่ ๓๑ มี.ค. ๖๘", "ภายใน ม.ค.๖๗" (end of
that month), "๑ ตุลาคม ๒๕๖๖", "ทุกวัน", "ปีงบประมาณ ๒๕๖๗ เป็นต้นไป", "ตามปฏิทิน ITA"; and follow-up cadences
as "ทุก ๑ เดือน", "ทุกเดือน", "ทุก ๓ เดือน", "ทุก ๖ เดือน", "เมื่อดำเนินการเสร็จสิ้นแล้ว", "ทุก ๑ สัปดาห์",
"ทุก ๒ วัน". Each parser returns a value or raises :class:`ParseError` with a Thai reason; nothing is guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from .model import Cadence
from .thaidate import MONTHS_FULL, MONTHS_SHORT, arabic_digits, to_ce


class ParseError(ValueError):
    """The text cannot be read; ``str(error)`` is a Thai sentence for the user."""


class DeadlineKind(str, Enum):
    DATE = "date"  # a real date
    ONGOING = "ongoing"  # every day / from this fiscal year on: no single deadline
    PER_CALENDAR = "per_calendar"  # "ตามปฏิทิน ITA": the deadlines of the ITA calendar


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    date: dt.date | None = None
    # A cadence written inside the deadline cell ("... และต้องสื่อสารทุก ๒ วัน").
    cadence: Cadence | None = None


# Month patterns: full names first, then abbreviations with optional dots and spaces
# ("มี.ค.", "มี.ค", "มี. ค.").
_FULL = list(MONTHS_FULL[1:])
_ABBR = [name.rstrip(".") for name in MONTHS_SHORT[1:]]  # "ม.ค", "ก.พ", …: the final dot is optional in plans


def _abbr_pattern(abbr: str) -> str:
    first, second = abbr.split(".")
    return rf"{first}\.\s?{second}\.?"  # the middle dot is required: "ม.ค" but never a bare "มค"


_MONTH_ALTS = [(name, i + 1) for i, name in enumerate(_FULL)] + [
    (_abbr_pattern(a), i + 1) for i, a in enumerate(_ABBR)
]
_MONTH_GROUPS = "|".join(f"(?P<m{idx}>{pat})" for idx, (pat, _) in enumerate(_MONTH_ALTS))
_MONTH = f"(?:{_MONTH_GROUPS})"
_YEAR = r"(?:พ\.?\s?ศ\.?\s?)?(?P<year>\d{4}|\d{2})(?!\d)"
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})\s*{_MONTH}\s*{_YEAR}")
_MONTH_YEAR = re.compile(rf"{_MONTH}\s*{_YEAR}")
_NUMERIC = re.compile(r"(?<!\d)(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}|\d{2})(?!\d)")

_EVERY = re.compile(r"ทุก\s*(?P<n>\d+)?\s*(?P<unit>เดือน|สัปดาห์|อาทิตย์|วัน|ไตรมาส|ปี)")
_ON_COMPLETION = re.compile(r"เมื่อ.{0,20}เสร็จ")
_ONGOING = re.compile(r"ทุกวัน|เป็นต้นไป|ตลอดปี|ต่อเนื่อง")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", arabic_digits(text)).strip()


def _squeezed(clean: str) -> str:
    """Without spaces: PDF extraction splits Thai words ("เป็น ต้นไป", "ตาม ปฏิทิน") and keywords must still match."""
    return clean.replace(" ", "")


def _month_number(match: re.Match[str]) -> int:
    for idx, (_, number) in enumerate(_MONTH_ALTS):
        if match.group(f"m{idx}"):
            return number
    raise AssertionError("a month alternative always matches")


def _year_ce(raw: str) -> int:
    year = int(raw)
    if len(raw) == 2:
        return to_ce(2500 + year)  # "67" → พ.ศ. 2567
    return to_ce(year) if year > 2400 else year


def _make_date(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ParseError(f"ไม่มีวันที่นี้ในปฏิทิน: “{original}”") from None


def parse_date(text: str) -> dt.date:
    """A written date: a day with a month and year, or a month and year (= the last day of that month)."""
    clean = _normalise(text)
    if not clean:
        raise ParseError("ไม่ได้ระบุวันที่")
    if match := _DAY_MONTH_YEAR.search(clean):
        return _make_date(_year_ce(match["year"]), _month_number(match), int(match["day"]), text.strip())
    if match := _NUMERIC.search(clean):
        return _make_date(_year_ce(match["year"]), int(match["month"]), int(match["day"]), text.strip())
    if match := _MONTH_YEAR.search(clean):
        year, month = _year_ce(match["year"]), _month_number(match)
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    raise ParseError(f"อ่านวันที่ไม่ได้: “{text.strip()}”")


def parse_deadline(text: str) -> Deadline:
    """A plan's deadline cell (ระยะเวลาแล้วเสร็จ / ระยะเวลาดำเนินการ)."""
    clean = _normalise(text)
    if not clean:
        raise ParseError("ไม่ได้ระบุระยะเวลาแล้วเสร็จ")
    if "ตามปฏิทิน" in _squeezed(clean):
        return Deadline(DeadlineKind.PER_CALENDAR)
    extra = _find_every(clean)
    try:
        return Deadline(DeadlineKind.DATE, parse_date(clean), extra)
    except ParseError as error:
        if "ไม่มีวันที่นี้" in str(error):
            raise
    if _ONGOING.search(_squeezed(clean)):
        return Deadline(DeadlineKind.ONGOING, cadence=extra)
    raise ParseError(f"อ่านระยะเวลาแล้วเสร็จไม่ได้: “{text.strip()}”")


def _find_every(clean: str) -> Cadence | None:
    match = _EVERY.search(clean)
    if not match:
        return None
    n = int(match["n"] or 1)
    unit = match["unit"]
    if unit in ("วัน",):
        return Cadence.DAILY
    if unit in ("สัปดาห์", "อาทิตย์"):
        return Cadence.WEEKLY if n == 1 else Cadence.MONTHLY if n <= 4 else None
    if unit == "ไตรมาส":
        return Cadence.QUARTERLY if n == 1 else Cadence.HALF_YEARLY if n == 2 else None
    if unit == "เดือน":
        return {1: Cadence.MONTHLY, 3: Cadence.QUARTERLY, 6: Cadence.HALF_YEARLY}.get(n)
    return None  # "ทุกปี" is not a follow-up cadence the schedule knows


def parse_cadence(text: str) -> Cadence:
    """A plan's follow-up cell (ระยะเวลากำกับติดตาม / การกำกับ/ติดตามผล)."""
    clean = _normalise(text)
    if not clean:
        raise ParseError("ไม่ได้ระบุระยะเวลากำกับติดตาม")
    if _EVERY.search(clean):
        cadence = _find_every(clean)
        if cadence is None:
            raise ParseError(f"ไม่รองรับความถี่นี้: “{text.strip()}” (รองรับ ทุกวัน/สัปดาห์/เดือน/๓ เดือน/๖ เดือน)")
        return cadence
    if _ON_COMPLETION.search(_squeezed(clean)):
        return Cadence.ON_COMPLETION
    try:
        parse_date(clean)  # "ภายในวันที่ ๓๑ มี.ค. ๖๘": one check when the work is due
        return Cadence.ON_COMPLETION
    except ParseError:
        pass
    raise ParseError(f"อ่านระยะเวลากำกับติดตามไม่ได้: “{text.strip()}”")
