"""Setting a database up: ``init-db``, ``setup`` (the first administrator), ``demo``, ``synth``."""

from __future__ import annotations

import time

from pydantic import ValidationError

from ita_dash.cli.common import CommandError, ask_new_password, command_store, command_templates, iso_date
from ita_dash.domain.accounts import User
from ita_dash.domain.fiscal import fiscal_end, fiscal_year_of
from ita_dash.domain.model import Actor, Role, thai
from ita_dash.domain.thaidate import format_date, today_bangkok
from ita_dash.store import synth
from ita_dash.store.demo import DEMO_ACCOUNTS, PROVINCE, build_demo


def cmd_init_db(args) -> None:
    store = command_store(args)
    if store.upgrade_backup is not None:
        print(f"backup before upgrading: {store.upgrade_backup}")
    print(f"schema up to date: {store.url.split('@')[-1]}")


def cmd_demo(args) -> None:
    store = command_store(args)
    library = command_templates(args)
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


def cmd_setup(args) -> None:
    """First start of a real installation: the schema and the first administrator, nothing else."""
    try:
        user = User(username=args.admin, role=Role.ADMIN, display_name=args.name or "", email=args.email or "")
    except ValidationError as error:
        first = error.errors()[0]
        raise CommandError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    store = command_store(args)  # opening it creates or migrates the schema
    store.create_first_admin(user, ask_new_password())
    print(f"schema ready; first administrator {user.username} created. Sign in to the app with it, then bring in "
          "the units (units import FILE) and the accounts (users import FILE --slips slips.pdf).")


def cmd_synth(args) -> None:
    store = command_store(args)
    as_of = min(args.as_of or today_bangkok(), fiscal_end(args.fy))
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"  {done:>5}/{total} units  {time.perf_counter() - started:6.1f} s", flush=True)

    print(f"building a synthetic country: {args.stations} police stations, FY {args.fy}, reports up to {as_of}")
    country = synth.build_country(store, command_templates(args), args.stations, args.fy, as_of, Actor.system("cli synth"),
                                  progress=progress)
    print(f"done: {len(country.regions)} regions, {len(country.provinces)} provinces, {len(country.units)} units "
          f"in {time.perf_counter() - started:.1f} s")


def register(commands) -> None:
    """``init-db``, ``setup``, ``demo``, ``synth``."""
    commands.add_parser("init-db", help="create or migrate the database schema").set_defaults(run=cmd_init_db)

    setup = commands.add_parser("setup", help="first start of a real installation: the schema and the first "
                                "administrator (password asked twice, or two lines on standard input)")
    setup.add_argument("--admin", required=True, metavar="USERNAME", help="the first administrator's username")
    setup.add_argument("--name", help="display name")
    setup.add_argument("--email", help="e-mail")
    setup.set_defaults(run=cmd_setup)

    demo = commands.add_parser("demo", help="build the demo province (8 police stations, 1 immigration unit)")
    demo.add_argument("--reset", action="store_true", help="delete the demo province first and rebuild it")
    demo.add_argument("--as-of", type=iso_date, help="the date the demo data runs up to (default: today in Bangkok)")
    demo.set_defaults(run=cmd_demo)

    fake = commands.add_parser("synth", help="build a synthetic country for benchmarks and load tests (replaces the "
                               "previous one; codes start with SYN-)")
    fake.add_argument("--stations", type=int, default=1500, help="police stations (default 1500); each province of "
                      "about 20 also gets one immigration unit")
    fake.add_argument("--fy", type=int, default=fiscal_year_of(today_bangkok()), help="fiscal year (default: this one)")
    fake.add_argument("--as-of", type=iso_date, help="reports run up to this date (default: today, or the fiscal year's end)")
    fake.set_defaults(run=cmd_synth)
