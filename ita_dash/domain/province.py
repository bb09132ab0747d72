"""Comparing units: each unit's figures on one day (its ten lights, IIT/EIT shares, OIT published, readiness and
the sections behind on the last closed month), one comparison line per unit, and the results over the years.

The figures of one unit come from :func:`figures_of` its assessed status. For a province or the whole country
the SQL store computes the same figures with grouped queries (``ita_dash/store/figures.py``); a test holds the
two to the same answers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from . import figure_text
from .followup import SectionMonthStatus
from .lights import Light
from .model import ItaResult, Unit
from .quotas import Readiness
from .status import UnitStatus
from .wording import words_of


@dataclass(frozen=True)
class SectionBehind:
    """A section that has not reported, or not fully, for the last closed month."""

    name: str
    head: str
    status: SectionMonthStatus  # MISSING or PARTIAL


@dataclass(frozen=True)
class UnitFigures:
    unit: Unit
    lights: tuple[Light, ...]  # the template's indicators in order (1–10)
    iit_share: float | None  # count / minimum; None when the minimum is unknown
    eit_share: float | None
    oit_published: int
    oit_total: int
    readiness: float | None  # None: it cannot be computed (a minimum or the OIT list unknown), never a 0.0
    behind: tuple[SectionBehind, ...]  # in the unit's section order, "no section" last
    # False: no IIT (EIT) count was ever copied from ITAP by the day: its share is "ยังไม่ได้บันทึก", not 0 %
    iit_recorded: bool = True
    eit_recorded: bool = True

    @property
    def oit_share(self) -> float | None:
        return self.oit_published / self.oit_total if self.oit_total else None

    @property
    def recorded(self) -> bool:
        """Whether the IIT and EIT counts the readiness stands on were copied from ITAP."""
        return self.iit_recorded and self.eit_recorded


def figures_of(status: UnitStatus) -> UnitFigures:
    quotas = {q.key: q for q in status.quotas}
    names = {s.code: (s.name, s.head_name) for s in status.data.sections}
    no_section = words_of(status.data.unit.kind).no_section
    behind = tuple(SectionBehind(*names.get(cell.section, (no_section, "")), cell.status)
                   for cell in status.sections_missing(status.report_month))
    return UnitFigures(
        unit=status.data.unit,
        lights=tuple(i.light for i in sorted(status.indicators, key=lambda i: i.number)),
        iit_share=quotas["IIT"].share if "IIT" in quotas else None,
        eit_share=quotas["EIT"].share if "EIT" in quotas else None,
        oit_published=status.readiness.oit_published,
        oit_total=status.readiness.oit_total,
        readiness=status.readiness.computed,
        behind=behind,
        iit_recorded=quotas["IIT"].recorded if "IIT" in quotas else True,
        eit_recorded=quotas["EIT"].recorded if "EIT" in quotas else True,
    )


@dataclass(frozen=True)
class UnitLine:
    figures: UnitFigures
    change: float | None  # readiness now minus at the end of last month

    @property
    def unit(self) -> Unit:
        return self.figures.unit


def ranked(now: list[UnitFigures], month_ago: list[UnitFigures] | None = None) -> list[UnitLine]:
    """One line per unit, best readiness first (units whose readiness cannot be computed last), with the change
    since ``month_ago`` (None unless both readings were computed)."""
    before = {f.unit.code: f.readiness for f in month_ago or []}

    def change(f: UnitFigures) -> float | None:
        then = before.get(f.unit.code)
        return None if f.readiness is None or then is None else round(f.readiness - then, 1)

    lines = [UnitLine(f, change(f)) for f in now]
    return sorted(lines, key=lambda line: (line.figures.readiness is None, -(line.figures.readiness or 0.0),
                                           line.unit.code))


@dataclass(frozen=True)
class ProvinceFigures:
    """A province's units summed up: how many units show each light per indicator, the mean shares (each capped at
    100 %, units whose minimum is unknown left out), the mean readiness (units whose readiness cannot be computed
    left out; None when no unit's can) and the sections behind."""

    province_code: str
    units: int
    lights: tuple[dict[Light, int], ...]  # per indicator: light → number of units
    iit_share: float | None
    eit_share: float | None
    oit_share: float | None
    readiness: float | None
    behind: int


def _mean(values: list[float | None]) -> float | None:
    known = [min(v, 1.0) for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _mean_readiness(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None


def by_province(figures: list[UnitFigures]) -> list[ProvinceFigures]:
    """One summary per province, in province-code order."""
    groups: dict[str, list[UnitFigures]] = {}
    for f in figures:
        groups.setdefault(f.unit.province_code, []).append(f)
    summaries = []
    for code in sorted(groups):
        units = groups[code]
        width = max(len(f.lights) for f in units)
        lights = tuple({light: sum(1 for f in units if i < len(f.lights) and f.lights[i] is light) for light in Light}
                       for i in range(width))
        summaries.append(ProvinceFigures(
            province_code=code, units=len(units), lights=lights,
            iit_share=_mean([f.iit_share for f in units]), eit_share=_mean([f.eit_share for f in units]),
            oit_share=_mean([f.oit_share for f in units]),
            readiness=_mean_readiness([f.readiness for f in units]),
            behind=sum(len(f.behind) for f in units)))
    return summaries


def not_reported(figures: list[UnitFigures]) -> list[tuple[Unit, SectionBehind]]:
    """Every section of every unit that has not reported, or not fully, for the last closed month."""
    return [(f.unit, behind) for f in figures for behind in f.behind]


def behind_by_province(missing: list[tuple[Unit, SectionBehind]]) -> list[tuple[str, int, int]]:
    """(province code, units with a section behind, sections behind) per province, most sections behind first: the
    country's sections behind summed up (thousands of rows say less than seventy-five)."""
    counts: dict[str, tuple[set[str], int]] = {}
    for unit, _ in missing:
        units, sections = counts.get(unit.province_code, (set(), 0))
        counts[unit.province_code] = (units | {unit.code}, sections + 1)
    return sorted(((code, len(units), sections) for code, (units, sections) in counts.items()),
                  key=lambda row: (-row[2], row[0]))


def fell_below(results: list[tuple[Unit, ItaResult]], pass_mark: float = 85) -> list[tuple[Unit, ItaResult, ItaResult | None]]:
    """Units whose latest result is under the pass mark, with the year before for comparison: first those that
    passed the year before (they fell), then the rest, lowest first."""
    by_unit: dict[str, list[tuple[Unit, ItaResult]]] = {}
    for unit, result in results:
        by_unit.setdefault(unit.code, []).append((unit, result))
    below = []
    for rows in by_unit.values():
        rows.sort(key=lambda row: row[1].fiscal_year)
        unit, latest = rows[-1]
        if latest.total < pass_mark:
            below.append((unit, latest, rows[-2][1] if len(rows) > 1 else None))
    return sorted(below, key=lambda row: (not fell(row[2], pass_mark), row[1].total))


def fell(previous: ItaResult | None, pass_mark: float = 85) -> bool:
    return previous is not None and previous.total >= pass_mark


def below_label(previous: ItaResult | None, pass_mark: float = 85) -> str:
    """How a unit under the pass mark got there."""
    if previous is None:
        return "ปีแรกที่มีผล"
    return "ตกจากผ่านเกณฑ์" if fell(previous, pass_mark) else "ต่ำกว่าเกณฑ์ต่อเนื่อง"


# -- issue 17: the province view tells the truth -----------------------------------------------------------------

NOT_OPEN = figure_text.NOT_OPEN  # "ยังไม่เปิด"
NOT_YET = Readiness.NOT_YET  # "ยังคำนวณไม่ได้"


def readiness_text(readiness: float | None, judged: bool = True, recorded: bool = True) -> str:
    """A unit's readiness as the province screen and PDF print it: "ยังคำนวณไม่ได้" while it cannot be computed,
    "ยังไม่เปิด" before its IIT/EIT collection opens, "ยังไม่ได้บันทึก" while its IIT or EIT count was never copied,
    else the figure — never a 0.0 that reads as the worst score (the rule of every output:
    :func:`ita_dash.domain.figure_text.readiness_text`)."""
    return figure_text.readiness_text(readiness, opens=not judged, recorded=recorded)


def share_state(is_open: bool, recorded: bool) -> figure_text.FigureState:
    """What a unit's IIT or EIT share means on the province screen and PDF: "ยังไม่เปิด" before its window opens,
    "ยังไม่ได้บันทึก" when nothing was copied from ITAP, else the share (the quota's own rule,
    :func:`ita_dash.domain.figure_text.state_of`)."""
    return figure_text.state_of(recorded, None if is_open else True)


def weakest_key(readiness: float | None, judged: bool, lights: Sequence[Light], behind: int, code: str,
                recorded: bool = True) -> tuple:
    """The one ordering of the province screen and the province PDF, weakest first (issue 34): units whose
    readiness is computed and judged by it, lowest first; after them the units that cannot be compared yet (readiness
    not computable, collection not open, or its IIT/EIT count never copied: what they print instead of a figure), by
    what is outstanding. Ties either way: more red indicators, then more sections behind on their reports, then the
    unit code."""
    comparable = readiness is not None and judged and recorded
    reds = sum(1 for light in lights if light is Light.RED)
    return (not comparable, readiness if comparable else 0.0, -reds, -behind, code)


def worst_first(lines: Iterable[UnitLine], collection: Callable[[Unit], Collection] | None = None) -> list[UnitLine]:
    """The ranking a commander reads first (:func:`weakest_key`); ``collection`` says which units' windows are
    open (every unit's, when not given)."""
    def key(line: UnitLine) -> tuple:
        judged = collection is None or collection(line.unit).readiness_judged
        return weakest_key(line.figures.readiness, judged, line.figures.lights, len(line.figures.behind),
                           line.unit.code, line.figures.recorded)

    return sorted(lines, key=key)


@dataclass(frozen=True)
class Collection:
    """Whether a unit's IIT and EIT collection windows have opened on the day (the rule of the unit's overview:
    :func:`ita_dash.domain.quotas.not_open_yet`). Readiness is not judged before both are open."""

    iit_open: bool
    eit_open: bool
    oit_open: bool = True  # the OIT data window: before it, a unit's published share is shown but not coloured

    @property
    def readiness_judged(self) -> bool:
        return self.iit_open and self.eit_open


def collection_of(template, as_of) -> Collection:
    """Which collection windows of ``template`` have opened on ``as_of`` (the overview's rule, ``not_open_yet``)."""
    from .framework import PhaseKind
    from .model import QuotaTool
    from .quotas import collection_not_open, not_open_yet

    return Collection(not collection_not_open(template, QuotaTool.IIT, as_of),
                      not collection_not_open(template, QuotaTool.EIT, as_of),
                      not not_open_yet(template.phase(PhaseKind.OIT_DATA), as_of))


def collections_of(units: Iterable[Unit], library, fiscal_year: int, as_of) -> dict[str, Collection]:
    """unit code → which of its collection windows have opened on ``as_of``, judged by the unit's own framework:
    its kind's template with the entries that reach it (issue 32: an entered calendar moves the windows) when
    ``library`` is an :class:`~.framework_entries.EnteredLibrary`, else its kind's. Worked out once per group of
    units sharing one framework."""
    by_group: dict[str, Collection] = {}
    found = {}
    for unit in units:
        group = library.group_of(unit, fiscal_year)
        if group not in by_group:
            by_group[group] = collection_of(library.for_unit(unit, fiscal_year), as_of)
        found[unit.code] = by_group[group]
    return found
