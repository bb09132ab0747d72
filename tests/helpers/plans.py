"""Plan files built in the tests: rows as an Excel workbook, a CSV (with or without a byte-order mark) or a Word
table, the seed plans' rows as written."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from helpers.seed_layouts import seed_text


def seed_rows(seed: str, columns: int = 8) -> list[list[str]]:
    """A seed's measures table as the rows of a Word table pasted into Excel: page titles, repeated headers, table
    rules and page-break blanks kept, Thai digits as written."""
    rows, started = [], False
    for line in seed_text(seed).splitlines():
        cells = line.split("\t")
        if len(cells) == columns:
            started = True
            rows.append(cells)
        elif started and not line.strip():
            rows.append([""] * columns)
        elif line.strip().startswith("มาตรการ/กิจกรรมในการเตรียม") and len(cells) == 1:
            rows.append([cells[0]] + [""] * (columns - 1))
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def as_xlsx(rows, title_rows: int = 2) -> bytes:
    """Two title rows above the table (the header is not the first row), and each indicator cell merged down over
    the data rows right below it that continue it, as a Word table pasted into Excel comes."""
    book = Workbook()
    sheet = book.active
    sheet.append(["มาตรการยกระดับคุณธรรมและความโปร่งใสภายในหน่วยงาน"])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    index = 0
    while index < len(rows):
        row = rows[index]
        if row[0] and row[0] != "ตัวชี้วัด" and any(row[1:]):  # an indicator cell, not a repeated header
            end = index
            while end + 1 < len(rows) and not rows[end + 1][0] and any(rows[end + 1][1:]):
                end += 1
            if end > index:
                sheet.merge_cells(start_row=title_rows + 1 + index, start_column=1,
                                  end_row=title_rows + 1 + end, end_column=1)
            index = end
        index += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- moved


def word_table(rows, split: dict[int, int] | None = None) -> bytes:
    """``rows`` as a Word table pasted into Excel: a title row and a blank row above, indicator cells merged down
    (as_xlsx), and every long cell broken over several lines as Word wraps it."""
    content = as_xlsx(rows)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > 30 and cell.coordinate not in sheet.merged_cells:
                words = cell.value.split(" ")
                cell.value = "\n".join(" ".join(words[i:i + 3]) for i in range(0, len(words), 3))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def as_csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def raw_rows(prefix: str) -> list[list[str]]:
    """The fixture as pasted: one line a table row, cells split at tabs, every row as wide as the widest."""
    rows = [line.split("\t") for line in seed_text(prefix).splitlines() if not line.startswith("#")]
    width = max(len(row) for row in rows)
    return [row + [""] * (width - len(row)) for row in rows]


def plain_csv(rows) -> bytes:
    """Rows as a CSV file with no byte-order mark (``as_csv`` writes one, as Excel does)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")
