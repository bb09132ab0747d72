"""The demo plus an อบต. (LA) with a plan, a chief and a หัวหน้ากอง (the module-scoped ``local_db`` fixture), and
the app signed in as one of its people (``signed_in_as``)."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.app import make_app
from helpers.databases import copy_database
from ita_dash.domain.accounts import User
from ita_dash.domain.model import (
    Actor,
    Measure,
    Role,
    Unit,
    UnitKind,
)
from ita_dash.store.sql import SqlStore

ADMIN = Actor.system("test admin")


FY = 2570


LA = "LA-KL"


@pytest.fixture(scope="module")
def local_db(demo_db, tmp_path_factory, templates):
    """The demo plus an อบต. with its divisions, a plan, a chief and a หัวหน้ากอง."""
    url = copy_database(demo_db, tmp_path_factory.mktemp("wording") / "ita.db")
    store = SqlStore(url)
    province = store.list_provinces(ADMIN)[0]
    store.import_units(ADMIN, [], [], [(Unit(code=LA, name="องค์การบริหารส่วนตำบลคำไหล", short_name="อบต.คำไหล",
                                             kind=UnitKind.LOCAL_ADMIN, province_code=province.code), 20)], FY)
    store.import_plan(ADMIN, LA, FY, [
        Measure(code="1-01", indicator=1, activity="ประกาศเจตนารมณ์", owner_section="office",
                deadline=dt.date(2027, 3, 31)),
        Measure(code="2-01", indicator=2, activity="เผยแพร่แผนการใช้จ่ายงบประมาณ", owner_section="finance",
                deadline=dt.date(2027, 1, 31))])
    store.add_user(ADMIN, User(username="la.chief", display_name="นายก อบต.", role=Role.CHIEF, unit_code=LA),
                   "la-chief-pass-1234")
    store.add_user(ADMIN, User(username="la.head", display_name="ปลัด อบต.", role=Role.SECTION_HEAD, unit_code=LA,
                               section_code="office"), "la-head-pass-1234")
    store.close()
    return url




# --- moved


def signed_in_as(monkeypatch, url, username):
    app = make_app(monkeypatch, url, user="demo.admin", unit=LA, fy=str(FY))
    store = SqlStore(url)
    app.session_state["_user"] = next(u for u in store.list_users(ADMIN) if u.username == username)
    store.close()
    return app
