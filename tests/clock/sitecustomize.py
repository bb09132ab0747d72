"""Run the suite as if the wall clock read another day (issue 30: no test depends on the day it runs).

    ITA_TEST_CLOCK=2027-03-15T03:00:00+00:00 PYTHONPATH=tests/clock .venv/bin/python -m pytest tests

Python imports this file at start-up when its folder is on PYTHONPATH. The first process turns the day asked for
into a shift from the real clock (``ITA_TEST_CLOCK_SHIFT``, inherited by every process it starts: the app servers of
the browser tests), so all of them agree on "now"; time-machine moves ``time.time`` and ``datetime.now`` by that
shift and lets them tick. Monotonic clocks stay real, so timeouts and sleeps behave (libfaketime breaks both).
Nothing in the product imports this; without ``ITA_TEST_CLOCK`` it does nothing."""

import os

if os.environ.get("ITA_TEST_CLOCK"):
    import datetime as dt
    import time

    import time_machine

    if "ITA_TEST_CLOCK_SHIFT" not in os.environ:
        target = dt.datetime.fromisoformat(os.environ["ITA_TEST_CLOCK"])
        if target.tzinfo is None:
            target = target.replace(tzinfo=dt.UTC)
        os.environ["ITA_TEST_CLOCK_SHIFT"] = str(target.timestamp() - time.time())
    time_machine.travel(time.time() + float(os.environ["ITA_TEST_CLOCK_SHIFT"]), tick=True).start()
