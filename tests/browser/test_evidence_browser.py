"""A photo attached from a 390-px phone in Chromium (issue 15): the chief picks a file on the results-report tab,
gives a caption and attaches it; the thumbnail appears and the stored picture has no EXIF."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from helpers.browser import ARTIFACTS, sign_in, start_app
from ita_dash.domain.model import Actor
from ita_dash.store.sql import SqlStore


@pytest.fixture(scope="module")
def app_and_database(tmp_path_factory, templates):
    """A server on a demo database of its own (the test saves), and that database's URL."""
    import datetime as dt

    from ita_dash.store.demo import build_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('evidence') / 'ita.db'}"
    store = SqlStore(url)
    build_demo(store, templates, dt.date(2026, 11, 21))
    store.close()
    process, address = start_app(url)
    yield address, url
    process.terminate()
    process.wait(timeout=20)


def phone_photo() -> bytes:
    image = Image.new("RGB", (1600, 1200), (200, 160, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def test_a_photo_from_a_phone_reaches_the_report(app_and_database, browser, tmp_path):
    address, database = app_and_database
    ARTIFACTS.mkdir(exist_ok=True)
    picture = tmp_path / "sign.jpg"
    picture.write_bytes(phone_photo())
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="th-TH")
    page = context.new_page()
    page.goto(f"{address}/manage?unit=DEMO-01&fy=2570")
    page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=60_000)
    sign_in(page, "demo.chief", "demo-chief-pass")
    page.get_by_role("heading", name="จัดการข้อมูลหน่วย").wait_for(timeout=60_000)
    page.get_by_role("tab", name="รายงานผล O25").click()
    page.get_by_text("ภาพประกอบ", exact=True).wait_for(timeout=30_000)
    page.locator("input[type=file]").first.set_input_files(str(picture))
    page.get_by_text("sign.jpg").wait_for(timeout=30_000)
    page.get_by_placeholder("เช่น ป้าย No Gift Policy หน้าห้องรับแจ้งความ").fill("ป้ายทดสอบจากโทรศัพท์")
    page.get_by_role("button", name="แนบภาพ").click()
    page.get_by_text("แนบภาพแล้ว").wait_for(timeout=30_000)
    page.get_by_role("button", name="ลบภาพ").first.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "evidence-phone.png"), full_page=True)
    context.close()

    store = SqlStore(database)
    photos = [p for p in store.list_photos(Actor.system("t"), "DEMO-01", 2570) if p.caption == "ป้ายทดสอบจากโทรศัพท์"]
    assert [p.uploaded_by for p in photos] == ["demo.chief"]
    stored = Image.open(io.BytesIO(store.photo_contents(Actor.system("t"), "DEMO-01", 2570, [photos[0].id])[photos[0].id]))
    assert not stored.getexif() and max(stored.size) == 1600
    store.close()
