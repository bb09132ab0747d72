"""What a unit, a province or the administrator enters of a year's framework (issue 32 item 1): the OIT list read
from a spreadsheet copied from ITAP, the minimum numbers of respondents; the most specific entry wins; an entered
part colours the lights the template left grey."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.framework import ITAP_COPY, LA, local_units, template_sections
from ita_dash.domain.accounts import User
from ita_dash.domain.framework import Quota, Quotas, TemplateError, load_template_file
from ita_dash.domain.framework_entries import FrameworkEntry, FrameworkPart, apply_entries, check_entry
from ita_dash.domain.lights import Light
from ita_dash.domain.model import Province, Region, Role, UnitKind, UnitYear, UnitYearData
from ita_dash.domain.status import assess_unit
from ita_dash.importers.oit_list import layout_csv, read_oit_list

OTHER = LA.model_copy(update={"code": "LA-KN", "province_code": "SKN"})
LA_UNIT = LA
AT = dt.datetime(2026, 12, 7, 10, 0)



def _template(templates):
    return templates.get("local-admin-2570")




def test_an_oit_list_copied_from_itap_is_read_with_its_owners_dates_and_checklists(templates):
    template = _template(templates)
    found = read_oit_list("oit.csv", ITAP_COPY.encode(), template, template_sections(template), 2570)
    assert found.problems == []
    assert [(i.code, i.owner_section, i.due) for i in found.items] == [
        ("O1", "office", dt.date(2027, 1, 31)), ("O2", "office", dt.date(2027, 1, 31)),
        ("O3", "finance", dt.date(2027, 3, 31))]
    assert found.items[0].checklist == ["แผนผังโครงสร้าง", "ชื่อผู้บริหาร"]


def test_rows_that_cannot_be_read_are_named_by_row_with_a_thai_reason(templates):
    template = _template(templates)
    bad = ("ข้อ,หัวข้อ,ตัวชี้วัดย่อย,ผู้รับผิดชอบ,กำหนดเผยแพร่\n"
           "O1,โครงสร้าง,9.7,สำนักปลัด,31 ม.ค. 2570\n"
           "O2,ข้อมูลผู้บริหาร,9.1,กองที่ไม่มีจริง,31 ม.ค. 2570\n"
           "O3,แผน,9.2,กองคลัง,31 มี.ค. 25700\n"
           "O4,รายงานการเงิน,9.2,กองคลัง,\n"
           "O4,รายงานซ้ำ,9.2,กองคลัง,\n"
           "ก1,อะไร,,,\n")
    found = read_oit_list("oit.csv", bad.encode(), template, template_sections(template), 2570)
    said = dict(found.problems)
    assert "9.7" in said[2] and "กองที่ไม่มีจริง" in said[3] and "25700" in said[4] and "ซ้ำ" in said[6]
    assert "รหัสข้อ" in said[7] and [i.code for i in found.items] == ["O4"]
    gap = read_oit_list("oit.csv", "ข้อ,หัวข้อ\nO1,ก\nO3,ข\n".encode(), template, template_sections(template), 2570)
    assert gap.problems and "ขาด O2" in gap.problems[0][1]
    # a title past its limit is named by row, never cut short and kept (nothing lost without a word)
    long = read_oit_list("oit.csv", f"ข้อ,หัวข้อ\nO1,{'ก' * 301}\n".encode(), template, template_sections(template), 2570)
    assert long.items == [] and long.problems == [(2, "O1: title: ยาวเกิน 300 ตัวอักษร (301)")]


def test_the_expected_layout_reads_back(templates):
    template = _template(templates)
    found = read_oit_list("layout.csv", layout_csv(), template, template_sections(template), 2570)
    assert found.problems == [] and [i.code for i in found.items] == ["O1"]


def test_an_entered_oit_list_and_minimums_colour_what_the_template_left_grey(templates):
    template = _template(templates)
    data = UnitYearData(region=Region(code="LOCAL", name="ท้องถิ่น"), province=Province(
        code="UBN", name="อุบลราชธานี", region_code="LOCAL"), unit=LA, year=UnitYear(fiscal_year=2570),
        sections=template_sections(template))
    before = assess_unit(template, data, dt.date(2026, 12, 7))
    assert before.oit_items == []
    items = read_oit_list("oit.csv", ITAP_COPY.encode(), template, template_sections(template), 2570).items
    entries = [FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.OIT_ITEMS,
                              unit_code="LA-KL", oit_items=items, source="ITAP", entered_by="นายก อบต.",
                              entered_at=AT),
               FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.QUOTAS,
                              province_code="UBN", quotas=Quotas(iit=Quota(minimum=40), eit=Quota(minimum=120)),
                              source="ITAP", entered_at=AT)]
    mine = apply_entries(template, LA, entries)
    assert [i.code for i in mine.oit_items] == ["O1", "O2", "O3"]
    assert mine.quotas.iit.minimum == 40 and mine.quotas.eit.minimum == 120
    assert "ITAP" in mine.entered["oit_items"] and "ของหน่วยเอง" in mine.entered["oit_items"]
    assert "ของจังหวัด" in mine.entered["quotas"]
    assert not any(note.startswith(("รายการ OIT", "จำนวนผู้ตอบขั้นต่ำ")) for note in mine.unknown)
    assert any(note.startswith("จำนวนผู้ตอบขั้นต่ำ") for note in template.unknown)
    after = assess_unit(mine, data, dt.date(2026, 12, 7))
    assert len(after.oit_items) == 3 and all(i.light is not Light.GREY for i in after.oit_items)
    # another province's unit of the same kind gets neither entry
    theirs = apply_entries(template, OTHER, entries)
    assert theirs.oit_items == template.oit_items and theirs.entered == {}


def test_the_most_specific_entry_wins_then_the_newest():
    from ita_dash.domain.framework import library

    template = library().get("local-admin-2570")

    def quota(minimum, **scope):
        return FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.QUOTAS,
                              quotas=Quotas(iit=Quota(minimum=minimum)), source="ITAP", **scope)

    country, province = quota(10, entered_at=AT), quota(20, province_code="UBN", entered_at=AT)
    own_old, own_new = (quota(30, unit_code="LA-KL", entered_at=AT),
                        quota(35, unit_code="LA-KL", entered_at=AT + dt.timedelta(days=1)))
    assert apply_entries(template, LA, [country]).quotas.iit.minimum == 10
    assert apply_entries(template, LA, [province, country]).quotas.iit.minimum == 20
    assert apply_entries(template, LA, [own_new, province, own_old, country]).quotas.iit.minimum == 35
    assert apply_entries(template, LA, [quota(30, unit_code="LA-KN")]).quotas == template.quotas
    assert apply_entries(template, LA, [quota(30, unit_code="LA-KL")]).fiscal_year == 2570
    other_year = FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2569, part=FrameworkPart.QUOTAS,
                                quotas=Quotas(iit=Quota(minimum=5)), source="ITAP")
    assert apply_entries(template, LA, [other_year]) is template


def test_an_entry_holds_one_part_and_one_scope():
    with pytest.raises(ValueError):
        FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.OIT_ITEMS,
                       quotas=Quotas(iit=Quota(minimum=5)), source="ITAP")
    with pytest.raises(ValueError):
        FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.QUOTAS, unit_code="LA-KL",
                       province_code="UBN", quotas=Quotas(iit=Quota(minimum=5)), source="ITAP")
    with pytest.raises(ValueError):  # every entry says where it came from
        FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.QUOTAS,
                       quotas=Quotas(iit=Quota(minimum=5)), source="")


def test_an_entry_naming_what_the_framework_does_not_have_is_refused(templates):
    from ita_dash.domain.framework import OitItemSpec

    template = _template(templates)
    entry = FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.OIT_ITEMS,
                           unit_code="LA-KL", source="ITAP",
                           oit_items=[OitItemSpec(code="O1", title="ก", sub_indicator="9.9", owner_section="nobody")])
    problems = check_entry(template, entry)
    assert any("nobody" in p for p in problems) and any("9.9" in p for p in problems)


def test_a_template_file_cannot_claim_to_be_entered(tmp_path):
    from ita_dash.domain.framework import TEMPLATES_DIR

    text = (TEMPLATES_DIR / "local-admin-2568.yaml").read_text(encoding="utf-8")
    path = tmp_path / "local-admin-2568.yaml"
    path.write_text(text + "\nentered: {oit_items: ITAP}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match="entered"):
        load_template_file(path)


# -- kept by the store (SQLite and PostgreSQL) ----------------------------------------------------------------




def test_entries_are_kept_applied_to_the_units_they_reach_and_audited(store, templates):
    from ita_dash.domain.model import Actor, Role
    from ita_dash.domain.permissions import NotAllowed

    admin = local_units(store)
    template = templates.get("local-admin-2570")
    items = read_oit_list("oit.csv", ITAP_COPY.encode(), template, template_sections(template), 2570).items
    chief = Actor(username="chief.kl", role=Role.CHIEF, unit_code="LA-KL")
    province = Actor(username="ubn", role=Role.PROVINCE, province_code="UBN")
    own = FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.OIT_ITEMS,
                         unit_code="LA-KL", oit_items=items, source="ITAP")
    saved = store.save_framework_entry(chief, own, template)
    assert saved.entered_by == "chief.kl" and saved.entered_at is not None
    minimums = FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.QUOTAS,
                              province_code="UBN", quotas=Quotas(eit=Quota(minimum=150)), source="ITAP")
    store.save_framework_entry(province, minimums, template)
    with pytest.raises(NotAllowed):  # a chief enters for their own unit only, a province for its own province
        store.save_framework_entry(chief, own.model_copy(update={"unit_code": "LA-KN"}), template)
    with pytest.raises(NotAllowed):
        store.save_framework_entry(province, minimums.model_copy(update={"province_code": "SKN"}), template)
    versions = store.unit_versions(["LA-KL", "LA-KN", "LA-SK"])
    store.save_framework_entry(province, minimums.model_copy(update={
        "quotas": Quotas(eit=Quota(minimum=160))}), template)  # replaces the province's entry
    after = store.unit_versions(["LA-KL", "LA-KN", "LA-SK"])
    assert after["LA-KL"] > versions["LA-KL"] and after["LA-KN"] > versions["LA-KN"]
    assert after["LA-SK"] == versions["LA-SK"]  # another province's unit: its figures did not change
    kl = store.framework_entries(admin, "LA-KL", 2570)
    assert sorted(e.part.value for e in kl) == ["oit_items", "quotas"]
    unit = store.load_unit_year(admin, "LA-KL", 2570).unit
    mine = apply_entries(template, unit, kl)
    assert len(mine.oit_items) == 3 and mine.quotas.eit.minimum == 160
    kn = store.framework_entries(admin, "LA-KN", 2570)
    assert [e.part for e in kn] == [FrameworkPart.QUOTAS]  # the unit's own list stays its own
    assert store.framework_entries(admin, "LA-SK", 2570) == []
    history = [h for h in store.history(admin, "LA-KL") if h.table == "framework_entry"]
    assert history and "ITAP" in (history[-1].new_value or "")
    assert store.delete_framework_entry(chief, UnitKind.LOCAL_ADMIN, 2570, FrameworkPart.OIT_ITEMS, unit_code="LA-KL")
    assert [e.part for e in store.framework_entries(admin, "LA-KL", 2570)] == [FrameworkPart.QUOTAS]


def test_an_entry_the_framework_cannot_hold_is_refused_whole(store, templates):
    from ita_dash.domain.entries import InvalidEntry
    from ita_dash.domain.framework import OitItemSpec

    admin = local_units(store)
    template = templates.get("local-admin-2570")
    bad = FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.OIT_ITEMS,
                         unit_code="LA-KL", source="ITAP",
                         oit_items=[OitItemSpec(code="O1", title="ก", owner_section="nobody")])
    with pytest.raises(InvalidEntry, match="nobody"):
        store.save_framework_entry(admin, bad, template)
    with pytest.raises(InvalidEntry):  # the template of another year
        store.save_framework_entry(admin, bad, templates.get("local-admin-2568"))
    assert store.framework_entries(admin, "LA-KL", 2570) == []


def test_the_figures_of_many_units_follow_what_reaches_each(store, templates):
    """The province and country figures (grouped SQL queries) judge each unit with its own framework: the OIT items
    its chief entered, the minimums its province entered; a unit no entry reaches keeps its kind's template."""
    from ita_dash.domain.model import Actor, Role

    admin = local_units(store)
    template = templates.get("local-admin-2570")
    items = read_oit_list("oit.csv", ITAP_COPY.encode(), template, template_sections(template), 2570).items
    as_of = dt.date(2027, 2, 15)  # O1 and O2 (31 Jan) overdue, O3 (31 Mar) not yet due
    before = {f.unit.code: f for f in store.unit_figures(admin, 2570, as_of)}
    assert before["LA-KL"].oit_total == 0 and before["LA-KL"].eit_share is None
    store.save_framework_entry(Actor(username="chief.kl", role=Role.CHIEF, unit_code="LA-KL"), FrameworkEntry(
        kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.OIT_ITEMS, unit_code="LA-KL",
        oit_items=items, source="ITAP"), template)
    store.save_framework_entry(Actor(username="ubn", role=Role.PROVINCE, province_code="UBN"), FrameworkEntry(
        kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.QUOTAS, province_code="UBN",
        quotas=Quotas(eit=Quota(minimum=150)), source="ITAP"), template)
    for cached in (True, False):
        after = {f.unit.code: f for f in store.unit_figures(admin, 2570, as_of, cached=cached)}
        assert (after["LA-KL"].oit_published, after["LA-KL"].oit_total) == (0, 3)
        assert after["LA-KN"].oit_total == 0 and after["LA-SK"].oit_total == 0
        assert after["LA-KL"].eit_share == 0 and after["LA-KN"].eit_share == 0  # 0 of 150: a minimum is known
        assert after["LA-SK"].eit_share is None
    unit = store.load_unit_year(admin, "LA-KL", 2570)
    status = assess_unit(store.framework_for(admin, unit.unit, 2570), unit, as_of)
    reds = [i.spec.code for i in status.oit_items if i.light is Light.RED]
    assert reds == ["O1", "O2"]
    by_sql = next(f for f in store.unit_figures(admin, 2570, as_of) if f.unit.code == "LA-KL")
    from ita_dash.domain.province import figures_of

    assert by_sql == figures_of(status)  # the grouped queries and the rules agree on the entered framework


# -- on the framework page ------------------------------------------------------------------------------------


def test_a_chief_brings_the_oit_list_and_minimums_in_on_the_framework_page(monkeypatch, tmp_path, demo_db, templates):
    """An อบต. set up from nothing: its chief downloads the layout, uploads the list copied from ITAP, enters the
    minimums; the page then says what was entered, the OIT lights are coloured, and a viewer sees no form."""
    from helpers.app import make_app
    from helpers.databases import copy_database
    from helpers.local_unit import LA, signed_in_as
    from ita_dash.domain.model import Actor
    from ita_dash.store.sql import SqlStore

    url = copy_database(demo_db, tmp_path / "ita.db")
    store = SqlStore(url)
    province = store.list_provinces(Actor.system("t"))[0]
    store.import_units(Actor.system("t"), [], [], [(LA_UNIT.model_copy(update={"code": LA, "province_code": province.code}),
                                                    20)], 2570)
    store.add_user(Actor.system("t"), User(username="la.chief", display_name="นายก อบต.", role=Role.CHIEF, unit_code=LA),
                   "la-chief-pass-1234")
    store.close()
    app = signed_in_as(monkeypatch, url, "la.chief")
    app.switch_page("pages/framework.py").run()
    assert not app.exception
    assert any("กรอกข้อมูลจาก ITAP" in e.label for e in app.expander)
    assert [b for b in app.get("download_button") if "แบบฟอร์มรายการ OIT" in str(b.proto.label)]
    upload = next(u for u in app.get("file_uploader") if "รายการ OIT" in str(u.proto.label))
    upload.set_value(("oit.csv", ITAP_COPY.encode(), "text/csv")).run()
    assert not app.exception and not app.error
    save = next(b for b in app.button if b.label == "บันทึกรายการ OIT 3 ข้อ")
    save.click().run()
    assert not app.exception and any("บันทึกแล้ว" in s.value for s in app.success)
    next(n for n in app.number_input if n.key == "framework_entry_iit").set_value(40)
    next(n for n in app.number_input if n.key == "framework_entry_eit").set_value(120).run()
    next(b for b in app.button if b.key == "framework_entry_save_minimums").click().run()
    assert not app.exception
    facts = next(s.value for s in app.success if s.value.startswith("ข้อมูลที่กรอกจาก ITAP"))
    assert "รายการ OIT" in facts and "จำนวนผู้ตอบขั้นต่ำ" in facts and facts.count("กรอกของหน่วยเอง") == 2
    calendar = next(u for u in app.get("file_uploader") if "ไฟล์ปฏิทิน" in str(u.proto.label))
    calendar.set_value(("calendar.csv", "ขั้นตอน,เริ่ม,สิ้นสุด,เวลาปิด\nประกาศผลการประเมิน,,15 ส.ค. 2570,\n".encode(),
                        "text/csv")).run()
    assert not app.exception and not app.error
    next(b for b in app.button if b.label == "บันทึกปฏิทิน 1 ขั้นตอน").click().run()
    facts = next(s.value for s in app.success if s.value.startswith("ข้อมูลที่กรอกจาก ITAP"))
    assert "ปฏิทินการประเมิน" in facts
    table = app.dataframe[-2].value if len(app.dataframe) > 1 else app.dataframe[0].value
    assert "O3" in " ".join(map(str, table.get("ข้อ", [])))
    viewer = make_app(monkeypatch, url, user="demo.viewer")
    viewer.switch_page("pages/framework.py").run()
    assert not viewer.exception and not any("กรอกข้อมูลจาก ITAP" in e.label for e in viewer.expander)


# -- a province pastes ITAP's progress table -----------------------------------------------------------------


def test_a_province_pastes_itaps_progress_table_for_all_its_units_at_once(store, templates):
    from ita_dash.domain.model import Actor, Role
    from ita_dash.domain.permissions import NotAllowed
    from ita_dash.importers.itap_progress import read_progress

    admin = local_units(store)
    province = Actor(username="ubn", role=Role.PROVINCE, province_code="UBN")
    units = store.list_units(province, "UBN")
    pasted = ("หน่วยงาน\tIIT ตอบแล้ว\tIIT ขั้นต่ำ\tEIT ตอบแล้ว\tEIT ขั้นต่ำ\n"
              "องค์การบริหารส่วนตำบลคำไหล\t๑๘\t๒๑\t120\t300\n"
              "ทต.คำน้ำแซบ\t9\t12\t1,050\t300\n"
              "อบต.ที่ไม่มีในจังหวัด\t1\t2\t3\t4\n"
              "LA-KL\t1\t2\t3\t4\n"
              "LA-KN\t-3\t2\t3\t4\n")
    found = read_progress(pasted, units)
    said = dict(found.problems)
    assert [line.unit_code for line in found.lines] == ["LA-KL", "LA-KN"]
    assert "ไม่พบหน่วย" in said[4] and "มากกว่าหนึ่งบรรทัด" in said[5] and "มากกว่าหนึ่งบรรทัด" in said[6]
    assert found.lines[0].iit_count == 18 and found.lines[1].eit_count == 1050
    bad = read_progress("หน่วยงาน\tIIT ตอบแล้ว\nLA-KL\t-3\n", units)
    assert bad.problems and "จำนวนเต็ม" in bad.problems[0][1]
    written = store.save_itap_progress(province, 2570, found.lines, dt.date(2027, 2, 1))
    assert written == 2
    figures = {f.unit.code: f for f in store.unit_figures(admin, 2570, dt.date(2027, 2, 2))}
    assert figures["LA-KL"].iit_share == pytest.approx(18 / 21)
    assert figures["LA-KN"].eit_share == pytest.approx(1050 / 300)
    assert "ITAP" in store.framework_for(admin, figures["LA-KL"].unit, 2570).entered["quotas"]
    other = Actor(username="skn", role=Role.PROVINCE, province_code="SKN")
    with pytest.raises(NotAllowed):  # another province's account writes nothing, not even half
        store.save_itap_progress(other, 2570, found.lines, dt.date(2027, 2, 1))


def test_the_province_page_takes_the_paste_and_every_unit_follows(monkeypatch, tmp_path, demo_db):
    from helpers.app import make_app
    from helpers.databases import copy_database

    url = copy_database(demo_db, tmp_path / "ita.db")
    app = make_app(monkeypatch, url, user="demo.province")
    app.switch_page("pages/province.py").run()
    assert not app.exception
    box = next(t for t in app.text_area if t.key == "progress_paste")
    box.set_value("หน่วยงาน\tIIT ตอบแล้ว\tIIT ขั้นต่ำ\tEIT ตอบแล้ว\tEIT ขั้นต่ำ\n"
                  "สภ.เมืองตัวอย่าง\t100\t110\t400\t500\nสภ.ไม่มีจริง\t1\t1\t1\t1\n").run()
    assert not app.exception and any("ไม่พบหน่วย" in e.value for e in app.error)
    assert next(b for b in app.button if b.key == "progress_save").disabled
    box.set_value("หน่วยงาน\tIIT ตอบแล้ว\tIIT ขั้นต่ำ\tEIT ตอบแล้ว\tEIT ขั้นต่ำ\n"
                  "สภ.เมืองตัวอย่าง\t100\t110\t400\t500\n").run()
    next(b for b in app.button if b.key == "progress_save").click().run()
    assert not app.exception and any("1 หน่วยแล้ว" in s.value for s in app.success)
    from ita_dash.domain.model import Actor
    from ita_dash.store.sql import SqlStore

    store = SqlStore(url)
    admin = Actor.system("t")
    unit = store.load_unit_year(admin, "DEMO-01", 2570).unit
    assert store.framework_for(admin, unit, 2570).quotas.eit.minimum == 500
    assert sorted(s.count for s in store.load_unit_year(admin, "DEMO-01", 2570).quota_snapshots
                  if s.entered_by == "demo.province" and s.section is None) == [100, 400]
    store.close()
    viewer = make_app(monkeypatch, url, user="demo.viewer")
    viewer.switch_page("pages/province.py").run()
    assert not viewer.exception and not [t for t in viewer.text_area if t.key == "progress_paste"]


def test_the_paste_preview_shows_and_checks_the_oit_items_answered(monkeypatch, tmp_path, demo_db):
    """The count beyond the unit's own OIT list is refused on its line in the preview, before any save."""
    from helpers.app import make_app
    from helpers.databases import copy_database

    app = make_app(monkeypatch, copy_database(demo_db, tmp_path / "ita.db"), user="demo.province")
    app.switch_page("pages/province.py").run()
    box = next(t for t in app.text_area if t.key == "progress_paste")
    header = "หน่วยงาน\tIIT ตอบแล้ว\tIIT ขั้นต่ำ\tEIT ตอบแล้ว\tEIT ขั้นต่ำ\tOIT ตอบแล้ว\n"
    box.set_value(header + "สภ.เมืองตัวอย่าง\t100\t110\t400\t500\t999\n").run()
    assert not app.exception and any("999" in e.value and "บรรทัด 2" in e.value for e in app.error), \
        [e.value for e in app.error]
    assert next(b for b in app.button if b.key == "progress_save").disabled
    box.set_value(header + "สภ.เมืองตัวอย่าง\t100\t110\t400\t500\t12\n").run()
    assert not app.exception and not app.error
    [preview] = [d.value for d in app.dataframe if "OIT ตอบแล้ว" in d.value.columns]
    assert preview["OIT ตอบแล้ว"].tolist() == [12]


# -- the calendar --------------------------------------------------------------------------------------------


def test_the_calendar_written_out_reads_back_and_a_corrected_one_replaces_it(templates):
    from ita_dash.domain.framework import PhaseKind
    from ita_dash.importers.calendar_list import calendar_csv, read_calendar

    template = templates.get("local-admin-2570")
    written = calendar_csv(template)
    back = read_calendar("calendar.csv", written, template, 2570)
    assert back.problems == []
    assert [(p.kind, p.start, p.end, p.closes_at) for p in back.phases] == [
        (p.kind, p.start, p.end, p.closes_at) for p in template.calendar]
    corrected = ("ขั้นตอน,เริ่ม,สิ้นสุด,เวลาปิด\n"
                 "ประกาศผลการประเมิน,,15 ส.ค. 2570,\n"
                 "อะไรสักอย่าง,1 ม.ค. 2570,2 ม.ค. 2570,\n"
                 "ตรวจการตอบแบบ OIT,30 มิ.ย. 2570,1 มิ.ย. 2570,\n"
                 "อุทธรณ์ผล OIT,1 มิ.ย. 2570,5 มิ.ย. 25700,\n"
                 "พิจารณาอุทธรณ์,1 ก.ค. 2570,5 ก.ค. 2570,25.00\n"
                 "ประกาศผลการประเมิน,,16 ส.ค. 2570,\n")
    found = read_calendar("calendar.csv", corrected.encode(), template, 2570)
    said = dict(found.problems)
    assert "ไม่รู้จักขั้นตอน" in said[3] and "อยู่หลังวันสิ้นสุด" in said[4] and "25700" in said[5]
    assert "เวลาปิด" in said[6] and "ซ้ำ" in said[7]
    assert [(p.kind, p.end) for p in found.phases] == [(PhaseKind.ANNOUNCEMENT, dt.date(2027, 8, 15))]
    entry = FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.CALENDAR,
                           unit_code="LA-KL", calendar=back.phases[:2] + [
                               back.phases[0].model_copy(update={"kind": PhaseKind.ANNOUNCEMENT, "name": "ประกาศผล",
                                                                 "start": None, "end": dt.date(2027, 8, 15),
                                                                 "borrowed_from": [], "closes_at": None})],
                           source="คู่มือ ป.ป.ช.")
    mine = apply_entries(template, LA, [entry])
    assert mine.phase(PhaseKind.ANNOUNCEMENT).end == dt.date(2027, 8, 15) and "คู่มือ" in mine.entered["calendar"]


def test_readiness_says_it_cannot_be_computed_until_the_list_and_minimums_are_in(templates):
    """Issue 32 item 3: an อบต. without an OIT list or minimums reads "ยังคำนวณไม่ได้", not 0.0 (the worst score);
    once they are entered it can be computed (before 1 January it is "ยังไม่เปิด", never 0.0)."""
    template = _template(templates)
    data = UnitYearData(region=Region(code="LOCAL", name="ท้องถิ่น"), province=Province(
        code="UBN", name="อุบลราชธานี", region_code="LOCAL"), unit=LA, year=UnitYear(fiscal_year=2570),
        sections=template_sections(template))
    before = assess_unit(template, data, dt.date(2026, 12, 7)).readiness
    assert before.text() == "ยังคำนวณไม่ได้" and "รายการ OIT" in before.missing
    items = read_oit_list("oit.csv", ITAP_COPY.encode(), template, template_sections(template), 2570).items
    mine = apply_entries(template, LA, [
        FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.OIT_ITEMS, unit_code="LA-KL",
                       oit_items=items, source="ITAP"),
        FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570, part=FrameworkPart.QUOTAS, unit_code="LA-KL",
                       quotas=Quotas(iit=Quota(minimum=20), eit=Quota(minimum=100)), source="ITAP")])
    after = assess_unit(mine, data, dt.date(2026, 12, 7)).readiness
    assert after.missing == () and after.text() == "ยังไม่เปิด"  # computable now; IIT/EIT open on 1 Jan (issue 34)


def test_the_calendar_page_of_each_unit_draws_its_own_calendar(monkeypatch, tmp_path, demo_db, templates):
    """The timeline is kept per calendar, not per kind: a unit that entered its own announcement day shows it, and
    the next unit of the same kind shows the template's (the cache once keyed by the template's key only)."""
    from helpers.app import make_app
    from helpers.databases import copy_database
    from ita_dash.domain.framework import PhaseKind
    from ita_dash.domain.model import Actor
    from ita_dash.store.sql import SqlStore

    url = copy_database(demo_db, tmp_path / "ita.db")
    store = SqlStore(url)
    admin = Actor.system("t")
    province = store.list_provinces(admin)[0]
    store.import_units(admin, [], [], [(LA.model_copy(update={"province_code": province.code}), 20),
                                       (OTHER.model_copy(update={"province_code": province.code}), 20)], 2570)
    template = templates.get("local-admin-2570")
    phases = [p.model_copy(update={"end": dt.date(2027, 8, 15), "borrowed_from": []}) if p.kind is PhaseKind.ANNOUNCEMENT
              else p.model_copy(update={"borrowed_from": []}) for p in template.calendar]
    store.save_framework_entry(admin, FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=2570,
                                                     part=FrameworkPart.CALENDAR, unit_code=LA.code, calendar=phases,
                                                     source="คู่มือ ป.ป.ช."), template)
    store.close()
    specs = {}
    for code in (LA.code, OTHER.code):
        app = make_app(monkeypatch, url, user="demo.admin", unit=code, fy="2570")
        app.switch_page("pages/calendar.py").run()
        assert not app.exception
        import json

        figure = json.loads(app.get("plotly_chart")[0].proto.spec)
        specs[code] = " ".join(str(trace.get("customdata")) for trace in figure["data"])
    assert "15 ส.ค. 2570" in specs[LA.code] and "15 ส.ค. 2570" not in specs[OTHER.code]


def test_what_a_file_says_is_shown_literally_never_as_a_link(monkeypatch, tmp_path, demo_db):
    """A cell quoted in a refusal, or a source typed by the chief, is text: Markdown in it is escaped."""
    from helpers.app import make_app
    from helpers.databases import copy_database

    url = copy_database(demo_db, tmp_path / "ita.db")
    app = make_app(monkeypatch, url, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/framework.py").run()
    upload = next(u for u in app.get("file_uploader") if "รายการ OIT" in str(u.proto.label))
    upload.set_value(("oit.csv", "ข้อ,หัวข้อ,ผู้รับผิดชอบ\nO1,ก,[คลิก](https://evil.example)\n".encode(),
                      "text/csv")).run()
    assert not app.exception
    said = " ".join(e.value for e in app.error)
    assert "คลิก" in said and "](https" not in said and "\\[คลิก\\]" in said
