"""What the monthly meeting chases (issue 34): the OIT items the chair asks about.

An item's light (:func:`ita_dash.domain.lights.assess_oit_items`) turns amber only two weeks before its due date; a
meeting that looked at lights alone said "nothing to chase" in early December while items due in March had not been
started. The meeting chases every red or amber item, and also every item not yet started whose due date is within
:attr:`~ita_dash.domain.settings.Thresholds.oit_start_days`: it takes months to draft, review, approve and publish.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .lights import Light, OitItemStatus
from .model import OitStatus
from .settings import DEFAULT, Thresholds
from .thaidate import format_date


@dataclass(frozen=True)
class ChaseItem:
    """One OIT item the meeting asks about."""

    code: str
    text: str  # Thai, one line: the item and why it is chased
    light: Light | None  # the item's own light when late or due soon; None for one merely not started yet
    section: str
    owner: str


def not_started_in_time(item: OitItemStatus, as_of: dt.date, settings: Thresholds = DEFAULT) -> bool:
    """An item nobody has started whose due date is still ahead but within ``settings.oit_start_days``."""
    return (item.item.status is OitStatus.NOT_STARTED and item.due is not None
            and 0 <= (item.due - as_of).days <= settings.oit_start_days)


def oit_to_chase(items: list[OitItemStatus], as_of: dt.date, settings: Thresholds = DEFAULT) -> list[ChaseItem]:
    """The red items, then the amber ones (as their lights say), then the items not started in time, the nearest
    due date first."""
    chased = [ChaseItem(i.spec.code, i.as_reason().text, i.light, i.section, i.owner)
              for light in (Light.RED, Light.AMBER) for i in items if i.light is light]
    waiting = sorted((i for i in items if i.light not in (Light.RED, Light.AMBER) and not_started_in_time(i, as_of, settings)),
                     key=lambda i: (i.due, i.spec.code))
    chased += [ChaseItem(i.spec.code, f"{i.spec.code} {i.spec.title} — ยังไม่เริ่ม กำหนด {format_date(i.due)} "
                                      f"อีก {(i.due - as_of).days} วัน", None, i.section, i.owner) for i in waiting]
    return chased
