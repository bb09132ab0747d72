"""A synthetic country for benchmarks and load tests: regions, provinces of about twenty police stations and one
immigration unit each, with the demo's plans, monthly follow-ups, OIT work and ITAP counts.

Every name says it is synthetic (``ภ.จว.สังเคราะห์ 07``), every code starts with ``SYN-``, and the provinces are
flagged as demo data. Deterministic for a given size, fiscal year and as-of date.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ita_dash.domain.fiscal import Month, fiscal_end, fiscal_start
from ita_dash.domain.framework import TemplateLibrary
from ita_dash.domain.model import Province, Region, Unit, UnitKind, UnitYearData

from .demo import build_unit_year

PREFIX = "SYN-"
REGIONS = 9
STATIONS_PER_PROVINCE = 20
_FIRST = ["บ้าน", "หนอง", "ท่า", "โคก", "ห้วย", "ดอน", "วัง", "นา", "บึง", "เขา", "ทุ่ง", "คลอง", "บาง", "สระ", "โนน", "ป่า"]
_SECOND = ["ใหม่", "ทอง", "แก้ว", "สวรรค์", "งาม", "เหนือ", "ใต้", "ยาว", "ใหญ่", "หลวง", "ทราย", "เจริญ", "สะอาด",
           "บัว", "จันทร์", "ไผ่", "แดง", "ขาม", "โพธิ์", "มะม่วง"]


@dataclass(frozen=True)
class Plan:
    regions: list[Region]
    provinces: list[Province]
    units: list[tuple[Unit, int, float]]  # unit, staff count, diligence


def plan(stations: int, seed: int = 0) -> Plan:
    """``stations`` police stations in provinces of about twenty, plus one immigration unit per province."""
    rng = random.Random(f"synth/{stations}/{seed}")
    province_count = max(1, round(stations / STATIONS_PER_PROVINCE))
    regions = [Region(code=f"{PREFIX}R{n}", name=f"ภาค {n} (ข้อมูลสังเคราะห์)") for n in range(1, min(REGIONS, province_count) + 1)]
    provinces = [Province(code=f"{PREFIX}P{n:03d}", name=f"ภ.จว.สังเคราะห์ {n:03d}",
                          region_code=regions[(n - 1) % len(regions)].code, demo=True)
                 for n in range(1, province_count + 1)]
    units = []
    names = [a + b for a in _FIRST for b in _SECOND]
    for index in range(stations):
        province = provinces[index % province_count]
        number = index // province_count + 1
        place = names[(index * 7919) % len(names)]
        unit = Unit(code=f"{province.code}-{number:03d}", name=f"สถานีตำรวจภูธร{place} {number}", short_name=f"สภ.{place}",
                    kind=UnitKind.POLICE_STATION, province_code=province.code, demo=True)
        units.append((unit, rng.randint(30, 160), round(rng.uniform(0.45, 0.97), 2)))
    for province in provinces:
        unit = Unit(code=f"{province.code}-IM", name=f"ตรวจคนเข้าเมือง{province.name}", short_name="ตม.จว.",
                    kind=UnitKind.IMMIGRATION, province_code=province.code, demo=True)
        units.append((unit, rng.randint(40, 120), round(rng.uniform(0.5, 0.95), 2)))
    return Plan(regions, provinces, sorted(units, key=lambda u: u[0].code))


def unit_years(country: Plan, library: TemplateLibrary, fiscal_year: int, as_of: dt.date) -> Iterator[UnitYearData]:
    """Each unit's year, built like the demo's. One unit in six started its plan in December rather than October,
    so the rules about a plan's start are exercised too."""
    as_of = min(as_of, fiscal_end(fiscal_year))
    region_of = {r.code: r for r in country.regions}
    province_of = {p.code: p for p in country.provinces}
    for unit, staff, diligence in country.units:
        data = build_unit_year(library, (unit.code, unit.name, unit.short_name, unit.kind, staff, diligence), fiscal_year,
                               as_of)
        year = data.year
        if zlib.crc32(unit.code.encode()) % 6 == 0:
            year = year.model_copy(update={"plan_start": Month.of(fiscal_start(fiscal_year)).next().next().first_day})
        province = province_of[unit.province_code]
        yield data.model_copy(update={"unit": unit, "province": province, "region": region_of[province.region_code],
                                      "year": year})


def build_country(store, library: TemplateLibrary, stations: int, fiscal_year: int, as_of: dt.date, actor,
                  batch: int = 50, progress: Callable[[int, int], None] | None = None) -> Plan:
    """Replace the synthetic country in ``store`` (an SQL store) with a new one; ``progress(done, total)`` after
    every batch of units."""
    country = plan(stations)
    for province in store.list_provinces(actor):
        if province.code.startswith(PREFIX):
            store.delete_province(actor, province.code)
    pending, done = [], 0
    for data in unit_years(country, library, fiscal_year, as_of):
        pending.append(data)
        if len(pending) == batch:
            store.add_unit_years(actor, pending)
            done += len(pending)
            pending = []
            if progress:
                progress(done, len(country.units))
    if pending:
        store.add_unit_years(actor, pending)
        done += len(pending)
        if progress:
            progress(done, len(country.units))
    store.refresh_statistics()
    return country
