"""An OIT item's owner may be any section of the unit (issue 32 item 1): a unit's own OIT list may name a section
its chief added on ตั้งค่าหน่วยงาน (by name or code); a list for a province's or the country's units of a kind names
the sections of the kind's template; an owner no section is refused, naming the item."""

from __future__ import annotations

from helpers.framework import LA, local_units, template_sections
from ita_dash.domain.framework import OitItemSpec
from ita_dash.domain.framework_entries import FrameworkEntry, FrameworkPart, apply_entries, check_entry
from ita_dash.domain.model import Actor, Role, Section, UnitKind
from ita_dash.importers.oit_list import read_oit_list

FY = 2570
COMMERCE = Section(code="section10", name="กองการพาณิชย์")


def _entry(owner: str, **scope) -> FrameworkEntry:
    return FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=FY, part=FrameworkPart.OIT_ITEMS, source="ITAP",
                          oit_items=[OitItemSpec(code="O1", title="ช่องทางรับฟังความคิดเห็น", sub_indicator="9.1",
                                                 owner_section=owner)], **scope)


def test_a_units_own_list_may_name_a_section_the_template_does_not_have(templates):
    template = templates.get(f"local-admin-{FY}")
    sections = [*template_sections(template), COMMERCE]
    for owner in ("section10", "กองการพาณิชย์", "กองการ พาณิชย์"):  # its code, its name
        assert check_entry(template, _entry(owner, unit_code="LA-KL"), sections) == []
    applied = apply_entries(template, LA, [_entry("section10", unit_code="LA-KL")])
    assert applied.oit_items[0].owner_section == "section10"


def test_a_list_for_many_units_names_the_kinds_sections_and_a_stranger_is_refused_by_item(templates):
    template = templates.get(f"local-admin-{FY}")
    sections = [*template_sections(template), COMMERCE]
    wide = check_entry(template, _entry("section10", province_code="UBN"), sections)
    assert len(wide) == 1 and wide[0].startswith("O1:") and "section10" in wide[0]
    stranger = check_entry(template, _entry("กองที่ไม่มีจริง", unit_code="LA-KL"), sections)
    assert len(stranger) == 1 and stranger[0].startswith("O1:") and "กองที่ไม่มีจริง" in stranger[0]


def test_the_store_keeps_a_list_naming_the_units_added_section(store, templates):
    admin = local_units(store)
    chief = Actor(username="chief.kl", role=Role.CHIEF, unit_code="LA-KL")
    added = store.save_section(chief, "LA-KL", None, COMMERCE.name)
    template = templates.get(f"local-admin-{FY}")
    sections = store.load_unit_year(admin, "LA-KL", FY).sections
    copied = ("ข้อ,หัวข้อ,ตัวชี้วัดย่อย,ผู้รับผิดชอบ\n"
              "O1,ช่องทางรับฟังความคิดเห็น,9.1,กองการพาณิชย์\n"
              "O2,โครงสร้าง,9.1,สำนักปลัด\n")
    found = read_oit_list("oit.csv", copied.encode(), template, sections, FY)
    assert found.problems == [] and found.items[0].owner_section == added.code
    store.save_framework_entry(chief, FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=FY,
                                                     part=FrameworkPart.OIT_ITEMS, unit_code="LA-KL",
                                                     oit_items=found.items, source="ITAP"), template)
    unit = store.load_unit_year(admin, "LA-KL", FY).unit
    assert [i.owner_section for i in store.framework_for(admin, unit, FY).oit_items] == [added.code, "office"]
    # typed by name (the command line, a bundle): kept as the section's code
    store.save_framework_entry(chief, _entry(COMMERCE.name, unit_code="LA-KL"), template)
    assert store.framework_for(admin, unit, FY).oit_items[0].owner_section == added.code
