"""Safe concurrent edits on the real PostgreSQL: 20 threads × 50 updates to the same three monthly reports."""

import datetime as dt
import threading
from collections import defaultdict

from ita_dash.domain.entries import FollowUpEntry
from ita_dash.domain.model import FollowUpStatus
from ita_dash.store.base import StaleVersion
from ita_dash.store.demo import DEMO_ACCOUNTS, build_demo
from ita_dash.store.sql import SqlStore

THREADS, UPDATES, MONTH, FY = 20, 50, "2026-11", 2570
HEAD = next(user for user, _ in DEMO_ACCOUNTS if user.username == "demo.head").as_actor()
NOW = dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)


def test_twenty_threads_lose_no_update_and_every_accepted_one_is_audited(pg_url, templates):
    store = SqlStore(pg_url)
    build_demo(store, templates, dt.date(2026, 11, 21))
    data = store.load_unit_year(HEAD, "DEMO-01", FY)
    codes = [m.code for m in data.measures if m.owner_section == "admin"][:3]
    start_version = {}
    for code in codes:  # the starting reports (the demo may have reported the month already)
        seen = store.follow_up(HEAD, "DEMO-01", FY, code, MONTH)
        start_version[code] = store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(
            code, MONTH, FollowUpStatus.IN_PROGRESS, 0, "start", "", seen.version if seen else None), NOW).version

    accepted: dict[str, list[tuple[int, str]]] = defaultdict(list)  # code → (version reached, note)
    refused: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(THREADS)

    def worker(number: int) -> None:
        try:
            start.wait()
            for update in range(UPDATES):
                code = codes[(number + update) % len(codes)]
                seen = store.follow_up(HEAD, "DEMO-01", FY, code, MONTH)
                note = f"t{number}-u{update}"
                try:
                    saved = store.save_follow_up(HEAD, "DEMO-01", FY, FollowUpEntry(
                        code, MONTH, FollowUpStatus.IN_PROGRESS, (number + update) % 101, note, "", seen.version), NOW)
                except StaleVersion:
                    with lock:
                        refused.append(note)
                else:
                    with lock:
                        accepted[code].append((saved.version, note))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures[:3]
    total_accepted = sum(len(v) for v in accepted.values())
    assert total_accepted + len(refused) == THREADS * UPDATES
    assert refused, "the threads never collided: the test did not test anything"

    audited = {}
    for code in codes:
        for line in store.history(HEAD, "DEMO-01", f"follow_up:DEMO-01/{FY}/{code}/{MONTH}", limit=10_000):
            if line.field == "note":
                audited.setdefault(line.new_value, []).append(code)
    for code in codes:
        final = store.follow_up(HEAD, "DEMO-01", FY, code, MONTH)
        versions = sorted(accepted[code])
        # no lost update: each accepted save moved the version by exactly one, and the last one is what is stored
        first = start_version[code] + 1
        assert [v for v, _ in versions] == list(range(first, first + len(versions)))
        assert final.version == start_version[code] + len(versions)
        assert final.note == versions[-1][1]
        for _, note in versions:  # every accepted update is in the audit log, under its own record
            assert audited.get(note) == [code]
    for note in refused:  # no refused update was applied or audited
        assert note not in audited
    store.close()
