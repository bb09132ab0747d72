"""A measure's fields are declared once (issue 33 item 1: ita_dash/domain/measure_fields.py); every other list of them
is derived from that declaration or checked against it here, so a field added in one place and forgotten in another
fails a test instead of being dropped."""

from __future__ import annotations

import dataclasses

import pytest

from ita_dash.domain import audit_labels, fields, measure_fields
from ita_dash.domain.measure_fields import BY_NAME, IMPORTED, MEASURE_FIELDS, Editor
from ita_dash.domain.model import Actor, Measure, Role
from ita_dash.domain.permissions import NotAllowed
from ita_dash.importers import plan
from ita_dash.store.sheets import layout
from ita_dash.store.tables import MeasureRow


def _max_length(name: str) -> int | None:
    return next((m.max_length for m in Measure.model_fields[name].metadata if getattr(m, "max_length", None)), None)


def test_every_field_of_a_measure_is_declared_once_and_in_the_table():
    declared = [field.name for field in MEASURE_FIELDS]
    assert len(declared) == len(set(declared))
    assert set(declared) == set(Measure.model_fields)
    columns = {column.name for column in MeasureRow.__table__.columns} - {"id", "unit_code", "fiscal_year"}
    assert columns == set(declared)


def test_a_fields_limit_is_the_records_and_its_name_is_said_the_same_everywhere():
    for field in MEASURE_FIELDS:
        if field.limit is not None:
            assert _max_length(field.name) == field.limit.chars, field.name
            assert fields.limit_of(field.name) == field.limit
        assert audit_labels.field_label(field.name) == field.label
        if field.editor is not Editor.SYSTEM:
            assert fields.label_of(field.name) == field.label
    for name, label in plan.FIELDS.items():  # a plan file's column named as the field it fills
        if name in BY_NAME and name != "deadline":  # the plans' "ระยะเวลาแล้วเสร็จ": deadline, start and text at once
            assert label == BY_NAME[name].label, name


def test_the_plan_import_writes_what_a_plan_brings_and_keeps_what_the_unit_wrote():
    assert set(IMPORTED) <= set(Measure.model_fields)
    assert {"achievement", "done", "retired", "code", "version"}.isdisjoint(IMPORTED)
    assert BY_NAME["achievement"].editor is Editor.OWNER  # the head of the owning section writes the result too


def test_the_sheets_columns_are_the_declared_ones():
    assert layout.MEASURE_COLUMNS == {field.name: field.column for field in MEASURE_FIELDS}
    assert all(field.column for field in MEASURE_FIELDS)  # or the field is in layout.KEPT_ELSEWHERE


def test_who_may_change_a_field_is_read_from_its_declaration(demo_store, monkeypatch):
    """A section head writes the results report's texts of a measure her section owns because both are declared
    Editor.OWNER; declare one CHIEF and the same save is refused (the store asks the declaration, not a list of its
    own)."""
    head = Actor(username="demo.head", role=Role.SECTION_HEAD, unit_code="DEMO-01", section_code="admin")
    measure = next(m for m in demo_store.load_unit_year(Actor.system("t"), "DEMO-01", 2570).measures
                   if m.owner_section == "admin")
    saved = demo_store.save_measure_result(head, "DEMO-01", 2570, measure.code, "ทำแล้ว", "ได้ผล", measure.version)
    assert (saved.achievement, saved.outcome) == ("ทำแล้ว", "ได้ผล")
    chief_only = dataclasses.replace(BY_NAME["outcome"], editor=Editor.CHIEF)
    monkeypatch.setitem(measure_fields.BY_NAME, "outcome", chief_only)
    with pytest.raises(NotAllowed, match="แก้ไขมาตรการ"):
        demo_store.save_measure_result(head, "DEMO-01", 2570, measure.code, "ทำแล้ว", "แก้", saved.version)
