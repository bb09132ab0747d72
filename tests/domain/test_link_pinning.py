"""Issue 35, item 1: the link checker connects to exactly the addresses it judged.

DNS is replaced in-process (``socket.getaddrinfo``) by a resolver that can answer a name differently on its second
look-up, as a rebinding attacker's DNS server does; every connection the test opens is recorded, and none leaves
127.0.0.1 (an address outside is refused at once, as an unreachable site would be).
"""

from __future__ import annotations

import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization

from helpers.tls import certificate, private_key, tls_context
from ita_dash.domain.links import LinkState
from ita_dash.domain.settings import LinkChecking
from ita_dash.outbound.links import check_urls, off_public_internet

FAST = LinkChecking(request_seconds=2, link_seconds=4, run_seconds=20, workers=2, per_host=2)
PUBLIC = "93.184.215.14"  # a public address: judged as such, never connected to from a test


class Recorder(BaseHTTPRequestHandler):
    """An internal service: remembers the Host header of every request it is sent."""

    hosts: list[str] = []

    def log_message(self, *args):
        pass

    def do_HEAD(self):  # noqa: N802 - http.server's naming
        Recorder.hosts.append(self.headers.get("Host", ""))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD


@pytest.fixture
def internal():
    """A plain HTTP service on 127.0.0.1, the kind a rebinding link is aimed at."""
    Recorder.hosts = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def dns(monkeypatch):
    """``dns[name] = [first answer, later answer]``: the in-process resolver. Names not listed resolve as usual."""
    answers: dict[str, list[str]] = {}
    asked: dict[str, int] = {}
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in answers:
            return real(host, port, *args, **kwargs)
        turn = asked.get(name, 0)
        asked[name] = turn + 1
        address = answers[name][min(turn, len(answers[name]) - 1)]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port or 0))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return answers


@pytest.fixture
def connected(monkeypatch):
    """Every address a socket is opened to; an IP address outside loopback is refused at once (the test stays
    local). A name is passed on to be resolved (only code that resolves again would pass one)."""
    import urllib3.util.connection as connection

    opened: list[str] = []
    original = connection.create_connection

    def record(address, *args, **kwargs):
        opened.append(address[0])
        if address[0][0].isdigit() and not address[0].startswith("127.") or ":" in address[0]:
            raise ConnectionRefusedError(f"a test does not leave 127.0.0.1 ({address[0]})")
        return original(address, *args, **kwargs)

    monkeypatch.setattr(connection, "create_connection", record)
    return opened


def test_a_name_that_rebinds_to_loopback_after_the_check_never_reaches_the_internal_service(dns, internal, connected):
    dns["rebind.example"] = [PUBLIC, "127.0.0.1"]  # public when judged, loopback for anyone who asks again
    (check,) = check_urls([f"http://rebind.example:{internal}/admin"], FAST, trust_env=False).values()
    assert Recorder.hosts == []  # the internal service was never sent a request
    assert connected == [PUBLIC]  # the one address judged, and no other
    assert check.state is LinkState.UNREACHABLE, check


def test_the_pinned_connection_keeps_the_written_name_in_the_host_header(dns, internal, connected):
    dns["site.example"] = ["127.0.0.1", "127.0.0.2"]
    (check,) = check_urls([f"http://site.example:{internal}/"], FAST, allow_private=True, trust_env=False).values()
    assert check.http_status == 200, check  # answered (plain http: the state says so)
    assert Recorder.hosts == [f"site.example:{internal}"]
    assert connected == ["127.0.0.1"]


def test_the_pinned_connection_checks_the_certificate_against_the_written_name(dns, connected, tmp_path):
    ca_key, site_key = private_key(), private_key()
    ca = certificate("ITA test CA", ca_key, "ITA test CA", ca_key, ca=True)
    site = certificate("secure.example", site_key, "ITA test CA", ca_key, ca=False, names=("secure.example",))
    ca_file = tmp_path / "ca.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    context: ssl.SSLContext = tls_context(tmp_path, "secure", site, site_key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    Recorder.hosts = []
    try:
        dns["secure.example"] = ["127.0.0.1", "127.0.0.2"]
        checks = check_urls([f"https://secure.example:{port}/", f"https://127.0.0.1:{port}/"], FAST,
                            verify=str(ca_file), allow_private=True, trust_env=False)
    finally:
        server.shutdown()
        server.server_close()
    assert checks[f"https://secure.example:{port}/"].state is LinkState.REACHABLE  # name sent and checked
    assert checks[f"https://127.0.0.1:{port}/"].state is LinkState.CERTIFICATE  # the certificate names no address
    assert "127.0.0.2" not in connected


@pytest.mark.parametrize("address", ["64:ff9b::7f00:1", "64:ff9b::a9fe:a9fe", "64:ff9b:1::a00:1", "2002:7f00:1::1",
                                     "2002:a9fe:a9fe::", "::7f00:1", "::a00:1", "::ffff:10.0.0.1"])
def test_an_ipv4_address_inside_ipv6_is_judged_as_that_ipv4_address(dns, connected, address):
    assert off_public_internet(address)
    dns["nat64.example"] = [address]
    checks = check_urls([f"http://[{address}]/latest/", "http://nat64.example/latest/"], FAST, trust_env=False)
    assert {c.state for c in checks.values()} == {LinkState.UNREACHABLE}, checks
    assert all("เครือข่ายภายใน" in c.detail for c in checks.values()), checks
    assert connected == []


@pytest.mark.parametrize("address", ["64:ff9b::5db8:d70e", "2002:5db8:d70e::1", PUBLIC])
def test_a_public_ipv4_address_inside_ipv6_is_still_public(address):
    assert not off_public_internet(address)
