"""Benchmark: page switches in a real browser, side by side with a bare Streamlit multipage app (issue 18).

Run:  .venv/bin/python bench/bench_browser.py [--runs 5] [--before /tmp/main-before] [--who chief,head]
      .venv/bin/python bench/bench_browser.py --who admin --db URL --account bench.admin:bench-password \
          --pages เปรียบเทียบหน่วย,ภาพรวม           # the province page on a synthetic country (PostgreSQL)
      .venv/bin/python bench/bench_browser.py --apptest [--runs 30]

Starts, in the same run, ``streamlit run serve.py`` of this checkout on a fresh copy of the demo SQLite database
(optionally also the same of another checkout, ``--before``, e.g. a worktree at main) and a bare multipage app
(``st.navigation`` over a few pages holding a title and a line of text) generated into a temporary folder. Debian's
Chromium (Playwright) signs in as the chief (1400×1000) or a section head (a 390×844 phone) and clicks the sidebar's
page links, one app after the other for each step, so every figure has its floor taken in the same minutes.

"Click → settled": the time from the link's click (in the page, ``performance.now()``) until the app root's
``data-test-script-state`` has been ``running`` (or the heading has changed: a very quick run may not show
``running`` in a render of its own) and is ``notRunning`` again, the main area's heading is the page's own, and two
animation frames have passed (the browser has painted); settled only if nothing changes that for 400 ms more (a
page that reruns itself is timed to its last run), which also leaves the server its after-run work. One untimed pass
first learns each page's
heading and fills the caches; then ``--runs`` timed passes. Medians per page, the floor's median over the clicks
interleaved with that page's, their ratio, and the load average.

``--apptest``: the overview's warm rerun under Streamlit's AppTest beside its floor, reading the unit-year from the
store and drawing one table of its measures in a bare AppTest script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DEMO_AS_OF = dt.date(2026, 11, 21)
ACCOUNTS = {"chief": ("demo.chief", "demo-chief-pass"), "head": ("demo.head", "demo-head-pass"),
            "admin": ("demo.admin", "demo-admin-pass")}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}

BARE_APP = '''
import streamlit as st

def page(title):
    def draw():
        st.title(title)
        st.write("หน้าเปล่าสำหรับวัดเวลา: " + title)
    return draw

names = ["หน้าแรก", "หน้าที่สอง", "หน้าที่สาม", "หน้าที่สี่"]
pages = [st.Page(page(n), title=n, url_path=f"p{i}", default=i == 0) for i, n in enumerate(names)]
st.navigation(pages, expanded=True).run()
'''

# Runs in the page: clicks the sidebar link named ``name`` and resolves with the ms until settled (see above).
CLICK = """
async ([name, heading, quiet]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const links = [...document.querySelectorAll('[data-testid="stSidebarNav"] a')];
  const link = links.find(a => a.innerText.trim().split('\\n').pop().trim() === name);
  if (!link) return {error: 'no link ' + name};
  const h1Text = () => { const h = document.querySelector('[data-testid="stMain"] h1'); return h ? h.innerText.trim() : null; };
  const before = h1Text();
  let sawRunning = false, candidate = null, timer = null;
  return await new Promise(resolve => {
    let done = false;
    const finish = (value) => { if (done) return; done = true; observer.disconnect(); resolve(value); };
    const check = (records) => {
      for (const r of records || []) if (r.attributeName === 'data-test-script-state' && r.oldValue === 'running') sawRunning = true;
      const state = app.getAttribute('data-test-script-state');
      if (state === 'running') sawRunning = true;
      const text = h1Text();
      const moved = heading !== null ? text === heading : (sawRunning || text !== before) && text !== before;
      const ready = state === 'notRunning' && text !== null && moved;
      if (!ready) { candidate = null; clearTimeout(timer); return; }
      if (candidate !== null) return;
      candidate = {pending: true};
      requestAnimationFrame(() => requestAnimationFrame(() => {
        if (candidate === null) return;
        candidate = {ms: performance.now() - t0, heading: text};
        const settled = candidate;
        // settled only if nothing runs again (a page that reruns itself) for a quiet moment
        timer = setTimeout(() => { if (candidate === settled) finish(settled); }, quiet);
      }));
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                                     attributeOldValue: true});
    const t0 = performance.now();
    link.click();
    setTimeout(() => finish({error: 'timeout ' + name}), 20000);
  });
}
"""


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(cwd: Path, script: str, env: dict | None = None, extra: list[str] = ()) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(Path(tempfile.gettempdir()) / f"bench-browser-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none", *extra],  # editing the checkout during a run must not reload it
        cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"{cwd}/{script} did not start (log {log.name})")


def demo_database(folder: Path) -> str:
    from ita_dash.domain.framework import library
    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{folder / 'ita.db'}"
    store = SqlStore(url)
    build_demo(store, library(), DEMO_AS_OF)
    store.close()
    return url


class App:
    """One app in one browser context: signs in, then switches pages by the sidebar's links."""

    def __init__(self, label: str, browser, url: str, viewport: dict, account: tuple[str, str] | None,
                 query: str = ""):
        self.label, self.phone = label, viewport["width"] < 600
        self.context = browser.new_context(viewport=viewport, is_mobile=self.phone, has_touch=self.phone,
                                           locale="th-TH")
        self.page = self.context.new_page()
        self.page.goto(url + query)
        if account:
            self.page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=60_000)
            self.page.get_by_label("ชื่อผู้ใช้").fill(account[0])
            self.page.get_by_label("รหัสผ่าน").fill(account[1])
            self.page.get_by_role("button", name="เข้าสู่ระบบ").click()
            self.page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stMain\"] input[type=password]')", timeout=60_000)
        self.settle()
        self.headings: dict[str, str | None] = {}
        self.failures = 0

    def settle(self) -> None:
        self.page.wait_for_function("() => document.querySelector('[data-testid=\"stApp\"]')"
                                    "?.getAttribute('data-test-script-state') === 'notRunning'", timeout=120_000)
        self.page.wait_for_timeout(300)

    def links(self) -> list[str]:
        self.open_sidebar()
        names = self.page.eval_on_selector_all(
            '[data-testid="stSidebarNav"] a', "as => as.map(a => a.innerText.trim().split('\\n').pop().trim())")
        return names

    def open_sidebar(self) -> None:
        if not self.phone:
            return
        button = self.page.get_by_test_id("stExpandSidebarButton")
        if button.is_visible():
            button.click()
        self.page.locator('[data-testid="stSidebarNav"] a').first.wait_for(state="visible", timeout=30_000)
        self.page.wait_for_timeout(350)  # the sidebar's slide-in

    def switch(self, name: str) -> float:
        self.open_sidebar()
        result = self.page.evaluate(CLICK, [name, self.headings.get(name), 400])
        if "error" in result:  # counted, not timed: the table says how many
            print(f"  {self.label}: {result['error']}", file=sys.stderr, flush=True)
            self.failures += 1
            return None
        self.headings.setdefault(name, result["heading"])
        return result["ms"]


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def rss(pid: int) -> str:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return f"{int(line.split()[1]) / 1024:.0f} MB"
    return "?"


def browse(args, who: str, apps: dict[str, str], floor_url: str, pids: dict[str, int]) -> None:
    from playwright.sync_api import sync_playwright

    viewport = PHONE if who == "head" else DESKTOP
    account = tuple(args.account.split(":", 1)) if args.account else ACCOUNTS[who]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=CHROMIUM_FLAGS)
        project = {label: App(label, browser, url, viewport, account, args.query) for label, url in apps.items()}
        floor = App("floor", browser, floor_url, viewport, None)
        first = next(iter(project.values()))
        names = [n for n in first.links() if not args.pages or n in args.pages.split(",")]
        names = names[1:] + names[:1]  # the app opens on the first link: begin with a switch
        if who == "head":  # the section head's own page between every other page: each other switch lands on it
            mine = "สายงานของฉัน"
            names = [x for n in names if n != mine for x in (n, mine)]
        floor_names = floor.links()
        times = {label: {n: [] for n in names} for label in [*project, "floor"]}
        floor_by = {n: [] for n in names}
        started, turn = load(), 0
        memory = {label: rss(pid) for label, pid in pids.items()}
        for run in range(args.runs + 1):
            for name in names:
                for label, app in project.items():
                    ms = app.switch(name)
                    if run and ms is not None:
                        times[label][name].append(ms)
                turn += 1  # never the page the floor is on
                ms = floor.switch(floor_names[turn % len(floor_names)])
                if run and ms is not None:
                    floor_by[name].append(ms)
            print(f"  {who}: pass {run} done (load {load()})", file=sys.stderr, flush=True)
            if not run:
                print(f"  headings: {first.headings}", file=sys.stderr, flush=True)
        ended = load()
        failures = {app.label: app.failures for app in [*project.values(), floor]}
        clicks = (args.runs + 1) * len(names)
        print(f"  server memory (RSS) before → after {clicks} switches: "
              + ", ".join(f"{label} {memory[label]} → {rss(pid)}" for label, pid in pids.items()), file=sys.stderr)
        browser.close()

    labels = list(project)
    print(f"\n### {who} ({'phone 390×844' if who == 'head' else '1400×1000'}), {args.runs} passes; "
          f"load average {started} at the start, {ended} at the end; switches not settled within 20 s "
          f"(left out): {failures}\n")
    head = "| page | " + " | ".join(f"{label} (ms)" for label in labels) + " | floor (ms) | " + \
        " | ".join(f"{label} / floor" for label in labels) + " |"
    print(head)
    print("|" + " --- |" * (2 + 2 * len(labels)))
    for name in dict.fromkeys(names):
        floor_ms = median(floor_by[name])
        medians = [median(times[label][name]) for label in labels]
        print(f"| {name} | " + " | ".join(f"{m:.0f}" for m in medians) + f" | {floor_ms:.0f} | "
              + " | ".join(f"{m / floor_ms:.1f}×" for m in medians) + " |")
    every_floor = [ms for n in floor_by for ms in floor_by[n]]
    for label in labels:
        every = [ms for n in times[label] for ms in times[label][n]]
        print(f"| all switches, {label} | median {median(every):.0f} | max of medians "
              f"{max(median(times[label][n]) for n in names):.0f} | floor median "
              f"{median(every_floor):.0f} | |" + " |" * (2 * len(labels) - 2))


def apptest(args) -> None:
    """The overview's warm rerun beside reading the unit-year and drawing one table, both under AppTest."""
    from streamlit.testing.v1 import AppTest
    from timing import describe, signed_in_app, timed

    from ita_dash.store.demo import DEMO_ACCOUNTS

    folder = Path(tempfile.mkdtemp(prefix="ita-bench-apptest-"))
    url = demo_database(folder)
    chief = next(user for user, _ in DEMO_ACCOUNTS if user.username == "demo.chief")
    app = signed_in_app(url, chief, fy="2570")
    app.run()
    assert not app.exception, app.exception
    floor_script = folder / "floor.py"
    floor_script.write_text(textwrap.dedent(f'''
        import pandas as pd
        import streamlit as st
        from ita_dash.domain.model import Actor
        from ita_dash.store.sql import SqlStore

        @st.cache_resource
        def store():
            return SqlStore({url!r})

        data = store().load_unit_year(Actor.system("bench"), "{chief.unit_code}", 2570)
        st.title("floor")
        st.dataframe(pd.DataFrame([{{"code": m.code, "activity": m.activity, "deadline": m.deadline}}
                                   for m in data.measures]))
    '''))
    sys.path.insert(0, str(ROOT))
    floor = AppTest.from_file(str(floor_script), default_timeout=120)
    floor.run()
    assert not floor.exception, floor.exception
    overview, bare = [], []
    for _ in range(args.runs):  # interleaved
        overview += timed(app.run, 1)
        bare += timed(floor.run, 1)
    print(f"load average {load()}")
    print(describe("overview rerun (AppTest, warm)", overview))
    print(describe("floor: unit-year from the store + one table", bare))
    print(f"ratio {median(overview) / median(bare):.2f}×")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5, help="timed passes over the pages")
    parser.add_argument("--max-load", type=float, default=1.5, help="refuse to start above this 1-minute "
                        "load average (default 1.5 on the two-core machine)")
    parser.add_argument("--who", default="chief,head", help="chief, head and/or admin (comma-separated)")
    parser.add_argument("--before", type=Path, help="another checkout (e.g. a worktree at main) to run beside this one")
    parser.add_argument("--db", help="database URL (default: a fresh demo SQLite database per checkout)")
    parser.add_argument("--account", help="user:password to sign in with (default: the demo account of --who)")
    parser.add_argument("--pages", help="only these sidebar links (comma-separated)")
    parser.add_argument("--server-arg", action="append", help="passed to the project's servers, e.g. "
                        "--server-arg=--runner.postScriptGC=false")
    parser.add_argument("--query", default="", help="query string of the first address, e.g. ?fy=2569&as_of=2026-09-30")
    parser.add_argument("--compare-gc", action="store_true", help="also this checkout with runner.postScriptGC "
                        "on (Streamlit's default), to compare time and memory (RSS)")
    parser.add_argument("--apptest", action="store_true", help="the AppTest side by side instead of the browser")
    args = parser.parse_args()
    from timing import machine_quiet_enough

    machine_quiet_enough(args.max_load)
    if args.apptest:
        apptest(args)
        return
    folder = Path(tempfile.mkdtemp(prefix="ita-bench-browser-"))
    from timing import bare_app

    bare_app(folder / "bare", "app.py", BARE_APP)  # with the product's own config.toml (issue 36)
    processes = []
    try:
        checkouts = {"this": (ROOT, [])} | ({"before": (args.before.resolve(), [])} if args.before else {})
        if args.compare_gc:  # the same checkout with Streamlit's full collection after every run
            checkouts["gc on"] = (ROOT, ["--runner.postScriptGC", "true"])
        apps, pids = {}, {}
        for label, (checkout, flags) in checkouts.items():
            db = args.db
            if db is None:
                (folder / label.replace(" ", "-")).mkdir()
                db = demo_database(folder / label.replace(" ", "-"))
            process, url = start(checkout, "serve.py", {"ITA_DATABASE_URL": db}, [*(args.server_arg or []), *flags])
            processes.append(process)
            apps[label], pids[label] = url, process.pid
        process, floor_url = start(folder / "bare", "app.py")
        processes.append(process)
        print(f"servers: {apps} floor {floor_url}; pids {[p.pid for p in processes]}", file=sys.stderr, flush=True)
        for who in args.who.split(","):
            browse(args, who, apps, floor_url, pids)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


if __name__ == "__main__":
    main()
