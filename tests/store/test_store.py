"""The SQL store on SQLite and on PostgreSQL: round trips, transactions, bundles, migrations."""

import datetime as dt
import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from helpers.environment import DEMO_AS_OF
from ita_dash.domain.model import Actor, FollowUp, FollowUpStatus, Measure, UnitYearData
from ita_dash.store import NotFound
from ita_dash.store.bundle import BundleError, dumps, loads
from ita_dash.store.demo import PROVINCE, UNITS, build_unit_year
from ita_dash.store.tables import AuditRow, MeasureRow, metadata

ACTOR = Actor.system("test")


def _count(store, table) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_migrations_produce_exactly_the_model_schema(store):
    with store.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), metadata)
    assert diff == []


def test_an_empty_database_is_empty(store):
    assert store.is_empty()
    assert store.data_version() == 0
    with pytest.raises(NotFound, match="ไม่พบหน่วย"):
        store.load_unit_year(ACTOR, "NOPE", 2570)


def test_unit_year_round_trips_through_the_store(store, templates):
    data = build_unit_year(templates, UNITS[2], 2570, dt.date(2027, 4, 20))
    store.replace_unit_year(ACTOR, data)
    loaded = store.load_unit_year(ACTOR, data.unit.code, 2570)
    assert dumps(loaded) == dumps(data)
    assert loaded.follow_ups and loaded.quota_snapshots and loaded.results
    assert all(f.entered_at.tzinfo is not None for f in loaded.follow_ups)


def test_a_year_without_data_loads_empty(store, templates):
    store.replace_unit_year(ACTOR, build_unit_year(templates, UNITS[0], 2570, DEMO_AS_OF))
    empty = store.load_unit_year(ACTOR, UNITS[0][0], 2571)
    assert empty.fiscal_year == 2571 and empty.measures == [] and empty.follow_ups == []
    assert empty.results  # results are the unit's history, whatever the year


def test_export_import_export_is_byte_identical(demo_store, tmp_path):
    first = dumps(demo_store.load_unit_year(ACTOR, "DEMO-IM", 2570))
    demo_store.replace_unit_year(ACTOR, loads(first))
    second = dumps(demo_store.load_unit_year(ACTOR, "DEMO-IM", 2570))
    assert second == first
    assert json.loads(first)["format"] == "ita-dash/unit-bundle"


def test_every_write_moves_the_data_version(store, templates):
    before = store.data_version()
    store.replace_unit_year(ACTOR, build_unit_year(templates, UNITS[0], 2570, DEMO_AS_OF))
    assert store.data_version() == before + 1


def test_a_failing_write_leaves_nothing_behind(store, templates):
    good = build_unit_year(templates, UNITS[1], 2570, DEMO_AS_OF)
    store.replace_unit_year(ACTOR, good)
    version, audits = store.data_version(), _count(store, AuditRow)
    # A follow-up pointing at a measure that is not in the data fails half-way through the write,
    # after the old rows were deleted and the new measures inserted.
    orphan = FollowUp(measure_code="9-99", month="2026-10", status=FollowUpStatus.DONE, percent=100,
                      entered_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC))
    broken = good.model_copy(update={"measures": good.measures[:3], "follow_ups": [orphan]})
    with pytest.raises(KeyError):
        store.replace_unit_year(ACTOR, broken)
    assert dumps(store.load_unit_year(ACTOR, good.unit.code, 2570)) == dumps(good)
    assert store.data_version() == version
    assert _count(store, AuditRow) == audits


def test_replacing_a_year_writes_one_audit_line(store, templates):
    store.replace_unit_year(Actor.system("นายทดสอบ"), build_unit_year(templates, UNITS[0], 2570, DEMO_AS_OF))
    with store.engine.connect() as connection:
        row = connection.execute(select(AuditRow)).one()
    assert row.username == "นายทดสอบ" and row.record_key == "DEMO-01/2570" and "measures" in row.new_value


def test_delete_province_removes_only_that_province(demo_store, templates):
    other = build_unit_year(templates, UNITS[0], 2570, DEMO_AS_OF)
    other = other.model_copy(update={
        "province": other.province.model_copy(update={"code": "KEEP", "demo": False}),
        "unit": other.unit.model_copy(update={"code": "KEEP-01", "province_code": "KEEP", "demo": False}),
    })
    demo_store.replace_unit_year(ACTOR, other)
    assert demo_store.delete_province(ACTOR, PROVINCE.code) == len(UNITS)
    assert [u.code for u in demo_store.list_units(ACTOR)] == ["KEEP-01"]
    assert _count(demo_store, MeasureRow) == len(other.measures)
    assert demo_store.load_unit_year(ACTOR, "KEEP-01", 2570).results == other.results


# -- bundles (no database needed) -----------------------------------------------------------------------


@pytest.fixture
def bundle_text(templates) -> str:
    return dumps(build_unit_year(templates, UNITS[0], 2570, dt.date(2027, 2, 10)))


@pytest.mark.parametrize(
    "mutate, path",
    [
        (lambda b: b["measures"][3].update(indicator=11), "measures[3].indicator"),
        (lambda b: b["follow_ups"][2].update(status="finished"), "follow_ups[2].status"),
        (lambda b: b["follow_ups"][0].update(evidence_url="javascript:alert(1)"), "follow_ups[0].evidence_url"),
        (lambda b: b["follow_ups"][1].update(percent=140), "follow_ups[1].percent"),
        (lambda b: b["follow_ups"][4].update(measure_code="9-99"), "follow_ups[4].measure_code"),
        (lambda b: b["follow_ups"][0].update(month="2025-10"), "follow_ups[0].month"),
        (lambda b: b["measures"][1].update(owner_section="nobody"), "measures[1].owner_section"),
        (lambda b: b["unit"].update(province_code="ELSEWHERE"), "unit.province_code"),
        (lambda b: b.pop("format"), "format"),
        (lambda b: b["measures"].append(dict(b["measures"][0])), "measures[" ),
        (lambda b: b.update(extra_field=1), "extra_field"),
    ],
)
def test_a_malformed_bundle_is_refused_with_the_path_of_the_first_bad_field(bundle_text, mutate, path):
    document = json.loads(bundle_text)
    mutate(document)
    with pytest.raises(BundleError) as error:
        loads(json.dumps(document, ensure_ascii=False))
    message = str(error.value)
    assert "\n" not in message and path in message


def test_not_json_is_refused():
    with pytest.raises(BundleError, match="line 1 column"):
        loads("{not json")


def test_a_refused_bundle_writes_nothing(store, templates, bundle_text):
    document = json.loads(bundle_text)
    document["follow_ups"][0]["percent"] = -5
    with pytest.raises(BundleError):
        store.replace_unit_year(ACTOR, loads(json.dumps(document)))
    assert store.is_empty() and store.data_version() == 0


def test_bundle_records_are_the_domain_records(bundle_text):
    data = loads(bundle_text)
    assert isinstance(data, UnitYearData) and isinstance(data.measures[0], Measure)


def test_a_report_for_a_month_not_yet_begun_is_judged_by_the_apps_today(demo_store, monkeypatch):
    """The store and the pages agree on what day it is (issue 30): ITA_TODAY, not the wall clock's day."""
    from ita_dash.domain.entries import FollowUpEntry, InvalidEntry
    from ita_dash.domain.thaidate import TODAY_SETTING

    monkeypatch.setenv(TODAY_SETTING, "2026-10-15")  # the wall clock is later: November would be open by it
    actor = Actor.system("test")
    code = demo_store.load_unit_year(actor, "DEMO-01", 2570).measures[0].code
    with pytest.raises(InvalidEntry, match="ยังรายงานล่วงหน้าไม่ได้"):
        demo_store.save_follow_up(actor, "DEMO-01", 2570, FollowUpEntry(
            code, "2026-11", FollowUpStatus.IN_PROGRESS, 10, "", base_version=None))
