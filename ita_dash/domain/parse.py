"""Reading the deadline and follow-up texts units write in their plans.

The seeds write deadlines as "30 มี.ค.67", "๓๐ มี.ค. ๖๘", "ภายในวันที่ ๓๑ มี.ค. ๖๘", "ภายใน ม.ค.๖๗" (end of
that month), "๑ ตุลาคม ๒๕๖๖", "ทุกวัน", "ปีงบประมาณ ๒๕๖๗ เป็นต้นไป", "ตามปฏิทิน ITA"; and follow-up cadences
as "ทุก ๑ เดือน", "ทุกเดือน", "ทุก ๓ เดือน", "ทุก ๖ เดือน", "เมื่อดำเนินการเสร็จสิ้นแล้ว", "ทุก ๑ สัปดาห์",
"ทุก ๒ วัน"; seeds 003 and 004 add "ตั้งแต่ เดือนตุลาคม ๒๕๖๖" (a start, no deadline), "ตุลาคม – ธันวาคม" (months of the plan's
year) and "ทุกสิ้นไตรมาส". Each parser returns a value or raises :class:`ParseError` with a Thai reason; nothing is
guessed, and a year that cannot be one ("พ.ศ.25567") is refused rather than read as four of its digits.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum

from .model import Cadence
from .thaidate import MONTHS_FULL, MONTHS_SHORT, arabic_digits, to_be, to_ce


class ParseError(ValueError):
    """The text cannot be read; ``str(error)`` is a Thai sentence for the user."""


class ImpossibleYear(ParseError):
    """A year that cannot be the one meant ("พ.ศ.25567", or a century away from the plan's year): refused, not read."""


class YearMissing(ParseError):
    """Months without a year ("ตุลาคม – ธันวาคม") and no fiscal year given to place them in."""


class DeadlineKind(str, Enum):
    DATE = "date"  # a real date (the end of a range: the start is kept in ``start``)
    FISCAL_YEAR = "fiscal_year"  # "ปีงบประมาณ พ.ศ.๒๕๖๘": by the last day of that fiscal year
    ONGOING = "ongoing"  # every day / from this fiscal year on: no single deadline
    PER_CALENDAR = "per_calendar"  # "ตามปฏิทิน ITA": the deadlines of the ITA calendar


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    date: dt.date | None = None
    # A cadence written inside the deadline cell ("... และต้องสื่อสารทุก ๒ วัน").
    cadence: Cadence | None = None
    # The first day of a range ("๑ ต.ค. ๒๕๖๗ ถึง ๓๑ ธ.ค. ๒๕๖๗", "(ต.ค.๖๖ – มี.ค.๖๗)"); the deadline is its end.
    start: dt.date | None = None


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

_ENDS_WITH_MONTH = re.compile(rf"{_MONTH}\s*(?:พ\.?\s?ศ\.?\s?)?$")
_MONTH_ONLY = re.compile(rf"{_MONTH}(?!\s*(?:พ\.?\s?ศ\.?\s?)?\d)")
_DAY_RANGE = re.compile(rf"(?<!\d)(?P<first>\d{{1,2}})\s*(?:-|–|—|ถึง)\s*(?P<day>\d{{1,2}})\s*{_MONTH}\s*{_YEAR}")
# what may stand between the two ends of a range: "ถึง", "จนถึง", a dash; with "วันที่", "เดือน", brackets
_CONNECTOR = re.compile(r"^[\s(]*(?:จน)?(?:ถึง|-|–|—)\s*(?:วันที่|เดือน)?[\s(]*$")
_FISCAL_YEAR = re.compile(r"(?:ปีงบประมาณ|ปีงบฯ|ปีงบ)(?:พ\.?ศ\.?)?(?P<year>\d{4})(?!\d)")
# a year of five digits or more where a year belongs ("พ.ศ.25567", "มี.ค. 25567", "31/3/25567"): a typo, never
# read as some four of its digits
_LONG_YEAR = re.compile(rf"(?:พ\.?\s?ศ\.?|ปีงบประมาณ|ปีงบฯ?|{_MONTH}|\d/)\s*(?P<year>\d{{5,}})")
# "ตั้งแต่ …", "เริ่ม …": the day work starts, not when it must be done
_FROM = re.compile(r"^\W*(?:เริ่ม(?:ดำเนินการ)?)?ตั้งแต่|^\W*เริ่ม(?:ดำเนินการ)?(?=\s*(?:วันที่|เดือน|\d))")

_ON_COMPLETION = re.compile(r"เมื่อ.{0,20}เสร็จ")
_ONGOING = re.compile(r"ทุกวัน|เป็นต้นไป|ตลอดปี|ต่อเนื่อง")

# Days per unit of time, to turn "every n units" and "k times per unit" into an interval.
_UNIT_DAYS = {"วัน": 1, "สัปดาห์": 7, "อาทิตย์": 7, "เดือน": 30, "ไตรมาส": 90, "ปี": 360}
_UNITS = "เดือน|สัปดาห์|อาทิตย์|วัน|ไตรมาส|ปี"
_WEEKDAYS = "จันทร์|อังคาร|พุธ|พฤหัสบดี|พฤหัส|ศุกร์|เสาร์|อาทิตย์"


def _interval_cadence(days: float) -> Cadence | None:
    """The follow-up cadence of work repeated every ``days`` days (None: a rhythm the schedule does not know)."""
    if days < 7:
        return Cadence.DAILY
    if days == 7:
        return Cadence.WEEKLY
    if days <= 31:
        return Cadence.MONTHLY
    return {90: Cadence.QUARTERLY, 180: Cadence.HALF_YEARLY}.get(int(days))


def _every(match: re.Match[str]) -> Cadence | None:  # "ทุก ๓ เดือน", "ราย ๖ เดือน", "รอบ ๖ เดือน", "ประจำเดือน"
    return _interval_cadence(int(match["n"] or 1) * _UNIT_DAYS[match["unit"]])


def _times_per(match: re.Match[str]) -> Cadence | None:  # "เดือนละ ๑ ครั้ง", "ปีละ ๒ ครั้ง"
    times = int(match["n"] or 1)
    return _interval_cadence(_UNIT_DAYS[match["unit"]] / times) if times else None


# Every way the seeds and units write a rhythm, most specific first: at one position the first pattern wins.
_CADENCE_PATTERNS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"(?:ทุก|ณ)?\s*(?:วัน)?\s*สิ้นเดือน"), Cadence.MONTHLY),  # "ทุกวันสิ้นเดือน", "ทุกสิ้นเดือน"
    (re.compile(r"(?:ทุก|ณ)?\s*(?:วัน)?\s*สิ้น\s*ไตรมาส"), Cadence.QUARTERLY),  # "ทุกสิ้นไตรมาส"
    (re.compile(r"(?:ทุก|ณ)?\s*(?:วัน)?\s*สิ้น\s*(?:ครึ่งปี|รอบ\s*(?:6|๖)\s*เดือน)"), Cadence.HALF_YEARLY),
    (re.compile(rf"ทุก\s*วัน\s*(?:{_WEEKDAYS})"), Cadence.WEEKLY),  # "ทุกวันอังคาร"
    (re.compile(r"ทุก\s*วันที่\s*\d{1,2}"), Cadence.MONTHLY),  # "ทุกวันที่ ๕ ของเดือน"
    (re.compile(rf"(?P<unit>{_UNITS})\s*ละ\s*(?P<n>\d+)?\s*ครั้ง"), _times_per),  # "เดือนละ ๑ ครั้ง"
    (re.compile(rf"(?P<n>\d+)\s*(?P<unit>{_UNITS})\s*(?:/|ต่อ)?\s*ครั้ง"), _every),  # "๓ เดือน/ครั้ง"
    (re.compile(rf"(?:ทุก|ราย|รอบ)\s*ๆ?\s*(?P<n>\d+)?\s*(?P<unit>{_UNITS})"), _every),  # "ทุก ๓ เดือน", "รายเดือน"
    (re.compile(r"ประจำ\s*(?P<n>)(?P<unit>เดือน|ไตรมาส|สัปดาห์|วัน)"), _every),  # "ประจำเดือน"
    (re.compile(r"ครึ่งปี"), Cadence.HALF_YEARLY),
]


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


def _check_years(clean: str, original: str) -> None:
    """Refuse a year that cannot be one (five digits or more) instead of reading four of its digits."""
    if match := _LONG_YEAR.search(clean):
        raise ImpossibleYear(f"ปี “{match['year']}” ไม่ถูกต้อง: “{original}” — ปี พ.ศ. มีสี่หลัก เช่น 2568")


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


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> dt.date:
    """A written date: a day with a month and year, or a month and year (= the last day of that month). A range
    reads as its first date here; :func:`parse_period` reads both ends."""
    clean = _normalise(text)
    if not clean:
        raise ParseError("ไม่ได้ระบุวันที่")
    _check_years(clean, text.strip())
    if match := _DAY_MONTH_YEAR.search(clean):
        return _make_date(_year_ce(match["year"]), _month_number(match), int(match["day"]), text.strip())
    if match := _NUMERIC.search(clean):
        return _make_date(_year_ce(match["year"]), int(match["month"]), int(match["day"]), text.strip())
    if match := _MONTH_YEAR.search(clean):
        year, month = _year_ce(match["year"]), _month_number(match)
        return _month_end(year, month)
    raise ParseError(f"อ่านวันที่ไม่ได้: “{text.strip()}”")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    first: dt.date | None  # the first day it names (None: a month without a year, resolved later)
    last: dt.date | None
    month: int = 0
    ranged: bool = False  # "๑ – ๓๑ ม.ค. ๖๘": a range in itself


def _mentions(clean: str, original: str) -> list[_Mention]:
    """Every date, month-and-year and bare month named in the text, in order, none overlapping."""
    found: list[_Mention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= m.start or a >= m.end for m in found)

    for match in _DAY_RANGE.finditer(clean):  # "๑ – ๓๑ ม.ค. ๖๘"
        if _ENDS_WITH_MONTH.search(clean[:match.start()]):  # "๑ ต.ค. ๖๗ ถึง ๓๑ ธ.ค. ๖๗": "๖๗" is a year, not a day
            continue
        year, month = _year_ce(match["year"]), _month_number(match)
        found.append(_Mention(match.start(), match.end(), _make_date(year, month, int(match["first"]), original),
                              _make_date(year, month, int(match["day"]), original), ranged=True))
    for match in _DAY_MONTH_YEAR.finditer(clean):
        if free(*match.span()):
            day = _make_date(_year_ce(match["year"]), _month_number(match), int(match["day"]), original)
            found.append(_Mention(match.start(), match.end(), day, day))
    for match in _NUMERIC.finditer(clean):
        if free(*match.span()):
            day = _make_date(_year_ce(match["year"]), int(match["month"]), int(match["day"]), original)
            found.append(_Mention(match.start(), match.end(), day, day))
    for match in _MONTH_YEAR.finditer(clean):
        if free(*match.span()):
            year, month = _year_ce(match["year"]), _month_number(match)
            found.append(_Mention(match.start(), match.end(), dt.date(year, month, 1), _month_end(year, month)))
    for match in _MONTH_ONLY.finditer(clean):
        if free(*match.span()):
            found.append(_Mention(match.start(), match.end(), None, None, _month_number(match)))
    return sorted(found, key=lambda m: m.start)


def parse_period(text: str, fiscal_year: int | None = None) -> tuple[dt.date | None, dt.date]:
    """(start, end) of the first date or range the text names: "๑ ต.ค. ๒๕๖๗ ถึง ๓๑ ธ.ค. ๒๕๖๗", "(ต.ค.๖๖ – มี.ค.๖๗)",
    "๑ – ๓๑ ม.ค. ๖๘", "ตุลาคม – ธันวาคม" (months without a year fall in ``fiscal_year``). A single date has no
    start. Raises :class:`ParseError` when the text names no date."""
    clean = _normalise(text)
    mentions = _mentions(clean, text.strip())
    for index, mention in enumerate(mentions):
        after = mentions[index + 1] if index + 1 < len(mentions) else None
        if after is not None and _CONNECTOR.match(clean[mention.end:after.start]):
            first, last = mention.first, after.last
            if last is None and first is not None:  # "ต.ค.๖๗ – มี.ค." : the end takes the year that follows
                year = first.year + (after.month < first.month)
                last = _month_end(year, after.month)
            if first is None and last is not None:  # "ต.ค. – ธ.ค. ๖๗"
                year = last.year - (mention.month > last.month)
                first = dt.date(year, mention.month, 1)
            if first is None and last is None:
                if fiscal_year is None:
                    raise YearMissing(f"ไม่ได้ระบุปี: “{text.strip()}” — ระบุปีงบประมาณก่อน")
                start_year = to_ce(fiscal_year) - (1 if mention.month >= 10 else 0)
                end_year = to_ce(fiscal_year) - (1 if after.month >= 10 else 0)
                first, last = dt.date(start_year, mention.month, 1), _month_end(end_year, after.month)
            if first is not None and last is not None and first != last:
                return first, last
            return None, last
        if mention.last is not None:
            return (mention.first if mention.ranged else None), mention.last
    raise ParseError(f"อ่านวันที่ไม่ได้: “{text.strip()}”")


def _first_day(clean: str, named: dt.date) -> dt.date:
    """The first day a single mention names: the day itself, or the first of a month written without a day."""
    if _DAY_MONTH_YEAR.search(clean) or _NUMERIC.search(clean):
        return named
    return named.replace(day=1)


def check_plan_year(day: dt.date | None, fiscal_year: int, original: str) -> None:
    """Refuse a date too far from the plan's fiscal year to be anything but a typo (``Thresholds.plan_year_span``)."""
    from .fiscal import fiscal_year_of
    from .settings import DEFAULT

    if day is not None and abs(fiscal_year_of(day) - fiscal_year) >= DEFAULT.plan_year_span:
        raise ImpossibleYear(f"ปี พ.ศ. {to_be(day.year)} ห่างจากปีงบประมาณ {fiscal_year} เกินไป: “{original.strip()[:60]}” "
                             "— ตรวจการพิมพ์ปี")


def fiscal_year_named(text: str) -> int | None:
    """The fiscal year a phrase names ("ปีงบประมาณ พ.ศ.๒๕๖๘" → 2568), the latest when it names several."""
    years = [int(m["year"]) for m in _FISCAL_YEAR.finditer(_squeezed(_normalise(text)))]
    years = [y if y > 2400 else y + 543 for y in years]
    return max(years) if years else None


def parse_deadline(text: str, fiscal_year: int | None = None) -> Deadline:
    """A plan's deadline cell (ระยะเวลาแล้วเสร็จ / ระยะเวลาดำเนินการ). A range gives its end as the deadline and
    keeps its start; "ปีงบประมาณ พ.ศ.๒๕๖๘" gives the last day of that fiscal year; ``fiscal_year`` places months
    written without a year ("ตุลาคม – ธันวาคม")."""
    from .fiscal import fiscal_end, fiscal_start

    clean = _normalise(text)
    if not clean:
        raise ParseError("ไม่ได้ระบุระยะเวลาแล้วเสร็จ")
    _check_years(clean, text.strip())
    if "ตามปฏิทิน" in _squeezed(clean):
        return Deadline(DeadlineKind.PER_CALENDAR)
    extra = _find_every(clean)
    try:
        start, end = parse_period(clean, fiscal_year)
        if start is None and _FROM.match(clean):  # "ตั้งแต่ เดือนตุลาคม ๒๕๖๖": from then on, no deadline
            return Deadline(DeadlineKind.ONGOING, cadence=extra, start=_first_day(clean, end))
        return Deadline(DeadlineKind.DATE, end, extra, start)
    except ParseError as error:
        if "ไม่มีวันที่นี้" in str(error) or isinstance(error, YearMissing):
            raise
    year = fiscal_year_named(clean)
    if year is not None and "ตลอด" in clean:  # "ตลอดปีงบประมาณ ๒๕๖๘": the whole year, due at its end
        return Deadline(DeadlineKind.FISCAL_YEAR, fiscal_end(year), extra, fiscal_start(year))
    if _ONGOING.search(_squeezed(clean)):  # "ปีงบประมาณ ๒๕๖๗ เป็นต้นไป": from the start of that year on
        return Deadline(DeadlineKind.ONGOING, cadence=extra, start=fiscal_start(year) if year else None)
    if year is not None:
        return Deadline(DeadlineKind.FISCAL_YEAR, fiscal_end(year), extra)
    raise ParseError(f"อ่านระยะเวลาแล้วเสร็จไม่ได้: “{text.strip()}”")


def _first_cadence(clean: str) -> tuple[bool, Cadence | None]:
    """(whether the text names a rhythm, and which) — the earliest phrase wins, the most specific at a tie."""
    best = None
    for order, (pattern, reading) in enumerate(_CADENCE_PATTERNS):
        match = pattern.search(clean)
        if match and (best is None or (match.start(), order) < best[0]):
            best = ((match.start(), order), match, reading)
    if best is None:
        return False, None
    _, match, reading = best
    return True, reading(match) if callable(reading) else reading


def _find_every(clean: str) -> Cadence | None:
    return _first_cadence(clean)[1]


def parse_cadence(text: str) -> Cadence:
    """A plan's follow-up cell (ระยะเวลากำกับติดตาม / การกำกับ/ติดตามผล)."""
    clean = _normalise(text)
    if not clean:
        raise ParseError("ไม่ได้ระบุระยะเวลากำกับติดตาม")
    named, cadence = _first_cadence(clean)
    if named:
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


@dataclass(frozen=True)
class Reading:
    """How one phrase reads, for ``python -m ita_dash parse`` and the seed phrase tests."""

    text: str
    kind: DeadlineKind | None  # None: not a deadline
    date: dt.date | None
    start: dt.date | None
    cadence: Cadence | None
    problems: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"text": self.text, "kind": self.kind.value if self.kind else None,
                "date": self.date.isoformat() if self.date else None,
                "start": self.start.isoformat() if self.start else None,
                "cadence": self.cadence.value if self.cadence else None, "problems": list(self.problems)}


def read_phrase(text: str, fiscal_year: int | None = None) -> Reading:
    """A phrase read both as a deadline and as a follow-up cadence."""
    problems = []
    kind = date = start = cadence = None
    try:
        deadline = parse_deadline(text, fiscal_year)
        kind, date, start, cadence = deadline.kind, deadline.date, deadline.start, deadline.cadence
    except ParseError as error:
        problems.append(str(error))
    clean = _normalise(text)
    named, found = _first_cadence(clean)
    if named:
        cadence = found
        if found is None:
            problems.append(f"ไม่รองรับความถี่นี้: “{text.strip()}”")
    elif cadence is None and _ON_COMPLETION.search(_squeezed(clean)):
        cadence = Cadence.ON_COMPLETION
    return Reading(text, kind, date, start, cadence, tuple(problems))
