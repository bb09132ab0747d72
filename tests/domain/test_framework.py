"""Templates: the facts from the seeds, derivation of later years, and one-line errors for broken files."""

import datetime as dt
import re
import shutil

import pytest

from helpers.environment import ROOT
from helpers.seed_layouts import seed_text
from ita_dash.domain.framework import PhaseKind, TemplateError, TemplateLibrary, library
from ita_dash.domain.model import Tool, UnitKind
from ita_dash.domain.parse import parse_date

POLICE_2568_OIT = [
    "โครงสร้าง และอำนาจหน้าที่",
    "ข้อมูลผู้บริหาร อัตรากำลัง และพื้นที่รับผิดชอบ",
    "กฎหมายที่เกี่ยวข้อง",
    "ข้อมูลคณะกรรมการตรวจสอบและติดตามการบริหารงานตำรวจ (กต.ตร.) ของสถานีตำรวจ",
    "ข้อมูลการติดต่อและช่องทางการถาม-ตอบ/รับฟังความคิดเห็น",
    "การประชาสัมพันธ์ข้อมูลข่าวสาร",
    "ผลการปฏิบัติงานของแต่ละสายงาน",
    "คู่มือการปฏิบัติงานสำหรับเจ้าหน้าที่",
    "คู่มือการให้บริการประชาชน",
    "E-Service",
    "สถิติผลการดำเนินงาน",
    "แผนการใช้จ่ายงบประมาณประจำปีและการรายงานผล",
    "ข้อมูลเงินกองทุนเพื่อการสืบสวน สอบสวน การป้องกันและปราบปราม การกระทำความผิดทางอาญา",
    "ประกาศต่าง ๆ เกี่ยวกับการจัดซื้อจัดจ้าง",
    "สรุปผลการจัดซื้อจัดจ้างรายเดือน",
    "หลักเกณฑ์การบริหารและพัฒนากำลังพล",
    "ช่องทางการแจ้งเรื่องร้องเรียนการทุจริตและข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริต",
    "ประกาศนโยบายต่อต้านการรับสินบน (Anti-Bribery Policy)",
    "การมีส่วนร่วมของหัวหน้าสถานีตำรวจ",
    "การประเมินความเสี่ยงต่อการรับสินบน",
    "การรายงานผลการดำเนินการเพื่อจัดการความเสี่ยงต่อการรับสินบน",
    "คู่มือหรือแนวทางการปฏิบัติตามมาตรฐานทางจริยธรรม",
    "การจัดการทรัพย์สินของราชการ ของบริจาค การจัดเก็บของกลาง และการรายงานผล",
    "มาตรการการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "การรายงานผลการดำเนินการตามมาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน",
]


def test_every_template_file_is_valid(templates):
    assert [t.key for t in templates.files()] == [
        "immigration-2567", "immigration-2568", "local-admin-2568", "police-station-2568",
    ]


def test_police_station_2568_lists_o1_to_o25_with_the_seed_titles(templates):
    template = templates.get("police-station-2568")
    assert [i.code for i in template.oit_items] == [f"O{n}" for n in range(1, 26)]
    assert [i.title for i in template.oit_items] == POLICE_2568_OIT
    assert [s.name for s in template.sections] == ["งานอำนวยการ", "งานป้องกันปราบปราม", "งานจราจร", "งานสืบสวน", "งานสอบสวน"]
    assert {i.number: i.tool for i in template.indicators} == {
        **{n: Tool.IIT for n in range(1, 6)}, **{n: Tool.EIT for n in range(6, 9)}, 9: Tool.OIT, 10: Tool.OIT}
    assert template.weights == {Tool.IIT: 30, Tool.EIT: 30, Tool.OIT: 40}
    assert template.pass_mark == 85
    assert [(lv.code, lv.min_score) for lv in template.levels] == [
        ("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50), ("F", 0)]


def test_police_eit_quota_parts_add_up_to_300(templates):
    eit = templates.get("police-station-2568").quotas.eit
    assert eit.minimum == 300
    assert [(p.label, p.sections, p.minimum) for p in eit.parts] == [
        ("อำนวยการ", ["admin"], 15), ("ป้องกันปราบปราม", ["patrol"], 120), ("จราจร", ["traffic"], 60),
        ("สืบสวน/สอบสวน", ["investigation", "inquiry"], 105)]
    assert sum(p.minimum for p in eit.parts) == eit.minimum


def test_immigration_2567_items_quotas_and_stakeholder_groups(templates):
    template = templates.get("immigration-2567")
    assert [i.code for i in template.oit_items] == [f"O{n}" for n in range(1, 25)]
    assert template.oit_item("O6").title == "รายงานการปฏิบัติราชการประจำเดือน"
    assert template.oit_item("O24").title.startswith("การรายงานผลการดำเนินการตามมาตรการยกระดับ")
    groups = {sub: [i.code for i in template.oit_items if i.sub_indicator == sub] for sub in ("9.1", "9.2", "9.3", "9.4", "10.1", "10.2")}
    assert groups == {
        "9.1": ["O1", "O2", "O3", "O4", "O5"], "9.2": ["O6", "O7", "O8", "O9", "O10"],
        "9.3": ["O11", "O12", "O13", "O14"], "9.4": ["O15", "O16"],
        "10.1": ["O17", "O18", "O19", "O20", "O21", "O22"], "10.2": ["O23", "O24"]}
    assert all(item.checklist for item in template.oit_items)
    assert {i.code for i in template.oit_items if i.machine_readable} >= {"O6", "O10", "O11", "O14"}
    assert template.oit_item("O1").due == dt.date(2024, 1, 31)  # "ภายใน ม.ค.๖๗"
    assert template.oit_item("O11").due == dt.date(2024, 4, 30)  # "ภายในเดือน เม.ย.๖๗"
    eit = template.quotas.eit
    assert eit.minimum == 500 and [p.minimum for p in eit.parts] == [10, 100, 200, 200]
    assert template.quotas.eit2.minimum == 5 and len(template.quotas.eit2.groups) == 5


def test_partial_templates_mark_unknown_parts_instead_of_inventing(templates):
    imm = templates.get("immigration-2568")
    assert imm.oit_items is None and imm.quotas.eit.parts is None
    # seed 003's plan gives its measures to the unit's งาน: the four of 2567, so its owners are read in its own year
    assert [s.code for s in imm.sections] == ["admin", "investigation", "inspection", "alien_services"]
    assert imm.quotas.iit.minimum == 100 and imm.quotas.eit.minimum == 300
    assert imm.phase(PhaseKind.EIT_COLLECTION).end == dt.date(2025, 6, 30)
    assert imm.phase(PhaseKind.EIT_COLLECTION).start is None
    local = templates.get("local-admin-2568")
    assert local.oit_items is None and local.quotas.eit is None
    assert local.calendar and all(p.borrowed_from for p in local.calendar)  # borrowed, not its own (issue 32)
    assert [s.code for s in local.indicator(9).sub_indicators] == ["9.1", "9.2", "9.3", "9.4", "9.5"]
    assert local.level_for(88.13) == "A"
    assert imm.unknown and local.unknown


def test_later_years_are_derived_by_moving_dates_whole_years(templates):
    police = templates.for_year(UnitKind.POLICE_STATION, 2570)
    assert police.derived and police.derived_from == "police-station-2568"
    assert police.phase(PhaseKind.EIT_COLLECTION).start == dt.date(2027, 1, 1)
    assert police.phase(PhaseKind.EIT_COLLECTION).end == dt.date(2027, 6, 30)
    assert police.phase(PhaseKind.APPEAL).start == dt.date(2027, 6, 17)
    assert [i.title for i in police.oit_items] == POLICE_2568_OIT
    assert police.provenance == {}  # everything came from the 2568 file


def test_derived_year_fills_unknown_parts_from_older_files_and_says_so(templates):
    imm = templates.get("immigration-2570")
    assert imm.derived_from == "immigration-2568"
    assert len(imm.oit_items) == 24 and imm.provenance["oit_items"] == "immigration-2567"
    assert imm.oit_item("O1").due == dt.date(2027, 1, 31)  # three years after 31 Jan 2024
    eit = imm.phase(PhaseKind.EIT_COLLECTION)
    assert eit.end == dt.date(2027, 6, 30)  # from the 2568 file (30 Jun 2568 + 2 years)
    assert eit.start == dt.date(2027, 1, 1)  # the 2568 file does not say: from 2567 (+3 years)
    assert imm.provenance["calendar.eit_collection.start"] == "immigration-2567"
    assert "calendar.eit_collection.end" not in imm.provenance
    assert imm.quotas.eit.minimum == 300 and imm.quotas.eit.parts is None  # not mixed with 2567's split


def test_a_real_file_replaces_the_derived_year(tmp_path, templates):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "data" / "templates", folder)
    text = (folder / "police-station-2568.yaml").read_text(encoding="utf-8")
    (folder / "police-station-2570.yaml").write_text(
        text.replace("police-station-2568", "police-station-2570").replace("fiscal_year: 2568", "fiscal_year: 2570"),
        encoding="utf-8")
    assert not library(folder).get("police-station-2570").derived
    assert library(folder).get("police-station-2569").derived


def test_no_template_further_back_than_a_year_before_the_first_file(templates):
    with pytest.raises(TemplateError, match="no template"):
        templates.for_year(UnitKind.POLICE_STATION, 2566)
    with pytest.raises(TemplateError, match="no template"):
        templates.for_year(UnitKind.IMMIGRATION, 2565)


def test_no_template_for_a_kind_without_files(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    shutil.copy(ROOT / "data" / "templates" / "immigration-2567.yaml", folder)
    with pytest.raises(TemplateError, match="no template"):
        library(folder).for_year(UnitKind.POLICE_STATION, 2570)


# -- issue 32 item 6: every kind of unit can open FY 2567 ------------------------------------------------------


@pytest.mark.parametrize("kind", list(UnitKind))
def test_every_kind_opens_fy_2567(templates, kind):
    template = templates.for_year(kind, 2567)
    assert template.fiscal_year == 2567 and template.key == f"{kind.value}-2567"
    assert "2567" in template.title


def test_a_year_before_the_earliest_file_is_derived_backwards_and_labelled(templates):
    police = templates.for_year(UnitKind.POLICE_STATION, 2567)
    assert police.derived and police.derived_from == "police-station-2568" and police.provenance == {}
    assert police.derived_label.startswith("อนุมานย้อนหลังจากปีถัดไป")
    assert templates.get("police-station-2570").derived_label.startswith("อนุมานจากปีก่อน")
    assert police.phase(PhaseKind.APPEAL).start == dt.date(2024, 6, 17)  # 17 Jun 2568 moved back one year
    assert police.phase(PhaseKind.EIT_COLLECTION).end == dt.date(2024, 6, 30)
    assert [i.title for i in police.oit_items] == POLICE_2568_OIT
    local = templates.for_year(UnitKind.LOCAL_ADMIN, 2567)
    assert local.derived_from == "local-admin-2568" and local.sources == ["seed 004"]
    assert [s.code for s in local.indicator(9).sub_indicators] == ["9.1", "9.2", "9.3", "9.4", "9.5"]
    eit = local.phase(PhaseKind.EIT_COLLECTION)
    assert eit.end == dt.date(2024, 6, 30) and eit.borrowed_from == ["police-station-2568", "immigration-2568"]
    # far back the immigration files both help: the nearest (2567) first, then the later one
    assert templates.for_year(UnitKind.IMMIGRATION, 2566).derived_from == "immigration-2567"


@pytest.mark.parametrize(
    "change, field",
    [
        (("code: O7,", "code: O77,"), "oit_items"),
        (("minimum: 120", "minimum: -1"), "quotas.eit.parts.1.minimum"),
        (("start: 2025-06-17, end: 2025-06-26", "start: 2025-06-27, end: 2025-06-26"), "calendar.6"),
        (("tool: EIT, name: คุณภาพการดำเนินงาน", "tool: XIT, name: คุณภาพการดำเนินงาน"), "indicators.5.tool"),
        (("pass_mark: 85", "pass_mark: 85\ncolour: red"), "colour"),
        (("key: police-station-2568", "key: police-station-2569"), "key"),
    ],
)
def test_a_broken_template_gives_one_line_naming_file_and_field(tmp_path, change, field):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "data" / "templates", folder)
    path = folder / "police-station-2568.yaml"
    text = path.read_text(encoding="utf-8")
    assert change[0] in text
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(TemplateError) as error:
        TemplateLibrary.load(folder)
    message = str(error.value)
    assert "\n" not in message
    assert "police-station-2568.yaml" in message and field in message


def test_yaml_syntax_error_names_the_line(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "police-station-2568.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=r"police-station-2568.yaml line \d+: not valid YAML"):
        TemplateLibrary.load(folder)


def _seed(prefix: str) -> str:
    return seed_text(prefix)


def _calendar_rows(text: str) -> list[tuple[dt.date, dt.date]]:
    rows = []
    for line in text.splitlines():
        cells = line.split("\t")
        if len(cells) >= 3 and re.fullmatch(r"[0-9๐-๙]+", cells[0].strip()):
            period = cells[1]
            if "ถึง" in period:
                start, end = period.split("ถึง")
                rows.append((parse_date(start), parse_date(end)))
            elif "เดือน" in period:
                end = parse_date(period)
                rows.append((end.replace(day=1), end))
    return rows


def test_police_calendar_matches_seed_001(templates):
    seed_rows = _calendar_rows(_seed("001"))
    # seed 001 prints the processing phase as "๑๖ มกราคม ... ถึง ๓๑ กรกฎาคม"; the template reads 16 July
    seed_rows = [(dt.date(2025, 7, 16), e) if s == dt.date(2025, 1, 16) else (s, e) for s, e in seed_rows]
    template = templates.get("police-station-2568")
    assert sorted((p.start, p.end) for p in template.calendar) == sorted(seed_rows)


def test_immigration_calendar_matches_seed_002(templates):
    seed_rows = _calendar_rows(_seed("002"))
    template = templates.get("immigration-2567")
    # seed 002 lists the announcement month twice (review, then publication): one phase here
    assert sorted((p.start, p.end) for p in template.calendar) == sorted(seed_rows[:-1])
    assert seed_rows[-1] == seed_rows[-2]


# -- issue 14: known conflicts of the seeds, recorded in the templates ------------------------------------------


def test_the_seeds_known_conflicts_are_recorded_in_their_templates():
    police = library().get("police-station-2568")
    [eit] = police.conflicts
    assert eit.about == "eit_part" and eit.value == 50 and police.eit_part("admin").minimum == 15
    assert "ไม่น้อยกว่า ๕๐" in eit.describe(police) and "15" in eit.describe(police)
    local = library().get("local-admin-2568")
    [level] = local.conflicts
    assert level.level == "E" and local.level_for(level.value) == "A" and "ให้ A" in level.describe(local)


@pytest.mark.parametrize("conflict, message", [
    ({"about": "eit_part", "section": "admin", "value": 15, "source": "s", "said": "x", "kept": "k"}, "agrees"),
    ({"about": "eit_part", "section": "nowhere", "value": 50, "source": "s", "said": "x", "kept": "k"}, "no EIT part"),
    ({"about": "level", "value": 88.13, "level": "A", "source": "s", "said": "x", "kept": "k"}, "no conflict"),
    ({"about": "level", "value": 88.13, "source": "s", "said": "x", "kept": "k"}, "needs the level"),
])
def test_a_conflict_the_template_cannot_confirm_is_refused(conflict, message):
    from pydantic import ValidationError

    from ita_dash.domain.framework import FrameworkTemplate

    data = library().get("police-station-2568").model_dump()
    data["conflicts"] = [conflict]
    with pytest.raises(ValidationError, match=message):
        FrameworkTemplate.model_validate(data)


# -- issue 32 item 4: immigration FY 2570 follows the latest seed (003) ------------------------------------------

SEED_003_SUBS = {
    9: [("9.1", "ข้อมูลพื้นฐาน"), ("9.2", "การบริหารงาน"), ("9.3", "การบริหารเงินงบประมาณ"),
        ("9.4", "การบริหารทรัพยากรบุคคล"), ("9.5", "การส่งเสริมความโปร่งใสในหน่วยงาน")],
    10: [("10.1", "การดำเนินการเพื่อป้องกันการทุจริต"), ("10.2", "มาตรการภายในเพื่อป้องกันการทุจริต")],
}


@pytest.mark.parametrize("year", [2568, 2569, 2570])
def test_immigration_from_2568_groups_indicator_9_as_seed_003(templates, year):
    imm = templates.for_year(UnitKind.IMMIGRATION, year)
    for number, subs in SEED_003_SUBS.items():
        assert [(s.code, s.name) for s in imm.indicator(number).sub_indicators] == subs
    # seed 004 names 10.2 the same way
    assert templates.get("local-admin-2568").indicator(10).sub_indicators[1].name == SEED_003_SUBS[10][1][1]


def test_immigration_2570_regroups_2567_items_by_the_2568_file(templates):
    imm = templates.get("immigration-2570")
    groups = {sub: [i.code for i in imm.oit_items if i.sub_indicator == sub] for sub in ("9.4", "9.5")}
    assert groups == {"9.4": ["O15"], "9.5": ["O16"]}  # the complaints item left 9.4 for 9.5
    assert imm.oit_item("O16").title.startswith("ช่องทางการแจ้งเรื่องร้องเรียนการทุจริต")
    assert imm.provenance["oit_items"] == "immigration-2567" and imm.oit_regroup.items_of == "immigration-2567"
    assert templates.get("immigration-2567").oit_item("O16").sub_indicator == "9.4"  # 2567 itself unchanged


def test_a_regroup_naming_an_item_the_older_file_lacks_is_refused(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "data" / "templates", folder)
    path = folder / "immigration-2568.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('{O16: "9.5"}', '{O66: "9.5"}'), encoding="utf-8")
    with pytest.raises(TemplateError, match=r"cannot derive immigration-2570: .*O66"):
        library(folder).get("immigration-2570")


def test_no_eit2_part_after_the_year_that_has_none(templates):
    assert templates.get("immigration-2567").quotas.eit2.minimum == 5
    for year in (2568, 2569, 2570):
        imm = templates.for_year(UnitKind.IMMIGRATION, year)
        assert imm.quotas.eit2 is None and imm.absent == ["quotas.eit2"]
        assert "quotas.eit2" not in imm.provenance and not any("EIT(2)" in note for note in imm.unknown)


@pytest.mark.parametrize("change, message", [
    ("absent: [quotas.eit2]", "absent: quotas.eit2 is declared absent but given"),
    ("absent: [quotas.oit]", "absent: quotas.oit is not one of"),
])
def test_an_absent_part_must_really_be_absent(tmp_path, change, message):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "data" / "templates", folder)
    path = folder / "immigration-2567.yaml"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{change}\n", encoding="utf-8")
    with pytest.raises(TemplateError, match=re.escape(message)):
        TemplateLibrary.load(folder)


def test_collection_windows_close_at_17_00_where_seed_003_says_so(templates):
    assert templates.get("immigration-2568").phase(PhaseKind.IIT_COLLECTION).closes_at == dt.time(17, 0)
    imm = templates.get("immigration-2570")
    for kind in (PhaseKind.IIT_COLLECTION, PhaseKind.EIT_COLLECTION, PhaseKind.OIT_DATA):
        phase = imm.phase(kind)
        assert phase.end == dt.date(2027, 6, 30) and phase.closes_at == dt.time(17, 0)
        assert phase.end_text().endswith("เวลา 17.00 น.")
    # the start still comes from 2567 and has no time; 2567's own windows close at the end of the day
    assert imm.phase(PhaseKind.EIT_COLLECTION).start == dt.date(2027, 1, 1)
    assert all(p.closes_at is None for p in templates.get("immigration-2567").calendar)
    assert "เวลา" not in templates.get("police-station-2570").phase(PhaseKind.APPEAL).end_text()


def test_seed_002_eit_parts_against_its_total_are_a_known_conflict(templates):
    imm = templates.get("immigration-2567")
    [conflict] = imm.conflicts
    assert conflict.about == "eit_total" and conflict.value == 510 and imm.quotas.eit.minimum == 500
    assert sum(p.minimum for p in imm.quotas.eit.parts) == 510
    assert "510" in conflict.describe(imm) and "500" in conflict.describe(imm)


@pytest.mark.parametrize("value, message", [(500, "add up to 510, not 500"), (520, "add up to 510, not 520")])
def test_an_eit_total_conflict_must_match_the_parts_and_disagree(value, message):
    from pydantic import ValidationError

    from ita_dash.domain.framework import FrameworkTemplate

    data = library().get("immigration-2567").model_dump()
    data["conflicts"] = [{"about": "eit_total", "value": value, "source": "s", "said": "x", "kept": "k"}]
    with pytest.raises(ValidationError, match=message):
        FrameworkTemplate.model_validate(data)
    police = library().get("police-station-2568").model_dump()  # its parts add up to its 300
    police["conflicts"] = [{"about": "eit_total", "value": 300, "source": "s", "said": "x", "kept": "k"}]
    with pytest.raises(ValidationError, match="no conflict"):
        FrameworkTemplate.model_validate(police)


# -- issue 32 item 3: the local administrations' calendar, borrowed and labelled ---------------------------------


def test_local_admin_2568_keeps_seed_004_and_borrows_the_national_calendar(templates):
    local = templates.get("local-admin-2568")
    assert local.pass_mark == 85 and len(local.indicator(10).sub_indicators) == 2
    police, imm = templates.get("police-station-2568"), templates.get("immigration-2568")
    for phase in local.calendar:
        lenders = [templates.get(key).phase(phase.kind) for key in phase.borrowed_from]
        assert phase.start in {p.start for p in lenders} and phase.end in {p.end for p in lenders}
    assert {p.kind for p in local.calendar} == {p.kind for p in police.calendar}
    assert local.phase(PhaseKind.IIT_COLLECTION).end == imm.phase(PhaseKind.IIT_COLLECTION).end  # seed 003's 30 June
    assert templates.borrowed_note(local.phase(PhaseKind.APPEAL)) == "ยืมจากปฏิทินของ สภ. (เอกสารต้นทาง 001) — รอยืนยัน"
    assert templates.borrowed_note(local.phase(PhaseKind.EIT_COLLECTION)) == (
        "ยืมจากปฏิทินของ สภ. (เอกสารต้นทาง 001), ตม.จว. (เอกสารต้นทาง 003) — รอยืนยัน")
    assert templates.borrowed_note(police.phase(PhaseKind.APPEAL)) == ""


@pytest.mark.parametrize("change, message", [
    ("start: 2025-06-17, end: 2025-06-26, borrowed_from", "start 2025-06-16 is in none of police-station-2568"),
    ("borrowed_from: [police-station-2568]}\n  - {kind: processing", "local-admin-2567 is not a template of another kind"),
])
def test_a_borrowed_phase_must_be_a_copy(tmp_path, change, message):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "data" / "templates", folder)
    path = folder / "local-admin-2568.yaml"
    text = path.read_text(encoding="utf-8")
    assert change in text
    broken = change.replace("2025-06-17", "2025-06-16").replace("[police-station-2568]", "[local-admin-2567]")
    path.write_text(text.replace(change, broken), encoding="utf-8")
    with pytest.raises(TemplateError, match=re.escape(message)):
        TemplateLibrary.load(folder)


# -- issue 32: every kind and year 2567–2570, each part against the file and the seed it names -------------------

# What each seed states (from the seeds themselves, CE dates): checked against every part that names it.
SEED_FACTS = {
    "seed 001": {"quotas.eit": 300, "calendar.eit_collection.end": (dt.date(2025, 6, 30), None),
                 "indicators.9": ["ข้อมูลพื้นฐาน", "การบริหารงาน", "การบริหารเงินงบประมาณ", "การบริหารและพัฒนาทรัพยากรบุคคล"]},
    "seed 002": {"quotas.eit": 500, "calendar.eit_collection.end": (dt.date(2024, 7, 1), None)},
    "seed 003": {"quotas.eit": 300, "quotas.iit": 100, "calendar.eit_collection.end": (dt.date(2025, 6, 30), dt.time(17)),
                 "indicators.9": [name for _, name in SEED_003_SUBS[9]]},
    "seed 004": {"indicators.9": ["ข้อมูลพื้นฐาน", "การบริหารงาน", "การจัดซื้อจัดจ้าง", "การบริหารและพัฒนาทรัพยากรบุคคล",
                                  "การส่งเสริมความโปร่งใส"]},
}


def _shifted(day, years):
    return day.replace(year=day.year + years) if day else day


@pytest.mark.parametrize("kind", list(UnitKind))
def test_every_kind_and_year_2567_to_2570_takes_each_part_from_the_file_and_seed_it_names(templates, kind):
    files = {t.key: t for t in templates.files()}
    for year in range(2567, 2571):
        t = templates.for_year(kind, year)
        if not t.derived:
            assert t.key in files and t.sources and not t.provenance
        head = files[t.derived_from or t.key]
        assert head.kind is kind and set(t.provenance.values()) <= {k for k, f in files.items() if f.kind is kind}
        assert t.sources == sorted({s for key in {head.key, *t.provenance.values()} for s in files[key].sources})

        def origin(part, *wider):
            for name in (part, *wider):
                if name in t.provenance:
                    return files[t.provenance[name]]
            return head

        def seed_says(part, source, value):  # the seeds its file names agree with what the template holds
            for seed in source.sources:
                if part in SEED_FACTS.get(seed, {}) and value is not None:
                    assert value == SEED_FACTS[seed][part], (t.key, part, seed)

        for indicator in t.indicators:
            source = origin(f"indicators.{indicator.number}")
            assert indicator.sub_indicators == source.indicator(indicator.number).sub_indicators, (t.key, indicator.number)
        seed_says("indicators.9", origin("indicators.9"), [s.name for s in t.indicator(9).sub_indicators] or None)
        assert t.sections == origin("sections").sections
        source = origin("oit_items")
        regroup = t.oit_regroup.sub_indicators if t.oit_regroup else {}
        assert [(i.code, i.title, i.sub_indicator, i.due) for i in t.oit_items or []] == [
            (i.code, i.title, regroup.get(i.code, i.sub_indicator), _shifted(i.due, year - source.fiscal_year))
            for i in source.oit_items or []], t.key
        for name in ("iit", "eit", "eit2"):
            source = origin(f"quotas.{name}")
            if f"quotas.{name}" in t.absent:
                assert getattr(t.quotas, name) is None and any(f"quotas.{name}" in f.absent for f in files.values())
                continue
            assert getattr(t.quotas, name) == getattr(source.quotas, name), (t.key, name)
            quota = getattr(t.quotas, name)
            seed_says(f"quotas.{name}", source, quota.minimum if quota else None)
        for phase in t.calendar or []:
            k = phase.kind.value
            start_from, end_from = origin(f"calendar.{k}.start", f"calendar.{k}"), origin(f"calendar.{k}.end", f"calendar.{k}")
            assert phase.start == _shifted(start_from.phase(phase.kind).start, year - start_from.fiscal_year), (t.key, k)
            held = end_from.phase(phase.kind)
            assert (phase.end, phase.closes_at) == (_shifted(held.end, year - end_from.fiscal_year), held.closes_at)
            assert phase.borrowed_from == origin(f"calendar.{k}").phase(phase.kind).borrowed_from
            lenders = [files[key] for key in phase.borrowed_from]
            assert all(lender.kind is not kind and lender.fiscal_year == head.fiscal_year for lender in lenders)
            # the end of a borrowed phase is one lender's, as that lender's seed says; else as its own file's seeds say
            own_end = (_shifted(phase.end, end_from.fiscal_year - year), phase.closes_at)
            speakers = [f for f in lenders if (f.phase(phase.kind).end, f.phase(phase.kind).closes_at) == own_end]
            assert speakers or not lenders, (t.key, k)
            for source in speakers or [end_from]:
                for seed in source.sources:
                    said = SEED_FACTS.get(seed, {}).get(f"calendar.{k}.end")
                    if said:
                        assert (_shifted(said[0], year - source.fiscal_year), said[1]) == (phase.end, phase.closes_at)
