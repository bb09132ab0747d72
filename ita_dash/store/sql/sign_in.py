"""Signing in (with its lockout, known browsers and the record of refused attempts) and sign-in sessions.
Sessions are not data: their writes do not move the data version and are not audited line by line.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import NoReturn

from sqlalchemy import delete, or_, select, update
from sqlmodel import Session

from ita_dash.domain.accounts import (
    SOURCE_LIMIT,
    WRONG,
    SessionEnded,
    SignInAttempt,
    SignInRefused,
    User,
    session_end_reason,
    sign_in_input_problem,
)
from ita_dash.domain.model import Actor
from ita_dash.domain.permissions import check_manage_accounts
from ita_dash.domain.settings import SECURITY

from ..base import NotFound, StoreFault
from ..tables import (
    KnownBrowserRow,
    SignInAttemptRow,
    SignInSessionRow,
    UserRow,
)
from .changes import SESSIONS
from .core import SqlBase, user_of
from .passwords import dummy_hash, verify_password

log = logging.getLogger(__name__)


class SignIn(SqlBase):
    """Signing in (with its lockout) and sign-in sessions."""

    def sign_in(self, username: str, password: str, now: dt.datetime | None = None, browser: str | None = None,
                source: str = "") -> User:
        """The user, if the password is right and the account neither disabled nor locked. Every refusal says the
        same "wrong name or password" (issue 35: a stranger learns neither that a name exists nor that it is locked)
        and is recorded for the administrator (:meth:`sign_in_attempts`) with ``source`` (where it came from:
        ``accounts.sign_in_source``).

        A known browser (``browser``: the token of its ``ita_browser`` cookie, :meth:`remember_browser`) of this
        account gets past the lock with the right password, so a stranger's guesses cannot keep the owner out; it has
        its own ``max_failed_logins`` tries (counted before the password is checked, like the account's), after which
        it is a stranger again.

        Strangers: five wrong passwords in a row lock the account for them for 15 minutes
        (``ita_dash.domain.settings.Security``). Guessing in parallel does not get more tries: each attempt first adds
        one to the account's failure count in one atomic ``UPDATE … RETURNING`` (row-locked on PostgreSQL, the single
        writer on SQLite), and only then is the password checked; an attempt past the fifth is refused without
        looking at the password, a wrong fifth locks the account, and a right password clears the count only if no
        lock was set meanwhile. An unknown, disabled or locked account costs one argon2 verification too (against a
        dummy hash). The count is not data any page shows, so changing it does not move the data version; locking
        (which writes an audit line) does."""
        now = now or dt.datetime.now(dt.UTC)
        if problem := sign_in_input_problem(username, password):
            raise SignInRefused(problem)
        if browser and (known := self._claim_known_browser(username, browser, now)) is not None:
            return self._sign_in_known(username, password, browser, known, now, source)
        limit = SECURITY.max_failed_logins
        claimed = self._claim_sign_in_attempt(username, now)
        if claimed is None:  # unknown, disabled or locked: the same work, then the same refusal
            verify_password(dummy_hash(), password)
            self._refuse(username, now, source)
        attempt, password_hash = claimed
        if attempt > limit:  # more attempts in flight than the account has tries left
            verify_password(dummy_hash(), password)
            right = False
        else:
            right = verify_password(password_hash, password)
        if right:
            with self._reading() as session, session.begin():
                cleared = session.execute(
                    update(UserRow).where(UserRow.username == username, UserRow.disabled.is_(False),
                                          or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now))
                    .values(failed_attempts=0, locked_until=None)).rowcount
                row = session.get(UserRow, username)
                user = None if row is None else user_of(row)
            if cleared != 1 or user is None:  # locked (or disabled) by another attempt meanwhile
                self._refuse(username, now, source)
            return self._use_one_time_password(username, user, now)  # issues 13, 35
        if attempt >= limit:
            until = now + dt.timedelta(minutes=SECURITY.lockout_minutes)
            with self._writing() as session:
                locked = session.execute(
                    update(UserRow).where(UserRow.username == username,
                                          or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now))
                    .values(failed_attempts=0, locked_until=until)).rowcount
                if locked == 1:
                    row = session.get(UserRow, username)
                    self._audit(session, user_of(row).as_actor(), row.unit_code, "app_user", f"user:{username}",
                                "locked_until", None, until, now)
        self._refuse(username, now, source)

    def _claim_known_browser(self, username: str, browser: str, now: dt.datetime) -> str | None:
        """Count one more try of a known browser before the password is checked: the account's password hash, or
        None when the browser is not known to this enabled account (any more), or has used its tries."""
        with self._reading() as session, session.begin():
            found = session.execute(
                update(KnownBrowserRow).where(
                    KnownBrowserRow.token_hash == _digest(browser), KnownBrowserRow.username == username,
                    KnownBrowserRow.failures < SECURITY.max_failed_logins,
                    KnownBrowserRow.created_at >= now - dt.timedelta(days=SECURITY.known_browser_days))
                .values(failures=KnownBrowserRow.failures + 1).returning(KnownBrowserRow.failures)).first()
            if found is None:
                return None
            return session.execute(select(UserRow.password_hash).where(
                UserRow.username == username, UserRow.disabled.is_(False))).scalar()

    def _sign_in_known(self, username: str, password: str, browser: str, password_hash: str, now: dt.datetime,
                       source: str) -> User:
        """The right password from a known browser signs in, locked or not; a wrong one used up one of its tries."""
        if not verify_password(password_hash, password):
            self._refuse(username, now, source)
        with self._reading() as session, session.begin():
            session.execute(update(KnownBrowserRow).where(KnownBrowserRow.token_hash == _digest(browser))
                            .values(failures=0))
            row = session.get(UserRow, username)
            user = None if row is None or row.disabled else user_of(row)
        if user is None:
            self._refuse(username, now, source)
        return self._use_one_time_password(username, user, now)

    def _refuse(self, username: str, now: dt.datetime, source: str) -> NoReturn:
        """Record the refused attempt (and whether the account is now locked for strangers), then refuse it with
        the one answer. Old attempts are dropped after ``attempts_keep_days``. Not data: no data version moves."""
        with Session(self.engine) as session, session.begin():
            locked = session.execute(select(UserRow.username).where(
                UserRow.username == username, UserRow.locked_until > now)).first() is not None
            session.add(SignInAttemptRow(username=username[:60], at=now, source=source[:SOURCE_LIMIT], locked=locked))
            session.execute(delete(SignInAttemptRow).where(
                SignInAttemptRow.at < now - dt.timedelta(days=SECURITY.attempts_keep_days)))
        raise SignInRefused(WRONG)

    def sign_in_attempts(self, actor: Actor, limit: int = 200) -> list[SignInAttempt]:
        """The latest refused sign-ins, newest first (administrators only)."""
        check_manage_accounts(actor)
        with self._reading() as session:
            rows = session.execute(select(SignInAttemptRow).order_by(SignInAttemptRow.at.desc(),
                                                                     SignInAttemptRow.id.desc()).limit(limit)).scalars()
            return [SignInAttempt(username=r.username, at=r.at, source=r.source, locked=r.locked) for r in rows]

    def remember_browser(self, session_token: str, now: dt.datetime | None = None) -> str | None:
        """Mark the browser holding this session's cookie token as known to the session's account: a new random token
        for its ``ita_browser`` cookie (only its SHA-256 is kept). None when the session is not found. Marks older
        than ``known_browser_days`` are dropped."""
        now = now or dt.datetime.now(dt.UTC)
        token = secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            username = session.execute(select(SignInSessionRow.username).where(
                SignInSessionRow.token_hash == _digest(session_token))).scalar()
            if username is None:
                return None
            session.execute(delete(KnownBrowserRow).where(
                KnownBrowserRow.created_at < now - dt.timedelta(days=SECURITY.known_browser_days)))
            session.add(KnownBrowserRow(token_hash=_digest(token), username=username, created_at=now))
        return token

    def _claim_sign_in_attempt(self, username: str, now: dt.datetime) -> tuple[int, str] | None:
        """Count one more failure before the password is checked (a right password takes it back): the new count
        and the password hash; None when the account is unknown, disabled or locked."""
        with self._reading() as session, session.begin():
            found = session.execute(
                update(UserRow).where(UserRow.username == username, UserRow.disabled.is_(False),
                                      or_(UserRow.locked_until.is_(None), UserRow.locked_until <= now))
                .values(failed_attempts=UserRow.failed_attempts + 1)
                .returning(UserRow.failed_attempts, UserRow.password_hash)).first()
        return None if found is None else (found[0], found[1])

    def open_sign_in_session(self, username: str, now: dt.datetime | None = None) -> tuple[str, str]:
        """A session for a user who has just signed in (call after :meth:`sign_in`). Returns its id (kept in the
        server's memory of this browser tab) and a one-time code the browser trades for its cookie within
        ``cookie_handoff_seconds`` (:meth:`claim_session_cookie`). Also clears sessions that have ended."""
        now = now or dt.datetime.now(dt.UTC)
        session_id, handoff = secrets.token_hex(16), secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            if session.get(UserRow, username) is None:
                raise NotFound(f"ไม่พบบัญชี {username}")
            session.execute(delete(SignInSessionRow).where(
                (SignInSessionRow.last_seen_at < now - dt.timedelta(minutes=SECURITY.idle_minutes))
                | (SignInSessionRow.created_at < now - dt.timedelta(hours=SECURITY.session_absolute_hours))))
            session.add(SignInSessionRow(id=session_id, username=username, handoff_hash=_digest(handoff),
                                         created_at=now, last_seen_at=now))
        return session_id, handoff

    def claim_session_cookie(self, handoff: str, now: dt.datetime | None = None) -> str | None:
        """Trade a one-time code for the session's cookie token (once, within ``cookie_handoff_seconds``); only the
        token's SHA-256 is kept. None when the code is unknown, used or too old."""
        now = now or dt.datetime.now(dt.UTC)
        token = secrets.token_urlsafe(32)
        with Session(self.engine) as session, session.begin():
            result = session.execute(update(SignInSessionRow).where(
                SignInSessionRow.handoff_hash == _digest(handoff),
                SignInSessionRow.created_at >= now - dt.timedelta(seconds=SECURITY.cookie_handoff_seconds),
            ).values(handoff_hash=None, token_hash=_digest(token)))
            return token if result.rowcount == 1 else None

    def session_user(self, session_id: str | None = None, token: str | None = None,
                     now: dt.datetime | None = None) -> tuple[str, User]:
        """The session (by its id, or by the token of a cookie) and its user, re-read now; raises
        :class:`SessionEnded` with a Thai reason when it was ended, has expired, or its account is disabled."""
        now = now or dt.datetime.now(dt.UTC)
        if session_id is None and not token:
            raise SessionEnded("กรุณาเข้าสู่ระบบ")
        where = (SignInSessionRow.id == session_id) if session_id is not None else \
            (SignInSessionRow.token_hash == _digest(token))
        with self._reading() as session:
            found = session.execute(select(SignInSessionRow, UserRow).join(
                UserRow, UserRow.username == SignInSessionRow.username).where(where)).first()
            if found is None:
                raise SessionEnded("ออกจากระบบแล้ว กรุณาเข้าสู่ระบบอีกครั้ง")
            row, user_row = found
            reason = session_end_reason(row.created_at, row.last_seen_at, now)
            if reason is None and user_row.disabled:
                reason = "บัญชีนี้ถูกปิดการใช้งาน"
            user = user_of(user_row)
            row_id, last_seen = row.id, row.last_seen_at
        if reason is not None:
            self.end_sign_in_session(row_id)
            raise SessionEnded(reason)
        if now - last_seen > dt.timedelta(seconds=SECURITY.session_touch_seconds):
            try:
                with Session(self.engine) as session, session.begin():
                    session.execute(update(SignInSessionRow).where(SignInSessionRow.id == row_id)
                                    .values(last_seen_at=now))
            except StoreFault:  # a full disk must not keep a signed-in person from reading (issue 35)
                log.warning("session %s: last seen not recorded", row_id[:8], exc_info=True)
        return row_id, user

    def end_sign_in_session(self, session_id: str) -> None:
        """Sign out: the session ends on every app process and in every tab that shares it."""
        with Session(self.engine) as session, session.begin():
            session.execute(delete(SignInSessionRow).where(SignInSessionRow.id == session_id))
            self._bump(session, SESSIONS)  # every tab re-checks its session at its next rerun (issue 25)
        self.watch.forget()

    def end_sessions_of(self, username: str) -> int:
        """End every session of one account (disabling it or resetting its password does this too)."""
        with Session(self.engine) as session, session.begin():
            ended = end_sessions(session, username)
            self._bump(session, SESSIONS)
        self.watch.forget()
        return ended


def _digest(secret: str) -> str:
    """SHA-256 of a random token: enough for a secret with 256 bits of randomness (no need for a slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def end_sessions(session: Session, username: str) -> int:
    return session.execute(delete(SignInSessionRow).where(SignInSessionRow.username == username)).rowcount
