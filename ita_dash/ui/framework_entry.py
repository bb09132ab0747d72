"""กรอกข้อมูลจาก ITAP: the form on the framework page where a chief (for the unit), a province account (for the
units of a kind in its province) or the administrator enters what the template does not know of the year — the
OIT list, pasted from ITAP into a spreadsheet, and the minimum numbers of respondents (issue 32).

Reading and checking are the importer's (:mod:`ita_dash.importers.oit_list`) and the domain's
(:mod:`ita_dash.domain.framework_entries`); keeping is the store's, which checks who may and audits.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.framework import FrameworkTemplate
from ita_dash.domain.framework_entries import (
    COUNT_MAX,
    SOURCE_MAX,
    FrameworkEntry,
    FrameworkPart,
    minimum_quotas,
    source_problem,
)
from ita_dash.domain.model import Section
from ita_dash.domain.permissions import NotAllowed, can_enter_framework, is_province_writer
from ita_dash.domain.thaidate import format_date
from ita_dash.importers.oit_list import layout_csv, read_oit_list
from ita_dash.importers.workbook import PlanFileError
from ita_dash.store.base import StoreError

from . import context
from .format import limited, plain

_SCOPES = {"unit": "เฉพาะหน่วยนี้", "province": "ทุกหน่วยประเภทนี้ในจังหวัด", "country": "ทุกหน่วยประเภทนี้ทั้งประเทศ"}


def _scopes(selection) -> list[str]:
    """The scopes the signed-in account may enter for, as the store will judge them (permissions)."""
    actor = context.actor()
    return [scope for scope in _SCOPES if can_enter_framework(actor, **_scope_fields(selection, scope))]


def _scope_fields(selection, scope: str) -> dict:
    return {"unit": {"unit_code": selection.unit.code, "province_code": None},
            "province": {"unit_code": None, "province_code": selection.unit.province_code},
            "country": {"unit_code": None, "province_code": None}}[scope]


def _keep(selection, entry: FrameworkEntry) -> None:
    template = context.templates().for_year(selection.unit.kind, selection.fiscal_year)
    try:
        saved = context.get_store().save_framework_entry(context.actor(), entry, template)
    except (StoreError, InvalidEntry, NotAllowed) as error:  # Thai messages
        errors = getattr(error, "errors", None)
        st.session_state["_framework_entry_said"] = ("error", " · ".join(errors.values()) if errors else str(error))
        return
    st.session_state["_framework_entry_said"] = ("success", f"บันทึกแล้ว — {saved.describe()}")


def _said(key: str) -> None:
    """The answer to the last save, kept over the rerun that followed it; its words come from what was typed (a
    source, a title), so shown literally."""
    if said := st.session_state.pop(key, None):
        (st.success if said[0] == "success" else st.error)(plain(said[1]))


def _problems(problems: list[tuple[int, str]], word: str = "แถว") -> None:
    """The rows a file or a paste could not give, each with its reason (which quotes the cell: shown literally)."""
    for row, reason in problems:
        st.error(plain(f"{word} {row}: {reason}"), icon=":material/error:")


def entered_facts(template: FrameworkTemplate) -> None:
    """Which parts of this year's framework were entered by people, by whom and from what."""
    if template.entered:
        st.success("ข้อมูลที่กรอกจาก ITAP หรือคู่มือ (แทนส่วนของแม่แบบ):  \n"
                   + "  \n".join(f"- {plain(line)}" for line in template.entered.values()), icon=":material/edit_note:")


def entry_form(selection, template: FrameworkTemplate) -> None:
    """The form, for those who may enter something for this unit; nothing for the others."""
    scopes = _scopes(selection)
    if not scopes:
        return
    _said("_framework_entry_said")
    waiting = not template.oit_items or template.quotas.iit is None or template.quotas.eit is None
    with st.expander("กรอกข้อมูลจาก ITAP: รายการ OIT ปฏิทิน และจำนวนผู้ตอบขั้นต่ำ", expanded=waiting):
        scope = st.radio("ใช้กับ", scopes, format_func=_SCOPES.get, horizontal=True, key="framework_entry_scope")
        source = st.text_input(limited("ที่มาของข้อมูล", SOURCE_MAX), value="ITAP", key="framework_entry_source")
        if problem := source_problem(source):  # checked before any entry is made of it: nothing is cut short
            st.error(f"ที่มาของข้อมูล: {problem}", icon=":material/error:")
            return
        st.markdown("**รายการ OIT** — คัดลอกตารางรายการ OIT จากระบบ ITAP ไปวางใน Excel ตามแบบฟอร์ม แล้วอัปโหลด")
        st.download_button("แบบฟอร์มรายการ OIT (.csv)", layout_csv(), file_name="oit-list-layout.csv", mime="text/csv",
                           icon=":material/download:", key="framework_entry_layout")
        upload = st.file_uploader("ไฟล์รายการ OIT (.xlsx หรือ .csv)", type=["xlsx", "csv"], key="framework_entry_file")
        if upload is not None:
            _oit_preview(selection, template, upload, scope, source)
        _calendar(selection, template, scope, source)
        st.markdown("**จำนวนผู้ตอบขั้นต่ำ** (ตามที่ระบบ ITAP แสดง)")
        left, right = st.columns(2)
        iit = left.number_input("IIT ขั้นต่ำ (คน)", 0, COUNT_MAX, value=template.quotas.iit.minimum
                                if template.quotas.iit and template.quotas.iit.minimum is not None else None,
                                step=1, key="framework_entry_iit")
        eit = right.number_input("EIT ขั้นต่ำ (คน)", 0, COUNT_MAX, value=template.quotas.eit.minimum
                                 if template.quotas.eit and template.quotas.eit.minimum is not None else None,
                                 step=1, key="framework_entry_eit")
        if st.button("บันทึกจำนวนผู้ตอบขั้นต่ำ", key="framework_entry_save_minimums",
                     disabled=iit is None and eit is None):
            quotas = minimum_quotas(None if iit is None else int(iit), None if eit is None else int(eit))
            _keep(selection, FrameworkEntry(kind=selection.unit.kind, fiscal_year=selection.fiscal_year,
                                            part=FrameworkPart.QUOTAS, quotas=quotas, source=source.strip() or "ITAP",
                                            **_scope_fields(selection, scope)))
            st.rerun()


def _calendar(selection, template: FrameworkTemplate, scope: str, source: str) -> None:
    """The calendar written out as the unit sees it, corrected in Excel, uploaded, previewed, saved."""
    from ita_dash.importers.calendar_list import calendar_csv, read_calendar

    st.markdown("**ปฏิทินการประเมิน** — ดาวน์โหลดปฏิทินที่ใช้อยู่ แก้วันที่ตาม ITAP หรือคู่มือ ป.ป.ช. แล้วอัปโหลด")
    st.download_button("ปฏิทินปีนี้ (.csv)", calendar_csv(template), file_name=f"calendar-{selection.fiscal_year}.csv",
                       mime="text/csv", icon=":material/download:", key="framework_entry_calendar_layout")
    upload = st.file_uploader("ไฟล์ปฏิทิน (.xlsx หรือ .csv)", type=["xlsx", "csv"], key="framework_entry_calendar")
    if upload is None:
        return
    kind_template = context.templates().for_year(selection.unit.kind, selection.fiscal_year)
    try:
        found = read_calendar(upload.name, upload.getvalue(), kind_template, selection.fiscal_year)
    except PlanFileError as refusal:
        st.error(plain(str(refusal)), icon=":material/error:")
        return
    _problems(found.problems)
    if found.phases:
        st.dataframe(pd.DataFrame([{"ขั้นตอน": p.name, "เริ่ม": format_date(p.start) if p.start else "—",
                                    "สิ้นสุด": p.end_text()} for p in found.phases]), hide_index=True, width="stretch")
    if st.button(f"บันทึกปฏิทิน {len(found.phases)} ขั้นตอน", type="primary",
                 key=f"framework_entry_save_calendar|{hashlib.sha256(upload.getvalue()).hexdigest()[:12]}",
                 disabled=bool(found.problems) or not found.phases):
        _keep(selection, FrameworkEntry(kind=selection.unit.kind, fiscal_year=selection.fiscal_year,
                                        part=FrameworkPart.CALENDAR, calendar=found.phases,
                                        source=source.strip() or "ITAP", **_scope_fields(selection, scope)))
        st.rerun()


def _oit_preview(selection, template: FrameworkTemplate, upload, scope: str, source: str) -> None:
    content = upload.getvalue()
    kind_template = context.templates().for_year(selection.unit.kind, selection.fiscal_year)
    # owners are read against the unit's own sections, or the kind's usual ones for an entry of many units
    sections = selection.data().sections if scope == "unit" else [
        Section(code=s.code, name=s.name) for s in kind_template.sections or []]
    try:
        found = read_oit_list(upload.name, content, kind_template, sections, selection.fiscal_year)
    except PlanFileError as refusal:
        st.error(plain(str(refusal)), icon=":material/error:")
        return
    _problems(found.problems)
    if found.items:
        names = {s.code: s.name for s in sections}
        st.dataframe(pd.DataFrame([{
            "ข้อ": item.code, "รายการ": item.title, "ตัวชี้วัดย่อย": item.sub_indicator or "—",
            "ผู้รับผิดชอบ": names.get(item.owner_section or "", "—"),
            "กำหนดเผยแพร่": format_date(item.due) if item.due else "—",
            "รายละเอียดที่ต้องมี": len(item.checklist)} for item in found.items]), hide_index=True, width="stretch")
    digest = hashlib.sha256(content).hexdigest()[:12]
    if st.button(f"บันทึกรายการ OIT {len(found.items)} ข้อ", type="primary", key=f"framework_entry_save_oit|{digest}",
                 disabled=bool(found.problems) or not found.items):
        _keep(selection, FrameworkEntry(kind=selection.unit.kind, fiscal_year=selection.fiscal_year,
                                        part=FrameworkPart.OIT_ITEMS, oit_items=found.items,
                                        source=source.strip() or "ITAP", **_scope_fields(selection, scope)))
        st.rerun()


def progress_paste(province, fiscal_year: int, as_of) -> None:
    """"วางตารางความคืบหน้าจาก ITAP": the province account (or the administrator) pastes ITAP's progress table for
    all its units; a preview matched to the units, the refused rows named; saved all at once as of ``as_of``."""
    from ita_dash.importers.itap_progress import MAX_CHARACTERS, read_progress

    if province is None or not is_province_writer(context.actor(), province.code):
        return
    _said("_progress_said")
    with st.expander(f"วางตารางความคืบหน้าจาก ITAP ของทุกหน่วยใน{plain(province.name)}"):
        st.caption("เลือกตารางในระบบ ITAP (หน่วยงาน · IIT ตอบแล้ว · IIT ขั้นต่ำ · EIT ตอบแล้ว · EIT ขั้นต่ำ · OIT ตอบแล้ว) "
                   "คัดลอก แล้ววางที่นี่ "
                   f"— จำนวนบันทึกเป็นข้อมูล ณ {format_date(as_of)}")
        # no max_chars (a paste beyond it would vanish without a word): read_progress refuses it in Thai
        text = st.text_area(limited("ตารางจาก ITAP", MAX_CHARACTERS), height=180, key="progress_paste")
        if not text.strip():
            return
        units = [u for u in context.units() if u.province_code == province.code]
        library = context.entered_library(fiscal_year)  # each unit's own OIT list: a count beyond it is refused
        totals = {u.code: len(items) for u in units if (items := library.for_unit(u, fiscal_year).oit_items)}
        found = read_progress(text, units, totals)
        _problems(found.problems, "บรรทัด")
        if found.missing:
            st.caption("ไม่มีในตาราง: " + ", ".join(plain(u.short_name or u.name) for u in found.missing[:30]))
        if found.lines:
            names = {u.code: u.short_name or u.name for u in units}
            st.dataframe(pd.DataFrame([{
                "หน่วย": names[line.unit_code], "IIT ตอบแล้ว": line.iit_count, "IIT ขั้นต่ำ": line.iit_minimum,
                "EIT ตอบแล้ว": line.eit_count, "EIT ขั้นต่ำ": line.eit_minimum,
                "OIT ตอบแล้ว": line.oit_answered} for line in found.lines]),
                hide_index=True, width="stretch")
        st.button(f"บันทึก {len(found.lines)} หน่วย", type="primary", key="progress_save",
                  disabled=bool(found.problems) or not found.lines, on_click=_save_progress,
                  args=(fiscal_year, found.lines, as_of))


def _save_progress(fiscal_year: int, lines, as_of) -> None:
    try:
        count = context.get_store().save_itap_progress(context.actor(), fiscal_year, lines, as_of)
    except (StoreError, InvalidEntry, NotAllowed) as error:
        st.session_state["_progress_said"] = ("error", str(error))
        return
    st.session_state["_progress_said"] = ("success", f"บันทึกความคืบหน้าจาก ITAP ของ {count} หน่วยแล้ว")
    st.session_state["progress_paste"] = ""
