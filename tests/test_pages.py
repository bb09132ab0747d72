"""Every page under Streamlit's AppTest, on the demo database (built as of 21 Nov 2026)."""

import datetime as dt

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ita_dash.domain.model import Actor, OitStatus, Province, Region, Unit, UnitKind, UnitYear, UnitYearData
from ita_dash.store.demo import UNITS
from ita_dash.store.sql import SqlStore

PAGES = ["pages/overview.py", "pages/monthly.py", "pages/quotas.py", "pages/oit.py", "pages/calendar.py",
         "pages/framework.py"]


def make_app(monkeypatch, database_url: str, **params) -> AppTest:
    monkeypatch.setenv("ITA_DATABASE_URL", database_url)
    # AppTest resets PagesManager.uses_pages_directory before every run and re-detects our pages/ folder, so a
    # rerun would execute the page file alone (the legacy multipage path). A real server sets the flag to False
    # once st.navigation runs, and keeps it; do the same here.
    original_init = PagesManager.__init__

    def init_as_navigation_app(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_as_navigation_app)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    return app


@pytest.fixture
def app(demo_db, monkeypatch):
    return make_app(monkeypatch, demo_db)


def test_framework_page_lists_indicators_and_oit_items(app):
    app.switch_page("pages/framework.py").run()
    assert not app.exception
    assert app.title[0].value == "กรอบการประเมิน ITA"
    markdown = " ".join(m.value for m in app.markdown)
    for number in range(1, 11):
        assert f"**{number}. " in markdown
    assert list(app.dataframe[0].value["ข้อ"]) == [f"O{n}" for n in range(1, 26)]
    assert any("derived" in w.value for w in app.warning)  # FY2570 has no file of its own


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("code, year, as_of", [(s[0], 2570, None) for s in UNITS] + [("DEMO-04", 2569, "2026-04-20")])
def test_every_page_runs_for_every_demo_unit(monkeypatch, demo_db, page, code, year, as_of):
    params = {"unit": code, "fy": str(year), **({"as_of": as_of} if as_of else {})}
    app = make_app(monkeypatch, demo_db, **params)
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title


def test_choosing_a_unit_in_the_sidebar_switches_the_page(app):
    app.run()
    app.selectbox(key="unit_code").set_value("DEMO-IM").run()
    assert not app.exception
    assert app.caption[0].value.startswith("ตรวจคนเข้าเมืองจังหวัดตัวอย่าง")
    assert app.query_params["unit"] in ("DEMO-IM", ["DEMO-IM"])


def test_overview_shows_ten_lights_with_reasons(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20")
    app.run()
    assert app.title[0].value == "ภาพรวมการประเมิน ITA"
    labels = [e.label for e in app.expander]
    assert len(labels) == 10
    assert [label.split(" ", 1)[1].split(".")[0] for label in labels] == [str(n) for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]
    assert any(":red[" in label for label in labels)
    first_reasons = " ".join(m.value for m in app.expander[0].markdown)
    assert "เลยกำหนด" in first_reasons and "↳" in first_reasons  # the reason names the section and its head
    assert app.metric[0].label == "ดัชนีความพร้อม"
    assert "ไม่ใช่คะแนน ITA" in " ".join(c.value for c in app.caption)


def test_as_of_changes_what_the_overview_says(monkeypatch, demo_db):
    early = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2025-11-20")
    early.run()
    late = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-09-30")
    late.run()
    assert early.metric[2].value != late.metric[2].value  # overdue measures grow over the year
    assert "ข้อมูล ณ 20 พ" in early.caption[0].value


def test_monthly_cell_click_shows_that_sections_reports(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20")
    app.switch_page("pages/monthly.py").run()
    assert [s.value for s in app.subheader] == ["รายมาตรการของสายงาน"]
    app.session_state["section_matrix"] = {"selection": {"rows": [], "columns": [], "cells": [[0, "ต.ค."]]}}
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "งานอำนวยการ · ต.ค. 2568"
    detail = app.dataframe[1].value
    assert {"รหัส", "มาตรการ", "สถานะ", "รายงานเมื่อ", "ล่าช้า"} <= set(detail.columns)


def test_meeting_mode_one_topic_per_screen(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20", meeting="1")
    app.run()
    assert not app.exception
    assert app.title[0].value == "ตัวชี้วัด 10 ตัว"
    seen = [app.title[0].value]
    for _ in range(5):
        app.button(key="meeting_next").click().run()
        assert not app.exception
        seen.append(app.title[0].value)
    assert seen == ["ตัวชี้วัด 10 ตัว", "การรายงานผลรายเดือน", "จำนวนผู้ตอบแบบวัด", "OIT", "กำหนดการ", "มาตรการที่ต้องเร่งรัด"]
    app.button(key="meeting_exit").click().run()
    assert app.title[0].value == "ภาพรวมการประเมิน ITA"


def test_oit_filters(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20")
    app.switch_page("pages/oit.py").run()
    everything = sum(len(df.value) for df in app.dataframe)
    assert everything == 25
    app.multiselect(key="oit_status").set_value([OitStatus.PUBLISHED]).run()
    shown = [row for df in app.dataframe for row in df.value["สถานะ"]]
    assert shown and set(shown) == {"เผยแพร่แล้ว"} and len(shown) < everything


def test_a_unit_with_nothing_shows_empty_states(monkeypatch, tmp_path, templates):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    store = SqlStore(url)
    store.replace_unit_year(Actor.system("test"), UnitYearData(
        region=Region(code="R", name="ภาค"), province=Province(code="P", name="จังหวัด", region_code="R"),
        unit=Unit(code="LA-1", name="อบต.ทดสอบ", kind=UnitKind.LOCAL_ADMIN, province_code="P"),
        year=UnitYear(fiscal_year=2570)))
    store.close()
    for page in PAGES:
        app = make_app(monkeypatch, url, unit="LA-1", fy="2570")
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        assert app.info or app.success, page


def test_today_is_the_default_as_of(app):
    app.run()
    picked = app.date_input(key="as_of").value
    assert isinstance(picked, dt.date)
