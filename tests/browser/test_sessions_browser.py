"""Sign-in sessions as a person meets them (issue 12), in Debian's Chromium: a reload keeps the user signed in,
signing out in one tab ends the other, and two app processes behind a real nginx (round robin, no stickiness)
serve one signed-in user whichever process the next connection reaches."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from helpers.browser import ARTIFACTS, free_port, sign_in, start_app
from helpers.environment import DEMO_AS_OF, missing

HEADING = "ภาพรวมการประเมิน ITA"


@pytest.fixture(scope="module")
def session_server(tmp_path_factory, templates):
    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{tmp_path_factory.mktemp('sessions') / 'ita.db'}"
    store = SqlStore(url)
    build_demo(store, templates, DEMO_AS_OF)
    store.close()
    process, address = start_app(url)
    yield address
    process.terminate()
    process.wait(timeout=20)


def signed_in_page(context, url: str, account=("demo.chief", "demo-chief-pass")):
    page = context.new_page()
    page.goto(url)
    page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
    sign_in(page, *account)
    page.get_by_role("heading", name=HEADING).wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    for _ in range(100):  # the 1-pixel image that brings the cookie comes with the first signed-in page
        if any(c["name"] == "ita_session" for c in context.cookies()):
            break
        page.wait_for_timeout(100)
    return page


def session_cookie(context) -> dict:
    [cookie] = [c for c in context.cookies() if c["name"] == "ita_session"]
    return cookie


def test_a_reload_keeps_the_user_signed_in(session_server, browser):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="th-TH")
    page = signed_in_page(context, f"{session_server}/?unit=DEMO-01&fy=2570")
    cookie = session_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]  # plain http here
    assert "ita_session" not in page.evaluate("document.cookie")  # page scripts cannot read it
    page.reload()
    page.get_by_role("heading", name=HEADING).wait_for(timeout=30_000)
    assert page.get_by_role("heading", name="เข้าสู่ระบบ").count() == 0
    page.goto(f"{session_server}/calendar?unit=DEMO-01&fy=2569")  # a typed address: a new page load
    page.get_by_role("heading", name="ปฏิทินการประเมิน ITA").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "session-after-reload.png"))
    context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="th-TH")
    page = signed_in_page(phone, session_server)  # the sidebar is closed on a phone: the cookie still comes
    page.reload()
    page.get_by_role("heading", name=HEADING).wait_for(timeout=30_000)
    assert session_cookie(phone)["httpOnly"]
    phone.close()


def test_signing_out_in_one_tab_ends_the_other(session_server, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="th-TH")
    first = signed_in_page(context, session_server)
    second = context.new_page()  # a second tab of the same browser: signed in through the cookie
    second.goto(f"{session_server}/calendar")
    second.get_by_role("heading", name="ปฏิทินการประเมิน ITA").wait_for(timeout=30_000)

    first.get_by_role("button", name="ออกจากระบบ").click()
    first.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=15_000)

    second.get_by_role("link", name="ภาพรวม").click()  # the other tab's next action
    second.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
    assert second.get_by_text("ออกจากระบบแล้ว").count() == 1
    second.screenshot(path=str(ARTIFACTS / "session-ended-in-other-tab.png"))
    second.reload()  # the old cookie no longer signs anyone in
    second.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
    context.close()


NGINX_CONF = """
worker_processes 1;
error_log {prefix}/error.log;
pid {prefix}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    log_format upstream '$upstream_addr $request';
    access_log {prefix}/access.log upstream;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream ita {{ server 127.0.0.1:{first}; server 127.0.0.1:{second}; }}   # round robin, nothing sticky
    # The WebSockets get an upstream of their own (the same two processes, round robin too), so that consecutive
    # page loads alternate between the processes whatever number of other requests a load makes in between.
    upstream ita_stream {{ server 127.0.0.1:{first}; server 127.0.0.1:{second}; }}
    server {{
        listen 127.0.0.1:{port};
        location /_stcore/stream {{
            proxy_pass http://ita_stream;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 86400;
        }}
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


def wait_for(proxy: subprocess.Popen, url: str) -> None:
    import time
    import urllib.request

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proxy.poll() is not None:
            raise RuntimeError(f"nginx stopped: {proxy.stdout.read().decode(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("nginx did not answer")


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        missing("nginx", "`nginx` is not installed (apt-get install nginx)")
    return found


def test_two_app_processes_behind_nginx_round_robin_keep_a_user_signed_in(pg_url, templates, browser, tmp_path):  # noqa: F811
    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    nginx = nginx_binary()
    store = SqlStore(pg_url)
    build_demo(store, templates, DEMO_AS_OF)
    store.close()
    first, first_url = start_app(pg_url)
    second, second_url = start_app(pg_url)
    port = free_port()
    (tmp_path / "nginx.conf").write_text(NGINX_CONF.format(
        prefix=tmp_path, port=port, first=first_url.rsplit(":", 1)[1], second=second_url.rsplit(":", 1)[1]))
    proxy = subprocess.Popen([nginx, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(proxy, url)
        context = browser.new_context(viewport={"width": 1280, "height": 1400}, locale="th-TH")
        page = signed_in_page(context, f"{url}/?unit=DEMO-01&fy=2570")
        for _ in range(4):  # each reload is a new WebSocket: round robin sends it to the other process
            page.reload()
            page.get_by_role("heading", name=HEADING).wait_for(timeout=30_000)
            assert page.get_by_role("heading", name="เข้าสู่ระบบ").count() == 0
        page.screenshot(path=str(ARTIFACTS / "session-behind-nginx.png"))
        context.close()
        proxy.terminate()  # nginx writes a WebSocket's log line when it closes
        proxy.wait(timeout=20)
        sockets = [line.split()[0] for line in (tmp_path / "access.log").read_text().splitlines()
                   if "/_stcore/stream" in line]
        assert len(sockets) >= 4 and {first_url[7:], second_url[7:]} <= set(sockets)  # both processes served
    finally:
        proxy.terminate()
        proxy.wait(timeout=20)
        for process in (first, second):
            process.terminate()
            process.wait(timeout=20)
