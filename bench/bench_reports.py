"""Benchmark: the printable one-pagers.

Run:  .venv/bin/python bench/bench_reports.py [--runs 20]

  1. the one-page unit summary of a demo unit: time (cold = first in the process, warm = later) and file size;
     beside it, in the same run and alternating with it, its floor: a bare fpdf2 page with the same two fonts,
     shaped, drawing the same strings in the same cells (recorded from the summary), and the ratio of the two;
  2. the province summary for a province of 30 units: judging every unit, then drawing the page; and the same
     figures four times over (120 units, three pages);
  3. the results report of a long year (CPU time).
  4. the results report (O24/O25) of a unit with its photos: reading its evidence from the store, then the PDF,
     the .docx and the .xlsx (issue 15b).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import describe, timed  # noqa: E402

from ita_dash.domain.framework import library  # noqa: E402
from ita_dash.domain.model import Actor  # noqa: E402
from ita_dash.domain.status import assess_unit  # noqa: E402
from ita_dash.reports.pdf import ThaiPDF, static_font  # noqa: E402
from ita_dash.reports.province import ProvinceRow, assess_province, province_rows_pdf, province_summary_pdf  # noqa: E402
from ita_dash.reports.results import results_pdf  # noqa: E402
from ita_dash.reports.summary import unit_summary_pdf  # noqa: E402
from ita_dash.store.demo import UNITS, build_unit_year  # noqa: E402
from ita_dash.store.sql import SqlStore  # noqa: E402

AS_OF, FY = dt.date(2026, 4, 20), 2569
ADMIN = Actor.system("bench")


def recorded_cells(make) -> list[tuple]:
    """Every line of text ``make()`` draws: box, font, the string as drawn (after shortening)."""
    cells = []
    text_at, cell = ThaiPDF.text_at, ThaiPDF.cell

    def recording_text_at(pdf, x, y, w, h, text, size=9, bold=False, colour=(0, 0, 0), align="L"):
        text_at(pdf, x, y, w, h, text, size, bold, colour, align)
        cells.append((x, y, w, h, pdf.fit(text, w - 0.5), "B" if bold else "", size, align))

    def recording_cell(pdf, w=None, h=None, text="", *args, **kwargs):
        cells.append((pdf.x, pdf.y, w, h, text, pdf.font_style, pdf.font_size_pt, kwargs.get("align", "L")))
        return cell(pdf, w, h, text, *args, **kwargs)

    ThaiPDF.text_at, ThaiPDF.cell = recording_text_at, recording_cell
    try:
        make()
    finally:
        ThaiPDF.text_at, ThaiPDF.cell = text_at, cell
    return cells


def bare_page(cells: list[tuple]) -> bytes:
    """The floor: plain fpdf2, the same two static fonts, HarfBuzz shaping on, the same cells; nothing else."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font("Thai", "", static_font(400))
    pdf.add_font("Thai", "B", static_font(700))
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    for x, y, w, h, text, style, size, align in cells:
        pdf.set_font("Thai", style, size)
        pdf.set_xy(x, y)
        pdf.cell(w, h, text, align=align)
    return bytes(pdf.output())


def side_by_side(first, second, runs: int) -> tuple[list[float], list[float], list[float], list[float]]:
    """Both functions timed in turn, so a busy machine slows both alike: wall-clock and CPU milliseconds of each
    (CPU time is what to compare when other processes share the cores)."""
    a, b, a_cpu, b_cpu = [], [], [], []
    for _ in range(runs):
        for function, wall, cpu in ((first, a, a_cpu), (second, b, b_cpu)):
            start, start_cpu = time.perf_counter(), time.process_time()
            function()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return a, b, a_cpu, b_cpu


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
    cells = recorded_cells(lambda: unit_summary_pdf(status))
    ours, floor, ours_cpu, floor_cpu = side_by_side(lambda: unit_summary_pdf(status), lambda: bare_page(cells),
                                                    args.runs)
    print(describe("unit summary PDF (warm)", ours, f"{size / 1024:.1f} KB"))
    print(describe("unit summary PDF (warm), CPU time", ours_cpu))
    print(describe(f"floor: bare fpdf2 page, same {len(cells)} cells", floor,
                   f"{len(bare_page(cells)) / 1024:.1f} KB"))
    print(describe("floor, CPU time", floor_cpu))
    print(f"{'ratio of medians (summary / floor)':<48} wall {statistics.median(ours) / statistics.median(floor):.2f}x"
          f"   CPU {statistics.median(ours_cpu) / statistics.median(floor_cpu):.2f}x")
    judged = {}
    print(describe("province of 30 units: load and judge", timed(lambda: judged.update(
        r=assess_province(store, ADMIN, "DEMO", FY, AS_OF, library())), max(3, args.runs // 4))))
    province, statuses = judged["r"]
    pages = province_summary_pdf(province, statuses, FY, AS_OF)
    print(describe("province of 30 units: draw the page (warm)",
               timed(lambda: province_summary_pdf(province, statuses, FY, AS_OF), args.runs), f"{len(pages) / 1024:.1f} KB"))
    rows = [ProvinceRow.of(s) for s in statuses] * 4  # 120 units: three pages
    pages = province_rows_pdf(province.name, rows, FY, AS_OF)
    print(describe("province of 120 units: draw the pages (warm)",
                   timed(lambda: province_rows_pdf(province.name, rows, FY, AS_OF), max(3, args.runs // 2)),
                   f"{len(pages) / 1024:.1f} KB"))
    long_status = long_year()
    content = results_pdf(long_status)
    cpu = []
    for _ in range(3):
        start = time.process_time()
        results_pdf(long_status)
        cpu.append((time.process_time() - start) * 1000)
    print(describe("results report, long year: CPU time", cpu, f"{len(content) / 1024:.0f} KB"))
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
                        now=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    status = assess_unit(library().for_year(data.unit.kind, FY), store.load_unit_year(ADMIN, "B-01", FY), end)
    evidence = gather_evidence(store, ADMIN, status)
    print(describe("results report: read photos and settings", timed(lambda: gather_evidence(store, ADMIN, status), runs)))
    for label, write in (("results report PDF", results_pdf), ("results report .docx", results_docx),
                         ("results report .xlsx", results_xlsx)):
        size = len(write(status, evidence))
        print(describe(f"{label} (warm)", timed(lambda write=write: write(status, evidence), max(3, runs // 2)),
                       f"{size / 1024:.1f} KB, {len(status.measures)} measures, {len(evidence.photos)} photos"))


def long_year():
    """A demo station's year with long activities, outcomes and monthly notes (up to 1,000 characters), as in
    tests/reports/test_thai_pdf.py: the results report runs to some twenty pages."""
    import random

    phrases = ["ดำเนินการจัดเก็บข้อมูลความพึงพอใจของผู้รับบริการ", "ประชาสัมพันธ์ช่องทางร้องเรียนการทุจริตผ่านเว็บไซต์ของสถานี",
               "ตรวจสอบการใช้รถยนต์ราชการและน้ำมันเชื้อเพลิง", "รายงานผลต่อผู้กำกับการทุกสิ้นเดือน"]
    rng = random.Random(15)

    def text(count: int) -> str:
        return "".join(rng.choice(phrases) + (" " if rng.random() < 0.3 else "") for _ in range(count)).strip()

    year_end = dt.date(2026, 9, 30)
    data = build_unit_year(library(), UNITS[0], FY, year_end)
    data = data.model_copy(update={
        "measures": [m.model_copy(update={"activity": text(4), "outcome": text(5)}) for m in data.measures],
        "follow_ups": [f.model_copy(update={"note": text(rng.randint(3, 14))[:1000]}) for f in data.follow_ups]})
    return assess_unit(library().for_year(data.unit.kind, FY), data, year_end)


if __name__ == "__main__":
    main()
