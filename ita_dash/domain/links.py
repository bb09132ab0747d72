"""Links the assessors follow: which links a unit has, what state a fetched link is in, and when a check is fresh.

NACC assessors open the link a unit gives for each OIT item; a dead link, a page behind a login or a file that moved
costs the item. The fetching is done on the storage floor (``ita_dash/outbound/links.py``); here are only the rules:
the states and their Thai words, how a fetch's outcome is read into a state (:func:`classify`), and which links of a
unit's year are checked (:func:`unit_links`). The light an item gets from a broken link is in ``lights.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import Enum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from .model import Actor, Record, Role, UnitYearData
from .permissions import NotAllowed, who
from .settings import LINKS, LinkChecking


class LinkState(str, Enum):
    REACHABLE = "reachable"
    NOT_FOUND = "not_found"  # 4xx
    SERVER_ERROR = "server_error"  # 5xx
    TIMEOUT = "timeout"
    CERTIFICATE = "certificate"
    NOT_HTTPS = "not_https"
    LOGIN = "login"  # redirected to a login page (or asked for credentials)
    OTHER_HOST = "other_host"  # redirected to a different host
    UNREACHABLE = "unreachable"  # no connection at all: unknown host, refused, reset
    INVALID = "invalid"  # not an http(s) address


LINK_STATE_LABELS = {
    LinkState.REACHABLE: "เปิดได้",
    LinkState.NOT_FOUND: "ไม่พบหน้า (4xx)",
    LinkState.SERVER_ERROR: "เซิร์ฟเวอร์ขัดข้อง (5xx)",
    LinkState.TIMEOUT: "ไม่ตอบสนองภายในเวลา",
    LinkState.CERTIFICATE: "ใบรับรองความปลอดภัย (HTTPS) ไม่ถูกต้อง",
    LinkState.NOT_HTTPS: "ไม่ใช่ HTTPS",
    LinkState.LOGIN: "ต้องเข้าสู่ระบบก่อนจึงเปิดได้",
    LinkState.OTHER_HOST: "ถูกส่งต่อไปยังเว็บไซต์อื่น",
    LinkState.UNREACHABLE: "เชื่อมต่อเว็บไซต์ไม่ได้",
    LinkState.INVALID: "ที่อยู่ลิงก์ไม่ถูกต้อง",
}

# An assessor cannot open these at all; the others open but cost trust (plain HTTP, another site).
BROKEN = {LinkState.NOT_FOUND, LinkState.SERVER_ERROR, LinkState.TIMEOUT, LinkState.CERTIFICATE, LinkState.LOGIN,
          LinkState.UNREACHABLE, LinkState.INVALID}
WARNING = {LinkState.NOT_HTTPS, LinkState.OTHER_HOST}
PROBLEMS = BROKEN | WARNING

_LOGIN = re.compile(r"(^|[/._?&=-])(log-?in|sign-?in|logon|auth|sso|cas|servicelogin|wp-login\.php)([/._?&=-]|$)",
                    re.IGNORECASE)


def thai_state(state: LinkState) -> str:
    return LINK_STATE_LABELS[state]


class LinkCheck(Record):
    """The outcome of the last fetch of one address."""

    url: Annotated[str, Field(max_length=500)]
    state: LinkState
    checked_at: dt.datetime
    final_url: Annotated[str, Field(max_length=2000)] = ""
    http_status: int | None = None
    detail: Annotated[str, Field(max_length=300)] = ""

    @field_validator("checked_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("checked_at needs a time zone")
        return value.astimezone(dt.UTC)

    @property
    def problem(self) -> bool:
        return self.state in PROBLEMS

    def describe(self) -> str:
        """One Thai line: the state, the HTTP status and where it ended."""
        text = thai_state(self.state)
        if self.http_status and self.state in (LinkState.NOT_FOUND, LinkState.SERVER_ERROR):
            text += f" — รหัส {self.http_status}"
        if self.state in (LinkState.LOGIN, LinkState.OTHER_HOST) and self.final_url:
            text += f" — ไปที่ {self.final_url[:120]}"
        return text

    def fresh(self, now: dt.datetime, settings: LinkChecking = LINKS) -> bool:
        """Young enough to be served from the cache instead of fetched again."""
        return now - self.checked_at < dt.timedelta(hours=settings.cache_hours)


@dataclass(frozen=True)
class LinkRef:
    """Where a unit uses an address: an OIT item's link, or the evidence of a monthly report."""

    url: str
    unit_code: str
    kind: str  # "oit" or "evidence"
    ref: str  # OIT item code or measure code
    month: str = ""  # evidence: the report's month

    @property
    def label(self) -> str:
        if self.kind == "oit":
            return f"รายการ {self.ref}"
        return f"หลักฐานมาตรการ {self.ref} เดือน {self.month}"


def unit_links(data: UnitYearData) -> list[LinkRef]:
    """Every OIT link and every evidence link of the unit's year, in item then measure order."""
    refs = [LinkRef(item.link.strip(), data.unit.code, "oit", item.code)
            for item in sorted(data.oit_items, key=lambda i: int(i.code[1:])) if item.link.strip()]
    refs += [LinkRef(f.evidence_url.strip(), data.unit.code, "evidence", f.measure_code, f.month)
             for f in sorted(data.follow_ups, key=lambda f: (f.measure_code, f.month)) if f.evidence_url.strip()]
    return refs


def check_check_links(actor: Actor, unit_code: str, links: set[str], urls: set[str]) -> None:
    """Running the checker on a unit writes its results (a cache shared by every unit that uses the address), so
    only the unit's own people may (its chief, its section heads) and the scheduled checker (the command line,
    acting as administrator), and only for ``links``, the unit's own (:func:`unit_links`): no one writes a result
    for an address of another unit or province. A viewer, a province or a region reader may not (issue 35)."""
    if actor.role is Role.VIEWER:
        raise NotAllowed(f"บัญชี {actor.username} เป็นผู้ชม ไม่มีสิทธิ์สั่งตรวจลิงก์")
    if not (actor.role is Role.ADMIN or (actor.role in (Role.CHIEF, Role.SECTION_HEAD) and actor.unit_code == unit_code)):
        raise NotAllowed(f"{who(actor)} ไม่มีสิทธิ์สั่งตรวจลิงก์ของหน่วย {unit_code} — เฉพาะบุคลากรของหน่วยและผู้ดูแลระบบ")
    if strangers := sorted(urls - links):
        raise NotAllowed(f"ลิงก์ {strangers[0][:80]} ไม่ใช่ลิงก์ของหน่วย {unit_code} จึงบันทึกผลตรวจไม่ได้")


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def valid_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def looks_like_login(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_LOGIN.search(parts.path) or _LOGIN.search(parts.query) or _LOGIN.search(parts.hostname or ""))


def classify(url: str, *, status: int | None = None, final_url: str = "", redirected: bool = False,
             error: str | None = None) -> LinkState:
    """The state of a fetch of ``url``: ``error`` is "timeout", "certificate", "unreachable" or "invalid" when there
    was no answer; otherwise ``status`` is the final answer's HTTP status, reached at ``final_url`` (after
    redirects when ``redirected``). Worse states win: no answer, then the status, then a login page, then another
    host, then plain HTTP."""
    if error is not None:
        return LinkState(error) if error in {s.value for s in LinkState} else LinkState.UNREACHABLE
    if not valid_address(url):
        return LinkState.INVALID
    final = final_url or url
    if status == 401 or (redirected and status is not None and status < 400 and looks_like_login(final)):
        return LinkState.LOGIN
    if status is None or status >= 500:
        return LinkState.SERVER_ERROR
    if status >= 400:
        return LinkState.NOT_FOUND
    if redirected and host_of(final) != host_of(url):
        return LinkState.OTHER_HOST
    if urlsplit(final).scheme != "https":
        return LinkState.NOT_HTTPS
    return LinkState.REACHABLE
