"""The unit bundle: one unit's fiscal year as a JSON file (``docs/bundle.md``). Also our backup format.

Writing is deterministic (sorted records, fixed key order, UTF-8, two-space indent, final newline) so that
export → import → export gives the same bytes. Reading validates the whole file before anything is written and
names the first bad field by its path, e.g. ``measures[3].indicator``.

Format 2 also carries the framework entries the unit's chief entered for the unit and the year (OIT list, calendar,
minimums: :mod:`ita_dash.domain.framework_entries`), never those of its province or kind, which are the province's.
A format-1 bundle (written before) is still read: it has no entries, and importing it leaves the unit's as they are.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ValidationError, ValidationInfo, field_validator, model_validator

from ita_dash.domain.fields import bad_characters, record_text_errors, text_problem
from ita_dash.domain.fiscal import Month, fiscal_end, fiscal_start, fiscal_year_of
from ita_dash.domain.framework import TemplateError, TemplateLibrary, library
from ita_dash.domain.framework_entries import PART_LABELS, FrameworkEntry, FrameworkPart
from ita_dash.domain.model import FISCAL_YEAR_MAX, FISCAL_YEAR_MIN, Limit, Measure, UnitYearData, thai
from ita_dash.domain.planyear import plan_start_errors
from ita_dash.domain.validation_thai import CUSTOM, path_of, reason, refused

FORMAT = "ita-dash/unit-bundle"
FORMAT_VERSION = 2  # 2: framework_entries; 1 (no entries) is still read
INVALID = "ชุดข้อมูลไม่ถูกต้อง / invalid bundle"
# every date a bundle holds falls in the fiscal years a record may have (model.FiscalYear)
FIRST_DAY, LAST_DAY = fiscal_start(FISCAL_YEAR_MIN), fiscal_end(FISCAL_YEAR_MAX)


class BundleError(ValueError):
    """The bundle is rejected whole; the message is one line with the path of the first bad field."""


class UnitBundle(UnitYearData):
    """A unit's year as a bundle holds it: the year and the unit's own framework entries of that year. None: the
    bundle does not speak of them (format 1), so an import leaves the unit's entries as they are."""

    framework_entries: list[FrameworkEntry] | None = None


class Bundle(UnitBundle):
    """The bundle file, validated whole by pydantic (:func:`loads`: strict JSON, so ``"3"`` is no indicator): each
    field by the domain records' own constraints, then the rules across records (:meth:`_whole`). The first problem
    raises, with its path in the file."""

    format: Literal["ita-dash/unit-bundle"]
    format_version: Literal[1, 2]

    @field_validator("measures")
    @classmethod
    def _in_code_order(cls, measures: list[Measure]) -> list[Measure]:
        return measures  # the file's order, so that a path names the file's index (UnitBundle sorts them)

    @model_validator(mode="after")
    def _whole(self, info: ValidationInfo) -> Bundle:
        templates = (info.context or {}).get("templates") or library()
        for path, problem in _problems(self, templates):
            raise refused(path, problem)
        return self


def unit_entries(entries: list[FrameworkEntry], unit_code: str, fiscal_year: int) -> list[FrameworkEntry]:
    """The entries that are the unit's own for the year (what a bundle carries), in the order of the parts, times
    in UTC; entries of its province or of its whole kind are left out."""
    order = list(FrameworkPart)
    own = [e for e in entries if e.unit_code == unit_code and e.fiscal_year == fiscal_year and not e.province_code]
    return [e.model_copy(update={"entered_at": e.entered_at.astimezone(dt.UTC)})
            if e.entered_at and e.entered_at.tzinfo else e for e in sorted(own, key=lambda e: order.index(e.part))]


def _part_of(raw: dict, location: tuple) -> str:
    """" (รายการ OIT)" after the path of a bad framework entry: which part it is, in Thai; "" elsewhere."""
    if len(location) < 2 or location[0] != "framework_entries" or not isinstance(location[1], int):
        return ""
    entries = raw.get("framework_entries")
    entry = entries[location[1]] if isinstance(entries, list) and location[1] < len(entries) else None
    part = entry.get("part") if isinstance(entry, dict) else None
    labels = {p.value: label for p, label in PART_LABELS.items()}
    return f" (ข้อมูลที่กรอกของกรอบการประเมิน: {labels[part]})" if part in labels else \
        " (ข้อมูลที่กรอกของกรอบการประเมิน)"


def _sorted(data: UnitYearData) -> UnitYearData:
    return data.model_copy(
        update={
            "sections": sorted(data.sections, key=lambda s: (s.sort_order, s.code)),
            "measures": sorted(data.measures, key=lambda m: m.code),
            "follow_ups": sorted(data.follow_ups, key=lambda f: (f.measure_code, f.month)),
            "oit_items": sorted(data.oit_items, key=lambda i: int(i.code[1:])),
            "quota_snapshots": sorted(
                data.quota_snapshots, key=lambda s: (s.taken_on, s.tool.value, s.section or "")
            ),
            "results": sorted(data.results, key=lambda r: r.fiscal_year),
        }
    )


def dumps(data: UnitYearData, framework_entries: list[FrameworkEntry] | None = None) -> str:
    """The bundle's text; ``framework_entries``: the entries that reach the unit (``Store.framework_entries``), of
    which the unit's own are written (a :class:`UnitBundle`'s own when not given)."""
    entries = framework_entries if framework_entries is not None else getattr(data, "framework_entries", None) or []
    year = UnitYearData(**{name: getattr(data, name) for name in UnitYearData.model_fields})
    ordered = _sorted(year)  # records as they are: what a store holds is written, never refused on the way out
    bundle = Bundle.model_construct(format=FORMAT, format_version=FORMAT_VERSION,
                                    **{name: getattr(ordered, name) for name in UnitYearData.model_fields},
                                    framework_entries=unit_entries(entries, data.unit.code, data.fiscal_year))
    document = bundle.model_dump(mode="json")
    ordered = {"format": document.pop("format"), "format_version": document.pop("format_version"), **document}
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def _references(data: Bundle) -> Iterator[tuple[str, str]]:
    """Cross-record rules: codes unique, references resolve, months inside the year."""
    if data.unit.province_code != data.province.code:
        yield "unit.province_code", f"'{data.unit.province_code}' ไม่ใช่จังหวัดของชุดข้อมูล ('{data.province.code}')"
    if data.province.region_code != data.region.code:
        yield "province.region_code", f"'{data.province.region_code}' ไม่ใช่ภาคของชุดข้อมูล ('{data.region.code}')"
    sections, measures, items, years, reports = set(), set(), set(), set(), set()
    for index, section in enumerate(data.sections):
        if section.code in sections:
            yield f"sections[{index}].code", f"รหัส '{section.code}' ซ้ำกับรายการก่อนหน้า"
        sections.add(section.code)
    for index, measure in enumerate(data.measures):
        if measure.code in measures:
            yield f"measures[{index}].code", f"รหัสมาตรการ '{measure.code}' ซ้ำกับรายการก่อนหน้า"
        measures.add(measure.code)
        if measure.owner_section is not None and measure.owner_section not in sections:
            yield f"measures[{index}].owner_section", f"ไม่มี '{measure.owner_section}' ใน sections ของชุดข้อมูล"
    for index, follow_up in enumerate(data.follow_ups):
        if follow_up.measure_code not in measures:
            yield f"follow_ups[{index}].measure_code", f"ไม่มีมาตรการ '{follow_up.measure_code}' ใน measures"
        if (follow_up.measure_code, follow_up.month) in reports:
            yield f"follow_ups[{index}].month", f"รายงานของ {follow_up.measure_code} เดือน {follow_up.month} ซ้ำ"
        reports.add((follow_up.measure_code, follow_up.month))
        if fiscal_year_of(Month.parse(follow_up.month).first_day) != data.fiscal_year:
            yield f"follow_ups[{index}].month", f"{follow_up.month} ไม่อยู่ในปีงบประมาณ {data.fiscal_year}"
    for index, item in enumerate(data.oit_items):
        if item.code in items:
            yield f"oit_items[{index}].code", f"รายการ OIT '{item.code}' ซ้ำกับรายการก่อนหน้า"
        items.add(item.code)
        if item.owner_section is not None and item.owner_section not in sections:
            yield f"oit_items[{index}].owner_section", f"ไม่มี '{item.owner_section}' ใน sections ของชุดข้อมูล"
    for index, snapshot in enumerate(data.quota_snapshots):
        if snapshot.section is not None and snapshot.section not in sections:
            yield f"quota_snapshots[{index}].section", f"ไม่มี '{snapshot.section}' ใน sections ของชุดข้อมูล"
    for index, result in enumerate(data.results):
        if result.fiscal_year in years:
            yield f"results[{index}].fiscal_year", f"ผลของปี {result.fiscal_year} ซ้ำกับรายการก่อนหน้า"
        years.add(result.fiscal_year)


def _entries(data: Bundle) -> Iterator[tuple[str, str]]:
    """The entries are the unit's own, of the bundle's year, one per part (what they say is checked against the
    template by the store, as the form's are)."""
    if data.format_version == 1 and data.framework_entries is not None:
        yield "framework_entries", "ชุดข้อมูลรุ่น 1 ไม่มีข้อมูลที่กรอกของกรอบการประเมิน (ใช้ format_version 2)"
    parts = set()
    for index, entry in enumerate(data.framework_entries or []):
        if entry.unit_code != data.unit.code or entry.province_code:
            yield f"framework_entries[{index}]", \
                f"ไม่ใช่ข้อมูลที่กรอกของหน่วย {data.unit.code} (ชุดข้อมูลหน่วยมีเฉพาะข้อมูลของหน่วยเอง)"
        elif entry.kind != data.unit.kind:
            yield f"framework_entries[{index}]", f"เป็นของหน่วยประเภท {entry.kind.value} ไม่ใช่ {data.unit.kind.value}"
        elif entry.fiscal_year != data.fiscal_year:
            yield f"framework_entries[{index}]", f"เป็นของปี {entry.fiscal_year} ไม่ใช่ปี {data.fiscal_year} ของชุดข้อมูล"
        elif entry.part in parts:
            yield f"framework_entries[{index}]", f"{PART_LABELS[entry.part]} ซ้ำกับรายการก่อนหน้า"
        parts.add(entry.part)


def _template(data: Bundle, templates: TemplateLibrary) -> Iterator[tuple[str, str]]:
    """A template key names the template of the unit's kind for the bundle's year in the library (None: that one)."""
    key = data.year.template_key
    if key is None:
        return
    try:
        template = templates.get(key)
    except TemplateError:
        yield "year.template_key", f"ไม่มีแม่แบบ '{key}' ในคลังแม่แบบ (เว้นว่าง = แม่แบบของประเภทหน่วยและปีนั้น)"
        return
    if template.kind != data.unit.kind or template.fiscal_year != data.fiscal_year:
        yield "year.template_key", (f"แม่แบบ '{key}' เป็นของ{thai(template.kind)} ปี {template.fiscal_year} ไม่ใช่ของ"
                                    f"{thai(data.unit.kind)} ปี {data.fiscal_year} (เว้นว่าง = แม่แบบของหน่วยและปีนั้น)")


def _dates(record: object, path: str) -> Iterator[tuple[str, dt.date]]:
    """Every date (and time's date) inside ``record``, with its path."""
    if isinstance(record, dt.datetime):
        yield path, record.date()
    elif isinstance(record, dt.date):
        yield path, record
    elif isinstance(record, BaseModel):
        for name in type(record).model_fields:
            yield from _dates(getattr(record, name), f"{path}.{name}" if path else name)
    elif isinstance(record, (list, tuple)):
        for index, item in enumerate(record):
            yield from _dates(item, f"{path}[{index}]")


def _days(data: Bundle) -> Iterator[tuple[str, str]]:
    """Dates inside the fiscal years a record may have; the year's start (``plan_start``) a day of its year."""
    for path, day in _dates(data, ""):
        if not FIRST_DAY <= day <= LAST_DAY:
            yield path, f"{day.isoformat()} อยู่นอกช่วงที่บันทึกได้ ({FIRST_DAY.isoformat()} ถึง {LAST_DAY.isoformat()})"
    if data.year.plan_start is not None:
        for problem in plan_start_errors(data.fiscal_year, data.year.plan_start).values():
            yield "year.plan_start", problem


def _problems(data: Bundle, templates: TemplateLibrary) -> Iterator[tuple[str, str]]:
    """Every rule across the records, first the references (a later rule may rely on them)."""
    yield from _references(data)
    yield from _entries(data)
    yield from record_text_errors(data).items()  # control characters, lengths (domain/fields.py)
    yield from _days(data)
    yield from _template(data, templates)


def _surrogate(raw: object, location: tuple = ()) -> tuple[tuple, str] | None:
    """The first text holding half a UTF-16 pair (``"\\ud800"``), which Python's JSON reader keeps and pydantic's
    refuses as a whole file: its path and the reason (domain/fields.py)."""
    if isinstance(raw, str) and any(name.startswith("U+D") for name in bad_characters(raw)):
        return location, text_problem(raw, Limit(len(raw)))
    children = raw.items() if isinstance(raw, dict) else enumerate(raw) if isinstance(raw, list) else ()
    for key, value in children:
        if found := _surrogate(value, (*location, key)):
            return found
    return None


def loads(text: str, templates: TemplateLibrary | None = None) -> UnitBundle:
    """The bundle's unit-year and its framework entries (None for a format-1 bundle), checked whole by
    :class:`Bundle` (``templates``: the library a template key is looked up in; the app's by default); pass
    ``framework_entries`` on to ``Store.replace_unit_year``, which checks them against the template."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleError(f"ชุดข้อมูลไม่ใช่ JSON / bundle is not JSON: line {error.lineno} column {error.colno}") from None
    if not isinstance(raw, dict):
        raise BundleError(f"{INVALID}: (ทั้งไฟล์): ต้องเป็นออบเจกต์ JSON")
    try:
        bundle = Bundle.model_validate_json(text, strict=True, context={"templates": templates})
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        if first["type"] == "json_invalid" and (found := _surrogate(raw)):
            location, problem = found
        else:
            location = tuple(_location(first["ctx"]["path"])) if first["type"] == CUSTOM else first["loc"]
            problem = reason(first)
        raise BundleError(f"{INVALID}: {path_of(location)}{_part_of(raw, location)}: {problem}") from None
    return UnitBundle(**{name: getattr(bundle, name) for name in UnitBundle.model_fields})


def _location(path: str) -> Iterator[str | int]:
    """``measures[3].indicator`` → ``measures``, 3, ``indicator``."""
    for part in path.replace("]", "").replace("[", ".").split("."):
        yield int(part) if part.isdigit() else part
