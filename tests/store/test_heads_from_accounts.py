"""Issue 34, item 5: the section heads an accounts file names are the sections' heads: the chief's checklist no
longer says "ยังไม่ระบุหัวหน้า" for them, and the one-pager prints their names. A head the chief named stays."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from helpers.onboarding_files import accounts_xlsx, person, stations_xlsx
from helpers.sheets import AS_OF as SHEET_AS_OF
from helpers.sheets import FY as SHEET_FY
from helpers.sheets import SHEET, Clock, http_client, write_unit
from helpers.sheets_emulator import SheetsEmulator
from ita_dash.domain.accounts import User
from ita_dash.domain.framework import library
from ita_dash.domain.model import (
    Actor,
    Cadence,
    Measure,
    Province,
    Region,
    Role,
    Section,
    Unit,
    UnitKind,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.onboarding import first_steps
from ita_dash.domain.status import assess_unit
from ita_dash.importers import accounts as accounts_import
from ita_dash.importers import units as units_import
from ita_dash.reports.summary import unit_summary_pdf

ADMIN = Actor.system("test admin")
FY = 2570


def bring_on_board(store, stations: int = 2) -> dict:
    """The province's units, then the accounts file of their section heads, as a province brings them on board."""
    found = units_import.preview("stations.xlsx", stations_xlsx(broken=False))
    store.import_units(ADMIN, list(found.regions.values()), list(found.provinces.values()),
                       [(line.unit, line.staff_count) for line in found.lines], FY)
    units = store.list_units(ADMIN)
    sections = {u.code: [s for s, retired in store.list_sections(ADMIN, u.code) if not retired] for u in units}
    people = accounts_import.preview("accounts.xlsx", accounts_xlsx(stations), units, sections,
                                     store.list_provinces(ADMIN), store.list_regions(ADMIN))
    assert not people.problems
    outcome, _ = store.import_users(ADMIN, [line.user for line in people.lines])
    return outcome


def test_the_accounts_file_names_the_heads_the_checklist_asks_for(store):
    chief_named = "พ.ต.อ. ผู้กำกับ ตั้งชื่อเอง"
    found = units_import.preview("stations.xlsx", stations_xlsx(broken=False))
    store.import_units(ADMIN, list(found.regions.values()), list(found.provinces.values()),
                       [(line.unit, line.staff_count) for line in found.lines], FY)
    before = {s.name: s for s, _ in store.list_sections(ADMIN, "SMT-01")}
    store.save_section(ADMIN, "SMT-01", before["งานจราจร"].code, "งานจราจร", chief_named)  # the chief was first here
    data = store.load_unit_year(ADMIN, "SMT-01", FY)
    template = library().for_year(UnitKind.POLICE_STATION, FY)
    [step] = [s for s in first_steps(data, template) if s.key == "sections"]
    assert "ยังไม่ระบุหัวหน้า" in step.detail and "งานอำนวยการ" in step.detail

    outcome = bring_on_board(store)
    heads = {s.name: s.head_name for s, _ in store.list_sections(ADMIN, "SMT-01")}
    for number, name in enumerate(["งานอำนวยการ", "งานป้องกันปราบปราม", "งานจราจร", "งานสืบสวน", "งานสอบสวน"]):
        assert heads[name] == (chief_named if name == "งานจราจร" else person(5 + number)), name
    assert len(outcome["heads"]) == 2 * 5 - 1 and f"SMT-01/{before['งานอำนวยการ'].code}: {person(5)}" in outcome["heads"]
    data = store.load_unit_year(ADMIN, "SMT-01", FY)
    [step] = [s for s in first_steps(data, template) if s.key == "sections"]
    assert "งานอำนวยการ" not in step.detail and "งานสืบสวน" not in step.detail
    unnamed = [s.name for s in data.sections if not s.head_name]  # a section the file has no head for, if any
    assert step.done is not bool(unnamed)
    # on record, like the chief's own edit
    history = [(e.record_key, e.field, e.new_value) for e in store.history(ADMIN, "SMT-01") if e.table == "section"]
    assert (f"section:SMT-01/{before['งานอำนวยการ'].code}", "head_name", person(5)) in history

    # the same file again names nobody twice; a new account for a named section leaves its head alone
    assert bring_on_board(store)["heads"] == []
    store.add_user(ADMIN, User(username="new.head", display_name="ร.ต.อ. คนใหม่", role=Role.SECTION_HEAD,
                               unit_code="SMT-01", section_code=before["งานอำนวยการ"].code), "a-long-password-1")
    assert {s.name: s.head_name for s, _ in store.list_sections(ADMIN, "SMT-01")}["งานอำนวยการ"] == person(5)


def test_an_account_added_alone_names_a_headless_section(store):
    found = units_import.preview("stations.xlsx", stations_xlsx(broken=False))
    store.import_units(ADMIN, list(found.regions.values()), list(found.provinces.values()),
                       [(line.unit, line.staff_count) for line in found.lines], FY)
    code = store.list_sections(ADMIN, "SMT-02")[0][0].code
    store.add_user(ADMIN, User(username="smt02.head", display_name="  ร.ต.อ.   หัวหน้า   ใหม่ ", role=Role.SECTION_HEAD,
                               unit_code="SMT-02", section_code=code), "a-long-password-1")
    assert store.list_sections(ADMIN, "SMT-02")[0][0].head_name == "ร.ต.อ. หัวหน้า ใหม่"


def test_the_one_pager_prints_the_heads_the_accounts_file_named(store, monkeypatch):
    monkeypatch.setenv("ITA_TODAY", "2026-09-20")  # the plan is ready before the year: every month is followed
    sections = [Section(code="s1", name="กองคลัง", sort_order=0), Section(code="s2", name="กองช่าง", sort_order=1)]
    store.replace_unit_year(ADMIN, UnitYearData(
        region=Region(code="R9", name="ภาค"), province=Province(code="P9", name="จังหวัด", region_code="R9"),
        unit=Unit(code="LA-9", name="อบต.ทดสอบ", kind=UnitKind.LOCAL_ADMIN, province_code="P9"),
        year=UnitYear(fiscal_year=FY), sections=sections))
    store.import_plan(ADMIN, "LA-9", FY, [
        Measure(code="x", indicator=i, activity=f"กิจกรรม {i}", owner_section=f"s{1 + i % 2}", cadence=Cadence.MONTHLY)
        for i in (1, 2)])
    store.import_users(ADMIN, [User(username=f"la9.s{n}", display_name=name, role=Role.SECTION_HEAD, unit_code="LA-9",
                                    section_code=f"s{n}") for n, name in ((1, "นางสาวคลัง ใจดี"), (2, "นายช่าง ตั้งใจ"))])
    data = store.load_unit_year(ADMIN, "LA-9", FY)
    status = assess_unit(library().for_year(UnitKind.LOCAL_ADMIN, FY), data, dt.date(2026, 12, 7))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(unit_summary_pdf(status))).pages)
    assert "นางสาวคลัง ใจดี" in text and "นายช่าง ตั้งใจ" in text


@pytest.fixture
def sheet_unit(templates):
    """DEMO-01's FY2569 as its sheet holds it, with the head of งานอำนวยการ left blank in the sheet."""
    from ita_dash.store.demo import UNITS, build_unit_year

    data = build_unit_year(templates, UNITS[0], SHEET_FY, SHEET_AS_OF)
    return data.model_copy(update={"sections": [s.model_copy(update={"head_name": ""}) if s.code == "admin" else s
                                                for s in data.sections]})


@pytest.fixture
def linked(demo_store, sheet_unit, monkeypatch):
    """The demo's store with DEMO-01's FY2569 kept in a sheet (over the Sheets API emulator)."""
    from ita_dash.store.sheets.source import SheetsSource
    from ita_dash.store.sheets.store import SheetsStore

    emulator = SheetsEmulator()
    monkeypatch.setattr("gspread.http_client.time.sleep", lambda seconds: None)
    client = http_client(emulator)
    write_unit(client, emulator, sheet_unit, SHEET)
    demo_store.link_sheet(ADMIN, "DEMO-01", SHEET_FY, SHEET)
    return SheetsStore(demo_store, SheetsSource(client, ttl=60, clock=Clock()))


def test_a_year_kept_in_a_sheet_knows_the_head_the_database_has(linked, sheet_unit, demo_store):
    known = {s.code: s.head_name for s, _ in demo_store.list_sections(ADMIN, "DEMO-01")}
    data = linked.load_unit_year(ADMIN, "DEMO-01", SHEET_FY)
    heads = {s.code: s.head_name for s in data.sections}
    assert heads["admin"] == known["admin"] != ""
    assert heads == {s.code: s.head_name or known[s.code] for s in sheet_unit.sections}
