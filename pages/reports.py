"""รายงาน: the printable outputs for the selected unit (and the province page for province users and admins).
Files are made when a button is pressed, not on every rerun."""

import streamlit as st

from ita_dash.domain.fiscal import fiscal_months, last_closed_month
from ita_dash.domain.model import Role
from ita_dash.domain.wording import results_report_name
from ita_dash.reports import monthly, province, results, summary
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.orders import order_states

selection = context.current()
status = selection.status()
data = status.data
unit, year, as_of = selection.unit, selection.fiscal_year, selection.as_of
# Read now: a download button's callable runs later, on a server thread outside this session (no signed-in user).
store, actor, orders = context.get_store(), context.actor(), order_states(selection)
PDF, XLSX = "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

st.title("รายงาน")
st.caption(plain(selection.caption()))
if not data.measures:
    st.info("หน่วยนี้ยังไม่มีมาตรการในปีนี้ รายงานจะมีเพียงส่วนหัวและข้อมูลจากแม่แบบ", icon=":material/info:")

st.subheader("สรุป 1 หน้าสำหรับการประชุมประจำเดือน")
st.download_button("ดาวน์โหลดสรุป 1 หน้า (PDF)", lambda: summary.unit_summary_pdf(status, orders=orders),
                   file_name=f"ita-summary-{unit.code}-{as_of}.pdf", mime=PDF, icon=":material/picture_as_pdf:",
                   key="download_summary")

st.subheader(results_report_name(selection.template))
st.caption("เผยแพร่เป็น PDF พร้อมไฟล์ที่เครื่องอ่านได้ (Excel หรือ Word)")
columns = st.columns(3)


def with_evidence(write):
    """The report with its photos and settings, read when the button is pressed."""
    return lambda: write(status, results.gather_evidence(store, actor, status))


columns[0].download_button("PDF", with_evidence(results.results_pdf), file_name=f"ita-results-{unit.code}-{year}.pdf",
                           mime=PDF, icon=":material/picture_as_pdf:", key="download_results_pdf", width="stretch")
columns[1].download_button("Excel", with_evidence(results.results_xlsx), file_name=f"ita-results-{unit.code}-{year}.xlsx",
                           mime=XLSX, icon=":material/table:", key="download_results_xlsx", width="stretch")
columns[2].download_button("Word", with_evidence(results.results_docx), file_name=f"ita-results-{unit.code}-{year}.docx",
                           mime=DOCX, icon=":material/description:", key="download_results_docx", width="stretch")

st.subheader("รายงานผลประจำเดือน")
months = [m for m in fiscal_months(year) if m.first_day <= as_of]
if not months:
    st.info("ปีงบประมาณนี้ยังไม่เริ่ม", icon=":material/info:")
else:
    default = last_closed_month(as_of)
    month = st.selectbox("เดือน", months, index=months.index(default) if default in months else len(months) - 1,
                         format_func=lambda m: m.label(), key="report_month")
    left, right = st.columns(2)
    left.download_button("PDF", lambda: monthly.monthly_pdf(data, month, as_of), file_name=f"ita-monthly-{unit.code}-{month}.pdf",
                         mime=PDF, icon=":material/picture_as_pdf:", key="download_monthly_pdf", width="stretch")
    right.download_button("Excel", lambda: monthly.monthly_xlsx(data, month, as_of),
                          file_name=f"ita-monthly-{unit.code}-{month}.xlsx", mime=XLSX, icon=":material/table:",
                          key="download_monthly_xlsx", width="stretch")

user = st.session_state["_user"]
if user.role in (Role.PROVINCE, Role.REGION, Role.ADMIN):  # (region: issue 13)
    st.subheader("สรุปจังหวัด (ทุกหน่วย เรียงจากดัชนีความพร้อมต่ำสุด)")
    provinces = context.get_store().list_provinces(context.actor())
    chosen = st.selectbox("จังหวัด", provinces, format_func=lambda p: p.name, key="report_province",
                          index=next((i for i, p in enumerate(provinces) if p.code == unit.province_code), 0))

    templates = context.templates()

    def province_pdf() -> bytes:
        found, statuses = province.assess_province(store, user.as_actor(), chosen.code, year, as_of, templates)
        return province.province_summary_pdf(found, statuses, year, as_of)

    st.download_button("ดาวน์โหลดสรุปจังหวัด (PDF)", province_pdf, file_name=f"ita-province-{chosen.code}-{as_of}.pdf",
                       mime=PDF, icon=":material/picture_as_pdf:", key="download_province")
