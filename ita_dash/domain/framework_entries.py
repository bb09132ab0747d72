"""What people enter of a year's framework that the template file does not know (issue 32).

The template files hold what the seeds state. ITAP shows every unit its own OIT list with its deadlines, and its
minimum numbers of respondents (the IIT minimum is computed from the unit's headcount); a local administration's list
for 2568–2570 is not public in one place. So the unit (its chief), its province, or the administrator enters them
once: an entry replaces one part of the template for one fiscal year —

- for one unit (``unit_code``): the unit's own, from its ITAP screen;
- for the units of one kind in one province (``province_code``): the province's;
- for every unit of one kind (neither): the administrator's.

The most specific entry wins for a unit (its own, then its province's, then the country's; the newest among equals),
and the template then says which parts were entered, by whom, when and from what (:attr:`FrameworkTemplate.entered`).
Entries are data kept by the store, never written into a template file, so a new version of the files loses none.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .audit_labels import actor_label
from .fields import text_problem
from .framework import UNKNOWN_NOTES, FrameworkTemplate, OitItemSpec, Phase, Quota, Quotas
from .model import COUNT_MAX, Count, FiscalYear, Limit, Section, Unit, UnitKind  # noqa: F401 - COUNT_MAX: the forms
from .thaidate import BANGKOK, format_date

SOURCE_MAX = 80


def source_problem(source: str) -> str | None:
    """Why what was typed as an entry's source cannot be kept as typed (Thai), or None."""
    return text_problem(source.strip(), Limit(SOURCE_MAX))


def minimum_quotas(iit: int | None, eit: int | None) -> Quotas | None:
    """The minimums ITAP shows as an entry's quotas (a tool left out: not given), or None when neither is given."""
    if iit is None and eit is None:
        return None
    return Quotas(iit=Quota(minimum=iit) if iit is not None else None, eit=Quota(minimum=eit) if eit is not None else None)


class FrameworkPart(str, Enum):
    OIT_ITEMS = "oit_items"
    CALENDAR = "calendar"
    QUOTAS = "quotas"


PART_LABELS = {
    FrameworkPart.OIT_ITEMS: "รายการ OIT",
    FrameworkPart.CALENDAR: "ปฏิทินการประเมิน",
    FrameworkPart.QUOTAS: "จำนวนผู้ตอบขั้นต่ำ (IIT/EIT)",
}
SCOPE_LABELS = ("ของหน่วยเอง", "ของจังหวัด", "ของผู้ดูแลระบบ")  # by :attr:`FrameworkEntry.rank`


class FrameworkEntry(BaseModel):
    """One part of one year's framework as a person entered it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: UnitKind
    fiscal_year: FiscalYear
    part: FrameworkPart
    unit_code: str | None = None
    province_code: str | None = None
    oit_items: list[OitItemSpec] | None = None
    calendar: list[Phase] | None = None
    quotas: Quotas | None = None
    source: Annotated[str, Field(min_length=1, max_length=SOURCE_MAX)]  # "ITAP", "คู่มือ ป.ป.ช."
    entered_by: str = ""
    entered_at: dt.datetime | None = None

    @model_validator(mode="after")
    def _one_part(self) -> FrameworkEntry:
        given = [p for p in FrameworkPart if getattr(self, p.value) is not None]
        if given != [self.part]:
            raise ValueError(f"ข้อมูลที่กรอกส่วน {self.part.value} ต้องมีเฉพาะ {self.part.value} "
                             f"(ส่วนอื่นเป็น null)")
        if self.unit_code and self.province_code:
            raise ValueError("ข้อมูลที่กรอกเป็นของหน่วยเดียวหรือของจังหวัดเดียว ไม่ใช่ทั้งสองอย่าง")
        return self

    @property
    def rank(self) -> int:
        """0: the unit's own, 1: its province's, 2: the administrator's (lower wins)."""
        return 0 if self.unit_code else 1 if self.province_code else 2

    def applies_to(self, unit: Unit, fiscal_year: int) -> bool:
        if self.kind != unit.kind or self.fiscal_year != fiscal_year:
            return False
        if self.unit_code:
            return self.unit_code == unit.code
        return self.province_code is None or self.province_code == unit.province_code

    def describe(self) -> str:
        """One Thai line for the framework page: what, whose, from what, by whom, when."""
        at = self.entered_at
        when = f" เมื่อ {format_date((at.astimezone(BANGKOK) if at.tzinfo else at).date())}" if at else ""
        who = f" โดย {actor_label(self.entered_by)}" if self.entered_by else ""  # "cli" → "ระบบ (คำสั่งผู้ดูแล)"
        return f"{PART_LABELS[self.part]}: กรอก{SCOPE_LABELS[self.rank]} จาก {self.source}{who}{when}"


def _quotas(template: Quotas, entered: Quotas) -> Quotas:
    """The template's quotas with each minimum the entry gives put in; a tool the entry leaves out is kept."""
    merged = {}
    for name in ("iit", "eit", "eit2"):
        mine, theirs = getattr(template, name), getattr(entered, name)
        if theirs is None or theirs.minimum is None:
            merged[name] = mine
        else:
            base = mine or Quota()
            merged[name] = base.model_copy(update={"minimum": theirs.minimum, "rule": theirs.rule or base.rule})
    return Quotas(**merged)


def _precedence(entry: FrameworkEntry) -> tuple[int, float]:
    return entry.rank, -(entry.entered_at.timestamp() if entry.entered_at else 0.0)


def apply_entries(template: FrameworkTemplate, unit: Unit, entries: list[FrameworkEntry]) -> FrameworkTemplate:
    """The unit's framework for the template's year: each part an entry gives replaces the template's, the most
    specific entry (then the newest) winning. Raises ValueError when the result is not a consistent framework (an
    owner section or a sub-indicator the template does not have): :func:`check_entry` refuses such entries first."""
    chosen: dict[FrameworkPart, FrameworkEntry] = {}
    for entry in sorted((e for e in entries if e.applies_to(unit, template.fiscal_year)), key=_precedence):
        chosen.setdefault(entry.part, entry)
    return _with_parts(template, chosen) if chosen else template


def _with_parts(template: FrameworkTemplate, chosen: dict[FrameworkPart, FrameworkEntry]) -> FrameworkTemplate:
    raw = template.model_dump()
    for part, entry in chosen.items():
        value = _quotas(template.quotas, entry.quotas) if part is FrameworkPart.QUOTAS else getattr(entry, part.value)
        raw[part.value] = value.model_dump() if isinstance(value, BaseModel) else [v.model_dump() for v in value]
        if part is FrameworkPart.OIT_ITEMS and entry.unit_code and template.sections is not None:
            # a unit's own list may name the unit's own sections (added on ตั้งค่าหน่วยงาน), which the kind's
            # template does not list: they are owners of this unit's framework (check_entry checked them)
            listed = {s.code for s in template.sections}
            extra = sorted({i.owner_section for i in entry.oit_items if i.owner_section and i.owner_section not in listed})
            raw["sections"] = raw["sections"] + [{"code": code, "name": code} for code in extra]
    raw["entered"] = {**template.entered, **{part.value: entry.describe() for part, entry in chosen.items()}}
    known = []  # the notes of what the template did not know that the entries now tell (UNKNOWN_NOTES' words)
    for part, entry in chosen.items():
        if part is FrameworkPart.QUOTAS:
            known += [UNKNOWN_NOTES[f"quotas.{name}"] for name in ("iit", "eit")
                      if getattr(entry.quotas, name) is not None and getattr(entry.quotas, name).minimum is not None]
        else:
            known.append(UNKNOWN_NOTES[part.value])
    raw["unknown"] = [note for note in template.unknown if not note.startswith(tuple(known))]
    return FrameworkTemplate.model_validate(raw)


def _key(text: str) -> str:
    return "".join(text.split())


def owner_code(owner: str, sections: list[Section]) -> str | None:
    """The code of the section an entry's owner names, by its code or by its name (spaces ignored), or None."""
    return next((s.code for s in sections if owner == s.code), None) or next(
        (s.code for s in sections if _key(owner) == _key(s.name)), None)


def with_owner_codes(entry: FrameworkEntry, sections: list[Section]) -> FrameworkEntry:
    """A unit's OIT list with each owner written as its section's code (an owner given by the section's name is
    kept as the code); owners no section of the unit matches are left for :func:`check_entry` to refuse."""
    if not entry.oit_items or not entry.unit_code:
        return entry
    items = [i.model_copy(update={"owner_section": owner_code(i.owner_section, sections) or i.owner_section})
             if i.owner_section else i for i in entry.oit_items]
    return entry.model_copy(update={"oit_items": items})


def check_entry(template: FrameworkTemplate, entry: FrameworkEntry,
                sections: list[Section] | None = None) -> list[str]:
    """Why the entry cannot be kept (Thai, one line each, naming the item), or nothing: it must make a consistent
    framework with the template it completes (sub-indicators the template knows; owners that are sections). A unit's
    own entry may name any section of the unit (``sections``: the unit's sections, by code or name); an entry for a
    province's or the country's units of a kind names the sections of the kind's template."""
    problems = []
    unit_sections = sections if entry.unit_code and sections is not None else None
    if unit_sections is not None:
        entry = with_owner_codes(entry, unit_sections)
    codes = {s.code for s in (unit_sections if unit_sections is not None else template.sections or [])}
    checked = unit_sections is not None or template.sections is not None
    subs = {s.code for i in template.indicators for s in i.sub_indicators}
    for item in entry.oit_items or []:
        if item.owner_section and checked and item.owner_section not in codes:
            whose = "ของหน่วย" if unit_sections is not None else "ในแม่แบบของหน่วยประเภทนี้"
            problems.append(f"{item.code}: ผู้รับผิดชอบ “{item.owner_section}” ไม่ตรงกับกองหรือสายงานใด{whose}")
        if item.sub_indicator and item.sub_indicator not in subs:
            problems.append(f"{item.code}: ไม่มีตัวชี้วัดย่อย {item.sub_indicator} ในกรอบการประเมินปีนี้ "
                            f"(มี {', '.join(sorted(subs)) or 'ไม่มี'})")
    if not problems:
        try:
            _with_parts(template, {entry.part: entry})
        except (ValidationError, ValueError) as error:
            problems.append(f"ข้อมูลไม่สอดคล้องกับกรอบการประเมิน: {error}")
    return problems


class EnteredLibrary:
    """A template library with a year's entries over it, for code that judges many units at once (the province and
    country figures): :meth:`for_unit` gives each unit its own framework, :meth:`group_of` names the units that share
    one, and :meth:`fingerprint` changes with the entries, so figures kept outside the process are not reused."""

    def __init__(self, library, entries: list[FrameworkEntry]):
        self.library, self.entries = library, list(entries)
        self._units: dict[tuple, FrameworkTemplate] = {}

    def for_year(self, kind: UnitKind, fiscal_year: int) -> FrameworkTemplate:
        return self.library.for_year(kind, fiscal_year)

    def get(self, key: str) -> FrameworkTemplate:
        return self.library.get(key)

    def _reaching(self, unit: Unit, fiscal_year: int) -> list[FrameworkEntry]:
        return [e for e in self.entries if e.applies_to(unit, fiscal_year)]

    def group_of(self, unit: Unit, fiscal_year: int) -> str:
        """The kind, or the kind and the entries that reach the unit: units of one group share one framework."""
        reaching = sorted(f"{e.part.value}@{e.rank}:{e.unit_code or e.province_code or ''}"
                          for e in self._reaching(unit, fiscal_year))
        return "|".join([unit.kind.value, *reaching])

    def for_unit(self, unit: Unit, fiscal_year: int) -> FrameworkTemplate:
        key = (self.group_of(unit, fiscal_year), fiscal_year)
        if key not in self._units:
            self._units[key] = apply_entries(self.for_year(unit.kind, fiscal_year), unit,
                                             self._reaching(unit, fiscal_year))
        return self._units[key]

    def fingerprint(self) -> str:
        import hashlib

        digest = hashlib.sha256(self.library.fingerprint().encode())
        for entry in sorted(self.entries, key=lambda e: e.model_dump_json()):
            digest.update(entry.model_dump_json().encode())
        return digest.hexdigest()[:32]


class ProgressLine(BaseModel):
    """One unit's row of ITAP's progress table as a province copies it (issue 32 item 2): the respondents so far and
    the minimums ITAP shows. A count or minimum left blank is not known and changes nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    unit_code: str
    iit_count: Count | None = None
    iit_minimum: Count | None = None
    eit_count: Count | None = None
    eit_minimum: Count | None = None
    # how many of its OIT items ITAP shows the unit has answered: a count, not which items (no item is marked
    # published from it); kept as the province saw it and shown beside the items published
    oit_answered: Count | None = None

    def minimums(self) -> Quotas | None:
        """The minimums as an entry's quotas, or None when the row gives none."""
        return minimum_quotas(self.iit_minimum, self.eit_minimum)

    def oit_problem(self, oit_total: int | None) -> str | None:
        """Why the OIT items answered cannot be the unit's (Thai), or None: more than the unit's OIT list holds, when
        the list is known (``oit_total``: its number of items, None or 0 when not known)."""
        if self.oit_answered is not None and oit_total and self.oit_answered > oit_total:
            return f"OIT ตอบแล้ว {self.oit_answered} ข้อ มากกว่ารายการ OIT ของหน่วย ({oit_total} ข้อ)"
        return None
