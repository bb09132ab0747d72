"""Accounts: adding, listing, resetting, disabling, the accounts list a province brings on board, one's
own password, one-time passwords on sign-in slips, the first administrator.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update
from sqlmodel import Session

from ita_dash.domain.accounts import (
    ONE_TIME_EXPIRED,
    SignInRefused,
    User,
    email_problem,
    one_time_expired,
    one_time_password,
    scope_problem,
    user_text_errors,
)
from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.model import (
    Actor,
    Role,
)
from ita_dash.domain.permissions import (
    NotAllowed,
    check_manage_accounts,
)
from ita_dash.domain.wording import words_of

from ..base import NotFound, StoreError
from ..tables import (
    ProvinceRow,
    RegionRow,
    SectionRow,
    SignInSessionRow,
    UnitRow,
    UserRow,
)
from .core import DryRun, SqlBase, user_of
from .passwords import HASHER, ONE_TIME_HASHER, check_password
from .sign_in import end_sessions


class Accounts(SqlBase):
    """Accounts."""

    def add_user(self, actor: Actor, user: User, password: str) -> User:
        check_manage_accounts(actor)
        if problem := scope_problem(user):
            raise InvalidEntry({"role": problem})
        if errors := user_text_errors(user, password):
            raise InvalidEntry(errors)
        check_password(password)
        with self._writing() as session:
            if session.get(UserRow, user.username) is not None:
                raise StoreError(f"มีบัญชีชื่อ {user.username} อยู่แล้ว")
            if errors := self._scope_errors(session, user):
                raise InvalidEntry(errors)
            row = UserRow(**user.model_dump(mode="json", exclude={"locked_until", "version"}),
                          password_hash=HASHER.hash(password))
            session.add(row)
            self._audit(session, actor, user.unit_code, "app_user", f"user:{user.username}", "add", None,
                        f"{user.role.value} {user.unit_code or ''} {user.section_code or ''} {user.province_code or ''}".strip())
            self._name_head(session, actor, user)
        return user

    @staticmethod
    def _name_head(session: Session, actor: Actor, user: User) -> str | None:
        """A section head's account names the head of its section when the section names none yet (issue 34): the
        checklist, the one-pager, the minutes and the reminders read the head from the section. A head already
        named is the chief's word and stays. Returns "UNIT/section: name" when a head was named."""
        name = " ".join(user.display_name.split())
        if user.role is not Role.SECTION_HEAD or user.disabled or not user.section_code or not name:
            return None
        row = session.execute(select(SectionRow).where(
            SectionRow.unit_code == user.unit_code, SectionRow.code == user.section_code)).scalar_one_or_none()
        if row is None or row.retired or row.head_name.strip():
            return None
        session.execute(update(SectionRow).where(SectionRow.id == row.id, SectionRow.head_name == row.head_name)
                        .values(head_name=name))
        SqlBase._audit(session, actor, user.unit_code, "section", f"section:{user.unit_code}/{row.code}", "head_name",
                       row.head_name or None, name)
        return f"{user.unit_code}/{row.code}: {name}"

    @staticmethod
    def _scope_errors(session: Session, user: User) -> dict[str, str]:
        """The unit, section and province an account is for must exist (issue 12)."""
        errors = {}
        if user.unit_code is not None and session.get(UnitRow, user.unit_code) is None:
            errors["unit_code"] = f"ไม่มีหน่วยรหัส {user.unit_code}"
        elif user.section_code is not None and session.execute(select(SectionRow.id).where(
                SectionRow.unit_code == user.unit_code, SectionRow.code == user.section_code)).first() is None:
            kind = session.get(UnitRow, user.unit_code).kind
            errors["section_code"] = f"หน่วย {user.unit_code} ไม่มี{words_of(kind).section} {user.section_code}"
        if user.province_code is not None and session.get(ProvinceRow, user.province_code) is None:
            errors["province_code"] = f"ไม่มีจังหวัดรหัส {user.province_code}"
        if user.region_code is not None and session.get(RegionRow, user.region_code) is None:
            errors["region_code"] = f"ไม่มีภาครหัส {user.region_code}"
        return errors

    def list_users(self, actor: Actor) -> list[User]:
        check_manage_accounts(actor)
        with self._reading() as session:
            return [user_of(row) for row in session.execute(select(UserRow).order_by(UserRow.username)).scalars()]

    def get_user(self, username: str) -> User | None:
        with self._reading() as session:
            row = session.get(UserRow, username)
            return None if row is None else user_of(row)

    def _user_row(self, session: Session, username: str) -> UserRow:
        row = session.get(UserRow, username)
        if row is None:
            raise NotFound(f"ไม่พบบัญชี {username}")
        return row

    def reset_password(self, actor: Actor, username: str, password: str) -> None:
        check_manage_accounts(actor)
        check_password(password)
        with self._writing() as session:
            row = self._user_row(session, username)
            session.execute(update(UserRow).where(UserRow.username == username).values(
                password_hash=HASHER.hash(password), failed_attempts=0, locked_until=None, version=row.version + 1,
                must_change_password=False, one_time_used=False))  # issue 13: a reset ends a pending one-time password
            end_sessions(session, username)  # issue 12: a reset password signs the account out everywhere
            self._audit(session, actor, row.unit_code, "app_user", f"user:{username}", "password", None, "(reset)")

    def set_disabled(self, actor: Actor, username: str, disabled: bool) -> None:
        check_manage_accounts(actor)
        with self._writing() as session:
            row = self._user_row(session, username)
            if row.disabled != disabled:
                session.execute(update(UserRow).where(UserRow.username == username).values(
                    disabled=disabled, version=row.version + 1))
                if disabled:
                    end_sessions(session, username)  # issue 12: signed out everywhere at once
                self._audit(session, actor, row.unit_code, "app_user", f"user:{username}", "disabled", row.disabled, disabled)

    # Sessions are not data: their writes do not move ``meta.data_version`` (a "last seen" would otherwise empty
    # every cache of every process every minute), and they are never audited line by line.
    def create_first_admin(self, user: User, password: str) -> User:
        """``setup``: the first administrator of an installation, in one transaction that refuses when any
        administrator exists already. Writes nothing else."""
        if user.role is not Role.ADMIN:
            raise InvalidEntry({"role": "บัญชีแรกต้องเป็นผู้ดูแลระบบ (admin)"})
        if errors := user_text_errors(user):
            raise InvalidEntry(errors)
        check_password(password)
        with self._writing() as session:
            if session.execute(select(UserRow.username).where(UserRow.role == Role.ADMIN.value).limit(1)).first():
                raise StoreError("มีผู้ดูแลระบบอยู่แล้ว — setup ใช้ได้ครั้งเดียวกับฐานข้อมูลใหม่ "
                                 "(เพิ่มบัญชีอื่นด้วย python -m ita_dash users add)")
            session.add(UserRow(**user.model_dump(mode="json", exclude={"locked_until", "version"}),
                                password_hash=HASHER.hash(password)))
            self._audit(session, Actor.system("setup"), None, "app_user", f"user:{user.username}", "add", None,
                        "admin (setup)")
        return user

    def has_accounts(self) -> bool:
        """Whether any account exists (an installation without one shows the "run setup" page)."""
        with self._reading() as session:
            return session.execute(select(UserRow.username).limit(1)).first() is not None

    def demo_accounts(self, usernames) -> list[User]:
        """Which of the demo accounts' ``usernames`` exist here (a banner on every page, and ``users list``)."""
        with self._reading() as session:
            rows = session.execute(select(UserRow).where(UserRow.username.in_(list(usernames)))
                                   .order_by(UserRow.username)).scalars()
            return [user_of(row) for row in rows]

    def import_users(self, actor: Actor, users: list[User], dry_run: bool = False,
                     now: dt.datetime | None = None) -> tuple[dict[str, list[str]], dict[str, str]]:
        """Accounts from a list, in one transaction (admin only). A new account gets a random one-time password and
        must choose its own at first sign-in; an account already there gets the list's name, e-mail, role and scope
        where they differ (its password is left alone). A section head's account names its section's head when the
        section names none (``heads``: "UNIT/section: name"). Returns what was added, changed and unchanged, the
        heads named, and the one-time passwords of the new accounts (username → password): they are printed on the
        sign-in slips and nowhere else; the database keeps only their hash. A one-time password is good for
        ``Security.one_time_password_days`` from ``now`` (issue 35)."""
        now = now or dt.datetime.now(dt.UTC)
        check_manage_accounts(actor)
        if bad := {f"{user.username} · อีเมล": problem for user in users if (problem := email_problem(user.email))}:
            raise InvalidEntry(bad)
        outcome: dict[str, list[str]] = {"added": [], "changed": [], "unchanged": [], "heads": []}
        passwords: dict[str, str] = {}
        fields = ("display_name", "email", "role", "unit_code", "section_code", "province_code", "region_code")
        try:
            with self._writing() as session:
                self._check_scopes(session, users)
                for user in users:
                    if named := self._name_head(session, actor, user):
                        outcome["heads"].append(named)
                    row = session.get(UserRow, user.username)
                    key = f"user:{user.username}"
                    values = user.model_dump(mode="json", include=set(fields))
                    if row is None:
                        secret = one_time_password()
                        session.add(UserRow(**values, username=user.username, password_hash=ONE_TIME_HASHER.hash(secret),
                                            must_change_password=True, one_time_used=False, one_time_issued_at=now))
                        self._audit(session, actor, user.unit_code, "app_user", key, "add", None,
                                    f"{user.role.value} {user.unit_code or ''} {user.section_code or ''} "
                                    f"{user.province_code or user.region_code or ''}".strip())
                        outcome["added"].append(user.username)
                        passwords[user.username] = secret
                        continue
                    diffs = {k: (getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v}
                    if not diffs:
                        outcome["unchanged"].append(user.username)
                        continue
                    session.execute(update(UserRow).where(UserRow.username == user.username)
                                    .values(**{k: v for k, (_, v) in diffs.items()}, version=row.version + 1))
                    for name, (old, new) in diffs.items():
                        self._audit(session, actor, user.unit_code, "app_user", key, name, old, new)
                    outcome["changed"].append(user.username)
                if dry_run:
                    raise DryRun()
        except DryRun:
            return outcome, {}
        return outcome, passwords

    @staticmethod
    def _check_scopes(session: Session, users: list[User]) -> None:
        """Every account's role has its scope, and its unit, section, province or region exists."""
        problems = {}
        units = dict(session.execute(select(UnitRow.code, UnitRow.kind)).all())
        provinces = set(session.execute(select(ProvinceRow.code)).scalars())
        regions = set(session.execute(select(RegionRow.code)).scalars())
        sections = set(session.execute(select(SectionRow.unit_code, SectionRow.code)).all())
        for user in users:
            if problem := scope_problem(user):
                problems[user.username] = problem
            elif user.unit_code and user.unit_code not in units:
                problems[user.username] = f"ไม่พบหน่วยรหัส {user.unit_code}"
            elif user.section_code and (user.unit_code, user.section_code) not in sections:
                problems[user.username] = (f"หน่วย {user.unit_code} ไม่มี{words_of(units[user.unit_code]).section} "
                                           f"{user.section_code}")
            elif user.province_code and user.province_code not in provinces:
                problems[user.username] = f"ไม่พบจังหวัดรหัส {user.province_code}"
            elif user.region_code and user.region_code not in regions:
                problems[user.username] = f"ไม่พบภาครหัส {user.region_code}"
        if problems:
            raise InvalidEntry(problems)

    def change_own_password(self, actor: Actor, new_password: str, current_password: str | None = None,
                            keep_session: str | None = None) -> User:
        """The signed-in user chooses a new password. After signing in with a one-time password no current password is
        asked (it was just used); otherwise ``current_password`` must be right. Clears "must change". Every other
        session of the account ends in the same transaction (issue 35: a stolen session dies with the old
        password); ``keep_session``, the session the change was made in, stays."""
        check_password(new_password)
        with self._writing() as session:
            row = self._user_row(session, actor.username)
            if not row.must_change_password:
                try:
                    HASHER.verify(row.password_hash, current_password or "")
                except (VerificationError, InvalidHashError):
                    raise InvalidEntry({"current_password": "รหัสผ่านปัจจุบันไม่ถูกต้อง"}) from None
            elif not row.one_time_used:
                raise NotAllowed("ต้องเข้าสู่ระบบด้วยรหัสผ่านครั้งเดียวก่อนตั้งรหัสผ่านใหม่")
            try:
                HASHER.verify(row.password_hash, new_password)
                same = True
            except (VerificationError, InvalidHashError):
                same = False
            if same:
                raise InvalidEntry({"password": "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม"})
            session.execute(update(UserRow).where(UserRow.username == actor.username).values(
                password_hash=HASHER.hash(new_password), must_change_password=False, one_time_used=False,
                one_time_issued_at=None, version=row.version + 1))
            session.execute(delete(SignInSessionRow).where(SignInSessionRow.username == actor.username,
                                                           SignInSessionRow.id != (keep_session or "")))
            self._audit(session, actor, row.unit_code, "app_user", f"user:{actor.username}", "password", None, "(changed)")
            session.flush()
            session.refresh(row)
            return user_of(row)

    def reissue_one_time_passwords(self, actor: Actor, usernames: list[str],
                                   now: dt.datetime | None = None) -> dict[str, str]:
        """New one-time passwords for accounts whose slip was lost or whose one-time password was spent before a
        password was chosen (admin only): each account must choose its own again at its next sign-in. Each is good
        for ``Security.one_time_password_days`` from ``now``."""
        now = now or dt.datetime.now(dt.UTC)
        check_manage_accounts(actor)
        passwords = {}
        with self._writing() as session:
            for username in usernames:
                row = self._user_row(session, username)
                secret = one_time_password()
                session.execute(update(UserRow).where(UserRow.username == username).values(
                    password_hash=ONE_TIME_HASHER.hash(secret), must_change_password=True, one_time_used=False,
                    one_time_issued_at=now, failed_attempts=0, locked_until=None, version=row.version + 1))
                self._audit(session, actor, row.unit_code, "app_user", f"user:{username}", "password", None,
                            "(one-time password reissued)")
                end_sessions(session, username)  # like a password reset: a lost slip's sessions end too
                passwords[username] = secret
        return passwords

    def _use_one_time_password(self, username: str, user: User, now: dt.datetime) -> User:
        """A right password on an account that must change it was a one-time password: it is used now, once, and only
        within ``one_time_password_days`` of its issue (issue 35). A second sign-in with it, or one after that, is
        refused (the administrator issues a new slip); only someone who typed the right password hears why."""
        if not user.must_change_password:
            return user
        with self._writing() as session:
            row = self._user_row(session, username)
            if one_time_expired(row.one_time_issued_at, now):
                raise SignInRefused(ONE_TIME_EXPIRED)
            used = session.execute(update(UserRow).where(
                UserRow.username == username, UserRow.must_change_password.is_(True), UserRow.one_time_used.is_(False))
                .values(one_time_used=True))
            if used.rowcount != 1:
                raise SignInRefused("รหัสผ่านครั้งเดียวนี้ถูกใช้ไปแล้ว — ขอใบรหัสผ่านใหม่จากผู้ดูแลระบบ")
            self._audit(session, user.as_actor(), user.unit_code, "app_user", f"user:{username}", "one_time_password",
                        None, "(used)")
        return user

    def user_names(self, actor: Actor, unit_code: str) -> dict[str, str]:
        """username → how the pages name that person (rank and name): a section head by their section's head name,
        anyone else by their display name. Only accounts of the unit, its province and administrators (issue 17)."""
        with self._reading() as session:
            unit = self._unit(session, actor, unit_code)
            heads = {code: name for code, name in session.execute(select(SectionRow.code, SectionRow.head_name).where(
                SectionRow.unit_code == unit_code))}
            rows = session.execute(select(UserRow).where(
                (UserRow.unit_code == unit_code) | (UserRow.role == Role.ADMIN.value)
                | (UserRow.province_code == unit.province_code))).scalars().all()
            return {row.username: (heads.get(row.section_code or "") if row.role == Role.SECTION_HEAD.value else "")
                    or row.display_name or row.username for row in rows}
