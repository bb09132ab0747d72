"""The test run's environment: CI or not, the PostgreSQL to use, the frozen today, the repository's root."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from ita_dash.domain.thaidate import TODAY_SETTING

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("ITA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEMO_AS_OF = dt.date(2026, 11, 21)  # the demo data used by page tests is built as of this day
# No test depends on the day it runs (issue 30): the app, its commands and every app server a test starts take
# DEMO_AS_OF as today (thaidate.today_bangkok reads ITA_TODAY); a test about another day sets it itself.
os.environ[TODAY_SETTING] = os.environ.get("ITA_TEST_TODAY", DEMO_AS_OF.isoformat())
ROOT = Path(__file__).resolve().parents[2]
# A day of every month of FY 2570, its first and its last day among them: the demo built on each (issue 30, 34)
FISCAL_YEAR_DAYS = [dt.date(2026, 10, 1), *(dt.date(2026 + (m < 10), m, 15) for m in (11, 12, 1, 2, 3, 4, 5, 6, 7, 8)),
                    dt.date(2027, 9, 30)]


def missing(component: str, reason: str):
    """Skip for a missing component on a developer machine; fail under CI, where nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"{component} is required under CI=true: {reason}")
    pytest.skip(f"{component} not available: {reason}")
