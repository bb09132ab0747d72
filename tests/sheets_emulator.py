"""An in-memory Google Sheets API v4, mounted as a ``requests`` transport adapter on the session gspread uses, so
gspread's own HTTP client (and its backoff) runs unchanged against it.

Covers the endpoints the Sheets store uses: ``spreadsheets.get``; ``values.get``, ``values.batchGet``,
``values.update``, ``values.batchUpdate``, ``values.append``, ``values.clear``; and ``spreadsheets.batchUpdate``
with ``addSheet``, ``setDataValidation``, ``addProtectedRange``, ``repeatCell`` and ``addConditionalFormatRule``.
Ranges are A1 notation (``'ติดตาม'!A2:Z``, ``Sheet1``, ``B3``); responses follow Google's reference: trailing empty
cells and rows are left out, ``majorDimension`` ROWS or COLUMNS, ``valueRenderOption`` FORMATTED_VALUE (strings) or
UNFORMATTED_VALUE (numbers stay numbers).

For tests it counts requests (``reads``, ``writes``, ``log``), can answer the next requests with an error status
(``fail_next(429, times=2)``), can be ``down`` (every request 503) and can wait before answering (``delay``).
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter

BASE = "https://sheets.googleapis.com"
_CELL = re.compile(r"^([A-Z]*)(\d*)$")


def column_number(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Grid:
    """One tab: its properties and its cells (row-major, ragged)."""

    sheet_id: int
    title: str
    index: int
    rows: list[list] = field(default_factory=list)
    row_count: int = 1000
    column_count: int = 26
    validations: list[dict] = field(default_factory=list)
    protected: list[dict] = field(default_factory=list)
    formats: list[dict] = field(default_factory=list)
    conditional: list[dict] = field(default_factory=list)

    def cell(self, row: int, column: int):
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def put(self, row: int, column: int, value) -> None:
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        while len(line) <= column:
            line.append("")
        line[column] = value
        self.row_count = max(self.row_count, row + 1)
        self.column_count = max(self.column_count, column + 1)


@dataclass
class Book:
    spreadsheet_id: str
    title: str
    sheets: list[Grid] = field(default_factory=list)

    def tab(self, title: str | None) -> Grid:
        if title is None:
            return self.sheets[0]
        for grid in self.sheets:
            if grid.title == title:
                return grid
        raise ApiError(400, f"Unable to parse range: {title}", "INVALID_ARGUMENT")

    def by_id(self, sheet_id: int) -> Grid:
        for grid in self.sheets:
            if grid.sheet_id == sheet_id:
                return grid
        raise ApiError(400, f"No grid with id: {sheet_id}", "INVALID_ARGUMENT")


class ApiError(Exception):
    def __init__(self, code: int, message: str, status: str):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


@dataclass(frozen=True)
class Span:
    """A parsed A1 range: tab, 0-based first row/column and exclusive ends (None: to the edge)."""

    tab: str | None
    row: int
    column: int
    row_end: int | None
    column_end: int | None

    @classmethod
    def parse(cls, text: str) -> "Span":
        tab, cells = None, text
        if "!" in text:
            tab, cells = text.rsplit("!", 1)
            if tab.startswith("'") and tab.endswith("'"):
                tab = tab[1:-1].replace("''", "'")
        elif not re.match(r"^[A-Z]*\d*(:[A-Z]*\d*)?$", text):
            tab, cells = text.strip("'").replace("''", "'"), ""
        if not cells:
            return cls(tab, 0, 0, None, None)
        start, _, end = cells.partition(":")
        first, second = _CELL.match(start), _CELL.match(end or start)
        if not first or not second:
            raise ApiError(400, f"Unable to parse range: {text}", "INVALID_ARGUMENT")
        row = int(first.group(2)) - 1 if first.group(2) else 0
        column = column_number(first.group(1)) - 1 if first.group(1) else 0
        row_end = int(second.group(2)) if second.group(2) else None
        column_end = column_number(second.group(1)) if second.group(1) else None
        return cls(tab, row, column, row_end, column_end)

    def a1(self, grid: Grid, rows: int | None = None, columns: int | None = None) -> str:
        row_end = self.row_end or self.row + (rows or 1)
        column_end = self.column_end or self.column + (columns or 1)
        name = "'" + grid.title.replace("'", "''") + "'"
        return f"{name}!{column_letters(self.column + 1)}{self.row + 1}:{column_letters(column_end)}{row_end}"


def _formatted(value):
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _entered(value, option: str):
    """USER_ENTERED turns number-looking text into numbers, as the Sheets UI does; RAW keeps it."""
    if option == "USER_ENTERED" and isinstance(value, str):
        text = value.strip().replace(",", "")
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        if re.fullmatch(r"-?\d*\.\d+", text):
            return float(text)
    return value


class SheetsEmulator(BaseAdapter):
    """Mount with ``session.mount(BASE, emulator)``. Holds any number of spreadsheets by id."""

    def __init__(self):
        super().__init__()
        self.books: dict[str, Book] = {}
        self.log: list[tuple[str, str]] = []
        self.failures: list[int] = []
        self.down = False
        self.delay = 0.0
        self._lock = threading.Lock()
        self._next_sheet_id = 100

    # -- test controls -----------------------------------------------------------------------------------
    def create(self, spreadsheet_id: str, title: str = "ITA", tabs: tuple[str, ...] = ("Sheet1",)) -> Book:
        book = Book(spreadsheet_id, title)
        for title_ in tabs:
            book.sheets.append(Grid(self._sheet_id(), title_, len(book.sheets)))
        self.books[spreadsheet_id] = book
        return book

    def fail_next(self, status: int, times: int = 1) -> None:
        self.failures.extend([status] * times)

    def reset_counts(self) -> None:
        self.log.clear()

    @property
    def reads(self) -> int:
        return sum(1 for method, _ in self.log if method == "GET")

    @property
    def writes(self) -> int:
        return sum(1 for method, _ in self.log if method != "GET")

    def values(self, spreadsheet_id: str, tab: str) -> list[list]:
        """A tab's cells as stored (for assertions)."""
        return [list(row) for row in self.books[spreadsheet_id].tab(tab).rows]

    # -- transport -----------------------------------------------------------------------------------------
    def _sheet_id(self) -> int:
        self._next_sheet_id += 1
        return self._next_sheet_id

    def close(self) -> None:
        pass

    def send(self, request, **kwargs):
        if self.delay:
            time.sleep(self.delay)
        parts = urlsplit(request.url)
        with self._lock:
            self.log.append((request.method, parts.path))
            if self.down:
                return self._response(request, 503, _error(503, "The service is currently unavailable.", "UNAVAILABLE"))
            if self.failures:
                status = self.failures.pop(0)
                label = "RESOURCE_EXHAUSTED" if status == 429 else "INTERNAL"
                return self._response(request, status, _error(status, "Quota exceeded" if status == 429 else "Internal error",
                                                              label))
            try:
                body = json.loads(request.body) if request.body else {}
                result = self._route(request.method, unquote(parts.path), parse_qs(parts.query), body)
                return self._response(request, 200, result)
            except ApiError as error:
                return self._response(request, error.code, _error(error.code, error.message, error.status))

    @staticmethod
    def _response(request, status: int, payload: dict) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        response.headers["Content-Type"] = "application/json; charset=UTF-8"
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        response.reason = "OK" if status == 200 else "Error"
        return response

    # -- endpoints -----------------------------------------------------------------------------------------
    def _route(self, method: str, path: str, query: dict, body: dict) -> dict:
        match = re.fullmatch(r"/v4/spreadsheets/([^/:]+)(.*)", path)
        if not match:
            raise ApiError(404, f"Unknown path {path}", "NOT_FOUND")
        spreadsheet_id, rest = match.groups()
        book = self.books.get(spreadsheet_id)
        if book is None:
            raise ApiError(404, "Requested entity was not found.", "NOT_FOUND")
        one = {key: values[0] for key, values in query.items()}
        if method == "GET" and rest == "":
            return self._get(book)
        if method == "POST" and rest == ":batchUpdate":
            return {"spreadsheetId": book.spreadsheet_id, "replies": [self._request(book, r) for r in body["requests"]]}
        if method == "GET" and rest == "/values:batchGet":
            return {"spreadsheetId": book.spreadsheet_id,
                    "valueRanges": [self._read(book, text, one) for text in query.get("ranges", [])]}
        if method == "POST" and rest == "/values:batchUpdate":
            responses = [self._write(book, item["range"], item.get("values", []), item.get("majorDimension", "ROWS"),
                                     body.get("valueInputOption", "RAW")) for item in body.get("data", [])]
            return {"spreadsheetId": book.spreadsheet_id, "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                    "responses": responses}
        values = re.fullmatch(r"/values/(.+?)(:append|:clear)?", rest)
        if values:
            text, action = values.groups()
            if method == "GET" and not action:
                return self._read(book, text, one)
            if method == "PUT" and not action:
                return self._write(book, text, body.get("values", []), body.get("majorDimension", "ROWS"),
                                   one.get("valueInputOption", "RAW"))
            if method == "POST" and action == ":append":
                return self._append(book, text, body.get("values", []), one.get("valueInputOption", "RAW"))
            if method == "POST" and action == ":clear":
                return self._clear(book, text)
        raise ApiError(404, f"Unknown endpoint {method} {path}", "NOT_FOUND")

    def _get(self, book: Book) -> dict:
        return {
            "spreadsheetId": book.spreadsheet_id,
            "properties": {"title": book.title, "locale": "th_TH", "timeZone": "Asia/Bangkok"},
            "sheets": [{
                "properties": {"sheetId": g.sheet_id, "title": g.title, "index": g.index, "sheetType": "GRID",
                               "gridProperties": {"rowCount": g.row_count, "columnCount": g.column_count}},
                **({"protectedRanges": g.protected} if g.protected else {}),
                **({"conditionalFormats": g.conditional} if g.conditional else {}),
            } for g in book.sheets],
        }

    def _read(self, book: Book, text: str, options: dict) -> dict:
        span = Span.parse(text)
        grid = book.tab(span.tab)
        formatted = options.get("valueRenderOption", "FORMATTED_VALUE") == "FORMATTED_VALUE"
        row_end = span.row_end or len(grid.rows)
        rows = []
        for r in range(span.row, row_end):
            source = grid.rows[r] if r < len(grid.rows) else []
            column_end = span.column_end or len(source)
            line = [grid.cell(r, c) for c in range(span.column, column_end)]
            while line and line[-1] in ("", None):
                line.pop()
            rows.append([_formatted(v) if formatted else v for v in line])
        while rows and not rows[-1]:
            rows.pop()
        result = {"range": span.a1(grid, len(rows) or 1, max((len(r) for r in rows), default=1)),
                  "majorDimension": options.get("majorDimension", "ROWS")}
        if options.get("majorDimension") == "COLUMNS":
            width = max((len(r) for r in rows), default=0)
            rows = [[row[c] if c < len(row) else "" for row in rows] for c in range(width)]
            rows = [column[:max((i + 1 for i, v in enumerate(column) if v != ""), default=0)] for column in rows]
        if rows:
            result["values"] = rows
        return result

    def _write(self, book: Book, text: str, values: list[list], dimension: str, option: str) -> dict:
        span = Span.parse(text)
        grid = book.tab(span.tab)
        if dimension == "COLUMNS":
            width = max((len(c) for c in values), default=0)
            values = [[column[r] if r < len(column) else None for column in values] for r in range(width)]
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if value is not None:  # None leaves the cell as it is
                    grid.put(span.row + i, span.column + j, _entered(value, option))
        rows, columns = len(values), max((len(r) for r in values), default=0)
        written = Span(span.tab, span.row, span.column, span.row + max(rows, 1), span.column + max(columns, 1))
        return {"spreadsheetId": book.spreadsheet_id, "updatedRange": written.a1(grid),
                "updatedRows": rows, "updatedColumns": columns, "updatedCells": sum(1 for r in values for v in r if v is not None)}

    def _append(self, book: Book, text: str, values: list[list], option: str) -> dict:
        span = Span.parse(text)
        grid = book.tab(span.tab)
        last = max((i for i, row in enumerate(grid.rows) if any(v not in ("", None) for v in row)), default=-1)
        start = max(last + 1, span.row)
        target = f"'{grid.title}'!{column_letters(span.column + 1)}{start + 1}"
        return {"spreadsheetId": book.spreadsheet_id, "tableRange": span.a1(grid),
                "updates": self._write(book, target, values, "ROWS", option)}

    def _clear(self, book: Book, text: str) -> dict:
        span = Span.parse(text)
        grid = book.tab(span.tab)
        for r in range(span.row, span.row_end or len(grid.rows)):
            if r < len(grid.rows):
                for c in range(span.column, span.column_end or len(grid.rows[r])):
                    if c < len(grid.rows[r]):
                        grid.rows[r][c] = ""
        return {"spreadsheetId": book.spreadsheet_id, "clearedRange": span.a1(grid)}

    def _request(self, book: Book, request: dict) -> dict:
        (kind, spec), = request.items()
        if kind == "addSheet":
            properties = spec.get("properties", {})
            if any(g.title == properties.get("title") for g in book.sheets):
                raise ApiError(400, f"A sheet with the name \"{properties.get('title')}\" already exists.",
                               "INVALID_ARGUMENT")
            grid = Grid(properties.get("sheetId") or self._sheet_id(), properties.get("title", f"Sheet{len(book.sheets) + 1}"),
                        properties.get("index", len(book.sheets)))
            book.sheets.append(grid)
            return {"addSheet": {"properties": {"sheetId": grid.sheet_id, "title": grid.title, "index": grid.index}}}
        if kind == "setDataValidation":
            book.by_id(spec["range"]["sheetId"]).validations.append(spec)
            return {}
        if kind == "addProtectedRange":
            protected = dict(spec["protectedRange"], protectedRangeId=len(book.sheets) * 1000 + self._sheet_id())
            book.by_id(protected["range"]["sheetId"]).protected.append(protected)
            return {"addProtectedRange": {"protectedRange": protected}}
        if kind == "repeatCell":
            book.by_id(spec["range"]["sheetId"]).formats.append(spec)
            return {}
        if kind == "addConditionalFormatRule":
            book.by_id(spec["rule"]["ranges"][0]["sheetId"]).conditional.append(spec["rule"])
            return {}
        if kind == "updateSheetProperties":
            grid = book.by_id(spec["properties"]["sheetId"])
            grid.title = spec["properties"].get("title", grid.title)
            return {}
        raise ApiError(400, f"Unsupported request {kind}", "INVALID_ARGUMENT")


def _error(code: int, message: str, status: str) -> dict:
    return {"error": {"code": code, "message": message, "status": status}}
