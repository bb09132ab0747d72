"""Setting up a unit's sheet, and copying a unit between the database and its sheet.

Provisioning asks at most four things of the Sheets API whatever the size of the plan: what tabs the spreadsheet
has and, when some are ours already, what they hold (one or two reads), one ``batchUpdate`` (missing tabs, header style, dropdowns for every status column,
colours for the statuses, and the protected ranges), and one ``values:batchUpdate`` with the headers and the
unit's data (rows left from before blanked). The
protections make the sheet enforce what the app enforces: the plan columns and the other tabs are the chief's;
each section's month, percent, note and link cells are its head's (by the e-mail in the users table) and the
chief's.
"""

from __future__ import annotations

from dataclasses import dataclass

from ita_dash.domain.accounts import User
from ita_dash.domain.model import FollowUpStatus, OitStatus, QuotaTool, Role, UnitYearData, thai
from ita_dash.domain.province import NO_SECTION

from . import layout

SHEET_IDS = {tab: 1000 + index for index, tab in enumerate(layout.TABS)}  # ours, so one batchUpdate can refer to them
ROWS = 1000  # rows covered by dropdowns and colours
STATUS_COLOURS = {
    FollowUpStatus.DONE: (0.84, 0.94, 0.88),
    FollowUpStatus.IN_PROGRESS: (0.99, 0.94, 0.77),
    FollowUpStatus.NOT_STARTED: (0.93, 0.94, 0.95),
    FollowUpStatus.BLOCKED: (0.98, 0.85, 0.85),
}


@dataclass(frozen=True)
class Provisioned:
    requests: int  # Sheets API requests made
    protected_sections: tuple[str, ...]
    sections_without_email: tuple[str, ...]  # protected for the chief only: nobody's e-mail to add


def _grid(tab: str, rows: tuple[int, int], columns: tuple[int, int], sheet_ids: dict[str, int]) -> dict:
    return {"sheetId": sheet_ids[tab], "startRowIndex": rows[0], "endRowIndex": rows[1],
            "startColumnIndex": columns[0], "endColumnIndex": columns[1]}


def _dropdown(tab: str, column: int, labels: list[str], sheet_ids: dict[str, int]) -> dict:
    return {"setDataValidation": {"range": _grid(tab, (1, ROWS), (column, column + 1), sheet_ids), "rule": {
        "condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": label} for label in labels]},
        "strict": True, "showCustomUi": True}}}


def ordered_for_sheet(data: UnitYearData) -> UnitYearData:
    """Measures grouped by section (in the unit's order, no section last), so each section's rows are one block
    that one protected range can cover."""
    order = {s.code: i for i, s in enumerate(data.sections)}
    measures = sorted(data.measures, key=lambda m: (order.get(m.owner_section or "", len(order)), m.code))
    return data.model_copy(update={"measures": measures})


def provision(http, spreadsheet_id: str, data: UnitYearData, users: list[User]) -> Provisioned:
    """Write the tabs, headers, dropdowns, colours, protections and the unit's data (``data``, possibly an empty
    year) into the spreadsheet. Existing tabs of ours are reused; their values are replaced."""
    data = ordered_for_sheet(data)
    existing = {s["properties"]["title"]: s["properties"]["sheetId"]
                for s in http.spreadsheets_get(spreadsheet_id).get("sheets", [])}
    sheet_ids = {tab: existing.get(tab, SHEET_IDS[tab]) for tab in layout.TABS}
    requests: list[dict] = []
    for index, tab in enumerate(layout.TABS):
        if tab not in existing:
            requests.append({"addSheet": {"properties": {"sheetId": sheet_ids[tab], "title": tab, "index": index,
                                                         "gridProperties": {"frozenRowCount": 1}}}})
        requests.append({"repeatCell": {"range": _grid(tab, (0, 1), (0, 40), sheet_ids), "fields":
                                        "userEnteredFormat(textFormat,backgroundColor)", "cell": {"userEnteredFormat": {
                                            "textFormat": {"bold": True},
                                            "backgroundColor": {"red": 0.95, "green": 0.96, "blue": 0.97}}}}})

    headers = layout.MEASURE_HEADERS
    months = [headers.index(h) for h in layout.MONTH_HEADERS]
    labels = [thai(s) for s in FollowUpStatus]
    requests += [_dropdown(layout.MEASURES, column, labels, sheet_ids) for column in months]
    requests.append(_dropdown(layout.OIT, layout.OIT_HEADERS.index("สถานะ"), [thai(s) for s in OitStatus], sheet_ids))
    requests.append(_dropdown(layout.QUOTAS, 0, [t.value for t in QuotaTool], sheet_ids))
    for status, (red, green, blue) in STATUS_COLOURS.items():
        requests.append({"addConditionalFormatRule": {"index": 0, "rule": {
            "ranges": [_grid(layout.MEASURES, (1, ROWS), (months[0], months[-1] + 1), sheet_ids)],
            "booleanRule": {"condition": {"type": "TEXT_EQ", "values": [{"userEnteredValue": thai(status)}]},
                            "format": {"backgroundColor": {"red": red, "green": green, "blue": blue}}}}}})

    chiefs = sorted(u.email for u in users if u.role is Role.CHIEF and u.unit_code == data.unit.code and u.email)
    heads: dict[str, list[str]] = {}
    for user in users:
        if user.role is Role.SECTION_HEAD and user.unit_code == data.unit.code and user.email and user.section_code:
            heads.setdefault(user.section_code, []).append(user.email)
    plan_end = len(layout.PLAN_HEADERS)
    reports = (months[0], headers.index("ลิงก์หลักฐาน") + 1)

    def protect(tab, rows, columns, description, editors):
        requests.append({"addProtectedRange": {"protectedRange": {
            "range": _grid(tab, rows, columns, sheet_ids), "description": description, "warningOnly": False,
            "editors": {"users": sorted(set(editors))}}}})

    protect(layout.MEASURES, (0, ROWS), (0, plan_end), "แผนมาตรการ: หัวหน้าหน่วย", chiefs)
    protect(layout.MEASURES, (0, 1), (0, len(headers)), "หัวตาราง", chiefs)
    protect(layout.MEASURES, (1, ROWS), (reports[1], len(headers)), "เสร็จแล้ว/ยกเลิก/ฉบับ: หัวหน้าหน่วย", chiefs)
    for tab in (layout.SETTINGS, layout.SECTIONS, layout.OIT, layout.QUOTAS, layout.RESULTS):
        protect(tab, (0, ROWS), (0, 40), f"{tab}: หัวหน้าหน่วย", chiefs)
    protected, without = [], []
    names = {s.code: s.name for s in data.sections}
    row = 1  # the first measure is on row 2 (index 1)
    for section in [s.code for s in data.sections] + [None]:
        count = sum(1 for m in data.measures if m.owner_section == section)
        if count == 0:
            continue
        editors = heads.get(section or "", [])
        name = names.get(section or "", NO_SECTION)
        protect(layout.MEASURES, (row, row + count), reports, f"รายงานรายเดือน: {name}", editors + chiefs)
        (protected if editors else without).append(name)
        row += count
    http.batch_update(spreadsheet_id, {"requests": requests})
    ours = [tab for tab in layout.TABS if tab in existing]
    write_values(http, spreadsheet_id, data, ours)
    return Provisioned(3 + bool(ours), tuple(protected), tuple(without))


def write_values(http, spreadsheet_id: str, data: UnitYearData, existing_tabs: list[str] | None = None) -> None:
    """Every tab's values: one read of what the existing tabs hold (to blank what the new data no longer covers)
    and one ``values:batchUpdate``."""
    existing_tabs = list(layout.TABS) if existing_tabs is None else existing_tabs
    old = {}
    if existing_tabs:
        answer = http.values_batch_get(spreadsheet_id, [layout.quoted(tab) for tab in existing_tabs])
        old = {tab: vr.get("values", []) for tab, vr in zip(existing_tabs, answer.get("valueRanges", []))}
    payload = []
    for tab, rows in layout.unit_rows(data).items():
        before = old.get(tab, [])
        width = max([len(r) for r in rows] + [len(r) for r in before])
        padded = [list(r) + [""] * (width - len(r)) for r in rows]
        padded += [[""] * width for _ in range(len(before) - len(rows))]
        payload.append({"range": layout.quoted(tab, "A1"), "values": padded})
    http.values_batch_update(spreadsheet_id, {"valueInputOption": "RAW", "data": payload})
