"""The link checker (issue 19): fetch every OIT link and evidence link of units, the way an assessor would open it.

Storage floor: it talks to the network (``requests``), reads units from the store and writes the results there; the
states and the light an item gets are domain rules (``ita_dash/domain/links.py``, ``lights.py``).

- HEAD first, then GET (headers only, the body is never read) when HEAD is refused with a 4xx/5xx;
- redirects followed one hop at a time (at most ``max_redirects``), every hop's address checked, the final address
  recorded;
- each request bounded (connect and each read: ``request_seconds``), each link in all (``link_seconds``: its sockets
  are shut then, so a server that trickles its headers cannot keep a thread), the whole run bounded (``run_seconds``:
  what is not done by then counts as not answering), at most ``workers`` requests at once and ``per_host`` per website;
- addresses that are not on the public internet are not fetched (an assessor cannot open them either, and the server
  must not be made to probe its own network), unless ``allow_private`` (tests on 127.0.0.1); the host judged is the
  one urllib3 will connect to, and an address whose host two parsers read differently is refused as invalid;
- a name is resolved once per hop, every address it gives is judged (an IPv4 address inside IPv6, in the mapped,
  NAT64, 6to4 and IPv4-compatible forms, as IPv4), and the connection goes to exactly those addresses: a DNS answer
  that changes between the judging and the connecting (DNS rebinding) is never asked for. The request still carries
  the written name (Host header, TLS server name and certificate check). Behind a forward proxy (``HTTPS_PROXY``,
  read when ``trust_env``) the proxy resolves the name, so the pinning is the proxy's to do.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests
import requests.adapters
from requests.utils import get_environ_proxies
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError
from urllib3.util import parse_url

from ita_dash.domain.links import LinkCheck, LinkRef, LinkState, classify, host_of, unit_links, valid_address
from ita_dash.domain.model import Actor
from ita_dash.domain.settings import LINKS, LinkChecking
from ita_dash.domain.thaidate import now_recorded

USER_AGENT = "ITA-Command-Dashboard-link-check/1.0 (+checks the unit's own OIT links)"
REFUSED = 400  # HEAD answered with this or above: try GET


@dataclass
class CheckRun:
    """The outcome of one run: every address's check, and which were served from the cache."""

    checks: dict[str, LinkCheck] = field(default_factory=dict)
    cached: set[str] = field(default_factory=set)
    fetched: set[str] = field(default_factory=set)
    seconds: float = 0.0


def _connect_host(url: str) -> str:
    """The host requests will connect to for ``url``: read by requests' and urllib3's own parser, not by
    ``urlsplit`` (issue 26: ``http://127.0.0.1:8080\\@evil.example/`` is evil.example to ``urlsplit`` but
    127.0.0.1 to urllib3, which connects)."""
    prepared = requests.Request("HEAD", url).prepare()
    return (parse_url(prepared.url).host or "").strip("[]").lower()


# Ranges this Python's ``is_global`` still calls global (3.11 judges 192.0.0.0/24 by its exceptions' table).
_NOT_PUBLIC = (ipaddress.ip_network("192.0.0.0/24"), ipaddress.ip_network("100.64.0.0/10"))
# IPv6 ranges whose last 32 bits are an IPv4 address a gateway connects to: NAT64's well-known and local prefixes
# (RFC 6052, RFC 8215) and the deprecated IPv4-compatible form (::a.b.c.d; :: and ::1 are judged as IPv6).
_IPV4_IN_LAST_32_BITS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"),
                         ipaddress.ip_network("::/96"))


def _as_judged(address: ipaddress.IPv4Address | ipaddress.IPv6Address):
    """The address a connection to ``address`` really reaches, for judging: an IPv4 address carried inside IPv6
    (mapped ::ffff:a.b.c.d, 6to4 2002::/16, NAT64, IPv4-compatible) is that IPv4 address."""
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if int(address) > 1 and any(address in net for net in _IPV4_IN_LAST_32_BITS):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def off_public_internet(text: str) -> bool:
    """Whether the address ``text`` is not on the public internet (``ipaddress``'s ``is_global``: loopback, private,
    link-local, carrier-grade NAT 100.64.0.0/10, reserved, multicast, …), judged as :func:`_as_judged` reads it."""
    address = _as_judged(ipaddress.ip_address(text.split("%")[0]))
    return not address.is_global or address.is_multicast or any(address in net for net in _NOT_PUBLIC)


def _resolve(host: str) -> list[str]:
    """The addresses ``host`` resolves to, in the resolver's order, each once; empty when the name is unknown."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []
    return list(dict.fromkeys(info[4][0] for info in infos))


def _same_host(connecting: str, written: str) -> bool:
    """Whether the host urllib3 connects to is the one the address shows (a Thai domain name in its IDNA form)."""
    if not connecting or not written:
        return False
    try:
        return connecting == written.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return False


def _key(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


class _Link:
    """One link's connections. Its whole time (connect, headers, redirects; the body is never read): when it is up,
    every socket the link opened is shut, so a server that trickles its headers cannot keep the thread (issue 26).
    Its addresses: a connection goes only to the addresses judged for its host (:meth:`pin`), or to a proxy the
    environment names (issue 35). Mounted on the link's requests session as its adapters' connection classes."""

    def __init__(self, seconds: float):
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.pins: dict[str, list[str]] = {}
        self.proxies: set[str] = set()
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def pin(self, host: str, addresses: list[str]) -> None:
        self.pins[_key(host)] = addresses

    def addresses_of(self, host: str) -> list[str]:
        """Where a connection to ``host`` may go; an OSError for a host never judged (urllib3 reports it as a
        connection that could not be made)."""
        if _key(host) in self.pins:
            return self.pins[_key(host)]
        if _key(host) in self.proxies:
            return [host]
        raise OSError(f"{host} was not judged before connecting")

    def mount(self, session: requests.Session) -> None:
        link = self

        def watched(base):
            class Connection(base):
                def _new_conn(self):
                    written, last = self._dns_host, None
                    try:
                        for address in link.addresses_of(written):
                            self._dns_host = address  # the socket's address only: Host and TLS name stay written
                            try:
                                return super()._new_conn()
                            except NewConnectionError as error:  # the next judged address, as urllib3 would
                                last = error
                    except OSError as error:
                        raise NewConnectionError(self, f"not connected: {error}") from error
                    finally:
                        self._dns_host = written
                    raise last or NewConnectionError(self, "no address to connect to")

                def connect(self):
                    super().connect()
                    link.watch(self.sock)
            return Connection

        for scheme, pool in (("http://", HTTPConnectionPool), ("https://", HTTPSConnectionPool)):
            pool_class = type(f"Watched{pool.__name__}", (pool,), {"ConnectionCls": watched(pool.ConnectionCls)})
            adapter = requests.adapters.HTTPAdapter(max_retries=0)
            adapter.poolmanager.pool_classes_by_scheme = {**adapter.poolmanager.pool_classes_by_scheme,
                                                          scheme.rstrip(":/"): pool_class}
            session.mount(scheme, adapter)
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a thread blocked reading it; close() alone would not
    except OSError:
        pass


def _error_state(error: Exception) -> tuple[str, str]:
    if isinstance(error, requests.exceptions.SSLError):
        return "certificate", "ใบรับรองไม่ผ่านการตรวจสอบ"
    if isinstance(error, requests.exceptions.Timeout):
        return "timeout", "ไม่ตอบภายในเวลาที่กำหนด"
    if isinstance(error, requests.exceptions.TooManyRedirects):
        return "unreachable", "ถูกส่งต่อวนซ้ำเกินกำหนด"
    if isinstance(error, requests.exceptions.InvalidURL | requests.exceptions.MissingSchema
                  | requests.exceptions.InvalidSchema):
        return "invalid", "ที่อยู่ลิงก์ไม่ถูกต้อง"
    text = str(error)
    if "CERTIFICATE_VERIFY_FAILED" in text or "SSL" in text:
        return "certificate", "ใบรับรองไม่ผ่านการตรวจสอบ"
    if "timed out" in text.lower():
        return "timeout", "ไม่ตอบภายในเวลาที่กำหนด"
    return "unreachable", "เชื่อมต่อไม่ได้"


def fetch(url: str, settings: LinkChecking = LINKS, *, verify: bool | str = True, allow_private: bool = False,
          trust_env: bool = True, now: Callable[[], dt.datetime] | None = None,
          seconds: float | None = None) -> LinkCheck:
    """Open ``url`` once as an assessor would and say what state it is in, within ``seconds`` in all (default
    ``settings.link_seconds``)."""
    clock = now or now_recorded  # stamped on the app's today when ITA_TODAY fixes it (thaidate.now_recorded)
    url = url.strip()

    def result(state: LinkState, final: str = "", status: int | None = None, detail: str = "") -> LinkCheck:
        return LinkCheck(url=url[:500], state=state, checked_at=clock(), final_url=final[:2000], http_status=status,
                         detail=detail[:300])

    if not valid_address(url):
        return result(LinkState.INVALID, detail="ต้องขึ้นต้นด้วย http:// หรือ https:// และมีชื่อเว็บไซต์")
    timeout = (settings.request_seconds, settings.request_seconds)
    link = _Link(settings.link_seconds if seconds is None else seconds)
    with requests.Session() as session:
        session.trust_env = trust_env
        session.headers["User-Agent"] = USER_AGENT
        link.mount(session)
        try:
            return _follow(session, url, result, settings, timeout, verify, allow_private, link)
        finally:
            link.cancel()


def _follow(session, url, result, settings, timeout, verify, allow_private, link: _Link) -> LinkCheck:
    """The hops of one link, each address judged by the host that will be connected to, and pinned."""
    current, hops = url, 0
    while True:
        if not valid_address(current):
            return result(LinkState.INVALID, current, detail="ถูกส่งต่อไปยังที่อยู่ที่ไม่ใช่ http/https")
        try:
            host = _connect_host(current)
        except requests.exceptions.RequestException:
            return result(LinkState.INVALID, current, detail="ที่อยู่ลิงก์ไม่ถูกต้อง")
        if not _same_host(host, host_of(current)):  # two parsers disagree: never guess which one connects
            return result(LinkState.INVALID, current, detail="ที่อยู่ลิงก์อ่านได้สองแบบ (มีอักขระแปลกปน) ผู้ประเมินอาจเปิดไม่ได้")
        addresses = _resolve(host)
        if not addresses:
            return result(LinkState.UNREACHABLE, current, detail="ไม่พบชื่อเว็บไซต์นี้ (DNS)")
        if not allow_private and any(off_public_internet(address) for address in addresses):
            return result(LinkState.UNREACHABLE, current, detail="เป็นที่อยู่ในเครือข่ายภายใน ผู้ประเมินเปิดไม่ได้")
        link.pin(host, addresses)
        if session.trust_env:
            link.proxies |= {_key(parse_url(proxy).host or "") for proxy in get_environ_proxies(current).values()}
        try:
            response = session.head(current, allow_redirects=False, timeout=timeout, verify=verify)
            response.close()
            if response.status_code >= REFUSED:
                response = session.get(current, allow_redirects=False, timeout=timeout, verify=verify, stream=True)
                response.close()  # the headers are enough; the body is never read
        except requests.exceptions.RequestException as error:
            if link.expired:
                return result(LinkState.TIMEOUT, current, detail="ไม่ตอบครบภายในเวลาที่กำหนด")
            error_state, detail = _error_state(error)
            return result(classify(url, error=error_state), current, detail=detail)
        if link.expired:  # shut mid-headers: what arrived is not an answer
            return result(LinkState.TIMEOUT, current, detail="ไม่ตอบครบภายในเวลาที่กำหนด")
        location = response.headers.get("Location")
        if response.is_redirect and location:
            hops += 1
            if hops > settings.max_redirects:
                return result(LinkState.UNREACHABLE, current, response.status_code, "ถูกส่งต่อวนซ้ำเกินกำหนด")
            current = urljoin(current, location)
            continue
        state = classify(url, status=response.status_code, final_url=current, redirected=hops > 0)
        return result(state, current, response.status_code, f"ส่งต่อ {hops} ครั้ง" if hops else "")


def check_urls(urls: Iterable[str], settings: LinkChecking = LINKS, *, verify: bool | str = True,
               allow_private: bool = False, trust_env: bool = True,
               progress: Callable[[int, int], None] | None = None) -> dict[str, LinkCheck]:
    """Fetch every address concurrently within the run's time bound; returns a check for each one."""
    wanted = list(dict.fromkeys(u.strip() for u in urls if u and u.strip()))
    if not wanted:
        return {}
    deadline = time.monotonic() + settings.run_seconds
    hosts: dict[str, threading.BoundedSemaphore] = {}
    lock = threading.Lock()

    def one(url: str) -> LinkCheck:
        host = urlsplit(url).netloc.lower()
        with lock:
            gate = hosts.setdefault(host, threading.BoundedSemaphore(settings.per_host))
        if not gate.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return _ran_out(url)
        try:
            if time.monotonic() >= deadline:
                return _ran_out(url)
            return fetch(url, settings, verify=verify, allow_private=allow_private, trust_env=trust_env,
                         seconds=min(settings.link_seconds, deadline - time.monotonic()))
        except Exception as error:  # noqa: BLE001 - an address requests cannot even parse (bad IDNA, say)
            return LinkCheck(url=url[:500], state=LinkState.INVALID, checked_at=now_recorded(),
                             detail=f"เปิดไม่ได้: {type(error).__name__}"[:300])
        finally:
            gate.release()

    results: dict[str, LinkCheck] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, settings.workers), thread_name_prefix="link-check")
    try:
        pending = {pool.submit(one, url): url for url in wanted}
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            done, _ = wait(pending, timeout=left, return_when=FIRST_COMPLETED)
            for future in done:
                url = pending.pop(future)
                results[url] = future.result()
                if progress:
                    progress(len(results), len(wanted))
        for url in pending.values():
            results[url] = _ran_out(url)
    finally:
        # Nothing waits for requests still under way: each ends by its own deadline, at the latest the run's.
        pool.shutdown(wait=False, cancel_futures=True)
    if progress:
        progress(len(wanted), len(wanted))
    return {url: results[url] for url in wanted}


def _ran_out(url: str) -> LinkCheck:
    return LinkCheck(url=url[:500], state=LinkState.TIMEOUT, checked_at=now_recorded(),
                     detail="หมดเวลาการตรวจทั้งรอบก่อนถึงลิงก์นี้")


def environment_options() -> dict:
    """``ITA_LINKS_CA_BUNDLE``: a CA file to trust (a government CA the system store lacks);
    ``ITA_LINKS_ALLOW_PRIVATE=1``: also fetch addresses inside private networks (an intranet-only deployment)."""
    options: dict = {}
    if bundle := os.environ.get("ITA_LINKS_CA_BUNDLE"):
        options["verify"] = bundle
    if os.environ.get("ITA_LINKS_ALLOW_PRIVATE") == "1":
        options["allow_private"] = True
    return options


def check_units(store, actor: Actor, unit_codes: list[str], fiscal_year: int, settings: LinkChecking = LINKS, *,
                force: bool = False, progress: Callable[[int, int], None] | None = None,
                **fetch_options) -> tuple[list[LinkRef], CheckRun]:
    """Every OIT and evidence link of the units' year: fresh checks come from the store's cache (unless ``force``),
    the rest are fetched and saved. Returns where each link is used and the run. Without ``fetch_options`` the
    environment's are used (:func:`environment_options`)."""
    fetch_options = fetch_options or environment_options()
    started = time.monotonic()
    refs: list[LinkRef] = []
    for code in unit_codes:
        refs += unit_links(store.load_unit_year(actor, code, fiscal_year))
    urls = list(dict.fromkeys(ref.url for ref in refs))
    run = CheckRun()
    known = {} if force else store.link_checks(actor, urls)
    now = now_recorded()
    for url, check in known.items():
        if check.fresh(now, settings):
            run.checks[url] = check
            run.cached.add(url)
    to_fetch = [u for u in urls if u not in run.cached]
    fetched = check_urls(to_fetch, settings, progress=progress, **fetch_options)
    for code in unit_codes:  # each unit writes the results of its own links
        own = {ref.url for ref in refs if ref.unit_code == code}
        store.save_link_checks(actor, code, fiscal_year, [check for url, check in fetched.items() if url in own])
    run.checks.update(fetched)
    run.fetched = set(fetched)
    run.seconds = time.monotonic() - started
    return refs, run
