"""The app under Streamlit's AppTest as a signed-in person sees it (``make_app``), what a run drew (``drawn``,
``texts_of``, ``english_words``), buttons by label, and a writable demo database (the ``writable_db`` fixture)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import element_tree as et

from helpers.databases import REGION_ACCOUNT
from helpers.environment import ROOT
from ita_dash.domain.model import (
    Actor,
    Province,
    Region,
    Unit,
    UnitKind,
    UnitYear,
    UnitYearData,
)
from ita_dash.store.demo import DEMO_ACCOUNTS
from ita_dash.store.sql import SqlStore

ACCOUNTS = {user.username: (user, password) for user, password in [*DEMO_ACCOUNTS, REGION_ACCOUNT]}  # region: roles_db


def make_app(monkeypatch, database_url: str, user: str | None = "demo.admin", **params) -> AppTest:
    """The app as ``user`` would see it (signed in through the session, as the sign-in page leaves it)."""
    monkeypatch.setenv("ITA_DATABASE_URL", database_url)
    # AppTest resets PagesManager.uses_pages_directory before every run and re-detects our pages/ folder, so a
    # rerun would execute the page file alone (the legacy multipage path). A real server sets the flag to False
    # once st.navigation runs, and keeps it; do the same here.
    original_init = PagesManager.__init__

    def init_as_navigation_app(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_as_navigation_app)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    if user is not None:
        app.session_state["_user"] = ACCOUNTS[user][0]
        app.session_state["_last_seen"] = dt.datetime.now(dt.UTC)
    return app


def drawn(app: AppTest) -> str:
    """The file stem of the page ``app``'s last run drew: a page outside the role's menu falls back to its default
    page, so a walk checks it drew the page it asked for."""
    info = app._registered_pages.get(app._finished_page_script_hash, {})
    return Path(str(info.get("script_path", ""))).stem


def empty_local_unit(tmp_path, fiscal_year: int = 2570) -> str:
    """A database holding one local administration (LA-1) with nothing but its year, and the demo administrator."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    store = SqlStore(url)
    store.replace_unit_year(Actor.system("test"), UnitYearData(
        region=Region(code="R", name="ภาค"), province=Province(code="P", name="จังหวัด", region_code="R"),
        unit=Unit(code="LA-1", name="อบต.ทดสอบ", kind=UnitKind.LOCAL_ADMIN, province_code="P"),
        year=UnitYear(fiscal_year=fiscal_year)))
    store.add_user(Actor.system("test"), *ACCOUNTS["demo.admin"])
    store.close()
    return url


def shown(markdown: str) -> str:
    """A Markdown text as the reader sees it: the backslash escapes of ``format.plain`` taken away."""
    return re.sub(r"\\(.)", r"\1", markdown)


def button(app: AppTest, label: str):
    matches = [b for b in app.button if b.label == label]
    assert len(matches) == 1, f"{len(matches)} buttons labelled {label}"
    return matches[0]


@pytest.fixture
def writable_db(tmp_path, templates):
    """A demo database of its own, for tests that save."""
    from ita_dash.store.demo import build_demo

    url = f"sqlite:///{tmp_path / 'writable.db'}"
    store = SqlStore(url)
    build_demo(store, templates, dt.date(2026, 11, 21))
    store.close()
    return url


CODES = {"IIT", "EIT", "OIT", "ITA", "ITAP", "PDF", "CSV", "XLSX", "DOCX", "DEMO", "Excel", "Word", "Google",
         "Sheets", "Sheet", "http", "https", "UTF"}


WORD = re.compile(r"[A-Za-z][A-Za-z]{2,}")


URL = re.compile(r"https?://\S+|[\w.-]+@[\w.-]+|\b[\w/-]+\.(?:xlsx|csv|pdf|docx|json|yaml)\b")  # a file or its path


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
        text = URL.sub(" ", text)
        text = re.sub(r":material/[a-z_]+:|:[a-z]+\[", " ", text)  # icon and colour markup, not words
        for word in WORD.findall(text):
            if word not in allowed and word.upper() not in CODES and word not in CODES:
                found.add(word)
    return found




# --- moved


def heatmap_of(app) -> dict:
    """The province heatmap (a Vega-Lite spec, as the browser receives it) as x, y, text and score rows."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    (chart,) = app.get("vega_lite_chart")  # the page's one chart; Streamlit sends its values as Arrow beside the spec
    spec = json.loads(chart.proto.spec)
    values = convert_arrow_bytes_to_pandas_df(chart.proto.data.data).to_dict("records")
    values = [{k: (None if v != v else v) for k, v in value.items()} for value in values]  # NaN → None (no score)
    x, y = spec["encoding"]["x"]["sort"], spec["encoding"]["y"]["sort"]
    cell = {(v["row"], v["column"]): v for v in values}
    assert len(cell) == len(values) == len(x) * len(y)  # every cell once
    return {"x": x, "y": y, "text": [[cell[r, c]["text"] for c in x] for r in y],
            "z": [[cell[r, c]["score"] for c in x] for r in y]}
