"""Issue 34, item 4: the section head is shown first what is overdue, whatever month the round opens on.

On 7 ธ.ค. 2569 the phone round opens on December; the demo's administration section (demo.head) has not reported
some of its November measures, which keeps the chief's page red. The page says so above the month picker and opens
November's round from there; once they are reported the notice is gone."""

import datetime as dt

from streamlit.testing.v1 import AppTest

from helpers.app import make_app
from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import SectionMonthStatus, overdue_months
from ita_dash.domain.model import Actor
from ita_dash.store.sql import SqlStore

DAY = dt.date(2026, 12, 7)  # November's reports were due on 5 ธ.ค.
NOVEMBER = Month(2026, 11)
SYSTEM = Actor.system("test")


def walk(node):
    """Every element under ``node``, in the order the page draws them."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for child in children.values():
        yield from walk(child)


def november_owed(url: str) -> tuple[str, ...]:
    """The measures the demo's administration section has not reported for November (the demo decides which)."""
    store = SqlStore(url)
    data = store.load_unit_year(SYSTEM, "DEMO-01", 2570)
    store.close()
    [late] = overdue_months(data, "admin", DAY)
    return late.missing


def test_the_overdue_months_of_a_section(writable_db):
    store = SqlStore(writable_db)
    data = store.load_unit_year(SYSTEM, "DEMO-01", 2570)
    store.close()
    [late] = overdue_months(data, "admin", DAY)  # October is in, December not due yet
    assert late.month == NOVEMBER and late.status is SectionMonthStatus.PARTIAL
    assert late.missing and set(late.missing) == set(late.due) - set(late.received)
    assert overdue_months(data, "admin", dt.date(2026, 12, 5)) == []  # still inside November's grace days


def open_page(monkeypatch, url) -> AppTest:
    monkeypatch.setenv("ITA_TODAY", DAY.isoformat())
    app = make_app(monkeypatch, url, user="demo.head")
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_overdue_month_comes_before_the_month_picker_and_opens_its_round(monkeypatch, writable_db):
    owed = november_owed(writable_db)
    app = open_page(monkeypatch, writable_db)
    picker = app.selectbox(key="my_section_month")
    assert picker.value == Month(2026, 12)  # the round opens on December…
    drawn = list(walk(app.main))
    notice = next(i for i, e in enumerate(drawn) if getattr(e, "type", "") == "error"
                  and f"ค้างรายงาน {len(owed)} มาตรการ" in e.value)
    assert notice < drawn.index(next(e for e in drawn if getattr(e, "key", None) == "my_section_month"))
    assert any(f"เดือน พ.ย. 2569: ยังไม่รายงาน {len(owed)} จาก" in c.value and ", ".join(owed) in c.value
               and "กำหนดส่ง 5 ธ.ค. 2569" in c.value for c in app.caption)

    # …and one tap opens November's round on a measure still owed
    next(b for b in app.button if b.label == "รายงานเดือน พ.ย. 2569").click().run()
    assert not app.exception, app.exception
    assert app.selectbox(key="my_section_month").value == NOVEMBER
    opened = next(s.key for s in app.slider if s.key and s.key.startswith("pc|")).removeprefix("pc|")
    assert opened.endswith("|2026-11") and opened.split("|")[0] in owed
    assert any("กำลังแสดงเดือนนี้" in c.value for c in app.caption)

    # reporting the measures owed clears the notice on the same page
    for _ in owed:
        opened = next(s.key for s in app.slider if s.key and s.key.startswith("pc|")).removeprefix("pc|")
        next(b for b in app.button if b.key == f"fin|{opened}").click().run()
        assert not app.exception, app.exception
    assert not any("ค้างรายงาน" in e.value for e in app.error)
    assert not any(b.label.startswith("รายงานเดือน ") for b in app.button)


def test_nothing_overdue_shows_no_notice(monkeypatch, writable_db):
    monkeypatch.setenv("ITA_TODAY", "2026-11-21")
    app = make_app(monkeypatch, writable_db, user="demo.head")
    app.run()
    assert not app.exception, app.exception
    assert not any("ค้างรายงาน" in e.value for e in app.error)
