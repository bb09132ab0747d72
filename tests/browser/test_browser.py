"""The app as a person sees it: a real Streamlit server and Debian's Chromium driven by Playwright.

Screenshots go to tests/artifacts/ (git-ignored) so they can be looked at after a run.
"""

from __future__ import annotations

import re

import pytest

from helpers.browser import ARTIFACTS, sign_in, start_app


@pytest.fixture(scope="module")
def server(demo_db):
    process, url = start_app(demo_db)
    yield url
    process.terminate()
    process.wait(timeout=20)




def open_page(browser, url: str, heading: str, width: int = 1400, height: int = 2200,
              account: tuple[str, str] = ("demo.admin", "demo-admin-pass")):
    """Open ``url`` in a new browser session: sign in first, then the app opens the page that was asked for."""
    page = browser.new_page(viewport={"width": width, "height": height}, locale="th-TH")
    page.goto(url)
    page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
    sign_in(page, *account)
    page.get_by_role("heading", name=heading, exact=True).wait_for(timeout=30_000)  # "รายงาน" is in subheadings too
    page.wait_for_load_state("networkidle")
    return page


def test_a_deep_link_works_as_the_first_request_to_a_fresh_server(server, browser):
    # Must stay the first test of this module: the server has not served anyone yet.
    page = open_page(browser, f"{server}/calendar?unit=DEMO-02&fy=2570", "ปฏิทินการประเมิน ITA")
    assert "สถานีตำรวจภูธรบ้านนาดี" in page.locator("[data-testid='stMain']").inner_text()
    page.close()


def test_overview_shows_ten_lights_in_chromium(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, f"{server}/?unit=DEMO-04&fy=2569&as_of=2026-04-20", "ภาพรวมการประเมิน ITA", height=1600)
    main = page.locator("[data-testid='stMain']")
    expanders = main.locator("[data-testid='stExpander']")
    expanders.nth(9).wait_for(timeout=15_000)  # the page streams in: wait for the tenth light
    assert expanders.count() == 10
    for number, name in [(1, "การปฏิบัติหน้าที่"), (4, "การใช้ทรัพย์สินของราชการ"), (7, "ประสิทธิภาพการสื่อสาร"),
                         (10, "การป้องกันการทุจริต")]:
        assert expanders.nth(number - 1).locator("summary").inner_text().strip().endswith(f"{number}. {name}")
    # each light is a Material Symbols icon in the summary, drawn by the font Streamlit serves (no emoji)
    icons = expanders.locator("summary [data-testid='stIconMaterial']")
    assert icons.count() >= 10
    font = icons.first.evaluate("e => getComputedStyle(e).fontFamily")
    assert "Material Symbols" in font
    assert main.locator("[data-testid='stException']").count() == 0
    expanders.first.locator("summary").click()
    expanders.first.get_by_text("เลยกำหนด").first.wait_for(timeout=10_000)
    page.screenshot(path=str(ARTIFACTS / "overview.png"))
    page.close()


def test_framework_page_in_chromium(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, f"{server}/framework?unit=DEMO-01&fy=2570", "กรอบการประเมิน ITA")
    # Streamlit streams the page in after the heading: wait for each thing before judging it
    for number, name in [(1, "การปฏิบัติหน้าที่"), (5, "การแก้ไขปัญหาการทุจริต"), (8, "การปรับปรุงระบบการทำงาน"),
                         (10, "การป้องกันการทุจริต")]:
        page.get_by_text(f"{number}. {name}").first.wait_for(timeout=15_000)
    page.get_by_text("อนุมานจากปีก่อน").first.wait_for(timeout=15_000)
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "framework-police.png"))

    # choose the immigration unit the way a person does: open the dropdown, click the option
    page.get_by_label("หน่วย", exact=True).click()  # the framework page also has "เฉพาะหน่วยนี้" …
    page.get_by_role("option", name="ตม.จว.ตัวอย่าง").click()
    page.get_by_text("ตรวจคนเข้าเมืองจังหวัดตัวอย่าง · ปีงบประมาณ พ.ศ. 2570").wait_for(timeout=15_000)
    assert "unit=DEMO-IM" in page.url
    page.get_by_text("โควตา EIT แยกตามสายงาน").wait_for(timeout=15_000)
    page.screenshot(path=str(ARTIFACTS / "framework-immigration.png"))
    page.close()


def test_overview_at_phone_width(server, browser):
    page = open_page(browser, f"{server}/?unit=DEMO-03&fy=2570", "ภาพรวมการประเมิน ITA", width=390, height=2400)
    assert page.locator("[data-testid='stException']").count() == 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is {width}px wide on a 390px screen"
    page.screenshot(path=str(ARTIFACTS / "overview-phone.png"))
    page.close()


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory, templates):
    """A server on a demo database of its own (the flow below saves)."""
    import datetime as dt

    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{tmp_path_factory.mktemp('flow') / 'ita.db'}"
    store = SqlStore(url)
    build_demo(store, templates, dt.date(2026, 11, 21))
    store.close()
    process, address = start_app(url)
    yield address
    process.terminate()
    process.wait(timeout=20)




def test_section_head_reports_from_a_phone_and_the_chief_sees_it(writable_server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    note = "<script>alert(1)</script> **bold**"
    dialogs = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="th-TH")
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(writable_server)
    page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
    sign_in(page, "demo.head", "demo-head-pass")
    page.get_by_role("heading", name="รายงานผลของสายงาน").wait_for(timeout=30_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    card = page.locator("[data-testid='stForm']").filter(has=page.get_by_role("slider")).first
    card.get_by_role("radio", name="อยู่ระหว่างดำเนินการ", exact=True).tap()
    track = card.locator("[data-testid='stSlider'] [role='group'] > div[data-orientation='horizontal']").first
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2)
    card.get_by_label("ลิงก์หลักฐาน (ไม่บังคับ").tap()  # tapped and typed, as a person does on a phone
    page.keyboard.type("https://demo.example.go.th/evidence/1")
    card.get_by_label("บันทึก (ไม่บังคับ").tap()
    page.keyboard.type(note)
    card.get_by_role("button", name="บันทึก", exact=True).tap()
    page.get_by_text(re.compile(r"บันทึก \S+ แล้ว: อยู่ระหว่างดำเนินการ")).first.wait_for(timeout=15_000)
    page.screenshot(path=str(ARTIFACTS / "phone-section-head.png"))

    page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_role("button", name="ออกจากระบบ").click()
    page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=15_000)

    page.set_viewport_size({"width": 1280, "height": 1800})
    sign_in(page, "demo.chief", "demo-chief-pass")
    page.get_by_role("heading", name="ภาพรวมการประเมิน ITA").wait_for(timeout=30_000)
    page.get_by_role("heading", name="รายงานล่าสุด").wait_for()
    page.get_by_text(note).first.wait_for(timeout=15_000)
    latest = page.locator("[data-testid='stMain']").inner_text()
    head = "พ.ต.ต.ปิยะ นาคสวัสดิ์"  # the head of งานอำนวยการ of DEMO-01: a name with rank, not the username
    assert head in latest and "demo.head" not in latest and "60%" in latest
    assert note in latest  # shown literally: no script ran, no bold
    assert page.locator("[data-testid='stMain'] strong", has_text="bold").count() == 0
    page.get_by_role("heading", name="รายงานล่าสุด").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "chief-overview-latest.png"))

    page.get_by_role("link", name="ประวัติการแก้ไข").click()
    page.get_by_role("heading", name="ประวัติการแก้ไข").wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    grid = page.locator("[data-testid='stDataFrame']")
    grid.wait_for()
    page.locator("[data-testid='stDataFrame'] [role='gridcell']", has_text=head).first.wait_for(state="attached", timeout=15_000)
    cells = page.locator("[data-testid='stDataFrame'] [role='gridcell']").all_inner_texts()
    assert head in cells and note in cells and "อยู่ระหว่างดำเนินการ" in cells
    page.screenshot(path=str(ARTIFACTS / "chief-history.png"))
    assert dialogs == []
    context.close()


def test_two_app_servers_on_one_postgresql_see_each_others_saves(pg_url, templates, browser):
    """Two Streamlit processes behind one database (the Deployment set-up): a report saved through one is on the
    other's overview at its next load, because every cache is keyed by the database's change counter."""
    import datetime as dt

    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    store = SqlStore(pg_url)
    build_demo(store, templates, dt.date(2026, 11, 21))
    store.close()
    first, first_url = start_app(pg_url)
    second, second_url = start_app(pg_url)
    try:
        chief = open_page(browser, second_url, "ภาพรวมการประเมิน ITA", account=("demo.chief", "demo-chief-pass"))
        note = "saved through the first server"
        assert note not in chief.locator("[data-testid='stMain']").inner_text()  # warms the second server's caches

        head = open_page(browser, first_url, "รายงานผลของสายงาน", width=390, height=844,
                         account=("demo.head", "demo-head-pass"))
        card = head.locator("[data-testid='stForm']").filter(has=head.get_by_role("slider")).first
        card.get_by_role("button", name="เสร็จแล้ว").wait_for(timeout=15_000)
        card.get_by_label("บันทึก (ไม่บังคับ").click()
        head.keyboard.type(note)
        card.get_by_role("button", name="เสร็จแล้ว").click()  # one tap: finished, 100 %, with the note typed
        head.get_by_text(re.compile(r"บันทึก \S+ แล้ว: ดำเนินการแล้วเสร็จ 100%")).first.wait_for(timeout=15_000)
        head.screenshot(path=str(ARTIFACTS / "two-servers-saved.png"))

        chief.get_by_role("link", name="ติดตามรายเดือน").click()  # the next load, in the same session
        chief.get_by_role("heading", name="ติดตามผลรายเดือน").wait_for(timeout=30_000)
        chief.get_by_role("link", name="ภาพรวม").click()
        chief.get_by_role("heading", name="ภาพรวมการประเมิน ITA").wait_for(timeout=30_000)
        chief.get_by_text(note).first.wait_for(timeout=15_000)
        assert "ดำเนินการแล้วเสร็จ 100%" in chief.locator("[data-testid='stMain']").inner_text()
        chief.close()
        head.close()
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=20)


def test_import_page_with_last_years_plan_in_chromium(writable_server, browser, tmp_path):
    """A chief uploads last year's plan (a Word table pasted into Excel, FY 2568 dates) into FY 2570: the page
    stops it with the offer to move the dates, and after "move" shows them in 2570 (issue 14)."""
    from helpers.plans import seed_rows, word_table

    ARTIFACTS.mkdir(exist_ok=True)
    path = tmp_path / "แผนปีที่แล้ว.xlsx"
    path.write_bytes(word_table(seed_rows("001")))
    page = open_page(browser, f"{writable_server}/import_plan?unit=DEMO-01&fy=2570", "นำเข้าแผนมาตรการ", height=2600,
                     account=("demo.chief", "demo-chief-pass"))
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(path))
    page.get_by_text("ปีงบประมาณ 2568 ไม่ใช่ 2570", exact=False).first.wait_for(timeout=30_000)
    from playwright.sync_api import expect

    commit = page.get_by_role("button", name="นำเข้า", exact=True)
    expect(commit).to_be_disabled(timeout=30_000)
    page.get_by_text("เลื่อนทุกวันที่ไป 2 ปี", exact=False).click()
    page.get_by_text("เลื่อนวันที่กำหนดเสร็จทั้งหมดไป 2 ปีแล้ว").wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid='stException']").count() == 0
    expect(commit).to_be_enabled(timeout=30_000)  # the page reruns: wait for the new button, not the stale one
    page.screenshot(path=str(ARTIFACTS / "import-last-year.png"), full_page=True)
    page.close()


def test_every_report_download_on_the_reports_page_arrives(server, browser):
    """A download button's callable runs later on a server thread, outside the user's session: the files must still
    arrive (they once failed with "no user is signed in" and the browser received nothing)."""
    page = open_page(browser, f"{server}/reports?unit=DEMO-01&fy=2570", "รายงาน",
                     account=("demo.chief", "demo-chief-pass"))
    expected = {"download_summary": b"%PDF", "download_results_pdf": b"%PDF", "download_results_xlsx": b"PK",
                "download_results_docx": b"PK", "download_monthly_pdf": b"%PDF"}
    for key, magic in expected.items():
        with page.expect_download(timeout=90_000) as info:
            page.locator(f".st-key-{key} button").click()
        with open(info.value.path(), "rb") as handle:
            assert handle.read(4).startswith(magic), key
    page.close()
