"""ตั้งค่าหน่วยงาน (issue 13): bring a province on board. Administrators upload the list of units (regions and
provinces come with it) and the list of people (accounts with one-time passwords, printed on sign-in slips); the
chief and administrators rename, add and retire the unit's sections and name their heads. Nothing is written before
"นำเข้า"; the preview says exactly what an import would add and change."""

import hashlib
import os
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from ita_dash.domain.entries import section_errors
from ita_dash.domain.fields import limit_of, text_problem
from ita_dash.domain.fiscal import fiscal_year_of
from ita_dash.domain.model import Role, thai
from ita_dash.domain.permissions import is_unit_manager
from ita_dash.domain.settings import SECURITY
from ita_dash.domain.thaidate import format_datetime, today_bangkok
from ita_dash.domain.wording import role_label, words_for, words_of
from ita_dash.importers import accounts as accounts_list
from ita_dash.importers import units as units_list
from ita_dash.importers.plan import PlanFileError
from ita_dash.reports.slips import Slip, app_address, sign_in_slips_pdf
from ita_dash.store.base import REFUSALS
from ita_dash.ui import context
from ita_dash.ui.format import limited, plain

actor = context.actor()
store = context.get_store()
selection = st.session_state.get("_selection") if "_selection" in st.session_state else context.current()
st.title("ตั้งค่าหน่วยงาน")
admin = actor.role is Role.ADMIN
if not admin and (selection is None or not is_unit_manager(actor, selection.unit.code)):
    st.info("หน้านี้สำหรับหัวหน้าหน่วยและผู้ดูแลระบบ", icon=":material/lock:")
    st.stop()
for key, show in (("_units_admin_done", st.success), ("_units_admin_error", st.error)):
    if message := st.session_state.pop(key, None):
        show(plain(message), icon=":material/check_circle:" if show is st.success else ":material/error:")


def _problems(problems: list[tuple[int, str]]) -> None:
    if problems:
        st.error(f"แถวที่อ่านไม่ได้ {len(problems)} แถว — แก้ไฟล์แล้วอัปโหลดใหม่ (ยังไม่ได้นำเข้าสักรายการ):  \n"
                 + "  \n".join(f"แถว {row}: {plain(reason)}" for row, reason in problems), icon=":material/error:")


def _upload(label: str, key: str):
    """The uploaded file's name and bytes, and a key that changes with its content (previews are kept per file,
    so a rerun does not read the workbook again)."""
    upload = st.file_uploader(label, type=["xlsx", "csv"], key=key)
    if upload is None:
        return None, None, None
    content = upload.getvalue()
    return upload.name, content, f"{key}|{upload.name}|{hashlib.sha256(content).hexdigest()[:16]}"


def units_tab() -> None:
    st.caption("หนึ่งแถวต่อหนึ่งหน่วย: รหัสหน่วย · ชื่อหน่วย · ประเภทหน่วย (สถานีตำรวจ / ตรวจคนเข้าเมืองจังหวัด / "
               "องค์กรปกครองส่วนท้องถิ่น) · รหัสจังหวัด · จังหวัด · รหัสภาค · ภาค · จำนวนกำลังพล — หัวตารางภาษาไทยหรืออังกฤษ "
               "ตัวอย่างไฟล์: docs/samples/units.xlsx")
    fiscal_year = st.number_input("จำนวนกำลังพลเป็นของปีงบประมาณ (พ.ศ.)", min_value=2560, max_value=2650,
                                  value=fiscal_year_of(today_bangkok()), step=1, key="units_fy")
    name, content, key = _upload("ไฟล์รายชื่อหน่วย (.xlsx หรือ .csv แบบ UTF-8)", "units_file")
    if content is None:
        return
    if st.session_state.get("_units_preview_key") != (key, fiscal_year):
        try:
            found = units_list.preview(name, content, store.list_regions(actor), store.list_provinces(actor))
        except PlanFileError as refusal:
            st.error(plain(str(refusal)), icon=":material/error:")
            return
        would = None
        if found.lines and not found.problems:
            would = store.import_units(actor, list(found.regions.values()), list(found.provinces.values()),
                                       [(line.unit, line.staff_count) for line in found.lines], int(fiscal_year),
                                       dry_run=True)
        st.session_state["_units_preview"] = (found, would)
        st.session_state["_units_preview_key"] = (key, fiscal_year)
    found, would = st.session_state["_units_preview"]
    st.subheader(f"ตัวอย่างก่อนนำเข้า ({len(found.lines)} หน่วย)")
    st.caption(f"หัวตารางอยู่แถวที่ {found.table.header_row} · จังหวัด: "
               + ", ".join(plain(f"{p.name} ({p.code})") for p in found.provinces.values())
               + " · ภาค: " + ", ".join(plain(f"{r.name} ({r.code})") for r in found.regions.values()))
    st.dataframe(pd.DataFrame([{
        "แถว": line.row, "รหัสหน่วย": line.unit.code, "ชื่อหน่วย": line.unit.name, "ประเภท": thai(line.unit.kind),
        "จังหวัด": found.provinces[line.unit.province_code].name, "กำลังพล": line.staff_count,
    } for line in found.lines]), hide_index=True, width="stretch", height=280)
    if found.notes:
        with st.expander(f"อ่านแบบยืดหยุ่น {len(found.notes)} จุด"):
            for row, note in found.notes:
                st.markdown(plain(f"แถว {row}: {note}"))
    _problems(found.problems)
    if would is not None:
        changes = would["regions_changed"] + would["provinces_changed"] + would["units_changed"] + would["staff_changed"]
        st.info(f"นำเข้าแล้วจะ: เพิ่ม {len(would['units_added'])} หน่วย · {len(would['provinces_added'])} จังหวัด · "
                f"{len(would['regions_added'])} ภาค · แก้ไข {len(changes)} รายการ · ไม่เปลี่ยนแปลง "
                f"{len(would['units_unchanged'])} หน่วย", icon=":material/info:")
        if changes:
            st.markdown("  \n".join(plain(change) for change in changes[:50]))

    def commit() -> None:
        try:
            done = store.import_units(actor, list(found.regions.values()), list(found.provinces.values()),
                                      [(line.unit, line.staff_count) for line in found.lines], int(fiscal_year))
        except REFUSALS as refusal:
            st.session_state["_units_admin_error"] = str(refusal)
            return
        st.session_state.pop("_units_preview_key", None)
        changed = len(done["units_changed"]) + len(done["staff_changed"]) + len(done["provinces_changed"]) + len(
            done["regions_changed"])
        st.session_state["_units_admin_done"] = (
            f"นำเข้าแล้ว: เพิ่ม {len(done['units_added'])} หน่วย · {len(done['provinces_added'])} จังหวัด · "
            f"{len(done['regions_added'])} ภาค · แก้ไข {changed} รายการ · ไม่เปลี่ยนแปลง {len(done['units_unchanged'])} หน่วย")

    st.button("นำเข้า", type="primary", on_click=commit, disabled=bool(found.problems) or not found.lines,
              key="units_commit")


def _kinds() -> dict:
    """Each unit's kind, for a role or a section named in the words of the person's own unit."""
    return {u.code: u.kind for u in store.list_units(actor)}


def accounts_tab() -> None:
    kinds = _kinds()
    words = words_for(kinds.values())  # a list may hold police stations and อบต. alike: "สายงาน/กอง"
    st.caption(f"หนึ่งแถวต่อหนึ่งคน: ชื่อผู้ใช้ (เว้นว่างได้ ระบบสร้างจากหน่วยและ{words.section}) · ยศ ชื่อ สกุล · บทบาท "
               f"(หัวหน้าหน่วย / {words.section_head} / ระดับจังหวัด / ระดับภาค / ผู้ชม) · หน่วย · {words.section} · "
               "จังหวัด · ภาค · อีเมล — ตัวอย่างไฟล์: docs/samples/accounts.xlsx")
    if slips := st.session_state.get("_slips_pdf"):
        st.warning("ใบแจ้งบัญชีผู้ใช้มีรหัสผ่านครั้งเดียวของทุกบัญชีใหม่ และเป็นที่เดียวที่มีรหัสเหล่านี้ — ดาวน์โหลดแล้วพิมพ์แจก "
                   "จากนั้นกด “ลบใบแจ้งออกจากหน้านี้”", icon=":material/key:")
        left, right = st.columns(2)
        left.download_button("ดาวน์โหลดใบแจ้งบัญชีผู้ใช้ (PDF)", slips, file_name="sign-in-slips.pdf",
                             mime="application/pdf", type="primary", icon=":material/download:", key="slips_download",
                             on_click="ignore")
        right.button("ลบใบแจ้งออกจากหน้านี้", on_click=lambda: st.session_state.pop("_slips_pdf", None), key="slips_forget")
    try:
        parts = urlsplit(st.context.url)
        here = f"{parts.scheme}://{parts.netloc}" if parts.netloc else None
    except Exception:  # noqa: BLE001 - no request context: the configured address
        here = None
    address = st.text_input(limited("ที่อยู่ของแอปที่พิมพ์บนใบแจ้ง", limit_of("link").chars),
                            value=os.environ.get("ITA_APP_URL") or app_address(here), key="slips_address")
    if problem := text_problem(address, limit_of("link")):
        st.error(f"ที่อยู่ของแอป: {problem}", icon=":material/error:")
        return
    name, content, key = _upload("ไฟล์รายชื่อผู้ใช้ (.xlsx หรือ .csv แบบ UTF-8)", "accounts_file")
    if content is None:
        return
    if st.session_state.get("_accounts_preview_key") != key:
        units = store.list_units(actor)
        sections = {u.code: [s for s, retired in store.list_sections(actor, u.code) if not retired] for u in units}
        try:
            found = accounts_list.preview(name, content, units, sections, store.list_provinces(actor),
                                          store.list_regions(actor))
        except PlanFileError as refusal:
            st.error(plain(str(refusal)), icon=":material/error:")
            return
        would = (store.import_users(actor, [line.user for line in found.lines], dry_run=True)[0]
                 if found.lines and not found.problems else None)
        st.session_state["_accounts_preview"] = (found, would)
        st.session_state["_accounts_preview_key"] = key
    found, would = st.session_state["_accounts_preview"]
    st.subheader(f"ตัวอย่างก่อนนำเข้า ({len(found.lines)} บัญชี)")
    st.dataframe(pd.DataFrame([{
        "แถว": line.row, "ชื่อผู้ใช้": line.user.username, "ยศ ชื่อ สกุล": line.user.display_name,
        "บทบาท": role_label(line.user.role, kinds.get(line.user.unit_code)), "หน่วย": line.unit_name,
        words.section: line.user.section_code or "",
        "อีเมล": line.user.email,
    } for line in found.lines]), hide_index=True, width="stretch", height=280)
    _problems(found.problems)
    if would is not None:
        st.info(f"นำเข้าแล้วจะ: เพิ่ม {len(would['added'])} บัญชี (แต่ละบัญชีได้รหัสผ่านครั้งเดียวบนใบแจ้ง) · แก้ไข "
                f"{len(would['changed'])} · ไม่เปลี่ยนแปลง {len(would['unchanged'])}", icon=":material/info:")

    def commit() -> None:
        try:
            done, passwords = store.import_users(actor, [line.user for line in found.lines])
        except REFUSALS as refusal:
            st.session_state["_units_admin_error"] = str(refusal)
            return
        st.session_state.pop("_accounts_preview_key", None)
        if passwords:
            st.session_state["_slips_pdf"] = sign_in_slips_pdf(
                [Slip(line.unit_name, line.user.display_name, role_label(line.user.role, kinds.get(line.user.unit_code)),
                      line.user.username,
                      passwords[line.user.username]) for line in found.lines if line.user.username in passwords],
                address or app_address())
        heads = f" · ระบุ{words.section_head} {len(done['heads'])} {words.section}" if done["heads"] else ""
        st.session_state["_units_admin_done"] = (f"นำเข้าบัญชีแล้ว: เพิ่ม {len(done['added'])} · แก้ไข {len(done['changed'])} · "
                                                 f"ไม่เปลี่ยนแปลง {len(done['unchanged'])}{heads}")

    st.button("นำเข้า", type="primary", on_click=commit, disabled=bool(found.problems) or not found.lines,
              key="accounts_commit")


def reissue_box() -> None:
    """A lost slip, or a one-time password spent before the person chose their own: a new slip."""
    with st.expander("ออกใบแจ้งรหัสผ่านครั้งเดียวใหม่ (ใบหาย หรือใช้รหัสไปแล้วแต่ยังไม่ได้ตั้งรหัสของตนเอง)"):
        users = {u.username: u for u in store.list_users(actor)}
        chosen = st.multiselect("บัญชี", list(users), key="reissue_users", max_selections=200,
                                format_func=lambda n: f"{n} — {users[n].display_name}")

        def reissue() -> None:
            try:
                passwords = store.reissue_one_time_passwords(actor, chosen)
            except REFUSALS as refusal:
                st.session_state["_units_admin_error"] = str(refusal)
                return
            names, kinds = {u.code: u.name for u in store.list_units(actor)}, _kinds()
            st.session_state["_slips_pdf"] = sign_in_slips_pdf(
                [Slip(names.get(users[n].unit_code or "", ""), users[n].display_name or n,
                      role_label(users[n].role, kinds.get(users[n].unit_code)), n,
                      passwords[n]) for n in chosen], st.session_state.get("slips_address") or app_address())
            st.session_state["_units_admin_done"] = f"ออกรหัสผ่านครั้งเดียวใหม่ {len(chosen)} บัญชี — ดาวน์โหลดใบแจ้งด้านบน"
            st.session_state.pop("reissue_users", None)

        st.button("ออกรหัสใหม่", on_click=reissue, disabled=not chosen, key="reissue_commit")


def attempts_box() -> None:
    """Refused sign-ins (issue 35): who was tried, when, from where, and whether strangers are locked out of it."""
    with st.expander(f"การเข้าสู่ระบบที่ไม่สำเร็จ ({SECURITY.attempts_keep_days} วันล่าสุด)"):
        attempts = store.sign_in_attempts(actor)
        if not attempts:
            st.caption("ไม่มีการเข้าสู่ระบบที่ไม่สำเร็จ")
            return
        st.caption("ชื่อผู้ใช้ที่ถูกใส่รหัสผ่านผิด (หรือไม่มีบัญชีนี้) · บัญชีที่ถูกล็อกยังเข้าได้จากเบราว์เซอร์ที่เคยเข้าสู่ระบบ"
                   "ด้วยรหัสผ่านที่ถูกต้อง หรือเมื่อผู้ดูแลระบบตั้งรหัสผ่านใหม่")
        st.dataframe(pd.DataFrame([{
            "เวลา": format_datetime(a.at), "ชื่อผู้ใช้ที่ใส่": a.username, "ที่มา": a.source,
            "บัญชีถูกล็อก": "ใช่" if a.locked else ""} for a in attempts]), hide_index=True, width="stretch")


def sections_tab() -> None:
    if selection is None:
        st.info("ยังไม่มีหน่วย — นำเข้ารายชื่อหน่วยก่อน", icon=":material/info:")
        return
    unit = selection.unit
    words = words_of(unit.kind)
    st.caption(plain(f"{unit.name} — {words.section}เริ่มจากแม่แบบของหน่วยประเภทนี้ แก้ชื่อ เพิ่ม หรือยกเลิกได้ "
                     "(ประวัติการแก้ไขบันทึกทุกครั้ง)"))
    sections = store.list_sections(actor, unit.code)
    name_label = limited(f"ชื่อ{words.section}", limit_of("name").chars)
    head_label = limited(f"ยศ ชื่อ สกุล {words.section_head}", limit_of("head_name").chars)
    with st.form(f"sections|{unit.code}", border=True):
        rows = []
        for section, retired in sections:
            name_col, head_col, retired_col = st.columns([3, 3, 1], vertical_alignment="bottom")
            rows.append((section, retired,
                         name_col.text_input(name_label, section.name, key=f"sec_name|{unit.code}|{section.code}"),
                         head_col.text_input(head_label, section.head_name, key=f"sec_head|{unit.code}|{section.code}"),
                         retired_col.checkbox("ยกเลิก", retired, key=f"sec_retired|{unit.code}|{section.code}")))
        st.markdown(f"**เพิ่ม{words.section}ใหม่**")
        name_col, head_col = st.columns(2)
        new_name = name_col.text_input(name_label, key=f"sec_new_name|{unit.code}")
        new_head = head_col.text_input(head_label, key=f"sec_new_head|{unit.code}")
        submitted = st.form_submit_button(f"บันทึก{words.section}", type="primary")
    if not submitted:
        return
    changed = [(section.code, name, head, retire) for section, retired, name, head, retire in rows
               if (name, head, retire) != (section.name, section.head_name, retired)]
    if new_name.strip() or new_head.strip():
        changed.append((None, new_name, new_head, False))
    # every change checked before any is saved: a refusal names the section and the field, and nothing is saved
    named = {section.code: section.name for section, *_ in rows}
    labels = {"name": f"ชื่อ{words.section}", "head_name": f"ยศ ชื่อ สกุล {words.section_head}"}
    problems = [f"{named.get(code) or f'{words.section}ใหม่'} · {labels[field]}: {problem}"
                for code, name, head, _ in changed for field, problem in section_errors(name, head).items()]
    if problems:
        st.session_state["_units_admin_error"] = "บันทึกไม่ได้ — " + "; ".join(problems)
        st.rerun()
    if not changed:
        st.session_state["_units_admin_error"] = f"ไม่มีอะไรเปลี่ยน — แก้ชื่อ{words.section}หรือพิมพ์{words.section}ใหม่ก่อนบันทึก"
        st.rerun()
    saved = 0
    try:
        for code, name, head, retire in changed:
            store.save_section(actor, unit.code, code, name, head, retire)
            saved += 1
    except REFUSALS as refusal:
        st.session_state["_units_admin_error"] = str(refusal)
    else:
        st.session_state["_units_admin_done"] = f"บันทึก{words.section}แล้ว {saved} รายการ"
        st.session_state.pop(f"sec_new_name|{unit.code}", None)
        st.session_state.pop(f"sec_new_head|{unit.code}", None)
    st.rerun()


if admin:
    own_words = words_of(selection.unit.kind if selection else None)
    units, accounts, sections_of_unit = st.tabs(["รายชื่อหน่วย", "บัญชีผู้ใช้", f"{own_words.section}ของหน่วย"],
                                                key="units_admin_tab")
    with units:
        units_tab()
    with accounts:
        accounts_tab()
        reissue_box()
        attempts_box()
    with sections_of_unit:
        sections_tab()
else:
    sections_tab()
