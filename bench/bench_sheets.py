"""Benchmark: reading units from Google Sheets, over the Sheets API emulator (tests/helpers/sheets_emulator.py).

Run:  .venv/bin/python bench/bench_sheets.py [--latency 0.15] [--runs 5]

The emulator answers at once; ``--latency`` makes every request wait that long first, as a round trip to Google
from a police station would (0.15 s by default). Measures:
  1. one unit of 40 measures: our read (one values:batchGet over every tab) against a naive gspread read (open
     the spreadsheet, then each tab's worksheet and each measure's row one request at a time);
  2. a province of 30 units: our reader four at a time within the quota, against one after the other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests")]

import gspread  # noqa: E402
import requests  # noqa: E402
from timing import describe, timed  # noqa: E402

from helpers.sheets_emulator import BASE, SheetsEmulator  # noqa: E402
from ita_dash.domain.framework import library  # noqa: E402
from ita_dash.store.demo import UNITS, build_unit_year  # noqa: E402
from ita_dash.store.sheets import layout  # noqa: E402
from ita_dash.store.sheets.provision import write_values  # noqa: E402
from ita_dash.store.sheets.source import BoundedBackOffClient, SheetsSource  # noqa: E402

FY, AS_OF = 2569, dt.date(2026, 9, 30)


def unit_of_40(code: str):
    data = build_unit_year(library(), UNITS[0], FY, AS_OF)
    measures = list(data.measures)
    follow_ups = list(data.follow_ups)
    n = 0
    while len(measures) < 40:
        source = data.measures[n % len(data.measures)]
        copy = source.model_copy(update={"code": f"{source.indicator}-{90 + n:02d}"})
        measures.append(copy)
        follow_ups += [f.model_copy(update={"measure_code": copy.code}) for f in data.follow_ups
                       if f.measure_code == source.code]
        n += 1
    return data.model_copy(update={"unit": data.unit.model_copy(update={"code": code}), "measures": measures,
                                   "follow_ups": follow_ups})


def naive_read(client: gspread.Client, spreadsheet_id: str) -> int:
    """What a first gspread script does: open the file, then each tab, then each row."""
    book = client.open_by_key(spreadsheet_id)
    rows = 0
    for tab in layout.TABS:
        sheet = book.worksheet(tab)
        count = len(sheet.col_values(1))
        for number in range(1, count + 1):
            sheet.row_values(number)
            rows += 1
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.15, help="seconds each request waits (a round trip)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    emulator = SheetsEmulator()
    session = requests.Session()
    session.mount(BASE, emulator)
    http = BoundedBackOffClient(auth=None, session=session)
    data = unit_of_40("BENCH-00")
    emulator.create("BENCH-00", tabs=layout.TABS)
    write_values(http, "BENCH-00", data)
    for n in range(1, 31):
        emulator.create(f"BENCH-{n:02d}", tabs=layout.TABS)
        write_values(http, f"BENCH-{n:02d}", unit_of_40(f"BENCH-{n:02d}"))
    print(f"unit: {len(data.measures)} measures, {len(data.follow_ups)} monthly reports; latency {args.latency:.2f} s "
          "per request")

    for latency in (0.0, args.latency):
        emulator.delay = latency
        emulator.reset_counts()
        ours = timed(lambda: SheetsSource(http, ttl=0).read("BENCH-00", FY), args.runs)
        per_run = len(emulator.log) // args.runs
        print(describe(f"one unit, our read (latency {latency:.2f} s)", ours, f"{per_run} request"))
        emulator.reset_counts()
        client = gspread.Client(auth=None, session=session)
        naive = timed(lambda: naive_read(client, "BENCH-00"), max(1, args.runs // 2))
        per_run = len(emulator.log) // max(1, args.runs // 2)
        print(describe(f"one unit, naive row by row (latency {latency:.2f} s)", naive, f"{per_run} requests"))

    emulator.delay = args.latency
    keys = [(f"BENCH-{n:02d}", FY) for n in range(1, 31)]
    emulator.reset_counts()
    started = time.perf_counter()
    SheetsSource(http, ttl=60).read_many(keys)
    together = (time.perf_counter() - started) * 1000
    print(describe("province of 30 units, 4 at a time", [together], f"{len(emulator.log)} requests"))
    emulator.reset_counts()
    source = SheetsSource(http, ttl=60)
    started = time.perf_counter()
    for key in keys:
        source.read(*key)
    print(describe("province of 30 units, one after the other", [(time.perf_counter() - started) * 1000],
                   f"{len(emulator.log)} requests"))
    emulator.reset_counts()
    started = time.perf_counter()
    source.read_many(keys)
    print(describe("province of 30 units again within the TTL", [(time.perf_counter() - started) * 1000],
                   f"{len(emulator.log)} requests"))


if __name__ == "__main__":
    main()
