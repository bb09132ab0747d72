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

    @property
    def label(self) -> str:
        return f"{'เริ่ม' if self.starts else 'สิ้นสุด'}: {self.phase.name}"


def countdown_light(days_left: int, settings: Thresholds = DEFAULT) -> Light:
    """Red within 7 days, amber within 30, green further off; grey once passed."""
    if days_left < 0:
        return Light.GREY
    if days_left <= settings.countdown_red_days:
        return Light.RED
    if days_left <= settings.countdown_amber_days:
        return Light.AMBER
    return Light.GREEN


def milestones(template: FrameworkTemplate, as_of: dt.date, settings: Thresholds = DEFAULT) -> list[Milestone]:
    """Every phase opening and closing from ``as_of`` on, soonest first (closings before openings on one day)."""
    found = []
    for phase in template.calendar or []:
        for day, starts in ((phase.start, True), (phase.end, False)):
            if day is not None and day >= as_of:
                days = (day - as_of).days
                found.append(Milestone(phase, day, starts, days, countdown_light(days, settings)))
    return sorted(found, key=lambda m: (m.date, m.starts, m.phase.name))


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
