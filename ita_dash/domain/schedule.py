"""When a measure owes a monthly follow-up report."""

from __future__ import annotations

import datetime as dt

from .fiscal import Month, fiscal_months, fiscal_quarter_ends
from .model import Cadence, Measure

# Weekly and daily work is still reported once a month; a plan row without a cadence is followed monthly,
# the commonest cadence in every seed ("ทุก ๑ เดือน").
_MONTHLY = {Cadence.MONTHLY, Cadence.WEEKLY, Cadence.DAILY, None}


def due_months(measure: Measure, fiscal_year: int, plan_start: dt.date | None = None) -> list[Month]:
    """The months of the fiscal year in which ``measure`` owes a report, from the plan's start on."""
    months = fiscal_months(fiscal_year)
    if plan_start is not None:
        months = [m for m in months if m >= Month.of(plan_start)]
    if measure.cadence in _MONTHLY:
        return months
    if measure.cadence is Cadence.QUARTERLY:
        ends = set(fiscal_quarter_ends(fiscal_year))
        return [m for m in months if m in ends]
    if measure.cadence is Cadence.HALF_YEARLY:
        return [m for m in months if m.month in (3, 9)]
    # on completion: the month of its deadline, if that falls inside the year
    if measure.deadline is None:
        return []
    return [m for m in months if m == Month.of(measure.deadline)]
