"""The province and national figures computed in SQL must say what the domain says of each unit.

``ita_dash/store/figures.py`` restates the rules of lights, follow-ups and quotas as grouped queries; here every
unit of the demo province and of a small synthetic country is judged both ways on days spread over two fiscal
years (before any report, inside the grace days, quarter ends, after deadlines, the year's last day), on SQLite
and on PostgreSQL.
"""

import datetime as dt

import pytest

from ita_dash.domain.entries import FollowUpEntry
from ita_dash.domain.lights import IndicatorTally, Light
from ita_dash.domain.model import Actor, FollowUpStatus, Role
from ita_dash.domain.province import figures_of
from ita_dash.domain.status import assess_unit
from ita_dash.store import synth
from ita_dash.store.demo import build_demo

SYSTEM = Actor.system("test")
DAYS = {
    2569: [dt.date(2025, 10, 3), dt.date(2025, 11, 5), dt.date(2025, 11, 6), dt.date(2026, 1, 6), dt.date(2026, 2, 14),
           dt.date(2026, 4, 8), dt.date(2026, 6, 30), dt.date(2026, 7, 20), dt.date(2026, 9, 30)],
    2570: [dt.date(2026, 10, 1), dt.date(2026, 11, 6), dt.date(2026, 11, 21)],
}


def reference(store, templates, fiscal_year, as_of, units, loaded=None):
    loaded = {} if loaded is None else loaded
    for u in units:
        if (u.code, fiscal_year) not in loaded:
            loaded[(u.code, fiscal_year)] = store.load_unit_year(SYSTEM, u.code, fiscal_year)
    return [figures_of(assess_unit(templates.for_year(u.kind, fiscal_year), loaded[(u.code, fiscal_year)], as_of))
            for u in units]


@pytest.fixture
def country(store, templates):
    build_demo(store, templates, dt.date(2026, 11, 21))
    synth.build_country(store, templates, 40, 2569, dt.date(2026, 9, 30), SYSTEM)  # no FY2570: an empty year
    return store


def test_sql_figures_equal_the_domain_for_every_unit_and_day(country, templates):
    units = country.list_units(SYSTEM)
    assert len(units) == 9 + 40 + 2
    compared, loaded = set(), {}
    for fiscal_year, days in DAYS.items():
        for as_of in days:
            figures = country.unit_figures(SYSTEM, fiscal_year, as_of)
            assert [f.unit.code for f in figures] == sorted(u.code for u in units)
            expected = reference(country, templates, fiscal_year, as_of, [f.unit for f in figures], loaded)
            for got, want in zip(figures, expected):
                assert got == want, (fiscal_year, as_of, got.unit.code)
                compared.update(got.lights)
                compared.update(b.status for b in got.behind)
    # the comparison covered every light and both kinds of section behind, not just a quiet year
    assert {Light.RED, Light.AMBER, Light.GREEN, Light.GREY} <= compared
    assert {"missing", "partial"} <= {c.value for c in compared if not isinstance(c, Light)}


def test_a_report_saved_moves_the_sql_figures_like_the_domain(demo_store, templates):
    as_of = dt.date(2026, 11, 21)
    before = {f.unit.code: f for f in demo_store.unit_figures(SYSTEM, 2570, as_of, province_code="DEMO")}
    unit = next(code for code, f in before.items() if f.behind)
    data = demo_store.load_unit_year(SYSTEM, unit, 2570)
    reported = {(f.measure_code, f.month) for f in data.follow_ups}
    section = next(s for s in data.sections if s.name == before[unit].behind[0].name)
    for measure in [m for m in data.measures if m.owner_section == section.code and not m.retired and not m.done]:
        if (measure.code, "2026-10") not in reported:
            demo_store.save_follow_up(SYSTEM, unit, 2570, FollowUpEntry(
                measure_code=measure.code, month="2026-10", status=FollowUpStatus.IN_PROGRESS, percent=40),
                now=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC))
    after = {f.unit.code: f for f in demo_store.unit_figures(SYSTEM, 2570, as_of, province_code="DEMO")}
    assert section.name not in {b.name for b in after[unit].behind}
    assert after[unit] == reference(demo_store, templates, 2570, as_of, [after[unit].unit])[0]


def test_figures_are_scoped_to_what_the_actor_reads(country):
    as_of = dt.date(2026, 9, 30)
    everything = country.unit_figures(SYSTEM, 2569, as_of)
    province = Actor(username="p", role=Role.PROVINCE, province_code="SYN-P001")
    mine = country.unit_figures(province, 2569, as_of)
    assert mine and {f.unit.province_code for f in mine} == {"SYN-P001"}
    assert country.unit_figures(province, 2569, as_of, province_code="DEMO") == []
    assert country.unit_figures(province, 2569, as_of, region_code="SYN-R2") == []
    chief = Actor(username="c", role=Role.CHIEF, unit_code="DEMO-02")
    assert [f.unit.code for f in country.unit_figures(chief, 2569, as_of)] == ["DEMO-02"]
    region = country.unit_figures(SYSTEM, 2569, as_of, region_code="SYN-R1")
    assert region and {f.unit.province_code for f in region} == {"SYN-P001"}
    assert len(everything) == len(country.list_units(SYSTEM))


@pytest.mark.parametrize("tally, light", [
    (IndicatorTally(), Light.GREY),
    (IndicatorTally(measures=3), Light.GREEN),
    (IndicatorTally(oit_green=1), Light.GREEN),
    (IndicatorTally(measures=3, at_risk=1), Light.AMBER),
    (IndicatorTally(oit_green=2, oit_amber=1), Light.AMBER),
    (IndicatorTally(measures=3, at_risk=2, overdue=1), Light.RED),
    (IndicatorTally(measures=1, oit_red=1), Light.RED),
])
def test_an_indicators_light_from_its_tally(tally, light):
    assert tally.light is light
