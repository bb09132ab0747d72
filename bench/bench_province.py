"""Benchmark: the province and national views over a synthetic country on PostgreSQL.

Run:  .venv/bin/python bench/bench_province.py [--db URL] [--stations 1500] [--runs 10] [--rebuild]

The database (default: schema ``bench_country`` of the test PostgreSQL) is filled once with
``python -m ita_dash synth --stations N --fy 2569`` and reused; ``--rebuild`` fills it again. Measures:
  1. the national figures (every unit's lights, shares, readiness, sections behind: the heatmap's query), cold in a
     fresh process (new connections, templates loaded, statements compiled), warm without any cache (the queries
     again in the same process), and warm as the app serves it (figures cached per change counter: one counter
     query and a lookup);
  2. one province (≈ 20 units) the same way;
  3. the pages under AppTest as the admin (whole country) and a province user: first run and rerun; a rerun finds
     the figures in the app's cache (keyed by the database's change counter), so it costs one counter query
     and the drawing;
  4. EXPLAIN ANALYZE of the main query (measures and follow-ups), printed for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from sqlalchemy import create_engine, select, text  # noqa: E402

from ita_dash.domain.accounts import User  # noqa: E402
from ita_dash.domain.model import Actor, Role  # noqa: E402
from ita_dash.store import figures  # noqa: E402
from ita_dash.store.sql import SqlStore  # noqa: E402
from ita_dash.store.tables import UnitRow  # noqa: E402
from timing import describe, signed_in_app, timed  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = "bench_country"
FY, AS_OF = 2569, dt.date(2026, 9, 30)
PROVINCE = "SYN-P005"
ADMIN = User(username="bench.admin", role=Role.ADMIN)
PROVINCE_USER = User(username="bench.province", role=Role.PROVINCE, province_code=PROVINCE)

ONE_QUERY = """
import datetime as dt, sys, time
from ita_dash.domain.model import Actor
from ita_dash.store.sql import SqlStore
store = SqlStore(sys.argv[1], apply_migrations=False)
started = time.perf_counter()
found = store.unit_figures(Actor.system("bench"), {fy}, dt.date.fromisoformat("{as_of}"), province_code=sys.argv[2] or None)
print((time.perf_counter() - started) * 1000, len(found))
"""


def default_url() -> str:
    admin = create_engine(PG)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{SCHEMA}"'))
    admin.dispose()
    return f"{PG}?options=-csearch_path%3D{SCHEMA}"


def cold(url: str, province: str, runs: int) -> tuple[list[float], int]:
    """First call in a fresh process each time."""
    times, count = [], 0
    code = ONE_QUERY.format(fy=FY, as_of=AS_OF.isoformat())
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code, url, province], cwd=ROOT, check=True, capture_output=True,
                             text=True).stdout.split()
        times.append(float(out[0]))
        count = int(out[1])
    return times, count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help=f"database URL (default: schema {SCHEMA} of {PG})")
    parser.add_argument("--stations", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--rebuild", action="store_true", help="build the synthetic country again")
    args = parser.parse_args()
    url = args.db or default_url()

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

    national_cold, units = cold(url, "", max(3, args.runs // 2))
    print(describe(f"national figures, cold ({units} units, new process)", national_cold))
    print(describe("national figures, warm (same process, no cache)",
                   timed(lambda: store.unit_figures(system, FY, AS_OF), args.runs)))
    cache = {store.data_version(): store.unit_figures(system, FY, AS_OF)}
    print(describe("national figures, warm (the app's cache: counter + lookup)",
                   timed(lambda: cache[store.data_version()], args.runs * 10)))
    province_cold, units = cold(url, PROVINCE, max(3, args.runs // 2))
    print(describe(f"province figures, cold ({units} units, new process)", province_cold))
    print(describe("province figures, warm (same process, no cache)",
                   timed(lambda: store.unit_figures(system, FY, AS_OF, province_code=PROVINCE), args.runs)))

    for label, user in (("province page, whole country (admin)", ADMIN), ("province page, one province", PROVINCE_USER)):
        app = signed_in_app(url, user, fy=str(FY), as_of=AS_OF.isoformat())
        app.switch_page("pages/province.py")
        first = timed(app.run, 1)
        assert not app.exception, app.exception
        rows = len(app.dataframe[0].value)
        print(describe(f"{label}: first run", first, f"{rows} units"))
        print(describe(f"{label}: rerun (warm)", timed(app.run, args.runs)))

    statement = figures.measure_statement(select(UnitRow), FY, AS_OF)
    sql = str(statement.compile(store.engine, compile_kwargs={"literal_binds": True}))
    with store.engine.connect() as connection:
        plan = [row[0] for row in connection.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql))]
    print("\nEXPLAIN ANALYZE, national measures query:\n" + "\n".join(plan))
    store.close()


if __name__ == "__main__":
    main()
