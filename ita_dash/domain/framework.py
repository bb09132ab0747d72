"""The ITA framework of one kind of unit in one fiscal year, read from ``data/templates/KEY.yaml``.

A template lists the ten indicators, the OIT items, the sections, the calendar phases and the quotas. A part the
seeds do not state is ``null`` in the file and listed under ``unknown``: it is shown as unknown, never invented. A
part the year deliberately lacks is listed under ``absent`` (not unknown). A calendar phase copied from another
kind of unit names the templates it came from (``borrowed_from``) until a person confirms it.

Fiscal years without a file are *derived* (``derivation.py``) from the nearest file of the same kind: the latest
earlier file, or, before the earliest file, the earliest later one, moving every date by whole years. The derived
template says where each part came from, and the UI labels it "derived — check against the NACC manual".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .model import CHECKLIST_MAX, Code, ShortText, Tool, UnitKind
from .thaidate import format_date

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "data" / "templates"

DERIVED_LABEL = "อนุมานจากปีก่อน — โปรดตรวจสอบกับคู่มือการประเมินของ สำนักงาน ป.ป.ช."
BACKWARD_LABEL = "อนุมานย้อนหลังจากปีถัดไป — โปรดตรวจสอบกับคู่มือการประเมินของ สำนักงาน ป.ป.ช."
# How many years before the earliest file of a kind a template is derived backwards: enough to record the result
# of the year before the seeds (FY 2567 for the kinds whose first file is 2568); further back is a guess, refused.
BACKWARD_YEARS = 1
KIND_SHORT = {UnitKind.POLICE_STATION: "สภ.", UnitKind.IMMIGRATION: "ตม.จว.", UnitKind.LOCAL_ADMIN: "อปท."}
# What a template may not know, in the words the framework page shows (a template's ``unknown`` notes). Derivation
# writes them, an entered part takes away the notes that begin with its words (framework_entries), and a file's own
# notes begin with them (tests/pages/test_framework_page_thai.py checks the files).
UNKNOWN_NOTES = {
    "sections": "สายงานหรือกองของหน่วย",
    "oit_items": "รายการ OIT",
    "calendar": "ปฏิทินการประเมิน",
    "quotas.iit": "จำนวนผู้ตอบขั้นต่ำ IIT",
    "quotas.eit": "จำนวนผู้ตอบขั้นต่ำ EIT",
    "quotas.eit.parts": "โควตา EIT แยกตามสายงาน",
}


def source_label(source: str) -> str:
    """A source document as the pages name it: "seed 001" → "เอกสารต้นทาง 001"."""
    return re.sub(r"^seed\s*", "เอกสารต้นทาง ", source.strip())


def template_name(key: str) -> str:
    """A template's key as the pages name it: "police-station-2568" → "แม่แบบของ สภ. ปี 2568"."""
    kind, _, year = key.rpartition("-")
    try:
        return f"แม่แบบของ {KIND_SHORT[UnitKind(kind)]} ปี {int(year)}"
    except (ValueError, KeyError):
        return key


class TemplateError(ValueError):
    """A template file is missing or invalid; the message is one line naming the file and the field."""


class PhaseKind(str, Enum):
    PREPARATION = "preparation"
    REGISTRATION = "registration"
    IIT_HEADCOUNT = "iit_headcount"
    EIT2_IMPORT = "eit2_import"
    IIT_COLLECTION = "iit_collection"
    EIT_COLLECTION = "eit_collection"
    OIT_DATA = "oit_data"
    OIT_CHECK = "oit_check"
    APPEAL = "appeal"
    APPEAL_REVIEW = "appeal_review"
    PROCESSING = "processing"
    ANNOUNCEMENT = "announcement"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubIndicator(_Strict):
    code: Annotated[str, Field(pattern=r"^(9|10)\.\d$")]
    name: str


class Indicator(_Strict):
    number: Annotated[int, Field(ge=1, le=10)]
    tool: Tool
    name: str
    sub_indicators: list[SubIndicator] = []


class SectionSpec(_Strict):
    # a template names its sections in lower case; a unit's own section (added on ตั้งค่าหน่วยงาน) that the unit's
    # entered OIT list names has a unit's section code (model.Code)
    code: Code
    name: str
    aliases: list[str] = []


TITLE_MAX = 300  # an OIT item's title or checklist element as ITAP writes it (the OIT list import reads up to this)
Title = Annotated[str, Field(max_length=TITLE_MAX)]


class OitItemSpec(_Strict):
    code: Annotated[str, Field(pattern=r"^O\d{1,2}$")]
    title: Title
    sub_indicator: str | None = None
    owner_section: str | None = None
    due: dt.date | None = None
    monthly: bool = False  # published every month of the first half-year
    machine_readable: bool = False  # PDF plus a Word or Excel file
    checklist: Annotated[list[Title], Field(max_length=CHECKLIST_MAX)] = []

    @property
    def number(self) -> int:
        return int(self.code[1:])


class Phase(_Strict):
    kind: PhaseKind
    name: ShortText
    start: dt.date | None = None  # None: the seed does not say
    end: dt.date | None = None
    closes_at: dt.time | None = None  # the time of day the window closes on ``end`` (None: the end of that day)
    # Keys of templates of another kind this phase was copied from, until a person confirms it for this kind
    # (the local administrations' calendar is the police stations' and immigration units' of the same year).
    borrowed_from: list[str] = []

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"วันเริ่ม {self.start} อยู่หลังวันสิ้นสุด {self.end}")
        if self.closes_at is not None and self.end is None:
            raise ValueError("มีเวลาปิด (closes_at) ต้องมีวันสิ้นสุด (end) ด้วย")
        return self

    def end_text(self) -> str:
        """The end in Thai, with its closing time when the source gives one: "30 มิ.ย. 2568 เวลา 17.00 น."."""
        if self.end is None:
            return "ไม่ทราบ"
        text = format_date(self.end)
        return f"{text} เวลา {self.closes_at:%H.%M} น." if self.closes_at else text


class QuotaPart(_Strict):
    label: str
    sections: list[str]
    minimum: Annotated[int, Field(ge=0)]


class Quota(_Strict):
    minimum: Annotated[int, Field(ge=0)] | None = None
    rule: str = ""
    parts: list[QuotaPart] | None = None  # None: split by section unknown
    groups: list[str] = []  # EIT(2) stakeholder groups


class Quotas(_Strict):
    iit: Quota | None = None
    eit: Quota | None = None
    eit2: Quota | None = None


class Level(_Strict):
    code: Annotated[str, Field(pattern=r"^(AA|A|B|C|D|E|F)$")]
    min_score: Annotated[float, Field(ge=0, le=100)]


class KnownConflict(_Strict):
    """Two statements of the source documents that disagree, kept visible as data rather than silently resolved.
    ``about`` names what the template holds: an EIT section quota ("eit_part", ``section`` = a section of one of the
    template's EIT parts, ``value`` = the other minimum), the EIT parts against the EIT total ("eit_total", ``value``
    = what the parts add up to, as the document gives them) or a result level ("level", ``value`` = the score,
    ``level`` = the level the document gives it). The template validates that the thing exists and really disagrees."""

    about: Literal["eit_part", "eit_total", "level"]
    source: str  # "seed 001"
    said: str  # the document's words
    value: float
    section: str | None = None
    level: Annotated[str, Field(pattern=r"^(AA|A|B|C|D|E|F)$")] | None = None
    kept: str  # what the template keeps, and why

    def describe(self, template: FrameworkTemplate) -> str:
        """One Thai line for the framework page."""
        if self.about == "eit_part":
            part = template.eit_part(self.section or "")
            held = f"แม่แบบใช้ขั้นต่ำ {part.minimum}" if part else "แม่แบบ"
            return f"EIT {part.label if part else self.section}: {source_label(self.source)} ระบุว่า “{self.said}” แต่{held} — {self.kept}"
        if self.about == "eit_total":
            total = template.quotas.eit.minimum if template.quotas.eit else None
            return (f"EIT รวม: {source_label(self.source)} ระบุว่า “{self.said}” — ขั้นต่ำแยกตามสายงานรวมกันได้ {self.value:g} "
                    f"แต่ขั้นต่ำของหน่วยคือ {total} — {self.kept}")
        return (f"ระดับผลคะแนน {self.value:g}: {source_label(self.source)} ระบุว่า “{self.said}” แต่ตารางระดับให้ "
                f"{template.level_for(self.value)} — {self.kept}")

    def check(self, template: FrameworkTemplate) -> None:
        """Raise ValueError unless ``template`` holds the thing and it really disagrees."""
        if self.about == "eit_part":
            part = template.eit_part(self.section or "")
            if part is None:
                raise ValueError(f"conflicts: no EIT part covers section {self.section}")
            if part.minimum == self.value:
                raise ValueError(f"conflicts: EIT {self.section} minimum {part.minimum} agrees, no conflict")
        elif self.about == "eit_total":
            eit = template.quotas.eit
            if eit is None or eit.minimum is None or not eit.parts:
                raise ValueError("conflicts: an EIT total conflict needs the EIT minimum and its parts")
            held = sum(part.minimum for part in eit.parts)
            if held != self.value:
                raise ValueError(f"conflicts: the EIT parts add up to {held}, not {self.value:g}")
            if held == eit.minimum:
                raise ValueError(f"conflicts: the EIT parts add up to the minimum {eit.minimum}, no conflict")
        else:
            if self.level is None:
                raise ValueError("conflicts: a level conflict needs the level the document gives")
            if template.level_for(self.value) == self.level:
                raise ValueError(f"conflicts: {self.value:g} is {self.level} in the level table, no conflict")


# Parts a template may declare ``absent``: the year deliberately has none (not "unknown"), so a later year derived
# from it does not fill them from an older file.
# Each with its Thai name for the pages.
ABSENT_PARTS = {"quotas.iit": "จำนวนขั้นต่ำ IIT", "quotas.eit": "จำนวนขั้นต่ำ EIT",
                "quotas.eit2": "EIT(2) ผู้แทนกลุ่มผู้มีส่วนได้ส่วนเสีย"}


class OitRegroup(_Strict):
    """How this year groups the OIT items of an earlier file (its item list unknown, its sub-indicators known):
    ``items_of`` = that file's key, ``sub_indicators`` = its item code → this year's sub-indicator. Applied when a
    later year takes the items from that file; items not named keep their sub-indicator."""

    items_of: str
    sub_indicators: dict[Annotated[str, Field(pattern=r"^O\d{1,2}$")], str]


class FrameworkTemplate(_Strict):
    key: str
    kind: UnitKind
    fiscal_year: Annotated[int, Field(ge=2550, le=2650)]
    title: str
    sources: list[str] = []
    weights: dict[Tool, Annotated[int, Field(ge=0, le=100)]]
    pass_mark: Annotated[float, Field(ge=0, le=100)]
    levels: list[Level]
    indicators: list[Indicator]
    sections: list[SectionSpec] | None = None
    oit_items: list[OitItemSpec] | None = None
    calendar: list[Phase] | None = None
    quotas: Quotas = Quotas()
    unknown: list[str] = []
    absent: list[str] = []  # parts this year deliberately lacks (ABSENT_PARTS); not filled by derivation
    oit_regroup: OitRegroup | None = None
    derived_from: str | None = None
    provenance: dict[str, str] = {}  # part → key of the file it came from (derived templates only)
    entered: dict[str, str] = {}  # part → who entered it, from what (:mod:`.framework_entries`; never in a file)
    conflicts: list[KnownConflict] = []  # where the source documents disagree (issue 14)

    @model_validator(mode="after")
    def _consistent(self) -> FrameworkTemplate:
        if self.key != f"{self.kind.value}-{self.fiscal_year}":
            raise ValueError(f"key must be '{self.kind.value}-{self.fiscal_year}'")
        if sum(self.weights.values()) != 100:
            raise ValueError("weights must add up to 100")
        if sorted(i.number for i in self.indicators) != list(range(1, 11)):
            raise ValueError("indicators must be numbered 1 to 10, each once")
        sub_codes = {s.code for i in self.indicators for s in i.sub_indicators}
        section_codes = {s.code for s in self.sections or []}
        if len(section_codes) != len(self.sections or []):
            raise ValueError("section codes must be unique")
        items = self.oit_items or []
        if [item.number for item in items] != list(range(1, len(items) + 1)):
            raise ValueError("oit_items must be O1, O2, … in order without gaps")
        for item in items:
            if item.sub_indicator is not None and item.sub_indicator not in sub_codes:
                raise ValueError(f"{item.code}: unknown sub_indicator {item.sub_indicator}")
            if item.owner_section is not None and self.sections is not None and item.owner_section not in section_codes:
                raise ValueError(f"{item.code}: unknown owner_section {item.owner_section}")
        for name, quota in (("iit", self.quotas.iit), ("eit", self.quotas.eit), ("eit2", self.quotas.eit2)):
            for part in (quota.parts if quota else None) or []:
                missing = set(part.sections) - section_codes
                if missing:
                    raise ValueError(f"quotas.{name}: unknown sections {sorted(missing)}")
        kinds = [p.kind for p in self.calendar or []]
        if len(kinds) != len(set(kinds)):
            raise ValueError("each calendar phase kind may appear once")
        for conflict in self.conflicts:
            conflict.check(self)
        for part in self.absent:
            if part not in ABSENT_PARTS:
                raise ValueError(f"absent: {part} is not one of {', '.join(ABSENT_PARTS)}")
            if getattr(self.quotas, part.split(".")[1]) is not None:
                raise ValueError(f"absent: {part} is declared absent but given")
        for sub in (self.oit_regroup.sub_indicators.values() if self.oit_regroup else []):
            if sub not in sub_codes:
                raise ValueError(f"oit_regroup: unknown sub_indicator {sub}")
        return self

    # -- look-ups the rules and pages use -------------------------------------------------------------
    @property
    def derived(self) -> bool:
        return self.derived_from is not None

    @property
    def derived_label(self) -> str:
        """The Thai warning of a derived template: forward from an earlier year, or back from a later one."""
        if self.derived_from and int(self.derived_from.rpartition("-")[2]) > self.fiscal_year:
            return BACKWARD_LABEL
        return DERIVED_LABEL

    def provenance_notes(self) -> list[str]:
        """Where a derived template's parts came from, in Thai, one line each (the framework page)."""
        if not self.derived_from:
            return []
        return [f"ทุกวันที่เลื่อนจาก{template_name(self.derived_from)} ทั้งปี"] + [
            f"{self._part_label(part)}: จาก{template_name(source)}" for part, source in self.provenance.items()]

    def _part_label(self, part: str) -> str:
        """A part's path ("calendar.appeal.start", "indicators.9", "quotas.iit") in Thai."""
        head, _, rest = part.partition(".")
        if head == "calendar":
            kind, _, end = rest.partition(".")
            phase = self.phase(PhaseKind(kind)) if kind in PhaseKind._value2member_map_ else None
            which = {"start": " (วันเริ่ม)", "end": " (วันสิ้นสุด)"}.get(end, "")
            return f"ปฏิทิน: {phase.name if phase else kind}{which}"
        if head == "indicators":
            return f"ตัวชี้วัดย่อยของตัวชี้วัดที่ {rest}"
        return ABSENT_PARTS.get(part) or UNKNOWN_NOTES.get(part, part)

    def indicator(self, number: int) -> Indicator:
        return next(i for i in self.indicators if i.number == number)

    def phase(self, kind: PhaseKind) -> Phase | None:
        return next((p for p in self.calendar or [] if p.kind == kind), None)

    def oit_item(self, code: str) -> OitItemSpec | None:
        return next((i for i in self.oit_items or [] if i.code == code), None)

    def eit_part(self, section: str) -> QuotaPart | None:
        parts = (self.quotas.eit.parts if self.quotas.eit else None) or []
        return next((part for part in parts if section in part.sections), None)

    def level_for(self, score: float) -> str:
        for level in sorted(self.levels, key=lambda lv: -lv.min_score):
            if score >= level.min_score:
                return level.code
        return self.levels[-1].code


# -- loading ----------------------------------------------------------------------------------------------


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return f"{where}: {first['msg']}"


def load_template_file(path: Path) -> FrameworkTemplate:
    label = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise TemplateError(f"แม่แบบอ่านไม่ได้ / cannot read template {label}: {error.strerror}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise TemplateError(f"แม่แบบไม่ถูกต้อง / invalid template {label}{where}: not valid YAML") from None
    if not isinstance(raw, dict):
        raise TemplateError(f"แม่แบบไม่ถูกต้อง / invalid template {label}: expected a mapping at the top level")
    try:
        template = FrameworkTemplate.model_validate(raw)
    except ValidationError as error:
        raise TemplateError(f"แม่แบบไม่ถูกต้อง / invalid template {label}: {_describe(error)}") from None
    if template.derived_from is not None or template.provenance or template.entered:
        raise TemplateError(f"แม่แบบไม่ถูกต้อง / invalid template {label}: derived_from/provenance/entered are set only "
                            "by derivation and by what people enter")
    if path.stem != template.key:
        raise TemplateError(f"แม่แบบไม่ถูกต้อง / invalid template {label}: key '{template.key}' must match the file name")
    return template


def _check_borrowed(template: FrameworkTemplate, files: dict[str, FrameworkTemplate]) -> None:
    """A borrowed phase names files of another kind and the same year, and each of its start, end and closing time
    is that of one of them: copied, not invented."""
    for index, phase in enumerate(template.calendar or []):
        where = f"แม่แบบไม่ถูกต้อง / invalid template {template.key}.yaml: calendar.{index}.borrowed_from"
        lenders = []
        for key in phase.borrowed_from:
            lender = files.get(key)
            if lender is None or lender.kind == template.kind or lender.fiscal_year != template.fiscal_year:
                raise TemplateError(f"{where}: {key} is not a template of another kind in FY {template.fiscal_year}")
            if lender.phase(phase.kind) is None:
                raise TemplateError(f"{where}: {key} has no phase {phase.kind.value}")
            lenders.append(lender.phase(phase.kind))
        for name in ("start", "end", "closes_at"):
            if lenders and getattr(phase, name) not in {getattr(lent, name) for lent in lenders}:
                raise TemplateError(f"{where}: {name} {getattr(phase, name)} is in none of {', '.join(phase.borrowed_from)}")


class TemplateLibrary:
    """Every template file in a folder, and the derived ones for the years between and around them."""

    def __init__(self, templates: list[FrameworkTemplate]):
        self._files = {t.key: t for t in templates}
        for template in templates:
            _check_borrowed(template, self._files)
        self._fingerprint: str | None = None
        self._derived: dict[str, FrameworkTemplate] = {}  # derived once per library (shared, like the files' own)

    @classmethod
    def load(cls, directory: Path = TEMPLATES_DIR) -> TemplateLibrary:
        if not directory.is_dir():
            raise TemplateError(f"ไม่พบโฟลเดอร์แม่แบบ / template folder not found: {directory}")
        return cls([load_template_file(path) for path in sorted(directory.glob("*.yaml"))])

    def files(self) -> list[FrameworkTemplate]:
        return sorted(self._files.values(), key=lambda t: (t.kind.value, t.fiscal_year))

    def fingerprint(self) -> str:
        """A short hash of every file's content (the derived years follow from the files): the same library in any
        process gives the same text, a changed file another one. Figures kept outside the process carry it."""
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for template in self.files():
                digest.update(template.model_dump_json().encode())
                digest.update(b"\0")
            self._fingerprint = digest.hexdigest()[:32]
        return self._fingerprint

    def group_of(self, unit, fiscal_year: int) -> str:
        """Units that share one framework: here, every unit of a kind (an ``EnteredLibrary`` splits them further)."""
        return unit.kind.value

    def for_unit(self, unit, fiscal_year: int) -> FrameworkTemplate:
        """The framework of ``unit`` (a :class:`~.model.Unit`): its kind's, as nothing was entered for it."""
        return self.for_year(unit.kind, fiscal_year)

    def for_year(self, kind: UnitKind, fiscal_year: int) -> FrameworkTemplate:
        key = f"{kind.value}-{fiscal_year}"
        if key in self._files:
            return self._files[key]
        if key in self._derived:
            return self._derived[key]
        from .derivation import derive  # it builds templates of this module

        same_kind = [t for t in self._files.values() if t.kind == kind]
        # the nearest year first: earlier files newest first; before the earliest file, the later files oldest first
        chain = sorted((t for t in same_kind if t.fiscal_year < fiscal_year), key=lambda t: -t.fiscal_year) or sorted(
            same_kind, key=lambda t: t.fiscal_year)
        if not chain or chain[0].fiscal_year - fiscal_year > BACKWARD_YEARS:
            raise TemplateError(f"ไม่มีแม่แบบสำหรับ / no template for {kind.value} in FY {fiscal_year}")
        try:
            self._derived[key] = derive(chain, fiscal_year)
        except ValueError as error:
            raise TemplateError(f"แม่แบบอนุมานไม่ได้ / cannot derive {key}: {error}") from None
        return self._derived[key]

    def borrowed_note(self, phase: Phase) -> str:
        """Where a borrowed phase came from, in Thai: "ยืมจากปฏิทินของ สภ. (เอกสารต้นทาง 001) — รอยืนยัน"; "" if not borrowed."""
        if not phase.borrowed_from:
            return ""
        lenders = [self._files[key] for key in phase.borrowed_from if key in self._files]
        names = ", ".join(f"{KIND_SHORT[t.kind]} ({', '.join(map(source_label, t.sources))})" for t in lenders)
        return f"ยืมจากปฏิทินของ {names} — รอยืนยัน"

    def get(self, key: str) -> FrameworkTemplate:
        """A file's template by key, or a derived one for another year (``police-station-2570``, ``…-2567``)."""
        kind_text, _, year_text = key.rpartition("-")
        try:
            kind, year = UnitKind(kind_text), int(year_text)
        except ValueError:
            raise TemplateError(f"ไม่รู้จักแม่แบบ / unknown template key: {key}") from None
        return self.for_year(kind, year)


@lru_cache(maxsize=4)
def _cached_library(directory: str, stamp: tuple) -> TemplateLibrary:
    return TemplateLibrary.load(Path(directory))


def library(directory: Path = TEMPLATES_DIR) -> TemplateLibrary:
    """The library for ``directory``, reloaded when a file there changes (an admin dropped in a new year)."""
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(directory.glob("*.yaml"))) if directory.is_dir() else ()
    return _cached_library(str(directory), stamp)
