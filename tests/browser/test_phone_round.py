"""The phone round in two minutes (issue 17), measured in Chromium at 390×844: a section head with 8 due measures
reports status and percent on every one in at most 24 taps and no typing; with a one-line note on each, in the typed
characters plus at most 24 taps. Screenshots in tests/artifacts/phone-round-*.png."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, update

from helpers.browser import ARTIFACTS, sign_in, start_app
from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import due_months
from ita_dash.domain.model import Actor
from ita_dash.domain.thaidate import today_bangkok

TAP_BUDGET = 24
ROUND = 8  # due measures in the round


def _clear_this_month(url: str) -> list[str]:
    """Make the round of DEMO-01's งานอำนวยการ this month exactly ROUND measures, whatever the month: the first
    ROUND due measures lose this month's report, every other due measure has one. Returns the ROUND codes."""
    from ita_dash.domain.entries import FollowUpEntry
    from ita_dash.domain.model import FollowUpStatus
    from ita_dash.store.sql import SqlStore
    from ita_dash.store.tables import FollowUpRow, MeasureRow, MetaRow, UnitVersionRow

    store = SqlStore(url)
    actor = Actor.system("test")
    month = Month.of(today_bangkok())
    data = store.load_unit_year(actor, "DEMO-01", 2570)
    due = [m.code for m in data.measures if m.owner_section == "admin" and not m.retired
           and month in due_months(m, 2570, data.year.plan_start)]
    assert len(due) >= ROUND, f"the demo has only {len(due)} due measures of งานอำนวยการ in {month}"
    # the round the budget is set for: measures under way, whose last report (pre-filled) is "in progress"
    latest = {}
    for report in sorted(data.follow_ups, key=lambda f: f.month):
        if report.month < str(month):
            latest[report.measure_code] = report.status
    due.sort(key=lambda code: latest.get(code) is not FollowUpStatus.IN_PROGRESS)
    for code in due[ROUND:]:
        if store.follow_up(actor, "DEMO-01", 2570, code, str(month)) is None:
            store.save_follow_up(actor, "DEMO-01", 2570, FollowUpEntry(code, str(month), FollowUpStatus.DONE, 100))
    with store.engine.begin() as connection:
        ids = select(MeasureRow.id).where(MeasureRow.unit_code == "DEMO-01", MeasureRow.fiscal_year == 2570,
                                          MeasureRow.code.in_(due[:ROUND]))
        connection.execute(delete(FollowUpRow).where(FollowUpRow.measure_id.in_(ids), FollowUpRow.month == str(month)))
        moved_to = connection.execute(update(MetaRow).where(MetaRow.key == "data_version")
                                      .values(value=MetaRow.value + 1).returning(MetaRow.value)).scalar_one()
        # as the store's own writes do: the unit's counter moves to the new data version, so the app's per-unit
        # caches read it again
        connection.execute(update(UnitVersionRow).where(UnitVersionRow.unit_code == "DEMO-01")
                           .values(version=moved_to))
    store.close()
    return due[:ROUND]


@pytest.fixture(scope="module")
def round_server(tmp_path_factory, templates):
    from ita_dash.store.demo import build_demo
    from ita_dash.store.sql import SqlStore

    url = f"sqlite:///{tmp_path_factory.mktemp('round') / 'ita.db'}"
    store = SqlStore(url)
    build_demo(store, templates, today_bangkok())
    store.close()
    process, address = start_app(url)
    yield url, address
    process.terminate()
    process.wait(timeout=20)


class Phone:
    """A section head's phone that counts taps and typed characters."""

    def __init__(self, browser, address: str):
        self.context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                           locale="th-TH")
        self.page = self.context.new_page()
        self.taps = 0
        self.typed = 0
        self.page.goto(address)
        self.page.get_by_role("heading", name="เข้าสู่ระบบ").wait_for(timeout=30_000)
        sign_in(self.page, "demo.head", "demo-head-pass")
        self.page.get_by_role("heading", name="รายงานผลของสายงาน").wait_for(timeout=30_000)
        self.page.wait_for_load_state("networkidle")

    def card(self):
        return self.page.locator("[data-testid='stForm']").filter(has=self.page.get_by_role("slider"))

    def tap(self, locator) -> None:
        locator.scroll_into_view_if_needed()
        locator.tap()
        self.taps += 1

    def tap_slider_at(self, share: float) -> None:
        track = self.card().locator("[data-testid='stSlider'] [role='group'] > div[data-orientation='horizontal']").first
        track.scroll_into_view_if_needed()
        box = track.bounding_box()
        self.page.touchscreen.tap(box["x"] + box["width"] * share, box["y"] + box["height"] / 2)
        self.taps += 1

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.typed += len(text)

    def saved(self, code: str) -> None:
        try:
            self.page.get_by_test_id("stAlertContentSuccess").get_by_text(f"บันทึก {code} แล้ว").wait_for(timeout=20_000)
        except Exception:
            self.page.screenshot(path=str(ARTIFACTS / "phone-round-failed.png"), full_page=True)
            raise

    def next_card(self, previous: str) -> None:
        """Wait until the round has opened the next measure (the fragment's rerun has finished drawing)."""
        for _ in range(100):
            if self.page.locator("[data-stale='true']").count() == 0 and _open_code(self) != previous:
                return
            self.page.wait_for_timeout(200)
        raise AssertionError(f"the round did not move on from {previous}")

    def close(self) -> None:
        self.context.close()


def _open_code(phone: Phone) -> str:
    return phone.card().locator("strong").first.inner_text().strip()


def _stored(url: str, codes: list[str]):
    from ita_dash.store.sql import SqlStore

    store = SqlStore(url)
    month = str(Month.of(today_bangkok()))
    found = {c: store.follow_up(Actor.system("test"), "DEMO-01", 2570, c, month) for c in codes}
    store.close()
    return found


@pytest.mark.parametrize("with_notes", [False, True], ids=["status-and-percent", "with-a-note-each"])
def test_eight_due_measures_within_the_tap_budget(round_server, browser, with_notes):  # noqa: F811
    url, address = round_server
    due = _clear_this_month(url)
    ARTIFACTS.mkdir(exist_ok=True)
    phone = Phone(browser, address)
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    phone.page.screenshot(path=str(ARTIFACTS / f"phone-round-start-{int(with_notes)}.png"))
    done = []
    notes = {}
    for step in range(ROUND):
        code = _open_code(phone)
        assert code in due and code not in done, (code, done)
        card = phone.card()
        chip = card.get_by_role("radio", name="อยู่ระหว่างดำเนินการ", exact=True)
        if chip.get_attribute("aria-checked") != "true":  # pre-filled from last month: no tap needed
            phone.tap(chip)
        phone.tap_slider_at(0.6)
        if with_notes:
            notes[code] = f"ดำเนินการตามแผนครั้งที่ {step + 1}"
            phone.tap(card.get_by_label("บันทึก (ไม่บังคับ"))
            phone.type(notes[code])
        phone.tap(card.get_by_role("button", name="บันทึก", exact=True))
        phone.saved(code)
        if step < ROUND - 1:
            phone.next_card(code)
        if step == 0:
            phone.page.screenshot(path=str(ARTIFACTS / f"phone-round-saved-{int(with_notes)}.png"))
        done.append(code)
    phone.page.get_by_text("รายงานครบทุกมาตรการที่ต้องรายงานเดือนนี้แล้ว").wait_for(timeout=20_000)
    phone.page.screenshot(path=str(ARTIFACTS / f"phone-round-finished-{int(with_notes)}.png"))
    stored = _stored(url, due)
    assert all(r is not None and r.status.value == "in_progress" and r.percent == 60 for r in stored.values()), {
        c: (r and (r.status.value, r.percent, r.note)) for c, r in stored.items()}
    if with_notes:
        assert {c: r.note for c, r in stored.items()} == notes
        assert phone.taps <= TAP_BUDGET, (phone.taps, phone.typed)
    else:
        assert phone.typed == 0 and phone.taps <= TAP_BUDGET, phone.taps
    print(f"phone round, notes={with_notes}: {phone.taps} taps, {phone.typed} characters typed")
    phone.close()
