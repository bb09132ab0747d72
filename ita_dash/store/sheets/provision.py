"""Setting up a unit's sheet, and copying a unit between the database and its sheet.

Provisioning asks at most four things of the Sheets API whatever the size of the plan: what tabs, protections and
colour rules the spreadsheet has and, when some tabs are ours already, what they hold (one or two reads), one
``batchUpdate`` (locale th_TH, missing tabs, frozen header rows, header style, date formats, dropdowns, checkboxes,
colours, and the protected ranges, replacing an earlier run's), and one ``values:batchUpdate`` with the headers and
the unit's data (rows left from before blanked); then the Drive permissions (listed, and added for whoever lacks
them). The protections make the sheet enforce what the app enforces: the plan columns and the other tabs are the
chief's; each section's month, percent, note and link cells are its head's (by the e-mail in the users table) and
the chief's, on the rows that hold its measures (recomputed by ``sheets sync`` after a sort or new rows); the
service account is an editor of every protected range (the app writes through it).
"""

from __future__ import annotations

from dataclasses import dataclass

from ita_dash.domain.accounts import User
from ita_dash.domain.model import FollowUpStatus, OitStatus, QuotaTool, Role, UnitYearData, thai
from ita_dash.domain.wording import Words, words_of

from ..base import StoreError
from . import layout

SHEET_IDS = {tab: 1000 + index for index, tab in enumerate(layout.TABS)}  # ours, so one batchUpdate can refer to them
ROWS = 1000  # rows covered by dropdowns and colours
# Columns every tab of ours has. Google gives a new tab 1000 × 26 cells and refuses any write or format beyond them
# ("exceeds grid limits"); the measures tab has 28 headers, and people insert columns of their own.
COLUMNS = 40
STATUS_COLOURS = {
    FollowUpStatus.DONE: (0.84, 0.94, 0.88),
    FollowUpStatus.IN_PROGRESS: (0.99, 0.94, 0.77),
    FollowUpStatus.NOT_STARTED: (0.93, 0.94, 0.95),
    FollowUpStatus.BLOCKED: (0.98, 0.85, 0.85),
}


PREFIX = "ITA · "  # every protected range the app makes is described so: the app's own, replaced on each run
LEGACY = ("แผนมาตรการ: ", "หัวตาราง", "เสร็จแล้ว/ยกเลิก/ฉบับ: ", "รายงานรายเดือน: ")  # before the prefix (issue 16)
REPORTS = "รายงานรายเดือน: "
DATE_FORMAT = {"type": "DATE", "pattern": "d/m/yyyy"}  # th_TH locale; the reader accepts any display


@dataclass(frozen=True)
class Provisioned:
    requests: int  # Sheets API requests made
    protected_sections: tuple[str, ...]
    sections_without_email: tuple[str, ...]  # protected for the chief only: nobody's e-mail to add
    warnings: tuple[str, ...] = ()  # what still needs a person (a chief without an e-mail, sharing that failed)
    shared: tuple[str, ...] = ()  # e-mails given edit access to the file by this run


def _grid(tab: str, rows: tuple[int, int | None], columns: tuple[int, int], sheet_ids: dict[str, int]) -> dict:
    grid = {"sheetId": sheet_ids[tab], "startRowIndex": rows[0], "startColumnIndex": columns[0],
            "endColumnIndex": columns[1]}
    if rows[1] is not None:  # None: to the last row, whatever is appended later
        grid["endRowIndex"] = rows[1]
    return grid


def _dropdown(tab: str, column: int, labels: list[str], sheet_ids: dict[str, int]) -> dict:
    return {"setDataValidation": {"range": _grid(tab, (1, ROWS), (column, column + 1), sheet_ids), "rule": {
        "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": label} for label in labels]},
        "strict": True, "showCustomUi": True}}}


def _checkbox(tab: str, column: int, sheet_ids: dict[str, int]) -> dict:
    return {"setDataValidation": {"range": _grid(tab, (1, ROWS), (column, column + 1), sheet_ids),
                                  "rule": {"condition": {"type": "BOOLEAN"}, "strict": False}}}


def _sections_dropdown(tab: str, column: int, sheet_ids: dict[str, int], sections_title: str) -> dict:
    """The section codes of the สายงาน (กอง) tab, whatever sections are added there later."""
    return {"setDataValidation": {"range": _grid(tab, (1, ROWS), (column, column + 1), sheet_ids), "rule": {
        "condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": "=" + layout.quoted(sections_title,
                                                                                                    "$A$2:$A")}]},
        "strict": False, "showCustomUi": True}}}


def ours(protected: dict) -> bool:
    description = protected.get("description", "")
    return description.startswith(PREFIX) or description.startswith(LEGACY)


def ordered_for_sheet(data: UnitYearData) -> UnitYearData:
    """Measures grouped by section (in the unit's order, no section last): tidy, and few protected ranges. (The
    protections do not depend on it: they follow the rows wherever a sort puts them.)"""
    order = {s.code: i for i, s in enumerate(data.sections)}
    measures = sorted(data.measures, key=lambda m: (order.get(m.owner_section or "", len(order)), m.code))
    return data.model_copy(update={"measures": measures})


@dataclass(frozen=True)
class Editors:
    """Who may edit what: the chiefs (by e-mail), each section's heads, and the service account (always: the
    app writes through it, and a protected range must keep an editor)."""

    chiefs: tuple[str, ...]
    heads: dict[str, tuple[str, ...]]
    service: str

    @classmethod
    def of(cls, unit_code: str, users: list[User], service_email: str) -> Editors:
        chiefs = tuple(sorted({u.email for u in users if u.role is Role.CHIEF and u.unit_code == unit_code
                               and u.email and not u.disabled}))
        heads: dict[str, set[str]] = {}
        for user in users:
            if user.role is Role.SECTION_HEAD and user.unit_code == unit_code and user.email and user.section_code \
                    and not user.disabled:
                heads.setdefault(user.section_code, set()).add(user.email)
        return cls(chiefs, {code: tuple(sorted(emails)) for code, emails in heads.items()}, service_email)

    def chief_only(self) -> list[str]:
        return sorted({*self.chiefs, *([self.service] if self.service else [])})

    def section(self, code: str | None) -> list[str]:
        return sorted({*self.heads.get(code or "", ()), *self.chief_only()})

    def warnings(self) -> list[str]:
        notes = []
        if not self.chiefs:
            notes.append("หัวหน้าหน่วยยังไม่มีอีเมลในระบบ — ช่วงที่ป้องกันไว้แก้ได้เฉพาะบัญชีบริการของระบบ "
                         "(เพิ่มอีเมลของหัวหน้าหน่วยแล้วสั่ง sheets sync)")
        if not self.service:
            notes.append("ไม่รู้อีเมลของบัญชีบริการ (client_email ใน [connections.gsheets]) — ระบบอาจแก้ช่วงที่ป้องกันไม่ได้")
        return notes


def section_blocks(rows: list[list], header: list[str]) -> list[tuple[str | None, int, int]]:
    """(section code, first row index, end row index) of each run of consecutive measure rows of one section, from
    the มาตรการ tab as it is now (``rows`` with the header first). A row without a code belongs to no section."""
    header = [layout.declared(h) for h in header]
    code_at = header.index("รหัส") if "รหัส" in header else None
    section_at = header.index("สายงาน") if "สายงาน" in header else None
    blocks: list[tuple[str | None, int, int]] = []
    for index, row in enumerate(rows[1:], start=1):
        def text(i, row=row):
            return str(row[i]).strip() if i is not None and i < len(row) else ""
        if not text(code_at):
            continue
        section = text(section_at) or None
        if blocks and blocks[-1][0] == section and blocks[-1][2] == index:
            blocks[-1] = (section, blocks[-1][1], index + 1)
        else:
            blocks.append((section, index, index + 1))
    return blocks


def report_columns(header: list[str]) -> list[tuple[int, int]]:
    """The report cells' columns (the months, percent, note and link) as runs of consecutive columns, wherever
    they are now."""
    header = [layout.declared(h) for h in header]
    wanted = sorted(header.index(h) for h in (*layout.MONTH_HEADERS, "ร้อยละ", "หมายเหตุ", "ลิงก์หลักฐาน")
                    if h in header)
    runs: list[tuple[int, int]] = []
    for column in wanted:
        if runs and runs[-1][1] == column:
            runs[-1] = (runs[-1][0], column + 1)
        else:
            runs.append((column, column + 1))
    return runs


def section_protections(rows: list[list], sheet_id: int, sections: dict[str, str], editors: Editors,
                        words: Words = words_of(None)) -> list[dict]:
    """``addProtectedRange`` requests: each section's report cells, on the rows that hold its measures now, for its
    head(s), the chief and the service account; rows of no known section for the chief alone."""
    requests = []
    header = rows[0] if rows else []
    for section, first, end in section_blocks(rows, header):
        code = section if section in sections else None
        name = sections.get(section or "", words.no_section)
        for start_column, end_column in report_columns(header):
            requests.append({"addProtectedRange": {"protectedRange": {
                "range": {"sheetId": sheet_id, "startRowIndex": first, "endRowIndex": end,
                          "startColumnIndex": start_column, "endColumnIndex": end_column},
                "description": f"{PREFIX}{REPORTS}{name}", "warningOnly": False,
                "editors": {"users": editors.section(code)}}}})
    return requests


def provision(http, spreadsheet_id: str, data: UnitYearData, users: list[User], service_email: str = "") -> Provisioned:
    """Write the tabs, headers, dropdowns, checkboxes, colours, protections and the unit's data (``data``, possibly
    an empty year) into the spreadsheet, and share it with the unit's chief and heads. Existing tabs of ours are
    reused, their values replaced, and the protections and colour rules of an earlier run replaced: running it
    twice leaves the sheet as running it once."""
    data, words = ordered_for_sheet(data), words_of(data.unit.kind)
    book = http.spreadsheets_get(spreadsheet_id, params={
        "fields": "sheets(properties(sheetId,title,gridProperties),protectedRanges,conditionalFormats)"})
    titles = layout.tab_titles(s["properties"]["title"] for s in book.get("sheets", []))  # ours there, either words
    by_title = {s["properties"]["title"]: s["properties"] for s in book.get("sheets", [])}
    existing = {tab: by_title[title]["sheetId"] for tab, title in titles.items()}
    grids = {tab: by_title[title].get("gridProperties", {}) for tab, title in titles.items()}
    titles = {tab: titles.get(tab, words.say(tab)) for tab in layout.TABS}  # a new tab in the unit's words
    sheet_ids = {tab: existing.get(tab, SHEET_IDS[tab]) for tab in layout.TABS}
    editors = Editors.of(data.unit.code, users, service_email)
    labels = [thai(s) for s in FollowUpStatus]
    requests: list[dict] = [{"updateSpreadsheetProperties": {
        "properties": {"locale": "th_TH", "timeZone": "Asia/Bangkok"}, "fields": "locale,timeZone"}}]
    requests += _remove_ours(book, set(existing.get(tab) for tab in layout.TABS if tab in existing), labels)
    for index, tab in enumerate(layout.TABS):
        if tab not in existing:
            requests.append({"addSheet": {"properties": {"sheetId": sheet_ids[tab], "title": titles[tab], "index": index,
                                                         "gridProperties": {"frozenRowCount": 1, "rowCount": ROWS,
                                                                            "columnCount": COLUMNS}}}})
        else:
            for dimension, have, need in (("ROWS", grids[tab].get("rowCount", 1000), ROWS),
                                          ("COLUMNS", grids[tab].get("columnCount", 26), COLUMNS)):
                if have < need:  # a tab someone made narrower or shorter: widen it before formatting it
                    requests.append({"appendDimension": {"sheetId": sheet_ids[tab], "dimension": dimension,
                                                         "length": need - have}})
            requests.append({"updateSheetProperties": {"properties": {"sheetId": sheet_ids[tab],
                                                                      "gridProperties": {"frozenRowCount": 1}},
                                                       "fields": "gridProperties.frozenRowCount"}})
        requests.append({"repeatCell": {"range": _grid(tab, (0, 1), (0, COLUMNS), sheet_ids), "fields":
                                        "userEnteredFormat(textFormat,backgroundColor)", "cell": {"userEnteredFormat": {
                                            "textFormat": {"bold": True},
                                            "backgroundColor": {"red": 0.95, "green": 0.96, "blue": 0.97}}}}})
    for tab, header in ((layout.MEASURES, "กำหนดเสร็จ"), (layout.MEASURES, "วันเริ่ม"), (layout.OIT, "กำหนดเสร็จ"),
                        (layout.QUOTAS, "ณ วันที่")):
        column = layout.HEADERS[tab].index(header)
        requests.append({"repeatCell": {"range": _grid(tab, (1, ROWS), (column, column + 1), sheet_ids),
                                        "fields": "userEnteredFormat.numberFormat",
                                        "cell": {"userEnteredFormat": {"numberFormat": DATE_FORMAT}}}})

    headers = layout.MEASURE_HEADERS
    months = [headers.index(h) for h in layout.MONTH_HEADERS]
    requests += [_dropdown(layout.MEASURES, column, labels, sheet_ids) for column in months]
    requests += [_checkbox(layout.MEASURES, headers.index(h), sheet_ids) for h in ("เสร็จแล้ว", "ยกเลิก", "ทุกสายงาน")]
    requests.append(_sections_dropdown(layout.MEASURES, headers.index("สายงาน"), sheet_ids, titles[layout.SECTIONS]))
    requests.append(_sections_dropdown(layout.OIT, layout.OIT_HEADERS.index("สายงาน"), sheet_ids, titles[layout.SECTIONS]))
    requests.append(_dropdown(layout.OIT, layout.OIT_HEADERS.index("สถานะ"), [thai(s) for s in OitStatus], sheet_ids))
    requests.append(_dropdown(layout.QUOTAS, 0, [t.value for t in QuotaTool], sheet_ids))
    for status, (red, green, blue) in STATUS_COLOURS.items():
        requests.append({"addConditionalFormatRule": {"index": 0, "rule": {
            "ranges": [_grid(layout.MEASURES, (1, ROWS), (months[0], months[-1] + 1), sheet_ids)],
            "booleanRule": {"condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": thai(status)}]},
                            "format": {"backgroundColor": {"red": red, "green": green, "blue": blue}}}}}})

    plan_end = len(layout.PLAN_HEADERS)
    reports_end = headers.index("ลิงก์หลักฐาน") + 1

    def protect(tab, rows, columns, description, who):
        requests.append({"addProtectedRange": {"protectedRange": {
            "range": _grid(tab, rows, columns, sheet_ids), "description": PREFIX + description, "warningOnly": False,
            "editors": {"users": who}}}})

    chief = editors.chief_only()
    protect(layout.MEASURES, (0, None), (0, plan_end), "แผนมาตรการ: หัวหน้าหน่วย", chief)
    protect(layout.MEASURES, (0, 1), (plan_end, len(headers)), "หัวตาราง", chief)
    protect(layout.MEASURES, (1, None), (reports_end, len(headers)), "เสร็จแล้ว/ยกเลิก/ฉบับ: หัวหน้าหน่วย", chief)
    for tab in (layout.SETTINGS, layout.SECTIONS, layout.OIT, layout.QUOTAS, layout.RESULTS):
        protect(tab, (0, None), (0, COLUMNS), f"{titles[tab]}: หัวหน้าหน่วย", chief)
    rows = layout.unit_rows(data)[layout.MEASURES]
    sections = {s.code: s.name for s in data.sections}
    requests += section_protections(rows, sheet_ids[layout.MEASURES], sections, editors, words)
    protected, without = [], []
    for section in [s.code for s in data.sections] + [None]:
        if any(m.owner_section == section for m in data.measures):
            name = sections.get(section or "", words.no_section)
            (protected if editors.heads.get(section or "") else without).append(name)
    http.batch_update(spreadsheet_id, {"requests": requests})
    tabs_of_ours = [tab for tab in layout.TABS if tab in existing]
    write_values(http, spreadsheet_id, data, tabs_of_ours, titles)
    shared, warnings = share(http, spreadsheet_id, [*editors.chiefs, *sorted({e for v in editors.heads.values()
                                                                                for e in v})], words)
    return Provisioned(3 + bool(tabs_of_ours), tuple(protected), tuple(without),
                       tuple(editors.warnings() + warnings), tuple(shared))


def _remove_ours(book: dict, sheet_ids: set, labels: list[str]) -> list[dict]:
    """Requests deleting what an earlier run added: its protected ranges (by description) and its colour rules
    (a TEXT_EQ rule on a status label), last index first so the indexes stay right."""
    requests = []
    for sheet in book.get("sheets", []):
        sheet_id = sheet["properties"]["sheetId"]
        for protected in sheet.get("protectedRanges", []):
            if ours(protected):
                requests.append({"deleteProtectedRange": {"protectedRangeId": protected["protectedRangeId"]}})
        if sheet_id not in sheet_ids:
            continue
        for index in reversed(range(len(sheet.get("conditionalFormats", [])))):
            condition = sheet["conditionalFormats"][index].get("booleanRule", {}).get("condition", {})
            values = [v.get("userEnteredValue") for v in condition.get("values", [])]
            if condition.get("type") == "TEXT_EQ" and len(values) == 1 and values[0] in labels:
                requests.append({"deleteConditionalFormatRule": {"sheetId": sheet_id, "index": index}})
    return requests


def share(http, spreadsheet_id: str, emails: list[str], words: Words = words_of(None)) -> tuple[list[str], list[str]]:
    """Give these e-mails edit access to the file (Drive permissions through gspread's client), skipping those
    who have it: (shared now, warnings)."""
    emails = sorted(set(e for e in emails if e))
    if not emails:
        return [], []
    from gspread.exceptions import APIError

    try:
        have = {str(p.get("emailAddress", "")).lower() for p in http.list_permissions(spreadsheet_id)
                if p.get("role") in ("writer", "owner", "organizer", "fileOrganizer")}
    except APIError as error:
        return [], [f"อ่านรายชื่อผู้ที่แชร์ชีตไม่ได้ (HTTP {error.code}) — แชร์ชีตให้หัวหน้าหน่วยและ{words.section_head}เอง"]
    shared, warnings = [], []
    for email in emails:
        if email.lower() in have:
            continue
        try:
            http.insert_permission(spreadsheet_id, email, perm_type="user", role="writer", notify=False)
            shared.append(email)
        except APIError as error:
            warnings.append(f"แชร์ชีตให้ {email} ไม่สำเร็จ (HTTP {error.code}) — แชร์เองในชีต (ปุ่ม Share)")
    return shared, warnings


def sync_protections(http, spreadsheet_id: str, unit_code: str, users: list[User], service_email: str) -> list[str]:
    """Recompute the section report protections from the sheet's rows now (after a sort, new rows, a measure moved
    to another section): one read of the tabs and protections, one read of the values, one ``batchUpdate``
    replacing the app's report protections. Returns warnings."""
    book = http.spreadsheets_get(spreadsheet_id, params={
        "fields": "sheets(properties(sheetId,title),protectedRanges)"})
    ids = {s["properties"]["title"]: s["properties"]["sheetId"] for s in book.get("sheets", [])}
    titles = layout.tab_titles(ids)  # the sections tab may be "กอง"
    if layout.MEASURES not in titles or layout.SECTIONS not in titles:
        raise StoreError(f"ชีตไม่มีแท็บ {layout.MEASURES} หรือ {' / '.join(layout.spellings(layout.SECTIONS))} — "
                         "สั่ง sheets provision ก่อน")
    answer = http.values_batch_get(spreadsheet_id, [layout.quoted(titles[tab]) for tab in
                                                    (layout.MEASURES, layout.SECTIONS, layout.SETTINGS)
                                                    if tab in titles])
    measures, sections, *settings = [vr.get("values", []) for vr in answer.get("valueRanges", [])]
    names = {}
    for row in sections[1:]:
        if row and str(row[0]).strip():
            names[str(row[0]).strip()] = str(row[1]).strip() if len(row) > 1 and str(row[1]).strip() else str(row[0])
    editors = Editors.of(unit_code, users, service_email)
    requests = [{"deleteProtectedRange": {"protectedRangeId": p["protectedRangeId"]}}
                for sheet in book.get("sheets", []) for p in sheet.get("protectedRanges", [])
                if ours(p) and p.get("description", "").removeprefix(PREFIX).startswith(REPORTS)]
    requests += section_protections(measures, ids[titles[layout.MEASURES]], names, editors,
                                    layout.words_in(settings[0] if settings else []))
    if requests:
        http.batch_update(spreadsheet_id, {"requests": requests})
    return editors.warnings()


def add_missing_columns(http, spreadsheet_id: str, kept: dict[str, dict[str, str]] | None = None) -> list[str]:
    """The measures tab's columns a sheet made before lacks (``layout.LATER_HEADERS``, issue 33), added after its
    last header with, in the same ``values:batchUpdate``, the results report's texts the database kept for its
    measures until then (``kept``: code → field → text), so nothing kept is lost and no cell moves. The tab is
    widened first when it is too narrow. Nothing is written when no column is missing. Returns the headers added."""
    book = http.spreadsheets_get(spreadsheet_id, params={"fields": "sheets(properties(sheetId,title,gridProperties))"})
    tabs = {s["properties"]["title"]: s["properties"] for s in book.get("sheets", [])}
    if layout.MEASURES not in tabs:
        raise StoreError(f"ชีตไม่มีแท็บ {layout.MEASURES} — สั่ง sheets provision ก่อน")
    wanted = [layout.MEASURES, *([layout.SETTINGS] if layout.SETTINGS in tabs else [])]
    rows, *settings = [vr.get("values") or [] for vr in http.values_batch_get(
        spreadsheet_id, [layout.quoted(tab) for tab in wanted],
        params={"valueRenderOption": "FORMATTED_VALUE"}).get("valueRanges", [])]
    header = [layout.declared(h) for h in (rows[0] if rows else [])]
    missing = [h for h in layout.LATER_HEADERS if h not in header]
    if not missing:
        return []
    start, code_at = len(header), header.index("รหัส") if "รหัส" in header else None
    width = tabs[layout.MEASURES].get("gridProperties", {}).get("columnCount", 26)
    if width < start + len(missing):
        http.batch_update(spreadsheet_id, {"requests": [{"appendDimension": {
            "sheetId": tabs[layout.MEASURES]["sheetId"], "dimension": "COLUMNS", "length": start + len(missing) - width}}]})
    fields = {layout.MEASURE_COLUMNS[name]: name for name in layout.RESULT_FIELDS}
    values = [[layout.words_in(settings[0] if settings else []).say(h) for h in missing]]  # in the unit's words
    for row in rows[1:]:
        code = str(row[code_at]).strip() if code_at is not None and code_at < len(row) else ""
        texts = (kept or {}).get(code, {})
        values.append([texts.get(fields[name], "") if name in fields else "" for name in missing])
    http.values_batch_update(spreadsheet_id, {"valueInputOption": "RAW", "data": [{
        "range": layout.quoted(layout.MEASURES, f"{layout.column_letter(start)}1"), "values": values}]})
    return missing


def write_values(http, spreadsheet_id: str, data: UnitYearData, existing_tabs: list[str] | None = None,
                 titles: dict[str, str] | None = None) -> None:
    """Every tab's values: one read of what the existing tabs hold (to blank what the new data no longer covers)
    and one ``values:batchUpdate``. ``titles``: a tab's title in the spreadsheet when not the declared one."""
    existing_tabs = list(layout.TABS) if existing_tabs is None else existing_tabs
    titles = titles or {}
    old = {}
    if existing_tabs:
        answer = http.values_batch_get(spreadsheet_id, [layout.quoted(titles.get(tab, tab)) for tab in existing_tabs])
        old = {tab: vr.get("values", []) for tab, vr in zip(existing_tabs, answer.get("valueRanges", []))}
    payload = []
    for tab, rows in layout.unit_rows(data).items():
        before = old.get(tab, [])
        width = max([len(r) for r in rows] + [len(r) for r in before])
        padded = [list(r) + [""] * (width - len(r)) for r in rows]
        padded += [[""] * width for _ in range(len(before) - len(rows))]
        payload.append({"range": layout.quoted(titles.get(tab, tab), "A1"), "values": padded})
    http.values_batch_update(spreadsheet_id, {"valueInputOption": "RAW", "data": payload})


def check_sheet(http, spreadsheet_id: str, unit_code: str, fiscal_year: int, users: list[User],
                service_email: str) -> list[str]:
    """What is wrong with a unit's sheet, one Thai line each (empty: nothing): access, tabs, headers (missing,
    renamed, twice), codes twice, merged cells in the section column, protections (the service account among the
    editors of every protected range; each section's report cells protected for exactly its head(s) and the chief,
    on the rows holding its measures now) and sharing (the chief and heads may edit the file)."""
    from . import faults

    try:
        book = http.spreadsheets_get(spreadsheet_id, params={
            "fields": "sheets(properties(sheetId,title),protectedRanges,merges)"})
    except faults.GOOGLE_ERRORS as error:
        return [faults.describe(error, service_email, spreadsheet_id)[1]]
    found: list[str] = []
    by_title = {s["properties"]["title"]: s for s in book.get("sheets", [])}
    titles = layout.tab_titles(by_title)  # the sections tab: "สายงาน" or "กอง"
    sheets = {tab: by_title[title] for tab, title in titles.items()}
    present = [tab for tab in layout.TABS if tab in sheets]
    try:
        answer = http.values_batch_get(spreadsheet_id, [layout.quoted(titles[tab]) for tab in present])
    except faults.GOOGLE_ERRORS as error:
        return found + [faults.describe(error, service_email, spreadsheet_id)[1]]
    values = dict(zip(present, (vr.get("values", []) for vr in answer.get("valueRanges", []))))
    words = layout.words_in(values.get(layout.SETTINGS, []))
    found += [f"ไม่มีแท็บ “{words.say(tab)}” (ถูกเปลี่ยนชื่อหรือลบ) — ตั้งชื่อกลับ หรือสั่ง sheets provision"
              for tab in layout.TABS if tab not in sheets]
    import datetime as dt

    _, problems, _ = layout.read_unit([{"values": values.get(tab, [])} for tab in layout.TABS], fiscal_year,
                                      dt.datetime.now(dt.UTC))
    found += [p.text() for p in problems if (p.row == 1 and p.tab in {words.say(t) for t in present})
              or "ซ้ำ" in p.message]
    if values.get(layout.MEASURES):
        have = {layout.declared(h) for h in values[layout.MEASURES][0]}
        if later := [words.say(h) for h in layout.LATER_HEADERS if h not in have]:
            found.append(f"แท็บ {layout.MEASURES} ยังไม่มีคอลัมน์ {', '.join(later)} (ชีตที่สร้างก่อนมีคอลัมน์เหล่านี้ — อ่านได้ "
                         "แต่แก้ค่าเหล่านี้จากแอปไม่ได้) — สั่ง python -m ita_dash sheets sync เพื่อเพิ่มคอลัมน์")
    if unit_code and values.get(layout.SETTINGS):
        settings = {str(r[0]).strip(): str(r[1]).strip() for r in values[layout.SETTINGS] if len(r) > 1}
        if settings.get("รหัสหน่วย") and settings["รหัสหน่วย"] != unit_code:
            found.append(f"แท็บ ตั้งค่า บอกว่าเป็นชีตของหน่วย {settings['รหัสหน่วย']} ไม่ใช่ {unit_code}")

    measures = values.get(layout.MEASURES, [])
    header = [layout.declared(h) for h in (measures[0] if measures else [])]
    if layout.MEASURES in sheets and "สายงาน" in header:
        column = header.index("สายงาน")
        for merge in sheets[layout.MEASURES].get("merges", []):
            if merge.get("startColumnIndex", 0) <= column < merge.get("endColumnIndex", 0):
                found.append(words.say(
                    f"แท็บ {layout.MEASURES} มีช่องผสาน (merge) ในคอลัมน์ สายงาน แถว {merge.get('startRowIndex', 0) + 1}"
                    f"–{merge.get('endRowIndex', 0)} — แถวที่ถูกผสานจะถูกอ่านเป็น “{words.no_section}”: "
                    "ยกเลิกการผสานแล้วใส่รหัสสายงานทุกแถว"))
    if layout.SECTIONS in sheets and sheets[layout.SECTIONS].get("merges"):
        found.append(f"แท็บ {titles[layout.SECTIONS]} มีช่องผสาน (merge) — ยกเลิกการผสานให้หนึ่งแถวเป็นหนึ่ง{words.section}")

    editors = Editors.of(unit_code, users, service_email)
    protected = [p for s in sheets.values() for p in s.get("protectedRanges", [])]
    if service_email:
        for p in protected:
            if service_email not in p.get("editors", {}).get("users", []):
                found.append(f"ช่วงที่ป้องกัน “{p.get('description', '')}” ไม่มีบัญชีบริการ {service_email} "
                             "เป็นผู้แก้ไข — ระบบจะบันทึกลงช่วงนี้ไม่ได้: สั่ง sheets sync หรือ sheets provision")
    if layout.MEASURES in sheets and measures:
        sections = {}
        for row in values.get(layout.SECTIONS, [])[1:]:
            if row and str(row[0]).strip():
                code = str(row[0]).strip()
                sections[code] = str(row[1]).strip() if len(row) > 1 and str(row[1]).strip() else code
        want = section_protections(measures, sheets[layout.MEASURES]["properties"]["sheetId"], sections, editors, words)
        key = lambda p: (p["range"].get("startRowIndex"), p["range"].get("endRowIndex"),  # noqa: E731
                         p["range"].get("startColumnIndex"), p["range"].get("endColumnIndex"),
                         tuple(sorted(p.get("editors", {}).get("users", []))))
        have = {key(p) for p in sheets[layout.MEASURES].get("protectedRanges", [])
                if ours(p) and p.get("description", "").removeprefix(PREFIX).startswith(REPORTS)}
        wrong = [r["addProtectedRange"]["protectedRange"] for r in want
                 if key(r["addProtectedRange"]["protectedRange"]) not in have]
        if wrong or len(have) != len(want):
            names = sorted({p["description"].removeprefix(PREFIX).removeprefix(REPORTS) for p in wrong})
            found.append(f"การป้องกันช่องรายงานรายเดือนไม่ตรงกับแถวของแต่ละ{words.section}ตอนนี้ (เช่นหลังเรียงแถวหรือเพิ่มแถว)"
                         + (f": {', '.join(names)}" if names else "") + " — สั่ง python -m ita_dash sheets sync")
    found += [w for w in editors.warnings()]
    people = [*editors.chiefs, *sorted({e for v in editors.heads.values() for e in v})]
    if people:
        try:
            have = {str(p.get("emailAddress", "")).lower() for p in http.list_permissions(spreadsheet_id)
                    if p.get("role") in ("writer", "owner", "organizer", "fileOrganizer")}
            found += [f"ยังไม่ได้แชร์ชีตให้ {email} เป็นผู้แก้ไข — สั่ง sheets provision หรือแชร์เอง"
                      for email in people if email.lower() not in have]
        except faults.GOOGLE_ERRORS as error:
            found.append("อ่านรายชื่อผู้ที่แชร์ชีตไม่ได้ — " + faults.describe(error, service_email, spreadsheet_id)[1])
    return found
