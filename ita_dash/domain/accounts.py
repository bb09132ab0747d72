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
from .thaidate import format_datetime


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
    if user is None or user.disabled:
        raise SignInRefused("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    if user.locked_until is not None and user.locked_until > now:
        raise SignInRefused(f"บัญชีถูกล็อกชั่วคราวจากการใส่รหัสผ่านผิดหลายครั้ง ลองใหม่หลัง {format_datetime(user.locked_until)}")


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


def lock_message(locked_until: dt.datetime) -> str:
    return f"บัญชีถูกล็อกชั่วคราวจากการใส่รหัสผ่านผิดหลายครั้ง ลองใหม่หลัง {format_datetime(locked_until)}"

# -- one-time passwords (issue 13) ---------------------------------------------------------------------------
# No 0/O, 1/l/I: the password is read off a printed slip and typed by hand.
ONE_TIME_ALPHABET = "abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY23456789"
ONE_TIME_LENGTH = 12  # about 69 bits


def one_time_password() -> str:
    """A random password for a new account's sign-in slip, grouped in fours for reading aloud (xxxx-xxxx-xxxx)."""
    raw = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, ONE_TIME_LENGTH, 4))
