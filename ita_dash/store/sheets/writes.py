"""Writing one row of a unit's sheet: finding it by code under the headers where they are now (either spelling of
a local administration's words), rewriting the cells that change with the version checked, appending a row, and
making sure of a write whose answer was lost. :class:`RowWrites` is the part of :class:`SheetsStore` that does it
(it stands on the store's ``source``, ``sql`` and the words of each sheet's unit)."""

from __future__ import annotations

from dataclasses import dataclass

from ita_dash.domain.model import Actor, Measure
from ita_dash.domain.permissions import check_report
from ita_dash.domain.wording import Words, words_of

from ..base import NotFound, StaleVersion, StoreError
from . import faults, layout


class SheetLayoutError(StoreError):
    """A save refused because the sheet's layout is not what the save needs (a header missing, renamed or twice,
    a code twice): the message names the tab and the header or rows."""


def section_now(actor: Actor, unit_code: str, measure: Measure):
    """A check of a report on the measure's row: the measure's section as the sheet says now (it may have been
    moved since the read) must be one the actor may report for."""
    def check(cell: dict) -> None:
        if cell["สายงาน"] != (measure.owner_section or ""):
            check_report(actor, unit_code, measure.model_copy(update={"owner_section": cell["สายงาน"] or None}))
    return check


@dataclass(frozen=True)
class _Located:
    row: int  # the sheet's row number of the code
    columns: dict[str, int]  # header → its column index now
    cells: dict[str, str]  # header → the row's formatted value


class RowWrites:
    """Row-level reads and writes of the sheets (mixed into :class:`SheetsStore`)."""

    source: object  # SheetsSource
    sql: object  # SqlStore
    _words: dict[str, Words]

    def _call(self, spreadsheet_id: str, doing: str, request):
        """One request to Google; any failure becomes a Thai refusal saying what to do."""
        try:
            return request()
        except faults.GOOGLE_ERRORS as error:
            kind, message = faults.describe(error, self.source.service_email, spreadsheet_id)
            raise faults.SheetsFailure(f"{doing}ไม่สำเร็จ — {message}", kind) from None

    def _locate(self, spreadsheet_id: str, tab: str, code: str, needed: tuple[str, ...]) -> _Located:
        """One read of the whole tab: its header row (columns found by name, wherever they are now) and the one row
        holding ``code``. Refused with the tab and header named when a needed header is missing or duplicated, or
        the code is not there or there twice."""
        self.source.wait_for_quota()  # a read like any other: within Google's read quota
        title, say = self._title(spreadsheet_id, tab), self._say(spreadsheet_id)
        answer = self._call(spreadsheet_id, "อ่านชีตก่อนบันทึก", lambda: self.source.http.values_get(
            spreadsheet_id, layout.quoted(title), params={"valueRenderOption": "FORMATTED_VALUE"}))
        rows = answer.get("values") or []
        header = [layout.declared(h) for h in rows[0]] if rows else []  # either spelling (สายงาน, กอง)
        columns = {}
        for name in dict.fromkeys(("รหัส", "ฉบับ", *needed)):
            found = [i for i, h in enumerate(header) if h == name]
            if not found:
                raise SheetLayoutError(f"ยังไม่ได้บันทึก: แท็บ {title} ของชีตไม่มีหัวคอลัมน์ “{say(name)}” (อาจถูกเปลี่ยนชื่อหรือ"
                                       f"ลบ) — ตั้งชื่อหัวคอลัมน์กลับเป็น “{say(name)}” แล้วบันทึกอีกครั้ง")
            if len(found) > 1:
                letters = ", ".join(layout.column_letter(i) for i in found)
                raise SheetLayoutError(f"ยังไม่ได้บันทึก: แท็บ {title} มีหัวคอลัมน์ “{say(name)}” ซ้ำกัน (คอลัมน์ {letters}) — "
                                       "ลบหรือเปลี่ยนชื่อคอลัมน์ที่เกินออกแล้วบันทึกอีกครั้ง")
            columns[name] = found[0]

        def text(row: list, index: int) -> str:
            return str(row[index]).strip() if index < len(row) else ""

        matches = [number for number, row in enumerate(rows[1:], start=2) if text(row, columns["รหัส"]) == code]
        if not matches:
            raise NotFound(f"ยังไม่ได้บันทึก: ไม่พบรหัส {code} ในแท็บ {title} ของชีต (แถวอาจถูกลบหรือรหัสถูกแก้)")
        if len(matches) > 1:
            raise SheetLayoutError(f"ยังไม่ได้บันทึก: รหัส {code} มีซ้ำกัน {len(matches)} แถวในแท็บ {title} (แถว "
                                   f"{', '.join(map(str, matches))}) — แก้ในชีตให้เหลือแถวเดียวแล้วบันทึกอีกครั้ง")
        row = rows[matches[0] - 1]
        return _Located(matches[0], columns, {name: text(row, i) for name, i in columns.items()})

    def _title(self, spreadsheet_id: str, tab: str) -> str:
        """The tab's title in this spreadsheet (a local administration's sections tab may be "กอง")."""
        return self.source.titles(spreadsheet_id).get(tab, tab)

    def _say(self, spreadsheet_id: str):
        """Our labels in the words of the sheet's unit (กอง for a local administration)."""
        return self._words.get(spreadsheet_id, words_of(None)).say

    def _rewrite_row(self, actor: Actor, unit_code: str, spreadsheet_id: str, fiscal_year: int, tab: str,
                     code: str, conflict, new: dict[str, object], key: str, check=None,
                     also: tuple[str, ...] = ()) -> int:
        """One read of the tab as it is now (:meth:`_locate`; refused with StaleVersion if ``conflict(cells,
        version)``, and ``check(cells)`` may refuse too), then one ``values:batchUpdate`` of the cells that change
        and the version, each addressed by where its header is now. A write whose answer is lost is reconciled
        with one more read. Returns the new version."""
        located = self._locate(spreadsheet_id, tab, code, (*new, *also))
        cell = located.cells
        version = int(cell["ฉบับ"]) if cell["ฉบับ"].isdigit() else 1
        if conflict(cell, version):
            raise StaleVersion(None)
        if check is not None:
            check(cell)
        changed = {name: value for name, value in {**new, "ฉบับ": version + 1}.items()
                   if not layout.holds(name, cell[name], value)}
        data = [{"range": layout.quoted(self._title(spreadsheet_id, tab),
                                        f"{layout.column_letter(located.columns[name])}{located.row}"),
                 "values": [[value]]} for name, value in changed.items()]
        try:
            self.source.http.values_batch_update(spreadsheet_id, {"valueInputOption": "RAW", "data": data})
        except faults.GOOGLE_ERRORS as error:
            self.source.forget(spreadsheet_id, fiscal_year)
            kind, message = faults.describe(error, self.source.service_email, spreadsheet_id)
            if not faults.answer_lost(error):
                raise faults.SheetsFailure(f"บันทึกลงชีตไม่สำเร็จ — {message}", kind) from None
            self._reconcile(spreadsheet_id, tab, code, changed)  # refuses unless the new values are there
        self.source.forget(spreadsheet_id, fiscal_year)
        self.sql.record_sheet_edit(actor, unit_code, key,
                                   {name: (cell[name], layout.audit_text(name, value)) for name, value in changed.items()
                                    if name != "ฉบับ"})
        return version + 1

    def _reconcile(self, spreadsheet_id: str, tab: str, code: str, changed: dict[str, object]) -> None:
        """The answer to a write was lost: read the row again; the write went through if every changed cell holds
        its new value (then the caller writes the audit line, once), else refuse with "try again"."""
        try:
            again = self._locate(spreadsheet_id, tab, code, tuple(changed))
        except StoreError:
            raise faults.SheetsFailure("ไม่แน่ใจว่าบันทึกลงชีตแล้วหรือไม่ (Google ไม่ตอบกลับ) — เปิดหน้านี้ใหม่ "
                                       "ตรวจสอบค่าล่าสุด แล้วบันทึกอีกครั้งถ้ายังไม่เปลี่ยน") from None
        if any(not layout.holds(name, again.cells[name], value) for name, value in changed.items()):
            raise faults.SheetsFailure("บันทึกลงชีตไม่สำเร็จ (Google ไม่ตอบกลับและค่าในชีตยังไม่เปลี่ยน) — "
                                       "โปรดลองบันทึกอีกครั้ง")

    def _append_row(self, spreadsheet_id: str, tab: str, cells: dict[str, object], doing: str,
                    code: str | None = None) -> None:
        """One read of the tab's header row, then the row appended with each value under its header wherever that
        is now (refused, naming the header, when one is missing or twice). When the append's answer is lost, a
        row with a ``code`` is looked for (found: it went in); one without is refused as uncertain."""
        self.source.wait_for_quota()
        title, say = self._title(spreadsheet_id, tab), self._say(spreadsheet_id)
        answer = self._call(spreadsheet_id, doing, lambda: self.source.http.values_get(
            spreadsheet_id, layout.quoted(title, "1:1"), params={"valueRenderOption": "FORMATTED_VALUE"}))
        header = [layout.declared(h) for h in ((answer.get("values") or [[]])[0])]
        for name in cells:
            if header.count(name) != 1:
                what = "ไม่มี" if name not in header else "มีซ้ำกันของ"
                raise SheetLayoutError(f"ยังไม่ได้บันทึก: แท็บ {title} ของชีต{what}หัวคอลัมน์ “{say(name)}” — "
                                       "แก้หัวคอลัมน์ในชีตให้ตรงกับเดิมแล้วบันทึกอีกครั้ง")
        row = [cells.get(name, "") if name in cells else None for name in header]
        while row and row[-1] is None:
            row.pop()
        try:
            self.source.http.values_append(
                spreadsheet_id, layout.quoted(title, "A1"), params={"valueInputOption": "RAW",
                                                                  "insertDataOption": "INSERT_ROWS"},
                body={"values": [["" if value is None else value for value in row]]})
        except faults.GOOGLE_ERRORS as error:
            kind, message = faults.describe(error, self.source.service_email, spreadsheet_id)
            if not faults.answer_lost(error):
                raise faults.SheetsFailure(f"{doing}ไม่สำเร็จ — {message}", kind) from None
            if code is None:  # nothing identifies the row: say so rather than risk adding it twice
                raise faults.SheetsFailure(f"ไม่แน่ใจว่า{doing}แล้วหรือไม่ (Google ไม่ตอบกลับ) — เปิดชีตตรวจสอบก่อน"
                                           "บันทึกอีกครั้ง") from None
            try:  # the answer was lost: the row went in if its code is there now
                self._locate(spreadsheet_id, tab, code, ())
            except NotFound:
                raise faults.SheetsFailure(f"{doing}ไม่สำเร็จ (Google ไม่ตอบกลับและยังไม่มีแถวนี้ในชีต) — "
                                           "โปรดลองอีกครั้ง") from None
            except StoreError:
                raise faults.SheetsFailure(f"ไม่แน่ใจว่า{doing}แล้วหรือไม่ (Google ไม่ตอบกลับ) — เปิดหน้านี้ใหม่ "
                                           "ตรวจสอบ แล้วบันทึกอีกครั้งถ้ายังไม่มี") from None
