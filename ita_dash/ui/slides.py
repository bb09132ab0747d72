"""The meeting's topics cut into slides that fit a 1920×1080 projector (issue 34): a topic with more lines or
table rows than one screen holds goes on over as many slides as it needs, titled "… (ต่อ)", and nothing is
dropped. The minutes print every topic whole; only the projector pages.

What fits is estimated in rows of projector text (1.6rem, about 105 characters that take room across the full
width): a line wraps over ``ceil(width / per_row)`` rows and its detail as many again; a row of figure cards takes
four rows, a table row one (or as many as its longest cell wraps), and half a row parts two lines. The orders topic
keeps the chief's form beside its list, so its list has the left part of the width (``ORDERS_WIDTH``). Measured in
Chromium by ``tests/browser/test_meeting_projector.py``.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, replace

from ita_dash.reports.minutes import Line, Topic

ROWS = 13  # rows of text below the title and headline on one slide
CHARS_PER_ROW = 105  # characters (of :func:`width`) in one row across the full width, lines broken between words
ORDERS_WIDTH = 0.55  # the share of the width the orders' list has beside the chief's form
ORDERS_ROWS = 15  # rows of the orders' list: as tall as the form beside it
LINE_GAP = 0.5  # the space between two lines, in rows
CARD_ROWS = 4  # a row of figure cards
CARDS_PER_ROW = 5


@dataclass(frozen=True)
class Slide:
    topic: Topic  # the part of the topic this slide shows (its lines and table rows cut to fit)
    number: int  # 1 for the topic's first slide
    count: int  # how many slides the topic takes

    @property
    def title(self) -> str:
        return self.topic.title if self.number == 1 else f"{self.topic.title} (ต่อ)"

    @property
    def headline(self) -> str:
        page = f"หน้า {self.number}/{self.count}" if self.count > 1 else ""
        return " · ".join(p for p in (self.topic.headline, page) if p)


def width(text: str) -> int:
    """Characters that take room across a row: Thai vowels and tone marks above or below a consonant do not."""
    return sum(1 for character in text if unicodedata.category(character) != "Mn")


def _rows(text: str, per_row: int) -> int:
    return max(1, math.ceil(width(text) / per_row)) if text else 0


def line_rows(line: Line, per_row: int = CHARS_PER_ROW) -> float:
    return _rows(line.text, per_row) + _rows(line.detail, per_row) + LINE_GAP


def _table_row_rows(row: tuple[str, ...], per_row: int) -> int:
    per_cell = max(8, per_row // max(1, len(row)))
    return max(_rows(cell, per_cell) or 1 for cell in row)


def _figure_rows(topic: Topic) -> int:
    if not topic.figures:
        return 0
    per_row = 5 if len(topic.figures) > 6 else min(3, len(topic.figures))
    return math.ceil(len(topic.figures) / per_row) * CARD_ROWS


def slides_of(topic: Topic, rows: int = ROWS) -> list[Slide]:
    """``topic`` cut into slides: its figures on the first, then its table rows (header repeated) and its lines
    in order, each slide holding what fits in ``rows`` (one item at least, however long); the orders' list
    holds ``ORDERS_ROWS`` of its narrower rows."""
    per_row = CHARS_PER_ROW
    if topic.key == "orders":
        per_row, rows = int(CHARS_PER_ROW * ORDERS_WIDTH), ORDERS_ROWS
    header, body = (topic.table[0], topic.table[1:]) if topic.table else ((), ())
    parts: list[tuple[list, list]] = [([], [])]
    used = _figure_rows(topic) + (1 if header else 0)
    for kind, item, cost in ([(0, row, _table_row_rows(row, per_row)) for row in body]
                             + [(1, line, line_rows(line, per_row)) for line in topic.lines]):
        table, lines = parts[-1]
        if (table or lines) and used + cost > rows:
            parts.append(([], []))
            table, lines = parts[-1]
            used = 1 if header and kind == 0 else 0
        (table if kind == 0 else lines).append(item)
        used += cost
    count = len(parts)
    return [Slide(replace(topic, figures=topic.figures if number == 1 else (),
                          table=(header, *table) if table else (), lines=tuple(lines)), number, count)
            for number, (table, lines) in enumerate(parts, start=1)]


def slides(topics: list[Topic], rows: int = ROWS) -> list[Slide]:
    """Every topic's slides, in the topics' order."""
    return [slide for topic in topics for slide in slides_of(topic, rows)]
