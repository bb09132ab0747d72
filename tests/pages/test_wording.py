"""A local administration in its own words (issue 32 item 5): กอง and หัวหน้ากอง on every page, role and output of an
อบต.; the results report named by the OIT items of the unit's own list; a first-steps checklist it can finish."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.app import drawn, texts_of
from helpers.local_unit import FY, LA, signed_in_as
from ita_dash.domain.model import (
    Measure,
    Province,
    QuotaSnapshot,
    QuotaTool,
    Region,
    Role,
    Section,
    Unit,
    UnitKind,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.onboarding import OIT_LIST_STEP, first_steps, show_first_steps
from ita_dash.domain.pages import seen_by
from ita_dash.domain.wording import (
    RESULTS_REPORT,
    results_report_items,
    results_report_name,
    results_report_tab,
    role_label,
    words_for,
    words_of,
)


def test_each_kind_speaks_its_own_words():
    assert words_of(UnitKind.POLICE_STATION).section == "สายงาน" == words_of(UnitKind.IMMIGRATION).section
    local = words_of(UnitKind.LOCAL_ADMIN)
    assert (local.section, local.section_head, local.every_section, local.my_section) == (
        "กอง", "หัวหน้ากอง", "ทุกกอง", "กองของฉัน")
    assert role_label(Role.SECTION_HEAD, UnitKind.LOCAL_ADMIN) == "หัวหน้ากอง"
    assert role_label(Role.SECTION_HEAD, UnitKind.POLICE_STATION) == "หัวหน้าสายงาน"
    assert role_label(Role.CHIEF, UnitKind.LOCAL_ADMIN) == "หัวหน้าหน่วย"
    assert words_for([UnitKind.LOCAL_ADMIN]).section == "กอง"
    assert words_for([UnitKind.LOCAL_ADMIN, UnitKind.POLICE_STATION]).section == "สายงาน/กอง"


def test_the_results_report_is_named_by_the_units_own_list(templates):
    police = templates.for_year(UnitKind.POLICE_STATION, 2568)
    immigration = templates.for_year(UnitKind.IMMIGRATION, 2567)
    local = templates.for_year(UnitKind.LOCAL_ADMIN, 2568)
    assert results_report_items(police) == ["O25"]  # O21, the bribery-risk report, names no measures
    assert results_report_items(immigration) == ["O24"]
    assert results_report_tab(police) == "รายงานผล O25"
    assert results_report_name(immigration) == f"{RESULTS_REPORT} (O24)"
    assert results_report_items(local) == [] and results_report_tab(local) == results_report_name(local) == RESULTS_REPORT
    renumbered = police.model_copy(update={"oit_items": [
        item.model_copy(update={"code": "O42"}) if item.code == "O25" else item for item in police.oit_items]})
    assert results_report_tab(renumbered) == "รายงานผล O42"  # found by its title, not its number


def _local_year(template, **update) -> UnitYearData:
    data = UnitYearData(region=Region(code="R3", name="ภาค 3"),
                        province=Province(code="UBN", name="อุบลราชธานี", region_code="R3"),
                        unit=Unit(code=LA, name="อบต.คำไหล", kind=UnitKind.LOCAL_ADMIN, province_code="UBN"),
                        year=UnitYear(fiscal_year=FY),
                        sections=[Section(code=s.code, name=s.name, head_name="นาย ก") for s in template.sections])
    return data.model_copy(update=update)


def test_a_local_administration_can_finish_its_first_steps(templates):
    template = templates.for_year(UnitKind.LOCAL_ADMIN, FY)
    assert not template.oit_items
    start = _local_year(template, sections=[Section(code=s.code, name=s.name) for s in template.sections])
    steps = first_steps(start, template)
    assert steps[0].label == "กองและหัวหน้ากอง" and "สายงาน" not in " ".join(f"{s.label} {s.detail}" for s in steps)
    last = steps[-1]
    assert (last.key, last.label, last.done, last.counted) == ("oit_list", OIT_LIST_STEP, False, False)
    assert show_first_steps(start, steps)
    done = _local_year(template, measures=[Measure(code="1-01", indicator=1, activity="x", owner_section="office")],
                       quota_snapshots=[QuotaSnapshot(tool=QuotaTool.IIT, count=3, taken_on=dt.date(2027, 1, 5))])
    steps = first_steps(done, template)
    assert all(s.done for s in steps if s.counted)
    assert not show_first_steps(done, steps)  # the chief's part is done: the list from ITAP is not held against them






@pytest.mark.parametrize("username, role", [("la.chief", Role.CHIEF), ("la.head", Role.SECTION_HEAD)])
def test_no_page_says_sainngan_to_a_local_administration(monkeypatch, local_db, username, role):
    seen = {}
    for page in (spec.stem for spec in seen_by(role)):  # every page in the role's menu (the page registry)
        app = signed_in_as(monkeypatch, local_db, username)
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, (page, app.exception)
        assert drawn(app) == page, (page, drawn(app))
        texts = texts_of(app._tree)
        if page == "overview" and username == "la.chief":  # the checklist: the ITAP list as the next step
            assert any(f"ขั้นถัดไป: {OIT_LIST_STEP}" in t for t in texts), texts
        if page == "manage":
            for tab in [t.label for t in app.tabs][1:]:
                app.session_state["manage_tab"] = tab
                app.run()
                assert not app.exception, (page, tab, app.exception)
                texts += texts_of(app._tree)
        if found := [t for t in texts if "สายงาน" in t or "O24" in t or "O25" in t]:
            seen[page] = sorted(set(found))
    assert seen == {}, "\n".join(f"{page}: {found}" for page, found in seen.items())


def test_outputs_of_a_local_administration_say_kong(templates):
    """The workbooks, the one-page summary, the meeting's topics and the reminders of an อบต. name its กอง."""
    import io

    import openpyxl
    import pypdf

    from ita_dash.domain.orders import OrderBook
    from ita_dash.domain.reminders import ReminderKind, late_in_unit, reminder_kind_label
    from ita_dash.domain.status import assess_unit
    from ita_dash.reports import monthly, results, summary
    from ita_dash.reports.minutes import meeting_topics

    template = templates.for_year(UnitKind.LOCAL_ADMIN, FY)
    data = _local_year(template, measures=[
        Measure(code="1-01", indicator=1, activity="ประกาศเจตนารมณ์", owner_section="office", deadline=dt.date(2026, 10, 31)),
        Measure(code="2-01", indicator=2, activity="เผยแพร่แผน", deadline=dt.date(2026, 10, 31))])  # no owner
    as_of = dt.date(2026, 12, 20)
    status = assess_unit(template, data, as_of)
    headers = []
    for content in (results.results_xlsx(status), monthly.monthly_xlsx(data, status.report_month, as_of)):
        book = openpyxl.load_workbook(io.BytesIO(content))
        headers += [cell.value for sheet in book for cell in sheet[1]]
    assert "กอง" in headers and "สายงาน" not in headers
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(summary.unit_summary_pdf(status))).pages)
    assert "แยกตามกอง" in text and "สายงาน" not in text
    topics = repr(meeting_topics(status, OrderBook()))
    assert "หัวหน้ากอง" in topics and "สายงาน" not in topics
    assert "สายงาน" not in repr(late_in_unit(status)) and "ไม่ระบุกอง" in repr([m.section for m in status.measures])
    assert reminder_kind_label(ReminderKind.SECTION, UnitKind.LOCAL_ADMIN) == "แจ้งเตือนหัวหน้ากอง"


def test_the_province_pdf_of_local_administrations_says_kong():
    import subprocess

    from ita_dash.domain.lights import Light
    from ita_dash.reports.province import ProvinceRow, province_rows_pdf

    row = ProvinceRow(code=LA, name="อบต.คำไหล", lights=(Light.GREY,) * 10, iit=None, eit=None, oit_published=0,
                      oit_total=3, readiness=0.0, missing_sections=2, kind=UnitKind.LOCAL_ADMIN)
    pdf = province_rows_pdf("อุบลราชธานี", [row], FY, dt.date(2026, 12, 7))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode()
    assert "กองค้าง" in text and "สายงาน" not in text
