"""Showing text safely and dates the Thai way."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: str) -> str:
    """Escape Markdown so user- or admin-written text (unit names, titles) is shown literally."""
    return _MARKDOWN.sub(r"\\\1", text)
