"""Meeting mode on a 1920×1080 projector (issue 34): every slide of the demo's meeting, with a long list of orders
given in it, fits the screen's height (the orders slide was 1,309 px tall); a list too long for one slide goes on
over "… (ต่อ)" slides and no order is dropped. Screenshots in tests/artifacts/projector-*.png, each slide's height
in projector-heights.txt."""

from __future__ import annotations

import json

import pytest

from helpers.browser import ARTIFACTS, settled, sign_in, start_app
from helpers.environment import DEMO_AS_OF
from ita_dash.domain.fiscal import fiscal_year_of
from ita_dash.domain.orders import OrderEntry
from ita_dash.store.demo import DEMO_ACCOUNTS

WIDTH, HEIGHT = 1920, 1080
YEAR = fiscal_year_of(DEMO_AS_OF)
ORDERS = [f"ข้อสั่งการทดสอบที่ {n}: ให้ทุกสายงานตรวจป้ายประกาศช่องทางร้องเรียนและป้าย QR Code ทุกจุดบริการ "
          f"ถ่ายภาพหลักฐาน ส่งงานอำนวยการ และรายงานความคืบหน้าในการประชุมครั้งถัดไป" for n in range(1, 10)]
# the bottom of the last thing on the page (the exit button), measured from the top of the page scrolled to the top
BOTTOM = """() => {
  const scrolled = document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"]');
  for (const el of [document.scrollingElement, ...scrolled]) {
    if (el) el.scrollTop = 0;
  }
  const exit = [...document.querySelectorAll('button')].find(b => b.innerText.includes('ออกจากโหมดประชุม'));
  return exit ? exit.getBoundingClientRect().bottom : -1;
}"""
SHOWN = """() => [...document.querySelectorAll('h1, h2')].map(h => h.innerText).join(' | ')"""


@pytest.fixture(scope="module")
def projector_server(tmp_path_factory, templates):
    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{tmp_path_factory.mktemp('projector') / 'ita.db'}"
    store = SqlStore(url)
    build_demo(store, templates, DEMO_AS_OF)
    chief = next(user for user, _ in DEMO_ACCOUNTS if user.username == "demo.chief").as_actor()
    for text in ORDERS:  # a meeting that gave many orders
        store.save_order(chief, "DEMO-01", YEAR, OrderEntry(DEMO_AS_OF, text, ("admin", "patrol", "traffic")))
    store.close()
    process, address = start_app(url)
    yield address
    process.terminate()
    process.wait(timeout=20)


def test_every_meeting_slide_fits_a_1920_by_1080_projector(projector_server, browser):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="th-TH")
    page = context.new_page()
    page.goto(f"{projector_server}/?unit=DEMO-01&fy={YEAR}&meeting=1")
    page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
    sign_in(page, "demo.chief", "demo-chief-pass")
    page.get_by_role("heading", name="ข้อสั่งการครั้งก่อน", exact=True).wait_for(timeout=30_000)
    first, heights, seen = None, {}, []
    for number in range(1, 40):
        settled(page)
        shown = page.evaluate(SHOWN)
        if shown == first:
            break  # round the circle
        first = first or shown
        if shown.startswith("ข้อสั่งการ |") or shown.startswith("ข้อสั่งการ (ต่อ)"):  # the minutes come last
            page.get_by_role("button", name="รายงานการประชุม (Word)").wait_for(timeout=30_000)
        heights[shown] = page.evaluate(BOTTOM)
        seen.append(page.locator("[data-testid='stMain']").inner_text())
        page.screenshot(path=str(ARTIFACTS / f"projector-{number}.png"))
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => ({SHOWN})() !== {json.dumps(shown)}", timeout=20_000)
    context.close()
    assert len(heights) >= 8, heights
    report = "\n".join(f"{bottom:7.1f} px  {shown}" for shown, bottom in heights.items())
    (ARTIFACTS / "projector-heights.txt").write_text(report + "\n", encoding="utf-8")
    assert all(0 < bottom <= HEIGHT for bottom in heights.values()), report
    assert any(title.startswith("ข้อสั่งการ (ต่อ)") for title in heights), list(heights)  # the list went on
    text = "\n".join(seen)
    assert all(order in text for order in ORDERS)  # nothing dropped by paging
