"""The ITA framework of one kind of unit in one fiscal year, read from ``data/templates/KEY.yaml``.

A template lists the ten indicators, the OIT items, the sections, the calendar phases and the quotas. A part the
seeds do not state is ``null`` in the file and listed under ``unknown``: it is shown as unknown, never invented.

Fiscal years without a file are *derived* from the latest earlier file of the same kind by moving every date
forward by whole years; a part that file does not know comes from the newest earlier file that does. The derived
template says where each part came from, and the UI labels it "derived — check against the NACC manual".
"""

from __future__ import annotations

import datetime as dt
import hashlib
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .model import Tool, UnitKind

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "data" / "templates"

DERIVED_LABEL = "อนุมานจากปีก่อน — โปรดตรวจสอบกับคู่มือการประเมินของ สำนักงาน ป.ป.ช."


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
    code: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: str
    aliases: list[str] = []


class OitItemSpec(_Strict):
    code: Annotated[str, Field(pattern=r"^O\d{1,2}$")]
    title: str
    sub_indicator: str | None = None
    owner_section: str | None = None
    due: dt.date | None = None
    monthly: bool = False  # published every month of the first half-year
    machine_readable: bool = False  # PDF plus a Word or Excel file
    checklist: list[str] = []

    @property
    def number(self) -> int:
        return int(self.code[1:])


class Phase(_Strict):
    kind: PhaseKind
    name: str
    start: dt.date | None = None  # None: the seed does not say
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Phase":
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        return self


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
    template's EIT parts, ``value`` = the other minimum) or a result level ("level", ``value`` = the score, ``level``
    = the level the document gives it). The template validates that the thing exists and really disagrees."""

    about: Literal["eit_part", "level"]
    source: str  # "seed 001"
    said: str  # the document's words
    value: float
    section: str | None = None
    level: Annotated[str, Field(pattern=r"^(AA|A|B|C|D|E|F)$")] | None = None
    kept: str  # what the template keeps, and why

    def describe(self, template: "FrameworkTemplate") -> str:
        """One Thai line for the framework page."""
        if self.about == "eit_part":
            part = template.eit_part(self.section or "")
            held = f"แม่แบบใช้ขั้นต่ำ {part.minimum}" if part else "แม่แบบ"
            return f"EIT {part.label if part else self.section}: {self.source} ระบุว่า “{self.said}” แต่{held} — {self.kept}"
        return (f"ระดับผลคะแนน {self.value:g}: {self.source} ระบุว่า “{self.said}” แต่ตารางระดับให้ "
                f"{template.level_for(self.value)} — {self.kept}")


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
    derived_from: str | None = None
    provenance: dict[str, str] = {}  # part → key of the file it came from (derived templates only)
    entered: dict[str, str] = {}  # part → who entered it, from what (:mod:`.framework_entries`; never in a file)
    conflicts: list[KnownConflict] = []  # where the source documents disagree (issue 14)

    @model_validator(mode="after")
    def _consistent(self) -> "FrameworkTemplate":
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
            if conflict.about == "eit_part":
                part = self.eit_part(conflict.section or "")
                if part is None:
                    raise ValueError(f"conflicts: no EIT part covers section {conflict.section}")
                if part.minimum == conflict.value:
                    raise ValueError(f"conflicts: EIT {conflict.section} minimum {part.minimum} agrees, no conflict")
            else:
                if conflict.level is None:
                    raise ValueError("conflicts: a level conflict needs the level the document gives")
                if self.level_for(conflict.value) == conflict.level:
                    raise ValueError(f"conflicts: {conflict.value:g} is {conflict.level} in the level table, no conflict")
        return self

    # -- look-ups the rules and pages use -------------------------------------------------------------
    @property
    def derived(self) -> bool:
        return self.derived_from is not None

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


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    if day is None or years == 0:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def derive(chain: list[FrameworkTemplate], fiscal_year: int) -> FrameworkTemplate:
    """A template for ``fiscal_year`` from ``chain``: earlier templates of one kind, newest first."""
    latest = chain[0]
    provenance: dict[str, str] = {}

    def first_known(part: str, getter):
        for source in chain:
            value = getter(source)
            if value:
                if source is not latest:
                    provenance[part] = source.key
                return source, value
        return None, None

    def years(source: FrameworkTemplate) -> int:
        return fiscal_year - source.fiscal_year

    indicators = []
    for indicator in latest.indicators:
        if indicator.tool is Tool.OIT and not indicator.sub_indicators:
            _, subs = first_known(f"indicators.{indicator.number}", lambda t, n=indicator.number: t.indicator(n).sub_indicators)
            indicator = indicator.model_copy(update={"sub_indicators": subs or []})
        indicators.append(indicator)

    _, sections = first_known("sections", lambda t: t.sections)
    source, items = first_known("oit_items", lambda t: t.oit_items)
    oit_items = [i.model_copy(update={"due": _shift(i.due, years(source))}) for i in items] if items else None

    calendar: list[Phase] = []
    for kind in PhaseKind:
        fields: dict[str, object] = {}
        for name in ("start", "end"):
            src, day = first_known(f"calendar.{kind.value}.{name}", lambda t, k=kind, f=name: getattr(t.phase(k), f, None))
            if day is not None:
                fields[name] = _shift(day, years(src))
        src, phase = first_known(f"calendar.{kind.value}", lambda t, k=kind: t.phase(k))
        start_src = provenance.get(f"calendar.{kind.value}.start")
        if start_src and start_src == provenance.get(f"calendar.{kind.value}.end"):
            # the whole phase came from one older file: say it once
            del provenance[f"calendar.{kind.value}.start"], provenance[f"calendar.{kind.value}.end"]
        else:
            provenance.pop(f"calendar.{kind.value}", None)
        if phase is not None:
            calendar.append(Phase(kind=kind, name=phase.name, start=fields.get("start"), end=fields.get("end")))

    quotas = {}
    for name in ("iit", "eit", "eit2"):
        _, quota = first_known(f"quotas.{name}", lambda t, n=name: getattr(t.quotas, n))
        quotas[name] = quota

    quotas = Quotas(**quotas)
    still_unknown = [
        note
        for note, missing in (
            ("sections of the unit", not sections),
            ("OIT item list (O1…)", not oit_items),
            ("ITA calendar", not calendar),
            ("IIT minimum count", not quotas.iit or quotas.iit.minimum is None),
            ("EIT minimum count", not quotas.eit or quotas.eit.minimum is None),
            ("EIT quota by section", bool(quotas.eit) and quotas.eit.parts is None),
        )
        if missing
    ] + [f"start or end of phase '{p.name}'" for p in calendar if p.start is None or p.end is None]
    return FrameworkTemplate(
        key=f"{latest.kind.value}-{fiscal_year}",
        kind=latest.kind,
        fiscal_year=fiscal_year,
        title=latest.title.replace(str(latest.fiscal_year), str(fiscal_year)),
        sources=sorted({s for t in chain for s in t.sources}),
        weights=latest.weights,
        pass_mark=latest.pass_mark,
        levels=latest.levels,
        indicators=indicators,
        sections=sections,
        oit_items=oit_items,
        calendar=calendar or None,
        quotas=quotas,
        unknown=still_unknown,
        derived_from=latest.key,
        provenance=provenance,
    )


class TemplateLibrary:
    """Every template file in a folder, and the derived ones for later years."""

    def __init__(self, templates: list[FrameworkTemplate]):
        self._files = {t.key: t for t in templates}
        self._fingerprint: str | None = None
        self._derived: dict[str, FrameworkTemplate] = {}  # derived once per library (shared, like the files' own)

    @classmethod
    def load(cls, directory: Path = TEMPLATES_DIR) -> "TemplateLibrary":
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

    def for_year(self, kind: UnitKind, fiscal_year: int) -> FrameworkTemplate:
        key = f"{kind.value}-{fiscal_year}"
        if key in self._files:
            return self._files[key]
        if key in self._derived:
            return self._derived[key]
        chain = sorted(
            (t for t in self._files.values() if t.kind == kind and t.fiscal_year < fiscal_year),
            key=lambda t: -t.fiscal_year,
        )
        if not chain:
            raise TemplateError(f"ไม่มีแม่แบบสำหรับ / no template for {kind.value} in or before FY {fiscal_year}")
        self._derived[key] = derive(chain, fiscal_year)
        return self._derived[key]

    def get(self, key: str) -> FrameworkTemplate:
        """A file's template by key, or a derived one for a later year (``police-station-2570``)."""
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
