"""From nothing to the first one-pager (issue 13), as a person does it in Chromium: the administrator imports the
units and the accounts in the browser and downloads the sign-in slips; a chief signs in with the password on their
slip, chooses their own, follows the checklist to import the plan and downloads the one-page summary.

The test counts the clicks and keystrokes and measures how long the app kept the person waiting (from each action to
what it brings up); ``tests/artifacts/first-hour.json`` holds the figures for docs/PERFORMANCE.md, and the screenshots
``first-hour-*.png`` are to be looked at. Nothing here asserts a time."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time

import pytest

from helpers.browser import ARTIFACTS, start_app
from helpers.onboarding_files import ACCOUNT_HEADER, account_rows, plan_xlsx, stations_xlsx, xlsx
from ita_dash.domain.accounts import User
from ita_dash.domain.fields import limit_of
from ita_dash.domain.model import Actor, Role
from ita_dash.store.sql import SqlStore
from ita_dash.ui.format import limited

ADMIN = ("admin.first", "first-admin-pass-1")


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory):
    """A server on a database holding nothing but its first administrator (as `setup --admin` leaves it)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('first-hour') / 'ita.db'}"
    store = SqlStore(url)
    store.add_user(Actor.system("test setup"), User(username=ADMIN[0], role=Role.ADMIN, display_name="ผู้ดูแลระบบ"),
                   ADMIN[1])
    store.close()
    process, address = start_app(url)
    yield address, url
    process.terminate()
    process.wait(timeout=20)


class Person:
    """Drives the page and counts what a person would do; ``waited`` sums how long the app took to answer."""

    def __init__(self, page):
        self.page, self.clicks, self.keys, self.waited = page, 0, 0, 0.0
        self.steps: list[tuple[str, float]] = []  # what the person waited for, and how long

    def nav(self, title: str):
        """The sidebar's link to a page, opening the list first when Streamlit has folded it ("View 4 more")."""
        nav = self.page.locator("[data-testid='stSidebarNav']")
        self.wait(nav)
        more = nav.get_by_text(re.compile(r"View \d+ more"))
        if more.count() and not nav.get_by_text(title, exact=True).count():
            self.click(more)
        link = nav.get_by_text(title, exact=True)
        self.wait(link)
        return link

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def type(self, locator, text: str) -> None:
        locator.click()
        locator.fill(text)
        self.clicks += 1
        self.keys += len(text)

    def idle(self) -> None:
        """Wait until the app has finished its run (Streamlit's "Running…" status is gone)."""
        started = time.perf_counter()
        self.page.wait_for_function("() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=90_000)
        self.waited += time.perf_counter() - started

    def upload(self, path, scope=None) -> None:
        """"Browse files", then the file in the dialog: two clicks. ``scope``: the open tab, when the page has tabs."""
        self.idle()
        (scope or self.page).locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(path))
        self.clicks += 2

    def wait(self, locator, timeout: float = 90_000, state: str = "visible") -> None:
        started = time.perf_counter()
        try:
            locator.wait_for(timeout=timeout, state=state)
        except Exception:
            self.page.screenshot(path=str(ARTIFACTS / "first-hour-failed.png"))
            raise
        self.waited += time.perf_counter() - started
        self.steps.append((str(locator).split("selector=", 1)[-1][:80], round(time.perf_counter() - started, 2)))

    def download(self, locator, path) -> None:
        started = time.perf_counter()
        with self.page.expect_download(timeout=90_000) as info:
            locator.click()
        info.value.save_as(str(path))
        self.clicks += 1
        self.waited += time.perf_counter() - started
        self.steps.append((f"download {path.name}", round(time.perf_counter() - started, 2)))

    def no_exception(self) -> None:
        assert self.page.locator("[data-testid='stException']").count() == 0


def test_from_nothing_to_the_first_one_pager(empty_server, browser, tmp_path):  # noqa: F811
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    address, url = empty_server
    ARTIFACTS.mkdir(exist_ok=True)
    units_file = tmp_path / "units.xlsx"
    units_file.write_bytes(stations_xlsx(broken=False))
    broken_file = tmp_path / "units-from-the-office.xlsx"
    broken_file.write_bytes(stations_xlsx(broken=True))
    accounts_file = tmp_path / "accounts.xlsx"
    chief_row = ["", "พ.ต.อ. ประเสริฐ ทดลองงาน", "หัวหน้าหน่วย", "SMT-01", "", "สมมุติ", "chief.smt01@example.invalid"]
    accounts_file.write_bytes(xlsx(ACCOUNT_HEADER, [chief_row, *account_rows(30)]))
    plan_file = tmp_path / "plan.xlsx"
    plan_file.write_bytes(plan_xlsx())
    started = time.perf_counter()

    # -- the administrator: units, then accounts -----------------------------------------------------------------
    admin_context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="th-TH", accept_downloads=True)
    page = admin_context.new_page()
    admin = Person(page)
    page.goto(address)
    admin.wait(page.get_by_role("heading", name="เข้าสู่ระบบ"))
    admin.type(page.get_by_label("ชื่อผู้ใช้"), ADMIN[0])
    admin.type(page.get_by_label("รหัสผ่าน"), ADMIN[1])
    admin.click(page.get_by_role("button", name="เข้าสู่ระบบ"))
    admin.wait(page.get_by_role("heading", name="ภาพรวมการประเมิน ITA").or_(page.get_by_text("ยังไม่มีหน่วยที่ดูได้")))
    admin.click(admin.nav("ตั้งค่าหน่วยงาน"))
    admin.wait(page.get_by_role("heading", name="ตั้งค่าหน่วยงาน"))
    # the list as it came from the office: one unknown kind, one code twice; the page says which rows
    admin.upload(broken_file, page.get_by_role("tabpanel"))
    admin.wait(page.get_by_text("แถวที่อ่านไม่ได้ 2 แถว"))
    assert page.get_by_role("button", name="นำเข้า").is_disabled()
    admin.idle()
    page.wait_for_timeout(3000)  # the table is drawn on a canvas after the run: let it paint before the picture
    page.screenshot(path=str(ARTIFACTS / "first-hour-0-units-problems.png"))
    admin.click(page.get_by_role("tabpanel").get_by_role("button", name=re.compile("Remove|ลบ")).first)
    admin.wait(page.get_by_text("แถวที่อ่านไม่ได้ 2 แถว"), state="detached")
    admin.upload(units_file, page.get_by_role("tabpanel"))
    admin.wait(page.get_by_text("ตัวอย่างก่อนนำเข้า (30 หน่วย)"))
    admin.wait(page.get_by_text("นำเข้าแล้วจะ: เพิ่ม 30 หน่วย"))
    page.screenshot(path=str(ARTIFACTS / "first-hour-1-units-preview.png"))
    admin.click(page.get_by_role("button", name="นำเข้า"))
    admin.wait(page.get_by_text(re.compile(r"นำเข้าแล้ว: เพิ่ม 30 หน่วย")))
    admin.no_exception()

    admin.click(page.get_by_role("tab", name="บัญชีผู้ใช้"))
    admin.upload(accounts_file, page.get_by_role("tabpanel"))
    admin.wait(page.get_by_text("ตัวอย่างก่อนนำเข้า (151 บัญชี)"))
    admin.wait(page.get_by_text(re.compile(r"นำเข้าแล้วจะ: เพิ่ม 151 บัญชี")))
    page.screenshot(path=str(ARTIFACTS / "first-hour-2-accounts-preview.png"))
    admin.click(page.get_by_role("tabpanel").get_by_role("button", name="นำเข้า"))
    slips = tmp_path / "slips.pdf"
    admin.download(page.get_by_role("button", name="ดาวน์โหลดใบแจ้งบัญชีผู้ใช้ (PDF)"), slips)
    page.screenshot(path=str(ARTIFACTS / "first-hour-3-slips.png"))
    admin.no_exception()
    admin.click(page.get_by_role("button", name="ออกจากระบบ"))
    admin_context.close()

    text = subprocess.run(["pdftotext", str(slips), "-"], capture_output=True, text=True, check=True).stdout
    names = re.findall(r"smt-\d\d\.\w+", text)
    secrets = re.findall(r"\b[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}\b", text)
    assert len(names) == len(secrets) == 151
    chief_password = dict(zip(names, secrets))["smt-01.chief"]
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(slips), str(ARTIFACTS / "first-hour-slips")],
                   check=True)

    # -- the chief: the slip's password, their own, the plan, the one-pager -----------------------------------------
    chief_context = browser.new_context(viewport={"width": 1400, "height": 1800}, locale="th-TH", accept_downloads=True)
    page = chief_context.new_page()
    chief = Person(page)
    page.goto(address)
    chief.wait(page.get_by_role("heading", name="เข้าสู่ระบบ"))
    chief.type(page.get_by_label("ชื่อผู้ใช้"), "smt-01.chief")
    chief.type(page.get_by_label("รหัสผ่าน"), chief_password)
    chief.click(page.get_by_role("button", name="เข้าสู่ระบบ"))
    chief.wait(page.get_by_role("heading", name="ตั้งรหัสผ่านของท่าน"))
    page.screenshot(path=str(ARTIFACTS / "first-hour-4-change-password.png"))
    own = "chief-own-password-2570"
    chief.type(page.get_by_label("รหัสผ่านใหม่", exact=True), own)
    chief.type(page.get_by_label("ยืนยันรหัสผ่านใหม่"), own)
    chief.click(page.get_by_role("button", name="บันทึกรหัสผ่าน"))
    chief.wait(page.get_by_role("heading", name="ภาพรวมการประเมิน ITA"))
    # the section heads came with the accounts file (issue 34): sections and heads is already done
    chief.wait(page.get_by_text("เริ่มต้นใช้งาน: 2 จาก 4 ขั้นตอน"))
    chief.wait(page.get_by_role("heading", name="รายงานล่าสุด"))
    chief.wait(page.get_by_role("button", name="พิมพ์สรุป 1 หน้า"))
    page.screenshot(path=str(ARTIFACTS / "first-hour-5-checklist.png"))
    chief.no_exception()

    # the sections came from the template, each head from the accounts file: the chief finds the names written in
    chief.click(page.get_by_role("link", name="ไปที่ตั้งค่าหน่วยงาน"))
    chief.wait(page.get_by_role("heading", name="ตั้งค่าหน่วยงาน"))
    heads = page.get_by_label(limited("ยศ ชื่อ สกุล หัวหน้าสายงาน", limit_of("head_name").chars), exact=True)
    chief.wait(heads.first)
    names = [heads.nth(index).input_value().strip() for index in range(heads.count())]
    assert names and all(names[:5]), names
    page.screenshot(path=str(ARTIFACTS / "first-hour-5b-sections.png"))
    chief.click(chief.nav("ภาพรวม"))
    chief.wait(page.get_by_text("เริ่มต้นใช้งาน: 2 จาก 4 ขั้นตอน"))

    chief.click(page.get_by_role("link", name="ไปที่นำเข้าแผนมาตรการ"))
    chief.wait(page.get_by_role("heading", name="นำเข้าแผนมาตรการ"))
    chief.upload(plan_file)
    chief.wait(page.get_by_text(re.compile(r"ตัวอย่างก่อนนำเข้า \(\d+ มาตรการ\)")))
    chief.click(page.get_by_role("button", name="นำเข้า"))
    chief.wait(page.get_by_text(re.compile(r"นำเข้าแล้ว: เพิ่ม \d+")))
    page.screenshot(path=str(ARTIFACTS / "first-hour-6-plan.png"))
    chief.no_exception()

    chief.click(chief.nav("ภาพรวม"))
    chief.wait(page.get_by_role("heading", name="ภาพรวมการประเมิน ITA"))
    chief.wait(page.get_by_text("เริ่มต้นใช้งาน: 3 จาก 4 ขั้นตอน"))
    summary = tmp_path / "summary.pdf"
    chief.download(page.get_by_role("button", name="พิมพ์สรุป 1 หน้า"), summary)
    page.screenshot(path=str(ARTIFACTS / "first-hour-7-overview.png"))
    chief.no_exception()
    chief_context.close()
    total = time.perf_counter() - started

    assert summary.read_bytes().startswith(b"%PDF")
    pages = subprocess.run(["pdfinfo", str(summary)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\b", pages)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(summary), str(ARTIFACTS / "first-hour-summary")], check=True)
    assert "ภูธรเมืองสมมุติ" in subprocess.run(["pdftotext", str(summary), "-"], capture_output=True, text=True).stdout

    # the slip's password is spent: a second use is refused
    store = SqlStore(url)
    from ita_dash.domain.accounts import SignInRefused

    with pytest.raises(SignInRefused):
        store.sign_in("smt-01.chief", chief_password)
    assert not store.sign_in("smt-01.chief", own).must_change_password
    store.close()

    figures = {"admin": {"clicks": admin.clicks, "keystrokes": admin.keys, "app_seconds": round(admin.waited, 1)},
               "chief": {"clicks": chief.clicks, "keystrokes": chief.keys, "app_seconds": round(chief.waited, 1)},
               "total_clicks": admin.clicks + chief.clicks, "total_keystrokes": admin.keys + chief.keys,
               "app_seconds": round(admin.waited + chief.waited, 1), "test_seconds": round(total, 1),
               "steps": {"admin": admin.steps, "chief": chief.steps}}
    (ARTIFACTS / "first-hour.json").write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures))
