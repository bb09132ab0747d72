"""Benchmark: the commander's dashboard for a unit with 60 measures × 12 monthly reports.

Run:  .venv/bin/python bench/bench_dashboard.py [--runs 30]

Measures, on a SQLite database in a temporary folder:
  1. the rules alone (assess_unit) for the unit;
  2. the overview page's script time under AppTest: the first run (cold: imports, store, cache fill) and reruns
     (warm: cached unit year and status, one data-version query), which is what a user's click costs;
  3. the status command: in process (load + rules + text) and as a whole process (`python -m ita_dash status`).
Figures go to docs/PERFORMANCE.md by hand, with the machine they were taken on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import describe, signed_in_app, timed  # noqa: E402

from ita_dash.domain.fiscal import fiscal_months  # noqa: E402
from ita_dash.domain.framework import library  # noqa: E402
from ita_dash.domain.model import (  # noqa: E402
    Actor,
    Cadence,
    FollowUp,
    FollowUpStatus,
    Measure,
    OitItem,
    OitStatus,
    QuotaSnapshot,
    QuotaTool,
    UnitYearData,
)
from ita_dash.domain.status import assess_unit  # noqa: E402
from ita_dash.domain.thaidate import BANGKOK  # noqa: E402
from ita_dash.store.demo import DEMO_ACCOUNTS, UNITS, build_unit_year  # noqa: E402
from ita_dash.store.sql import SqlStore  # noqa: E402

FY, AS_OF = 2570, dt.date(2027, 9, 30)


def big_unit() -> UnitYearData:
    """DEMO-01 with its plan widened to 60 monthly measures, each reported every month of the year."""
    base = build_unit_year(library(), UNITS[0], FY, AS_OF)
    sections = [s.code for s in base.sections]
    measures, follow_ups = [], []
    for n in range(60):
        indicator = n % 10 + 1
        code = f"{indicator}-{n // 10 + 1:02d}"
        month = (n % 12) + 1
        deadline = dt.date(2027 if month < 10 else 2026, month, 28)
        measures.append(Measure(code=code, indicator=indicator, activity=f"มาตรการทดสอบประสิทธิภาพที่ {n + 1} ของสถานี",
                                deadline=deadline, cadence=Cadence.MONTHLY, owner_section=sections[n % len(sections)]))
        for i, m in enumerate(fiscal_months(FY)):
            entered = m.next().first_day + dt.timedelta(days=(n + i) % 9)
            follow_ups.append(FollowUp(
                measure_code=code, month=str(m), status=FollowUpStatus.IN_PROGRESS if i < 11 else FollowUpStatus.DONE,
                percent=min(100, 9 * (i + 1)) if i < 11 else 100, note="ความคืบหน้าตามแผน",
                entered_at=dt.datetime.combine(entered, dt.time(10), tzinfo=BANGKOK)))
    items = [OitItem(code=f"O{n}", status=list(OitStatus)[n % 5], due_date=dt.date(2027, 3, 31)) for n in range(1, 26)]
    snapshots = [QuotaSnapshot(tool=tool, count=10 * week, taken_on=dt.date(2027, 1, 1) + dt.timedelta(weeks=week))
                 for week in range(1, 26) for tool in (QuotaTool.IIT, QuotaTool.EIT)]
    return base.model_copy(update={"measures": measures, "follow_ups": follow_ups, "oit_items": items,
                                   "quota_snapshots": snapshots})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    store = SqlStore(url)
    data = big_unit()
    store.replace_unit_year(Actor.system("bench"), data)
    admin = next((user, password) for user, password in DEMO_ACCOUNTS if user.username == "demo.admin")
    store.add_user(Actor.system("bench"), *admin)
    template = library().for_year(data.unit.kind, FY)
    print(f"unit {data.unit.code}: {len(data.measures)} measures, {len(data.follow_ups)} follow-ups, "
          f"{len(data.oit_items)} OIT items, {len(data.quota_snapshots)} snapshots; as of {AS_OF}")

    print(describe("rules: assess_unit (in memory)", timed(lambda: assess_unit(template, data, AS_OF), args.runs)))
    load = timed(lambda: store.load_unit_year(Actor.system("bench"), data.unit.code, FY), args.runs)
    print(describe("store: load_unit_year (SQLite)", load))

    app = signed_in_app(url, admin[0], unit=data.unit.code, fy=str(FY), as_of=AS_OF.isoformat())
    cold = timed(app.run, 1)
    assert not app.exception, app.exception
    assert app.title[0].value == "ภาพรวมการประเมิน ITA"
    print(describe("overview page, first run (cold)", cold))
    print(describe("overview page, rerun (warm)", timed(app.run, args.runs)))

    from ita_dash import cli

    with open(os.devnull, "w") as sink:
        def status_in_process():
            saved, sys.stdout = sys.stdout, sink
            try:
                cli.main(["--db", url, "status", "--unit", data.unit.code, "--fy", str(FY), "--as-of", AS_OF.isoformat()])
            finally:
                sys.stdout = saved

        print(describe("status command, in process", timed(status_in_process, args.runs)))
    command = [sys.executable, "-m", "ita_dash", "--db", url, "status", "--unit", data.unit.code, "--fy", str(FY),
               "--as-of", AS_OF.isoformat()]
    print(describe("status command, whole process", timed(
        lambda: subprocess.run(command, cwd=ROOT, check=True, capture_output=True), max(3, args.runs // 6))))
    store.close()


if __name__ == "__main__":
    main()
