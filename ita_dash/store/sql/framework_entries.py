"""What people enter of a year's framework (issue 32): the OIT list, the calendar and the minimum numbers of
respondents, for one unit, for a kind of unit in a province, or for every unit of a kind.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor, is audited, and moves the change counter
of every unit it reaches (their figures are computed with the entered facts)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.framework import FrameworkTemplate, TemplateError
from ita_dash.domain.framework_entries import (
    PART_LABELS,
    EnteredLibrary,
    FrameworkEntry,
    FrameworkPart,
    ProgressLine,
    apply_entries,
    check_entry,
    with_owner_codes,
)
from ita_dash.domain.model import Actor, QuotaTool, Section, Unit, UnitKind
from ita_dash.domain.permissions import check_copy_progress, check_enter_framework
from ita_dash.domain.thaidate import now_recorded

from ..base import NotFound
from ..tables import FrameworkEntryRow, ItapOitProgressRow, QuotaSnapshotRow, SectionRow, UnitRow
from .core import SqlBase


def _scope(entry: FrameworkEntry) -> str:
    return f"unit:{entry.unit_code}" if entry.unit_code else (
        f"province:{entry.province_code}" if entry.province_code else "country")


class FrameworkEntries(SqlBase):
    """The framework facts people enter, kept beside the template files and applied over them."""

    def framework_entries(self, actor: Actor, unit_code: str, fiscal_year: int) -> list[FrameworkEntry]:
        """The entries that reach a unit in a year: its own, its province's for its kind, and its kind's."""
        with self._reading() as session:
            unit = Unit.model_validate(self._unit(session, actor, unit_code), from_attributes=True)
            rows = session.execute(select(FrameworkEntryRow.content).where(
                FrameworkEntryRow.kind == unit.kind.value, FrameworkEntryRow.fiscal_year == fiscal_year,
                or_(FrameworkEntryRow.scope == f"unit:{unit.code}",
                    FrameworkEntryRow.scope == f"province:{unit.province_code}",
                    FrameworkEntryRow.scope == "country"))).scalars().all()
        return [FrameworkEntry.model_validate_json(content) for content in rows]

    def framework_for(self, actor: Actor, unit: Unit, fiscal_year: int, templates=None) -> FrameworkTemplate:
        """The unit's framework for the year: its kind's template (from ``templates``, else the store's library)
        with the entries that reach it. Every judgement of one unit starts here."""
        library = templates or self.templates
        return apply_entries(library.for_year(unit.kind, fiscal_year), unit,
                             self.framework_entries(actor, unit.code, fiscal_year))

    def all_framework_entries(self, fiscal_year: int) -> list[FrameworkEntry]:
        """Every entry of a year (the figures of many units at once; no actor: callers have checked the units)."""
        with self._reading() as session:
            rows = session.execute(select(FrameworkEntryRow.content).where(
                FrameworkEntryRow.fiscal_year == fiscal_year)).scalars().all()
        return [FrameworkEntry.model_validate_json(content) for content in rows]

    def entered_library(self, fiscal_year: int, templates=None):
        """The library many units of a year are judged with at once (the province and country figures, the province
        page's collection windows): ``templates`` (else the store's) with every entry of the year over it
        (:class:`EnteredLibrary`), or the library itself when nothing was entered. One read for all units."""
        library = templates or self.templates
        entries = self.all_framework_entries(fiscal_year)
        return EnteredLibrary(library, entries) if entries else library

    def _reached(self, session, entry: FrameworkEntry) -> list[str]:
        query = select(UnitRow.code).where(UnitRow.kind == entry.kind.value)
        if entry.unit_code:
            query = query.where(UnitRow.code == entry.unit_code)
        elif entry.province_code:
            query = query.where(UnitRow.province_code == entry.province_code)
        return list(session.execute(query).scalars())

    def save_framework_entry(self, actor: Actor, entry: FrameworkEntry, template: FrameworkTemplate,
                             now: dt.datetime | None = None) -> FrameworkEntry:
        """Keep an entry (replacing the one of the same scope and part), stamped with who and when. ``template``:
        the kind's template for the year, which the entry must complete consistently (:func:`check_entry`)."""
        check_enter_framework(actor, entry.unit_code, entry.province_code)
        if template.kind != entry.kind or template.fiscal_year != entry.fiscal_year:
            raise InvalidEntry({"_": f"แม่แบบ {template.key} ไม่ใช่ของ {entry.kind.value} ปี {entry.fiscal_year}"})
        at = now or now_recorded()
        entry = entry.model_copy(update={"entered_by": actor.username, "entered_at": at})
        sections = self._unit_sections(actor, entry.unit_code) if entry.unit_code else None
        if problems := check_entry(template, entry, sections):
            raise InvalidEntry({"_": " · ".join(problems[:5])})
        if sections is not None:
            entry = with_owner_codes(entry, sections)  # an owner named by its section's name is kept as the code
        with self._writing() as session:
            if entry.unit_code:
                row = self._unit(session, actor, entry.unit_code)
                if row.kind != entry.kind.value:
                    raise InvalidEntry({"_": f"หน่วย {entry.unit_code} ไม่ใช่หน่วยประเภท {entry.kind.value}"})
            reached = self._reached(session, entry)
            if entry.province_code and not reached:
                raise NotFound(f"จังหวัด {entry.province_code} ไม่มีหน่วยประเภท {entry.kind.value}")
            self._put(session, actor, entry, at)
            self._touch(session, *reached)
        return entry

    def _unit_sections(self, actor: Actor, unit_code: str) -> list[Section]:
        """The unit's sections in use: the owners a unit's own OIT list may name."""
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(select(SectionRow).where(SectionRow.unit_code == unit_code,
                                                            SectionRow.retired.is_(False))).scalars()
            return [Section.model_validate(row, from_attributes=True) for row in rows]

    def _check_unit_entries(self, unit: Unit, fiscal_year: int, sections: list[Section],
                            entries: list[FrameworkEntry]) -> list[FrameworkEntry]:
        """A unit-year's own entries as a bundle brings them, checked as the form's are (:func:`check_entry`) against
        the kind's template and the sections the bundle gives; the first refused one raises InvalidEntry naming its
        place in the bundle and its part. Returns them with owners written as section codes."""
        template = self.templates.for_year(unit.kind, fiscal_year)
        checked = []
        for index, entry in enumerate(entries):
            where = f"framework_entries[{index}] ({PART_LABELS[entry.part]})"
            if entry.unit_code != unit.code or entry.province_code or entry.kind != unit.kind \
                    or entry.fiscal_year != fiscal_year:
                raise InvalidEntry({where: f"ไม่ใช่ข้อมูลที่กรอกของหน่วย {unit.code} ปี {fiscal_year}"})
            if entry.part in {e.part for e in checked}:
                raise InvalidEntry({where: f"{PART_LABELS[entry.part]} ซ้ำกับรายการก่อนหน้า"})
            if problems := check_entry(template, entry, sections):
                raise InvalidEntry({where: " · ".join(problems[:5])})
            checked.append(with_owner_codes(entry, sections))
        return checked

    def _replace_unit_entries(self, session, actor: Actor, unit_code: str, fiscal_year: int,
                              entries: list[FrameworkEntry]) -> None:
        """Inside a unit-year's replacement: the unit's own entries of the year become ``entries`` (checked by
        :meth:`_check_unit_entries`); entries of its province or kind are not the unit's and stay."""
        kept = {entry.part for entry in entries}
        old = session.execute(select(FrameworkEntryRow).where(
            FrameworkEntryRow.fiscal_year == fiscal_year, FrameworkEntryRow.scope == f"unit:{unit_code}")).scalars()
        for row in old.all():
            if FrameworkPart(row.part) in kept and row.kind == entries[0].kind.value:
                continue  # replaced by _put, with its audit line
            session.execute(delete(FrameworkEntryRow).where(FrameworkEntryRow.id == row.id))
            self._audit(session, actor, unit_code, "framework_entry",
                        f"framework:{row.kind}/{fiscal_year}/unit:{unit_code}", row.part, row.content, None)
        for entry in entries:
            self._put(session, actor, entry, entry.entered_at or now_recorded())

    def _put(self, session, actor: Actor, entry: FrameworkEntry, at: dt.datetime) -> None:
        """Keep ``entry`` in place of the one of its scope and part, with its audit line."""
        scope = _scope(entry)
        old = session.execute(select(FrameworkEntryRow).where(
            FrameworkEntryRow.kind == entry.kind.value, FrameworkEntryRow.fiscal_year == entry.fiscal_year,
            FrameworkEntryRow.part == entry.part.value, FrameworkEntryRow.scope == scope)).scalar_one_or_none()
        before = old.content if old else None
        if old is not None:
            session.delete(old)
            session.flush()
        content = entry.model_dump_json()
        session.add(FrameworkEntryRow(kind=entry.kind.value, fiscal_year=entry.fiscal_year, part=entry.part.value,
                                      scope=scope, content=content, entered_by=actor.username, entered_at=at))
        self._audit(session, actor, entry.unit_code, "framework_entry",
                    f"framework:{entry.kind.value}/{entry.fiscal_year}/{scope}", entry.part.value, before, content, at)

    def delete_framework_entry(self, actor: Actor, kind: UnitKind, fiscal_year: int, part: FrameworkPart,
                               unit_code: str | None = None, province_code: str | None = None) -> bool:
        """Take an entry back: the template's part (or a wider entry) applies again. False when there was none."""
        check_enter_framework(actor, unit_code, province_code)
        probe = FrameworkEntry(kind=kind, fiscal_year=fiscal_year, part=FrameworkPart.QUOTAS, unit_code=unit_code,
                               province_code=province_code, quotas={}, source="-")
        scope = _scope(probe)
        with self._writing() as session:
            if unit_code:
                self._unit(session, actor, unit_code)
            old = session.execute(select(FrameworkEntryRow).where(
                FrameworkEntryRow.kind == kind.value, FrameworkEntryRow.fiscal_year == fiscal_year,
                FrameworkEntryRow.part == part.value, FrameworkEntryRow.scope == scope)).scalar_one_or_none()
            if old is None:
                return False
            session.execute(delete(FrameworkEntryRow).where(FrameworkEntryRow.id == old.id))
            self._audit(session, actor, unit_code, "framework_entry", f"framework:{kind.value}/{fiscal_year}/{scope}",
                        part.value, old.content, None)
            self._touch(session, *self._reached(session, probe))
        return True

    def save_itap_progress(self, actor: Actor, fiscal_year: int, lines: list[ProgressLine], taken_on: dt.date,
                           source: str = "ITAP (ตารางความคืบหน้า)") -> int:
        """A province's copy of ITAP's progress table, all or nothing: each unit's respondents so far become its
        IIT/EIT counts of ``taken_on``, and its minimums the unit's own entry of the year's minimums. Returns the
        number of units written. OIT items answered are kept as a count (:meth:`itap_oit_answered`), refused beyond
        the unit's OIT list when that is known; no OIT item is marked published from them."""
        at = now_recorded()
        self._check_oit_answered(actor, fiscal_year, lines)
        with self._writing() as session:
            for line in lines:
                unit = Unit.model_validate(self._unit(session, actor, line.unit_code), from_attributes=True)
                check_copy_progress(actor, unit)
                if line.oit_answered is not None:
                    self._put_oit_answered(session, actor, unit.code, fiscal_year, line.oit_answered, taken_on, at)
                for tool, count in ((QuotaTool.IIT, line.iit_count), (QuotaTool.EIT, line.eit_count)):
                    if count is None:
                        continue
                    session.add(QuotaSnapshotRow(unit_code=unit.code, fiscal_year=fiscal_year, tool=tool.value,
                                                 section=None, count=count, taken_on=taken_on,
                                                 entered_by=actor.username))
                    self._audit(session, actor, unit.code, "quota_snapshot",
                                f"quota_snapshot:{unit.code}/{fiscal_year}/{tool.value}/*", taken_on.isoformat(),
                                None, count, at)
                if (quotas := line.minimums()) is None:
                    continue
                self._put(session, actor, FrameworkEntry(
                    kind=unit.kind, fiscal_year=fiscal_year, part=FrameworkPart.QUOTAS, unit_code=unit.code,
                    quotas=quotas, source=source, entered_by=actor.username, entered_at=at), at)
        return len(lines)

    def _check_oit_answered(self, actor: Actor, fiscal_year: int, lines: list[ProgressLine]) -> None:
        """The paste's OIT items answered against each unit's own OIT list (entries applied), before anything is
        written; a Thai refusal naming the units whose count cannot be theirs."""
        refused = []
        for line in lines:
            if line.oit_answered is None:
                continue
            with self._reading() as session:
                unit = Unit.model_validate(self._unit(session, actor, line.unit_code), from_attributes=True)
            try:
                total = len(self.framework_for(actor, unit, fiscal_year).oit_items or [])
            except TemplateError:  # no framework for the year: the list is not known
                total = 0
            if problem := line.oit_problem(total):
                refused.append(f"{unit.short_name or unit.name}: {problem}")
        if refused:
            raise InvalidEntry({"_": " · ".join(refused[:5])})

    def _put_oit_answered(self, session, actor: Actor, unit_code: str, fiscal_year: int, answered: int,
                          taken_on: dt.date, at: dt.datetime) -> None:
        row = session.get(ItapOitProgressRow, (unit_code, fiscal_year))
        before = None if row is None else f"{row.answered} ({row.taken_on.isoformat()})"
        if row is None:
            row = ItapOitProgressRow(unit_code=unit_code, fiscal_year=fiscal_year, answered=answered,
                                     taken_on=taken_on, entered_by=actor.username, entered_at=at)
            session.add(row)
        else:
            row.answered, row.taken_on, row.entered_by, row.entered_at = answered, taken_on, actor.username, at
        self._audit(session, actor, unit_code, "itap_oit_progress", f"itap_oit_progress:{unit_code}/{fiscal_year}",
                    "answered", before, f"{answered} ({taken_on.isoformat()})", at)

    def itap_oit_answered(self, actor: Actor, fiscal_year: int,
                          province_code: str | None = None) -> dict[str, tuple[int, dt.date]]:
        """unit code → (OIT items answered, the day of the paste) for the units the actor may read (of one province
        when given) whose province pasted them from ITAP."""
        query = self._unit_scope(select(UnitRow.code), actor)
        if province_code is not None:
            query = query.where(UnitRow.province_code == province_code)
        with self._reading() as session:
            rows = session.execute(select(ItapOitProgressRow.unit_code, ItapOitProgressRow.answered,
                                          ItapOitProgressRow.taken_on).where(
                ItapOitProgressRow.fiscal_year == fiscal_year, ItapOitProgressRow.unit_code.in_(query))).all()
        return {code: (answered, taken_on) for code, answered, taken_on in rows}
