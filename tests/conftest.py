"""Shared fixtures: stores on SQLite and on the real PostgreSQL, the demo database, a frozen 'today' (set when
``helpers.environment`` is imported, first), and the fixtures of ``helpers`` offered to every test by name."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, text

from helpers.app import writable_db  # noqa: F401 - fixtures offered to every test
from helpers.browser import browser  # noqa: F401
from helpers.databases import REGION_ACCOUNT, copy_database
from helpers.environment import DEMO_AS_OF, PG_URL, ROOT, missing
from helpers.local_unit import local_db  # noqa: F401
from helpers.payloads import typed_db  # noqa: F401
from helpers.sheets import setup  # noqa: F401
from ita_dash.domain.framework import library
from ita_dash.domain.model import Actor
from ita_dash.store.demo import build_demo
from ita_dash.store.sql import SqlStore


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


@pytest.fixture(scope="session")
def roles_db(demo_db, tmp_path_factory) -> str:
    """The demo database with an account of every role: the demo's five and ``REGION_ACCOUNT`` (tests must not write
    to it)."""
    url = copy_database(demo_db, tmp_path_factory.mktemp("roles") / "ita.db")
    store = SqlStore(url)
    store.add_user(Actor.system("test"), *REGION_ACCOUNT)
    store.close()
    return url


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
    chromium = request.getfixturevalue("browser")
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in request.node.name)[:80]
    pages = [page for context in chromium.contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        try:
            page.screenshot(path=str(artifacts / f"failed-{name}-{number}.png"), full_page=True)
            (artifacts / f"failed-{name}-{number}.txt").write_text(page.inner_text("body"), encoding="utf-8")
        except Exception as error:  # noqa: BLE001 - a page that crashed: say so, keep the others
            (artifacts / f"failed-{name}-{number}.txt").write_text(f"no picture: {error}", encoding="utf-8")
