"""Benchmark: the printable one-pagers.

Run:  .venv/bin/python bench/bench_reports.py [--runs 20]

  1. the one-page unit summary of a demo unit: time (cold = first in the process, warm = later) and file size;
  2. the one-page province summary for a province of 30 units: judging every unit, then drawing the page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ita_dash.domain.framework import library  # noqa: E402
from ita_dash.domain.model import Actor  # noqa: E402
from ita_dash.domain.status import assess_unit  # noqa: E402
from ita_dash.reports.province import assess_province, province_summary_pdf  # noqa: E402
from ita_dash.reports.summary import unit_summary_pdf  # noqa: E402
from ita_dash.store.demo import UNITS, build_unit_year  # noqa: E402
from ita_dash.store.sql import SqlStore  # noqa: E402
from timing import describe, timed  # noqa: E402

AS_OF, FY = dt.date(2026, 4, 20), 2569
ADMIN = Actor.system("bench")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    store = SqlStore(f"sqlite:///{Path(tempfile.mkdtemp(prefix='ita-bench-')) / 'bench.db'}")
    for n in range(30):  # 30 stations: the demo plans under new codes
        spec = UNITS[n % 8]
        unit = (f"B-{n + 1:02d}", f"{spec[1]} {n + 1}", f"{spec[2]} {n + 1}", *spec[3:])
        store.replace_unit_year(ADMIN, build_unit_year(library(), unit, FY, AS_OF))
    data = store.load_unit_year(ADMIN, "B-01", FY)
    status = assess_unit(library().for_year(data.unit.kind, FY), data, AS_OF)

    cold = timed(lambda: unit_summary_pdf(status), 1)
    size = len(unit_summary_pdf(status))
    print(describe("unit summary PDF, first in process (cold)", cold, "(instances the font once: cached in a temp file)"))
    print(describe("unit summary PDF (warm)", timed(lambda: unit_summary_pdf(status), args.runs), f"{size / 1024:.1f} KB"))
    judged = {}
    print(describe("province of 30 units: load and judge", timed(lambda: judged.update(
        r=assess_province(store, ADMIN, "DEMO", FY, AS_OF, library())), max(3, args.runs // 4))))
    province, statuses = judged["r"]
    pages = province_summary_pdf(province, statuses, FY, AS_OF)
    print(describe("province of 30 units: draw the page (warm)",
               timed(lambda: province_summary_pdf(province, statuses, FY, AS_OF), args.runs), f"{len(pages) / 1024:.1f} KB"))
    store.close()


if __name__ == "__main__":
    main()
