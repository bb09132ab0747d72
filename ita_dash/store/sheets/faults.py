"""What went wrong talking to Google, in words that say what to do.

Every failure of a request to Google is one of a few kinds: the service account may no longer open the sheet (403),
the sheet is gone (404), the sheet no longer has a tab or range the app asks for (400), someone's protection keeps
the service account out of a cell (400 "protected cell"), or Google is busy or
unreachable for now (429, 5xx, a timeout, a failed token refresh). The first three are permanent until someone
acts, so the page says who and what; the last is temporary and the page keeps the last good read.
"""

from __future__ import annotations

import re

import requests
from gspread.exceptions import APIError

from ..base import StoreError

ACCESS, GONE, RANGE, PROTECTED, TEMPORARY = "access", "gone", "range", "protected", "temporary"
PERMANENT = (ACCESS, GONE, RANGE, PROTECTED)

try:  # google-auth is gspread's dependency; its errors come from refreshing the service account's token
    from google.auth.exceptions import RefreshError, TransportError

    AUTH_ERRORS: tuple[type[Exception], ...] = (RefreshError, TransportError)
except ImportError:  # pragma: no cover - google-auth is always installed with gspread
    AUTH_ERRORS = ()

# Everything a request to Google can raise that is Google's or the network's fault, not ours.
GOOGLE_ERRORS = (APIError, requests.RequestException, *AUTH_ERRORS)

_TAB = re.compile(r"Unable to parse range: '?([^'!]+)'?")


class SheetsFailure(StoreError):
    """A request to Google failed; ``kind`` is one of ACCESS, GONE, RANGE, TEMPORARY; ``str()`` is Thai."""

    def __init__(self, message: str, kind: str = TEMPORARY):
        self.kind = kind
        super().__init__(message)


def kind_of(error: Exception) -> str:
    if isinstance(error, APIError):
        code = error.code
        if code == 403:
            return ACCESS
        if code == 404:
            return GONE
        if code == 400:  # Google answers 400 both for a missing tab and for a write into a protected cell
            return PROTECTED if "protected cell" in _api_message(error).lower() else RANGE
    return TEMPORARY


def describe(error: Exception, service_email: str = "", spreadsheet_id: str = "") -> tuple[str, str]:
    """(kind, Thai message naming what to do) for a failed request."""
    kind = kind_of(error)
    who = service_email or "บัญชีบริการ (service account) ของระบบ"
    if kind == ACCESS:
        return kind, (f"ระบบไม่มีสิทธิ์เปิดชีต {spreadsheet_id} — แชร์ชีตให้ {who} เป็นผู้แก้ไข (Editor) "
                      "แล้วตรวจสอบด้วยคำสั่ง python -m ita_dash sheets check")
    if kind == GONE:
        return kind, (f"ไม่พบชีต {spreadsheet_id} (ถูกลบหรือย้าย) — ให้ผู้ดูแลระบบเชื่อมหน่วยกับชีตใหม่ด้วยคำสั่ง "
                      "python -m ita_dash sheets link --unit รหัสหน่วย --fy ปี --spreadsheet รหัสชีต "
                      "(หรือ --unlink เพื่อกลับไปใช้ฐานข้อมูล)")
    if kind == PROTECTED:
        return kind, (f"ชีต {spreadsheet_id} ไม่ยอมให้ระบบแก้ช่องนี้ (ช่วงที่ป้องกันไว้ไม่มี {who} เป็นผู้แก้ไข) — "
                      "ให้ผู้ดูแลระบบสั่ง python -m ita_dash sheets sync แล้วตรวจสอบด้วย sheets check")
    if kind == RANGE:
        message = _api_message(error)
        tab = _TAB.search(message)
        where = f"แท็บหรือช่วง “{tab.group(1)}”" if tab else "แท็บหรือช่วงที่ระบบใช้"
        return kind, (f"ชีต {spreadsheet_id} ไม่มี{where} แล้ว (อาจถูกเปลี่ยนชื่อหรือลบ) — เปลี่ยนชื่อแท็บกลับ "
                      "หรือตรวจสอบด้วยคำสั่ง python -m ita_dash sheets check")
    return kind, f"เชื่อมต่อ Google Sheets ไม่ได้ชั่วคราว ({reason(error)}) — ลองใหม่อีกครั้งภายหลัง"


def reason(error: Exception) -> str:
    if isinstance(error, APIError):
        return f"HTTP {error.code}"
    if isinstance(error, requests.Timeout):
        return "หมดเวลารอ"
    if AUTH_ERRORS and isinstance(error, AUTH_ERRORS):
        return "ต่ออายุสิทธิ์เข้าถึงไม่สำเร็จ"
    return type(error).__name__


def _api_message(error: Exception) -> str:
    try:
        return str(error.args[0].get("message", "")) if error.args and isinstance(error.args[0], dict) else str(error)
    except Exception:  # noqa: BLE001 - the message is only a hint
        return str(error)


def answer_lost(error: Exception) -> bool:
    """Whether a write may have been applied though its answer did not come back: a timeout or dropped connection
    after the request went out, or a server error (Google may have applied it before failing)."""
    if isinstance(error, APIError):
        return error.code >= 500
    if isinstance(error, requests.ConnectTimeout):
        return False  # never reached Google
    return isinstance(error, requests.RequestException)
