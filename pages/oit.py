"""OIT: every item O1…On by sub-indicator with status, owner, due date, link and checklist; filter by status/owner.
The link checker with its progress bar, and the unit's ITA web page with the same list as .xlsx/.csv (issue 19)."""

import pandas as pd
import streamlit as st

from ita_dash.domain.links import thai_state, unit_links
from ita_dash.domain.model import OitStatus, Role, thai
from ita_dash.domain.settings import LINKS
from ita_dash.domain.thaidate import format_date, format_datetime
from ita_dash.reports import oit_page
from ita_dash.store.base import REFUSALS
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.widgets import colour_lights, light_cell

selection = context.current()
status = selection.status()
st.title("การเปิดเผยข้อมูลสาธารณะ (OIT)")
st.caption(plain(selection.caption()) + " · สถานะ OIT เป็นสถานะล่าสุดที่บันทึกไว้")
items = status.oit_items
if not items:
    st.info("แม่แบบของปีนี้ไม่มีรายการ OIT (เอกสารต้นทางไม่ระบุ)", icon=":material/info:")
    st.stop()

published = sum(1 for i in items if i.item.status is OitStatus.PUBLISHED)
st.progress(published / len(items), text=f"เผยแพร่แล้ว {published} จาก {len(items)} ข้อ")

left, right = st.columns(2)
statuses = left.multiselect("สถานะ", list(OitStatus), format_func=thai, key="oit_status", placeholder="ทุกสถานะ")
owners = right.multiselect("ผู้รับผิดชอบ", sorted({i.section for i in items}), key="oit_owner", placeholder="ทุกสายงาน")
shown = [i for i in items if (not statuses or i.item.status in statuses) and (not owners or i.section in owners)]
if not shown:
    st.info("ไม่มีรายการตามตัวกรอง", icon=":material/filter_alt_off:")

subs = {s.code: s.name for i in status.template.indicators for s in i.sub_indicators}


def sub_order(item) -> list[int]:
    return [int(p) if p.isdigit() else 99 for p in (item.spec.sub_indicator or "?").split(".")]


if shown:  # one table, grouped by sub-indicator (issue 18: a coloured table per group cost 30–40 ms each to send)
    st.dataframe(colour_lights(pd.DataFrame([{
        "สัญญาณ": light_cell(i.light),
        "ตัวชี้วัดย่อย": f"{i.spec.sub_indicator or '?'} {subs.get(i.spec.sub_indicator or '?', 'ไม่ทราบตัวชี้วัดย่อย')}",
        "ข้อ": i.spec.code,
        "รายการ": i.spec.title,
        "สถานะ": thai(i.item.status),
        "ผู้รับผิดชอบ": i.section,
        "กำหนดเสร็จ": format_date(i.due) if i.due else "—",
        "ลิงก์": i.item.link,
        "ผลตรวจลิงก์": (thai_state(i.link_check.state) if i.link_check else ("ยังไม่ตรวจ" if i.item.link else "—")),
        "รายการตรวจสอบ": f"{sum(i.item.checklist)}/{len(i.spec.checklist)}" if i.spec.checklist else "—",
        "หมายเหตุ": i.reason,
    } for i in sorted(shown, key=sub_order)])), hide_index=True, width="stretch",
        column_config={"ลิงก์": st.column_config.LinkColumn("ลิงก์", display_text="เปิด"),
                       "ตัวชี้วัดย่อย": st.column_config.TextColumn(width="medium")})

with_checklist = [i for i in shown if i.spec.checklist]
if with_checklist:
    st.subheader("รายละเอียดรายการตรวจสอบ")
    code = st.selectbox("ข้อ", [i.spec.code for i in with_checklist],
                        format_func=lambda c: f"{c} {next(i.spec.title for i in with_checklist if i.spec.code == c)}",
                        key="oit_detail")
    item = next(i for i in with_checklist if i.spec.code == code)
    ticks = item.item.checklist + [False] * (len(item.spec.checklist) - len(item.item.checklist))
    for element, tick in zip(item.spec.checklist, ticks):
        st.markdown(f"{'✅' if tick else '⬜'} {plain(element)}")
    flags = [label for flag, label in ((item.spec.monthly, "เผยแพร่รายเดือน 6 เดือนแรก"),
                                       (item.spec.machine_readable, "PDF และไฟล์ Word/Excel")) if flag]
    if flags:
        st.caption(" · ".join(flags))


# -- issue 19: are the links really online? and the unit's ITA web page ---------------------------------------

st.subheader("ตรวจลิงก์ว่าผู้ประเมินเปิดได้จริง")
st.caption(f"ตรวจทุกลิงก์ของรายการ OIT และลิงก์หลักฐานในรายงานผลรายเดือน ลิงก์ที่ตรวจภายใน {LINKS.cache_hours} ชั่วโมง"
           "ใช้ผลเดิม · ลิงก์ที่เปิดไม่ได้ทำให้รายการเป็นสีเหลือง (สีแดงในช่วงที่ผู้ประเมินตรวจ OIT)")
store, actor = context.get_store(), context.actor()
data = selection.data()
refs = unit_links(data)
checks = store.link_checks(actor, [r.url for r in refs])
if actor.role is not Role.VIEWER:
    left, right = st.columns([1, 2])
    force = right.checkbox("ตรวจใหม่ทั้งหมด (ไม่ใช้ผลเดิม)", key="links_force")
    if left.button("ตรวจลิงก์ทั้งหมด", icon=":material/link:", disabled=not refs, key="links_check"):
        from ita_dash.outbound.links import check_units

        bar = st.progress(0.0, text=f"กำลังตรวจ {len({r.url for r in refs})} ลิงก์…")
        try:
            _, run = check_units(store, actor, [selection.unit.code], selection.fiscal_year, force=force,
                                 progress=lambda done, total: bar.progress(done / max(total, 1),
                                                                           text=f"ตรวจแล้ว {done}/{total} ลิงก์"))
        except REFUSALS as error:
            bar.empty()
            st.error(plain(str(error)), icon=":material/block:")
        else:
            st.session_state["links_last_run"] = (len(run.fetched), len(run.cached), round(run.seconds, 1))
            st.rerun()  # the lights above follow the new checks
if last := st.session_state.get("links_last_run"):
    st.success(f"ตรวจเสร็จ: ตรวจใหม่ {last[0]} ลิงก์ ใช้ผลเดิม {last[1]} ลิงก์ ใน {last[2]} วินาที", icon=":material/done_all:")
if not refs:
    st.info("หน่วยนี้ยังไม่มีลิงก์ให้ตรวจ", icon=":material/link_off:")
else:
    checked = [(r, checks[r.url]) for r in refs if r.url in checks]
    problems = [(r, c) for r, c in checked if c.problem]
    st.markdown(f"ลิงก์ทั้งหมด {len({r.url for r in refs})} · ตรวจแล้ว {len({r.url for r, _ in checked})} · "
                f"มีปัญหา {len({r.url for r, _ in problems})}")
    if problems:
        st.dataframe(pd.DataFrame([{
            "ใช้ที่": r.label, "ลิงก์": r.url, "ผลตรวจ": c.describe(), "ปลายทาง": c.final_url,
            "ตรวจเมื่อ": format_datetime(c.checked_at),
        } for r, c in problems]), hide_index=True, width="stretch",
            column_config={"ลิงก์": st.column_config.LinkColumn("ลิงก์", display_text="เปิด")})
    elif checked:
        st.success("ทุกลิงก์ที่ตรวจแล้วเปิดได้", icon=":material/check_circle:")

st.subheader("หน้าเว็บ ITA ของหน่วย")
st.caption("หน้าเว็บสำเร็จรูป (ไฟล์เดียว ไม่มีสคริปต์) รายการ O1…On ตามตัวชี้วัดย่อย พร้อมลิงก์ของรายการที่อนุมัติหรือเผยแพร่แล้ว "
           "อัปโหลดขึ้นเว็บไซต์ของหน่วยได้ทันที · รายการเดียวกันเป็น Excel/CSV เรียงตามข้อใน ITAP สำหรับกรอกแบบ OIT")

template = status.template


def _updated():
    return store.oit_updated(actor, selection.unit.code, selection.fiscal_year)


code, year = selection.unit.code, selection.fiscal_year
columns = st.columns(3)
columns[0].download_button("หน้าเว็บ ITA", lambda: oit_page.oit_page_html(template, data, _updated()).encode("utf-8"),
                           file_name=f"ita-oit-{code}-{year}.html", mime="text/html", icon=":material/web:",
                           key="download_oit_html", width="stretch")
columns[1].download_button("Excel", lambda: oit_page.oit_items_xlsx(template, data, _updated()),
                           file_name=f"ita-oit-{code}-{year}.xlsx", icon=":material/table:", key="download_oit_xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch")
columns[2].download_button("CSV", lambda: oit_page.oit_items_csv(template, data, _updated()),
                           file_name=f"ita-oit-{code}-{year}.csv", mime="text/csv", icon=":material/csv:",
                           key="download_oit_csv", width="stretch")
