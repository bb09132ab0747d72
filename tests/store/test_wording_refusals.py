"""Refusals, labels and the accounts file in the words of the unit (issue 32 item 5): what a local administration's
chief, หัวหน้ากอง or the administrator is told says กอง, never สายงาน; a police station's messages are unchanged."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.local_unit import ADMIN, FY, LA
from ita_dash.domain.accounts import User
from ita_dash.domain.audit_labels import field_label
from ita_dash.domain.entries import InvalidEntry, MeasureEntry, measure_errors
from ita_dash.domain.model import Actor, Measure, Role, UnitKind
from ita_dash.domain.orders import ChairOrder, OrderEntry, OrderStatus, assess_order, order_errors
from ita_dash.domain.permissions import NotAllowed, check_report
from ita_dash.domain.wording import DIVISIONS, LINES_OF_WORK, MIXED, words_of
from ita_dash.importers.accounts import preview as preview_accounts
from ita_dash.store.sql import SqlStore

LOCAL = words_of(UnitKind.LOCAL_ADMIN)


def test_our_labels_are_said_in_each_kinds_words():
    text = "หัวหน้าสายงานรายงานผลได้เฉพาะมาตรการของสายงานตนเอง"
    assert LINES_OF_WORK.say(text) == text
    assert DIVISIONS.say(text) == "หัวหน้ากองรายงานผลได้เฉพาะมาตรการของกองตนเอง"
    assert MIXED.say("มอบหมายสายงาน") == "มอบหมายสายงาน/กอง"  # one pass: the new words are not said again
    assert MIXED.say("หัวหน้าสายงาน") == "หัวหน้าสายงาน/หัวหน้ากอง"
    assert field_label("owner_section", UnitKind.LOCAL_ADMIN) == "กองที่รับผิดชอบ"
    assert field_label("owner_section", UnitKind.POLICE_STATION) == "สายงานที่รับผิดชอบ"
    assert field_label("sections", UnitKind.LOCAL_ADMIN) == "มอบหมายกอง"


def test_domain_checks_speak_the_units_words():
    errors = measure_errors(MeasureEntry(indicator=1, activity="ประชุมชี้แจง"), LOCAL)
    assert "กอง" in errors["owner_section"] and "สายงาน" not in errors["owner_section"]
    assert "สายงาน" in measure_errors(MeasureEntry(indicator=1, activity="ประชุมชี้แจง"))["owner_section"]
    entry = OrderEntry(text="เร่งรัด", sections=("nowhere",), meeting_on=dt.date(2026, 12, 1), due=None,
                       status=OrderStatus.OPEN)
    assert order_errors(entry, FY, {"office"}, LOCAL)["sections"] == "ไม่พบกอง nowhere ในหน่วยนี้"
    order = ChairOrder(number=1, meeting_on=dt.date(2026, 11, 3), text="เร่งรัด", sections=["office", "finance"],
                       status=OrderStatus.OPEN)
    assert assess_order(order, [], dt.date(2026, 12, 7), words=LOCAL).reason == "ยังไม่รายงาน 2 กอง"


def test_a_heads_refusal_names_their_kind():
    head = Actor(username="la.head", role=Role.SECTION_HEAD, unit_code=LA, section_code="office",
                 unit_kind=UnitKind.LOCAL_ADMIN)
    other = Measure(code="2-01", indicator=2, activity="เผยแพร่แผน", owner_section="finance")
    with pytest.raises(NotAllowed) as refused:
        check_report(head, LA, other)
    assert "หัวหน้ากอง" in str(refused.value) and "กองตนเอง" in str(refused.value)
    assert "สายงาน" not in str(refused.value)
    police = head.model_copy(update={"unit_kind": UnitKind.POLICE_STATION})
    with pytest.raises(NotAllowed, match="หัวหน้าสายงาน"):
        check_report(police, LA, other)


def test_the_store_refuses_in_the_units_words(local_db):  # noqa: F811
    store = SqlStore(local_db)
    try:
        with pytest.raises(InvalidEntry) as refused:
            store.save_measure(ADMIN, LA, FY, MeasureEntry(indicator=3, activity="จัดอบรม"))
        assert refused.value.errors["owner_section"].startswith("ต้องเลือกกองผู้รับผิดชอบ")
        name = next(s.name for s, _ in store.list_sections(ADMIN, LA) if s.code == "office")
        with pytest.raises(InvalidEntry) as refused:
            store.save_section(ADMIN, LA, None, name)
        assert refused.value.errors["name"] == f"มีกองชื่อ {name} อยู่แล้ว"
        with pytest.raises(InvalidEntry) as refused:
            store.save_order(ADMIN, LA, FY, OrderEntry(text="เร่งรัด", sections=(), meeting_on=dt.date(2026, 12, 1)))
        assert refused.value.errors["sections"] == "เลือกอย่างน้อยหนึ่งกอง"
        with pytest.raises(InvalidEntry) as refused:
            store.add_user(ADMIN, User(username="la.nobody", display_name="นาย ข", role=Role.SECTION_HEAD,
                                       unit_code=LA, section_code="nowhere"), "la-nobody-pass-1234")
        assert "ไม่มีกอง nowhere" in str(refused.value.errors)
        store.save_order(ADMIN, LA, FY, OrderEntry(text="เร่งรัด", sections=("office",), meeting_on=dt.date(2026, 11, 3)))
        book = store.load_orders(ADMIN, LA, FY)
        assert book.kind is UnitKind.LOCAL_ADMIN
    finally:
        store.close()


def test_the_accounts_file_of_a_local_administration(local_db):  # noqa: F811
    store = SqlStore(local_db)
    try:
        units, sections = store.list_units(ADMIN), {LA: [s for s, _ in store.list_sections(ADMIN, LA)]}
        provinces, regions = store.list_provinces(ADMIN), store.list_regions(ADMIN)
    finally:
        store.close()
    office = next(s for s in sections[LA] if s.code == "office")
    content = ("ยศ ชื่อ สกุล,บทบาท,หน่วย,กอง\n"
               f"นาง ค,หัวหน้ากอง,{LA},{office.name}\n"
               f"นาย ง,หัวหน้ากอง,{LA},กองที่ไม่มี\n").encode()
    preview = preview_accounts("accounts.csv", content, units, sections, provinces, regions)
    assert [(line.user.role, line.user.section_code) for line in preview.lines] == [(Role.SECTION_HEAD, "office")]
    [(row, reason)] = preview.problems
    assert row == 3 and "ไม่มีกอง “กองที่ไม่มี”" in reason and "สายงาน" not in reason
