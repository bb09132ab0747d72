"""A cell's value: what people type read as a value (numbers in Thai or Arabic digits, percents, dates whatever
their display, ticks), and what the app writes compared with what a cell shows. Each reader raises ``ValueError`` or
``ParseError`` with a Thai reason; :mod:`layout` turns it into a problem naming the tab, row and column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ita_dash.domain.parse import ParseError, parse_date, parse_deadline
from ita_dash.domain.thaidate import arabic_digits, format_date

# What people put in a done/cancelled cell to mean yes: the checkbox's TRUE, a tick, a slash, a cross, a word.
YES = {"✓", "✔", "✔️", "☑", "☑️", "✅", "/", "x", "×", "ใช่", "เสร็จ", "true", "yes", "y", "1"}
SERIAL_EPOCH = dt.date(1899, 12, 30)  # Google Sheets' day 0: a date cell read unformatted is days since then


def thai_reason(name: str, message) -> str:
    if isinstance(message, str) and any("\u0e00" <= ch <= "\u0e7f" for ch in message):
        return message
    return f"ค่าใน “{name}” ไม่ถูกต้อง"


def whole(low: int | None = None, high: int | None = None) -> Callable[[str], int]:
    def convert(text: str) -> int:
        clean = arabic_digits(text).replace(",", "").strip()
        try:
            value = float(clean)
        except ValueError:
            raise ValueError("ต้องเป็นตัวเลข") from None
        if not value.is_integer():
            raise ValueError("ต้องเป็นจำนวนเต็ม")
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(f"ต้องอยู่ระหว่าง {low} ถึง {high}")
        return int(value)
    return convert


def percent_of(text: str) -> int:
    return whole(0, 100)(text.rstrip("%").strip())


def score(text: str) -> float:
    try:
        value = float(arabic_digits(text).replace(",", ""))
    except ValueError:
        raise ValueError("ต้องเป็นตัวเลข") from None
    if not 0 <= value <= 100:
        raise ValueError("ต้องอยู่ระหว่าง 0 ถึง 100")
    return value


def choice(labels: dict, what: str) -> Callable[[str], object]:
    def convert(text: str):
        if text in labels:
            return labels[text]
        raise ValueError(f"ไม่รู้จัก{what} — ใช้ได้: " + ", ".join(labels))
    return convert


def ticked(text: str) -> bool:
    return text.strip().lower() in YES


def from_serial(text: str) -> dt.date | None:
    """A date cell that shows its serial number (a date written as a value, with no date format): days since
    30 Dec 1899, read back as the date."""
    clean = text.strip()
    if clean.endswith(".0"):
        clean = clean[:-2]
    if clean.isdigit() and 20000 <= int(clean) <= 80000:  # 1954 … 2119
        return SERIAL_EPOCH + dt.timedelta(days=int(clean))
    return None


def serial(day: dt.date) -> int:
    """The date as a value Google Sheets sorts and filters as a date (its display is the column's date format)."""
    return (day - SERIAL_EPOCH).days


def any_date(text: str) -> dt.date:
    """A date whatever the display: a serial number, 20/6/2026, 20/6/2569, 2026-06-20, 20 มิ.ย. 69 …"""
    return from_serial(text) or parse_date(arabic_digits(text))


def deadline_of(text: str) -> dt.date | None:
    """A date, or a deadline in words ("ทุกวัน", "ตามปฏิทิน ITA") that has none."""
    return from_serial(text) or parse_deadline(arabic_digits(text)).date


def code_text(text: str) -> str:
    return text.strip()


def shown(value) -> str:
    """A value as Google shows it formatted (to compare what is in a cell with what would be written)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return "" if value is None else str(value).strip()


DATE_HEADERS = frozenset({"กำหนดเสร็จ", "ณ วันที่", "วันเริ่มแผน", "วันเริ่ม"})  # columns written as date serials


def date_written(header: str, value) -> dt.date | None:
    """The date a value written to a date column stands for (a serial number), else None."""
    if header in DATE_HEADERS and isinstance(value, int) and not isinstance(value, bool):
        return SERIAL_EPOCH + dt.timedelta(days=value)
    return None


def holds(header: str, showing: str, value) -> bool:
    """Whether a cell that shows ``showing`` (formatted) already holds ``value``: a date column compares the dates,
    whatever display people gave the column ("31/3/2569", "31 มี.ค. 69"), never the serial with the display."""
    day = date_written(header, value)
    if day is None:
        return showing == shown(value)
    try:
        return any_date(showing) == day
    except (ValueError, ParseError):
        return False


def audit_text(header: str, value) -> str:
    """A written value as the history shows it: a date column's serial as the Thai date."""
    day = date_written(header, value)
    return format_date(day) if day is not None else shown(value)
