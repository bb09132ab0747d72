"""An e-mail address is one address (issue 35 item 4): "a@x, attacker@evil" was stored and the reminder went to both.
Refused, naming the field or the row, by the store (one account, an accounts list, the first administrator) and by
the accounts file's preview; a reminder never goes to an address stored before the check."""

from __future__ import annotations

import pytest

from helpers.onboarding_files import ACCOUNT_HEADER, xlsx
from ita_dash.domain.accounts import User, email_problem
from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.model import Actor, Role
from ita_dash.domain.reminders import sendable
from ita_dash.importers import accounts as accounts_list
from ita_dash.store.tables import UserRow

ADMIN = Actor.system("test")
TWO = ["a@x.go.th, attacker@evil.example", "a@x.go.th attacker@evil.example", "Somchai <a@x.go.th>",
       "a@x.go.th\nBcc: attacker@evil.example", "a@@x.go.th", "a@x", "@x.go.th", "a@x.go.th;b@y.go.th"]


@pytest.mark.parametrize("typed", TWO)
def test_anything_but_one_address_is_refused_in_thai(typed):
    problem = email_problem(typed)
    assert problem is not None and ("อีเมลหนึ่งที่อยู่" in problem or "อักขระควบคุม" in problem), problem


@pytest.mark.parametrize("typed", ["", "somchai@police.go.th", "traffic.head@example.go.th", "a.b+c@mail.sub.go.th"])
def test_one_address_or_none_passes(typed):
    assert email_problem(typed) is None


def test_the_store_refuses_two_addresses_and_keeps_nothing(demo_store):
    head = User(username="head.two", role=Role.SECTION_HEAD, unit_code="DEMO-01", section_code="admin",
                email="a@x.go.th, attacker@evil.example")
    with pytest.raises(InvalidEntry) as refused:
        demo_store.add_user(ADMIN, head, "a-good-password-1")
    assert "อีเมลหนึ่งที่อยู่" in refused.value.errors["email"]
    assert demo_store.get_user("head.two") is None
    with pytest.raises(InvalidEntry) as refused:
        demo_store.import_users(ADMIN, [head])
    assert any(key.startswith("head.two") for key in refused.value.errors)
    assert demo_store.get_user("head.two") is None


def test_the_accounts_file_names_the_row_with_two_addresses(demo_store):
    rows = [["", "ร.ต.อ.สมชาย ใจดี", "หัวหน้าสายงาน", "DEMO-01", "งานอำนวยการ", "", "a@x.go.th, attacker@evil.example"]]
    units = demo_store.list_units(ADMIN)
    sections = {u.code: [s for s, retired in demo_store.list_sections(ADMIN, u.code) if not retired] for u in units}
    found = accounts_list.preview("accounts.xlsx", xlsx(ACCOUNT_HEADER, rows), units, sections,
                                  demo_store.list_provinces(ADMIN), demo_store.list_regions(ADMIN))
    assert not found.lines and [(row, "อีเมลหนึ่งที่อยู่" in reason) for row, reason in found.problems] == [(2, True)]


def test_a_reminder_never_goes_to_an_address_stored_before_the_check(demo_store):
    with demo_store._writing() as session:  # as an older version of the app may have stored it
        session.get(UserRow, "demo.head").email = "a@x.go.th, attacker@evil.example"
    assert not sendable(demo_store.get_user("demo.head").email)
    assert sendable("head@example.go.th") and not sendable("")
