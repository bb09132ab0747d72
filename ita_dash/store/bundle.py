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
from typing import Literal

from pydantic import ValidationError

from ita_dash.domain.fields import record_text_errors
from ita_dash.domain.fiscal import Month, fiscal_year_of
from ita_dash.domain.framework_entries import PART_LABELS, FrameworkEntry, FrameworkPart
from ita_dash.domain.model import UnitYearData

FORMAT = "ita-dash/unit-bundle"
FORMAT_VERSION = 2  # 2: framework_entries; 1 (no entries) is still read


class BundleError(ValueError):
    """The bundle is rejected whole; the message is one line with the path of the first bad field."""


class UnitBundle(UnitYearData):
    """A unit's year as a bundle holds it: the year and the unit's own framework entries of that year. None: the
    bundle does not speak of them (format 1), so an import leaves the unit's entries as they are."""

    framework_entries: list[FrameworkEntry] | None = None


class Bundle(UnitBundle):
    format: Literal["ita-dash/unit-bundle"]
    format_version: Literal[1, 2]


def unit_entries(entries: list[FrameworkEntry], unit_code: str, fiscal_year: int) -> list[FrameworkEntry]:
    """The entries that are the unit's own for the year (what a bundle carries), in the order of the parts, times
    in UTC; entries of its province or of its whole kind are left out."""
    order = list(FrameworkPart)
    own = [e for e in entries if e.unit_code == unit_code and e.fiscal_year == fiscal_year and not e.province_code]
    return [e.model_copy(update={"entered_at": e.entered_at.astimezone(dt.UTC)})
            if e.entered_at and e.entered_at.tzinfo else e for e in sorted(own, key=lambda e: order.index(e.part))]


def _path(location: tuple) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


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
    bundle = Bundle(format=FORMAT, format_version=FORMAT_VERSION, **_sorted(year).model_dump(),
                    framework_entries=unit_entries(entries, data.unit.code, data.fiscal_year))
    document = bundle.model_dump(mode="json")
    ordered = {"format": document.pop("format"), "format_version": document.pop("format_version"), **document}
    return json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"


def _check_references(data: UnitYearData) -> None:
    """Cross-record rules pydantic cannot see: codes unique, references resolve, months inside the year."""

    def fail(path: str, message: str) -> None:
        raise BundleError(f"ชุดข้อมูลไม่ถูกต้อง / invalid bundle: {path}: {message}")

    if data.unit.province_code != data.province.code:
        fail("unit.province_code", f"'{data.unit.province_code}' is not the bundle's province '{data.province.code}'")
    if data.province.region_code != data.region.code:
        fail("province.region_code", f"'{data.province.region_code}' is not the bundle's region '{data.region.code}'")
    sections = set()
    for index, section in enumerate(data.sections):
        if section.code in sections:
            fail(f"sections[{index}].code", f"duplicate section '{section.code}'")
        sections.add(section.code)
    measures = set()
    for index, measure in enumerate(data.measures):
        if measure.code in measures:
            fail(f"measures[{index}].code", f"duplicate measure '{measure.code}'")
        measures.add(measure.code)
        if measure.owner_section is not None and measure.owner_section not in sections:
            fail(f"measures[{index}].owner_section", f"no section '{measure.owner_section}'")
    seen = set()
    for index, follow_up in enumerate(data.follow_ups):
        if follow_up.measure_code not in measures:
            fail(f"follow_ups[{index}].measure_code", f"no measure '{follow_up.measure_code}'")
        if (follow_up.measure_code, follow_up.month) in seen:
            fail(f"follow_ups[{index}].month", f"second report for {follow_up.measure_code} in {follow_up.month}")
        seen.add((follow_up.measure_code, follow_up.month))
        if fiscal_year_of(Month.parse(follow_up.month).first_day) != data.fiscal_year:
            fail(f"follow_ups[{index}].month", f"{follow_up.month} is outside fiscal year {data.fiscal_year}")
    items = set()
    for index, item in enumerate(data.oit_items):
        if item.code in items:
            fail(f"oit_items[{index}].code", f"duplicate OIT item '{item.code}'")
        items.add(item.code)
        if item.owner_section is not None and item.owner_section not in sections:
            fail(f"oit_items[{index}].owner_section", f"no section '{item.owner_section}'")
    for index, snapshot in enumerate(data.quota_snapshots):
        if snapshot.section is not None and snapshot.section not in sections:
            fail(f"quota_snapshots[{index}].section", f"no section '{snapshot.section}'")
    years = set()
    for index, result in enumerate(data.results):
        if result.fiscal_year in years:
            fail(f"results[{index}].fiscal_year", f"second result for {result.fiscal_year}")
        years.add(result.fiscal_year)


def _check_entries(data: UnitBundle) -> None:
    """The entries are the unit's own, of the bundle's year, one per part (what they say is checked against the
    template by the store, as the form's are)."""
    parts = set()
    for index, entry in enumerate(data.framework_entries or []):
        where = f"framework_entries[{index}] ({PART_LABELS[entry.part]})"
        if entry.unit_code != data.unit.code or entry.province_code:
            problem = f"ไม่ใช่ข้อมูลที่กรอกของหน่วย {data.unit.code} (ชุดข้อมูลหน่วยมีเฉพาะข้อมูลของหน่วยเอง)"
        elif entry.kind != data.unit.kind:
            problem = f"เป็นของหน่วยประเภท {entry.kind.value} ไม่ใช่ {data.unit.kind.value}"
        elif entry.fiscal_year != data.fiscal_year:
            problem = f"เป็นของปี {entry.fiscal_year} ไม่ใช่ปี {data.fiscal_year} ของชุดข้อมูล"
        elif entry.part in parts:
            problem = f"{PART_LABELS[entry.part]} ซ้ำกับรายการก่อนหน้า"
        else:
            parts.add(entry.part)
            continue
        raise BundleError(f"ชุดข้อมูลไม่ถูกต้อง / invalid bundle: {where}: {problem}")


def loads(text: str) -> UnitBundle:
    """The bundle's unit-year and its framework entries (None for a format-1 bundle), checked whole; pass
    ``framework_entries`` on to ``Store.replace_unit_year``, which checks them against the template."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise BundleError(f"ชุดข้อมูลไม่ใช่ JSON / bundle is not JSON: line {error.lineno} column {error.colno}") from None
    if not isinstance(raw, dict):
        raise BundleError("ชุดข้อมูลไม่ถูกต้อง / invalid bundle: (top level): expected a JSON object")
    try:
        bundle = Bundle.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        raise BundleError(f"ชุดข้อมูลไม่ถูกต้อง / invalid bundle: {_path(first['loc'])}{_part_of(raw, first['loc'])}: "
                          f"{first['msg']}") from None
    if bundle.format_version == 1 and bundle.framework_entries is not None:
        raise BundleError("ชุดข้อมูลไม่ถูกต้อง / invalid bundle: framework_entries: "
                          "ชุดข้อมูลรุ่น 1 ไม่มีข้อมูลที่กรอกของกรอบการประเมิน (ใช้ format_version 2)")
    data = UnitBundle(**{name: getattr(bundle, name) for name in UnitBundle.model_fields})
    _check_references(data)
    _check_entries(data)
    for path, problem in record_text_errors(data).items():  # control characters, lengths (domain/fields.py)
        raise BundleError(f"ชุดข้อมูลไม่ถูกต้อง / invalid bundle: {path}: {problem}")
    return data
