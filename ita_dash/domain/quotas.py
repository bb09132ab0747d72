"""IIT/EIT quota lights, the pace forecast, and the readiness index.

Counts come from the quota snapshots a unit copies from ITAP; only snapshots taken on or before ``as_of`` count.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .figure_text import (
    NOT_COMPUTABLE,
    FigureState,
    against_target,
    count_text,
    readiness_text,
    share_text,
    state_of,
    why_no_count,
)
from .framework import FrameworkTemplate, Phase, PhaseKind, Quota
from .lights import Light, OitItemStatus
from .model import OitStatus, QuotaSnapshot, QuotaTool, UnitYearData
from .settings import DEFAULT, Thresholds
from .thaidate import format_date

_WINDOWS = {QuotaTool.IIT: PhaseKind.IIT_COLLECTION, QuotaTool.EIT: PhaseKind.EIT_COLLECTION,
            QuotaTool.EIT2: PhaseKind.EIT2_IMPORT}


@dataclass(frozen=True)
class Pace:
    projected: int  # the count at the window's end if the pace so far continues
    per_day_needed: int  # more answers needed each day, today included, to reach the target
    days_left: int


@dataclass(frozen=True)
class QuotaLight:
    key: str  # "IIT", "EIT", "EIT:patrol"
    tool: QuotaTool
    label: str
    sections: tuple[str, ...]  # the sections an EIT section quota covers; () for a unit total
    target: int | None
    count: int
    expected: float | None  # the count the pace of the window asks for by as_of
    light: Light
    reason: str
    window: Phase | None
    pace: Pace | None
    history: tuple[tuple[dt.date, int], ...]  # cumulative count at each snapshot date
    # False: no count was ever copied from ITAP for this quota (count is then 0 but means "unknown", not "nobody")
    recorded: bool = True
    opens: dt.date | None = None  # the day its window opens, while it has not on the day judged

    NOT_RECORDED = "ยังไม่ได้บันทึกจากระบบ ITAP"

    @property
    def state(self) -> FigureState:
        """What the count means (:mod:`.figure_text`): shown, not open yet, or not recorded."""
        return state_of(self.recorded, self.opens)

    @property
    def count_text(self) -> str:
        """The count as a person should read it: "ยังไม่เปิด" or "ยังไม่ได้บันทึก" for a count nobody has, never a
        misleading 0."""
        return count_text(self.count, self.state)

    @property
    def target_text(self) -> str:
        """The count against its minimum: "37/128", or "ยังไม่เปิด (ขั้นต่ำ 128)" — never "0/128"."""
        return against_target(self.count, self.target, self.state)

    @property
    def share_text(self) -> str:
        return share_text(self.share, self.state)

    @property
    def absent_text(self) -> str:
        """Why there is no count ("ยังไม่เปิดเก็บข้อมูล (เริ่ม …)", "ยังไม่ได้บันทึก…"), or "" when there is one."""
        return why_no_count(self.state, self.opens)

    @property
    def share(self) -> float | None:
        return None if not self.target else self.count / self.target


def _series(snapshots: list[QuotaSnapshot], sections: tuple[str, ...]) -> list[tuple[dt.date, int]]:
    """The count over time. A unit total is the snapshots without a section; when a unit copies only section
    counts (or for a section quota that covers several sections) the count is the sum of each section's latest."""
    if not sections:
        totals = [s for s in snapshots if s.section is None]
        if totals:
            return [(s.taken_on, s.count) for s in sorted(totals, key=lambda s: s.taken_on)]
        sections = tuple(sorted({s.section for s in snapshots if s.section}))
    relevant = sorted((s for s in snapshots if s.section in sections), key=lambda s: s.taken_on)
    latest: dict[str, int] = {}
    series: dict[dt.date, int] = {}
    for snapshot in relevant:
        latest[snapshot.section] = snapshot.count
        series[snapshot.taken_on] = sum(latest.values())
    return sorted(series.items())


def _pace(history: list[tuple[dt.date, int]], window: Phase, target: int, as_of: dt.date) -> Pace | None:
    if not history or window.start is None or window.end is None or not window.start <= as_of <= window.end:
        return None
    last_day, count = history[-1]
    elapsed = max(1, (last_day - window.start).days)
    rate = count / elapsed  # the window opens at zero
    projected = count + rate * (window.end - last_day).days
    days_left = (window.end - as_of).days + 1
    needed = math.ceil(max(0, target - count) / days_left)
    return Pace(projected=int(projected), per_day_needed=needed, days_left=days_left)


def not_open_yet(window: Phase | None, as_of: dt.date) -> bool:
    """Whether a collection window has not opened on ``as_of``: its figures are then "ยังไม่เปิด", never 0 %."""
    return window is not None and window.start is not None and as_of < window.start


def collection_not_open(template: FrameworkTemplate, tool: QuotaTool, as_of: dt.date) -> bool:
    """The same rule for one tool of a template (the province view greys a unit's IIT or EIT cell with it)."""
    return not_open_yet(template.phase(_WINDOWS[tool]), as_of)


def _light(target: int | None, count: int, window: Phase | None, as_of: dt.date,
           settings: Thresholds) -> tuple[Light, float | None, str]:
    if target is None:
        return Light.GREY, None, "ไม่ทราบจำนวนขั้นต่ำ (แม่แบบไม่ระบุ)"
    if window is None or window.start is None or window.end is None:
        return Light.GREY, None, "ไม่ทราบช่วงเวลาเก็บข้อมูล (แม่แบบไม่ระบุ)"
    if not_open_yet(window, as_of):
        return Light.GREY, None, f"ยังไม่เปิดเก็บข้อมูล (เริ่ม {format_date(window.start)})"
    if as_of > window.end:
        if count >= target:
            return Light.GREEN, float(target), f"ปิดแล้ว ได้ {count} จากขั้นต่ำ {target}"
        return Light.RED, float(target), f"ปิดแล้ว ได้ {count} ขาดอีก {target - count} จากขั้นต่ำ {target}"
    span = (window.end - window.start).days
    share = 1.0 if span == 0 else (as_of - window.start).days / span
    expected = target * share
    status = f"ได้ {count} จากขั้นต่ำ {target} (ควรได้ {math.ceil(expected)} ณ วันนี้, ปิด {format_date(window.end)})"
    if count >= target or count >= expected:
        return Light.GREEN, expected, status
    if count < settings.quota_red_share * expected:
        return Light.RED, expected, status
    return Light.AMBER, expected, status


def _one(key: str, tool: QuotaTool, label: str, sections: tuple[str, ...], target: int | None,
         snapshots: list[QuotaSnapshot], window: Phase | None, as_of: dt.date, settings: Thresholds,
         last_entry: dt.date | None = None) -> QuotaLight:
    history = _series(snapshots, sections)
    count = history[-1][1] if history else 0
    opens = window.start if not_open_yet(window, as_of) else None
    light, expected, reason = _light(target, count, window, as_of, settings)
    judged = target is not None and window is not None and window.start is not None and window.end is not None
    if not history and judged and as_of >= window.start:
        # nothing copied from ITAP: grey and said so, never judged as a real 0
        when = f" (บันทึกจำนวนผู้ตอบครั้งล่าสุด {format_date(last_entry)})" if last_entry else ""
        light, expected, reason = Light.GREY, None, QuotaLight.NOT_RECORDED + when
        return QuotaLight(key, tool, label, sections, target, count, expected, light, reason, window, None, (), False)
    pace = _pace(history, window, target, as_of) if target and window else None
    return QuotaLight(key, tool, label, sections, target, count, expected, light, reason, window, pace, tuple(history),
                      bool(history), opens)


def iit_target(quota: Quota | None, staff_count: int | None) -> int | None:
    """The template's minimum, capped by the unit's staff count ("or everyone if fewer")."""
    minimum = quota.minimum if quota else None
    if minimum is None:
        return staff_count
    return minimum if staff_count is None else min(minimum, staff_count)


def quota_lights(template: FrameworkTemplate, data: UnitYearData, as_of: dt.date,
                 settings: Thresholds = DEFAULT) -> list[QuotaLight]:
    """IIT, EIT, each EIT section quota, and EIT(2) when the template has it."""
    known = [s for s in data.quota_snapshots if s.taken_on <= as_of]
    by_tool = {tool: [s for s in known if s.tool is tool] for tool in QuotaTool}
    last = max((s.taken_on for s in known), default=None)
    names = {s.code: s.name for s in data.sections}
    quotas = template.quotas
    lights = [
        _one("IIT", QuotaTool.IIT, "IIT ผู้มีส่วนได้ส่วนเสียภายใน", (), iit_target(quotas.iit, data.year.staff_count),
             by_tool[QuotaTool.IIT], template.phase(_WINDOWS[QuotaTool.IIT]), as_of, settings, last),
        _one("EIT", QuotaTool.EIT, "EIT ผู้มีส่วนได้ส่วนเสียภายนอก", (), quotas.eit.minimum if quotas.eit else None,
             by_tool[QuotaTool.EIT], template.phase(_WINDOWS[QuotaTool.EIT]), as_of, settings, last),
    ]
    for part in (quotas.eit.parts or []) if quotas.eit else []:
        label = "EIT " + " / ".join(names.get(code, code) for code in part.sections)
        lights.append(_one(f"EIT:{'+'.join(part.sections)}", QuotaTool.EIT, label, tuple(part.sections),
                           part.minimum, by_tool[QuotaTool.EIT], template.phase(_WINDOWS[QuotaTool.EIT]), as_of, settings, last))
    if quotas.eit2 is not None:
        lights.append(_one("EIT2", QuotaTool.EIT2, "EIT(2) ผู้แทนผู้รับบริการ", (), quotas.eit2.minimum,
                           by_tool[QuotaTool.EIT2], template.phase(_WINDOWS[QuotaTool.EIT2]), as_of, settings, last))
    return lights


@dataclass(frozen=True)
class Readiness:
    """Our readiness figure, 0–100. It is never the NACC score and is always labelled so."""

    value: float
    iit_share: float | None
    eit_share: float | None
    oit_published: int
    oit_total: int
    notes: tuple[str, ...]
    opens: dt.date | None = None  # the day both IIT and EIT collection are open, while they are not: "ยังไม่เปิด"
    iit_state: FigureState = FigureState.SHOWN
    eit_state: FigureState = FigureState.SHOWN
    weights: tuple[int, int, int] = (DEFAULT.readiness_iit, DEFAULT.readiness_eit, DEFAULT.readiness_oit)

    LABEL = "ดัชนีความพร้อม (ตัวเลขของหน่วยเอง ไม่ใช่คะแนน ITA ของ ป.ป.ช.)"
    NOT_YET = NOT_COMPUTABLE

    @property
    def missing(self) -> tuple[str, ...]:
        """What the index cannot be computed without (issue 32): a minimum or the OIT list nobody has entered yet.
        Until then it is "ยังคำนวณไม่ได้", never a 0.0 that reads as the worst score."""
        return readiness_missing(self.iit_share, self.eit_share, self.oit_total)

    @property
    def computed(self) -> float | None:
        """The index, or None while it cannot be computed (what the province comparison carries and ranks by)."""
        return None if self.missing else self.value

    @property
    def recorded(self) -> bool:
        """Whether the IIT and EIT counts it stands on were copied from ITAP (not an invented 0)."""
        return FigureState.NOT_RECORDED not in (self.iit_state, self.eit_state)

    @property
    def judged(self) -> bool:
        """Whether the index is a figure to read: computed, both IIT and EIT collection open and their counts
        recorded (issue 34)."""
        return not self.missing and self.opens is None and self.recorded

    def text(self) -> str:
        """The index as every output prints it: the figure, "ยังคำนวณไม่ได้", "ยังไม่เปิด" or "ยังไม่ได้บันทึก"
        (:func:`.figure_text.readiness_text`)."""
        return readiness_text(self.computed, self.opens, self.recorded)

    def formula(self) -> str:
        """The index's parts and their weights, short: "IIT 30 + EIT 30 + OIT 40 คะแนน"."""
        iit, eit, oit = self.weights
        return f"IIT {iit} + EIT {eit} + OIT {oit} คะแนน"

    def made_of(self) -> str:
        """What the index is made of, in the words of the pages and the printed outputs."""
        return (f"ดัชนีความพร้อม = {self.formula()}: จำนวนผู้ตอบ IIT และ EIT เทียบจำนวนขั้นต่ำ และรายการ OIT ที่เผยแพร่แล้ว "
                "(แต่ละส่วนเต็มที่ร้อยละ 100)")

    def parts_text(self) -> str:
        """Where each part stands today: "IIT ยังไม่เปิด · EIT ยังไม่เปิด · OIT เผยแพร่แล้ว 0/25 ข้อ"."""
        oit = f"OIT เผยแพร่แล้ว {self.oit_published}/{self.oit_total} ข้อ" if self.oit_total else "OIT ไม่มีรายการ"
        return (f"IIT {share_text(self.iit_share, self.iit_state)} · EIT {share_text(self.eit_share, self.eit_state)}"
                f" · {oit}")

    def first_moves(self) -> str:
        """When the index can first be read, or "" once it can."""
        if self.missing:
            return f"คำนวณได้เมื่อทราบ{', '.join(self.missing)} จากระบบ ITAP"
        if self.opens is not None:
            return f"เริ่มคำนวณได้เมื่อเปิดเก็บ IIT/EIT {format_date(self.opens)}"
        if not self.recorded:
            return "คำนวณได้เมื่อบันทึกจำนวนผู้ตอบ IIT และ EIT จากระบบ ITAP"
        return ""

    def explained(self) -> tuple[str, ...]:
        """The lines every output prints under the index: what it is made of, where each part stands, and when it
        can first move while it cannot be read yet."""
        return tuple(line for line in (self.made_of(), "ขณะนี้ " + self.parts_text(), self.first_moves()) if line)


def readiness(quotas: list[QuotaLight], oit_items: list[OitItemStatus], settings: Thresholds = DEFAULT) -> Readiness:
    """30 × IIT share + 30 × EIT share + 40 × share of OIT items published, each share capped at 1."""
    by_key = {q.key: q for q in quotas}
    notes = []
    shares = {}
    for key in ("IIT", "EIT"):
        share = by_key[key].share if key in by_key else None
        if share is None:
            notes.append(f"{key}: ไม่ทราบจำนวนขั้นต่ำ นับเป็น 0")
        shares[key] = share
    published = sum(1 for i in oit_items if i.item.status is OitStatus.PUBLISHED)
    total = len(oit_items)
    if not total:
        notes.append("OIT: แม่แบบไม่มีรายการ นับเป็น 0")
    value = readiness_value(shares["IIT"], shares["EIT"], published, total, settings)
    opens = max((by_key[k].opens for k in ("IIT", "EIT") if k in by_key and by_key[k].opens), default=None)
    states = {k: by_key[k].state if k in by_key else FigureState.SHOWN for k in ("IIT", "EIT")}
    return Readiness(value, shares["IIT"], shares["EIT"], published, total, tuple(notes), opens,
                     states["IIT"], states["EIT"], (settings.readiness_iit, settings.readiness_eit, settings.readiness_oit))


def readiness_missing(iit_share: float | None, eit_share: float | None, oit_total: int) -> tuple[str, ...]:
    """What the readiness index lacks to be computed: an unknown IIT or EIT minimum (no share) or no OIT list. The
    one rule for the unit's pages and for the province's figures computed in SQL (:func:`computed_readiness`)."""
    gaps = (("จำนวนขั้นต่ำ IIT", iit_share is None), ("จำนวนขั้นต่ำ EIT", eit_share is None),
            ("รายการ OIT", not oit_total))
    return tuple(name for name, gone in gaps if gone)


def computed_readiness(iit_share: float | None, eit_share: float | None, oit_published: int, oit_total: int,
                       settings: Thresholds = DEFAULT) -> float | None:
    """The readiness figure, or None when it cannot be computed (:func:`readiness_missing`), never a 0.0."""
    if readiness_missing(iit_share, eit_share, oit_total):
        return None
    return readiness_value(iit_share, eit_share, oit_published, oit_total, settings)


def readiness_value(iit_share: float | None, eit_share: float | None, oit_published: int, oit_total: int,
                    settings: Thresholds = DEFAULT) -> float:
    """The readiness figure from its three shares (an unknown share counts as 0)."""
    value = (settings.readiness_iit * min(1.0, iit_share or 0.0)
             + settings.readiness_eit * min(1.0, eit_share or 0.0)
             + settings.readiness_oit * (min(1.0, oit_published / oit_total) if oit_total else 0.0))
    return round(value, 1)

