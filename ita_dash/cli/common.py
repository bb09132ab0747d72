"""What every command shares: the actor the command line acts as, its one-line error, the store and templates of
the run, a date argument, a password or a file read, and the parser class of a command."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from pathlib import Path

from ita_dash.domain.framework import TemplateLibrary
from ita_dash.domain.model import Actor
from ita_dash.store import database_url, open_store

# The command line is run by whoever runs the server: it acts as an administrator under its own name.
CLI = Actor.system("cli")


class CommandError(Exception):
    """A failure to report in one line."""


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


FY_HELP = "fiscal year (พ.ศ.), e.g. 2570"
AS_OF_HELP = "the day to judge (default: today in Bangkok)"


def fy_option(parser: argparse.ArgumentParser) -> None:
    """``--fy YEAR``, required: the fiscal year a command works on."""
    parser.add_argument("--fy", required=True, type=int, help=FY_HELP)


def as_of_option(parser: argparse.ArgumentParser) -> None:
    """``--as-of DATE``: the day a command judges (default: today in Bangkok)."""
    parser.add_argument("--as-of", type=iso_date, help=AS_OF_HELP)


def unit_year_options(parser: argparse.ArgumentParser, *, as_of: bool = False) -> None:
    """``--unit CODE --fy YEAR``, both required: a command on one unit's fiscal year; ``--as-of DATE`` too for one
    that judges a day."""
    parser.add_argument("--unit", required=True, help="unit code")
    fy_option(parser)
    if as_of:
        as_of_option(parser)


def command_templates(args) -> TemplateLibrary:
    return TemplateLibrary.load(Path(args.templates))


def command_store(args):
    return open_store(args.db or database_url())


def ask_new_password() -> str:
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


def read_password(args) -> str:
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


def read_list(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None


LIGHT_WORDS = {"red": "แดง", "amber": "เหลือง", "green": "เขียว", "grey": "เทา"}


def latest_link_checks(store, data) -> dict:
    """The last check of each of the unit's links: broken OIT links colour their items (issue 19)."""
    from ita_dash.domain.links import unit_links

    return store.link_checks(CLI, [ref.url for ref in unit_links(data)])


class CommandParser(argparse.ArgumentParser):
    """A command's parser: it takes ``--db`` after the command's name too (``synth --stations 1500 --db URL``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_argument("--db", default=argparse.SUPPRESS, help="database URL for this command")
