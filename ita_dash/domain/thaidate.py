"""Buddhist-era dates, Thai month names and Thai digits.

Everything a user reads is in the Buddhist era (พ.ศ. = ค.ศ. + 543); everything the code stores is a
plain ``datetime.date`` in the common era. This module is the only place that converts between them.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from zoneinfo import ZoneInfo

BE_OFFSET = 543
BANGKOK = ZoneInfo("Asia/Bangkok")

# Index 1..12 = January..December.
MONTHS_FULL = (
    "",
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_SHORT = (
    "",
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)

_THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(_THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", _THAI_DIGITS)


def to_be(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def to_ce(year_be: int) -> int:
    return year_be - BE_OFFSET


def arabic_digits(text: str) -> str:
    """Replace Thai digits ๐–๙ with 0–9 (the seeds mix both freely)."""
    return text.translate(_TO_ARABIC)


def thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


TODAY_SETTING = "ITA_TODAY"  # the environment variable that fixes the day the app takes as today


def today_bangkok(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Thailand: the one place every page, command and report asks what day it is.

    ``now`` (aware) may be given. ``ITA_TODAY=YYYY-MM-DD`` in the environment fixes the day for the whole process
    and the processes it starts (a training session replaying a past month; the test suite, so that no test depends
    on the day it runs). Only the day: records are stamped on it at the clock's time of day (:func:`now_recorded`);
    sign-in sessions keep the clock's own moment."""
    if now is None and (fixed := os.environ.get(TODAY_SETTING)):
        return _fixed_day(fixed)
    now = now or dt.datetime.now(dt.UTC)
    return now.astimezone(BANGKOK).date()


def now_recorded() -> dt.datetime:
    """The moment a record is stamped with (a report's ``entered_at``, an audit line): the clock's, but on the day
    ``ITA_TODAY`` fixes when it is set, so that what is saved "today" is known on the app's today (a report entered
    after the day the pages judge would not count yet). Sign-in sessions keep the clock's own time."""
    real = dt.datetime.now(dt.UTC)
    fixed = os.environ.get(TODAY_SETTING)
    if not fixed:
        return real
    local = real.astimezone(BANGKOK)
    return dt.datetime.combine(_fixed_day(fixed), local.timetz()).astimezone(dt.UTC)


@functools.lru_cache(maxsize=4)
def _fixed_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{TODAY_SETTING} must be a day written YYYY-MM-DD, not {text[:40]!r}") from None


def format_date(d: dt.date, *, full_month: bool = False, thai_numerals: bool = False) -> str:
    """``15 มี.ค. 2570``; with ``thai_numerals`` ``๑๕ มี.ค. ๒๕๗๐``; with ``full_month`` ``15 มีนาคม 2570``."""
    month = MONTHS_FULL[d.month] if full_month else MONTHS_SHORT[d.month]
    text = f"{d.day} {month} {to_be(d.year)}"
    return thai_digits(text) if thai_numerals else text


def format_month(year: int, month: int, *, full_month: bool = False) -> str:
    """``ต.ค. 2569`` for October 2026."""
    name = MONTHS_FULL[month] if full_month else MONTHS_SHORT[month]
    return f"{name} {to_be(year)}"


def format_datetime(moment: dt.datetime) -> str:
    """``15 มี.ค. 2570 09:30 น.`` in Bangkok time."""
    local = moment.astimezone(BANGKOK) if moment.tzinfo else moment
    return f"{format_date(local.date())} {local:%H:%M} น."
