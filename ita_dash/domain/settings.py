"""Every threshold the dashboard's rules use, in one place. Change a number here and every page, the status
command and the printed summary follow it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # A measure not done whose deadline is this close is at risk.
    at_risk_days: int = 14
    # A month's report is on time when entered by this day of the following month (5 → by the 5th).
    grace_days: int = 5
    # An OIT item due this soon that is not yet ready for review turns its indicator amber.
    oit_warning_days: int = 14
    # During a collection window a count below this share of the expected count is red (below 1.0: amber).
    quota_red_share: float = 0.70
    # Countdown cards: red within this many days, amber within the second number.
    countdown_red_days: int = 7
    countdown_amber_days: int = 30
    # Weights of the readiness index (our own figure, never the NACC score); they add up to 100.
    readiness_iit: int = 30
    readiness_eit: int = 30
    readiness_oit: int = 40


DEFAULT = Thresholds()


@dataclass(frozen=True)
class Security:
    # Wrong passwords in a row that lock an account, and for how long.
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    # A signed-in session ends after this long without any action.
    idle_minutes: int = 30
    # However active, a sign-in lasts at most this long (the cookie expires with it).
    session_absolute_hours: int = 12
    # The one-time code that lets the browser fetch its session cookie is good for this long.
    cookie_handoff_seconds: int = 60
    # A session's "last seen" is written at most this often (not on every click).
    session_touch_seconds: int = 60
    # Longest note a section head may write on a monthly report.
    note_max_chars: int = 500


SECURITY = Security()
