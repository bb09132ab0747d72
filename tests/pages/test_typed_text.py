"""Every name a user typed is shown as text, never as Markdown or HTML (issue 35 item 5).

A chief could name a section ``[คลิก](https://evil.example)``: the overview, the quotas page (its lights and the EIT
section bars, a plotly figure that draws ``<a href>``) and the meeting screen (``st.table``, whose cells are Markdown)
showed a live link to another site. Here Markdown and HTML are typed into every free-text field the domain declares
(``tests/helpers/payloads.py``) and every page is walked as every role that sees it, every tab of the manage page
and every topic of the meeting screen: no Markdown a page draws, no widget label or option, no table cell and no
plotly figure carries a payload unescaped. The printed outputs: ``tests/reports/test_typed_text_outputs.py``."""

from __future__ import annotations

import pytest

from helpers.app import ACCOUNTS, drawn, make_app
from helpers.payloads import DAY, NOT_FREE_TEXT, PAYLOAD, TYPED, declared_text_fields, markup_drawn, unescaped
from ita_dash.domain.framework import library
from ita_dash.domain.model import Actor
from ita_dash.domain.pages import PAGES, seen_by
from ita_dash.domain.thaidate import TODAY_SETTING
from ita_dash.store.sql import SqlStore


def test_every_declared_free_text_field_is_typed_into():
    """A free-text field declared in fields.py or measure_fields.py and not typed into by the walk fails here."""
    declared = declared_text_fields()
    assert declared - set(TYPED) - set(NOT_FREE_TEXT) == set(), "declared, not typed into: add it to TYPED"
    assert set(TYPED) | set(NOT_FREE_TEXT) <= declared, "typed into, no longer declared"


def test_the_payloads_are_stored_as_typed(typed_db):
    store, actor = SqlStore(typed_db), Actor.system("test")
    try:
        data = store.load_unit_year(actor, "DEMO-01", 2570)
        assert data.unit.name == data.unit.short_name == data.province.name == data.region.name == PAYLOAD
        assert all(s.head_name == PAYLOAD and PAYLOAD in s.name for s in data.sections)
        assert all(m.issue.startswith(PAYLOAD) and PAYLOAD in m.activity for m in data.measures)
        assert data.follow_ups and all(f.note.startswith(PAYLOAD) for f in data.follow_ups)
        book = store.load_orders(actor, "DEMO-01", 2570)
        assert book.orders and all(o.text.startswith(PAYLOAD) for o in book.orders)
        assert store.report_settings(actor, "DEMO-01", 2570).committee_order == PAYLOAD
        framework = store.framework_for(actor, data.unit, 2570, library())  # typed into the unit's own entries
        assert all(PAYLOAD in item.title for item in framework.oit_items)
        assert all(PAYLOAD in phase.name for phase in framework.calendar)
    finally:
        store.close()


def _raw(app) -> list[tuple[str, list[str], str]]:
    return [(kind, pieces, text[:120]) for kind, text in markup_drawn(app) if (pieces := unescaped(kind, text))]


@pytest.mark.parametrize("user", sorted(ACCOUNTS))  # an account of every role
def test_no_page_draws_typed_text_as_markdown_or_html(monkeypatch, typed_db, user):
    monkeypatch.setenv(TODAY_SETTING, DAY.isoformat())
    role = ACCOUNTS[user][0].role
    found = {}
    for spec in seen_by(role):
        app = make_app(monkeypatch, typed_db, user=user, unit="DEMO-01", fy="2570")
        app.switch_page(spec.path).run()
        assert not app.exception, (user, spec.stem, app.exception)
        assert drawn(app) == spec.stem, (user, spec.stem, drawn(app))
        if raw := _raw(app):
            found[spec.stem] = raw
        if spec.stem == "manage":  # only the open tab is drawn (issue 18): open each in turn
            for tab in [t.label for t in app.tabs][1:]:
                app.session_state["manage_tab"] = tab
                app.run()
                assert not app.exception, (user, tab, app.exception)
                if raw := _raw(app):
                    found[f"manage: {tab}"] = raw
    assert [spec.stem for spec in PAGES if spec.meeting and spec.seen_by(role)] == ["meeting"]
    meeting = make_app(monkeypatch, typed_db, user=user, unit="DEMO-01", fy="2570", meeting="1")
    meeting.run()
    assert drawn(meeting) == "meeting"
    seen = set()
    while (topic := meeting.session_state["meeting_topic"] if "meeting_topic" in meeting.session_state else 0) not in seen:
        seen.add(topic)
        assert not meeting.exception, (user, topic, meeting.exception)
        if raw := _raw(meeting):
            found[f"meeting topic {topic + 1}"] = raw
        meeting.button(key="meeting_next").click().run()
    assert len(seen) >= 8, seen
    assert found == {}, found
