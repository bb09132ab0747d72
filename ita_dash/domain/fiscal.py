"""The Thai fiscal year: FY N (พ.ศ.) runs 1 October of N−1 to 30 September of N."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .thaidate import MONTHS_SHORT, to_be, to_ce


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month; the unit of the monthly follow-up."""

    year: int  # CE
    month: int  # 1..12

    @classmethod
    def of(cls, d: dt.date) -> Month:
        return cls(d.year, d.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``2026-10`` → Month(2026, 10)."""
        year, month = text.split("-")
        result = cls(int(year), int(month))
        if not 1 <= result.month <= 12:
            raise ValueError(f"month out of range: {text}")
        return result

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.first_day)

    def short_label(self) -> str:
        """``ต.ค.``"""
        return MONTHS_SHORT[self.month]

    def label(self) -> str:
        """``ต.ค. 2569``"""
        return f"{MONTHS_SHORT[self.month]} {to_be(self.year)}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def fiscal_year_of(d: dt.date) -> int:
    """Buddhist-era fiscal year containing ``d``: 1 Oct 2026 → 2570."""
    return to_be(d.year + (1 if d.month >= 10 else 0))


def fiscal_start(fy: int) -> dt.date:
    return dt.date(to_ce(fy) - 1, 10, 1)


def fiscal_end(fy: int) -> dt.date:
    return dt.date(to_ce(fy), 9, 30)


def fiscal_months(fy: int) -> list[Month]:
    """The twelve months of a fiscal year in order ต.ค. … ก.ย."""
    month = Month.of(fiscal_start(fy))
    months = []
    for _ in range(12):
        months.append(month)
        month = month.next()
    return months


def fiscal_quarter_ends(fy: int) -> list[Month]:
    """ธ.ค., มี.ค., มิ.ย., ก.ย. of the fiscal year."""
    return fiscal_months(fy)[2::3]


def last_closed_month(as_of: dt.date) -> Month:
    """The latest month that has fully ended before ``as_of``."""
    return Month.of(as_of).previous()
