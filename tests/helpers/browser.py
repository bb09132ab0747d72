"""Debian's Chromium (the module-scoped ``browser`` fixture) and app servers a test starts on 127.0.0.1
(``start_app``, stopped by PID), signing in through the page (``sign_in``), waiting until a page's run has finished
(``settled``); screenshots go to ``tests/artifacts/``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from helpers.environment import ROOT, missing

ARTIFACTS = ROOT / "tests" / "artifacts"


CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(database_url: str, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """The app as deployed: ``streamlit run serve.py`` (app.py plus the sign-in cookie route).

    What the server prints goes to a file (``process.log``), never to a pipe nobody reads: a pipe fills at 64 KB,
    and the server then blocks on its next log line in the middle of a page (issue 30: the meeting test waited 20 s
    for a save the frozen server never answered)."""
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log = ARTIFACTS / f"server-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env={**os.environ, "ITA_DATABASE_URL": database_url, **(env or {})},
            stdout=output, stderr=subprocess.STDOUT,
        )
    process.log = log
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    process.kill()
    process.wait(timeout=20)
    raise RuntimeError(f"the app did not start: {log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        missing("Debian chromium", "`chromium` is not on PATH (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def sign_in(page, username: str, password: str) -> None:
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def settled(page) -> None:
    """Wait until the page's run has finished: no stale element (nothing left of what was shown before), no running
    widget, no skeleton, every table filled."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=20_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=20_000)
    page.wait_for_function("!document.querySelector('[data-testid=\"stSkeleton\"]') && "
                           "[...document.querySelectorAll('[data-testid=\"stTable\"]')].every(t => t.querySelector('td'))",
                           timeout=20_000)
