"""The year's ITA calendar as a unit or a province corrects it from ITAP or the NACC manual (issue 32).

:func:`calendar_csv` writes the calendar the unit sees today (every phase, Buddhist-era dates, the closing time) as a
spreadsheet to correct; :func:`read_calendar` reads it back: each row's phase found by its name, its dates read by
the domain parser, a row that cannot be read refused with its number and a Thai reason. Nothing is written here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from ita_dash.domain.framework import FrameworkTemplate, Phase, PhaseKind
from ita_dash.domain.parse import ParseError, check_plan_year, parse_date
from ita_dash.domain.thaidate import format_date

from .units import header_key, read_table

CALENDAR_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("ขั้นตอน", "กิจกรรม", "รายการ", "phase"),
    "start": ("เริ่ม", "วันเริ่ม", "ตั้งแต่", "start"),
    "end": ("สิ้นสุด", "วันสิ้นสุด", "ถึง", "กำหนด", "end"),
    "closes_at": ("เวลาปิด", "ปิดเวลา", "เวลา", "closes"),
}
_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})")


@dataclass
class CalendarPreview:
    phases: list[Phase]
    problems: list[tuple[int, str]] = field(default_factory=list)


def calendar_csv(template: FrameworkTemplate) -> bytes:
    """The calendar as the unit sees it, to correct in Excel: one phase a row (every kind, known or not)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([aliases[0] for aliases in CALENDAR_HEADERS.values()])
    known = {p.kind: p for p in template.calendar or []}
    for kind in PhaseKind:
        phase = known.get(kind)
        writer.writerow([phase.name if phase else _DEFAULT_NAMES[kind],
                         format_date(phase.start) if phase and phase.start else "",
                         format_date(phase.end) if phase and phase.end else "",
                         phase.closes_at.strftime("%H.%M") if phase and phase.closes_at else ""])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_DEFAULT_NAMES = {
    PhaseKind.PREPARATION: "เตรียมการประเมิน", PhaseKind.REGISTRATION: "ลงทะเบียนผู้ดูแลระบบ",
    PhaseKind.IIT_HEADCOUNT: "กรอกจำนวนบุคลากร (IIT)", PhaseKind.EIT2_IMPORT: "นำเข้ารายชื่อ EIT(2)",
    PhaseKind.IIT_COLLECTION: "เก็บข้อมูลแบบวัด IIT", PhaseKind.EIT_COLLECTION: "เก็บข้อมูลแบบวัด EIT",
    PhaseKind.OIT_DATA: "ตอบแบบตรวจ OIT", PhaseKind.OIT_CHECK: "ตรวจการตอบแบบ OIT",
    PhaseKind.APPEAL: "อุทธรณ์ผล OIT", PhaseKind.APPEAL_REVIEW: "พิจารณาอุทธรณ์",
    PhaseKind.PROCESSING: "ประมวลผลคะแนน", PhaseKind.ANNOUNCEMENT: "ประกาศผลการประเมิน",
}


def _kinds_by_name(template: FrameworkTemplate) -> dict[str, PhaseKind]:
    names = {header_key(name): kind for kind, name in _DEFAULT_NAMES.items()}
    names.update({header_key(p.name): p.kind for p in template.calendar or []})
    names.update({kind.value: kind for kind in PhaseKind})
    return names


def read_calendar(filename: str, content: bytes, template: FrameworkTemplate, fiscal_year: int) -> CalendarPreview:
    """The phases a file gives (rows without a date are left out: not known); refused rows named."""
    table = read_table(filename, content, CALENDAR_HEADERS, required=("name", "end"), max_rows=len(PhaseKind) * 2)
    kinds = _kinds_by_name(template)
    phases: dict[PhaseKind, Phase] = {}
    problems: list[tuple[int, str]] = []
    for number, values in table.rows:
        name = values.get("name", "").strip()
        kind = kinds.get(header_key(name))
        if kind is None:
            problems.append((number, f"ไม่รู้จักขั้นตอน “{name[:40]}” — ใช้ชื่อตามแบบฟอร์ม"))
            continue
        if kind in phases:
            problems.append((number, f"ขั้นตอน “{name[:40]}” ซ้ำ"))
            continue
        if not values.get("start") and not values.get("end"):
            continue
        try:
            start = parse_date(values["start"]) if values.get("start") else None
            end = parse_date(values["end"]) if values.get("end") else None
            for day, text in ((start, values.get("start", "")), (end, values.get("end", ""))):
                check_plan_year(day, fiscal_year, text)
            closes = None
            if text := values.get("closes_at", "").strip():
                match = _TIME.match(text)
                if not match or int(match[1]) > 23 or int(match[2]) > 59:
                    raise ParseError(f"อ่านเวลาปิดไม่ได้: “{text[:10]}” (เช่น 17.00)")
                closes = dt.time(int(match[1]), int(match[2]))
            if start and end and start > end:
                raise ParseError(f"วันเริ่ม {format_date(start)} อยู่หลังวันสิ้นสุด {format_date(end)}")
            if closes and end is None:
                raise ParseError("มีเวลาปิดแต่ไม่มีวันสิ้นสุด")
            phases[kind] = Phase(kind=kind, name=name[:120], start=start, end=end, closes_at=closes)
        except ParseError as error:
            problems.append((number, f"{name[:40]}: {error}"))
        except ValidationError as error:
            problems.append((number, f"{name[:40]}: {error.errors()[0]['msg']}"))
    return CalendarPreview([phases[kind] for kind in PhaseKind if kind in phases], problems)
