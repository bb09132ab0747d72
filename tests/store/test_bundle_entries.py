"""A unit bundle carries the framework entries the unit's chief entered for it (issue 32 item 1): exported with the
unit's year, imported back all or nothing after the same checks as the form's, never the province's or the kind's;
a bundle written before (format 1) is still read. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from helpers.framework import ITAP_COPY, local_units, template_sections
from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.framework import Quota, Quotas
from ita_dash.domain.framework_entries import FrameworkEntry, FrameworkPart
from ita_dash.domain.model import Actor, Role, UnitKind
from ita_dash.importers.oit_list import read_oit_list
from ita_dash.store.bundle import BundleError, dumps, loads

FY = 2570
CHIEF = Actor(username="chief.kl", role=Role.CHIEF, unit_code="LA-KL")
PROVINCE = Actor(username="ubn", role=Role.PROVINCE, province_code="UBN")


def _entered(store, templates):
    """LA-KL with its own OIT list and its province's minimums; returns (admin, the unit's bundle text)."""
    admin = local_units(store)
    template = templates.get(f"local-admin-{FY}")
    items = read_oit_list("oit.csv", ITAP_COPY.encode(), template, template_sections(template), FY).items
    store.save_framework_entry(CHIEF, FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=FY,
                                                     part=FrameworkPart.OIT_ITEMS, unit_code="LA-KL",
                                                     oit_items=items, source="ITAP"), template)
    store.save_framework_entry(PROVINCE, FrameworkEntry(kind=UnitKind.LOCAL_ADMIN, fiscal_year=FY,
                                                        part=FrameworkPart.QUOTAS, province_code="UBN",
                                                        quotas=Quotas(eit=Quota(minimum=150)), source="ITAP"), template)
    return admin, dumps(store.load_unit_year(admin, "LA-KL", FY), store.framework_entries(admin, "LA-KL", FY))


def _parts(store, admin, unit="LA-KL"):
    return sorted((e.part.value, e.unit_code or e.province_code) for e in store.framework_entries(admin, unit, FY))


def test_a_bundle_carries_the_units_own_entries_and_brings_them_back(store, templates):
    admin, text = _entered(store, templates)
    document = json.loads(text)
    assert document["format_version"] == 2
    entries = document["framework_entries"]
    assert [(e["part"], e["unit_code"], e["province_code"]) for e in entries] == [("oit_items", "LA-KL", None)]
    assert [i["code"] for i in entries[0]["oit_items"]] == ["O1", "O2", "O3"]
    assert entries[0]["entered_by"] == "chief.kl" and entries[0]["entered_at"].endswith("Z")

    assert store.delete_framework_entry(CHIEF, UnitKind.LOCAL_ADMIN, FY, FrameworkPart.OIT_ITEMS, unit_code="LA-KL")
    bundle = loads(text)
    store.replace_unit_year(admin, bundle, bundle.framework_entries)
    assert _parts(store, admin) == [("oit_items", "LA-KL"), ("quotas", "UBN")]  # the province's stays the province's
    again = dumps(store.load_unit_year(admin, "LA-KL", FY), store.framework_entries(admin, "LA-KL", FY))
    assert again == text  # export → import → export: the same bytes
    unit = store.load_unit_year(admin, "LA-KL", FY).unit
    assert len(store.framework_for(admin, unit, FY).oit_items) == 3


def test_a_bundle_without_entries_takes_the_units_away_but_not_the_provinces(store, templates):
    admin, text = _entered(store, templates)
    document = json.loads(text)
    document["framework_entries"] = []
    bundle = loads(json.dumps(document, ensure_ascii=False))
    store.replace_unit_year(admin, bundle, bundle.framework_entries)
    assert _parts(store, admin) == [("quotas", "UBN")]


def test_a_bundle_written_before_entries_is_read_and_leaves_them_as_they_are(store, templates):
    admin, text = _entered(store, templates)
    document = json.loads(text)
    document["format_version"] = 1
    del document["framework_entries"]
    bundle = loads(json.dumps(document, ensure_ascii=False))
    assert bundle.framework_entries is None
    store.replace_unit_year(admin, bundle, bundle.framework_entries)
    assert _parts(store, admin) == [("oit_items", "LA-KL"), ("quotas", "UBN")]


@pytest.mark.parametrize("change, said", [
    (lambda e: e.update(unit_code="LA-KN"), "ไม่ใช่ข้อมูลที่กรอกของหน่วย LA-KL"),
    (lambda e: e.update(unit_code=None, province_code="UBN"), "ไม่ใช่ข้อมูลที่กรอกของหน่วย LA-KL"),
    (lambda e: e.update(fiscal_year=2569), "ไม่ใช่ปี 2570"),
    (lambda e: e["oit_items"][1].update(code="X2"), "framework_entries[0].oit_items[1].code (ข้อมูลที่กรอกของกรอบการประเมิน: รายการ OIT)"),
    (lambda e: e.update(quotas={"iit": {"minimum": 5}}), "framework_entries[0] (ข้อมูลที่กรอกของกรอบการประเมิน: รายการ OIT)"),
])
def test_a_malformed_entry_refuses_the_bundle_naming_its_part(store, templates, change, said):
    admin, text = _entered(store, templates)
    document = json.loads(text)
    change(document["framework_entries"][0])
    with pytest.raises(BundleError) as refused:
        loads(json.dumps(document, ensure_ascii=False))
    assert said in str(refused.value)


def test_an_entry_the_form_would_refuse_refuses_the_whole_bundle(store, templates):
    """The store checks a bundle's entries as the form's (check_entry) before writing anything: a sub-indicator the
    year does not have, an owner no section of the unit is."""
    admin, text = _entered(store, templates)
    before = dumps(store.load_unit_year(admin, "LA-KL", FY), store.framework_entries(admin, "LA-KL", FY))
    for field, value, said in (("sub_indicator", "9.9", "9.9"), ("owner_section", "nobody", "nobody")):
        document = json.loads(text)
        document["measures"] = document["measures"][:1]  # what would change if anything were written
        document["follow_ups"] = []
        document["framework_entries"][0]["oit_items"][2][field] = value
        bundle = loads(json.dumps(document, ensure_ascii=False))
        with pytest.raises(InvalidEntry) as refused:
            store.replace_unit_year(admin, bundle, bundle.framework_entries)
        message = " ".join(f"{k} {v}" for k, v in refused.value.errors.items())
        assert "framework_entries[0] (รายการ OIT)" in message and "O3" in message and said in message
        after = dumps(store.load_unit_year(admin, "LA-KL", FY), store.framework_entries(admin, "LA-KL", FY))
        assert after == before  # nothing half-written


def test_only_who_may_enter_for_the_unit_brings_its_entries(store, templates):
    from ita_dash.domain.permissions import NotAllowed

    admin, text = _entered(store, templates)
    bundle = loads(text)
    other_chief = Actor(username="chief.kn", role=Role.CHIEF, unit_code="LA-KN")
    with pytest.raises(NotAllowed):
        store.replace_unit_year(other_chief, bundle, bundle.framework_entries)
    store.replace_unit_year(CHIEF, bundle, bundle.framework_entries)  # the unit's own chief may
    assert _parts(store, admin) == [("oit_items", "LA-KL"), ("quotas", "UBN")]


def test_the_command_line_exports_and_imports_the_entries(store_url, tmp_path, templates):
    from helpers.cli import cli
    from ita_dash.store.sql import SqlStore

    store = SqlStore(store_url)
    admin, _ = _entered(store, templates)
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    done = cli("export", "--unit", "LA-KL", "--fy", str(FY), "--out", str(first), db=store_url)
    assert done.returncode == 0 and "1 framework entries" in done.stdout
    assert json.loads(first.read_text(encoding="utf-8"))["framework_entries"][0]["part"] == "oit_items"
    store.delete_framework_entry(CHIEF, UnitKind.LOCAL_ADMIN, FY, FrameworkPart.OIT_ITEMS, unit_code="LA-KL")
    assert cli("import-bundle", str(first), db=store_url).returncode == 0
    assert _parts(store, admin) == [("oit_items", "LA-KL"), ("quotas", "UBN")]
    assert cli("export", "--unit", "LA-KL", "--fy", str(FY), "--out", str(second), db=store_url).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    store.close()


def test_a_google_sheet_holds_no_entries_and_says_so(setup, capsys, templates):
    """A unit's year exported to its Google Sheet: the sheet has no place for the unit's framework entries, so the
    command says how many are not in it; importing the sheet back leaves them in the database."""
    from helpers.sheets import run
    from ita_dash.store.sql import SqlStore

    url, emulator, _ = setup
    emulator.create("S1")
    store = SqlStore(url)
    unit = store.load_unit_year(Actor.system("t"), "DEMO-01", FY).unit
    template = templates.for_year(unit.kind, FY)
    store.save_framework_entry(Actor.system("t"), FrameworkEntry(
        kind=unit.kind, fiscal_year=FY, part=FrameworkPart.QUOTAS, unit_code="DEMO-01",
        quotas=Quotas(iit=Quota(minimum=33)), source="ITAP"), template)
    assert run(url, "provision", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)[0] == 0
    code, out, err = run(url, "export", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0, err
    assert "not in the sheet: 1 framework entries" in out
    code, out, err = run(url, "import", "--unit", "DEMO-01", "--fy", str(FY), "--spreadsheet", "S1", capsys=capsys)
    assert code == 0, err
    assert [e.quotas.iit.minimum for e in store.framework_entries(Actor.system("t"), "DEMO-01", FY)] == [33]
    store.close()
