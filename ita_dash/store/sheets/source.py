"""Reading a unit's sheet: one ``values:batchGet`` over every tab, kept for a TTL, retried through gspread's own
backoff client, and when Google stays unreachable, the last good read with the time it was taken."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from gspread.http_client import BackOffHTTPClient, HTTPClient

from ita_dash.domain.model import UnitYearData
from ita_dash.domain.thaidate import BANGKOK, format_datetime

from ..base import StoreError
from . import faults, layout

DEFAULT_TTL = 60.0  # seconds a read serves page reruns before the sheet is read again
READS_PER_MINUTE = 60  # Google's default read quota per user (Sheets API: 60 read requests per minute per user)
TIMEOUT = (5.0, 20.0)  # seconds to connect, seconds to wait for each part of an answer: no request waits for ever


class SheetsUnavailable(faults.SheetsFailure):
    """Google Sheets did not answer (or refused) and there is no earlier read to fall back on."""


class BoundedBackOffClient(BackOffHTTPClient):
    """gspread's backoff client (it waits 2, 4, 8 … s on 429, 408 and 5xx) with a last attempt. As shipped
    (6.2.1) it never gives up: its wait is capped at 128 s and it retries while the wait is at most 128 s, so a
    Google outage would hold a page forever; and after a failure it does not reset its counter. Here: three
    retries (2 + 4 + 8 s), then the error, and the counter starts again for the next request."""

    RETRIES = 3

    def __init__(self, *args, **kwargs):
        self._counts = threading.local()  # the province reads four sheets at once: one count per thread
        super().__init__(*args, **kwargs)

    @property
    def _NR_BACKOFF(self) -> int:  # noqa: N802 - gspread's name
        return getattr(self._counts, "retries", 0)

    @_NR_BACKOFF.setter
    def _NR_BACKOFF(self, value: int) -> None:  # noqa: N802
        self._counts.retries = value

    def request(self, *args, **kwargs):
        # gspread retries by calling request() again from inside its own; each nested call ends only when the
        # whole attempt has succeeded or failed for good, so the counter can start again at every level.
        try:
            if self._NR_BACKOFF >= self.RETRIES:
                return HTTPClient.request(self, *args, **kwargs)  # the last attempt: an error now goes up
            return super().request(*args, **kwargs)
        finally:
            self._NR_BACKOFF = 0


def service_account_client(info: Mapping, timeout: tuple[float, float] = TIMEOUT) -> BoundedBackOffClient:
    """The HTTP client for ``[connections.gsheets]`` of ``.streamlit/secrets.toml`` (a service account's JSON),
    with a (connect, read) timeout on every request."""
    import gspread

    client = gspread.service_account_from_dict(dict(info), http_client=BoundedBackOffClient).http_client
    client.set_timeout(timeout)
    return client


@dataclass(frozen=True)
class SheetRead:
    data: UnitYearData
    problems: tuple[layout.SheetProblem, ...]
    read_at: dt.datetime  # when Google answered
    fetched: float  # the clock reading then, for the TTL
    rows: dict = field(default_factory=dict)  # (tab, measure or OIT item code) → its row in the sheet
    stale: bool = False  # True: Google did not answer now; this is the last good read
    error: str = ""  # why (Thai: what to do)
    kind: str = ""  # faults.ACCESS, GONE, RANGE (permanent until someone acts) or TEMPORARY
    measure_columns: frozenset[str] = frozenset()  # the headers of the measures tab (a sheet made before lacks some)

    @property
    def permanent(self) -> bool:
        return self.stale and self.kind in faults.PERMANENT

    @property
    def banner(self) -> str:
        """The page's notice when the data is stale: when it was read, and what went wrong (for a permanent
        failure, what to do about it)."""
        when = f"ข้อมูล ณ เวลา {format_datetime(self.read_at.astimezone(BANGKOK))}"
        if self.permanent:
            return f"{when} — {self.error}"
        return f"{when} (เชื่อมต่อ Google Sheets ไม่ได้)"


class SheetsSource:
    """Reads units' sheets through ``http_client`` (gspread's), one request per unit, cached for ``ttl`` seconds."""

    def __init__(self, http_client, ttl: float = DEFAULT_TTL, clock: Callable[[], float] = time.monotonic,
                 reads_per_minute: int = READS_PER_MINUTE, sleep: Callable[[float], None] = time.sleep,
                 service_email: str = ""):
        self.http, self.ttl, self.clock, self.sleep = http_client, ttl, clock, sleep
        self.service_email = service_email  # named in the message when Google refuses access
        self._codes: dict[tuple[str, int], set[tuple[str, str]]] = {}  # the last read's measure and OIT codes
        self.reads_per_minute = reads_per_minute
        self._sent: deque[float] = deque()  # when the reads of the last minute went out
        self._cache: dict[tuple[str, int], SheetRead] = {}
        self._lock = threading.Lock()
        self._generation, self._expired = 0, set()
        self._titles: dict[str, dict[str, str]] = {}  # a spreadsheet's tab titles not the declared ones ("กอง")

    def generation(self) -> int:
        """Goes up once whenever a kept read has outlived the TTL: callers that cache what they built from the
        reads (the pages) key it by this, so they come back for a fresh read then, and only then."""
        now = self.clock()
        with self._lock:
            for key, read in self._cache.items():
                if now - read.fetched >= self.ttl and key not in self._expired:
                    self._expired.add(key)
                    self._generation += 1
            return self._generation

    def read(self, spreadsheet_id: str, fiscal_year: int) -> SheetRead:
        key = (spreadsheet_id, fiscal_year)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and self.clock() - cached.fetched < self.ttl:
            return cached
        try:
            answer = self._batch_get(spreadsheet_id)
        except faults.GOOGLE_ERRORS as error:  # HTTP errors, timeouts, dropped connections, failed token refresh
            kind, message = faults.describe(error, self.service_email, spreadsheet_id)
            if cached is None:
                if kind == faults.TEMPORARY:
                    message = (f"เชื่อมต่อ Google Sheets ไม่ได้ ({faults.reason(error)}) "
                               "และยังไม่มีข้อมูลที่อ่านไว้ก่อนหน้า — ลองใหม่อีกครั้งภายหลัง")
                raise SheetsUnavailable(message, kind) from None
            stale = replace(cached, stale=True, error=message, kind=kind, fetched=self.clock())  # again after a TTL
            with self._lock:
                self._cache[key] = stale
                self._expired.discard(key)
            return stale
        now = dt.datetime.now(dt.UTC)
        value_ranges = answer.get("valueRanges", [])
        data, problems, rows = layout.read_unit(value_ranges, fiscal_year, now)
        if any(m.owner_section is None for m in data.measures) and data.sections:
            merged = self._unmerge(spreadsheet_id, value_ranges)  # one more read, only when a section cell is empty
            if merged:
                data, problems, rows = layout.read_unit(value_ranges, fiscal_year, now)
                problems += merged
        codes = set(rows)
        with self._lock:
            before = self._codes.get(key)
            self._codes[key] = codes
        if before:  # rows deleted in the sheet since the last read: say so once
            for tab, code in sorted(before - codes):
                problems.append(layout.SheetProblem(tab, 0, "รหัส", code, "รายการนี้หายไปจากชีตตั้งแต่การอ่านครั้งก่อน "
                                                    "(แถวถูกลบหรือรหัสถูกแก้) — ตรวจสอบประวัติการแก้ไขของชีต"))
        measures = (value_ranges[layout.TABS.index(layout.MEASURES)].get("values") or [[]]
                    if len(value_ranges) > layout.TABS.index(layout.MEASURES) else [[]])
        read = SheetRead(data, tuple(problems), now, self.clock(), rows,
                         measure_columns=frozenset(layout.declared(h) for h in (measures[0] if measures else [])))
        with self._lock:
            self._cache[key] = read
            self._expired.discard(key)
        return read

    def titles(self, spreadsheet_id: str) -> dict[str, str]:
        """The titles of our tabs in this spreadsheet where they are not the declared ones (a local administration's
        "กอง" tab), as the last read found them."""
        with self._lock:
            return dict(self._titles.get(spreadsheet_id, {}))

    def _batch_get(self, spreadsheet_id: str) -> dict:
        """One ``values:batchGet`` of every tab by the titles last found. A tab not found under its title (a sheet
        made for a local administration names its sections tab "กอง", one made before "สายงาน") costs one read of the
        tab titles and one more ``batchGet``; the titles are kept for the next read."""
        self.wait_for_quota()
        params = {"valueRenderOption": "FORMATTED_VALUE"}
        try:
            return self.http.values_batch_get(spreadsheet_id, layout.ranges(self.titles(spreadsheet_id)), params=params)
        except faults.GOOGLE_ERRORS as error:
            if faults.describe(error, self.service_email, spreadsheet_id)[0] != faults.RANGE:
                raise
            self.wait_for_quota()
            book = self.http.spreadsheets_get(spreadsheet_id, params={"fields": "sheets(properties(title))"})
            found = layout.tab_titles(s.get("properties", {}).get("title", "") for s in book.get("sheets", []))
            titles = {tab: title for tab, title in found.items() if title != tab}
            if titles == self.titles(spreadsheet_id):
                raise error from None  # nothing else to try: the tab is missing in every spelling
            with self._lock:
                self._titles[spreadsheet_id] = titles
            self.wait_for_quota()
            return self.http.values_batch_get(spreadsheet_id, layout.ranges(titles), params=params)

    def _unmerge(self, spreadsheet_id: str, value_ranges: list[dict]) -> list[layout.SheetProblem]:
        """Merged cells read as empty but for the first: a section merged over several measure rows would put all
        but the first under "no section". Google's merges of our tabs fill the empty cells with the merge's value
        (in ``value_ranges``, in place), each merge listed as a problem. Nothing when the merges cannot be read."""
        self.wait_for_quota()
        try:
            book = self.http.spreadsheets_get(spreadsheet_id, params={"fields": "sheets(properties(title),merges)"})
        except faults.GOOGLE_ERRORS:
            return []
        by_tab = dict(zip(layout.TABS, value_ranges))
        found = []
        for sheet in book.get("sheets", []):
            title = sheet.get("properties", {}).get("title")
            tab = layout.declared(title)
            if tab not in by_tab or tab == layout.SETTINGS:
                continue
            values = by_tab[tab].setdefault("values", [])
            header = [str(h).strip() for h in (values[0] if values else [])]
            for merge in sheet.get("merges", []):
                top, bottom = merge.get("startRowIndex", 0), merge.get("endRowIndex", 0)
                left, right = merge.get("startColumnIndex", 0), merge.get("endColumnIndex", 0)
                if top < 1 or top >= len(values):
                    continue
                first = values[top]
                for r in range(top, min(bottom, len(values))):
                    row = values[r]
                    for c in range(left, right):
                        value = first[c] if c < len(first) else ""
                        while len(row) <= c:
                            row.append("")
                        row[c] = value
                names = ", ".join(header[c] if c < len(header) else layout.column_letter(c) for c in range(left, right))
                found.append(layout.SheetProblem(title, top + 1, names, f"แถว {top + 1}–{bottom}",
                                                 "ช่องถูกผสาน (merge) — อ่านค่าเดียวกันให้ทุกแถวที่ผสาน; "
                                                 "ยกเลิกการผสานแล้วใส่ค่าทุกแถว"))
        return found

    def wait_for_quota(self) -> None:
        """Stay within Google's read quota (60 read requests a minute per user): wait for a slot rather than be
        answered 429."""
        while True:
            with self._lock:
                now = self.clock()
                while self._sent and now - self._sent[0] >= 60:
                    self._sent.popleft()
                if len(self._sent) < self.reads_per_minute:
                    self._sent.append(now)
                    return
                wait = 60 - (now - self._sent[0])
            self.sleep(wait)

    def cached(self, spreadsheet_id: str, fiscal_year: int) -> bool:
        """Whether a read of this sheet is kept and still fresh (reading it again asks Google nothing)."""
        read = self._cache.get((spreadsheet_id, fiscal_year))
        return read is not None and self.clock() - read.fetched < self.ttl

    def read_many(self, keys: list[tuple[str, int]], progress: Callable[[int, int], None] | None = None,
                  workers: int = 4) -> dict[tuple[str, int], SheetRead | Exception]:
        """Several sheets, ``workers`` at a time within the quota; fresh kept reads are reused. ``progress(done,
        total)`` after each. A sheet that cannot be read comes back as its exception."""
        results: dict = {}
        done = 0

        def one(key):
            try:
                return key, self.read(*key)
            except StoreError as error:
                return key, error

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for key, result in pool.map(one, keys):
                results[key] = result
                done += 1
                if progress:
                    progress(done, len(keys))
        return results

    def forget(self, spreadsheet_id: str, fiscal_year: int) -> None:
        """Drop a kept read (after a save through the app): the next read asks Google."""
        with self._lock:
            self._cache.pop((spreadsheet_id, fiscal_year), None)
            self._expired.discard((spreadsheet_id, fiscal_year))
            self._generation += 1

