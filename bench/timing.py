"""The one timing loop and report line the benchmarks share (run them as ``python bench/bench_….py``)."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bare_app(folder: Path, script: str, source: str) -> Path:
    """A bare Streamlit app in ``folder`` (the floor a benchmark compares with) run with the product's own
    ``.streamlit/config.toml``: Streamlit's defaults (a full garbage collection after every run, a file watcher)
    alone make a bare app about three times slower (issue 36), which flattered every ratio."""
    (folder / ".streamlit").mkdir(parents=True, exist_ok=True)
    (folder / ".streamlit" / "config.toml").write_bytes((ROOT / ".streamlit" / "config.toml").read_bytes())
    (folder / script).write_text(source, encoding="utf-8")
    return folder


def timed(function, runs: int) -> list[float]:
    """Milliseconds of ``runs`` calls of ``function``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def describe(label: str, times: list[float], extra: str = "") -> str:
    return (f"{label:<48} median {statistics.median(times):8.1f} ms   min {min(times):8.1f} ms   "
            f"max {max(times):8.1f} ms   (n={len(times)})  {extra}").rstrip()


def signed_in_app(database_url: str, user, **params):
    """The app under ``streamlit.testing`` as ``user`` sees it after signing in, on ``database_url``."""
    os.environ["ITA_DATABASE_URL"] = database_url
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    original = PagesManager.__init__
    if not getattr(original, "_navigation_app", False):
        def as_navigation_app(self, *a, **k):  # as the tests do: AppTest would otherwise take the legacy pages/ path
            original(self, *a, **k)
            PagesManager.uses_pages_directory = False

        as_navigation_app._navigation_app = True
        PagesManager.__init__ = as_navigation_app
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.query_params.update(params)
    app.session_state["_user"] = user  # signed in, as the sign-in page leaves the session
    app.session_state["_last_seen"] = dt.datetime.now(dt.UTC)
    return app


def machine_quiet_enough(max_load: float) -> None:
    """Refuse to compare on a machine busier than ``max_load`` (the 1-minute load average; issue 25): on two shared
    cores a busy neighbour moves the product and its floor differently, and the ratio means nothing. Exits with 3."""
    one, five, fifteen = os.getloadavg()
    cores = os.cpu_count() or 1
    print(f"load average {one:.2f}/{five:.2f}/{fifteen:.2f} on {cores} cores (refused above {max_load:.2f})", flush=True)
    if one > max_load:
        raise SystemExit(f"the machine is too busy to compare (1-minute load average {one:.2f} > {max_load:.2f}); "
                         "wait, or pass --max-load to record a run anyway (and say so beside its figures)")
