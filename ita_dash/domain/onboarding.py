"""A unit's first steps (issue 13): what a chief does in the first ten minutes, and whether each is done. The
overview shows these as a checklist while any of them is open; the rule lives here, not in the page."""

from __future__ import annotations

from dataclasses import dataclass

from .framework import FrameworkTemplate
from .model import UnitYearData


@dataclass(frozen=True)
class FirstStep:
    key: str  # sections · plan · itap · oit_owners (the overview links each to its page)
    label: str
    done: bool
    detail: str


def first_steps(data: UnitYearData, template: FrameworkTemplate) -> list[FirstStep]:
    """The four steps of a unit's year, in the order a chief takes them. ``data.sections`` holds the active ones."""
    sections = {s.code for s in data.sections}
    headless = [s.name for s in data.sections if not s.head_name.strip()]
    steps = [FirstStep(
        "sections", "สายงานและหัวหน้าสายงาน", bool(sections) and not headless,
        "ยังไม่มีสายงาน" if not sections else (f"ยังไม่ระบุหัวหน้า: {', '.join(headless)}" if headless
                                              else f"{len(sections)} สายงาน มีหัวหน้าครบ"))]
    measures = [m for m in data.measures if not m.retired]
    steps.append(FirstStep("plan", "นำเข้าแผนมาตรการ", bool(measures),
                           f"{len(measures)} มาตรการ" if measures else f"ยังไม่มีมาตรการของปี {data.fiscal_year}"))
    snapshots = data.quota_snapshots
    steps.append(FirstStep("itap", "บันทึกจำนวนผู้ตอบจาก ITAP", bool(snapshots),
                           f"บันทึกแล้ว {len(snapshots)} ครั้ง" if snapshots else "ยังไม่ได้บันทึกจำนวนผู้ตอบ IIT/EIT"))
    owners = {item.code: item.owner_section for item in data.oit_items}
    specs = template.oit_items or []
    unowned = [s.code for s in specs if owners.get(s.code, s.owner_section) not in sections]
    steps.append(FirstStep("oit_owners", "กำหนดผู้รับผิดชอบรายการ OIT", bool(specs) and not unowned,
                           "แม่แบบไม่มีรายการ OIT" if not specs else (
                               f"ยังไม่มีสายงานรับผิดชอบ: {', '.join(unowned[:8])}" + (" …" if len(unowned) > 8 else "")
                               if unowned else f"ครบ {len(specs)} รายการ")))
    return steps


def show_first_steps(data: UnitYearData, steps: list[FirstStep]) -> bool:
    """The checklist is for a unit starting its year: shown while any step is open, until the year's first monthly
    report (a unit already reporting has found its way; ITAP counts, say, only come once collection opens)."""
    return not all(step.done for step in steps) and not data.follow_ups
