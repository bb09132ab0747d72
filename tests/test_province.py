"""The province comparison and the results over the years: domain rules, the store's scope, the pages."""

import datetime as dt

import pytest

from ita_dash.domain.model import Actor, ItaResult, Role, Unit, UnitKind
from ita_dash.domain.province import fell_below, not_reported, ranked, unit_line
from ita_dash.domain.status import assess_unit
from ita_dash.store.demo import UNITS, build_unit_year
from ita_dash.store.sql import SqlStore
from test_pages import make_app

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
        ("C", 60, None), ("A", 80, 90)]


def test_unit_lines_rank_and_change(templates):
    data = build_unit_year(templates, UNITS[3], 2569, dt.date(2026, 9, 30))
    template = templates.for_year(data.unit.kind, 2569)
    now, before = assess_unit(template, data, AS_OF), assess_unit(template, data, dt.date(2026, 3, 31))
    line = unit_line(now, before)
    assert len(line.lights) == 10 and line.readiness == now.readiness.value
    assert line.change == round(now.readiness.value - before.readiness.value, 1)
    assert len(line.missing_sections) == len(not_reported([now]))
    other = unit_line(assess_unit(template, build_unit_year(templates, UNITS[0], 2569, dt.date(2026, 9, 30)), AS_OF))
    order = ranked([line, other])
    assert order[0].readiness >= order[1].readiness and {x.unit.code for x in order} == {"DEMO-04", "DEMO-01"}


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
    assert app.title[0].value == "เปรียบเทียบหน่วยในจังหวัด"
    table = app.dataframe[0].value
    assert len(table) == 9 and list(table["ความพร้อม"]) == sorted(table["ความพร้อม"], reverse=True)
    assert "เปลี่ยนแปลง" in table.columns and app.subheader[0].value.startswith("ยังไม่รายงาน")
    missing = app.dataframe[1].value
    assert set(missing.columns) == {"หน่วย", "สายงาน", "หัวหน้าสายงาน", "สถานะ"} and missing["หัวหน้าสายงาน"].all()
    second = table.iloc[1]["หน่วย"]
    app.session_state["province_table"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    assert app.title[0].value == "ภาพรวมการประเมิน ITA"
    assert app.query_params["as_of"] in ("2026-04-20", ["2026-04-20"])
    assert second in app.caption[0].value.replace("\\", "") or app.selectbox(key="unit_code").value


def test_province_page_for_a_synthetic_province_of_20_units(monkeypatch, tmp_path, templates):
    url = f"sqlite:///{tmp_path / 'twenty.db'}"
    store = SqlStore(url)
    for n in range(20):
        spec = UNITS[n % 8]
        store.replace_unit_year(Actor.system("t"), build_unit_year(
            templates, (f"S-{n + 1:02d}", f"{spec[1]} {n + 1}", f"{spec[2]} {n + 1}", *spec[3:]), 2569, dt.date(2026, 9, 30)))
    from ita_dash.store.demo import DEMO_ACCOUNTS

    store.add_user(Actor.system("t"), *next((u, p) for u, p in DEMO_ACCOUNTS if u.username == "demo.province"))
    store.close()
    app = make_app(monkeypatch, url, user="demo.province", fy="2569", as_of="2026-06-15")
    app.run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 20
    results = make_app(monkeypatch, url, user="demo.province", fy="2569")
    results.switch_page("pages/results.py").run()
    assert not results.exception
    assert [s.value for s in results.subheader][-1].startswith("หน่วยที่ผลล่าสุดต่ำกว่า 85")


def test_results_page_for_a_chief_shows_only_their_unit(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, user="demo.chief", fy="2570")
    app.switch_page("pages/results.py").run()
    assert not app.exception
    years = list(app.dataframe[0].value["ปีงบประมาณ"])
    assert years == sorted(years, reverse=True) and len(app.subheader) == 1  # no province-wide parts
