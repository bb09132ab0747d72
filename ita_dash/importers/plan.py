"""Reading the measures plan a unit already has (.xlsx or .csv, often a Word table pasted into Excel).

The plan's layout differs between units (seeds 000–004: police, immigration, local administration), so the header
row is found, its Thai column names are mapped to our fields (tolerant to spaces, line breaks and slashes), and each
row is read with the domain parser.
Nothing is written here: :func:`preview` says what an import would do, row by row, with its problems.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ita_dash.domain.framework import FrameworkTemplate
from ita_dash.domain.measure_fields import label
from ita_dash.domain.model import Cadence, Measure, Section
from ita_dash.domain.parse import (
    DeadlineKind,
    ImpossibleYear,
    ParseError,
    YearMissing,
    check_plan_year,
    parse_cadence,
    parse_deadline,
)
from ita_dash.domain.planyear import YearCheck, check_year, move_date
from ita_dash.domain.thaidate import arabic_digits

from .owners import ALL_SECTIONS, OwnerMatch, match_owner, name_key, section_of  # noqa: F401 - re-exported
from .shared_rows import last_number, split_shared_row
from .workbook import PlanFileError, clean_cell, flat, read_rows  # noqa: F401 - re-exported

# a plan file's columns: a measure's field (its Thai name from measure_fields.py), or what the import reads into
# several fields (a deadline "๑ ต.ค. ถึง ๓๑ ธ.ค." → deadline, start_date, deadline_text; an owner → owner_section and
# owner_text), a method joined to the activity, or columns kept verbatim in ``extra``
FIELDS = {
    **{name: label(name) for name in ("indicator", "issue", "activity")},
    "method": "ขั้นตอนหรือวิธีการ",
    **{name: label(name) for name in ("output", "communication")},
    "deadline": "ระยะเวลาแล้วเสร็จ",
    "owner": label("owner_text"),
    "cadence": label("cadence"),
    "outcome": label("outcome"),
    "extra": label("extra"),
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
    # seed 004: one column for the follow-up and the deadline ("…กำหนดเวลาแล้วเสร็จ"): the deadline parser reads both
    ("การรายงานผลและการกำกับติดตามกำหนดเวลาแล้วเสร็จ", "deadline"),
    ("การรายงานผลและการกำกับติดตาม", "cadence"),
    ("การรายงานผล", "cadence"),
    ("ระยะเวลา", "deadline"),  # after every longer "ระยะเวลา…" above
]
MAX_HEADER_SCAN = 40
_RULE = re.compile(r"^[-=_|:\s]+$")  # a table rule left by PDF or Word extraction
_SCHEDULE = ("deadline", "cadence", "owner")
_WORDS = re.compile(r"[\u0e01-\u0e4fA-Za-z]{2}")  # written in words ("ทำคู่มือ": letters and vowels), not figures


_ITEM_START = re.compile(r"^\s*(?:<[^>]+>\s*)*\d{1,2}\s*[.)]")  # "๑.", "๒)": a numbered item begins


def _has_deadline(text: str) -> bool:
    try:
        parse_deadline(text, 2570)  # the year only places months written without one; any year will do here
        return True
    except ParseError:
        return False


def _continues(values: dict[str, str], previous: PlanRow, after_break: bool) -> bool:
    """Whether a row without an indicator is the rest of the measure above rather than a measure of its own. It is
    decided by the indicator and activity columns (and whether the row has a deadline of its own), never by the
    owner or follow-up columns, which a row cut at a page break often carries the tail of: no activity is always a
    continuation; a numbered activity ("๒.", "3)") always begins a measure; an unnumbered activity fragment with no
    readable deadline continues the row above after a page break; any unnumbered row continues a row above that has
    no schedule cells yet (bullet lines split into rows, or the first half of a row cut at a page break, its owner
    and dates on the next page)."""
    activity = values.get("activity", "")
    if not activity:
        return True
    if _ITEM_START.match(activity):
        return False
    if not any(previous.values.get(name) for name in _SCHEDULE):
        return True  # the row above still waits for its owner and dates: this is its other half (issue 31)
    return after_break and not _has_deadline(values.get("deadline", ""))


def map_header(cells: list[str]) -> dict[int, str]:
    """Column index → field for a header row; columns not recognised map to "extra"."""
    mapping: dict[int, str] = {}
    taken = set()
    for index, cell in enumerate(cells):
        key = name_key(cell)
        if not key:
            continue
        found = next((f for h, f in _HEADERS if key.startswith(h) and (f not in taken or f == "extra")), "extra")
        mapping[index] = found
        taken.add(found)
    # the first column holds the indicator ("มาตรการ/กิจกรรม" above "๑) การปฏิบัติหน้าที่", seed 000) unless it is the
    # only column of activities (seed 004's "มาตรการ/โครงการ/กิจกรรม" table, which has no indicator column)
    if mapping.get(0) == "activity" and any(f in ("activity", "method") for i, f in mapping.items() if i):
        mapping[0] = "indicator"
    if "activity" not in mapping.values() and "method" in mapping.values():  # seeds 000, 004: the steps are the activity
        mapping = {i: ("activity" if f == "method" else f) for i, f in mapping.items()}
    return mapping


def is_header(cells: list[str]) -> bool:
    """A row that heads a plan table: an activity column and two more columns we know (an indicator column is
    usual but not required: seed 004's second table has none)."""
    fields = set(map_header(cells).values()) - {"extra"}
    return "activity" in fields and len(fields) >= 3


def _repeats_header(cells: list[str], header_key: list[str]) -> bool:
    """The header again at a page break, whole or one of the two rows Word wrapped it onto: every cell is the
    header's cell above it, or its beginning or its end, and at least half of the header's cells are there."""
    keys = [name_key(c) for c in cells[: len(header_key)]]
    pairs = [(k, h) for k, h in zip(keys, header_key) if k]
    return (bool(pairs) and all(h.startswith(k) or h.endswith(k) for k, h in pairs)
            and 2 * len(pairs) >= sum(1 for h in header_key if h) and not any(cells[len(header_key):]))


def find_header(rows: list[list[str]]) -> tuple[int, list[str]] | None:
    """(the index of the header's last row, its cells): one row, or two when Word wrapped the titles onto a second
    row of the table ("กิจกรรมที่จะ" above "ดำเนินการ")."""
    for index, row in enumerate(rows[:MAX_HEADER_SCAN]):
        if is_header(row):
            return index, row
        if index + 1 < len(rows):
            below = rows[index + 1]
            joined = [f"{a} {b}".strip() for a, b in zip(row, below + [""] * (len(row) - len(below)))]
            if any(below) and not is_header(below) and is_header(joined):
                return index + 1, joined
    return None


# the survey an indicator belongs to, written beside it ("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน", "แบบวัด IT",
# "แบบตรวจการเปิดเผยข้อมูลสาธารณะ"): not part of its name
_SURVEY = re.compile(r"แบบ(?:วัด|ตรวจ)\s*(?:การรับรู้ของ\s*ผู้มีส่วนได้ส่วนเสีย\s*ภาย\s*(?:ใน|นอก)|การเปิดเผยข้อมูล\s*สาธารณะ"
                     r"|(?:IIT|IT|EIT|OIT)(?![A-Za-z]))?|\(\s*ต่อ\s*\)")
_NAMED_NUMBER = re.compile(r"ตัวชี้วัด\s*ที่\s*(\d{1,2})(?!\d)")  # "ตัวชี้วัดที่ ๑", "ตัวชี้วัดที่๔"
_LEADING_NUMBER = re.compile(r"^\W*?(\d{1,2})\s*[.)]\s*(.*)$", re.S)  # "๑) …", "<p>๑. …", "/ ๓. การใช้อำนาจ"


def indicators_of(text: str, template: FrameworkTemplate, *, named_only: bool = False) -> tuple[tuple[int, ...], str]:
    """The indicators a cell names, and a note when its number and its name disagree (seed 001 numbers 6–10 one
    lower: the name wins). Read: "๑) การปฏิบัติหน้าที่", "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่", "ตัวชี้วัดที่ ๑" alone,
    "แบบวัด … ตัวชี้วัดที่ ๑ ตัวชี้วัดที่ ๒" (two indicators), "แบบวัดการรับรู้…ภายใน ๓. การใช้อำนาจ" (the survey and the
    indicator in one cell), the name alone; Thai or Arabic digits. ``named_only``: only "ตัวชี้วัดที่ N" counts (a
    cell of another column, where a leading "๑." numbers the activity, not the indicator)."""
    clean = _SURVEY.sub(" ", arabic_digits(text))
    numbers = [int(n) for n in _NAMED_NUMBER.findall(clean) if 1 <= int(n) <= 10]
    name = _NAMED_NUMBER.sub(" ", clean).strip(" -/,:")
    if named_only:
        return tuple(dict.fromkeys(numbers)), ""
    if not numbers and (match := _LEADING_NUMBER.match(clean)):
        numbers, name = [int(match.group(1))], match.group(2)
        if not 1 <= numbers[0] <= 10:
            numbers = []
    names = {name_key(i.name): i.number for i in template.indicators}
    close = difflib.get_close_matches(name_key(name), list(names), n=1, cutoff=0.75) if name_key(name) else []
    by_name = names[close[0]] if close else None
    if by_name and len(numbers) == 1 and by_name != numbers[0]:
        return (by_name,), f"ข้อความระบุข้อ {numbers[0]} แต่ชื่อตรงกับตัวชี้วัดที่ {by_name} — ใช้ตามชื่อ"
    if numbers:
        return tuple(dict.fromkeys(numbers)), ""
    return ((by_name,) if by_name else ()), ""


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
    start: object = None  # the start of a deadline range
    owner_match: OwnerMatch | None = None
    outside_year: bool = False  # the deadline falls outside the plan's fiscal year (once moved)
    also: tuple[int, ...] = ()  # further indicators the row names ("ตัวชี้วัดที่ ๑ ตัวชี้วัดที่ ๒"): a measure under each
    undecided: str = ""  # why its indicator is not known: the import waits until the chief picks it (or drops the row)
    yearless: bool = False  # the deadline names months without a year ("ตุลาคม – ธันวาคม"), placed in the plan's year
    label: str = ""  # how the preview and --skip-row name it: "42", or "42-2" for the second measure of row 42
    table: int = 1  # which table of the document it was read from
    deadline_follows_up: bool = False  # its deadline column is also its follow-up ("การรายงานผลและการกำกับติดตาม …")

    def __post_init__(self) -> None:
        self.label = self.label or str(self.row)

    def measures(self, code: str, section_codes: list[str]) -> list[Measure]:
        """The measure of this row under each indicator it names (``code`` + "i" + indicator for the further
        ones); for an all-sections owner one per section (``code`` + "." + section)."""
        result = []
        for n, indicator in enumerate((self.indicator, *self.also)):
            one = self.measure(code if n == 0 else f"{code}i{indicator}").model_copy(update={"indicator": indicator})
            if self.section != ALL_SECTIONS:
                result.append(one)
            else:
                result += [one.model_copy(update={"code": f"{one.code}.{s}", "owner_section": s, "all_sections": True})
                           for s in section_codes]
        return result

    def measure(self, code: str) -> Measure:
        values = self.values
        extra = values.get("extra", "")
        if values.get("method") and values.get("activity") != values.get("method"):
            extra = f"ขั้นตอนหรือวิธีการ: {values['method']}" + (f" | {extra}" if extra else "")
        return Measure(code=code, indicator=self.indicator, issue=values.get("issue", "")[:4000],
                       activity=values["activity"][:4000], output=values.get("output", "")[:4000],
                       communication=values.get("communication", "")[:4000],
                       deadline=self.deadline, deadline_text=values.get("deadline", "")[:200], start_date=self.start,
                       owner_section=None if self.section == ALL_SECTIONS else self.section,
                       owner_text=values.get("owner", "")[:4000], cadence=self.cadence,
                       cadence_text=values.get("cadence", "")[:200], outcome=values.get("outcome", "")[:4000],
                       extra=extra[:4000])


_STEP = re.compile(r"(?:^|\s)(?=\d{1,2}\s*[.)]\s*\D)")  # where "๑. …", "๒) …" begins inside one cell


def _deadline(text: str, fiscal_year: int | None, move_years: int, row: PlanRow):
    """A deadline cell read with its own years; months without one are placed in the year the plan was written
    for (``fiscal_year - move_years``), so that moving every date by whole years moves them once, like the rest.
    A cell listing numbered steps, each with its own date (seed 004), is due when its last step is."""
    steps = [part for part in _STEP.split(arabic_digits(text)) if part.strip()]
    if len(steps) > 1:
        dated = []
        for step in steps:
            try:
                dated.append(_deadline(step, fiscal_year, move_years, row))
            except ParseError:
                continue
        dated = [d for d in dated if d.date is not None]
        if len(dated) > 1:
            return max(dated, key=lambda d: d.date)
    try:
        return parse_deadline(text)
    except YearMissing:
        if fiscal_year is None:
            raise
        row.yearless = True
        return parse_deadline(text, fiscal_year - move_years)


@dataclass
class PlanPreview:
    header_row: int  # 1-based
    headers: list[str]
    mapping: dict[int, str]
    rows: list[PlanRow]
    problems: list[tuple[int, str]]  # (row number, reason): rows that cannot be read
    skipped: list[tuple[int, str]]  # repeated headers, page titles
    unmatched_owners: list[str]
    year_check: YearCheck | None = None  # the plan's dates against the fiscal year it goes into
    moved_years: int = 0  # whole years every date was moved by
    fuzzy_owners: dict[str, OwnerMatch] = field(default_factory=dict)  # owner text → a close match to confirm
    section_codes: list[str] = field(default_factory=list)

    @property
    def undecided(self) -> list[PlanRow]:
        """Rows whose indicator is not known: nothing is imported until each is given one or dropped."""
        return [row for row in self.rows if row.undecided]

    def measures(self) -> list[Measure]:
        """What "นำเข้า" writes: one measure per row and indicator, one per section for an all-sections owner.
        Refused while a row waits for its indicator (:attr:`undecided`): no measure is lost on the way in."""
        if waiting := self.undecided:
            raise PlanFileError("ยังไม่ได้เลือกตัวชี้วัดของแถว " + ", ".join(row.label for row in waiting)
                                + " — เลือกตัวชี้วัด หรือเลือกไม่นำเข้าแถวนั้น")
        result = []
        for n, row in enumerate(self.rows):
            result += row.measures(f"new-{n}", self.section_codes)
        return result

    @property
    def unknown_columns(self) -> list[str]:
        return [self.headers[i] for i, f in self.mapping.items() if f == "extra"]

    def counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for row in self.rows:
            for indicator in (row.indicator, *row.also) if row.indicator else ():
                counts[indicator] = counts.get(indicator, 0) + 1
        return dict(sorted(counts.items()))


def preview(filename: str, content: bytes, template: FrameworkTemplate, sections: list[Section],
            mapping: dict[int, str] | None = None, owner_choices: dict[str, str] | None = None,
            fiscal_year: int | None = None, move_years: int = 0, rows: list[list[str]] | None = None,
            indicator_choices: dict[int, int] | None = None) -> PlanPreview:
    """What importing the file would do. ``mapping`` corrects the column mapping by hand; ``owner_choices`` maps
    owner texts that matched no section (or matched one only approximately) to a section code ("" for none);
    ``indicator_choices`` gives a row (its number in the file) whose indicator cannot be read its indicator, or 0 to
    leave the row out.
    With ``fiscal_year`` every deadline is checked against that year (``year_check``); ``move_years`` moves every
    date by whole years first. ``rows``: the file's cells when the caller already read them (:func:`read_rows`)."""
    rows = read_rows(filename, content) if rows is None else rows
    paragraphs, rows = rows, [[flat(cell) for cell in row] for row in rows]  # a cell's paragraphs tell measures apart
    if not any(any(cell for cell in row) for row in rows):
        raise PlanFileError("ไม่พบข้อมูลในไฟล์ (แผ่นงานแรกว่างเปล่า)")
    found_header = find_header(rows)
    if found_header is None:
        raise PlanFileError("ไม่พบแถวหัวตาราง — ต้องมีคอลัมน์กิจกรรมหรือมาตรการ และอีกอย่างน้อยสองคอลัมน์ที่รู้จัก (ตัวชี้วัด "
                            "ผู้รับผิดชอบ ระยะเวลา …) ภายใน 40 แถวแรก")
    header, first_headers = found_header  # the table the preview shows and a person corrects: the first one
    first_mapping = dict(mapping) if mapping is not None else map_header(first_headers)
    headers, mapping = first_headers, first_mapping  # of the table being read (seed 004 has a second one)
    header_key = [name_key(c) for c in headers]
    fields_read = set(mapping.values())
    owner_choices = owner_choices or {}
    indicator_choices = {str(row): choice for row, choice in (indicator_choices or {}).items()}
    result: list[PlanRow] = []
    problems: list[tuple[int, str]] = []
    skipped: list[tuple[int, str]] = []
    unmatched: list[str] = []
    current: tuple[int, ...] = ()
    table = 1  # the table of the document being read (seed 004 has two)
    after_break = False  # the row follows a page break (a repeated header, a page title or a table rule)
    for index in range(header + 1, len(rows)):
        cells, number = rows[index], index + 1
        if not any(cells):  # PDF and Word extraction leave a blank row where a page broke
            after_break = True
            continue
        if _repeats_header(cells, header_key):
            skipped.append((number, "หัวตารางซ้ำ (ขึ้นหน้าใหม่)"))
            after_break = True
            continue
        if is_header(cells):  # the next table of the same document (seed 004 has two): read on with its columns
            headers, mapping, header_key = cells, map_header(cells), [name_key(c) for c in cells]
            fields_read |= set(mapping.values())
            table += 1
            skipped.append((number, "หัวตารางของตารางถัดไป"))
            current, after_break = (), True
            continue
        if all(_RULE.match(c) for c in cells if c):
            skipped.append((number, "เส้นตาราง"))
            after_break = True
            continue
        above = last_number(result[-1].values.get("activity", "")) if result and result[-1].table == table else None
        parts = split_shared_row(paragraphs[index], mapping, above)  # seed 004: measures ๗ and ๘ share a row
        for part, cells in enumerate(parts, start=1):
            label = str(number) if len(parts) == 1 else f"{number}-{part}"
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
            found, note, unreadable = (), "", ""
            if values.get("indicator"):
                found, note = indicators_of(values["indicator"], template)
                if not found:
                    if not filled:  # a page title between tables, a survey's name above its indicators
                        skipped.append((number, f"ข้อความนอกตาราง: {values['indicator'][:60]}"))
                        after_break = True
                        continue
                    unreadable = f"อ่านตัวชี้วัดไม่ได้: “{values['indicator'][:60]}”"
                else:
                    current = found
                    if not filled:
                        continue
            elif "indicator" not in mapping.values() and values.get("issue"):  # seed 004: "… แบบวัด IT ตัวชี้วัดที่ ๔"
                found, _ = indicators_of(values["issue"], template, named_only=True)
            broke, after_break = after_break, False
            if (result and filled and not values.get("indicator") and not found
                    and _continues(values, result[-1], broke)):
                previous = result[-1]  # the rest of the row above, cut at a page break or split into bullet rows
                for name, value in values.items():
                    previous.values[name] = f"{previous.values[name]} {value}" if previous.values.get(name) else value
                previous.merged_rows.append(number)
                continue
            if not _WORDS.search(values.get("activity", "")):  # empty, or "100%" / "1" of a table of figures
                problems.append((number, "ไม่มีกิจกรรม/มาตรการในแถวนี้ (ไม่นำเข้า)"))
                continue
            indicators = found or (current if "indicator" in mapping.values() and not unreadable else ())
            choice = indicator_choices.get(label)
            if choice == 0:
                skipped.append((number, "เลือกไม่นำเข้าแถวนี้" if len(parts) == 1 else f"เลือกไม่นำเข้า {label}"))
                continue
            if choice:
                indicators, unreadable = (choice,), ""
            row = PlanRow(number, indicators[0] if indicators else None, values, notes=[note] if note else [],
                          also=tuple(indicators[1:]), label=label, table=table,
                          deadline_follows_up=any(f == "deadline" and name_key(headers[c]).startswith("การรายงานผล")
                                                  for c, f in mapping.items()))
            if len(parts) > 1:
                row.notes.append(f"แถว {number} มี {len(parts)} มาตรการ (ย่อหน้าละมาตรการ) — แยกนำเข้า นี่คือมาตรการที่ {part}")
            if not indicators:
                row.undecided = unreadable or "ไม่ทราบตัวชี้วัด — เลือกตัวชี้วัดของแถวนี้"
            elif len(indicators) > 1:
                row.notes.append("นำเข้าเป็นมาตรการของตัวชี้วัด " + " และ ".join(map(str, indicators)))
            result.append(row)
    names = {s.code: s.name for s in sections}
    fuzzy: dict[str, OwnerMatch] = {}
    refused: list[tuple[int, str]] = []  # rows whose year cannot be right: shown with the reason, not imported
    gone: set[str] = set()
    for row in result:  # dates, cadences and owners once the rows are whole (page-split rows joined)
        values = row.values
        if values.get("deadline"):
            try:
                deadline = _deadline(values["deadline"], fiscal_year, move_years, row)
                if deadline.kind in (DeadlineKind.DATE, DeadlineKind.FISCAL_YEAR, DeadlineKind.ONGOING):
                    row.deadline = move_date(deadline.date, move_years)
                    row.start = move_date(deadline.start, move_years)
                    if fiscal_year is not None:
                        for day in (row.deadline, row.start):
                            check_plan_year(day, fiscal_year, values["deadline"])
                row.cadence = deadline.cadence
            except ImpossibleYear as error:  # a typo in a year is refused on its row, never read as another year
                refused.append((row.row, str(error)))
                gone.add(row.label)
                continue
            except ParseError as error:
                row.notes.append(str(error))
        if row.deadline_follows_up and not values.get("cadence") and row.cadence is None:
            try:  # seed 004: "สรุปผลครึ่งปีแรก … ส่งภายในเดือนเมษายน" says when it is due and how it is followed
                row.cadence = parse_cadence(values.get("deadline", ""))
            except ParseError:
                pass  # the column gives dates only
        if values.get("cadence"):
            try:
                row.cadence = parse_cadence(values["cadence"])
            except ParseError as error:
                row.notes.append(str(error))
            if not values.get("deadline"):  # seed 004: the follow-up column also says when it is due
                try:
                    written = _deadline(values["cadence"], fiscal_year, move_years, row)
                    row.deadline, row.start = move_date(written.date, move_years), move_date(written.start, move_years)
                except ParseError:
                    pass  # a follow-up with no date in it
        owner = values.get("owner", "")
        match = match_owner(owner, sections, template) if owner else OwnerMatch(None)
        row.owner_match = match
        if owner in owner_choices:  # chosen on the page: a section code, or "" for none
            row.section = owner_choices[owner] or None
        else:
            row.section = match.section
        if match.how == "fuzzy" and owner not in fuzzy:
            fuzzy[owner] = match
            row.notes.append("ผู้รับผิดชอบ: " + match.describe(names) + " — โปรดยืนยัน")
        if owner and match.section is None and owner not in unmatched:
            unmatched.append(owner)
        if row.merged_rows:
            row.notes.append("รวมกับแถว " + ", ".join(map(str, row.merged_rows)) + " (ตารางขึ้นหน้าใหม่)")
    if fields_read & set(_SCHEDULE):  # nothing invented: a caption is no measure
        for row in result:
            if not any(row.values.get(name) for name in _SCHEDULE) and set(row.values) <= {"activity", "indicator"}:
                refused.append((row.row, "มีแต่ข้อความ ไม่มีผู้รับผิดชอบ กำหนดเวลา หรือการติดตาม (คำบรรยายหรือหัวข้อ?) "
                                         "— ไม่นำเข้า ถ้าเป็นมาตรการให้เติมผู้รับผิดชอบในไฟล์"))
                gone.add(row.label)
    if refused:
        result = [row for row in result if row.label not in gone]
        problems = sorted(problems + refused)
    check = None
    if fiscal_year is not None:  # months written without a year tell nothing of the plan's year: not judged
        check = check_year([(n, None if row.yearless else move_date(row.deadline, -move_years))
                            for n, row in enumerate(result)], fiscal_year)
        if move_years:  # already moved: judge the moved dates
            check = check_year([(n, None if row.yearless else row.deadline) for n, row in enumerate(result)], fiscal_year)
        late = {n for n, _ in check.outside}  # the rows by their place in the result (two may share a file row)
        for n, row in enumerate(result):
            if n in late and not check.needs_decision:
                row.outside_year = True
                row.notes.append(f"กำหนดเสร็จอยู่นอกปีงบประมาณ {fiscal_year} — ตรวจวันที่ในแถวนี้")
    return PlanPreview(header + 1, first_headers, first_mapping, result, problems, skipped, unmatched, check, move_years, fuzzy,
                       [s.code for s in sections])
