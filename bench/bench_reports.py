"""Benchmark: the printable one-pagers.

Run:  .venv/bin/python bench/bench_reports.py [--runs 20]

  1. the one-page unit summary of a demo unit: time (cold = first in the process, warm = later) and file size;
  2. the one-page province summary for a province of 30 units: judging every unit, then drawing the page;
  3. the results report (O24/O25) of a unit with 34 measures, a year of monthly notes and 3 photos: reading its
     evidence from the store, then the PDF, the .docx and the .xlsx (issue 15).
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
    bench_results(store, args.runs)
    store.close()


def bench_results(store: SqlStore, runs: int) -> None:
    """The results report of B-01 as of the end of the year, with the demo's drawn photos attached."""
    from ita_dash.reports.results import gather_evidence, results_docx, results_pdf, results_xlsx
    from ita_dash.store.demo_evidence import meeting, no_gift_sign, service_point

    end = dt.date(2026, 9, 30)
    data = store.load_unit_year(ADMIN, "B-01", FY)
    for code, picture in (("5-01", no_gift_sign()), ("1-03", service_point()), ("10-03", meeting())):
        store.add_photo(ADMIN, "B-01", FY, code, "2026-08", picture, f"ภาพประกอบ {code}",
                        now=dt.datetime(2026, 9, 1, tzinfo=dt.timezone.utc))
    status = assess_unit(library().for_year(data.unit.kind, FY), store.load_unit_year(ADMIN, "B-01", FY), end)
    evidence = gather_evidence(store, ADMIN, status)
    print(describe("results report: read photos and settings", timed(lambda: gather_evidence(store, ADMIN, status), runs)))
    for label, write in (("results report PDF", results_pdf), ("results report .docx", results_docx),
                         ("results report .xlsx", results_xlsx)):
        size = len(write(status, evidence))
        print(describe(f"{label} (warm)", timed(lambda write=write: write(status, evidence), max(3, runs // 2)),
                       f"{size / 1024:.1f} KB, {len(status.measures)} measures, {len(evidence.photos)} photos"))


if __name__ == "__main__":
    main()
