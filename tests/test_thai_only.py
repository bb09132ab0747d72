"""Thai all the way (issue 17): every page, as every role that sees it (the page registry,
``ita_dash/domain/pages.py``), shows no English word — no ASCII word of three letters or more in its visible text —
other than codes (IIT, EIT, OIT, O1…, unit codes, ITA, ITAP, file formats) and the data people typed (measures, notes,
links, names). The meeting screen is walked in meeting mode, topic by topic."""

import re

import pytest
from streamlit.testing.v1 import element_tree as et
from test_pages import ACCOUNTS, drawn, make_app

from ita_dash.domain.framework import library
from ita_dash.domain.model import Actor
from ita_dash.domain.pages import PAGES, seen_by
from ita_dash.store.sql import SqlStore

CODES = {"IIT", "EIT", "OIT", "ITA", "ITAP", "PDF", "CSV", "XLSX", "DOCX", "DEMO", "Excel", "Word", "Google",
         "Sheets", "Sheet", "http", "https", "UTF"}
_WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")
_URL = re.compile(r"https?://\S+|[\w.-]+@[\w.-]+|\b[\w/-]+\.(?:xlsx|csv|pdf|docx|json|yaml)\b")  # a file or its path


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
    return set(_WORD.findall(" ".join(corpus)))


def texts_of(node) -> list[str]:
    """The visible text of an element tree: values, labels, placeholders, options, column names and cells."""
    out = []
    if isinstance(node, et.Html):  # style sheets are not visible text; anything else in HTML is
        return [re.sub(r"(?s)<style>.*?</style>|<[^>]+>", " ", node.proto.body)]
    if isinstance(node, (et.Dataframe,)):
        frame = node.value
        out += [str(c) for c in frame.columns] + [str(v) for v in frame.astype(str).values.ravel()]
        return out
    if isinstance(node, (et.Block, et.ElementTree)):
        label = getattr(getattr(node, "proto", None), "expandable", None)
        if label is not None and getattr(label, "label", ""):
            out.append(label.label)
        for child in node.children.values():
            out += texts_of(child)
        return out
    shown_value = isinstance(node, (et.Markdown, et.Caption, et.Text, et.HeadingBase, et.AlertBase, et.Metric))
    for attribute in ("value", "label", "placeholder", "help") if shown_value else ("label", "placeholder", "help"):
        try:
            value = getattr(node, attribute)
        except Exception:  # noqa: BLE001 - not every element has every attribute
            continue
        if isinstance(value, str):
            out.append(value)
    proto = getattr(node, "proto", None)
    for name in ("options", "label", "body", "placeholder"):
        value = getattr(proto, name, None) if proto is not None else None
        if isinstance(value, str):
            out.append(value)
        elif value is not None and not isinstance(value, (int, float, bool)):
            try:
                out += [o if isinstance(o, str) else getattr(o, "content", "") for o in value]
            except TypeError:
                pass
    return out


def english_words(texts: list[str], allowed: set[str]) -> set[str]:
    found = set()
    for text in texts:
        text = _URL.sub(" ", text)
        text = re.sub(r":material/[a-z_]+:|:[a-z]+\[", " ", text)  # icon and colour markup, not words
        for word in _WORD.findall(text):
            if word not in allowed and word.upper() not in CODES and word not in CODES:
                found.add(word)
    return found


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
