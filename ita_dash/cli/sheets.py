"""``sheets provision|export|import|link|sync|check``: a unit's year in a Google Sheet."""

from __future__ import annotations

from ita_dash.cli.common import CLI, CommandError, command_store
from ita_dash.domain.model import Actor
from ita_dash.store import StoreError


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
                           ".streamlit/secrets.toml (docs/operations.md, Configuration)")
    store = command_store(args)
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
    from ita_dash.store.sheets.provision import add_missing_columns, sync_protections

    sql, http, service = _sheets_settings(args)
    spreadsheet = _linked_sheet(args, sql)
    kept = {m.code: {"achievement": m.achievement, "outcome": m.outcome}  # texts the database kept for the sheet
            for m in sql.load_unit_year(CLI, args.unit, args.fy).measures}
    added = _google(spreadsheet, service, lambda: add_missing_columns(http, spreadsheet, kept))
    if added:
        print(f"{args.unit} FY {args.fy}: columns added to the measures tab / เพิ่มคอลัมน์: {', '.join(added)}")
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
    tabs = layout.tab_titles(s["properties"]["title"] for s in http.spreadsheets_get(args.spreadsheet).get("sheets", []))
    if missing := [tab for tab in layout.TABS if tab not in tabs]:
        raise CommandError(f"the spreadsheet has no tab {', '.join(missing)}: run `sheets provision` first")
    data = ordered_for_sheet(sql.load_unit_year(CLI, args.unit, args.fy))
    write_values(http, args.spreadsheet, data, titles=tabs)  # a local administration's sections tab: "กอง"
    print(f"exported {args.unit} FY {args.fy} to {args.spreadsheet}: {len(data.measures)} measures, "
          f"{len(data.follow_ups)} monthly reports")
    own = [e for e in sql.framework_entries(CLI, args.unit, args.fy) if e.unit_code == args.unit]
    if own:  # said, not silently dropped: the sheet has no tab for them; `sheets import` leaves them as they are
        print(f"not in the sheet: {len(own)} framework entries of the unit (a Google Sheet does not hold them; they "
              "stay in the database and in `export` bundles) / ข้อมูลกรอบการประเมินที่กรอกไว้อยู่ในฐานข้อมูล ไม่อยู่ในชีต")


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
    store = command_store(args)
    sql = getattr(store, "sql", store)
    sql.link_sheet(Actor.system("cli sheets link"), args.unit, args.fy, None if args.unlink else args.spreadsheet)
    where = "the database" if args.unlink else f"Google Sheet {args.spreadsheet}"
    print(f"{args.unit} FY {args.fy} is now read from {where}")


def register(commands) -> None:
    """``sheets`` and its six actions."""
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
