"""โหมดประชุม: one topic per screen in large type for the projector in the monthly ITA meeting; a topic longer than
a 1920×1080 screen goes on over "(ต่อ)" slides (``ita_dash/ui/slides.py``).

The topics are computed once per data change (``reports.minutes.meeting_topics``); moving between them (◀ ▶ or the
keyboard's ← →) reruns only the fragment that draws one topic, so the screen never greys out. No bare expressions
in this file: Streamlit's magic would write their values onto the projector.
"""

import pandas as pd
import streamlit as st

from ita_dash.domain.permissions import is_unit_manager
from ita_dash.domain.thaidate import format_date
from ita_dash.reports.minutes import Topic, meeting_topics, minutes_docx, minutes_of, minutes_pdf
from ita_dash.ui import context
from ita_dash.ui.format import plain
from ita_dash.ui.orders import order_book, order_form
from ita_dash.ui.slides import ORDERS_WIDTH, Slide, slides
from ita_dash.ui.widgets import SYMBOL

selection = context.current()
st.html("""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
[data-testid="stMainBlockContainer"] {padding-top: 1.5rem; max-width: 100%;}
[data-testid="stMain"] p, [data-testid="stMain"] li {font-size: 1.6rem; line-height: 1.5;}
[data-testid="stMain"] h1 {font-size: 3rem;}
[data-testid="stMain"] h2 {font-size: 2.2rem;}
[data-testid="stMain"] [data-testid="stCaptionContainer"] p {font-size: 1.25rem;}
[data-testid="stMain"] table td, [data-testid="stMain"] table th {font-size: 1.4rem; padding: 0.5rem 0.75rem;
  white-space: normal;}
[data-stale="true"] {opacity: 1 !important; transition: none !important;}
.st-key-orders_side p, .st-key-orders_side label p {font-size: 1.15rem; line-height: 1.35;}
</style>""")


def meeting_topics_of() -> list[Topic]:
    """The meeting's topics, computed once per unit, year, day and data version and kept for the session."""
    key = (selection.unit.code, selection.fiscal_year, selection.as_of,
           context.unit_version(selection.unit.code))
    cached = st.session_state.get("_meeting_topics")
    if cached is None or cached[0] != key:
        cached = (key, meeting_topics(selection.status(), order_book(selection.unit.code, selection.fiscal_year),
                                      selection.as_of))
        st.session_state["_meeting_topics"] = cached
    return cached[1]


def step(delta: int, count: int) -> None:
    st.session_state["meeting_topic"] = (st.session_state.get("meeting_topic", 0) + delta) % count
    st.session_state.pop("_order_saved", None)  # a confirmation belongs to the topic it was given on


def leave() -> None:
    st.session_state["meeting"] = False


def heading(slide: Slide) -> None:
    st.title(plain(slide.title))
    if slide.headline:
        st.header(plain(slide.headline))


def draw(topic: Topic) -> None:
    if topic.figures:
        per_row = 5 if len(topic.figures) > 6 else min(3, len(topic.figures))
        for start in range(0, len(topic.figures), per_row):
            for column, figure in zip(st.columns(per_row), topic.figures[start:start + per_row]):
                with column.container(border=True):
                    symbol = f"{SYMBOL[figure.light]} " if figure.light else ""
                    st.markdown(f"{symbol}**{plain(figure.value)}**")
                    st.markdown(plain(figure.label))
                    if figure.caption:
                        st.caption(plain(figure.caption))
    if topic.table:
        header, *rows = [[plain(cell) for cell in row] for row in topic.table]  # st.table draws each cell as Markdown
        st.table(pd.DataFrame(rows, columns=header).set_index(header[0]))
    for line in topic.lines:
        symbol = f"{SYMBOL[line.light]} " if line.light else ""
        detail = f"  \n↳ {plain(line.detail)}" if line.detail else ""
        st.markdown(f"{symbol}{plain(line.text)}{detail}")
    if not (topic.figures or topic.table or topic.lines) and topic.empty:
        if topic.key in ("oit", "urgent"):
            st.success(topic.empty, icon=":material/check_circle:")
        else:
            st.info(topic.empty, icon=":material/info:")


def orders_side() -> None:
    """The chief's form and the minutes, beside the orders of this meeting."""
    if is_unit_manager(context.actor(), selection.unit.code):
        sections = {s.code: s.name for s in selection.data().sections}
        book = order_book(selection.unit.code, selection.fiscal_year)
        order_form(selection.unit.code, selection.fiscal_year, selection.as_of, sections, book)
    minutes = minutes_of(selection.status(), order_book(selection.unit.code, selection.fiscal_year),
                         selection.as_of)
    name = f"ita-minutes-{selection.unit.code}-{selection.as_of}"
    pdf_column, word_column = st.columns(2)
    # the files themselves, not a callable: a deferred callable may be the one of an earlier run of the fragment
    pdf_column.download_button("รายงานการประชุม (PDF)", minutes_pdf(minutes), file_name=f"{name}.pdf",
                               mime="application/pdf", icon=":material/print:", key="minutes_pdf",
                               width="stretch")
    word_column.download_button(
        "รายงานการประชุม (Word)", minutes_docx(minutes), file_name=f"{name}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        icon=":material/description:", key="minutes_docx", width="stretch")


@st.fragment
def meeting() -> None:
    topics = meeting_topics_of()
    shown = slides(topics)
    index = st.session_state.get("meeting_topic", 0) % len(shown)
    slide = shown[index]
    left, middle, right = st.columns([2, 6, 2], vertical_alignment="center")
    left.button("◀ ก่อนหน้า", on_click=step, args=(-1, len(shown)), width="stretch", key="meeting_prev",
                shortcut="Left")
    number = [t.key for t in topics].index(slide.topic.key) + 1
    middle.markdown(f"**{plain(selection.unit.short_name or selection.unit.name)}** · ข้อมูล ณ "
                    f"{format_date(selection.as_of)} · หัวข้อ {number}/{len(topics)}")
    right.button("ถัดไป ▶", on_click=step, args=(1, len(shown)), width="stretch", key="meeting_next",
                 shortcut="Right")
    heading(slide)
    if slide.topic.key == "orders":  # the list beside the form, so the slide fits the projector's height
        listed, side = st.columns([ORDERS_WIDTH, 1 - ORDERS_WIDTH], gap="large")
        with listed:
            draw(slide.topic)
        with side.container(key="orders_side"):  # the form in smaller type (the CSS above)
            orders_side()
    else:
        draw(slide.topic)


meeting()
st.divider()
st.button("ออกจากโหมดประชุม", on_click=leave, key="meeting_exit")
