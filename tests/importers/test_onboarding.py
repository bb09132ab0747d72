"""Bringing a province on board (issue 13): units and accounts from the lists a command already has, one-time
passwords and their sign-in slips, sections, region readers; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from sqlalchemy import select, text

from helpers.environment import ROOT
from helpers.onboarding_files import ACCOUNT_HEADER, UNIT_HEADER, accounts_xlsx, station_rows, stations_xlsx, xlsx
from ita_dash.cli import main
from ita_dash.domain.accounts import SignInRefused, User
from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.model import Actor, Role, UnitKind
from ita_dash.domain.permissions import NotAllowed
from ita_dash.importers import accounts as accounts_import
from ita_dash.importers import units as units_import
from ita_dash.store.tables import AuditRow, UserRow

ADMIN = Actor.system("test admin")
FY = 2570
ARTIFACTS = ROOT / "tests" / "artifacts"


def _units_preview(store, content: bytes):
    return units_import.preview("stations.xlsx", content, store.list_regions(ADMIN), store.list_provinces(ADMIN))


def _import_units(store, found, dry_run=False):
    return store.import_units(ADMIN, list(found.regions.values()), list(found.provinces.values()),
                              [(line.unit, line.staff_count) for line in found.lines], FY, dry_run=dry_run)


def _audit_count(store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM audit_log")).scalar_one()


def test_a_thirty_station_province_from_an_xlsx_with_thai_headers_and_digits(store):
    broken = _units_preview(store, stations_xlsx(broken=True))
    # exactly the two problems, with their rows (title, blank line, header: data starts on row 4)
    assert [row for row, _ in broken.problems] == [12, 34]
    assert "ไม่รู้จักประเภทหน่วย “หน่วยเฉพาะกิจ”" in broken.problems[0][1]
    assert "รหัสหน่วย SMT-03 ซ้ำกับแถว 6" in broken.problems[1][1]
    assert store.list_units(ADMIN) == []  # a preview writes nothing

    fixed = _units_preview(store, stations_xlsx(broken=False))
    assert fixed.problems == []
    assert len(fixed.lines) == 30 and list(fixed.provinces) == ["SMT"] and list(fixed.regions) == ["R9"]
    # the same province written three ways and the region two ways are one province and one region
    assert fixed.provinces["SMT"].name == "สมมุติ" and fixed.regions["R9"].name == "ภาค 9"
    assert {line.unit.code for line in fixed.lines} == {f"SMT-{n:02d}" for n in range(1, 31)}  # Thai digits read
    assert fixed.lines[0].staff_count == 47 and fixed.lines[1].staff_count == 54  # "๔๗" and " 54 "

    dry = _import_units(store, fixed, dry_run=True)
    assert len(dry["units_added"]) == 30 and store.list_units(ADMIN) == []  # a dry run rolls back

    outcome = _import_units(store, fixed)
    assert len(outcome["units_added"]) == 30 and outcome["provinces_added"] == ["SMT"] and outcome["regions_added"] == ["R9"]
    units = store.list_units(ADMIN)
    assert len(units) == 30 and {u.kind for u in units} == {UnitKind.POLICE_STATION}
    assert [p.code for p in store.list_provinces(ADMIN)] == ["SMT"] and [r.code for r in store.list_regions(ADMIN)] == ["R9"]
    data = store.load_unit_year(ADMIN, "SMT-01", FY)
    assert [s.code for s in data.sections] == ["admin", "patrol", "traffic", "investigation", "inquiry"]  # template's
    assert data.year.staff_count == 47

    audits = _audit_count(store)
    again = _import_units(store, _units_preview(store, stations_xlsx(broken=False)))
    assert len(again["units_unchanged"]) == 30
    assert not any(again[k] for k in again if k != "units_unchanged")
    assert _audit_count(store) == audits  # the same file again changes nothing

    # a changed name and staff count: only that, and said so
    rows = [r[:] for r in station_rows(broken=False)]
    rows[4][1], rows[5][7] = "สถานีตำรวจภูธรท่าข้ามใหม่", "99"
    changed = _import_units(store, _units_preview(store, xlsx(UNIT_HEADER, rows)))
    assert changed["units_changed"] == ["SMT-05: name สถานีตำรวจภูธรท่าข้าม → สถานีตำรวจภูธรท่าข้ามใหม่"]
    assert changed["staff_changed"] == ["SMT-06: 82 → 99"] and len(changed["units_unchanged"]) == 28


def test_units_list_in_english_csv_and_refusals(store):
    csv = ("Code,Name,Kind,Province code,Province,Region code,Region,Staff\n"
           "IM-X1, ตม.จว.สมมุติ ,immigration,SMT,สมมุติ,R9,ภาค 9,30\n"
           "LA-X1,เทศบาลตำบลสมมุติ,เทศบาล,SMT,จ.สมมุติ,R9,ภาค 9,\n"
           "bad code!,x,สภ.,SMT,สมมุติ,R9,ภาค 9,abc\n").encode()
    found = units_import.preview("units.csv", csv)
    assert [(line.unit.code, line.unit.kind) for line in found.lines] == [
        ("IM-X1", UnitKind.IMMIGRATION), ("LA-X1", UnitKind.LOCAL_ADMIN)]
    assert found.problems[0][0] == 4 and "รหัสหน่วย" in found.problems[0][1] and "จำนวนกำลังพล" in found.problems[0][1]
    with pytest.raises(NotAllowed):
        store.import_units(Actor(username="c", role=Role.CHIEF, unit_code="IM-X1"), [], [], [], FY)
    with pytest.raises(units_import.PlanFileError):
        units_import.preview("units.csv", b"a,b\n1,2\n")
    with pytest.raises(units_import.PlanFileError, match="เซลล์ B2 มีอักขระควบคุม"):  # the shared reader's rule
        units_import.preview("units.csv", csv.replace("ตม.จว.สมมุติ".encode(), "ตม.จว.\x00สมมุติ".encode()))
    assert store.list_units(ADMIN) == []


def _province(store):
    _import_units(store, _units_preview(store, stations_xlsx(broken=False)))


def test_sections_renamed_added_retired_with_audit(store):
    _province(store)
    chief = Actor(username="chief1", role=Role.CHIEF, unit_code="SMT-01")
    store.save_section(chief, "SMT-01", "admin", "งานอำนวยการและสนับสนุน", "พ.ต.ท. สมชาย ใจดี")
    added = store.save_section(chief, "SMT-01", None, "งานชุมชนสัมพันธ์", "พ.ต.ต. วิชัย มั่นคง")
    store.save_section(chief, "SMT-01", "traffic", "งานจราจร", "", retired=True)
    listed = {s.code: (s.name, s.head_name, retired) for s, retired in store.list_sections(chief, "SMT-01")}
    assert listed["admin"] == ("งานอำนวยการและสนับสนุน", "พ.ต.ท. สมชาย ใจดี", False)
    assert listed[added.code] == ("งานชุมชนสัมพันธ์", "พ.ต.ต. วิชัย มั่นคง", False)
    assert listed["traffic"][2] is True
    assert "traffic" not in [s.code for s in store.load_unit_year(chief, "SMT-01", FY).sections]
    fields = {(e.record_key, e.field) for e in store.history(chief, "SMT-01")}
    assert {("section:SMT-01/admin", "name"), ("section:SMT-01/admin", "head_name"),
            ("section:SMT-01/traffic", "retired"), (f"section:SMT-01/{added.code}", "add")} <= fields
    with pytest.raises(NotAllowed):
        store.save_section(Actor(username="c2", role=Role.CHIEF, unit_code="SMT-02"), "SMT-01", "admin", "x")
    with pytest.raises(InvalidEntry):
        store.save_section(chief, "SMT-01", "admin", "bad\x00name")


def test_region_reader_and_province_account(store, templates):
    from helpers.environment import DEMO_AS_OF
    from ita_dash.store.demo import build_demo

    build_demo(store, templates, DEMO_AS_OF)
    _province(store)
    demo_region = next(p.region_code for p in store.list_provinces(ADMIN) if p.code == "DEMO")
    store.add_user(ADMIN, User(username="r9.region", role=Role.REGION, region_code="R9"), "region-pass-1")
    store.add_user(ADMIN, User(username="smt.province", role=Role.PROVINCE, province_code="SMT"), "province-pass-1")
    region = store.sign_in("r9.region", "region-pass-1").as_actor()
    assert len(store.list_units(region)) == 30 and [r.code for r in store.list_regions(region)] == ["R9"]
    assert store.load_unit_year(region, "SMT-17", FY).unit.code == "SMT-17"
    with pytest.raises(NotAllowed):
        store.load_unit_year(region, "DEMO-01", FY)
    assert {f.unit.code for f in store.unit_figures(region, FY, DEMO_AS_OF)} == {f"SMT-{n:02d}" for n in range(1, 31)}
    assert store.unit_figures(region, FY, DEMO_AS_OF, region_code=demo_region) == []
    province = store.sign_in("smt.province", "province-pass-1").as_actor()
    assert len(store.list_units(province)) == 30
    for actor in (region, province):
        with pytest.raises(NotAllowed):
            store.save_section(actor, "SMT-01", "admin", "x")
    with pytest.raises(InvalidEntry):  # a region account needs its region
        store.add_user(ADMIN, User(username="no.region", role=Role.REGION), "region-pass-1")


def _pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_150_accounts_with_slips_one_time_passwords_sign_in_once(store, store_url, tmp_path, capsys):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    _province(store)
    source = tmp_path / "accounts.xlsx"
    source.write_bytes(accounts_xlsx(30))
    slips = tmp_path / "slips.pdf"
    assert main(["--db", store_url, "users", "import", str(source), "--dry-run"]) == 0
    assert store.list_users(ADMIN) == []
    assert main(["--db", store_url, "users", "import", str(source)]) == 1  # new accounts need --slips
    assert main(["--db", store_url, "users", "import", str(source), "--slips", str(slips),
                 "--app-url", "https://ita.example.go.th"]) == 0
    printed = capsys.readouterr()
    users = store.list_users(ADMIN)
    assert len(users) == 150 and all(u.must_change_password for u in users)

    # every person once in the PDF, with their password; 3 slips a page
    pdf = _pdf_text(slips)
    names = [u.username for u in users]
    for name in names:
        assert len(re.findall(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", pdf)) == 1, name
    found_names = re.findall(r"smt-\d\d\.\w+", pdf)
    secrets = re.findall(r"\b[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}\b", pdf)
    assert len(found_names) == len(secrets) == 150
    passwords = dict(zip(found_names, secrets))  # each slip: its username, then its password
    assert len(passwords) == 150 and len(set(passwords.values())) == 150
    pages = subprocess.run(["pdfinfo", str(slips)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+50\b", pages)
    assert "https://ita.example.go.th" in pdf and "ภูธรเมืองสมมุติ" in pdf  # (ำ is stored decomposed: issue 15a)
    if store_url.startswith("sqlite"):  # look at the pages (tests/artifacts/slips-*.png)
        ARTIFACTS.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "2", "-png", str(slips), str(ARTIFACTS / "slips")],
                       check=True)

    # the passwords are nowhere else: not on stdout or stderr, not in the database (only their hash)
    with store.engine.connect() as connection:
        stored = " ".join(str(v) for row in connection.execute(select(UserRow)) for v in row) + " ".join(
            str(v) for row in connection.execute(select(AuditRow)) for v in row)
    for secret in passwords.values():
        assert secret not in printed.out and secret not in printed.err and secret not in stored

    # each one-time password signs in once and must then be changed; a second use is refused
    for username, secret in passwords.items():
        assert store.sign_in(username, secret).must_change_password
    pending = store.get_user(sorted(passwords)[0]).as_actor()  # the store refuses its writes until it has chosen
    with pytest.raises(NotAllowed, match="ต้องตั้งรหัสผ่านของตนเองก่อน"):
        store.save_section(Actor(**{**pending.model_dump(), "role": Role.CHIEF}), pending.unit_code, "admin", "x")
    for username, secret in passwords.items():
        with pytest.raises(SignInRefused, match="ถูกใช้ไปแล้ว"):
            store.sign_in(username, secret)
    for number, username in enumerate(sorted(passwords)[:4]):  # choosing one's own (a full argon2 hash each)
        changed = store.change_own_password(store.get_user(username).as_actor(), f"my-own-pass-{number}")
        assert not changed.must_change_password
        with pytest.raises(SignInRefused):
            store.sign_in(username, passwords[username])
        assert not store.sign_in(username, f"my-own-pass-{number}").must_change_password

    # an administrator's password reset ends a pending one-time password: the account signs in normally
    spent = sorted(passwords)[10]
    store.reset_password(ADMIN, spent, "reset-by-admin-1")
    assert not store.sign_in(spent, "reset-by-admin-1").must_change_password

    # a spent one-time password, reissued on a new slip: the new one works once, the old one never again
    stranded = sorted(passwords)[20]  # signed in once with its one-time password, never chose its own
    again = tmp_path / "again.pdf"
    assert main(["--db", store_url, "users", "reissue", stranded, "--slips", str(again)]) == 0
    fresh = re.findall(r"\b[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}\b", _pdf_text(again))
    assert len(fresh) == 1 and fresh[0] not in capsys.readouterr().out
    with pytest.raises(SignInRefused):
        store.sign_in(stranded, passwords[stranded])
    assert store.sign_in(stranded, fresh[0]).must_change_password

    # the same list again adds nothing and issues no new password
    assert main(["--db", store_url, "users", "import", str(source)]) == 0
    assert "0 added, 0 changed, 150 unchanged" in capsys.readouterr().out


def test_accounts_list_rows_with_problems_and_generated_names(store):
    _province(store)
    sections = {u.code: [s for s, _ in store.list_sections(ADMIN, u.code)] for u in store.list_units(ADMIN)}
    rows = [["", "พ.ต.อ. ทดสอบ หนึ่ง", "หัวหน้าหน่วย", "SMT-01", "", "", ""],
            ["", "ภ.จว.สมมุติ", "ระดับจังหวัด", "", "", "สมมุติ", ""],
            ["", "ภ.9", "region", "", "", "", ""],
            ["x.y", "ผู้ทดสอบ", "ผู้ชม", "SMT-99", "", "", "not-an-email"],
            ["", "ร.ต.อ. สอง", "หัวหน้าสายงาน", "SMT-02", "งานเลี้ยงสัตว์", "", ""]]
    header = [*ACCOUNT_HEADER, "ภาค"]
    rows[2].append("R9")
    found = accounts_import.preview("a.xlsx", xlsx(header, rows), store.list_units(ADMIN), sections,
                                    store.list_provinces(ADMIN), store.list_regions(ADMIN))
    assert [(line.user.username, line.user.role) for line in found.lines] == [
        ("smt-01.chief", Role.CHIEF), ("smt.province", Role.PROVINCE), ("r9.region", Role.REGION)]
    assert [row for row, _ in found.problems] == [5, 6]
    assert "ไม่พบหน่วย" in found.problems[0][1] and "อีเมล" in found.problems[0][1]
    assert "ไม่มีสายงาน" in found.problems[1][1]


def test_units_import_command(store, store_url, tmp_path, capsys):
    import json

    broken, fixed = tmp_path / "broken.xlsx", tmp_path / "fixed.xlsx"
    broken.write_bytes(stations_xlsx(broken=True))
    fixed.write_bytes(stations_xlsx(broken=False))
    assert main(["--db", store_url, "units", "import", str(broken), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [p["row"] for p in report["problems"]] == [12, 34] and store.list_units(ADMIN) == []
    assert main(["--db", store_url, "units", "import", str(fixed), "--dry-run"]) == 0
    assert "would be added: 1 regions, 1 provinces, 30 units" in capsys.readouterr().out
    assert store.list_units(ADMIN) == []
    assert main(["--db", store_url, "units", "import", str(fixed)]) == 0
    assert main(["--db", store_url, "units", "import", str(fixed)]) == 0
    assert "unchanged: 30 units" in capsys.readouterr().out
    assert main(["--db", store_url, "units", "--json"]) == 0  # the listing still works
    assert len(json.loads(capsys.readouterr().out)) == 30


@pytest.mark.parametrize("per_page, pages", [(2, 5), (3, 4), (4, 3)])
def test_slips_two_to_four_a_page_never_cut_the_address(tmp_path, per_page, pages):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    from ita_dash.reports.slips import Slip, sign_in_slips_pdf

    address = "https://ita-dashboard.provincial-command.example.go.th/units"
    slips = [Slip("สถานีตำรวจภูธรเมืองสมมุติ", f"พ.ต.ท. ทดสอบ {n}", "หัวหน้าสายงาน", f"user.{n:02d}." + "x" * 40,
                  f"abcd-efgh-{n:04d}") for n in range(10)]
    path = tmp_path / "slips.pdf"
    path.write_bytes(sign_in_slips_pdf(slips, address, per_page=per_page))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(rf"Pages:\s+{pages}\b", info)
    text = _pdf_text(path)
    assert text.count(address) == 10 and all(text.count(s.username) == 1 for s in slips)


def test_first_steps_rule(templates):
    import datetime as dt

    from ita_dash.domain.model import (
        FollowUp,
        FollowUpStatus,
        Measure,
        Province,
        QuotaSnapshot,
        QuotaTool,
        Region,
        Section,
        Unit,
        UnitYear,
        UnitYearData,
    )
    from ita_dash.domain.onboarding import first_steps, show_first_steps

    template = templates.for_year(UnitKind.POLICE_STATION, FY)
    base = UnitYearData(region=Region(code="R9", name="ภาค 9"), province=Province(code="SMT", name="สมมุติ", region_code="R9"),
                        unit=Unit(code="SMT-01", name="สภ.", kind=UnitKind.POLICE_STATION, province_code="SMT"),
                        year=UnitYear(fiscal_year=FY),
                        sections=[Section(code=s.code, name=s.name) for s in template.sections])
    steps = {s.key: s.done for s in first_steps(base, template)}
    assert steps == {"sections": False, "plan": False, "itap": False, "oit_owners": True}
    assert show_first_steps(base, first_steps(base, template))
    done = base.model_copy(update={
        "sections": [Section(code=s.code, name=s.name, head_name="พ.ต.ท. ก") for s in template.sections],
        "measures": [Measure(code="1-01", indicator=1, activity="x")],
        "quota_snapshots": [QuotaSnapshot(tool=QuotaTool.IIT, count=3, taken_on=dt.date(2027, 1, 5))]})
    assert all(s.done for s in first_steps(done, template)) and not show_first_steps(done, first_steps(done, template))
    reporting = base.model_copy(update={"follow_ups": [FollowUp(
        measure_code="1-01", month="2026-10", status=FollowUpStatus.DONE, entered_at=dt.datetime.now(dt.UTC))]})
    assert not show_first_steps(reporting, first_steps(reporting, template))  # a unit already reporting: no checklist
    no_admin = base.model_copy(update={"sections": [s for s in base.sections if s.code != "admin"]})
    assert not {s.key: s.done for s in first_steps(no_admin, template)}["oit_owners"]  # O1… belong to งานอำนวยการ


def test_local_administrations_need_no_police_region_and_get_their_divisions(store, templates):
    """Issue 31 item 7: an อบต. row without a region is read (its province's region, or the one region of units that
    have none), and a new อบต. gets the usual divisions of its template, so an accounts row for กองช่าง is read."""
    csv = ("รหัสหน่วย,ชื่อหน่วย,ประเภท,รหัสจังหวัด,จังหวัด\n"
           "LA-KL,องค์การบริหารส่วนตำบลคำไหล,อบต.,UBN,อุบลราชธานี\n"
           "LA-KN,เทศบาลตำบลคำน้ำแซบ,เทศบาล,UBN,อุบลราชธานี\n").encode()
    found = units_import.preview("units.csv", csv, store.list_regions(ADMIN), store.list_provinces(ADMIN))
    assert found.problems == [] and [line.unit.code for line in found.lines] == ["LA-KL", "LA-KN"]
    assert {p.region_code for p in found.provinces.values()} == {units_import.NO_REGION.code}
    _import_units(store, found)
    sections = {s.name for s in store.load_unit_year(ADMIN, "LA-KL", FY).sections}
    assert {"สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"} <= sections
    police = ("รหัสหน่วย,ชื่อหน่วย,ประเภท,รหัสจังหวัด,จังหวัด\n"
              "ST-X1,สภ.สมมุติ,สภ.,SMT,สมมุติ\n").encode()
    refused = units_import.preview("units.csv", police)
    assert refused.problems and "ไม่ระบุภาค" in refused.problems[0][1]  # a police station still needs its region


def test_a_local_administration_above_the_police_rows_of_its_province_takes_their_region():
    csv = ("รหัสหน่วย,ชื่อหน่วย,ประเภท,รหัสจังหวัด,จังหวัด,รหัสภาค,ภาค\n"
           "LA-KL,องค์การบริหารส่วนตำบลคำไหล,อบต.,UBN,อุบลราชธานี,,\n"
           "ST-UB,สภ.เมืองอุบลราชธานี,สภ.,UBN,อุบลราชธานี,R3,ภาค 3\n").encode()
    found = units_import.preview("units.csv", csv)
    assert found.problems == [] and {p.region_code for p in found.provinces.values()} == {"R3"}
