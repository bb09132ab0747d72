"""What the monthly meeting chases (issue 34): OIT items late or due soon, and items nobody has started whose due
date is near enough that drafting, review and publishing will take the time left."""

from __future__ import annotations

import datetime as dt

from ita_dash.domain.agenda import oit_to_chase
from ita_dash.domain.framework import OitItemSpec
from ita_dash.domain.lights import Light, OitItemStatus
from ita_dash.domain.model import OitItem, OitStatus
from ita_dash.domain.settings import DEFAULT

EARLY_DECEMBER = dt.date(2026, 12, 7)


def _item(code: str, status: OitStatus, due: dt.date | None, light: Light = Light.GREEN) -> OitItemStatus:
    spec = OitItemSpec(code=code, title=f"ข้อมูล {code}", sub_indicator="9.1", owner_section="admin", due=due)
    return OitItemStatus(spec, OitItem(code=code, status=status), due, light, "เหตุผล", "งานอำนวยการ", "หัวหน้า")


def test_the_early_year_meeting_chases_items_not_started_though_their_lights_are_green():
    items = [_item("O1", OitStatus.DRAFTING, dt.date(2027, 1, 31)),
             _item("O9", OitStatus.NOT_STARTED, dt.date(2027, 3, 31)),
             _item("O20", OitStatus.NOT_STARTED, dt.date(2027, 4, 30)),
             _item("O23", OitStatus.NOT_STARTED, dt.date(2027, 9, 30))]  # still far: not yet
    chased = oit_to_chase(items, EARLY_DECEMBER)
    assert [c.code for c in chased] == ["O9", "O20"]
    assert chased[0].light is None and "ยังไม่เริ่ม" in chased[0].text and "อีก 114 วัน" in chased[0].text
    assert chased[0].section == "งานอำนวยการ"


def test_late_and_due_soon_items_come_first_and_are_not_listed_twice():
    items = [_item("O5", OitStatus.NOT_STARTED, dt.date(2027, 2, 1)),
             _item("O2", OitStatus.NOT_STARTED, dt.date(2026, 12, 15), Light.AMBER),
             _item("O3", OitStatus.DRAFTING, dt.date(2026, 12, 1), Light.RED),
             _item("O4", OitStatus.PUBLISHED, dt.date(2027, 1, 31)),
             _item("O6", OitStatus.NOT_STARTED, None, Light.GREY)]  # no due date: nothing to measure it by
    chased = oit_to_chase(items, EARLY_DECEMBER)
    assert [(c.code, c.light) for c in chased] == [("O3", Light.RED), ("O2", Light.AMBER), ("O5", None)]


def test_the_window_is_a_threshold():
    item = _item("O9", OitStatus.NOT_STARTED, EARLY_DECEMBER + dt.timedelta(days=DEFAULT.oit_start_days))
    assert [c.code for c in oit_to_chase([item], EARLY_DECEMBER)] == ["O9"]
    assert oit_to_chase([item], EARLY_DECEMBER - dt.timedelta(days=1)) == []
