"""The plan and its templates: ``templates list|validate|show``, ``import-plan``, ``copy-plan``, ``parse``."""

from __future__ import annotations

import json
from pathlib import Path

from ita_dash.cli.common import CLI, CommandError, command_store, command_templates, unit_year_options
from ita_dash.domain.fiscal import fiscal_year_of
from ita_dash.domain.framework import DERIVED_LABEL, TemplateError
from ita_dash.domain.model import UnitKind, thai
from ita_dash.domain.thaidate import format_date, today_bangkok


def cmd_templates_list(args) -> None:
    library = command_templates(args)
    this_year = fiscal_year_of(today_bangkok())
    for template in library.files():
        print(f"{template.key}\t{template.title}\t({', '.join(template.sources)})")
    for kind in UnitKind:
        try:
            template = library.for_year(kind, this_year)
        except TemplateError:
            continue
        if template.derived:
            print(f"{template.key}\t{template.title}\t[derived from {template.derived_from}]")


def cmd_templates_validate(args) -> None:
    library = command_templates(args)  # raises on the first invalid file
    for template in library.files():
        print(f"ok\t{template.key}\t{len(template.oit_items or [])} OIT items\t{len(template.calendar or [])} phases")


def cmd_templates_show(args) -> None:
    template = command_templates(args).get(args.key)
    if args.json:
        print(json.dumps(template.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    print(template.title)
    if template.derived:
        print(f"{DERIVED_LABEL} (derived — check against the NACC manual)")
    for indicator in template.indicators:
        print(f"  {indicator.number}. {indicator.name} ({indicator.tool.value})")
        for sub in indicator.sub_indicators:
            print(f"     {sub.code} {sub.name}")
    print("OIT:" if template.oit_items else "OIT: ไม่ทราบ (unknown)")
    for item in template.oit_items or []:
        due = f" — ภายใน {format_date(item.due)}" if item.due else ""
        print(f"  {item.code} [{item.sub_indicator or '?'}] {item.title}{due}")
    print("ปฏิทิน:" if template.calendar else "ปฏิทิน: ไม่ทราบ (unknown)")
    for phase in template.calendar or []:
        start = format_date(phase.start) if phase.start else "?"
        end = format_date(phase.end) if phase.end else "?"
        print(f"  {start} – {end}\t{phase.name}")
    if template.unknown:
        print("ไม่ทราบ / unknown: " + "; ".join(template.unknown))


def cmd_import_plan(args) -> None:
    from ita_dash.importers.plan import FIELDS, preview

    try:
        content = Path(args.file).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    store = command_store(args)
    data = store.load_unit_year(CLI, args.unit, args.fy)
    template = command_templates(args).for_year(data.unit.kind, args.fy)
    plan = preview(Path(args.file).name, content, template, data.sections, fiscal_year=args.fy,
                   move_years=args.move_dates or 0, indicator_choices={row: 0 for row in args.skip_row})
    check = plan.year_check
    if check is not None and check.needs_decision and not args.keep_dates and not args.move_dates:
        raise CommandError(f"{check.message()}: run again with --move-dates {check.suggested_move} "
                           f"(same day and month, {check.suggested_move} year(s) later) or --keep-dates")
    if plan.undecided:  # nothing is lost silently: name each row, write nothing
        raise CommandError("nothing imported: " + "; ".join(f"row {row.label}: {row.undecided}" for row in plan.undecided)
                           + " — give the indicator in the file, pick it on the import page, or leave the row out with "
                           + " ".join(f"--skip-row {row.label}" for row in plan.undecided))
    measures = plan.measures()
    outcome = None
    if measures and not args.dry_run:
        outcome = store.import_plan(CLI, args.unit, args.fy, measures)
    if args.json:
        print(json.dumps({
            "header_row": plan.header_row,
            "mapping": {plan.headers[i] or f"column {i + 1}": f for i, f in plan.mapping.items()},
            "unknown_columns": plan.unknown_columns,
            "rows": [{"row": r.label, "indicator": r.indicator, "activity": r.values["activity"],
                      "deadline": r.deadline.isoformat() if r.deadline else None, "deadline_text": r.values.get("deadline", ""),
                      "cadence": r.cadence.value if r.cadence else None, "section": r.section,
                      "owner": r.values.get("owner", ""), "notes": r.notes, "merged_rows": r.merged_rows} for r in plan.rows],
            "problems": [{"row": row, "reason": reason} for row, reason in plan.problems],
            "skipped": [{"row": row, "reason": reason} for row, reason in plan.skipped],
            "unmatched_owners": plan.unmatched_owners,
            "fuzzy_owners": {owner: {"section": m.section, "alias": m.alias, "fragment": m.fragment,
                                     "score": round(m.score, 2)} for owner, m in plan.fuzzy_owners.items()},
            "moved_years": plan.moved_years,
            "outside_year": [r.label for r in plan.rows if r.outside_year],
            "imported": outcome,
        }, ensure_ascii=False, indent=2))
    else:
        print(f"header on row {plan.header_row}: " + ", ".join(
            f"{plan.headers[i]} → {FIELDS[f]}" for i, f in plan.mapping.items()))
        print("measures per indicator: " + ", ".join(f"{k}: {v}" for k, v in plan.counts().items()))
        for row in plan.rows:
            when = row.deadline.isoformat() if row.deadline else (row.values.get("deadline") or "-")
            print(f"  row {row.label}\t{row.indicator}\t{row.values['activity'][:50]}\t{when}\t"
                  f"{row.cadence.value if row.cadence else '-'}\t{row.section or '?'}"
                  + (f"\t({'; '.join(row.notes)})" if row.notes else ""))
        for row, reason in plan.problems:
            print(f"  problem row {row}: {reason}")
        if plan.unmatched_owners:
            print("owners matched to no section: " + " | ".join(plan.unmatched_owners))
        for owner, match in plan.fuzzy_owners.items():
            print(f"owner matched approximately (check it): {owner} ≈ {match.alias} → {match.section} "
                  f"({round(match.score * 100)}%)")
        if plan.moved_years:
            print(f"dates moved by {plan.moved_years} year(s)")
        if outcome:
            print(f"imported: {len(outcome['added'])} added, {len(outcome['changed'])} changed, "
                  f"{len(outcome['unchanged'])} unchanged")
        elif args.dry_run:
            print("dry run: nothing written")
    if not measures:
        raise CommandError("no measure could be read from the file")


def cmd_copy_plan(args) -> None:
    """คัดลอกแผนจากปีที่แล้ว: measures, owners and cadences of one year into another, without follow-ups."""
    from ita_dash.domain.planyear import check_year

    store = command_store(args)
    source = store.load_unit_year(CLI, args.unit, args.from_year)
    check = check_year([(n, m.deadline) for n, m in enumerate(source.measures, start=1) if not m.retired], args.to_year)
    if check.needs_decision and args.move_dates is None and not args.keep_dates:
        raise CommandError(f"{check.message()}: run again with --move-dates {check.suggested_move} or --keep-dates")
    move = args.move_dates or 0
    outcome = store.copy_plan(CLI, args.unit, args.from_year, args.to_year, move)
    if args.json:
        print(json.dumps({"moved_years": move, **outcome}, ensure_ascii=False, indent=2))
    else:
        print(f"copied FY {args.from_year} → {args.to_year} (dates moved by {move} year(s)): "
              f"{len(outcome['added'])} added, {len(outcome['unchanged'])} already there")


def cmd_parse(args) -> None:
    """How the plan reader reads one phrase: kind, date (and start of a range), cadence."""
    from ita_dash.domain.parse import read_phrase

    reading = read_phrase(args.text, args.fy)
    if args.json:
        print(json.dumps(reading.as_dict(), ensure_ascii=False, indent=2))
        return
    print(f"text:     {reading.text}")
    print(f"kind:     {reading.kind.value if reading.kind else '-'}")
    if reading.date:
        print(f"date:     {reading.date.isoformat()} ({format_date(reading.date)})")
    if reading.start:
        print(f"start:    {reading.start.isoformat()} ({format_date(reading.start)})")
    print(f"cadence:  {reading.cadence.value + ' (' + thai(reading.cadence) + ')' if reading.cadence else '-'}")
    for problem in reading.problems:
        print(f"note:     {problem}")


def register_templates(commands) -> None:
    """``templates list|validate|show``."""
    templates = commands.add_parser("templates", help="ITA framework templates").add_subparsers(
        dest="templates_command", required=True, metavar="ACTION")
    templates.add_parser("list", help="template files and this year's derived templates").set_defaults(run=cmd_templates_list)
    templates.add_parser("validate", help="check every template file").set_defaults(run=cmd_templates_validate)
    show = templates.add_parser("show", help="one template, e.g. police-station-2568 or police-station-2570 (derived)")
    show.add_argument("key")
    show.add_argument("--json", action="store_true", help="print JSON (indicators, oit_items, calendar, quotas, sections)")
    show.set_defaults(run=cmd_templates_show)


def register(commands) -> None:
    """``import-plan``, ``copy-plan``, ``parse``."""
    plan = commands.add_parser("import-plan", help="bring in a measures plan from .xlsx or .csv (all or nothing)")
    plan.add_argument("file")
    unit_year_options(plan)
    plan.add_argument("--dry-run", action="store_true", help="show what would be imported, write nothing")
    plan.add_argument("--json", action="store_true", help="print JSON: rows, mapping, problems")
    dates = plan.add_mutually_exclusive_group()
    dates.add_argument("--move-dates", type=int, metavar="N",
                       help="move every date N whole years (same day and month), e.g. a last-year plan: 1")
    dates.add_argument("--keep-dates", action="store_true", help="import the dates as written even if in another year")
    plan.add_argument("--skip-row", action="append", default=[], metavar="N",
                      help="leave out row N of the file, whose indicator cannot be read "
                           "(N-2: the second measure of a row that holds two; repeat for several rows)")
    plan.set_defaults(run=cmd_import_plan)

    copy = commands.add_parser("copy-plan", help="copy a unit's measures (owners, cadences) from one year to another, "
                                                 "without follow-ups")
    copy.add_argument("--unit", required=True, help="unit code")
    copy.add_argument("--from", dest="from_year", required=True, type=int, help="fiscal year to copy from, e.g. 2569")
    copy.add_argument("--to", dest="to_year", required=True, type=int, help="fiscal year to copy into, e.g. 2570")
    copy_dates = copy.add_mutually_exclusive_group()
    copy_dates.add_argument("--move-dates", type=int, metavar="N", help="move every date N whole years")
    copy_dates.add_argument("--keep-dates", action="store_true", help="keep the dates as they are")
    copy.add_argument("--json", action="store_true", help="print JSON")
    copy.set_defaults(run=cmd_copy_plan)

    phrase = commands.add_parser("parse", help="show how a deadline or follow-up phrase of a plan is read")
    phrase.add_argument("text", help="the phrase, e.g. \"๑ ต.ค. ๒๕๖๗ ถึง ๓๑ ธ.ค. ๒๕๖๗\"")
    phrase.add_argument("--fy", type=int, help="the plan's fiscal year (places months written without a year)")
    phrase.add_argument("--json", action="store_true", help="print JSON")
    phrase.set_defaults(run=cmd_parse)
