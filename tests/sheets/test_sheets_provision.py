"""``python -m ita_dash sheets provision|export|import|link`` against the Sheets API emulator."""

import datetime as dt
import json

import ita_dash.store
from helpers.sheets import SYSTEM, run
from helpers.sheets_emulator import SERVICE_ACCOUNT
from ita_dash.domain.accounts import User
from ita_dash.domain.entries import FollowUpEntry, MeasureEntry
from ita_dash.domain.model import Actor, FollowUpStatus, Role, thai
from ita_dash.store.sheets import layout
from ita_dash.store.sheets.source import SheetsSource
from ita_dash.store.sql import SqlStore

FY = 2570




def sheets_requests(emulator) -> int:
    """Requests to the Sheets API (the Drive permission calls of sharing are counted apart)."""
    return sum(1 for _, path in emulator.log if path.startswith("/v4/"))




def test_provisioning_writes_tabs_dropdowns_colours_protection_and_data_in_three_requests(setup, capsys):
    url, emulator, client = setup
    emulator.create("S1", tabs=("Sheet1",))
    code, out, err = run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0, err
    assert sheets_requests(emulator) == 3 and "3 Sheets API requests" in out  # tabs?, one batchUpdate, the values
    book = emulator.books["S1"]
    assert [g.title for g in book.sheets] == ["Sheet1", *layout.TABS]
    measures = book.tab(layout.MEASURES)
    assert measures.rows[0] == list(layout.MEASURE_HEADERS)
    assert len(measures.validations) == 16  # a dropdown on every month column, three checkboxes, the section codes
    assert measures.validations[0]["rule"]["condition"]["values"][0]["userEnteredValue"] == thai(FollowUpStatus.DONE)
    assert len(book.tab(layout.OIT).validations) == 2 and len(measures.conditional) == 4  # status, section
    store = SqlStore(url)
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    store.close()
    read = SheetsSource(client, ttl=0).read("S1", FY)
    assert read.problems == ()
    assert sorted(m.code for m in read.data.measures) == sorted(m.code for m in data.measures)
    assert {(f.measure_code, f.month, f.status) for f in read.data.follow_ups} == \
        {(f.measure_code, f.month, f.status) for f in data.follow_ups}
    # the admin section's report cells: its head and nobody else but the chief
    admin_rows = sorted(read.rows[(layout.MEASURES, m.code)] for m in data.measures if m.owner_section == "admin")
    ranges = {p["description"].removeprefix("ITA · "): p for p in measures.protected}
    admin = ranges["รายงานรายเดือน: " + next(s.name for s in data.sections if s.code == "admin")]
    assert admin["editors"]["users"] == ["demo.head@example.go.th", SERVICE_ACCOUNT]
    assert (admin["range"]["startRowIndex"] + 1, admin["range"]["endRowIndex"]) == (admin_rows[0], admin_rows[-1])
    assert admin["range"]["startColumnIndex"] == layout.MEASURE_HEADERS.index("ต.ค.")
    assert admin["range"]["endColumnIndex"] == layout.MEASURE_HEADERS.index("ลิงก์หลักฐาน") + 1
    traffic = ranges["รายงานรายเดือน: " + next(s.name for s in data.sections if s.code == "traffic")]
    assert traffic["editors"]["users"] == [SERVICE_ACCOUNT, "traffic.head@example.go.th"]
    assert "no section head e-mail" in out  # the other sections: only the chief (who has no e-mail in the demo)


def test_provisioning_costs_the_same_requests_for_a_small_and_a_large_plan(setup, capsys):
    url, emulator, _ = setup
    counts = []
    for unit, sheet in (("DEMO-08", "SMALL"), ("DEMO-01", "LARGE")):
        emulator.create(sheet)
        emulator.reset_counts()
        assert run(url, "provision", "--unit", unit, "--fy", str(FY), "--spreadsheet", sheet, capsys=capsys)[0] == 0
        counts.append(sheets_requests(emulator))
    sizes = [len(emulator.values(sheet, layout.MEASURES)) for sheet in ("SMALL", "LARGE")]
    assert counts == [3, 3] and sizes[0] != sizes[1]
    emulator.reset_counts()
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "LARGE", capsys=capsys)[0] == 0
    assert sheets_requests(emulator) == 4 and len(emulator.books["LARGE"].sheets) == 7  # again: + what tabs hold


def test_export_then_import_round_trips_and_a_bad_cell_imports_nothing(setup, capsys):
    url, emulator, client = setup
    emulator.create("S1")
    assert run(url, "export", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 1
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    store = SqlStore(url)
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    measure = next(m for m in data.measures if not m.retired and not any(
        f.measure_code == m.code and f.month == "2026-10" for f in data.follow_ups))
    store.save_follow_up(SYSTEM, "DEMO-01", FY, FollowUpEntry(measure_code=measure.code, month="2026-10",
                                                              status=FollowUpStatus.BLOCKED, note="รอ ภ.จว."),
                         now=dt.datetime(2026, 11, 3, 3, tzinfo=dt.UTC))
    store.close()
    emulator.reset_counts()
    code, out, err = run(url, "export", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0, err
    assert len(emulator.log) == 3
    read = SheetsSource(client, ttl=0).read("S1", FY)
    assert any(f.measure_code == measure.code and f.month == "2026-10" and f.status is FollowUpStatus.BLOCKED
               for f in read.data.follow_ups)

    # someone reports November in the sheet; import brings it into the database
    grid = emulator.books["S1"].tab(layout.MEASURES)
    row = read.rows[(layout.MEASURES, measure.code)]
    grid.put(row - 1, layout.MEASURE_HEADERS.index("พ.ย."), thai(FollowUpStatus.IN_PROGRESS))
    code, out, err = run(url, "import", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0, err
    store = SqlStore(url)
    assert store.follow_up(SYSTEM, "DEMO-01", FY, measure.code, "2026-11").status is FollowUpStatus.IN_PROGRESS
    before = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    store.close()

    grid.put(row - 1, layout.MEASURE_HEADERS.index("ร้อยละ"), "เยอะ")
    code, out, err = run(url, "import", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 1 and "nothing imported: 1 cells do not parse" in err and "“เยอะ”" in err
    store = SqlStore(url)
    assert store.load_unit_year(SYSTEM, "DEMO-01", FY) == before
    store.close()


def test_link_makes_the_app_read_the_sheet(setup, capsys):
    url, emulator, _ = setup
    emulator.create("S1")
    assert run(url, "provision", "--unit", "DEMO-02", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    grid = emulator.books["S1"].tab(layout.MEASURES)
    grid.put(1, layout.MEASURE_HEADERS.index("มาตรการ/กิจกรรม"), "แก้ในชีตแล้ว")
    edited = grid.cell(1, layout.MEASURE_HEADERS.index("รหัส"))  # the sheet's first row (the sheet is in section order)
    code, out, _ = run(url, "link", "--unit", "DEMO-02", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0 and "Google Sheet S1" in out

    def activity() -> str:
        store = ita_dash.store.open_store(url)
        return next(m.activity for m in store.load_unit_year(SYSTEM, "DEMO-02", FY).measures if m.code == edited)

    assert activity() == "แก้ในชีตแล้ว"
    assert run(url, "link", "--unit", "DEMO-02", "--fy", str(FY), "--unlink", capsys=capsys)[0] == 0
    assert activity() != "แก้ในชีตแล้ว"


def test_without_google_sheets_configured_the_commands_say_so(setup, monkeypatch, capsys):
    url, _, _ = setup
    monkeypatch.setattr(ita_dash.store, "sheets_settings", lambda: None)
    code, _, err = run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 1 and err.startswith("error: Google Sheets is not configured") and len(err.splitlines()) == 1


def test_import_of_a_unit_the_database_does_not_know_adds_it(setup, capsys):
    url, emulator, client = setup
    emulator.create("S1")
    assert run(url, "provision", "--unit", "DEMO-03", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    settings = emulator.books["S1"].tab(layout.SETTINGS)
    settings.put(1, 1, "NEW-01")  # รหัสหน่วย
    settings.put(2, 1, "สถานีตำรวจภูธรทดลองใหม่")  # ชื่อหน่วย
    code, out, err = run(url, "import", "--unit", "NEW-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0, err
    store = SqlStore(url)
    data = store.load_unit_year(SYSTEM, "NEW-01", FY)
    store.close()
    assert data.unit.name == "สถานีตำรวจภูธรทดลองใหม่" and data.province.code == "DEMO" and data.measures


# -- issue 16: protections that hold, provisioning that can run twice, the check --------------------------------

CHIEF_EMAIL = "chief.two@example.go.th"
OWNER = "owner@example.go.th"


def add_chief(url):
    store = SqlStore(url)
    store.add_user(SYSTEM, User(username="chief.two", role=Role.CHIEF, unit_code="DEMO-01", email=CHIEF_EMAIL),
                   "chief-pass-12")
    store.close()


def state(book) -> dict:
    """What provisioning leaves in a spreadsheet besides the values: per tab its protections (ids left out),
    colour rules, validations, formats and frozen rows; the locale; who may edit the file."""
    tabs = {}
    for grid in book.sheets:
        tabs[grid.title] = {
            "protected": sorted(json.dumps({k: v for k, v in p.items() if k != "protectedRangeId"}, sort_keys=True)
                                 for p in grid.protected),
            "conditional": [json.dumps(r, sort_keys=True) for r in grid.conditional],
            # setDataValidation and repeatCell set the cells' rule and format: the same request again changes nothing
            "validations": sorted({json.dumps(v, sort_keys=True) for v in grid.validations}),
            "formats": sorted({json.dumps(f, sort_keys=True) for f in grid.formats}),
            "number_formats": dict(grid.number_formats),
            "frozen": getattr(grid, "frozen_rows", None),
            "rows": grid.rows,
        }
    return {"tabs": tabs, "locale": getattr(book, "locale", None),
            "permissions": sorted((p.get("emailAddress", ""), p["role"]) for p in book.permissions)}


def test_provisioning_twice_leaves_the_sheet_as_once(setup, capsys, monkeypatch):
    url, emulator, client = setup
    add_chief(url)
    emulator.create("S1")
    bodies = []
    original = client.batch_update
    monkeypatch.setattr(client, "batch_update", lambda sid, body: (bodies.append(body), original(sid, body))[1])
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    once = state(emulator.books["S1"])
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    assert state(emulator.books["S1"]) == once
    first, second = bodies
    deleted = [r for r in second["requests"] if next(iter(r)).startswith("delete")]
    assert len(deleted) == sum(1 for r in first["requests"] if next(iter(r)) in ("addProtectedRange",
                                                                                  "addConditionalFormatRule"))

    def adds(body):  # what each run asks to exist (tabs added once; the rest the same request bodies)
        return [json.dumps(r, sort_keys=True) for r in body["requests"]
                if next(iter(r)) not in ("addSheet", "updateSheetProperties") and not next(iter(r)).startswith("delete")]
    assert adds(first) == adds(second)
    measures = emulator.books["S1"].tab(layout.MEASURES)
    assert len(measures.conditional) == 4 and emulator.books["S1"].locale == "th_TH"
    assert all(getattr(emulator.books["S1"].tab(tab), "frozen_rows", 1) == 1 for tab in layout.TABS)


def test_every_protected_range_keeps_the_service_account_and_the_sheet_is_shared(setup, capsys):
    url, emulator, _ = setup
    emulator.create("S1")
    code, out, err = run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0, err
    book = emulator.books["S1"]
    protected = [p for grid in book.sheets for p in grid.protected]
    assert protected and all(SERVICE_ACCOUNT in p["editors"]["users"] for p in protected)
    assert "หัวหน้าหน่วยยังไม่มีอีเมลในระบบ" in out  # the demo's chief has no e-mail: said, and never editor-less
    writers = {p.get("emailAddress") for p in book.permissions if p["role"] in ("writer", "owner")}
    assert {"demo.head@example.go.th", "traffic.head@example.go.th"} <= writers
    assert "shared with (editor)" in out
    # sharing is listed first: a second run shares nobody again
    emulator.reset_counts()
    code, out, _ = run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0 and "shared with" not in out
    assert [m for m, p in emulator.log if p.startswith("/drive/")] == ["GET"]


def test_after_a_sort_and_30_new_rows_each_sections_cells_are_its_own(setup, capsys):
    url, emulator, client = setup
    add_chief(url)
    emulator.owner = OWNER  # a person's sheet, shared with the service account: it is held to the protections
    emulator.create("S1")
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    assert run(url, "link", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    book = emulator.books["S1"]
    grid = book.tab(layout.MEASURES)
    width = len(layout.MEASURE_HEADERS)
    sections = ["admin", "traffic", "inquiry", ""]
    new_rows = []
    for i in range(30):  # the chief pastes 30 rows at the end
        row = [""] * width
        row[layout.MEASURE_HEADERS.index("รหัส")] = f"9-{i + 50:02d}"
        row[layout.MEASURE_HEADERS.index("ตัวชี้วัด")] = 9
        row[layout.MEASURE_HEADERS.index("มาตรการ/กิจกรรม")] = f"มาตรการเพิ่ม {i}"
        row[layout.MEASURE_HEADERS.index("สายงาน")] = sections[i % 4]
        new_rows.append(row)
    client.values_append("S1", layout.quoted(layout.MEASURES, "A1"), params={"valueInputOption": "RAW"},
                         body={"values": new_rows})
    rows = len(emulator.values("S1", layout.MEASURES))
    client.batch_update("S1", {"requests": [{"sortRange": {"range": {
        "sheetId": grid.sheet_id, "startRowIndex": 1, "endRowIndex": rows, "startColumnIndex": 0,
        "endColumnIndex": width}, "sortSpecs": [{"dimensionIndex": layout.MEASURE_HEADERS.index("มาตรการ/กิจกรรม"),
                                                  "sortOrder": "ASCENDING"}]}}]})
    code, out, err = run(url, "check", "--unit", "DEMO-01", "--fy", str(FY), capsys=capsys)
    assert code == 1 and "sheets sync" in out  # the protections no longer match the rows
    code, out, err = run(url, "sync", "--unit", "DEMO-01", "--fy", str(FY), capsys=capsys)
    assert code == 0, err
    # a save from the app adds a measure: the protections are recomputed once more
    store = ita_dash.store.open_store(url)
    added = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(
        indicator=2, activity="มาตรการใหม่จากแอป", fields={"owner_section": "traffic"}))
    assert_each_section_owns_its_cells(emulator)
    code, out, err = run(url, "check", "--unit", "DEMO-01", "--fy", str(FY), capsys=capsys)
    assert code == 0, out + err
    assert any(str(r[0]) == added.code for r in emulator.values("S1", layout.MEASURES))
    # the traffic head's report of a pasted measure goes into that row, through the protections
    head = Actor(username="head.traffic", role=Role.SECTION_HEAD, unit_code="DEMO-01", section_code="traffic")
    store.save_follow_up(head, "DEMO-01", FY, FollowUpEntry(measure_code="9-51", month="2026-10",
                                                            status=FollowUpStatus.IN_PROGRESS, note="ส่งแล้ว"),
                         now=dt.datetime(2026, 11, 3, 3, tzinfo=dt.UTC))
    rows = emulator.values("S1", layout.MEASURES)
    row = next(r for r in rows if str(r[0]) == "9-51")
    assert row[layout.MEASURE_HEADERS.index("ต.ค.")] == thai(FollowUpStatus.IN_PROGRESS)


def assert_each_section_owns_its_cells(emulator):
    heads = {"admin": {"demo.head@example.go.th"}, "traffic": {"traffic.head@example.go.th"}}
    rows = emulator.values("S1", layout.MEASURES)
    header = [str(h) for h in rows[0]]
    report_columns = [header.index(h) for h in (*layout.MONTH_HEADERS, "ร้อยละ", "หมายเหตุ", "ลิงก์หลักฐาน")]
    checked = 0
    for index, row in enumerate(rows[1:], start=1):
        row = row + [""] * (len(header) - len(row))
        if not str(row[header.index("รหัส")]).strip():
            continue
        section = str(row[header.index("สายงาน")]).strip()
        want = heads.get(section, set()) | {SERVICE_ACCOUNT, CHIEF_EMAIL, OWNER}
        for column in report_columns:
            assert emulator.editable_by("S1", layout.MEASURES, index, column) == want, (index, section, column)
        checked += 1
    assert checked > 30


def test_sheets_check_lists_what_is_wrong(setup, capsys):
    url, emulator, client = setup
    add_chief(url)
    emulator.create("S1")
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    code, out, err = run(url, "check", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0 and "OK" in out, out + err
    grid = emulator.books["S1"].tab(layout.MEASURES)
    grid.put(0, layout.MEASURE_HEADERS.index("หมายเหตุ"), "บันทึก")  # a renamed header
    grid.put(2, 0, str(grid.rows[1][0]))  # a duplicated code
    emulator.revoke("S1", "traffic.head@example.go.th")
    code, out, err = run(url, "check", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 1 and "problem(s)" in err
    assert "ไม่พบหัวคอลัมน์ “หมายเหตุ”" in out and "ซ้ำ" in out
    assert "ยังไม่ได้แชร์ชีตให้ traffic.head@example.go.th" in out
    emulator.fail_next(403)
    code, out, err = run(url, "check", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 1 and f"แชร์ชีตให้ {SERVICE_ACCOUNT} เป็นผู้แก้ไข" in out
    code, out, err = run(url, "check", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "GONE", capsys=capsys)
    assert code == 1 and "ไม่พบชีต GONE" in out and "sheets link" in out


def test_provisioning_makes_tabs_wide_enough_for_the_headers_and_widens_a_narrow_one(setup, capsys):
    """Google gives a new tab 26 columns and refuses writes beyond them; the measures tab has 28 headers. The
    emulator holds the app to those limits (as Google does), so this fails if a tab is left at 26 columns."""
    url, emulator, _ = setup
    book = emulator.create("W", tabs=(layout.MEASURES,))  # a tab someone made by hand: 1000 × 26
    assert book.tab(layout.MEASURES).column_count == 26
    assert run(url, "provision", "--unit", "DEMO-02", "--fy", str(FY), "--spreadsheet", "W", capsys=capsys)[0] == 0
    for tab in layout.TABS:
        assert book.tab(tab).column_count >= len(layout.HEADERS.get(tab, ())) and book.tab(tab).column_count >= 40
    assert emulator.values("W", layout.MEASURES)[0][:len(layout.MEASURE_HEADERS)] == list(layout.MEASURE_HEADERS)


def test_sheets_sync_gives_a_sheet_made_before_the_measure_columns_it_lacks(setup, capsys):
    """Issue 33: the columns are added after the last header, with the results report's texts the database kept for
    the sheet's measures until then; no cell moves."""
    url, emulator, client = setup
    emulator.create("S1")
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    assert run(url, "link", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    old = len(layout.MEASURE_HEADERS) - len(layout.LATER_HEADERS)
    rows = emulator.values("S1", layout.MEASURES)
    client.values_batch_update("S1", {"valueInputOption": "RAW", "data": [{  # as a sheet made before issue 33
        "range": layout.quoted(layout.MEASURES, "A1"), "values": [list(r[:old]) + [""] * (len(r) - old) for r in rows]}]})
    code = emulator.values("S1", layout.MEASURES)[1][0]
    store = SqlStore(url)
    version = next(m.version for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures if m.code == code)
    store.save_measure_result(SYSTEM, "DEMO-01", FY, code, "ทำครบ", "ผลลัพธ์ที่เก็บไว้ในฐานข้อมูล", version)
    store.close()
    before = [list(r[:old]) for r in emulator.values("S1", layout.MEASURES)]
    code_, out, err = run(url, "sync", "--unit", "DEMO-01", "--fy", str(FY), capsys=capsys)
    assert code_ == 0, err
    assert "ผลลัพธ์" in out
    after = emulator.values("S1", layout.MEASURES)
    assert [list(r[:old]) for r in after] == before and after[0][old:] == list(layout.LATER_HEADERS)
    read = SheetsSource(client, ttl=0).read("S1", FY)
    measure = next(m for m in read.data.measures if m.code == code)
    assert (measure.achievement, measure.outcome) == ("ทำครบ", "ผลลัพธ์ที่เก็บไว้ในฐานข้อมูล") and read.problems == ()
