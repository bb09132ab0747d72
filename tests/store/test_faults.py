"""Issue 35, item 8: a save lost to a full disk or a dead database says so, in Thai, and why; nothing is
half-written; reading goes on where the database still can."""

from __future__ import annotations

import pytest

from helpers.environment import DEMO_AS_OF
from helpers.faults import dies_on_write, full_disk
from ita_dash.domain.entries import FollowUpEntry
from ita_dash.domain.model import Actor, FollowUpStatus
from ita_dash.store.base import REFUSALS, StoreFault
from ita_dash.store.sql.faults import DOWN, FULL

FY = 2570
UNIT = "DEMO-01"
SYSTEM = Actor.system("test")


def _save_a_report(store):
    measure = store.load_unit_year(SYSTEM, UNIT, FY).measures[0]
    store.save_follow_up(SYSTEM, UNIT, FY, FollowUpEntry(measure.code, DEMO_AS_OF.strftime("%Y-%m"),
                                                         FollowUpStatus.DONE, 100, note="บันทึกตอนดิสก์เต็ม"))


def _footprint(store):
    data = store.load_unit_year(SYSTEM, UNIT, FY)
    return store.data_version(), [(f.measure_code, f.month, f.status, f.note) for f in data.follow_ups]


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_a_save_on_a_full_disk_says_it_was_not_kept_and_reading_goes_on(demo_store):
    before = _footprint(demo_store)
    full_disk(demo_store.engine)
    with pytest.raises(StoreFault) as raised:
        _save_a_report(demo_store)
    message = str(raised.value)
    assert message.startswith("บันทึกครั้งนี้ไม่ถูกเก็บ") and FULL in message, message
    assert isinstance(raised.value, REFUSALS)  # a page's save shows it next to the form
    assert _footprint(demo_store) == before  # nothing half-written, and the unit still reads


@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_a_save_when_the_database_dies_says_it_was_not_kept_and_the_next_one_works(demo_store):
    before = _footprint(demo_store)
    ended = dies_on_write(demo_store.engine)
    with pytest.raises(StoreFault) as raised:
        _save_a_report(demo_store)
    assert ended, "no connection was ended: the fault was not injected"
    message = str(raised.value)
    assert message.startswith("บันทึกครั้งนี้ไม่ถูกเก็บ") and DOWN in message, message
    assert _footprint(demo_store) == before  # the pool replaced the dead connection; nothing was kept
    _save_a_report(demo_store)  # the database is back: the same save goes through
    assert _footprint(demo_store) != before


def test_a_database_that_does_not_answer_is_said_plainly(tmp_path):
    """PostgreSQL stopped: nothing listens on its port any more (the app opening, or a page reading)."""
    import socket

    from ita_dash.store.sql import SqlStore

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StoreFault, match="ขณะนี้อ่านข้อมูลไม่ได้") as raised:
        SqlStore(f"postgresql+psycopg://postgres@127.0.0.1:{port}/test?connect_timeout=3")
    assert DOWN in str(raised.value)
