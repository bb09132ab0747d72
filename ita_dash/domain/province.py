"""Comparing the units of a province: one line per unit, and the sections that have not reported."""

from __future__ import annotations

from dataclasses import dataclass

from .followup import SectionMonthStatus
from .lights import Light
from .model import ItaResult, Unit
from .status import UnitStatus


@dataclass(frozen=True)
class UnitLine:
    unit: Unit
    lights: tuple[Light, ...]  # indicators 1–10
    iit_share: float | None
    eit_share: float | None
    oit_share: float | None  # published / total
    readiness: float
    change: float | None  # readiness now minus at the end of last month
    missing_sections: tuple[tuple[str, str], ...]  # (section name, head) behind on the last closed month


def unit_line(now: UnitStatus, month_ago: UnitStatus | None = None) -> UnitLine:
    quotas = {q.key: q for q in now.quotas}
    readiness = now.readiness
    names = {s.code: (s.name, s.head_name) for s in now.data.sections}
    behind = tuple(names.get(cell.section, ("ไม่ระบุสายงาน", "")) for cell in now.sections_missing(now.report_month))
    return UnitLine(
        unit=now.data.unit,
        lights=tuple(i.light for i in sorted(now.indicators, key=lambda i: i.number)),
        iit_share=quotas["IIT"].share if "IIT" in quotas else None,
        eit_share=quotas["EIT"].share if "EIT" in quotas else None,
        oit_share=(readiness.oit_published / readiness.oit_total) if readiness.oit_total else None,
        readiness=readiness.value,
        change=None if month_ago is None else round(readiness.value - month_ago.readiness.value, 1),
        missing_sections=behind,
    )


def ranked(lines: list[UnitLine]) -> list[UnitLine]:
    return sorted(lines, key=lambda line: (-line.readiness, line.unit.code))


def not_reported(statuses: list[UnitStatus]) -> list[tuple[Unit, str, str, SectionMonthStatus]]:
    """(unit, section, head, status) for every section that has not reported, or not fully, for the last closed
    month."""
    found = []
    for status in statuses:
        names = {s.code: (s.name, s.head_name) for s in status.data.sections}
        for cell in status.sections_missing(status.report_month):
            name, head = names.get(cell.section, ("ไม่ระบุสายงาน", ""))
            found.append((status.data.unit, name, head, cell.status))
    return found


def fell_below(results: list[tuple[Unit, ItaResult]], pass_mark: float = 85) -> list[tuple[Unit, ItaResult, ItaResult | None]]:
    """Units whose latest result is under the pass mark, with the year before for comparison."""
    by_unit: dict[str, list[tuple[Unit, ItaResult]]] = {}
    for unit, result in results:
        by_unit.setdefault(unit.code, []).append((unit, result))
    below = []
    for rows in by_unit.values():
        rows.sort(key=lambda row: row[1].fiscal_year)
        unit, latest = rows[-1]
        if latest.total < pass_mark:
            below.append((unit, latest, rows[-2][1] if len(rows) > 1 else None))
    return sorted(below, key=lambda row: row[1].total)
