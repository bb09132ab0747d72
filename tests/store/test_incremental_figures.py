"""Figures that recompute only what changed (issue 18): each unit's change counter moves with its writes, in the
same transaction, and the figures kept per unit in the process equal the full computation after any sequence of
saves and days passing, on SQLite and PostgreSQL.

The reference is the store's uncached computation (``cached=False``: the grouped queries over the whole scope),
which ``tests/store/test_figures.py`` holds equal to the domain's judgement of every unit.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest

from ita_dash.domain.entries import FollowUpEntry, InvalidEntry, MeasureEntry, OitEntry
from ita_dash.domain.fiscal import Month, last_closed_month
from ita_dash.domain.model import Actor, FollowUpStatus, OitStatus, QuotaSnapshot, QuotaTool, Role
from ita_dash.domain.thaidate import BANGKOK
from ita_dash.store import synth
from ita_dash.store.base import StaleVersion

SYSTEM = Actor.system("test")
FY = 2569
BUILT_AS_OF = dt.date(2026, 9, 30)
STATIONS = 30  # two synthetic provinces of fifteen stations and an immigration unit each


@pytest.fixture
def country(store, templates):
    synth.build_country(store, templates, STATIONS, FY, BUILT_AS_OF, SYSTEM)
    return store


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=BANGKOK)


def _follow_up(store, rng, unit, as_of):
    data = store.load_unit_year(SYSTEM, unit.code, FY)
    measure = rng.choice([m for m in data.measures if not m.retired])
    months = [Month.of(as_of)]
    while len(months) < 4 and months[-1].previous().fiscal_year == FY:
        months.append(months[-1].previous())
    month = str(rng.choice(months))
    current = store.follow_up(SYSTEM, unit.code, FY, measure.code, month)
    status = rng.choice(list(FollowUpStatus))
    if status is FollowUpStatus.DONE:
        percent = rng.choice([100, None])
    else:
        percent = rng.choice([None, 20, 60])
    store.save_follow_up(SYSTEM, unit.code, FY, FollowUpEntry(
        measure_code=measure.code, month=month, status=status, percent=percent,
        base_version=None if current is None else current.version), now=_noon(as_of))


def _measure(store, rng, unit, as_of):
    data = store.load_unit_year(SYSTEM, unit.code, FY)
    measure = rng.choice([m for m in data.measures if not m.retired])
    if rng.random() < 0.4:
        fields = {"retired": True}
    elif rng.random() < 0.5:
        fields = {"done": not measure.done}
    else:
        fields = {"deadline": as_of + dt.timedelta(days=rng.randint(-20, 40))}
    store.save_measure(SYSTEM, unit.code, FY, MeasureEntry(indicator=measure.indicator, activity=measure.activity,
                                                           fields=fields, code=measure.code,
                                                           base_version=measure.version))


def _oit(store, rng, unit, as_of, templates):
    template = templates.for_year(unit.kind, FY)
    spec = rng.choice(template.oit_items)
    current = next((i for i in store.load_unit_year(SYSTEM, unit.code, FY).oit_items if i.code == spec.code), None)
    status = rng.choice(list(OitStatus))
    link = "https://example.go.th/ita" if status is OitStatus.PUBLISHED or rng.random() < 0.5 else ""
    store.save_oit_item(SYSTEM, unit.code, FY, OitEntry(code=spec.code, status=status, link=link,
                                                        base_version=None if current is None else current.version))


def _quota(store, rng, unit, as_of):
    sections = [s.code for s in store.load_unit_year(SYSTEM, unit.code, FY).sections]
    tool = rng.choice([QuotaTool.IIT, QuotaTool.EIT])
    section = rng.choice([None, *sections]) if tool is QuotaTool.EIT else None
    store.add_quota_snapshot(SYSTEM, unit.code, FY, QuotaSnapshot(
        tool=tool, section=section, count=rng.randint(0, 400), taken_on=as_of - dt.timedelta(days=rng.randint(0, 30))))


def _staff(store, rng, unit, as_of):
    store.import_units(SYSTEM, [], [], [(unit, rng.randint(5, 300))], FY)


def _move(store, rng, unit, as_of):
    others = [p.code for p in store.list_provinces(SYSTEM) if p.code != unit.province_code]
    store.import_units(SYSTEM, [], [], [(unit.model_copy(update={"province_code": rng.choice(others)}), None)], FY)


def _views(store, as_of):
    """The views the pages ask for: the country, one province, a province user's, and the end of last month."""
    province = Actor(username="p", role=Role.PROVINCE, province_code="SYN-P002")
    month_end = last_closed_month(as_of).last_day
    yield SYSTEM, as_of, {}
    yield SYSTEM, as_of, {"province_code": "SYN-P001"}
    yield SYSTEM, month_end, {}
    yield province, as_of, {}
    yield SYSTEM, as_of, {"region_code": "SYN-R1"}


@pytest.mark.parametrize("seed", [7])
def test_incremental_figures_equal_the_full_computation_after_saves_and_days(country, templates, seed):
    rng = random.Random(seed)
    as_of = dt.date(2026, 5, 28)
    steps = [_follow_up, _follow_up, _follow_up, _measure, lambda *a: _oit(*a, templates), _quota, _staff, _move]
    done = set()
    for step in range(12):
        units = country.list_units(SYSTEM)
        for _ in range(rng.randint(1, 3)):
            action = rng.choice(steps)
            action(country, rng, rng.choice(units), as_of)
            done.add(getattr(action, "__name__", "_oit"))
        if rng.random() < 0.3:
            as_of += dt.timedelta(days=rng.choice([1, 1, 3, 12]))  # days pass (a new day is a new key)
        for actor, day, scope in _views(country, as_of):
            cached = country.unit_figures(actor, FY, day, **scope)
            assert cached == country.unit_figures(actor, FY, day, **scope, cached=False), (step, actor.role, day, scope)
            assert cached == country.unit_figures(actor, FY, day, **scope)  # again, from the view kept
    assert {"_follow_up", "_measure", "_quota", "_staff", "_move", "<lambda>"} <= done


def test_one_save_moves_only_that_units_counter_and_recomputes_only_that_unit(country):
    as_of = dt.date(2026, 9, 30)
    country.unit_figures(SYSTEM, FY, as_of)
    before, data_version = country.unit_versions(), country.data_version()
    computed = country.figure_cache.computed
    unit = "SYN-P001-003"
    measure = country.load_unit_year(SYSTEM, unit, FY).measures[0]
    current = country.follow_up(SYSTEM, unit, FY, measure.code, "2026-08")
    country.save_follow_up(SYSTEM, unit, FY, FollowUpEntry(
        measure_code=measure.code, month="2026-08", status=FollowUpStatus.DONE, percent=100,
        base_version=None if current is None else current.version), now=_noon(as_of))
    after = country.unit_versions()
    assert {code for code in after if after[code] != before[code]} == {unit}
    assert after[unit] == country.data_version() == data_version + 1 and after[unit] > before[unit]
    figures = country.unit_figures(SYSTEM, FY, as_of)
    assert country.figure_cache.computed == computed + 1  # one unit recomputed, not the country
    assert figures == country.unit_figures(SYSTEM, FY, as_of, cached=False)
    country.unit_figures(SYSTEM, FY, as_of)
    assert country.figure_cache.computed == computed + 1  # nothing written since: nothing recomputed


def test_a_failed_write_moves_no_counter_and_the_counter_moves_with_the_write(country, monkeypatch):
    unit = "SYN-P002-001"
    measure = country.load_unit_year(SYSTEM, unit, FY).measures[0]
    before, data_version = country.unit_versions(), country.data_version()
    with pytest.raises(StaleVersion):  # edited meanwhile by someone else
        country.save_measure(SYSTEM, unit, FY, MeasureEntry(indicator=measure.indicator, activity="ใหม่",
                                                             code=measure.code, base_version=measure.version + 5))
    with pytest.raises(InvalidEntry):  # refused inside the transaction, after the unit was read
        country.add_quota_snapshot(SYSTEM, unit, FY, QuotaSnapshot(tool=QuotaTool.EIT, section="nope", count=3,
                                                                   taken_on=dt.date(2026, 9, 1)))
    unit_row = next(u for u in country.list_units(SYSTEM) if u.code == unit)
    country.import_units(SYSTEM, [], [], [(unit_row.model_copy(update={"name": "ย้ายแล้ว"}), 99)], FY, dry_run=True)
    assert country.unit_versions() == before and country.data_version() == data_version

    # the counter moves in the same transaction as the write: if moving it fails, the write is not there either
    unit = "SYN-P001-002"
    before = country.unit_versions()[unit]
    snapshots = len(country.load_unit_year(SYSTEM, unit, FY).quota_snapshots)

    def broken(session, codes, data_version):
        raise RuntimeError("the counter could not move")

    monkeypatch.setattr(country, "_move_unit_versions", broken)
    with pytest.raises(RuntimeError):
        country.add_quota_snapshot(SYSTEM, unit, FY, QuotaSnapshot(tool=QuotaTool.IIT, count=3,
                                                                   taken_on=dt.date(2026, 9, 1)))
    monkeypatch.undo()
    assert len(country.load_unit_year(SYSTEM, unit, FY).quota_snapshots) == snapshots
    assert country.unit_versions()[unit] == before
    country.add_quota_snapshot(SYSTEM, unit, FY, QuotaSnapshot(tool=QuotaTool.IIT, count=3, taken_on=dt.date(2026, 9, 1)))
    assert country.unit_versions()[unit] == country.data_version() > before


def test_the_cache_keeps_to_its_bound_and_to_what_the_actor_reads(country):
    country.figure_cache.max_units = 10
    as_of = dt.date(2026, 9, 30)
    province = Actor(username="p", role=Role.PROVINCE, province_code="SYN-P001")
    everything = country.unit_figures(SYSTEM, FY, as_of)
    assert len(country.figure_cache) == 10
    mine = country.unit_figures(province, FY, as_of)
    assert mine == [f for f in everything if f.unit.province_code == "SYN-P001"]
    assert country.unit_figures(province, FY, as_of, province_code="SYN-P002") == []
    chief = Actor(username="c", role=Role.CHIEF, unit_code="SYN-P002-004")
    assert [f.unit.code for f in country.unit_figures(chief, FY, as_of)] == ["SYN-P002-004"]
    country.figure_cache.max_units = 40  # a second day (32 units) pushes the first day's entries out
    earlier = country.unit_figures(SYSTEM, FY, as_of - dt.timedelta(days=40))
    assert len(country.figure_cache) == len(earlier) == 32
    assert earlier == country.unit_figures(SYSTEM, FY, as_of - dt.timedelta(days=40), cached=False)


# -- the figures kept in the database (migration 0012): what a new process reads instead of computing -------------


def _new_process(url, **kwargs):
    """Another app process over the same database: an empty process cache."""
    from ita_dash.store.sql import SqlStore

    return SqlStore(url, **kwargs)


def test_a_new_process_reads_the_kept_figures_and_computes_only_the_units_written_since(country, store_url):
    as_of = dt.date(2026, 9, 30)
    province = Actor(username="p", role=Role.PROVINCE, province_code="SYN-P001")
    data_version, versions = country.data_version(), country.unit_versions()
    everything = country.unit_figures(SYSTEM, FY, as_of)  # computed here, and kept in the table
    assert country.figure_cache.table.count(as_of) == len(everything) == 32
    assert (country.data_version(), country.unit_versions()) == (data_version, versions)  # a cache, not data

    second = _new_process(store_url)
    try:
        assert second.unit_figures(SYSTEM, FY, as_of) == country.unit_figures(SYSTEM, FY, as_of, cached=False)
        assert second.unit_figures(province, FY, as_of) == [f for f in everything if f.unit.province_code == "SYN-P001"]
        assert second.figure_cache.computed == 0
    finally:
        second.close()

    rng = random.Random(3)
    units = country.list_units(SYSTEM)
    _follow_up(country, rng, units[4], as_of)
    _quota(country, rng, units[9], as_of)
    moved = {code for code, version in country.unit_versions().items() if version != versions[code]}
    assert moved == {units[4].code, units[9].code}
    third = _new_process(store_url)
    try:
        assert third.unit_figures(SYSTEM, FY, as_of) == third.unit_figures(SYSTEM, FY, as_of, cached=False)
        assert third.figure_cache.computed == 2  # exactly the units whose counter moved
    finally:
        third.close()
    fourth = _new_process(store_url)  # ... and the third kept them: nothing left to compute
    try:
        fourth.unit_figures(SYSTEM, FY, as_of)
        assert fourth.figure_cache.computed == 0
    finally:
        fourth.close()


def test_kept_figures_are_not_used_with_another_template_library_or_other_thresholds(country, store_url, templates):
    from ita_dash.domain.framework import TemplateLibrary
    from ita_dash.domain.settings import DEFAULT, Thresholds

    as_of = dt.date(2026, 9, 30)
    everything = country.unit_figures(SYSTEM, FY, as_of)
    changed = TemplateLibrary([t.model_copy(update={"title": t.title + " (แก้)"}) for t in templates.files()])
    assert changed.fingerprint() != templates.fingerprint()
    assert TemplateLibrary(templates.files()).fingerprint() == templates.fingerprint()  # content, not identity
    other = _new_process(store_url, templates=changed)
    try:
        assert other.unit_figures(SYSTEM, FY, as_of) == everything
        assert other.figure_cache.computed == len(everything)  # nothing reused from the old library's rows
    finally:
        other.close()
    table, versions = country.figure_cache.table, country.unit_versions()
    assert len(table.read(FY, as_of, DEFAULT, changed.fingerprint(), versions)) == len(everything)
    assert table.read(FY, as_of, DEFAULT, templates.fingerprint(), versions) == {}  # written over by the new library
    assert table.read(FY, as_of, Thresholds(grace_days=3), changed.fingerprint(), versions) == {}
    assert table.read(FY, as_of + dt.timedelta(days=1), DEFAULT, changed.fingerprint(), versions) == {}


def test_kept_figures_are_not_read_back_after_a_rule_changes(country, store_url, monkeypatch):
    """Issue 33: rows judged by an earlier rule are keyed by the rules' version, so a deploy that changes a rule (here:
    any byte of the lights' module) recomputes every unit instead of reading back the old lights."""
    from ita_dash.domain.settings import DEFAULT
    from ita_dash.store import figure_table

    as_of = dt.date(2026, 9, 30)
    everything = country.unit_figures(SYSTEM, FY, as_of)
    table, versions, key = country.figure_cache.table, country.unit_versions(), country.templates.fingerprint()
    assert len(table.read(FY, as_of, DEFAULT, key, versions)) == len(everything)
    lights = __import__("ita_dash.domain.lights", fromlist=["_"]).__file__
    real = figure_table.Path.read_bytes
    monkeypatch.setattr(figure_table.Path, "read_bytes",
                        lambda path: real(path) + (b"# a changed rule" if str(path) == lights else b""))
    figure_table.rules_version.cache_clear()
    try:
        assert table.read(FY, as_of, DEFAULT, key, versions) == {}
        other = _new_process(store_url)
        try:
            assert other.unit_figures(SYSTEM, FY, as_of) == everything
            assert other.figure_cache.computed == len(everything)  # nothing reused from the old rule's rows
        finally:
            other.close()
    finally:
        monkeypatch.undo()
        figure_table.rules_version.cache_clear()


def test_a_broken_figures_table_never_breaks_the_view(country, store_url, monkeypatch):
    from ita_dash.store.figure_table import FigureTable

    as_of = dt.date(2026, 9, 30)
    expected = country.unit_figures(SYSTEM, FY, as_of, cached=False)

    def broken(*args, **kwargs):
        raise RuntimeError("the figures table is gone")

    monkeypatch.setattr(FigureTable, "write", broken)
    assert country.unit_figures(SYSTEM, FY, as_of) == expected
    assert country.figure_cache.table.count() == 0
    monkeypatch.setattr(FigureTable, "read", broken)
    second = _new_process(store_url)
    try:
        assert second.unit_figures(SYSTEM, FY, as_of) == expected
        assert second.figure_cache.computed == len(expected)
    finally:
        second.close()


def test_figures_refresh_fills_the_table_for_today_and_the_end_of_last_month_and_prunes(country, store_url):
    from helpers.cli import cli

    as_of = dt.date(2026, 9, 30)
    old = dt.date(2026, 7, 1)
    country.unit_figures(SYSTEM, FY, old)  # a day older than the 45 kept
    result = cli("figures", "refresh", "--as-of", as_of.isoformat(), db=store_url)
    assert result.returncode == 0, result.stderr
    assert "2026-09-30 (FY 2569): 32 units, 32 computed" in result.stdout
    assert "2026-08-31 (FY 2569): 32 units, 32 computed" in result.stdout
    assert "pruned 32 rows" in result.stdout
    table = country.figure_cache.table
    assert (table.count(as_of), table.count(dt.date(2026, 8, 31)), table.count(old)) == (32, 32, 0)
    second = _new_process(store_url)
    try:
        assert second.unit_figures(SYSTEM, FY, as_of) == country.unit_figures(SYSTEM, FY, as_of, cached=False)
        assert second.unit_figures(SYSTEM, FY, dt.date(2026, 8, 31)) == country.unit_figures(
            SYSTEM, FY, dt.date(2026, 8, 31), cached=False)
        assert second.figure_cache.computed == 0
    finally:
        second.close()
    again = cli("figures", "refresh", "--as-of", as_of.isoformat(), "--fy", str(FY), db=store_url)
    assert "2026-09-30 (FY 2569): 32 units, 0 computed, 32 rows kept" in again.stdout
