"""กรอบการประเมิน: the selected unit's indicators, OIT items and calendar, from its year's template."""

import pandas as pd
import streamlit as st

from ita_dash.domain.framework import ABSENT_PARTS, TemplateError
from ita_dash.domain.model import Tool, thai
from ita_dash.domain.thaidate import format_date
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.framework_entry import entered_facts, entry_form

selection = context.current()
data = selection.data()
st.title("กรอบการประเมิน ITA")
st.caption(f"{plain(selection.unit.name)} · ปีงบประมาณ พ.ศ. {selection.fiscal_year}")
try:
    template = selection.template
except TemplateError as error:
    st.error(str(error))
    st.stop()

st.subheader(plain(template.title))
if template.derived:
    st.warning(template.derived_label, icon=":material/warning:")
    with st.expander("ที่มาของแต่ละส่วน"):
        st.markdown("  \n".join(f"- {plain(line)}" for line in template.provenance_notes()))
entered_facts(template)
entry_form(selection, template)
if template.absent:
    st.caption("ส่วนที่ปีนี้ไม่มี (ไม่ใช่ไม่ทราบ): " + ", ".join(ABSENT_PARTS[p] for p in template.absent))
if template.unknown:
    st.info("ส่วนที่เอกสารต้นทางไม่ระบุ: " + plain("; ".join(template.unknown)), icon=":material/help:")
if template.conflicts:
    st.warning("ข้อมูลที่เอกสารต้นทางขัดกันเอง (บันทึกไว้ ไม่ได้แก้ให้เงียบ ๆ):  \n" + "  \n".join(
        "- " + plain(c.describe(template)) for c in template.conflicts), icon=":material/rule:")

measures_per_indicator = pd.Series([m.indicator for m in data.measures if not m.retired]).value_counts()
columns = st.columns(3)
for column, tool in zip(columns, Tool):
    with column:
        weight = template.weights.get(tool, 0)
        st.markdown(f"#### {tool.value} · น้ำหนัก {weight}")
        for indicator in template.indicators:
            if indicator.tool is tool:
                count = int(measures_per_indicator.get(indicator.number, 0))
                st.markdown(f"**{indicator.number}. {plain(indicator.name)}** — มาตรการ {count} รายการ")
                for sub in indicator.sub_indicators:
                    st.caption(plain(f"{sub.code} {sub.name}"))

st.markdown("### รายการ OIT")
if not template.oit_items:
    st.info("แม่แบบปีนี้ยังไม่มีรายการ OIT (เอกสารต้นทางไม่ระบุ) — นำรายการ OIT จากระบบ ITAP เข้ามาได้ที่ "
            "“กรอกข้อมูลจาก ITAP” ด้านบน (หัวหน้าหน่วย บัญชีระดับจังหวัด หรือผู้ดูแลระบบ)")
else:
    sections = {s.code: s.name for s in data.sections}
    status = {item.code: item for item in data.oit_items}
    rows = []
    for spec in template.oit_items:
        item = status.get(spec.code)
        due = (item.due_date if item else None) or spec.due
        rows.append({
            "ข้อ": spec.code,
            "รายการ": spec.title,
            "ตัวชี้วัดย่อย": spec.sub_indicator or "ไม่ทราบ",
            "ผู้รับผิดชอบ": sections.get((item.owner_section if item else None) or spec.owner_section or "", "—"),
            "กำหนดเสร็จ": format_date(due) if due else "—",
            "สถานะ": thai(item.status) if item else "ยังไม่เริ่ม",
        })
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

st.markdown("### ปฏิทินการประเมิน")
if not template.calendar:
    st.info("แม่แบบปีนี้ยังไม่มีปฏิทิน (เอกสารต้นทางไม่ระบุ)")
else:
    library = context.templates()
    st.dataframe(
        pd.DataFrame([
            {"ขั้นตอน": p.name, "เริ่ม": format_date(p.start) if p.start else "ไม่ทราบ", "สิ้นสุด": p.end_text(),
             "ที่มา": library.borrowed_note(p) or "แม่แบบของหน่วยประเภทนี้"}
            for p in template.calendar
        ]),
        hide_index=True,
        width="stretch",
    )
