"""Sign-in slips for the accounts made from a list (issue 13): one slip per person, three to an A4 page, cut along
the dashed lines and handed out by the chief. A slip carries the unit, the person's name, the username, the one-time
password, the address of the app and a line to sign. This PDF is the only place a one-time password is ever
written: the database keeps its hash, and no log or terminal output shows it."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from ita_dash.domain.thaidate import BANGKOK, format_date

from .pdf import MUTED, NAVY, RULE, ThaiPDF

DEFAULT_APP_ADDRESS = "http://localhost:8501"
SLIPS_PER_PAGE = 3


def _monospace(pdf: ThaiPDF, text: str, size: float, width: float) -> None:
    """Courier bold at ``size``, smaller when ``text`` would not fit ``width`` (a 60-character username)."""
    pdf.set_font("Courier", "B", size)
    while size > 6 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font("Courier", "B", size)


def app_address(given: str | None = None) -> str:
    """The address printed on the slips: given (``--app-url``, the page's field), else ``ITA_APP_URL``, else local."""
    return (given or os.environ.get("ITA_APP_URL") or DEFAULT_APP_ADDRESS).strip()


@dataclass(frozen=True)
class Slip:
    unit_name: str
    display_name: str
    role_label: str
    username: str
    password: str


def sign_in_slips_pdf(slips: list[Slip], address: str, issued: dt.datetime | None = None,
                      per_page: int = SLIPS_PER_PAGE) -> bytes:
    """The slips, ``per_page`` (2–4) to an A4 portrait page, in the order given."""
    per_page = max(2, min(4, per_page))
    issued = issued or dt.datetime.now(dt.UTC)
    pdf = ThaiPDF("P")
    pdf.set_auto_page_break(False)
    pdf.set_title("ใบแจ้งบัญชีผู้ใช้ ITA Command Dashboard")
    height = (pdf.h - 2 * pdf.t_margin) / per_page
    left, width = pdf.l_margin, pdf.epw
    for index, slip in enumerate(slips):
        if index % per_page == 0:
            pdf.add_page()
        top = pdf.t_margin + (index % per_page) * height
        if index % per_page:  # the cut line between two slips
            pdf.set_draw_color(*MUTED)
            pdf.set_line_width(0.2)
            pdf.set_dash_pattern(dash=2, gap=1.5)
            pdf.line(left - 6, top, left + width + 6, top)
            pdf.set_dash_pattern()
        k = min(1.0, (height - 2) / 72.5)  # four to a page: the same slip, its spacing drawn closer
        y = top + 5 * k
        pdf.text_at(left, y, width * 0.62, 7, "ใบแจ้งบัญชีผู้ใช้ ITA Command Dashboard", size=13, bold=True, colour=NAVY)
        pdf.text_at(left + width * 0.62, y + 1, width * 0.38, 6,
                    f"ออกให้ {format_date(issued.astimezone(BANGKOK).date())}", size=8, colour=MUTED, align="R")
        y += 9 * k
        pdf.text_at(left, y, width, 6, slip.unit_name, size=11, bold=True)
        y += 6.5 * k
        pdf.text_at(left, y, width, 6, f"{slip.display_name} · {slip.role_label}", size=11)
        y += 9 * k
        box_w = width * 0.62
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.4)
        pdf.rect(left, y, box_w, 25 * k, round_corners=True, corner_radius=2)
        pdf.text_at(left + 3, y + 2 * k, 40, 6, "ชื่อผู้ใช้", size=9, colour=MUTED)
        pdf.set_xy(left + 34, y + 1.5 * k)
        _monospace(pdf, slip.username, 13, box_w - 36)
        pdf.set_text_color(27, 31, 36)
        pdf.cell(box_w - 36, 7, slip.username)
        pdf.text_at(left + 3, y + 13 * k, 40, 6, "รหัสผ่านครั้งเดียว", size=9, colour=MUTED)
        pdf.set_xy(left + 34, y + 12.5 * k)
        pdf.set_font("Courier", "B", 15)
        pdf.set_text_color(27, 31, 36)
        pdf.cell(box_w - 36, 8, slip.password)
        note_x = left + box_w + 4
        for n, line in enumerate(("เปิดแอปที่", address, "เข้าสู่ระบบด้วยชื่อและรหัสนี้ แล้ว", "ตั้งรหัสผ่านของท่านเอง",
                                  "รหัสนี้ใช้ได้ครั้งเดียว")):
            size = 8.5
            if n == 1:  # the address is never cut short: a long one is set smaller
                size = 9
                pdf.font(size, bold=True)
                while size > 5 and pdf.get_string_width(line) > width - box_w - 5:
                    size -= 0.5
                    pdf.font(size, bold=True)
            pdf.text_at(note_x, y + n * 5 * k, width - box_w - 4, 5, line, size=size, bold=n == 1,
                        colour=NAVY if n == 1 else (27, 31, 36))
        y += 31 * k
        pdf.text_at(left, y, width, 6, "ลงชื่อผู้รับ ........................................................  "
                                       "วันที่ ............................", size=10)
        pdf.text_at(left, y + 7 * k, width, 5, "เก็บใบนี้เป็นความลับ — เมื่อตั้งรหัสผ่านใหม่แล้ว รหัสบนใบนี้ใช้ไม่ได้อีก", size=8,
                    colour=MUTED)
    return bytes(pdf.output())
