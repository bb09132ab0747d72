"""Small drawing helpers shared by the pages: light symbols, colours, reason lists, the matrix table.

Presentation only: what colour a thing is comes from the domain rules; this file decides how it looks.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ita_dash.domain.followup import SECTION_MONTH_LABELS, SectionMonth, SectionMonthStatus
from ita_dash.domain.lights import LIGHT_LABELS, Light, Reason
from ita_dash.domain.status import UnitStatus
from ita_dash.domain.wording import words_of

from .format import plain

# Lights are drawn with Material Symbols, which Streamlit serves itself: a distinct shape per light (for
# colour-blind viewers) in the light's colour. Never colour emoji: a projector PC or a headless browser without
# an emoji font shows those as empty boxes. Tables cannot hold icons: they get a coloured "●" and the colour's name.
DOT = "●"
SYMBOL = {
    Light.RED: ":red[:material/error:]",
    Light.AMBER: ":orange[:material/warning:]",
    Light.GREEN: ":green[:material/check_circle:]",
    Light.GREY: ":gray[:material/radio_button_unchecked:]",
}
COLOUR = {Light.RED: "#d93f3f", Light.AMBER: "#f2a900", Light.GREEN: "#2e9e5b", Light.GREY: "#a9b1bb"}
TINT = {Light.RED: "#fbdada", Light.AMBER: "#fdf0c4", Light.GREEN: "#d7f0e0", Light.GREY: "#eceff3"}

# IIT, EIT and OIT in charts: three colours of the Okabe–Ito palette, told apart by colour-blind readers and in
# grey print (blue, orange, bluish green); the total is drawn in near-black.
TOOL_COLOURS = (("iit", "IIT", "#0072B2"), ("eit", "EIT", "#E69F00"), ("oit", "OIT", "#009E73"))

MONTH_STYLE = {
    SectionMonthStatus.COMPLETE: ("✓", "#d7f0e0"),
    SectionMonthStatus.LATE: ("ช้า", "#fde3c4"),
    SectionMonthStatus.PARTIAL: ("◐", "#fdf0c4"),
    SectionMonthStatus.MISSING: ("✗", "#fbdada"),
    SectionMonthStatus.OPEN: ("…", "#e3ecf9"),
    SectionMonthStatus.UPCOMING: ("", "#ffffff"),
    SectionMonthStatus.NOT_DUE: ("–", "#f4f5f7"),
    SectionMonthStatus.BEFORE_START: ("·", "#f4f5f7"),
}


def light_label(light: Light) -> str:
    return f"{SYMBOL[light]} {LIGHT_LABELS[light]}"


def light_cell(light: Light) -> str:
    """A light in a table: the dot and the colour's Thai name; colour it with :func:`colour_lights`."""
    return f"{DOT} {LIGHT_LABELS[light]}"


def colour_lights(frame: pd.DataFrame, column: str = "สัญญาณ"):
    """A Styler that paints the light column's text in its colour."""
    by_label = {light_cell(light): COLOUR[light] for light in Light}
    return frame.style.map(lambda value: f"color: {by_label.get(value, 'inherit')}; font-weight: 600", subset=[column])


def reason_lines(reasons: tuple[Reason, ...] | list[Reason], limit: int | None = None) -> None:
    """Each reason on its own line: symbol, what, and whose. User-written text is escaped, never rendered."""
    shown = list(reasons)[:limit] if limit else list(reasons)
    for reason in shown:
        whose = " · ".join(part for part in (reason.section, reason.owner) if part)
        suffix = f"  \n    ↳ {plain(whose)}" if whose else ""
        st.markdown(f"{SYMBOL[reason.light]} {plain(reason.text)}{suffix}")
    if limit and len(reasons) > limit:
        st.caption(f"และอีก {len(reasons) - limit} รายการ")


def month_cell(cell: SectionMonth) -> str:
    symbol, _ = MONTH_STYLE[cell.status]
    if cell.status in (SectionMonthStatus.NOT_DUE, SectionMonthStatus.UPCOMING, SectionMonthStatus.BEFORE_START):
        return symbol
    return f"{symbol} {len(cell.received)}/{len(cell.due)}"


def section_month_frame(status: UnitStatus) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sections × months: the cell text, and each cell's status (for colouring and for look-up on click)."""
    names = {s.code: s.name for s in status.data.sections}
    months = sorted({c.month for c in status.section_months})
    rows, states = {}, {}
    unnamed = words_of(status.data.unit.kind).no_section
    for cell in status.section_months:
        name = names.get(cell.section, unnamed) if cell.section else unnamed
        rows.setdefault(name, {})[cell.month.short_label()] = month_cell(cell)
        states.setdefault(name, {})[cell.month.short_label()] = cell.status.value
    columns = [m.short_label() for m in months]
    return pd.DataFrame(rows).T.reindex(columns=columns), pd.DataFrame(states).T.reindex(columns=columns)


def style_months(text: pd.DataFrame, states: pd.DataFrame):
    colours = {s.value: MONTH_STYLE[s][1] for s in SectionMonthStatus}
    return text.style.apply(lambda _: states.map(lambda v: f"background-color: {colours.get(v, '#ffffff')}"), axis=None)


def month_legend(status: UnitStatus) -> str:
    counts = {s: 0 for s in SectionMonthStatus}
    for cell in status.section_months:
        counts[cell.status] += 1
    shown = [s for s in SectionMonthStatus if s is not SectionMonthStatus.UPCOMING
             and (s is not SectionMonthStatus.BEFORE_START or counts[s])]
    return " · ".join(f"{MONTH_STYLE[s][0]} {SECTION_MONTH_LABELS[s]} {counts[s]}" for s in shown)


def thai_month_axis(figure, start, end, every: int = 1) -> None:
    """Label a date x-axis with Thai months and Buddhist-era years ("ม.ค. 70") instead of plotly's English."""
    from ita_dash.domain.fiscal import Month
    from ita_dash.domain.thaidate import MONTHS_SHORT, to_be

    ticks, month = [], Month.of(start)
    while month.first_day <= end:
        ticks.append(month)
        month = month.next()
    shown = ticks[::every]
    figure.update_xaxes(tickvals=[m.first_day.isoformat() for m in shown],
                        ticktext=[f"{MONTHS_SHORT[m.month]} {str(to_be(m.year))[-2:]}" for m in shown])


def heatmap(rows: list[str], columns: list[str], cells: list[list[tuple[float | None, str]]]) -> dict:
    """Rows × columns of (score 0–1, text) as a Vega-Lite spec (``st.vega_lite_chart``): red at 0, amber at ½,
    green at 1; a cell with no score stays grey. Vega-Lite, not plotly: the province heatmap of 75 provinces × 14
    columns took the browser about half a second to draw in plotly on every page switch, in Vega-Lite a tenth
    (issue 18, docs/PERFORMANCE.md)."""
    values = [{"row": row, "column": column, "score": score, "text": text}
              for row, line in zip(rows, cells) for column, (score, text) in zip(columns, line)]
    x = {"field": "column", "type": "nominal", "sort": columns, "title": None,
         "axis": {"orient": "top", "labelAngle": 0, "domain": False, "ticks": False}}
    y = {"field": "row", "type": "nominal", "sort": rows, "title": None,
         "axis": {"domain": False, "ticks": False, "labelLimit": 220}}
    colour = {"condition": {"test": "datum.score === null", "value": TINT[Light.GREY]},
              "field": "score", "type": "quantitative", "legend": None,
              "scale": {"domain": [0, 0.5, 1], "range": [COLOUR[Light.RED], COLOUR[Light.AMBER], COLOUR[Light.GREEN]]}}
    return {
        "data": {"values": values},
        "height": {"step": 26},
        "config": {"view": {"stroke": None}, "axis": {"labelFontSize": 12}},
        "encoding": {"x": x, "y": y},
        "layer": [
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
             "encoding": {"color": colour, "tooltip": [{"field": "row", "title": "หน่วย"},
                                                        {"field": "column", "title": "ช่อง"},
                                                        {"field": "text", "title": "ค่า"}]}},
            {"mark": {"type": "text", "fontSize": 11}, "encoding": {"text": {"field": "text"}}},
        ],
    }


# -- issue 17: a Buddhist-era date input ----------------------------------------------------------------------


def be_date_input(label: str, key: str, min_value, max_value, value=None, *, optional: bool = False,
                  help: str | None = None, narrow: bool = False):
    """A date picked as day / Thai month / พ.ศ. year (three dropdowns), never the Christian year of
    ``st.date_input``. ``narrow`` (the sidebar) puts the year under the day and month. ``st.session_state[key]`` holds
    the date: set it from a button or the address and the three
    dropdowns follow. ``optional`` adds "ไม่ระบุ" to the day (returns None). The day is kept within the month and
    the date within ``min_value``…``max_value``."""

    from ita_dash.domain.thaidate import MONTHS_SHORT, to_be, today_bangkok

    state = st.session_state
    if key not in state:
        state[key] = value if value is not None or optional else min(max(today_bangkok(), min_value), max_value)
    current = state[key]
    parts = (f"{key}|d", f"{key}|m", f"{key}|y")
    if state.get(f"{key}|synced", "unset") != current or any(p not in state for p in parts):
        shown = current or min(max(today_bangkok(), min_value), max_value)
        state[parts[0]] = None if current is None else current.day
        state[parts[1]], state[parts[2]] = shown.month, to_be(shown.year)
    st.markdown(f"**{label}**", help=help)
    if narrow:  # the sidebar: day and month side by side, the year below, so nothing is cut
        day_column, month_column = st.columns([1, 1.2], gap="small")
        year_column = st.container()
    else:
        day_column, month_column, year_column = st.columns([1, 1.3, 1.3], gap="small")
    days = ([None] if optional else []) + list(range(1, 32))
    day_column.selectbox("วัน", days, key=parts[0], format_func=lambda d: "ไม่ระบุ" if d is None else str(d),
                         placeholder="ไม่ระบุ")  # no day chosen: Thai, not Streamlit's English placeholder
    month_column.selectbox("เดือน", range(1, 13), key=parts[1], format_func=lambda m: MONTHS_SHORT[m])
    years = list(range(to_be(min_value.year), to_be(max_value.year) + 1))
    if state[parts[2]] not in years:
        state[parts[2]] = years[-1] if state[parts[2]] > years[-1] else years[0]
    year_column.selectbox("พ.ศ.", years, key=parts[2])
    chosen = be_date_value(key, min_value, max_value)
    state[key] = chosen
    state[f"{key}|synced"] = chosen
    return chosen


def be_date_value(key: str, min_value, max_value):
    """The date the three dropdowns of :func:`be_date_input` show now (a form's callback reads it from here, as
    the form's widgets change only on submit). None when the day is "ไม่ระบุ"."""
    import calendar
    import datetime as dt

    from ita_dash.domain.thaidate import to_ce

    state = st.session_state
    day, month, year = state.get(f"{key}|d"), state.get(f"{key}|m"), state.get(f"{key}|y")
    if day is None or month is None or year is None:
        return None
    ce = to_ce(year)
    return min(max(dt.date(ce, month, min(day, calendar.monthrange(ce, month)[1])), min_value), max_value)
