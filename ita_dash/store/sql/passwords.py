"""Password hashing (argon2id) and the password rule shared by accounts and sign-in."""

from __future__ import annotations

import functools
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.fields import (
    limit_of,
    text_problem,
)

HASHER = PasswordHasher()  # argon2id


ONE_TIME_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)


MIN_PASSWORD = 8


def check_password(password: str) -> None:
    if problem := text_problem(password, limit_of("password")):
        raise InvalidEntry({"password": problem})
    if len(password) < MIN_PASSWORD:
        raise InvalidEntry({"password": f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร"})


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def dummy_hash() -> str:
    """A hash no password matches (made with the same parameters as real ones), so an unknown user costs the same."""
    return HASHER.hash(secrets.token_urlsafe(32))


