"""Reading the list of people who will use the app (.xlsx or .csv): one row per person with their role and scope
(issue 13).

Same reader and header rules as the units list (:mod:`ita_dash.importers.units`). A username left blank is made from
the unit and section ("kk-01.admin", "kk-01.chief", "kk.province"). Units, sections, provinces and regions may be
given by code or by name. Nothing is written here: :func:`preview` returns the accounts and the rows that cannot be
read with their reason; the store's ``import_users`` writes them and makes the one-time passwords.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

from ita_dash.domain.accounts import User, email_problem, scope_problem
from ita_dash.domain.model import Province, Region, Role, Section, Unit
from ita_dash.domain.wording import MIXED, role_label, words_of

from .units import Table, place_key, read_table

MAX_ACCOUNTS = 2000

ACCOUNT_HEADERS: dict[str, tuple[str, ...]] = {
    "username": ("ชื่อผู้ใช้", "ชื่อบัญชี", "บัญชีผู้ใช้", "username", "user", "login"),
    "display_name": ("ยศชื่อสกุล", "ยศชื่อนามสกุล", "ยศชื่อ", "ชื่อสกุล", "ชื่อนามสกุล", "ชื่อ", "ชื่อที่แสดง",
                     "displayname", "name", "fullname"),
    "role": ("บทบาท", "สิทธิ์", "หน้าที่", "role"),
    "unit": ("หน่วย", "หน่วยงาน", "รหัสหน่วย", "ชื่อหน่วย", "unit", "unitcode"),
    "section": ("สายงาน", "รหัสสายงาน", "งาน", "กอง", "รหัสกอง", "สายงาน/กอง", "section", "sectioncode"),
    "province": ("จังหวัด", "รหัสจังหวัด", "province", "provincecode"),
    "region": ("ภาค", "รหัสภาค", "region", "regioncode"),
    "email": ("อีเมล", "อีเมล์", "email", "e-mail", "mail"),
}
_ROLE_WORDS: list[tuple[str, Role]] = [
    ("หัวหน้าสายงาน", Role.SECTION_HEAD), ("สายงาน", Role.SECTION_HEAD), ("sectionhead", Role.SECTION_HEAD),
    ("หัวหน้ากอง", Role.SECTION_HEAD), ("ผู้อำนวยการกอง", Role.SECTION_HEAD),  # a local administration's กอง
    ("หัวหน้าหน่วย", Role.CHIEF), ("ผู้กำกับ", Role.CHIEF), ("ผกก", Role.CHIEF), ("หัวหน้าสถานี", Role.CHIEF),
    ("chief", Role.CHIEF),
    ("ระดับจังหวัด", Role.PROVINCE), ("จังหวัด", Role.PROVINCE), ("ภจว", Role.PROVINCE), ("province", Role.PROVINCE),
    ("ระดับภาค", Role.REGION), ("ภาค", Role.REGION), ("region", Role.REGION),
    ("ผู้ชม", Role.VIEWER), ("viewer", Role.VIEWER),
    ("ผู้ดูแลระบบ", Role.ADMIN), ("admin", Role.ADMIN),
]
_USERNAME = re.compile(r"^[A-Za-z0-9._@-]{3,60}$")


def role_of(text: str) -> Role | None:
    compact = re.sub(r"[\s._-]+", "", text).lower()
    for role in Role:
        if compact == role.value.replace("_", ""):
            return role
    for word, role in _ROLE_WORDS:
        if compact.startswith(word.lower()):
            return role
    return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "", text.lower())


@dataclass
class AccountLine:
    row: int
    user: User
    unit_name: str = ""  # for the slip
    generated: bool = False  # the username was made from the unit and section


@dataclass
class AccountsPreview:
    table: Table
    lines: list[AccountLine]
    problems: list[tuple[int, str]]


def preview(filename: str, content: bytes, units: list[Unit], sections: dict[str, list[Section]],
            provinces: list[Province], regions: list[Region]) -> AccountsPreview:
    """The accounts a list would make. ``sections``: unit code → its (active) sections."""
    table = read_table(filename, content, ACCOUNT_HEADERS, required=("display_name", "role"), max_rows=MAX_ACCOUNTS)
    unit_by = {}
    for unit in units:
        for key in (unit.code, unit.code.lower(), place_key(unit.name), place_key(unit.short_name)):
            if key:
                unit_by.setdefault(key, unit)
    province_by = {k: p for p in provinces for k in (p.code, p.code.lower(), place_key(p.name))}
    region_by = {k: r for r in regions for k in (r.code, r.code.lower(), place_key(r.name))}
    lines: list[AccountLine] = []
    problems: list[tuple[int, str]] = []
    first_row: dict[str, int] = {}
    for number, values in table.rows:
        reasons = []
        role = role_of(values.get("role", ""))
        if role is None:
            reasons.append(f"ไม่รู้จักบทบาท “{values.get('role', '')[:30]}” (หัวหน้าหน่วย · {MIXED.section_head} · ระดับจังหวัด · "
                           "ระดับภาค · ผู้ชม)")
        unit = section = province = region = None
        if text := values.get("unit", ""):
            unit = unit_by.get(re.sub(r"\s+", "", text)) or unit_by.get(place_key(text))
            if unit is None:
                reasons.append(f"ไม่พบหน่วย “{text[:40]}”")
        words = words_of(unit.kind) if unit is not None else MIXED  # สายงาน, or กอง for a local administration
        if (text := values.get("section", "")) and unit is not None:
            choices = sections.get(unit.code, [])
            section = next((s for s in choices if s.code == text.strip() or place_key(s.name) == place_key(text)), None)
            if section is None:
                reasons.append(f"หน่วย {unit.code} ไม่มี{words.section} “{text[:40]}”")
        if text := values.get("province", ""):
            province = province_by.get(re.sub(r"\s+", "", text)) or province_by.get(place_key(re.sub(r"^จ\.", "", text)))
            if province is None:
                reasons.append(f"ไม่พบจังหวัด “{text[:40]}”")
            elif unit is not None and unit.province_code != province.code:
                reasons.append(f"หน่วย {unit.code} ไม่ได้อยู่ใน{province.name}")
        if text := values.get("region", ""):
            region = region_by.get(re.sub(r"\s+", "", text)) or region_by.get(place_key(text))
            if region is None:
                reasons.append(f"ไม่พบภาค “{text[:40]}”")
        email = values.get("email", "").strip()
        if problem := email_problem(email):
            reasons.append(f"อีเมล: {problem}")
        name = " ".join(values.get("display_name", "").split())
        if not name:
            reasons.append("ไม่มียศ ชื่อ สกุล")
        elif len(name) > 200:
            reasons.append("ยศ ชื่อ สกุล ยาวเกิน 200 ตัวอักษร")
        username = re.sub(r"\s+", "", values.get("username", ""))
        generated = not username
        if role is not None and generated:
            base = {Role.SECTION_HEAD: f"{unit.code}.{section.code}" if unit and section else "",
                    Role.CHIEF: f"{unit.code}.chief" if unit else "", Role.VIEWER: f"{unit.code}.viewer" if unit else "",
                    Role.PROVINCE: f"{province.code}.province" if province else "",
                    Role.REGION: f"{region.code}.region" if region else "", Role.ADMIN: ""}[role]
            username = _slug(base)
            if not username:
                reasons.append(f"ไม่มีชื่อผู้ใช้ และสร้างจากหน่วย/{words.section}ไม่ได้")
            else:
                candidate, n = username, 2
                while candidate in first_row:
                    candidate, n = f"{username}{n}", n + 1
                username = candidate
        elif username and not _USERNAME.match(username):
            reasons.append(f"ชื่อผู้ใช้ “{username[:40]}” ใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข . _ @ - (3–60 ตัว)")
        elif username in first_row:
            reasons.append(f"ชื่อผู้ใช้ {username} ซ้ำกับแถว {first_row[username]}")
        if username and username not in first_row:
            first_row[username] = number
        if reasons:
            problems.append((number, "; ".join(reasons)))
            continue
        try:
            user = User(username=username, display_name=name, email=email, role=role,
                        unit_code=unit.code if unit and role not in (Role.PROVINCE, Role.REGION, Role.ADMIN) else None,
                        section_code=section.code if section and role is Role.SECTION_HEAD else None,
                        province_code=(province.code if province else (unit.province_code if unit else None))
                        if role is Role.PROVINCE else None,
                        region_code=region.code if region and role is Role.REGION else None)
        except ValidationError as error:
            problems.append((number, f"ข้อมูลไม่ถูกต้อง: {error.errors()[0]['msg']}"))
            continue
        if problem := scope_problem(user):
            need = {"unit_code": "หน่วย", "section_code": words.section, "province_code": "จังหวัด", "region_code": "ภาค"}
            missing = [label for field, label in need.items() if field in problem]
            kind = unit.kind if unit is not None else None
            problems.append((number, f"บทบาท{role_label(role, kind)}ต้องระบุ{'และ'.join(missing)}"))
            continue
        unit_name = unit.name if unit else (province.name if province else (region.name if region else ""))
        lines.append(AccountLine(number, user, unit_name, generated))
    return AccountsPreview(table, lines, problems)
