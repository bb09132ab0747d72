"""No request leaves the server's own host when a page is drawn (issue 35 item 10): every page of the administrator's
and the chief's menu, the sign-in form and the meeting screen, in Chromium, with every request the browser makes
recorded. A request to any other host is refused (so a machine with internet sends nothing out) and fails the test:
on a closed government network it would break, and it tells an outside host who is looking. The Material Symbols
icons still draw, from the font Streamlit serves itself."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from helpers.browser import ARTIFACTS, settled, sign_in, start_app
from helpers.databases import copy_database
from ita_dash.domain.model import Role
from ita_dash.domain.pages import seen_by

ACCOUNTS = {Role.ADMIN: ("demo.admin", "demo-admin-pass"), Role.CHIEF: ("demo.chief", "demo-chief-pass")}
# The Material icons shown (one in a closed tab is not drawn): each is one glyph about as wide as it is tall, where
# its ligature name drawn as text ("calendar_view_month") would be many times wider.
ICONS = """() => [...document.querySelectorAll("[data-testid='stIconMaterial']")].filter(e => e.checkVisibility())
                 .map(e => [e.innerText, e.getBoundingClientRect().width, e.getBoundingClientRect().height])"""


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    process, url = start_app(copy_database(demo_db, tmp_path_factory.mktemp("offline") / "ita.db"))
    yield url
    process.terminate()
    process.wait(timeout=20)


def _icons_drawn(page, where: str) -> None:
    icons = page.evaluate(ICONS)
    assert icons, f"{where}: no Material icon shown"
    for name, width, height in icons:
        assert 0 < width <= 1.5 * height, f"{where}: the icon {name!r} is drawn {width:.0f} px wide, {height:.0f} high"
    assert page.evaluate("document.fonts.check('24px \"Material Symbols Rounded\"')"), where
    favicon = page.evaluate("document.querySelector(\"link[rel='shortcut icon']\").href")
    assert favicon.startswith("data:image/svg+xml"), f"{where}: the tab's icon is {favicon[:80]}, not ours"
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Material Symbols" in family for family in loaded), f"{where}: the icon font is not loaded: {loaded}"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.CHIEF], ids=["admin", "chief"])
def test_every_page_is_drawn_from_the_apps_own_host(server, browser, role):
    own = urlsplit(server).netloc
    context = browser.new_context(viewport={"width": 1400, "height": 1600}, locale="th-TH")
    requests: list[tuple[str, str]] = []  # (what the browser was on, the address it asked for)
    where = ["sign-in"]

    def record(request):
        requests.append((where[0], request.url))

    def nothing_went_out():
        outside = sorted({(seen, url) for seen, url in requests
                          if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).netloc != own})
        assert not outside, f"requests to another host than {own}: {outside}"

    def only_our_host(route):
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            route.abort()  # recorded already; nothing goes out even from a machine on the internet

    context.on("request", record)
    context.route("**/*", only_our_host)
    page = context.new_page()
    page.goto(f"{server}/?unit=DEMO-01&fy=2570")
    page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
    settled(page)
    sign_in(page, *ACCOUNTS[role])
    page.get_by_role("heading", name="ภาพรวมการประเมิน ITA").wait_for(timeout=30_000)
    settled(page)
    for _ in range(100):  # the 1-pixel image that brings the session cookie comes with the first signed-in page
        if any(cookie["name"] == "ita_session" for cookie in context.cookies()):
            break
        page.wait_for_timeout(100)
    stems = [spec.stem for spec in seen_by(role)]
    for stem in stems:
        where[0] = stem
        page.goto(f"{server}/{stem}?unit=DEMO-01&fy=2570")  # a typed address: the whole page loaded again
        page.locator("[data-testid='stSidebarNav']").wait_for(timeout=30_000)
        settled(page)
        assert page.get_by_role("heading", name="เข้าสู่ระบบ").count() == 0, stem
        assert page.locator("[data-testid='stException']").count() == 0, stem
        nothing_went_out()
        _icons_drawn(page, stem)
    where[0] = "meeting"
    page.goto(f"{server}/?unit=DEMO-01&fy=2570&meeting=1")
    page.get_by_role("heading", name="ข้อสั่งการครั้งก่อน", exact=True).wait_for(timeout=30_000)
    settled(page)
    page.screenshot(path=str(ARTIFACTS / f"offline-{role.value}.png"))
    context.close()
    nothing_went_out()
    assert set(stems) <= {seen for seen, _ in requests}  # every page was loaded and its requests recorded
