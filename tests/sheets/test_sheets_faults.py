"""A shared sheet edited by people, and Google failing: saves find their row by code and their columns by header
(after a column is inserted or moved), refuse when a header is renamed or a code is twice; a server that never
answers, a failed token refresh, 403/404/400 and a write whose answer is lost, each with the page or the save saying
what happened (against the Sheets API emulator)."""

import datetime as dt
import time

import pytest
import requests
from google.auth.credentials import Credentials
from google.auth.exceptions import RefreshError, TransportError
from google.auth.transport.requests import AuthorizedSession

import ita_dash.store
from helpers.app import make_app
from helpers.databases import copy_database
from helpers.sheets import AS_OF, FY, HEAD, SHEET, SYSTEM, Clock, write_unit
from helpers.sheets_emulator import BASE, DRIVE_BASE, SERVICE_ACCOUNT, SheetsEmulator
from ita_dash.domain.entries import FollowUpEntry, MeasureEntry
from ita_dash.domain.fiscal import fiscal_months
from ita_dash.domain.model import FollowUpStatus, thai
from ita_dash.domain.permissions import NotAllowed
from ita_dash.store.base import NotFound, StoreError
from ita_dash.store.sheets import faults, layout
from ita_dash.store.sheets.source import BoundedBackOffClient, SheetsSource, SheetsUnavailable
from ita_dash.store.sheets.store import SheetLayoutError, SheetsStore
from ita_dash.store.sql import SqlStore

NOW = dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC)
TIMEOUT = (0.5, 1.0)  # the emulator's hang() honours the read timeout: the tests wait one second, not for ever


def client_for(emulator, session=None, timeout=TIMEOUT):
    session = session or requests.Session()
    session.mount(BASE, emulator)
    session.mount(DRIVE_BASE, emulator)
    client = BoundedBackOffClient(auth=None, session=session)
    client.set_timeout(timeout)
    return client


@pytest.fixture
def emulator(monkeypatch):
    monkeypatch.setattr("gspread.http_client.time.sleep", lambda seconds: None)
    emulator = SheetsEmulator()
    yield emulator
    emulator.release()


@pytest.fixture
def linked(demo_store, emulator, templates):
    from ita_dash.store.demo import UNITS, build_unit_year

    client = client_for(emulator)
    write_unit(client, emulator, build_unit_year(templates, UNITS[0], FY, AS_OF), SHEET)
    demo_store.link_sheet(SYSTEM, "DEMO-01", FY, SHEET)
    return SheetsStore(demo_store, SheetsSource(client, ttl=60, clock=Clock(), service_email=SERVICE_ACCOUNT))


def admin_measure(store):
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    measure = next(m for m in data.measures if m.owner_section == "admin" and not m.retired)
    reported = {f.month for f in data.follow_ups if f.measure_code == measure.code}
    month = next(m for m in ("2026-05", "2026-04", "2026-03", "2026-02") if m not in reported)
    return measure, month


def cells_of(emulator, code: str) -> dict[str, str]:
    """The measure's row as the sheet shows it, by header, wherever the columns are."""
    rows = emulator.values(SHEET, layout.MEASURES)
    header = [str(h) for h in rows[0]]
    row = next(r for r in rows[1:] if r and str(r[header.index("รหัส")]) == code)
    return {name: layout.shown(row[i] if i < len(row) else "") for i, name in enumerate(header)}


def report(store, measure, month, **fields):
    return store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(
        measure_code=measure.code, month=month, status=FollowUpStatus.IN_PROGRESS, percent=70,
        note="ทำแล้วบางส่วน", **fields), now=NOW)


def sheet_id(emulator, tab=layout.MEASURES):
    return emulator.books[SHEET].tab(tab).sheet_id


# -- writes by identity ---------------------------------------------------------------------------------------


def test_a_column_inserted_before_a_save_moves_nothing_into_the_wrong_cells(linked, emulator):
    store = linked
    measure, month = admin_measure(store)
    before = cells_of(emulator, measure.code)
    # someone inserts a column before ต.ค. (the docs allow it) after the page was read
    store.source.http.batch_update(SHEET, {"requests": [{"insertDimension": {"range": {
        "sheetId": sheet_id(emulator), "dimension": "COLUMNS", "startIndex": layout.MEASURE_HEADERS.index("ต.ค."),
        "endIndex": layout.MEASURE_HEADERS.index("ต.ค.") + 1}, "inheritFromBefore": True}}]})
    emulator.books[SHEET].tab(layout.MEASURES).put(0, layout.MEASURE_HEADERS.index("ต.ค."), "หมายเหตุของหน่วย")
    saved = report(store, measure, month)
    after = cells_of(emulator, measure.code)
    header = layout.MONTH_HEADERS[[str(m) for m in fiscal_months(FY)].index(month)]
    assert after[header] == thai(FollowUpStatus.IN_PROGRESS)
    assert (after["ร้อยละ"], after["หมายเหตุ"], after["ฉบับ"]) == ("70", "ทำแล้วบางส่วน", str(saved.version))
    assert after["หมายเหตุของหน่วย"] == ""  # the inserted column is untouched
    untouched = [h for h in layout.MEASURE_HEADERS if h not in (header, "ร้อยละ", "หมายเหตุ", "ฉบับ", "ลิงก์หลักฐาน")]
    assert {h: after[h] for h in untouched} == {h: before[h] for h in untouched}
    read = store.source.read(SHEET, FY)
    assert any(f.measure_code == measure.code and f.month == month and f.note == "ทำแล้วบางส่วน"
               for f in read.data.follow_ups)


def test_a_column_moved_before_a_save_is_followed_by_its_header(linked, emulator):
    store = linked
    measure, month = admin_measure(store)
    note_at = layout.MEASURE_HEADERS.index("หมายเหตุ")
    store.source.http.batch_update(SHEET, {"requests": [{"moveDimension": {"source": {
        "sheetId": sheet_id(emulator), "dimension": "COLUMNS", "startIndex": note_at, "endIndex": note_at + 1},
        "destinationIndex": 1}}]})  # หมายเหตุ now second
    assert [str(h) for h in emulator.values(SHEET, layout.MEASURES)[0]][1] == "หมายเหตุ"
    report(store, measure, month)
    after = cells_of(emulator, measure.code)
    assert (after["หมายเหตุ"], after["ร้อยละ"], after["รหัส"]) == ("ทำแล้วบางส่วน", "70", measure.code)
    assert after["ตัวชี้วัด"] == str(measure.indicator)


def test_a_renamed_header_refuses_the_save_naming_the_tab_and_header(linked, emulator):
    store = linked
    measure, month = admin_measure(store)
    emulator.books[SHEET].tab(layout.MEASURES).put(0, layout.MEASURE_HEADERS.index("หมายเหตุ"), "บันทึก")
    before = emulator.values(SHEET, layout.MEASURES)
    emulator.reset_counts()
    with pytest.raises(SheetLayoutError, match="แท็บ มาตรการ ของชีตไม่มีหัวคอลัมน์ “หมายเหตุ”"):
        report(store, measure, month)
    assert emulator.writes == 0 and emulator.values(SHEET, layout.MEASURES) == before
    assert not any(line.record_key == f"{measure.code}/{month}" for line in store.history(SYSTEM, "DEMO-01"))
    # the read lists the renamed header as a problem
    store.source.forget(SHEET, FY)
    problems = store.source.read(SHEET, FY).problems
    assert any(p.row == 1 and "“หมายเหตุ”" in p.message for p in problems)
    assert any(p.value == "บันทึก" and "ไม่รู้จัก" in p.message for p in problems)


def test_a_duplicated_header_or_code_refuses_the_save(linked, emulator):
    store = linked
    measure, month = admin_measure(store)
    grid = emulator.books[SHEET].tab(layout.MEASURES)
    rows = emulator.values(SHEET, layout.MEASURES)
    code_at = layout.MEASURE_HEADERS.index("รหัส")
    other = next(i for i, r in enumerate(rows[1:], start=1) if r[code_at] != measure.code)
    original = rows[other][code_at]
    grid.put(other, code_at, measure.code)  # someone copied a row and forgot to change the code
    with pytest.raises(SheetLayoutError, match=f"รหัส {measure.code} มีซ้ำกัน 2 แถวในแท็บ มาตรการ"):
        report(store, measure, month)
    store.source.forget(SHEET, FY)
    assert any(p.value == measure.code and "ซ้ำ" in p.message for p in store.source.read(SHEET, FY).problems)
    grid.put(other, code_at, original)
    store.source.forget(SHEET, FY)
    width = len(layout.MEASURE_HEADERS)
    grid.put(0, width, "ร้อยละ")  # a second ร้อยละ column at the end
    with pytest.raises(SheetLayoutError, match="มีหัวคอลัมน์ “ร้อยละ” ซ้ำกัน"):
        report(store, measure, month)


def test_a_deleted_row_refuses_the_save_and_is_listed_as_gone(linked, emulator):
    store = linked
    measure, month = admin_measure(store)
    row = store.source.read(SHEET, FY).rows[(layout.MEASURES, measure.code)]
    store.source.http.batch_update(SHEET, {"requests": [{"deleteDimension": {"range": {
        "sheetId": sheet_id(emulator), "dimension": "ROWS", "startIndex": row - 1, "endIndex": row}}}]})
    with pytest.raises(NotFound, match=f"ไม่พบรหัส {measure.code} ในแท็บ มาตรการ"):
        report(store, measure, month)
    store.source.forget(SHEET, FY)
    problems = store.source.read(SHEET, FY).problems
    assert any(p.value == measure.code and "หายไป" in p.message for p in problems)


def test_a_measure_edit_and_an_added_measure_follow_the_headers(linked, emulator):
    store = linked
    first = store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0]
    at = layout.MEASURE_HEADERS.index("ผลผลิต")
    store.source.http.batch_update(SHEET, {"requests": [{"insertDimension": {"range": {
        "sheetId": sheet_id(emulator), "dimension": "COLUMNS", "startIndex": at, "endIndex": at + 1}}}]})
    store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(code=first.code, indicator=first.indicator,
                                                           activity="แก้จากแอปหลังแทรกคอลัมน์", base_version=first.version))
    assert cells_of(emulator, first.code)["มาตรการ/กิจกรรม"] == "แก้จากแอปหลังแทรกคอลัมน์"
    added = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(indicator=3, activity="มาตรการใหม่หลังแทรกคอลัมน์",
                                                                   fields={"owner_section": "admin"}))
    cells = cells_of(emulator, added.code)
    assert (cells["มาตรการ/กิจกรรม"], cells["สายงาน"], cells["ฉบับ"]) == ("มาตรการใหม่หลังแทรกคอลัมน์", "admin", "1")
    assert cells["เสร็จแล้ว"] == "FALSE"  # a checkbox value, not text


# -- Google failing ---------------------------------------------------------------------------------------------


def test_a_server_that_never_answers_gives_the_kept_read_within_the_timeout(linked, emulator):
    store = linked
    first = store.source.read(SHEET, FY)
    store.source.clock.now += 120
    emulator.hang()
    stale = store.source.read(SHEET, FY)
    assert stale.stale and stale.kind == faults.TEMPORARY and stale.data == first.data
    assert "(เชื่อมต่อ Google Sheets ไม่ได้)" in stale.banner
    fresh = SheetsSource(store.source.http, ttl=60)
    with pytest.raises(SheetsUnavailable, match="หมดเวลารอ"):
        fresh.read(SHEET, FY)


def test_a_save_to_a_server_that_never_answers_is_refused_in_thai(linked, emulator):
    store = linked
    measure, month = admin_measure(store)
    emulator.hang()
    with pytest.raises(faults.SheetsFailure, match="หมดเวลารอ") as refused:
        report(store, measure, month)
    assert refused.value.kind == faults.TEMPORARY
    assert not any(line.record_key == f"{measure.code}/{month}" for line in store.history(SYSTEM, "DEMO-01"))


@pytest.mark.parametrize("error", [RefreshError("invalid_grant: account deleted"), TransportError("DNS failure")])
def test_a_failed_token_refresh_gives_the_kept_read_and_a_thai_refusal(demo_store, emulator, templates, error):
    from ita_dash.store.demo import UNITS, build_unit_year

    credentials = Refreshing()
    client = client_for(emulator, AuthorizedSession(credentials))
    write_unit(client, emulator, build_unit_year(templates, UNITS[0], FY, AS_OF), SHEET)
    demo_store.link_sheet(SYSTEM, "DEMO-01", FY, SHEET)
    clock = Clock()
    store = SheetsStore(demo_store, SheetsSource(client, ttl=60, clock=clock))
    measure, month = admin_measure(store)
    credentials.fail_with(error)
    clock.now += 120
    read = store.source.read(SHEET, FY)
    assert read.stale and read.kind == faults.TEMPORARY and "ต่ออายุสิทธิ์เข้าถึงไม่สำเร็จ" in read.error
    with pytest.raises(faults.SheetsFailure, match="ต่ออายุสิทธิ์เข้าถึงไม่สำเร็จ"):
        report(store, measure, month)


class Refreshing(Credentials):
    """Credentials whose token refresh works until ``fail_with(error)`` (as google-auth raises it when the token
    endpoint cannot be reached or refuses the account)."""

    def __init__(self):
        super().__init__()
        self.error = None

    def fail_with(self, error):
        self.error, self.token = error, None  # the token has expired: the next request refreshes it

    def refresh(self, request):
        if self.error is not None:
            raise self.error
        self.token = "token"


@pytest.mark.parametrize("status, words", [
    (403, f"แชร์ชีตให้ {SERVICE_ACCOUNT} เป็นผู้แก้ไข"),
    (404, "ไม่พบชีต 1SheetOfDemo01 (ถูกลบหรือย้าย)"),
])
def test_a_permanent_failure_says_what_to_do(linked, emulator, status, words):
    store = linked
    store.source.read(SHEET, FY)
    store.source.clock.now += 120
    emulator.fail_next(status)
    read = store.source.read(SHEET, FY)
    assert read.stale and read.permanent and words in read.error and words in read.banner
    assert "sheets link" in read.error or status == 403
    emulator.fail_next(status)
    with pytest.raises(SheetsUnavailable, match=words.replace("(", r"\(").replace(")", r"\)")):
        SheetsSource(store.source.http, service_email=SERVICE_ACCOUNT).read(SHEET, FY)
    measure, month = admin_measure(store)
    emulator.fail_next(status)
    with pytest.raises(faults.SheetsFailure, match="บันทึก|อ่านชีต") as refused:
        report(store, measure, month)
    assert words in str(refused.value)


def test_a_renamed_tab_names_the_tab(linked, emulator):
    store = linked
    store.source.read(SHEET, FY)
    store.source.clock.now += 120
    grid = emulator.books[SHEET].tab(layout.OIT)
    store.source.http.batch_update(SHEET, {"requests": [{"updateSheetProperties": {
        "properties": {"sheetId": grid.sheet_id, "title": "OIT เก่า"}, "fields": "title"}}]})
    read = store.source.read(SHEET, FY)
    assert read.permanent and read.kind == faults.RANGE and "“OIT”" in read.error
    assert "python -m ita_dash sheets check" in read.error


def test_a_write_whose_answer_is_lost_is_reconciled_with_one_audit_line(linked, emulator):
    store = linked
    measure, month = admin_measure(store)
    emulator.lose_next_answer()
    saved = report(store, measure, month)  # applied at Google, answer lost: re-read, seen, success
    cells = cells_of(emulator, measure.code)
    assert (cells["หมายเหตุ"], cells["ฉบับ"]) == ("ทำแล้วบางส่วน", str(saved.version))
    lines = [line for line in store.history(SYSTEM, "DEMO-01")
             if line.record_key == f"{measure.code}/{month}" and line.field == "หมายเหตุ"]
    assert len(lines) == 1 and lines[0].new_value == "ทำแล้วบางส่วน"


def test_a_write_that_never_arrived_is_refused_with_try_again_and_no_audit_line(linked, emulator):
    store = linked
    measure, month = admin_measure(store)
    before = cells_of(emulator, measure.code)
    original = store.source.http.values_batch_update

    def timed_out(*args, **kwargs):  # the write times out before reaching Google
        raise requests.exceptions.ReadTimeout("no answer")

    store.source.http.values_batch_update = timed_out
    with pytest.raises(faults.SheetsFailure, match="ค่าในชีตยังไม่เปลี่ยน.*ลองบันทึกอีกครั้ง"):
        report(store, measure, month)
    store.source.http.values_batch_update = original
    assert cells_of(emulator, measure.code) == before
    assert not any(line.record_key == f"{measure.code}/{month}" for line in store.history(SYSTEM, "DEMO-01"))


# -- the page --------------------------------------------------------------------------------------------------


@pytest.fixture
def app_db(demo_db, tmp_path, emulator, templates, monkeypatch):
    """The demo database with DEMO-01's FY2569 linked to a sheet; the app's client has a one-second timeout."""
    from ita_dash.store.demo import UNITS, build_unit_year

    path = tmp_path / "sheets.db"
    url = copy_database(demo_db, path)
    store = SqlStore(url)
    store.link_sheet(SYSTEM, "DEMO-01", FY, SHEET)
    store.close()
    credentials = Refreshing()
    client = client_for(emulator, AuthorizedSession(credentials))
    write_unit(client, emulator, build_unit_year(templates, UNITS[0], FY, AS_OF), SHEET)
    monkeypatch.setattr(ita_dash.store, "sheets_settings",
                        lambda: {"ttl_seconds": 60, "client_email": SERVICE_ACCOUNT})
    monkeypatch.setattr(ita_dash.store, "sheets_client", lambda settings: client)
    return url, credentials


def _page(monkeypatch, url):
    app = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy=str(FY), as_of=AS_OF.isoformat())
    app.switch_page("pages/overview.py").run(timeout=180)
    assert not app.exception
    return app


def _later(url):
    from ita_dash.ui import context

    source = context._store_for(url).source
    source.clock = lambda: time.monotonic() + 120  # the kept read has outlived its TTL


@pytest.mark.parametrize("fault", ["hang", "refresh", "403"])
def test_the_page_keeps_the_last_good_read_with_a_banner(monkeypatch, app_db, emulator, fault):
    url, credentials = app_db
    app = _page(monkeypatch, url)
    assert not [w for w in app.warning if "Google" in w.value] and not app.error
    _later(url)
    if fault == "hang":
        emulator.hang()
    elif fault == "refresh":
        credentials.fail_with(RefreshError("invalid_grant"))
    else:
        emulator.fail_next(403)
    app.run(timeout=60)
    assert not app.exception and app.title[0].value == "ภาพรวมการประเมิน ITA"
    if fault == "403":
        assert any(f"แชร์ชีตให้ {SERVICE_ACCOUNT} เป็นผู้แก้ไข" in e.value for e in app.error)
    else:
        assert any(w.value.startswith("ข้อมูล ณ เวลา ") and "(เชื่อมต่อ Google Sheets ไม่ได้)" in w.value
                   for w in app.warning)


def test_the_timeouts_come_from_the_settings():
    assert ita_dash.store.sheets_timeout({}) == (5.0, 20.0)
    assert ita_dash.store.sheets_timeout({"timeout_connect": 2, "timeout_read": "9"}) == (2.0, 9.0)


def test_every_google_error_is_a_store_error_on_a_page():
    assert issubclass(faults.SheetsFailure, StoreError) and issubclass(SheetLayoutError, StoreError)
    assert faults.answer_lost(requests.exceptions.ReadTimeout()) and not faults.answer_lost(
        requests.exceptions.ConnectTimeout())


def test_merged_section_cells_keep_their_rows_in_the_section_and_are_listed(linked, emulator):
    store = linked
    data = store.source.read(SHEET, FY)
    rows = emulator.values(SHEET, layout.MEASURES)
    section_at = layout.MEASURE_HEADERS.index("สายงาน")
    first = next(i for i in range(1, len(rows) - 2)
                 if rows[i][section_at] == rows[i + 1][section_at] == rows[i + 2][section_at] == "admin")
    codes = [str(rows[i][0]) for i in range(first, first + 3)]
    store.source.http.batch_update(SHEET, {"requests": [{"mergeCells": {"range": {
        "sheetId": sheet_id(emulator), "startRowIndex": first, "endRowIndex": first + 3,
        "startColumnIndex": section_at, "endColumnIndex": section_at + 1}, "mergeType": "MERGE_ALL"}}]})
    store.source.forget(SHEET, FY)
    emulator.reset_counts()
    read = store.source.read(SHEET, FY)
    assert emulator.reads == 2  # the values, then the merges (only because a section cell read empty)
    owners = {m.code: m.owner_section for m in read.data.measures}
    assert [owners[c] for c in codes] == ["admin"] * 3 and data.data.measures == read.data.measures
    assert any(p.tab == layout.MEASURES and "ผสาน" in p.message and p.row == first + 1 for p in read.problems)


def test_an_added_measure_whose_answer_is_lost_is_added_once(linked, emulator):
    store = linked
    emulator.lose_next_answer()
    added = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(indicator=4, activity="มาตรการใหม่ที่คำตอบหาย",
                                                                   fields={"owner_section": "admin"}))
    codes = [str(r[0]) for r in emulator.values(SHEET, layout.MEASURES)[1:] if r]
    assert codes.count(added.code) == 1
    assert sum(1 for line in store.history(SYSTEM, "DEMO-01") if line.record_key == f"measure/{added.code}") == 1


# -- the results report's texts and photos for a unit kept in a sheet --------------------------------------------


def test_written_results_and_photos_of_a_sheet_only_measure_are_saved(linked, emulator):
    import io

    from PIL import Image

    store = linked
    added = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(indicator=4, activity="มาตรการที่มีแต่ในชีต",
                                                                   fields={"owner_section": "admin"}))
    with pytest.raises(NotFound):  # the database alone does not know it
        store.sql.save_measure_result(HEAD, "DEMO-01", FY, added.code, "ทำแล้ว", "", None)
    saved = store.save_measure_result(HEAD, "DEMO-01", FY, added.code, "จัดประชุมชี้แจงครบทุกสายงาน",
                                      "ผู้มาติดต่อรับทราบช่องทางมากขึ้น", None)
    again = store.save_measure_result(HEAD, "DEMO-01", FY, added.code, "จัดประชุมชี้แจงครบทุกสายงาน (แก้)",
                                      "ผู้มาติดต่อรับทราบช่องทางมากขึ้น", saved.version)
    assert again.version == saved.version + 1 == added.version + 2  # the texts are in the sheet's row (issue 33)
    assert emulator.values(SHEET, layout.MEASURES)[-1][layout.MEASURE_HEADERS.index("ผลลัพธ์")] == \
        "ผู้มาติดต่อรับทราบช่องทางมากขึ้น"
    measure = next(m for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures if m.code == added.code)
    assert (measure.achievement, measure.outcome) == ("จัดประชุมชี้แจงครบทุกสายงาน (แก้)", "ผู้มาติดต่อรับทราบช่องทางมากขึ้น")
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 200)).save(buffer, "JPEG")
    photo = store.add_photo(HEAD, "DEMO-01", FY, added.code, "2026-05", buffer.getvalue(), "ภาพการประชุม")
    assert [p.id for p in store.list_photos(SYSTEM, "DEMO-01", FY, added.code)] == [photo.id]
    other = next(m for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures if m.owner_section not in ("admin", None))
    with pytest.raises(NotAllowed):  # the sheet's section decides who may
        store.save_measure_result(HEAD, "DEMO-01", FY, other.code, "x", "", None)
    with pytest.raises(NotFound, match="ไม่พบมาตรการ 9-99 ในชีต"):
        store.add_photo(HEAD, "DEMO-01", FY, "9-99", "2026-05", buffer.getvalue())


def test_a_write_into_a_cell_someone_protected_against_the_app_says_to_sync_not_that_a_tab_is_missing(emulator):
    """Google answers 400 both for a missing tab and for a protected cell; the two need different fixes."""
    import gspread

    from helpers.sheets import protect

    client = client_for(emulator)
    book = emulator.create("S", tabs=(layout.MEASURES,), owner="chief@example.go.th")  # shared with the app
    protect(client, emulator, book.sheets[0].sheet_id, (1, 3), (0, 2), ["chief@example.go.th"],
            caller="chief@example.go.th")
    with pytest.raises(gspread.exceptions.APIError) as refused:
        client.values_update("S", layout.quoted(layout.MEASURES, "A2"), params={"valueInputOption": "RAW"},
                             body={"values": [["x"]]})
    kind, message = faults.describe(refused.value, SERVICE_ACCOUNT, "S")
    assert kind == faults.PROTECTED and kind in faults.PERMANENT
    assert SERVICE_ACCOUNT in message and "sheets sync" in message
    with pytest.raises(gspread.exceptions.APIError) as missing:
        client.values_get("S", layout.quoted("ไม่มีแท็บนี้", "A1"))
    assert faults.describe(missing.value, SERVICE_ACCOUNT, "S")[0] == faults.RANGE


def test_a_date_deadline_is_compared_as_a_date_and_a_lost_answer_on_its_row_is_reconciled(linked, emulator):
    """The sheet shows a date as the column's display (31/3/2569) and the app writes a serial: compared as dates, an
    unchanged deadline is neither rewritten nor audited again, and a lost answer is seen as applied."""
    from ita_dash.domain.thaidate import format_date

    store = linked
    first = store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0]
    day = dt.date(2026, 3, 31)
    store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(code=first.code, indicator=first.indicator,
                                                           activity=first.activity, base_version=first.version,
                                                           fields={"deadline": day, "deadline_text": ""}))
    first = next(m for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures if m.code == first.code)
    assert first.deadline == day

    def deadline_lines():
        return [line for line in store.history(SYSTEM, "DEMO-01", f"measure/{first.code}") if line.field == "กำหนดเสร็จ"]

    assert [line.new_value for line in deadline_lines()] == [format_date(day)]  # the date, never the serial
    emulator.lose_next_answer()
    store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(code=first.code, indicator=first.indicator,
                                                           activity="แก้ชื่อมาตรการ คำตอบหาย", base_version=first.version,
                                                           fields={"deadline": day, "deadline_text": ""}))
    assert cells_of(emulator, first.code)["มาตรการ/กิจกรรม"] == "แก้ชื่อมาตรการ คำตอบหาย"
    assert len(deadline_lines()) == 1  # the unchanged deadline was not written or audited again
    renamed = [line for line in store.history(SYSTEM, "DEMO-01", f"measure/{first.code}")
               if line.field == "มาตรการ/กิจกรรม" and line.new_value == "แก้ชื่อมาตรการ คำตอบหาย"]
    assert len(renamed) == 1


def test_a_measure_added_from_the_app_takes_a_code_no_row_of_the_sheet_has_even_one_pasted_a_moment_ago(linked, emulator):
    store = linked
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)  # kept for the TTL
    taken = [m.code for m in data.measures if m.indicator == 4]
    pasted = f"4-{1 + max(int(c.split('-')[1]) for c in taken):02d}"
    store.source.http.values_append(SHEET, layout.quoted(layout.MEASURES, "A1"), params={
        "valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}, body={"values": [[pasted, 4, "", "วางในชีต"]]})
    added = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(indicator=4, activity="เพิ่มจากแอป",
                                                                   fields={"owner_section": "admin"}))
    assert added.code != pasted
    codes = [m.code for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures]
    assert len(codes) == len(set(codes)) and {pasted, added.code} <= set(codes)
