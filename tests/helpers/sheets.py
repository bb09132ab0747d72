"""Google Sheets in the tests: the unit's tabs written as export writes them, the emulator behind gspread's HTTP
client, protections, and the CLI's Sheets ``setup`` fixture (a copy of the demo talking to the emulator)."""

from __future__ import annotations

import datetime as dt

import pytest
import requests

import ita_dash.store
from helpers.databases import copy_database
from helpers.sheets_emulator import (
    BASE,
    CALLER_HEADER,
    DRIVE_BASE,
    SERVICE_ACCOUNT,
    SheetsEmulator,
)
from ita_dash import cli
from ita_dash.domain.accounts import User
from ita_dash.domain.model import Actor, Role
from ita_dash.store.sheets import layout
from ita_dash.store.sheets.provision import COLUMNS
from ita_dash.store.sheets.source import BoundedBackOffClient
from ita_dash.store.sql import SqlStore

SHEET = "1SheetOfDemo01"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def write_unit(client, emulator, data, spreadsheet_id=SHEET):
    """The unit's tabs written the way export will: one values:batchUpdate."""
    emulator.create(spreadsheet_id, tabs=layout.TABS, columns=COLUMNS)  # as provisioning makes them (28 headers > 26)
    tabs = layout.unit_rows(data)
    client.values_batch_update(spreadsheet_id, {"valueInputOption": "RAW", "data": [
        {"range": layout.quoted(tab, "A1"), "values": rows} for tab, rows in tabs.items()]})
    emulator.reset_counts()


FY, AS_OF = 2569, dt.date(2026, 6, 20)


SYSTEM = Actor.system("test")


HEAD = Actor(username="h", role=Role.SECTION_HEAD, unit_code="DEMO-01", section_code="admin")


def http_client(emulator):
    session = requests.Session()
    session.mount(BASE, emulator)
    session.mount(DRIVE_BASE, emulator)  # sharing: Drive permissions
    return BoundedBackOffClient(auth=None, session=session)


@pytest.fixture
def setup(demo_db, tmp_path, monkeypatch):
    """A copy of the demo database, a head with an e-mail for a second section, and the CLI talking to the
    emulator."""
    path = tmp_path / "ita.db"
    url = copy_database(demo_db, path)
    store = SqlStore(url)
    store.add_user(SYSTEM, User(username="head.traffic", role=Role.SECTION_HEAD, unit_code="DEMO-01",
                                section_code="traffic", email="traffic.head@example.go.th"), "traffic-pass-1")
    store.close()
    emulator = SheetsEmulator()
    client = http_client(emulator)
    monkeypatch.setattr("gspread.http_client.time.sleep", lambda seconds: None)
    monkeypatch.setattr(ita_dash.store, "sheets_settings", lambda: {"ttl_seconds": 60, "client_email": SERVICE_ACCOUNT})
    monkeypatch.setattr(ita_dash.store, "sheets_client", lambda settings: client)
    return url, emulator, client




# --- moved


def run(url, *args, capsys):
    code = cli.main(["--db", url, "sheets", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


# the e-mail addresses of the people a sheet is shared with (the emulator's callers)
OWNER_EMAIL, HEAD_EMAIL, OTHER_HEAD_EMAIL = "chief@example.go.th", "head.a@example.go.th", "head.b@example.go.th"


# -- protections and sharing ------------------------------------------------------------------------------------
def protect(client, emulator, sheet_id, rows, columns, editors, caller=OWNER_EMAIL, **extra):
    session = client.session
    answer = session.post(f"{BASE}/v4/spreadsheets/S:batchUpdate", headers={CALLER_HEADER: caller}, json={"requests": [
        {"addProtectedRange": {"protectedRange": {
            "range": {"sheetId": sheet_id, "startRowIndex": rows[0], "endRowIndex": rows[1],
                      "startColumnIndex": columns[0], "endColumnIndex": columns[1]},
            "warningOnly": False, "editors": {"users": editors}, **extra}}}]})
    assert answer.status_code == 200, answer.text
    return answer.json()["replies"][0]["addProtectedRange"]["protectedRange"]["protectedRangeId"]
