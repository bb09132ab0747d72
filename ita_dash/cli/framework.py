"""What people enter of a year's framework (issue 32): ``framework oit|calendar|minimums|remove|layout``.

For one unit (``--unit``), for the units of a kind in a province (``--province`` with ``--kind``), or for every unit
of a kind (``--kind`` alone). The command line acts as the administrator."""

from __future__ import annotations

import json
from pathlib import Path

from ita_dash.cli.common import CLI, CommandError, command_store, command_templates, read_list
from ita_dash.domain.framework_entries import COUNT_MAX, PART_LABELS, FrameworkEntry, FrameworkPart, minimum_quotas
from ita_dash.domain.model import Section, UnitKind


def _minimum(text: str) -> int:
    """A minimum number of respondents: a whole number from 0 to COUNT_MAX."""
    import argparse

    if not text.strip().isdigit() or int(text) > COUNT_MAX:
        raise argparse.ArgumentTypeError(f"a whole number from 0 to {COUNT_MAX:,}")
    return int(text)


def _refuse(problems: list[tuple[int, str]], nothing: bool, what: str) -> None:
    """Nothing is saved while a row is refused, or when the file gives nothing (``what`` says what it lacks)."""
    if problems:
        raise CommandError("nothing saved: " + "; ".join(f"row {r}: {why}" for r, why in problems))
    if nothing:
        raise CommandError(f"nothing saved: the file gives no {what}")


def _scope(args, store) -> tuple[UnitKind, dict, list[Section] | None]:
    """(kind, the entry's scope fields, the sections owners are read against)."""
    if args.unit:
        data = store.load_unit_year(CLI, args.unit, args.fy)
        return data.unit.kind, {"unit_code": args.unit}, data.sections
    if not args.kind:
        raise CommandError("give --unit CODE, or --kind KIND (with --province CODE for one province)")
    return UnitKind(args.kind), {"province_code": args.province} if args.province else {}, None


def _save(args, store, kind: UnitKind, entry: FrameworkEntry) -> None:
    template = command_templates(args).for_year(kind, args.fy)
    if args.dry_run:
        print("dry run: nothing saved")
        return
    saved = store.save_framework_entry(CLI, entry, template)
    print(f"saved: {saved.describe()}")


def cmd_framework_oit(args) -> None:
    from ita_dash.importers.oit_list import read_oit_list

    store = command_store(args)
    kind, scope, sections = _scope(args, store)
    template = command_templates(args).for_year(kind, args.fy)
    if sections is None:
        sections = [Section(code=s.code, name=s.name) for s in template.sections or []]
    found = read_oit_list(Path(args.file).name, read_list(args.file), template, sections, args.fy)
    if args.json:
        print(json.dumps({"items": [i.model_dump(mode="json") for i in found.items],
                          "problems": [{"row": r, "reason": why} for r, why in found.problems]},
                         ensure_ascii=False, indent=2))
    else:
        for item in found.items:
            print(f"{item.code}\t{item.sub_indicator or '-'}\t{item.owner_section or '-'}\t{item.due or '-'}\t{item.title}")
    _refuse(found.problems, not found.items, "OIT item")
    _save(args, store, kind, FrameworkEntry(kind=kind, fiscal_year=args.fy, part=FrameworkPart.OIT_ITEMS,
                                            oit_items=found.items, source=args.source, **scope))


def cmd_framework_calendar(args) -> None:
    from ita_dash.importers.calendar_list import read_calendar

    store = command_store(args)
    kind, scope, _ = _scope(args, store)
    template = command_templates(args).for_year(kind, args.fy)
    found = read_calendar(Path(args.file).name, read_list(args.file), template, args.fy)
    for phase in found.phases:
        print(f"{phase.kind.value}\t{phase.start or '-'}\t{phase.end or '-'}\t{phase.closes_at or '-'}\t{phase.name}")
    _refuse(found.problems, not found.phases, "dated phase")
    _save(args, store, kind, FrameworkEntry(kind=kind, fiscal_year=args.fy, part=FrameworkPart.CALENDAR,
                                            calendar=found.phases, source=args.source, **scope))


def cmd_framework_minimums(args) -> None:
    if args.iit is None and args.eit is None:
        raise CommandError("give --iit N and/or --eit N")
    store = command_store(args)
    kind, scope, _ = _scope(args, store)
    quotas = minimum_quotas(args.iit, args.eit)
    _save(args, store, kind, FrameworkEntry(kind=kind, fiscal_year=args.fy, part=FrameworkPart.QUOTAS,
                                            quotas=quotas, source=args.source, **scope))


def cmd_framework_remove(args) -> None:
    store = command_store(args)
    kind, scope, _ = _scope(args, store)
    part = FrameworkPart(args.part)
    if store.delete_framework_entry(CLI, kind, args.fy, part, scope.get("unit_code"), scope.get("province_code")):
        print(f"removed: {PART_LABELS[part]}")
    else:
        print("nothing to remove")


def cmd_framework_layout(args) -> None:
    from ita_dash.importers.calendar_list import calendar_csv
    from ita_dash.importers.oit_list import layout_csv

    if args.calendar:
        if not (args.kind and args.fy):
            raise CommandError("--calendar needs --kind KIND and --fy YEAR (the calendar written out is that year's)")
        content = calendar_csv(command_templates(args).for_year(UnitKind(args.kind), args.fy))
    else:
        content = layout_csv()
    Path(args.out).write_bytes(content)
    print(f"wrote {args.out}")


def register(commands) -> None:
    """``framework oit|calendar|minimums|remove|layout``."""
    framework = commands.add_parser(
        "framework", help="enter what the template does not know of a year (OIT list, minimums) from ITAP"
    ).add_subparsers(dest="framework_command", required=True, metavar="ACTION")

    def scoped(name: str, help_text: str):
        parser = framework.add_parser(name, help=help_text)
        parser.add_argument("--fy", type=int, required=True, help="fiscal year, e.g. 2570")
        parser.add_argument("--unit", help="for one unit (its own entry wins)")
        parser.add_argument("--kind", choices=[k.value for k in UnitKind], help="for every unit of this kind")
        parser.add_argument("--province", help="with --kind: only the units of this province")
        return parser

    oit = scoped("oit", "the OIT list from a spreadsheet copied from ITAP (.xlsx/.csv; see 'framework layout')")
    oit.add_argument("file")
    calendar = scoped("calendar", "the year's calendar corrected from ITAP or the NACC manual (see 'framework layout --calendar')")
    calendar.add_argument("file")
    minimums = scoped("minimums", "the minimum numbers of respondents ITAP shows")
    minimums.add_argument("--iit", type=_minimum, help="IIT minimum")
    minimums.add_argument("--eit", type=_minimum, help="EIT minimum")
    for parser in (oit, calendar, minimums):
        parser.add_argument("--source", default="ITAP", help="where it was read (default: ITAP)")
        parser.add_argument("--dry-run", action="store_true", help="read and check, save nothing")
    oit.add_argument("--json", action="store_true", help="print JSON: items, problems")
    oit.set_defaults(run=cmd_framework_oit)
    minimums.set_defaults(run=cmd_framework_minimums)
    calendar.set_defaults(run=cmd_framework_calendar)
    remove = scoped("remove", "take an entry back (the template's part applies again)")
    remove.add_argument("part", choices=[p.value for p in FrameworkPart])
    remove.set_defaults(run=cmd_framework_remove)
    layout = framework.add_parser("layout", help="write the expected layout of an OIT list (CSV) to fill in, or with "
                                                 "--calendar the calendar of a kind and year to correct")
    layout.add_argument("out")
    layout.add_argument("--calendar", action="store_true", help="the calendar (with --kind and --fy)")
    layout.add_argument("--kind", choices=[k.value for k in UnitKind])
    layout.add_argument("--fy", type=int)
    layout.set_defaults(run=cmd_framework_layout)
