"""The monthly meeting in Chromium (issue 17): every topic on a 1280×720 projector, moved with the keyboard's → key;
an order given in the meeting reaches the section head's phone, is reported done there, and opens the next meeting.
Screenshots in tests/artifacts/meeting-*.png; the minutes PDF in tests/artifacts/meeting-minutes.pdf."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest

from helpers.browser import ARTIFACTS, settled, sign_in, start_app
from ita_dash.domain.fiscal import fiscal_end, fiscal_year_of
from ita_dash.domain.model import Actor
from ita_dash.domain.thaidate import today_bangkok

TOPICS = ["ข้อสั่งการครั้งก่อน", "ตัวชี้วัด 10 ตัว", "การรายงานผลรายเดือน", "จำนวนผู้ตอบแบบวัด", "OIT", "กำหนดการ",
          "มาตรการที่ต้องเร่งรัด", "ข้อสั่งการ"]
ORDER = "ให้ทุกสายงานติดตั้งป้ายประกาศช่องทางร้องเรียนให้ครบทุกจุดบริการภายในสิ้นเดือน"


@pytest.fixture(scope="module")
def meeting_server(tmp_path_factory, templates):
    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{tmp_path_factory.mktemp('meeting') / 'ita.db'}"
    store = SqlStore(url)
    build_demo(store, templates, today_bangkok())
    given = len(store.load_orders(Actor.system("test"), "DEMO-01", fiscal_year_of(today_bangkok())).orders)
    store.close()
    process, address = start_app(url)
    yield address, given + 1  # the number the order given in the test gets, after the demo's own
    process.terminate()
    process.wait(timeout=20)


def _signed_in(browser, address: str, path: str, account: tuple[str, str], heading: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="th-TH",
                                  is_mobile=width < 500, has_touch=width < 500, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{address}{path}")
    page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
    sign_in(page, *account)
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    return context, page


def _close_picker(page) -> None:
    """Close the section picker's list and wait until it is gone. The list stays open after a pick, and Escape
    pressed while the pick is still being drawn can be lost; a list left open is moved under the picker when the
    page scrolls to the save button, and then takes the release of the press: the button saw the mouse go down, the
    list saw it come up, and no click was made (issue 30: the press on "บันทึกข้อสั่งการ" lost once in six runs, found
    by logging the pointer events of the page)."""
    dropdown = page.get_by_test_id("stMultiSelectDropdown")
    for _ in range(5):
        page.keyboard.press("Escape")
        try:
            dropdown.wait_for(state="hidden", timeout=2_000)
            return
        except Exception:  # noqa: BLE001 - playwright's TimeoutError: the Escape came too early, press it again
            continue
    raise AssertionError("the section picker's list did not close")


SHOWN = "() => [...document.querySelectorAll('h1, h2')].map(h => h.innerText).join(' | ')"


def _next_slide(page) -> str:
    """Press → (the projector's clicker or the keyboard) and wait for the next slide; returns its title."""
    shown = page.evaluate(SHOWN)
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({SHOWN})() !== {json.dumps(shown)}", timeout=20_000)
    return page.locator("h1").first.inner_text()


def test_meeting_to_section_page_to_next_meeting(meeting_server, browser):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    address, number = meeting_server
    label = f"ข้อสั่งการที่ {number}"
    today = today_bangkok()
    year = fiscal_year_of(today)
    chief = ("demo.chief", "demo-chief-pass")
    context, page = _signed_in(browser, address, f"/?unit=DEMO-01&fy={year}&meeting=1", chief, TOPICS[0],
                               1280, 720)
    page.get_by_text(re.compile(r"ข้อสั่งการครั้งก่อน: \d+ รายการ")).wait_for()  # the demo's meeting before (issue 34)
    for shot, title in enumerate(TOPICS, start=1):
        page.get_by_role("heading", name=title, exact=True).wait_for(timeout=20_000)
        settled(page)
        assert page.locator("[data-testid='stCode'], [data-testid='stHelp']").count() == 0
        page.screenshot(path=str(ARTIFACTS / f"meeting-{shot}.png"))
        if title == "ข้อสั่งการ":
            break
        while _next_slide(page).endswith("(ต่อ)"):  # a long topic goes on over more slides
            settled(page)

    page.get_by_label("ข้อสั่งการใหม่").fill(ORDER)
    page.get_by_label("มอบหมายสายงาน").click()
    page.get_by_role("option", name="งานอำนวยการ").click()
    _close_picker(page)
    settled(page)
    page.get_by_role("button", name="บันทึกข้อสั่งการ").click()
    page.get_by_text(f"บันทึก{label} แล้ว").wait_for(timeout=20_000)
    page.get_by_text(f"{label}: {ORDER}").wait_for()
    page.screenshot(path=str(ARTIFACTS / "meeting-orders-given.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="รายงานการประชุม (PDF)").click()
    pdf = ARTIFACTS / "meeting-minutes.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "ประชุมนี้ 1 รายการ" in text and "ผู้เข้าประชุม" in text  # the order just given is in the minutes
    context.close()

    head = ("demo.head", "demo-head-pass")
    context, phone = _signed_in(browser, address, "/", head, "รายงานผลของสายงาน", 390, 844)
    phone.get_by_role("heading", name=re.compile("ข้อสั่งการของประธาน")).wait_for(timeout=20_000)
    card = phone.locator("[data-testid='stVerticalBlock']").filter(has_text=label).filter(
        has=phone.get_by_role("button", name=f"บันทึก{label}")).last
    card.get_by_role("radio", name="ดำเนินการแล้วเสร็จ").tap()
    card.get_by_label("บันทึก (ไม่บังคับ").fill("ติดตั้งป้ายครบ 5 จุด")
    card.get_by_role("button", name=f"บันทึก{label}").tap()
    phone.get_by_text(f"บันทึก{label} แล้ว").wait_for(timeout=20_000)
    phone.get_by_role("heading", name=re.compile("ข้อสั่งการของประธาน")).scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "meeting-order-on-phone.png"))
    context.close()

    next_meeting = min(today + dt.timedelta(days=30), fiscal_end(year))
    context, page = _signed_in(browser, address,
                               f"/?unit=DEMO-01&fy={year}&as_of={next_meeting.isoformat()}&meeting=1", chief,
                               TOPICS[0], 1280, 720)
    page.get_by_text("ข้อสั่งการครั้งก่อน: 1 รายการ, เสร็จ 1").wait_for(timeout=20_000)
    page.screenshot(path=str(ARTIFACTS / "meeting-next-opens-with-orders.png"))
    context.close()
