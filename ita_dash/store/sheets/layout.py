"""The Google Sheet of one unit's fiscal year: its tabs, their Thai headers, and the translation between rows and
the domain records, cell by cell.

A cell that does not parse (a date like "31 ก.พ. 70", a percent "เยอะ", a status nobody knows) becomes a
:class:`SheetProblem` naming the tab, row and column, and the rest of the sheet still loads: a bad percent leaves
the report without a percent, a bad key cell leaves out its row. ``docs/google-sheet.md`` shows every tab.

Tabs and headers are declared once, in a police station's words ("สายงาน", "หัวหน้าสายงาน"); a local
administration's sheet says them in its own (:func:`words_of` ``.say``: "กอง", "หัวหน้ากอง"), and a sheet is read
in either spelling (:func:`declared`), so a sheet made before in police words keeps working.

What a sheet cannot say: when each month's status was typed. A month's report counts as entered on its reporting
deadline (or when the sheet was read, for a month still open), so reports in a sheet are never late and an as-of
date in the past sees today's sheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from pydantic import ValidationError

from ita_dash.domain.fiscal import Month, fiscal_months
from ita_dash.domain.followup import report_deadline
from ita_dash.domain.measure_fields import MEASURE_FIELDS
from ita_dash.domain.model import (
    FollowUp,
    FollowUpStatus,
    ItaResult,
    Measure,
    OitItem,
    OitStatus,
    Province,
    QuotaSnapshot,
    QuotaTool,
    Region,
    Section,
    Unit,
    UnitKind,
    UnitYear,
    UnitYearData,
    thai,
)
from ita_dash.domain.parse import ParseError, parse_cadence
from ita_dash.domain.thaidate import BANGKOK, MONTHS_SHORT, format_date
from ita_dash.domain.wording import WORDS, Words, words_of

from .cells import (  # noqa: F401 - audit_text, holds, shown: what a write compares and records, here with the layout
    any_date,
    audit_text,
    choice,
    code_text,
    deadline_of,
    from_serial,
    holds,
    percent_of,
    score,
    serial,
    shown,
    thai_reason,
    ticked,
    whole,
)

SETTINGS, SECTIONS, MEASURES, OIT, QUOTAS, RESULTS = "ตั้งค่า", "สายงาน", "มาตรการ", "OIT", "จำนวนผู้ตอบ", "ผลการประเมิน"
TABS = (SETTINGS, SECTIONS, MEASURES, OIT, QUOTAS, RESULTS)

SETTING_KEYS = ("รหัสหน่วย", "ชื่อหน่วย", "ชื่อย่อ", "ประเภทหน่วย", "รหัสจังหวัด", "ชื่อจังหวัด", "รหัสภาค", "ชื่อภาค",
                "ปีงบประมาณ", "แม่แบบ", "จำนวนกำลังพล", "วันเริ่มแผน")
SECTION_HEADERS = ("รหัสสายงาน", "ชื่อสายงาน", "หัวหน้าสายงาน", "อีเมลหัวหน้าสายงาน")
PLAN_HEADERS = ("รหัส", "ตัวชี้วัด", "ประเด็น", "มาตรการ/กิจกรรม", "ผลผลิต", "การสร้างการรับรู้", "กำหนดเสร็จ", "สายงาน",
                "ผู้รับผิดชอบ", "ความถี่")
MONTH_HEADERS = tuple(MONTHS_SHORT[m] for m in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9))  # ต.ค. … ก.ย.
TAIL_HEADERS = ("ร้อยละ", "หมายเหตุ", "ลิงก์หลักฐาน", "เสร็จแล้ว", "ยกเลิก", "ฉบับ")
# The rest of a measure (issue 33): a sheet made before has none of them and still reads (these fields empty, the
# results report's texts from the database); ``sheets sync`` adds them (:func:`provision.add_missing_columns`).
LATER_HEADERS = ("วันเริ่ม", "ทุกสายงาน", "ผลการดำเนินการ", "ผลลัพธ์", "ข้อมูลอื่น")
MEASURE_HEADERS = PLAN_HEADERS + MONTH_HEADERS + TAIL_HEADERS + LATER_HEADERS
OIT_HEADERS = ("รหัส", "สถานะ", "ลิงก์", "สายงาน", "ผู้รับผิดชอบ", "กำหนดเสร็จ", "ผู้อนุมัติ", "ฉบับ")
QUOTA_HEADERS = ("เครื่องมือ", "สายงาน", "จำนวน", "ณ วันที่", "บันทึกโดย")
RESULT_HEADERS = ("ปีงบประมาณ", "IIT", "EIT", "OIT", "คะแนนรวม", "ระดับ")
HEADERS = {SECTIONS: SECTION_HEADERS, MEASURES: MEASURE_HEADERS, OIT: OIT_HEADERS, QUOTAS: QUOTA_HEADERS,
           RESULTS: RESULT_HEADERS}

FOLLOW_UP_LABELS = {thai(s): s for s in FollowUpStatus}
OIT_LABELS = {thai(s): s for s in OitStatus}
KIND_LABELS = {thai(k): k for k in UnitKind}


def spellings(name: str) -> tuple[str, ...]:
    """A tab or header as declared and as each kind of unit says it: ("สายงาน", "กอง")."""
    return tuple(dict.fromkeys([name, *(words.say(name) for words in WORDS.values())]))


_DECLARED = {said: name for name in (*TABS, *SECTION_HEADERS, *MEASURE_HEADERS, *OIT_HEADERS, *QUOTA_HEADERS,
                                     *RESULT_HEADERS) for said in spellings(name)}


def declared(name) -> str:
    """A tab title or header as a sheet has it, in the declared words: "กอง" → "สายงาน", "หัวหน้ากอง" →
    "หัวหน้าสายงาน"; a name of our layout in either spelling, anything else as it is."""
    name = str(name).strip()
    return _DECLARED.get(name, name)


def said_rows(rows: list[list], words: Words) -> list[list]:
    """A tab's rows (headers first) with the header row in the kind's words."""
    return [[words.say(h) for h in rows[0]], *rows[1:]] if rows else rows


def tab_titles(titles) -> dict[str, str]:
    """Each tab of ours found among a spreadsheet's tab titles (in either spelling) → its title there."""
    found: dict[str, str] = {}
    for title in titles:
        if declared(title) in TABS:
            found.setdefault(declared(title), title)
    return found


def words_in(settings_rows: list[list]) -> Words:
    """The words of the unit a sheet's settings tab names (ประเภทหน่วย); a police station's when it names none."""
    for row in settings_rows:
        if len(row) > 1 and str(row[0]).strip() == "ประเภทหน่วย":
            return words_of(KIND_LABELS.get(str(row[1]).strip()))
    return words_of(None)


def ranges(titles: dict[str, str] | None = None) -> list[str]:
    """Every tab, whole: what one ``values:batchGet`` asks for (``titles``: a tab's title in this spreadsheet when
    it is not the declared one, e.g. a local administration's "กอง")."""
    return [quoted((titles or {}).get(tab, tab)) for tab in TABS]


def quoted(tab: str, cells: str = "") -> str:
    return "'" + tab.replace("'", "''") + "'" + (f"!{cells}" if cells else "")


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters, number = "", index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class SheetProblem:
    tab: str
    row: int  # as the sheet numbers it (the header is row 1)
    column: str  # letter and header, e.g. "T (ร้อยละ)"
    value: str
    message: str

    def text(self) -> str:
        return f"แท็บ {self.tab} แถว {self.row} คอลัมน์ {self.column}: “{self.value}” — {self.message}"


class _Reader:
    """Reads one tab's rows by header name, collecting problems instead of raising."""

    def __init__(self, tab: str, rows: list[list], problems: list[SheetProblem], expected: tuple[str, ...] = (),
                 optional: tuple[str, ...] = (), words: Words = words_of(None)):
        self.tab, self.problems, self.say = tab, problems, words.say
        header = [declared(h) for h in (rows[0] if rows else [])]  # either spelling, read as declared
        self.columns: dict[str, int] = {}
        for i, name in enumerate(header):
            if not name:
                continue
            if name in self.columns:  # which one is meant? neither is read
                problems.append(SheetProblem(tab, 1, f"{column_letter(i)} ({self.say(name)})", self.say(name),
                                             f"หัวคอลัมน์ “{self.say(name)}” ซ้ำกับคอลัมน์ {column_letter(self.columns[name])} — "
                                             "ลบหรือเปลี่ยนชื่อคอลัมน์ที่เกินออก"))
                continue
            self.columns[name] = i
        if rows and expected:
            known = set(expected)
            for name in expected:
                if name not in self.columns and name not in optional:
                    problems.append(SheetProblem(tab, 1, self.say(name), "", f"ไม่พบหัวคอลัมน์ “{self.say(name)}” (ถูกเปลี่ยนชื่อหรือลบ) "
                                                 "จึงไม่ได้อ่านค่าในคอลัมน์นี้ — ตั้งชื่อหัวคอลัมน์กลับเป็นเดิม"))
            for name, i in self.columns.items():
                if name not in known:
                    problems.append(SheetProblem(tab, 1, f"{column_letter(i)} ({name})", name,
                                                 "หัวคอลัมน์ที่ระบบไม่รู้จัก (ไม่ได้อ่าน) — ถ้าเป็นคอลัมน์เดิมที่ถูกเปลี่ยนชื่อ "
                                                 "ให้ตั้งชื่อกลับเป็นเดิม"))
        self.rows = rows[1:]

    def records(self):
        for offset, row in enumerate(self.rows):
            if any(str(v).strip() for v in row):
                yield offset + 2, row

    def text(self, row: list, name: str) -> str:
        index = self.columns.get(name)
        if index is None or index >= len(row):
            return ""
        return str(row[index]).strip()

    def parse(self, number: int, row: list, name: str, convert: Callable, default=None):
        """``convert(text)``; an empty cell gives ``default``; a failure is a problem and gives ``default``."""
        value = self.text(row, name)
        if not value:
            return default
        try:
            return convert(value)
        except (ValueError, ParseError, KeyError) as error:
            index = self.columns[name]
            message = error.args[0] if isinstance(error, (ParseError, KeyError)) and error.args else str(error)
            self.problems.append(SheetProblem(self.tab, number, f"{column_letter(index)} ({self.say(name)})", value,
                                              thai_reason(self.say(name), message)))
            return default


def read_unit(value_ranges: list[dict], fiscal_year: int,
              read_at: dt.datetime) -> tuple[UnitYearData, list[SheetProblem], dict[tuple[str, str], int]]:
    """The unit's year from a ``values:batchGet`` answer over :func:`ranges` (formatted values), the cells that
    did not parse, and the sheet row of each measure and OIT item, by (tab, code)."""
    by_tab = {tab: vr.get("values", []) for tab, vr in zip(TABS, value_ranges)}
    problems: list[SheetProblem] = []

    settings = {str(row[0]).strip(): (number, row) for number, row in enumerate(by_tab[SETTINGS], start=1) if row}
    settings_reader = _Reader(SETTINGS, [], problems)
    settings_reader.columns = {"ค่า": 1}

    def setting(key: str, convert: Callable = code_text, default=None):
        number, row = settings.get(key, (0, []))
        return settings_reader.parse(number, row, "ค่า", convert, default)

    def place(model, fallback, **fields):  # the unit's own settings: a bad value is a problem, not a crash
        return _record(model, problems, SETTINGS, 0, **fields) or fallback

    unit_code = setting("รหัสหน่วย") or "SHEET"
    kind = setting("ประเภทหน่วย", choice(KIND_LABELS, "ประเภทหน่วย"), UnitKind.POLICE_STATION)
    words = words_of(kind)  # the problems name the tabs and headers as this kind says them
    region = place(Region, Region(code="SHEET", name=""), code=setting("รหัสภาค") or "SHEET", name=setting("ชื่อภาค") or "")
    province = place(Province, Province(code="SHEET", name="", region_code=region.code),
                     code=setting("รหัสจังหวัด") or "SHEET", name=setting("ชื่อจังหวัด") or "", region_code=region.code)
    unit = place(Unit, Unit(code="SHEET", name=unit_code, kind=kind, province_code=province.code), code=unit_code,
                 name=setting("ชื่อหน่วย") or unit_code, short_name=setting("ชื่อย่อ") or "", kind=kind,
                 province_code=province.code)
    year = UnitYear(fiscal_year=setting("ปีงบประมาณ", whole(2550, 2650), fiscal_year),
                    template_key=setting("แม่แบบ"), staff_count=setting("จำนวนกำลังพล", whole(0)),
                    plan_start=setting("วันเริ่มแผน", any_date))

    sections = []
    reader = _Reader(SECTIONS, by_tab[SECTIONS], problems, SECTION_HEADERS, words=words)
    for order, (number, row) in enumerate(reader.records()):
        code = reader.text(row, "รหัสสายงาน")
        section = _record(Section, problems, SECTIONS, number, code=code, name=reader.text(row, "ชื่อสายงาน") or code,
                          head_name=reader.text(row, "หัวหน้าสายงาน"), sort_order=order) if code else None
        if section is not None:
            sections.append(section)

    measures, follow_ups, rows = [], [], {}
    reader = _Reader(MEASURES, by_tab[MEASURES], problems, MEASURE_HEADERS, LATER_HEADERS, words)
    months = fiscal_months(year.fiscal_year)
    for number, row in reader.records():
        code = reader.text(row, "รหัส")
        indicator = reader.parse(number, row, "ตัวชี้วัด", whole(1, 10))
        if not code or indicator is None:
            if code:  # the indicator was the problem, already listed
                continue
            problems.append(SheetProblem(MEASURES, number, "A (รหัส)", "", "แถวนี้ไม่มีรหัสมาตรการ จึงไม่ได้อ่าน"))
            continue
        if (MEASURES, code) in rows:
            problems.append(SheetProblem(MEASURES, number, "รหัส", code, f"รหัส {code} ซ้ำกับแถว {rows[(MEASURES, code)]} — "
                                         "แถวนี้ไม่ได้อ่าน และบันทึกมาตรการนี้จากแอปไม่ได้จนกว่าจะแก้ให้เหลือแถวเดียว"))
            continue
        deadline_text = reader.text(row, "กำหนดเสร็จ")
        if from_serial(deadline_text):  # a date value: its text is the date as the app writes dates
            deadline_text = format_date(from_serial(deadline_text))
        cadence_text = reader.text(row, "ความถี่")
        version = reader.parse(number, row, "ฉบับ", whole(1), 1)
        measure = _record(Measure, problems, MEASURES, number, code=code, indicator=indicator,
                          issue=reader.text(row, "ประเด็น"), activity=reader.text(row, "มาตรการ/กิจกรรม") or code,
                          output=reader.text(row, "ผลผลิต"), communication=reader.text(row, "การสร้างการรับรู้"),
                          deadline=reader.parse(number, row, "กำหนดเสร็จ", deadline_of), deadline_text=deadline_text,
                          owner_section=reader.text(row, "สายงาน") or None, owner_text=reader.text(row, "ผู้รับผิดชอบ"),
                          cadence=reader.parse(number, row, "ความถี่", parse_cadence), cadence_text=cadence_text,
                          done=ticked(reader.text(row, "เสร็จแล้ว")), retired=ticked(reader.text(row, "ยกเลิก")),
                          version=version, start_date=reader.parse(number, row, "วันเริ่ม", any_date),
                          all_sections=ticked(reader.text(row, "ทุกสายงาน")),
                          achievement=reader.text(row, "ผลการดำเนินการ"), outcome=reader.text(row, "ผลลัพธ์"),
                          extra=reader.text(row, "ข้อมูลอื่น"))
        if measure is None:
            continue
        measures.append(measure)
        rows[(MEASURES, code)] = number
        reported = [(month, reader.parse(number, row, header, choice(FOLLOW_UP_LABELS, "สถานะ")))
                    for month, header in zip(months, MONTH_HEADERS)]
        reported = [(month, status) for month, status in reported if status is not None]
        percent = reader.parse(number, row, "ร้อยละ", percent_of)
        note, link = reader.text(row, "หมายเหตุ"), reader.text(row, "ลิงก์หลักฐาน")
        for month, status in reported:
            latest = month == reported[-1][0]  # percent, note and link belong to the latest report
            entered = min(dt.datetime.combine(report_deadline(month), dt.time(12), tzinfo=BANGKOK), read_at)
            follow_up = _record(FollowUp, problems, MEASURES, number, measure_code=code, month=str(month), status=status,
                                percent=percent if latest else None, note=note if latest else "",
                                evidence_url=link if latest else "", entered_at=entered, version=version)
            if follow_up is not None:
                follow_ups.append(follow_up)

    items = []
    reader = _Reader(OIT, by_tab[OIT], problems, OIT_HEADERS, words=words)
    for number, row in reader.records():
        item = _record(OitItem, problems, OIT, number, code=reader.text(row, "รหัส"),
                       status=reader.parse(number, row, "สถานะ", choice(OIT_LABELS, "สถานะ"), OitStatus.NOT_STARTED),
                       link=reader.text(row, "ลิงก์"), owner_section=reader.text(row, "สายงาน") or None,
                       owner_text=reader.text(row, "ผู้รับผิดชอบ"), due_date=reader.parse(number, row, "กำหนดเสร็จ", any_date),
                       approved_by=reader.text(row, "ผู้อนุมัติ"), version=reader.parse(number, row, "ฉบับ", whole(1), 1))
        if item is not None and (OIT, item.code) in rows:
            problems.append(SheetProblem(OIT, number, "รหัส", item.code, f"รหัส {item.code} ซ้ำกับแถว "
                                         f"{rows[(OIT, item.code)]} — แถวนี้ไม่ได้อ่าน"))
        elif item is not None:
            items.append(item)
            rows[(OIT, item.code)] = number

    snapshots = []
    reader = _Reader(QUOTAS, by_tab[QUOTAS], problems, QUOTA_HEADERS, words=words)
    for number, row in reader.records():
        tool = reader.parse(number, row, "เครื่องมือ", choice({t.value: t for t in QuotaTool}, "เครื่องมือ"))
        count = reader.parse(number, row, "จำนวน", whole(0))
        taken = reader.parse(number, row, "ณ วันที่", any_date)
        if tool is None or count is None or taken is None:
            continue
        snapshot = _record(QuotaSnapshot, problems, QUOTAS, number, tool=tool, section=reader.text(row, "สายงาน") or None,
                           count=count, taken_on=taken, entered_by=reader.text(row, "บันทึกโดย"))
        if snapshot is not None:
            snapshots.append(snapshot)

    results = []
    reader = _Reader(RESULTS, by_tab[RESULTS], problems, RESULT_HEADERS, words=words)
    for number, row in reader.records():
        total = reader.parse(number, row, "คะแนนรวม", score)
        result_year = reader.parse(number, row, "ปีงบประมาณ", whole(2550, 2650))
        if total is None or result_year is None:
            continue
        result = _record(ItaResult, problems, RESULTS, number, fiscal_year=result_year, total=total,
                         iit=reader.parse(number, row, "IIT", score), eit=reader.parse(number, row, "EIT", score),
                         oit=reader.parse(number, row, "OIT", score), level=reader.text(row, "ระดับ"))
        if result is not None:
            results.append(result)

    data = UnitYearData(region=region, province=province, unit=unit, year=year, sections=sections, measures=measures,
                        follow_ups=follow_ups, oit_items=sorted(items, key=lambda i: int(i.code[1:])),
                        quota_snapshots=sorted(snapshots, key=lambda s: s.taken_on),
                        results=sorted(results, key=lambda r: r.fiscal_year))
    return data, [replace(p, tab=words.say(p.tab)) for p in problems], rows


def _record(model, problems: list[SheetProblem], tab: str, number: int, **fields):
    """The record, or None with one problem per invalid field (the row is left out)."""
    try:
        return model(**fields)
    except ValidationError as error:
        for issue in error.errors():
            name = str(issue["loc"][0]) if issue["loc"] else ""
            problems.append(SheetProblem(tab, number, name, str(fields.get(name, "")), "ค่าไม่ถูกต้อง จึงไม่ได้อ่านแถวนี้"))
        return None


# Every field of a measure and the column of the measures tab it is kept in, as measure_fields declares it (issue 33):
# the save writes, and the read reads, exactly these. A field with no column must be in KEPT_ELSEWHERE, and a save
# that changes it is refused naming it (tests/sheets/test_sheets_store.py checks Measure.model_fields against both).
MEASURE_COLUMNS = {field.name: field.column for field in MEASURE_FIELDS if field.column}
KEPT_ELSEWHERE: dict[str, str] = {}  # field → where it is kept instead (none now: every field has its column)
RESULT_FIELDS = ("achievement", "outcome")  # the results report's texts: in the database for a sheet without them


def results_in_sheet(columns) -> bool:
    """Whether a measures tab with these headers keeps the results report's texts (a sheet made before issue 33
    does not: they are kept in the database, on the sheet's measure)."""
    return all(MEASURE_COLUMNS.get(name) in columns for name in RESULT_FIELDS)


def plan_cells(m: Measure) -> dict[str, object]:
    """A measure's own columns (all but the monthly reports and the version) as the sheet shows them."""
    return {"รหัส": m.code, "ตัวชี้วัด": m.indicator, "ประเด็น": m.issue, "มาตรการ/กิจกรรม": m.activity,
            "ผลผลิต": m.output, "การสร้างการรับรู้": m.communication,
            "กำหนดเสร็จ": deadline_cell(m),
            "สายงาน": m.owner_section or "", "ผู้รับผิดชอบ": m.owner_text,
            "ความถี่": m.cadence_text or (thai(m.cadence) if m.cadence else ""),
            "เสร็จแล้ว": bool(m.done), "ยกเลิก": bool(m.retired),
            "วันเริ่ม": serial(m.start_date) if m.start_date else "", "ทุกสายงาน": bool(m.all_sections),
            "ผลการดำเนินการ": m.achievement, "ผลลัพธ์": m.outcome, "ข้อมูลอื่น": m.extra}


def deadline_cell(m: Measure):
    """A plain date as a date value (sortable, filterable, shown in the column's date format); a deadline in words
    ("ทุกวัน", "ภายใน มี.ค. 70") as its text."""
    if m.deadline and (not m.deadline_text or m.deadline_text == format_date(m.deadline)):
        return serial(m.deadline)
    return m.deadline_text or ""


def unit_rows(data: UnitYearData) -> dict[str, list[list]]:
    """Every tab's rows (headers first, in the words of the unit's kind) for a unit's year, by declared tab: what
    provisioning and export write."""
    year, unit = data.year, data.unit
    settings = [["รายการ", "ค่า"]] + [[key, value] for key, value in zip(SETTING_KEYS, (
        unit.code, unit.name, unit.short_name, thai(unit.kind), data.province.code, data.province.name, data.region.code,
        data.region.name, year.fiscal_year, year.template_key or "", "" if year.staff_count is None else year.staff_count,
        serial(year.plan_start) if year.plan_start else ""))]
    sections = [list(SECTION_HEADERS)] + [[s.code, s.name, s.head_name, ""] for s in data.sections]
    reports: dict[str, dict[Month, FollowUp]] = {}
    for f in data.follow_ups:
        reports.setdefault(f.measure_code, {})[Month.parse(f.month)] = f
    measures = [list(MEASURE_HEADERS)]
    for m in data.measures:
        mine = reports.get(m.code, {})
        latest = mine[max(mine)] if mine else None
        cells = {**plan_cells(m), "ฉบับ": m.version, **{
            header: thai(mine[month].status) if month in mine else ""
            for month, header in zip(fiscal_months(year.fiscal_year), MONTH_HEADERS)}}
        if latest is not None:
            cells.update({"ร้อยละ": "" if latest.percent is None else latest.percent, "หมายเหตุ": latest.note,
                          "ลิงก์หลักฐาน": latest.evidence_url})
        measures.append([cells.get(header, "") for header in MEASURE_HEADERS])
    items = [list(OIT_HEADERS)] + [[i.code, thai(i.status), i.link, i.owner_section or "", i.owner_text,
                                    serial(i.due_date) if i.due_date else "", i.approved_by, i.version]
                                   for i in data.oit_items]
    snapshots = [list(QUOTA_HEADERS)] + [[s.tool.value, s.section or "", s.count, serial(s.taken_on), s.entered_by]
                                         for s in data.quota_snapshots]
    results = [list(RESULT_HEADERS)] + [[r.fiscal_year, "" if r.iit is None else r.iit, "" if r.eit is None else r.eit,
                                         "" if r.oit is None else r.oit, r.total, r.level] for r in data.results]
    tabs = {SETTINGS: settings, SECTIONS: sections, MEASURES: measures, OIT: items, QUOTAS: snapshots, RESULTS: results}
    return {tab: said_rows(rows, words_of(unit.kind)) for tab, rows in tabs.items()}
