"""The unit bundle: one unit's fiscal year as a JSON file (``docs/bundle.md``). Also our backup format.

Writing is deterministic (sorted records, fixed key order, UTF-8, two-space indent, final newline) so that
export → import → export gives the same bytes. Reading validates the whole file before anything is written and
names the first bad field by its path, e.g. ``measures[3].indicator``.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import ValidationError

from ita_dash.domain.fields import record_text_errors
from ita_dash.domain.fiscal import Month, fiscal_year_of
from ita_dash.domain.model import UnitYearData

FORMAT = "ita-dash/unit-bundle"
FORMAT_VERSION = 1


class BundleError(ValueError):
    """The bundle is rejected whole; the message is one line with the path of the first bad field."""


class Bundle(UnitYearData):
    format: Literal["ita-dash/unit-bundle"]
    format_version: Literal[1]


def _path(location: tuple) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


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


def dumps(data: UnitYearData) -> str:
    bundle = Bundle(format=FORMAT, format_version=FORMAT_VERSION, **_sorted(data).model_dump())
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


def loads(text: str) -> UnitYearData:
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
        raise BundleError(f"ชุดข้อมูลไม่ถูกต้อง / invalid bundle: {_path(first['loc'])}: {first['msg']}") from None
    data = UnitYearData(**bundle.model_dump(exclude={"format", "format_version"}))
    _check_references(data)
    for path, problem in record_text_errors(data).items():  # control characters, lengths (domain/fields.py)
        raise BundleError(f"ชุดข้อมูลไม่ถูกต้อง / invalid bundle: {path}: {problem}")
    return data
