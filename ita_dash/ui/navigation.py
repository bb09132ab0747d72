"""The signed-in role's menu as Streamlit pages: one ``st.Page`` per page of the registry
(``ita_dash/domain/pages.py``), under its section header; in meeting mode the projector screen alone."""

from __future__ import annotations

import streamlit as st

from ita_dash.domain.model import Role, UnitKind
from ita_dash.domain.pages import PAGES, menu


def sections(role: Role, kind: UnitKind | None, meeting: bool) -> dict[str, list[st.Page]]:
    """``{header: [st.Page, …]}`` for ``st.navigation``; titles computed for the kind of the unit picked."""
    return {header: [st.Page(spec.path, title=spec.title_for(kind), icon=spec.icon, default=role in spec.default_for)
                     for spec in specs]
            for header, specs in menu(role, meeting).items()}


def addresses() -> list[str]:
    """Every page's address (its file's stem), for the screens that answer at all of them (sign-in, setup)."""
    return sorted(spec.stem for spec in PAGES)
