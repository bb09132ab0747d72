"""``python -m ita_dash``: the command line for administrators and scheduled jobs.

Every command has ``--help`` and, on failure, exits non-zero with a one-line reason on stderr.

One module per command group, each holding its ``cmd_*`` functions and the options of its commands:
``setup`` (init-db, setup, demo, synth), ``plan`` (templates, import-plan, copy-plan, parse), ``units`` (units,
status, figures), ``users``, ``reports`` (report, oit-page, orders), ``sheets``, ``links`` (links check, remind),
``bundle`` (export, import-bundle), ``framework`` (oit, minimums, remove, layout); ``common`` holds what they share.
"""

from __future__ import annotations

import argparse
import sys

from ita_dash.cli import bundle, framework, links, plan, reports, setup, sheets, units, users
from ita_dash.cli.common import CLI, CommandError, CommandParser
from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.framework import TEMPLATES_DIR, TemplateError
from ita_dash.domain.permissions import NotAllowed
from ita_dash.importers.plan import PlanFileError
from ita_dash.outbound.mail import MailSettingsError
from ita_dash.store import StoreError
from ita_dash.store.bundle import BundleError

__all__ = ["CLI", "CommandError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ita_dash", description="ITA Command Dashboard: administration")
    parser.add_argument("--db", help="database URL (default: ITA_DATABASE_URL, secrets.toml, or data/ita.db)")
    parser.add_argument("--templates", default=str(TEMPLATES_DIR), help="template folder (default: data/templates)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=CommandParser)

    # Each group module owns its commands and their options; called in the order --help has always listed them
    # (tests/cli/test_cli_help.py holds that surface fixed).
    setup.register(commands)  # init-db, setup, demo, synth
    sheets.register(commands)
    units.register_units(commands)
    plan.register_templates(commands)
    units.register_status(commands)
    reports.register_orders(commands)
    links.register_check(commands)
    reports.register_oit_page(commands)
    links.register_remind(commands)
    units.register_figures(commands)
    users.register(commands)
    reports.register_report(commands)
    bundle.register_export(commands)
    plan.register(commands)  # import-plan, copy-plan, parse
    bundle.register_import(commands)
    framework.register(commands)  # framework oit|minimums|remove|layout (issue 32)
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
