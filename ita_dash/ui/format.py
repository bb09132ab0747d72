"""Showing text safely and dates the Thai way."""

from __future__ import annotations

import html
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Text people typed (names of units, sections and people, notes, titles, anything read from the store) as
    Streamlit draws it literally in Markdown: every body of ``st.markdown``, ``st.caption``, an alert, a heading, a
    toast or a metric, every widget's label, a tab's or an expander's label, a radio's or pills' options and the cells
    of ``st.table`` read Markdown and HTML, so ``[x](https://…)`` would be a live link (issue 35 item 5)."""
    return _MARKDOWN.sub(r"\\\1", str(text))


def chart_text(text: str) -> str:
    """Text people typed as a plotly figure draws it literally: plotly reads ``<a href>``, ``<b>``, ``<br>`` and
    other tags in every title, tick label, hover text, bar text and annotation, so ``<`` and ``&`` become entities
    (which plotly shows as the characters). Markdown means nothing to plotly."""
    return html.escape(str(text), quote=False)


def limited(label: str, chars: int) -> str:
    """A text box's label saying its limit before it is reached (issue 34). The box itself takes anything: Streamlit's
    ``max_chars`` makes the browser drop what is pasted beyond it without a word, so the limit is checked on saving
    instead, and the refusal names the field ("ยาวเกิน N ตัวอักษร")."""
    if label.endswith(")"):  # "บันทึก (ไม่บังคับ)": one bracket, "บันทึก (ไม่บังคับ ไม่เกิน 500 ตัวอักษร)"
        return f"{label[:-1]} ไม่เกิน {chars:,} ตัวอักษร)"
    return f"{label} (ไม่เกิน {chars:,} ตัวอักษร)"
