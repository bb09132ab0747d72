"""Malformed bundles are refused alike on SQLite and PostgreSQL (issue 35 item 9).

Each bundle of ``helpers.bundle_corpus.CORPUS`` (a valid demo unit-year with one thing broken) goes through the path of
the command line's ``import-bundle``: ``loads``, then ``Store.replace_unit_year``. Before one pydantic model checked
the whole file, 23 of these 82 got through on SQLite and 17 on PostgreSQL, where 6 more ended in a database error (an
indicator given as "3", an unknown template key, an over-long key, 300 checklist ticks, a count past INTEGER, …); one
(a time before year 1 in UTC) broke ``loads`` with a trace on both, and the 58 refused were refused in English.
"""

from __future__ import annotations

import json
import re

from sqlalchemy import func, select

from helpers.bundle_corpus import CORPUS, FY, UNIT, text_of, valid_bundle
from ita_dash.domain.model import Actor
from ita_dash.store.bundle import BundleError, dumps, loads
from ita_dash.store.sql import SqlStore
from ita_dash.store.tables import (
    AuditRow,
    FollowUpRow,
    FrameworkEntryRow,
    ItaResultRow,
    MeasureRow,
    OitItemRow,
    QuotaSnapshotRow,
    SectionRow,
    UnitYearRow,
)

ACTOR = Actor.system("cli import-bundle")  # as the command line imports
THAI = re.compile(r"[\u0E00-\u0E7F]")


def _state(store) -> dict:
    """What a refused bundle must leave as it was: the data version, the rows of every table a bundle writes, and
    the unit's year as it exports."""
    with store.engine.connect() as connection:
        rows = {table.__tablename__: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (AuditRow, FollowUpRow, FrameworkEntryRow, ItaResultRow, MeasureRow, OitItemRow,
                              QuotaSnapshotRow, SectionRow, UnitYearRow)}
    year = dumps(store.load_unit_year(ACTOR, UNIT, FY), store.framework_entries(ACTOR, UNIT, FY))
    return {"data_version": store.data_version(), **rows, "bundle": year}


def _import(store, text: str) -> None:
    bundle = loads(text)
    store.replace_unit_year(ACTOR, bundle, bundle.framework_entries)


def _outcomes(store) -> dict[str, str]:
    """Each malformed bundle imported over the valid one: its refusal, or what happened instead; every bundle that
    changed the database is named too."""
    base = valid_bundle()
    _import(store, base)
    before = _state(store)
    outcomes = {}
    for name, _, mutate in CORPUS:
        document = json.loads(base)
        mutate(document)
        try:
            _import(store, text_of(document))
        except BundleError as refusal:
            outcomes[name] = str(refusal)
        except Exception as error:  # noqa: BLE001 - a database error or a trace is what this test is against
            outcomes[name] = f"not refused as a bundle: {type(error).__name__}: {str(error).splitlines()[0]}"
        else:
            outcomes[name] = "imported"
        if _state(store) != before:
            outcomes[name] += " (the database changed)"
            _import(store, base)
            before = _state(store)
    return outcomes


def test_every_malformed_bundle_is_refused_in_thai_naming_its_path_and_writes_nothing(store):
    assert len(CORPUS) >= 40
    outcomes = _outcomes(store)
    wrong = {}
    for name, path, _ in CORPUS:
        said = outcomes[name]
        prefix = f"ชุดข้อมูลไม่ถูกต้อง / invalid bundle: {path}"
        if not said.startswith(prefix) or "\n" in said or "(the database changed)" in said \
                or not THAI.search(said[len(prefix):].split(": ", 1)[-1]):
            wrong[name] = said
    assert wrong == {}, f"{len(wrong)} of {len(CORPUS)} not refused in Thai at their path: {wrong}"


def test_sqlite_and_postgresql_refuse_the_same_bundles_the_same_way(tmp_path, pg_url):
    sqlite = SqlStore(f"sqlite:///{tmp_path / 'ita.db'}")
    postgresql = SqlStore(pg_url)
    try:
        assert _outcomes(sqlite) == _outcomes(postgresql)
    finally:
        sqlite.close()
        postgresql.close()
