"""The monthly rush's driver (bench/bench_rush.py) still speaks to the app: over Streamlit's WebSocket protocol a
section head signs in through the form and saves a measure card (its confirmation comes back), and a province user
with a session cookie reloads the province page. Nothing is timed; the bench itself stays out of the suite."""

from __future__ import annotations

import asyncio
import random
import sys
import time
from pathlib import Path

import pytest

from helpers.browser import start_app

pytestmark = pytest.mark.slow  # an app process and its websocket clients

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))


def test_the_rush_driver_signs_in_saves_and_reloads(tmp_path, templates):
    import bench_rush

    from ita_dash.domain.thaidate import today_bangkok
    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{tmp_path / 'ita.db'}"
    store = SqlStore(url)
    build_demo(store, templates, today_bangkok())
    _, handoff = store.open_sign_in_session("demo.province")
    cookie = store.claim_session_cookie(handoff)
    store.close()
    process, address = start_app(url)
    try:
        results = bench_rush.Results()

        async def drive() -> None:
            deadline = time.perf_counter() + 120  # two actions each, then stop
            await asyncio.gather(
                bench_rush.section_head(address, "demo.head", 0, deadline, 1.0, results, random.Random(1),
                                        password="demo-head-pass", actions=2),
                bench_rush.province_user(address, "demo.province", cookie, 0, deadline, 1.0, results,
                                         random.Random(2), actions=2))

        asyncio.run(drive())
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert results.errors == []
    assert results.sign_in and results.save and results.view
