"""Accounts: who may sign in, locking after wrong passwords, and sessions that end when left idle.

Passwords are hashed with argon2id by the store; the rules here only need the clock, which tests freeze.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from email.utils import getaddresses
from typing import Annotated

from pydantic import Field

from .fields import label_of, limit_of, printable, text_errors, text_problem
from .model import Actor, Code, Record, Role, ShortText, UnitKind
from .settings import SECURITY, Security


class User(Record):
    username: Annotated[str, Field(min_length=3, max_length=60, pattern=r"^[A-Za-z0-9._@-]+$")]
    display_name: ShortText = ""
    email: Annotated[str, Field(max_length=200)] = ""
    role: Role
    unit_code: Code | None = None
    section_code: Code | None = None
    province_code: Code | None = None
    region_code: Code | None = None
    disabled: bool = False
    failed_attempts: int = 0
    locked_until: dt.datetime | None = None
    version: int = 1
    must_change_password: bool = False  # signed in with a one-time password: choose one's own before anything else

    def as_actor(self, unit_kind: UnitKind | None = None) -> Actor:
        """``unit_kind``: the kind of the account's unit, when known (the words of its refusals)."""
        return Actor(username=self.username, role=self.role, unit_code=self.unit_code, section_code=self.section_code,
                     province_code=self.province_code, region_code=self.region_code, unit_kind=unit_kind)


class SignInRefused(Exception):
    """Why a sign-in is refused, in Thai; never says whether the username exists."""


def scope_problem(user: User) -> str | None:
    """A role needs its scope: a unit for chief/viewer, a unit and section for section_head, a province."""
    needs = {
        Role.CHIEF: ("unit_code",),
        Role.VIEWER: ("unit_code",),
        Role.SECTION_HEAD: ("unit_code", "section_code"),
        Role.PROVINCE: ("province_code",),
        Role.REGION: ("region_code",),
        Role.ADMIN: (),
    }[user.role]
    missing = [field for field in needs if not getattr(user, field)]
    return f"บทบาท {user.role.value} ต้องระบุ {', '.join(missing)}" if missing else None


def check_can_sign_in(user: User | None, now: dt.datetime, security: Security = SECURITY) -> None:
    """Unknown, disabled and locked accounts get the one answer a wrong password gets (issue 35): a stranger learns
    neither that a name exists nor that their guesses locked it."""
    if user is None or user.disabled or (user.locked_until is not None and user.locked_until > now):
        raise SignInRefused(WRONG)


def after_failed_sign_in(user: User, now: dt.datetime, security: Security = SECURITY) -> User:
    """One more wrong password; the fifth in a row locks the account for 15 minutes."""
    failed = user.failed_attempts + 1
    if failed >= security.max_failed_logins:
        return user.model_copy(update={"failed_attempts": 0, "locked_until": now + dt.timedelta(minutes=security.lockout_minutes)})
    return user.model_copy(update={"failed_attempts": failed})


def after_sign_in(user: User) -> User:
    return user.model_copy(update={"failed_attempts": 0, "locked_until": None})


def session_expired(last_seen: dt.datetime, now: dt.datetime, security: Security = SECURITY) -> bool:
    return now - last_seen > dt.timedelta(minutes=security.idle_minutes)


class SessionEnded(Exception):
    """Why a sign-in session no longer counts, in Thai (signed out elsewhere, idle too long, too old)."""


def session_end_reason(created_at: dt.datetime, last_seen_at: dt.datetime, now: dt.datetime,
                       security: Security = SECURITY) -> str | None:
    """None while a session stands; else why it ended: idle for ``idle_minutes`` or older than
    ``session_absolute_hours``."""
    if now - created_at > dt.timedelta(hours=security.session_absolute_hours):
        return (f"การเข้าสู่ระบบครบ {security.session_absolute_hours} ชั่วโมงแล้ว กรุณาเข้าสู่ระบบอีกครั้ง")
    if session_expired(last_seen_at, now, security):
        return "หมดเวลาใช้งานเนื่องจากไม่มีการใช้งานนาน กรุณาเข้าสู่ระบบอีกครั้ง"
    return None
WRONG = "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"


def sign_in_input_problem(username: str, password: str) -> str | None:
    """A sign-in form whose fields cannot be an account's (control characters, too long): refused before the
    database is asked, with the field named. Says nothing about whether the account exists."""
    for field, value in (("username", username), ("password", password)):
        if problem := text_problem(value, limit_of(field)):
            return f"{label_of(field)}: {problem}"
    return None


# one mailbox: a local part and a host name of dotted labels, nothing else (no display name, no second address)
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")


def email_problem(email: str) -> str | None:
    """Why ``email`` is not exactly one e-mail address (Thai), or None (an empty one is "no e-mail"). The standard
    library's parser must find one address and it must be the whole text: "a@x, attacker@evil" is two (issue 35)."""
    if not email:
        return None
    if problem := text_problem(email, limit_of("email")):
        return problem
    found = getaddresses([email])
    if len(found) != 1 or found[0][1] != email or not _ADDRESS.fullmatch(email):
        return f"“{printable(email)[:60]}” ไม่ใช่อีเมลหนึ่งที่อยู่ — เช่น somchai@police.go.th"
    return None


def user_text_errors(user: User, password: str | None = None) -> dict[str, str]:
    """The texts of an account (and its new password) against their limits, and its e-mail as one address: field →
    Thai reason."""
    values = {"username": user.username, "display_name": user.display_name, "email": user.email}
    if password is not None:
        values["password"] = password
    errors = text_errors(values)
    if "email" not in errors and (problem := email_problem(user.email)):
        errors["email"] = problem
    return errors


class SignInAttempt(Record):
    """A refused sign-in, as the administrator sees it (issue 35): the name typed, when, from where, and whether the
    account was locked (for browsers it does not know) after it."""

    username: str
    at: dt.datetime
    source: str = ""
    locked: bool = False


SOURCE_LIMIT = 200


def sign_in_source(address: str | None, forwarded_for: str | None = None) -> str:
    """Where a sign-in came from, for the administrator's list: the address that connected (behind a reverse proxy,
    the proxy's) and, when there is one, what ``X-Forwarded-For`` says (written by the proxy, or by the client
    itself: shown, never trusted, never a reason to refuse anyone). Printable, at most ``SOURCE_LIMIT`` characters."""
    text = printable((address or "").strip()) or "ไม่ทราบ"
    if forwarded := printable((forwarded_for or "").strip()):
        text += f" (X-Forwarded-For: {forwarded})"
    return text[:SOURCE_LIMIT]

# -- one-time passwords (issue 13) ---------------------------------------------------------------------------
# No 0/O, 1/l/I: the password is read off a printed slip and typed by hand.
ONE_TIME_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789"
ONE_TIME_LENGTH = 12  # about 69 bits


ONE_TIME_EXPIRED = "รหัสผ่านครั้งเดียวนี้หมดอายุแล้ว — ขอใบแจ้งบัญชีผู้ใช้ใบใหม่จากผู้ดูแลระบบ"


def one_time_valid_until(issued_at: dt.datetime, security: Security = SECURITY) -> dt.datetime:
    """The last moment a one-time password issued at ``issued_at`` is accepted (the slip prints its day)."""
    return issued_at + dt.timedelta(days=security.one_time_password_days)


def one_time_expired(issued_at: dt.datetime | None, now: dt.datetime, security: Security = SECURITY) -> bool:
    """Whether a one-time password issued at ``issued_at`` is too old to sign in with (issue 35: slips were still
    accepted 400 days after issue). One without an issue time (none is written so) counts as expired."""
    return issued_at is None or now > one_time_valid_until(issued_at, security)


def one_time_password() -> str:
    """A random password for a new account's sign-in slip, grouped in fours for reading aloud (xxxx-xxxx-xxxx)."""
    raw = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, ONE_TIME_LENGTH, 4))
