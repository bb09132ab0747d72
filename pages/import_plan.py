"""นำเข้าแผนมาตรการ: upload the plan the unit already has (.xlsx or .csv), check how it was read, correct the
column mapping or the owners, then import it all in one go. Nothing is written before "นำเข้า". Or copy last year's
plan forward (คัดลอกแผนจากปีที่แล้ว). Either way the dates are checked against the fiscal year first."""

import hashlib

import pandas as pd
import streamlit as st

from ita_dash.domain.measure_fields import label
from ita_dash.domain.model import thai
from ita_dash.domain.permissions import is_unit_manager
from ita_dash.domain.planyear import check_year
from ita_dash.domain.thaidate import format_date
from ita_dash.importers.plan import ALL_SECTIONS, FIELDS, PlanFileError, preview, read_rows
from ita_dash.store.base import REFUSALS
from ita_dash.ui import context
from ita_dash.ui.format import plain

selection = context.current()
actor = context.actor()
st.title("นำเข้าแผนมาตรการ")
st.caption(plain(selection.caption()))
if not is_unit_manager(actor, selection.unit.code):
    st.info("หน้านี้สำหรับหัวหน้าหน่วยและผู้ดูแลระบบ", icon=":material/lock:")
    st.stop()
if message := st.session_state.pop("_import_done", None):
    st.success(plain(message), icon=":material/check_circle:")
if error := st.session_state.pop("_import_error", None):
    st.error(error, icon=":material/error:")

data = selection.data()
template = selection.template
words = selection.words
fiscal_year = selection.fiscal_year
sections = {s.code: s.name for s in data.sections}


def outcome_text(outcome: dict) -> str:
    return (f"เพิ่ม {len(outcome['added'])} · แก้ไข {len(outcome['changed'])} · "
            f"ไม่เปลี่ยนแปลง {len(outcome['unchanged'])} รายการ")


# -- คัดลอกแผนจากปีที่แล้ว ------------------------------------------------------------------------------------------
last_year = fiscal_year - 1
with st.expander(f"คัดลอกแผนจากปีที่แล้ว (ปีงบประมาณ {last_year})", icon=":material/content_copy:"):
    previous = [m for m in context.unit_year(selection.unit.code, last_year).measures if not m.retired]
    if not previous:
        st.caption(f"ปีงบประมาณ {last_year} ยังไม่มีมาตรการของหน่วยนี้")
    else:
        copy_check = check_year([(n, m.deadline) for n, m in enumerate(previous, start=1)], fiscal_year)
        st.write(f"มาตรการ {len(previous)} รายการ พร้อมผู้รับผิดชอบและความถี่การติดตาม "
                 "(ไม่คัดลอกผลการรายงานรายเดือน)")
        copy_move = 0
        if copy_check.needs_decision:
            st.warning(copy_check.message(), icon=":material/event_busy:")
            keep = st.radio("วันที่กำหนดเสร็จ", ["move", "keep"], key="copy_dates", horizontal=True,
                            format_func=lambda c: (f"เลื่อนไป {copy_check.suggested_move} ปี (แนะนำ)" if c == "move"
                                                   else "ใช้วันที่เดิม"))
            copy_move = copy_check.suggested_move if keep == "move" else 0

        def copy_plan() -> None:
            try:
                outcome = context.get_store().copy_plan(actor, selection.unit.code, last_year, fiscal_year, copy_move)
            except REFUSALS as refusal:
                st.session_state["_import_error"] = str(refusal)
                return
            st.session_state["_import_done"] = f"คัดลอกแผนจากปี {last_year} แล้ว: " + outcome_text(outcome)

        st.button("คัดลอกแผนจากปีที่แล้ว", on_click=copy_plan, key="plan_copy", icon=":material/content_copy:")

# -- upload ------------------------------------------------------------------------------------------------------
upload = st.file_uploader("ไฟล์แผนมาตรการ (.xlsx หรือ .csv แบบ UTF-8)", type=["xlsx", "csv"], key="plan_file")
st.caption("ตารางที่มีคอลัมน์ ตัวชี้วัด · ประเด็น · กิจกรรม · ผลผลิต · วิธีการสร้างการรับรู้ · ระยะเวลาแล้วเสร็จ · ผู้รับผิดชอบ · "
           "ระยะเวลากำกับติดตาม (ตารางจาก Word ให้วางลง Excel แล้วบันทึกเป็น .xlsx)")
if upload is None:
    st.stop()

content = upload.getvalue()
digest = hashlib.sha256(content).hexdigest()[:20]
if st.session_state.get("_plan_read", (None,))[0] != digest:  # read the workbook once per file, not per rerun
    try:
        st.session_state["_plan_read"] = (digest, read_rows(upload.name, content), None)
    except PlanFileError as refusal:
        st.session_state["_plan_read"] = (digest, None, str(refusal))
_, cells, refusal = st.session_state["_plan_read"]
if refusal:
    st.error(refusal, icon=":material/error:")
    st.stop()

mapping = st.session_state.get(f"plan_mapping|{digest}")
owners = {k.split("|", 1)[1]: v for k, v in st.session_state.items() if k.startswith("owner|") and v}
owners |= {k.split("|", 1)[1]: v or "" for k, v in st.session_state.items() if k.startswith("fuzzy|")}
move_choice = st.session_state.get(f"plan_dates|{digest}")
# rows whose indicator could not be read: the chief's choice per row (0: leave the row out), kept per file
picked: dict[str, int] = st.session_state.setdefault("_plan_indicators", {}).setdefault(digest, {})


def read_plan(move_years: int, choices: dict[int, int]):
    """The preview, made once per (file, mapping, owners, dates, indicators picked) and kept in the session."""
    key = (digest, repr(sorted((mapping or {}).items())), repr(sorted(owners.items())), move_years, fiscal_year,
           selection.unit.code, repr(sorted(choices.items())))
    kept = {k: v for k, v in st.session_state.get("_plan_previews", {}).items() if k[0] == digest}
    if key not in kept:
        if len(kept) >= 6:
            kept.pop(next(iter(kept)))
        kept[key] = preview(upload.name, content, template, data.sections, mapping, owners,
                            fiscal_year=fiscal_year, move_years=move_years, rows=cells, indicator_choices=choices)
    st.session_state["_plan_previews"] = kept
    return kept[key]


try:
    plan = read_plan(0, {})
    check = plan.year_check
    move = check.suggested_move if check is not None and check.needs_decision and move_choice == "move" else 0
    unread = read_plan(move, {}).undecided  # the rows that need a person, whatever was picked for them
    plan = read_plan(move, {row.label: picked[row.label] for row in unread if row.label in picked})
except PlanFileError as refusal:
    st.error(plain(str(refusal)), icon=":material/error:")
    st.stop()

if check is not None and check.needs_decision:
    st.subheader("วันที่ในแผนไม่ตรงกับปีงบประมาณ")
    st.warning(check.message(), icon=":material/event_busy:")
    st.radio("วันที่กำหนดเสร็จ", ["move", "keep"], index=None, key=f"plan_dates|{digest}", horizontal=True,
             format_func=lambda c: (f"เลื่อนทุกวันที่ไป {check.suggested_move} ปี (วันและเดือนเดิม)" if c == "move"
                                    else "ใช้วันที่ตามไฟล์"))

st.subheader("คอลัมน์ที่อ่านได้")
st.caption(f"หัวตารางอยู่แถวที่ {plan.header_row} — แก้ได้ถ้าอ่านผิด")
choices = list(FIELDS)
columns = st.columns(min(4, max(1, len(plan.mapping))))
corrected = {}
for position, (index, field) in enumerate(sorted(plan.mapping.items())):
    header = plain(plan.headers[index]) or f"คอลัมน์ {index + 1}"  # a file's header, shown literally
    corrected[index] = columns[position % len(columns)].selectbox(
        header, choices, index=choices.index(field), format_func=FIELDS.get, key=f"map|{digest}|{index}")
if corrected != plan.mapping:
    st.session_state[f"plan_mapping|{digest}"] = corrected
    st.rerun()
if plan.unknown_columns:
    st.info(f"คอลัมน์ที่ไม่รู้จักจะเก็บไว้ใน{label('extra')}ของมาตรการ: " + plain(", ".join(plan.unknown_columns)),
            icon=":material/info:")

section_options = ["", *sections]
if plan.fuzzy_owners:
    st.subheader("ผู้รับผิดชอบที่จับคู่แบบใกล้เคียง — โปรดยืนยัน")
    for owner, match in plan.fuzzy_owners.items():
        st.selectbox(plain(f"{owner[:100]} — “{match.fragment}” ใกล้เคียง “{match.alias}” ({round(match.score * 100)}%)"),
                     section_options, index=section_options.index(match.section), key=f"fuzzy|{owner}",
                     format_func=lambda c: words.no_section if not c else sections[c])

def owner_choice(code: str | None) -> str:
    return (words.no_section if code is None else f"{words.every_section} (แต่ละ{words.section}รายงานผลของตน)"
            if code == ALL_SECTIONS else sections[code])


unmatched = [o for o in plan.unmatched_owners if o not in plan.fuzzy_owners]
if unmatched:
    st.subheader(f"ผู้รับผิดชอบที่จับคู่{words.section}ไม่ได้")
    options = [None, ALL_SECTIONS, *sections]
    for owner in unmatched:
        st.selectbox(plain(owner[:120]), options, format_func=owner_choice, key=f"owner|{owner}")

indicator_names = {i.number: f"{i.number}. {i.name}" for i in template.indicators}


def pick_indicator(row_number: str) -> None:
    chosen = st.session_state[f"ind|{digest}|{row_number}"]
    if chosen is None:
        picked.pop(row_number, None)
    else:
        picked[row_number] = chosen


if unread:
    st.subheader("แถวที่ยังไม่ทราบตัวชี้วัด — เลือกก่อนนำเข้า")
    st.caption("ไม่มีแถวใดหายไปเงียบ ๆ: เลือกตัวชี้วัดของแต่ละแถว หรือเลือก “ไม่นำเข้าแถวนี้”")
    options = [None, *indicator_names, 0]
    for row in unread:
        st.selectbox(plain(f"แถว {row.label}: {row.values['activity'][:80]} — {row.undecided}"), options,
                     index=options.index(picked.get(row.label)), key=f"ind|{digest}|{row.label}",
                     on_change=pick_indicator, args=(row.label,),
                     format_func=lambda n: "เลือกตัวชี้วัด" if n is None else "ไม่นำเข้าแถวนี้" if n == 0 else indicator_names[n])

waiting = plan.undecided
measures = [] if waiting else plan.measures()
st.subheader(f"ตัวอย่างก่อนนำเข้า ({len(plan.rows)} มาตรการ)")
every = sum(1 for row in plan.rows if row.section == ALL_SECTIONS)
st.caption("ต่อตัวชี้วัด: " + ", ".join(f"{k}: {v}" for k, v in plan.counts().items())
           + (f" · {words.every_section}รายงาน {every} มาตรการ (บันทึกแยก{words.section}ละรายการ รวม {len(measures)} รายการ)"
              if every else ""))
if plan.moved_years:
    st.caption(f"เลื่อนวันที่กำหนดเสร็จทั้งหมดไป {plan.moved_years} ปีแล้ว")


def owner_label(section: str | None) -> str:
    if section == ALL_SECTIONS:
        return words.every_section
    return sections.get(section, "") if section else ""


st.dataframe(pd.DataFrame([{
    "แถว": row.label, "ตัวชี้วัด": ", ".join(map(str, (row.indicator, *row.also))) if row.indicator else "ยังไม่ได้เลือก",
    "กิจกรรม": row.values["activity"],
    "กำหนดเสร็จ": format_date(row.deadline) if row.deadline else row.values.get("deadline", ""),
    "ติดตาม": thai(row.cadence) if row.cadence else "", words.section: owner_label(row.section),
    "หมายเหตุ": "; ".join(row.notes),
} for row in plan.rows]), hide_index=True, width="stretch")
outside = [row for row in plan.rows if row.outside_year]
if outside:
    st.warning(f"กำหนดเสร็จอยู่นอกปีงบประมาณ {fiscal_year} (นำเข้าได้ แต่ควรตรวจ):  \n" + "  \n".join(
        f"แถว {row.label}: {format_date(row.deadline)} — {plain(row.values['activity'][:60])}" for row in outside),
        icon=":material/event_busy:")
if plan.problems:
    st.warning("แถวที่อ่านไม่ได้ (จะไม่นำเข้า):  \n" + "  \n".join(f"แถว {row}: {plain(reason)}" for row, reason in plan.problems),
               icon=":material/warning:")
if plan.skipped:
    with st.expander(f"แถวที่ข้ามไป ({len(plan.skipped)}): หัวตารางซ้ำ ข้อความนอกตาราง แถวที่เลือกไม่นำเข้า"):
        st.markdown("  \n".join(f"แถว {row}: {plain(reason)}" for row, reason in plan.skipped))


def commit() -> None:
    try:
        outcome = context.get_store().import_plan(actor, selection.unit.code, fiscal_year, measures)
    except REFUSALS as refusal:
        st.session_state["_import_error"] = str(refusal)
        return
    st.session_state["_import_done"] = "นำเข้าแล้ว: " + outcome_text(outcome)


undecided = check is not None and check.needs_decision and move_choice is None
if undecided:
    st.caption("เลือกก่อนว่าจะเลื่อนวันที่หรือใช้วันที่ตามไฟล์ แล้วจึงนำเข้าได้")
if waiting:
    st.caption("เลือกตัวชี้วัดของแถว " + ", ".join(str(row.label) for row in waiting) + " ก่อน แล้วจึงนำเข้าได้")
st.button("นำเข้า", type="primary", on_click=commit, disabled=not measures or undecided, key="plan_commit")
