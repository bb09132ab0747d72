"""The unit's "ITA" web page (issue 19): a static, self-contained page listing O1…On by sub-indicator with each
item's title, a one-line description, its links and the date it was last updated, ready to upload to the unit's
own website; and the same list as .xlsx and .csv in ITAP's item order, for answering the OIT form.

The page is written by Jinja2 with autoescaping on, from ``templates/oit_page.html``: every text a user typed is
escaped, only ``http(s)://`` addresses become links, and the page has no script.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ita_dash.domain.framework import FrameworkTemplate
from ita_dash.domain.lights import CLEARED
from ita_dash.domain.links import valid_address
from ita_dash.domain.model import OitItem, UnitYearData, thai
from ita_dash.domain.thaidate import BANGKOK, format_date, format_datetime

from .cells import inert, set_cell

TEMPLATES = Path(__file__).parent / "templates"
_ENV = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                   trim_blocks=False, lstrip_blocks=False)
DESCRIPTION_CHARS = 160
COLUMNS = ("ข้อ", "ตัวชี้วัดย่อย", "รายการ", "คำอธิบาย", "ลิงก์", "สถานะ", "ปรับปรุงล่าสุด")


@dataclass(frozen=True)
class PageItem:
    code: str
    title: str
    description: str
    sub_code: str
    sub_name: str
    links: tuple[str, ...]
    status: str
    updated: dt.date | None

    @property
    def updated_text(self) -> str:
        return format_date(self.updated) if self.updated else "—"


@dataclass(frozen=True)
class PageGroup:
    code: str
    name: str
    items: tuple[PageItem, ...]

    @property
    def anchor(self) -> str:
        return self.code.replace(".", "-")


def _one_line(spec_checklist: list[str], fallback: str) -> str:
    if not spec_checklist:
        return fallback
    text = "ประกอบด้วย " + " · ".join(" ".join(e.split()) for e in spec_checklist)
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"


def page_items(template: FrameworkTemplate, data: UnitYearData, updated: dict[str, dt.datetime]) -> list[PageItem]:
    """Every OIT item of the template in ITAP's order. A link is listed once the chief approved or published the
    item (a draft's address is not announced), and only an http(s) address."""
    records = {item.code: item for item in data.oit_items}
    subs = {s.code: s.name for i in template.indicators for s in i.sub_indicators}
    whole = updated.get("")
    result = []
    for spec in sorted(template.oit_items or [], key=lambda s: s.number):
        item = records.get(spec.code) or OitItem(code=spec.code)
        link = item.link.strip()
        links = (link,) if link and item.status in CLEARED and valid_address(link) else ()
        moment = updated.get(spec.code) or (whole if spec.code in records else None)
        sub_name = subs.get(spec.sub_indicator or "", "ไม่ระบุตัวชี้วัดย่อย")
        flags = [text for flag, text in ((spec.monthly, "เผยแพร่รายเดือน"), (spec.machine_readable,
                                                                           "ไฟล์ PDF พร้อมไฟล์ Word/Excel")) if flag]
        topic = spec.title if spec.title.startswith("ข้อมูล") else f"ข้อมูล{spec.title}"
        fallback = f"{topic}ของหน่วยงาน" + (f" ({', '.join(flags)})" if flags else "")
        result.append(PageItem(spec.code, spec.title, _one_line(spec.checklist, fallback), spec.sub_indicator or "—",
                               sub_name, links, thai(item.status),
                               moment.astimezone(BANGKOK).date() if moment else None))
    return result


def page_groups(items: list[PageItem]) -> list[PageGroup]:
    order: list[str] = []
    for item in items:
        if item.sub_code not in order:
            order.append(item.sub_code)
    return [PageGroup(code, next(i.sub_name for i in items if i.sub_code == code),
                      tuple(i for i in items if i.sub_code == code)) for code in order]


def oit_page_html(template: FrameworkTemplate, data: UnitYearData, updated: dict[str, dt.datetime],
                  generated: dt.datetime | None = None) -> str:
    items = page_items(template, data, updated)
    generated = generated or dt.datetime.now(dt.UTC)
    return _ENV.get_template("oit_page.html").render(
        unit_name=data.unit.name, fiscal_year=data.fiscal_year, groups=page_groups(items),
        first_code=items[0].code if items else "O1", last_code=items[-1].code if items else "O1",
        generated_text=format_datetime(generated))


def _rows(items: list[PageItem]) -> list[tuple]:
    return [(i.code, f"{i.sub_code} {i.sub_name}", i.title, i.description, "\n".join(i.links), i.status,
             i.updated_text) for i in items]


def oit_items_csv(template: FrameworkTemplate, data: UnitYearData, updated: dict[str, dt.datetime]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in _rows(page_items(template, data, updated)):
        writer.writerow([inert(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")  # with BOM: Excel opens Thai correctly


def oit_items_xlsx(template: FrameworkTemplate, data: UnitYearData, updated: dict[str, dt.datetime]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "OIT"
    for column, name in enumerate(COLUMNS, start=1):
        set_cell(sheet.cell(row=1, column=column), name).font = Font(bold=True)
    for row_number, row in enumerate(_rows(page_items(template, data, updated)), start=2):
        for column, value in enumerate(row, start=1):
            set_cell(sheet.cell(row=row_number, column=column), value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (6, 28, 45, 50, 45, 14, 14)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_oit_page(out_dir: Path, template: FrameworkTemplate, data: UnitYearData,
                   updated: dict[str, dt.datetime]) -> list[Path]:
    """``index.html`` (the page, CSS inside), ``oit-items.xlsx`` and ``oit-items.csv`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {
        "index.html": oit_page_html(template, data, updated).encode("utf-8"),
        "oit-items.xlsx": oit_items_xlsx(template, data, updated),
        "oit-items.csv": oit_items_csv(template, data, updated),
    }
    written = []
    for name, content in files.items():
        path = out_dir / name
        path.write_bytes(content)
        written.append(path)
    return written
