"""Malformed unit bundles (issue 35 item 9): a valid bundle of a demo unit's year, then one mutation each.

``valid_bundle()`` is the demo's DEMO-01 for FY 2570 as ``dumps`` writes it, with one framework entry of its own (the
minimums), so the entries can be broken too. ``CORPUS`` lists ``(name, path, mutate)``: ``mutate`` breaks a parsed
copy of the document, ``path`` is where the refusal must point (``measures[3].indicator``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

FY = 2570
UNIT = "DEMO-01"


def valid_bundle() -> str:
    from ita_dash.domain.framework import library
    from ita_dash.store.bundle import dumps
    from ita_dash.store.demo import UNITS, build_unit_year

    document = json.loads(dumps(build_unit_year(library(), UNITS[0], FY, dt.date(2027, 2, 10))))
    document["framework_entries"] = [{
        "kind": "police-station", "fiscal_year": FY, "part": "quotas", "unit_code": UNIT, "province_code": None,
        "oit_items": None, "calendar": None,
        "quotas": {"iit": {"minimum": 30, "rule": "", "parts": None, "groups": []}, "eit": None, "eit2": None},
        "source": "ITAP", "entered_by": "chief", "entered_at": "2027-01-05T03:00:00Z"}]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def text_of(document: dict) -> str:
    """The document as a file would hold it (non-ASCII and lone surrogates as ``\\u`` escapes, NaN as NaN)."""
    return json.dumps(document, indent=2)


def _set(where: str, **values) -> Callable[[dict], None]:
    """Set ``values`` on the record at ``where`` ("measures[3]", "year", "" for the top)."""
    def mutate(document: dict) -> None:
        record = document
        for part in filter(None, where.replace("]", "").replace("[", ".").split(".")):
            record = record[int(part)] if part.isdigit() else record[part]
        record.update(values)
    return mutate


def _drop(where: str, key: str) -> Callable[[dict], None]:
    def mutate(document: dict) -> None:
        record = document
        for part in filter(None, where.replace("]", "").replace("[", ".").split(".")):
            record = record[int(part)] if part.isdigit() else record[part]
        del record[key]
    return mutate


def _copy_of(name: str, index: int, **changes) -> Callable[[dict], None]:
    """Append a copy of ``document[name][index]`` (with ``changes``)."""
    def mutate(document: dict) -> None:
        document[name].append({**document[name][index], **changes})
    return mutate


def _many(name: str, count: int) -> Callable[[dict], None]:
    """``count`` copies of the first record of ``name`` (measures or sections), each with its own code."""
    def mutate(document: dict) -> None:
        first = document[name][0]
        document[name] = [{**first, "code": f"{name[0]}{n:05d}"} for n in range(count)]
        if name == "measures":
            document["follow_ups"] = []
    return mutate


def _both(*mutations: Callable[[dict], None]) -> Callable[[dict], None]:
    def mutate(document: dict) -> None:
        for mutation in mutations:
            mutation(document)
    return mutate


# (name, path the refusal names, mutation)
CORPUS: list[tuple[str, str, Callable[[dict], None]]] = [
    # wrong types: JSON says what it is, nothing is converted
    ("indicator as a string", "measures[3].indicator", _set("measures[3]", indicator="3")),
    ("indicator as a fraction", "measures[3].indicator", _set("measures[3]", indicator=3.5)),
    ("indicator as a whole float", "measures[3].indicator", _set("measures[3]", indicator=3.0)),
    ("indicator as a boolean", "measures[3].indicator", _set("measures[3]", indicator=True)),
    ("percent as a string", "follow_ups[1].percent", _set("follow_ups[1]", percent="50")),
    ("done as a string", "measures[2].done", _set("measures[2]", done="false")),
    ("demo as a number", "unit.demo", _set("unit", demo=1)),
    ("checklist of words", "oit_items[0].checklist[0]", _set("oit_items[0]", checklist=["yes"])),
    ("deadline as a number", "measures[0].deadline", _set("measures[0]", deadline=20270315)),
    ("fiscal year as a string", "year.fiscal_year", _set("year", fiscal_year="2570")),
    ("staff count as a string", "year.staff_count", _set("year", staff_count="128")),
    ("total score as a string", "results[0].total", _set("results[0]", total="85.7")),
    ("name as a number", "sections[1].name", _set("sections[1]", name=12)),
    # nesting where a scalar is expected, and the other way round
    ("activity as an object", "measures[0].activity", _set("measures[0]", activity={"text": "x"})),
    ("unit name as a list", "unit.name", _set("unit", name=["สภ."])),
    ("measures as an object", "measures", _set("", measures={"1-01": {}})),
    ("year as a list", "year", _set("", year=[FY])),
    # values out of range or not in their list
    ("indicator 11", "measures[3].indicator", _set("measures[3]", indicator=11)),
    ("negative percent", "follow_ups[1].percent", _set("follow_ups[1]", percent=-5)),
    ("percent over 100", "follow_ups[1].percent", _set("follow_ups[1]", percent=140)),
    ("month 13", "follow_ups[2].month", _set("follow_ups[2]", month="2026-13")),
    ("unknown status", "follow_ups[2].status", _set("follow_ups[2]", status="finished")),
    ("unknown cadence", "measures[1].cadence", _set("measures[1]", cadence="fortnightly")),
    ("unknown kind", "unit.kind", _set("unit", kind="police")),
    ("unknown OIT status", "oit_items[1].status", _set("oit_items[1]", status="done")),
    ("unknown quota tool", "quota_snapshots[0].tool", _set("quota_snapshots[0]", tool="OIT")),
    ("unknown level", "results[0].level", _set("results[0]", level="Z")),
    ("score over 100", "results[0].total", _set("results[0]", total=101.5)),
    ("score NaN", "results[0].total", _set("results[0]", total=float("nan"))),
    ("score infinite", "results[0].iit", _set("results[0]", iit=float("inf"))),
    ("negative staff count", "year.staff_count", _set("year", staff_count=-1)),
    ("staff count past a database integer", "year.staff_count", _set("year", staff_count=3_000_000_000)),
    ("snapshot count past a database integer", "quota_snapshots[0].count",
     _set("quota_snapshots[0]", count=10_000_000_000)),
    ("sort order past a database integer", "sections[0].sort_order", _set("sections[0]", sort_order=2**40)),
    ("version past a database integer", "measures[0].version", _set("measures[0]", version=2**31)),
    ("negative version", "follow_ups[0].version", _set("follow_ups[0]", version=-1)),
    ("fiscal year 3000", "year.fiscal_year", _set("year", fiscal_year=3000)),
    ("impossible deadline", "measures[0].deadline", _set("measures[0]", deadline="2027-02-30")),
    ("deadline in 1900", "measures[0].deadline", _set("measures[0]", deadline="1900-01-01")),
    ("due date in 9999", "oit_items[0].due_date", _set("oit_items[0]", due_date="9999-12-31")),
    ("entered before year 1 in UTC", "follow_ups[0].entered_at",
     _set("follow_ups[0]", entered_at="0001-01-01T00:00:00+07:00")),
    ("entered without a time zone", "follow_ups[0].entered_at", _set("follow_ups[0]", entered_at="2026-11-01T08:00:00")),
    ("plan start outside the fiscal year", "year.plan_start", _set("year", plan_start="2020-01-01")),
    ("format version 3", "format_version", _set("", format_version=3)),
    # the template
    ("unknown template key", "year.template_key", _set("year", template_key="no-such-template")),
    ("template of another kind", "year.template_key", _set("year", template_key="local-admin-2570")),
    ("over-long template key", "year.template_key", _set("year", template_key="police-station-2570" + "x" * 60)),
    # lengths, characters, sizes
    ("over-long measure code", "measures[0].code", _set("measures[0]", code="1-" + "0" * 60)),
    ("over-long section code", "sections[0].code", _set("sections[0]", code="a" * 41)),
    ("over-long unit name", "unit.name", _set("unit", name="ก" * 201)),
    ("over-long activity", "measures[0].activity", _set("measures[0]", activity="ก" * 5000)),
    ("NUL in an activity", "measures[0].activity", _set("measures[0]", activity="มาตรการ\x00")),
    ("a bell in a section name", "sections[1].name", _set("sections[1]", name="งาน\x07")),
    ("a line feed in a one-line name", "unit.short_name", _set("unit", short_name="สภ.\nตัวอย่าง")),
    ("a lone surrogate in a note", "follow_ups[0].note", _set("follow_ups[0]", note="\ud800")),
    ("300 checklist ticks", "oit_items[0].checklist", _set("oit_items[0]", checklist=[True] * 300)),
    ("over-long entry source", "framework_entries[0].source", _set("framework_entries[0]", source="ก" * 81)),
    ("30,000 measures", "measures", _many("measures", 30_000)),
    ("1,000 sections", "sections", _many("sections", 1_000)),
    # codes and references
    ("duplicated measure code", "measures[1].code", _set("measures[1]", code="1-01")),
    ("duplicated section code", "sections[1].code", _set("sections[1]", code="admin")),
    ("duplicated OIT item", "oit_items[25]", _copy_of("oit_items", 0)),
    ("second report of a month", "follow_ups[70]", _copy_of("follow_ups", 0)),
    ("follow-up of an unknown measure", "follow_ups[4].measure_code", _set("follow_ups[4]", measure_code="9-99")),
    ("owner section that does not exist", "measures[1].owner_section", _set("measures[1]", owner_section="nobody")),
    ("OIT owner that does not exist", "oit_items[0].owner_section", _set("oit_items[0]", owner_section="ghost")),
    ("snapshot section that does not exist", "quota_snapshots[0].section", _set("quota_snapshots[0]", section="ghost")),
    ("month of another fiscal year", "follow_ups[0].month", _set("follow_ups[0]", month="2025-10")),
    ("unit of another province", "unit.province_code", _set("unit", province_code="ELSEWHERE")),
    ("entry of another year", "framework_entries[0]", _set("framework_entries[0]", fiscal_year=2569)),
    ("entry of another unit", "framework_entries[0]", _set("framework_entries[0]", unit_code="DEMO-02")),
    ("unknown entry part", "framework_entries[0].part", _set("framework_entries[0]", part="budget")),
    ("OIT code O999", "oit_items[0].code", _set("oit_items[0]", code="O999")),
    # unknown and missing keys
    ("unknown top-level key", "colour", _set("", colour="red")),
    ("unknown measure key", "measures[0].colour", _set("measures[0]", colour="red")),
    ("missing activity", "measures[0].activity", _drop("measures[0]", "activity")),
    ("missing entered_at", "follow_ups[0].entered_at", _drop("follow_ups[0]", "entered_at")),
    ("missing format", "format", _drop("", "format")),
    ("missing unit", "unit", _drop("", "unit")),
    ("unit kind null", "unit.kind", _set("unit", kind=None)),
    ("entries in a format-1 bundle", "framework_entries", _set("", format_version=1)),
    ("code with a space", "measures[0].code", _both(_set("measures[0]", code="1 01"))),
]
