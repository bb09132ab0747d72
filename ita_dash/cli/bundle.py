"""One unit's fiscal year as a JSON bundle: ``export`` and ``import-bundle``."""

from __future__ import annotations

from pathlib import Path

from ita_dash.cli.common import CLI, CommandError, command_store, unit_year_options
from ita_dash.domain.model import Actor
from ita_dash.store.bundle import dumps, loads, unit_entries


def cmd_export(args) -> None:
    store = command_store(args)
    data = store.load_unit_year(CLI, args.unit, args.fy)
    entries = unit_entries(store.framework_entries(CLI, args.unit, args.fy), args.unit, args.fy)
    Path(args.out).write_text(dumps(data, entries), encoding="utf-8")
    print(f"wrote {args.out}: {data.unit.code} FY {args.fy}, {len(data.measures)} measures, {len(data.follow_ups)} follow-ups, "
          f"{len(entries)} framework entries")


def cmd_import_bundle(args) -> None:
    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {args.file}: {getattr(error, 'strerror', None) or error}") from None
    data = loads(text)  # the whole bundle is checked before the store is touched
    command_store(args).replace_unit_year(Actor.system("cli import-bundle"), data, data.framework_entries)
    entries = "framework entries left as they were (format 1)" if data.framework_entries is None else \
        f"{len(data.framework_entries)} framework entries"
    print(f"imported {data.unit.code} FY {data.fiscal_year}: {len(data.measures)} measures, {len(data.follow_ups)} follow-ups, "
          f"{entries}")


def register_export(commands) -> None:
    """``export``."""
    export = commands.add_parser("export", help="write one unit's fiscal year as a bundle (JSON)")
    unit_year_options(export)
    export.add_argument("--out", required=True, help="output file")
    export.set_defaults(run=cmd_export)


def register_import(commands) -> None:
    """``import-bundle``."""
    bundle = commands.add_parser("import-bundle", help="replace a unit's fiscal year with a bundle (all or nothing)")
    bundle.add_argument("file")
    bundle.set_defaults(run=cmd_import_bundle)
