"""The seeds' measures and calendar tables as fixtures in the repository: tests/fixtures/seeds/ holds fictional
rewrites in the layout of seeds 001 and 002 (their facts — indicators, dates, deadlines, follow-ups, owners, headers,
page breaks, digits — kept, their text fresh), so no test reads anything outside the repository."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "seeds"


def seed_text(prefix: str) -> str:
    """The text of the fixture whose name starts with ``prefix`` ("001", "002")."""
    [path] = FIXTURES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def fixture_path(name: str) -> Path:
    """A fixture file by its name ("000_immigration_fy2567.tidy.csv", "plans_expected.json")."""
    return FIXTURES / name


def expected_plans() -> dict:
    """plans_expected.json: per seed prefix, the measures a person reading the plan would enter."""
    import json

    data = json.loads(fixture_path("plans_expected.json").read_text(encoding="utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


def tidy_rows(prefix: str) -> list[list[str]]:
    """The tidy CSV of a seed's plan (one header row, then one row per measure)."""
    import csv

    [path] = FIXTURES.glob(f"{prefix}_*.tidy.csv")
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
