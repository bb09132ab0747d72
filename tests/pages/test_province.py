"""The province comparison and the results over the years: domain rules, the store's scope, the pages."""

import datetime as dt

import pytest

from helpers.app import ACCOUNTS, heatmap_of, make_app
from ita_dash.domain.accounts import User
from ita_dash.domain.followup import SectionMonthStatus
from ita_dash.domain.lights import Light
from ita_dash.domain.model import Actor, ItaResult, Role, Unit, UnitKind
from ita_dash.domain.province import (
    SectionBehind,
    UnitFigures,
    below_label,
    by_province,
    fell_below,
    figures_of,
    not_reported,
    ranked,
)
from ita_dash.domain.status import assess_unit
from ita_dash.store import synth
from ita_dash.store.demo import UNITS, build_unit_year
from ita_dash.store.sql import SqlStore

AS_OF = dt.date(2026, 4, 20)
PROVINCE = Actor(username="p", role=Role.PROVINCE, province_code="DEMO")


def unit(code: str) -> Unit:
    return Unit(code=code, name=code, kind=UnitKind.POLICE_STATION, province_code="P")


def test_fell_below_takes_each_units_latest_year():
    results = [
        (unit("A"), ItaResult(fiscal_year=2568, total=90, level="A")), (unit("A"), ItaResult(fiscal_year=2569, total=80, level="B")),
        (unit("B"), ItaResult(fiscal_year=2568, total=70, level="C")), (unit("B"), ItaResult(fiscal_year=2569, total=86, level="A")),
        (unit("C"), ItaResult(fiscal_year=2569, total=60, level="D")),
    ]
    below = fell_below(results)
    assert [(u.code, latest.total, previous.total if previous else None) for u, latest, previous in below] == [
        ("A", 80, 90), ("C", 60, None)]  # the unit that fell from passing first
    assert [below_label(previous) for _, _, previous in below] == ["ตกจากผ่านเกณฑ์", "ปีแรกที่มีผล"]
    assert below_label(ItaResult(fiscal_year=2568, total=84.99, level="B")) == "ต่ำกว่าเกณฑ์ต่อเนื่อง"


def test_unit_lines_rank_and_change(templates):
    data = build_unit_year(templates, UNITS[3], 2569, dt.date(2026, 9, 30))
    template = templates.for_year(data.unit.kind, 2569)
    now, before = assess_unit(template, data, AS_OF), assess_unit(template, data, dt.date(2026, 3, 31))
    other = figures_of(assess_unit(template, build_unit_year(templates, UNITS[0], 2569, dt.date(2026, 9, 30)), AS_OF))
    lines = ranked([figures_of(now), other], [figures_of(before)])
    line = next(x for x in lines if x.unit.code == "DEMO-04")
    assert len(line.figures.lights) == 10 and line.figures.readiness == now.readiness.value
    assert line.change == round(now.readiness.value - before.readiness.value, 1)
    assert next(x for x in lines if x.unit.code == "DEMO-01").change is None  # nothing a month ago to compare
    assert lines[0].figures.readiness >= lines[1].figures.readiness
    behind = not_reported([figures_of(now)])
    assert [b.name for _, b in behind] == [b.name for b in figures_of(now).behind]
    assert len(behind) == len(now.sections_missing(now.report_month)) and all(b.head for _, b in behind)


def test_results_are_scoped_to_what_the_actor_reads(demo_store, templates):
    other = build_unit_year(templates, UNITS[0], 2570, dt.date(2026, 11, 21))
    other = other.model_copy(update={
        "province": other.province.model_copy(update={"code": "OTHER", "demo": False}),
        "unit": other.unit.model_copy(update={"code": "OTHER-01", "province_code": "OTHER"})})
    demo_store.replace_unit_year(Actor.system("t"), other)
    everything = demo_store.results(Actor.system("t"))
    assert {u.code for u, _ in everything} >= {"OTHER-01", "DEMO-01"}
    mine = demo_store.results(PROVINCE)
    assert mine and {u.province_code for u, _ in mine} == {"DEMO"}
    assert demo_store.results(PROVINCE, "OTHER") == []
    chief = Actor(username="c", role=Role.CHIEF, unit_code="DEMO-02")
    assert {u.code for u, _ in demo_store.results(chief)} == {"DEMO-02"}




@pytest.mark.parametrize("user", ["demo.province", "demo.admin"])
def test_province_page_and_opening_a_unit(monkeypatch, demo_db, user):
    app = make_app(monkeypatch, demo_db, user=user, fy="2569", as_of="2026-04-20")
    app.switch_page("pages/province.py").run()
    assert not app.exception
    assert app.title[0].value == "เปรียบเทียบหน่วย"
    table = app.dataframe[0].value
    judged = [v for v in table["พร้อม"] if v != -1]
    assert len(table) == 9 and judged == sorted(judged)  # worst first
    assert "±" in table.columns and "จังหวัด" not in table.columns
    assert list(table.columns[:3]) == ["อันดับ", "หน่วย", "ค้าง"]  # who is behind before the ten lights
    cells = heatmap_of(app)
    assert cells["x"] == [str(n) for n in range(1, 11)] + ["IIT", "EIT", "OIT", "ความพร้อม"]
    assert cells["y"] == list(table["หน่วย"])  # one heatmap row per unit, in ranking order
    assert [row[-1] for row in cells["text"]] == ["ยังไม่เปิด" if v == -1 else f"{v:.1f}" for v in table["พร้อม"]]
    assert app.subheader[1].value.startswith("ยังไม่รายงาน · เดือน มี.ค. 2569")
    missing = app.dataframe[1].value
    assert set(missing.columns) == {"หน่วย", "สายงาน", "หัวหน้าสายงาน", "สถานะ"} and missing["หัวหน้าสายงาน"].all()
    assert len(missing) == table["ค้าง"].sum()
    second = table.iloc[1]["หน่วย"]
    app.session_state["province_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    assert app.title[0].value == "ภาพรวมการประเมิน ITA"
    assert app.query_params["as_of"] in ("2026-04-20", ["2026-04-20"])
    assert second in app.caption[0].value.replace("\\", "") or app.selectbox(key="unit_code").value


@pytest.fixture
def synthetic_country(tmp_path, templates):
    """A synthetic country of 7 provinces (140 police stations and 7 immigration units), FY2569, with a province
    account for the first province."""
    url = f"sqlite:///{tmp_path / 'country.db'}"
    store = SqlStore(url)
    synth.build_country(store, templates, 140, 2569, dt.date(2026, 9, 30), Actor.system("t"))
    store.add_user(Actor.system("t"), User(username="syn.province", role=Role.PROVINCE, province_code="SYN-P001"),
                   "syn-province-pass")
    store.add_user(Actor.system("t"), User(username="syn.admin", role=Role.ADMIN), "syn-admin-pass")
    figures = store.unit_figures(Actor.system("t"), 2569, dt.date(2026, 6, 15))
    store.close()
    return url, figures


def test_province_page_for_a_synthetic_province_of_20_units(monkeypatch, synthetic_country):
    url, figures = synthetic_country
    monkeypatch.setitem(ACCOUNTS, "syn.province", (User(username="syn.province", role=Role.PROVINCE,
                                                        province_code="SYN-P001"), "syn-province-pass"))
    app = make_app(monkeypatch, url, user="syn.province", fy="2569", as_of="2026-06-15")
    app.run()
    assert not app.exception
    assert app.title[0].value == "เปรียบเทียบหน่วย"
    table = app.dataframe[0].value
    from ita_dash.domain.province import ranked, worst_first

    mine = [line.figures for line in worst_first(ranked([f for f in figures if f.unit.province_code == "SYN-P001"]))]
    assert len(table) == len(mine) == 21  # 20 police stations and the immigration unit of SYN-P001
    assert list(table["หน่วย"]) == [f.unit.short_name or f.unit.name for f in mine]
    assert heatmap_of(app)["y"] == list(table["หน่วย"])
    assert [o for o in app.selectbox(key="cmp_province").options] == ["ภ.จว.สังเคราะห์ 001"]  # nothing else to pick
    assert len(app.dataframe[1].value) == sum(len(f.behind) for f in mine)
    app.multiselect(key="cmp_kinds").select(UnitKind.IMMIGRATION).run()
    assert not app.exception and len(app.dataframe[0].value) == 1
    results = make_app(monkeypatch, url, user="syn.province", fy="2569")
    results.switch_page("pages/results.py").run()
    assert not results.exception
    assert [s.value for s in results.subheader][-1].startswith("หน่วยที่ผลล่าสุดต่ำกว่า 85")


def test_the_whole_country_on_one_page_for_the_admin(monkeypatch, synthetic_country):
    url, figures = synthetic_country
    monkeypatch.setitem(ACCOUNTS, "syn.admin", (User(username="syn.admin", role=Role.ADMIN), "syn-admin-pass"))
    app = make_app(monkeypatch, url, user="syn.admin", fy="2569", as_of="2026-06-15")
    app.switch_page("pages/province.py").run()
    assert not app.exception
    assert app.selectbox(key="cmp_province").value is None  # several provinces: all of them first
    from ita_dash.domain.province import behind_by_province, not_reported, ranked, worst_first

    worst = worst_first(ranked(figures))
    table = app.dataframe[0].value  # the worst 100 of 147 (issue 18: thousands of rows took the browser a second)
    assert list(table["หน่วย"]) == [line.unit.short_name or line.unit.name for line in worst[:100]]
    assert list(table["อันดับ"]) == list(range(1, 101)) and "จังหวัด" in table.columns
    assert "ตัวชี้วัดแดง" in table.columns and "1" not in table.columns  # counts instead of ten coloured columns
    missing = not_reported(figures)
    summary = app.dataframe[1].value  # the sections behind, one row per province
    assert list(summary["สายงานที่ยังไม่รายงาน"]) == [n for _, _, n in behind_by_province(missing)]
    assert summary["สายงานที่ยังไม่รายงาน"].sum() == len(missing) and len(summary) <= 7
    app.toggle(key="cmp_everything").set_value(True).run()  # everything, when asked for
    assert not app.exception
    table = app.dataframe[0].value
    assert len(table) == len(figures) == 147
    assert table["ตัวชี้วัดแดง"].sum() == sum(f.lights.count(Light.RED) for f in figures)
    assert len(app.dataframe[1].value) == len(missing)
    cells = heatmap_of(app)
    assert len(cells["y"]) == 7 and all(name.startswith("ภ.จว.สังเคราะห์") for name in cells["y"])  # a row per province
    app.selectbox(key="cmp_region").set_value(app.selectbox(key="cmp_region").options[1]).run()
    assert not app.exception
    in_region = app.dataframe[0].value
    assert 0 < len(in_region) < 147

    results = make_app(monkeypatch, url, user="syn.admin", fy="2569")
    results.switch_page("pages/results.py").run()
    assert not results.exception
    box = results.selectbox(key="results_province")
    assert box.value is None and len(box.options) == 8  # all, then the seven provinces
    box.set_value(box.options[3]).run()
    assert not results.exception
    store = SqlStore(url)
    expected = fell_below(store.results(Actor.system("t"), "SYN-P003"))
    store.close()
    below = results.dataframe[-1].value
    assert list(below["คะแนนรวม"]) == [latest.total for _, latest, _ in expected]
    assert set(below["เทียบปีก่อน"]) <= {"ตกจากผ่านเกณฑ์", "ต่ำกว่าเกณฑ์ต่อเนื่อง", "ปีแรกที่มีผล"}


def test_results_page_for_a_chief_shows_only_their_unit(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, user="demo.chief", fy="2570")
    app.switch_page("pages/results.py").run()
    assert not app.exception
    years = list(app.dataframe[0].value["ปีงบประมาณ"])
    assert years == sorted(years, reverse=True) and len(app.subheader) == 1  # no province-wide parts


def test_provinces_summed_up_from_their_units():
    def figures(code, province, lights, iit, readiness, behind=0):
        return UnitFigures(unit=Unit(code=code, name=code, kind=UnitKind.POLICE_STATION, province_code=province),
                           lights=lights, iit_share=iit, eit_share=None, oit_published=5, oit_total=10,
                           readiness=readiness, behind=tuple(SectionBehind("s", "h", SectionMonthStatus.MISSING)
                                                             for _ in range(behind)))

    R, A, G, N = Light.RED, Light.AMBER, Light.GREEN, Light.GREY
    summaries = by_province([figures("B1", "B", (R, G), 1.5, 60, 2), figures("A1", "A", (G, N), None, 40),
                             figures("B2", "B", (A, G), 0.5, 50, 1)])
    assert [s.province_code for s in summaries] == ["A", "B"]
    a, b = summaries
    assert b.units == 2 and b.lights[0] == {R: 1, A: 1, G: 0, N: 0} and b.lights[1][G] == 2
    assert b.iit_share == 0.75  # 150 % counts as 100 %
    assert a.iit_share is None and b.eit_share is None  # no unit knows its minimum
    assert b.oit_share == 0.5 and b.readiness == 55.0 and b.behind == 3


def test_before_collection_opens_the_province_shows_not_open_not_red(monkeypatch, demo_db):
    """FY2570 on 21 Nov 2026: no IIT/EIT window has opened, so no unit is painted red 0 % for them (issue 17)."""
    app = make_app(monkeypatch, demo_db, user="demo.province", fy="2570", as_of="2026-11-21")
    app.switch_page("pages/province.py").run()
    assert not app.exception
    cells = heatmap_of(app)
    iit, eit, readiness = (cells["x"].index(c) for c in ("IIT", "EIT", "ความพร้อม"))
    for row_text, row_z in zip(cells["text"], cells["z"]):
        assert row_text[iit] == row_text[eit] == row_text[readiness] == "ยังไม่เปิด"
        assert row_z[iit] is None and row_z[eit] is None and row_z[readiness] is None  # grey, not red
    table = app.dataframe[0].value
    assert set(table["IIT"]) == set(table["EIT"]) == {-1}  # shown as grey "ยังไม่เปิด"
