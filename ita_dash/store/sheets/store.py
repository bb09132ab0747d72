"""The store when some units keep their year in a Google Sheet: everything goes to the SQL store (the units and
provinces, accounts, audit trail, the other units' years) except the unit-years the registry (``unit_sheet``)
links to a spreadsheet, which are read from and written to that sheet.

Reading a linked unit is one ``values:batchGet`` kept for the TTL; saving a monthly report re-reads the row (one
request), refuses if someone changed it since the form was filled, and writes only the changed cells (one
``values:batchUpdate``). The audit line of the save goes to the database, which also moves the data version on.
"""

from __future__ import annotations

import datetime as dt

from ita_dash.domain.entries import (
    FollowUpEntry,
    InvalidEntry,
    MeasureEntry,
    OitEntry,
    follow_up_errors,
    measure_errors,
    oit_errors,
)
from ita_dash.domain.evidence import result_text_errors
from ita_dash.domain.fields import label_of
from ita_dash.domain.fiscal import Month, fiscal_months
from ita_dash.domain.model import Actor, FollowUp, Measure, OitItem, QuotaSnapshot, Section, UnitYearData, thai
from ita_dash.domain.permissions import APPROVAL, check_edit_measure, check_edit_oit, check_manage_unit, check_report
from ita_dash.domain.province import UnitFigures, figures_of
from ita_dash.domain.status import assess_unit
from ita_dash.domain.thaidate import now_recorded, today_bangkok
from ita_dash.domain.wording import Words, words_of

from ..base import NotFound, StoreError
from ..sql import SqlStore
from . import faults, layout
from .source import SheetRead, SheetsSource
from .writes import RowWrites, SheetLayoutError, section_now  # noqa: F401 - SheetLayoutError: the store's refusal

READ_ONLY = ("หน่วยนี้เก็บข้อมูลปีนี้ใน Google Sheet — นำเข้าแผนทั้งชุดด้วยการวางแถวในแท็บ มาตรการ ของชีต "
             "(จากแอปเพิ่มหรือแก้ไขได้ทีละมาตรการ)")


class SheetsStore(RowWrites):
    """:class:`ita_dash.store.base.Store` over a SQL store and the units' Google Sheets."""

    def __init__(self, sql: SqlStore, source: SheetsSource, configured: dict[tuple[str, int], str] | None = None):
        """``configured``: unit-years linked in the settings (``[connections.gsheets.units]``), beside the ones
        linked in the database with ``python -m ita_dash sheets link``; the settings win."""
        self.sql, self.source = sql, source
        self.configured = dict(configured or {})
        self._links: tuple[int, dict] | None = None
        self._words: dict[str, Words] = {}  # spreadsheet → the words of its unit's kind (its messages say กอง or สายงาน)

    def __getattr__(self, name):  # everything not about a linked unit-year is the SQL store's
        return getattr(self.sql, name)

    # -- the registry ----------------------------------------------------------------------------------------
    def links(self, version: int | None = None) -> dict[tuple[str, int], str]:
        """Every linked unit-year, re-read from the database when its change counter has moved."""
        version = self.sql.data_version() if version is None else version
        if self._links is None or self._links[0] != version:
            self._links = (version, {**self.sql.sheet_links(), **self.configured})
        return self._links[1]

    def spreadsheet(self, unit_code: str, fiscal_year: int) -> str | None:
        return self.links().get((unit_code, fiscal_year))

    def data_version(self) -> int:
        """The database's counter; with sheets linked, also the sheets' generation, which moves when a kept read
        outlives its TTL: what people type into a sheet reaches the pages within one TTL, and a rerun inside it
        asks Google nothing."""
        version = self.sql.data_version()
        if not self.links(version):
            return version
        return version * 10**12 + self.source.generation()  # (counter, generation), as one number

    def change_key(self) -> tuple:
        """The database's counters (read as the SQL store reads them: no query when nothing was written) and, with
        sheets linked, the sheets' generation."""
        key = self.sql.change_key()
        return (*key, self.source.generation()) if self.links(key[0]) else key

    def unit_change_key(self, unit_code: str) -> tuple:
        key = self.sql.unit_change_key(unit_code)
        return (*key, self.source.generation()) if self.links(self.sql.change_key()[0]) else key

    # -- reads -----------------------------------------------------------------------------------------------
    def _read(self, actor: Actor, unit_code: str, fiscal_year: int) -> SheetRead | None:
        spreadsheet_id = self.spreadsheet(unit_code, fiscal_year)
        if spreadsheet_id is None:
            return None
        unit = self.sql.get_unit(actor, unit_code)  # NotFound, or NotAllowed for a unit the actor may not read
        self._words[spreadsheet_id] = words_of(unit.kind)
        read = self.source.read(spreadsheet_id, fiscal_year)
        if read.data.unit.code != unit_code:
            raise StoreError(f"ชีต {spreadsheet_id} เป็นของหน่วย {read.data.unit.code} ไม่ใช่ {unit_code} — "
                             "ตรวจสอบรหัสหน่วยในแท็บ ตั้งค่า")
        return read

    def sheet_read(self, actor: Actor, unit_code: str, fiscal_year: int) -> SheetRead | None:
        """The last read of the unit's sheet (its problems, whether it is stale); None for a unit in the database."""
        return self._read(actor, unit_code, fiscal_year)

    def load_unit_year(self, actor: Actor, unit_code: str, fiscal_year: int) -> UnitYearData:
        read = self._read(actor, unit_code, fiscal_year)
        if read is None:
            return self.sql.load_unit_year(actor, unit_code, fiscal_year)
        sql = self.sql.load_unit_year(actor, unit_code, fiscal_year)  # the unit's place in the tree, its results
        return read.data.model_copy(update={"unit": sql.unit, "province": sql.province, "region": sql.region,
                                            "results": read.data.results or sql.results,
                                            "measures": self._with_kept_texts(read, sql.measures),
                                            "sections": self._with_known_heads(read.data.sections, sql.sections)})

    @staticmethod
    def _with_known_heads(sections: list[Section], known: list[Section]) -> list[Section]:
        """The sheet's sections; one whose head the sheet leaves blank named as the database knows it (the accounts
        file names each section head: issue 34)."""
        heads = {s.code: s.head_name for s in known if s.head_name}
        return [s if s.head_name.strip() or s.code not in heads else s.model_copy(update={"head_name": heads[s.code]})
                for s in sections]

    @staticmethod
    def _with_kept_texts(read: SheetRead, kept: list[Measure]) -> list[Measure]:
        """The sheet's measures; on a sheet made before the results report's columns (issue 33), with the texts
        the database keeps for them (``kept``: the database's measures of the unit-year)."""
        if layout.results_in_sheet(read.measure_columns):
            return read.data.measures
        written = {m.code: m for m in kept}
        return [m.model_copy(update={name: getattr(written[m.code], name) for name in layout.RESULT_FIELDS})
                if m.code in written else m for m in read.data.measures]

    def fiscal_years(self, actor: Actor, unit_code: str) -> list[int]:
        years = set(self.sql.fiscal_years(actor, unit_code))
        years |= {year for (code, year) in self.links() if code == unit_code}
        return sorted(years, reverse=True)

    def follow_up(self, actor: Actor, unit_code: str, fiscal_year: int, code: str, month: str) -> FollowUp | None:
        read = self._read(actor, unit_code, fiscal_year)
        if read is None:
            return self.sql.follow_up(actor, unit_code, fiscal_year, code, month)
        return next((f for f in read.data.follow_ups if f.measure_code == code and f.month == month), None)

    def sheets_to_read(self, fiscal_year: int, unit_codes: list[str]) -> list[tuple[str, int]]:
        """The linked sheets among these units (ones the caller may read: a page's own unit list) that have no fresh
        read kept; a page shows progress while they are read."""
        links = self.links()
        keys = [(links[(code, fiscal_year)], fiscal_year) for code in unit_codes if (code, fiscal_year) in links]
        return [key for key in keys if not self.source.cached(*key)]

    def prefetch(self, keys: list[tuple[str, int]], progress=None) -> None:
        """Read these sheets several at a time within the quota (:meth:`SheetsSource.read_many`)."""
        self.source.read_many(keys, progress)

    def unit_figures(self, actor: Actor, fiscal_year: int, as_of: dt.date, province_code: str | None = None,
                     region_code: str | None = None) -> list[UnitFigures]:
        """The database's units by grouped queries; the linked ones from their sheets, read several at a time."""
        figures = self.sql.unit_figures(actor, fiscal_year, as_of, province_code, region_code)
        linked = [f.unit for f in figures if (f.unit.code, fiscal_year) in self.links()]
        if not linked:
            return figures
        self.prefetch(self.sheets_to_read(fiscal_year, [u.code for u in linked]))  # units the actor may read
        templates = self.sql.templates
        from_sheets = {}
        for unit in linked:
            try:
                data = self.load_unit_year(actor, unit.code, fiscal_year)
            except StoreError:
                continue  # a sheet that cannot be read keeps the database's (empty) figures; its page says why
            from_sheets[unit.code] = figures_of(assess_unit(self.sql.framework_for(actor, unit, fiscal_year, templates),
                                                            data, as_of))
        return [from_sheets.get(f.unit.code, f) for f in figures]

    # -- writes ----------------------------------------------------------------------------------------------
    def save_follow_up(self, actor: Actor, unit_code: str, fiscal_year: int, entry: FollowUpEntry,
                       now: dt.datetime | None = None) -> FollowUp:
        spreadsheet_id = self.spreadsheet(unit_code, fiscal_year)
        if spreadsheet_id is None:
            return self.sql.save_follow_up(actor, unit_code, fiscal_year, entry, now)
        today = today_bangkok(now)  # the app's today (ITA_TODAY), or the day of the moment given
        now = now or now_recorded()
        read = self._read(actor, unit_code, fiscal_year)
        measure = next((m for m in read.data.measures if m.code == entry.measure_code), None)
        if measure is None:
            raise NotFound(f"ไม่พบมาตรการ {entry.measure_code} ในชีตของหน่วย {unit_code}")
        check_report(actor, unit_code, measure)
        errors = follow_up_errors(entry, fiscal_year, today)
        if errors:
            raise InvalidEntry(errors)
        months = fiscal_months(fiscal_year)
        month = Month.parse(entry.month)
        if month not in months:
            raise InvalidEntry({"month": f"เดือน {entry.month} ไม่อยู่ในปีงบประมาณ {fiscal_year}"})

        month_header = layout.MONTH_HEADERS[months.index(month)]

        def conflict(cell: dict, version: int) -> bool:  # somebody reported this month or changed the row since
            return bool(cell[month_header]) if entry.base_version is None else entry.base_version != version

        new = {month_header: thai(entry.status), "ร้อยละ": "" if entry.percent is None else entry.percent,
               "หมายเหตุ": entry.note, "ลิงก์หลักฐาน": entry.evidence_url}

        version = self._rewrite_row(actor, unit_code, spreadsheet_id, fiscal_year, layout.MEASURES,
                                    entry.measure_code, conflict, {**new}, f"{entry.measure_code}/{entry.month}",
                                    check=section_now(actor, unit_code, measure), also=("สายงาน",))
        return FollowUp(measure_code=entry.measure_code, month=entry.month, status=entry.status, percent=entry.percent,
                        note=entry.note, evidence_url=entry.evidence_url, entered_by=actor.username, entered_at=now,
                        version=version)

    def save_oit_item(self, actor: Actor, unit_code: str, fiscal_year: int, entry: OitEntry) -> OitItem:
        """Status, link and approver in the OIT tab (one read, one write). The checklist is not kept in a sheet."""
        spreadsheet_id = self.spreadsheet(unit_code, fiscal_year)
        if spreadsheet_id is None:
            return self.sql.save_oit_item(actor, unit_code, fiscal_year, entry)
        if errors := oit_errors(entry):
            raise InvalidEntry(errors)
        read = self._read(actor, unit_code, fiscal_year)
        current = next((i for i in read.data.oit_items if i.code == entry.code), None)
        if current is None:
            raise NotFound(f"ไม่มีแถวของรายการ {entry.code} ในแท็บ OIT ของชีต — เพิ่มแถวในชีตก่อน")
        check_edit_oit(actor, unit_code, current, entry.status, entry.link)
        new = {"สถานะ": thai(entry.status), "ลิงก์": entry.link.strip()}
        if entry.status in APPROVAL and current.status not in APPROVAL:
            new["ผู้อนุมัติ"] = actor.username
        version = self._rewrite_row(actor, unit_code, spreadsheet_id, fiscal_year, layout.OIT, entry.code,
                                    lambda cell, version: entry.base_version != version, new, f"oit/{entry.code}")
        return current.model_copy(update={"status": entry.status, "link": entry.link.strip(), "version": version,
                                          "approved_by": new.get("ผู้อนุมัติ", current.approved_by)})

    def add_quota_snapshot(self, actor: Actor, unit_code: str, fiscal_year: int, snapshot: QuotaSnapshot) -> None:
        """A count copied from ITAP: one row appended to the count tab (one write)."""
        spreadsheet_id = self.spreadsheet(unit_code, fiscal_year)
        if spreadsheet_id is None:
            return self.sql.add_quota_snapshot(actor, unit_code, fiscal_year, snapshot)
        check_manage_unit(actor, unit_code, "บันทึกจำนวนผู้ตอบ")
        self._read(actor, unit_code, fiscal_year)  # the unit may be read by this actor, and the sheet is its own
        cells = dict(zip(layout.QUOTA_HEADERS, (snapshot.tool.value, snapshot.section or "", snapshot.count,
                                                 layout.serial(snapshot.taken_on), snapshot.entered_by or actor.username)))
        self._append_row(spreadsheet_id, layout.QUOTAS, cells, "บันทึกจำนวนผู้ตอบลงชีต")
        self.source.forget(spreadsheet_id, fiscal_year)
        self.sql.record_sheet_edit(actor, unit_code, f"quota/{snapshot.tool.value}/{snapshot.taken_on}",
                                   {"count": (None, snapshot.count)})

    def _refuse_linked(self, unit_code: str, fiscal_year: int | None = None) -> None:
        if any(code == unit_code and (fiscal_year is None or year == fiscal_year) for code, year in self.links()):
            raise StoreError(READ_ONLY)

    def save_measure(self, actor: Actor, unit_code: str, fiscal_year: int, entry: MeasureEntry) -> Measure:
        """A changed measure: one read of its row, one write of the cells that change. A new one (``entry.code``
        None, the next free code of its indicator): one appended row. A field the sheet has no column for is
        refused, naming it, when the save would change it: never dropped (issue 33)."""
        spreadsheet_id = self.spreadsheet(unit_code, fiscal_year)
        if spreadsheet_id is None:
            return self.sql.save_measure(actor, unit_code, fiscal_year, entry)
        check_manage_unit(actor, unit_code, "เพิ่มหรือแก้ไขมาตรการ")
        read = self._read(actor, unit_code, fiscal_year)
        if errors := measure_errors(entry, words_of(read.data.unit.kind)):
            raise InvalidEntry(errors)
        if entry.code is None:
            if errors := self._unkept(read, None, entry.fields, self._say(spreadsheet_id)):
                raise InvalidEntry(errors)
            return self._add_measure(actor, unit_code, fiscal_year, spreadsheet_id, entry)
        current = next((m for m in read.data.measures if m.code == entry.code), None)
        if current is None:
            raise NotFound(f"ยังไม่ได้บันทึก: ไม่พบรหัส {entry.code} ในแท็บ {layout.MEASURES} ของชีต "
                           "(แถวอาจถูกลบหรือรหัสถูกแก้)")
        if not layout.results_in_sheet(read.measure_columns):  # as the form showed it: the database's texts
            current = self._with_kept_texts(read, self.sql.load_unit_year(actor, unit_code, fiscal_year).measures)[
                [m.code for m in read.data.measures].index(entry.code)]
        if errors := self._unkept(read, current, entry.fields, self._say(spreadsheet_id)):
            raise InvalidEntry(errors)
        measure = Measure.model_validate({**current.model_dump(), "indicator": entry.indicator,
                                          "activity": entry.activity, **entry.fields})
        touched = {layout.MEASURE_COLUMNS.get(name) for name in {"indicator", "activity", *entry.fields}}
        new = {header: value for header, value in layout.plan_cells(measure).items()
               if header in touched and header in read.measure_columns}
        version = self._rewrite_row(actor, unit_code, spreadsheet_id, fiscal_year, layout.MEASURES, entry.code,
                                    lambda cell, current: entry.base_version != current, new, f"measure/{entry.code}")
        return measure.model_copy(update={"version": version})

    @staticmethod
    def _unkept(read: SheetRead, current: Measure | None, fields: dict, say=str) -> dict[str, str]:
        """The fields of a save that this sheet has no column for (none in the layout, or a sheet made before the
        column) and whose value the save would change, each with the Thai reason (``current`` None: a new measure,
        changed from the field's default)."""
        errors = {}
        for name, value in fields.items():
            header = layout.MEASURE_COLUMNS.get(name)
            if header is not None and header in read.measure_columns:
                continue
            known = Measure.model_fields.get(name)
            before = getattr(current, name) if current is not None and known else (known.default if known else None)
            if known is not None and (value == before or (not value and not before)):
                continue  # not changed: nothing is lost by not writing it
            if header is None:
                where = layout.KEPT_ELSEWHERE.get(name, "ไม่มีที่เก็บในชีต")
                errors[name] = (f"ยังไม่ได้บันทึก: ชีตของหน่วยนี้เก็บ “{label_of(name)}” ไม่ได้ ({where}) — "
                                "แก้ค่านี้ไม่ได้ในหน่วยที่เก็บข้อมูลใน Google Sheet")
            else:
                errors[name] = (f"ยังไม่ได้บันทึก: แท็บ {layout.MEASURES} ของชีตยังไม่มีคอลัมน์ “{say(header)}” — "
                                "ให้ผู้ดูแลระบบสั่ง python -m ita_dash sheets sync เพื่อเพิ่มคอลัมน์ แล้วบันทึกอีกครั้ง")
        return errors

    def _add_measure(self, actor: Actor, unit_code: str, fiscal_year: int, spreadsheet_id: str,
                     entry: MeasureEntry) -> Measure:
        """A new measure (the next free code of its indicator): one appended row, then the report cells' protections
        recomputed so the new row is its section's. The codes taken are read afresh, not from the kept read (up to a
        TTL old): a row pasted in the sheet or added by someone else meanwhile must not get the same code."""
        self.source.forget(spreadsheet_id, fiscal_year)
        read = self.source.read(spreadsheet_id, fiscal_year)
        taken = [m.code for m in read.data.measures if m.indicator == entry.indicator]
        number = 1 + max((int(c.split("-")[-1]) for c in taken if c.split("-")[-1].isdigit()), default=0)
        measure = Measure(code=f"{entry.indicator}-{number:02d}", indicator=entry.indicator,
                          activity=entry.activity, **entry.fields)
        cells = {header: value for header, value in {**layout.plan_cells(measure), "ฉบับ": 1}.items()
                 if header in read.measure_columns or header not in layout.LATER_HEADERS}  # _unkept: left default
        self._append_row(spreadsheet_id, layout.MEASURES, cells, "เพิ่มมาตรการในชีต", code=measure.code)
        self.source.forget(spreadsheet_id, fiscal_year)
        self.sql.record_sheet_edit(actor, unit_code, f"measure/{measure.code}", {"add": (None, entry.activity)})
        self.protect_sections(unit_code, fiscal_year)
        return measure

    def protect_sections(self, unit_code: str, fiscal_year: int) -> list[str]:
        """Recompute each section's protected report cells from the rows that hold its measures now. Returns the
        warnings (sections whose head has no e-mail). A failure is not the save's: the row is written, and
        ``sheets sync`` or ``sheets check`` will say what is wrong."""
        from .provision import sync_protections

        spreadsheet_id = self.spreadsheet(unit_code, fiscal_year)
        if spreadsheet_id is None:
            return []
        try:
            return sync_protections(self.source.http, spreadsheet_id, unit_code,
                                    self.sql.list_users(Actor.system("sheets protections")), self.source.service_email)
        except (StoreError, *faults.GOOGLE_ERRORS):
            return [self._say(spreadsheet_id)("ปรับการป้องกันช่องรายงานของสายงานไม่สำเร็จ — สั่ง python -m ita_dash sheets sync")]

    # -- the results report's texts (in the sheet; a sheet made before: the database) and photos (the database) ----
    def _sheet_measure(self, actor: Actor, unit_code: str, fiscal_year: int, code: str) -> tuple[Measure, int] | None:
        """The sheet's measure and the version of its database row, made sure of (None: the unit-year is not kept
        in a sheet)."""
        read = self._read(actor, unit_code, fiscal_year)
        if read is None:
            return None
        measure = next((m for m in read.data.measures if m.code == code), None)
        if measure is None:
            raise NotFound(f"ไม่พบมาตรการ {code} ในชีตของหน่วย {unit_code} (แถวอาจถูกลบหรือรหัสถูกแก้)")
        return measure, self.sql.ensure_sheet_measure(actor, unit_code, fiscal_year, measure)

    def save_measure_result(self, actor: Actor, unit_code: str, fiscal_year: int, code: str, achievement: str,
                            outcome: str, base_version: int | None) -> Measure:
        """ผลการดำเนินการ and ผลลัพธ์ of a measure (the chief or the owning section): in their columns of the
        measures tab (one read, one write, refused if the row changed since the form was filled). A sheet made
        before those columns keeps them in the database, on the sheet's measure (the last save wins there)."""
        read = self._read(actor, unit_code, fiscal_year)
        if read is None:
            return self.sql.save_measure_result(actor, unit_code, fiscal_year, code, achievement, outcome, base_version)
        if not layout.results_in_sheet(read.measure_columns):
            measure, version = self._sheet_measure(actor, unit_code, fiscal_year, code)
            saved = self.sql.save_measure_result(actor, unit_code, fiscal_year, code, achievement, outcome, version)
            return measure.model_copy(update={"achievement": saved.achievement, "outcome": saved.outcome})
        measure = next((m for m in read.data.measures if m.code == code), None)
        if measure is None:
            raise NotFound(f"ไม่พบมาตรการ {code} ในชีตของหน่วย {unit_code} (แถวอาจถูกลบหรือรหัสถูกแก้)")
        achievement, outcome = achievement.strip(), outcome.strip()
        texts = {"achievement": achievement, "outcome": outcome}
        check_edit_measure(actor, unit_code, measure, texts)
        if errors := result_text_errors(achievement, outcome):
            raise InvalidEntry(errors)

        version = self._rewrite_row(actor, unit_code, self.spreadsheet(unit_code, fiscal_year), fiscal_year,
                                    layout.MEASURES, code,
                                    lambda cell, now: base_version is not None and base_version != now,
                                    {layout.MEASURE_COLUMNS[name]: text for name, text in texts.items()},
                                    f"measure/{code}", check=section_now(actor, unit_code, measure), also=("สายงาน",))
        return measure.model_copy(update={**texts, "version": version})

    def add_photo(self, actor: Actor, unit_code: str, fiscal_year: int, measure_code: str, month: str,
                  content: bytes, caption: str = "", now: dt.datetime | None = None):
        """An evidence photo: in the database, on the sheet's measure."""
        self._sheet_measure(actor, unit_code, fiscal_year, measure_code)
        return self.sql.add_photo(actor, unit_code, fiscal_year, measure_code, month, content, caption, now)

    def save_plan_start(self, actor, unit_code, fiscal_year, start, base_version=None):
        """The day the year is followed from: a year kept in a sheet keeps it in the sheet (refused here, saying
        where); a year in the database, the SQL store's."""
        check_manage_unit(actor, unit_code, "กำหนดวันเริ่มติดตามผล")
        if self.spreadsheet(unit_code, fiscal_year) is not None:
            raise StoreError(f"หน่วยนี้เก็บข้อมูลปีนี้ใน Google Sheet — แก้วันเริ่มติดตามผลที่ช่อง “วันเริ่มแผน” "
                             f"ในแท็บ {layout.SETTINGS} ของชีต")
        return self.sql.save_plan_start(actor, unit_code, fiscal_year, start, base_version)

    def import_plan(self, actor, unit_code, fiscal_year, measures):
        self._refuse_linked(unit_code, fiscal_year)
        return self.sql.import_plan(actor, unit_code, fiscal_year, measures)

    def copy_plan(self, actor, unit_code, from_year, to_year, move_years):
        """Last year's plan, read from its sheet when it is kept in one; the year it goes into must be the database's
        (a year kept in a sheet is edited in the sheet)."""
        self._refuse_linked(unit_code, to_year)
        source = self.load_unit_year(actor, unit_code, from_year).measures
        return self.sql.copy_plan(actor, unit_code, from_year, to_year, move_years, source)

    def replace_unit_year(self, actor, data, framework_entries=None):
        """A year kept in a sheet is edited in the sheet (refused here); framework entries are the database's for
        every unit, a sheet holds none."""
        self._refuse_linked(data.unit.code, data.fiscal_year)
        return self.sql.replace_unit_year(actor, data, framework_entries)
