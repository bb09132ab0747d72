"""Shared fixtures: stores on SQLite and on the real PostgreSQL, the demo database, a frozen 'today'."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from ita_dash.domain.accounts import User
from ita_dash.domain.framework import library
from ita_dash.domain.model import Actor, Role
from ita_dash.domain.thaidate import TODAY_SETTING
from ita_dash.store.demo import REGION, build_demo
from ita_dash.store.sql import SqlStore

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_URL = os.environ.get("ITA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEMO_AS_OF = dt.date(2026, 11, 21)  # the demo data used by page tests is built as of this day
# No test depends on the day it runs (issue 30): the app, its commands and every app server a test starts take
# DEMO_AS_OF as today (thaidate.today_bangkok reads ITA_TODAY); a test about another day sets it itself.
os.environ[TODAY_SETTING] = os.environ.get("ITA_TEST_TODAY", DEMO_AS_OF.isoformat())
ROOT = Path(__file__).resolve().parents[1]


def missing(component: str, reason: str):
    """Skip for a missing component on a developer machine; fail under CI, where nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"{component} is required under CI=true: {reason}")
    pytest.skip(f"{component} not available: {reason}")


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return str(error).splitlines()[0]


@pytest.fixture(scope="session")
def pg_available() -> str | None:
    return _pg_reachable()


@pytest.fixture
def pg_url(pg_available):
    """A PostgreSQL URL whose connections live in a fresh schema, dropped afterwards."""
    if pg_available is not None:
        missing("PostgreSQL", pg_available)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ita.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    opened = SqlStore(store_url)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def templates():
    return library()


@pytest.fixture
def demo_store(store, templates):
    build_demo(store, templates, DEMO_AS_OF)
    return store


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, templates) -> str:
    """A SQLite file holding the demo province as of DEMO_AS_OF (built once; tests must not write to it)."""
    path = tmp_path_factory.mktemp("demo") / "ita.db"
    url = f"sqlite:///{path}"
    built = SqlStore(url)
    build_demo(built, templates, DEMO_AS_OF)
    built.close()
    return url


# The demo has no region account; the page tests that walk every role add this one (``roles_db``).
REGION_ACCOUNT = (User(username="demo.region", display_name="ภาคตัวอย่าง (สาธิต)", role=Role.REGION,
                       region_code=REGION.code), "demo-region-pass")


@pytest.fixture(scope="session")
def roles_db(demo_db, tmp_path_factory) -> str:
    """The demo database with an account of every role: the demo's five and ``REGION_ACCOUNT`` (tests must not write
    to it)."""
    url = copy_database(demo_db, tmp_path_factory.mktemp("roles") / "ita.db")
    store = SqlStore(url)
    store.add_user(Actor.system("test"), *REGION_ACCOUNT)
    store.close()
    return url


def copy_database(url: str, path) -> str:
    """A copy of a SQLite database (``url``) at ``path``, through SQLite's backup API; returns the copy's URL.

    Never ``shutil.copy`` a database this process has open: closing the plain file handle drops every POSIX lock the
    process holds on the file, so another process (an app server, a command) closing its own connection then believes
    it is the last one and removes the WAL index under the open connections; new connections here fail with "disk I/O
    error" (SQLITE_IOERR_SHORT_READ)."""
    import sqlite3

    source, target = sqlite3.connect(url.split("///", 1)[1]), sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return f"sqlite:///{path}"


def pytest_collection_modifyitems(items):
    """The markers of pyproject.toml from what a test uses: Chromium (``browser``), the real PostgreSQL (``postgres``:
    ``pg_url``, or the postgresql side of a store parametrised on both databases)."""
    for item in items:
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        params = getattr(item, "callspec", None)
        if "pg_url" in item.fixturenames or (params is not None and "postgresql" in params.params.values()):
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


@pytest.fixture(autouse=True)
def pictures_of_a_failed_browser_test(request):
    """When a test that drives Chromium fails, every page it left open is kept in tests/artifacts/ as a screenshot
    and its visible text (failed-TEST-N.png / .txt), so that a failure in CI shows what the person would have seen."""
    yield
    if "browser" not in request.fixturenames or not getattr(request.node, "failed_call", False):
        return
    browser = request.getfixturevalue("browser")
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)[:80]
    pages = [page for context in browser.contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        try:
            page.screenshot(path=str(artifacts / f"failed-{name}-{number}.png"), full_page=True)
            (artifacts / f"failed-{name}-{number}.txt").write_text(page.inner_text("body"), encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - a page that crashed: say so, keep the others
            (artifacts / f"failed-{name}-{number}.txt").write_text(f"no picture: {error}", encoding="utf-8")
