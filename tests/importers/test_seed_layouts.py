"""The seed-layout fixtures (tests/fixtures/seeds): every file is there and readable, the raw pastes say they are
fictional, each tidy CSV holds the measures plans_expected.json lists, and no fixture repeats the seeds' wording
(a short list of phrases from the seeds' descriptive paragraphs, kept here only as a guard)."""

import json
import re

import pytest
import yaml

from helpers.seed_layouts import FIXTURES, ROOT, expected_plans, fixture_path, tidy_rows
from ita_dash.domain.model import Cadence

RAW = ["001_police_station_fy2568.txt", "002_immigration_fy2567.txt", "000_immigration_fy2567.txt",
       "003_immigration_fy2568.txt", "004_local_admin_fy2568.txt"]
TIDY = ["000_immigration_fy2567.tidy.csv", "001_police_station_fy2568.tidy.csv", "002_immigration_fy2567.tidy.csv",
        "003_immigration_fy2568.tidy.csv", "004_local_admin_fy2568.tidy.csv"]
FILES = RAW + TIDY + ["plans_expected.json"]

# Short quotes from the seeds' descriptive paragraphs (not facts such as headers, owners or dates): none may
# appear in a fixture, compared without spaces.
SEED_PHRASES = {
    "000": ["เพื่อให้เจ้าหน้าที่ตำรวจในสังกัดได้ทราบทิศทางและกรอบแนวทาง", "วิเคราะห์และนำผลการดำเนินการ ปัญหา อุปสรรค",
            "ในสังกัดยึดเป็นแนวทางในการปฏิบัติหน้าที่", "ระยะเวลาที่กำหนดไว้อย่าง ครัดครั้น", "การซ่อมแผนเผชิญเหตุ",
            "ความตระหนักถึงการงดให้ งดรับสิ่งตอบแทน", "ไม่บิดเบือนข้อมูล ไม่มีพฤติกรรมเรียกรับเงินทรัพย์สิน",
            "เผยแพร่ตีตประกาศในรูปแบบสื่อสิ่งพิมพ์", "ซึ่งสะท้อนถึงการสื่อสารกับผู้รับบริการผู้มาติดต่อ",
            "ในการขยายการประเมินคุณธรรมและความโปร่งใส"],
    "003": ["ไม่ว่าจะเป็นผู้มาติดต่อราชการทั่วไปหรือผู้มาติดต่อราชการที่รู้จักกันเป็นการส่วนตัว", "ตามขนบธรรมเนียมประเพณี",
            "การใช้อำนาจสั่งการให้ผู้ได้ค้ำบัญชาทำธุระส่วนตัว", "การซื้อขายตำแหน่งหรือการเอื้อผลประโยชน์ให้กลุ่มหรือพวกพ้อง",
            "จะต้องมีการขออนุญาตยืมที่ชัดเจนและถูกต้องตามระเบียบ", "หาวิธีการลดสถิติการทุจริตภายในหน่วยงาน",
            "ไม่ปิดบังหรือบิดเบือนข้อมูล ซึ่งสะท้อนถึงการปฏิบัติหน้าที่อย่างมีคุณธรรม",
            "สามารถส่งคำติชมหรือความคิดเห็นเกี่ยวกับการดำเนินงาน", "ตรวจคนเข้าเมืองจังหวัดชัยนาท",
            "การเสริมสร้างวัฒนธรรมองค์กร และแผนปฏิบัติการป้องกันการทุจริตภายในหน่วยงาน"],
    "004": ["เมื่อข้อบัญญัติงบประมาณดำเนินการแล้ว", "การจัดทำสมุดคู่มือการใช้ รถยนต์ส่วนกลาง", "ในเรื่องของการ ยืมโต๊ะ เก้าอี้",
            "มาตรการป้องกันการรับ สิ้นบน และการชดกันระหว่าง", "หมวดหมุมนโยบายการบริหาร ทรัพยากรบุคคล",
            "สร้างระบบการประเมินประสิทธิภาพการให้บริการของผู้มาติดต่อรับบริการ", "ซึ่งยังเป็นระบบการบริหารงานเรื่องร้องทุกข์",
            "ติดตามวิทยากรเพื่อนำมาอบรมแก่เจ้าหน้าที่", "จัดให้มีการแต่งตั้งคณะกรรมการ ชะล้างเครื่องจักร",
            "แนวคิด “Open to Transparency”"],
}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", FILES)
def test_fixture_exists_and_is_utf8(name):
    path = fixture_path(name)
    assert path.is_file(), name
    text = path.read_bytes().decode("utf-8")  # raises on anything but UTF-8
    assert text.strip() and "\ufffd" not in text


@pytest.mark.parametrize("name", RAW)
def test_raw_fixture_says_it_is_fictional(name):
    first = fixture_path(name).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and "fictional" in first.lower()


def test_expected_plans_have_the_new_fixtures_and_name_files_that_exist():
    plans = expected_plans()
    assert {"000", "001", "002", "003", "004"} <= set(plans)
    for key, plan in plans.items():
        assert fixture_path(plan["fixture"]).is_file() and plan["fixture"].startswith(key)
        assert (ROOT / "data" / "templates" / f"{plan['template']}.yaml").is_file()


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_tidy_csv_has_the_expected_measures(prefix):
    plan = expected_plans()[prefix]
    header, *rows = tidy_rows(prefix)
    assert len(set(map(len, [header, *rows]))) == 1 and all(cell.strip() for cell in header)
    assert all(any(cell.strip() for cell in row) for row in rows) and not any("<" in c for r in rows for c in r)
    assert header not in rows  # no repeated header
    assert len(rows) == len(plan["measures"])
    activities = [_squeezed(cell) for row in rows for cell in row]
    for measure in plan["measures"]:  # each measure's activity is in the tidy plan
        assert any(cell.startswith(_squeezed(measure["activity_starts"])) for cell in activities), measure


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_expected_measures_are_well_formed(prefix):
    plan = expected_plans()[prefix]
    template = yaml.safe_load((ROOT / "data" / "templates" / f"{plan['template']}.yaml").read_text(encoding="utf-8"))
    codes = {s["code"] for s in template["sections"] or []} | set(plan.get("missing_sections", [])) | {"*", None}
    counts: dict[str, int] = {}
    for measure in plan["measures"]:
        assert 1 <= measure["indicator"] <= 10 and measure["activity_starts"]
        assert measure["cadence"] is None or measure["cadence"] in {c.value for c in Cadence}
        assert measure["owner"] in codes, measure
        for key in ("deadline", "start"):
            assert measure[key] is None or re.fullmatch(r"\d{4}-\d\d-\d\d", measure[key])
        counts[str(measure["indicator"])] = counts.get(str(measure["indicator"]), 0) + 1
    assert counts == plan["measures_per_indicator"]
    assert plan["fiscal_year"] == template["fiscal_year"] and plan["kind"] == template["kind"]


def test_no_fixture_repeats_the_seeds_paragraphs():
    phrases = [_squeezed(p) for group in SEED_PHRASES.values() for p in group]
    assert len(phrases) >= 30
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix not in (".txt", ".csv", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            text = json.dumps(json.loads(text), ensure_ascii=False)
        for number, line in enumerate(text.splitlines(), start=1):
            line = _squeezed(line)
            for phrase in phrases:
                assert phrase not in line, f"{path.name}:{number} repeats a seed's wording: {phrase}"
