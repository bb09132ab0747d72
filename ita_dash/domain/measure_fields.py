"""Every field of a measure, declared once (issue 33): its Thai name, the question a form asks, the limit of what
is typed into it, who changes it and how a plan brings it in. The other lists are derived from this one or checked
against it by a test (tests/domain/test_measure_fields.py):

- the limits and Thai names of :mod:`.fields` (refusals under a field) and of :mod:`.audit_labels` (the history page);
- the plan import's columns (:mod:`ita_dash.importers.plan`) and the fields it writes (:mod:`ita_dash.store.sql.plans`);
- the manage page's form; the SQL table ``measure`` (``MeasureRow``) and the Google Sheet's measures tab (its columns,
  ``sheets.layout.MEASURE_COLUMNS``);
- who may change it: :func:`.permissions.check_edit_measure` reads ``editor``.

Adding a field to a measure: the attribute on :class:`~.model.Measure`, one :class:`MeasureField` here, the column on
``MeasureRow`` with its migration (``python -m ita_dash.store.migrations``), and the places that show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .model import Limit

LONG = Limit(4000, multiline=True)  # a paragraph of a plan (model.LongText)
SHORT = Limit(200)  # a line (model.ShortText)


class Editor(Enum):
    """Who changes a field after the plan is in."""

    CHIEF = "chief"  # the chief on the manage page (and the plan import, the bundle)
    OWNER = "owner"  # also the head of the section that owns the measure (the results report's written results)
    SYSTEM = "system"  # set by the store or the import, never typed: the code, the version, a range's start


@dataclass(frozen=True)
class MeasureField:
    name: str  # the attribute of model.Measure and the column of the table ``measure``
    label: str  # its Thai name: a refusal under the field, the history page, a file's column
    limit: Limit | None = None  # what may be typed (None: not free text)
    editor: Editor = Editor.CHIEF
    prompt: str = ""  # the form's question when it says more than the label
    imported: bool = True  # a plan file brings it (the import writes it; False: kept by the unit alone)
    # the header of its column on a Google Sheet's measures tab (sheets/layout.py): short, and as the sheets made so
    # far have it, so it may differ from the label; two fields may share one column (a date and its words)
    column: str = ""

    @property
    def question(self) -> str:
        return self.prompt or self.label


MEASURE_FIELDS: tuple[MeasureField, ...] = (
    MeasureField("code", "รหัสมาตรการ", editor=Editor.SYSTEM, imported=False, column="รหัส"),
    # the import places the row by it; not "written over"
    MeasureField("indicator", "ตัวชี้วัด", imported=False, column="ตัวชี้วัด"),
    MeasureField("issue", "ประเด็น", LONG, prompt="ประเด็นที่ต้องเตรียมความพร้อม/ยกระดับ", column="ประเด็น"),
    # the row's key
    MeasureField("activity", "กิจกรรม", LONG, prompt="กิจกรรมที่จะดำเนินการ", imported=False, column="มาตรการ/กิจกรรม"),
    MeasureField("output", "ผลผลิต", LONG, column="ผลผลิต"),
    MeasureField("communication", "วิธีการสร้างการรับรู้", LONG, column="การสร้างการรับรู้"),
    MeasureField("deadline", "กำหนดเสร็จ", prompt="กำหนดเสร็จ (เว้นว่างถ้าไม่มี)", column="กำหนดเสร็จ"),
    MeasureField("deadline_text", "กำหนดเสร็จตามที่เขียนในแผน", SHORT, column="กำหนดเสร็จ"),
    # in the unit's words (Words.say)
    MeasureField("owner_section", "สายงานที่รับผิดชอบ", prompt="สายงานผู้รับผิดชอบ", column="สายงาน"),
    MeasureField("owner_text", "ผู้รับผิดชอบ", LONG, column="ผู้รับผิดชอบ"),
    MeasureField("cadence", "ระยะเวลากำกับติดตาม", column="ความถี่"),
    MeasureField("cadence_text", "ระยะเวลากำกับติดตามตามที่เขียนในแผน", SHORT, column="ความถี่"),
    MeasureField("outcome", "ผลลัพธ์", LONG, editor=Editor.OWNER, prompt="ผลลัพธ์ (สำหรับรายงานผลสิ้นปี)", column="ผลลัพธ์"),
    MeasureField("achievement", "ผลการดำเนินการ", LONG, editor=Editor.OWNER, imported=False, column="ผลการดำเนินการ"),
    MeasureField("done", "แล้วเสร็จ", prompt="ดำเนินการแล้วเสร็จ", imported=False, column="เสร็จแล้ว"),
    MeasureField("retired", "ยกเลิกมาตรการ", prompt="ยกเลิกมาตรการนี้ (ไม่ติดตามอีก)", imported=False, column="ยกเลิก"),
    # columns a plan file had that no field takes, kept verbatim
    MeasureField("extra", "ข้อมูลเพิ่มเติม", LONG, column="ข้อมูลอื่น"),
    MeasureField("version", "ฉบับ", editor=Editor.SYSTEM, imported=False, column="ฉบับ"),
    # "๑ ต.ค. ถึง ๓๑ ธ.ค.": read from the deadline
    MeasureField("start_date", "วันเริ่ม", editor=Editor.SYSTEM, column="วันเริ่ม"),
    # one section's share of such a measure
    MeasureField("all_sections", "ทุกสายงานรายงานผล", editor=Editor.SYSTEM, column="ทุกสายงาน"),
)
BY_NAME = {field.name: field for field in MEASURE_FIELDS}
IMPORTED = tuple(field.name for field in MEASURE_FIELDS if field.imported)  # what a plan import writes over


def label(name: str) -> str:
    return BY_NAME[name].label


def question(name: str) -> str:
    return BY_NAME[name].question
