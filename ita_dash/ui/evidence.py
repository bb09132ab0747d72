"""Widgets for the results report a unit signs (issue 15): attach photos to a measure's monthly report (file or
phone camera), see and remove them as thumbnails, write a measure's ผลการดำเนินการ and ผลลัพธ์, and the report's
settings (committee, meetings, who prepares and who certifies).

For pages: ``photo_uploader(selection, measure_code, month)``, ``photo_gallery(...)``, ``outcome_editor(selection,
measure)`` and ``report_settings_form(selection)``. Each checks nothing itself: the store decides who may write and
refuses in Thai; a refusal is shown, never a traceback. Captions and texts are shown as plain text.
"""

from __future__ import annotations

import streamlit as st

from ita_dash.domain.entries import FIELD_LABELS
from ita_dash.domain.evidence import (
    ACHIEVEMENT_MAX_CHARS,
    CAPTION_MAX_CHARS,
    MAX_MEETINGS,
    MAX_MEMBERS,
    OUTCOME_MAX_CHARS,
    PHOTO_LIMITS,
    SIGNERS,
    draft_achievement,
    meeting_lines,
    report_settings_of,
)
from ita_dash.domain.fields import label_of, limit_of
from ita_dash.domain.fiscal import Month
from ita_dash.domain.followup import known_on
from ita_dash.domain.model import Actor, Measure
from ita_dash.domain.permissions import can_report, is_unit_manager
from ita_dash.domain.thaidate import format_datetime
from ita_dash.store.base import REFUSALS, StaleVersion

from . import context
from .format import limited, plain

PHOTO_TYPES = ["jpg", "jpeg", "png", "webp"]


def _messages(key: str) -> None:
    """Show (once) what the last action left under ``key``: a success line or Thai refusals field by field."""
    state = st.session_state
    if message := state.pop(f"{key}|ok", None):
        st.success(plain(message), icon=":material/check_circle:")
    for field, message in state.pop(f"{key}|errors", {}).items():
        label = "" if field == "_" else f"{FIELD_LABELS.get(field, field)}: "
        st.error(plain(f"{label}{message}"), icon=":material/error:")


def _run(key: str, action, success: str) -> bool:
    try:
        action()
    except StaleVersion as stale:
        st.session_state[f"{key}|errors"] = {"_": str(stale)}
        st.session_state[f"{key}|stale"] = stale.current
        return False
    except REFUSALS as refusal:
        st.session_state[f"{key}|errors"] = getattr(refusal, "errors", None) or {"_": str(refusal)}
        return False
    st.session_state[f"{key}|ok"] = success
    return True


@st.cache_resource(max_entries=64, show_spinner=False)
def _thumbnails(actor_json: str, unit_code: str, fiscal_year: int, ids: tuple[int, ...], version: tuple) -> dict:
    return context.get_store().photo_contents(Actor.model_validate_json(actor_json), unit_code, fiscal_year, list(ids),
                                              thumbnail=True)


def photo_gallery(selection, measure_code: str, month: str | None = None, columns: int = 3) -> None:
    """Thumbnails of a measure's photos (of one month, or all), each with its caption, and a remove button for
    those who may report on the measure."""
    store, actor = context.get_store(), context.actor()
    unit, year = selection.unit.code, selection.fiscal_year
    try:
        photos = store.list_photos(actor, unit, year, measure_code, month)
    except REFUSALS as refusal:
        st.error(plain(str(refusal)), icon=":material/error:")
        return
    if not photos:
        st.caption("ยังไม่มีภาพประกอบ")
        return
    measure = next((m for m in selection.data().measures if m.code == measure_code), None)
    may_remove = measure is not None and can_report(actor, unit, measure)
    pictures = _thumbnails(actor.model_dump_json(), unit, year, tuple(p.id for p in photos),
                          context.unit_version(unit))
    key = f"gallery|{measure_code}|{month or '*'}"
    _messages(key)
    grid = st.columns(columns)
    for index, photo in enumerate(photos):
        with grid[index % columns]:
            if photo.id in pictures:
                st.image(pictures[photo.id], width="stretch")
            st.caption(plain(f"{photo.caption or 'ภาพประกอบ'} · {Month.parse(photo.month).label()} · "
                             f"{photo.uploaded_by} {format_datetime(photo.uploaded_at)}"))
            if may_remove:
                st.button("ลบภาพ", key=f"{key}|delete|{photo.id}", icon=":material/delete:",
                          on_click=_run, args=(key, lambda pid=photo.id: store.delete_photo(actor, unit, year, pid),
                                               "ลบภาพแล้ว"))


def photo_uploader(selection, measure_code: str, month: str) -> None:
    """Attach a photo to ``measure_code``'s report of ``month`` ("YYYY-MM"): from the phone's files or its camera.
    The store re-encodes it without EXIF and makes the thumbnail; a non-image or an oversize file is refused in Thai."""
    store, actor = context.get_store(), context.actor()
    unit, year = selection.unit.code, selection.fiscal_year
    key = f"photo|{measure_code}|{month}"
    state = st.session_state
    round_key = f"{key}|round"  # a new widget key after each upload empties the picker
    upload_round = state.get(round_key, 0)
    _messages(key)
    use_camera = st.toggle("ถ่ายด้วยกล้อง", key=f"{key}|camera_on",
                           help="เปิดกล้องของโทรศัพท์หรือคอมพิวเตอร์ (เบราว์เซอร์จะขออนุญาตก่อน)")
    if use_camera:
        st.camera_input("ถ่ายภาพหลักฐาน", key=f"{key}|shot|{upload_round}", resolution="1080p")
    else:
        st.file_uploader(f"เลือกภาพถ่าย (ไม่เกิน {PHOTO_LIMITS.max_upload_bytes // (1024 * 1024)} MB)",
                         type=PHOTO_TYPES, accept_multiple_files=False, key=f"{key}|file|{upload_round}",
                         max_upload_size=PHOTO_LIMITS.max_upload_bytes // (1024 * 1024))  # the browser refuses more
    st.text_input(limited("คำบรรยายภาพ", CAPTION_MAX_CHARS), key=f"{key}|caption",
                  placeholder="เช่น ป้าย No Gift Policy หน้าห้องรับแจ้งความ")

    def attach() -> None:
        picked = state.get(f"{key}|shot|{upload_round}") if state.get(f"{key}|camera_on") else \
            state.get(f"{key}|file|{upload_round}")
        if picked is None:
            state[f"{key}|errors"] = {"photo": "ยังไม่ได้เลือกหรือถ่ายภาพ"}
            return
        if _run(key, lambda: store.add_photo(actor, unit, year, measure_code, month, picked.getvalue(),
                                             state.get(f"{key}|caption", "")), "แนบภาพแล้ว"):
            state[round_key] = upload_round + 1
            state[f"{key}|caption"] = ""

    st.button("แนบภาพ", key=f"{key}|attach", icon=":material/add_a_photo:", on_click=attach, type="primary")


def outcome_editor(selection, measure: Measure) -> None:
    """ผลการดำเนินการ (drafted from the monthly notes up to the selected day until someone writes it) and ผลลัพธ์
    of one measure, saved with the version it was filled from. Read-only for those who may not report on it."""
    store, actor = context.get_store(), context.actor()
    unit, year = selection.unit.code, selection.fiscal_year
    key = f"outcome|{measure.code}"
    state = st.session_state
    reports = [r for r in known_on(selection.data().follow_ups, selection.as_of) if r.measure_code == measure.code]
    draft = measure.achievement or draft_achievement(reports, lambda month: Month.parse(month).label())
    if not can_report(actor, unit, measure):
        st.caption("ผลการดำเนินการ")
        st.text(draft or "—")
        st.caption("ผลลัพธ์")
        st.text(measure.outcome or "—")
        return
    if f"{key}|achievement" not in state or state.get(f"{key}|reload"):
        state[f"{key}|achievement"] = draft
        state[f"{key}|outcome"] = measure.outcome
        state[f"{key}|base"] = measure.version
        state[f"{key}|reload"] = False
    _messages(key)
    if not measure.achievement and draft:
        st.caption("ร่างจากบันทึกรายเดือน — แก้ไขให้เป็นข้อความที่จะลงในรายงานแล้วบันทึก")
    st.text_area(limited("ผลการดำเนินการ", ACHIEVEMENT_MAX_CHARS), key=f"{key}|achievement", height=140)
    st.text_area(limited("ผลลัพธ์", OUTCOME_MAX_CHARS), key=f"{key}|outcome", height=90,
                 placeholder="ผลที่เกิดขึ้นจากการดำเนินการ เช่น ผู้มาติดต่อรับทราบช่องทางร้องเรียนมากขึ้น")

    def save() -> None:
        saved = {}

        def write():
            saved["measure"] = store.save_measure_result(actor, unit, year, measure.code, state[f"{key}|achievement"],
                                                         state[f"{key}|outcome"], state.get(f"{key}|base"))
        if _run(key, write, f"บันทึกผลของมาตรการ {measure.code} แล้ว"):
            state[f"{key}|base"] = saved["measure"].version

    left, right = st.columns(2)
    left.button("บันทึกผลการดำเนินการ", key=f"{key}|save", icon=":material/save:", on_click=save, type="primary")
    right.button("โหลดค่าล่าสุด", key=f"{key}|reload_button", icon=":material/refresh:",
                 on_click=lambda: state.update({f"{key}|reload": True}))


def report_settings_form(selection) -> None:
    """The chief's settings of the results report: the committee order and members, the meetings held, who
    prepares and who certifies the report (rank, name, position)."""
    store, actor = context.get_store(), context.actor()
    unit, year = selection.unit.code, selection.fiscal_year
    key = f"report_settings|{unit}|{year}"
    state = st.session_state
    try:
        current = store.report_settings(actor, unit, year)
    except REFUSALS as refusal:
        st.error(plain(str(refusal)), icon=":material/error:")
        return
    if not is_unit_manager(actor, unit):
        st.info("ข้อมูลรายงานผลแก้ไขได้เฉพาะหัวหน้าหน่วยและผู้ดูแลระบบ", icon=":material/lock:")
        return
    if state.get(f"{key}|base") is None or state.get(f"{key}|reload"):
        state[f"{key}|base"] = current.version
        state[f"{key}|reload"] = False
        for field, value in (("order", current.committee_order), ("committee", "\n".join(current.committee)),
                             ("meetings", meeting_lines(current.meetings))):
            state[f"{key}|{field}"] = value
        for who in ("prepared_by", "certified_by"):
            signer = getattr(current, who)
            for field in ("rank", "name", "position"):
                state[f"{key}|{who}|{field}"] = getattr(signer, field)
    _messages(key)
    st.text_input(limited("คำสั่งแต่งตั้งคณะทำงาน", limit_of("committee_order").chars), key=f"{key}|order",
                  placeholder="เช่น คำสั่ง สภ.เมืองตัวอย่าง ที่ 15/2569 ลงวันที่ 20 ธันวาคม 2568")
    st.text_area(f"คณะทำงาน (บรรทัดละ 1 คน: ยศ ชื่อ ตำแหน่ง หน้าที่; ไม่เกิน {MAX_MEMBERS} คน "
                 f"คนละไม่เกิน {limit_of('committee').chars:,} ตัวอักษร)", key=f"{key}|committee", height=120)
    st.text_area(f"การประชุมกำกับติดตาม (บรรทัดละ 1 ครั้ง: วว/ดด/ปปปป หัวข้อ; ไม่เกิน {MAX_MEETINGS} ครั้ง)",
                 key=f"{key}|meetings", height=120, placeholder="20/12/2568 ชี้แจงการประเมิน ITA และมอบหมายผู้รับผิดชอบ")
    for who, title in SIGNERS.items():
        st.markdown(f"**{title}**")
        columns = st.columns([1, 2, 3])
        for column, field in zip(columns, ("rank", "name", "position")):
            column.text_input(limited(label_of(field), limit_of(field).chars), key=f"{key}|{who}|{field}")

    def save() -> None:
        settings, errors = report_settings_of(
            state[f"{key}|order"], state[f"{key}|committee"], state[f"{key}|meetings"],
            {who: {f: state[f"{key}|{who}|{f}"] for f in ("rank", "name", "position")} for who in SIGNERS},
            state[f"{key}|base"])
        if errors:
            state[f"{key}|errors"] = errors
            return
        saved = {}

        def write():
            saved["settings"] = store.save_report_settings(actor, unit, year, settings)
        if _run(key, write, "บันทึกข้อมูลรายงานผลแล้ว"):
            state[f"{key}|base"] = saved["settings"].version

    left, right = st.columns(2)
    left.button("บันทึกข้อมูลรายงานผล", key=f"{key}|save", icon=":material/save:", on_click=save, type="primary")
    right.button("โหลดค่าล่าสุด", key=f"{key}|reload_button", icon=":material/refresh:",
                 on_click=lambda: state.update({f"{key}|reload": True}))
