"""The link checker against real local web servers started here (HTTP, HTTPS with a certificate of a test CA, and
HTTPS with a self-signed certificate), and the rule that broken links colour an OIT item."""

from __future__ import annotations

import datetime as dt
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization

from helpers.tls import certificate, private_key, tls_context
from ita_dash.domain.framework import PhaseKind
from ita_dash.domain.lights import Light, apply_link_checks, assess_oit_items, in_oit_check_window
from ita_dash.domain.links import LinkCheck, LinkState, classify, unit_links
from ita_dash.domain.model import Actor, OitItem, OitStatus
from ita_dash.domain.settings import LinkChecking
from ita_dash.domain.status import assess_unit
from ita_dash.outbound.links import check_units, check_urls

FAST = LinkChecking(request_seconds=1.5, run_seconds=20, workers=8, per_host=3, cache_hours=24)
STOP = threading.Event()


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []  # (method, host header, path) of every request any server got
    lock = threading.Lock()
    in_flight = most = 0

    def log_message(self, *args):  # quiet
        pass

    def _answer(self, head: bool):
        Handler.seen.append((self.command, self.headers.get("Host", ""), self.path))
        port = self.server.server_address[1]
        scheme = "https" if isinstance(self.server, TlsServer) else "http"
        path = self.path.split("?")[0]
        if path == "/hang":
            STOP.wait(30)  # never answers while the test runs
            return
        if path == "/slow":  # counts how many requests are in flight at once
            with Handler.lock:
                Handler.in_flight += 1
                Handler.most = max(Handler.most, Handler.in_flight)
            STOP.wait(0.4)
            with Handler.lock:
                Handler.in_flight -= 1
            return self._send(200, None, head)
        if path == "/nohead" and head:
            return self._send(405)
        routes = {
            "/ok": (200, None),
            "/nohead": (200, None),
            "/login": (200, None),
            "/moved": (301, "/ok"),
            "/private": (302, "/login?next=/private"),
            "/elsewhere": (302, f"{scheme}://localhost:{port}/ok"),
            "/missing": (404, None),
            "/broken": (500, None),
        }
        status, location = routes.get(path, (404, None))
        self._send(status, location, head)

    def _send(self, status: int, location: str | None = None, head: bool = False):
        body = "<!doctype html><title>t</title><p>ทดสอบ</p>".encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self._answer(head=True)

    def do_GET(self):
        self._answer(head=False)


class TlsServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, context: ssl.SSLContext):
        super().__init__(address, handler)
        self.socket = context.wrap_socket(self.socket, server_side=True)


class PlainServer(ThreadingHTTPServer):
    daemon_threads = True










def _serve(server) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    """Three servers on 127.0.0.1: plain HTTP, HTTPS with a certificate of our test CA (trusted through
    ``verify=ca``), and HTTPS with a self-signed certificate nobody trusts."""
    tmp = tmp_path_factory.mktemp("tls")
    ca_key, site_key, rogue_key = private_key(), private_key(), private_key()
    ca = certificate("ITA test CA", ca_key, "ITA test CA", ca_key, ca=True)
    site = certificate("localhost", site_key, "ITA test CA", ca_key, ca=False)
    rogue = certificate("localhost", rogue_key, "localhost", rogue_key, ca=False)
    ca_file = tmp / "ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    STOP.clear()
    servers = {
        "http": PlainServer(("127.0.0.1", 0), Handler),
        "https": TlsServer(("127.0.0.1", 0), Handler, tls_context(tmp, "site", site, site_key)),
        "rogue": TlsServer(("127.0.0.1", 0), Handler, tls_context(tmp, "rogue", rogue, rogue_key)),
    }
    for server in servers.values():
        _serve(server)
    bases = {name: f"{'http' if name == 'http' else 'https'}://127.0.0.1:{s.server_address[1]}"
             for name, s in servers.items()}
    yield bases, str(ca_file)
    STOP.set()
    for server in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture
def contacted(monkeypatch):
    """Every address a connection is opened to, by the checker or anything else in the test."""
    import urllib3.util.connection as connection

    opened: list[str] = []
    original = connection.create_connection

    def record(address, *args, **kwargs):
        opened.append(address[0])
        return original(address, *args, **kwargs)

    monkeypatch.setattr(connection, "create_connection", record)
    return opened


def test_every_state_from_real_servers_within_the_time_bound(web, contacted):
    bases, ca = web
    https, http, rogue = bases["https"], bases["http"], bases["rogue"]
    closed_port = _closed_port()
    expected = {
        f"{https}/ok": LinkState.REACHABLE,
        f"{https}/moved": LinkState.REACHABLE,  # 301 → 200
        f"{https}/nohead": LinkState.REACHABLE,  # HEAD refused with 405, GET answers
        f"{https}/private": LinkState.LOGIN,  # 302 to a login page
        f"{https}/missing": LinkState.NOT_FOUND,
        f"{https}/broken": LinkState.SERVER_ERROR,
        f"{https}/hang": LinkState.TIMEOUT,  # accepts, never answers
        f"{https}/elsewhere": LinkState.OTHER_HOST,  # 302 to another host name
        f"{rogue}/ok": LinkState.CERTIFICATE,  # self-signed
        f"{http}/ok": LinkState.NOT_HTTPS,
        f"{http}/missing": LinkState.NOT_FOUND,  # worse than plain HTTP
        f"http://127.0.0.1:{closed_port}/ok": LinkState.UNREACHABLE,
        "ftp://127.0.0.1/file.pdf": LinkState.INVALID,
    }
    ticks = []
    started = time.monotonic()
    checks = check_urls(expected, FAST, verify=ca, allow_private=True, trust_env=False,
                        progress=lambda done, total: ticks.append((done, total)))
    elapsed = time.monotonic() - started
    assert {url: c.state for url, c in checks.items()} == expected
    assert checks[f"{https}/moved"].final_url == f"{https}/ok"
    assert checks[f"{https}/private"].final_url.startswith(f"{https}/login")
    assert checks[f"{https}/elsewhere"].final_url.startswith("https://localhost:")
    assert checks[f"{https}/missing"].http_status == 404 and checks[f"{https}/broken"].http_status == 500
    assert all(c.checked_at.tzinfo is not None for c in checks.values())
    assert ticks[-1] == (len(expected), len(expected))
    # the run ends within its bound: the hanging path costs one request's time, not the run's
    assert elapsed < FAST.run_seconds
    # nothing outside this machine was contacted
    assert contacted and set(contacted) <= {"127.0.0.1", "localhost"}
    assert {host.split(":")[0] for _, host, _ in Handler.seen} <= {"127.0.0.1", "localhost"}
    assert ("HEAD", f"{https.split('//')[1]}", "/nohead") in Handler.seen
    assert ("GET", f"{https.split('//')[1]}", "/nohead") in Handler.seen


def test_a_run_stops_at_its_bound_and_calls_the_rest_timeouts(web, contacted):
    bases, ca = web
    slow = LinkChecking(request_seconds=2, run_seconds=2.5, workers=2, per_host=1)
    urls = [f"{bases['https']}/hang?n={n}" for n in range(6)]  # one at a time: 12 s without the run's bound
    started = time.monotonic()
    checks = check_urls(urls, slow, verify=ca, allow_private=True, trust_env=False)
    elapsed = time.monotonic() - started
    assert elapsed < slow.run_seconds + slow.request_seconds  # a ratio of the bound, as the issue asks
    assert [c.state for c in checks.values()] == [LinkState.TIMEOUT] * 6
    assert any("ทั้งรอบ" in c.detail for c in checks.values())
    assert set(contacted) <= {"127.0.0.1"}


def test_links_are_fetched_side_by_side_but_at_most_per_host_at_once(web):
    bases, ca = web
    limited = LinkChecking(request_seconds=5, run_seconds=30, workers=8, per_host=2)
    Handler.most = 0
    checks = check_urls([f"{bases['https']}/slow?n={n}" for n in range(6)], limited, verify=ca, allow_private=True,
                        trust_env=False)
    assert {c.state for c in checks.values()} == {LinkState.REACHABLE}
    assert Handler.most == 2  # concurrent, and never more than the per-host limit on one website


def test_private_addresses_are_not_fetched_by_default(contacted):
    checks = check_urls(["http://127.0.0.1:9/ok", "http://10.0.0.1/x"], FAST, trust_env=False)
    assert {c.state for c in checks.values()} == {LinkState.UNREACHABLE}
    assert all("เครือข่ายภายใน" in c.detail for c in checks.values())
    assert contacted == []


def _closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the rules ----------------------------------------------------------------------------------------------


def test_classify_orders_the_states():
    assert classify("https://a.go.th/x", status=200) is LinkState.REACHABLE
    assert classify("http://a.go.th/x", status=200) is LinkState.NOT_HTTPS
    assert classify("http://a.go.th/x", status=404) is LinkState.NOT_FOUND
    assert classify("https://a.go.th/x", status=200, final_url="https://b.go.th/x", redirected=True) is LinkState.OTHER_HOST
    assert classify("https://a.go.th/x", status=200, final_url="https://accounts.google.com/ServiceLogin?x",
                    redirected=True) is LinkState.LOGIN
    assert classify("https://a.go.th/x", status=401) is LinkState.LOGIN
    assert classify("https://a.go.th/login-help", status=200) is LinkState.REACHABLE  # not redirected there
    assert classify("https://a.go.th/x", error="certificate") is LinkState.CERTIFICATE


def _check(url: str, state: LinkState, day: dt.date) -> LinkCheck:
    return LinkCheck(url=url, state=state, checked_at=dt.datetime.combine(day, dt.time(3, 0), tzinfo=dt.UTC))


def test_a_broken_link_turns_its_item_amber_and_red_in_the_checking_window(templates):
    from ita_dash.store.demo import UNITS, build_unit_year

    data = build_unit_year(templates, UNITS[0], 2570, dt.date(2027, 4, 20))
    template = templates.for_year(data.unit.kind, 2570)
    window = template.phase(PhaseKind.OIT_CHECK)
    assert window and window.start and window.end
    published = next(i for i in data.oit_items if i.link)
    items = [i if i.code != published.code else i.model_copy(update={"status": OitStatus.PUBLISHED})
             for i in data.oit_items]
    data = data.model_copy(update={"oit_items": items})
    before = window.start - dt.timedelta(days=3)
    checks = {published.link: _check(published.link, LinkState.NOT_FOUND, before)}

    plain = {s.spec.code: s for s in assess_oit_items(template, data, before)}
    assert plain[published.code].light is Light.GREEN
    outside = {s.spec.code: s for s in apply_link_checks(assess_oit_items(template, data, before), checks, template, before)}
    assert outside[published.code].light is Light.AMBER
    assert "ไม่พบหน้า" in outside[published.code].reason
    inside_day = window.start + dt.timedelta(days=1)
    assert in_oit_check_window(template, inside_day)
    status = assess_unit(template, data, inside_day, link_checks=checks)
    item = next(s for s in status.oit_items if s.spec.code == published.code)
    assert item.light is Light.RED and "ช่วงที่ผู้ประเมินตรวจ OIT" in item.reason
    indicator = status.indicator_light(item.indicator)
    assert indicator is Light.RED
    assert any(published.code in r.text and "ลิงก์มีปัญหา" in r.text for i in status.indicators for r in i.reasons)
    # plain HTTP is only a warning, even in the window; a check made after the day judged does not count
    warn = {published.link: _check(published.link, LinkState.NOT_HTTPS, before)}
    assert next(s for s in assess_unit(template, data, inside_day, link_checks=warn).oit_items
                if s.spec.code == published.code).light is Light.AMBER
    later = {published.link: _check(published.link, LinkState.NOT_FOUND, inside_day + dt.timedelta(days=5))}
    assert next(s for s in assess_unit(template, data, inside_day, link_checks=later).oit_items
                if s.spec.code == published.code).light is Light.GREEN


def test_unit_links_lists_oit_and_evidence_links(templates):
    from ita_dash.store.demo import UNITS, build_unit_year

    data = build_unit_year(templates, UNITS[0], 2570, dt.date(2027, 4, 20))
    refs = unit_links(data)
    assert {r.url for r in refs if r.kind == "oit"} == {i.link for i in data.oit_items if i.link}
    assert {r.url for r in refs if r.kind == "evidence"} == {f.evidence_url for f in data.follow_ups if f.evidence_url}


# -- stored, cached, and on the command line ----------------------------------------------------------------


def test_checks_are_stored_cached_and_move_the_data_version(store, templates, web):
    from ita_dash.store.demo import UNITS, build_unit_year

    bases, ca = web
    actor = Actor.system("test")
    data = build_unit_year(templates, UNITS[0], 2570, dt.date(2027, 4, 20))
    urls = [f"{bases['https']}/ok", f"{bases['https']}/missing"]
    items = [OitItem(code="O1", status=OitStatus.PUBLISHED, link=urls[0]),
             OitItem(code="O2", status=OitStatus.PUBLISHED, link=urls[1])]
    data = data.model_copy(update={"oit_items": items, "follow_ups": []})
    store.replace_unit_year(actor, data)
    version = store.data_version()
    refs, run = check_units(store, actor, [data.unit.code], 2570, FAST, verify=ca, allow_private=True, trust_env=False)
    assert {r.url for r in refs} == set(urls) and run.fetched == set(urls) and not run.cached
    assert store.data_version() > version
    saved = store.link_checks(actor, urls)
    assert {u: c.state for u, c in saved.items()} == {urls[0]: LinkState.REACHABLE, urls[1]: LinkState.NOT_FOUND}
    seen = len(Handler.seen)
    _, again = check_units(store, actor, [data.unit.code], 2570, FAST, verify=ca, allow_private=True, trust_env=False)
    assert again.cached == set(urls) and not again.fetched and len(Handler.seen) == seen  # from the cache
    _, forced = check_units(store, actor, [data.unit.code], 2570, FAST, force=True, verify=ca, allow_private=True,
                            trust_env=False)
    assert forced.fetched == set(urls)
    with pytest.raises(Exception, match="ผู้ชม"):
        store.save_link_checks(Actor(username="v", role="viewer", unit_code=data.unit.code), data.unit.code, 2570,
                               list(saved.values()))


def test_links_check_command(tmp_path, templates, web, capsys, monkeypatch):
    from ita_dash.cli import main
    from ita_dash.store.demo import UNITS, build_unit_year
    from ita_dash.store.sql import SqlStore

    bases, ca = web
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    store = SqlStore(url)
    data = build_unit_year(templates, UNITS[0], 2570, dt.date(2027, 4, 20))
    data = data.model_copy(update={"oit_items": [OitItem(code="O1", status=OitStatus.PUBLISHED, link=f"{bases['https']}/missing")],
                                   "follow_ups": []})
    store.replace_unit_year(Actor.system("t"), data)
    monkeypatch.setenv("ITA_LINKS_CA_BUNDLE", ca)
    monkeypatch.setenv("ITA_LINKS_ALLOW_PRIVATE", "1")
    assert main(["--db", url, "links", "check", "--unit", data.unit.code, "--fy", "2570", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["links"][0]["state"] == "not_found" and out["links"][0]["ref"] == "O1"
    assert main(["--db", url, "links", "check", "--unit", data.unit.code, "--fy", "2570"]) == 0
    text = capsys.readouterr().out
    assert "ไม่พบหน้า" in text and "O1" in text
    # the lights of the status command follow the check; a province checks all of its units
    assert main(["--db", url, "status", "--unit", data.unit.code, "--fy", "2570", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    reasons = [r["text"] for i in status["indicators"] for r in i["reasons"]]
    assert any(text.startswith("O1 ") and "ไม่พบหน้า" in text for text in reasons)
    assert main(["--db", url, "links", "check", "--province", data.province.code, "--fy", "2570", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["units"] == [data.unit.code]
    assert main(["--db", url, "links", "check", "--fy", "2570"]) == 1
    assert "--unit" in capsys.readouterr().err


# -- issue 26: the guard judges the host that is connected to, and a link has a deadline in all ----------------


def test_an_address_read_two_ways_is_refused_without_connecting(contacted):
    port = _closed_port()
    tricky = [f"http://127.0.0.1:{port}\\@example.com/", f"http://127.0.0.1:{port}\\\\@example.com/x"]
    checks = check_urls(tricky, FAST, trust_env=False)
    assert {c.state for c in checks.values()} == {LinkState.INVALID}, checks
    assert contacted == []


@pytest.mark.parametrize("address", ["100.64.0.1", "100.100.100.200", "192.0.0.8", "198.18.0.1", "[::ffff:127.0.0.1]",
                                     "[fd00::1]", "0.0.0.0", "169.254.169.254"])
def test_every_address_off_the_public_internet_is_refused(contacted, address):
    checks = check_urls([f"http://{address}/latest/meta-data/"], FAST, trust_env=False)
    (check,) = checks.values()
    assert check.state is LinkState.UNREACHABLE and "เครือข่ายภายใน" in check.detail, check
    assert contacted == []


def test_a_server_that_trickles_its_headers_is_cut_at_the_links_deadline():
    """The server sends one header byte every half second for ever: each read is within the request timeout, so
    only a deadline for the whole link ends it, and the checking thread is free again."""
    import socket as sockets

    listener = sockets.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    done = threading.Event()
    served: list = []

    def trickle():
        connection, _ = listener.accept()
        served.append(connection)
        try:
            connection.recv(1024)
            connection.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not done.wait(0.5):
                connection.sendall(b"a")
        except OSError:
            pass
        finally:
            connection.close()

    threading.Thread(target=trickle, daemon=True).start()
    settings = LinkChecking(request_seconds=2, link_seconds=2.5, run_seconds=30, workers=1, per_host=1)
    before = {t.ident for t in threading.enumerate()}
    started = time.monotonic()
    try:
        checks = check_urls([f"http://127.0.0.1:{port}/"], settings, allow_private=True, trust_env=False)
        took = time.monotonic() - started
        (check,) = checks.values()
        assert check.state is LinkState.TIMEOUT, check
        assert took < 10, took  # not the run's bound of 30 s (a bound, not a timing figure)
        for _ in range(50):  # the checking thread has ended, not left stuck reading
            if not [t for t in threading.enumerate() if t.ident not in before and t.name.startswith("link-check")]:
                break
            time.sleep(0.1)
        assert not [t for t in threading.enumerate() if t.ident not in before and t.name.startswith("link-check")]
    finally:
        done.set()
        listener.close()


def test_a_thai_domain_name_is_still_checked(contacted):
    checks = check_urls(["http://ไม่มีจริง-ทดสอบ.invalid/"], FAST, trust_env=False)
    (check,) = checks.values()
    assert check.state is not LinkState.INVALID, check  # the same host for both parsers (its IDNA form)
