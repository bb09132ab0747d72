"""Showing text safely and dates the Thai way."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Escape Markdown so user- or admin-written text (unit names, titles) is shown literally."""
    return _MARKDOWN.sub(r"\\\1", text)


def limited(label: str, chars: int) -> str:
    """A text box's label saying its limit before it is reached (issue 34). The box itself takes anything: Streamlit's
    ``max_chars`` makes the browser drop what is pasted beyond it without a word, so the limit is checked on saving
    instead, and the refusal names the field ("ยาวเกิน N ตัวอักษร")."""
    if label.endswith(")"):  # "บันทึก (ไม่บังคับ)": one bracket, "บันทึก (ไม่บังคับ ไม่เกิน 500 ตัวอักษร)"
        return f"{label[:-1]} ไม่เกิน {chars:,} ตัวอักษร)"
    return f"{label} (ไม่เกิน {chars:,} ตัวอักษร)"
