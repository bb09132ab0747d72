"""The unit's ITA web page: valid HTML (html5lib, strict), every item and link of the unit, user text escaped, no
script; looked at in Chromium; and the same list as .xlsx/.csv in ITAP's order."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import html5lib  # noqa: E402 - pinned in requirements-dev.txt
import pytest
from openpyxl import load_workbook

from helpers.environment import ROOT, missing
from ita_dash.domain.lights import CLEARED
from ita_dash.domain.model import Actor, OitStatus
from ita_dash.store.demo import UNITS, build_unit_year
from ita_dash.store.sql import SqlStore

ACTOR = Actor.system("test")
FY = 2570


def _strict(html: str):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)  # raises on any parse error


@pytest.fixture(scope="module")
def written(tmp_path_factory, templates):
    """DEMO-01's page written by the command, with a hostile title and link typed into one item."""
    from ita_dash.cli import main

    tmp = tmp_path_factory.mktemp("oit")
    url = f"sqlite:///{tmp / 'ita.db'}"
    store = SqlStore(url)
    clean = build_unit_year(templates, UNITS[0], FY, dt.date(2027, 4, 20))
    data = clean
    unit = data.unit.model_copy(update={"name": 'สภ.ทดสอบ <script>alert("x")</script> & "คำพูด"'})
    items = list(data.oit_items)
    items[0] = items[0].model_copy(update={"status": OitStatus.PUBLISHED, "link": 'https://example.go.th/a?b=1&c="2"'})
    items[1] = items[1].model_copy(update={"status": OitStatus.PUBLISHED, "link": "javascript:alert(1)"})
    items[2] = items[2].model_copy(update={"status": OitStatus.DRAFTING, "link": "https://example.go.th/draft"})
    data = data.model_copy(update={"unit": unit, "oit_items": items})
    store.replace_unit_year(ACTOR, data)
    out = tmp / "site"
    assert main(["--db", url, "oit-page", "--unit", data.unit.code, "--fy", str(FY), "--out", str(out)]) == 0
    store.close()
    from ita_dash.reports.oit_page import write_oit_page

    template = templates.for_year(data.unit.kind, FY)
    write_oit_page(tmp / "demo", template, clean, {"": dt.datetime(2027, 4, 18, 3, tzinfo=dt.UTC)})
    return out, data, template


def test_the_page_is_valid_html_with_every_item_and_link(written):
    out, data, template = written
    html = (out / "index.html").read_text(encoding="utf-8")
    tree = _strict(html)
    assert tree.get("lang") == "th"
    assert tree.find(".//script") is None and "<script>" not in html  # none of ours, and the unit's name escaped
    assert "&lt;script&gt;" in html and "&#34;คำพูด&#34;" in html
    articles = {a.get("id"): a for a in tree.iter("article")}
    assert list(articles) == [spec.code for spec in template.oit_items]  # every item, in ITAP's order
    hrefs = {a.get("href") for a in tree.iter("a") if not a.get("href", "").startswith("#")}
    published = {i.link for i in data.oit_items if i.status in CLEARED and i.link.startswith("https://")}
    assert hrefs == published  # every approved/published link, nothing else
    assert 'https://example.go.th/a?b=1&c="2"' in hrefs
    assert "https://example.go.th/draft" not in html  # a draft's address is not announced
    assert "javascript:" not in html
    for spec in template.oit_items:
        text = "".join(articles[spec.code].itertext())
        assert spec.title.split()[0] in text and "ปรับปรุงล่าสุด" in text
    groups = [h.text for h in tree.iter("h2")]
    assert groups and all(h.startswith("ตัวชี้วัดย่อยที่ ") for h in groups)


def test_the_list_as_xlsx_and_csv_in_itap_order(written):
    out, data, template = written
    codes = [spec.code for spec in template.oit_items]
    sheet = load_workbook(out / "oit-items.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "ข้อ" and [r[0] for r in rows[1:]] == codes
    assert rows[1][4] == 'https://example.go.th/a?b=1&c="2"'
    with io.StringIO((out / "oit-items.csv").read_bytes().decode("utf-8-sig")) as handle:
        table = list(csv.reader(handle))
    assert [r[0] for r in table[1:]] == codes and table[0][2] == "รายการ"


@pytest.mark.browser  # its own Chromium, not the browser fixture
def test_the_page_in_chromium(written):
    chromium = shutil.which("chromium")
    if chromium is None:
        missing("Debian chromium", "`chromium` is not on PATH")
    playwright_api = pytest.importorskip("playwright.sync_api")
    from helpers.browser import CHROMIUM_FLAGS

    out, data, template = written
    images = ROOT / "docs" / "images"
    images.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        requested = []
        page = browser.new_page(viewport={"width": 1000, "height": 1400}, locale="th-TH")
        page.on("request", lambda request: requested.append(request.url))
        page.goto((out.parent / "demo" / "index.html").as_uri())
        assert page.get_by_role("heading", level=1).inner_text().startswith("การเปิดเผยข้อมูลสาธารณะ (OIT)")
        assert page.locator("article").count() == len(template.oit_items)
        page.screenshot(path=str(images / "oit-web-page.png"), full_page=False)
        phone = browser.new_page(viewport={"width": 390, "height": 900}, locale="th-TH")
        phone.goto((out.parent / "demo" / "index.html").as_uri())
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
        artifacts = ROOT / "tests" / "artifacts"
        artifacts.mkdir(exist_ok=True)
        phone.screenshot(path=str(artifacts / "oit-web-page-phone.png"), full_page=True)
        browser.close()
    assert all(u.startswith("file://") for u in requested)  # self-contained: nothing fetched from anywhere
