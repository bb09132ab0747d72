"""An in-memory Google Sheets API v4 (and the few Drive v3 permission calls gspread makes), mounted as a ``requests``
transport adapter on the session gspread uses, so gspread's own HTTP client (and its backoff) runs unchanged against it.

Mounting::

    emulator = SheetsEmulator()
    session = requests.Session()
    session.mount(BASE, emulator)          # https://sheets.googleapis.com
    session.mount(DRIVE_BASE, emulator)    # https://www.googleapis.com/drive/v3 (share, list_permissions)
    client = gspread.http_client.BackOffHTTPClient(auth=None, session=session)

Checked against real responses recorded by gspread's test suite (``tests/fixtures/gspread_cassettes``, replayed by
``tests/sheets/test_sheets_emulator.py``). What it does as Google does:

- Values: ``values.get``/``batchGet``/``update``/``batchUpdate``/``append``/``clear``; A1 ranges (``'ติดตาม'!A2:Z``,
  ``Sheet1``, ``B3``, ``A1:1``); a read answers the requested range clipped to the grid (``Sheet1`` →
  ``Sheet1!A1:Z1000``) and leaves out trailing empty cells and rows; ``majorDimension`` ROWS/COLUMNS;
  ``valueRenderOption`` FORMATTED_VALUE / UNFORMATTED_VALUE / FORMULA and ``dateTimeRenderOption`` SERIAL_NUMBER /
  FORMATTED_STRING; ``updatedRange``/``updatedRows``/``updatedColumns``/``updatedCells`` as recorded.
- ``valueInputOption`` USER_ENTERED parses as the Sheets UI does in the spreadsheet's locale (th_TH by default):
  ``"1,234"``, ``"12.5"``, ``"0812"`` → numbers, ``"50%"`` → 0.5 (percent format), ``"31/5/2027"`` (d/m/yyyy; m/d/yyyy
  in en_US) and ``"2027-05-31"`` → date serial numbers (days since 1899-12-30) with a date format, ``TRUE``/``FALSE`` →
  booleans, ``"=..."`` → a formula (stored, never evaluated: every render shows its text), ``"'text"`` → text.
  RAW keeps strings as strings. Years are read as typed (``31/5/2570`` is the year 2570 CE): nothing in Google's
  documentation says a th_TH sheet reads typed years as Buddhist era, and its date-format tokens (d, dd, ddd, dddd,
  m, mm, mmm, mmmm, yy, yyyy) have none for a Buddhist-era year; both unverified against a live sheet.
- Protections: a value write (and ``updateCells``/``sortRange``) touching a cell of a protected range
  (``warningOnly`` false) whose editors do not include the caller is refused whole with HTTP 400 and Google's
  message; the spreadsheet's owner may always edit; ``addProtectedRange`` with no editors makes the requesting
  user the editor (as recorded); ``unprotectedRanges`` of a sheet-wide protection are editable.
- Access: the caller needs a Drive permission on the file (the owner's, a writer's or ``anyone``); none → 403
  ``The caller does not have permission``; a reader's write → 403.
- ``spreadsheets.batchUpdate`` and ``values.batchUpdate`` apply all their requests or none.
- Values: a batchGet/update naming a tab that does not exist → 400 ``Unable to parse range: <the range as sent>``.
- Grid limits: every tab has ``rowCount``×``columnCount`` (1000×26 unless ``addSheet``/``updateSheetProperties``
  say otherwise); a read or write outside → 400 ``Range (...) exceeds grid limits. Max rows: …, max columns: …``;
  ``values.append`` adds the rows it needs; it writes below the "table" Google finds (see ``_append``) and
  ``insertDataOption=INSERT_ROWS`` inserts rows for the values (what was below, protections included, moves
  down). ``grow_grid=True`` makes value writes grow the grid instead (off by default: Google does not).
- ``spreadsheets.batchUpdate``: addSheet, deleteSheet, updateSheetProperties (title, index, hidden, gridProperties:
  rowCount, columnCount, frozenRowCount, frozenColumnCount), updateSpreadsheetProperties (title, locale, timeZone),
  appendDimension, insertDimension, deleteDimension, moveDimension (cells, formats and validations move; protected
  ranges and merges shift as Google shifts them on insert/delete), sortRange, setDataValidation (BOOLEAN:
  checkboxes), addProtectedRange, updateProtectedRange, deleteProtectedRange, repeatCell (numberFormat is applied
  to the cells; the request is kept in ``Grid.formats``), updateCells, addConditionalFormatRule,
  deleteConditionalFormatRule, mergeCells, unmergeCells; updateDimensionProperties, autoResizeDimensions,
  updateBorders are accepted and ignored.
- ``spreadsheets.get``: properties (title, locale, timeZone), each tab's properties with gridProperties
  (frozen counts only when not 0, as Google leaves defaults out), ``protectedRanges`` (with
  ``requestingUserCanEdit`` for the caller), ``merges``, ``conditionalFormats``; with ``includeGridData=true``
  (and ``ranges``) each cell's userEnteredValue, effectiveValue, formattedValue, numberFormat and dataValidation.
- Validations and formats belong to cells: setting them again over the same cells replaces them (conditional
  format rules and protected ranges do stack, as in Google).
- Merged cells: the value lives in the top-left cell; the others read empty and a write to them is dropped.
- Drive v3: ``files/{id}/permissions`` list, create (gspread's ``share``/``insert_permission``), delete, and
  ``files/{id}`` metadata.

Test controls: ``SheetsEmulator(grow_grid=False, owner="chief@...")`` for the strict Google (writes held to the
grid; sheets owned by a person and shared with the account, so the account is held to protections), ``caller``
(default ``SERVICE_ACCOUNT``; or per request with the ``X-Emulator-Caller`` header), ``create(..., owner=...,
locale=..., sheet_ids=..., rows=1000, columns=26)``, ``share``/``revoke`` (Drive roles), ``editable_by(id, tab,
row, column)`` (0-based: who may change that cell), ``Grid.validation_at``/``number_format``, ``values``,
``formatted``, counters
``reads``/``writes``/``log`` and every request's body in ``sent`` (to compare two runs), ``fail_next(429,
times=2)``, ``down`` (every request 503), ``delay`` (seconds before answering; longer than the client's read
timeout: ``ReadTimeout``), ``hang()``/``release()`` (requests wait until released, or raise
``requests.exceptions.ReadTimeout`` after the read timeout the client passes) and ``lose_next_answer()`` (the next
write is applied, then its answer is lost: ``requests.exceptions.ConnectionError``).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter

BASE = "https://sheets.googleapis.com"
DRIVE_BASE = "https://www.googleapis.com/drive/v3"
SERVICE_ACCOUNT = "svc@proj.iam.gserviceaccount.com"
CALLER_HEADER = "X-Emulator-Caller"
PROTECTED_MESSAGE = ("You are trying to edit a protected cell or object. Please contact the spreadsheet owner to "
                     "remove protection if you need to edit.")
# The status Google sends with that message is not in any recorded response we have; 400 is (see the module notes).
PROTECTED_STATUS = "INVALID_ARGUMENT"
NO_PERMISSION = "The caller does not have permission"
EPOCH = dt.date(1899, 12, 30)
_CELL = re.compile(r"^([A-Z]*)(\d*)$")
_PLAIN_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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


def quote_title(title: str) -> str:
    """A tab's name as Google writes it in a range: bare when plain (``Sheet1``), else quoted (``'แผ่น 1'``)."""
    if _PLAIN_TITLE.match(title) and not re.match(r"^[A-Za-z]{1,3}\d+$", title):
        return title
    return "'" + title.replace("'", "''") + "'"


class Formula(str):
    """A formula entered with USER_ENTERED (``=SUM(A1:A3)``): stored, never evaluated."""


class ApiError(Exception):
    def __init__(self, code: int, message: str, status: str = "INVALID_ARGUMENT", reason: str | None = None):
        super().__init__(message)
        self.code, self.message, self.status, self.reason = code, message, status, reason

    def body(self) -> dict:
        if self.reason:  # Drive v3's error shape
            return {"error": {"code": self.code, "message": self.message, "errors": [
                {"message": self.message, "domain": "global", "reason": self.reason}]}}
        return _error(self.code, self.message, self.status)


def _empty(value) -> bool:
    return value is None or value == "" and not isinstance(value, bool)


@dataclass
class Grid:
    """One tab: its properties and its cells (row-major, ragged). Indexes are 0-based."""

    sheet_id: int
    title: str
    index: int
    rows: list[list] = field(default_factory=list)
    row_count: int = 1000
    column_count: int = 26
    frozen_rows: int = 0
    frozen_columns: int = 0
    hidden: bool = False
    validations: list[dict] = field(default_factory=list)  # setDataValidation requests, ranges kept current
    protected: list[dict] = field(default_factory=list)  # ProtectedRange resources
    formats: list[dict] = field(default_factory=list)  # repeatCell requests as sent
    conditional: list[dict] = field(default_factory=list)
    merges: list[dict] = field(default_factory=list)  # GridRanges
    number_formats: dict[tuple[int, int], dict] = field(default_factory=dict)  # (row, column) → numberFormat
    grid_extra: dict = field(default_factory=dict)  # other gridProperties (hideGridlines, ...), kept as sent

    def cell(self, row: int, column: int):
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return ""

    def put(self, row: int, column: int, value) -> None:
        """Set a cell directly, as a person typing in the sheet would (no checks; the grid grows if needed)."""
        while len(self.rows) <= row:
            self.rows.append([])
        line = self.rows[row]
        while len(line) <= column:
            line.append("")
        line[column] = value
        self.row_count = max(self.row_count, row + 1)
        self.column_count = max(self.column_count, column + 1)

    def trim(self) -> None:
        for line in self.rows:
            while line and _empty(line[-1]):
                line.pop()
        while self.rows and not self.rows[-1]:
            self.rows.pop()

    def merge_at(self, row: int, column: int) -> dict | None:
        for merge in self.merges:
            if _inside(merge, row, column):
                return merge
        return None

    def number_format(self, row: int, column: int) -> dict | None:
        return self.number_formats.get((row, column))

    def validation_at(self, row: int, column: int) -> dict | None:
        """The data validation rule of a cell (the last one set over it), or None."""
        for spec in reversed(self.validations):
            if _inside(spec["range"], row, column):
                return spec.get("rule")
        return None


@dataclass
class Book:
    spreadsheet_id: str
    title: str
    sheets: list[Grid] = field(default_factory=list)
    owner: str = SERVICE_ACCOUNT
    locale: str = "th_TH"
    time_zone: str = "Asia/Bangkok"
    permissions: list[dict] = field(default_factory=list)  # Drive v3 Permission resources

    def tab(self, title: str | None) -> Grid:
        if title is None:
            return self.sheets[0]
        for grid in self.sheets:
            if grid.title == title:
                return grid
        raise ApiError(400, f"Unable to parse range: {quote_title(title)}")

    def by_id(self, sheet_id: int) -> Grid:
        for grid in self.sheets:
            if grid.sheet_id == sheet_id:
                return grid
        raise ApiError(400, f"No grid with id: {sheet_id}")

    def role(self, email: str) -> str | None:
        roles = [p["role"] for p in self.permissions
                 if p.get("type") == "anyone" or p.get("emailAddress", "").lower() == email.lower()]
        for role in ("owner", "writer", "commenter", "reader"):
            if role in roles:
                return role
        return None


def _inside(grid_range: dict, row: int, column: int) -> bool:
    return (grid_range.get("startRowIndex", 0) <= row < grid_range.get("endRowIndex", 10 ** 9)
            and grid_range.get("startColumnIndex", 0) <= column < grid_range.get("endColumnIndex", 10 ** 9))


@dataclass(frozen=True)
class Span:
    """A parsed A1 range: tab, 0-based first row/column and exclusive ends (None: to the edge)."""

    tab: str | None
    row: int
    column: int
    row_end: int | None
    column_end: int | None
    text: str = field(default="", compare=False)

    @classmethod
    def parse(cls, text: str) -> Span:
        tab, cells = None, text
        if "!" in text:
            tab, cells = text.rsplit("!", 1)
            if tab.startswith("'") and tab.endswith("'"):
                tab = tab[1:-1].replace("''", "'")
        elif not re.match(r"^[A-Z]*\d*(:[A-Z]*\d*)?$", text):
            tab, cells = text.strip("'").replace("''", "'"), ""
        if not cells:
            return cls(tab, 0, 0, None, None, text)
        start, _, end = cells.partition(":")
        first, second = _CELL.match(start), _CELL.match(end or start)
        if not first or not second:
            raise ApiError(400, f"Unable to parse range: {text}")
        row = int(first.group(2)) - 1 if first.group(2) else 0
        column = column_number(first.group(1)) - 1 if first.group(1) else 0
        row_end = int(second.group(2)) if second.group(2) else None
        column_end = column_number(second.group(1)) if second.group(1) else None
        if row_end is not None and row_end <= row:  # D4:A1 is A1:D4
            row, row_end = row_end - 1, row + 1
        if column_end is not None and column_end <= column:
            column, column_end = column_end - 1, column + 1
        return cls(tab, row, column, row_end, column_end, text)

    def a1(self, grid: Grid, rows: int | None = None, columns: int | None = None) -> str:
        row_end = self.row_end or self.row + (rows or 1)
        column_end = self.column_end or self.column + (columns or 1)
        return _a1(grid, self.row, self.column, row_end, column_end)


def _a1(grid: Grid, row: int, column: int, row_end: int, column_end: int) -> str:
    first = f"{column_letters(column + 1)}{row + 1}"
    cells = first if (row_end, column_end) == (row + 1, column + 1) else \
        f"{first}:{column_letters(column_end)}{row_end}"
    return f"{quote_title(grid.title)}!{cells}"


def _grid_limits(text: str, grid: Grid) -> ApiError:
    return ApiError(400, f"Range ({text}) exceeds grid limits. Max rows: {grid.row_count}, "
                         f"max columns: {grid.column_count}")


# -- USER_ENTERED parsing and rendering -------------------------------------------------------------------------
MONTHS = {
    "th_TH": (["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."],
              ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
               "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]),
    "en": (["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
           ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"]),
}
DAYS = {
    "th_TH": (["จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส.", "อา."],
              ["วันจันทร์", "วันอังคาร", "วันพุธ", "วันพฤหัสบดี", "วันศุกร์", "วันเสาร์", "วันอาทิตย์"]),
    "en": (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
           ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
}
# The date format a typed date gets when its cell has none (unverified for th_TH: Google picks a locale default).
TYPED_DATE = {"iso": "yyyy-mm-dd", "th_TH": "d/m/yyyy", "en_US": "m/d/yyyy"}


def serial(day: dt.date) -> int:
    """A date as Google's serial number: days since 1899-12-30."""
    return (day - EPOCH).days


def serial_date(number: float) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number // 1))


def parse_entered(text: str, locale: str = "th_TH") -> tuple[object, dict | None]:
    """What the Sheets UI makes of typed text: (value, the number format it gives the cell or None)."""
    stripped = text.strip()
    if text.startswith("'"):
        return text[1:], None
    if text.startswith("="):
        return Formula(text), None
    if stripped.upper() in ("TRUE", "FALSE"):
        return stripped.upper() == "TRUE", None
    number = stripped.replace(",", "") if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?%?", stripped) else stripped
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", number):
        value = float(number)
        decimals = len(number.split(".")[1]) if "." in number else 0
        fmt = {"type": "NUMBER", "pattern": "#,##0" + ("." + "0" * decimals if decimals else "")} \
            if number != stripped else None
        return (int(value) if value.is_integer() and "e" not in number.lower() and "." not in number else value), fmt
    if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)%", number):
        digits = number[:-1]
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        pattern = "0" + ("." + "0" * decimals if decimals else "") + "%"
        return float(digits) / 100, {"type": "PERCENT", "pattern": pattern}
    day = None
    if match := re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", stripped):
        year, month, date = map(int, match.groups())
        kind = "iso"
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", stripped):
        first, second, year = map(int, match.groups())
        month, date = (first, second) if locale == "en_US" else (second, first)
        kind = locale if locale in TYPED_DATE else "th_TH"
    else:
        return text, None
    try:
        day = dt.date(year, month, date)
    except ValueError:
        return text, None
    return serial(day), {"type": "DATE", "pattern": TYPED_DATE[kind]}


def render_date(number: float, pattern: str, locale: str = "th_TH") -> str:
    """A serial number through a Sheets date pattern (d dd ddd dddd m mm mmm mmmm mmmmm yy yyyy, "literal", \\x)."""
    day = serial_date(number)
    months = MONTHS.get(locale, MONTHS["en"])
    days = DAYS.get(locale, DAYS["en"])
    out, i = [], 0
    while i < len(pattern):
        char = pattern[i]
        if char == '"':
            end = pattern.find('"', i + 1)
            end = len(pattern) if end < 0 else end
            out.append(pattern[i + 1:end])
            i = end + 1
            continue
        if char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i + 1])
            i += 2
            continue
        lower = char.lower()
        if lower in "dmy":
            run = i
            while run < len(pattern) and pattern[run].lower() == lower:
                run += 1
            size = run - i
            if lower == "d":
                weekday = day.weekday()
                out.append([str(day.day), f"{day.day:02d}", days[0][weekday], days[1][weekday]][min(size, 4) - 1])
            elif lower == "m":
                out.append([str(day.month), f"{day.month:02d}", months[0][day.month - 1], months[1][day.month - 1],
                            months[1][day.month - 1][:1]][min(size, 5) - 1])
            else:
                out.append(f"{day.year % 100:02d}" if size <= 2 else str(day.year))
            i = run
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _plain_number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return format(value, ".10g")
    return str(value)


def render(value, number_format: dict | None, locale: str, formatted: bool, date_strings: bool):
    """A stored cell as a values read shows it."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE") if formatted else value
    if isinstance(value, (int, float)):
        kind = (number_format or {}).get("type")
        pattern = (number_format or {}).get("pattern", "")
        if kind in ("DATE", "DATE_TIME") and (formatted or date_strings):
            return render_date(value, pattern or TYPED_DATE.get(locale, "d/m/yyyy"), locale)
        if not formatted:
            return value
        if kind == "PERCENT":
            decimals = len(pattern.split(".")[1].rstrip("%")) if "." in pattern else 0
            return f"{value * 100:.{decimals}f}%"
        if kind in ("NUMBER", "CURRENCY") and pattern:
            decimals = len(pattern.split(".")[1]) if "." in pattern else 0
            return f"{value:{',' if ',' in pattern else ''}.{decimals}f}"
        return _plain_number(value)
    return value if not formatted else str(value)


# -- dimension shifting ------------------------------------------------------------------------------------------
_KEYS = {"ROWS": ("startRowIndex", "endRowIndex"), "COLUMNS": ("startColumnIndex", "endColumnIndex")}


def _shift_insert(grid_range: dict, dimension: str, at: int, count: int) -> None:
    start_key, end_key = _KEYS[dimension]
    start, end = grid_range.get(start_key), grid_range.get(end_key)
    if start is not None and start >= at:
        grid_range[start_key] = start + count
    if end is not None and end > at:
        grid_range[end_key] = end + count


def _shift_delete(grid_range: dict, dimension: str, at: int, count: int) -> bool:
    """Shrink a range for deleted rows/columns [at, at+count); False when nothing of it is left."""
    start_key, end_key = _KEYS[dimension]
    start, end = grid_range.get(start_key), grid_range.get(end_key)

    def moved(index):
        return index if index <= at else max(at, index - count)

    if start is not None:
        grid_range[start_key] = moved(start)
    if end is not None:
        grid_range[end_key] = moved(end)
        if grid_range[end_key] <= grid_range.get(start_key, 0):
            return False
    return True


class SheetsEmulator(BaseAdapter):
    """Mount with ``session.mount(BASE, emulator)`` (and ``DRIVE_BASE`` for sharing). Holds spreadsheets by id."""

    def __init__(self, grow_grid: bool = False, owner: str | None = None):
        """``grow_grid=False`` holds value writes to the grid limits as Google does (True keeps the lenient writes
        of the tests written before); ``owner`` is who owns the spreadsheets ``create`` makes (default: the
        caller, as when the service account created them; a person's e-mail holds the account to protections,
        as in a sheet a person created and shared with it)."""
        super().__init__()
        self.owner = owner
        self.books: dict[str, Book] = {}
        self.log: list[tuple[str, str]] = []
        self.sent: list[dict] = []  # every request: method, path, params, body (parsed JSON), for comparing
        self.failures: list[int] = []
        self.down = False
        self.delay = 0.0
        self.caller = SERVICE_ACCOUNT
        self.grow_grid = grow_grid
        self.hanging = 0  # requests still to hang; -1: all until released
        self._released = threading.Event()
        self.lost_answers = 0
        self._lock = threading.Lock()
        self._next_sheet_id = 100
        self._next_id = 1_000_000

    # -- test controls -----------------------------------------------------------------------------------
    def create(self, spreadsheet_id: str, title: str = "ITA", tabs: tuple[str, ...] = ("Sheet1",),
               owner: str | None = None, locale: str = "th_TH", sheet_ids: tuple[int, ...] | None = None,
               rows: int = 1000, columns: int = 26) -> Book:
        """A spreadsheet owned by ``owner`` (default: the caller, as when the service account created it); when
        the owner is someone else, the caller is shared as a writer, as a person shares a sheet with the account."""
        owner = owner or self.owner or self.caller
        book = Book(spreadsheet_id, title, owner=owner, locale=locale)
        for i, title_ in enumerate(tabs):
            book.sheets.append(Grid(sheet_ids[i] if sheet_ids else self._sheet_id(), title_, len(book.sheets),
                                    row_count=rows, column_count=columns))
        self.books[spreadsheet_id] = book
        self._permit(book, owner, "owner")
        if owner.lower() != self.caller.lower():
            self._permit(book, self.caller, "writer")
        return book

    def share(self, spreadsheet_id: str, email: str, role: str = "writer") -> dict:
        return self._permit(self.books[spreadsheet_id], email, role)

    def revoke(self, spreadsheet_id: str, email: str) -> None:
        book = self.books[spreadsheet_id]
        book.permissions = [p for p in book.permissions if p.get("emailAddress", "").lower() != email.lower()]

    def fail_next(self, status: int, times: int = 1) -> None:
        self.failures.extend([status] * times)

    def hang(self, times: int | None = None) -> None:
        """The next ``times`` requests (all, when None) wait until ``release()`` or their client's read timeout."""
        self._released.clear()
        self.hanging = -1 if times is None else times

    def release(self) -> None:
        self.hanging = 0
        self._released.set()

    def lose_next_answer(self, times: int = 1) -> None:
        """The next ``times`` writes are applied, then answered with a dropped connection."""
        self.lost_answers += times

    def reset_counts(self) -> None:
        self.log.clear()
        self.sent.clear()

    @property
    def reads(self) -> int:
        return sum(1 for method, _ in self.log if method == "GET")

    @property
    def writes(self) -> int:
        return sum(1 for method, _ in self.log if method != "GET")

    def values(self, spreadsheet_id: str, tab: str) -> list[list]:
        """A tab's cells as stored (for assertions): numbers, booleans, strings, ``Formula``s."""
        return [list(row) for row in self.books[spreadsheet_id].tab(tab).rows]

    def formatted(self, spreadsheet_id: str, tab: str, row: int, column: int) -> str:
        """A cell as the sheet shows it (FORMATTED_VALUE); 0-based row and column."""
        book = self.books[spreadsheet_id]
        grid = book.tab(tab)
        return render(grid.cell(row, column), grid.number_format(row, column), book.locale, True, True)

    def editable_by(self, spreadsheet_id: str, tab: str, row: int, column: int) -> set[str]:
        """Who may change the cell at the 0-based ``row``/``column``: the owner and the file's writers, less those
        a protected range covering the cell leaves out (lower-cased e-mails; ``anyone`` for link sharing)."""
        book = self.books[spreadsheet_id]
        grid = book.tab(tab)
        people = {p.get("emailAddress", "anyone").lower() for p in book.permissions if p["role"] in ("owner", "writer")}
        for protection in self._protections(grid, row, column):
            people &= {e.lower() for e in protection.get("editors", {}).get("users", [])} | {book.owner.lower()}
        return people

    # -- transport -----------------------------------------------------------------------------------------
    def _sheet_id(self) -> int:
        self._next_sheet_id += 1
        return self._next_sheet_id

    def _new_id(self) -> int:
        self._next_id += 7919
        return self._next_id

    def close(self) -> None:
        pass

    def send(self, request, timeout=None, **kwargs):
        read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
        if self.delay:
            if read_timeout is not None and self.delay > read_timeout:  # slower than the client waits
                time.sleep(read_timeout)
                raise requests.exceptions.ReadTimeout(f"emulator: no answer within {read_timeout} s", request=request)
            time.sleep(self.delay)
        parts = urlsplit(request.url)
        with self._lock:
            self.log.append((request.method, parts.path))
            try:
                sent_body = json.loads(request.body) if request.body else None
            except ValueError:
                sent_body = request.body
            self.sent.append({"method": request.method, "path": unquote(parts.path),
                              "params": parse_qs(parts.query), "body": sent_body})
            hang = self.hanging != 0
            if self.hanging > 0:
                self.hanging -= 1
        if hang:
            if not self._released.wait(read_timeout):
                raise requests.exceptions.ReadTimeout(f"emulator: no answer within {read_timeout} s", request=request)
        with self._lock:
            if self.down:
                return self._response(request, 503, _error(503, "The service is currently unavailable.", "UNAVAILABLE"))
            if self.failures:
                status = self.failures.pop(0)
                label = {429: "RESOURCE_EXHAUSTED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 400: "INVALID_ARGUMENT",
                         503: "UNAVAILABLE"}.get(status, "INTERNAL")
                message = {429: "Quota exceeded", 403: NO_PERMISSION, 404: "Requested entity was not found."}.get(
                    status, "Internal error")
                return self._response(request, status, _error(status, message, label))
            caller = request.headers.get(CALLER_HEADER, self.caller)
            try:
                body = json.loads(request.body) if request.body else {}
                path = unquote(parts.path)
                query = parse_qs(parts.query)
                if parts.netloc == "www.googleapis.com":
                    result = self._drive(request.method, path, query, body, caller)
                    status = 204 if result is None else 200
                else:
                    status, result = 200, self._route(request.method, path, query, body, caller)
            except ApiError as error:
                status, result = error.code, error.body()
            if self.lost_answers and request.method != "GET":
                self.lost_answers -= 1
                raise requests.exceptions.ConnectionError("emulator: the answer was lost", request=request)
            return self._response(request, status, result)

    @staticmethod
    def _response(request, status: int, payload: dict | None) -> requests.Response:
        response = requests.Response()
        response.status_code = status
        response._content = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
        response.headers["Content-Type"] = "application/json; charset=UTF-8"
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        response.reason = "OK" if status < 300 else "Error"
        return response

    # -- Drive v3 ------------------------------------------------------------------------------------------
    def _permit(self, book: Book, email: str, role: str, kind: str = "user") -> dict:
        for permission in book.permissions:
            if kind != "anyone" and permission.get("emailAddress", "").lower() == (email or "").lower():
                permission["role"] = role
                return permission
        permission = {"kind": "drive#permission", "id": str(10 ** 19 + self._new_id()), "type": kind, "role": role}
        if kind in ("user", "group"):
            permission.update(emailAddress=email, displayName=email.split("@")[0], deleted=False, pendingOwner=False)
        elif kind == "domain":
            permission["domain"] = email
        book.permissions.append(permission)
        return permission

    def _drive(self, method: str, path: str, query: dict, body: dict, caller: str) -> dict | None:
        if method == "POST" and path == "/drive/v3/files":  # gspread's Client.create
            if body.get("mimeType") != "application/vnd.google-apps.spreadsheet":
                raise ApiError(400, "Only spreadsheets are emulated.", "INVALID_ARGUMENT", "badRequest")
            spreadsheet_id = f"emulated{self._new_id()}"
            book = self.create(spreadsheet_id, body.get("name", "Untitled spreadsheet"), owner=caller, sheet_ids=(0,))
            book.locale = "en_US"  # a new spreadsheet takes its creator's locale; a service account's is en_US
            return {"kind": "drive#file", "id": spreadsheet_id, "name": book.title, "mimeType": body["mimeType"]}
        match = re.fullmatch(r"/drive/v3/files/([^/]+)(/permissions)?(?:/([^/]+))?", path)
        if not match:
            raise ApiError(404, f"Unknown path {path}", "NOT_FOUND")
        file_id, permissions, permission_id = match.groups()
        book = self.books.get(file_id)
        role = book.role(caller) if book else None
        if book is None or role is None:
            raise ApiError(404, f"File not found: {file_id}.", "NOT_FOUND", "notFound")
        if not permissions:
            if method == "GET":
                return {"id": book.spreadsheet_id, "name": book.title, "createdTime": "2026-01-01T00:00:00.000Z",
                        "modifiedTime": "2026-01-01T00:00:00.000Z"}
            if method == "DELETE":
                if role != "owner":
                    raise ApiError(403, f"The user does not have sufficient permissions for file {file_id}.",
                                   "PERMISSION_DENIED", "insufficientFilePermissions")
                del self.books[file_id]
                return None
            raise ApiError(404, f"Unknown endpoint {method} {path}", "NOT_FOUND")
        if method == "GET" and not permission_id:
            return {"kind": "drive#permissionList", "permissions": [dict(p) for p in book.permissions]}
        if role not in ("owner", "writer"):
            raise ApiError(403, f"The user does not have sufficient permissions for file {file_id}.",
                           "PERMISSION_DENIED", "insufficientFilePermissions")
        if method == "POST" and not permission_id:
            if body.get("role") == "owner" and query.get("transferOwnership", ["false"])[0].lower() != "true":
                raise ApiError(403, "The transferOwnership parameter must be enabled when the permission role is "
                                    "'owner'.", "PERMISSION_DENIED", "forbidden")
            who = body.get("emailAddress") or body.get("domain")
            return dict(self._permit(book, who, body["role"], body.get("type", "user")))
        if method == "DELETE" and permission_id:
            if not any(p["id"] == permission_id for p in book.permissions):
                raise ApiError(404, f"Permission not found: {permission_id}.", "NOT_FOUND", "notFound")
            book.permissions = [p for p in book.permissions if p["id"] != permission_id]
            return None
        raise ApiError(404, f"Unknown endpoint {method} {path}", "NOT_FOUND")

    # -- Sheets v4 -----------------------------------------------------------------------------------------
    def _route(self, method: str, path: str, query: dict, body: dict, caller: str) -> dict:
        match = re.fullmatch(r"/v4/spreadsheets/([^/:]+)(.*)", path)
        if not match:
            raise ApiError(404, f"Unknown path {path}", "NOT_FOUND")
        spreadsheet_id, rest = match.groups()
        book = self.books.get(spreadsheet_id)
        if book is None:
            raise ApiError(404, "Requested entity was not found.", "NOT_FOUND")
        role = book.role(caller)
        if role is None or method != "GET" and role not in ("owner", "writer"):
            raise ApiError(403, NO_PERMISSION, "PERMISSION_DENIED")
        one = {key: values[0] for key, values in query.items()}
        if method == "GET" and rest == "":
            answer = self._get(book, caller)
            if one.get("includeGridData", "false").lower() == "true":
                self._grid_data(book, answer, query.get("ranges", []))
            return _masked(answer, _field_mask(one["fields"])) if "fields" in one else answer
        if method == "GET" and rest == "/values:batchGet":
            return {"spreadsheetId": book.spreadsheet_id,
                    "valueRanges": [self._read(book, text, one) for text in query.get("ranges", [])]}
        if method == "POST" and rest == ":batchUpdate":
            def apply():
                replies = []
                for i, item in enumerate(body.get("requests", [])):
                    (kind, spec), = item.items()
                    try:
                        replies.append(self._request(book, kind, spec, caller))
                    except ApiError as error:
                        raise ApiError(error.code, f"Invalid requests[{i}].{kind}: {error.message}", error.status) from error
                return {"spreadsheetId": book.spreadsheet_id, "replies": replies}
            return self._atomic(book, apply)
        if method == "POST" and rest == "/values:batchUpdate":
            def apply():
                responses = []
                for i, item in enumerate(body.get("data", [])):
                    try:
                        responses.append(self._write(book, item["range"], item.get("values", []),
                                                     item.get("majorDimension", "ROWS"),
                                                     body.get("valueInputOption", "RAW"), caller))
                    except ApiError as error:
                        raise ApiError(error.code, f"Invalid data[{i}]: {error.message}", error.status) from error
                return {"spreadsheetId": book.spreadsheet_id,
                        "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
                        "totalUpdatedColumns": max((r["updatedColumns"] for r in responses), default=0),
                        "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                        "totalUpdatedSheets": len({r["updatedRange"].rsplit("!", 1)[0] for r in responses}),
                        "responses": responses}
            return self._atomic(book, apply)
        if method == "POST" and rest == "/values:batchClear":
            def clear_all():
                cleared = [self._clear(book, text, caller)["clearedRange"] for text in body.get("ranges", [])]
                return {"spreadsheetId": book.spreadsheet_id, "clearedRanges": cleared}
            return self._atomic(book, clear_all)
        values = re.fullmatch(r"/values/(.+?)(:append|:clear)?", rest)
        if values:
            text, action = values.groups()
            option = one.get("valueInputOption", "RAW")
            if method == "GET" and not action:
                return self._read(book, text, one)
            if method == "PUT" and not action:
                return self._atomic(book, lambda: self._write(book, text, body.get("values", []),
                                                              body.get("majorDimension", "ROWS"), option, caller))
            if method == "POST" and action == ":append":
                return self._atomic(book, lambda: self._append(book, text, body.get("values", []),
                                                               body.get("majorDimension") or "ROWS", option, caller,
                                                               one.get("insertDataOption", "OVERWRITE")))
            if method == "POST" and action == ":clear":
                return self._atomic(book, lambda: self._clear(book, text, caller))
        raise ApiError(404, f"Unknown endpoint {method} {path}", "NOT_FOUND")

    @staticmethod
    def _atomic(book: Book, apply):
        """Run ``apply`` on ``book``; when it fails, put the book (and each of its tab objects) back as it was."""
        sheets, tabs = book.sheets, list(book.sheets)
        saved = copy.deepcopy(book)
        try:
            return apply()
        except Exception:
            for original, kept in zip(tabs, saved.sheets):  # the same objects, as tests may hold them
                original.__dict__.clear()
                original.__dict__.update(kept.__dict__)
            sheets[:] = tabs
            saved.sheets = sheets
            book.__dict__.clear()
            book.__dict__.update(saved.__dict__)
            raise

    def _get(self, book: Book, caller: str) -> dict:
        def sheet(g: Grid) -> dict:
            grid_properties = {"rowCount": g.row_count, "columnCount": g.column_count}
            if g.frozen_rows:
                grid_properties["frozenRowCount"] = g.frozen_rows
            if g.frozen_columns:
                grid_properties["frozenColumnCount"] = g.frozen_columns
            grid_properties.update((k, v) for k, v in g.grid_extra.items() if v not in (0, False, None))
            properties = {"sheetId": g.sheet_id, "title": g.title, "index": g.index, "sheetType": "GRID",
                          "gridProperties": grid_properties}
            if g.hidden:
                properties["hidden"] = True
            result = {"properties": properties}
            if g.merges:
                result["merges"] = [_proto(m) for m in g.merges]
            if g.conditional:
                result["conditionalFormats"] = g.conditional
            if g.protected:
                result["protectedRanges"] = [
                    dict(_proto(p), requestingUserCanEdit=self._can_edit(book, p, caller)) for p in g.protected]
            return result

        return {"spreadsheetId": book.spreadsheet_id,
                "properties": {"title": book.title, "locale": book.locale, "autoRecalc": "ON_CHANGE",
                               "timeZone": book.time_zone},
                "sheets": [sheet(g) for g in sorted(book.sheets, key=lambda g: g.index)],
                "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.spreadsheet_id}/edit"}

    def _grid_data(self, book: Book, answer: dict, ranges: list[str]) -> None:
        """``includeGridData=true``: each cell's entered and shown value, number format and data validation."""
        spans = [Span.parse(text) for text in ranges] or [Span(g.title, 0, 0, None, None) for g in book.sheets]
        for span in spans:
            grid = _tab(book, span)
            sheet = next(s for s in answer["sheets"] if s["properties"]["sheetId"] == grid.sheet_id)
            row_end = min(span.row_end or grid.row_count, grid.row_count)
            column_end = min(span.column_end or grid.column_count, grid.column_count)
            rows = []
            for r in range(span.row, row_end):
                cells = [self._cell_data(book, grid, r, c) for c in range(span.column, column_end)]
                while cells and not cells[-1]:
                    cells.pop()
                rows.append({"values": cells} if cells else {})
            while rows and not rows[-1]:
                rows.pop()
            data = {key: value for key, value in (("startRow", span.row), ("startColumn", span.column)) if value}
            if rows:
                data["rowData"] = rows
            sheet.setdefault("data", []).append(data)

    @staticmethod
    def _cell_data(book: Book, grid: Grid, row: int, column: int) -> dict:
        value = grid.cell(row, column)
        merge = grid.merge_at(row, column)
        if merge and (row, column) != (merge.get("startRowIndex", 0), merge.get("startColumnIndex", 0)):
            value = ""
        cell = {}
        if not _empty(value):
            kind = ("formulaValue" if isinstance(value, Formula) else "boolValue" if isinstance(value, bool)
                    else "numberValue" if isinstance(value, (int, float)) else "stringValue")
            cell["userEnteredValue"] = {kind: value}
            if kind != "formulaValue":  # a formula is never evaluated here
                cell["effectiveValue"] = {kind: value}
            cell["formattedValue"] = render(value, grid.number_format(row, column), book.locale, True, True)
        number_format = grid.number_format(row, column)
        if number_format:
            cell["userEnteredFormat"] = {"numberFormat": number_format}
        rule = grid.validation_at(row, column)
        if rule:
            cell["dataValidation"] = rule
        return cell

    # -- values --------------------------------------------------------------------------------------------
    def _bounds(self, book: Book, text: str, growing: bool = False) -> tuple[Span, Grid, int, int, int, int]:
        span = Span.parse(text)
        grid = _tab(book, span)
        row_end = span.row_end or grid.row_count
        column_end = span.column_end or grid.column_count
        if not growing and (max(span.row + 1, row_end) > grid.row_count or
                            max(span.column + 1, column_end) > grid.column_count):
            raise _grid_limits(text, grid)
        return span, grid, span.row, span.column, max(row_end, span.row + 1), max(column_end, span.column + 1)

    def _read(self, book: Book, text: str, options: dict) -> dict:
        span, grid, row, column, row_end, column_end = self._bounds(book, text)
        render_option = options.get("valueRenderOption", "FORMATTED_VALUE")
        formatted = render_option == "FORMATTED_VALUE"
        date_strings = options.get("dateTimeRenderOption", "SERIAL_NUMBER") == "FORMATTED_STRING"
        rows = []
        for r in range(row, min(row_end, len(grid.rows))):
            line = []
            for c in range(column, min(column_end, len(grid.rows[r]))):
                merge = grid.merge_at(r, c)
                if merge and (r, c) != (merge.get("startRowIndex", 0), merge.get("startColumnIndex", 0)):
                    line.append("")
                    continue
                value = grid.rows[r][c]
                line.append("" if _empty(value) else
                            render(value, grid.number_format(r, c), book.locale, formatted, date_strings))
            while line and _empty(line[-1]):
                line.pop()
            rows.append(line)
        while rows and not rows[-1]:
            rows.pop()
        dimension = options.get("majorDimension", "ROWS")
        result = {"range": _a1(grid, row, column, row_end, column_end), "majorDimension": dimension}
        if dimension == "COLUMNS":
            width = max((len(r) for r in rows), default=0)
            rows = [[line[c] if c < len(line) else "" for line in rows] for c in range(width)]
            rows = [col[:max((i + 1 for i, v in enumerate(col) if v != ""), default=0)] for col in rows]
        if rows:
            result["values"] = rows
        return result

    def _write(self, book: Book, text: str, values: list[list], dimension: str, option: str, caller: str,
               appending: bool = False) -> dict:
        if not isinstance(values, list) or any(not isinstance(line, list) for line in values):
            raise ApiError(400, f"Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), "
                                f"{json.dumps(values, ensure_ascii=False)}")
        if option not in ("RAW", "USER_ENTERED"):
            raise ApiError(400, "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED")
        span = Span.parse(text)
        grid = _tab(book, span)
        if dimension == "COLUMNS":
            width = max((len(c) for c in values), default=0)
            values = [[col[r] if r < len(col) else None for col in values] for r in range(width)]
        rows, columns = len(values), max((len(r) for r in values), default=0)
        bounded = ":" in text.rsplit("!", 1)[-1]  # a single cell is only where the values start
        if bounded and span.row_end is not None and span.row + rows > span.row_end:
            raise ApiError(400, f"Requested writing within range [{text}], but tried writing to row "
                                f"[{span.row_end + 1}]")
        if bounded and span.column_end is not None and span.column + columns > span.column_end:
            raise ApiError(400, f"Requested writing within range [{text}], but tried writing to column "
                                f"[{column_letters(span.column_end + 1)}]")
        if span.row + rows > grid.row_count or span.column + columns > grid.column_count:
            if appending and span.column + columns <= grid.column_count:
                grid.row_count = span.row + rows
            elif not self.grow_grid:
                raise _grid_limits(text, grid)
            else:
                grid.row_count = max(grid.row_count, span.row + rows)
                grid.column_count = max(grid.column_count, span.column + columns)
        cells = [(span.row + i, span.column + j) for i, line in enumerate(values) for j, v in enumerate(line)
                 if v is not None]
        self._guard(book, grid, cells, caller)
        for i, line in enumerate(values):
            for j, value in enumerate(line):
                if value is not None:  # None leaves the cell as it is
                    self._enter(book, grid, span.row + i, span.column + j, value, option)
        grid.trim()
        written = _a1(grid, span.row, span.column, span.row + max(rows, 1), span.column + max(columns, 1))
        # as recorded: rows and columns count only where a value (not null) was sent
        return {"spreadsheetId": book.spreadsheet_id, "updatedRange": written,
                "updatedRows": len({r for r, _ in cells}), "updatedColumns": len({c for _, c in cells}),
                "updatedCells": len(cells)}

    def _enter(self, book: Book, grid: Grid, row: int, column: int, value, option: str) -> None:
        merge = grid.merge_at(row, column)
        if merge and (row, column) != (merge.get("startRowIndex", 0), merge.get("startColumnIndex", 0)):
            return  # a merged cell's value is its top-left cell's
        fmt = None
        text_cell = (grid.number_format(row, column) or {}).get("type") == "TEXT"  # plain text format: no parsing
        if option == "USER_ENTERED" and isinstance(value, str) and not text_cell:
            value, fmt = parse_entered(value, book.locale)
        if fmt and (row, column) not in grid.number_formats:
            grid.number_formats[(row, column)] = fmt
        while len(grid.rows) <= row:
            grid.rows.append([])
        line = grid.rows[row]
        while len(line) <= column:
            line.append("")
        line[column] = value

    def _append(self, book: Book, text: str, values: list[list], dimension: str, option: str, caller: str,
                insert: str = "OVERWRITE") -> dict:
        """Google looks for a "table" (a block of touching non-empty cells) in the range and writes on the row
        below it, from its first column. As recorded: a single-cell range takes the table holding that cell (none
        when the cell is empty: the values go there); a wider range takes the last table in it (``A1`` and ``C1``
        filled, ``B1`` empty: the table is ``C1`` and the values go to ``C2``)."""
        span = Span.parse(text)
        grid = _tab(book, span)
        if span.row >= grid.row_count or span.column >= grid.column_count:
            raise _grid_limits(text, grid)
        single = (span.row_end, span.column_end) == (span.row + 1, span.column + 1) \
            and ":" not in text.rsplit("!", 1)[-1]
        row_end = len(grid.rows) if single else min(span.row_end or grid.row_count, len(grid.rows))
        column_end = grid.column_count if single else span.column_end or grid.column_count
        filled = {(r, c) for r in range(span.row, row_end)
                  for c in range(span.column, min(column_end, len(grid.rows[r]))) if not _empty(grid.rows[r][c])}
        if single:
            seeds = [(span.row, span.column)] if (span.row, span.column) in filled else []
        else:
            seeds = sorted(filled)
        tables, seen = [], set()
        for seed in seeds:
            if seed in seen:
                continue
            block, todo = set(), [seed]
            while todo:
                r, c = todo.pop()
                if (r, c) in block or (r, c) not in filled:
                    continue
                block.add((r, c))
                todo += [(r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)]
            seen |= block
            tables.append(block)
        result = {"spreadsheetId": book.spreadsheet_id}
        row, column = span.row, span.column
        if tables:
            table = max(tables, key=lambda b: min(b))  # the last one, by its first cell
            top, left = min(r for r, _ in table), min(c for _, c in table)
            bottom, right = max(r for r, _ in table) + 1, max(c for _, c in table) + 1
            result["tableRange"] = _a1(grid, top, left, bottom, right)
            row, column = bottom, left
        if insert == "INSERT_ROWS":  # new rows for the values: what was below moves down (protections too)
            count = len(values) if dimension != "COLUMNS" else max((len(v) for v in values), default=0)
            if count and row < grid.row_count:
                self._do_insertDimension(book, {"range": {"sheetId": grid.sheet_id, "dimension": "ROWS",
                                                          "startIndex": row, "endIndex": row + count}}, caller)
        target = f"{quote_title(grid.title)}!{column_letters(column + 1)}{row + 1}"
        result["updates"] = self._write(book, target, values, dimension, option, caller, appending=True)
        return result

    def _clear(self, book: Book, text: str, caller: str) -> dict:
        span, grid, row, column, row_end, column_end = self._bounds(book, text)
        cells = [(r, c) for r in range(row, min(row_end, len(grid.rows)))
                 for c in range(column, min(column_end, len(grid.rows[r]))) if not _empty(grid.rows[r][c])]
        self._guard(book, grid, cells, caller)
        for r, c in cells:
            grid.rows[r][c] = ""
        grid.trim()
        return {"spreadsheetId": book.spreadsheet_id, "clearedRange": _a1(grid, row, column, row_end, column_end)}

    # -- protections ---------------------------------------------------------------------------------------
    @staticmethod
    def _protections(grid: Grid, row: int, column: int) -> list[dict]:
        found = []
        for protection in grid.protected:
            if protection.get("warningOnly"):
                continue
            if _inside(protection.get("range", {}), row, column) and not any(
                    _inside(free, row, column) for free in protection.get("unprotectedRanges", [])):
                found.append(protection)
        return found

    @staticmethod
    def _can_edit(book: Book, protection: dict, caller: str) -> bool:
        if caller.lower() == book.owner.lower():
            return True
        return caller.lower() in {e.lower() for e in protection.get("editors", {}).get("users", [])}

    def _guard(self, book: Book, grid: Grid, cells, caller: str) -> None:
        if not grid.protected or caller.lower() == book.owner.lower():
            return
        for row, column in cells:
            if any(not self._can_edit(book, p, caller) for p in self._protections(grid, row, column)):
                raise ApiError(400, PROTECTED_MESSAGE, PROTECTED_STATUS)

    # -- spreadsheets.batchUpdate requests -------------------------------------------------------------------
    def _check_range(self, grid: Grid, grid_range: dict) -> None:
        if grid_range.get("endRowIndex", 0) > grid.row_count \
                or grid_range.get("endColumnIndex", 0) > grid.column_count \
                or grid_range.get("startRowIndex", 0) >= grid.row_count \
                or grid_range.get("startColumnIndex", 0) >= grid.column_count:
            if self.grow_grid:
                return
            row, column = grid_range.get("startRowIndex", 0), grid_range.get("startColumnIndex", 0)
            text = _a1(grid, row, column, grid_range.get("endRowIndex", grid.row_count),
                       grid_range.get("endColumnIndex", grid.column_count))
            raise _grid_limits(text, grid)

    def _every_range(self, grid: Grid):
        """Every stored GridRange of a tab (for shifting on insert/delete)."""
        for spec in grid.validations:
            yield spec["range"]
        for protection in grid.protected:
            yield protection["range"]
            yield from protection.get("unprotectedRanges", [])
        for spec in grid.formats:
            yield spec["range"]
        for rule in grid.conditional:
            yield from rule.get("ranges", [])
        yield from grid.merges

    def _request(self, book: Book, kind: str, spec: dict, caller: str) -> dict:
        handler = getattr(self, f"_do_{kind}", None)
        if handler is None:
            raise ApiError(400, f"Unsupported request {kind}")
        return handler(book, spec, caller) or {}

    def _do_addSheet(self, book: Book, spec: dict, caller: str) -> dict:
        properties = spec.get("properties", {})
        title = properties.get("title", f"Sheet{len(book.sheets) + 1}")
        if any(g.title == title for g in book.sheets):
            raise ApiError(400, f"A sheet with the name \"{title}\" already exists. Please enter another name.")
        if "sheetId" in properties and any(g.sheet_id == properties["sheetId"] for g in book.sheets):
            raise ApiError(400, f"A sheet with the ID \"{properties['sheetId']}\" already exists. Please enter "
                                f"another ID.")
        grid_properties = properties.get("gridProperties", {})
        grid = Grid(properties.get("sheetId", self._sheet_id()), title, properties.get("index", len(book.sheets)),
                    row_count=grid_properties.get("rowCount", 1000),
                    column_count=grid_properties.get("columnCount", 26),
                    frozen_rows=grid_properties.get("frozenRowCount", 0),
                    frozen_columns=grid_properties.get("frozenColumnCount", 0),
                    hidden=properties.get("hidden", False))
        for other in book.sheets:
            if other.index >= grid.index:
                other.index += 1
        book.sheets.append(grid)
        return {"addSheet": {"properties": self._get(book, caller)["sheets"][grid.index]["properties"]}}

    def _do_deleteSheet(self, book: Book, spec: dict, caller: str) -> None:
        grid = book.by_id(spec["sheetId"])
        if len(book.sheets) == 1:
            raise ApiError(400, "You can't remove all the sheets in a document.")
        book.sheets.remove(grid)
        for other in book.sheets:
            if other.index > grid.index:
                other.index -= 1

    def _do_updateSheetProperties(self, book: Book, spec: dict, caller: str) -> None:
        properties = spec["properties"]
        grid = book.by_id(properties["sheetId"])
        fields = [f.strip().replace(".", "/") for f in spec.get("fields", "*").split(",")]

        def wanted(name):
            return "*" in fields or name in fields or name.split("/")[0] in fields

        grid_properties = properties.get("gridProperties", {})
        if wanted("title") and "title" in properties:
            if any(g.title == properties["title"] and g is not grid for g in book.sheets):
                raise ApiError(400, f"A sheet with the name \"{properties['title']}\" already exists. "
                                    f"Please enter another name.")
            grid.title = properties["title"]
        if wanted("hidden"):
            hidden = properties.get("hidden", False)
            if hidden and all(g.hidden or g is grid for g in book.sheets):
                raise ApiError(400, "You can't hide all the sheets in a document.")
            grid.hidden = hidden
        if wanted("index") and "index" in properties:
            others = sorted((g for g in book.sheets if g is not grid), key=lambda g: g.index)
            others.insert(min(properties["index"], len(others)), grid)
            for i, g in enumerate(others):
                g.index = i
        if wanted("gridProperties/rowCount") and "rowCount" in grid_properties:
            grid.row_count = grid_properties["rowCount"]
            del grid.rows[grid.row_count:]
        if wanted("gridProperties/columnCount") and "columnCount" in grid_properties:
            grid.column_count = grid_properties["columnCount"]
            for line in grid.rows:
                del line[grid.column_count:]
        if wanted("gridProperties/frozenRowCount"):
            frozen = grid_properties.get("frozenRowCount", 0)
            if frozen >= grid.row_count and frozen:
                raise ApiError(400, "You can't freeze all visible rows on the sheet.")
            grid.frozen_rows = frozen
        if wanted("gridProperties/frozenColumnCount"):
            grid.frozen_columns = grid_properties.get("frozenColumnCount", 0)
        known = {"rowCount", "columnCount", "frozenRowCount", "frozenColumnCount"}
        for name in {f.split("/", 1)[1] for f in fields if f.startswith("gridProperties/")} - known:
            grid.grid_extra[name] = grid_properties.get(name)
        if "*" in fields or "gridProperties" in fields:
            grid.grid_extra.update((k, v) for k, v in grid_properties.items() if k not in known)

    def _do_updateSpreadsheetProperties(self, book: Book, spec: dict, caller: str) -> None:
        properties = spec["properties"]
        fields = [f.strip() for f in spec.get("fields", "*").split(",")]
        for name, attribute in (("title", "title"), ("locale", "locale"), ("timeZone", "time_zone")):
            if ("*" in fields or name in fields) and name in properties:
                setattr(book, attribute, properties[name])

    def _do_setDataValidation(self, book: Book, spec: dict, caller: str) -> None:
        grid = book.by_id(spec["range"]["sheetId"])
        self._check_range(grid, spec["range"])
        # a rule belongs to the cells: setting it again replaces it (Google does not stack validations)
        grid.validations = [v for v in grid.validations if not _covers(spec["range"], v["range"])]
        if spec.get("rule") or any(_overlap(v["range"], spec["range"]) for v in grid.validations):
            grid.validations.append(copy.deepcopy(spec))

    def _do_addProtectedRange(self, book: Book, spec: dict, caller: str) -> dict:
        protected = copy.deepcopy(spec["protectedRange"])
        grid = book.by_id(protected["range"].get("sheetId", 0))
        self._check_range(grid, protected["range"])
        protected["protectedRangeId"] = protected.get("protectedRangeId") or self._new_id()
        protected.pop("requestingUserCanEdit", None)
        if protected.get("description") is None:
            protected.pop("description", None)
        users = (protected.get("editors") or {}).get("users") or []
        if not users:
            users = [caller]  # as recorded: a protection added with no editors is editable by whoever added it
        given = {key: value for key, value in (protected.get("editors") or {}).items() if value}
        protected["editors"] = {"users": list(users)}
        grid.protected.append(protected)
        # the reply shows the editors as sent (recorded: {} for none); spreadsheets.get shows who they became
        return {"addProtectedRange": {"protectedRange": dict(_proto(protected), editors=given,
                                                             requestingUserCanEdit=True)}}

    def _find_protection(self, book: Book, protected_id: int) -> tuple[Grid, dict]:
        for grid in book.sheets:
            for protection in grid.protected:
                if protection["protectedRangeId"] == protected_id:
                    return grid, protection
        raise ApiError(400, f"No protected range with id: {protected_id}")

    def _do_updateProtectedRange(self, book: Book, spec: dict, caller: str) -> None:
        change = spec["protectedRange"]
        grid, protection = self._find_protection(book, change["protectedRangeId"])
        if not self._can_edit(book, protection, caller):
            raise ApiError(400, PROTECTED_MESSAGE, PROTECTED_STATUS)
        fields = [f.strip() for f in spec.get("fields", "*").split(",")]
        for name in ("range", "description", "warningOnly", "editors", "unprotectedRanges"):
            if ("*" in fields or name in fields or any(f.startswith(name + ".") for f in fields)) and name in change:
                protection[name] = copy.deepcopy(change[name])
        if protection["range"].get("sheetId", grid.sheet_id) != grid.sheet_id:
            grid.protected.remove(protection)
            book.by_id(protection["range"]["sheetId"]).protected.append(protection)

    def _do_deleteProtectedRange(self, book: Book, spec: dict, caller: str) -> None:
        grid, protection = self._find_protection(book, spec["protectedRangeId"])
        if not self._can_edit(book, protection, caller):
            raise ApiError(400, PROTECTED_MESSAGE, PROTECTED_STATUS)
        grid.protected.remove(protection)

    def _cells(self, grid: Grid, grid_range: dict):
        for r in range(grid_range.get("startRowIndex", 0), grid_range.get("endRowIndex", grid.row_count)):
            for c in range(grid_range.get("startColumnIndex", 0), grid_range.get("endColumnIndex", grid.column_count)):
                yield r, c

    def _do_repeatCell(self, book: Book, spec: dict, caller: str) -> None:
        grid = book.by_id(spec["range"]["sheetId"])
        self._check_range(grid, spec["range"])
        # formats belong to the cells: the same fields set again over the same cells replace the earlier request
        grid.formats = [f for f in grid.formats
                        if not (f.get("fields") == spec.get("fields") and _covers(spec["range"], f["range"]))]
        grid.formats.append(copy.deepcopy(spec))
        number_format = spec.get("cell", {}).get("userEnteredFormat", {}).get("numberFormat")
        fields = spec.get("fields", "")
        if number_format is not None or "numberFormat" in fields or fields in ("*", "userEnteredFormat"):
            for r, c in self._cells(grid, spec["range"]):
                if number_format:
                    grid.number_formats[(r, c)] = dict(number_format)
                else:
                    grid.number_formats.pop((r, c), None)

    def _do_updateCells(self, book: Book, spec: dict, caller: str) -> None:
        if "start" in spec:
            start = spec["start"]
            grid = book.by_id(start.get("sheetId", 0))
            row0, column0 = start.get("rowIndex", 0), start.get("columnIndex", 0)
        else:
            grid = book.by_id(spec["range"]["sheetId"])
            row0, column0 = spec["range"].get("startRowIndex", 0), spec["range"].get("startColumnIndex", 0)
        fields = spec.get("fields", "")
        cells = [(row0 + i, column0 + j) for i, line in enumerate(spec.get("rows", []))
                 for j, _ in enumerate(line.get("values", []))]
        if any(r >= grid.row_count or c >= grid.column_count for r, c in cells):
            raise _grid_limits(_a1(grid, row0, column0, max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1),
                               grid)
        self._guard(book, grid, cells, caller)
        for i, line in enumerate(spec.get("rows", [])):
            for j, data in enumerate(line.get("values", [])):
                r, c = row0 + i, column0 + j
                if "userEnteredValue" in fields or fields == "*":
                    entered = data.get("userEnteredValue", {})
                    value = ""
                    if "formulaValue" in entered:
                        value = Formula(entered["formulaValue"])
                    elif entered:
                        value = next(iter(entered.values()))
                    self._enter(book, grid, r, c, value, "RAW")
                number_format = data.get("userEnteredFormat", {}).get("numberFormat")
                if number_format is not None or "numberFormat" in fields:
                    if number_format:
                        grid.number_formats[(r, c)] = dict(number_format)
                    else:
                        grid.number_formats.pop((r, c), None)
        grid.trim()

    def _do_addConditionalFormatRule(self, book: Book, spec: dict, caller: str) -> None:
        grid = book.by_id(spec["rule"]["ranges"][0]["sheetId"])
        for grid_range in spec["rule"]["ranges"]:
            self._check_range(grid, grid_range)
        grid.conditional.insert(spec.get("index", len(grid.conditional)), copy.deepcopy(spec["rule"]))

    def _do_deleteConditionalFormatRule(self, book: Book, spec: dict, caller: str) -> dict:
        grid = book.by_id(spec["sheetId"])
        if not 0 <= spec.get("index", 0) < len(grid.conditional):
            raise ApiError(400, f"No conditional format on sheet: {grid.sheet_id} at index: {spec.get('index', 0)}")
        rule = grid.conditional.pop(spec.get("index", 0))
        return {"deleteConditionalFormatRule": {"rule": rule}}

    def _do_mergeCells(self, book: Book, spec: dict, caller: str) -> None:
        grid_range = dict(spec["range"])
        grid = book.by_id(grid_range["sheetId"])
        self._check_range(grid, grid_range)
        top, bottom = grid_range.get("startRowIndex", 0), grid_range.get("endRowIndex", grid.row_count)
        if grid.frozen_rows and top < grid.frozen_rows < bottom:
            raise ApiError(400, "You can't merge frozen and non-frozen rows.")
        grid.merges = [m for m in grid.merges if not _overlap(m, grid_range)]  # as recorded: a new merge replaces
        kind = spec.get("mergeType", "MERGE_ALL")
        left, right = grid_range.get("startColumnIndex", 0), grid_range.get("endColumnIndex", grid.column_count)
        if kind == "MERGE_ROWS":
            pieces = [dict(grid_range, startRowIndex=r, endRowIndex=r + 1) for r in range(top, bottom)]
        elif kind == "MERGE_COLUMNS":
            pieces = [dict(grid_range, startColumnIndex=c, endColumnIndex=c + 1) for c in range(left, right)]
        else:
            pieces = [grid_range]
        for piece in pieces:
            r0, c0 = piece.get("startRowIndex", 0), piece.get("startColumnIndex", 0)
            cells = [(r, c) for r, c in self._cells(grid, piece) if (r, c) != (r0, c0)]
            self._guard(book, grid, [(r, c) for r, c in cells if not _empty(grid.cell(r, c))], caller)
            for r, c in cells:  # Google keeps the top-left value only
                if r < len(grid.rows) and c < len(grid.rows[r]):
                    grid.rows[r][c] = ""
            grid.merges.append(piece)
        grid.trim()

    def _do_unmergeCells(self, book: Book, spec: dict, caller: str) -> None:
        grid = book.by_id(spec["range"]["sheetId"])
        grid.merges = [m for m in grid.merges if not _overlap(m, spec["range"])]

    def _dimension(self, book: Book, spec: dict) -> tuple[Grid, str, int, int]:
        grid = book.by_id(spec["sheetId"])
        dimension = spec["dimension"]
        limit = grid.row_count if dimension == "ROWS" else grid.column_count
        start, end = spec.get("startIndex", 0), spec.get("endIndex", limit)
        if not 0 <= start < end:
            raise ApiError(400, f"Invalid dimension range: start {start}, end {end}")
        return grid, dimension, start, end

    def _do_appendDimension(self, book: Book, spec: dict, caller: str) -> None:
        grid = book.by_id(spec["sheetId"])
        if spec["dimension"] == "ROWS":
            grid.row_count += spec["length"]
        else:
            grid.column_count += spec["length"]

    def _do_insertDimension(self, book: Book, spec: dict, caller: str) -> None:
        grid, dimension, start, end = self._dimension(book, spec["range"])
        count = end - start
        if start > (grid.row_count if dimension == "ROWS" else grid.column_count):
            raise _grid_limits(f"{dimension} {start}", grid)
        if dimension == "ROWS":
            grid.row_count += count
            if start < len(grid.rows):
                grid.rows[start:start] = [[] for _ in range(count)]
            if start < grid.frozen_rows:
                grid.frozen_rows += count
        else:
            grid.column_count += count
            for line in grid.rows:
                if start < len(line):
                    line[start:start] = [""] * count
            if start < grid.frozen_columns:
                grid.frozen_columns += count
        axis = 0 if dimension == "ROWS" else 1
        grid.number_formats = {tuple(k[i] + count if i == axis and k[i] >= start else k[i] for i in (0, 1)): v
                               for k, v in grid.number_formats.items()}
        for grid_range in self._every_range(grid):
            _shift_insert(grid_range, dimension, start, count)
        grid.trim()

    def _do_deleteDimension(self, book: Book, spec: dict, caller: str) -> None:
        grid, dimension, start, end = self._dimension(book, spec["range"])
        count = end - start
        limit = grid.row_count if dimension == "ROWS" else grid.column_count
        if end > limit:
            raise _grid_limits(f"{dimension} {start}:{end}", grid)
        if count == limit:
            raise ApiError(400, "You can't delete all the rows on the sheet." if dimension == "ROWS" else
                           "You can't delete all the columns on the sheet.")
        axis = 0 if dimension == "ROWS" else 1
        cells = [(r, c) for r, line in enumerate(grid.rows) for c, v in enumerate(line)
                 if start <= (r, c)[axis] < end and not _empty(v)]
        self._guard(book, grid, cells, caller)
        if dimension == "ROWS":
            del grid.rows[start:end]
            grid.row_count -= count
            grid.frozen_rows -= max(0, min(end, grid.frozen_rows) - start)
        else:
            for line in grid.rows:
                del line[start:end]
            grid.column_count -= count
            grid.frozen_columns -= max(0, min(end, grid.frozen_columns) - start)
        grid.number_formats = {tuple(k[i] - count if i == axis and k[i] >= end else k[i] for i in (0, 1)): v
                               for k, v in grid.number_formats.items() if not start <= k[axis] < end}
        grid.validations = [s for s in grid.validations if _shift_delete(s["range"], dimension, start, count)]
        grid.formats = [s for s in grid.formats if _shift_delete(s["range"], dimension, start, count)]
        grid.merges = [m for m in grid.merges if _shift_delete(m, dimension, start, count)]
        grid.protected = [p for p in grid.protected if _shift_delete(p["range"], dimension, start, count)]
        for protection in grid.protected:
            protection["unprotectedRanges"] = [u for u in protection.get("unprotectedRanges", [])
                                               if _shift_delete(u, dimension, start, count)]
            if not protection["unprotectedRanges"]:
                del protection["unprotectedRanges"]
        for rule in grid.conditional:
            rule["ranges"] = [r for r in rule.get("ranges", []) if _shift_delete(r, dimension, start, count)]
        grid.conditional = [rule for rule in grid.conditional if rule["ranges"]]
        grid.trim()

    def _do_moveDimension(self, book: Book, spec: dict, caller: str) -> None:
        """Cells, their number formats and the validations of whole moved columns/rows travel; protected ranges
        and merges stay where they are (a simplification: Google moves ranges that lie inside the moved block)."""
        grid, dimension, start, end = self._dimension(book, spec["source"])
        destination = spec["destinationIndex"]
        count = end - start
        limit = grid.row_count if dimension == "ROWS" else grid.column_count
        order = list(range(limit))
        block = order[start:end]
        del order[start:end]
        at = destination - count if destination > start else destination
        order[at:at] = block
        new_of = {old: new for new, old in enumerate(order)}
        axis = 0 if dimension == "ROWS" else 1
        cells = [(r, c) for r, line in enumerate(grid.rows) for c, v in enumerate(line)
                 if new_of[(r, c)[axis]] != (r, c)[axis] and not _empty(v)]
        self._guard(book, grid, cells, caller)
        if dimension == "ROWS":
            grid.rows += [[] for _ in range(limit - len(grid.rows))]
            grid.rows = [grid.rows[old] for old in order]
        else:
            grid.rows = [[(line[old] if old < len(line) else "") for old in order] for line in grid.rows]
        grid.number_formats = {tuple(new_of[k[i]] if i == axis else k[i] for i in (0, 1)): v
                               for k, v in grid.number_formats.items()}
        start_key, end_key = _KEYS[dimension]
        for spec_ in grid.validations:
            grid_range = spec_["range"]
            first, last = grid_range.get(start_key), grid_range.get(end_key)
            if first is not None and last == first + 1:
                grid_range[start_key], grid_range[end_key] = new_of[first], new_of[first] + 1
        grid.trim()

    def _do_sortRange(self, book: Book, spec: dict, caller: str) -> None:
        grid_range = spec["range"]
        grid = book.by_id(grid_range["sheetId"])
        self._check_range(grid, grid_range)
        top = grid_range.get("startRowIndex", 0)
        bottom = min(grid_range.get("endRowIndex", grid.row_count), grid.row_count)
        left = grid_range.get("startColumnIndex", 0)
        right = min(grid_range.get("endColumnIndex", grid.column_count), grid.column_count)
        block = [[grid.cell(r, c) for c in range(left, right)] for r in range(top, bottom)]
        formats = [[grid.number_formats.get((r, c)) for c in range(left, right)] for r in range(top, bottom)]
        order = list(range(len(block)))
        for sort_spec in reversed(spec.get("sortSpecs", [{"dimensionIndex": left}])):
            column = sort_spec.get("dimensionIndex", left) - left
            descending = sort_spec.get("sortOrder", "ASCENDING") == "DESCENDING"
            filled = [i for i in order if not _empty(block[i][column])]
            blank = [i for i in order if _empty(block[i][column])]
            filled.sort(key=lambda i: _sort_key(block[i][column]), reverse=descending)
            order = filled + blank  # blanks stay last either way
        moved = [(top + new, left + c) for new, old in enumerate(order) if new != old
                 for c in range(right - left) if block[old][c] != block[new][c]]
        self._guard(book, grid, moved, caller)
        for new, old in enumerate(order):
            for c in range(right - left):
                self._enter(book, grid, top + new, left + c, block[old][c], "RAW")
                if formats[old][c] is None:
                    grid.number_formats.pop((top + new, left + c), None)
                else:
                    grid.number_formats[(top + new, left + c)] = formats[old][c]
        grid.trim()

    def _do_updateDimensionProperties(self, book: Book, spec: dict, caller: str) -> None:
        pass

    def _do_autoResizeDimensions(self, book: Book, spec: dict, caller: str) -> None:
        pass

    def _do_updateBorders(self, book: Book, spec: dict, caller: str) -> None:
        pass


def _sort_key(value):
    if isinstance(value, bool):
        return (2, value)
    if isinstance(value, (int, float)):
        return (0, value)
    return (1, str(value).lower())


def _covers(outer: dict, inner: dict) -> bool:
    big = 10 ** 9
    return all(outer.get(start, 0) <= inner.get(start, 0) and outer.get(end, big) >= inner.get(end, big)
               for start, end in _KEYS.values())


def _overlap(a: dict, b: dict) -> bool:
    big = 10 ** 9
    return (a.get("startRowIndex", 0) < b.get("endRowIndex", big)
            and b.get("startRowIndex", 0) < a.get("endRowIndex", big)
            and a.get("startColumnIndex", 0) < b.get("endColumnIndex", big)
            and b.get("startColumnIndex", 0) < a.get("endColumnIndex", big))


def _field_mask(text: str) -> dict:
    """``sheets(properties(title,sheetId),protectedRanges),spreadsheetId`` or ``sheets.properties.title`` as a tree
    (a leaf: None, everything below)."""
    tree: dict = {}
    stack, name = [tree], ""

    def close():
        nonlocal name
        if name:
            node = stack[-1]
            parts = name.strip().split(".")
            for part in parts[:-1]:
                node = node.setdefault(part, {}) or node[part]
            node.setdefault(parts[-1], None)
        name = ""

    for char in text:
        if char == "(":
            parts = name.strip().split(".")
            node = stack[-1]
            for part in parts:
                node[part] = node.get(part) or {}
                node = node[part]
            stack.append(node)
            name = ""
        elif char == ")":
            close()
            stack.pop()
        elif char == ",":
            close()
        else:
            name += char
    close()
    return tree


def _masked(value, tree: dict | None):
    if tree is None:
        return value
    if isinstance(value, list):
        return [_masked(item, tree) for item in value]
    if isinstance(value, dict):
        return {key: _masked(value[key], sub) for key, sub in tree.items() if key in value}
    return value


def _tab(book: Book, span: Span) -> Grid:
    """The tab a range names; Google's answer for a tab that does not exist echoes the range as sent."""
    try:
        return book.tab(span.tab)
    except ApiError:
        raise ApiError(400, f"Unable to parse range: {span.text}") from None


def _proto(resource: dict) -> dict:
    """A stored resource as Google's JSON shows it: proto3 leaves out default values (``sheetId`` 0,
    ``warningOnly`` false)."""
    result = {}
    for key, value in resource.items():
        if isinstance(value, dict):
            value = _proto(value)
        elif isinstance(value, list):
            value = [_proto(v) if isinstance(v, dict) else v for v in value]
        if (key == "sheetId" and value == 0) or (key == "warningOnly" and value is False):
            continue
        result[key] = value
    return result


def _error(code: int, message: str, status: str) -> dict:
    return {"error": {"code": code, "message": message, "status": status}}
