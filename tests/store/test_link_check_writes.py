"""Issue 35, item 6: a link-check result is written only by the unit's own people (or the scheduled checker, the
command line acting as administrator), and only for the unit's own links. The results are a cache every unit that
uses the address reads, so a result written for someone else's link would turn their OIT item amber or red."""

from __future__ import annotations

import datetime as dt

import pytest

from ita_dash.domain.entries import OitEntry
from ita_dash.domain.links import LinkCheck, LinkState, unit_links
from ita_dash.domain.model import Actor, Role
from ita_dash.domain.permissions import NotAllowed

FY = 2570
NOW = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)


def _broken(url: str) -> LinkCheck:
    return LinkCheck(url=url, state=LinkState.NOT_FOUND, checked_at=NOW, http_status=404)


def _units_with_links(store) -> list[tuple[str, str, str]]:
    """(unit code, province code, its one link) for two demo units, each given an OIT link of its own."""
    system = Actor.system("test")
    found = []
    for unit in store.list_units(system)[:2]:
        item = store.load_unit_year(system, unit.code, FY).oit_items[0]
        url = f"https://{unit.code.lower()}.example.org/oit"
        store.save_oit_item(system, unit.code, FY, OitEntry(item.code, item.status, url, base_version=item.version))
        assert url in {ref.url for ref in unit_links(store.load_unit_year(system, unit.code, FY))}
        found.append((unit.code, unit.province_code, url))
    return found


def test_no_one_outside_a_unit_writes_a_result_for_its_links(demo_store):
    units = _units_with_links(demo_store)
    assert len(units) >= 2, units
    (code, province, url), (other_code, _, other_url) = units[0], units[1]
    version = demo_store.data_version()
    outsiders = [
        Actor(username="chief.other", role=Role.CHIEF, unit_code=other_code),
        Actor(username="head.other", role=Role.SECTION_HEAD, unit_code=other_code, section_code="INV"),
        Actor(username="province.reader", role=Role.PROVINCE, province_code=province),  # reads it, may not write
        Actor(username="viewer.here", role=Role.VIEWER, unit_code=code),
    ]
    for outsider in outsiders:
        with pytest.raises(NotAllowed):
            demo_store.save_link_checks(outsider, code, FY, [_broken(url)])
    # the unit's own chief, for a link that is not the unit's: refused by name, nothing written
    chief = Actor(username="chief.here", role=Role.CHIEF, unit_code=code)
    with pytest.raises(NotAllowed, match="ไม่ใช่ลิงก์ของหน่วย"):
        demo_store.save_link_checks(chief, code, FY, [_broken(other_url)])
    assert demo_store.data_version() == version
    assert demo_store.link_checks(Actor.system("test"), [url, other_url]) == {}


def test_the_units_own_people_and_the_scheduled_checker_write_its_results(demo_store):
    (code, _, url), (other_code, _, other_url) = _units_with_links(demo_store)[:2]
    head = Actor(username="head.here", role=Role.SECTION_HEAD, unit_code=code, section_code="INV")
    demo_store.save_link_checks(head, code, FY, [_broken(url)])
    demo_store.save_link_checks(Actor.system("links-cron"), other_code, FY, [_broken(other_url)])
    saved = demo_store.link_checks(Actor.system("test"), [url, other_url])
    assert {u: c.state for u, c in saved.items()} == {url: LinkState.NOT_FOUND, other_url: LinkState.NOT_FOUND}
