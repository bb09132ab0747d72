"""Everything the dashboard says about one unit on one day, computed once: the pages, the ``status`` command
and the printed summary all read this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .fiscal import Month, last_closed_month
from .followup import SectionMonth, SectionMonthStatus, section_months
from .framework import FrameworkTemplate
from .lights import (
    IndicatorLight,
    Light,
    MeasureState,
    MeasureStatus,
    OitItemStatus,
    assess_measures,
    assess_oit_items,
    indicator_lights,
)
from .milestones import Milestone, milestones
from .model import UnitYearData
from .quotas import QuotaLight, Readiness, quota_lights, readiness
from .settings import DEFAULT, Thresholds


@dataclass(frozen=True)
class UnitStatus:
    data: UnitYearData
    template: FrameworkTemplate
    as_of: dt.date
    measures: list[MeasureStatus]
    oit_items: list[OitItemStatus]
    indicators: list[IndicatorLight]
    quotas: list[QuotaLight]
    readiness: Readiness
    milestones: list[Milestone]
    section_months: list[SectionMonth]

    def urgent(self, limit: int | None = None) -> list[MeasureStatus]:
        """Overdue measures first (longest overdue first), then those at risk (soonest deadline first)."""
        order = {MeasureState.OVERDUE: 0, MeasureState.AT_RISK: 1}
        chosen = [m for m in self.measures if m.state in order]
        far = dt.date.max
        chosen.sort(key=lambda m: (order[m.state], m.measure.deadline or far, m.measure.code))
        return chosen[:limit] if limit else chosen

    @property
    def report_month(self) -> Month:
        """The month the meeting follows up: the last month that has ended."""
        return last_closed_month(self.as_of)

    def sections_for(self, month: Month) -> list[SectionMonth]:
        return [s for s in self.section_months if s.month == month]

    def sections_missing(self, month: Month) -> list[SectionMonth]:
        return [s for s in self.sections_for(month)
                if s.status in (SectionMonthStatus.MISSING, SectionMonthStatus.PARTIAL)]

    def indicator_light(self, number: int) -> Light:
        return next(i.light for i in self.indicators if i.number == number)


def assess_unit(template: FrameworkTemplate, data: UnitYearData, as_of: dt.date,
                settings: Thresholds = DEFAULT) -> UnitStatus:
    measures = assess_measures(data, as_of, settings)
    items = assess_oit_items(template, data, as_of, settings)
    quotas = quota_lights(template, data, as_of, settings)
    return UnitStatus(
        data=data,
        template=template,
        as_of=as_of,
        measures=measures,
        oit_items=items,
        indicators=indicator_lights(template, measures, items),
        quotas=quotas,
        readiness=readiness(quotas, items, settings),
        milestones=milestones(template, as_of, settings),
        section_months=section_months(data, as_of, settings),
    )
