"""Load test of the monthly rush (issue 18): many people at once against two app processes and one PostgreSQL.

Run:  .venv/bin/python bench/bench_rush.py [--n 10,30,100] [--duration 60] [--db URL] [--stations 1500]
                                         [--processes 2] [--think 3] [--province-share 0.2] [--rerender 30]
                                         [--ramp 20] [--no-nginx] [--keep] [--json FILE] [--profile]
                                         [--browser-check K] [--streamlit-option NAME=VALUE]

What it starts (and stops again, by PID, whatever happens): a schema of its own in ``--db`` (default: the test
PostgreSQL; dropped at the end unless ``--keep``), filled by ``python -m ita_dash synth --stations S``; one
account per virtual user (section heads of distinct sections of police stations, and province users); two app
processes (``streamlit run serve.py``, as deployed) and, unless ``--no-nginx``, an nginx in front of them with
round robin and nothing sticky (the configuration of tests/browser/test_sessions_browser.py).

The driver speaks Streamlit's own WebSocket protocol (``/_stcore/stream``, the protobufs of ``streamlit.proto``)
from one asyncio process, as the browser's frontend does: a ``rerun_script`` BackMsg with the page and the widget
states (a widget is found by the user key at the end of its element id, ``$$ID-…-save|1-01|2026-11``, and a
widget inside ``st.fragment`` is sent with its fragment's id, so a save reruns only the fragment as in the
browser), then ForwardMsgs until ``script_finished``. One Chromium with 100 contexts does not fit a 2-core machine
beside two app processes; the WebSocket driver costs a few ms of CPU per page. What it leaves out: the browser's
static files (index.html, JS bundles: cached by a real browser and served without running the script) and
drawing the page.

Virtual users arrive at random moments of the first ``--ramp`` seconds (a rush, not one instant: 80 sign-ins in
the same second only measure argon2 and a queue), each on its own WebSocket, each acting every ``--think``
seconds (uniformly 0.5–1.5×) until ``--duration`` seconds after the start:
  * section heads (``1 - province-share`` of N): connect, sign in through the sign-in form (username, password,
    the form's submit button: argon2 on the server, as a person signs in), land on สายงานของฉัน, then save the open
    measure card again and again with a new note (the phone round, ``nt|`` and ``save|{code}|{month}``; when the
    round is finished, ``open|`` opens a measure first).
    **save latency** = the save's BackMsg sent → ``script_finished`` of that (fragment) run, which must carry the
    confirmation "บันทึก {code} แล้ว" (else it counts as an error).
  * province users (``province-share`` of N): signed in beforehand (a session cookie, as after an earlier
    sign-in); each action is a reload: a new WebSocket with the cookie, the province page (their default page).
    **view latency** = WebSocket opened → ``script_finished`` of the page's run (page settled).
Errors: refused or failed connections, runs that end without finishing, an exception element or the error
boundary's incident message in a page, a province page that does not come, a save without its confirmation,
anything past 60 s. A section head who meets an error leaves (a person would start again; the bench does not).
Load: actions per minute achieved, the CPU used by the app processes and by the driver itself (from /proc and
os.times, % of one core: the machine has two), the 1-minute load average (other work on the machine shows here),
and the app's CPU per action (sign-ins, saves, opens and views together): the cost that sets the capacity whatever
else the machine runs (two cores ÷ that cost = the most actions per second two processes can serve).
``--profile`` samples one app process with py-spy during the largest N and prints the frames that held the most
samples.

The re-render comparison (``--rerender 30``, 0 to skip): 30 sessions signed in as the chiefs of 30 units sit on the
overview; one section head saves a report (through the app); then all 30 rerun their page at once (what a
reload, or the auto-refresh of a wall screen, does: Streamlit pushes nothing to other sessions by itself) and the
time until the last of them has finished is taken. The same for a bare Streamlit app that reads one table
(the latest 200 rows of ``follow_up``), on two processes of its own, after the same save. Three rounds each.
"""

from __future__ import annotations

import argparse
import asyncio
import atexit
import contextlib
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import websockets  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PASSWORD = "rush-bench-pass-2570"
TIMEOUT = 60.0
FINISHED, EARLY_FOR_RERUN = 0, 2
COOKIE = "ita_session"
INCIDENT = "รหัสเหตุการณ์"  # the Thai message of ita_dash/ui/errors.py when a page failed
PROVINCE_PAGE = "เปรียบเทียบหน่วย"

BARE_APP = '''"""A bare Streamlit app that reads one table: the floor of a page re-rendered after a save."""
import os
import streamlit as st
from sqlalchemy import create_engine, text


@st.cache_resource
def engine():
    return create_engine(os.environ["ITA_DATABASE_URL"], pool_size=10)


st.title("follow_up")
with engine().connect() as connection:
    rows = connection.execute(text("SELECT id, measure_id, month, status, percent, note, entered_at FROM follow_up "
                                   "ORDER BY entered_at DESC LIMIT 200")).mappings().all()
st.dataframe([dict(r) for r in rows])
'''

NGINX_CONF = """
worker_processes 1;
error_log {prefix}/error.log;
pid {prefix}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream ita {{ {servers} }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://ita;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 86400;
        }}
    }}
}}
"""


# -- processes: started here, stopped here by PID -------------------------------------------------------------

STARTED: list[subprocess.Popen] = []


def stop_all() -> None:
    for process in reversed(STARTED):
        if process.poll() is None:
            process.terminate()
    for process in reversed(STARTED):
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    STARTED.clear()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped: {process.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer at {url}")


def start_streamlit(script: str, database_url: str, cwd: Path, log: Path,
                    options: list[str] = ()) -> tuple[subprocess.Popen, str]:
    port = free_port()
    handle = log.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false", *options],
        cwd=cwd, env={**os.environ, "ITA_DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)},
        stdout=handle, stderr=subprocess.STDOUT)
    STARTED.append(process)
    url = f"http://127.0.0.1:{port}"
    process.stdout = log.open("rb")  # for wait_healthy's message
    wait_healthy(url, process, f"streamlit {script}")
    return process, url


def start_nginx(backends: list[str], prefix: Path) -> str:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    servers = " ".join(f"server {b.removeprefix('http://')};" for b in backends)
    (prefix / "nginx.conf").write_text(NGINX_CONF.format(prefix=prefix, port=port, servers=servers))
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    STARTED.append(process)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, process, "nginx")
    return url


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process (from /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- the database: a schema of its own --------------------------------------------------------------------------


def schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@dataclass
class Accounts:
    heads: list[tuple[str, str, str]] = field(default_factory=list)  # username, unit, section
    provinces: list[tuple[str, str]] = field(default_factory=list)  # username, province
    chiefs: list[tuple[str, str]] = field(default_factory=list)  # username, unit
    cookies: dict[str, str] = field(default_factory=dict)  # username → session cookie token


def fill(url: str, stations: int, heads: int, provinces: int, chiefs: int) -> Accounts:
    """The synthetic country (``python -m ita_dash synth``) and the accounts of the virtual users."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ita_dash", "synth", "--stations", str(stations), "--db", url],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    from ita_dash.domain.accounts import User
    from ita_dash.domain.model import Actor, Role, UnitKind
    from ita_dash.store.sql import SqlStore

    store, actor, accounts = SqlStore(url, apply_migrations=False), Actor.system("bench rush"), Accounts()
    units = [u for u in store.list_units(actor) if u.kind is UnitKind.POLICE_STATION]
    by_province: dict[str, list] = {}
    for unit in units:
        by_province.setdefault(unit.province_code, []).append(unit)
    spread = [u for group in zip(*by_province.values()) for u in group]  # one station of each province in turn
    sections = {}
    for index in range(heads):
        unit = spread[index % len(spread)]
        if unit.code not in sections:
            sections[unit.code] = [s.code for s, retired in store.list_sections(actor, unit.code) if not retired]
        section = sections[unit.code][(index // len(spread)) % len(sections[unit.code])]
        name = f"rush.head{index:03d}"
        store.add_user(actor, User(username=name, role=Role.SECTION_HEAD, unit_code=unit.code, section_code=section),
                       PASSWORD)
        accounts.heads.append((name, unit.code, section))
    province_codes = list(by_province)
    for index in range(provinces):
        code = province_codes[index % len(province_codes)]
        name = f"rush.prov{index:03d}"
        store.add_user(actor, User(username=name, role=Role.PROVINCE, province_code=code), PASSWORD)
        accounts.provinces.append((name, code))
    for index in range(chiefs):
        unit = spread[index % len(spread)]
        name = f"rush.chief{index:03d}"
        store.add_user(actor, User(username=name, role=Role.CHIEF, unit_code=unit.code), PASSWORD)
        accounts.chiefs.append((name, unit.code))
    for name in [a[0] for a in accounts.provinces + accounts.chiefs] + [accounts.heads[0][0]]:
        _, handoff = store.open_sign_in_session(name)  # as after an earlier sign-in: the cookie of the session
        accounts.cookies[name] = store.claim_session_cookie(handoff)
    store.close()
    print(f"filled: {stations} stations, {heads} section heads, {provinces} province users, {chiefs} chiefs "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    return accounts


# -- the WebSocket driver ---------------------------------------------------------------------------------------


class RunFailed(Exception):
    pass


def _texts(element) -> list[str]:
    kind = element.WhichOneof("type")
    inner = getattr(element, kind)
    out = []
    for name in ("body", "label", "text"):
        if name in inner.DESCRIPTOR.fields_by_name:
            out.append(str(getattr(inner, name)))
    return out


class Tab:
    """One browser tab as Streamlit's frontend drives it: a WebSocket, the widgets last drawn, reruns."""

    def __init__(self, base: str, cookie: str | None = None, page: str = ""):
        self.base, self.cookie, self.page = base, cookie, page
        self.ws = None
        self.widgets: dict[str, tuple[str, str]] = {}  # user key → (element id, fragment id)
        self.page_hash = ""
        self.texts: list[str] = []  # the text of the elements of the last run

    async def open(self) -> float:
        """Connect and run the page; seconds until it settled."""
        started = time.perf_counter()
        headers = {"Origin": self.base}
        if self.cookie:
            headers["Cookie"] = f"{COOKIE}={self.cookie}"
        ws_url = self.base.replace("http://", "ws://") + "/_stcore/stream"
        self.ws = await asyncio.wait_for(websockets.connect(
            ws_url, subprotocols=["streamlit"], additional_headers=headers, max_size=None, open_timeout=TIMEOUT,
            ping_interval=None), TIMEOUT)
        await self.rerun()
        return time.perf_counter() - started

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await self.ws.close()
            self.ws = None

    async def rerun(self, states: dict[str, object] | None = None, fragment: str = "") -> float:
        """A rerun with ``states`` (user key → value; True for a button's trigger) of widgets drawn before;
        seconds until the run (and any rerun it asked for) finished."""
        message = BackMsg()
        client = message.rerun_script
        client.query_string = ""
        client.page_name = self.page
        client.page_script_hash = self.page_hash
        client.fragment_id = fragment
        client.context_info.timezone = "Asia/Bangkok"
        client.context_info.locale = "th-TH"
        client.context_info.url = f"{self.base}/{self.page}"
        for key, value in (states or {}).items():
            widget = client.widget_states.widgets.add()
            widget.id = self.widgets[key][0]
            if value is True:
                widget.trigger_value = True
            elif isinstance(value, str):
                widget.string_value = value
            else:
                raise TypeError(value)
        started = time.perf_counter()
        await self.ws.send(message.SerializeToString())
        await asyncio.wait_for(self._until_finished(fragment), TIMEOUT)
        return time.perf_counter() - started

    async def _until_finished(self, fragment: str) -> None:
        self.texts = []
        if fragment:
            self.widgets = {k: v for k, v in self.widgets.items() if v[1] != fragment}
        while True:
            raw = await self.ws.recv()
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                element_kind = element.WhichOneof("type")
                if element_kind == "exception":
                    raise RunFailed(f"exception in the page: {element.exception.message[:200]}")
                inner = getattr(element, element_kind)
                if "id" in inner.DESCRIPTOR.fields_by_name and inner.id.startswith("$$ID-"):
                    key = inner.id.split("-", 2)[2]
                    self.widgets[key] = (inner.id, forward.delta.fragment_id)
                self.texts.extend(_texts(element))
            elif kind == "navigation":
                self.page_hash = forward.navigation.page_script_hash
            elif kind == "script_finished":
                status = forward.script_finished
                if status == EARLY_FOR_RERUN:
                    continue  # st.rerun(): the next run follows on the same socket
                if status not in (FINISHED, 3):
                    raise RunFailed(f"run ended with status {status}")
                if incident := self.text_with(INCIDENT):  # app.py's error boundary: the trace is in the app's log
                    raise RunFailed(incident[:200])
                return

    def key(self, prefix: str) -> str | None:
        return next((k for k in self.widgets if k.startswith(prefix)), None)

    def text_with(self, part: str) -> str | None:
        return next((t for t in self.texts if part in t), None)


@dataclass
class Results:
    save: list[float] = field(default_factory=list)
    view: list[float] = field(default_factory=list)
    sign_in: list[float] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def section_head(base: str, name: str, arrive: float, deadline: float, think: float, results: Results,
                       rng: random.Random, password: str = PASSWORD, actions: int | None = None):
    await asyncio.sleep(arrive)
    tab = Tab(base)
    try:
        await tab.open()  # the sign-in form
        if tab.key("sign_in_username") is None:
            raise RunFailed("no sign-in form")
        submit = tab.key("FormSubmitter:sign_in")
        seconds = await tab.rerun({"sign_in_username": name, "sign_in_password": password, submit: True})
        if tab.text_with("รายงานผลของสายงาน") is None:
            raise RunFailed("signed in, but สายงานของฉัน did not open")
        results.sign_in.append(seconds)
        serial = 0
        while time.perf_counter() < deadline and serial != actions:
            await asyncio.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, deadline - time.perf_counter())))
            if time.perf_counter() >= deadline:
                break
            save = tab.key("save|")
            if save is None:  # the round is finished: open a measure again
                opener = tab.key("open|")
                if opener is None:
                    raise RunFailed("no measure to open")
                results.opens.append(await tab.rerun({opener: True}, tab.widgets[opener][1]))
                save = tab.key("save|")
                if save is None:
                    raise RunFailed("the opened measure shows no save button")
            row = save.removeprefix("save|")
            serial += 1
            seconds = await tab.rerun({f"nt|{row}": f"rush {name} {serial} {uuid.uuid4().hex[:8]}", save: True}, tab.widgets[save][1])
            code = row.split("|")[0]
            if tab.text_with(f"บันทึก {code} แล้ว") is None:
                refusal = tab.text_with("ไม่มีอะไรเปลี่ยน") or next(iter(tab.texts), "")
                results.errors.append(f"{name}: save {row} not confirmed ({refusal[:80]})")
            else:
                results.save.append(seconds)
    except (TimeoutError, RunFailed, OSError, websockets.WebSocketException) as error:
        results.errors.append(f"{name}: {type(error).__name__}: {error}"[:300])
    finally:
        await tab.close()


async def province_user(base: str, name: str, cookie: str, arrive: float, deadline: float, think: float,
                        results: Results, rng: random.Random, actions: int | None = None):
    await asyncio.sleep(arrive)
    done = 0
    while time.perf_counter() < deadline and done != actions:
        done += 1
        await asyncio.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, deadline - time.perf_counter())))
        if time.perf_counter() >= deadline:
            break
        tab = Tab(base, cookie)
        try:
            seconds = await tab.open()
            if tab.text_with(PROVINCE_PAGE) is None:
                raise RunFailed("the cookie did not sign in" if tab.key("sign_in_username") else
                                "the province page did not come")
            results.view.append(seconds)
        except (TimeoutError, RunFailed, OSError, websockets.WebSocketException) as error:
            results.errors.append(f"{name}: {type(error).__name__}: {error}"[:300])
        finally:
            await tab.close()


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:,.0f}"


async def rush(bases: list[str], accounts: Accounts, n: int, duration: float, think: float, share: float,
               app_pids: list[int], ramp: float) -> dict:
    provinces = round(n * share)
    heads = n - provinces
    results, rng = Results(), random.Random(n)
    cpu_before = sum(cpu_seconds(p) for p in app_pids)
    own_before = sum(os.times()[:2])
    started = time.perf_counter()
    deadline = started + duration
    tasks = [section_head(bases[i % len(bases)], accounts.heads[i][0], rng.uniform(0, ramp), deadline, think, results,
                          random.Random(i)) for i in range(heads)]
    tasks += [province_user(bases[i % len(bases)], accounts.provinces[i][0], accounts.cookies[accounts.provinces[i][0]],
                            rng.uniform(0, ramp), deadline, think, results, random.Random(1000 + i))
              for i in range(provinces)]
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - started
    app_cpu = sum(cpu_seconds(p) for p in app_pids) - cpu_before
    cpu = app_cpu / wall * 100
    actions = len(results.save) + len(results.view) + len(results.sign_in) + len(results.opens)
    own = (sum(os.times()[:2]) - own_before) / wall * 100
    row = {
        "n": n, "heads": heads, "province_users": provinces, "seconds": round(wall, 1),
        "saves": len(results.save), "views": len(results.view), "sign_ins": len(results.sign_in),
        "save_p50_ms": ms(percentile(results.save, 50)), "save_p95_ms": ms(percentile(results.save, 95)),
        "view_p50_ms": ms(percentile(results.view, 50)), "view_p95_ms": ms(percentile(results.view, 95)),
        "sign_in_p50_ms": ms(percentile(results.sign_in, 50)), "sign_in_p95_ms": ms(percentile(results.sign_in, 95)),
        "errors": len(results.errors), "error_samples": results.errors[:5],
        "actions_per_min": round((len(results.save) + len(results.view)) / wall * 60),
        "app_cpu_percent": round(cpu), "app_cpu_ms_per_action": round(app_cpu / max(actions, 1) * 1000),
        "driver_cpu_percent": round(own), "loadavg_1m": os.getloadavg()[0],
    }
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


# -- the re-render comparison ----------------------------------------------------------------------------------


async def rerender(saver_base: str, saver: tuple[str, str], backends: list[str], cookies: list[str | None],
                   rounds: int = 3) -> dict:
    """Sessions open on a page (one per cookie, spread over ``backends``); one save through the app; then all
    rerun at once. Seconds until the last has finished, per round."""
    tabs = [Tab(backends[i % len(backends)], cookie) for i, cookie in enumerate(cookies)]
    head = Tab(saver_base, saver[1])
    totals, each = [], []
    try:
        for tab in tabs:  # opened one after another: the sessions are already sitting there
            await tab.open()
        await head.open()
        for _ in range(rounds):
            await asyncio.sleep(1.0)
            save = head.key("save|")
            if save is None:
                await head.rerun({head.key("open|"): True}, head.widgets[head.key("open|")][1])
                save = head.key("save|")
            await head.rerun({f"nt|{save.removeprefix('save|')}": f"rerender {uuid.uuid4().hex[:6]}", save: True},
                             head.widgets[save][1])
            started = time.perf_counter()
            times = await asyncio.gather(*(tab.rerun() for tab in tabs))
            totals.append(time.perf_counter() - started)
            each.extend(times)
    finally:
        for tab in [*tabs, head]:
            await tab.close()
    return {"all_rerendered_s": [round(t, 2) for t in totals], "median_all_s": round(statistics.median(totals), 2),
            "one_session_p50_ms": ms(percentile(each, 50)), "one_session_p95_ms": ms(percentile(each, 95))}


# -- the driver against a real browser -------------------------------------------------------------------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def browser_saves(base: str, name: str, count: int) -> list[float]:
    """``count`` saves of the phone round in Chromium (a phone-sized context): tap บันทึก → the confirmation of
    that measure visible. Seconds each."""
    import re

    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                             args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                          locale="th-TH")
            page = context.new_page()
            page.goto(base)
            page.get_by_label("ชื่อผู้ใช้").fill(name, timeout=60_000)
            page.get_by_label("รหัสผ่าน").fill(PASSWORD)
            page.get_by_role("button", name="เข้าสู่ระบบ").click()
            page.get_by_role("heading", name="รายงานผลของสายงาน").wait_for(timeout=60_000)
            page.get_by_text("ต้องรายงานเดือนนี้").first.wait_for(timeout=60_000)
            for serial in range(count):
                card = page.locator("[data-testid='stForm']").filter(has=page.get_by_role("slider")).first
                page.wait_for_timeout(1000)  # the round has drawn (its card, or only the list of measures)
                if card.count() == 0:  # the round is finished or nothing is due: open a measure, as the driver does
                    page.get_by_role("button", name=re.compile(r"^(✓ )?\d+-\d+ ")).first.click()
                card.wait_for(timeout=60_000)
                code = re.match(r"\S+", card.locator("strong").first.inner_text()).group(0)
                card.get_by_label("บันทึก (ไม่บังคับ)").fill(f"browser {name} {serial}")
                started = time.perf_counter()
                card.get_by_role("button", name="บันทึก", exact=True).click()
                page.get_by_text(re.compile(rf"บันทึก {re.escape(code)} แล้ว")).first.wait_for(timeout=60_000)
                times.append(time.perf_counter() - started)
        finally:
            browser.close()
    return times


def check_against_browser(base: str, accounts: Accounts, count: int) -> dict:
    """The same saves, alone on the servers: in Chromium and with this driver, one after the other."""
    try:
        in_browser = browser_saves(base, accounts.heads[-1][0], count)
    except Exception as error:  # noqa: BLE001 - the check is a side measurement: say why, go on with the rush
        print(f"browser check failed: {type(error).__name__}: {str(error)[:300]}", flush=True)
        return {"error": f"{type(error).__name__}: {str(error)[:300]}"}
    results = Results()
    asyncio.run(section_head(base, accounts.heads[-2][0], 0, time.perf_counter() + 300, 1.0, results,
                             random.Random(7), actions=count))
    row = {"saves": count, "chromium_ms": [round(t * 1000) for t in in_browser],
           "websocket_ms": [round(t * 1000) for t in results.save], "websocket_errors": results.errors,
           "chromium_median_ms": round(statistics.median(in_browser) * 1000),
           "websocket_median_ms": round(statistics.median(results.save) * 1000) if results.save else None}
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


# -- main -------------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", default="10,30,100", help="concurrent sessions, comma-separated (default 10,30,100)")
    parser.add_argument("--max-load", type=float, default=1.5, help="refuse to start above this 1-minute "
                        "load average (default 1.5 on the two-core machine)")
    parser.add_argument("--duration", type=float, default=60, help="seconds each N runs (default 60)")
    parser.add_argument("--db", default=PG, help="PostgreSQL URL; the bench works in a schema of its own there")
    parser.add_argument("--stations", type=int, default=1500, help="police stations of the synthetic country")
    parser.add_argument("--processes", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--think", type=float, default=3.0, help="seconds between a user's actions (0.5–1.5×)")
    parser.add_argument("--ramp", type=float, default=20, help="users arrive at random moments of the first RAMP "
                        "seconds (default 20; 0: all at once)")
    parser.add_argument("--streamlit-option", action="append", default=[], metavar="NAME=VALUE",
                        help="a Streamlit option for the app processes, e.g. server.fileWatcherType=none (repeatable)")
    parser.add_argument("--province-share", type=float, default=0.2, help="share of province users (default 0.2)")
    parser.add_argument("--rerender", type=int, default=30, help="sessions of the re-render comparison (0: skip)")
    parser.add_argument("--no-nginx", action="store_true", help="no nginx: each session goes straight to one process "
                        "(user i to process i mod P)")
    parser.add_argument("--keep", action="store_true", help="keep the schema (its name is printed)")
    parser.add_argument("--json", help="write the results here too")
    parser.add_argument("--browser-check", type=int, default=0, metavar="K",
                        help="before the rush: K saves in Chromium and K with this driver, alone, to compare")
    parser.add_argument("--profile", action="store_true", help="py-spy one app process during the largest N and "
                        "print where its time went (needs py-spy and ptrace rights)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from timing import machine_quiet_enough

    machine_quiet_enough(args.max_load)
    sizes = [int(part) for part in args.n.split(",") if part.strip()]

    schema = f"rush_{uuid.uuid4().hex[:10]}"
    admin = create_engine(args.db)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = schema_url(args.db, schema)
    work = Path(tempfile.mkdtemp(prefix="bench_rush_"))
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    print(f"schema {schema}, logs in {work}", flush=True)
    report: dict = {"schema": schema, "stations": args.stations, "processes": args.processes,
                    "nginx": not args.no_nginx, "think_s": args.think, "ramp_s": args.ramp,
                    "duration_s": args.duration, "streamlit_options": args.streamlit_option, "rush": []}
    try:
        biggest = max(sizes)
        accounts = fill(url, args.stations, heads=max(biggest - round(biggest * args.province_share), 2),
                        provinces=max(round(biggest * args.province_share), 1), chiefs=args.rerender)
        options = [f"--{option}" for option in args.streamlit_option]
        apps = [start_streamlit("serve.py", url, ROOT, work / f"app{i}.log", options) for i in range(args.processes)]
        backends = [a[1] for a in apps]
        bases = backends if args.no_nginx or len(backends) == 1 else [start_nginx(backends, work)]
        pids = [a[0].pid for a in apps]
        print(f"app processes {pids} at {backends}; the sessions go to {bases}", flush=True)

        async def warm() -> None:  # every process has run each page once (imports, templates, first queries)
            for backend in backends:
                for cookie in (accounts.cookies[accounts.provinces[0][0]], accounts.cookies[accounts.heads[0][0]]):
                    tab = Tab(backend, cookie)
                    await tab.open()
                    await tab.close()

        asyncio.run(warm())
        if args.browser_check:
            report["browser_check"] = check_against_browser(bases[0], accounts, args.browser_check)
        for n in sizes:
            spy = None
            if args.profile and n == biggest:
                spy = subprocess.Popen([shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy"),
                                        "record", "--pid", str(pids[0]), "--duration", str(int(args.duration)),
                                        "--rate", "50", "--format", "raw", "--nonblocking",
                                        "--output", str(work / "profile.txt")],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
                STARTED.append(spy)
            report["rush"].append(asyncio.run(rush(bases, accounts, n, args.duration, args.think,
                                                   args.province_share, pids, args.ramp)))
            if spy is not None:
                spy.wait(timeout=60)
                report["profile"] = summarize_profile(work / "profile.txt")
        if args.rerender:
            cookies = [accounts.cookies[name] for name, _ in accounts.chiefs]
            saver = (accounts.heads[0][0], accounts.cookies[accounts.heads[0][0]])
            project = asyncio.run(rerender(backends[0], saver, backends, cookies))
            from timing import bare_app

            bare_dir = bare_app(work / "bare", "bare.py", BARE_APP)  # with the product's config (issue 36)
            bare = [start_streamlit("bare.py", url, bare_dir, work / f"bare{i}.log")[1] for i in range(args.processes)]
            floor = asyncio.run(rerender(backends[0], saver, bare, [None] * args.rerender))
            report["rerender"] = {"sessions": args.rerender, "project": project, "bare_app": floor}
            print(json.dumps(report["rerender"], ensure_ascii=False), flush=True)
        print_table(report)
        if args.json:
            Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2))
    finally:
        stop_all()
        if not args.keep:
            with admin.begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return 0


# Frames every sample passes through (thread and event-loop plumbing, the command line): left out of the summary.
GENERIC_FRAMES = ("(threading.py", "(asyncio/", "(click/", "(<frozen runpy>", "(uvicorn/", "streamlit/__main__.py",
                  "streamlit/web/cli.py", "streamlit/web/bootstrap.py", "starlette_server.py", "(concurrent/futures/",
                  "exec_func_with_error_handling", "script_runner.py:443)", "_run_script (streamlit")


def summarize_profile(path: Path, top: int = 25) -> list[str]:
    """py-spy's collapsed stacks: the frames with the most samples on the stack (inclusive), as % of all samples."""
    if not path.is_file():
        return ["py-spy wrote nothing (ptrace not allowed?)"]
    inclusive: dict[str, int] = {}
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        for frame in set(stack.split(";")):
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
    ranked = sorted(((f, c) for f, c in inclusive.items() if not any(g in f for g in GENERIC_FRAMES)),
                    key=lambda item: -item[1])[:top]
    lines = [f"{count / total * 100:5.1f} %  {frame}" for frame, count in ranked] if total else []
    print(f"\npy-spy of one app process, {total} samples (all threads but idle ones), inclusive:")
    print("\n".join(lines))
    return lines


def print_table(report: dict) -> None:
    print()
    print("| N | heads / province users | save p50 / p95 (ms) | view p50 / p95 (ms) | sign-in p50 / p95 (ms) | "
          "saves, views | errors | load: actions/min, app CPU, driver CPU, load avg | app CPU per action |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in report["rush"]:
        print(f"| {r['n']} | {r['heads']} / {r['province_users']} | {r['save_p50_ms']} / {r['save_p95_ms']} | "
              f"{r['view_p50_ms']} / {r['view_p95_ms']} | {r['sign_in_p50_ms']} / {r['sign_in_p95_ms']} | "
              f"{r['saves']}, {r['views']} | {r['errors']} | {r['actions_per_min']}/min, {r['app_cpu_percent']} %, "
              f"{r['driver_cpu_percent']} %, {r['loadavg_1m']:.1f} | {r['app_cpu_ms_per_action']} ms |")
    if rerender := report.get("rerender"):
        p, b = rerender["project"], rerender["bare_app"]
        print(f"\n{rerender['sessions']} sessions rerun after a save, until the last finished (median of "
              f"{len(p['all_rerendered_s'])}): this project {p['median_all_s']} s {p['all_rerendered_s']}, "
              f"bare app {b['median_all_s']} s {b['all_rerendered_s']}; "
              f"ratio {p['median_all_s'] / max(b['median_all_s'], 1e-9):.1f}×")


if __name__ == "__main__":
    sys.exit(main())
