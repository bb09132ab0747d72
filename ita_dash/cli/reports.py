"""What a unit hands over: ``report`` (PDF, Excel, Word), ``oit-page``, ``orders list``."""

from __future__ import annotations

import json
from pathlib import Path

from ita_dash.cli.common import (
    CLI,
    LIGHT_WORDS,
    CommandError,
    as_of_option,
    command_store,
    command_templates,
    fy_option,
    latest_link_checks,
    unit_year_options,
)
from ita_dash.domain.status import assess_unit
from ita_dash.domain.thaidate import format_date, today_bangkok


def cmd_orders_list(args) -> None:
    """The chair's orders of one unit's year, with where each stands today (issue 17)."""
    from ita_dash.domain.orders import ORDER_STATUS_LABELS, assess_orders

    store = command_store(args)
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
        print(f"[{LIGHT_WORDS.get(s.light.value, s.light.value)}] {s.order.label} ({format_date(s.order.meeting_on)}) "
              f"{s.order.text} — {', '.join(s.order.sections)} · กำหนด {due} · "
              f"{ORDER_STATUS_LABELS[s.order.status]} · {s.reason}")


def cmd_oit_page(args) -> None:
    from ita_dash.reports.oit_page import write_oit_page

    store = command_store(args)
    data = store.load_unit_year(CLI, args.unit, args.fy)
    template = store.framework_for(CLI, data.unit, args.fy, command_templates(args))
    if not template.oit_items:
        raise CommandError(f"the template {template.key} has no OIT items")
    for path in write_oit_page(Path(args.out), template, data, store.oit_updated(CLI, args.unit, args.fy)):
        print(f"wrote {path}")


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
    store, templates = command_store(args), command_templates(args)
    as_of = args.as_of or today_bangkok()
    if args.kind == "province":
        found, statuses = province.assess_province(store, CLI, args.province, args.fy, as_of, templates)
        content = province.province_summary_pdf(found, statuses, args.fy, as_of)
    else:
        data = store.load_unit_year(CLI, args.unit, args.fy)
        status = assess_unit(store.framework_for(CLI, data.unit, args.fy, templates), data, as_of,
                             link_checks=latest_link_checks(store, data))
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


def register_orders(commands) -> None:
    """``orders list``."""
    orders = commands.add_parser("orders", help="the chair's orders (ข้อสั่งการของประธาน)").add_subparsers(
        dest="orders_command", required=True)
    listing = orders.add_parser("list", help="one unit's orders of a fiscal year, with where each stands")
    unit_year_options(listing, as_of=True)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(run=cmd_orders_list)


def register_oit_page(commands) -> None:
    """``oit-page``."""
    page = commands.add_parser("oit-page", help="write the unit's static ITA web page (index.html) and the OIT list "
                                               "(.xlsx, .csv) into a folder")
    unit_year_options(page)
    page.add_argument("--out", required=True, help="output folder (created if missing)")
    page.set_defaults(run=cmd_oit_page)


def register_report(commands) -> None:
    """``report``."""
    report = commands.add_parser("report", help="write a report: summary|province (.pdf), results (.pdf/.xlsx/.docx), "
                                              "monthly (.pdf/.xlsx)")
    report.add_argument("kind", choices=list(REPORT_FORMATS))
    report.add_argument("--unit", help="unit code (summary, results, monthly)")
    report.add_argument("--province", help="province code (province)")
    fy_option(report)
    as_of_option(report)
    report.add_argument("--month", help="monthly: YYYY-MM (default: the last month that has ended)")
    report.add_argument("--out", required=True, help="output file; the format comes from its extension")
    report.set_defaults(run=cmd_report)
