"""The results report a unit signs: written results per measure, evidence photos, the report's settings.

Part of :class:`ita_dash.store.sql.SqlStore`; every write checks its actor."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from ita_dash.domain.entries import InvalidEntry
from ita_dash.domain.evidence import (
    PHOTO_LIMITS,
    PhotoInfo,
    ReportSettings,
    caption_errors,
    meeting_lines,
    result_text_errors,
)
from ita_dash.domain.fields import record_text_errors
from ita_dash.domain.fiscal import Month
from ita_dash.domain.model import (
    Actor,
    Measure,
)
from ita_dash.domain.permissions import (
    check_edit_measure,
    check_manage_unit,
    check_report,
)
from ita_dash.domain.thaidate import now_recorded

from ..base import NotFound, StaleVersion
from ..photos import prepare_photo
from ..tables import (
    MeasurePhotoRow,
    MeasureRow,
    ReportSettingsRow,
)
from .core import Conflict, SqlBase


class Evidence(SqlBase):
    """The results report a unit signs."""

    def save_measure_result(self, actor: Actor, unit_code: str, fiscal_year: int, code: str, achievement: str,
                            outcome: str, base_version: int | None) -> Measure:
        """A measure's ผลการดำเนินการ and ผลลัพธ์ for the results report: the chief or the owning section."""
        achievement, outcome = achievement.strip(), outcome.strip()
        if errors := result_text_errors(achievement, outcome):
            raise InvalidEntry(errors)
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                row = self._measure_row(session, unit_code, fiscal_year, code)
                texts = {"achievement": achievement, "outcome": outcome}
                check_edit_measure(actor, unit_code, Measure.model_validate(row, from_attributes=True), texts)
                self._apply(session, MeasureRow, row, base_version, texts,
                            actor, unit_code, f"measure:{unit_code}/{fiscal_year}/{code}")
                session.flush()
                session.refresh(row)
                return Measure.model_validate(row, from_attributes=True)
        except Conflict:
            with self._reading() as session:
                found = session.execute(select(MeasureRow).where(
                    MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                    MeasureRow.code == code)).scalar_one_or_none()
                raise StaleVersion(None if found is None else Measure.model_validate(found, from_attributes=True)) from None

    @staticmethod
    def _photo_info(row: MeasurePhotoRow, measure_code: str) -> PhotoInfo:
        return PhotoInfo(measure_code=measure_code, **row.model_dump(
            include={"id", "month", "caption", "width", "height", "size_bytes", "uploaded_by", "uploaded_at"}))

    def add_photo(self, actor: Actor, unit_code: str, fiscal_year: int, measure_code: str, month: str,
                  content: bytes, caption: str = "", now: dt.datetime | None = None) -> PhotoInfo:
        """Attach a photo to a measure's report of a month (the chief or the owning section): re-encoded without
        metadata, with a thumbnail, at most ``PHOTO_LIMITS.per_measure_month`` per measure and month."""
        caption = " ".join(caption.split())
        if errors := caption_errors(caption):
            raise InvalidEntry(errors)
        try:
            Month.parse(month)
        except ValueError:
            raise InvalidEntry({"month": "รูปแบบเดือนไม่ถูกต้อง"}) from None
        with self._reading() as session:  # permissions first: a refused user's upload is never decoded
            self._unit(session, actor, unit_code)
            row = self._measure_row(session, unit_code, fiscal_year, measure_code)
            check_report(actor, unit_code, Measure.model_validate(row, from_attributes=True))
        prepared = prepare_photo(content)
        now = now or now_recorded()
        with self._writing() as session:
            row = self._measure_row(session, unit_code, fiscal_year, measure_code)
            taken = session.execute(select(func.count()).select_from(MeasurePhotoRow).where(
                MeasurePhotoRow.measure_id == row.id, MeasurePhotoRow.month == month)).scalar_one()
            if taken >= PHOTO_LIMITS.per_measure_month:
                raise InvalidEntry({"photo": f"แนบภาพได้ไม่เกิน {PHOTO_LIMITS.per_measure_month} ภาพต่อมาตรการต่อเดือน "
                                             "— ลบภาพเดิมก่อน"})
            photo = MeasurePhotoRow(measure_id=row.id, month=month, caption=caption, content=prepared.content,
                                    thumbnail=prepared.thumbnail, width=prepared.width, height=prepared.height,
                                    size_bytes=len(prepared.content), uploaded_by=actor.username, uploaded_at=now)
            session.add(photo)
            session.flush()
            self._audit(session, actor, unit_code, "measure_photo", f"photo:{unit_code}/{fiscal_year}/{measure_code}/{month}",
                        "add", None, f"#{photo.id} {caption}".strip(), now)
            return self._photo_info(photo, measure_code)

    def list_photos(self, actor: Actor, unit_code: str, fiscal_year: int, measure_code: str | None = None,
                    month: str | None = None) -> list[PhotoInfo]:
        """The unit-year's photos (optionally of one measure and month), oldest first, without the pictures."""
        columns = [MeasurePhotoRow.id, MeasurePhotoRow.month, MeasurePhotoRow.caption, MeasurePhotoRow.width,
                   MeasurePhotoRow.height, MeasurePhotoRow.size_bytes, MeasurePhotoRow.uploaded_by,
                   MeasurePhotoRow.uploaded_at, MeasureRow.code]
        query = (select(*columns).join(MeasureRow, MeasurePhotoRow.measure_id == MeasureRow.id)
                 .where(MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year))
        if measure_code is not None:
            query = query.where(MeasureRow.code == measure_code)
        if month is not None:
            query = query.where(MeasurePhotoRow.month == month)
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(query.order_by(MeasureRow.code, MeasurePhotoRow.month, MeasurePhotoRow.id)).all()
        return [PhotoInfo(id=r[0], month=r[1], caption=r[2], width=r[3], height=r[4], size_bytes=r[5],
                          uploaded_by=r[6], uploaded_at=r[7], measure_code=r[8]) for r in rows]

    def photo_contents(self, actor: Actor, unit_code: str, fiscal_year: int, ids: list[int],
                       thumbnail: bool = False) -> dict[int, bytes]:
        """The JPEGs of the given photos of the unit-year (ids of other units are not returned)."""
        if not ids:
            return {}
        column = MeasurePhotoRow.thumbnail if thumbnail else MeasurePhotoRow.content
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            rows = session.execute(select(MeasurePhotoRow.id, column)
                                   .join(MeasureRow, MeasurePhotoRow.measure_id == MeasureRow.id)
                                   .where(MeasureRow.unit_code == unit_code, MeasureRow.fiscal_year == fiscal_year,
                                          MeasurePhotoRow.id.in_(ids))).all()
        return {photo_id: bytes(content) for photo_id, content in rows}

    def delete_photo(self, actor: Actor, unit_code: str, fiscal_year: int, photo_id: int) -> None:
        """Remove a photo (the chief, or the section that owns its measure); the audit keeps who and which."""
        with self._writing() as session:
            self._unit(session, actor, unit_code)
            found = session.execute(select(MeasurePhotoRow, MeasureRow)
                                    .join(MeasureRow, MeasurePhotoRow.measure_id == MeasureRow.id)
                                    .where(MeasurePhotoRow.id == photo_id, MeasureRow.unit_code == unit_code,
                                           MeasureRow.fiscal_year == fiscal_year)).first()
            if found is None:
                raise NotFound("ไม่พบภาพนี้ (อาจถูกลบไปแล้ว)")
            photo, measure = found
            check_report(actor, unit_code, Measure.model_validate(measure, from_attributes=True))
            self._audit(session, actor, unit_code, "measure_photo",
                        f"photo:{unit_code}/{fiscal_year}/{measure.code}/{photo.month}", "delete",
                        f"#{photo.id} {photo.caption}".strip(), None)
            session.execute(delete(MeasurePhotoRow).where(MeasurePhotoRow.id == photo_id))

    def report_settings(self, actor: Actor, unit_code: str, fiscal_year: int) -> ReportSettings:
        """The results report's settings of the unit-year (empty, version 0, when never saved)."""
        with self._reading() as session:
            self._unit(session, actor, unit_code)
            row = session.execute(select(ReportSettingsRow).where(
                ReportSettingsRow.unit_code == unit_code, ReportSettingsRow.fiscal_year == fiscal_year)).scalar_one_or_none()
        if row is None:
            return ReportSettings()
        return ReportSettings.model_validate_json(row.content).model_copy(update={"version": row.version})

    def save_report_settings(self, actor: Actor, unit_code: str, fiscal_year: int,
                             settings: ReportSettings) -> ReportSettings:
        """Committee, meetings, preparer and certifier (the chief). ``settings.version`` is the version the form
        was filled from (0: none saved yet); an older one is refused with :class:`StaleVersion`."""
        check_manage_unit(actor, unit_code, "แก้ไขข้อมูลรายงานผลการดำเนินการ")
        if errors := record_text_errors(settings):
            raise InvalidEntry(errors)
        content = settings.model_dump_json(exclude={"version"})
        key = f"report_settings:{unit_code}/{fiscal_year}"
        try:
            with self._writing() as session:
                self._unit(session, actor, unit_code)
                row = session.execute(select(ReportSettingsRow).where(
                    ReportSettingsRow.unit_code == unit_code, ReportSettingsRow.fiscal_year == fiscal_year)).scalar_one_or_none()
                before = ReportSettings() if row is None else ReportSettings.model_validate_json(row.content)
                if row is None:
                    if settings.version != 0:
                        raise Conflict()
                    row = ReportSettingsRow(unit_code=unit_code, fiscal_year=fiscal_year, content=content)
                    session.add(row)
                    session.flush()
                else:
                    self._apply(session, ReportSettingsRow, row, settings.version, {"content": content}, actor,
                                unit_code, key, audited=set())
                old, new = _settings_lines(before), _settings_lines(settings)
                for name in new:  # one readable audit line per changed part, not the stored JSON
                    if old[name] != new[name]:
                        self._audit(session, actor, unit_code, "report_settings", key, name, old[name] or None,
                                    new[name] or None)
                session.flush()
                session.refresh(row)
                return settings.model_copy(update={"version": row.version})
        except (Conflict, IntegrityError):
            raise StaleVersion(self.report_settings(actor, unit_code, fiscal_year)) from None


def _settings_lines(settings: ReportSettings) -> dict[str, str]:
    """The results report's settings as the audit trail shows them: one readable text per part."""
    def signer(person) -> str:
        return ", ".join(part for part in (person.full_name, person.position) if part)

    return {"committee_order": settings.committee_order, "committee": "\n".join(settings.committee),
            "meetings": meeting_lines(settings.meetings), "prepared_by": signer(settings.prepared_by),
            "certified_by": signer(settings.certified_by)}
