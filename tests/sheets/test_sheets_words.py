"""A local administration's Google Sheet in its own words (issue 32 item 5): its tab and headers say กอง and
หัวหน้ากอง, a measure and a monthly report go round through it, the store's refusals say กอง, a police sheet is
unchanged, and an อบต. sheet made before with the police words still reads and saves."""

import datetime as dt

import pytest

from helpers.sheets import Clock, http_client
from helpers.sheets_emulator import SERVICE_ACCOUNT, SheetsEmulator
from ita_dash.domain.entries import FollowUpEntry, InvalidEntry, MeasureEntry
from ita_dash.domain.model import Actor, FollowUpStatus, Unit, UnitKind, thai
from ita_dash.store.demo import UNITS, build_unit_year
from ita_dash.store.sheets import layout
from ita_dash.store.sheets.provision import check_sheet, provision
from ita_dash.store.sheets.source import SheetsSource
from ita_dash.store.sheets.store import SheetLayoutError, SheetsStore

FY, AS_OF = 2569, dt.date(2026, 6, 20)
SYSTEM = Actor.system("test")
LA = Unit(code="LA-01", name="องค์การบริหารส่วนตำบลตัวอย่าง", short_name="อบต.ตัวอย่าง", kind=UnitKind.LOCAL_ADMIN,
          province_code="DEMO")
NOW = dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC)


@pytest.fixture
def emulator(monkeypatch):
    monkeypatch.setattr("gspread.http_client.time.sleep", lambda seconds: None)
    return SheetsEmulator()


@pytest.fixture
def la_year(templates, demo_store):
    """An อบต. of the demo province (in the database) and its year: the demo plan, under the อบต.'s code."""
    demo_store.import_units(SYSTEM, [], [], [(LA, 20)], FY)
    data = build_unit_year(templates, UNITS[0], FY, AS_OF)
    return data.model_copy(update={"unit": LA})


def linked(demo_store, client, spreadsheet_id: str) -> SheetsStore:
    demo_store.link_sheet(SYSTEM, LA.code, FY, spreadsheet_id)
    return SheetsStore(demo_store, SheetsSource(client, ttl=60, clock=Clock()))


def round_trip(store: SheetsStore) -> None:
    """A measure's outcome and a month's report saved through the store and read back."""
    data = store.load_unit_year(SYSTEM, LA.code, FY)
    months = ("2026-05", "2026-04", "2026-03")
    measure, month = next((m, month) for m in data.measures if m.owner_section and not m.retired for month in months
                          if not any(f.measure_code == m.code and f.month == month for f in data.follow_ups))
    saved = store.save_measure(SYSTEM, LA.code, FY, MeasureEntry(
        code=measure.code, indicator=measure.indicator, activity=measure.activity,
        fields={"outcome": "ผลลัพธ์ของกอง"}, base_version=measure.version))
    store.save_follow_up(SYSTEM, LA.code, FY, FollowUpEntry(
        measure_code=measure.code, month=month, status=FollowUpStatus.IN_PROGRESS, percent=40, note="กองรายงาน",
        base_version=saved.version), now=NOW)
    again = store.load_unit_year(SYSTEM, LA.code, FY)
    assert next(m for m in again.measures if m.code == measure.code).outcome == "ผลลัพธ์ของกอง"
    report = next(f for f in again.follow_ups if f.measure_code == measure.code and f.month == month)
    assert (report.status, report.percent, report.note) == (FollowUpStatus.IN_PROGRESS, 40, "กองรายงาน")
    assert {m.code: m.owner_section for m in again.measures} == {m.code: m.owner_section for m in data.measures}
    assert [s.code for s in again.sections] == [s.code for s in data.sections] != []


def test_a_sheet_provisioned_for_a_local_administration_says_kong_and_round_trips(la_year, demo_store, emulator):
    client = http_client(emulator)
    emulator.create("LA1", tabs=("Sheet1",))
    provision(client, "LA1", la_year, [], SERVICE_ACCOUNT)
    titles = [grid.title for grid in emulator.books["LA1"].sheets]
    assert "กอง" in titles and "สายงาน" not in titles
    assert emulator.values("LA1", "กอง")[0] == ["รหัสกอง", "ชื่อกอง", "หัวหน้ากอง", "อีเมลหัวหน้ากอง"]
    measures = emulator.values("LA1", layout.MEASURES)[0]
    assert "กอง" in measures and "ทุกกอง" in measures and not any("สายงาน" in h for h in measures)
    assert "กอง" in emulator.values("LA1", layout.OIT)[0] and "กอง" in emulator.values("LA1", layout.QUOTAS)[0]
    assert [layout.declared(h) for h in measures] == list(layout.MEASURE_HEADERS)  # the one declaration, said
    store = linked(demo_store, client, "LA1")
    assert store.sheet_read(SYSTEM, LA.code, FY).problems == ()
    round_trip(store)
    found = check_sheet(client, "LA1", LA.code, FY, [], SERVICE_ACCOUNT)
    assert len(found) == 1 and "หัวหน้าหน่วยยังไม่มีอีเมล" in found[0], found  # the chief has no e-mail: all else right

    emulator.reset_counts()  # the tab's title is remembered: a later read is one request again
    store.source.forget("LA1", FY)
    store.load_unit_year(SYSTEM, LA.code, FY)
    assert emulator.reads == 1


def test_the_store_refuses_in_the_words_of_a_local_administration(la_year, demo_store, emulator):
    client = http_client(emulator)
    emulator.create("LA1", tabs=("Sheet1",))
    provision(client, "LA1", la_year, [])
    store = linked(demo_store, client, "LA1")
    with pytest.raises(InvalidEntry, match="กองผู้รับผิดชอบ"):
        store.save_measure(SYSTEM, LA.code, FY, MeasureEntry(indicator=3, activity="มาตรการใหม่ไม่ระบุกอง"))
    data = store.load_unit_year(SYSTEM, LA.code, FY)
    measure = next(m for m in data.measures if m.owner_section and not m.retired)
    header = emulator.values("LA1", layout.MEASURES)[0]
    column = layout.column_letter(header.index("กอง"))
    client.values_batch_update("LA1", {"valueInputOption": "RAW", "data": [
        {"range": layout.quoted(layout.MEASURES, f"{column}1"), "values": [["ฝ่าย"]]}]})  # the header renamed
    with pytest.raises(SheetLayoutError, match="หัวคอลัมน์ “กอง”") as refused:
        store.save_follow_up(SYSTEM, LA.code, FY, FollowUpEntry(
            measure_code=measure.code, month="2026-05", status=FollowUpStatus.DONE, base_version=measure.version), now=NOW)
    assert "สายงาน" not in str(refused.value)
    store.source.forget("LA1", FY)
    problems = store.sheet_read(SYSTEM, LA.code, FY).problems
    assert any("“กอง”" in p.text() for p in problems) and not any("สายงาน" in p.text() for p in problems)


def test_a_police_sheet_keeps_the_police_words(templates, emulator):
    client = http_client(emulator)
    emulator.create("P1", tabs=("Sheet1",))
    provision(client, "P1", build_unit_year(templates, UNITS[0], FY, AS_OF), [])
    assert [grid.title for grid in emulator.books["P1"].sheets] == ["Sheet1", *layout.TABS]
    assert emulator.values("P1", layout.SECTIONS)[0] == list(layout.SECTION_HEADERS)
    assert emulator.values("P1", layout.MEASURES)[0] == list(layout.MEASURE_HEADERS)


def test_a_local_administrations_sheet_made_before_in_police_words_still_reads_and_saves(la_year, demo_store,
                                                                                        emulator):
    client = http_client(emulator)
    emulator.create("LA0", tabs=layout.TABS, columns=40)  # the tab "สายงาน", as sheets were made before
    rows = layout.unit_rows(la_year)
    client.values_batch_update("LA0", {"valueInputOption": "RAW", "data": [
        {"range": layout.quoted(tab, "A1"), "values": [[layout.declared(h) for h in tab_rows[0]], *tab_rows[1:]]}
        for tab, tab_rows in rows.items()]})  # every header in the police words
    assert emulator.values("LA0", layout.MEASURES)[0] == list(layout.MEASURE_HEADERS)
    assert [thai(UnitKind.LOCAL_ADMIN)] == [r[1] for r in emulator.values("LA0", layout.SETTINGS) if r[0] == "ประเภทหน่วย"]
    store = linked(demo_store, client, "LA0")
    assert store.sheet_read(SYSTEM, LA.code, FY).problems == ()
    round_trip(store)
