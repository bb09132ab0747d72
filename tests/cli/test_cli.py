"""``python -m ita_dash`` as an administrator runs it: exit codes, one-line errors, JSON output."""

import json
import shutil
import subprocess

import pytest

from helpers.cli import cli
from helpers.environment import ROOT


def one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_templates_show_json_lists_o1_to_o25():
    result = cli("templates", "show", "police-station-2568", "--json")
    assert result.returncode == 0, result.stderr
    template = json.loads(result.stdout)
    assert [i["code"] for i in template["oit_items"]] == [f"O{n}" for n in range(1, 26)]
    assert template["oit_items"][3]["title"].startswith("ข้อมูลคณะกรรมการตรวจสอบและติดตามการบริหารงานตำรวจ")
    assert {"indicators", "oit_items", "calendar", "quotas", "sections"} <= set(template)


def test_templates_show_derives_a_later_year():
    result = cli("templates", "show", "immigration-2570")
    assert result.returncode == 0
    assert "derived — check against the NACC manual" in result.stdout
    assert "O24" in result.stdout


def test_templates_validate_and_list():
    assert "ok\tpolice-station-2568" in cli("templates", "validate").stdout
    listing = cli("templates", "list").stdout
    assert "immigration-2567" in listing and "[derived from police-station-2568]" in listing


def test_broken_template_folder_gives_one_line(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "data" / "templates", folder)
    path = folder / "immigration-2567.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("minimum: 500", "minimum: lots"), encoding="utf-8")
    line = one_line_error(cli("--templates", str(folder), "templates", "validate"))
    assert "immigration-2567.yaml" in line and "quotas.eit.minimum" in line


def test_demo_units_export_import_round_trip(store_url, tmp_path):
    assert cli("demo", "--as-of", "2026-11-21", db=store_url).returncode == 0
    again = cli("demo", db=store_url)
    assert again.returncode == 0 and "already present" in again.stdout
    units = json.loads(cli("units", "--json", db=store_url).stdout)
    assert len([u for u in units if u["kind"] == "police-station"]) == 8
    assert [u["kind"] for u in units].count("immigration") == 1
    assert all(set(u) == {"code", "name", "kind", "province"} for u in units)

    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert cli("export", "--unit", "DEMO-05", "--fy", "2570", "--out", str(first), db=store_url).returncode == 0
    assert cli("import-bundle", str(first), db=store_url).returncode == 0
    assert cli("export", "--unit", "DEMO-05", "--fy", "2570", "--out", str(second), db=store_url).returncode == 0
    assert first.read_bytes() == second.read_bytes()

    broken = json.loads(first.read_text(encoding="utf-8"))
    broken["measures"][0]["cadence"] = "fortnightly"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    line = one_line_error(cli("import-bundle", str(bad), db=store_url))
    assert "measures[0].cadence" in line
    third = tmp_path / "c.json"
    cli("export", "--unit", "DEMO-05", "--fy", "2570", "--out", str(third), db=store_url)
    assert third.read_bytes() == first.read_bytes()  # nothing was written


def test_reset_rebuilds_the_demo(tmp_path):
    db = f"sqlite:///{tmp_path / 'x.db'}"
    cli("demo", "--as-of", "2026-11-21", db=db)
    result = cli("demo", "--reset", "--as-of", "2027-03-10", db=db)
    assert result.returncode == 0 and "10 มี.ค. 2570" in result.stdout


@pytest.mark.parametrize(
    "args, expected",
    [
        (("export", "--unit", "NOPE", "--fy", "2570", "--out", "x.json"), "NOPE"),
        (("import-bundle", "/no/such/file.json"), "/no/such/file.json"),
        (("templates", "show", "police-station-2550"), "no template"),
    ],
)
def test_failures_exit_non_zero_with_one_line(tmp_path, args, expected):
    line = one_line_error(cli(*args, db=f"sqlite:///{tmp_path / 'x.db'}"))
    assert expected in line


def test_unreachable_database_gives_one_line():
    line = one_line_error(cli("units", db="postgresql+psycopg://nobody@127.0.0.1:1/none"))
    assert line.startswith("error:")


@pytest.mark.parametrize("command", ["init-db", "demo", "units", "templates", "status", "export", "import-bundle",
                                     "figures"])
def test_every_command_has_help(command):
    result = cli(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


def test_status_prints_lights_with_reasons(demo_db):
    result = cli("status", "--unit", "DEMO-04", "--fy", "2569", "--as-of", "2026-04-20", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "ข้อมูล ณ 20 เม.ย. 2569" in result.stdout
    assert "[แดง] 1. การปฏิบัติหน้าที่ (IIT)" in result.stdout
    assert "ไม่ใช่คะแนน ITA" in result.stdout


def test_status_json_is_what_the_pages_judge(demo_db, templates):
    import datetime as dt

    from ita_dash.domain.model import Actor
    from ita_dash.domain.status import assess_unit
    from ita_dash.store.sql import SqlStore

    result = cli("status", "--unit", "DEMO-04", "--fy", "2569", "--as-of", "2026-04-20", "--json", db=demo_db)
    summary = json.loads(result.stdout)
    assert set(summary) >= {"indicators", "quotas", "readiness", "milestones"}
    assert [i["number"] for i in summary["indicators"]] == list(range(1, 11))
    store = SqlStore(demo_db)
    data = store.load_unit_year(Actor.system("test"), "DEMO-04", 2569)
    expected = assess_unit(templates.for_year(data.unit.kind, 2569), data, dt.date(2026, 4, 20))
    store.close()
    assert [i["light"] for i in summary["indicators"]] == [i.light.value for i in expected.indicators]
    assert summary["readiness"]["value"] == expected.readiness.value
    # the EIT quota is behind on 20 Apr: the close of its open collection window comes first (71 days), before the
    # OIT check opening in 11 days (issue 14)
    assert len(summary["milestones"]) == 3 and summary["milestones"][0]["days_left"] == 71
    assert expected.milestones[0].behind and not expected.milestones[0].starts
    red = next(i for i in summary["indicators"] if i["light"] == "red")
    assert red["reasons"][0]["section"] and red["reasons"][0]["ref"]


def test_synth_builds_a_country_with_progress_and_replaces_it_when_run_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'country.db'}"
    first = cli("synth", "--stations", "60", "--fy", "2569", "--as-of", "2026-06-30", "--db", url)  # --db after it too
    assert first.returncode == 0, first.stderr
    progress = [line for line in first.stdout.splitlines() if "units" in line and "/" in line]
    assert progress[0].split()[0] == "50/63" and progress[-1].split()[0] == "63/63"  # 60 stations + 3 immigration
    assert "3 provinces, 63 units" in first.stdout
    again = cli("synth", "--stations", "20", "--fy", "2569", db=url)
    assert again.returncode == 0, again.stderr
    units = json.loads(cli("units", "--json", db=url).stdout)
    assert len(units) == 21 and {u["province"] for u in units} == {"SYN-P001"}
    assert {u["kind"] for u in units} == {"police-station", "immigration"}
