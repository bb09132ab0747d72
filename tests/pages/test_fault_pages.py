"""Issue 35, item 8, as a person sees it: on a full disk the app still opens and reads, and a save says in Thai that
it was not kept and why; when the database dies under a save, the same, and the next save goes through."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.app import button, make_app, shown
from helpers.faults import dies_on_write, full_disk
from ita_dash.store.sql import SqlStore
from ita_dash.store.sql.faults import DOWN, FULL
from ita_dash.ui.errors import MESSAGE

GENERIC = MESSAGE.split("{code}")[0].strip()


def _engines_of(monkeypatch, url: str) -> list:
    """Every engine the app makes for ``url`` from now on (a fault is injected once the app has opened)."""
    import ita_dash.store.sql.core as core

    made: list = []
    original = core.make_engine

    def make_engine(address):
        engine = original(address)
        if address == url:
            made.append(engine)
        return engine

    monkeypatch.setattr(core, "make_engine", make_engine)
    return made


def _open_as_head(monkeypatch, url: str):
    """The section head, signed in through a real session last seen two minutes ago (so this run records it)."""
    store = SqlStore(url)
    session_id, _ = store.open_sign_in_session("demo.head", now=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2))
    store.close()
    app = make_app(monkeypatch, url, None)
    app.session_state["_session_id"] = session_id
    return app


def _shown(app) -> str:
    return "\n".join(shown(e.value) for e in app.error)


def test_on_a_full_disk_the_app_opens_and_reads_and_a_save_says_it_was_not_kept(writable_db, monkeypatch):
    app = _open_as_head(monkeypatch, writable_db)
    made = _engines_of(monkeypatch, writable_db)
    app.run()  # the app's engine is made here; from now on the disk is full
    (engine,) = made
    full_disk(engine)
    app.run()
    assert not app.exception and GENERIC not in _shown(app), _shown(app)
    assert app.title[0].value == "รายงานผลของสายงาน"  # reads: the session's "last seen" could not be recorded
    button(app, "บันทึก").click().run()
    assert not app.exception
    assert "บันทึกครั้งนี้ไม่ถูกเก็บ" in _shown(app) and FULL in _shown(app), _shown(app)
    assert GENERIC not in _shown(app)
    assert not app.success


@pytest.mark.postgres
def test_when_the_database_dies_under_a_save_the_page_says_so_and_the_next_save_works(pg_url, templates,
                                                                                         monkeypatch):
    from ita_dash.store.demo import build_demo

    built = SqlStore(pg_url)
    build_demo(built, templates, dt.date(2026, 11, 21))
    built.close()
    app = _open_as_head(monkeypatch, pg_url)
    made = _engines_of(monkeypatch, pg_url)
    app.run()
    (engine,) = made
    ended = dies_on_write(engine)
    button(app, "บันทึก").click().run()
    assert ended and not app.exception
    assert "บันทึกครั้งนี้ไม่ถูกเก็บ" in _shown(app) and DOWN in _shown(app), _shown(app)
    button(app, "บันทึก").click().run()
    assert not app.exception and not app.error, _shown(app)
    assert app.success
