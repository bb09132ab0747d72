"""A measures plan brought in all at once: importing a plan (all or nothing) and copying last year's
plan forward with its dates moved.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

from sqlalchemy import select

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.fields import (
    path_label,
    printable,
    record_text_errors,
)
from ita_dash.domain.measure_fields import IMPORTED
from ita_dash.domain.model import (
    Actor,
    Measure,
)
from ita_dash.domain.permissions import check_manage_unit
from ita_dash.domain.wording import words_of

from ..base import StaleVersion
from ..tables import (
    MeasureRow,
    SectionRow,
)
from .core import Conflict, SqlBase
from .plan_year import begin_year


class Plans(SqlBase):
    """A measures plan brought in all at once."""

    def import_plan(self, actor: Actor, unit_code: str, fiscal_year: int, measures: list[Measure]) -> dict[str, list[str]]:
        """Bring in a plan's measures in one transaction. A measure already there (same indicator and activity,
        spaces ignored) is updated where the file differs; the others are added with the next free code of their
        indicator. Returns the codes added, changed and unchanged."""
        check_manage_unit(actor, unit_code, "นำเข้าแผนมาตรการ")
        for number, measure in enumerate(measures, start=1):
            if errors := record_text_errors(measure):
                raise InvalidEntry({f"{path_label(path)} (มาตรการที่ {number} “{printable(measure.activity[:40])}”)": reason
                                    for path, reason in errors.items()})
        outcome: dict[str, list[str]] = {"added": [], "changed": [], "unchanged": [], "repeated": []}
        try:
            return self._import_plan(actor, unit_code, fiscal_year, measures, outcome, IMPORTED)
        except Conflict:
            raise StaleVersion(None) from None

    def _import_plan(self, actor, unit_code, fiscal_year, measures, outcome, fields):
        seen = set()
        with self._writing() as session:
            words = words_of(self._unit(session, actor, unit_code).kind)
            if measures:
                begin_year(session, actor, unit_code, fiscal_year)
            rows = session.execute(select(MeasureRow).where(
                MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year)).scalars().all()
            def key_of(item) -> tuple:  # one section's share of an all-sections measure is its own measure
                return (item.indicator, "".join(item.activity.split()), item.owner_section if item.all_sections else None)

            by_key = {key_of(row): row for row in rows}
            sections = set(session.execute(select(SectionRow.code).where(SectionRow.unit_code == unit_code)).scalars())
            numbers = {}
            for row in rows:
                tail = row.code.split("-")[-1]
                if tail.isdigit():
                    numbers[row.indicator] = max(numbers.get(row.indicator, 0), int(tail))
            for measure in measures:
                key = key_of(measure)
                if key in seen:  # the same measure twice in one file: the first one counts
                    outcome["repeated"].append(measure.activity[:60])
                    continue
                seen.add(key)
                if measure.owner_section is not None and measure.owner_section not in sections:
                    raise InvalidEntry({"owner_section": f"หน่วยนี้ไม่มี{words.section} {measure.owner_section} "
                                                         f"(มาตรการ “{measure.activity[:40]}”) — ไม่ได้นำเข้าเลยสักรายการ"})
                values = measure.model_dump(mode="json", include=set(fields))
                values["deadline"] = measure.deadline
                values["start_date"] = measure.start_date
                existing = by_key.get(key)
                if existing is None:
                    numbers[measure.indicator] = numbers.get(measure.indicator, 0) + 1
                    code = f"{measure.indicator}-{numbers[measure.indicator]:02d}"
                    row = MeasureRow(unit_code=unit_code, fiscal_year=fiscal_year, code=code, indicator=measure.indicator,
                                     activity=measure.activity, **values)
                    session.add(row)
                    by_key[key] = row
                    self._audit(session, actor, unit_code, "measure", f"measure:{unit_code}/{fiscal_year}/{code}",
                                "import", None, measure.activity)
                    outcome["added"].append(code)
                elif self._apply(session, MeasureRow, existing, existing.version, values, actor, unit_code,
                                 f"measure:{unit_code}/{fiscal_year}/{existing.code}"):
                    outcome["changed"].append(existing.code)
                else:
                    outcome["unchanged"].append(existing.code)
            session.flush()
        return outcome

    def copy_plan(self, actor: Actor, unit_code: str, from_year: int, to_year: int, move_years: int,
                  source: list[Measure] | None = None) -> dict[str, list[str]]:
        """คัดลอกแผนจากปีที่แล้ว: the measures of ``from_year`` (not retired) into ``to_year`` with their activity,
        owners and cadences, dates moved by ``move_years`` whole years (0 keeps them; the caller decides, after
        :func:`ita_dash.domain.planyear.check_year`), not done, without follow-ups. Matched like an import, so copying
        twice changes nothing. One transaction; returns the codes added, changed and unchanged."""
        from ita_dash.domain.planyear import carry_forward

        check_manage_unit(actor, unit_code, "คัดลอกแผนจากปีที่แล้ว")
        if from_year == to_year:
            raise InvalidEntry({"fiscal_year": "ปีต้นทางและปีปลายทางต้องไม่ใช่ปีเดียวกัน"})
        if source is None:  # ``source``: the year's measures when they are kept elsewhere (a Google Sheet)
            source = self.load_unit_year(actor, unit_code, from_year).measures
        if not [m for m in source if not m.retired]:
            raise InvalidEntry({"fiscal_year": f"ปีงบประมาณ {from_year} ไม่มีมาตรการให้คัดลอก"})

        def key_of(item) -> tuple:
            return (item.indicator, "".join(item.activity.split()), item.owner_section if item.all_sections else None)

        present = {key_of(m): m.code for m in self.load_unit_year(actor, unit_code, to_year).measures}
        fresh = [m for m in carry_forward(source, move_years) if key_of(m) not in present]
        outcome = self.import_plan(actor, unit_code, to_year, fresh) if fresh else {
            "added": [], "changed": [], "unchanged": [], "repeated": []}
        outcome["unchanged"] += sorted(present[key_of(m)] for m in source if not m.retired and key_of(m) in present)
        return outcome
