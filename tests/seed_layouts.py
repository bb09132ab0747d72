"""The seeds' measures and calendar tables as fixtures in the repository: tests/fixtures/seeds/ holds fictional
rewrites in the layout of seeds 001 and 002 (their facts — indicators, dates, deadlines, follow-ups, owners, headers,
page breaks, digits — kept, their text fresh), so no test reads anything outside the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "seeds"


def seed_text(prefix: str) -> str:
    """The text of the fixture whose name starts with ``prefix`` ("001", "002")."""
    [path] = FIXTURES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")
