import datetime as dt

import pytest

from ita_dash.domain.fiscal import (
    Month,
    fiscal_end,
    fiscal_months,
    fiscal_quarter_ends,
    fiscal_start,
    fiscal_year_of,
    last_closed_month,
)
from ita_dash.domain.thaidate import arabic_digits, format_date, format_month, thai_digits, today_bangkok


def test_fiscal_year_2570_runs_october_2026_to_september_2027():
    assert fiscal_start(2570) == dt.date(2026, 10, 1)
    assert fiscal_end(2570) == dt.date(2027, 9, 30)


@pytest.mark.parametrize(
    "day, year",
    [
        (dt.date(2026, 9, 30), 2569),
        (dt.date(2026, 10, 1), 2570),
        (dt.date(2026, 12, 31), 2570),
        (dt.date(2027, 1, 1), 2570),
        (dt.date(2027, 9, 30), 2570),
        (dt.date(2027, 10, 1), 2571),
    ],
)
def test_fiscal_year_of_boundaries(day, year):
    assert fiscal_year_of(day) == year


def test_months_run_from_october_to_september():
    months = fiscal_months(2570)
    assert [m.short_label() for m in months] == [
        "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
    ]
    assert months[0] == Month(2026, 10) and months[-1] == Month(2027, 9)
    assert [str(m) for m in fiscal_quarter_ends(2570)] == ["2026-12", "2027-03", "2027-06", "2027-09"]


def test_month_steps_across_year_ends():
    assert Month(2026, 12).next() == Month(2027, 1)
    assert Month(2027, 1).previous() == Month(2026, 12)
    assert Month(2027, 2).last_day == dt.date(2027, 2, 28)
    assert Month(2028, 2).last_day == dt.date(2028, 2, 29)
    assert last_closed_month(dt.date(2026, 11, 21)) == Month(2026, 10)
    assert last_closed_month(dt.date(2027, 1, 1)) == Month(2026, 12)
    assert Month.parse("2026-10").label() == "ต.ค. 2569"
    with pytest.raises(ValueError):
        Month.parse("2026-13")


def test_thai_formatting():
    day = dt.date(2027, 3, 15)
    assert format_date(day) == "15 มี.ค. 2570"
    assert format_date(day, thai_numerals=True) == "๑๕ มี.ค. ๒๕๗๐"
    assert format_date(day, full_month=True) == "15 มีนาคม 2570"
    assert format_month(2026, 10, full_month=True) == "ตุลาคม 2569"
    assert arabic_digits("๓๐ มี.ค. ๖๘") == "30 มี.ค. 68"
    assert thai_digits("2570") == "๒๕๗๐"


def test_today_is_taken_in_bangkok():
    # 20:00 UTC on 30 September is already 1 October in Bangkok: a new fiscal year there
    late_evening_utc = dt.datetime(2026, 9, 30, 20, 0, tzinfo=dt.UTC)
    assert today_bangkok(late_evening_utc) == dt.date(2026, 10, 1)


def test_ita_today_fixes_the_day_for_the_process_and_nothing_else(monkeypatch):
    from ita_dash.domain.thaidate import TODAY_SETTING

    monkeypatch.setenv(TODAY_SETTING, "2027-02-28")
    assert today_bangkok() == dt.date(2027, 2, 28)
    late_evening_utc = dt.datetime(2026, 9, 30, 20, 0, tzinfo=dt.UTC)
    assert today_bangkok(late_evening_utc) == dt.date(2026, 10, 1)  # a given moment is still that moment
    monkeypatch.setenv(TODAY_SETTING, "28/02/2570")
    with pytest.raises(ValueError, match="ITA_TODAY must be a day written YYYY-MM-DD"):
        today_bangkok()
    monkeypatch.delenv(TODAY_SETTING)
    assert abs(today_bangkok() - dt.datetime.now(dt.UTC).date()) <= dt.timedelta(days=1)  # the clock's day


def test_a_record_saved_on_a_fixed_day_is_stamped_on_that_day(monkeypatch):
    """A report saved while ITA_TODAY fixes the day is known on that day (issue 30: stamped with the wall clock's
    later day, a saved report stayed invisible to the pages judging the fixed day)."""
    from ita_dash.domain.thaidate import BANGKOK, TODAY_SETTING, now_recorded

    monkeypatch.setenv(TODAY_SETTING, "2026-11-21")
    stamped = now_recorded()
    assert stamped.tzinfo is not None and stamped.astimezone(BANGKOK).date() == dt.date(2026, 11, 21)
    monkeypatch.delenv(TODAY_SETTING)
    assert abs(now_recorded() - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)
