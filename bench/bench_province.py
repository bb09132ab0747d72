"""Benchmark: the province and national views over a synthetic country on PostgreSQL.

Run:  .venv/bin/python bench/bench_province.py [--db URL] [--stations 1500] [--runs 10] [--rebuild]

The database (default: schema ``bench_country`` of the test PostgreSQL) is filled once with
``python -m ita_dash synth --stations N --fy 2569`` and reused; ``--rebuild`` fills it again. Measures:
  1. the national figures (every unit's lights, shares, readiness, sections behind: the heatmap's query), cold in a
     fresh process (new connections, templates loaded, statements compiled) with the figures table (``unit_figure``)
     empty and again after ``figures refresh`` filled it (the nightly job; its own time is printed), warm without any cache (the queries
     again in the same process), and warm as the app serves it (figures cached per change counter: one counter
     query and a lookup);
  2. one province (≈ 20 units) the same way;
  3. the pages under AppTest as the admin (whole country) and a province user: first run and rerun; a rerun finds
     the figures in the app's cache (keyed by the database's change counter), so it costs one counter query
     and the drawing;
  4. EXPLAIN ANALYZE of the main query (measures and follow-ups), printed for docs/PERFORMANCE.md;
  5. issue 18, figures that recompute only what changed: the national view and a province view after one save
     (a monthly report in a random unit, the province's own for the province view), the province page's two calls
     (now and the end of last month) after one save, a view with nothing written since, the memory the per-unit
     cache holds, and EXPLAIN (ANALYZE, BUFFERS) of the measures and quota queries as the store runs them.

Issue 18's figures: ``--schema bench18a_5000 --stations 5000`` for the 5,250-unit country (built once in that
schema: ``python -m ita_dash --db URL synth --stations 5000 --fy 2569 --as-of 2026-09-30``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import create_engine, select, text  # noqa: E402
from timing import describe, signed_in_app, timed  # noqa: E402

from ita_dash.domain.accounts import User  # noqa: E402
from ita_dash.domain.entries import FollowUpEntry  # noqa: E402
from ita_dash.domain.fiscal import last_closed_month  # noqa: E402
from ita_dash.domain.model import (  # noqa: E402
    Actor,
    FollowUpStatus,  # noqa: E402
    Role,
)
from ita_dash.store import figures  # noqa: E402
from ita_dash.store.sql import SqlStore  # noqa: E402
from ita_dash.store.tables import UnitRow  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "bench_country"
FY, AS_OF = 2569, dt.date(2026, 9, 30)
PROVINCE = "SYN-P005"
ADMIN = User(username="bench.admin", role=Role.ADMIN)
SAVED_AT = dt.datetime(2026, 9, 30, 3, tzinfo=dt.UTC)  # 10:00 in Bangkok on AS_OF: known that day
PROVINCE_USER = User(username="bench.province", role=Role.PROVINCE, province_code=PROVINCE)

ONE_QUERY = """
import datetime as dt, sys, time
from ita_dash.domain.model import Actor
from ita_dash.store.sql import SqlStore
store = SqlStore(sys.argv[1], apply_migrations=False)
started = time.perf_counter()
# nothing kept yet: cold
found = store.unit_figures(Actor.system("bench"), {fy}, dt.date.fromisoformat("{as_of}"),
                           province_code=sys.argv[2] or None)
print((time.perf_counter() - started) * 1000, len(found))
"""


def default_url(schema: str = SCHEMA) -> str:
    admin = create_engine(PG)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    admin.dispose()
    return f"{PG}?options=-csearch_path%3D{schema}"


def cold(url: str, province: str, runs: int, empty: bool = False) -> tuple[list[float], int]:
    """First call in a fresh process each time; ``empty``: with no figures kept in the table (``unit_figure``,
    emptied before each run: the first view of a day without the nightly ``figures refresh``)."""
    times, count = [], 0
    code = ONE_QUERY.format(fy=FY, as_of=AS_OF.isoformat())
    engine = create_engine(url)
    for _ in range(runs):
        if empty:
            with engine.begin() as connection:
                connection.execute(text("DELETE FROM unit_figure"))
        out = subprocess.run([sys.executable, "-c", code, url, province], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split()
        times.append(float(out[0]))
        count = int(out[1])
    engine.dispose()
    return times, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help=f"database URL (default: schema {SCHEMA} of {PG})")
    parser.add_argument("--stations", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true", help="build the synthetic country again")
    parser.add_argument("--schema", default=SCHEMA, help="schema of the test PostgreSQL holding the country")
    parser.add_argument("--figures-only", action="store_true", help="only the figures (parts 1, 2, 5): no pages")
    args = parser.parse_args()
    url = args.db or default_url(args.schema)
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    store = SqlStore(url)
    system = Actor.system("bench")
    with store.engine.connect() as connection:
        present = connection.execute(select(UnitRow.code).where(UnitRow.code.like("SYN-%"))).all()
    if args.rebuild or len(present) < args.stations:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ita_dash", "--db", url, "synth", "--stations", str(args.stations),
                        "--fy", str(FY), "--as-of", AS_OF.isoformat()], cwd=ROOT, check=True)
        print(f"synth: {time.perf_counter() - started:.1f} s")
    for user in (ADMIN, PROVINCE_USER):
        if store.get_user(user.username) is None:
            store.add_user(system, user, "bench-password")
    with store.engine.connect() as connection:
        sizes = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                 for table in ("unit", "measure", "follow_up", "oit_item", "quota_snapshot")}
    print(f"database: {url.split('@')[-1]}; " + ", ".join(f"{k} {v}" for k, v in sizes.items()) + f"; FY {FY} as of {AS_OF}")

    national_cold, units = cold(url, "", max(3, args.runs // 2), empty=True)
    print(describe(f"national figures, cold ({units} units, new process, figures table empty)", national_cold))
    province_cold, units = cold(url, PROVINCE, max(3, args.runs // 2), empty=True)
    print(describe(f"province figures, cold ({units} units, new process, figures table empty)", province_cold))
    started = time.perf_counter()
    refreshed = subprocess.run([sys.executable, "-m", "ita_dash", "--db", url, "figures", "refresh", "--fy", str(FY),
                                "--as-of", AS_OF.isoformat()], cwd=ROOT, check=True, capture_output=True, text=True)
    print(f"figures refresh (the nightly job, a process of its own): {time.perf_counter() - started:.1f} s\n"
          + refreshed.stdout.rstrip())
    national_cold, units = cold(url, "", max(3, args.runs // 2))
    print(describe(f"national figures, cold ({units} units, new process, table filled by figures refresh)",
                   national_cold))
    print(describe("national figures, warm (same process, no cache)",
                   timed(lambda: store.unit_figures(system, FY, AS_OF, cached=False), args.runs)))
    store.unit_figures(system, FY, AS_OF)
    print(describe("national figures, warm (nothing written since)",
                   timed(lambda: store.unit_figures(system, FY, AS_OF), args.runs * 10)))
    province_cold, units = cold(url, PROVINCE, max(3, args.runs // 2))
    print(describe(f"province figures, cold ({units} units, new process, table filled)", province_cold))
    print(describe("province figures, warm (same process, no cache)",
                   timed(lambda: store.unit_figures(system, FY, AS_OF, province_code=PROVINCE, cached=False), args.runs)))

    after_one_save(store, args.runs * 2)
    if args.figures_only:
        explain(store)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        store.close()
        return

    for label, user in (("province page, whole country (admin)", ADMIN), ("province page, one province", PROVINCE_USER)):
        app = signed_in_app(url, user, fy=str(FY), as_of=AS_OF.isoformat())
        app.switch_page("pages/province.py")
        first = timed(app.run, 1)
        assert not app.exception, app.exception
        rows = len(app.dataframe[0].value)
        print(describe(f"{label}: first run", first, f"{rows} units"))
        print(describe(f"{label}: rerun (warm)", timed(app.run, args.runs)))

    explain(store)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    store.close()


def explain(store: SqlStore) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the national measures and quota queries, in a transaction with the settings
    the store gives its figures' reads (figures.PG_SETTINGS)."""
    _, scope = figures._scope(select(UnitRow), FY)
    statements = {"measures and follow-ups": figures.measure_statement(select(UnitRow), FY, AS_OF),
                  "quota snapshots": figures.quota_statement(scope, FY, AS_OF, store.engine.dialect.name)}
    for label, statement in statements.items():
        compiled = statement.compile(store.engine, compile_kwargs={"render_postcompile": True})
        with store.engine.begin() as connection:
            for name, value in figures.PG_SETTINGS.items():
                connection.execute(text(f"SET LOCAL {name} = '{value}'"))
            plan = [row[0] for row in connection.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + str(compiled),
                                                                 compiled.params)]
        print(f"\nEXPLAIN (ANALYZE, BUFFERS), national {label} query ({figures.PG_SETTINGS}):\n" + "\n".join(plan))


def _save_somewhere(store: SqlStore, rng: random.Random, units: list[str], measures: dict) -> str:
    """A monthly report of a random measure of a random unit (what a section head saves); returns the unit."""
    system = Actor.system("bench")
    unit = rng.choice(units)
    if unit not in measures:
        measures[unit] = [m.code for m in store.load_unit_year(system, unit, FY).measures if not m.retired]
    code = rng.choice(measures[unit])
    current = store.follow_up(system, unit, FY, code, "2026-09")
    store.save_follow_up(system, unit, FY, FollowUpEntry(
        measure_code=code, month="2026-09", status=rng.choice([FollowUpStatus.IN_PROGRESS, FollowUpStatus.DONE]),
        note=f"bench {time.time_ns()}",  # always a change, however often the benchmark runs (an unchanged save
        base_version=None if current is None else current.version), now=SAVED_AT)  # moves no counter)
    return unit


def after_one_save(store: SqlStore, runs: int) -> None:
    """Issue 18: the views after one save anywhere (each run: one save, untimed, then the view, timed)."""
    system, rng, measures = Actor.system("bench"), random.Random(18), {}
    everyone = sorted(store.unit_versions())
    mine = [code for code in everyone if code.startswith(PROVINCE + "-")]
    month_end = last_closed_month(AS_OF).last_day
    store.unit_figures(system, FY, AS_OF)
    store.unit_figures(system, FY, month_end)
    store.unit_figures(system, FY, AS_OF, province_code=PROVINCE)

    def measured(view, where: list[str]) -> list[float]:
        times = []
        for _ in range(runs):
            _save_somewhere(store, rng, where, measures)
            times.append(timed(view, 1)[0])
        return times

    before = store.figure_cache.computed
    print(describe(f"national view after one save anywhere ({len(everyone)} units)",
                   measured(lambda: store.unit_figures(system, FY, AS_OF), everyone),
                   f"{(store.figure_cache.computed - before) / runs:.1f} units recomputed per view"))
    print(describe("national view, now and end of last month (province page)",
                   measured(lambda: (store.unit_figures(system, FY, AS_OF), store.unit_figures(system, FY, month_end)),
                            everyone)))
    print(describe(f"province view after one save in it ({len(mine)} units)",
                   measured(lambda: store.unit_figures(system, FY, AS_OF, province_code=PROVINCE), mine)))
    print(describe("province view after one save elsewhere",
                   measured(lambda: store.unit_figures(system, FY, AS_OF, province_code=PROVINCE), everyone)))
    print(describe("national view, nothing written since",
                   timed(lambda: store.unit_figures(system, FY, AS_OF), runs)))
    # the memory the kept figures take: a fresh cache filled with one national view
    store.figure_cache.clear()
    gc.collect()
    tracemalloc.start()
    start = tracemalloc.take_snapshot()
    store.unit_figures(system, FY, AS_OF)
    gc.collect()
    grown = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(start, "filename"))
    tracemalloc.stop()
    print(f"per-unit cache: {len(store.figure_cache)} units kept for one day, {grown / 1e6:.1f} MB "
          f"({grown / max(1, len(store.figure_cache)):.0f} bytes a unit, the view's list included)")


if __name__ == "__main__":
    main()
