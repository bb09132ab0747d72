"""Templates: the facts from the seeds, derivation of later years, and one-line errors for broken files."""

import datetime as dt
import re
import shutil

import pytest

from conftest import ROOT
from seed_layouts import seed_text
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
    assert local.oit_items is None and local.calendar is None and local.quotas.eit is None
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


def test_no_template_before_the_first_file(templates):
    with pytest.raises(TemplateError, match="no template"):
        templates.for_year(UnitKind.POLICE_STATION, 2560)


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
