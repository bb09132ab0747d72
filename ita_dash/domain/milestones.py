"""Countdowns to the ITA calendar's deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .framework import FrameworkTemplate, Phase
from .lights import Light
from .settings import DEFAULT, Thresholds


@dataclass(frozen=True)
class Milestone:
    phase: Phase
    date: dt.date
    starts: bool  # True: the phase opens on that day; False: it closes
    days_left: int
    light: Light
    # the close of an open collection window while its quota is behind: listed first whatever its date
    behind: str = ""  # e.g. "EIT ได้ 120 จากขั้นต่ำ 300 ควรได้ 180"

    @property
    def label(self) -> str:
        text = f"{'เริ่ม' if self.starts else 'สิ้นสุด'}: {self.phase.name}"
        return f"{text} (ผู้ตอบยังไม่ถึงเป้า)" if self.behind else text


def countdown_light(days_left: int, settings: Thresholds = DEFAULT) -> Light:
    """Red within 7 days, amber within 30, green further off; grey once passed."""
    if days_left < 0:
        return Light.GREY
    if days_left <= settings.countdown_red_days:
        return Light.RED
    if days_left <= settings.countdown_amber_days:
        return Light.AMBER
    return Light.GREEN


def milestones(template: FrameworkTemplate, as_of: dt.date, settings: Thresholds = DEFAULT,
               quotas: list | None = None) -> list[Milestone]:
    """Every phase opening and closing from ``as_of`` on, soonest first (closings before openings on one day).
    With ``quotas`` (:class:`ita_dash.domain.quotas.QuotaLight`), the close of an open collection window whose quota
    is red or amber comes first: that is the date the chief must not miss."""
    behind: dict[tuple, str] = {}
    for quota in quotas or []:
        window = quota.window
        if (quota.light in (Light.RED, Light.AMBER) and window is not None and window.start is not None
                and window.end is not None and window.start <= as_of <= window.end):
            key = (window.kind, window.name, window.end)
            behind.setdefault(key, f"{quota.label}: {quota.reason}")
    found = []
    for phase in template.calendar or []:
        for day, starts in ((phase.start, True), (phase.end, False)):
            if day is not None and day >= as_of:
                days = (day - as_of).days
                note = "" if starts else behind.get((phase.kind, phase.name, phase.end), "")
                found.append(Milestone(phase, day, starts, days, countdown_light(days, settings), note))
    return sorted(found, key=lambda m: (not m.behind, m.date, m.starts, m.phase.name))


class PhaseState:
    PAST, CURRENT, FUTURE, UNKNOWN = "past", "current", "future", "unknown"


def phase_state(phase: Phase, as_of: dt.date) -> str:
    if phase.end is not None and phase.end < as_of:
        return PhaseState.PAST
    if phase.start is not None and phase.start > as_of:
        return PhaseState.FUTURE
    if phase.start is None and phase.end is None:
        return PhaseState.UNKNOWN
    return PhaseState.CURRENT
