"""The framework page in Thai (issue 32): for every kind of unit and every year 2567–2570 — templates read from
files, derived forward and backward, with entered parts — no English word is shown: what the template does not know,
where a derived part came from, a borrowed phase, all are said in Thai. Only codes (OIT, IIT, EIT, ITA, ITAP, O12,
unit codes) and file names are allowed; the templates' own words are not (unlike tests/pages/test_thai_only.py, which
allows them: here they are what is checked)."""

from __future__ import annotations

import pytest

from helpers.app import english_words, make_app, texts_of
from helpers.databases import copy_database
from ita_dash.domain.framework import UNKNOWN_NOTES, Quota, Quotas, TemplateLibrary
from ita_dash.domain.framework_entries import FrameworkEntry, FrameworkPart
from ita_dash.domain.model import Actor, Unit, UnitKind
from ita_dash.store.sql import SqlStore

ADMIN = Actor.system("ผู้ทดสอบ")
LA = "LA-KL"
YEARS = ["2567", "2568", "2569", "2570"]


@pytest.fixture(scope="module")
def kinds_db(demo_db, tmp_path_factory, templates):
    """The demo (police stations, an immigration unit) plus a local administration whose FY 2570 minimums its
    chief entered (a part entered beside the template's)."""
    url = copy_database(demo_db, tmp_path_factory.mktemp("framework-thai") / "ita.db")
    store = SqlStore(url)
    province = store.list_provinces(ADMIN)[0]
    store.import_units(ADMIN, [], [], [(Unit(code=LA, name="องค์การบริหารส่วนตำบลคำไหล", short_name="อบต.คำไหล",
                                             kind=UnitKind.LOCAL_ADMIN, province_code=province.code), 20)], 2570)
    store.save_framework_entry(ADMIN, FrameworkEntry(
        kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.QUOTAS, unit_code=LA,
        quotas=Quotas(iit=Quota(minimum=12)), source="ITAP"), templates.for_year(UnitKind.LOCAL_ADMIN, 2570))
    for unit in ("DEMO-01", "DEMO-IM", LA):  # every year open in the sidebar (a year without data, as it loads)
        for year in map(int, YEARS):
            if year not in store.fiscal_years(ADMIN, unit):
                store.replace_unit_year(ADMIN, store.load_unit_year(ADMIN, unit, year))
    store.close()
    return url


# codes of the demo's units, and the official titles of two OIT items as the NACC writes them ("E-Service",
# "E-service", "ประกาศนโยบายต่อต้านการรับสินบน (Anti-Bribery Policy)"): a title, not our words
TYPED = {"DEMO", "Service", "service", "Anti", "Bribery", "Policy"}


@pytest.mark.parametrize("unit", ["DEMO-01", "DEMO-IM", LA])
def test_the_framework_page_says_everything_in_thai(monkeypatch, kinds_db, unit):
    seen = {}
    for year in YEARS:
        app = make_app(monkeypatch, kinds_db, user="demo.admin", unit=unit, fy=year)
        app.switch_page("pages/framework.py")
        app.run()
        assert not app.exception, (unit, year, app.exception)
        shown = " ".join(texts_of(app._tree)).replace("\\", "")  # Markdown escapes (format.plain) are not shown
        assert f"พ.ศ. {year}" in shown, (unit, year)  # the year asked for is the year drawn
        if words := english_words(texts_of(app._tree), TYPED):
            seen[year] = sorted(words)
        if (unit, year) == ("DEMO-IM", "2569"):  # derived: where each part came from, by the template's Thai name
            assert "รายการ OIT: จากแม่แบบของ ตม.จว. ปี 2567" in shown
            assert "ทุกวันที่เลื่อนจากแม่แบบของ ตม.จว. ปี 2568 ทั้งปี" in shown
    assert seen == {}, seen


def test_every_note_of_what_a_template_does_not_know_is_thai_and_begins_with_its_parts_words(templates):
    """The files' own notes are shown as written: Thai, and each note of a part an entry can give (OIT list,
    calendar, minimums) begins with that part's words, so an entry takes it away (framework_entries)."""
    for template in templates.files():
        for note in template.unknown:
            assert not english_words([note], set()), (template.key, note)
    words = tuple(UNKNOWN_NOTES.values())
    local = TemplateLibrary.load().get("local-admin-2568")
    assert [note for note in local.unknown if note.startswith(words)] == [
        note for note in local.unknown if not note.startswith("ตัวชี้วัดย่อย")]
