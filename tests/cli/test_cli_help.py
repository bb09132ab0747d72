"""The command line's surface is fixed: ``--help`` of every command and sub-command, and what each option parses
into, compared with ``tests/fixtures/cli_help.txt`` (written from the command line as it was before its split into
a package, issue 24).

After a deliberate change to the command line, rewrite the fixture with ``python tests/cli/test_cli_help.py`` and
review the diff.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "cli_help.txt"
COLUMNS = "100"  # argparse wraps to the terminal's width: fix it


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(command path, parser) for the parser and every sub-command under it, depth first, in --help order."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _default(action: argparse.Action, this_year: int) -> str:
    if action.default is argparse.SUPPRESS:
        return "SUPPRESS"
    if callable(action.default):
        return getattr(action.default, "__name__", repr(action.default))
    if action.default == this_year and action.type is int:
        return "<this fiscal year>"  # `--fy` defaults to today's fiscal year: stable across a new year
    return repr(action.default).replace(str(ROOT), "<checkout>")  # `--templates`: the checkout's data/templates


def _options(parser: argparse.ArgumentParser, this_year: int) -> list[str]:
    """What --help does not show: each option's type, default, nargs, and the command function it runs."""
    lines = []
    for action in parser._actions:
        if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
            continue
        type_name = getattr(action.type, "__name__", repr(action.type)) if action.type else "-"
        lines.append(f"  {'/'.join(action.option_strings) or action.dest}: dest={action.dest} "
                     f"kind={type(action).__name__} type={type_name} nargs={action.nargs} const={action.const!r} "
                     f"required={action.required} choices={action.choices!r} default={_default(action, this_year)}")
    for key, value in sorted(parser._defaults.items()):
        lines.append(f"  default {key}={getattr(value, '__name__', value)!r}")
    return lines


def render() -> str:
    """The whole surface as text (needs COLUMNS set before the parsers format their help)."""
    from ita_dash.cli import build_parser
    from ita_dash.domain.fiscal import fiscal_year_of
    from ita_dash.domain.thaidate import today_bangkok

    this_year = fiscal_year_of(today_bangkok())
    parts = []
    for path, parser in _parsers(build_parser()):
        title = " ".join(path) or "(top level)"
        parts.append(f"===== {title} --help =====\n{parser.format_help()}")
        parts.append(f"----- {title} options -----\n" + "\n".join(_options(parser, this_year)) + "\n")
    return "\n".join(parts)


def test_every_help_and_option_is_unchanged(monkeypatch):
    monkeypatch.setenv("COLUMNS", COLUMNS)
    assert render() == FIXTURE.read_text(encoding="utf-8")


def test_python_m_ita_dash_help_is_the_top_level_help(monkeypatch):
    result = subprocess.run([sys.executable, "-m", "ita_dash", "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "COLUMNS": COLUMNS, "PYTHONIOENCODING": "utf-8"})
    assert result.returncode == 0, result.stderr
    top = FIXTURE.read_text(encoding="utf-8").split("===== (top level) --help =====\n", 1)[1]
    assert top.startswith(result.stdout)


def test_the_walk_reaches_every_sub_command(monkeypatch):
    """A walk that stopped at the top would compare nothing below it."""
    monkeypatch.setenv("COLUMNS", COLUMNS)
    text = render()
    for command in ("sheets provision", "units import", "users reissue", "figures refresh", "links check",
                    "orders list", "templates show", "import-bundle"):
        assert f"===== {command} --help =====" in text


if __name__ == "__main__":
    os.environ["COLUMNS"] = COLUMNS
    sys.path.insert(0, str(ROOT))
    FIXTURE.write_text(render(), encoding="utf-8")
    print(f"wrote {FIXTURE}")
