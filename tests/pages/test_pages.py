"""Every page under Streamlit's AppTest, on the demo database (built as of 21 Nov 2026)."""

import datetime as dt

import pytest

from helpers.app import ACCOUNTS, button, empty_local_unit, make_app, shown
from ita_dash.domain import pages as registry
from ita_dash.domain.model import (
    Actor,
    FollowUpStatus,
    OitStatus,
    QuotaTool,
)
from ita_dash.store.demo import UNITS
from ita_dash.store.sql import SqlStore

# the pages in every role's menu, each drawing the year of the unit picked (the page registry)
PAGES = [spec.path for spec in registry.shared()]








@pytest.fixture
def app(demo_db, monkeypatch):
    return make_app(monkeypatch, demo_db)


def test_framework_page_lists_indicators_and_oit_items(app):
    app.switch_page("pages/framework.py").run()
    assert not app.exception
    assert app.title[0].value == "กรอบการประเมิน ITA"
    markdown = " ".join(m.value for m in app.markdown)
    for number in range(1, 11):
        assert f"**{number}. " in markdown
    assert list(app.dataframe[0].value["ข้อ"]) == [f"O{n}" for n in range(1, 26)]
    assert any("อนุมานจากปีก่อน" in w.value for w in app.warning)  # FY2570 has no file of its own


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("code, year, as_of", [(s[0], 2570, None) for s in UNITS] + [("DEMO-04", 2569, "2026-04-20")])
def test_every_page_runs_for_every_demo_unit(monkeypatch, demo_db, page, code, year, as_of):
    params = {"unit": code, "fy": str(year), **({"as_of": as_of} if as_of else {})}
    app = make_app(monkeypatch, demo_db, **params)
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert app.title


def test_choosing_a_unit_in_the_sidebar_switches_the_page(app):
    app.run()
    app.selectbox(key="unit_code").set_value("DEMO-IM").run()
    assert not app.exception
    assert app.caption[0].value.startswith("ตรวจคนเข้าเมืองจังหวัดตัวอย่าง")
    assert app.query_params["unit"] in ("DEMO-IM", ["DEMO-IM"])


def test_overview_shows_ten_lights_with_reasons(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20")
    app.run()
    assert app.title[0].value == "ภาพรวมการประเมิน ITA"
    labels = [e.label for e in app.expander]
    assert len(labels) == 10
    assert [label.split(" ", 1)[1].split(".")[0] for label in labels] == [str(n) for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]
    assert any(":red[" in label for label in labels)
    first_reasons = " ".join(m.value for m in app.expander[0].markdown)
    assert "เลยกำหนด" in first_reasons and "↳" in first_reasons  # the reason names the section and its head
    assert app.metric[0].label == "ดัชนีความพร้อม"
    assert "ไม่ใช่คะแนน ITA" in " ".join(c.value for c in app.caption)


def test_as_of_changes_what_the_overview_says(monkeypatch, demo_db):
    early = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2025-11-20")
    early.run()
    late = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-09-30")
    late.run()
    assert early.metric[2].value != late.metric[2].value  # overdue measures grow over the year
    assert "ข้อมูล ณ 20 พ" in early.caption[0].value


def test_monthly_cell_click_shows_that_sections_reports(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20")
    app.switch_page("pages/monthly.py").run()
    assert [s.value for s in app.subheader] == ["รายมาตรการของสายงาน"]
    app.session_state["section_matrix"] = {"selection": {"rows": [], "columns": [], "cells": [[0, "ต.ค."]]}}
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "งานอำนวยการ · ต.ค. 2568"
    detail = app.dataframe[1].value
    assert {"รหัส", "มาตรการ", "สถานะ", "รายงานเมื่อ", "ล่าช้า"} <= set(detail.columns)


def test_meeting_mode_one_topic_per_screen(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20", meeting="1")
    app.run()
    assert not app.exception
    assert shown(app.title[0].value) == "ข้อสั่งการครั้งก่อน"
    seen = [shown(app.title[0].value)]
    while seen[-1] != "ข้อสั่งการ" and len(seen) < 30:
        app.button(key="meeting_next").click().run()
        assert not app.exception
        seen.append(shown(app.title[0].value))
    # a topic longer than the projector's screen goes on over "(ต่อ)" slides (issue 34)
    assert [title for title in seen if not title.endswith("(ต่อ)")] == [
        "ข้อสั่งการครั้งก่อน", "ตัวชี้วัด 10 ตัว", "การรายงานผลรายเดือน", "จำนวนผู้ตอบแบบวัด", "OIT", "กำหนดการ",
        "มาตรการที่ต้องเร่งรัด", "ข้อสั่งการ"]
    app.button(key="meeting_exit").click().run()
    assert shown(app.title[0].value) == "ภาพรวมการประเมิน ITA"


def test_oit_filters(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20")
    app.switch_page("pages/oit.py").run()
    everything = sum(len(df.value) for df in app.dataframe)
    assert everything == 25
    app.multiselect(key="oit_status").set_value([OitStatus.PUBLISHED]).run()
    shown = [row for df in app.dataframe for row in df.value["สถานะ"]]
    assert shown and set(shown) == {"เผยแพร่แล้ว"} and len(shown) < everything




def test_a_unit_with_nothing_shows_empty_states(monkeypatch, tmp_path, templates):
    url = empty_local_unit(tmp_path)
    for page in PAGES:
        app = make_app(monkeypatch, url, unit="LA-1", fy="2570")
        app.switch_page(page).run()
        assert not app.exception, (page, app.exception)
        if page == "pages/history.py":  # putting the unit's year in is itself a change on record
            assert len(app.dataframe) == 1, page
        elif page != "pages/calendar.py":  # a local administration has the borrowed FY calendar (issue 32): not empty
            assert app.info or app.success, page


def test_framework_page_labels_borrowed_phases_closing_times_and_backward_years(monkeypatch, tmp_path, templates):
    url = empty_local_unit(tmp_path, 2567)
    app = make_app(monkeypatch, url, unit="LA-1", fy="2567")
    app.switch_page("pages/framework.py").run()
    assert not app.exception, app.exception
    assert any("อนุมานย้อนหลังจากปีถัดไป" in w.value for w in app.warning)  # FY 2567 derived back from 2568
    calendar = app.dataframe[-1].value
    assert "ยืมจากปฏิทินของ สภ. (เอกสารต้นทาง 001) — รอยืนยัน" in list(calendar["ที่มา"])
    assert "ยืมจากปฏิทินของ สภ. (เอกสารต้นทาง 001), ตม.จว. (เอกสารต้นทาง 003) — รอยืนยัน" in list(calendar["ที่มา"])
    assert any(end.endswith("เวลา 17.00 น.") for end in calendar["สิ้นสุด"])


def test_framework_page_of_immigration_2570_shows_seed_003s_year(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, unit="DEMO-IM", fy="2570")
    app.switch_page("pages/framework.py").run()
    assert not app.exception, app.exception
    captions = [shown(c.value) for c in app.caption]
    assert "9.5 การส่งเสริมความโปร่งใสในหน่วยงาน" in captions
    assert any("EIT(2)" in c and "ไม่มี" in c for c in captions)
    ends = list(app.dataframe[-1].value["สิ้นสุด"])
    assert sum(end.endswith("เวลา 17.00 น.") for end in ends) == 3
    assert set(app.dataframe[-1].value["ที่มา"]) == {"แม่แบบของหน่วยประเภทนี้"}


def test_today_is_the_default_as_of(app):
    app.run()
    picked = app.session_state["as_of"]
    assert isinstance(picked, dt.date)
    assert app.selectbox(key="as_of|y").value == picked.year + 543  # the year is shown in พ.ศ.


# -- accounts, the section head's page, the chief's page, history ---------------------------------------------






def test_sign_in_page_then_the_section_heads_own_page(monkeypatch, demo_db):
    app = make_app(monkeypatch, demo_db, user=None)
    app.run()
    assert [s.value for s in app.subheader] == ["เข้าสู่ระบบ"]
    app.text_input(key="sign_in_username").set_value("demo.head")
    app.text_input(key="sign_in_password").set_value("wrong-password")
    button(app, "เข้าสู่ระบบ").click().run()
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in app.error[0].value
    app.text_input(key="sign_in_password").set_value("demo-head-pass")
    button(app, "เข้าสู่ระบบ").click().run()
    assert not app.exception
    assert app.title[0].value == "รายงานผลของสายงาน"  # a section head starts on their own rows
    app.button(key="sign_out").click().run()
    assert [s.value for s in app.subheader] == ["เข้าสู่ระบบ"]


def test_viewers_and_province_users_get_no_editing_pages(monkeypatch, demo_db):
    for user in ("demo.viewer", "demo.province"):
        app = make_app(monkeypatch, demo_db, user=user)
        app.run()
        assert not app.exception
        with pytest.raises(ValueError, match="manage"):  # not in their navigation: AppTest refuses to switch
            app.switch_page("pages/manage.py").run()
    province = make_app(monkeypatch, demo_db, user="demo.province")
    province.run()
    assert len(province.selectbox(key="unit_code").options) == 9


def _open_card(app) -> str:
    """The key (code|month) of the measure card the phone round has open."""
    return next(s.key for s in app.slider if s.key and s.key.startswith("pc|")).removeprefix("pc|")


def test_a_section_head_saves_a_report_and_bad_fields_are_refused(monkeypatch, writable_db):
    app = make_app(monkeypatch, writable_db, user="demo.head")
    app.switch_page("pages/my_section.py").run()
    first = _open_card(app)
    store = SqlStore(writable_db)
    app.button_group(key=f"st|{first}").set_value(FollowUpStatus.IN_PROGRESS)
    app.slider(key=f"pc|{first}").set_value(50)
    app.text_input(key=f"nt|{first}").set_value("<script>alert(1)</script> **bold**")
    app.button(key=f"save|{first}").click().run()
    assert not app.exception
    assert any(f"บันทึก {first.split('|')[0]} แล้ว" in s.value for s in app.success)  # a visible confirmation
    code, month = first.split("|")
    saved = store.follow_up(Actor.system("test"), "DEMO-01", 2570, code, month)
    assert saved.percent == 50 and saved.note == "<script>alert(1)</script> **bold**" and saved.entered_by == "demo.head"
    second = _open_card(app)  # the next due measure opened by itself
    assert second != first
    second_before = store.follow_up(Actor.system("test"), "DEMO-01", 2570, *second.split("|"))
    app.text_input(key=f"ln|{second}").set_value("ftp://not-a-web-link")
    app.button(key=f"save|{second}").click().run()
    errors = [e.value for e in app.error]
    assert any("ลิงก์หลักฐาน" in e and "http" in e for e in errors)
    assert store.follow_up(Actor.system("test"), "DEMO-01", 2570, *second.split("|")) == second_before  # refused
    assert _open_card(app) == second  # stays open with its refusal
    store.close()


def test_saving_a_card_with_nothing_changed_says_so(monkeypatch, writable_db):
    app = make_app(monkeypatch, writable_db, user="demo.head")
    app.switch_page("pages/my_section.py").run()
    first = _open_card(app)
    app.button(key=f"fin|{first}").click().run()  # "เสร็จแล้ว": one tap
    store = SqlStore(writable_db)
    assert store.follow_up(Actor.system("test"), "DEMO-01", 2570, *first.split("|")).status is FollowUpStatus.DONE
    store.close()
    app.button(key=f"open|{first}").click().run()
    app.button(key=f"save|{first}").click().run()
    assert any("ไม่มีอะไรเปลี่ยน" in i.value for i in app.info)


def test_a_stale_form_is_refused_with_the_other_persons_values(monkeypatch, writable_db):
    app = make_app(monkeypatch, writable_db, user="demo.head")
    app.switch_page("pages/my_section.py").run()
    key = _open_card(app)
    code, month = key.split("|")
    store = SqlStore(writable_db)  # the chief saves the same report while the form is open
    chief = ACCOUNTS["demo.chief"][0].as_actor()
    from ita_dash.domain.entries import FollowUpEntry

    current = store.follow_up(chief, "DEMO-01", 2570, code, month)
    store.save_follow_up(chief, "DEMO-01", 2570, FollowUpEntry(code, month, FollowUpStatus.BLOCKED, None, "รองบประมาณ",
                                                             "", current.version if current else None))
    app.button(key=f"fin|{key}").click().run()
    message = " ".join(shown(e.value) for e in app.error)
    assert "มีผู้แก้ไขรายการนี้ไปแล้ว" in message and "demo.chief" in message and "รองบประมาณ" in message
    assert store.follow_up(chief, "DEMO-01", 2570, code, month).status is FollowUpStatus.BLOCKED
    store.close()


def test_the_chief_adds_a_measure_a_count_and_a_result_and_history_shows_them(monkeypatch, writable_db):
    app = make_app(monkeypatch, writable_db, user="demo.chief")
    app.switch_page("pages/manage.py").run()
    assert not app.exception
    app.text_area(key="new_activity").set_value("ประชุมชี้แจงแนวทางการให้บริการ")
    app.selectbox(key="new_owner_section").set_value("admin")
    button(app, "เพิ่มมาตรการ").click().run()
    assert not app.exception
    app.session_state["manage_tab"] = "จำนวนผู้ตอบจาก ITAP"  # only the open tab is drawn (issue 18): open it
    app.run()
    app.number_input(key="snap_count").set_value(42)
    app.selectbox(key="snap_tool").set_value(QuotaTool.EIT)
    button(app, "บันทึกจำนวน").click().run()
    assert not app.exception
    app.session_state["manage_tab"] = "ผลการประเมิน"
    app.run()
    app.number_input(key="result_total").set_value(88.13)
    button(app, "บันทึกผล").click().run()
    assert not app.exception
    data = SqlStore(writable_db).load_unit_year(Actor.system("test"), "DEMO-01", 2570)
    assert any(m.activity == "ประชุมชี้แจงแนวทางการให้บริการ" for m in data.measures)
    assert any(s.count == 42 and s.entered_by == "demo.chief" for s in data.quota_snapshots)
    assert next(r for r in data.results if r.fiscal_year == 2569).level == "A"
    history = make_app(monkeypatch, writable_db, user="demo.chief")
    history.switch_page("pages/history.py").run()
    table = history.dataframe[0].value
    assert {"ผกก.สภ.เมืองตัวอย่าง (สาธิต)"} <= set(table["ผู้แก้ไข"]) and "เพิ่ม" in set(table["ช่อง"])  # in Thai
    assert any(r.startswith("มาตรการ ") for r in table["รายการ"])
    assert history.get("download_button")[0].proto.label == "ดาวน์โหลด CSV"


def test_import_page_upload_correct_mapping_commit_and_reimport(monkeypatch, writable_db):
    from helpers.plans import as_csv, seed_rows

    rows = seed_rows("001")  # a FY 2568 plan going into FY 2570
    app = make_app(monkeypatch, writable_db, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/import_plan.py").run()
    app.file_uploader[0].set_value(("plan.csv", as_csv(rows), "text/csv")).run()
    assert not app.exception
    assert app.subheader[-1].value == "ตัวอย่างก่อนนำเข้า (22 มาตรการ)"
    # the dates are two years early: the import waits for a decision and offers to move them
    assert any("ปีงบประมาณ 2568 ไม่ใช่ 2570" in w.value for w in app.warning)
    assert button(app, "นำเข้า").disabled
    dates = next(r for r in app.radio if r.key and r.key.startswith("plan_dates|"))
    dates.set_value("move").run()
    assert not button(app, "นำเข้า").disabled
    # a person decides the "ผลผลิต" column is a note, not the output
    output_column = next(s for s in app.selectbox if s.key and s.key.startswith("map|") and s.value == "output")
    output_column.set_value("extra").run()
    assert not app.exception
    preview = app.dataframe[0].value
    assert len(preview) == 22 and "30 มี.ค. 2570" in set(preview["กำหนดเสร็จ"])
    assert "ทุกสายงาน" in set(preview["สายงาน"])
    button(app, "นำเข้า").click().run()
    assert "เพิ่ม 34" in app.success[0].value  # 3 all-section measures, one per each of the 5 sections
    store = SqlStore(writable_db)
    imported = [m for m in store.load_unit_year(Actor.system("t"), "DEMO-01", 2570).measures if "ผลผลิต:" in m.extra]
    assert len(imported) == 34 and all(m.output == "" for m in imported)
    assert all(m.deadline is None or m.deadline.year in (2026, 2027) for m in imported)

    changed = [list(r) for r in rows]
    changed[1][5] = "๑๕ เม.ย. ๖๘"
    again = make_app(monkeypatch, writable_db, user="demo.chief", unit="DEMO-01", fy="2570")
    again.switch_page("pages/import_plan.py").run()
    again.file_uploader[0].set_value(("plan.csv", as_csv(changed), "text/csv")).run()
    next(r for r in again.radio if r.key and r.key.startswith("plan_dates|")).set_value("move").run()
    next(s for s in again.selectbox if s.key and s.key.startswith("map|") and s.value == "output").set_value("extra").run()
    button(again, "นำเข้า").click().run()
    assert "เพิ่ม 0 · แก้ไข 1 · ไม่เปลี่ยนแปลง 33" in again.success[0].value
    store.close()


def test_the_day_is_picked_in_buddhist_era_and_follows_the_end_of_last_month_button(monkeypatch, demo_db):
    """Issue 17: day / Thai month / พ.ศ. dropdowns, never the Christian year; the button moves them."""
    from ita_dash.domain.fiscal import last_closed_month
    from ita_dash.domain.thaidate import today_bangkok

    app = make_app(monkeypatch, demo_db, unit="DEMO-04", fy="2569", as_of="2026-04-20")
    app.run()
    assert (app.selectbox(key="as_of|d").value, app.selectbox(key="as_of|m").value,
            app.selectbox(key="as_of|y").value) == (20, 4, 2569)
    assert "เม.ย." in app.selectbox(key="as_of|m").options
    app.selectbox(key="as_of|d").set_value(3).run()
    assert app.query_params["as_of"] in ("2026-04-03", ["2026-04-03"])
    current = make_app(monkeypatch, demo_db)
    current.run()
    end = last_closed_month(today_bangkok()).last_day
    button(current, "สิ้นเดือนที่แล้ว").click().run()
    assert current.session_state["as_of"] == end
    assert (current.selectbox(key="as_of|d").value, current.selectbox(key="as_of|y").value) == (end.day, end.year + 543)


def test_the_phone_round_quick_answers(monkeypatch, writable_db):
    """"เหมือนเดือนที่แล้ว" saves last month's status and percent in one tap; a finished status is 100 %."""
    app = make_app(monkeypatch, writable_db, user="demo.head")
    app.switch_page("pages/my_section.py").run()
    store = SqlStore(writable_db)
    first = _open_card(app)
    code, month = first.split("|")
    app.button(key=f"same|{first}").click().run()
    saved = store.follow_up(Actor.system("test"), "DEMO-01", 2570, code, month)
    data = store.load_unit_year(Actor.system("test"), "DEMO-01", 2570)
    before = max((f for f in data.follow_ups if f.measure_code == code and f.month < month), key=lambda f: f.month)
    assert (saved.status, saved.percent) == (before.status, before.percent)
    second = _open_card(app)
    app.button_group(key=f"st|{second}").set_value(FollowUpStatus.DONE)
    app.button(key=f"save|{second}").click().run()
    assert not app.error
    assert store.follow_up(Actor.system("test"), "DEMO-01", 2570, *second.split("|")).percent == 100
    store.close()


def test_import_page_copies_last_years_plan(monkeypatch, writable_db):
    """คัดลอกแผนจากปีที่แล้ว: the same year check, then one click; running it twice adds nothing (issue 14)."""
    app = make_app(monkeypatch, writable_db, user="demo.chief", unit="DEMO-01", fy="2570")
    app.switch_page("pages/import_plan.py").run()
    assert not app.exception
    store = SqlStore(writable_db)
    before = len(store.load_unit_year(Actor.system("t"), "DEMO-01", 2570).measures)
    last_year = [m for m in store.load_unit_year(Actor.system("t"), "DEMO-01", 2569).measures if not m.retired]
    dates = next(r for r in app.radio if r.key == "copy_dates")
    assert dates.value == "move"  # the dates of 2569 are offered one year on
    button(app, "คัดลอกแผนจากปีที่แล้ว").click().run()
    assert not app.exception and "คัดลอกแผนจากปี 2569 แล้ว" in app.success[0].value
    after = store.load_unit_year(Actor.system("t"), "DEMO-01", 2570)
    assert before <= len(after.measures) <= before + len(last_year)
    assert not [f for f in after.follow_ups if f.measure_code not in {m.code for m in after.measures}]
    button(app, "คัดลอกแผนจากปีที่แล้ว").click().run()
    assert "เพิ่ม 0" in app.success[0].value
    assert len(store.load_unit_year(Actor.system("t"), "DEMO-01", 2570).measures) == len(after.measures)
    store.close()


def test_import_page_asks_to_confirm_an_approximate_owner(monkeypatch, writable_db):
    from helpers.plans import as_csv, seed_rows

    rows = seed_rows("002")
    first = next(i for i, r in enumerate(rows) if r[2] and r[6] and r[0] != "ตัวชี้วัด")
    rows[first][6] = "สารวัตรอำนาจการ"  # seed 000's misspelling of สารวัตรอำนวยการ
    app = make_app(monkeypatch, writable_db, user="demo.admin", unit="DEMO-IM", fy="2570")
    app.switch_page("pages/import_plan.py").run()
    app.file_uploader[0].set_value(("plan.csv", as_csv(rows), "text/csv")).run()
    assert not app.exception
    assert "ผู้รับผิดชอบที่จับคู่แบบใกล้เคียง — โปรดยืนยัน" in [s.value for s in app.subheader]
    confirm = next(s for s in app.selectbox if s.key == "fuzzy|สารวัตรอำนาจการ")
    assert confirm.value == "admin" and "อำนาจการ" in confirm.label
    confirm.set_value("").run()  # the chief says it is nobody's
    table = app.dataframe[0].value
    assert table.loc[table["แถว"] == str(first + 1), "สายงาน"].iloc[0] == ""  # the row as the preview names it


def test_import_page_waits_for_the_indicator_of_a_row_it_cannot_read(monkeypatch, writable_db):
    """Issue 31: a row whose indicator cannot be read blocks the import until the chief picks one or leaves it out."""
    from helpers.plans import plain_csv as as_csv
    from helpers.plans import raw_rows

    app = make_app(monkeypatch, writable_db, user="demo.admin", unit="DEMO-IM", fy="2570")
    app.switch_page("pages/import_plan.py").run()
    app.file_uploader[0].set_value(("plan.csv", as_csv(raw_rows("003")), "text/csv")).run()
    assert not app.exception
    next(r for r in app.radio if r.key and r.key.startswith("plan_dates|")).set_value("move").run()
    assert "แถวที่ยังไม่ทราบตัวชี้วัด — เลือกก่อนนำเข้า" in [s.value for s in app.subheader]
    pickers = [s for s in app.selectbox if s.key and s.key.startswith("ind|")]
    assert len(pickers) == 2 and button(app, "นำเข้า").disabled
    pickers[0].set_value(0).run()  # "ไม่นำเข้าแถวนี้"
    assert button(app, "นำเข้า").disabled
    next(s for s in app.selectbox if s.key == pickers[1].key).set_value(0).run()
    assert not button(app, "นำเข้า").disabled
    assert [s.value for s in app.selectbox if s.key and s.key.startswith("ind|")] == [0, 0]  # the choices stay
    button(app, "นำเข้า").click().run()
    assert not app.exception and any("นำเข้าแล้ว" in s.value for s in app.success)


def test_the_chiefs_own_measure_is_refused_like_an_imported_row(monkeypatch, writable_db):
    """Issue 31 item 6: "31 มี.ค. 25567" with no section chosen was saved with no deadline and no owner."""
    app = make_app(monkeypatch, writable_db, user="demo.chief")
    app.switch_page("pages/manage.py").run()
    before = len(SqlStore(writable_db).load_unit_year(Actor.system("test"), "DEMO-01", 2570).measures)
    app.text_area(key="new_activity").set_value("ติดป้ายประกาศช่องทางร้องเรียน")
    app.text_input(key="new_deadline_text").set_value("31 มี.ค. 25567")
    button(app, "เพิ่มมาตรการ").click().run()
    errors = " ".join(e.value for e in app.error)
    assert "ปี “25567” ไม่ถูกต้อง" in errors and "ต้องเลือกสายงานผู้รับผิดชอบ" in errors
    assert len(SqlStore(writable_db).load_unit_year(Actor.system("test"), "DEMO-01", 2570).measures) == before
