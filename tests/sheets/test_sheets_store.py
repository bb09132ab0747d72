"""The store with a unit linked to a Google Sheet (over the Sheets API emulator): reads come from the sheet, a
monthly report goes back as one read and one write, a concurrent edit is refused, the pages run unchanged."""

import datetime as dt
import time

import pytest

import ita_dash.store
from helpers.app import make_app
from helpers.databases import copy_database
from helpers.sheets import AS_OF, FY, HEAD, SHEET, SYSTEM, Clock, http_client, write_unit
from helpers.sheets_emulator import SheetsEmulator
from ita_dash.domain.entries import FollowUpEntry, MeasureEntry, OitEntry
from ita_dash.domain.model import Actor, FollowUpStatus, OitStatus, QuotaSnapshot, QuotaTool, Role
from ita_dash.domain.pages import seen_by
from ita_dash.domain.permissions import NotAllowed
from ita_dash.domain.province import figures_of
from ita_dash.domain.status import assess_unit
from ita_dash.store.base import StaleVersion, StoreError
from ita_dash.store.demo import UNITS, build_unit_year
from ita_dash.store.sheets import layout
from ita_dash.store.sheets.source import SheetsSource
from ita_dash.store.sheets.store import SheetsStore
from ita_dash.store.sql import SqlStore


@pytest.fixture
def emulator(monkeypatch):
    emulator = SheetsEmulator()
    monkeypatch.setattr("gspread.http_client.time.sleep", lambda seconds: None)
    return emulator




@pytest.fixture
def sheet_unit(templates):
    """DEMO-01's FY2569 as its sheet holds it: the same plan with the first measure renamed in the sheet."""
    data = build_unit_year(templates, UNITS[0], FY, AS_OF)
    first = data.measures[0].model_copy(update={"activity": "มาตรการที่แก้ไขในชีต Google"})
    return data.model_copy(update={"measures": [first, *data.measures[1:]]})


@pytest.fixture
def linked(demo_store, emulator, sheet_unit):
    client = http_client(emulator)
    write_unit(client, emulator, sheet_unit, SHEET)
    demo_store.link_sheet(SYSTEM, "DEMO-01", FY, SHEET)
    clock = Clock()
    return SheetsStore(demo_store, SheetsSource(client, ttl=60, clock=clock)), clock


def test_a_linked_unit_is_read_from_its_sheet_and_the_others_from_the_database(linked, emulator, sheet_unit):
    store, _ = linked
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    assert data.measures[0].activity == "มาตรการที่แก้ไขในชีต Google"
    assert data.unit.name == "สถานีตำรวจภูธรเมืองตัวอย่าง" and data.province.code == "DEMO"
    assert emulator.reads == 1
    assert store.load_unit_year(SYSTEM, "DEMO-02", FY).measures[0].activity != "มาตรการที่แก้ไขในชีต Google"
    assert store.load_unit_year(SYSTEM, "DEMO-01", FY - 0).measures == data.measures and emulator.reads == 1
    assert FY in store.fiscal_years(SYSTEM, "DEMO-01")
    with pytest.raises(NotAllowed):
        store.load_unit_year(Actor(username="c", role=Role.CHIEF, unit_code="DEMO-02"), "DEMO-01", FY)


def test_the_data_version_moves_when_a_read_outlives_its_ttl_and_not_before(linked, emulator):
    store, clock = linked
    store.load_unit_year(SYSTEM, "DEMO-01", FY)
    version = store.data_version()
    clock.now += 59
    assert store.data_version() == version and emulator.reads == 1
    clock.now += 2
    later = store.data_version()
    assert later != version and store.data_version() == later  # once per expiry
    store.load_unit_year(SYSTEM, "DEMO-01", FY)
    assert emulator.reads == 2


def test_saving_a_report_is_one_read_and_one_write_of_the_changed_cells(linked, emulator):
    store, _ = linked
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    measure = next(m for m in data.measures if m.owner_section == "admin" and not m.retired)
    reported = {f.month for f in data.follow_ups if f.measure_code == measure.code}
    month = next(m for m in ("2026-05", "2026-04", "2026-03") if m not in reported)
    emulator.reset_counts()
    saved = store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(
        measure_code=measure.code, month=month, status=FollowUpStatus.IN_PROGRESS, percent=70, note="ทำแล้วบางส่วน"),
        now=dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC))
    assert (emulator.reads, emulator.writes) == (1, 1)
    assert emulator.log[1] == ("POST", f"/v4/spreadsheets/{SHEET}/values:batchUpdate")
    again = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    report = next(f for f in again.follow_ups if f.measure_code == measure.code and f.month == month)
    assert (report.status, report.note) == (FollowUpStatus.IN_PROGRESS, "ทำแล้วบางส่วน") and saved.version == report.version
    history = store.history(SYSTEM, "DEMO-01")
    assert any(line.record_key == f"{measure.code}/{month}" and line.new_value == "อยู่ระหว่างดำเนินการ" for line in history)


def test_a_save_over_someone_elses_edit_in_the_sheet_is_refused(linked, emulator):
    store, _ = linked
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    measure = next(m for m in data.measures if m.owner_section == "admin" and not m.retired)
    row = store.source.read(SHEET, FY).rows[(layout.MEASURES, measure.code)]
    version_column = layout.MEASURE_HEADERS.index("ฉบับ")
    emulator.books[SHEET].tab(layout.MEASURES).put(row - 1, version_column, 7)  # someone typed in the sheet
    emulator.reset_counts()
    with pytest.raises(StaleVersion, match="มีผู้แก้ไขรายการนี้ไปแล้ว"):
        store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(
            measure_code=measure.code, month="2026-05", status=FollowUpStatus.DONE, base_version=1),
            now=dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC))
    assert (emulator.reads, emulator.writes) == (1, 0)  # nothing written


def test_the_sheet_still_enforces_who_reports_what_and_other_edits_are_made_in_the_sheet(linked):
    store, _ = linked
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    other = next(m for m in data.measures if m.owner_section not in ("admin", None))
    with pytest.raises(NotAllowed):
        store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(measure_code=other.code, month="2026-05",
                                                                status=FollowUpStatus.DONE))
    with pytest.raises(StoreError, match="Google Sheet"):
        store.import_plan(SYSTEM, "DEMO-01", FY, data.measures[:1])


def test_the_chief_edits_and_adds_measures_in_the_sheet(linked, emulator):
    store, _ = linked
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    first = data.measures[0]
    emulator.reset_counts()
    saved = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(
        code=first.code, indicator=first.indicator, activity="มาตรการที่หัวหน้าหน่วยแก้จากแอป",
        fields={"owner_text": "หัวหน้างานอำนวยการ"}, base_version=first.version))
    assert (emulator.reads, emulator.writes) == (1, 1)
    written = emulator.log[1]
    assert written == ("POST", f"/v4/spreadsheets/{SHEET}/values:batchUpdate")
    again = store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0]
    assert (again.activity, again.owner_text, again.version) == ("มาตรการที่หัวหน้าหน่วยแก้จากแอป", "หัวหน้างานอำนวยการ",
                                                                 saved.version)
    assert again.deadline_text == first.deadline_text and again.output == first.output  # untouched cells stay
    with pytest.raises(StaleVersion):
        store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(code=first.code, indicator=first.indicator,
                                                               activity="ช้าไป", base_version=first.version))
    emulator.reset_counts()
    added = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(indicator=3, activity="มาตรการใหม่จากแอป",
                                                                   fields={"owner_section": "admin"}))
    # a fresh read of the codes taken, the header row, the appended row; then the sections' protections recomputed
    # (tabs and protections, the rows, one batchUpdate) so the new row is its section's
    assert (emulator.reads, emulator.writes) == (4, 2) and added.code.startswith("3-")
    assert any(m.code == added.code and m.activity == "มาตรการใหม่จากแอป"
               for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures)
    with pytest.raises(NotAllowed):
        store.save_measure(HEAD, "DEMO-01", FY, MeasureEntry(indicator=3, activity="x"))


def test_an_oit_status_and_an_itap_count_go_into_the_sheet(linked, emulator):
    store, _ = linked
    data = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    item = next(i for i in data.oit_items if i.owner_section == "admin")
    with pytest.raises(NotAllowed):  # a section head sends for review; the chief approves
        store.save_oit_item(HEAD, "DEMO-01", FY, OitEntry(code=item.code, status=OitStatus.APPROVED,
                                                          base_version=item.version))
    emulator.reset_counts()
    saved = store.save_oit_item(HEAD, "DEMO-01", FY, OitEntry(code=item.code, status=OitStatus.READY_FOR_REVIEW,
                                                              link="https://example.go.th/oit", base_version=item.version))
    assert (emulator.reads, emulator.writes) == (1, 1) and saved.version == item.version + 1
    again = next(i for i in store.load_unit_year(SYSTEM, "DEMO-01", FY).oit_items if i.code == item.code)
    assert (again.status, again.link, again.version) == (OitStatus.READY_FOR_REVIEW, "https://example.go.th/oit",
                                                         item.version + 1)
    with pytest.raises(StaleVersion):  # the form was filled before that save
        store.save_oit_item(SYSTEM, "DEMO-01", FY, OitEntry(code=item.code, status=OitStatus.APPROVED,
                                                            base_version=item.version))
    emulator.reset_counts()
    count = len(store.load_unit_year(SYSTEM, "DEMO-01", FY).quota_snapshots)
    emulator.reset_counts()
    store.add_quota_snapshot(SYSTEM, "DEMO-01", FY, QuotaSnapshot(tool=QuotaTool.IIT, count=99, taken_on=dt.date(2026, 6, 19)))
    assert (emulator.reads, emulator.writes) == (1, 1)  # the header row (columns by name), the appended row
    snapshots = store.load_unit_year(SYSTEM, "DEMO-01", FY).quota_snapshots
    assert len(snapshots) == count + 1
    assert any((s.tool, s.count, s.taken_on) == (QuotaTool.IIT, 99, dt.date(2026, 6, 19)) for s in snapshots)


def test_province_figures_take_the_linked_unit_from_its_sheet(linked, templates):
    store, _ = linked
    figures = {f.unit.code: f for f in store.unit_figures(SYSTEM, FY, AS_OF, province_code="DEMO")}
    sheet = store.load_unit_year(SYSTEM, "DEMO-01", FY)
    assert figures["DEMO-01"] == figures_of(assess_unit(templates.for_year(sheet.unit.kind, FY), sheet, AS_OF))
    assert len(figures) == 9


@pytest.fixture
def sheets_app_db(demo_db, tmp_path, emulator, sheet_unit, monkeypatch):
    """A copy of the demo database with DEMO-01's FY2569 linked to a sheet, and the app configured for Google
    Sheets through the emulator."""
    path = tmp_path / "sheets.db"
    url = copy_database(demo_db, path)
    store = SqlStore(url)
    store.link_sheet(SYSTEM, "DEMO-01", FY, SHEET)
    store.close()
    client = http_client(emulator)
    write_unit(client, emulator, sheet_unit, SHEET)
    monkeypatch.setattr(ita_dash.store, "sheets_settings", lambda: {"ttl_seconds": 60})
    monkeypatch.setattr(ita_dash.store, "sheets_client", lambda settings: client)
    return url


def test_the_pages_run_unchanged_on_a_unit_kept_in_a_sheet(monkeypatch, sheets_app_db, emulator):
    for page in (spec.stem for spec in seen_by(Role.CHIEF)):  # every page of the chief's menu (the page registry)
        app = make_app(monkeypatch, sheets_app_db, user="demo.chief", unit="DEMO-01", fy=str(FY),
                       as_of=AS_OF.isoformat())
        # the first run in a process is slow (imports, and Streamlit's bare-mode check walks every loaded module once)
        app.switch_page(f"pages/{page}.py").run(timeout=180)
        assert not app.exception, (page, app.exception)
        assert not any("Google Sheets" in w.value for w in app.warning)
    assert emulator.reads >= 1
    app = make_app(monkeypatch, sheets_app_db, user="demo.chief", unit="DEMO-01", fy=str(FY), as_of=AS_OF.isoformat())
    app.switch_page("pages/overview.py").run()
    texts = " ".join(str(e.value) for e in app.markdown) + " ".join(str(e.value) for e in app.caption)
    assert "มาตรการที่แก้ไขในชีต Google" in texts or any(
        "มาตรการที่แก้ไขในชีต Google" in str(frame.value.to_string()) for frame in app.dataframe)


def test_a_page_shows_the_last_good_data_with_a_banner_when_google_is_down(monkeypatch, sheets_app_db, emulator):
    app = make_app(monkeypatch, sheets_app_db, user="demo.chief", unit="DEMO-01", fy=str(FY), as_of=AS_OF.isoformat())
    app.switch_page("pages/overview.py").run()
    assert not app.exception and not [w for w in app.warning if "บัญชีสาธิต" not in w.value]  # only the demo banner
    reads = emulator.reads
    app.run()
    assert emulator.reads == reads  # a rerun within the TTL asks Google nothing
    emulator.down = True
    from ita_dash.ui import context

    source = context._store_for(sheets_app_db).source  # the app's store (one per database, cached)
    source.clock = lambda: time.monotonic() + 120  # two minutes later: the kept read has outlived its TTL
    app.run()
    assert not app.exception
    assert any(w.value.startswith("ข้อมูล ณ เวลา ") and "(เชื่อมต่อ Google Sheets ไม่ได้)" in w.value for w in app.warning)
    assert app.title[0].value == "ภาพรวมการประเมิน ITA"


def test_cells_that_do_not_parse_are_listed_on_the_page(monkeypatch, sheets_app_db, emulator):
    measures = emulator.books[SHEET].tab(layout.MEASURES)
    measures.put(2, layout.MEASURE_HEADERS.index("ร้อยละ"), "เยอะ")
    app = make_app(monkeypatch, sheets_app_db, user="demo.chief", unit="DEMO-01", fy=str(FY), as_of=AS_OF.isoformat())
    app.switch_page("pages/overview.py").run()
    assert not app.exception
    panel = next(e for e in app.expander if e.label.startswith("ปัญหาในชีต (1 ช่อง)"))
    problems = panel.dataframe[0].value
    assert list(problems.iloc[0][["แท็บ", "แถว", "ค่าในช่อง"]]) == ["มาตรการ", 3, "เยอะ"]


def test_the_province_page_reads_the_linked_units_sheet(monkeypatch, sheets_app_db, emulator):
    app = make_app(monkeypatch, sheets_app_db, user="demo.province", fy=str(FY), as_of=AS_OF.isoformat())
    app.switch_page("pages/province.py").run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 9
    assert emulator.reads >= 1  # DEMO-01 came from its sheet


def test_copy_plan_reads_last_year_from_its_sheet_and_refuses_a_year_kept_in_one(linked):
    """คัดลอกแผนจากปีที่แล้ว (issue 14): FY2569 lives in the sheet, so the copy into 2570 carries the sheet's measures
    (the renamed first one included); copying into the linked year is refused, as every other plan write is."""
    store, _ = linked
    outcome = store.copy_plan(SYSTEM, "DEMO-01", FY, FY + 1, 1)
    copied = store.load_unit_year(SYSTEM, "DEMO-01", FY + 1)
    assert any(m.activity == "มาตรการที่แก้ไขในชีต Google" for m in copied.measures)
    assert outcome["added"] and all(code in {m.code for m in copied.measures} for code in outcome["added"])
    with pytest.raises(StoreError, match="Google Sheet"):
        store.copy_plan(SYSTEM, "DEMO-01", FY - 1, FY, 0)


# -- every field of a measure is kept (issue 33) ---------------------------------------------------------------


def test_every_field_of_a_measure_has_a_sheet_column_or_is_declared_kept_elsewhere():
    """The next field added to Measure cannot be dropped by a sheet save without a word: it needs a column here,
    or a line in KEPT_ELSEWHERE (and then a save changing it is refused, naming it)."""
    from ita_dash.domain.model import Measure

    assert set(Measure.model_fields) == set(layout.MEASURE_COLUMNS) | set(layout.KEPT_ELSEWHERE)
    assert not set(layout.MEASURE_COLUMNS) & set(layout.KEPT_ELSEWHERE)
    assert set(layout.MEASURE_COLUMNS.values()) <= set(layout.MEASURE_HEADERS)


def test_an_outcome_edited_in_the_app_survives_a_read_back(linked):
    store, _ = linked
    first = store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0]
    fields = {"outcome": "ผลลัพธ์ที่เขียนจากแอป", "achievement": "จัดครบทุกเดือน", "extra": "คอลัมน์เดิม: ก",
              "start_date": dt.date(2025, 10, 1), "all_sections": True}
    saved = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(
        code=first.code, indicator=first.indicator, activity=first.activity, fields=fields, base_version=first.version))
    again = next(m for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures if m.code == first.code)
    assert {name: getattr(again, name) for name in fields} == fields == {name: getattr(saved, name) for name in fields}
    assert (again.owner_section, again.deadline_text) == (first.owner_section, first.deadline_text)  # untouched
    added = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(indicator=3, activity="มาตรการใหม่พร้อมผลลัพธ์",
                                                                   fields={"owner_section": "admin", "outcome": "ผลใหม่"}))
    assert next(m for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures if m.code == added.code).outcome == "ผลใหม่"
    result = store.save_measure_result(SYSTEM, "DEMO-01", FY, first.code, "ผลการดำเนินการจากรายงาน", "ผลลัพธ์จากรายงาน",
                                       again.version)  # the results report's texts: in the same columns
    assert result.version == again.version + 1
    with pytest.raises(StaleVersion):
        store.save_measure_result(SYSTEM, "DEMO-01", FY, first.code, "ช้าไป", "", again.version)
    read = next(m for m in store.load_unit_year(SYSTEM, "DEMO-01", FY).measures if m.code == first.code)
    assert (read.achievement, read.outcome) == ("ผลการดำเนินการจากรายงาน", "ผลลัพธ์จากรายงาน")


def test_a_field_the_sheet_has_no_place_for_is_refused_by_name_never_dropped(linked, monkeypatch):
    from ita_dash.domain.entries import InvalidEntry
    from ita_dash.domain.measure_fields import label

    store, _ = linked
    first = store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0]
    monkeypatch.setattr(layout, "MEASURE_COLUMNS", {k: v for k, v in layout.MEASURE_COLUMNS.items() if k != "extra"})
    with pytest.raises(InvalidEntry, match=label("extra")) as refused:  # its Thai name, measure_fields.py
        store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(code=first.code, indicator=first.indicator,
                                                               activity="แก้", fields={"extra": "หายไม่ได้"},
                                                               base_version=first.version))
    assert "extra" in refused.value.errors
    assert store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0].activity == first.activity  # nothing written
    unchanged = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(  # the same value: nothing to lose
        code=first.code, indicator=first.indicator, activity="แก้", fields={"extra": first.extra},
        base_version=first.version))
    assert unchanged.activity == "แก้"


def test_a_sheet_made_before_the_new_columns_reads_and_sync_adds_them_without_losing_a_cell(demo_store, emulator,
                                                                                            sheet_unit):
    from ita_dash.domain.entries import InvalidEntry
    from ita_dash.store.sheets.provision import add_missing_columns, check_sheet

    client = http_client(emulator)
    old = len(layout.MEASURE_HEADERS) - len(layout.LATER_HEADERS)
    write_unit(client, emulator, sheet_unit)
    rows = emulator.values(SHEET, layout.MEASURES)
    client.values_batch_update(SHEET, {"valueInputOption": "RAW", "data": [{  # the layout before issue 33
        "range": layout.quoted(layout.MEASURES, "A1"), "values": [list(r[:old]) + [""] * (len(r) - old) for r in rows]}]})
    demo_store.link_sheet(SYSTEM, "DEMO-01", FY, SHEET)
    store = SheetsStore(demo_store, SheetsSource(client, ttl=60, clock=Clock()))
    assert store.sheet_read(SYSTEM, "DEMO-01", FY).problems == ()  # still read, nothing to complain of
    first = store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0]
    kept = store.save_measure_result(SYSTEM, "DEMO-01", FY, first.code, "ทำแล้ว", "ผลที่เก็บในฐานข้อมูล", None)
    assert kept.outcome == "ผลที่เก็บในฐานข้อมูล" == store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0].outcome
    edited = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(  # the outcome as shown: not a change
        code=first.code, indicator=first.indicator, activity=first.activity,
        fields={"owner_text": "ผู้กำกับ", "outcome": "ผลที่เก็บในฐานข้อมูล"}, base_version=first.version))
    with pytest.raises(InvalidEntry, match="ยังไม่มีคอลัมน์ “ผลลัพธ์”.*sheets sync"):
        store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(code=first.code, indicator=first.indicator,
                                                               activity=first.activity, fields={"outcome": "ใหม่"},
                                                               base_version=edited.version))
    assert any("ยังไม่มีคอลัมน์" in line for line in check_sheet(client, SHEET, "DEMO-01", FY, [], ""))

    texts = {m.code: {"achievement": m.achievement, "outcome": m.outcome}
             for m in demo_store.load_unit_year(SYSTEM, "DEMO-01", FY).measures}
    before = [list(r[:old]) for r in emulator.values(SHEET, layout.MEASURES)]
    assert add_missing_columns(client, SHEET, texts) == list(layout.LATER_HEADERS)
    assert add_missing_columns(client, SHEET, texts) == []  # twice is once
    after = emulator.values(SHEET, layout.MEASURES)
    assert [list(r[:old]) for r in after] == before  # no cell moved or lost
    assert after[0][old:] == list(layout.LATER_HEADERS)
    store.source.forget(SHEET, FY)
    assert not any("ยังไม่มีคอลัมน์" in line for line in check_sheet(client, SHEET, "DEMO-01", FY, [], ""))
    read = store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0]
    assert (read.achievement, read.outcome, read.owner_text) == ("ทำแล้ว", "ผลที่เก็บในฐานข้อมูล", "ผู้กำกับ")
    saved = store.save_measure(SYSTEM, "DEMO-01", FY, MeasureEntry(code=first.code, indicator=first.indicator,
                                                                   activity=first.activity, fields={"outcome": "ใหม่"},
                                                                   base_version=read.version))
    assert store.load_unit_year(SYSTEM, "DEMO-01", FY).measures[0].outcome == "ใหม่" == saved.outcome
