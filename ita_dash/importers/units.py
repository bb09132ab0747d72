"""Reading the list of units a command already has (.xlsx or .csv): one row per unit with its kind, province, region
and staff count (issue 13).

The file is read with the plan importer's reader (:func:`ita_dash.importers.plan.read_rows`, bounded there) and its
header keys; headers may be Thai or English, digits Thai or Arabic, cells padded with stray spaces, and the same
province may be written two ways ("จ.ขอนแก่น", "จังหวัดขอนแก่น", "ขอนแก่น"). Nothing is written here: :func:`preview`
says what the file holds, row by row, and lists the rows that cannot be read with their row number and reason.
The store's ``import_units`` then writes it in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import ValidationError

from ita_dash.domain.model import Province, Region, Unit, UnitKind
from ita_dash.domain.thaidate import arabic_digits

from .plan import PlanFileError, clean_cell, name_key, read_rows

MAX_ROWS = 5000  # units in one file: far more than a country has per command
HEADER_SCAN = 20

# field → header names it is known by (compared without spaces, slashes, dots, brackets, case)
UNIT_HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("รหัสหน่วย", "รหัสหน่วยงาน", "รหัส", "code", "unitcode"),
    "name": ("ชื่อหน่วย", "ชื่อหน่วยงาน", "หน่วยงาน", "หน่วย", "name", "unitname", "unit"),
    "short_name": ("ชื่อย่อ", "ชื่อย่อหน่วย", "shortname", "short"),
    "kind": ("ประเภท", "ประเภทหน่วย", "ประเภทหน่วยงาน", "kind", "type", "unitkind"),
    "province_code": ("รหัสจังหวัด", "provincecode"),
    "province_name": ("จังหวัด", "ชื่อจังหวัด", "province", "provincename"),
    "region_code": ("รหัสภาค", "regioncode"),
    "region_name": ("ภาค", "ชื่อภาค", "region", "regionname"),
    "staff_count": ("จำนวนกำลังพล", "กำลังพล", "จำนวนบุคลากร", "บุคลากร", "จำนวนเจ้าหน้าที่", "staff", "staffcount",
                    "iittarget", "เป้าหมายiit"),
}
UNIT_FIELD_LABELS = {
    "code": "รหัสหน่วย", "name": "ชื่อหน่วย", "short_name": "ชื่อย่อ", "kind": "ประเภทหน่วย",
    "province_code": "รหัสจังหวัด", "province_name": "จังหวัด", "region_code": "รหัสภาค", "region_name": "ภาค",
    "staff_count": "จำนวนกำลังพล",
}

# what people write in the kind column → the template kind (checked in order; the template kind itself also works)
_KIND_WORDS: list[tuple[str, UnitKind]] = [
    ("ตรวจคนเข้าเมือง", UnitKind.IMMIGRATION), ("ตม.", UnitKind.IMMIGRATION), ("ตม", UnitKind.IMMIGRATION),
    ("immigration", UnitKind.IMMIGRATION),
    ("สถานีตำรวจ", UnitKind.POLICE_STATION), ("สภ.", UnitKind.POLICE_STATION), ("สน.", UnitKind.POLICE_STATION),
    ("policestation", UnitKind.POLICE_STATION), ("police", UnitKind.POLICE_STATION),
    ("องค์กรปกครองส่วนท้องถิ่น", UnitKind.LOCAL_ADMIN), ("อปท.", UnitKind.LOCAL_ADMIN), ("อปท", UnitKind.LOCAL_ADMIN),
    ("เทศบาล", UnitKind.LOCAL_ADMIN), ("อบต.", UnitKind.LOCAL_ADMIN), ("อบจ.", UnitKind.LOCAL_ADMIN),
    ("localadmin", UnitKind.LOCAL_ADMIN), ("localadministration", UnitKind.LOCAL_ADMIN),
]
_PLACE_PREFIX = re.compile(r"^(จังหวัด|จ\.|ตำรวจภูธรภาค|ภาค)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # NUL and other control characters never reach the database
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def header_key(text: str) -> str:
    """A header cell compared without spaces, slashes, dots, dashes, underscores, brackets' contents and case."""
    text = re.sub(r"\(.*?\)", "", arabic_digits(text))
    return re.sub(r"[._\-:*]", "", name_key(text)).lower()


def map_columns(cells: list[str], headers: dict[str, tuple[str, ...]]) -> dict[int, str]:
    """Column index → field for a header row (columns not known are left out; the first column naming a field wins)."""
    known = {header_key(alias): name for name, aliases in headers.items() for alias in aliases}
    mapping: dict[int, str] = {}
    for index, cell in enumerate(cells):
        found = known.get(header_key(cell))
        if found and found not in mapping.values():
            mapping[index] = found
    return mapping


def _cell_text(cell: str, multiline: bool) -> str:
    """A cell as a field's text: cleaned, Thai digits made Arabic, control characters dropped; a multiline field
    keeps one line per paragraph."""
    if not multiline:
        return _CONTROL.sub("", arabic_digits(clean_cell(cell)))
    lines = (_CONTROL.sub("", arabic_digits(clean_cell(line))) for line in cell.split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class Table:
    """A list's rows as {field: text}, with their row numbers in the file (1-based)."""

    header_row: int
    headers: list[str]
    mapping: dict[int, str]
    rows: list[tuple[int, dict[str, str]]]

    @property
    def unknown_columns(self) -> list[str]:
        return [h for i, h in enumerate(self.headers) if h and i not in self.mapping]


def read_table(filename: str, content: bytes, headers: dict[str, tuple[str, ...]], required: tuple[str, ...],
               max_rows: int = MAX_ROWS, multiline: tuple[str, ...] = ()) -> Table:
    """The header row (found within the first 20 rows) and every filled row below it, cells cleaned and Thai
    digits made Arabic; the fields in ``multiline`` keep a cell's paragraphs on lines of their own (a checklist).
    Raises :class:`PlanFileError` with a Thai reason when the file cannot be used at all."""
    rows = read_rows(filename, content)
    if not any(any(cell for cell in row) for row in rows):
        raise PlanFileError("ไม่พบข้อมูลในไฟล์ (แผ่นงานแรกว่างเปล่า)")
    for index, cells in enumerate(rows[:HEADER_SCAN]):  # noqa: B007 - the header row found is read below
        mapping = map_columns(cells, headers)
        if set(required) <= set(mapping.values()):
            break
    else:
        names = " · ".join(headers[name][0] for name in required)
        raise PlanFileError(f"ไม่พบแถวหัวตาราง — ต้องมีคอลัมน์ {names} ภายใน {HEADER_SCAN} แถวแรก")
    body = []
    for number, cells in enumerate(rows[index + 1:], start=index + 2):
        values = {name: _cell_text(cells[column], name in multiline) for column, name in mapping.items()
                  if column < len(cells)}
        if not any(values.values()):
            continue
        body.append((number, values))
        if len(body) > max_rows:
            raise PlanFileError(f"ไฟล์มีเกิน {max_rows:,} แถว — แบ่งเป็นหลายไฟล์แล้วนำเข้าทีละไฟล์")
    return Table(index + 1, rows[index], mapping, body)


def kind_of(text: str) -> UnitKind | None:
    """The unit kind a cell names, in Thai ("สถานีตำรวจ", "สภ.", "ตม.จว.", "เทศบาล") or as the template kind."""
    compact = re.sub(r"[\s_-]+", "", text).lower()
    for kind in UnitKind:
        if compact == kind.value.replace("-", ""):
            return kind
    from ita_dash.domain.model import thai

    for kind in UnitKind:
        if compact == re.sub(r"\s+", "", thai(kind)):
            return kind
    for word, kind in _KIND_WORDS:
        if compact.startswith(word.lower()):
            return kind
    return None


def place_key(name: str) -> str:
    """A province's or region's name compared without spaces and without "จังหวัด"/"จ."/"ภาค" in front."""
    return _PLACE_PREFIX.sub("", re.sub(r"\s+", "", name))


def _code(text: str) -> str:
    return re.sub(r"\s+", "", text)


def staff_count_of(text: str) -> int | None:
    """"๑,๒๓๔ คน" → 1234; raises ValueError when it is not a whole number."""
    compact = re.sub(r"[\s,]|คน|นาย", "", text)
    if not compact:
        return None
    if not compact.isdigit() or len(compact) > 6:
        raise ValueError(text)
    return int(compact)


@dataclass
class UnitLine:
    row: int
    unit: Unit
    staff_count: int | None = None


@dataclass
class UnitsPreview:
    table: Table
    lines: list[UnitLine]
    regions: dict[str, Region]
    provinces: dict[str, Province]
    problems: list[tuple[int, str]]  # (row, reason): rows that will not be imported
    notes: list[tuple[int, str]] = field(default_factory=list)  # (row, what was read generously)


# kinds of unit that no police region groups: a region is optional on their rows
KINDS_WITHOUT_REGION = frozenset({UnitKind.LOCAL_ADMIN})
NO_REGION = Region(code="LOCAL", name="องค์กรปกครองส่วนท้องถิ่น (ไม่แบ่งภาค)")


def preview(filename: str, content: bytes, known_regions: list[Region] = (), known_provinces: list[Province] = ()) -> UnitsPreview:
    """What importing the units list would bring in. ``known_*``: what the database already holds, so a row may name
    a province by its name alone."""
    table = read_table(filename, content, UNIT_HEADERS, required=("code", "name"))
    regions: dict[str, Region] = {}
    provinces: dict[str, Province] = {}
    region_by_name = {place_key(r.name): r.code for r in known_regions}
    province_by_name = {place_key(p.name): p.code for p in known_provinces}
    known_province = {p.code: p for p in known_provinces}
    known_region = {r.code: r for r in known_regions}
    lines: list[UnitLine] = []
    problems: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    first_row: dict[str, int] = {}
    noted: set[str] = set()

    def place(number, kind_label, code_text, name_text, by_name, known, seen):
        """(code, name) of a region or province from a row, or a reason it cannot be read."""
        code = _code(code_text).upper()
        name = " ".join(name_text.split())
        name = re.sub(r"^จ\.\s*", "", name)
        if not code and name:
            code = by_name.get(place_key(name), "")
            if not code:
                return None, f"ไม่มีรหัส{kind_label}ของ “{name[:40]}” (ใส่คอลัมน์รหัส{kind_label})"
        if not code:
            return None, f"ไม่ระบุ{kind_label}"
        if not _CODE.match(code) or len(code) > 40:
            return None, f"รหัส{kind_label} “{code[:40]}” ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข . _ -"
        existing = seen.get(code) or known.get(code)
        if existing is not None and name and place_key(name) != place_key(existing.name) and code in seen:
            return None, f"{kind_label}รหัส {code} เขียนชื่อต่างกัน: “{existing.name}” และ “{name[:40]}”"
        if existing is not None and name and name != existing.name and place_key(name) == place_key(existing.name):
            note = f"{kind_label} “{name}” = “{existing.name}” ({code})"
            if note not in noted:  # each way of writing it once, at its first row
                noted.add(note)
                notes.append((number, note))
            name = existing.name
        if not name:
            if existing is None:
                return None, f"ไม่มีชื่อ{kind_label}รหัส {code}"
            name = existing.name
        by_name.setdefault(place_key(name), code)
        return (code, name), None

    # the region each province's rows give anywhere in the file: an อบต. row above the police rows of its province
    # takes their region rather than the one of units without
    declared = {_code(values.get("province_code", "")).upper(): (_code(values.get("region_code", "")).upper(),
                                                                 " ".join(values.get("region_name", "").split()))
                for _, values in table.rows if values.get("province_code") and values.get("region_code")}
    for number, values in table.rows:
        reasons = []
        code = _code(values.get("code", ""))
        name = " ".join(values.get("name", "").split())
        if not code:
            reasons.append("ไม่มีรหัสหน่วย")
        elif not _CODE.match(code) or len(code) > 40:
            reasons.append(f"รหัสหน่วย “{code[:40]}” ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข . _ -")
        elif code in first_row:
            reasons.append(f"รหัสหน่วย {code} ซ้ำกับแถว {first_row[code]}")
        if not name:
            reasons.append("ไม่มีชื่อหน่วย")
        elif len(name) > 200:
            reasons.append("ชื่อหน่วยยาวเกิน 200 ตัวอักษร")
        kind = kind_of(values.get("kind", "")) if values.get("kind") else None
        if kind is None:
            reasons.append(f"ไม่รู้จักประเภทหน่วย “{values.get('kind', '')[:40]}” (สถานีตำรวจ · ตรวจคนเข้าเมืองจังหวัด · "
                           "องค์กรปกครองส่วนท้องถิ่น)" if values.get("kind") else "ไม่ระบุประเภทหน่วย")
        province, why = place(number, "จังหวัด", values.get("province_code", ""), values.get("province_name", ""),
                              province_by_name, known_province, provinces)
        if why:
            reasons.append(why)
        if kind in KINDS_WITHOUT_REGION and not (values.get("region_code") or values.get("region_name")):
            # a local administration belongs to no police region: its province's region if the province is known,
            # else the one region of units that have none
            known_place = province and (provinces.get(province[0]) or known_province.get(province[0]))
            code_of_region, written = ((known_place.region_code, "") if known_place else
                                       declared.get(province[0] if province else "", (NO_REGION.code, NO_REGION.name)))
            named = regions.get(code_of_region) or known_region.get(code_of_region)
            region = (code_of_region, named.name if named else written or code_of_region)
        else:
            region, why = place(number, "ภาค", values.get("region_code", ""), values.get("region_name", ""),
                                region_by_name, known_region, regions)
            if why:
                reasons.append(why)
        if province and region:
            before = provinces.get(province[0])
            if before is not None and before.region_code != region[0]:
                reasons.append(f"จังหวัด {province[0]} อยู่ภาค {before.region_code} ในแถวก่อน แต่แถวนี้ระบุภาค {region[0]}")
        try:
            staff = staff_count_of(values.get("staff_count", ""))
        except ValueError:
            staff = None
            reasons.append(f"จำนวนกำลังพล “{values.get('staff_count', '')[:20]}” ไม่ใช่จำนวนเต็ม")
        if code and code not in first_row:
            first_row[code] = number
        if reasons:
            problems.append((number, "; ".join(reasons)))
            continue
        try:
            regions.setdefault(region[0], Region(code=region[0], name=region[1]))
            provinces.setdefault(province[0], Province(code=province[0], name=province[1], region_code=region[0]))
            unit = Unit(code=code, name=name, short_name=" ".join(values.get("short_name", "").split())[:200],
                        kind=kind, province_code=province[0])
        except ValidationError as error:
            problems.append((number, f"ข้อมูลไม่ถูกต้อง: {error.errors()[0]['msg']}"))
            continue
        lines.append(UnitLine(number, unit, staff))
    return UnitsPreview(table, lines, regions, provinces, problems, notes)
