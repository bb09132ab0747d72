"""Deriving the template of a fiscal year without a file from the files of the same kind (see ``framework``)."""

from __future__ import annotations

import datetime as dt

from .framework import ABSENT_PARTS, UNKNOWN_NOTES, FrameworkTemplate, Phase, PhaseKind, Quotas
from .model import Tool


def _shift(day: dt.date | None, years: int) -> dt.date | None:
    if day is None or years == 0:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def derive(chain: list[FrameworkTemplate], fiscal_year: int) -> FrameworkTemplate:
    """A template for ``fiscal_year`` from ``chain``: files of one kind, the nearest year first (for a later year the
    earlier files newest first; for a year before the earliest file, the later files oldest first). Each part comes
    from the first file that knows it, its dates moved by whole years; a part the nearest file that speaks of it
    declares ``absent`` stays absent. Raises ValueError when the files cannot be combined."""
    head = chain[0]
    provenance: dict[str, str] = {}
    absent: list[str] = []

    def first_known(part: str, getter):
        for source in chain:
            if part in source.absent:
                absent.append(part)
                return None, None
            value = getter(source)
            if value:
                if source is not head:
                    provenance[part] = source.key
                return source, value
        return None, None

    def years(source: FrameworkTemplate) -> int:
        return fiscal_year - source.fiscal_year

    indicators = []
    for indicator in head.indicators:
        if indicator.tool is Tool.OIT and not indicator.sub_indicators:
            _, subs = first_known(f"indicators.{indicator.number}", lambda t, n=indicator.number: t.indicator(n).sub_indicators)
            indicator = indicator.model_copy(update={"sub_indicators": subs or []})
        indicators.append(indicator)

    _, sections = first_known("sections", lambda t: t.sections)
    source, items = first_known("oit_items", lambda t: t.oit_items)
    regroup = head.oit_regroup
    regrouped = {}
    if items and regroup is not None and source.key == regroup.items_of:
        missing = set(regroup.sub_indicators) - {i.code for i in items}
        if missing:
            raise ValueError(f"oit_regroup names items {sorted(missing)} that {source.key} does not have")
        regrouped = regroup.sub_indicators
    oit_items = [
        i.model_copy(update={"due": _shift(i.due, years(source)), "sub_indicator": regrouped.get(i.code, i.sub_indicator)})
        for i in items
    ] if items else None

    calendar: list[Phase] = []
    for kind in PhaseKind:
        fields: dict[str, object] = {}
        src, day = first_known(f"calendar.{kind.value}.start", lambda t, k=kind: getattr(t.phase(k), "start", None))
        if day is not None:
            fields["start"] = _shift(day, years(src))
        src, day = first_known(f"calendar.{kind.value}.end", lambda t, k=kind: getattr(t.phase(k), "end", None))
        if day is not None:
            fields["end"] = _shift(day, years(src))
            fields["closes_at"] = src.phase(kind).closes_at  # the time of day goes with its date
        src, phase = first_known(f"calendar.{kind.value}", lambda t, k=kind: t.phase(k))
        start_src = provenance.get(f"calendar.{kind.value}.start")
        if start_src and start_src == provenance.get(f"calendar.{kind.value}.end"):
            # the whole phase came from one other file: say it once
            del provenance[f"calendar.{kind.value}.start"], provenance[f"calendar.{kind.value}.end"]
        else:
            provenance.pop(f"calendar.{kind.value}", None)
        if phase is not None:
            calendar.append(Phase(kind=kind, name=phase.name, borrowed_from=phase.borrowed_from, **fields))

    quotas = Quotas(**{
        name: first_known(f"quotas.{name}", lambda t, n=name: getattr(t.quotas, n))[1] for name in ("iit", "eit", "eit2")})
    still_unknown = [
        UNKNOWN_NOTES[part]
        for part, missing in (
            ("sections", not sections),
            ("oit_items", not oit_items),
            ("calendar", not calendar),
            ("quotas.iit", "quotas.iit" not in absent and (not quotas.iit or quotas.iit.minimum is None)),
            ("quotas.eit", "quotas.eit" not in absent and (not quotas.eit or quotas.eit.minimum is None)),
            ("quotas.eit.parts", bool(quotas.eit) and quotas.eit.parts is None),
        )
        if missing
    ] + [f"{UNKNOWN_NOTES['calendar']}: วันเริ่มหรือวันสิ้นสุดของขั้นตอน “{p.name}”"
         for p in calendar if p.start is None or p.end is None]
    used = [head] + [t for t in chain if t.key in provenance.values()]
    return FrameworkTemplate(
        key=f"{head.kind.value}-{fiscal_year}",
        kind=head.kind,
        fiscal_year=fiscal_year,
        title=head.title.replace(str(head.fiscal_year), str(fiscal_year)),
        sources=sorted({s for t in used for s in t.sources}),
        weights=head.weights,
        pass_mark=head.pass_mark,
        levels=head.levels,
        indicators=indicators,
        sections=sections,
        oit_items=oit_items,
        calendar=calendar or None,
        quotas=quotas,
        unknown=still_unknown,
        absent=[part for part in ABSENT_PARTS if part in absent],
        oit_regroup=regroup if regrouped else None,
        derived_from=head.key,
        provenance=provenance,
    )
