"""Issue 35 item 2: a password change ends the account's other sessions; one-time passwords expire and the slip says
when. Both databases."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from ita_dash.domain.accounts import ONE_TIME_EXPIRED, WRONG, SessionEnded, SignInRefused, User
from ita_dash.domain.model import Actor, Role
from ita_dash.domain.settings import SECURITY

ADMIN = Actor.system("test")
T0 = dt.datetime(2026, 11, 21, 9, 0, tzinfo=dt.UTC)
DAYS = dt.timedelta(days=SECURITY.one_time_password_days)


def test_changing_ones_own_password_ends_every_other_session_of_the_account(demo_store):
    store = demo_store
    here, _ = store.open_sign_in_session("demo.chief", T0)
    stolen, _ = store.open_sign_in_session("demo.chief", T0)
    other, _ = store.open_sign_in_session("demo.admin", T0)
    chief = store.get_user("demo.chief").as_actor()
    store.change_own_password(chief, "a-brand-new-pass", current_password="demo-chief-pass", keep_session=here)
    now = T0 + dt.timedelta(minutes=1)
    with pytest.raises(SessionEnded):
        store.session_user(stolen, now=now)  # the stolen session dies with the old password
    assert store.session_user(here, now=now)[1].username == "demo.chief"  # the one the change was made in stays
    assert store.session_user(other, now=now)[1].username == "demo.admin"  # another account: untouched
    store.change_own_password(chief, "another-new-pass", current_password="a-brand-new-pass")
    with pytest.raises(SessionEnded):  # changed from no session (the command line): every session ends
        store.session_user(here, now=now)


def _new_people(store, *usernames: str, now: dt.datetime) -> dict[str, str]:
    unit = store.get_user("demo.chief").unit_code
    people = [User(username=name, display_name=name, role=Role.VIEWER, unit_code=unit) for name in usernames]
    return store.import_users(ADMIN, people, now=now)[1]


def test_a_one_time_password_is_refused_after_its_days_and_a_new_slip_works(demo_store):
    store = demo_store
    passwords = _new_people(store, "just.in.time", "too.late", now=T0)
    assert store.sign_in("just.in.time", passwords["just.in.time"], now=T0 + DAYS).must_change_password
    late = T0 + DAYS + dt.timedelta(minutes=1)
    with pytest.raises(SignInRefused) as refused:
        store.sign_in("too.late", passwords["too.late"], now=late)
    assert str(refused.value) == ONE_TIME_EXPIRED
    with pytest.raises(SignInRefused) as wrong:  # a wrong password hears nothing about the expiry
        store.sign_in("too.late", "not-the-password", now=late)
    assert str(wrong.value) == WRONG
    fresh = store.reissue_one_time_passwords(ADMIN, ["too.late"], now=late)["too.late"]
    assert store.sign_in("too.late", fresh, now=late + DAYS - dt.timedelta(minutes=1)).must_change_password


def test_a_reissued_slip_expires_too(demo_store):
    store = demo_store
    _new_people(store, "lost.slip", now=T0)
    fresh = store.reissue_one_time_passwords(ADMIN, ["lost.slip"], now=T0)["lost.slip"]
    with pytest.raises(SignInRefused, match="หมดอายุ"):
        store.sign_in("lost.slip", fresh, now=T0 + 400 * dt.timedelta(days=1))


def test_the_slip_prints_until_when_its_password_is_good(tmp_path):
    from ita_dash.reports.slips import Slip, sign_in_slips_pdf

    path = tmp_path / "slips.pdf"
    slip = Slip("สถานีตำรวจภูธรเมืองสมมุติ", "พ.ต.ท. ทดสอบ", "หัวหน้าสายงาน", "test.person", "abcd-efgh-ijkm")
    path.write_bytes(sign_in_slips_pdf([slip], "https://ita.example.go.th", issued=dt.datetime(2026, 12, 8, 2, 0, tzinfo=dt.UTC)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "22 ธ.ค. 2569 09:00 น." in text  # 14 days after issue, Bangkok time
