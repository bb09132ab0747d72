"""Pages under Streamlit's AppTest, on the demo database."""

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from ita_dash.store.demo import UNITS


@pytest.fixture
def app(demo_db, monkeypatch):
    monkeypatch.setenv("ITA_DATABASE_URL", demo_db)
    # AppTest resets PagesManager.uses_pages_directory before every run and re-detects our pages/ folder, so a
    # rerun would execute the page file alone (the legacy multipage path). A real server sets the flag to False
    # once st.navigation runs, and keeps it; do the same here.
    original_init = PagesManager.__init__

    def init_as_navigation_app(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_as_navigation_app)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def test_framework_page_lists_indicators_and_oit_items(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "กรอบการประเมิน ITA"
    markdown = " ".join(m.value for m in app.markdown)
    for number in range(1, 11):
        assert f"**{number}. " in markdown
    oit = app.dataframe[0].value
    assert list(oit["ข้อ"]) == [f"O{n}" for n in range(1, 26)]
    assert any("derived" in w.value for w in app.warning)  # FY2570 has no file of its own


@pytest.mark.parametrize("code", [spec[0] for spec in UNITS])
def test_every_demo_unit_opens_without_error(app, code):
    app.run()
    app.selectbox(key="unit_code").set_value(code).run()
    assert not app.exception
    assert app.caption[0].value.startswith(next(s[1] for s in UNITS if s[0] == code))
    assert app.query_params["unit"] in (code, [code])


def test_previous_year_is_selectable(app):
    app.run()
    app.selectbox(key="fiscal_year").set_value(2569).run()
    assert not app.exception
    assert "2569" in app.caption[0].value


def test_unknown_template_parts_show_as_unknown(app):
    app.run()
    app.selectbox(key="unit_code").set_value("DEMO-IM").run()
    assert not app.exception
    assert any("EIT quota by section" in i.value for i in app.info)
