"""Thai all the way (issue 17): every page, as every role that sees it (the page registry,
``ita_dash/domain/pages.py``), shows no English word — no ASCII word of three letters or more in its visible text —
other than codes (IIT, EIT, OIT, O1…, unit codes, ITA, ITAP, file formats) and the data people typed (measures, notes,
links, names). The meeting screen is walked in meeting mode, topic by topic."""


import pytest

from helpers.app import ACCOUNTS, WORD, drawn, english_words, make_app, texts_of
from ita_dash.domain.framework import library
from ita_dash.domain.model import Actor
from ita_dash.domain.pages import PAGES, seen_by
from ita_dash.store.sql import SqlStore


def _strings(value):
    """The string values (never the field names) inside a dumped record."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _user_words(url: str) -> set[str]:
    """Every ASCII word in what people typed or imported: the demo's measures, notes, links, names, templates."""
    store = SqlStore(url)
    system = Actor.system("test")
    corpus = []
    for unit in store.list_units(system):
        corpus += [unit.name, unit.short_name, unit.code]
        for year in store.fiscal_years(system, unit.code):
            data = store.load_unit_year(system, unit.code, year)
            corpus += [s for s in _strings(data.model_dump(mode="json")) if not s.isidentifier()]
            template = library().for_year(unit.kind, year)
            corpus += [s for s in _strings(template.model_dump(mode="json")) if not s.isidentifier()]
    corpus += [f"{u.username} {u.display_name} {u.email}" for u, _ in ACCOUNTS.values()]
    store.close()
    return set(WORD.findall(" ".join(corpus)))






@pytest.fixture(scope="module")
def allowed(roles_db):
    return _user_words(roles_db)


@pytest.mark.parametrize("user", sorted(ACCOUNTS))  # an account of every role
def test_no_english_word_on_any_page(monkeypatch, roles_db, allowed, user):
    role = ACCOUNTS[user][0].role
    seen = {}
    for spec in seen_by(role):
        app = make_app(monkeypatch, roles_db, user=user, unit="DEMO-01", fy="2570")
        app.switch_page(spec.path).run()
        assert not app.exception, (user, spec.stem, app.exception)
        assert drawn(app) == spec.stem, (user, spec.stem, drawn(app))
        words = english_words(texts_of(app._tree), allowed)
        if words:
            seen[spec.stem] = sorted(words)
        if spec.stem == "manage":  # only the open tab is drawn (issue 18): open each in turn
            labels = [t.label for t in app.tabs]
            assert len(labels) == 5, labels
            for tab in labels[1:]:
                app.session_state["manage_tab"] = tab
                app.run()
                assert not app.exception, (user, spec.stem, tab, app.exception)
                if words := english_words(texts_of(app._tree), allowed):
                    seen[f"{spec.stem}: {tab}"] = sorted(words)
    assert [spec.stem for spec in PAGES if spec.meeting and spec.seen_by(role)] == ["meeting"]
    meeting = make_app(monkeypatch, roles_db, user=user, unit="DEMO-01", fy="2570", meeting="1")
    meeting.run()
    assert drawn(meeting) == "meeting"
    for index in range(8):
        words = english_words(texts_of(meeting._tree), allowed)
        if words:
            seen[f"meeting topic {index + 1}"] = sorted(words)
        meeting.button(key="meeting_next").click().run()
    assert seen == {}, seen


def test_the_walk_covers_every_page_for_every_role_that_sees_it():
    roles = {user.role for user, _ in ACCOUNTS.values()}
    walked = {spec.stem for role in roles for spec in seen_by(role)} | {"meeting"}
    assert walked == {spec.stem for spec in PAGES}
