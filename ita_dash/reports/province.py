"""The one-page province summary (A4 landscape): every unit's ten lights, IIT %, EIT %, OIT published, readiness and
sections missing this month, best readiness first, with a totals row. Rows shrink to fit; past the smallest row
the page says how many units it leaves out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ita_dash.domain.framework import TemplateLibrary
from ita_dash.domain.model import Actor, Province
from ita_dash.domain.quotas import Readiness
from ita_dash.domain.status import UnitStatus, assess_unit
from ita_dash.domain.thaidate import BANGKOK, format_date, format_datetime

from ita_dash.store.base import NotFound

from .pdf import MUTED, NAVY, RULE, ThaiPDF


@dataclass(frozen=True)
class ProvinceRow:
    status: UnitStatus

    @property
    def missing_sections(self) -> int:
        return len(self.status.sections_missing(self.status.report_month))


def assess_province(store, actor: Actor, province_code: str, fiscal_year: int, as_of: dt.date,
                    templates: TemplateLibrary) -> tuple[Province, list[UnitStatus]]:
    """Every unit of the province the actor may read, judged on ``as_of``, best readiness first."""
    province = next((p for p in store.list_provinces(actor) if p.code == province_code), None)
    if province is None:
        raise NotFound(f"ไม่พบจังหวัดรหัส {province_code} หรือไม่มีสิทธิ์ดู")
    statuses = []
    for unit in store.list_units(actor, province_code):
        data = store.load_unit_year(actor, unit.code, fiscal_year)
        statuses.append(assess_unit(templates.for_year(unit.kind, fiscal_year), data, as_of))
    statuses.sort(key=lambda s: (-s.readiness.value, s.data.unit.code))
    return province, statuses


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{min(value, 9.99) * 100:.0f}%"


def province_summary_pdf(province: Province, statuses: list[UnitStatus], fiscal_year: int, as_of: dt.date,
                         generated: dt.datetime | None = None) -> bytes:
    generated = generated or dt.datetime.now(dt.timezone.utc)
    pdf = ThaiPDF("L")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    left, width = pdf.l_margin, pdf.epw
    pdf.text_at(left, 9, width, 8, f"สรุปการติดตามการประเมิน ITA · {province.name}", size=15, bold=True)
    pdf.text_at(left, 17, width, 5, f"ปีงบประมาณ พ.ศ. {fiscal_year} · ข้อมูล ณ วันที่ {format_date(as_of, full_month=True)} · "
                f"{len(statuses)} หน่วย เรียงตามดัชนีความพร้อม", size=9, colour=MUTED)

    figures = [("IIT", 18), ("EIT", 18), ("OIT เผยแพร่", 24), ("ความพร้อม", 22), ("สายงานค้าง", 22)]
    columns = [("หน่วย", width - 75 - sum(w for _, w in figures))] + [(str(n), 7.5) for n in range(1, 11)] + figures
    top, bottom = 25, pdf.h - 20
    header_h = 7
    available = bottom - top - header_h - 6.5  # leave room for the totals row
    row_h = max(3.2, min(6.0, available / max(1, len(statuses))))
    fits = int(available // row_h)
    shown = statuses[:fits]
    size = 8.5 if row_h >= 5 else 7 if row_h >= 4 else 6

    x = left
    pdf.set_fill_color(241, 244, 248)
    pdf.rect(left, top, width, header_h, style="F")
    for name, w in columns:
        pdf.text_at(x, top + 1, w, 5, name, size=7.5, bold=True, colour=NAVY, align="C" if w < 30 else "L")
        x += w
    y = top + header_h
    for status in shown:
        readiness = status.readiness
        cells = [status.data.unit.short_name or status.data.unit.name]
        x = left
        pdf.text_at(x + 1, y, columns[0][1] - 1, row_h, cells[0], size=size)
        x += columns[0][1]
        for indicator in status.indicators:
            pdf.dot(x + 3.75, y + row_h / 2, indicator.light, radius=min(1.5, row_h / 3.2))
            x += 7.5
        quotas = {q.key: q for q in status.quotas}
        missing = len(status.sections_missing(status.report_month))
        values = [_percent(quotas["IIT"].share if "IIT" in quotas else None),
                  _percent(quotas["EIT"].share if "EIT" in quotas else None),
                  f"{readiness.oit_published}/{readiness.oit_total}" if readiness.oit_total else "—",
                  f"{readiness.value:.1f}", str(missing) if missing else "–"]
        for (name, w), value in zip(columns[11:], values):
            pdf.text_at(x, y, w, row_h, value, size=size, align="C", bold=name == "ความพร้อม")
            x += w
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.15)
        pdf.line(left, y + row_h, left + width, y + row_h)
        y += row_h
    if len(statuses) > len(shown):
        pdf.text_at(left + 1, y, width, 4, f"และอีก {len(statuses) - len(shown)} หน่วย (ดูรายละเอียดในแดชบอร์ด)", size=7,
                    colour=MUTED)
        y += 4

    # totals: how many units are red/amber/green per indicator, and the averages
    y += 1
    pdf.set_fill_color(241, 244, 248)
    pdf.rect(left, y, width, 6.5, style="F")
    pdf.text_at(left + 1, y + 0.5, columns[0][1] - 1, 5.5, f"รวม {len(statuses)} หน่วย · แดง/เหลือง", size=7.5, bold=True)
    x = left + columns[0][1]
    for number in range(1, 11):
        lights = [s.indicator_light(number).value for s in statuses]
        pdf.text_at(x, y + 0.5, 7.5, 5.5, f"{lights.count('red')}/{lights.count('amber')}", size=6.5, align="C")
        x += 7.5
    if statuses:
        def mean(values):
            values = [v for v in values if v is not None]
            return None if not values else sum(min(v, 1.0) for v in values) / len(values)
        quota = lambda s, key: next((q.share for q in s.quotas if q.key == key), None)  # noqa: E731
        totals = [_percent(mean([quota(s, "IIT") for s in statuses])), _percent(mean([quota(s, "EIT") for s in statuses])),
                  f"{sum(s.readiness.oit_published for s in statuses)}/{sum(s.readiness.oit_total for s in statuses)}",
                  f"{sum(s.readiness.value for s in statuses) / len(statuses):.1f}",
                  str(sum(len(s.sections_missing(s.report_month)) for s in statuses))]
        for (_, w), value in zip(columns[11:], totals):
            pdf.text_at(x, y + 0.5, w, 5.5, value, size=7.5, bold=True, align="C")
            x += w

    pdf.text_at(left, pdf.h - 16, width, 4, "1–10 = ตัวชี้วัด: เขียว ตามแผน · เหลือง เสี่ยง · แดง เลยกำหนด · เทา ยังไม่มีข้อมูล · "
                "IIT/EIT = จำนวนผู้ตอบเทียบขั้นต่ำ · สายงานค้าง = สายงานที่ยังไม่รายงานหรือรายงานไม่ครบเดือนที่แล้ว",
                size=7, colour=MUTED)
    pdf.text_at(left, pdf.h - 12, width, 4, f"{Readiness.LABEL} · จัดทำโดย ITA Command Dashboard เมื่อ "
                f"{format_datetime(generated.astimezone(BANGKOK))}", size=7, colour=MUTED)
    return bytes(pdf.output())
