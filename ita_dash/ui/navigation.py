"""The signed-in role's menu as Streamlit pages: one ``st.Page`` per page of the registry
(``ita_dash/domain/pages.py``), under its section header; in meeting mode the projector screen alone."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ita_dash.domain.model import Role, UnitKind
from ita_dash.domain.pages import PAGES, menu


def sections(role: Role, kind: UnitKind | None, meeting: bool) -> dict[str, list[st.Page]]:
    """``{header: [st.Page, …]}`` for ``st.navigation``; titles computed for the kind of the unit picked.

    The role's default page is served at the root; its own address (``/my_section`` bookmarked on a phone, or the
    address a person signed in from) is a hidden page that leads there, instead of Streamlit's English "Page not
    found"."""
    found: dict[str, list[st.Page]] = {}
    for header, specs in menu(role, meeting).items():
        pages = found.setdefault(header, [])
        for spec in specs:
            title = spec.title_for(kind)
            if role not in spec.default_for:
                pages.append(st.Page(spec.path, title=title, icon=spec.icon))
                continue
            home = st.Page(spec.path, title=title, icon=spec.icon, default=True, url_path=f"{spec.stem}-home")
            pages += [home, st.Page(partial(st.switch_page, home), title=title, url_path=spec.stem,
                                    visibility="hidden")]
    return found


def addresses() -> list[str]:
    """Every page's address (its file's stem), for the screens that answer at all of them (sign-in, setup)."""
    return sorted(spec.stem for spec in PAGES)
