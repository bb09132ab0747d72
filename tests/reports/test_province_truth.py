"""The province comparison tells the truth about units that cannot be compared yet (issue 32 items 2–3, issue 34):
a readiness that cannot be computed is "ยังคำนวณไม่ได้" and one not judged before the windows open "ยังไม่เปิด", never a
0.0 ranked as the weakest; the screen and the PDF order units by one rule; each unit's windows are its own
framework's, entered calendars included."""

from __future__ import annotations

import datetime as dt
import subprocess

from ita_dash.domain.followup import SectionMonthStatus
from ita_dash.domain.lights import Light
from ita_dash.domain.model import Actor, Unit, UnitKind
from ita_dash.domain.province import (
    NOT_OPEN,
    NOT_YET,
    Collection,
    SectionBehind,
    UnitFigures,
    by_province,
    figures_of,
    ranked,
    readiness_text,
    worst_first,
)
from ita_dash.domain.status import assess_unit

R, A, G, N = Light.RED, Light.AMBER, Light.GREEN, Light.GREY
CLOSED, OPEN = Collection(False, False), Collection(True, True)


def _figures(code: str, readiness: float | None, reds: int = 0, behind: int = 0,
             kind: UnitKind = UnitKind.POLICE_STATION) -> UnitFigures:
    return UnitFigures(unit=Unit(code=code, name=code, kind=kind, province_code="P"),
                       lights=(R,) * reds + (G,) * (10 - reds), iit_share=None if readiness is None else 0.5,
                       eit_share=None if readiness is None else 0.5, oit_published=0,
                       oit_total=0 if readiness is None else 10, readiness=readiness,
                       behind=tuple(SectionBehind("s", "h", SectionMonthStatus.MISSING) for _ in range(behind)))


def test_units_that_cannot_be_compared_come_after_the_others_by_what_is_outstanding():
    """Issue 34: all at 0.0 before the windows open, the station with every light green was named the weakest."""
    units = [_figures("ALL-GREEN", 0.0), _figures("THREE-RED", 0.0, reds=3), _figures("LA", None, reds=1, behind=2,
                                                                                   kind=UnitKind.LOCAL_ADMIN),
             _figures("JUDGED-70", 70.0, reds=2), _figures("JUDGED-55", 55.0)]
    windows = {"ALL-GREEN": CLOSED, "THREE-RED": CLOSED, "LA": OPEN, "JUDGED-70": OPEN, "JUDGED-55": OPEN}
    order = [line.unit.code for line in worst_first(ranked(units), lambda unit: windows[unit.code])]
    assert order == ["JUDGED-55", "JUDGED-70", "THREE-RED", "LA", "ALL-GREEN"]
    assert [line.unit.code for line in worst_first(ranked(units[:2]))] == ["THREE-RED", "ALL-GREEN"]  # 0.0 each
    assert readiness_text(None) == NOT_YET == "ยังคำนวณไม่ได้"
    assert readiness_text(0.0, judged=False) == NOT_OPEN and readiness_text(None, judged=False) == NOT_YET
    assert readiness_text(55.04) == "55.0"


def test_the_change_and_the_province_mean_leave_out_what_cannot_be_computed():
    now = [_figures("A", 60.0), _figures("B", None), _figures("C", 40.0)]
    month_ago = [_figures("A", 50.0), _figures("B", 30.0), _figures("C", None)]
    lines = {line.unit.code: line for line in ranked(now, month_ago)}
    assert lines["A"].change == 10.0 and lines["B"].change is None and lines["C"].change is None
    assert [line.unit.code for line in ranked(now)] == ["A", "C", "B"]  # best first, the uncomputed last
    (summary,) = by_province(now)
    assert summary.readiness == 50.0  # not (60 + 0 + 40) / 3
    (nothing,) = by_province([_figures("B", None)])
    assert nothing.readiness is None


def test_a_local_administration_without_its_list_cannot_be_computed_in_sql_as_in_the_domain(store, templates):
    """The grouped SQL figures give the same "cannot be computed" (None) as the unit's own readiness."""
    from helpers.framework import local_units

    admin = local_units(store)
    as_of = dt.date(2027, 2, 15)
    by_sql = {f.unit.code: f for f in store.unit_figures(admin, 2570, as_of, cached=False)}
    data = store.load_unit_year(admin, "LA-KL", 2570)
    status = assess_unit(store.framework_for(admin, data.unit, 2570), data, as_of)
    assert status.readiness.missing and status.readiness.value == 0.0
    assert by_sql["LA-KL"].readiness is None and figures_of(status) == by_sql["LA-KL"]


def _pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=content, capture_output=True).stdout.decode()


def test_the_province_pdf_ranks_like_the_screen_and_prints_no_invented_zero():
    from ita_dash.reports.province import ProvinceRow, province_rows_pdf

    def row(code, readiness, judged, reds=0, behind=0):
        return ProvinceRow(code=code, name=f"หน่วย{code}", lights=(R,) * reds + (G,) * (10 - reds), iit=None,
                           eit=None, oit_published=0, oit_total=10, readiness=readiness, missing_sections=behind,
                           judged=judged)

    rows = [row("A", 0.0, False), row("B", 0.0, False, reds=4), row("C", None, True, reds=1), row("D", 62.5, True)]
    text = _pdf_text(province_rows_pdf("ภ.จว.ตัวอย่าง", rows, 2570, dt.date(2026, 12, 7)))
    positions = [text.index(f"{n}. หน่วย{code}") for n, code in enumerate("DBCA", start=1)]
    assert positions == sorted(positions)  # the judged unit, then by red lights; the all-green station last
    assert "0.0" not in text and NOT_OPEN in text and NOT_YET in text and "62.5" in text
    screen = worst_first(ranked([_figures(r.code, r.readiness, r.lights.count(R)) for r in rows]),
                         lambda unit: OPEN if next(r for r in rows if r.code == unit.code).judged else CLOSED)
    assert [line.unit.code for line in screen] == list("DBCA")


def test_the_province_screen_and_pdf_list_the_units_in_one_order_before_the_windows_open(monkeypatch, demo_db,
                                                                                       templates):
    """FY 2570 on 7 Dec 2026 (issue 34): no unit's readiness is judged yet; the screen and the PDF agree, and the
    unit with the fewest red lights is not first."""
    from helpers.app import make_app
    from ita_dash.reports.province import ProvinceRow, assess_province
    from ita_dash.store.sql import SqlStore

    as_of = dt.date(2026, 12, 7)
    monkeypatch.setenv("ITA_TODAY", as_of.isoformat())
    app = make_app(monkeypatch, demo_db, user="demo.province", fy="2570", as_of=as_of.isoformat())
    app.switch_page("pages/province.py").run()
    assert not app.exception
    table = app.dataframe[0].value
    store = SqlStore(demo_db)
    try:
        _, statuses = assess_province(store, Actor.system("t"), "DEMO", 2570, as_of, templates)
    finally:
        store.close()
    rows = [ProvinceRow.of(s) for s in statuses]
    assert list(table["หน่วย"]) == [r.name for r in rows]
    assert not any(r.judged for r in rows)
    reds = [r.lights.count(R) for r in rows]
    assert reds == sorted(reds, reverse=True)  # by what is outstanding, not by a 0.0 every unit shares
    assert set(table["พร้อม"]) == {-1}  # shown as "ยังไม่เปิด"


def test_the_province_page_judges_each_units_windows_by_its_entered_calendar(monkeypatch, tmp_path, demo_db,
                                                                             templates):
    """Issue 32: a unit whose own calendar opens IIT/EIT collection early is judged by it, not by its kind's."""
    from helpers.app import heatmap_of, make_app
    from helpers.databases import copy_database
    from ita_dash.domain.framework import PhaseKind
    from ita_dash.domain.framework_entries import FrameworkEntry, FrameworkPart
    from ita_dash.store.sql import SqlStore

    url = copy_database(demo_db, tmp_path / "ita.db")
    store = SqlStore(url)
    admin = Actor.system("t")
    unit = store.load_unit_year(admin, "DEMO-01", 2570).unit
    template = templates.for_year(unit.kind, 2570)
    early = {PhaseKind.IIT_COLLECTION, PhaseKind.EIT_COLLECTION}
    phases = [p.model_copy(update={"start": dt.date(2026, 11, 1), "borrowed_from": []}) if p.kind in early
              else p.model_copy(update={"borrowed_from": []}) for p in template.calendar]
    store.save_framework_entry(admin, FrameworkEntry(kind=unit.kind, fiscal_year=2570, part=FrameworkPart.CALENDAR,
                                                     unit_code=unit.code, calendar=phases, source="ITAP"), template)
    store.close()
    app = make_app(monkeypatch, url, user="demo.province", fy="2570", as_of="2026-11-21")
    app.switch_page("pages/province.py").run()
    assert not app.exception
    cells = heatmap_of(app)
    iit, eit, readiness = (cells["x"].index(c) for c in ("IIT", "EIT", "ความพร้อม"))
    by_unit = dict(zip(cells["y"], cells["text"]))
    mine = by_unit.pop(unit.short_name or unit.name)
    assert mine[iit] != NOT_OPEN and mine[eit] != NOT_OPEN and mine[readiness] != NOT_OPEN
    assert all(row[iit] == row[eit] == NOT_OPEN for row in by_unit.values())  # the others keep their kind's windows
    table = app.dataframe[0].value
    assert table["หน่วย"].iloc[0] == unit.short_name or unit.name  # the only unit judged by readiness ranks first


# -- the OIT items answered on ITAP (issue 32 item 2) ---------------------------------------------------------


def test_the_progress_paste_reads_oit_items_answered_and_refuses_more_than_the_list(store, templates):
    import pytest

    from helpers.framework import ITAP_COPY, local_units, template_sections
    from ita_dash.domain.entries import InvalidEntry
    from ita_dash.domain.framework_entries import FrameworkEntry, FrameworkPart
    from ita_dash.domain.model import Role
    from ita_dash.importers.itap_progress import read_progress
    from ita_dash.importers.oit_list import read_oit_list

    admin = local_units(store)
    province = Actor(username="ubn", role=Role.PROVINCE, province_code="UBN")
    units = store.list_units(province, "UBN")
    found = read_progress("หน่วยงาน\tIIT ตอบแล้ว\tOIT ตอบแล้ว\n"
                          "LA-KL\t5\t๒\nLA-KN\t3\t-1\nอบต.คำไหล\t1\t1\n", units)
    assert [(line.unit_code, line.oit_answered) for line in found.lines] == [("LA-KL", 2)]
    said = dict(found.problems)
    assert "OIT ตอบแล้ว" in said[3] and "จำนวนเต็ม" in said[3] and "มากกว่าหนึ่งบรรทัด" in said[4]
    for header in ("ตอบ OIT", "OIT"):  # ITAP's and people's names for the column
        assert read_progress(f"หน่วยงาน\t{header}\nLA-KL\t7\n", units).lines[0].oit_answered == 7
    over = read_progress("หน่วยงาน\tOIT ตอบแล้ว\nLA-KL\t4\n", units, oit_totals={"LA-KL": 3})
    assert not over.lines and "มากกว่ารายการ OIT ของหน่วย (3 ข้อ)" in over.problems[0][1]
    template = templates.get("local-admin-2570")
    items = read_oit_list("oit.csv", ITAP_COPY.encode(), template, template_sections(template), 2570).items
    store.save_framework_entry(admin, FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570,
                                                     part=FrameworkPart.OIT_ITEMS, unit_code="LA-KL",
                                                     oit_items=items, source="ITAP"), template)
    too_many = read_progress("หน่วยงาน\tIIT ตอบแล้ว\tOIT ตอบแล้ว\nLA-KL\t5\t4\n", units).lines
    with pytest.raises(InvalidEntry, match="คำไหล: OIT ตอบแล้ว 4 ข้อ มากกว่ารายการ OIT ของหน่วย"):
        store.save_itap_progress(province, 2570, too_many, dt.date(2027, 2, 1))
    assert store.itap_oit_answered(admin, 2570) == {}  # all or nothing: no count of IIT either
    assert not store.load_unit_year(admin, "LA-KL", 2570).quota_snapshots
    store.save_itap_progress(province, 2570, found.lines, dt.date(2027, 2, 1))
    assert store.itap_oit_answered(province, 2570) == {"LA-KL": (2, dt.date(2027, 2, 1))}
    assert store.itap_oit_answered(Actor(username="skn", role=Role.PROVINCE, province_code="SKN"), 2570) == {}
    data = store.load_unit_year(admin, "LA-KL", 2570)
    assert not any(item.status.value == "published" for item in data.oit_items)  # a count, not which items
    assert [h for h in store.history(admin, "LA-KL") if h.table == "itap_oit_progress"]


def test_the_province_page_shows_oit_items_answered_beside_those_published(monkeypatch, tmp_path, demo_db):
    from helpers.app import make_app
    from helpers.databases import copy_database

    url = copy_database(demo_db, tmp_path / "ita.db")
    app = make_app(monkeypatch, url, user="demo.province")
    app.switch_page("pages/province.py").run()
    assert not app.exception and "ITAP ตอบแล้ว" not in app.dataframe[0].value.columns  # nothing pasted yet
    next(t for t in app.text_area if t.key == "progress_paste").set_value(
        "หน่วยงาน\tIIT ตอบแล้ว\tOIT ตอบแล้ว\nสภ.เมืองตัวอย่าง\t100\t12\n").run()
    next(b for b in app.button if b.key == "progress_save").click().run()
    assert not app.exception and any("1 หน่วยแล้ว" in s.value for s in app.success)
    table = app.dataframe[0].value
    columns = list(table.columns)
    assert columns.index("ITAP ตอบแล้ว") == columns.index("OIT") + 1
    shown = dict(zip(table["หน่วย"], table["ITAP ตอบแล้ว"]))
    assert shown["สภ.เมืองตัวอย่าง"] == 12
    assert sum(1 for v in shown.values() if v == v and v is not None) == 1  # the others: nothing pasted


def test_a_local_administrations_measure_of_no_section_is_behind_in_its_words(store, templates):
    """Issue 32 item 5: the sections behind name a measure of no section in the unit's words, in SQL as in the domain."""
    from helpers.framework import local_units
    from ita_dash.domain.model import Measure

    admin = local_units(store)
    store.import_plan(admin, "LA-KL", 2570, [Measure(code="1-01", indicator=1, activity="ประกาศเจตนารมณ์",
                                                     owner_section=None, deadline=dt.date(2027, 3, 31))])
    as_of = dt.date(2027, 2, 15)
    by_sql = {f.unit.code: f for f in store.unit_figures(admin, 2570, as_of, cached=False)}
    data = store.load_unit_year(admin, "LA-KL", 2570)
    status = assess_unit(store.framework_for(admin, data.unit, 2570), data, as_of)
    assert [b.name for b in figures_of(status).behind] == ["ไม่ระบุกอง"] == [b.name for b in by_sql["LA-KL"].behind]
