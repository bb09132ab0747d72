"""The monthly follow-up: which months a measure owes a report, when a report is late, and how each section
stands for a month.

Only what was known on the ``as_of`` day counts: a report entered later is not seen, so "show me the end of
last month" shows what the meeting would have seen then.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from enum import Enum

from .fiscal import Month, fiscal_end, fiscal_months, fiscal_quarter_ends
from .model import Cadence, FollowUp, FollowUpStatus, Measure, UnitYearData
from .planyear import first_month_followed
from .settings import DEFAULT, Thresholds
from .thaidate import BANGKOK

# Weekly and daily work is still reported once a month; a plan row without a cadence is followed monthly,
# the commonest cadence in every seed ("ทุก ๑ เดือน").
_MONTHLY = {Cadence.MONTHLY, Cadence.WEEKLY, Cadence.DAILY, None}


def due_months(measure: Measure, fiscal_year: int, plan_start: dt.date | None = None,
               done_in: Month | None = None) -> list[Month]:
    """The months of the fiscal year in which ``measure`` owes a report: from the plan's start, by its cadence,
    and not after the month it was reported done. A retired measure owes nothing."""
    if measure.retired:
        return []
    months = fiscal_months(fiscal_year)
    if plan_start is not None:
        months = [m for m in months if m >= Month.of(plan_start)]
    if done_in is not None:
        months = [m for m in months if m <= done_in]
    if measure.cadence in _MONTHLY:
        return months
    if measure.cadence is Cadence.QUARTERLY:
        ends = set(fiscal_quarter_ends(fiscal_year))
        return [m for m in months if m in ends]
    if measure.cadence is Cadence.HALF_YEARLY:
        return [m for m in months if m.month in (3, 9)]
    # on completion: the month of its deadline (the end of the fiscal year when it has none), if inside the year
    deadline, _ = judged_deadline(measure, fiscal_year)
    if deadline is None:
        return []
    return [m for m in months if m == Month.of(deadline)]


def report_period(measure: Measure, month: Month) -> str:
    """What a report in ``month`` covers, in words: "เดือน ธ.ค. 2569" for a monthly measure, "ไตรมาส 1 (ต.ค.–ธ.ค.
    2569)" for a quarterly one, "ครึ่งปีแรก (ต.ค. 2569–มี.ค. 2570)" for a half-yearly one (issue 31: a quarterly
    measure's reason named a single month)."""
    months = fiscal_months(month.fiscal_year)
    at = months.index(month)
    if measure.cadence is Cadence.QUARTERLY:
        return f"ไตรมาส {at // 3 + 1} ({months[at - 2].short_label()}–{month.label()})"
    if measure.cadence is Cadence.HALF_YEARLY:
        half = "ครึ่งปีแรก" if at < 6 else "ครึ่งปีหลัง"
        return f"{half} ({months[at - 5].label()}–{month.label()})"
    return f"เดือน {month.label()}"


def judged_deadline(measure: Measure, fiscal_year: int) -> tuple[dt.date | None, bool]:
    """The day a measure is judged against, and whether that is the end of the fiscal year: a measure due "เมื่อ
    ดำเนินการเสร็จสิ้นแล้ว" without a date must still be done within its fiscal year."""
    if measure.deadline is None and measure.cadence is Cadence.ON_COMPLETION:
        return fiscal_end(fiscal_year), True
    return measure.deadline, False


def last_quarter_start(fiscal_year: int) -> dt.date:
    """1 July: the first day of the fiscal year's last quarter."""
    return fiscal_months(fiscal_year)[9].first_day


def measures_reported_by(data: UnitYearData, section_code: str) -> list[Measure]:
    """The measures section ``section_code`` reports on: those it owns, including its share of every
    all-sections measure ("ทุกสายงาน"); retired ones are left out."""
    return [m for m in data.measures if not m.retired and m.owner_section == section_code]


def report_deadline(month: Month, settings: Thresholds = DEFAULT) -> dt.date:
    """The last day a report for ``month`` is on time: the 5th of the following month by default."""
    return month.next().first_day + dt.timedelta(days=settings.grace_days - 1)


def entered_on(follow_up: FollowUp) -> dt.date:
    return follow_up.entered_at.astimezone(BANGKOK).date()


def is_late(follow_up: FollowUp, settings: Thresholds = DEFAULT) -> bool:
    return entered_on(follow_up) > report_deadline(Month.parse(follow_up.month), settings)


def is_closed(month: Month, as_of: dt.date, settings: Thresholds = DEFAULT) -> bool:
    """A month is closed for reporting once its report deadline has passed."""
    return as_of > report_deadline(month, settings)


def known_on(follow_ups: list[FollowUp], as_of: dt.date) -> list[FollowUp]:
    return [f for f in follow_ups if entered_on(f) <= as_of]


def reports_by_measure(data: UnitYearData, as_of: dt.date) -> dict[str, dict[Month, FollowUp]]:
    reports: dict[str, dict[Month, FollowUp]] = defaultdict(dict)
    for follow_up in known_on(data.follow_ups, as_of):
        reports[follow_up.measure_code][Month.parse(follow_up.month)] = follow_up
    return reports


def done_month(reports: dict[Month, FollowUp]) -> Month | None:
    """The first month whose report says the measure is done (at 100 % when a percent is given)."""
    for month in sorted(reports):
        if is_done_report(reports[month]):
            return month
    return None


def is_done_report(follow_up: FollowUp) -> bool:
    return follow_up.status is FollowUpStatus.DONE and (follow_up.percent is None or follow_up.percent >= 100)


class SectionMonthStatus(str, Enum):
    COMPLETE = "complete"  # every due report in, on time
    LATE = "late"  # every due report in, some after the grace day
    PARTIAL = "partial"  # some due reports in
    MISSING = "missing"  # none of the due reports in
    OPEN = "open"  # the month has begun and its reporting deadline has not passed yet
    UPCOMING = "upcoming"  # the month has not begun
    NOT_DUE = "not_due"  # no report due from this section this month
    BEFORE_START = "before_start"  # before the unit's year was followed in the system: nothing was expected


SECTION_MONTH_LABELS = {
    SectionMonthStatus.COMPLETE: "ครบ",
    SectionMonthStatus.LATE: "ครบแต่ล่าช้า",
    SectionMonthStatus.PARTIAL: "ไม่ครบ",
    SectionMonthStatus.MISSING: "ยังไม่รายงาน",
    SectionMonthStatus.OPEN: "อยู่ในช่วงรายงาน",
    SectionMonthStatus.UPCOMING: "ยังไม่ถึง",
    SectionMonthStatus.NOT_DUE: "ไม่มีรายงานที่ต้องส่ง",
    SectionMonthStatus.BEFORE_START: "ก่อนเริ่มติดตามในระบบ",
}


@dataclass(frozen=True)
class SectionMonth:
    section: str | None  # None: measures with no owner section
    month: Month
    status: SectionMonthStatus
    due: tuple[str, ...]  # measure codes that owe a report
    received: tuple[str, ...]
    late: tuple[str, ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(code for code in self.due if code not in self.received)


def section_months(data: UnitYearData, as_of: dt.date, settings: Thresholds = DEFAULT) -> list[SectionMonth]:
    """Every (section, month) of the fiscal year with its status, sections in the unit's order. The months before
    the year's start in the system (``UnitYear.plan_start``) are :attr:`SectionMonthStatus.BEFORE_START`."""
    reports = reports_by_measure(data, as_of)
    first = first_month_followed(data.fiscal_year, data.year.plan_start)
    due_by: dict[tuple[str | None, Month], list[str]] = defaultdict(list)
    for measure in data.measures:
        measure_reports = reports.get(measure.code, {})
        months = due_months(measure, data.fiscal_year, data.year.plan_start, done_month(measure_reports))
        for month in months:
            due_by[(measure.owner_section, month)].append(measure.code)
    sections: list[str | None] = [s.code for s in data.sections]
    if any(m.owner_section is None and not m.retired for m in data.measures):
        sections.append(None)
    result = []
    for section in sections:
        for month in fiscal_months(data.fiscal_year):
            due = tuple(due_by.get((section, month), ()))
            received = tuple(code for code in due if month in reports.get(code, {}))
            late = tuple(code for code in received if is_late(reports[code][month], settings))
            if first is not None and month < first:
                status = SectionMonthStatus.BEFORE_START
            elif not due:
                status = SectionMonthStatus.NOT_DUE
            elif month > Month.of(as_of):
                status = SectionMonthStatus.UPCOMING
            elif not is_closed(month, as_of, settings):
                status = SectionMonthStatus.COMPLETE if len(received) == len(due) else SectionMonthStatus.OPEN
            elif not received:
                status = SectionMonthStatus.MISSING
            elif len(received) < len(due):
                status = SectionMonthStatus.PARTIAL
            elif late:
                status = SectionMonthStatus.LATE
            else:
                status = SectionMonthStatus.COMPLETE
            result.append(SectionMonth(section, month, status, due, received, late))
    return result


def overdue_months(data: UnitYearData, section: str | None, as_of: dt.date,
                   settings: Thresholds = DEFAULT) -> list[SectionMonth]:
    """The months ``section`` still owes reports for although their deadline has passed (missing or partial), oldest
    first: what keeps the chief's page red, shown to the section head before any month is picked (issue 34)."""
    return [cell for cell in section_months(data, as_of, settings) if cell.section == section
            and cell.status in (SectionMonthStatus.MISSING, SectionMonthStatus.PARTIAL)]
