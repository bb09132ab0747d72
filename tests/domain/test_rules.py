"""The dashboard's rules, branch by branch, on small hand-made unit years with frozen dates."""

import datetime as dt

import pytest

from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import SectionMonthStatus, due_months, is_late, report_deadline, section_months
from ita_dash.domain.framework import Phase, PhaseKind, library
from ita_dash.domain.lights import Light, MeasureState, assess_measures, assess_oit_items, indicator_lights
from ita_dash.domain.milestones import countdown_light, milestones
from ita_dash.domain.model import (
    Cadence,
    FollowUp,
    FollowUpStatus,
    Measure,
    OitItem,
    OitStatus,
    Province,
    QuotaSnapshot,
    QuotaTool,
    Region,
    Section,
    Unit,
    UnitKind,
    UnitYear,
    UnitYearData,
)
from ita_dash.domain.quotas import iit_target, quota_lights, readiness
from ita_dash.domain.settings import Thresholds
from ita_dash.domain.status import assess_unit
from ita_dash.domain.thaidate import BANGKOK

FY = 2570
TEMPLATE = library().get(f"police-station-{FY}")
D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=BANGKOK)


def measure(code="1-01", indicator=1, deadline=D(2027, 3, 31), cadence=Cadence.MONTHLY, section="admin", **kw) -> Measure:
    return Measure(code=code, indicator=indicator, activity=f"กิจกรรม {code}", deadline=deadline,
                   cadence=cadence, owner_section=section, **kw)


def report(code, month, status=FollowUpStatus.IN_PROGRESS, percent=50, entered=None, note="") -> FollowUp:
    m = Month.parse(month)
    return FollowUp(measure_code=code, month=month, status=status,
                    percent=None if status is FollowUpStatus.BLOCKED else percent, note=note,
                    entered_at=at(entered or report_deadline(m)))


def unit_year(measures=(), follow_ups=(), oit_items=(), snapshots=(), staff=80, plan_start=D(2026, 10, 1)) -> UnitYearData:
    return UnitYearData(
        region=Region(code="R", name="ภาค"), province=Province(code="P", name="จังหวัด", region_code="R"),
        unit=Unit(code="U", name="สถานีทดสอบ", kind=UnitKind.POLICE_STATION, province_code="P"),
        year=UnitYear(fiscal_year=FY, staff_count=staff, plan_start=plan_start),
        sections=[Section(code="admin", name="งานอำนวยการ", head_name="พ.ต.ท.ก"),
                  Section(code="patrol", name="งานป้องกันปราบปราม", head_name="พ.ต.ท.ข"),
                  Section(code="traffic", name="งานจราจร", head_name="พ.ต.ท.ค"),
                  Section(code="investigation", name="งานสืบสวน"), Section(code="inquiry", name="งานสอบสวน")],
        measures=list(measures), follow_ups=list(follow_ups), oit_items=list(oit_items), quota_snapshots=list(snapshots))


def state_of(data: UnitYearData, as_of: dt.date, code="1-01"):
    return next(s for s in assess_measures(data, as_of) if s.measure.code == code)


# -- follow-up schedule ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cadence, deadline, expected",
    [
        (Cadence.MONTHLY, None, [f"{y}-{m:02d}" for y, m in [(2026, 10), (2026, 11), (2026, 12)] + [(2027, i) for i in range(1, 10)]]),
        (Cadence.WEEKLY, None, 12),
        (Cadence.DAILY, None, 12),
        (None, None, 12),
        (Cadence.QUARTERLY, None, ["2026-12", "2027-03", "2027-06", "2027-09"]),
        (Cadence.HALF_YEARLY, None, ["2027-03", "2027-09"]),
        (Cadence.ON_COMPLETION, D(2027, 4, 30), ["2027-04"]),
        (Cadence.ON_COMPLETION, None, ["2027-09"]),  # no date: judged by the end of the fiscal year
        (Cadence.ON_COMPLETION, D(2028, 1, 31), []),  # deadline outside the year
    ],
)
def test_due_months_by_cadence(cadence, deadline, expected):
    months = [str(m) for m in due_months(measure(cadence=cadence, deadline=deadline), FY)]
    assert months == expected if isinstance(expected, list) else len(months) == expected


def test_due_months_start_with_the_plan_and_stop_when_done():
    m = measure()
    assert [str(x) for x in due_months(m, FY, plan_start=D(2027, 7, 15))] == ["2027-07", "2027-08", "2027-09"]
    assert [str(x) for x in due_months(m, FY, done_in=Month(2026, 11))] == ["2026-10", "2026-11"]
    assert due_months(measure(retired=True), FY) == []


def test_a_report_is_late_after_the_grace_day():
    assert report_deadline(Month(2026, 12)) == D(2027, 1, 5)  # across the year end
    assert not is_late(report("1-01", "2026-10", entered=D(2026, 11, 5)))
    assert is_late(report("1-01", "2026-10", entered=D(2026, 11, 6)))
    assert not is_late(report("1-01", "2026-10", entered=D(2026, 11, 8)), Thresholds(grace_days=10))


# -- measure state ---------------------------------------------------------------------------------------------


def test_done_when_marked_done_even_past_its_deadline():
    data = unit_year([measure(deadline=D(2026, 10, 31), done=True)])
    assert state_of(data, D(2026, 12, 1)).state is MeasureState.DONE


def test_done_when_the_latest_report_is_done_at_100():
    data = unit_year([measure(deadline=D(2026, 10, 31))],
                     [report("1-01", "2026-10", FollowUpStatus.DONE, 100, entered=D(2026, 10, 30))])
    status = state_of(data, D(2026, 12, 1))
    assert status.state is MeasureState.DONE and "ต.ค. 2569" in status.reasons[0]


def test_done_at_80_percent_is_not_done():
    data = unit_year([measure(deadline=D(2026, 10, 31))],
                     [report("1-01", "2026-10", FollowUpStatus.DONE, 80, entered=D(2026, 10, 30))])
    assert state_of(data, D(2026, 12, 1)).state is MeasureState.OVERDUE


def test_overdue_the_day_after_the_deadline_not_on_it():
    months = ("2026-10", "2026-11", "2026-12", "2027-01", "2027-02")
    data = unit_year([measure(deadline=D(2027, 3, 31))], [report("1-01", m) for m in months])
    assert state_of(data, D(2027, 3, 31)).state is MeasureState.AT_RISK  # due today
    overdue = state_of(data, D(2027, 4, 1))
    assert overdue.state is MeasureState.OVERDUE and "31 มี.ค. 2570" in overdue.reasons[0]


def test_at_risk_within_14_days_of_the_deadline():
    data = unit_year([measure(deadline=D(2026, 11, 30))], [report("1-01", "2026-10")])
    assert state_of(data, D(2026, 11, 15)).state is MeasureState.ON_TRACK  # 15 days left
    risky = state_of(data, D(2026, 11, 16))  # 14 days left
    assert risky.state is MeasureState.AT_RISK and "ในอีก 14 วัน" in risky.reasons[0]


def test_at_risk_when_the_last_closed_period_has_no_report():
    data = unit_year([measure(deadline=D(2027, 3, 31))])
    assert state_of(data, D(2026, 11, 5)).state is MeasureState.ON_TRACK  # October still open until the 5th
    risky = state_of(data, D(2026, 11, 6))
    assert risky.state is MeasureState.AT_RISK and risky.reasons == ("ยังไม่รายงานผลเดือน ต.ค. 2569",)


def test_at_risk_when_the_last_closed_period_is_blocked():
    data = unit_year([measure()], [report("1-01", "2026-10", FollowUpStatus.BLOCKED, note="รองบประมาณ")])
    risky = state_of(data, D(2026, 11, 20))
    assert risky.state is MeasureState.AT_RISK and "ติดปัญหา: รองบประมาณ" in risky.reasons[0]


def test_quarterly_measure_is_judged_on_its_last_quarter():
    data = unit_year([measure(cadence=Cadence.QUARTERLY, deadline=D(2027, 9, 30))], [report("1-01", "2026-12")])
    assert state_of(data, D(2027, 2, 20)).state is MeasureState.ON_TRACK  # no October/November report owed
    assert state_of(data, D(2027, 4, 6)).state is MeasureState.AT_RISK  # March owed, missing


def test_a_measure_without_deadline_is_judged_by_follow_ups_alone():
    data = unit_year([measure(deadline=None, deadline_text="ทุกวัน")], [report("1-01", "2026-10")])
    status = state_of(data, D(2026, 11, 20))
    assert status.state is MeasureState.ON_TRACK and "ทุกวัน" in status.reasons[0]
    assert state_of(data, D(2026, 12, 6)).state is MeasureState.AT_RISK  # November not reported


def test_a_report_entered_after_as_of_is_not_seen():
    data = unit_year([measure()], [report("1-01", "2026-10", entered=D(2026, 11, 10))])
    assert state_of(data, D(2026, 11, 8)).state is MeasureState.AT_RISK
    assert state_of(data, D(2026, 11, 10)).state is MeasureState.ON_TRACK


def test_reasons_name_section_and_head():
    data = unit_year([measure(section="patrol")])
    reason = state_of(data, D(2026, 11, 20)).reason()
    assert reason.section == "งานป้องกันปราบปราม" and reason.owner == "พ.ต.ท.ข" and reason.ref == "1-01"


# -- section status for a month ----------------------------------------------------------------------------------


def _matrix(data, as_of):
    return {(s.section, str(s.month)): s for s in section_months(data, as_of)}


def test_section_month_statuses():
    data = unit_year(
        [measure("1-01", section="admin"), measure("1-02", section="admin"), measure("2-01", section="patrol"),
         measure("3-01", section="traffic", cadence=Cadence.QUARTERLY)],
        [report("1-01", "2026-10", entered=D(2026, 11, 3)), report("1-02", "2026-10", entered=D(2026, 11, 9)),
         report("1-01", "2026-11", entered=D(2026, 12, 1))],
    )
    grid = _matrix(data, D(2026, 12, 3))
    assert grid[("admin", "2026-10")].status is SectionMonthStatus.LATE
    assert grid[("admin", "2026-10")].late == ("1-02",)
    assert grid[("patrol", "2026-10")].status is SectionMonthStatus.MISSING
    assert grid[("traffic", "2026-10")].status is SectionMonthStatus.NOT_DUE
    assert grid[("admin", "2026-11")].status is SectionMonthStatus.OPEN  # partial, but November closes on 5 Dec
    assert grid[("admin", "2027-01")].status is SectionMonthStatus.UPCOMING
    assert grid[("investigation", "2026-10")].status is SectionMonthStatus.NOT_DUE
    later = _matrix(data, D(2026, 12, 6))
    assert later[("admin", "2026-11")].status is SectionMonthStatus.PARTIAL
    assert later[("admin", "2026-11")].missing == ("1-02",)


def test_section_month_complete_and_fiscal_year_boundary():
    data = unit_year([measure("1-01", section="admin")],
                     [report("1-01", "2027-09", entered=D(2027, 10, 2))], plan_start=D(2027, 9, 1))
    grid = _matrix(data, D(2027, 10, 6))
    assert grid[("admin", "2027-09")].status is SectionMonthStatus.COMPLETE


def test_measures_without_a_section_get_their_own_row():
    data = unit_year([measure(section=None)])
    assert any(s.section is None for s in section_months(data, D(2026, 11, 20)))


# -- indicator lights ---------------------------------------------------------------------------------------------


def _lights(data, as_of):
    statuses = assess_measures(data, as_of)
    items = assess_oit_items(TEMPLATE, data, as_of)
    return {i.number: i for i in indicator_lights(TEMPLATE, statuses, items)}


def test_indicator_lights_red_amber_green_grey():
    data = unit_year(
        [measure("1-01", 1, deadline=D(2026, 11, 10)), measure("1-02", 1),  # 1: one overdue
         measure("2-01", 2),  # 2: missing October report → amber
         measure("3-01", 3, done=True), measure("3-02", 3)],
        [report("1-02", "2026-10"), report("3-02", "2026-10")],
    )
    lights = _lights(data, D(2026, 11, 20))
    assert lights[1].light is Light.RED and lights[1].reasons[0].ref == "1-01"
    assert lights[2].light is Light.AMBER
    assert lights[3].light is Light.GREEN and "เสร็จแล้ว 1" in lights[3].reasons[-1].text
    assert lights[4].light is Light.GREY
    assert lights[9].light is Light.GREY or lights[9].oit_count


def test_oit_items_colour_indicators_9_and_10():
    items = [
        OitItem(code="O1", status=OitStatus.DRAFTING, due_date=D(2026, 11, 30)),  # 9.1, due in 10 days, not ready
        OitItem(code="O17", status=OitStatus.DRAFTING, due_date=D(2026, 11, 19)),  # 10.1, past due
        OitItem(code="O18", status=OitStatus.PUBLISHED, due_date=D(2026, 11, 1)),
    ]
    lights = _lights(unit_year(oit_items=items), D(2026, 11, 20))
    assert lights[9].light is Light.AMBER and lights[9].reasons[0].ref == "O1"
    assert lights[10].light is Light.RED and lights[10].reasons[0].ref == "O17"


def test_an_oit_item_due_today_is_amber_not_red():
    items = [OitItem(code="O1", status=OitStatus.NOT_STARTED, due_date=D(2026, 11, 20))]
    statuses = {i.spec.code: i for i in assess_oit_items(TEMPLATE, unit_year(oit_items=items), D(2026, 11, 20))}
    assert statuses["O1"].light is Light.AMBER
    ready = [OitItem(code="O1", status=OitStatus.READY_FOR_REVIEW, due_date=D(2026, 11, 20))]
    assert assess_oit_items(TEMPLATE, unit_year(oit_items=ready), D(2026, 11, 20))[0].light is Light.GREEN
    assert assess_oit_items(TEMPLATE, unit_year(oit_items=ready), D(2026, 11, 21))[0].light is Light.RED
    approved = [OitItem(code="O1", status=OitStatus.APPROVED, due_date=D(2026, 11, 1))]
    assert assess_oit_items(TEMPLATE, unit_year(oit_items=approved), D(2026, 11, 21))[0].light is Light.GREEN


def test_an_oit_item_without_due_date_is_grey():
    assert assess_oit_items(TEMPLATE, unit_year(), D(2026, 11, 20))[0].light is Light.GREY


# -- quotas ----------------------------------------------------------------------------------------------------------


def _quotas(data, as_of, settings=Thresholds()):
    return {q.key: q for q in quota_lights(TEMPLATE, data, as_of, settings)}


def snap(tool, count, day, section=None):
    return QuotaSnapshot(tool=tool, section=section, count=count, taken_on=day)


def test_iit_target_is_the_minimum_capped_by_staff():
    from ita_dash.domain.framework import Quota
    assert iit_target(Quota(minimum=100), 21) == 21
    assert iit_target(Quota(minimum=100), 250) == 100
    assert iit_target(Quota(minimum=None), 64) == 64
    assert iit_target(None, None) is None


def test_quota_grey_before_the_window():
    q = _quotas(unit_year(), D(2026, 12, 31))["EIT"]
    assert q.light is Light.GREY and "ยังไม่เปิด" in q.reason


def test_quota_during_the_window_against_the_expected_pace():
    # EIT window 1 Jan – 30 Jun 2027 (180 days); on 31 Mar (89 days) expected ≈ 300 × 89/180 = 148.3
    as_of = D(2027, 3, 31)
    assert _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 149, as_of)]), as_of)["EIT"].light is Light.GREEN
    assert _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 104, as_of)]), as_of)["EIT"].light is Light.AMBER
    assert _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 103, as_of)]), as_of)["EIT"].light is Light.RED
    assert _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 104, as_of)]), as_of,
                   Thresholds(quota_red_share=0.8))["EIT"].light is Light.RED


def test_quota_reached_early_is_green():
    q = _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 300, D(2027, 1, 20))]), D(2027, 1, 21))["EIT"]
    assert q.light is Light.GREEN and q.pace.per_day_needed == 0


def test_window_ending_today_needs_the_whole_target():
    end = D(2027, 6, 30)
    assert _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 299, end)]), end)["EIT"].light is Light.AMBER
    assert _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 300, end)]), end)["EIT"].light is Light.GREEN
    after = _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 299, end)]), D(2027, 7, 1))["EIT"]
    assert after.light is Light.RED and "ขาดอีก 1" in after.reason
    done = _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 300, end)]), D(2027, 7, 1))["EIT"]
    assert done.light is Light.GREEN


def test_section_quotas_sum_the_sections_they_cover_and_the_total_follows():
    data = unit_year(snapshots=[
        snap(QuotaTool.EIT, 40, D(2027, 2, 1), "investigation"), snap(QuotaTool.EIT, 30, D(2027, 2, 1), "inquiry"),
        snap(QuotaTool.EIT, 50, D(2027, 2, 15), "investigation"), snap(QuotaTool.EIT, 60, D(2027, 2, 15), "patrol"),
        snap(QuotaTool.EIT, 99, D(2027, 3, 1), "inquiry"),  # after as_of: not seen
    ])
    quotas = _quotas(data, D(2027, 2, 20))
    assert quotas["EIT:investigation+inquiry"].count == 80
    assert quotas["EIT:investigation+inquiry"].history == ((D(2027, 2, 1), 70), (D(2027, 2, 15), 80))
    assert quotas["EIT"].count == 140  # no unit total copied: the sum of every section's latest
    with_total = unit_year(snapshots=data.quota_snapshots + [snap(QuotaTool.EIT, 150, D(2027, 2, 16))])
    assert _quotas(with_total, D(2027, 2, 20))["EIT"].count == 150


def test_iit_uses_staff_count_and_unknown_target_is_grey():
    q = _quotas(unit_year(staff=21, snapshots=[snap(QuotaTool.IIT, 21, D(2027, 1, 31))]), D(2027, 2, 1))["IIT"]
    assert q.target == 21 and q.light is Light.GREEN
    unknown = _quotas(unit_year(staff=None), D(2027, 2, 1))["IIT"]
    assert unknown.target is None and unknown.light is Light.GREY


def test_pace_forecast():
    data = unit_year(snapshots=[snap(QuotaTool.EIT, 60, D(2027, 1, 31)), snap(QuotaTool.EIT, 120, D(2027, 3, 2))])
    pace = _quotas(data, D(2027, 3, 2))["EIT"].pace
    # 120 answers in 60 days = 2 a day; 120 days left to 30 June → 120 + 240 = 360 projected
    assert pace.projected == 360
    assert pace.days_left == 121 and pace.per_day_needed == 2  # (300 − 120) / 121 rounded up
    assert _quotas(data, D(2027, 7, 2))["EIT"].pace is None


def test_readiness_index():
    data = unit_year(staff=50, snapshots=[snap(QuotaTool.IIT, 25, D(2027, 2, 1)), snap(QuotaTool.EIT, 600, D(2027, 2, 1))],
                     oit_items=[OitItem(code=f"O{n}", status=OitStatus.PUBLISHED) for n in range(1, 6)])
    quotas = quota_lights(TEMPLATE, data, D(2027, 2, 2))
    items = assess_oit_items(TEMPLATE, data, D(2027, 2, 2))
    r = readiness(quotas, items)
    assert r.value == pytest.approx(30 * 0.5 + 30 * 1.0 + 40 * 5 / 25)  # EIT share 2.0 capped at 1
    assert (r.oit_published, r.oit_total) == (5, 25)
    assert "ไม่ใช่คะแนน" in r.LABEL


# -- milestones and the whole unit --------------------------------------------------------------------------------


def test_milestones_and_countdown_colours():
    upcoming = milestones(TEMPLATE, D(2026, 12, 26))
    assert [(m.label, m.days_left) for m in upcoming[:3]] == [
        ("สิ้นสุด: เตรียมความพร้อม", 5),
        ("เริ่ม: ลงทะเบียนและบันทึกข้อมูลพื้นฐาน", 6),
        ("เริ่ม: เก็บข้อมูลแบบตรวจ OIT", 6),
    ]
    assert upcoming[0].light is Light.RED
    assert [countdown_light(d) for d in (-1, 0, 7, 8, 30, 31)] == [
        Light.GREY, Light.RED, Light.RED, Light.AMBER, Light.AMBER, Light.GREEN]


def test_a_unit_with_nothing_assesses_to_grey_without_error():
    # a template that knows nothing of the year (local-admin has a borrowed calendar since issue 32: left out here)
    empty_template = library().get("local-admin-2570").model_copy(update={"calendar": None})
    data = unit_year().model_copy(update={"unit": unit_year().unit.model_copy(update={"kind": UnitKind.LOCAL_ADMIN}),
                                          "sections": []})
    status = assess_unit(empty_template, data, D(2026, 11, 20))
    assert {i.light for i in status.indicators} == {Light.GREY}
    assert status.quotas[0].light is Light.GREY and status.milestones == [] and status.oit_items == []
    assert status.readiness.value == 0 and status.urgent() == []


def test_urgent_puts_overdue_first():
    data = unit_year([measure("1-01", deadline=D(2026, 11, 25)), measure("1-02", deadline=D(2026, 11, 1)),
                      measure("1-03", deadline=D(2027, 3, 1))], [report(c, "2026-10") for c in ("1-01", "1-02", "1-03")])
    status = assess_unit(TEMPLATE, data, D(2026, 11, 20))
    assert [m.measure.code for m in status.urgent()] == ["1-02", "1-01"]
    assert Phase(kind=PhaseKind.APPEAL, name="x").start is None


# -- issue 14: on-completion measures without a date, never-entered quotas, milestones when behind --------------


@pytest.mark.parametrize("as_of, state, words", [
    (D(2027, 3, 15), MeasureState.ON_TRACK, "ภายในสิ้นปีงบประมาณ 30 ก.ย. 2570"),
    (D(2027, 7, 1), MeasureState.AT_RISK, "ไตรมาสสุดท้าย"),  # the last quarter begins: amber while not done
    (D(2027, 9, 30), MeasureState.AT_RISK, "ไตรมาสสุดท้าย"),
    (D(2027, 10, 1), MeasureState.OVERDUE, "เลยสิ้นปีงบประมาณ 30 ก.ย. 2570 มาแล้ว 1 วัน"),
])
def test_an_on_completion_measure_without_a_date_is_judged_by_the_end_of_the_year(as_of, state, words):
    data = unit_year([measure(deadline=None, cadence=Cadence.ON_COMPLETION, deadline_text="เมื่อดำเนินการเสร็จสิ้นแล้ว")])
    status = state_of(data, as_of)
    assert status.state is state and any(words in r for r in status.reasons), status.reasons
    lights = indicator_lights(TEMPLATE, assess_measures(data, as_of), [])
    assert lights[0].light is {MeasureState.ON_TRACK: Light.GREEN, MeasureState.AT_RISK: Light.AMBER,
                               MeasureState.OVERDUE: Light.RED}[state]  # it no longer vanishes from the status


def test_an_on_completion_measure_reported_done_is_green_at_year_end():
    data = unit_year([measure(deadline=None, cadence=Cadence.ON_COMPLETION)],
                     [report("1-01", "2027-05", FollowUpStatus.DONE, 100)])
    assert state_of(data, D(2027, 10, 15)).state is MeasureState.DONE


def test_a_quota_never_entered_is_grey_and_not_a_zero():
    as_of = D(2027, 3, 1)
    never = _quotas(unit_year(), as_of)["EIT"]
    assert never.light is Light.GREY and never.reason == "ยังไม่ได้บันทึกจากระบบ ITAP"
    assert not never.recorded and never.count_text == "ยังไม่ได้บันทึก"  # issue 34: words, not a dash or a 0
    real_zero = _quotas(unit_year(snapshots=[snap(QuotaTool.EIT, 0, D(2027, 2, 20))]), as_of)["EIT"]
    assert real_zero.recorded and real_zero.count_text == "0" and real_zero.light is Light.RED
    # IIT entered on 10 Feb, EIT never: EIT says when the unit last copied a count from ITAP
    only_iit = _quotas(unit_year(snapshots=[snap(QuotaTool.IIT, 40, D(2027, 2, 10))]), as_of)
    assert only_iit["EIT"].reason == "ยังไม่ได้บันทึกจากระบบ ITAP (บันทึกจำนวนผู้ตอบครั้งล่าสุด 10 ก.พ. 2570)"
    assert only_iit["IIT"].recorded and only_iit["EIT:patrol"].light is Light.GREY
    after = _quotas(unit_year(), D(2027, 8, 1))["EIT"]  # window closed, still nothing entered: not "red 0"
    assert after.light is Light.GREY and after.reason.startswith("ยังไม่ได้บันทึกจากระบบ ITAP")


def test_never_entered_quota_reads_right_on_the_status_and_one_pager_text():
    from ita_dash.domain.status import status_dict

    status = assess_unit(TEMPLATE, unit_year(), D(2027, 3, 1))
    eit = next(q for q in status_dict(status)["quotas"] if q["key"] == "EIT")
    assert "ยังไม่ได้บันทึกจากระบบ ITAP" in str(eit)


def test_milestones_put_the_close_of_an_open_window_first_when_its_quota_is_behind():
    as_of = D(2027, 3, 1)
    behind = unit_year(snapshots=[snap(QuotaTool.EIT, 20, D(2027, 2, 25)), snap(QuotaTool.IIT, 5, D(2027, 2, 25))])
    status = assess_unit(TEMPLATE, behind, as_of)
    first = status.milestones[:2]
    assert {m.phase.kind for m in first} == {PhaseKind.IIT_COLLECTION, PhaseKind.EIT_COLLECTION}
    assert all(not m.starts and m.behind for m in first) and "ผู้ตอบยังไม่ถึงเป้า" in first[0].label
    on_pace = unit_year(snapshots=[snap(QuotaTool.EIT, 300, D(2027, 2, 25)), snap(QuotaTool.IIT, 80, D(2027, 2, 25))])
    plain = assess_unit(TEMPLATE, on_pace, as_of).milestones
    assert plain == sorted(plain, key=lambda m: (m.date, m.starts, m.phase.name)) and not any(m.behind for m in plain)


def test_a_unit_years_measures_are_in_the_order_people_count_them():
    from ita_dash.domain.model import Measure, Province, Region, Unit, UnitKind, UnitYear, UnitYearData, code_order

    codes = ["10-01", "2-01", "1-10", "1-02", "9-01"]
    data = UnitYearData(region=Region(code="R", name="ภาค"), province=Province(code="P", name="จังหวัด", region_code="R"),
                        unit=Unit(code="U", name="หน่วย", kind=UnitKind.POLICE_STATION, province_code="P"),
                        year=UnitYear(fiscal_year=2570),
                        measures=[Measure(code=c, indicator=int(c.split("-")[0]), activity="กิจกรรม") for c in codes])
    assert [m.code for m in data.measures] == ["1-02", "1-10", "2-01", "9-01", "10-01"]
    assert sorted(["O10", "O2", "O1"], key=code_order) == ["O1", "O2", "O10"]


def test_a_quarterly_measures_missing_report_names_the_quarter():
    """Issue 31: a quarterly measure's reason named a single month ("ยังไม่รายงานผลเดือน ธ.ค. 2569")."""
    from ita_dash.domain.fiscal import Month
    from ita_dash.domain.followup import report_period
    from ita_dash.domain.model import Cadence, Measure

    def measure(cadence):
        return Measure(code="1-01", indicator=1, activity="ทบทวนคู่มือ", cadence=cadence)

    assert report_period(measure(Cadence.QUARTERLY), Month(2026, 12)) == "ไตรมาส 1 (ต.ค.–ธ.ค. 2569)"
    assert report_period(measure(Cadence.QUARTERLY), Month(2027, 9)) == "ไตรมาส 4 (ก.ค.–ก.ย. 2570)"
    assert report_period(measure(Cadence.HALF_YEARLY), Month(2027, 3)) == "ครึ่งปีแรก (ต.ค. 2569–มี.ค. 2570)"
    assert report_period(measure(Cadence.MONTHLY), Month(2026, 12)) == "เดือน ธ.ค. 2569"
