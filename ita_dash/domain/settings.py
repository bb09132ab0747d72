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
    # The monthly meeting chases an OIT item nobody has started once its due date is this close: drafting, review,
    # approval and publishing take months, so the early-year meeting asks about it while its light is still green.
    oit_start_days: int = 150
    # During a collection window a count below this share of the expected count is red (below 1.0: amber).
    quota_red_share: float = 0.70
    # Countdown cards: red within this many days, amber within the second number.
    countdown_red_days: int = 7
    countdown_amber_days: int = 30
    # Weights of the readiness index (our own figure, never the NACC score); they add up to 100.
    readiness_iit: int = 30
    readiness_eit: int = 30
    readiness_oit: int = 40
    # A plan's date this many fiscal years or more from the plan's own year is a typo ("๒๔๖๘" for "๒๕๖๘"), refused
    # on its row; plans carried over from a few years back stay readable (seed 004 keeps dates of 2565 in 2568).
    plan_year_span: int = 10


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


@dataclass(frozen=True)
class LinkChecking:
    """The link checker (issue 19): how long it may take and how hard it may knock on one website."""

    # One request (connect, then each read) may take this long before the link counts as not answering.
    request_seconds: float = 10.0
    # One link in all (every hop's connect and headers): its connections are shut then (issue 26).
    link_seconds: float = 20.0
    # A whole run stops after this long; links not fetched by then count as not answering.
    run_seconds: float = 120.0
    # Links fetched at once in all, and at once from one host (a unit's website is often small).
    workers: int = 8
    per_host: int = 2
    # Redirects followed before giving up.
    max_redirects: int = 5
    # A link checked less than this long ago is not fetched again (the button has "ตรวจใหม่ทั้งหมด" to force it).
    cache_hours: int = 24


LINKS = LinkChecking()


@dataclass(frozen=True)
class Reminders:
    """E-mail reminders (issue 19)."""

    # OIT items due within this many days (and not yet ready for review) are reminded to their owners.
    oit_due_days: int = 14
    # The chief's digest of what is late goes out at most once in this many days.
    digest_days: int = 7


REMINDERS = Reminders()


@dataclass(frozen=True)
class Caching:
    """How fresh pages are (issue 25; ita_dash/store/sql/changes.py)."""

    # A save made by another app process (or a command) is seen within this many seconds; a save made in the same
    # process is seen at the next rerun. Nothing is asked of the database more often than this when nothing changed.
    change_poll_seconds: float = 1.0
    # A browser tab re-checks its sign-in session at least this often even when no session ended anywhere.
    session_check_seconds: int = 60


CACHING = Caching()
