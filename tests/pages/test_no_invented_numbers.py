"""Issue 34 item 1: one meaning for each figure, in every output (pages and printed outputs). A count nobody copied from ITAP is
"ยังไม่ได้บันทึก", a collection window not open yet is "ยังไม่เปิด", the readiness index says what it is made of and
when it can first move, and the OIT items published are counted one way.

The walk reads every output — the overview, the quotas page, the one-pager, the results report in PDF, Word and
Excel, the province screen and PDF, the meeting, the ITA web page — for the demo station before IIT/EIT collection
opens (21 Nov 2026; opens 1 Jan 2027), for the same station after it opened with no count copied from ITAP, and
for a local administration with nothing recorded at all, and finds no invented number in any of them."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from helpers.app import empty_local_unit, heatmap_of, make_app
from helpers.environment import DEMO_AS_OF
from ita_dash.domain.figure_text import (
    NOT_COMPUTABLE,
    NOT_OPEN,
    NOT_RECORDED,
    FigureState,
    against_target,
    count_text,
    readiness_text,
    state_of,
)
from ita_dash.domain.model import Actor, OitItem, OitStatus
from ita_dash.domain.orders import OrderBook
from ita_dash.domain.status import assess_unit
from ita_dash.reports.minutes import meeting_topics
from ita_dash.reports.oit_page import oit_page_html
from ita_dash.reports.province import assess_province, province_summary_pdf
from ita_dash.reports.results import gather_evidence, results_docx, results_pdf, results_xlsx
from ita_dash.reports.summary import unit_summary_pdf
from ita_dash.store.sql import SqlStore

SYSTEM = Actor.system("test")
OPEN_DAY = dt.date(2027, 2, 15)  # IIT/EIT collection open since 1 Jan 2027; the demo (built 21 Nov 2026) has no count
SCENARIOS = {  # name → (database, unit, day, the word its counts must say)
    "before the windows open": ("demo", "DEMO-01", DEMO_AS_OF, NOT_OPEN),
    "open, nothing recorded": ("demo", "DEMO-01", OPEN_DAY, NOT_RECORDED),
    "a local administration with nothing": ("empty", "LA-1", OPEN_DAY, None),
}


def invented(text: str, targets: list[int]) -> list[str]:
    """Every invented figure in ``text``: a 0.0 readiness, a 0 % share, a 0 against a quota's minimum,
    "มีผู้ตอบ 0 คน"."""
    text = " ".join(text.split())
    found = re.findall(r"(?<![\d.,])0\.0+(?![\d])", text)
    found += re.findall(r"(?<![\d.,])0 ?%", text)
    found += re.findall(r"มีผู้ตอบ 0 คน", text)
    for target in targets:
        for shown in {str(target), f"{target:,}"}:
            found += re.findall(rf"(?<![\d,])0 ?/ ?{re.escape(shown)}(?![\d,])", text)
    return found


def pdf_text(content: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True,
                          check=True).stdout.decode()


def page_text(app) -> str:
    parts = [f"{m.label} {m.value}" for m in app.metric]
    for kind in ("title", "header", "subheader", "markdown", "caption", "success", "info", "warning", "error"):
        parts += [element.value for element in getattr(app.main, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture(params=list(SCENARIOS))
def scenario(request, demo_db, tmp_path, monkeypatch, templates):
    source, code, day, word = SCENARIOS[request.param]
    url = demo_db if source == "demo" else empty_local_unit(tmp_path)
    monkeypatch.setenv("ITA_TODAY", day.isoformat())  # the app's today: the pages judge this day
    store = SqlStore(url)
    data = store.load_unit_year(SYSTEM, code, 2570)
    template = store.framework_for(SYSTEM, data.unit, 2570, templates)
    status = assess_unit(template, data, day)
    yield request.param, url, store, status, word
    store.close()


def test_no_output_invents_a_number(scenario, monkeypatch, templates):
    name, url, store, status, word = scenario
    unit, day = status.data.unit, status.as_of
    targets = [q.target for q in status.quotas if q.target]
    outputs: dict[str, str] = {}

    # the pages, as the administrator sees them on that day
    for page in ("overview", "quotas"):
        app = make_app(monkeypatch, url, unit=unit.code, fy="2570", as_of=day.isoformat())
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, (name, page, app.exception)
        outputs[page] = page_text(app)
        if page == "quotas":  # no gauge, bar or line drawn at a count nobody has
            assert not app.get("plotly_chart"), name
    app = make_app(monkeypatch, url, unit=unit.code, fy="2570", as_of=day.isoformat())
    app.switch_page("pages/province.py").run()
    assert not app.exception, (name, app.exception)
    cells = heatmap_of(app)
    row = dict(zip(cells["x"], dict(zip(cells["y"], cells["text"]))[unit.short_name or unit.name]))
    outputs["province screen"] = " ".join(f"{column} {row[column]}" for column in ("IIT", "EIT", "OIT", "ความพร้อม"))

    # the printed outputs
    evidence = gather_evidence(store, SYSTEM, status)
    outputs["one-pager"] = pdf_text(unit_summary_pdf(status))
    outputs["results PDF"] = pdf_text(results_pdf(status, evidence))
    outputs["results Word"] = "\n".join(p.text for p in Document(io.BytesIO(results_docx(status, evidence))).paragraphs)
    book = load_workbook(io.BytesIO(results_xlsx(status, evidence)))
    outputs["results Excel"] = "\n".join(str(c) for s in book for r in s.iter_rows(values_only=True) for c in r
                                         if c is not None)
    province, statuses = assess_province(store, SYSTEM, unit.province_code, 2570, day, templates)
    outputs["province PDF"] = pdf_text(province_summary_pdf(province, statuses, 2570, day))
    topics = meeting_topics(status, OrderBook())
    outputs["meeting"] = "\n".join(p for t in topics for f in t.figures for p in (f.label, f.value, f.caption))
    outputs["meeting"] += "\n" + "\n".join(t.headline for t in topics)
    outputs["ITA web page"] = oit_page_html(status.template, status.data, {})

    for output, text in outputs.items():
        assert not invented(text, targets), (name, output, invented(text, targets))
    said = {NOT_OPEN: "ยังไม่เปิด", NOT_RECORDED: "ยังไม่ได้บันทึก", None: None}[word]
    readiness = status.readiness.text()
    assert readiness in (NOT_OPEN, NOT_RECORDED, NOT_COMPUTABLE), (name, readiness)
    for output in ("overview", "one-pager", "province screen", "province PDF", "meeting"):
        assert readiness in " ".join(outputs[output].split()), (name, output, readiness)
    if said:
        for output in ("overview", "quotas", "one-pager", "results PDF", "results Word", "province screen",
                       "province PDF", "meeting"):
            assert said in outputs[output], (name, output)
        assert f"IIT {said}" in outputs["province screen"] and f"EIT {said}" in outputs["province screen"]


def test_a_count_says_what_it_is():
    opens = dt.date(2027, 1, 1)
    assert state_of(False, opens) is FigureState.NOT_OPEN and state_of(False) is FigureState.NOT_RECORDED
    assert state_of(True, opens) is FigureState.SHOWN  # a count someone did copy is shown, even early
    assert count_text(0, state_of(True)) == "0"  # a real zero stays a zero
    assert count_text(0, state_of(False, opens)) == NOT_OPEN and count_text(0, state_of(False)) == NOT_RECORDED
    assert against_target(0, 128, state_of(False, opens)) == "ยังไม่เปิด (ขั้นต่ำ 128)"
    assert against_target(37, 128, FigureState.SHOWN) == "37/128"
    assert readiness_text(0.0, opens) == NOT_OPEN and readiness_text(0.0, None, recorded=False) == NOT_RECORDED
    assert readiness_text(None, opens) == NOT_COMPUTABLE and readiness_text(42.04) == "42.0"


def test_readiness_says_what_it_is_made_of_and_when_it_can_first_move(demo_db, monkeypatch, templates):
    store = SqlStore(demo_db)
    data = store.load_unit_year(SYSTEM, "DEMO-01", 2570)
    template = store.framework_for(SYSTEM, data.unit, 2570, templates)
    store.close()
    before = assess_unit(template, data, DEMO_AS_OF).readiness
    assert before.value == 0.0 and before.text() == NOT_OPEN and not before.judged
    explained = " ".join(before.explained())
    assert "IIT 30 + EIT 30 + OIT 40 คะแนน" in explained and "เริ่มคำนวณได้เมื่อเปิดเก็บ IIT/EIT 1 ม.ค. 2570" in explained
    assert "IIT ยังไม่เปิด · EIT ยังไม่เปิด · OIT เผยแพร่แล้ว 0/25 ข้อ" in explained
    after = assess_unit(template, data, OPEN_DAY).readiness
    assert after.text() == NOT_RECORDED and "คำนวณได้เมื่อบันทึกจำนวนผู้ตอบ IIT และ EIT" in after.first_moves()

    app = make_app(monkeypatch, demo_db, unit="DEMO-01", fy="2570")
    app.switch_page("pages/overview.py").run()
    caption = " ".join(c.value for c in app.caption)
    assert "เริ่มคำนวณได้เมื่อเปิดเก็บ IIT/EIT 1 ม.ค. 2570" in caption and "IIT 30 + EIT 30 + OIT 40" in caption


def test_the_overview_and_indicator_9_count_oit_items_the_same_way(demo_db, templates):
    """An approved item not yet published: the overview's "OIT เผยแพร่แล้ว" and indicator 9's reason both leave it
    out of the published count, and the reason names it apart."""
    store = SqlStore(demo_db)
    data = store.load_unit_year(SYSTEM, "DEMO-01", 2570)
    template = store.framework_for(SYSTEM, data.unit, 2570, templates)
    store.close()
    first = next(spec for spec in template.oit_items if spec.sub_indicator and spec.sub_indicator.startswith("9"))
    approved = data.model_copy(update={"oit_items": [OitItem(code=first.code, status=OitStatus.APPROVED)]})
    status = assess_unit(template, approved, DEMO_AS_OF)
    nine = next(i for i in status.indicators if i.number == 9)
    items = sum(1 for i in status.oit_items if i.indicator == 9)
    assert status.readiness.oit_published == 0
    summary = nine.reasons[-1].text
    assert summary == f"รายการ OIT ของตัวชี้วัดนี้: เผยแพร่แล้ว 0/{items} ข้อ · อนุมัติแล้วรอเผยแพร่ 1 ข้อ", summary
    assert "อนุมัติ/เผยแพร่แล้ว" not in " ".join(r.text for i in status.indicators for r in i.reasons)
