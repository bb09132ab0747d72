"""Benchmark (issue 12): refusing hostile uploads, and what a sign-in attempt costs.

Run:  .venv/bin/python bench/bench_security.py [--runs 15]

- the far-cell workbook (5 KB, one cell at row 200,000 and column 2,000), with and without its declared dimension:
  the time until the Thai refusal (before the bounded reader it iterated 400 million cells);
- a 5,000-row CSV at the row limit (read in full) and a 1,000-row plan workbook (read in full);
- sign-in on SQLite: wrong password vs unknown user (the two must cost the same).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_import import as_xlsx  # noqa: E402
from test_security import far_cell_xlsx  # noqa: E402
from timing import describe, timed  # noqa: E402

from ita_dash.domain.accounts import SignInRefused, User  # noqa: E402
from ita_dash.domain.model import Actor, Role  # noqa: E402
from ita_dash.importers.plan import PlanFileError, read_rows  # noqa: E402
from ita_dash.store.sql import SqlStore  # noqa: E402


def refused(name: str, content: bytes) -> None:
    try:
        read_rows(name, content)
    except PlanFileError:
        return
    raise AssertionError("not refused")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    for declared in (True, False):
        content = far_cell_xlsx(declared)
        label = f"far-cell .xlsx ({len(content) / 1024:.1f} KB), {'declared' if declared else 'no'} dimension"
        print(describe(label, timed(lambda: refused("plan.xlsx", content), runs)))
    header = ["ตัวชี้วัด", "ประเด็น", "กิจกรรมที่จะดำเนินการ", "ผลผลิต", "ระยะเวลาแล้วเสร็จ", "ผู้รับผิดชอบ"]
    body = [[f"{1 + n % 10}. ตัวชี้วัด", "ประเด็นที่ต้องยกระดับ", f"กิจกรรมที่ {n}", "ป้ายประชาสัมพันธ์", "30 ก.ย. 2570", "งานอำนวยการ"]
            for n in range(1000)]
    plan = as_xlsx([header, *body])
    print(describe("1,000-row plan .xlsx read in full", timed(lambda: read_rows("plan.xlsx", plan), runs)))
    csv_text = ("ตัวชี้วัด,กิจกรรม\n" + "1,ติดป้าย\n" * 4999).encode()
    print(describe("5,000-row .csv read in full", timed(lambda: read_rows("plan.csv", csv_text), runs)))
    with tempfile.TemporaryDirectory() as folder:
        store = SqlStore(f"sqlite:///{folder}/ita.db")
        store.add_user(Actor.system("bench"), User(username="bench.admin", role=Role.ADMIN), "a-long-password")
        now = dt.datetime.now(dt.UTC)

        def attempt(username: str) -> None:
            try:
                store.sign_in(username, "wrong-password", now)
            except SignInRefused:
                pass
            with store.engine.begin() as connection:
                connection.exec_driver_sql("UPDATE app_user SET failed_attempts = 0")

        print(describe("sign-in, wrong password", timed(lambda: attempt("bench.admin"), runs)))
        print(describe("sign-in, unknown user", timed(lambda: attempt("nobody"), runs)))
        store.close()


if __name__ == "__main__":
    main()
