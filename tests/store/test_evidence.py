"""The results report's records in the store (issue 15): written results, evidence photos, report settings — on
SQLite and PostgreSQL, with permissions, versions and audit lines."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.evidence import PHOTO_LIMITS, Meeting, ReportSettings, Signer
from ita_dash.domain.model import Actor, Role
from ita_dash.domain.permissions import NotAllowed
from ita_dash.store.base import StaleVersion
from ita_dash.store.demo import UNITS, build_unit_year
from ita_dash.store.photos import prepare_photo

AS_OF = dt.date(2026, 4, 20)
ADMIN = Actor.system("test")


def jpeg_with_exif(size=(2400, 1800), colour=(200, 40, 40)) -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (13.0, 45.0, 0.0)}  # a GPS latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture
def unit_store(store, templates):
    data = build_unit_year(templates, UNITS[0], 2569, AS_OF)
    store.replace_unit_year(ADMIN, data)
    return store, data


def people(data):
    measure = next(m for m in data.measures if m.owner_section)
    other = next(s.code for s in data.sections if s.code != measure.owner_section)
    unit = data.unit.code
    return (measure,
            Actor(username="chief", role=Role.CHIEF, unit_code=unit),
            Actor(username="head", role=Role.SECTION_HEAD, unit_code=unit, section_code=measure.owner_section),
            Actor(username="other", role=Role.SECTION_HEAD, unit_code=unit, section_code=other),
            Actor(username="viewer", role=Role.VIEWER, unit_code=unit))


def test_prepare_photo_turns_upright_strips_exif_and_shrinks():
    prepared = prepare_photo(jpeg_with_exif())
    image = Image.open(io.BytesIO(prepared.content))
    assert image.format == "JPEG" and not image.getexif() and "exif" not in image.info
    assert (image.width, image.height) == (prepared.width, prepared.height)
    assert max(image.size) == PHOTO_LIMITS.stored_edge and image.height > image.width  # orientation 6 applied
    thumb = Image.open(io.BytesIO(prepared.thumbnail))
    assert max(thumb.size) == PHOTO_LIMITS.thumbnail_edge and not thumb.getexif()


@pytest.mark.parametrize("content, words", [
    (b"%PDF-1.4 not a picture", "ไม่ใช่ภาพ"),
    (b"", "ไฟล์ว่าง"),
    (b"\xff\xd8\xff" + b"\0" * (PHOTO_LIMITS.max_upload_bytes + 1), "ใหญ่เกิน"),
    (jpeg_with_exif()[:700], "อ่านภาพไม่ได้"),
])
def test_prepare_photo_refuses_in_thai(content, words):
    with pytest.raises(InvalidEntry) as refused:
        prepare_photo(content)
    assert words in refused.value.errors["photo"]


def test_a_pixel_bomb_is_refused():
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")  # tiny file, 81 million pixels
    with pytest.raises(InvalidEntry) as refused:
        prepare_photo(buffer.getvalue())
    assert "พิกเซล" in refused.value.errors["photo"] or "ไม่ใช่ภาพ" in refused.value.errors["photo"]


def test_photos_permissions_limits_audit_and_delete(unit_store):
    store, data = unit_store
    unit = data.unit.code
    measure, chief, head, other, viewer = people(data)
    info = store.add_photo(head, unit, 2569, measure.code, "2026-03", jpeg_with_exif(), "ป้าย  No Gift Policy\n")
    assert info.caption == "ป้าย No Gift Policy" and info.uploaded_by == "head" and info.measure_code == measure.code
    for outsider in (other, viewer):
        with pytest.raises(NotAllowed):
            store.add_photo(outsider, unit, 2569, measure.code, "2026-03", jpeg_with_exif())
    assert [p.id for p in store.list_photos(viewer, unit, 2569)] == [info.id]
    assert store.list_photos(viewer, unit, 2569, measure.code, "2026-02") == []
    content = store.photo_contents(viewer, unit, 2569, [info.id])[info.id]
    assert Image.open(io.BytesIO(content)).format == "JPEG"
    thumbs = store.photo_contents(viewer, unit, 2569, [info.id, 999_999], thumbnail=True)
    assert list(thumbs) == [info.id] and len(thumbs[info.id]) < len(content)
    for _ in range(PHOTO_LIMITS.per_measure_month - 1):
        store.add_photo(chief, unit, 2569, measure.code, "2026-03", jpeg_with_exif(size=(300, 200)))
    version = store.data_version()
    with pytest.raises(InvalidEntry) as refused:
        store.add_photo(chief, unit, 2569, measure.code, "2026-03", jpeg_with_exif(size=(300, 200)))
    assert "ไม่เกิน" in refused.value.errors["photo"] and store.data_version() == version
    with pytest.raises(NotAllowed):
        store.delete_photo(other, unit, 2569, info.id)
    store.delete_photo(head, unit, 2569, info.id)
    assert info.id not in {p.id for p in store.list_photos(chief, unit, 2569)}
    lines = [(h.field, h.username) for h in store.history(chief, unit) if h.table == "measure_photo"]
    assert ("add", "head") in lines and ("delete", "head") in lines and ("add", "chief") in lines


def test_photos_go_with_their_measures_when_the_year_is_replaced(unit_store, templates):
    store, data = unit_store
    measure, chief, *_ = people(data)
    store.add_photo(chief, data.unit.code, 2569, measure.code, "2026-03", jpeg_with_exif(size=(300, 200)))
    store.replace_unit_year(ADMIN, data)
    assert store.list_photos(chief, data.unit.code, 2569) == []
    assert store.delete_province(ADMIN, data.province.code) == 1


def test_written_results_by_chief_and_owning_section_with_versions(unit_store):
    store, data = unit_store
    unit = data.unit.code
    measure, chief, head, other, viewer = people(data)
    saved = store.save_measure_result(head, unit, 2569, measure.code, " ติดตั้งป้ายแล้ว 3 จุด ", "ผู้รับบริการรับทราบ",
                                      measure.version)
    assert (saved.achievement, saved.outcome, saved.version) == ("ติดตั้งป้ายแล้ว 3 จุด", "ผู้รับบริการรับทราบ", measure.version + 1)
    with pytest.raises(StaleVersion) as stale:
        store.save_measure_result(chief, unit, 2569, measure.code, "ฉบับเก่า", "", measure.version)
    assert stale.value.current.achievement == "ติดตั้งป้ายแล้ว 3 จุด"
    with pytest.raises(NotAllowed):
        store.save_measure_result(other, unit, 2569, measure.code, "x", "", saved.version)
    with pytest.raises(InvalidEntry):
        store.save_measure_result(chief, unit, 2569, measure.code, "ก" * 4001, "", saved.version)
    again = store.save_measure_result(chief, unit, 2569, measure.code, saved.achievement, "ปรับแล้ว", saved.version)
    assert again.outcome == "ปรับแล้ว"
    loaded = next(m for m in store.load_unit_year(viewer, unit, 2569).measures if m.code == measure.code)
    assert loaded.achievement == "ติดตั้งป้ายแล้ว 3 จุด"
    fields = {h.field for h in store.history(chief, unit, f"measure:{unit}/2569/{measure.code}")}
    assert {"achievement", "outcome"} <= fields


def test_report_settings_saved_by_the_chief_only_with_versions(unit_store):
    store, data = unit_store
    unit = data.unit.code
    _, chief, head, _, viewer = people(data)
    assert store.report_settings(viewer, unit, 2569) == ReportSettings()
    settings = ReportSettings(committee_order="คำสั่ง สภ.เมืองตัวอย่าง ที่ 12/2569",
                              committee=["พ.ต.อ.สมชาย ตัวอย่าง ผกก. ประธาน", "พ.ต.ท.สมศักดิ์ ตัวอย่าง รอง ผกก. กรรมการ"],
                              meetings=[Meeting(held_on=dt.date(2025, 12, 27), topic="ชี้แจงการประเมิน")],
                              prepared_by=Signer(rank="ร.ต.อ.", name="สมหญิง ตัวอย่าง", position="รอง สว.อก."),
                              certified_by=Signer(rank="พ.ต.อ.", name="สมชาย ตัวอย่าง", position="ผกก."))
    with pytest.raises(NotAllowed):
        store.save_report_settings(head, unit, 2569, settings)
    first = store.save_report_settings(chief, unit, 2569, settings)
    assert first.version == 1 and store.report_settings(viewer, unit, 2569) == first
    with pytest.raises(StaleVersion):
        store.save_report_settings(chief, unit, 2569, settings)  # filled from "never saved", but it was
    second = store.save_report_settings(chief, unit, 2569, first.model_copy(update={"committee": ["คนเดียว"]}))
    assert second.version == 2 and store.report_settings(chief, unit, 2569).committee == ["คนเดียว"]
    assert store.report_settings(chief, unit, 2568).version == 0
    assert any(h.table == "report_settings" for h in store.history(chief, unit))


def test_typed_texts_are_checked_like_every_other_field(unit_store):
    """Control characters are refused in Thai (NUL never reaches PostgreSQL); a long multi-line written result
    passes the bundle's whole-record check."""
    from ita_dash.domain.fields import record_text_errors

    store, data = unit_store
    unit = data.unit.code
    measure, chief, *_ = people(data)
    with pytest.raises(InvalidEntry) as refused:
        store.save_measure_result(chief, unit, 2569, measure.code, "ติดตั้ง\x00ป้าย", "", measure.version)
    assert "อักขระควบคุม" in refused.value.errors["achievement"]
    with pytest.raises(InvalidEntry):
        store.add_photo(chief, unit, 2569, measure.code, "2026-03", jpeg_with_exif(size=(300, 200)), "ภาพ\x1b")
    with pytest.raises(InvalidEntry):
        store.save_report_settings(chief, unit, 2569, ReportSettings(committee=["พ.ต.อ.\x07สมชาย"]))
    written = "บรรทัดหนึ่ง\nบรรทัดสอง\t" + "ก" * 900
    saved = store.save_measure_result(chief, unit, 2569, measure.code, written, "ผล", measure.version)
    assert record_text_errors(saved) == {}


def test_a_small_file_of_forty_million_pixels_is_refused_before_it_is_decoded():
    """Issue 35 item 9: a 5 KB PNG of 39.7 megapixels was accepted and took some 200 MB to process; the cap is now
    our own, well under Pillow's 89 MP, and read from the file's header."""
    buffer = io.BytesIO()
    Image.new("1", (6300, 6300)).save(buffer, "PNG")  # 39.7 million pixels
    assert len(buffer.getvalue()) < 10_000
    with pytest.raises(InvalidEntry) as refused:
        prepare_photo(buffer.getvalue())
    assert "ล้านพิกเซล" in refused.value.errors["photo"]
