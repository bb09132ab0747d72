"""Publication, for cron: ``links check`` (can assessors open every link?) and ``remind`` (e-mails)."""

from __future__ import annotations

import json
import sys

from ita_dash.cli.common import CLI, CommandError, as_of_option, command_store, command_templates, fy_option
from ita_dash.domain.model import Actor
from ita_dash.domain.thaidate import format_date, today_bangkok


def cmd_links_check(args) -> None:
    from ita_dash.domain.links import thai_state
    from ita_dash.outbound.links import check_units, environment_options

    if bool(args.unit) == bool(args.province):
        raise CommandError("give --unit CODE or --province CODE")
    store = command_store(args)
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


def cmd_remind(args) -> None:
    from ita_dash.domain.reminders import REMINDER_KIND_LABELS
    from ita_dash.outbound import reminders
    from ita_dash.outbound.mail import Mailer, app_base_url, smtp_settings

    store = command_store(args)
    as_of = args.as_of or today_bangkok()
    base_url = app_base_url()
    factory = None
    if not args.dry_run:
        settings = smtp_settings()
        factory = lambda: Mailer(settings)  # noqa: E731 - opened only when something is to be sent
    run = reminders.run(store, command_templates(args), Actor.system("remind"), as_of, base_url, dry_run=args.dry_run,
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


def register_check(commands) -> None:
    """``links check``."""
    links = commands.add_parser("links", help="OIT and evidence links: check that assessors can open them").add_subparsers(
        dest="links_command", required=True, metavar="ACTION")
    check = links.add_parser("check", help="fetch every OIT link and evidence link of a unit or a province's units")
    check.add_argument("--unit", help="unit code")
    check.add_argument("--province", help="province code: every unit of it")
    fy_option(check)
    check.add_argument("--force", action="store_true", help="fetch again even links checked within the cache time")
    check.add_argument("--json", action="store_true", help="print JSON: every link with state, final URL, date")
    check.set_defaults(run=cmd_links_check)


def register_remind(commands) -> None:
    """``remind``."""
    remind = commands.add_parser("remind", help="e-mail section heads who are late and OIT owners with items due, "
                                               "and the chief a weekly digest (for cron; never twice a day)")
    remind.add_argument("--dry-run", action="store_true", help="show who would get what; send and log nothing")
    as_of_option(remind)
    remind.add_argument("--unit", help="only this unit")
    remind.add_argument("--verbose", action="store_true", help="with --dry-run: print each message's text")
    remind.set_defaults(run=cmd_remind)
