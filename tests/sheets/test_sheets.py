"""Reading a unit from a Google Sheet through gspread's own HTTP client, against the Sheets API emulator:
one request per load, none within the TTL, backoff on 429, the last good data when Google is down, and every
malformed cell listed with its position while the rest loads."""

import datetime as dt

import gspread.http_client
import pytest
import requests

from helpers.sheets import SHEET, Clock, write_unit
from helpers.sheets_emulator import BASE, SheetsEmulator, Span, column_letters
from ita_dash.domain.fiscal import Month
from ita_dash.domain.model import FollowUpStatus
from ita_dash.store.demo import UNITS, build_unit_year
from ita_dash.store.sheets import layout
from ita_dash.store.sheets.source import BoundedBackOffClient, SheetsSource, SheetsUnavailable

FY, AS_OF = 2569, dt.date(2026, 6, 20)




@pytest.fixture
def sleeps(monkeypatch):
    """gspread's backoff waits, recorded instead of slept."""
    waited = []
    monkeypatch.setattr(gspread.http_client.time, "sleep", waited.append)
    return waited


@pytest.fixture
def emulator():
    return SheetsEmulator()


@pytest.fixture
def client(emulator, sleeps):
    session = requests.Session()
    session.mount(BASE, emulator)
    return BoundedBackOffClient(auth=None, session=session)


@pytest.fixture
def unit(templates):
    return build_unit_year(templates, UNITS[0], FY, AS_OF)




def test_a_unit_round_trips_through_its_sheet(client, emulator, unit):
    write_unit(client, emulator, unit)
    read = SheetsSource(client).read(SHEET, FY)
    data = read.data
    assert read.problems == () and not read.stale
    assert data.unit.code == unit.unit.code and data.unit.kind == unit.unit.kind and data.province.code == "DEMO"
    assert data.year.staff_count == unit.year.staff_count and data.year.plan_start == unit.year.plan_start
    assert [(s.code, s.name, s.head_name) for s in data.sections] == [(s.code, s.name, s.head_name) for s in unit.sections]
    strip = {"version"}
    assert [m.model_dump(exclude=strip | {"cadence"}) for m in data.measures] == \
        [m.model_dump(exclude=strip | {"cadence"}) for m in unit.measures]
    assert [m.cadence for m in data.measures] == [m.cadence for m in unit.measures]
    assert {(f.measure_code, f.month, f.status) for f in data.follow_ups} == \
        {(f.measure_code, f.month, f.status) for f in unit.follow_ups}
    latest = {}
    for f in unit.follow_ups:
        if f.measure_code not in latest or Month.parse(f.month) > Month.parse(latest[f.measure_code].month):
            latest[f.measure_code] = f
    for f in data.follow_ups:
        if f.month == latest[f.measure_code].month:
            assert (f.percent, f.note) == (latest[f.measure_code].percent, latest[f.measure_code].note)
    assert [(i.code, i.status, i.due_date, i.link) for i in data.oit_items] == \
        [(i.code, i.status, i.due_date, i.link) for i in unit.oit_items]
    assert sorted((s.taken_on, s.tool.value, s.section or "", s.count) for s in data.quota_snapshots) == \
        sorted((s.taken_on, s.tool.value, s.section or "", s.count) for s in unit.quota_snapshots)
    assert [r.model_dump() for r in data.results] == [r.model_dump() for r in unit.results]


def test_a_load_is_one_request_and_a_rerun_within_the_ttl_is_none(client, emulator, unit):
    write_unit(client, emulator, unit)
    clock = Clock()
    source = SheetsSource(client, ttl=60, clock=clock)
    source.read(SHEET, FY)
    assert emulator.log == [("GET", f"/v4/spreadsheets/{SHEET}/values:batchGet")]
    clock.now += 59
    source.read(SHEET, FY)
    assert emulator.reads == 1  # a page rerun within the TTL asks nothing
    clock.now += 2
    source.read(SHEET, FY)
    assert emulator.reads == 2


def test_two_429s_then_an_answer_loads(client, emulator, unit, sleeps):
    write_unit(client, emulator, unit)
    emulator.fail_next(429, times=2)
    read = SheetsSource(client).read(SHEET, FY)
    assert not read.stale and len(read.data.measures) == len(unit.measures)
    assert emulator.reads == 3 and sleeps == [2, 4]  # gspread's backoff waited twice


def test_with_google_down_the_last_good_data_comes_back_with_its_time(client, emulator, unit, sleeps):
    write_unit(client, emulator, unit)
    clock = Clock()
    source = SheetsSource(client, ttl=60, clock=clock)
    first = source.read(SHEET, FY)
    emulator.down = True
    clock.now += 120
    stale = source.read(SHEET, FY)
    assert stale.stale and stale.data == first.data and "HTTP 503" in stale.error and stale.kind == "temporary"
    assert stale.banner.startswith("ข้อมูล ณ เวลา ") and stale.banner.endswith("(เชื่อมต่อ Google Sheets ไม่ได้)")
    assert sleeps == [2, 4, 8]  # retried up to the ceiling, then gave up
    requests_made = emulator.reads
    clock.now += 30
    source.read(SHEET, FY)
    assert emulator.reads == requests_made  # the stale answer is also kept for a TTL: no hammering
    emulator.down = False
    clock.now += 60
    assert not source.read(SHEET, FY).stale


def test_with_google_down_and_nothing_read_before_the_message_is_thai(client, emulator, unit, sleeps):
    write_unit(client, emulator, unit)
    emulator.down = True
    with pytest.raises(SheetsUnavailable, match="เชื่อมต่อ Google Sheets ไม่ได้"):
        SheetsSource(client).read(SHEET, FY)


def test_ten_malformed_cells_are_listed_with_their_positions_and_the_rest_loads(client, emulator, unit):
    write_unit(client, emulator, unit)
    headers = list(layout.MEASURE_HEADERS)
    book = emulator.books[SHEET]
    measures, oit, quotas = book.tab(layout.MEASURES), book.tab(layout.OIT), book.tab(layout.QUOTAS)

    def spoil(grid, row, header, value, headers_=headers):
        grid.put(row - 1, headers_.index(header), value)
        return (grid.title, row, f"{column_letters(headers_.index(header) + 1)} ({header})", value)

    oit_headers, quota_headers = list(layout.OIT_HEADERS), list(layout.QUOTA_HEADERS)
    spoiled = {
        spoil(measures, 2, "กำหนดเสร็จ", "31 ก.พ. 70"),
        spoil(measures, 3, "ร้อยละ", "เยอะ"),
        spoil(measures, 4, "ร้อยละ", "140"),
        spoil(measures, 5, "ต.ค.", "เสร็จแล้วมั้ง"),
        spoil(measures, 6, "ม.ค.", "ok"),
        spoil(measures, 7, "ฉบับ", "สอง"),
        spoil(oit, 2, "สถานะ", "ส่งแล้ว", oit_headers),
        spoil(oit, 3, "กำหนดเสร็จ", "วันจันทร์", oit_headers),
        spoil(quotas, 2, "จำนวน", "ประมาณ 40", quota_headers),
        spoil(quotas, 3, "ณ วันที่", "32/13/2569", quota_headers),
    }
    read = SheetsSource(client).read(SHEET, FY)
    found = {(p.tab, p.row, p.column, p.value) for p in read.problems}
    assert found == spoiled and len(read.problems) == 10
    assert all(p.message and any("\u0e00" <= ch <= "\u0e7f" for ch in p.message) for p in read.problems)
    percent = next(p for p in read.problems if p.value == "เยอะ")
    assert percent.text().startswith(f"แท็บ มาตรการ แถว 3 คอลัมน์ {percent.column}: “เยอะ” — ")
    # everything else still loads: every measure (a bad cell empties that cell only), the other reports and items
    assert [m.code for m in read.data.measures] == [m.code for m in unit.measures]
    assert read.data.measures[0].deadline is None and read.data.measures[1].code == unit.measures[1].code
    assert len(read.data.oit_items) == len(unit.oit_items)
    assert read.data.oit_items[0].status.value == "not_started" and read.data.oit_items[1].due_date is None
    assert len(read.data.quota_snapshots) == len(unit.quota_snapshots) - 2
    bad_month = {(unit.measures[3].code, f"{FY - 544}-10"), (unit.measures[4].code, f"{FY - 543}-01")}
    expected = {(f.measure_code, f.month) for f in unit.follow_ups} - bad_month
    assert {(f.measure_code, f.month) for f in read.data.follow_ups} == expected


def test_a1_ranges_as_the_api_writes_them():
    assert Span.parse("'มาตรการ'!A2:Z") == Span("มาตรการ", 1, 0, None, 26)
    assert Span.parse("'it''s'!B3") == Span("it's", 2, 1, 3, 2)
    assert Span.parse("ตั้งค่า") == Span("ตั้งค่า", 0, 0, None, None)
    assert layout.quoted("it's", "A1") == "'it''s'!A1"
    assert [layout.column_letter(i) for i in (0, 25, 26, 51)] == ["A", "Z", "AA", "AZ"]
    assert FollowUpStatus.DONE in layout.FOLLOW_UP_LABELS.values()


def test_a_province_of_sheets_is_read_four_at_a_time_within_the_quota_and_reuses_kept_reads(client, emulator, unit):
    for n in range(30):
        write_unit(client, emulator, unit, f"S{n:02d}")
    clock, slept = Clock(), []

    def sleep(seconds):  # the quota wait moves the clock on instead of sleeping
        slept.append(seconds)
        clock.now += seconds

    source = SheetsSource(client, ttl=60, clock=clock, reads_per_minute=20, sleep=sleep)
    keys = [(f"S{n:02d}", FY) for n in range(30)]
    source.read(*keys[0])
    progress = []
    reads = source.read_many(keys, progress=lambda done, total: progress.append((done, total)))
    assert len(reads) == 30 and all(not isinstance(r, Exception) for r in reads.values())
    assert progress[-1] == (30, 30) and len(progress) == 30
    assert emulator.reads == 30  # the first sheet was kept from before: 1 + 29
    assert slept and all(0 < s <= 60 for s in slept)  # 20 a minute: the rest waited for the next minute


def test_the_configured_service_account_gets_gspreads_backoff_client(monkeypatch):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from google.auth.transport.requests import AuthorizedSession

    import ita_dash.store
    from ita_dash.store.base import StoreError
    from ita_dash.store.sheets.source import SheetsSource
    from ita_dash.store.sheets.store import SheetsStore

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    settings = {"ttl_seconds": 30, "type": "service_account", "project_id": "p", "private_key_id": "k",
                "private_key": key, "client_email": "ita@p.iam.gserviceaccount.com", "client_id": "1",
                "token_uri": "https://oauth2.googleapis.com/token"}
    client = ita_dash.store.sheets_client(settings)
    assert isinstance(client, BoundedBackOffClient) and isinstance(client.session, AuthorizedSession)
    monkeypatch.setattr(ita_dash.store, "sheets_settings", lambda: settings)
    store = ita_dash.store.open_store("sqlite://")
    assert isinstance(store, SheetsStore) and isinstance(store.source, SheetsSource) and store.source.ttl == 30
    monkeypatch.setattr(ita_dash.store, "sheets_settings", lambda: {**settings, "units": {"DEMO-01/2570": "S1"}})
    assert ita_dash.store.open_store("sqlite://").links() == {("DEMO-01", 2570): "S1"}
    monkeypatch.setattr(ita_dash.store, "sheets_settings", lambda: {**settings, "units": {"DEMO-01": "S1"}})
    with pytest.raises(StoreError, match="DEMO-01/2570"):
        ita_dash.store.open_store("sqlite://")
    monkeypatch.setattr(ita_dash.store, "sheets_settings", lambda: None)
    assert not isinstance(ita_dash.store.open_store("sqlite://"), SheetsStore)


def test_each_thread_backs_off_on_its_own(client, emulator, unit, sleeps):
    import threading

    write_unit(client, emulator, unit)
    client._NR_BACKOFF = 2
    seen = []
    thread = threading.Thread(target=lambda: seen.append(client._NR_BACKOFF))
    thread.start()
    thread.join()
    assert seen == [0] and client._NR_BACKOFF == 2  # another thread's count is not this one's
    client._NR_BACKOFF = 0


def test_the_emulator_answers_as_the_reference_says(client, emulator):
    emulator.create("E", tabs=("แผ่น 1",))
    client.values_batch_update("E", {"valueInputOption": "USER_ENTERED", "data": [
        {"range": "'แผ่น 1'!B2", "majorDimension": "COLUMNS", "values": [["1", "2"], ["x"]]}]})
    assert emulator.values("E", "แผ่น 1") == [[], ["", 1, "x"], ["", 2]]  # USER_ENTERED made numbers of "1", "2"
    rows = client.values_get("E", "'แผ่น 1'!A1:C3")
    assert rows["values"] == [[], ["", "1", "x"], ["", "2"]] and rows["majorDimension"] == "ROWS"
    columns = client.values_get("E", "'แผ่น 1'!B2:C3", params={"majorDimension": "COLUMNS",
                                                                "valueRenderOption": "UNFORMATTED_VALUE"})
    assert columns["values"] == [[1, 2], ["x"]] and columns["range"] == "'แผ่น 1'!B2:C3"
    assert "values" not in client.values_get("E", "'แผ่น 1'!D5")  # empty ranges carry no values
    with pytest.raises(gspread.exceptions.APIError):
        client.values_get("E", "'ไม่มีแท็บนี้'!A1")


def test_bad_settings_and_section_codes_are_problems_not_crashes(client, emulator, unit):
    write_unit(client, emulator, unit)
    book = emulator.books[SHEET]
    book.tab(layout.SETTINGS).put(1, 1, "หน่วย ไทย")  # รหัสหน่วย: not a code
    book.tab(layout.SECTIONS).put(1, 0, "งาน อก")  # รหัสสายงาน: not a code
    read = SheetsSource(client).read(SHEET, FY)
    assert {p.tab for p in read.problems} == {layout.SETTINGS, layout.SECTIONS}
    assert read.data.unit.code == "SHEET" and len(read.data.sections) == len(unit.sections) - 1
