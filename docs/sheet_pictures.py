"""Draw each tab of a provisioned unit sheet (the demo's สภ.เมืองตัวอย่าง, FY2569) as docs/images/sheet-N.png.

Run:  .venv/bin/python docs/sheet_pictures.py      (needs Debian's chromium, as the browser tests do)

The sheet is provisioned into the Sheets API emulator exactly as ``python -m ita_dash sheets provision`` would do
it, and each tab is drawn as a grid with its header row, the status colours of the month columns and the cells
each section head may edit outlined, in the order of docs/google-sheet.md.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import requests  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from helpers.sheets_emulator import BASE, SheetsEmulator, column_letters  # noqa: E402
from ita_dash.domain.framework import library  # noqa: E402
from ita_dash.domain.model import thai  # noqa: E402
from ita_dash.store.demo import DEMO_ACCOUNTS, UNITS, build_unit_year  # noqa: E402
from ita_dash.store.sheets import layout  # noqa: E402
from ita_dash.store.sheets.provision import STATUS_COLOURS, provision  # noqa: E402
from ita_dash.store.sheets.source import BoundedBackOffClient  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOWN_ROWS = 14
COLOURS = {thai(s): "#{:02x}{:02x}{:02x}".format(*(int(c * 255) for c in rgb)) for s, rgb in STATUS_COLOURS.items()}


def page(tab: str, rows: list[list], protected: list[dict]) -> str:
    width = max(len(r) for r in rows)
    edit = {}
    for block in protected:
        if block["description"].startswith("รายงานรายเดือน"):
            r = block["range"]
            for row in range(r["startRowIndex"], r["endRowIndex"]):
                for column in range(r["startColumnIndex"], r["endColumnIndex"]):
                    edit[(row, column)] = True
    cells = ["<tr><th></th>" + "".join(f"<th>{column_letters(c + 1)}</th>" for c in range(width)) + "</tr>"]
    for number, row in enumerate(rows[:SHOWN_ROWS]):
        line = [f"<th>{number + 1}</th>"]
        for column in range(width):
            value = str(row[column]) if column < len(row) else ""
            style = []
            if number == 0:
                style.append("font-weight:700;background:#f2f4f7")
            if value in COLOURS and number:
                style.append(f"background:{COLOURS[value]}")
            if edit.get((number, column)):
                style.append("outline:2px solid #1d4e89;outline-offset:-2px")
            text = html.escape(value if len(value) <= 16 or number == 0 else value[:14] + "…")
            line.append(f"<td style='{';'.join(style)}'>{text}</td>")
        cells.append("<tr>" + "".join(line) + "</tr>")
    more = f"<p>… และอีก {len(rows) - SHOWN_ROWS} แถว</p>" if len(rows) > SHOWN_ROWS else ""
    return f"""<html><head><meta charset='utf-8'><style>
      body {{ font-family: 'Noto Sans Thai', 'Loma', sans-serif; font-size: 12px; margin: 10px; }}
      table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #d0d5dc; padding: 3px 6px; white-space: nowrap; }}
      th {{ background: #eef1f5; color: #555; font-weight: 400; }} h3 {{ margin: 4px 0 8px; }}
    </style></head><body><div id="tab" style="display:inline-block"><h3>แท็บ “{html.escape(tab)}”</h3>
    <table>{''.join(cells)}</table>{more}</div></body></html>"""


def main() -> None:
    emulator = SheetsEmulator()
    session = requests.Session()
    session.mount(BASE, emulator)
    http = BoundedBackOffClient(auth=None, session=session)
    data = build_unit_year(library(), UNITS[0], 2569, dt.date(2026, 4, 20))
    emulator.create("DEMO", tabs=())
    provision(http, "DEMO", data, [user for user, _ in DEMO_ACCOUNTS])
    out = ROOT / "docs" / "images"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        view = browser.new_page(viewport={"width": 3000, "height": 400})
        for number, tab in enumerate(layout.TABS, start=1):
            grid = emulator.books["DEMO"].tab(tab)
            view.set_content(page(tab, grid.rows, grid.protected))
            view.locator("#tab").screenshot(path=str(out / f"sheet-{number}.png"))
            print(f"docs/images/sheet-{number}.png  {tab}")
        browser.close()


if __name__ == "__main__":
    main()
