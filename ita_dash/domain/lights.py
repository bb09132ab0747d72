"""Traffic lights with reasons: each measure's state, each OIT item's, and the ten indicators'.

Every result carries reasons that name the measure or item, its section and the section head, so a commander
can ask "why is this red, and whose is it?" and get the answer in one click.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import Enum

from .figure_text import oit_published_text
from .fiscal import Month
from .followup import (
    done_month,
    due_months,
    is_closed,
    is_done_report,
    judged_deadline,
    last_quarter_start,
    report_period,
    reports_by_measure,
)
from .framework import FrameworkTemplate, OitItemSpec, PhaseKind
from .links import BROKEN, LinkCheck
from .model import FollowUp, FollowUpStatus, Measure, OitItem, OitStatus, Tool, UnitYearData, thai
from .settings import DEFAULT, Thresholds
from .thaidate import BANGKOK, format_date
from .wording import words_of


class Light(str, Enum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    GREY = "grey"


LIGHT_LABELS = {Light.RED: "แดง", Light.AMBER: "เหลือง", Light.GREEN: "เขียว", Light.GREY: "เทา"}
_SEVERITY = {Light.RED: 3, Light.AMBER: 2, Light.GREEN: 1, Light.GREY: 0}


@dataclass(frozen=True)
class Reason:
    light: Light
    text: str  # Thai, one line
    ref: str = ""  # measure code, OIT item code or section code
    section: str = ""  # section name
    owner: str = ""  # section head


class MeasureState(str, Enum):
    DONE = "done"
    OVERDUE = "overdue"
    AT_RISK = "at_risk"
    ON_TRACK = "on_track"


MEASURE_STATE_LABELS = {
    MeasureState.DONE: "เสร็จแล้ว",
    MeasureState.OVERDUE: "เลยกำหนด",
    MeasureState.AT_RISK: "เสี่ยงไม่ทัน",
    MeasureState.ON_TRACK: "ตามแผน",
}
MEASURE_STATE_LIGHT = {
    MeasureState.DONE: Light.GREEN,
    MeasureState.ON_TRACK: Light.GREEN,
    MeasureState.AT_RISK: Light.AMBER,
    MeasureState.OVERDUE: Light.RED,
}


@dataclass(frozen=True)
class MeasureStatus:
    measure: Measure
    state: MeasureState
    reasons: tuple[str, ...]
    latest: FollowUp | None
    section: str  # section name
    owner: str  # section head

    @property
    def light(self) -> Light:
        return MEASURE_STATE_LIGHT[self.state]

    def reason(self) -> Reason:
        text = f"{self.measure.code} {self.measure.activity} — " + "; ".join(self.reasons)
        return Reason(self.light, text, self.measure.code, self.section, self.owner)


def _percent(follow_up: FollowUp | None) -> str:
    if follow_up is None:
        return "ยังไม่มีรายงาน"
    if follow_up.percent is None:
        return thai(follow_up.status)
    return f"{thai(follow_up.status)} {follow_up.percent}%"


def assess_measure(measure: Measure, reports: dict[Month, FollowUp], data: UnitYearData, as_of: dt.date,
                   sections: dict[str, tuple[str, str]], settings: Thresholds = DEFAULT) -> MeasureStatus:
    """done / overdue / at_risk / on_track for one measure, with the reasons."""
    section, owner = sections.get(measure.owner_section or "", (words_of(data.unit.kind).no_section, ""))
    latest = reports[max(reports)] if reports else None

    def status(state: MeasureState, *reasons: str) -> MeasureStatus:
        return MeasureStatus(measure, state, tuple(reasons), latest, section, owner)

    # done: marked done by the unit, or its latest known report says done (a later "in progress" reopens it)
    if measure.done or (latest is not None and is_done_report(latest)):
        finished_in = done_month(reports)
        when = f" (รายงานเดือน {finished_in.label()})" if finished_in else ""
        return status(MeasureState.DONE, f"ดำเนินการแล้วเสร็จ{when}")

    deadline, by_year_end = judged_deadline(measure, data.fiscal_year)
    if deadline is not None and deadline < as_of:
        days = (as_of - deadline).days
        if by_year_end:
            return status(MeasureState.OVERDUE, f"เลยสิ้นปีงบประมาณ {format_date(deadline)} มาแล้ว {days} วัน "
                                                "(กำหนด: เมื่อดำเนินการเสร็จสิ้น)", f"ล่าสุด: {_percent(latest)}")
        return status(MeasureState.OVERDUE,
                      f"เลยกำหนด {format_date(deadline)} มาแล้ว {days} วัน", f"ล่าสุด: {_percent(latest)}")

    reasons = []
    if by_year_end:
        if as_of >= last_quarter_start(data.fiscal_year):
            reasons.append(f"ไตรมาสสุดท้ายของปีงบประมาณ ยังไม่เสร็จ (ต้องเสร็จภายใน {format_date(deadline)}): "
                           f"{_percent(latest)}")
    elif deadline is not None and (deadline - as_of).days <= settings.at_risk_days:
        days = (deadline - as_of).days
        when = "วันนี้" if days == 0 else f"ในอีก {days} วัน"
        reasons.append(f"ครบกำหนด{when} ({format_date(deadline)}) ยังไม่เสร็จ: {_percent(latest)}")
    closed = [m for m in due_months(measure, data.fiscal_year, data.year.plan_start) if is_closed(m, as_of, settings)]
    if closed:
        period = closed[-1]
        report = reports.get(period)
        if report is None:
            reasons.append(f"ยังไม่รายงานผล{report_period(measure, period)}")
        elif report.status is FollowUpStatus.BLOCKED:
            note = f": {report.note}" if report.note else ""
            reasons.append(f"รายงาน{report_period(measure, period)} ติดปัญหา{note}")
    if reasons:
        return status(MeasureState.AT_RISK, *reasons)
    due = f"กำหนด {format_date(measure.deadline)}" if measure.deadline else (measure.deadline_text or "ไม่มีกำหนดเสร็จ")
    if by_year_end:
        due = f"เมื่อดำเนินการเสร็จสิ้น ภายในสิ้นปีงบประมาณ {format_date(deadline)}"
    return status(MeasureState.ON_TRACK, f"ตามแผน ({due}); ล่าสุด: {_percent(latest)}")


def section_lookup(data: UnitYearData) -> dict[str, tuple[str, str]]:
    return {s.code: (s.name, s.head_name) for s in data.sections}


def assess_measures(data: UnitYearData, as_of: dt.date, settings: Thresholds = DEFAULT) -> list[MeasureStatus]:
    reports = reports_by_measure(data, as_of)
    sections = section_lookup(data)
    return [
        assess_measure(m, reports.get(m.code, {}), data, as_of, sections, settings)
        for m in data.measures
        if not m.retired
    ]


# -- OIT items ----------------------------------------------------------------------------------------------

READY = {OitStatus.READY_FOR_REVIEW, OitStatus.APPROVED, OitStatus.PUBLISHED}
CLEARED = {OitStatus.APPROVED, OitStatus.PUBLISHED}


@dataclass(frozen=True)
class OitItemStatus:
    spec: OitItemSpec
    item: OitItem  # the unit's record, or a not-started one when the unit has none yet
    due: dt.date | None
    light: Light
    reason: str
    section: str
    owner: str
    link_check: LinkCheck | None = None  # the last check of the item's link (issue 19), when there is one

    @property
    def indicator(self) -> int | None:
        if self.spec.sub_indicator is None:
            return None
        return int(self.spec.sub_indicator.split(".")[0])

    def as_reason(self) -> Reason:
        return Reason(self.light, f"{self.spec.code} {self.spec.title} — {self.reason}", self.spec.code, self.section, self.owner)


def assess_oit_items(template: FrameworkTemplate, data: UnitYearData, as_of: dt.date,
                     settings: Thresholds = DEFAULT) -> list[OitItemStatus]:
    """Red: due date passed and not approved or published. Amber: due within the warning days and not yet ready
    for review. Green: cleared, or on its way. Grey: no due date known."""
    records = {item.code: item for item in data.oit_items}
    sections = section_lookup(data)
    result = []
    for spec in template.oit_items or []:
        item = records.get(spec.code) or OitItem(code=spec.code, owner_section=spec.owner_section)
        due = item.due_date or spec.due
        section, owner = sections.get(item.owner_section or spec.owner_section or "",
                                      (words_of(data.unit.kind).no_section, ""))
        state = thai(item.status)
        if item.status in CLEARED:
            light, reason = Light.GREEN, state
        elif due is None:
            light, reason = Light.GREY, f"{state}; ยังไม่กำหนดวันแล้วเสร็จ"
        elif due < as_of:
            light, reason = Light.RED, f"เลยกำหนด {format_date(due)} สถานะ: {state}"
        elif (due - as_of).days <= settings.oit_warning_days and item.status not in READY:
            light, reason = Light.AMBER, f"ครบกำหนด {format_date(due)} อีก {(due - as_of).days} วัน สถานะ: {state}"
        else:
            light, reason = Light.GREEN, f"{state}; กำหนด {format_date(due)}"
        result.append(OitItemStatus(spec, item, due, light, reason, section, owner))
    return result


# -- broken OIT links (issue 19) -----------------------------------------------------------------------------


def in_oit_check_window(template: FrameworkTemplate, as_of: dt.date) -> bool:
    """Whether NACC's assessors are checking the units' OIT links on ``as_of`` (the calendar's OIT check phase)."""
    phase = template.phase(PhaseKind.OIT_CHECK)
    return bool(phase and phase.start and phase.end and phase.start <= as_of <= phase.end)


def apply_link_checks(items: list[OitItemStatus], checks: Mapping[str, LinkCheck], template: FrameworkTemplate,
                      as_of: dt.date) -> list[OitItemStatus]:
    """A separate step after :func:`assess_oit_items`: an item whose link was found broken turns amber — red inside
    the OIT checking window, when assessors open it — with the reason; a link that opens but not over HTTPS, or
    on another website, turns it amber. Only checks made by ``as_of`` count. A worse light is never lowered."""
    window = in_oit_check_window(template, as_of)
    result = []
    for status in items:
        check = checks.get(status.item.link.strip()) if status.item.link.strip() else None
        if check is None or check.checked_at.astimezone(BANGKOK).date() > as_of:
            result.append(status)
            continue
        if not check.problem:
            result.append(replace(status, link_check=check))
            continue
        light = Light.RED if window and check.state in BROKEN else Light.AMBER
        if _SEVERITY[status.light] > _SEVERITY[light]:
            light = status.light
        when = format_date(check.checked_at.astimezone(BANGKOK).date())
        reason = f"{status.reason}; ลิงก์มีปัญหา: {check.describe()} (ตรวจเมื่อ {when})"
        if window and check.state in BROKEN:
            reason += " — อยู่ในช่วงที่ผู้ประเมินตรวจ OIT"
        result.append(replace(status, light=light, reason=reason, link_check=check))
    return result


# -- indicators -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorTally:
    """How many of an indicator's measures and OIT items stand where: all its light depends on. The SQL store
    counts these with grouped queries for a whole province or country; :func:`indicator_lights` counts them from
    the assessed measures of one unit."""

    measures: int = 0
    overdue: int = 0
    at_risk: int = 0
    oit_red: int = 0
    oit_amber: int = 0
    oit_green: int = 0

    @property
    def light(self) -> Light:
        """Red if a measure is overdue or an OIT item is past due and not cleared; amber if one is at risk or an
        item is due soon and not ready for review; green if there is anything and all of it is on track; grey if
        there is nothing to judge."""
        if self.overdue or self.oit_red:
            return Light.RED
        if self.at_risk or self.oit_amber:
            return Light.AMBER
        if self.measures or self.oit_green:
            return Light.GREEN
        return Light.GREY


@dataclass(frozen=True)
class IndicatorLight:
    number: int
    name: str
    tool: Tool
    light: Light
    reasons: tuple[Reason, ...]  # the red and amber ones first; a summary when all is well
    measure_count: int
    oit_count: int


def oit_items_text(items: list[OitItemStatus]) -> str:
    """An indicator's OIT items counted the way the overview counts the unit's (issue 34): published, and apart
    from them the approved ones waiting to be published (both clear an item's light)."""
    published = sum(1 for i in items if i.item.status is OitStatus.PUBLISHED)
    approved = sum(1 for i in items if i.item.status is OitStatus.APPROVED)
    waiting = f" · อนุมัติแล้วรอเผยแพร่ {approved} ข้อ" if approved else ""
    return f"รายการ OIT ของตัวชี้วัดนี้: {oit_published_text(published, len(items))}{waiting}"


def indicator_lights(template: FrameworkTemplate, measures: list[MeasureStatus],
                     oit_items: list[OitItemStatus]) -> list[IndicatorLight]:
    """Red if any measure is overdue (or, for 9 and 10, an OIT item is past due and not cleared); amber if any is at
    risk (or an item is due soon and not ready for review); green if all are done or on track; grey if none."""
    lights = []
    for indicator in sorted(template.indicators, key=lambda i: i.number):
        own = [m for m in measures if m.measure.indicator == indicator.number]
        items = [i for i in oit_items if i.indicator == indicator.number] if indicator.tool is Tool.OIT else []
        problems = [m.reason() for m in own if m.light in (Light.RED, Light.AMBER)]
        problems += [i.as_reason() for i in items if i.light in (Light.RED, Light.AMBER)]
        problems.sort(key=lambda r: -_SEVERITY[r.light])
        light = IndicatorTally(
            measures=len(own),
            overdue=sum(1 for m in own if m.state is MeasureState.OVERDUE),
            at_risk=sum(1 for m in own if m.state is MeasureState.AT_RISK),
            oit_red=sum(1 for i in items if i.light is Light.RED),
            oit_amber=sum(1 for i in items if i.light is Light.AMBER),
            oit_green=sum(1 for i in items if i.light is Light.GREEN),
        ).light
        summary = []
        if own:
            counts = {state: sum(1 for m in own if m.state is state) for state in MeasureState}
            text = ", ".join(f"{MEASURE_STATE_LABELS[s]} {n}" for s, n in counts.items() if n)
            summary.append(Reason(light if light is not Light.GREY else Light.GREEN, f"มาตรการ {len(own)} รายการ: {text}"))
        if items:
            summary.append(Reason(light, oit_items_text(items)))
        if not own and not items:
            summary.append(Reason(Light.GREY, "ยังไม่มีมาตรการของตัวชี้วัดนี้"))
        lights.append(IndicatorLight(indicator.number, indicator.name, indicator.tool, light,
                                     tuple(problems + summary), len(own), len(items)))
    return lights
