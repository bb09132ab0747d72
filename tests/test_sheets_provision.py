"""``python -m ita_dash sheets provision|export|import|link`` against the Sheets API emulator."""

import datetime as dt
import shutil

import pytest

import ita_dash.store
from ita_dash import cli
from ita_dash.domain.accounts import User
from ita_dash.domain.entries import FollowUpEntry
from ita_dash.domain.model import Actor, FollowUpStatus, Role, thai
from ita_dash.store.sheets import layout
from ita_dash.store.sheets.source import SheetsSource
from ita_dash.store.sql import SqlStore
from sheets_emulator import SheetsEmulator
from test_sheets_store import http_client

SYSTEM = Actor.system("test")
FY = 2570


@pytest.fixture
def setup(demo_db, tmp_path, monkeypatch):
    """A copy of the demo database, a head with an e-mail for a second section, and the CLI talking to the
    emulator."""
    path = tmp_path / "ita.db"
    shutil.copy(demo_db.split("///", 1)[1], path)
    url = f"sqlite:///{path}"
    store = SqlStore(url)
    store.add_user(SYSTEM, User(username="head.traffic", role=Role.SECTION_HEAD, unit_code="DEMO-01",
                                section_code="traffic", email="traffic.head@example.go.th"), "traffic-pass-1")
    store.close()
    emulator = SheetsEmulator()
    client = http_client(emulator)
    monkeypatch.setattr("gspread.http_client.time.sleep", lambda seconds: None)
    monkeypatch.setattr(ita_dash.store, "sheets_settings", lambda: {"ttl_seconds": 60})
    monkeypatch.setattr(ita_dash.store, "sheets_client", lambda settings: client)
    return url, emulator, client


def run(url, *args, capsys):
    code = cli.main(["--db", url, "sheets", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_provisioning_writes_tabs_dropdowns_colours_protection_and_data_in_three_requests(setup, capsys):
    url, emulator, client = setup
    emulator.create("S1", tabs=("Sheet1",))
    code, out, err = run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0, err
    assert len(emulator.log) == 3 and "3 Sheets API requests" in out  # tabs?, one batchUpdate, the values
    book = emulator.books["S1"]
    assert [g.title for g in book.sheets] == ["Sheet1", *layout.TABS]
    measures = book.tab(layout.MEASURES)
    assert measures.rows[0] == list(layout.MEASURE_HEADERS)
    assert len(measures.validations) == 12  # a dropdown on every month column
    assert measures.validations[0]["rule"]["condition"]["values"][0]["userEnteredValue"] == thai(FollowUpStatus.DONE)
    assert len(book.tab(layout.OIT).validations) == 1 and len(measures.conditional) == 4
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
    ranges = {p["description"]: p for p in measures.protected}
    admin = ranges["รายงานรายเดือน: " + next(s.name for s in data.sections if s.code == "admin")]
    assert admin["editors"]["users"] == ["demo.head@example.go.th"]
    assert (admin["range"]["startRowIndex"] + 1, admin["range"]["endRowIndex"]) == (admin_rows[0], admin_rows[-1])
    assert admin["range"]["startColumnIndex"] == layout.MEASURE_HEADERS.index("ต.ค.")
    assert admin["range"]["endColumnIndex"] == layout.MEASURE_HEADERS.index("ลิงก์หลักฐาน") + 1
    traffic = ranges["รายงานรายเดือน: " + next(s.name for s in data.sections if s.code == "traffic")]
    assert traffic["editors"]["users"] == ["traffic.head@example.go.th"]
    assert "no section head e-mail" in out  # the other sections: only the chief (who has no e-mail in the demo)


def test_provisioning_costs_the_same_requests_for_a_small_and_a_large_plan(setup, capsys):
    url, emulator, _ = setup
    counts = []
    for unit, sheet in (("DEMO-08", "SMALL"), ("DEMO-01", "LARGE")):
        emulator.create(sheet)
        emulator.reset_counts()
        assert run(url, "provision", "--unit", unit, "--fy", str(FY), "--spreadsheet", sheet, capsys=capsys)[0] == 0
        counts.append(len(emulator.log))
    sizes = [len(emulator.values(sheet, layout.MEASURES)) for sheet in ("SMALL", "LARGE")]
    assert counts == [3, 3] and sizes[0] != sizes[1]
    emulator.reset_counts()
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "LARGE", capsys=capsys)[0] == 0
    assert len(emulator.log) == 4 and len(emulator.books["LARGE"].sheets) == 7  # again: + what the tabs hold


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
                         now=dt.datetime(2026, 11, 3, 3, tzinfo=dt.timezone.utc))
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
    code, out, _ = run(url, "link", "--unit", "DEMO-02", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0 and "Google Sheet S1" in out
    store = ita_dash.store.open_store(url)
    assert store.load_unit_year(SYSTEM, "DEMO-02", FY).measures[0].activity == "แก้ในชีตแล้ว"
    assert run(url, "link", "--unit", "DEMO-02", "--fy", str(FY), "--unlink", capsys=capsys)[0] == 0
    store = ita_dash.store.open_store(url)
    assert store.load_unit_year(SYSTEM, "DEMO-02", FY).measures[0].activity != "แก้ในชีตแล้ว"


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
