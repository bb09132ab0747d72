"""ITAP's progress table as a provincial command copies it for all its units at once (issue 32 item 2).

The province selects the table on ITAP (unit, IIT respondents and minimum, EIT respondents and minimum, OIT items
answered) and pastes it: the cells arrive separated by tabs, one unit a line. Each row is matched to a unit of the province by its code,
its name or its short name (spaces and the usual prefixes aside); a unit not of the province, a unit given twice or a
number that cannot be a count (or OIT items answered beyond the unit's list, when known) is refused on its row.
Nothing is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from ita_dash.domain.framework_entries import ProgressLine
from ita_dash.domain.model import Unit
from ita_dash.domain.thaidate import arabic_digits

from .units import header_key, map_columns

MAX_CHARACTERS = 200_000  # a province of a few hundred units pastes some 30 KB
MAX_LINES = 1_000

PROGRESS_HEADERS: dict[str, tuple[str, ...]] = {
    "unit": ("หน่วยงาน", "หน่วย", "ชื่อหน่วยงาน", "รหัสหน่วย", "unit"),
    "iit_count": ("IIT ตอบแล้ว", "ผู้ตอบ IIT", "IIT", "จำนวนผู้ตอบ IIT"),
    "iit_minimum": ("IIT ขั้นต่ำ", "ขั้นต่ำ IIT", "IIT ขั้นต่ำ (คน)", "เป้าหมาย IIT"),
    "eit_count": ("EIT ตอบแล้ว", "ผู้ตอบ EIT", "EIT", "จำนวนผู้ตอบ EIT"),
    "eit_minimum": ("EIT ขั้นต่ำ", "ขั้นต่ำ EIT", "EIT ขั้นต่ำ (คน)", "เป้าหมาย EIT"),
    "oit_answered": ("OIT ตอบแล้ว", "ตอบ OIT", "OIT", "OIT (ข้อ)", "จำนวนข้อ OIT ที่ตอบ", "OIT ที่ตอบแล้ว"),
}
_NUMBER = re.compile(r"^\d{1,6}$")
_PREFIXES = re.compile(r"^(?:สถานีตำรวจภูธร|สถานีตำรวจนครบาล|สภ\.?|องค์การบริหารส่วนตำบล|อบต\.?|เทศบาลตำบล|"
                       r"เทศบาลเมือง|เทศบาลนคร|ทต\.?|ทม\.?|ทน\.?)")


@dataclass
class ProgressPreview:
    lines: list[ProgressLine]
    names: dict[str, str]  # unit code → the name as the paste wrote it
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line number, Thai reason)
    missing: list[Unit] = field(default_factory=list)  # units of the province the paste does not name


def _name_key(text: str) -> str:
    return _PREFIXES.sub("", re.sub(r"\s+", "", text))


def read_progress(text: str, units: list[Unit], oit_totals: dict[str, int] | None = None) -> ProgressPreview:
    """The pasted table read against ``units`` (the province's). The first line that names the unit column and a
    count column is the header; without one, the columns are taken in the order of ``PROGRESS_HEADERS``.
    ``oit_totals``: each unit's number of OIT items where known (the store checks it again when saving)."""
    if len(text) > MAX_CHARACTERS:
        return ProgressPreview([], {}, [(0, f"ข้อความยาวเกิน {MAX_CHARACTERS:,} ตัวอักษร — วางทีละส่วน")])
    rows = [line.split("\t") if "\t" in line else re.split(r"\s{2,}|,", line) for line in text.splitlines()]
    rows = [[cell.strip() for cell in row] for row in rows]
    if len([row for row in rows if any(row)]) > MAX_LINES:
        return ProgressPreview([], {}, [(0, f"มีเกิน {MAX_LINES:,} บรรทัด — วางทีละส่วน")])
    mapping, start = dict(enumerate(PROGRESS_HEADERS)), 0
    for index, row in enumerate(rows[:5]):
        found = map_columns(row, PROGRESS_HEADERS)
        if "unit" in found.values() and len(found) >= 2:
            mapping, start = found, index + 1
            break
    by_key: dict[str, Unit] = {}
    for unit in units:
        for name in (unit.code, unit.name, unit.short_name or ""):
            if name:
                by_key.setdefault(header_key(name) if name == unit.code else _name_key(name), unit)
    lines: list[ProgressLine] = []
    names: dict[str, str] = {}
    problems: list[tuple[int, str]] = []
    for number, row in enumerate(rows[start:], start=start + 1):
        values = {name: arabic_digits(row[column]).replace(",", "") for column, name in mapping.items()
                  if column < len(row) and row[column]}
        if not any(values.values()):
            continue
        written = values.get("unit", "")
        unit = by_key.get(header_key(written)) or by_key.get(_name_key(written))
        if unit is None:
            problems.append((number, f"ไม่พบหน่วย “{written[:60]}” ในจังหวัดนี้"))
            continue
        if unit.code in names:
            problems.append((number, f"{unit.short_name or unit.name} มีมากกว่าหนึ่งบรรทัด"))
            continue
        bad = [PROGRESS_HEADERS[name][0] for name, value in values.items() if name != "unit" and not _NUMBER.match(value)]
        if bad:
            problems.append((number, f"{unit.short_name or unit.name}: {', '.join(bad)} ต้องเป็นจำนวนเต็มไม่ติดลบ"))
            continue
        try:
            line = ProgressLine(unit_code=unit.code, **{k: int(v) for k, v in values.items() if k != "unit"})
        except ValidationError as error:
            problems.append((number, f"{unit.short_name or unit.name}: {error.errors()[0]['msg']}"))
            continue
        if problem := line.oit_problem((oit_totals or {}).get(unit.code)):
            problems.append((number, f"{unit.short_name or unit.name}: {problem}"))
            continue
        lines.append(line)
        names[unit.code] = written
    missing = [unit for unit in units if unit.code not in names]
    return ProgressPreview(lines, names, problems, missing)
