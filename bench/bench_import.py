"""Benchmark: previewing a 1,000-row plan (the importer's whole read: header, mapping, parsing, owners).

Run:  .venv/bin/python bench/bench_import.py [--rows 1000]

The file is seed 001's measures table (with its page headers and blank rows) repeated to the size, as .xlsx and .csv.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_import import as_csv, as_xlsx, seed_rows  # noqa: E402
from timing import timed  # noqa: E402

from ita_dash.domain.framework import library  # noqa: E402
from ita_dash.domain.model import Section  # noqa: E402
from ita_dash.importers.plan import preview  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    table = seed_rows("001")
    header, body = table[0], table[1:]
    rows = [header]
    while len(rows) < args.rows:
        rows.extend(body)
    rows = rows[: args.rows]
    template = library().get("police-station-2568")
    sections = [Section(code=s.code, name=s.name) for s in template.sections]
    for kind, content in (("csv", as_csv(rows)), ("xlsx", as_xlsx(rows))):
        run = partial(preview, f"plan.{kind}", content, template, sections)
        times = timed(run, args.runs)
        plan = run()  # once more, untimed, for the counts below
        print(f"{args.rows} rows as .{kind:<4} ({len(content) // 1024} KB): preview median {statistics.median(times):7.1f} ms, "
              f"max {max(times):7.1f} ms -> {len(plan.rows)} measures, {len(plan.problems)} problems")


if __name__ == "__main__":
    main()
