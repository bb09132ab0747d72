"""Everything the dashboard says about one unit on one day, computed once: the pages, the ``status`` command
and the printed summary all read this."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from .fiscal import Month, last_closed_month
from .followup import SectionMonth, SectionMonthStatus, section_months
from .framework import FrameworkTemplate
from .lights import (
    IndicatorLight,
    Light,
    MeasureState,
    MeasureStatus,
    OitItemStatus,
    apply_link_checks,
    assess_measures,
    assess_oit_items,
    indicator_lights,
)
from .links import LinkCheck
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
    link_checks: Mapping[str, LinkCheck] = field(default_factory=dict)  # the last check of each link (issue 19)

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
                settings: Thresholds = DEFAULT, link_checks: Mapping[str, LinkCheck] | None = None) -> UnitStatus:
    """``link_checks``: the last check of each address (``store.link_checks``); broken OIT links colour items."""
    measures = assess_measures(data, as_of, settings)
    items = assess_oit_items(template, data, as_of, settings)
    if link_checks:
        items = apply_link_checks(items, link_checks, template, as_of)
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
        milestones=milestones(template, as_of, settings, quotas),
        section_months=section_months(data, as_of, settings),
        link_checks=dict(link_checks or {}),
    )


def status_dict(status: UnitStatus, milestone_count: int = 3) -> dict:
    """The lights with their reasons as plain data (``python -m ita_dash status --json``)."""

    def reason(r) -> dict:
        return {"light": r.light.value, "text": r.text, "ref": r.ref, "section": r.section, "owner": r.owner}

    return {
        "unit": {"code": status.data.unit.code, "name": status.data.unit.name},
        "fiscal_year": status.data.fiscal_year,
        "as_of": status.as_of.isoformat(),
        "template": {"key": status.template.key, "derived": status.template.derived},
        "indicators": [
            {"number": i.number, "name": i.name, "tool": i.tool.value, "light": i.light.value,
             "reasons": [reason(r) for r in i.reasons]}
            for i in status.indicators
        ],
        "quotas": [
            {"key": q.key, "label": q.label, "target": q.target, "count": q.count, "count_text": q.count_text,
             "expected": None if q.expected is None else round(q.expected, 1), "light": q.light.value,
             "reason": q.reason,
             "pace": None if q.pace is None else {"projected": q.pace.projected, "per_day_needed": q.pace.per_day_needed,
                                                  "days_left": q.pace.days_left}}
            for q in status.quotas
        ],
        "readiness": {"value": status.readiness.value, "text": status.readiness.text(), "label": status.readiness.LABEL,
                      "explained": list(status.readiness.explained()),
                      "iit_share": status.readiness.iit_share, "eit_share": status.readiness.eit_share,
                      "oit_published": status.readiness.oit_published, "oit_total": status.readiness.oit_total,
                      "notes": list(status.readiness.notes)},
        "milestones": [
            {"label": m.label, "date": m.date.isoformat(), "days_left": m.days_left, "light": m.light.value}
            for m in status.milestones[:milestone_count]
        ],
        "urgent": [
            {"code": m.measure.code, "activity": m.measure.activity, "state": m.state.value, "section": m.section,
             "owner": m.owner, "reasons": list(m.reasons)}
            for m in status.urgent()
        ],
    }
