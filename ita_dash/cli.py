"""``python -m ita_dash``: the command line for administrators and scheduled jobs.

Every command has ``--help`` and, on failure, exits non-zero with a one-line reason on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import sys
import time
from pathlib import Path

from ita_dash.domain.fiscal import fiscal_end, fiscal_year_of
from ita_dash.domain.framework import DERIVED_LABEL, TEMPLATES_DIR, TemplateError, TemplateLibrary
from pydantic import ValidationError

from ita_dash.domain.accounts import User
from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.model import Actor, Role, UnitKind, thai
from ita_dash.domain.permissions import NotAllowed
from ita_dash.importers.plan import PlanFileError
from ita_dash.outbound.mail import MailSettingsError
from ita_dash.domain.status import assess_unit, status_dict
from ita_dash.domain.thaidate import format_date, today_bangkok
from ita_dash.store import StoreError, database_url, open_store
from ita_dash.store.bundle import BundleError, dumps, loads
from ita_dash.store import synth
from ita_dash.store.demo import DEMO_ACCOUNTS, DEMO_USERNAMES, PROVINCE, build_demo


# The command line is run by whoever runs the server: it acts as an administrator under its own name.
CLI = Actor.system("cli")


class CommandError(Exception):
    """A failure to report in one line."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _templates(args) -> TemplateLibrary:
    return TemplateLibrary.load(Path(args.templates))


def _store(args):
    return open_store(args.db or database_url())


# -- commands -----------------------------------------------------------------------------------------------


def cmd_init_db(args) -> None:
    store = _store(args)
    print(f"schema up to date: {store.url.split('@')[-1]}")


def cmd_demo(args) -> None:
    store = _store(args)
    library = _templates(args)
    actor = Actor.system("cli demo")
    if args.reset:
        store.delete_province(actor, PROVINCE.code)
    elif any(p.code == PROVINCE.code for p in store.list_provinces(actor)):
        print("demo province already present; use --reset to rebuild it")
        return
    as_of = args.as_of or today_bangkok()
    codes = build_demo(store, library, as_of, actor)
    print(f"demo province {PROVINCE.name}: {len(codes)} units, fiscal years {fiscal_year_of(as_of) - 1}–"
          f"{fiscal_year_of(as_of)}, follow-ups up to {format_date(as_of)}")
    print("demo accounts (for trying the app only; an account changed or disabled by an operator is left as it is):")
    for user, password in DEMO_ACCOUNTS:
        print(f"  {user.username:<15} {password:<20} {thai(user.role)}")
    print("this database now holds demo accounts with published passwords: never use it for real data")


def _new_password() -> str:
    """Asked twice without echo on a terminal; else two lines of standard input. Length-checked by the store."""
    if sys.stdin.isatty():
        first, second = getpass.getpass("รหัสผ่าน / password: "), getpass.getpass("อีกครั้ง / again: ")
    else:
        first, second = sys.stdin.readline().rstrip("\r\n"), sys.stdin.readline().rstrip("\r\n")
    if not first:
        raise CommandError("no password given")
    if first != second:
        raise CommandError("the two passwords differ (give the password twice: two lines on standard input)")
    return first


def cmd_setup(args) -> None:
    """First start of a real installation: the schema and the first administrator, nothing else."""
    try:
        user = User(username=args.admin, role=Role.ADMIN, display_name=args.name or "", email=args.email or "")
    except ValidationError as error:
        first = error.errors()[0]
        raise CommandError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    store = _store(args)  # opening it creates or migrates the schema
    store.create_first_admin(user, _new_password())
    print(f"schema ready; first administrator {user.username} created. Sign in to the app with it, then bring in "
          "the units (units import FILE) and the accounts (users import FILE --slips slips.pdf).")


def cmd_synth(args) -> None:
    store = _store(args)
    as_of = min(args.as_of or today_bangkok(), fiscal_end(args.fy))
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"  {done:>5}/{total} units  {time.perf_counter() - started:6.1f} s", flush=True)

    print(f"building a synthetic country: {args.stations} police stations, FY {args.fy}, reports up to {as_of}")
    country = synth.build_country(store, _templates(args), args.stations, args.fy, as_of, Actor.system("cli synth"),
                                  progress=progress)
    print(f"done: {len(country.regions)} regions, {len(country.provinces)} provinces, {len(country.units)} units "
          f"in {time.perf_counter() - started:.1f} s")


def cmd_units(args) -> None:
    store = _store(args)
    provinces = {p.code: p.name for p in store.list_provinces(CLI)}
    units = store.list_units(CLI)
    if args.json:
        rows = [{"code": u.code, "name": u.name, "kind": u.kind.value, "province": u.province_code} for u in units]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for unit in units:
        print(f"{unit.code}\t{unit.name}\t{thai(unit.kind)}\t{provinces.get(unit.province_code, unit.province_code)}")


def cmd_templates_list(args) -> None:
    library = _templates(args)
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
    library = _templates(args)  # raises on the first invalid file
    for template in library.files():
        print(f"ok\t{template.key}\t{len(template.oit_items or [])} OIT items\t{len(template.calendar or [])} phases")


def cmd_templates_show(args) -> None:
    template = _templates(args).get(args.key)
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


_LIGHT_WORDS = {"red": "แดง", "amber": "เหลือง", "green": "เขียว", "grey": "เทา"}


def cmd_status(args) -> None:
    store = _store(args)
    data = store.load_unit_year(CLI, args.unit, args.fy)
    template = _templates(args).for_year(data.unit.kind, args.fy)
    as_of = args.as_of or today_bangkok()
    summary = status_dict(assess_unit(template, data, as_of, link_checks=_link_checks(store, data)))
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    word = _LIGHT_WORDS.get
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
    print(f"{readiness['label']}: {readiness['value']:.1f} (OIT เผยแพร่แล้ว {readiness['oit_published']}/{readiness['oit_total']})")
    print("กำหนดการถัดไป:")
    for milestone in summary["milestones"]:
        print(f"  [{word(milestone['light'])}] {milestone['label']} — "
              f"{format_date(dt.date.fromisoformat(milestone['date']))} (อีก {milestone['days_left']} วัน)")
    if not summary["milestones"]:
        print("  ไม่มี")


def cmd_orders_list(args) -> None:
    """The chair's orders of one unit's year, with where each stands today (issue 17)."""
    from ita_dash.domain.orders import ORDER_STATUS_LABELS, assess_orders

    store = _store(args)
    as_of = args.as_of or today_bangkok()
    states = assess_orders(store.load_orders(CLI, args.unit, args.fy), as_of)
    states.sort(key=lambda s: s.order.number)
    if args.json:
        print(json.dumps([{
            "number": s.order.number, "meeting_on": s.order.meeting_on.isoformat(), "text": s.order.text,
            "sections": s.order.sections, "due": s.order.due.isoformat() if s.order.due else None,
            "status": s.order.status.value, "done": s.done, "light": s.light.value, "reason": s.reason,
            "percent": s.percent, "created_by": s.order.created_by, "version": s.order.version,
        } for s in states], ensure_ascii=False, indent=2))
        return
    if not states:
        print("ยังไม่มีข้อสั่งการ")
    for s in states:
        due = format_date(s.order.due) if s.order.due else "ไม่มีกำหนด"
        print(f"[{_LIGHT_WORDS.get(s.light.value, s.light.value)}] {s.order.label} ({format_date(s.order.meeting_on)}) "
              f"{s.order.text} — {', '.join(s.order.sections)} · กำหนด {due} · "
              f"{ORDER_STATUS_LABELS[s.order.status]} · {s.reason}")
# -- issue 19: link checker, the unit's OIT web page, reminders ---------------------------------------------


def _link_checks(store, data) -> dict:
    """The last check of each of the unit's links: broken OIT links colour their items (issue 19)."""
    from ita_dash.domain.links import unit_links

    return store.link_checks(CLI, [ref.url for ref in unit_links(data)])


def cmd_links_check(args) -> None:
    from ita_dash.domain.links import thai_state
    from ita_dash.outbound.links import check_units, environment_options

    if bool(args.unit) == bool(args.province):
        raise CommandError("give --unit CODE or --province CODE")
    store = _store(args)
    codes = [args.unit] if args.unit else [u.code for u in store.list_units(CLI, args.province)]
    if not codes:
        raise CommandError(f"no units in province {args.province}")

    def progress(done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    refs, run = check_units(store, CLI, codes, args.fy, force=args.force, progress=progress, **environment_options())
    rows = [{"unit": r.unit_code, "kind": r.kind, "ref": r.ref, "month": r.month, "url": r.url,
             "state": run.checks[r.url].state.value, "http_status": run.checks[r.url].http_status,
             "final_url": run.checks[r.url].final_url, "detail": run.checks[r.url].detail,
             "checked_at": run.checks[r.url].checked_at.isoformat(), "cached": r.url in run.cached}
            for r in refs if r.url in run.checks]
    if args.json:
        print(json.dumps({"fiscal_year": args.fy, "units": codes, "fetched": len(run.fetched), "cached": len(run.cached),
                          "seconds": round(run.seconds, 1), "links": rows}, ensure_ascii=False, indent=2))
        return
    if sys.stderr.isatty():
        print(file=sys.stderr)
    problems = [r for r, row in zip(refs, rows) if run.checks[r.url].problem]
    print(f"ตรวจลิงก์ {len(rows)} ลิงก์ ({len(run.fetched)} ตรวจใหม่, {len(run.cached)} จากผลตรวจเดิม) "
          f"ใน {run.seconds:.1f} วินาที: มีปัญหา {len(problems)}")
    for ref in refs:
        check = run.checks.get(ref.url)
        if check is None:
            continue
        mark = "!" if check.problem else " "
        print(f"{mark} {ref.unit_code}\t{ref.label}\t{thai_state(check.state)}\t{ref.url}"
              + (f"\t→ {check.final_url}" if check.final_url and check.final_url != ref.url else ""))


def cmd_oit_page(args) -> None:
    from ita_dash.reports.oit_page import write_oit_page

    store = _store(args)
    data = store.load_unit_year(CLI, args.unit, args.fy)
    template = _templates(args).for_year(data.unit.kind, args.fy)
    if not template.oit_items:
        raise CommandError(f"the template {template.key} has no OIT items")
    for path in write_oit_page(Path(args.out), template, data, store.oit_updated(CLI, args.unit, args.fy)):
        print(f"wrote {path}")


def cmd_remind(args) -> None:
    from ita_dash.domain.reminders import REMINDER_KIND_LABELS
    from ita_dash.outbound import reminders
    from ita_dash.outbound.mail import Mailer, app_base_url, smtp_settings

    store = _store(args)
    as_of = args.as_of or today_bangkok()
    base_url = app_base_url()
    factory = None
    if not args.dry_run:
        settings = smtp_settings()
        factory = lambda: Mailer(settings)  # noqa: E731 - opened only when something is to be sent
    run = reminders.run(store, _templates(args), Actor.system("remind"), as_of, base_url, dry_run=args.dry_run,
                        mailer_factory=factory, unit_codes=[args.unit] if args.unit else None)
    if base_url is None:
        print("หมายเหตุ: ยังไม่ได้ตั้งค่า [app] base_url (หรือ ITA_APP_URL) ข้อความจึงไม่มีลิงก์ไปยังหน้าของผู้รับ")
    label = "จะส่ง (ทดลอง ไม่ได้ส่งจริง)" if args.dry_run else "ส่งแล้ว"
    for reminder in run.would_send if args.dry_run else run.sent:
        print(f"{label}: {reminder.email}\t{REMINDER_KIND_LABELS[reminder.kind]}\t{reminder.unit_code}\t"
              f"{len(reminder.items)} รายการ\t{reminder.subject}")
        if args.dry_run and args.verbose:
            print(reminder.body)
    for reminder in run.already:
        print(f"ส่งไปแล้ววันนี้ ข้าม: {reminder.email}\t{REMINDER_KIND_LABELS[reminder.kind]}\t{reminder.unit_code}")
    for reminder, error in run.failed:
        print(f"ส่งไม่สำเร็จ: {reminder.email}\t{error}", file=sys.stderr)
    for line in run.unreachable:
        print(f"ติดต่อไม่ได้: {line}")
    print(f"วันที่ {format_date(as_of)}: {label} {len(run.would_send if args.dry_run else run.sent)} ฉบับ, "
          f"ข้ามเพราะส่งแล้ว {len(run.already)}, ไม่สำเร็จ {len(run.failed)}")
    if run.failed:
        raise CommandError(f"{len(run.failed)} reminder(s) could not be sent; they will be tried again on the next run")


# -- issue 18: unit figures kept in the database ------------------------------------------------------------


def cmd_figures_refresh(args) -> None:
    """Nightly (cron): compute and keep every unit's figures of today and of the end of last month (the province
    page shows both), so that the first view of the day — in any app process — reads them instead of computing
    every unit; then forget the days older than ``--keep-days``."""
    from ita_dash.domain.fiscal import last_closed_month

    store = _store(args)
    sql = getattr(store, "sql", store)  # with Google Sheets configured: the database's units underneath
    if args.templates != str(TEMPLATES_DIR):
        sql._templates = _templates(args)
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


def _password(args) -> str:
    """From standard input when it is not a terminal (scripts), else asked twice without echo."""
    if not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("รหัสผ่าน / password: ")
        if getpass.getpass("อีกครั้ง / again: ") != password:
            raise CommandError("the two passwords differ")
    if not password:
        raise CommandError("no password given")
    return password


def cmd_users_add(args) -> None:
    try:
        user = User(username=args.username, role=Role(args.role), unit_code=args.unit, section_code=args.section,
                    province_code=args.province, region_code=args.region, display_name=args.name or "",
                    email=args.email or "")
    except ValidationError as error:
        first = error.errors()[0]
        raise CommandError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    _store(args).add_user(CLI, user, _password(args))
    print(f"added {user.username} ({thai(user.role)})")


def cmd_users_list(args) -> None:
    users = _store(args).list_users(CLI)
    for user in users:
        scope = " ".join(part for part in (user.unit_code, user.section_code, user.province_code, user.region_code) if part)
        state = "disabled" if user.disabled else ("locked" if user.locked_until else "active")
        if user.must_change_password and not user.disabled:  # issue 13: still on the one-time password of a slip
            state += ", one-time password"
        demo = "\tDEMO (published password)" if user.username in DEMO_USERNAMES else ""
        print(f"{user.username}\t{user.role.value}\t{scope or '-'}\t{user.display_name}\t{state}{demo}")
    if demo_users := [u for u in users if u.username in DEMO_USERNAMES]:
        active = sum(not u.disabled for u in demo_users)
        print(f"warning: this database holds {len(demo_users)} demo accounts ({active} active) whose passwords are "
              "published in the README; disable them (users disable NAME) before real use", file=sys.stderr)


def cmd_users_reset_password(args) -> None:
    _store(args).reset_password(CLI, args.username, _password(args))
    print(f"password of {args.username} reset; the account is unlocked")


def cmd_users_disable(args) -> None:
    _store(args).set_disabled(CLI, args.username, not args.enable)
    print(f"{args.username} {'enabled' if args.enable else 'disabled'}")


REPORT_FORMATS = {"summary": (".pdf",), "province": (".pdf",), "results": (".pdf", ".xlsx", ".docx"),
                  "monthly": (".pdf", ".xlsx")}


def cmd_report(args) -> None:
    """One report to a file; the format comes from the file's extension."""
    from ita_dash.domain.fiscal import Month, last_closed_month
    from ita_dash.reports import monthly, province, results, summary

    suffix = Path(args.out).suffix.lower()
    if suffix not in REPORT_FORMATS[args.kind]:
        raise CommandError(f"{args.kind} is written as {' or '.join(REPORT_FORMATS[args.kind])}, not '{suffix or args.out}'")
    if (args.kind == "province") != bool(args.province) or (args.kind != "province" and not args.unit):
        raise CommandError("province takes --province CODE; the other reports take --unit CODE")
    store, templates = _store(args), _templates(args)
    as_of = args.as_of or today_bangkok()
    if args.kind == "province":
        found, statuses = province.assess_province(store, CLI, args.province, args.fy, as_of, templates)
        content = province.province_summary_pdf(found, statuses, args.fy, as_of)
    else:
        data = store.load_unit_year(CLI, args.unit, args.fy)
        status = assess_unit(templates.for_year(data.unit.kind, args.fy), data, as_of,
                             link_checks=_link_checks(store, data))
        if args.kind == "summary":
            from ita_dash.domain.orders import assess_orders

            content = summary.unit_summary_pdf(status, orders=assess_orders(store.load_orders(CLI, args.unit, args.fy), as_of))
        elif args.kind == "results":
            evidence = results.gather_evidence(store, CLI, status)  # photos and the report's settings
            content = {".pdf": results.results_pdf, ".xlsx": results.results_xlsx,
                       ".docx": results.results_docx}[suffix](status, evidence)
        else:
            month = Month.parse(args.month) if args.month else last_closed_month(as_of)
            content = (monthly.monthly_pdf if suffix == ".pdf" else monthly.monthly_xlsx)(data, month, as_of)
    Path(args.out).write_bytes(content)
    print(f"wrote {args.out} ({len(content) // 1024} KB)")


def cmd_import_plan(args) -> None:
    from ita_dash.importers.plan import FIELDS, preview

    try:
        content = Path(args.file).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {args.file}: {error.strerror}") from None
    store = _store(args)
    data = store.load_unit_year(CLI, args.unit, args.fy)
    template = _templates(args).for_year(data.unit.kind, args.fy)
    plan = preview(Path(args.file).name, content, template, data.sections, fiscal_year=args.fy,
                   move_years=args.move_dates or 0)
    check = plan.year_check
    if check is not None and check.needs_decision and not args.keep_dates and not args.move_dates:
        raise CommandError(f"{check.message()}: run again with --move-dates {check.suggested_move} "
                           f"(same day and month, {check.suggested_move} year(s) later) or --keep-dates")
    measures = plan.measures()
    outcome = None
    if measures and not args.dry_run:
        outcome = store.import_plan(CLI, args.unit, args.fy, measures)
    if args.json:
        print(json.dumps({
            "header_row": plan.header_row,
            "mapping": {plan.headers[i] or f"column {i + 1}": f for i, f in plan.mapping.items()},
            "unknown_columns": plan.unknown_columns,
            "rows": [{"row": r.row, "indicator": r.indicator, "activity": r.values["activity"],
                      "deadline": r.deadline.isoformat() if r.deadline else None, "deadline_text": r.values.get("deadline", ""),
                      "cadence": r.cadence.value if r.cadence else None, "section": r.section,
                      "owner": r.values.get("owner", ""), "notes": r.notes, "merged_rows": r.merged_rows} for r in plan.rows],
            "problems": [{"row": row, "reason": reason} for row, reason in plan.problems],
            "skipped": [{"row": row, "reason": reason} for row, reason in plan.skipped],
            "unmatched_owners": plan.unmatched_owners,
            "fuzzy_owners": {owner: {"section": m.section, "alias": m.alias, "fragment": m.fragment,
                                     "score": round(m.score, 2)} for owner, m in plan.fuzzy_owners.items()},
            "moved_years": plan.moved_years,
            "outside_year": [r.row for r in plan.rows if r.outside_year],
            "imported": outcome,
        }, ensure_ascii=False, indent=2))
    else:
        print(f"header on row {plan.header_row}: " + ", ".join(
            f"{plan.headers[i]} → {FIELDS[f]}" for i, f in plan.mapping.items()))
        print("measures per indicator: " + ", ".join(f"{k}: {v}" for k, v in plan.counts().items()))
        for row in plan.rows:
            when = row.deadline.isoformat() if row.deadline else (row.values.get("deadline") or "-")
            print(f"  row {row.row}\t{row.indicator}\t{row.values['activity'][:50]}\t{when}\t"
                  f"{row.cadence.value if row.cadence else '-'}\t{row.section or '?'}" + (f"\t({'; '.join(row.notes)})" if row.notes else ""))
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

    store = _store(args)
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


def cmd_export(args) -> None:
    store = _store(args)
    data = store.load_unit_year(CLI, args.unit, args.fy)
    Path(args.out).write_text(dumps(data), encoding="utf-8")
    print(f"wrote {args.out}: {data.unit.code} FY {args.fy}, {len(data.measures)} measures, {len(data.follow_ups)} follow-ups")


def cmd_import_bundle(args) -> None:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {args.file}: {getattr(error, 'strerror', None) or error}") from None
    data = loads(text)  # the whole bundle is checked before the store is touched
    _store(args).replace_unit_year(Actor.system("cli import-bundle"), data)
    print(f"imported {data.unit.code} FY {data.fiscal_year}: {len(data.measures)} measures, {len(data.follow_ups)} follow-ups")


def _sheets(args):
    """(the SQL store, gspread's HTTP client for the configured service account)."""
    sql, http, _ = _sheets_settings(args)
    return sql, http


def _sheets_settings(args):
    """(the SQL store, gspread's HTTP client, the service account's e-mail)."""
    from ita_dash.store import sheets_client, sheets_settings

    settings = sheets_settings()
    if not settings:
        raise CommandError("Google Sheets is not configured: put the service account under [connections.gsheets] in "
                           ".streamlit/secrets.toml (README, Configuration)")
    store = _store(args)
    return getattr(store, "sql", store), sheets_client(settings), str(settings.get("client_email", ""))


def _google(spreadsheet_id: str, service_email: str, run):
    """A request to Google whose failure is one line saying what to do (no traceback)."""
    from ita_dash.store.sheets import faults

    try:
        return run()
    except faults.GOOGLE_ERRORS as error:
        raise CommandError(faults.describe(error, service_email, spreadsheet_id)[1]) from None


def cmd_sheets_provision(args) -> None:
    from ita_dash.store.sheets.provision import provision

    sql, http, service = _sheets_settings(args)
    data = sql.load_unit_year(CLI, args.unit, args.fy)
    done = _google(args.spreadsheet, service, lambda: provision(http, args.spreadsheet, data, sql.list_users(CLI), service))
    print(f"provisioned {args.spreadsheet} for {args.unit} FY {args.fy}: {len(data.measures)} measures, "
          f"{done.requests} Sheets API requests; monthly reports protected per section: "
          f"{', '.join(done.protected_sections) or '-'}")
    if done.sections_without_email:
        print("no section head e-mail (only the chief may edit their reports): " + ", ".join(done.sections_without_email))
    if done.shared:
        print("shared with (editor): " + ", ".join(done.shared))
    for warning in done.warnings:
        print("warning / คำเตือน: " + warning)


def _linked_sheet(args, sql) -> str:
    from ita_dash.store import configured_links, sheets_settings

    spreadsheet = getattr(args, "spreadsheet", None) or {**sql.sheet_links(), **configured_links(
        sheets_settings() or {})}.get((args.unit, args.fy))
    if not spreadsheet:
        raise CommandError(f"{args.unit} FY {args.fy} is not linked to a sheet: give --spreadsheet or run `sheets link`")
    return spreadsheet


def cmd_sheets_sync(args) -> None:
    from ita_dash.store.sheets.provision import sync_protections

    sql, http, service = _sheets_settings(args)
    spreadsheet = _linked_sheet(args, sql)
    warnings = _google(spreadsheet, service, lambda: sync_protections(http, spreadsheet, args.unit,
                                                                       sql.list_users(CLI), service))
    print(f"{args.unit} FY {args.fy}: each section's report cells protected on the rows holding its measures now "
          f"({spreadsheet})")
    for warning in warnings:
        print("warning / คำเตือน: " + warning)


def cmd_sheets_check(args) -> None:
    from ita_dash.store.sheets.provision import check_sheet

    sql, http, service = _sheets_settings(args)
    spreadsheet = _linked_sheet(args, sql)
    found = check_sheet(http, spreadsheet, args.unit, args.fy, sql.list_users(CLI), service)
    if not found:
        print(f"{args.unit} FY {args.fy}: sheet {spreadsheet} OK (access, tabs, headers, codes, protections, sharing)")
        return
    for line in found:
        print("  - " + line)
    raise CommandError(f"{args.unit} FY {args.fy}: {len(found)} problem(s) in sheet {spreadsheet} "
                       f"(พบปัญหา {len(found)} รายการ — ดูรายการด้านบน)")


def cmd_sheets_export(args) -> None:
    from ita_dash.store.sheets import layout
    from ita_dash.store.sheets.provision import ordered_for_sheet, write_values

    sql, http = _sheets(args)
    tabs = {s["properties"]["title"] for s in http.spreadsheets_get(args.spreadsheet).get("sheets", [])}
    if missing := [tab for tab in layout.TABS if tab not in tabs]:
        raise CommandError(f"the spreadsheet has no tab {', '.join(missing)}: run `sheets provision` first")
    data = ordered_for_sheet(sql.load_unit_year(CLI, args.unit, args.fy))
    write_values(http, args.spreadsheet, data)
    print(f"exported {args.unit} FY {args.fy} to {args.spreadsheet}: {len(data.measures)} measures, "
          f"{len(data.follow_ups)} monthly reports")


def cmd_sheets_import(args) -> None:
    from ita_dash.store.sheets.source import SheetsSource

    sql, http = _sheets(args)
    read = SheetsSource(http, ttl=0).read(args.spreadsheet, args.fy)
    if read.problems:
        lines = "\n".join("  " + p.text() for p in read.problems)
        raise CommandError(f"nothing imported: {len(read.problems)} cells do not parse\n{lines}")
    if read.data.unit.code != args.unit:
        raise CommandError(f"the sheet is unit {read.data.unit.code}, not {args.unit} (tab ตั้งค่า)")
    try:  # a unit the database knows keeps its name and place; a new one comes as the sheet's ตั้งค่า tab says
        current = sql.load_unit_year(CLI, args.unit, args.fy)
        data = read.data.model_copy(update={"unit": current.unit, "province": current.province,
                                            "region": current.region})
    except StoreError:
        data = read.data
    sql.replace_unit_year(Actor.system("cli sheets import"), data)
    print(f"imported {args.unit} FY {args.fy} from {args.spreadsheet}: {len(data.measures)} measures, "
          f"{len(data.follow_ups)} monthly reports")


def cmd_sheets_link(args) -> None:
    store = _store(args)
    sql = getattr(store, "sql", store)
    sql.link_sheet(Actor.system("cli sheets link"), args.unit, args.fy, None if args.unlink else args.spreadsheet)
    where = "the database" if args.unlink else f"Google Sheet {args.spreadsheet}"
    print(f"{args.unit} FY {args.fy} is now read from {where}")



# -- issue 13: bringing a province on board ----------------------------------------------------------------------


def _read_list(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None


def cmd_units_import(args) -> None:
    """Regions, provinces and units from a list (.xlsx/.csv): preview, problems with their rows, all or nothing."""
    from ita_dash.importers.units import UNIT_FIELD_LABELS, preview

    store = _store(args)
    found = preview(Path(args.file).name, _read_list(args.file), store.list_regions(CLI), store.list_provinces(CLI))
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


def _sections_by_unit(store) -> dict:
    return {unit.code: [s for s, retired in store.list_sections(CLI, unit.code) if not retired]
            for unit in store.list_units(CLI)}


def cmd_users_import(args) -> None:
    """Accounts from a list: each new one gets a one-time password, printed only on the sign-in slips (--slips)."""
    from ita_dash.importers.accounts import preview
    from ita_dash.reports.slips import Slip, app_address, sign_in_slips_pdf

    store = _store(args)
    found = preview(Path(args.file).name, _read_list(args.file), store.list_units(CLI), _sections_by_unit(store),
                    store.list_provinces(CLI), store.list_regions(CLI))
    for row, reason in found.problems:
        print(f"  problem row {row}: {reason}")
    if found.problems:
        raise CommandError(f"{len(found.problems)} row(s) cannot be read: no account made — correct them and run again")
    if not found.lines:
        raise CommandError("no account could be read from the file")
    users = [line.user for line in found.lines]
    would, _ = store.import_users(CLI, users, dry_run=True)
    if args.dry_run or (would["added"] and not args.slips):
        print(f"{len(would['added'])} accounts would be added, {len(would['changed'])} changed, "
              f"{len(would['unchanged'])} unchanged")
        if not args.dry_run:
            raise CommandError("new accounts need --slips FILE.pdf: their one-time passwords are printed there and "
                               "nowhere else")
        print("dry run: nothing written")
        return
    if args.slips and not Path(args.slips).resolve().parent.is_dir():
        raise CommandError(f"no folder for {args.slips}")
    outcome, passwords = store.import_users(CLI, users)
    print(f"accounts: {len(outcome['added'])} added, {len(outcome['changed'])} changed, "
          f"{len(outcome['unchanged'])} unchanged")
    if passwords:
        slips = [Slip(line.unit_name, line.user.display_name, thai(line.user.role), line.user.username,
                      passwords[line.user.username]) for line in found.lines if line.user.username in passwords]
        Path(args.slips).write_bytes(sign_in_slips_pdf(slips, app_address(args.app_url)))
        print(f"wrote {len(slips)} sign-in slips to {args.slips} (the only copy of the one-time passwords)")


def cmd_users_reissue(args) -> None:
    """New one-time passwords for the named accounts, printed on sign-in slips only."""
    from ita_dash.reports.slips import Slip, app_address, sign_in_slips_pdf

    store = _store(args)
    users = []
    for username in args.usernames:
        user = store.get_user(username)
        if user is None:
            raise CommandError(f"no account {username}")
        users.append(user)
    if not Path(args.slips).resolve().parent.is_dir():
        raise CommandError(f"no folder for {args.slips}")
    units = {u.code: u.name for u in store.list_units(CLI)}
    provinces = {p.code: p.name for p in store.list_provinces(CLI)}
    regions = {r.code: r.name for r in store.list_regions(CLI)}
    passwords = store.reissue_one_time_passwords(CLI, [u.username for u in users])
    slips = [Slip(units.get(u.unit_code or "") or provinces.get(u.province_code or "") or regions.get(u.region_code or "", ""),
                  u.display_name or u.username, thai(u.role), u.username, passwords[u.username]) for u in users]
    Path(args.slips).write_bytes(sign_in_slips_pdf(slips, app_address(args.app_url)))
    print(f"wrote {len(slips)} sign-in slips to {args.slips}; the old passwords no longer work")

# -- parser -------------------------------------------------------------------------------------------------


class _Command(argparse.ArgumentParser):
    """A command's parser: it takes ``--db`` after the command's name too (``synth --stations 1500 --db URL``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_argument("--db", default=argparse.SUPPRESS, help="database URL for this command")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ita_dash", description="ITA Command Dashboard: administration")
    parser.add_argument("--db", help="database URL (default: ITA_DATABASE_URL, secrets.toml, or data/ita.db)")
    parser.add_argument("--templates", default=str(TEMPLATES_DIR), help="template folder (default: data/templates)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Command)

    commands.add_parser("init-db", help="create or migrate the database schema").set_defaults(run=cmd_init_db)

    setup = commands.add_parser("setup", help="first start of a real installation: the schema and the first "
                                "administrator (password asked twice, or two lines on standard input)")
    setup.add_argument("--admin", required=True, metavar="USERNAME", help="the first administrator's username")
    setup.add_argument("--name", help="display name")
    setup.add_argument("--email", help="e-mail")
    setup.set_defaults(run=cmd_setup)

    demo = commands.add_parser("demo", help="build the demo province (8 police stations, 1 immigration unit)")
    demo.add_argument("--reset", action="store_true", help="delete the demo province first and rebuild it")
    demo.add_argument("--as-of", type=_date, help="the date the demo data runs up to (default: today in Bangkok)")
    demo.set_defaults(run=cmd_demo)

    fake = commands.add_parser("synth", help="build a synthetic country for benchmarks and load tests (replaces the "
                               "previous one; codes start with SYN-)")
    fake.add_argument("--stations", type=int, default=1500, help="police stations (default 1500); each province of "
                      "about 20 also gets one immigration unit")
    fake.add_argument("--fy", type=int, default=fiscal_year_of(today_bangkok()), help="fiscal year (default: this one)")
    fake.add_argument("--as-of", type=_date, help="reports run up to this date (default: today, or the fiscal year's end)")
    fake.set_defaults(run=cmd_synth)

    sheets = commands.add_parser("sheets", help="Google Sheets: provision, export, import, link, sync, check").add_subparsers(
        dest="sheets_command", required=True, metavar="SHEETS_COMMAND")
    for name, run, text in (
            ("provision", cmd_sheets_provision, "write tabs, headers, dropdowns, colours, per-section protection and "
                                                "the unit's data into a spreadsheet"),
            ("export", cmd_sheets_export, "copy the unit's year from the database into its (provisioned) sheet"),
            ("import", cmd_sheets_import, "copy the unit's year from its sheet into the database (all or nothing)"),
            ("link", cmd_sheets_link, "read and write the unit's year in the sheet from now on (--unlink: back "
                                      "to the database)"),
            ("sync", cmd_sheets_sync, "protect each section's report cells on the rows holding its measures now "
                                      "(after a sort or new rows)"),
            ("check", cmd_sheets_check, "check access, tabs, headers, codes, protections and sharing of the unit's "
                                        "sheet; exit 1 when something is wrong")):
        command = sheets.add_parser(name, help=text)
        command.add_argument("--unit", required=True)
        command.add_argument("--fy", type=int, required=True)
        command.add_argument("--spreadsheet", required=name not in ("link", "sync", "check"),
                             help="the spreadsheet id (from its address; sync/check: default the linked one)")
        if name == "link":
            command.add_argument("--unlink", action="store_true")
        command.set_defaults(run=run)

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

    templates = commands.add_parser("templates", help="ITA framework templates").add_subparsers(
        dest="templates_command", required=True, metavar="ACTION")
    templates.add_parser("list", help="template files and this year's derived templates").set_defaults(run=cmd_templates_list)
    templates.add_parser("validate", help="check every template file").set_defaults(run=cmd_templates_validate)
    show = templates.add_parser("show", help="one template, e.g. police-station-2568 or police-station-2570 (derived)")
    show.add_argument("key")
    show.add_argument("--json", action="store_true", help="print JSON (indicators, oit_items, calendar, quotas, sections)")
    show.set_defaults(run=cmd_templates_show)

    status = commands.add_parser("status", help="the dashboard's lights with reasons for one unit (Thai text or JSON)")
    status.add_argument("--unit", required=True, help="unit code")
    status.add_argument("--fy", required=True, type=int, help="fiscal year (พ.ศ.), e.g. 2570")
    status.add_argument("--as-of", type=_date, help="the day to judge (default: today in Bangkok)")
    status.add_argument("--json", action="store_true", help="print JSON: indicators, quotas, readiness, milestones")
    status.set_defaults(run=cmd_status)

    orders = commands.add_parser("orders", help="the chair's orders (ข้อสั่งการของประธาน)").add_subparsers(
        dest="orders_command", required=True)
    listing = orders.add_parser("list", help="one unit's orders of a fiscal year, with where each stands")
    listing.add_argument("--unit", required=True, help="unit code")
    listing.add_argument("--fy", required=True, type=int, help="fiscal year (พ.ศ.), e.g. 2570")
    listing.add_argument("--as-of", type=_date, help="the day to judge (default: today in Bangkok)")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=cmd_orders_list)
    links = commands.add_parser("links", help="OIT and evidence links: check that assessors can open them").add_subparsers(
        dest="links_command", required=True, metavar="ACTION")
    check = links.add_parser("check", help="fetch every OIT link and evidence link of a unit or a province's units")
    check.add_argument("--unit", help="unit code")
    check.add_argument("--province", help="province code: every unit of it")
    check.add_argument("--fy", required=True, type=int, help="fiscal year (พ.ศ.), e.g. 2570")
    check.add_argument("--force", action="store_true", help="fetch again even links checked within the cache time")
    check.add_argument("--json", action="store_true", help="print JSON: every link with state, final URL, date")
    check.set_defaults(run=cmd_links_check)

    page = commands.add_parser("oit-page", help="write the unit's static ITA web page (index.html) and the OIT list "
                                               "(.xlsx, .csv) into a folder")
    page.add_argument("--unit", required=True, help="unit code")
    page.add_argument("--fy", required=True, type=int, help="fiscal year (พ.ศ.), e.g. 2570")
    page.add_argument("--out", required=True, help="output folder (created if missing)")
    page.set_defaults(run=cmd_oit_page)

    remind = commands.add_parser("remind", help="e-mail section heads who are late and OIT owners with items due, "
                                               "and the chief a weekly digest (for cron; never twice a day)")
    remind.add_argument("--dry-run", action="store_true", help="show who would get what; send and log nothing")
    remind.add_argument("--as-of", type=_date, help="the day to judge (default: today in Bangkok)")
    remind.add_argument("--unit", help="only this unit")
    remind.add_argument("--verbose", action="store_true", help="with --dry-run: print each message's text")
    remind.set_defaults(run=cmd_remind)

    kept = commands.add_parser("figures", help="unit figures kept in the database for the province and national "
                                               "views").add_subparsers(dest="figures_command", required=True,
                                                                       metavar="ACTION")
    refresh = kept.add_parser("refresh", help="compute and keep every unit's figures of today and of the end of last "
                                              "month, and prune old days (for cron, nightly)")
    refresh.add_argument("--fy", type=int, help="fiscal year (พ.ศ.) (default: the one of --as-of)")
    refresh.add_argument("--as-of", type=_date, help="the day to judge (default: today in Bangkok)")
    refresh.add_argument("--keep-days", type=int, default=45, help="keep the figures of this many days back (45)")
    refresh.set_defaults(run=cmd_figures_refresh)

    users = commands.add_parser("users", help="accounts: add, list, reset-password, disable").add_subparsers(
        dest="users_command", required=True, metavar="ACTION")
    add = users.add_parser("add", help="add an account; the password is read from standard input or asked")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--unit", help="unit code (chief, section_head, viewer)")
    add.add_argument("--section", help="section code (section_head)")
    add.add_argument("--province", help="province code (province)")
    add.add_argument("--region", help="region code (region: reads every unit of the region)")
    add.add_argument("--name", help="display name")
    add.add_argument("--email", help="e-mail (section heads: the Google Sheet protection uses it)")
    add.set_defaults(run=cmd_users_add)
    users.add_parser("list", help="every account with role, scope and state").set_defaults(run=cmd_users_list)
    reset = users.add_parser("reset-password", help="set a new password (read from standard input or asked)")
    reset.add_argument("username")
    reset.set_defaults(run=cmd_users_reset_password)
    disable = users.add_parser("disable", help="stop an account from signing in")
    disable.add_argument("username")
    disable.add_argument("--enable", action="store_true", help="let it sign in again")
    disable.set_defaults(run=cmd_users_disable)
    users_import = users.add_parser("import", help="accounts from a list (.xlsx/.csv); new ones get one-time "
                                    "passwords printed on sign-in slips")
    users_import.add_argument("file")
    users_import.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    users_import.add_argument("--slips", help="write the sign-in slips (PDF) here: needed when accounts are added")
    users_import.add_argument("--app-url", help="the app's address printed on the slips (default: ITA_APP_URL)")
    users_import.set_defaults(run=cmd_users_import)
    reissue = users.add_parser("reissue", help="new one-time passwords on sign-in slips (a lost slip, a spent password)")
    reissue.add_argument("usernames", nargs="+", metavar="USERNAME")
    reissue.add_argument("--slips", required=True, help="write the sign-in slips (PDF) here")
    reissue.add_argument("--app-url", help="the app's address printed on the slips (default: ITA_APP_URL)")
    reissue.set_defaults(run=cmd_users_reissue)

    report = commands.add_parser("report", help="write a report: summary|province (.pdf), results (.pdf/.xlsx/.docx), "
                                              "monthly (.pdf/.xlsx)")
    report.add_argument("kind", choices=list(REPORT_FORMATS))
    report.add_argument("--unit", help="unit code (summary, results, monthly)")
    report.add_argument("--province", help="province code (province)")
    report.add_argument("--fy", required=True, type=int, help="fiscal year (พ.ศ.), e.g. 2570")
    report.add_argument("--as-of", type=_date, help="the day to judge (default: today in Bangkok)")
    report.add_argument("--month", help="monthly: YYYY-MM (default: the last month that has ended)")
    report.add_argument("--out", required=True, help="output file; the format comes from its extension")
    report.set_defaults(run=cmd_report)

    export = commands.add_parser("export", help="write one unit's fiscal year as a bundle (JSON)")
    export.add_argument("--unit", required=True, help="unit code")
    export.add_argument("--fy", required=True, type=int, help="fiscal year (พ.ศ.), e.g. 2570")
    export.add_argument("--out", required=True, help="output file")
    export.set_defaults(run=cmd_export)

    plan = commands.add_parser("import-plan", help="bring in a measures plan from .xlsx or .csv (all or nothing)")
    plan.add_argument("file")
    plan.add_argument("--unit", required=True, help="unit code")
    plan.add_argument("--fy", required=True, type=int, help="fiscal year (พ.ศ.), e.g. 2570")
    plan.add_argument("--dry-run", action="store_true", help="show what would be imported, write nothing")
    plan.add_argument("--json", action="store_true", help="print JSON: rows, mapping, problems")
    dates = plan.add_mutually_exclusive_group()
    dates.add_argument("--move-dates", type=int, metavar="N",
                       help="move every date N whole years (same day and month), e.g. a last-year plan: 1")
    dates.add_argument("--keep-dates", action="store_true", help="import the dates as written even if in another year")
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

    bundle = commands.add_parser("import-bundle", help="replace a unit's fiscal year with a bundle (all or nothing)")
    bundle.add_argument("file")
    bundle.set_defaults(run=cmd_import_bundle)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.run(args)
    except BrokenPipeError:  # output piped into `head`: nothing to report
        sys.stderr.close()
        return 0
    except (CommandError, TemplateError, BundleError, StoreError, NotAllowed, InvalidEntry, PlanFileError,
            MailSettingsError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error.strerror or error}: {getattr(error, 'filename', '') or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except Exception as error:  # a database that does not answer, for example
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        print(f"error: {type(error).__name__}: {message}", file=sys.stderr)
        return 1
    return 0
