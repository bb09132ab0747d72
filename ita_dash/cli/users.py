"""Accounts: ``users add|list|reset-password|disable|import|reissue``."""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import ValidationError

from ita_dash.cli.common import CLI, CommandError, command_store, read_list, read_password
from ita_dash.domain.accounts import User
from ita_dash.domain.model import Role, thai
from ita_dash.domain.wording import role_label
from ita_dash.store.demo import DEMO_USERNAMES


def cmd_users_add(args) -> None:
    try:
        user = User(username=args.username, role=Role(args.role), unit_code=args.unit, section_code=args.section,
                    province_code=args.province, region_code=args.region, display_name=args.name or "",
                    email=args.email or "")
    except ValidationError as error:
        first = error.errors()[0]
        raise CommandError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    command_store(args).add_user(CLI, user, read_password(args))
    print(f"added {user.username} ({thai(user.role)})")


def cmd_users_list(args) -> None:
    users = command_store(args).list_users(CLI)
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
    command_store(args).reset_password(CLI, args.username, read_password(args))
    print(f"password of {args.username} reset; the account is unlocked")


def cmd_users_disable(args) -> None:
    command_store(args).set_disabled(CLI, args.username, not args.enable)
    print(f"{args.username} {'enabled' if args.enable else 'disabled'}")


def _sections_by_unit(store) -> dict:
    return {unit.code: [s for s, retired in store.list_sections(CLI, unit.code) if not retired]
            for unit in store.list_units(CLI)}


def cmd_users_import(args) -> None:
    """Accounts from a list: each new one gets a one-time password, printed only on the sign-in slips (--slips)."""
    from ita_dash.importers.accounts import preview
    from ita_dash.reports.slips import Slip, app_address, sign_in_slips_pdf

    store = command_store(args)
    found = preview(Path(args.file).name, read_list(args.file), store.list_units(CLI), _sections_by_unit(store),
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
    for named in outcome["heads"]:  # a section with no head named gets its head's account's name
        print(f"  section head named: {named}")
    if passwords:
        kinds = {u.code: u.kind for u in store.list_units(CLI)}  # a หัวหน้ากอง of an อบต. is named so on the slip
        slips = [Slip(line.unit_name, line.user.display_name, role_label(line.user.role, kinds.get(line.user.unit_code)),
                      line.user.username,
                      passwords[line.user.username]) for line in found.lines if line.user.username in passwords]
        Path(args.slips).write_bytes(sign_in_slips_pdf(slips, app_address(args.app_url)))
        print(f"wrote {len(slips)} sign-in slips to {args.slips} (the only copy of the one-time passwords)")


def cmd_users_reissue(args) -> None:
    """New one-time passwords for the named accounts, printed on sign-in slips only."""
    from ita_dash.reports.slips import Slip, app_address, sign_in_slips_pdf

    store = command_store(args)
    users = []
    for username in args.usernames:
        user = store.get_user(username)
        if user is None:
            raise CommandError(f"no account {username}")
        users.append(user)
    if not Path(args.slips).resolve().parent.is_dir():
        raise CommandError(f"no folder for {args.slips}")
    units = {u.code: u.name for u in store.list_units(CLI)}
    kinds = {u.code: u.kind for u in store.list_units(CLI)}
    provinces = {p.code: p.name for p in store.list_provinces(CLI)}
    regions = {r.code: r.name for r in store.list_regions(CLI)}
    passwords = store.reissue_one_time_passwords(CLI, [u.username for u in users])
    slips = [Slip(units.get(u.unit_code or "") or provinces.get(u.province_code or "") or regions.get(u.region_code or "", ""),
                  u.display_name or u.username, role_label(u.role, kinds.get(u.unit_code)), u.username,
                  passwords[u.username]) for u in users]
    Path(args.slips).write_bytes(sign_in_slips_pdf(slips, app_address(args.app_url)))
    print(f"wrote {len(slips)} sign-in slips to {args.slips}; the old passwords no longer work")


def register(commands) -> None:
    """``users`` and its six actions."""
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
