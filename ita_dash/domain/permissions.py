"""Who may read and change what. The store calls these before every read of a unit and every write; a page hiding a
button is a courtesy, not a permission.

- admin reads everything and writes everything, and the accounts.
- chief reads their unit and writes everything of it: approves OIT items, adds and retires measures, enters quota
  counts and results, and the unit's own framework facts.
- section_head reads their unit and writes the follow-ups of the measures their section owns and the OIT items their
  section owns, up to "ready for review".
- province reads every unit of their province and writes the framework facts (OIT list, calendar, minimums) of a kind
  of unit in their province and ITAP's progress table (respondents, minimums) of their units.
- region reads every unit of the provinces of their region and writes nothing.
- viewer reads their unit and writes nothing.
"""

from __future__ import annotations

from .measure_fields import BY_NAME, Editor
from .model import Actor, Measure, OitItem, OitStatus, Province, Region, Role, Unit, thai
from .wording import role_label, words_of


class NotAllowed(Exception):
    """The acting user may not do this; the message is Thai and says why."""


APPROVAL = {OitStatus.APPROVED, OitStatus.PUBLISHED}


def who(actor: Actor) -> str:
    """"บัญชี somchai (หัวหน้ากอง)": the role in the words of the account's unit."""
    return f"บัญชี {actor.username} ({role_label(actor.role, actor.unit_kind)})"


def says(actor: Actor, text: str) -> str:
    """A refusal of ours in the words of the account's unit (กอง for a local administration)."""
    return words_of(actor.unit_kind).say(text)


def can_read(actor: Actor, unit: Unit, region_code: str | None = None) -> bool:
    """``region_code``: the region of the unit's province (needed for a `region` account only)."""
    if actor.role is Role.ADMIN:
        return True
    if actor.role is Role.PROVINCE:
        return unit.province_code == actor.province_code
    if actor.role is Role.REGION:
        return actor.region_code is not None and region_code == actor.region_code
    return unit.code == actor.unit_code


def check_read(actor: Actor, unit: Unit, region_code: str | None = None) -> None:
    if not can_read(actor, unit, region_code):
        raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์ดูข้อมูลของ {unit.name}")


def is_unit_manager(actor: Actor, unit_code: str) -> bool:
    return actor.role is Role.ADMIN or (actor.role is Role.CHIEF and actor.unit_code == unit_code)


def check_manage_unit(actor: Actor, unit_code: str, what: str = "แก้ไขข้อมูลหน่วย") -> None:
    """Measures (add, edit, retire), quota counts, results, the unit's settings: the chief and admin."""
    if not is_unit_manager(actor, unit_code):
        raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์{what} — เฉพาะหัวหน้าหน่วยและผู้ดูแลระบบ")


def can_report(actor: Actor, unit_code: str, measure: Measure) -> bool:
    if is_unit_manager(actor, unit_code):
        return True
    return (actor.role is Role.SECTION_HEAD and actor.unit_code == unit_code
            and measure.owner_section is not None and measure.owner_section == actor.section_code)


def check_report(actor: Actor, unit_code: str, measure: Measure) -> None:
    """A monthly follow-up of ``measure``."""
    if not can_report(actor, unit_code, measure):
        if actor.role is Role.SECTION_HEAD and actor.unit_code == unit_code:
            raise NotAllowed(says(actor, f"{who(actor)} รายงานผลได้เฉพาะมาตรการของสายงานตนเอง — มาตรการ "
                                          f"{measure.code} เป็นของสายงานอื่น"))
        raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์รายงานผลมาตรการ {measure.code} ของหน่วยนี้")


def check_edit_measure(actor: Actor, unit_code: str, measure: Measure, fields) -> None:
    """A change to these ``fields`` of ``measure``, each by whom :mod:`.measure_fields` says edits it: the owning
    section's head for a field the owner writes (the results report's texts), else the chief and admin (the store sets
    the system's fields on their behalf)."""
    for name in fields:
        if BY_NAME[name].editor is Editor.OWNER:
            check_report(actor, unit_code, measure)
        else:
            check_manage_unit(actor, unit_code, says(actor, "แก้ไขมาตรการ"))


def check_edit_oit(actor: Actor, unit_code: str, item: OitItem, new_status: OitStatus,
                   new_link: str | None = None) -> None:
    """An OIT item's status, link and checklist. Only the chief (or admin) approves or publishes; once an item is
    approved or published, a section head can neither take it back nor change its link."""
    if is_unit_manager(actor, unit_code):
        return
    if actor.role is Role.SECTION_HEAD and actor.unit_code == unit_code and item.owner_section == actor.section_code:
        if item.status in APPROVAL and (new_status != item.status
                                        or (new_link is not None and new_link.strip() != item.link)):
            raise NotAllowed(f"{who(actor)} แก้ไขรายการ {item.code} ที่{thai(item.status)}ไม่ได้ — "
                             "การเปลี่ยนสถานะหรือลิงก์หลังอนุมัติเป็นของหัวหน้าหน่วย")
        if new_status in APPROVAL:
            raise NotAllowed(f"{who(actor)} ส่งรายการ {item.code} ให้ตรวจสอบได้ แต่การอนุมัติและเผยแพร่เป็นของหัวหน้าหน่วย")
        return
    raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์แก้ไขรายการ OIT {item.code}")


def check_manage_accounts(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์จัดการบัญชีผู้ใช้ — เฉพาะผู้ดูแลระบบ")


def check_edit_sections(actor: Actor, unit_code: str) -> None:
    """A unit's sections and their heads (rename, add, retire): the chief of the unit and admin."""
    check_manage_unit(actor, unit_code, says(actor, "แก้ไขสายงานของหน่วย"))


def check_manage_units(actor: Actor) -> None:
    """Regions, provinces and units themselves (the units list import): admin only."""
    if actor.role is not Role.ADMIN:
        raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์เพิ่มหรือแก้ไขหน่วยงาน — เฉพาะผู้ดูแลระบบ")

def check_write_unit(actor: Actor, unit_code: str) -> None:
    """Some write to the unit's records (e.g. the audit lines of an edit made in its Google Sheet): the unit's
    chief, one of its section heads, or admin. Which record a section head may change is checked by the caller."""
    if is_unit_manager(actor, unit_code) or (actor.role is Role.SECTION_HEAD and actor.unit_code == unit_code):
        return
    raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์แก้ไขข้อมูลของหน่วย {unit_code}")


def check_replace_places(actor: Actor, before: tuple[Unit, Province, Region] | None,
                         after: tuple[Unit, Province, Region]) -> None:
    """A whole unit-year brought in (bundle import): only admin may add a unit, rename it, move it to another
    province or region, or rename a province or region; a chief's bundle must name them as they are."""
    if actor.role is Role.ADMIN:
        return
    unit, province, region = after
    if before is None:
        raise NotAllowed(f"{who(actor)} เพิ่มหน่วย {unit.code} ไม่ได้ — เฉพาะผู้ดูแลระบบ")
    was_unit, was_province, was_region = before
    changes = []
    for label, old, new in (("ชื่อหน่วย", was_unit.name, unit.name), ("ชื่อย่อหน่วย", was_unit.short_name, unit.short_name),
                            ("ประเภทหน่วย", was_unit.kind, unit.kind), ("จังหวัดของหน่วย", was_unit.province_code, unit.province_code),
                            ("หน่วยสาธิต", was_unit.demo, unit.demo),
                            ("ชื่อจังหวัด", was_province.name, province.name),
                            ("ภาคของจังหวัด", was_province.region_code, province.region_code),
                            ("ชื่อภาค", was_region.name, region.name)):
        if old != new:
            changes.append(label)
    if changes:
        raise NotAllowed(f"{who(actor)} เปลี่ยน{', '.join(changes)}ไม่ได้ — เฉพาะผู้ดูแลระบบ "
                         "(แก้ไขชุดข้อมูลให้ตรงกับข้อมูลเดิมแล้วนำเข้าอีกครั้ง)")


def is_province_writer(actor: Actor, province_code: str | None) -> bool:
    """The province's own account, or the administrator: who enters facts for the units of a province (issue 32)."""
    return actor.role is Role.ADMIN or (actor.role is Role.PROVINCE and province_code is not None
                                        and actor.province_code == province_code)


def check_copy_progress(actor: Actor, unit: Unit) -> None:
    """ITAP's progress table copied for a whole province (respondents so far, minimums): its province account or the
    administrator, and the unit's own chief for their unit."""
    if is_province_writer(actor, unit.province_code) or is_unit_manager(actor, unit.code):
        return
    raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์บันทึกความคืบหน้าจาก ITAP ของ {unit.name}")


def can_enter_framework(actor: Actor, unit_code: str | None, province_code: str | None) -> bool:
    """A year's framework facts (:mod:`.framework_entries`): a unit's own by its chief, a province's by its province
    account, every unit's of a kind by the administrator (who may enter any of them)."""
    if actor.role is Role.ADMIN:
        return True
    if unit_code:
        return is_unit_manager(actor, unit_code)
    return is_province_writer(actor, province_code)


def check_enter_framework(actor: Actor, unit_code: str | None, province_code: str | None) -> None:
    if can_enter_framework(actor, unit_code, province_code):
        return
    whose = f"หน่วย {unit_code}" if unit_code else f"จังหวัด {province_code}" if province_code else "ทุกหน่วย"
    raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์กรอกข้อมูลกรอบการประเมินของ{whose} — หัวหน้าหน่วยกรอกของหน่วย "
                     "บัญชีระดับจังหวัดกรอกของจังหวัด ผู้ดูแลระบบกรอกได้ทั้งหมด")
