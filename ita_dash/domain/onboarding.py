"""A unit's first steps (issue 13): what a chief does in the first ten minutes, and whether each is done. The
overview shows these as a checklist while any of them is open; the rule lives here, not in the page."""

from __future__ import annotations

from dataclasses import dataclass

from .framework import FrameworkTemplate
from .model import UnitYearData
from .wording import words_of


@dataclass(frozen=True)
class FirstStep:
    key: str  # sections · plan · itap · oit_owners · oit_list (the overview links each to its page)
    label: str
    done: bool
    detail: str
    counted: bool = True  # False: a step that waits on a list the unit copies from ITAP, not on the chief's work


OIT_LIST_STEP = "นำรายการ OIT จากระบบ ITAP เข้ามา"


def first_steps(data: UnitYearData, template: FrameworkTemplate) -> list[FirstStep]:
    """The steps of a unit's year, in the order a chief takes them, in the words of the unit's kind. ``data.sections``
    holds the active ones. When neither the template nor the unit has an OIT list (a local administration's year),
    the last step is to bring the list in from ITAP: shown as the next step, not counted as the chief's open work."""
    words = words_of(data.unit.kind)
    sections = {s.code for s in data.sections}
    headless = [s.name for s in data.sections if not s.head_name.strip()]
    steps = [FirstStep(
        "sections", words.sections_and_heads, bool(sections) and not headless,
        f"ยังไม่มี{words.section}" if not sections else (f"ยังไม่ระบุหัวหน้า: {', '.join(headless)}" if headless
                                                         else f"{len(sections)} {words.section} มีหัวหน้าครบ"))]
    measures = [m for m in data.measures if not m.retired]
    steps.append(FirstStep("plan", "นำเข้าแผนมาตรการ", bool(measures),
                           f"{len(measures)} มาตรการ" if measures else f"ยังไม่มีมาตรการของปี {data.fiscal_year}"))
    snapshots = data.quota_snapshots
    steps.append(FirstStep("itap", "บันทึกจำนวนผู้ตอบจาก ITAP", bool(snapshots),
                           f"บันทึกแล้ว {len(snapshots)} ครั้ง" if snapshots else "ยังไม่ได้บันทึกจำนวนผู้ตอบ IIT/EIT"))
    owners = {item.code: item.owner_section for item in data.oit_items}
    specs = {s.code: s.owner_section for s in template.oit_items or []} or {code: None for code in owners}
    if not specs:
        steps.append(FirstStep("oit_list", OIT_LIST_STEP, False,
                               f"แม่แบบปี {data.fiscal_year} ยังไม่มีรายการ OIT ของหน่วยประเภทนี้ — คัดลอกรายการ ผู้รับผิดชอบ "
                               f"และกำหนดส่งจากระบบ ITAP แล้วจึงกำหนด{words.section}ที่รับผิดชอบแต่ละรายการ",
                               counted=False))
        return steps
    unowned = [code for code, owner in specs.items() if owners.get(code, owner) not in sections]
    steps.append(FirstStep("oit_owners", "กำหนดผู้รับผิดชอบรายการ OIT", not unowned,
                           f"ยังไม่มี{words.section}รับผิดชอบ: {', '.join(unowned[:8])}" + (" …" if len(unowned) > 8 else "")
                           if unowned else f"ครบ {len(specs)} รายการ"))
    return steps


def show_first_steps(data: UnitYearData, steps: list[FirstStep]) -> bool:
    """The checklist is for a unit starting its year: shown while any counted step is open, until the year's first monthly
    report (a unit already reporting has found its way; ITAP counts, say, only come once collection opens)."""
    return not all(step.done for step in steps if step.counted) and not data.follow_ups
