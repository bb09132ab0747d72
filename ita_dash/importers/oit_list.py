"""Reading a unit's OIT list as ITAP shows it, copied into a spreadsheet (issue 32).

ITAP lists each unit's OIT items with their code (O1 …), title and, in the NACC manual, the sub-indicator, the
deadline and what each item must contain. A chief copies the table into Excel (or fills in :func:`layout_csv`, the
expected layout) and gets a preview: every item read, or the rows that cannot be, each with its row number and a
Thai reason. Nothing is written here; the store keeps the list as a framework entry
(:mod:`ita_dash.domain.framework_entries`).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from ita_dash.domain.framework import FrameworkTemplate, OitItemSpec
from ita_dash.domain.model import Section
from ita_dash.domain.parse import ParseError, check_plan_year, parse_date
from ita_dash.domain.thaidate import arabic_digits
from ita_dash.domain.validation_thai import path_of, reason

from .owners import ALL_SECTIONS, match_owner
from .units import read_table

MAX_ITEMS = 60  # ITAP lists 33–43 items a year

# field → the header wordings read (the first is the one the expected layout uses)
OIT_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("ข้อ", "รหัสข้อ", "รหัส", "ลำดับ", "code"),
    "title": ("หัวข้อ", "รายการ", "ชื่อรายการ", "ข้อมูล", "ชื่อข้อมูล", "title"),
    "sub_indicator": ("ตัวชี้วัดย่อย", "ตัวชี้วัด", "subindicator"),
    "owner": ("ผู้รับผิดชอบ", "กองที่รับผิดชอบ", "สายงานที่รับผิดชอบ", "กอง", "สายงาน", "owner"),
    "due": ("กำหนดเผยแพร่", "กำหนดเสร็จ", "กำหนด", "วันที่", "due"),
    "checklist": ("รายละเอียดที่ต้องมี", "รายละเอียด", "องค์ประกอบ", "checklist"),
    "monthly": ("เผยแพร่ทุกเดือน", "รายเดือน", "monthly"),
}
_EXAMPLE = ["O1", "โครงสร้าง", "9.1", "สำนักปลัด", "31 ม.ค. 2570", "แผนผังโครงสร้างของหน่วยงาน\nชื่อผู้บริหาร", ""]
_CODE = re.compile(r"^\s*[Oo]?\s*(\d{1,2})\b\s*[.:)\-]?\s*(.*)$", re.S)  # "O1", "o 1", "1", "O1 โครงสร้าง"
_YES = {"ใช่", "ทุกเดือน", "y", "yes", "x", "1", "✓", "/", "true"}


@dataclass
class OitListPreview:
    header_row: int
    items: list[OitItemSpec]
    problems: list[tuple[int, str]] = field(default_factory=list)  # (row number, Thai reason)


def layout_csv() -> bytes:
    """The expected layout as a CSV (UTF-8 with BOM, so Excel opens the Thai): the header and one example row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([aliases[0] for aliases in OIT_HEADERS.values()])
    writer.writerow(_EXAMPLE)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def read_oit_list(filename: str, content: bytes, template: FrameworkTemplate, sections: list[Section],
                  fiscal_year: int) -> OitListPreview:
    """The OIT items a file lists, in code order; rows that cannot be read are problems, named by row. Raises
    :class:`~ita_dash.importers.workbook.PlanFileError` when the file cannot be used at all."""
    table = read_table(filename, content, OIT_HEADERS, required=("code",), max_rows=MAX_ITEMS,
                       multiline=("checklist",))
    subs = {s.code for i in template.indicators for s in i.sub_indicators}
    items: dict[int, OitItemSpec] = {}
    problems: list[tuple[int, str]] = []
    for number, values in table.rows:
        match = _CODE.match(values.get("code", ""))
        if not match or not 1 <= int(match.group(1)) <= MAX_ITEMS:
            problems.append((number, f"อ่านรหัสข้อไม่ได้: “{values.get('code', '')[:20]}” (เช่น O1)"))
            continue
        code, title = f"O{int(match.group(1))}", (values.get("title") or match.group(2)).strip()
        if not title:
            problems.append((number, f"{code}: ไม่มีหัวข้อ"))
            continue
        if int(code[1:]) in items:
            problems.append((number, f"{code} ซ้ำกับแถวก่อนหน้า"))
            continue
        sub = arabic_digits(values.get("sub_indicator", "")).strip() or None
        if sub and sub not in subs:
            problems.append((number, f"{code}: ไม่มีตัวชี้วัดย่อย {sub} ในกรอบการประเมินปีนี้ "
                                     f"(มี {', '.join(sorted(subs)) or 'ไม่มี'})"))
            continue
        owner = None
        if text := values.get("owner", ""):
            owner = match_owner(text, sections, template).section
            if owner is None or owner == ALL_SECTIONS:
                problems.append((number, f"{code}: ผู้รับผิดชอบ “{text[:40]}” ไม่ตรงกับกองหรือสายงานใดของหน่วย"))
                continue
        due = None
        if text := values.get("due", ""):
            try:
                due = parse_date(text)
                check_plan_year(due, fiscal_year, text)  # "2750" for 2570 is refused, not kept
            except ParseError as error:
                problems.append((number, f"{code}: {error}"))
                continue
        try:
            items[int(code[1:])] = OitItemSpec(
                code=code, title=title, sub_indicator=sub, owner_section=owner, due=due,
                monthly=values.get("monthly", "").strip().lower() in _YES,
                checklist=[line.strip(" -•") for line in values.get("checklist", "").split("\n") if line.strip(" -•")])
        except ValidationError as error:  # a title or checklist element too long, say: named, never cut short
            first = error.errors()[0]
            problems.append((number, f"{code}: {path_of(first['loc'])}: {reason(first)}"))
    missing = [f"O{n}" for n in range(1, max(items, default=0) + 1) if n not in items]
    if missing and not problems:
        problems.append((table.header_row, "รายการ OIT ต้องเรียงต่อกันตั้งแต่ O1 — ขาด " + ", ".join(missing[:10])))
    return OitListPreview(table.header_row, [items[n] for n in sorted(items)], problems)
