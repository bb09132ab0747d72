"""Which fiscal year a plan's dates belong to, moving them by whole years, and the day a unit's year is judged from.

Units make this year's plan from last year's file, so a plan may arrive with every date a year (or two) early. The
check compares every deadline with the fiscal year the plan goes into: when most dated rows fall in one earlier year
it offers to move them by whole years (same day and month); a single date outside the year is a problem on its row.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .fiscal import Month, fiscal_end, fiscal_start, fiscal_year_of
from .model import Measure
from .thaidate import format_date


def move_date(day: dt.date | None, years: int) -> dt.date | None:
    """The same day and month ``years`` later (29 February becomes 28 February in a common year)."""
    if day is None or years == 0:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def move_measure(measure: Measure, years: int) -> Measure:
    """The measure with its deadline and start moved by whole years."""
    if years == 0:
        return measure
    return measure.model_copy(update={"deadline": move_date(measure.deadline, years),
                                      "start_date": move_date(measure.start_date, years)})


@dataclass(frozen=True)
class YearCheck:
    fiscal_year: int  # the year the plan goes into
    dated: int  # rows with a deadline
    in_year: int  # of them, inside the fiscal year
    suggested_move: int  # whole years to add to every date (0: none suggested)
    source_year: int | None  # the fiscal year most dates belong to
    outside: tuple[tuple[int, dt.date], ...]  # (row number, deadline) of rows outside the year once moved as suggested

    @property
    def needs_decision(self) -> bool:
        """Most dates are in another year: the import must not go on until the user moves or keeps them."""
        return self.suggested_move != 0

    def message(self) -> str:
        if not self.needs_decision:
            return ""
        early = self.dated - self.in_year
        return (f"กำหนดเสร็จ {early} จาก {self.dated} รายการอยู่ในปีงบประมาณ {self.source_year} ไม่ใช่ {self.fiscal_year} "
                f"(น่าจะเป็นแผนของปีก่อน) — เลื่อนวันที่ทั้งหมดไป {self.suggested_move} ปี (วันและเดือนเดิม) "
                f"หรือยืนยันใช้วันที่ตามไฟล์")


def check_year(deadlines: list[tuple[int, dt.date | None]], fiscal_year: int) -> YearCheck:
    """``deadlines``: (row number, deadline or None) of every row of a plan going into ``fiscal_year``."""
    dated = [(row, day) for row, day in deadlines if day is not None]
    years = Counter(fiscal_year_of(day) for _, day in dated)
    in_year = years.get(fiscal_year, 0)
    move, source = 0, None
    if dated:
        source, count = years.most_common(1)[0]
        if source != fiscal_year and count * 2 > len(dated):
            move = fiscal_year - source
        else:
            source = fiscal_year if in_year else source
    outside = tuple((row, day) for row, day in dated if fiscal_year_of(move_date(day, move)) != fiscal_year)
    return YearCheck(fiscal_year, len(dated), in_year, move, source, outside)


def carry_forward(measures: list[Measure], years: int) -> list[Measure]:
    """Last year's measures as this year's plan: activity, owners and cadences kept, dates moved by ``years``,
    done and version reset (follow-ups are not measures and stay behind); retired measures are left out."""
    result = []
    for measure in measures:
        if measure.retired:
            continue
        moved = move_measure(measure, years)
        result.append(moved.model_copy(update={"done": False, "outcome": "", "version": 1}))
    return result


# -- the day a unit's year is judged from (issue 34) ---------------------------------------------------------------


def started_in_system(fiscal_year: int, day: dt.date) -> dt.date | None:
    """The start recorded when a unit's year begins in the system on ``day`` (its first plan imported or copied, or
    its first measure added): that day when the fiscal year was under way, so no month before it is missed; None (the
    whole year is followed) when the plan came in before the year began, or after it ended (a past year recorded
    after the fact, not followed month by month)."""
    return day if fiscal_start(fiscal_year) < day <= fiscal_end(fiscal_year) else None


def plan_start_errors(fiscal_year: int, start: object) -> dict[str, str]:
    """The start date a chief sets: a day of the fiscal year."""
    if not isinstance(start, dt.date):
        return {"plan_start": "ต้องระบุวันที่"}
    first, last = fiscal_start(fiscal_year), fiscal_end(fiscal_year)
    if not first <= start <= last:
        return {"plan_start": f"ต้องเป็นวันในปีงบประมาณ {fiscal_year} ({format_date(first)} – {format_date(last)})"}
    return {}


def first_month_followed(fiscal_year: int, plan_start: dt.date | None) -> Month | None:
    """The first month a report is owed in, when the year is followed from a later month than its first (None: from
    October, the whole year)."""
    if plan_start is None or plan_start <= fiscal_start(fiscal_year):
        return None
    return Month.of(plan_start)
