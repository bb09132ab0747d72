"""Markdown and HTML typed into every free-text field (issue 35 item 5): the payloads, the fields they go into (derived
from the declarations of ``ita_dash/domain/fields.py`` and ``measure_fields.py``, so a field declared and not typed
into here fails the test), the writes that put them into a demo database, and how to tell a payload that came
through unescaped."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import io
import json
import re

import pytest

from helpers.databases import REGION_ACCOUNT
from ita_dash.domain.accounts import SignInRefused, User
from ita_dash.domain.evidence import Meeting as ReportMeeting
from ita_dash.domain.evidence import Signer
from ita_dash.domain.fields import LIMITS
from ita_dash.domain.measure_fields import MEASURE_FIELDS
from ita_dash.domain.model import Actor, Role
from ita_dash.domain.orders import OrderEntry, OrderReportEntry
from ita_dash.domain.thaidate import TODAY_SETTING
from ita_dash.store.sql import SqlStore

DAY = dt.date(2027, 3, 15)  # IIT/EIT open and counted: the gauges, the EIT section bars and the quota lights drawn

EVIL = "https://evil.example"
# Markdown a link, bold, HTML a link, bold, a picture that runs script, Streamlit's colour and LaTeX directives, code
PAYLOAD = (f"[คลิก]({EVIL}) **ตัวหนา** <a href=\"{EVIL}\">x</a> <b>x</b> :red[x] $x$ `x` "
           "<img src=x onerror=alert(1)>")
LINES = f"{PAYLOAD}\n# หัวข้อ"  # a multi-line field: a heading on a line of its own
SHORT = f"[ค]({EVIL})<b>x</b>"  # a field of 60 characters (a signer's rank)
URL = f"{EVIL}/[x]({EVIL})<b>x</b>"  # a link field: one address without spaces, as the check allows

# What must never reach the browser raw: each means the payload would be read as HTML (anywhere: Markdown, a plotly
# figure, a web page) or as Markdown (in Markdown only).
HTML = (f'<a href="{EVIL}"', "<b>x</b>", "<img src=x")
RAW = (f"]({EVIL})", *HTML, ":red[x]", "$x$", "`x`", "**ตัวหนา**", "\n# หัวข้อ")

# Every declared free-text field → where the walk types into it. Fields that cannot hold Markdown or HTML at all
# (their characters are refused by a pattern) are listed apart, with the check that refuses them.
TYPED = {
    "issue": "measure", "activity": "measure", "output": "measure", "communication": "measure",
    "deadline_text": "measure", "owner_text": "measure and OIT item", "cadence_text": "measure", "outcome": "measure",
    "achievement": "measure", "extra": "measure",
    "note": "monthly report and order report", "evidence_url": "monthly report", "link": "OIT item",
    "display_name": "account", "name": "region, province, unit, section, signer", "short_name": "unit",
    "head_name": "section", "caption": "photo", "committee_order": "report settings", "committee": "report settings",
    "topic": "report settings", "rank": "report settings", "position": "report settings",
    "order_text": "chair's order", "attendees": "meeting",
}
NOT_FREE_TEXT = {
    "username": "User.username: [A-Za-z0-9._@-]+",
    "password": "never shown",
    "email": "accounts.email_problem: exactly one address",
    "code": "model.Code: [A-Za-z0-9._-]+",
}


def declared_text_fields() -> set[str]:
    """Every field a person types into, as ``fields.py`` and ``measure_fields.py`` declare them."""
    return set(LIMITS) | {field.name for field in MEASURE_FIELDS if field.limit is not None}


def unescaped(kind: str, text: str) -> list[str]:
    """The payload pieces found raw in ``text``, drawn as ``kind`` (see :func:`markup_drawn`): in Markdown a
    character escaped with a backslash (``\\[``) is shown as itself, so it is taken out before looking; a plotly
    figure reads HTML only."""
    if kind == "plotly":
        return [piece for piece in HTML if piece in text]
    text = re.sub(r"\\.", "", text)
    return [piece for piece in RAW if piece in text]


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def _tiny_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 80, 80)).save(out, "PNG")
    return out.getvalue()


def type_payloads(url: str, unit_code: str = "DEMO-01", fiscal_year: int = 2570, day: dt.date | None = None) -> None:
    """Put the payloads into every free-text field of ``unit_code``'s year in the demo database at ``url``, through
    the store as its administrator would (each write's own checks run)."""
    actor = Actor.system("test")
    store = SqlStore(url)
    try:
        data = store.load_unit_year(actor, unit_code, fiscal_year)
        sections = [s.model_copy(update={"name": f"{s.name} {PAYLOAD}"[:200], "head_name": PAYLOAD})
                    for s in data.sections]
        long = {f.name: LINES for f in MEASURE_FIELDS if f.limit is not None and f.limit.multiline}
        short = {f.name: PAYLOAD for f in MEASURE_FIELDS if f.limit is not None and not f.limit.multiline}
        measures = [m.model_copy(update={**long, **short, "activity": f"{m.activity} {LINES}"}) for m in data.measures]
        follow_ups = [f.model_copy(update={"note": LINES, "evidence_url": URL}) for f in data.follow_ups]
        items = [i.model_copy(update={"owner_text": PAYLOAD, "link": URL}) for i in data.oit_items]
        data = data.model_copy(update={
            "region": data.region.model_copy(update={"name": PAYLOAD}),
            "province": data.province.model_copy(update={"name": PAYLOAD}),
            "unit": data.unit.model_copy(update={"name": PAYLOAD, "short_name": PAYLOAD}),
            "sections": sections, "measures": measures, "follow_ups": follow_ups, "oit_items": items})
        photos = store.list_photos(actor, unit_code, fiscal_year)
        store.replace_unit_year(actor, data)
        # the photos of the demo went with its measures' rows: one photo again, on a report, with a caption
        report = next(f for f in data.follow_ups)
        store.add_photo(actor, unit_code, fiscal_year, report.measure_code, report.month, _tiny_png(), PAYLOAD)
        del photos

        settings = store.report_settings(actor, unit_code, fiscal_year)
        signer = Signer(rank=SHORT, name=PAYLOAD, position=PAYLOAD)
        meetings = [ReportMeeting(held_on=m.held_on, topic=PAYLOAD) for m in settings.meetings] or [
            ReportMeeting(held_on=dt.date(fiscal_year - 544, 10, 20), topic=PAYLOAD)]
        store.save_report_settings(actor, unit_code, fiscal_year, settings.model_copy(update={
            "committee_order": PAYLOAD, "committee": [PAYLOAD, PAYLOAD], "meetings": meetings,
            "prepared_by": signer, "certified_by": signer}))

        book = store.load_orders(actor, unit_code, fiscal_year)
        for meeting in book.meetings:
            store.save_meeting(actor, unit_code, fiscal_year, meeting.held_on, LINES, meeting.version)
        for order in book.orders:
            store.save_order(actor, unit_code, fiscal_year, dataclasses.replace(
                _entry(order), text=LINES, base_version=order.version))
        for report in book.reports:
            store.save_order_report(actor, unit_code, fiscal_year, OrderReportEntry(
                order_number=report.order_number, section=report.section, month=report.month, status=report.status,
                percent=report.percent, note=LINES, base_version=report.version), now=report.entered_at)

        _type_into_framework(store, actor, data.unit, fiscal_year)

        for user in store.list_users(actor):  # every account's name as people see it
            store.import_users(actor, [user.model_copy(update={"display_name": PAYLOAD})])
        store.add_user(actor, User(username="payload.viewer", display_name=PAYLOAD, role=Role.VIEWER,
                                   unit_code=unit_code), "payload-viewer-pass-1")
        with contextlib.suppress(SignInRefused):  # a refused sign-in: the administrator sees what was typed
            store.sign_in(PAYLOAD[:60], "wrong")
    finally:
        store.close()



def _type_into_framework(store, actor, unit, fiscal_year: int) -> None:
    """The unit's own framework entries, as a chief copies them from ITAP: OIT item titles and checklists, the
    calendar's phase names and the entries' source, each holding the payload."""
    from ita_dash.domain.framework import library
    from ita_dash.domain.framework_entries import SOURCE_MAX, FrameworkEntry, FrameworkPart

    templates = library()
    template = templates.for_year(unit.kind, fiscal_year)
    framework = store.framework_for(actor, unit, fiscal_year, templates)
    parts = {
        FrameworkPart.OIT_ITEMS: [item.model_copy(update={"title": f"{item.title} {PAYLOAD}",
                                                          "checklist": [PAYLOAD for _ in item.checklist]})
                                  for item in framework.oit_items or []],
        FrameworkPart.CALENDAR: [phase.model_copy(update={"name": f"{phase.name} {PAYLOAD}"})
                                 for phase in framework.calendar or []],
    }
    for part, values in parts.items():
        assert values, f"the demo unit's framework has no {part.value} to type into"
        store.save_framework_entry(actor, FrameworkEntry(
            kind=unit.kind, fiscal_year=fiscal_year, part=part, unit_code=unit.code, source=SHORT[:SOURCE_MAX],
            **{part.value: values}), template)


@pytest.fixture(scope="session")
def typed_db(tmp_path_factory, templates) -> str:
    """The demo as of DAY, an account of every role (``REGION_ACCOUNT`` too), and the payloads in every free-text
    field of DEMO-01 (tests must not write to it)."""
    from ita_dash.store.demo import build_demo

    url = f"sqlite:///{tmp_path_factory.mktemp('typed') / 'ita.db'}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TODAY_SETTING, DAY.isoformat())
        store = SqlStore(url)
        build_demo(store, templates, DAY)
        store.add_user(Actor.system("test"), *REGION_ACCOUNT)
        store.close()
        type_payloads(url)
    return url


def _entry(order) -> OrderEntry:
    return OrderEntry(meeting_on=order.meeting_on, text=order.text, sections=tuple(order.sections), due=order.due,
                      status=order.status, number=order.number)


# Elements whose text Streamlit draws as Markdown (their ``body``, ``label``, ``help`` …) and the widgets whose options
# it draws as Markdown too (a radio's, a pills' or segmented control's); a select box's options and a text box's value
# are plain text.
_OPTIONS_AS_MARKDOWN = {"Radio", "ButtonGroup"}
_PLAIN = {"Code", "Text", "Exception", "Dataframe", "Json", "ArrowVegaLiteChart"}
_MARKDOWN_FIELDS = ("body", "label", "help", "delta", "caption", "tooltip", "placeholder")


def _strings_of(proto, names) -> list[str]:
    out = []
    for name in names:
        if name in {f.name for f in proto.DESCRIPTOR.fields}:
            value = getattr(proto, name)
            if isinstance(value, str):
                out.append(value)
    return out


def markup_drawn(app) -> list[tuple[str, str]]:
    """Every text ``app``'s last run hands the browser to draw as Markdown or HTML, as (element type, text): the
    bodies of Markdown, captions, headings, alerts, toasts and metrics, every widget's label and help, the labels of
    tabs and expanders, a radio's or pills' options, the cells of ``st.table`` (Markdown since Streamlit 1.45),
    ``st.html`` and every plotly figure's JSON (plotly draws ``<a href>``, ``<b>``, ``<br>`` in any text)."""
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
    from streamlit.testing.v1 import element_tree as et

    found: list[tuple[str, str]] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if isinstance(node, (et.Block, et.ElementTree)) or hasattr(node, "children") and not isinstance(node, et.Element):
            if proto is not None:
                for kind in ("expandable", "tab", "popover"):
                    if proto.HasField(kind) if kind in {f.name for f in proto.DESCRIPTOR.fields} else False:
                        found.extend((kind, text) for text in _strings_of(getattr(proto, kind), ("label",)))
            for child in getattr(node, "children", {}).values():
                walk(child)
            return
        if proto is None:
            return
        kind = proto.DESCRIPTOR.name
        if kind == "Element":  # an element AppTest does not know: its type inside
            proto = getattr(proto, proto.WhichOneof("type"))
            kind = proto.DESCRIPTOR.name
        if kind == "PlotlyChart":  # every string of the figure
            found.extend(("plotly", text) for text in _json_strings(json.loads(proto.spec)))
            return
        if kind in _PLAIN or type(node).__name__ in _PLAIN:
            return
        if kind == "Html":
            found.append(("html", proto.body))
            return
        if kind == "Table":
            frame = convert_arrow_bytes_to_pandas_df(proto.arrow_data.data)
            found.extend(("table", str(v)) for v in [*frame.columns, *frame.index, *frame.astype(str).values.ravel()])
            return
        found.extend((kind, text) for text in _strings_of(proto, _MARKDOWN_FIELDS))
        if type(node).__name__ in _OPTIONS_AS_MARKDOWN:
            for option in proto.options:
                found.append((kind, option if isinstance(option, str) else getattr(option, "content", "")))

    walk(app._tree)
    return found
