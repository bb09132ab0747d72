"""Units and what is known of them: ``units`` (and ``units import FILE``), ``status``, ``figures refresh``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ita_dash.cli.common import (
    CLI,
    LIGHT_WORDS,
    CommandError,
    as_of_option,
    command_store,
    command_templates,
    latest_link_checks,
    read_list,
    unit_year_options,
)
from ita_dash.domain.fiscal import fiscal_year_of
from ita_dash.domain.framework import DERIVED_LABEL, TEMPLATES_DIR
from ita_dash.domain.model import Actor, thai
from ita_dash.domain.status import assess_unit, status_dict
from ita_dash.domain.thaidate import format_date, today_bangkok


def cmd_units(args) -> None:
    store = command_store(args)
    provinces = {p.code: p.name for p in store.list_provinces(CLI)}
    units = store.list_units(CLI)
    if args.json:
        rows = [{"code": u.code, "name": u.name, "kind": u.kind.value, "province": u.province_code} for u in units]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for unit in units:
        print(f"{unit.code}\t{unit.name}\t{thai(unit.kind)}\t{provinces.get(unit.province_code, unit.province_code)}")


def cmd_units_import(args) -> None:
    """Regions, provinces and units from a list (.xlsx/.csv): preview, problems with their rows, all or nothing."""
    from ita_dash.importers.units import UNIT_FIELD_LABELS, preview

    store = command_store(args)
    found = preview(Path(args.file).name, read_list(args.file), store.list_regions(CLI), store.list_provinces(CLI))
    outcome = None
    if found.lines and not found.problems:
        outcome = store.import_units(CLI, list(found.regions.values()), list(found.provinces.values()),
                                     [(line.unit, line.staff_count) for line in found.lines], args.fy,
                                     dry_run=args.dry_run)
    if args.json:
        print(json.dumps({
            "header_row": found.table.header_row,
            "mapping": {found.table.headers[i]: f for i, f in found.table.mapping.items()},
            "unknown_columns": found.table.unknown_columns,
            "units": [{"row": line.row, **line.unit.model_dump(mode="json", exclude={"demo"}),
                       "staff_count": line.staff_count} for line in found.lines],
            "regions": [r.model_dump() for r in found.regions.values()],
            "provinces": [p.model_dump(exclude={"demo"}) for p in found.provinces.values()],
            "problems": [{"row": row, "reason": reason} for row, reason in found.problems],
            "notes": [{"row": row, "note": note} for row, note in found.notes],
            "dry_run": args.dry_run, "outcome": outcome,
        }, ensure_ascii=False, indent=2))
    else:
        print(f"header on row {found.table.header_row}: " + ", ".join(
            f"{found.table.headers[i]} → {UNIT_FIELD_LABELS[f]}" for i, f in found.table.mapping.items()))
        print(f"{len(found.lines)} units, {len(found.provinces)} provinces, {len(found.regions)} regions read")
        for row, note in found.notes:
            print(f"  note row {row}: {note}")
        for row, reason in found.problems:
            print(f"  problem row {row}: {reason}")
        if outcome is not None:
            verb = "would be" if args.dry_run else "were"
            print(f"{verb} added: {len(outcome['regions_added'])} regions, {len(outcome['provinces_added'])} provinces, "
                  f"{len(outcome['units_added'])} units; changed: {len(outcome['regions_changed'])} region, "
                  f"{len(outcome['provinces_changed'])} province, {len(outcome['units_changed'])} unit, "
                  f"{len(outcome['staff_changed'])} staff-count fields; unchanged: {len(outcome['units_unchanged'])} units")
            for change in outcome["regions_changed"] + outcome["provinces_changed"] + outcome["units_changed"] + outcome["staff_changed"]:
                print(f"  changed {change}")
            if args.dry_run:
                print("dry run: nothing written")
    if found.problems:
        raise CommandError(f"{len(found.problems)} row(s) cannot be read: nothing imported — correct them and run again")
    if not found.lines:
        raise CommandError("no unit could be read from the file")


def cmd_status(args) -> None:
    store = command_store(args)
    data = store.load_unit_year(CLI, args.unit, args.fy)
    template = store.framework_for(CLI, data.unit, args.fy, command_templates(args))
    as_of = args.as_of or today_bangkok()
    summary = status_dict(assess_unit(template, data, as_of, link_checks=latest_link_checks(store, data)))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    word = LIGHT_WORDS.get
    print(f"{data.unit.name} · ปีงบประมาณ {args.fy} · ข้อมูล ณ {format_date(as_of)}")
    if template.derived:
        print(f"{DERIVED_LABEL} (derived — check against the NACC manual)")
    print("ตัวชี้วัด:")
    for indicator in summary["indicators"]:
        print(f"  [{word(indicator['light'])}] {indicator['number']}. {indicator['name']} ({indicator['tool']})")
        for reason in indicator["reasons"]:
            whose = " · ".join(p for p in (reason["section"], reason["owner"]) if p)
            print(f"      - {reason['text']}" + (f" [{whose}]" if whose else ""))
    print("จำนวนผู้ตอบ:")
    for quota in summary["quotas"]:
        print(f"  [{word(quota['light'])}] {quota['label']}: {quota['reason']}")
        if quota["pace"]:
            pace = quota["pace"]
            print(f"      คาดว่าจะได้ {pace['projected']} เมื่อปิด; ต้องได้เพิ่ม {pace['per_day_needed']} คน/วัน")
    readiness = summary["readiness"]
    print(f"{readiness['label']}: {readiness['text']} (OIT เผยแพร่แล้ว {readiness['oit_published']}/{readiness['oit_total']})")
    for line in readiness["explained"]:
        print(f"  {line}")
    print("กำหนดการถัดไป:")
    for milestone in summary["milestones"]:
        print(f"  [{word(milestone['light'])}] {milestone['label']} — "
              f"{format_date(dt.date.fromisoformat(milestone['date']))} (อีก {milestone['days_left']} วัน)")
    if not summary["milestones"]:
        print("  ไม่มี")


def cmd_figures_refresh(args) -> None:
    """Nightly (cron): compute and keep every unit's figures of today and of the end of last month (the province
    page shows both), so that the first view of the day — in any app process — reads them instead of computing
    every unit; then forget the days older than ``--keep-days``."""
    from ita_dash.domain.fiscal import last_closed_month

    store = command_store(args)
    sql = getattr(store, "sql", store)  # with Google Sheets configured: the database's units underneath
    if args.templates != str(TEMPLATES_DIR):
        sql._templates = command_templates(args)
    as_of = args.as_of or today_bangkok()
    fiscal_year = args.fy or fiscal_year_of(as_of)
    actor = Actor.system("figures")
    days = [as_of]
    if (month_end := last_closed_month(as_of).last_day) != as_of:
        days.append(month_end)
    for day in days:
        before = sql.figure_cache.computed
        figures = sql.unit_figures(actor, fiscal_year, day)
        print(f"{day.isoformat()} (FY {fiscal_year}): {len(figures)} units, "
              f"{sql.figure_cache.computed - before} computed, {sql.figure_cache.table.count(day)} rows kept")
    pruned = sql.figure_cache.table.prune(as_of - dt.timedelta(days=args.keep_days))
    print(f"pruned {pruned} rows of days before {(as_of - dt.timedelta(days=args.keep_days)).isoformat()}")


def register_units(commands) -> None:
    """``units`` and ``units import``."""
    units = commands.add_parser("units", help="list units: code, name, kind, province (or: units import FILE)")
    units.add_argument("--json", action="store_true", help="print JSON")
    units.set_defaults(run=cmd_units)
    units_actions = units.add_subparsers(dest="units_command", required=False, metavar="[import]")
    units_import = units_actions.add_parser("import", help="regions, provinces and units from a list (.xlsx/.csv)")
    units_import.add_argument("file")
    units_import.add_argument("--fy", type=int, default=fiscal_year_of(today_bangkok()),
                              help="fiscal year the staff counts are for (default: this one)")
    units_import.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    units_import.add_argument("--json", action="store_true", help="print JSON: units, problems, what would change")
    units_import.set_defaults(run=cmd_units_import)


def register_status(commands) -> None:
    """``status``."""
    status = commands.add_parser("status", help="the dashboard's lights with reasons for one unit (Thai text or JSON)")
    unit_year_options(status, as_of=True)
    status.add_argument("--json", action="store_true", help="print JSON: indicators, quotas, readiness, milestones")
    status.set_defaults(run=cmd_status)


def register_figures(commands) -> None:
    """``figures refresh``."""
    kept = commands.add_parser("figures", help="unit figures kept in the database for the province and national "
                                               "views").add_subparsers(dest="figures_command", required=True,
                                                                       metavar="ACTION")
    refresh = kept.add_parser("refresh", help="compute and keep every unit's figures of today and of the end of last "
                                              "month, and prune old days (for cron, nightly)")
    refresh.add_argument("--fy", type=int, help="fiscal year (พ.ศ.) (default: the one of --as-of)")
    as_of_option(refresh)
    refresh.add_argument("--keep-days", type=int, default=45, help="keep the figures of this many days back (45)")
    refresh.set_defaults(run=cmd_figures_refresh)
