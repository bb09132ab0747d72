"""Reading the measures plan a unit already has (.xlsx or .csv, often a Word table pasted into Excel).

The plan's layout differs between units (seeds 000, 001, 002, 004), so the header row is found, its Thai column names
are mapped to our fields (tolerant to spaces, line breaks and slashes), and each row is read with the domain parser.
Nothing is written here: :func:`preview` says what an import would do, row by row, with its problems.
"""

from __future__ import annotations

import difflib
import re
import zipfile
from dataclasses import dataclass, field

from ita_dash.domain.fields import bad_characters
from ita_dash.domain.framework import FrameworkTemplate
from ita_dash.domain.model import Cadence, Measure, Section
from ita_dash.domain.parse import DeadlineKind, ParseError, parse_cadence, parse_deadline
from ita_dash.domain.thaidate import arabic_digits
from openpyxl.utils import get_column_letter

from .workbook import WorkbookRefused, check_size, read_csv, read_xlsx

FIELDS = {
    "indicator": "ตัวชี้วัด",
    "issue": "ประเด็น",
    "activity": "กิจกรรม",
    "method": "ขั้นตอนหรือวิธีการ",
    "output": "ผลผลิต",
    "communication": "วิธีการสร้างการรับรู้",
    "deadline": "ระยะเวลาแล้วเสร็จ",
    "owner": "ผู้รับผิดชอบ",
    "cadence": "ระยะเวลากำกับติดตาม",
    "outcome": "ผลลัพธ์",
    "extra": "เก็บไว้ในหมายเหตุ",
}
# normalised header (no spaces, no slashes) → field; checked in order, first match wins
_HEADERS = [
    ("ตัวชี้วัด", "indicator"),
    ("ประเด็น", "issue"),
    ("กิจกรรมที่จะดำเนินการ", "activity"),
    ("ขั้นตอนหรือวิธีการ", "method"),
    ("มาตรการโครงการกิจกรรม", "activity"),
    ("มาตรการกิจกรรม", "activity"),
    ("ผลผลิต", "output"),
    ("วิธีการสร้างการรับรู้", "communication"),
    ("ระยะเวลาแล้วเสร็จ", "deadline"),
    ("ระยะเวลาเสร็จ", "deadline"),
    ("ระยะเวลาดำเนินการ", "deadline"),
    ("ผู้รับผิดชอบ", "owner"),
    ("ระยะเวลากำกับติดตาม", "cadence"),
    ("การกำกับติดตามผล", "cadence"),
    ("ผลลัพธ์", "outcome"),
]
MAX_HEADER_SCAN = 40
_TAG = re.compile(r"<[^>]+>")
_NUMBER = re.compile(r"^\s*(\d{1,2})\s*[.)]\s*(.*)$", re.S)
_RULE = re.compile(r"^[-=_|:\s]+$")  # a table rule left by PDF or Word extraction
_SCHEDULE = ("deadline", "cadence", "owner")


def _continues(values: dict[str, str], previous: "PlanRow", after_break: bool) -> bool:
    """Whether a row without an indicator is the rest of the measure above rather than a measure of its own: it has
    no deadline or follow-up of its own (an owner cell may be a fragment), and either has no activity, follows a page
    break, or the measure above is itself still waiting for its schedule cells."""
    if values.get("activity") and (values.get("deadline") or values.get("cadence")):
        return False
    if not values.get("activity"):
        return True
    return after_break or not any(previous.values.get(name) for name in _SCHEDULE)


class PlanFileError(ValueError):
    """The file cannot be read at all; the message is Thai and says what to do."""


def _clean(value) -> str:
    if value is None:
        return ""
    text = _TAG.sub(" ", str(value))
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    return re.sub(r"[\s/\\]+", "", text)


def read_rows(filename: str, content: bytes) -> list[list[str]]:
    """The file's cells as text, row by row (1-based row numbers = index + 1). Merged cells read as their
    top-left value. The file is read within the limits of :mod:`ita_dash.importers.workbook` (size, rows, columns,
    cells), and a cell holding a control character is refused with its place."""
    name = filename.lower()
    try:
        if name.endswith(".csv"):
            check_size(content)
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise PlanFileError("ไฟล์ CSV นี้ไม่ได้บันทึกเป็น UTF-8 (อาจเป็น TIS-620/Windows-874) — เปิดด้วย Excel แล้วบันทึกเป็น "
                                    "“CSV UTF-8” หรือ .xlsx แล้วนำเข้าอีกครั้ง") from None
            return _checked([[_clean(cell) for cell in row] for row in read_csv(text)])
        if name.endswith(".xlsx"):
            try:
                values, merged_ranges = read_xlsx(content)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
                if isinstance(error, WorkbookRefused):
                    raise
                raise PlanFileError("เปิดไฟล์ Excel ไม่ได้: ไฟล์อาจเสียหายหรือตั้งรหัสผ่านไว้ — บันทึกใหม่โดยไม่ใส่รหัสผ่านแล้วลองอีกครั้ง") from None
            merged = {}
            for min_col, min_row, max_col, max_row in merged_ranges:
                top = values[min_row - 1] if min_row <= len(values) else []
                top_left = top[min_col - 1] if min_col <= len(top) else None
                for row in range(min_row, max_row + 1):
                    for column in range(min_col, max_col + 1):
                        merged[(row, column)] = top_left
            width = max((len(row) for row in values), default=0)
            width = max([width, *(column for _, column in merged)])
            height = max([len(values), *(row for row, _ in merged)])
            rows = []
            for r in range(1, height + 1):
                cells = values[r - 1] if r <= len(values) else []
                rows.append([_clean(merged.get((r, c), cells[c - 1] if c <= len(cells) else None))
                             for c in range(1, width + 1)])
            return _checked(rows)
    except WorkbookRefused as refusal:
        raise PlanFileError(str(refusal)) from None
    raise PlanFileError("รองรับเฉพาะไฟล์ .xlsx และ .csv — ไฟล์ Word ให้คัดลอกตารางไปวางใน Excel แล้วบันทึกเป็น .xlsx")


def _checked(rows: list[list[str]]) -> list[list[str]]:
    """Refuse the file at the first cell holding a control character (NUL and the like), naming the cell."""
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            if bad := bad_characters(cell):
                raise PlanFileError(f"เซลล์ {get_column_letter(c)}{r} มีอักขระควบคุมที่บันทึกไม่ได้ ({', '.join(bad[:3])}) "
                                    "— ลบออกแล้วนำเข้าอีกครั้ง")
    return rows


def map_header(cells: list[str]) -> dict[int, str]:
    """Column index → field for a header row; columns not recognised map to "extra"."""
    mapping: dict[int, str] = {}
    taken = set()
    for index, cell in enumerate(cells):
        key = _key(cell)
        if not key:
            continue
        found = next((f for h, f in _HEADERS if key.startswith(h) and (f not in taken or f == "extra")), "extra")
        if index == 0 and found in ("activity", "indicator"):  # the first column always holds the indicator
            found = "indicator"
        mapping[index] = found
        taken.add(found)
    if "activity" not in mapping.values() and "method" in mapping.values():  # seed 000: the steps are the activity
        mapping = {i: ("activity" if f == "method" else f) for i, f in mapping.items()}
    return mapping


def find_header(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows[:MAX_HEADER_SCAN]):
        fields = set(map_header(row).values()) - {"extra"}
        if "indicator" in fields and "activity" in fields and len(fields) >= 3:
            return index
    return None


def indicator_of(text: str, template: FrameworkTemplate) -> tuple[int | None, str]:
    """The indicator a first-column cell names, by its name (closest match) or by its number; and a note when the
    two disagree (seed 001 numbers indicators 6–10 one lower)."""
    clean = arabic_digits(text)
    number, name = None, clean
    if match := _NUMBER.match(clean):
        number, name = int(match.group(1)), match.group(2)
    names = {_key(i.name): i.number for i in template.indicators}
    close = difflib.get_close_matches(_key(name), list(names), n=1, cutoff=0.75) if _key(name) else []
    by_name = names[close[0]] if close else None
    if by_name and number and by_name != number:
        return by_name, f"ข้อความระบุข้อ {number} แต่ชื่อตรงกับตัวชี้วัดที่ {by_name} — ใช้ตามชื่อ"
    found = by_name or (number if number and 1 <= number <= 10 else None)
    return found, ""


def section_of(owner: str, sections: list[Section], template: FrameworkTemplate) -> str | None:
    """The section the owner text names first (by name or by an alias such as "สว.อก.", "รอง ผกก.ป.")."""
    text = _key(arabic_digits(owner))
    aliases = {spec.code: [spec.name, *spec.aliases] for spec in template.sections or []}
    best = None
    for section in sections:
        for alias in [section.name, *aliases.get(section.code, [])]:
            position = text.find(_key(alias))
            if position >= 0 and (best is None or position < best[0]):
                best = (position, section.code)
    return best[1] if best else None


@dataclass
class PlanRow:
    row: int  # the row number in the file, 1-based
    indicator: int | None
    values: dict[str, str]
    section: str | None = None
    deadline: object = None
    cadence: Cadence | None = None
    notes: list[str] = field(default_factory=list)
    merged_rows: list[int] = field(default_factory=list)

    def measure(self, code: str) -> Measure:
        values = self.values
        extra = values.get("extra", "")
        if values.get("method") and values.get("activity") != values.get("method"):
            extra = f"ขั้นตอนหรือวิธีการ: {values['method']}" + (f" | {extra}" if extra else "")
        return Measure(code=code, indicator=self.indicator, issue=values.get("issue", "")[:4000],
                       activity=values["activity"][:4000], output=values.get("output", "")[:4000],
                       communication=values.get("communication", "")[:4000],
                       deadline=self.deadline, deadline_text=values.get("deadline", "")[:200],
                       owner_section=self.section, owner_text=values.get("owner", "")[:4000], cadence=self.cadence,
                       cadence_text=values.get("cadence", "")[:200], outcome=values.get("outcome", "")[:4000],
                       extra=extra[:4000])


@dataclass
class PlanPreview:
    header_row: int  # 1-based
    headers: list[str]
    mapping: dict[int, str]
    rows: list[PlanRow]
    problems: list[tuple[int, str]]  # (row number, reason): rows that cannot be read
    skipped: list[tuple[int, str]]  # repeated headers, page titles
    unmatched_owners: list[str]

    @property
    def unknown_columns(self) -> list[str]:
        return [self.headers[i] for i, f in self.mapping.items() if f == "extra"]

    def counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for row in self.rows:
            counts[row.indicator] = counts.get(row.indicator, 0) + 1
        return dict(sorted(counts.items()))


def preview(filename: str, content: bytes, template: FrameworkTemplate, sections: list[Section],
            mapping: dict[int, str] | None = None, owner_choices: dict[str, str] | None = None) -> PlanPreview:
    """What importing the file would do. ``mapping`` corrects the column mapping by hand; ``owner_choices`` maps
    owner texts that matched no section to a section code."""
    rows = read_rows(filename, content)
    if not any(any(cell for cell in row) for row in rows):
        raise PlanFileError("ไม่พบข้อมูลในไฟล์ (แผ่นงานแรกว่างเปล่า)")
    header = find_header(rows)
    if header is None:
        raise PlanFileError("ไม่พบแถวหัวตาราง — ต้องมีคอลัมน์ “ตัวชี้วัด” (หรือ “มาตรการ/กิจกรรม”) และคอลัมน์กิจกรรม "
                            "ภายใน 40 แถวแรก")
    headers = rows[header]
    mapping = dict(mapping) if mapping is not None else map_header(headers)
    header_key = [_key(c) for c in headers]
    owner_choices = owner_choices or {}
    result: list[PlanRow] = []
    problems: list[tuple[int, str]] = []
    skipped: list[tuple[int, str]] = []
    unmatched: list[str] = []
    current: int | None = None
    after_break = False  # the row follows a page break (a repeated header, a page title or a table rule)
    for index in range(header + 1, len(rows)):
        cells, number = rows[index], index + 1
        if not any(cells):  # PDF and Word extraction leave a blank row where a page broke
            after_break = True
            continue
        if [_key(c) for c in cells[: len(header_key)]] == header_key[: len(cells)]:
            skipped.append((number, "หัวตารางซ้ำ (ขึ้นหน้าใหม่)"))
            after_break = True
            continue
        if all(_RULE.match(c) for c in cells if c):
            skipped.append((number, "เส้นตาราง"))
            after_break = True
            continue
        values: dict[str, str] = {}
        extras = []
        for column, cell in enumerate(cells):
            target = mapping.get(column)
            if not cell or target is None:
                continue
            if target == "extra":
                extras.append(f"{headers[column] or f'คอลัมน์ {column + 1}'}: {cell}")
            else:
                values[target] = f"{values[target]} {cell}" if target in values else cell
        if extras:
            values["extra"] = " | ".join(extras)
        filled = [f for f in values if f != "indicator"]
        if values.get("indicator"):
            found, note = indicator_of(values["indicator"], template)
            if found is None:
                if not filled:  # a page title between tables
                    skipped.append((number, f"ข้อความนอกตาราง: {values['indicator'][:60]}"))
                    after_break = True
                else:
                    problems.append((number, f"อ่านตัวชี้วัดไม่ได้: “{values['indicator'][:60]}”"))
                continue
            current = found
            if not filled:
                continue
        broke, after_break = after_break, False
        if result and filled and not values.get("indicator") and _continues(values, result[-1], broke):
            previous = result[-1]  # the rest of the row above, cut at a page break or split into bullet rows
            for name, value in values.items():
                previous.values[name] = f"{previous.values[name]} {value}" if previous.values.get(name) else value
            previous.merged_rows.append(number)
            continue
        if not values.get("activity"):
            problems.append((number, "ไม่มีกิจกรรม/มาตรการในแถวนี้"))
            continue
        if current is None:
            problems.append((number, "ไม่ทราบตัวชี้วัด (แถวแรกของตารางต้องระบุตัวชี้วัด)"))
            continue
        row = PlanRow(number, current, values, notes=[note] if values.get("indicator") and note else [])
        result.append(row)
    for row in result:  # dates, cadences and owners once the rows are whole (page-split rows joined)
        values = row.values
        if values.get("deadline"):
            try:
                deadline = parse_deadline(values["deadline"])
                row.deadline = deadline.date if deadline.kind is DeadlineKind.DATE else None
                row.cadence = deadline.cadence
            except ParseError as error:
                row.notes.append(str(error))
        if values.get("cadence"):
            try:
                row.cadence = parse_cadence(values["cadence"])
            except ParseError as error:
                row.notes.append(str(error))
        owner = values.get("owner", "")
        row.section = owner_choices.get(owner) or (section_of(owner, sections, template) if owner else None)
        if owner and row.section is None and owner not in unmatched:
            unmatched.append(owner)
        if row.merged_rows:
            row.notes.append("รวมกับแถว " + ", ".join(map(str, row.merged_rows)) + " (ตารางขึ้นหน้าใหม่)")
    return PlanPreview(header + 1, headers, mapping, result, problems, skipped, unmatched)
