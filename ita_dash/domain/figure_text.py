"""One meaning for each figure (issue 34): what a count, a share or the readiness index says on a given day, decided
here once and printed the same way by every output (the overview, the quotas page, the one-pager, the results
report, the province screen and PDF, the meeting).

A figure is in one of four states:

- shown: the number, as recorded or computed;
- ``NOT_OPEN`` ("ยังไม่เปิด"): its collection window has not opened on the day, and nothing was recorded for it;
  never a 0 or 0 % that reads as "nobody answered";
- ``NOT_RECORDED`` ("ยังไม่ได้บันทึก"): nobody has copied it from ITAP yet, never a 0;
- ``NOT_COMPUTABLE`` ("ยังคำนวณไม่ได้"): the readiness index lacks a minimum or the OIT list.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from .thaidate import format_date

NOT_OPEN = "ยังไม่เปิด"
NOT_RECORDED = "ยังไม่ได้บันทึก"
NOT_COMPUTABLE = "ยังคำนวณไม่ได้"


class FigureState(str, Enum):
    SHOWN = "shown"
    NOT_OPEN = "not_open"
    NOT_RECORDED = "not_recorded"
    NOT_COMPUTABLE = "not_computable"


WORDS = {FigureState.NOT_OPEN: NOT_OPEN, FigureState.NOT_RECORDED: NOT_RECORDED,
         FigureState.NOT_COMPUTABLE: NOT_COMPUTABLE}


def state_of(recorded: bool, opens: dt.date | bool | None = None) -> FigureState:
    """A recorded count is shown (even before its window, if someone did record one); nothing recorded is
    ``NOT_OPEN`` while its window has not opened (``opens``: the day it opens, None when it has) and
    ``NOT_RECORDED`` after (``opens`` True: not open, the day not known here)."""
    if recorded:
        return FigureState.SHOWN
    return FigureState.NOT_OPEN if opens else FigureState.NOT_RECORDED


def count_text(count: int, state: FigureState) -> str:
    """A count of respondents: the number, or the words of its state."""
    return f"{count:,}" if state is FigureState.SHOWN else WORDS[state]


def why_no_count(state: FigureState, opens: dt.date | None = None) -> str:
    """A sentence for a count nobody has: "ยังไม่เปิดเก็บข้อมูล (เริ่ม 1 ม.ค. 2570)" or "ยังไม่ได้บันทึกจำนวนผู้ตอบจาก
    ระบบ ITAP"; "" for a count that is shown."""
    if state is FigureState.NOT_OPEN:
        return f"{NOT_OPEN}เก็บข้อมูล" + (f" (เริ่ม {format_date(opens)})" if isinstance(opens, dt.date) else "")
    if state is FigureState.NOT_RECORDED:
        return f"{NOT_RECORDED}จำนวนผู้ตอบจากระบบ ITAP"
    return ""


def share_text(share: float | None, state: FigureState = FigureState.SHOWN, digits: int = 0) -> str:
    """A share of a minimum as a percent (capped at 999 %), the words of its state, or "—" when the minimum is
    unknown."""
    if state is not FigureState.SHOWN:
        return WORDS[state]
    return "—" if share is None else f"{min(share, 9.99) * 100:.{digits}f}%"


def against_target(count: int, target: int | None, state: FigureState) -> str:
    """A count against its minimum: "37/128"; "ยังไม่เปิด (ขั้นต่ำ 128)" — never "0/128" for a count nobody has."""
    if state is FigureState.SHOWN:
        return f"{count:,}/{target:,}" if target else f"{count:,}"
    return WORDS[state] + (f" (ขั้นต่ำ {target:,})" if target else "")


def readiness_text(value: float | None, opens: dt.date | bool | None = None, recorded: bool = True) -> str:
    """The readiness index: "ยังคำนวณไม่ได้" when it cannot be computed (None), "ยังไม่เปิด" before the IIT/EIT
    collection opens (``opens``, or True for a day not known here), "ยังไม่ได้บันทึก" while the IIT or EIT count of an
    open window was never copied from ITAP (``recorded`` False: the figure would stand on an invented 0), else the
    figure — never a 0.0 that reads as the worst score."""
    if value is None:
        return NOT_COMPUTABLE
    if opens:
        return NOT_OPEN
    return f"{value:.1f}" if recorded else NOT_RECORDED


def oit_published_text(published: int, total: int) -> str:
    """The unit's OIT items published, out of all of its items (indicators 9 and 10): the one count the overview,
    the one-pager, the meeting and the province print. Approved items not yet published are not counted."""
    return f"เผยแพร่แล้ว {published}/{total} ข้อ" if total else "ไม่มีรายการ OIT"
