"""Two measures in one row of a Word table: told apart by their paragraphs.

Seed 004 writes its measures ๗ and ๘ in one row of its second table: every cell holds a paragraph for each (two
measure texts, two results, two owners, two periods), and the steps cell holds one paragraph for ๗ and a numbered
list "๑. … ๒. …" for ๘. Read as one row it would be one measure with both owners and both periods run together.

A row is split when its activity cell is two or more paragraphs numbered on from the measure above ("๖." above,
"๗." and "๘." here; not "๒." and "๓." below a measure whose steps are "๑." and "๒.") and an owner or period cell has
as many paragraphs. Each cell is then dealt out: one paragraph
to each measure when it has as many; grouped by its own numbering when a list restarts at "๑." for the next
measure; otherwise whole to each (a cell that belongs to both). Nothing here decides what a cell means: the caller
reads each part as a row of its own.
"""

from __future__ import annotations

import re

from ita_dash.domain.thaidate import arabic_digits

_NUMBER = re.compile(r"^\W*?(\d{1,3})\s*[.)]")  # "๗. …", "(๘) …" once Thai digits are Arabic


_ITEM = re.compile(r"(?:^|\s)(\d{1,3})\s*[.)]\s*\D")  # an item "๒. …" anywhere in a cell


def number_of(text: str) -> int | None:
    """The number a paragraph begins with ("๗. ชี้แจง…" → 7), or None."""
    match = _NUMBER.match(arabic_digits(text))
    return int(match.group(1)) if match else None


def last_number(text: str) -> int | None:
    """The last item number in a measure's text ("๑. ทำแผน ๒. ลงเว็บ" → 2), or None: the next measure goes on from it."""
    numbers = _ITEM.findall(arabic_digits(text))
    return int(numbers[-1]) if numbers else None


def _by_numbering(paragraphs: list[str], parts: int) -> list[str] | None:
    """The paragraphs of a cell grouped into ``parts`` by their own numbering: an item "๑." starts the next group,
    and so does an unnumbered paragraph that follows a numbered one; None when that gives another count."""
    groups: list[list[str]] = []
    for paragraph in paragraphs:
        number = number_of(paragraph)
        starts = not groups or number == 1 or (number is None and number_of(groups[-1][-1]) is not None)
        if starts:
            groups.append([paragraph])
        else:
            groups[-1].append(paragraph)
    return [" ".join(group) for group in groups] if len(groups) == parts else None


def split_shared_row(cells: list[str], mapping: dict[int, str], previous: int | None,
                     schedule: tuple[str, ...] = ("owner", "deadline", "cadence")) -> list[list[str]]:
    """The row's cells as one row (paragraphs joined by a space), or as one row per measure when the row holds
    several (see the module's docstring). ``cells``: as :func:`~ita_dash.importers.workbook.read_rows` gives them,
    paragraphs on lines of their own; ``mapping``: column → field; ``previous``: the last item number of the
    measure above (:func:`last_number`), if any."""
    paragraphs = [cell.split("\n") if cell else [] for cell in cells]
    whole = [[" ".join(cell) for cell in paragraphs]]
    activity = next((paragraphs[c] for c, f in mapping.items() if f == "activity" and c < len(cells)), [])
    parts = len(activity)
    numbers = [number_of(p) for p in activity]
    if parts < 2 or None in numbers or numbers != list(range(numbers[0], numbers[0] + parts)):
        return whole
    if numbers[0] != (previous + 1 if previous is not None else 1):
        return whole  # numbered steps of one measure, not measures numbered on from the one above
    if not any(len(paragraphs[c]) == parts for c, f in mapping.items() if f in schedule and c < len(cells)):
        return whole  # one owner and one period: the numbered lines are that measure's steps
    rows: list[list[str]] = [[] for _ in range(parts)]
    for cell in paragraphs:
        dealt = cell if len(cell) == parts else _by_numbering(cell, parts) if cell else None
        for index in range(parts):
            rows[index].append(dealt[index] if dealt else " ".join(cell))
    return rows
