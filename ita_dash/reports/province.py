"""The province summary (A4 landscape): every unit's ten lights, IIT %, EIT %, OIT published, readiness and sections
missing this month, weakest first by the province screen's own rule (:func:`ita_dash.domain.province.weakest_key`:
units whose readiness cannot be computed or is not judged yet come after the others, by what is outstanding, and
say "ยังคำนวณไม่ได้" or "ยังไม่เปิด", never 0.0), with a totals row.

Every unit always appears. Rows shrink (6 mm down to 3.4 mm) to keep the province on one page; a province with more
units than one page holds at the smallest row goes on as many pages as it needs, the units spread evenly over them,
the title and the column header repeated on each page and the totals under the last one. Long unit names shrink
their type before they are shortened."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ita_dash.domain.figure_text import NOT_RECORDED, FigureState, share_text
from ita_dash.domain.framework import TemplateLibrary
from ita_dash.domain.lights import Light
from ita_dash.domain.model import Actor, Province, UnitKind
from ita_dash.domain.province import NOT_OPEN, NOT_YET, collection_of, readiness_text, weakest_key
from ita_dash.domain.quotas import Readiness
from ita_dash.domain.status import UnitStatus, assess_unit
from ita_dash.domain.thaidate import BANGKOK, format_date, format_datetime
from ita_dash.domain.wording import words_for
from ita_dash.store.base import NotFound

from .pdf import MUTED, NAVY, RULE, ThaiPDF

MAX_ROW, MIN_ROW = 6.0, 3.4  # mm: the tallest row, and the smallest that still prints legibly (6 pt type)
TOP, HEADER, TOTALS = 25.0, 7.0, 7.5  # mm: where the table starts, its header row, the totals row and its gap
BOTTOM_GAP = 20.0  # mm from the page's foot: the legend and the footer


@dataclass(frozen=True)
class ProvinceRow:
    """One unit's line of the province summary: the figures only, so the page can be drawn (and tested) without
    judging the unit again."""

    code: str
    name: str
    lights: tuple[Light, ...]  # indicators 1 to 10
    iit: float | None  # share of the IIT target reached
    eit: float | None
    oit_published: int
    oit_total: int
    readiness: float | None  # None: it cannot be computed (a minimum or the OIT list unknown)
    missing_sections: int
    kind: UnitKind | None = None  # what its sections are called (สายงาน, กอง)
    judged: bool = True  # False before the unit's IIT/EIT collection opens: readiness "ยังไม่เปิด"
    # what the IIT and EIT shares mean (issue 34): "ยังไม่เปิด" before the window, "ยังไม่ได้บันทึก", or the share
    iit_state: FigureState = FigureState.SHOWN
    eit_state: FigureState = FigureState.SHOWN

    @property
    def recorded(self) -> bool:
        """Whether the IIT and EIT counts its readiness stands on were copied from ITAP."""
        return FigureState.NOT_RECORDED not in (self.iit_state, self.eit_state)

    @property
    def order(self) -> tuple:
        """Where the row stands: the province screen's ordering, weakest first."""
        return weakest_key(self.readiness, self.judged, self.lights, self.missing_sections, self.code, self.recorded)

    @classmethod
    def of(cls, status: UnitStatus) -> ProvinceRow:
        lights = {q.key: q for q in status.quotas}
        quotas = {key: q.share for key, q in lights.items()}
        states = {key: lights[key].state if key in lights else FigureState.SHOWN for key in ("IIT", "EIT")}
        unit = status.data.unit
        return cls(code=unit.code, name=unit.short_name or unit.name,
                   lights=tuple(status.indicator_light(n) for n in range(1, 11)),
                   iit=quotas.get("IIT"), eit=quotas.get("EIT"), oit_published=status.readiness.oit_published,
                   oit_total=status.readiness.oit_total, readiness=status.readiness.computed,
                   missing_sections=len(status.sections_missing(status.report_month)), kind=unit.kind,
                   judged=collection_of(status.template, status.as_of).readiness_judged,
                   iit_state=states["IIT"], eit_state=states["EIT"])


def assess_province(store, actor: Actor, province_code: str, fiscal_year: int, as_of: dt.date,
                    templates: TemplateLibrary) -> tuple[Province, list[UnitStatus]]:
    """Every unit of the province the actor may read, judged on ``as_of``, weakest first (:attr:`ProvinceRow.order`)."""
    province = next((p for p in store.list_provinces(actor) if p.code == province_code), None)
    if province is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {province_code} หรือไม่มีสิทธิ์ดู")
    statuses = []
    for unit in store.list_units(actor, province_code):
        data = store.load_unit_year(actor, unit.code, fiscal_year)
        statuses.append(assess_unit(store.framework_for(actor, unit, fiscal_year, templates), data, as_of))
    statuses.sort(key=lambda s: ProvinceRow.of(s).order)
    return province, statuses


def _percent(value: float | None, state: FigureState = FigureState.SHOWN) -> str:
    return share_text(value, state)


def page_plan(count: int, page_height: float) -> tuple[float, list[int]]:
    """The row height and how many rows go on each page, so that every one of ``count`` units is drawn: one page
    while the rows can shrink to fit, else the fewest pages at which they fit, the units spread evenly (the last
    page also holds the totals row)."""
    full = page_height - BOTTOM_GAP - TOP - HEADER  # a page's room for rows
    last = full - TOTALS  # the last page's, under which the totals go
    if count <= 0:
        return MAX_ROW, [0]
    pages = 1
    while True:
        per = math.ceil(count / pages)
        rows = [per] * (pages - 1) + [count - per * (pages - 1)]
        height = min(MAX_ROW, full / max(rows[:-1] or [0]) if pages > 1 else MAX_ROW, last / max(rows[-1], 1))
        if height >= MIN_ROW - 1e-9 and rows[-1] > 0:
            return height, rows
        pages += 1


def province_summary_pdf(province: Province, statuses: list[UnitStatus], fiscal_year: int, as_of: dt.date,
                         generated: dt.datetime | None = None) -> bytes:
    return province_rows_pdf(province.name, [ProvinceRow.of(s) for s in statuses], fiscal_year, as_of, generated)


def province_rows_pdf(province_name: str, rows: list[ProvinceRow], fiscal_year: int, as_of: dt.date,
                      generated: dt.datetime | None = None) -> bytes:
    generated = generated or dt.datetime.now(dt.UTC)
    rows = sorted(rows, key=lambda r: r.order)  # weakest first: the unit to look at is at the top
    pdf = ThaiPDF("L")
    pdf.set_auto_page_break(False)
    left, width = pdf.l_margin, pdf.epw
    words = words_for(row.kind for row in rows if row.kind)  # สายงาน, กอง, or both for a mixed province
    figures = [("IIT", 18), ("EIT", 18), ("OIT เผยแพร่", 24), ("ความพร้อม", 22), (f"{words.section}ค้าง", 22)]
    columns = [("หน่วย", width - 75 - sum(w for _, w in figures))] + [(str(n), 7.5) for n in range(1, 11)] + figures
    name_width = columns[0][1]
    row_h, per_page = page_plan(len(rows), pdf.h)
    size = 8.5 if row_h >= 5 else 7.5 if row_h >= 4.3 else 6.5 if row_h >= 3.7 else 6
    pages = len(per_page)
    stamp = f"{Readiness.LABEL} · จัดทำโดย ITA Command Dashboard เมื่อ {format_datetime(generated.astimezone(BANGKOK))}"

    start = 0
    for page, count in enumerate(per_page, start=1):
        pdf.add_page()
        title = f"สรุปการติดตามการประเมิน ITA · {province_name}"
        pdf.text_at(left, 9, width, 8, title + (" (ต่อ)" if page > 1 else ""), size=15, bold=True)
        pdf.text_at(left, 17, width, 5, f"ปีงบประมาณ พ.ศ. {fiscal_year} · ข้อมูล ณ วันที่ {format_date(as_of, full_month=True)} · "
                    f"{len(rows)} หน่วย เรียงจากดัชนีความพร้อมต่ำสุด แล้วหน่วยที่ยังเทียบไม่ได้ ({NOT_YET}/{NOT_OPEN}/{NOT_RECORDED}) "
                    f"เรียงตามตัวชี้วัดแดงและ{words.section}ค้าง", size=9, colour=MUTED)
        x = left
        pdf.set_fill_color(241, 244, 248)
        pdf.rect(left, TOP, width, HEADER, style="F")
        for name, w in columns:
            pdf.text_at(x, TOP + 1, w, 5, name, size=7.5, bold=True, colour=NAVY, align="C" if w < 30 else "L")
            x += w
        y = TOP + HEADER
        for index, row in enumerate(rows[start:start + count], start=start):
            if index % 2:
                pdf.set_fill_color(249, 250, 252)
                pdf.rect(left, y, width, row_h, style="F")
            label = f"{index + 1}. {row.name}"
            label_size = _fitting_size(pdf, label, name_width - 1.5, size)
            pdf.text_at(left + 1, y, name_width - 1, row_h, label, size=label_size)
            x = left + name_width
            for light in row.lights:
                pdf.dot(x + 3.75, y + row_h / 2, light, radius=min(1.5, row_h / 3.2))
                x += 7.5
            values = [_percent(row.iit, row.iit_state), _percent(row.eit, row.eit_state),
                      f"{row.oit_published}/{row.oit_total}" if row.oit_total else "—",
                      readiness_text(row.readiness, row.judged, row.recorded),
                      str(row.missing_sections) if row.missing_sections else "–"]
            for (name, w), value in zip(columns[11:], values):
                words_in = not value[:1].isdigit()  # "ยังคำนวณไม่ได้", "ยังไม่ได้บันทึก" fit their column
                pdf.text_at(x, y, w, row_h, value, size=_fitting_size(pdf, value, w - 1, size) if words_in else size,
                            align="C", bold=name == "ความพร้อม")
                x += w
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.15)
            pdf.line(left, y + row_h, left + width, y + row_h)
            y += row_h
        start += count
        if page == pages:
            _totals(pdf, rows, columns, y + 1)
        pdf.text_at(left, pdf.h - 16, width, 4, "1–10 = ตัวชี้วัด: เขียว ตามแผน · เหลือง เสี่ยง · แดง เลยกำหนด · เทา ยังไม่มีข้อมูล · "
                    f"IIT/EIT = จำนวนผู้ตอบเทียบขั้นต่ำ · {words.section}ค้าง = {words.section}ที่ยังไม่รายงานหรือรายงานไม่ครบ"
                    "เดือนที่แล้ว",
                    size=7, colour=MUTED)
        pdf.text_at(left, pdf.h - 12, width - 30, 4, stamp, size=7, colour=MUTED)
        if pages > 1:
            pdf.text_at(left + width - 30, pdf.h - 12, 30, 4, f"หน้า {page}/{pages}", size=7, colour=MUTED, align="R")
    return bytes(pdf.output())


def _fitting_size(pdf: ThaiPDF, text: str, width: float, size: float) -> float:
    """The row's type size, or smaller (down to 5 pt) when the unit's name would otherwise be shortened."""
    while size > 5:
        pdf.font(size)
        if pdf.width_of(text) <= width:
            break
        size -= 0.5
    return size


def _totals(pdf: ThaiPDF, rows: list[ProvinceRow], columns: list[tuple[str, float]], y: float) -> None:
    """How many units are red/amber per indicator, and the averages."""
    left, width = pdf.l_margin, pdf.epw
    pdf.set_fill_color(241, 244, 248)
    pdf.rect(left, y, width, 6.5, style="F")
    pdf.text_at(left + 1, y + 0.5, columns[0][1] - 1, 5.5, f"รวม {len(rows)} หน่วย · แดง/เหลือง", size=7.5, bold=True)
    x = left + columns[0][1]
    for number in range(10):
        lights = [r.lights[number] for r in rows]
        pdf.text_at(x, y + 0.5, 7.5, 5.5, f"{lights.count(Light.RED)}/{lights.count(Light.AMBER)}", size=6.5, align="C")
        x += 7.5
    if not rows:
        return

    def mean(values):
        values = [v for v in values if v is not None]
        return None if not values else sum(min(v, 1.0) for v in values) / len(values)

    # the mean of the units compared by readiness; none: why not (before collection opens, or cannot be computed)
    compared = [r.readiness for r in rows if r.readiness is not None and r.judged and r.recorded]
    computed = [r for r in rows if r.readiness is not None]
    readiness = (f"{sum(compared) / len(compared):.1f}" if compared
                 else NOT_OPEN if any(not r.judged for r in computed)
                 else NOT_RECORDED if computed else NOT_YET)
    def share_total(shares, states):  # the mean of the units whose share is shown; none: the state they share
        shown = [v for v, state in zip(shares, states) if state is FigureState.SHOWN]
        if shown or not states:
            return _percent(mean(shown))
        return _percent(None, FigureState.NOT_OPEN if FigureState.NOT_OPEN in states else FigureState.NOT_RECORDED)

    totals = [share_total([r.iit for r in rows], [r.iit_state for r in rows]),
              share_total([r.eit for r in rows], [r.eit_state for r in rows]),
              f"{sum(r.oit_published for r in rows)}/{sum(r.oit_total for r in rows)}",
              readiness, str(sum(r.missing_sections for r in rows))]
    for (_, w), value in zip(columns[11:], totals):
        pdf.text_at(x, y + 0.5, w, 5.5, value, size=_fitting_size(pdf, value, w - 1, 7.5), bold=True, align="C")
        x += w
