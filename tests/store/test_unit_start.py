"""Issue 34, item 3: a unit is judged from the day its year started in the system (its first plan imported during
the year) or from the start the chief sets: no month before it is missed, on any page or output (lights, the
monthly grid, the one-pager, the meeting and its minutes, the reminders, the SQL figures)."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from ita_dash.domain.accounts import User
from ita_dash.domain.entries import FollowUpEntry, InvalidEntry
from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import SectionMonthStatus
from ita_dash.domain.framework import library
from ita_dash.domain.lights import Light
from ita_dash.domain.model import (
    Actor,
    Cadence,
    FollowUpStatus,
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
from ita_dash.domain.orders import OrderBook
from ita_dash.domain.permissions import NotAllowed
from ita_dash.domain.province import figures_of
from ita_dash.domain.reminders import late_in_unit, section_reminders
from ita_dash.domain.status import assess_unit
from ita_dash.reports.minutes import meeting_topics
from ita_dash.reports.summary import unit_summary_pdf

SYSTEM = Actor.system("test")
FY = 2570
JOINED = dt.date(2026, 12, 7)  # a local administration brings its plan in on 7 ธ.ค. 2569, FY 2570 under way
SECTIONS = [Section(code="s1", name="กองคลัง", head_name="นางสาวหนึ่ง ใจดี", sort_order=0),
            Section(code="s2", name="กองช่าง", head_name="นายสอง ตั้งใจ", sort_order=1)]
CHIEF = Actor(username="la.chief", role=Role.CHIEF, unit_code="LA-9")


def plan() -> list[Measure]:
    return [Measure(code=f"{i}-01", indicator=i, activity=f"กิจกรรมที่ {i} ของ{SECTIONS[i % 2].name}",
                    owner_section=SECTIONS[i % 2].code, cadence=Cadence.MONTHLY, deadline=dt.date(2027, 9, 30))
            for i in range(1, 11)]


def join(store, monkeypatch, day: dt.date = JOINED) -> None:
    """LA-9 in the system with its sections and nothing else, then its plan imported on ``day``."""
    store.replace_unit_year(SYSTEM, UnitYearData(
        region=Region(code="R9", name="ภาค"), province=Province(code="P9", name="จังหวัด", region_code="R9"),
        unit=Unit(code="LA-9", name="อบต.เข้าใหม่", kind=UnitKind.LOCAL_ADMIN, province_code="P9"),
        year=UnitYear(fiscal_year=FY), sections=SECTIONS))
    monkeypatch.setenv("ITA_TODAY", day.isoformat())
    store.import_plan(SYSTEM, "LA-9", FY, plan())


def status_on(store, as_of: dt.date):
    data = store.load_unit_year(SYSTEM, "LA-9", FY)
    return assess_unit(library().for_year(UnitKind.LOCAL_ADMIN, FY), data, as_of)


def missed_texts(status) -> list[str]:
    """Every sentence of the unit's status that says a month was not reported."""
    texts = [r.text for i in status.indicators for r in i.reasons]
    texts += [reason for m in status.measures for reason in m.reasons]
    return [t for t in texts if "ยังไม่รายงาน" in t]


def test_the_year_starts_the_day_its_plan_comes_in_during_the_year(store, monkeypatch):
    from ita_dash.domain.planyear import started_in_system

    assert started_in_system(FY, dt.date(2026, 12, 7)) == dt.date(2026, 12, 7)
    assert started_in_system(FY, dt.date(2026, 10, 1)) is None  # the first day: the whole year
    assert started_in_system(FY, dt.date(2026, 9, 15)) is None  # a plan ready before the year: the whole year
    assert started_in_system(FY - 1, dt.date(2026, 12, 7)) is None  # a past year recorded after the fact
    join(store, monkeypatch, dt.date(2026, 9, 20))
    assert store.load_unit_year(SYSTEM, "LA-9", FY).year.plan_start is None
    assert status_on(store, JOINED).sections_missing(Month(2026, 11))  # nobody reported October or November


def test_a_unit_that_joins_in_december_misses_nothing_before(store, monkeypatch, templates):
    join(store, monkeypatch)
    data = store.load_unit_year(SYSTEM, "LA-9", FY)
    assert data.year.plan_start == JOINED
    status = status_on(store, JOINED)

    # the lights: no "ยังไม่รายงานผลเดือน พ.ย. 2569", every indicator green
    assert missed_texts(status) == []
    assert {i.light for i in status.indicators if i.reasons} <= {Light.GREEN}
    # the monthly grid: October and November are before the start, not missed
    grid = {(c.section, str(c.month)): c.status for c in status.section_months}
    for section in ("s1", "s2"):
        assert grid[(section, "2026-10")] is SectionMonthStatus.BEFORE_START
        assert grid[(section, "2026-11")] is SectionMonthStatus.BEFORE_START
        assert grid[(section, "2026-12")] is SectionMonthStatus.OPEN
    assert status.sections_missing(Month(2026, 11)) == []
    # the meeting and its minutes: nothing to chase
    topics = {t.key: t for t in meeting_topics(status, OrderBook(), JOINED)}
    assert not any("ยังไม่รายงาน" in " ".join(map(str, row)) for row in topics["monthly"].table)
    assert not topics["urgent"].lines
    # the reminders: nobody is told about November
    heads = [User(username=f"la.{s.code}", display_name=s.head_name, role=Role.SECTION_HEAD, unit_code="LA-9",
                  section_code=s.code, email=f"{s.code}@example.org") for s in SECTIONS]
    assert section_reminders(status, heads, None) == []
    assert all(not lines for _, lines in late_in_unit(status))
    # the one-pager: no section red for November
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(unit_summary_pdf(status))).pages)
    assert "ยังไม่รายงาน" not in text
    # the province's figures in SQL say the same
    [figures] = store.unit_figures(SYSTEM, FY, JOINED, province_code="P9")
    assert figures == figures_of(status) and figures.behind == ()

    # from the start on, a month not reported is missed
    store.save_follow_up(SYSTEM, "LA-9", FY, FollowUpEntry("1-01", "2026-12", FollowUpStatus.IN_PROGRESS, 20))
    as_of = dt.date(2027, 1, 6)  # December closed on 5 ม.ค.
    status = status_on(store, as_of)
    grid = {(c.section, str(c.month)): c for c in status.section_months}
    assert grid[("s2", "2026-12")].status is SectionMonthStatus.PARTIAL  # 1-01 reported, the others not
    assert grid[("s1", "2026-12")].status is SectionMonthStatus.MISSING
    assert any("ยังไม่รายงานผลเดือน ธ.ค. 2569" in t for t in missed_texts(status))
    [figures] = store.unit_figures(SYSTEM, FY, as_of, province_code="P9")
    assert figures == figures_of(status) and {b.name for b in figures.behind} == {"กองคลัง", "กองช่าง"}


def test_the_chief_sets_the_start_and_the_months_after_it_are_followed(store, monkeypatch):
    join(store, monkeypatch)
    year = store.load_unit_year(SYSTEM, "LA-9", FY).year
    saved = store.save_plan_start(CHIEF, "LA-9", FY, dt.date(2026, 10, 1), year.version)
    assert saved.plan_start == dt.date(2026, 10, 1) and saved.version == year.version + 1
    status = status_on(store, JOINED)
    assert status.sections_missing(Month(2026, 11))  # the unit says it reported since October: November is late
    assert any("ยังไม่รายงานผลเดือน พ.ย. 2569" in t for t in missed_texts(status))
    [figures] = store.unit_figures(SYSTEM, FY, JOINED, province_code="P9")
    assert figures == figures_of(status)
    history = [(e.field, e.new_value) for e in store.history(SYSTEM, "LA-9") if e.table == "unit_year"]
    assert ("plan_start", "2026-10-01") in history and ("plan_start", JOINED.isoformat()) in history


def test_the_start_is_refused_outside_the_year_to_others_and_when_stale(store, monkeypatch):
    join(store, monkeypatch)
    version = store.load_unit_year(SYSTEM, "LA-9", FY).year.version
    with pytest.raises(InvalidEntry) as refused:
        store.save_plan_start(CHIEF, "LA-9", FY, dt.date(2027, 10, 1), version)
    assert "ปีงบประมาณ 2570" in refused.value.errors["plan_start"]
    with pytest.raises(NotAllowed):
        store.save_plan_start(Actor(username="v", role=Role.VIEWER, unit_code="LA-9"), "LA-9", FY,
                              dt.date(2026, 11, 1), version)
    store.save_plan_start(CHIEF, "LA-9", FY, dt.date(2026, 11, 1), version)
    from ita_dash.store.base import StaleVersion

    with pytest.raises(StaleVersion) as stale:
        store.save_plan_start(CHIEF, "LA-9", FY, dt.date(2026, 12, 1), version)
    assert stale.value.current.plan_start == dt.date(2026, 11, 1)


def test_a_second_import_keeps_the_start_of_the_first(store, monkeypatch):
    join(store, monkeypatch)
    monkeypatch.setenv("ITA_TODAY", "2027-02-10")
    store.import_plan(SYSTEM, "LA-9", FY, [*plan(), Measure(code="x", indicator=1, activity="กิจกรรมใหม่",
                                                          owner_section="s1")])
    assert store.load_unit_year(SYSTEM, "LA-9", FY).year.plan_start == JOINED


def test_the_first_measure_added_by_hand_starts_the_year(store, monkeypatch):
    from ita_dash.domain.entries import MeasureEntry

    store.replace_unit_year(SYSTEM, UnitYearData(
        region=Region(code="R9", name="ภาค"), province=Province(code="P9", name="จังหวัด", region_code="R9"),
        unit=Unit(code="LA-9", name="อบต.เข้าใหม่", kind=UnitKind.LOCAL_ADMIN, province_code="P9"),
        year=UnitYear(fiscal_year=FY), sections=SECTIONS))
    monkeypatch.setenv("ITA_TODAY", "2027-01-15")
    store.save_measure(SYSTEM, "LA-9", FY, MeasureEntry(1, "กิจกรรมแรก", {"owner_section": "s1"}))
    assert store.load_unit_year(SYSTEM, "LA-9", FY).year.plan_start == dt.date(2027, 1, 15)


def test_a_year_kept_in_a_google_sheet_keeps_its_start_there(store, monkeypatch):
    from ita_dash.store.base import StoreError
    from ita_dash.store.sheets.store import SheetsStore

    join(store, monkeypatch)
    sheets = SheetsStore(store, source=None, configured={("LA-9", FY): "1SheetOfLA9"})
    with pytest.raises(StoreError, match="วันเริ่มแผน"):
        sheets.save_plan_start(CHIEF, "LA-9", FY, dt.date(2026, 10, 1), 1)
    assert store.load_unit_year(SYSTEM, "LA-9", FY).year.plan_start == JOINED  # nothing written
    with pytest.raises(NotAllowed):  # who may is asked first
        sheets.save_plan_start(Actor(username="v", role=Role.VIEWER, unit_code="LA-9"), "LA-9", FY,
                               dt.date(2026, 10, 1), 1)
    version = store.load_unit_year(SYSTEM, "LA-9", FY + 1).year.version  # a year in the database: the SQL store's
    assert sheets.save_plan_start(CHIEF, "LA-9", FY + 1, dt.date(2027, 11, 1), version).plan_start == dt.date(2027, 11, 1)


def test_the_monthly_page_says_the_start_and_the_chief_changes_it(monkeypatch, tmp_path):
    from helpers.app import ACCOUNTS, make_app
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{tmp_path / 'joined.db'}"
    store = SqlStore(url)
    join(store, monkeypatch)
    store.add_user(SYSTEM, *ACCOUNTS["demo.admin"])
    store.close()
    app = make_app(monkeypatch, url, unit="LA-9", fy=str(FY))
    app.switch_page("pages/monthly.py").run()
    assert not app.exception, app.exception
    assert any("ติดตามผลรายเดือนตั้งแต่ 7 ธ.ค. 2569 (เดือน ธ.ค. 2569)" in c.value for c in app.caption)
    assert "ก่อนเริ่มติดตามในระบบ" in next(c.value for c in app.caption if "คลิกช่อง" in c.value)
    key = f"plan_start|LA-9|{FY}"
    app.selectbox(key=f"{key}|d").set_value(1)
    app.selectbox(key=f"{key}|m").set_value(10)
    app.selectbox(key=f"{key}|y").set_value(2569)
    next(b for b in app.button if b.label == "บันทึกวันเริ่มติดตาม").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    assert not any("ติดตามผลรายเดือนตั้งแต่" in c.value for c in app.caption)  # the whole year now
    store = SqlStore(url)
    assert store.load_unit_year(SYSTEM, "LA-9", FY).year.plan_start == dt.date(2026, 10, 1)
    store.close()
