"""The Sheets API emulator held to the real API: gspread's recorded cassettes replayed against it (answers compared
with Google's), then each behaviour the Sheets store relies on: USER_ENTERED parsing in th_TH, date formats,
checkboxes, protections, Drive sharing, atomic batch updates, grid limits, frozen rows, inserted/deleted/moved
columns, sorting, merges, and the fault controls (hang, lost answers)."""

import datetime as dt
import json
import pathlib
import threading

import gspread
import gspread.http_client
import pytest
import requests

from helpers.sheets import HEAD_EMAIL, OTHER_HEAD_EMAIL, OWNER_EMAIL, protect
from helpers.sheets_emulator import (
    BASE,
    CALLER_HEADER,
    DRIVE_BASE,
    PROTECTED_MESSAGE,
    SERVICE_ACCOUNT,
    Formula,
    SheetsEmulator,
    serial,
)

CASSETTES = pathlib.Path(__file__).parents[1] / "fixtures" / "gspread_cassettes"
RECORDED_CALLER = "telegram-budgeter@telegram-budgeter.iam.gserviceaccount.com"  # the account that recorded them


def session_for(emulator):
    session = requests.Session()
    session.mount(BASE, emulator)
    session.mount(DRIVE_BASE, emulator)
    return session


@pytest.fixture
def emulator():
    return SheetsEmulator()  # held to the grid limits, as Google is


@pytest.fixture
def client(emulator):
    return gspread.http_client.HTTPClient(auth=None, session=session_for(emulator))


# -- replaying real traffic ---------------------------------------------------------------------------------------
def _ids(recorded, answered, found):
    """Pair the ids Google made up with the emulator's (``protectedRangeId``), to send later requests with them."""
    if isinstance(recorded, dict) and isinstance(answered, dict):
        for key in ("protectedRangeId", "sheetId"):
            if recorded.get(key) and key in answered:
                found[str(recorded[key])] = str(answered[key])
        for key in recorded.keys() & answered.keys():
            _ids(recorded[key], answered[key], found)
    elif isinstance(recorded, list) and isinstance(answered, list):
        for a, b in zip(recorded, answered):
            _ids(a, b, found)


def _same_shape(recorded, answered, where=""):
    """Compare an answer with the recorded one: same keys and values, except ids Google makes up and formulas the
    emulator does not evaluate (it answers their text)."""
    if isinstance(recorded, dict):
        assert isinstance(answered, dict), f"{where}: {answered!r} is not an object"
        assert set(answered) == set(recorded), f"{where}: keys {sorted(answered)} != recorded {sorted(recorded)}"
        for key in recorded:
            if key == "protectedRangeId" or key == "sheetId" and recorded[key]:  # ids Google makes up
                assert isinstance(answered[key], int)
            else:
                _same_shape(recorded[key], answered[key], f"{where}.{key}")
    elif isinstance(recorded, list):
        assert isinstance(answered, list) and len(answered) == len(recorded), f"{where}: {answered!r} != {recorded!r}"
        for i, (a, b) in enumerate(zip(recorded, answered)):
            _same_shape(a, b, f"{where}[{i}]")
    elif isinstance(answered, str) and answered.startswith("=") and not str(recorded).startswith("="):
        pass  # a formula: recorded evaluated, emulated kept as entered
    else:
        assert answered == recorded, f"{where}: {answered!r} != recorded {recorded!r}"


@pytest.mark.parametrize("cassette", sorted(p.name for p in CASSETTES.glob("*.json")))
def test_recorded_requests_get_the_recorded_answers(cassette):
    interactions = json.loads((CASSETTES / cassette).read_text())["interactions"]
    emulator = SheetsEmulator(grow_grid=False)
    emulator.caller = RECORDED_CALLER
    session = session_for(emulator)
    compared, ids = 0, {}
    for interaction in interactions:
        request, response = interaction["request"], interaction["response"]
        if "/drive/" in request["uri"]:
            if request["method"] == "POST" and request["uri"].split("?")[0].endswith("/files"):
                created = json.loads(response["body"])
                emulator.create(created["id"], created["name"], tabs=("Sheet1",), locale="en_US", sheet_ids=(0,))
            continue
        body = request["body"]
        for recorded_id, emulated_id in ids.items():
            body = body and body.replace(recorded_id, emulated_id)
        answer = session.request(request["method"], request["uri"], data=body,
                                 headers={"Content-Type": "application/json"})
        where = f"{request['method']} {request['uri'].split('/spreadsheets/')[1][:80]}"
        assert answer.status_code == response["status"], f"{where}: {answer.text}"
        recorded, answered = json.loads(response["body"]), answer.json()
        _ids(recorded, answered, ids)
        if "error" in recorded:
            error = {key: recorded["error"][key] for key in ("code", "message", "status")}
            assert answered == {"error": error}, where
        elif "includeGridData=false" in request["uri"] and "fields=" not in request["uri"]:  # the parts we emulate
            assert answered["spreadsheetId"] == recorded["spreadsheetId"]
            assert {k: answered["properties"][k] for k in ("title", "locale")} == \
                {k: recorded["properties"][k] for k in ("title", "locale")}
            _same_shape(recorded["sheets"], answered["sheets"], where)
        else:
            _same_shape(recorded, answered, where)
        compared += 1
    assert compared >= 3


# -- USER_ENTERED in th_TH ----------------------------------------------------------------------------------------
def test_user_entered_parses_as_the_sheets_ui_does_in_th_th(client, emulator):
    emulator.create("S", tabs=("แผ่น1",))
    typed = [["1,234", "12.5", "50%", "31/5/2027", "2027-05-31", "TRUE", "=SUM(A1:B1)", "'0812", "0812", "ข้อความ",
              "31/2/2027", "1,2,3"]]
    client.values_update("S", "'แผ่น1'!A1", params={"valueInputOption": "USER_ENTERED"}, body={"values": typed})
    may31 = serial(dt.date(2027, 5, 31))
    assert emulator.values("S", "แผ่น1") == [[1234, 12.5, 0.5, may31, may31, True, "=SUM(A1:B1)", "0812", 812,
                                               "ข้อความ", "31/2/2027", "1,2,3"]]
    assert isinstance(emulator.values("S", "แผ่น1")[0][6], Formula)
    shown = client.values_get("S", "'แผ่น1'!A1:L1")["values"][0]
    assert shown == ["1,234", "12.5", "50%", "31/5/2027", "2027-05-31", "TRUE", "=SUM(A1:B1)", "0812", "812",
                     "ข้อความ", "31/2/2027", "1,2,3"]
    raw = client.values_get("S", "'แผ่น1'!A1:L1", params={"valueRenderOption": "UNFORMATTED_VALUE"})["values"][0]
    assert raw[:6] == [1234, 12.5, 0.5, may31, may31, True]
    strings = client.values_get("S", "'แผ่น1'!D1:E1", params={"valueRenderOption": "UNFORMATTED_VALUE",
                                                              "dateTimeRenderOption": "FORMATTED_STRING"})
    assert strings["values"] == [["31/5/2027", "2027-05-31"]]
    assert may31 == 46538  # days since 1899-12-30, as Google counts


def test_raw_keeps_text_as_text_and_json_numbers_as_numbers(client, emulator):
    emulator.create("S")
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"},
                         body={"values": [["1,234", "31/5/2027", "TRUE", "=1+1", 7, True]]})
    assert emulator.values("S", "Sheet1") == [["1,234", "31/5/2027", "TRUE", "=1+1", 7, True]]
    assert not isinstance(emulator.values("S", "Sheet1")[0][3], Formula)


def test_the_locale_decides_the_day_month_order(client, emulator):
    emulator.create("S", locale="en_US")
    assert client.fetch_sheet_metadata("S")["properties"]["locale"] == "en_US"
    client.batch_update("S", {"requests": [{"updateSpreadsheetProperties": {
        "properties": {"locale": "th_TH"}, "fields": "locale"}}]})
    assert client.fetch_sheet_metadata("S")["properties"]["locale"] == "th_TH"
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "USER_ENTERED"}, body={"values": [["1/2/2027"]]})
    assert emulator.values("S", "Sheet1") == [[serial(dt.date(2027, 2, 1))]]  # d/m/yyyy in th_TH


def test_a_date_format_set_with_repeat_cell_renders_the_serial(client, emulator):
    book = emulator.create("S")
    sheet_id = book.sheets[0].sheet_id
    client.batch_update("S", {"requests": [{"repeatCell": {
        "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 3, "startColumnIndex": 0,
                  "endColumnIndex": 1},
        "cell": {"userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "d mmm yyyy"}}},
        "fields": "userEnteredFormat.numberFormat"}}]})
    day = serial(dt.date(2026, 11, 21))
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"}, body={"values": [[day], ["2026-11-21"]]})
    client.values_update("S", "Sheet1!A3", params={"valueInputOption": "USER_ENTERED"},
                         body={"values": [["2026-11-21"]]})
    assert client.values_get("S", "Sheet1!A1:A3")["values"] == [["21 พ.ย. 2026"], ["2026-11-21"], ["21 พ.ย. 2026"]]
    assert client.values_get("S", "Sheet1!A1:A3", params={"valueRenderOption": "UNFORMATTED_VALUE"})["values"] == \
        [[day], ["2026-11-21"], [day]]  # the typed date keeps the cell's format; RAW text stays text
    client.batch_update("S", {"requests": [{"repeatCell": {
        "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1, "startColumnIndex": 0,
                  "endColumnIndex": 1},
        "cell": {"userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "dddd d mmmm yy \"ปี\""}}},
        "fields": "userEnteredFormat.numberFormat"}}]})
    assert emulator.formatted("S", "Sheet1", 0, 0) == "วันเสาร์ 21 พฤศจิกายน 26 ปี"


def test_checkboxes_hold_booleans(client, emulator):
    book = emulator.create("S")
    sheet_id = book.sheets[0].sheet_id
    client.batch_update("S", {"requests": [{"setDataValidation": {
        "range": {"sheetId": sheet_id, "startRowIndex": 1, "endRowIndex": 10, "startColumnIndex": 2,
                  "endColumnIndex": 3},
        "rule": {"condition": {"type": "BOOLEAN"}}}}]})
    assert book.sheets[0].validation_at(3, 2) == {"condition": {"type": "BOOLEAN"}}
    client.values_update("S", "Sheet1!C2", params={"valueInputOption": "USER_ENTERED"},
                         body={"values": [["TRUE"], ["FALSE"], [True]]})
    assert [row[2] for row in emulator.values("S", "Sheet1")[1:]] == [True, False, True]
    assert client.values_get("S", "Sheet1!C2:C4")["values"] == [["TRUE"], ["FALSE"], ["TRUE"]]
    assert client.values_get("S", "Sheet1!C2:C4", params={"valueRenderOption": "UNFORMATTED_VALUE"})["values"] == \
        [[True], [False], [True]]




def test_a_write_touching_a_cell_protected_against_the_caller_is_refused_whole(client, emulator):
    book = emulator.create("S", owner=OWNER_EMAIL)  # a person's sheet, shared with the service account as a writer
    sheet_id = book.sheets[0].sheet_id
    protect(client, emulator, sheet_id, (1, 3), (0, 2), [HEAD_EMAIL])
    client.values_update("S", "Sheet1!D2", params={"valueInputOption": "RAW"}, body={"values": [["free"]]})
    with pytest.raises(gspread.exceptions.APIError) as refused:
        client.values_batch_update("S", {"valueInputOption": "RAW", "data": [
            {"range": "Sheet1!D3", "values": [["also free"]]}, {"range": "Sheet1!B3", "values": [["protected"]]}]})
    assert refused.value.response.status_code == 400
    error = refused.value.response.json()["error"]
    assert error["message"] == "Invalid data[1]: " + PROTECTED_MESSAGE and error["code"] == 400
    assert emulator.values("S", "Sheet1") == [[], ["", "", "", "free"]]  # nothing of the refused request
    with pytest.raises(gspread.exceptions.APIError, match="protected cell"):
        client.values_update("S", "Sheet1!A2", params={"valueInputOption": "RAW"}, body={"values": [["x"]]})
    assert emulator.editable_by("S", "Sheet1", 1, 0) == {OWNER_EMAIL}  # the head is an editor but has no access yet
    assert emulator.editable_by("S", "Sheet1", 1, 3) == {OWNER_EMAIL, SERVICE_ACCOUNT}
    emulator.share("S", HEAD_EMAIL)  # the head may write there once the file is shared, the owner always
    assert emulator.editable_by("S", "Sheet1", 1, 0) == {HEAD_EMAIL, OWNER_EMAIL}
    session = client.session
    for caller in (HEAD_EMAIL, OWNER_EMAIL):
        answer = session.put(f"{BASE}/v4/spreadsheets/S/values/Sheet1!A2", params={"valueInputOption": "RAW"},
                             headers={CALLER_HEADER: caller}, json={"values": [[caller]]})
        assert answer.status_code == 200, answer.text


def test_clearing_a_protected_cell_is_refused_and_warning_only_ranges_do_not_refuse(client, emulator):
    book = emulator.create("S", owner=OWNER_EMAIL)
    sheet_id = book.sheets[0].sheet_id
    book.sheets[0].put(1, 0, "kept")
    protect(client, emulator, sheet_id, (1, 2), (0, 1), [HEAD_EMAIL])
    with pytest.raises(gspread.exceptions.APIError, match="protected cell"):
        client.values_clear("S", "Sheet1!A1:B5")
    assert emulator.values("S", "Sheet1") == [[], ["kept"]]
    answer = client.session.post(f"{BASE}/v4/spreadsheets/S:batchUpdate", headers={CALLER_HEADER: OWNER_EMAIL}, json={
        "requests": [{"addProtectedRange": {"protectedRange": {"range": {"sheetId": sheet_id, "startRowIndex": 5},
                                                               "warningOnly": True}}}]})
    assert answer.status_code == 200
    client.values_update("S", "Sheet1!A6", params={"valueInputOption": "RAW"}, body={"values": [["warned only"]]})


def test_a_protection_added_with_no_editors_is_editable_by_whoever_added_it(client, emulator):
    book = emulator.create("S", owner=OWNER_EMAIL)
    sheet_id = book.sheets[0].sheet_id
    protect(client, emulator, sheet_id, (0, 1), (0, 5), [], caller=SERVICE_ACCOUNT)
    ranges = client.fetch_sheet_metadata("S")["sheets"][0]["protectedRanges"]
    assert ranges[0]["editors"] == {"users": [SERVICE_ACCOUNT]} and ranges[0]["requestingUserCanEdit"] is True
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"}, body={"values": [["header"]]})


def test_a_sheet_wide_protection_leaves_its_unprotected_ranges_open(client, emulator):
    book = emulator.create("S", owner=OWNER_EMAIL)
    sheet_id = book.sheets[0].sheet_id
    answer = client.session.post(f"{BASE}/v4/spreadsheets/S:batchUpdate", headers={CALLER_HEADER: OWNER_EMAIL}, json={
        "requests": [{"addProtectedRange": {"protectedRange": {
            "range": {"sheetId": sheet_id}, "editors": {"users": [OWNER_EMAIL]},
            "unprotectedRanges": [{"sheetId": sheet_id, "startRowIndex": 1, "startColumnIndex": 2,
                                   "endColumnIndex": 3}]}}}]})
    assert answer.status_code == 200
    client.values_update("S", "Sheet1!C2", params={"valueInputOption": "RAW"}, body={"values": [["open"]]})
    with pytest.raises(gspread.exceptions.APIError, match="protected cell"):
        client.values_update("S", "Sheet1!C1", params={"valueInputOption": "RAW"}, body={"values": [["closed"]]})


def test_protections_can_be_updated_and_deleted(client, emulator):
    book = emulator.create("S", owner=OWNER_EMAIL)
    sheet_id = book.sheets[0].sheet_id
    protected_id = protect(client, emulator, sheet_id, (1, 5), (0, 2), [HEAD_EMAIL])
    # the account may not change a protection it may not edit
    with pytest.raises(gspread.exceptions.APIError, match="protected"):
        client.batch_update("S", {"requests": [{"updateProtectedRange": {"protectedRange": {
            "protectedRangeId": protected_id, "editors": {"users": [HEAD_EMAIL, SERVICE_ACCOUNT]}}, "fields": "editors"}}]})
    answer = client.session.post(f"{BASE}/v4/spreadsheets/S:batchUpdate", headers={CALLER_HEADER: OWNER_EMAIL}, json={
        "requests": [{"updateProtectedRange": {"protectedRange": {
            "protectedRangeId": protected_id, "editors": {"users": [HEAD_EMAIL, SERVICE_ACCOUNT]}}, "fields": "editors"}}]})
    assert answer.status_code == 200
    assert emulator.editable_by("S", "Sheet1", 2, 1) == {OWNER_EMAIL, SERVICE_ACCOUNT}  # the head is not shared the file
    client.values_update("S", "Sheet1!A2", params={"valueInputOption": "RAW"}, body={"values": [["now allowed"]]})
    client.batch_update("S", {"requests": [{"deleteProtectedRange": {"protectedRangeId": protected_id}}]})
    assert "protectedRanges" not in client.fetch_sheet_metadata("S")["sheets"][0]
    with pytest.raises(gspread.exceptions.APIError, match=r"Invalid requests\[0\].deleteProtectedRange: No protected"):
        client.batch_update("S", {"requests": [{"deleteProtectedRange": {"protectedRangeId": protected_id}}]})


def test_sharing_through_gspread_and_access_it_gives(client, emulator):
    emulator.create("S", owner=OWNER_EMAIL)
    spreadsheet = gspread.Client(auth=None, session=client.session).open_by_key("S")
    spreadsheet.share(HEAD_EMAIL, perm_type="user", role="writer", notify=False)
    spreadsheet.share(OTHER_HEAD_EMAIL, perm_type="user", role="reader", notify=False)
    roles = {p["emailAddress"]: p["role"] for p in spreadsheet.list_permissions()}
    assert roles == {OWNER_EMAIL: "owner", SERVICE_ACCOUNT: "writer", HEAD_EMAIL: "writer", OTHER_HEAD_EMAIL: "reader"}
    session = client.session
    read = session.get(f"{BASE}/v4/spreadsheets/S/values/Sheet1!A1", headers={CALLER_HEADER: OTHER_HEAD_EMAIL})
    write = session.put(f"{BASE}/v4/spreadsheets/S/values/Sheet1!A1", params={"valueInputOption": "RAW"},
                        headers={CALLER_HEADER: OTHER_HEAD_EMAIL}, json={"values": [["x"]]})
    assert read.status_code == 200 and write.status_code == 403
    stranger = session.get(f"{BASE}/v4/spreadsheets/S", headers={CALLER_HEADER: "nobody@example.com"})
    assert stranger.status_code == 403 and stranger.json() == {"error": {
        "code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}}
    spreadsheet.remove_permissions(OTHER_HEAD_EMAIL)
    assert OTHER_HEAD_EMAIL not in {p.get("emailAddress") for p in spreadsheet.list_permissions()}
    emulator.revoke("S", SERVICE_ACCOUNT)  # access taken away from the account
    with pytest.raises(gspread.exceptions.APIError) as refused:
        client.values_get("S", "Sheet1!A1")
    assert refused.value.response.status_code == 403
    with pytest.raises(gspread.exceptions.APIError) as missing:
        client.values_get("GONE", "Sheet1!A1")
    assert missing.value.response.json()["error"] == {"code": 404, "message": "Requested entity was not found.",
                                                      "status": "NOT_FOUND"}


# -- atomic batches ------------------------------------------------------------------------------------------------
def test_a_spreadsheet_batch_update_applies_all_its_requests_or_none(client, emulator):
    book = emulator.create("S")
    grid, sheets = book.sheets[0], book.sheets
    with pytest.raises(gspread.exceptions.APIError) as refused:
        client.batch_update("S", {"requests": [
            {"addSheet": {"properties": {"title": "ใหม่"}}},
            {"updateSheetProperties": {"properties": {"sheetId": grid.sheet_id, "title": "เปลี่ยนชื่อ"},
                                       "fields": "title"}},
            {"addSheet": {"properties": {"title": "ใหม่"}}}]})
    assert refused.value.response.json()["error"]["message"] == \
        'Invalid requests[2].addSheet: A sheet with the name "ใหม่" already exists. Please enter another name.'
    assert [g.title for g in book.sheets] == ["Sheet1"] and grid is book.sheets[0] and grid.title == "Sheet1"
    assert sheets is book.sheets and emulator.books["S"] is book


def test_a_values_batch_update_writes_all_its_ranges_or_none(client, emulator):
    book = emulator.create("S")
    with pytest.raises(gspread.exceptions.APIError, match=r"Invalid data\[1\]: Unable to parse range: 'ไม่มี'!A1$"):
        client.values_batch_update("S", {"valueInputOption": "RAW", "data": [
            {"range": "Sheet1!A1", "values": [["written?"]]}, {"range": "'ไม่มี'!A1", "values": [["x"]]}]})
    assert book.sheets[0].rows == []


# -- grid limits and frozen rows -----------------------------------------------------------------------------------
def test_ranges_outside_the_grid_are_refused_as_google_does(client, emulator):
    emulator.create("S")
    with pytest.raises(gspread.exceptions.APIError) as refused:
        client.values_get("S", "'Sheet1'!A1:Z1001")
    assert refused.value.response.json()["error"] == {
        "code": 400, "status": "INVALID_ARGUMENT",
        "message": "Range ('Sheet1'!A1:Z1001) exceeds grid limits. Max rows: 1000, max columns: 26"}
    with pytest.raises(gspread.exceptions.APIError, match="exceeds grid limits"):
        client.values_update("S", "Sheet1!Z1", params={"valueInputOption": "RAW"}, body={"values": [["z", "aa"]]})
    with pytest.raises(gspread.exceptions.APIError, match="exceeds grid limits"):
        client.values_update("S", "Sheet1!A1000", params={"valueInputOption": "RAW"}, body={"values": [[1], [2]]})
    assert client.values_get("S", "Sheet1")["range"] == "Sheet1!A1:Z1000"  # whole tabs are clipped to the grid
    assert client.values_get("S", "Sheet1!A2:C")["range"] == "Sheet1!A2:C1000"


def test_append_adds_the_rows_it_needs_and_the_grid_can_be_resized(client, emulator):
    book = emulator.create("S")
    grid = book.sheets[0]
    client.batch_update("S", {"requests": [{"updateSheetProperties": {
        "properties": {"sheetId": grid.sheet_id, "gridProperties": {"rowCount": 2, "columnCount": 30}},
        "fields": "gridProperties.rowCount,gridProperties.columnCount"}}]})
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"}, body={"values": [["h"] * 30, [1]]})
    answer = client.values_append("S", "Sheet1", params={"valueInputOption": "RAW"}, body={"values": [[2], [3]]})
    assert answer["tableRange"] == "Sheet1!A1:AD2" and answer["updates"]["updatedRange"] == "Sheet1!A3:A4"
    assert grid.row_count == 4
    client.batch_update("S", {"requests": [{"appendDimension": {"sheetId": grid.sheet_id, "dimension": "ROWS",
                                                                "length": 6}}]})
    assert client.fetch_sheet_metadata("S")["sheets"][0]["properties"]["gridProperties"] == {
        "rowCount": 10, "columnCount": 30}


def test_frozen_rows_are_kept_and_answered_as_google_does(client, emulator):
    emulator.create("S")
    client.batch_update("S", {"requests": [{"addSheet": {"properties": {
        "title": "มาตรการ", "gridProperties": {"rowCount": 500, "columnCount": 40, "frozenRowCount": 1}}}}]})
    sheets = client.fetch_sheet_metadata("S")["sheets"]
    assert sheets[1]["properties"]["gridProperties"] == {"rowCount": 500, "columnCount": 40, "frozenRowCount": 1}
    client.batch_update("S", {"requests": [{"updateSheetProperties": {"properties": {
        "sheetId": sheets[1]["properties"]["sheetId"], "gridProperties": {"frozenRowCount": 0}},
        "fields": "gridProperties/frozenRowCount"}}]})
    assert client.fetch_sheet_metadata("S")["sheets"][1]["properties"]["gridProperties"] == {
        "rowCount": 500, "columnCount": 40}  # zero is left out


def test_grow_grid_keeps_the_old_lenient_writes_reachable():
    emulator = SheetsEmulator(grow_grid=True)  # not Google's behaviour: only when a test asks for it
    emulator.create("S")
    client = gspread.http_client.HTTPClient(auth=None, session=session_for(emulator))
    client.values_update("S", "Sheet1!Z1", params={"valueInputOption": "RAW"}, body={"values": [["z", "aa", "ab"]]})
    assert emulator.books["S"].sheets[0].column_count == 28


# -- inserted, deleted and moved columns; sorting; merges ------------------------------------------------------------
def test_an_inserted_column_shifts_cells_protections_validations_and_formats(client, emulator):
    book = emulator.create("S", owner=OWNER_EMAIL)
    grid = book.sheets[0]
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "USER_ENTERED"},
                         body={"values": [["รหัส", "ต.ค.", "พ.ย.", "วันที่"], ["1-01", "a", "b", "2027-05-31"]]})
    protect(client, emulator, grid.sheet_id, (1, 2), (1, 3), [HEAD_EMAIL])
    client.batch_update("S", {"requests": [{"setDataValidation": {
        "range": {"sheetId": grid.sheet_id, "startRowIndex": 1, "endRowIndex": 5, "startColumnIndex": 2,
                  "endColumnIndex": 3}, "rule": {"condition": {"type": "BOOLEAN"}}}}]})
    client.batch_update("S", {"requests": [{"insertDimension": {"range": {
        "sheetId": grid.sheet_id, "dimension": "COLUMNS", "startIndex": 2, "endIndex": 3},
        "inheritFromBefore": True}}]})
    assert emulator.values("S", "Sheet1") == [["รหัส", "ต.ค.", "", "พ.ย.", "วันที่"],
                                              ["1-01", "a", "", "b", serial(dt.date(2027, 5, 31))]]
    assert grid.column_count == 27
    assert grid.protected[0]["range"] == {"sheetId": grid.sheet_id, "startRowIndex": 1, "endRowIndex": 2,
                                          "startColumnIndex": 1, "endColumnIndex": 4}  # spans the insertion: grows
    assert grid.validation_at(1, 3) == {"condition": {"type": "BOOLEAN"}} and grid.validation_at(1, 2) is None
    assert emulator.formatted("S", "Sheet1", 1, 4) == "2027-05-31"
    client.batch_update("S", {"requests": [{"deleteDimension": {"range": {
        "sheetId": grid.sheet_id, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}}}]})
    assert emulator.values("S", "Sheet1")[0] == ["ต.ค.", "", "พ.ย.", "วันที่"]
    assert grid.protected[0]["range"]["startColumnIndex"] == 0 and grid.protected[0]["range"]["endColumnIndex"] == 3


def test_a_moved_column_takes_its_cells_with_it(client, emulator):
    book = emulator.create("S")
    grid = book.sheets[0]
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"},
                         body={"values": [["a", "b", "c", "d"], [1, 2, 3, 4]]})
    client.batch_update("S", {"requests": [{"moveDimension": {"source": {
        "sheetId": grid.sheet_id, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}, "destinationIndex": 3}}]})
    assert emulator.values("S", "Sheet1") == [["b", "c", "a", "d"], [2, 3, 1, 4]]


def test_sort_range_sorts_rows_and_leaves_protections_where_they_were(client, emulator):
    book = emulator.create("S", owner=OWNER_EMAIL)
    grid = book.sheets[0]
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "USER_ENTERED"}, body={"values": [
        ["รหัส", "สายงาน", "วันที่"], ["3-01", "ค", "2027-01-03"], ["1-01", "ก", "2027-01-01"], ["2-01", "", ""],
        ["1-02", "ก", "2027-01-02"]]})
    protect(client, emulator, grid.sheet_id, (1, 3), (0, 3), [SERVICE_ACCOUNT, HEAD_EMAIL])
    client.batch_update("S", {"requests": [{"sortRange": {
        "range": {"sheetId": grid.sheet_id, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 3},
        "sortSpecs": [{"dimensionIndex": 1, "sortOrder": "ASCENDING"}, {"dimensionIndex": 0}]}}]})
    assert [row[:2] for row in emulator.values("S", "Sheet1")] == [
        ["รหัส", "สายงาน"], ["1-01", "ก"], ["1-02", "ก"], ["3-01", "ค"], ["2-01"]]  # blanks last
    assert emulator.formatted("S", "Sheet1", 2, 2) == "2027-01-02"  # formats travel with their cells
    assert grid.protected[0]["range"]["startRowIndex"] == 1 and grid.protected[0]["range"]["endRowIndex"] == 3
    assert emulator.editable_by("S", "Sheet1", 2, 0) == {OWNER_EMAIL, SERVICE_ACCOUNT}  # rows 2-3 whatever they now hold
    protect(client, emulator, grid.sheet_id, (3, 5), (0, 3), [HEAD_EMAIL])
    with pytest.raises(gspread.exceptions.APIError, match="protected cell"):  # a sort moving cells it may not edit
        client.batch_update("S", {"requests": [{"sortRange": {
            "range": {"sheetId": grid.sheet_id, "startRowIndex": 1, "startColumnIndex": 0, "endColumnIndex": 3},
            "sortSpecs": [{"dimensionIndex": 0, "sortOrder": "DESCENDING"}]}}]})


def test_merged_cells_keep_their_value_in_the_top_left_cell(client, emulator):
    book = emulator.create("S")
    grid = book.sheets[0]
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"},
                         body={"values": [["สายงาน", "ข้อ"], ["อำนวยการ", "1"], ["ลบทิ้ง", "2"]]})
    client.batch_update("S", {"requests": [{"mergeCells": {"mergeType": "MERGE_ALL", "range": {
        "sheetId": grid.sheet_id, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 0, "endColumnIndex": 1}}}]})
    assert client.values_get("S", "Sheet1!A1:B3")["values"] == [["สายงาน", "ข้อ"], ["อำนวยการ", "1"], ["", "2"]]
    assert client.fetch_sheet_metadata("S")["sheets"][0]["merges"] == [{
        "sheetId": grid.sheet_id, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 0, "endColumnIndex": 1}]
    client.values_update("S", "Sheet1!A3", params={"valueInputOption": "RAW"}, body={"values": [["dropped"]]})
    assert "values" not in client.values_get("S", "Sheet1!A3")


# -- fault controls ---------------------------------------------------------------------------------------------------
def test_a_hanging_request_times_out_with_the_clients_read_timeout(client, emulator):
    emulator.create("S")
    client.set_timeout((1, 0.01))
    emulator.hang()
    with pytest.raises(requests.exceptions.ReadTimeout):
        client.values_get("S", "Sheet1!A1")
    client.set_timeout(None)
    answers = []
    waiting = threading.Thread(target=lambda: answers.append(client.values_get("S", "Sheet1!A1")))
    waiting.start()
    emulator.release()
    waiting.join()
    assert answers and answers[0]["range"] == "Sheet1!A1"


def test_a_lost_answer_leaves_the_write_applied(client, emulator):
    emulator.create("S")
    emulator.lose_next_answer()
    with pytest.raises(requests.exceptions.ConnectionError):
        client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"}, body={"values": [["applied"]]})
    assert emulator.values("S", "Sheet1") == [["applied"]]
    client.values_update("S", "Sheet1!A2", params={"valueInputOption": "RAW"}, body={"values": [["answered"]]})


def test_the_account_locks_itself_out_of_a_protection_whose_editors_leave_it_out():
    """A person owns the sheet (``owner=``) and shared it with the service account: a protection the account adds
    for the chief alone stops the account's own writes there, as gspread's documentation warns."""
    emulator = SheetsEmulator(grow_grid=False, owner=OWNER_EMAIL)
    book = emulator.create("S")
    client = gspread.http_client.HTTPClient(auth=None, session=session_for(emulator))
    assert book.owner == OWNER_EMAIL and book.role(SERVICE_ACCOUNT) == "writer"
    protect(client, emulator, book.sheets[0].sheet_id, (0, 1), (0, 5), [OWNER_EMAIL], caller=SERVICE_ACCOUNT)
    with pytest.raises(gspread.exceptions.APIError, match="protected cell"):
        client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"}, body={"values": [["header"]]})
    protect(client, emulator, book.sheets[0].sheet_id, (1, 2), (0, 5), [OWNER_EMAIL, SERVICE_ACCOUNT],
            caller=SERVICE_ACCOUNT)
    client.values_update("S", "Sheet1!A2", params={"valueInputOption": "RAW"}, body={"values": [["allowed"]]})


def test_validations_and_formats_set_twice_are_there_once_as_on_cells(client, emulator):
    book = emulator.create("S")
    grid = book.sheets[0]
    dropdown = {"setDataValidation": {"range": {"sheetId": grid.sheet_id, "startRowIndex": 1, "endRowIndex": 1000,
                                                "startColumnIndex": 3, "endColumnIndex": 4},
                                      "rule": {"condition": {"type": "ONE_OF_LIST", "values": [
                                          {"userEnteredValue": "ดำเนินการ"}]}, "strict": True, "showCustomUi": True}}}
    bold = {"repeatCell": {"range": {"sheetId": grid.sheet_id, "startRowIndex": 0, "endRowIndex": 1},
                           "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                           "fields": "userEnteredFormat.textFormat"}}
    colour = {"addConditionalFormatRule": {"index": 0, "rule": {
        "ranges": [{"sheetId": grid.sheet_id, "startRowIndex": 1, "startColumnIndex": 3, "endColumnIndex": 4}],
        "booleanRule": {"condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": "ดำเนินการ"}]},
                        "format": {"backgroundColor": {"red": 1}}}}}}
    for _ in range(2):
        client.batch_update("S", {"requests": [dropdown, bold, colour]})
    assert len(grid.validations) == 1 and len(grid.formats) == 1
    assert len(grid.conditional) == 2  # conditional format rules do stack, as in Google
    client.batch_update("S", {"requests": [{"setDataValidation": {"range": dropdown["setDataValidation"]["range"]}}]})
    assert grid.validation_at(5, 3) is None


def test_drive_errors_have_drives_shape(client, emulator):
    emulator.create("S", owner=OWNER_EMAIL)
    emulator.share("S", OTHER_HEAD_EMAIL, role="reader")
    answer = client.session.post(f"{DRIVE_BASE}/files/S/permissions", headers={CALLER_HEADER: OTHER_HEAD_EMAIL},
                                 json={"type": "user", "role": "writer", "emailAddress": HEAD_EMAIL})
    assert answer.status_code == 403
    assert answer.json()["error"]["errors"][0]["reason"] == "insufficientFilePermissions"
    missing = client.session.get(f"{DRIVE_BASE}/files/NOPE/permissions")
    assert missing.status_code == 404 and missing.json()["error"]["message"] == "File not found: NOPE."


def test_grid_data_shows_entered_values_formats_and_validations(client, emulator):
    book = emulator.create("S")
    grid = book.sheets[0]
    client.batch_update("S", {"requests": [{"setDataValidation": {
        "range": {"sheetId": grid.sheet_id, "startRowIndex": 1, "endRowIndex": 3, "startColumnIndex": 1,
                  "endColumnIndex": 2}, "rule": {"condition": {"type": "BOOLEAN"}}}}]})
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "USER_ENTERED"},
                         body={"values": [["วันที่", "เสร็จแล้ว"], ["31/5/2027", "TRUE"], ["=A2+1"]]})
    sheet = client.fetch_sheet_metadata("S", params={"includeGridData": "true", "ranges": "Sheet1!A2:B3"})["sheets"][0]
    rows = sheet["data"][0]["rowData"]
    assert sheet["data"][0]["startRow"] == 1 and "startColumn" not in sheet["data"][0]
    assert rows[0]["values"][0] == {"userEnteredValue": {"numberValue": 46538},
                                    "effectiveValue": {"numberValue": 46538},
                                    "formattedValue": "31/5/2027",
                                    "userEnteredFormat": {"numberFormat": {"type": "DATE", "pattern": "d/m/yyyy"}}}
    assert rows[0]["values"][1] == {"userEnteredValue": {"boolValue": True}, "effectiveValue": {"boolValue": True},
                                    "formattedValue": "TRUE", "dataValidation": {"condition": {"type": "BOOLEAN"}}}
    assert rows[1]["values"][0] == {"userEnteredValue": {"formulaValue": "=A2+1"}, "formattedValue": "=A2+1"}
    assert rows[1]["values"][1] == {"dataValidation": {"condition": {"type": "BOOLEAN"}}}


def test_a_cell_formatted_as_plain_text_keeps_typed_text(client, emulator):
    book = emulator.create("S")
    client.batch_update("S", {"requests": [{"repeatCell": {
        "range": {"sheetId": book.sheets[0].sheet_id, "startColumnIndex": 0, "endColumnIndex": 1},
        "cell": {"userEnteredFormat": {"numberFormat": {"type": "TEXT"}}},
        "fields": "userEnteredFormat.numberFormat"}}]})
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "USER_ENTERED"},
                         body={"values": [["0812", "0812"]]})
    assert emulator.values("S", "Sheet1") == [["0812", 812]]


def test_a_delay_longer_than_the_read_timeout_times_out(client, emulator):
    emulator.create("S")
    emulator.delay = 0.02
    client.set_timeout((1, 0.01))
    with pytest.raises(requests.exceptions.ReadTimeout):
        client.values_get("S", "Sheet1!A1")
    client.set_timeout((1, 5))
    assert client.values_get("S", "Sheet1!A1")["range"] == "Sheet1!A1"


def test_append_writes_below_the_table_google_finds(client, emulator):
    book = emulator.create("S", owner=OWNER_EMAIL)
    grid = book.sheets[0]
    client.values_update("S", "Sheet1!A1", params={"valueInputOption": "RAW"},
                         body={"values": [["รหัส", "", "หมายเหตุ"], ["1-01", "", ""], ["1-02"]]})
    anchored = client.values_append("S", "Sheet1!A1", params={"valueInputOption": "RAW"}, body={"values": [["1-03"]]})
    assert anchored["tableRange"] == "Sheet1!A1:A3" and anchored["updates"]["updatedRange"] == "Sheet1!A4"
    loose = client.values_append("S", "Sheet1", params={"valueInputOption": "RAW"}, body={"values": [["?"]]})
    assert loose["tableRange"] == "Sheet1!C1" and loose["updates"]["updatedRange"] == "Sheet1!C2"  # the last table
    protect(client, emulator, grid.sheet_id, (5, 7), (0, 3), [OWNER_EMAIL, SERVICE_ACCOUNT])
    grid.put(5, 0, "below")
    inserted = client.values_append("S", "Sheet1!A1", params={"valueInputOption": "RAW",
                                                              "insertDataOption": "INSERT_ROWS"},
                                    body={"values": [["1-04"], ["1-05"]]})
    assert inserted["updates"]["updatedRange"] == "Sheet1!A5:A6"
    assert [row[:1] for row in emulator.values("S", "Sheet1")][4:8] == [["1-04"], ["1-05"], [], ["below"]]
    assert grid.protected[0]["range"]["startRowIndex"] == 7 and grid.row_count == 1002  # moved down with its rows


def test_reversed_ranges_and_null_values_are_answered_as_recorded(client, emulator):
    emulator.create("S")
    answer = client.values_update("S", "Sheet1!A1:C3", params={"valueInputOption": "RAW"},
                                  body={"values": [["a", None, None], [None, None, None], [None, None, "c"]]})
    assert (answer["updatedRange"], answer["updatedRows"], answer["updatedColumns"], answer["updatedCells"]) == \
        ("Sheet1!A1:C3", 2, 2, 2)
    assert client.values_get("S", "Sheet1!C3:A1")["range"] == "Sheet1!A1:C3"


def test_gspread_creates_and_deletes_a_spreadsheet_and_bodies_are_kept(client, emulator):
    gc = gspread.Client(auth=None, session=client.session)
    spreadsheet = gc.create("ติดตาม ITA")
    book = emulator.books[spreadsheet.id]
    assert book.owner == SERVICE_ACCOUNT and book.sheets[0].sheet_id == 0 and spreadsheet.sheet1.title == "Sheet1"
    spreadsheet.sheet1.update([["ก", "1"]], "A1")
    assert emulator.sent[-1]["method"] == "PUT" and emulator.sent[-1]["body"]["values"] == [["ก", "1"]]
    emulator.reset_counts()
    assert emulator.sent == [] and emulator.log == []
    gc.del_spreadsheet(spreadsheet.id)
    assert spreadsheet.id not in emulator.books


def test_tabs_can_be_created_wider_than_googles_default(client, emulator):
    emulator.create("S", tabs=("มาตรการ",), columns=28)
    client.values_update("S", "'มาตรการ'!A1", params={"valueInputOption": "RAW"}, body={"values": [["h"] * 28]})
    with pytest.raises(gspread.exceptions.APIError,
                       match=r"Range \('มาตรการ'!A1\) exceeds grid limits. Max rows: 1000, max columns: 28"):
        client.values_update("S", "'มาตรการ'!A1", params={"valueInputOption": "RAW"}, body={"values": [["h"] * 29]})
