"""Issue 35 item 3: one answer for a wrong password, an unknown name, a disabled and a locked account; a stranger's
wrong passwords lock the account for strangers only (the owner's known browser still gets in with the right
password); refused sign-ins are recorded and the administrator sees them. Both databases."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.sign_in import parallel_guesses
from ita_dash.domain.accounts import WRONG, SignInRefused, sign_in_source
from ita_dash.domain.model import Actor
from ita_dash.domain.permissions import NotAllowed
from ita_dash.domain.settings import SECURITY

SYSTEM = Actor.system("test")
NOW = dt.datetime(2026, 11, 21, 3, 0, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(minutes=1)


def refusal(store, username: str, password: str, now=NOW, **given) -> str:
    with pytest.raises(SignInRefused) as refused:
        store.sign_in(username, password, now, **given)
    return str(refused.value)


def known_browser(store, username: str, password: str) -> str:
    """Sign in as the owner, fetch the session cookie and the ``ita_browser`` mark, as the cookie route does."""
    store.sign_in(username, password, NOW - dt.timedelta(days=1))
    _, handoff = store.open_sign_in_session(username, NOW - dt.timedelta(days=1))
    token = store.claim_session_cookie(handoff, NOW - dt.timedelta(days=1))
    return store.remember_browser(token, NOW - dt.timedelta(days=1))


def lock_out(store, username: str) -> None:
    for attempt in range(SECURITY.max_failed_logins):
        refusal(store, username, f"stranger-{attempt}", source="198.51.100.7")
    assert store.get_user(username).locked_until > NOW


def test_wrong_unknown_disabled_and_locked_all_hear_the_same_answer(demo_store):
    answers = {"wrong": refusal(demo_store, "demo.head", "not-it"), "unknown": refusal(demo_store, "nobody", "x" * 8)}
    demo_store.set_disabled(SYSTEM, "demo.viewer", True)
    answers["disabled"] = refusal(demo_store, "demo.viewer", "demo-viewer-pass")
    lock_out(demo_store, "demo.chief")
    answers["locked, right password"] = refusal(demo_store, "demo.chief", "demo-chief-pass", LATER)
    assert set(answers.values()) == {WRONG}, answers


def test_a_stranger_cannot_keep_the_owner_out(demo_store):
    browser = known_browser(demo_store, "demo.head", "demo-head-pass")
    lock_out(demo_store, "demo.head")
    assert refusal(demo_store, "demo.head", "demo-head-pass", LATER) == WRONG  # an unknown browser: locked
    user = demo_store.sign_in("demo.head", "demo-head-pass", LATER, browser=browser)  # the owner's: in
    assert user.username == "demo.head"
    assert refusal(demo_store, "demo.head", "demo-head-pass", LATER, browser="forged-token") == WRONG
    other = known_browser(demo_store, "demo.chief", "demo-chief-pass")  # a mark is for its own account only
    assert refusal(demo_store, "demo.head", "demo-head-pass", LATER, browser=other) == WRONG
    demo_store.set_disabled(SYSTEM, "demo.head", True)  # a known browser does not pass a disabled account
    assert refusal(demo_store, "demo.head", "demo-head-pass", LATER, browser=browser) == WRONG


def test_a_known_browser_gets_five_tries_even_in_parallel_then_is_a_stranger(demo_store):
    """A stolen ``ita_browser`` cookie is not a way past the lock: 30 wrong passwords at once through it, each on
    its own connection, then the right one through it: refused."""
    browser = known_browser(demo_store, "demo.head", "demo-head-pass")
    outcomes = parallel_guesses(demo_store.url, "demo.head", NOW, browser=browser)
    assert outcomes == [WRONG] * 30, outcomes
    assert refusal(demo_store, "demo.head", "demo-head-pass", LATER, browser=browser) == WRONG


def test_a_right_password_from_a_known_browser_gives_back_its_tries(demo_store):
    browser = known_browser(demo_store, "demo.head", "demo-head-pass")
    for _ in range(3):
        for attempt in range(SECURITY.max_failed_logins - 1):
            refusal(demo_store, "demo.head", f"typo-{attempt}", browser=browser)
        assert demo_store.sign_in("demo.head", "demo-head-pass", NOW, browser=browser).username == "demo.head"


def test_the_administrator_sees_refused_sign_ins_with_where_they_came_from(demo_store):
    refusal(demo_store, "nobody.here", "whatever-1", NOW, source=sign_in_source("203.0.113.9"))
    lock_out(demo_store, "demo.chief")
    attempts = demo_store.sign_in_attempts(SYSTEM)
    assert [(a.username, a.source, a.locked) for a in attempts] == (
        [("demo.chief", "198.51.100.7", True)] + [("demo.chief", "198.51.100.7", False)] * 4
        + [("nobody.here", "203.0.113.9", False)])
    assert attempts[0].at == NOW
    with pytest.raises(NotAllowed):
        demo_store.sign_in_attempts(demo_store.get_user("demo.chief").as_actor())
    later = NOW + dt.timedelta(days=SECURITY.attempts_keep_days, minutes=1)
    refusal(demo_store, "nobody.here", "whatever-2", later)  # older ones are dropped
    assert [(a.username, a.at) for a in demo_store.sign_in_attempts(SYSTEM)] == [("nobody.here", later)]


def test_counting_and_recording_attempts_moves_no_data_version(demo_store):
    before = demo_store.data_version()
    refusal(demo_store, "nobody", "whatever-1")
    refusal(demo_store, "demo.head", "not-it-at-all")
    assert demo_store.data_version() == before


def test_the_source_of_a_sign_in_is_printable_labelled_and_short():
    assert sign_in_source("10.0.0.5") == "10.0.0.5"
    assert sign_in_source(None) == "ไม่ทราบ"
    assert sign_in_source("10.0.0.5", "1.2.3.4") == "10.0.0.5 (X-Forwarded-For: 1.2.3.4)"
    forged = sign_in_source("10.0.0.5", "\x1b[31m" + "9" * 500)
    assert "\x1b" not in forged and len(forged) <= 200
