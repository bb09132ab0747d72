"""Guessing passwords as an attacker would: many wrong passwords at once, each on its own connection."""

from __future__ import annotations

import datetime as dt
import threading

from ita_dash.domain.accounts import SignInRefused
from ita_dash.store.sql import SqlStore


def parallel_guesses(url: str, username: str, now: dt.datetime, count: int = 30, **sign_in) -> list[object]:
    """``count`` wrong passwords for ``username`` at the same moment, each through its own store (its own
    connection), started together at a barrier; what each heard: "signed in", the refusal's text, or an
    unexpected exception. ``sign_in``: further arguments of ``SqlStore.sign_in`` (a ``browser``)."""
    stores = [SqlStore(url, apply_migrations=False) for _ in range(count)]
    start = threading.Barrier(len(stores))
    outcomes: list[object] = []

    def guess(store, number):
        start.wait(timeout=120)
        try:
            store.sign_in(username, f"guess-{number}", now, **sign_in)
            outcomes.append("signed in")
        except SignInRefused as refused:
            outcomes.append(str(refused))
        except Exception as error:  # noqa: BLE001 - any other outcome fails the caller's assertion
            outcomes.append(error)

    threads = [threading.Thread(target=guess, args=(store, n)) for n, store in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    return outcomes
