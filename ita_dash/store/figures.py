"""A province's or the whole country's figures (:class:`~ita_dash.domain.province.UnitFigures`) in a handful of
grouped SQL queries, so that 1,500 stations never travel to Python row by row.

The queries restate in SQL what :mod:`ita_dash.domain.lights`, :mod:`ita_dash.domain.followup` and
:mod:`ita_dash.domain.quotas` decide for one unit: a measure's state, an OIT item's light, the count a quota has
reached, and which sections are behind on the last closed month. The dates those rules need (the last closed
month of each cadence, the cut-off for reports known on the day) are worked out in Python from the domain and
passed in as parameters. ``tests/store/test_figures.py`` holds the SQL answers to the domain's for every unit on many
days, on SQLite and PostgreSQL: change a rule there and that test says what to change here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager

from sqlalchemy import Date, Integer, String, and_, case, cast, func, literal, null, or_, select, text, true, union_all
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.orm import Session

from ita_dash.domain.fiscal import (
    Month,
    fiscal_end,
    fiscal_months,
    fiscal_quarter_ends,
    fiscal_start,
    last_closed_month,
)
from ita_dash.domain.followup import SectionMonthStatus, is_closed, last_quarter_start
from ita_dash.domain.framework import FrameworkTemplate, TemplateLibrary
from ita_dash.domain.lights import READY, IndicatorTally
from ita_dash.domain.model import Cadence, FollowUpStatus, OitStatus, Tool, Unit
from ita_dash.domain.province import SectionBehind, UnitFigures
from ita_dash.domain.quotas import computed_readiness, iit_target
from ita_dash.domain.settings import DEFAULT, Thresholds
from ita_dash.domain.thaidate import BANGKOK
from ita_dash.domain.wording import words_of

from .tables import FollowUpRow, MeasureRow, OitItemRow, QuotaSnapshotRow, SectionRow, UnitRow, UnitYearRow

SMALL = 30  # up to this many units the three queries run one after the other in one session
_MONTHLY = (Cadence.MONTHLY.value, Cadence.WEEKLY.value, Cadence.DAILY.value)  # and no cadence: see due_months
_DONE = FollowUpStatus.DONE.value


def _month_of(date_column):
    """'YYYY-MM' of a date column, like ``str(Month.of(date))`` (SQLite keeps dates as ISO text; PostgreSQL casts
    them to ISO text)."""
    return func.substr(cast(date_column, String), 1, 7)


def _month_literal(month: Month | None):
    return null() if month is None else literal(str(month), String)


def _is_done_report(row):
    """:func:`ita_dash.domain.followup.is_done_report`."""
    return and_(row.status == _DONE, or_(row.percent.is_(None), row.percent >= 100))


def unit_figures(reading: Callable[[], AbstractContextManager[Session]], units_query, templates: TemplateLibrary,
                 fiscal_year: int, as_of: dt.date, settings: Thresholds = DEFAULT,
                 unit_codes: Collection[str] | None = None) -> list[UnitFigures]:
    """The figures of every unit ``units_query`` (a ``select(UnitRow)``, already scoped to what the actor may read)
    returns, judged on ``as_of``, in unit-code order; only those of ``unit_codes`` when given (the units whose change
    counter moved, :mod:`.figure_cache`).

    ``reading()`` opens a read session; the three grouped queries run side by side on sessions of their own (the
    database does the work, so threads are enough). A save landing between them can show in one and not yet in
    another: callers cache by the data version read before the call, so the next page load computes afresh."""
    if unit_codes is not None:
        if not unit_codes:
            return []
        units_query = units_query.where(UnitRow.code.in_(sorted(unit_codes)))
    units, scope = _scope(units_query, fiscal_year)
    with reading() as session:
        unit_rows = session.execute(units).all()
    if not unit_rows:
        return []
    # each unit's framework: its kind's, or (issue 32) the kind's with the entries that reach the unit, shared by the
    # units those same entries reach (a group); the OIT items are judged per group
    group_of, template_of = {}, {}
    for unit_row, _, _ in unit_rows:
        unit = Unit.model_validate(unit_row, from_attributes=True)
        group = templates.group_of(unit, fiscal_year)
        template_of.setdefault(group, templates.for_unit(unit, fiscal_year))
        group_of[unit.code] = group
    cut = _cut(as_of)

    def run(query, *args):
        with reading() as session:
            _tune(session)
            return query(session, scope, *args)

    if len(unit_rows) <= SMALL:  # a few units (those whose counter moved): one session, no threads to start
        with reading() as session:
            _tune(session)
            tallies, behind = _measure_facts(session, scope, fiscal_year, as_of, cut, settings)
            oit = _oit_tallies(session, scope, template_of, group_of, fiscal_year, as_of, settings)
            counts = _quota_counts(session, scope, fiscal_year, as_of)
    else:
        with ThreadPoolExecutor(max_workers=3) as pool:
            measures = pool.submit(run, _measure_facts, fiscal_year, as_of, cut, settings)
            oit_items = pool.submit(run, _oit_tallies, template_of, group_of, fiscal_year, as_of, settings)
            quotas = pool.submit(run, _quota_counts, fiscal_year, as_of)
            (tallies, behind), oit, counts = measures.result(), oit_items.result(), quotas.result()

    figures = []
    for unit_row, _, staff_count in unit_rows:
        code, template = unit_row.code, template_of[group_of[unit_row.code]]
        lights = []
        for indicator in sorted(template.indicators, key=lambda i: i.number):
            total, overdue, at_risk = tallies.get((code, indicator.number), (0, 0, 0))
            red, amber, green = oit["lights"].get((code, indicator.number), (0, 0, 0))
            lights.append(IndicatorTally(total, overdue, at_risk, red, amber, green).light)
        iit_share = _share(counts, code, "IIT", iit_target(template.quotas.iit, staff_count))
        eit_share = _share(counts, code, "EIT", template.quotas.eit.minimum if template.quotas.eit else None)
        published, total = oit["published"].get(code, (0, 0))
        figures.append(UnitFigures(
            unit=Unit.model_validate(unit_row, from_attributes=True),
            lights=tuple(lights),
            iit_share=iit_share,
            eit_share=eit_share,
            oit_published=published,
            oit_total=total,
            readiness=computed_readiness(iit_share, eit_share, published, total, settings),
            behind=tuple(behind.get(code, ())),
            iit_recorded=bool(counts.get((code, "IIT"))),  # QuotaLight.recorded: any count copied by the day
            eit_recorded=bool(counts.get((code, "EIT"))),
        ))
    return figures


# PostgreSQL settings of the figures' read transactions only (SET LOCAL: they end with the transaction). See
# docs/PERFORMANCE.md, "Figures that recompute only what changed": at the default work_mem (4 MB) the national
# measures query of 5,250 units sorts its 720k follow-ups on disk (external merge, 3 × 11 MB) and hashes its groups
# in five batches; with 32 MB everything stays in memory (≈ 90 MB at the peak, all nodes and workers together), and
# only these queries get it, not every connection. JIT compiling took ~210 ms of that query: with the figures kept
# per unit it runs once per view and day, where compiling never pays back.
PG_SETTINGS: dict[str, str] = {"work_mem": "32MB", "jit": "off"}


def _tune(session: Session) -> None:
    if PG_SETTINGS and session.get_bind().dialect.name == "postgresql":
        for name, value in PG_SETTINGS.items():
            session.execute(text(f"SET LOCAL {name} = '{value}'"))


def _share(counts: dict, unit_code: str, tool: str, target: int | None) -> float | None:
    """:func:`ita_dash.domain.quotas._series`: the latest unit total, or else the sum of each section's latest."""
    rows = counts.get((unit_code, tool), [])
    totals = [count for section, count in rows if section is None]
    count = totals[0] if totals else sum(count for _, count in rows)
    return count / target if target else None


def _closed_periods(fiscal_year: int, as_of: dt.date, settings: Thresholds) -> dict:
    """The last closed month a measure of each cadence owes a report for (:func:`due_months` + :func:`is_closed`)."""
    closed = [m for m in fiscal_months(fiscal_year) if is_closed(m, as_of, settings)]
    quarter_ends = set(fiscal_quarter_ends(fiscal_year))
    return {
        "monthly": closed[-1] if closed else None,
        "quarterly": next((m for m in reversed(closed) if m in quarter_ends), None),
        "half_yearly": next((m for m in reversed(closed) if m.month in (3, 9)), None),
        "last_day": closed[-1].last_day if closed else None,
    }


def _measure_facts(session: Session, scope, fiscal_year: int, as_of: dt.date, cut: dt.datetime,
                   settings: Thresholds) -> tuple[dict, dict]:
    """Returns the tallies, (unit, indicator) → (measures, overdue, at risk), from
    :func:`ita_dash.domain.lights.assess_measure` per measure; and the sections behind, unit → [SectionBehind],
    the sections missing or partial for the last closed month (:func:`ita_dash.domain.followup.section_months`).
    """
    tallies: dict[tuple[str, int], tuple[int, int, int]] = {}
    owed: dict[str, list[tuple[str | None, int, int]]] = defaultdict(list)
    for unit, kind, key, count, first, second in session.execute(_measure_statement(scope, fiscal_year, as_of, cut,
                                                                                    settings)):
        if kind == "i":
            tallies[(unit, int(key))] = (count, first, second)
        else:
            owed[unit].append((key, first, second))
    return tallies, _behind(session, owed)


def measure_statement(units_query, fiscal_year: int, as_of: dt.date, settings: Thresholds = DEFAULT):
    """The main query (measures and follow-ups) as :func:`unit_figures` runs it, for EXPLAIN in the benchmark."""
    return _measure_statement(_scope(units_query, fiscal_year)[1], fiscal_year, as_of, _cut(as_of), settings)


def _scope(units_query, fiscal_year: int):
    units = (units_query.add_columns(UnitYearRow.plan_start, UnitYearRow.staff_count)
             .outerjoin(UnitYearRow, and_(UnitYearRow.unit_code == UnitRow.code, UnitYearRow.fiscal_year == fiscal_year))
             .order_by(None).order_by(UnitRow.code))
    return units, units.with_only_columns(UnitRow.code, UnitRow.kind, UnitYearRow.plan_start).order_by(None).subquery("scope")


def _cut(as_of: dt.date) -> dt.datetime:
    """Reports entered before this moment were known on ``as_of`` (midnight after it, Bangkok time)."""
    return dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(0), tzinfo=BANGKOK)


def _measure_statement(scope, fiscal_year: int, as_of: dt.date, cut: dt.datetime, settings: Thresholds):
    """One pass over the year's follow-ups, grouped twice: by indicator and by section."""
    measure, report = MeasureRow, FollowUpRow
    periods = _closed_periods(fiscal_year, as_of, settings)
    # the last closed month this measure owes a report for (due_months + is_closed), whatever it reported
    # an on-completion measure without a date is judged against the end of the fiscal year (judged_deadline)
    year_end = and_(measure.deadline.is_(None), measure.cadence == Cadence.ON_COMPLETION.value)
    deadline = func.coalesce(measure.deadline, case((year_end, literal(fiscal_end(fiscal_year), Date)), else_=null()))
    on_completion = null() if periods["last_day"] is None else case(
        (and_(deadline >= fiscal_start(fiscal_year), deadline <= periods["last_day"]),
         _month_of(deadline)), else_=null())
    period = case(
        (measure.cadence == Cadence.QUARTERLY.value, _month_literal(periods["quarterly"])),
        (measure.cadence == Cadence.HALF_YEARLY.value, _month_literal(periods["half_yearly"])),
        (measure.cadence == Cadence.ON_COMPLETION.value, on_completion),
        else_=_month_literal(periods["monthly"]))
    # the month the province page follows up: the last closed month, if it is a closed month of this year
    month = last_closed_month(as_of)
    if month not in fiscal_months(fiscal_year) or not is_closed(month, as_of, settings):
        month = None

    reports = (
        select(
            report.measure_id,
            # the latest known report's month with "1" after it when that report says done: 'YYYY-MM1'
            func.max(report.month + case((_is_done_report(report), "1"), else_="0")).label("latest"),
            func.max(case((and_(report.month == period, report.status != FollowUpStatus.BLOCKED.value), 1),
                          else_=0)).label("period_reported"),
            func.min(case((_is_done_report(report), report.month))).label("first_done"),
            func.max(case((report.month == str(month or ""), 1), else_=0)).label("month_reported"),
        )
        .join(measure, measure.id == report.measure_id)
        .join(scope, scope.c.code == measure.unit_code)
        .where(measure.fiscal_year == fiscal_year, report.entered_at < cut)  # only what was known on as_of
        .group_by(report.measure_id)
    ).subquery("reports")

    done = or_(measure.done == true(), func.substr(reports.c.latest, 8, 1) == "1")
    deadline_near = measure.deadline <= as_of + dt.timedelta(days=settings.at_risk_days)
    if as_of >= last_quarter_start(fiscal_year):  # at risk through the last quarter when due by the year's end
        deadline_near = or_(deadline_near, year_end)
    after_plan_start = or_(scope.c.plan_start.is_(None), _month_of(scope.c.plan_start) <= period)
    report_missing = and_(period.is_not(None), after_plan_start, func.coalesce(reports.c.period_reported, 0) == 0)
    state = case((done, "done"), (deadline < as_of, "overdue"), (or_(deadline_near, report_missing), "at_risk"),
                 else_="on_track")
    if month is None:
        owes_month = literal(0)
    else:
        cadences = list(_MONTHLY)
        if month in fiscal_quarter_ends(fiscal_year):
            cadences.append(Cadence.QUARTERLY.value)
        if month.month in (3, 9):
            cadences.append(Cadence.HALF_YEARLY.value)
        owes_month = case((and_(
            or_(measure.cadence.is_(None), measure.cadence.in_(cadences),
                and_(measure.cadence == Cadence.ON_COMPLETION.value, _month_of(deadline) == str(month))),
            or_(scope.c.plan_start.is_(None), _month_of(scope.c.plan_start) <= str(month)),
            or_(reports.c.first_done.is_(None), reports.c.first_done >= str(month))), 1), else_=0)
    per_measure = (
        select(measure.unit_code, cast(measure.indicator, String).label("indicator"), measure.owner_section,
               state.label("state"), owes_month.label("owes"),
               (owes_month * func.coalesce(reports.c.month_reported, 0)).label("reported"))
        .join(scope, scope.c.code == measure.unit_code)
        .outerjoin(reports, reports.c.measure_id == measure.id)
        .where(measure.fiscal_year == fiscal_year, measure.retired == False)  # noqa: E712
    ).cte("per_measure")
    m = per_measure.c
    # two groupings of the same measures: by indicator for the lights, by section for those behind on the month
    lights = select(m.unit_code, literal("i").label("kind"), m.indicator.label("key"), func.count(),
                    func.sum(case((m.state == "overdue", 1), else_=0)), func.sum(case((m.state == "at_risk", 1), else_=0))
                    ).group_by(m.unit_code, m.indicator)
    sections = select(m.unit_code, literal("s").label("kind"), m.owner_section.label("key"), func.count(),
                      func.sum(m.owes), func.sum(m.reported)
                      ).group_by(m.unit_code, m.owner_section).having(func.sum(m.reported) < func.sum(m.owes))

    return union_all(lights, sections)


def _behind(session: Session, owed: dict[str, list[tuple[str | None, int, int]]]) -> dict[str, list[SectionBehind]]:
    """Name the sections behind and put them in the unit's order; a section the unit no longer has is not listed
    (as in section_months)."""
    if not owed:
        return {}
    names = {}
    for unit in _chunks(sorted(owed)):
        query = select(SectionRow.unit_code, SectionRow.code, SectionRow.name, SectionRow.head_name,
                       SectionRow.sort_order).where(SectionRow.unit_code.in_(unit), SectionRow.retired.is_(False))
        names.update({(row[0], row[1]): row[2:] for row in session.execute(query)})
    # a measure of no section is "ไม่ระบุสายงาน", or "ไม่ระบุกอง" in a local administration: the kind of those units only
    kinds = {}
    for unit in _chunks(sorted(code for code, rows in owed.items() if any(row[0] is None for row in rows))):
        kinds.update(session.execute(select(UnitRow.code, UnitRow.kind).where(UnitRow.code.in_(unit))).all())
    behind: dict[str, list[SectionBehind]] = {}
    for unit, rows in owed.items():
        found = []
        for code, _due, received in rows:
            status = SectionMonthStatus.PARTIAL if received else SectionMonthStatus.MISSING
            if code is None:
                found.append(((1, 0, ""), SectionBehind(words_of(kinds.get(unit)).no_section, "", status)))
            elif (unit, code) in names:
                name, head, order = names[(unit, code)]
                found.append(((0, order, code), SectionBehind(name, head, status)))
        behind[unit] = [item for _, item in sorted(found, key=lambda pair: pair[0])]
    return behind


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _oit_spec(template_of: dict[str, FrameworkTemplate]):
    """The frameworks' OIT items as a small table (group, code, indicator, due); ``indicator`` is set only where the
    item's indicator is judged by OIT items (:func:`ita_dash.domain.lights.indicator_lights`). A group is a kind, or
    a kind with the entries that reach some units (:class:`~ita_dash.domain.framework_entries.EnteredLibrary`)."""
    rows = []
    for kind, template in template_of.items():
        oit_indicators = {i.number for i in template.indicators if i.tool is Tool.OIT}
        for spec in template.oit_items or []:
            number = int(spec.sub_indicator.split(".")[0]) if spec.sub_indicator else None
            rows.append(select(literal(kind, String).label("kind"), literal(spec.code, String).label("code"),
                               literal(number if number in oit_indicators else None, Integer).label("indicator"),
                               literal(spec.due, Date).label("due")))  # no CAST: SQLite would make a number of it
    return union_all(*rows).subquery("spec") if rows else None


def _groups(group_of: dict[str, str]):
    """unit → group as a small table, for the units whose group is not their kind (None: every unit's is)."""
    rows = [select(literal(code, String).label("unit_code"), literal(group, String).label("grp"))
            for code, group in group_of.items() if "|" in group]
    return union_all(*rows).subquery("groups") if rows else None


def _oit_tallies(session: Session, scope, template_of: dict, group_of: dict[str, str], fiscal_year: int,
                 as_of: dt.date, settings: Thresholds) -> dict:
    """lights: (unit, indicator) → (red, amber, green) items, as :func:`assess_oit_items` judges them;
    published: unit → (published, items in the template). A template item the unit has no record of is
    'not started'."""
    spec = _oit_spec(template_of)
    if spec is None:
        return {"lights": {}, "published": {}}
    item = OitItemRow
    status = func.coalesce(item.status, OitStatus.NOT_STARTED.value)
    due = func.coalesce(item.due_date, spec.c.due)
    cleared = (OitStatus.APPROVED.value, OitStatus.PUBLISHED.value)
    light = case(
        (status.in_(cleared), "green"),
        (due.is_(None), "grey"),
        (due < as_of, "red"),
        (and_(due <= as_of + dt.timedelta(days=settings.oit_warning_days), status.not_in([s.value for s in READY])),
         "amber"),
        else_="green")
    groups = _groups(group_of)
    units = scope if groups is None else scope.outerjoin(groups, groups.c.unit_code == scope.c.code)
    group = scope.c.kind if groups is None else func.coalesce(groups.c.grp, scope.c.kind)
    per_item = (
        select(scope.c.code.label("unit_code"), spec.c.indicator, light.label("light"), status.label("status"))
        .select_from(units)
        .join(spec, spec.c.kind == group)
        .outerjoin(item, and_(item.unit_code == scope.c.code, item.fiscal_year == fiscal_year, item.code == spec.c.code))
    ).subquery("per_item")
    grouped = select(
        per_item.c.unit_code, per_item.c.indicator, func.count(),
        *[func.sum(case((per_item.c.light == name, 1), else_=0)) for name in ("red", "amber", "green")],
        func.sum(case((per_item.c.status == OitStatus.PUBLISHED.value, 1), else_=0)),
    ).group_by(per_item.c.unit_code, per_item.c.indicator)
    lights, published = {}, defaultdict(lambda: (0, 0))
    for unit, indicator, total, red, amber, green, done in session.execute(grouped):
        if indicator is not None:
            lights[(unit, indicator)] = (red, amber, green)
        before = published[unit]
        published[unit] = (before[0] + done, before[1] + total)
    return {"lights": lights, "published": dict(published)}


def _quota_counts(session: Session, scope, fiscal_year: int, as_of: dt.date) -> dict[tuple[str, str], list]:
    """(unit, tool) → [(section, count)]: each (tool, section)'s latest snapshot taken on or before ``as_of``."""
    counts: dict[tuple[str, str], list] = defaultdict(list)
    query = quota_statement(scope, fiscal_year, as_of, session.get_bind().dialect.name)
    for unit, tool, section, count in session.execute(query):
        counts[(unit, tool)].append((section, count))
    return counts


def quota_statement(scope, fiscal_year: int, as_of: dt.date, dialect: str):
    """The latest snapshot of each series (unit, tool, section) on ``as_of``, latest by (taken_on, id).

    On PostgreSQL: ``DISTINCT ON`` the series, ordered as the index ``ix_quota_snapshot_series`` (fiscal_year,
    unit_code, tool, section, taken_on, id, INCLUDE count) read backwards, so the database walks that index in
    order and keeps each series' first row: no sort of the year's snapshots (a window function over the series has
    to sort them: its partition keys run ascending, its order descending). Elsewhere (SQLite: one unit, small
    tables) the window function."""
    snapshot = QuotaSnapshotRow
    in_scope = snapshot.unit_code.in_(select(scope.c.code))
    if dialect == "postgresql":
        series = (snapshot.unit_code.desc(), snapshot.tool.desc(), snapshot.section.desc())
        return (select(snapshot.unit_code, snapshot.tool, snapshot.section, snapshot.count)
                .where(snapshot.fiscal_year == fiscal_year, snapshot.taken_on <= as_of, in_scope)
                .ext(distinct_on(snapshot.unit_code, snapshot.tool, snapshot.section))
                .order_by(*series, snapshot.taken_on.desc(), snapshot.id.desc()))
    order = func.row_number().over(partition_by=(snapshot.unit_code, snapshot.tool, snapshot.section),
                                   order_by=(snapshot.taken_on.desc(), snapshot.id.desc()))
    ranked = (select(snapshot.unit_code, snapshot.tool, snapshot.section, snapshot.count, order.label("n"))
              .where(snapshot.fiscal_year == fiscal_year, snapshot.taken_on <= as_of, in_scope)).subquery("ranked")
    return select(ranked.c.unit_code, ranked.c.tool, ranked.c.section, ranked.c.count).where(ranked.c.n == 1)
